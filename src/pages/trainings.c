/* Training modules: the list, a new one, who completed one. */
#include "pages.h"
#include "domain/training.h"
#include "util/banned.h"

/* GET /trainings — every module with how many completed it. */
void
trainings_list(struct request *req, struct view *v)
{
	if (training_list(req->db, &v->data, &v->problem) == -1)
		return;
	v->template = "trainings";
}

/* The list again, around a form sent with an error. */
void
trainings_form(struct request *req, json_t *data)
{
	json_t *list = NULL;
	struct problem p;

	if (training_list(req->db, &list, &p) == 0) {
		json_object_update(data, list);
		json_decref(list);
	}
}

/* The list again after a 422 on a module's completion: each module's
 * form has its fields, their ids suffixed with the module's. */
void
trainings_complete_form(struct request *req, json_t *data)
{
	trainings_form(req, data);
	json_object_set_new(data, "anchors",
	    json_pack("{s:o,s:o}", "person_id",
		json_sprintf("person-%lld", (long long)req->id), "date",
		json_sprintf("date-%lld", (long long)req->id)));
}

/*
 * POST /trainings — 422 naming name or description, 409 naming name
 * when a module has it; nothing written. 201 with the module, a browser
 * back on the list.
 */
void
trainings_create(struct request *req, struct view *v)
{
	if (training_create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	view_created(v, 201, "/trainings", 0);
}

/*
 * POST /trainings/:id/completions — 404; 422 naming person_id or date;
 * 409 naming person_id when it is recorded already; nothing written.
 * 201 with the module and its count, a browser back on the list.
 */
void
trainings_complete(struct request *req, struct view *v)
{
	if (training_complete(req->db, req->id, req->input, req->viewer.user_id,
		&v->data, &v->problem) == -1)
		return;
	view_created(v, 201, "/trainings", 0);
}
