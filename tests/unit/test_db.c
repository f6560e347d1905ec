/*
 * The db module over both backends: migrations, rows and their types,
 * errors, nested transactions, the generation, and what is particular to
 * each. SQLite runs on a temporary file; PostgreSQL runs when the URL of a
 * test database is in SOLIDARITY_TEST_PG (tests/pg/start makes one), in a
 * schema of its own that is dropped at the end, and is skipped, saying
 * why, when none is reachable (under CI=true that is a failure).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"

enum stmt {
	STMT_PRAGMA_SYNC,
	STMT_PRAGMA_FK,
	STMT_PRAGMA_WAL,
	STMT_PRAGMA_CACHE,
	STMT_BLOBS,
	STMT_BLOB,
	STMT_COUNT_BLOBS,
	STMT_ZONE,
	STMT_ZONE_AT,
	STMT_ZONES,
	STMT_ZONE_LAT,
	STMT_COUNT,
	STMT_SUM,
	STMT_LITERAL,
	STMT_LIKE,
	STMT_EXISTS,
	STMT_BOOL_ROW,
	STMT_BAD_FK,
	STMT_VERSION,
	STMT_RENAME,
	STMT_ROW_LOCK,
	STMT_SYNTAX,
	STMT_LOCK_TIMEOUT,
	STMT_FILENODE,
	STMT_BULK_TABLE,
	STMT_BULK_DROP,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_PRAGMA_SYNC */
	"PRAGMA synchronous",
	/* STMT_PRAGMA_FK */
	"PRAGMA foreign_keys",
	/* STMT_PRAGMA_WAL */
	"PRAGMA journal_mode",
	/* STMT_PRAGMA_CACHE */
	"PRAGMA cache_size",
	/* STMT_BLOBS */
	"CREATE TABLE blobs (b BLOB)",
	/* STMT_BLOB: 16 pages and more of log */
	"INSERT INTO blobs VALUES (randomblob(65536))",
	/* STMT_COUNT_BLOBS */
	"SELECT count(*) FROM blobs",
	/* STMT_ZONE */
	"INSERT INTO zone (name, created_at) "
	"VALUES (?, '2026-01-01T00:00:00Z') RETURNING id, name",
	/* STMT_ZONE_AT */
	"INSERT INTO zone (name, lat, lon, "
	"created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z') RETURNING id",
	/* STMT_ZONES */
	"SELECT id, name, lat FROM zone ORDER BY id",
	/* STMT_ZONE_LAT */
	"SELECT lat, lon FROM zone WHERE id = ?",
	/* STMT_COUNT */
	"SELECT count(*) FROM zone",
	/* STMT_SUM */
	"SELECT sum(id) AS s, count(*) AS c, "
	"max(name) AS m FROM zone",
	/* STMT_LITERAL */
	"SELECT count(*) FROM zone "
	"WHERE name <> '?' AND name <> 'it''s ?' AND name = ?",
	/* STMT_LIKE */
	"SELECT count(*) FROM zone "
	"WHERE name LIKE ? ESCAPE '\\'",
	/* STMT_EXISTS */
	"SELECT EXISTS (SELECT 1 FROM zone) "
	"OR EXISTS (SELECT 1 FROM person)",
	/* STMT_BOOL_ROW */
	"SELECT count(*) > 0 AS nonempty FROM zone",
	/* STMT_BAD_FK */
	"INSERT INTO person (name, zone_id, "
	"created_at, updated_at) VALUES ('x', 999, 'a', 'b')",
	/* STMT_VERSION */
	"UPDATE schema_version SET version = ?",
	/* STMT_RENAME */
	"UPDATE zone SET name = ? WHERE id = ?",
	/* STMT_ROW_LOCK: SQLite leaves the clause out (db.h) */
	"SELECT id FROM zone WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_SYNTAX */
	"SELEC nonsense",
	/* STMT_LOCK_TIMEOUT */
	"SET lock_timeout = '100ms'",
	/* A table's file number on PostgreSQL: a rewrite gives it a new one. */
	/* STMT_FILENODE */
	"SELECT pg_relation_filenode('zone')",
	/* STMT_BULK_TABLE: a key, a unique column, a unique index, two plain */
	"CREATE TABLE bulk_t (id BIGINT PRIMARY KEY, a BIGINT, b TEXT UNIQUE); "
	"CREATE UNIQUE INDEX bulk_t_u ON bulk_t (a, b); "
	"CREATE INDEX bulk_t_a ON bulk_t (a); "
	"CREATE INDEX bulk_t_ab ON bulk_t (a DESC, b) WHERE a > 0",
	/* STMT_BULK_DROP */
	"DROP TABLE bulk_t",
};

