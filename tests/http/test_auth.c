/*
 * Accounts over a real socket: signing in and out, sessions (fixation,
 * expiry, revocation), CSRF, the sign-in rate limit across a restart, API
 * tokens, the security headers, and the whole permission matrix: every
 * route for every role and for nobody, in JSON and in HTML.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "http/route.h"
#include "render/i18n.h"

static struct server S;
static char retry_after[32];	/* of the last sign-in attempt */
static char login_location[512];	/* where the last sign-in sent to */
static const char *login_next;	/* the next= sign_in sends, or NULL */
static char vol_auth[128], org_auth[128], coord_auth[128], vol2_auth[128];
static char admin_pw[128];

/* A user of the role, with an API token; "Bearer …" into auth. */
static void
add_user(const char *login, const char *role, const char *zone, char *auth,
    size_t len)
{
	char line[256], token[128];

	if (server_cli(&S, (const char *[]){ "user", "add", login, "--role",
	    role, "--zone", zone, NULL }, line, sizeof(line)) != 0 ||
	    server_cli(&S, (const char *[]){ "token", "add", login, NULL },
	    token, sizeof(token)) != 0)
		printf("not ok - cannot add %s\n", login);
	snprintf(auth, len, "Bearer %.100s", token);
}

/* The one-time password printed by user add or user password. */
static void
reset_password(const char *login, char *out, size_t len)
{
	char line[256];
	const char *p;

	server_cli(&S, (const char *[]){ "user", "password", login, NULL },
	    line, sizeof(line));
	p = strrchr(line, ' ');
	snprintf(out, len, "%.100s", p ? p + 1 : line);
}

static void
seed(void)
{
	struct reply r;

	http_json(&S, "POST", "/zones", "{\"name\":\"Centro\"}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/zones", "{\"name\":\"Norte\"}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/people", "{\"name\":\"Rosa Parks\","
	    "\"phone\":\"+15550100001\",\"zone_id\":1}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/needs", "{\"person_id\":1,\"category\":"
	    "\"groceries\",\"details\":\"Food for two\",\"urgency\":2,"
	    "\"zone_id\":1}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/offers", "{\"person_id\":1,\"category\":"
	    "\"transport\",\"details\":\"Rides\",\"zone_id\":1}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/grievances", "{\"title\":\"No heat\","
	    "\"person_ids\":[1]}", &r);
	reply_free(&r);
	/* Target 1 and conversation 1, so that their pages render. */
	http_json(&S, "POST", "/targets", "{\"name\":\"Greenleaf\","
	    "\"kind\":\"landlord\"}", &r);
	reply_free(&r);
	http_json(&S, "POST", "/conversations", "{\"person_id\":1,"
	    "\"how\":\"door\",\"target_id\":1}", &r);
	reply_free(&r);
	add_user("vol", "volunteer", "1", vol_auth, sizeof(vol_auth));
	add_user("vol2", "volunteer", "2", vol2_auth, sizeof(vol2_auth));
	add_user("org", "organizer", "1", org_auth, sizeof(org_auth));
	add_user("coord", "coordinator", "1", coord_auth,
	    sizeof(coord_auth));
	reset_password("admin", admin_pw, sizeof(admin_pw));
	/* Run 1: vol drives it, with the claim on a second ask (ask 1 stays
	 * unclaimed for the rows above that need it so). */
	http_json(&S, "POST", "/needs", "{\"person_id\":1,\"category\":"
	    "\"rent\",\"details\":\"Rent due\",\"urgency\":1,"
	    "\"zone_id\":1}", &r);
	reply_free(&r);
	http_auth = vol_auth;
	http_json(&S, "POST", "/needs/2/claim", "{}", &r);
	reply_free(&r);
	http_auth = NULL;
	http_json(&S, "POST", "/runs", "{\"driver_id\":2,"
	    "\"claim_ids\":[1]}", &r);
	if (r.status != 201)
		printf("not ok - cannot make run 1: %ld\n", r.status);
	reply_free(&r);
	/* Campaign 1 with action 1, for the rows that read them. */
	if (http_created(&S, "/campaigns", "{\"demand\":\"Fix the heat\"}") !=
	    1 || http_created(&S, "/campaigns/1/actions",
	    "{\"kind\":\"rally\",\"date\":\"2026-12-10\"}") != 1)
		printf("not ok - cannot make campaign 1 and its action\n");
	/* Program 1, every day: its session 1 is today's. */
	if (http_created(&S, "/programs", "{\"name\":\"Free store\","
	    "\"kind\":\"free_store\",\"schedule\":\"Mon-Sun 00:00-23:59\"}")
	    != 1)
		printf("not ok - cannot make program 1\n");
	/* Item 1 at location 1 (zone 1), by move 1, for the stock rows. */
	if (http_created(&S, "/items", "{\"name\":\"Rice\",\"unit\":"
	    "\"kg\",\"category\":\"groceries\"}") != 1 ||
	    http_created(&S, "/locations", "{\"name\":\"Hall pantry\","
	    "\"kind\":\"pantry\",\"zone_id\":1}") != 1 ||
	    http_created(&S, "/stock/moves", "{\"kind\":\"in\",\"reason\":"
	    "\"donation\",\"item_id\":1,\"quantity\":5,"
	    "\"location_id\":1}") != 1)
		printf("not ok - cannot make item 1, location 1, move 1\n");
	/* Curriculum 1 and its event 1, for the rows that read them. */
	if (http_created(&S, "/curricula", "{\"name\":\"School\"}") != 1 ||
	    http_created(&S, "/events", "{\"name\":\"Study group\","
	    "\"kind\":\"study_group\",\"date\":\"2027-01-10\","
	    "\"curriculum\":1}") != 1)
		printf("not ok - cannot make curriculum 1 and event 1\n");
	/* Fund 1, public, and its reimbursement 1, for the funds' rows. */
	if (http_created(&S, "/funds", "{\"name\":\"Rent fund\","
	    "\"currency\":\"EUR\",\"public\":true}") != 1 ||
	    http_created(&S, "/funds/1/reimbursements", "{\"person_id\":1,"
	    "\"amount_minor\":500,\"note\":\"bus fare\"}") != 1)
		printf("not ok - cannot make fund 1 and reimbursement 1\n");
	/* Issue 1 of the bulletin, published and public: anyone reads it. */
	if (http_created(&S, "/bulletin", "{\"title\":\"News\"}") != 1 ||
	    http_status(&S, "POST", "/bulletin/1/publish",
	    "{\"public\":true}") != 200)
		printf("not ok - cannot publish issue 1 of the bulletin\n");
}

/* A fresh anonymous client: its form token from the sign-in page. */
static void
anon_csrf(char *csrf, size_t len)
{
	struct reply r;

	http_auth = "";
	http_header = NULL;
	http(&S, "GET", "/login", "text/html", NULL, NULL, 0, &r);
	if (reply_cookie(&r, "csrf", csrf, len) == -1)
		csrf[0] = '\0';
	reply_free(&r);
}

/* Sign in through the form; the session cookie into sid, or "". */
static long
sign_in(const char *user, const char *pw, const char *planted, char *sid,
    size_t len)
{
	char csrf[128], cookie[512], body[512];
	struct reply r;
	long status;

	anon_csrf(csrf, sizeof(csrf));
	snprintf(cookie, sizeof(cookie), "Cookie: csrf=%s%s%s", csrf,
	    planted ? "; sid=" : "", planted ? planted : "");
	snprintf(body, sizeof(body), "user=%s&password=%s&_csrf=%s%s%s", user,
	    pw, csrf, login_next ? "&next=" : "", login_next ? login_next : "");
	http_auth = "";
	http_header = cookie;
	http_form(&S, "/login", body, &r);
	status = r.status;
	snprintf(login_location, sizeof(login_location), "%s",
	    reply_header(&r, "Location") ? reply_header(&r, "Location") : "");
	snprintf(retry_after, sizeof(retry_after), "%s",
	    reply_header(&r, "Retry-After") ? reply_header(&r, "Retry-After") :
	    "");
	if (reply_cookie(&r, "sid", sid, len) == -1)
		sid[0] = '\0';
	reply_free(&r);
	http_header = NULL;
	return status;
}

