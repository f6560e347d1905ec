/*
 * Claim -> deliver -> confirm over a real socket: delivery reports and
 * what each outcome does to the ask, confirmation by a coordinator and by
 * the asker's one-time link, release reasons, claims that expire into
 * follow-up tasks, and eight volunteers claiming one ask at once. Every
 * refusal writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "tap.h"
#include "client.h"

static struct server S;
static long person, zone;
static char vol[160], vol2[160], coord[160], org[160];

/* POST as the admin: the new record's id, a test of its own. */
static long
post_id(const char *path, const char *body)
{
	long id;

	http_auth = NULL;
	id = http_created(&S, path, body);
	ok(id > 0, "POST %s as admin: 201", path);
	return id;
}

/* Add a login with a role (and zone), and keep "Bearer TOKEN" in auth. */
static void
login(const char *name, const char *role, const char *z, char *auth,
    size_t authlen)
{
	ok(server_login(&S, name, role, z, auth, authlen) > 0,
	    "login %s added, with a token", name);
}

static long
ask(void)
{
	char body[256];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice and beans\",\"urgency\":2,"
	    "\"zone_id\":%ld}", person, zone);
	return post_id("/needs", body);
}

/* POST body (JSON) to /needs/id/what as auth: the status; *r kept if r. */
static long
act(const char *auth, long id, const char *what, const char *body,
    struct reply *r)
{
	struct reply own;
	char path[96];
	long status;

	if (r == NULL)
		r = &own;
	snprintf(path, sizeof(path), "/needs/%ld/%s", id, what);
	http_auth = auth;
	http_json(&S, "POST", path, body, r);
	http_auth = NULL;
	status = r->status;
	if (r == &own)
		reply_free(r);
	return status;
}

/* The ask's status, as the database holds it. */
static char *
status_of(long id)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT status FROM need WHERE id = %ld",
	    id);
	return db_text(&S, sql);
}

static int
status_is(long id, const char *want)
{
	char *s = status_of(id);
	int same = s != NULL && strcmp(s, want) == 0;

	if (!same)
		printf("#   ask %ld is %s, not %s\n", id, s ? s : "(none)",
		    want);
	free(s);
	return same;
}

static long
scalar(const char *fmt, long id)
{
	char sql[512];

	snprintf(sql, sizeof(sql), fmt, id);
	return db_scalar(&S, sql);
}

static void
get_as(const char *auth, const char *path, const char *accept,
    struct reply *r)
{
	http_auth = auth;
	http(&S, "GET", path, accept, NULL, NULL, 0, r);
	http_auth = NULL;
}

static void
setup(void)
{
	char body[256];

	zone = post_id("/zones", "{\"name\":\"Delivery\"}");
	snprintf(body, sizeof(body), "{\"name\":\"Ana Ruiz\",\"phone\":"
	    "\"+15550107788\",\"address\":\"Calle 5\",\"zone_id\":%ld}", zone);
	person = post_id("/people", body);
	login("vol", "volunteer", "1", vol, sizeof(vol));
	login("vol2", "volunteer", "1", vol2, sizeof(vol2));
	login("coord", "coordinator", NULL, coord, sizeof(coord));
	login("org", "organizer", NULL, org, sizeof(org));
}