static const char *const zone_only[] = { "zone", NULL };
static const char *const no_tables[] = { NULL };
static const char *const bad_table[] = { "zone; DROP TABLE zone", NULL };

/* zone's file number on PostgreSQL, -1 on SQLite. */
static int64_t
table_file(struct db *db)
{
	int64_t n = -1;

	if (db_kind(db) == DB_POSTGRES &&
	    db_int(db, stmts[STMT_FILENODE], NULL, 0, &n) != 1)
		n = -2;
	return n;
}

/* Insert a zone by name; its id, or -1. */
static int64_t
add_zone(struct db *db, const char *name)
{
	struct db_val arg = DBV_TEXT(name);
	json_t *row = NULL;
	int64_t id = -1;

	if (db_row(db, stmts[STMT_ZONE], &arg, 1, &row) == 1)
		id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return id;
}

static int64_t
count_zones(struct db *db)
{
	return testdb_int(db, stmts[STMT_COUNT]);
}

/* Add a zone inside a transaction inside a transaction, both left open. */
static void
nest_zone(struct db *db, const char *name)
{
	db_begin(db);
	db_begin(db);
	add_zone(db, name);
}

/* Commit a new zone from another process, as a second server would. */
static int
commit_elsewhere(const char *url, const char *name)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		char *err = NULL;
		struct db *db = db_open(url, &err);
		int rc = db != NULL && db_begin(db) == 0 &&
		    add_zone(db, name) > 0 && db_commit(db) == 0;

		db_close(db);
		free(err);
		_exit(rc ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* What db_each's callback saw: the first rows' columns, read by place. */
struct seen {
	int rows;
	int stop_after; /* rows, then -1; 0 never stops */
	int64_t id[2], num[2], past_int;
	char name[2][32], num_text[2][32];
	int past_empty;
};

/* Columns 0 (an id), 1 (text), 2 (a number or NULL) and one past them. */
static int
each_row(const struct db_cols *row, void *arg)
{
	struct seen *s = arg;

	if (s->rows < 2) {
		s->id[s->rows] = db_col_int(row, 0);
		snprintf(s->name[s->rows], sizeof(s->name[0]), "%s",
		    db_col_text(row, 1));
		s->num[s->rows] = db_col_int(row, 2);
		snprintf(s->num_text[s->rows], sizeof(s->num_text[0]), "%s",
		    db_col_text(row, 2));
		s->past_int = db_col_int(row, 3);
		s->past_empty = db_col_text(row, 3)[0] == '\0';
	}
	s->rows++;
	return s->stop_after != 0 && s->rows >= s->stop_after ? -1 : 0;
}

/* db_each over the zones "Barrio Sur" (first, no lat) and cerro. */
static void
check_each(struct db *db, int64_t cerro, const char *tag)
{
	struct seen s = { 0 };
	struct db_val arg;

	is_int(db_each(db, stmts[STMT_ZONES], NULL, 0, each_row, &s), 2,
	    "%s: db_each counts the rows it handed over", tag);
	is_int(s.rows, 2, "%s: each one to the callback", tag);
	ok(s.id[0] > 0 && s.id[1] == cerro,
	    "%s: in order, integers read by place", tag);
	ok(strcmp(s.name[0], "Barrio Sur") == 0 &&
	    strcmp(s.name[1], "Cerro") == 0, "%s: text read by place", tag);
	ok(s.num[0] == 0 && s.num_text[0][0] == '\0',
	    "%s: NULL reads as 0 and as \"\"", tag);
	is_int(s.num[1], -34,
	    "%s: a real read as an integer loses its fraction", tag);
	ok(strncmp(s.num_text[1], "-34.6", 5) == 0,
	    "%s: and reads as its text", tag);
	ok(s.past_int == 0 && s.past_empty,
	    "%s: a column past the last reads as NULL", tag);

	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	is_int(db_each(db, stmts[STMT_ZONES], NULL, 0, each_row, &s), -1,
	    "%s: a callback that stops makes db_each fail", tag);
	is_int(s.rows, 1, "%s: with no row after the stop", tag);
	ok(strstr(db_errmsg(db), "stopped") != NULL,
	    "%s: and a message that says so", tag);
	memset(&s, 0, sizeof(s));
	is_int(db_each(db, stmts[STMT_ZONES], NULL, 0, each_row, &s), 2,
	    "%s: the same statement then runs whole again", tag);

	memset(&s, 0, sizeof(s));
	arg = DBV_INT(-1);
	is_int(db_each(db, stmts[STMT_ZONE_LAT], &arg, 1, each_row, &s), 0,
	    "%s: no row, no call", tag);
	is_int(s.rows, 0, "%s: the callback was never called", tag);
	is_int(db_each(db, stmts[STMT_EXISTS], NULL, 0, each_row, &s), 1,
	    "%s: a comparison as a column", tag);
	is_int(s.id[0], 1, "%s: reads as 1 when true", tag);
	is_int(db_each(db, stmts[STMT_SYNTAX], NULL, 0, each_row, &s), -1,
	    "%s: bad SQL fails in db_each", tag);
	is_int(db_errcode(db), DB_ERR_OTHER, "%s: with a generic error", tag);
}

/* Names of the indexes in an array of db_indexes_drop, space between. */
static void
index_names(json_t *indexes, char *out, size_t size)
{
	json_t *index;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach (indexes, i, index)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i > 0 ? " " : "",
		    json_string_value(json_object_get(index, "name")));
}

