-- The tap counter of a session (issue #14): meals or households served,
-- counted anonymously by whoever works the table, one tap at a time.
--
-- served is the running total, changed in the same transaction as the
-- tap's row, so that reading it is one row and never a count. The rows
-- are what an undo needs: a tapper takes back only their own last tap,
-- which is known only if each tap says who made it.
ALTER TABLE program_session ADD COLUMN served INTEGER NOT NULL DEFAULT 0;

-- One tap: +1, or -1 for an undo of the tapper's own. Append-only: an
-- undo is a row of its own, so the trail of a rush (who counted, when,
-- what they took back) stays whole; a tapper may undo while the sum of
-- their rows in the session is above 0. user_id is who tapped: a login,
-- as a claim's or a call's, about the work done, never about who was
-- served (nobody served is named anywhere).
CREATE TABLE tap (
	id		INTEGER PRIMARY KEY,
	session_id	INTEGER NOT NULL REFERENCES program_session (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	delta		INTEGER NOT NULL CHECK (delta IN (1, -1)),
	at		TEXT NOT NULL
);
CREATE INDEX tap_user ON tap (session_id, user_id, id);
