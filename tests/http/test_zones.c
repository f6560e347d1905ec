/*
 * Zones that know their neighbours (adjacent_ids, kept both ways), weekly
 * windows on people and asks (read as typed, kept canonical, shown as
 * contact), and what someone gives in return for an ask (reciprocity):
 * over a real socket, in JSON and forms, bad input writing nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static long north, south, east, person;
static char vol[160], org[160];

/* POST as the admin: the new record's id, a test of its own. */
static long
post_id(const char *path, const char *body)
{
	long id;

	id = http_created(&S, path, body);
	ok(id > 0, "POST %s: 201", path);
	return id;
}

/* Add a login with a role (and zone), and keep "Bearer TOKEN" in auth. */
static void
login(const char *name, const char *role, const char *zone, char *auth,
    size_t authlen)
{
	ok(server_login(&S, name, role, zone, auth, authlen) > 0,
	    "login %s added, with a token", name);
}

/* The pairs stored for zone id, both ways: "a-b a-b …" in id order. */
static long
pairs_of(long id)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM zone_adjacent "
	    "WHERE zone_id = %ld OR adjacent_id = %ld", id, id);
	return db_scalar(&S, sql);
}

/* Whether a is stored as b's neighbour and b as a's. */
static int
linked(long a, long b)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM zone_adjacent "
	    "WHERE (zone_id = %ld AND adjacent_id = %ld) OR (zone_id = %ld "
	    "AND adjacent_id = %ld)", a, b, b, a);
	return db_scalar(&S, sql) == 2;
}

static void
test_neighbours(void)
{
	struct reply r;
	char path[64], body[256];
	json_t *ids;

	north = post_id("/zones", "{\"name\":\"North\"}");
	snprintf(body, sizeof(body), "{\"name\":\"South\",\"adjacent_ids\":"
	    "[%ld]}", north);
	http_json(&S, "POST", "/zones", body, &r);
	is_int(r.status, 201, "a zone made with a neighbour: 201");
	south = (long)json_integer_value(json_object_get(r.json, "id"));
	ids = json_object_get(r.json, "adjacent_ids");
	ok(json_array_size(ids) == 1 &&
	    json_integer_value(json_array_get(ids, 0)) == north,
	    "answers with its neighbours");
	reply_free(&r);
	ok(linked(north, south), "stored both ways");

	snprintf(body, sizeof(body), "name=East&lat=40.1&adjacent_ids=&"
	    "adjacent_ids=%ld&adjacent_ids=%ld", north, south);
	http_form(&S, "/zones", body, &r);
	is_int(r.status, 303, "a form with two boxes ticked: 303");
	east = db_scalar(&S, "SELECT id FROM zone WHERE name = 'East'");
	snprintf(path, sizeof(path), "/zones/%ld", east);
	is_str(reply_header(&r, "Location"), path, "to the new zone's page");
	reply_free(&r);
	ok(linked(east, north) && linked(east, south),
	    "each box a neighbour, both ways");

	snprintf(path, sizeof(path), "/zones/%ld", north);
	http_json(&S, "GET", path, NULL, &r);
	is_int(r.status, 200, "GET /zones/:id");
	ids = json_object_get(json_object_get(r.json, "zone"), "adjacent_ids");
	ok(json_array_size(ids) == 2 &&
	    json_integer_value(json_array_get(ids, 0)) == south &&
	    json_integer_value(json_array_get(ids, 1)) == east,
	    "a zone entered from the other side has them too, in id order");
	is_int(json_integer_value(json_object_get(json_object_get(r.json,
	    "zone"), "open_needs")), 0, "with its open asks");
	reply_free(&r);

	http_json(&S, "PATCH", path, "{\"adjacent_ids\":[]}", &r);
	is_int(r.status, 200, "PATCH with no neighbours: 200");
	reply_free(&r);
	is_int(pairs_of(north), 0, "every pair of the zone goes, both rows");
	ok(linked(east, south), "the others' pairs stay");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'zone.update' AND change = '{\"fields\":[\"adjacent_ids\"]}'"), 1,
	    "audited as zone.update, naming the field changed");

	snprintf(body, sizeof(body), "{\"adjacent_ids\":[%ld,%ld]}", east,
	    south);
	http_json(&S, "PATCH", path, body, &r);
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"name\":\"North\",\"lat\":null}", &r);
	is_int(r.status, 200, "a partial update keeping its name: 200");
	reply_free(&r);
	ok(linked(north, east) && linked(north, south),
	    "leaving adjacent_ids out keeps the neighbours");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'zone.update' AND change IS NULL"), 1,
	    "and a change of nothing names no field");

	http_form(&S, path, "name=North&adjacent_ids=", &r);
	is_int(r.status, 303, "the form with no box ticked: 303");
	reply_free(&r);
	is_int(pairs_of(north), 0, "clears the neighbours");

	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	snprintf(body, sizeof(body), "name=\"adjacent_ids\" value=\"%ld\"",
	    east);
	ok(r.status == 200 && strstr(r.body, body) != NULL &&
	    strstr(r.body, "name=\"adjacent_ids\" value=\"\"") != NULL,
	    "the page's form: a box per other zone, and the empty one");
	snprintf(body, sizeof(body), "name=\"adjacent_ids\" value=\"%ld\"",
	    north);
	ok(strstr(r.body, body) == NULL, "but none for the zone itself");
	reply_free(&r);
	http(&S, "GET", "/zones/999", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 404, "an unknown zone: 404");
	reply_free(&r);
}

