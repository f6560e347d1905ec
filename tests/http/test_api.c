/*
 * The resource contract over a real socket: people, zones, asks and offers
 * as JSON and as forms, and every kind of bad input answered with a clear
 * error that writes nothing.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>

#include "tap.h"
#include "client.h"

static struct server S;

static long
post_json(const char *path, const char *body, long want)
{
	struct reply r;
	long id;

	http_json(&S, "POST", path, body, &r);
	is_int(r.status, want, "POST %s answers %ld", path, want);
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	return id;
}

/* Send body to path in JSON; the error must name field. */
static void
names_field(const char *method, const char *path, const char *body,
    const char *field, const char *what)
{
	struct reply r;

	http_json(&S, method, path, body, &r);
	is_str(error_field(&r), field, "%s", what);
	reply_free(&r);
}

static void
test_create(void)
{
	struct reply r;

	is_int(post_json("/zones", "{\"name\":\"Barrio Norte\"}", 201), 1,
	    "the first zone has id 1");
	post_json("/zones", "{\"name\":\"Riverside\",\"parent_id\":1,"
	    "\"lat\":40.4,\"lon\":-3.7}", 201);
	http_json(&S, "POST", "/people", "{\"name\":\"María José Núñez\","
	    "\"phone\":\"+1 (555) 010-2030\",\"language\":\"es\","
	    "\"zone_id\":1}", &r);
	is_int(r.status, 201, "a person is created");
	is_str(json_string_value(json_object_get(r.json, "name")),
	    "María José Núñez", "the name keeps its accents");
	is_str(json_string_value(json_object_get(r.json, "phone")),
	    "+15550102030", "the phone is kept as digits");
	reply_free(&r);

	http_json(&S, "POST", "/needs", "{\"person_id\":2,\"category\":"
	    "\"groceries\",\"details\":\"Necesito comida para la semana\","
	    "\"urgency\":3,\"zone_id\":1}", &r);
	is_int(r.status, 201, "an ask in Spanish is created");
	is_str(json_string_value(json_object_get(r.json, "status")), "open",
	    "a new ask is open");
	ok(json_integer_value(json_object_get(r.json, "id")) == 1,
	    "the ask answers with its id");
	reply_free(&r);

	http_json(&S, "POST", "/offers", "{\"person_id\":2,\"category\":"
	    "\"transport\",\"details\":\"Can give rides on Saturdays\","
	    "\"zone_id\":2,\"quantity\":3}", &r);
	is_int(r.status, 201, "an offer of a ride is created");
	is_int(json_integer_value(json_object_get(r.json, "quantity")), 3,
	    "the offer keeps its quantity");
	reply_free(&r);
}

static void
test_lists(void)
{
	struct reply r;

	http_json(&S, "GET", "/needs?status=open&zone_id=1&category=groceries",
	    NULL, &r);
	is_int(r.status, 200, "the asks list answers");
	is_int(json_integer_value(json_object_get(r.json, "total")), 1,
	    "the list reports its total");
	is_int(json_array_size(json_object_get(r.json, "items")), 1,
	    "the list has the ask");
	is_int(json_integer_value(json_object_get(r.json, "limit")), 50,
	    "the default limit is 50");
	reply_free(&r);

	is_int(http_total(&S, "/needs?q=comida"), 1,
	    "text search finds the ask");
	is_int(http_total(&S, "/needs?q=%25"), 0,
	    "a %% in the search is a literal, not a wildcard");
	is_int(http_total(&S, "/needs?status=closed"), 0,
	    "the status filter applies");

	post_json("/needs", "{\"person_id\":2,\"category\":\"rent\","
	    "\"details\":\"Short on rent this month\",\"urgency\":2,"
	    "\"zone_id\":1}", 201);
	http_json(&S, "GET", "/needs?zone_id=1&limit=1", NULL, &r);
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "pager"), "next")), "/needs?zone_id=1&limit=1&offset=1",
	    "the next page keeps the filters");
	ok(json_object_get(json_object_get(r.json, "pager"), "prev") == NULL,
	    "the first page has no previous page");
	reply_free(&r);
	http_json(&S, "GET", "/needs?zone_id=1&limit=1&offset=5", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "offset")), 5,
	    "past the end, the list answers the offset asked for");
	is_int(json_array_size(json_object_get(r.json, "items")), 0,
	    "with no items");
	is_int(json_integer_value(json_object_get(r.json, "total")), 2,
	    "and the total");
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "pager"), "prev")), "/needs?zone_id=1&limit=1&offset=1",
	    "past the end, the previous page is the last with rows");
	reply_free(&r);
	http(&S, "GET", "/needs?zone_id=1&limit=1&offset=5", "text/html", NULL,
	    NULL, 0, &r);
	ok(strstr(r.body, "Nothing on this page") != NULL &&
	    strstr(r.body, "Showing") == NULL,
	    "a page past the end says it shows nothing, not a range");
	ok(strstr(r.body, "No asks match.") == NULL,
	    "nor that no ask matches: two do");
	reply_free(&r);
	http(&S, "GET", "/needs?offset=120&lang=es", "text/html", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "No hay nada en esta página") != NULL,
	    "and says so in Spanish");
	ok(strstr(r.body, "href=\"/needs?offset=0\" rel=\"prev\"") != NULL,
	    "its previous page is the first");
	reply_free(&r);
	http(&S, "GET", "/needs?zone_id=2&category=rent", "text/html", NULL,
	    NULL, 0, &r);
	ok(strstr(r.body, "<option value=\"2\" selected>") != NULL,
	    "the zone filter stays selected");
	ok(strstr(r.body, "<option value=\"rent\" selected>") != NULL,
	    "the category filter stays selected");
	reply_free(&r);

	is_int(http_total(&S, "/people?q=Mar%C3%ADa"), 1,
	    "people are found by name");
	is_int(http_total(&S, "/offers?zone_id=2"), 1, "offers filter by zone");
	is_int(http_total(&S, "/zones"), 2, "zones are listed");
}

/* Pages come from a cache that every committed write invalidates. */
static void
test_cache(void)
{
	struct reply r;
	long before;

	before = http_total(&S, "/zones");
	is_int(http_total(&S, "/zones"), before,
	    "a second read answers the same");
	db_write(&S, "INSERT INTO zone (name, created_at) VALUES "
	    "('Written elsewhere', '2026-01-01T00:00:00Z')");
	is_int(http_total(&S, "/zones"), before + 1,
	    "a write by another process shows at once");
	http_json(&S, "GET", "/needs/1", NULL, &r);
	reply_free(&r);
	post_json("/needs/1/status", "{\"status\":\"matched\"}", 200);
	http_json(&S, "GET", "/needs/1", NULL, &r);
	is_str(json_string_value(json_object_get(r.json, "status")),
	    "matched", "a write through the API shows at once");
	reply_free(&r);
	db_write(&S, "UPDATE need SET status = 'open' WHERE id = 1; "
	    "DELETE FROM zone WHERE name = 'Written elsewhere'");
	db_write(&S, "UPDATE need_tally SET n = n + 1 WHERE status = 'open' "
	    "AND zone_id = 1 AND category = 'groceries'");
	db_write(&S, "UPDATE need_tally SET n = n - 1 WHERE status = 'matched' "
	    "AND zone_id = 1 AND category = 'groceries'");
}

