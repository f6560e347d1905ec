/*
 * PostgreSQL going away under a running server, seen from its clients:
 * the test starts a cluster of its own (tests/pg/start) and a server on
 * it, then stops and starts the cluster (tests/pg/ctl), and restarts it,
 * as a crash would and as an upgrade would, while a client keeps writing.
 * While it is down every answer is a clean 503; once it is back no
 * request fails, whichever worker's connection it meets; and no write is
 * doubled: every ask answered 201 is there once, every other at most once
 * (a write cut short by the restart may have committed before its answer
 * was lost). Skipped, saying why, without PostgreSQL's programs; under
 * CI=true that is a failure. (test_pg_restart shows the same of one
 * connection, in process.)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "testdb.h"

#define WORKERS		2	/* the server's threads: one connection each */
#define AFTER		(4 * WORKERS)	/* requests checked once it is back */

static struct server S;
static char dir[256];

/* Post the ask called details; the status (-1: no answer), its id. */
static long
post_ask(const char *details, long long *id)
{
	char body[256];
	struct reply r;
	long status;

	snprintf(body, sizeof(body), "{\"person_id\":1,\"category\":"
	    "\"groceries\",\"details\":\"%s\",\"urgency\":2,\"zone_id\":1}",
	    details);
	http_json(&S, "POST", "/needs", body, &r);
	status = r.status;
	*id = status == 201 ? (long long)json_integer_value(
	    json_object_get(r.json, "id")) : 0;
	reply_free(&r);
	return status;
}

static long
get_needs(void)
{
	struct reply r;
	long status;

	http_json(&S, "GET", "/needs?limit=5", NULL, &r);
	status = r.status;
	reply_free(&r);
	return status;
}

/* How many asks are called details (or begin with it, when like). */
static long
asks_called(const char *details, int like)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need WHERE details "
	    "%s '%s%s'", like ? "LIKE" : "=", details, like ? "%" : "");
	return db_scalar(&S, sql);
}

static volatile sig_atomic_t writer_done;

static void
writer_stop(int sig)
{
	writer_done = 1;
}

/*
 * The writer: post asks until SIGUSR1, reporting on fd a line "seq status
 * id" for each. The parent restarts PostgreSQL meanwhile. Never returns.
 */
static void
writer(int fd)
{
	char details[48], line[96];
	long long id;
	long status;
	int seq, n;

	alarm(60);
	signal(SIGUSR1, writer_stop);
	for (seq = 0; !writer_done; seq++) {
		snprintf(details, sizeof(details), "outage n%d", seq);
		status = post_ask(details, &id);
		n = snprintf(line, sizeof(line), "%d %ld %lld\n", seq, status,
		    id);
		if (write(fd, line, (size_t)n) != n)
			_exit(1);
	}
	/* _exit: stdio buffers copied from the parent are not ours to flush. */
	_exit(0);
}

/* Stopped, then started: 503 while it is away, nothing lost after. */
static void
stop_and_start(void)
{
	struct reply r;
	long long id;
	long st;
	int i, good;

	is_int(testdb_ctl(dir, "stop", "fast"), 0, "PostgreSQL stops");
	http_json(&S, "GET", "/needs", NULL, &r);
	is_int(r.status, 503, "while it is away a read answers 503");
	ok(*error_code(&r) != '\0', "in the JSON error shape (%s)",
	    error_code(&r));
	reply_free(&r);
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 503, "and so does a page");
	reply_free(&r);
	st = post_ask("written while away", &id);
	is_int(st, 503, "a write answers 503 too");

	is_int(testdb_ctl(dir, "start", "fast"), 0, "PostgreSQL starts again");
	good = 0;
	for (i = 0; i < AFTER; i++) {
		good += get_needs() == 200;
		good += post_ask("written once back", &id) == 201;
	}
	is_int(good, 2 * AFTER, "once it is back, every read and write of "
	    "%d succeeds at once, on every worker's connection", 2 * AFTER);
	is_int(asks_called("written while away", 0), 0,
	    "the write refused while it was away was not made");
	is_int(asks_called("written once back", 0), AFTER,
	    "each write made once it was back is there once");
}

