/*
 * Delivery runs over a real socket: a coordinator makes a run of the
 * claims a volunteer holds (JSON and form), bad or foreign claims refused
 * with nothing written, stops in route order with those without
 * coordinates last, who sees a run (its driver and coordinators; anyone
 * else 404), and the sheet: contact only while a claim is held, each
 * contact shown recorded as a contact view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char vol_auth[128], vol2_auth[128], org_auth[128], coord_auth[128];

/* A login of role working in zones 1 to 3, with an API token. */
static void
add_user(const char *login, const char *role, char *auth, size_t len)
{
	char line[256], token[128];

	if (server_cli(&S, (const char *[]){ "user", "add", login, "--role",
	    role, "--zone", "1", "--zone", "2", "--zone", "3", NULL }, line,
	    sizeof(line)) != 0 ||
	    server_cli(&S, (const char *[]){ "token", "add", login, NULL },
	    token, sizeof(token)) != 0)
		printf("not ok - cannot add %s\n", login);
	snprintf(auth, len, "Bearer %.100s", token);
}

static long
status_as(const char *auth, const char *method, const char *path,
    const char *body)
{
	long status;

	http_auth = auth;
	status = http_status(&S, method, path, body);
	http_auth = NULL;
	return status;
}

/*
 * Zones 1 and 2 with coordinates, 3 without; Rosa (person 2) with a
 * phone and an address, Ana (person 3) with neither; asks 1 to 5 in
 * zones 1, 2, 3, 1, 2. Logins: admin 1, vol 2, vol2 3, org 4, coord 5.
 * vol claims asks 1 to 4 (claims 1 to 4), vol2 ask 5 (claim 5).
 */
static void
seed(void)
{
	static const char *const asks[] = {
		"{\"person_id\":2,\"category\":\"groceries\",\"details\":"
		"\"Rice and beans\",\"urgency\":2,\"zone_id\":1}",
		"{\"person_id\":3,\"category\":\"diapers\",\"details\":"
		"\"Size 4\",\"urgency\":3,\"zone_id\":2}",
		"{\"person_id\":2,\"category\":\"medical\",\"details\":"
		"\"Insulin\",\"urgency\":3,\"zone_id\":3}",
		"{\"person_id\":2,\"category\":\"clothing\",\"details\":"
		"\"Coat\",\"urgency\":1,\"zone_id\":1}",
		"{\"person_id\":3,\"category\":\"groceries\",\"details\":"
		"\"Milk\",\"urgency\":2,\"zone_id\":2}",
	};
	char path[32];
	size_t i;

	http_status(&S, "POST", "/zones",
	    "{\"name\":\"Centro\",\"lat\":40.41,\"lon\":-3.70}");
	http_status(&S, "POST", "/zones",
	    "{\"name\":\"Norte\",\"lat\":40.45,\"lon\":-3.70}");
	http_status(&S, "POST", "/zones", "{\"name\":\"Sur\"}");
	http_status(&S, "POST", "/people", "{\"name\":\"Rosa Parks\","
	    "\"phone\":\"+15550100001\",\"address\":\"1 Main St\","
	    "\"zone_id\":1}");
	http_status(&S, "POST", "/people",
	    "{\"name\":\"Ana María López\",\"zone_id\":2}");
	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++)
		http_status(&S, "POST", "/needs", asks[i]);
	add_user("vol", "volunteer", vol_auth, sizeof(vol_auth));
	add_user("vol2", "volunteer", vol2_auth, sizeof(vol2_auth));
	add_user("org", "organizer", org_auth, sizeof(org_auth));
	add_user("coord", "coordinator", coord_auth, sizeof(coord_auth));
	for (i = 1; i <= 4; i++) {
		snprintf(path, sizeof(path), "/needs/%zu/claim", i);
		status_as(vol_auth, "POST", path, "{}");
	}
	status_as(vol2_auth, "POST", "/needs/5/claim", "{}");
	is_int(db_scalar(&S, "SELECT count(*) FROM claim WHERE "
	    "released_at IS NULL"), 5, "five claims are held");
}

