/*
 * Political education over a real socket, on both backends: a
 * curriculum of two events; events made by JSON and by form, a day or
 * a day and time; the list, latest first; a reading list; RSVPs and
 * attendance, of people on file and of someone new by first name;
 * who completed the curriculum, computed from attendance on a known
 * script (all of its events, and only those); the person page's
 * events; books given out at an event as a stock move naming it; what
 * a volunteer reads (the events, not who came); a forget that keeps the
 * counts. Every bad input is refused with the field named and writes
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char vol[200], org[200];
static long rosa, lucy, curr, ev1, ev2;

/* The string at key of obj, or "". */
static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/* The number of people in the list key of path's JSON, or -1. */
static long
listed(const char *path, const char *key)
{
	struct reply r;
	json_t *list;
	long n;

	http_json(&S, "GET", path, NULL, &r);
	list = json_object_get(r.json, key);
	n = json_is_array(list) ? (long)json_array_size(list) : -1;
	reply_free(&r);
	return n;
}

static void
setup(void)
{
	server_login(&S, "vol", "volunteer", NULL, vol, sizeof(vol));
	server_login(&S, "org", "organizer", NULL, org, sizeof(org));
	rosa = http_created(&S, "/people", "{\"name\":\"Rosa Parks\"}");
	lucy = http_created(&S, "/people", "{\"name\":\"Lucy Parsons\"}");
	ok(rosa > 0 && lucy > 0, "two people on file");
	/* Books at a pantry, for the give-out. */
	ok(http_created(&S, "/items", "{\"name\":\"Pedagogy of the "
	    "Oppressed\",\"unit\":\"each\",\"category\":\"other\"}") == 1 &&
	    http_created(&S, "/locations", "{\"name\":\"Hall\",\"kind\":"
	    "\"pantry\"}") == 1 &&
	    http_created(&S, "/stock/moves", "{\"kind\":\"in\",\"reason\":"
	    "\"donation\",\"item_id\":1,\"quantity\":5,\"location_id\":1}")
	    > 0, "five books at the hall");
}

/* A curriculum and its two events, by an organizer; one more by form. */
static void
test_create(void)
{
	char body[256];
	struct reply r;

	http_auth = org;
	curr = http_created(&S, "/curricula", "{\"name\":\"Community "
	    "school\",\"description\":\"Six weeks, one text a week\"}");
	ok(curr > 0, "an organizer makes a curriculum");
	snprintf(body, sizeof(body), "{\"name\":\"Reading Freire\",\"kind\":"
	    "\"study_group\",\"date\":\"2027-01-10\",\"curriculum\":%ld}",
	    curr);
	http_json(&S, "POST", "/events", body, &r);
	is_int(r.status, 201, "and a study group in it");
	ev1 = (long)json_integer_value(json_object_get(r.json, "id"));
	is_str(str(r.json, "date"), "2027-01-10", "on a day");
	is_str(str(r.json, "kind"), "study_group", "of its kind");
	is_str(str(r.json, "curriculum_name"), "Community school",
	    "in its curriculum");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"name\":\"Class two\",\"kind\":"
	    "\"class\",\"date\":\"2027-01-17T18:30:00\",\"curriculum\":%ld}",
	    curr);
	http_json(&S, "POST", "/events", body, &r);
	ev2 = (long)json_integer_value(json_object_get(r.json, "id"));
	is_str(str(r.json, "date"), "2027-01-17T18:30",
	    "a day and time keeps the minutes");
	reply_free(&r);
	http_form(&S, "/events", "name=Salt+of+the+Earth&kind=film&"
	    "date=2027-02-01&time=19%3A00&curriculum=", &r);
	is_int(r.status, 303, "a film by form");
	is_str(reply_header(&r, "Location"), "/events/3", "to its page");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM event WHERE starts = "
	    "'2027-02-01T19:00' AND curriculum_id IS NULL"), 1,
	    "its day and time as one, in no curriculum");
	http_auth = NULL;
}

