/* Counting a location at the shelf, and its stock sheet to print. */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/restock.h"
#include "domain/shelf.h"
#include "domain/stock.h"
#include "domain/tx.h"
#include "util/banned.h"

/*
 * Location id with its levels as "levels" (stock_levels, units in the
 * reader's words) and today's date. 0, or -1 with p.
 */
static int
shelf_location(struct request *req, int64_t id, json_t **out, struct problem *p)
{
	char today[CIVIL_DATE_LEN];
	json_t *levels;

	if (restock_location(req->db, id, out, p) == -1)
		return -1;
	levels = stock_levels(req->db, id);
	if (levels == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(req->db, p);
	}
	restock_units(req->lang, levels);
	json_object_set_new(*out, "has_levels",
	    json_boolean(json_array_size(levels) > 0));
	json_object_set_new(*out, "levels", levels);
	programs_today(today);
	json_object_set_new(*out, "today", json_string(today));
	return 0;
}

/* The count page's data: the location, its levels, every item. */
static int
shelf_page(struct request *req, json_t **out, struct problem *p)
{
	json_t *items;

	if (shelf_location(req, req->id, out, p) == -1)
		return -1;
	items = restock_items(req->db);
	if (items == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(req->db, p);
	}
	json_object_set_new(*out, "all_items", items);
	return 0;
}

/*
 * GET /locations/:id/count — 404; the location and what is on record of
 * each item there, each with a field for what is actually there, and
 * every item, for one found that is not on record.
 */
void
shelf_show(struct request *req, struct view *v)
{
	if (shelf_page(req, &v->data, &v->problem) == -1)
		return;
	/* A count follows a count: the levels must be the latest. */
	v->nocache = 1;
	v->template = "shelf_count";
}

/*
 * The count page again around a count refused: the error by the row of
 * its item (again), or by the form for another item.
 */
void
shelf_form(struct request *req, json_t *data)
{
	json_t *page = NULL, *item, *row;
	struct problem p = { 0 };
	int64_t want = 0, id;
	size_t i;
	int found = 0;

	if (shelf_page(req, &page, &p) == -1)
		return;
	item = json_object_get(json_object_get(data, "values"), "item_id");
	options_int(item, &want);
	json_array_foreach (json_object_get(page, "levels"), i, row) {
		id = json_integer_value(json_object_get(row, "item_id"));
		if (id == want) {
			json_object_set_new(row, "again", json_true());
			found = 1;
		}
	}
	json_object_set_new(page, "other_again", json_boolean(!found));
	options_mark(json_object_get(page, "all_items"), "id", item);
	json_object_update_missing(data, page);
	json_decref(page);
}

/*
 * POST /locations/:id/count — {item_id, quantity, note?}: 404; 403 for a
 * volunteer outside its zones; 422 naming item_id or quantity, nothing
 * written; 200 with {location_id, item_id, counted, was, difference,
 * move_id} (a correction move when they differ), a browser back on the
 * count page.
 */
void
shelf_post(struct request *req, struct view *v)
{
	if (shelf_count(req->db, req->id, req->input, &req->viewer, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 200, "/locations/%lld/count", req->id);
}

/*
 * GET /locations/:id/sheet — 404; the stock sheet to print: the location,
 * today's date, each item with what is on record and blank columns to
 * write what was counted.
 */
void
shelf_sheet(struct request *req, struct view *v)
{
	if (shelf_location(req, req->id, &v->data, &v->problem) == -1)
		return;
	v->template = "shelf_sheet";
}
