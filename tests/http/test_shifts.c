/*
 * Shifts over a real socket, on both backends: a coordinator adds shifts
 * to a session (a cook, a table); volunteers sign themselves up and off,
 * a coordinator signs up and takes off anyone, a volunteer nobody else;
 * a full shift is a 409; the session page lists each shift with who is
 * on it (first names for a volunteer) and what is still needed; the
 * sessions of the next 14 days short of helpers are listed, and leave
 * the list once staffed; the week's roster lists sessions, shifts and
 * people, and prints on its own. Eight volunteers after the last place
 * at once: exactly one wins, the others get 409, five times over. A
 * forget frees the person's places. Every bad input is refused with the
 * field named and writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "client.h"

static struct server S;
/* The session the tests work on (tomorrow's), its date and ISO week. */
static long SESSION;
static char DAY[16], WEEK[16];
static char vol[200], vol2[200];
static long vol_person, vol2_person;

/* The string at key of obj, or "". */
static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

static long
num(json_t *obj, const char *key)
{
	return (long)json_integer_value(json_object_get(obj, key));
}

/* The ISO week ("2027-W11") of the date "YYYY-MM-DD". */
static void
week_of(const char *date, char out[16])
{
	struct tm tm = { 0 };
	time_t t;

	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 16, "%G-W%V", &tm);
}

/* The person a login belongs to. */
static long
person_of(const char *login)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT person_id FROM app_user WHERE "
	    "login = '%s'", login);
	return db_scalar(&S, sql);
}

/* A shift of session id: its id, or 0. */
static long
shift(long session, const char *name, int needed)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"needed\":%d}", name,
	    needed);
	return http_created(&S, http_at("/sessions/%ld/shifts", session), body);
}

/* A daily breakfast from today; the session of tomorrow. */
static void
setup(void)
{
	struct reply r;
	json_t *row;

	http_json(&S, "POST", "/programs", "{\"name\":\"Breakfast for "
	    "children\",\"kind\":\"breakfast\",\"address\":\"Union hall\","
	    "\"schedule\":\"Mon-Sun 07:00-09:00\"}", &r);
	is_int(r.status, 201, "a daily breakfast program");
	reply_free(&r);
	http_json(&S, "GET", "/programs/1/sessions", NULL, &r);
	row = json_array_get(json_object_get(r.json, "items"), 1);
	SESSION = num(row, "id");
	snprintf(DAY, sizeof(DAY), "%s", str(row, "date"));
	week_of(DAY, WEEK);
	ok(SESSION > 0, "its second session, %s (%s)", DAY, WEEK);
	reply_free(&r);
	server_login(&S, "vol", "volunteer", NULL, vol, sizeof(vol));
	server_login(&S, "vol2", "volunteer", NULL, vol2, sizeof(vol2));
	vol_person = person_of("vol");
	vol2_person = person_of("vol2");
	http_status(&S, "POST", "/people", "{\"name\":\"Rosa Luxemburg\"}");
}

