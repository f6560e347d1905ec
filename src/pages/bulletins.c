/* The bulletin: the issues, one issue with its forms, and its print. */
#include <string.h>

#include "pages.h"
#include "domain/bulletin.h"
#include "render/i18n.h"
#include "util/banned.h"

/* GET /bulletin — the issues the viewer may read; a coordinator's form. */
void
bulletins_list(struct request *req, struct view *v)
{
	if (bulletin_list(req->db, &req->viewer, &v->data, &v->problem) == -1)
		return;
	if (req->viewer.role >= ROLE_COORDINATOR)
		json_object_set_new(v->data, "values", json_object());
	v->template = "bulletins";
}

/* The list again, around its compose form sent with an error. */
void
bulletins_form(struct request *req, json_t *data)
{
	json_t *list = NULL;
	struct problem p = { 0 };

	if (bulletin_list(req->db, &req->viewer, &list, &p) == 0) {
		json_object_update_missing(data, list);
		json_decref(list);
	}
}

/*
 * POST /bulletin — 422 naming title; 201 with the draft, composed in the
 * language of the page it was asked from.
 */
void
bulletins_create(struct request *req, struct view *v)
{
	if (bulletin_compose(req->db, req->input, req->lang, &v->data,
		&v->problem) == 0)
		view_created(v, 201, "/bulletin/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/* KEY_day: the date of data's time KEY ("2026-12-05"). */
static void
bulletins_day(json_t *data, const char *key)
{
	const char *t = json_string_value(json_object_get(data, key));
	char name[32];

	snprintf(name, sizeof(name), "%s_day", key);
	if (t != NULL)
		json_object_set_new(data, name,
		    json_stringn(t, strnlen(t, 10)));
}

/*
 * What the page shows besides the issue: each section's heading in the
 * issue's language (the leaflet is in one language, whatever the page's),
 * the period's days, and for a coordinator the edit form's values.
 */
static void
bulletins_page(struct request *req, json_t *data)
{
	const char *lang = json_string_value(json_object_get(data, "language"));
	json_t *values = json_object_get(data, "values"), *row;
	char id[48];
	size_t i;

	json_array_foreach (json_object_get(data, "sections"), i, row) {
		snprintf(id, sizeof(id), "bulletin_section_%s",
		    json_string_value(json_object_get(row, "key")));
		json_object_set_new(row, "heading",
		    json_string(i18n_get(lang, id)));
		json_object_set_new(row, "label",
		    json_string(i18n_get(req->lang, id)));
		if (values != NULL)
			json_object_set(row, "value",
			    json_object_get(values,
				json_string_value(
				    json_object_get(row, "key"))));
		else
			json_object_set(row, "value",
			    json_object_get(row, "text"));
	}
	json_object_set_new(data, "heading_period",
	    json_string(i18n_get(lang, "bulletin_period")));
	json_object_set_new(data, "heading_no",
	    json_string(i18n_get(lang, "bulletin_no")));
	bulletins_day(data, "period_from");
	bulletins_day(data, "period_to");
	json_object_set_new(data, "draft",
	    json_boolean(
		strcmp(json_string_value(json_object_get(data, "status")),
		    "draft") == 0));
	if (values == NULL)
		json_object_set_new(data, "values",
		    json_pack("{s:O}", "title",
			json_object_get(data, "title")));
}

/* GET /bulletin/:id — 404 (a draft below an organizer, too); the issue. */
void
bulletins_show(struct request *req, struct view *v)
{
	if (bulletin_find(req->db, &req->viewer, req->id, &v->data,
		&v->problem) == -1)
		return;
	bulletins_page(req, v->data);
	v->template = "bulletin";
}

/* The issue again, around its edit form sent with an error. */
void
bulletins_again(struct request *req, json_t *data)
{
	json_t *issue = NULL;
	struct problem p = { 0 };

	if (bulletin_find(req->db, &req->viewer, req->id, &issue, &p) == -1)
		return;
	json_object_update_missing(data, issue);
	json_decref(issue);
	bulletins_page(req, data);
}

/* POST /bulletin/:id — 404; 422 naming title; 409 once published; 200. */
void
bulletins_update(struct request *req, struct view *v)
{
	if (bulletin_update(req->db, &req->viewer, req->id, req->input,
		&req->audit, &v->data, &v->problem) == 0)
		view_created(v, 200, "/bulletin/%lld", req->id);
}

/* POST /bulletin/:id/publish — 404; 409 when published already; 200. */
void
bulletins_publish(struct request *req, struct view *v)
{
	if (bulletin_publish(req->db, &req->viewer, req->id, req->input,
		&v->data, &v->problem) == 0)
		view_created(v, 200, "/bulletin/%lld", req->id);
}

/*
 * POST /bulletin/:id/sms — 404; 409 for a draft, a digest sent already or
 * no gateway; 200 with the issue, saying how many texts were queued.
 */
void
bulletins_sms(struct request *req, struct view *v)
{
	if (bulletin_sms(req->db, &req->viewer, req->id, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/bulletin/%lld", req->id);
}

/* POST /bulletin/:id/delete — 404; 409 once published; 200. */
void
bulletins_delete(struct request *req, struct view *v)
{
	if (bulletin_delete(req->db, req->id, &v->problem) == 0) {
		v->data = json_pack("{s:I, s:b}", "id", (json_int_t)req->id,
		    "deleted", 1);
		view_created(v, 200, "/bulletin", 0);
	}
}
