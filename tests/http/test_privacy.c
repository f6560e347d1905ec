/*
 * Record-level privacy over a real socket: what volunteers, organizers and
 * coordinators see of an ask and a person, in JSON and in HTML; claims and
 * their end; contact on demand (never on a page, read on its own page by
 * those allowed, each view audited, failing closed); forgetting a person;
 * and the public form that needs no account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* The Authorization values of the logins the tests speak as. */
static char vol[160], vol2[160], org[160], coord[160];
static long person, ask_north, ask_south, ask_other, offer_south;

#define PHONE	"+15550102067"
#define ADDRESS	"12 Calle Luna, piso 3"
#define DETAILS	"Rice and beans for a family of four"
/* "•••• 67": the phone masked to its last two digits. */
#define MASKED	"\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 67"

static void
as(const char *auth)
{
	http_auth = auth;
}

/* POST as the admin: the new record's id, a test of its own. */
static long
post_id(const char *path, const char *body)
{
	long id;

	as(NULL);
	id = http_created(&S, path, body);
	ok(id > 0, "POST %s as admin: 201", path);
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

static long
views_of_contact(const char *who)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action = "
	    "'view contact' AND entity = 'person' AND entity_id = %ld AND "
	    "user_id = (SELECT id FROM app_user WHERE login = '%s')", person,
	    who);
	return db_scalar(&S, sql);
}

/* An ask for the person who, added as admin: its id. */
static long
post_ask(long who, const char *category, const char *details, int urgency,
    int zone)
{
	char body[512];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"%s\",\"details\":\"%s\",\"urgency\":%d,\"zone_id\":%d}",
	    who, category, details, urgency, zone);
	return post_id("/needs", body);
}

static void
setup(void)
{
	char body[512];

	post_id("/zones", "{\"name\":\"North\"}");
	post_id("/zones", "{\"name\":\"South\"}");
	person = post_id("/people", "{\"name\":\"María José Núñez\","
	    "\"phone\":\"" PHONE "\",\"address\":\"" ADDRESS "\","
	    "\"email\":\"mj@example.org\",\"zone_id\":1}");
	ask_north = post_ask(person, "groceries", DETAILS, 3, 1);
	ask_south = post_ask(person, "prescriptions",
	    "Insulin from the south pharmacy", 2, 2);
	ask_other = post_ask(person, "rent", "Short on rent", 1, 1);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"transport\",\"details\":\"Rides to the clinic\","
	    "\"zone_id\":2}", person);
	offer_south = post_id("/offers", body);
	login("vol", "volunteer", "1", vol, sizeof(vol));
	login("vol2", "volunteer", "1", vol2, sizeof(vol2));
	login("org", "organizer", NULL, org, sizeof(org));
	login("coord", "coordinator", NULL, coord, sizeof(coord));
}

static void
get_json(const char *auth, const char *path, struct reply *r)
{
	as(auth);
	http_json(&S, "GET", path, NULL, r);
}

static void
get_html(const char *auth, const char *path, struct reply *r)
{
	as(auth);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, r);
}

static void
csv_of(const char *auth, const char *path, struct reply *r)
{
	as(auth);
	http(&S, "GET", path, "text/csv", NULL, NULL, 0, r);
}

/* GET path as auth, in JSON: the status, the reply released. */
static long
get_status(const char *auth, const char *path)
{
	as(auth);
	return http_status(&S, "GET", path, NULL);
}

/* GET path as auth, in JSON: the list's total. */
static long
get_total(const char *auth, const char *path)
{
	as(auth);
	return http_total(&S, path);
}

/*
 * GET path as auth again: 1 when it answers 200 with the body first, as a
 * page served from the cache must.
 */
static int
same_again(const char *auth, const char *path, const char *first)
{
	struct reply r;
	int same;

	get_json(auth, path, &r);
	same = r.status == 200 && strcmp(first, r.body) == 0;
	reply_free(&r);
	return same;
}

static long
post_as(const char *auth, const char *path)
{
	struct reply r;
	long status;

	as(auth);
	http_json(&S, "POST", path, "{}", &r);
	status = r.status;
	reply_free(&r);
	return status;
}

/* POST a release with its reason as auth: the status. */
static long
release_as(const char *auth, const char *path)
{
	struct reply r;
	long status;

	as(auth);
	http_json(&S, "POST", path, "{\"reason\":\"away this week\"}", &r);
	status = r.status;
	reply_free(&r);
	return status;
}

static int
has(struct reply *r, const char *s)
{
	return r->body != NULL && strstr(r->body, s) != NULL;
}

/* The ask as a volunteer without the claim sees it: JSON and HTML. */
static void
masked_ask(const char *auth, long id, const char *when)
{
	struct reply r;
	char path[64];

	snprintf(path, sizeof(path), "/needs/%ld", id);
	get_json(auth, path, &r);
	is_int(r.status, 200, "%s: the ask answers", when);
	is_str(json_string_value(json_object_get(r.json, "person_name")),
	    "María", "%s: the first name only", when);
	ok(json_object_get(r.json, "details") == NULL, "%s: no details", when);
	ok(json_object_get(r.json, "contact") == NULL, "%s: no contact", when);
	ok(json_object_get(r.json, "phone") == NULL &&
	    json_object_get(r.json, "address") == NULL,
	    "%s: no phone or address", when);
	ok(json_object_get(r.json, "person_id") == NULL,
	    "%s: no person id", when);
	ok(json_is_false(json_object_get(r.json, "claimed_by_me")),
	    "%s: not claimed by me", when);
	ok(json_is_false(json_object_get(r.json, "contact_allowed")),
	    "%s: the contact is not theirs to ask for", when);
	ok(!has(&r, "Núñez") && !has(&r, "0102067") && !has(&r, "Luna"),
	    "%s: nothing private anywhere in the JSON", when);
	reply_free(&r);
	get_html(auth, path, &r);
	is_int(r.status, 200, "%s: the ask page answers", when);
	ok(has(&r, "María") && !has(&r, "Núñez"), "%s: HTML, first name only",
	    when);
	ok(!has(&r, "Rice and beans") && !has(&r, "0102067") &&
	    !has(&r, "Luna"), "%s: HTML, no details, phone or address", when);
	ok(!has(&r, "/contact\""), "%s: HTML, no way to the contact", when);
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/contact", id);
	get_json(auth, path, &r);
	is_int(r.status, 403, "%s: asking for the contact: 403", when);
	ok(!has(&r, "0102067") && !has(&r, "Luna"),
	    "%s: which shows none of it", when);
	reply_free(&r);
	get_html(auth, path, &r);
	is_int(r.status, 403, "%s: the contact page: 403", when);
	reply_free(&r);
}

static void
test_volunteer_zones(void)
{
	struct reply r;
	char path[64];
	json_t *item;
	size_t i;
	int only_north = 1, no_details = 1;

	masked_ask(vol, ask_north, "before a claim");

	get_json(vol, "/needs", &r);
	is_int(r.status, 200, "a volunteer lists asks");
	is_int(json_integer_value(json_object_get(r.json, "total")), 2,
	    "only the asks in their zone are counted");
	json_array_foreach(json_object_get(r.json, "items"), i, item) {
		if (json_integer_value(json_object_get(item, "zone_id")) != 1)
			only_north = 0;
		if (json_object_get(item, "details") != NULL)
			no_details = 0;
	}
	ok(only_north, "and listed");
	ok(no_details, "list items carry no details");
	ok(!has(&r, "Núñez"), "nor full names");
	reply_free(&r);
	is_int(get_total(vol, "/needs?zone_id=2"), 0,
	    "asking for another zone lists nothing");
	is_int(get_total(vol, "/needs?status=open"), 2,
	    "the status filter keeps to their zones (the tally path)");
	is_int(get_total(vol, "/needs?q=Insulin"), 2,
	    "a search in details they cannot read is ignored");
	get_html(vol, "/needs", &r);
	ok(!has(&r, "Insulin") && !has(&r, "Rice and beans"),
	    "the HTML list shows no details");
	ok(!has(&r, "id=\"q\""), "nor a search box over them");
	reply_free(&r);

	snprintf(path, sizeof(path), "/needs/%ld", ask_south);
	get_json(vol, path, &r);
	is_int(r.status, 404, "an ask outside their zones: 404");
	ok(!has(&r, "Insulin"), "which says nothing of it");
	reply_free(&r);
	get_html(vol, path, &r);
	is_int(r.status, 404, "the same as a page");
	reply_free(&r);
	is_int(get_status(vol, "/needs/9999"), 404,
	    "an ask that does not exist: the same 404");

	get_json(vol, "/", &r);
	is_int(r.status, 200, "a volunteer's dashboard answers");
	only_north = 1;
	json_array_foreach(json_object_get(r.json, "newest"), i, item)
		if (json_integer_value(json_object_get(item, "zone_id")) != 1 ||
		    json_object_get(item, "details") != NULL)
			only_north = 0;
	ok(only_north && json_array_size(json_object_get(r.json, "newest")) ==
	    2, "its newest asks are theirs to see, without details");
	reply_free(&r);
	get_html(vol, "/", &r);
	ok(!has(&r, "Insulin") && !has(&r, "Rice and beans"),
	    "the dashboard page shows no details");
	reply_free(&r);

	snprintf(path, sizeof(path), "/offers/%ld", offer_south);
	is_int(get_status(vol, path), 404, "an offer outside their zones: 404");
	is_int(get_total(vol, "/offers"), 0, "and it is not listed");
	get_json(org, path, &r);
	is_int(r.status, 200, "an organizer sees offers everywhere");
	is_str(json_string_value(json_object_get(r.json, "details")),
	    "Rides to the clinic", "with what is offered");
	reply_free(&r);
	is_int(get_status(vol, "/people"), 403,
	    "volunteers have no list of people");
}

static const char *
error_message(struct reply *r)
{
	const char *s = json_string_value(json_object_get(json_object_get(
	    r->json, "error"), "message"));

	return s != NULL ? s : "";
}

/* The "error" message of a POST as auth in lang: into msg. */
static long
post_message(const char *auth, const char *path, const char *lang,
    char *msg, size_t msglen)
{
	char hdr[64];
	struct reply r;
	long status;

	snprintf(hdr, sizeof(hdr), "Accept-Language: %s", lang);
	as(auth);
	http_header = hdr;
	http_json(&S, "POST", path, "{}", &r);
	http_header = NULL;
	status = r.status;
	snprintf(msg, msglen, "%s", error_message(&r));
	reply_free(&r);
	return status;
}

