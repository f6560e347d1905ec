/*
 * Batch matching end to end, on the backend under test: the /match page
 * (JSON and HTML) and solidarity match on the instance a greedy pass by
 * urgency gets wrong; the preview and --dry-run write nothing; the
 * assignment is worked out again when applied (an offer closed since the
 * preview is not used); what applying writes (matches, statuses, audit);
 * and bad input, on the page and the command line, writes nothing. A
 * batch of more matches than one statement takes is made whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char out[65536], err[4096];

/* POST in JSON: the new record's id, after checking the status. */
static long
post(const char *path, const char *body)
{
	struct reply r;
	long id;

	http_json(&S, "POST", path, body, &r);
	is_int(r.status, 201, "POST %s", path);
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	return id;
}

/*
 * Zones 1 - 2 - 3 in a row. The urgent ask X in zone 2 reaches both
 * groceries offers (zones 1 and 3), the ask Y in zone 1 only the one in
 * zone 1, which greedy by urgency would give X. Z (rent, zone 3) has no
 * offer at all.
 */
static long X, Y, Z, O1, O3;

static void
seed(void)
{
	char body[256];
	int i;

	for (i = 1; i <= 3; i++) {
		snprintf(body, sizeof(body),
		    "{\"name\":\"Zone %d\",\"lat\":41.%d,\"lon\":-87.6}", i, i);
		post("/zones", body);
	}
	db_write(&S, "INSERT INTO zone_adjacent (zone_id, adjacent_id) "
	    "VALUES (1, 2), (2, 1), (2, 3), (3, 2)");
	post("/people", "{\"name\":\"Ana\",\"zone_id\":2}");
	post("/people", "{\"name\":\"Ben\",\"zone_id\":1}");
	X = post("/needs", "{\"person_id\":1,\"category\":\"groceries\","
	    "\"details\":\"for four\",\"urgency\":3,\"zone_id\":2}");
	Y = post("/needs", "{\"person_id\":2,\"category\":\"groceries\","
	    "\"details\":\"for two\",\"urgency\":1,\"zone_id\":1}");
	Z = post("/needs", "{\"person_id\":2,\"category\":\"rent\","
	    "\"details\":\"short\",\"urgency\":2,\"zone_id\":3}");
	O1 = post("/offers", "{\"person_id\":2,\"category\":\"groceries\","
	    "\"details\":\"a box\",\"zone_id\":1}");
	O3 = post("/offers", "{\"person_id\":1,\"category\":\"groceries\","
	    "\"details\":\"a bag\",\"zone_id\":3}");
}

/* The row of list whose need_id is id, or NULL. */
static json_t *
row_of(json_t *list, long id)
{
	json_t *row;
	size_t i;

	json_array_foreach (list, i, row)
		if (json_integer_value(json_object_get(row, "need_id")) == id)
			return row;
	return NULL;
}

static long
offer_of(json_t *plan, long need)
{
	return (long)json_integer_value(json_object_get(
	    row_of(json_object_get(plan, "assignments"), need), "offer_id"));
}

/* Whether the reasons of an assignment (codes, or {code, text}) hold code. */
static int
has_reason(json_t *plan, long need, const char *code)
{
	json_t *row = row_of(json_object_get(plan, "assignments"), need), *c;
	size_t i;

	json_array_foreach (json_object_get(row, "reasons"), i, c) {
		if (json_is_object(c))
			c = json_object_get(c, "code");
		if (strcmp(json_string_value(c), code) == 0)
			return 1;
	}
	return 0;
}

