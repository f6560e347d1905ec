-- Programs (issue #14): recurring services -- a free store, a breakfast
-- for children, a strike kitchen -- and their sessions, each one a place
-- where people meet, learn and are invited in.
--
-- Dates and times of a session are the network's local ones (serve
-- --time-zone): a session at 07:00 stays at 07:00 across a change of
-- daylight saving. starts_at is the same moment in UTC, for ordering
-- against now.

-- A recurring service. schedule is its weekly slots as
-- src/util/window.c writes them ("Mon-Fri 07:00-09:00"); address is a
-- public place (a hall, a church, a union office), never someone's home:
-- the form says so. lead_person_id is who leads it: a person, as anyone.
-- Sessions are generated from starts_on (or today) up to 8 weeks ahead;
-- generated_until is the first day not generated yet.
CREATE TABLE program (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('free_store', 'breakfast',
			    'kitchen', 'clinic', 'distribution', 'other')),
	zone_id		INTEGER REFERENCES zone (id),
	address		TEXT,
	schedule	TEXT,
	lead_person_id	INTEGER REFERENCES person (id),
	starts_on	TEXT,
	generated_until	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX program_kind ON program (kind, id);

-- One occurrence. day, start_time and end_time are local; planned_day and
-- planned_start name the weekly slot it was generated from (NULL for a
-- one-off), so that a session moved or cancelled is never made again.
-- notes, education (what was read, shown or discussed) and materials
-- (what went out) are about the session, never about a person.
CREATE TABLE program_session (
	id		INTEGER PRIMARY KEY,
	program_id	INTEGER NOT NULL REFERENCES program (id),
	day		TEXT NOT NULL,
	start_time	TEXT NOT NULL,
	end_time	TEXT NOT NULL,
	starts_at	TEXT NOT NULL,
	planned_day	TEXT,
	planned_start	TEXT,
	status		TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN
			    ('scheduled', 'held', 'cancelled')),
	cancel_reason	TEXT,
	notes		TEXT,
	education	TEXT,
	materials	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX program_session_slot ON program_session (program_id,
	planned_day, planned_start);
CREATE INDEX program_session_day ON program_session (program_id, day,
	start_time);
CREATE INDEX program_session_at ON program_session (starts_at, id);

-- Who came to a session, and as what: a guest, a helper, the lead. That
-- someone came to a free store says they needed it: a forget empties
-- person_id (retention.c) and the row still counts.
CREATE TABLE attendance (
	id		INTEGER PRIMARY KEY,
	session_id	INTEGER NOT NULL REFERENCES program_session (id),
	person_id	INTEGER REFERENCES person (id),
	role		TEXT NOT NULL CHECK (role IN ('guest', 'helper', 'lead')),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX attendance_once ON attendance (session_id, person_id);
CREATE INDEX attendance_person ON attendance (person_id, session_id);