/*
 * A POST as auth refused with status, saying en in English and a message
 * with es_word in it in Spanish.
 */
static void
refused(const char *auth, const char *path, long status, const char *en,
    const char *es_word, const char *what)
{
	char msg[200];

	is_int(post_message(auth, path, "en", msg, sizeof(msg)), status,
	    "%s: %ld", what, status);
	is_str(msg, en, "%s: which says why", what);
	is_int(post_message(auth, path, "es", msg, sizeof(msg)), status,
	    "%s: in Spanish too", what);
	ok(strstr(msg, es_word) != NULL, "%s: said in Spanish", what);
}

/* 1 when auth claims each of the asks ids[from] to ids[to - 1]. */
static int
claim_each(const char *auth, const long *ids, int from, int to)
{
	char path[64];
	int i, all = 1;

	for (i = from; i < to; i++) {
		snprintf(path, sizeof(path), "/needs/%ld/claim", ids[i]);
		if (post_as(auth, path) != 200)
			all = 0;
	}
	return all;
}

/* A claim and its release as auth on ask id: 1 when both answer 200. */
static int
claim_and_release(const char *auth, long id)
{
	char path[64];
	int ok_claim;

	snprintf(path, sizeof(path), "/needs/%ld/claim", id);
	ok_claim = post_as(auth, path) == 200;
	snprintf(path, sizeof(path), "/needs/%ld/release", id);
	return ok_claim && release_as(auth, path) == 200;
}

/*
 * Who may claim, every role: organizers may not (docs/privacy.md), since a
 * claim would show them the details and the contact kept from them.
 */
static void
test_claim_roles(void)
{
	char volS[160], path[64];
	long ask = post_ask(person, "groceries", "Milk for the twins", 2, 1);
	struct reply r;

	login("volS", "volunteer", "2", volS, sizeof(volS));
	snprintf(path, sizeof(path), "/needs/%ld/claim", ask);
	is_int(post_as("", path), 401, "anonymous: a claim is 401");
	is_int(post_as(volS, path), 404,
	    "a volunteer of another zone: 404, as if there were none");
	refused(org, path, 403, "organizers do not claim asks: a volunteer or "
	    "a coordinator does", "organizan", "an organizer's claim");
	is_int(db_scalar(&S, "SELECT count(*) FROM claim WHERE need_id = "
	    "(SELECT max(id) FROM need)"), 0, "none of that wrote a claim");
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	get_json(org, path, &r);
	ok(json_is_false(json_object_get(r.json, "can_claim")),
	    "the organizer's page offers no claim button");
	ok(!has(&r, "Milk"), "nor the details");
	reply_free(&r);
	get_json(vol, path, &r);
	ok(json_is_true(json_object_get(r.json, "can_claim")),
	    "the volunteer's page offers it");
	reply_free(&r);
	ok(claim_and_release(vol, ask), "a volunteer in the zone claims "
	    "and releases");
	ok(claim_and_release(coord, ask), "a coordinator claims and releases");
	ok(claim_and_release(NULL, ask), "an admin claims and releases");
	/* A claim an organizer held from before shows them nothing. */
	db_write(&S, "INSERT INTO claim (need_id, user_id, claimed_at) "
	    "SELECT max(n.id), u.id, '2026-01-01T00:00:00Z' FROM need n, "
	    "app_user u WHERE u.login = 'org' GROUP BY u.id");
	get_json(org, path, &r);
	ok(json_object_get(r.json, "details") == NULL &&
	    json_is_false(json_object_get(r.json, "claimed_by_me")),
	    "an organizer's old claim shows no details");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/contact", ask);
	is_int(get_status(org, path), 403, "nor the contact");
	snprintf(path, sizeof(path), "/needs/%ld/release", ask);
	is_int(release_as(coord, path), 200, "a coordinator ends it");
}

/*
 * The cap on open claims (serve --max-claims, 5 by default) for a
 * volunteer, not for a coordinator; and the alert to coordinators when
 * someone reads more than 20 contacts (serve --contact-alert) in an hour.
 */
static void
test_claim_cap(void)
{
	char capv[160], path[64];
	long asks[12], views;
	struct reply r;
	int i;

	login("capv", "volunteer", "1", capv, sizeof(capv));
	for (i = 0; i < 12; i++)
		asks[i] = post_ask(person, "groceries", "Bread", 1, 1);
	ok(claim_each(capv, asks, 0, 5), "a volunteer claims 5 asks");
	snprintf(path, sizeof(path), "/needs/%ld/claim", asks[5]);
	refused(capv, path, 409, "you already hold the most open claims "
	    "allowed: finish or release one first", "máximo", "the 6th claim");
	snprintf(path, sizeof(path), "/needs/%ld/claim", asks[0]);
	is_int(post_as(capv, path), 200, "claiming one already held is fine");
	snprintf(path, sizeof(path), "/needs/%ld/release", asks[0]);
	is_int(release_as(capv, path), 200, "releasing one");
	snprintf(path, sizeof(path), "/needs/%ld/claim", asks[5]);
	is_int(post_as(capv, path), 200, "allows another");
	ok(claim_each(coord, asks, 6, 12),
	    "a coordinator, who sees every contact, has no cap");

	snprintf(path, sizeof(path), "/needs/%ld/contact", asks[5]);
	for (i = 0; i < 20; i++)
		get_status(capv, path);
	views = db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact' AND user_id = (SELECT id FROM app_user WHERE "
	    "login = 'capv')");
	is_int(views, 20, "20 views of a contact by the volunteer, audited");
	get_json(coord, "/", &r);
	is_int(json_array_size(json_object_get(r.json, "contact_alert")), 0,
	    "at 20 in the hour, no alert");
	is_int(json_integer_value(json_object_get(r.json,
	    "contact_alert_over")), 20, "the threshold is said");
	reply_free(&r);
	get_status(capv, path);
	get_json(coord, "/", &r);
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(r.json, "contact_alert"), 0), "login")), "capv",
	    "at 21, the coordinator sees who");
	is_int(json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "contact_alert"), 0), "views")), 21,
	    "and how many");
	reply_free(&r);
	get_html(coord, "/", &r);
	ok(has(&r, "contact-alert-h") && has(&r, "capv"),
	    "on the dashboard page too");
	reply_free(&r);
	get_json(NULL, "/", &r);
	is_int(json_array_size(json_object_get(r.json, "contact_alert")), 1,
	    "an admin sees it");
	reply_free(&r);
	get_json(org, "/", &r);
	ok(json_object_get(r.json, "contact_alert") == NULL &&
	    json_object_get(r.json, "contact_alert_over") == NULL,
	    "an organizer does not");
	reply_free(&r);
	get_html(vol, "/", &r);
	ok(!has(&r, "contact-alert-h"), "nor a volunteer");
	reply_free(&r);
	db_write(&S, "UPDATE audit SET at = '2026-01-01T00:00:00Z' WHERE "
	    "action = 'view contact'");
	get_json(coord, "/", &r);
	is_int(json_array_size(json_object_get(r.json, "contact_alert")), 0,
	    "views older than an hour no longer count");
	reply_free(&r);
}

/* The counts of open asks, by zone and category, as each role sees them. */
static long
count_of(json_t *rows, const char *key, const char *name)
{
	const char *s;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		s = json_string_value(json_object_get(row, key));
		if (s != NULL && strcmp(s, name) == 0)
			return (long)json_integer_value(json_object_get(row,
			    json_object_get(row, "open_needs") ? "open_needs" :
			    "n"));
	}
	return -1;
}

static void
test_zone_counts(void)
{
	const char *const who[] = { vol, org, coord, NULL };
	const char *name[] = { "volunteer", "organizer", "coordinator",
	    "admin" };
	struct reply r;
	size_t i;

	is_int(get_status("", "/zones"), 401, "anonymous: /zones is 401");
	is_int(get_status("", "/"), 401, "and / too");
	for (i = 0; i < 4; i++) {
		int mine = i == 0;

		get_json(who[i], "/", &r);
		is_int(count_of(json_object_get(r.json, "open_by_zone"),
		    "name", "North"), 2, "%s: North's 2 open asks", name[i]);
		is_int(count_of(json_object_get(r.json, "open_by_zone"),
		    "name", "South"), mine ? -1 : 1,
		    "%s: South %s", name[i], mine ? "not shown" : "counted");
		is_int(count_of(json_object_get(r.json, "open_by_category"),
		    "category", "prescriptions"), mine ? 0 : 1,
		    "%s: South's ask %s by category", name[i],
		    mine ? "not counted" : "counted");
		is_int(count_of(json_object_get(r.json, "open_by_category"),
		    "category", "groceries"), 1,
		    "%s: North's ask counted by category", name[i]);
		reply_free(&r);
		get_json(who[i], "/zones", &r);
		is_int(json_integer_value(json_object_get(r.json, "total")),
		    mine ? 1 : 2, "%s: /zones lists %s", name[i],
		    mine ? "their zone only" : "every zone");
		is_int(count_of(json_object_get(r.json, "items"), "name",
		    "North"), 2, "%s: with North's open asks", name[i]);
		reply_free(&r);
		get_html(who[i], "/zones", &r);
		ok(has(&r, "North") && has(&r, "South") == !mine,
		    "%s: the zones page likewise", name[i]);
		reply_free(&r);
		get_html(who[i], "/", &r);
		ok(has(&r, "South") == !mine, "%s: and the dashboard page",
		    name[i]);
		reply_free(&r);
	}
}

/* The contact card of an ask or a person; JSON, or HTML with html set. */
static void
get_contact(const char *auth, const char *what, long id, int html,
    struct reply *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/%s/%ld/contact", what, id);
	if (html)
		get_html(auth, path, r);
	else
		get_json(auth, path, r);
}

/*
 * What the ask's page offers auth, in JSON and as forms: to claim it (an
 * open or matched ask nobody holds) and to release it (its holder, or a
 * coordinator).
 */
static void
claim_buttons(const char *auth, long id, int claim, int release,
    const char *when)
{
	struct reply r;
	char path[64];

	snprintf(path, sizeof(path), "/needs/%ld", id);
	get_json(auth, path, &r);
	is_int(json_is_true(json_object_get(r.json, "can_claim")), claim,
	    "%s: can_claim", when);
	is_int(json_is_true(json_object_get(r.json, "can_release")), release,
	    "%s: can_release", when);
	reply_free(&r);
	get_html(auth, path, &r);
	ok(r.status == 200 && has(&r, "/claim\"") == claim &&
	    has(&r, "/release\"") == release, "%s: the page's forms", when);
	reply_free(&r);
}

