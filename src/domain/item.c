/* Items: what is kept in stock, its unit and the category it can meet. */
#include "item.h"
#include "input.h"
#include "listing.h"
#include "refs.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_ROW,
	STMT_MOVED,
	STMT_UPDATE,
	STMT_OPTIONS,
	STMT_LOCK,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO item (name, unit, category, notes, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND: with what every location holds (stock_level_item) */
	"SELECT i.id, i.name, i.unit, i.category, i.notes, i.created_at, "
	"i.updated_at, (SELECT coalesce(sum(l.quantity), 0) FROM "
	"stock_level l WHERE l.item_id = i.id) AS total FROM item i "
	"WHERE i.id = ?",
	/* STMT_ROW: the input an item holds, as an update compares it */
	"SELECT name, unit, category, notes FROM item WHERE id = ?",
	/* STMT_MOVED */
	"SELECT count(*) FROM stock_move WHERE item_id = ?",
	/* STMT_UPDATE */
	"UPDATE item SET name = ?, unit = ?, category = ?, notes = ?, "
	"updated_at = ? WHERE id = ?",
	/* STMT_OPTIONS */
	"SELECT id, name, unit FROM item ORDER BY name, id LIMIT 2000",
	/* STMT_LOCK: an edit reads the item, then writes it whole */
	"SELECT id FROM item WHERE id = ? FOR NO KEY UPDATE",
};

const char *const item_units[] = {
	"each",
	"pair",
	"pack",
	"box",
	"bag",
	"bottle",
	"kg",
	"g",
	"l",
	"ml",
	NULL,
};

const struct field item_fields[ITEM__MAX + 1] = {
	[ITEM_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[ITEM_UNIT] = { "unit", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    item_units },
	[ITEM_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[ITEM_NOTES] = { "notes", FIELD_TEXT, 0, 1, 1000, NULL },
	[ITEM__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field item_list_fields[ITEM_LIST__MAX + 1] = {
	[ITEM_LIST_Q] = { "q", FIELD_LINE, 0, 1, 120, NULL },
	[ITEM_LIST_CATEGORY] = { "category", FIELD_LINE, 0, 1, 40, NULL },
	LISTING_PAGE_FIELDS(ITEM_LIST),
	[ITEM_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In item_list_key order. */
static const char *const item_conds[] = {
	"i.name LIKE ? ESCAPE '\\'",
	"i.category = ?",
	NULL,
};

static struct listing item_listing = {
	.select = "SELECT i.id, i.name, i.unit, i.category FROM item i",
	.count = "SELECT count(*) FROM item i",
	.order = "ORDER BY i.name, i.id",
	.conds = item_conds,
	.like = 1 + ITEM_LIST_Q,
};

int
item_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	return tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_item", p);
}

int
item_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[ITEM__MAX + 2];
	int64_t id;
	int k;

	*out = NULL;
	if (refs_check(db, in, p) == -1)
		return -1;
	clock_now(now);
	for (k = 0; k < ITEM__MAX; k++)
		args[k] = input_val(in, item_fields, k);
	args[ITEM__MAX] = DBV_TEXT(now);
	args[ITEM__MAX + 1] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, ITEM__MAX + 2, &id) != 1)
		return tx_problem(db, p);
	return item_find(db, id, out, p);
}

/* 409 when cur's unit would change under an item that has moves. */
static int
item_unit_kept(struct db *db, int64_t id, const struct audit_note *note,
    struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (!(note->changed & ((uint64_t)1 << ITEM_UNIT)))
		return 0;
	if (db_int(db, stmts[STMT_MOVED], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n > 0
	    ? problem_set(p, PROBLEM_CONFLICT, "err_item_unit", "unit", 0)
	    : 0;
}

int
item_update(struct db *db, int64_t id, json_t *in, struct audit_note *note,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[ITEM__MAX + 2], arg = DBV_INT(id);
	json_t *cur = NULL, *before;
	int k, rc;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_item", p) == -1 ||
	    tx_row(db, stmts[STMT_ROW], &arg, 1, &cur, "err_no_item", p) == -1)
		return -1;
	before = input_values(cur, item_fields, NULL);
	audit_note_fields(note, item_fields, before, in);
	json_decref(before);
	if (refs_check(db, in, p) == -1 ||
	    item_unit_kept(db, id, note, p) == -1) {
		json_decref(cur);
		return -1;
	}
	json_object_update(cur, in);
	for (k = 0; k < ITEM__MAX; k++)
		args[k] = input_val(cur, item_fields, k);
	clock_now(now);
	args[ITEM__MAX] = DBV_TEXT(now);
	args[ITEM__MAX + 1] = DBV_INT(id);
	/* The text bound is cur's: it goes once the update is done. */
	rc = db_exec(db, stmts[STMT_UPDATE], args, ITEM__MAX + 2);
	json_decref(cur);
	if (rc == -1)
		return tx_problem(db, p);
	return item_find(db, id, out, p);
}

int
item_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[ITEM_LIST_LIMIT];
	int64_t limit, offset;
	int k;

	for (k = 0; k < ITEM_LIST_LIMIT; k++)
		vals[k] = input_val(in, item_list_fields, k);
	listing_page(in, &limit, &offset);
	return listing_run(db, &item_listing, vals, limit, offset, out, p);
}

json_t *
item_options(struct db *db)
{
	return db_rows(db, stmts[STMT_OPTIONS], NULL, 0);
}
