/* Thresholds, and the lists of what to restock, per location and in all. */
#include "restock.h"
#include "input.h"
#include "listing.h"
#include "stock.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_LOCATION,
	STMT_ZONED,
	STMT_ITEM,
	STMT_THRESHOLD,
	STMT_LOW,
	STMT_SOURCES,
	STMT_ITEMS,
	STMT__MAX,
};

/* What an item at a location lacks: back to restock_to, or threshold. */
#define RESTOCK_BRING                                                          \
	"coalesce(t.restock_to, t.threshold) - coalesce(l.quantity, 0)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOCATION */
	"SELECT c.id, c.name, c.kind, c.zone_id, z.name AS zone_name, "
	"c.take_what_you_need FROM location c LEFT JOIN zone z ON "
	"z.id = c.zone_id WHERE c.id = ?",
	/* STMT_ZONED: as stock.c's, for a write that may write no move */
	"SELECT count(*) FROM location WHERE id = ? AND zone_id IN "
	"(SELECT zone_id FROM user_zone WHERE user_id = ?)",
	/* STMT_ITEM */
	"SELECT count(*) FROM item WHERE id = ?",
	/* STMT_THRESHOLD */
	"INSERT INTO stock_threshold (location_id, item_id, threshold, "
	"restock_to, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
	"(location_id, item_id) DO UPDATE SET threshold = excluded.threshold, "
	"restock_to = excluded.restock_to, updated_at = excluded.updated_at",
	/* STMT_LOW: the location's thresholds, one index range */
	"SELECT t.item_id, i.name, i.unit, coalesce(l.quantity, 0) AS "
	"quantity, t.threshold, t.restock_to, " RESTOCK_BRING " AS bring "
	"FROM stock_threshold t JOIN item i ON i.id = t.item_id "
	"LEFT JOIN stock_level l ON l.location_id = t.location_id AND "
	"l.item_id = t.item_id WHERE t.location_id = ? AND "
	"coalesce(l.quantity, 0) < t.threshold ORDER BY i.name, t.item_id",
	/* STMT_SOURCES: where an item is (the index stock_level_item) */
	"SELECT l.location_id, c.name, l.quantity FROM stock_level l "
	"JOIN location c ON c.id = l.location_id WHERE l.item_id = ? AND "
	"l.location_id <> ? AND l.quantity > 0 AND c.kind IN ('pantry', "
	"'storage') ORDER BY l.quantity DESC, l.location_id LIMIT ?",
	/* STMT_ITEMS */
	"SELECT id, name, unit, category FROM item ORDER BY name, id",
};