/* The form: who holds claims, and one driver's claims as checkboxes. */
static void
test_form(void)
{
	struct reply r;
	json_t *drivers, *claims;

	http_auth = coord_auth;
	http_json(&S, "GET", "/runs/new", NULL, &r);
	is_int(r.status, 200, "a coordinator opens the form");
	drivers = json_object_get(r.json, "drivers");
	ok(json_array_size(drivers) == 2 && strcmp(json_string_value(
	    json_object_get(json_array_get(drivers, 0), "login")), "vol") == 0 &&
	    json_integer_value(json_object_get(json_array_get(drivers, 0),
	    "claims_held")) == 4, "it lists the logins holding claims, with "
	    "how many");
	ok(json_object_get(r.json, "claims") == NULL,
	    "and no claims before a driver is chosen");
	reply_free(&r);
	http_json(&S, "GET", "/runs/new?driver_id=2", NULL, &r);
	claims = json_object_get(r.json, "claims");
	ok(json_array_size(claims) == 4 && json_is_true(json_object_get(
	    json_array_get(claims, 0), "checked")) && !json_is_true(
	    json_object_get(json_array_get(claims, 2), "located")),
	    "the driver's four claims, ticked, the one in Sur not located");
	reply_free(&r);
	http(&S, "GET", "/runs/new?driver_id=2", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "name=\"claim_ids\" "
	    "value=\"4\" checked") != NULL, "as checkboxes on the page");
	reply_free(&r);
	http_auth = NULL;
}

/* Bad and foreign input: 422 naming the field, nothing written. */
static void
test_bad_input(void)
{
	static const struct {
		const char	*body;
		const char	*field;
		const char	*what;
	} bad[] = {
		{ "{}", "driver_id", "nothing" },
		{ "{\"driver_id\":2}", "claim_ids", "no claims" },
		{ "{\"driver_id\":2,\"claim_ids\":[]}", "claim_ids",
		    "an empty list" },
		{ "{\"driver_id\":999,\"claim_ids\":[1]}", "driver_id",
		    "no such driver" },
		{ "{\"driver_id\":4,\"claim_ids\":[1]}", "driver_id",
		    "an organizer, who does not claim, as the driver" },
		{ "{\"driver_id\":2,\"claim_ids\":[5]}", "claim_ids",
		    "another volunteer's claim" },
		{ "{\"driver_id\":2,\"claim_ids\":[1,99]}", "claim_ids",
		    "a claim that does not exist, after a good one" },
		{ "{\"driver_id\":2,\"claim_ids\":[6]}", "claim_ids",
		    "a released claim" },
		{ "{\"driver_id\":2,\"claim_ids\":[1,1]}", "claim_ids",
		    "a claim twice" },
		{ "{\"driver_id\":2,\"claim_ids\":[0]}", "claim_ids",
		    "an id below 1" },
		{ "{\"driver_id\":2,\"claim_ids\":\"x\"}", "claim_ids",
		    "not a list of ids" },
		{ "{\"driver_id\":2,\"claim_ids\":[1,2,3,4,5,6,7,8,9,10,11,"
		    "12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
		    "31]}", "claim_ids", "31 stops" },
		{ "{\"driver_id\":2,\"claim_ids\":[1],\"x\":1}", "x",
		    "an undeclared key" },
	};
	struct reply r;
	char *before;
	size_t i;

	/* Claim 6: vol's, released. */
	http_status(&S, "POST", "/needs", "{\"person_id\":2,\"category\":"
	    "\"rent\",\"details\":\"Help\",\"urgency\":1,\"zone_id\":1}");
	status_as(vol_auth, "POST", "/needs/6/claim", "{}");
	status_as(vol_auth, "POST", "/needs/6/release",
	    "{\"reason\":\"away\"}");
	is_int(db_scalar(&S, "SELECT count(*) FROM claim WHERE id = 6 AND "
	    "user_id = 2 AND released_at IS NOT NULL"), 1,
	    "claim 6 is vol's, released");
	before = db_snapshot(&S);
	http_auth = coord_auth;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/runs", bad[i].body, &r);
		is_int(r.status, 422, "%s: 422", bad[i].what);
		is_str(error_field(&r), bad[i].field, "%s: the field named",
		    bad[i].what);
		reply_free(&r);
	}
	http_json(&S, "POST", "/runs", "{\"driver_id\":2,\"claim_ids\":"
	    "[1,5]}", &r);
	ok(strstr(r.body, "claim 5 ") != NULL, "the message names the "
	    "claim refused");
	reply_free(&r);
	http_form(&S, "/runs", "driver_id=2", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"claim_ids-error\"") &&
	    strstr(r.body, "name=\"claim_ids\" value=\"1\">"),
	    "a form with nothing ticked comes back with the message by the "
	    "claims, none ticked");
	reply_free(&r);
	http_form(&S, "/runs", "driver_id=2&claim_ids=1&claim_ids=5", &r);
	ok(r.status == 422 && strstr(r.body,
	    "name=\"claim_ids\" value=\"1\" checked"),
	    "one with a foreign claim keeps what was ticked");
	reply_free(&r);
	http_auth = NULL;
	is_int(status_as(vol_auth, "POST", "/runs",
	    "{\"driver_id\":2,\"claim_ids\":[1]}"), 403,
	    "a volunteer cannot make a run, not even their own");
	is_int(status_as(org_auth, "POST", "/runs",
	    "{\"driver_id\":2,\"claim_ids\":[1]}"), 403, "nor an organizer");
	SAME_DB(&S, before, "every refused run");
	free(before);
}

