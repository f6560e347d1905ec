/*
 * Backups: solidarity backup runs while another process keeps creating
 * asks through the API; the backup, restored into a new database and
 * served, holds exactly the asks committed before some moment (every one
 * up to its largest id, as the original has them), a tally that equals a
 * recount, and (SQLite) passes its integrity check. Refusals: a FILE that
 * exists, a database that holds data, a database a server has open.
 * On PostgreSQL it needs pg_dump, pg_restore and psql, and skips without
 * them (under CI=true it fails).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "testdb.h"
#include "db/db.h"

static struct server S;		/* the original, being written to */
static struct server R;		/* the restored copy */

static long tally_drift(struct server *);

/* Where the asks go, and a buffer for a request's body. */
static long zone_id, person_id;
static char body[2048];

/* The asks the writer had acknowledged, in order. */
static long acked[100000];
static size_t nacked;

/* The writer process and its two pipes: acks in, and stop (by closing). */
static pid_t writer_pid;
static int ack_fd = -1, stop_fd = -1;

/* Post asks until the stop pipe closes, reporting each id on fd. */
static void
writer(int stop, int fd)
{
	struct pollfd p = { .fd = stop, .events = POLLIN };
	char line[32];
	struct reply r;
	int seq, n;

	alarm(120);
	for (seq = 0; poll(&p, 1, 0) == 0; seq++) {
		snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
		    "\"groceries\",\"details\":\"written during a backup %d\","
		    "\"urgency\":1,\"zone_id\":%ld}", person_id, seq, zone_id);
		http_json(&S, "POST", "/needs", body, &r);
		if (r.status == 201) {
			n = snprintf(line, sizeof(line), "%lld\n",
			    (long long)json_integer_value(json_object_get(
			    r.json, "id")));
			if (write(fd, line, (size_t)n) != n)
				_exit(1);
		}
		reply_free(&r);
	}
	_exit(0);
}

static void
writer_start(void)
{
	int acks[2], stop[2];

	if (pipe2(acks, O_CLOEXEC) == -1 || pipe2(stop, O_CLOEXEC) == -1)
		abort();
	writer_pid = fork();
	if (writer_pid == 0) {
		close(acks[0]);
		close(stop[1]);
		writer(stop[0], acks[1]);
	}
	close(acks[1]);
	close(stop[0]);
	ack_fd = acks[0];
	stop_fd = stop[1];
}

/* Read acks for up to ms, or until want of them have come; 0 at EOF. */
static int
writer_read(long ms, size_t want)
{
	static char buf[4096];
	static size_t len;
	struct pollfd p = { .fd = ack_fd, .events = POLLIN };
	long until = now_ms() + ms;
	ssize_t n;
	char *line, *nl;

	while (nacked < want && now_ms() < until) {
		if (poll(&p, 1, (int)(until - now_ms())) <= 0)
			continue;
		n = read(ack_fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return 0;
		len += (size_t)n;
		buf[len] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (nacked < sizeof(acked) / sizeof(acked[0]))
				acked[nacked++] = strtol(line, NULL, 10);
			line = nl + 1;
		}
		len = strlen(line);
		memmove(buf, line, len + 1);
	}
	return 1;
}

static void
writer_stop(void)
{
	close(stop_fd);
	while (writer_read(10000, (size_t)-1) == 1)
		continue;
	close(ack_fd);
	waitpid(writer_pid, NULL, 0);
}

/*
 * A zone, a person and 10,000 asks with their tally, written straight
 * into the database: enough pages that the copy takes several steps.
 * The asks are spread over a hundred people, as a network's are: a new
 * ask writes again what its asker faces from all their asks
 * (db/facing_summary.c), and 10,000 of one person's would take minutes.
 */
static void
seed(void)
{
	struct reply r;

	http_json(&S, "POST", "/zones", "{\"name\":\"Northside\"}", &r);
	is_int(r.status, 201, "a zone");
	zone_id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"name\":\"Rosa Parra\","
	    "\"zone_id\":%ld}", zone_id);
	http_json(&S, "POST", "/people", body, &r);
	is_int(r.status, 201, "a person");
	person_id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	snprintf(body, sizeof(body),
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < 99) INSERT INTO person (name, zone_id, created_at, "
	    "updated_at) SELECT 'Neighbour ' || i, %ld, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM c;"
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < 10000), p(n, id) AS (SELECT row_number() OVER "
	    "(ORDER BY id) - 1, id FROM person) "
	    "INSERT INTO need (person_id, category, details, "
	    "urgency, zone_id, created_at, updated_at) SELECT p.id, "
	    "'groceries', 'seeded ask ' || i || ', with enough words to fill "
	    "a few pages of the database file', 1 + i %% 3, %ld, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' "
	    "FROM c JOIN p ON p.n = c.i %% 100 ORDER BY c.i;"
	    "DELETE FROM need_tally;"
	    "INSERT INTO need_tally (status, zone_id, category, n) "
	    "SELECT status, zone_id, category, count(*) FROM need "
	    "GROUP BY status, zone_id, category", zone_id, zone_id);
	db_write(&S, body);
	is_int(db_count(&S, "need"), 10000, "10,000 asks");
	is_int(tally_drift(&S), 0, "and their tally");
}