static void
test_preview(void)
{
	char *before = db_snapshot(&S);
	struct reply r;
	json_t *z;

	http_json(&S, "GET", "/match", NULL, &r);
	is_int(r.status, 200, "GET /match");
	is_int(json_array_size(json_object_get(r.json, "assignments")), 2,
	    "both groceries asks are met, where greedy by urgency meets one");
	is_int(offer_of(r.json, X), O3, "the urgent ask takes the far offer");
	is_int(offer_of(r.json, Y), O1, "the other the one it can reach");
	ok(has_reason(r.json, X, "urgent") &&
	    has_reason(r.json, X, "adjacent_zone"),
	    "the urgent ask's reasons: urgent, adjacent zone");
	ok(has_reason(r.json, Y, "same_zone") &&
	    has_reason(r.json, Y, "only_offer"),
	    "the other's: same zone, the only offer");
	z = row_of(json_object_get(r.json, "unassigned"), Z);
	is_str(json_string_value(json_object_get(z, "reason")), "no_offer",
	    "the rent ask is left: no offer of its category");
	is_str(json_string_value(json_object_get(z, "reason_text")),
	    "no open offer of this category", "said in words");
	reply_free(&r);

	http(&S, "GET", "/match?lang=es", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the page in HTML");
	ok(r.body != NULL && strstr(r.body, "zona vecina") != NULL &&
	    strstr(r.body, "Aplicar estos emparejamientos") != NULL,
	    "in Spanish, with its reasons and the button to apply");
	reply_free(&r);

	http_json(&S, "GET", "/match?zone_id=1", NULL, &r);
	ok(r.status == 200 &&
	    json_array_size(json_object_get(r.json, "assignments")) == 1 &&
	    offer_of(r.json, Y) == O1,
	    "?zone_id=1: the asks of zone 1 only");
	reply_free(&r);
	SAME_DB(&S, before, "the preview");
	free(before);
}

/* --json prints exactly the shape the issue gives. */
static void
test_cli_json(void)
{
	char *before = db_snapshot(&S);
	json_t *plan, *row, *v;
	size_t i;
	int exact = 1;

	is_int(cli_run((const char *[]){ "match", "--dry-run", "--json",
		   "--db", S.store.url, NULL },
		   out, sizeof(out), err, sizeof(err)),
	    0, "match --dry-run --json");
	plan = json_loads(out, 0, NULL);
	ok(plan != NULL && json_object_size(plan) == 2, "two keys");
	json_array_foreach (json_object_get(plan, "assignments"), i, row) {
		exact &= json_object_size(row) == 4 &&
		    json_is_integer(json_object_get(row, "need_id")) &&
		    json_is_integer(json_object_get(row, "offer_id")) &&
		    json_is_number(json_object_get(row, "cost")) &&
		    json_is_array(json_object_get(row, "reasons"));
		v = json_array_get(json_object_get(row, "reasons"), 0);
		exact &= json_is_string(v);
	}
	json_array_foreach (json_object_get(plan, "unassigned"), i, row)
		exact &= json_object_size(row) == 2 &&
		    json_is_string(json_object_get(row, "reason"));
	ok(exact, "each assignment {need_id, offer_id, cost, reasons:[codes]}, "
	    "each left {need_id, reason}");
	is_int(offer_of(plan, X), O3, "the same assignment as the page");
	ok(strstr(err, "matching") != NULL, "a progress line on stderr");
	json_decref(plan);
	SAME_DB(&S, before, "--dry-run");
	free(before);
}

/* Bad input on the page and the command line: clear, and nothing written. */
static void
test_bad_input(void)
{
	char *before = db_snapshot(&S);
	struct reply r;
	int i;
	static const struct {
		const char *args[4], *what;
		int status;
	} bad[] = {
		{ { "--radius", "3" }, "--radius 3", 2 },
		{ { "--radius", "-1" }, "--radius -1", 2 },
		{ { "--zone", "x" }, "--zone x", 2 },
		{ { "--zone", "99" }, "--zone 99 (no such zone)", 1 },
		{ { "--bogus" }, "--bogus", 2 },
		{ { "--dry-run", "extra" }, "a word after the options", 2 },
	};

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		const char *args[8] = { "match", "--db", S.store.url };
		int k;

		for (k = 0; k < 4 && bad[i].args[k] != NULL; k++)
			args[3 + k] = bad[i].args[k];
		is_int(cli_run(args, out, sizeof(out), err, sizeof(err)),
		    bad[i].status, "match %s: exit %d", bad[i].what,
		    bad[i].status);
		ok(err[0] != '\0' && out[0] == '\0', "match %s: said on stderr",
		    bad[i].what);
	}
	ok(strstr(err, "usage: solidarity match") != NULL,
	    "bad usage prints the usage");
	http_json(&S, "POST", "/match", "{\"zone_id\":99}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "zone_id") == 0,
	    "POST /match with no such zone: 422 naming zone_id");
	reply_free(&r);
	http_json(&S, "POST", "/match", "{\"zone_id\":\"x\"}", &r);
	is_int(r.status, 422, "POST /match with a zone that is no number");
	reply_free(&r);
	http_json(&S, "POST", "/match", "{\"radius\":2}", &r);
	is_int(r.status, 422, "POST /match with a key it does not take");
	reply_free(&r);
	http_form(&S, "/match", "zone_id=99", &r);
	ok(r.status == 422 && r.body != NULL &&
	    strstr(r.body, "id=\"zone_id-error\"") != NULL,
	    "the form again, the error by the zone");
	reply_free(&r);
	http_json(&S, "GET", "/match?zone_id=99", NULL, &r);
	is_int(r.status, 422, "GET /match with no such zone");
	reply_free(&r);
	SAME_DB(&S, before, "bad input");
	free(before);
}