/* The form token of the page in r (its _csrf field) into out, or "". */
static void
page_csrf(struct reply *r, char *out, size_t len)
{
	const char *p = strstr(r->body, "name=\"_csrf\" value=\""), *e;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += 20;
	e = strchr(p, '"');
	if (e != NULL)
		snprintf(out, len, "%.*s", (int)(e - p), p);
}

static void
test_sessions(void)
{
	char sid[128], sid2[128], cookie[256], csrf[128], body[256];
	struct reply r;
	long zones;

	is_int(sign_in("admin", admin_pw, NULL, sid, sizeof(sid)), 303,
	    "signing in redirects");
	ok(strlen(sid) >= 40, "and sets a session cookie");
	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	reply_free(&r);

	snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid);
	http_auth = "";
	http_header = cookie;
	http(&S, "GET", "/account", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the session opens a page");
	ok(strstr(r.body, ">admin<") != NULL, "showing who is signed in");
	/* The page's form token, to post with the session. */
	page_csrf(&r, csrf, sizeof(csrf));
	reply_free(&r);

	zones = db_count(&S, "zone");
	http_form(&S, "/zones", "name=Sur", &r);
	is_int(r.status, 403, "a cookie post without the form token: 403");
	is_str(error_code(&r), "", "(an HTML page, not JSON)");
	reply_free(&r);
	snprintf(body, sizeof(body), "name=Sur&_csrf=%s", "forged");
	http_form(&S, "/zones", body, &r);
	is_int(r.status, 403, "a forged form token: 403");
	reply_free(&r);
	is_int(db_count(&S, "zone"), zones, "and nothing is written");
	snprintf(body, sizeof(body), "name=Sur&_csrf=%s", csrf);
	http_form(&S, "/zones", body, &r);
	is_int(r.status, 303, "with the page's form token it goes through");
	reply_free(&r);

	/* Fixation: a session id planted before sign-in is never adopted. */
	is_int(sign_in("admin", admin_pw, "planted-by-an-attacker", sid2,
	    sizeof(sid2)), 303, "signing in with a planted cookie");
	ok(strcmp(sid2, "planted-by-an-attacker") != 0 && strlen(sid2) >= 40,
	    "gets a new session id");
	ok(strcmp(sid2, sid) != 0, "a new one at every sign-in");

	/* Sign-out ends the session on the server, not just the cookie. */
	snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid2);
	http_header = cookie;
	http(&S, "GET", "/account", "text/html", NULL, NULL, 0, &r);
	page_csrf(&r, csrf, sizeof(csrf));
	reply_free(&r);
	snprintf(body, sizeof(body), "_csrf=%s", csrf);
	http_form(&S, "/logout", body, &r);
	is_int(r.status, 303, "signing out");
	reply_free(&r);
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 401, "the session is gone after sign-out");
	reply_free(&r);

	/* Expiry: a session idle past the limit no longer opens anything. */
	snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid);
	http_header = cookie;
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the first session is still alive");
	reply_free(&r);
	db_write(&S, "UPDATE login_session SET seen_at = seen_at - 50000");
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 401, "after 12 idle hours it has expired");
	reply_free(&r);
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 303, "a page then sends the browser to sign in");
	ok(reply_header(&r, "Location") != NULL && strncmp(reply_header(&r,
	    "Location"), "/login?next=", 12) == 0, "and back here afterwards");
	reply_free(&r);
	http_header = NULL;
	http_auth = NULL;
}

static void
test_login_errors(void)
{
	char sid[128];
	int i;
	long st = 0;

	/* The sign-ins of the tests before count for nothing here. */
	db_write(&S, "DELETE FROM rate_limit");
	is_int(sign_in("admin", "wrong-password", NULL, sid, sizeof(sid)),
	    422, "a wrong password: 422");
	is_int(sign_in("nobody", "wrong-password", NULL, sid, sizeof(sid)),
	    422, "an unknown user: the same 422");
	ok(sid[0] == '\0', "and no session");
	/* Eight more attempts fill the minute's ten; the eleventh is refused. */
	for (i = 0; i < 9; i++)
		st = sign_in("coord", "wrong-password", NULL, sid, sizeof(sid));
	is_int(st, 429, "the eleventh attempt in a minute: 429");
	ok(atoi(retry_after) > 0 && atoi(retry_after) <= 60,
	    "with Retry-After (%s s)", retry_after);
	is_int(server_restart(&S), 0, "the server restarts cleanly");
	is_int(sign_in("coord", "wrong-password", NULL, sid, sizeof(sid)),
	    429, "and the limit survives the restart");
	http_auth = NULL;
}

/*
 * A form sign-in as user from the loopback address from (127.0.0.2, …:
 * Linux answers for all of 127/8), over a raw socket, with a form token
 * of the client's own making (double submit). The status, or -1.
 */
static long
sign_in_from(const char *from, const char *user, const char *pw)
{
	static const char csrf[] = "0123456789abcdef0123456789abcdef";
	struct sockaddr_in sa = { 0 };
	char req[1024], body[256], resp[4096];
	size_t got = 0;
	ssize_t n;
	long status = -1;
	int fd, len;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	sa.sin_family = AF_INET;
	inet_pton(AF_INET, from, &sa.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		goto out;
	sa.sin_port = htons((uint16_t)S.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		goto out;
	snprintf(body, sizeof(body), "user=%s&password=%s&_csrf=%s", user, pw,
	    csrf);
	len = snprintf(req, sizeof(req), "POST /login HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAccept: application/json\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: csrf=%s\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s", csrf, strlen(body), body);
	if (write(fd, req, (size_t)len) != len)
		goto out;
	while (got < sizeof(resp) - 1 &&
	    (n = read(fd, resp + got, sizeof(resp) - 1 - got)) > 0)
		got += (size_t)n;
	resp[got] = '\0';
	if (strncmp(resp, "HTTP/1.1 ", 9) == 0)
		status = atol(resp + 9);
out:
	close(fd);
	return status;
}

/*
 * Guessing at a login locks out the guesser, never the login's owner:
 * once a login has had its ten attempts in a minute, only an address that
 * has not failed at it since its last success may still try. Only
 * failures use up an address's ten a minute. Each step
 * signs in times times from an address (A to E: 127.0.0.2 to .6), each
 * answered status; a step without an address starts a new minute.
 */
static void
test_login_lockout(void)
{
	static const struct {
		const char	*from, *user;
		int		 right, times;
		long		 status;
		const char	*what;
	} steps[] = {
		{ NULL, NULL, 0, 0, 0, NULL },
		{ "127.0.0.2", "admin", 0, 10, 422, "ten bad passwords from A" },
		{ "127.0.0.3", "admin", 1, 1, 200, "the right one from B" },
		{ "127.0.0.2", "admin", 1, 1, 429, "the right one from A" },
		{ "127.0.0.3", "admin", 1, 1, 200, "from B again" },
		{ "127.0.0.3", "admin", 0, 1, 422, "a typo from B" },
		/* An address that has failed at the login waits too. */
		{ "127.0.0.3", "admin", 1, 1, 429, "the right one from B now" },
		/* Not the limit per address: two guessers, under ten each. */
		{ NULL, NULL, 0, 0, 0, NULL },
		{ "127.0.0.4", "admin", 0, 6, 422, "six guesses from C" },
		{ "127.0.0.5", "admin", 0, 4, 422, "four from D" },
		{ "127.0.0.5", "admin", 1, 1, 429, "the right one from D" },
		{ "127.0.0.5", "coord", 0, 1, 422, "another login from D" },
		{ "127.0.0.6", "admin", 1, 1, 200, "the right one from E" },
		/*
		 * People behind one address (an office, a phone network's
		 * NAT): successes give their count back, failures do not.
		 */
		{ NULL, NULL, 0, 0, 0, NULL },
		{ "127.0.0.2", "admin", 1, 15, 200, "fifteen sign-ins from A" },
		{ "127.0.0.2", "coord", 0, 9, 422, "then nine failures" },
		{ "127.0.0.2", "admin", 1, 1, 200, "the right one still" },
		{ "127.0.0.2", "coord", 0, 1, 422, "a tenth failure" },
		{ "127.0.0.2", "vol", 0, 1, 429, "the eleventh: 429" },
		{ "127.0.0.2", "admin", 1, 1, 429, "and the right one waits too" },
		{ NULL, NULL, 0, 0, 0, NULL },
	};
	size_t i;
	int n, bad;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].from == NULL) {
			db_write(&S, "DELETE FROM rate_limit");
			continue;
		}
		for (n = bad = 0; n < steps[i].times; n++)
			if (sign_in_from(steps[i].from, steps[i].user,
			    steps[i].right ? admin_pw : "wrong-password") !=
			    steps[i].status)
				bad++;
		ok(bad == 0, "%s: %ld", steps[i].what, steps[i].status);
	}
}

