/* What to restock: a location's list and thresholds, the network's view. */
#include <stdio.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/restock.h"
#include "domain/stock.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

/* The units of rows as the reader says them (unit_label), where known. */
void
restock_units(const char *lang, json_t *rows)
{
	i18n_label_as(lang, rows, "unit", "unit_");
}

/* The thresholds set at location id, from its levels. NULL on error. */
static json_t *
restock_thresholds_of(struct request *req, int64_t id)
{
	json_t *levels = stock_levels(req->db, id), *set, *row;
	size_t i;

	if (levels == NULL)
		return NULL;
	set = json_array();
	json_array_foreach (levels, i, row)
		if (json_is_integer(json_object_get(row, "threshold")))
			json_array_append(set, row);
	json_decref(levels);
	restock_units(req->lang, set);
	return set;
}

/*
 * The restock page of location id: the location, what it lacks, and for
 * coordinators its thresholds and the items to set one for. 0, or -1.
 */
static int
restock_page(struct request *req, int64_t id, json_t **out, struct problem *p)
{
	json_t *list = NULL, *set = NULL, *items = NULL;

	if (restock_location(req->db, id, out, p) == -1)
		return -1;
	if (restock_list(req->db, id, &list, p) == -1)
		goto fail;
	json_object_update(*out, list);
	json_decref(list);
	restock_units(req->lang, json_object_get(*out, "items"));
	if (req->viewer.role < ROLE_COORDINATOR)
		return 0;
	/* One read after another: a failure is told by the last one. */
	set = restock_thresholds_of(req, id);
	items = set != NULL ? restock_items(req->db) : NULL;
	if (items == NULL) {
		json_decref(set);
		tx_problem(req->db, p);
		goto fail;
	}
	json_object_set_new(*out, "thresholds", set);
	json_object_set_new(*out, "all_items", items);
	return 0;
fail:
	json_decref(*out);
	*out = NULL;
	return -1;
}

/*
 * GET /locations/:id/restock — 404; {…the location, items: [what is
 * below its threshold, bring, sources]} (restock.h); for coordinators
 * the thresholds set there and the form to set one.
 */
void
restock_show(struct request *req, struct view *v)
{
	if (restock_page(req, req->id, &v->data, &v->problem) == -1)
		return;
	v->template = "restock";
}

/* The restock page again around a threshold refused. */
void
restock_thresholds_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };
	json_t *page = NULL, *values = json_object_get(data, "values");

	if (restock_page(req, req->id, &page, &p) == 0) {
		options_mark(json_object_get(page, "all_items"), "id",
		    json_object_get(values, "item_id"));
		json_object_update_missing(data, page);
	}
	json_decref(page);
}

/*
 * POST /locations/:id/thresholds — 404; 422 naming item_id, threshold or
 * restock_to (below the threshold), nothing written; 200 with
 * {location_id, item_id, threshold, restock_to}, a browser back on the
 * restock page.
 */
void
restock_thresholds(struct request *req, struct view *v)
{
	if (restock_threshold_set(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 200, "/locations/%lld/restock", req->id);
}

/*
 * GET /stock — every item with a threshold, each at its location; ?low=1
 * only those below it (restock.h): 422 naming low, limit or offset.
 */
void
restock_low(struct request *req, struct view *v)
{
	if (restock_network(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	restock_units(req->lang, json_object_get(v->data, "items"));
	pager_add(req, v->data);
	v->template = "stock";
}
