-- The ladder (issue #16): each person's stage in the network, from
-- contact to leader, with a dated history of every change and why, and
-- their membership, which is theirs to take or not and so kept apart.
--
-- Also the training modules people complete and the roles they hold.
--
-- A stage is computed from what a person did (src/domain/ladder.c says
-- which record gives which stage) in the same transaction as the record,
-- and only ever rises; an organizer may set it by hand, with a reason.
-- The current stage is the newest row of the history. Both histories
-- describe the person: a forget deletes them (retention.c).

-- why is a code: asked, attended, helped, organized, leads (the record
-- that raised it) or override (set by hand: reason says why, user_id
-- who). at is when it changed.
CREATE TABLE person_stage (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	stage		TEXT NOT NULL CHECK (stage IN ('contact', 'participant',
			    'helper', 'organizer', 'leader')),
	why		TEXT NOT NULL CHECK (why IN ('asked', 'attended',
			    'helped', 'organized', 'leads', 'override')),
	reason		TEXT,
	user_id		INTEGER REFERENCES app_user (id),
	at		TEXT NOT NULL
);
CREATE INDEX person_stage_person ON person_stage (person_id, id);

-- Invited, joined, declined, lapsed: each change a row, the newest the
-- status now, its at the date since when; user_id who recorded it.
CREATE TABLE person_membership (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	status		TEXT NOT NULL CHECK (status IN ('invited', 'joined',
			    'declined', 'lapsed')),
	user_id		INTEGER REFERENCES app_user (id),
	at		TEXT NOT NULL
);
CREATE INDEX person_membership_person ON person_membership (person_id, id);

-- Training modules ("Know your rights", "Running a one-on-one") and who
-- completed which, when (on: a local date). A completion says what a
-- person learned: personal, deleted by a forget.
CREATE TABLE training (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	description	TEXT,
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX training_name ON training (name);

CREATE TABLE training_completion (
	id		INTEGER PRIMARY KEY,
	training_id	INTEGER NOT NULL REFERENCES training (id),
	person_id	INTEGER NOT NULL REFERENCES person (id),
	on_date		TEXT NOT NULL,
	user_id		INTEGER REFERENCES app_user (id),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX training_completion_once ON training_completion
	(training_id, person_id);
CREATE INDEX training_completion_person ON training_completion (person_id);

-- The roles a person holds in the network, from a closed set, with the
-- dates they held them (ends_on NULL: still held). Deleted by a forget.
CREATE TABLE role_held (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	role		TEXT NOT NULL CHECK (role IN ('program_lead', 'delegate',
			    'treasurer')),
	starts_on	TEXT NOT NULL,
	ends_on		TEXT,
	user_id		INTEGER REFERENCES app_user (id),
	created_at	TEXT NOT NULL,
	CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX role_held_person ON role_held (person_id, starts_on);

-- The ladder reads these at every touch: who leads a program, the
-- conversations a login held, the deliveries a login made.
CREATE INDEX program_lead ON program (lead_person_id)
	WHERE lead_person_id IS NOT NULL;
CREATE INDEX conversation_user ON conversation (user_id)
	WHERE user_id IS NOT NULL;
CREATE INDEX delivery_user ON delivery (user_id, outcome);

-- The people already there, at the stage their records give (the same
-- rules as ladder.c's, as they stood at this migration), dated at their
-- last change.
INSERT INTO person_stage (person_id, stage, why, at)
SELECT id, CASE step WHEN 5 THEN 'leader' WHEN 4 THEN 'organizer'
	WHEN 3 THEN 'helper' WHEN 2 THEN 'participant' ELSE 'contact' END,
	CASE step WHEN 5 THEN 'leads' WHEN 4 THEN 'organized'
	WHEN 3 THEN 'helped' WHEN 2 THEN 'attended' ELSE 'asked' END,
	updated_at
FROM (SELECT p.id, p.updated_at, CASE
	WHEN EXISTS (SELECT 1 FROM program g WHERE g.lead_person_id = p.id)
	THEN 5
	WHEN EXISTS (SELECT 1 FROM conversation c JOIN app_user u ON
	    u.id = c.user_id WHERE u.person_id = p.id) OR
	    EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id AND
	    a.role = 'lead')
	THEN 4
	WHEN EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id AND
	    a.role = 'helper') OR
	    EXISTS (SELECT 1 FROM shift_signup s WHERE s.person_id = p.id) OR
	    EXISTS (SELECT 1 FROM delivery d JOIN app_user u ON
	    u.id = d.user_id WHERE u.person_id = p.id AND
	    d.outcome = 'delivered')
	THEN 3
	WHEN EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id AND
	    a.role = 'guest') OR
	    EXISTS (SELECT 1 FROM action_person x WHERE x.person_id = p.id AND
	    x.attended = 1)
	THEN 2
	WHEN EXISTS (SELECT 1 FROM need n WHERE n.person_id = p.id)
	THEN 1
	ELSE 0 END AS step
    FROM person p) r
WHERE step > 0;