/* Refusals of a report, a confirmation and a release: none writes. */
static void
test_refusals(long id)
{
	struct reply r;
	char *before;

	is_int(act(vol, id, "deliver", "{\"outcome\":\"delivered\"}", NULL),
	    409, "a report on an ask nobody holds: 409");
	is_int(act(vol, id, "claim", "{}", NULL), 200, "vol claims the ask");
	before = db_snapshot(&S);
	is_int(act(vol2, id, "deliver", "{\"outcome\":\"delivered\"}", NULL),
	    403, "another volunteer may not report: 403");
	is_int(act(org, id, "deliver", "{\"outcome\":\"delivered\"}", NULL),
	    403, "nor an organizer");
	is_int(act(vol, 9999, "deliver", "{\"outcome\":\"delivered\"}", NULL),
	    404, "a report on no ask: 404");
	act(vol, id, "deliver", "{}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "outcome") == 0,
	    "no outcome: 422 naming it");
	reply_free(&r);
	act(vol, id, "deliver", "{\"outcome\":\"lost\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "outcome") == 0,
	    "an unknown outcome: 422 naming it");
	reply_free(&r);
	act(vol, id, "deliver", "{\"outcome\":\"other\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "note") == 0,
	    "other without a note: 422 naming note");
	reply_free(&r);
	act(vol, id, "deliver", "{\"outcome\":\"other\",\"note\":\"\"}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "note") == 0,
	    "nor with an empty one");
	reply_free(&r);
	act(vol, id, "deliver", "{\"outcome\":\"delivered\",\"extra\":1}",
	    &r);
	is_int(r.status, 422, "an undeclared key: 422");
	reply_free(&r);
	is_int(act(coord, id, "confirm", "{}", NULL), 409,
	    "confirming when no delivery waits: 409");
	is_int(act(coord, id, "confirm-link", "{}", NULL), 409,
	    "nor a link for it");
	is_int(act(vol, id, "confirm", "{}", NULL), 403,
	    "a volunteer does not confirm: 403");
	act(vol, id, "release", "{}", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "reason") == 0,
	    "a release without a reason: 422 naming it");
	reply_free(&r);
	act(vol, id, "release", "{\"reason\":\"\"}", &r);
	is_int(r.status, 422, "nor with an empty one");
	reply_free(&r);
	is_int(act(vol2, id, "release", "{\"reason\":\"mine now\"}", NULL),
	    403, "another volunteer may not release it: 403");
	SAME_DB(&S, before, "every refusal above");
	free(before);
}

/* delivered, then confirmed by a coordinator: fulfilled. */
static void
test_deliver_confirm(void)
{
	long id = ask();
	struct reply r;

	test_refusals(id);
	ok(status_is(id, "matched"), "a claimed ask is matched");
	act(vol, id, "deliver", "{\"outcome\":\"delivered\","
	    "\"note\":\"left with the neighbour\"}", &r);
	is_int(r.status, 201, "the holder reports it delivered: 201");
	is_str(json_string_value(json_object_get(r.json, "outcome")),
	    "delivered", "the report says how");
	is_str(json_string_value(json_object_get(r.json, "login")), "vol",
	    "and who");
	reply_free(&r);
	ok(status_is(id, "matched"), "delivered waits, still matched");
	is_int(act(vol, id, "deliver", "{\"outcome\":\"not_home\"}", NULL),
	    409, "a second report while one waits: 409");
	is_int(act(vol, id, "confirm", "{}", NULL), 403,
	    "the volunteer cannot confirm their own delivery");
	act(coord, id, "confirm", "{}", &r);
	is_int(r.status, 200, "a coordinator confirms: 200");
	is_str(json_string_value(json_object_get(r.json, "status")),
	    "fulfilled", "with the ask, fulfilled");
	reply_free(&r);
	ok(status_is(id, "fulfilled"), "the ask is fulfilled");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "released_at IS NULL", id), 0, "and its claim has ended");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason = 'fulfilled'", id), 1, "for that reason");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "confirmed_at IS NOT NULL AND confirmed_by = (SELECT id FROM "
	    "app_user WHERE login = 'coord')", id), 1,
	    "the report records who confirmed");
	is_int(act(coord, id, "confirm", "{}", NULL), 409,
	    "confirming twice: 409");
	is_int(scalar("SELECT count(*) FROM audit WHERE entity = 'need' AND "
	    "entity_id = %ld AND action IN ('need.claim', 'need.deliver', "
	    "'need.confirm')", id), 3, "claim, report and confirmation are "
	    "in the audit trail");
	{
		char path[64];

		snprintf(path, sizeof(path), "/needs/%ld", id);
		get_as(org, path, "application/json", &r);
		is_int(json_array_size(json_object_get(r.json, "deliveries")),
		    1, "an organizer reads the history");
		ok(json_is_string(json_object_get(json_array_get(
		    json_object_get(r.json, "deliveries"), 0),
		    "confirmed_at")), "with its confirmation");
		reply_free(&r);
	}
}