/* 51 ids, the most being 50, into out. */
static void
too_many(char *out, size_t len)
{
	size_t i, n;

	n = (size_t)snprintf(out, len, "{\"adjacent_ids\":[");
	for (i = 1; i <= 51; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%zu",
		    i > 1 ? "," : "", i);
	snprintf(out + n, len - n, "]}");
}

static void
test_neighbours_bad(void)
{
	char path[64], body[256], self[64], twice[64], many[256];
	char own[64], under[64], *before;
	long pairs, audits;
	struct reply r;
	size_t i;
	const struct {
		const char *body, *field, *what;
	} cases[] = {
		{ self, "adjacent_ids", "the zone itself" },
		{ "{\"adjacent_ids\":[999]}", "adjacent_ids", "no such zone" },
		{ twice, "adjacent_ids", "an id twice" },
		{ "{\"adjacent_ids\":[\"x\"]}", "adjacent_ids", "not an id" },
		{ "{\"adjacent_ids\":5}", "adjacent_ids", "not a list" },
		{ many, "adjacent_ids", "51 ids" },
		{ "{\"name\":\"South\"}", "name", "another zone's name" },
		{ own, "parent_id", "the zone as its own parent" },
		{ under, "parent_id", "a zone inside it as parent" },
	};

	snprintf(self, sizeof(self), "{\"adjacent_ids\":[%ld,%ld]}", south,
	    north);
	snprintf(twice, sizeof(twice), "{\"adjacent_ids\":[%ld,%ld]}", south,
	    south);
	too_many(many, sizeof(many));
	snprintf(own, sizeof(own), "{\"parent_id\":%ld}", north);
	snprintf(under, sizeof(under), "{\"parent_id\":%ld}", south);
	/* South inside North, so that North inside South would loop. */
	snprintf(path, sizeof(path), "/zones/%ld", south);
	is_int(http_status(&S, "PATCH", path, own), 200, "South inside North");

	before = db_snapshot(&S);
	pairs = db_count(&S, "zone_adjacent");
	audits = db_count(&S, "audit");
	snprintf(path, sizeof(path), "/zones/%ld", north);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		http_json(&S, "PATCH", path, cases[i].body, &r);
		is_int(r.status, 422, "%s: 422", cases[i].what);
		is_str(error_field(&r), cases[i].field, "%s: naming its field",
		    cases[i].what);
		reply_free(&r);
	}
	snprintf(body, sizeof(body), "{\"name\":\"West\",\"adjacent_ids\":"
	    "[%ld,999]}", north);
	http_json(&S, "POST", "/zones", body, &r);
	is_int(r.status, 422, "a new zone with an unknown neighbour: 422");
	is_str(error_field(&r), "adjacent_ids", "naming adjacent_ids");
	reply_free(&r);
	snprintf(body, sizeof(body), "name=North&adjacent_ids=%ld", north);
	http_form(&S, path, body, &r);
	is_int(r.status, 422, "the form with the zone itself ticked: 422");
	ok(strstr(r.body, "id=\"adjacent_ids-error\"") != NULL &&
	    strstr(r.body, "name=\"adjacent_ids\" value=\"") != NULL,
	    "shown again with the message by the boxes");
	reply_free(&r);
	SAME_DB(&S, before, "every bad zone");
	is_int(db_count(&S, "zone_adjacent"), pairs, "no pair is written");
	is_int(db_count(&S, "audit"), audits, "nor an audit entry");
	free(before);
}

