/*
 * Programs and their sessions over a real socket, on both backends: a
 * server in America/Chicago makes a breakfast program by JSON and by
 * form; its sessions are generated 8 weeks from the first day and stay
 * at 07:00 local across the change to summer time (the UTC instant
 * moves an hour); a new schedule replaces the sessions nobody touched
 * and keeps the others; a restart's sweep makes the sessions ahead
 * again. A session is added, written up, moved, cancelled with a
 * reason; people are signed in, known and new at the door; the person
 * page lists the sessions they came to; the session page links each one
 * to a conversation with how=session. The search at the door answers
 * the people alone with ?only=found, for the search as you type: by
 * name for an organizer, by phone too for a coordinator, each person so
 * found recorded at every search. Every bad input is refused with
 * the field named and writes nothing. A second server in Europe/Madrid
 * proves the same across Europe's change.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
/* Program 1's sessions after its new schedule: 15, 22 and 29 March. */
static char A[8], B[8], C[8];

/* path with %s as the session's id. */
static const char *
at(const char *fmt, const char *id)
{
	static char path[4][96];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), fmt, id);
	return path[k];
}

/* The sessions of program id from a date, as JSON (caller frees r). */
static void
sessions_from(long id, const char *from, struct reply *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/programs/%ld/sessions?from=%s", id,
	    from);
	http_json(&S, "GET", path, NULL, r);
}

/* The session of the list items on date, or NULL. */
static json_t *
on_date(json_t *items, const char *date)
{
	json_t *row;
	size_t i;

	json_array_foreach (items, i, row)
		if (strcmp(json_string_value(json_object_get(row, "date")),
		    date) == 0)
			return row;
	return NULL;
}

/* The string at key of obj, or "". */
static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/*
 * Mondays 07:00-09:00 from 1 March 2027 (summer time in Chicago begins
 * on 14 March): the first two at 13:00 UTC, the ones after at 12:00,
 * and every one at 07:00 on the wall clock.
 */
static long
test_chicago(void)
{
	struct reply r;
	json_t *items, *before, *after;
	size_t i;
	int local = 1;
	long id;

	http_status(&S, "POST", "/zones", "{\"name\":\"Cedar Riverside\"}");
	http_json(&S, "POST", "/programs", "{\"name\":\"Breakfast for "
	    "children\",\"kind\":\"breakfast\",\"zone_id\":1,\"address\":"
	    "\"Union hall, 5 Main St\",\"schedule\":[{\"weekday\":1,"
	    "\"start\":\"07:00\",\"end\":\"09:00\"}],\"starts_on\":"
	    "\"2027-03-01\"}", &r);
	is_int(r.status, 201, "a program is made by JSON: 201");
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	ok(id == 1, "with its id");
	is_str(str(json_array_get(json_object_get(r.json, "schedule"), 0),
	    "start"), "07:00", "its schedule comes back as slots");
	is_str(str(r.json, "schedule_text"), "Mon 07:00-09:00",
	    "and as text");
	reply_free(&r);
	sessions_from(id, "2027-01-01", &r);
	is_int(r.status, 200, "its sessions are listed");
	items = json_object_get(r.json, "items");
	is_int(json_integer_value(json_object_get(r.json, "total")), 8,
	    "8 weeks of Mondays from its first day");
	is_str(str(json_array_get(items, 0), "date"), "2027-03-01",
	    "the first on its first day");
	is_str(str(json_array_get(items, 7), "date"), "2027-04-19",
	    "the last 7 weeks later");
	json_array_foreach (items, i, before)
		if (strcmp(str(before, "start"), "07:00") != 0 ||
		    strcmp(str(before, "end"), "09:00") != 0 ||
		    strcmp(str(before, "status"), "scheduled") != 0)
			local = 0;
	ok(local, "every one at 07:00-09:00 local, scheduled");
	before = on_date(items, "2027-03-08");
	after = on_date(items, "2027-03-15");
	is_str(str(before, "starts_at"), "2027-03-08T13:00:00Z",
	    "before summer time 07:00 in Chicago is 13:00 UTC");
	is_str(str(after, "starts_at"), "2027-03-15T12:00:00Z",
	    "after it, 12:00 UTC: the session stayed at 07:00 local");
	ok(json_object_get(before, "id") != NULL, "each with its id");
	reply_free(&r);
	/* The autumn change too: 7 November 2027. */
	http_json(&S, "POST", "/programs", "{\"name\":\"Free store\","
	    "\"kind\":\"free_store\",\"schedule\":\"Mon 07:00-08:00\","
	    "\"starts_on\":\"2027-11-01\"}", &r);
	is_int(r.status, 201, "a schedule may be text, as a form sends it");
	reply_free(&r);
	sessions_from(2, "2027-11-01", &r);
	items = json_object_get(r.json, "items");
	is_str(str(on_date(items, "2027-11-01"), "starts_at"),
	    "2027-11-01T12:00:00Z", "1 November, summer time: 12:00 UTC");
	is_str(str(on_date(items, "2027-11-08"), "starts_at"),
	    "2027-11-08T13:00:00Z", "8 November, winter time: 13:00 UTC");
	is_str(str(on_date(items, "2027-11-08"), "start"), "07:00",
	    "at 07:00 local both");
	reply_free(&r);
	return id;
}

