/*
 * Stock over a real socket, on both backends: items and locations made
 * by JSON and by form; a donation arrives at a pantry, a transfer fills a
 * station, a volunteer of the zone takes from it, one of another zone
 * may not; a take of more than is there is a 409 that says how much is
 * left and writes nothing; moves are listed, shown and reversed (once);
 * each is audited; a location's page gives its stock item by item; every
 * bad input is refused with the field named and writes nothing;
 * `solidarity check` finds a level that drifted; and 8 clients taking the
 * last units at once never take more than there was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char vol[200], vol2[200];
static long ITEM, ITEM2, PANTRY, STATION, FAR;

/* The level of item at location, read from the database. */
static long
level(long location, long item)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT coalesce((SELECT quantity FROM "
	    "stock_level WHERE location_id = %ld AND item_id = %ld), 0)",
	    location, item);
	return db_scalar(&S, sql);
}

/* A move's JSON: kind, reason (NULL: none), item, quantity, places. */
static const char *
move_json(const char *kind, const char *reason, long item, long quantity,
    long location, long from, long to)
{
	static char body[512];
	int n;

	n = snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"item_id\":%ld,"
	    "\"quantity\":%ld", kind, item, quantity);
	if (reason != NULL)
		n += snprintf(body + n, sizeof(body) - n, ",\"reason\":\"%s\"",
		    reason);
	if (location != 0)
		n += snprintf(body + n, sizeof(body) - n,
		    ",\"location_id\":%ld", location);
	if (from != 0)
		n += snprintf(body + n, sizeof(body) - n,
		    ",\"from_location_id\":%ld", from);
	if (to != 0)
		n += snprintf(body + n, sizeof(body) - n,
		    ",\"to_location_id\":%ld", to);
	snprintf(body + n, sizeof(body) - n, "}");
	return body;
}

static void
setup(void)
{
	http_created(&S, "/zones", "{\"name\":\"Centro\"}");
	http_created(&S, "/zones", "{\"name\":\"Norte\"}");
	server_login(&S, "vol", "volunteer", "1", vol, sizeof(vol));
	server_login(&S, "vol2", "volunteer", "2", vol2, sizeof(vol2));
}

static void
test_items(void)
{
	struct reply r;
	char *before;

	ITEM = http_created(&S, "/items", "{\"name\":\"Diapers size 3\","
	    "\"unit\":\"pack\",\"category\":\"diapers\"}");
	ok(ITEM > 0, "an item is made by JSON");
	http_form(&S, "/items", "name=Sleeping+bag&unit=each&category="
	    "other&notes=winter", &r);
	is_int(r.status, 303, "and by form");
	ok(strncmp(reply_header(&r, "Location"), "/items/", 7) == 0,
	    "which goes on to the item");
	reply_free(&r);
	ITEM2 = db_scalar(&S, "SELECT max(id) FROM item");
	http_json(&S, "GET", "/items?category=diapers", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "items")), 1,
	    "the list keeps a category");
	reply_free(&r);
	http_json(&S, "PATCH", http_at("/items/%ld", ITEM),
	    "{\"name\":\"Diapers, size 3\"}", &r);
	is_int(r.status, 200, "a coordinator renames an item");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'item.update' AND change LIKE '%name%'"), 1,
	    "audited with the field's name");

	before = db_snapshot(&S);
	http_json(&S, "POST", "/items", "{\"unit\":\"pack\",\"category\":"
	    "\"diapers\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "name") == 0,
	    "an item without a name: 422 naming it");
	reply_free(&r);
	http_json(&S, "POST", "/items", "{\"name\":\"Rice\",\"unit\":"
	    "\"sacks\",\"category\":\"groceries\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "unit") == 0,
	    "a unit not in the list: 422");
	reply_free(&r);
	http_json(&S, "POST", "/items", "{\"name\":\"Rice\",\"unit\":\"kg\","
	    "\"category\":\"caviar\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "category") == 0,
	    "an unknown category: 422");
	reply_free(&r);
	http_json(&S, "POST", "/items", "{\"name\":\"Rice\",\"unit\":\"kg\","
	    "\"category\":\"groceries\",\"colour\":\"red\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "colour") == 0,
	    "an undeclared field: 422");
	reply_free(&r);
	http_form(&S, "/items", "name=R&unit=kg&category=groceries", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"name-error\"") != NULL,
	    "the form again, the message by the name");
	reply_free(&r);
	is_int(http_status(&S, "GET", "/items/999", NULL), 404,
	    "an unknown item: 404");
	SAME_DB(&S, before, "every refused item");
	free(before);
	http_auth = vol;
	is_int(http_status(&S, "POST", "/items", "{\"name\":\"Soap\","
	    "\"unit\":\"each\",\"category\":\"other\"}"), 403,
	    "a volunteer adds no item");
	http_auth = NULL;
}

