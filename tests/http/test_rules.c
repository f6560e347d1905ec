/*
 * Follow-up rules over a real socket, on both backends: each shipped rule
 * fires on a scripted history and not one step short of it (help
 * received twice, helped three times, a grievance of five, 60 days
 * active and 30 idle by the sweep at a clock the test sets); a task is
 * made once per person and reason, fired twice or by eight writers at
 * once; tasks close with an outcome that the person's page shows; who
 * sees and closes which (a volunteer their own, an organizer theirs and
 * their zones', a coordinator all); an admin edits a rule, and a rule
 * turned off makes no more. Every bad input writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "client.h"
#include "db/db.h"
#include "domain/rule.h"

static struct server S;
static char org[200], org2[200], vol[200], coord[200];
static long org_id, coord_id, vol_id, vol_person;
/* Sessions of a daily program, one a step of the histories below. */
#define SESSIONS 12
static long session[SESSIONS];
static int next_session;

static long
num(json_t *obj, const char *key)
{
	return (long)json_integer_value(json_object_get(obj, key));
}

/* A new person of zone 1: their id. */
static long
person(const char *name)
{
	char body[128];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"zone_id\":1}", name);
	return http_created(&S, "/people", body);
}

/* Sign person in as role at the next session: the status. */
static long
attend(long who, const char *role)
{
	char body[96];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"role\":\"%s\"}", who,
	    role);
	return http_status(&S, "POST", http_at("/sessions/%ld/attendance",
	    session[next_session++]), body);
}

/* A number the SQL of fmt with id gives. */
static long
scalar(const char *fmt, long id)
{
	char sql[512];

	snprintf(sql, sizeof(sql), fmt, id);
	return db_scalar(&S, sql);
}

/* How many tasks of why person has. */
static long
tasks(long who, const char *why)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM task WHERE "
	    "person_id = %ld AND why = '%s'", who, why);
	return db_scalar(&S, sql);
}

/* An ask of who, moved to fulfilled: its id. */
static long
ask_fulfilled(long who)
{
	char body[160];
	long id;

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice\",\"urgency\":2,\"zone_id\":1}",
	    who);
	id = http_created(&S, "/needs", body);
	http_status(&S, "POST", http_at("/needs/%ld/status", id),
	    "{\"status\":\"matched\"}");
	http_status(&S, "POST", http_at("/needs/%ld/status", id),
	    "{\"status\":\"fulfilled\"}");
	return id;
}

/* The sweep of the rules time meets, as at iso: the tasks it made. */
static long
sweep_at(const char *iso)
{
	struct tm tm = { 0 };
	struct db *db = testdb_open(S.store.url);
	int64_t n = -1;

	sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (rule_sweep(db, timegm(&tm), &n) == -1)
		printf("# sweep: %s\n", db_errmsg(db));
	db_close(db);
	return (long)n;
}

static void
setup(void)
{
	struct reply r;
	int i;

	http_status(&S, "POST", "/zones", "{\"name\":\"Centro\"}");
	http_status(&S, "POST", "/zones", "{\"name\":\"Norte\"}");
	org_id = server_login(&S, "org", "organizer", "1", org, sizeof(org));
	server_login(&S, "org2", "organizer", "2", org2, sizeof(org2));
	vol_id = server_login(&S, "vol", "volunteer", "1", vol, sizeof(vol));
	coord_id = server_login(&S, "coord", "coordinator", NULL, coord,
	    sizeof(coord));
	vol_person = db_scalar(&S, "SELECT person_id FROM app_user WHERE "
	    "login = 'vol'");
	http_status(&S, "POST", "/programs", "{\"name\":\"Free store\","
	    "\"kind\":\"free_store\",\"zone_id\":1,\"schedule\":"
	    "\"Mon-Sun 10:00-12:00\"}");
	http_json(&S, "GET", "/programs/1/sessions", NULL, &r);
	for (i = 0; i < SESSIONS; i++)
		session[i] = num(json_array_get(json_object_get(r.json,
		    "items"), (size_t)i), "id");
	ok(session[SESSIONS - 1] > 0, "a daily free store, %d sessions",
	    SESSIONS);
	reply_free(&r);
}

