/* Zones and their rules: unique names, a parent that exists. */
#include "zone.h"
#include "input.h"
#include "tx.h"
#include "listing.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_EXISTS,
	STMT_NAME_TAKEN,
	STMT_INSERT,
	STMT_FIND,
	STMT_OPTIONS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_EXISTS */
	"SELECT 1 FROM zone WHERE id = ?",
	/* STMT_NAME_TAKEN */
	"SELECT count(*) FROM zone WHERE name = ?",
	/* STMT_INSERT */
	"INSERT INTO zone (name, parent_id, lat, lon, created_at) "
	"VALUES (?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT id, name, parent_id, lat, lon, created_at FROM zone "
	"WHERE id = ?",
	/* STMT_OPTIONS */
	"SELECT id, name FROM zone ORDER BY name",
};

const struct field zone_fields[ZONE__MAX + 1] = {
	[ZONE_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 100, NULL },
	[ZONE_PARENT_ID] = { "parent_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[ZONE_LAT] = { "lat", FIELD_REAL, 0, -90, 90, NULL },
	[ZONE_LON] = { "lon", FIELD_REAL, 0, -180, 180, NULL },
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
	struct db_val args[ZONE__MAX + 1];
	int64_t id;
	int k;

	/* The columns of STMT_INSERT, in zone_key order. */
	for (k = 0; k < ZONE__MAX; k++)
		args[k] = input_val(in, zone_fields, k);
	args[ZONE__MAX] = DBV_TEXT(created_at);
	if (db_int(db, stmts[STMT_INSERT], args, 5, &id) != 1)
		return -1;
	return id;
}

/* 422 when the name is taken or the parent is unknown; -1 with p. */
static int
zone_check(struct db *db, struct db_val name, struct db_val parent,
    struct problem *p)
{
	int64_t taken = 0;
	int rc;

	if (db_int(db, stmts[STMT_NAME_TAKEN], &name, 1, &taken) == -1)
		return tx_problem(db, p);
	if (taken)
		return problem_set(p, PROBLEM_INVALID, "err_zone_taken", "name",
		    0);
	if (parent.type != DB_INT)
		return 0;
	rc = zone_exists(db, parent.i);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_zone",
		    "parent_id", 0);
	return 0;
}

int
zone_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val idv;
	int64_t id;

	*out = NULL;
	if (zone_check(db, input_val(in, zone_fields, ZONE_NAME),
		input_val(in, zone_fields, ZONE_PARENT_ID), p) == -1)
		return -1;
	clock_now(now);
	id = zone_insert(db, in, now);
	if (id == -1)
		return tx_problem(db, p);
	idv = DBV_INT(id);
	if (db_row(db, stmts[STMT_FIND], &idv, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
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
