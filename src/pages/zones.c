/* Zones: the list, the form to add one, and a zone's page and edit form. */
#include "pages.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "domain/zone.h"
#include "util/num.h"
#include "util/banned.h"

static void zones_choices(struct request *, json_t *, int64_t);

/* GET /zones — the zones with their open asks; a volunteer's only. */
void
zones_list(struct request *req, struct view *v)
{
	if (zone_list(req->db, req->input, privacy_zone_user(&req->viewer),
		&v->data, &v->problem) == -1)
		return;
	pager_add(req, v->data);
	/* The form that adds a zone is for those who may. */
	if (req->viewer.role >= ROLE_COORDINATOR)
		zones_choices(req, v->data, 0);
	v->template = "zones";
}

/*
 * An id as a form shown again holds it: an integer (decoded), or the
 * text sent (a form with an error); 0 for anything else.
 */
static int64_t
zones_id(json_t *v)
{
	int64_t id = 0;

	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v) &&
	    num_parse_int(json_string_value(v), json_string_length(v), 1,
		INT64_MAX, &id) == -1)
		return 0;
	return id;
}

/* Whether id is one of ids, as zones_id reads them. */
static int
zones_listed(json_t *ids, int64_t id)
{
	json_t *v;
	size_t i;

	json_array_foreach (ids, i, v)
		if (zones_id(v) == id)
			return 1;
	return 0;
}

/*
 * The other zones as the neighbours' checkboxes ("neighbours": [{id,
 * name, checked}]), checked as in the values shown (the form sent again)
 * or else the zone's own neighbours; and the parent's options. Every zone
 * but self (0: a new zone).
 */
static void
zones_choices(struct request *req, json_t *data, int64_t self)
{
	json_t *values = json_object_get(data, "values"), *all = NULL, *row;
	json_t *ids = input_get(values, zone_fields, ZONE_ADJACENT_IDS);
	json_t *mine = json_array(), *parents = json_array();
	int64_t id, parent;
	struct problem p;
	size_t i;

	if (ids == NULL)
		ids = json_object_get(json_object_get(data, "zone"),
		    "adjacent_ids");
	parent = zones_id(input_get(values, zone_fields, ZONE_PARENT_ID));
	if (zone_options(req->db, &all, &p) == 0)
		json_array_foreach (all, i, row) {
			id = json_integer_value(json_object_get(row, "id"));
			if (id == self)
				continue;
			json_array_append_new(mine,
			    json_pack("{s:I,s:O,s:b}", "id", (json_int_t)id,
				"name", json_object_get(row, "name"), "checked",
				zones_listed(ids, id)));
			json_array_append_new(parents,
			    json_pack("{s:I,s:O,s:b}", "id", (json_int_t)id,
				"name", json_object_get(row, "name"),
				"selected", id == parent));
		}
	json_decref(all);
	json_object_set_new(data, "neighbours", mine);
	json_object_set_new(data, "parents", parents);
}

/* The zones page is also the form that adds one. */
void
zones_form(struct request *req, json_t *data)
{
	json_t *list = NULL, *in = json_object();
	struct problem p;

	/* Only those who add zones see the form: every zone. */
	if (zone_list(req->db, in, 0, &list, &p) == 0)
		json_object_update(data, list);
	json_decref(list);
	json_decref(in);
	zones_choices(req, data, 0);
}

/* POST /zones — 422 on a bad or taken name, a bad neighbour; 201. */
void
zones_create(struct request *req, struct view *v)
{
	if (zone_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/zones/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * The edit form's values: the zone as it is, its parent and neighbours
 * as a form holds them.
 */
static json_t *
zones_values(json_t *zone)
{
	json_t *values = json_object();
	int k;

	for (k = 0; k < ZONE__MAX; k++)
		input_copy(zone, zone_fields, k, values, zone_fields, k);
	return values;
}

/*
 * GET /zones/:id — 404, also outside a volunteer's zones; the zone, its
 * parent, its neighbours and its open asks, and for a coordinator the
 * form that changes it.
 */
void
zones_show(struct request *req, struct view *v)
{
	json_t *zone;

	if (zone_find(req->db, req->id, privacy_zone_user(&req->viewer), &zone,
		&v->problem) == -1)
		return;
	v->data = json_pack("{s:o,s:o}", "values", zones_values(zone), "zone",
	    zone);
	if (req->viewer.role >= ROLE_COORDINATOR)
		zones_choices(req, v->data, req->id);
	v->template = "zone";
}

/* The zone page again, around its edit form sent with an error. */
void
zones_edit_form(struct request *req, json_t *data)
{
	json_t *zone;
	struct problem p;

	if (zone_find(req->db, req->id, 0, &zone, &p) == 0)
		json_object_set_new(data, "zone", zone);
	zones_choices(req, data, req->id);
}

/*
 * POST|PATCH /zones/:id — 404; 422 naming the field (a taken name, an
 * unknown parent or one under the zone, a neighbour that is no zone or
 * the zone itself); 200 with the zone, its neighbours the whole new set
 * when adjacent_ids is given.
 */
void
zones_update(struct request *req, struct view *v)
{
	if (zone_update(req->db, req->id, req->input, &v->data, &req->audit,
		&v->problem) == 0)
		view_created(v, 200, "/zones/%lld", req->id);
}