/*
 * A change made beside the server with SQLite's own library, as a hand
 * edit would be, leaves no mark: the server, which could take it for a
 * log a writer of its own is starting again, takes it for an edit once
 * no mark has followed it for a second or two, and empties its cache.
 */
static void
test_cache_hand_edit(void)
{
	sqlite3 *conn = NULL;
	long before, now = 0;
	int i, rc;

	if (server_is_pg(&S))
		return;
	before = http_total(&S, "/zones");
	is_int(http_total(&S, "/zones"), before, "the zones, cached");
	rc = sqlite3_open(S.store.url, &conn);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(conn, "PRAGMA busy_timeout = 5000; INSERT "
		    "INTO zone (name, created_at) VALUES ('Edited by hand', "
		    "'2026-01-01T00:00:00Z')", NULL, NULL, NULL);
	ok(rc == SQLITE_OK, "a zone added by hand, beside the server: %s",
	    sqlite3_errmsg(conn));
	sqlite3_close(conn);
	/* A second or two, and a request that looks: at most 5 s. */
	for (i = 0; i < 50 && now != before + 1; i++) {
		now = http_total(&S, "/zones");
		if (now != before + 1)
			usleep(100 * 1000);
	}
	is_int(now, before + 1, "the server shows it within seconds");
	db_write(&S, "DELETE FROM zone WHERE name = 'Edited by hand'");
}

/*
 * Start T, with more arguments, its stdout kept in path (size n) for the
 * reports SIGUSR1 asks for. One worker: each connection's first look at
 * the database empties the cache (another process may have written
 * before it opened), so a second one would make the counts a race.
 */
static void
reporting_start(struct server *T, const char *const *args, char *path,
    size_t n)
{
	server_args = args;
	server_threads = 1;
	server_start(T);
	snprintf(path, n, "%s/stdout", T->dir);
	server_outfile = path;
	server_restart(T);
	server_args = NULL;
	server_threads = 0;
	server_outfile = NULL;
}

/*
 * The hits T's cache reports after SIGUSR1 (its report number nth, from
 * 1), lookups in *lookups; -1 without a report.
 */
static long
reported_hits(struct server *T, const char *path, int nth, long *lookups)
{
	char *out = NULL, *at = NULL;
	long hits = -1;
	int i, k;

	kill(T->pid, SIGUSR1);
	/* The report comes from the server's own thread: a bounded wait. */
	for (i = 0; i < 100 && at == NULL; i++) {
		free(out);
		out = testdb_slurp(path, NULL);
		at = out;
		for (k = 0; k < nth && at != NULL; k++) {
			at = strstr(at, "response cache:");
			if (at != NULL && k + 1 < nth)
				at++;
		}
		if (at == NULL)
			usleep(50 * 1000);
	}
	*lookups = -1;
	if (at == NULL ||
	    sscanf(at, "response cache: %ld hits of %ld lookups", &hits,
		lookups) != 2)
		hits = -1;
	free(out);
	return hits;
}

/*
 * The hits the cache reports of a server started with more arguments,
 * after three reads of one page, or -1 without a report.
 */
static long
cache_hits(const char *const *args)
{
	struct server T;
	char path[128];
	long hits, lookups;
	int i;

	reporting_start(&T, args, path, sizeof(path));
	for (i = 0; i < 3; i++)
		http_total(&T, "/zones");
	hits = reported_hits(&T, path, 1, &lookups);
	if (lookups != 3)
		hits = -1;
	server_stop(&T);
	return hits;
}

static void
test_cache_switch(void)
{
	long hits = cache_hits((const char *const[]){ NULL });

	ok(hits >= 1, "SIGUSR1 reports 3 lookups, the cache answering the "
	    "same read again (%ld hits)", hits);
	is_int(cache_hits((const char *const[]){ "--no-cache", NULL }), 0,
	    "--no-cache: 3 lookups, every read made afresh");
}

/* A new ask of person's in zone on T: its id, 0 when refused. */
static long
ask_in(struct server *T, long person, long zone)
{
	char body[160];

	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"x\",\"urgency\":2,\"zone_id\":%ld}",
	    person, zone);
	return http_created(T, "/needs", body);
}

/* The name of the first ask of the list at path on T, in JSON (copied). */
static char *
first_asker(struct server *T, const char *path)
{
	struct reply r;
	char *name;

	http_json(T, "GET", path, NULL, &r);
	name = strdup(json_string_value(json_object_get(json_array_get(
	    json_object_get(r.json, "items"), 0), "person_name")) ?: "");
	reply_free(&r);
	return name;
}

/*
 * A write empties what it changed, and only that (db/change.h): a new
 * ask in one zone leaves the list of another cached, and shows in its
 * own zone's and in the list of every zone; a new name reaches every
 * list that shows it; a second server on the same database answers the
 * first one's write on its next request. On PostgreSQL, whose statements
 * do not tell their tables, any write empties the cache: the answers are
 * the same, the hits fewer.
 */
