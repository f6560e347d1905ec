/*
 * Campaigns over a real socket, on a data set this file builds: two
 * buildings, six people, one landlord, two grievances (three people and
 * two, one person in both), three conversations (one with a grievance's
 * person, one linked to a grievance, one neither). A campaign is made by
 * JSON and by form, every status move is tried from every status, the
 * supporters added and taken off, an action's RSVPs and attendance make
 * its structure test, outcomes keep money in cents, and the timeline
 * holds what it should and no conversation's notes. Every refused write
 * leaves the database as it was.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* The grievances' people, by grievance; person 3 shares both. */
static const int grievance_people[2][3] = { { 1, 2, 3 }, { 3, 4, 0 } };
/* The distinct people of both grievances: the structure test's whole. */
#define AFFECTED 4

static const char *const statuses[] = { "researching", "organizing",
	"escalating", "won", "lost", "dropped" };
/*
 * The order as the issue writes it, by hand: researching -> organizing
 * -> escalating -> won | lost | dropped, nothing else.
 */
static const int may[6][6] = {
	{ 0, 1, 0, 0, 0, 0 },
	{ 0, 0, 1, 0, 0, 0 },
	{ 0, 0, 0, 1, 1, 1 },
	{ 0, 0, 0, 0, 0, 0 },
	{ 0, 0, 0, 0, 0, 0 },
	{ 0, 0, 0, 0, 0, 0 },
};

static void
sql(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	db_write(&S, buf);
}

static void
seed(void)
{
	static const char *const names[] = { "Ana", "Ben", "Cruz", "Dee",
		"Eli", "Fay" };
	static const char *const at = "'2026-11-01T10:00:00Z'";
	char body[128];
	size_t i, j;

	http_status(&S, "POST", "/zones", "{\"name\":\"12 Elm St\"}");
	http_status(&S, "POST", "/zones", "{\"name\":\"40 Oak Ave\"}");
	/* The admin's login came with person 1: here she is Ana. */
	sql("UPDATE person SET name = 'Ana', zone_id = 1 WHERE id = 1");
	for (i = 1; i < 6; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"%s\",\"zone_id\":%d}",
		    names[i], i < 3 ? 1 : 2);
		http_status(&S, "POST", "/people", body);
	}
	sql("INSERT INTO target (name, name_fold, kind, created_at, "
	    "updated_at) VALUES ('Acme Properties', 'acme properties', "
	    "'landlord', %s, %s)", at, at);
	sql("INSERT INTO grievance (title, target_id, created_at, updated_at) "
	    "VALUES ('No heat at 12 Elm St', 1, %s, %s)", at, at);
	sql("INSERT INTO grievance (title, target_id, created_at, updated_at) "
	    "VALUES ('Mould at 40 Oak Ave', 1, %s, %s)", at, at);
	for (i = 0; i < 2; i++)
		for (j = 0; j < 3 && grievance_people[i][j] != 0; j++)
			sql("INSERT INTO grievance_person (grievance_id, "
			    "person_id) VALUES (%zu, %d)", i + 1,
			    grievance_people[i][j]);
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE id = 6 AND "
	    "name = 'Fay'"), 1, "six people, Ana to Fay, ids 1 to 6");
	/* Ana's (a grievance's person), Eli's (linked), Fay's (neither). */
	sql("INSERT INTO conversation (person_id, at, how, problems, "
	    "assessment, next_step, created_at) VALUES (1, "
	    "'2026-11-02T10:00:00Z', 'door', 'SECRET-NOTE-1', 2, "
	    "'SECRET-STEP', %s)", at);
	sql("INSERT INTO conversation (person_id, grievance_id, at, how, "
	    "problems, created_at) VALUES (5, 2, '2026-11-03T10:00:00Z', "
	    "'phone', 'SECRET-NOTE-2', %s)", at);
	sql("INSERT INTO conversation (person_id, at, how, problems, "
	    "created_at) VALUES (6, '2026-11-04T10:00:00Z', 'text', "
	    "'SECRET-NOTE-3', %s)", at);
}

