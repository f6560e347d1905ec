/*
 * Who can help with an ask, over a real socket: GET /needs/:id/matches
 * in JSON and HTML, in English and Spanish, by role; POST
 * /needs/:id/match by JSON and by form, every bad input answered without
 * writing; and the volunteer matched, who finds the ask on their
 * dashboard and its page, also in the zone next to theirs, and claims
 * it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* Zones 1 (Home) and 2 (Next) touch; 3 (Island) touches none. */
static long asker, helper, ask, ask2, ask3, groceries, rent;
static long vol_id, near_id, away_id, org_id;
static char vol[160], near[160], away[160], org[160], coord[160];

static long
post_json(const char *path, const char *body, long want)
{
	struct reply r;
	long id;

	http_json(&S, "POST", path, body, &r);
	is_int(r.status, want, "POST %s answers %ld", path, want);
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	return id;
}

/* Add a login with a role and zone, "Bearer TOKEN" in auth: its id. */
static long
login(const char *name, const char *role, const char *zone, char *auth,
    size_t authlen)
{
	long id = server_login(&S, name, role, zone, auth, authlen);

	ok(id > 0, "login %s added, with a token", name);
	return id;
}

static long
new_ask(void)
{
	char body[200];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice and beans\",\"urgency\":2,"
	    "\"zone_id\":1}", asker);
	return post_json("/needs", body, 201);
}

static void
setup(void)
{
	char body[200];

	post_json("/zones", "{\"name\":\"Home\",\"lat\":41.80,\"lon\":-87.6}",
	    201);
	post_json("/zones", "{\"name\":\"Next\",\"lat\":41.81,\"lon\":-87.6}",
	    201);
	post_json("/zones", "{\"name\":\"Island\"}", 201);
	db_write(&S, "INSERT INTO zone_adjacent (zone_id, adjacent_id) "
	    "VALUES (1, 2), (2, 1)");
	asker = post_json("/people", "{\"name\":\"Rosa Luna\",\"language\":"
	    "\"es\",\"zone_id\":1}", 201);
	helper = post_json("/people", "{\"name\":\"Ana Ruiz\",\"language\":"
	    "\"es\",\"zone_id\":1}", 201);
	ask = new_ask();
	ask2 = new_ask();
	ask3 = new_ask();
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"A bag of groceries on Saturdays\","
	    "\"zone_id\":1,\"quantity\":2}", helper);
	groceries = post_json("/offers", body, 201);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"$100 toward rent\",\"zone_id\":1}",
	    helper);
	rent = post_json("/offers", body, 201);
	vol_id = login("vol", "volunteer", "1", vol, sizeof(vol));
	near_id = login("near", "volunteer", "2", near, sizeof(near));
	away_id = login("away", "volunteer", "3", away, sizeof(away));
	org_id = login("org", "organizer", "1", org, sizeof(org));
	login("coord", "coordinator", "1", coord, sizeof(coord));
}

/* Where candidate kind id is in the reply's items, or -1. */
static int
place(struct reply *r, const char *kind, long id)
{
	json_t *item;
	size_t i;

	json_array_foreach (json_object_get(r->json, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "kind")),
		    kind) == 0 &&
		    json_integer_value(json_object_get(item, "id")) == id)
			return (int)i;
	return -1;
}

