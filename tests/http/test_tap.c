/*
 * The tap counter of a session over a real socket, on both backends: a
 * tap adds one and answers the total; an undo takes back only the
 * tapper's own last tap, and with none of theirs left is a 409 that
 * writes nothing; every bad delta, an unknown session and a cancelled
 * one are refused, writing nothing. A browser without script taps with
 * a form and comes back to the page. Then the rush of a strike kitchen:
 * 8 phones tapping 250 times each at once end at exactly 2,000, on the
 * server's default threads and on 8, where the taps are written in
 * groups that share a commit (tap.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* POST body to /sessions/id/count in JSON: the status, the count in *n. */
static long
tap(long id, const char *body, long *n)
{
	char path[64];
	struct reply r;
	long status;

	snprintf(path, sizeof(path), "/sessions/%ld/count", id);
	http_json(&S, "POST", path, body, &r);
	status = r.status;
	if (n != NULL)
		*n = (long)json_integer_value(json_object_get(r.json, "count"));
	reply_free(&r);
	return status;
}

/* A program of Monday sessions from 1 March 2027: 8 of them, 1 to 8. */
static void
setup(void)
{
	struct reply r;

	http_json(&S, "POST", "/programs", "{\"name\":\"Strike kitchen\","
	    "\"kind\":\"kitchen\",\"schedule\":\"Mon 11:00-14:00\","
	    "\"starts_on\":\"2027-03-01\"}", &r);
	is_int(r.status, 201, "a kitchen with its sessions");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM program_session"), 8,
	    "8 of them");
	http_json(&S, "POST", "/sessions/2/cancel", "{\"reason\":\"The "
	    "hall is closed\"}", &r);
	is_int(r.status, 200, "session 2 is cancelled");
	reply_free(&r);
}

static void
test_taps(void)
{
	char *before;
	struct reply r;
	long n = -1;

	is_int(tap(1, "{\"delta\":1}", &n), 200, "a tap: 200");
	is_int(n, 1, "the total is 1");
	tap(1, "{\"delta\":1}", &n);
	tap(1, "{\"delta\":1}", &n);
	is_int(n, 3, "three taps: 3");
	http_json(&S, "GET", "/sessions/1/count", NULL, &r);
	ok(r.status == 200 &&
	    json_integer_value(json_object_get(r.json, "count")) == 3 &&
	    json_integer_value(json_object_get(r.json, "mine")) == 3,
	    "the counter reads 3, all three mine");
	reply_free(&r);
	is_int(tap(1, "{\"delta\":-1}", &n), 200, "an undo: 200");
	is_int(n, 2, "the total is 2");
	http_json(&S, "GET", "/sessions/1", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "served")), 2,
	    "the session's page says 2 served");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM tap WHERE session_id = 1"),
	    4, "four rows: three taps and an undo");
	is_int(db_scalar(&S, "SELECT sum(delta) FROM tap WHERE session_id = "
	    "1"), 2, "which sum to the total");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action LIKE "
	    "'%count%'"), 0,
	    "no audit entry per tap: the taps are their own trail");
	tap(1, "{\"delta\":-1}", &n);
	tap(1, "{\"delta\":-1}", &n);
	is_int(n, 0, "undone down to 0");
	before = db_snapshot(&S);
	http_json(&S, "POST", "/sessions/1/count", "{\"delta\":-1}", &r);
	ok(r.status == 409 && strcmp(error_code(&r), "conflict") == 0 &&
	    strcmp(error_field(&r), "delta") == 0,
	    "an undo with no tap of one's own left: 409 naming delta");
	reply_free(&r);
	SAME_DB(&S, before, "the undo of nothing");
	free(before);
}

