/* Checks that the person, zone and category an input names exist. */
#ifndef REFS_H
#define REFS_H

#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/*
 * For each of person_id, zone_id and category present in in, check the row
 * exists. Returns 0, or -1 with a 422 naming the field (or a database
 * problem).
 */
int	refs_check(struct db *, json_t *in, struct problem *);

#endif
