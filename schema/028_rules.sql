-- Follow-up rules (issue #16): what a person did that calls for an
-- organizer to invite them to the next step, kept as data an admin edits
-- at /rules, and the tasks they leave (schema/009's task).
--
-- A rule is a condition from a closed set with one parameter n (cond:
-- received_help, helped, grievance_shared, active_days, volunteer_idle;
-- src/domain/rule.c says what each counts), the task it leaves (why, a
-- code the pages translate), whom for (user_id; NULL: the organizer of
-- the person's zone, or any coordinator where the zone has none) and by
-- when (due_days after it fires). A rule names nobody it is about.
CREATE TABLE rule (
	id		INTEGER PRIMARY KEY,
	cond		TEXT NOT NULL CHECK (cond IN ('received_help', 'helped',
			    'grievance_shared', 'active_days',
			    'volunteer_idle')),
	n		INTEGER NOT NULL CHECK (n BETWEEN 1 AND 3650),
	why		TEXT NOT NULL CHECK (why IN ('invite_help',
			    'invite_training', 'invite_campaign',
			    'invite_membership', 'check_in')),
	user_id		INTEGER REFERENCES app_user (id),
	due_days	INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 365),
	enabled		INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	updated_at	TEXT
);

-- The shipped rules, ids 1 to 5 in this order.
INSERT INTO rule (cond, n, why, due_days) VALUES
	('received_help', 2, 'invite_help', 7),
	('helped', 3, 'invite_training', 14),
	('grievance_shared', 5, 'invite_campaign', 7),
	('active_days', 60, 'invite_membership', 14),
	('volunteer_idle', 30, 'check_in', 7);

-- Which rule left a task (NULL: the system or a person did), the zone it
-- was routed by (the person's when it fired), and how it ended: a closed
-- set, as the organizer heard it.
ALTER TABLE task ADD COLUMN rule_id INTEGER REFERENCES rule (id);
ALTER TABLE task ADD COLUMN zone_id INTEGER REFERENCES zone (id);
ALTER TABLE task ADD COLUMN outcome TEXT CHECK (outcome IN ('accepted',
	'declined', 'no_answer'));

-- A rule's task is made once per person and reason, ever: the invitation
-- it stands for is known from it, open, done or skipped. The database
-- says so, so that two writers firing at once leave one.
CREATE UNIQUE INDEX task_once ON task (person_id, why)
	WHERE rule_id IS NOT NULL;
-- The daily list: a user's own open tasks, and those of their zones, by
-- due date (src/domain/task.c); a person's follow-ups for their page.
CREATE INDEX task_user ON task (user_id, status, due_at, id);
CREATE INDEX task_zone ON task (zone_id, status, due_at, id);
CREATE INDEX task_person ON task (person_id, created_at);
-- Who delivered what, for "helped" (rule.c counts a person's
-- deliveries), is 026's delivery_user.
