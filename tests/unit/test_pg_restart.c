/*
 * A PostgreSQL connection outliving its server: the test starts a cluster
 * of its own (tests/pg/start), restarts and stops it under an open
 * connection (tests/pg/ctl) and ends sessions from the server's side, and
 * shows that the caller never reopens anything: reads and new writes work
 * as soon as the server is back, a read cut short is run again, and a
 * write cut short, or a transaction broken by the restart, is reported
 * (busy) and never done twice. Skipped, saying why, without PostgreSQL's
 * programs; under CI=true that is a failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"

enum stmt {
	STMT_ZONE,
	STMT_COUNT,
	STMT_NAMED,
	STMT_PID,
	STMT_KILL,
	STMT_SLOW_READ,
	STMT_SLOW_WRITE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ZONE */
	"INSERT INTO zone (name, created_at) "
	"VALUES (?, '2026-01-01T00:00:00Z')",
	/* STMT_COUNT */
	"SELECT count(*) FROM zone",
	/* STMT_NAMED */
	"SELECT count(*) FROM zone WHERE name = ?",
	/* STMT_PID */
	"SELECT pg_backend_pid()",
	/* STMT_KILL */
	"SELECT pg_terminate_backend(?)",
	/* Statements that are still running when their session is ended. */
	/* STMT_SLOW_READ */
	"SELECT count(*) "
	"FROM zone, pg_sleep(1.5)",
	/* STMT_SLOW_WRITE */
	"INSERT INTO zone (name, "
	"created_at) SELECT 'Slow', '2026-01-01T00:00:00Z' FROM pg_sleep(1.5)",
};

static char dir[200];

static int64_t
named(struct db *db, const char *name)
{
	struct db_val arg = DBV_TEXT(name);
	int64_t n = -1;

	if (db_int(db, stmts[STMT_NAMED], &arg, 1, &n) != 1)
		return -1;
	return n;
}

static int
add_zone(struct db *db, const char *name)
{
	struct db_val arg = DBV_TEXT(name);

	return db_exec(db, stmts[STMT_ZONE], &arg, 1);
}

/*
 * From another process, end the session pid after ms milliseconds, as an
 * administrator or a failover would, while the statement runs. Returns the
 * child, to wait for.
 */
static pid_t
kill_later(const char *url, int64_t pid, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	pid_t child;

	fflush(stdout);
	child = fork();
	if (child == 0) {
		struct db_val arg = DBV_INT(pid);
		char *err = NULL;
		struct db *db;
		int64_t done = 0;

		nanosleep(&ts, NULL);
		db = db_open(url, &err);
		if (db != NULL)
			db_int(db, stmts[STMT_KILL], &arg, 1, &done);
		db_close(db);
		free(err);
		_exit(done == 1 ? 0 : 1);
	}
	return child;
}

