-- Delivery runs: a driver's claimed asks grouped into one trip, its stops
-- in the order of a short route over the asks' zones (util/tour.h). Ids,
-- an order and a time: what a stop is about, and whom, is read through
-- the claim at the time it is shown, so that a released claim shows no
-- contact and a purge or a forget needs nothing here.
CREATE TABLE run (
	id		INTEGER PRIMARY KEY,
	driver_id	INTEGER NOT NULL REFERENCES app_user (id),
	by_user		INTEGER REFERENCES app_user (id),
	created_at	TEXT NOT NULL
);
-- A volunteer's own runs, newest first (GET /runs).
CREATE INDEX run_driver ON run (driver_id, id);

CREATE TABLE run_stop (
	run_id		INTEGER NOT NULL REFERENCES run (id),
	position	INTEGER NOT NULL CHECK (position >= 1),
	claim_id	INTEGER NOT NULL REFERENCES claim (id),
	PRIMARY KEY (run_id, position)
);
