/* The emergency purge, driven by the registry's personal columns. */
#include <stdio.h>
#include <string.h>

#include "emergency.h"
#include "audit.h"
#include "tx.h"
#include "db/facing_summary.h"
#include "db/registry.h"
#include "util/buf.h"
#include "util/banned.h"

/*
 * Personal columns that may not be NULL but whose row still counts: what
 * they become. Any other such column makes its rows go whole.
 */
static const struct {
	const char *table, *column, *blank;
} emergency_blanks[] = {
	{ "person", "name", "'—'" },
	{ "person", "name_fold", "'—'" },
	{ "need", "details", "''" },
	{ "offer", "details", "''" },
	/* The admins' tokens stay, without the words they were labelled. */
	{ "api_token", "label", "''" },
};

/*
 * Logins: an admin's stays, to sign in after; any other becomes a name
 * no one can choose (logins have no spaces) with no password.
 */
static const char *const emergency_logins =
    "UPDATE app_user SET login = '(purged ' || id || ')', "
    "password_hash = '', disabled = 1 WHERE role <> 'admin'";
/* Sessions are hashes, but each is a way in: all end. */
static const char *const emergency_sessions = "DELETE FROM login_session";
static const char *const emergency_tokens =
    "DELETE FROM api_token WHERE user_id NOT IN "
    "(SELECT id FROM app_user WHERE role = 'admin')";

/*
 * PostgreSQL cannot test the hold in a trigger's WHEN (no subquery
 * there), so each row would still call its summary trigger's function:
 * two thirds of the purge's time on 100,000 asks. Where this role owns
 * every table (it ran the migrations), the purge switches the triggers
 * of the tables it writes off for its transaction instead, which
 * switches them on again before it commits; ALTER TABLE is
 * transactional there.
 */
static const char *const emergency_owner_pg =
    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
    "AND tableowner <> current_user";

/* ALTER TABLE t DISABLE or ENABLE TRIGGER USER on every table written. */
static int
emergency_triggers(struct db *db, const char *how)
{
	struct buf sql = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < REG__MAX && rc == 0; i++) {
		if (registry[i].personal[0] == NULL)
			continue;
		buf_reset(&sql);
		buf_printf(&sql, "ALTER TABLE %s %s TRIGGER USER",
		    registry[i].name, how);
		rc = db_exec_once(db, sql.ptr, NULL, 0) == -1 ? -1 : 0;
	}
	buf_free(&sql);
	return rc;
}

/* What a personal column becomes, or NULL when its rows must go. */
static const char *
emergency_blank(const char *table, const char *column, json_t *required)
{
	json_t *name;
	size_t i;

	for (i = 0; i < sizeof(emergency_blanks) / sizeof(emergency_blanks[0]);
	     i++)
		if (strcmp(emergency_blanks[i].table, table) == 0 &&
		    strcmp(emergency_blanks[i].column, column) == 0)
			return emergency_blanks[i].blank;
	json_array_foreach (required, i, name)
		if (strcmp(json_string_value(name), column) == 0)
			return NULL;
	return "NULL";
}

/*
 * One table's statement, built from the registry's names (never from
 * input): its personal columns emptied where any is not, or its rows
 * deleted; for an UPDATE, which rows it empties into where. 1 for an
 * UPDATE, 0 for a DELETE, -1 on error.
 */
static int
emergency_sql(struct db *db, const struct registry_table *t, struct buf *sql,
    struct buf *where)
{
	json_t *required = db_required_columns(db, t->name);
	const char *const *c;
	const char *blank;
	int update = 1;

	if (required == NULL)
		return -1;
	for (c = t->personal; *c != NULL; c++)
		if (emergency_blank(t->name, *c, required) == NULL)
			update = 0;
	if (!update) {
		buf_printf(sql, "DELETE FROM %s", t->name);
		json_decref(required);
		return 0;
	}
	buf_printf(sql, "UPDATE %s SET ", t->name);
	for (c = t->personal; *c != NULL; c++) {
		blank = emergency_blank(t->name, *c, required);
		buf_printf(sql, "%s%s = %s", c == t->personal ? "" : ", ", *c,
		    blank);
		if (strcmp(blank, "NULL") == 0)
			buf_printf(where, "%s%s IS NOT NULL",
			    c == t->personal ? "" : " OR ", *c);
		else
			buf_printf(where, "%s%s <> %s",
			    c == t->personal ? "" : " OR ", *c, blank);
	}
	buf_printf(sql, " WHERE %s", where->ptr);
	json_decref(required);
	return 1;
}

/*
 * PostgreSQL writes a new version of each row it updates, and each of
 * the table's indexes an entry for it: emptying 100,000 asks' details
 * kept their thirteen indexes for 6.5 of the purge's 8 seconds. Past
 * this many rows the indexes are dropped for the UPDATE and made again
 * after it (2.7 s), in the same transaction; the rewrite that follows
 * the commit makes them once more, from the rows as they are left.
 */
#define EMERGENCY_REINDEX_ROWS 5000
/*
 * But DROP INDEX waits for every transaction that has read the table (an
 * export's snapshot, kept while its client downloads; a backup), where
 * the UPDATE goes on beside them: past lock_timeout the whole purge
 * would fail, nothing deleted. With another session holding a lock on
 * the table, the indexes stay and the UPDATE is only slower.
 */
