/*
 * Zones and their rules: unique names, a parent that exists, neighbours
 * that exist, kept both ways.
 */
#include <stdlib.h>

#include "zone.h"
#include "audit.h"
#include "input.h"
#include "tx.h"
#include "listing.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/banned.h"

enum stmt {
	STMT_EXISTS,
	STMT_NAME_TAKEN,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_FIND,
	STMT_FIND_ZONES,
	STMT_PARENT,
	STMT_ADJACENT,
	STMT_UNLINK,
	STMT_LINK,
	STMT_OPTIONS,
	STMT_LOCK,
	STMT__MAX,
};

#define ZONE_FIND                                                              \
	"SELECT z.id, z.name, z.parent_id, pz.name AS parent_name, z.lat, "    \
	"z.lon, z.created_at, (SELECT coalesce(sum(t.n), 0) FROM need_tally "  \
	"t "                                                                   \
	"WHERE t.zone_id = z.id AND t.status = 'open') AS open_needs "         \
	"FROM zone z LEFT JOIN zone pz ON pz.id = z.parent_id WHERE z.id = ?"

static const char *const stmts[STMT__MAX] = {
	/* STMT_EXISTS */
	"SELECT 1 FROM zone WHERE id = ?",
	/* STMT_NAME_TAKEN: by another zone than the one changed (0: new) */
	"SELECT count(*) FROM zone WHERE name = ? AND id <> ?",
	/* STMT_INSERT: the columns in zone_key order, then created_at */
	"INSERT INTO zone (name, parent_id, lat, lon, created_at) "
	"VALUES (?, ?, ?, ?, ?) RETURNING id",
	/* STMT_UPDATE: as STMT_INSERT, then the id */
	"UPDATE zone SET name = ?, parent_id = ?, lat = ?, lon = ? "
	"WHERE id = ?",
	/* STMT_FIND */
	ZONE_FIND,
	/* STMT_FIND_ZONES: only within a volunteer's zones */
	ZONE_FIND " AND z.id IN (SELECT zone_id FROM user_zone "
		  "WHERE user_id = ?)",
	/* STMT_PARENT */
	"SELECT coalesce(parent_id, 0) FROM zone WHERE id = ?",
	/* STMT_ADJACENT: the primary key's range of one zone */
	"SELECT z.id, z.name FROM zone_adjacent a "
	"JOIN zone z ON z.id = a.adjacent_id WHERE a.zone_id = ? "
	"ORDER BY z.name, z.id",
	/* STMT_UNLINK: both rows of every pair the zone is in */
	"DELETE FROM zone_adjacent WHERE zone_id = ? OR adjacent_id = ?",
	/* STMT_LINK: a pair, both ways */
	"INSERT INTO zone_adjacent (zone_id, adjacent_id) VALUES (?, ?), (?, "
	"?)",
	/* STMT_OPTIONS */
	"SELECT id, name FROM zone ORDER BY name",
	/* STMT_LOCK: an edit reads the zone, then writes it whole */
	"SELECT id FROM zone WHERE id = ? FOR NO KEY UPDATE",
};

