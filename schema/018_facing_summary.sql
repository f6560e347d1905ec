-- What people face, kept as it changes (issue #13): /facing counted every
-- ask and conversation on each request, seconds over a year of them. These
-- tables hold the same counts, kept exact by triggers on need, need_tag,
-- conversation and conversation_tag (src/db/facing_summary.c writes them and
-- fills the tables from what is already there, after this file): every
-- writer is covered, the program's and any other.
--
-- dim says what a row counts: 'target', 'tag' or 'zone' (key: a target's
-- or a zone's id as text, or the tag; sub is ''), or a pair: 'target_tag'
-- (key the target, sub the tag), 'target_zone' and 'tag_zone' (sub the
-- zone's id), which give a row's tags and places.
--
-- facing_person: one row per person under each of them, with the latest
-- time they raised it (an ask's created_at, a conversation's at). A
-- forget and a purge change none of what it is made of, so they leave it
-- as they leave the counts; /facing leaves out the forgotten by person.
CREATE TABLE facing_person (
	dim		TEXT NOT NULL,
	key		TEXT NOT NULL,
	sub		TEXT NOT NULL,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	latest		TEXT NOT NULL,
	PRIMARY KEY (dim, key, sub, person_id)
);
-- Those seen since a time, counted along an index range.
CREATE INDEX facing_person_latest ON facing_person (dim, key, sub, latest);
-- One person's rows, which a trigger takes away and writes again.
CREATE INDEX facing_person_person ON facing_person (person_id);

-- facing_key: how many people each row of facing_person's has, without
-- counting them; a row goes when its last person does.
CREATE TABLE facing_key (
	dim		TEXT NOT NULL,
	key		TEXT NOT NULL,
	sub		TEXT NOT NULL,
	people		INTEGER NOT NULL CHECK (people > 0),
	PRIMARY KEY (dim, key, sub)
);

-- facing_hold: while it has a row, the triggers write nothing. A loader of
-- many rows (solidarity demo) writes one inside its transaction, so that
-- no other session ever sees it, and writes the tables whole at its end.
CREATE TABLE facing_hold (
	held		INTEGER NOT NULL
);
