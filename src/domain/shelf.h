/*
 * Counting at the shelf: what someone found of an item at a location.
 * The difference from the level on record becomes a correction move
 * (in when more was found, out when less), with who and when as every
 * move has them; a count that finds what was recorded writes no move.
 */
#ifndef SHELF_H
#define SHELF_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* POST /locations/:id/count: what was found of one item, and why. */
enum shelf_count_key {
	SHELF_COUNT_ITEM_ID,
	SHELF_COUNT_QUANTITY,
	SHELF_COUNT_NOTE,
	SHELF_COUNT__MAX,
};

extern const struct field shelf_count_fields[SHELF_COUNT__MAX + 1];

/*
 * Record that quantity of item_id is at location id, as who, inside the
 * caller's transaction: 404 for the location; 403 for a volunteer
 * outside its zones; 422 naming item_id for no such item. The level is
 * locked before it is read, so two counts at once correct once. 0 and
 * {location_id, item_id, counted, was, difference, move_id (null when
 * none)} in *out, or -1 with p and nothing written by this call.
 */
int shelf_count(struct db *, int64_t id, json_t *in, const struct viewer *who,
    json_t **out, struct problem *);

#endif
