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
#include "field.h"
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
 * A claim with no progress (no delivery report, no call about its ask)
 * for this many hours ends, and its ask returns to open (serve
 * --claim-hours).
 */
#define CLAIM_HOURS_DEFAULT 48
#define CLAIM_HOURS_MAX     8760

/*
 * Set the cap, the alert threshold and the hours above, once, before any
 * request is served.
 */
void claim_setup(int max_open, int contact_alert, int hours);

/* The input of a release: why (required, checked after the rights). */
enum claim_release_key {
	CLAIM_RELEASE_REASON,
	CLAIM_RELEASE__MAX,
};

extern const struct field claim_release_fields[CLAIM_RELEASE__MAX + 1];

/*
 * Claim ask need_id for v, inside the caller's transaction (tx.h), which
 * keeps the read and the insert together: 404 when there is no such
 * ask or it is outside a volunteer's zones, 409 when it is not open or
 * matched, someone else holds an active claim or v already holds the
 * most open claims allowed, 403 when v may not claim at all
 * (privacy_may_claim). An open ask claimed becomes matched: someone is
 * on it. Claiming an ask one already holds changes nothing. 0, or -1
 * with p.
 */
int claim_take(struct db *, const struct viewer *, int64_t need_id,
    struct problem *);
/*
 * End the active claim on need_id for the reason in in (decoded with
 * claim_release_fields) and return the ask to open (claim_end): 404 as
 * for claim_take, 409 when there is none, 403 unless v holds it or is a
 * coordinator, then 422 naming reason when it is missing. 0, or -1 with
 * p.
 */
int claim_release(struct db *, const struct viewer *, int64_t need_id,
    json_t *in, struct problem *);
/*
 * End every active claim on need_id, with reason (NULL: none), inside
 * the caller's transaction. 0 or -1.
 */
int claim_release_all(struct db *, int64_t need_id, const char *reason);
/*
 * End the active claim on need_id for reason and put a matched ask back
 * to open, for someone else to take: a release, a failed delivery, an
 * expiry. Inside the caller's transaction; 0, or -1 with p.
 */
int claim_end(struct db *, int64_t need_id, const char *reason,
    struct problem *);
/*
 * The active claim on need_id, {id, user_id, claimed_at}, in *out (owned
 * by the caller): 1, 0 when there is none (*out NULL), -1 on error.
 */
int claim_active(struct db *, int64_t need_id, json_t **out);
/*
 * The expiry sweep: every active claim claimed more than the hours set
 * (claim_setup) ago with no delivery report and no call about its ask
 * since then ends for "expired", its ask returns to open, a follow-up
 * task "claim_expired" is left for any coordinator, and an audit entry
 * "claim.expire" names the ask. One transaction for the whole sweep.
 * 0 with the number ended in *n, or -1 (nothing changed).
 */
int claim_expire(struct db *, int64_t *n);
/*
 * Mark what v may do with an ask row (with its "claim"): "can_claim",
 * "can_release" and "can_give_out" (from stock), for the page's buttons.
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
