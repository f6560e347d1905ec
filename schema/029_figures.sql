-- The figures (GET /figures): the follow-ups closed in a window of
-- months, counted done and skipped, are one range of this index, which
-- holds both columns the count reads; the list's index (task_list) starts
-- with the status and would have every closed follow-up read.
CREATE INDEX task_closed ON task (closed_at, status);
