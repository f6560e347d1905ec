/*
 * What people face, counted from the asks and conversations that name a
 * target, a tag or a place (schema/014_organizing.sql, indexes in
 * 017_facing).
 */
#include "facing.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_BY_TARGET,
	STMT_BY_TAG,
	STMT_BY_ZONE,
	STMT_TARGET_TAGS,
	STMT_TARGET_ZONES,
	STMT_TARGET_NEED_PEOPLE,
	STMT_TARGET_CONVERSATION_PEOPLE,
	STMT_TAG_NEED_PEOPLE,
	STMT_TAG_CONVERSATION_PEOPLE,
	STMT_ZONE_NEED_PEOPLE,
	STMT_ZONE_CONVERSATION_PEOPLE,
	STMT__MAX,
};

/*
 * A row's counts from f (key, person_id, last: one row per person and
 * key): the people, and those whose latest is on or after each bound.
 */
#define FACING_COUNTS                                                          \
	"count(*) AS people, "                                                 \
	"sum(CASE WHEN f.last >= ? THEN 1 ELSE 0 END) AS last_30, "            \
	"sum(CASE WHEN f.last >= ? THEN 1 ELSE 0 END) AS last_90 "

/*
 * One person's latest under a key, from the asks and the conversations:
 * each side grouped first (in its index's order), so that only one row
 * per person and key of each side meets the other.
 */
#define FACING_LATEST(key, need_from, conv_from)                               \
	"(SELECT u.k, u.person_id, max(u.at) AS last FROM ("                   \
	"SELECT " key " AS k, n.person_id, max(n.created_at) AS at "           \
	"FROM " need_from " GROUP BY " key ", n.person_id "                    \
	"UNION ALL SELECT " key ", c.person_id, max(c.at) "                    \
	"FROM " conv_from " GROUP BY " key ", c.person_id"                     \
	") u GROUP BY u.k, u.person_id) f "

/* Leaves out a person who was forgotten, in a list of people. */
#define FACING_NOT_FORGOTTEN(col)                                              \
	"NOT EXISTS (SELECT 1 FROM person p WHERE p.id = " col                 \
	" AND p.forgotten_at IS NOT NULL)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_BY_TARGET: the bounds of last_30, last_90, then the limit */
	"SELECT t.id AS target_id, t.name, " FACING_COUNTS
	"FROM " FACING_LATEST("target_id",
	    "need n WHERE n.target_id IS NOT NULL",
	    "conversation c WHERE c.target_id IS NOT NULL") "JOIN target t ON "
							    "t.id = f.k GROUP "
							    "BY t.id, t.name "
							    "ORDER BY people "
							    "DESC, t.name, "
							    "t.id LIMIT ?",
	/* STMT_BY_TAG */
	"SELECT f.k AS tag, " FACING_COUNTS "FROM " FACING_LATEST("g.tag",
	    "need_tag g JOIN need n ON n.id = g.need_id",
	    "conversation_tag g JOIN conversation c "
	    "ON c.id = g.conversation_id") "GROUP BY f.k ORDER BY people DESC, "
					   "f.k LIMIT ?",
	/* STMT_BY_ZONE */
	"SELECT z.id AS zone_id, z.name, " FACING_COUNTS
	"FROM " FACING_LATEST("zone_id", "need n",
	    "conversation c WHERE c.zone_id IS NOT NULL") "JOIN zone z ON z.id "
							  "= f.k GROUP BY "
							  "z.id, z.name "
							  "ORDER BY people "
							  "DESC, z.name, z.id "
							  "LIMIT ?",
	/*
	 * STMT_TARGET_TAGS: every target's tags, the most people first, in
	 * one pass (a query per target costs each its own join)
	 */
	"SELECT u.target_id, u.tag, count(DISTINCT u.person_id) AS people "
	"FROM (SELECT n.target_id, g.tag, n.person_id FROM need n "
	"JOIN need_tag g ON g.need_id = n.id WHERE n.target_id IS NOT NULL "
	"UNION ALL SELECT c.target_id, g.tag, c.person_id FROM conversation c "
	"JOIN conversation_tag g ON g.conversation_id = c.id "
	"WHERE c.target_id IS NOT NULL) u GROUP BY u.target_id, u.tag "
	"ORDER BY u.target_id, people DESC, u.tag",
	/* STMT_TARGET_ZONES: the places its asks and conversations are in */
	"SELECT zone_id AS id FROM need WHERE target_id = ? "
	"UNION SELECT zone_id FROM conversation WHERE target_id = ? "
	"AND zone_id IS NOT NULL ORDER BY 1 LIMIT ?",
	/*
	 * The people of a row and where, each side apart and a bounded
	 * number of rows (a union of the two, sorted, is read whole on
	 * PostgreSQL): a target's and a place's in the order of people (the
	 * index's), a tag's in the index's order, as its rows are not in the
	 * order of people and sorting them all would cost more than every
	 * count. STMT_TARGET_NEED_PEOPLE, STMT_TARGET_CONVERSATION_PEOPLE:
	 */
	"SELECT n.person_id, n.zone_id FROM need n WHERE n.target_id = ? "
	"AND " FACING_NOT_FORGOTTEN(
	    "n.person_id") " ORDER BY n.person_id LIMIT ?",
	"SELECT c.person_id, c.zone_id FROM conversation c "
	"WHERE c.target_id = ? AND " FACING_NOT_FORGOTTEN(
	    "c.person_id") " ORDER BY c.person_id LIMIT ?",
	/* STMT_TAG_NEED_PEOPLE, STMT_TAG_CONVERSATION_PEOPLE */
	"SELECT n.person_id, n.zone_id FROM need_tag g JOIN need n "
	"ON n.id = g.need_id WHERE g.tag = ? AND " FACING_NOT_FORGOTTEN(
	    "n.person_id") " LIMIT ?",
	"SELECT c.person_id, c.zone_id FROM conversation_tag g "
	"JOIN conversation c ON c.id = g.conversation_id WHERE g.tag = ? "
	"AND " FACING_NOT_FORGOTTEN("c.person_id") " LIMIT ?",
	/* STMT_ZONE_NEED_PEOPLE, STMT_ZONE_CONVERSATION_PEOPLE */
	"SELECT n.person_id, n.zone_id FROM need n WHERE n.zone_id = ? "
	"AND " FACING_NOT_FORGOTTEN(
	    "n.person_id") " ORDER BY n.person_id LIMIT ?",
	"SELECT c.person_id, c.zone_id FROM conversation c "
	"WHERE c.zone_id = ? AND " FACING_NOT_FORGOTTEN(
	    "c.person_id") " ORDER BY c.person_id LIMIT ?",
};

