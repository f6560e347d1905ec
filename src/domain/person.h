/*
 * People: one kind of person. The same person asks, offers, helps and
 * organizes; nothing here splits givers from receivers.
 */
#ifndef PERSON_H
#define PERSON_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* A person's input, new or changed. */
enum person_key {
	PERSON_NAME,
	PERSON_PHONE,
	PERSON_EMAIL,
	PERSON_ADDRESS,
	PERSON_LANGUAGE,
	PERSON_ZONE_ID,
	PERSON__MAX,
};

enum person_list_key {
	PERSON_LIST_Q,
	PERSON_LIST_ZONE_ID,
	PERSON_LIST_LIMIT,
	PERSON_LIST_OFFSET,
	PERSON_LIST__MAX,
};

extern const struct field person_fields[PERSON__MAX + 1];
extern const struct field person_list_fields[PERSON_LIST__MAX + 1];
extern const char *const person_languages[];

/*
 * Create from decoded input, inside the caller's transaction (tx.h); 0
 * and the row in *out, or -1 with p.
 */
int person_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Insert a person, already validated (as by person_fields) and with its
 * zone known to exist, inside the caller's transaction, created and
 * updated at created_at (the demo and imports use it). The new id, or -1.
 */
int64_t person_insert(struct db *, json_t *in, const char *created_at);
/* Apply a partial update (null clears an optional field), as above. */
int person_update(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/*
 * 0 and the row, with "has_login" (whether a login belongs to them), or
 * -1 with a 404 when there is no such person.
 */
int person_find(struct db *, int64_t id, json_t **out, struct problem *);
/* Filters: q (in the name), zone_id; paging. */
int person_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The person on file whose phone has the digits of phone (the same
 * number, or one the end of the other when the shorter has 10 digits or
 * more), or else whose email is email in any case; either may be NULL.
 * 1 and the lowest such id in *id, 0 when there is none, -1 on error.
 */
int person_match(struct db *, const char *phone, const char *email,
    int64_t *id);
/* 1 if the person exists, 0 if not, -1 on error. */
int person_exists(struct db *, int64_t id);

#endif