static void
test_add(void)
{
	static const struct {
		const char *body, *field, *what;
	} bad[] = {
		{ "{\"needed\":2}", "name", "no name" },
		{ "{\"name\":\"X\",\"needed\":2}", "name", "a name of one letter" },
		{ "{\"name\":\"cook\"}", "needed", "no number needed" },
		{ "{\"name\":\"cook\",\"needed\":0}", "needed", "nobody needed" },
		{ "{\"name\":\"cook\",\"needed\":101}", "needed", "101 needed" },
		{ "{\"name\":\"cook\",\"needed\":\"two\"}", "needed",
		    "a number in words" },
		{ "{\"name\":\"cook\",\"needed\":2,\"who\":1}", "who",
		    "a key not declared" },
	};
	char *before = db_snapshot(&S);
	struct reply r;
	size_t i;
	long other;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", http_at("/sessions/%ld/shifts", SESSION),
		    bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "%s: 422 naming %s (%ld %s)", bad[i].what, bad[i].field,
		    r.status, error_field(&r));
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/sessions/9999/shifts", "{\"name\":"
	    "\"cook\",\"needed\":1}"), 404, "a shift at no session: 404");
	http_form(&S, http_at("/sessions/%ld/shifts", SESSION), "name=cook&"
	    "needed=0", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"needed-error\"") &&
	    strstr(r.body, "value=\"cook\""), "a form with nobody needed is "
	    "shown again, the message by the field, the name kept");
	reply_free(&r);
	http_form(&S, http_at("/sessions/%ld/shifts", SESSION), "needed=2", &r);
	ok(r.status == 422 && strstr(r.body, "aria-describedby=\""
	    "shift-name-hint name-error\"") && !strstr(r.body,
	    "aria-describedby=\"name-hint name-error\""), "a form with no "
	    "name: the message by the shift's name, not the sign-in's");
	reply_free(&r);
	/* A cancelled session takes no shifts. */
	other = SESSION + 1;
	http_status(&S, "POST", http_at("/sessions/%ld/cancel", other),
	    "{\"reason\":\"Hall closed\"}");
	free(before);
	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", http_at("/sessions/%ld/shifts", other),
	    "{\"name\":\"cook\",\"needed\":1}"), 409,
	    "a shift at a cancelled session: 409");
	http_auth = vol;
	is_int(http_status(&S, "POST", http_at("/sessions/%ld/shifts", SESSION),
	    "{\"name\":\"cook\",\"needed\":1}"), 403,
	    "a volunteer adds no shift: 403");
	http_auth = NULL;
	SAME_DB(&S, before, "every refused shift");
	free(before);

	http_json(&S, "POST", http_at("/sessions/%ld/shifts", SESSION),
	    "{\"name\":\"cook\",\"needed\":2}", &r);
	is_int(r.status, 201, "a shift of two cooks: 201");
	ok(num(r.json, "id") == 1 && num(r.json, "needed") == 2 &&
	    num(r.json, "taken") == 0 && num(r.json, "short") == 2,
	    "with its id, 2 needed, none taken, 2 short");
	reply_free(&r);
	http_form(&S, http_at("/sessions/%ld/shifts", SESSION), "name=table&"
	    "needed=1", &r);
	is_int(r.status, 303, "a shift by form: 303");
	is_str(reply_header(&r, "Location"), http_at("/sessions/%ld", SESSION),
	    "back to the session");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'session.shift'"), 2, "both audited");
}

