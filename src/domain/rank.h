/*
 * Who can help with one ask, best first, with the reasons: the open
 * offers of its category with room left, and the volunteers whose zones
 * reach its zone (reach.h, within the network's match radius). What
 * counts: category fit, distance, shared availability windows, the
 * asker's language, a volunteer's current load, and whether a volunteer
 * served the asker before. Each reason is a code (rank_reasons) that the
 * pages put in words (catalog id reason_CODE), and that a match keeps.
 */
#ifndef RANK_H
#define RANK_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/buf.h"
#include "util/problem.h"

/* How many candidates a ranking lists: the best ones. */
#define RANK_TOP 20

/* Every reason a candidate may be given. */
enum rank_reason {
	RANK_SAME_CATEGORY,
	RANK_DELIVERED_CATEGORY_BEFORE,
	RANK_SAME_ZONE,
	RANK_ADJACENT_ZONE,
	RANK_TWO_ZONES_AWAY,
	RANK_KM_AWAY,
	RANK_FREE_WHEN_NEEDED,
	RANK_SPEAKS_LANGUAGE,
	RANK_NO_OPEN_CLAIMS,
	RANK_OPEN_CLAIMS,
	RANK_SERVED_BEFORE,
	RANK_REASON__MAX,
};

/* The reason codes, in enum order, NULL-ended. */
extern const char *const rank_reasons[];

/*
 * Rank the candidates for ask need_id into *out: {"items":[{"kind":
 * "offer"|"volunteer", "id", "label", "score", "reasons":[{"code", "n"}]}],
 * "total"}, the RANK_TOP best first (higher score first; then offers
 * before volunteers, then by id), total counting every candidate. "n"
 * is the number a reason's words need: kilometres, hours a week, open
 * claims (0 for the others). A label names no contact: the start of an
 * offer's details and the offerer's first name, a volunteer's login.
 * 0, or -1 with p: 404 for an ask not there.
 */
int rank_list(struct db *, int64_t need_id, json_t **out, struct problem *);
/*
 * The reasons of one candidate for ask need_id, the offer offer_id or
 * the volunteer user_id (exactly one not 0), as rank_list gives them,
 * appended to codes as match_apply takes them (codes space separated).
 * 0, or -1 with p: 404 for an ask, an offer or a login not there; 409
 * for an offer of another category ("err_match_category"), a login that
 * is no volunteer ("err_match_volunteer"), or a candidate out of the
 * ask's reach ("err_match_reach").
 */
int rank_one(struct db *, int64_t need_id, int64_t offer_id, int64_t user_id,
    struct buf *codes, struct problem *);

#endif
