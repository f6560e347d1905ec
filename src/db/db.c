/*
 * The one place that chooses a backend: db_open reads the url's scheme,
 * and every other call goes through the connection's table of operations.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_backend.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

/*
 * Fault injection (tests only, see db_fault_init in db.h). Always compiled
 * in, and inert until armed: the sanitized binary the tests drive is the
 * program we ship, so there is no -D build whose error paths could differ
 * from the real one's. Disarmed, it costs each call one relaxed load.
 */
static atomic_int fault_armed;		/* 1 once db_fault_init armed it */
static int64_t fault_at;		/* the operation to fail; 0: count */
static enum db_err fault_err;		/* what it fails with */
static pthread_t fault_owner;		/* its operations are not counted */
static atomic_uint_fast64_t fault_count;

static void
db_fault_report(void)
{
	fprintf(stderr, "solidarity: fault: %llu database operations\n",
	    (unsigned long long)atomic_load(&fault_count));
}

int
db_fault_init(void)
{
	const char *spec = getenv("SOLIDARITY_FAULT");
	const char *colon;
	size_t len;
	int64_t n;

	if (spec == NULL || *spec == '\0')
		return 0;
	colon = strchr(spec, ':');
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	if (num_parse_int(spec, len, 0, INT64_MAX, &n) == -1 ||
	    (colon != NULL && strcmp(colon + 1, "busy") != 0 &&
	    strcmp(colon + 1, "other") != 0)) {
		fprintf(stderr, "solidarity: SOLIDARITY_FAULT wants N, "
		    "N:other or N:busy\n");
		return -1;
	}
	fault_at = n;
	fault_err = colon != NULL && strcmp(colon + 1, "busy") == 0 ?
	    DB_ERR_BUSY : DB_ERR_OTHER;
	fault_owner = pthread_self();
	atexit(db_fault_report);
	atomic_store(&fault_armed, 1);
	fprintf(stderr, "solidarity: SOLIDARITY_FAULT is set: database "
	    "operation %lld will fail (for tests only)\n", (long long)n);
	return 1;
}

/*
 * Count one operation; 1 when it is the one to fail, with the error set.
 * The arming thread's operations (serve's startup checks and its daily
 * purge, which runs beside the first requests) are left out, so the count
 * depends on the requests alone and a sweep over N repeats exactly.
 */
static int
db_fault(struct db *db, const char *what)
{
	uint64_t n;

	if (!atomic_load_explicit(&fault_armed, memory_order_relaxed) ||
	    pthread_equal(pthread_self(), fault_owner))
		return 0;
	n = atomic_fetch_add(&fault_count, 1) + 1;
	if (fault_at == 0 || n != (uint64_t)fault_at)
		return 0;
	fprintf(stderr, "solidarity: fault: database operation %llu (%s) "
	    "fails\n", (unsigned long long)n, what);
	db_error_set(db, fault_err, fault_err == DB_ERR_BUSY ?
	    "injected fault: database is locked" : "injected fault");
	return 1;
}

/*
 * What follows "postgres:" or "postgresql:": a URI keeps its scheme (libpq
 * parses it whole), anything else is libpq's "key=value" words, and an
 * empty string leaves everything to the PG* environment variables.
 */
static const char *
db_pg_conninfo(const char *url)
{
	static const char *const schemes[] = { "postgresql:", "postgres:" };
	size_t i, n;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (strncmp(url, schemes[i], n) != 0)
			continue;
		if (strncmp(url + n, "//", 2) == 0)
			return url;
		return url + n;
	}
	return NULL;
}

const char *
db_url_path(const char *url)
{
	if (db_pg_conninfo(url) != NULL)
		return NULL;
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return url;
}

struct db *
db_open(const char *url, char **err)
{
	const char *path = db_url_path(url);

	struct db *db;

	*err = NULL;
	if (path == NULL) {
		db = pg_open(db_pg_conninfo(url), err);
		/* pg_dump and pg_restore connect the same way (db_pgtool.c). */
		if (db != NULL)
			db->conninfo = xstrdup(db_pg_conninfo(url));
		return db;
	}
	return sqlite_open(path, err);
}

