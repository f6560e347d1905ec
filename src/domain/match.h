/*
 * Matches: an ask given to an offer, or to a volunteer asked to take it
 * (who then claims it, claim.h). The ask moves to matched; an offer is
 * matched once it serves as many asks as its quantity (no quantity: one
 * ask), and open again when one of those matches ends. Whoever ranks or
 * assigns (the matches page, solidarity match) writes through here, and
 * audits what it did itself.
 */
#ifndef MATCH_H
#define MATCH_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/* How many reason codes one match keeps, and the longest code. */
#define MATCH_REASONS_MAX 16
#define MATCH_REASON_LEN  32

/*
 * Match ask need_id to offer_id, or to the volunteer user_id (exactly
 * one of the two not 0), by by_user (0: the command line), with reasons
 * (reason codes such as "same_zone", space separated, each a lower-case
 * word of at most MATCH_REASON_LEN - 1 letters, digits or '_', at most
 * MATCH_REASONS_MAX), inside the caller's transaction (tx.h), which
 * holds the reads and the writes together. The new match's id in *id
 * (may be NULL). 0, or -1 with p: 404 for an ask, offer or login that is
 * not there (an offer: field "offer_id", a login: "user_id"); 409 for an
 * ask not open ("err_match_not_open"), an offer not open or used up
 * ("err_offer_used"), an offer of another category
 * ("err_match_category"), a login disabled ("err_match_user"); 422 for
 * reasons not as above.
 */
int match_apply(struct db *, int64_t need_id, int64_t offer_id, int64_t user_id,
    int64_t by_user, const char *reasons, int64_t *id, struct problem *);
/* One of many matches made together: an ask to an offer, and why. */
struct match_pick {
	int64_t need_id;
	int64_t offer_id;
	const char *reasons; /* as match_apply's */
};

/*
 * match_apply for each of picks (n asks to offers) in turn, by by_user,
 * inside the caller's transaction, set-wise: a statement per table and
 * per MULTIROW_MAX picks (db/multirow.h) rather than some ten a match.
 * The checks of match_apply hold for the picks together: every ask is
 * there and open (and picked once), every offer there, open, of its
 * asks' category and with room for all its picks; the rows each write
 * changes are counted against the picks. It writes what match_apply one
 * pick after another would (the matches in picks' order, at one time);
 * the audit entries are the caller's. 0, or -1 with p as match_apply's
 * for the first problem found ("err_match_not_open" too for an ask
 * picked twice): the caller rolls back, as some may be written.
 */
int match_apply_many(struct db *, const struct match_pick *picks, size_t n,
    int64_t by_user, struct problem *);
/*
 * End the current matches of ask need_id (the ask went back to open, or
 * was closed), inside the caller's transaction: an offer they used up is
 * open again. The ask's own status is the caller's. 0, or -1 with p.
 */
int match_end(struct db *, int64_t need_id, struct problem *);
/*
 * The current matches of need_id as [{id, offer_id, user_id, login,
 * reasons:[codes], matched_at}], oldest first, into *out. 0, or -1 with
 * p.
 */
int match_list(struct db *, int64_t need_id, json_t **out, struct problem *);

#endif
