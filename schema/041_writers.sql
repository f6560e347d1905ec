-- PostgreSQL's writers side by side (issue #19): no lock for the whole
-- database any more (src/db/db_pg.c says why and what keeps each rule).
-- The summaries' functions that the triggers of 018, 031 and 032 call on
-- PostgreSQL are written again after this file (src/db/migrate.c's fill):
-- they now write only what a change moves, each count row locked in key
-- order, where they wrote a person's every row and count twice, and every
-- new ask thus waited on the same few rows (this month's, today's) for
-- all the other writers' commits. SQLite's triggers stay as they were: its
-- one writer has no one to wait for. Nothing else changes in the schema.
SELECT 1;
