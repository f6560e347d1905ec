/*
 * Restocking and giving from stock over a real socket, on both backends:
 * a coordinator sets thresholds (bad ones refused, nothing written); a
 * station below its threshold is on its restock list, with how much to
 * bring and the pantries and storerooms that have it, and on the
 * network's low-stock view; a count at the shelf becomes a correction
 * move (none when it finds the record), a volunteer counting only in
 * their zones, and eight counts at once correct once; a coordinator
 * meets an ask from a shelf, the move and the ask fulfilled together,
 * nothing written when stock is short or the ask is over; a session
 * records what it gave out, leaflets too, listed on its page; the pages
 * in English and Spanish, and the stock sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char vol[200], vol2[200], org[200];

static long
num(json_t *obj, const char *key)
{
	return (long)json_integer_value(json_object_get(obj, key));
}

/* The level of item at location, read from the database (0: none). */
static long
level(long location, long item)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT coalesce(sum(quantity), 0) FROM "
	    "stock_level WHERE location_id = %ld AND item_id = %ld", location,
	    item);
	return db_scalar(&S, sql);
}

/* POST a count of item at location, as the current credentials. */
static long
count(long location, long item, long quantity)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"item_id\":%ld,\"quantity\":%ld}", item,
	    quantity);
	return http_status(&S, "POST", http_at("/locations/%ld/count", location),
	    body);
}

/*
 * Zones 1 and 2; items 1 diapers, 2 rice, 3 a leaflet; locations 1 a
 * pantry and 2 a station in zone 1, 3 a storeroom in zone 2, 4 a van in
 * none; logins of each role.
 */
