/* Stock given out to an ask or at a session, through the move writer. */
#include <string.h>

#include "giveout.h"
#include "input.h"
#include "need.h"
#include "event.h"
#include "session.h"
#include "stock.h"
#include "tx.h"
#include "util/banned.h"

enum stmt {
	STMT_CATEGORY,
	STMT_PANEL_SESSION,
	STMT_PANEL_EVENT,
	STMT_FOR_CATEGORY,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CATEGORY */
	"SELECT category FROM item WHERE id = ?",
	/*
	 * STMT_PANEL_SESSION: a session's stock panel in one round trip, each
	 * row told by its part: what the session gave out (the index
	 * stock_move_session) in the order it was recorded, then every item
	 * and every location by name. Columns past a part's own are NULL.
	 */
	"SELECT 0 AS part, m.id, m.item_id, i.name, i.unit, m.quantity, "
	"m.from_location_id, c.name, m.at, (SELECT count(*) FROM stock_move "
	"r WHERE r.reverses_id = m.id), NULL AS sort_name FROM stock_move m "
	"JOIN item i ON i.id = m.item_id JOIN location c ON "
	"c.id = m.from_location_id WHERE m.session_id = ? "
	"UNION ALL SELECT 1, id, NULL, name, unit, NULL, NULL, category, NULL, "
	"NULL, name FROM item "
	"UNION ALL SELECT 2, id, NULL, name, kind, NULL, NULL, NULL, NULL, "
	"NULL, name FROM location ORDER BY part, sort_name, id",
	/* STMT_PANEL_EVENT: an event's, likewise (the index stock_move_event).
	 */
	"SELECT 0 AS part, m.id, m.item_id, i.name, i.unit, m.quantity, "
	"m.from_location_id, c.name, m.at, (SELECT count(*) FROM stock_move "
	"r WHERE r.reverses_id = m.id), NULL AS sort_name FROM stock_move m "
	"JOIN item i ON i.id = m.item_id JOIN location c ON "
	"c.id = m.from_location_id WHERE m.event_id = ? "
	"UNION ALL SELECT 1, id, NULL, name, unit, NULL, NULL, category, NULL, "
	"NULL, name FROM item "
	"UNION ALL SELECT 2, id, NULL, name, kind, NULL, NULL, NULL, NULL, "
	"NULL, name FROM location ORDER BY part, sort_name, id",
	/* STMT_FOR_CATEGORY: the index item_category, then each level */
	"SELECT l.location_id, c.name AS location_name, l.item_id, i.name, "
	"i.unit, l.quantity FROM item i JOIN stock_level l ON "
	"l.item_id = i.id JOIN location c ON c.id = l.location_id WHERE "
	"i.category = ? AND l.quantity > 0 ORDER BY i.name, i.id, c.name, "
	"c.id LIMIT 100",
};