static void
test_signup(void)
{
	char *before;
	struct reply r;
	json_t *shifts, *people;

	http_auth = vol;
	http_json(&S, "POST", "/shifts/1/signup", "{}", &r);
	is_int(r.status, 201, "a volunteer signs up for the cooks: 201");
	is_int(num(r.json, "person_id"), vol_person, "as their own person");
	is_int(num(r.json, "session_id"), SESSION, "at the session");
	reply_free(&r);
	http_auth = NULL;

	before = db_snapshot(&S);
	http_auth = vol;
	http_json(&S, "POST", "/shifts/1/signup", "{}", &r);
	ok(r.status == 409 && strcmp(error_field(&r), "person_id") == 0,
	    "twice: 409 naming person_id");
	reply_free(&r);
	http_json(&S, "POST", "/shifts/1/signup", http_at("{\"person_id\":%ld}",
	    vol2_person), &r);
	ok(r.status == 403 && strcmp(error_field(&r), "person_id") == 0,
	    "someone else, by a volunteer: 403 naming person_id");
	reply_free(&r);
	http_json(&S, "POST", "/shifts/1/cancel", http_at("{\"person_id\":%ld}",
	    vol2_person), &r);
	is_int(r.status, 403, "nor takes someone else off: 403");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/shifts/999/signup", "{}"), 404,
	    "no such shift: 404");
	http_json(&S, "POST", "/shifts/1/signup", "{\"person_id\":\"me\"}",
	    &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_id") == 0,
	    "a person_id that is no number: 422");
	reply_free(&r);
	http_json(&S, "POST", "/shifts/1/signup", "{\"shift\":1}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "shift") == 0,
	    "a key not declared: 422 naming it");
	reply_free(&r);
	http_auth = NULL;
	http_json(&S, "POST", "/shifts/1/signup", "{\"person_id\":9999}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_id") == 0,
	    "a person who is nobody: 422 naming person_id");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/shifts/2/cancel", "{\"person_id\":"
	    "4}"), 409, "a cancel of someone not on it: 409");
	SAME_DB(&S, before, "every refused sign-up and cancel");
	free(before);

	/* A coordinator signs Rosa up; the cooks are full. */
	http_json(&S, "POST", "/shifts/1/signup", http_at("{\"person_id\":%ld}",
	    db_scalar(&S, "SELECT id FROM person WHERE name = 'Rosa "
	    "Luxemburg'")), &r);
	is_int(r.status, 201, "a coordinator signs someone up: 201");
	reply_free(&r);
	before = db_snapshot(&S);
	http_auth = vol2;
	http_json(&S, "POST", "/shifts/1/signup", "{}", &r);
	ok(r.status == 409 && strstr(r.body, "the shift is full"),
	    "the cooks are full: 409, saying so");
	reply_free(&r);
	http_form(&S, "/shifts/1/signup", "", &r);
	ok(r.status == 409 && strstr(r.body, "the shift is full"),
	    "and a browser is told so");
	reply_free(&r);
	http_auth = NULL;
	SAME_DB(&S, before, "a sign-up for a full shift");
	free(before);

	http_auth = vol;
	http_json(&S, "GET", http_at("/sessions/%ld", SESSION), NULL, &r);
	shifts = json_object_get(r.json, "shifts");
	people = json_object_get(json_array_get(shifts, 0), "people");
	ok(json_array_size(shifts) == 2 &&
	    strcmp(str(json_array_get(shifts, 0), "name"), "cook") == 0 &&
	    num(json_array_get(shifts, 0), "short") == 0 &&
	    num(json_array_get(shifts, 1), "short") == 1,
	    "the session lists its shifts: the cooks full, a table short");
	ok(json_array_size(people) == 2 &&
	    strcmp(str(json_array_get(people, 1), "name"), "Rosa") == 0,
	    "a volunteer sees who is on them by first name");
	ok(json_is_true(json_object_get(json_array_get(shifts, 0),
	    "signed_up")) && json_is_true(json_object_get(json_array_get(
	    people, 0), "may_cancel")) && json_is_false(json_object_get(
	    json_array_get(people, 1), "may_cancel")),
	    "and may take themselves off, nobody else");
	reply_free(&r);
	http(&S, "GET", http_at("/sessions/%ld", SESSION), "text/html", NULL, NULL,
	    0, &r);
	ok(r.status == 200 && strstr(r.body, "action=\"/shifts/2/signup\"") &&
	    !strstr(r.body, "action=\"/shifts/1/signup\"") &&
	    strstr(r.body, "action=\"/shifts/1/cancel\""), "HTML: a button "
	    "to sign up for the table, none for the full cooks, one to "
	    "take oneself off");
	ok(!strstr(r.body, "action=\"/sessions/"), "no form to add shifts "
	    "for a volunteer");
	reply_free(&r);
	http_auth = NULL;
	http(&S, "GET", http_at("/sessions/%ld?q=Luxemburg", SESSION), "text/html",
	    NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "<select id=\"signup-2\" "
	    "name=\"person_id\"><option value=\"4\">Rosa Luxemburg</option>")
	    && !strstr(r.body, "id=\"signup-1\""), "a coordinator's search "
	    "offers the people found for the shift with room, not the full one");
	reply_free(&r);
	http_auth = vol;
	http_json(&S, "POST", "/shifts/1/cancel", "{}", &r);
	ok(r.status == 200 && num(r.json, "taken") == 1 &&
	    num(r.json, "short") == 1, "a volunteer takes themselves off: a "
	    "place is free");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/shifts/1/cancel", "{}"), 409,
	    "not twice: 409");
	http_auth = vol2;
	http_form(&S, "/shifts/1/signup", "", &r);
	is_int(r.status, 303, "another signs up by the form: 303");
	is_str(reply_header(&r, "Location"), http_at("/sessions/%ld", SESSION),
	    "back to the session");
	reply_free(&r);
	http_auth = NULL;
	http_json(&S, "POST", "/shifts/1/cancel", http_at("{\"person_id\":%ld}",
	    vol2_person), &r);
	is_int(r.status, 200, "a coordinator takes anyone off");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT taken FROM shift WHERE id = 1"),
	    db_scalar(&S, "SELECT count(*) FROM shift_signup WHERE "
	    "shift_id = 1"), "taken counts the sign-ups");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action IN "
	    "('shift.signup', 'shift.cancel') AND entity = 'shift'"), 5,
	    "each sign-up and cancel audited");
}

