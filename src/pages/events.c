/* Political education: events, their reading list, RSVPs and attendance. */
#include <string.h>

#include "pages.h"
#include "domain/curriculum.h"
#include "domain/event.h"
#include "domain/event_people.h"
#include "domain/giveout.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "render/i18n.h"
#include "util/banned.h"

static const char *const events_only[] = { "found", NULL };

const struct field events_show_fields[EVENTS_SHOW__MAX + 1] = {
	[EVENTS_SHOW_Q] = { "q", FIELD_LINE, 0, 1, 100, NULL },
	[EVENTS_SHOW_ONLY] = { "only", FIELD_CHOICE, 0, 0, 0, events_only },
	[EVENTS_SHOW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The list of events and the new one's choices into data. 0, or -1. */
static int
events_page(struct request *req, json_t *data, struct problem *p)
{
	json_t *list = NULL, *curricula = NULL,
	       *values = json_object_get(data, "values");

	if (event_list(req->db, &list, p) == -1)
		return -1;
	if (curriculum_list(req->db, &curricula, p) == -1) {
		json_decref(list);
		return -1;
	}
	i18n_label_as(req->lang, json_object_get(list, "items"), "kind",
	    "event_kind_");
	options_mark(json_object_get(curricula, "items"), "id",
	    json_object_get(values, "curriculum"));
	json_object_update_missing(data, list);
	json_object_set(data, "curricula", json_object_get(curricula, "items"));
	json_object_set_new(data, "kinds",
	    options_kinds(req->lang, event_kinds, "event_kind_",
		json_object_get(values, "kind")));
	json_decref(list);
	json_decref(curricula);
	return 0;
}

/* GET /events — every event, the latest first; the form for organizers. */
void
events_list(struct request *req, struct view *v)
{
	v->data = json_object();
	if (events_page(req, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	v->template = "events";
}

/* The list again around the new event's form sent with an error. */
void
events_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };

	events_page(req, data, &p);
}

/*
 * POST /events — 422 naming name, kind, date, time or curriculum,
 * nothing written; 201 with the event.
 */
void
events_create(struct request *req, struct view *v)
{
	if (event_create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	i18n_label_as(req->lang, v->data, "kind", "event_kind_");
	view_created(v, 201, "/events/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * The event page's data: the event, its reading list, what it gave out
 * and the stock form's choices; who said they would come and who came,
 * and the people q finds, for organizers and above.
 */
static int
events_event(struct request *req, struct view *v, const char *q, json_t **out,
    struct problem *p)
{
	json_t *people = NULL, *one;

	if (event_find(req->db, req->id, out, p) == -1)
		return -1;
	if (giveout_event_add(req, req->id, *out, p) == -1 ||
	    event_people_list(req->db, req->id, &people, p) == -1 ||
	    people_found(req, v, q, *out, p) == -1) {
		json_decref(people);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	json_object_set_new(*out, "attended",
	    json_integer((json_int_t)json_array_size(
		json_object_get(people, "attendance"))));
	json_object_set_new(*out, "rsvp_count",
	    json_integer(
		(json_int_t)json_array_size(json_object_get(people, "rsvps"))));
	json_object_update(*out, people);
	json_decref(people);
	privacy_event_people(&req->viewer, *out);
	json_object_set_new(*out, "base",
	    json_sprintf("/events/%lld", (long long)req->id));
	one = json_pack("[O]", *out);
	i18n_label_as(req->lang, one, "kind", "event_kind_");
	json_decref(one);
	return 0;
}

/*
 * The search alone, for the search as you type (static/find.js). 404, as
 * the page.
 */
static void
events_found(struct request *req, struct view *v, const char *q)
{
	if (event_exists(req->db, req->id, &v->problem) == -1)
		return;
	v->data = json_object();
	if (people_found(req, v, q, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
	}
}

/*
 * GET /events/:id — 404; the event, its reading list, what it gave out;
 * for organizers and above who said they would come, who came, and with
 * ?q= the people found to sign in (as GET /sessions/:id). In JSON,
 * ?only=found answers the search alone.
 */
void
events_show(struct request *req, struct view *v)
{
	const char *q = input_text(req->input, events_show_fields,
	    EVENTS_SHOW_Q);

	if (req->want_json &&
	    input_text(req->input, events_show_fields, EVENTS_SHOW_ONLY) !=
		NULL) {
		events_found(req, v, q);
		return;
	}
	if (events_event(req, v, q, &v->data, &v->problem) == -1)
		return;
	v->template = "event";
}

/* The event page again around one of its forms sent with an error. */
void
events_again(struct request *req, json_t *data)
{
	json_t *page = NULL;
	struct problem p = { 0 };

	if (events_event(req, NULL, NULL, &page, &p) == 0)
		json_object_update_missing(data, page);
	json_decref(page);
}

/*
 * POST /events/:id/materials — 404, 422 naming title, link or note,
 * nothing written; 201 with the text, a browser back on the event.
 */
void
events_material(struct request *req, struct view *v)
{
	if (event_material_add(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/events/%lld", req->id);
}

/*
 * POST /events/:id/rsvps — 404, 422 naming person_id or name, 409 when
 * they said so already, nothing written; 201 with the row.
 */
void
events_rsvp(struct request *req, struct view *v)
{
	if (event_people_rsvp(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/events/%lld", req->id);
}

/*
 * POST /events/:id/attendance — 404, 422 naming person_id or name, 409
 * when signed in already, nothing written; 201 with the row.
 */
void
events_attend(struct request *req, struct view *v)
{
	if (event_people_attend(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/events/%lld", req->id);
}
