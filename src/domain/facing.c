/*
 * What people face, read from the summary the triggers of
 * schema/018_facing_summary keep as the asks and conversations change
 * (src/db/facing_summary.c): each list, count and set of people is an
 * index range, however many asks and conversations there are.
 */
#include <stdio.h>
#include <string.h>

#include "facing.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_BY_TARGET,
	STMT_BY_TAG,
	STMT_BY_ZONE,
	STMT_TARGET_TAGS,
	STMT_PLACES,
	STMT_PEOPLE,
	STMT__MAX,
};

/*
 * Those of a row's people (r.key) whose latest is on or after each
 * bound, counted only for the rows shown, once the list is cut: the
 * people of each day after the bound's (dim_day, kept with the counts),
 * and of its own day those from the bound on. Each bound binds its day,
 * itself and the next day.
 */
#define FACING_SINCE(dim)                                                      \
	"(SELECT CAST(coalesce(sum(d.people), 0) AS BIGINT) "                  \
	"FROM facing_key d WHERE d.dim = '" dim "_day' AND d.key = r.key "     \
	"AND d.sub > ?) + (SELECT count(*) FROM facing_person f "              \
	"WHERE f.dim = '" dim "' AND f.key = r.key AND f.sub = '' "            \
	"AND f.latest >= ? AND f.latest < ?)"
#define FACING_RECENT(dim)                                                     \
	FACING_SINCE(dim) " AS last_30, " FACING_SINCE(dim) " AS last_90 "

/* A list of targets or zones (table) by people, then name and id. */
#define FACING_NAMED(dim, table, id)                                           \
	"SELECT r." id ", r.name, r.people, " FACING_RECENT(                   \
	    dim) "FROM (SELECT t.id AS " id ", t.name, k.key, k.people "       \
		 "FROM facing_key k JOIN " table                               \
		 " t ON t.id = CAST(k.key AS BIGINT) "                         \
		 "WHERE k.dim = '" dim "' AND k.sub = '' "                     \
		 "ORDER BY k.people DESC, t.name, t.id LIMIT ?) r "            \
		 "ORDER BY r.people DESC, r.name, r." id

/*
 * The keys of a list's rows, one placeholder each (FACING_ROWS of them):
 * what the rows shown carry is read in one statement a list, not one a
 * row, as each statement is a round trip to PostgreSQL.
 */
#define FACING_KEYS                                                            \
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_Static_assert(sizeof(FACING_KEYS) == 3 * FACING_ROWS + 1,
    "FACING_KEYS holds one placeholder per row of a list");

static const char *const stmts[STMT__MAX] = {
	/* STMT_BY_TARGET: the bounds of last_30, last_90, then the limit */
	FACING_NAMED("target", "target", "target_id"),
	/* STMT_BY_TAG */
	"SELECT r.key AS tag, r.people, " FACING_RECENT(
	    "tag") "FROM (SELECT k.key, k.people FROM facing_key k "
		   "WHERE k.dim = 'tag' AND k.sub = '' "
		   "ORDER BY k.people DESC, k.key LIMIT ?) r ORDER BY r.people "
		   "DESC, r.key",
	/* STMT_BY_ZONE */
	FACING_NAMED("zone", "zone", "zone_id"),
	/*
	 * STMT_TARGET_TAGS: the tags of the targets shown (up to
	 * FACING_ROWS keys; NULL for none), each target's most people first
	 */
	"SELECT key, sub AS v FROM facing_key WHERE dim = 'target_tag' "
	"AND key IN " FACING_KEYS " ORDER BY key, people DESC, sub",
	/*
	 * STMT_PLACES: the places of the targets' or the tags' asks and
	 * conversations (dim target_zone or tag_zone), in id order
	 */
	"SELECT key, CAST(sub AS BIGINT) AS v FROM facing_key WHERE dim = ? "
	"AND key IN " FACING_KEYS " ORDER BY key, 2",
	/*
	 * STMT_PEOPLE: a row's people in id order, those forgotten left out
	 * (the index's order: no sort, and it stops at the limit). Each is
	 * looked up by id: as NOT EXISTS, PostgreSQL reads every person to
	 * find the forgotten first, 20 ms a row.
	 */
	"SELECT f.person_id FROM facing_person f WHERE f.dim = ? "
	"AND f.key = CAST(? AS TEXT) AND f.sub = '' AND (SELECT "
	"p.forgotten_at FROM person p WHERE p.id = f.person_id) IS NULL "
	"ORDER BY f.person_id LIMIT ?",
};

#define DAY (24 * 60 * 60)

/* Room for a key: an id in decimal, or a tag (util/tag.h). */
#define FACING_KEY_LEN 128

/*
 * Set name on row to the first column (col) of s's rows, bound to dim
 * (unless NULL), key and limit: an array of its values. 0, or -1.
 */
static int
facing_add(struct db *db, json_t *row, const char *name, enum stmt s,
    const char *dim, struct db_val key, int64_t limit, const char *col)
{
	struct db_val args[3];
	json_t *rows, *out, *r;
	size_t n = 0, i;

	if (dim != NULL)
		args[n++] = DBV_TEXT(dim);
	args[n++] = key;
	args[n++] = DBV_INT(limit);
	rows = db_rows(db, stmts[s], args, n);
	if (rows == NULL)
		return -1;
	out = json_array();
	json_array_foreach (rows, i, r)
		json_array_append(out, json_object_get(r, col));
	json_decref(rows);
	json_object_set_new(row, name, out);
	return 0;
}

