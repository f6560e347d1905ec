/* Zones: where people live and work — a neighbourhood, a building. */
#ifndef ZONE_H
#define ZONE_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

struct audit_note;

/*
 * A zone's input, new or changed: its columns, then the zones it touches
 * (zone_adjacent, kept both ways).
 */
enum zone_key {
	ZONE_NAME,
	ZONE_PARENT_ID,
	ZONE_LAT,
	ZONE_LON,
	ZONE_ADJACENT_IDS,
	ZONE__MAX,
};

/* The most neighbours one zone is given at once. */
#define ZONE_ADJACENT_MAX 50

/* The list of zones takes paging only. */
enum zone_list_key {
	ZONE_LIST_LIMIT,
	ZONE_LIST_OFFSET,
	ZONE_LIST__MAX,
};

extern const struct field zone_fields[ZONE__MAX + 1];
extern const struct field zone_list_fields[ZONE_LIST__MAX + 1];

/*
 * Create a zone from decoded input, inside the caller's transaction
 * (tx.h); 0 and the row in *out, or -1 with p.
 */
int zone_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Change zone id by a partial update, inside the caller's transaction:
 * a name still unique, a parent that exists and is not the zone or one
 * under it, adjacent_ids (when given, null or a list) the whole new set
 * of neighbours. The names of the fields that change go in note. 0 and
 * the zone as zone_find has it in *out, or -1 with p: 404, or 422 naming
 * the field (an id that is no zone, or the zone itself, in adjacent_ids).
 */
int zone_update(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *);
/*
 * Zone id with its parent's name, its open asks and its neighbours
 * ("adjacent": [{id, name}] in name order, "adjacent_ids" the same ids
 * in id order). When zone_user is not 0 only that user's zones are found
 * (a volunteer's, privacy_zone_user). 0 and *out, or -1 with p (404).
 */
int zone_find(struct db *, int64_t id, int64_t zone_user, json_t **out,
    struct problem *);
/*
 * Insert a zone, already validated (as by zone_fields, with a unique name
 * and a parent that exists), inside the caller's transaction, created at
 * created_at (the demo and imports use it). The new id, or -1.
 */
int64_t zone_insert(struct db *, json_t *in, const char *created_at);
/*
 * The list object of zones, in name order: only zone_user's zones when it
 * is not 0 (a volunteer's, privacy_zone_user).
 */
int zone_list(struct db *, json_t *in, int64_t zone_user, json_t **out,
    struct problem *);
/* Every zone as {id, name}, in name order, for forms and filters. */
int zone_options(struct db *, json_t **out, struct problem *);
/* 1 if the zone exists, 0 if not, -1 on a database error. */
int zone_exists(struct db *, int64_t id);

#endif