void
db_close(struct db *db)
{
	char *name, *conninfo;

	if (db == NULL)
		return;
	name = db->name;
	conninfo = db->conninfo;
	free(db->checkpoint_tables);
	db->ops->close(db);
	free(name);
	free(conninfo);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->ops->kind;
}

const char *
db_name(const struct db *db)
{
	return db->name;
}

/*
 * A checkpoint that failed, on any connection of this process: what it
 * was to clear is still in the files, for the next one to do.
 */
static atomic_int db_owed;

int
db_checkpoint_owed(void)
{
	return atomic_exchange(&db_owed, 0);
}

/* Drop a checkpoint asked for in a transaction that did not commit. */
static void
db_checkpoint_forget(struct db *db)
{
	free(db->checkpoint_tables);
	db->checkpoint_tables = NULL;
}

/* Run the checkpoint asked for, over every table named since the last. */
static int
db_checkpoint_run(struct db *db)
{
	int rc = db->ops->checkpoint(db, db->checkpoint_tables != NULL ?
	    db->checkpoint_tables : "");

	if (rc == -1)
		atomic_store(&db_owed, 1);
	db_checkpoint_forget(db);
	return rc;
}

/*
 * Transactions nest: what opens one of its own (tx_run, as in recording
 * a view of contact data) joins a write request's, which the router
 * holds around the handler and its audit entry. Only the
 * outermost pair reaches the backend; an inner rollback dooms the outer
 * one. A checkpoint asked for inside waits for the outermost commit,
 * since pages a transaction still holds are not the log's yet.
 */
int
db_begin(struct db *db)
{
	if (db_fault(db, "begin"))
		return -1;
	if (db->depth > 0) {
		db->depth++;
		return 0;
	}
	if (db->ops->begin(db) == -1)
		return -1;
	db->depth = 1;
	db->doomed = 0;
	db_checkpoint_forget(db);
	return 0;
}

int
db_begin_read(struct db *db)
{
	if (db->depth > 0) {
		db_error_set(db, DB_ERR_OTHER, "a read transaction cannot "
		    "nest");
		return -1;
	}
	if (db->ops->begin_read(db) == -1)
		return -1;
	db->depth = 1;
	db->doomed = 0;
	db_checkpoint_forget(db);
	return 0;
}

/* End the outermost level in the backend, keeping the error that ended it. */
static int
db_abandon(struct db *db)
{
	enum db_err err = db->err;
	char msg[sizeof(db->msg)];

	memcpy(msg, db->msg, sizeof(msg));
	db->ops->rollback(db);
	db->depth = 0;
	db->doomed = 0;
	db_checkpoint_forget(db);
	db_error_set(db, err, msg);
	return -1;
}

int
db_commit(struct db *db)
{
	if (db_fault(db, "commit"))
		return -1;
	if (db->depth > 1) {
		db->depth--;
		return 0;
	}
	if (db->depth == 0) {
		db_error_set(db, DB_ERR_OTHER, "no transaction to commit");
		return -1;
	}
	if (db->doomed)
		return db_abandon(db);
	/* A failed COMMIT may leave the transaction open: undo it here. */
	if (db->ops->commit(db) == -1)
		return db_abandon(db);
	db->depth = 0;
	if (db->checkpoint_tables != NULL)
		db_checkpoint_run(db);
	return 0;
}

int
db_rollback(struct db *db)
{
	int rc;

	if (db->depth > 1) {
		db->depth--;
		db->doomed = 1;
		return 0;
	}
	/* At depth 0 the backend finds nothing to undo, and says so by 0. */
	rc = db->ops->rollback(db);
	db->depth = 0;
	db->doomed = 0;
	db_checkpoint_forget(db);
	return rc;
}

json_t *
db_rows(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	if (db_fault(db, "statement"))
		return NULL;
	return db->ops->rows(db, sql, args, n);
}

int
db_row(struct db *db, const char *sql, const struct db_val *args, size_t n,
    json_t **row)
{
	if (db_fault(db, "statement")) {
		*row = NULL;
		return -1;
	}
	return db->ops->row(db, sql, args, n, row);
}

