-- The foundation: zones, categories, people, asks (need) and offers.
-- Portable SQL: it runs on SQLite and PostgreSQL. Times are UTC ISO-8601
-- text set by the program, so they sort as text and read the same anywhere.

CREATE TABLE zone (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	parent_id	INTEGER REFERENCES zone (id),
	lat		REAL,
	lon		REAL,
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX zone_name ON zone (name);

-- Categories are data, not code: a network adds its own.
CREATE TABLE category (
	code		TEXT PRIMARY KEY,
	label		TEXT NOT NULL,
	position	INTEGER NOT NULL
);
INSERT INTO category (code, label, position) VALUES
	('groceries', 'Groceries', 1),
	('rent', 'Rent', 2),
	('transport', 'Transport', 3),
	('childcare', 'Childcare', 4),
	('medical', 'Medical', 5),
	('prescriptions', 'Prescriptions', 6),
	('diapers', 'Diapers', 7),
	('clothing', 'Clothing', 8),
	('utilities', 'Utilities', 9),
	('legal', 'Legal', 10),
	('housing', 'Housing', 11),
	('other', 'Other', 12);

-- One kind of person: nobody is stored as a client or a donor; what a
-- person does (asks, offers, helps) says who they are in the network.
CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	phone		TEXT,
	email		TEXT,
	language	TEXT NOT NULL DEFAULT 'en',
	zone_id		INTEGER REFERENCES zone (id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX person_zone ON person (zone_id);
CREATE INDEX person_name ON person (name);

CREATE TABLE need (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	category	TEXT NOT NULL REFERENCES category (code),
	details		TEXT NOT NULL,
	urgency		INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN
			    ('open', 'matched', 'fulfilled', 'closed')),
	close_reason	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
-- The triage order: open asks in a zone and category, most urgent first,
-- oldest first within an urgency.
CREATE INDEX need_triage ON need
	(status, zone_id, category, urgency DESC, created_at);
CREATE INDEX need_person ON need (person_id);
CREATE INDEX need_zone ON need (zone_id, status);

CREATE TABLE offer (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person (id),
	category	TEXT NOT NULL REFERENCES category (code),
	details		TEXT NOT NULL,
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	quantity	INTEGER CHECK (quantity > 0),
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN
			    ('open', 'matched', 'fulfilled', 'closed')),
	close_reason	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX offer_list ON offer (status, zone_id, category, created_at);
CREATE INDEX offer_person ON offer (person_id);

-- Asks counted by status, zone and category, kept current in the same
-- transaction as every change to need, so the dashboard reads a few hundred
-- rows instead of counting every ask on every request.
CREATE TABLE need_tally (
	status		TEXT NOT NULL,
	zone_id		INTEGER NOT NULL REFERENCES zone (id),
	category	TEXT NOT NULL REFERENCES category (code),
	n		INTEGER NOT NULL,
	PRIMARY KEY (status, zone_id, category)
);