static void
test_tokens(void)
{
	struct reply r;
	char auth[128];
	long id;

	http_json(&S, "POST", "/account/tokens", "{\"label\":\"script\"}", &r);
	is_int(r.status, 201, "a token is made from the account");
	snprintf(auth, sizeof(auth), "Bearer %s", json_string_value(
	    json_object_get(r.json, "token")));
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	http_auth = auth;
	http_json(&S, "GET", "/needs", NULL, &r);
	is_int(r.status, 200, "the new token works");
	reply_free(&r);
	http_auth = NULL;
	{
		char path[64];

		snprintf(path, sizeof(path), "/account/tokens/%ld/revoke", id);
		http_json(&S, "POST", path, "{}", &r);
		is_int(r.status, 200, "and is revoked");
		reply_free(&r);
		http_auth = vol_auth;
		http_json(&S, "POST", path, "{}", &r);
		is_int(r.status, 404, "nobody revokes another's token");
		reply_free(&r);
	}
	http_auth = auth;
	http_json(&S, "GET", "/needs", NULL, &r);
	is_int(r.status, 401, "a revoked token opens nothing");
	reply_free(&r);
	http_auth = "Bearer not-a-token";
	http_json(&S, "GET", "/needs", NULL, &r);
	is_int(r.status, 401, "nor does a made-up one");
	reply_free(&r);
	http_auth = NULL;
}

/* The session cookie of sid as the next requests' only credential. */
static void
as_session(const char *sid, char *cookie, size_t len)
{
	snprintf(cookie, len, "Cookie: sid=%s", sid);
	http_auth = "";
	http_header = cookie;
}

/* A form post with the session of cookie; the status. */
static long
session_post(const char *path, const char *body)
{
	struct reply r;
	long status;

	http_form(&S, path, body, &r);
	status = r.status;
	reply_free(&r);
	return status;
}

/*
 * Changing one's password at /account: a wrong current password is a 422
 * that writes nothing; then the old password signs in no more and the new
 * one does.
 */
static void
test_password(void)
{
	char pw[128], sid[128], cookie[256], csrf[128], body[512];
	char *hash, *after;
	struct reply r;
	long audit;

	reset_password("org", pw, sizeof(pw));
	is_int(sign_in("org", pw, NULL, sid, sizeof(sid)), 303,
	    "the organizer signs in");
	as_session(sid, cookie, sizeof(cookie));
	http(&S, "GET", "/account", "text/html", NULL, NULL, 0, &r);
	page_csrf(&r, csrf, sizeof(csrf));
	reply_free(&r);
	hash = db_text(&S, "SELECT password_hash FROM app_user WHERE "
	    "login = 'org'");
	audit = db_count(&S, "audit");

	snprintf(body, sizeof(body), "current=not-it&new=a-new-password-1&"
	    "_csrf=%s", csrf);
	http_form(&S, "/account/password", body, &r);
	is_int(r.status, 422, "a wrong current password: 422");
	ok(strstr(r.body, "current-error") != NULL,
	    "the form says which field");
	reply_free(&r);
	after = db_text(&S, "SELECT password_hash FROM app_user WHERE "
	    "login = 'org'");
	ok(hash != NULL && after != NULL && strcmp(hash, after) == 0,
	    "and the password is unchanged");
	free(after);
	is_int(db_count(&S, "audit"), audit, "nor anything audited");

	snprintf(body, sizeof(body), "current=%s&new=a-new-password-1&"
	    "_csrf=%s", pw, csrf);
	http_form(&S, "/account/password", body, &r);
	is_int(r.status, 303, "the right current password: changed");
	is_str(reply_header(&r, "Location"), "/account",
	    "back to the account page");
	reply_free(&r);
	after = db_text(&S, "SELECT password_hash FROM app_user WHERE "
	    "login = 'org'");
	ok(hash != NULL && after != NULL && strcmp(hash, after) != 0 &&
	    strstr(after, "a-new-password-1") == NULL,
	    "a new hash is stored, not the password");
	free(after);
	free(hash);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'password.change'"), 1, "the change is audited once");
	http_header = NULL;
	is_int(sign_in("org", pw, NULL, sid, sizeof(sid)), 422,
	    "the old password is refused afterwards");
	is_int(sign_in("org", "a-new-password-1", NULL, sid, sizeof(sid)),
	    303, "the new one signs in");
	http_auth = NULL;
}

/* A session's page as JSON: its status (200 alive, 401 ended). */
static long
session_alive(const char *sid)
{
	char cookie[256];
	struct reply r;
	long status;

	as_session(sid, cookie, sizeof(cookie));
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	status = r.status;
	reply_free(&r);
	http_header = NULL;
	return status;
}

/* An API token's status on a page: 200 valid, 401 revoked. */
static long
token_alive(const char *auth)
{
	struct reply r;
	long status;

	http_auth = auth;
	http_json(&S, "GET", "/account", NULL, &r);
	status = r.status;
	reply_free(&r);
	http_auth = NULL;
	return status;
}

/* Change the password of the session sid from cur to new; the status. */
static long
change_password(const char *sid, const char *cur, const char *new,
    const char *extra)
{
	char cookie[256], csrf[128], body[512];
	struct reply r;

	as_session(sid, cookie, sizeof(cookie));
	http(&S, "GET", "/account", "text/html", NULL, NULL, 0, &r);
	page_csrf(&r, csrf, sizeof(csrf));
	reply_free(&r);
	snprintf(body, sizeof(body), "current=%s&new=%s&_csrf=%s%s", cur, new,
	    csrf, extra);
	return session_post("/account/password", body);
}

/*
 * A new password signs out whoever else holds the old one: every other
 * session ends, the one that changed it goes on, and the API tokens are
 * revoked unless keep_tokens says to keep them.
 */
static void
test_password_sessions(void)
{
	char pw[128], sid[128], other[128], auth[160], line[160];
	char cookie[256];
	struct reply r;

	db_write(&S, "DELETE FROM rate_limit");
	reset_password("coord", pw, sizeof(pw));
	sign_in("coord", pw, NULL, sid, sizeof(sid));
	sign_in("coord", pw, NULL, other, sizeof(other));
	is_int(session_alive(other), 200, "another session of the login");
	is_int(token_alive(coord_auth), 200, "and its API token work");
	as_session(sid, cookie, sizeof(cookie));
	http(&S, "GET", "/account", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "name=\"keep_tokens\" value=\"yes\"") != NULL,
	    "the form offers to keep the API tokens");
	reply_free(&r);
	is_int(change_password(sid, pw, "a-new-password-2", ""), 303,
	    "the password is changed");
	is_int(session_alive(sid), 200, "the session that changed it goes on");
	is_int(session_alive(other), 401, "every other session has ended");
	is_int(token_alive(coord_auth), 401, "and the API token is revoked");

	is_int(server_cli(&S, (const char *[]){ "token", "add", "coord", NULL },
	    line, sizeof(line)), 0, "a new token for the login");
	snprintf(auth, sizeof(auth), "Bearer %.120s", line);
	sign_in("coord", "a-new-password-2", NULL, other, sizeof(other));
	is_int(change_password(sid, "a-new-password-2", "a-new-password-3",
	    "&keep_tokens=yes"), 303, "changed again, keeping the tokens");
	is_int(token_alive(auth), 200, "the token still works");
	is_int(session_alive(other), 401, "the other session ends all the same");
	is_int(session_alive(sid), 200, "this one goes on");

	/* Through the API with a token: every session ends. */
	http_auth = auth;
	http_json(&S, "POST", "/account/password", "{\"current\":"
	    "\"a-new-password-3\",\"new\":\"a-new-password-4\","
	    "\"keep_tokens\":\"yes\"}", &r);
	is_int(r.status, 200, "a change through the API");
	ok(json_is_true(json_object_get(r.json, "tokens_kept")),
	    "says the tokens were kept");
	reply_free(&r);
	is_int(session_alive(sid), 401, "and ends the sessions");
	is_int(token_alive(auth), 200, "but not the token that asked to keep");
	http_auth = NULL;
}

