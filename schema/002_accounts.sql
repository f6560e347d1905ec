-- Accounts, sessions, API tokens, claims, rate limits, the audit trail.
-- A login belongs to a person; the role says what the login may do, never
-- what kind of person someone is.

CREATE TABLE app_user (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL UNIQUE REFERENCES person (id),
	login		TEXT NOT NULL UNIQUE,
	password_hash	TEXT NOT NULL,		-- Argon2id, crypto_pwhash_str
	role		TEXT NOT NULL CHECK (role IN
			    ('admin', 'coordinator', 'organizer', 'volunteer')),
	disabled	INTEGER NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL
);

-- The zones a volunteer works in: they see the asks there, no others.
CREATE TABLE user_zone (
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	PRIMARY KEY (user_id, zone_id)
);

-- Tokens are stored only as hashes: a copy of the database signs nobody in.
CREATE TABLE login_session (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	token_hash	TEXT NOT NULL UNIQUE,
	csrf		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,	-- unix seconds: absolute expiry
	seen_at		INTEGER NOT NULL	-- unix seconds: idle expiry
);
CREATE INDEX login_session_user ON login_session (user_id);

CREATE TABLE api_token (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	token_hash	TEXT NOT NULL UNIQUE,
	label		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	revoked_at	TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

-- A volunteer's claim on an ask: while it is active they see the contact
-- details needed to deliver, and only then.
CREATE TABLE claim (
	id		INTEGER PRIMARY KEY,
	need_id		INTEGER NOT NULL REFERENCES need (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	claimed_at	TEXT NOT NULL,
	released_at	TEXT
);
CREATE INDEX claim_need ON claim (need_id, released_at);

-- Attempts per key (ip:…, login:…, form:…) in the current window; kept in
-- the database so a restart does not reset a lockout.
CREATE TABLE rate_limit (
	key		TEXT PRIMARY KEY,
	window_start	INTEGER NOT NULL,
	count		INTEGER NOT NULL
);

-- Who did what, when, from where. Never the personal data itself.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	user_id		INTEGER REFERENCES app_user (id),
	action		TEXT NOT NULL,
	entity		TEXT,
	entity_id	INTEGER,
	ip		TEXT
);
-- No index on at: ids rise with time, and every write pays for an index.

-- Where to deliver: optional, masked, purged with the other contact data.
ALTER TABLE person ADD COLUMN address TEXT;
-- When personal data was removed ("forget this person"), for the figures.
ALTER TABLE person ADD COLUMN forgotten_at TEXT;
ALTER TABLE need ADD COLUMN purged_at TEXT;
ALTER TABLE offer ADD COLUMN purged_at TEXT;