static int
reaped_ok(pid_t child)
{
	int status;

	if (child < 0 || waitpid(child, &status, 0) != child)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int
main(void)
{
	struct db *db;
	char *url, *err = NULL, cmd[300];
	int from, to;
	int64_t pid = 0, n = -1;
	uint64_t g;
	pid_t child;

	url = testdb_cluster(0, dir, sizeof(dir));
	if (url == NULL)
		return tap_done();
	db = db_open(url, &err);
	ok(db != NULL, "a connection opens");
	if (db == NULL) {
		printf("# %s\n", err);
		goto out;
	}
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "the schema is made");
	is_int(add_zone(db, "A"), 1, "a zone is written");

	/* A fast restart ends our session with a message. */
	is_int(testdb_ctl(dir, "restart", "fast"), 0, "the server restarts (fast)");
	g = db_generation(db);
	is_int(testdb_int(db, stmts[STMT_COUNT]), 1,
	    "a read after the restart works on the same connection");
	is_int(db_errcode(db), DB_OK, "with no error");
	ok(db_generation(db) == g, "and the generation then holds still");

	/* An immediate stop kills the server as a crash would. */
	is_int(testdb_ctl(dir, "restart", "immediate"), 0,
	    "the server restarts (immediate)");
	ok(db_generation(db) != g, "the generation moves after a reconnect");
	is_int(testdb_int(db, stmts[STMT_COUNT]), 1,
	    "a read after a crash works");

	/* A duplicate: the insert is now prepared on this session. */
	is_int(add_zone(db, "A"), -1, "a duplicate name fails");
	is_int(testdb_ctl(dir, "restart", "fast"), 0, "the server restarts again");
	is_int(add_zone(db, "B"), 1,
	    "a write outside a transaction after the restart works");
	is_int(testdb_ctl(dir, "restart", "fast"), 0, "and again");
	ok(db_begin(db) == 0 && add_zone(db, "C") == 1 && db_commit(db) == 0,
	    "a transaction after the restart commits");
	is_int(testdb_int(db, stmts[STMT_COUNT]), 3, "each write done once");

	/* The restart breaks a transaction in the middle. */
	is_int(db_begin(db), 0, "a transaction begins");
	is_int(add_zone(db, "D"), 1, "and writes");
	is_int(testdb_ctl(dir, "restart", "fast"), 0, "the server restarts under it");
	is_int(add_zone(db, "D2"), -1, "the next statement fails");
	is_int(db_errcode(db), DB_ERR_BUSY, "as busy");
	is_int(db_commit(db), -1, "and so does the commit");
	is_int(db_errcode(db), DB_ERR_BUSY, "as busy too");
	is_int(db_rollback(db), 0, "the caller rolls back");
	is_int(named(db, "D"), 0, "nothing of the transaction was saved");
	ok(db_begin(db) == 0 && add_zone(db, "D") == 1 && db_commit(db) == 0,
	    "the caller runs it again");
	is_int(named(db, "D"), 1, "and the write is there once");
	is_int(testdb_int(db, stmts[STMT_COUNT]), 4, "four zones in all");

	/* While the server is down the caller hears busy, then it is back. */
	is_int(testdb_ctl(dir, "stop", "fast"), 0, "the server stops");
	is_int(testdb_int(db, stmts[STMT_COUNT]), -1,
	    "a read while it is down fails");
	is_int(db_errcode(db), DB_ERR_BUSY, "as busy");
	is_int(db_begin(db), -1, "so does a transaction");
	is_int(db_errcode(db), DB_ERR_BUSY, "as busy");
	is_int(testdb_ctl(dir, "start", "fast"), 0, "the server starts");
	is_int(testdb_int(db, stmts[STMT_COUNT]), 4,
	    "a read works again without reopening");

	/* A read cut short by the end of its session is run again. */
	is_int(db_int(db, stmts[STMT_PID], NULL, 0, &pid), 1,
	    "our session's pid");
	child = kill_later(url, pid, 300);
	n = -1;
	is_int(db_int(db, stmts[STMT_SLOW_READ], NULL, 0, &n), 1,
	    "a read whose session is ended under it succeeds");
	is_int(n, 4, "with the right answer");
	ok(reaped_ok(child), "the session was ended meanwhile");
	is_int(db_int(db, stmts[STMT_PID], NULL, 0, &n), 1, "on a new session");
	ok(n != pid, "with another pid");

	/* A write cut short is reported, not run again. */
	pid = n;
	child = kill_later(url, pid, 300);
	is_int(db_exec(db, stmts[STMT_SLOW_WRITE], NULL, 0), -1,
	    "a write whose session is ended under it fails");
	is_int(db_errcode(db), DB_ERR_BUSY, "as busy");
	ok(strstr(db_errmsg(db), "may or may not") != NULL,
	    "saying the write may or may not have been done");
	ok(reaped_ok(child), "the session was ended meanwhile");
	is_int(named(db, "Slow"), 0, "the write was not run a second time");

	db_close(db);
out:
	free(err);
	snprintf(cmd, sizeof(cmd), "tests/pg/stop %s", dir);
	if (system(cmd) != 0)
		ok(0, "the cluster is removed");
	free(url);
	return tap_done();
}