/* Whether stop i of run (an object) is claim id. */
static long
stop_claim(json_t *run, size_t i)
{
	return (long)json_integer_value(json_object_get(json_array_get(
	    json_object_get(run, "stops"), i), "claim_id"));
}

/* Runs made by JSON and by form, their stops in route order. */
static void
test_create(void)
{
	struct reply r;
	json_t *stops;
	double km;
	long a, b;

	http_auth = coord_auth;
	http_json(&S, "POST", "/runs", "{\"driver_id\":2,\"claim_ids\":"
	    "[3,1,2,4]}", &r);
	is_int(r.status, 201, "a coordinator makes a run of four claims");
	stops = json_object_get(r.json, "stops");
	is_int(json_array_size(stops), 4, "four stops");
	is_int(stop_claim(r.json, 3), 3, "the stop in Sur, without "
	    "coordinates, comes last");
	is_int(json_integer_value(json_object_get(r.json, "unlocated")), 1,
	    "and the run says one stop is not located");
	a = stop_claim(r.json, 0);
	b = stop_claim(r.json, 1);
	ok((a == 2 && stop_claim(r.json, 2) == 1 + 4 - b) ||
	    (stop_claim(r.json, 2) == 2 && a + b == 5),
	    "the two Centro stops side by side, Norte at an end");
	km = json_number_value(json_object_get(r.json, "km"));
	ok(km > 4.3 && km < 4.6, "the route is the 4.4 km from Centro to "
	    "Norte (%.2f)", km);
	ok(json_object_get(json_array_get(stops, 0), "phone") == NULL &&
	    json_object_get(json_array_get(stops, 0), "person_id") == NULL,
	    "a run carries no contact and no person id");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'run.create' AND entity = 'run' AND entity_id = 1 AND "
	    "user_id = 5"), 1, "the audit trail records who made run 1");
	http_form(&S, "/runs", "driver_id=2&claim_ids=1&claim_ids=2", &r);
	is_int(r.status, 303, "a form makes a run of the boxes ticked");
	is_str(reply_header(&r, "Location"), "/runs/2", "and goes to it");
	reply_free(&r);
	http_json(&S, "GET", "/runs/2", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "stops")), 2,
	    "with two stops");
	reply_free(&r);
	http_auth = NULL;
}

