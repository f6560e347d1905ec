-- One row counting commits: each write transaction of a SQLite server
-- adds one and remembers the number, so that a server seeing the database
-- change can tell its own writers' commits (whose tables it knows) from
-- anyone else's (for which it empties its response cache). See
-- src/db/change.h. PostgreSQL's servers tell changes by snapshot instead
-- and leave it at 0.
CREATE TABLE change_stamp (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO change_stamp (id, n) VALUES (1, 0);
