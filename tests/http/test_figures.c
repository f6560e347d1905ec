/*
 * A program's figures and a session's sign-in sheet, over a real socket,
 * on both backends.
 *
 * The figures are checked on a data set built here and worked out by
 * hand. Breakfast (program 1) meets on Mondays from 1 March 2027; its
 * sessions S1 1 Mar, S2 8 Mar, S3 15 Mar, S4 22 Mar, S5 29 Mar, S6 5 Apr.
 * The free store (program 2) meets on Mondays from 1 February 2027.
 *
 *   S1: Ana guest, Ben guest, Cruz helper, Dee lead, Hal guest,
 *       Ivy helper
 *   S2: Ana helper, Ben guest, Eli guest, Gil helper
 *   S3: Ben helper, Cruz guest, Fayola guest, Hal helper, Ivy guest
 *   S4: cancelled;  S5: said held, nobody signed in;  S6: nothing
 *   free store, 1 Feb: Gil guest
 *
 * Hal is signed in at S3 (helper) before at S1 (guest), and Ivy at S3
 * (guest) before at S1 (helper): the order of a person's visits is the
 * sessions', not the order the rows were written in.
 *
 *   sessions held: S1, S2, S3 (people came), S5 (said held)       = 4
 *   people: Ana Ben Cruz Dee Eli Fayola Gil Hal Ivy                = 9
 *   helpers (helper or lead): Ana Ben Cruz Dee Gil Hal Ivy         = 7
 *   helpers who first came as guests: Ana (S1 guest, S2 helper),
 *     Ben (S1, S2 guest, S3 helper), Hal (S1 guest, S3 helper)     = 3
 *     (not Cruz, Ivy: helpers first; not Dee: lead first; not Gil:
 *     his visit as a guest was to the free store)
 *   the free store: 1 held, 1 person, 0 helpers, 0 from guests.
 *
 * Fayola, who came once, is forgotten: the figures stay 4, 9, 7, 3 and
 * her name is on no page. Ana, who came twice, is forgotten next: her
 * two visits can no longer be told to be one person's (retention.c cuts
 * the link): people become 10 (Ben Cruz Dee Eli Gil Hal Ivy, and three
 * visits of someone forgotten: Fayola's, Ana's two), helpers stay 7 (Ben
 * Cruz Dee Gil Hal Ivy, and Ana's visit as a helper) and helpers who
 * first came as guests become 2 (Ben, Hal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
/* Breakfast's sessions S1..S6, by index 1..6. */
static long ses[7];

/* The string at key of obj, or "". */
static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/* The id of the session of program id on date (from its list), or 0. */
static long
session_on(long id, const char *date)
{
	char path[96];
	struct reply r;
	json_t *row;
	size_t i;
	long found = 0;

	snprintf(path, sizeof(path), "/programs/%ld/sessions?from=2027-01-01",
	    id);
	http_json(&S, "GET", path, NULL, &r);
	json_array_foreach (json_object_get(r.json, "items"), i, row)
		if (strcmp(str(row, "date"), date) == 0)
			found = (long)json_integer_value(
			    json_object_get(row, "id"));
	reply_free(&r);
	return found;
}

/* Sign in someone new by name at session s as role: their person id. */
static long
sign_new(long s, const char *name, const char *role)
{
	char path[64], body[128];
	struct reply r;
	long id;

	snprintf(path, sizeof(path), "/sessions/%ld/attendance", s);
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"role\":\"%s\"}", name,
	    role);
	http_json(&S, "POST", path, body, &r);
	id = r.status == 201 ? (long)json_integer_value(
	    json_object_get(r.json, "person_id")) : 0;
	if (id == 0)
		printf("# sign_new %s: %ld %s\n", name, r.status, r.body);
	reply_free(&r);
	return id;
}

/* Sign in person at session s as role: 1 on a 201. */
static int
sign(long s, long person, const char *role)
{
	char path[64], body[128];

	snprintf(path, sizeof(path), "/sessions/%ld/attendance", s);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"role\":\"%s\"}",
	    person, role);
	return http_status(&S, "POST", path, body) == 201;
}

/* The figures of program id: 1 when they are held, people, helpers, from. */
static int
figures_are(long id, long held, long people, long helpers, long from)
{
	char path[64];
	struct reply r;
	json_t *f;
	int same;

	snprintf(path, sizeof(path), "/programs/%ld", id);
	http_json(&S, "GET", path, NULL, &r);
	f = json_object_get(r.json, "figures");
	same = r.status == 200 &&
	    json_integer_value(json_object_get(f, "sessions_held")) == held &&
	    json_integer_value(json_object_get(f, "people")) == people &&
	    json_integer_value(json_object_get(f, "helpers")) == helpers &&
	    json_integer_value(json_object_get(f, "helpers_from_guests")) ==
	    from;
	if (!same)
		printf("# program %ld: %ld %s\n", id, r.status, r.body);
	reply_free(&r);
	return same;
}

static long ana, fayola;

