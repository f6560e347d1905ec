/*
 * The summaries behind /figures' share of people who gave and received
 * (schema/031_figures_summary) and its ladder (032_figures_ladder):
 * triggers that write again, on every change to what a person did or to
 * their stage history, that person's rows.
 */
#include <stddef.h>

#include "figures_summary.h"
#include "summary_pg.h"
/* The order of the stages, which says what a move up is: the ladder's. */
#include "domain/ladder.h"
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

/*
 * The counts of the rows of who in the summary table t, as t's "_count"
 * table keeps them by its columns cols.
 */
#define SUMMARY_KEYS(t, cols, who)                                            \
	"SELECT " cols ", count(*) AS n FROM " t " WHERE person_id " who " "  \
	"GROUP BY " cols

/* Those counts added to t's "_count" table, sign "-" to take them off. */
#define SUMMARY_ADD(t, cols, sign, who)                                       \
	"INSERT INTO " t "_count (" cols ", people) SELECT " cols ", "        \
	sign "n FROM (" SUMMARY_KEYS(t, cols, who) ") k "                     \
	"WHERE 1 = 1 ORDER BY " cols " ON CONFLICT (" cols ") DO UPDATE "     \
	"SET people = " t "_count.people + excluded.people; "

/*
 * Write the rows of who in t again (rows: a SELECT of them, person_id
 * then cols), and move the counts by the difference: theirs taken off
 * (a count at none goes), then theirs written and added: SQLite's
 * triggers, whose one writer writes them all (PostgreSQL's write only
 * the difference, see SUMMARY_PG_REFRESH). A person did a few dozen
 * things a year at most, each found along an index on its person: a few
 * index ranges, whatever the totals. Each statement ends with ';'.
 */
#define SUMMARY_REFRESH(t, cols, rows, who)                                   \
	SUMMARY_ADD(t, cols, "-", who)                                        \
	"DELETE FROM " t "_count WHERE people = 0 AND (" cols ") IN "         \
	"(SELECT " cols " FROM " t " WHERE person_id " who "); "              \
	"DELETE FROM " t " WHERE person_id " who "; "                         \
	"INSERT INTO " t " (person_id, " cols ") " rows "; "                  \
	SUMMARY_ADD(t, cols, "", who)

#define MUTUAL_COLS "month, prev, both_at"

#define MUTUAL_REFRESH(who)                                                   \
	SUMMARY_REFRESH("figures_mutual", MUTUAL_COLS, MUTUAL_ROWS(who), who)

/*
 * The moves up in the stage history of who (032_figures_ladder), as
 * (person_id, m, f, t), each once: a row whose stage is above the one
 * before it, as the person's history orders them (by id); a first stage
 * has none before it and is no move. Then their rows of figures_ladder,
 * each with the month of the move before it (''), taking a person's
 * moves by month, then from and to.
 */
#define LADDER_MOVES(who)                                                     \
	"SELECT DISTINCT person_id, m, f, t FROM (SELECT person_id, "         \
	"substr(at, 1, 7) AS m, lag(stage) OVER (PARTITION BY person_id "     \
	"ORDER BY id) AS f, stage AS t FROM person_stage "                    \
	"WHERE person_id " who ") s "                                         \
	"WHERE " LADDER_STEP_SQL("t") " > " LADDER_STEP_SQL("f")

#define LADDER_ROWS(who)                                                      \
	"SELECT person_id, m, f, t, coalesce(lag(m) OVER "                    \
	"(PARTITION BY person_id ORDER BY m, f, t), '') "                     \
	"FROM (" LADDER_MOVES(who) ") u"

#define LADDER_COLS "month, from_stage, to_stage, prev"

#define LADDER_REFRESH(who)                                                   \
	SUMMARY_REFRESH("figures_ladder", LADDER_COLS, LADDER_ROWS(who), who)

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
 * SQLite: each trigger carries the refresh (a macro of who). A row of a
 * table with a person refreshes them on insert and delete, and both the
 * person it leaves and the one it comes to on a change of what the
 * figure reads (cols).
 */
#define SUMMARY_LITE_OWN(t, cols, refresh)                                    \
	"CREATE TRIGGER figures_" t "_insert AFTER INSERT ON " t " "          \
	"WHEN " MUTUAL_LIVE " AND NEW.person_id IS NOT NULL BEGIN "           \
	refresh("= NEW.person_id") "END; "                                    \
	"CREATE TRIGGER figures_" t "_delete AFTER DELETE ON " t " "          \
	"WHEN " MUTUAL_LIVE " AND OLD.person_id IS NOT NULL BEGIN "           \
	refresh("= OLD.person_id") "END; "                                    \
	"CREATE TRIGGER figures_" t "_update AFTER UPDATE OF " cols " "       \
	"ON " t " WHEN " MUTUAL_LIVE " BEGIN "                                \
	refresh("IN (OLD.person_id, NEW.person_id)") "END; "

