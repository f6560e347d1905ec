/*
 * Crash safety: several processes create asks through the API at once,
 * the server is killed with SIGKILL at a random moment among them and
 * started again, and every ask it had answered 201 must be there, whole,
 * with the tally still equal to a recount and (SQLite) the database
 * passing its integrity check. ROUNDS rounds (default 20); CRASH_SEED
 * chooses the moments, and the same seed gives the same delays.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "db/db.h"

#define WRITERS		4	/* processes posting asks at once */
#define DELAY_MIN_MS	5	/* the kill comes this long after the */
#define DELAY_MAX_MS	80	/* first 201 of a round, or up to this */

static struct server S;

/* One ask the server acknowledged, and the details it was sent with. */
struct ack {
	long	 id;
	char	 details[48];
};

static struct ack *acks;
static size_t nacks, acks_cap;

/* xorshift64*: the same seed, the same kill moments on every machine. */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void
details_of(char *out, size_t len, int round, int writer, int seq)
{
	snprintf(out, len, "crash r%d w%d n%d", round, writer, seq);
}

/*
 * A writer process: post asks until the server stops answering, and
 * report each acknowledged one on fd as a line "id seq". Never returns.
 */
static void
writer(int round, int w, int fd)
{
	char body[256], details[48], line[64];
	struct reply r;
	int seq, n;

	alarm(60);
	for (seq = 0; ; seq++) {
		details_of(details, sizeof(details), round, w, seq);
		snprintf(body, sizeof(body), "{\"person_id\":1,\"category\":"
		    "\"groceries\",\"details\":\"%s\",\"urgency\":2,"
		    "\"zone_id\":1}", details);
		http_json(&S, "POST", "/needs", body, &r);
		if (r.status == 201) {
			n = snprintf(line, sizeof(line), "%lld %d\n",
			    (long long)json_integer_value(json_object_get(
			    r.json, "id")), seq);
			if (write(fd, line, (size_t)n) != n)
				_exit(1);
		}
		/* Not answered: the server is gone. (A 5xx is not a 201.) */
		if (r.status == -1) {
			reply_free(&r);
			break;
		}
		reply_free(&r);
	}
	/* _exit: stdio buffers copied from the parent are not ours to flush. */
	_exit(0);
}

/* What the parent has read from one writer, and where its line stands. */
struct feed {
	int	 fd;		/* -1 once at its end */
	pid_t	 pid;
	char	 buf[256];
	size_t	 len;
	long	 last_id;	/* the last ask acknowledged to it, or 0 */
};

static void
add_ack(long id, int round, int w, int seq)
{
	if (nacks == acks_cap) {
		acks_cap = acks_cap ? acks_cap * 2 : 1024;
		acks = realloc(acks, acks_cap * sizeof(*acks));
		if (acks == NULL)
			abort();
	}
	acks[nacks].id = id;
	details_of(acks[nacks].details, sizeof(acks[nacks].details), round, w,
	    seq);
	nacks++;
}

/* Take in whatever the writers have sent, waiting up to ms; 0 at EOF. */
static int
read_feeds(struct feed *f, int round, long ms)
{
	struct pollfd p[WRITERS];
	int i, open = 0;
	ssize_t n;

	for (i = 0; i < WRITERS; i++) {
		p[i].fd = f[i].fd;
		p[i].events = POLLIN;
		open += f[i].fd != -1;
	}
	if (open == 0)
		return 0;
	if (poll(p, WRITERS, (int)ms) <= 0)
		return open;
	for (i = 0; i < WRITERS; i++) {
		char *nl, *line;

		if (f[i].fd == -1 || p[i].revents == 0)
			continue;
		n = read(f[i].fd, f[i].buf + f[i].len,
		    sizeof(f[i].buf) - 1 - f[i].len);
		if (n <= 0) {
			close(f[i].fd);
			f[i].fd = -1;
			continue;
		}
		f[i].len += (size_t)n;
		f[i].buf[f[i].len] = '\0';
		line = f[i].buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			long id;
			int seq;

			*nl = '\0';
			if (sscanf(line, "%ld %d", &id, &seq) == 2) {
				add_ack(id, round, i, seq);
				f[i].last_id = id;
			}
			line = nl + 1;
		}
		f[i].len = strlen(line);
		memmove(f[i].buf, line, f[i].len + 1);
	}
	return open;
}