const struct field zone_fields[ZONE__MAX + 1] = {
	[ZONE_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 100, NULL },
	[ZONE_PARENT_ID] = { "parent_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[ZONE_LAT] = { "lat", FIELD_REAL, 0, -90, 90, NULL },
	[ZONE_LON] = { "lon", FIELD_REAL, 0, -180, 180, NULL },
	[ZONE_ADJACENT_IDS] = { "adjacent_ids", FIELD_IDS, 0, 0,
	    ZONE_ADJACENT_MAX, NULL },
	[ZONE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field zone_list_fields[ZONE_LIST__MAX + 1] = {
	LISTING_PAGE_FIELDS(ZONE_LIST),
	[ZONE_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* A volunteer's zones: the counts elsewhere are not theirs to know. */
static const char *const zone_conds[] = {
	"z.id IN (SELECT zone_id FROM user_zone WHERE user_id = ?)",
	NULL,
};

static struct listing zone_listing = {
	.select = "SELECT z.id, z.name, z.parent_id, z.lat, z.lon, "
		  "(SELECT coalesce(sum(t.n), 0) FROM need_tally t "
		  "WHERE t.zone_id = z.id AND t.status = 'open') AS open_needs "
		  "FROM zone z",
	.count = "SELECT count(*) FROM zone z",
	.order = "ORDER BY z.name",
	.conds = zone_conds,
};

int
zone_exists(struct db *db, int64_t id)
{
	struct db_val arg = DBV_INT(id);
	int64_t one;

	/* db_int says whether there is a row: 1, 0, or -1. */
	return db_int(db, stmts[STMT_EXISTS], &arg, 1, &one);
}

int64_t
zone_insert(struct db *db, json_t *in, const char *created_at)
{
	struct db_val args[ZONE_ADJACENT_IDS + 1];
	int64_t id;
	int k;

	/* The columns of STMT_INSERT, in zone_key order. */
	for (k = 0; k < ZONE_ADJACENT_IDS; k++)
		args[k] = input_val(in, zone_fields, k);
	args[ZONE_ADJACENT_IDS] = DBV_TEXT(created_at);
	if (db_int(db, stmts[STMT_INSERT], args, ZONE_ADJACENT_IDS + 1, &id) !=
	    1)
		return -1;
	return id;
}

/* 422 when name is taken by another zone than self (0: a new zone). */
static int
zone_check_name(struct db *db, struct db_val name, int64_t self,
    struct problem *p)
{
	struct db_val args[2] = { name, DBV_INT(self) };
	int64_t taken = 0;

	if (name.type == DB_NULL)
		return 0;
	if (db_int(db, stmts[STMT_NAME_TAKEN], args, 2, &taken) == -1)
		return tx_problem(db, p);
	if (taken)
		return problem_set(p, PROBLEM_INVALID, "err_zone_taken", "name",
		    0);
	return 0;
}

/* The most parents walked up from a zone: more is a loop already there. */
#define ZONE_DEPTH_MAX 1000

/*
 * 422 when the parent is unknown, or is self or a zone under self (a
 * zone inside itself); self is 0 for a new zone, under which none is.
 */
static int
zone_check_parent(struct db *db, struct db_val parent, int64_t self,
    struct problem *p)
{
	struct db_val at;
	int64_t up;
	int rc, depth;

	if (parent.type != DB_INT)
		return 0;
	rc = zone_exists(db, parent.i);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_zone",
		    "parent_id", 0);
	for (at = parent, depth = 0; self != 0 && depth < ZONE_DEPTH_MAX;
	     depth++) {
		if (at.i == self)
			return problem_set(p, PROBLEM_INVALID,
			    "err_zone_parent", "parent_id", 0);
		rc = db_int(db, stmts[STMT_PARENT], &at, 1, &up);
		if (rc == -1)
			return tx_problem(db, p);
		/* The top: a zone without a parent (0). */
		if (rc == 0 || up == 0)
			break;
		at = DBV_INT(up);
	}
	return 0;
}

/* 422 naming adjacent_ids for an id of no zone, or of the zone itself. */
static int
zone_check_adjacent(struct db *db, json_t *ids, int64_t self, struct problem *p)
{
	json_t *v;
	size_t i;
	int rc;

	json_array_foreach (ids, i, v) {
		if (json_integer_value(v) == self)
			return problem_set(p, PROBLEM_INVALID, "err_zone_self",
			    zone_fields[ZONE_ADJACENT_IDS].name, 0);
		rc = zone_exists(db, json_integer_value(v));
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID, "err_no_zone",
			    zone_fields[ZONE_ADJACENT_IDS].name, 0);
	}
	return 0;
}

/* Every rule of in for zone self (0: a new zone). 0, or -1 with p. */
static int
zone_check(struct db *db, json_t *in, int64_t self, struct problem *p)
{
	if (zone_check_name(db, input_val(in, zone_fields, ZONE_NAME), self,
		p) == -1 ||
	    zone_check_parent(db, input_val(in, zone_fields, ZONE_PARENT_ID),
		self, p) == -1)
		return -1;
	return zone_check_adjacent(db,
	    input_get(in, zone_fields, ZONE_ADJACENT_IDS), self, p);
}

/*
 * Make ids (an array, or null for none) the neighbours of zone id: every
 * pair it was in goes, both rows, then each new pair is written both
 * ways, so that the table stays symmetric whichever side is read.
 */
static int
zone_link(struct db *db, int64_t id, json_t *ids)
{
	struct db_val args[4] = { DBV_INT(id), DBV_INT(id) };
	json_t *v;
	size_t i;

	if (db_exec(db, stmts[STMT_UNLINK], args, 2) == -1)
		return -1;
	json_array_foreach (ids, i, v) {
		args[1] = DBV_INT(json_integer_value(v));
		args[2] = args[1];
		args[3] = args[0];
		if (db_exec(db, stmts[STMT_LINK], args, 4) == -1)
			return -1;
	}
	return 0;
}

static int
zone_id_cmp(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a);
	json_int_t y = json_integer_value(*(json_t *const *)b);

	return (x > y) - (x < y);
}

/*
 * ids (an array of integers, or anything else, left alone) in id order,
 * in place: a set of neighbours, compared as a set.
 */
static void
zone_ids_sort(json_t *ids)
{
	json_t **v;
	size_t i, n = json_array_size(ids);

	if (n < 2)
		return;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(ids, i));
	qsort(v, n, sizeof(*v), zone_id_cmp);
	json_array_clear(ids);
	for (i = 0; i < n; i++)
		json_array_append_new(ids, v[i]);
	free(v);
}

int
zone_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	int64_t id;

	*out = NULL;
	if (zone_check(db, in, 0, p) == -1)
		return -1;
	clock_now(now);
	id = zone_insert(db, in, now);
	if (id == -1 ||
	    zone_link(db, id, input_get(in, zone_fields, ZONE_ADJACENT_IDS)) ==
		-1)
		return tx_problem(db, p);
	return zone_find(db, id, 0, out, p);
}

