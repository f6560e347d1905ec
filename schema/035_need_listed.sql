-- Every ask in the list's order (GET /needs?status=all, and its CSV
-- export): read along this index the rows come out sorted, one at a
-- time, where without it every ask was sorted first, in memory (SQLite
-- keeps its sorts there: temp_store=MEMORY, so that no ask is written
-- to a temporary file), 100,000 of them for an export. need_waiting
-- (007) orders only the asks that still wait.
CREATE INDEX need_listed ON need (urgency DESC, created_at, id);