/* A row's people (person_ids), for the one-click grievance. 0, or -1. */
static int
facing_people(struct db *db, json_t *row, const char *dim, struct db_val key)
{
	return facing_add(db, row, "person_ids", STMT_PEOPLE, dim, key,
	    FACING_PEOPLE_MAX, "person_id");
}

/* A bound of last_30 or last_90, as FACING_SINCE binds it. */
struct facing_since {
	char day[CLOCK_ISO_LEN], at[CLOCK_ISO_LEN], next[CLOCK_ISO_LEN];
};

/* The bound days days before now: that time, its day, the next day. */
static void
facing_since(time_t now, int days, struct facing_since *s)
{
	clock_iso(now - (time_t)days * DAY, s->at);
	clock_iso(now - (time_t)(days - 1) * DAY, s->next);
	memcpy(s->day, s->at, 10);
	s->day[10] = '\0';
	s->next[10] = '\0';
}

/* One list's rows: sql bound to the two bounds and FACING_ROWS. */
static json_t *
facing_rows(struct db *db, enum stmt s, const struct facing_since *d30,
    const struct facing_since *d90)
{
	struct db_val args[7] = { DBV_TEXT(d30->day), DBV_TEXT(d30->at),
		DBV_TEXT(d30->next), DBV_TEXT(d90->day), DBV_TEXT(d90->at),
		DBV_TEXT(d90->next), DBV_INT(FACING_ROWS) };

	return db_rows(db, stmts[s], args, 7);
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

/* A row's key as facing_key writes it: an id in decimal, or the tag. */
static void
facing_key_text(json_t *row, const char *col, char out[FACING_KEY_LEN])
{
	json_t *v = json_object_get(row, col);

	if (json_is_integer(v))
		snprintf(out, FACING_KEY_LEN, "%lld",
		    (long long)json_integer_value(v));
	else
		snprintf(out, FACING_KEY_LEN, "%s", json_string_value(v));
}

/*
 * Set name on each of rows (keyed by col) to its values of s (dim
 * bound first unless NULL), at most max, in the statement's order: one
 * statement for the whole list. 0, or -1.
 */
static int
facing_pairs(struct db *db, json_t *rows, const char *col, enum stmt s,
    const char *dim, const char *name, size_t max)
{
	char keys[FACING_ROWS][FACING_KEY_LEN];
	struct db_val args[1 + FACING_ROWS];
	size_t n = 0, i, j, nrows = json_array_size(rows);
	json_t *found, *r, *row, *list;
	const char *key;

	if (dim != NULL)
		args[n++] = DBV_TEXT(dim);
	for (j = 0; j < FACING_ROWS; j++) {
		if (j < nrows) {
			row = json_array_get(rows, j);
			facing_key_text(row, col, keys[j]);
			json_object_set_new(row, name, json_array());
			args[n++] = DBV_TEXT(keys[j]);
		} else
			args[n++] = DBV_NULL;
	}
	found = db_rows(db, stmts[s], args, n);
	if (found == NULL)
		return -1;
	json_array_foreach (found, i, r) {
		key = json_string_value(json_object_get(r, "key"));
		for (j = 0; key != NULL && j < nrows; j++)
			if (strcmp(keys[j], key) == 0)
				break;
		if (key == NULL || j == nrows)
			continue;
		list = json_object_get(json_array_get(rows, j), name);
		if (json_array_size(list) < max)
			json_array_append(list, json_object_get(r, "v"));
	}
	json_decref(found);
	return 0;
}

/* What each target's row carries: its tags, its places, its people. */
static int
facing_targets(struct db *db, json_t *rows)
{
	struct db_val key;
	json_t *row;
	size_t i;

	if (facing_pairs(db, rows, "target_id", STMT_TARGET_TAGS, NULL, "tags",
		FACING_TAGS_MAX) == -1 ||
	    facing_pairs(db, rows, "target_id", STMT_PLACES, "target_zone",
		"zone_ids", FACING_ZONES_MAX) == -1)
		return -1;
	json_array_foreach (rows, i, row) {
		key = DBV_INT(
		    json_integer_value(json_object_get(row, "target_id")));
		if (facing_people(db, row, "target", key) == -1)
			return -1;
		facing_start(row, "name");
	}
	return 0;
}

/* A tag's row: its people, its places, what a grievance takes. */
static int
facing_tags(struct db *db, json_t *rows)
{
	struct db_val key;
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		key = DBV_TEXT(json_string_value(json_object_get(row, "tag")));
		if (facing_people(db, row, "tag", key) == -1)
			return -1;
	}
	if (facing_pairs(db, rows, "tag", STMT_PLACES, "tag_zone", "zone_ids",
		FACING_ZONES_MAX) == -1)
		return -1;
	json_array_foreach (rows, i, row) {
		json_object_set_new(row, "tags",
		    json_pack("[O]", json_object_get(row, "tag")));
		facing_start(row, "tag");
	}
	return 0;
}

static int
facing_zones(struct db *db, json_t *rows)
{
	struct db_val key;
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		key = DBV_INT(
		    json_integer_value(json_object_get(row, "zone_id")));
		if (facing_people(db, row, "zone", key) == -1)
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
	struct facing_since d30, d90;
	json_t *targets, *tags, *zones;

	facing_since(now, 30, &d30);
	facing_since(now, 90, &d90);
	targets = facing_rows(db, STMT_BY_TARGET, &d30, &d90);
	if (targets == NULL)
		return -1;
	json_object_set_new(out, "by_target", targets);
	tags = facing_rows(db, STMT_BY_TAG, &d30, &d90);
	if (tags == NULL)
		return -1;
	json_object_set_new(out, "by_tag", tags);
	zones = facing_rows(db, STMT_BY_ZONE, &d30, &d90);
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