int
zone_find(struct db *db, int64_t id, int64_t zone_user, json_t **out,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(zone_user) };
	json_t *adjacent, *ids, *row;
	size_t i;

	if (tx_row(db, stmts[zone_user != 0 ? STMT_FIND_ZONES : STMT_FIND],
		args, zone_user != 0 ? 2 : 1, out, "err_no_zone", p) == -1)
		return -1;
	adjacent = db_rows(db, stmts[STMT_ADJACENT], args, 1);
	if (adjacent == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	ids = json_array();
	json_array_foreach (adjacent, i, row)
		json_array_append(ids, json_object_get(row, "id"));
	zone_ids_sort(ids);
	json_object_set_new(*out, "adjacent", adjacent);
	json_object_set_new(*out, "adjacent_ids", ids);
	return 0;
}

/*
 * The zone as an update compares with it: no neighbours are null, as an
 * update that clears them says it.
 */
static json_t *
zone_before(json_t *cur)
{
	json_t *before = json_deep_copy(cur);

	if (json_array_size(json_object_get(before, "adjacent_ids")) == 0)
		json_object_set_new(before, "adjacent_ids", json_null());
	return before;
}

int
zone_update(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	struct db_val args[ZONE_ADJACENT_IDS + 1];
	json_t *cur = NULL, *before, *ids;
	int k, rc = -1;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_zone", p) == -1 ||
	    zone_find(db, id, 0, &cur, p) == -1)
		return -1;
	if (zone_check(db, in, id, p) == -1)
		goto out;
	ids = input_get(in, zone_fields, ZONE_ADJACENT_IDS);
	zone_ids_sort(ids);
	before = zone_before(cur);
	audit_note_fields(note, zone_fields, before, in);
	json_decref(before);
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(cur, in);
	for (k = 0; k < ZONE_ADJACENT_IDS; k++)
		args[k] = input_val(cur, zone_fields, k);
	args[ZONE_ADJACENT_IDS] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_UPDATE], args, ZONE_ADJACENT_IDS + 1) ==
		-1 ||
	    (ids != NULL && zone_link(db, id, ids) == -1)) {
		tx_problem(db, p);
		goto out;
	}
	rc = zone_find(db, id, 0, out, p);
out:
	json_decref(cur);
	return rc;
}

int
zone_list(struct db *db, json_t *in, int64_t zone_user, json_t **out,
    struct problem *p)
{
	struct db_val val = zone_user != 0 ? DBV_INT(zone_user) : DBV_NULL;
	int64_t limit, offset;

	listing_page(in, &limit, &offset);
	return listing_run(db, &zone_listing, &val, limit, offset, out, p);
}

int
zone_options(struct db *db, json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[STMT_OPTIONS], NULL, 0);
	return *out == NULL ? tx_problem(db, p) : 0;
}