static void
test_bad_programs(void)
{
	static const struct {
		const char *body, *field, *what;
	} bad[] = {
		{ "{\"kind\":\"breakfast\"}", "name", "no name" },
		{ "{\"name\":\"X\",\"kind\":\"breakfast\"}", "name",
		    "a name of one letter" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"canteen\"}", "kind",
		    "a kind not of the set" },
		{ "{\"name\":\"Kitchen\"}", "kind", "no kind" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"zone_id\":99}",
		    "zone_id", "a zone that is not there" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\","
		    "\"lead_person_id\":99}", "lead_person_id",
		    "a lead who is nobody" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\","
		    "\"starts_on\":\"2027-02-30\"}", "starts_on",
		    "a first day not in the calendar" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "[{\"weekday\":8,\"start\":\"07:00\",\"end\":\"09:00\"}]}",
		    "schedule", "a weekday 8" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"07:00\"}]}",
		    "schedule", "a slot that ends before it starts" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "[{\"weekday\":1,\"start\":\"7\",\"end\":\"09:00\"}]}",
		    "schedule", "a start not HH:MM" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "[{\"weekday\":1,\"start\":\"07:00\",\"end\":\"09:00\","
		    "\"x\":1}]}", "schedule", "a slot with a key too many" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "\"Fri 22:00-02:00\"}", "schedule",
		    "a slot past midnight" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":"
		    "\"someday\"}", "schedule", "a schedule of no days" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"schedule\":7}",
		    "schedule", "a schedule of the wrong type" },
		{ "{\"name\":\"Kitchen\",\"kind\":\"kitchen\",\"when\":1}",
		    "when", "a key not declared" },
	};
	char *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/programs", bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "%s: 422 naming %s (%ld %s)", bad[i].what, bad[i].field,
		    r.status, error_field(&r));
		reply_free(&r);
	}
	http_form(&S, "/programs", "name=Kitchen&kind=kitchen&schedule=Mon+25%3A00-26%3A00", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"schedule-error\"") &&
	    strstr(r.body, "value=\"Mon 25:00-26:00\""), "a form with a bad "
	    "schedule is shown again, the message by the field, the text kept");
	reply_free(&r);
	http_json(&S, "PATCH", "/programs/1", "{\"kind\":\"canteen\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "kind") == 0,
	    "a bad update: 422 naming kind");
	reply_free(&r);
	is_int(http_status(&S, "PATCH", "/programs/99", "{\"name\":"
	    "\"Nobody's\"}"), 404, "an update of no program: 404");
	is_int(http_status(&S, "GET", "/programs/99/sessions", NULL), 404,
	    "the sessions of no program: 404");
	http_json(&S, "GET", "/programs/1/sessions?from=March", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "from") == 0,
	    "a from that is not a date: 422 naming from");
	reply_free(&r);
	SAME_DB(&S, before, "every refused program");
	free(before);
}

/* A form makes one too, and a browser goes on to its page. */
static void
test_form(void)
{
	struct reply r;

	http_form(&S, "/programs", "name=Strike+kitchen&kind=kitchen&"
	    "schedule=Mon-Fri+11%3A00-14%3A00&zone_id=1", &r);
	is_int(r.status, 303, "a program by form: 303");
	is_str(reply_header(&r, "Location"), "/programs/3",
	    "to its page");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM program_session WHERE "
	    "program_id = 3"), 40, "Mon-Fri for 8 weeks: 40 sessions");
}

