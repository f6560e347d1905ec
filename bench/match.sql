-- The batch matching workload (bench/run): 10,000 open asks and 10,000
-- open offers over 40 zones in a grid of 8 by 5 (each touching the zones
-- beside it, with coordinates), 12 categories, three urgencies, and 2,500
-- people of whom 1,000 were served before, at different times. Portable:
-- bench/run runs it with sqlite3 or psql on a database just made by
-- solidarity init.

INSERT INTO zone (id, name, lat, lon, created_at)
WITH RECURSIVE z(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM z WHERE i < 40)
SELECT i, 'Zone ' || i, 41.8 + ((i - 1) / 8) * 0.01,
    -87.7 + ((i - 1) % 8) * 0.01, '2026-01-01T00:00:00Z' FROM z;

INSERT INTO zone_adjacent (zone_id, adjacent_id)
SELECT a.id, b.id FROM zone a, zone b
WHERE ((a.id - 1) / 8 = (b.id - 1) / 8
	AND ((a.id - 1) % 8 - (b.id - 1) % 8 = 1
	    OR (b.id - 1) % 8 - (a.id - 1) % 8 = 1))
    OR ((a.id - 1) % 8 = (b.id - 1) % 8
	AND ((a.id - 1) / 8 - (b.id - 1) / 8 = 1
	    OR (b.id - 1) / 8 - (a.id - 1) / 8 = 1));

INSERT INTO person (id, name, name_fold, language, zone_id, created_at,
    updated_at)
WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < 2500)
SELECT i, 'Person ' || i, 'person ' || i, 'en', 1 + i % 40,
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM p;

-- Served before: a fulfilled ask each, met by a fulfilled offer, on one
-- of 1,000 different days.
INSERT INTO offer (id, person_id, category, details, zone_id, status,
    created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000)
SELECT 20000 + i, 2500 - i, 'groceries', 'bench', 1 + i % 40, 'fulfilled',
    '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM s;

INSERT INTO need (id, person_id, category, details, urgency, zone_id, status,
    created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000)
SELECT 20000 + i, i, 'groceries', 'bench', 2, 1 + i % 40, 'fulfilled',
    '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM s;

INSERT INTO need_match (need_id, offer_id, reasons, matched_at)
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000)
SELECT 20000 + i, 20000 + i, 'same_zone',
    '2025-' || (CASE WHEN 1 + i % 12 < 10 THEN '0' ELSE '' END) ||
    (1 + i % 12) || '-' || (CASE WHEN 1 + i % 28 < 10 THEN '0' ELSE '' END) ||
    (1 + i % 28) || 'T' || (CASE WHEN i % 24 < 10 THEN '0' ELSE '' END) ||
    (i % 24) || ':00:00Z' FROM s;

INSERT INTO need (id, person_id, category, details, urgency, zone_id, status,
    created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
SELECT i, 1 + (i * 7) % 2500, c.code, 'bench', 1 + (i * 5) % 3,
    1 + (i * 13) % 40, 'open', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'
FROM n JOIN category c ON c.position = 1 + i % 12;

-- Quantities: one in four offers 2, the others none (one ask).
INSERT INTO offer (id, person_id, category, details, zone_id, quantity,
    status, created_at, updated_at)
WITH RECURSIVE o(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM o WHERE i < 10000)
SELECT 10000 + i, 1 + (i * 11) % 2500, c.code, 'bench', 1 + (i * 17) % 40,
    CASE WHEN i % 4 = 0 THEN 2 ELSE NULL END, 'open',
    '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'
FROM o JOIN category c ON c.position = 1 + (i * 5) % 12;

INSERT INTO need_tally (status, zone_id, category, n)
SELECT status, zone_id, category, count(*) FROM need
GROUP BY status, zone_id, category;
