/*
 * Ranking who can help with an ask (domain/rank.h) on both backends, on
 * hand-made cases where one factor at a time tells two candidates
 * apart: the zone (and the kilometres), the language, shared windows, a
 * volunteer's load, the household served before, the category taken
 * before; who is left out (another category, an offer used up, out of
 * reach, the asker); the radius; and one candidate's reasons, or why it
 * cannot be matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/rank.h"
#include "domain/reach.h"
#include "domain/zone.h"
#include "util/buf.h"

static struct db *db;
/* Home - Next - Far in a line, about 1.1 km apart; Island touching none. */
static int64_t home, next, far, island;
/* The asker, and the ask: groceries at Home, Saturday mornings. */
static int64_t asker, ask;

static const char *const now = "2026-12-01T10:00:00Z";

static int64_t
zone(const char *name, double lat)
{
	json_t *in = json_pack("{s:s,s:f,s:f}", "name", name, "lat", lat, "lon",
	    -87.6);
	int64_t id = zone_insert(db, in, now);

	json_decref(in);
	return id;
}

static void
touch(int64_t a, int64_t b)
{
	struct db_val args[4] = { DBV_INT(a), DBV_INT(b), DBV_INT(b),
		DBV_INT(a) };

	ok(db_exec(db,
	       "INSERT INTO zone_adjacent (zone_id, adjacent_id) "
	       "VALUES (?, ?), (?, ?)",
	       args, 4) == 2,
	    "zones %lld and %lld touch", (long long)a, (long long)b);
}

/* A person speaking language in zone_id, free at windows (or NULL). */
static int64_t
person(const char *name, const char *language, int64_t zone_id,
    const char *windows)
{
	json_t *in = json_pack("{s:s,s:s,s:I}", "name", name, "language",
	    language, "zone_id", (json_int_t)zone_id);
	int64_t id = person_insert(db, in, now);
	struct db_val args[2] = { windows ? DBV_TEXT(windows) : DBV_NULL,
		DBV_INT(id) };

	json_decref(in);
	db_exec(db, "UPDATE person SET windows = ? WHERE id = ?", args, 2);
	return id;
}

static int64_t
offer(int64_t who, const char *category, int64_t zone_id)
{
	json_t *in = json_pack("{s:I,s:s,s:s,s:I}", "person_id",
	    (json_int_t)who, "category", category, "details",
	    "A bag of groceries every Saturday, rice beans and fresh "
	    "vegetables",
	    "zone_id", (json_int_t)zone_id);
	int64_t id = offer_insert(db, in, "open", now);

	json_decref(in);
	return id;
}

static int64_t
need(int64_t who, const char *category, int64_t zone_id)
{
	json_t *in = json_pack("{s:I,s:s,s:s,s:i,s:I}", "person_id",
	    (json_int_t)who, "category", category, "details", "x", "urgency", 2,
	    "zone_id", (json_int_t)zone_id);
	int64_t id = need_insert(db, in, "open", now);

	json_decref(in);
	return id;
}

/* A login of role for a new person in zone_id, working there. */
static int64_t
login(const char *name, const char *role, int64_t zone_id)
{
	int64_t who = person(name, "en", zone_id, NULL), id = 0;
	struct db_val args[3] = { DBV_INT(who), DBV_TEXT(name),
		DBV_TEXT(role) };

	db_int(db,
	    "INSERT INTO app_user (person_id, login, password_hash, role, "
	    "created_at) VALUES (?, ?, 'x', ?, '2026-12-01T10:00:00Z') "
	    "RETURNING id",
	    args, 3, &id);
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(zone_id);
	db_exec(db, "INSERT INTO user_zone (user_id, zone_id) VALUES (?, ?)",
	    args, 2);
	return id;
}

/* A claim by user on need_id, released or active. */
static void
claim(int64_t user, int64_t need_id, int released)
{
	struct db_val args[3] = { DBV_INT(need_id), DBV_INT(user),
		released ? DBV_TEXT(now) : DBV_NULL };

	db_exec(db,
	    "INSERT INTO claim (need_id, user_id, claimed_at, released_at) "
	    "VALUES (?, ?, '2026-11-01T10:00:00Z', ?)",
	    args, 3);
}

