-- The ladder over time (GET /figures), kept as it changes (issue #16):
-- read from the stage history on each request, its three counts of
-- distinct people took half a second over 100,000 people. A trigger on
-- person_stage (src/db/figures_summary.c writes it and fills the tables
-- from the history already there, after this file) writes a person's
-- rows again whenever their history changes, as 031's do for the share;
-- facing_hold (018) pauses it for a loader.
--
-- figures_ladder: one row per person, month and move up they made in it
-- (from_stage to to_stage: a row of their history above the one before
-- it; a first stage is no move, nor a stage set by hand lower or the
-- same). prev is the month of their move before this one, taking a
-- person's moves by month, then from and to ('' for none): the first of
-- a month has the month of their last move before it, the others the
-- same month. So the people who moved in a window are its rows whose
-- prev is before it, and in a month those whose prev is before that
-- month, each counted once without sorting anyone out. It says what
-- each person did, as the history it comes from: a forget deletes that,
-- and the trigger their rows.
CREATE TABLE figures_ladder (
	person_id	INTEGER NOT NULL REFERENCES person (id),
	month		TEXT NOT NULL,
	from_stage	TEXT NOT NULL,
	to_stage	TEXT NOT NULL,
	prev		TEXT NOT NULL,
	PRIMARY KEY (person_id, month, from_stage, to_stage)
);

-- figures_ladder_count: how many rows of figures_ladder have each month,
-- move and prev: a few thousand rows at most, which /figures sums. A
-- row goes when its last person does.
CREATE TABLE figures_ladder_count (
	month		TEXT NOT NULL,
	from_stage	TEXT NOT NULL,
	to_stage	TEXT NOT NULL,
	prev		TEXT NOT NULL,
	people		INTEGER NOT NULL,
	PRIMARY KEY (month, from_stage, to_stage, prev)
);
