/*
 * The summary behind /facing (schema/018_facing_summary) stays exact:
 * after a random mix of writes through the API (asks with and without a
 * target and tags, their links changed, conversations, forgets), a few
 * straight into the tables as another program would, and a purge on the
 * command line, facing_person and facing_key equal a recount from the
 * asks and conversations, written here as its own query. A purge and a
 * forget change no count: /facing answers the same before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "client.h"

static struct server S;

#define DAY   (24 * 60 * 60)
#define NZONE 3
#define NPEOP 10
#define NTARG 3
#define NTAGS 4
#define STEPS 120

static long zones[NZONE], people[NPEOP], targets[NTARG];
static long asks[STEPS];
static size_t nasks;
static const char *const tags[NTAGS] = { "no-heat", "mould", "rent-increase",
	"repairs" };

/* The same sequence on every run and backend. */
static unsigned long seed = 13;

static unsigned
pick(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

/*
 * Every row facing_person should hold, from the asks and conversations
 * alone: each (target | tag | zone | target and tag | target and place |
 * tag and place), person, and the latest time of it.
 */
#define RECOUNT                                                               \
	"WITH r AS (SELECT n.person_id, n.created_at AS at, n.target_id, "    \
	"n.zone_id, g.tag FROM need n LEFT JOIN need_tag g ON g.need_id = "   \
	"n.id UNION ALL SELECT c.person_id, c.at, c.target_id, c.zone_id, "   \
	"g.tag FROM conversation c LEFT JOIN conversation_tag g ON "          \
	"g.conversation_id = c.id), e AS ("                                   \
	"SELECT 'target' AS dim, CAST(target_id AS TEXT) AS key, '' AS sub, " \
	"person_id, max(at) AS latest FROM r WHERE target_id IS NOT NULL "    \
	"GROUP BY target_id, person_id "                                      \
	"UNION ALL SELECT 'tag', tag, '', person_id, max(at) FROM r "         \
	"WHERE tag IS NOT NULL GROUP BY tag, person_id "                      \
	"UNION ALL SELECT 'zone', CAST(zone_id AS TEXT), '', person_id, "     \
	"max(at) FROM r WHERE zone_id IS NOT NULL GROUP BY zone_id, person_id " \
	"UNION ALL SELECT 'target_tag', CAST(target_id AS TEXT), tag, "       \
	"person_id, max(at) FROM r WHERE target_id IS NOT NULL AND tag IS "   \
	"NOT NULL GROUP BY target_id, tag, person_id "                        \
	"UNION ALL SELECT 'target_zone', CAST(target_id AS TEXT), "           \
	"CAST(zone_id AS TEXT), person_id, max(at) FROM r WHERE target_id IS " \
	"NOT NULL AND zone_id IS NOT NULL GROUP BY target_id, zone_id, "      \
	"person_id "                                                          \
	"UNION ALL SELECT 'tag_zone', tag, CAST(zone_id AS TEXT), person_id, " \
	"max(at) FROM r WHERE tag IS NOT NULL AND zone_id IS NOT NULL "       \
	"GROUP BY tag, zone_id, person_id) "

#define PEOPLE "SELECT dim, key, sub, person_id, latest FROM facing_person"
#define EXPECT "SELECT dim, key, sub, person_id, latest FROM e"
#define KEYS   "SELECT dim, key, sub, people FROM facing_key"
/* With, for each name, how many people were last seen on each day. */
#define EXPECT_KEYS                                                           \
	"SELECT * FROM (SELECT dim, key, sub, count(*) AS n FROM e "          \
	"GROUP BY dim, key, sub UNION ALL SELECT dim || '_day', key, "        \
	"substr(latest, 1, 10), count(*) FROM e WHERE sub = '' "              \
	"GROUP BY dim, key, substr(latest, 1, 10)) k"

/* Whether the summary equals the recount, rows each way. */
static void
same(const char *when)
{
	long rows = db_count(&S, "facing_person");

	SAME_ROWS(&S, RECOUNT, PEOPLE, EXPECT, when, "the rows");
	is_int(db_scalar(&S, RECOUNT "SELECT count(*) FROM e"), rows,
	    "%s: %ld rows, as many", when, rows);
	SAME_ROWS(&S, RECOUNT, KEYS, EXPECT_KEYS, when, "the counts");
}

/* A JSON array of up to two distinct tags, or "" for none, into out. */
static void
some_tags(char *out, size_t len)
{
	unsigned a = pick(NTAGS), b = pick(NTAGS);

	switch (pick(3)) {
	case 0:
		snprintf(out, len, "[]");
		break;
	case 1:
		snprintf(out, len, "[\"%s\"]", tags[a]);
		break;
	default:
		if (a == b)
			b = (b + 1) % NTAGS;
		snprintf(out, len, "[\"%s\",\"%s\"]", tags[a], tags[b]);
	}
}

/* A target's id as JSON, or null one time in three. */
static void
some_target(char *out, size_t len)
{
	if (pick(3) == 0)
		snprintf(out, len, "null");
	else
		snprintf(out, len, "%ld", targets[pick(NTARG)]);
}

static void
new_ask(void)
{
	char body[384], t[24], g[64];
	long id;

	some_target(t, sizeof(t));
	some_tags(g, sizeof(g));
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"food\",\"urgency\":1,\"zone_id\":%ld,"
	    "\"target_id\":%s,\"tags\":%s}", people[pick(NPEOP)],
	    zones[pick(NZONE)], t, g);
	id = http_created(&S, "/needs", body);
	if (id > 0)
		asks[nasks++] = id;
}