/*
 * Meeting an open ask from stock is offered to coordinators and above
 * alone: the route refuses the others, and the page offers them nothing.
 */
static void
give_out_button(long id)
{
	const char *const who[] = { vol, org, coord };
	const int may[] = { 0, 0, 1 };
	struct reply r;
	char path[64];
	size_t i;

	snprintf(path, sizeof(path), "/needs/%ld", id);
	for (i = 0; i < 3; i++) {
		get_json(who[i], path, &r);
		is_int(json_is_true(json_object_get(r.json, "can_give_out")),
		    may[i], "role %zu: can_give_out on an open ask", i);
		reply_free(&r);
	}
}

/* The claim held by vol in a list of asks as auth gets it (path), or NULL. */
static json_t *
listed_claim(const char *auth, const char *path, long id, struct reply *r)
{
	json_t *item;
	size_t i;

	get_json(auth, path, r);
	json_array_foreach (json_object_get(r->json, "items"), i, item)
		if (json_integer_value(json_object_get(item, "id")) == id)
			return item;
	return NULL;
}

/*
 * While vol holds the claim on ask_north (at path): everyone sees that it
 * is claimed; who holds it, organizers and above and vol, not another
 * volunteer; "my claims" lists it for vol alone.
 */
static void
claim_sight(const char *path)
{
	const char *const who[] = { vol, vol2, org, coord };
	const int sees_login[] = { 1, 0, 1, 1 }, mine[] = { 1, 0, 0, 0 };
	json_t *item, *claim;
	struct reply r;
	size_t i;

	for (i = 0; i < 4; i++) {
		get_json(who[i], path, &r);
		claim = json_object_get(r.json, "claim");
		ok(json_is_true(json_object_get(r.json, "claimed")) &&
		    json_is_string(json_object_get(claim, "claimed_at")),
		    "role %zu: the ask says it is claimed, and since when", i);
		is_int(json_object_get(claim, "login") != NULL &&
		    json_object_get(claim, "user_id") != NULL, sees_login[i],
		    "role %zu: who holds it, only to those who may know", i);
		reply_free(&r);
		item = listed_claim(who[i], "/needs", ask_north, &r);
		ok(item != NULL && json_is_true(json_object_get(item,
		    "claimed")), "role %zu: claimed: true in the list", i);
		is_int(json_object_get(json_object_get(item, "claim"),
		    "login") != NULL, sees_login[i],
		    "role %zu: the list names the holder as the page does", i);
		reply_free(&r);
		item = listed_claim(who[i], "/needs?mine=1", ask_north, &r);
		is_int(item != NULL, mine[i],
		    "role %zu: my claims lists it for its holder alone", i);
		is_int(json_integer_value(json_object_get(r.json, "total")),
		    mine[i], "role %zu: and nothing else", i);
		reply_free(&r);
	}
	get_html(vol2, path, &r);
	ok(has(&r, "Claimed by a volunteer") && !has(&r, ">vol</strong>"),
	    "HTML: another volunteer reads that a volunteer holds it");
	reply_free(&r);
	get_html(org, path, &r);
	ok(has(&r, "<strong>vol</strong>"), "HTML: an organizer reads who");
	reply_free(&r);
	get_html(vol2, "/needs", &r);
	ok(has(&r, "Claimed by a volunteer</span>"),
	    "HTML: the card of the list says it too");
	reply_free(&r);
	get_html(vol, "/needs?mine=1", &r);
	ok(has(&r, "<h1>My claims</h1>") &&
	    has(&r, "href=\"/needs?mine=1\" aria-current=\"page\"") &&
	    has(&r, "Claimed by you</span>"),
	    "HTML: my claims, in the menu, with the ask held");
	reply_free(&r);
	get_html(vol2, "/needs?mine=1&lang=es", &r);
	ok(has(&r, "<h1>Mis pedidos tomados</h1>") &&
	    has(&r, "No tiene ningún pedido tomado"),
	    "HTML: none held, in Spanish");
	reply_free(&r);
	get_html(org, "/needs", &r);
	ok(!has(&r, "mine=1"), "HTML: organizers, who do not claim, get no "
	    "my claims");
	reply_free(&r);
	claim_buttons(vol2, ask_north, 0, 0, "claimed by another");
}

static void
test_claims(void)
{
	struct reply r;
	char path[64], claim[64], release[64], south[96], link[96];
	long before = views_of_contact("vol"), audits;

	snprintf(path, sizeof(path), "/needs/%ld", ask_north);
	snprintf(claim, sizeof(claim), "/needs/%ld/claim", ask_north);
	snprintf(release, sizeof(release), "/needs/%ld/release", ask_north);
	snprintf(link, sizeof(link), "href=\"/needs/%ld/contact\"", ask_north);

	snprintf(south, sizeof(south), "/needs/%ld/claim", ask_south);
	is_int(post_as(vol, south), 404,
	    "claiming an ask outside one's zones: 404");
	is_int(post_as(vol, "/needs/9999/claim"), 404,
	    "claiming an ask that does not exist: 404");
	is_int(post_as(vol, "/needs/9999/release"), 404,
	    "releasing one: 404");
	is_int(post_as(vol, release), 409, "releasing an unclaimed ask: 409");
	is_int(db_count(&S, "claim"), 0, "none of that wrote a claim");
	claim_buttons(vol, ask_north, 1, 0, "open, unclaimed");
	give_out_button(ask_north);

	as(vol);
	http_json(&S, "POST", claim, "{}", &r);
	is_int(r.status, 200, "a volunteer claims an ask in their zone");
	ok(json_is_true(json_object_get(r.json, "claimed_by_me")),
	    "the answer says it is theirs");
	ok(json_is_true(json_object_get(r.json, "contact_allowed")),
	    "and that the contact may now be asked for");
	ok(json_object_get(r.json, "contact") == NULL && !has(&r, "0102067") &&
	    !has(&r, "Luna"), "but does not carry it");
	reply_free(&r);

	get_json(vol, path, &r);
	is_str(json_string_value(json_object_get(r.json, "details")),
	    DETAILS, "while claimed: the details");
	ok(json_object_get(r.json, "contact") == NULL &&
	    json_object_get(r.json, "phone") == NULL && !has(&r, "0102067") &&
	    !has(&r, "Luna"), "while claimed: still no contact on the ask");
	is_str(json_string_value(json_object_get(r.json, "phone_masked")),
	    MASKED, "only the phone masked");
	ok(json_is_true(json_object_get(r.json, "address_on_file")),
	    "and that an address is on file");
	ok(json_is_true(json_object_get(r.json, "contact_allowed")),
	    "with contact_allowed");
	is_str(json_string_value(json_object_get(r.json, "person_name")),
	    "María", "still the first name only");
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "claim"), "login")), "vol", "the claim names its holder");
	ok(json_is_string(json_object_get(json_object_get(r.json, "claim"),
	    "claimed_at")), "and when");
	reply_free(&r);
	get_html(vol, path, &r);
	ok(has(&r, "Rice and beans") && !has(&r, "0102067") &&
	    !has(&r, "Luna"), "HTML: the details, but no phone or address");
	ok(has(&r, link) && has(&r, "Show contact (this is recorded)"),
	    "HTML: a link to the contact that says it is recorded");
	ok(has(&r, "action=\"/needs/") && has(&r, "/release\"") &&
	    has(&r, "name=\"_csrf\""), "HTML: a release form with its token");
	reply_free(&r);
	is_int(views_of_contact("vol") - before, 0,
	    "claiming and opening the ask recorded no view of the contact");
	claim_buttons(vol, ask_north, 0, 1, "claimed, to its holder");
	claim_buttons(vol2, ask_north, 0, 0, "claimed, to another");
	claim_buttons(coord, ask_north, 0, 1, "claimed, to a coordinator");

	get_contact(vol, "needs", ask_north, 0, &r);
	is_int(r.status, 200, "the holder of the claim asks for the contact");
	is_str(json_string_value(json_object_get(r.json, "phone")), PHONE,
	    "the phone");
	is_str(json_string_value(json_object_get(r.json, "address")), ADDRESS,
	    "the address");
	is_str(json_string_value(json_object_get(r.json, "name")), "María",
	    "the first name only");
	is_int(json_integer_value(json_object_get(r.json, "need_id")),
	    ask_north, "which ask it is for");
	ok(json_object_get(r.json, "email") == NULL &&
	    json_object_get(r.json, "person_id") == NULL && !has(&r, "mj@"),
	    "and neither the email nor the person's id: not for a delivery");
	reply_free(&r);
	get_contact(vol, "needs", ask_north, 1, &r);
	is_int(r.status, 200, "the contact page answers");
	ok(has(&r, "href=\"tel:" PHONE "\"") && has(&r, "href=\"sms:" PHONE
	    "\""), "HTML: the phone as tel: and sms: links");
	ok(has(&r, "Calle Luna") && !has(&r, "Núñez") && !has(&r, "mj@"),
	    "HTML: the address, the first name, no email");
	snprintf(south, sizeof(south), "href=\"/needs/%ld\"", ask_north);
	ok(has(&r, south), "HTML: a way back to the ask");
	ok(strcmp(reply_header(&r, "Cache-Control"), "no-store") == 0,
	    "the page is not to be stored");
	reply_free(&r);
	is_int(views_of_contact("vol") - before, 2,
	    "each view of the contact is in the audit log (JSON, HTML)");
	get_contact(vol, "needs", ask_north, 0, &r);
	reply_free(&r);
	is_int(views_of_contact("vol") - before, 3,
	    "a repeated view is recorded again, never served from cache");

	audits = db_count(&S, "audit");
	get_json(vol, path, &r);
	ok(same_again(vol, path, r.body),
	    "the ask page is served again the same");
	reply_free(&r);
	is_int(db_count(&S, "audit"), audits, "and writes nothing at all");

	snprintf(south, sizeof(south), "/needs/%ld/contact", ask_south);
	is_int(get_status(vol, south), 404,
	    "the contact of an ask outside one's zones: 404");
	is_int(get_status(vol, "/needs/9999/contact"), 404,
	    "of an ask that does not exist: 404");

	masked_ask(vol2, ask_north, "claimed by another");
	claim_sight(path);
	is_int(views_of_contact("vol2"), 0, "and were recorded seeing nothing");
	is_int(post_as(vol2, claim), 409, "a second claim by another: 409");
	is_int(release_as(vol2, release), 403,
	    "another volunteer cannot release it: 403");
	is_int(post_as(vol, claim), 200, "claiming one's own again is fine");
	is_int(db_scalar(&S, "SELECT count(*) FROM claim WHERE released_at "
	    "IS NULL"), 1, "and still one active claim");

	is_int(release_as(vol, release), 200, "the holder releases it");
	masked_ask(vol, ask_north, "after release");
	is_int(release_as(vol, release), 409, "releasing again: 409");

	is_int(post_as(vol2, claim), 200, "now another may claim it");
	get_contact(vol2, "needs", ask_north, 0, &r);
	is_int(r.status, 200, "and ask for the contact");
	reply_free(&r);
	is_int(release_as(coord, release), 200, "a coordinator may release it");
	get_contact(vol2, "needs", ask_north, 0, &r);
	is_int(r.status, 403, "released, the contact is not theirs any more");
	reply_free(&r);
	is_int(post_as(vol, claim), 200, "the first volunteer claims again");

	as(NULL);
	snprintf(south, sizeof(south), "%s/status", path);
	http_json(&S, "POST", south, "{\"status\":\"matched\"}", &r);
	reply_free(&r);
	is_int(http_status(&S, "POST", south, "{\"status\":\"fulfilled\"}"),
	    200, "the ask is fulfilled");
	is_int(db_scalar(&S, "SELECT count(*) FROM claim WHERE released_at "
	    "IS NULL"), 0, "which ended its claim in the same transaction");
	masked_ask(vol, ask_north, "after fulfilment");
	get_json(vol, path, &r);
	ok(json_is_null(json_object_get(r.json, "claim")),
	    "the fulfilled ask has no claim");
	reply_free(&r);
	is_int(post_as(vol, claim), 409, "a fulfilled ask cannot be claimed");
	claim_buttons(vol, ask_north, 0, 0, "fulfilled");

	as(vol);
	snprintf(claim, sizeof(claim), "/needs/%ld/claim", ask_other);
	http_form(&S, claim, "", &r);
	is_int(r.status, 303, "the claim button of a page redirects");
	snprintf(path, sizeof(path), "/needs/%ld", ask_other);
	is_str(reply_header(&r, "Location"), path, "back to the ask");
	reply_free(&r);
}