/* Whether PostgreSQL's tool is in PATH. */
static int
have_tool(const char *name)
{
	char path[512];
	const char *p = getenv("PATH"), *end;

	for (; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		snprintf(path, sizeof(path), "%.*s/%s", (int)(end - p), p,
		    name);
		if (access(path, X_OK) == 0)
			return 1;
	}
	return 0;
}

/*
 * On PostgreSQL the copy goes into a database of its own, beside the test
 * database, and keeps the schema the dump names.
 */
static struct testdb restore_db;

static void
restore_target(void)
{
	char name[64];

	/* The same admin token: it is in the backup. */
	R = S;
	snprintf(R.dir, sizeof(R.dir), "/tmp/solidarity-restore-XXXXXX");
	if (mkdtemp(R.dir) == NULL)
		abort();
	R.store.schema[0] = '\0';
	R.store.database[0] = '\0';
	if (!server_is_pg(&S)) {
		snprintf(R.store.url, sizeof(R.store.url), "%s/restored.db", R.dir);
		return;
	}
	snprintf(name, sizeof(name), "solidarity_restore_%ld",
	    (long)getpid());
	testdb_make_database(&restore_db, name, S.store.schema);
	snprintf(R.store.url, sizeof(R.store.url), "%s", restore_db.url);
}

static const char *const needs_upto_sql =
    "SELECT id, person_id, category, details, urgency, zone_id, status, "
    "created_at FROM need WHERE id <= ? ORDER BY id";

/* The asks up to id max as text, read from s's database. Caller frees. */
static char *
needs_upto(struct server *s, long max)
{
	struct db_val arg = DBV_INT(max);
	struct db *db;
	json_t *rows;
	char *err = NULL, *text;

	db = db_open(s->store.url, &err);
	if (db == NULL) {
		free(err);
		return strdup("cannot open");
	}
	rows = db_rows(db, needs_upto_sql, &arg, 1);
	text = rows ? json_dumps(rows, JSON_COMPACT) : strdup("cannot read");
	json_decref(rows);
	db_close(db);
	return text;
}

static long
tally_drift(struct server *s)
{
	return db_scalar(s, "SELECT (SELECT count(*) FROM need_tally t "
	    "WHERE t.n <> (SELECT count(*) FROM need n WHERE n.status = "
	    "t.status AND n.zone_id = t.zone_id AND n.category = t.category)) "
	    "+ (SELECT count(*) FROM need n WHERE NOT EXISTS (SELECT 1 FROM "
	    "need_tally t WHERE t.status = n.status AND t.zone_id = n.zone_id "
	    "AND t.category = n.category))");
}

/* The backup is taken while the writer writes. */
static void
test_backup(const char *file)
{
	char line[512];
	size_t before;
	struct stat sb;
	long t0;

	writer_start();
	writer_read(20000, 5);
	before = nacked;
	ok(before >= 5, "the writer is writing (%zu asks)", before);
	t0 = now_ms();
	is_int(server_cli(&S, (const char *[]){ "backup", file, NULL }, line,
	    sizeof(line)), 0, "solidarity backup succeeds while asks are "
	    "written");
	ok(strstr(line, "written to") != NULL, "and says where it wrote: %s",
	    line);
	printf("# the backup took %ld ms\n", now_ms() - t0);
	/* Go on writing a little after it, then stop. */
	writer_read(300, (size_t)-1);
	writer_stop();
	ok(nacked > before, "%zu asks were written during and after the "
	    "backup", nacked - before);
	ok(stat(file, &sb) == 0 && (sb.st_mode & 077) == 0,
	    "the backup is readable by its owner alone");
	is_int(server_cli(&S, (const char *[]){ "backup", file, NULL }, line,
	    sizeof(line)), 1, "a second backup to the same FILE is refused");
}

static void
test_restore(const char *file)
{
	char line[512], *orig, *copy, *verdict;
	struct reply r;
	long max, orig_max;
	size_t i;

	restore_target();
	is_int(server_cli(&R, (const char *[]){ "restore", file, NULL }, line,
	    sizeof(line)), 0, "solidarity restore into a new database");
	ok(strstr(line, "restored from") != NULL, "and says so: %s", line);
	is_int(server_cli(&R, (const char *[]){ "restore", file, NULL }, line,
	    sizeof(line)), 1, "a second restore is refused: it holds data");
	is_int(server_cli(&R, (const char *[]){ "restore", file, "--force",
	    NULL }, line, sizeof(line)), 0, "and done with --force");

	server_start_on(&R);
	if (!server_is_pg(&S)) {
		verdict = db_text(&R, "PRAGMA integrity_check");
		is_str(verdict, "ok", "the restored database passes "
		    "integrity_check");
		free(verdict);
	}
	is_int(tally_drift(&R), 0, "the restored tally equals a recount");

	max = db_scalar(&R, "SELECT max(id) FROM need");
	orig_max = db_scalar(&S, "SELECT max(id) FROM need");
	ok(max >= 10000 && max < orig_max, "the backup holds asks up to %ld, "
	    "of the %ld written by now", max, orig_max);
	orig = needs_upto(&S, max);
	copy = needs_upto(&R, max);
	ok(strcmp(orig, copy) == 0, "every ask up to %ld is there as the "
	    "original has it", max);
	free(orig);
	free(copy);
	for (i = 0; i < nacked; i++)
		if (acked[i] > max)
			break;
	ok(i > 0 && i < nacked, "the backup's moment falls among the "
	    "writer's asks (%zu of %zu acknowledged before it)", i, nacked);

	snprintf(line, sizeof(line), "/needs/%ld", max);
	http_json(&R, "GET", line, NULL, &r);
	is_int(r.status, 200, "the restored server serves the last ask, to "
	    "the original's token");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"after the restore\",\"urgency\":1,"
	    "\"zone_id\":%ld}", person_id, zone_id);
	http_json(&R, "POST", "/needs", body, &r);
	is_int(r.status, 201, "and takes new asks");
	ok(json_integer_value(json_object_get(r.json, "id")) > max,
	    "with new ids");
	reply_free(&r);
	is_int(server_stop(&R), 0, "the restored server stops cleanly");
	testdb_drop(&restore_db);
}

