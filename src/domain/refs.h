/* Checks that the person, zone and category an input names exist. */
#ifndef REFS_H
#define REFS_H

#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/*
 * The references an input may carry, by the names every table that
 * declares them uses (need_fields, offer_fields, person_fields, the
 * filters of lists), so that they can be read from any of those inputs.
 */
enum refs_key {
	REFS_PERSON_ID,
	REFS_CATEGORY,
	REFS_ZONE_ID,
	REFS__MAX,
};

extern const struct field refs_fields[REFS__MAX + 1];

/*
 * For each of person_id, zone_id and category present in in, check the row
 * exists. Returns 0, or -1 with a 422 listing every field that names no
 * row (or a database problem).
 */
int refs_check(struct db *, json_t *in, struct problem *);

/*
 * When v is an id, whether sql (one ? for it: "SELECT 1 FROM … WHERE
 * id = ?") finds a row: 0, or -1 with a 422 naming field with the
 * message id missing (or a database problem). 0 when v is no id (the
 * field left out).
 */
int refs_found(struct db *, const char *sql, json_t *v, const char *field,
    const char *missing, struct problem *);

#endif
