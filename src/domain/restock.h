/*
 * What to restock: the threshold and the level to bring back to of an
 * item at a location, the list of what a location lacks (with the
 * pantries and storerooms that have it), the same across the network,
 * and what a location holds as a count or a printed sheet reads it.
 * Nothing here writes a move: giving out (giveout.h) and counting
 * (shelf.h) go through stock_move_add.
 */
#ifndef RESTOCK_H
#define RESTOCK_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* How many places a restock list names for each item it lacks. */
#define RESTOCK_SOURCES 3

/* POST /locations/:id/thresholds: below threshold, bring to restock_to. */
enum restock_threshold_key {
	RESTOCK_THRESHOLD_ITEM_ID,
	RESTOCK_THRESHOLD_THRESHOLD,
	RESTOCK_THRESHOLD_RESTOCK_TO,
	RESTOCK_THRESHOLD__MAX,
};

extern const struct field restock_threshold_fields[RESTOCK_THRESHOLD__MAX + 1];

/* GET /stock: ?low=1 only what is below its threshold; paging. */
enum restock_network_key {
	RESTOCK_NETWORK_LOW,
	RESTOCK_NETWORK_LIMIT,
	RESTOCK_NETWORK_OFFSET,
	RESTOCK_NETWORK__MAX,
};

extern const struct field restock_network_fields[RESTOCK_NETWORK__MAX + 1];

/*
 * The location id: {id, name, kind, zone_id, zone_name,
 * take_what_you_need}. 404 "err_no_location". 0, or -1 with p.
 */
int restock_location(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * 403 "err_stock_zone" when who is a volunteer and location id is in
 * none of their zones, as stock_move_add refuses them: for a write that
 * may end with no move at all (a count that found what was recorded).
 * 0, or -1 with p.
 */
int restock_zoned(struct db *, int64_t id, const struct viewer *who,
    struct problem *);
/*
 * Whether item is one: when not, "err_no_item" naming item_id is added
 * to p (a 422). 0, 1 when added, or -1 on a database error (p set).
 */
int restock_item_check(struct db *, int64_t item, struct problem *);
/*
 * Set the threshold of an item at location id from in (decoded by
 * restock_threshold_fields), replacing any: 404 for the location, 422
 * naming item_id (no such item) or restock_to (below the threshold).
 * Inside the caller's transaction. 0 and {location_id, item_id,
 * threshold, restock_to} in *out, or -1 with p.
 */
int restock_threshold_set(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/*
 * What location id lacks: {items: [{item_id, name, unit, quantity,
 * threshold, restock_to, bring, sources: [{location_id, name,
 * quantity}]}]}, each item below its threshold, by name; bring is what
 * takes it back to restock_to (the threshold when none is set), sources
 * the pantries and storerooms that hold most of it (RESTOCK_SOURCES at
 * most). 0, or -1 with p.
 */
int restock_list(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * Every item with a threshold at any location, or with ?low=1 those
 * below it: {items: [{location_id, location_name, kind, item_id, name,
 * unit, quantity, threshold, restock_to, bring, low}], total, limit,
 * offset, low}, by location then item name. 0, or -1 with p.
 */
int restock_network(struct db *, json_t *in, json_t **out, struct problem *);
/* Every item by name, [{id, name, unit, category}]; NULL on error. */
json_t *restock_items(struct db *);

#endif