/*
 * A new schedule: the sessions to come that nobody touched go, the one
 * cancelled stays, and the new slots' sessions are made.
 */
static void
test_reschedule(long id)
{
	struct reply r;
	json_t *items;

	http_json(&S, "POST", "/sessions/2/cancel", "{\"reason\":"
	    "\"Hall closed for the holiday\"}", &r);
	is_int(r.status, 200, "a session is cancelled with a reason");
	is_str(str(r.json, "status"), "cancelled", "it says cancelled");
	is_str(str(r.json, "cancel_reason"), "Hall closed for the holiday",
	    "and why");
	reply_free(&r);
	http_json(&S, "PATCH", "/programs/1", "{\"schedule\":[{\"weekday\":"
	    "1,\"start\":\"07:30\",\"end\":\"09:00\"}]}", &r);
	is_int(r.status, 200, "the schedule changes");
	reply_free(&r);
	sessions_from(id, "2027-01-01", &r);
	items = json_object_get(r.json, "items");
	is_int(json_integer_value(json_object_get(r.json, "total")), 9,
	    "8 Mondays at the new time, and the cancelled one kept");
	is_str(str(on_date(items, "2027-03-15"), "start"), "07:30",
	    "the untouched ones at the new time");
	snprintf(A, sizeof(A), "%lld", (long long)json_integer_value(
	    json_object_get(on_date(items, "2027-03-15"), "id")));
	snprintf(B, sizeof(B), "%lld", (long long)json_integer_value(
	    json_object_get(on_date(items, "2027-03-22"), "id")));
	snprintf(C, sizeof(C), "%lld", (long long)json_integer_value(
	    json_object_get(on_date(items, "2027-03-29"), "id")));
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM program_session WHERE "
	    "program_id = 1 AND status = 'cancelled'"), 1,
	    "the cancelled one is still there");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'program.update' AND change LIKE '%schedule%'"), 1,
	    "the change is audited by field name");
	/* The sweep at the next start makes what is missing again. */
	db_write(&S, "DELETE FROM program_session WHERE program_id = 3 AND "
	    "day > '2026-01-01' AND status = 'scheduled'");
	db_write(&S, "UPDATE program SET generated_until = NULL WHERE id = 3");
	is_int(server_restart(&S), 0, "the server restarts");
	is_int(db_scalar(&S, "SELECT count(*) FROM program_session WHERE "
	    "program_id = 3"), 40, "and its sweep made the 40 sessions again");
}