static void
setup(void)
{
	static const char *const rows[] = {
		"INSERT INTO item (name, unit, category, created_at, "
		"updated_at) VALUES ('Diapers', 'pack', 'diapers', "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO item (name, unit, category, created_at, "
		"updated_at) VALUES ('Rice', 'kg', 'groceries', "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO item (name, unit, category, created_at, "
		"updated_at) VALUES ('Know your rights', 'each', 'other', "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO location (name, kind, zone_id, created_at, "
		"updated_at) VALUES ('Pantry', 'pantry', 1, "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO location (name, kind, zone_id, take_what_you_need, "
		"created_at, updated_at) VALUES ('Station', 'station', 1, 1, "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO location (name, kind, zone_id, created_at, "
		"updated_at) VALUES ('Storeroom', 'storage', 2, "
		"'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')",
		"INSERT INTO location (name, kind, created_at, updated_at) "
		"VALUES ('Van', 'vehicle', '2026-12-01T10:00:00Z', "
		"'2026-12-01T10:00:00Z')",
	};
	size_t i;

	ok(http_created(&S, "/zones", "{\"name\":\"Centro\"}") == 1 &&
	    http_created(&S, "/zones", "{\"name\":\"Norte\"}") == 2,
	    "zones 1 and 2");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		db_write(&S, rows[i]);
	is_int(db_count(&S, "location"), 4, "four locations");
	ok(server_login(&S, "vol", "volunteer", "1", vol, sizeof(vol)) > 0 &&
	    server_login(&S, "vol2", "volunteer", "2", vol2, sizeof(vol2)) >
	    0 && server_login(&S, "org", "organizer", "1", org, sizeof(org)) >
	    0, "a volunteer of each zone and an organizer");
}

static void
test_thresholds(void)
{
	static const struct {
		const char *path, *body, *field;
		long status;
	} bad[] = {
		{ "/locations/2/thresholds", "{\"threshold\":5}", "item_id",
		    422 },
		{ "/locations/2/thresholds", "{\"item_id\":99,\"threshold\":5}",
		    "item_id", 422 },
		{ "/locations/2/thresholds", "{\"item_id\":1,\"threshold\":-1}",
		    "threshold", 422 },
		{ "/locations/2/thresholds",
		    "{\"item_id\":1,\"threshold\":2000000}", "threshold", 422 },
		{ "/locations/2/thresholds", "{\"item_id\":1,\"threshold\":\"x\"}",
		    "threshold", 422 },
		{ "/locations/2/thresholds",
		    "{\"item_id\":1,\"threshold\":10,\"restock_to\":9}",
		    "restock_to", 422 },
		{ "/locations/2/thresholds",
		    "{\"item_id\":1,\"threshold\":10,\"shelf\":3}", "shelf",
		    422 },
		{ "/locations/99/thresholds", "{\"item_id\":1,\"threshold\":5}",
		    "", 404 },
	};
	char *before;
	struct reply r;
	size_t i;

	http_json(&S, "POST", "/locations/2/thresholds", "{\"item_id\":1,"
	    "\"threshold\":5}", &r);
	is_int(r.status, 200, "a coordinator sets a threshold");
	ok(json_is_null(json_object_get(r.json, "restock_to")),
	    "without restock_to");
	reply_free(&r);
	http_json(&S, "POST", "/locations/2/thresholds", "{\"item_id\":1,"
	    "\"threshold\":10,\"restock_to\":30}", &r);
	ok(r.status == 200 && num(r.json, "threshold") == 10 &&
	    num(r.json, "restock_to") == 30, "and sets it again, replaced");
	reply_free(&r);
	is_int(db_count(&S, "stock_threshold"), 1, "one threshold row");

	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", bad[i].path, bad[i].body, &r);
		ok(r.status == bad[i].status &&
		    strcmp(error_field(&r), bad[i].field) == 0,
		    "%s %s: %ld naming '%s'", bad[i].path, bad[i].body,
		    r.status, error_field(&r));
		reply_free(&r);
	}
	http_form(&S, "/locations/2/thresholds", "item_id=1&threshold=10&"
	    "restock_to=2", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"restock_to-error\"") &&
	    strstr(r.body, "value=\"2\""),
	    "the form again, the error by restock_to");
	reply_free(&r);
	http_auth = org;
	is_int(http_status(&S, "POST", "/locations/2/thresholds",
	    "{\"item_id\":1,\"threshold\":1}"), 403,
	    "an organizer sets no threshold");
	http_auth = NULL;
	SAME_DB(&S, before, "every refused threshold");
	free(before);
	http_form(&S, "/locations/1/thresholds", "item_id=2&threshold=3", &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    "/locations/1/restock") == 0, "the form sets one too");
	reply_free(&r);
}

/*
 * Stock by counts: 50 diapers at the pantry, 70 in the storeroom, 4 at
 * the station (threshold 10, to 30); rice 1 at the station with its
 * threshold 5 (none set for the pantry's rice: 3, with 8 there).
 */
static void
test_restock(void)
{
	struct reply r;
	json_t *items, *one, *from;

	ok(count(1, 1, 50) == 200 && count(3, 1, 70) == 200 &&
	    count(2, 1, 4) == 200 && count(1, 2, 8) == 200,
	    "stock counted in");
	http_json(&S, "POST", "/locations/2/thresholds", "{\"item_id\":2,"
	    "\"threshold\":5}", &r);
	reply_free(&r);
	http_auth = vol2;
	http(&S, "GET", "/locations/2/restock", "application/json", NULL,
	    NULL, 0, &r);
	http_auth = NULL;
	items = json_object_get(r.json, "items");
	is_int(r.status, 200, "a volunteer of any zone reads a restock list");
	is_int(json_array_size(items), 2, "the station lacks two items");
	one = json_array_get(items, 0);
	from = json_object_get(one, "sources");
	ok(num(one, "item_id") == 1 && num(one, "quantity") == 4 &&
	    num(one, "threshold") == 10 && num(one, "bring") == 26,
	    "diapers: 4 of 10, bring 26 back to 30");
	ok(json_array_size(from) == 2 &&
	    num(json_array_get(from, 0), "location_id") == 3 &&
	    num(json_array_get(from, 0), "quantity") == 70 &&
	    num(json_array_get(from, 1), "location_id") == 1,
	    "from the storeroom (70), then the pantry (50)");
	one = json_array_get(items, 1);
	ok(num(one, "item_id") == 2 && num(one, "quantity") == 0 &&
	    num(one, "bring") == 5 && json_array_size(json_object_get(one,
	    "sources")) == 1, "rice, never there: bring 5, from the pantry");
	reply_free(&r);

	http_json(&S, "GET", "/locations/1/restock", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "items")), 0,
	    "the pantry's rice (8) is above its threshold (3)");
	reply_free(&r);
	is_int(http_total(&S, "/stock?low=1"), 2, "two items run low");
	is_int(http_total(&S, "/stock"), 3, "of three with a threshold");
	http_json(&S, "GET", "/stock?low=1", NULL, &r);
	one = json_array_get(json_object_get(r.json, "items"), 0);
	ok(num(one, "location_id") == 2 && json_is_true(json_object_get(one,
	    "low")) && num(one, "bring") == 26, "the station's diapers first");
	reply_free(&r);
	is_int(http_status(&S, "GET", "/stock?low=2", NULL), 422,
	    "low is 0 or 1");
	is_int(http_status(&S, "GET", "/locations/99/restock", NULL), 404,
	    "no such location: 404");

	http(&S, "GET", "/locations/2/restock", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "Storeroom") &&
	    strstr(r.body, "<strong>26</strong>") &&
	    strstr(r.body, "action=\"/locations/2/thresholds\""),
	    "the page: what to bring, from where, the thresholds' form");
	reply_free(&r);
	http(&S, "GET", "/stock?low=1&lang=es", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "Existencias bajas") &&
	    strstr(r.body, "href=\"/locations/2/restock\""),
	    "the network's low stock, in Spanish");
	reply_free(&r);
}