/* The campaign id's status, read from the database. */
static char *
status_of(long id)
{
	char q[96];

	snprintf(q, sizeof(q), "SELECT status FROM campaign WHERE id = %ld",
	    id);
	return db_text(&S, q);
}

static void
test_create(void)
{
	struct reply r;
	json_t *moves;

	http_json(&S, "POST", "/campaigns", "{\"demand\":\"Fix the heat "
	    "and the mould\",\"target_id\":1,\"grievance_ids\":[1,2],"
	    "\"person_ids\":[1]}", &r);
	is_int(r.status, 201, "a campaign is made by JSON");
	is_str(json_string_value(json_object_get(r.json, "status")),
	    "researching", "it starts researching");
	is_str(json_string_value(json_object_get(r.json, "target_name")),
	    "Acme Properties", "against its target");
	is_int(json_array_size(json_object_get(r.json, "grievances")), 2,
	    "with its two grievances");
	is_int(json_array_size(json_object_get(r.json, "supporters")), 1,
	    "and one supporter");
	moves = json_object_get(r.json, "moves");
	ok(json_array_size(moves) == 1 && strcmp(json_string_value(
	    json_object_get(json_array_get(moves, 0), "status")),
	    "organizing") == 0, "its one next move is to organizing");
	reply_free(&r);
	http_form(&S, "/campaigns", "demand=Roll+back+the+rent&target_id=1&"
	    "grievance_ids=1&person_ids=2&person_ids=3", &r);
	is_int(r.status, 303, "and by form");
	is_str(reply_header(&r, "Location"), "/campaigns/2", "going to it");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM campaign_supporter "
	    "WHERE campaign_id = 2"), 2, "the form's repeated people are its "
	    "supporters");
}

static void
test_bad_create(void)
{
	static const struct {
		const char *body, *field, *why;
	} bad[] = {
		{ "{\"target_id\":1}", "demand", "without a demand" },
		{ "{\"demand\":\"x\"}", "demand", "a demand too short" },
		{ "{\"demand\":\"Fix it\",\"target_id\":99}", "target_id",
		    "a target of no row" },
		{ "{\"demand\":\"Fix it\",\"target_id\":\"one\"}", "target_id",
		    "a target not a number" },
		{ "{\"demand\":\"Fix it\",\"grievance_ids\":[1,99]}",
		    "grievance_ids", "a grievance of no row" },
		{ "{\"demand\":\"Fix it\",\"grievance_ids\":\"1\"}",
		    "grievance_ids", "grievances not a list" },
		{ "{\"demand\":\"Fix it\",\"person_ids\":[99]}", "person_ids",
		    "a supporter of no row" },
		{ "{\"demand\":\"Fix it\",\"person_ids\":[1,1]}", "person_ids",
		    "a supporter twice" },
		{ "{\"demand\":\"Fix it\",\"status\":\"won\"}", "status",
		    "a status of its own" },
	};
	char *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/campaigns", bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "POST /campaigns: %s is a 422 naming %s", bad[i].why,
		    bad[i].field);
		reply_free(&r);
	}
	http_form(&S, "/campaigns", "demand=x&grievance_ids=2", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"demand-error\"") &&
	    strstr(r.body, "value=\"2\" checked"), "a form with an error "
	    "comes back with the message, its grievance still ticked");
	reply_free(&r);
	SAME_DB(&S, before, "every refused campaign");
	free(before);
}