/* received_help 2: an ask met and a visit to the free store. */
static void
test_received_help(void)
{
	long ana = person("Ana Received");

	ask_fulfilled(ana);
	is_int(tasks(ana, "invite_help"), 0, "help received once: no task");
	is_int(attend(ana, "guest"), 201, "Ana comes to the free store");
	is_int(tasks(ana, "invite_help"), 1,
	    "help received twice: invite to help");
	is_int(scalar("SELECT count(*) FROM task WHERE "
	    "person_id = %ld AND rule_id = 1 AND zone_id = 1 AND status = "
	    "'open' AND user_id = (SELECT id FROM app_user WHERE login = "
	    "'org')", ana), 1, "for the organizer of her zone, open");
	ok(scalar("SELECT count(*) FROM task WHERE person_id = "
	    "%ld AND due_at > created_at", ana) == 1, "due after it was made");
	is_int(attend(ana, "guest"), 201, "she comes a third time");
	is_int(tasks(ana, "invite_help"), 1, "fired again: still one task");
}

/* helped 3: two sessions helped at and a delivery made (vol's). */
static void
test_helped(void)
{
	char body[160];
	long asker = person("Asker For Vol"), need;

	is_int(attend(vol_person, "helper"), 201, "vol helps at a session");
	is_int(attend(vol_person, "lead"), 201, "and leads one");
	is_int(tasks(vol_person, "invite_training"), 0,
	    "helped twice: no task");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice\",\"urgency\":2,\"zone_id\":1}",
	    asker);
	need = http_created(&S, "/needs", body);
	http_auth = vol;
	is_int(http_status(&S, "POST", http_at("/needs/%ld/claim", need), "{}"),
	    200, "vol claims an ask");
	is_int(http_status(&S, "POST", http_at("/needs/%ld/deliver", need),
	    "{\"outcome\":\"delivered\"}"), 201, "and delivers it");
	http_auth = NULL;
	is_int(tasks(vol_person, "invite_training"), 1,
	    "helped three times: invite to organizer training");
}

/* grievance_shared 5: four people, then a fifth. */
static void
test_grievance(void)
{
	long p[5], g;
	char body[160];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "Tenant %c", 'A' + i);
		p[i] = person(body);
	}
	snprintf(body, sizeof(body), "{\"title\":\"No heat\",\"person_ids\":"
	    "[%ld,%ld,%ld,%ld]}", p[0], p[1], p[2], p[3]);
	g = http_created(&S, "/grievances", body);
	is_int(db_scalar(&S, "SELECT count(*) FROM task WHERE why = "
	    "'invite_campaign'"), 0, "a grievance of four: no task");
	snprintf(body, sizeof(body), "{\"person_ids\":[%ld,%ld,%ld,%ld,%ld]}",
	    p[0], p[1], p[2], p[3], p[4]);
	is_int(http_status(&S, "POST", http_at("/grievances/%ld", g), body),
	    200, "a fifth person shares it");
	is_int(db_scalar(&S, "SELECT count(*) FROM task WHERE why = "
	    "'invite_campaign'"), 5, "five: each invited to the campaign "
	    "meeting");
	is_int(tasks(p[4], "invite_campaign"), 1, "the fifth too");
}

/* Eight organizers set the same five people at once: five tasks. */
#define RACERS 8

static void
test_race(void)
{
	static struct racer racers[RACERS];
	char name[32], body[160];
	long p[5], g;
	int i;

	for (i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "racer%d", i);
		server_login(&S, name, "organizer", NULL, racers[i].auth,
		    sizeof(racers[i].auth));
	}
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "Racing Tenant %c", 'A' + i);
		p[i] = person(name);
	}
	g = http_created(&S, "/grievances", "{\"title\":\"Mould\"}");
	snprintf(body, sizeof(body), "{\"person_ids\":[%ld,%ld,%ld,%ld,%ld]}",
	    p[0], p[1], p[2], p[3], p[4]);
	http_race(&S, racers, RACERS, http_at("/grievances/%ld", g), body, 1,
	    NULL);
	ok(http_race_count(racers, RACERS, 200, NULL) >= 1,
	    "the racers set the grievance's five people");
	is_int(scalar("SELECT count(*) FROM task WHERE why = "
	    "'invite_campaign' AND person_id >= %ld", p[0]), 5,
	    "eight writers at once leave one task for each of the five");
}