#define DAY (24 * 60 * 60)

/* The rows a row's people are read from, on each side. */
#define FACING_SIDE_ROWS (4 * FACING_PEOPLE_MAX)

static int
facing_cmp(const void *a, const void *b)
{
	json_int_t x = *(const json_int_t *)a, y = *(const json_int_t *)b;

	return (x > y) - (x < y);
}

/* ids (n of them) sorted, each once, at most max: a new array. */
static json_t *
facing_unique(json_int_t *ids, size_t n, size_t max)
{
	json_t *out = json_array();
	size_t i;

	qsort(ids, n, sizeof(*ids), facing_cmp);
	for (i = 0; i < n && json_array_size(out) < max; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			json_array_append_new(out, json_integer(ids[i]));
	return out;
}

/*
 * A row's people (person_ids, at most FACING_PEOPLE_MAX) from the first
 * FACING_SIDE_ROWS rows of each side's statement (side[0] the asks,
 * side[1] the conversations, bound to key); with zones, their places
 * (zone_ids) too. 0, or -1.
 */
static int
facing_people(struct db *db, json_t *row, const enum stmt side[2],
    struct db_val key, int zones_too)
{
	struct db_val args[2] = { key, DBV_INT(FACING_SIDE_ROWS) };
	json_int_t people[2 * FACING_SIDE_ROWS], zones[2 * FACING_SIDE_ROWS];
	size_t n = 0, nz = 0, k, i;
	json_t *rows, *r, *zone;

	for (k = 0; k < 2; k++) {
		rows = db_rows(db, stmts[side[k]], args, 2);
		if (rows == NULL)
			return -1;
		json_array_foreach (rows, i, r) {
			people[n++] = json_integer_value(
			    json_object_get(r, "person_id"));
			/* A conversation may have no place. */
			zone = json_object_get(r, "zone_id");
			if (json_is_integer(zone))
				zones[nz++] = json_integer_value(zone);
		}
		json_decref(rows);
	}
	json_object_set_new(row, "person_ids",
	    facing_unique(people, n, FACING_PEOPLE_MAX));
	if (zones_too)
		json_object_set_new(row, "zone_ids",
		    facing_unique(zones, nz, FACING_ZONES_MAX));
	return 0;
}

/*
 * Each target row's tags (at most FACING_TAGS_MAX, the most people
 * first) from one pass over every target's. 0, or -1.
 */
static int
facing_target_tags(struct db *db, json_t *targets)
{
	json_t *rows = db_rows(db, stmts[STMT_TARGET_TAGS], NULL, 0);
	json_t *r, *t, *tags;
	size_t i, j;

	if (rows == NULL)
		return -1;
	json_array_foreach (targets, j, t)
		json_object_set_new(t, "tags", json_array());
	json_array_foreach (rows, i, r) {
		json_array_foreach (targets, j, t) {
			if (!json_equal(json_object_get(t, "target_id"),
				json_object_get(r, "target_id")))
				continue;
			tags = json_object_get(t, "tags");
			if (json_array_size(tags) < FACING_TAGS_MAX)
				json_array_append(tags,
				    json_object_get(r, "tag"));
			break;
		}
	}
	json_decref(rows);
	return 0;
}

/*
 * The first column of sql's rows (bound to key twice, then limit) as an
 * array of its values; NULL on a database error.
 */
static json_t *
facing_column(struct db *db, enum stmt s, struct db_val key, int64_t limit,
    const char *col)
{
	struct db_val args[3] = { key, key, DBV_INT(limit) };
	json_t *rows = db_rows(db, stmts[s], args, 3), *out, *row;
	size_t i;

	if (rows == NULL)
		return NULL;
	out = json_array();
	json_array_foreach (rows, i, row)
		json_array_append(out, json_object_get(row, col));
	json_decref(rows);
	return out;
}

/* Set name to facing_column's answer on row: 0, or -1. */
static int
facing_add(struct db *db, json_t *row, const char *name, enum stmt s,
    struct db_val key, int64_t limit, const char *col)
{
	json_t *a = facing_column(db, s, key, limit, col);

	if (a == NULL)
		return -1;
	json_object_set_new(row, name, a);
	return 0;
}

/* One list's rows: sql bound to the two bounds and FACING_ROWS. */
static json_t *
facing_rows(struct db *db, enum stmt s, const char *since30,
    const char *since90)
{
	struct db_val args[3] = { DBV_TEXT(since30), DBV_TEXT(since90),
		DBV_INT(FACING_ROWS) };

	return db_rows(db, stmts[s], args, 3);
}

/*
 * What a grievance started from row is called (title, the row's name),
 * and in how many places its people are (zone_count).
 */
static void
facing_start(json_t *row, const char *name)
{
	json_object_set(row, "title", json_object_get(row, name));
	json_object_set_new(row, "zone_count",
	    json_integer(
		(json_int_t)json_array_size(json_object_get(row, "zone_ids"))));
}

/* What each target's row carries: its tags, its places, its people. */
static int
facing_targets(struct db *db, json_t *rows)
{
	static const enum stmt side[2] = { STMT_TARGET_NEED_PEOPLE,
		STMT_TARGET_CONVERSATION_PEOPLE };
	struct db_val key;
	json_t *row;
	size_t i;

	if (facing_target_tags(db, rows) == -1)
		return -1;
	json_array_foreach (rows, i, row) {
		key = DBV_INT(
		    json_integer_value(json_object_get(row, "target_id")));
		if (facing_add(db, row, "zone_ids", STMT_TARGET_ZONES, key,
			FACING_ZONES_MAX, "id") == -1 ||
		    facing_people(db, row, side, key, 0) == -1)
			return -1;
		facing_start(row, "name");
	}
	return 0;
}

static int
facing_tags(struct db *db, json_t *rows)
{
	static const enum stmt side[2] = { STMT_TAG_NEED_PEOPLE,
		STMT_TAG_CONVERSATION_PEOPLE };
	struct db_val key;
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		key = DBV_TEXT(json_string_value(json_object_get(row, "tag")));
		if (facing_people(db, row, side, key, 1) == -1)
			return -1;
		json_object_set_new(row, "tags",
		    json_pack("[O]", json_object_get(row, "tag")));
		facing_start(row, "tag");
	}
	return 0;
}