/*
 * The offer in zone 3 is closed after the preview: the apply works it
 * out again, gives the urgent ask the offer in zone 1, and leaves Y.
 */
static void
test_apply(void)
{
	struct reply r;
	char path[64];

	snprintf(path, sizeof(path), "/offers/%ld/status", O3);
	is_int(http_status(&S, "POST", path,
		   "{\"status\":\"closed\",\"reason\":\"gone\"}"),
	    200, "the far offer closed since the preview");
	http_json(&S, "POST", "/match", "{}", &r);
	is_int(r.status, 200, "POST /match");
	ok(json_is_true(json_object_get(r.json, "applied")), "applied");
	is_int(offer_of(r.json, X), O1,
	    "worked out again: the urgent ask gets the offer left");
	is_str(json_string_value(json_object_get(
		   row_of(json_object_get(r.json, "unassigned"), Y), "reason")),
	    "offers_taken", "the other waits: the offer went to an ask ahead");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM need_match WHERE "
			     "need_id = 1 AND offer_id = 1 AND by_user = 1 "
			     "AND ended_at IS NULL AND reasons LIKE '%urgent%'"),
	    1, "the match is recorded, by the coordinator, with its reasons");
	is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE id = 1 AND "
			     "status = 'matched'"),
	    1, "the ask is matched");
	is_int(db_scalar(&S, "SELECT count(*) FROM offer WHERE id = 1 AND "
			     "status = 'matched'"),
	    1, "the offer of no quantity is used up");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE "
			     "action = 'match.assign' AND entity = 'need' AND "
			     "entity_id = 1"),
	    1, "the audit trail has the match");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE "
			     "action = 'match.run'"),
	    1, "and the run");
}

/* The command line applies too, as nobody (by_user NULL), audited. */
static void
test_cli_apply(void)
{
	post("/offers", "{\"person_id\":1,\"category\":\"groceries\","
	    "\"details\":\"two boxes\",\"zone_id\":2,\"quantity\":2}");
	is_int(cli_run((const char *[]){ "match", "--db", S.store.url, NULL },
		   out, sizeof(out), err, sizeof(err)),
	    0, "match");
	ok(strstr(out, "ask 2 -> offer 3") != NULL &&
	    strstr(out, "done: 1 asks matched, 1 left") != NULL,
	    "says what it matched and what is left");
	is_int(db_scalar(&S, "SELECT count(*) FROM need_match WHERE "
			     "need_id = 2 AND offer_id = 3 AND by_user IS NULL"),
	    1, "the match is the command line's");
	is_int(db_scalar(&S, "SELECT count(*) FROM offer WHERE id = 3 AND "
			     "status = 'open'"),
	    1, "an offer of 2 used once stays open");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE "
			     "action = 'cli match'"),
	    1, "audited as the command line's");
}

/* A diapers ask of person in zone, of urgency 2: its id. */
static long
diapers_ask(long person, long zone)
{
	char body[256];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"diapers\",\"details\":\"size 3\",\"urgency\":2,"
	    "\"zone_id\":%ld}", person, zone);
	return post("/needs", body);
}

/*
 * Fairness from the database: in a zone of its own, asks as urgent of
 * Ben (served in February, asked first), Ana (served in January) and
 * Cleo (never served) meet an offer of 2: Cleo and Ana get it.
 */