static void
test_cache_scope(void)
{
	struct server T, U;
	char path[128], body[160], one[64], two[64], who[64], *name;
	char food[96], rent[96];
	long z1, z2, person, hits, lookups, then;
	int pg, status;

	reporting_start(&T, NULL, path, sizeof(path));
	pg = server_is_pg(&T);
	z1 = http_created(&T, "/zones", "{\"name\":\"Norte\"}");
	z2 = http_created(&T, "/zones", "{\"name\":\"Sur\"}");
	snprintf(body, sizeof(body),
	    "{\"name\":\"Ana Ruiz\",\"zone_id\":%ld}", z1);
	person = http_created(&T, "/people", body);
	snprintf(one, sizeof(one), "/needs?zone_id=%ld", z1);
	snprintf(two, sizeof(two), "/needs?zone_id=%ld", z2);
	ok(ask_in(&T, person, z1) > 0, "an ask in zone %ld", z1);
	http_total(&T, one);
	http_total(&T, two);
	http_total(&T, "/needs");
	then = reported_hits(&T, path, 1, &lookups);
	is_int(http_total(&T, one), 1, "zone %ld's list", z1);
	hits = reported_hits(&T, path, 2, &lookups);
	is_int(hits, then + 1, "read again, from the cache");
	ok(ask_in(&T, person, z2) > 0, "a new ask in zone %ld", z2);
	is_int(http_total(&T, one), 1, "zone %ld's list is as it was", z1);
	then = hits;
	hits = reported_hits(&T, path, 3, &lookups);
	if (!pg)
		is_int(hits, then + 1, "and still cached: the new ask was "
		    "another zone's");
	is_int(http_total(&T, two), 1, "zone %ld's list shows it", z2);
	is_int(http_total(&T, "/needs"), 2, "as does the list of every zone");
	then = reported_hits(&T, path, 4, &lookups);
	is_int(then, hits, "both read afresh");

	snprintf(food, sizeof(food), "/needs?zone_id=%ld&category=groceries",
	    z1);
	snprintf(rent, sizeof(rent), "/needs?zone_id=%ld&category=rent", z1);
	is_int(http_total(&T, food), 0, "zone %ld has no ask for groceries",
	    z1);
	is_int(http_total(&T, rent), 1, "and one for rent");
	ok(ask_in(&T, person, z1) > 0, "a new ask for rent in zone %ld", z1);
	is_int(http_total(&T, food), 0, "its list of groceries as it was");
	hits = reported_hits(&T, path, 5, &lookups);
	if (!pg)
		is_int(hits, then + 1, "and still cached: the new ask was "
		    "for rent");
	is_int(http_total(&T, rent), 2, "its list of rent shows it");
	is_int(http_total(&T, one), 2, "as does the zone's of every "
	    "category");
	is_int(reported_hits(&T, path, 6, &lookups), hits,
	    "both read afresh");

	snprintf(who, sizeof(who), "/people/%ld", person);
	is_int(http_status(&T, "PATCH", who, "{\"name\":\"Ana Ruiz Soto\"}"),
	    200, "her name changes");
	name = first_asker(&T, one);
	is_str(name, "Ana Ruiz Soto", "and the zone's list shows the new name");
	free(name);

	/* A second server on the same database, as behind a balancer. */
	memcpy(&U, &T, sizeof(U));
	server_start_on(&U);
	is_int(http_total(&U, one), 2, "a second server reads the same");
	http_total(&U, one);
	ok(ask_in(&T, person, z1) > 0,
	    "a new ask in zone %ld through the first", z1);
	is_int(http_total(&U, one), 3,
	    "the second answers it on its next request");
	is_int(http_status(&U, "PATCH", who, "{\"name\":\"Ana R.\"}"), 200,
	    "a new name through the second");
	name = first_asker(&T, one);
	is_str(name, "Ana R.", "the first shows it on its next request");
	free(name);
	kill(U.pid, SIGTERM);
	waitpid(U.pid, &status, 0);
	server_stop(&T);
}

static void
test_transitions(void)
{
	struct reply r;
	char *before;

	before = db_snapshot(&S);
	http_json(&S, "POST", "/needs/1/status", "{\"status\":\"fulfilled\"}",
	    &r);
	is_int(r.status, 409, "open to fulfilled skips matched: 409");
	is_str(error_code(&r), "conflict", "the error says conflict");
	reply_free(&r);
	http_json(&S, "POST", "/needs/1/status", "{\"status\":\"closed\"}",
	    &r);
	is_int(r.status, 422, "closing without a reason: 422");
	is_str(error_field(&r), "reason", "the error names the reason");
	reply_free(&r);
	SAME_DB(&S, before, "a refused transition");
	free(before);

	http_json(&S, "POST", "/needs/1/status", "{\"status\":\"matched\"}",
	    &r);
	is_int(r.status, 200, "open to matched");
	is_str(json_string_value(json_object_get(r.json, "status")),
	    "matched", "the ask is matched");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/needs/1/status",
	    "{\"status\":\"fulfilled\"}"), 200, "matched to fulfilled");
	is_int(http_status(&S, "POST", "/needs/1/status",
	    "{\"status\":\"closed\",\"reason\":\"late\"}"), 409,
	    "a fulfilled ask cannot be closed");
	http_json(&S, "POST", "/offers/1/status", "{\"status\":\"closed\","
	    "\"reason\":\"car broke down\"}", &r);
	is_int(r.status, 200, "an open offer closes with a reason");
	is_str(json_string_value(json_object_get(r.json, "close_reason")),
	    "car broke down", "the reason is kept");
	reply_free(&r);
}

static void
test_dashboard(void)
{
	struct reply r;
	json_t *row;
	size_t i;
	long groceries = -1;

	post_json("/needs", "{\"person_id\":2,\"category\":\"groceries\","
	    "\"details\":\"Rice and beans\",\"urgency\":1,\"zone_id\":2}", 201);
	http_json(&S, "GET", "/", NULL, &r);
	is_int(r.status, 200, "the dashboard answers");
	ok(json_is_array(json_object_get(r.json, "open_by_zone")),
	    "the dashboard counts by zone");
	ok(json_is_array(json_object_get(r.json, "newest")),
	    "the dashboard lists the newest asks");
	json_array_foreach(json_object_get(r.json, "open_by_category"), i,
	    row)
		if (strcmp(json_string_value(json_object_get(row, "category")),
		    "groceries") == 0)
			groceries = (long)json_integer_value(json_object_get(
			    row, "n"));
	is_int(groceries, db_scalar(&S, "SELECT count(*) FROM need WHERE "
	    "status = 'open' AND category = 'groceries'"),
	    "the open groceries count matches a recount");
	is_int(db_scalar(&S, "SELECT count(*) FROM (SELECT status, zone_id, "
	    "category, count(*) AS c FROM need GROUP BY 1, 2, 3) g "
	    "LEFT JOIN need_tally t USING (status, zone_id, category) "
	    "WHERE t.n IS DISTINCT FROM g.c"), 0, "the tally has no drift");
	reply_free(&r);
}