static void
test_list(void)
{
	struct reply r;
	json_t *items;

	http_json(&S, "GET", "/events", NULL, &r);
	items = json_object_get(r.json, "items");
	is_int(json_integer_value(json_object_get(r.json, "total")), 3,
	    "three events");
	is_str(str(json_array_get(items, 0), "name"), "Salt of the Earth",
	    "the latest first");
	is_str(str(json_array_get(items, 2), "name"), "Reading Freire",
	    "the earliest last");
	reply_free(&r);
	http(&S, "GET", "/events?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Grupo de estudio") &&
	    strstr(r.body, "action=\"/events\""),
	    "the page in Spanish, with the form");
	reply_free(&r);
	http(&S, "GET", "/curricula", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Community school"),
	    "the curricula page");
	reply_free(&r);
}

static void
test_materials(void)
{
	struct reply r;

	http_json(&S, "POST", http_at("/events/%ld/materials", ev1),
	    "{\"title\":\"Pedagogy of the Oppressed, ch. 2\",\"link\":"
	    "\"https://example.org/freire\",\"note\":\"pages 71-86\"}", &r);
	is_int(r.status, 201, "a text on the reading list");
	reply_free(&r);
	http_json(&S, "POST", http_at("/events/%ld/materials", ev1),
	    "{\"title\":\"The banking model\"}", &r);
	is_int(r.status, 201, "a title alone");
	reply_free(&r);
	is_int(listed(http_at("/events/%ld", ev1), "materials"), 2,
	    "the event lists both, as rows");
	http(&S, "GET", http_at("/events/%ld", ev1), "text/html", NULL, NULL,
	    0, &r);
	ok(strstr(r.body, "href=\"https://example.org/freire\"") != NULL,
	    "the page links the text");
	reply_free(&r);
}

/*
 * The script: Rosa comes to both events of the curriculum, Lucy to the
 * first only, and someone new to the first; Lucy said she would come
 * to the second. Rosa alone completed it, until Lucy comes too.
 */
static void
test_attendance(void)
{
	char body[128];
	struct reply r;
	json_t *done;

	snprintf(body, sizeof(body), "{\"person_id\":%ld}", lucy);
	is_int(http_status(&S, "POST", http_at("/events/%ld/rsvps", ev2),
	    body), 201, "Lucy says she will come");
	is_int(http_status(&S, "POST", http_at("/events/%ld/rsvps", ev2),
	    body), 409, "once");
	snprintf(body, sizeof(body), "{\"person_id\":%ld}", rosa);
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev1),
	    body), 201, "Rosa came to the first");
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev1),
	    body), 409, "signed in once");
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev2),
	    body), 201, "and to the second");
	snprintf(body, sizeof(body), "{\"person_id\":%ld}", lucy);
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev1),
	    body), 201, "Lucy to the first");
	http_json(&S, "POST", http_at("/events/%ld/attendance", ev1),
	    "{\"name\":\"Ella\"}", &r);
	is_int(r.status, 201, "someone new, by first name");
	is_str(str(r.json, "name"), "Ella", "made a person");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM person_stage s JOIN person "
	    "p ON p.id = s.person_id WHERE p.name = 'Ella' AND s.stage = "
	    "'participant' AND s.why = 'attended'"), 1,
	    "who came to an event is a participant, in the same write");
	is_int(listed(http_at("/events/%ld", ev1), "attendance"), 3,
	    "three came to the first");
	is_int(listed(http_at("/events/%ld", ev2), "rsvps"), 1,
	    "one said she would come to the second");

	http_json(&S, "GET", http_at("/curricula/%ld", curr), NULL, &r);
	done = json_object_get(r.json, "completed");
	is_int(json_array_size(done), 1, "one completed the curriculum");
	is_str(str(json_array_get(done, 0), "name"), "Rosa Parks",
	    "Rosa, who came to both");
	is_int(json_array_size(json_object_get(r.json, "people")), 3,
	    "three came to some of it");
	is_int(json_array_size(json_object_get(r.json, "events")), 2,
	    "its two events");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld}", lucy);
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev2),
	    body), 201, "Lucy comes to the second");
	is_int(listed(http_at("/curricula/%ld", curr), "completed"), 2,
	    "and completed it too");

	http_json(&S, "GET", http_at("/people/%ld", rosa), NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "events")), 2,
	    "Rosa's page lists the events she came to");
	is_str(str(json_array_get(json_object_get(r.json, "events"), 0),
	    "name"), "Class two", "the latest first");
	reply_free(&r);
}

