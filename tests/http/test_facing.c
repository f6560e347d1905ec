/*
 * What people face (GET /facing) and collective feedback (GET /feedback)
 * over a real socket: the counts of a data set built here, whose answers
 * are worked out by hand below; the floor under which feedback withholds
 * a count; bad input writing nothing; English and Spanish.
 *
 * Targets, tags and conversations are written straight into the tables
 * of schema/014, as their own routes would, so that this test depends on
 * nothing but the tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "client.h"

static struct server S;

#define DAY (24 * 60 * 60)

/* Zones: a, b, c for /facing; d for the feedback. */
static long za, zb, zc, zd;
/* People: p1..p5 in a, b, c; q1..q4 in d. */
static long p1, p2, p3, p4, p5, q1, q2, q3, q4;
/* Targets: a landlord (l), an employer (m), a property manager (n). */
static long tl, tm, tn;

/* Every row the tables hold, with db_snapshot's, as text. */
static char *
state(void)
{
	static const char *const tables[] = { "target", "target_zone",
		"need_tag", "conversation", "conversation_tag", "grievance",
		"grievance_person", "campaign", "audit", NULL };
	char *snap = db_snapshot(&S), sql[96];
	size_t len = strlen(snap) + 256, i, at;
	char *out = malloc(len);

	at = (size_t)snprintf(out, len, "%s", snap);
	for (i = 0; tables[i] != NULL; i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    tables[i]);
		at += (size_t)snprintf(out + at, len - at, " %ld",
		    db_scalar(&S, sql));
	}
	free(snap);
	return out;
}

#define SAME_STATE(before, what) do {					\
	char *after_ = state();						\
	ok(strcmp(after_, before) == 0, "%s writes nothing", what);	\
	free(after_);							\
} while (0)

/* days ago, as the program stores a time. */
static void
ago(int days, char out[32])
{
	time_t t = time(NULL) - (time_t)days * DAY;
	struct tm utc;

	gmtime_r(&t, &utc);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

static long
zone(const char *name)
{
	char body[96];

	snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
	return http_created(&S, "/zones", body);
}

static long
person(const char *name, long z)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"zone_id\":%ld}",
	    name, z);
	return http_created(&S, "/people", body);
}

static long
target(const char *name, const char *fold, const char *kind)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO target (name, name_fold, "
	    "kind, created_at, updated_at) VALUES ('%s', '%s', '%s', "
	    "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    name, fold, kind);
	return db_scalar(&S, sql);
}

/*
 * An ask by who in z, days ago, naming target t (0: none) and tag (NULL:
 * none): made through the API, then dated and linked in the tables.
 */
static void
ask(long who, long z, int days, long t, const char *tag)
{
	char body[192], sql[256], at[32];
	long id;

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"food\",\"urgency\":1,\"zone_id\":"
	    "%ld}", who, z);
	id = http_created(&S, "/needs", body);
	ago(days, at);
	snprintf(sql, sizeof(sql), "UPDATE need SET created_at = '%s' "
	    "WHERE id = %ld", at, id);
	db_write(&S, sql);
	if (t != 0) {
		snprintf(sql, sizeof(sql), "UPDATE need SET target_id = %ld "
		    "WHERE id = %ld", t, id);
		db_write(&S, sql);
	}
	if (tag != NULL) {
		snprintf(sql, sizeof(sql), "INSERT INTO need_tag (need_id, "
		    "tag) VALUES (%ld, '%s')", id, tag);
		db_write(&S, sql);
	}
}

/* A conversation with who in z, days ago, naming t (0: none) and tag. */
static void
talk(long who, long z, int days, long t, const char *tag)
{
	char sql[384], at[32], tgt[24] = "NULL";
	long id;

	ago(days, at);
	if (t != 0)
		snprintf(tgt, sizeof(tgt), "%ld", t);
	snprintf(sql, sizeof(sql), "INSERT INTO conversation (person_id, "
	    "zone_id, target_id, at, how, problems, created_at) VALUES "
	    "(%ld, %ld, %s, '%s', 'door', 'said so', '%s') RETURNING id",
	    who, z, tgt, at, at);
	id = db_scalar(&S, sql);
	ok(id > 0, "conversation %ld written", id);
	if (tag != NULL) {
		snprintf(sql, sizeof(sql), "INSERT INTO conversation_tag "
		    "(conversation_id, tag) VALUES (%ld, '%s')", id, tag);
		db_write(&S, sql);
	}
}