/*
 * A loader's indexes: those that no key or uniqueness needs are set
 * aside and made again as they were; the others stay.
 */
static void
check_indexes(struct db *db, const char *tag)
{
	json_t *first, *again, *gone;
	char names[128];

	is_int(db_script(db, stmts[STMT_BULK_TABLE]), 0,
	    "%s: a table with indexes of each kind", tag);
	first = db_indexes_drop(db, "bulk_t");
	index_names(first, names, sizeof(names));
	is_str(names, "bulk_t_a bulk_t_ab", "%s: its plain indexes are dropped",
	    tag);
	gone = db_indexes_drop(db, "bulk_t");
	is_int((int)json_array_size(gone), 0,
	    "%s: and gone, the unique ones left", tag);
	is_int(db_indexes_make(db, first), 0, "%s: made again", tag);
	again = db_indexes_drop(db, "bulk_t");
	ok(json_equal(first, again), "%s: as they were", tag);
	is_int(db_indexes_make(db, again), 0, "%s: and again", tag);
	json_decref(first);
	json_decref(gone);
	json_decref(again);
	is_int(db_script(db, stmts[STMT_BULK_DROP]), 0, "%s: dropped", tag);
}

/* What both backends must do alike; tag names the backend in messages. */
static void
check_common(struct db *db, const char *url, const char *tag)
{
	struct db *other;
	char *err = NULL;
	int from, to;
	int64_t v = 0, id, node, n;
	uint64_t g0, g1;
	json_t *rows, *row = NULL;
	struct db_val arg, args[3];

	is_int(db_schema_version(db), 0, "%s: a new database has no schema",
	    tag);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "%s: migrations apply", tag);
	if (err != NULL)
		printf("# %s\n", err);
	free(err);
	is_int(from, 0, "%s: from version 0", tag);
	is_int(to, db_schema_latest(), "%s: to the latest version", tag);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_UPTODATE,
	    "%s: a second run says up to date", tag);

	arg = DBV_TEXT("Barrio Sur");
	is_int(db_row(db, stmts[STMT_ZONE], &arg, 1, &row), 1,
	    "%s: RETURNING gives a row", tag);
	is_str(json_string_value(json_object_get(row, "name")), "Barrio Sur",
	    "%s: rows come back as objects keyed by column", tag);
	json_decref(row);
	rows = db_rows(db, stmts[STMT_ZONES], NULL, 0);
	is_int(json_array_size(rows), 1, "%s: db_rows returns every row", tag);
	ok(json_is_null(json_object_get(json_array_get(rows, 0), "lat")),
	    "%s: NULL comes back as JSON null", tag);
	ok(json_is_integer(json_object_get(json_array_get(rows, 0), "id")),
	    "%s: integers come back as integers", tag);
	json_decref(rows);

	/* Reals keep every digit both ways. */
	args[0] = DBV_TEXT("Cerro");
	args[1] = DBV_REAL(-34.603722);
	args[2] = DBV_REAL(0.1 + 0.2);
	id = -1;
	db_int(db, stmts[STMT_ZONE_AT], args, 3, &id);
	arg = DBV_INT(id);
	db_row(db, stmts[STMT_ZONE_LAT], &arg, 1, &row);
	ok(json_is_real(json_object_get(row, "lat")) &&
	    json_real_value(json_object_get(row, "lat")) == -34.603722 &&
	    json_real_value(json_object_get(row, "lon")) == 0.1 + 0.2,
	    "%s: reals come back as the same reals", tag);
	json_decref(row);
	check_each(db, id, tag);

	db_row(db, stmts[STMT_SUM], NULL, 0, &row);
	ok(json_is_integer(json_object_get(row, "s")) &&
	    json_is_integer(json_object_get(row, "c")) &&
	    json_integer_value(json_object_get(row, "c")) == 2,
	    "%s: sum() and count() of integers are integers", tag);
	is_str(json_string_value(json_object_get(row, "m")), "Cerro",
	    "%s: max() of text is text", tag);
	json_decref(row);

	arg = DBV_TEXT("Barrio Sur");
	v = -1;
	db_int(db, stmts[STMT_LITERAL], &arg, 1, &v);
	is_int(v, 1, "%s: a ? inside a quoted string is not a placeholder",
	    tag);
	arg = DBV_TEXT("%barrio%");
	db_int(db, stmts[STMT_LIKE], &arg, 1, &v);
	is_int(v, 1, "%s: LIKE ignores case", tag);
	arg = DBV_TEXT("%\\%%");
	db_int(db, stmts[STMT_LIKE], &arg, 1, &v);
	is_int(v, 0, "%s: LIKE honours ESCAPE", tag);
	v = -1;
	is_int(db_int(db, stmts[STMT_EXISTS], NULL, 0, &v), 1,
	    "%s: db_int reads a comparison", tag);
	is_int(v, 1, "%s: as 1 when true", tag);

	is_int(db_exec(db, stmts[STMT_BAD_FK], NULL, 0), -1,
	    "%s: a foreign key violation fails", tag);
	is_int(db_errcode(db), DB_ERR_CONSTRAINT, "%s: and says constraint",
	    tag);
	is_int(add_zone(db, "Barrio Sur"), -1, "%s: a duplicate name fails",
	    tag);
	is_int(db_errcode(db), DB_ERR_CONSTRAINT,
	    "%s: a unique index says constraint", tag);
	ok(db_rows(db, stmts[STMT_SYNTAX], NULL, 0) == NULL,
	    "%s: bad SQL fails", tag);
	is_int(db_errcode(db), DB_ERR_OTHER, "%s: with a generic error", tag);
	ok(db_errmsg(db)[0] != '\0', "%s: and a message", tag);
	is_int(count_zones(db), 2, "%s: a good call after a bad one works",
	    tag);
	is_int(db_errcode(db), DB_OK, "%s: and clears the error", tag);

	args[0] = DBV_TEXT("Renamed");
	args[1] = DBV_INT(id);
	is_int(db_exec(db, stmts[STMT_RENAME], args, 2), 1,
	    "%s: db_exec counts the rows it changed", tag);
	is_int(db_int(db, stmts[STMT_ROW_LOCK], &args[1], 1, &v), 1,
	    "%s: a SELECT may end with a row lock", tag);
	is_int(v, id, "%s: and finds its row", tag);

	is_int(db_begin(db), 0, "%s: a transaction begins", tag);
	add_zone(db, "Gone");
	is_int(db_rollback(db), 0, "%s: and rolls back", tag);
	is_int(count_zones(db), 2, "%s: leaving nothing behind", tag);

	/* Nested: only the outermost pair counts, an inner rollback dooms. */
	nest_zone(db, "Inner");
	is_int(db_commit(db), 0, "%s: an inner commit succeeds", tag);
	is_int(db_commit(db), 0, "%s: and so does the outer", tag);
	is_int(count_zones(db), 3, "%s: keeping the row", tag);
	nest_zone(db, "Doomed");
	is_int(db_rollback(db), 0, "%s: an inner rollback succeeds", tag);
	is_int(db_commit(db), -1, "%s: and the outer commit then fails", tag);
	is_int(count_zones(db), 3, "%s: leaving nothing behind", tag);
	db_begin(db);
	is_int(db_exec(db, stmts[STMT_BAD_FK], NULL, 0), -1,
	    "%s: a failure inside a transaction", tag);
	is_int(db_rollback(db), 0, "%s: is rolled back", tag);
	is_int(db_begin(db), 0, "%s: and the next transaction begins", tag);
	db_rollback(db);

	g0 = db_generation(db);
	is_int(db_generation(db), g0, "%s: the generation holds still", tag);
	db_begin(db);
	add_zone(db, "Moved");
	db_commit(db);
	g1 = db_generation(db);
	ok(g1 != g0, "%s: a commit moves the generation", tag);
	is_int(db_generation(db), g1, "%s: and then it holds still", tag);
	is_int(commit_elsewhere(url, "Elsewhere"), 0,
	    "%s: another process commits", tag);
	ok(db_generation(db) != g1, "%s: and the generation moves", tag);
	is_int(count_zones(db), 5, "%s: its row is seen", tag);
	/* A write that never saw db_commit, as a tool like psql makes. */
	other = db_open(url, &err);
	g1 = db_generation(db);
	ok(other != NULL && add_zone(other, "Autocommit") > 0,
	    "%s: another connection writes without db_begin", tag);
	ok(db_generation(db) != g1, "%s: and the generation moves", tag);
	db_close(other);

	/*
	 * A request's statements: one snapshot on SQLite (each its own on
	 * PostgreSQL), until a write, which ends it and is not refused for
	 * having read an older one.
	 */
	n = count_zones(db);
	db_request_begin(db);
	is_int(count_zones(db), n, "%s: a request reads", tag);
	is_int(commit_elsewhere(url, "Meanwhile"), 0,
	    "%s: another process commits meanwhile", tag);
	is_int(count_zones(db), db_kind(db) == DB_SQLITE ? n : n + 1,
	    db_kind(db) == DB_SQLITE ? "%s: the request still reads what it "
	    "read first" : "%s: the request reads it at once", tag);
	ok(add_zone(db, "In a request") > 0, "%s: a write in the request "
	    "runs", tag);
	is_int(count_zones(db), n + 2, "%s: and what follows it reads both",
	    tag);
	db_request_end(db);
	db_request_begin(db);
	is_int(db_begin(db), 0, "%s: a transaction in a request begins", tag);
	db_rollback(db);
	db_request_begin(db);
	is_int(db_begin_read(db), 0, "%s: so does a read transaction", tag);
	db_commit(db);
	db_request_end(db);
	is_int(count_zones(db), n + 2, "%s: and after, nothing is left open",
	    tag);

	is_int(db_checkpoint(db, zone_only), 0, "%s: a checkpoint runs", tag);
	is_int(db_checkpoint(db, no_tables), 0,
	    "%s: so does one over no table", tag);
	is_int(db_checkpoint(db, bad_table), -1,
	    "%s: one over a name that is not a table's is refused", tag);
	node = table_file(db);
	db_begin(db);
	is_int(db_checkpoint(db, zone_only), 0,
	    "%s: inside a transaction it waits", tag);
	is_int(db_checkpoint(db, zone_only), 0, "%s: asked twice", tag);
	if (db_kind(db) == DB_POSTGRES)
		is_int(table_file(db), node, "%s: nothing rewritten yet", tag);
	is_int(db_commit(db), 0, "%s: for the commit", tag);
	if (db_kind(db) == DB_POSTGRES) {
		ok(table_file(db) != node, "%s: which rewrites the table",
		    tag);
		node = table_file(db);
		is_int(db_checkpoint(db, no_tables), 0,
		    "%s: over no table", tag);
		is_int(table_file(db), node, "%s: it rewrites nothing", tag);
		db_begin(db);
		db_checkpoint(db, zone_only);
		db_rollback(db);
		db_begin(db);
		db_commit(db);
		is_int(table_file(db), node, "%s: nor does one asked for in "
		    "a transaction that rolled back", tag);
	}
	is_int(db_tune_bulk(db, DB_BULK_OWN), 0, "%s: bulk settings apply",
	    tag);
	is_int(db_tune_done(db), 0, "%s: and go back", tag);
	check_indexes(db, tag);

	/* A database from a newer program is refused, never touched. */
	arg = DBV_INT(db_schema_latest() + 1);
	db_exec(db, stmts[STMT_VERSION], &arg, 1);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_FAILED,
	    "%s: a newer database is refused", tag);
	ok(err != NULL && strstr(err, "newer than this program") != NULL,
	    "%s: with a message that says why", tag);
	free(err);
	is_int(db_schema_version(db), db_schema_latest() + 1,
	    "%s: and its version is left alone", tag);
}

