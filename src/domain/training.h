/*
 * Training: the modules a network teaches ("Know your rights", "Running
 * a one-on-one") and who completed which, on what date: part of a
 * person's path from asking to organizing, beside their stage.
 */
#ifndef TRAINING_H
#define TRAINING_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

enum training_key {
	TRAINING_NAME,
	TRAINING_DESCRIPTION,
	TRAINING__MAX,
};

extern const struct field training_fields[TRAINING__MAX + 1];

/* POST /trainings/:id/completions: who, and the local date. */
enum training_done_key {
	TRAINING_DONE_PERSON_ID,
	TRAINING_DONE_DATE,
	TRAINING_DONE__MAX,
};

extern const struct field training_done_fields[TRAINING_DONE__MAX + 1];

/*
 * A module from decoded input: 409 naming name when one has that name.
 * 0 and the row {id, name, description, completed}, or -1 with p.
 */
int training_create(struct db *, json_t *in, json_t **out, struct problem *);
/* Every module, by name: {items: [{id, name, description, completed}],
 * total}, completed counting who completed it. */
int training_list(struct db *, json_t **out, struct problem *);
/*
 * Record that person_id completed module id on date, by user_id: 404;
 * 422 naming person_id (no such person) or date (not YYYY-MM-DD); 409
 * naming person_id when recorded already. 0 and the module, or -1 with p.
 */
int training_complete(struct db *, int64_t id, json_t *in, int64_t user_id,
    json_t **out, struct problem *);
/* The modules person_id completed, newest first: [{training_id, name,
 * on_date}]. 0, or -1 with p. */
int training_of_person(struct db *, int64_t person_id, json_t **out,
    struct problem *);

#endif