/*
 * Changing a password checks the current one, an Argon2id hash each time:
 * ten attempts a minute, then 429, the right password included.
 */
static void
test_password_limit(void)
{
	char pw[128], body[256], *hash, *after;
	struct reply r;
	int i;

	db_write(&S, "DELETE FROM rate_limit");
	reset_password("vol", pw, sizeof(pw));
	hash = db_text(&S, "SELECT password_hash FROM app_user WHERE "
	    "login = 'vol'");
	http_auth = vol_auth;
	for (i = 0; i < 10; i++) {
		http_json(&S, "POST", "/account/password", "{\"current\":"
		    "\"not-it\",\"new\":\"a-new-password-1\"}", &r);
		if (r.status != 422)
			break;
		reply_free(&r);
	}
	is_int(i, 10, "ten wrong current passwords in a minute: 422 each");
	if (i < 10)
		reply_free(&r);
	snprintf(body, sizeof(body), "{\"current\":\"%s\",\"new\":"
	    "\"a-new-password-1\"}", pw);
	http_json(&S, "POST", "/account/password", body, &r);
	is_int(r.status, 429, "the eleventh, even the right one: 429");
	ok(reply_header(&r, "Retry-After") != NULL, "with Retry-After");
	reply_free(&r);
	after = db_text(&S, "SELECT password_hash FROM app_user WHERE "
	    "login = 'vol'");
	ok(hash != NULL && after != NULL && strcmp(hash, after) == 0,
	    "and the password is unchanged");
	free(hash);
	free(after);
	http_auth = NULL;
	db_write(&S, "DELETE FROM rate_limit");
}

/*
 * Where signing in sends the browser: a path on this server, and "/" for
 * anything that would leave it, however it is written or escaped.
 */
static void
test_next(void)
{
	static const struct {
		const char	*next;	/* as sent, URL-encoded */
		const char	*to;	/* Location, or NULL for a 422 */
	} cases[] = {
		{ "/needs/1", "/needs/1" },
		{ "%2Fneeds%3Fstatus%3Dopen", "/needs?status=open" },
		{ "//evil.example/", "/" },
		{ "%2F%2Fevil.example%2F", "/" },
		{ "/%5Cevil.example/", "/" },
		{ "%2F%5Cevil.example", "/" },
		{ "http://evil.example/", "/" },
		{ "https://evil.example/", "/" },
		{ "https%3A%2F%2Fevil.example%2F", "/" },
		{ "%252F%252Fevil.example", "/" },
		{ "evil.example", "/" },
		{ "javascript:alert(1)", "/" },
		/* A browser drops a tab or a line break in a URL: refused. */
		{ "/%09/evil.example", NULL },
		{ "/x%0D%0ALocation:%20http://evil.example", NULL },
	};
	char path[256], sid[128];
	struct reply r;
	size_t i;

	/* Signed in (the admin's token), /login sends the browser on. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "/login?next=%s", cases[i].next);
		http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
		if (cases[i].to == NULL)
			is_int(r.status, 422, "next=%s: 422", cases[i].next);
		else
			ok(r.status == 303 && reply_header(&r, "Location") &&
			    strcmp(reply_header(&r, "Location"),
			    cases[i].to) == 0, "next=%s goes to %s",
			    cases[i].next, cases[i].to);
		reply_free(&r);
	}
	/* And so does signing in through the form (with a new minute's
	 * budget of sign-ins: the tests before used most of it). */
	db_write(&S, "DELETE FROM rate_limit");
	login_next = "%2F%2Fevil.example";
	sign_in("admin", admin_pw, NULL, sid, sizeof(sid));
	is_str(login_location, "/", "signing in with next=//evil goes to /");
	login_next = "https://evil.example/";
	sign_in("admin", admin_pw, NULL, sid, sizeof(sid));
	is_str(login_location, "/", "with next=https://evil too");
	login_next = "%2Fzones";
	sign_in("admin", admin_pw, NULL, sid, sizeof(sid));
	is_str(login_location, "/zones", "and with next=/zones to /zones");
	login_next = NULL;
	http_auth = NULL;
}

/*
 * Signing out and revoking a token are writes: nobody gets 401, and a
 * session without the form token 403, and the token still works.
 */
static void
test_account_writes(void)
{
	char auth[128], path[64], sid[128], cookie[256];
	struct reply r;
	long id;

	http_json(&S, "POST", "/account/tokens", "{\"label\":\"kept\"}", &r);
	snprintf(auth, sizeof(auth), "Bearer %s", json_string_value(
	    json_object_get(r.json, "token")));
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	snprintf(path, sizeof(path), "/account/tokens/%ld/revoke", id);

	http_auth = "";
	http_json(&S, "POST", "/logout", "{}", &r);
	is_int(r.status, 401, "nobody signs out: 401");
	reply_free(&r);
	http_form(&S, "/logout", "", &r);
	is_int(r.status, 401, "nor from a form");
	reply_free(&r);
	http_json(&S, "POST", path, "{}", &r);
	is_int(r.status, 401, "nobody revokes a token: 401");
	reply_free(&r);
	sign_in("admin", admin_pw, NULL, sid, sizeof(sid));
	as_session(sid, cookie, sizeof(cookie));
	is_int(session_post(path, ""), 403,
	    "its owner's session without the form token: 403");
	is_int(session_post("/logout", ""), 403,
	    "nor signs out without it");
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the session is still alive");
	reply_free(&r);
	http_header = NULL;
	http_auth = auth;
	http_json(&S, "GET", "/needs", NULL, &r);
	is_int(r.status, 200, "and so is the token");
	reply_free(&r);
	http_auth = NULL;
}

/* Bad inputs of the account routes: 422 naming the field, nothing kept. */
static void
test_account_input(void)
{
	static const struct {
		const char	*method, *path, *body, *field, *what;
	} cases[] = {
		{ "GET", "/admin/audit?user_id=abc", NULL, "user_id",
		    "an audit filter by a user id that is no number" },
		{ "GET", "/admin/audit?user_id=0", NULL, "user_id",
		    "an audit filter by user id 0" },
		{ "POST", "/account/tokens", "{}", "label",
		    "a token without a label" },
		{ "POST", "/account/tokens", "{\"label\":\"\"}", "label",
		    "a token with an empty label" },
		{ "POST", "/account/password", "{\"current\":\"not-it\","
		    "\"new\":\"a-new-password-1\"}", "current",
		    "a wrong current password in JSON" },
		{ "POST", "/account/password", "{\"current\":\"x\","
		    "\"new\":\"short\"}", "new",
		    "a new password under 10 characters" },
	};
	char label[160], path[640], *before;
	struct reply r;
	size_t i;

	before = db_snapshot(&S);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		http_json(&S, cases[i].method, cases[i].path, cases[i].body,
		    &r);
		ok(r.status == 422 && strcmp(error_field(&r), cases[i].field)
		    == 0, "%s: 422 on %s", cases[i].what, cases[i].field);
		reply_free(&r);
	}
	memset(label, 'a', 101);
	label[101] = '\0';
	snprintf(path, sizeof(path), "{\"label\":\"%s\"}", label);
	http_json(&S, "POST", "/account/tokens", path, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "label") == 0,
	    "a label of 101 characters: 422");
	reply_free(&r);
	{
		char *after = db_snapshot(&S);

		ok(strcmp(before, after) == 0, "and none of them wrote");
		free(after);
	}
	free(before);
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	memcpy(path, "/login?next=/", 13);
	http_auth = "";
	http_json(&S, "GET", path, NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "next") == 0,
	    "a next of over 500 characters: 422");
	reply_free(&r);
	http_auth = NULL;
}

