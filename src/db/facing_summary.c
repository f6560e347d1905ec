/*
 * The summary behind /facing (schema/018_facing_summary): triggers that
 * write again, on every change to what a person's asks and conversations
 * name, that one person's rows, and adjust the counts by the difference.
 */
#include <stddef.h>

#include "facing_summary.h"
#include "sqltext.h"
#include "summary_pg.h"
#include "util/buf.h"
#include "util/banned.h"

/*
 * Laid out by hand: the formatter breaks a string put together from
 * macros into a column of single letters.
 */
/* clang-format off */

/*
 * What one side names, s its rows (need or conversation) and tags its
 * tags joined on fk, when: one row per name, with who and when. A
 * conversation may have no place: its place rows are left out then.
 */
#define SUMMARY_SIDE(side, tags, fk, when, who)                               \
	"SELECT 'target' AS dim, CAST(s.target_id AS TEXT) AS key, "          \
	"'' AS sub, s.person_id, s." when " AS at FROM " side " s "           \
	"WHERE s.target_id IS NOT NULL AND " who " "                          \
	"UNION ALL SELECT 'target_zone', CAST(s.target_id AS TEXT), "         \
	"CAST(s.zone_id AS TEXT), s.person_id, s." when " "                   \
	"FROM " side " s WHERE s.target_id IS NOT NULL "                      \
	"AND s.zone_id IS NOT NULL AND " who " "                              \
	"UNION ALL SELECT 'zone', CAST(s.zone_id AS TEXT), '', s.person_id, " \
	"s." when " FROM " side " s WHERE s.zone_id IS NOT NULL AND " who " " \
	"UNION ALL SELECT 'tag', g.tag, '', s.person_id, s." when " "         \
	"FROM " side " s JOIN " tags " g ON g." fk " = s.id WHERE " who " "   \
	"UNION ALL SELECT 'target_tag', CAST(s.target_id AS TEXT), g.tag, "   \
	"s.person_id, s." when " FROM " side " s "                            \
	"JOIN " tags " g ON g." fk " = s.id "                                 \
	"WHERE s.target_id IS NOT NULL AND " who " "                          \
	"UNION ALL SELECT 'tag_zone', g.tag, CAST(s.zone_id AS TEXT), "       \
	"s.person_id, s." when " FROM " side " s "                            \
	"JOIN " tags " g ON g." fk " = s.id "                                 \
	"WHERE s.zone_id IS NOT NULL AND " who

/*
 * facing_person's rows of the people who (a condition on s.person_id)
 * selects, from both sides: each person once under each name, with
 * their latest.
 */
#define SUMMARY_SEEN(who)                                                     \
	"SELECT u.dim, u.key, u.sub, u.person_id, max(u.at) FROM ("           \
	SUMMARY_SIDE("need", "need_tag", "need_id", "created_at", who)        \
	" UNION ALL "                                                         \
	SUMMARY_SIDE("conversation", "conversation_tag", "conversation_id",   \
	    "at", who)                                                        \
	") u GROUP BY u.dim, u.key, u.sub, u.person_id"

/*
 * The rows of facing_key one person counts in, by x, an expression of
 * their id: each name they are under, and for each of a target, a tag
 * and a place, the day of their latest ('target_day', the key, the
 * day), so that those seen since a time are a sum of a few days.
 */
#define SUMMARY_NAMES(x)                                                      \
	"SELECT f.dim, f.key, f.sub FROM facing_person f "                    \
	"WHERE f.person_id = " x
#define SUMMARY_DAYS(x)                                                       \
	"SELECT f.dim || '_day', f.key, substr(f.latest, 1, 10) "             \
	"FROM facing_person f WHERE f.person_id = " x " AND f.sub = ''"
#define SUMMARY_MINE(x)                                                       \
	"(" SUMMARY_NAMES(x) " UNION ALL " SUMMARY_DAYS(x) ")"