static void
test_fairness(void)
{
	long ben, ana, cleo, zone;
	char body[256];
	struct reply r;

	db_write(&S, "UPDATE need_match SET matched_at = "
	    "'2026-01-05T10:00:00Z' WHERE need_id = 1");
	db_write(&S, "UPDATE need_match SET matched_at = "
	    "'2026-02-05T10:00:00Z' WHERE need_id = 2");
	zone = post("/zones", "{\"name\":\"Zone 4\"}");
	post("/people", "{\"name\":\"Cleo\",\"zone_id\":1}");
	ben = diapers_ask(2, zone);
	ana = diapers_ask(1, zone);
	cleo = diapers_ask(3, zone);
	snprintf(body, sizeof(body), "{\"person_id\":1,\"category\":"
	    "\"diapers\",\"details\":\"a pack\",\"zone_id\":%ld,"
	    "\"quantity\":2}", zone);
	post("/offers", body);
	snprintf(body, sizeof(body), "/match?zone_id=%ld", zone);
	http_json(&S, "GET", body, NULL, &r);
	ok(offer_of(r.json, cleo) != 0 && has_reason(r.json, cleo,
	    "never_served"), "the person never served is met first");
	ok(offer_of(r.json, ana) != 0 && has_reason(r.json, ana,
	    "waited_longest"), "then the one served longest ago");
	is_str(json_string_value(json_object_get(row_of(json_object_get(
	    r.json, "unassigned"), ben), "reason")), "offers_taken",
	    "the one served last waits, though they asked first");
	reply_free(&r);
}

/*
 * A batch of many matches (more than one statement's worth): in a zone
 * of its own, 150 asks and offers of 2 and of one ask, all met by one
 * POST /match; each match recorded and audited, the offers used up,
 * and the tally as counting every ask says.
 */
static void
test_many(void)
{
	long zone, audited, i;
	char body[256];
	struct reply r;

	zone = post("/zones", "{\"name\":\"Zone 5\"}");
	for (i = 0; i < 150; i++) {
		snprintf(body, sizeof(body), "{\"person_id\":%ld,"
		    "\"category\":\"groceries\",\"details\":\"a bag\","
		    "\"urgency\":%ld,\"zone_id\":%ld}", 1 + i % 3,
		    1 + i % 3, zone);
		post("/needs", body);
	}
	for (i = 0; i < 100; i++) {
		snprintf(body, sizeof(body), "{\"person_id\":1,"
		    "\"category\":\"groceries\",\"details\":\"a box\","
		    "\"zone_id\":%ld%s}", zone,
		    i < 50 ? ",\"quantity\":2" : "");
		post("/offers", body);
	}
	audited = db_scalar(&S, "SELECT count(*) FROM audit WHERE "
	    "action = 'match.assign'");
	snprintf(body, sizeof(body), "{\"zone_id\":%ld}", zone);
	http_json(&S, "POST", "/match", body, &r);
	ok(r.status == 200 &&
	    json_array_size(json_object_get(r.json, "assignments")) == 150,
	    "POST /match: 150 asks met together");
	reply_free(&r);
	snprintf(body, sizeof(body), "SELECT count(*) FROM need_match m "
	    "JOIN need n ON n.id = m.need_id WHERE n.zone_id = %ld AND "
	    "n.status = 'matched' AND m.ended_at IS NULL AND by_user = 1",
	    zone);
	is_int(db_scalar(&S, body), 150, "each ask matched, once");
	snprintf(body, sizeof(body), "SELECT count(*) FROM offer WHERE "
	    "zone_id = %ld AND status = 'matched'", zone);
	is_int(db_scalar(&S, body), 100, "every offer used up");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE "
	    "action = 'match.assign'") - audited, 150,
	    "an audit entry for each");
	is_int(db_scalar(&S, "SELECT count(*) FROM need_tally t WHERE t.n <> "
	    "(SELECT count(*) FROM need n WHERE n.status = t.status AND "
	    "n.zone_id = t.zone_id AND n.category = t.category)") +
	    db_scalar(&S, "SELECT count(*) FROM need n WHERE NOT EXISTS "
	    "(SELECT 1 FROM need_tally t WHERE t.status = n.status AND "
	    "t.zone_id = n.zone_id AND t.category = n.category)"), 0,
	    "the tally counts the asks as they are");
}

int
main(void)
{
	server_start(&S);
	seed();
	test_preview();
	test_cli_json();
	test_bad_input();
	test_apply();
	test_cli_apply();
	test_fairness();
	test_many();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