/* Each failure returns the ask to open and keeps the report. */
static void
test_failures(void)
{
	static const char *const bodies[] = {
		"{\"outcome\":\"not_home\"}",
		"{\"outcome\":\"bad_address\"}",
		"{\"outcome\":\"refused\"}",
		"{\"outcome\":\"other\",\"note\":\"the building was closed\"}",
	};
	long id = ask();
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		is_int(act(i % 2 ? vol2 : vol, id, "claim", "{}", NULL), 200,
		    "claimed (%zu)", i);
		is_int(act(i % 2 ? vol2 : vol, id, "deliver", bodies[i], NULL),
		    201, "reported: %s", bodies[i]);
		ok(status_is(id, "open"), "the ask is open again");
		is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld "
		    "AND released_at IS NULL", id), 0, "its claim ended");
	}
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld", id),
	    4, "every report is kept");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason IN ('not_home', 'bad_address', 'refused', "
	    "'other')", id), 4, "each claim ended with its outcome");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "note = 'the building was closed'", id), 1, "with the note");
}

/* A release with its reason: kept, the ask open again. */
static void
test_release(void)
{
	long id = ask();
	struct reply r;

	is_int(act(vol, id, "claim", "{}", NULL), 200, "claimed");
	act(vol, id, "release", "{\"reason\":\"sick this week\"}", &r);
	is_int(r.status, 200, "released with a reason: 200");
	is_str(json_string_value(json_object_get(r.json, "status")), "open",
	    "the ask is open again");
	reply_free(&r);
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason = 'sick this week'", id), 1, "the reason is kept");
	is_int(act(vol2, id, "claim", "{}", NULL), 200,
	    "and someone else may claim it");
}

/*
 * Notes and release reasons are what people wrote: a purge empties them
 * with their ask, and so does forgetting its person; other asks keep
 * theirs.
 */
static void
test_retention(void)
{
	long id = ask(), kept = ask(), other;
	char body[256], out[256], path[64];

	act(vol, id, "claim", "{}", NULL);
	act(vol, id, "deliver", "{\"outcome\":\"other\",\"note\":"
	    "\"the gate code is 1234\"}", NULL);
	act(vol, id, "claim", "{}", NULL);
	act(vol, id, "release", "{\"reason\":\"my knee again\"}", NULL);
	act(vol, kept, "claim", "{}", NULL);
	act(vol, kept, "release", "{\"reason\":\"kept reason\"}", NULL);
	is_int(act(NULL, id, "status", "{\"status\":\"closed\","
	    "\"reason\":\"moved away\"}", NULL), 200, "the ask is closed");
	snprintf(body, sizeof(body), "UPDATE need SET updated_at = "
	    "'2020-01-01T00:00:00Z' WHERE id = %ld", id);
	db_write(&S, body);
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30",
	    NULL }, out, sizeof(out)), 0, "solidarity purge");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "note IS NOT NULL", id), 0, "a purge empties the ask's notes");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason IS NOT NULL", id), 0, "and its release reasons");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld", id),
	    1, "the report itself stays");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason = 'kept reason'", kept), 1,
	    "an ask still open keeps its own");

	snprintf(body, sizeof(body), "{\"name\":\"Eva Sol\","
	    "\"zone_id\":%ld}", zone);
	other = post_id("/people", body);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Milk\",\"urgency\":1,"
	    "\"zone_id\":%ld}", other, zone);
	id = post_id("/needs", body);
	act(vol, id, "claim", "{}", NULL);
	act(vol, id, "deliver", "{\"outcome\":\"other\",\"note\":"
	    "\"she works nights\"}", NULL);
	snprintf(path, sizeof(path), "/people/%ld/forget", other);
	is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"), 200,
	    "the person is forgotten");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "note IS NOT NULL", id), 0, "and the notes about their ask go");
}

/* An anonymous client's form token: the csrf cookie of a public page. */
static void
anon_cookie(char *cookie, size_t len)
{
	struct reply r;
	char csrf[128];

	http_auth = "";
	http(&S, "GET", "/confirm", "text/html", NULL, NULL, 0, &r);
	http_auth = NULL;
	if (reply_cookie(&r, "csrf", csrf, sizeof(csrf)) == -1)
		csrf[0] = '\0';
	reply_free(&r);
	snprintf(cookie, len, "Cookie: csrf=%s", csrf);
}