/* PATCH path as auth with body: the status, and the field refused. */
static long
patch_person(const char *auth, const char *path, const char *body,
    char *field, size_t fieldlen)
{
	struct reply r;
	long status;

	as(auth);
	http_json(&S, "PATCH", path, body, &r);
	status = r.status;
	snprintf(field, fieldlen, "%s", error_field(&r));
	reply_free(&r);
	return status;
}

/*
 * Writing a person's contact follows the rule for reading it: what an
 * organizer may not see on file (the form leaves it out) they may neither
 * overwrite nor clear through the API; a field with nothing on file they
 * may fill, as the form lets them; a coordinator changes any of it.
 */
static void
test_organizer_writes(void)
{
	static const struct {
		const char	*body, *field, *what;
	} refused[] = {
		{ "{\"phone\":\"+15550109999\"}", "phone",
		    "overwriting the phone" },
		{ "{\"phone\":null}", "phone", "clearing the phone" },
		{ "{\"email\":\"other@example.org\"}", "email",
		    "overwriting the email" },
		{ "{\"address\":\"\"}", "address", "emptying the address" },
		{ "{\"name\":\"Renamed\",\"address\":null}", "address",
		    "renaming and clearing the address" },
	};
	char path[64], field[32], *snap;
	long other;
	size_t i;

	snprintf(path, sizeof(path), "/people/%ld", person);
	snap = db_snapshot(&S);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		is_int(patch_person(org, path, refused[i].body, field,
		    sizeof(field)), 403, "an organizer %s: 403",
		    refused[i].what);
		is_str(field, refused[i].field, "naming the field");
	}
	is_int(patch_person(vol, path, "{\"phone\":null}", field,
	    sizeof(field)), 403, "a volunteer edits no person at all");
	{
		char *after = db_snapshot(&S);

		ok(strcmp(snap, after) == 0, "and none of them wrote");
		free(after);
	}
	free(snap);

	other = post_id("/people", "{\"name\":\"Ana Sin Datos\"}");
	snprintf(path, sizeof(path), "/people/%ld", other);
	is_int(patch_person(org, path, "{\"phone\":\"+15550103333\","
	    "\"address\":null}", field, sizeof(field)), 200,
	    "an organizer fills a phone where none is on file");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE phone = "
	    "'+15550103333'"), 1, "and it is written");
	is_int(patch_person(org, path, "{\"phone\":\"+15550104444\"}",
	    field, sizeof(field)), 403, "but once on file, not over it");

	is_int(patch_person(coord, path, "{\"phone\":\"+15550104444\","
	    "\"email\":\"ana@example.org\"}", field, sizeof(field)), 200,
	    "a coordinator changes the contact");
	is_int(patch_person(coord, path, "{\"phone\":null}", field,
	    sizeof(field)), 200, "and clears it");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE phone IS NULL "
	    "AND email = 'ana@example.org' AND name = 'Ana Sin Datos'"), 1,
	    "both written");
	is_int(patch_person(NULL, path, "{\"email\":null}", field,
	    sizeof(field)), 200, "as does an admin");
}

static void
test_organizer(void)
{
	struct reply r;
	char path[64];
	long before = views_of_contact("org");

	snprintf(path, sizeof(path), "/needs/%ld", ask_south);
	get_json(org, path, &r);
	is_int(r.status, 200, "an organizer sees asks in every zone");
	is_str(json_string_value(json_object_get(r.json, "person_name")),
	    "María José Núñez", "with the full name");
	ok(json_object_get(r.json, "person_id") != NULL, "and whose it is");
	ok(json_object_get(r.json, "details") == NULL &&
	    json_object_get(r.json, "contact") == NULL,
	    "but neither details nor contact");
	ok(json_is_false(json_object_get(r.json, "contact_allowed")),
	    "nor the right to ask for the contact");
	reply_free(&r);
	get_contact(org, "needs", ask_south, 0, &r);
	is_int(r.status, 403, "an organizer asking for an ask's contact: 403");
	ok(!has(&r, "0102067"), "which shows none of it");
	reply_free(&r);
	get_contact(org, "people", person, 0, &r);
	is_int(r.status, 403, "nor a person's: 403");
	reply_free(&r);

	snprintf(path, sizeof(path), "/people/%ld", person);
	get_json(org, path, &r);
	is_int(r.status, 200, "an organizer opens a person");
	ok(json_object_get(json_object_get(r.json, "person"), "phone") ==
	    NULL, "without the phone");
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "person"), "phone_masked")), MASKED,
	    "masked to its last two digits");
	ok(json_is_true(json_object_get(json_object_get(r.json, "person"),
	    "address_on_file")), "the address only as on file");
	ok(json_is_false(json_object_get(json_object_get(r.json, "person"),
	    "contact_allowed")), "and not theirs to ask for");
	ok(!has(&r, "0102067") && !has(&r, "Luna") && !has(&r, "mj@") &&
	    !has(&r, "Insulin"), "no contact and no ask details anywhere");
	reply_free(&r);
	get_html(org, path, &r);
	ok(has(&r, MASKED) && !has(&r, "0102067") && !has(&r, "Luna"),
	    "the person page shows the masked phone only");
	ok(!has(&r, "/contact\"") && !has(&r, "/forget\""),
	    "and neither the contact link nor the forget form");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld/edit", person);
	get_html(org, path, &r);
	ok(!has(&r, "0102067") && !has(&r, "Luna") && !has(&r, "id=\"phone\""),
	    "the edit form leaves the hidden contact out");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld", person);
	as(org);
	http_form(&S, path, "name=Mar%C3%ADa+Jos%C3%A9+N%C3%BA%C3%B1ez", &r);
	is_int(r.status, 303, "an organizer saves the form");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE phone = '"
	    PHONE "' AND address IS NOT NULL"), 1,
	    "and the contact on file is kept");
	get_json(org, "/people", &r);
	ok(!has(&r, "0102067"), "lists of people carry no phones");
	reply_free(&r);
	is_int(views_of_contact("org"), before, "no contact view recorded");
	test_organizer_writes();
}

