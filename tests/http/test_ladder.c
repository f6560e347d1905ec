/*
 * The ladder over a real socket, on both backends: a person's stage
 * follows what they did, in the transaction that recorded it. An ask
 * makes a contact; coming to a session as a guest a participant; helping
 * at one a helper; leading one an organizer; leading a program a leader;
 * a shift sign-up makes a helper of someone who did nothing before, a
 * conversation an organizer of the one who held it (stages skipped).
 * A second ask, a guest visit after helping, write no history row; an
 * override and a membership are written with their reasons and dates,
 * and refused with nothing written on bad input; an ask whose history
 * row cannot be written is not written either. The person page shows the
 * stage and its history in English and Spanish; a volunteer reaches none
 * of it; a forget empties both histories. Training modules are added by
 * coordinators, completions and roles held (with dates) recorded by
 * organizers, both listed on the person page; bad input writes nothing;
 * a forget deletes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static long ZONE, ROSA;
static long SESSIONS[4];
static char org[200], vol[200];

static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/* The person page in JSON: the reply, for the caller to free. */
static void
page(long person, struct reply *r)
{
	http_json(&S, "GET", http_at("/people/%ld", person), NULL, r);
}

/* The stage person holds ("" for none). */
static const char *
stage(long person)
{
	static char out[32];
	struct reply r;

	page(person, &r);
	snprintf(out, sizeof(out), "%s", str(r.json, "stage"));
	reply_free(&r);
	return out;
}

/* How many error boxes page shows. */
static int
boxes(const char *page)
{
	int n = 0;

	while ((page = strstr(page, "<div class=\"alert\" role=\"alert\">")) !=
	    NULL) {
		n++;
		page++;
	}
	return n;
}

/* Whether page's error box is in the form that opens with action. */
static int
box_in(const char *page, const char *action)
{
	const char *form = strstr(page, action),
		   *box = strstr(page, "<div class=\"alert\" role=\"alert\">"),
		   *end = form ? strstr(form, "</form>") : NULL;

	return form != NULL && box != NULL && end != NULL && box > form &&
	    box < end;
}

/* How many rows person's stage history holds. */
static long
history(long person)
{
	return db_scalar(&S, http_at("SELECT count(*) FROM person_stage WHERE "
	    "person_id = %ld", person));
}

/* The why of the newest row of person's history. */
static const char *
why(long person)
{
	static char out[32];
	struct reply r;

	page(person, &r);
	snprintf(out, sizeof(out), "%s", str(json_array_get(json_object_get(
	    r.json, "stage_history"), 0), "why"));
	reply_free(&r);
	return out;
}

static long
person(const char *name)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
	return http_created(&S, "/people", body);
}

static long
ask(long who)
{
	char body[256];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Food for the week\",\"urgency\":2,"
	    "\"zone_id\":%ld}", who, ZONE);
	return http_created(&S, "/needs", body);
}

/* Sign who in at the i-th session as role: the status. */
static long
came(int i, long who, const char *role)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"role\":\"%s\"}",
	    who, role);
	return http_status(&S, "POST", http_at("/sessions/%ld/attendance",
	    SESSIONS[i]), body);
}

static void
setup(void)
{
	struct reply r;
	int i;

	ZONE = http_created(&S, "/zones", "{\"name\":\"Elm Street\"}");
	http_json(&S, "POST", "/programs", "{\"name\":\"Free store\",\"kind\":"
	    "\"free_store\",\"schedule\":\"Mon-Sun 10:00-12:00\"}", &r);
	is_int(r.status, 201, "a daily free store");
	reply_free(&r);
	http_json(&S, "GET", "/programs/1/sessions", NULL, &r);
	for (i = 0; i < 4; i++)
		SESSIONS[i] = (long)json_integer_value(json_object_get(
		    json_array_get(json_object_get(r.json, "items"), i), "id"));
	ok(SESSIONS[3] > 0, "four of its sessions");
	reply_free(&r);
	server_login(&S, "org", "organizer", NULL, org, sizeof(org));
	server_login(&S, "vol", "volunteer", NULL, vol, sizeof(vol));
}

