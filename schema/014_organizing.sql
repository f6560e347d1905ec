-- From needs to demands (issue #13): who is responsible for what people
-- face, the conversations that learn it, the grievances people share, and
-- the campaigns that make demands of a target.
--
-- Tags name a problem, never a person: lower case words joined by '-'
-- ("no-heat", "rent-increase"), as src/util/tag.c writes them, at most 10
-- to a row. Each owner keeps its tags in a table of its own (owner, tag),
-- so that "what people face" counts by tag with an index on every
-- backend. No row here names who wrote it: the audit trail does.

-- Who is responsible: a landlord, a property manager, an employer, an
-- agency, an official. name_fold is the name as fold_name writes it: the
-- key of the type-ahead and of one target per name.
CREATE TABLE target (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	name_fold	TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('landlord',
			    'property_manager', 'employer', 'agency', 'official',
			    'other')),
	notes		TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX target_name ON target (name_fold);

-- The places a target touches: its buildings, its workplaces.
CREATE TABLE target_zone (
	target_id	INTEGER NOT NULL REFERENCES target (id),
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	PRIMARY KEY (target_id, zone_id)
);
CREATE INDEX target_zone_zone ON target_zone (zone_id, target_id);

-- A problem people share: "no heat in 12 Elm St", with the target
-- responsible, its tags and its places.
CREATE TABLE grievance (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL,
	target_id	INTEGER REFERENCES target (id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX grievance_target ON grievance (target_id, id);

CREATE TABLE grievance_tag (
	grievance_id	INTEGER NOT NULL REFERENCES grievance (id),
	tag		TEXT NOT NULL,
	PRIMARY KEY (grievance_id, tag)
);
CREATE INDEX grievance_tag_tag ON grievance_tag (tag, grievance_id);

CREATE TABLE grievance_zone (
	grievance_id	INTEGER NOT NULL REFERENCES grievance (id),
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	PRIMARY KEY (grievance_id, zone_id)
);
CREATE INDEX grievance_zone_zone ON grievance_zone (zone_id, grievance_id);

-- The people who share a grievance.
CREATE TABLE grievance_person (
	grievance_id	INTEGER NOT NULL REFERENCES grievance (id),
	person_id	INTEGER NOT NULL REFERENCES person (id),
	PRIMARY KEY (grievance_id, person_id)
);
CREATE INDEX grievance_person_person ON grievance_person (person_id,
	grievance_id);

-- An ask says who is responsible for the need behind it and what it is
-- about, and may point to the grievance it is part of ("rent relief" to
-- "rent increase by landlord X").
ALTER TABLE need ADD COLUMN target_id INTEGER REFERENCES target (id);
ALTER TABLE need ADD COLUMN grievance_id INTEGER REFERENCES grievance (id);

CREATE TABLE need_tag (
	need_id		INTEGER NOT NULL REFERENCES need (id),
	tag		TEXT NOT NULL,
	PRIMARY KEY (need_id, tag)
);
CREATE INDEX need_tag_tag ON need_tag (tag, need_id);

-- A one-on-one or an organic contact: with whom (person_id), where
-- (zone_id: the person's building or workplace when it was logged), when
-- (at), how, what was raised (problems: free text), who is responsible,
-- how the person stands (assessment: 1 leads others ... 5 opposed) and the
-- next step. user_id is who talked; need_id the ask it started from.
-- problems, assessment and next_step describe the person: personal,
-- forgotten with them; problems and next_step also go at a purge.
CREATE TABLE conversation (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	user_id		INTEGER REFERENCES app_user (id),
	need_id		INTEGER REFERENCES need (id),
	zone_id		INTEGER REFERENCES zone (id),
	target_id	INTEGER REFERENCES target (id),
	grievance_id	INTEGER REFERENCES grievance (id),
	at		TEXT NOT NULL,
	how		TEXT NOT NULL CHECK (how IN ('door', 'session', 'phone',
			    'text', 'other')),
	problems	TEXT,
	assessment	INTEGER CHECK (assessment BETWEEN 1 AND 5),
	next_step	TEXT,
	next_at		TEXT,
	created_at	TEXT NOT NULL,
	purged_at	TEXT
);
CREATE INDEX conversation_person ON conversation (person_id, at);
CREATE INDEX conversation_at ON conversation (at, id);

CREATE TABLE conversation_tag (
	conversation_id	INTEGER NOT NULL REFERENCES conversation (id),
	tag		TEXT NOT NULL,
	PRIMARY KEY (conversation_id, tag)
);
CREATE INDEX conversation_tag_tag ON conversation_tag (tag, conversation_id);

-- A demand on a target. Its status moves researching -> organizing ->
-- escalating -> won | lost | dropped (src/domain/campaign.c says which
-- moves are allowed).
CREATE TABLE campaign (
	id		INTEGER PRIMARY KEY,
	demand		TEXT NOT NULL,
	target_id	INTEGER REFERENCES target (id),
	status		TEXT NOT NULL DEFAULT 'researching' CHECK (status IN
			    ('researching', 'organizing', 'escalating', 'won',
			    'lost', 'dropped')),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX campaign_status ON campaign (status, id);

CREATE TABLE campaign_grievance (
	campaign_id	INTEGER NOT NULL REFERENCES campaign (id),
	grievance_id	INTEGER NOT NULL REFERENCES grievance (id),
	PRIMARY KEY (campaign_id, grievance_id)
);
CREATE INDEX campaign_grievance_grievance ON campaign_grievance
	(grievance_id, campaign_id);

-- The people who back a campaign.
CREATE TABLE campaign_supporter (
	campaign_id	INTEGER NOT NULL REFERENCES campaign (id),
	person_id	INTEGER NOT NULL REFERENCES person (id),
	PRIMARY KEY (campaign_id, person_id)
);
CREATE INDEX campaign_supporter_person ON campaign_supporter (person_id,
	campaign_id);

-- What a campaign does: a petition, a delegation, a protest, a rally, a
-- strike. at is its date; place is where (a public place, free text).
CREATE TABLE campaign_action (
	id		INTEGER PRIMARY KEY,
	campaign_id	INTEGER NOT NULL REFERENCES campaign (id),
	kind		TEXT NOT NULL CHECK (kind IN ('petition', 'delegation',
			    'protest', 'rally', 'strike', 'other')),
	at		TEXT NOT NULL,
	place		TEXT,
	notes		TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX campaign_action_campaign ON campaign_action (campaign_id, at);

-- Who said they would come (rsvp) and who came (attended). Taking part
-- in an action is political: a forget, and a purge once the action is
-- past the retention period, empty person_id and keep the row, so that
-- an action's counts stay and no one is named.
CREATE TABLE action_person (
	id		INTEGER PRIMARY KEY,
	action_id	INTEGER NOT NULL REFERENCES campaign_action (id),
	person_id	INTEGER REFERENCES person (id),
	rsvp		INTEGER NOT NULL DEFAULT 0 CHECK (rsvp IN (0, 1)),
	attended	INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1))
);
CREATE UNIQUE INDEX action_person_one ON action_person (action_id,
	person_id) WHERE person_id IS NOT NULL;
CREATE INDEX action_person_person ON action_person (person_id)
	WHERE person_id IS NOT NULL;

-- What was won or lost, when, and where it is money, how much (in cents
-- of the network's currency).
CREATE TABLE campaign_outcome (
	id		INTEGER PRIMARY KEY,
	campaign_id	INTEGER NOT NULL REFERENCES campaign (id),
	result		TEXT NOT NULL CHECK (result IN ('won', 'lost')),
	what		TEXT NOT NULL,
	at		TEXT NOT NULL,
	amount_cents	INTEGER CHECK (amount_cents >= 0),
	created_at	TEXT NOT NULL
);
CREATE INDEX campaign_outcome_campaign ON campaign_outcome (campaign_id, at);