/*
 * The names of q (one of the above) lose person: one that had only them
 * goes. Once for the names and once for the days: SQLite (3.40) seeks a
 * row value IN a UNION ALL by reading the whole table, 15,000 counts at
 * each new ask on 100,000 asks (9.6 of its 10 ms); IN one SELECT, it
 * seeks the key. The two sets never share a name (dim, or dim_day).
 */
#define SUMMARY_LEAVE(q)                                                      \
	"DELETE FROM facing_key WHERE people = 1 "                            \
	"AND (dim, key, sub) IN (" q "); "                                    \
	"UPDATE facing_key SET people = people - 1 "                          \
	"WHERE (dim, key, sub) IN (" q "); "

/*
 * Write person x's rows again and move the counts by the difference: a
 * name they leave loses one person (and goes with its last), a name they
 * come to gains one. Each statement ends with ';', for a trigger's
 * body (SQLite's, whose one writer writes them all; PostgreSQL's writes
 * only the difference, see SUMMARY_PG_REFRESH). A person has few asks
 * and conversations, so this is a few index ranges, whatever the totals.
 */
#define SUMMARY_REFRESH(x)                                                    \
	SUMMARY_LEAVE(SUMMARY_NAMES(x)) SUMMARY_LEAVE(SUMMARY_DAYS(x))        \
	"DELETE FROM facing_person WHERE person_id = " x "; "                 \
	"INSERT INTO facing_person (dim, key, sub, person_id, latest) "       \
	SUMMARY_SEEN("s.person_id = " x) "; "                                 \
	"INSERT INTO facing_key (dim, key, sub, people) "                     \
	"SELECT m.dim, m.key, m.sub, 1 FROM " SUMMARY_MINE(x) " m "          \
	"WHERE 1 = 1 ORDER BY m.dim, m.key, m.sub "                           \
	"ON CONFLICT (dim, key, sub) DO UPDATE "                              \
	"SET people = facing_key.people + 1; "

/*
 * What one post adds (SQLite's insert of an ask, a conversation or a
 * tag): the names post (an expression of its id) gives its person, with
 * its time, each once. An insert only adds names and moves the latest
 * on, so the person's other rows need not be read: a new ask costs the
 * same whether its person asked twice or a thousand times (a refresh
 * read them all, and each of the ask's tags read them all again).
 */
#define SUMMARY_POST(side, tags, fk, when, post)                              \
	"(SELECT dim, key, sub, person_id, max(at) AS at FROM ("              \
	SUMMARY_SIDE(side, tags, fk, when, "s.id = " post)                    \
	") GROUP BY dim, key, sub, person_id)"

/*
 * The day of a name the person had whose latest the post moves to a
 * later day: the key of the day before, in the columns of facing_key.
 */
#define SUMMARY_DAY_BEFORE(n)                                                 \
	"SELECT f.dim || '_day', f.key, substr(f.latest, 1, 10) "             \
	"FROM facing_person f JOIN " n " n ON n.dim = f.dim "                 \
	"AND n.key = f.key AND n.sub = f.sub AND n.person_id = f.person_id "  \
	"WHERE f.sub = '' AND substr(n.at, 1, 10) > substr(f.latest, 1, 10)"

/*
 * The post's names added to its person's, before facing_person is
 * written, so that it still says what the person had: a day key left
 * (SUMMARY_LEAVE), then one person more for each name new to them, for
 * its day, and for the new day of a name whose latest moves on; then
 * facing_person's rows added or their latest moved on.
 */
