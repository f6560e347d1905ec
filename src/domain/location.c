/* Locations: pantries, stations, storerooms and vans, and their zones. */
#include <string.h>

#include "location.h"
#include "input.h"
#include "listing.h"
#include "refs.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_OPTIONS,
	STMT__MAX,
};

/* take_what_you_need as 0 or 1 on both backends (a bool in no row). */
static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO location (name, kind, zone_id, take_what_you_need, "
	"notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
	"RETURNING id",
	/* STMT_FIND */
	"SELECT l.id, l.name, l.kind, l.zone_id, z.name AS zone_name, "
	"l.take_what_you_need, l.notes, l.created_at, l.updated_at "
	"FROM location l LEFT JOIN zone z ON z.id = l.zone_id WHERE l.id = ?",
	/* STMT_OPTIONS */
	"SELECT id, name, kind FROM location ORDER BY name, id LIMIT 2000",
};

const char *const location_kinds[] = {
	"pantry",  /* where donations arrive and are kept */
	"station", /* a table or shelf people take from */
	"storage", /* a storeroom */
	"vehicle", /* a van on its round */
	NULL,
};

const struct field location_fields[LOCATION__MAX + 1] = {
	[LOCATION_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[LOCATION_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    location_kinds },
	[LOCATION_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[LOCATION_TAKE_WHAT_YOU_NEED] = { "take_what_you_need", FIELD_BOOL, 0,
	    0, 0, NULL },
	[LOCATION_NOTES] = { "notes", FIELD_TEXT, 0, 1, 1000, NULL },
	[LOCATION__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field location_list_fields[LOCATION_LIST__MAX + 1] = {
	[LOCATION_LIST_KIND] = { "kind", FIELD_CHOICE, 0, 0, 0,
	    location_kinds },
	[LOCATION_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	LISTING_PAGE_FIELDS(LOCATION_LIST),
	[LOCATION_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In location_list_key order. */
static const char *const location_conds[] = {
	"l.kind = ?",
	"l.zone_id = ?",
	NULL,
};

static struct listing location_listing = {
	.select = "SELECT l.id, l.name, l.kind, l.zone_id, z.name AS "
		  "zone_name, l.take_what_you_need FROM location l "
		  "LEFT JOIN zone z ON z.id = l.zone_id",
	.count = "SELECT count(*) FROM location l",
	.order = "ORDER BY l.name, l.id",
	.conds = location_conds,
};

/* The flag of each row as true or false, as the input says it. */
static void
location_flags(json_t *rows)
{
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row)
		json_object_set_new(row, "take_what_you_need",
		    json_boolean(json_integer_value(json_object_get(row,
				     "take_what_you_need")) != 0));
}

int
location_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *one;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_location", p) ==
	    -1)
		return -1;
	one = json_pack("[O]", *out);
	location_flags(one);
	json_decref(one);
	return 0;
}

int
location_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[LOCATION__MAX + 2];
	const char *kind = input_text(in, location_fields, LOCATION_KIND);
	int64_t id;
	int k;

	*out = NULL;
	if (json_is_true(
		input_get(in, location_fields, LOCATION_TAKE_WHAT_YOU_NEED)) &&
	    (kind == NULL || strcmp(kind, "station") != 0))
		problem_add(p, "err_location_twyn", "take_what_you_need", 0);
	if (refs_check(db, in, p) == -1 || p->kind != PROBLEM_NONE)
		return -1;
	clock_now(now);
	for (k = 0; k < LOCATION__MAX; k++)
		args[k] = input_val(in, location_fields, k);
	if (args[LOCATION_TAKE_WHAT_YOU_NEED].type == DB_NULL)
		args[LOCATION_TAKE_WHAT_YOU_NEED] = DBV_INT(0);
	args[LOCATION__MAX] = DBV_TEXT(now);
	args[LOCATION__MAX + 1] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, LOCATION__MAX + 2, &id) != 1)
		return tx_problem(db, p);
	return location_find(db, id, out, p);
}

int
location_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[LOCATION_LIST_LIMIT];
	int64_t limit, offset;
	int k;

	for (k = 0; k < LOCATION_LIST_LIMIT; k++)
		vals[k] = input_val(in, location_list_fields, k);
	listing_page(in, &limit, &offset);
	if (listing_run(db, &location_listing, vals, limit, offset, out, p) ==
	    -1)
		return -1;
	location_flags(json_object_get(*out, "items"));
	return 0;
}

json_t *
location_options(struct db *db)
{
	return db_rows(db, stmts[STMT_OPTIONS], NULL, 0);
}