/* Who sees which runs: the driver and coordinators; others, nothing. */
static void
test_who_sees(void)
{
	static const struct {
		const char	*who;
		char		*auth;
		long		 list, run, sheet;
	} rows[] = {
		{ "the driver", vol_auth, 2, 200, 200 },
		{ "another volunteer", vol2_auth, 0, 404, 404 },
		{ "an organizer", org_auth, 0, 404, 404 },
		{ "a coordinator", coord_auth, 2, 200, 200 },
	};
	long views = db_scalar(&S, "SELECT count(*) FROM audit WHERE "
	    "action = 'view contact'");
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		http_auth = rows[i].auth;
		is_int(http_total(&S, "/runs"), rows[i].list, "%s lists %ld "
		    "runs", rows[i].who, rows[i].list);
		is_int(http_status(&S, "GET", "/runs/1", NULL), rows[i].run,
		    "%s: run 1 answers %ld", rows[i].who, rows[i].run);
		http_json(&S, "GET", "/runs/1/sheet", NULL, &r);
		is_int(r.status, rows[i].sheet, "%s: its sheet answers %ld",
		    rows[i].who, rows[i].sheet);
		ok(r.status == 200 || strstr(r.body, "555") == NULL,
		    "%s: a refused sheet shows no phone", rows[i].who);
		reply_free(&r);
		http(&S, "GET", "/runs/1/sheet", "text/html", NULL, NULL, 0,
		    &r);
		ok((r.status == 200) == (rows[i].sheet == 200) &&
		    (r.status == 200 || strstr(r.body, "555") == NULL),
		    "%s: the same as a page", rows[i].who);
		reply_free(&r);
	}
	http_auth = coord_auth;
	is_int(http_total(&S, "/runs?driver_id=3"), 0,
	    "a coordinator filters by driver");
	http_auth = vol2_auth;
	is_int(http_total(&S, "/runs?driver_id=2"), 0,
	    "a volunteer's filter cannot reach another's runs");
	http_auth = NULL;
	/* The driver's and the coordinator's sheets, twice each (JSON and
	 * HTML), each recording the one person with a contact on file. */
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE "
	    "action = 'view contact'"), views + 4,
	    "each sheet shown recorded one contact view, refused ones none");
}

/* The sheet: contact while the claim is held, and each view recorded. */
static void
test_sheet(void)
{
	struct reply r;
	json_t *stop;
	size_t i, shown = 0;
	long views = db_scalar(&S, "SELECT count(*) FROM audit WHERE "
	    "action = 'view contact' AND user_id = 2 AND entity_id = 2");

	http_auth = vol_auth;
	http_json(&S, "GET", "/runs/1/sheet", NULL, &r);
	json_array_foreach (json_object_get(r.json, "stops"), i, stop) {
		if (json_is_string(json_object_get(stop, "phone")))
			shown++;
		if (json_integer_value(json_object_get(stop, "claim_id")) == 1)
			ok(strcmp(json_string_value(json_object_get(stop,
			    "phone")), "+15550100001") == 0 &&
			    strcmp(json_string_value(json_object_get(stop,
			    "address")), "1 Main St") == 0 &&
			    strcmp(json_string_value(json_object_get(stop,
			    "first_name")), "Rosa") == 0 &&
			    json_object_get(stop, "details") != NULL,
			    "a held stop: first name, phone, address, details");
		if (json_integer_value(json_object_get(stop, "claim_id")) == 2)
			is_str(json_string_value(json_object_get(stop,
			    "first_name")), "Ana", "a first name only");
	}
	is_int(shown, 3, "Rosa's three stops show her phone");
	ok(json_is_true(json_object_get(r.json, "contact_shown")) &&
	    json_object_get(r.json, "contact_of") == NULL,
	    "the sheet says it shows contact, and names nobody's id");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact' AND user_id = 2 AND entity_id = 2"), views + 1,
	    "recorded once for Rosa, Ana having no contact on file");
	http(&S, "GET", "/runs/1/sheet", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "href=\"tel:+15550100001\"") &&
	    strstr(r.body, "<strong>Rosa</strong>") &&
	    strstr(r.body, "Parks") == NULL,
	    "the page: a phone to call, the first name, never the surname");
	reply_free(&r);

	/* Released: the stop keeps its place and loses its contact. */
	status_as(vol_auth, "POST", "/needs/1/release",
	    "{\"reason\":\"away\"}");
	status_as(vol_auth, "POST", "/needs/3/release",
	    "{\"reason\":\"away\"}");
	/* Claimed, the ask is matched already (claim.h). */
	status_as(coord_auth, "POST", "/needs/4/status",
	    "{\"status\":\"fulfilled\"}");
	views = db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact'");
	http_auth = vol_auth;
	http_json(&S, "GET", "/runs/1/sheet", NULL, &r);
	shown = 0;
	json_array_foreach (json_object_get(r.json, "stops"), i, stop) {
		if (json_object_get(stop, "phone") != NULL ||
		    json_object_get(stop, "address") != NULL)
			shown++;
		if (json_integer_value(json_object_get(stop, "claim_id")) == 1)
			ok(!json_is_true(json_object_get(stop, "held")) &&
			    json_object_get(stop, "details") == NULL,
			    "a released claim: not held, no details");
	}
	is_int(shown, 1, "only the stop still held carries contact fields");
	ok(!json_is_true(json_object_get(r.json, "contact_shown")),
	    "and with no phone or address on file, no contact is shown");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact'"), views, "so nothing is recorded");
	http(&S, "GET", "/runs/1/sheet", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "555") == NULL &&
	    strstr(r.body, "1 Main St") == NULL,
	    "the page shows no phone and no address");
	reply_free(&r);
	http_auth = NULL;
}

