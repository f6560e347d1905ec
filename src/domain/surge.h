/*
 * Strike and surge mode: a ready set for one kind of emergency — a
 * program with its sessions and their shifts, a place for its stock and
 * the items it will need, and a fund — made at once, in the network's
 * language, so that a strike kitchen is running within the hour.
 */
#ifndef SURGE_H
#define SURGE_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/* The kinds, as the command names them; NULL-ended. */
extern const char *const surge_kinds[];

struct surge_opts {
	const char *kind;     /* one of surge_kinds */
	const char *lang;     /* "en" or "es": the names it gives */
	int64_t zone_id;      /* where, or 0 */
	const char *currency; /* the fund's, ISO 4217 */
	const char *today;    /* the network's date, the first session's */
};

/*
 * Make kind's set inside the caller's transaction: 0 and *out {"program":
 * {id, name}, "sessions": N, "shifts": N, "location": {id, name},
 * "items": N, "fund": {id, name}}, or -1 with p: 409 when a program of
 * the set's name is there already (the set was made before), 422 for a
 * zone, a language or a currency that is none.
 */
int surge_make(struct db *, const struct surge_opts *, json_t **out,
    struct problem *);

#endif