const struct field restock_threshold_fields[RESTOCK_THRESHOLD__MAX + 1] = {
	[RESTOCK_THRESHOLD_ITEM_ID] = { "item_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[RESTOCK_THRESHOLD_THRESHOLD] = { "threshold", FIELD_INT,
	    FIELD_REQUIRED, 0, STOCK_QUANTITY_MAX, NULL },
	[RESTOCK_THRESHOLD_RESTOCK_TO] = { "restock_to", FIELD_INT, 0, 0,
	    STOCK_QUANTITY_MAX, NULL },
	[RESTOCK_THRESHOLD__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field restock_network_fields[RESTOCK_NETWORK__MAX + 1] = {
	[RESTOCK_NETWORK_LOW] = { "low", FIELD_INT, 0, 0, 1, NULL },
	LISTING_PAGE_FIELDS(RESTOCK_NETWORK),
	[RESTOCK_NETWORK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static const char *const restock_network_conds[] = {
	"coalesce(l.quantity, 0) < t.threshold",
	NULL,
};

/* Every threshold with its level, by location and item name. */
static struct listing restock_network_listing = {
	.select = "SELECT t.location_id, c.name AS location_name, c.kind, "
		  "t.item_id, i.name, i.unit, coalesce(l.quantity, 0) AS "
		  "quantity, t.threshold, t.restock_to, " RESTOCK_BRING
		  " AS bring FROM stock_threshold t JOIN item i ON "
		  "i.id = t.item_id JOIN location c ON c.id = t.location_id "
		  "LEFT JOIN stock_level l ON l.location_id = t.location_id "
		  "AND l.item_id = t.item_id",
	.count = "SELECT count(*) FROM stock_threshold t LEFT JOIN "
		 "stock_level l ON l.location_id = t.location_id AND "
		 "l.item_id = t.item_id",
	.order = "ORDER BY c.name, t.location_id, i.name, t.item_id",
	.conds = restock_network_conds,
};

int
restock_location(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, stmts[STMT_LOCATION], &arg, 1, out, "err_no_location",
		p) == -1)
		return -1;
	json_object_set_new(*out, "take_what_you_need",
	    json_boolean(json_integer_value(json_object_get(*out,
			     "take_what_you_need")) != 0));
	return 0;
}

int
restock_zoned(struct db *db, int64_t id, const struct viewer *who,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(who->user_id) };
	int64_t n = 0;

	if (who->role > ROLE_VOLUNTEER)
		return 0;
	if (db_int(db, stmts[STMT_ZONED], args, 2, &n) == -1)
		return tx_problem(db, p);
	if (n == 0)
		return problem_set(p, PROBLEM_FORBIDDEN, "err_stock_zone", NULL,
		    0);
	return 0;
}

int
restock_item_check(struct db *db, int64_t item, struct problem *p)
{
	struct db_val arg = DBV_INT(item);
	int64_t n = 0;

	if (db_int(db, stmts[STMT_ITEM], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return 0;
	problem_add(p, "err_no_item", "item_id", 0);
	return 1;
}

int
restock_threshold_set(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	const struct field *f = restock_threshold_fields;
	json_t *to = input_get(in, f, RESTOCK_THRESHOLD_RESTOCK_TO), *loc;
	int64_t item = json_integer_value(
		    input_get(in, f, RESTOCK_THRESHOLD_ITEM_ID)),
		threshold = json_integer_value(
		    input_get(in, f, RESTOCK_THRESHOLD_THRESHOLD));
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];

	*out = NULL;
	if (restock_location(db, id, &loc, p) == -1)
		return -1;
	json_decref(loc);
	if (restock_item_check(db, item, p) == -1)
		return -1;
	if (to != NULL && json_integer_value(to) < threshold)
		problem_add(p, "err_restock_to", "restock_to", 0);
	if (p->kind != PROBLEM_NONE)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(item);
	args[2] = DBV_INT(threshold);
	args[3] = to != NULL ? DBV_INT(json_integer_value(to)) : DBV_NULL;
	args[4] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_THRESHOLD], args, 5) == -1)
		return tx_problem(db, p);
	*out = json_pack("{s:I,s:I,s:I,s:O}", "location_id", (json_int_t)id,
	    "item_id", (json_int_t)item, "threshold", (json_int_t)threshold,
	    "restock_to", to != NULL ? to : json_null());
	return 0;
}

/* The places to fetch row's item from, into row as "sources". 0 or -1. */
static int
restock_sources(struct db *db, int64_t id, json_t *row)
{
	struct db_val args[3] = { DBV_INT(json_integer_value(
				      json_object_get(row, "item_id"))),
		DBV_INT(id), DBV_INT(RESTOCK_SOURCES) };
	json_t *from = db_rows(db, stmts[STMT_SOURCES], args, 3);

	if (from == NULL)
		return -1;
	json_object_set_new(row, "has_sources",
	    json_boolean(json_array_size(from) > 0));
	json_object_set_new(row, "sources", from);
	return 0;
}

int
restock_list(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *items, *row;
	size_t i;

	*out = NULL;
	items = db_rows(db, stmts[STMT_LOW], &arg, 1);
	if (items == NULL)
		return tx_problem(db, p);
	json_array_foreach (items, i, row)
		if (restock_sources(db, id, row) == -1) {
			json_decref(items);
			return tx_problem(db, p);
		}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int
restock_network(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	int low = json_integer_value(input_get(in, restock_network_fields,
		      RESTOCK_NETWORK_LOW)) == 1;
	struct db_val vals[1] = { low ? DBV_INT(1) : DBV_NULL };
	int64_t limit, offset;
	json_t *row;
	size_t i;

	listing_page(in, &limit, &offset);
	if (listing_run(db, &restock_network_listing, vals, limit, offset, out,
		p) == -1)
		return -1;
	json_array_foreach (json_object_get(*out, "items"), i, row)
		json_object_set_new(row, "low",
		    json_boolean(
			json_integer_value(json_object_get(row, "quantity")) <
			json_integer_value(json_object_get(row, "threshold"))));
	json_object_set_new(*out, "low", json_boolean(low));
	return 0;
}

json_t *
restock_items(struct db *db)
{
	return db_rows(db, stmts[STMT_ITEMS], NULL, 0);
}
