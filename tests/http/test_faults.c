/*
 * Fault injection on every path (SOLIDARITY_FAULT, see db_fault_init in
 * db.h): every route of the route table and every command of the command
 * line is played as a scenario, and each database operation of each
 * scenario is made to fail in turn, first as an error, then as a busy
 * database.
 *
 * The server is started once, with SOLIDARITY_FAULT=@FILE: before each
 * request the test writes the fault to come into FILE. Each time, the
 * answer is the scenario's own or a clean 500/503 in the JSON error shape
 * (503 for a busy database); a failed request wrote nothing (every table
 * but the rate limits is as it was); the same request without the fault
 * then succeeds, with exactly the audit entries a success makes; the tally
 * agrees with a recount of the asks; the write lock is free. A command
 * fails with status 1 and says why, or succeeds as if nothing happened,
 * with no sanitizer report, nothing half-written, and the same command
 * then succeeds. A scenario longer than FAULT_LIMIT operations fails the
 * test: nothing is skipped.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "db/db.h"
#include "domain/stock.h"
#include "http/route.h"
#include "util/buf.h"

/*
 * The most operations one scenario may take; past it the test fails.
 * migrate-data, which copies every table of the registry, is the longest
 * and grows with it (past 400 with the ladder, events and rules).
 */
#define FAULT_LIMIT	800

static struct server S;
static struct db *H;		/* the harness's connection, for checks */
static char errpath[160];	/* the server's stderr */
static char armpath[160];	/* SOLIDARITY_FAULT=@armpath */
static long errseen;		/* how much of errpath was read */

/* What went wrong in one injection, said once in its verdict. */
static struct buf why = BUF_INIT;
/* ":busy" or "": a busy database must answer 503, worth a retry. */
static const char *kind = "";
static long uniq;		/* numbers new names */

