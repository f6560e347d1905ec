/* People: list, page (their asks and offers side by side), forms. */
#include <string.h>

#include "pages.h"
#include "domain/attendance.h"
#include "domain/contact.h"
#include "domain/event_people.h"
#include "domain/input.h"
#include "domain/ladder.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/post.h"
#include "domain/privacy.h"
#include "domain/retention.h"
#include "domain/role_held.h"
#include "domain/task.h"
#include "domain/training.h"
#include "render/i18n.h"
#include "util/window.h"
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
 * The windows of card at key (stored text), again as "KEY_text" with the
 * day names of the reader's language: "mar 17:00-20:00".
 */
static void
pages_windows_text(struct request *req, json_t *card, const char *key)
{
	const char *days[7],
	    *text = json_string_value(json_object_get(card, key));
	char id[sizeof("when_wday_00")], name[64];
	struct windows ws;
	struct buf b = BUF_INIT;
	int d;

	if (text == NULL || window_parse(text, &ws) == -1)
		return;
	/* The catalog counts from Sunday (when_wday_0), windows from Monday. */
	for (d = 0; d < 7; d++) {
		snprintf(id, sizeof(id), "when_wday_%d", (d + 1) % 7);
		days[d] = i18n_get(req->lang, id);
	}
	window_format(&ws, days, &b);
	snprintf(name, sizeof(name), "%s_text", key);
	json_object_set_new(card, name,
	    json_stringn(b.ptr ? b.ptr : "", b.len));
	buf_free(&b);
}