static void
test_count(void)
{
	static const char *const bad[] = {
		"{\"item_id\":1,\"quantity\":-1}",
		"{\"item_id\":1}",
		"{\"quantity\":3}",
		"{\"item_id\":99,\"quantity\":3}",
		"{\"item_id\":1,\"quantity\":2000000}",
		"{\"item_id\":1,\"quantity\":3,\"reason\":\"x\"}",
	};
	long moves = db_count(&S, "stock_move");
	char *before, *user, sql[256];
	struct reply r;
	size_t i;

	http_json(&S, "POST", "/locations/1/count", "{\"item_id\":1,"
	    "\"quantity\":47,\"note\":\"top shelf\"}", &r);
	ok(r.status == 200 && num(r.json, "was") == 50 &&
	    num(r.json, "difference") == -3 && num(r.json, "move_id") > 0,
	    "3 fewer than the record: a correction");
	snprintf(sql, sizeof(sql), "SELECT u.login || ' ' || m.kind || ' ' "
	    "|| m.reason || ' ' || m.quantity || ' ' || m.note FROM "
	    "stock_move m JOIN app_user u ON u.id = m.user_id WHERE m.id = "
	    "%ld", num(r.json, "move_id"));
	user = db_text(&S, sql);
	is_str(user != NULL ? user : "", "admin out correction 3 top shelf",
	    "out, by who counted, with the note");
	free(user);
	reply_free(&r);
	is_int(level(1, 1), 47, "the level is what was counted");
	http_json(&S, "POST", "/locations/1/count", "{\"item_id\":1,"
	    "\"quantity\":47}", &r);
	ok(r.status == 200 && json_is_null(json_object_get(r.json,
	    "move_id")), "the same again: no move");
	reply_free(&r);
	is_int(db_count(&S, "stock_move"), moves + 1, "one move in all");

	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(http_status(&S, "POST", "/locations/1/count", bad[i]),
		    422, "count %s: 422", bad[i]);
	is_int(count(99, 1, 3), 404, "no such location: 404");
	http_auth = vol2;
	is_int(count(1, 1, 40), 403, "a volunteer of another zone: 403");
	is_int(count(1, 1, 47), 403, "even when nothing differs");
	http_auth = vol;
	is_int(count(4, 1, 2), 403, "nor at a location of no zone");
	http_auth = NULL;
	http_form(&S, "/locations/1/count", "item_id=2&quantity=-4", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"quantity-error\""),
	    "the count page again, the error by its item");
	reply_free(&r);
	SAME_DB(&S, before, "every refused count");
	free(before);
	http_auth = vol;
	is_int(count(1, 1, 48), 200, "a volunteer counts in their zone");
	http_auth = NULL;
	is_int(level(1, 1), 48, "one more found");

	http(&S, "GET", "/locations/1/count", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "id=\"count-1\"") &&
	    strstr(r.body, "inputmode=\"numeric\""),
	    "the count page: a field per item");
	reply_free(&r);
	http(&S, "GET", "/locations/1/sheet?lang=es", "text/html", NULL, NULL,
	    0, &r);
	ok(r.status == 200 && strstr(r.body, "Hoja de existencias") &&
	    strstr(r.body, "class=\"sheet-stock\"") &&
	    strstr(r.body, "Diapers"), "the stock sheet, in Spanish");
	reply_free(&r);
	http(&S, "GET", "/locations/1", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "href=\"/locations/1/restock\"") &&
	    strstr(r.body, "href=\"/locations/1/count\"") &&
	    strstr(r.body, "href=\"/locations/1/sheet\""),
	    "the location's page leads to its restock list, count and sheet");
	reply_free(&r);
	http(&S, "GET", "/locations", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "href=\"/stock?low=1\""),
	    "the stock pages lead to what runs low");
	reply_free(&r);
}

