-- Text messages (issue #17): neighbours ask for help by SMS through a
-- gateway the network runs (a spare Android phone, or any service that
-- posts a form), and the replies wait in an outbox until the gateway
-- takes them.
--
-- A gateway: where its texts come from and where ours go. secret_hash is
-- the hash of the secret in its inbound path (/sms/inbound/SECRET), as
-- an API token's: the path is shown once, when the gateway is added, and
-- a copy of the database does not give it. send_url may carry the
-- gateway's own credentials (an Android gateway's user and password), as
-- a configuration file would; it is no one's personal data. country: the
-- default country of numbers the gateway sends without one.
CREATE TABLE sms_gateway (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('form', 'android')),
	secret_hash	TEXT NOT NULL,
	send_url	TEXT,
	country		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX sms_gateway_name ON sms_gateway (name);
CREATE UNIQUE INDEX sms_gateway_secret ON sms_gateway (secret_hash);

-- Every text in and out. An inbound text that belongs to an ask (a known
-- person's reply, or the texts that made the ask) names it: the ask's
-- history. Outbound texts are the outbox: status queued until the gateway
-- took them (sent), or gave up after the last attempt (failed), or
-- cancelled when their number opted out first. next_at is when a queued
-- text is tried next; a sender takes one by moving next_at past its own
-- attempt (a lease), so a sender that dies mid-attempt leaves the text to
-- be tried again, never lost. phone and body are personal: a purge
-- deletes texts older than the retention, a forget the person's.
CREATE TABLE sms_message (
	id		INTEGER PRIMARY KEY,
	direction	TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	gateway_id	INTEGER REFERENCES sms_gateway (id),
	phone		TEXT NOT NULL,
	body		TEXT NOT NULL,
	person_id	INTEGER REFERENCES person (id),
	need_id		INTEGER REFERENCES need (id),
	status		TEXT NOT NULL CHECK (status IN ('received', 'queued',
			    'sent', 'failed', 'cancelled')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		TEXT,
	last_error	TEXT,
	created_at	TEXT NOT NULL,
	sent_at		TEXT
);
CREATE INDEX sms_message_due ON sms_message (status, next_at);
CREATE INDEX sms_message_need ON sms_message (need_id, id);
CREATE INDEX sms_message_phone ON sms_message (phone, id);
CREATE INDEX sms_message_person ON sms_message (person_id);
CREATE INDEX sms_message_created ON sms_message (created_at);

-- A conversation by text that is making an ask: the questions asked so
-- far and the answers. One a number; deleted when the ask is made, and
-- after a day without a reply. zone_page: which page of the zones'
-- numbered list was sent last.
CREATE TABLE sms_thread (
	id		INTEGER PRIMARY KEY,
	phone		TEXT NOT NULL,
	gateway_id	INTEGER REFERENCES sms_gateway (id),
	language	TEXT NOT NULL,
	step		TEXT NOT NULL CHECK (step IN ('category', 'zone')),
	category	TEXT REFERENCES category (code),
	zone_page	INTEGER NOT NULL DEFAULT 0,
	details		TEXT NOT NULL,
	person_id	INTEGER REFERENCES person (id),
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX sms_thread_phone ON sms_thread (phone);
CREATE INDEX sms_thread_updated ON sms_thread (updated_at);

-- Numbers that answered STOP, ALTO or BAJA: nothing is ever sent to them
-- again, until the number itself answers START. Kept through purges and
-- forgets, because forgetting a refusal would break it.
CREATE TABLE sms_optout (
	phone		TEXT PRIMARY KEY,
	at		TEXT NOT NULL
);
