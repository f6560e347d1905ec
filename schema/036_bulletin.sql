-- The bulletin (issue #18): news to the network, composed from what
-- happened since the last issue (campaign wins and actions, programs'
-- sessions to come, each fund's money in and out, how many joined),
-- edited by a coordinator, then published and kept.
--
-- The composed text is stored as the issue's own, one column a section,
-- so that publishing freezes it: what changes in the records afterwards
-- never alters an issue. It names nobody by construction (campaigns,
-- programs, funds, dates, places and counts), and is a publication,
-- not anyone's record: no purge or forget empties it. The counts it was
-- composed with are kept beside it for the text-message digest, which is
-- written in each reader's language. number is given at publication,
-- in order, so that a draft thrown away leaves no gap. published_by is
-- a login, as a fund transaction's user_id: the work done. sms_at and
-- sms_queued say that the digest went, once, and to how many.
CREATE TABLE bulletin (
	id		INTEGER PRIMARY KEY,
	number		INTEGER,
	title		TEXT NOT NULL,
	language	TEXT NOT NULL CHECK (language IN ('en', 'es')),
	status		TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
			    'published')),
	public		INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
	period_from	TEXT NOT NULL,
	period_to	TEXT NOT NULL,
	wins		TEXT NOT NULL,
	actions		TEXT NOT NULL,
	sessions	TEXT NOT NULL,
	funds		TEXT NOT NULL,
	members		TEXT NOT NULL,
	wins_count	INTEGER NOT NULL,
	actions_count	INTEGER NOT NULL,
	sessions_count	INTEGER NOT NULL,
	members_count	INTEGER NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	published_at	TEXT,
	published_by	INTEGER REFERENCES app_user (id),
	sms_at		TEXT,
	sms_queued	INTEGER,
	CHECK ((status = 'published') = (number IS NOT NULL))
);
CREATE UNIQUE INDEX bulletin_number ON bulletin (number) WHERE number IS
	NOT NULL;
CREATE INDEX bulletin_status ON bulletin (status, period_to);

-- Who asked for the digest by text, and when: a consent, set on the
-- person's form, that goes with the phone number at a purge or a forget.
ALTER TABLE person ADD COLUMN bulletin_sms_at TEXT;
CREATE INDEX person_bulletin_sms ON person (id) WHERE bulletin_sms_at IS NOT
	NULL;