static void
test_list_and_new(void)
{
	struct reply r;
	json_t *people;

	is_int(http_total(&S, "/campaigns"), 2, "the list holds both");
	is_int(http_total(&S, "/campaigns?status=researching"), 2,
	    "both researching");
	is_int(http_total(&S, "/campaigns?status=won"), 0, "none won");
	is_int(http_total(&S, "/campaigns?target_id=1"), 2,
	    "both against the landlord");
	is_int(http_status(&S, "GET", "/campaigns?status=bogus", NULL), 422,
	    "a bad status filter is a 422");
	is_int(http_status(&S, "GET", "/campaigns/99", NULL), 404,
	    "no campaign 99");
	http_json(&S, "GET", "/campaigns/new?target_id=1&grievance_ids=2&"
	    "person_ids=3&person_ids=4", NULL, &r);
	is_int(r.status, 200, "the form opens prefilled from the query");
	people = json_object_get(r.json, "people");
	ok(json_array_size(people) == 2 && strcmp(json_string_value(
	    json_object_get(json_array_get(people, 1), "name")), "Dee") == 0,
	    "with the people the query names");
	ok(json_is_true(json_object_get(json_array_get(json_object_get(r.json,
	    "targets"), 0), "selected")), "its target chosen");
	ok(json_is_true(json_object_get(json_array_get(json_object_get(r.json,
	    "grievances"), 0), "checked")), "and its grievance ticked");
	reply_free(&r);
	is_int(http_status(&S, "GET", "/campaigns/new?person_ids=x", NULL),
	    422, "a person not a number is a 422");
}

/* Every move from every status: allowed ones made, the others 409. */
static void
test_moves(void)
{
	char path[64], body[64], *now, *before;
	struct reply r;
	int from, to, right = 0;

	snprintf(path, sizeof(path), "/campaigns/2/status");
	for (from = 0; from < 6; from++)
		for (to = 0; to < 6; to++) {
			sql("UPDATE campaign SET status = '%s' WHERE id = 2",
			    statuses[from]);
			before = db_snapshot(&S);
			snprintf(body, sizeof(body), "{\"status\":\"%s\"}",
			    statuses[to]);
			http_json(&S, "POST", path, body, &r);
			now = status_of(2);
			if (may[from][to])
				right += r.status == 200 && now != NULL &&
				    strcmp(now, statuses[to]) == 0;
			else {
				char *after = db_snapshot(&S);

				right += r.status == 409 &&
				    strcmp(error_field(&r), "status") == 0 &&
				    strcmp(before, after) == 0;
				free(after);
			}
			if (r.status != (may[from][to] ? 200 : 409))
				printf("# %s -> %s: %ld\n", statuses[from],
				    statuses[to], r.status);
			free(now);
			free(before);
			reply_free(&r);
		}
	is_int(right, 36, "all 36 moves: the 5 the order allows made, the 31 "
	    "others a 409 naming status that writes nothing");
	sql("UPDATE campaign SET status = 'researching' WHERE id = 2");
	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", path, "{\"status\":\"paused\"}"), 422,
	    "a status of no name is a 422");
	is_int(http_status(&S, "POST", path, "{}"), 422, "none at all too");
	is_int(http_status(&S, "POST", "/campaigns/99/status",
	    "{\"status\":\"organizing\"}"), 404, "no campaign 99");
	SAME_DB(&S, before, "every refused move");
	free(before);
	is_int(http_status(&S, "POST", path, "{\"status\":\"organizing\"}"),
	    200, "researching -> organizing once more");
	ok(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'campaign.status' AND entity = 'campaign' AND entity_id = 2 AND "
	    "change LIKE '%status%'") > 0, "a move is audited, naming the "
	    "field");
}