static void
test_data(void)
{
	static const char *const dates[7] = { NULL, "2027-03-01", "2027-03-08",
		"2027-03-15", "2027-03-22", "2027-03-29", "2027-04-05" };
	long ben, cruz, dee, gil, hal, ivy, store;
	int i, all = 1;
	char path[64];

	ok(http_created(&S, "/programs", "{\"name\":\"Breakfast\",\"kind\":"
	    "\"breakfast\",\"address\":\"Union hall, 5 Main St\",\"schedule\":"
	    "\"Mon 07:00-09:00\",\"starts_on\":\"2027-03-01\"}") == 1,
	    "the breakfast program");
	ok(http_created(&S, "/programs", "{\"name\":\"Free store\",\"kind\":"
	    "\"free_store\",\"schedule\":\"Mon 17:00-19:00\",\"starts_on\":"
	    "\"2027-02-01\"}") == 2, "the free store");
	ok(figures_are(1, 0, 0, 0, 0), "a new program's figures are all 0");
	for (i = 1; i <= 6; i++)
		if ((ses[i] = session_on(1, dates[i])) == 0)
			all = 0;
	ok(all, "its sessions S1 to S6");
	store = session_on(2, "2027-02-01");

	ana = sign_new(ses[1], "Ana", "guest");
	ben = sign_new(ses[1], "Ben", "guest");
	cruz = sign_new(ses[1], "Cruz", "helper");
	dee = sign_new(ses[1], "Dee", "lead");
	gil = sign_new(store, "Gil", "guest");
	hal = sign_new(ses[3], "Hal", "helper");
	ivy = sign_new(ses[3], "Ivy", "guest");
	ok(sign(ses[1], hal, "guest") && sign(ses[1], ivy, "helper"),
	    "Hal and Ivy at S1, written after S3");
	ok(sign(ses[2], ana, "helper") && sign(ses[2], ben, "guest") &&
	    sign_new(ses[2], "Eli", "guest") && sign(ses[2], gil, "helper"),
	    "S2 signed in");
	fayola = sign_new(ses[3], "Fayola", "guest");
	ok(sign(ses[3], ben, "helper") && sign(ses[3], cruz, "guest") && fayola,
	    "S3 signed in");
	snprintf(path, sizeof(path), "/sessions/%ld/cancel", ses[4]);
	is_int(http_status(&S, "POST", path, "{\"reason\":\"snow\"}"), 200,
	    "S4 cancelled");
	snprintf(path, sizeof(path), "/sessions/%ld", ses[5]);
	is_int(http_status(&S, "PATCH", path, "{\"status\":\"held\"}"), 200,
	    "S5 said held");
	ok(ana && ben && cruz && dee && gil && hal && ivy, "everyone made");
}

static void
test_figures(void)
{
	char path[64];
	struct reply r;

	ok(figures_are(1, 4, 9, 7, 3), "breakfast: 4 sessions held, 9 people, "
	    "7 helpers, 3 of them first came as guests");
	ok(figures_are(2, 1, 1, 0, 0), "the free store: 1 held, 1 person, no "
	    "helper");
	http(&S, "GET", "/programs/1", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 &&
	    strstr(r.body, "data-figure=\"sessions_held\">4<") &&
	    strstr(r.body, "data-figure=\"people\">9<") &&
	    strstr(r.body, "data-figure=\"helpers\">7<") &&
	    strstr(r.body, "data-figure=\"helpers_from_guests\">3<") &&
	    strstr(r.body, "Helpers who first came as guests"),
	    "the page shows the same figures");
	ok(strstr(r.body, "Ana") == NULL && strstr(r.body, "Hal") == NULL,
	    "and names nobody");
	reply_free(&r);
	http(&S, "GET", "/programs/1?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Cifras") &&
	    strstr(r.body, "Ayudantes que vinieron primero como invitadas"),
	    "in Spanish too");
	reply_free(&r);

	/* Fayola came once: forgotten, she still counts, named nowhere. */
	snprintf(path, sizeof(path), "/people/%ld/forget", fayola);
	is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"), 200,
	    "Fayola is forgotten");
	ok(figures_are(1, 4, 9, 7, 3), "the figures stay 4, 9, 7, 3");
	snprintf(path, sizeof(path), "/sessions/%ld", ses[3]);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Fayola") == NULL,
	    "her session's page names her not");
	reply_free(&r);

	/*
	 * Ana came twice, as a guest then a helper: forgotten, her visits
	 * are two people who came, one of them a helper, and whether that
	 * helper first came as a guest is no longer known (figures.h).
	 */
	snprintf(path, sizeof(path), "/people/%ld/forget", ana);
	is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"), 200,
	    "Ana is forgotten");
	ok(figures_are(1, 4, 10, 7, 2), "then 4, 10, 7, 2");
}

static void
test_bad(void)
{
	struct reply r;

	http_json(&S, "GET", "/programs/999", NULL, &r);
	ok(r.status == 404 && strcmp(error_code(&r), "") != 0,
	    "an unknown program: 404 with an error");
	reply_free(&r);
	http_json(&S, "GET", "/programs/x1", NULL, &r);
	is_int(r.status, 404, "a bad id: 404");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	test_data();
	test_figures();
	test_bad();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
