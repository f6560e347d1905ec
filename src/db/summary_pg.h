/*
 * What the summaries' PostgreSQL functions share (facing_summary.c,
 * figures_summary.c): one person's rows of a summary written again, and
 * its count table moved by the difference, side by side with other
 * writers. Laid out by hand, as those files are.
 */
#ifndef SUMMARY_PG_H
#define SUMMARY_PG_H

/* clang-format off */

/*
 * The difference between the keys (cols) the person counts in now (the
 * rows of the query now) and before (of before), into d, an array of the
 * count table c's rows whose people is the key's +1 or -1, in key order;
 * NULL when nothing changed. A person counts once in a key, so a key
 * either comes or goes.
 */
#define SUMMARY_PG_DIFF(c, cols, now, before)                                 \
	"SELECT array_agg(ROW(" cols ", x.n)::" c " ORDER BY " cols ") "     \
	"INTO d FROM (SELECT " cols ", sum(n) AS n FROM ("                    \
	"SELECT " cols ", 1 AS n FROM (" now ") a UNION ALL "                 \
	"SELECT " cols ", -1 FROM (" before ") b) u GROUP BY " cols " "       \
	"HAVING sum(n) <> 0) x; "

/*
 * d applied to the count table c: each row that changes is locked first,
 * all in key order, so that two writers of the same keys wait for each
 * other instead of deadlocking; a count that falls to none goes (a count
 * is never 0), the others move by one, a new key comes with one.
 */
#define SUMMARY_PG_APPLY(c, cols)                                             \
	"IF d IS NOT NULL THEN "                                              \
	"PERFORM 1 FROM " c " WHERE (" cols ") IN "                           \
	"(SELECT " cols " FROM unnest(d)) ORDER BY " cols " FOR UPDATE; "     \
	"DELETE FROM " c " WHERE people = 1 AND (" cols ") IN "               \
	"(SELECT " cols " FROM unnest(d) WHERE people < 0); "                 \
	"UPDATE " c " SET people = people - 1 WHERE (" cols ") IN "           \
	"(SELECT " cols " FROM unnest(d) WHERE people < 0); "                 \
	"INSERT INTO " c " SELECT * FROM unnest(d) x WHERE x.people > 0 "     \
	"ORDER BY " cols " ON CONFLICT (" cols ") DO UPDATE "                 \
	"SET people = " c ".people + 1; "                                     \
	"END IF; "

/*
 * The function fn (its name and parameters, who BIGINT among them) that
 * writes person who's rows of the summary table t again, when live (the summaries are not held), and
 * moves its count table c by the difference. Only what changed is
 * written: every writer would otherwise write the same few counts
 * (this month's, today's) and wait for each other there until commit.
 * The person's row is locked first: two transactions writing for the
 * same person side by side would each write what they saw before the
 * other's commit. rows is a query of the person's rows of t, its
 * columns in t's order, read once into s; now and before are queries of
 * the keys (cols) of c the person counts in, from s and from t; key is
 * what tells two of the person's rows of t apart, conflict t's primary
 * key, and set what an upsert writes of a row whose key was there, when
 * changed says it differs.
 *
 * Every statement of it keeps one plan for all (force_generic_plan):
 * PostgreSQL otherwise compares a plan made for each call's values with
 * the one for any, and found the statements that move facing_key's
 * counts cheaper planned anew each time, which cost more than they ran
 * (0.4 ms of planning an ask, 046_summary_plans).
 */
#define SUMMARY_PG_FUNCTION(fn, t, c, live, rows, cols, now, before, key,     \
	    conflict, set, changed)                                           \
	"CREATE OR REPLACE FUNCTION " fn " RETURNS void "                     \
	"LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan "         \
	"AS $$ DECLARE s " t "[]; d " c "[]; BEGIN "                          \
	"IF who IS NOT NULL AND " live " THEN "                               \
	"PERFORM 1 FROM person WHERE id = who FOR NO KEY UPDATE; "            \
	"SELECT array_agg(ROW(x.*)::" t ") INTO s FROM (" rows ") x; "        \
	SUMMARY_PG_DIFF(c, cols, now, before)                                 \
	SUMMARY_PG_APPLY(c, cols)                                             \
	"WITH gone AS (DELETE FROM " t " WHERE person_id = who AND "          \
	"(" key ") NOT IN (SELECT " key " FROM unnest(s))) "                  \
	"INSERT INTO " t " SELECT * FROM unnest(s) "                          \
	"ON CONFLICT (" conflict ") DO UPDATE SET " set " WHERE " changed "; "\
	"END IF; END $$; "

/* clang-format on */

#endif
