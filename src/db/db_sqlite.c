/* The SQLite backend of db.h: the only file that includes <sqlite3.h>. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <strings.h>
#include <unistd.h>

#include "db_backend.h"
#include "sqltext.h"
#include "stmt_cache.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/clock.h"
#include "util/banned.h"

struct sqlite_db {
	struct db base; /* first: see db_backend.h */
	sqlite3 *conn;
	struct stmt_cache stmts; /* sqlite3_stmt by SQL */
	int in_tx;               /* holds db_write_lock */
	int held;                /* a request's read (db_request_begin) */
	int64_t data_version;    /* as last seen */
	/* What the statement being prepared reads and writes (authorizer). */
	struct change_set reads, writes;
	/*
	 * The writes of the statement last run, in the scope it ran in, and
	 * the count of changed rows before it: told once it changed any.
	 */
	struct change_set pending;
	struct change_scope pending_scope;
	sqlite3_int64 pending_from;
	int64_t seen_mark; /* change_stamp's last seen here; -1 none yet */
	/*
	 * When data_version last moved without a new mark (clock_mono), 0
	 * when it has not since a mark came: see sqlite_generation.
	 */
	long unmarked_since;
};

/* A statement kept in the cache, with what it reads and writes. */
struct sqlite_kept {
	sqlite3_stmt *st;
	struct change_set reads, writes;
};

/* The backend's struct behind a struct db that sqlite_open made. */
#define SQLITE_DB(d) ((struct sqlite_db *)(d))

/*
 * Plan checks, for tests (docs/testing.md): with SOLIDARITY_PLANS naming a
 * file, every statement the cache prepares is also explained, and the
 * lines of its plan that read all of a table growing with the network, or
 * sort such a table's rows, are appended to the file after the statement.
 * SQLite plans without statistics, as for a new network: a scan here is
 * one there. Unset, a statement's first preparation tests one pointer.
 */
static const char *plans_path;
static pthread_mutex_t plans_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The tables whose size is the network's shape (its zones, categories,
 * logins, programs, places, funds, the counts of asks by zone, category
 * and status, the stock of each item in each place …) and not its
 * traffic: scanning one of these is reading a short list.
 */
static const char *const plans_small[] = { "api_token", "app_user", "category",
	"curriculum", "facing_key", "fund", "fund_treasurer", "item",
	"location", "need_tally", "program", "rule", "schema_version",
	"sms_gateway", "stock_level", "stock_threshold", "target",
	"target_zone", "training", "user_zone", "zone", "zone_adjacent", NULL };

/*
 * SQLite's memory statistics take a global lock on every allocation, which
 * the worker threads would fight over; we never read the statistics.
 */
static void
sqlite_global_init(void)
{
	const char *plans = getenv("SOLIDARITY_PLANS");

	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (plans != NULL && *plans != '\0')
		plans_path = plans;
}

