/*
 * Accounts over a real socket: signing in and out, sessions (fixation,
 * expiry, revocation), CSRF, the sign-in rate limit across a restart, API
 * tokens, the security headers, and the whole permission matrix: every
 * route for every role and for nobody, in JSON and in HTML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"
#include "http/route.h"

static struct server S;
static char retry_after[32];	/* of the last sign-in attempt */
static char vol_auth[128], org_auth[128], coord_auth[128];
static char admin_pw[128];

/* A user of the role, with an API token; "Bearer …" into auth. */
static void
add_user(const char *login, const char *role, char *auth, size_t len)
{
	char line[256], token[128];

	if (server_cli(&S, (const char *[]){ "user", "add", login, "--role",
	    role, "--zone", "1", NULL }, line, sizeof(line)) != 0 ||
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
	add_user("vol", "volunteer", vol_auth, sizeof(vol_auth));
	add_user("org", "organizer", org_auth, sizeof(org_auth));
	add_user("coord", "coordinator", coord_auth, sizeof(coord_auth));
	reset_password("admin", admin_pw, sizeof(admin_pw));
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
	snprintf(body, sizeof(body), "user=%s&password=%s&_csrf=%s", user, pw,
	    csrf);
	http_auth = "";
	http_header = cookie;
	http_form(&S, "/login", body, &r);
	status = r.status;
	snprintf(retry_after, sizeof(retry_after), "%s",
	    reply_header(&r, "Retry-After") ? reply_header(&r, "Retry-After") :
	    "");
	if (reply_cookie(&r, "sid", sid, len) == -1)
		sid[0] = '\0';
	reply_free(&r);
	http_header = NULL;
	return status;
}

static void
test_sessions(void)
{
	char sid[128], sid2[128], cookie[256], csrf[128], body[256];
	struct reply r;
	const char *p, *e;

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
	p = strstr(r.body, "name=\"_csrf\" value=\"");
	csrf[0] = '\0';
	if (p != NULL) {
		p += 20;
		e = strchr(p, '"');
		snprintf(csrf, sizeof(csrf), "%.*s", (int)(e - p), p);
	}
	reply_free(&r);

	http_form(&S, "/zones", "name=Sur", &r);
	is_int(r.status, 403, "a cookie post without the form token: 403");
	is_str(error_code(&r), "", "(an HTML page, not JSON)");
	reply_free(&r);
	snprintf(body, sizeof(body), "name=Sur&_csrf=%s", "forged");
	http_form(&S, "/zones", body, &r);
	is_int(r.status, 403, "a forged form token: 403");
	reply_free(&r);
	is_int(db_count(&S, "zone"), 1, "and nothing is written");
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
	p = strstr(r.body, "name=\"_csrf\" value=\"");
	if (p != NULL) {
		p += 20;
		e = strchr(p, '"');
		snprintf(csrf, sizeof(csrf), "%.*s", (int)(e - p), p);
	}
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
	    strstr(csp, "unsafe-inline") == NULL && strstr(csp, "script-src")
	    == NULL, "a CSP that allows no script at all");
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
	    "'POST /zones' AND user_id = 1 AND ip = '127.0.0.1' AND "
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
 * Routes where the record decides beyond the least role: the contact of
 * an ask is for coordinators and the holder of its claim, and nobody
 * holds one here, so a volunteer and an organizer get 403.
 */
static int
record_forbids(const struct route *rt, enum role role)
{
	return strcmp(rt->pattern, "/needs/:id/contact") == 0 &&
	    role < ROLE_COORDINATOR;
}

/* Every route × nobody and every role, in JSON and HTML. */
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
	};
	static const char *const methods[] = {
		"GET", "HEAD", "POST", "PATCH", "OTHER"
	};
	const struct route *routes;
	size_t n, i, w, bad = 0, checked = 0;
	char path[128], *at;
	struct reply r;
	int html;

	routes = route_table(&n);
	for (i = 0; i < n; i++) {
		const struct route *rt = &routes[i];

		/* Sign-out and token revocation would end the tests' own
		 * credentials; the session tests cover them. */
		if (strcmp(rt->pattern, "/logout") == 0 ||
		    strstr(rt->pattern, "/revoke") != NULL)
			continue;
		snprintf(path, sizeof(path), "%s", rt->pattern);
		at = strstr(path, ":id");
		if (at != NULL) {
			memmove(at + 1, at + 3, strlen(at + 3) + 1);
			*at = '1';
		}
		for (w = 0; w < sizeof(who) / sizeof(who[0]); w++)
			for (html = 0; html < 2; html++) {
				int allowed = who[w].role >= rt->role;
				long want;

				http_auth = who[w].auth;
				if (rt->method == METHOD_GET)
					http(&S, "GET", path, html ?
					    "text/html" : "application/json",
					    NULL, NULL, 0, &r);
				else
					http(&S, methods[rt->method], path,
					    html ? "text/html" :
					    "application/json",
					    "application/json", "{}", 2, &r);
				checked++;
				/* Nobody may use the public forms, but
				 * without the form token: 403. */
				if (allowed && record_forbids(rt, who[w].role))
					want = r.status == 403;
				else if (allowed)
					want = r.status != 401 &&
					    r.status < 500 && (r.status != 403 ||
					    (who[w].role == ROLE_NONE &&
					    rt->method != METHOD_GET));
				else if (who[w].role != ROLE_NONE)
					want = r.status == 403;
				else if (html && rt->method == METHOD_GET)
					want = r.status == 303;
				else
					want = r.status == 401 ||
					    (rt->method != METHOD_GET &&
					    r.status == 403);
				if (!want) {
					bad++;
					printf("# %s %s as %s (%s): %ld\n",
					    methods[rt->method], path,
					    who[w].name, html ? "html" : "json",
					    r.status);
				}
				reply_free(&r);
			}
	}
	http_auth = NULL;
	ok(checked > 100, "the matrix covers %zu requests", checked);
	is_int(bad, 0, "every route answers every role as the table says");
}

int
main(void)
{
	server_start(&S);
	seed();
	test_matrix();
	test_sessions();
	test_tokens();
	test_headers_and_audit();
	test_login_errors();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