static void
relink(void)
{
	char body[256], path[48], t[24], g[64];
	long st;

	if (nasks == 0)
		return;
	some_target(t, sizeof(t));
	some_tags(g, sizeof(g));
	snprintf(path, sizeof(path), "/needs/%ld", asks[pick((unsigned)nasks)]);
	/* The target alone, the tags alone, or both. */
	switch (pick(3)) {
	case 0:
		snprintf(body, sizeof(body), "{\"target_id\":%s}", t);
		break;
	case 1:
		snprintf(body, sizeof(body), "{\"tags\":%s}", g);
		break;
	default:
		snprintf(body, sizeof(body), "{\"target_id\":%s,\"tags\":%s}",
		    t, g);
	}
	st = http_status(&S, "PATCH", path, body);
	ok(st == 200, "PATCH %s: %ld", path, st);
}

static void
talk(void)
{
	char body[384], t[24], g[64], at[16], zone[32] = "";
	time_t when = time(NULL) - (time_t)pick(200) * DAY;
	struct tm utc;
	long id;

	some_target(t, sizeof(t));
	some_tags(g, sizeof(g));
	gmtime_r(&when, &utc);
	strftime(at, sizeof(at), "%Y-%m-%d", &utc);
	/* Without a zone, the person's is taken, if they have one. */
	if (pick(2))
		snprintf(zone, sizeof(zone), "\"zone_id\":%ld,",
		    zones[pick(NZONE)]);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,%s\"how\":\"door\","
	    "\"at\":\"%s\",\"problems\":\"said so\",\"target_id\":%s,"
	    "\"tags\":%s}", people[pick(NPEOP)], zone, at, t, g);
	id = http_created(&S, "/conversations", body);
	ok(id > 0, "conversation %ld", id);
}

/*
 * Another program's writes: an ask dated back, a tag taken off, or an ask
 * with a tag put in dated back (before or after what its person last
 * raised under its names: an insert adds to what they have).
 */