static void
test_coordinator(void)
{
	struct reply r;
	char path[64], link[96];
	long before = views_of_contact("coord"), audits;

	snprintf(path, sizeof(path), "/needs/%ld", ask_south);
	audits = db_count(&S, "audit");
	get_json(coord, path, &r);
	is_int(r.status, 200, "a coordinator opens an ask");
	is_str(json_string_value(json_object_get(r.json, "details")),
	    "Insulin from the south pharmacy", "with the details");
	ok(json_object_get(r.json, "contact") == NULL && !has(&r, "0102067") &&
	    !has(&r, "Luna"), "but no contact");
	is_str(json_string_value(json_object_get(r.json, "phone_masked")),
	    MASKED, "the phone masked");
	ok(json_is_true(json_object_get(r.json, "contact_allowed")),
	    "and contact_allowed");
	ok(same_again(coord, path, r.body),
	    "the ask again: the same answer (from the cache)");
	reply_free(&r);
	is_int(db_count(&S, "audit"), audits,
	    "opening the ask twice wrote nothing, no audit row");
	get_html(coord, path, &r);
	snprintf(link, sizeof(link), "href=\"%s/contact\"", path);
	ok(has(&r, link) && has(&r, "Show contact (this is recorded)") &&
	    !has(&r, "0102067") && !has(&r, "tel:"),
	    "the ask page links to the contact and shows none of it");
	reply_free(&r);
	is_int(views_of_contact("coord"), before, "no view recorded yet");

	get_contact(coord, "needs", ask_south, 0, &r);
	is_int(r.status, 200, "a coordinator asks for the ask's contact");
	is_str(json_string_value(json_object_get(r.json, "phone")), PHONE,
	    "the phone");
	is_str(json_string_value(json_object_get(r.json, "email")),
	    "mj@example.org", "the email");
	is_str(json_string_value(json_object_get(r.json, "address")), ADDRESS,
	    "the address");
	is_str(json_string_value(json_object_get(r.json, "name")),
	    "María José Núñez", "the full name");
	is_int(json_integer_value(json_object_get(r.json, "person_id")),
	    person, "and whose it is");
	reply_free(&r);
	is_int(views_of_contact("coord"), before + 1,
	    "an audit row 'view contact' is written");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact' AND ip IS NOT NULL AND at IS NOT NULL"),
	    db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'view contact'"), "with when and from where");

	snprintf(path, sizeof(path), "/people/%ld", person);
	get_json(coord, path, &r);
	ok(json_object_get(json_object_get(r.json, "person"), "phone") ==
	    NULL && !has(&r, "0102067") && !has(&r, "Luna") &&
	    !has(&r, "mj@"), "the person, even for a coordinator: no contact");
	ok(json_is_true(json_object_get(json_object_get(r.json, "person"),
	    "contact_allowed")), "but contact_allowed");
	reply_free(&r);
	get_html(coord, path, &r);
	snprintf(link, sizeof(link), "href=\"%s/contact\"", path);
	ok(has(&r, MASKED) && !has(&r, "tel:") && !has(&r, "Calle Luna"),
	    "the person page shows the contact masked");
	ok(has(&r, link), "with a link to the contact");
	snprintf(link, sizeof(link), "action=\"%s/forget\"", path);
	ok(has(&r, link) && has(&r, "name=\"confirm\"") &&
	    has(&r, "value=\"yes\" required") && has(&r, "name=\"_csrf\""),
	    "and a forget form: its token and a box to tick");
	reply_free(&r);
	is_int(views_of_contact("coord"), before + 1,
	    "the person page records nothing");

	get_contact(coord, "people", person, 1, &r);
	is_int(r.status, 200, "the person's contact page");
	ok(has(&r, "href=\"tel:" PHONE "\"") && has(&r, "href=\"sms:" PHONE
	    "\"") && has(&r, "Calle Luna") && has(&r, "mj@example.org"),
	    "shows the phone (tel:, sms:), the address and the email");
	snprintf(link, sizeof(link), "href=\"%s\"", path);
	ok(has(&r, link), "with a way back to the person");
	reply_free(&r);
	get_contact(coord, "people", person, 1, &r);
	reply_free(&r);
	is_int(views_of_contact("coord"), before + 3,
	    "every view of the contact page is recorded");
	get_contact(coord, "people", 9999, 0, &r);
	is_int(r.status, 404, "the contact of nobody: 404");
	reply_free(&r);

	snprintf(path, sizeof(path), "/people/%ld/edit", person);
	get_html(coord, path, &r);
	ok(has(&r, "value=\"" PHONE "\"") && has(&r, "Calle Luna"),
	    "a coordinator's edit form holds the contact, to change it");
	reply_free(&r);
	get_html(coord, path, &r);
	reply_free(&r);
	is_int(views_of_contact("coord"), before + 5,
	    "and each time it is shown it is recorded, never cached");

	/* Fail closed: no entry in the audit trail, no contact. */
	if (server_is_pg(&S))
		db_write(&S, "CREATE FUNCTION no_view() RETURNS trigger "
		    "LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = "
		    "'view contact' THEN RAISE EXCEPTION 'no'; END IF; "
		    "RETURN NEW; END $$; CREATE TRIGGER no_view BEFORE INSERT "
		    "ON audit FOR EACH ROW EXECUTE FUNCTION no_view()");
	else
		db_write(&S, "CREATE TRIGGER no_view BEFORE INSERT ON audit "
		    "WHEN NEW.action = 'view contact' BEGIN "
		    "SELECT RAISE(ABORT, 'no'); END");
	get_contact(coord, "people", person, 0, &r);
	is_int(r.status, 503, "when the view cannot be recorded: 503");
	ok(!has(&r, "0102067") && !has(&r, "Luna"), "and nothing is shown");
	reply_free(&r);
	get_contact(coord, "needs", ask_south, 1, &r);
	is_int(r.status, 503, "the same for an ask's contact page");
	ok(!has(&r, "0102067") && !has(&r, "Luna"), "showing nothing");
	reply_free(&r);
	get_html(coord, path, &r);
	is_int(r.status, 503, "and for a coordinator's edit form");
	ok(!has(&r, "0102067"), "which shows no phone either");
	reply_free(&r);
	db_write(&S, server_is_pg(&S) ? "DROP TRIGGER no_view ON audit; "
	    "DROP FUNCTION no_view()" : "DROP TRIGGER no_view");
	is_int(views_of_contact("coord"), before + 5, "none of them recorded");

	get_json(coord, "/needs", &r);
	reply_free(&r);
	is_int(views_of_contact("coord"), before + 5,
	    "a list shows no contact and records nothing");
	is_int(get_status("", "/needs/1"), 401, "nobody signed in sees no ask");
	is_int(get_status("", "/needs/1/contact"), 401, "nor its contact");
}

/* The audit entries action about person who by login. */
static long
entries_of(const char *action, long who, const char *login)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action = "
	    "'%s' AND entity = 'person' AND entity_id = %ld AND "
	    "user_id = (SELECT id FROM app_user WHERE login = '%s')", action,
	    who, login);
	return db_scalar(&S, sql);
}

/* The entries "search contact" of person who by login. */
static long
searches_of(long who, const char *login)
{
	return entries_of("search contact", who, login);
}

/*
 * GET /people?q=q (URL-encoded) as auth, in JSON: the total, and the id
 * of the first person in *first (0 when none). The list never carries a
 * phone or an email, whoever searches and however.
 */
static long
search(const char *auth, const char *q, long *first)
{
	struct reply r;
	char path[256], *dump;
	json_t *items;
	long total;

	snprintf(path, sizeof(path), "/people?q=%s", q);
	get_json(auth, path, &r);
	total = r.status == 200 ? (long)json_integer_value(
	    json_object_get(r.json, "total")) : -r.status;
	items = json_object_get(r.json, "items");
	*first = (long)json_integer_value(
	    json_object_get(json_array_get(items, 0), "id"));
	dump = json_dumps(items, JSON_COMPACT);
	ok(dump != NULL && strstr(dump, "0141") == NULL &&
	    strstr(dump, "@") == NULL && strstr(dump, "phone") == NULL,
	    "%s: the list holds no contact", path);
	free(dump);
	reply_free(&r);
	return total;
}

/*
 * /people?q= by role: a coordinator (and an admin) finds a person by a
 * phone written any way and by email, each such find recorded and never
 * served from the cache; an organizer only by name, unrecorded; anyone
 * by name without regard to case or accents; volunteers do not search
 * people at all.
 */
static void
test_search(void)
{
	static const char *const phones[] = {
		"555-0141", "(617)%20555%200141", "%2B16175550141",
		"617.555.0141", "6175550141", "0141", NULL,
	};
	static const char *const names[] = {
		"nunez", "N%C3%9A%C3%91EZ", "n%C3%BA%C3%B1ez", "NuNeZ", NULL,
	};
	struct reply r;
	long rosa, first, before;
	int i;

	rosa = post_id("/people", "{\"name\":\"Rosa NU\u00d1EZ\","
	    "\"phone\":\"(617) 555-0141\",\"email\":\"Rosa.N@Example.org\","
	    "\"zone_id\":1}");
	for (i = 0; phones[i] != NULL; i++) {
		before = searches_of(rosa, "coord");
		is_int(search(coord, phones[i], &first), 1,
		    "a coordinator finds one person by %s", phones[i]);
		is_int(first, rosa, "Rosa");
		is_int(searches_of(rosa, "coord"), before + 1,
		    "and the find is recorded, every time");
		is_int(search(org, phones[i], &first), 0,
		    "an organizer finds nobody by %s", phones[i]);
	}
	is_int(search(coord, "%2B1%20555%200141", &first), 0,
	    "digits that end no number on file find nobody");
	is_int(search(coord, "rosa.n%40EXAMPLE.org", &first), 1,
	    "a coordinator finds her by email in any case");
	is_int(first, rosa, "Rosa again");
	is_int(search(coord, "example.org", &first), 0,
	    "but not by part of an email");
	is_int(search(org, "rosa.n%40example.org", &first), 0,
	    "an organizer finds nobody by email");
	is_int(search(NULL, "555%200141", &first), 1, "an admin by phone too");
	is_int(searches_of(rosa, "org"), 0, "an organizer's searches find "
	    "nobody by contact, so none is recorded");
	for (i = 0; names[i] != NULL; i++) {
		is_int(search(org, names[i], &first), 2, "an organizer finds "
		    "Rosa and María José by %s", names[i]);
		is_int(search(coord, names[i], &first), 2,
		    "so does a coordinator");
	}
	before = searches_of(rosa, "coord");
	search(coord, "Rosa", &first);
	is_int(searches_of(rosa, "coord"), before,
	    "a search by name is not a look-up of contact: not recorded");
	before = searches_of(rosa, "coord");
	for (i = 0; i < 2; i++) {
		get_json(coord, "/intake?q=555-0141", &r);
		ok(r.status == 200 && has(&r, "Rosa NU"),
		    "the intake form's search finds her by phone too");
		reply_free(&r);
	}
	is_int(searches_of(rosa, "coord"), before + 2,
	    "and records each find, as /people does");
	before = searches_of(rosa, "coord");
	csv_of(coord, "/people?q=555-0141&format=csv", &r);
	ok(r.status == 200 && has(&r, "Rosa NU"),
	    "the people's CSV export finds her by phone");
	reply_free(&r);
	is_int(searches_of(rosa, "coord"), before + 1,
	    "and records the find, as the page does");
	csv_of(coord, "/people?q=Rosa&format=csv", &r);
	ok(r.status == 200 && has(&r, "Rosa NU"), "by name too");
	reply_free(&r);
	csv_of(coord, "/people?format=csv", &r);
	ok(r.status == 200 && has(&r, "Rosa NU"), "and with no search at all");
	reply_free(&r);
	is_int(searches_of(rosa, "coord"), before + 1,
	    "neither of which is a look-up of contact: not recorded");
	is_int(get_status(org, "/intake?q=555-0141"), 200,
	    "an organizer's intake search by phone answers");
	is_int(searches_of(rosa, "org"), 0, "finding nobody, recording nothing");
	is_int(get_status(vol, "/people?q=555-0141"), 403,
	    "a volunteer does not search people");

	/* Fail closed, as the contact page: no entry, no list. */
	if (server_is_pg(&S))
		db_write(&S, "CREATE FUNCTION no_search() RETURNS trigger "
		    "LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = "
		    "'search contact' THEN RAISE EXCEPTION 'no'; END IF; "
		    "RETURN NEW; END $$; CREATE TRIGGER no_search BEFORE "
		    "INSERT ON audit FOR EACH ROW EXECUTE FUNCTION "
		    "no_search()");
	else
		db_write(&S, "CREATE TRIGGER no_search BEFORE INSERT ON audit "
		    "WHEN NEW.action = 'search contact' BEGIN "
		    "SELECT RAISE(ABORT, 'no'); END");
	before = searches_of(rosa, "coord");
	get_html(coord, "/people?q=555-0141", &r);
	is_int(r.status, 503, "a find that cannot be recorded: 503");
	ok(!has(&r, "Rosa"), "and nobody is shown");
	reply_free(&r);
	is_int(get_status(coord, "/intake?q=555-0141"), 503,
	    "nor on the intake form");
	is_int(search(coord, "Rosa", &first), 1, "a search by name still works");
	db_write(&S, server_is_pg(&S) ? "DROP TRIGGER no_search ON audit; "
	    "DROP FUNCTION no_search()" : "DROP TRIGGER no_search");
	is_int(searches_of(rosa, "coord"), before, "nothing was recorded");
	get_html(coord, "/people?q=%28617%29%20555%200141", &r);
	ok(r.status == 200 && has(&r, "Rosa NU\xc3\x91" "EZ") &&
	    !has(&r, "6175550141") && has(&r, "Name, phone or email"),
	    "the page finds her, labels the field for a coordinator, and "
	    "shows no number but the query");
	reply_free(&r);
	get_html(org, "/people?q=Rosa", &r);
	ok(r.status == 200 && has(&r, "Rosa NU") &&
	    !has(&r, "Name, phone or email"),
	    "an organizer's field asks for a name only");
	reply_free(&r);
}

