/*
 * Fault injection over a real socket: each database operation of a
 * create-and-transition scenario is made to fail in turn (SOLIDARITY_FAULT,
 * see db_fault_init in db.h), first as an error, then as a busy database.
 * Every time, each answer is a success or a clean 500/503 in the JSON error
 * shape, a retry succeeds, nothing half-written is left (the tally agrees
 * with a recount, every row has its audit entry), the server still reads
 * and writes, and it exits with status 0 (so LeakSanitizer found nothing).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "util/buf.h"

static struct server S;
static char errpath[160];

/* What went wrong in one run, said once in its verdict. */
static struct buf why = BUF_INIT;
static int failed_answers;
/* A busy database is worth a retry: its failures must say 503. */
static int want_busy;

static void note(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
note(const char *fmt, ...)
{
	va_list ap;

	buf_adds(&why, "#   ");
	va_start(ap, fmt);
	buf_vprintf(&why, fmt, ap);
	va_end(ap);
	buf_addc(&why, '\n');
}

/* A failed answer is clean when it is a 500 or 503 saying so in JSON. */
static int
clean_failure(struct reply *r)
{
	json_t *e = json_object_get(r->json, "error");

	return (r->status == 500 || r->status == 503) && json_is_object(e) &&
	    json_string_length(json_object_get(e, "code")) > 0 &&
	    json_string_length(json_object_get(e, "message")) > 0;
}

/*
 * One step of the scenario: a request answered want, or a clean failure
 * and then want on the one retry (the fault fires once). The id of what
 * the last answer names, or 0.
 */
static long
step(const char *method, const char *path, const char *body, long want)
{
	struct reply r;
	long id = 0;
	int try;

	for (try = 0; try < 2; try++) {
		http_json(&S, method, path, body, &r);
		if (r.status == want) {
			id = (long)json_integer_value(json_object_get(r.json,
			    "id"));
			reply_free(&r);
			return id;
		}
		if (!clean_failure(&r)) {
			note("%s answered %ld, not a clean 500/503: %s", path,
			    r.status, r.body ? r.body : "(no body)");
			reply_free(&r);
			return 0;
		}
		if (want_busy && r.status != 503)
			note("%s answered %ld to a busy database, not 503",
			    path, r.status);
		failed_answers++;
		reply_free(&r);
	}
	note("%s failed again on the retry", path);
	return 0;
}

/* Create a zone, a person and an ask; match, read the contact, fulfil. */
static void
scenario(const char *tag)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	long zone, person, ask;

	buf_printf(&b, "{\"name\":\"Zone %s\"}", tag);
	zone = step("POST", "/zones", b.ptr, 201);
	buf_reset(&b);
	buf_printf(&b, "{\"name\":\"Person %s\",\"phone\":\"+15550100000\","
	    "\"zone_id\":%ld}", tag, zone);
	person = step("POST", "/people", b.ptr, 201);
	buf_reset(&b);
	buf_printf(&b, "{\"person_id\":%ld,\"category\":\"groceries\","
	    "\"details\":\"Food for the week %s\",\"urgency\":2,"
	    "\"zone_id\":%ld}", person, tag, zone);
	ask = step("POST", "/needs", b.ptr, 201);
	buf_printf(&path, "/needs/%ld/status", ask);
	step("POST", path.ptr, "{\"status\":\"matched\"}", 200);
	buf_reset(&path);
	buf_printf(&path, "/needs/%ld/contact", ask);
	step("GET", path.ptr, NULL, 200);
	buf_reset(&path);
	buf_printf(&path, "/needs/%ld/status", ask);
	step("POST", path.ptr, "{\"status\":\"fulfilled\"}", 200);
	buf_reset(&path);
	buf_printf(&path, "/needs?zone_id=%ld", zone);
	step("GET", path.ptr, NULL, 200);
	step("GET", "/", NULL, 200);
	buf_free(&b);
	buf_free(&path);
}