static void
test_forms(void)
{
	struct reply r;
	char *before;

	http_form(&S, "/people", "name=Tom%C3%A1s+Brown&language=en&zone_id=2",
	    &r);
	is_int(r.status, 303, "a form post redirects");
	is_str(reply_header(&r, "Location"), "/people/3",
	    "to the new person's page");
	reply_free(&r);
	http(&S, "GET", "/people/3", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the person page answers");
	ok(strstr(r.body, "Tomás Brown") != NULL, "with the name in UTF-8");
	ok(strstr(r.body, "<html") != NULL, "as HTML");
	reply_free(&r);

	before = db_snapshot(&S);
	http_form(&S, "/people", "name=&phone=555-abc", &r);
	is_int(r.status, 422, "a form with a missing name: 422");
	ok(strstr(r.body, "value=\"555-abc\"") != NULL,
	    "the form is shown again with the user's input");
	ok(strstr(r.body, "name-error") != NULL,
	    "with the message by the field");
	reply_free(&r);
	SAME_DB(&S, before, "an invalid form");
	free(before);

	http_form(&S, "/needs/2/status", "status=matched", &r);
	is_int(r.status, 303, "a status form redirects");
	is_str(reply_header(&r, "Location"), "/needs/2", "to the ask");
	reply_free(&r);
	http_form(&S, "/needs/2/status", "status=closed&reason=", &r);
	is_int(r.status, 422, "closing by form without a reason: 422");
	ok(strstr(r.body, "reason") != NULL, "the ask page shows the error");
	reply_free(&r);

	http_form(&S, "/zones", "name=Formed&_csrf=x&commit=Save", &r);
	is_int(r.status, 303, "a form's keys of no field are dropped");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json",
	    "Application/JSON ; charset=utf-8", "{\"name\":\"Typed\"}", 16,
	    &r);
	is_int(r.status, 201, "JSON in any case, with parameters: 201");
	reply_free(&r);
	http_json(&S, "POST", "/zones", "{\"name\":\"Token\",\"_csrf\":\"x\"}",
	    &r);
	is_int(r.status, 201, "the form token in JSON is no unknown key");
	reply_free(&r);

	http_json(&S, "PATCH", "/people/2", "{\"phone\":null}", &r);
	is_int(r.status, 200, "PATCH updates a person");
	ok(json_is_null(json_object_get(r.json, "phone")),
	    "a null clears the phone");
	is_str(json_string_value(json_object_get(r.json, "name")),
	    "María José Núñez", "fields left out keep their value");
	reply_free(&r);
}

/*
 * Every write a browser posts on success sends it on to a page to GET
 * (post/redirect/get), so a reload never sends it again: 303 and where.
 * Sign-in, sign-out and the password are in test_auth, forgetting in
 * test_privacy. A new API token is the exception: it is shown once, on
 * the answer to the post, and nowhere after.
 */
static void
test_redirects(void)
{
	static const struct {
		const char *path, *body, *to; /* to: the Location's start */
	} posts[] = {
		{ "/people/2", "name=Mar%C3%ADa+Jos%C3%A9+N%C3%BA%C3%B1ez",
		    "/people/2" },
		{ "/needs", "person_id=2&category=rent&details=By+form&"
		    "urgency=1&zone_id=1", "/needs/" },
		{ "/offers", "person_id=2&category=transport&details=By+form&"
		    "zone_id=1", "/offers/" },
		{ "/offers/2/status", "status=matched", "/offers/2" },
		{ "/needs/2/claim", "", "/needs/2" },
		{ "/needs/2/release", "reason=On+holiday", "/needs/2" },
		{ "/help", "kind=offer&name=Form&zone_id=1&category=transport&"
		    "details=By+form&language=es", "/help/thanks?kind=offer&"
		    "lang=es" },
		{ "/intake", "person_id=2&category=rent&details=By+form&"
		    "urgency=1&zone_id=1", "/needs/" },
		{ "/needs/2/calls", "outcome=no_answer", "/needs/2" },
	};
	struct reply r;
	char path[64];
	size_t i;

	http_json(&S, "POST", "/account/tokens", "{\"label\":\"spare\"}", &r);
	snprintf(path, sizeof(path), "/account/tokens/%lld/revoke",
	    (long long)json_integer_value(json_object_get(r.json, "id")));
	reply_free(&r);
	http_form(&S, path, "", &r);
	is_int(r.status, 303, "revoking a token by form: 303");
	is_str(reply_header(&r, "Location"), "/account", "to the account");
	reply_free(&r);
	for (i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		const char *to;

		http_form(&S, posts[i].path, posts[i].body, &r);
		to = reply_header(&r, "Location");
		is_int(r.status, 303, "a form to %s: 303", posts[i].path);
		ok(to != NULL && strncmp(to, posts[i].to,
		    strlen(posts[i].to)) == 0, "%s goes on to %s",
		    posts[i].path, posts[i].to);
		reply_free(&r);
	}
}

/* The first match of GET /intake?q=… in JSON: its id, or 0. */
static long
intake_first(const char *q)
{
	struct reply r;
	char path[160];
	long id;

	snprintf(path, sizeof(path), "/intake?q=%s", q);
	http_json(&S, "GET", path, NULL, &r);
	id = (long)json_integer_value(json_object_get(json_array_get(
	    json_object_get(r.json, "matches"), 0), "id"));
	reply_free(&r);
	return id;
}