#define MUTUAL_LITE_OWN(t, cols) SUMMARY_LITE_OWN(t, cols, MUTUAL_REFRESH)

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
 * PostgreSQL: one function (fn) refreshes a person; a trigger function
 * per kind of table calls it for each person a row leaves or comes to.
 * It writes only what changed (summary_pg.h): the person's rows of t,
 * from rows, whose key tells them apart (conflict after person_id), and
 * t's counts by cols, moved by the difference.
 */
#define SUMMARY_PG_REFRESH(fn, t, cols, rows, key, set, changed)              \
	SUMMARY_PG_FUNCTION(fn "(who BIGINT)", t, t "_count", MUTUAL_LIVE,    \
	    rows, cols,                                                       \
	    "SELECT " cols " FROM unnest(s)",                                 \
	    "SELECT " cols " FROM " t " WHERE person_id = who", key,          \
	    "person_id, " key, set, changed)

#define MUTUAL_PG_REFRESH                                                     \
	SUMMARY_PG_REFRESH("figures_refresh", "figures_mutual", MUTUAL_COLS,  \
	    MUTUAL_ROWS("= who"), "month",                                    \
	    "prev = excluded.prev, both_at = excluded.both_at",               \
	    "figures_mutual.prev <> excluded.prev "                           \
	    "OR figures_mutual.both_at <> excluded.both_at")

#define LADDER_PG_REFRESH                                                     \
	SUMMARY_PG_REFRESH("figures_ladder_refresh", "figures_ladder",        \
	    LADDER_COLS, LADDER_ROWS("= who"), "month, from_stage, to_stage", \
	    "prev = excluded.prev", "figures_ladder.prev <> excluded.prev")

#define SUMMARY_PG_CALLS(fn, set)                                             \
	"IF TG_OP <> 'INSERT' THEN PERFORM " fn "(w.person_id) "              \
	"FROM (" set("OLD") ") w ORDER BY w.person_id; END IF; "              \
	"IF TG_OP <> 'DELETE' THEN PERFORM " fn "(w.person_id) "              \
	"FROM (" set("NEW") ") w ORDER BY w.person_id; END IF; "

#define SUMMARY_PG_OWN_SET(r) "SELECT " r ".person_id"

#define SUMMARY_PG_FUNC(name, fn, set)                                        \
	"CREATE FUNCTION figures_" name "_changed() RETURNS trigger "         \
	"LANGUAGE plpgsql AS $$ BEGIN " SUMMARY_PG_CALLS(fn, set)             \
	"RETURN NULL; END $$; "

#define MUTUAL_PG_FUNC(name, set)                                             \
	SUMMARY_PG_FUNC(name, "figures_refresh", set)

#define SUMMARY_PG_TRIGGER(t, func, cols)                                     \
	"CREATE TRIGGER figures_" t " AFTER INSERT OR DELETE OR UPDATE OF "   \
	cols " ON " t " FOR EACH ROW EXECUTE PROCEDURE figures_" func         \
	"_changed(); "

/* The summaries, each with its migration (figures_*_install). */
enum summary {
	SUMMARY_MUTUAL,
	SUMMARY_LADDER,
	SUMMARY__MAX,
};

enum dialect {
	DIALECT_SQLITE,
	DIALECT_PG,
	DIALECT__MAX,
};

/*
 * The tables each summary is read from, and the columns of each that
 * its figure reads. The share: the asks, offers, visits and sign-ups by
 * their person, a login's deliveries through it, a session's visits and
 * shifts by its time, a shift's sign-ups by its session. The ladder:
 * the stage history by its person (nothing changes a row's id).
 */
