-- The asks and the conversations of a grievance, for its page (issue
-- #13): few of either point to a grievance, so only those that do are
-- indexed.
CREATE INDEX need_grievance ON need (grievance_id, id)
	WHERE grievance_id IS NOT NULL;
CREATE INDEX conversation_grievance ON conversation (grievance_id, at)
	WHERE grievance_id IS NOT NULL;