#define SUMMARY_ADD(n)                                                        \
	SUMMARY_LEAVE(SUMMARY_DAY_BEFORE(n))                                  \
	"INSERT INTO facing_key (dim, key, sub, people) "                     \
	"SELECT a.dim, a.key, a.sub, 1 FROM ("                                \
	"SELECT n.dim, n.key, n.sub FROM " n " n WHERE NOT EXISTS ("          \
	"SELECT 1 FROM facing_person f WHERE f.dim = n.dim "                  \
	"AND f.key = n.key AND f.sub = n.sub AND f.person_id = n.person_id) " \
	"UNION ALL SELECT n.dim || '_day', n.key, substr(n.at, 1, 10) "       \
	"FROM " n " n WHERE n.sub = '' AND NOT EXISTS ("                      \
	"SELECT 1 FROM facing_person f WHERE f.dim = n.dim "                  \
	"AND f.key = n.key AND f.sub = n.sub AND f.person_id = n.person_id "  \
	"AND substr(f.latest, 1, 10) >= substr(n.at, 1, 10))) a "             \
	"WHERE 1 = 1 ON CONFLICT (dim, key, sub) DO UPDATE "                  \
	"SET people = facing_key.people + 1; "                                \
	"INSERT INTO facing_person (dim, key, sub, person_id, latest) "       \
	"SELECT dim, key, sub, person_id, at FROM " n " WHERE 1 = 1 "         \
	"ON CONFLICT (dim, key, sub, person_id) DO UPDATE "                   \
	"SET latest = excluded.latest "                                       \
	"WHERE excluded.latest > facing_person.latest; "

/*
 * Whether the triggers write: not while a loader holds them (a row in
 * facing_hold, inside its own transaction), to write the tables whole
 * once at its end (facing_summary_rebuild).
 */
#define SUMMARY_LIVE "NOT EXISTS (SELECT 1 FROM facing_hold)"

/* The person behind a tag row r (NEW or OLD) of side's tags. */
#define SUMMARY_OWNER(side, r, fk)                                            \
	"(SELECT person_id FROM " side " WHERE id = " r "." fk ")"

/*
 * SQLite: a trigger body cannot call another, so each trigger carries
 * the refresh of the person it touches. A post (an ask or a
 * conversation) adds its names on insert (as a tag does), and refreshes
 * its person on delete and on a change of what it names; a move to
 * another person refreshes the one it left too.
 */
#define SUMMARY_LITE_POST(side, tags, fk, when)                               \
	"CREATE TRIGGER facing_" side "_insert AFTER INSERT ON " side " "     \
	"WHEN " SUMMARY_LIVE " BEGIN "                                        \
	SUMMARY_ADD(SUMMARY_POST(side, tags, fk, when, "NEW.id")) "END; "     \
	"CREATE TRIGGER facing_" side "_update AFTER UPDATE OF person_id, "   \
	"target_id, zone_id, " when " ON " side " "                           \
	"WHEN " SUMMARY_LIVE " AND (OLD.person_id IS NOT NEW.person_id "      \
	"OR OLD.target_id IS NOT NEW.target_id "                              \
	"OR OLD.zone_id IS NOT NEW.zone_id "                                  \
	"OR OLD." when " IS NOT NEW." when ") BEGIN "                         \
	SUMMARY_REFRESH("NEW.person_id") "END; "                              \
	"CREATE TRIGGER facing_" side "_move AFTER UPDATE OF person_id "      \
	"ON " side " "                                                        \
	"WHEN " SUMMARY_LIVE " AND OLD.person_id IS NOT NEW.person_id BEGIN " \
	SUMMARY_REFRESH("OLD.person_id") "END; "                              \
	"CREATE TRIGGER facing_" side "_delete AFTER DELETE ON " side " "     \
	"WHEN " SUMMARY_LIVE " BEGIN "                                        \
	SUMMARY_REFRESH("OLD.person_id") "END; "