/* active_days 60 and volunteer_idle 30, by the sweep at a set clock. */
static void
test_sweep(void)
{
	long old = person("Old Friend"), quiet = person("Quiet One"), idle;
	char sql[200], auth[200];

	idle = server_login(&S, "idle", "volunteer", "1", auth, sizeof(auth));
	snprintf(sql, sizeof(sql), "UPDATE person SET created_at = "
	    "'2026-01-01T00:00:00Z' WHERE id IN (%ld, %ld)", old, quiet);
	db_write(&S, sql);
	snprintf(sql, sizeof(sql), "UPDATE app_user SET created_at = "
	    "'2026-01-01T00:00:00Z' WHERE id = %ld", idle);
	db_write(&S, sql);
	ask_fulfilled(old);
	db_write(&S, http_at("UPDATE need SET created_at = "
	    "'2026-02-20T00:00:00Z' WHERE person_id = %ld", old));
	/* Before anything else is made since the real start: the clock
	 * stands in early 2026, before every other row. */
	is_int(sweep_at("2026-01-30T23:59:59Z"), 0,
	    "a second short of 30 days idle: nothing");
	is_int(sweep_at("2026-01-31T00:00:00Z"), 1, "30 days idle: one task");
	is_int(scalar("SELECT count(*) FROM task t JOIN "
	    "app_user u ON u.person_id = t.person_id WHERE u.id = %ld AND "
	    "t.why = 'check_in' AND t.due_at = '2026-02-07T00:00:00Z'",
	    idle), 1, "check in with the volunteer, due a week later");
	is_int(sweep_at("2026-03-01T23:59:59Z"), 0,
	    "a second short of 60 days active: nothing");
	is_int(sweep_at("2026-03-02T00:00:00Z"), 1,
	    "60 days active: one task");
	is_int(tasks(old, "invite_membership"), 1,
	    "invite to membership, who asked in the last 60 days");
	is_int(tasks(quiet, "invite_membership"), 0,
	    "not who did nothing in them");
	is_int(sweep_at("2026-03-02T00:00:00Z"), 0,
	    "the sweep again: nothing more");
	/* The sweep reads the people 20,000 ids at a time (rule.c). */
	db_write(&S, "INSERT INTO person (id, name, zone_id, created_at, "
	    "updated_at) VALUES (45001, 'Far Friend', 1, "
	    "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	ask_fulfilled(45001);
	db_write(&S, "UPDATE need SET created_at = '2026-02-20T00:00:00Z' "
	    "WHERE person_id = 45001");
	is_int(sweep_at("2026-03-02T00:00:00Z"), 1,
	    "a person past the sweep's first parts of the people: one task");
	is_int(tasks(45001, "invite_membership"), 1,
	    "invite to membership, as the first");
}

/* Who sees and closes which; outcomes; the person's page. */
/*
 * An organizer's zones are named in the list's query when they are
 * eight or fewer, asked by a subquery past that: the same tasks either
 * way, and none of a zone for an organizer of none.
 */
static void
test_many_zones(void)
{
	char many[200], none[200], sql[300];
	long id, z;
	int i;

	id = server_login(&S, "org9", "organizer", "1", many, sizeof(many));
	for (i = 0; i < 9; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO zone (name, created_at) "
		    "VALUES ('Far %d', '2026-01-01T00:00:00Z')", i);
		db_write(&S, sql);
		z = db_scalar(&S, "SELECT max(id) FROM zone");
		snprintf(sql, sizeof(sql), "INSERT INTO user_zone (user_id, "
		    "zone_id) VALUES (%ld, %ld)", id, z);
		db_write(&S, sql);
	}
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM task WHERE status = "
	    "'open' AND (user_id = %ld OR zone_id IN (SELECT zone_id FROM "
	    "user_zone WHERE user_id = %ld))", id, id);
	http_auth = many;
	is_int(http_total(&S, "/tasks"), db_scalar(&S, sql),
	    "an organizer of ten zones: their zones' tasks, by a subquery");
	ok(db_scalar(&S, sql) > 0 &&
		db_scalar(&S, sql) == db_scalar(&S, "SELECT count(*) FROM "
						 "task WHERE status = 'open' "
						 "AND zone_id = 1"),
	    "which are zone 1's (the nine others have none)");
	server_login(&S, "org0", "organizer", NULL, none, sizeof(none));
	http_auth = none;
	is_int(http_total(&S, "/tasks"), 0,
	    "an organizer of no zone: none of a zone's");
}

