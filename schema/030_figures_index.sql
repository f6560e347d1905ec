-- The figures' ladder, education and membership (GET /figures) read a
-- window of months by date: each is one range of an index here instead
-- of every row of its table.
--
-- The stage history written in a window, with what the figure reads
-- of each row (id finds the row before it); and the stage before each
-- row without a read of the table for every one (person_stage_person
-- finds that row, but not its stage).
CREATE INDEX person_stage_at ON person_stage (at, person_id, id, stage);
CREATE INDEX person_stage_before ON person_stage (person_id, id, stage);
-- The sessions that carried education, by their local day: only those
-- are in it.
CREATE INDEX program_session_education ON program_session (day, id)
	WHERE education IS NOT NULL;
-- The people who joined, by when.
CREATE INDEX person_membership_joined ON person_membership (at, person_id)
	WHERE status = 'joined';