static void
test_supporters(void)
{
	const char *add = "/campaigns/1/supporters";
	char *before;
	struct reply r;

	http_json(&S, "POST", add, "{\"person_ids\":[2,3]}", &r);
	ok(r.status == 200 && json_array_size(json_object_get(r.json,
	    "supporters")) == 3, "two people added as supporters");
	reply_free(&r);
	http_json(&S, "POST", add, "{\"person_ids\":[3],"
	    "\"first_name\":\"Gus\"}", &r);
	ok(r.status == 200 && json_array_size(json_object_get(r.json,
	    "supporters")) == 4, "one already there, one new by a first name");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name = 'Gus' "
	    "AND phone IS NULL AND zone_id IS NULL"), 1,
	    "Gus exists with a first name only");
	http_json(&S, "POST", "/campaigns/1/supporters/remove",
	    "{\"person_ids\":[1]}", &r);
	ok(r.status == 200 && json_array_size(json_object_get(r.json,
	    "supporters")) == 3, "one taken off");
	ok(json_array_size(json_object_get(r.json, "may_support")) == 2,
	    "the grievances' people not backing it (Ana, Dee) offered");
	reply_free(&r);
	before = db_snapshot(&S);
	http_json(&S, "POST", add, "{}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_ids") == 0,
	    "nobody picked is a 422 naming person_ids");
	reply_free(&r);
	http_json(&S, "POST", add, "{\"person_ids\":[99]}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "person_ids") == 0,
	    "nor a person of no row");
	reply_free(&r);
	http_json(&S, "POST", add, "{\"person_ids\":[2],\"first_name\":\""
	    "Maximiliana Josefina Concepcion de la Santisima Trinidad Garcia"
	    "\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "first_name") == 0,
	    "nor a first name of more than 60 characters");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/campaigns/1/supporters/remove",
	    "{\"first_name\":\"Ivy\"}"), 422,
	    "nobody is made only to be taken off");
	is_int(http_status(&S, "POST", "/campaigns/99/supporters",
	    "{\"person_ids\":[1]}"), 404, "no campaign 99");
	SAME_DB(&S, before, "every refused supporter change");
	free(before);
}

/* Action 1's structure test: {affected, took_part, share}. */
static void
structure_is(long affected, long took, long share, const char *why)
{
	struct reply r;
	json_t *s, *row, *mine = NULL;
	size_t i;

	http_json(&S, "GET", "/actions/1", NULL, &r);
	s = json_object_get(r.json, "structure");
	ok(r.status == 200 && json_integer_value(json_object_get(s,
	    "affected")) == affected && json_integer_value(json_object_get(s,
	    "took_part")) == took && json_integer_value(json_object_get(s,
	    "share")) == share, "%s: %ld of %ld took part, %ld%%", why, took,
	    affected, share);
	reply_free(&r);
	http_json(&S, "GET", "/campaigns/1", NULL, &r);
	json_array_foreach (json_object_get(r.json, "actions"), i, row)
		if (json_integer_value(json_object_get(row, "id")) == 1)
			mine = json_object_get(row, "structure");
	ok(mine != NULL && json_integer_value(json_object_get(mine,
	    "took_part")) == took && json_integer_value(json_object_get(mine,
	    "affected")) == affected, "the campaign page says the same");
	reply_free(&r);
}

