/*
 * Deliveries: the holder of an ask's claim (or a coordinator) reports how
 * a delivery went. "delivered" waits for a confirmation, by a coordinator
 * or by the asker through a one-time link, which fulfils the ask and ends
 * the claim; the other outcomes end the claim and return the ask to open.
 * Every report stays, as the ask's history.
 */
#ifndef DELIVERY_H
#define DELIVERY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"
#include "util/secret.h"

/* The outcomes, as the schema's CHECK has them, NULL-ended. */
extern const char *const delivery_outcomes[];

/* The input of a report. */
enum delivery_key {
	DELIVERY_OUTCOME,
	DELIVERY_NOTE,
	DELIVERY__MAX,
};

extern const struct field delivery_fields[DELIVERY__MAX + 1];

/* The input of the asker's confirmation page and its post: the token. */
enum delivery_token_key {
	DELIVERY_TOKEN,
	DELIVERY_TOKEN__MAX,
};

extern const struct field delivery_token_fields[DELIVERY_TOKEN__MAX + 1];

/*
 * Report a delivery of ask need_id by v, now, inside the caller's
 * transaction: 404 when there is no such ask or it is outside a
 * volunteer's zones, 409 when nobody holds its claim or a delivery
 * already waits for its confirmation, 403 unless v holds the claim or is
 * a coordinator, 422 naming outcome when it is missing and note when the
 * outcome is "other" without one. A failure ends the claim with the
 * outcome as its reason and returns the ask to open. 0 and the report
 * (as delivery_list's rows) in *out, or -1 with p.
 */
int delivery_report(struct db *, const struct viewer *v, int64_t need_id,
    json_t *in, json_t **out, struct problem *);
/*
 * Confirm the delivery of ask need_id that waits, by v (a coordinator:
 * the route's role): 404 for no such ask, 409 when none waits. The ask
 * becomes fulfilled and its claim ends. 0, or -1 with p.
 */
int delivery_confirm(struct db *, const struct viewer *v, int64_t need_id,
    struct problem *);
/*
 * A one-time link for the asker to confirm the delivery of ask need_id
 * that waits: a new random token into token (the caller shows it once,
 * then wipes it), its hash stored in place of any earlier one, so only
 * the newest link works. 404 for no such ask, 409 when none waits. 0, or
 * -1 with p.
 */
int delivery_link(struct db *, int64_t need_id, char token[SECRET_TOKEN_LEN],
    struct problem *);
/*
 * Confirm by a link's token, for the asker (no account): the delivery it
 * was made for, if it still waits, is confirmed as by delivery_confirm,
 * with nobody as confirmed_by, and the token is spent. 404
 * "err_confirm_link" for a token unknown, spent, or whose claim has
 * ended. 0 and the ask's id in *need_id, or -1 with p.
 */
int delivery_confirm_token(struct db *, const char *token, int64_t *need_id,
    struct problem *);
/*
 * The reports on need_id, newest first: [{id, login, outcome, note, at,
 * confirmed_at, confirmed_login, by_asker}], by_asker true when the asker
 * confirmed it. 0 and *out, or -1 with p.
 */
int delivery_list(struct db *, int64_t need_id, json_t **out, struct problem *);
/*
 * Whether a delivery of need_id waits for its confirmation: 1, 0, or -1
 * on error.
 */
int delivery_waits(struct db *, int64_t need_id);

#endif