static const char *const emergency_readers_pg =
    "SELECT count(*) FROM pg_locks WHERE pid <> pg_backend_pid() AND "
    "relation = (SELECT oid FROM pg_class WHERE relname = ? AND "
    "relnamespace = current_schema()::regnamespace)";

/* A row counted by db_each_once, which needs nothing more of it. */
static int
emergency_seen(json_t *row, void *arg)
{
	return 0;
}

/*
 * Run one table's statement, where the rows an UPDATE empties (NULL for
 * a DELETE): the rows it changed, or -1.
 */
static int64_t
emergency_run(struct db *db, const struct registry_table *t, const char *sql,
    const char *where)
{
	struct buf first = BUF_INIT;
	struct db_val name = DBV_TEXT(t->name);
	json_t *indexes = NULL;
	int64_t n, readers = 0;

	if (where != NULL && db_kind(db) == DB_POSTGRES) {
		buf_printf(&first, "SELECT 1 FROM %s WHERE %s LIMIT %d",
		    t->name, where, EMERGENCY_REINDEX_ROWS);
		n = db_each_once(db, first.ptr, NULL, 0, emergency_seen, NULL);
		buf_free(&first);
		if (n == -1 ||
		    (n == EMERGENCY_REINDEX_ROWS &&
			db_int(db, emergency_readers_pg, &name, 1, &readers) !=
			    1))
			return -1;
		if (n == EMERGENCY_REINDEX_ROWS && readers == 0 &&
		    (indexes = db_indexes_drop(db, t->name)) == NULL)
			return -1;
	}
	n = db_exec_once(db, sql, NULL, 0);
	if (n != -1 && indexes != NULL && db_indexes_make(db, indexes) == -1)
		n = -1;
	json_decref(indexes);
	return n;
}

struct emergency_work {
	const struct viewer *v;
	struct emergency_counts *out;
};

static int
emergency_work(struct db *db, void *arg, struct problem *p)
{
	struct emergency_work *w = arg;
	struct buf sql = BUF_INIT, where = BUF_INIT;
	int64_t others = 1, n;
	size_t i;
	int kind;

	memset(w->out, 0, sizeof(*w->out));
	if (db_kind(db) == DB_POSTGRES &&
	    (db_int(db, emergency_owner_pg, NULL, 0, &others) == -1 ||
		(others == 0 && emergency_triggers(db, "DISABLE") == -1)))
		return tx_problem(db, p);
	/*
	 * The summaries the figures and /facing read (ids and counts) stay
	 * as they are: the network's history, which the purge must not
	 * move, and each row a trigger would rewrite a person's summary for
	 * would cost a purge of 100,000 asks a minute. The audit entry
	 * first, so that its own address is emptied with the others'.
	 */
	if (facing_summary_hold(db) == -1 ||
	    audit_log(db, w->v, "emergency purge", NULL, 0) == -1 ||
	    db_exec_once(db, emergency_sessions, NULL, 0) == -1 ||
	    db_exec_once(db, emergency_tokens, NULL, 0) == -1)
		return tx_problem(db, p);
	for (i = 0; i < REG__MAX; i++) {
		if (registry[i].personal[0] == NULL)
			continue;
		buf_reset(&sql);
		buf_reset(&where);
		if (strcmp(registry[i].name, "app_user") == 0) {
			buf_adds(&sql, emergency_logins);
			kind = 1;
		} else
			kind = emergency_sql(db, &registry[i], &sql, &where);
		n = kind == -1 ? -1
			       : emergency_run(db, &registry[i], sql.ptr,
				     where.len > 0 ? where.ptr : NULL);
		if (n == -1) {
			buf_free(&sql);
			buf_free(&where);
			return tx_problem(db, p);
		}
		w->out->tables++;
		if (kind == 1)
			w->out->cleared += n;
		else
			w->out->deleted += n;
	}
	buf_free(&where);
	buf_free(&sql);
	if ((db_kind(db) == DB_POSTGRES && others == 0 &&
		emergency_triggers(db, "ENABLE") == -1) ||
	    facing_summary_release(db) == -1)
		return tx_problem(db, p);
	return 0;
}

int
emergency_purge(struct db *db, const struct viewer *v,
    struct emergency_counts *out, struct problem *p)
{
	struct emergency_work w = { v, out };
	const char *names[REG__MAX + 1];
	size_t i, n = 0;

	if (tx_run(db, emergency_work, &w, p) == -1)
		return -1;
	for (i = 0; i < REG__MAX; i++)
		if (registry[i].personal[0] != NULL ||
		    strcmp(registry[i].name, "login_session") == 0)
			names[n++] = registry[i].name;
	names[n] = NULL;
	/*
	 * SQLite overwrites what it frees (secure_delete, db_sqlite.c);
	 * VACUUM then rebuilds the file without a free page, and the
	 * checkpoint moves it out of the log and truncates the log.
	 * PostgreSQL rewrites the tables (db_checkpoint).
	 */
	if (db_vacuum(db) == -1 || db_checkpoint(db, names) == -1)
		return 1;
	return 0;
}
