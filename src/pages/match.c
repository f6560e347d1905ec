/*
 * /match: the batch assignment of open asks to open offers, previewed
 * (GET) and applied (POST), for coordinators.
 */
#include <string.h>

#include "pages.h"
#include "domain/assign.h"
#include "domain/input.h"
#include "domain/reach.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/banned.h"

const struct field match_fields[MATCH__MAX + 1] = {
	[MATCH_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[MATCH__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The zone asked for, 0 for every zone. */
static int64_t
match_zone(struct request *req)
{
	return json_integer_value(
	    input_get(req->input, match_fields, MATCH_ZONE_ID));
}

/* The text of a reason code in the reader's language. */
static json_t *
match_reason_text(const char *lang, const char *code)
{
	struct buf id = BUF_INIT;
	json_t *s;

	buf_printf(&id, "reason_%s", code);
	s = json_string(i18n_get(lang, id.ptr));
	buf_free(&id);
	return s;
}

/* Each assignment's reasons as [{code, text}], as the ranking gives them. */
static void
match_reasons(const char *lang, json_t *rows)
{
	json_t *row, *code, *list;
	size_t i, k;

	json_array_foreach (rows, i, row) {
		list = json_array();
		json_array_foreach (json_object_get(row, "reasons"), k, code)
			json_array_append_new(list,
			    json_pack("{s:O,s:o}", "code", code, "text",
				match_reason_text(lang,
				    json_string_value(code))));
		json_object_set_new(row, "reasons", list);
	}
}

/* The zone filter's options, the chosen one selected. */
static void
match_zones(struct request *req, json_t *data)
{
	int64_t chosen = match_zone(req);
	json_t *list = NULL, *row;
	struct problem p = { 0 };
	size_t i;

	if (zone_options(req->db, &list, &p) == -1)
		return;
	json_array_foreach (list, i, row)
		if (json_integer_value(json_object_get(row, "id")) == chosen) {
			json_object_set_new(row, "selected", json_true());
			json_object_set_new(data, "zone_id",
			    json_integer(chosen));
		}
	json_object_set_new(data, "zones", list);
}

/* What the page shows beside the plan: labels, reasons, counts, zones. */
static void
match_page(struct request *req, json_t *data)
{
	json_t *met = json_object_get(data, "assignments");
	json_t *left = json_object_get(data, "unassigned"), *row;
	size_t i;

	i18n_label(req->lang, met);
	i18n_label(req->lang, left);
	match_reasons(req->lang, met);
	json_array_foreach (left, i, row)
		json_object_set_new(row, "reason_text",
		    match_reason_text(req->lang,
			json_string_value(json_object_get(row, "reason"))));
	json_object_set_new(data, "matched_count",
	    json_integer((json_int_t)json_array_size(met)));
	json_object_set_new(data, "left_count",
	    json_integer((json_int_t)json_array_size(left)));
	json_object_set_new(data, "radius", json_integer(reach_radius()));
	match_zones(req, data);
}

/* A preview offers to apply what it shows, when it shows anything. */
static void
match_can_apply(json_t *data)
{
	json_object_set_new(data, "can_apply",
	    json_boolean(
		json_array_size(json_object_get(data, "assignments")) > 0));
}

/* GET /match — 422 on a zone not there; the assignment it would make. */
void
match_show(struct request *req, struct view *v)
{
	if (assign_preview(req->db, match_zone(req), reach_radius(), 1,
		&v->data, &v->problem) == -1)
		return;
	match_page(req, v->data);
	json_object_set_new(v->data, "can_apply",
	    json_boolean(
		json_array_size(json_object_get(v->data, "assignments")) > 0));
	v->template = "match";
}

/*
 * POST /match — 422 on a zone not there; 200 with the assignment made,
 * worked out again inside the write's transaction, and "applied".
 */
void
match_run(struct request *req, struct view *v)
{
	if (assign_apply(req->db, &req->viewer, match_zone(req), reach_radius(),
		1, &v->data, &v->problem) == -1)
		return;
	match_page(req, v->data);
	json_object_set_new(v->data, "applied", json_true());
	v->template = "match";
	v->nocache = 1;
}

/*
 * The page again after a 422 (a zone not there): what every zone's asks
 * would get, and the filter to choose again.
 */
void
match_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };
	json_t *plan = NULL;

	if (assign_preview(req->db, 0, reach_radius(), 1, &plan, &p) == -1)
		plan = json_pack("{s:[],s:[]}", "assignments", "unassigned");
	json_object_update(data, plan);
	json_decref(plan);
	match_page(req, data);
	match_can_apply(data);
}
