/*
 * Targets and conversations over a real socket: targets made, found as
 * you type (any case, any accents), one per name, changed; conversations
 * logged by JSON and by form with a person on file, someone new (a first
 * name) or the ask's person, a target found or made by name, tags kept
 * folded, days kept as days; lists with each filter; and bad input on
 * every field refused with nothing written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char org[160];
static long zone_elm, zone_oak, rosa, ask;

/* POST body to path as the organizer: the status; the reply into r. */
static long
post(const char *path, const char *body, struct reply *r)
{
	http_auth = org;
	http_json(&S, "POST", path, body, r);
	http_auth = NULL;
	return r->status;
}

/* The error's field of a refused JSON body, the reply released. */
static const char *
refused(const char *method, const char *path, const char *body, long want)
{
	static char field[64];
	struct reply r;

	http_auth = org;
	http_json(&S, method, path, body, &r);
	http_auth = NULL;
	snprintf(field, sizeof(field), "%s",
	    r.status == want ? error_field(&r) : "(no refusal)");
	if (r.status != want)
		printf("# %s %s: %ld %s\n", method, path, r.status,
		    r.body ? r.body : "");
	reply_free(&r);
	return field;
}

/* GET path in JSON as the organizer: its "total". */
static long
total(const char *path)
{
	long n;

	http_auth = org;
	n = http_total(&S, path);
	http_auth = NULL;
	return n;
}

static void
seed(void)
{
	zone_elm = http_created(&S, "/zones", "{\"name\":\"12 Elm St\"}");
	zone_oak = http_created(&S, "/zones", "{\"name\":\"40 Oak Ave\"}");
	rosa = http_created(&S, "/people",
	    "{\"name\":\"Rosa Parks\",\"zone_id\":1}");
	ask = http_created(&S, "/needs", "{\"person_id\":2,\"category\":"
	    "\"rent\",\"details\":\"Rent went up\",\"urgency\":2,"
	    "\"zone_id\":1}");
	ok(rosa == 2 && ask == 1, "Rosa is person 2 (the admin is 1), with "
	    "ask 1");
	ok(server_login(&S, "org", "organizer", NULL, org, sizeof(org)) > 0,
	    "an organizer logs in");
}

/* Targets: made by JSON and form, found as typed, one per name. */
static void
test_targets(void)
{
	struct reply r;

	is_int(post("/targets", "{\"name\":\"Greenleaf Properties\","
	    "\"kind\":\"landlord\",\"zone_ids\":[1,2],\"notes\":\"Owns "
	    "both\"}", &r), 201, "a target by JSON");
	ok(json_array_size(json_object_get(r.json, "zones")) == 2,
	    "with its two places");
	reply_free(&r);
	http_auth = org;
	http_form(&S, "/targets", "name=N%C3%BA%C3%B1ez+Rentals&kind="
	    "property_manager&zone_ids=2", &r);
	http_auth = NULL;
	ok(r.status == 303 && reply_header(&r, "Location") != NULL &&
	    strcmp(reply_header(&r, "Location"), "/targets/2") == 0,
	    "a target by form: 303 to its page");
	reply_free(&r);
	is_int(total("/targets?q=GREEN"), 1, "found by any part, any case");
	is_int(total("/targets?q=nunez"), 1, "and without its accents");
	is_int(total("/targets?kind=landlord"), 1, "filtered by kind");
	is_int(total("/targets?zone_id=2"), 2, "and by place");
	is_int(total("/targets?zone_id=1"), 1, "each place its own");
	is_str(refused("POST", "/targets", "{\"name\":\"greenleaf "
	    "PROPERTIES\",\"kind\":\"landlord\"}", 422), "name",
	    "the same name typed otherwise is the same target: 422");
	is_int(post("/targets/1", "{\"zone_ids\":[],\"notes\":null}", &r), 200,
	    "a target changed");
	ok(json_array_size(json_object_get(r.json, "zones")) == 0 &&
	    json_is_null(json_object_get(r.json, "notes")) &&
	    strcmp(json_string_value(json_object_get(r.json, "name")),
	    "Greenleaf Properties") == 0,
	    "its places and notes cleared, its name kept");
	reply_free(&r);
}

