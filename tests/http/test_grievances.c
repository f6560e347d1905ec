/*
 * Grievances (issue #13): made by JSON and by form (also prefilled from
 * the query), listed with each filter, shown with their people, asks and
 * conversations, changed with people added and removed; asks that say
 * who is responsible, their tags and their grievance; bad input writing
 * nothing; volunteers seeing none of it, in HTML or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static long north, south, ana, ben, cy, target, other, heat, rent, ask;
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

/* A target, as the targets' pages would make it. */
static long
add_target(const char *name, const char *fold)
{
	char sql[400];

	snprintf(sql, sizeof(sql), "INSERT INTO target (name, name_fold, "
	    "kind, created_at, updated_at) VALUES ('%s', '%s', 'landlord', "
	    "'2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')", name, fold);
	db_write(&S, sql);
	snprintf(sql, sizeof(sql), "SELECT id FROM target WHERE name_fold = "
	    "'%s'", fold);
	return db_scalar(&S, sql);
}

/* The ids of key in obj, as "1,2,3". */
static const char *
ids_of(json_t *obj, const char *key)
{
	static char out[256];
	json_t *v;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach (json_object_get(obj, key), i, v)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%lld",
		    i ? "," : "", (long long)json_integer_value(v));
	return out;
}

/* The tags of obj, as "a b c". */
static const char *
tags_of(json_t *obj)
{
	static char out[256];
	json_t *v;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach (json_object_get(obj, "tags"), i, v)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    i ? " " : "", json_string_value(v));
	return out;
}

static void
setup(void)
{
	char body[200];

	north = post_id("/zones", "{\"name\":\"12 Elm St\"}");
	south = post_id("/zones", "{\"name\":\"40 Oak Ave\"}");
	snprintf(body, sizeof(body), "{\"name\":\"Ana Ruiz\",\"zone_id\":%ld,"
	    "\"phone\":\"+15550100001\"}", north);
	ana = post_id("/people", body);
	snprintf(body, sizeof(body), "{\"name\":\"Ben Okafor\","
	    "\"zone_id\":%ld}", north);
	ben = post_id("/people", body);
	snprintf(body, sizeof(body), "{\"name\":\"Cy Tran\",\"zone_id\":%ld}",
	    south);
	cy = post_id("/people", body);
	target = add_target("Acme Rentals", "acme rentals");
	other = add_target("City Housing", "city housing");
	ok(target > 0 && other > 0, "two targets");
	ok(server_login(&S, "gvol", "volunteer", "1", vol, sizeof(vol)) > 0,
	    "a volunteer of the first zone");
	ok(server_login(&S, "gorg", "organizer", NULL, org, sizeof(org)) > 0,
	    "an organizer");
}

static void
test_create(void)
{
	struct reply r;
	char body[400], path[64];
	json_t *g;

	snprintf(body, sizeof(body), "{\"title\":\"No heat in 12 Elm St\","
	    "\"tags\":[\"No heat\",\"mould, damp\"],\"target_id\":%ld,"
	    "\"zone_ids\":[%ld],\"person_ids\":[%ld,%ld]}", target, north,
	    ben, ana);
	http_auth = org;
	http_json(&S, "POST", "/grievances", body, &r);
	http_auth = NULL;
	is_int(r.status, 201, "an organizer starts a grievance by JSON: 201");
	heat = (long)json_integer_value(json_object_get(r.json, "id"));
	is_str(tags_of(r.json), "damp mould no-heat",
	    "its tags kept folded, in order");
	is_str(json_string_value(json_object_get(r.json, "target_name")),
	    "Acme Rentals", "with its target's name");
	snprintf(body, sizeof(body), "%ld,%ld", ana, ben);
	is_str(ids_of(r.json, "person_ids"), body, "its people, by id");
	snprintf(body, sizeof(body), "%ld", north);
	is_str(ids_of(r.json, "zone_ids"), body, "and its places");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'grievance.create'"), 1, "audited as grievance.create");

	snprintf(body, sizeof(body), "title=Rent+up+20%%25&target_id=%ld&"
	    "tags=rent+increase&zone_ids=&zone_ids=%ld&zone_ids=%ld&"
	    "person_ids=&person_ids=%ld", other, north, south, cy);
	http_form(&S, "/grievances", body, &r);
	is_int(r.status, 303, "a grievance by form: 303");
	rent = db_scalar(&S, "SELECT max(id) FROM grievance");
	snprintf(path, sizeof(path), "/grievances/%ld", rent);
	is_str(reply_header(&r, "Location"), path, "to its page");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM grievance_zone"), 3,
	    "each box a place");
	is_int(db_scalar(&S, "SELECT count(*) FROM grievance_tag WHERE tag = "
	    "'rent-increase'"), 1, "the tag as typed, kept folded");

	http_json(&S, "GET", path, NULL, &r);
	is_int(r.status, 200, "GET /grievances/:id");
	g = json_object_get(r.json, "grievance");
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(g, "people"), 0), "name")), "Cy Tran",
	    "its people by name");
	ok(json_object_get(json_array_get(json_object_get(g, "people"), 0),
	    "phone") == NULL, "never their contact");
	reply_free(&r);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Rent up 20%") != NULL &&
	    strstr(r.body, "City Housing") != NULL,
	    "its page names it and its target");
	snprintf(body, sizeof(body), "name=\"grievance_ids\" value=\"%ld\">"
	    "\n<input type=\"hidden\" name=\"target_id\" value=\"%ld\">\n"
	    "<input type=\"hidden\" name=\"person_ids\" value=\"%ld\">",
	    rent, other, cy);
	ok(strstr(r.body, "action=\"/campaigns/new\"") != NULL &&
	    strstr(r.body, body) != NULL, "and starts a campaign about it, "
	    "with its target and its people");
	reply_free(&r);
	http(&S, "GET", "/grievances/999", "application/json", NULL, NULL, 0,
	    &r);
	is_int(r.status, 404, "an unknown grievance: 404");
	reply_free(&r);
}