static void
test_actions(void)
{
	static const struct {
		const char *body, *field, *why;
	} bad[] = {
		{ "{\"date\":\"2026-12-10\"}", "kind", "without a kind" },
		{ "{\"kind\":\"march\",\"date\":\"2026-12-10\"}", "kind",
		    "a kind of no name" },
		{ "{\"kind\":\"rally\"}", "date", "without a date" },
		{ "{\"kind\":\"rally\",\"date\":\"2026-02-30\"}", "date",
		    "30 February" },
		{ "{\"kind\":\"rally\",\"date\":\"2027-02-29\"}", "date",
		    "29 February of a common year" },
		{ "{\"kind\":\"rally\",\"date\":\"tomorrow\"}", "date",
		    "a date in words" },
		{ "{\"kind\":\"rally\",\"date\":\"2026-1-5\"}", "date",
		    "a date unpadded" },
	};
	char *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/campaigns/1/actions", bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "an action %s is a 422 naming %s", bad[i].why,
		    bad[i].field);
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/campaigns/99/actions",
	    "{\"kind\":\"rally\",\"date\":\"2026-12-10\"}"), 404,
	    "no campaign 99");
	http_form(&S, "/campaigns/1/actions", "kind=rally&date=2026-13-01",
	    &r);
	ok(r.status == 422 && strstr(r.body, "id=\"date-error\"") &&
	    !strstr(r.body, "id=\"outcome-date-error\""), "a form's bad date "
	    "comes back by the action's date, not the outcome's");
	reply_free(&r);
	http_form(&S, "/campaigns/1/actions", "kind=strike&date=2026-02-30",
	    &r);
	ok(r.status == 422 &&
		strstr(r.body, "<option value=\"strike\" selected>") &&
		!strstr(r.body, "<option value=\"petition\" selected>"),
	    "a form's bad date comes back with the kind picked, a strike");
	reply_free(&r);
	SAME_DB(&S, before, "every refused action");
	free(before);
	http_json(&S, "POST", "/campaigns/1/actions", "{\"kind\":"
	    "\"delegation\",\"date\":\"2026-12-10\",\"place\":\"Acme's "
	    "office\"}", &r);
	ok(r.status == 201 && json_integer_value(json_object_get(r.json,
	    "id")) == 1, "a delegation is added");
	reply_free(&r);
	http_form(&S, "/campaigns/1/actions", "kind=petition&date=2028-02-29",
	    &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    "/actions/2") == 0, "a petition by form, on a leap day, goes to "
	    "its page");
	reply_free(&r);
	structure_is(AFFECTED, 0, 0, "nobody marked yet");
}

static void
test_marks(void)
{
	const char *path = "/actions/1/people";
	char *before;
	struct reply r;

	/* Ana and Ben share a grievance; Eli does not. */
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[1,2,5],"
	    "\"rsvp\":1,\"attended\":1}"), 200, "three came");
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[3],"
	    "\"rsvp\":1}"), 200, "Cruz said she would come");
	http_form(&S, path, "first_name=Hana&attended=1", &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    "/actions/1") == 0, "someone new came, by a first name on the "
	    "form");
	reply_free(&r);
	structure_is(AFFECTED, 2, 50, "Ana and Ben of the four");
	http_json(&S, "GET", "/actions/1", NULL, &r);
	ok(json_integer_value(json_object_get(r.json, "rsvps")) == 4 &&
	    json_integer_value(json_object_get(r.json, "attended")) == 4,
	    "4 said they would come, 4 came");
	is_int(json_array_size(json_object_get(r.json, "people")), 5,
	    "five people marked");
	reply_free(&r);
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[3],"
	    "\"rsvp\":1,\"attended\":1}"), 200, "Cruz came after all");
	structure_is(AFFECTED, 3, 75, "three of the four");
	is_int(db_scalar(&S, "SELECT count(*) FROM action_person WHERE "
	    "action_id = 1 AND person_id = 3"), 1, "marked once, not twice");
	/* A forget empties the row's person: the counts stay, no one named. */
	sql("UPDATE action_person SET person_id = NULL WHERE person_id = 2");
	structure_is(AFFECTED, 2, 50, "after Ben is forgotten");
	http_json(&S, "GET", "/actions/1", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "attended")), 5,
	    "and his attendance still counts");
	reply_free(&r);
	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", path, "{\"rsvp\":1}"), 422,
	    "nobody picked is a 422");
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[99]}"), 422,
	    "nor a person of no row");
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[1],"
	    "\"attended\":2}"), 422, "attended is 0 or 1");
	is_int(http_status(&S, "POST", path, "{\"person_ids\":[1],"
	    "\"rsvp\":\"yes\"}"), 422, "rsvp too");
	is_int(http_status(&S, "POST", "/actions/99/people",
	    "{\"person_ids\":[1]}"), 404, "no action 99");
	http_form(&S, path, "first_name=", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"person_ids-error\""),
	    "an empty form comes back with the message");
	reply_free(&r);
	SAME_DB(&S, before, "every refused mark");
	free(before);
	http_json(&S, "GET", "/actions/1?q=fay", NULL, &r);
	ok(r.status == 200 && json_array_size(json_object_get(r.json,
	    "candidates")) == 1, "a search finds Fay to mark");
	reply_free(&r);
	http_json(&S, "GET", "/actions/1", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "candidates")), 5,
	    "without one the campaign's people are offered (the 4 affected "
	    "and Gus, a supporter)");
	reply_free(&r);
}