/* Every bad target refused naming its field, nothing written. */
static void
test_targets_bad(void)
{
	char *before = db_snapshot(&S);
	struct reply r;

	is_str(refused("POST", "/targets", "{\"kind\":\"landlord\"}", 422),
	    "name", "a target without a name");
	is_str(refused("POST", "/targets", "{\"name\":\"X\",\"kind\":"
	    "\"friend\"}", 422), "kind", "a kind not of the set");
	is_str(refused("POST", "/targets", "{\"name\":\"X\",\"kind\":"
	    "\"agency\",\"zone_ids\":[99]}", 422), "zone_ids",
	    "a place that is no zone");
	is_str(refused("POST", "/targets", "{\"name\":\"X\",\"kind\":"
	    "\"agency\",\"color\":\"red\"}", 422), "color",
	    "a key not declared");
	is_str(refused("PATCH", "/targets/2", "{\"name\":\"GREENLEAF "
	    "properties\"}", 422), "name", "renamed to another's name");
	is_str(refused("PATCH", "/targets/99", "{\"notes\":\"x\"}", 404), "",
	    "an unknown target: 404");
	is_str(refused("GET", "/targets?kind=friend", NULL, 422), "kind",
	    "a bad filter");
	is_str(refused("GET", "/targets/99", NULL, 404), "",
	    "an unknown target's page: 404");
	http_auth = org;
	http_form(&S, "/targets", "name=&kind=agency", &r);
	http_auth = NULL;
	ok(r.status == 422 && strstr(r.body, "id=\"name-error\"") != NULL,
	    "the form shown again with the message by the name");
	reply_free(&r);
	SAME_DB(&S, before, "every bad target");
	free(before);
}

/* The "id" of a new conversation logged by JSON, 0 if refused. */
static long
logged(const char *body, struct reply *r)
{
	if (post("/conversations", body, r) != 201) {
		printf("# %s\n", r->body ? r->body : "");
		return 0;
	}
	return (long)json_integer_value(json_object_get(r->json, "id"));
}

/* The text at key of a JSON reply, or "". */
static const char *
text(struct reply *r, const char *key)
{
	const char *s = json_string_value(json_object_get(r->json, key));

	return s != NULL ? s : "";
}

static void
test_log(void)
{
	long people = db_count(&S, "person"), targets;
	struct reply r;

	ok(logged("{\"person_id\":2,\"how\":\"door\",\"problems\":\"No heat "
	    "since November\",\"tags\":[\"No heat\",\"mould, no-heat\"],"
	    "\"target_id\":1,\"assessment\":2,\"next_step\":\"Come on "
	    "Tuesday\",\"at\":\"2026-11-20\",\"next_at\":\"2026-11-24\"}",
	    &r) == 1, "a conversation with someone on file");
	is_str(text(&r, "how"), "door", "how it was held");
	ok(json_array_size(json_object_get(r.json, "tags")) == 2 &&
	    strcmp(json_string_value(json_array_get(json_object_get(r.json,
	    "tags"), 0)), "mould") == 0, "its tags kept folded, once each");
	is_str(text(&r, "at"), "2026-11-20T12:00:00Z", "its day kept at noon");
	is_str(text(&r, "next_at"), "2026-11-24T12:00:00Z", "and the next");
	is_int(json_integer_value(json_object_get(r.json, "zone_id")),
	    zone_elm, "its place the person's");
	is_str(text(&r, "user_login"), "org", "who logged it");
	reply_free(&r);
	ok(logged("{\"name\":\"Ana\",\"zone_id\":2,\"how\":\"session\","
	    "\"target_name\":\"greenleaf properties\"}", &r) == 2,
	    "a conversation with someone new: a first name");
	is_int(db_count(&S, "person"), people + 1, "who is now on file");
	is_str(text(&r, "person_name"), "Ana", "by that name");
	is_int(json_integer_value(json_object_get(r.json, "target_id")), 1,
	    "the target typed found however written");
	reply_free(&r);
	targets = db_count(&S, "target");
	ok(logged("{\"need_id\":1,\"how\":\"phone\",\"target_name\":"
	    "\"City Housing Office\",\"target_kind\":\"agency\"}", &r) == 3,
	    "a conversation from an ask, about its person");
	is_int(json_integer_value(json_object_get(r.json, "person_id")), rosa,
	    "the ask's person");
	is_int(json_integer_value(json_object_get(r.json, "need_id")), ask,
	    "the ask kept");
	is_int(db_count(&S, "target"), targets + 1, "a new name, a new target");
	is_str(text(&r, "target_name"), "City Housing Office", "so named");
	is_int(db_scalar(&S, "SELECT count(*) FROM target WHERE kind = "
	    "'agency'"), 1, "of the kind given");
	reply_free(&r);
	http_auth = org;
	http_form(&S, "/conversations", "person_id=&name=Luis&zone_id=2&"
	    "how=text&tags=Rent+increase%2C+No+heat&target_name=Greenleaf+"
	    "Properties&assessment=4&at=2026-11-30", &r);
	http_auth = NULL;
	ok(r.status == 303 && reply_header(&r, "Location") != NULL &&
	    strcmp(reply_header(&r, "Location"), "/conversations/4") == 0,
	    "a conversation by form: 303 to its page");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM conversation_tag WHERE "
	    "conversation_id = 4"), 2, "its comma-separated tags, two");
}

