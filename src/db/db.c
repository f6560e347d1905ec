/*
 * The one place that chooses a backend: db_open reads the url's scheme,
 * and every other call goes through the connection's table of operations.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_backend.h"
#include "sqltext.h"
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
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static int fault_state;              /* db_fault_arm's result */
static int fault_skip_owner;         /* serve: the arming thread is not
					counted */
static atomic_int fault_armed;       /* 1 once armed */
static atomic_int_fast64_t fault_at; /* the operation to fail; 0: count */
static atomic_int fault_err;         /* what it fails with */
static pthread_t fault_owner;
static _Thread_local int fault_exempt; /* db_fault_exempt's thread */
static atomic_uint_fast64_t fault_count;
/* "@PATH": the next fault is read from the file PATH when it appears. */
static const char *fault_path;
static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;

static void
db_fault_report(void)
{
	fprintf(stderr, "solidarity: fault: %llu database operations\n",
	    (unsigned long long)atomic_load(&fault_count));
}

/* "N", "N:other" or "N:busy" into the fault to come; 0 or -1. */
static int
db_fault_parse(const char *spec, size_t len)
{
	const char *colon = memchr(spec, ':', len);
	size_t nlen = colon ? (size_t)(colon - spec) : len;
	size_t klen = colon ? len - nlen - 1 : 0;
	int64_t n;
	int err = DB_ERR_OTHER;

	if (num_parse_int(spec, nlen, 0, INT64_MAX, &n) == -1)
		return -1;
	if (colon != NULL && klen == 4 && memcmp(colon + 1, "busy", 4) == 0)
		err = DB_ERR_BUSY;
	else if (colon != NULL &&
	    (klen != 5 || memcmp(colon + 1, "other", 5) != 0))
		return -1;
	atomic_store(&fault_err, err);
	atomic_store(&fault_at, n);
	return 0;
}

/* Read SOLIDARITY_FAULT, once per process: 1 armed, 0 unset, -1 bad. */
static void
db_fault_arm(void)
{
	const char *spec = getenv("SOLIDARITY_FAULT");

	if (spec == NULL || *spec == '\0')
		return;
	if (*spec == '@' && spec[1] != '\0')
		fault_path = spec + 1;
	else if (db_fault_parse(spec, strlen(spec)) == -1) {
		fprintf(stderr,
		    "solidarity: SOLIDARITY_FAULT wants N, "
		    "N:other, N:busy or @FILE\n");
		fault_state = -1;
		return;
	}
	fault_owner = pthread_self();
	atexit(db_fault_report);
	atomic_store(&fault_armed, 1);
	fault_state = 1;
	if (fault_path != NULL)
		fprintf(stderr,
		    "solidarity: SOLIDARITY_FAULT is set: the "
		    "faults to make are read from %s (for tests only)\n",
		    fault_path);
	else
		fprintf(stderr,
		    "solidarity: SOLIDARITY_FAULT is set: "
		    "database operation %lld will fail (for tests only)\n",
		    (long long)atomic_load(&fault_at));
}

void
db_fault_exempt(void)
{
	fault_exempt = 1;
}

int
db_fault_init(void)
{
	fault_skip_owner = 1;
	pthread_once(&fault_once, db_fault_arm);
	return fault_state;
}

/*
 * The file of "@PATH" mode, when one is there: what it says is the fault
 * to come, counted from this operation on, and the file is removed, so
 * that a test arms the next fault without starting the server again.
 */
static void
db_fault_rearm(void)
{
	char spec[64];
	ssize_t n;
	int fd;

	pthread_mutex_lock(&fault_lock);
	fd = open(fault_path, O_RDONLY | O_CLOEXEC);
	if (fd != -1) {
		n = read(fd, spec, sizeof(spec));
		close(fd);
		unlink(fault_path);
		while (n > 0 && (spec[n - 1] == '\n' || spec[n - 1] == ' '))
			n--;
		if (n <= 0 || db_fault_parse(spec, (size_t)n) == -1)
			fprintf(stderr,
			    "solidarity: fault: %s does not say "
			    "N, N:other or N:busy\n",
			    fault_path);
		atomic_store(&fault_count, 0);
	}
	pthread_mutex_unlock(&fault_lock);
}

