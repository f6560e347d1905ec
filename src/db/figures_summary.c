/*
 * The summary behind the first figure of /figures
 * (schema/031_figures_summary): triggers that write again, on every change
 * to what a person did, that person's months.
 */
#include <stddef.h>

#include "figures_summary.h"
#include "util/banned.h"

/* Laid out by hand, as facing_summary.c's: see there. */
/* clang-format off */

/*
 * Every act of the people who (the rest of a condition on x.person_id)
 * names, as (person_id, m, gave): an ask received, a visit as a guest
 * received, as a helper or lead gave, an offer, a delivery made and a
 * shift signed up for gave. A visit or a sign-up whose person a forget
 * or a purge emptied is nobody's.
 */
#define MUTUAL_ACTS(who)                                                      \
	"SELECT x.person_id, substr(x.created_at, 1, 7) AS m, 0 AS gave "     \
	"FROM need x WHERE x.person_id " who " "                              \
	"UNION ALL SELECT x.person_id, substr(s.starts_at, 1, 7), "           \
	"CASE WHEN x.role = 'guest' THEN 0 ELSE 1 END FROM attendance x "     \
	"JOIN program_session s ON s.id = x.session_id "                      \
	"WHERE x.person_id " who " "                                          \
	"UNION ALL SELECT x.person_id, substr(x.created_at, 1, 7), 1 "        \
	"FROM offer x WHERE x.person_id " who " "                             \
	"UNION ALL SELECT x.person_id, substr(d.at, 1, 7), 1 "                \
	"FROM app_user x JOIN delivery d ON d.user_id = x.id "                \
	"WHERE d.outcome = 'delivered' AND x.person_id " who " "              \
	"UNION ALL SELECT x.person_id, substr(s.starts_at, 1, 7), 1 "         \
	"FROM shift_signup x JOIN shift h ON h.id = x.shift_id "              \
	"JOIN program_session s ON s.id = h.session_id "                      \
	"WHERE x.person_id " who

/*
 * Their rows of figures_mutual: each month they acted in, the one
 * before it (''), and the later of their first months of giving and of
 * receiving ('9999-12' while either is missing).
 */
#define MUTUAL_ROWS(who)                                                      \
	"SELECT person_id, m, prev, CASE WHEN fg IS NULL OR fr IS NULL "      \
	"THEN '9999-12' WHEN fg > fr THEN fg ELSE fr END FROM ("              \
	"SELECT person_id, m, coalesce(lag(m) OVER "                          \
	"(PARTITION BY person_id ORDER BY m), '') AS prev, "                  \
	"min(min(CASE WHEN gave = 1 THEN m END)) "                            \
	"OVER (PARTITION BY person_id) AS fg, "                               \
	"min(min(CASE WHEN gave = 0 THEN m END)) "                            \
	"OVER (PARTITION BY person_id) AS fr "                                \
	"FROM (" MUTUAL_ACTS(who) ") a GROUP BY person_id, m) t"

/* The counts of the rows of who, as figures_mutual_count keeps them. */
#define MUTUAL_KEYS(who)                                                      \
	"SELECT month, prev, both_at, count(*) AS n FROM figures_mutual "     \
	"WHERE person_id " who " GROUP BY month, prev, both_at"

/*
 * Write the rows of who again, and move the counts by the difference:
 * theirs taken off (a count at none goes), then theirs written and
 * added, in key order, so that two transactions wait for each other
 * rather than deadlock on PostgreSQL. A person did a few dozen things a
 * year at most, each found along an index on its person: a few index
 * ranges, whatever the totals. Each statement ends with ';'.
 */
#define MUTUAL_REFRESH(who)                                                   \
	"UPDATE figures_mutual_count SET people = people - (SELECT k.n "      \
	"FROM (" MUTUAL_KEYS(who) ") k WHERE k.month = "                      \
	"figures_mutual_count.month AND k.prev = figures_mutual_count.prev "  \
	"AND k.both_at = figures_mutual_count.both_at) "                      \
	"WHERE (month, prev, both_at) IN (SELECT month, prev, both_at "       \
	"FROM figures_mutual WHERE person_id " who "); "                      \
	"DELETE FROM figures_mutual_count WHERE people = 0 "                  \
	"AND (month, prev, both_at) IN (SELECT month, prev, both_at "         \
	"FROM figures_mutual WHERE person_id " who "); "                      \
	"DELETE FROM figures_mutual WHERE person_id " who "; "                \
	"INSERT INTO figures_mutual (person_id, month, prev, both_at) "       \
	MUTUAL_ROWS(who) "; "                                                 \
	"INSERT INTO figures_mutual_count (month, prev, both_at, people) "    \
	"SELECT month, prev, both_at, n FROM (" MUTUAL_KEYS(who) ") k "       \
	"WHERE 1 = 1 ORDER BY month, prev, both_at "                          \
	"ON CONFLICT (month, prev, both_at) DO UPDATE "                       \
	"SET people = figures_mutual_count.people + excluded.people; "

