/*
 * Grievances: the list, the form that starts one (also prefilled from
 * /facing's rows), a grievance's page with its people, asks and
 * conversations and the form that changes it; and what an ask is about
 * (its target, tags and grievance) on the ask's page and form.
 * Organizers and above only (docs/privacy.md).
 */
#include "pages.h"
#include "domain/grievance.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "domain/target.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/tag.h"
#include "util/banned.h"

/* The people a search on the form offers to add, at most. */
#define GRIEVANCES_FOUND_MAX 20

const struct field grievance_new_fields[GRIEVANCE_NEW__MAX + 1] = {
	[GRIEVANCE_NEW_TITLE] = { "title", FIELD_LINE, 0, 0, 200, NULL },
	[GRIEVANCE_NEW_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[GRIEVANCE_NEW_TAGS] = { "tags", FIELD_TAGS, 0, 0, TAG_MAX, NULL },
	[GRIEVANCE_NEW_ZONE_IDS] = { "zone_ids", FIELD_IDS, 0, 0,
	    GRIEVANCE_ZONES_MAX, NULL },
	[GRIEVANCE_NEW_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 0,
	    GRIEVANCE_PEOPLE_MAX, NULL },
	[GRIEVANCE_NEW_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[GRIEVANCE_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field grievance_show_fields[GRIEVANCE_SHOW__MAX + 1] = {
	[GRIEVANCE_SHOW_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[GRIEVANCE_SHOW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * The ids of v as a form holds them: an array of ids (typed, or text
 * sent again), or one id alone; a new array of integers.
 */
static json_t *
grievances_ids(json_t *v)
{
	json_t *ids = json_array(), *one;
	int64_t id;
	size_t i;

	if (!json_is_array(v)) {
		if (options_int(v, &id) == 0 && id > 0)
			json_array_append_new(ids, json_integer(id));
		return ids;
	}
	json_array_foreach (v, i, one)
		if (options_int(one, &id) == 0 && id > 0)
			json_array_append_new(ids, json_integer(id));
	return ids;
}

/* Whether ids (integers) holds id. */
static int
grievances_has(json_t *ids, json_int_t id)
{
	json_t *v;
	size_t i;

	json_array_foreach (ids, i, v)
		if (json_integer_value(v) == id)
			return 1;
	return 0;
}

/* Mark "checked" the rows of list whose id is in ids. */
static void
grievances_check(json_t *list, json_t *ids)
{
	json_t *row;
	size_t i;

	json_array_foreach (list, i, row)
		if (grievances_has(ids,
			json_integer_value(json_object_get(row, "id"))))
			json_object_set_new(row, "checked", json_true());
}

/*
 * Tags as the form's one field shows them: those kept, joined by ", ",
 * or the text sent again.
 */
static json_t *
grievances_tags_text(json_t *v)
{
	struct buf b = BUF_INIT;
	json_t *one, *text;
	size_t i;

	if (json_is_string(v))
		return json_incref(v);
	json_array_foreach (v, i, one) {
		if (!json_is_string(one))
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, json_string_value(one));
	}
	text = json_stringn(b.len > 0 ? b.ptr : "", b.len);
	buf_free(&b);
	return text;
}

/*
 * The targets of a form ("targets": {id, name, selected}) with chosen
 * selected, and tags_text for its tags field from values.
 */
static void
grievances_target_choices(struct request *req, json_t *data, json_t *chosen,
    json_t *tags)
{
	json_t *targets = NULL;
	struct problem p;

	if (target_options(req->db, &targets, &p) == 0) {
		options_mark(targets, "id", chosen);
		json_object_set_new(data, "targets", targets);
	}
	json_object_set_new(data, "tags_text", grievances_tags_text(tags));
}

/*
 * The people of the form: those of values (checked), then those a search
 * for q finds that are not among them (to tick).
 */
static void
grievances_people(struct request *req, json_t *data, json_t *ids, const char *q)
{
	json_t *people = NULL, *in, *found = NULL, *row;
	struct problem p;
	size_t i;

	if (grievance_people_named(req->db, ids, &people, &p) == -1)
		return;
	json_array_foreach (people, i, row)
		json_object_set_new(row, "checked", json_true());
	if (q != NULL && *q != '\0') {
		in = json_object();
		input_set(in, person_list_fields, PERSON_LIST_Q,
		    json_string(q));
		input_set(in, person_list_fields, PERSON_LIST_LIMIT,
		    json_integer(GRIEVANCES_FOUND_MAX));
		if (person_list(req->db, in, 0, &found, &p) == 0)
			json_array_foreach (json_object_get(found, "items"), i,
			    row)
				if (!grievances_has(ids,
					json_integer_value(
					    json_object_get(row, "id"))))
					json_array_append_new(people,
					    json_pack("{s:O,s:O}", "id",
						json_object_get(row, "id"),
						"name",
						json_object_get(row, "name")));
		json_object_set_new(data, "searched", json_true());
		json_decref(found);
		json_decref(in);
	}
	json_object_set_new(data, "people", people);
}

/*
 * Everything a grievance's form shows from its values: the targets, the
 * tags as text, the zones (checked as chosen), the people (as
 * grievances_people), and the ids kept by the search form.
 */
static void
grievances_choices(struct request *req, json_t *data, json_t *values,
    const char *q)
{
	const struct field *f = grievance_fields;
	json_t *zones = NULL, *zone_ids, *person_ids;
	struct problem p;

	grievances_target_choices(req, data,
	    input_get(values, f, GRIEVANCE_TARGET_ID),
	    input_get(values, f, GRIEVANCE_TAGS));
	zone_ids = grievances_ids(input_get(values, f, GRIEVANCE_ZONE_IDS));
	if (zone_options(req->db, &zones, &p) == 0) {
		grievances_check(zones, zone_ids);
		json_object_set_new(data, "zones", zones);
	}
	person_ids = grievances_ids(input_get(values, f, GRIEVANCE_PERSON_IDS));
	grievances_people(req, data, person_ids, q);
	json_object_set_new(data, "zone_ids", zone_ids);
	json_object_set_new(data, "person_ids", person_ids);
}

/* GET /grievances — 422 on a bad filter; the page of grievances. */
void
grievances_list(struct request *req, struct view *v)
{
	json_t *targets = NULL;
	struct problem p;

	if (grievance_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	json_object_set(v->data, "filter", req->input);
	if (target_options(req->db, &targets, &p) == 0) {
		options_mark(targets, "id",
		    input_get(req->input, grievance_list_fields,
			GRIEVANCE_LIST_TARGET_ID));
		json_object_set_new(v->data, "targets", targets);
	}
	json_object_set_new(v->data, "tag_text",
	    grievances_tags_text(input_get(req->input, grievance_list_fields,
		GRIEVANCE_LIST_TAG)));
	pager_add(req, v->data);
	v->template = "grievances";
}

/* The filters again after a 422, as typed: no grievances listed. */
void
grievances_list_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *targets = NULL;
	struct problem p;

	json_object_set(data, "filter", values);
	if (target_options(req->db, &targets, &p) == 0) {
		options_mark(targets, "id",
		    json_object_get(values, "target_id"));
		json_object_set_new(data, "targets", targets);
	}
	json_object_set_new(data, "tag_text",
	    grievances_tags_text(json_object_get(values, "tag")));
}

/*
 * GET /grievances/new — 422 on a bad value; the form, prefilled from
 * the query (title, target_id, tags, zone_ids, person_ids), with the
 * people a search for q finds.
 */
void
grievances_new(struct request *req, struct view *v)
{
	json_t *values = json_deep_copy(req->input);

	input_del(values, grievance_new_fields, GRIEVANCE_NEW_Q);
	v->data = json_pack("{s:o}", "values", values);
	grievances_choices(req, v->data, values,
	    input_text(req->input, grievance_new_fields, GRIEVANCE_NEW_Q));
	json_object_set(v->data, "q",
	    input_get(req->input, grievance_new_fields, GRIEVANCE_NEW_Q));
	v->template = "grievance_form";
}

/*
 * POST /grievances — 422 naming the field (a title missing, a bad tag, a
 * target, zone or person that is none); 201 with the grievance.
 */
void
grievances_create(struct request *req, struct view *v)
{
	if (grievance_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/grievances/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/* The new grievance's form again, with what was sent. */
void
grievances_form(struct request *req, json_t *data)
{
	grievances_choices(req, data, json_object_get(data, "values"), NULL);
}

/* The edit form's values: the grievance as it is, as a form holds it. */
static json_t *
grievances_values(json_t *g)
{
	json_t *values = json_object();
	int k;

	for (k = 0; k < GRIEVANCE__MAX; k++)
		input_copy(g, grievance_fields, k, values, grievance_fields, k);
	return values;
}

/*
 * GET /grievances/:id — 404; the grievance, its people, places, asks
 * and conversations, and the form that changes it, with the people a
 * search for q finds to add.
 */
void
grievances_show(struct request *req, struct view *v)
{
	json_t *g, *values;

	if (grievance_find(req->db, req->id, &g, &v->problem) == -1)
		return;
	i18n_label(req->lang, json_object_get(g, "asks"));
	values = grievances_values(g);
	v->data = json_pack("{s:o,s:o}", "grievance", g, "values", values);
	grievances_choices(req, v->data, values,
	    input_text(req->input, grievance_show_fields, GRIEVANCE_SHOW_Q));
	json_object_set(v->data, "q",
	    input_get(req->input, grievance_show_fields, GRIEVANCE_SHOW_Q));
	v->template = "grievance";
}

/*
 * POST|PATCH /grievances/:id — 404; 422 naming the field; 200 with the
 * grievance, a set given (tags, zone_ids, person_ids) its whole new set.
 */
void
grievances_update(struct request *req, struct view *v)
{
	if (grievance_update(req->db, req->id, req->input, &v->data,
		&req->audit, &v->problem) == 0)
		view_created(v, 200, "/grievances/%lld", req->id);
}

/* The grievance's page again, around its edit form sent with an error. */
void
grievances_edit_form(struct request *req, json_t *data)
{
	json_t *g;
	struct problem p;

	if (grievance_find(req->db, req->id, &g, &p) == 0) {
		i18n_label(req->lang, json_object_get(g, "asks"));
		json_object_set_new(data, "grievance", g);
	}
	grievances_choices(req, data, json_object_get(data, "values"), NULL);
}

/*
 * Into an ask's form data: the targets and grievances to choose from,
 * selected as in values, and its tags as text.
 */
void
grievances_ask_choices(struct request *req, json_t *data, json_t *values)
{
	json_t *list = NULL;
	struct problem p;

	grievances_target_choices(req, data,
	    input_get(values, need_link_fields, NEED_LINK_TARGET_ID),
	    input_get(values, need_link_fields, NEED_LINK_TAGS));
	if (grievance_options(req->db, &list, &p) == 0) {
		options_mark(list, "id",
		    input_get(values, need_link_fields,
			NEED_LINK_GRIEVANCE_ID));
		json_object_set_new(data, "grievances", list);
	}
}

int
grievances_of_ask(struct request *req, json_t *ask, struct problem *p)
{
	if (req->viewer.role < ROLE_ORGANIZER)
		return 0;
	if (need_links(req->db, req->id, ask, p) == -1)
		return -1;
	json_object_set_new(ask, "show_links", json_true());
	grievances_ask_choices(req, ask, ask);
	return 0;
}

/*
 * POST|PATCH /needs/:id — 404; 422 naming target_id, grievance_id or
 * tags; 200 with the ask and what it is about.
 */
void
needs_relink(struct request *req, struct view *v)
{
	if (need_relink(req->db, req->id, req->input, &v->data, &req->audit,
		&v->problem) == -1)
		return;
	privacy_need(&req->viewer, v->data);
	view_created(v, 200, "/needs/%lld", req->id);
}