/* contact -> participant -> helper -> organizer -> leader, one by one. */
static void
test_climb(void)
{
	long rosa = ROSA = person("Rosa Parks");

	is_str(stage(rosa), "", "someone who did nothing yet has no stage");
	is_int(history(rosa), 0, "and no history");
	ok(ask(rosa) > 0, "Rosa asks for groceries");
	is_str(stage(rosa), "contact", "an ask makes a contact");
	is_str(why(rosa), "asked", "because they asked");
	ok(ask(rosa) > 0, "and asks again");
	is_int(history(rosa), 1, "a second ask writes no history row");
	is_int(came(0, rosa, "guest"), 201, "she comes to the free store");
	is_str(stage(rosa), "participant", "coming as a guest: participant");
	is_str(why(rosa), "attended", "because she came");
	is_int(came(1, rosa, "helper"), 201, "she helps at the next session");
	is_str(stage(rosa), "helper", "helping: helper");
	is_int(came(2, rosa, "guest"), 201, "she comes as a guest again");
	is_str(stage(rosa), "helper", "and stays a helper: nobody falls");
	is_int(history(rosa), 3, "with no row written");
	is_int(came(3, rosa, "lead"), 201, "she leads a session");
	is_str(stage(rosa), "organizer", "leading a session: organizer");
	is_int(http_status(&S, "PATCH", "/programs/1",
	    http_at("{\"lead_person_id\":%ld}", rosa)), 200,
	    "she takes the lead of the free store");
	is_str(stage(rosa), "leader", "leading a program: leader");
	is_str(why(rosa), "leads", "because she leads it");
	is_int(history(rosa), 5, "five rows, one per stage");
}

/* Stages skipped: a shift sign-up, a conversation, a program's lead. */
static void
test_skip(void)
{
	long ella = person("Ella Baker"), fannie = person("Fannie Lou"),
	     org_person = db_scalar(&S, "SELECT person_id FROM app_user WHERE "
		 "login = 'org'");
	struct reply r;

	ok(http_created(&S, http_at("/sessions/%ld/shifts", SESSIONS[2]),
	    "{\"name\":\"cook\",\"needed\":2}") > 0, "a shift to sign up for");
	is_int(http_status(&S, "POST", "/shifts/1/signup",
	    http_at("{\"person_id\":%ld}", ella)), 201,
	    "Ella signs up for a shift");
	is_str(stage(ella), "helper", "a shift makes a helper at once");
	is_int(history(ella), 1, "one row: contact and participant skipped");
	http_auth = org;
	http_json(&S, "POST", "/conversations", http_at("{\"person_id\":%ld,"
	    "\"how\":\"door\"}", ella), &r);
	http_auth = NULL;
	is_int(r.status, 201, "the organizer talks with Ella");
	reply_free(&r);
	is_str(stage(org_person), "organizer",
	    "holding a conversation makes its organizer one");
	is_str(why(org_person), "organized", "because they talked");
	is_str(stage(ella), "helper", "and leaves Ella where she was");
	ok(http_created(&S, "/programs", http_at("{\"name\":\"Breakfast\","
	    "\"kind\":\"breakfast\",\"lead_person_id\":%ld}", fannie)) > 0,
	    "a new program led by Fannie");
	is_str(stage(fannie), "leader", "a program's lead is a leader at once");
}