/*
 * The data set. /facing, by hand:
 *   landlord l: p1 (ask 10 days, no-heat; talk 100 days), p2 (talk 60,
 *     no-heat), p3 (ask 200 days; talk 20, mould): 3 people, 2 in 30
 *     days (p1, p3), 3 in 90; places a and b; tags no-heat (2), mould (1).
 *   property manager n: q1, q2 (asks in d, 5 days, rent-increase): 2, 2, 2.
 *   employer m: p4 (ask 5 days in c, wage-theft): 1, 1, 1.
 *   tag no-heat: p1, p2: 2 people, 1 in 30 days, 2 in 90.
 *   zone a: p1, p2 and p5 (an ask 3 days ago naming nothing): 3, 2, 3.
 * /feedback of d over 30 days: asked q1, q2, q3 (q4's ask is 40 days
 *   old): 3; talked q1 alone: 1, withheld; people 3; n named by q1, q2:
 *   2, withheld; rent-increase q1, q2, q3: 3; leak q1: 1, withheld.
 */
static void
build(void)
{
	za = zone("Elm 12");
	zb = zone("Oak 3");
	zc = zone("Pine 7");
	zd = zone("Birch 9");
	p1 = person("Ana Uno", za);
	p2 = person("Bea Dos", za);
	p3 = person("Cai Tres", zb);
	p4 = person("Dan Cuatro", zc);
	p5 = person("Eva Cinco", za);
	q1 = person("Quique Uno", zd);
	q2 = person("Quela Dos", zd);
	q3 = person("Quino Tres", zd);
	q4 = person("Queta Cuatro", zd);
	tl = target("Grasp Realty", "grasp realty", "landlord");
	tm = target("Big Box", "big box", "employer");
	tn = target("Acme Property", "acme property", "property_manager");
	ok(tl > 0 && tm > 0 && tn > 0, "targets written");

	ask(p1, za, 10, tl, "no-heat");
	talk(p1, za, 100, tl, NULL);
	talk(p2, za, 60, tl, "no-heat");
	ask(p3, zb, 200, tl, NULL);
	talk(p3, zb, 20, tl, "mould");
	ask(p4, zc, 5, tm, "wage-theft");
	ask(p5, za, 3, 0, NULL);

	ask(q1, zd, 5, tn, "rent-increase");
	ask(q2, zd, 6, tn, "rent-increase");
	ask(q3, zd, 7, 0, "rent-increase");
	ask(q4, zd, 40, 0, NULL);
	talk(q1, zd, 2, 0, "leak");
}

/* The row of list whose key is the integer id, or NULL. */
static json_t *
row_id(json_t *list, const char *key, long id)
{
	json_t *row;
	size_t i;

	json_array_foreach (list, i, row)
		if (json_integer_value(json_object_get(row, key)) == id)
			return row;
	return NULL;
}

static json_t *
row_tag(json_t *list, const char *key, const char *tag)
{
	json_t *row;
	size_t i;

	json_array_foreach (list, i, row)
		if (strcmp(json_string_value(json_object_get(row, key)),
			tag) == 0)
			return row;
	return NULL;
}

/* Whether row's people, last_30 and last_90 are those given. */
static void
counts(json_t *row, long people, long d30, long d90, const char *what)
{
	ok(row != NULL, "%s: a row", what);
	if (row == NULL)
		return;
	is_int(json_integer_value(json_object_get(row, "people")), people,
	    "%s: people", what);
	is_int(json_integer_value(json_object_get(row, "last_30")), d30,
	    "%s: last 30 days", what);
	is_int(json_integer_value(json_object_get(row, "last_90")), d90,
	    "%s: last 90 days", what);
}

/* The integers of a JSON array as "1 2 3". */
static const char *
ids(json_t *a)
{
	static char out[256];
	json_t *v;
	size_t i, at = 0;

	out[0] = '\0';
	json_array_foreach (a, i, v)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%lld",
		    i ? " " : "", (long long)json_integer_value(v));
	return out;
}