/* Only one's own: another's taps are not one's to take back. */
static void
test_own(void)
{
	char vol[200], org[200];
	struct reply r;
	long n = -1;

	server_login(&S, "table", "volunteer", NULL, vol, sizeof(vol));
	server_login(&S, "lead", "organizer", NULL, org, sizeof(org));
	http_auth = vol;
	is_int(tap(3, "{\"delta\":1}", &n), 200, "a volunteer taps");
	tap(3, "{\"delta\":1}", &n);
	http_auth = org;
	tap(3, "{\"delta\":1}", &n);
	is_int(n, 3, "an organizer too: 3");
	tap(3, "{\"delta\":-1}", &n);
	is_int(n, 2, "the organizer undoes their one tap");
	is_int(tap(3, "{\"delta\":-1}", &n), 409,
	    "and not the volunteer's: 409");
	http_json(&S, "GET", "/sessions/3/count", NULL, &r);
	ok(json_integer_value(json_object_get(r.json, "count")) == 2 &&
	    json_integer_value(json_object_get(r.json, "mine")) == 0,
	    "the organizer sees 2, none of them theirs");
	reply_free(&r);
	http_auth = vol;
	http_json(&S, "GET", "/sessions/3/count", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "mine")), 2,
	    "the volunteer has 2 to undo");
	reply_free(&r);
	is_int(tap(3, "{\"delta\":-1}", &n), 200, "and undoes one");
	is_int(n, 1, "1 left");
	http_auth = "";
	is_int(tap(3, "{\"delta\":1}", NULL), 401, "nobody signed in: 401");
	http_auth = NULL;
}

static void
test_bad(void)
{
	static const struct {
		long id;
		const char *body, *field, *what;
		long status;
	} bad[] = {
		{ 1, "{\"delta\":2}", "delta", "a delta of 2", 422 },
		{ 1, "{\"delta\":0}", "delta", "a delta of 0", 422 },
		{ 1, "{\"delta\":-2}", "delta", "a delta of -2", 422 },
		{ 1, "{\"delta\":\"one\"}", "delta", "a delta as a word", 422 },
		{ 1, "{\"delta\":\"2\"}", "delta", "a delta of 2 as text",
		    422 },
		{ 1, "{\"delta\":true}", "delta", "a delta of true", 422 },
		{ 1, "{\"delta\":1.5}", "delta", "a delta of 1.5", 422 },
		{ 1, "{}", "delta", "no delta", 422 },
		{ 1, "{\"delta\":1,\"count\":9}", "count", "a key too many",
		    422 },
		{ 999, "{\"delta\":1}", "", "no such session", 404 },
		{ 999, "{\"delta\":-1}", "", "an undo at no session", 404 },
		{ 2, "{\"delta\":1}", "", "a cancelled session", 409 },
	};
	char *before = db_snapshot(&S), path[64];
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/sessions/%ld/count", bad[i].id);
		http_json(&S, "POST", path, bad[i].body, &r);
		ok(r.status == bad[i].status &&
		    strcmp(error_field(&r), bad[i].field) == 0 &&
		    json_is_string(json_object_get(json_object_get(r.json,
		    "error"), "message")),
		    "%s: %ld naming '%s' (%ld '%s')", bad[i].what,
		    bad[i].status, bad[i].field, r.status, error_field(&r));
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/sessions/1/count", "[1]"), 400,
	    "a body that is not an object: 400");
	is_int(http_status(&S, "GET", "/sessions/999/count", NULL), 404,
	    "the counter of no session: 404");
	http_form(&S, "/sessions/1/count", "delta=7", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"count\"") != NULL,
	    "a form with a bad delta: the counter again, with the message");
	reply_free(&r);
	SAME_DB(&S, before, "every refused tap");
	free(before);
}