/* POST path as auth, a JSON body; the status, the reply kept in r. */
static long
forget(const char *auth, long id, const char *body, struct reply *r)
{
	char path[64];

	snprintf(path, sizeof(path), "/people/%ld/forget", id);
	as(auth);
	http_json(&S, "POST", path, body, r);
	return r->status;
}

static void
test_forget(void)
{
	struct reply r;
	char body[512], path[64];
	long who, ask, who2, audits;
	char *before;

	who = post_id("/people", "{\"name\":\"Olvido Fernández\","
	    "\"phone\":\"+15550109911\",\"address\":\"7 Calle Sol\","
	    "\"zone_id\":1}");
	ask = post_ask(who, "rent", "Behind on rent since March", 2, 1);

	before = db_snapshot(&S);
	audits = db_count(&S, "audit");
	is_int(forget(org, who, "{\"confirm\":\"yes\"}", &r), 403,
	    "an organizer cannot forget anyone: 403");
	reply_free(&r);
	is_int(forget(coord, who, "{}", &r), 422,
	    "a coordinator without confirm: 422");
	is_str(error_field(&r), "confirm", "naming confirm");
	reply_free(&r);
	is_int(forget(coord, who, "{\"confirm\":\"no\"}", &r), 422,
	    "confirm other than yes: 422");
	is_str(error_field(&r), "confirm", "naming confirm");
	reply_free(&r);
	snprintf(path, sizeof(path), "/people/%ld/forget", who);
	as(coord);
	http_form(&S, path, "", &r);
	is_int(r.status, 422, "the form without the box ticked: 422");
	ok(has(&r, "confirm-error") && has(&r, "Olvido Fernández"),
	    "the person page again, the message by the box");
	reply_free(&r);
	{
		char *after = db_snapshot(&S);

		ok(strcmp(before, after) == 0 && db_count(&S, "audit") ==
		    audits, "none of that changed anything");
		free(after);
	}
	free(before);
	is_int(forget(coord, 9999, "{\"confirm\":\"yes\"}", &r), 404,
	    "forgetting nobody: 404");
	reply_free(&r);

	is_int(forget(coord, who, "{\"confirm\":\"yes\"}", &r), 200,
	    "a coordinator forgets a person: 200");
	is_int(json_integer_value(json_object_get(r.json, "id")), who,
	    "naming the id");
	ok(json_is_true(json_object_get(r.json, "forgotten")),
	    "and forgotten: true");
	reply_free(&r);
	snprintf(body, sizeof(body), "SELECT count(*) FROM audit WHERE "
	    "action = 'forget person' AND entity_id = %ld AND user_id = "
	    "(SELECT id FROM app_user WHERE login = 'coord')", who);
	is_int(db_scalar(&S, body), 1, "one 'forget person' entry, by them");

	snprintf(path, sizeof(path), "/people/%ld", who);
	get_json(NULL, path, &r);
	is_int(r.status, 200, "the person's page still answers");
	ok(!has(&r, "Olvido") && !has(&r, "Fernández") &&
	    !has(&r, "0109911") && !has(&r, "Calle Sol") &&
	    !has(&r, "Behind on rent"),
	    "without the name, the phone, the address or the ask's details");
	ok(json_object_get(json_object_get(r.json, "person"), "phone_masked") ==
	    NULL && json_is_false(json_object_get(json_object_get(r.json,
	    "person"), "address_on_file")), "nothing on file any more");
	reply_free(&r);
	is_int(get_total(NULL, "/people?q=Olvido"), 0,
	    "the name is not found in the list");
	get_json(NULL, "/people?limit=200", &r);
	ok(!has(&r, "Olvido") && !has(&r, "Fernández"),
	    "nor anywhere in it");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	get_json(NULL, path, &r);
	is_int(r.status, 200, "their ask stays, for the counts");
	ok(!has(&r, "Behind on rent") && !has(&r, "Olvido"),
	    "without its details or the name");
	reply_free(&r);
	get_json(NULL, "/needs?limit=200", &r);
	ok(!has(&r, "Behind on rent") && !has(&r, "Olvido"),
	    "nor in the list of asks");
	reply_free(&r);
	get_contact(coord, "people", who, 0, &r);
	ok(r.status == 200 && json_is_null(json_object_get(r.json, "phone")) &&
	    json_is_null(json_object_get(r.json, "address")),
	    "the contact page has nothing left to show");
	reply_free(&r);

	/* A login's person is forgotten on the server, never from a page. */
	who2 = db_scalar(&S, "SELECT person_id FROM app_user WHERE login = "
	    "'vol2'");
	is_int(forget(coord, who2, "{\"confirm\":\"yes\"}", &r), 409,
	    "a person with a login: 409");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM app_user WHERE login = "
	    "'vol2' AND disabled = 0"), 1, "whose login is untouched");
	snprintf(path, sizeof(path), "/people/%ld", who2);
	get_html(coord, path, &r);
	ok(has(&r, "This person has a login") && !has(&r, "/forget\""),
	    "their page says so, without the forget form");
	reply_free(&r);

	who2 = post_id("/people", "{\"name\":\"Segundo Olvido\"}");
	snprintf(path, sizeof(path), "/people/%ld/forget", who2);
	as(coord);
	http_form(&S, path, "confirm=yes", &r);
	is_int(r.status, 303, "the forget form, ticked: a redirect");
	is_str(reply_header(&r, "Location"), "/people", "to the list");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name LIKE "
	    "'%Olvido%'"), 0, "both are forgotten");
}

static void
help_post(const char *csrf, const char *body, const char *accept,
    struct reply *r)
{
	char cookie[128];

	as("");
	if (csrf != NULL) {
		snprintf(cookie, sizeof(cookie), "Cookie: csrf=%s", csrf);
		http_header = cookie;
	}
	http(&S, "POST", "/help", accept, body[0] == '{' ? "application/json" :
	    "application/x-www-form-urlencoded", body, strlen(body), r);
	http_header = NULL;
}

/*
 * A post of the public form, as JSON or as a form (text/html): its body,
 * or its Location for a form (caller frees).
 */
static char *
help_answer(const char *csrf, const char *fields, int form)
{
	struct reply r;
	char body[512];
	char *out;

	if (form)
		snprintf(body, sizeof(body), "_csrf=%s&kind=ask&zone_id=1&"
		    "category=rent&details=Short+again&language=es&%s", csrf,
		    fields);
	else
		snprintf(body, sizeof(body), "{\"_csrf\":\"%s\",\"kind\":"
		    "\"ask\",\"zone_id\":1,\"category\":\"rent\","
		    "\"details\":\"Short again\",\"language\":\"es\",%s}",
		    csrf, fields);
	help_post(csrf, body, form ? "text/html" : "application/json", &r);
	out = strdup(form ? (reply_header(&r, "Location") ?
	    reply_header(&r, "Location") : "") : r.body);
	if (r.status != (form ? 303 : 201))
		printf("# the public form answered %ld\n", r.status);
	reply_free(&r);
	return out;
}

/* Whether a and b are the same text; frees both. */
static int
same_answer(char *a, char *b)
{
	int same = strcmp(a, b) == 0;

	free(a);
	free(b);
	return same;
}

/*
 * Ana (phone 555 010 9999, zone 2, Spanish) is on file: posts with her
 * phone or email typed another way become her asks, change nothing of
 * her, and are answered as if she were new. The number of posts made.
 */
static int
test_public_known(const char *csrf)
{
	long ana = db_scalar(&S, "SELECT id FROM person WHERE name = 'Ana'");
	long people = db_count(&S, "person"), needs = db_count(&S, "need");
	char *known, *unknown;
	char sql[160];

	known = help_answer(csrf, "\"name\":\"Someone Else\","
	    "\"phone\":\"(555) 010-9999\"", 0);
	unknown = help_answer(csrf, "\"name\":\"Bea\","
	    "\"email\":\"Bea@Example.org\"", 0);
	ok(same_answer(known, unknown),
	    "a known phone and a new person get the same answer");
	is_int(db_count(&S, "person"), people + 1,
	    "only the new person is added");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need WHERE "
	    "person_id = %ld", ana);
	is_int(db_scalar(&S, sql), 2, "the ask with her phone is Ana's");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name = "
	    "'Ana' AND zone_id = 2 AND language = 'es' AND email IS NULL"), 1,
	    "and nothing of hers is changed by it");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name = "
	    "'Someone Else'"), 0, "the name typed is not kept anywhere");

	known = help_answer(csrf, "name=Otra&phone=%2B1+555+010+9999", 1);
	unknown = help_answer(csrf, "name=Bea&email=bea%40example.ORG", 1);
	ok(same_answer(known, unknown), "a form gets the same redirect too");
	is_int(db_count(&S, "person"), people + 1,
	    "a country code before her number, an email in another case: "
	    "no one new");
	is_int(db_count(&S, "need"), needs + 4, "four asks are made");
	free(help_answer(csrf, "\"name\":\"Tia\",\"phone\":\"010-9999\"",
	    0));
	is_int(db_count(&S, "person"), people + 2,
	    "the last 7 digits of her number are someone else's number");
	return 5;
}