/* Taking a call: a new caller, a known one, and bad input. */
static void
test_intake(void)
{
	static const struct {
		const char *body, *field, *what;
	} bad[] = {
		{ "{\"category\":\"rent\",\"details\":\"x\",\"urgency\":1,"
		    "\"zone_id\":1}", "name", "no one chosen and no name" },
		{ "{\"person_id\":999,\"category\":\"rent\",\"details\":"
		    "\"x\",\"urgency\":1,\"zone_id\":1}", "person_id",
		    "someone not on file" },
		{ "{\"name\":\"New\",\"phone\":\"12ab\",\"category\":"
		    "\"rent\",\"details\":\"x\",\"urgency\":1,\"zone_id\":1}",
		    "phone", "a new caller's bad phone" },
		{ "{\"name\":\"New\",\"category\":\"spaceships\","
		    "\"details\":\"x\",\"urgency\":1,\"zone_id\":1}",
		    "category", "a bad category, after a good new caller" },
		{ "{\"name\":\"New\",\"category\":\"rent\",\"details\":"
		    "\"x\",\"urgency\":1,\"zone_id\":999}", "zone_id",
		    "an unknown zone" },
		{ "{\"name\":\"New\",\"category\":\"rent\",\"urgency\":1,"
		    "\"zone_id\":1}", "details", "an ask without details" },
	};
	long people = db_count(&S, "person"), needs = db_count(&S, "need");
	struct reply r;
	char body[256], *before;
	long rosa;
	size_t i;

	http_form(&S, "/intake", "q=Rosa&name=Rosa+Quispe&phone=617-555-0199&"
	    "language=es&category=groceries&details=Arroz&urgency=3&"
	    "zone_id=1", &r);
	is_int(r.status, 303, "a new caller and her ask: 303");
	ok(reply_header(&r, "Location") != NULL &&
	    strncmp(reply_header(&r, "Location"), "/needs/", 7) == 0,
	    "to the new ask");
	reply_free(&r);
	is_int(db_count(&S, "person"), people + 1, "one person is added");
	is_int(db_scalar(&S, "SELECT count(*) FROM need n JOIN person p ON "
	    "p.id = n.person_id WHERE p.name = 'Rosa Quispe' AND p.zone_id = 1 "
	    "AND p.language = 'es' AND n.urgency = 3 AND n.zone_id = 1"), 1,
	    "with her ask, both in the ask's zone");

	rosa = intake_first("(617)%20555%200199");
	ok(rosa > 0, "an admin finds her by her phone typed another way");
	is_int(intake_first("rosa"), rosa, "and by her name in any case");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"name\":\"Other\","
	    "\"category\":\"rent\",\"details\":\"Rent\",\"urgency\":2,"
	    "\"zone_id\":2}", rosa);
	http_json(&S, "POST", "/intake", body, &r);
	is_int(r.status, 201, "an ask for a known caller: 201");
	is_int(json_integer_value(json_object_get(r.json, "person_id")), rosa,
	    "is hers");
	ok(json_object_get(r.json, "phone") == NULL,
	    "and the answer carries no contact");
	reply_free(&r);
	is_int(db_count(&S, "person"), people + 1, "nobody new is added");
	is_int(db_count(&S, "need"), needs + 2, "the asks are both made");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE name = "
	    "'Other'"), 0, "a new person's name beside a choice is unused");

	http(&S, "GET", "/intake?q=Quispe", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the intake page answers");
	snprintf(body, sizeof(body), "name=\"person_id\" value=\"%ld\"", rosa);
	ok(strstr(r.body, body) != NULL && strstr(r.body, "Rosa Quispe"),
	    "listing the caller found to pick");
	ok(strstr(r.body, "id=\"person-new\"") != NULL,
	    "beside someone new");
	ok(strstr(r.body, "617") == NULL, "and no phone");
	ok(strstr(r.body, "<script src=\"/static/find.js\" defer>") !=
	    NULL, "with its script from a file, not inline");
	ok(strstr(r.body, "data-search=\"/intake?q=\" data-list=\"matches\"")
	    != NULL, "which asks the same search for its matches");
	reply_free(&r);
	snprintf(body, sizeof(body), "/intake?person_id=%ld", rosa);
	http(&S, "GET", body, "text/html", NULL, NULL, 0, &r);
	snprintf(body, sizeof(body), "value=\"%ld\" checked", rosa);
	ok(r.status == 200 && strstr(r.body, body) != NULL &&
	    strstr(r.body, "id=\"person-new\" name=\"person_id\" value=\"\" "
	    "checked") == NULL, "?person_id= comes with the caller chosen");
	reply_free(&r);
	http(&S, "GET", "/intake?person_id=999", "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "id=\"person-new\" "
	    "name=\"person_id\" value=\"\" checked") != NULL,
	    "and with someone new for an id of no one");
	reply_free(&r);

	before = db_snapshot(&S);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_json(&S, "POST", "/intake", bad[i].body, &r);
		is_int(r.status, 422, "%s: 422", bad[i].what);
		is_str(error_field(&r), bad[i].field, "naming the field");
		reply_free(&r);
	}
	http_form(&S, "/intake", "q=Quispe&category=rent&details=Kept&"
	    "urgency=1&zone_id=1", &r);
	is_int(r.status, 422, "a form with no one chosen: 422");
	ok(strstr(r.body, "name-error") != NULL && strstr(r.body,
	    ">Kept</textarea>") != NULL, "shown again, the input kept");
	ok(strstr(r.body, "Rosa Quispe") != NULL,
	    "with the search's callers to pick");
	reply_free(&r);
	SAME_DB(&S, before, "bad input at intake, neither person nor ask,");
	free(before);
}