/* The journal mode of db's file. */
static const char *
journal_mode(struct db *db, char *out, size_t size)
{
	json_t *rows = db_rows(db, stmts[STMT_PRAGMA_WAL], NULL, 0);

	snprintf(out, size, "%s",
	    json_string_value(json_object_get(json_array_get(rows, 0),
		"journal_mode")));
	json_decref(rows);
	return out;
}

/*
 * A bulk load on SQLite keeps a rollback journal instead of the log,
 * where it has the file to itself, and gives the log back after; an
 * import (no DB_BULK_OWN) gets only the bigger page cache.
 */
static void
check_sqlite_bulk(const char *path)
{
	struct db *db, *other;
	char *err = NULL, mode[16];
	int64_t pages = 0;

	db = db_open(path, &err);
	if (!ok(db != NULL, "sqlite: the file opens for a bulk load"))
		return;
	is_int(db_tune_bulk(db, 0), 0, "sqlite: an import's settings apply");
	db_int(db, stmts[STMT_PRAGMA_CACHE], NULL, 0, &pages);
	is_int(pages, -65536, "sqlite: a cache of 64 MiB");
	is_str(journal_mode(db, mode, sizeof(mode)), "wal",
	    "sqlite: the log kept");
	is_int(db_tune_done(db), 0, "sqlite: and go back");
	db_int(db, stmts[STMT_PRAGMA_CACHE], NULL, 0, &pages);
	is_int(pages, -2048, "sqlite: to 2 MiB");
	is_int(db_tune_bulk(db, DB_BULK_OWN), 0, "sqlite: bulk settings apply");
	is_str(journal_mode(db, mode, sizeof(mode)), "delete",
	    "sqlite: with a rollback journal");
	is_int(db_tune_done(db), 0, "sqlite: and go back");
	is_str(journal_mode(db, mode, sizeof(mode)), "wal",
	    "sqlite: to the write-ahead log");
	other = db_open(path, &err);
	ok(other != NULL, "sqlite: another connection on the file");
	is_int(db_tune_bulk(db, DB_BULK_OWN), 0,
	    "sqlite: bulk settings apply all the same");
	is_str(journal_mode(db, mode, sizeof(mode)), "wal",
	    "sqlite: but the log stays, for the other connection");
	db_close(other);
	db_close(db);
}