int
db_exec(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	if (db_fault(db, "statement"))
		return -1;
	return db->ops->exec(db, sql, args, n);
}

int
db_int(struct db *db, const char *sql, const struct db_val *args, size_t n,
    int64_t *out)
{
	if (db_fault(db, "statement"))
		return -1;
	return db->ops->get_int(db, sql, args, n, out);
}

uint64_t
db_generation(struct db *db)
{
	return db->ops->generation(db);
}

/* Whether name is one of list's, ", " between them. */
static int
db_listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ','))
			return 1;
	return 0;
}

int
db_checkpoint(struct db *db, const char *const tables[])
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; tables[i] != NULL; i++)
		if (tables[i][0] == '\0' || tables[i][strspn(tables[i],
		    "abcdefghijklmnopqrstuvwxyz0123456789_")] != '\0') {
			db_error_set(db, DB_ERR_OTHER, "not a table name");
			return -1;
		}
	buf_adds(&b, db->checkpoint_tables != NULL ?
	    db->checkpoint_tables : "");
	for (i = 0; tables[i] != NULL; i++) {
		if (b.ptr != NULL && db_listed(b.ptr, tables[i]))
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, tables[i]);
	}
	free(db->checkpoint_tables);
	db->checkpoint_tables = buf_detach(&b, NULL);
	if (db->depth > 0) {
		db_error_clear(db);
		return 0;
	}
	return db_checkpoint_run(db);
}

int
db_script(struct db *db, const char *sql)
{
	return db->ops->script(db, sql);
}

int
db_tune_bulk(struct db *db)
{
	return db->ops->tune_bulk(db);
}

int64_t
db_each_once(struct db *db, const char *sql, const struct db_val *args,
    size_t n, int (*fn)(json_t *, void *), void *arg)
{
	return db->ops->each_once(db, sql, args, n, fn, arg);
}

int
db_exec_once(struct db *db, const char *sql, const struct db_val *args,
    size_t n)
{
	return db->ops->exec_once(db, sql, args, n);
}

/* The column "name" of the rows of sql, as an array; NULL on error. */
static json_t *
db_names(struct db *db, const char *sql, const struct db_val *args,
    size_t n)
{
	json_t *rows = db_rows(db, sql, args, n), *names, *row;
	size_t i;

	if (rows == NULL)
		return NULL;
	names = json_array();
	json_array_foreach(rows, i, row)
		json_array_append(names, json_object_get(row, "name"));
	json_decref(rows);
	return names;
}

json_t *
db_tables(struct db *db)
{
	return db_names(db, db->ops->tables_sql, NULL, 0);
}

json_t *
db_columns(struct db *db, const char *table)
{
	struct db_val arg = DBV_TEXT(table);

	return db_names(db, db->ops->columns_sql, &arg, 1);
}

int
db_sync_ids(struct db *db, const char *table)
{
	return db->ops->sync_ids(db, table);
}

enum db_err
db_errcode(const struct db *db)
{
	return db->err;
}

const char *
db_errmsg(const struct db *db)
{
	return db->msg;
}

void
db_error_set(struct db *db, enum db_err err, const char *msg)
{
	db->err = err;
	snprintf(db->msg, sizeof(db->msg), "%s", msg);
}

void
db_error_clear(struct db *db)
{
	db->err = DB_OK;
	db->msg[0] = '\0';
}

/*
 * SQLite's backups are its backup API's, in db_sqlite.c; PostgreSQL's are
 * its own tools', run by db_pgtool.c.
 */
int
db_backup(struct db *db, const char *path, void (*progress)(int, void *),
    void *arg, char **err)
{
	*err = NULL;
	if (db->ops->backup == NULL)
		return pgtool_backup(db, path, err);
	return db->ops->backup(db, path, progress, arg, err);
}

int
db_restore(struct db *db, const char *path, void (*progress)(int, void *),
    void *arg, char **err)
{
	*err = NULL;
	if (db->ops->restore == NULL)
		return pgtool_restore(db, path, err);
	return db->ops->restore(db, path, progress, arg, err);
}
