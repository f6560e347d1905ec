-- Calls to the person behind an ask: who called, when, and how it went.
-- The page after the public form promises a call within two days; the
-- dashboard lists the open asks older than that where no call has reached
-- anyone (need_unreached). Ids, a closed set and a time, like a claim:
-- nothing of what was said.
CREATE TABLE need_call (
	id		INTEGER PRIMARY KEY,
	need_id		INTEGER NOT NULL REFERENCES need (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('no_answer', 'reached', 'wrong_number')),
	called_at	TEXT NOT NULL
);
CREATE INDEX need_call_need ON need_call (need_id, outcome);
