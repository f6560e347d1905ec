-- Matching (issue #12): which zones touch, when people and asks are
-- available, and which asks are matched to which offer or volunteer.

-- Zones that touch: every pair is stored both ways (zone_id, adjacent_id)
-- and (adjacent_id, zone_id), so the neighbours of a zone are one range of
-- the primary key, whichever side it was entered from.
CREATE TABLE zone_adjacent (
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	adjacent_id	INTEGER NOT NULL REFERENCES zone (id),
	PRIMARY KEY (zone_id, adjacent_id),
	CHECK (zone_id <> adjacent_id)
);

-- Weekly windows when a person can help or an ask can be met, as the
-- canonical text src/util/window.c writes ("Tue 17:00-20:00, Sat
-- 10:00-12:30"), in the network's time zone; NULL when not given. When
-- someone is free says when they are at home: personal, purged and
-- forgotten with the contact details.
ALTER TABLE person ADD COLUMN windows TEXT;
ALTER TABLE need ADD COLUMN windows TEXT;

-- An ask matched to an offer, or to a volunteer asked to take it (who
-- then claims it). by_user is who matched; NULL: the solidarity match
-- command. reasons are reason codes, space separated. A match ends
-- (ended_at) when the ask goes back to open or the match is undone.
CREATE TABLE need_match (
	id		INTEGER PRIMARY KEY,
	need_id		INTEGER NOT NULL REFERENCES need (id),
	offer_id	INTEGER REFERENCES offer (id),
	user_id		INTEGER REFERENCES app_user (id),
	by_user		INTEGER REFERENCES app_user (id),
	reasons		TEXT NOT NULL,
	matched_at	TEXT NOT NULL,
	ended_at	TEXT,
	CHECK ((offer_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX need_match_need ON need_match (need_id, ended_at);
CREATE INDEX need_match_offer ON need_match (offer_id, ended_at);
CREATE INDEX need_match_user ON need_match (user_id, ended_at);
