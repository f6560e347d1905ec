-- What people face (issue #13): /facing counts the distinct people behind
-- the asks and conversations that name a target, a tag or a place, and
-- when each last raised it; /feedback does the same for one place. Each
-- index holds every column its count reads, so the counts walk an index
-- and never the rows: (key, person_id, time), in that order, which also
-- gives the people of one key in id order (the one-click grievance).
-- The zone comes last where a target's places are read from it too.
CREATE INDEX need_facing_target ON need (target_id, person_id, created_at,
	zone_id) WHERE target_id IS NOT NULL;
CREATE INDEX need_facing_zone ON need (zone_id, person_id, created_at);
CREATE INDEX conversation_facing_target ON conversation (target_id,
	person_id, at, zone_id) WHERE target_id IS NOT NULL;
CREATE INDEX conversation_facing_zone ON conversation (zone_id, person_id,
	at) WHERE zone_id IS NOT NULL;
