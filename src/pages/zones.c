/* Zones: the list and the form to add one. */
#include "pages.h"
#include "domain/privacy.h"
#include "domain/zone.h"
#include "util/banned.h"

/* GET /zones — the zones with their open asks; a volunteer's only. */
void
zones_list(struct request *req, struct view *v)
{
	if (zone_list(req->db, req->input, privacy_zone_user(&req->viewer),
		&v->data, &v->problem) == 0)
		v->template = "zones";
}

/* The zones page is also the form that adds one. */
void
zones_form(struct request *req, json_t *data)
{
	json_t *list = NULL, *in = json_object();
	struct problem p;

	/* Only those who add zones see the form: every zone. */
	if (zone_list(req->db, in, 0, &list, &p) == 0)
		json_object_update(data, list);
	json_decref(list);
	json_decref(in);
}

/* POST /zones — 422 on a bad or taken name; 201 with the zone. */
void
zones_create(struct request *req, struct view *v)
{
	if (zone_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/zones", 0);
}