/* Restarted twice under a writer: no write lost once back, none doubled. */
static void
restart_under_load(void)
{
	char line[96], details[48];
	long *statuses = NULL, status, n;
	size_t count = 0, i, late;
	int fds[2], seq, acked = 0, refused = 0, other = 0, doubled = 0;
	int missing = 0, late_ok = 0;
	long long id;
	sigset_t block, old;
	pid_t pid;
	FILE *f;

	if (pipe(fds) == -1)
		abort();
	/* Held until the writer's handler is in place. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		signal(SIGUSR1, writer_stop);
		sigprocmask(SIG_SETMASK, &old, NULL);
		writer(fds[1]);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	usleep(500 * 1000);
	is_int(testdb_ctl(dir, "restart", "immediate"), 0,
	    "PostgreSQL is killed and starts again while asks are posted");
	usleep(500 * 1000);
	is_int(testdb_ctl(dir, "restart", "fast"), 0,
	    "then restarts as for an upgrade");
	/* Long enough after the last restart for plenty of posts. */
	sleep(2);
	kill(pid, SIGUSR1);
	f = fdopen(fds[0], "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%d %ld %lld", &seq, &status, &id) != 3)
			continue;
		statuses = realloc(statuses, (count + 1) * sizeof(*statuses));
		if (statuses == NULL)
			abort();
		statuses[count++] = status;
		snprintf(details, sizeof(details), "outage n%d", seq);
		n = asks_called(details, 0);
		acked += status == 201;
		refused += status == 503;
		other += status != 201 && status != 503;
		doubled += n > 1;
		missing += status == 201 && n != 1;
	}
	if (f != NULL)
		fclose(f);
	waitpid(pid, NULL, 0);
	ok(acked > 0, "%d asks were acknowledged, %d refused with 503", acked,
	    refused);
	is_int(other, 0, "every answer was 201 or 503, none a 500 or silence");
	is_int(missing, 0, "every acknowledged ask is there, once");
	is_int(doubled, 0, "no ask was written twice");
	n = asks_called("outage n", 1);
	ok(n >= acked && n <= acked + refused, "an ask cut short is there at "
	    "most once, beside them (%ld in all)", n);
	/* The last 20 posts were made well after the second restart. */
	late = count < 20 ? count : 20;
	for (i = count - late; i < count; i++)
		late_ok += statuses[i] == 201;
	ok(late == 20 && late_ok == 20, "the writer's last posts all "
	    "succeeded (%d of %zu)", late_ok, late);
	free(statuses);
}

int
main(void)
{
	char *url, cmd[300];

	/*
	 * Durable: the test cluster's defaults acknowledge a commit before
	 * its log is written, which a killed server loses by design.
	 */
	url = testdb_cluster(1, dir, sizeof(dir));
	if (url == NULL)
		return tap_done();
	setenv("SOLIDARITY_TEST_PG", url, 1);
	setenv("SOLIDARITY_TEST_BACKEND", "pg", 1);
	server_threads = WORKERS;
	server_start(&S);
	is_int(http_status(&S, "POST", "/zones", "{\"name\":\"Eastside\"}"),
	    201, "a zone");
	is_int(http_status(&S, "POST", "/people", "{\"name\":\"Ana Ruiz\","
	    "\"zone_id\":1}"), 201, "a person");

	stop_and_start();
	restart_under_load();

	is_int(server_stop(&S), 0, "the server stops cleanly");
	snprintf(cmd, sizeof(cmd), "tests/pg/stop %s", dir);
	if (system(cmd) != 0)
		printf("# cannot stop the cluster in %s\n", dir);
	free(url);
	return tap_done();
}
