-- The share of people who both gave and received (GET /figures), kept as
-- it changes (issue #16): counted from every ask, visit, offer, delivery
-- and shift sign-up on each request it took seconds over 100,000 people.
-- Triggers on those tables (src/db/figures_summary.c writes them and
-- fills the table from what is already there, after this file) write a
-- person's rows again whenever anything they did changes; facing_hold
-- (018) pauses them for a loader as it pauses facing's.
--
-- One row per person and month they did anything in (an ask, a visit as a
-- guest: received; a visit as a helper or lead, an offer, a delivery made,
-- a shift: gave), by ids and months only. prev is their month of doing
-- something before this one (NULL: none), so that the people of a window
-- are its rows whose prev is before it, counted without sorting them out;
-- both_at is the month by which they had both given and received, on
-- every row of theirs (NULL: not yet). A forgotten person's visits and
-- shifts have no person any more (retention.c): the triggers take them
-- out of their rows as they do any change.
CREATE TABLE figures_mutual (
	person_id	INTEGER NOT NULL REFERENCES person (id),
	month		TEXT NOT NULL,
	prev		TEXT,
	both_at		TEXT,
	PRIMARY KEY (person_id, month)
);
-- A window of months is one range of it, holding all /figures reads.
CREATE INDEX figures_mutual_month ON figures_mutual (month, both_at, prev);