static void
test_sessions(void)
{
	char *before;
	struct reply r;
	long one;

	http_json(&S, "POST", "/programs/1/sessions", "{\"date\":"
	    "\"2027-03-20\",\"start\":\"10:00\",\"end\":\"12:00\",\"notes\":"
	    "\"Saturday extra\"}", &r);
	is_int(r.status, 201, "a one-off session: 201");
	one = (long)json_integer_value(json_object_get(r.json, "id"));
	ok(json_is_true(json_object_get(r.json, "one_off")), "it is one-off");
	is_str(str(r.json, "starts_at"), "2027-03-20T15:00:00Z",
	    "at 10:00 in Chicago");
	reply_free(&r);
	before = db_snapshot(&S);
	http_json(&S, "POST", "/programs/1/sessions", "{\"date\":"
	    "\"2027-03-20\",\"start\":\"12:00\",\"end\":\"10:00\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "end") == 0,
	    "an end before the start: 422 naming end");
	reply_free(&r);
	http_json(&S, "POST", "/programs/1/sessions", "{\"date\":\"soon\","
	    "\"start\":\"25:00\",\"end\":\"10:00\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "date") == 0 &&
	    json_array_size(json_object_get(json_object_get(r.json, "error"),
	    "fields")) == 2, "a bad date and start: 422 naming both");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/programs/99/sessions", "{\"date\":"
	    "\"2027-03-20\",\"start\":\"10:00\",\"end\":\"12:00\"}"), 404,
	    "a session of no program: 404");
	http_json(&S, "POST", "/sessions/2/move", "{\"date\":\"2027-03-09\","
	    "\"start\":\"07:00\",\"end\":\"09:00\"}", &r);
	is_int(r.status, 409, "a cancelled session is not moved: 409");
	reply_free(&r);
	http_json(&S, "POST", "/sessions/2/cancel", "{\"reason\":\"Again\"}",
	    &r);
	is_int(r.status, 409, "nor cancelled twice: 409");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/cancel", A), "{}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "reason") == 0,
	    "a cancel without a reason: 422 naming reason");
	reply_free(&r);
	http_json(&S, "POST", "/sessions/2", "{\"status\":\"held\"}", &r);
	ok(r.status == 409 && strcmp(error_field(&r), "status") == 0,
	    "a cancelled session said held: 409 naming status");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s", A),
	    "{\"status\":\"cancelled\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "status") == 0,
	    "cancelled is not set by an update (it needs a reason): 422");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/sessions/999/move", "{\"date\":"
	    "\"2027-03-09\",\"start\":\"07:00\",\"end\":\"09:00\"}"), 404,
	    "a move of no session: 404");
	is_int(http_status(&S, "GET", "/sessions/999", NULL), 404,
	    "no session: 404");
	SAME_DB(&S, before, "every refused session write");
	free(before);
	http_json(&S, "POST", at("/sessions/%s/move", A), "{\"date\":\"2027-03-16\","
	    "\"start\":\"08:00\",\"end\":\"10:00\"}", &r);
	is_int(r.status, 200, "a session is moved");
	is_str(str(r.json, "date"), "2027-03-16", "to its new day");
	is_str(str(r.json, "starts_at"), "2027-03-16T13:00:00Z",
	    "and its instant with it");
	reply_free(&r);
	http_json(&S, "PATCH", at("/sessions/%s", A), "{\"education\":\"Read "
	    "the Panthers' Ten-Point Program\",\"materials\":\"40 leaflets\","
	    "\"status\":\"held\"}", &r);
	is_int(r.status, 200, "its education component is written");
	is_str(str(r.json, "education"), "Read the Panthers' Ten-Point "
	    "Program", "what was read");
	is_str(str(r.json, "materials"), "40 leaflets", "what went out");
	is_str(str(r.json, "status"), "held", "and it was held");
	reply_free(&r);
	/* The update frees a cleared status: it must not be read after. */
	http_json(&S, "PATCH", at("/sessions/%s", A), "{\"status\":null}", &r);
	ok(r.status == 200 && strcmp(str(r.json, "status"), "held") == 0,
	    "a status cleared in JSON stays as it was (%ld)", r.status);
	reply_free(&r);
	http_form(&S, at("/sessions/%s", A), "status=", &r);
	is_int(r.status, 303, "and cleared in a form");
	reply_free(&r);
	is_int((int)db_scalar(&S, at("SELECT count(*) FROM program_session "
	    "WHERE id = %s AND status = 'held'", A)), 1, "still held");
	http_json(&S, "POST", "/sessions/2", "{\"status\":\"scheduled\"}", &r);
	ok(r.status == 200 && strcmp(str(r.json, "status"), "scheduled") == 0 &&
	    json_is_null(json_object_get(r.json, "cancel_reason")),
	    "a cancelled session is reinstated, its reason gone");
	reply_free(&r);
	(void)one;
}

