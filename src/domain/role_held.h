/*
 * The roles a person holds in the network -- the lead of a program, a
 * delegate, a treasurer -- from a closed set, each with the dates it was
 * held. Not a login's role (viewer.h), which says what a login may do.
 */
#ifndef ROLE_HELD_H
#define ROLE_HELD_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The roles, NULL-ended. */
extern const char *const role_held_roles[];

enum role_held_key {
	ROLE_HELD_ROLE,
	ROLE_HELD_STARTS_ON,
	ROLE_HELD_ENDS_ON,
	ROLE_HELD__MAX,
};

extern const struct field role_held_fields[ROLE_HELD__MAX + 1];

/*
 * Record that person_id holds role from starts_on (to ends_on, if
 * given; local dates), by user_id: 404; 422 naming role, starts_on or
 * ends_on (not a date, or before starts_on). 0 and the roles they hold,
 * as role_held_of_person, or -1 with p.
 */
int role_held_add(struct db *, int64_t person_id, json_t *in, int64_t user_id,
    json_t **out, struct problem *);
/* The roles person_id holds and held, latest first: [{id, role,
 * starts_on, ends_on}]. 0, or -1 with p. */
int role_held_of_person(struct db *, int64_t person_id, json_t **out,
    struct problem *);

#endif
