-- The summaries' PostgreSQL functions (041) written again after this file
-- (src/db/migrate.c's fill), each now keeping one plan for every call
-- (plan_cache_mode = force_generic_plan, src/db/summary_pg.h): PostgreSQL
-- had chosen to plan the statements that move facing_key's counts anew on
-- every call, 0.4 ms of planning for each new ask, a quarter of the CPU
-- an ask took on PostgreSQL (issue #19). SQLite's triggers have nothing to
-- plan. Nothing else changes in the schema.
SELECT 1;