/*
 * The coordinators' alert on reading many contacts counts the sheets:
 * the server runs with --contact-alert 1, and vol has opened sheets
 * with Rosa's contact twice in the hour, vol2 none.
 */
static void
test_alert(void)
{
	struct reply r;
	json_t *row;
	size_t i;
	int vol = 0, vol2 = 0;

	http_auth = coord_auth;
	http_json(&S, "GET", "/", NULL, &r);
	json_array_foreach (json_object_get(r.json, "contact_alert"), i, row) {
		vol += strcmp(json_string_value(json_object_get(row, "login")),
		    "vol") == 0;
		vol2 += strcmp(json_string_value(json_object_get(row,
		    "login")), "vol2") == 0;
	}
	ok(vol == 1 && vol2 == 0, "the dashboard's alert names the driver "
	    "who read contacts on sheets, and nobody who did not");
	reply_free(&r);
	http_auth = NULL;
}

/* The pages, in English and in Spanish. */
static void
test_pages(void)
{
	static const char *const paths[] = {
		"/runs", "/runs/new", "/runs/new?driver_id=2", "/runs/1",
		"/runs/1/sheet",
	};
	struct reply r;
	size_t i;

	http_auth = coord_auth;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		http(&S, "GET", paths[i], "text/html", NULL, NULL, 0, &r);
		is_int(r.status, 200, "GET %s is a page", paths[i]);
		reply_free(&r);
	}
	http(&S, "GET", "/runs/1?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<h1>Ruta 1") != NULL, "a run in Spanish");
	reply_free(&r);
	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/runs\"") != NULL,
	    "a coordinator's menu leads to the runs");
	reply_free(&r);
	http_auth = org_auth;
	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/runs\"") == NULL,
	    "an organizer's, who neither drives nor makes runs, does not");
	reply_free(&r);
	http_auth = vol2_auth;
	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/runs\"") != NULL,
	    "a volunteer's does");
	reply_free(&r);
	http(&S, "GET", "/runs?lang=en", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "You have no runs yet") != NULL &&
	    strstr(r.body, "href=\"/needs?mine=1\"") != NULL,
	    "a volunteer without runs is told where their claims are");
	reply_free(&r);
	http_auth = NULL;
}

int
main(void)
{
	server_args = (const char *const[]){ "--contact-alert", "1", NULL };
	server_start(&S);
	seed();
	test_form();
	test_bad_input();
	test_create();
	test_who_sees();
	test_sheet();
	test_alert();
	test_pages();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