static const char *const summary_triggers[SUMMARY__MAX][DIALECT__MAX] = {
	/* SUMMARY_MUTUAL */
	{
	/* DIALECT_SQLITE */
	MUTUAL_LITE_OWN("need", "person_id, created_at")
	MUTUAL_LITE_OWN("offer", "person_id, created_at")
	MUTUAL_LITE_OWN("attendance", "person_id, role, session_id")
	MUTUAL_LITE_OWN("shift_signup", "person_id, shift_id")
	MUTUAL_LITE_OWN("app_user", "person_id")
	MUTUAL_LITE_VIA("delivery", MUTUAL_COURIER, "user_id, outcome, at")
	MUTUAL_LITE_VIA("program_session", MUTUAL_SESSION, "starts_at")
	MUTUAL_LITE_VIA("shift", MUTUAL_SHIFT, "session_id"),
	/* DIALECT_PG */
	MUTUAL_PG_REFRESH
	MUTUAL_PG_FUNC("own", SUMMARY_PG_OWN_SET)
	MUTUAL_PG_FUNC("delivery", MUTUAL_COURIER)
	MUTUAL_PG_FUNC("session", MUTUAL_SESSION)
	MUTUAL_PG_FUNC("shift", MUTUAL_SHIFT)
	SUMMARY_PG_TRIGGER("need", "own", "person_id, created_at")
	SUMMARY_PG_TRIGGER("offer", "own", "person_id, created_at")
	SUMMARY_PG_TRIGGER("attendance", "own", "person_id, role, session_id")
	SUMMARY_PG_TRIGGER("shift_signup", "own", "person_id, shift_id")
	SUMMARY_PG_TRIGGER("app_user", "own", "person_id")
	SUMMARY_PG_TRIGGER("delivery", "delivery", "user_id, outcome, at")
	SUMMARY_PG_TRIGGER("program_session", "session", "starts_at")
	SUMMARY_PG_TRIGGER("shift", "shift", "session_id"),
	},
	/* SUMMARY_LADDER */
	{
	/* DIALECT_SQLITE */
	SUMMARY_LITE_OWN("person_stage", "person_id, stage, at",
	    LADDER_REFRESH),
	/* DIALECT_PG */
	LADDER_PG_REFRESH
	SUMMARY_PG_FUNC("stage", "figures_ladder_refresh", SUMMARY_PG_OWN_SET)
	SUMMARY_PG_TRIGGER("person_stage", "stage", "person_id, stage, at"),
	},
};

enum stmt {
	STMT_CLEAR,
	STMT_CLEAR_COUNTS,
	STMT_FILL,
	STMT_FILL_COUNTS,
	STMT__MAX,
};

static const char *const stmts[SUMMARY__MAX][STMT__MAX] = {
	/* SUMMARY_MUTUAL */
	{
	/* STMT_CLEAR, STMT_CLEAR_COUNTS */
	"DELETE FROM figures_mutual",
	"DELETE FROM figures_mutual_count",
	/* STMT_FILL: everyone at once */
	"INSERT INTO figures_mutual (person_id, " MUTUAL_COLS ") "
	MUTUAL_ROWS("IS NOT NULL"),
	/* STMT_FILL_COUNTS */
	"INSERT INTO figures_mutual_count (" MUTUAL_COLS ", people) "
	SUMMARY_KEYS("figures_mutual", MUTUAL_COLS, "IS NOT NULL"),
	},
	/* SUMMARY_LADDER */
	{
	"DELETE FROM figures_ladder",
	"DELETE FROM figures_ladder_count",
	"INSERT INTO figures_ladder (person_id, " LADDER_COLS ") "
	LADDER_ROWS("IS NOT NULL"),
	"INSERT INTO figures_ladder_count (" LADDER_COLS ", people) "
	SUMMARY_KEYS("figures_ladder", LADDER_COLS, "IS NOT NULL"),
	},
};

/* clang-format on */

/* The summary s written whole from what is there. 0, or -1. */
static int
summary_fill(struct db *db, enum summary s)
{
	size_t i;

	for (i = 0; i < STMT__MAX; i++)
		if (db_exec(db, stmts[s][i], NULL, 0) == -1)
			return -1;
	return 0;
}

/* The triggers of s, in the database's dialect, then its fill. */
static int
summary_install(struct db *db, enum summary s)
{
	enum dialect d = db_kind(db) == DB_POSTGRES ? DIALECT_PG
						    : DIALECT_SQLITE;

	if (db_script(db, summary_triggers[s][d]) == -1)
		return -1;
	return summary_fill(db, s);
}

int
figures_summary_rebuild(struct db *db)
{
	int s;

	for (s = 0; s < SUMMARY__MAX; s++)
		if (summary_fill(db, (enum summary)s) == -1)
			return -1;
	return 0;
}

const char figures_summary_pg[] = MUTUAL_PG_REFRESH LADDER_PG_REFRESH;

int
figures_summary_install(struct db *db)
{
	return summary_install(db, SUMMARY_MUTUAL);
}

int
figures_ladder_install(struct db *db)
{
	return summary_install(db, SUMMARY_LADDER);
}
