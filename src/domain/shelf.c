/* A count at the shelf, and the correction move it comes to. */
#include "shelf.h"
#include "input.h"
#include "restock.h"
#include "stock.h"
#include "tx.h"
#include "util/banned.h"

enum stmt {
	STMT_HOLD,
	STMT_LEVEL,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/*
	 * STMT_HOLD: the level's row, made at 0 when there is none, and
	 * locked. Don't read the level without it: on PostgreSQL two
	 * counts at once would both read 10, find 8 and take 2 each.
	 */
	"INSERT INTO stock_level (location_id, item_id, quantity) VALUES "
	"(?, ?, 0) ON CONFLICT (location_id, item_id) DO UPDATE SET "
	"quantity = stock_level.quantity",
	/* STMT_LEVEL */
	"SELECT quantity FROM stock_level WHERE location_id = ? AND "
	"item_id = ?",
};

const struct field shelf_count_fields[SHELF_COUNT__MAX + 1] = {
	[SHELF_COUNT_ITEM_ID] = { "item_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[SHELF_COUNT_QUANTITY] = { "quantity", FIELD_INT, FIELD_REQUIRED, 0,
	    STOCK_QUANTITY_MAX, NULL },
	[SHELF_COUNT_NOTE] = { "note", FIELD_LINE, 0, 1, 200, NULL },
	[SHELF_COUNT__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The correction of diff (not 0) at location id, from in. 0 or -1. */
static int
shelf_correct(struct db *db, int64_t id, json_t *in, int64_t diff,
    const struct viewer *who, int64_t *move_id, struct problem *p)
{
	const struct field *f = stock_move_fields;
	json_t *move = json_object();
	int rc;

	input_set(move, f, STOCK_MOVE_KIND,
	    json_string(diff > 0 ? "in" : "out"));
	input_set(move, f, STOCK_MOVE_REASON, json_string("correction"));
	input_set(move, f, STOCK_MOVE_LOCATION_ID, json_integer(id));
	input_copy(in, shelf_count_fields, SHELF_COUNT_ITEM_ID, move, f,
	    STOCK_MOVE_ITEM_ID);
	input_set(move, f, STOCK_MOVE_QUANTITY,
	    json_integer(diff > 0 ? diff : -diff));
	input_copy(in, shelf_count_fields, SHELF_COUNT_NOTE, move, f,
	    STOCK_MOVE_NOTE);
	rc = stock_move_add(db, move, who, move_id, p);
	json_decref(move);
	return rc;
}

int
shelf_count(struct db *db, int64_t id, json_t *in, const struct viewer *who,
    json_t **out, struct problem *p)
{
	int64_t item = json_integer_value(
		    input_get(in, shelf_count_fields, SHELF_COUNT_ITEM_ID)),
		counted = json_integer_value(
		    input_get(in, shelf_count_fields, SHELF_COUNT_QUANTITY)),
		was = 0, move_id = 0;
	struct db_val args[2] = { DBV_INT(id), DBV_INT(item) };
	json_t *loc = NULL;

	*out = NULL;
	if (restock_location(db, id, &loc, p) == -1)
		return -1;
	json_decref(loc);
	if (restock_zoned(db, id, who, p) == -1)
		return -1;
	if (restock_item_check(db, item, p) != 0)
		return -1;
	if (db_exec(db, stmts[STMT_HOLD], args, 2) == -1 ||
	    db_int(db, stmts[STMT_LEVEL], args, 2, &was) != 1)
		return tx_problem(db, p);
	if (counted != was &&
	    shelf_correct(db, id, in, counted - was, who, &move_id, p) == -1)
		return -1;
	*out = json_pack("{s:I,s:I,s:I,s:I,s:I,s:o}", "location_id",
	    (json_int_t)id, "item_id", (json_int_t)item, "counted",
	    (json_int_t)counted, "was", (json_int_t)was, "difference",
	    (json_int_t)(counted - was), "move_id",
	    move_id != 0 ? json_integer(move_id) : json_null());
	return 0;
}
