/*
 * Grievances: a problem people share ("no heat in 12 Elm St"), with the
 * target responsible, its tags, its places and its people; the asks and
 * conversations that point to it. Organizers and above only.
 */
#ifndef GRIEVANCE_H
#define GRIEVANCE_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

struct audit_note;

/* A grievance's input, new or changed: a column, then its sets. */
enum grievance_key {
	GRIEVANCE_TITLE,
	GRIEVANCE_TARGET_ID,
	GRIEVANCE_TAGS,
	GRIEVANCE_ZONE_IDS,
	GRIEVANCE_PERSON_IDS,
	GRIEVANCE__MAX,
};

#define GRIEVANCE_ZONES_MAX  50  /* places of one grievance */
#define GRIEVANCE_PEOPLE_MAX 500 /* people given at once */

/* The list's filters, then paging. */
enum grievance_list_key {
	GRIEVANCE_LIST_TARGET_ID,
	GRIEVANCE_LIST_TAG,
	GRIEVANCE_LIST_ZONE_ID,
	GRIEVANCE_LIST_PERSON_ID,
	GRIEVANCE_LIST_LIMIT,
	GRIEVANCE_LIST_OFFSET,
	GRIEVANCE_LIST__MAX,
};

extern const struct field grievance_fields[GRIEVANCE__MAX + 1];
extern const struct field grievance_list_fields[GRIEVANCE_LIST__MAX + 1];

/*
 * Create a grievance from decoded input, inside the caller's transaction
 * (tx.h): 0 and the row as grievance_find has it in *out, or -1 with p,
 * a 422 naming the field of a target, zone or person that is none.
 */
int grievance_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Change grievance id by a partial update: fields left out keep their
 * value, null clears it; a set given (tags, zone_ids, person_ids) is the
 * whole new set, so people are added and removed. The names of the
 * fields that change go in note. 0 and the row, or -1 with p (404, 422).
 */
int grievance_update(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *);
/*
 * Grievance id with its target's name, tags, zones and people ({id,
 * name}, and the ids alone as zone_ids, person_ids), and the asks and
 * conversations that point to it (no details, no notes). 0, or -1 with
 * p (404).
 */
int grievance_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The list object, newest first, each row with its target's name, tags
 * and how many people and places it has. Filters: target_id, tag,
 * zone_id, person_id; paging.
 */
int grievance_list(struct db *, json_t *in, json_t **out, struct problem *);
/* Every grievance as {id, title}, newest first, for forms. */
int grievance_options(struct db *, json_t **out, struct problem *);
/*
 * The people of ids (a FIELD_IDS array) as {id, name}, in the order of
 * ids, leaving out an id of nobody.
 */
int grievance_people_named(struct db *, json_t *ids, json_t **out,
    struct problem *);
/*
 * 422 naming field ("err_no_grievance") when v, an integer, is the id of
 * no grievance; nothing to check when v is absent or null. 0, or -1 with
 * p.
 */
int grievance_check_one(struct db *, json_t *v, const char *field,
    struct problem *);

#endif
