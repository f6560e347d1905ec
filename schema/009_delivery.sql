-- Claim -> deliver -> confirm, and the follow-ups coordinators keep.
--
-- Why a claim ended: what its holder or a coordinator wrote on release
-- (free text, so personal: purged and forgotten with the ask), or what
-- ended it: "expired", a delivery outcome, or the ask's new status.
ALTER TABLE claim ADD COLUMN release_reason TEXT;
-- At most one active claim per ask, in the schema's words as well as in
-- claim_take's: two volunteers claiming at once cannot both hold it, even
-- if a writer ever ran beside another.
CREATE UNIQUE INDEX claim_active ON claim (need_id)
	WHERE released_at IS NULL;
-- The expiry sweep reads the active claims oldest first (claim.c).
CREATE INDEX claim_open_at ON claim (claimed_at) WHERE released_at IS NULL;

-- Each report of a delivery attempt, kept after the claim ends: who went,
-- how it went (a closed set) and a note (free text, personal). A
-- "delivered" report waits for a confirmation: by a coordinator
-- (confirmed_by), or by the asker through a one-time link (confirmed_by
-- NULL), whose token is stored only as its hash, and only until it is
-- used or replaced.
CREATE TABLE delivery (
	id		INTEGER PRIMARY KEY,
	claim_id	INTEGER NOT NULL REFERENCES claim (id),
	need_id		INTEGER NOT NULL REFERENCES need (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	outcome		TEXT NOT NULL CHECK (outcome IN ('delivered',
			    'not_home', 'bad_address', 'refused', 'other')),
	note		TEXT,
	at		TEXT NOT NULL,
	confirm_hash	TEXT,
	confirmed_at	TEXT,
	confirmed_by	INTEGER REFERENCES app_user (id)
);
CREATE INDEX delivery_need ON delivery (need_id, at);
CREATE INDEX delivery_claim ON delivery (claim_id);
CREATE UNIQUE INDEX delivery_confirm ON delivery (confirm_hash)
	WHERE confirm_hash IS NOT NULL;

-- Follow-ups for coordinators: for one user (user_id) or for any
-- coordinator (NULL), about a person and/or an ask, why (a code the pages
-- translate: claim_expired, …), by when, and how it ended.
CREATE TABLE task (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER REFERENCES app_user (id),
	person_id	INTEGER REFERENCES person (id),
	need_id		INTEGER REFERENCES need (id),
	why		TEXT NOT NULL,
	due_at		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN
			    ('open', 'done', 'skipped')),
	created_at	TEXT NOT NULL,
	closed_at	TEXT,
	closed_by	INTEGER REFERENCES app_user (id)
);
-- The follow-up list: open first, by due date.
CREATE INDEX task_list ON task (status, due_at, id);