/* The next 14 days, and those short of helpers. */
static void
test_understaffed(void)
{
	struct reply r;
	json_t *items;
	size_t i;
	int found = 0;

	http_auth = vol;
	http_json(&S, "GET", "/sessions?understaffed=1", NULL, &r);
	is_int(r.status, 200, "a volunteer reads the sessions short of "
	    "helpers");
	items = json_object_get(r.json, "items");
	ok(json_array_size(items) == 1 && num(json_array_get(items, 0),
	    "id") == SESSION && num(json_array_get(items, 0), "short") == 2,
	    "one: the session, 2 helpers short");
	reply_free(&r);
	http_json(&S, "GET", "/sessions", NULL, &r);
	items = json_object_get(r.json, "items");
	ok(num(r.json, "total") == 13, "every session of 14 days scheduled "
	    "(one cancelled): %ld", num(r.json, "total"));
	for (i = 0; i < json_array_size(items); i++)
		found += num(json_array_get(items, i), "id") == SESSION &&
		    num(json_array_get(items, i), "needed") == 3;
	ok(found == 1, "with the helpers each needs");
	reply_free(&r);
	http_json(&S, "GET", "/sessions?understaffed=2", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "understaffed") == 0,
	    "understaffed=2: 422 naming it");
	reply_free(&r);
	http(&S, "GET", "/sessions?understaffed=1", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, http_at("href=\"/sessions/%ld\"",
	    SESSION)), "HTML: the session linked");
	reply_free(&r);
	http_status(&S, "POST", "/shifts/1/signup", "{}");
	http_status(&S, "POST", "/shifts/2/signup", "{}");
	http_auth = vol2;
	http_status(&S, "POST", "/shifts/1/signup", "{}");
	http_auth = NULL;
	http_json(&S, "GET", "/sessions?understaffed=1", NULL, &r);
	is_int(num(r.json, "total"), 0, "staffed, it leaves the list");
	reply_free(&r);
	http(&S, "GET", "/sessions?understaffed=1&lang=es", "text/html", NULL,
	    NULL, 0, &r);
	ok(strstr(r.body, "Sesiones a las que les falta gente") != NULL,
	    "in Spanish too");
	reply_free(&r);
}

static void
test_roster(void)
{
	char path[64];
	struct reply r;
	json_t *items, *one = NULL, *row;
	size_t i;

	snprintf(path, sizeof(path), "/roster?week=%s", WEEK);
	http_auth = vol;
	http_json(&S, "GET", path, NULL, &r);
	is_int(r.status, 200, "a volunteer reads the week's roster");
	is_str(str(r.json, "week"), WEEK, "of the week asked");
	items = json_object_get(r.json, "items");
	json_array_foreach (items, i, row)
		if (num(row, "id") == SESSION)
			one = row;
	ok(one != NULL && json_array_size(json_object_get(one, "shifts")) ==
	    2, "the session, with its two shifts");
	ok(json_array_size(items) >= 1 && json_array_size(items) <= 7,
	    "a week's sessions at most (%zu)", json_array_size(items));
	is_str(str(json_array_get(json_object_get(json_array_get(
	    json_object_get(one, "shifts"), 0), "people"), 0), "name"), "Rosa",
	    "who is on them, by first name");
	reply_free(&r);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "/static/print.css") &&
	    strstr(r.body, "class=\"roster\"") && strstr(r.body, "Rosa") &&
	    strstr(r.body, "Luxemburg") == NULL, "HTML, with the print sheet, "
	    "Rosa by her first name");
	reply_free(&r);
	http_json(&S, "GET", "/roster", NULL, &r);
	ok(r.status == 200 && strlen(str(r.json, "week")) == 8,
	    "this week by default (%s)", str(r.json, "week"));
	reply_free(&r);
	http_auth = NULL;
	http_json(&S, "GET", "/roster?week=2027-W53", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "week") == 0,
	    "2027 has 52 weeks: week 53 is a 422 naming week");
	reply_free(&r);
	http_json(&S, "GET", "/roster?week=2026-W53", NULL, &r);
	ok(r.status == 200 && strcmp(str(r.json, "first"), "2026-12-28") == 0,
	    "2026 has 53: its 53rd starts on 28 December");
	reply_free(&r);
	http_json(&S, "GET", "/roster?week=2027-W01", NULL, &r);
	ok(strcmp(str(r.json, "first"), "2027-01-04") == 0 &&
	    strcmp(str(r.json, "prev_week"), "2026-W53") == 0,
	    "week 1 of 2027 from 4 January, after 2026-W53");
	reply_free(&r);
	http_json(&S, "GET", "/roster?week=next", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "week") == 0,
	    "a week in words: 422");
	reply_free(&r);
	http(&S, "GET", "/roster?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Cuadrante"), "in Spanish");
	reply_free(&r);
}

