/*
 * Locations: where stock is kept. A pantry, a take-what-you-need
 * station, a storeroom, a van; a public place or a vehicle, never
 * anyone's home. Its zone decides which volunteers record moves there
 * (stock.h).
 */
#ifndef LOCATION_H
#define LOCATION_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The kinds, NULL-ended (FIELD_CHOICE). */
extern const char *const location_kinds[];

enum location_key {
	LOCATION_NAME,
	LOCATION_KIND,
	LOCATION_ZONE_ID,
	LOCATION_TAKE_WHAT_YOU_NEED,
	LOCATION_NOTES,
	LOCATION__MAX,
};

extern const struct field location_fields[LOCATION__MAX + 1];

/* GET /locations: a kind, a zone, paging. */
enum location_list_key {
	LOCATION_LIST_KIND,
	LOCATION_LIST_ZONE_ID,
	LOCATION_LIST_LIMIT,
	LOCATION_LIST_OFFSET,
	LOCATION_LIST__MAX,
};

extern const struct field location_list_fields[LOCATION_LIST__MAX + 1];

/*
 * Make a location from decoded input inside the caller's transaction:
 * 422 naming zone_id (no such zone) or take_what_you_need (only a
 * station is). 0 and the location as location_find shows it, or -1
 * with p.
 */
int location_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The location id: {id, name, kind, zone_id, zone_name,
 * take_what_you_need (true or false), notes, created_at, updated_at};
 * 404. 0, or -1 with p.
 */
int location_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * {items: [{id, name, kind, zone_id, zone_name, take_what_you_need}],
 * total, limit, offset}, by name.
 */
int location_list(struct db *, json_t *in, json_t **out, struct problem *);
/* Every location, by name, for a form's choice: [{id, name, kind}]. */
json_t *location_options(struct db *);

#endif