static void
test_locations(void)
{
	struct reply r;
	char *before;

	PANTRY = http_created(&S, "/locations", "{\"name\":\"Hall pantry\","
	    "\"kind\":\"pantry\",\"zone_id\":1}");
	STATION = http_created(&S, "/locations", "{\"name\":\"Diaper "
	    "station\",\"kind\":\"station\",\"zone_id\":1,"
	    "\"take_what_you_need\":true}");
	ok(PANTRY > 0 && STATION > 0, "a pantry and a station are made");
	http_form(&S, "/locations", "name=Norte+shelf&kind=station&zone_id=2&"
	    "take_what_you_need=1", &r);
	is_int(r.status, 303, "and a station by form, its box ticked");
	reply_free(&r);
	FAR = db_scalar(&S, "SELECT max(id) FROM location");
	is_int(db_scalar(&S, "SELECT take_what_you_need FROM location "
	    "ORDER BY id DESC LIMIT 1"), 1, "as take what you need");
	http_json(&S, "GET", http_at("/locations/%ld", STATION), NULL, &r);
	ok(json_is_true(json_object_get(r.json, "take_what_you_need")) &&
	    json_array_size(json_object_get(r.json, "stock")) == 0,
	    "a new station: take what you need, nothing in stock");
	reply_free(&r);
	http_json(&S, "GET", "/locations?kind=station&zone_id=1", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "total")), 1,
	    "the list keeps a kind and a zone");
	reply_free(&r);

	before = db_snapshot(&S);
	http_json(&S, "POST", "/locations", "{\"name\":\"Van\",\"kind\":"
	    "\"truck\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "kind") == 0,
	    "a kind not in the list: 422");
	reply_free(&r);
	http_json(&S, "POST", "/locations", "{\"name\":\"Van\",\"kind\":"
	    "\"vehicle\",\"take_what_you_need\":true}", &r);
	ok(r.status == 422 &&
	    strcmp(error_field(&r), "take_what_you_need") == 0,
	    "only a station is take what you need: 422");
	reply_free(&r);
	http_json(&S, "POST", "/locations", "{\"name\":\"Van\",\"kind\":"
	    "\"vehicle\",\"zone_id\":99}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "zone_id") == 0,
	    "an unknown zone: 422");
	reply_free(&r);
	http_json(&S, "POST", "/locations", "{\"name\":\"Van\",\"kind\":"
	    "\"vehicle\",\"take_what_you_need\":\"perhaps\"}", &r);
	ok(r.status == 422 &&
	    strcmp(error_field(&r), "take_what_you_need") == 0,
	    "a yes that is not one: 422");
	reply_free(&r);
	is_int(http_status(&S, "GET", "/locations/999", NULL), 404,
	    "an unknown location: 404");
	SAME_DB(&S, before, "every refused location");
	free(before);
}

/* A move refused with status and field, writing nothing. */
static void
refused(const char *body, const char *auth, long status, const char *field,
    const char *what)
{
	char *before = db_snapshot(&S);
	struct reply r;

	http_auth = auth;
	http_json(&S, "POST", "/stock/moves", body, &r);
	http_auth = NULL;
	is_int(r.status, status, "%s: %ld", what, status);
	if (field != NULL)
		is_str(error_field(&r), field, "naming %s", field);
	reply_free(&r);
	SAME_DB(&S, before, what);
	free(before);
}