/* Not while a loader holds the summaries (018_facing_summary). */
#define MUTUAL_LIVE "NOT EXISTS (SELECT 1 FROM facing_hold)"

/* The people of a session's visits and shifts, r its row (NEW or OLD). */
#define MUTUAL_SESSION(r)                                                     \
	"SELECT a.person_id FROM attendance a WHERE a.session_id = " r ".id " \
	"UNION SELECT g.person_id FROM shift_signup g JOIN shift h "          \
	"ON h.id = g.shift_id WHERE h.session_id = " r ".id"

/* The people of a shift's sign-ups. */
#define MUTUAL_SHIFT(r)                                                       \
	"SELECT g.person_id FROM shift_signup g WHERE g.shift_id = " r ".id"

/* The person who made a delivery, r its row. */
#define MUTUAL_COURIER(r)                                                     \
	"SELECT u.person_id FROM app_user u WHERE u.id = " r ".user_id"

/*
 * SQLite: each trigger carries the refresh. A row of a table with a
 * person refreshes them on insert and delete, and both the person it
 * leaves and the one it comes to on a change of what the figure reads
 * (cols).
 */
#define MUTUAL_LITE_OWN(t, cols)                                              \
	"CREATE TRIGGER figures_" t "_insert AFTER INSERT ON " t " "          \
	"WHEN " MUTUAL_LIVE " AND NEW.person_id IS NOT NULL BEGIN "           \
	MUTUAL_REFRESH("= NEW.person_id") "END; "                             \
	"CREATE TRIGGER figures_" t "_delete AFTER DELETE ON " t " "          \
	"WHEN " MUTUAL_LIVE " AND OLD.person_id IS NOT NULL BEGIN "           \
	MUTUAL_REFRESH("= OLD.person_id") "END; "                             \
	"CREATE TRIGGER figures_" t "_update AFTER UPDATE OF " cols " "       \
	"ON " t " WHEN " MUTUAL_LIVE " BEGIN "                                \
	MUTUAL_REFRESH("IN (OLD.person_id, NEW.person_id)") "END; "

/* A row whose people are found through set(r), likewise. */
#define MUTUAL_LITE_VIA(t, set, cols)                                         \
	"CREATE TRIGGER figures_" t "_insert AFTER INSERT ON " t " "          \
	"WHEN " MUTUAL_LIVE " BEGIN "                                         \
	MUTUAL_REFRESH("IN (" set("NEW") ")") "END; "                         \
	"CREATE TRIGGER figures_" t "_delete AFTER DELETE ON " t " "          \
	"WHEN " MUTUAL_LIVE " BEGIN "                                         \
	MUTUAL_REFRESH("IN (" set("OLD") ")") "END; "                         \
	"CREATE TRIGGER figures_" t "_update AFTER UPDATE OF " cols " "       \
	"ON " t " WHEN " MUTUAL_LIVE " BEGIN "                                \
	MUTUAL_REFRESH("IN (" set("OLD") " UNION " set("NEW") ")") "END; "

/*
 * PostgreSQL: one function refreshes a person; a trigger function per
 * kind of table calls it for each person a row leaves or comes to.
 */
#define MUTUAL_PG_CALLS(set)                                                  \
	"IF TG_OP <> 'INSERT' THEN PERFORM figures_refresh(w.person_id) "     \
	"FROM (" set("OLD") ") w ORDER BY w.person_id; END IF; "                        \
	"IF TG_OP <> 'DELETE' THEN PERFORM figures_refresh(w.person_id) "     \
	"FROM (" set("NEW") ") w ORDER BY w.person_id; END IF; "

#define MUTUAL_PG_OWN_SET(r) "SELECT " r ".person_id"

#define MUTUAL_PG_FUNC(name, set)                                             \
	"CREATE FUNCTION figures_" name "_changed() RETURNS trigger "         \
	"LANGUAGE plpgsql AS $$ BEGIN " MUTUAL_PG_CALLS(set)                  \
	"RETURN NULL; END $$; "

