/* Locations: the list with the form that adds one, a location's stock. */
#include "pages.h"
#include "domain/input.h"
#include "domain/location.h"
#include "domain/stock.h"
#include "domain/tx.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/banned.h"

/* The choices of the location form, marked as in the values shown. */
static void
locations_choices(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *zones = NULL;
	struct problem p;

	json_object_set_new(data, "kinds",
	    options_kinds(req->lang, location_kinds, "location_kind_",
		input_get(values, location_fields, LOCATION_KIND)));
	if (zone_options(req->db, &zones, &p) == 0) {
		options_mark(zones, "id",
		    input_get(values, location_fields, LOCATION_ZONE_ID));
		json_object_set_new(data, "zones", zones);
	}
}

/* The list for in (the filters), labelled. 0 or -1 with p. */
static int
locations_of(struct request *req, json_t *in, json_t **out, struct problem *p)
{
	if (location_list(req->db, in, out, p) == -1)
		return -1;
	i18n_label_as(req->lang, json_object_get(*out, "items"), "kind",
	    "location_kind_");
	return 0;
}

/* GET /locations — 422 on a bad filter; the locations, and the form. */
void
locations_list(struct request *req, struct view *v)
{
	if (locations_of(req, req->input, &v->data, &v->problem) == -1)
		return;
	pager_add(req, v->data);
	if (req->viewer.role >= ROLE_COORDINATOR) {
		json_object_set_new(v->data, "values", json_object());
		locations_choices(req, v->data);
	}
	v->template = "locations";
}

/* The locations page again, around its form sent with an error. */
void
locations_form(struct request *req, json_t *data)
{
	pager_again(req, data, locations_of);
	locations_choices(req, data);
}

/*
 * POST /locations — 422 naming name, kind, zone_id or
 * take_what_you_need, nothing written; 201.
 */
void
locations_create(struct request *req, struct view *v)
{
	if (location_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/locations/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * GET /locations/:id — 404; the location and its stock, item by item
 * ({…, stock: [{item_id, name, unit, quantity, threshold, low}]}), low
 * true below the threshold.
 */
void
locations_show(struct request *req, struct view *v)
{
	json_t *stock, *row, *one, *min;
	size_t i;

	if (location_find(req->db, req->id, &v->data, &v->problem) == -1)
		return;
	stock = stock_levels(req->db, req->id);
	if (stock == NULL) {
		tx_problem(req->db, &v->problem);
		return;
	}
	json_array_foreach (stock, i, row) {
		min = json_object_get(row, "threshold");
		json_object_set_new(row, "low",
		    json_boolean(json_is_integer(min) &&
			json_integer_value(json_object_get(row, "quantity")) <
			    json_integer_value(min)));
	}
	i18n_label_as(req->lang, stock, "unit", "unit_");
	json_object_set_new(v->data, "stock", stock);
	one = json_pack("[O]", v->data);
	i18n_label_as(req->lang, one, "kind", "location_kind_");
	json_decref(one);
	v->template = "location";
}
