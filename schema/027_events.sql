-- Political education (issue #16): study groups, talks, films and the
-- classes of a community school, who said they would come and who came,
-- what was read, and the books and leaflets given out there.
--
-- An event's starts is its day, or its day and time, in the network's
-- local time (serve --time-zone) as a session's: "2026-12-10", or
-- "2026-12-10T18:30". Both sort as text in the order they happen.

-- A course that spans several events: a six-week community school. Who
-- completed it is never stored: it is read from attendance (every one
-- of its events attended), so it cannot disagree with it.
CREATE TABLE curriculum (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	description	TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX curriculum_name ON curriculum (name, id);

CREATE TABLE event (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('study_group', 'talk',
			    'film', 'class')),
	starts		TEXT NOT NULL,
	curriculum_id	INTEGER REFERENCES curriculum (id),
	created_at	TEXT NOT NULL
);
CREATE INDEX event_date ON event (starts, id);
CREATE INDEX event_curriculum ON event (curriculum_id, starts, id);

-- The reading list: a title, a link or a note. About the text, never a
-- person (the form says so).
CREATE TABLE event_material (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES event (id),
	title		TEXT NOT NULL,
	link		TEXT,
	note		TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX event_material_event ON event_material (event_id, id);

-- Who said they would come. A promise, as a shift's sign-up: a forget
-- deletes the person's; a purge empties person_id once the event is
-- long over and keeps the count.
CREATE TABLE event_rsvp (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES event (id),
	person_id	INTEGER REFERENCES person (id),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX event_rsvp_once ON event_rsvp (event_id, person_id);
CREATE INDEX event_rsvp_person ON event_rsvp (person_id, event_id);

-- Who came: a step on the person's path (the ladder reads it). As a
-- session's attendance, a forget empties person_id and the row still
-- counts.
CREATE TABLE event_attendance (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES event (id),
	person_id	INTEGER REFERENCES person (id),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX event_attendance_once ON event_attendance (event_id,
	person_id);
CREATE INDEX event_attendance_person ON event_attendance (person_id,
	event_id);
CREATE INDEX event_attendance_event ON event_attendance (event_id, id);

-- Books and leaflets given out at an event: an out-move naming it, as a
-- session's.
ALTER TABLE stock_move ADD COLUMN event_id INTEGER REFERENCES event (id);
CREATE INDEX stock_move_event ON stock_move (event_id) WHERE event_id IS
	NOT NULL;
