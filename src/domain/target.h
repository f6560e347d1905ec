/*
 * Targets: who is responsible for what people face (a landlord, an
 * employer, an agency), with the places they touch. One target per name,
 * however it is typed: the key is the name folded (fold_name).
 */
#ifndef TARGET_H
#define TARGET_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

struct audit_note;

/* A target's input, new or changed: its columns, then its places. */
enum target_key {
	TARGET_NAME,
	TARGET_KIND,
	TARGET_NOTES,
	TARGET_ZONE_IDS,
	TARGET__MAX,
};

/* The most places one target is given at once. */
#define TARGET_ZONE_MAX 50

/* The list's filters: q (any part of the name, found as you type). */
enum target_list_key {
	TARGET_LIST_Q,
	TARGET_LIST_KIND,
	TARGET_LIST_ZONE_ID,
	TARGET_LIST_LIMIT,
	TARGET_LIST_OFFSET,
	TARGET_LIST__MAX,
};

/* landlord, property_manager, employer, agency, official, other. */
extern const char *const target_kinds[];
extern const struct field target_fields[TARGET__MAX + 1];
extern const struct field target_list_fields[TARGET_LIST__MAX + 1];

/*
 * Create a target from decoded input, inside the caller's transaction:
 * 422 naming name when a target of that name (folded) exists, zone_ids
 * when one is no zone. 0 and the target as target_find has it, or -1.
 */
int target_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Change target id by a partial update, as target_create checks it;
 * zone_ids, when given (null or a list), is the whole new set. The names
 * of the fields that change go in note. 0 and *out, or -1 with p (404).
 */
int target_update(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *);
/*
 * Target id with its places ("zones": [{id, name}] in name order,
 * "zone_ids"). 0 and *out, or -1 with p (404).
 */
int target_find(struct db *, int64_t id, json_t **out, struct problem *);
/* The list object of targets in name order, as the filters say. */
int target_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The id of the target called name (any case or accents), made of kind
 * kind (NULL: "other") when there is none, inside the caller's
 * transaction: a new name typed into a form names a new target. 0 and
 * *id, or -1 with p (the database's problem).
 */
int target_named(struct db *, const char *name, const char *kind, int64_t *id,
    struct problem *p);
/* 1 if the target exists, 0 if not, -1 on a database error. */
int target_exists(struct db *, int64_t id);
/*
 * 422 naming field ("err_no_target") when v, an integer, is the id of no
 * target; nothing to check when v is absent or null. 0, or -1 with p.
 */
int target_check_id(struct db *, json_t *v, const char *field,
    struct problem *);
/* Every target as [{id, name}] in name order, for a form's choice. */
int target_options(struct db *, json_t **out, struct problem *);

#endif
