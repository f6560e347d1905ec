-- The list of asks as it opens (GET /needs): the asks that still wait,
-- open and matched, most urgent first, then those waiting longest. Partial,
-- so that the list is read in this order without sorting every ask, and
-- the fulfilled and closed ones, the most in time, cost it nothing. The
-- WHERE is the listing's condition word for word (need.c), and says "not
-- over" rather than "open or matched" so that SQLite, without statistics,
-- does not prefer need_triage's status column and sort what it finds.
CREATE INDEX need_waiting ON need (urgency DESC, created_at, id)
	WHERE status NOT IN ('fulfilled', 'closed');
-- A user's active claims: "my claims" (GET /needs?mine=1) and the cap on
-- open claims (claim.c).
CREATE INDEX claim_user ON claim (user_id) WHERE released_at IS NULL;