/* Without script: a form posts, and the browser comes back to the page. */
static void
test_form(void)
{
	struct reply r;

	http_form(&S, "/sessions/1/count", "delta=1", &r);
	is_int(r.status, 303, "a tap by form: 303");
	is_str(reply_header(&r, "Location"), "/sessions/1/count",
	    "back to the counter");
	reply_free(&r);
	http(&S, "GET", "/sessions/1/count", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "data-session=\"1\">1</output>")
	    && strstr(r.body, "name=\"delta\" value=\"1\"") &&
	    strstr(r.body, "class=\"tap\"") &&
	    strstr(r.body, "src=\"/static/tap.js\""),
	    "the page: the total, the big button, the script");
	reply_free(&r);
	http(&S, "GET", "/sessions/1/count?lang=es", "text/html", NULL, NULL,
	    0, &r);
	ok(strstr(r.body, "Contador") && strstr(r.body, "Deshacer"),
	    "in Spanish");
	reply_free(&r);
	http(&S, "GET", "/sessions/2/count", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "class=\"tap\"") == NULL &&
	    strstr(r.body, "The hall is closed"),
	    "a cancelled session's counter has no button, and says why");
	reply_free(&r);
	http(&S, "GET", "/static/tap.js", "*/*", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "X-CSRF-Token"),
	    "the script is served by the server itself");
	reply_free(&r);
	http(&S, "GET", "/sessions/1", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "href=\"/sessions/1/count\""),
	    "the session's page links to its counter");
	reply_free(&r);
}

/* The rush: PHONES phones, TAPS taps each, all at once. */
#define PHONES 8
#define TAPS   250

/* What a phone saw of its taps. */
struct phone {
	int ok;		/* taps answered 200 */
	long last;	/* the highest total seen */
};

static void
phone_tally(struct racer *r)
{
	struct phone *ph = r->arg;
	long n;

	if (r->status == 200 && sscanf(r->body, "{\"count\":%ld}", &n) == 1) {
		ph->ok++;
		if (n > ph->last)
			ph->last = n;
	}
}

/* PHONES × TAPS taps at session id, all at once, on the server as it is. */
static void
rush(long id, const char *how)
{
	static struct racer racers[PHONES];
	static struct phone phones[PHONES];
	char sql[128], name[32], path[64];
	int i, answered = 0, exact = 1;
	long top = 0, t0;

	for (i = 0; i < PHONES; i++) {
		snprintf(name, sizeof(name), "phone%d%s", i,
		    how[0] == 'd' ? "a" : "b");
		server_login(&S, name, "volunteer", NULL, racers[i].auth,
		    sizeof(racers[i].auth));
		racers[i].arg = &phones[i];
		phones[i].ok = 0;
		phones[i].last = 0;
	}
	snprintf(path, sizeof(path), "/sessions/%ld/count", id);
	t0 = now_ms();
	http_race(&S, racers, PHONES, path, "{\"delta\":1}", TAPS,
	    phone_tally);
	for (i = 0; i < PHONES; i++) {
		answered += phones[i].ok;
		if (phones[i].last > top)
			top = phones[i].last;
	}
	printf("# %s: %d taps in %ld ms\n", how, PHONES * TAPS,
	    now_ms() - t0);
	is_int(answered, PHONES * TAPS, "%s: every one of the %d taps "
	    "answered 200", how, PHONES * TAPS);
	is_int(top, PHONES * TAPS, "the last answer says %d", PHONES * TAPS);
	snprintf(sql, sizeof(sql), "SELECT served FROM program_session WHERE "
	    "id = %ld", id);
	is_int(db_scalar(&S, sql), PHONES * TAPS,
	    "the session's total is exactly %d: none lost, none doubled",
	    PHONES * TAPS);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM tap WHERE "
	    "session_id = %ld", id);
	is_int(db_scalar(&S, sql), PHONES * TAPS, "one row per tap");
	for (i = 0; i < PHONES; i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM tap t JOIN "
		    "app_user u ON u.id = t.user_id WHERE t.session_id = %ld "
		    "AND u.login = 'phone%d%s'", id, i,
		    how[0] == 'd' ? "a" : "b");
		if (db_scalar(&S, sql) != TAPS)
			exact = 0;
	}
	ok(exact, "each phone's %d taps are its own", TAPS);
}

static void
test_rush(void)
{
	static const char *const eight[] = { "--threads", "8", NULL };

	rush(4, "default threads");
	server_args = eight;
	is_int(server_restart(&S), 0, "the server restarts with 8 threads");
	server_args = NULL;
	rush(5, "8 threads");
}

int
main(void)
{
	server_start(&S);
	setup();
	test_taps();
	test_own();
	test_bad();
	test_form();
	test_rush();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