static void
straight(void)
{
	char sql[400];
	long id;
	unsigned how = pick(3);

	if (how == 2) {
		snprintf(sql, sizeof(sql), "INSERT INTO need (person_id, "
		    "category, details, urgency, zone_id, target_id, "
		    "created_at, updated_at) VALUES (%ld, 'groceries', "
		    "'put in', 1, %ld, %ld, '2026-0%u-1%uT10:00:00Z', "
		    "'2026-01-01T00:00:00Z'); INSERT INTO need_tag (need_id, "
		    "tag) SELECT max(id), '%s' FROM need", people[pick(NPEOP)],
		    zones[pick(NZONE)], targets[pick(NTARG)], 1 + pick(9),
		    pick(10), tags[pick(NTAGS)]);
		db_write(&S, sql);
		asks[nasks++] = db_scalar(&S, "SELECT max(id) FROM need");
		return;
	}
	if (nasks == 0)
		return;
	id = asks[pick((unsigned)nasks)];
	if (how == 1) {
		snprintf(sql, sizeof(sql), "UPDATE need SET created_at = "
		    "'2026-0%u-1%uT10:00:00Z' WHERE id = %ld", 1 + pick(9),
		    pick(10), id);
		db_write(&S, sql);
	} else {
		snprintf(sql, sizeof(sql), "DELETE FROM need_tag WHERE "
		    "need_id = %ld AND tag = '%s'", id, tags[pick(NTAGS)]);
		db_write(&S, sql);
	}
}

/*
 * /facing as JSON: the body (caller frees), and into counts (len) every
 * row's key, people, last_30 and last_90, in order.
 */
static char *
facing(char *counts, size_t len)
{
	static const char *const lists[] = { "by_target", "by_tag", "by_zone",
		NULL };
	struct reply r;
	json_t *row;
	size_t i, j, at = 0;
	char *body, *key;

	http(&S, "GET", "/facing", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "GET /facing");
	counts[0] = '\0';
	for (j = 0; lists[j] != NULL; j++)
		json_array_foreach (json_object_get(r.json, lists[j]), i, row) {
			key = json_dumps(json_object_get(row, "title"),
			    JSON_ENCODE_ANY);
			at += (size_t)snprintf(counts + at, len - at,
			    "%s %lld %lld %lld;", key, (long long)
			    json_integer_value(json_object_get(row, "people")),
			    (long long)json_integer_value(json_object_get(row,
			    "last_30")), (long long)json_integer_value(
			    json_object_get(row, "last_90")));
			free(key);
			if (at >= len)
				at = len - 1;
		}
	body = strdup(r.body != NULL ? r.body : "");
	reply_free(&r);
	return body;
}

/* In how many rows of /facing's body person id is attached. */
static int
attached(const char *body, long id)
{
	static const char *const lists[] = { "by_target", "by_tag", "by_zone",
		NULL };
	json_t *all = json_loads(body, 0, NULL), *row, *v;
	size_t i, j, k;
	int n = 0;

	for (j = 0; lists[j] != NULL; j++)
		json_array_foreach (json_object_get(all, lists[j]), i, row)
			json_array_foreach (json_object_get(row, "person_ids"),
			    k, v)
				n += json_integer_value(v) == id;
	json_decref(all);
	return n;
}

static void
build(void)
{
	char body[128];
	int i;

	for (i = 0; i < NZONE; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"Block %d\"}", i);
		zones[i] = http_created(&S, "/zones", body);
	}
	for (i = 0; i < NPEOP; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"Neighbour %d\","
		    "\"zone_id\":%ld}", i, zones[i % NZONE]);
		people[i] = http_created(&S, "/people", body);
	}
	for (i = 0; i < NTARG; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"Landlord %d\","
		    "\"kind\":\"landlord\"}", i);
		targets[i] = http_created(&S, "/targets", body);
	}
	ok(zones[NZONE - 1] > 0 && people[NPEOP - 1] > 0 &&
	    targets[NTARG - 1] > 0, "zones, people and targets");
	same("before any ask");
}

static void
test_mix(void)
{
	int i;

	for (i = 0; i < STEPS; i++) {
		switch (pick(8)) {
		case 0:
		case 1:
		case 2:
			new_ask();
			break;
		case 3:
		case 4:
			relink();
			break;
		case 5:
		case 6:
			talk();
			break;
		default:
			straight();
		}
		if (i % 40 == 39)
			same("after a mix of writes");
	}
}