/* Set by hand, with a reason; refused when the input is bad. */
static void
test_override(void)
{
	static const struct {
		const char *body, *field, *what;
	} bad[] = {
		{ "{\"stage\":\"organizer\"}", "why", "no reason" },
		{ "{\"stage\":\"organizer\",\"why\":\"\"}", "why",
		    "an empty reason" },
		{ "{\"stage\":\"chief\",\"why\":\"x\"}", "stage",
		    "a stage not of the ladder" },
		{ "{\"why\":\"runs the meetings\"}", "stage", "no stage" },
		{ "{\"stage\":\"helper\",\"why\":\"x\",\"by\":1}", "by",
		    "a key not declared" },
	};
	long amy = person("Amy Garvey");
	char *before;
	struct reply r;
	json_t *top;
	size_t i;

	ok(ask(amy) > 0, "Amy asks");
	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", http_at("/people/%ld/stage", amy),
		    bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "%s: 422 naming %s", bad[i].what, bad[i].field);
		reply_free(&r);
	}
	is_int(http_status(&S, "POST", "/people/9999/stage",
	    "{\"stage\":\"helper\",\"why\":\"x\"}"), 404, "nobody: 404");
	http_auth = vol;
	is_int(http_status(&S, "POST", http_at("/people/%ld/stage", amy),
	    "{\"stage\":\"helper\",\"why\":\"x\"}"), 403, "a volunteer: 403");
	http_auth = NULL;
	http_form(&S, http_at("/people/%ld/stage", amy), "stage=helper&why=",
	    &r);
	ok(r.status == 422 && strstr(r.body, "id=\"why-error\"") != NULL,
	    "the form shown again with the message by the reason");
	is_int(boxes(r.body), 1, "one error box, not one above every form");
	ok(box_in(r.body, http_at("action=\"/people/%ld/stage\"", amy)),
	    "and it is in the stage form");
	ok(strstr(r.body, "<option value=\"helper\" selected>") != NULL &&
		strstr(r.body, "<option value=\"contact\" selected>") == NULL,
	    "the stage picked is kept");
	ok(strstr(r.body, "<li><a href=\"#why\">Why: ") != NULL,
	    "the summary names the field");
	reply_free(&r);
	SAME_DB(&S, before, "every bad override");
	free(before);

	http_auth = org;
	http_json(&S, "POST", http_at("/people/%ld/stage", amy),
	    "{\"stage\":\"organizer\",\"why\":\"runs the tenant meetings\"}",
	    &r);
	http_auth = NULL;
	is_int(r.status, 201, "an organizer sets Amy's stage by hand");
	is_str(str(r.json, "stage"), "organizer", "she is an organizer");
	top = json_array_get(json_object_get(r.json, "stage_history"), 0);
	is_str(str(top, "why"), "override", "set by hand");
	is_str(str(top, "reason"), "runs the tenant meetings", "with why");
	is_str(str(top, "by"), "org", "and by whom");
	ok(str(top, "at")[0] == '2', "and when");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'person.stage'"), 1, "audited");
	ok(ask(amy) > 0, "Amy asks again");
	is_str(stage(amy), "organizer", "and stays where she was set");
	http_form(&S, http_at("/people/%ld/stage", amy),
	    "stage=leader&why=leads+the+union", &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    http_at("/people/%ld", amy)) == 0, "a form: back to her page");
	reply_free(&r);
}

/* Invited, joined, declined, lapsed, with dates. */
static void
test_membership(void)
{
	long joe = person("Joe Hill");
	char *before;
	struct reply r;

	page(joe, &r);
	ok(json_is_null(json_object_get(r.json, "membership")),
	    "no membership before anyone asks");
	reply_free(&r);
	http_json(&S, "POST", http_at("/people/%ld/membership", joe),
	    "{\"status\":\"invited\"}", &r);
	is_int(r.status, 201, "Joe is invited");
	is_str(str(json_object_get(r.json, "membership"), "status"), "invited",
	    "membership: invited");
	ok(str(json_object_get(r.json, "membership"), "since")[0] == '2',
	    "since a date");
	reply_free(&r);
	before = db_snapshot(&S);
	http_json(&S, "POST", http_at("/people/%ld/membership", joe),
	    "{\"status\":\"invited\"}", &r);
	ok(r.status == 409 && strcmp(error_field(&r), "status") == 0,
	    "invited twice: 409 naming status");
	reply_free(&r);
	http_json(&S, "POST", http_at("/people/%ld/membership", joe),
	    "{\"status\":\"member\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "status") == 0,
	    "a status not of the set: 422");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/people/9999/membership",
	    "{\"status\":\"joined\"}"), 404, "nobody: 404");
	http_auth = vol;
	is_int(http_status(&S, "POST", http_at("/people/%ld/membership", joe),
	    "{\"status\":\"joined\"}"), 403, "a volunteer: 403");
	http_auth = NULL;
	SAME_DB(&S, before, "every bad membership");
	free(before);
	is_int(http_status(&S, "POST", http_at("/people/%ld/membership", joe),
	    "{\"status\":\"joined\"}"), 201, "Joe joins");
	page(joe, &r);
	is_str(str(json_object_get(r.json, "membership"), "status"), "joined",
	    "membership: joined");
	is_int((long)json_array_size(json_object_get(r.json,
	    "membership_history")), 2, "with both changes in its history");
	reply_free(&r);
}

/*
 * The history row and the record that raises it stand or fall together:
 * with person_stage refusing rows, an ask is refused and not written.
 */
