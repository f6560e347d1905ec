/*
 * db_backup and db_restore on SQLite, in one process where every moment
 * can be arranged: the copy is the database as it was when it began even
 * when commits land between its steps (and is not started over because of
 * them); a restore checks what it is given and refuses a database that
 * another connection holds open. (The round trip beside a real server, and
 * on PostgreSQL, is tests/http/test_backup.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "db/db.h"

#define ROWS	6000	/* of 1,000 bytes: some 6 steps of 256 pages */
#define STR_(x)	#x
#define STR(x)	STR_(x)

static const char *const q_schema =
    "CREATE TABLE schema_version (version INTEGER NOT NULL);"
    "INSERT INTO schema_version VALUES (2);"
    "CREATE TABLE t (id INTEGER PRIMARY KEY, x BLOB NOT NULL);";
static const char *const q_fill =
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
    "WHERE i < " STR(ROWS) ") INSERT INTO t (x) SELECT randomblob(1000) "
    "FROM c";
static const char *const q_add = "INSERT INTO t (x) VALUES (randomblob(1000))";
static const char *const q_count = "SELECT count(*) FROM t";
static const char *const q_check = "PRAGMA integrity_check";
static const char *const q_mode = "PRAGMA journal_mode";
static const char *const q_junk = "CREATE TABLE other (x);";

static char dir[] = "/tmp/solidarity-backup-XXXXXX";

/* The progress seen, and a writer that commits at every step. */
struct watch {
	struct db	*writer;
	int		 calls;
	int		 last;		/* the last percentage */
	int		 backwards;	/* a percentage below the one before */
	int		 writes;	/* commits made between steps */
};

static void
on_progress(int pct, void *arg)
{
	struct watch *w = arg;

	if (pct < w->last)
		w->backwards++;
	w->last = pct;
	w->calls++;
	/* A bounded number: a copy that starts over still ends, and fails. */
	if (w->writer != NULL && w->writes < 50 &&
	    db_exec(w->writer, q_add, NULL, 0) == 1)
		w->writes++;
}

static char *
path_of(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static struct db *
open_or_die(const char *path)
{
	char *err = NULL;
	struct db *db = db_open(path, &err);

	if (db == NULL) {
		printf("not ok - cannot open %s: %s\n", path, err);
		exit(1);
	}
	return db;
}

static int64_t
int_of(struct db *db, const char *sql)
{
	int64_t v = -1;

	if (db_int(db, sql, NULL, 0, &v) != 1)
		return -1;
	return v;
}

/* The first column of the first row, as text: static. */
static const char *
text_of(struct db *db, const char *sql)
{
	static char out[64];
	json_t *row = NULL, *v = NULL;
	const char *key;

	out[0] = '\0';
	if (db_row(db, sql, NULL, 0, &row) == 1)
		json_object_foreach(row, key, v)
			break;
	if (json_is_string(v))
		snprintf(out, sizeof(out), "%s", json_string_value(v));
	json_decref(row);
	return out;
}

static void
test_snapshot(void)
{
	struct watch w = { 0 };
	struct db *src, *copy;
	char *err = NULL;

	src = open_or_die(path_of("src.db"));
	ok(db_script(src, q_schema) == 0 && db_exec(src, q_fill, NULL, 0) ==
	    ROWS, "a database of %d rows", ROWS);
	w.writer = open_or_die(path_of("src.db"));

	is_int(db_backup(src, path_of("copy.db"), on_progress, &w, &err), 0,
	    "db_backup with a commit between every two steps");
	if (err != NULL)
		printf("# %s\n", err);
	free(err);
	err = NULL;
	ok(w.calls >= 4, "the copy took %d steps", w.calls);
	is_int(w.writes, w.calls, "and a commit landed after each");
	is_int(w.backwards, 0, "progress never went back (no restart)");
	is_int(w.last, 100, "and reached 100%%");
	is_int(int_of(src, q_count), ROWS + w.writes,
	    "the database has the new rows");

	copy = open_or_die(path_of("copy.db"));
	is_int(int_of(copy, q_count), ROWS, "the copy has the rows of the "
	    "moment it began, and none of the later ones");
	is_str(text_of(copy, q_check), "ok", "the copy passes integrity_check");
	db_close(copy);
	ok(access(path_of("copy.db-wal"), F_OK) == -1, "the copy is one file, "
	    "with no log beside it");

	/* A transaction open on the connection: no backup from inside it. */
	ok(db_begin(src) == 0, "a write transaction");
	is_int(db_backup(src, path_of("never.db"), NULL, NULL, &err), -1,
	    "db_backup inside a transaction is refused");
	ok(err != NULL && strstr(err, "transaction") != NULL, "saying why: %s",
	    err ? err : "");
	free(err);
	db_rollback(src);
	db_close(w.writer);
	db_close(src);
}

static void
test_restore(void)
{
	struct watch w = { 0 };
	struct db *db, *other;
	char *err = NULL;
	FILE *f;

	/* Another connection holds the database: the restore is refused. */
	db = open_or_die(path_of("target.db"));
	ok(db_script(db, q_junk) == 0, "a target database with a table");
	other = open_or_die(path_of("target.db"));
	is_int(int_of(other, "SELECT count(*) FROM other"), 0,
	    "another connection has it open");
	is_int(db_restore(db, path_of("copy.db"), NULL, NULL, &err), -1,
	    "db_restore while another connection has it open is refused");
	ok(err != NULL && strstr(err, "in use") != NULL, "saying so: %s",
	    err ? err : "");
	free(err);
	err = NULL;
	db_close(db);
	db_close(other);

	db = open_or_die(path_of("target.db"));
	is_int(db_restore(db, path_of("copy.db"), on_progress, &w, &err), 0,
	    "db_restore once it is alone");
	free(err);
	err = NULL;
	is_int(w.last, 100, "with progress to 100%%");
	is_int(int_of(db, q_count), ROWS, "the rows are back");
	db_close(db);
	db = open_or_die(path_of("target.db"));
	is_int(int_of(db, q_count), ROWS, "and there when opened again");
	is_int(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
	    "'other'"), 0, "what the backup did not hold is gone");
	is_str(text_of(db, q_check), "ok", "integrity_check");
	is_str(text_of(db, q_mode), "wal", "and the database is in WAL again");
	db_close(db);

	/* What is not a backup is refused before the database is touched. */
	f = fopen(path_of("junk"), "w");
	if (f != NULL) {
		fputs("not a database\n", f);
		fclose(f);
	}
	db = open_or_die(path_of("target.db"));
	is_int(db_restore(db, path_of("junk"), NULL, NULL, &err), -1,
	    "a file that is not a database is refused");
	ok(err != NULL && strstr(err, "not a database") != NULL, "%s",
	    err ? err : "");
	free(err);
	err = NULL;
	db_close(db);
	db = open_or_die(path_of("plain.db"));
	db_script(db, q_junk);
	db_close(db);
	db = open_or_die(path_of("target.db"));
	is_int(db_restore(db, path_of("plain.db"), NULL, NULL, &err), -1,
	    "a database of something else is refused");
	ok(err != NULL && strstr(err, "not a backup") != NULL, "%s",
	    err ? err : "");
	free(err);
	is_int(int_of(db, q_count), ROWS, "and the target is untouched");
	db_close(db);
}

int
main(void)
{
	char cmd[160];

	if (mkdtemp(dir) == NULL)
		return 1;
	test_snapshot();
	test_restore();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", dir);
	return tap_done();
}