/* Three guests, one of them new at the door, and a helper. */
static void
test_attendance(void)
{
	char *before;
	struct reply r;
	json_t *came;
	long ana;

	http_status(&S, "POST", "/people", "{\"name\":\"Ana Núñez\"}");
	http_status(&S, "POST", "/people", "{\"name\":\"Ben Ode\"}");
	ana = db_scalar(&S, "SELECT id FROM person WHERE name = 'Ana Núñez'");
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"person_id\":"
	    "2,\"role\":\"guest\"}", &r);
	is_int(r.status, 201, "a known person is signed in: 201");
	reply_free(&r);
	is_int(http_status(&S, "POST", at("/sessions/%s/attendance", A), "{\"person_id\":"
	    "3,\"role\":\"guest\"}"), 201, "another");
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"name\":\"Cruz\","
	    "\"role\":\"guest\"}", &r);
	is_int(r.status, 201, "someone new at the door, by first name");
	is_str(str(r.json, "name"), "Cruz", "made a person");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name = "
	    "'Cruz' AND phone IS NULL AND zone_id IS NULL"), 1,
	    "with nothing but the name");
	before = db_snapshot(&S);
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"person_id\":2,"
	    "\"role\":\"helper\"}", &r);
	ok(r.status == 409 && strcmp(error_field(&r), "person_id") == 0,
	    "the same person twice: 409");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"role\":\"guest\"}",
	    &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_id") == 0,
	    "nobody named: 422 naming person_id");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"person_id\":2,"
	    "\"name\":\"Dee\",\"role\":\"guest\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_id") == 0,
	    "both a person and a name: 422");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"person_id\":999,"
	    "\"role\":\"guest\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_id") == 0,
	    "a person who is nobody: 422");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/attendance", A), "{\"name\":\"Dee\","
	    "\"role\":\"cook\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "role") == 0,
	    "a role not of the set: 422 naming role");
	reply_free(&r);
	http_json(&S, "POST", at("/sessions/%s/cancel", C), "{\"reason\":\"Snow\"}",
	    &r);
	reply_free(&r);
	is_int(http_status(&S, "POST", at("/sessions/%s/attendance", C), "{\"name\":"
	    "\"Dee\",\"role\":\"guest\"}"), 409,
	    "nobody signs in at a cancelled session: 409");
	is_int(http_status(&S, "POST", "/sessions/999/attendance", "{\"name\":"
	    "\"Dee\",\"role\":\"guest\"}"), 404, "nor at no session: 404");
	free(before);
	before = db_snapshot(&S);
	http_form(&S, at("/sessions/%s/attendance", A), "role=guest", &r);
	ok(r.status == 422 && strstr(r.body, "pick someone found"),
	    "a form naming nobody is shown again with the message");
	reply_free(&r);
	SAME_DB(&S, before, "every refused sign-in");
	free(before);
	is_int(http_status(&S, "POST", at("/sessions/%s/attendance", B), "{\"person_id\":"
	    "2,\"role\":\"helper\"}"), 201, "a guest comes back to help");
	http_json(&S, "GET", at("/sessions/%s", A), NULL, &r);
	came = json_object_get(r.json, "attendance");
	is_int(json_array_size(came), 3, "the session lists three who came");
	is_str(str(json_array_get(came, 0), "role"), "guest", "as guests");
	is_str(str(r.json, "education"), "Read the Panthers' Ten-Point "
	    "Program", "with its education component");
	reply_free(&r);
	http_json(&S, "GET", "/people/2", NULL, &r);
	came = json_object_get(r.json, "sessions");
	ok(json_array_size(came) == 2 &&
	    strcmp(str(json_array_get(came, 0), "role"), "helper") == 0 &&
	    strcmp(str(json_array_get(came, 1), "role"), "guest") == 0,
	    "the person page: a guest, then a helper, newest first");
	reply_free(&r);
	http(&S, "GET", at("/sessions/%s", A), "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "/conversations/new?person_id=2"
	    "&amp;how=session"), "each row links to a conversation, "
	    "how=session");
	reply_free(&r);
	http(&S, "GET", "/conversations/new?person_id=2&how=session",
	    "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "value=\"session\" required "
	    "checked"), "which the conversation form takes, ticked");
	reply_free(&r);
	/* The search at the door, by name. */
	http(&S, "GET", at("/sessions/%s?q=nunez", A), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "Ana Núñez") &&
	    strstr(r.body, "name=\"person_id\""), "a search by name finds "
	    "Ana Núñez to sign in");
	reply_free(&r);
	/* A forget leaves the count and names nobody. */
	{
		char path[64];

		snprintf(path, sizeof(path), "/people/%ld/forget", ana);
		is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"),
		    200, "Ana is forgotten");
	}
	is_int(db_scalar(&S, "SELECT count(*) FROM attendance WHERE "
	    "person_id IS NULL"), 2,
	    "her two sessions stay, counted, naming nobody");
}

/* A volunteer reads programs and sessions, first names only. */
static void
test_volunteer(void)
{
	char auth[200];
	struct reply r;

	server_login(&S, "vol", "volunteer", "1", auth, sizeof(auth));
	http_auth = auth;
	is_int(http_status(&S, "GET", "/programs", NULL), 200,
	    "a volunteer reads the programs");
	http_json(&S, "GET", at("/sessions/%s", A), NULL, &r);
	ok(r.status == 200 && strcmp(str(json_array_get(json_object_get(
	    r.json, "attendance"), 1), "name"), "Ben") == 0,
	    "and a session, who came by first name");
	reply_free(&r);
	http(&S, "GET", at("/sessions/%s?q=Cruz", A), "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "name=\"person_id\"") == NULL,
	    "but searches nobody, and signs nobody in");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/programs", "{\"name\":\"Mine\","
	    "\"kind\":\"other\"}"), 403, "nor makes a program");
	http_auth = NULL;
}