void
pages_contact_show(struct request *req, struct view *v, int64_t person_id)
{
	if (pages_contact_seen(req, v, person_id) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	pages_windows_text(req, v->data, "windows");
	pages_windows_text(req, v->data, "need_windows");
	v->template = "contact";
}

/*
 * Reduce a person being edited, or just written, to what the viewer may
 * see: a coordinator keeps the contact, and the view is recorded; a
 * browser sent on by a redirect is shown nothing, so nothing is recorded.
 * -1 with v's problem when it could not be recorded.
 */
static int
people_private(struct request *req, struct view *v, json_t *person)
{
	int64_t id = json_integer_value(json_object_get(person, "id"));

	if (!privacy_person_edit(&req->viewer, person))
		return 0;
	if (v->location != NULL && !req->want_json)
		return 0;
	return pages_contact_seen(req, v, id);
}

/*
 * GET /people — 422 on bad filters; the list, names and zones only. q is
 * a name; for those who may read contact (coordinators, admins) also a
 * phone or an email, each person so found recorded; 503 if it cannot be.
 */
void
people_list(struct request *req, struct view *v)
{
	if (privacy_people(req->db, &req->viewer, req->input, &v->data,
		&v->nocache, &v->problem) == -1)
		return;
	json_object_set(v->data, "filter", req->input);
	/* The filter form's choices, as board_list: a page's only. */
	if (!req->want_json)
		options_add(req, v->data, req->input);
	pager_add(req, v->data);
	v->template = "people";
}

int
people_rows(struct request *req, struct db *db, struct db_cursor **out,
    struct problem *p)
{
	return privacy_people_rows(req->db, db, &req->viewer, req->input, out,
	    p);
}

/* As privacy_people makes each row of the list brief. */
void
people_row(const struct viewer *v, json_t *row)
{
	privacy_person_brief(v, row);
}

void
people_form(struct request *req, json_t *data)
{
	json_t *person = NULL;
	struct problem p;
	json_t *values = json_object_get(data, "values");
	const char *sms = json_string_value(
	    json_object_get(values, "bulletin_sms"));

	/* A form sent again holds its "0" as text, which reads as yes. */
	if (sms != NULL)
		json_object_set_new(values, "bulletin_sms",
		    json_boolean(strcmp(sms, "1") == 0));
	options_add(req, data, values);
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

/* How many people one search at the door shows. */
#define PEOPLE_FOUND 20

/*
 * The people q finds, as /people finds them for this viewer: by name,
 * and for those who may read contact by phone or email too, each one so
 * found recorded (privacy_searched) and the page kept out of the cache.
 * Volunteers do not search people. 0, or -1 with p.
 */
int
people_found(struct request *req, struct view *v, const char *q, json_t *data,
    struct problem *p)
{
	json_t *in, *list = NULL, *items;
	int rc, recorded;

	if (q == NULL || req->viewer.role < ROLE_ORGANIZER)
		return 0;
	in = json_object();
	input_set(in, person_list_fields, PERSON_LIST_Q, json_string(q));
	input_set(in, person_list_fields, PERSON_LIST_LIMIT,
	    json_integer(PEOPLE_FOUND));
	rc = privacy_people(req->db, &req->viewer, in, &list, &recorded, p);
	json_decref(in);
	if (rc == -1)
		return -1;
	if (v != NULL && recorded)
		v->nocache = 1;
	items = json_incref(json_object_get(list, "items"));
	json_decref(list);
	json_object_set_new(data, "has_found",
	    json_boolean(json_array_size(items) > 0));
	json_object_set_new(data, "found", items);
	json_object_set_new(data, "searched", json_true());
	json_object_set_new(data, "q", json_string(q));
	return 0;
}

/*
 * A list object for the person page: their asks or their offers, of any
 * status (a list of asks takes "all"; NULL for offers, which take every
 * status by default).
 */
static json_t *
people_side(struct request *req,
    int (*list)(struct db *, json_t *, const struct viewer *, json_t **,
	struct problem *),
    const char *status, struct problem *p)
{
	json_t *in = json_object(), *out = NULL;

	input_set(in, post_list_fields, POST_LIST_PERSON_ID,
	    json_integer(req->id));
	input_set(in, post_list_fields, POST_LIST_LIMIT, json_integer(50));
	if (status != NULL)
		input_set(in, post_list_fields, POST_LIST_STATUS,
		    json_string(status));

	if (list(req->db, in, &req->viewer, &out, p) == 0)
		i18n_label(req->lang, json_object_get(out, "items"));
	json_decref(in);
	return out;
}

/*
 * Add the person's stage, membership and their histories, the training
 * they completed and the roles they held to data,
 * labelled in the reader's language. The route lets organizers and above
 * in, who may see them (docs/privacy.md). 0, or -1 with p and data
 * released.
 */
static int
people_ladder(struct request *req, json_t *data, struct problem *p)
{
	json_t *stages, *members, *trained = NULL, *roles = NULL;

	if (ladder_of_person(req->db, req->id, data, p) == -1 ||
	    training_of_person(req->db, req->id, &trained, p) == -1 ||
	    role_held_of_person(req->db, req->id, &roles, p) == -1) {
		json_decref(trained);
		json_decref(data);
		return -1;
	}
	i18n_label_as(req->lang, roles, "role", "role_held_");
	json_object_set_new(data, "trainings", trained);
	json_object_set_new(data, "roles", roles);
	stages = json_object_get(data, "stage_history");
	members = json_object_get(data, "membership_history");
	i18n_label_as(req->lang, data, "stage", "ladder_stage_");
	i18n_label_as(req->lang, stages, "stage", "ladder_stage_");
	i18n_label_as(req->lang, stages, "why", "ladder_why_");
	i18n_label_as(req->lang, json_object_get(data, "membership"), "status",
	    "membership_");
	i18n_label_as(req->lang, members, "status", "membership_");
	return 0;
}

/*
 * The person page's data: the person (contact masked), their asks and
 * their offers. 0 and *out, or -1 with p.
 */
static int
people_page(struct request *req, json_t **out, struct problem *p)
{
	json_t *person, *needs, *offers, *delivered = NULL, *came = NULL,
					 *events = NULL;

	*out = NULL;
	if (person_find(req->db, req->id, &person, p) == -1)
		return -1;
	needs = people_side(req, need_list, "all", p);
	offers = people_side(req, offer_list, NULL, p);
	if (needs == NULL || offers == NULL ||
	    person_delivered(req->db, req->id, &delivered, p) == -1 ||
	    attendance_of_person(req->db, req->id, &came, p) == -1 ||
	    event_people_of_person(req->db, req->id, &events, p) == -1) {
		json_decref(came);
		json_decref(delivered);
		json_decref(person);
		json_decref(needs);
		json_decref(offers);
		return -1;
	}
	i18n_label(req->lang, delivered);
	privacy_person(&req->viewer, person);
	privacy_each(&req->viewer, json_object_get(needs, "items"),
	    privacy_need_brief);
	privacy_each(&req->viewer, json_object_get(offers, "items"),
	    privacy_offer);
	i18n_label(req->lang, person);
	i18n_label_as(req->lang, came, "role", "attendance_role_");
	i18n_label_as(req->lang, events, "kind", "event_kind_");
	*out = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "person", person, "needs",
	    needs, "offers", offers, "delivered", delivered, "sessions", came,
	    "events", events);
	if (people_ladder(req, *out, p) == -1) {
		*out = NULL;
		return -1;
	}
	return 0;
}

/* The follow-ups about the person, with their outcomes (organizers up). */
static int
people_followups(struct request *req, struct view *v)
{
	json_t *rows;

	if (req->viewer.role < ROLE_ORGANIZER)
		return 0;
	if (task_of_person(req->db, req->id, &rows, &v->problem) == -1)
		return -1;
	i18n_label(req->lang, rows);
	json_object_set_new(v->data, "followups", rows);
	return 0;
}

/*
 * GET /people/:id — 404; the person (contact masked, with a way to ask
 * for it when allowed: nothing recorded), their asks and their offers,
 * their conversations and follow-ups (each look at a
 * conversation recorded, so then never cached).
 */
void
people_show(struct request *req, struct view *v)
{
	if (people_page(req, &v->data, &v->problem) == -1)
		return;
	if (conversations_of_person(req, v) == -1 ||
	    people_followups(req, v) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	v->template = "person";
}

/*
 * GET /people/:id/contact — 404, 503 when the view cannot be recorded;
 * the person's contact card, for coordinators, each view recorded.
 */
void
people_contact(struct request *req, struct view *v)
{
	if (contact_of_person(req->db, &req->viewer, req->id, &v->data,
		&v->problem) == -1)
		return;
	pages_contact_show(req, v, req->id);
}

/* The only value of confirm: a person is forgotten only when asked to. */
static const char *const people_confirm[] = { "yes", NULL };

const struct field people_forget_fields[PEOPLE_FORGET__MAX + 1] = {
	[PEOPLE_FORGET_CONFIRM] = { "confirm", FIELD_CHOICE, FIELD_REQUIRED, 0,
	    0, people_confirm },
	[PEOPLE_FORGET__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * POST /people/:id/forget — 422 naming confirm unless it is "yes", 404,
 * 409 for a person with a login (forgotten on the server only); 200 with
 * {id, forgotten: true}, and a browser goes back to the list. There is no
 * undo (retention.h).
 */
void
people_forget(struct request *req, struct view *v)
{
	if (retention_forget_without_login(req->db, &req->viewer, req->id,
		&v->problem) == -1)
		return;
	/* 1 is a log still to be emptied: the forgetting itself is done. */
	v->data = json_pack("{s:I,s:b}", "id", (json_int_t)req->id, "forgotten",
	    1);
	/* The page is gone with the person: the list (the id is unused). */
	view_created(v, 200, "/people", req->id);
}

/*
 * The person page again, around the form which (again.WHICH) sent with
 * an error: its summary there alone, and the choices it was sent with
 * marked (picked.FIELD_VALUE), the page's selects being fixed lists.
 */
static void
people_page_again(struct request *req, json_t *data, const char *which)
{
	static const char *const choices[] = { "stage", "status", "role" };
	json_t *page, *values = json_object_get(data, "values"),
		      *picked = json_object();
	struct problem p;
	const char *v;
	char key[96];
	size_t i;

	if (people_page(req, &page, &p) == 0) {
		json_object_update(data, page);
		json_decref(page);
	}
	json_object_set_new(data, "again", json_pack("{s:b}", which, 1));
	for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		v = json_string_value(json_object_get(values, choices[i]));
		if (v == NULL)
			continue;
		snprintf(key, sizeof(key), "%s_%s", choices[i], v);
		json_object_set_new(picked, key, json_true());
	}
	json_object_set_new(data, "picked", picked);
}

void
people_forget_form(struct request *req, json_t *data)
{
	people_page_again(req, data, "forget");
}

void
people_stage_form(struct request *req, json_t *data)
{
	people_page_again(req, data, "stage");
}

void
people_membership_form(struct request *req, json_t *data)
{
	people_page_again(req, data, "membership");
}

void
people_roles_form(struct request *req, json_t *data)
{
	people_page_again(req, data, "roles");
}

/* The person's ladder after a write, a browser back on their page. */
static void
people_ladder_written(struct request *req, struct view *v)
{
	v->data = json_object();
	if (ladder_of_person(req->db, req->id, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	view_created(v, 201, "/people/%lld", req->id);
}

/*
 * POST /people/:id/stage — 404; 422 naming stage or why; 201 with
 * {stage, stage_history, membership, membership_history}, the stage set
 * by hand with its reason.
 */
void
people_stage(struct request *req, struct view *v)
{
	if (ladder_override(req->db, req->id, req->input, req->viewer.user_id,
		&v->problem) == -1)
		return;
	people_ladder_written(req, v);
}

/*
 * POST /people/:id/membership — 404; 422 naming status; 409 naming
 * status when it is theirs already; 201 as POST /people/:id/stage.
 */
void
people_membership(struct request *req, struct view *v)
{
	if (ladder_membership(req->db, req->id, req->input, req->viewer.user_id,
		&v->problem) == -1)
		return;
	people_ladder_written(req, v);
}

/*
 * POST /people/:id/roles — 404; 422 naming role, starts_on or ends_on
 * (not a date, or before the start); nothing written. 201 with the roles
 * they hold and held, a browser back on their page.
 */
void
people_roles(struct request *req, struct view *v)
{
	json_t *roles = NULL;

	if (role_held_add(req->db, req->id, req->input, req->viewer.user_id,
		&roles, &v->problem) == -1)
		return;
	v->data = json_pack("{s:o}", "roles", roles);
	view_created(v, 201, "/people/%lld", req->id);
}

/*
 * GET /people/:id/edit — 404, 503 when a coordinator's view of the contact
 * cannot be recorded; the form with the current values. A coordinator
 * gets the contact data to change it, and that view is recorded and never
 * cached; for anyone else it is left out of the form, so that saving it
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

/*
 * POST|PATCH /people/:id — 404, 422; 403 naming a contact field on file
 * that the viewer may not change (privacy_person_write); 200 with the
 * person.
 */
void
people_update(struct request *req, struct view *v)
{
	json_t *cur;
	int rc;

	if (person_find(req->db, req->id, &cur, &v->problem) == -1)
		return;
	rc = privacy_person_write(&req->viewer, cur, req->input, &v->problem);
	/* The names of the fields that change, never their values. */
	audit_note_fields(&req->audit, person_fields, cur, req->input);
	json_decref(cur);
	if (rc == -1 ||
	    person_update(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 200, "/people/%lld", req->id);
	people_private(req, v, v->data);
}