static void
test_same_transaction(void)
{
	long mary = person("Mary Harris"), asks;
	char *before;

	if (server_is_pg(&S)) {
		db_write(&S, "CREATE FUNCTION ladder_refuse() RETURNS trigger "
		    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; "
		    "END $$");
		db_write(&S, "CREATE TRIGGER ladder_refuse BEFORE INSERT ON "
		    "person_stage FOR EACH ROW EXECUTE FUNCTION "
		    "ladder_refuse()");
	} else {
		db_write(&S, "CREATE TRIGGER ladder_refuse BEFORE INSERT ON "
		    "person_stage BEGIN SELECT RAISE(ABORT, 'refused'); END");
	}
	asks = db_count(&S, "need");
	before = db_snapshot(&S);
	http_auth = org;
	is_int(http_status(&S, "POST", "/needs", http_at("{\"person_id\":%ld,"
	    "\"category\":\"groceries\",\"details\":\"Food\",\"urgency\":2,"
	    "\"zone_id\":1}", mary)), 500, "the history cannot be written: 500");
	http_auth = NULL;
	is_int(db_count(&S, "need"), asks, "and the ask is not written");
	SAME_DB(&S, before, "an ask whose stage cannot be written");
	free(before);
	if (server_is_pg(&S)) {
		db_write(&S, "DROP TRIGGER ladder_refuse ON person_stage");
		db_write(&S, "DROP FUNCTION ladder_refuse()");
	} else {
		db_write(&S, "DROP TRIGGER ladder_refuse");
	}
	ok(ask(mary) > 0, "once it can, the ask is written");
	is_str(stage(mary), "contact", "with her stage");
}

/* The page, in English and Spanish; nothing of it for a volunteer. */
static void
test_pages(void)
{
	struct reply r;

	http(&S, "GET", http_at("/people/%ld", ROSA), "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Stage and membership") &&
	    strstr(r.body, "Leader") && strstr(r.body, "asked for help"),
	    "the person page shows the stage and how it came");
	ok(strstr(r.body, http_at("action=\"/people/%ld/stage\"", ROSA)) &&
	    strstr(r.body, http_at("action=\"/people/%ld/membership\"", ROSA)),
	    "with the forms to set it and record membership");
	reply_free(&r);
	http(&S, "GET", http_at("/people/%ld?lang=es", ROSA), "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Etapa y membresía") &&
	    strstr(r.body, "Líder") && strstr(r.body, "pidió ayuda"),
	    "and in Spanish");
	reply_free(&r);
	http_auth = vol;
	is_int(http_status(&S, "GET", http_at("/people/%ld", ROSA), NULL),
	    403,
	    "a volunteer reads no one's stage");
	http_auth = NULL;
}

