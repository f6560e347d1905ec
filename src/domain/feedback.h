/*
 * Collective feedback: what one building or workplace has raised lately,
 * in counts only, for the people there to see their own pattern. A count
 * small enough to point at someone is withheld.
 */
#ifndef FEEDBACK_H
#define FEEDBACK_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The query of GET /feedback: the zone. */
enum feedback_key {
	FEEDBACK_ZONE_ID,
	FEEDBACK__MAX,
};

extern const struct field feedback_fields[FEEDBACK__MAX + 1];

/*
 * The smallest count shown: under it a count is withheld (null), so that
 * no one in a building can be told apart by it (k-anonymity, k = 3).
 */
#define FEEDBACK_FLOOR 3
/* The days it looks back over. */
#define FEEDBACK_DAYS 30
/* The most targets and tags it names. */
#define FEEDBACK_ROWS 5

/*
 * The feedback of zone zone_id over the FEEDBACK_DAYS before now, in one
 * snapshot: a new object {zone_id, zone, days, floor, people, asked,
 * talked, by_target: [{name, people}], by_tag: [{tag, people}]} in *out:
 * people is the distinct people who asked or talked, asked those who
 * asked for help, talked those an organizer talked with; each list the
 * most people first. Every count under FEEDBACK_FLOOR is null. Never a
 * name of a person. Not inside a transaction. 0, or -1 with p: a 422
 * naming zone_id when it is no zone.
 */
int feedback_find(struct db *, int64_t zone_id, time_t now, json_t **out,
    struct problem *);

#endif
