/* The pages shared by asks and offers. */
#include "board.h"
#include "pages.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "domain/status.h"
#include "render/i18n.h"
#include "util/banned.h"

/* One post with the status moves it allows, labelled. */
static void
board_decorate(struct request *req, json_t *post)
{
	json_t *moves = status_moves(json_string_value(json_object_get(post,
	    "status")));

	i18n_label(req->lang, post);
	i18n_label(req->lang, moves);
	json_object_set_new(post, "moves", moves);
}

/*
 * Reduce one post to what the viewer may see. Contact data that stays is
 * recorded first, and the page is never cached, so that every view of it
 * leaves its entry; when it cannot be recorded it is not shown. A post
 * that only goes back to a browser as a redirect shows nothing, so there
 * the contact is dropped rather than recorded. -1 with v's problem set.
 */
static int
board_private(const struct board *b, struct request *req, struct view *v,
    json_t *post)
{
	int64_t person_id = json_integer_value(json_object_get(post,
	    "person_id"));

	if (!b->reduce(&req->viewer, post))
		return 0;
	if (v != NULL && v->location != NULL && !req->want_json) {
		json_object_del(post, "contact");
		return 0;
	}
	if (pages_contact_seen(req, v, person_id) == -1) {
		json_object_del(post, "contact");
		return -1;
	}
	return 0;
}

void
board_list(const struct board *b, struct request *req, struct view *v)
{
	if (b->list(req->db, req->input, privacy_zone_user(&req->viewer),
	    &v->data, &v->problem) == -1)
		return;
	b->reduce_list(&req->viewer, json_object_get(v->data, "items"));
	i18n_label(req->lang, json_object_get(v->data, "items"));
	json_object_set(v->data, "filter", req->input);
	options_add(req, v->data, req->input);
	pager_add(req, v->data);
	v->template = b->list_page;
}

void
board_form(const struct board *b, struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *person = NULL;
	json_t *chosen = json_deep_copy(values ? values : req->raw);
	struct problem p;
	int64_t id = 0;

	/*
	 * Show whose ask or offer this is, and default to their zone. On a
	 * 422 the input failed its checks, so read the value as sent.
	 */
	if (json_object_get(chosen, "person_id") != NULL)
		options_int(json_object_get(chosen, "person_id"), &id);
	if (id > 0 && person_find(req->db, id, &person, &p) == 0) {
		privacy_person_brief(&req->viewer, person);
		if (json_object_get(chosen, "zone_id") == NULL)
			json_object_set(chosen, "zone_id",
			    json_object_get(person, "zone_id"));
		json_object_set_new(data, "person", person);
	}
	options_add(req, data, chosen);
	json_decref(chosen);
}

void
board_new(const struct board *b, struct request *req, struct view *v)
{
	v->data = json_pack("{s:O}", "values", req->input);
	board_form(b, req, v->data);
	v->template = b->form_page;
}

void
board_create(const struct board *b, struct request *req, struct view *v)
{
	if (b->create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	view_created(v, 201, b->path_fmt, json_integer_value(
	    json_object_get(v->data, "id")));
	board_private(b, req, v, v->data);
}

void
board_show(const struct board *b, struct request *req, struct view *v)
{
	if (b->find(req->db, req->id, privacy_zone_user(&req->viewer),
	    &v->data, &v->problem) == -1)
		return;
	if (board_private(b, req, v, v->data) == -1)
		return;
	board_decorate(req, v->data);
	v->template = b->one_page;
}

void
board_status(const struct board *b, struct request *req, struct view *v)
{
	if (b->set_status(req->db, req->id, req->input, &v->data,
	    &v->problem) == -1)
		return;
	view_created(v, 200, b->path_fmt, req->id);
	if (board_private(b, req, v, v->data) == -1)
		return;
	board_decorate(req, v->data);
}

void
board_status_form(const struct board *b, struct request *req, json_t *data)
{
	json_t *post = NULL;
	struct problem p;

	if (b->find(req->db, req->id, privacy_zone_user(&req->viewer), &post,
	    &p) == -1)
		return;
	/* A form shown again: not cached (a 422), recorded like a view. */
	board_private(b, req, NULL, post);
	board_decorate(req, post);
	json_object_update(data, post);
	json_decref(post);
}