/* Eight people count the pantry's rice (8) as 5 at once: one -3. */
static void
test_race(void)
{
	enum { N = 8 };
	static struct racer r[N];
	long moves = db_count(&S, "stock_move");
	int i, fine;

	for (i = 0; i < N; i++)
		snprintf(r[i].auth, sizeof(r[i].auth), "%s", vol);
	http_race(&S, r, N, "/locations/1/count",
	    "{\"item_id\":2,\"quantity\":5}", 1, NULL);
	fine = http_race_count(r, N, 200, NULL);
	is_int(fine, N, "eight counts at once are all taken");
	is_int(db_count(&S, "stock_move"), moves + 1, "one correction of them");
	is_int(level(1, 2), 5, "and the level is what they counted");
}

static void
test_ask(void)
{
	static const struct {
		const char *body, *field;
		long status;
	} bad[] = {
		{ "{\"location_id\":1,\"item_id\":1,\"quantity\":49}",
		    "quantity", 409 },
		{ "{\"location_id\":1,\"item_id\":2,\"quantity\":1}", "item_id",
		    422 },
		{ "{\"location_id\":99,\"item_id\":1,\"quantity\":1}",
		    "location_id", 422 },
		{ "{\"location_id\":1,\"item_id\":1,\"quantity\":0}",
		    "quantity", 422 },
		{ "{\"location_id\":1,\"item_id\":1}", "quantity", 422 },
		{ "{\"location_id\":1,\"item_id\":99,\"quantity\":1}",
		    "item_id", 422 },
	};
	char *before, *status, body[256];
	struct reply r;
	long person, move;
	size_t i;

	person = http_created(&S, "/people", "{\"name\":\"Rosa\","
	    "\"zone_id\":1}");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"diapers\",\"details\":\"Size 4\",\"urgency\":2,"
	    "\"zone_id\":1}", person);
	ok(person > 0 && http_created(&S, "/needs", body) == 1 &&
	    http_created(&S, "/needs", body) == 2, "two asks for diapers");
	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/needs/1/stock", bad[i].body, &r);
		ok(r.status == bad[i].status &&
		    strcmp(error_field(&r), bad[i].field) == 0,
		    "%s: %ld naming '%s'", bad[i].body, r.status,
		    error_field(&r));
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/needs/99/stock", "{\"location_id\":1,"
	    "\"item_id\":1,\"quantity\":1}"), 404, "no such ask: 404");
	http_auth = org;
	is_int(http_status(&S, "POST", "/needs/1/stock", "{\"location_id\":1,"
	    "\"item_id\":1,\"quantity\":1}"), 403, "an organizer: 403");
	http_auth = NULL;
	http_form(&S, "/needs/1/stock", "location_id=1&item_id=1&quantity=0",
	    &r);
	ok(r.status == 422 && strstr(r.body, "id=\"quantity-error\""),
	    "the page again, the error by its row");
	reply_free(&r);
	SAME_DB(&S, before, "every refused gift to an ask");
	free(before);

	http_json(&S, "POST", "/needs/1/stock", "{\"location_id\":1,"
	    "\"item_id\":1,\"quantity\":6}", &r);
	move = num(r.json, "move_id");
	ok(r.status == 201 && move > 0, "an ask met: 201");
	reply_free(&r);
	status = db_text(&S, "SELECT status FROM need WHERE id = 1");
	is_str(status != NULL ? status : "", "fulfilled", "the ask fulfilled");
	free(status);
	is_int(level(1, 1), 42, "six taken from the pantry");
	is_int(db_scalar(&S, "SELECT count(*) FROM stock_move WHERE need_id = "
	    "1 AND kind = 'out' AND reason = 'given'"), 1,
	    "by a move that names the ask");
	snprintf(body, sizeof(body), "SELECT count(*) FROM audit WHERE "
	    "(action = 'need.stock' AND entity_id = 1) OR (action = "
	    "'stock.move' AND entity_id = %ld)", move);
	is_int(db_scalar(&S, body), 2, "the ask and the move audited");
	before = db_snapshot(&S);
	http_json(&S, "POST", "/needs/1/stock", "{\"location_id\":1,"
	    "\"item_id\":1,\"quantity\":1}", &r);
	ok(r.status == 409 && strcmp(error_field(&r), "status") == 0,
	    "a fulfilled ask again: 409");
	reply_free(&r);
	SAME_DB(&S, before, "the ask met twice");
	free(before);

	http(&S, "GET", "/needs/2/stock", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "id=\"give-1-3\"") &&
	    strstr(r.body, "Storeroom"), "the page: where diapers are");
	reply_free(&r);
	http(&S, "GET", "/needs/2", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "href=\"/needs/2/stock\"") != NULL,
	    "the ask's page links it");
	reply_free(&r);
	http_form(&S, "/needs/2/stock", "location_id=3&item_id=1&quantity=2",
	    &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    "/needs/2") == 0, "the form gives, back on the ask");
	reply_free(&r);
	http(&S, "GET", "/needs/2", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "href=\"/needs/2/stock\"") ==
	    NULL, "a fulfilled ask's page no longer offers stock");
	reply_free(&r);
	http_json(&S, "GET", "/needs/2", NULL, &r);
	ok(json_is_false(json_object_get(r.json, "can_give_out")),
	    "nor does its JSON");
	reply_free(&r);
}