static void
test_headers_and_audit(void)
{
	struct reply r;
	const char *csp;
	long before = db_count(&S, "audit");

	http_auth = "";
	http(&S, "GET", "/login", "text/html", NULL, NULL, 0, &r);
	http_auth = NULL;
	csp = reply_header(&r, "Content-Security-Policy");
	ok(csp != NULL && strstr(csp, "default-src 'none'") != NULL &&
	    strstr(csp, "unsafe-") == NULL && strstr(csp, "script-src "
	    "'self';") != NULL && strstr(csp, "connect-src 'self';") != NULL,
	    "a CSP that allows script from the server's own files only, "
	    "never inline, fetching only from itself");
	ok(csp != NULL && strstr(csp, "frame-ancestors 'none'") != NULL,
	    "and no framing");
	is_str(reply_header(&r, "X-Content-Type-Options"), "nosniff",
	    "nosniff");
	is_str(reply_header(&r, "Referrer-Policy"), "no-referrer",
	    "no referrer");
	ok(reply_header(&r, "Set-Cookie") != NULL && strstr(reply_header(&r,
	    "Set-Cookie"), "HttpOnly") && strstr(reply_header(&r,
	    "Set-Cookie"), "SameSite=Lax"), "cookies are HttpOnly, SameSite");
	reply_free(&r);

	http_json(&S, "POST", "/zones", "{\"name\":\"Audited\"}", &r);
	reply_free(&r);
	is_int(db_count(&S, "audit"), before + 1, "a write leaves an entry");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'zone.create' AND user_id = 1 AND ip = '127.0.0.1' AND "
	    "entity_id = (SELECT max(id) FROM zone)"), 1,
	    "saying who, what, which record and from where");
	http_json(&S, "POST", "/zones", "{\"name\":\"\"}", &r);
	reply_free(&r);
	is_int(db_count(&S, "audit"), before + 1,
	    "a refused write leaves no entry");
	http_json(&S, "GET", "/admin/audit", NULL, &r);
	is_int(r.status, 200, "admins read the audit log");
	ok(json_array_size(json_object_get(r.json, "items")) > 0,
	    "with the entries");
	reply_free(&r);
}

/*
 * The permission matrix as a specification, written by hand from
 * docs/privacy.md and the tables of docs/api.md, never read from the route
 * table under test: a route whose least role is lowered or raised in
 * src/http/route.c answers otherwise than this table says, and a route
 * added there without a row here fails the test.
 *
 * path is the one requested: its id names the seeded records (zone 1),
 * and a token id nobody holds, so that revoking ends no test credential.
 */
#define SPEC_ZONED	0x1	/* another zone's volunteer (for a run, not its
				   driver): 404 or none */
#define SPEC_CLAIM	0x2	/* below coordinator: 403 (none claimed) */
#define SPEC_GO_ON	0x4	/* a signed-in browser is sent on to / */
#define SPEC_NOT_ORG	0x8	/* an organizer: 403 (organizers do not claim) */
#define SPEC_DRIVER	0x10	/* an organizer, not its driver: 404 */
#define SPEC_SECRET	0x20	/* a secret in the path (none valid here):
				   404 to anyone, form token or not */

