/*
 * Asks for help. An ask has a person, a category, details, an urgency
 * (1 to 3) and a zone, and moves open -> matched -> fulfilled or is closed
 * with a reason. Open asks are counted in need_tally in the same
 * transaction as every change, so the dashboard never recounts.
 */
#ifndef NEED_H
#define NEED_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

struct audit_note;

/*
 * The input of a new ask: its columns, then what the person offers in
 * return (reciprocity: an offer of theirs made with the ask), then what
 * it is about (need_link_fields: organizers and above see these).
 */
enum need_key {
	NEED_PERSON_ID,
	NEED_CATEGORY,
	NEED_DETAILS,
	NEED_URGENCY,
	NEED_ZONE_ID,
	NEED_WINDOWS,
	NEED_GIVE_CATEGORY,
	NEED_GIVE_DETAILS,
	NEED_TARGET_ID,
	NEED_GRIEVANCE_ID,
	NEED_TAGS,
	NEED__MAX,
};

extern const struct field need_fields[NEED__MAX + 1];

/*
 * What an ask is about, changed on its own (PATCH /needs/:id): who is
 * responsible (a target), its tags, the grievance it is part of.
 */
enum need_link_key {
	NEED_LINK_TARGET_ID,
	NEED_LINK_GRIEVANCE_ID,
	NEED_LINK_TAGS,
	NEED_LINK__MAX,
};

extern const struct field need_link_fields[NEED_LINK__MAX + 1];

/*
 * The filters and paging of a list of asks: those of every post (post.h,
 * the same names at the same keys) and mine.
 */
enum need_list_key {
	NEED_LIST_STATUS,
	NEED_LIST_ZONE_ID,
	NEED_LIST_CATEGORY,
	NEED_LIST_PERSON_ID,
	NEED_LIST_Q,
	NEED_LIST_LIMIT,
	NEED_LIST_OFFSET,
	NEED_LIST_MINE,
	NEED_LIST__MAX,
};

extern const struct field need_list_fields[NEED_LIST__MAX + 1];

/*
 * Create an ask, inside the caller's transaction (tx.h); with
 * offer_details, also an offer of the same person in the same zone, of
 * category offer_category (then required), its id in the row as
 * "offer_id". 0 and the row, or -1 with p: 422 naming the field, the
 * offer's as offer_category and offer_details.
 */
int need_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * need_create for an ask brought in from elsewhere (an import): in status
 * (open, fulfilled, or closed with its reason in in as status_fields
 * names it) as of created_at. The same checks, the same ladder step.
 */
int need_create_at(struct db *, json_t *in, const char *status,
    const char *created_at, json_t **out, struct problem *);
/*
 * Insert an ask, already validated, inside the caller's transaction, with
 * the given status and creation time, and count it in need_tally. An
 * optional reason in in (as status_fields names it) becomes the
 * close_reason. Returns the new id, or -1.
 */
int64_t need_insert(struct db *, json_t *in, const char *status,
    const char *created_at);
/*
 * An ask as a loader writes it (the demo): valid as need_fields would
 * have it, with its id, updated when it was created. windows,
 * close_reason: NULL for none; target_id: 0 for none.
 */
struct need_row {
	int64_t id;
	int64_t person_id;
	const char *category;
	const char *details;
	int64_t urgency;
	int64_t zone_id;
	const char *windows;
	const char *status;
	const char *close_reason;
	int64_t target_id;
	const char *created_at;
};
/*
 * Insert n asks inside the caller's transaction, many to a statement,
 * and nothing else: need_tally is not moved, need_tally_rebuild counts
 * them once the loader is done. 0, or -1.
 */
int need_insert_many(struct db *, const struct need_row *rows, size_t n);
/* Count every ask into need_tally afresh. 0, or -1. */
int need_tally_rebuild(struct db *);
/*
 * 0 and the row, or -1 with a 404; when zone_user is not 0, asks outside
 * that user's zones are not found either. Rows of asks carry "claim", the
 * active claim {user_id, login, claimed_at} or null; one ask found by id
 * also carries the person's phone and address, for privacy_need to keep
 * or remove.
 */
int need_find(struct db *, int64_t id, int64_t zone_user, json_t **out,
    struct problem *);
/*
 * Lock ask id until the caller's transaction ends, before a write reads
 * what it acts on (its status, its claim, its deliveries): another
 * writer of the same ask waits, whichever process it is in (db_begin).
 * 0, or -1 with p (404 when there is none).
 */
int need_lock(struct db *, int64_t id, struct problem *);
/*
 * Add to row what ask id is about: target_id and target_name,
 * grievance_id and grievance_title (null when none), tags. Only for
 * organizers and above (docs/privacy.md). 0, or -1 with p.
 */
int need_links(struct db *, int64_t id, json_t *row, struct problem *);
/*
 * Change what ask id is about by a partial update (need_link_fields):
 * fields left out keep their value, null clears it, tags given are the
 * whole new set; the names of those that change go in note. 0 and the
 * ask with need_links in *out, or -1 with p: 404, 422 naming a target
 * or grievance that is none.
 */
int need_relink(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *, struct problem *);
/*
 * Apply {status, reason?}: 409 on a move not allowed. Fulfilling or
 * closing an ask ends its active claim in the same transaction.
 */
int need_set_status(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *, struct problem *);
/*
 * The open asks among ids (n of them) to matched, together, inside the
 * caller's transaction: as need_set_status moves each, the tally moved
 * by the counts per zone and category, a statement per MULTIROW_MAX asks
 * (db/multirow.h). The rows moved, {id, zone_id, category}, in *out (a
 * new array, in no order): fewer than n when some were not open, not
 * there or in ids twice, which is for the caller to check (and roll
 * back). 0, or -1 with p (and *out NULL).
 */
int need_set_matched(struct db *, const int64_t *ids, size_t n, json_t **out,
    struct problem *);
/*
 * The asks that still wait, most urgent first, then those waiting longest
 * (the oldest created_at). Filters: status (when absent, open and
 * matched; "all" for every status), zone_id, category, person_id, q, and
 * mine (1: only the asks whose active claim v holds); paging; only within
 * the zones of v if v is bound to zones (privacy_zone_user).
 */
int need_list(struct db *, json_t *in, const struct viewer *v, json_t **out,
    struct problem *);
/*
 * The same asks, every one of them (paging set aside), as a cursor on db
 * (listing_open) whose rows the caller shapes with need_shape: 0, or -1
 * with p.
 */
int need_rows(struct db *, json_t *in, const struct viewer *v,
    struct db_cursor **out, struct problem *);
/* What need_list does to each of its rows: the active claim as "claim". */
void need_shape(json_t *row);
/*
 * {"open_by_category":[…],"open_by_zone":[…],"newest":[…]}: the counts
 * over every zone, the newest open asks within zone_user's zones unless 0.
 */
int need_dashboard(struct db *, int64_t zone_user, json_t **out,
    struct problem *);
/*
 * The asks still waiting (open, or matched: claimed is not reached) made
 * at or before the ISO time before where no call has reached the person
 * (call.h), oldest first, at most limit, each with "calls": how many were
 * tried. 0 and *out, or -1 with p.
 */
int need_unreached(struct db *, const char *before, int64_t limit, json_t **out,
    struct problem *);

#endif