static void
test_facing_json(void)
{
	struct reply r;
	json_t *l, *list;
	char want[64];

	http(&S, "GET", "/facing", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "GET /facing: 200");
	list = json_object_get(r.json, "by_target");
	is_int((long)json_array_size(list), 3, "three targets named");
	is_int(json_integer_value(json_object_get(json_array_get(list, 0),
	    "target_id")), tl, "the landlord first: the most people");
	l = row_id(list, "target_id", tl);
	counts(l, 3, 2, 3, "landlord");
	is_str(json_string_value(json_object_get(l, "name")), "Grasp Realty",
	    "landlord: its name");
	is_str(json_string_value(json_array_get(json_object_get(l, "tags"),
	    0)), "no-heat", "landlord: its most raised tag first");
	is_str(json_string_value(json_array_get(json_object_get(l, "tags"),
	    1)), "mould", "landlord: then the next");
	snprintf(want, sizeof(want), "%ld %ld", za, zb);
	is_str(ids(json_object_get(l, "zone_ids")), want,
	    "landlord: its two places");
	snprintf(want, sizeof(want), "%ld %ld %ld", p1, p2, p3);
	is_str(ids(json_object_get(l, "person_ids")), want,
	    "landlord: its people, for the one-click grievance");
	counts(row_id(list, "target_id", tn), 2, 2, 2, "property manager");
	counts(row_id(list, "target_id", tm), 1, 1, 1, "employer");

	list = json_object_get(r.json, "by_tag");
	counts(row_tag(list, "tag", "no-heat"), 2, 1, 2, "tag no-heat");
	snprintf(want, sizeof(want), "%ld %ld", p1, p2);
	is_str(ids(json_object_get(row_tag(list, "tag", "no-heat"),
	    "person_ids")), want, "tag no-heat: its people");
	snprintf(want, sizeof(want), "%ld", za);
	is_str(ids(json_object_get(row_tag(list, "tag", "no-heat"),
	    "zone_ids")), want, "tag no-heat: their place");
	snprintf(want, sizeof(want), "%ld", zd);
	is_str(ids(json_object_get(row_tag(list, "tag", "leak"), "zone_ids")),
	    want, "tag leak: a conversation's place");
	counts(row_tag(list, "tag", "rent-increase"), 3, 3, 3,
	    "tag rent-increase");
	counts(row_tag(list, "tag", "mould"), 1, 1, 1, "tag mould");
	counts(row_tag(list, "tag", "leak"), 1, 1, 1, "tag leak");

	list = json_object_get(r.json, "by_zone");
	counts(row_id(list, "zone_id", za), 3, 2, 3, "zone a");
	counts(row_id(list, "zone_id", zb), 1, 1, 1, "zone b");
	counts(row_id(list, "zone_id", zd), 4, 3, 4, "zone d");
	reply_free(&r);
}

/* A forgotten person is counted still and attached to nothing. */
static void
test_forgotten(void)
{
	struct reply r;
	char sql[128], want[64];
	json_t *l;

	snprintf(sql, sizeof(sql), "UPDATE person SET forgotten_at = "
	    "'2026-01-01T00:00:00Z' WHERE id = %ld", p2);
	db_write(&S, sql);
	http(&S, "GET", "/facing", "application/json", NULL, NULL, 0, &r);
	l = row_id(json_object_get(r.json, "by_target"), "target_id", tl);
	counts(l, 3, 2, 3, "landlord after a forget");
	snprintf(want, sizeof(want), "%ld %ld", p1, p3);
	is_str(ids(json_object_get(l, "person_ids")), want,
	    "a forgotten person is attached to no grievance");
	reply_free(&r);
}

static void
test_facing_html(void)
{
	struct reply r;
	char want[96];

	http(&S, "GET", "/facing", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "GET /facing as HTML: 200");
	ok(strstr(r.body, "What people face") != NULL, "its title");
	ok(strstr(r.body, "action=\"/grievances\"") != NULL,
	    "a row starts a grievance");
	ok(strstr(r.body, "action=\"/campaigns/new\"") != NULL,
	    "and a campaign");
	snprintf(want, sizeof(want), "name=\"target_id\" value=\"%ld\"", tl);
	ok(strstr(r.body, want) != NULL, "the landlord's id goes with it");
	snprintf(want, sizeof(want), "name=\"person_ids\" value=\"%ld\"", p3);
	ok(strstr(r.body, want) != NULL, "and its people");
	ok(strstr(r.body, "name=\"tags\" value=\"no-heat\"") != NULL,
	    "and its tags");
	ok(strstr(r.body, "Ana Uno") == NULL, "no person is named");
	reply_free(&r);
	http(&S, "GET", "/facing?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Lo que enfrenta la gente") != NULL,
	    "in Spanish too");
	ok(strstr(r.body, "Iniciar una queja") != NULL,
	    "its button in Spanish");
	reply_free(&r);
}