/* The ranking of the ask; NULL when it failed. */
static json_t *
ranking(void)
{
	struct problem p = { 0 };
	json_t *out = NULL;

	if (rank_list(db, ask, &out, &p) == -1)
		return NULL;
	return out;
}

/* Where candidate kind id stands in r's items, or -1. */
static int
place(json_t *r, const char *kind, int64_t id)
{
	json_t *item;
	size_t i;

	json_array_foreach (json_object_get(r, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "kind")),
			kind) == 0 &&
		    json_integer_value(json_object_get(item, "id")) == id)
			return (int)i;
	return -1;
}

/* Whether candidate kind id has reason code, with the number n. */
static int
has_reason(json_t *r, const char *kind, int64_t id, const char *code, int n)
{
	json_t *item = json_array_get(json_object_get(r, "items"),
	    (size_t)place(r, kind, id));
	json_t *reason;
	size_t i;

	json_array_foreach (json_object_get(item, "reasons"), i, reason)
		if (strcmp(json_string_value(json_object_get(reason, "code")),
			code) == 0)
			return json_integer_value(
				   json_object_get(reason, "n")) == n;
	return 0;
}

static void
above(json_t *r, const char *a_kind, int64_t a, const char *b_kind, int64_t b,
    const char *why)
{
	int pa = place(r, a_kind, a), pb = place(r, b_kind, b);

	ok(pa >= 0 && pb >= 0 && pa < pb, "%s (%d above %d)", why, pa, pb);
}

/* One factor at a time between offers: zone, language, windows. */
static void
check_offers(void)
{
	int64_t near_en = offer(person("Ann", "en", home, NULL), "groceries",
	    home);
	int64_t next_en = offer(person("Bob", "en", next, NULL), "groceries",
	    next);
	int64_t next_es = offer(person("Carla", "es", next, NULL), "groceries",
	    next);
	int64_t next_free = offer(person("Dan", "en", next, "Sat 09:00-13:00"),
	    "groceries", next);
	int64_t far_en = offer(person("Eve", "en", far, NULL), "groceries",
	    far);
	int64_t other = offer(person("Fay", "en", home, NULL), "rent", home);
	int64_t used = offer(person("Gus", "en", home, NULL), "groceries",
	    home);
	int64_t own = offer(asker, "groceries", home);
	struct db_val args[2] = { DBV_INT(need(asker, "groceries", home)),
		DBV_INT(used) };
	json_t *r, *item;

	reach_setup(2);
	db_exec(db,
	    "INSERT INTO need_match (need_id, offer_id, reasons, matched_at) "
	    "VALUES (?, ?, 'same_zone', '2026-12-01T10:00:00Z')",
	    args, 2);
	if (!ok((r = ranking()) != NULL, "the ask ranks"))
		return;
	above(r, "offer", near_en, "offer", next_en, "the same zone first");
	above(r, "offer", next_en, "offer", far_en,
	    "an adjacent zone before two away");
	ok(has_reason(r, "offer", near_en, "same_zone", 0) &&
		has_reason(r, "offer", near_en, "same_category", 0),
	    "said: same zone, the category asked");
	ok(has_reason(r, "offer", next_en, "adjacent_zone", 0) &&
		has_reason(r, "offer", next_en, "km_away", 1),
	    "said: the next zone, about 1 km away");
	ok(has_reason(r, "offer", far_en, "two_zones_away", 0) &&
		has_reason(r, "offer", far_en, "km_away", 2),
	    "said: two zones away, about 2 km");
	above(r, "offer", next_es, "offer", next_en,
	    "speaking the asker's language moves an offer up");
	ok(has_reason(r, "offer", next_es, "speaks_language", 0),
	    "and says so");
	above(r, "offer", next_free, "offer", next_en,
	    "being free when the ask can be met moves it up");
	ok(has_reason(r, "offer", next_free, "free_when_needed", 2),
	    "two hours a week in common");
	is_int(place(r, "offer", other), -1, "another category is left out");
	is_int(place(r, "offer", used), -1, "an offer used up is left out");
	is_int(place(r, "offer", own), -1, "the asker's own offer too");
	item = json_array_get(json_object_get(r, "items"),
	    (size_t)place(r, "offer", near_en));
	is_str(json_string_value(json_object_get(item, "label")),
	    "Ann: A bag of groceries every Saturday, rice…",
	    "an offer's label: a first name and its start, no contact");
	json_decref(r);
}