/* The "search contact" entries naming person who. */
static long
searches_of(long who)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action = "
	    "'search contact' AND entity = 'person' AND entity_id = %ld", who);
	return db_scalar(&S, sql);
}

/* GET path in JSON as auth: 1 when found lists person who alone. */
static int
finds(const char *auth, const char *path, long who, struct reply *r)
{
	json_t *found;

	http_auth = auth;
	http_json(&S, "GET", path, NULL, r);
	http_auth = NULL;
	found = json_object_get(r->json, "found");
	return r->status == 200 && json_array_size(found) == 1 &&
	    json_integer_value(json_object_get(json_array_get(found, 0),
		"id")) == who;
}

/*
 * The search at the door as the script asks it: ?only=found answers the
 * people found alone, the same as the page's, and nothing of the page.
 */
static void
test_door(void)
{
	char org[200], vol[200], want[160], *before;
	struct reply r, page;
	long rosa, searched;

	server_login(&S, "door-org", "organizer", NULL, org, sizeof(org));
	server_login(&S, "door-vol", "volunteer", NULL, vol, sizeof(vol));
	rosa = http_created(&S, "/people", "{\"name\":\"Rosa Puerta\","
	    "\"phone\":\"+1 617 555 0199\"}");
	ok(finds(org, at("/sessions/%s?only=found&q=puerta", A), rosa, &r),
	    "an organizer finds Rosa by name, the people alone");
	ok(json_object_get(r.json, "attendance") == NULL &&
	    json_object_get(r.json, "shifts") == NULL &&
	    json_object_get(r.json, "roles") == NULL &&
	    json_is_true(json_object_get(r.json, "searched")) &&
	    strcmp(str(r.json, "q"), "puerta") == 0,
	    "without the page: no attendance, shifts or roles");
	ok(json_object_get(json_array_get(json_object_get(r.json, "found"), 0),
	    "phone") == NULL, "and no phone");
	http_auth = org;
	http_json(&S, "GET", at("/sessions/%s?q=puerta", A), NULL, &page);
	http_auth = NULL;
	ok(json_equal(json_object_get(r.json, "found"),
	    json_object_get(page.json, "found")),
	    "the same people as the page's own search");
	reply_free(&page);
	reply_free(&r);
	http_auth = org;
	http_json(&S, "GET", at("/sessions/%s?only=found&q=6175550199", A), NULL,
	    &r);
	http_auth = NULL;
	ok(r.status == 200 && json_array_size(json_object_get(r.json,
	    "found")) == 0, "an organizer finds nobody by phone");
	reply_free(&r);
	is_int(searches_of(rosa), 0, "and nothing is recorded");

	ok(finds(NULL, at("/sessions/%s?only=found&q=%%28617%%29%%20555-0199",
	    A), rosa, &r), "a coordinator finds Rosa by her phone typed "
	    "another way");
	reply_free(&r);
	is_int(searches_of(rosa), 1, "recorded as a search of contact");
	ok(finds(NULL, at("/sessions/%s?only=found&q=%%28617%%29%%20555-0199",
	    A), rosa, &r), "the same search again");
	reply_free(&r);
	is_int(searches_of(rosa), 2, "is recorded again: never cached");
	searched = searches_of(rosa);
	ok(finds(NULL, at("/sessions/%s?only=found&q=puerta", A), rosa, &r),
	    "by name too");
	reply_free(&r);
	is_int(searches_of(rosa), searched, "which is not recorded");

	http_auth = vol;
	http_json(&S, "GET", at("/sessions/%s?only=found&q=puerta", A), NULL,
	    &r);
	http_auth = NULL;
	ok(r.status == 200 && json_object_size(r.json) == 0,
	    "a volunteer searches nobody: {}");
	reply_free(&r);
	http(&S, "GET", at("/sessions/%s?only=found&q=puerta", A), "text/html",
	    NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "id=\"came-h\"") &&
	    strstr(r.body, "Rosa Puerta"), "HTML is the whole page");
	snprintf(want, sizeof(want), "data-search=\"/sessions/%s?only=found"
	    "&amp;q=\" data-list=\"found\"", A);
	ok(strstr(r.body, want) && strstr(r.body, "<script src=\"/static/"
	    "find.js\" defer>"), "whose script asks for the people alone");
	reply_free(&r);

	before = db_snapshot(&S);
	http_json(&S, "GET", at("/sessions/%s?only=all&q=puerta", A), NULL,
	    &r);
	ok(r.status == 422 && strcmp(error_field(&r), "only") == 0,
	    "only=all: 422 naming only");
	reply_free(&r);
	http_json(&S, "GET", "/sessions/9999?only=found&q=puerta", NULL, &r);
	is_int(r.status, 404, "no such session: 404");
	reply_free(&r);
	SAME_DB(&S, before, "a bad search at the door");
	free(before);
}