/* POST /confirm as the asker (no account): the status. */
static long
asker_confirms(const char *token)
{
	char cookie[256], body[512], hdr[256];
	struct reply r;
	long status;

	anon_cookie(cookie, sizeof(cookie));
	snprintf(hdr, sizeof(hdr), "%s", cookie + strlen("Cookie: csrf="));
	snprintf(body, sizeof(body), "token=%s&_csrf=%s", token, hdr);
	http_auth = "";
	http_header = cookie;
	http(&S, "POST", "/confirm", "application/json",
	    "application/x-www-form-urlencoded", body, strlen(body), &r);
	http_header = NULL;
	http_auth = NULL;
	status = r.status;
	reply_free(&r);
	return status;
}

/* The asker confirms by a one-time link; the token is stored hashed. */
static void
test_link(void)
{
	long id = ask();
	char old[128], token[128], sql[512], *before;
	const char *link;
	struct reply r;

	is_int(act(vol, id, "claim", "{}", NULL), 200, "claimed");
	is_int(act(vol, id, "deliver", "{\"outcome\":\"delivered\"}", NULL),
	    201, "delivered");
	is_int(act(vol, id, "confirm-link", "{}", NULL), 403,
	    "a volunteer makes no link: 403");
	act(coord, id, "confirm-link", "{}", &r);
	is_int(r.status, 201, "a coordinator makes one: 201");
	link = json_string_value(json_object_get(r.json, "confirm_link"));
	ok(link != NULL && strncmp(link, "/confirm?token=", 15) == 0,
	    "the answer carries it");
	snprintf(old, sizeof(old), "%s", link ? link + 15 : "");
	reply_free(&r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM delivery WHERE "
	    "confirm_hash = '%s' OR note = '%s'", old, old);
	is_int(db_scalar(&S, sql), 0, "the token itself is stored nowhere");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "length(confirm_hash) = 64", id), 1, "only its hash");
	act(coord, id, "confirm-link", "{}", &r);
	link = json_string_value(json_object_get(r.json, "confirm_link"));
	snprintf(token, sizeof(token), "%s", link ? link + 15 : "");
	reply_free(&r);
	ok(strcmp(old, token) != 0, "a new link is another token");

	http_auth = "";
	snprintf(sql, sizeof(sql), "/confirm?token=%s", token);
	http(&S, "GET", sql, "text/html", NULL, NULL, 0, &r);
	http_auth = NULL;
	ok(r.status == 200 && strstr(r.body, "name=\"token\"") != NULL &&
	    strstr(r.body, "Ana") == NULL, "the asker's page: the button, "
	    "nobody's name");
	reply_free(&r);

	before = db_snapshot(&S);
	is_int(asker_confirms(old), 404, "the replaced link: 404");
	is_int(asker_confirms("not-a-token"), 404, "a made-up one: 404");
	SAME_DB(&S, before, "a refused link");
	free(before);
	is_int(asker_confirms(token), 200, "the asker confirms: 200");
	ok(status_is(id, "fulfilled"), "the ask is fulfilled");
	is_int(scalar("SELECT count(*) FROM delivery WHERE need_id = %ld AND "
	    "confirmed_at IS NOT NULL AND confirmed_by IS NULL AND "
	    "confirm_hash IS NULL", id), 1,
	    "confirmed by nobody signed in, the hash gone");
	is_int(scalar("SELECT count(*) FROM audit WHERE action = "
	    "'need.confirm_asker' AND entity_id = %ld AND user_id IS NULL", id),
	    1, "audited, naming the ask");
	before = db_snapshot(&S);
	is_int(asker_confirms(token), 404, "the link works once");
	SAME_DB(&S, before, "a spent link");
	free(before);
	snprintf(sql, sizeof(sql), "/needs/%ld", id);
	get_as(coord, sql, "application/json", &r);
	ok(json_is_true(json_object_get(json_array_get(json_object_get(r.json,
	    "deliveries"), 0), "by_asker")), "the history says the asker "
	    "confirmed");
	reply_free(&r);
}