/* Books given out at the first event: a stock move naming it. */
static void
test_stock(void)
{
	struct reply r;

	http_json(&S, "POST", http_at("/events/%ld/stock", ev1),
	    "{\"item_id\":1,\"location_id\":1,\"quantity\":2}", &r);
	is_int(r.status, 201, "two books given out at the study group");
	is_int(json_integer_value(json_object_get(r.json, "event_id")), ev1,
	    "the move names the event");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT quantity FROM stock_level WHERE "
	    "location_id = 1 AND item_id = 1"), 3, "three books left");
	is_int(listed(http_at("/events/%ld", ev1), "gave_out"), 1,
	    "the event page lists the move");
}

/* What each role reads and writes. */
static void
test_roles(void)
{
	struct reply r;

	http_auth = vol;
	http_json(&S, "GET", http_at("/events/%ld", ev1), NULL, &r);
	ok(r.status == 200 && json_object_get(r.json, "materials") != NULL &&
	    json_object_get(r.json, "attendance") == NULL &&
	    json_object_get(r.json, "rsvps") == NULL,
	    "a volunteer reads the event and its texts, not who came");
	is_int(json_integer_value(json_object_get(r.json, "attended")), 3,
	    "but how many");
	reply_free(&r);
	http_json(&S, "GET", http_at("/curricula/%ld", curr), NULL, &r);
	ok(r.status == 200 && json_object_get(r.json, "events") != NULL &&
	    json_object_get(r.json, "completed") == NULL &&
	    json_object_get(r.json, "people") == NULL,
	    "nor who completed a curriculum");
	reply_free(&r);
	http(&S, "GET", http_at("/events/%ld", ev1), "text/html", NULL, NULL,
	    0, &r);
	ok(r.status == 200 && strstr(r.body, "Rosa Parks") == NULL &&
	    strstr(r.body, "attendance\"") == NULL,
	    "nor on the page, with no form to sign in");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/events", "{\"name\":\"Talk\","
	    "\"kind\":\"talk\",\"date\":\"2027-03-01\"}"), 403,
	    "a volunteer makes no event");
	is_int(http_status(&S, "POST", http_at("/events/%ld/attendance", ev1),
	    "{\"name\":\"Ann\"}"), 403, "and signs nobody in");
	http_auth = NULL;
}