static void
test_ranking(void)
{
	struct reply r;
	char path[64];
	json_t *first, *reason;

	snprintf(path, sizeof(path), "/needs/%ld/matches", ask);
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the matches of an ask");
	is_int(json_object_size(r.json), 2, "items and total, nothing else");
	is_int(json_integer_value(json_object_get(r.json, "total")), 3,
	    "the offer of the category and the two volunteers within reach");
	is_int(place(&r, "offer", groceries), 0,
	    "the offer in the asker's zone and language first");
	is_int(place(&r, "offer", rent), -1, "another category is left out");
	is_int(place(&r, "volunteer", away_id), -1,
	    "a volunteer out of reach is left out");
	ok(place(&r, "volunteer", vol_id) >= 0 &&
	    place(&r, "volunteer", vol_id) < place(&r, "volunteer", near_id),
	    "the volunteer of the same zone before the one next to it");
	first = json_array_get(json_object_get(r.json, "items"), 0);
	is_str(json_string_value(json_object_get(first, "label")),
	    "Ana: A bag of groceries on Saturdays",
	    "an offer's label: a first name and what it offers");
	reason = json_array_get(json_object_get(first, "reasons"), 1);
	is_str(json_string_value(json_object_get(reason, "code")),
	    "same_zone", "a reason's code");
	is_str(json_string_value(json_object_get(reason, "text")),
	    "same zone", "and its words");
	ok(strstr(r.body, "phone") == NULL && strstr(r.body, "Rice") == NULL,
	    "no contact, no details of the ask");
	reply_free(&r);

	snprintf(path, sizeof(path), "/needs/%ld/matches?lang=es", ask);
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	ok(r.body != NULL && strstr(r.body, "\"misma zona\"") != NULL,
	    "the reasons in Spanish");
	reply_free(&r);

	snprintf(path, sizeof(path), "/needs/%ld/matches", ask);
	http_auth = coord;
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the page, for a coordinator");
	ok(strstr(r.body, "Who can help") != NULL &&
	    strstr(r.body, "same zone") != NULL,
	    "with the reasons in words");
	ok(strstr(r.body, "name=\"user_id\"") != NULL &&
	    strstr(r.body, "name=\"offer_id\"") != NULL,
	    "and a button to match each");
	reply_free(&r);
	http_auth = org;
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "an organizer reads the page");
	ok(strstr(r.body, "name=\"user_id\"") == NULL,
	    "without the buttons: organizers do not match");
	reply_free(&r);
	http_auth = vol;
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 403, "a volunteer never sees who else could help");
	reply_free(&r);
	http_auth = NULL;
	is_int(http_status(&S, "GET", "/needs/999999/matches", NULL), 404,
	    "no such ask: 404");
}

/* A match that must be refused with status and field, writing nothing. */
static void
refused(const char *body, long status, const char *field, const char *what)
{
	struct reply r;
	char path[64];

	snprintf(path, sizeof(path), "/needs/%ld/match", ask);
	http_json(&S, "POST", path, body, &r);
	is_int(r.status, status, "%s: %ld", what, status);
	is_str(error_field(&r), field, "%s: the field", what);
	reply_free(&r);
}

static void
test_bad_input(void)
{
	char *before = db_snapshot(&S), body[80];
	struct reply r;

	snprintf(body, sizeof(body), "{\"offer_id\":%ld}", groceries);
	http_json(&S, "POST", "/needs/999999/match", body, &r);
	is_int(r.status, 404, "an unknown ask: 404");
	reply_free(&r);
	refused("{\"offer_id\":999999}", 404, "offer_id", "an unknown offer");
	refused("{\"user_id\":999999}", 404, "user_id", "an unknown login");
	snprintf(body, sizeof(body), "{\"offer_id\":%ld}", rent);
	refused(body, 409, "offer_id", "an offer of another category");
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", org_id);
	refused(body, 409, "user_id", "an organizer, who is no volunteer");
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", away_id);
	refused(body, 409, "user_id", "a volunteer out of reach");
	snprintf(body, sizeof(body), "{\"offer_id\":%ld,\"user_id\":%ld}",
	    groceries, vol_id);
	refused(body, 422, "offer_id", "both an offer and a volunteer");
	refused("{}", 422, "offer_id", "neither");
	refused("{\"offer_id\":\"one\"}", 422, "offer_id", "not a number");
	refused("{\"offer_id\":0}", 422, "offer_id", "not an id");
	refused("{\"reasons\":\"same_zone\"}", 422, "reasons",
	    "reasons from the client");
	http_auth = org;
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", vol_id);
	refused(body, 403, "", "an organizer matching");
	http_auth = NULL;
	SAME_DB(&S, before, "every refused match");
	free(before);
}