static int
facing_zones(struct db *db, json_t *rows)
{
	static const enum stmt side[2] = { STMT_ZONE_NEED_PEOPLE,
		STMT_ZONE_CONVERSATION_PEOPLE };
	struct db_val key;
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		key = DBV_INT(
		    json_integer_value(json_object_get(row, "zone_id")));
		if (facing_people(db, row, side, key, 0) == -1)
			return -1;
		json_object_set_new(row, "zone_ids",
		    json_pack("[O]", json_object_get(row, "zone_id")));
		facing_start(row, "name");
	}
	return 0;
}

/* The three lists into out, inside the read transaction. 0, or -1. */
static int
facing_lists(struct db *db, time_t now, json_t *out)
{
	char since30[CLOCK_ISO_LEN], since90[CLOCK_ISO_LEN];
	json_t *targets, *tags, *zones;

	clock_iso(now - 30 * DAY, since30);
	clock_iso(now - 90 * DAY, since90);
	targets = facing_rows(db, STMT_BY_TARGET, since30, since90);
	if (targets == NULL)
		return -1;
	json_object_set_new(out, "by_target", targets);
	tags = facing_rows(db, STMT_BY_TAG, since30, since90);
	if (tags == NULL)
		return -1;
	json_object_set_new(out, "by_tag", tags);
	zones = facing_rows(db, STMT_BY_ZONE, since30, since90);
	if (zones == NULL)
		return -1;
	json_object_set_new(out, "by_zone", zones);
	if (facing_targets(db, targets) == -1 || facing_tags(db, tags) == -1)
		return -1;
	return facing_zones(db, zones);
}

int
facing_find(struct db *db, time_t now, json_t **out, struct problem *p)
{
	json_t *o;

	*out = NULL;
	if (db_begin_read(db) == -1)
		return tx_problem(db, p);
	o = json_object();
	if (facing_lists(db, now, o) == -1) {
		json_decref(o);
		tx_problem(db, p);
		db_rollback(db);
		return -1;
	}
	db_rollback(db);
	json_object_set_new(o, "people_max", json_integer(FACING_PEOPLE_MAX));
	*out = o;
	return 0;
}