/* Bad input: a 422 naming the field (or 404, 409), nothing written. */
static void
test_bad(void)
{
	char *before = db_snapshot(&S);
	char curr_body[160];
	const struct {
		const char *path, *body, *field;
		long status;
	} bad[] = {
		{ "/events", "{\"kind\":\"talk\",\"date\":\"2027-03-01\"}",
		    "name", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"rally\","
		    "\"date\":\"2027-03-01\"}", "kind", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\"}", "date",
		    422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-02-30\"}", "date", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01T25:00\"}", "date", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01X18:00\"}", "date", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"tomorrow!!\"}", "date", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01T18:00\",\"time\":\"19:00\"}", "time",
		    422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01\",\"time\":\"7pm\"}", "time", 422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01\",\"curriculum\":99}", "curriculum",
		    422 },
		{ "/events", "{\"name\":\"Talk\",\"kind\":\"talk\","
		    "\"date\":\"2027-03-01\",\"curriculum\":\"one\"}",
		    "curriculum", 422 },
		{ "/curricula", "{\"description\":\"No name\"}", "name", 422 },
		{ "/events/1/materials", "{\"link\":\"https://x.org\"}", "title",
		    422 },
		{ "/events/1/materials", "{\"title\":\"T\",\"link\":"
		    "\"javascript:alert(1)\"}", "link", 422 },
		{ "/events/99/materials", "{\"title\":\"T\"}", NULL, 404 },
		{ "/events/1/attendance", "{}", "person_id", 422 },
		{ "/events/1/attendance", "{\"person_id\":1,\"name\":\"Ann\"}",
		    "person_id", 422 },
		{ "/events/1/attendance", "{\"person_id\":999}", "person_id",
		    422 },
		{ "/events/1/attendance", "{\"name\":\"\"}", "person_id",
		    422 },
		{ "/events/99/attendance", "{\"name\":\"Ann\"}", NULL, 404 },
		{ "/events/1/rsvps", "{\"person_id\":\"x\"}", "person_id",
		    422 },
		{ "/events/99/rsvps", "{\"person_id\":1}", NULL, 404 },
		{ "/events/1/stock", "{\"item_id\":1,\"location_id\":1,"
		    "\"quantity\":50}", NULL, 409 },
		{ "/events/1/stock", "{\"item_id\":9,\"location_id\":1,"
		    "\"quantity\":1}", "item_id", 422 },
		{ "/events/99/stock", "{\"item_id\":1,\"location_id\":1,"
		    "\"quantity\":1}", NULL, 404 },
	};
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", bad[i].path, bad[i].body, &r);
		ok(r.status == bad[i].status && (bad[i].field == NULL ||
		    strcmp(error_field(&r), bad[i].field) == 0),
		    "%s %s: %ld naming %s", bad[i].path, bad[i].body,
		    bad[i].status, bad[i].field ? bad[i].field : "nothing");
		if (r.status != bad[i].status)
			printf("# %ld %s\n", r.status, r.body);
		reply_free(&r);
	}
	is_int(http_status(&S, "GET", "/events/99", NULL), 404,
	    "an unknown event");
	is_int(http_status(&S, "GET", "/curricula/99", NULL), 404,
	    "an unknown curriculum");
	http_form(&S, "/events", "name=Talk&kind=talk&date=2027-13-01", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"date-error\"") &&
	    strstr(r.body, "value=\"Talk\""),
	    "the form again, its error by the date and the name kept");
	reply_free(&r);
	snprintf(curr_body, sizeof(curr_body), "name=Class&kind=class&"
	    "date=2027-03-01&time=25%%3A00&curriculum=%ld", curr);
	http_form(&S, "/events", curr_body, &r);
	ok(r.status == 422 && strstr(r.body, "id=\"time-error\""),
	    "and by the time");
	reply_free(&r);
	http_form(&S, "/events/1/materials", "title=T&link=ftp%3A%2F%2Fx",
	    &r);
	ok(r.status == 422 && strstr(r.body, "id=\"link-error\"") &&
	    strstr(r.body, "Reading Freire"),
	    "the event page again around a bad link");
	reply_free(&r);
	SAME_DB(&S, before, "every bad input");
	free(before);
}

/* A forget empties who came and drops what they said they would do. */
static void
test_forget(void)
{
	char sql[160];

	is_int(http_status(&S, "POST", http_at("/people/%ld/forget", lucy),
	    "{\"confirm\":\"yes\"}"), 200, "Lucy is forgotten");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM event_attendance "
	    "WHERE person_id = %ld", lucy);
	is_int(db_scalar(&S, sql), 0, "her attendance names her no more");
	is_int(db_scalar(&S, "SELECT count(*) FROM event_attendance"), 5,
	    "and still counts");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM event_rsvp WHERE "
	    "person_id = %ld", lucy);
	is_int(db_scalar(&S, sql), 0, "her RSVP is gone");
	is_int(listed(http_at("/curricula/%ld", curr), "completed"), 1,
	    "Rosa alone is named as completing it");
}

int
main(void)
{
	server_start(&S);
	setup();
	test_create();
	test_list();
	test_materials();
	test_attendance();
	test_stock();
	test_roles();
	test_bad();
	test_forget();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