static void
test_moves(void)
{
	struct reply r;
	json_t *row;
	long in, transfer, take;

	in = http_created(&S, "/stock/moves",
	    move_json("in", "donation", ITEM, 20, PANTRY, 0, 0));
	ok(in > 0, "a donation of 20 arrives at the pantry");
	transfer = http_created(&S, "/stock/moves",
	    move_json("transfer", NULL, ITEM, 12, 0, PANTRY, STATION));
	ok(transfer > 0, "a transfer of 12 fills the station");
	ok(level(PANTRY, ITEM) == 8 && level(STATION, ITEM) == 12,
	    "8 left at the pantry, 12 at the station");
	http_json(&S, "GET", http_at("/locations/%ld", STATION), NULL, &r);
	row = json_array_get(json_object_get(r.json, "stock"), 0);
	ok(json_integer_value(json_object_get(row, "item_id")) == ITEM &&
	    json_integer_value(json_object_get(row, "quantity")) == 12 &&
	    json_is_null(json_object_get(row, "threshold")) &&
	    strcmp(json_string_value(json_object_get(row, "name")),
		"Diapers, size 3") == 0,
	    "the station's page: 12 of the item, no threshold");
	reply_free(&r);
	http_auth = vol;
	take = http_created(&S, "/stock/moves",
	    move_json("out", "given", ITEM, 3, STATION, 0, 0));
	http_auth = NULL;
	ok(take > 0, "a volunteer of the zone takes 3");
	is_int(db_scalar(&S, http_at("SELECT user_id FROM stock_move WHERE "
	    "id = %ld", take)), db_scalar(&S, "SELECT id FROM app_user WHERE "
	    "login = 'vol'"), "the move says who recorded it");

}

/* Every refused move: its status, the field it names, nothing written. */
static void
test_refused(void)
{
	struct reply r;

	refused(move_json("out", "given", ITEM, 1, STATION, 0, 0), vol2, 403,
	    NULL, "a volunteer of another zone");
	refused(move_json("transfer", NULL, ITEM, 1, 0, FAR, STATION), vol,
	    403, NULL, "a transfer from another zone's place");
	http_json(&S, "POST", "/stock/moves",
	    move_json("out", "given", ITEM, 10, STATION, 0, 0), &r);
	ok(r.status == 409 && strstr(r.body, "9 left here") != NULL,
	    "taking 10 of 9: 409, saying 9 are left");
	reply_free(&r);
	refused(move_json("out", "given", ITEM, 10, STATION, 0, 0), NULL, 409,
	    "quantity", "taking more than is there");
	refused(move_json("out", "given", ITEM, -2, STATION, 0, 0), NULL, 422,
	    "quantity", "a negative quantity");
	refused(move_json("in", "donation", ITEM, 0, STATION, 0, 0), NULL, 422,
	    "quantity", "no quantity");
	refused(move_json("in", "donation", ITEM, 1000000000000L, STATION, 0,
	    0), NULL, 422, "quantity", "an absurd quantity");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
	    "\"quantity\":\"lots\",\"location_id\":1}", NULL, 422, "quantity",
	    "a quantity that is no number");
	refused(move_json("in", "donation", 999, 1, STATION, 0, 0), NULL, 422,
	    "item_id", "an unknown item");
	refused(move_json("in", "donation", ITEM, 1, 999, 0, 0), NULL, 422,
	    "location_id", "an unknown location");
	refused(move_json("transfer", NULL, ITEM, 1, 0, STATION, STATION),
	    NULL, 422, "to_location_id", "a transfer to the same location");
	refused(move_json("transfer", NULL, ITEM, 1, 0, STATION, 0), NULL, 422,
	    "to_location_id", "a transfer to nowhere");
	refused(move_json("in", "spoiled", ITEM, 1, STATION, 0, 0), NULL, 422,
	    "reason", "spoiled is no way in");
	refused(move_json("out", NULL, ITEM, 1, STATION, 0, 0), NULL, 422,
	    "reason", "an out move without a reason");
	refused(move_json("out", "given", ITEM, 1, 0, STATION, 0), NULL, 422,
	    "location_id", "an out move naming from_location_id");
	refused("{\"kind\":\"teleport\",\"item_id\":1,\"quantity\":1}", NULL,
	    422, "kind", "a kind not in the list");
	refused("{\"kind\":\"out\",\"reason\":\"given\",\"item_id\":1,"
	    "\"quantity\":1,\"location_id\":2,\"price\":3}", NULL, 422,
	    "price", "an undeclared field");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
	    "\"quantity\":1,\"location_id\":1,\"need_id\":1}", NULL, 422,
	    "need_id", "an ask met by a way in");
}