/* The titles a list answers, as "a|b". */
static const char *
titles(const char *path)
{
	static char out[256];
	struct reply r;
	json_t *v;
	size_t i, n = 0;

	out[0] = '\0';
	http_json(&S, "GET", path, NULL, &r);
	if (r.status != 200)
		snprintf(out, sizeof(out), "status %ld", r.status);
	json_array_foreach (json_object_get(r.json, "items"), i, v)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    i ? "|" : "", json_string_value(json_object_get(v,
		    "title")));
	reply_free(&r);
	return out;
}

static void
test_list(void)
{
	char path[96];
	struct reply r;

	is_str(titles("/grievances"), "Rent up 20%|No heat in 12 Elm St",
	    "the list, newest first");
	snprintf(path, sizeof(path), "/grievances?target_id=%ld", target);
	is_str(titles(path), "No heat in 12 Elm St", "by target");
	is_str(titles("/grievances?tag=No+Heat"), "No heat in 12 Elm St",
	    "by a tag written as people write it");
	snprintf(path, sizeof(path), "/grievances?zone_id=%ld", south);
	is_str(titles(path), "Rent up 20%", "by place");
	snprintf(path, sizeof(path), "/grievances?person_id=%ld", ben);
	is_str(titles(path), "No heat in 12 Elm St", "by person");
	http_json(&S, "GET", "/grievances?limit=1", NULL, &r);
	ok(json_integer_value(json_object_get(r.json, "total")) == 2 &&
	    json_array_size(json_object_get(r.json, "items")) == 1,
	    "paged, with the total");
	ok(json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "items"), 0), "people")) == 1,
	    "each with how many people");
	reply_free(&r);
	http(&S, "GET", "/grievances?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Quejas") != NULL,
	    "the list in Spanish");
	reply_free(&r);
	http_json(&S, "GET", "/grievances?target_id=x", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "target_id") == 0,
	    "a bad filter: 422 naming it");
	reply_free(&r);
	http_json(&S, "GET", "/grievances?tag=%21%21", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "tag") == 0,
	    "a tag of nothing: 422 naming it");
	reply_free(&r);
	http(&S, "GET", "/grievances?tag=%21%21", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 422 && strstr(r.body, "action=\"/grievances\"") &&
	    strstr(r.body, "value=\"!!\" aria-invalid=\"true\"") &&
	    strstr(r.body, "id=\"tag-error\"") &&
	    strstr(r.body, "<li><a href=\"#tag\">"),
	    "a page: the filters again, the tag as typed, the message by it");
	reply_free(&r);
}