/* Whether the name of len bytes at s is a table of conn's, not a small one. */
static int
plans_big(sqlite3 *conn, const char *s, size_t len)
{
	static const char *const table_sql =
	    "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
	    "AND name = ?1 COLLATE NOCASE";
	sqlite3_stmt *st;
	size_t i;
	int found;

	for (i = 0; plans_small[i] != NULL; i++)
		if (strlen(plans_small[i]) == len &&
		    strncasecmp(plans_small[i], s, len) == 0)
			return 0;
	if (sqlite3_prepare_v2(conn, table_sql, -1, &st, NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_text(st, 1, s, (int)len, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* The identifier at *p in sql, skipping quoted text: its length, 0 at end. */
static size_t
plans_word(const char **p)
{
	const char *s = *p;
	size_t n;

	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			s = strchr(s + 1, '\'');
			if (s == NULL)
				break;
		} else if (isalpha((unsigned char)*s) || *s == '_')
			break;
	}
	if (s == NULL || *s == '\0') {
		*p = s == NULL ? "" : s;
		return 0;
	}
	for (n = 0; isalnum((unsigned char)s[n]) || s[n] == '_'; n++)
		continue;
	*p = s;
	return n;
}

/* Whether sql says LIMIT (outside quoted text). */
static int
plans_limited(const char *sql)
{
	const char *p = sql;
	size_t n;

	while ((n = plans_word(&p)) > 0) {
		if (n == 5 && strncasecmp(p, "LIMIT", 5) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Whether name (what a plan line calls a table: its alias when it has
 * one) stands in sql for a table growing with the network: the table
 * itself, or any table sql gives that alias ("need n", "need AS n").
 */
static int
plans_grows(sqlite3 *conn, const char *sql, const char *name, size_t len)
{
	const char *p = sql, *prev = NULL, *before = NULL;
	size_t n, prevn = 0, beforen = 0;

	if (plans_big(conn, name, len))
		return 1;
	while ((n = plans_word(&p)) > 0) {
		if (n == len && strncasecmp(p, name, len) == 0) {
			if (prevn == 2 && strncasecmp(prev, "AS", 2) == 0) {
				prev = before;
				prevn = beforen;
			}
			if (prevn > 0 && plans_big(conn, prev, prevn))
				return 1;
		}
		before = prev;
		beforen = prevn;
		prev = p;
		prevn = n;
		p += n;
	}
	return 0;
}

/*
 * The name after the plan line's first word, when that word is one of
 * words (space-separated, each with its space): its length, else 0.
 */
static size_t
plans_name(const char *detail, const char *words, const char **name)
{
	const char *s = strchr(detail, ' ');
	size_t n;

	if (s == NULL)
		return 0;
	n = (size_t)(s - detail) + 1;
	for (; *words != '\0'; words += strcspn(words, " ") + 1)
		if (strncmp(words, detail, n) == 0) {
			*name = s + 1;
			return strcspn(*name, " ");
		}
	return 0;
}

/*
 * A plan's nodes as EXPLAIN QUERY PLAN numbers them, and the subqueries
 * read as tables (MATERIALIZE, CO-ROUTINE): their node and alias.
 */
struct plans_tree {
	struct {
		int id, parent;
	} node[128];
	size_t n;
	struct {
		int id;
		const char *name;
		size_t len;
	} derived[16];
	size_t nderived;
};

/* Whether node id lies under node top (or is it). */
static int
plans_under(const struct plans_tree *t, int id, int top)
{
	size_t i, hops;

	for (hops = 0; hops < t->n && id != 0; hops++) {
		if (id == top)
			return 1;
		for (i = 0; i < t->n && t->node[i].id != id; i++)
			continue;
		if (i == t->n)
			return 0;
		id = t->node[i].parent;
	}
	return id == top;
}

/*
 * Whether a loop over the name of len bytes, at node parent, reads a
 * subquery's rows: a derived table of that alias that the loop is not
 * inside ("FROM (SELECT … FROM need n …) n" reads need as n within, and
 * the page as n without).
 */
static int
plans_derived(const struct plans_tree *t, int parent, const char *name,
    size_t len)
{
	size_t i;

	for (i = 0; i < t->nderived; i++)
		if (t->derived[i].len == len &&
		    strncmp(t->derived[i].name, name, len) == 0 &&
		    !plans_under(t, parent, t->derived[i].id))
			return 1;
	return 0;
}

/*
 * Explain sql on conn and append what is wrong with its plan to the file:
 * a line "SCAN t" (no index: every row read) of a growing table, "SCAN t
 * USING … INDEX" in a statement without a LIMIT (the whole index read,
 * as a count does), or "USE TEMP B-TREE FOR ORDER BY" in a query whose
 * first loop reads a growing table (every row that passed the filters
 * sorted before the first comes out; a sort of a subquery's page, joined
 * to others, is not). A walk along an index under a LIMIT is allowed:
 * its order lets LIMIT stop it.
 */
static void
sqlite_plans_check(sqlite3 *conn, const char *sql)
{
	struct buf q = BUF_INIT, out = BUF_INIT;
	struct plans_tree *tree = xcalloc(1, sizeof(*tree));
	sqlite3_stmt *st;
	struct {
		int parent;
		int outer; /* its first loop: 1 a growing table, -1 not */
		int sorted;
	} sel[64];
	size_t nsel = 0, i, len;
	const char *detail, *name;
	int fd, parent, grows, limited, bad = 0;

	buf_printf(&q, "EXPLAIN QUERY PLAN %.*s",
	    (int)sqltext_unlocked_len(sql), sql);
	if (sqlite3_prepare_v2(conn, q.ptr, -1, &st, NULL) != SQLITE_OK) {
		buf_printf(&out, "%s\n  cannot explain: %s\n", sql,
		    sqlite3_errmsg(conn));
		bad = 1;
		goto write;
	}
	buf_printf(&out, "%s\n", sql);
	limited = plans_limited(sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		parent = sqlite3_column_int(st, 1);
		detail = (const char *)sqlite3_column_text(st, 3);
		if (tree->n < sizeof(tree->node) / sizeof(tree->node[0])) {
			tree->node[tree->n].id = sqlite3_column_int(st, 0);
			tree->node[tree->n].parent = parent;
			tree->n++;
		}
		if (detail == NULL)
			continue;
		for (i = 0; i < nsel && sel[i].parent != parent; i++)
			continue;
		if (i == nsel && nsel < sizeof(sel) / sizeof(sel[0])) {
			sel[nsel].parent = parent;
			sel[nsel].outer = sel[nsel].sorted = 0;
			nsel++;
		}
		if (strcmp(detail, "USE TEMP B-TREE FOR ORDER BY") == 0) {
			if (i < nsel)
				sel[i].sorted = 1;
			continue;
		}
		/* A subquery's rows, named after its alias: read elsewhere. */
		len = plans_name(detail, "MATERIALIZE CO-ROUTINE ", &name);
		if (len > 0) {
			if (tree->nderived <
			    sizeof(tree->derived) / sizeof(tree->derived[0])) {
				tree->derived[tree->nderived].id =
				    sqlite3_column_int(st, 0);
				/* Copied: the row's text goes with the step. */
				tree->derived[tree->nderived].name = xstrndup(
				    name, len);
				tree->derived[tree->nderived].len = len;
				tree->nderived++;
			}
			continue;
		}
		len = plans_name(detail, "SCAN SEARCH ", &name);
		if (len == 0)
			continue;
		grows = !plans_derived(tree, parent, name, len) &&
		    plans_grows(conn, sql, name, len);
		if (i < nsel && sel[i].outer == 0)
			sel[i].outer = grows ? 1 : -1;
		if (grows && strncmp(detail, "SCAN ", 5) == 0 &&
		    (name[len] == '\0' || !limited)) {
			buf_printf(&out, "  %s\n", detail);
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; i < nsel; i++)
		if (sel[i].outer == 1 && sel[i].sorted) {
			buf_adds(&out, "  USE TEMP B-TREE FOR ORDER BY\n");
			bad = 1;
		}
write:
	if (bad) {
		buf_addc(&out, '\n');
		pthread_mutex_lock(&plans_lock);
		fd = open(plans_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0600);
		if (fd == -1 || write(fd, out.ptr, out.len) != (ssize_t)out.len)
			fprintf(stderr, "solidarity: cannot write %s\n",
			    plans_path);
		if (fd != -1)
			close(fd);
		pthread_mutex_unlock(&plans_lock);
	}
	buf_free(&q);
	buf_free(&out);
	for (i = 0; i < tree->nderived; i++)
		free((char *)tree->derived[i].name);
	free(tree);
}

/*
 * One writer at a time, queued here rather than in SQLite: a connection
 * that finds the write lock taken sleeps and retries with backoff, which
 * turns a burst of writes into second-long waits. A mutex hands the lock
 * over at once. (One process serves one database.)
 */
static pthread_mutex_t db_write_lock = PTHREAD_MUTEX_INITIALIZER;

/* Moves on at every commit here and every commit another process makes. */
static atomic_uint_fast64_t db_gen = 1;

static void
sqlite_set_error(struct sqlite_db *db)
{
	int ext = sqlite3_extended_errcode(db->conn), rc = ext & 0xff;
	enum db_err err;

	switch (rc) {
	case SQLITE_CONSTRAINT:
		/*
		 * A trigger's RAISE is no key or check another write won
		 * (the callers answer those 409): our schema has none, so
		 * it is a failure, as PostgreSQL's RAISE EXCEPTION is.
		 */
		err = ext == SQLITE_CONSTRAINT_TRIGGER ? DB_ERR_OTHER
						       : DB_ERR_CONSTRAINT;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err = DB_ERR_BUSY;
		break;
	default:
		err = DB_ERR_OTHER;
		break;
	}
	db_error_set(&db->base, err, sqlite3_errmsg(db->conn));
}

/*
 * SQLite tells at preparation every table a statement reads and writes,
 * its triggers' and views' too: what the response cache needs.
 */
static int
sqlite_authorize(void *arg, int action, const char *a1, const char *a2,
    const char *a3, const char *a4)
{
	struct sqlite_db *db = arg;

	(void)a2;
	(void)a3;
	(void)a4;
	switch (action) {
	case SQLITE_READ:
		change_add_table(&db->reads, a1);
		break;
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		change_add_table(&db->writes, a1);
		break;
	case SQLITE_SELECT:
	case SQLITE_FUNCTION:
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
	case SQLITE_RECURSIVE:
	case SQLITE_PRAGMA:
		break;
	default:
		/* The schema itself (CREATE, DROP, ALTER...): anything. */
		db->writes.every = 1;
		break;
	}
	return SQLITE_OK;
}

/*
 * Prepare sql into *st, with what it reads and writes, without the
 * row-lock clause it may end with (db.h): the writer here holds the whole
 * database, so no other can change the rows such a clause would lock.
 */
static int
sqlite_compile(struct sqlite_db *db, const char *sql, unsigned flags,
    sqlite3_stmt **st, struct change_set *reads, struct change_set *writes)
{
	change_clear(&db->reads);
	change_clear(&db->writes);
	if (sqlite3_prepare_v3(db->conn, sql, (int)sqltext_unlocked_len(sql),
		flags, st, NULL) != SQLITE_OK) {
		sqlite_set_error(db);
		return -1;
	}
	*reads = db->reads;
	*writes = db->writes;
	return 0;
}

/*
 * A statement's writes count once it has changed a row (its triggers run
 * only then): a purge's UPDATE that finds nothing old changes nothing,
 * and must not make every cached page stale.
 */
static void
sqlite_written(struct sqlite_db *db)
{
	if (!change_empty(&db->pending) &&
	    sqlite3_total_changes64(db->conn) != db->pending_from)
		db_note_writes(&db->base, &db->pending, db->pending_scope);
	change_clear(&db->pending);
}

/* A statement about to run, reading reads and writing writes. */
static void
sqlite_runs(struct sqlite_db *db, const struct change_set *reads,
    const struct change_set *writes)
{
	sqlite_written(db);
	db_note_reads(&db->base, reads, db->base.scope);
	db->pending = *writes;
	db->pending_scope = db->base.scope;
	db->pending_from = sqlite3_total_changes64(db->conn);
}

static void sqlite_request_end(struct db *);

/* A request's read ends before st, which writes, runs. */
static void
sqlite_may_write(struct sqlite_db *db, sqlite3_stmt *st)
{
	if (db->held && !sqlite3_stmt_readonly(st))
		sqlite_request_end(&db->base);
}

/* A statement for one call, outside the cache. */
static sqlite3_stmt *
sqlite_compile_once(struct sqlite_db *db, const char *sql)
{
	struct change_set reads, writes;
	sqlite3_stmt *st;

	if (sqlite_compile(db, sql, 0, &st, &reads, &writes) == -1)
		return NULL;
	sqlite_may_write(db, st);
	sqlite_runs(db, &reads, &writes);
	return st;
}

/* The cached statement for sql, reset and with bindings cleared. */
static sqlite3_stmt *
sqlite_prepare(struct sqlite_db *db, const char *sql)
{
	struct sqlite_kept *k = stmt_cache_get(&db->stmts, sql);

	if (k == NULL) {
		k = xcalloc(1, sizeof(*k));
		if (sqlite_compile(db, sql, SQLITE_PREPARE_PERSISTENT, &k->st,
			&k->reads, &k->writes) == -1) {
			free(k);
			return NULL;
		}
		stmt_cache_put(&db->stmts, sql, k);
		if (plans_path != NULL)
			sqlite_plans_check(db->conn, sql);
	}
	sqlite_may_write(db, k->st);
	sqlite_runs(db, &k->reads, &k->writes);
	return k->st;
}

/* For stmt_cache_clear. */
static void
sqlite_finalize(void *kept)
{
	struct sqlite_kept *k = kept;

	sqlite3_finalize(k->st);
	free(k);
}

/* Bind args to st's parameters in order. 0, or -1 with the error set. */
static int
sqlite_bind_text(struct sqlite_db *db, sqlite3_stmt *st,
    const struct db_val *args, size_t n, sqlite3_destructor_type keep)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		int at = (int)i + 1;

		switch (args[i].type) {
		case DB_INT:
			rc = sqlite3_bind_int64(st, at, args[i].i);
			break;
		case DB_REAL:
			rc = sqlite3_bind_double(st, at, args[i].d);
			break;
		case DB_TEXT:
			rc = args[i].s == NULL
			    ? sqlite3_bind_null(st, at)
			    : sqlite3_bind_text(st, at, args[i].s, -1, keep);
			break;
		default:
			rc = sqlite3_bind_null(st, at);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite_set_error(db);
		return -1;
	}
	return 0;
}

/* Text borrowed for the call: see struct db_val. */
static int
sqlite_bind_args(struct sqlite_db *db, sqlite3_stmt *st,
    const struct db_val *args, size_t n)
{
	return sqlite_bind_text(db, st, args, n, SQLITE_STATIC);
}

static sqlite3_stmt *
sqlite_bind(struct sqlite_db *db, const char *sql, const struct db_val *args,
    size_t n)
{
	sqlite3_stmt *st;

	db_error_clear(&db->base);
	st = sqlite_prepare(db, sql);
	if (st == NULL)
		return NULL;
	if (sqlite_bind_args(db, st, args, n) == -1) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return NULL;
	}
	return st;
}

/* Give the statement back to the cache in a clean state. */
static void
sqlite_release(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static json_t *
sqlite_column(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		return json_stringn_nocheck(
		    (const char *)sqlite3_column_text(st, i),
		    (size_t)sqlite3_column_bytes(st, i));
	default:
		return json_null();
	}
}

static json_t *
sqlite_object(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int i, n = sqlite3_column_count(st);

	for (i = 0; i < n; i++)
		json_object_set_new_nocheck(o, sqlite3_column_name(st, i),
		    sqlite_column(st, i));
	return o;
}

static json_t *
sqlite_rows(struct db *d, const char *sql, const struct db_val *args, size_t n)
{
	struct sqlite_db *db = SQLITE_DB(d);
	sqlite3_stmt *st = sqlite_bind(db, sql, args, n);
	json_t *rows;
	int rc;

	if (st == NULL)
		return NULL;
	rows = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, sqlite_object(st));
	if (rc != SQLITE_DONE) {
		sqlite_set_error(db);
		json_decref(rows);
		rows = NULL;
	}
	sqlite_release(st);
	return rows;
}

static int64_t
sqlite_col_int(const struct db_cols *row, int col)
{
	sqlite3_stmt *st = row->res;

	/* Out of range, SQLite's answer is undefined: NULL's 0 instead. */
	if (col < 0 || col >= sqlite3_column_count(st))
		return 0;
	return sqlite3_column_int64(st, col);
}

static const char *
sqlite_col_text(const struct db_cols *row, int col)
{
	sqlite3_stmt *st = row->res;
	const unsigned char *s = NULL;

	if (col >= 0 && col < sqlite3_column_count(st))
		s = sqlite3_column_text(st, col);
	return s != NULL ? (const char *)s : "";
}

/* Each row of the cached statement, stepped to, to fn: see db_each. */
static int64_t
sqlite_each(struct db *d, const char *sql, const struct db_val *args, size_t n,
    int (*fn)(const struct db_cols *, void *), void *arg)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct db_cols row = { sqlite_col_int, sqlite_col_text, NULL, 0 };
	int64_t seen = 0;
	int rc, stop = 0;

	if ((row.res = sqlite_bind(db, sql, args, n)) == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(row.res)) == SQLITE_ROW) {
		stop = fn(&row, arg) != 0;
		seen++;
	}
	if (stop) {
		if (d->err == DB_OK)
			db_error_set(d, DB_ERR_OTHER, "stopped by the caller");
		seen = -1;
	} else if (rc != SQLITE_DONE) {
		sqlite_set_error(db);
		seen = -1;
	}
	sqlite_release(row.res);
	return seen;
}

/*
 * Bind sql and step to its first row: 1 with *st on that row (the caller
 * releases it), 0 when there is none, -1 with the error set.
 */
static int
sqlite_first(struct sqlite_db *db, const char *sql, const struct db_val *args,
    size_t n, sqlite3_stmt **st)
{
	int rc;

	*st = sqlite_bind(db, sql, args, n);
	if (*st == NULL)
		return -1;
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		sqlite_set_error(db);
	sqlite_release(*st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sqlite_row(struct db *d, const char *sql, const struct db_val *args, size_t n,
    json_t **row)
{
	struct sqlite_db *db = SQLITE_DB(d);
	sqlite3_stmt *st;
	int rc, found;

	*row = NULL;
	found = sqlite_first(db, sql, args, n, &st);
	if (found != 1)
		return found;
	*row = sqlite_object(st);
	/* Finish the statement so a RETURNING write is complete. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	if (rc != SQLITE_DONE) {
		sqlite_set_error(db);
		json_decref(*row);
		*row = NULL;
		found = -1;
	}
	sqlite_release(st);
	return found;
}

/*
 * Run st to its end and let it go: back to the cache, or finalized when
 * it was made for this one call (once). The rows it changed, or -1 with
 * the error set.
 */
static int
sqlite_run(struct sqlite_db *db, sqlite3_stmt *st, int once)
{
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	if (once)
		sqlite3_finalize(st);
	else
		sqlite_release(st);
	if (rc != SQLITE_DONE) {
		sqlite_set_error(db);
		return -1;
	}
	return sqlite3_changes(db->conn);
}

static int
sqlite_exec(struct db *d, const char *sql, const struct db_val *args, size_t n)
{
	struct sqlite_db *db = SQLITE_DB(d);

	return sqlite_run(db, sqlite_bind(db, sql, args, n), 0);
}

static int
sqlite_int(struct db *d, const char *sql, const struct db_val *args, size_t n,
    int64_t *out)
{
	sqlite3_stmt *st;
	int found = sqlite_first(SQLITE_DB(d), sql, args, n, &st);

	if (found == 1) {
		*out = sqlite3_column_int64(st, 0);
		sqlite_release(st);
	}
	return found;
}

/* A statement for one call, outside the cache: see db_each_once. */
static sqlite3_stmt *
sqlite_bind_once(struct sqlite_db *db, const char *sql,
    const struct db_val *args, size_t n)
{
	sqlite3_stmt *st;

	db_error_clear(&db->base);
	st = sqlite_compile_once(db, sql);
	if (st == NULL)
		return NULL;
	if (sqlite_bind_args(db, st, args, n) == -1) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static int64_t
sqlite_each_once(struct db *d, const char *sql, const struct db_val *args,
    size_t n, int (*fn)(json_t *, void *), void *arg)
{
	struct sqlite_db *db = SQLITE_DB(d);
	sqlite3_stmt *st = sqlite_bind_once(db, sql, args, n);
	int64_t seen = 0;
	json_t *row;
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row = sqlite_object(st);
		stop = fn(row, arg) != 0;
		json_decref(row);
		seen++;
	}
	if (stop) {
		if (d->err == DB_OK)
			db_error_set(d, DB_ERR_OTHER, "stopped by the caller");
		seen = -1;
	} else if (rc != SQLITE_DONE) {
		sqlite_set_error(db);
		seen = -1;
	}
	sqlite3_finalize(st);
	return seen;
}

static int
sqlite_exec_once(struct db *d, const char *sql, const struct db_val *args,
    size_t n)
{
	struct sqlite_db *db = SQLITE_DB(d);

	return sqlite_run(db, sqlite_bind_once(db, sql, args, n), 1);
}

struct sqlite_cursor {
	struct db_cursor base; /* first: see db_backend.h */
	sqlite3_stmt *st;
};

/*
 * A statement of its own, outside the cache, and its text copied in
 * (SQLITE_TRANSIENT): the caller's values may be gone before the last
 * step.
 */
static struct db_cursor *
sqlite_cursor_open(struct db *d, const char *sql, const struct db_val *args,
    size_t n)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct sqlite_cursor *c;
	sqlite3_stmt *st;

	db_error_clear(d);
	st = sqlite_compile_once(db, sql);
	if (st == NULL)
		return NULL;
	if (sqlite_bind_text(db, st, args, n, SQLITE_TRANSIENT) == -1) {
		sqlite3_finalize(st);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->base.db = d;
	c->st = st;
	return &c->base;
}

static int
sqlite_cursor_next(struct db_cursor *cur, json_t **row)
{
	struct sqlite_cursor *c = (struct sqlite_cursor *)cur;
	int rc;

	db_error_clear(cur->db);
	rc = sqlite3_step(c->st);
	if (rc == SQLITE_ROW) {
		*row = sqlite_object(c->st);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	sqlite_set_error(SQLITE_DB(cur->db));
	return -1;
}

static void
sqlite_cursor_close(struct db_cursor *cur)
{
	struct sqlite_cursor *c = (struct sqlite_cursor *)cur;

	sqlite3_finalize(c->st);
	free(c);
}

static const char *const tables_sql =
    "SELECT name FROM sqlite_schema "
    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "ORDER BY name";
static const char *const columns_sql = "SELECT name "
				       "FROM pragma_table_info(?) ORDER BY cid";
static const char *const required_sql =
    "SELECT name FROM pragma_table_info(?) WHERE \"notnull\" = 1 OR pk > 0 "
    "ORDER BY cid";

/*
 * In the order they were made: the planner, without statistics, breaks
 * ties between indexes by their order in the schema, so they are made
 * again in the same order.
 */
static const char *const indexes_sql =
    "SELECT m.name, m.sql FROM sqlite_schema m WHERE m.type = 'index' "
    "AND m.tbl_name = ? AND m.sql IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM pragma_index_list(m.tbl_name) l WHERE l.name = m.name "
    "AND l.\"unique\") ORDER BY m.rowid";

/* An INTEGER PRIMARY KEY is the rowid: the next is max(rowid) + 1. */
static int
sqlite_sync_ids(struct db *d, const char *table)
{
	db_error_clear(d);
	return 0;
}

static int
sqlite_script(struct db *d, const char *sql)
{
	struct sqlite_db *db = SQLITE_DB(d);

	db_error_clear(d);
	if (sqlite3_exec(db->conn, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite_set_error(db);
		return -1;
	}
	return 0;
}

static const char *const begin_sql = "BEGIN IMMEDIATE";
static const char *const begin_read_sql = "BEGIN";
static const char *const data_version_sql = "PRAGMA data_version";
static const char *const mark_sql =
    "UPDATE change_stamp SET n = n + 1 WHERE id = 1 RETURNING n";
/* Both in one statement: one snapshot (sqlite_generation). */
static const char *const marked_sql =
    "SELECT (SELECT data_version FROM pragma_data_version), "
    "(SELECT n FROM change_stamp WHERE id = 1)";
static const char *const commit_sql = "COMMIT";
static const char *const rollback_sql = "ROLLBACK";
/* How long a statement waits for another connection's lock. */
#define SQLITE_BUSY_MS 5000

/* What of a log that has grown is kept when it starts again: 32 MiB. */
#define SQLITE_LOG_KEEP "33554432"

/*
 * synchronous=FULL: an acknowledged write survives power loss, the promise
 * people depend on when an ask has been answered with "we have it".
 * secure_delete: purged personal data is overwritten, not left in free pages.
 */
static const char *const open_pragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA secure_delete=ON;"
    "PRAGMA temp_store=MEMORY;"
    /*
     * 2 MB of pages per connection, one connection a worker: the kernel
     * keeps the file's pages anyway, and a page read back from it costs a
     * copy. 8 MB held no more of a day's lists (the same server CPU a
     * request, within the noise) for 13 MB more resident (scaling.md).
     */
    "PRAGMA cache_size=-2048;"
    "PRAGMA journal_size_limit=" SQLITE_LOG_KEEP ";";

/*
 * A bulk load (db_tune_bulk): 64 MiB of page cache, whatever the size of
 * the load, so that memory stays flat.
 */
static const char *const bulk_sql = "PRAGMA cache_size = -65536";
/*
 * DB_BULK_OWN, a loader that makes indexes after its rows: their sorts
 * spill to temporary files past the cache (an import's summaries, made
 * in temporary b-trees, are a second slower that way). Not PRAGMA
 * threads: a sort with helper threads merges its spilled runs through
 * buffers of its own, more of them the more runs (480 MB resident at
 * 10 million asks, against 225 MB at one million), for 10% less time.
 * No foreign key is looked up (at 10 million asks each ask's person
 * would be a page read back from the file: 2.5 million people outgrow
 * the cache). In the write-ahead log every page a load writes waits in
 * the log until a checkpoint after the commit (2.9 GB at 10 million
 * asks); a rollback journal keeps only the pages there were before
 * (those of an empty schema) and the file grows in place. A load cut
 * short still leaves the database as it was: the journal rolls it back
 * at the next open. Leaving WAL needs the file to itself: with another
 * connection on it the mode stays, and the load is only slower
 * (sqlite_tune_bulk).
 */
static const char *const bulk_own_sql =
    "PRAGMA temp_store = FILE; PRAGMA foreign_keys = OFF";
static const char *const bulk_journal_sql = "PRAGMA journal_mode = DELETE";

/*
 * One writer at a time: BEGIN IMMEDIATE under db_write_lock. db.c keeps
 * the nesting; these see only the outermost begin, commit and rollback.
 */
static int
sqlite_begin(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);

	sqlite_request_end(d);
	pthread_mutex_lock(&db_write_lock);
	if (sqlite_exec(d, begin_sql, NULL, 0) < 0) {
		pthread_mutex_unlock(&db_write_lock);
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

/*
 * A deferred transaction takes its snapshot at the first read and no
 * write lock, so it does not queue on db_write_lock (which would also
 * shut out a write transaction on another database in this process).
 */
static int
sqlite_begin_read(struct db *d)
{
	sqlite_request_end(d);
	return sqlite_exec(d, begin_read_sql, NULL, 0) < 0 ? -1 : 0;
}

/*
 * A deferred transaction over a request's statements (db_request_begin):
 * it takes the log's read lock at the first statement and keeps it, where
 * each statement on its own takes it and gives it back (fcntl calls, 5%
 * of the server's time in the mix). Not begun when it cannot be: the
 * statements then run on their own, as before.
 */
static void
sqlite_request_begin(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);

	if (db->held || !sqlite3_get_autocommit(db->conn))
		return;
	if (sqlite_exec(d, begin_read_sql, NULL, 0) < 0)
		db_error_clear(d);
	else
		db->held = 1;
}

/* It read only: its end cannot fail but for a lost file, undone then. */
static void
sqlite_request_end(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);

	if (!db->held)
		return;
	db->held = 0;
	if (sqlite3_get_autocommit(db->conn))
		return;
	if (sqlite_exec(d, commit_sql, NULL, 0) < 0) {
		sqlite_exec(d, rollback_sql, NULL, 0);
		db_error_clear(d);
	}
}

static void
sqlite_end(struct sqlite_db *db)
{
	if (db->in_tx) {
		db->in_tx = 0;
		pthread_mutex_unlock(&db_write_lock);
	}
}

/*
 * Leave a mark with a write: this process's other connections take a
 * change that comes with a mark of ours as published (change.h), anyone
 * else's as a flush. Inside the transaction it marks; after a statement
 * outside one, or a script, as a commit of its own, after which the
 * write is at worst taken for someone else's. A database without the
 * table (not yet migrated) gets no mark, which costs only flushes: the
 * write's own error, if any, is kept.
 */
static void
sqlite_mark(struct db *d)
{
	struct change_set reads = d->reads;
	enum db_err err = d->err;
	char msg[sizeof(d->msg)];

	memcpy(msg, d->msg, sizeof(msg));
	if (sqlite_int(d, mark_sql, NULL, 0, &d->mark) != 1)
		d->mark = 0;
	db_error_set(d, err, msg);
	/* The mark is bookkeeping: no page reads it, nor waits for it. */
	d->reads = reads;
	change_clear(&SQLITE_DB(d)->pending);
}

static void
sqlite_settle(struct db *d)
{
	sqlite_written(SQLITE_DB(d));
	if (!change_empty(&d->writes))
		sqlite_mark(d);
}

static int
sqlite_commit(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);
	int rc;

	sqlite_written(db);
	if (!change_empty(&d->writes))
		sqlite_mark(d);
	/*
	 * The mark is ours before the commit shows it: a connection of
	 * ours that sees it first would otherwise take it for someone
	 * else's and flush the whole cache, which with a few writes a
	 * second was most of the time (issue #19: the mix with 2% writes
	 * found 17% of its pages cached). Until this transaction ends it
	 * holds the write lock, so no other writer can leave the same mark;
	 * one that fails to commit is no longer ours. What it wrote is
	 * published after the commit (db.c), so a page read in between may
	 * be served as it was before this write: a read at the same moment
	 * as the write, whose answer is not sent yet.
	 */
	if (d->mark != 0)
		change_mine(d->mark);
	rc = sqlite_exec(d, commit_sql, NULL, 0) < 0 ? -1 : 0;
	if (rc == 0)
		atomic_fetch_add(&db_gen, 1);
	else if (d->mark != 0)
		change_unmine(d->mark);
	/* A failed COMMIT may leave the transaction open: db.c rolls back. */
	if (rc == 0 || sqlite3_get_autocommit(db->conn))
		sqlite_end(db);
	return rc;
}

/* The log holds every table's pages: all of it goes, whatever tables. */
static int
sqlite_checkpoint(struct db *d, const char *tables)
{
	struct sqlite_db *db = SQLITE_DB(d);
	int rc;

	db_error_clear(d);
	/*
	 * TRUNCATE takes SQLite's write lock; holding ours too makes the
	 * other threads queue for it instead of timing out on it.
	 */
	pthread_mutex_lock(&db_write_lock);
	rc = sqlite3_wal_checkpoint_v2(db->conn, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	pthread_mutex_unlock(&db_write_lock);
	if (rc != SQLITE_OK) {
		sqlite_set_error(db);
		return -1;
	}
	return 0;
}

static int
sqlite_rollback(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);
	int rc = 0;

	/* Nothing to undo when the failure already ended the transaction. */
	if (!sqlite3_get_autocommit(db->conn))
		rc = sqlite_exec(d, rollback_sql, NULL, 0) < 0 ? -1 : 0;
	change_clear(&db->pending);
	sqlite_end(db);
	return rc;
}

/*
 * data_version changes when another connection has committed, whether a
 * thread of ours (already counted, counting twice is harmless) or another
 * process, such as solidarity demo run beside the server.
 */
static uint64_t
sqlite_generation(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct change_set reads = d->reads;
	sqlite3_stmt *st;
	int64_t v = 0, mark = -1;
	int found;

	/* Each look: the version alone, the cheapest statement there is. */
	if (sqlite_int(d, data_version_sql, NULL, 0, &v) != 1)
		return atomic_load(&db_gen);
	if (v == db->data_version) {
		if (db->unmarked_since != 0 &&
		    clock_mono() - db->unmarked_since >= 2) {
			change_flush();
			db->unmarked_since = 0;
		}
		return atomic_load(&db_gen);
	}
	/*
	 * It moved: the version and the mark as of one moment. Read one
	 * after the other, a commit between them showed its mark a look
	 * before its version, and its version then without a new mark, as
	 * a hand edit's.
	 */
	found = sqlite_first(db, marked_sql, NULL, 0, &st);
	if (found == 1) {
		v = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_INTEGER)
			mark = sqlite3_column_int64(st, 1);
		sqlite_release(st);
	} else {
		/* No table of marks (an older schema): versions only. */
		db_error_clear(d);
	}
	/* The marks are bookkeeping: no page reads them. */
	d->reads = reads;
	db->data_version = v;
	atomic_fetch_add(&db_gen, 1);
	/*
	 * Committed by other connections since this one last looked: each
	 * commit of ours left a mark and published what it wrote; anything
	 * else (the first look, another process's mark, a database of an
	 * older schema) is a flush.
	 */
	if (mark < 0 || db->seen_mark < 0) {
		change_flush();
	} else if (mark != db->seen_mark) {
		change_seen(db->seen_mark, mark);
		db->unmarked_since = 0;
	} else if (db->unmarked_since == 0) {
		/*
		 * The version moved with no new mark: a hand edit, or the
		 * log started again by a writer of ours whose commit (and
		 * mark) is on its way, or copied into the file by a
		 * checkpoint. Taken at once for an edit, it emptied the
		 * cache a few times a second under a few writes a second
		 * (issue #19: the mix with 2% writes found 17% of its pages
		 * cached): it is taken for one when no mark has come a
		 * second or two later.
		 */
		db->unmarked_since = clock_mono();
	}
	db->seen_mark = mark;
	return atomic_load(&db_gen);
}

static int
sqlite_tune_bulk(struct db *d, unsigned flags)
{
	struct sqlite_db *db = SQLITE_DB(d);
	int rc;

	if (sqlite_script(d, bulk_sql) == -1)
		return -1;
	if (!(flags & DB_BULK_OWN))
		return 0;
	if (sqlite_script(d, bulk_own_sql) == -1)
		return -1;
	/* Without waiting for the other connections: they may stay. */
	sqlite3_busy_timeout(db->conn, 0);
	rc = sqlite_script(d, bulk_journal_sql);
	sqlite3_busy_timeout(db->conn, SQLITE_BUSY_MS);
	if (rc == -1 && db_errcode(d) != DB_ERR_BUSY)
		return -1;
	db_error_clear(d);
	return 0;
}

static int
sqlite_tune_done(struct db *d)
{
	return sqlite_script(d, open_pragmas);
}

static void
sqlite_close(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);

	sqlite_request_end(d);
	sqlite_end(db);
	stmt_cache_clear(&db->stmts, sqlite_finalize);
	sqlite3_close(db->conn);
	free(db);
}

/*
 * Backups (db_backup, db_restore): SQLite's online backup API copies a
 * step of pages at a time between this connection and a file's.
 */
#define SQLITE_BACKUP_STEP  256 /* pages a step: 1 MiB of 4 KiB */
#define SQLITE_BACKUP_TRIES 50  /* a step finding a lock, 100 ms apart */

/* A read transaction, begun: its snapshot lasts until the rollback. */
static const char *const backup_read_sql =
    "BEGIN; SELECT count(*) FROM sqlite_schema";
static const char *const backup_done_sql = "ROLLBACK";
/* A backup is one self-contained file, not a database and its log. */
static const char *const backup_plain_sql = "PRAGMA journal_mode=DELETE";
static const char *const integrity_sql = "PRAGMA integrity_check";
static const char *const ours_sql =
    "SELECT count(*) FROM sqlite_schema "
    "WHERE type = 'table' AND name = 'schema_version'";
static const char *const version_sql =
    "SELECT coalesce(max(version), 0) FROM schema_version";
/*
 * Hold the database for this connection alone until it closes. Set before
 * the first read, exclusive locking keeps a WAL database's log index in
 * our memory, which needs every other connection gone: one still open in
 * another process (a server, idle or not) makes this fail as busy. Out of
 * WAL, the copy then goes into a database of any page size.
 */
static const char *const take_sql =
    "PRAGMA locking_mode=EXCLUSIVE; "
    "BEGIN EXCLUSIVE; COMMIT; PRAGMA journal_mode=DELETE";

/* A malloc'd message: what failed on name, then SQLite's words. */
static char *
sqlite_why(const char *what, const char *name, sqlite3 *conn)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s %s: %s", what, name,
	    conn != NULL ? sqlite3_errmsg(conn) : "out of memory");
	return buf_detach(&b, NULL);
}

