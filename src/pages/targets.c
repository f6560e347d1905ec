/*
 * Targets: the list (also the type-ahead of a target field, in JSON), the
 * form to add one, and a target's page with its edit form.
 */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/target.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/banned.h"

/*
 * Into data, the choices of a target's form: its kinds ("kinds": [{kind,
 * kind_label, selected}]) and every zone as a place to tick ("places":
 * [{id, name, checked}]), as the values shown have them (the form sent
 * again) or else as the target has them (NULL: a new one).
 */
static void
targets_choices(struct request *req, json_t *data, json_t *target)
{
	json_t *values = json_object_get(data, "values"), *all = NULL, *row;
	json_t *ids = input_get(values, target_fields, TARGET_ZONE_IDS);
	json_t *kinds = json_array(), *places = json_array(), *id;
	json_t *kind = input_get(values, target_fields, TARGET_KIND);
	struct problem p;
	size_t i, k;
	int checked;
	int64_t n;

	if (ids == NULL)
		ids = json_object_get(target, "zone_ids");
	for (i = 0; target_kinds[i] != NULL; i++)
		json_array_append_new(kinds,
		    json_pack("{s:s,s:b}", "kind", target_kinds[i], "selected",
			json_is_string(kind) &&
			    strcmp(json_string_value(kind), target_kinds[i]) ==
				0));
	i18n_label_as(req->lang, kinds, "kind", "target_kind_");
	if (zone_options(req->db, &all, &p) == 0)
		json_array_foreach (all, i, row) {
			checked = 0;
			json_array_foreach (ids, k, id)
				if (options_int(id, &n) == 0 &&
				    n ==
					json_integer_value(
					    json_object_get(row, "id")))
					checked = 1;
			json_object_set_new(row, "checked",
			    json_boolean(checked));
			json_array_append(places, row);
		}
	json_decref(all);
	json_object_set_new(data, "kinds", kinds);
	json_object_set_new(data, "places", places);
}

/*
 * GET /targets — 422 on bad filters; the targets in name order (q finds
 * any part of a name, however typed: the type-ahead), and the form that
 * adds one.
 */
void
targets_list(struct request *req, struct view *v)
{
	if (target_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	i18n_label_as(req->lang, json_object_get(v->data, "items"), "kind",
	    "target_kind_");
	json_object_set(v->data, "filter", req->input);
	json_object_set_new(v->data, "values", json_object());
	targets_choices(req, v->data, NULL);
	pager_add(req, v->data);
	v->template = "targets";
}

/* The list again, around the new target's form sent with an error. */
void
targets_form(struct request *req, json_t *data)
{
	json_t *list = NULL, *in = json_object();
	struct problem p;

	if (target_list(req->db, in, &list, &p) == 0) {
		i18n_label_as(req->lang, json_object_get(list, "items"), "kind",
		    "target_kind_");
		json_object_update_missing(data, list);
	}
	json_decref(list);
	json_decref(in);
	targets_choices(req, data, NULL);
}

/* POST /targets — 422 naming the field (a name taken); 201. */
void
targets_create(struct request *req, struct view *v)
{
	if (target_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/targets/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/* The edit form's values: the target as it is. */
static json_t *
targets_values(json_t *target)
{
	json_t *values = json_object();
	int k;

	for (k = 0; k < TARGET__MAX; k++)
		input_copy(target, target_fields, k, values, target_fields, k);
	return values;
}

/*
 * GET /targets/:id — 404; the target, its places, links to its
 * conversations, and the form that changes it.
 */
void
targets_show(struct request *req, struct view *v)
{
	json_t *target;

	if (target_find(req->db, req->id, &target, &v->problem) == -1)
		return;
	i18n_label_as(req->lang, target, "kind", "target_kind_");
	v->data = json_pack("{s:o,s:O}", "values", targets_values(target),
	    "target", target);
	targets_choices(req, v->data, target);
	json_decref(target);
	v->template = "target";
}

/* The target's page again, around its edit form sent with an error. */
void
targets_edit_form(struct request *req, json_t *data)
{
	json_t *target = NULL;
	struct problem p;

	if (target_find(req->db, req->id, &target, &p) == 0) {
		i18n_label_as(req->lang, target, "kind", "target_kind_");
		json_object_set(data, "target", target);
	}
	targets_choices(req, data, target);
	json_decref(target);
}

/*
 * POST|PATCH /targets/:id — 404; 422 naming the field (a name another
 * target has, a place that is no zone); 200 with the target.
 */
void
targets_update(struct request *req, struct view *v)
{
	if (target_update(req->db, req->id, req->input, &v->data, &req->audit,
		&v->problem) == 0)
		view_created(v, 200, "/targets/%lld", req->id);
}
