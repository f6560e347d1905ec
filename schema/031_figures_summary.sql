-- The share of people who both gave and received (GET /figures), kept as
-- it changes (issue #16): counted from every ask, visit, offer, delivery
-- and shift sign-up on each request it took seconds over 100,000 people.
-- Triggers on those tables (src/db/figures_summary.c writes them and
-- fills the table from what is already there, after this file) write a
-- person's rows again whenever anything they did changes; facing_hold
-- (018) pauses them for a loader as it pauses facing's.
--
-- figures_mutual: one row per person and month they did anything in (an
-- ask, a visit as a guest: received; a visit as a helper or lead, an
-- offer, a delivery made, a shift: gave), by ids and months only. prev is
-- their month of doing something before this one ('' for none), so that
-- the people of a window are its rows whose prev is before it, counted
-- without sorting them out; both_at is the month by which they had both
-- given and received, on every row of theirs ('9999-12', after any month
-- a window can hold, for not yet). A forgotten person's visits and
-- shifts have no person any more (retention.c): the triggers take them
-- out of their rows as they do any change.
CREATE TABLE figures_mutual (
	person_id	INTEGER NOT NULL REFERENCES person (id),
	month		TEXT NOT NULL,
	prev		TEXT NOT NULL,
	both_at		TEXT NOT NULL,
	PRIMARY KEY (person_id, month)
);

-- figures_mutual_count: how many rows of figures_mutual have each month,
-- prev and both_at, without counting them: a few thousand rows at most
-- (months, times months, times months), which /figures sums instead of
-- reading every person's. A row goes when its last person does.
CREATE TABLE figures_mutual_count (
	month		TEXT NOT NULL,
	prev		TEXT NOT NULL,
	both_at		TEXT NOT NULL,
	people		INTEGER NOT NULL,
	PRIMARY KEY (month, prev, both_at)
);