static void
test_update(void)
{
	struct reply r;
	char path[64], body[200];

	snprintf(path, sizeof(path), "/grievances/%ld", heat);
	snprintf(body, sizeof(body), "{\"person_ids\":[%ld,%ld]}", cy, ana);
	http_json(&S, "PATCH", path, body, &r);
	is_int(r.status, 200, "PATCH the people: 200");
	snprintf(body, sizeof(body), "%ld,%ld", ana, cy);
	is_str(ids_of(json_object_get(r.json, "grievance") ?
	    json_object_get(r.json, "grievance") : r.json, "person_ids"), body,
	    "one added, one removed");
	is_str(tags_of(r.json), "damp mould no-heat", "the tags kept");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'grievance.update' AND change = '{\"fields\":[\"person_ids\"]}'"),
	    1, "audited, naming the field changed");
	snprintf(body, sizeof(body), "{\"person_ids\":[%ld,%ld]}", ana, cy);
	http_json(&S, "PATCH", path, body, &r);
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'grievance.update' AND change IS NULL"), 1,
	    "the same people in another order change nothing");
	http_json(&S, "PATCH", path, "{\"title\":\"No heat at 12 Elm St\","
	    "\"target_id\":null,\"tags\":[]}", &r);
	ok(r.status == 200 && json_is_null(json_object_get(r.json,
	    "target_id")) && json_array_size(json_object_get(r.json,
	    "tags")) == 0, "a target and tags cleared by null and []");
	reply_free(&r);
	http_form(&S, path, "title=No+heat+at+12+Elm+St&person_ids=", &r);
	is_int(r.status, 303, "the form with no one ticked: 303");
	reply_free(&r);
	snprintf(body, sizeof(body), "SELECT count(*) FROM grievance_person "
	    "WHERE grievance_id = %ld", heat);
	is_int(db_scalar(&S, body), 0, "takes everyone off");
	snprintf(body, sizeof(body), "title=No+heat+at+12+Elm+St&tags=no+heat"
	    "&target_id=%ld&person_ids=%ld&person_ids=%ld", target, ana, ben);
	http_form(&S, path, body, &r);
	reply_free(&r);
	snprintf(body, sizeof(body), "SELECT count(*) FROM grievance_person "
	    "WHERE grievance_id = %ld", heat);
	is_int(db_scalar(&S, body), 2, "and the form puts them back");
}

/* The form prefilled from the query, as /facing's rows send it. */
static void
test_new(void)
{
	struct reply r;
	char path[200], want[120];

	snprintf(path, sizeof(path), "/grievances/new?title=Mould&target_id="
	    "%ld&tags=mould&zone_ids=%ld&person_ids=%ld&person_ids=%ld&q=tran",
	    target, north, ana, ben);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "GET /grievances/new prefilled");
	snprintf(want, sizeof(want), "name=\"person_ids\" value=\"%ld\" "
	    "checked", ben);
	ok(strstr(r.body, want) != NULL, "its people ticked");
	snprintf(want, sizeof(want), "name=\"person_ids\" value=\"%ld\">", cy);
	ok(strstr(r.body, want) != NULL, "those the search finds to tick");
	snprintf(want, sizeof(want), "<option value=\"%ld\" selected>", target);
	ok(strstr(r.body, want) != NULL && strstr(r.body,
	    "value=\"Mould\"") != NULL, "its target chosen, its title");
	snprintf(want, sizeof(want), "name=\"zone_ids\" value=\"%ld\" checked",
	    north);
	ok(strstr(r.body, want) != NULL, "its places ticked");
	reply_free(&r);
	http(&S, "GET", "/grievances/new?person_ids=x", "application/json",
	    NULL, NULL, 0, &r);
	is_int(r.status, 422, "a bad prefill: 422");
	reply_free(&r);
}

/* 11 tags, the most being 10. */
static const char too_many_tags[] = "{\"title\":\"T\",\"tags\":[\"a\",\"b\","
    "\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}";