/* Eight volunteers after one last place at the same moment. */
#define RACERS 8

static void
test_race(void)
{
	static struct racer racers[RACERS];
	int round, i;
	char name[32], sql[128];
	long id;

	for (i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "racer%d", i);
		server_login(&S, name, "volunteer", NULL, racers[i].auth,
		    sizeof(racers[i].auth));
	}
	for (round = 0; round < 5; round++) {
		/* Two places, one taken: the last one is raced for. */
		id = shift(SESSION, "driver", 2);
		http_status(&S, "POST", http_at("/shifts/%ld/signup", id), "{}");
		http_race(&S, racers, RACERS, http_at("/shifts/%ld/signup", id),
		    "{}", 1, NULL);
		is_int(http_race_count(racers, RACERS, 201, NULL), 1,
		    "round %d: exactly one of %d wins the last place", round,
		    RACERS);
		is_int(http_race_count(racers, RACERS, 409, NULL), RACERS - 1,
		    "the others get 409");
		is_int(http_race_count(racers, RACERS, 409,
		    "the shift is full"), RACERS - 1,
		    "saying the shift is full");
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM shift_signup "
		    "WHERE shift_id = %ld", id);
		is_int(db_scalar(&S, sql), 2, "two sign-ups are written");
		snprintf(sql, sizeof(sql), "SELECT taken FROM shift WHERE "
		    "id = %ld", id);
		is_int(db_scalar(&S, sql), 2, "and two places taken");
	}
}

/* A forget frees the person's places. */
static void
test_forget(void)
{
	long rosa = db_scalar(&S, "SELECT id FROM person WHERE name = "
	    "'Rosa Luxemburg'");

	is_int(db_scalar(&S, "SELECT taken FROM shift WHERE id = 1"), 2,
	    "Rosa and vol are the cooks");
	is_int(http_status(&S, "POST", http_at("/people/%ld/forget", rosa),
	    "{\"confirm\":\"yes\"}"), 200, "Rosa is forgotten");
	is_int(db_scalar(&S, http_at("SELECT count(*) FROM shift_signup WHERE "
	    "person_id = %ld", rosa)), 0, "her sign-ups are gone");
	is_int(db_scalar(&S, "SELECT taken FROM shift WHERE id = 1"), 1,
	    "and their place on the cooks is free");
	is_int(db_scalar(&S, "SELECT count(*) FROM shift WHERE taken <> "
	    "(SELECT count(*) FROM shift_signup su WHERE su.shift_id = "
	    "shift.id)"), 0, "every shift's taken still counts its sign-ups");
}

static void
test_pages(void)
{
	struct reply r;

	http(&S, "GET", http_at("/sessions/%ld", SESSION), "text/html", NULL, NULL,
	    0, &r);
	ok(r.status == 200 && strstr(r.body, http_at("action=\"/sessions/%ld/"
	    "shifts\"", SESSION)) && strstr(r.body, "list=\"shift-names\""),
	    "a coordinator's session page: the form to add a shift");
	reply_free(&r);
	http(&S, "GET", http_at("/sessions/%ld?lang=es", SESSION), "text/html",
	    NULL, NULL, 0, &r);
	ok(strstr(r.body, "Turnos") && strstr(r.body, "Añadir un turno"),
	    "in Spanish");
	reply_free(&r);
	http(&S, "GET", "/programs", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "href=\"/roster\"") &&
	    strstr(r.body, "href=\"/sessions?understaffed=1\""),
	    "the programs page links the roster and the short-handed");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_add();
	test_signup();
	test_understaffed();
	test_roster();
	test_race();
	test_forget();
	test_pages();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