/* The ask's page: the report form for the holder, the confirmation. */
static void
test_pages(void)
{
	long id = ask();
	char path[64];
	struct reply r;

	snprintf(path, sizeof(path), "/needs/%ld", id);
	act(vol, id, "claim", "{}", NULL);
	get_as(vol, path, "text/html", &r);
	ok(strstr(r.body, "/deliver\"") != NULL &&
	    strstr(r.body, "value=\"not_home\"") != NULL &&
	    strstr(r.body, "id=\"release-reason\"") != NULL,
	    "HTML: the holder gets the report form and a release reason");
	reply_free(&r);
	get_as(vol2, path, "text/html", &r);
	ok(strstr(r.body, "/deliver\"") == NULL,
	    "another volunteer gets no report form");
	reply_free(&r);
	http_auth = vol;
	snprintf(path, sizeof(path), "/needs/%ld/deliver", id);
	http_form(&S, path, "outcome=other", &r);
	http_auth = NULL;
	ok(r.status == 422 && strstr(r.body, "id=\"note-error\"") != NULL &&
	    strstr(r.body, "id=\"outcome-error\"") == NULL,
	    "a form without its note: 422, the error by the note");
	ok(strstr(r.body, "value=\"other\" required checked>") != NULL,
	    "\"something else\" still ticked");
	reply_free(&r);
	http_auth = vol;
	http_form(&S, path, "note=", &r);
	http_auth = NULL;
	ok(r.status == 422 &&
		strstr(r.body, "<li><a href=\"#deliver-outcome\">") != NULL &&
		strstr(r.body, "<li><a href=\"#outcome\">") == NULL,
	    "no outcome: the summary links the report's outcome, not the "
	    "call's");
	reply_free(&r);
	/* An admin's page also has the close form's reason. */
	snprintf(path, sizeof(path), "/needs/%ld/release", id);
	http_form(&S, path, "reason=", &r);
	ok(r.status == 422 &&
	    strstr(r.body, "id=\"release-reason-error\"") != NULL &&
	    strstr(r.body, "id=\"reason-error\"") == NULL,
	    "a release form without its reason: 422, the error by it alone");
	ok(strstr(r.body, "<li><a href=\"#release-reason\">") != NULL &&
		strstr(r.body, "<li><a href=\"#reason\">") == NULL,
	    "its summary links the release's reason, not the status form's");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld/deliver", id);
	http_auth = vol;
	http_form(&S, path, "outcome=delivered", &r);
	http_auth = NULL;
	is_int(r.status, 303, "by form: 303 to the ask");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld", id);
	get_as(coord, path, "text/html", &r);
	ok(strstr(r.body, "/confirm\"") != NULL &&
	    strstr(r.body, "/confirm-link\"") != NULL,
	    "a coordinator gets the confirmation and the link");
	reply_free(&r);
	get_as(vol, path, "text/html", &r);
	ok(strstr(r.body, "/confirm\"") == NULL &&
	    strstr(r.body, "/deliver\"") == NULL,
	    "the holder, while it waits, neither");
	reply_free(&r);
	snprintf(path, sizeof(path), "/needs/%ld?lang=es", id);
	get_as(coord, path, "text/html", &r);
	ok(strstr(r.body, "Confirmar la entrega") != NULL, "in Spanish too");
	reply_free(&r);
}

/*
 * A claim nobody moved on: claimed 49 hours ago with no report and no
 * call. Another has a call since; a third is recent. The sweep at start
 * ends the first alone, leaving a follow-up.
 */