static void
test_bad(void)
{
	struct reply r;
	char path[64], *before;
	size_t i;
	const struct {
		const char *method, *body, *field, *what;
		int to_one;
	} cases[] = {
		{ "POST", "{\"tags\":[\"a\"]}", "title", "no title", 0 },
		{ "POST", "{\"title\":\"\"}", "title", "an empty title", 0 },
		{ "POST", "{\"title\":\"T\",\"tags\":[\"!!\"]}", "tags",
		    "a tag of nothing", 0 },
		{ "POST", too_many_tags, "tags", "11 tags", 0 },
		{ "POST", "{\"title\":\"T\",\"target_id\":999}", "target_id",
		    "no such target", 0 },
		{ "POST", "{\"title\":\"T\",\"zone_ids\":[999]}", "zone_ids",
		    "no such place", 0 },
		{ "POST", "{\"title\":\"T\",\"person_ids\":[1,999]}",
		    "person_ids", "no such person", 0 },
		{ "POST", "{\"title\":\"T\",\"person_ids\":[\"x\"]}",
		    "person_ids", "not an id", 0 },
		{ "POST", "{\"title\":\"T\",\"secret\":1}", "secret",
		    "an undeclared key", 0 },
		{ "PATCH", "{\"title\":null}", "title", "a title emptied", 1 },
		{ "PATCH", "{\"person_ids\":[999]}", "person_ids",
		    "a change to no such person", 1 },
		{ "PATCH", "{\"target_id\":0}", "target_id", "target 0", 1 },
	};

	snprintf(path, sizeof(path), "/grievances/%ld", heat);
	before = db_snapshot(&S);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		http_json(&S, cases[i].method, cases[i].to_one ? path :
		    "/grievances", cases[i].body, &r);
		is_int(r.status, 422, "%s: 422", cases[i].what);
		is_str(error_field(&r), cases[i].field, "%s: naming its field",
		    cases[i].what);
		reply_free(&r);
	}
	http_json(&S, "PATCH", "/grievances/999", "{\"title\":\"T\"}", &r);
	is_int(r.status, 404, "a change to no grievance: 404");
	reply_free(&r);
	http_form(&S, "/grievances", "title=&tags=no+heat", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"title-error\"") != NULL &&
	    strstr(r.body, "value=\"no heat\"") != NULL,
	    "the form shown again with the message and what was sent");
	reply_free(&r);
	http_form(&S, path, "title=T&zone_ids=999", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"zone_ids-error\"") != NULL,
	    "the edit form shown again with the message by the boxes");
	reply_free(&r);
	SAME_DB(&S, before, "every bad grievance");
	free(before);
}

static void
test_asks(void)
{
	struct reply r;
	char body[400], path[64], sql[200], *before;
	json_t *g;

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"Rent relief\",\"urgency\":2,\"zone_id\":"
	    "%ld,\"target_id\":%ld,\"tags\":[\"Rent increase\"],"
	    "\"grievance_id\":%ld}", ana, north, other, rent);
	http_json(&S, "POST", "/needs", body, &r);
	is_int(r.status, 201, "an ask that says who is responsible: 201");
	ask = (long)json_integer_value(json_object_get(r.json, "id"));
	ok(json_integer_value(json_object_get(r.json, "target_id")) == other &&
	    json_integer_value(json_object_get(r.json, "grievance_id")) ==
	    rent && strcmp(tags_of(r.json), "rent-increase") == 0,
	    "answered with its target, grievance and tags");
	reply_free(&r);
	snprintf(path, sizeof(path), "/grievances/%ld", rent);
	http_json(&S, "GET", path, NULL, &r);
	g = json_object_get(r.json, "grievance");
	ok(json_integer_value(json_object_get(json_array_get(
	    json_object_get(g, "asks"), 0), "id")) == ask &&
	    json_object_get(json_array_get(json_object_get(g, "asks"), 0),
	    "details") == NULL, "the grievance lists the ask, no details");
	reply_free(&r);

	snprintf(path, sizeof(path), "/needs/%ld", ask);
	snprintf(body, sizeof(body), "{\"grievance_id\":%ld,\"tags\":"
	    "[\"no heat\"]}", heat);
	http_json(&S, "PATCH", path, body, &r);
	ok(r.status == 200 && json_integer_value(json_object_get(r.json,
	    "grievance_id")) == heat && json_integer_value(json_object_get(
	    r.json, "target_id")) == other, "PATCH /needs/:id: moved to "
	    "another grievance, its target kept");
	ok(json_object_get(r.json, "phone") == NULL,
	    "and answered without the contact");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'need.link' AND change = '{\"fields\":[\"grievance_id\","
	    "\"tags\"]}'"), 1, "audited as need.link, naming the fields");
	http_form(&S, path, "target_id=&grievance_id=&tags=", &r);
	is_int(r.status, 303, "the ask's form, emptied: 303");
	reply_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need WHERE id = %ld "
	    "AND target_id IS NULL AND grievance_id IS NULL", ask);
	is_int(db_scalar(&S, sql), 1, "clears its target and grievance");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need_tag WHERE "
	    "need_id = %ld", ask);
	is_int(db_scalar(&S, sql), 0, "and its tags");
	snprintf(body, sizeof(body), "{\"grievance_id\":%ld,\"target_id\":"
	    "%ld}", rent, other);
	http_json(&S, "PATCH", path, body, &r);
	reply_free(&r);

	before = db_snapshot(&S);
	http_json(&S, "PATCH", path, "{\"target_id\":999}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "target_id") == 0,
	    "no such target: 422 naming it");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"grievance_id\":999}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "grievance_id") == 0,
	    "no such grievance: 422 naming it");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"tags\":[\"--\"]}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "tags") == 0,
	    "a bad tag: 422 naming it");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"category\":\"rent\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "category") == 0,
	    "nothing else of the ask changes here");
	reply_free(&r);
	http_json(&S, "PATCH", "/needs/999", "{\"tags\":[\"a\"]}", &r);
	is_int(r.status, 404, "an unknown ask: 404");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"x\",\"urgency\":2,\"zone_id\":%ld,"
	    "\"grievance_id\":999}", ana, north);
	http_json(&S, "POST", "/needs", body, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "grievance_id") == 0,
	    "a new ask of no grievance: 422 naming it");
	reply_free(&r);
	http_form(&S, path, "tags=%21%21", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"tags-error\"") != NULL,
	    "the ask's page again, the message by its tags");
	reply_free(&r);
	SAME_DB(&S, before, "every bad ask link");
	free(before);

	http(&S, "GET", "/needs/new", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "name=\"grievance_id\"") !=
	    NULL && strstr(r.body, "name=\"tags\"") != NULL,
	    "the ask form asks what it is about");
	reply_free(&r);
}