/* A tag row's: its post's names, or its post's person, as above. */
#define SUMMARY_LITE_TAGS(side, tags, fk, when)                               \
	"CREATE TRIGGER facing_" tags "_insert AFTER INSERT ON " tags " "     \
	"WHEN " SUMMARY_LIVE " BEGIN "                                        \
	SUMMARY_ADD(SUMMARY_POST(side, tags, fk, when, "NEW." fk)) "END; "    \
	"CREATE TRIGGER facing_" tags "_update AFTER UPDATE ON " tags " "     \
	"WHEN " SUMMARY_LIVE " BEGIN "                                        \
	SUMMARY_REFRESH(SUMMARY_OWNER(side, "NEW", fk)) "END; "               \
	"CREATE TRIGGER facing_" tags "_move AFTER UPDATE OF " fk " "         \
	"ON " tags " "                                                        \
	"WHEN " SUMMARY_LIVE " AND OLD." fk " IS NOT NEW." fk " BEGIN "       \
	SUMMARY_REFRESH(SUMMARY_OWNER(side, "OLD", fk)) "END; "               \
	"CREATE TRIGGER facing_" tags "_delete AFTER DELETE ON " tags " "     \
	"WHEN " SUMMARY_LIVE " BEGIN "                                        \
	SUMMARY_REFRESH(SUMMARY_OWNER(side, "OLD", fk)) "END; "

/*
 * PostgreSQL: one function refreshes a person, one per side adds what a
 * post names; a trigger function per kind of table calls them for the
 * person a row leaves and the one it comes to. An update that changes
 * nothing /facing reads calls nothing. Writers run side by side there
 * (db_pg.c), so each function (fn, with its parameters) writes only what
 * changed (summary_pg.h): facing_person's rows of the person, from rows,
 * and the counts of the names those give (as SUMMARY_MINE reads them
 * from facing_person before).
 */
#define SUMMARY_PG_WRITE(fn, rows)                                            \
	SUMMARY_PG_FUNCTION(fn, "facing_person", "facing_key", SUMMARY_LIVE,  \
	    rows, "dim, key, sub",                                            \
	    "SELECT dim, key, sub FROM unnest(s) UNION ALL "                  \
	    "SELECT dim || '_day', key, substr(latest, 1, 10) "               \
	    "FROM unnest(s) WHERE sub = ''",                                  \
	    "SELECT * FROM " SUMMARY_MINE("who") " m", "dim, key, sub",        \
	    "dim, key, sub, person_id", "latest = excluded.latest",           \
	    "facing_person.latest <> excluded.latest")

/*
 * An insert's (of a post, or of a tag of post): the person's rows are
 * what they had and what the post names, read from facing_person and
 * the post alone, not from all they asked and said.
 */
#define SUMMARY_PG_ADD(side, tags, fk, when)                                  \
	SUMMARY_PG_WRITE("facing_add_" side "(who BIGINT, post BIGINT)",      \
	    "SELECT dim, key, sub, person_id, max(at) FROM ("                 \
	    "SELECT dim, key, sub, person_id, latest AS at FROM facing_person " \
	    "WHERE person_id = who UNION ALL "                                \
	    SUMMARY_SIDE(side, tags, fk, when, "s.id = post")                 \
	    ") u GROUP BY dim, key, sub, person_id")

/*
 * The trigger functions: a post's insert adds, its delete and a change
 * refresh; a tag's likewise, for its post's person.
 */
#define SUMMARY_PG_POST_CHANGED                                               \
	"CREATE OR REPLACE FUNCTION facing_post_changed() RETURNS trigger "   \
	"LANGUAGE plpgsql AS $$ BEGIN "                                       \
	"IF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'need' THEN "                \
	"PERFORM facing_add_need(NEW.person_id, NEW.id); "                    \
	"ELSIF TG_OP = 'INSERT' THEN "                                        \
	"PERFORM facing_add_conversation(NEW.person_id, NEW.id); "            \
	"ELSE PERFORM facing_refresh(OLD.person_id); END IF; "                \
	"IF TG_OP = 'UPDATE' AND "                                            \
	"NEW.person_id IS DISTINCT FROM OLD.person_id THEN "                  \
	"PERFORM facing_refresh(NEW.person_id); END IF; "                     \
	"RETURN NULL; END $$; "