static int
by_id(const void *a, const void *b)
{
	const struct ack *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static long
row_id(json_t *rows, size_t i)
{
	return (long)json_integer_value(json_object_get(json_array_get(rows,
	    i), "id"));
}

static const char *const crash_rows_sql =
    "SELECT id, details FROM need WHERE details LIKE 'crash %' ORDER BY id";

/*
 * Every acknowledged ask, found by its id with the details it was sent
 * with (so an id handed out twice, after a lost commit, is caught).
 * Returns how many are missing or different.
 */
static size_t
missing_acks(void)
{
	struct db *db;
	json_t *rows;
	size_t i, r = 0, bad = 0, n;
	char *err = NULL;

	db = db_open(S.store.url, &err);
	if (db == NULL) {
		printf("# %s\n", err);
		free(err);
		return nacks;
	}
	rows = db_rows(db, crash_rows_sql, NULL, 0);
	if (rows == NULL) {
		printf("# %s\n", db_errmsg(db));
		db_close(db);
		return nacks;
	}
	n = json_array_size(rows);
	qsort(acks, nacks, sizeof(*acks), by_id);
	/* Both in order of id: walk them side by side. */
	for (i = 0; i < nacks; i++) {
		const char *got = NULL;

		while (r < n && row_id(rows, r) < acks[i].id)
			r++;
		if (r < n && row_id(rows, r) == acks[i].id)
			got = json_string_value(json_object_get(json_array_get(
			    rows, r), "details"));
		if (got == NULL || strcmp(got, acks[i].details) != 0) {
			if (bad++ < 5)
				printf("# ask %ld (\"%s\") is lost\n",
				    acks[i].id, acks[i].details);
		}
	}
	json_decref(rows);
	db_close(db);
	return bad;
}

/* The tally and a count of the asks themselves disagree in this many. */
static long
tally_drift(void)
{
	return db_scalar(&S, "SELECT (SELECT count(*) FROM need_tally t "
	    "WHERE t.n <> (SELECT count(*) FROM need n WHERE n.status = "
	    "t.status AND n.zone_id = t.zone_id AND n.category = t.category)) "
	    "+ (SELECT count(*) FROM need n WHERE NOT EXISTS (SELECT 1 FROM "
	    "need_tally t WHERE t.status = n.status AND t.zone_id = n.zone_id "
	    "AND t.category = n.category))");
}

/* After the restart, the server itself answers the writers' last asks. */
static int
served(const struct feed *f)
{
	char path[64];
	struct reply r;
	int i, good = 1;

	for (i = 0; i < WRITERS; i++) {
		if (f[i].last_id == 0)
			continue;
		snprintf(path, sizeof(path), "/needs/%ld", f[i].last_id);
		http_json(&S, "GET", path, NULL, &r);
		if (r.status != 200) {
			printf("# GET %s answered %ld\n", path, r.status);
			good = 0;
		}
		reply_free(&r);
	}
	return good;
}

static void
round_once(int round)
{
	struct feed f[WRITERS];
	int fds[2], i, acked, rc;
	long delay, until, first, start = now_ms();
	size_t before = nacks;
	char *verdict;

	for (i = 0; i < WRITERS; i++) {
		/* Close-on-exec: the restarted server must not hold them. */
		if (pipe2(fds, O_CLOEXEC) == -1)
			abort();
		f[i].pid = fork();
		if (f[i].pid == 0) {
			close(fds[0]);
			writer(round, i, fds[1]);
		}
		close(fds[1]);
		f[i].fd = fds[0];
		f[i].len = 0;
		f[i].last_id = 0;
	}
	/* Writes in flight: the first is acknowledged, then a random wait. */
	while (nacks == before && now_ms() - start < 10000)
		if (read_feeds(f, round, 100) == 0)
			break;
	first = now_ms() - start;
	delay = DELAY_MIN_MS +
	    (long)(rng() % (DELAY_MAX_MS - DELAY_MIN_MS + 1));
	until = now_ms() + delay;
	while (now_ms() < until)
		read_feeds(f, round, until - now_ms());
	server_kill(&S);
	while (read_feeds(f, round, 1000) > 0)
		continue;
	for (i = 0; i < WRITERS; i++)
		waitpid(f[i].pid, NULL, 0);
	acked = (int)(nacks - before);

	start = now_ms();
	rc = server_restart(&S);
	printf("# round %d: first 201 after %ld ms, restarted in %ld ms\n",
	    round, first, now_ms() - start);
	ok(rc == -1 && acked > 0, "round %d: killed %ld ms after the first of "
	    "%d acknowledged asks", round, delay, acked);
	ok(served(f), "round %d: the restarted server serves the last asks "
	    "acknowledged", round);
	is_int(missing_acks(), 0, "round %d: all %zu asks acknowledged so "
	    "far are there, whole", round, nacks);
	is_int(tally_drift(), 0, "round %d: the tally equals a recount",
	    round);
	if (!server_is_pg(&S)) {
		verdict = db_text(&S, "PRAGMA integrity_check");
		is_str(verdict, "ok", "round %d: integrity_check", round);
		free(verdict);
	}
}

int
main(void)
{
	const char *v = getenv("ROUNDS"), *seed = getenv("CRASH_SEED");
	int round, rounds = 20;

	if (v != NULL && *v != '\0')
		rounds = (int)strtol(v, NULL, 10);
	if (rounds < 1)
		rounds = 1;
	rng_state = seed != NULL && *seed != '\0' ?
	    strtoull(seed, NULL, 10) : 20240605;
	if (rng_state == 0)
		rng_state = 1;
	printf("# %d rounds, %d writers, CRASH_SEED=%llu\n", rounds, WRITERS,
	    (unsigned long long)rng_state);

	server_start(&S);
	is_int(http_status(&S, "POST", "/zones", "{\"name\":\"Eastside\"}"),
	    201, "a zone");
	is_int(http_status(&S, "POST", "/people", "{\"name\":\"Ana Ruiz\","
	    "\"zone_id\":1}"), 201, "a person");

	for (round = 1; round <= rounds; round++)
		round_once(round);

	is_int(server_stop(&S), 0, "after %d crashes the server still stops "
	    "cleanly", rounds);
	free(acks);
	return tap_done();
}
