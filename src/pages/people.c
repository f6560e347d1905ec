/* People: list, page (their asks and offers side by side), forms. */
#include "pages.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "render/i18n.h"
#include "util/banned.h"

int
pages_contact_seen(struct request *req, struct view *v, int64_t person_id)
{
	if (privacy_seen(req->db, &req->viewer, person_id) == -1) {
		if (v != NULL)
			problem_set(&v->problem, PROBLEM_UNAVAILABLE,
			    "err_busy", NULL, 0);
		return -1;
	}
	/* A cached copy would be a view that leaves no entry. */
	if (v != NULL)
		v->nocache = 1;
	return 0;
}

/*
 * Reduce a person to what the viewer may see, recording contact data that
 * is shown; a browser sent on by a redirect is shown nothing. -1 with v's
 * problem when it could not be recorded.
 */
static int
people_private(struct request *req, struct view *v, json_t *person)
{
	int64_t id = json_integer_value(json_object_get(person, "id"));

	if (!privacy_person(&req->viewer, person))
		return 0;
	if (v->location != NULL && !req->want_json)
		return 0;
	return pages_contact_seen(req, v, id);
}

/* GET /people — 422 on bad filters; the list, names and zones only. */
void
people_list(struct request *req, struct view *v)
{
	if (person_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	privacy_people(&req->viewer, json_object_get(v->data, "items"));
	json_object_set(v->data, "filter", req->input);
	options_add(req, v->data, req->input);
	pager_add(req, v->data);
	v->template = "people";
}

void
people_form(struct request *req, json_t *data)
{
	json_t *person = NULL;
	struct problem p;

	options_add(req, data, json_object_get(data, "values"));
	if (req->id <= 0)
		return;
	json_object_set_new(data, "id", json_integer(req->id));
	/*
	 * Contact data the viewer may not see stays out of the form, which
	 * says instead what is on file ("masked"): a field left out keeps
	 * its value, where an empty one would clear it.
	 */
	if (!privacy_sees_all(&req->viewer) &&
	    person_find(req->db, req->id, &person, &p) == 0) {
		privacy_person(&req->viewer, person);
		json_object_set_new(data, "masked", person);
	}
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
	people_private(req, v, v->data);
}

/* A list object for the person page: their asks or their offers. */
static json_t *
people_side(struct request *req, int (*list)(struct db *, json_t *,
    int64_t, json_t **, struct problem *), struct problem *p)
{
	json_t *in = json_pack("{s:I,s:i}", "person_id", (json_int_t)req->id,
	    "limit", 50), *out = NULL;

	if (list(req->db, in, privacy_zone_user(&req->viewer), &out, p) == 0)
		i18n_label(req->lang, json_object_get(out, "items"));
	json_decref(in);
	return out;
}

/*
 * GET /people/:id — 404; the person (contact data for coordinators, each
 * view recorded), their asks and their offers.
 */
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
	privacy_needs(&req->viewer, json_object_get(needs, "items"));
	privacy_offers(&req->viewer, json_object_get(offers, "items"));
	i18n_label(req->lang, person);
	v->data = json_pack("{s:o,s:o,s:o}", "person", person, "needs", needs,
	    "offers", offers);
	if (people_private(req, v, person) == -1)
		return;
	v->template = "person";
}

/*
 * GET /people/:id/edit — 404; the form with the current values. Contact
 * data the viewer may not see is left out of the form, so that saving it
 * keeps what is on file.
 */
void
people_edit(struct request *req, struct view *v)
{
	json_t *person;

	if (person_find(req->db, req->id, &person, &v->problem) == -1)
		return;
	v->data = json_pack("{s:o}", "values", person);
	if (people_private(req, v, person) == -1)
		return;
	people_form(req, v->data);
	v->template = "person_form";
}

/* POST|PATCH /people/:id — 404, 422; 200 with the person. */
void
people_update(struct request *req, struct view *v)
{
	if (person_update(req->db, req->id, req->input, &v->data,
	    &v->problem) == -1)
		return;
	view_created(v, 200, "/people/%lld", req->id);
	people_private(req, v, v->data);
}
