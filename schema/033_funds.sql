-- Funds (issue #18): a rent fund, a strike fund, a bail fund, kept in the
-- open. Money is counted in whole minor units of the fund's currency
-- (cents, centavos; yen have none): a sum of integers never drifts, and
-- no amount is ever a floating-point number.
--
-- The balance is the sum of the transactions, read when it is shown, and
-- never a stored counter: a counter can drift from the ledger, a sum of
-- the ledger cannot. One fund's transactions are read from one index.

-- A fund: its currency (an ISO 4217 code, which the program checks
-- against the list), whether its statement is public (read without an
-- account, totals only) and whether it may spend more than it holds.
CREATE TABLE fund (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	currency	TEXT NOT NULL CHECK (length(currency) = 3),
	public		INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
	overdraft	INTEGER NOT NULL DEFAULT 0 CHECK (overdraft IN (0, 1)),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX fund_name ON fund (name, id);

-- Who keeps a fund's books besides the coordinators: logins named for
-- that fund alone, so that a strike fund's treasurer writes nothing in
-- the rent fund.
CREATE TABLE fund_treasurer (
	fund_id		INTEGER NOT NULL REFERENCES fund (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	PRIMARY KEY (fund_id, user_id)
);
CREATE INDEX fund_treasurer_user ON fund_treasurer (user_id, fund_id);

-- A reimbursement asked for: someone spent their own money for the
-- network (person_id, note: what for) and is paid back from the fund.
-- requested -> approved -> paid, or refused while not yet paid; who
-- decided and when are kept (decided_by/at for approved or refused,
-- paid_by/at for paid), and paying it writes the "out" transaction that
-- names it.
CREATE TABLE fund_reimbursement (
	id		INTEGER PRIMARY KEY,
	fund_id		INTEGER NOT NULL REFERENCES fund (id),
	person_id	INTEGER REFERENCES person (id),
	amount_minor	INTEGER NOT NULL CHECK (amount_minor > 0),
	note		TEXT,
	need_id		INTEGER REFERENCES need (id),
	status		TEXT NOT NULL CHECK (status IN ('requested',
			    'approved', 'paid', 'refused')),
	requested_by	INTEGER REFERENCES app_user (id),
	requested_at	TEXT NOT NULL,
	decided_by	INTEGER REFERENCES app_user (id),
	decided_at	TEXT,
	paid_by		INTEGER REFERENCES app_user (id),
	paid_at		TEXT
);
CREATE INDEX fund_reimbursement_fund ON fund_reimbursement (fund_id, status,
	id);
CREATE INDEX fund_reimbursement_person ON fund_reimbursement (person_id)
	WHERE person_id IS NOT NULL;

-- One transaction, never edited. direction in (donation, dues, event…)
-- or out (rent, a grocery card, a reimbursement…); purpose is a closed
-- set, so that the public statement groups by it and never shows words
-- anyone wrote. user_id is who recorded it (a login, as a stock move's:
-- the work done); person_id who gave or was paid, and note what for,
-- are personal: a forget, and a purge of old ones, empty both and keep
-- the amount. need_id is the ask it met; reimbursement_id the request it
-- paid, once (the unique index).
CREATE TABLE fund_tx (
	id		INTEGER PRIMARY KEY,
	fund_id		INTEGER NOT NULL REFERENCES fund (id),
	direction	TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	amount_minor	INTEGER NOT NULL CHECK (amount_minor > 0),
	purpose		TEXT NOT NULL CHECK (purpose IN ('donation', 'dues',
			    'event', 'rent', 'groceries', 'bills',
			    'reimbursement', 'other')),
	at		TEXT NOT NULL,
	user_id		INTEGER REFERENCES app_user (id),
	person_id	INTEGER REFERENCES person (id),
	note		TEXT,
	need_id		INTEGER REFERENCES need (id),
	reimbursement_id INTEGER REFERENCES fund_reimbursement (id)
);
CREATE INDEX fund_tx_fund ON fund_tx (fund_id, at, id);
CREATE INDEX fund_tx_person ON fund_tx (person_id) WHERE person_id IS NOT
	NULL;
CREATE INDEX fund_tx_at ON fund_tx (at);
CREATE UNIQUE INDEX fund_tx_reimbursement ON fund_tx (reimbursement_id)
	WHERE reimbursement_id IS NOT NULL;