/* Between volunteers: load, continuity, the category before, reach. */
static void
check_volunteers(void)
{
	int64_t idle = login("idle", "volunteer", home);
	int64_t busy = login("busy", "volunteer", home);
	int64_t known = login("known", "volunteer", home);
	int64_t skilled = login("skilled", "volunteer", home);
	int64_t away = login("away", "volunteer", island);
	int64_t boss = login("boss", "organizer", home);
	int64_t other = person("Hal", "en", next, NULL);
	json_t *r;
	int i;

	for (i = 0; i < 3; i++)
		claim(busy, need(other, "rent", next), 0);
	/* The household before, for another category: continuity alone. */
	claim(known, need(asker, "rent", home), 1);
	/* Groceries before, for someone else: the category alone. */
	claim(skilled, need(other, "groceries", next), 1);
	if (!ok((r = ranking()) != NULL, "the ask ranks volunteers"))
		return;
	above(r, "volunteer", idle, "volunteer", busy,
	    "three open claims rank below none");
	ok(has_reason(r, "volunteer", idle, "no_open_claims", 0) &&
		has_reason(r, "volunteer", busy, "open_claims", 3),
	    "said: no open claims, 3 open claims");
	above(r, "volunteer", known, "volunteer", idle,
	    "the volunteer who served the household before comes first");
	ok(has_reason(r, "volunteer", known, "served_before", 0),
	    "said: served before");
	above(r, "volunteer", skilled, "volunteer", idle,
	    "one who took asks of the category before fits better");
	ok(has_reason(r, "volunteer", skilled, "delivered_category_before", 1),
	    "said: took one before");
	is_int(place(r, "volunteer", away), -1,
	    "a volunteer out of reach is left out");
	is_int(place(r, "volunteer", boss), -1, "an organizer is no volunteer");
	is_int(json_integer_value(json_object_get(r, "total")), 9,
	    "total counts every candidate: five offers, four volunteers");
	json_decref(r);
	reach_setup(0);
	r = ranking();
	ok(r != NULL && json_integer_value(json_object_get(r, "total")) == 5,
	    "radius 0: the ask's own zone only (%lld)",
	    (long long)json_integer_value(json_object_get(r, "total")));
	json_decref(r);
	reach_setup(REACH_RADIUS_DEFAULT);
}

/* An ask nobody can help with: an empty list, not a failure. */
static void
check_nobody(void)
{
	struct problem p = { 0 };
	json_t *r = NULL;

	is_int(rank_list(db, need(asker, "legal", zone("Nowhere", 43)), &r, &p),
	    0, "an ask out of everyone's reach ranks");
	ok(r != NULL && json_array_size(json_object_get(r, "items")) == 0 &&
		json_integer_value(json_object_get(r, "total")) == 0,
	    "with nobody");
	json_decref(r);
	is_int(rank_list(db, 999999, &r, &p), -1, "an ask not there");
	is_int(problem_status(p.kind), 404, "is a 404");
}

/* The hours in common that offer id of r is said to have, 0 for none. */
static int64_t
hours(json_t *r, int64_t id)
{
	json_t *item = json_array_get(json_object_get(r, "items"),
	    (size_t)place(r, "offer", id));
	json_t *reason;
	size_t i;

	json_array_foreach (json_object_get(item, "reasons"), i, reason)
		if (strcmp(json_string_value(json_object_get(reason, "code")),
			"free_when_needed") == 0)
			return json_integer_value(json_object_get(reason, "n"));
	return 0;
}

/*
 * Many offerers' windows, some the same text, more kinds than rank.c
 * keeps read (RANK_HOURS_MEMO): each offer still gets its own hours.
 */