/* A volunteer reads their own zones only, as in /zones. */
static void
test_neighbours_volunteer(void)
{
	char path[64], zone[16];
	struct reply r;

	snprintf(zone, sizeof(zone), "%ld", north);
	login("zvol", "volunteer", zone, vol, sizeof(vol));
	http_auth = vol;
	snprintf(path, sizeof(path), "/zones/%ld", north);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "adjacent_ids") == NULL,
	    "a volunteer reads their zone, with no form to change it");
	reply_free(&r);
	snprintf(path, sizeof(path), "/zones/%ld", south);
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 404, "another zone: 404, as if there were none");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"name\":\"Mine\"}", &r);
	is_int(r.status, 403, "and changes none");
	reply_free(&r);
	http_auth = NULL;
}

static void
test_windows(void)
{
	struct reply r;
	char path[64], body[256];
	long ask;

	snprintf(body, sizeof(body), "{\"name\":\"Ana Ruiz\",\"zone_id\":%ld,"
	    "\"windows\":\"sat 10-12:30; tue 5-8pm\"}", north);
	http_json(&S, "POST", "/people", body, &r);
	is_int(r.status, 201, "a person with windows: 201");
	person = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	snprintf(body, sizeof(body), "SELECT count(*) FROM person WHERE id = "
	    "%ld AND windows = 'Tue 17:00-20:00, Sat 10:00-12:30'", person);
	is_int(db_scalar(&S, body), 1, "kept as the canonical text");

	snprintf(path, sizeof(path), "/people/%ld", person);
	http_json(&S, "GET", path, NULL, &r);
	ok(json_is_true(json_object_get(json_object_get(r.json, "person"),
	    "windows_on_file")) && json_object_get(json_object_get(r.json,
	    "person"), "windows") == NULL,
	    "the person's page says they are on file, as an address");
	reply_free(&r);
	http(&S, "GET", "/people?zone_id=1", "application/json", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "windows") == NULL, "a list never carries them");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld/contact?lang=es", person);
	http_json(&S, "GET", path, NULL, &r);
	is_str(json_string_value(json_object_get(r.json, "windows_text")),
	    "mar 17:00-20:00, sáb 10:00-12:30",
	    "the contact card has them, in the reader's day names");
	reply_free(&r);

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice\",\"urgency\":2,\"zone_id\":%ld,"
	    "\"windows\":\"Mon-Fri 7-9\"}", person, north);
	ask = post_id("/needs", body);
	snprintf(body, sizeof(body), "SELECT count(*) FROM need WHERE id = "
	    "%ld AND windows = 'Mon-Fri 07:00-09:00'", ask);
	is_int(db_scalar(&S, body), 1, "an ask's windows, canonical");
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	http_json(&S, "GET", path, NULL, &r);
	ok(json_is_true(json_object_get(r.json, "windows_on_file")) &&
	    json_object_get(r.json, "windows") == NULL,
	    "the ask's page says they are on file");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/contact", ask);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Mon-Fri 07:00-09:00") != NULL,
	    "its contact page shows when it can be met");
	reply_free(&r);
	http_auth = vol;
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	http_json(&S, "GET", path, NULL, &r);
	ok(r.status == 200 && json_object_get(r.json, "windows") == NULL,
	    "a volunteer without the claim is not shown them");
	reply_free(&r);
	http_auth = NULL;
}