/* The size of the file at path in bytes, -1 when there is none. */
static long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/*
 * Past a thousand pages the log is copied back into the file: by the
 * commit that wrote them, or, while the checkpointer runs (serve), by its
 * thread; the file grows only by those copies.
 */
static void
check_sqlite_checkpoints(const char *path)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	char *err = NULL;
	struct db *db = db_open(path, &err);
	long before;
	int round, i;

	if (!ok(db != NULL, "sqlite: the file opens again"))
		return;
	db_exec(db, stmts[STMT_BLOBS], NULL, 0);
	for (round = 0; round < 3; round++) {
		if (round == 1)
			is_int(db_checkpoints_start(path), 0,
			    "sqlite: the checkpointer starts");
		if (round == 2) {
			db_checkpoints_stop();
			db_checkpoints_stop();
		}
		before = file_size(path);
		for (i = 0; i < 200; i++)
			db_exec(db, stmts[STMT_BLOB], NULL, 0);
		for (i = 0; i < 100 && file_size(path) < before + 3145728; i++)
			nanosleep(&pause, NULL);
		ok(file_size(path) >= before + 3145728,
		    round == 0 ? "sqlite: 13 MB of commits are copied back "
				 "from the log (+%ld KiB)"
		    : round == 1 ? "sqlite: and so they are by the "
				   "checkpointer's thread (+%ld KiB)"
				 : "sqlite: and by the commits again once it "
				   "stopped, twice as once (+%ld KiB)",
		    (file_size(path) - before) / 1024);
	}
	db_close(db);
}