static void
test_tasks(void)
{
	long ana = db_scalar(&S, "SELECT id FROM person WHERE name = "
	    "'Ana Received'"), task, open;
	char *before, sql[200];
	struct reply r;
	json_t *item;

	task = scalar("SELECT id FROM task WHERE person_id = "
	    "%ld AND why = 'invite_help'", ana);
	open = db_scalar(&S, "SELECT count(*) FROM task WHERE status = "
	    "'open'");
	http_auth = coord;
	is_int(http_total(&S, "/tasks"), open, "a coordinator lists all open");
	http_auth = org;
	http_json(&S, "GET", "/tasks", NULL, &r);
	item = json_array_get(json_object_get(r.json, "items"), 0);
	ok(r.status == 200 && num(r.json, "total") >= 1 && num(item, "id") > 0
	    && num(item, "person_id") > 0 && json_is_string(json_object_get(
	    item, "reason")) && json_is_string(json_object_get(item, "due")) &&
	    json_is_string(json_object_get(item, "status")),
	    "an organizer's list: id, person_id, reason, due, status, total");
	reply_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM task WHERE status = "
	    "'open' AND (user_id = %ld OR zone_id = 1)", org_id);
	is_int(http_total(&S, "/tasks"), db_scalar(&S, sql),
	    "theirs and their zone's, no others");
	ok(db_scalar(&S, sql) < open, "which are fewer than all");
	http_auth = org2;
	is_int(http_total(&S, "/tasks"), 0, "another zone's organizer: none");
	test_many_zones();
	http_auth = vol;
	is_int(http_total(&S, "/tasks"), 0,
	    "a volunteer: only the tasks for them, none");
	db_write(&S, http_at("UPDATE task SET due_at = '2020-01-01T00:00:00Z' "
	    "WHERE id = %ld", task));

	before = db_snapshot(&S);
	is_int(http_status(&S, "POST", http_at("/tasks/%ld/done", task),
	    "{\"outcome\":\"accepted\"}"), 404, "a volunteer closes "
	    "another's task: 404");
	http_auth = org2;
	is_int(http_status(&S, "POST", http_at("/tasks/%ld/done", task),
	    "{}"), 404, "another zone's organizer: 404");
	http_auth = org;
	http_json(&S, "POST", http_at("/tasks/%ld/done", task),
	    "{\"outcome\":\"maybe\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "outcome") == 0,
	    "an outcome not of the set: 422 naming it");
	reply_free(&r);
	is_int(http_status(&S, "POST", http_at("/tasks/%ld/skip", task),
	    "{\"outcome\":1}"), 422, "nor a number");
	SAME_DB(&S, before, "every refused close");
	free(before);

	http_json(&S, "GET", "/tasks", NULL, &r);
	item = json_array_get(json_object_get(r.json, "items"), 0);
	ok(num(item, "id") == task && json_is_true(json_object_get(item,
	    "overdue")), "the overdue first");
	reply_free(&r);
	http(&S, "GET", "/tasks", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Invite to help") && strstr(r.body, "Overdue") &&
	    strstr(r.body, "name=\"outcome\" value=\"accepted\"") &&
	    strstr(r.body, "Ana Received"), "HTML: why, overdue, who, and "
	    "a button per outcome");
	reply_free(&r);
	http(&S, "GET", "/tasks?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Invitar a ayudar") && strstr(r.body, "Aceptó"),
	    "in Spanish too");
	reply_free(&r);
	http_form(&S, http_at("/tasks/%ld/done", task), "outcome=accepted",
	    &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"), "/tasks")
	    == 0, "done by form, accepted: back to the list");
	reply_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM task WHERE id = %ld "
	    "AND status = 'done' AND outcome = 'accepted' AND closed_by = %ld",
	    task, org_id);
	is_int(db_scalar(&S, sql), 1, "done, accepted, by the organizer");
	http_auth = NULL;

	http_json(&S, "GET", http_at("/people/%ld", ana), NULL, &r);
	item = json_array_get(json_object_get(r.json, "followups"), 0);
	ok(strcmp(json_string_value(json_object_get(item, "why")),
	    "invite_help") == 0 && strcmp(json_string_value(json_object_get(
	    item, "outcome")), "accepted") == 0, "the person's page: the "
	    "follow-up and its outcome");
	reply_free(&r);
	http(&S, "GET", http_at("/people/%ld", ana), "text/html", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "Follow-ups") && strstr(r.body, "Accepted"),
	    "in HTML too");
	reply_free(&r);
}