static void
test_lists(void)
{
	struct reply r;

	is_int(total("/conversations"), 4, "the list holds all four");
	is_int(total("/conversations?person_id=2"), 2, "by person");
	is_int(total("/conversations?target_id=1"), 3, "by target");
	is_int(total("/conversations?zone_id=2"), 2, "by place");
	is_int(total("/conversations?need_id=1"), 1, "by ask");
	is_int(total("/conversations?tag=No+heat"), 2, "by tag as written");
	is_int(total("/conversations?tag=no-heat&zone_id=2"), 1,
	    "filters together");
	http_auth = org;
	http_json(&S, "GET", "/conversations", NULL, &r);
	ok(strstr(r.body, "No heat since") == NULL &&
	    strstr(r.body, "assessment") == NULL &&
	    strstr(r.body, "Come on") == NULL,
	    "the list carries no notes and no assessment");
	reply_free(&r);
	http_json(&S, "GET", "/conversations/1?lang=es", NULL, &r);
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "conversation"), "how_label")), "En la puerta",
	    "its words in Spanish");
	reply_free(&r);
	http(&S, "GET", "/conversations/new?need_id=1", "text/html", NULL,
	    NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "name=\"person_id\" "
	    "value=\"2\"") != NULL && strstr(r.body, "Rosa Parks") != NULL,
	    "the form from an ask is about its person");
	reply_free(&r);
	http(&S, "GET", "/conversations/new?q=ros", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "id=\"person-2\"") != NULL,
	    "the form finds people by name");
	reply_free(&r);
	http_auth = NULL;
}

/* Every bad conversation refused naming its field, nothing written. */
static void
test_log_bad(void)
{
	static const struct {
		const char *body, *field;
	} bad[] = {
		{ "{\"person_id\":2}", "how" },
		{ "{\"person_id\":2,\"how\":\"email\"}", "how" },
		{ "{\"how\":\"door\"}", "person_id" },
		{ "{\"person_id\":99,\"how\":\"door\"}", "person_id" },
		{ "{\"need_id\":99,\"how\":\"door\"}", "need_id" },
		{ "{\"name\":\"Eva\",\"zone_id\":99,\"how\":\"door\"}",
		    "zone_id" },
		{ "{\"person_id\":2,\"how\":\"door\",\"target_id\":99}",
		    "target_id" },
		{ "{\"person_id\":2,\"how\":\"door\",\"grievance_id\":99}",
		    "grievance_id" },
		{ "{\"person_id\":2,\"how\":\"door\",\"assessment\":0}",
		    "assessment" },
		{ "{\"person_id\":2,\"how\":\"door\",\"assessment\":6}",
		    "assessment" },
		{ "{\"person_id\":2,\"how\":\"door\",\"at\":\"2026-02-30\"}",
		    "at" },
		{ "{\"person_id\":2,\"how\":\"door\",\"at\":\"03/12/2026\"}",
		    "at" },
		{ "{\"person_id\":2,\"how\":\"door\",\"next_at\":\"tomorrow\"}",
		    "next_at" },
		{ "{\"person_id\":2,\"how\":\"door\",\"tags\":[\"!!\"]}",
		    "tags" },
		{ "{\"person_id\":2,\"how\":\"door\",\"tags\":\"a,b\"}",
		    "tags" },
		{ "{\"person_id\":2,\"how\":\"door\",\"tags\":[\"a,b,c,d,e,f,"
		    "g,h,i,j,k\"]}", "tags" },
		{ "{\"person_id\":2,\"how\":\"door\",\"target_name\":\"New\","
		    "\"target_kind\":\"friend\"}", "target_kind" },
		{ "{\"person_id\":2,\"how\":\"door\",\"mood\":\"good\"}",
		    "mood" },
		/* A new person and a new target wait for the rest. */
		{ "{\"name\":\"Eva\",\"how\":\"door\",\"target_name\":\"Acme\","
		    "\"at\":\"2026-13-01\"}", "at" },
		{ "{\"name\":\"Eva\",\"how\":\"door\",\"target_name\":\"Acme\","
		    "\"grievance_id\":7}", "grievance_id" },
	};
	char *before = db_snapshot(&S), label[300];
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(label, sizeof(label), "%s: 422 naming %s", bad[i].body,
		    bad[i].field);
		is_str(refused("POST", "/conversations", bad[i].body, 422),
		    bad[i].field, "%s", label);
	}
	is_str(refused("GET", "/conversations?tag=%21%21", NULL, 422), "tag",
	    "a filter by no tag");
	is_str(refused("GET", "/conversations?person_id=x", NULL, 422),
	    "person_id", "a filter by no id");
	is_str(refused("GET", "/conversations/99", NULL, 404), "",
	    "an unknown conversation: 404");
	http_auth = org;
	http_form(&S, "/conversations", "person_id=2&problems=Rats", &r);
	http_auth = NULL;
	ok(r.status == 422 && strstr(r.body, "id=\"how-error\"") != NULL &&
	    strstr(r.body, ">Rats</textarea>") != NULL,
	    "the form shown again, the message by how, what was typed kept");
	reply_free(&r);
	SAME_DB(&S, before, "every bad conversation");
	free(before);
}

int
main(void)
{
	server_start(&S);
	seed();
	test_targets();
	test_targets_bad();
	test_log();
	test_lists();
	test_log_bad();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