static void
test_feedback(void)
{
	struct reply r;
	char path[64];
	json_t *list;

	snprintf(path, sizeof(path), "/feedback?zone_id=%ld", zd);
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "GET /feedback: 200");
	is_str(json_string_value(json_object_get(r.json, "zone")), "Birch 9",
	    "the place's name");
	is_int(json_integer_value(json_object_get(r.json, "asked")), 3,
	    "3 asked: shown");
	is_int(json_integer_value(json_object_get(r.json, "people")), 3,
	    "3 people: shown");
	ok(json_is_null(json_object_get(r.json, "talked")),
	    "1 talked: withheld (null)");
	list = json_object_get(r.json, "by_target");
	is_str(json_string_value(json_object_get(json_array_get(list, 0),
	    "name")), "Acme Property", "the target named");
	ok(json_is_null(json_object_get(json_array_get(list, 0), "people")),
	    "2 named it: withheld (null)");
	list = json_object_get(r.json, "by_tag");
	is_int(json_integer_value(json_object_get(row_tag(list, "tag",
	    "rent-increase"), "people")), 3, "3 raised rent-increase: shown");
	ok(json_is_null(json_object_get(row_tag(list, "tag", "leak"),
	    "people")), "1 raised a leak: withheld (null)");
	ok(strstr(r.body, "Quique") == NULL && strstr(r.body, "person") ==
	    NULL, "no person, no person id");
	reply_free(&r);

	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "as HTML: 200");
	ok(strstr(r.body, "withheld") != NULL, "a withheld count says so");
	ok(strstr(r.body, "Quique") == NULL, "no person is named");
	ok(strstr(r.body, "Acme Property") != NULL, "the target is");
	reply_free(&r);
	snprintf(path, sizeof(path), "/feedback?zone_id=%ld&lang=es", zd);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "reservado") != NULL, "withheld in Spanish");
	ok(strstr(r.body, "Devolución colectiva") != NULL,
	    "its title in Spanish");
	reply_free(&r);
}

/* Bad input: a 422 naming zone_id, and nothing written. */
static void
test_bad_input(void)
{
	static const char *const bad[] = { "/feedback",
		"/feedback?zone_id=abc", "/feedback?zone_id=0",
		"/feedback?zone_id=-3", "/feedback?zone_id=1x",
		"/feedback?zone_id=99999999999999999999",
		"/feedback?zone_id=999999", NULL };
	char *before = state();
	struct reply r;
	size_t i;

	for (i = 0; bad[i] != NULL; i++) {
		http(&S, "GET", bad[i], "application/json", NULL, NULL, 0, &r);
		is_int(r.status, 422, "%s: 422", bad[i]);
		is_str(error_field(&r), "zone_id", "%s: names zone_id",
		    bad[i]);
		reply_free(&r);
	}
	http(&S, "GET", "/feedback?zone_id=999999", "application/json", NULL,
	    NULL, 0, &r);
	ok(strstr(r.body, "no such zone") != NULL,
	    "an id of no zone says so");
	reply_free(&r);
	http(&S, "GET", "/feedback?zone_id=abc", "text/html", NULL, NULL, 0,
	    &r);
	is_int(r.status, 422, "as HTML too: 422");
	reply_free(&r);
	/* A key the route does not declare is dropped, as on every GET. */
	http(&S, "GET", "/facing?zone_id=abc&x=1", "application/json", NULL,
	    NULL, 0, &r);
	is_int(r.status, 200, "/facing ignores a key it does not take");
	reply_free(&r);
	http(&S, "POST", "/facing", "application/json", "application/json",
	    "{}", 2, &r);
	is_int(r.status, 405, "POST /facing: 405");
	reply_free(&r);
	SAME_STATE(before, "bad input to /facing and /feedback");
	free(before);
}

/* A volunteer sees none of it, in JSON or HTML. */
static void
test_volunteer(void)
{
	static const char *const paths[] = { "/facing", "/feedback?zone_id=1",
		NULL };
	char auth[160];
	struct reply r;
	size_t i;

	ok(server_login(&S, "vol", "volunteer", "1", auth, sizeof(auth)) > 0,
	    "a volunteer");
	http_auth = auth;
	for (i = 0; paths[i] != NULL; i++) {
		http(&S, "GET", paths[i], "application/json", NULL, NULL, 0,
		    &r);
		is_int(r.status, 403, "a volunteer: %s 403", paths[i]);
		ok(strstr(r.body, "Grasp") == NULL, "and no count in it");
		reply_free(&r);
	}
	http_auth = NULL;
}

int
main(void)
{
	server_start(&S);
	build();
	test_facing_json();
	test_forgotten();
	test_facing_html();
	test_feedback();
	test_bad_input();
	test_volunteer();
	server_stop(&S);
	return tap_done();
}