static void
check_hours(void)
{
	static const struct {
		const char *windows;
		int64_t hours;
	} free_at[] = {
		{ "Sat 09:00-13:00", 4 },
		{ "Sat 13:00-14:00", 1 },
		{ "Sat 08:00-11:00", 3 },
		{ "Sat 06:00-10:00", 2 },
		{ "Sun 08:00-14:00", 0 },
		{ "Sat 08:00-13:00", 5 },
		{ "Sat 09:00-13:00", 4 },
		{ "Sun 08:00-14:00", 0 },
		{ "Sat 08:00-11:00", 3 },
		{ "", 0 },
		{ "Sat 13:00-14:00", 1 },
		{ "Sat 08:00-13:00", 5 },
		{ "Sat 09:00-13:00", 4 },
	};
	enum { N = sizeof(free_at) / sizeof(free_at[0]) };
	int64_t zone_id, ids[N], saved = ask;
	struct db_val args[1];
	json_t *r;
	size_t i;

	/* Committed, so the zone graph rank.c keeps is read again. */
	db_begin(db);
	zone_id = zone("Hours", 44);
	db_commit(db);
	for (i = 0; i < N; i++)
		ids[i] = offer(person("Hal", "en", zone_id, free_at[i].windows),
		    "diapers", zone_id);
	ask = need(asker, "diapers", zone_id);
	args[0] = DBV_INT(ask);
	db_exec(db, "UPDATE need SET windows = 'Sat 08:00-14:00' WHERE id = ?",
	    args, 1);
	r = ranking();
	ask = saved;
	if (!ok(r != NULL, "an ask among offerers free at many hours ranks"))
		return;
	for (i = 0; i < N; i++)
		is_int(hours(r, ids[i]), free_at[i].hours,
		    "free %s: %lld hours in common", free_at[i].windows,
		    (long long)free_at[i].hours);
	json_decref(r);
}

/* rank_one: 0 and the codes, or the problem's status. */
static int
one(int64_t need_id, int64_t offer_id, int64_t user_id, struct buf *codes,
    const char **msg)
{
	struct problem p = { 0 };

	buf_reset(codes);
	if (rank_one(db, need_id, offer_id, user_id, codes, &p) == 0)
		return 0;
	*msg = p.msg;
	return problem_status(p.kind);
}

static void
check_one(void)
{
	struct buf codes = BUF_INIT;
	const char *msg = "";
	int64_t idle = testdb_int(db,
	    "SELECT id FROM app_user "
	    "WHERE login = 'idle'");
	int64_t away = testdb_int(db,
	    "SELECT id FROM app_user "
	    "WHERE login = 'away'");
	int64_t boss = testdb_int(db,
	    "SELECT id FROM app_user "
	    "WHERE login = 'boss'");
	int64_t rent = testdb_int(db,
	    "SELECT min(id) FROM offer "
	    "WHERE category = 'rent'");
	int64_t groceries = testdb_int(db,
	    "SELECT min(id) FROM offer "
	    "WHERE category = 'groceries'");

	is_int(one(ask, 0, idle, &codes, &msg), 0, "one volunteer's reasons");
	is_str(codes.ptr, "same_zone no_open_claims",
	    "as codes, as the ranking gives them");
	is_int(one(ask, groceries, 0, &codes, &msg), 0, "one offer's");
	is_str(codes.ptr, "same_category same_zone", "its codes");
	is_int(one(999999, groceries, 0, &codes, &msg), 404, "no such ask");
	is_int(one(ask, 999999, 0, &codes, &msg), 404, "no such offer");
	is_int(one(ask, 0, 999999, &codes, &msg), 404, "no such login");
	is_int(one(ask, rent, 0, &codes, &msg), 409, "another category");
	is_str(msg, "err_match_category", "said so");
	is_int(one(ask, 0, boss, &codes, &msg), 409, "an organizer");
	is_str(msg, "err_match_volunteer", "is no volunteer");
	is_int(one(ask, 0, away, &codes, &msg), 409, "out of reach");
	is_str(msg, "err_match_reach", "said so");
	buf_free(&codes);
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-rank-XXXXXX";
	struct testdb t;
	char *err = NULL;
	int from, to;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "r");
	db = testdb_open(t.url);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "%s: migrated", testdb_backend());
	home = zone("Home", 41.80);
	next = zone("Next", 41.81);
	far = zone("Far", 41.82);
	island = zone("Island", 42.5);
	touch(home, next);
	touch(next, far);
	asker = person("Rosa Luna", "es", home, NULL);
	ask = need(asker, "groceries", home);
	db_exec(db, "UPDATE need SET windows = 'Sat 10:00-12:00' WHERE id = ?",
	    &(struct db_val)DBV_INT(ask), 1);
	check_offers();
	check_volunteers();
	check_one();
	check_nobody();
	check_hours();
	db_close(db);
	testdb_drop(&t);
	testdb_rmdir(dir);
	return tap_done();
}