/*
 * Asks from eight people at the same moment, a few rounds, naming the
 * same places, target and tag: on PostgreSQL their transactions run side
 * by side and move the same counts, each locking them in key order, and
 * the summary stays exact (no count lost, no deadlock refused).
 */
#define RACERS 8
#define ROUNDS 4

static void
test_race(void)
{
	static struct racer racers[RACERS];
	static char bodies[RACERS][256];
	long before = db_count(&S, "need");
	char name[32];
	int i;

	for (i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "racer%d", i);
		ok(server_login(&S, name, "coordinator", NULL, racers[i].auth,
		    sizeof(racers[i].auth)) > 0, "login %s", name);
		snprintf(bodies[i], sizeof(bodies[i]), "{\"person_id\":%ld,"
		    "\"category\":\"groceries\",\"details\":\"food\","
		    "\"urgency\":1,\"zone_id\":%ld,\"target_id\":%ld,"
		    "\"tags\":[\"%s\"]}", people[i % NPEOP],
		    zones[i % 2], targets[0], tags[0]);
		racers[i].arg = bodies[i];
	}
	http_race(&S, racers, RACERS, "/needs", NULL, ROUNDS, NULL);
	is_int(http_race_count(racers, RACERS, 201, NULL), RACERS,
	    "every racer's last ask made");
	is_int(db_count(&S, "need") - before, RACERS * ROUNDS,
	    "all %d asks written", RACERS * ROUNDS);
	same("after asks at once");
}

/*
 * PostgreSQL planned the statements that move facing_key's counts anew
 * on every call, more than they took to run (046_summary_plans): each
 * summary function keeps one plan.
 */
static void
test_plans(void)
{
	if (!server_is_pg(&S))
		return;
	is_int(db_scalar(&S, "SELECT count(*) FROM pg_proc WHERE proname "
	    "IN ('facing_refresh', 'figures_refresh', "
	    "'figures_ladder_refresh') AND 'plan_cache_mode="
	    "force_generic_plan' = ANY (proconfig)"), 3,
	    "the three summary functions keep one plan for every call");
}

/* A forget and a purge leave every count, and the summary exact. */
static void
test_forget_purge(void)
{
	char path[64], out[256], c0[4096], c1[4096], *before, *after;
	long st;

	free(facing(c0, sizeof(c0)));
	ok(strlen(c0) > 0, "/facing has rows: %s", c0);
	snprintf(path, sizeof(path), "/people/%ld/forget", people[0]);
	st = http_status(&S, "POST", path, "{\"confirm\":\"yes\"}");
	ok(st == 200 || st == 303, "forget a person: %ld", st);
	same("after a forget");
	db_write(&S, "UPDATE need SET status = 'closed', updated_at = "
	    "'2020-01-01T00:00:00Z' WHERE id % 2 = 0");
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30",
	    NULL }, out, sizeof(out)), 0, "solidarity purge");
	ok(db_scalar(&S, "SELECT count(*) FROM conversation WHERE "
	    "purged_at IS NOT NULL") > 0, "the purge emptied conversations");
	ok(db_scalar(&S, "SELECT count(*) FROM need WHERE "
	    "purged_at IS NOT NULL") > 0, "and asks");
	same("after a purge");
	before = facing(c1, sizeof(c1));
	is_str(c1, c0, "the counts the same after a forget and a purge");
	is_int(attached(before, people[0]), 0,
	    "the forgotten person in no row");
	ok(attached(before, people[1]) > 0, "the others still are");
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "1",
	    NULL }, out, sizeof(out)), 0, "a second purge");
	after = facing(c1, sizeof(c1));
	is_str(after, before, "/facing the same after a purge");
	same("after a second purge");
	free(before);
	free(after);
}

int
main(void)
{
	server_start(&S);
	build();
	test_mix();
	test_race();
	test_plans();
	test_forget_purge();
	server_stop(&S);
	return tap_done();
}