static void
test_expiry(void)
{
	long stale = ask(), called = ask(), recent = ask(), second = ask();
	char sql[256], path[64], *before;
	struct reply r;
	long task;

	/* The follow-ups of claims alone: those of rules are test_rules'. */
	db_write(&S, "DELETE FROM task WHERE rule_id IS NOT NULL");
	db_write(&S, "UPDATE rule SET enabled = 0");
	act(vol, stale, "claim", "{}", NULL);
	act(vol, called, "claim", "{}", NULL);
	act(vol2, recent, "claim", "{}", NULL);
	act(vol2, second, "claim", "{}", NULL);
	snprintf(sql, sizeof(sql), "UPDATE claim SET claimed_at = "
	    "'2020-01-01T00:00:00Z' WHERE need_id IN (%ld, %ld, %ld) AND "
	    "released_at IS NULL", stale, called, second);
	db_write(&S, sql);
	act(vol, called, "calls", "{\"outcome\":\"no_answer\"}", NULL);
	server_restart(&S);
	ok(status_is(stale, "open"), "a stale claim's ask is open again");
	ok(status_is(second, "open"), "another stale one too");
	ok(status_is(called, "matched"), "one with a call since stays");
	ok(status_is(recent, "matched"), "so does a recent one");
	is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld AND "
	    "release_reason = 'expired'", stale), 1, "the claim expired");
	is_int(scalar("SELECT count(*) FROM task WHERE need_id = %ld AND why "
	    "= 'claim_expired' AND status = 'open' AND user_id IS NULL AND "
	    "person_id IS NOT NULL", stale), 1,
	    "a follow-up for any coordinator, about the ask and its person");
	is_int(scalar("SELECT count(*) FROM audit WHERE action = "
	    "'claim.expire' AND entity_id = %ld", stale), 1, "audited");
	server_restart(&S);
	is_int(db_count(&S, "task"), 2, "a second sweep finds nothing more");

	get_as(coord, "/tasks", "application/json", &r);
	is_int(r.status, 200, "coordinators list the follow-ups");
	is_int(json_integer_value(json_object_get(r.json, "total")), 2,
	    "both");
	task = (long)json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "items"), 0), "id"));
	ok(json_string_value(json_object_get(json_array_get(json_object_get(
	    r.json, "items"), 0), "why_label")) != NULL, "each says why");
	reply_free(&r);
	get_as(coord, "/tasks", "text/html", &r);
	ok(strstr(r.body, "A claim expired") != NULL &&
	    strstr(r.body, "/done\"") != NULL, "HTML: why, and the buttons");
	reply_free(&r);
	get_as(vol, "/tasks", "application/json", &r);
	ok(r.status == 200 && json_integer_value(json_object_get(r.json,
	    "total")) == 0, "a volunteer sees only the follow-ups for them: "
	    "none of these, which are any coordinator's");
	reply_free(&r);

	before = db_snapshot(&S);
	get_as(coord, "/tasks?status=late", "application/json", &r);
	ok(r.status == 422 && strcmp(error_field(&r), "status") == 0,
	    "a bad filter: 422 naming it");
	reply_free(&r);
	http_auth = coord;
	is_int(http_status(&S, "POST", "/tasks/9999/done", "{}"), 404,
	    "no such follow-up: 404");
	is_int(http_status(&S, "POST", "/tasks/1/done", "{\"x\":1}"), 422,
	    "an undeclared key: 422");
	http_auth = NULL;
	SAME_DB(&S, before, "a bad list or follow-up");
	free(before);

	snprintf(path, sizeof(path), "/tasks/%ld/done", task);
	http_auth = coord;
	is_int(http_status(&S, "POST", path, "{}"), 200, "done: 200");
	is_int(http_status(&S, "POST", path, "{}"), 409, "twice: 409");
	snprintf(path, sizeof(path), "/tasks/%ld/skip", task);
	is_int(http_status(&S, "POST", path, "{}"), 409,
	    "nor skipped once done");
	http_auth = NULL;
	get_as(coord, "/tasks", "application/json", &r);
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(r.json, "items"), 0), "status")), "open",
	    "open ones stay first");
	task = (long)json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "items"), 0), "id"));
	reply_free(&r);
	snprintf(path, sizeof(path), "/tasks/%ld/skip", task);
	http_auth = coord;
	is_int(http_status(&S, "POST", path, "{}"), 200, "skipped: 200");
	http_auth = NULL;
	is_int(db_scalar(&S, "SELECT count(*) FROM task WHERE status IN "
	    "('done', 'skipped') AND closed_at IS NOT NULL AND closed_by = "
	    "(SELECT id FROM app_user WHERE login = 'coord')"), 2,
	    "each closed, when and by whom");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action IN "
	    "('task.done', 'task.skip')"), 2, "both audited");
	get_as(coord, "/tasks?status=open", "text/html", &r);
	ok(strstr(r.body, "No follow-ups") != NULL,
	    "nothing open: the empty list says what it is");
	reply_free(&r);
}

