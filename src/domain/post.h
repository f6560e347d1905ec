/*
 * What asks and offers share: a post on the network's board, with a
 * person, a category, a zone and the life in status.h. Each kind supplies
 * its statements and its insert; the rules live here once. The writes run
 * inside the caller's transaction (tx.h).
 */
#ifndef POST_H
#define POST_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "listing.h"
#include "util/problem.h"

struct audit_note;

/*
 * The statements are addresses of entries in the kind's stmts[] table: the
 * db layer caches prepared statements by the address of their text.
 */
struct post_kind {
	const char *const *find; /* one row by id, ? = id */
	/* The same, only within a user's zones: ? = id, ? = user_id. */
	const char *const *find_zones;
	/*
	 * SELECT id … WHERE id = ? FOR NO KEY UPDATE: the post's row,
	 * locked until the transaction ends (db_begin), so that what a
	 * write reads of it holds until it writes.
	 */
	const char *const *lock;
	/* UPDATE … SET status = ?, close_reason = ?, updated_at = ?
	 * WHERE id = ? AND status = ?  (the old status guards a race) */
	const char *const *set_status;
	/*
	 * INSERT … (the columns of fields, in key order, then status,
	 * close_reason, created_at, updated_at) … RETURNING id
	 */
	const char *const *insert;
	const struct field *fields; /* the input of a new post */
	/* How many of fields are columns of the INSERT (0: all of them). */
	size_t columns;
	const char *not_found; /* message id of the 404 */
	/*
	 * Optional: runs inside the transaction of an insert (from NULL,
	 * row the input) and of a status change (row the post as it was).
	 */
	int (
	    *moved)(struct db *, json_t *row, const char *from, const char *to);
	/* Optional: shapes each row found or listed for the caller. */
	void (*shape)(json_t *row);
	struct listing *listing; /* filters: status, zone_id, category,
				    person_id, q (a LIKE), and the
				    zones of a user (? = user_id) */
	/*
	 * Its table is zoned (db/change.h): a new post, or a list of one
	 * zone, touches that zone's rows of it (and of its tally) only.
	 */
	int zoned;
};

/* The filters and paging every list of posts takes. */
enum post_list_key {
	POST_LIST_STATUS,
	POST_LIST_ZONE_ID,
	POST_LIST_CATEGORY,
	POST_LIST_PERSON_ID,
	POST_LIST_Q,
	POST_LIST_LIMIT,
	POST_LIST_OFFSET,
	POST_LIST__MAX,
};

extern const struct field post_list_fields[POST_LIST__MAX + 1];

/*
 * One post by id; when zone_user is not 0, only if it lies in one of that
 * user's zones (a 404 alike otherwise, so nothing says it exists).
 */
int post_find(const struct post_kind *, struct db *, int64_t id,
    int64_t zone_user, json_t **out, struct problem *);
/*
 * Lock post id for the rest of the caller's transaction (post_kind.lock):
 * 0, or -1 with p (404 when there is none).
 */
int post_lock(const struct post_kind *, struct db *, int64_t id,
    struct problem *);
/*
 * Insert a post of kind k with the given status and creation time, inside
 * the caller's transaction; an optional reason in in (as status_fields
 * names it) becomes the close_reason. The new id, or -1.
 */
int64_t post_insert(const struct post_kind *, struct db *, json_t *in,
    const char *status, const char *created_at);
/* Check references, insert open, answer the row. */
int post_create(const struct post_kind *, struct db *, json_t *in, json_t **out,
    struct problem *);
/*
 * The same, in status (its reason in in, as post_insert takes it) as of
 * created_at: a post brought in from elsewhere, with its past.
 */
int post_create_at(const struct post_kind *, struct db *, json_t *in,
    const char *status, const char *created_at, json_t **out, struct problem *);
/*
 * Apply {status, reason?}: 404, 409 or 422 as status_check says. The move
 * is noted in note, for the audit entry.
 */
int post_set_status(const struct post_kind *, struct db *, int64_t id,
    json_t *in, json_t **out, struct audit_note *note, struct problem *);
/*
 * The values of the filters every list of posts takes, the first six
 * conditions of a kind's listing: status, zone_id, category, person_id
 * and q from in, and zone_user's zones unless it is 0.
 */
void post_list_vals(json_t *in, int64_t zone_user, struct db_val vals[6]);
/*
 * The paged list of kind k filtered by vals (one per condition of its
 * listing, DB_NULL where not filtered), each row shaped.
 */
int post_list(const struct post_kind *, struct db *, json_t *in,
    const struct db_val *vals, json_t **out, struct problem *);

#endif
