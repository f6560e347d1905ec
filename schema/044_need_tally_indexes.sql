-- The dashboard's open asks by category and by zone (issue #19), each a sum
-- over need_tally's open rows: along the table's key (status, zone_id,
-- category) every row was a seek into the table for its count, and the
-- sums were grouped in a temporary tree (0.9 ms and 0.6 ms of an uncached
-- dashboard's 2 ms on 100,000 asks). These read the counts from the index
-- alone, already in each sum's order (0.13 ms and 0.25 ms): a few hundred
-- rows each, kept at every ask's move.
CREATE INDEX need_tally_category ON need_tally (status, category, n);
CREATE INDEX need_tally_zone ON need_tally (status, zone_id, n);