/*
 * The smallest and the largest size of the log at wal, each seen after
 * one of n commits of a blob that db makes.
 */
static void
log_sizes(struct db *db, const char *wal, int n, long *low, long *high)
{
	long now;
	int i;

	*low = LONG_MAX;
	*high = 0;
	for (i = 0; i < n; i++) {
		db_exec(db, stmts[STMT_BLOB], NULL, 0);
		now = file_size(wal);
		if (now < *low)
			*low = now;
		if (now > *high)
			*high = now;
	}
}

/* How often the log at wal has started again: its header says. */
static long
log_restarts(const char *wal)
{
	unsigned char h[16];
	FILE *f = fopen(wal, "rb");
	long n = -1;

	if (f != NULL && fread(h, 1, sizeof(h), f) == sizeof(h))
		n = (long)h[12] << 24 | h[13] << 16 | h[14] << 8 | h[15];
	if (f != NULL)
		fclose(f);
	return n;
}

/*
 * Commits that never pause, with the checkpointer running: the log starts
 * again past 16 MiB (SQLITE_RESTART_PAGES) instead of growing by every
 * commit, however far the commits run ahead of the copy meanwhile; and a
 * log that a reader kept growing is cut back to 32 MiB (SQLITE_LOG_KEEP)
 * when it starts again.
 */
