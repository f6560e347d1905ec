/* People: list, page (their asks and offers side by side), forms. */
#include "pages.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "render/i18n.h"
#include "util/banned.h"

/* GET /people — 422 on bad filters; the list. */
void
people_list(struct request *req, struct view *v)
{
	if (person_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	json_object_set(v->data, "filter", req->input);
	options_add(req, v->data, req->input);
	pager_add(req, v->data);
	v->template = "people";
}

void
people_form(struct request *req, json_t *data)
{
	options_add(req, data, json_object_get(data, "values"));
	if (req->id > 0)
		json_object_set_new(data, "id", json_integer(req->id));
}

/* GET /people/new — the empty form. */
void
people_new(struct request *req, struct view *v)
{
	v->data = json_pack("{s:{}}", "values");
	people_form(req, v->data);
	v->template = "person_form";
}

/* POST /people — 422 naming the field; 201 with the person. */
void
people_create(struct request *req, struct view *v)
{
	json_t *row;

	if (person_create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	row = json_object_get(v->data, "id");
	view_created(v, 201, "/people/%lld", json_integer_value(row));
}

/* A list object for the person page: their asks or their offers. */
static json_t *
people_side(struct request *req, int (*list)(struct db *, json_t *,
    json_t **, struct problem *), struct problem *p)
{
	json_t *in = json_pack("{s:I,s:i}", "person_id", (json_int_t)req->id,
	    "limit", 50), *out = NULL;

	if (list(req->db, in, &out, p) == 0)
		i18n_label(req->lang, json_object_get(out, "items"));
	json_decref(in);
	return out;
}

/* GET /people/:id — 404; the person, their asks and their offers. */
void
people_show(struct request *req, struct view *v)
{
	json_t *person, *needs, *offers;

	if (person_find(req->db, req->id, &person, &v->problem) == -1)
		return;
	needs = people_side(req, need_list, &v->problem);
	offers = people_side(req, offer_list, &v->problem);
	if (needs == NULL || offers == NULL) {
		json_decref(person);
		json_decref(needs);
		json_decref(offers);
		return;
	}
	v->data = json_pack("{s:o,s:o,s:o}", "person", person, "needs", needs,
	    "offers", offers);
	v->template = "person";
}

/* GET /people/:id/edit — 404; the form with the current values. */
void
people_edit(struct request *req, struct view *v)
{
	json_t *person;

	if (person_find(req->db, req->id, &person, &v->problem) == -1)
		return;
	v->data = json_pack("{s:o}", "values", person);
	people_form(req, v->data);
	v->template = "person_form";
}

/* POST|PATCH /people/:id — 404, 422; 200 with the person. */
void
people_update(struct request *req, struct view *v)
{
	if (person_update(req->db, req->id, req->input, &v->data,
	    &v->problem) == 0)
		view_created(v, 200, "/people/%lld", req->id);
}
