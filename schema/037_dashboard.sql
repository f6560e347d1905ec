-- The dashboard's two lists of asks, each read along an index in its own
-- order, where both sorted every open ask first (0.25 s and 0.36 s of
-- 100,000 asks, on every uncached dashboard):
-- the newest open asks (id DESC within a status), and
CREATE INDEX need_status_id ON need (status, id);
-- the asks still waiting, oldest first, for those nobody has reached
-- (need.c's STMT_UNREACHED names this index's condition as it is, so
-- that the planner may use it without statistics).
CREATE INDEX need_since ON need (created_at, id)
	WHERE status NOT IN ('fulfilled', 'closed');
