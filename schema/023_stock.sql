-- Stock (issue #15): what a pantry, a take-what-you-need station, a
-- storeroom or a van holds, as the sum of the moves in and out of it.
--
-- A move is never edited: a mistake is undone by another move that
-- reverses it. The level of each item at each location is kept in
-- stock_level, changed in the same transaction as every move, so that a
-- location's stock is read from one index and never summed from a
-- million moves; `solidarity check` sums the moves again and reports any
-- difference.

-- What is kept: a name, the unit it is counted in (quantities are whole
-- numbers of it: a sum of integers never drifts), and the category of
-- the asks it can meet. Leaflets and books are items like any other.
CREATE TABLE item (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	unit		TEXT NOT NULL CHECK (unit IN ('each', 'pair', 'pack',
			    'box', 'bag', 'bottle', 'kg', 'g', 'l', 'ml')),
	category	TEXT NOT NULL REFERENCES category (code),
	notes		TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX item_name ON item (name, id);
CREATE INDEX item_category ON item (category, name, id);

-- Where stock is: a public place or a vehicle, never anyone's home (the
-- form says so). zone_id is what lets a volunteer of that zone record
-- moves there; a location without one is the coordinators' alone. Only
-- a station is "take what you need".
CREATE TABLE location (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('pantry', 'station',
			    'storage', 'vehicle')),
	zone_id		INTEGER REFERENCES zone (id),
	take_what_you_need INTEGER NOT NULL DEFAULT 0 CHECK
			    (take_what_you_need = 0 OR (take_what_you_need = 1
			    AND kind = 'station')),
	notes		TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX location_zone ON location (zone_id, kind, name, id);
CREATE INDEX location_kind ON location (kind, name, id);

-- One move. in: into to_location_id (donation, purchase, correction);
-- out: out of from_location_id (given, spoiled, correction); transfer:
-- from one location to another, one row. A reversal undoes the move
-- reverses_id names, once (the unique index), and is itself never
-- reversed: a new move is. user_id is who recorded it (a login, as a
-- claim's or a tap's: the work done); need_id the ask it fulfilled,
-- session_id the session that gave it out. note is about the stock (a
-- date on a box, a shelf), never about a person: the form says so.
CREATE TABLE stock_move (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('in', 'out', 'transfer')),
	reason		TEXT NOT NULL CHECK (reason IN ('donation', 'purchase',
			    'given', 'spoiled', 'correction', 'transfer',
			    'reversal')),
	item_id		INTEGER NOT NULL REFERENCES item (id),
	quantity	INTEGER NOT NULL CHECK (quantity > 0),
	from_location_id INTEGER REFERENCES location (id),
	to_location_id	INTEGER REFERENCES location (id),
	user_id		INTEGER REFERENCES app_user (id),
	at		TEXT NOT NULL,
	note		TEXT,
	need_id		INTEGER REFERENCES need (id),
	session_id	INTEGER REFERENCES program_session (id),
	reverses_id	INTEGER REFERENCES stock_move (id),
	CHECK ((kind = 'in' AND from_location_id IS NULL AND
	    to_location_id IS NOT NULL) OR (kind = 'out' AND
	    from_location_id IS NOT NULL AND to_location_id IS NULL) OR
	    (kind = 'transfer' AND from_location_id IS NOT NULL AND
	    to_location_id IS NOT NULL AND from_location_id <>
	    to_location_id)),
	CHECK ((reason = 'reversal') = (reverses_id IS NOT NULL))
);
CREATE INDEX stock_move_from ON stock_move (from_location_id, id);
CREATE INDEX stock_move_to ON stock_move (to_location_id, id);
CREATE INDEX stock_move_item ON stock_move (item_id, id);
CREATE INDEX stock_move_need ON stock_move (need_id) WHERE need_id IS NOT
	NULL;
CREATE INDEX stock_move_session ON stock_move (session_id) WHERE
	session_id IS NOT NULL;
CREATE UNIQUE INDEX stock_move_reverses ON stock_move (reverses_id) WHERE
	reverses_id IS NOT NULL;

-- The running level of an item at a location: the sum of its moves,
-- changed in the same transaction as each of them. A take is an UPDATE
-- guarded by quantity >= the take, so two takes of the last units cannot
-- both pass, whatever the isolation; only a correction may leave it
-- below zero (what was counted is what is there).
CREATE TABLE stock_level (
	location_id	INTEGER NOT NULL REFERENCES location (id),
	item_id		INTEGER NOT NULL REFERENCES item (id),
	quantity	INTEGER NOT NULL,
	PRIMARY KEY (location_id, item_id)
);
-- Where an item is, for a restock: which pantry has it.
CREATE INDEX stock_level_item ON stock_level (item_id, location_id);

-- When an item at a location runs low: below threshold it is to be
-- restocked, up to restock_to (or the threshold when none is set).
CREATE TABLE stock_threshold (
	location_id	INTEGER NOT NULL REFERENCES location (id),
	item_id		INTEGER NOT NULL REFERENCES item (id),
	threshold	INTEGER NOT NULL CHECK (threshold >= 0),
	restock_to	INTEGER CHECK (restock_to IS NULL OR restock_to >=
			    threshold),
	updated_at	TEXT NOT NULL,
	PRIMARY KEY (location_id, item_id)
);
CREATE INDEX stock_threshold_item ON stock_threshold (item_id, location_id);
