-- The stock workload (bench/run, step stock): 500 items at 20 locations
-- of one zone, and 1,000,000 moves among them: in each block of 500
-- moves one location and every item, half of them donations of 3, a
-- quarter given out one at a time, a quarter transferred one at a time
-- to the next location. Every location so holds all 500 items. The
-- running levels are written as the sums of the moves, as the moves
-- themselves would have left them (solidarity check then finds no
-- drift). Portable: bench/run runs it with sqlite3 or psql on a
-- database just made by solidarity init.

INSERT INTO zone (id, name, created_at)
VALUES (1, 'Centro', '2026-01-01T00:00:00Z');

INSERT INTO item (id, name, unit, category, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
SELECT i, 'Item ' || i, 'each', 'groceries', '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z' FROM n;

INSERT INTO location (id, name, kind, zone_id, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
SELECT i, 'Place ' || i, CASE WHEN i % 2 = 0 THEN 'station' ELSE 'pantry'
    END, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;

-- i from 0 to 999,999: a thousand by a thousand.
INSERT INTO stock_move (kind, reason, item_id, quantity, from_location_id,
    to_location_id, at)
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 999),
m(i, item, place) AS (SELECT a.i * 1000 + b.i, (a.i * 1000 + b.i) % 500 + 1,
    ((a.i * 1000 + b.i) / 500) % 20 + 1 FROM k a, k b)
SELECT CASE i % 4 WHEN 2 THEN 'out' WHEN 3 THEN 'transfer' ELSE 'in' END,
    CASE i % 4 WHEN 2 THEN 'given' WHEN 3 THEN 'transfer' ELSE 'donation'
    END, item, CASE WHEN i % 4 < 2 THEN 3 ELSE 1 END,
    CASE WHEN i % 4 < 2 THEN NULL ELSE place END,
    CASE i % 4 WHEN 2 THEN NULL WHEN 3 THEN place % 20 + 1 ELSE place END,
    '2026-01-01T00:00:00Z' FROM m ORDER BY i;

INSERT INTO stock_level (location_id, item_id, quantity)
SELECT location_id, item_id, sum(q) FROM (
    SELECT to_location_id AS location_id, item_id, quantity AS q
    FROM stock_move WHERE to_location_id IS NOT NULL
    UNION ALL
    SELECT from_location_id, item_id, -quantity FROM stock_move
    WHERE from_location_id IS NOT NULL) AS s
GROUP BY location_id, item_id;