#define MUTUAL_PG_TRIGGER(t, func, cols)                                      \
	"CREATE TRIGGER figures_" t " AFTER INSERT OR DELETE OR UPDATE OF "   \
	cols " ON " t " FOR EACH ROW EXECUTE PROCEDURE figures_" func         \
	"_changed(); "

enum dialect {
	DIALECT_SQLITE,
	DIALECT_PG,
	DIALECT__MAX,
};

/*
 * The tables the acts are read from, and the columns of each that the
 * figure reads: the asks, offers, visits and sign-ups by their person,
 * a login's deliveries through it, a session's visits and shifts by its
 * time, a shift's sign-ups by its session.
 */
static const char *const summary_triggers[DIALECT__MAX] = {
	/* DIALECT_SQLITE */
	MUTUAL_LITE_OWN("need", "person_id, created_at")
	MUTUAL_LITE_OWN("offer", "person_id, created_at")
	MUTUAL_LITE_OWN("attendance", "person_id, role, session_id")
	MUTUAL_LITE_OWN("shift_signup", "person_id, shift_id")
	MUTUAL_LITE_OWN("app_user", "person_id")
	MUTUAL_LITE_VIA("delivery", MUTUAL_COURIER, "user_id, outcome, at")
	MUTUAL_LITE_VIA("program_session", MUTUAL_SESSION, "starts_at")
	MUTUAL_LITE_VIA("shift", MUTUAL_SHIFT, "session_id"),
	/*
	 * DIALECT_PG. The person's row is locked first, as for facing: two
	 * transactions writing for the same person side by side would each
	 * write what they saw before the other's commit.
	 */
	"CREATE FUNCTION figures_refresh(who BIGINT) RETURNS void "
	"LANGUAGE plpgsql AS $$ BEGIN "
	"IF who IS NOT NULL AND " MUTUAL_LIVE " THEN "
	"PERFORM 1 FROM person WHERE id = who FOR NO KEY UPDATE; "
	MUTUAL_REFRESH("= who") "END IF; END $$; "
	MUTUAL_PG_FUNC("own", MUTUAL_PG_OWN_SET)
	MUTUAL_PG_FUNC("delivery", MUTUAL_COURIER)
	MUTUAL_PG_FUNC("session", MUTUAL_SESSION)
	MUTUAL_PG_FUNC("shift", MUTUAL_SHIFT)
	MUTUAL_PG_TRIGGER("need", "own", "person_id, created_at")
	MUTUAL_PG_TRIGGER("offer", "own", "person_id, created_at")
	MUTUAL_PG_TRIGGER("attendance", "own", "person_id, role, session_id")
	MUTUAL_PG_TRIGGER("shift_signup", "own", "person_id, shift_id")
	MUTUAL_PG_TRIGGER("app_user", "own", "person_id")
	MUTUAL_PG_TRIGGER("delivery", "delivery", "user_id, outcome, at")
	MUTUAL_PG_TRIGGER("program_session", "session", "starts_at")
	MUTUAL_PG_TRIGGER("shift", "shift", "session_id"),
};

enum stmt {
	STMT_CLEAR,
	STMT_CLEAR_COUNTS,
	STMT_FILL,
	STMT_FILL_COUNTS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CLEAR, STMT_CLEAR_COUNTS */
	"DELETE FROM figures_mutual",
	"DELETE FROM figures_mutual_count",
	/* STMT_FILL: everyone at once */
	"INSERT INTO figures_mutual (person_id, month, prev, both_at) "
	MUTUAL_ROWS("IS NOT NULL"),
	/* STMT_FILL_COUNTS */
	"INSERT INTO figures_mutual_count (month, prev, both_at, people) "
	MUTUAL_KEYS("IS NOT NULL"),
};

/* clang-format on */

int
figures_summary_rebuild(struct db *db)
{
	size_t i;

	for (i = 0; i < STMT__MAX; i++)
		if (db_exec(db, stmts[i], NULL, 0) == -1)
			return -1;
	return 0;
}

int
figures_summary_install(struct db *db)
{
	enum dialect d = db_kind(db) == DB_POSTGRES ? DIALECT_PG
						    : DIALECT_SQLITE;

	if (db_script(db, summary_triggers[d]) == -1)
		return -1;
	return figures_summary_rebuild(db);
}