static void
check_sqlite_log_bound(const char *path)
{
	char *err = NULL, wal[160];
	struct db *db = db_open(path, &err), *reader;
	int64_t n = 0;
	long low, high, restarts;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	reader = db_open(path, &err);
	if (!ok(db != NULL && reader != NULL, "sqlite: two connections")) {
		if (db != NULL)
			db_close(db);
		if (reader != NULL)
			db_close(reader);
		return;
	}
	is_int(db_checkpoints_start(path), 0,
	    "sqlite: the checkpointer starts again");
	restarts = log_restarts(wal);
	log_sizes(db, wal, 1600, &low, &high);
	ok(log_restarts(wal) >= restarts + 2,
	    "sqlite: 105 MB of commits without a pause: the log starts again "
	    "(%ld times)",
	    log_restarts(wal) - restarts);
	/* Without a start, 1,600 blobs' frames alone are over 100 MiB. */
	ok(high > 0 && high <= 96L << 20,
	    "sqlite: and peaks at %ld KiB, not past 96 MiB", high / 1024);

	db_begin_read(reader);
	db_int(reader, stmts[STMT_COUNT_BLOBS], NULL, 0, &n);
	log_sizes(db, wal, 700, &low, &high);
	ok(n > 0 && high > 40L << 20,
	    "sqlite: a reader's snapshot keeps the log whole (%ld KiB)",
	    high / 1024);
	db_rollback(reader);
	log_sizes(db, wal, 400, &low, &high);
	ok(low <= 32L << 20,
	    "sqlite: once read no more, it is cut back to 32 MiB "
	    "(%ld KiB at the least)",
	    low / 1024);
	db_checkpoints_stop();
	db_close(reader);
	db_close(db);
}

static void
check_sqlite(void)
{
	char dir[] = "/tmp/solidarity-db-XXXXXX", path[128], url[160];
	struct db *db;
	char *err = NULL;
	int64_t v = 0;
	json_t *rows;

	if (mkdtemp(dir) == NULL) {
		ok(0, "sqlite: a temporary folder");
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);

	db = db_open(path, &err);
	ok(db != NULL, "sqlite: a new database opens");
	if (db == NULL)
		return;
	is_int(db_kind(db), DB_SQLITE, "sqlite: a path is SQLite");
	is_str(db_name(db), path, "sqlite: messages call it by its path");
	check_common(db, url, "sqlite");

	db_int(db, stmts[STMT_PRAGMA_SYNC], NULL, 0, &v);
	is_int(v, 2, "sqlite: synchronous is FULL");
	db_int(db, stmts[STMT_PRAGMA_FK], NULL, 0, &v);
	is_int(v, 1, "sqlite: foreign keys are enforced");
	rows = db_rows(db, stmts[STMT_PRAGMA_WAL], NULL, 0);
	is_str(json_string_value(json_object_get(json_array_get(rows, 0),
	    "journal_mode")), "wal", "sqlite: the journal is WAL");
	json_decref(rows);
	db_close(db);
	check_sqlite_bulk(path);
	check_sqlite_checkpoints(path);
	check_sqlite_log_bound(path);

	db = db_open(url, &err);
	ok(db != NULL && db_kind(db) == DB_SQLITE,
	    "sqlite: sqlite:PATH opens the same file");
	ok(db != NULL && db_schema_version(db) == db_schema_latest() + 1,
	    "sqlite: with its data");
	db_close(db);

	err = NULL;
	db = db_open("/nonexistent/dir/x.db", &err);
	ok(db == NULL && err != NULL && strstr(err, "cannot open database"),
	    "sqlite: an unreachable path fails with a message");
	free(err);

	if (testdb_rmdir(dir) == -1)
		ok(0, "sqlite: the temporary folder is removed");
}