static void
test_bad_input(void)
{
	struct reply r;
	char *before = db_snapshot(&S), *big;
	size_t n = 1024 * 1024 + 1;

	big = malloc(n);
	memset(big, 'a', n);
	http(&S, "POST", "/needs", "application/json", "application/json", big,
	    n, &r);
	is_int(r.status, 413, "a body over 1 MiB: 413");
	is_str(error_code(&r), "too_large", "the error says too large");
	reply_free(&r);
	free(big);

	is_int(http_status(&S, "POST", "/needs", "{\"person_id\":2,"), 400,
	    "malformed JSON: 400");
	is_int(http_status(&S, "POST", "/zones",
	    "{\"name\":\"a\",\"name\":\"b\"}"), 400,
	    "duplicate JSON keys: 400");
	is_int(http_status(&S, "POST", "/zones", "[1,2]"), 400,
	    "a JSON body that is not an object: 400");
	http(&S, "POST", "/zones", "application/json", "application/json",
	    "{\"name\":\"\xc3\x28\"}", 13, &r);
	is_int(r.status, 400, "invalid UTF-8 in JSON: 400");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json",
	    "application/x-www-form-urlencoded", "name=%C3%28", 11, &r);
	is_int(r.status, 400, "invalid UTF-8 in a form: 400");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json",
	    "application/x-www-form-urlencoded", "name=%zz", 8, &r);
	is_int(r.status, 400, "a malformed form escape: 400");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json", "text/plain", "hi", 2,
	    &r);
	is_int(r.status, 400, "an unsupported content type: 400");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json", "application/jsonfoo",
	    "{\"name\":\"Foo\"}", 14, &r);
	is_int(r.status, 400, "application/jsonfoo is not JSON: 400");
	is_str(error_code(&r), "bad_request", "a bad request");
	reply_free(&r);
	http(&S, "POST", "/zones", "application/json",
	    "application/x-www-form-urlencodedx", "name=Foo", 8, &r);
	is_int(r.status, 400, "nor is a longer form type a form: 400");
	reply_free(&r);
	names_field("POST", "/zones", "{\"name\":\"Z\",\"colour\":\"red\"}",
	    "colour", "an undeclared JSON key: 422 naming it");
	names_field("PATCH", "/people/2", "{\"nmae\":\"Ana\"}", "nmae",
	    "a misspelled key of an update: 422 naming it");

	http_json(&S, "POST", "/needs", "{\"person_id\":2,\"category\":"
	    "\"groceries\",\"urgency\":2,\"zone_id\":1}", &r);
	is_int(r.status, 422, "a missing field: 422");
	is_str(error_field(&r), "details", "naming the field");
	is_str(error_code(&r), "invalid", "with the code invalid");
	ok(json_is_string(json_object_get(json_object_get(r.json, "error"),
	    "message")), "and a message");
	reply_free(&r);
	names_field("POST", "/needs", "{\"person_id\":2,\"category\":"
	    "\"groceries\",\"details\":\"x\",\"urgency\":4,\"zone_id\":1}",
	    "urgency", "urgency 4 is out of range");
	http_json(&S, "POST", "/needs", "{\"person_id\":99,\"category\":"
	    "\"groceries\",\"details\":\"x\",\"urgency\":1,\"zone_id\":1}", &r);
	is_int(r.status, 422, "an unknown person: 422");
	is_str(error_field(&r), "person_id", "naming person_id");
	reply_free(&r);
	names_field("POST", "/needs", "{\"person_id\":2,\"category\":"
	    "\"spaceships\",\"details\":\"x\",\"urgency\":1,\"zone_id\":1}",
	    "category", "an unknown category: 422");
	http_json(&S, "POST", "/needs/1/status", "{\"status\":\"done\"}", &r);
	is_int(r.status, 422, "a status not among the choices: 422");
	is_str(error_field(&r), "status", "naming status");
	{
		json_t *c = json_object_get(json_object_get(r.json, "error"),
		    "choices");
		ok(json_array_size(c) == 4 &&
			strcmp(json_string_value(json_array_get(c, 0)),
			    "open") == 0,
		    "and the choices there are, open first");
	}
	reply_free(&r);
	names_field("POST", "/needs", "{\"person_id\":\"one\",\"category\":"
	    "\"rent\",\"details\":\"x\",\"urgency\":1,\"zone_id\":1}",
	    "person_id", "a non-numeric id: 422");
	names_field("POST", "/people", "{\"name\":\"X\",\"phone\":\"12ab\"}",
	    "phone", "a phone with letters: 422");
	names_field("POST", "/people", "{\"name\":\"X\",\"email\":\"nope\"}",
	    "email", "a bad email: 422");
	names_field("POST", "/people", "{\"name\":[1]}", "name",
	    "a name of the wrong type: 422");
	is_int(http_status(&S, "PATCH", "/people/2", "{\"name\":\"\"}"), 422,
	    "an update cannot empty a required field");
	names_field("POST", "/zones", "{\"name\":\"Barrio Norte\"}", "name",
	    "a taken zone name: 422");
	names_field("POST", "/zones", "{\"name\":\"Z\",\"lat\":95}", "lat",
	    "a latitude out of range: 422");
	SAME_DB(&S, before, "every bad body");
	free(before);

	http_json(&S, "GET", "/needs/999", NULL, &r);
	is_int(r.status, 404, "an unknown ask: 404");
	is_str(error_code(&r), "not_found", "the error says not found");
	reply_free(&r);
	is_int(http_status(&S, "POST", "/needs/999/status",
	    "{\"status\":\"matched\"}"), 404, "a move on an unknown ask: 404");
	is_int(http_status(&S, "GET", "/people/0", NULL), 404,
	    "id 0 is no id: 404");
	is_int(http_status(&S, "GET", "/no/such/page", NULL), 404,
	    "an unknown route: 404");
	http(&S, "GET", "/no/such/<script>", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 404, "an unknown page: 404 in HTML");
	ok(strstr(r.body, "<script>") == NULL, "the error never echoes the URL");
	reply_free(&r);
	http_json(&S, "DELETE", "/needs", NULL, &r);
	is_int(r.status, 405, "a wrong method: 405");
	ok(reply_header(&r, "Allow") != NULL, "with an Allow header");
	reply_free(&r);
	http_json(&S, "GET", "/needs?zone_id=abc", NULL, &r);
	is_int(r.status, 422, "a bad filter: 422");
	is_str(error_field(&r), "zone_id", "naming the filter");
	reply_free(&r);
	names_field("GET", "/needs?limit=100000", NULL, "limit",
	    "a limit too large: 422");
	{
		/* Every other route, each with its own bad input. */
		static const struct {
			const char *method, *path, *body;
			long status;
			const char *field;
		} bad[] = {
			{ "GET", "/people/999", NULL, 404, "" },
			{ "GET", "/people/999/edit", NULL, 404, "" },
			{ "PATCH", "/people/999", "{\"name\":\"A\"}", 404, "" },
			{ "POST", "/people/2", "{\"zone_id\":999}", 422,
			    "zone_id" },
			{ "GET", "/people?zone_id=x", NULL, 422, "zone_id" },
			{ "GET", "/zones?limit=0", NULL, 422, "limit" },
			{ "GET", "/offers/999", NULL, 404, "" },
			{ "GET", "/offers?status=bogus", NULL, 422, "status" },
			{ "POST", "/offers", "{\"person_id\":2,\"category\":"
			    "\"rent\",\"details\":\"x\",\"zone_id\":1,"
			    "\"quantity\":0}", 422, "quantity" },
			{ "POST", "/offers/1/status", "{\"status\":\"gone\"}",
			    422, "status" },
			{ "POST", "/offers/999/status",
			    "{\"status\":\"matched\"}", 404, "" },
			{ "GET", "/needs/new?person_id=abc", NULL, 422,
			    "person_id" },
			{ "GET", "/offers/new?person_id=-1", NULL, 422,
			    "person_id" },
			{ "POST", "/zones", "{\"name\":\"Y\",\"parent_id\":99}",
			    422, "parent_id" },
			{ "POST", "/", "{}", 405, "" },
		};
		size_t i;
		char *snap = db_snapshot(&S);

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			http_json(&S, bad[i].method, bad[i].path, bad[i].body,
			    &r);
			is_int(r.status, bad[i].status, "%s %s answers %ld",
			    bad[i].method, bad[i].path, bad[i].status);
			is_str(error_field(&r), bad[i].field,
			    "%s %s names the field", bad[i].method,
			    bad[i].path);
			reply_free(&r);
		}
		SAME_DB(&S, snap, "bad input on every route");
		free(snap);
	}
	is_int(http_status(&S, "GET", "/needs?q=%ff", NULL), 400,
	    "invalid UTF-8 in the query: 400");
}

/* The fields error.fields lists, joined by commas ("" when none). */
static const char *
error_fields(struct reply *r, char *out, size_t len)
{
	json_t *e = json_object_get(r->json, "error"), *f;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach (json_object_get(e, "fields"), i, f)
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%s",
		    i ? "," : "",
		    json_string_value(json_object_get(f, "field")));
	return out;
}

/*
 * Every invalid field is reported at once, in JSON and on the form shown
 * again; the first is still error.field and error.message.
 */