/* Set the error of an injected fault. */
static void
db_fault_error(struct db *db)
{
	int err = atomic_load(&fault_err);

	db_error_set(db, err,
	    err == DB_ERR_BUSY ? "injected fault: database is locked"
			       : "injected fault");
}

/*
 * Count one operation; 1 when it is the one to fail, with the error set
 * (on db, when there is one). In serve, the arming thread's operations
 * (its startup checks and its daily purge, which runs beside the first
 * requests) are left out, so the count depends on the requests alone and
 * a sweep over N repeats exactly.
 */
static int
db_fault_count(struct db *db, const char *what)
{
	uint64_t n;

	if (fault_exempt ||
	    (fault_skip_owner && pthread_equal(pthread_self(), fault_owner)))
		return 0;
	if (fault_path != NULL)
		db_fault_rearm();
	n = atomic_fetch_add(&fault_count, 1) + 1;
	if (atomic_load(&fault_at) == 0 ||
	    n != (uint64_t)atomic_load(&fault_at))
		return 0;
	fprintf(stderr,
	    "solidarity: fault: database operation %llu (%s) "
	    "fails\n",
	    (unsigned long long)n, what);
	if (db != NULL)
		db_fault_error(db);
	return 1;
}

/* The hook in front of every operation: only a load while disarmed. */
static inline int
db_fault(struct db *db, const char *what)
{
	if (!atomic_load_explicit(&fault_armed, memory_order_relaxed))
		return 0;
	return db_fault_count(db, what);
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
	/* Any program that opens a database may be armed: see db.h. */
	pthread_once(&fault_once, db_fault_arm);
	if (fault_state == -1) {
		*err = xstrdup("SOLIDARITY_FAULT is malformed");
		return NULL;
	}
	if (db_fault(NULL, "open")) {
		*err = xstrdup("injected fault: cannot connect");
		return NULL;
	}
	/* SQLite would open a private database, gone at its close. */
	if (path != NULL && *path == '\0') {
		*err = xstrdup("no database named: give --db a file or a "
			       "postgres:// URL");
		return NULL;
	}
	if (path == NULL) {
		db = pg_open(db_pg_conninfo(url), err);
		/* pg_dump and pg_restore connect the same way (db_pgtool.c). */
		if (db != NULL)
			db->conninfo = xstrdup(db_pg_conninfo(url));
	} else
		db = sqlite_open(path, err);
	if (db != NULL)
		db->url = xstrdup(url);
	return db;
}

struct db *
db_open_again(const struct db *db, char **err)
{
	return db_open(db->url, err);
}

void
db_close(struct db *db)
{
	char *name, *conninfo, *url;

	if (db == NULL)
		return;
	name = db->name;
	conninfo = db->conninfo;
	url = db->url;
	free(db->checkpoint_tables);
	db->ops->close(db);
	free(name);
	free(conninfo);
	free(url);
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
	int rc = db_fault(db, "checkpoint")
	    ? -1
	    : db->ops->checkpoint(db,
		  db->checkpoint_tables != NULL ? db->checkpoint_tables : "");

	if (rc == -1)
		atomic_store(&db_owed, 1);
	db_checkpoint_forget(db);
	return rc;
}

void
db_note_reads(struct db *db, const struct change_set *reads,
    struct change_scope scope)
{
	change_add_zoned(&db->reads, reads, scope);
}

void
db_note_writes(struct db *db, const struct change_set *writes,
    struct change_scope scope)
{
	change_add_zoned(&db->writes, writes, scope);
}

/*
 * What a transaction wrote is published once its commit is visible, and
 * the mark it left (SQLite) noted as ours: the backend notes a
 * transaction's just before its commit (sqlite_commit), a statement's
 * outside one only here (change.h); what it wrote before a rollback
 * never happened.
 */
static void
db_published(struct db *db)
{
	change_publish(&db->writes);
	if (db->mark != 0)
		change_mine(db->mark);
	db->mark = 0;
	change_clear(&db->writes);
}

/* A statement outside a transaction has committed once it returns. */
static void
db_settle(struct db *db)
{
	if (db->depth > 0)
		return;
	if (db->ops->settle != NULL)
		db->ops->settle(db);
	db_published(db);
}

void
db_reads_take(struct db *db, struct change_set *out)
{
	*out = db->reads;
	change_clear(&db->reads);
}