static void
test_apply(void)
{
	struct reply r;
	char path[64], body[80];
	json_t *asked;

	snprintf(path, sizeof(path), "/needs/%ld/match", ask);
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", vol_id);
	http_auth = coord;
	http_json(&S, "POST", path, body, &r);
	is_int(r.status, 201, "a coordinator matches the ask to a volunteer");
	is_str(json_string_value(json_object_get(r.json, "login")), "vol",
	    "the match names the volunteer");
	is_str(json_string_value(json_array_get(json_object_get(r.json,
	    "reasons"), 0)), "same_zone", "with the reasons found again");
	reply_free(&r);
	http_json(&S, "POST", path, body, &r);
	is_int(r.status, 409, "a matched ask is not matched again");
	reply_free(&r);
	http_auth = NULL;
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'need.match' AND entity = 'need' AND change LIKE '%matched%'"),
	    1, "one audit entry, with the move to matched");

	http_auth = vol;
	http_json(&S, "GET", "/", NULL, &r);
	asked = json_object_get(r.json, "asked");
	ok(json_array_size(asked) == 1 && json_integer_value(json_object_get(
	    json_array_get(asked, 0), "id")) == ask,
	    "the volunteer finds it asked of them on the dashboard");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	http_json(&S, "GET", path, NULL, &r);
	ok(json_is_true(json_object_get(r.json, "asked_of_me")) &&
	    json_is_true(json_object_get(r.json, "can_claim")),
	    "and on its page, with the claim button");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/claim", ask);
	is_int(http_status(&S, "POST", path, "{}"), 200, "they claim it");
	http_json(&S, "GET", "/", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "asked")), 0,
	    "claimed, it is no longer waiting for them");
	reply_free(&r);
	http_auth = NULL;
}

/* The volunteer of the zone next door: sees the ask only when asked. */
static void
test_next_zone(void)
{
	struct reply r;
	char path[64], body[80];

	snprintf(path, sizeof(path), "/needs/%ld", ask2);
	http_auth = near;
	is_int(http_status(&S, "GET", path, NULL), 404,
	    "the next zone's volunteer does not see the ask");
	http_auth = NULL;
	snprintf(path, sizeof(path), "/needs/%ld/match", ask2);
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", near_id);
	http_json(&S, "POST", path, body, &r);
	is_int(r.status, 201, "matched to them");
	ok(strstr(r.body, "adjacent_zone") != NULL, "as the next zone");
	reply_free(&r);
	http_auth = near;
	snprintf(path, sizeof(path), "/needs/%ld", ask2);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "now they see it");
	ok(strstr(r.body, "Asked of you") != NULL, "asked of them");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/claim", ask2);
	is_int(http_status(&S, "POST", path, "{}"), 200, "and claim it");
	snprintf(path, sizeof(path), "/needs/%ld", ask3);
	is_int(http_status(&S, "GET", path, NULL), 404,
	    "another ask of that zone stays out of sight");
	http_auth = NULL;
}

/* From the page's button: a form, back to the ask. */
static void
test_form(void)
{
	struct reply r;
	char path[64], body[80], sql[120];

	snprintf(path, sizeof(path), "/needs/%ld/match", ask3);
	snprintf(body, sizeof(body), "offer_id=%ld", groceries);
	http_form(&S, path, body, &r);
	is_int(r.status, 303, "a match from the page");
	snprintf(path, sizeof(path), "/needs/%ld", ask3);
	is_str(reply_header(&r, "Location"), path, "goes back to the ask");
	reply_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need_match WHERE "
	    "need_id = %ld AND offer_id = %ld AND reasons LIKE "
	    "'%%same_category%%'", ask3, groceries);
	is_int(db_scalar(&S, sql), 1, "kept with its reasons");
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Matched to") != NULL, "the ask's page shows it");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_ranking();
	test_bad_input();
	test_apply();
	test_next_zone();
	test_form();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
