/*
 * Stock moves and the levels they add up to. A move brings an item into
 * a location (in), takes it out (out) or carries it from one location to
 * another (transfer), and is never edited: a mistake is undone by a new
 * move that reverses it. Each move changes the running level of its
 * locations in the same transaction and leaves an audit entry of its
 * own, wherever it was written from (the moves page, an ask fulfilled,
 * a session's gave-out, a count). stock_drift sums the moves again and
 * compares.
 *
 * A take is refused, with nothing written, when it would take more than
 * the location holds; only a correction may (what was counted is what is
 * there). Two takes of the last units at once cannot both pass: the
 * level is lowered by one UPDATE guarded by quantity >= the take, which
 * SQLite's one writer and PostgreSQL's row lock (re-checked after the
 * wait) both make atomic.
 */
#ifndef STOCK_H
#define STOCK_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* The most one move carries, in the item's unit: more is a typo. */
#define STOCK_QUANTITY_MAX 1000000

/* The kinds of move, NULL-ended (FIELD_CHOICE), in enum stock_kind order. */
extern const char *const stock_kinds[];
/* The reasons a move may be given, NULL-ended (FIELD_CHOICE). */
extern const char *const stock_reasons[];

enum stock_kind {
	STOCK_IN,
	STOCK_OUT,
	STOCK_TRANSFER,
	STOCK_KIND__MAX,
};

/*
 * POST /stock/moves. in and out name location_id; a transfer names
 * from_location_id and to_location_id instead, and its reason may be
 * left out ("transfer"). need_id (the ask it fulfils), session_id
 * (the session that gave it out) and event_id (the event that did) only
 * for an out move.
 */
enum stock_move_key {
	STOCK_MOVE_KIND,
	STOCK_MOVE_REASON,
	STOCK_MOVE_ITEM_ID,
	STOCK_MOVE_QUANTITY,
	STOCK_MOVE_LOCATION_ID,
	STOCK_MOVE_FROM_LOCATION_ID,
	STOCK_MOVE_TO_LOCATION_ID,
	STOCK_MOVE_NOTE,
	STOCK_MOVE_NEED_ID,
	STOCK_MOVE_SESSION_ID,
	STOCK_MOVE_EVENT_ID,
	STOCK_MOVE__MAX,
};

extern const struct field stock_move_fields[STOCK_MOVE__MAX + 1];

/* POST /stock/moves/:id/reverse: why, optionally. */
enum stock_reverse_key {
	STOCK_REVERSE_NOTE,
	STOCK_REVERSE__MAX,
};

extern const struct field stock_reverse_fields[STOCK_REVERSE__MAX + 1];

/* GET /stock/moves: at a location (either end), of an item, a kind. */
enum stock_list_key {
	STOCK_LIST_LOCATION_ID,
	STOCK_LIST_ITEM_ID,
	STOCK_LIST_KIND,
	STOCK_LIST_LIMIT,
	STOCK_LIST_OFFSET,
	STOCK_LIST__MAX,
};

extern const struct field stock_list_fields[STOCK_LIST__MAX + 1];

/*
 * Write one move from in (decoded by stock_move_fields) as who, inside
 * the caller's transaction, with its audit entry ("stock.move"). 422
 * naming the field: a reason that is not one of the kind's, a location
 * field the kind does not take or lacks, a transfer to where it comes
 * from, an item, location, ask or session that does not exist. 403 when
 * who is a volunteer and a location is not in one of their zones (or in
 * none). 409 (err_stock_short, {n} what is there) when it would take
 * more than the location holds and is not a correction. 0 and the new
 * move's id in *id, or -1 with p and nothing written by this call.
 */
int stock_move_add(struct db *, json_t *in, const struct viewer *who,
    int64_t *id, struct problem *);
/*
 * Write the move that undoes move id, as stock_move_add does: the same
 * item and quantity the other way, reason "reversal", note optional.
 * 404; 409 when id was reversed already (err_stock_reversed) or is a
 * reversal itself (err_stock_reversal), or when what it took back is no
 * longer there (err_stock_short), unless id was a correction; 403 as
 * above. 0 and the new id in *id, or -1 with p.
 */
int stock_reverse(struct db *, int64_t id, const char *note,
    const struct viewer *who, int64_t *new_id, struct problem *);
/*
 * The move id: {id, kind, reason, item_id, item_name, unit, quantity,
 * from_location_id, from_name, to_location_id, to_name, user_id,
 * user_login, at, note, need_id, session_id, reverses_id, event_id,
 * reversed_by}.
 * 404. 0, or -1 with p.
 */
int stock_move_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The moves, newest first: {items: [{id, kind, reason, item_id,
 * item_name, unit, quantity, from_location_id, from_name,
 * to_location_id, to_name, at, reverses_id}], total, limit, offset}.
 */
int stock_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The levels of location_id, one per item it has held or has a
 * threshold for, by item name: [{item_id, name, unit, quantity,
 * threshold}], threshold null where none is set, quantity 0 for an item
 * never moved there. Read from the running levels: one index range,
 * whatever the number of moves. A new array, or NULL on a database
 * error.
 */
json_t *stock_levels(struct db *, int64_t location_id);
/*
 * Every level that differs from the sum of its moves, and every sum
 * with no level: [{location_id, item_id, level, moves}] (level null
 * when missing). What `solidarity check` reports. A new array (empty
 * when nothing drifted), or NULL on a database error.
 */
json_t *stock_drift(struct db *);

#endif