/* Start the server with SOLIDARITY_FAULT=spec, its stderr to errpath. */
static void
launch(const char *spec)
{
	int fd, saved;

	setenv("SOLIDARITY_FAULT", spec, 1);
	fflush(stderr);
	saved = dup(2);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	server_resume(&S);
	dup2(saved, 2);
	close(saved);
	unsetenv("SOLIDARITY_FAULT");
}

/* What the server wrote to stderr (caller frees). */
static char *
server_stderr(void)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(errpath, "r");

	if (f != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
	}
	if (b.ptr == NULL)
		buf_adds(&b, "");
	return buf_detach(&b, NULL);
}

/* The queries that find a half-written change; each counts offenders. */
static const struct {
	const char	*what;
	const char	*sql;
} invariants[] = {
	{ "the tally agrees with a recount",
	  "SELECT count(*) FROM ("
	  "SELECT status, zone_id, category, n FROM need_tally WHERE n <> 0 "
	  "EXCEPT SELECT status, zone_id, category, count(*) FROM need "
	  "GROUP BY status, zone_id, category) x" },
	{ "every counted ask is in the tally",
	  "SELECT count(*) FROM ("
	  "SELECT status, zone_id, category, count(*) FROM need "
	  "GROUP BY status, zone_id, category EXCEPT "
	  "SELECT status, zone_id, category, n FROM need_tally) x" },
	{ "every ask has one creation entry",
	  "SELECT count(*) FROM need n WHERE (SELECT count(*) FROM audit a "
	  "WHERE a.action = 'POST /needs' AND a.entity_id = n.id) <> 1" },
	{ "every ask was moved twice, each move with its entry",
	  "SELECT count(*) FROM need n WHERE n.status <> 'fulfilled' OR "
	  "(SELECT count(*) FROM audit a WHERE a.action = "
	  "'POST /needs/:id/status' AND a.entity_id = n.id) <> 2" },
	{ "every person has one creation entry",
	  "SELECT count(*) FROM person p WHERE p.name LIKE 'Person %' AND "
	  "(SELECT count(*) FROM audit a WHERE a.action = 'POST /people' "
	  "AND a.entity_id = p.id) <> 1" },
	{ "every zone has one creation entry",
	  "SELECT count(*) FROM zone z WHERE (SELECT count(*) FROM audit a "
	  "WHERE a.action = 'POST /zones' AND a.entity_id = z.id) <> 1" },
	{ "no creation entry without its row",
	  "SELECT count(*) FROM audit a WHERE "
	  "(a.action = 'POST /needs' AND a.entity_id NOT IN "
	  "(SELECT id FROM need)) OR (a.action = 'POST /zones' AND "
	  "a.entity_id NOT IN (SELECT id FROM zone)) OR "
	  "(a.action = 'POST /people' AND a.entity_id NOT IN "
	  "(SELECT id FROM person))" },
	/* Shown in the answer to its creation, and on the contact page. */
	{ "each contact shown was recorded once",
	  "SELECT count(*) FROM person p WHERE p.name LIKE 'Person %' AND "
	  "(SELECT count(*) FROM audit a WHERE a.action = 'view contact' "
	  "AND a.entity_id = p.id) <> 2" },
	{ "no claim is left",
	  "SELECT count(*) FROM claim WHERE released_at IS NULL" },
};

#define NINVARIANTS (sizeof(invariants) / sizeof(invariants[0]))

/*
 * Add to why every invariant this run broke. The database is kept from
 * run to run, so only new offenders are this run's: one broken run is
 * reported once, not again in every run after it.
 */
static void
check_database(void)
{
	static long before[NINVARIANTS];
	long bad;
	size_t i;

	for (i = 0; i < NINVARIANTS; i++) {
		bad = db_scalar(&S, invariants[i].sql);
		if (bad != before[i])
			note("not so: %s (%ld more offending rows)",
			    invariants[i].what, bad - before[i]);
		before[i] = bad;
	}
}