static void
test_public_form(void)
{
	struct reply r;
	char csrf[128], body[512];
	long people, needs, offers;
	char *before;
	int i, posts;

	as("");
	http(&S, "GET", "/help", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the public form needs no account");
	ok(has(&r, "action=\"/help\"") && has(&r, "name=\"_csrf\""),
	    "a form with its token");
	ok(has(&r, "name=\"viewport\""), "made for phones");
	ok(!has(&r, "Núñez") && !has(&r, "María"), "showing nobody's data");
	ok(reply_cookie(&r, "csrf", csrf, sizeof(csrf)) == 0,
	    "the token comes in a cookie");
	reply_free(&r);
	http(&S, "GET", "/help?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(has(&r, "Pedir ayuda"), "and in Spanish");
	reply_free(&r);
	http(&S, "GET", "/help?kind=bogus", "application/json", NULL, NULL, 0,
	    &r);
	ok(r.status == 422 && strcmp(error_field(&r), "kind") == 0,
	    "a form of an unknown kind: 422 on kind");
	reply_free(&r);
	http(&S, "GET", "/help?kind=offer", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && has(&r, "value=\"offer\" required checked") &&
	    !has(&r, "value=\"ask\" required checked"),
	    "?kind=offer: the form with offer chosen");
	reply_free(&r);

	people = db_count(&S, "person");
	needs = db_count(&S, "need");
	offers = db_count(&S, "offer");
	snprintf(body, sizeof(body), "_csrf=%s&kind=ask&name=Ana&phone=555+"
	    "010+9999&language=es&zone_id=2&category=diapers&details=Pa%%C3"
	    "%%B1ales+talla+3&urgency=3", csrf);
	help_post(csrf, body, "text/html", &r);
	is_int(r.status, 303, "an ask through the public form: 303");
	is_str(reply_header(&r, "Location"), "/help/thanks?kind=ask&lang=es",
	    "to the page saying what happens next, in her language");
	reply_free(&r);
	http(&S, "GET", "/help/thanks?kind=ask&lang=es", "text/html", NULL,
	    NULL, 0, &r);
	is_int(r.status, 200, "that page answers");
	ok(has(&r, "Qué pasa ahora"), "what happens next, in her language");
	ok(!has(&r, "Núñez") && !has(&r, "Insulin") && !has(&r, "Ana"),
	    "showing nobody's data, not even hers");
	ok(has(&r, "href=\"/help/thanks?kind=ask&amp;lang=en\""),
	    "its language switch keeps the page");
	reply_free(&r);
	is_int(db_count(&S, "person"), people + 1, "exactly one person");
	is_int(db_count(&S, "need"), needs + 1, "and exactly one ask");
	is_int(db_scalar(&S, "SELECT count(*) FROM person p JOIN need n ON "
	    "n.person_id = p.id WHERE p.name = 'Ana' AND p.language = 'es' AND "
	    "n.zone_id = 2 AND n.urgency = 3 AND n.status = 'open'"), 1,
	    "the ask is hers, in her zone, open");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'help.post' AND user_id IS NULL AND entity_id = (SELECT max(id) "
	    "FROM need)"), 1,
	    "and the write is audited, naming the ask its answer does not");

	snprintf(body, sizeof(body), "{\"_csrf\":\"%s\",\"kind\":\"offer\","
	    "\"name\":\"Luis\",\"zone_id\":1,\"category\":\"transport\","
	    "\"details\":\"A van on Sundays\"}", csrf);
	help_post(csrf, body, "application/json", &r);
	is_int(r.status, 201, "an offer as JSON: 201");
	is_str(json_string_value(json_object_get(r.json, "kind")), "offer",
	    "answering the kind");
	ok(json_object_get(r.json, "id") == NULL,
	    "and no id, which would count the network's offers");
	ok(json_object_get(r.json, "name") == NULL &&
	    json_object_get(r.json, "details") == NULL, "and nothing more");
	reply_free(&r);
	is_int(db_count(&S, "offer"), offers + 1, "one offer is made");
	posts = 2 + test_public_known(csrf);

	before = db_snapshot(&S);
	snprintf(body, sizeof(body), "_csrf=%s&kind=ask&name=&zone_id=1&"
	    "category=rent&details=x", csrf);
	help_post(csrf, body, "text/html", &r);
	is_int(r.status, 422, "a form without a name: 422");
	ok(has(&r, "name-error") && has(&r, ">x</textarea>"),
	    "shown again with the input kept");
	reply_free(&r);
	snprintf(body, sizeof(body), "_csrf=%s&kind=ask&name=Eva&zone_id=1&"
	    "category=spaceships&details=x", csrf);
	help_post(csrf, body, "application/json", &r);
	is_int(r.status, 422, "an unknown category: 422");
	is_str(error_field(&r), "category", "naming the field");
	reply_free(&r);
	posts++;	/* it passed the field checks, so it counted */
	snprintf(body, sizeof(body), "_csrf=%s&kind=gift&name=Eva&zone_id=1&"
	    "category=rent&details=x", csrf);
	help_post(csrf, body, "application/json", &r);
	is_str(error_field(&r), "kind", "an unknown kind: 422");
	reply_free(&r);
	{
		char *after = db_snapshot(&S);

		ok(strcmp(before, after) == 0,
		    "invalid posts write nothing, not even the person");
		free(after);
	}
	free(before);

	people = db_count(&S, "person");
	snprintf(body, sizeof(body), "kind=ask&name=Eva&zone_id=1&"
	    "category=rent&details=x");
	help_post(NULL, body, "text/html", &r);
	is_int(r.status, 403, "without the form token: 403");
	reply_free(&r);
	help_post(csrf, body, "text/html", &r);
	is_int(r.status, 403, "with the cookie but not the field: 403");
	reply_free(&r);
	snprintf(body, sizeof(body), "_csrf=%s&kind=ask&name=Eva&zone_id=1&"
	    "category=rent&details=x", csrf);
	help_post(NULL, body, "text/html", &r);
	is_int(r.status, 403, "with the field but not the cookie: 403");
	reply_free(&r);
	is_int(db_count(&S, "person"), people, "none of them wrote anything");

	for (i = posts; i < 10; i++) {
		help_post(csrf, body, "application/json", &r);
		if (r.status != 201)
			printf("# post %d answered %ld\n", i + 1, r.status);
		reply_free(&r);
	}
	is_int(db_count(&S, "person"), people + 10 - posts,
	    "ten posts in the hour are taken");
	help_post(csrf, body, "application/json", &r);
	is_int(r.status, 429, "the eleventh in an hour: 429");
	ok(reply_header(&r, "Retry-After") != NULL &&
	    strtol(reply_header(&r, "Retry-After"), NULL, 10) > 0, "with Retry-After");
	reply_free(&r);
	is_int(db_count(&S, "person"), people + 10 - posts,
	    "and it writes nothing");
}

/* How many callers GET /intake?q= finds as auth; -1 if one shows contact. */
static long
intake_found(const char *auth, const char *q)
{
	struct reply r;
	char path[160];
	json_t *m;
	size_t i;
	long n;

	snprintf(path, sizeof(path), "/intake?q=%s", q);
	get_json(auth, path, &r);
	n = (long)json_array_size(json_object_get(r.json, "matches"));
	json_array_foreach(json_object_get(r.json, "matches"), i, m)
		if (json_object_get(m, "phone") != NULL ||
		    json_object_get(m, "email") != NULL ||
		    json_object_get(m, "phone_masked") != NULL)
			n = -1;
	reply_free(&r);
	as(NULL);
	return n;
}

/*
 * Taking a call: an organizer finds a caller by name only, since a search
 * by phone or email would tell them whose contact it is; a coordinator by
 * either. No list of callers carries contact data.
 */
static void
test_intake_search(void)
{
	is_int(intake_found(org, "Jos%C3%A9%20Nu%C3%B1ez"), 1,
	    "an organizer finds a caller by name");
	is_int(intake_found(org, "5550102067"), 0,
	    "but not by phone");
	is_int(intake_found(org, "mj%40example.org"), 0, "nor by email");
	is_int(intake_found(coord, "555-010-2067"), 1,
	    "a coordinator finds her by phone, written any way");
	is_int(intake_found(coord, "MJ%40example.org"), 1, "and by email");
	is_int(get_status(vol, "/intake"), 403,
	    "volunteers do not take calls in: 403");
	as(NULL);
}

/* POST body to path as auth: the status, the reply released. */
static long
call_as(const char *auth, const char *path, const char *body)
{
	struct reply r;
	long status;

	as(auth);
	http_json(&S, "POST", path, body, &r);
	status = r.status;
	reply_free(&r);
	as(NULL);
	return status;
}

/* Whether ask is among the dashboard's unreached asks for auth; -1: none. */
static int
unreached(const char *auth, long ask)
{
	struct reply r;
	json_t *list, *row;
	size_t i;
	int found = 0;

	get_json(auth, "/", &r);
	list = json_object_get(r.json, "unreached");
	json_array_foreach(list, i, row)
		if (json_integer_value(json_object_get(row, "id")) == ask)
			found = 1;
	if (list == NULL)
		found = -1;
	reply_free(&r);
	as(NULL);
	return found;
}

/*
 * Calls about an ask: recorded by those who may read its person's
 * contact (a coordinator, the holder of its claim), never by an
 * organizer or another volunteer; shown on the ask to those who triage
 * and to the holder; and an open ask older than two days that no call
 * reached is on the coordinators' dashboard until one does.
 */
static void
test_calls(void)
{
	char caller[160], path[64], calls[64], sql[160], *before;
	struct reply r;
	long ask = post_ask(person, "utilities", "The power bill", 2, 1);

	login("caller", "volunteer", "1", caller, sizeof(caller));
	snprintf(path, sizeof(path), "/needs/%ld", ask);
	snprintf(calls, sizeof(calls), "/needs/%ld/calls", ask);
	snprintf(sql, sizeof(sql), "UPDATE need SET created_at = "
	    "'2026-01-01T00:00:00Z' WHERE id = %ld", ask);
	db_write(&S, sql);
	is_int(unreached(coord, ask), 1,
	    "an ask of two days with no call is on a coordinator's dashboard");
	is_int(unreached(org, ask), -1, "an organizer's dashboard has no list");
	is_int(unreached(vol, ask), -1, "nor a volunteer's");

	before = db_snapshot(&S);
	is_int(call_as(caller, calls, "{\"outcome\":\"reached\"}"), 403,
	    "a volunteer without the claim may not record a call: 403");
	is_int(call_as(org, calls, "{\"outcome\":\"reached\"}"), 403,
	    "nor an organizer: 403");
	is_int(call_as(vol, "/needs/9999/calls", "{\"outcome\":\"reached\"}"),
	    404, "a call about no ask: 404");
	snprintf(sql, sizeof(sql), "/needs/%ld/calls", ask_south);
	is_int(call_as(vol, sql, "{\"outcome\":\"reached\"}"), 404,
	    "nor about an ask outside the volunteer's zones");
	is_int(call_as(coord, calls, "{\"outcome\":\"maybe\"}"), 422,
	    "a bad outcome: 422");
	is_int(call_as(coord, calls, "{}"), 422, "no outcome: 422");
	{
		char *after = db_snapshot(&S);

		ok(strcmp(before, after) == 0, "none of them wrote anything");
		free(after);
	}
	free(before);

	snprintf(sql, sizeof(sql), "/needs/%ld/claim", ask);
	is_int(post_as(caller, sql), 200, "the volunteer claims the ask");
	as(caller);
	http_json(&S, "POST", calls, "{\"outcome\":\"no_answer\"}", &r);
	is_int(r.status, 201, "then records a call: 201");
	is_str(json_string_value(json_object_get(r.json, "login")), "caller",
	    "naming who called");
	is_str(json_string_value(json_object_get(r.json, "outcome")),
	    "no_answer", "and how it went");
	reply_free(&r);
	is_int(unreached(coord, ask), 1, "no answer is no contact yet");

	get_json(org, path, &r);
	is_int(json_array_size(json_object_get(r.json, "calls")), 1,
	    "an organizer sees the call on the ask");
	ok(json_is_false(json_object_get(r.json, "can_call")),
	    "but may not record one");
	reply_free(&r);
	get_json(vol, path, &r);
	ok(json_object_get(r.json, "calls") == NULL,
	    "another volunteer does not see the calls");
	reply_free(&r);
	get_html(caller, path, &r);
	ok(has(&r, "No answer") && has(&r, "action=\"/needs/") &&
	    has(&r, "/calls\""), "the holder sees it, and the form for more");
	reply_free(&r);

	as(coord);
	http_form(&S, calls, "outcome=reached", &r);
	is_int(r.status, 303, "a coordinator records by the form: 303");
	is_str(reply_header(&r, "Location"), path, "back to the ask");
	reply_free(&r);
	as(NULL);
	is_int(unreached(coord, ask), 0,
	    "once someone is reached, the ask leaves the dashboard's list");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM need_call WHERE "
	    "need_id = %ld", ask);
	is_int(db_scalar(&S, sql), 2, "two calls are kept");
	get_html(coord, "/?lang=es", &r);
	ok(has(&r, "Sin contacto tras 48 horas"),
	    "the dashboard's list is in Spanish too");
	reply_free(&r);
	as(NULL);
}

