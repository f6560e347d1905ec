/* A campaign's action: who said they would come, who came, the structure. */
#include "pages.h"
#include "domain/action.h"
#include "domain/input.h"
#include "util/banned.h"

const struct field actions_show_fields[ACTIONS_SHOW__MAX + 1] = {
	[ACTIONS_SHOW_Q] = { "q", FIELD_LINE, 0, 1, 100, NULL },
	[ACTIONS_SHOW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The action id, labelled, with the people to pick from: 0, or -1. */
static int
actions_page(struct request *req, const char *q, json_t **out,
    struct problem *p)
{
	json_t *pick = NULL, *one;

	if (action_find(req->db, req->id, out, p) == -1)
		return -1;
	if (action_candidates(req->db, req->id, q, &pick, p) == -1) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	json_object_set_new(*out, "candidates", pick);
	json_object_set_new(*out, "searched", json_boolean(q != NULL));
	if (q != NULL)
		json_object_set_new(*out, "q", json_string(q));
	one = json_pack("[O]", *out);
	campaigns_label(req->lang, one, "kind", "action_kind_");
	json_decref(one);
	return 0;
}

/*
 * GET /actions/:id — 404; the action, its people, its structure test,
 * and the people to mark: the campaign's, or with ?q= those found.
 */
void
actions_show(struct request *req, struct view *v)
{
	if (actions_page(req,
		input_text(req->input, actions_show_fields, ACTIONS_SHOW_Q),
		&v->data, &v->problem) == -1)
		return;
	v->template = "action";
}

void
actions_mark_form(struct request *req, json_t *data)
{
	json_t *a = NULL;
	struct problem p = { 0 };

	if (actions_page(req, NULL, &a, &p) == 0)
		json_object_update(data, a);
	json_decref(a);
}

/*
 * POST /actions/:id/people — 404, 422 naming person_ids (none picked, or
 * an id of no one), first_name, rsvp or attended, nothing written; 200
 * with the action, the people picked (and a new one by first name) marked
 * as said (rsvp, attended: 1 or 0, absent 0).
 */
void
actions_mark(struct request *req, struct view *v)
{
	if (action_mark(req->db, req->id, req->input, &v->problem) == -1)
		return;
	view_created(v, 200, "/actions/%lld", req->id);
	action_find(req->db, req->id, &v->data, &v->problem);
}
