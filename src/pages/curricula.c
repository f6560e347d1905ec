/* Curricula: courses of events, and who completed them. */
#include "pages.h"
#include "domain/curriculum.h"
#include "domain/privacy.h"
#include "render/i18n.h"
#include "util/banned.h"

/* GET /curricula — every curriculum, by name; the form for organizers. */
void
curricula_list(struct request *req, struct view *v)
{
	if (curriculum_list(req->db, &v->data, &v->problem) == -1)
		return;
	v->template = "curricula";
}

/* The list again around the new curriculum's form sent with an error. */
void
curricula_form(struct request *req, json_t *data)
{
	json_t *list = NULL;
	struct problem p = { 0 };

	if (curriculum_list(req->db, &list, &p) == 0)
		json_object_update_missing(data, list);
	json_decref(list);
}

/* POST /curricula — 422 naming name or description, nothing written;
 * 201 with the curriculum. */
void
curricula_create(struct request *req, struct view *v)
{
	if (curriculum_create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	view_created(v, 201, "/curricula/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * GET /curricula/:id — 404; the curriculum and its events in order; for
 * organizers and above who came to them and who completed it (came to
 * every one).
 */
void
curricula_show(struct request *req, struct view *v)
{
	if (curriculum_find(req->db, req->id, &v->data, &v->problem) == -1)
		return;
	privacy_event_people(&req->viewer, v->data);
	i18n_label_as(req->lang, json_object_get(v->data, "events"), "kind",
	    "event_kind_");
	v->template = "curriculum";
}
