-- Shifts (issue #14): the helpers a session needs -- a cook, two at the
-- table, one at intake -- and who signed up to be one.
--
-- A shift's name is free text (a kitchen names its own jobs: dishes,
-- childcare); the form suggests the usual ones. taken counts its
-- sign-ups and is only ever raised by an UPDATE guarded by
-- taken < needed, with CHECK (taken <= needed) behind it: two people
-- after the last place cannot both have it, whatever the isolation.
CREATE TABLE shift (
	id		INTEGER PRIMARY KEY,
	session_id	INTEGER NOT NULL REFERENCES program_session (id),
	name		TEXT NOT NULL,
	needed		INTEGER NOT NULL CHECK (needed BETWEEN 1 AND 100),
	taken		INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND
			    taken <= needed),
	created_at	TEXT NOT NULL
);
CREATE INDEX shift_session ON shift (session_id, id);

-- Who signed up for a shift. A sign-up is a promise to come, not a record
-- of coming (attendance is that): a forget deletes the person's sign-ups
-- and frees their places; a purge empties person_id on the sign-ups of
-- sessions long over and keeps the count.
CREATE TABLE shift_signup (
	id		INTEGER PRIMARY KEY,
	shift_id	INTEGER NOT NULL REFERENCES shift (id),
	person_id	INTEGER REFERENCES person (id),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX shift_signup_once ON shift_signup (shift_id, person_id);
CREATE INDEX shift_signup_person ON shift_signup (person_id, shift_id);
