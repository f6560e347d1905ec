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

/* The open claims one volunteer may hold at once (serve --max-claims). */
#define CLAIM_MAX_OPEN_DEFAULT 5
#define CLAIM_MAX_OPEN_MAX     1000
/*
 * More views of contacts than this by one user in an hour is shown to
 * coordinators on the dashboard (serve --contact-alert).
 */
#define CLAIM_CONTACT_ALERT_DEFAULT 20
#define CLAIM_CONTACT_ALERT_MAX     100000

/*
 * Set the cap and the alert threshold above, once, before any request is
 * served.
 */
void claim_setup(int max_open, int contact_alert);

/*
 * Claim ask need_id for v, inside the caller's transaction (tx.h), which
 * keeps the read and the insert together: 404 when there is no such
 * ask or it is outside a volunteer's zones, 409 when it is not open or
 * matched, someone else holds an active claim or v already holds the
 * most open claims allowed, 403 when v may not claim at all
 * (privacy_may_claim). Claiming an ask one already holds changes
 * nothing. 0, or -1 with p.
 */
int claim_take(struct db *, const struct viewer *, int64_t need_id,
    struct problem *);
/*
 * End the active claim on need_id: 404 as for claim_take, 409 when there
 * is none, 403 unless v holds it or is a coordinator. 0, or -1 with p.
 */
int claim_release(struct db *, const struct viewer *, int64_t need_id,
    struct problem *);
/* End every active claim on need_id, inside the caller's transaction. */
int claim_release_all(struct db *, int64_t need_id);
/*
 * Mark what v may do with an ask row (with its "claim"): "can_claim" and
 * "can_release", for the page's buttons.
 */
void claim_actions(const struct viewer *, json_t *ask);
/*
 * Who read more contacts than the alert threshold in the last hour, from
 * the audit trail's "view contact" entries, into data: "contact_alert",
 * [{login, views}] with the most views first, and "contact_alert_over",
 * the threshold. 0, or -1 with p.
 */
int claim_contact_readers(struct db *, json_t *data, struct problem *);

#endif