static void
test_every_field(void)
{
	static const struct {
		const char *path, *body, *fields, *what;
	} cases[] = {
		{ "/help", "{\"phone\":\"abc\"}",
		    "kind,name,phone,zone_id,category,details",
		    "an empty /help with phone abc" },
		{ "/needs", "{}", "person_id,category,details,urgency,zone_id",
		    "an empty ask" },
		{ "/people",
		    "{\"name\":\" \",\"phone\":\"12ab\",\"email\":"
		    "\"nope\",\"zone_id\":0}",
		    "name,phone,email,zone_id", "a person wrong four ways" },
		{ "/zones",
		    "{\"colour\":\"red\",\"lat\":95,\"lon\":\"east\"}",
		    "colour,name,lat,lon", "unknown keys come first" },
		{ "/needs",
		    "{\"person_id\":99,\"category\":\"spaceships\","
		    "\"details\":\"x\",\"urgency\":1,\"zone_id\":999}",
		    "person_id,category,zone_id",
		    "every reference that names no row" },
	};
	struct reply r;
	json_t *e, *first;
	char got[256], *before = db_snapshot(&S);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		http_json(&S, "POST", cases[i].path, cases[i].body, &r);
		is_int(r.status, 422, "%s: 422", cases[i].what);
		is_str(error_fields(&r, got, sizeof(got)), cases[i].fields,
		    "%s: every field listed", cases[i].what);
		e = json_object_get(r.json, "error");
		first = json_array_get(json_object_get(e, "fields"), 0);
		ok(json_equal(json_object_get(e, "field"),
		       json_object_get(first, "field")) &&
		    json_equal(json_object_get(e, "message"),
			json_object_get(first, "message")),
		    "%s: field and message are the first's", cases[i].what);
		reply_free(&r);
	}
	http_json(&S, "GET", "/needs/999", NULL, &r);
	ok(json_object_get(json_object_get(r.json, "error"), "fields") == NULL,
	    "a problem of no field lists none");
	reply_free(&r);

	http_form(&S, "/help", "kind=&name=&phone=abc&zone_id=&category=&"
	    "details=", &r);
	is_int(r.status, 422, "the empty public form: 422");
	ok(strstr(r.body, "id=\"kind-error\"") &&
	    strstr(r.body, "id=\"name-error\"") &&
	    strstr(r.body, "id=\"phone-error\"") &&
	    strstr(r.body, "id=\"zone_id-error\"") &&
	    strstr(r.body, "id=\"category-error\"") &&
	    strstr(r.body, "id=\"details-error\""),
	    "each message by its field");
	ok(strstr(r.body, "<a href=\"#phone\">Phone: not a usable phone "
	    "number") != NULL,
	    "and in the summary, with the field's label");
	ok(strstr(r.body, "value=\"abc\"") != NULL, "the input kept");
	reply_free(&r);
	SAME_DB(&S, before, "forms and bodies with many invalid fields");
	free(before);
}

/* The newest audit entry as JSON, from /admin/audit (caller frees r). */
static json_t *
newest_entry(struct reply *r)
{
	http_json(&S, "GET", "/admin/audit?limit=1", NULL, r);
	return json_array_get(json_object_get(r->json, "items"), 0);
}

/*
 * The audit trail says what changed: an action id, the record, a status
 * move or the names of the fields changed, never what anyone typed; in
 * words in the reader's language.
 */
static void
test_audit_trail(void)
{
	struct reply r;
	json_t *e;
	long zone, ask;
	char body[160], *sql;

	zone = post_json("/zones", "{\"name\":\"Audit Hill\"}", 201);
	e = newest_entry(&r);
	is_str(json_string_value(json_object_get(e, "action")), "zone.create",
	    "a zone made is zone.create");
	is_str(json_string_value(json_object_get(e, "entity")), "zone",
	    "of a zone");
	is_int(json_integer_value(json_object_get(e, "entity_id")), zone,
	    "naming it by id");
	ok(json_is_null(json_object_get(e, "change")), "with no change");
	reply_free(&r);

	snprintf(body, sizeof(body), "{\"person_id\":2,\"category\":"
	    "\"groceries\",\"details\":\"Rice\",\"urgency\":1,"
	    "\"zone_id\":%ld}", zone);
	ask = post_json("/needs", body, 201);
	snprintf(body, sizeof(body), "/needs/%ld/status", ask);
	post_json(body, "{\"status\":\"matched\"}", 200);
	e = newest_entry(&r);
	is_str(json_string_value(json_object_get(e, "action")), "need.status",
	    "a status change is need.status");
	is_int(json_integer_value(json_object_get(e, "entity_id")), ask,
	    "of the ask");
	is_str(json_string_value(json_object_get(json_object_get(e, "change"),
	    "from")), "open", "from open");
	is_str(json_string_value(json_object_get(json_object_get(e, "change"),
	    "to")), "matched", "to matched");
	reply_free(&r);

	/* Planted values: none of them may reach the trail. */
	http_json(&S, "PATCH", "/people/2", "{\"name\":\"Zq9Marker Name\","
	    "\"phone\":\"+1 555 777 9911\",\"email\":\"zq9marker@example.org\","
	    "\"address\":\"Zq9Marker Street 1\",\"language\":\"es\"}", &r);
	is_int(r.status, 200, "a person is updated");
	reply_free(&r);
	e = newest_entry(&r);
	is_str(json_string_value(json_object_get(e, "action")),
	    "person.update", "a person update is person.update");
	sql = json_dumps(json_object_get(json_object_get(e, "change"),
	    "fields"), JSON_COMPACT);
	is_str(sql, "[\"name\",\"phone\",\"email\",\"address\"]",
	    "naming the fields that changed, not the language that did not");
	free(sql);
	reply_free(&r);
	/* Every text column of every entry, the marker in any case. */
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE lower("
	    "coalesce(change, '') || '|' || action || '|' || "
	    "coalesce(entity, '') || '|' || coalesce(ip, '') || '|' || at) "
	    "LIKE '%zq9marker%' OR coalesce(change, '') LIKE '%7779911%' OR "
	    "coalesce(change, '') LIKE '%777 9911%'"), 0,
	    "no planted value is in the audit table");
	http_json(&S, "PATCH", "/people/2", "{\"name\":\"Zq9Marker Name\"}",
	    &r);
	reply_free(&r);
	e = newest_entry(&r);
	ok(json_is_null(json_object_get(e, "change")),
	    "an update that changes nothing names no field");
	reply_free(&r);

	http(&S, "GET", "/admin/audit?lang=es", "text/html", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "persona actualizada") &&
	    strstr(r.body, "Nombre, Teléfono, Correo electrónico, Dirección") &&
	    strstr(r.body, "estado del pedido cambiado") &&
	    strstr(r.body, "Pendiente → En curso") &&
	    strstr(r.body, "pedido ") && strstr(r.body, "zona creada"),
	    "the Spanish page says it in words");
	ok(strstr(r.body, "need.status") == NULL,
	    "not in the ids it stores");
	reply_free(&r);
	db_write(&S, "INSERT INTO audit (at, action, entity_id) VALUES "
	    "('2026-01-01T00:00:00Z', 'POST /intake', 7)");
	http(&S, "GET", "/admin/audit?lang=en", "text/html", NULL, NULL, 0,
	    &r);
	ok(strstr(r.body, "\">POST /intake</td><td role=\"cell\" "
	    "data-label=\"Record\">7</td>") != NULL,
	    "an action with no words yet shows as stored");
	reply_free(&r);
}