static const struct spec {
	const char	*method;
	const char	*pattern;
	const char	*path;
	enum role	 role;
	unsigned	 flags;
} spec[] = {
	{ "GET", "/", "/", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "GET", "/login", "/login", ROLE_NONE, SPEC_GO_ON },
	{ "POST", "/login", "/login", ROLE_NONE, 0 },
	{ "POST", "/logout", "/logout", ROLE_VOLUNTEER, 0 },
	{ "GET", "/account", "/account", ROLE_VOLUNTEER, 0 },
	{ "POST", "/account/password", "/account/password", ROLE_VOLUNTEER, 0 },
	{ "POST", "/account/tokens", "/account/tokens", ROLE_VOLUNTEER, 0 },
	{ "POST", "/account/tokens/:id/revoke", "/account/tokens/999/revoke",
	    ROLE_VOLUNTEER, 0 },
	{ "GET", "/admin/audit", "/admin/audit", ROLE_ADMIN, 0 },
	{ "GET", "/zones", "/zones", ROLE_VOLUNTEER, 0 },
	{ "POST", "/zones", "/zones", ROLE_COORDINATOR, 0 },
	{ "GET", "/zones/:id", "/zones/1", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "POST", "/zones/:id", "/zones/1", ROLE_COORDINATOR, 0 },
	{ "PATCH", "/zones/:id", "/zones/1", ROLE_COORDINATOR, 0 },
	{ "GET", "/people", "/people", ROLE_ORGANIZER, 0 },
	{ "GET", "/people/new", "/people/new", ROLE_ORGANIZER, 0 },
	{ "POST", "/people", "/people", ROLE_ORGANIZER, 0 },
	{ "GET", "/people/:id", "/people/1", ROLE_ORGANIZER, 0 },
	{ "GET", "/people/:id/edit", "/people/1/edit", ROLE_ORGANIZER, 0 },
	{ "GET", "/people/:id/contact", "/people/1/contact", ROLE_COORDINATOR,
	    0 },
	{ "POST", "/people/:id/forget", "/people/1/forget", ROLE_COORDINATOR,
	    0 },
	/* A person's stage and membership: organizers and above, as the
	 * person page that shows them (docs/privacy.md). */
	{ "POST", "/people/:id/stage", "/people/1/stage", ROLE_ORGANIZER, 0 },
	{ "POST", "/people/:id/membership", "/people/1/membership",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/people/:id/roles", "/people/1/roles", ROLE_ORGANIZER, 0 },
	/* Training: organizers read it and record completions; modules are
	 * added by coordinators. */
	{ "GET", "/trainings", "/trainings", ROLE_ORGANIZER, 0 },
	{ "POST", "/trainings", "/trainings", ROLE_COORDINATOR, 0 },
	{ "POST", "/trainings/:id/completions", "/trainings/1/completions",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/people/:id", "/people/1", ROLE_ORGANIZER, 0 },
	{ "PATCH", "/people/:id", "/people/1", ROLE_ORGANIZER, 0 },
	{ "GET", "/needs", "/needs", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "GET", "/needs/new", "/needs/new", ROLE_ORGANIZER, 0 },
	{ "POST", "/needs", "/needs", ROLE_ORGANIZER, 0 },
	{ "GET", "/needs/:id", "/needs/1", ROLE_VOLUNTEER, SPEC_ZONED },
	/* What an ask is about: organizers and above (docs/privacy.md). */
	{ "POST", "/needs/:id", "/needs/1", ROLE_ORGANIZER, 0 },
	{ "PATCH", "/needs/:id", "/needs/1", ROLE_ORGANIZER, 0 },
	{ "GET", "/needs/:id/contact", "/needs/1/contact", ROLE_VOLUNTEER,
	    SPEC_ZONED | SPEC_CLAIM },
	{ "POST", "/needs/:id/status", "/needs/1/status", ROLE_ORGANIZER, 0 },
	{ "POST", "/needs/:id/claim", "/needs/1/claim", ROLE_VOLUNTEER,
	    SPEC_ZONED | SPEC_NOT_ORG },
	{ "POST", "/needs/:id/release", "/needs/1/release", ROLE_VOLUNTEER,
	    SPEC_ZONED },
	{ "POST", "/needs/:id/calls", "/needs/1/calls", ROLE_VOLUNTEER,
	    SPEC_ZONED | SPEC_CLAIM },
	/* The claim's holder or a coordinator; nobody holds ask 1's: 409. */
	{ "POST", "/needs/:id/deliver", "/needs/1/deliver", ROLE_VOLUNTEER,
	    SPEC_ZONED },
	{ "POST", "/needs/:id/confirm", "/needs/1/confirm", ROLE_COORDINATOR,
	    0 },
	{ "POST", "/needs/:id/confirm-link", "/needs/1/confirm-link",
	    ROLE_COORDINATOR, 0 },
	/* The asker's one-time link: no account. */
	{ "GET", "/confirm", "/confirm", ROLE_NONE, 0 },
	{ "POST", "/confirm", "/confirm", ROLE_NONE, 0 },
	/* Follow-ups: each role its own (a volunteer's, none here: 200 and
	 * an empty list; task 1, nobody's: 404); rules, admins alone. */
	{ "GET", "/tasks", "/tasks", ROLE_VOLUNTEER, 0 },
	{ "POST", "/tasks/:id/done", "/tasks/1/done", ROLE_VOLUNTEER, 0 },
	{ "POST", "/tasks/:id/skip", "/tasks/1/skip", ROLE_VOLUNTEER, 0 },
	{ "GET", "/rules", "/rules", ROLE_ADMIN, 0 },
	{ "GET", "/rules/:id", "/rules/1", ROLE_ADMIN, 0 },
	{ "POST", "/rules/:id", "/rules/1", ROLE_ADMIN, 0 },
	{ "GET", "/runs", "/runs", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "GET", "/runs/new", "/runs/new", ROLE_COORDINATOR, 0 },
	{ "POST", "/runs", "/runs", ROLE_COORDINATOR, 0 },
	{ "GET", "/runs/:id", "/runs/1", ROLE_VOLUNTEER,
	    SPEC_ZONED | SPEC_DRIVER },
	{ "GET", "/runs/:id/sheet", "/runs/1/sheet", ROLE_VOLUNTEER,
	    SPEC_ZONED | SPEC_DRIVER },
	/* Who can help, with no contact: organizers read; matching puts
	 * an ask before a volunteer: coordinators (docs/privacy.md). */
	{ "GET", "/needs/:id/matches", "/needs/1/matches", ROLE_ORGANIZER,
	    0 },
	{ "POST", "/needs/:id/match", "/needs/1/match", ROLE_COORDINATOR, 0 },
	{ "GET", "/grievances", "/grievances", ROLE_ORGANIZER, 0 },
	{ "GET", "/grievances/new", "/grievances/new", ROLE_ORGANIZER, 0 },
	{ "POST", "/grievances", "/grievances", ROLE_ORGANIZER, 0 },
	{ "GET", "/grievances/:id", "/grievances/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/grievances/:id", "/grievances/1", ROLE_ORGANIZER, 0 },
	{ "PATCH", "/grievances/:id", "/grievances/1", ROLE_ORGANIZER, 0 },
	/* Who is responsible, and conversations: organizers and up; a
	 * volunteer reaches none of it (docs/privacy.md). */
	{ "GET", "/targets", "/targets", ROLE_ORGANIZER, 0 },
	{ "POST", "/targets", "/targets", ROLE_ORGANIZER, 0 },
	{ "GET", "/targets/:id", "/targets/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/targets/:id", "/targets/1", ROLE_ORGANIZER, 0 },
	{ "PATCH", "/targets/:id", "/targets/1", ROLE_ORGANIZER, 0 },
	{ "GET", "/conversations", "/conversations", ROLE_ORGANIZER, 0 },
	{ "GET", "/conversations/new", "/conversations/new", ROLE_ORGANIZER,
	    0 },
	{ "POST", "/conversations", "/conversations", ROLE_ORGANIZER, 0 },
	{ "GET", "/conversations/:id", "/conversations/1", ROLE_ORGANIZER, 0 },
	/* Campaigns name what people face and who stood up: organizers
	 * and above, as every page of #13 (docs/privacy.md). */
	{ "GET", "/campaigns", "/campaigns", ROLE_ORGANIZER, 0 },
	{ "GET", "/campaigns/new", "/campaigns/new", ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns", "/campaigns", ROLE_ORGANIZER, 0 },
	{ "GET", "/campaigns/:id", "/campaigns/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns/:id/status", "/campaigns/1/status",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns/:id/supporters", "/campaigns/1/supporters",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns/:id/supporters/remove",
	    "/campaigns/1/supporters/remove", ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns/:id/actions", "/campaigns/1/actions",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/campaigns/:id/outcomes", "/campaigns/1/outcomes",
	    ROLE_ORGANIZER, 0 },
	{ "GET", "/actions/:id", "/actions/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/actions/:id/people", "/actions/1/people", ROLE_ORGANIZER,
	    0 },
	/* Counts drawn from conversations: organizers and above. */
	{ "GET", "/facing", "/facing", ROLE_ORGANIZER, 0 },
	{ "GET", "/feedback", "/feedback?zone_id=1", ROLE_ORGANIZER, 0 },
	/* The network's figures: counts of what people did, organizers'. */
	{ "GET", "/figures", "/figures", ROLE_ORGANIZER, 0 },
	/* Programs: everyone signed in reads; coordinators make and manage
	 * them; at a session organizers sign people in (docs/privacy.md). */
	{ "GET", "/programs", "/programs", ROLE_VOLUNTEER, 0 },
	{ "GET", "/programs/new", "/programs/new", ROLE_COORDINATOR, 0 },
	{ "POST", "/programs", "/programs", ROLE_COORDINATOR, 0 },
	{ "GET", "/programs/:id", "/programs/1", ROLE_VOLUNTEER, 0 },
	{ "GET", "/programs/:id/edit", "/programs/1/edit", ROLE_COORDINATOR,
	    0 },
	{ "POST", "/programs/:id", "/programs/1", ROLE_COORDINATOR, 0 },
	{ "PATCH", "/programs/:id", "/programs/1", ROLE_COORDINATOR, 0 },
	{ "GET", "/programs/:id/sessions", "/programs/1/sessions",
	    ROLE_VOLUNTEER, 0 },
	{ "POST", "/programs/:id/sessions", "/programs/1/sessions",
	    ROLE_COORDINATOR, 0 },
	{ "GET", "/sessions/:id", "/sessions/1", ROLE_VOLUNTEER, 0 },
	{ "POST", "/sessions/:id", "/sessions/1", ROLE_ORGANIZER, 0 },
	{ "PATCH", "/sessions/:id", "/sessions/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/sessions/:id/move", "/sessions/1/move", ROLE_COORDINATOR,
	    0 },
	{ "POST", "/sessions/:id/cancel", "/sessions/1/cancel",
	    ROLE_COORDINATOR, 0 },
	{ "POST", "/sessions/:id/attendance", "/sessions/1/attendance",
	    ROLE_ORGANIZER, 0 },
	/* The tap counter: whoever works the table; a tap names nobody. */
	{ "GET", "/sessions/:id/count", "/sessions/1/count", ROLE_VOLUNTEER,
	    0 },
	{ "POST", "/sessions/:id/count", "/sessions/1/count", ROLE_VOLUNTEER,
	    0 },
	{ "GET", "/sessions/:id/sheet", "/sessions/1/sheet", ROLE_ORGANIZER,
	    0 },
	/* Events and curricula: everyone signed in reads them (who came
	 * only organizers and above); organizers make them and sign people
	 * in (docs/privacy.md). */
	{ "GET", "/events", "/events", ROLE_VOLUNTEER, 0 },
	{ "POST", "/events", "/events", ROLE_ORGANIZER, 0 },
	{ "GET", "/events/:id", "/events/1", ROLE_VOLUNTEER, 0 },
	{ "POST", "/events/:id/materials", "/events/1/materials",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/events/:id/rsvps", "/events/1/rsvps", ROLE_ORGANIZER, 0 },
	{ "POST", "/events/:id/attendance", "/events/1/attendance",
	    ROLE_ORGANIZER, 0 },
	{ "POST", "/events/:id/stock", "/events/1/stock", ROLE_ORGANIZER, 0 },
	{ "GET", "/curricula", "/curricula", ROLE_VOLUNTEER, 0 },
	{ "POST", "/curricula", "/curricula", ROLE_ORGANIZER, 0 },
	{ "GET", "/curricula/:id", "/curricula/1", ROLE_VOLUNTEER, 0 },
	{ "GET", "/sessions", "/sessions", ROLE_VOLUNTEER, 0 },
	{ "POST", "/sessions/:id/shifts", "/sessions/1/shifts",
	    ROLE_COORDINATOR, 0 },
	{ "POST", "/shifts/:id/signup", "/shifts/1/signup", ROLE_VOLUNTEER,
	    0 },
	{ "POST", "/shifts/:id/cancel", "/shifts/1/cancel", ROLE_VOLUNTEER,
	    0 },
	{ "GET", "/roster", "/roster", ROLE_VOLUNTEER, 0 },
	{ "GET", "/items", "/items", ROLE_VOLUNTEER, 0 },
	{ "POST", "/items", "/items", ROLE_COORDINATOR, 0 },
	{ "GET", "/items/:id", "/items/1", ROLE_VOLUNTEER, 0 },
	{ "POST", "/items/:id", "/items/1", ROLE_COORDINATOR, 0 },
	{ "PATCH", "/items/:id", "/items/1", ROLE_COORDINATOR, 0 },
	{ "GET", "/locations", "/locations", ROLE_VOLUNTEER, 0 },
	{ "POST", "/locations", "/locations", ROLE_COORDINATOR, 0 },
	{ "GET", "/locations/:id", "/locations/1", ROLE_VOLUNTEER, 0 },
	{ "GET", "/stock/moves", "/stock/moves", ROLE_VOLUNTEER, 0 },
	{ "POST", "/stock/moves", "/stock/moves", ROLE_VOLUNTEER, 0 },
	{ "GET", "/stock/moves/:id", "/stock/moves/1", ROLE_VOLUNTEER, 0 },
	{ "POST", "/stock/moves/:id/reverse", "/stock/moves/1/reverse",
	    ROLE_VOLUNTEER, 0 },
	/* Restocking: stock names nobody, so every role reads it; a count
	 * or a gave-out is a move (volunteers in their zones: location 1
	 * is zone 1's); thresholds and asks met from a shelf: coordinators. */
	{ "GET", "/stock", "/stock", ROLE_VOLUNTEER, 0 },
	{ "GET", "/locations/:id/restock", "/locations/1/restock",
	    ROLE_VOLUNTEER, 0 },
	{ "POST", "/locations/:id/thresholds", "/locations/1/thresholds",
	    ROLE_COORDINATOR, 0 },
	{ "GET", "/locations/:id/count", "/locations/1/count", ROLE_VOLUNTEER,
	    0 },
	{ "POST", "/locations/:id/count", "/locations/1/count",
	    ROLE_VOLUNTEER, 0 },
	{ "GET", "/locations/:id/sheet", "/locations/1/sheet", ROLE_VOLUNTEER,
	    0 },
	{ "GET", "/needs/:id/stock", "/needs/1/stock", ROLE_COORDINATOR, 0 },
	{ "POST", "/needs/:id/stock", "/needs/1/stock", ROLE_COORDINATOR, 0 },
	{ "POST", "/sessions/:id/stock", "/sessions/1/stock", ROLE_VOLUNTEER,
	    0 },
	/* Funds: organizers read the ledger; coordinators make funds; a
	 * coordinator or the fund's treasurer writes in it (the organizer
	 * of the matrix is none: 403); anyone reads a public statement. */
	{ "GET", "/funds", "/funds", ROLE_ORGANIZER, 0 },
	{ "POST", "/funds", "/funds", ROLE_COORDINATOR, 0 },
	{ "GET", "/funds/:id", "/funds/1", ROLE_ORGANIZER, 0 },
	{ "POST", "/funds/:id", "/funds/1", ROLE_COORDINATOR, 0 },
	{ "PATCH", "/funds/:id", "/funds/1", ROLE_COORDINATOR, 0 },
	{ "POST", "/funds/:id/transactions", "/funds/1/transactions",
	    ROLE_ORGANIZER, SPEC_NOT_ORG },
	{ "POST", "/funds/:id/reimbursements", "/funds/1/reimbursements",
	    ROLE_ORGANIZER, SPEC_NOT_ORG },
	{ "POST", "/reimbursements/:id/status", "/reimbursements/1/status",
	    ROLE_ORGANIZER, SPEC_NOT_ORG },
	{ "GET", "/funds/:id/statement", "/funds/1/statement", ROLE_NONE, 0 },
	/* The bulletin: issue 1 is public (a draft would be 404 below an
	 * organizer); coordinators write (409 on issue 1, published). */
	{ "GET", "/bulletin", "/bulletin", ROLE_NONE, 0 },
	{ "POST", "/bulletin", "/bulletin", ROLE_COORDINATOR, 0 },
	{ "GET", "/bulletin/:id", "/bulletin/1", ROLE_NONE, 0 },
	{ "POST", "/bulletin/:id", "/bulletin/1", ROLE_COORDINATOR, 0 },
	{ "POST", "/bulletin/:id/publish", "/bulletin/1/publish",
	    ROLE_COORDINATOR, 0 },
	{ "POST", "/bulletin/:id/sms", "/bulletin/1/sms", ROLE_COORDINATOR,
	    0 },
	{ "POST", "/bulletin/:id/delete", "/bulletin/1/delete",
	    ROLE_COORDINATOR, 0 },
	{ "GET", "/intake", "/intake", ROLE_ORGANIZER, 0 },
	{ "POST", "/intake", "/intake", ROLE_ORGANIZER, 0 },
	{ "GET", "/offers", "/offers", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "GET", "/offers/new", "/offers/new", ROLE_ORGANIZER, 0 },
	{ "POST", "/offers", "/offers", ROLE_ORGANIZER, 0 },
	{ "GET", "/offers/:id", "/offers/1", ROLE_VOLUNTEER, SPEC_ZONED },
	{ "POST", "/offers/:id/status", "/offers/1/status", ROLE_ORGANIZER, 0 },
	{ "GET", "/match", "/match", ROLE_COORDINATOR, 0 },
	{ "POST", "/match", "/match", ROLE_COORDINATOR, 0 },
	{ "GET", "/import", "/import", ROLE_COORDINATOR, 0 },
	{ "POST", "/import", "/import", ROLE_COORDINATOR, 0 },
	{ "GET", "/help", "/help", ROLE_NONE, 0 },
	{ "POST", "/help", "/help", ROLE_NONE, 0 },
	{ "GET", "/help/thanks", "/help/thanks", ROLE_NONE, 0 },
	{ "POST", "/sms/inbound/*", "/sms/inbound/no-gateway-has-this",
	    ROLE_NONE, SPEC_SECRET },
	{ "GET", "/sms", "/sms", ROLE_COORDINATOR, 0 },
	{ "GET", "/admin/emergency", "/admin/emergency", ROLE_ADMIN, 0 },
	{ "POST", "/admin/emergency", "/admin/emergency", ROLE_ADMIN, 0 },
};

#define NSPEC (sizeof(spec) / sizeof(spec[0]))

/*
 * The requests the matrix makes, counted by hand from the table: 175
 * routes × 5 requesters (nobody and the four roles) × JSON and HTML, the
 * 14 zoned routes × a volunteer of another zone × 2, the 95 writes × a
 * session without the form token × 2.
 */
#define MATRIX_REQUESTS (175 * 5 * 2 + 14 * 2 + 95 * 2)

/* The spec's row for a route of the table, or NULL. */
static const struct spec *
spec_find(const char *method, const char *pattern)
{
	size_t i;

	for (i = 0; i < NSPEC; i++)
		if (strcmp(spec[i].method, method) == 0 &&
		    strcmp(spec[i].pattern, pattern) == 0)
			return &spec[i];
	return NULL;
}

static const char *const method_names[METHOD__MAX] = {
	"GET", "HEAD", "POST", "PATCH", "OTHER"
};

/* Whether the route table holds the spec's route sp. */
static int
routed(const struct route *routes, size_t n, const struct spec *sp)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(method_names[routes[i].method], sp->method) == 0 &&
		    strcmp(routes[i].pattern, sp->pattern) == 0)
			return 1;
	return 0;
}

/* The route table and the spec hold the same routes, both ways. */
static void
test_spec_complete(void)
{
	const struct route *routes;
	size_t n, i, unspecified = 0, unrouted = 0;

	routes = route_table(&n);
	for (i = 0; i < n; i++)
		if (spec_find(method_names[routes[i].method],
		    routes[i].pattern) == NULL) {
			unspecified++;
			printf("# %s %s has no row in the spec\n",
			    method_names[routes[i].method], routes[i].pattern);
		}
	is_int(unspecified, 0, "every route of the table is in the spec");
	for (i = 0; i < NSPEC; i++)
		if (!routed(routes, n, &spec[i])) {
			unrouted++;
			printf("# %s %s of the spec is not routed\n",
			    spec[i].method, spec[i].pattern);
		}
	is_int(unrouted, 0, "every route of the spec is in the table");
	is_int(NSPEC, 175, "the spec holds the 175 routes");
}

/*
 * A write's body: empty, but for a release, whose reason is required,
 * so that the holder's release ends the claim and those after it meet
 * an ask nobody holds, as before reasons were asked for, and a fund's.
 */
static const char *
matrix_body(const struct spec *sp)
{
	if (strcmp(sp->pattern, "/needs/:id/release") == 0)
		return "{\"reason\":\"matrix\"}";
	/*
	 * A fund's writes check who writes after the input (fund.h): a
	 * valid body, so that an organizer who keeps no books meets the 403.
	 */
	if (strcmp(sp->pattern, "/funds/:id/transactions") == 0)
		return "{\"direction\":\"in\",\"amount_minor\":1,"
		       "\"purpose\":\"donation\"}";
	if (strcmp(sp->pattern, "/funds/:id/reimbursements") == 0)
		return "{\"person_id\":1,\"amount_minor\":1,\"note\":\"x\"}";
	if (strcmp(sp->pattern, "/reimbursements/:id/status") == 0)
		return "{\"status\":\"approved\"}";
	return "{}";
}

/* One request of the matrix, by the caller's credentials. */
static void
matrix_request(const struct spec *sp, int html, struct reply *r)
{
	const char *accept = html ? "text/html" : "application/json";

	if (strcmp(sp->method, "GET") == 0)
		http(&S, "GET", sp->path, accept, NULL, NULL, 0, r);
	else
		http(&S, sp->method, sp->path, accept, "application/json",
		    matrix_body(sp), strlen(matrix_body(sp)), r);
}

/*
 * The asks or offers of a zoned list in JSON (a list's items, the
 * dashboard's newest asks): how many, or -1 when the answer has neither.
 */
static long
zoned_rows(struct reply *r)
{
	json_t *a = json_object_get(r->json, "items");

	if (a == NULL)
		a = json_object_get(r->json, "newest");
	return json_is_array(a) ? (long)json_array_size(a) : -1;
}

/*
 * What the spec says of one answer to role (ROLE__MAX: a volunteer of
 * another zone: 404, or a list with none of zone 1's rows). An allowed
 * read is 200 (the contact of an ask 403 below
 * coordinator: nobody holds its claim when it is read); an allowed write
 * passes the gate (its empty body may still be refused: 422, 409, 404);
 * nobody's public forms need the form token their cookie would carry.
 */
static int
matrix_ok(const struct spec *sp, enum role role, int html, struct reply *r)
{
	int get = strcmp(sp->method, "GET") == 0;
	const char *loc;

	if (sp->flags & SPEC_SECRET)
		return r->status == 404;
	if (role == ROLE__MAX) {
		if (strstr(sp->pattern, ":id") != NULL)
			return r->status == 404;
		return r->status == 200 && (html || zoned_rows(r) == 0);
	}
	/* The volunteer of zone 1 sees its records, so "none" above is no
	 * empty list by accident. */
	if ((sp->flags & SPEC_ZONED) && role == ROLE_VOLUNTEER && get &&
	    !html && strstr(sp->pattern, ":id") == NULL)
		return r->status == 200 && zoned_rows(r) > 0;
	if (role < sp->role && role != ROLE_NONE)
		return r->status == 403;
	if (role < sp->role && html && get) {
		loc = reply_header(r, "Location");
		return r->status == 303 && loc != NULL &&
		    strncmp(loc, "/login?next=", 12) == 0;
	}
	if (role < sp->role)
		return r->status == 401;
	if ((sp->flags & SPEC_CLAIM) && role < ROLE_COORDINATOR)
		return r->status == 403;
	if ((sp->flags & SPEC_NOT_ORG) && role == ROLE_ORGANIZER)
		return r->status == 403;
	/* A run is its driver's and the coordinators': elsewhere, none. */
	if ((sp->flags & SPEC_DRIVER) && role == ROLE_ORGANIZER)
		return r->status == 404;
	if ((sp->flags & SPEC_GO_ON) && html && role != ROLE_NONE) {
		loc = reply_header(r, "Location");
		return r->status == 303 && loc != NULL && strcmp(loc, "/") == 0;
	}
	if (get)
		return r->status == 200;
	if (role == ROLE_NONE)
		return r->status == 403;
	return r->status != 401 && r->status != 403 && r->status < 500;
}

/*
 * Every write with an admin's session cookie but without the form token,
 * in JSON and HTML: 403 and nothing written (every write leaves an audit
 * entry), and the session outlives its refused sign-out. Returns the
 * number of requests.
 */
static size_t
matrix_csrf(void)
{
	char sid[128], cookie[256];
	size_t i, n = 0, bad = 0;
	long before;
	struct reply r;
	int html;

	sign_in("admin", admin_pw, NULL, sid, sizeof(sid));
	snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid);
	before = db_count(&S, "audit");
	http_auth = "";
	http_header = cookie;
	for (i = 0; i < NSPEC; i++) {
		if (strcmp(spec[i].method, "GET") == 0)
			continue;
		for (html = 0; html < 2; html++) {
			matrix_request(&spec[i], html, &r);
			n++;
			/* A gateway has no cookie: its secret is the key. */
			if ((spec[i].flags & SPEC_SECRET) ? r.status != 404 :
			    (r.status != 403 || (!html &&
			    strcmp(error_code(&r), "forbidden") != 0))) {
				bad++;
				printf("# %s %s without the form token (%s): "
				    "%ld\n", spec[i].method, spec[i].path,
				    html ? "html" : "json", r.status);
			}
			reply_free(&r);
		}
	}
	is_int(bad, 0, "every write refuses a session without the form token");
	is_int(db_count(&S, "audit"), before, "and none of them wrote");
	http(&S, "GET", "/account", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the session outlives a sign-out without it");
	reply_free(&r);
	http_header = NULL;
	http_auth = NULL;
	return n;
}

/*
 * Every route × nobody, every role, a volunteer of another zone (zoned
 * routes) and a session without the form token (writes), in JSON and HTML.
 */
static void
test_matrix(void)
{
	static const struct {
		const char	*name;
		enum role	 role;
		const char	*auth;
	} who[] = {
		{ "nobody", ROLE_NONE, "" },
		{ "volunteer", ROLE_VOLUNTEER, vol_auth },
		{ "organizer", ROLE_ORGANIZER, org_auth },
		{ "coordinator", ROLE_COORDINATOR, coord_auth },
		{ "admin", ROLE_ADMIN, NULL },
		{ "volunteer of zone 2", ROLE__MAX, vol2_auth },
	};
	size_t i, w, checked = 0, bad;
	struct reply r;
	int html;

	for (i = 0; i < NSPEC; i++) {
		const struct spec *sp = &spec[i];

		bad = 0;
		for (w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
			if (who[w].role == ROLE__MAX &&
			    !(sp->flags & SPEC_ZONED))
				continue;
			for (html = 0; html < 2; html++) {
				http_auth = who[w].auth;
				matrix_request(sp, html, &r);
				checked++;
				if (!matrix_ok(sp, who[w].role, html, &r)) {
					bad++;
					printf("# %s %s as %s (%s): %ld\n",
					    sp->method, sp->path, who[w].name,
					    html ? "html" : "json", r.status);
				}
				reply_free(&r);
			}
		}
		ok(bad == 0, "%s %s answers every requester as the spec says",
		    sp->method, sp->pattern);
	}
	http_auth = NULL;
	checked += matrix_csrf();
	is_int(checked, MATRIX_REQUESTS, "the matrix made %d requests",
	    MATRIX_REQUESTS);
}

/*
 * Below a route's least role the gate refuses before any handler runs: a
 * handler's own check (the contact of a person is refused by the domain
 * too) must never be all that stands. Each route above the volunteer's
 * role, asked in JSON by the role just below its own, answers the gate's
 * 403, "your role does not allow this", not a handler's.
 */
static void
test_gate_first(void)
{
	const char *below[ROLE__MAX] = { NULL, NULL, vol_auth, org_auth,
	    coord_auth };
	const char *msg, *want;
	char *err = NULL;
	size_t i, n = 0, bad = 0;
	struct reply r;

	if (!ok(i18n_init(&err) == 0, "the catalogs load")) {
		printf("#   %s\n", err);
		free(err);
		return;
	}
	want = i18n_get(i18n_langs[0], "err_forbidden");
	for (i = 0; i < NSPEC; i++) {
		if (spec[i].role <= ROLE_VOLUNTEER)
			continue;
		http_auth = below[spec[i].role];
		matrix_request(&spec[i], 0, &r);
		n++;
		msg = json_string_value(json_object_get(json_object_get(r.json,
		    "error"), "message"));
		if (r.status != 403 || msg == NULL || strcmp(msg, want) != 0) {
			bad++;
			printf("# %s %s a role below: %ld %s\n", spec[i].method,
			    spec[i].path, r.status, msg != NULL ? msg : "");
		}
		reply_free(&r);
	}
	http_auth = NULL;
	i18n_done();
	is_int(n, 113, "113 routes need more than a volunteer");
	is_int(bad, 0, "a role below any of them is refused by the gate");
}

int
main(void)
{
	server_start(&S);
	seed();
	test_spec_complete();
	test_matrix();
	test_gate_first();
	test_sessions();
	test_tokens();
	test_password();
	test_password_sessions();
	test_password_limit();
	test_next();
	test_account_writes();
	test_account_input();
	test_headers_and_audit();
	test_login_errors();
	test_login_lockout();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