/* An admin edits a rule; one turned off makes no more tasks. */
static void
test_edit(void)
{
	static const struct {
		const char *body, *field, *what;
	} bad[] = {
		{ "{\"n\":0}", "n", "n of 0" },
		{ "{\"n\":3651}", "n", "n over ten years" },
		{ "{\"due_days\":366}", "due_days", "due in over a year" },
		{ "{\"why\":\"claim_expired\"}", "why", "a task no rule makes" },
		{ "{\"enabled\":\"perhaps\"}", "enabled", "on or off, neither" },
		{ "{\"user_id\":9999}", "user_id", "a user who is not" },
		{ "{\"cond\":\"helped\"}", "cond", "the condition itself" },
	};
	char body[200], *before = db_snapshot(&S);
	struct reply r;
	long bea;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/rules/1", bad[i].body, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
		    0, "%s: 422 naming %s (%ld %s)", bad[i].what, bad[i].field,
		    r.status, error_field(&r));
		reply_free(&r);
	}
	snprintf(body, sizeof(body), "{\"user_id\":%ld}", vol_id);
	http_json(&S, "POST", "/rules/1", body, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "user_id") == 0,
	    "a volunteer to do a rule's tasks: 422 naming user_id");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/rules/99", "{\"n\":2}"), 404,
	    "no such rule: 404");
	http_form(&S, "/rules/1", "enabled=1&n=0&why=invite_help&user_id=&"
	    "due_days=7", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"n-error\"") &&
	    strstr(r.body, "value=\"0\""), "the form with n of 0: shown again, "
	    "the message by the field");
	reply_free(&r);
	http_auth = coord;
	is_int(http_status(&S, "POST", "/rules/1", "{\"enabled\":false}"), 403,
	    "a coordinator edits no rule: 403");
	http_auth = NULL;
	SAME_DB(&S, before, "every refused edit");
	free(before);

	http_json(&S, "GET", "/rules", NULL, &r);
	is_int(num(r.json, "total"), 5, "the five shipped rules");
	reply_free(&r);
	http(&S, "GET", "/rules/4", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Active for days") &&
	    strstr(r.body, "value=\"60\""), "a rule's page, with its form");
	reply_free(&r);

	http_form(&S, "/rules/1", "enabled=0&n=2&why=invite_help&user_id=&"
	    "due_days=7", &r);
	is_int(r.status, 303, "rule 1 turned off by form: 303");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'rule.update' AND entity_id = 1"), 1, "audited");
	bea = person("Bea Off");
	attend(bea, "guest");
	attend(bea, "guest");
	is_int(tasks(bea, "invite_help"), 0, "turned off: no new task");
	snprintf(body, sizeof(body), "{\"enabled\":true,\"user_id\":%ld}",
	    coord_id);
	is_int(http_status(&S, "POST", "/rules/1", body), 200,
	    "on again, for the coordinator");
	attend(bea, "guest");
	snprintf(body, sizeof(body), "SELECT count(*) FROM task WHERE "
	    "person_id = %ld AND why = 'invite_help' AND user_id = %ld", bea,
	    coord_id);
	is_int(db_scalar(&S, body), 1,
	    "on: the next visit makes it, for the user named");
}

int
main(void)
{
	server_start(&S);
	setup();
	test_received_help();
	test_helped();
	test_grievance();
	test_race();
	test_sweep();
	test_tasks();
	test_edit();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
