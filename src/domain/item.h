/*
 * Items: what a network keeps in stock, food, diapers, sleeping bags,
 * leaflets and books alike. Each is counted in one unit and belongs to
 * one of the categories asks use, so that an ask can be met from a
 * shelf. Quantities are whole numbers of the unit.
 */
#ifndef ITEM_H
#define ITEM_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "util/problem.h"

/* The units, NULL-ended (FIELD_CHOICE), as schema/023_stock.sql allows. */
extern const char *const item_units[];

enum item_key {
	ITEM_NAME,
	ITEM_UNIT,
	ITEM_CATEGORY,
	ITEM_NOTES,
	ITEM__MAX,
};

extern const struct field item_fields[ITEM__MAX + 1];

/* GET /items: a name's part, a category, paging. */
enum item_list_key {
	ITEM_LIST_Q,
	ITEM_LIST_CATEGORY,
	ITEM_LIST_LIMIT,
	ITEM_LIST_OFFSET,
	ITEM_LIST__MAX,
};

extern const struct field item_list_fields[ITEM_LIST__MAX + 1];

/*
 * Make an item from decoded input inside the caller's transaction: 422
 * naming category when there is no such category. 0 and the item as
 * item_find shows it, or -1 with p.
 */
int item_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Change the fields of in (a partial update), noted in note: 404, 422 as
 * above, 409 for a new unit once the item has moves (err_item_unit:
 * their quantities are in the old one). 0 and the item, or -1 with p.
 */
int item_update(struct db *, int64_t id, json_t *in, struct audit_note *,
    json_t **out, struct problem *);
/*
 * The item id: {id, name, unit, category, notes, created_at,
 * updated_at, total} (total: what all locations hold); 404. 0, or -1
 * with p.
 */
int item_find(struct db *, int64_t id, json_t **out, struct problem *);
/* {items: [{id, name, unit, category}], total, limit, offset}, by name. */
int item_list(struct db *, json_t *in, json_t **out, struct problem *);
/* Every item, by name, for a form's choice: [{id, name, unit}]. */
json_t *item_options(struct db *);

#endif
