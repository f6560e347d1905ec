/* Giving from stock: an ask met from a shelf, what a session or an event
 * gave out. */
#include <string.h>

#include "pages.h"
#include "domain/giveout.h"
#include "domain/need.h"
#include "domain/restock.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

/*
 * The page of ask id met from stock: the ask by category and status
 * (never its details or who asked), whether it still waits, and where
 * the items of its category are. 0, or -1 with p.
 */
static int
giveout_ask_page(struct request *req, json_t **out, struct problem *p)
{
	json_t *ask = NULL, *places;
	const char *status, *category;

	*out = NULL;
	if (need_find(req->db, req->id, 0, &ask, p) == -1)
		return -1;
	status = json_string_value(json_object_get(ask, "status"));
	category = json_string_value(json_object_get(ask, "category"));
	places = giveout_for_category(req->db, category);
	if (places == NULL) {
		json_decref(ask);
		return tx_problem(req->db, p);
	}
	restock_units(req->lang, places);
	*out = json_pack("{s:I,s:s,s:s,s:b,s:b,s:o}", "id", (json_int_t)req->id,
	    "category", category, "status", status, "waits",
	    strcmp(status, "open") == 0 || strcmp(status, "matched") == 0,
	    "has_places", json_array_size(places) > 0, "places", places);
	json_decref(ask);
	i18n_label(req->lang, *out);
	return 0;
}

/*
 * GET /needs/:id/stock — 404; where the items of the ask's category are,
 * each with a form to give from there (coordinators).
 */
void
giveout_ask_show(struct request *req, struct view *v)
{
	if (giveout_ask_page(req, &v->data, &v->problem) == -1)
		return;
	/* What is on the shelves changes with every move. */
	v->nocache = 1;
	v->template = "giveout_ask";
}

/* The page again around a gift refused, its error by its row. */
void
giveout_ask_form(struct request *req, json_t *data)
{
	json_t *page = NULL, *values = json_object_get(data, "values"), *row;
	struct problem p = { 0 };
	int64_t item = 0, place = 0;
	size_t i;

	if (giveout_ask_page(req, &page, &p) == -1)
		return;
	options_int(json_object_get(values, "item_id"), &item);
	options_int(json_object_get(values, "location_id"), &place);
	json_array_foreach (json_object_get(page, "places"), i, row)
		if (json_integer_value(json_object_get(row, "item_id")) ==
			item &&
		    json_integer_value(json_object_get(row, "location_id")) ==
			place)
			json_object_set_new(row, "again", json_true());
	json_object_update_missing(data, page);
	json_decref(page);
}

/*
 * POST /needs/:id/stock — {location_id, item_id, quantity, note?}: 404;
 * 409 when the ask is over or the location holds less; 422 naming a
 * field (an item of another category: item_id), nothing written; 201
 * with {move_id, need_id, status: "fulfilled"}, a browser on the ask.
 */
void
giveout_ask_post(struct request *req, struct view *v)
{
	if (giveout_need(req->db, req->id, req->input, &req->viewer,
		&req->audit, &v->data, &v->problem) == -1)
		return;
	view_created(v, 201, "/needs/%lld", req->id);
}

/* A domain read of a page's stock panel (giveout_panel_session, …). */
typedef int giveout_panel_fn(struct db *, int64_t id, json_t **gave,
    json_t **items, json_t **places);

/*
 * Add to page id's data what was given out there, and the items and
 * locations its form offers, as panel reads them. 0, or -1 with p.
 */
static int
giveout_page_add(struct request *req, giveout_panel_fn *panel, int64_t id,
    json_t *data, struct problem *p)
{
	json_t *gave, *items, *places;

	if (panel(req->db, id, &gave, &items, &places) == -1)
		return tx_problem(req->db, p);
	restock_units(req->lang, gave);
	json_object_set_new(data, "gave_out", gave);
	json_object_set_new(data, "has_stock",
	    json_boolean(
		json_array_size(items) > 0 && json_array_size(places) > 0));
	json_object_set_new(data, "give_items", items);
	json_object_set_new(data, "give_places", places);
	return 0;
}

int
giveout_session_add(struct request *req, int64_t id, json_t *data,
    struct problem *p)
{
	return giveout_page_add(req, giveout_panel_session, id, data, p);
}

int
giveout_event_add(struct request *req, int64_t id, json_t *data,
    struct problem *p)
{
	return giveout_page_add(req, giveout_panel_event, id, data, p);
}

/* The choices of a page's gave-out form sent with an error, marked. */
static void
giveout_again(json_t *data)
{
	json_t *values = json_object_get(data, "values");

	options_mark(json_object_get(data, "give_items"), "id",
	    json_object_get(values, "item_id"));
	options_mark(json_object_get(data, "give_places"), "id",
	    json_object_get(values, "location_id"));
}

/* The session's page again around a gave-out refused. */
void
giveout_session_form(struct request *req, json_t *data)
{
	json_object_set_new(data, "give_again", json_true());
	sessions_form(req, data);
	giveout_again(data);
}

/*
 * POST /sessions/:id/stock — {location_id, item_id, quantity, note?}:
 * 404; 409 for a cancelled session or a location that holds less; 403
 * for a volunteer outside the location's zones; 422 naming a field,
 * nothing written; 201 with the move, a browser back on the session.
 */
void
giveout_session_post(struct request *req, struct view *v)
{
	if (giveout_session(req->db, req->id, req->input, &req->viewer,
		&v->data, &v->problem) == -1)
		return;
	restock_units(req->lang, v->data);
	view_created(v, 201, "/sessions/%lld", req->id);
}

/* The event's page again around a gave-out refused. */
void
giveout_event_form(struct request *req, json_t *data)
{
	json_object_set_new(data, "give_again", json_true());
	events_again(req, data);
	giveout_again(data);
}

/*
 * POST /events/:id/stock — {location_id, item_id, quantity, note?}: 404;
 * 409 for a location that holds less; 422 naming a field, nothing
 * written; 201 with the move, a browser back on the event.
 */
void
giveout_event_post(struct request *req, struct view *v)
{
	if (giveout_event(req->db, req->id, req->input, &req->viewer, &v->data,
		&v->problem) == -1)
		return;
	restock_units(req->lang, v->data);
	view_created(v, 201, "/events/%lld", req->id);
}