static void
test_pages(void)
{
	static const char *const pages[] = {
		"/", "/zones", "/people", "/people/new", "/people/2",
		"/people/2/edit", "/needs", "/needs/new?person_id=2",
		"/needs/1", "/offers", "/offers/new", "/offers/1", "/intake",
		"/intake?q=Tom%C3%A1s", "/help/thanks?kind=offer", NULL
	};
	struct reply r;
	int i;

	for (i = 0; pages[i] != NULL; i++) {
		http(&S, "GET", pages[i], "text/html", NULL, NULL, 0, &r);
		is_int(r.status, 200, "GET %s as HTML", pages[i]);
		ok(strstr(r.body, "</html>") != NULL, "%s is a whole page",
		    pages[i]);
		reply_free(&r);
	}
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	ok(reply_header(&r, "Content-Security-Policy") != NULL &&
	    strstr(reply_header(&r, "Content-Security-Policy"),
	    "frame-ancestors 'none'") != NULL, "pages carry a CSP");
	is_str(reply_header(&r, "X-Content-Type-Options"), "nosniff",
	    "and nosniff");
	is_str(reply_header(&r, "Referrer-Policy"), "no-referrer",
	    "and no referrer");
	reply_free(&r);

	http(&S, "GET", "/static/style.css", NULL, NULL, NULL, 0, &r);
	is_int(r.status, 200, "the stylesheet is served");
	ok(strncmp(reply_header(&r, "Content-Type"), "text/css", 8) == 0,
	    "as CSS");
	reply_free(&r);
	http(&S, "GET", "/static/find.js", NULL, NULL, NULL, 0, &r);
	is_int(r.status, 200, "the search as you type is served");
	ok(strncmp(reply_header(&r, "Content-Type"), "text/javascript", 15)
	    == 0, "as JavaScript");
	reply_free(&r);
	http(&S, "HEAD", "/", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 200, "HEAD answers like GET");
	reply_free(&r);
}

static void
test_language(void)
{
	struct reply r;
	char *before = db_snapshot(&S);

	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "lang=\"en\"") != NULL, "English by default");
	reply_free(&r);
	http(&S, "GET", "/?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "lang=\"es\"") != NULL, "?lang=es gives Spanish");
	ok(reply_header(&r, "Set-Cookie") != NULL &&
	    strstr(reply_header(&r, "Set-Cookie"), "lang=es") != NULL,
	    "and remembers it in a cookie");
	reply_free(&r);
	http(&S, "GET", "/needs?status=open&zone_id=3&lang=en&offset=50",
	    "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/needs?status=open&amp;zone_id=3&amp;"
	    "offset=50&amp;lang=es\"") != NULL,
	    "the language switch keeps the filters and the page, not the "
	    "old lang");
	reply_free(&r);
	http(&S, "GET", "/needs?%22%3E%3Cb%3E=%3F%23&q=a%26lang%3Den%22",
	    "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<a href=\"/needs?%22%3E%3Cb%3E=%3F%23&amp;"
	    "q=a%26lang%3Den%22&amp;lang=es\"") != NULL && strstr(r.body,
	    "\"><b>") == NULL,
	    "the query it keeps is escaped: no markup, no second query");
	reply_free(&r);
	http_form(&S, "/people?zone_id=2", "name=", &r);
	is_int(r.status, 422, "a form with an error is shown again");
	ok(strstr(r.body, "<a href=\"/people?lang=es\"") != NULL,
	    "its language switch keeps no query: a POST has none to keep");
	reply_free(&r);
	http_json(&S, "POST", "/needs", "{}", &r);
	reply_free(&r);
	SAME_DB(&S, before, "an empty body");
	free(before);
}

static void
test_accept_language(void)
{
	struct reply r;

	http_header = "Accept-Language: es-MX,es;q=0.9,en;q=0.5";
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "lang=\"es\"") != NULL,
	    "Accept-Language es gives Spanish");
	reply_free(&r);
	http_header = "Accept-Language: es;q=0.9";
	http_json(&S, "POST", "/needs", "{}", &r);
	is_str(json_string_value(json_object_get(json_object_get(r.json,
	    "error"), "message")), "este campo es obligatorio",
	    "JSON errors speak the language too");
	reply_free(&r);
	http_header = "Cookie: lang=en";
	http(&S, "GET", "/", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "lang=\"en\"") != NULL, "the cookie picks English");
	reply_free(&r);
	http_header = NULL;
}

#define SAME_RACERS 8

/* A racer's last answer, counted by its status. */
static void
same_moment_count(struct racer *r)
{
	int *statuses = r->arg;

	if (r->status == 201)
		statuses[0]++;
	else if (r->status == 409 || r->status == 422)
		statuses[1]++;
	else
		statuses[2]++;
}

/*
 * Eight coordinators name a new zone alike at the same moment: one zone,
 * and every other answer a refusal (422 when its check saw the first,
 * 409 when the database's unique index did: PostgreSQL's writers run
 * side by side), never a failure of ours (500).
 */
static void
test_same_moment(void)
{
	static struct racer racers[SAME_RACERS];
	static int statuses[SAME_RACERS][3];
	long zones = db_count(&S, "zone");
	int i, created = 0, refused = 0, failed = 0;
	char login[32];

	for (i = 0; i < SAME_RACERS; i++) {
		snprintf(login, sizeof(login), "samemoment%d", i);
		server_login(&S, login, "coordinator", NULL, racers[i].auth,
		    sizeof(racers[i].auth));
		racers[i].arg = statuses[i];
	}
	http_race(&S, racers, SAME_RACERS, "/zones",
	    "{\"name\":\"Barrio Simultáneo\"}", 1, same_moment_count);
	for (i = 0; i < SAME_RACERS; i++) {
		created += statuses[i][0];
		refused += statuses[i][1];
		failed += statuses[i][2];
		if (statuses[i][2] > 0)
			printf("# racer %d: %ld %s\n", i, racers[i].status,
			    racers[i].body);
	}
	is_int(created, 1, "one of %d names the zone", SAME_RACERS);
	is_int(refused, SAME_RACERS - 1, "every other one is refused (409 or "
					 "422)");
	is_int(failed, 0, "none fails (500)");
	is_int(db_count(&S, "zone"), zones + 1, "one zone more");
}

int
main(void)
{
	server_start(&S);
	test_create();
	test_lists();
	test_cache();
	test_cache_hand_edit();
	test_cache_switch();
	test_cache_scope();
	test_transitions();
	test_dashboard();
	test_forms();
	test_redirects();
	test_intake();
	test_bad_input();
	test_every_field();
	test_audit_trail();
	test_pages();
	test_language();
	test_accept_language();
	test_same_moment();
	is_int(server_stop(&S), 0, "the server stops cleanly on SIGTERM");
	return tap_done();
}