/* A conversation that points to a grievance is on its page. */
static void
test_conversations(void)
{
	struct reply r;
	char sql[400], path[64];
	json_t *c;

	snprintf(sql, sizeof(sql), "INSERT INTO conversation (person_id, "
	    "grievance_id, at, how, problems, assessment, created_at) VALUES "
	    "(%ld, %ld, '2026-11-20T18:00:00Z', 'door', 'Radiators cold', 2, "
	    "'2026-11-20T18:00:00Z')", ben, heat);
	db_write(&S, sql);
	snprintf(path, sizeof(path), "/grievances/%ld", heat);
	http_json(&S, "GET", path, NULL, &r);
	c = json_array_get(json_object_get(json_object_get(r.json,
	    "grievance"), "conversations"), 0);
	ok(c != NULL && json_integer_value(json_object_get(c, "person_id")) ==
	    ben, "the grievance lists its conversation");
	ok(json_object_get(c, "problems") == NULL &&
	    json_object_get(c, "assessment") == NULL,
	    "with neither its notes nor its assessment");
	reply_free(&r);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Radiators") == NULL && strstr(r.body,
	    "/conversations/") != NULL, "its page links to it, no notes");
	reply_free(&r);
}

/* Volunteers see no grievance, nor what an ask is about. */
static void
test_volunteer(void)
{
	struct reply r;
	char path[64];
	json_t *v;

	http_auth = vol;
	http_json(&S, "GET", "/grievances", NULL, &r);
	is_int(r.status, 403, "a volunteer lists no grievance");
	reply_free(&r);
	snprintf(path, sizeof(path), "/grievances/%ld", heat);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 403, "nor reads one");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	http_json(&S, "GET", path, NULL, &r);
	is_int(r.status, 200, "a volunteer reads the ask of their zone");
	ok(json_object_get(r.json, "target_id") == NULL &&
	    json_object_get(r.json, "target_name") == NULL &&
	    json_object_get(r.json, "grievance_id") == NULL &&
	    json_object_get(r.json, "grievance_title") == NULL &&
	    json_object_get(r.json, "tags") == NULL &&
	    json_object_get(r.json, "targets") == NULL &&
	    json_object_get(r.json, "grievances") == NULL,
	    "without its target, tags or grievance in JSON");
	reply_free(&r);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "City Housing") == NULL &&
	    strstr(r.body, "Rent up") == NULL && strstr(r.body,
	    "rent-increase") == NULL && strstr(r.body, "grievance") == NULL,
	    "nor in HTML");
	reply_free(&r);
	http_json(&S, "GET", "/needs", NULL, &r);
	v = json_array_get(json_object_get(r.json, "items"), 0);
	ok(v != NULL && json_object_get(v, "target_id") == NULL &&
	    json_object_get(v, "grievance_id") == NULL,
	    "nor in the list of asks");
	reply_free(&r);
	http_json(&S, "PATCH", path, "{\"tags\":[\"a\"]}", &r);
	is_int(r.status, 403, "and changes none of it");
	reply_free(&r);
	http_auth = org;
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "City Housing") != NULL &&
	    strstr(r.body, "Rent up") != NULL, "an organizer sees them");
	reply_free(&r);
	http_auth = NULL;
}

int
main(void)
{
	server_start(&S);
	setup();
	test_create();
	test_list();
	test_update();
	test_new();
	test_bad();
	test_asks();
	test_conversations();
	test_volunteer();
	is_int(server_stop(&S), 0, "the server stops cleanly on SIGTERM");
	return tap_done();
}