#define SUMMARY_PG_TAGS_CHANGED(side, tags, fk)                               \
	"CREATE OR REPLACE FUNCTION facing_" tags "_changed() "               \
	"RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "                       \
	"IF TG_OP = 'INSERT' THEN PERFORM facing_add_" side "("               \
	SUMMARY_OWNER(side, "NEW", fk) ", NEW." fk "); "                      \
	"ELSE PERFORM facing_refresh(" SUMMARY_OWNER(side, "OLD", fk) "); "   \
	"END IF; "                                                            \
	"IF TG_OP = 'UPDATE' AND NEW." fk " IS DISTINCT FROM OLD." fk " THEN " \
	"PERFORM facing_refresh(" SUMMARY_OWNER(side, "NEW", fk) "); "        \
	"END IF; RETURN NULL; END $$; "

/*
 * The functions, as a script of CREATE OR REPLACE: made with the
 * triggers, and written again by the migrations that change them.
 */
#define SUMMARY_PG_FUNCTIONS                                                  \
	SUMMARY_PG_WRITE("facing_refresh(who BIGINT)",                        \
	    SUMMARY_SEEN("s.person_id = who"))                                \
	SUMMARY_PG_ADD("need", "need_tag", "need_id", "created_at")           \
	SUMMARY_PG_ADD("conversation", "conversation_tag", "conversation_id", \
	    "at")                                                             \
	SUMMARY_PG_POST_CHANGED                                               \
	SUMMARY_PG_TAGS_CHANGED("need", "need_tag", "need_id")                \
	SUMMARY_PG_TAGS_CHANGED("conversation", "conversation_tag",           \
	    "conversation_id")

#define SUMMARY_PG_POST(side, when)                                           \
	"CREATE TRIGGER facing_" side " AFTER INSERT OR DELETE ON " side " "  \
	"FOR EACH ROW EXECUTE PROCEDURE facing_post_changed(); "              \
	"CREATE TRIGGER facing_" side "_update AFTER UPDATE OF person_id, "   \
	"target_id, zone_id, " when " ON " side " FOR EACH ROW "              \
	"WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id "                 \
	"OR OLD.target_id IS DISTINCT FROM NEW.target_id "                    \
	"OR OLD.zone_id IS DISTINCT FROM NEW.zone_id "                        \
	"OR OLD." when " IS DISTINCT FROM NEW." when ") "                     \
	"EXECUTE PROCEDURE facing_post_changed(); "

#define SUMMARY_PG_TAGS(side, tags, fk)                                       \
	"CREATE TRIGGER facing_" tags " AFTER INSERT OR UPDATE OR DELETE "    \
	"ON " tags " FOR EACH ROW EXECUTE PROCEDURE facing_" tags "_changed(); "

enum dialect {
	DIALECT_SQLITE,
	DIALECT_PG,
	DIALECT__MAX,
};

/* The triggers, as one script for each backend. */
static const char *const summary_triggers[DIALECT__MAX] = {
	/* DIALECT_SQLITE */
	SUMMARY_LITE_POST("need", "need_tag", "need_id", "created_at")
	SUMMARY_LITE_POST("conversation", "conversation_tag",
	    "conversation_id", "at")
	SUMMARY_LITE_TAGS("need", "need_tag", "need_id", "created_at")
	SUMMARY_LITE_TAGS("conversation", "conversation_tag",
	    "conversation_id", "at"),
	/*
	 * DIALECT_PG. The person's row is locked first: two transactions
	 * writing for the same person side by side would each move the
	 * counts by what they saw before the other's commit.
	 */
	SUMMARY_PG_FUNCTIONS
	SUMMARY_PG_POST("need", "created_at")
	SUMMARY_PG_POST("conversation", "at")
	SUMMARY_PG_TAGS("need", "need_tag", "need_id")
	SUMMARY_PG_TAGS("conversation", "conversation_tag",
	    "conversation_id"),
};