static void
test_listed(void)
{
	struct reply r;

	/* A correction may take what the records do not show. */
	ok(http_created(&S, "/stock/moves",
	    move_json("out", "correction", ITEM2, 2, PANTRY, 0, 0)) > 0,
	    "a correction takes what was never recorded");
	is_int(level(PANTRY, ITEM2), -2, "and the level says so");

	http_json(&S, "GET", http_at("/stock/moves?location_id=%ld", STATION),
	    NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "total")), 2,
	    "the station's moves: the transfer in, the take");
	reply_free(&r);
	http_json(&S, "GET", "/stock/moves/2", NULL, &r);
	ok(json_integer_value(json_object_get(r.json, "from_location_id")) ==
	    PANTRY && json_integer_value(json_object_get(r.json,
	    "to_location_id")) == STATION,
	    "a transfer is one move, from and to");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'stock.move' AND entity = 'stock_move'"),
	    db_count(&S, "stock_move"), "every move is audited once");
	is_int(http_status(&S, "GET", "/stock/moves/999", NULL), 404,
	    "an unknown move: 404");
	http_json(&S, "PATCH", http_at("/items/%ld", ITEM), "{\"unit\":\"box\"}",
	    &r);
	is_int(r.status, 409, "the unit of an item that has moves: 409");
	reply_free(&r);
}

static void
test_reverse(void)
{
	struct reply r;
	long back;
	char *before;

	before = db_snapshot(&S);
	http_json(&S, "POST", "/stock/moves/1/reverse",
	    "{\"note\":\"counted twice\"}", &r);
	ok(r.status == 409 && strstr(r.body, "8 left here") != NULL,
	    "reversing a donation whose units went on: a take refused");
	reply_free(&r);
	SAME_DB(&S, before, "the refused reversal");
	free(before);
	back = db_scalar(&S, "SELECT max(id) FROM stock_move WHERE reason = "
	    "'correction'");
	http_json(&S, "POST", http_at("/stock/moves/%ld/reverse", back), "{}", &r);
	is_int(r.status, 201, "a correction is reversed");
	ok(json_integer_value(json_object_get(r.json, "reverses_id")) == back &&
	    strcmp(json_string_value(json_object_get(r.json, "reason")),
		"reversal") == 0,
	    "by a new move that names it");
	reply_free(&r);
	is_int(level(PANTRY, ITEM2), 0, "its units are back");
	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", http_at("/stock/moves/%ld/reverse", back),
	    "{}"), 409, "a move is reversed once");
	is_int(http_status(&S, "POST", "/stock/moves/999/reverse", "{}"), 404,
	    "an unknown move: 404");
	http_auth = vol2;
	is_int(http_status(&S, "POST", http_at("/stock/moves/%ld/reverse", 2),
	    "{}"), 403, "a volunteer of another zone reverses nothing");
	http_auth = NULL;
	SAME_DB(&S, before, "every refused reversal");
	free(before);
}

static void
test_check(void)
{
	char out[256];

	is_int(server_cli(&S, (const char *[]){ "check", NULL }, out,
	    sizeof(out)), 0, "solidarity check: no drift");
	ok(strstr(out, "every level is the sum of its moves") != NULL,
	    "and says so");
	db_write(&S, "UPDATE stock_level SET quantity = quantity + 1 WHERE "
	    "location_id = 2");
	is_int(server_cli(&S, (const char *[]){ "check", NULL }, out,
	    sizeof(out)), 1, "a level changed by hand: exit 1");
	ok(strstr(out, "drift: location 2 item 1: level 10, moves add up to "
	    "9") != NULL, "naming it: %s", out);
	db_write(&S, "UPDATE stock_level SET quantity = quantity - 1 WHERE "
	    "location_id = 2");
}

/* The rush: RACERS clients, TRIES takes of 1 each, all at once. */
#define RACERS 8
#define TRIES  3

/* RACERS × TRIES takes of 1 from the last n at the station, at once. */
static void
rush(long n)
{
	static struct racer racers[RACERS];
	static struct race_tally tallies[RACERS];
	long was = level(STATION, ITEM), moves = db_count(&S, "stock_move");
	int i, created = 0, refused_n = 0;
	char body[256];

	/* Bring the station to exactly n. */
	if (was > n)
		http_created(&S, "/stock/moves",
		    move_json("out", "given", ITEM, was - n, STATION, 0, 0));
	else if (was < n)
		http_created(&S, "/stock/moves",
		    move_json("in", "donation", ITEM, n - was, STATION, 0, 0));
	moves = db_count(&S, "stock_move");
	snprintf(body, sizeof(body), "%s",
	    move_json("out", "given", ITEM, 1, STATION, 0, 0));
	for (i = 0; i < RACERS; i++) {
		snprintf(racers[i].auth, sizeof(racers[i].auth), "Bearer %s",
		    S.token);
		tallies[i].created = tallies[i].refused = 0;
		racers[i].arg = &tallies[i];
	}
	http_race(&S, racers, RACERS, "/stock/moves", body, TRIES, race_tally);
	for (i = 0; i < RACERS; i++) {
		created += tallies[i].created;
		refused_n += tallies[i].refused;
	}
	is_int(created, n, "%d takes of the last %ld: exactly %ld taken",
	    RACERS * TRIES, n, n);
	is_int(refused_n, RACERS * TRIES - n, "the other %ld refused (409)",
	    RACERS * TRIES - n);
	is_int(level(STATION, ITEM), 0, "nothing left, and not less");
	is_int(db_count(&S, "stock_move") - moves, n,
	    "one move written per unit taken");
}

