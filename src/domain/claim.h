/*
 * Claims: a volunteer takes on an ask ("I'll do this one"). While the
 * claim is active its holder sees the ask's details and the person's
 * phone and address (see privacy.h); releasing it, or the ask being
 * fulfilled or closed, ends that. An ask has at most one active claim.
 */
#ifndef CLAIM_H
#define CLAIM_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/problem.h"

/*
 * Claim ask need_id for v, inside the caller's transaction (tx.h), which
 * keeps the read and the insert together: 404 when there is no such
 * ask or it is outside a volunteer's zones, 409 when it is not open or
 * matched or someone else holds an active claim. Claiming an ask one
 * already holds changes nothing. 0, or -1 with p.
 */
int	claim_take(struct db *, const struct viewer *, int64_t need_id,
	    struct problem *);
/*
 * End the active claim on need_id: 404 as for claim_take, 409 when there
 * is none, 403 unless v holds it or is a coordinator. 0, or -1 with p.
 */
int	claim_release(struct db *, const struct viewer *, int64_t need_id,
	    struct problem *);
/* End every active claim on need_id, inside the caller's transaction. */
int	claim_release_all(struct db *, int64_t need_id);
/*
 * Mark what v may do with an ask row (with its "claim"): "can_claim" and
 * "can_release", for the page's buttons.
 */
void	claim_actions(const struct viewer *, json_t *ask);

#endif