/* Training modules and who completed them; roles held, with dates. */
static void
test_training(void)
{
	static const struct {
		const char *path, *body, *field, *what;
		long want;
	} bad[] = {
		{ "/trainings", "{\"description\":\"x\"}", "name", "no name",
		    422 },
		{ "/trainings", "{\"name\":\"Know your rights\"}", "name",
		    "a name taken", 409 },
		{ "/trainings/1/completions", "{\"date\":\"2026-11-02\"}",
		    "person_id", "nobody named", 422 },
		{ "/trainings/1/completions", "{\"person_id\":9999,"
		    "\"date\":\"2026-11-02\"}", "person_id", "no such person",
		    422 },
		{ "/trainings/1/completions", "{\"person_id\":%ld,"
		    "\"date\":\"2026-02-30\"}", "date", "30 February", 422 },
		{ "/trainings/1/completions", "{\"person_id\":%ld,"
		    "\"date\":\"2026-11-01\"}", "person_id", "twice", 409 },
		{ "/trainings/9/completions", "{\"person_id\":%ld,"
		    "\"date\":\"2026-11-01\"}", "", "no such module", 404 },
		{ "/people/%ld/roles", "{\"role\":\"king\",\"starts_on\":"
		    "\"2026-01-01\"}", "role", "a role not of the set", 422 },
		{ "/people/%ld/roles", "{\"role\":\"delegate\"}", "starts_on",
		    "no start", 422 },
		{ "/people/%ld/roles", "{\"role\":\"delegate\",\"starts_on\":"
		    "\"2026-05-01\",\"ends_on\":\"2026-04-30\"}", "ends_on",
		    "an end before the start", 422 },
		{ "/people/9999/roles", "{\"role\":\"delegate\",\"starts_on\":"
		    "\"2026-05-01\"}", "", "nobody", 404 },
	};
	char *before;
	struct reply r;
	size_t i;

	http_json(&S, "POST", "/trainings", "{\"name\":\"Know your rights\","
	    "\"description\":\"What to say at the door\"}", &r);
	is_int(r.status, 201, "a coordinator adds a module");
	reply_free(&r);
	http_auth = org;
	is_int(http_status(&S, "POST", "/trainings", "{\"name\":\"Other\"}"),
	    403, "an organizer adds none");
	is_int(http_status(&S, "POST", "/trainings/1/completions",
	    http_at("{\"person_id\":%ld,\"date\":\"2026-11-01\"}", ROSA)),
	    201,
	    "an organizer records that someone completed it");
	http_auth = vol;
	is_int(http_status(&S, "GET", "/trainings", NULL), 403,
	    "a volunteer reads no one's training");
	http_auth = NULL;
	http_json(&S, "GET", "/trainings", NULL, &r);
	ok(r.status == 200 && json_integer_value(json_object_get(
	    json_array_get(json_object_get(r.json, "items"), 0), "completed"))
	    == 1, "the list counts who completed it");
	reply_free(&r);
	is_int(http_status(&S, "POST", http_at("/people/%ld/roles", ROSA),
	    "{\"role\":\"treasurer\",\"starts_on\":\"2026-01-01\","
	    "\"ends_on\":\"2026-06-30\"}"), 201,
	    "a role held for half a year");
	is_int(http_status(&S, "POST", http_at("/people/%ld/roles", ROSA),
	    "{\"role\":\"delegate\",\"starts_on\":\"2026-07-01\"}"), 201,
	    "and one held since");
	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", http_at(bad[i].path, ROSA),
		    http_at(bad[i].body, ROSA), &r);
		ok(r.status == bad[i].want &&
		    strcmp(error_field(&r), bad[i].field) == 0,
		    "%s: %ld naming '%s'", bad[i].what, bad[i].want,
		    bad[i].field);
		reply_free(&r);
	}
	http_form(&S, "/trainings", "name=", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"name-error\"") != NULL,
	    "the module form shown again with the message by the name");
	reply_free(&r);
	SAME_DB(&S, before, "every bad module, completion and role");
	free(before);
	page(ROSA, &r);
	ok(strcmp(str(json_array_get(json_object_get(r.json, "trainings"), 0),
	    "name"), "Know your rights") == 0, "the person lists the module");
	ok(strcmp(str(json_array_get(json_object_get(r.json, "roles"), 0),
	    "role"), "delegate") == 0 && json_is_null(json_object_get(
	    json_array_get(json_object_get(r.json, "roles"), 0), "ends_on")),
	    "and the roles, the one held now first");
	reply_free(&r);
	http(&S, "GET", http_at("/people/%ld?lang=es", ROSA), "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Tesorera") &&
	    strstr(r.body, "Know your rights"), "shown on the page, in Spanish");
	reply_free(&r);
}

/* A forget empties the histories, the training and the roles. */
static void
test_forget(void)
{
	long joe = db_scalar(&S, "SELECT id FROM person WHERE name = "
	    "'Joe Hill'");

	ok(ask(joe) > 0, "Joe asks, a contact");
	is_int(http_status(&S, "POST", "/trainings/1/completions",
	    http_at("{\"person_id\":%ld,\"date\":\"2026-11-03\"}", joe)),
	    201, "completes a module");
	is_int(http_status(&S, "POST", http_at("/people/%ld/roles", joe),
	    "{\"role\":\"delegate\",\"starts_on\":\"2026-07-01\"}"), 201,
	    "and is a delegate");
	is_int(http_status(&S, "POST", http_at("/people/%ld/forget", joe),
	    "{\"confirm\":\"yes\"}"), 200, "Joe is forgotten");
	is_int(history(joe), 0, "his stage history is gone");
	is_int(db_scalar(&S, http_at("SELECT count(*) FROM person_membership "
	    "WHERE person_id = %ld", joe)), 0, "and his membership");
	is_int(db_scalar(&S, http_at("SELECT count(*) FROM role_held WHERE "
	    "person_id = %ld", joe)) + db_scalar(&S, http_at("SELECT "
	    "count(*) FROM training_completion WHERE person_id = %ld", joe)),
	    0, "his roles and training too");
}

int
main(void)
{
	server_start(&S);
	setup();
	test_climb();
	test_skip();
	test_override();
	test_membership();
	test_same_transaction();
	test_pages();
	test_training();
	test_forget();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