/* The command line: help, bad usage, a FILE that is not there. */
static void
test_usage(void)
{
	char line[512], missing[200];

	is_int(server_cli(&S, (const char *[]){ "backup", "--help", NULL },
	    line, sizeof(line)), 0, "backup --help");
	ok(strncmp(line, "usage: solidarity backup FILE", 29) == 0, "%s", line);
	is_int(server_cli(&S, (const char *[]){ "restore", "--help", NULL },
	    line, sizeof(line)), 0, "restore --help");
	is_int(server_cli(&S, (const char *[]){ "backup", NULL }, line,
	    sizeof(line)), 2, "backup without FILE is bad usage");
	is_int(server_cli(&S, (const char *[]){ "restore", "a", "b", NULL },
	    line, sizeof(line)), 2, "restore with two FILEs is bad usage");
	snprintf(missing, sizeof(missing), "%s/no-such-backup", S.dir);
	is_int(server_cli(&S, (const char *[]){ "restore", missing, "--force",
	    NULL }, line, sizeof(line)), 1, "restore from a FILE that is not "
	    "there fails");
}

/*
 * A backup of a newer program is refused, even with --force, before the
 * database it would replace is touched: this program could not open it.
 */
static void
test_newer(const char *file)
{
	char line[512], newer[200], sql[96];
	long latest = db_scalar(&S, "SELECT max(version) FROM schema_version");

	snprintf(newer, sizeof(newer), "%s/newer", S.dir);
	snprintf(sql, sizeof(sql), "UPDATE schema_version SET version = %ld",
	    latest + 1);
	db_write(&S, sql);
	is_int(server_cli(&S, (const char *[]){ "backup", newer, NULL }, line,
	    sizeof(line)), 0, "a backup that says a newer schema");
	snprintf(sql, sizeof(sql), "UPDATE schema_version SET version = %ld",
	    latest);
	db_write(&S, sql);
	restore_target();
	is_int(server_cli(&R, (const char *[]){ "restore", file, NULL }, line,
	    sizeof(line)), 0, "a database to restore over");
	is_int(server_cli(&R, (const char *[]){ "restore", newer, "--force",
	    NULL }, line, sizeof(line)), 1, "the newer program's backup is "
	    "refused, even with --force");
	is_int(server_cli(&R, (const char *[]){ "check", NULL }, line,
	    sizeof(line)), 0, "and the database is as it was: it opens");
	if (server_is_pg(&S))
		testdb_drop(&restore_db);
	else
		unlink(R.store.url);
	rmdir(R.dir);
}

/* A server's own database is not restored under it. */
static void
test_in_use(const char *file)
{
	char line[512];
	long before = db_count(&S, "need");

	is_int(server_cli(&S, (const char *[]){ "restore", file, "--force",
	    NULL }, line, sizeof(line)), 1, "a restore into a database a "
	    "server has open is refused, even with --force");
	is_int(db_count(&S, "need"), before, "and changes nothing");
}

int
main(void)
{
	char file[160];

	if (getenv("SOLIDARITY_TEST_BACKEND") != NULL &&
	    strcmp(getenv("SOLIDARITY_TEST_BACKEND"), "pg") == 0 &&
	    (!have_tool("pg_dump") || !have_tool("pg_restore") ||
	    !have_tool("psql"))) {
		/* Under CI a missing tool is a failure, never a skip. */
		if (getenv("CI") != NULL && strcmp(getenv("CI"), "true") == 0) {
			ok(0, "pg_dump, pg_restore and psql are installed");
			return tap_done();
		}
		printf("1..0 # SKIP pg_dump, pg_restore or psql is not "
		    "installed\n");
		return 0;
	}
	server_start(&S);
	seed();
	snprintf(file, sizeof(file), "%s/backup", S.dir);
	test_backup(file);
	test_restore(file);
	test_newer(file);
	test_in_use(file);
	test_usage();
	is_int(server_stop(&S), 0, "the original server stops cleanly");
	return tap_done();
}