/* Organizers may fill windows with nothing on file, not overwrite them. */
static void
test_windows_organizer(void)
{
	char path[64], body[128];
	long other;
	struct reply r;

	login("zorg", "organizer", NULL, org, sizeof(org));
	snprintf(body, sizeof(body), "{\"name\":\"Luis\",\"zone_id\":%ld}",
	    north);
	other = post_id("/people", body);
	http_auth = org;
	snprintf(path, sizeof(path), "/people/%ld", person);
	http_json(&S, "PATCH", path, "{\"windows\":\"Sun 9-10\"}", &r);
	is_int(r.status, 403, "an organizer may not overwrite windows");
	is_str(error_field(&r), "windows", "naming the field");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"windows\":null}", &r);
	is_int(r.status, 403, "nor clear them");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld/edit", person);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "id=\"windows\"") == NULL &&
	    strstr(r.body, "17:00") == NULL,
	    "their edit form says they are on file, without them");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld", other);
	http_json(&S, "PATCH", path, "{\"windows\":\"Sun 9-10\"}", &r);
	is_int(r.status, 200, "but fills them when none are on file");
	ok(json_object_get(r.json, "windows") == NULL,
	    "and the answer does not show them");
	reply_free(&r);
	http_auth = NULL;
}

static void
test_windows_bad(void)
{
	char body[512], *before = db_snapshot(&S);
	struct reply r;
	size_t i;
	const char *paths[] = { "/people", "/needs", "/intake", "/help" };
	const char *bodies[] = {
		"{\"name\":\"X\",\"windows\":\"whenever\"}",
		"{\"person_id\":%ld,\"category\":\"rent\",\"details\":\"x\","
		    "\"urgency\":1,\"zone_id\":%ld,\"windows\":\"Tue 25-26\"}",
		"{\"person_id\":%ld,\"category\":\"rent\",\"details\":\"x\","
		    "\"urgency\":1,\"zone_id\":%ld,\"windows\":\"someday\"}",
		"{\"kind\":\"ask\",\"name\":\"Y\",\"zone_id\":%ld,\"category\":"
		    "\"rent\",\"details\":\"x\",\"windows\":\"Tue 17\"}",
	};

	for (i = 0; i < 4; i++) {
		if (i == 3)
			snprintf(body, sizeof(body), bodies[i], north);
		else
			snprintf(body, sizeof(body), bodies[i], person, north);
		http_json(&S, "POST", paths[i], body, &r);
		is_int(r.status, 422, "POST %s with bad windows: 422", paths[i]);
		is_str(error_field(&r), "windows", "naming windows");
		reply_free(&r);
	}
	snprintf(body, sizeof(body), "person_id=%ld&category=rent&details=x&"
	    "urgency=1&zone_id=%ld&windows=after+work", person, north);
	http_form(&S, "/needs", body, &r);
	is_int(r.status, 422, "the ask form with bad windows: 422");
	ok(strstr(r.body, "id=\"windows-error\"") != NULL &&
	    strstr(r.body, "value=\"after work\"") != NULL,
	    "shown again with the hint by the field, the input kept");
	reply_free(&r);
	SAME_DB(&S, before, "bad windows anywhere");
	free(before);
}