static void note(const char *, ...) __attribute__((format(printf, 1, 2)));
static void bail(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* The harness cannot go on: one failure, and the plan is not met. */
static void
bail(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - harness: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

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

/* Arm the next fault: N, N:busy, or 0 to count only. */
static void
arm(long n)
{
	char tmp[200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", armpath);
	f = fopen(tmp, "w");
	if (f == NULL || fprintf(f, "%ld%s\n", n, n ? kind : "") < 0 ||
	    fclose(f) != 0 || rename(tmp, armpath) != 0)
		bail("cannot write %s", armpath);
}

/* Whether the server reported a fault since the last call. */
static int
fault_fired(void)
{
	char line[512];
	int fired = 0;
	FILE *f = fopen(errpath, "r");

	if (f == NULL)
		return 0;
	fseek(f, errseen, SEEK_SET);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "solidarity: fault: database operation") &&
		    strstr(line, ") fails"))
			fired = 1;
	errseen = ftell(f);
	fclose(f);
	return fired;
}

/* A failed answer is clean when it is a 500 or 503 saying so in JSON. */
static int
clean_failure(struct reply *r)
{
	json_t *e = json_object_get(r->json, "error");

	if (*kind != '\0' && r->status != 503)
		return 0;
	return (r->status == 500 || r->status == 503) && json_is_object(e) &&
	    json_string_length(json_object_get(e, "code")) > 0 &&
	    json_string_length(json_object_get(e, "message")) > 0;
}

/*
 * Checks through the harness's own connection. Every table of the
 * database but the rate limits (which count attempts, failed or not):
 * equal snapshots mean a failed request wrote nothing. A snapshot is a
 * line per table, its name, rows and the sum of a hash of each row, so
 * that it is a read with little to allocate however many rows the walk
 * has made, and it names the table a failure wrote to. PostgreSQL sums
 * md5s itself, in one statement; SQLite, in the process, hands each
 * table's rows over and they are hashed here, integers as integers (as
 * text SQLite would allocate for each) and which columns are NULL as a
 * mask beside them.
 */
#define SNAP_MAX	128	/* tables */
#define SNAP_COLS	62	/* columns of a table: one bit each */

struct snap_table {
	char		*name;
	char		*sql;		/* SQLite: its rows; built once, so
					   that the statement cache keeps it */
	int		 ncols;
	uint64_t	 isint;		/* which columns are integers */
	int64_t		 rows;
	uint64_t	 hash;		/* SQLite's */
	char		 pg[48];	/* PostgreSQL's, a numeric */
};

static struct snap_table snap[SNAP_MAX];
static size_t nsnap;
static char *snap_pg_sql;	/* PostgreSQL: every table's sums */

static const char *const table_info_sql =
    "SELECT name, type FROM pragma_table_info(?) ORDER BY cid";

/* A SQLite table's statement as its columns are read: list, then mask. */
struct snap_cols {
	struct snap_table	*t;
	struct buf		 list, mask;
};

static int
snap_column(const struct db_cols *row, void *arg)
{
	struct snap_cols *c = arg;
	int j = c->t->ncols;

	if (j == SNAP_COLS)
		return -1;
	if (strcasecmp(db_col_text(row, 1), "INTEGER") == 0)
		c->t->isint |= 1ULL << j;
	buf_printf(&c->list, "\"%s\", ", db_col_text(row, 0));
	buf_printf(&c->mask, "%s(\"%s\" IS NULL) << %d", j ? " | " : "",
	    db_col_text(row, 0), j);
	c->t->ncols++;
	return 0;
}

/* Each table's statement (SQLite) or the one of them all (PostgreSQL). */
static void
snap_build(void)
{
	struct buf pg = BUF_INIT;
	struct snap_cols c;
	json_t *names, *name;
	struct db_val arg;
	size_t i;

	names = db_tables(H);
	if (names == NULL)
		bail("cannot list the tables: %s", db_errmsg(H));
	json_array_foreach(names, i, name) {
		struct snap_table *t = &snap[nsnap];

		/*
		 * A sign-in's count is written before anything that can
		 * fail, and so is the mark every write leaves in
		 * change_stamp (the caches' count of commits, a table of
		 * the database's own): neither is half a write.
		 */
		if (strcmp(json_string_value(name), "rate_limit") == 0 ||
		    strcmp(json_string_value(name), "change_stamp") == 0)
			continue;
		if (nsnap == SNAP_MAX)
			bail("more than %d tables: raise SNAP_MAX", SNAP_MAX);
		t->name = strdup(json_string_value(name));
		nsnap++;
		if (db_kind(H) == DB_POSTGRES) {
			buf_printf(&pg, "%sSELECT %zu, count(*), coalesce(sum(("
			    "'x' || left(md5(r::text), 16))::bit(64)::bigint), "
			    "0)::text FROM %s r", nsnap > 1 ? " UNION ALL " : "",
			    nsnap - 1, t->name);
			continue;
		}
		c = (struct snap_cols){ t, BUF_INIT, BUF_INIT };
		buf_adds(&c.list, "SELECT ");
		arg = DBV_TEXT(t->name);
		if (db_each(H, table_info_sql, &arg, 1, snap_column, &c) < 1)
			bail("cannot list the columns of %s (at most %d)",
			    t->name, SNAP_COLS);
		buf_printf(&c.list, "%s FROM \"%s\"", c.mask.ptr, t->name);
		buf_free(&c.mask);
		t->sql = buf_detach(&c.list, NULL);
	}
	snap_pg_sql = buf_detach(&pg, NULL);
	json_decref(names);
}

/* FNV-1a, 64 bits, over len bytes after h. */
static uint64_t
snap_hash(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	while (len-- > 0)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

static int
snap_row(const struct db_cols *row, void *arg)
{
	struct snap_table *t = arg;
	uint64_t h = 14695981039346656037ULL;
	int64_t v;
	const char *s;
	int j;

	for (j = 0; j <= t->ncols; j++)
		if (j == t->ncols || (t->isint & (1ULL << j))) {
			v = db_col_int(row, j);
			h = snap_hash(h, &v, sizeof(v));
		} else {
			s = db_col_text(row, j);
			h = snap_hash(h, s, strlen(s) + 1);
		}
	t->rows++;
	t->hash += h;
	return 0;
}

/* PostgreSQL's row for table i: its rows and the sum of their md5s. */
static int
snap_pg_row(const struct db_cols *row, void *arg)
{
	int64_t i = db_col_int(row, 0);

	if (i < 0 || (size_t)i >= nsnap)
		return -1;
	snap[i].rows = db_col_int(row, 1);
	snprintf(snap[i].pg, sizeof(snap[i].pg), "%s", db_col_text(row, 2));
	return 0;
}

static char *
snapshot(void)
{
	struct buf out = BUF_INIT;
	size_t i;

	if (nsnap == 0)
		snap_build();
	for (i = 0; i < nsnap; i++) {
		snap[i].rows = 0;
		snap[i].hash = 0;
		snap[i].pg[0] = '\0';
		if (db_kind(H) != DB_POSTGRES &&
		    db_each(H, snap[i].sql, NULL, 0, snap_row, &snap[i]) == -1)
			bail("cannot read %s: %s (%s)", snap[i].name,
			    db_errmsg(H), snap[i].sql);
	}
	if (db_kind(H) == DB_POSTGRES &&
	    db_each(H, snap_pg_sql, NULL, 0, snap_pg_row, NULL) == -1)
		bail("cannot read the database: %s", db_errmsg(H));
	for (i = 0; i < nsnap; i++)
		buf_printf(&out, "%s %lld %s%llx\n", snap[i].name,
		    (long long)snap[i].rows, snap[i].pg,
		    (unsigned long long)snap[i].hash);
	return buf_detach(&out, NULL);
}

static void
snap_free(void)
{
	size_t i;

	for (i = 0; i < nsnap; i++) {
		free(snap[i].name);
		free(snap[i].sql);
	}
	free(snap_pg_sql);
}

/* Say which table a failure wrote to: the first line that differs. */
static void
snap_diff(const char *before, const char *after, const char *what)
{
	size_t lb, la;

	for (;;) {
		lb = strcspn(before, "\n");
		la = strcspn(after, "\n");
		if (lb != la || strncmp(before, after, lb) != 0) {
			note("%s wrote to the database: %.*s, was %.*s", what,
			    (int)la, after, (int)lb, before);
			return;
		}
		if (before[lb] == '\0')
			return;
		before += lb + 1;
		after += la + 1;
	}
}

/* The tally against a recount of the asks, both ways: offending rows. */
static const char *const tally_sql =
    "SELECT count(*) FROM ("
    "SELECT status, zone_id, category, n FROM need_tally WHERE n <> 0 "
    "EXCEPT SELECT status, zone_id, category, count(*) FROM need "
    "GROUP BY status, zone_id, category) x";
static const char *const recount_sql =
    "SELECT count(*) FROM ("
    "SELECT status, zone_id, category, count(*) FROM need "
    "GROUP BY status, zone_id, category EXCEPT "
    "SELECT status, zone_id, category, n FROM need_tally) x";
static const char *const audit_top_sql =
    "SELECT coalesce(max(id), 0) FROM audit";
static const char *const audit_since_sql =
    "SELECT action FROM audit WHERE id > ? ORDER BY id";

static void
check_tally(void)
{
	int64_t a = -1, b = -1;

	if (db_int(H, tally_sql, NULL, 0, &a) != 1 ||
	    db_int(H, recount_sql, NULL, 0, &b) != 1 || a != 0 || b != 0)
		note("the tally does not agree with a recount of the asks "
		    "(%lld and %lld rows off)", (long long)a, (long long)b);
}

/* Every stock level against the sum of its moves (solidarity check). */
static void
check_stock(void)
{
	json_t *drift = stock_drift(H);

	if (drift == NULL || json_array_size(drift) != 0)
		note("a stock level differs from the sum of its moves");
	json_decref(drift);
}

static int64_t
audit_top(void)
{
	int64_t top = 0;

	if (db_int(H, audit_top_sql, NULL, 0, &top) != 1)
		bail("cannot read the audit: %s", db_errmsg(H));
	return top;
}

/* The audit entries written since top must be want's (", " between). */
static void
check_audit(int64_t top, const char *want, const char *what)
{
	struct db_val arg = DBV_INT(top);
	struct buf got = BUF_INIT;
	json_t *rows = db_rows(H, audit_since_sql, &arg, 1), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		if (got.len > 0)
			buf_adds(&got, ", ");
		buf_adds(&got, json_string_value(json_object_get(row,
		    "action")));
	}
	if (strcmp(got.ptr ? got.ptr : "", want) != 0)
		note("%s wrote the audit entries [%s], not [%s]", what,
		    got.ptr ? got.ptr : "", want);
	json_decref(rows);
	buf_free(&got);
}

/*
 * The write lock is free (a write from another connection goes through),
 * and the generation moves on, so that the next request is answered by
 * its handler, not by the response cache or the token memo; the rate
 * limits start again, so that sign-ins and the public form are never
 * refused for their number.
 */
static const char *const tick_sql[] = {
	"DELETE FROM rate_limit",
	"UPDATE zone SET name = name WHERE id = (SELECT min(id) FROM zone)",
	NULL
};

static void
tick(void)
{
	int i;

	alarm(60);
	if (db_begin(H) == -1)
		note("the write lock is not free: %s", db_errmsg(H));
	else {
		for (i = 0; tick_sql[i] != NULL; i++)
			if (db_exec(H, tick_sql[i], NULL, 0) == -1)
				note("a write beside the server failed: %s",
				    db_errmsg(H));
		if (db_commit(H) == -1)
			note("a commit beside the server failed: %s",
			    db_errmsg(H));
	}
	alarm(0);
}

/*
 * The route walk. What a step's path names (its %ld): a record made once
 * for every step, or a new one made before each of its requests, since
 * the request uses it up (a status moved, a token revoked).
 */
enum subject {
	SUBJ_NONE,
	SUBJ_PERSON,		/* the fixtures */
	SUBJ_ASK,
	SUBJ_OFFER,
	SUBJ_ZONE,
	SUBJ_GRIEVANCE,
	SUBJ_NEW_PERSON,	/* made for each request */
	SUBJ_NEW_ASK,
	SUBJ_NEW_OFFER,
	SUBJ_CLAIMED_ASK,
	SUBJ_DELIVERED_ASK,	/* claimed and reported delivered */
	SUBJ_LINK,		/* that, with a link: its token as $T */
	SUBJ_NEW_TASK,
	SUBJ_NEW_CLAIM,		/* a claimed ask's claim, as $S */
	SUBJ_RUN,		/* the fixture run, of a claim still held */
	SUBJ_NEW_TOKEN,
	SUBJ_SESSION,		/* a session, sent as its cookie */
	SUBJ_NEW_PAIR,		/* a zone of its own ($S) with an ask and an
				   offer that meet */
	SUBJ_TARGET,
	SUBJ_CONVERSATION,	/* of a person of its own: the fixture
				   person's page records no look */
	SUBJ_CAMPAIGN,		/* the fixture campaign, of a grievance */
	SUBJ_NEW_CAMPAIGN,	/* researching, for a status move */
	SUBJ_ACTION,		/* the fixture campaign's action */
	SUBJ_PROGRAM,		/* the fixture program, Mondays */
	SUBJ_NEW_PROGRAM,	/* Mondays, for a new schedule */
	SUBJ_PSESSION,		/* the fixture program's one-off session */
	SUBJ_NEW_PSESSION,	/* a new one-off session, scheduled */
	SUBJ_NEW_SHIFT,		/* a new shift of two places at it */
	SUBJ_TAKEN_SHIFT,	/* one the admin is signed up for */
	SUBJ_ITEM,		/* the fixture item */
	SUBJ_PANTRY,		/* the fixture pantry, holding the item */
	SUBJ_MOVE,		/* the fixture move: the item's donation */
	SUBJ_NEW_MOVE,		/* a new donation of one, to reverse */
	SUBJ_SHELF,		/* the fixture shelf, a pantry with rice */
	SUBJ_NEW_CURRICULUM,
	SUBJ_NEW_EVENT,		/* a talk in a new curriculum */
	SUBJ_FUND,		/* the fixture fund, public, with money */
	SUBJ_APPROVED_RB,	/* a new reimbursement from it, approved */
	SUBJ_BULLETIN,		/* the fixture issue, a draft */
	SUBJ_NEW_DRAFT,		/* a new issue, composed */
	SUBJ_NEW_ISSUE,		/* a new issue, published */
	SUBJ__MAX
};

#define STEP_ANON	0x1	/* anonymous, with a form token */
#define STEP_PASSWORD	0x2	/* changes the admin's password */
#define STEP_SECRET	0x4	/* the path is the SMS gateway's (sms_path) */

struct step {
	const char	*method;
	const char	*pattern;	/* its route, as in the route table */
	const char	*path;		/* printf, %ld: the subject's id */
	enum subject	 subject;
	/* JSON; $Z the zone, $P the person, $N a new number, $C the form
	 * token, $W the admin's password, $V the next one, $S the subject,
	 * $O a new offer of groceries in the zone (a match uses it up), $T
	 * the token of the last confirmation link, $I the fixture item, $L
	 * the fixture station, $H the fixture shelf, $R its rice. */
	const char	*body;
	long		 want;
	const char	*audit;		/* what one success records */
	unsigned	 flags;
};

static const struct step steps[] = {
	{ "GET", "/", "/", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/login", "/login", SUBJ_NONE, NULL, 200, "", STEP_ANON },
	{ "POST", "/login", "/login", SUBJ_NONE,
	    "{\"user\":\"admin\",\"password\":\"$W\"}", 200, "login",
	    0 },
	{ "POST", "/logout", "/logout", SUBJ_SESSION, "{}", 200,
	    "logout", 0 },
	{ "GET", "/account", "/account", SUBJ_NONE, NULL, 200, "", 0 },
	/* Keeping the tokens: the harness speaks with the admin's. */
	{ "POST", "/account/password", "/account/password", SUBJ_NONE,
	    "{\"current\":\"$W\",\"new\":\"$V\",\"keep_tokens\":\"yes\"}",
	    200, "password.change", STEP_PASSWORD },
	{ "POST", "/account/tokens", "/account/tokens", SUBJ_NONE,
	    "{\"label\":\"t$N\"}", 201, "token.add", 0 },
	{ "POST", "/account/tokens/:id/revoke", "/account/tokens/%ld/revoke",
	    SUBJ_NEW_TOKEN, "{}", 200, "token.revoke", 0 },
	{ "GET", "/admin/audit", "/admin/audit", SUBJ_NONE, NULL, 200, "",
	    0 },
	{ "GET", "/zones", "/zones", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/zones", "/zones", SUBJ_NONE, "{\"name\":\"Zone $N\"}",
	    201, "zone.create", 0 },
	{ "GET", "/zones/:id", "/zones/%ld", SUBJ_ZONE, NULL, 200, "", 0 },
	{ "POST", "/zones/:id", "/zones/%ld", SUBJ_ZONE,
	    "{\"name\":\"Centro $N\"}", 200, "zone.update", 0 },
	/* A whole new set of neighbours: none, the rows of any removed. */
	{ "PATCH", "/zones/:id", "/zones/%ld", SUBJ_ZONE,
	    "{\"name\":\"Centro $N\",\"adjacent_ids\":[]}", 200,
	    "zone.update", 0 },
	/* By phone: the fixture person found, and the find recorded. */
	{ "GET", "/people", "/people?q=555-010-0000", SUBJ_NONE, NULL, 200,
	    "search contact", 0 },
	{ "GET", "/people/new", "/people/new", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/people", "/people", SUBJ_NONE, "{\"name\":\"Person $N\","
	    "\"phone\":\"+15550100000\",\"zone_id\":$Z}", 201,
	    "view contact, person.create", 0 },
	{ "GET", "/people/:id", "/people/%ld", SUBJ_PERSON, NULL, 200, "",
	    0 },
	{ "GET", "/people/:id/edit", "/people/%ld/edit", SUBJ_PERSON, NULL,
	    200, "view contact", 0 },
	{ "GET", "/people/:id/contact", "/people/%ld/contact", SUBJ_PERSON,
	    NULL, 200, "view contact", 0 },
	{ "POST", "/people/:id/forget", "/people/%ld/forget",
	    SUBJ_NEW_PERSON, "{\"confirm\":\"yes\"}", 200,
	    "forget person, person.forget", 0 },
	{ "POST", "/people/:id/stage", "/people/%ld/stage", SUBJ_PERSON,
	    "{\"stage\":\"helper\",\"why\":\"helps $N\"}", 201,
	    "person.stage", 0 },
	/* A new person each time: the same status twice is a 409. */
	{ "POST", "/people/:id/membership", "/people/%ld/membership",
	    SUBJ_NEW_PERSON, "{\"status\":\"invited\"}", 201,
	    "person.membership", 0 },
	{ "POST", "/people/:id/roles", "/people/%ld/roles", SUBJ_PERSON,
	    "{\"role\":\"delegate\",\"starts_on\":\"2026-01-01\"}", 201,
	    "person.role", 0 },
	{ "GET", "/trainings", "/trainings", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/trainings", "/trainings", SUBJ_NONE,
	    "{\"name\":\"Module $N\"}", 201, "training.create", 0 },
	/* Module 1 is the one made above; a new person each time. */
	{ "POST", "/trainings/:id/completions", "/trainings/1/completions",
	    SUBJ_NEW_PERSON, "{\"person_id\":$S,\"date\":\"2026-11-01\"}",
	    201, "training.complete", 0 },
	{ "POST", "/people/:id", "/people/%ld", SUBJ_PERSON,
	    "{\"name\":\"Person $N\"}", 200,
	    "view contact, person.update", 0 },
	{ "PATCH", "/people/:id", "/people/%ld", SUBJ_PERSON,
	    "{\"address\":\"$N Main Street\"}", 200,
	    "view contact, person.update", 0 },
	{ "GET", "/needs", "/needs", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/needs/new", "/needs/new?person_id=%ld", SUBJ_PERSON, NULL,
	    200, "", 0 },
	{ "POST", "/needs", "/needs", SUBJ_NONE, "{\"person_id\":$P,"
	    "\"category\":\"groceries\",\"details\":\"Food $N\","
	    "\"urgency\":2,\"zone_id\":$Z,\"tags\":[\"rent $N\"]}", 201,
	    "need.create", 0 },
	{ "GET", "/needs/:id", "/needs/%ld", SUBJ_ASK, NULL, 200, "", 0 },
	{ "POST", "/needs/:id", "/needs/%ld", SUBJ_ASK,
	    "{\"tags\":[\"mould $N\"]}", 200, "need.link", 0 },
	{ "PATCH", "/needs/:id", "/needs/%ld", SUBJ_ASK,
	    "{\"tags\":[\"damp $N\"],\"grievance_id\":null}", 200,
	    "need.link", 0 },
	{ "GET", "/needs/:id/contact", "/needs/%ld/contact", SUBJ_ASK, NULL,
	    200, "view contact", 0 },
	{ "POST", "/needs/:id/status", "/needs/%ld/status", SUBJ_NEW_ASK,
	    "{\"status\":\"matched\"}", 200, "need.status", 0 },
	{ "POST", "/needs/:id/claim", "/needs/%ld/claim", SUBJ_NEW_ASK, "{}",
	    200, "need.claim", 0 },
	{ "POST", "/needs/:id/release", "/needs/%ld/release",
	    SUBJ_CLAIMED_ASK, "{\"reason\":\"away\"}", 200, "need.release",
	    0 },
	{ "POST", "/needs/:id/calls", "/needs/%ld/calls", SUBJ_ASK,
	    "{\"outcome\":\"no_answer\"}", 201, "need.call", 0 },
	{ "POST", "/needs/:id/deliver", "/needs/%ld/deliver",
	    SUBJ_CLAIMED_ASK, "{\"outcome\":\"delivered\"}", 201,
	    "need.deliver", 0 },
	{ "POST", "/needs/:id/confirm", "/needs/%ld/confirm",
	    SUBJ_DELIVERED_ASK, "{}", 200, "need.confirm", 0 },
	{ "POST", "/needs/:id/confirm-link", "/needs/%ld/confirm-link",
	    SUBJ_DELIVERED_ASK, "{}", 201, "need.confirm_link", 0 },
	{ "GET", "/confirm", "/confirm?token=x", SUBJ_NONE, NULL, 200, "",
	    STEP_ANON },
	{ "POST", "/confirm", "/confirm", SUBJ_LINK,
	    "{\"token\":\"$T\",\"_csrf\":\"$C\"}", 200,
	    "need.confirm_asker", STEP_ANON },
	{ "GET", "/tasks", "/tasks", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/tasks/:id/done", "/tasks/%ld/done", SUBJ_NEW_TASK,
	    "{\"outcome\":\"accepted\"}", 200, "task.done", 0 },
	{ "POST", "/tasks/:id/skip", "/tasks/%ld/skip", SUBJ_NEW_TASK,
	    "{\"outcome\":\"no_answer\"}", 200, "task.skip", 0 },
	{ "GET", "/rules", "/rules", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/rules/:id", "/rules/1", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/rules/:id", "/rules/1", SUBJ_NONE, "{\"due_days\":8}",
	    200, "rule.update", 0 },
	{ "GET", "/runs", "/runs", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/runs/new", "/runs/new?driver_id=1", SUBJ_NONE, NULL, 200,
	    "", 0 },
	{ "POST", "/runs", "/runs", SUBJ_NEW_CLAIM,
	    "{\"driver_id\":1,\"claim_ids\":[$S]}", 201, "run.create", 0 },
	{ "GET", "/runs/:id", "/runs/%ld", SUBJ_RUN, NULL, 200, "", 0 },
	/* The sheet shows Rosa's phone: recorded as a contact view. */
	{ "GET", "/runs/:id/sheet", "/runs/%ld/sheet", SUBJ_RUN, NULL, 200,
	    "view contact", 0 },
	{ "GET", "/needs/:id/matches", "/needs/%ld/matches", SUBJ_ASK, NULL,
	    200, "", 0 },
	{ "POST", "/needs/:id/match", "/needs/%ld/match", SUBJ_NEW_ASK,
	    "{\"offer_id\":$O}", 201, "need.match", 0 },
	{ "GET", "/grievances", "/grievances?tag=no+heat", SUBJ_NONE, NULL,
	    200, "", 0 },
	{ "GET", "/grievances/new", "/grievances/new?person_ids=%ld&q=Rosa",
	    SUBJ_PERSON, NULL, 200, "", 0 },
	{ "POST", "/grievances", "/grievances", SUBJ_NONE,
	    "{\"title\":\"No heat $N\",\"tags\":[\"no heat\",\"mould\"],"
	    "\"zone_ids\":[$Z],\"person_ids\":[$P]}", 201,
	    "grievance.create", 0 },
	{ "GET", "/grievances/:id", "/grievances/%ld", SUBJ_GRIEVANCE, NULL,
	    200, "", 0 },
	{ "POST", "/grievances/:id", "/grievances/%ld", SUBJ_GRIEVANCE,
	    "{\"title\":\"Heat $N\",\"person_ids\":[$P]}", 200,
	    "grievance.update", 0 },
	{ "PATCH", "/grievances/:id", "/grievances/%ld", SUBJ_GRIEVANCE,
	    "{\"tags\":[\"cold $N\"],\"zone_ids\":[]}", 200,
	    "grievance.update", 0 },
	{ "GET", "/targets", "/targets?q=green", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/targets", "/targets", SUBJ_NONE, "{\"name\":\"Target $N\","
	    "\"kind\":\"landlord\",\"zone_ids\":[$Z]}", 201, "target.create",
	    0 },
	{ "GET", "/targets/:id", "/targets/%ld", SUBJ_TARGET, NULL, 200, "",
	    0 },
	{ "POST", "/targets/:id", "/targets/%ld", SUBJ_TARGET,
	    "{\"name\":\"Greenleaf $N\"}", 200, "target.update", 0 },
	{ "PATCH", "/targets/:id", "/targets/%ld", SUBJ_TARGET,
	    "{\"notes\":\"Owns $N\",\"zone_ids\":[]}", 200, "target.update",
	    0 },
	{ "GET", "/conversations", "/conversations?tag=no-heat", SUBJ_NONE,
	    NULL, 200, "", 0 },
	{ "GET", "/conversations/new", "/conversations/new?q=Rosa", SUBJ_NONE,
	    NULL, 200, "", 0 },
	/* Someone new, and a new target, with the conversation: all or none. */
	{ "POST", "/conversations", "/conversations", SUBJ_NONE,
	    "{\"name\":\"Talk $N\",\"zone_id\":$Z,\"how\":\"door\","
	    "\"problems\":\"No heat\",\"tags\":[\"No heat\"],"
	    "\"target_name\":\"Landlord $N\",\"assessment\":2,"
	    "\"next_at\":\"2026-12-10\"}", 201, "conversation.create", 0 },
	/* What was raised is shown: the look recorded. */
	{ "GET", "/conversations/:id", "/conversations/%ld", SUBJ_CONVERSATION,
	    NULL, 200, "view conversations", 0 },
	{ "GET", "/campaigns", "/campaigns", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/campaigns/new", "/campaigns/new?person_ids=%ld",
	    SUBJ_PERSON, NULL, 200, "", 0 },
	{ "POST", "/campaigns", "/campaigns", SUBJ_NONE, "{\"demand\":"
	    "\"Fix it $N\",\"person_ids\":[$P]}", 201, "campaign.create", 0 },
	{ "GET", "/campaigns/:id", "/campaigns/%ld", SUBJ_CAMPAIGN, NULL, 200,
	    "", 0 },
	{ "POST", "/campaigns/:id/status", "/campaigns/%ld/status",
	    SUBJ_NEW_CAMPAIGN, "{\"status\":\"organizing\"}", 200,
	    "campaign.status", 0 },
	/* A supporter named, and someone new by a first name. */
	{ "POST", "/campaigns/:id/supporters", "/campaigns/%ld/supporters",
	    SUBJ_CAMPAIGN, "{\"person_ids\":[$P],\"first_name\":\"New $N\"}",
	    200, "campaign.support", 0 },
	{ "POST", "/campaigns/:id/supporters/remove",
	    "/campaigns/%ld/supporters/remove", SUBJ_CAMPAIGN,
	    "{\"person_ids\":[$P]}", 200, "campaign.unsupport", 0 },
	{ "POST", "/campaigns/:id/actions", "/campaigns/%ld/actions",
	    SUBJ_CAMPAIGN, "{\"kind\":\"rally\",\"date\":\"2026-12-10\","
	    "\"place\":\"Plaza $N\"}", 201, "campaign.action", 0 },
	{ "POST", "/campaigns/:id/outcomes", "/campaigns/%ld/outcomes",
	    SUBJ_CAMPAIGN, "{\"result\":\"won\",\"what\":\"Heat $N\","
	    "\"date\":\"2026-12-20\",\"amount\":12.5}", 201,
	    "campaign.outcome", 0 },
	{ "GET", "/actions/:id", "/actions/%ld", SUBJ_ACTION, NULL, 200, "",
	    0 },
	{ "POST", "/actions/:id/people", "/actions/%ld/people", SUBJ_ACTION,
	    "{\"person_ids\":[$P],\"rsvp\":1,\"attended\":1}", 200,
	    "action.people", 0 },
	{ "GET", "/facing", "/facing", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/feedback", "/feedback?zone_id=%ld", SUBJ_ZONE, NULL, 200,
	    "", 0 },
	{ "GET", "/figures", "/figures", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/programs", "/programs", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/programs/new", "/programs/new", SUBJ_NONE, NULL, 200, "",
	    0 },
	/* A program with its 8 weeks of sessions: all or none. */
	{ "POST", "/programs", "/programs", SUBJ_NONE, "{\"name\":"
	    "\"Store $N\",\"kind\":\"free_store\",\"zone_id\":$Z,"
	    "\"schedule\":[{\"weekday\":1,\"start\":\"07:00\","
	    "\"end\":\"09:00\"}]}", 201, "program.create", 0 },
	{ "GET", "/programs/:id", "/programs/%ld", SUBJ_PROGRAM, NULL, 200, "",
	    0 },
	{ "GET", "/programs/:id/edit", "/programs/%ld/edit", SUBJ_PROGRAM,
	    NULL, 200, "", 0 },
	{ "POST", "/programs/:id", "/programs/%ld", SUBJ_PROGRAM,
	    "{\"name\":\"Store $N\"}", 200, "program.update", 0 },
	/* New slots: the untouched sessions go, the new ones are made. */
	{ "PATCH", "/programs/:id", "/programs/%ld", SUBJ_NEW_PROGRAM,
	    "{\"schedule\":\"Tue 07:00-09:00\"}", 200, "program.update", 0 },
	{ "GET", "/programs/:id/sessions", "/programs/%ld/sessions",
	    SUBJ_PROGRAM, NULL, 200, "", 0 },
	{ "POST", "/programs/:id/sessions", "/programs/%ld/sessions",
	    SUBJ_PROGRAM, "{\"date\":\"2027-01-02\",\"start\":\"10:00\","
	    "\"end\":\"12:00\"}", 201, "program.session", 0 },
	{ "GET", "/sessions/:id", "/sessions/%ld?q=Rosa", SUBJ_PSESSION, NULL,
	    200, "", 0 },
	{ "POST", "/sessions/:id", "/sessions/%ld", SUBJ_PSESSION,
	    "{\"notes\":\"Notes $N\",\"education\":\"Read $N\"}", 200,
	    "session.update", 0 },
	{ "PATCH", "/sessions/:id", "/sessions/%ld", SUBJ_PSESSION,
	    "{\"materials\":\"Leaflets $N\",\"status\":\"held\"}", 200,
	    "session.update", 0 },
	{ "POST", "/sessions/:id/move", "/sessions/%ld/move",
	    SUBJ_NEW_PSESSION, "{\"date\":\"2027-02-01\",\"start\":"
	    "\"10:00\",\"end\":\"11:00\"}", 200, "session.move", 0 },
	{ "POST", "/sessions/:id/cancel", "/sessions/%ld/cancel",
	    SUBJ_NEW_PSESSION, "{\"reason\":\"Snow $N\"}", 200,
	    "session.cancel", 0 },
	/* Someone new at the door: the person and the row, or neither. */
	{ "POST", "/sessions/:id/attendance", "/sessions/%ld/attendance",
	    SUBJ_NEW_PSESSION, "{\"name\":\"Guest $N\",\"role\":"
	    "\"guest\"}", 201, "session.attend", 0 },
	/* A tap: the total and its row, or neither; no audit entry. */
	{ "GET", "/sessions/:id/count", "/sessions/%ld/count", SUBJ_PSESSION,
	    NULL, 200, "", 0 },
	{ "POST", "/sessions/:id/count", "/sessions/%ld/count", SUBJ_PSESSION,
	    "{\"delta\":1}", 200, "", 0 },
	{ "GET", "/sessions/:id/sheet", "/sessions/%ld/sheet", SUBJ_PSESSION,
	    NULL, 200, "", 0 },
	{ "GET", "/sessions", "/sessions?understaffed=1", SUBJ_NONE, NULL,
	    200, "", 0 },
	{ "POST", "/sessions/:id/shifts", "/sessions/%ld/shifts",
	    SUBJ_NEW_PSESSION, "{\"name\":\"Cook $N\",\"needed\":2}", 201,
	    "session.shift", 0 },
	/* The place taken and the row written, or neither. */
	{ "POST", "/shifts/:id/signup", "/shifts/%ld/signup", SUBJ_NEW_SHIFT,
	    "{}", 201, "shift.signup", 0 },
	{ "POST", "/shifts/:id/cancel", "/shifts/%ld/cancel",
	    SUBJ_TAKEN_SHIFT, "{}", 200, "shift.cancel", 0 },
	{ "GET", "/roster", "/roster?week=2027-W01", SUBJ_NONE, NULL, 200, "",
	    0 },
	{ "GET", "/items", "/items?q=Rice", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/items", "/items", SUBJ_NONE, "{\"name\":\"Item $N\","
	    "\"unit\":\"kg\",\"category\":\"groceries\"}", 201,
	    "item.create", 0 },
	{ "GET", "/items/:id", "/items/%ld", SUBJ_ITEM, NULL, 200, "", 0 },
	{ "POST", "/items/:id", "/items/%ld", SUBJ_ITEM,
	    "{\"name\":\"Rice $N\"}", 200, "item.update", 0 },
	{ "PATCH", "/items/:id", "/items/%ld", SUBJ_ITEM,
	    "{\"notes\":\"Shelf $N\"}", 200, "item.update", 0 },
	{ "GET", "/locations", "/locations?kind=pantry", SUBJ_NONE, NULL, 200,
	    "", 0 },
	{ "POST", "/locations", "/locations", SUBJ_NONE, "{\"name\":"
	    "\"Place $N\",\"kind\":\"station\",\"zone_id\":$Z,"
	    "\"take_what_you_need\":true}", 201, "location.create", 0 },
	{ "GET", "/locations/:id", "/locations/%ld", SUBJ_PANTRY, NULL, 200,
	    "", 0 },
	{ "GET", "/stock/moves", "/stock/moves?location_id=%ld", SUBJ_PANTRY,
	    NULL, 200, "", 0 },
	/* Both levels of a transfer, its row and its entry, or none. */
	{ "POST", "/stock/moves", "/stock/moves", SUBJ_PANTRY,
	    "{\"kind\":\"transfer\",\"item_id\":$I,\"quantity\":1,"
	    "\"from_location_id\":$S,\"to_location_id\":$L}", 201,
	    "stock.move", 0 },
	{ "GET", "/stock/moves/:id", "/stock/moves/%ld", SUBJ_MOVE, NULL, 200,
	    "", 0 },
	{ "POST", "/stock/moves/:id/reverse", "/stock/moves/%ld/reverse",
	    SUBJ_NEW_MOVE, "{\"note\":\"twice $N\"}", 201, "stock.move",
	    0 },
	{ "GET", "/stock", "/stock?low=1", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/locations/:id/restock", "/locations/%ld/restock",
	    SUBJ_SHELF, NULL, 200, "", 0 },
	{ "POST", "/locations/:id/thresholds", "/locations/%ld/thresholds",
	    SUBJ_SHELF, "{\"item_id\":$R,\"threshold\":5,"
	    "\"restock_to\":$N}", 200, "stock.threshold", 0 },
	{ "GET", "/locations/:id/count", "/locations/%ld/count", SUBJ_SHELF,
	    NULL, 200, "", 0 },
	{ "GET", "/locations/:id/sheet", "/locations/%ld/sheet", SUBJ_SHELF,
	    NULL, 200, "", 0 },
	{ "GET", "/needs/:id/stock", "/needs/%ld/stock", SUBJ_ASK, NULL, 200,
	    "", 0 },
	/* The move and the ask fulfilled, or neither. */
	{ "POST", "/needs/:id/stock", "/needs/%ld/stock", SUBJ_NEW_ASK,
	    "{\"location_id\":$H,\"item_id\":$R,\"quantity\":1}", 201,
	    "stock.move, need.stock", 0 },
	{ "POST", "/sessions/:id/stock", "/sessions/%ld/stock", SUBJ_PSESSION,
	    "{\"location_id\":$H,\"item_id\":$R,\"quantity\":1}", 201,
	    "stock.move, session.stock", 0 },
	{ "GET", "/events", "/events", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/events", "/events", SUBJ_NONE, "{\"name\":\"Film $N\","
	    "\"kind\":\"film\",\"date\":\"2027-01-10T18:30\"}", 201,
	    "event.create", 0 },
	{ "GET", "/events/:id", "/events/%ld?q=Person", SUBJ_NEW_EVENT, NULL,
	    200, "", 0 },
	{ "POST", "/events/:id/materials", "/events/%ld/materials",
	    SUBJ_NEW_EVENT, "{\"title\":\"Text $N\",\"link\":"
	    "\"https://example.org/$N\"}", 201, "event.material", 0 },
	/* Someone new and their RSVP, or neither. */
	{ "POST", "/events/:id/rsvps", "/events/%ld/rsvps", SUBJ_NEW_EVENT,
	    "{\"name\":\"Guest $N\"}", 201, "event.rsvp", 0 },
	{ "POST", "/events/:id/attendance", "/events/%ld/attendance",
	    SUBJ_NEW_EVENT, "{\"name\":\"Guest $N\"}", 201, "event.attend",
	    0 },
	{ "POST", "/events/:id/stock", "/events/%ld/stock", SUBJ_NEW_EVENT,
	    "{\"location_id\":$H,\"item_id\":$R,\"quantity\":1}", 201,
	    "stock.move, event.stock", 0 },
	{ "GET", "/curricula", "/curricula", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/curricula", "/curricula", SUBJ_NONE, "{\"name\":"
	    "\"Course $N\"}", 201, "curriculum.create", 0 },
	{ "GET", "/curricula/:id", "/curricula/%ld", SUBJ_NEW_CURRICULUM,
	    NULL, 200, "", 0 },
	/* A count unlike the last, after the gifts, which it leaves with
	 * little: the correction, its entry and the count's. */
	{ "POST", "/locations/:id/count", "/locations/%ld/count", SUBJ_SHELF,
	    "{\"item_id\":$R,\"quantity\":$N}", 200,
	    "stock.move, stock.count", 0 },
	{ "GET", "/funds", "/funds", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/funds", "/funds", SUBJ_NONE, "{\"name\":\"Fund $N\","
	    "\"currency\":\"EUR\",\"public\":true,\"treasurer_ids\":[1]}",
	    201, "fund.create", 0 },
	{ "GET", "/funds/:id", "/funds/%ld", SUBJ_FUND, NULL, 200, "", 0 },
	{ "POST", "/funds/:id", "/funds/%ld", SUBJ_FUND, "{\"name\":"
	    "\"Rent fund $N\",\"treasurer_ids\":[1]}", 200, "fund.update",
	    0 },
	{ "PATCH", "/funds/:id", "/funds/%ld", SUBJ_FUND, "{\"overdraft\":"
	    "false,\"treasurer_ids\":[]}", 200, "fund.update", 0 },
	{ "POST", "/funds/:id/transactions", "/funds/%ld/transactions",
	    SUBJ_FUND, "{\"direction\":\"out\",\"amount_minor\":1,"
	    "\"purpose\":\"rent\",\"person_id\":$P,\"note\":\"Rent $N\"}",
	    201, "fund.transaction", 0 },
	{ "POST", "/funds/:id/reimbursements", "/funds/%ld/reimbursements",
	    SUBJ_FUND, "{\"person_id\":$P,\"amount\":\"1.50\","
	    "\"note\":\"Bus $N\"}", 201, "fund.reimbursement", 0 },
	/* Paid: the transaction it writes, and the request, or neither. */
	{ "POST", "/reimbursements/:id/status", "/reimbursements/%ld/status",
	    SUBJ_APPROVED_RB, "{\"status\":\"paid\"}", 200,
	    "reimbursement.status", 0 },
	{ "GET", "/funds/:id/statement", "/funds/%ld/statement", SUBJ_FUND,
	    NULL, 200, "", STEP_ANON },
	{ "GET", "/bulletin", "/bulletin", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/bulletin", "/bulletin", SUBJ_NONE, "{\"title\":"
	    "\"News $N\"}", 201, "bulletin.compose", 0 },
	{ "GET", "/bulletin/:id", "/bulletin/%ld", SUBJ_BULLETIN, NULL, 200,
	    "", 0 },
	{ "POST", "/bulletin/:id", "/bulletin/%ld", SUBJ_BULLETIN,
	    "{\"title\":\"News $N\",\"wins\":\"A win $N\"}", 200,
	    "bulletin.update", 0 },
	{ "POST", "/bulletin/:id/publish", "/bulletin/%ld/publish",
	    SUBJ_NEW_DRAFT, "{\"public\":true}", 200, "bulletin.publish", 0 },
	/* Nobody asked for the digest: it goes to none, and says so. */
	{ "POST", "/bulletin/:id/sms", "/bulletin/%ld/sms", SUBJ_NEW_ISSUE,
	    "{}", 200, "bulletin.sms", 0 },
	{ "POST", "/bulletin/:id/delete", "/bulletin/%ld/delete",
	    SUBJ_NEW_DRAFT, "{}", 200, "bulletin.delete", 0 },
	{ "GET", "/intake", "/intake?q=Person", SUBJ_NONE, NULL, 200, "", 0 },
	{ "POST", "/intake", "/intake", SUBJ_NONE, "{\"name\":\"Caller $N\","
	    "\"phone\":\"+15550100002\",\"category\":\"groceries\","
	    "\"details\":\"Call $N\",\"urgency\":2,\"zone_id\":$Z}", 201,
	    "need.intake", 0 },
	{ "GET", "/offers", "/offers", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/offers/new", "/offers/new?person_id=%ld", SUBJ_PERSON,
	    NULL, 200, "", 0 },
	{ "POST", "/offers", "/offers", SUBJ_NONE, "{\"person_id\":$P,"
	    "\"category\":\"groceries\",\"details\":\"Bread $N\","
	    "\"zone_id\":$Z}", 201, "offer.create", 0 },
	{ "GET", "/offers/:id", "/offers/%ld", SUBJ_OFFER, NULL, 200, "", 0 },
	{ "POST", "/offers/:id/status", "/offers/%ld/status", SUBJ_NEW_OFFER,
	    "{\"status\":\"matched\"}", 200, "offer.status", 0 },
	{ "GET", "/match", "/match", SUBJ_NONE, NULL, 200, "", 0 },
	/* One match each time: the asks of a new zone, matched there. */
	{ "POST", "/match", "/match", SUBJ_NEW_PAIR, "{\"zone_id\":$S}", 200,
	    "match.assign, match.run", 0 },
	{ "GET", "/import", "/import", SUBJ_NONE, NULL, 200, "", 0 },
	/* A person, an ask and a zone, all new: an entry each. */
	{ "POST", "/import", "/import", SUBJ_NONE, "{\"csv\":\"Name,"
	    "What do you need?,Zip code\\nNeighbour $N,Groceries,"
	    "Import $N\\n\",\"confirm\":true}", 200,
	    "import, import, import", 0 },
	{ "GET", "/help", "/help", SUBJ_NONE, NULL, 200, "", STEP_ANON },
	{ "POST", "/help", "/help", SUBJ_NONE, "{\"kind\":\"ask\","
	    "\"name\":\"Neighbour $N\",\"phone\":\"+15550100001\","
	    "\"zone_id\":$Z,\"category\":\"groceries\","
	    "\"details\":\"Help $N\",\"_csrf\":\"$C\"}", 201, "help.post",
	    STEP_ANON },
	{ "GET", "/help/thanks", "/help/thanks", SUBJ_NONE, NULL, 200, "",
	    STEP_ANON },
	/*
	 * A text from a number that opted out (setup_walk): the whole
	 * conversation is written, but no reply, so the outbox's sender
	 * changes nothing between a step's snapshots.
	 */
	{ "POST", "/sms/inbound/*", "/sms/inbound/%ld", SUBJ_NONE,
	    "{\"From\":\"+16175550123\",\"Body\":\"Hello $N\"}", 200,
	    "sms.receive", STEP_SECRET },
	{ "GET", "/sms", "/sms", SUBJ_NONE, NULL, 200, "", 0 },
	{ "GET", "/admin/emergency", "/admin/emergency", SUBJ_NONE, NULL, 200,
	    "", 0 },
	/* Last: everyone's data goes, and every session (not the tokens). */
	{ "POST", "/admin/emergency", "/admin/emergency", SUBJ_NONE,
	    "{\"password\":\"$W\",\"confirm\":\"yes\"}", 200,
	    "emergency purge", 0 },
};

#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* The fixtures, the admin's two passwords, a form token and a session. */
static long fix_zone, fix_person, fix_ask, fix_offer, fix_run;
static long fix_grievance;
static long fix_target, fix_conversation;
static long fix_campaign, fix_action;
static long fix_program, fix_psession;
static long fix_item, fix_pantry, fix_station, fix_move;
static long fix_shelf, fix_rice;
static long fix_fund;
static long fix_bulletin;
static long subject;		/* what the step at hand names, for $S */
static char passwords[2][128];
static int pw;			/* passwords[pw] is the admin's now */
static char csrf[128];
static char cookie[300];	/* a header: "Cookie: ..." */
static char link_token[128];	/* $T: the last confirmation link's */
static char sms_path[96];	/* the SMS gateway's inbound path */

static long new_offer(void);

/* body with its $ words replaced (caller frees). */
static char *
expand(const char *body)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (body == NULL)
		return NULL;
	for (p = body; *p != '\0'; p++) {
		if (*p != '$' || p[1] == '\0') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'Z':
			buf_printf(&b, "%ld", fix_zone);
			break;
		case 'P':
			buf_printf(&b, "%ld", fix_person);
			break;
		case 'N':
			buf_printf(&b, "%ld", uniq);
			break;
		case 'C':
			buf_adds(&b, csrf);
			break;
		case 'W':
			buf_adds(&b, passwords[pw]);
			break;
		case 'V':
			buf_adds(&b, passwords[!pw]);
			break;
		case 'T':
			buf_adds(&b, link_token);
			break;
		case 'S':
			buf_printf(&b, "%ld", subject);
			break;
		case 'I':
			buf_printf(&b, "%ld", fix_item);
			break;
		case 'L':
			buf_printf(&b, "%ld", fix_station);
			break;
		case 'H':
			buf_printf(&b, "%ld", fix_shelf);
			break;
		case 'R':
			buf_printf(&b, "%ld", fix_rice);
			break;
		case 'O':
			buf_printf(&b, "%ld", new_offer());
			break;
		default:
			bail("no $%c in a step's body", *p);
		}
	}
	return buf_detach(&b, NULL);
}

/* A request with no fault armed, for a step's preparation: its "id". */
static long
make(const char *method, const char *path, const char *body, long want)
{
	struct reply r;
	long id;

	http_json(&S, method, path, body, &r);
	if (r.status != want)
		bail("%s %s answered %ld, not %ld: %s", method, path,
		    r.status, want, r.body ? r.body : "");
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	if (strcmp(path, "/login") == 0) {
		char sid[160];

		if (reply_cookie(&r, "sid", sid, sizeof(sid)) == -1)
			bail("signing in set no session cookie");
		snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid);
	}
	reply_free(&r);
	return id;
}

static long
make_json(const char *method, const char *path, const char *body, long want)
{
	char *b = expand(body);
	long id = make(method, path, b, want);

	free(b);
	return id;
}

static const char *const new_ask_body = "{\"person_id\":$P,"
    "\"category\":\"groceries\",\"details\":\"Food $N\",\"urgency\":2,"
    "\"zone_id\":$Z}";

static long prepare(enum subject);

/* An ask delivered, with a confirmation link: its token into $T. */
static long
prepare_link(void)
{
	long id = prepare(SUBJ_DELIVERED_ASK);
	const char *link;
	struct reply r;
	char path[64];

	snprintf(path, sizeof(path), "/needs/%ld/confirm-link", id);
	http_json(&S, "POST", path, "{}", &r);
	link = json_string_value(json_object_get(r.json, "confirm_link"));
	if (r.status != 201 || link == NULL || strlen(link) < 15)
		bail("no confirmation link: %ld", r.status);
	snprintf(link_token, sizeof(link_token), "%s", link + 15);
	reply_free(&r);
	return 0;
}

/* A new ask, claimed by the admin: the claim's id. */
static long
new_claim(void)
{
	static const char *const last = "SELECT max(id) FROM claim";
	char path[64];
	int64_t id = 0;

	snprintf(path, sizeof(path), "/needs/%ld/claim",
	    make_json("POST", "/needs", new_ask_body, 201));
	make("POST", path, "{}", 200);
	if (db_int(H, last, NULL, 0, &id) != 1)
		bail("cannot read the new claim: %s", db_errmsg(H));
	return (long)id;
}

/*
 * A new zone with a rent ask and a rent offer in it, which only each
 * other can meet: its id.
 */
static long
make_pair(void)
{
	char body[256];
	long pair_zone;

	pair_zone = make_json("POST", "/zones", "{\"name\":\"Pair $N\"}",
	    201);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"Rent\",\"urgency\":3,\"zone_id\":%ld}",
	    fix_person, pair_zone);
	make("POST", "/needs", body, 201);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"A loan\",\"zone_id\":%ld}", fix_person,
	    pair_zone);
	make("POST", "/offers", body, 201);
	return pair_zone;
}

/*
 * The fixture campaign, of the fixture grievance, which Rosa shares (no
 * conversation of hers: her page would record a look at them).
 */
static long
make_campaign(void)
{
	char body[96];

	snprintf(body, sizeof(body), "{\"demand\":\"Heat now\","
	    "\"grievance_ids\":[%ld]}", fix_grievance);
	return make("POST", "/campaigns", body, 201);
}

/* A new open offer of groceries in the zone, made with no fault armed. */
static long
new_offer(void)
{
	uniq++;
	return make_json("POST", "/offers", "{\"person_id\":$P,"
	    "\"category\":\"groceries\",\"details\":\"Bread $N\","
	    "\"zone_id\":$Z}", 201);
}

/*
 * The fixture shelf: rice (groceries, as the fixture asks) at a pantry
 * of the zone, a million counted in, so that no gift runs it out.
 */
static void
make_shelf(void)
{
	char path[64];
	int64_t id = 0;

	if (db_int(H, "INSERT INTO item (name, unit, category, created_at, "
	    "updated_at) VALUES ('Rice', 'kg', 'groceries', "
	    "'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z') RETURNING id",
	    NULL, 0, &id) != 1)
		bail("cannot add an item: %s", db_errmsg(H));
	fix_rice = (long)id;
	if (db_int(H, "INSERT INTO location (name, kind, created_at, "
	    "updated_at) VALUES ('Shelf', 'pantry', '2026-12-01T10:00:00Z', "
	    "'2026-12-01T10:00:00Z') RETURNING id", NULL, 0, &id) != 1)
		bail("cannot add a location: %s", db_errmsg(H));
	fix_shelf = (long)id;
	snprintf(path, sizeof(path), "/locations/%ld/count", fix_shelf);
	make_json("POST", path, "{\"item_id\":$R,\"quantity\":1000000}", 200);
}

/* What a step's path names, made ready with no fault armed. */
static long
prepare(enum subject subj)
{
	char path[64], body[160];
	int64_t task;
	long id;

	uniq++;
	switch (subj) {
	case SUBJ_PERSON:
		return fix_person;
	case SUBJ_ASK:
		return fix_ask;
	case SUBJ_OFFER:
		return fix_offer;
	case SUBJ_ZONE:
		return fix_zone;
	case SUBJ_GRIEVANCE:
		return fix_grievance;
	case SUBJ_NEW_PERSON:
		return make_json("POST", "/people", "{\"name\":\"Gone $N\","
		    "\"zone_id\":$Z}", 201);
	case SUBJ_NEW_ASK:
		return make_json("POST", "/needs", new_ask_body, 201);
	case SUBJ_CLAIMED_ASK:
		id = make_json("POST", "/needs", new_ask_body, 201);
		snprintf(path, sizeof(path), "/needs/%ld/claim", id);
		make("POST", path, "{}", 200);
		return id;
	case SUBJ_DELIVERED_ASK:
		id = prepare(SUBJ_CLAIMED_ASK);
		snprintf(path, sizeof(path), "/needs/%ld/deliver", id);
		make("POST", path, "{\"outcome\":\"delivered\"}", 201);
		return id;
	case SUBJ_LINK:
		return prepare_link();
	case SUBJ_NEW_TASK:
		if (db_int(H, "INSERT INTO task (why, due_at, status, "
		    "created_at) VALUES ('claim_expired', "
		    "'2026-01-01T00:00:00Z', 'open', '2026-01-01T00:00:00Z') "
		    "RETURNING id", NULL, 0, &task) != 1)
			bail("cannot add a task: %s", db_errmsg(H));
		return (long)task;
	case SUBJ_NEW_CLAIM:
		return new_claim();
	case SUBJ_RUN:
		return fix_run;
	case SUBJ_NEW_OFFER:
		return new_offer();
	case SUBJ_NEW_TOKEN:
		return make_json("POST", "/account/tokens",
		    "{\"label\":\"gone $N\"}", 201);
	case SUBJ_SESSION:
		make_json("POST", "/login", "{\"user\":\"admin\","
		    "\"password\":\"$W\"}", 200);
		return 0;
	case SUBJ_NEW_PAIR:
		return make_pair();
	case SUBJ_TARGET:
		return fix_target;
	case SUBJ_CONVERSATION:
		return fix_conversation;
	case SUBJ_CAMPAIGN:
		return fix_campaign;
	case SUBJ_NEW_CAMPAIGN:
		return make_json("POST", "/campaigns", "{\"demand\":"
		    "\"Move $N\"}", 201);
	case SUBJ_ACTION:
		return fix_action;
	case SUBJ_PROGRAM:
		return fix_program;
	case SUBJ_NEW_PROGRAM:
		return make_json("POST", "/programs", "{\"name\":\"Move $N\","
		    "\"kind\":\"kitchen\",\"schedule\":\"Mon 07:00-09:00\"}",
		    201);
	case SUBJ_PSESSION:
		return fix_psession;
	case SUBJ_NEW_PSESSION:
		snprintf(path, sizeof(path), "/programs/%ld/sessions",
		    fix_program);
		return make_json("POST", path, "{\"date\":\"2027-01-04\","
		    "\"start\":\"07:00\",\"end\":\"09:00\"}", 201);
	case SUBJ_NEW_SHIFT:
		snprintf(path, sizeof(path), "/sessions/%ld/shifts",
		    prepare(SUBJ_NEW_PSESSION));
		return make_json("POST", path, "{\"name\":\"Table $N\","
		    "\"needed\":2}", 201);
	case SUBJ_SHELF:
		return fix_shelf;
	case SUBJ_TAKEN_SHIFT:
		id = prepare(SUBJ_NEW_SHIFT);
		snprintf(path, sizeof(path), "/shifts/%ld/signup", id);
		make_json("POST", path, "{}", 201);
		return id;
	case SUBJ_ITEM:
		return fix_item;
	case SUBJ_PANTRY:
		return fix_pantry;
	case SUBJ_MOVE:
		return fix_move;
	case SUBJ_NEW_MOVE:
		return make_json("POST", "/stock/moves", "{\"kind\":\"in\","
		    "\"reason\":\"donation\",\"item_id\":$I,"
		    "\"quantity\":1,\"location_id\":$L}", 201);
	case SUBJ_FUND:
		return fix_fund;
	case SUBJ_APPROVED_RB:
		snprintf(path, sizeof(path), "/funds/%ld/reimbursements",
		    fix_fund);
		id = make_json("POST", path, "{\"person_id\":$P,"
		    "\"amount_minor\":2,\"note\":\"Van $N\"}", 201);
		snprintf(path, sizeof(path), "/reimbursements/%ld/status", id);
		make("POST", path, "{\"status\":\"approved\"}", 200);
		return id;
	case SUBJ_BULLETIN:
		return fix_bulletin;
	case SUBJ_NEW_DRAFT:
		return make_json("POST", "/bulletin", "{\"title\":"
		    "\"Draft $N\"}", 201);
	case SUBJ_NEW_ISSUE:
		id = prepare(SUBJ_NEW_DRAFT);
		snprintf(path, sizeof(path), "/bulletin/%ld/publish", id);
		make("POST", path, "{}", 200);
		return id;
	case SUBJ_NEW_CURRICULUM:
		return make_json("POST", "/curricula", "{\"name\":"
		    "\"School $N\"}", 201);
	case SUBJ_NEW_EVENT:
		snprintf(body, sizeof(body), "{\"name\":\"Talk $N\",\"kind\":"
		    "\"talk\",\"date\":\"2027-01-10\",\"curriculum\":%ld}",
		    prepare(SUBJ_NEW_CURRICULUM));
		return make_json("POST", "/events", body, 201);
	default:
		return 0;
	}
}

/* Send a step's request as its client: the admin, or nobody. */
static void
send_step(const struct step *st, const char *path, const char *body,
    struct reply *r)
{
	char header[200];

	http_auth = NULL;
	http_header = NULL;
	if (st->flags & STEP_ANON) {
		snprintf(header, sizeof(header), "Cookie: csrf=%s", csrf);
		http_auth = "";
		http_header = header;
	} else if (st->subject == SUBJ_SESSION)
		http_header = cookie;
	http_json(&S, st->method, path, body, r);
	http_auth = NULL;
	http_header = NULL;
}

/*
 * One request of st with the fault armed at its operation n, checked,
 * and retried when it failed. 1 when the fault fired, 0 when the request
 * ended before its nth operation (it was then a plain success).
 */
static int
inject(const struct step *st, long n)
{
	char path[96], *body, *before, *after;
	struct reply r;
	int64_t top;
	int fired;

	subject = prepare(st->subject);
	if (st->flags & STEP_SECRET)
		snprintf(path, sizeof(path), "%s", sms_path);
	else
		snprintf(path, sizeof(path), st->path, subject);
	body = expand(st->body);
	tick();
	before = snapshot();
	top = audit_top();
	arm(n);
	send_step(st, path, body, &r);
	fired = fault_fired();
	if (!fired)
		arm(0);
	if (r.status == st->want)
		check_audit(top, st->audit, "a success");
	else if (!clean_failure(&r))
		note("answered %ld, not %ld or a clean %s: %s", r.status,
		    st->want, *kind ? "503" : "500/503", r.body ? r.body : "");
	else if (!fired)
		note("answered %ld with no fault", r.status);
	else {
		after = snapshot();
		snap_diff(before, after, "the failed request");
		free(after);
		check_audit(top, "", "the failed request");
		reply_free(&r);
		send_step(st, path, body, &r);
		if (r.status != st->want)
			note("the retry answered %ld, not %ld: %s", r.status,
			    st->want, r.body ? r.body : "");
		check_audit(top, st->audit, "the failed request and its retry");
	}
	if (r.status == st->want && (st->flags & STEP_PASSWORD))
		pw = !pw;
	check_tally();
	check_stock();
	reply_free(&r);
	free(before);
	free(body);
	return fired;
}

/*
 * Fail each operation of a scenario in turn, every every'th, until it
 * ends before the fault: play(arg, n) plays it with the fault at n and
 * returns whether it fired. Past FAULT_LIMIT operations the scenario
 * fails: nothing is skipped. The number of operations (every 1), or -1.
 */
static long
sweep(const char *what, int (*play)(const void *, long), const void *arg,
    long every)
{
	long n, runs = 0, good = 0;
	int fired = 1;

	for (n = 1; fired && n <= FAULT_LIMIT; n += every) {
		buf_reset(&why);
		fired = play(arg, n);
		runs++;
		if (why.len == 0)
			good++;
		else
			printf("# %s, fault at operation %ld%s:\n%s", what, n,
			    kind, why.ptr);
	}
	ok(!fired && good == runs, "%s: SOLIDARITY_FAULT=N%s for N = 1..%ld, "
	    "every %ld (%ld runs): each outcome a success or a clean failure, "
	    "nothing half-written, the retry a success", what, kind, n - 1,
	    every, runs);
	if (fired)
		printf("# more than %d operations: raise FAULT_LIMIT\n",
		    FAULT_LIMIT);
	return fired ? -1 : n - 1 - every;
}

/*
 * Sweep a scenario with errors at every operation, and again with a
 * busy database at every busy'th, and say how many operations it took.
 */
static void
sweep_kinds(const char *what, int (*play)(const void *, long),
    const void *arg, long busy)
{
	long ops;

	kind = "";
	ops = sweep(what, play, arg, 1);
	printf("# %s: %ld database operations\n", what, ops);
	kind = ":busy";
	sweep(what, play, arg, busy);
	kind = "";
}

static int
inject_step(const void *st, long n)
{
	return inject(st, n);
}

static const char *const method_names[METHOD__MAX] = {
	"GET",		/* METHOD_GET */
	"HEAD",		/* METHOD_HEAD */
	"POST",		/* METHOD_POST */
	"PATCH",	/* METHOD_PATCH */
	"OTHER",	/* METHOD_OTHER */
};

/* Every route has its step, and every step requests its route. */
static void
check_walk(void)
{
	const struct route *rt;
	size_t nroutes, i, j, bad = 0;
	char path[96];
	int64_t id;

	rt = route_table(&nroutes);
	for (i = 0; i < nroutes; i++) {
		for (j = 0; j < NSTEPS; j++)
			if (strcmp(steps[j].method,
			    method_names[rt[i].method]) == 0 &&
			    strcmp(steps[j].pattern, rt[i].pattern) == 0)
				break;
		if (j == NSTEPS) {
			printf("# no step for %s %s: add one to steps[]\n",
			    method_names[rt[i].method], rt[i].pattern);
			bad++;
		}
	}
	for (j = 0; j < NSTEPS; j++) {
		snprintf(path, sizeof(path), steps[j].path, 1L);
		path[strcspn(path, "?")] = '\0';
		if (!route_match(steps[j].pattern, path, &id)) {
			printf("# the step for %s %s requests %s\n",
			    steps[j].method, steps[j].pattern, path);
			bad++;
		}
	}
	ok(bad == 0 && NSTEPS == nroutes, "the scenario walks the %zu routes "
	    "of the route table, one step each (%zu steps)", nroutes,
	    (size_t)NSTEPS);
}

/*
 * The command line. Every command but serve (the walk above) runs on C, a
 * small network made once, or on a new database D of its own. What a
 * step's arguments name: $C and $D those databases' URLs, $N a new number,
 * $L a new login, $T a new token's id, $P a new person's id, $F a new file,
 * $B a backup of C.
 */
enum cli_prep {
	CLI_ON_C,
	CLI_EMPTY_D,		/* D is new and empty */
	CLI_INIT_D,		/* D is new, a copy of T (the schema), and
				   on PostgreSQL a database of its own */
	CLI_NEW_LOGIN,		/* $L: a login made for it */
	CLI_NEW_TOKEN,		/* $T: a token of admin's made for it */
	CLI_NEW_PERSON,		/* $P: a person (with a login) made for it */
	CLI_NEW_GATEWAY,	/* $L: an SMS gateway made for it */
	CLI_PREP__MAX
};

struct cli_step {
	const char	*name;		/* as the usage says it */
	const char	*args[12];
	enum cli_prep	 prep;
	/* The database a failure must leave as it was: C, D, or none
	 * when the retry alone can tell (a schema half-made). */
	char		 keeps;
};

static const struct cli_step cli_steps[] = {
	{ "init", { "init", "--db", "$D" }, CLI_EMPTY_D, 0 },
	{ "demo", { "demo", "--needs", "6", "--zones", "2", "--db", "$D" },
	    CLI_INIT_D, 'D' },
	{ "user add", { "user", "add", "u$N", "--role", "organizer",
	    "--zone", "1", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "user list", { "user", "list", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "user role", { "user", "role", "$L", "coordinator", "--db", "$C" },
	    CLI_NEW_LOGIN, 'C' },
	{ "user disable", { "user", "disable", "$L", "--db", "$C" },
	    CLI_NEW_LOGIN, 'C' },
	{ "user password", { "user", "password", "$L", "--db", "$C" },
	    CLI_NEW_LOGIN, 'C' },
	{ "token add", { "token", "add", "admin", "--label", "t$N", "--db",
	    "$C" }, CLI_ON_C, 'C' },
	{ "token list", { "token", "list", "admin", "--db", "$C" }, CLI_ON_C,
	    'C' },
	{ "token revoke", { "token", "revoke", "$T", "--db", "$C" },
	    CLI_NEW_TOKEN, 'C' },
	{ "audit", { "audit", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "purge", { "purge", "--days", "1", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "forget", { "forget", "$P", "--db", "$C" }, CLI_NEW_PERSON, 'C' },
	{ "match", { "match", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "backup", { "backup", "$F", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "restore", { "restore", "$B", "--db", "$C", "--force" }, CLI_ON_C,
	    'C' },
	{ "migrate-data", { "migrate-data", "--from", "$C", "--to", "$D" },
	    CLI_INIT_D, 'C' },
	{ "check", { "check", "--db", "$C" }, CLI_ON_C, 'C' },
	{ "export needs", { "export", "needs", "$F", "--db", "$C" }, CLI_ON_C,
	    'C' },
	{ "export hsds", { "export", "hsds", "$F", "--db", "$C" }, CLI_ON_C,
	    'C' },
	{ "import", { "import", "tests/data/import/en_sheet.csv", "--skip-bad",
	    "--db", "$C" }, CLI_ON_C, 'C' },
	{ "sms gateway add", { "sms", "gateway", "add", "g$N", "--db", "$C" },
	    CLI_ON_C, 'C' },
	{ "sms gateway list", { "sms", "gateway", "list", "--db", "$C" },
	    CLI_ON_C, 'C' },
	{ "sms gateway remove", { "sms", "gateway", "remove", "$L", "--db",
	    "$C" }, CLI_NEW_GATEWAY, 'C' },
	{ "emergency-purge", { "emergency-purge", "--confirm", "--db", "$C" },
	    CLI_ON_C, 'C' },
	/* A new database each time: a set is made once. */
	{ "surge strike-kitchen", { "surge", "strike-kitchen", "--db", "$D" },
	    CLI_INIT_D, 'D' },
};

#define NCLI (sizeof(cli_steps) / sizeof(cli_steps[0]))

/*
 * C: the network the commands work on; D: a new database for one run;
 * T: a database as init leaves it, copied for each run that needs the
 * schema. The migrations are init's own, swept there: a run of demo or
 * of migrate-data then costs the command alone (migrate-data's sweep a
 * third of the time it took when it migrated its target each run, and
 * an eighth fewer operations).
 */
static struct testdb C, D, T;
static char backup_path[200];
static long cli_uniq;
static char cli_login[32], cli_file[200];
static long cli_token, cli_person;

/* Run a command with no fault; its stdout's first line into out. */
static void
cli_ok(const char *const *args, char *out, size_t outlen)
{
	static char err[16384];
	char buf[8192];

	if (cli_run(args, buf, sizeof(buf), err, sizeof(err)) != 0)
		bail("solidarity %s %s failed: %s", args[0], args[1], err);
	if (out != NULL)
		snprintf(out, outlen, "%.*s", (int)strcspn(buf, "\n"), buf);
}

static struct db *
open_db(const struct testdb *t)
{
	char *err = NULL;
	struct db *db = db_open(t->url, &err);

	if (db == NULL)
		bail("cannot open %s: %s", t->url, err);
	return db;
}

/*
 * H on C, kept open from one run to the next (a connection costs a
 * sanitized process some time on PostgreSQL), but for a restore, which
 * wants C to itself.
 */
static void
on_c(void)
{
	if (H == NULL)
		H = open_db(&C);
}

static void
off_c(void)
{
	db_close(H);
	H = NULL;
}

static const char *const max_token_sql =
    "SELECT max(id) FROM api_token";
static const char *const person_of_sql =
    "SELECT person_id FROM app_user WHERE login = ?";

/* The file from, whole, as the new file to. */
static void
copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = testdb_slurp(from, &len);
	FILE *f = fopen(to, "wx");

	if (data == NULL || f == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0)
		bail("cannot copy %s to %s", from, to);
	free(data);
}

/* Make ready what step st's command needs, with no fault armed. */
static void
cli_prepare(const struct cli_step *st)
{
	char name[32];
	struct db_val arg;
	int64_t v = 0;

	cli_uniq++;
	snprintf(name, sizeof(name), "d%ld", cli_uniq);
	if (st->prep == CLI_EMPTY_D ||
	    (st->prep == CLI_INIT_D && !testdb_is_pg()))
		testdb_make(&D, S.dir, name);
	if (st->prep == CLI_INIT_D && !testdb_is_pg())
		copy_file(T.url, D.url);
	else if (st->prep == CLI_INIT_D) {
		snprintf(name, sizeof(name), "t%ld_d%ld", (long)getpid(),
		    cli_uniq);
		testdb_copy_database(&D, name, &T);
	}
	snprintf(cli_file, sizeof(cli_file), "%s/backup%ld", S.dir,
	    cli_uniq);
	snprintf(cli_login, sizeof(cli_login), "l%ld", cli_uniq);
	if (st->prep == CLI_NEW_LOGIN || st->prep == CLI_NEW_PERSON)
		cli_ok((const char *[]){ "user", "add", cli_login, "--role",
		    "volunteer", "--db", C.url, NULL }, NULL, 0);
	if (st->prep == CLI_NEW_TOKEN)
		cli_ok((const char *[]){ "token", "add", "admin", "--db",
		    C.url, NULL }, NULL, 0);
	if (st->prep == CLI_NEW_GATEWAY)
		cli_ok((const char *[]){ "sms", "gateway", "add", cli_login,
		    "--db", C.url, NULL }, NULL, 0);
	if (st->prep == CLI_NEW_TOKEN || st->prep == CLI_NEW_PERSON) {
		on_c();
		arg = DBV_TEXT(cli_login);
		if ((st->prep == CLI_NEW_TOKEN ? db_int(H, max_token_sql,
		    NULL, 0, &v) : db_int(H, person_of_sql, &arg, 1, &v)) != 1)
			bail("cannot find what was made for %s", st->name);
	}
	cli_token = cli_person = (long)v;
}

/* A step's arguments with their $ words replaced, into argv and store. */
static void
cli_args(const struct cli_step *st, const char **argv, char store[][200])
{
	size_t i;
	const char *a;

	for (i = 0; st->args[i] != NULL; i++) {
		a = st->args[i];
		if (strcmp(a, "$C") == 0)
			a = C.url;
		else if (strcmp(a, "$D") == 0)
			a = D.url;
		else if (strcmp(a, "$B") == 0)
			a = backup_path;
		else if (strcmp(a, "$F") == 0)
			a = cli_file;
		else if (strcmp(a, "$L") == 0)
			a = cli_login;
		else if (strcmp(a, "$T") == 0 || strcmp(a, "$P") == 0) {
			snprintf(store[i], sizeof(store[i]), "%ld",
			    a[1] == 'T' ? cli_token : cli_person);
			a = store[i];
		} else if (strchr(a, '$') != NULL) {
			snprintf(store[i], sizeof(store[i]), "%.*s%ld",
			    (int)strcspn(a, "$"), a, cli_uniq);
			a = store[i];
		}
		argv[i] = a;
	}
	argv[i] = NULL;
}

/* The snapshot of the database a failure must leave alone, or NULL. */
static char *
cli_snapshot(const struct cli_step *st)
{
	char *snapped;

	if (st->keeps == 0)
		return NULL;
	if (st->keeps == 'C')
		on_c();
	else {
		/* C's connection, kept from the steps before, goes first. */
		off_c();
		H = open_db(&D);
	}
	snapped = snapshot();
	check_tally();
	if (st->keeps == 'D') {
		db_close(H);
		H = NULL;
	}
	return snapped;
}

/* Whether err says why, beside what the fault hook itself says. */
static int
says_why(const char *err)
{
	const char *p;

	for (p = err; (p = strstr(p, "solidarity: ")) != NULL; p++)
		if (strncmp(p + 12, "fault: ", 7) != 0 &&
		    strncmp(p + 12, "SOLIDARITY_FAULT", 16) != 0)
			return 1;
	return 0;
}

/*
 * One run of st's command with its operation n failing, checked, and
 * run again when it failed. 1 when the fault fired.
 */
static int
cli_inject(const void *arg, long n)
{
	const struct cli_step *st = arg;
	static char out[16384], err[16384];
	char store[12][200], spec[32], *before, *after;
	const char *argv[13];
	int status, fired;

	cli_prepare(st);
	cli_args(st, argv, store);
	before = cli_snapshot(st);
	if (strcmp(st->name, "restore") == 0)
		off_c();
	snprintf(spec, sizeof(spec), "%ld%s", n, kind);
	setenv("SOLIDARITY_FAULT", spec, 1);
	status = cli_run(argv, out, sizeof(out), err, sizeof(err));
	unsetenv("SOLIDARITY_FAULT");
	fired = strstr(err, ") fails\n") != NULL;
	if (strstr(err, "Sanitizer") != NULL ||
	    strstr(err, "runtime error") != NULL)
		note("a sanitizer report:\n%s", err);
	if (status != 0 && status != 1)
		note("exit status %d:\n%s", status, err);
	else if (status == 1 && (!fired || !says_why(err)))
		note("exit status 1 %s:\n%s", fired ? "saying nothing" :
		    "with no fault", err);
	if (status != 0 && fired) {
		after = cli_snapshot(st);
		/*
		 * A checkpoint runs after its commit (db.h): what it failed
		 * to clear from the files is owed to the next one, and the
		 * change stands, as the command says.
		 */
		if (before != NULL &&
		    strstr(err, "(checkpoint) fails") == NULL)
			snap_diff(before, after, "the failed command");
		free(after);
		if ((strcmp(st->name, "backup") == 0 ||
		    strncmp(st->name, "export ", 7) == 0) &&
		    access(cli_file, F_OK) == 0)
			note("the failed %s left its file", st->name);
		if (strcmp(st->name, "restore") == 0)
			off_c();
		status = cli_run(argv, out, sizeof(out), err, sizeof(err));
		if (status != 0)
			note("run again, it failed (status %d):\n%s", status,
			    err);
		free(cli_snapshot(st));
	}
	free(before);
	if (st->prep == CLI_EMPTY_D || st->prep == CLI_INIT_D)
		testdb_drop(&D);
	return fired;
}

/* Whether a step plays solidarity name. */
static int
cli_named(const char *name)
{
	size_t i;

	for (i = 0; i < NCLI; i++)
		if (strcmp(cli_steps[i].name, name) == 0)
			return 1;
	return 0;
}

/* cli_named, saying so when no step does. */
static int
cli_known(const char *name)
{
	if (cli_named(name))
		return 1;
	printf("# no step for solidarity %s: add one to cli_steps[]\n", name);
	return 0;
}

/*
 * Every command of solidarity --help but serve (the route walk's), and
 * every subcommand its usage names ("solidarity user add LOGIN"), has its
 * step: a new command fails the test until it has one.
 */
static void
check_commands(void)
{
	static char out[8192], err[8192], usage[8192];
	char name[64], sub[64], prefix[80], word[64], prefix2[200];
	struct buf seen = BUF_INIT;
	const char *p, *q;
	size_t bad = 0, n = 0, len;

	cli_run((const char *[]){ "--help", NULL }, out, sizeof(out), err,
	    sizeof(err));
	if ((p = strstr(out, "commands:\n")) == NULL)
		bail("solidarity --help lists no commands");
	for (p += 10; p != NULL && strncmp(p, "  ", 2) == 0 &&
	    sscanf(p, "%63s", name) == 1; p = strchr(p, '\n'), p = p ? p + 1 :
	    NULL) {
		if (strcmp(name, "serve") == 0)
			continue;
		cli_run((const char *[]){ name, "--help", NULL }, usage,
		    sizeof(usage), err, sizeof(err));
		len = (size_t)snprintf(prefix, sizeof(prefix), "solidarity %s ",
		    name);
		buf_reset(&seen);
		for (q = usage; (q = strstr(q, prefix)) != NULL; q += len) {
			/* A word of the command's (strike-kitchen), no
			 * option (--confirm). */
			if (sscanf(q + len, "%63[a-z-]", sub) != 1 ||
			    sub[0] == '-')
				continue;
			snprintf(err, sizeof(err), "%s %s", name, sub);
			/* A subcommand's own ("sms gateway add"). */
			if (sscanf(q + len, "%*[a-z] %63[a-z]", word) == 1) {
				snprintf(prefix2, sizeof(prefix2), "%.130s %.63s",
				    err, word);
				if (cli_named(prefix2))
					snprintf(err, sizeof(err), "%s",
					    prefix2);
			}
			if (seen.ptr != NULL && strstr(seen.ptr, err) != NULL)
				continue;
			buf_printf(&seen, "[%s]", err);
			n++;
			bad += !cli_known(err);
		}
		if (seen.len == 0) {
			n++;
			bad += !cli_known(name);
		}
	}
	buf_free(&seen);
	ok(bad == 0 && n == NCLI, "the commands played are every command "
	    "and subcommand of solidarity --help but serve (%zu), one step "
	    "each", n);
}

/* C: init, an admin, a small network by demo, and a backup of it. */
static void
setup_commands(void)
{
	char name[64];

	snprintf(name, sizeof(name), "%sc", strrchr(S.dir, '-') + 1);
	testdb_make(&C, S.dir, name);
	cli_ok((const char *[]){ "init", "--db", C.url, NULL }, NULL, 0);
	cli_ok((const char *[]){ "demo", "--needs", "6", "--zones", "2",
	    "--db", C.url, NULL }, NULL, 0);
	cli_ok((const char *[]){ "user", "add", "admin", "--role", "admin",
	    "--db", C.url, NULL }, NULL, 0);
	snprintf(backup_path, sizeof(backup_path), "%s/c.backup", S.dir);
	cli_ok((const char *[]){ "backup", backup_path, "--db", C.url, NULL },
	    NULL, 0);
	if (testdb_is_pg()) {
		snprintf(name, sizeof(name), "t%ld_target", (long)getpid());
		testdb_make_database(&T, name, NULL);
	} else
		testdb_make(&T, S.dir, "target");
	cli_ok((const char *[]){ "init", "--db", T.url, NULL }, NULL, 0);
}

/* Every command, each of its operations failing in turn. */
static void
walk_commands(void)
{
	time_t t0 = time(NULL);
	char what[96];
	size_t i;

	check_commands();
	setup_commands();
	/*
	 * A command ends alike for both kinds (status 1, its reason said):
	 * a busy database at every third operation shows it is no
	 * different, and spares a sanitized start of the program for each.
	 */
	for (i = 0; i < NCLI; i++) {
		snprintf(what, sizeof(what), "solidarity %s", cli_steps[i].name);
		sweep_kinds(what, cli_inject, &cli_steps[i], 3);
	}
	off_c();
	testdb_drop(&C);
	testdb_drop(&T);
	printf("# the commands took %ld s\n", (long)(time(NULL) - t0));
}

/* Start the server with SOLIDARITY_FAULT=@armpath, its stderr to errpath. */
static void
launch(void)
{
	char spec[200];
	int fd, saved;

	snprintf(spec, sizeof(spec), "@%s", armpath);
	unlink(armpath);
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
	errseen = 0;
}

/* The records every step may name, the passwords and the form token. */
static const char *const disable_rules_sql = "UPDATE rule SET enabled = 0";

static void
setup_walk(void)
{
	char line[256], path[64], *err = NULL;
	const char *p;
	struct reply r;

	server_cli(&S, (const char *[]){ "user", "password", "admin", NULL },
	    line, sizeof(line));
	p = strrchr(line, ' ');
	snprintf(passwords[0], sizeof(passwords[0]), "%.100s",
	    p ? p + 1 : line);
	snprintf(passwords[1], sizeof(passwords[1]), "another %.100s",
	    passwords[0]);
	launch();
	H = db_open(S.store.url, &err);
	if (H == NULL)
		bail("cannot open the database: %s", err);
	/*
	 * The rules stay off: the server's sweep, every ten minutes, would
	 * otherwise leave tasks between a request's two snapshots.
	 */
	if (db_exec(H, disable_rules_sql, NULL, 0) == -1)
		bail("cannot turn the rules off: %s", db_errmsg(H));
	fix_zone = make("POST", "/zones", "{\"name\":\"Centro\"}", 201);
	server_cli(&S, (const char *[]){ "sms", "gateway", "add", "faults",
			   NULL },
	    sms_path, sizeof(sms_path));
	make("POST", sms_path, "{\"From\":\"+16175550123\",\"Body\":"
	    "\"STOP\"}", 200);
	fix_person = make_json("POST", "/people", "{\"name\":\"Rosa\","
	    "\"phone\":\"+15550100000\",\"zone_id\":$Z}", 201);
	fix_ask = make_json("POST", "/needs", new_ask_body, 201);
	fix_offer = make_json("POST", "/offers", "{\"person_id\":$P,"
	    "\"category\":\"groceries\",\"details\":\"Bread\","
	    "\"zone_id\":$Z}", 201);
	fix_grievance = make_json("POST", "/grievances", "{\"title\":"
	    "\"No heat\",\"zone_ids\":[$Z],\"person_ids\":[$P]}", 201);
	subject = new_claim();
	fix_run = make_json("POST", "/runs",
	    "{\"driver_id\":1,\"claim_ids\":[$S]}", 201);
	fix_target = make("POST", "/targets", "{\"name\":\"Greenleaf\","
	    "\"kind\":\"landlord\"}", 201);
	fix_conversation = make_json("POST", "/conversations",
	    "{\"name\":\"Ana\",\"zone_id\":$Z,\"how\":\"phone\","
	    "\"problems\":\"Mould\"}", 201);
	fix_campaign = make_campaign();
	snprintf(path, sizeof(path), "/campaigns/%ld/actions", fix_campaign);
	fix_action = make("POST", path, "{\"kind\":\"delegation\","
	    "\"date\":\"2026-12-01\"}", 201);
	fix_program = make_json("POST", "/programs", "{\"name\":\"Pantry\","
	    "\"kind\":\"distribution\",\"schedule\":\"Mon 07:00-09:00\"}",
	    201);
	snprintf(path, sizeof(path), "/programs/%ld/sessions", fix_program);
	fix_psession = make_json("POST", path, "{\"date\":\"2027-01-04\","
	    "\"start\":\"07:00\",\"end\":\"09:00\"}", 201);
	fix_item = make("POST", "/items", "{\"name\":\"Rice\",\"unit\":"
	    "\"kg\",\"category\":\"groceries\"}", 201);
	fix_pantry = make_json("POST", "/locations", "{\"name\":\"Pantry\","
	    "\"kind\":\"pantry\",\"zone_id\":$Z}", 201);
	fix_station = make_json("POST", "/locations", "{\"name\":"
	    "\"Station\",\"kind\":\"station\",\"zone_id\":$Z}", 201);
	subject = fix_pantry;
	fix_move = make_json("POST", "/stock/moves", "{\"kind\":\"in\","
	    "\"reason\":\"donation\",\"item_id\":$I,"
	    "\"quantity\":100000,\"location_id\":$S}", 201);
	make_shelf();
	fix_fund = make("POST", "/funds", "{\"name\":\"Rent fund\","
	    "\"currency\":\"EUR\",\"public\":true}", 201);
	snprintf(path, sizeof(path), "/funds/%ld/transactions", fix_fund);
	make("POST", path, "{\"direction\":\"in\",\"amount_minor\":"
	    "100000,\"purpose\":\"donation\"}", 201);
	fix_bulletin = make_json("POST", "/bulletin", "{\"title\":"
	    "\"News\"}", 201);
	http_auth = "";
	http(&S, "GET", "/login", "text/html", NULL, NULL, 0, &r);
	http_auth = NULL;
	if (reply_cookie(&r, "csrf", csrf, sizeof(csrf)) == -1)
		bail("no form token from the sign-in page");
	reply_free(&r);
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

/* Walk every route, failing each operation in turn; the server survives. */
static void
walk_routes(void)
{
	time_t t0 = time(NULL);
	char what[96], *err;
	size_t i;
	int status;

	check_walk();
	setup_walk();
	/* A busy database takes the same paths, and must answer 503. */
	for (i = 0; i < NSTEPS; i++) {
		snprintf(what, sizeof(what), "%s %s", steps[i].method,
		    steps[i].pattern);
		sweep_kinds(what, inject_step, &steps[i], 1);
	}
	db_close(H);
	H = NULL;
	status = server_pause(&S);
	printf("# the route walk took %ld s\n", (long)(time(NULL) - t0));
	is_int(status, 0, "the server exits cleanly after the walk (no leak)");
	if (status != 0) {
		err = server_stderr();
		printf("# server stderr:\n%s", err);
		free(err);
	}
}

int
main(void)
{
	/* One worker thread: the same operations in the same order. */
	server_threads = 1;
	server_start(&S);
	snprintf(errpath, sizeof(errpath), "%s/server.err", S.dir);
	snprintf(armpath, sizeof(armpath), "%s/fault", S.dir);
	is_int(server_pause(&S), 0, "the server stops cleanly");
	walk_routes();
	walk_commands();
	/*
	 * The last word: a server with no fault, and the file intact. A
	 * PostgreSQL server keeps its own files whole (the snapshots
	 * checked the rows); there is no integrity_check to ask.
	 */
	server_resume(&S);
	if (!server_is_pg(&S))
		is_int(db_scalar(&S, "SELECT count(*) FROM "
		    "pragma_integrity_check WHERE integrity_check <> 'ok'"), 0,
		    "the database is intact");
	is_int(server_stop(&S), 0, "the server exits cleanly");
	buf_free(&why);
	snap_free();
	return tap_done();
}
