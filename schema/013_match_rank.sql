-- Ranking who can help with an ask (issue #12, GET /needs/:id/matches):
-- the open offers of a category in a few zones with all that their score
-- needs, read from the index alone (src/domain/rank.c); the volunteers of
-- a zone, found from the zone's side (user_zone's key starts with the
-- user); and what a volunteer took on before, by category (every claim,
-- released or not; claim_user holds only the active ones).
-- The id last: SQLite's indexes hold the rowid anyway, PostgreSQL's need
-- it named to answer from the index alone (an index-only scan).
CREATE INDEX offer_rank ON offer (status, category, zone_id, person_id,
	quantity, id);
CREATE INDEX user_zone_zone ON user_zone (zone_id, user_id);
CREATE INDEX claim_user_need ON claim (user_id, need_id);
