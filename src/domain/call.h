/*
 * Calls: someone rings the person behind an ask and writes down how it
 * went (no answer, reached, wrong number). Who may is who may read that
 * person's contact for the ask (privacy_need_contact): coordinators and
 * admins, and the volunteer holding the ask's active claim.
 */
#ifndef CALL_H
#define CALL_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* The input of a call. */
enum call_key {
	CALL_OUTCOME,
	CALL__MAX,
};

extern const struct field call_fields[CALL__MAX + 1];
/* The outcomes, as the schema's CHECK has them, NULL-ended. */
extern const char *const call_outcomes[];

/*
 * Record a call about ask need_id by v, now, inside the caller's
 * transaction: 404 when there is no such ask or it is outside a
 * volunteer's zones, 403 unless v may read the ask's contact, 422 naming
 * outcome when it is missing (checked after the rights, so that the
 * answer to someone who may not call says so). 0 and the call {id,
 * need_id, login, outcome, called_at} in *out, or -1 with p.
 */
int call_add(struct db *, const struct viewer *v, int64_t need_id, json_t *in,
    json_t **out, struct problem *);
/*
 * The calls about need_id, newest first: [{id, login, outcome,
 * called_at}]. 0 and *out, or -1 with p.
 */
int call_list(struct db *, int64_t need_id, json_t **out, struct problem *);

#endif