/* --claim-hours: an hour, and the values refused. */
static void
test_claim_hours(void)
{
	static const char *const one[] = { "--claim-hours", "1", NULL };
	static const char *const bad[][4] = {
		{ "serve", "--claim-hours", "0", NULL },
		{ "serve", "--claim-hours", "8761", NULL },
		{ "serve", "--claim-hours", "2x", NULL },
	};
	char out[4096], err[1024], sql[256], when[32];
	long id = ask();
	time_t t = time(NULL) - 2 * 3600;
	struct tm tm;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(cli_run((const char *const *)bad[i], out, sizeof(out),
		    err, sizeof(err)), 2, "serve --claim-hours %s: exit 2",
		    bad[i][2]);
	cli_run((const char *[]){ "serve", "--help", NULL }, out, sizeof(out),
	    err, sizeof(err));
	ok(strstr(out, "--claim-hours N") != NULL, "--help names it");
	act(vol, id, "claim", "{}", NULL);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(sql, sizeof(sql), "UPDATE claim SET claimed_at = '%s' WHERE "
	    "need_id = %ld", when, id);
	db_write(&S, sql);
	server_restart(&S);
	ok(status_is(id, "matched"), "two hours old: kept at the default 48");
	server_args = one;
	server_restart(&S);
	server_args = NULL;
	ok(status_is(id, "open"), "with --claim-hours 1 it expires");
}

/* Eight volunteers claim one ask at the same moment. */
#define RACERS 8

static void
test_race(void)
{
	static struct racer racers[RACERS];
	int round, i;
	char name[32], path[64];
	long id;

	for (i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "racer%d", i);
		login(name, "volunteer", "1", racers[i].auth,
		    sizeof(racers[i].auth));
	}
	for (round = 0; round < 5; round++) {
		id = ask();
		snprintf(path, sizeof(path), "/needs/%ld/claim", id);
		http_race(&S, racers, RACERS, path, "{}", 1, NULL);
		is_int(http_race_count(racers, RACERS, 200, NULL), 1,
		    "round %d: exactly one of %d wins", round, RACERS);
		is_int(http_race_count(racers, RACERS, 409, NULL), RACERS - 1,
		    "the others get 409");
		is_int(http_race_count(racers, RACERS, 409, "someone else has "
		    "already claimed this ask"), RACERS - 1,
		    "saying someone else has claimed it");
		is_int(scalar("SELECT count(*) FROM claim WHERE need_id = %ld",
		    id), 1, "one claim is written");
	}
}

/*
 * Eight coordinators close one ask at the same moment: one move, the
 * others told it is no longer open (409, not a failure of the server),
 * and the tally moved once. On PostgreSQL the writers run side by side:
 * the ask's row lock (need_lock) is what makes the second read the
 * first's move.
 */
static void
test_race_status(void)
{
	static struct racer racers[RACERS];
	char name[32], path[64];
	long id, open, closed;
	int round, i;

	for (i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "closer%d", i);
		login(name, "coordinator", NULL, racers[i].auth,
		    sizeof(racers[i].auth));
	}
	for (round = 0; round < 3; round++) {
		id = ask();
		open = db_scalar(&S, "SELECT coalesce(sum(n), 0) FROM need_tally "
		    "WHERE status = 'open'");
		closed = db_scalar(&S, "SELECT coalesce(sum(n), 0) FROM need_tally "
		    "WHERE status = 'closed'");
		snprintf(path, sizeof(path), "/needs/%ld/status", id);
		http_race(&S, racers, RACERS, path,
		    "{\"status\":\"closed\",\"reason\":\"met elsewhere\"}",
		    1, NULL);
		is_int(http_race_count(racers, RACERS, 200, NULL), 1,
		    "round %d: one of %d closes it", round, RACERS);
		is_int(http_race_count(racers, RACERS, 409, NULL), RACERS - 1,
		    "the others get 409");
		is_int(db_scalar(&S, "SELECT coalesce(sum(n), 0) FROM need_tally "
		    "WHERE status = 'open'"), open - 1, "open asks: one less");
		is_int(db_scalar(&S, "SELECT coalesce(sum(n), 0) FROM need_tally "
		    "WHERE status = 'closed'"), closed + 1,
		    "closed asks: one more");
	}
}

int
main(void)
{
	server_start(&S);
	setup();
	test_deliver_confirm();
	test_failures();
	test_release();
	test_retention();
	test_link();
	test_pages();
	test_expiry();
	test_claim_hours();
	test_race();
	test_race_status();
	is_int(server_stop(&S), 0, "the server stops cleanly on SIGTERM");
	return tap_done();
}