void
db_reads_add(struct db *db, const struct change_set *reads)
{
	change_add(&db->reads, reads);
}

void
db_zone_scope(struct db *db, int64_t zone, const char *part)
{
	db->scope.zone = zone;
	db->scope.part = zone > 0 && part != NULL ? change_part(part) : 0;
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
	if (db_fault(db, "begin read"))
		return -1;
	if (db->depth > 0) {
		db_error_set(db, DB_ERR_OTHER,
		    "a read transaction cannot "
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
	db->mark = 0;
	change_clear(&db->writes);
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
	db_published(db);
	if (db->checkpoint_tables != NULL)
		db_checkpoint_run(db);
	return 0;
}

/*
 * A rollback's fault is told after the transaction has ended: a backend
 * whose ROLLBACK fails has ended it all the same (PostgreSQL drops the
 * transaction with the connection; SQLite ends it on the error), and what
 * a caller can get wrong is the failure reported, not an open transaction
 * that no caller could close.
 */
int
db_rollback(struct db *db)
{
	int fault = db_fault(db, "rollback");
	int rc;

	if (db->depth > 1) {
		db->depth--;
		db->doomed = 1;
		rc = 0;
	} else {
		/* At depth 0 the backend finds nothing to undo: 0. */
		rc = db->ops->rollback(db);
		db->depth = 0;
		db->doomed = 0;
		db->mark = 0;
		change_clear(&db->writes);
		db_checkpoint_forget(db);
	}
	if (fault) {
		db_fault_error(db);
		return -1;
	}
	return rc;
}

json_t *
db_rows(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	json_t *rows;

	if (db_fault(db, "statement"))
		return NULL;
	rows = db->ops->rows(db, sql, args, n);
	db_settle(db);
	return rows;
}

int
db_row(struct db *db, const char *sql, const struct db_val *args, size_t n,
    json_t **row)
{
	int rc;

	if (db_fault(db, "statement")) {
		*row = NULL;
		return -1;
	}
	rc = db->ops->row(db, sql, args, n, row);
	db_settle(db);
	return rc;
}

int
db_exec(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	int rc;

	if (db_fault(db, "statement"))
		return -1;
	rc = db->ops->exec(db, sql, args, n);
	db_settle(db);
	return rc;
}

int
db_int(struct db *db, const char *sql, const struct db_val *args, size_t n,
    int64_t *out)
{
	int rc;

	if (db_fault(db, "statement"))
		return -1;
	rc = db->ops->get_int(db, sql, args, n, out);
	db_settle(db);
	return rc;
}

int64_t
db_each(struct db *db, const char *sql, const struct db_val *args, size_t n,
    int (*fn)(const struct db_cols *, void *), void *arg)
{
	int64_t rc;

	if (db_fault(db, "statement"))
		return -1;
	rc = db->ops->each(db, sql, args, n, fn, arg);
	db_settle(db);
	return rc;
}

int64_t
db_col_int(const struct db_cols *row, int col)
{
	return row->get_int(row, col);
}

const char *
db_col_text(const struct db_cols *row, int col)
{
	return row->get_text(row, col);
}

/* What the backend reads to find out is nobody's page's. */
uint64_t
db_generation(struct db *db)
{
	struct change_set reads = db->reads;
	uint64_t gen = db->ops->generation(db);

	db->reads = reads;
	return gen;
}

int
db_checkpoints_start(const char *url)
{
	const char *path = db_url_path(url);

	return path != NULL ? sqlite_checkpoints_start(path) : 0;
}

void
db_checkpoints_stop(void)
{
	sqlite_checkpoints_stop();
}

void
db_request_begin(struct db *db)
{
	if (db->depth == 0 && db->ops->request_begin != NULL)
		db->ops->request_begin(db);
}

void
db_request_end(struct db *db)
{
	if (db->ops->request_end != NULL)
		db->ops->request_end(db);
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
		if (tables[i][0] == '\0' ||
		    tables[i][strspn(tables[i],
			"abcdefghijklmnopqrstuvwxyz0123456789_")] != '\0') {
			db_error_set(db, DB_ERR_OTHER, "not a table name");
			return -1;
		}
	buf_adds(&b,
	    db->checkpoint_tables != NULL ? db->checkpoint_tables : "");
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
db_vacuum(struct db *db)
{
	int rc;

	if (db_kind(db) != DB_SQLITE)
		return 0;
	rc = db_fault(db, "checkpoint") ? -1 : db->ops->script(db, "VACUUM");
	if (rc == -1)
		atomic_store(&db_owed, 1);
	return rc;
}

/* What a script changes is not told: everything may have. */
int
db_script(struct db *db, const char *sql)
{
	int rc;

	if (db_fault(db, "script"))
		return -1;
	rc = db->ops->script(db, sql);
	db->writes.every = 1;
	db_settle(db);
	return rc;
}

int
db_tune_bulk(struct db *db, unsigned flags)
{
	if (db_fault(db, "tune"))
		return -1;
	return db->ops->tune_bulk(db, flags);
}

int
db_tune_done(struct db *db)
{
	if (db_fault(db, "tune"))
		return -1;
	return db->ops->tune_done(db);
}

json_t *
db_indexes_drop(struct db *db, const char *table)
{
	struct db_val arg = DBV_TEXT(table);
	json_t *indexes = db_rows(db, db->ops->indexes_sql, &arg, 1), *index;
	struct buf sql = BUF_INIT;
	size_t i;

	json_array_foreach (indexes, i, index) {
		buf_reset(&sql);
		buf_adds(&sql, "DROP INDEX ");
		sqltext_quote_name(&sql,
		    json_string_value(json_object_get(index, "name")));
		if (db_exec_once(db, sql.ptr, NULL, 0) == -1) {
			json_decref(indexes);
			indexes = NULL;
			break;
		}
	}
	buf_free(&sql);
	return indexes;
}

int
db_indexes_make(struct db *db, json_t *indexes)
{
	json_t *index;
	size_t i;

	json_array_foreach (indexes, i, index)
		if (db_exec_once(db,
			json_string_value(json_object_get(index, "sql")), NULL,
			0) == -1)
			return -1;
	return 0;
}

int64_t
db_each_once(struct db *db, const char *sql, const struct db_val *args,
    size_t n, int (*fn)(json_t *, void *), void *arg)
{
	int64_t rc;

	if (db_fault(db, "statement"))
		return -1;
	rc = db->ops->each_once(db, sql, args, n, fn, arg);
	db_settle(db);
	return rc;
}

struct db_cursor *
db_cursor_open(struct db *db, const char *sql, const struct db_val *args,
    size_t n)
{
	if (db_fault(db, "statement"))
		return NULL;
	return db->ops->cursor_open(db, sql, args, n);
}

int
db_cursor_next(struct db_cursor *c, json_t **row)
{
	*row = NULL;
	if (db_fault(c->db, "row"))
		return -1;
	return c->db->ops->cursor_next(c, row);
}

void
db_cursor_close(struct db_cursor *c)
{
	if (c != NULL)
		c->db->ops->cursor_close(c);
}

int
db_exec_once(struct db *db, const char *sql, const struct db_val *args,
    size_t n)
{
	int rc;

	if (db_fault(db, "statement"))
		return -1;
	rc = db->ops->exec_once(db, sql, args, n);
	db_settle(db);
	return rc;
}

/* The column "name" of the rows of sql, as an array; NULL on error. */
static json_t *
db_names(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	json_t *rows = db_rows(db, sql, args, n), *names, *row;
	size_t i;

	if (rows == NULL)
		return NULL;
	names = json_array();
	json_array_foreach (rows, i, row)
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

json_t *
db_required_columns(struct db *db, const char *table)
{
	struct db_val arg = DBV_TEXT(table);

	return db_names(db, db->ops->required_sql, &arg, 1);
}

int
db_sync_ids(struct db *db, const char *table)
{
	if (db_fault(db, "sync ids"))
		return -1;
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
	if (db_fault(db, "backup")) {
		*err = xstrdup(db->msg);
		return -1;
	}
	if (db->ops->backup == NULL)
		return pgtool_backup(db, path, err);
	return db->ops->backup(db, path, progress, arg, err);
}

int
db_restore(struct db *db, const char *path, void (*progress)(int, void *),
    void *arg, char **err)
{
	*err = NULL;
	if (db_fault(db, "restore")) {
		*err = xstrdup(db->msg);
		return -1;
	}
	change_flush();
	if (db->ops->restore == NULL)
		return pgtool_restore(db, path, err);
	return db->ops->restore(db, path, progress, arg, err);
}