/* After the fault: reads answer, and the write lock was given back. */
static void
check_serving(const char *tag)
{
	struct buf b = BUF_INIT;
	struct reply r;

	http_json(&S, "GET", "/", NULL, &r);
	if (r.status != 200)
		note("GET / afterwards answered %ld: %s", r.status,
		    r.body ? r.body : "");
	reply_free(&r);
	buf_printf(&b, "{\"name\":\"After %s\"}", tag);
	http_json(&S, "POST", "/zones", b.ptr, &r);
	if (r.status != 201)
		note("a write afterwards answered %ld: %s", r.status,
		    r.body ? r.body : "");
	reply_free(&r);
	buf_free(&b);
}

/*
 * One run: arm the fault, play the scenario, check, stop the server.
 * 1 when all was well and the fault fired.
 */
static int
run(const char *spec)
{
	char *err;
	int status;

	buf_reset(&why);
	failed_answers = 0;
	launch(spec);
	scenario(spec);
	check_database();
	check_serving(spec);
	status = server_pause(&S);
	err = server_stderr();
	if (status != 0)
		note("the server exited with status %d", status);
	if (strstr(err, "fault: database operation") == NULL)
		note("the fault did not fire");
	if (failed_answers > 1)
		note("more than one answer failed for one fault");
	if (why.len > 0)
		note("server stderr:\n%s", err);
	free(err);
	return why.len == 0;
}

/* The operations the scenario makes, counted with the hook disarmed. */
static long
measure(void)
{
	char *err, *line;
	long n = -1, v;

	buf_reset(&why);
	launch("0");
	scenario("count");
	check_database();
	ok(why.len == 0, "the scenario runs clean with no fault");
	if (why.len > 0)
		printf("%s", why.ptr);
	is_int(server_pause(&S), 0, "and the server exits cleanly");
	err = server_stderr();
	for (line = err; line != NULL && *line != '\0';
	    line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (sscanf(line, "solidarity: fault: %ld database operations",
		    &v) == 1)
			n = v;
	free(err);
	return n;
}

/*
 * Sweep N from 1 to ops in steps of every, with the error kind given.
 * (A run takes about 0.4 s under ASan, most of it starting and stopping
 * the server; a busy database takes the same paths as any error but for
 * the status, so every third N shows it.)
 */
static void
sweep(long ops, long every, const char *kind)
{
	char spec[32];
	long n, runs = 0, good = 0;

	want_busy = strcmp(kind, ":busy") == 0;
	for (n = 1; n <= ops; n += every) {
		snprintf(spec, sizeof(spec), "%ld%s", n, kind);
		runs++;
		if (run(spec))
			good++;
		else
			printf("# SOLIDARITY_FAULT=%s:\n%s", spec, why.ptr);
	}
	is_int(good, runs, "SOLIDARITY_FAULT=N%s for N = 1..%ld, every %ld: "
	    "every answer clean, nothing half-written, still serving, exit 0",
	    kind, ops, every);
	want_busy = 0;
}

int
main(void)
{
	long ops;

	/* One worker thread: the same operations in the same order. */
	server_threads = 1;
	server_start(&S);
	snprintf(errpath, sizeof(errpath), "%s/server.err", S.dir);
	is_int(server_pause(&S), 0, "the server stops cleanly");
	ops = measure();
	ok(ops > 10, "the scenario makes %ld database operations", ops);
	printf("# %ld database operations in the scenario\n", ops);
	if (ops > 10 && ops < 1000) {
		sweep(ops, 1, "");
		sweep(ops, 3, ":busy");
	}
	/*
	 * The last word: a server with no fault, and the file intact. A
	 * PostgreSQL server keeps its own files whole (the recount of every
	 * run checked the rows); there is no integrity_check to ask.
	 */
	server_resume(&S);
	if (!server_is_pg(&S))
		is_int(db_scalar(&S, "SELECT count(*) FROM "
		    "pragma_integrity_check WHERE integrity_check <> 'ok'"), 0,
		    "the database is intact");
	is_int(server_stop(&S), 0, "the server exits cleanly");
	buf_free(&why);
	return tap_done();
}