static void
test_pages(void)
{
	static const char *const pages[] = { "/programs", "/programs/new",
		"/programs/1", "/programs/1/edit", "/programs/1/sessions",
		"/people/3" };
	struct reply r;
	const char *at_link;
	size_t i, sessions;

	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		http(&S, "GET", pages[i], "text/html", NULL, NULL, 0, &r);
		is_int(r.status, 200, "%s is a page", pages[i]);
		reply_free(&r);
	}
	http(&S, "GET", at("/sessions/%s", A), "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "a session is a page");
	reply_free(&r);
	http(&S, "GET", at("/sessions/%s?lang=es", A), "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Quién vino") && strstr(r.body, "Invitada") &&
	    strstr(r.body, "Formación"), "the session page in Spanish");
	reply_free(&r);
	http(&S, "GET", "/programs/1?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Desayuno") && strstr(r.body, "lun 07:30"),
	    "the program page too, its days in Spanish");
	for (i = 0, at_link = r.body;
	     (at_link = strstr(at_link, "<a href=\"/sessions/")) != NULL;
	     at_link++)
		i++;
	reply_free(&r);
	http_json(&S, "GET", "/programs/1", NULL, &r);
	sessions = json_array_size(
	    json_object_get(json_object_get(r.json, "sessions"), "items"));
	ok(sessions > 1 && i == sessions,
	    "the program page links each of its %zu sessions once (%zu)",
	    sessions, i);
	reply_free(&r);
}

/* Madrid: summer time from 28 March 2027. */
static void
test_madrid(void)
{
	static const char *const madrid[] = { "--tz", "Europe/Madrid", NULL };
	struct reply r;
	json_t *items;

	is_int(server_stop(&S), 0, "the Chicago server stops cleanly");
	server_args = madrid;
	server_start(&S);
	server_args = NULL;
	http_json(&S, "POST", "/programs", "{\"name\":\"Desayunos\","
	    "\"kind\":\"breakfast\",\"schedule\":[{\"weekday\":1,\"start\":"
	    "\"07:00\",\"end\":\"09:00\"}],\"starts_on\":\"2027-03-15\"}", &r);
	is_int(r.status, 201, "a program in Madrid");
	reply_free(&r);
	sessions_from(1, "2027-03-15", &r);
	items = json_object_get(r.json, "items");
	is_str(str(on_date(items, "2027-03-22"), "starts_at"),
	    "2027-03-22T06:00:00Z", "22 March, winter time: 06:00 UTC");
	is_str(str(on_date(items, "2027-03-29"), "starts_at"),
	    "2027-03-29T05:00:00Z", "29 March, summer time: 05:00 UTC");
	ok(strcmp(str(on_date(items, "2027-03-22"), "start"), "07:00") == 0 &&
	    strcmp(str(on_date(items, "2027-03-29"), "start"), "07:00") == 0,
	    "both at 07:00 local");
	reply_free(&r);
}

int
main(void)
{
	static const char *const chicago[] = { "--tz", "America/Chicago",
		NULL };
	long id;

	server_args = chicago;
	server_start(&S);
	id = test_chicago();
	test_bad_programs();
	test_form();
	test_reschedule(id);
	test_sessions();
	test_attendance();
	test_volunteer();
	test_door();
	test_pages();
	server_args = NULL;
	test_madrid();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