static void
test_outcomes(void)
{
	static const struct {
		const char *body, *field, *why;
	} bad[] = {
		{ "{\"what\":\"Heat on\",\"date\":\"2026-12-20\"}", "result",
		    "without a result" },
		{ "{\"result\":\"tie\",\"what\":\"Heat on\","
		    "\"date\":\"2026-12-20\"}", "result", "a result of no name" },
		{ "{\"result\":\"won\",\"date\":\"2026-12-20\"}", "what",
		    "without what" },
		{ "{\"result\":\"won\",\"what\":\"Heat on\"}", "date",
		    "without a date" },
		{ "{\"result\":\"won\",\"what\":\"Heat on\","
		    "\"date\":\"20/12/2026\"}", "date", "a date written so" },
		{ "{\"result\":\"won\",\"what\":\"Rent back\","
		    "\"date\":\"2026-12-20\",\"amount\":12.345}", "amount",
		    "three decimals" },
		{ "{\"result\":\"won\",\"what\":\"Rent back\","
		    "\"date\":\"2026-12-20\",\"amount\":-5}", "amount",
		    "a negative sum" },
		{ "{\"result\":\"won\",\"what\":\"Rent back\","
		    "\"date\":\"2026-12-20\",\"amount\":\"lots\"}", "amount",
		    "a sum in words" },
	};
	char *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/campaigns/1/outcomes", bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "an outcome %s is a 422 naming %s", bad[i].why,
		    bad[i].field);
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/campaigns/99/outcomes",
	    "{\"result\":\"won\",\"what\":\"Heat on\",\"date\":"
	    "\"2026-12-20\"}"), 404, "no campaign 99");
	http_form(&S, "/campaigns/1/outcomes", "result=won&what=Heat+on&"
	    "date=2026-12-20&amount=1.234", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"amount-error\"") &&
	    strstr(r.body, "value=\"1.234\""), "a form's bad amount comes "
	    "back by the field, as typed");
	reply_free(&r);
	http_form(&S, "/campaigns/1/outcomes", "result=won&what=Heat&"
	    "date=2026-02-30", &r);
	ok(r.status == 422 && strstr(r.body, "value=\"won\" required checked>"),
	    "a form's bad date comes back with Won still ticked");
	ok(strstr(r.body, "<li><a href=\"#outcome-date\">") &&
		!strstr(r.body, "<li><a href=\"#date\">"),
	    "its summary links the outcome's date, not the action's");
	reply_free(&r);
	SAME_DB(&S, before, "every refused outcome");
	free(before);
	http_json(&S, "POST", "/campaigns/1/outcomes", "{\"result\":\"won\","
	    "\"what\":\"Rent rolled back\",\"date\":\"2026-12-20\","
	    "\"amount\":1250.5}", &r);
	ok(r.status == 201 && json_integer_value(json_object_get(r.json,
	    "amount_cents")) == 125050 && strcmp(json_string_value(
	    json_object_get(r.json, "amount")), "1250.50") == 0,
	    "a win of 1250.5 kept as 125050 cents, shown 1250.50");
	reply_free(&r);
	http_form(&S, "/campaigns/1/outcomes", "result=won&what=Heating+"
	    "repaired&date=2026-12-21&amount=0.10", &r);
	is_int(r.status, 303, "a win by form");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT sum(amount_cents) FROM "
	    "campaign_outcome"), 125060, "10 cents more, exactly");
	is_int(http_status(&S, "POST", "/campaigns/1/outcomes",
	    "{\"result\":\"lost\",\"what\":\"No rent strike fund\","
	    "\"date\":\"2026-12-22\"}"), 201, "a loss without money");
}