/* Volunteers see no person ids, so a person_id filter must tell them nothing. */
static void
test_offer_filters(void)
{
	struct reply r;
	char path[64];
	long all, filtered;
	char body[256];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"transport\",\"details\":\"Rides to the clinic\","
	    "\"zone_id\":1}", person);
	post_id("/offers", body);
	as(vol);
	http_json(&S, "GET", "/offers", NULL, &r);
	all = (long)json_integer_value(json_object_get(r.json, "total"));
	reply_free(&r);
	snprintf(path, sizeof(path), "/offers?person_id=%ld", person + 1000);
	http_json(&S, "GET", path, NULL, &r);
	filtered = (long)json_integer_value(json_object_get(r.json, "total"));
	reply_free(&r);
	ok(all > 0, "the volunteer sees offers in their zones");
	is_int(filtered, all, "a volunteer's person_id filter on offers is "
	    "ignored");
	as(NULL);
}

/* What a conversation raised, and its next step: organizers' eyes only. */
#define PROBLEMS	"Mould in the bedroom since October"
#define NEXT_STEP	"Bring a neighbour to the meeting"

/* The "view conversations" entries of person p by the login who. */
static long
views_of_talks(long p, const char *who)
{
	return entries_of("view conversations", p, who);
}

/* Whether r carries anything a conversation keeps for organizers. */
static int
leaks_talk(struct reply *r)
{
	return has(r, PROBLEMS) || has(r, NEXT_STEP) || has(r, "assessment") ||
	    has(r, "Leads others");
}

/*
 * A volunteer reaches no conversation and no target, in JSON or HTML,
 * writes none, and no page of theirs (the ask the conversation started
 * from, the search of asks, the dashboard) carries what was raised, the
 * assessment or a way to log one.
 */
static void
test_talks_volunteer(long talk)
{
	char paths[5][64];
	struct reply r;
	size_t i;

	snprintf(paths[0], sizeof(paths[0]), "/conversations");
	snprintf(paths[1], sizeof(paths[1]), "/conversations/%ld", talk);
	snprintf(paths[2], sizeof(paths[2]), "/conversations/new?person_id=%ld",
	    person);
	snprintf(paths[3], sizeof(paths[3]), "/targets");
	snprintf(paths[4], sizeof(paths[4]), "/people/%ld", person);
	for (i = 0; i < 5; i++) {
		get_json(vol, paths[i], &r);
		ok(r.status == 403 && !leaks_talk(&r),
		    "a volunteer: GET %s is 403, and shows nothing", paths[i]);
		reply_free(&r);
		get_html(vol, paths[i], &r);
		ok(r.status == 403 && !leaks_talk(&r),
		    "a volunteer: the page %s is 403, and shows nothing",
		    paths[i]);
		reply_free(&r);
	}
	is_int(post_as(vol, "/conversations"), 403,
	    "a volunteer cannot log a conversation");
	is_int(post_as(vol, "/targets"), 403, "nor add a target");
	is_int(db_count(&S, "conversation"), 1, "nothing was written");
	snprintf(paths[0], sizeof(paths[0]), "/needs/%ld", ask_north);
	get_json(vol, paths[0], &r);
	ok(r.status == 200 && !leaks_talk(&r),
	    "the ask it started from, in JSON: no conversation");
	reply_free(&r);
	get_html(vol, paths[0], &r);
	ok(r.status == 200 && !leaks_talk(&r) &&
	    !has(&r, "/conversations/new"),
	    "the ask's page: no conversation, no way to log one");
	reply_free(&r);
	is_int(get_total(vol, "/needs?q=Mould"),
	    get_total(vol, "/needs?q=Zqxv"),
	    "a volunteer's search of asks finds nothing by a conversation");
	get_json(vol, "/needs?q=Mould", &r);
	ok(!leaks_talk(&r), "and shows none of it");
	reply_free(&r);
	get_html(vol, "/", &r);
	ok(r.status == 200 && !leaks_talk(&r) &&
	    !has(&r, "href=\"/conversations\""),
	    "the dashboard: no conversation, no menu entry");
	reply_free(&r);
}

/*
 * An organizer reads a person's conversations on the person page and on
 * the conversation's page: each look recorded, none served from the
 * cache; a list carries no notes; a page without any records nothing.
 */
static void
test_talks_organizer(long talk)
{
	char path[64];
	struct reply r;
	long other;

	snprintf(path, sizeof(path), "/people/%ld", person);
	get_json(org, path, &r);
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(r.json, "conversations"), 0), "problems")),
	    PROBLEMS, "an organizer reads what was raised on the person page");
	reply_free(&r);
	is_int(views_of_talks(person, "org"), 1, "and the look is recorded");
	get_json(org, path, &r);
	reply_free(&r);
	get_html(org, path, &r);
	ok(r.status == 200 && has(&r, PROBLEMS) && has(&r, NEXT_STEP),
	    "the page shows it in HTML too");
	reply_free(&r);
	is_int(views_of_talks(person, "org"), 3,
	    "each look again is recorded again: never from the cache");
	snprintf(path, sizeof(path), "/conversations/%ld", talk);
	get_html(org, path, &r);
	ok(r.status == 200 && has(&r, PROBLEMS), "the conversation's page");
	reply_free(&r);
	is_int(views_of_talks(person, "org"), 4, "is a look, recorded");
	get_json(org, "/conversations", &r);
	ok(r.status == 200 && !leaks_talk(&r) &&
	    json_integer_value(json_object_get(r.json, "total")) == 1,
	    "the list names the conversation and carries no notes");
	reply_free(&r);
	other = post_id("/people", "{\"name\":\"Nobody Talked\"}");
	snprintf(path, sizeof(path), "/people/%ld", other);
	is_int(get_status(org, path), 200, "a person without conversations");
	is_int(views_of_talks(other, "org"), 0, "is no look at any");
}

static void
test_conversations(void)
{
	char body[512];
	long target, talk;

	target = post_id("/targets", "{\"name\":\"Greenleaf\","
	    "\"kind\":\"landlord\"}");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"need_id\":%ld,"
	    "\"how\":\"door\",\"problems\":\"" PROBLEMS "\",\"tags\":"
	    "[\"mould\"],\"target_id\":%ld,\"assessment\":1,\"next_step\":\""
	    NEXT_STEP "\"}", person, ask_north, target);
	talk = post_id("/conversations", body);
	test_talks_volunteer(talk);
	test_talks_organizer(talk);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_volunteer_zones();
	test_zone_counts();
	test_claims();
	test_claim_roles();
	test_claim_cap();
	test_organizer();
	test_coordinator();
	test_search();
	test_forget();
	test_public_form();
	test_intake_search();
	test_calls();
	test_offer_filters();
	test_conversations();
	as(NULL);
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