enum stmt {
	STMT_HOLD,
	STMT_RELEASE,
	STMT_CLEAR_KEYS,
	STMT_CLEAR_PEOPLE,
	STMT_FILL_PEOPLE,
	STMT_FILL_KEYS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_HOLD */
	"INSERT INTO facing_hold (held) VALUES (1)",
	/* STMT_RELEASE: the rebuild's steps from here on */
	"DELETE FROM facing_hold",
	/* STMT_CLEAR_KEYS */
	"DELETE FROM facing_key",
	/* STMT_CLEAR_PEOPLE */
	"DELETE FROM facing_person",
	/* STMT_FILL_PEOPLE: everyone at once */
	"INSERT INTO facing_person (dim, key, sub, person_id, latest) "
	SUMMARY_SEEN("1 = 1"),
	/* STMT_FILL_KEYS: as SUMMARY_MINE counts a person */
	"INSERT INTO facing_key (dim, key, sub, people) "
	"SELECT dim, key, sub, count(*) FROM facing_person "
	"GROUP BY dim, key, sub "
	"UNION ALL SELECT dim || '_day', key, substr(latest, 1, 10), count(*) "
	"FROM facing_person WHERE sub = '' "
	"GROUP BY dim, key, substr(latest, 1, 10)",
};

/* clang-format on */

int
facing_summary_hold(struct db *db)
{
	return db_exec(db, stmts[STMT_HOLD], NULL, 0) == 1 ? 0 : -1;
}

int
facing_summary_release(struct db *db)
{
	return db_exec(db, stmts[STMT_RELEASE], NULL, 0) == -1 ? -1 : 0;
}

/* The statements of stmts from first to last, in order. 0, or -1. */
static int
summary_run(struct db *db, enum stmt first, enum stmt last)
{
	size_t i;

	for (i = first; i <= last; i++)
		if (db_exec(db, stmts[i], NULL, 0) == -1)
			return -1;
	return 0;
}

/*
 * The people's rows go in in their key's order; the other indexes of
 * facing_person are set aside meanwhile and made after them, a sort
 * each, rather than a search among pages that outgrow the cache for
 * every row (millions of rows for millions of asks).
 */
int
facing_summary_rebuild(struct db *db)
{
	json_t *indexes;
	int rc = -1;

	if (summary_run(db, STMT_RELEASE, STMT_CLEAR_PEOPLE) == -1)
		return -1;
	indexes = db_indexes_drop(db, "facing_person");
	if (indexes == NULL)
		return -1;
	if (summary_run(db, STMT_FILL_PEOPLE, STMT_FILL_PEOPLE) == 0 &&
	    db_indexes_make(db, indexes) == 0)
		rc = summary_run(db, STMT_FILL_KEYS, STMT_FILL_KEYS);
	json_decref(indexes);
	return rc;
}

/*
 * 045, 047: the SQLite triggers written again as this file now has them
 * (a trigger keeps the text it was made with); on PostgreSQL the
 * functions the triggers call, which are replaced in place.
 */
int
facing_summary_retrigger(struct db *db)
{
	static const char *const names_sql =
	    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
	    "AND name LIKE 'facing\\_%' ESCAPE '\\'";
	struct buf drop = BUF_INIT;
	json_t *rows, *row;
	size_t i;
	int rc;

	if (db_kind(db) == DB_POSTGRES)
		return db_script(db, facing_summary_pg);
	rows = db_rows(db, names_sql, NULL, 0);
	if (rows == NULL)
		return -1;
	json_array_foreach (rows, i, row) {
		buf_adds(&drop, "DROP TRIGGER ");
		sqltext_quote_name(&drop,
		    json_string_value(json_object_get(row, "name")));
		buf_adds(&drop, "; ");
	}
	json_decref(rows);
	buf_adds(&drop, summary_triggers[DIALECT_SQLITE]);
	rc = db_script(db, drop.ptr);
	buf_free(&drop);
	return rc;
}

const char facing_summary_pg[] = SUMMARY_PG_FUNCTIONS;

int
facing_summary_install(struct db *db)
{
	enum dialect d = db_kind(db) == DB_POSTGRES ? DIALECT_PG
						    : DIALECT_SQLITE;

	if (db_script(db, summary_triggers[d]) == -1)
		return -1;
	return facing_summary_rebuild(db);
}
