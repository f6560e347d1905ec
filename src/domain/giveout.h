/*
 * Stock given out: to an ask, which the out-move fulfils in the same
 * transaction, or at a program's session or an event (leaflets and
 * books too: items like any other). All write through stock_move_add,
 * so a take past what is there is refused (409) and each move audits
 * itself.
 */
#ifndef GIVEOUT_H
#define GIVEOUT_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* POST /needs/:id/stock, /sessions/:id/stock and /events/:id/stock:
 * what, from where. */
enum giveout_key {
	GIVEOUT_LOCATION_ID,
	GIVEOUT_ITEM_ID,
	GIVEOUT_QUANTITY,
	GIVEOUT_NOTE,
	GIVEOUT__MAX,
};

extern const struct field giveout_fields[GIVEOUT__MAX + 1];

/*
 * Meet ask need_id from stock, as who, inside the caller's transaction:
 * the out-move ("given", naming the ask) and the ask to fulfilled
 * (through matched when open), which ends its claim. 404 for the ask;
 * 409 "err_transition" when it is fulfilled or closed already; 422
 * naming item_id for an item of another category than the ask's
 * ("err_stock_category"), and as stock_move_add; 409 "err_stock_short"
 * when the location holds less. The ask's move from its status to
 * fulfilled goes in note. 0 and {move_id, need_id, status} in *out, or
 * -1 with p and nothing written by this call.
 */
int giveout_need(struct db *, int64_t need_id, json_t *in,
    const struct viewer *who, struct audit_note *, json_t **out,
    struct problem *);
/*
 * Record what session session_id gave out, as who: an out-move
 * ("given", naming the session). 404; 409 "err_giveout_cancelled" for
 * a cancelled session; otherwise as stock_move_add (a volunteer only at
 * the locations of their zones). 0 and the move (stock_move_find) in
 * *out, or -1 with p.
 */
int giveout_session(struct db *, int64_t session_id, json_t *in,
    const struct viewer *who, json_t **out, struct problem *);
/*
 * Record what event event_id gave out (books, leaflets), as who: an
 * out-move ("given", naming the event). 404; otherwise as
 * stock_move_add. 0 and the move in *out, or -1 with p.
 */
int giveout_event(struct db *, int64_t event_id, json_t *in,
    const struct viewer *who, json_t **out, struct problem *);
/*
 * Session id's stock panel, in one read: what it gave out, in the order
 * it was recorded, into *gave: [{id, item_id, name, unit, quantity,
 * location_id, location_name, at, reversed}], reversed true for a move
 * undone since; every item by name into *items: [{id, name, unit,
 * category}]; every location by name into *places: [{id, name, kind}].
 * 0, or -1 on error with nothing stored.
 */
int giveout_panel_session(struct db *, int64_t id, json_t **gave,
    json_t **items, json_t **places);
/* Event id's stock panel, likewise. */
int giveout_panel_event(struct db *, int64_t id, json_t **gave, json_t **items,
    json_t **places);
/*
 * Where the items of category are, for an ask of it: [{location_id,
 * location_name, item_id, name, unit, quantity}] with quantity above
 * 0, by item then place, 100 at most. NULL on error.
 */
json_t *giveout_for_category(struct db *, const char *category);

#endif