/*
 * The first column of the first row sql returns on conn, as a number (or
 * in *text, malloc'd, when text is not NULL). 0, or -1 with *err.
 */
static int
sqlite_ask(sqlite3 *conn, const char *name, const char *sql, int64_t *num,
    char **text, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		*err = sqlite_why("cannot read", name, conn);
		goto out;
	}
	if (text != NULL)
		*text = xstrdup(sqlite3_column_type(st, 0) == SQLITE_NULL
			? ""
			: (const char *)sqlite3_column_text(st, 0));
	else
		*num = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* 0 when PRAGMA integrity_check finds nothing wrong, else -1 with *err. */
static int
sqlite_verify(sqlite3 *conn, const char *name, char **err)
{
	struct buf b = BUF_INIT;
	char *verdict = NULL;

	if (sqlite_ask(conn, name, integrity_sql, NULL, &verdict, err) == -1)
		return -1;
	if (strcmp(verdict, "ok") == 0) {
		free(verdict);
		return 0;
	}
	buf_printf(&b, "%s fails its integrity check: %s", name, verdict);
	*err = buf_detach(&b, NULL);
	free(verdict);
	return -1;
}

/*
 * Copy every page of from's main database over to's, a step at a time,
 * telling progress after each. 0, or -1 with *err.
 */