/* PostgreSQL: skipped when no server is reachable, except under CI. */
static void
check_pg(void)
{
	const char *url = getenv("SOLIDARITY_TEST_PG");
	char schema[32], sql[128], *err = NULL;
	struct db *db, *other;
	json_t *row = NULL;
	struct db_val args[2];
	int64_t id, got;

	/* Our own schema, so that runs never meet; every connection gets it. */
	db = testdb_pg_schema("test_db", schema, sizeof(schema));
	if (db == NULL)
		return;
	is_int(db_kind(db), DB_POSTGRES, "postgres: the URL is PostgreSQL");
	ok(strstr(db_name(db), " on ") != NULL &&
	    strstr(db_name(db), "://") == NULL,
	    "postgres: messages name the database and host, not the URL");
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
	    "CREATE SCHEMA %s", schema, schema);
	is_int(db_script(db, sql), 0, "postgres: a schema of our own");

	check_common(db, url, "postgres");

	db_row(db, stmts[STMT_BOOL_ROW], NULL, 0, &row);
	ok(json_is_true(json_object_get(row, "nonempty")),
	    "postgres: a boolean column is true or false in rows");
	json_decref(row);

	/* A row another connection holds: busy once lock_timeout passes. */
	other = db_open(url, &err);
	ok(other != NULL, "postgres: a second connection opens");
	if (other != NULL) {
		id = add_zone(db, "Locked");
		args[0] = DBV_TEXT("Held");
		args[1] = DBV_INT(id);
		db_begin(other);
		is_int(db_exec(other, stmts[STMT_RENAME], args, 2), 1,
		    "postgres: one connection locks a row");
		db_script(db, stmts[STMT_LOCK_TIMEOUT]);
		args[0] = DBV_TEXT("Waited");
		is_int(db_exec(db, stmts[STMT_RENAME], args, 2), -1,
		    "postgres: another cannot change it in time");
		is_int(db_errcode(db), DB_ERR_BUSY, "postgres: and says busy");
		/*
		 * Writers run side by side (no lock for the whole database,
		 * as SQLite's): a second begins at once, and its lock of the
		 * row the first holds waits for it.
		 */
		is_int(db_begin(db), 0,
		    "postgres: a second writer begins beside the first");
		is_int(db_int(db, stmts[STMT_ROW_LOCK], &args[1], 1, &got), -1,
		    "postgres: its lock of the first's row waits");
		is_int(db_errcode(db), DB_ERR_BUSY,
		    "postgres: and says busy once lock_timeout passes");
		db_rollback(db);
		db_rollback(other);
		is_int(db_begin(db), 0, "postgres: a writer begins");
		is_int(db_int(db, stmts[STMT_ROW_LOCK], &args[1], 1, &got), 1,
		    "postgres: and has the row once the first has finished");
		db_rollback(db);

		db_close(other);
	}

	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
	is_int(db_script(db, sql), 0, "postgres: the schema is dropped");
	db_close(db);

	err = NULL;
	db = db_open("postgresql:///nowhere?host=/nonexistent&"
	    "password=secret", &err);
	ok(db == NULL && err != NULL && strstr(err, "cannot open database"),
	    "postgres: an unreachable server fails with a message");
	ok(err != NULL && strstr(err, "secret") == NULL,
	    "postgres: which never repeats the URL's password");
	free(err);
}

int
main(void)
{
	check_sqlite();
	check_pg();
	return tap_done();
}