static void
test_session(void)
{
	const char *give = "{\"location_id\":1,\"item_id\":3,\"quantity\":10}";
	char *before;
	struct reply r;
	json_t *gave;
	long one_off;

	ok(http_created(&S, "/programs", "{\"name\":\"Free store\",\"kind\":"
	    "\"free_store\",\"schedule\":\"Mon-Sun 00:00-23:59\"}") == 1,
	    "a program, its session 1 today");
	is_int(count(1, 3, 100), 200, "100 leaflets at the pantry");
	http_json(&S, "POST", "/sessions/1/stock", give, &r);
	ok(r.status == 201 && num(r.json, "session_id") == 1 &&
	    num(r.json, "quantity") == 10, "a session gives out leaflets");
	reply_free(&r);
	http_auth = vol;
	is_int(http_status(&S, "POST", "/sessions/1/stock", give), 201,
	    "a volunteer of the pantry's zone too");
	before = db_snapshot(&S);
	http_auth = vol2;
	is_int(http_status(&S, "POST", "/sessions/1/stock", give), 403,
	    "a volunteer of another zone: 403");
	http_auth = NULL;
	is_int(http_status(&S, "POST", "/sessions/1/stock", "{\"location_id\":"
	    "1,\"item_id\":3,\"quantity\":81}"), 409, "more than there: 409");
	is_int(http_status(&S, "POST", "/sessions/1/stock", "{\"location_id\":"
	    "1,\"item_id\":3}"), 422, "no quantity: 422");
	is_int(http_status(&S, "POST", "/sessions/99/stock", give), 404,
	    "no such session: 404");
	SAME_DB(&S, before, "every refused gave-out");
	free(before);

	http_json(&S, "GET", "/sessions/1", NULL, &r);
	gave = json_object_get(r.json, "gave_out");
	ok(json_array_size(gave) == 2 && num(json_array_get(gave, 0),
	    "quantity") == 10, "the session lists what it gave out");
	reply_free(&r);
	http(&S, "GET", "/sessions/1", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Know your rights") &&
	    strstr(r.body, "action=\"/sessions/1/stock\""),
	    "on its page, with the form");
	reply_free(&r);

	one_off = http_created(&S, "/programs/1/sessions", "{\"date\":"
	    "\"2027-01-05\",\"start\":\"10:00\",\"end\":\"12:00\"}");
	ok(one_off > 0, "a one-off session");
	is_int(http_status(&S, "POST", http_at("/sessions/%ld/cancel", one_off),
	    "{\"reason\":\"snow\"}"), 200, "cancelled");
	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", http_at("/sessions/%ld/stock", one_off),
	    give), 409, "a cancelled session gives nothing out: 409");
	SAME_DB(&S, before, "the cancelled session's gave-out");
	free(before);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_thresholds();
	test_restock();
	test_count();
	test_race();
	test_ask();
	test_session();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