static int
sqlite_copy(sqlite3 *to, const char *name, sqlite3 *from,
    void (*progress)(int, void *), void *arg, char **err)
{
	sqlite3_backup *b;
	int64_t total, left;
	int rc, tries = 0;

	b = sqlite3_backup_init(to, "main", from, "main");
	if (b == NULL) {
		*err = sqlite_why("cannot copy into", name, to);
		return -1;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, SQLITE_BACKUP_STEP);
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    ++tries < SQLITE_BACKUP_TRIES) {
			sqlite3_sleep(100);
			continue;
		}
		if (rc != SQLITE_OK && rc != SQLITE_DONE)
			break;
		if (progress != NULL) {
			total = sqlite3_backup_pagecount(b);
			left = sqlite3_backup_remaining(b);
			progress(total > 0 ? (int)((total - left) * 100 / total)
					   : 100,
			    arg);
		}
		if (rc == SQLITE_DONE)
			break;
	}
	/* finish leaves the failed step's error on to, for the message. */
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*err = sqlite_why("cannot copy into", name, to);
		return -1;
	}
	return 0;
}

static int
sqlite_backup(struct db *d, const char *path, void (*progress)(int, void *),
    void *arg, char **err)
{
	struct sqlite_db *db = SQLITE_DB(d);
	sqlite3 *to = NULL;
	int rc = -1;

	if (d->depth > 0) {
		*err = xstrdup("cannot back up inside a transaction");
		return -1;
	}
	if (sqlite3_open_v2(path, &to,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		*err = sqlite_why("cannot open", path, to);
		goto out;
	}
	/*
	 * Every step reads inside one transaction, so all see one snapshot.
	 * Don't drop it: each step would then read the newest data, and a
	 * commit by the server between two steps starts the copy over — for
	 * ever under steady writes. In WAL a reader keeps no writer waiting.
	 */
	if (sqlite3_exec(db->conn, backup_read_sql, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		*err = sqlite_why("cannot read", d->name, db->conn);
		sqlite3_exec(db->conn, backup_done_sql, NULL, NULL, NULL);
		goto out;
	}
	if (sqlite_copy(to, path, db->conn, progress, arg, err) == -1) {
		sqlite3_exec(db->conn, backup_done_sql, NULL, NULL, NULL);
		goto out;
	}
	sqlite3_exec(db->conn, backup_done_sql, NULL, NULL, NULL);
	if (sqlite3_exec(to, backup_plain_sql, NULL, NULL, NULL) != SQLITE_OK) {
		*err = sqlite_why("cannot finish", path, to);
		goto out;
	}
	rc = sqlite_verify(to, path, err);
out:
	sqlite3_close(to);
	return rc;
}

/*
 * Open the connection again, holding the database alone (take_sql).
 * 0, or -1 with *err: busy means another process has it open.
 */
static int
sqlite_take(struct sqlite_db *db, char **err)
{
	struct buf b = BUF_INIT;

	/* The statements go with the connection. */
	stmt_cache_clear(&db->stmts, sqlite_finalize);
	sqlite3_close(db->conn);
	db->conn = NULL;
	if (sqlite3_open_v2(db->base.name, &db->conn,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		*err = sqlite_why("cannot open", db->base.name, db->conn);
		return -1;
	}
	sqlite3_busy_timeout(db->conn, 1000);
	sqlite3_extended_result_codes(db->conn, 1);
	if (sqlite3_exec(db->conn, take_sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	if ((sqlite3_errcode(db->conn) & 0xff) != SQLITE_BUSY) {
		*err = sqlite_why("cannot lock", db->base.name, db->conn);
		return -1;
	}
	buf_printf(&b,
	    "in use by another process: stop the server on it "
	    "first");
	*err = buf_detach(&b, NULL);
	return -1;
}

static int
sqlite_restore(struct db *d, const char *path, void (*progress)(int, void *),
    void *arg, char **err)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct buf b = BUF_INIT;
	sqlite3 *from = NULL;
	int64_t ours = 0, version = 0;
	int rc = -1;

	if (d->depth > 0) {
		*err = xstrdup("cannot restore inside a transaction");
		return -1;
	}
	if (sqlite3_open_v2(path, &from,
		SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		*err = sqlite_why("cannot open", path, from);
		goto out;
	}
	/* Check the backup before anything of the database is lost. */
	if (sqlite_verify(from, path, err) == -1 ||
	    sqlite_ask(from, path, ours_sql, &ours, NULL, err) == -1)
		goto out;
	if (ours != 1) {
		buf_printf(&b, "%s is not a backup of a solidarity database",
		    path);
		*err = buf_detach(&b, NULL);
		goto out;
	}
	/* A newer program's would leave a database this one cannot open. */
	if (sqlite_ask(from, path, version_sql, &version, NULL, err) == -1)
		goto out;
	if (version > db_schema_latest()) {
		buf_printf(&b,
		    "%s is a backup of a newer solidarity than this one "
		    "(schema %lld, this program knows %d): upgrade "
		    "solidarity to restore it",
		    path, (long long)version, db_schema_latest());
		*err = buf_detach(&b, NULL);
		goto out;
	}
	if (sqlite_take(db, err) == -1 ||
	    sqlite_copy(db->conn, d->name, from, progress, arg, err) == -1 ||
	    sqlite_verify(db->conn, d->name, err) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_close(from);
	return rc;
}

static const struct db_ops sqlite_ops = {
	.kind = DB_SQLITE,
	.close = sqlite_close,
	.begin = sqlite_begin,
	.begin_read = sqlite_begin_read,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.rows = sqlite_rows,
	.each = sqlite_each,
	.row = sqlite_row,
	.exec = sqlite_exec,
	.get_int = sqlite_int,
	.generation = sqlite_generation,
	.settle = sqlite_settle,
	.request_begin = sqlite_request_begin,
	.request_end = sqlite_request_end,
	.checkpoint = sqlite_checkpoint,
	.script = sqlite_script,
	.tune_bulk = sqlite_tune_bulk,
	.tune_done = sqlite_tune_done,
	.each_once = sqlite_each_once,
	.cursor_open = sqlite_cursor_open,
	.cursor_next = sqlite_cursor_next,
	.cursor_close = sqlite_cursor_close,
	.exec_once = sqlite_exec_once,
	.tables_sql = tables_sql,
	.columns_sql = columns_sql,
	.required_sql = required_sql,
	.indexes_sql = indexes_sql,
	.sync_ids = sqlite_sync_ids,
	.backup = sqlite_backup,
	.restore = sqlite_restore,
};

/*
 * The log's checkpoints, off the request path. A commit that leaves the
 * log past SQLITE_CHECKPOINT_PAGES copies it back into the file, in the
 * committing connection, as SQLite's own autocheckpoint does: in the
 * server that held up the worker, and every request of the connections
 * it serves, for the copy and its fsync (the mix with 2% writes: p99
 * 26 ms, 16 ms with no checkpoint at all). While the checkpointer runs
 * (serve), such a commit wakes it instead, and it copies on a connection
 * of its own (PASSIVE: it waits for nobody, and copies what readers and
 * writers leave it).
 *
 * A log starts again from its beginning only when a writer finds all of
 * it copied, and under writes that never pause (new asks one after
 * another) the copy never catches up: the log grew by every commit, 700
 * MB in 14 s of new asks, each frame a new page of the file for the
 * kernel to zero and allocate. So once it is past SQLITE_RESTART_PAGES
 * the checkpointer also holds the writers back (db_write_lock) while it
 * copies the last frames and starts the log again (RESTART): a few
 * milliseconds every hundred asks. Readers still in the old log are
 * waited for SQLITE_RESTART_MS at most; a log that one kept growing (an
 * export) is cut back to SQLITE_LOG_KEEP when it starts again.
 */
#define SQLITE_CHECKPOINT_PAGES 1000
#define SQLITE_RESTART_PAGES    4096
#define SQLITE_RESTART_MS       10

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	sqlite3 *conn;
	int on, due; /* on: running, till stopped */
} checkpointer = { .lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER };

static int
sqlite_log_grown(void *arg, sqlite3 *conn, const char *name, int pages)
{
	int woken = 0;

	if (pages < SQLITE_CHECKPOINT_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&checkpointer.lock);
	if (checkpointer.on) {
		checkpointer.due = 1;
		pthread_cond_signal(&checkpointer.wake);
		woken = 1;
	}
	pthread_mutex_unlock(&checkpointer.lock);
	if (!woken)
		sqlite3_wal_checkpoint(conn, name);
	return SQLITE_OK;
}

static void *
sqlite_checkpointer(void *arg)
{
	int log;

	pthread_mutex_lock(&checkpointer.lock);
	while (checkpointer.on) {
		if (!checkpointer.due) {
			pthread_cond_wait(&checkpointer.wake,
			    &checkpointer.lock);
			continue;
		}
		checkpointer.due = 0;
		pthread_mutex_unlock(&checkpointer.lock);
		log = 0;
		sqlite3_wal_checkpoint_v2(checkpointer.conn, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, &log, NULL);
		if (log >= SQLITE_RESTART_PAGES) {
			pthread_mutex_lock(&db_write_lock);
			sqlite3_wal_checkpoint_v2(checkpointer.conn, NULL,
			    SQLITE_CHECKPOINT_RESTART, NULL, NULL);
			pthread_mutex_unlock(&db_write_lock);
		}
		pthread_mutex_lock(&checkpointer.lock);
	}
	pthread_mutex_unlock(&checkpointer.lock);
	return NULL;
}

int
sqlite_checkpoints_start(const char *path)
{
	sqlite3 *conn = NULL;

	if (checkpointer.on)
		return 0;
	/* Its copies are as durable as the commits (synchronous=FULL). */
	if (sqlite3_open_v2(path, &conn,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK ||
	    sqlite3_exec(conn, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
		SQLITE_OK) {
		sqlite3_close(conn);
		return -1;
	}
	sqlite3_busy_timeout(conn, SQLITE_RESTART_MS);
	checkpointer.conn = conn;
	pthread_mutex_lock(&checkpointer.lock);
	checkpointer.on = 1;
	checkpointer.due = 0;
	pthread_mutex_unlock(&checkpointer.lock);
	if (pthread_create(&checkpointer.thread, NULL, sqlite_checkpointer,
		NULL) == 0)
		return 0;
	pthread_mutex_lock(&checkpointer.lock);
	checkpointer.on = 0;
	pthread_mutex_unlock(&checkpointer.lock);
	sqlite3_close(conn);
	checkpointer.conn = NULL;
	return -1;
}

void
sqlite_checkpoints_stop(void)
{
	pthread_mutex_lock(&checkpointer.lock);
	if (!checkpointer.on) {
		pthread_mutex_unlock(&checkpointer.lock);
		return;
	}
	checkpointer.on = 0;
	pthread_cond_signal(&checkpointer.wake);
	pthread_mutex_unlock(&checkpointer.lock);
	pthread_join(checkpointer.thread, NULL);
	sqlite3_close(checkpointer.conn);
	checkpointer.conn = NULL;
}

struct db *
sqlite_open(const char *path, char **err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sqlite_db *db;
	int rc;

	pthread_once(&once, sqlite_global_init);
	db = xcalloc(1, sizeof(*db));
	db->base.ops = &sqlite_ops;

	rc = sqlite3_open_v2(path, &db->conn,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "cannot open database %s: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		*err = buf_detach(&b, NULL);
		sqlite3_close(db->conn);
		free(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->conn, SQLITE_BUSY_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_set_authorizer(db->conn, sqlite_authorize, db);
	sqlite3_wal_hook(db->conn, sqlite_log_grown, NULL);
	db->seen_mark = -1;
	if (sqlite3_exec(db->conn, open_pragmas, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "cannot use database %s: %s", path,
		    sqlite3_errmsg(db->conn));
		*err = buf_detach(&b, NULL);
		sqlite3_close(db->conn);
		free(db);
		return NULL;
	}
	db->base.name = xstrdup(path);
	return &db->base;
}
