/* The pages shared by asks and offers. */
#include "board.h"
#include "pages.h"
#include "domain/input.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "domain/refs.h"
#include "domain/status.h"
#include "render/i18n.h"
#include "util/banned.h"

const struct field board_new_fields[BOARD_NEW__MAX + 1] = {
	[BOARD_NEW_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[BOARD_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* One post with the status moves it allows, labelled. */
static void
board_decorate(struct request *req, json_t *post)
{
	json_t *moves = status_moves(
	    json_string_value(json_object_get(post, "status")));

	i18n_label(req->lang, post);
	i18n_label(req->lang, moves);
	json_object_set_new(post, "moves", moves);
}

void
board_list(const struct board *b, struct request *req, struct view *v)
{
	if (b->list(req->db, req->input, &req->viewer, &v->data, &v->problem) ==
	    -1)
		return;
	privacy_each(&req->viewer, json_object_get(v->data, "items"),
	    b->reduce_listed);
	i18n_label(req->lang, json_object_get(v->data, "items"));
	json_object_set(v->data, "filter", req->input);
	/*
	 * The filter form's choices are the page's: a list asked for as
	 * JSON went without them (13% of a list's time, every zone and
	 * category read and labelled again for each page of asks).
	 */
	if (!req->want_json)
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
	if (input_get(chosen, refs_fields, REFS_PERSON_ID) != NULL)
		options_int(input_get(chosen, refs_fields, REFS_PERSON_ID),
		    &id);
	if (id > 0 && person_find(req->db, id, &person, &p) == 0) {
		privacy_person_brief(&req->viewer, person);
		if (input_get(chosen, refs_fields, REFS_ZONE_ID) == NULL)
			input_set(chosen, refs_fields, REFS_ZONE_ID,
			    json_incref(json_object_get(person, "zone_id")));
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
	view_created(v, 201, b->path_fmt,
	    json_integer_value(json_object_get(v->data, "id")));
	b->reduce(&req->viewer, v->data);
}

void
board_show(const struct board *b, struct request *req, struct view *v)
{
	if (b->find(req->db, req->id, privacy_zone_user(&req->viewer), &v->data,
		&v->problem) == -1)
		return;
	b->reduce(&req->viewer, v->data);
	board_decorate(req, v->data);
	v->template = b->one_page;
}

void
board_status(const struct board *b, struct request *req, struct view *v)
{
	if (b->set_status(req->db, req->id, req->input, &v->data, &req->audit,
		&v->problem) == -1)
		return;
	view_created(v, 200, b->path_fmt, req->id);
	b->reduce(&req->viewer, v->data);
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
	b->reduce(&req->viewer, post);
	board_decorate(req, post);
	json_object_update(data, post);
	json_decref(post);
}
