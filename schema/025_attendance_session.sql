-- A session's attendance in the order people came, without a sort: the
-- session page reads all of it (200 people at a kitchen), and the unique
-- index on (session_id, person_id) found the rows but left SQLite to sort
-- them by id in a temporary tree on every request, half the statement's
-- time. In this index the rows of a session are already in id order.
CREATE INDEX attendance_session ON attendance (session_id, id);