static void
test_give(void)
{
	struct reply r;
	char body[512], path[64], *before;
	long ask, offers = db_count(&S, "offer");

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Milk\",\"urgency\":1,\"zone_id\":%ld,"
	    "\"offer_category\":\"transport\",\"offer_details\":"
	    "\"I can give rides on Saturdays\"}", person, south);
	http_json(&S, "POST", "/needs", body, &r);
	is_int(r.status, 201, "an ask with an offer in return: 201");
	ask = (long)json_integer_value(json_object_get(r.json, "id"));
	snprintf(body, sizeof(body), "SELECT count(*) FROM offer WHERE id = "
	    "%lld AND person_id = %ld AND zone_id = %ld AND category = "
	    "'transport' AND details = 'I can give rides on Saturdays' AND "
	    "status = 'open'",
	    (long long)json_integer_value(json_object_get(r.json, "offer_id")),
	    person, south);
	is_int(db_scalar(&S, body), 1,
	    "the offer is theirs, in the ask's zone, open");
	snprintf(body, sizeof(body), "SELECT count(*) FROM audit WHERE action "
	    "= 'offer.create' AND entity = 'offer' AND entity_id = %lld",
	    (long long)json_integer_value(json_object_get(r.json, "offer_id")));
	is_int(db_scalar(&S, body), 1, "and its making is in the audit trail");
	reply_free(&r);
	ok(ask > 0, "beside the ask");

	before = db_snapshot(&S);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Milk\",\"urgency\":1,\"zone_id\":%ld,"
	    "\"offer_details\":\"Rides\"}", person, south);
	http_json(&S, "POST", "/needs", body, &r);
	is_int(r.status, 422, "an offer in return without its kind: 422");
	is_str(error_field(&r), "offer_category", "naming offer_category");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Milk\",\"urgency\":1,\"zone_id\":%ld,"
	    "\"offer_category\":\"spaceships\",\"offer_details\":\"Rides\"}",
	    person, south);
	http_json(&S, "POST", "/needs", body, &r);
	is_int(r.status, 422, "of an unknown kind: 422");
	is_str(error_field(&r), "offer_category", "naming offer_category");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Milk\",\"urgency\":1,\"zone_id\":%ld,"
	    "\"offer_category\":\"transport\"}", person, south);
	http_json(&S, "POST", "/intake", body, &r);
	is_int(r.status, 422, "a kind without words, at intake: 422");
	is_str(error_field(&r), "offer_details", "naming offer_details");
	reply_free(&r);
	snprintf(body, sizeof(body), "kind=ask&name=Nadie&zone_id=%ld&"
	    "category=rent&details=x&offer_category=nope&offer_details=Hi",
	    north);
	http_form(&S, "/help", body, &r);
	is_int(r.status, 422, "on the public form: 422");
	ok(strstr(r.body, "id=\"offer_category-error\"") != NULL,
	    "shown by the field");
	reply_free(&r);
	SAME_DB(&S, before, "a bad offer in return: neither ask nor offer");
	free(before);
	is_int(db_count(&S, "offer"), offers + 1, "one offer in all");

	snprintf(path, sizeof(path), "/people/%ld", person);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "I can give rides on Saturdays") != NULL &&
	    strstr(r.body, "class=\"columns\"") != NULL,
	    "the person page shows what they asked beside what they gave");
	reply_free(&r);
}

