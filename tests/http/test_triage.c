/*
 * Lists that triage: the asks that still wait, most urgent and longest
 * waiting first, every status on request, the dashboard's newest open
 * asks; and times on pages in the network's zone and the reader's
 * language, the ISO value kept in <time datetime> and alone in JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static long ask[6], person, zone;

/* POST as the admin: the new record's id, a test of its own. */
static long
post_id(const char *path, const char *body)
{
	long id;

	id = http_created(&S, path, body);
	ok(id > 0, "POST %s: 201", path);
	return id;
}

static void
move(long id, const char *body)
{
	char path[64];

	snprintf(path, sizeof(path), "/needs/%ld/status", id);
	is_int(http_status(&S, "POST", path, body), 200, "ask %ld: %s", id,
	    body);
}

/* The ids of a list at path, in order, as "1 2 3" in out. */
static void
ids(const char *path, char *out, size_t outlen)
{
	struct reply r;
	json_t *item;
	size_t i, n = 0;

	out[0] = '\0';
	http_json(&S, "GET", path, NULL, &r);
	json_array_foreach (json_object_get(r.json, "items"), i, item)
		n += (size_t)snprintf(out + n, outlen - n, "%s%lld",
		    n ? " " : "",
		    (long long)json_integer_value(json_object_get(item, "id")));
	reply_free(&r);
}

/*
 * Five asks: urgencies 3, 3, 2, 3, 1, recorded on the 1st of October,
 * September, August, July and June, the second matched, the fourth
 * fulfilled and the fifth closed.
 */
static void
seed(void)
{
	static const int urgency[6] = { 0, 3, 3, 2, 3, 1 };
	char body[256], sql[160];
	int i;

	zone = post_id("/zones", "{\"name\":\"Triage\"}");
	snprintf(body, sizeof(body), "{\"name\":\"Rosa Díaz\",\"zone_id\":%ld}",
	    zone);
	person = post_id("/people", body);
	for (i = 1; i <= 5; i++) {
		snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
		    "\"groceries\",\"details\":\"ask %d\",\"urgency\":%d,"
		    "\"zone_id\":%ld}", person, i, urgency[i], zone);
		ask[i] = post_id("/needs", body);
		snprintf(sql, sizeof(sql), "UPDATE need SET created_at = "
		    "'2026-%02d-01T08:00:00Z' WHERE id = %ld", 11 - i, ask[i]);
		db_write(&S, sql);
	}
	move(ask[2], "{\"status\":\"matched\"}");
	move(ask[4], "{\"status\":\"matched\"}");
	move(ask[4], "{\"status\":\"fulfilled\"}");
	move(ask[5], "{\"status\":\"closed\",\"reason\":\"moved away\"}");
}

static void
test_order(void)
{
	char got[128], want[128];
	struct reply r;
	char *before, *after;

	ids("/needs", got, sizeof(got));
	snprintf(want, sizeof(want), "%ld %ld %ld", ask[2], ask[1], ask[3]);
	is_str(got, want, "by default the asks that still wait, most urgent, "
	    "then waiting longest");
	is_int(http_total(&S, "/needs"), 3, "and the total counts those");
	ids("/needs?status=all", got, sizeof(got));
	snprintf(want, sizeof(want), "%ld %ld %ld %ld %ld", ask[4], ask[2],
	    ask[1], ask[3], ask[5]);
	is_str(got, want, "status=all: every status, in the same order");
	is_int(http_total(&S, "/needs?status=all"), 5, "all five counted");
	ids("/needs?status=closed", got, sizeof(got));
	snprintf(want, sizeof(want), "%ld", ask[5]);
	is_str(got, want, "one status still filters");
	is_int(http_total(&S, "/needs?status=matched&limit=1"), 1,
	    "and counts");

	before = db_snapshot(&S);
	http_json(&S, "GET", "/needs?status=any", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "status") == 0,
	    "an unknown status: 422 naming it");
	reply_free(&r);
	http_json(&S, "GET", "/needs?mine=2", NULL, &r);
	ok(r.status == 422 && strcmp(error_field(&r), "mine") == 0,
	    "mine other than 0 or 1: 422 naming it");
	reply_free(&r);
	http_json(&S, "GET", "/offers?status=all", NULL, &r);
	is_int(r.status, 422, "offers take no status=all: theirs is the "
	    "default");
	reply_free(&r);
	after = db_snapshot(&S);
	ok(strcmp(before, after) == 0, "and nothing is written");
	free(before);
	free(after);

	http(&S, "GET", "/needs?status=all", "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "<option value=\"\">Open and matched</option>") &&
	    strstr(r.body, "<option value=\"all\" selected>All statuses"),
	    "HTML: the filter says what the default is, and keeps all");
	reply_free(&r);
}