/* How many entries of campaign 1's timeline are the person's. */
static int
timeline_of(long person)
{
	struct reply r;
	json_t *row;
	size_t i;
	int n = 0;

	http_json(&S, "GET", "/campaigns/1", NULL, &r);
	json_array_foreach (json_object_get(r.json, "timeline"), i, row)
		n += json_integer_value(json_object_get(row, "person_id")) ==
		    person;
	reply_free(&r);
	return n;
}

static void
test_timeline(void)
{
	struct reply r;
	json_t *t, *row;
	size_t i;
	int conv = 0, act = 0, out = 0, eli = 0, fay = 0;

	http_json(&S, "GET", "/campaigns/1", NULL, &r);
	t = json_object_get(r.json, "timeline");
	json_array_foreach (t, i, row) {
		const char *kind = json_string_value(json_object_get(row,
		    "kind"));
		long person = (long)json_integer_value(json_object_get(row,
		    "person_id"));

		conv += strcmp(kind, "conversation") == 0;
		act += strcmp(kind, "action") == 0;
		out += strcmp(kind, "outcome") == 0;
		eli += person == 5;
		fay += person == 6;
	}
	ok(conv == 2 && act == 2 && out == 3, "one timeline: 2 "
	    "conversations, 2 actions, 3 outcomes (%d, %d, %d)", conv, act,
	    out);
	ok(eli == 1 && fay == 0, "a conversation linked to a grievance is "
	    "on it, one with no link to the campaign is not");
	is_str(json_string_value(json_object_get(json_array_get(t, 0), "at")),
	    "2028-02-29", "newest first");
	ok(strstr(r.body, "SECRET") == NULL, "no conversation's notes, next "
	    "step or assessment in it");
	reply_free(&r);
	http(&S, "GET", "/campaigns/1", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "SECRET") == NULL &&
	    strstr(r.body, "Rent rolled back") &&
	    strstr(r.body, "href=\"/actions/1\""), "nor in the page");
	ok(strstr(r.body, "Ana</a> · At the door") != NULL, "a conversation "
	    "says who and how it was held, in words");
	reply_free(&r);

	/* Fay names the landlord: on it once she backs the campaign. */
	sql("INSERT INTO conversation (person_id, target_id, at, how, "
	    "problems, created_at) VALUES (6, 1, '2026-11-05T10:00:00Z', "
	    "'door', 'SECRET-NOTE-4', '2026-11-05T10:00:00Z')");
	is_int(timeline_of(6), 0, "a conversation naming its target, of "
	    "someone who does not back it, is not on it");
	is_int(http_status(&S, "POST", "/campaigns/1/supporters",
	    "{\"person_ids\":[6]}"), 200, "Fay backs it");
	is_int(timeline_of(6), 1, "then her conversation naming its target "
	    "is, and not her other one");
	is_int(http_status(&S, "POST", "/campaigns/1/supporters/remove",
	    "{\"person_ids\":[6]}"), 200, "Fay taken off again");
}

static void
test_pages(void)
{
	static const char *const pages[] = { "/campaigns", "/campaigns/new",
		"/campaigns/1", "/actions/1", "/actions/1?q=an" };
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		http(&S, "GET", pages[i], "text/html", NULL, NULL, 0, &r);
		is_int(r.status, 200, "%s is a page", pages[i]);
		reply_free(&r);
	}
	http(&S, "GET", "/campaigns/1?lang=es", "text/html", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "Delegación") && strstr(r.body, "Investigando") &&
	    strstr(r.body, "Cronología"), "in Spanish");
	reply_free(&r);
	http(&S, "GET", "/actions/1?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Prueba de estructura") != NULL,
	    "the structure test too");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	seed();
	test_create();
	test_bad_create();
	test_list_and_new();
	test_moves();
	test_supporters();
	test_actions();
	test_marks();
	test_outcomes();
	test_timeline();
	test_pages();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
