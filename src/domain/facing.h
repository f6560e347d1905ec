/*
 * What people face: the problems raised in asks and conversations, counted
 * by who is responsible (a target), by what it is (a tag) and by where
 * (a zone), as the number of distinct people and how many of them raised
 * it in the last 30 and 90 days.
 */
#ifndef FACING_H
#define FACING_H

#include <time.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/* The most rows of each list: the ones with the most people. */
#define FACING_ROWS 20
/*
 * The most people a row attaches to a grievance or a campaign started
 * from it (the first by id): a page of forms stays small on a phone.
 */
#define FACING_PEOPLE_MAX 50
/* The most places and tags a row names. */
#define FACING_ZONES_MAX 50
#define FACING_TAGS_MAX  5

/*
 * The counts as of now, in one snapshot of the database: a new object
 * {"by_target":[{target_id, name, people, last_30, last_90, tags: [tag…],
 * zone_ids, person_ids}], "by_tag":[{tag, people, last_30, last_90,
 * zone_ids, person_ids}], "by_zone":[{zone_id, name, people, last_30,
 * last_90, person_ids}], "people_max"} in *out, each list with the most
 * people first. A person counts once in a row, whether they asked, talked
 * or both, and in last_30 when the latest of it is that recent. Every row
 * also carries what a grievance started from it takes: title (its name
 * or tag), tags, zone_ids (and zone_count, how many). person_ids leave
 * out people who were forgotten; their counts stay. Not inside a
 * transaction. 0, or -1 with p.
 */
int facing_find(struct db *, time_t now, json_t **out, struct problem *);

#endif