static void
test_dashboard(void)
{
	struct reply r;
	json_t *item;
	size_t i;
	int waiting = 0, other = 0;
	char path[64];
	long id;

	http_json(&S, "GET", "/", NULL, &r);
	json_array_foreach (json_object_get(r.json, "newest"), i, item) {
		id = (long)json_integer_value(json_object_get(item, "id"));
		if (id == ask[1] || id == ask[3])
			waiting++;
		else
			other++;
	}
	ok(waiting == 2 && other == 0, "the dashboard's newest: the open "
	    "asks, not the matched, fulfilled or closed");
	reply_free(&r);

	snprintf(path, sizeof(path), "/people/%ld", person);
	http_json(&S, "GET", path, NULL, &r);
	is_int(json_integer_value(json_object_get(json_object_get(r.json,
	    "needs"), "total")), 5, "a person's page lists all their asks");
	reply_free(&r);
}

/* GET path as HTML; whether it holds each of the NULL-ended s. */
static int
page_has(const char *path, const char *const *s)
{
	struct reply r;
	int all = 1;

	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	for (; *s != NULL; s++)
		if (strstr(r.body, *s) == NULL) {
			printf("#   %s lacks %s\n", path, *s);
			all = 0;
		}
	reply_free(&r);
	return all;
}

/* GET path as HTML; whether s is nowhere in it. */
static int
page_lacks(const char *path, const char *s)
{
	struct reply r;
	int absent;

	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	absent = strstr(r.body, s) == NULL;
	if (!absent)
		printf("#   %s has %s\n", path, s);
	reply_free(&r);
	return absent;
}

static void
test_times(void)
{
	char path[64], dt[160];
	struct reply r;
	long id;

	snprintf(path, sizeof(path), "/needs/%ld", ask[1]);
	ok(page_has(path, (const char *[]){ "<time datetime=\""
	    "2026-10-01T08:00:00Z\">Thu 1 Oct", ", 10:00</time> · ", " ago",
	    NULL }), "an ask's page: Madrid's time in words, since when, and "
	    "the ISO value kept");
	snprintf(path, sizeof(path), "/needs/%ld?lang=es", ask[1]);
	ok(page_has(path, (const char *[]){ ">jue 1 oct", ", 10:00</time> · "
	    "hace ", NULL }), "in Spanish");
	snprintf(dt, sizeof(dt), "<time datetime=\"2026-08-01T08:00:00Z\">");
	ok(page_has("/needs", (const char *[]){ dt, " days ago</time>",
	    NULL }), "a card says how long the ask has waited");
	ok(page_lacks("/needs", "Z</") && page_lacks(path, "Z</"),
	    "no raw timestamp is shown as text");

	http_json(&S, "GET", path, NULL, &r);
	ok(strcmp(json_string_value(json_object_get(r.json, "created_at")),
	    "2026-10-01T08:00:00Z") == 0 &&
	    json_object_get(r.json, "created_at_text") == NULL &&
	    json_object_get(r.json, "created_at_ago") == NULL,
	    "JSON keeps the ISO value alone");
	reply_free(&r);

	snprintf(dt, sizeof(dt), "{\"person_id\":%ld,\"category\":\"rent\","
	    "\"details\":\"new\",\"urgency\":1,\"zone_id\":%ld}", person,
	    zone);
	id = post_id("/needs", dt);
	snprintf(path, sizeof(path), "/needs/%ld", id);
	ok(page_has(path, (const char *[]){ "</time> · just now", NULL }),
	    "an ask recorded now: just now");
	snprintf(path, sizeof(path), "/needs/%ld?lang=es", id);
	ok(page_has(path, (const char *[]){ "</time> · ahora mismo", NULL }),
	    "ahora mismo");
	ok(page_has("/admin/audit", (const char *[]){ "\"><time datetime=\"",
	    NULL }) && page_lacks("/admin/audit", "Z</"),
	    "the audit trail's times too");
	ok(page_has("/account", (const char *[]){ "</strong> · <time "
	    "datetime=\"", NULL }) && page_lacks("/account", "Z</"),
	    "and the API tokens' on the account page");
}

/* Without --time-zone: the zone of the TZ environment. */
static void
test_zone_from_env(void)
{
	char path[64];

	server_args = NULL;
	setenv("TZ", "America/New_York", 1);
	server_pause(&S);
	server_resume(&S);
	snprintf(path, sizeof(path), "/needs/%ld", ask[1]);
	ok(page_has(path, (const char *[]){ ">Thu 1 Oct", ", 04:00</time>",
	    NULL }), "TZ=America/New_York: New York's time");
	unsetenv("TZ");
}

int
main(void)
{
	static const char *const madrid[] = { "--time-zone", "Europe/Madrid",
		NULL };

	server_args = madrid;
	server_start(&S);
	seed();
	test_order();
	test_dashboard();
	test_times();
	test_zone_from_env();
	is_int(server_stop(&S), 0, "the server stops cleanly on SIGTERM");
	return tap_done();
}