static void
test_race(void)
{
	char out[256];

	rush(5);
	rush(1);
	rush(13);
	is_int(server_cli(&S, (const char *[]){ "check", NULL }, out,
	    sizeof(out)), 0, "and no level drifted");
}

static void
test_pages(void)
{
	struct reply r;
	char *before;

	http(&S, "GET", "/locations", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Diaper station") != NULL &&
	    strstr(r.body, "name=\"take_what_you_need\"") != NULL,
	    "the locations page, with the form");
	reply_free(&r);
	http(&S, "GET", http_at("/locations/%ld", PANTRY), "text/html", NULL, NULL,
	    0, &r);
	ok(r.status == 200 && strstr(r.body, "Diapers, size 3") != NULL &&
	    strstr(r.body, http_at("/stock/moves?location_id=%ld&amp;kind=out",
		PANTRY)) != NULL,
	    "a location's page: its stock and a link to take from it");
	reply_free(&r);
	http(&S, "GET", http_at("/stock/moves?location_id=%ld&kind=out", PANTRY),
	    "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, http_at("<option value=\"%ld\" "
	    "selected>", PANTRY)) != NULL &&
	    strstr(r.body, "value=\"out\" required checked") != NULL,
	    "the take link fills the form");
	reply_free(&r);
	http(&S, "GET", "/items?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "paquetes") != NULL &&
	    strstr(r.body, "Artículos") != NULL, "the items, in Spanish");
	reply_free(&r);
	http(&S, "GET", http_at("/items/%ld", ITEM), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "Diapers, size 3") != NULL,
	    "an item's page");
	reply_free(&r);
	http(&S, "GET", "/stock/moves/2", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "/stock/moves/2/reverse") != NULL,
	    "a move's page, with its reversal");
	reply_free(&r);
	http_auth = vol2;
	http_json(&S, "GET", "/stock/moves/3", NULL, &r);
	ok(r.status == 200 && json_object_get(r.json, "user_login") == NULL &&
	    json_object_get(r.json, "user_id") == NULL,
	    "a volunteer is not shown who else recorded a move");
	reply_free(&r);
	http_auth = vol;
	http_json(&S, "GET", "/stock/moves/3", NULL, &r);
	is_str(json_string_value(json_object_get(r.json, "user_login")), "vol",
	    "but sees their own");
	reply_free(&r);
	http_auth = NULL;

	before = db_snapshot(&S);
	http_form(&S, "/stock/moves", http_at("kind=transfer&item_id=%ld&"
	    "quantity=1&from_location_id=2&to_location_id=2", ITEM), &r);
	ok(r.status == 422 && strstr(r.body, "id=\"to_location_id-error\"") &&
	    strstr(r.body, "<option value=\"2\" selected>") != NULL,
	    "the move form again, by the field, the choice kept");
	reply_free(&r);
	http_form(&S, "/stock/moves", http_at("kind=out&reason=given&item_id=%ld&"
	    "quantity=1000&location_id=1", ITEM), &r);
	ok(r.status == 409 && strstr(r.body, "left here") != NULL,
	    "a take too large by form: 409, saying what is left");
	reply_free(&r);
	SAME_DB(&S, before, "the refused forms");
	free(before);
	http_form(&S, "/stock/moves", http_at("kind=in&reason=purchase&item_id=%ld&"
	    "quantity=4&location_id=1&note=shelf+B", ITEM), &r);
	ok(r.status == 303 && strncmp(reply_header(&r, "Location"),
	    "/stock/moves/", 13) == 0, "a move by form goes on to the move");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_items();
	test_locations();
	test_moves();
	test_refused();
	test_listed();
	test_reverse();
	test_check();
	test_race();
	test_pages();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