const struct field giveout_fields[GIVEOUT__MAX + 1] = {
	[GIVEOUT_LOCATION_ID] = { "location_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[GIVEOUT_ITEM_ID] = { "item_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[GIVEOUT_QUANTITY] = { "quantity", FIELD_INT, FIELD_REQUIRED, 1,
	    STOCK_QUANTITY_MAX, NULL },
	[GIVEOUT_NOTE] = { "note", FIELD_LINE, 0, 1, 200, NULL },
	[GIVEOUT__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * The out-move of in (giveout_fields), given to the ask or the session
 * ref names (the move's need_id or session_id), as who. 0 and its id, or
 * -1 with p.
 */
static int
giveout_move(struct db *db, json_t *in, enum stock_move_key ref, int64_t id,
    const struct viewer *who, int64_t *move_id, struct problem *p)
{
	const struct field *f = stock_move_fields;
	json_t *move = json_object();
	int rc;

	input_set(move, f, STOCK_MOVE_KIND, json_string("out"));
	input_set(move, f, STOCK_MOVE_REASON, json_string("given"));
	input_copy(in, giveout_fields, GIVEOUT_LOCATION_ID, move, f,
	    STOCK_MOVE_LOCATION_ID);
	input_copy(in, giveout_fields, GIVEOUT_ITEM_ID, move, f,
	    STOCK_MOVE_ITEM_ID);
	input_copy(in, giveout_fields, GIVEOUT_QUANTITY, move, f,
	    STOCK_MOVE_QUANTITY);
	input_copy(in, giveout_fields, GIVEOUT_NOTE, move, f, STOCK_MOVE_NOTE);
	input_set(move, f, (int)ref, json_integer(id));
	rc = stock_move_add(db, move, who, move_id, p);
	json_decref(move);
	return rc;
}

/* Move ask id to status. 0, or -1 with p. */
static int
giveout_status(struct db *db, int64_t id, const char *status, struct problem *p)
{
	json_t *in = json_pack("{s:s}", "status", status), *out = NULL;
	struct audit_note note = { 0 };
	int rc = need_set_status(db, id, in, &out, &note, p);

	json_decref(in);
	json_decref(out);
	return rc;
}

/*
 * Whether ask may be met by item: an ask still waiting, an item of its
 * category. 0, or -1 with p (409 or 422).
 */
static int
giveout_fits(struct db *db, json_t *ask, int64_t item, struct problem *p)
{
	const char *status = json_string_value(json_object_get(ask, "status"));
	struct db_val arg = DBV_INT(item);
	json_t *row = NULL;
	int rc, fits;

	if (strcmp(status, "open") != 0 && strcmp(status, "matched") != 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_transition",
		    "status", 0);
	rc = db_row(db, stmts[STMT_CATEGORY], &arg, 1, &row);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_item", "item_id",
		    0);
	fits = strcmp(json_string_value(json_object_get(row, "category")),
		   json_string_value(json_object_get(ask, "category"))) == 0;
	json_decref(row);
	if (!fits)
		return problem_set(p, PROBLEM_INVALID, "err_stock_category",
		    "item_id", 0);
	return 0;
}

int
giveout_need(struct db *db, int64_t need_id, json_t *in,
    const struct viewer *who, struct audit_note *note, json_t **out,
    struct problem *p)
{
	json_t *ask = NULL;
	int64_t move_id = 0;
	int rc = -1;

	*out = NULL;
	if (need_lock(db, need_id, p) == -1 ||
	    need_find(db, need_id, 0, &ask, p) == -1)
		return -1;
	if (giveout_fits(db, ask,
		json_integer_value(
		    input_get(in, giveout_fields, GIVEOUT_ITEM_ID)),
		p) == -1 ||
	    giveout_move(db, in, STOCK_MOVE_NEED_ID, need_id, who, &move_id,
		p) == -1)
		goto out;
	if (strcmp(json_string_value(json_object_get(ask, "status")), "open") ==
		0 &&
	    giveout_status(db, need_id, "matched", p) == -1)
		goto out;
	if (giveout_status(db, need_id, "fulfilled", p) == -1)
		goto out;
	audit_note_move(note, json_string_value(json_object_get(ask, "status")),
	    "fulfilled");
	*out = json_pack("{s:I,s:I,s:s}", "move_id", (json_int_t)move_id,
	    "need_id", (json_int_t)need_id, "status", "fulfilled");
	rc = 0;
out:
	json_decref(ask);
	return rc;
}

int
giveout_session(struct db *db, int64_t session_id, json_t *in,
    const struct viewer *who, json_t **out, struct problem *p)
{
	json_t *s = NULL;
	int64_t move_id = 0;
	int cancelled;

	*out = NULL;
	if (session_find(db, session_id, &s, p) == -1)
		return -1;
	cancelled = strcmp(json_string_value(json_object_get(s, "status")),
			"cancelled") == 0;
	json_decref(s);
	if (cancelled)
		return problem_set(p, PROBLEM_CONFLICT, "err_giveout_cancelled",
		    NULL, 0);
	if (giveout_move(db, in, STOCK_MOVE_SESSION_ID, session_id, who,
		&move_id, p) == -1)
		return -1;
	return stock_move_find(db, move_id, out, p);
}

int
giveout_event(struct db *db, int64_t event_id, json_t *in,
    const struct viewer *who, json_t **out, struct problem *p)
{
	int64_t move_id = 0;

	*out = NULL;
	if (event_exists(db, event_id, p) == -1 ||
	    giveout_move(db, in, STOCK_MOVE_EVENT_ID, event_id, who, &move_id,
		p) == -1)
		return -1;
	return stock_move_find(db, move_id, out, p);
}

/* The panel's parts, the first column of STMT_PANEL_*. */
enum giveout_part {
	GIVEOUT_GAVE,
	GIVEOUT_ITEM,
	GIVEOUT_PLACE,
	GIVEOUT__PARTS,
};

/* One row of a STMT_PANEL_* into the list of its part (lists[part]). */
static int
giveout_panel_row(const struct db_cols *r, void *arg)
{
	json_t **lists = arg;
	int64_t part = db_col_int(r, 0);
	json_t *o;

	if (part == GIVEOUT_GAVE)
		o = json_pack("{s:I,s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:b}", "id",
		    (json_int_t)db_col_int(r, 1), "item_id",
		    (json_int_t)db_col_int(r, 2), "name", db_col_text(r, 3),
		    "unit", db_col_text(r, 4), "quantity",
		    (json_int_t)db_col_int(r, 5), "location_id",
		    (json_int_t)db_col_int(r, 6), "location_name",
		    db_col_text(r, 7), "at", db_col_text(r, 8), "reversed",
		    db_col_int(r, 9) > 0);
	else if (part == GIVEOUT_ITEM)
		o = json_pack("{s:I,s:s,s:s,s:s}", "id",
		    (json_int_t)db_col_int(r, 1), "name", db_col_text(r, 3),
		    "unit", db_col_text(r, 4), "category", db_col_text(r, 7));
	else
		o = json_pack("{s:I,s:s,s:s}", "id",
		    (json_int_t)db_col_int(r, 1), "name", db_col_text(r, 3),
		    "kind", db_col_text(r, 4));
	return json_array_append_new(lists[part], o);
}

/*
 * The stock panel stmt reads for id: what was given out, every item,
 * every location. 0, or -1 on error with nothing stored.
 */
static int
giveout_panel(struct db *db, enum stmt stmt, int64_t id, json_t **gave,
    json_t **items, json_t **places)
{
	struct db_val arg = DBV_INT(id);
	json_t *lists[GIVEOUT__PARTS];
	int i;

	for (i = 0; i < GIVEOUT__PARTS; i++)
		lists[i] = json_array();
	if (db_each(db, stmts[stmt], &arg, 1, giveout_panel_row, lists) == -1) {
		for (i = 0; i < GIVEOUT__PARTS; i++)
			json_decref(lists[i]);
		return -1;
	}
	*gave = lists[GIVEOUT_GAVE];
	*items = lists[GIVEOUT_ITEM];
	*places = lists[GIVEOUT_PLACE];
	return 0;
}

int
giveout_panel_session(struct db *db, int64_t id, json_t **gave, json_t **items,
    json_t **places)
{
	return giveout_panel(db, STMT_PANEL_SESSION, id, gave, items, places);
}

int
giveout_panel_event(struct db *db, int64_t id, json_t **gave, json_t **items,
    json_t **places)
{
	return giveout_panel(db, STMT_PANEL_EVENT, id, gave, items, places);
}

json_t *
giveout_for_category(struct db *db, const char *category)
{
	struct db_val arg = DBV_TEXT(category);

	return db_rows(db, stmts[STMT_FOR_CATEGORY], &arg, 1);
}