/* The public form: an ask with windows and an offer in return. */
static void
test_help(void)
{
	char body[512];
	struct reply r;

	snprintf(body, sizeof(body), "kind=ask&name=Carmen&phone=555-010-7788&"
	    "zone_id=%ld&category=groceries&details=Food&windows=sat+10-12&"
	    "offer_category=childcare&offer_details=I+can+babysit", south);
	http_form(&S, "/help", body, &r);
	is_int(r.status, 303, "the public form with both: 303");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM need n JOIN offer o ON "
	    "o.person_id = n.person_id JOIN person p ON p.id = n.person_id "
	    "WHERE p.name = 'Carmen' AND n.windows = 'Sat 10:00-12:00' AND "
	    "o.details = 'I can babysit' AND p.windows IS NULL"), 1,
	    "the ask has the windows, the offer is hers");
	snprintf(body, sizeof(body), "kind=offer&name=Carmen2&zone_id=%ld&"
	    "category=transport&details=Van&windows=sat+10-12&"
	    "offer_category=childcare&offer_details=More", south);
	http_form(&S, "/help", body, &r);
	is_int(r.status, 303, "an offer on the public form: 303");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM offer o JOIN person p ON "
	    "p.id = o.person_id WHERE p.name = 'Carmen2'"), 1,
	    "the ask's own fields make no second offer");
}

/* A volunteer's deliveries: the asks fulfilled while they held them. */
static void
test_delivered(void)
{
	char body[256], path[64];
	long ask, me;
	struct reply r;

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Insulin\",\"urgency\":3,"
	    "\"zone_id\":%ld,\"windows\":\"mon 9-10\"}", person, north);
	ask = post_id("/needs", body);
	http_auth = vol;
	snprintf(path, sizeof(path), "/needs/%ld/claim", ask);
	is_int(http_status(&S, "POST", path, "{}"), 200, "the volunteer claims");
	snprintf(path, sizeof(path), "/needs/%ld/contact", ask);
	http_json(&S, "GET", path, NULL, &r);
	is_str(json_string_value(json_object_get(r.json, "need_windows")),
	    "Mon 09:00-10:00", "and while holding it reads when to come");
	is_str(json_string_value(json_object_get(r.json, "windows")),
	    "Tue 17:00-20:00, Sat 10:00-12:30", "and when the person is free");
	reply_free(&r);
	http_auth = NULL;
	snprintf(path, sizeof(path), "/needs/%ld/status", ask);
	is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE status = "
	    "'matched' AND details = 'Insulin'"), 1,
	    "the claim matched the ask");
	is_int(http_status(&S, "POST", path, "{\"status\":\"fulfilled\"}"),
	    200, "and fulfilled");
	me = db_scalar(&S, "SELECT person_id FROM app_user WHERE login = "
	    "'zvol'");
	snprintf(path, sizeof(path), "/people/%ld", me);
	http_json(&S, "GET", path, NULL, &r);
	ok(json_array_size(json_object_get(r.json, "delivered")) == 1 &&
	    json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "delivered"), 0), "id")) == ask,
	    "the volunteer's page lists what they delivered");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld", person);
	http_json(&S, "GET", path, NULL, &r);
	is_int((long)json_array_size(json_object_get(r.json, "delivered")), 0,
	    "and the asker's none");
	reply_free(&r);
}

/* The list pages through every zone, and past the end says so. */
static void
test_list_pages(void)
{
	long zones = db_count(&S, "zone");
	struct reply r;

	http(&S, "GET", "/zones?limit=2", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/zones?limit=2&amp;offset=2\" "
	    "rel=\"next\">") != NULL, "the zones past the first page are "
	    "reached by a next link (%ld zones)", zones);
	reply_free(&r);
	http(&S, "GET", "/zones?offset=9999", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "a page past the end answers");
	ok(strstr(r.body, "No zones yet.") == NULL,
	    "and does not say there are no zones");
	ok(strstr(r.body, "Nothing on this page") != NULL &&
	    strstr(r.body, "<a href=\"/zones?offset=0\" rel=\"prev\">") !=
		NULL, "but that this page is empty, and leads back");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	test_neighbours();
	test_neighbours_bad();
	test_neighbours_volunteer();
	test_windows();
	test_windows_organizer();
	test_windows_bad();
	test_give();
	test_help();
	test_delivered();
	test_list_pages();
	is_int(server_stop(&S), 0, "the server stops cleanly on SIGTERM");
	return tap_done();
}
