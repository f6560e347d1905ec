/*
 * Taking a phone call: one page finds the caller (or takes them in as
 * someone new) and records their ask, and one post makes both.
 */
#include "pages.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "domain/refs.h"
#include "util/banned.h"

/* The most callers a search lists: a call is about one person. */
#define INTAKE_MATCHES 10

const struct field intake_search_fields[INTAKE_SEARCH__MAX + 1] = {
	[INTAKE_SEARCH_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[INTAKE_SEARCH_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[INTAKE_SEARCH__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * The person is either person_id (someone on file) or, without it, the
 * new person's fields, of which the name is then required; q is the
 * search the form was shown with, kept to show it again on a 422.
 */
const struct field intake_fields[INTAKE__MAX + 1] = {
	[INTAKE_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[INTAKE_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[INTAKE_NAME] = { "name", FIELD_LINE, 0, 1, 120, NULL },
	[INTAKE_PHONE] = { "phone", FIELD_PHONE, 0, 0, 0, NULL },
	[INTAKE_EMAIL] = { "email", FIELD_EMAIL, 0, 0, 0, NULL },
	[INTAKE_LANGUAGE] = { "language", FIELD_CHOICE, 0, 0, 0,
	    person_languages },
	[INTAKE_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[INTAKE_DETAILS] = { "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000,
	    NULL },
	[INTAKE_URGENCY] = { "urgency", FIELD_INT, FIELD_REQUIRED, 1, 3, NULL },
	[INTAKE_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX,
	    NULL },
	[INTAKE_WINDOWS] = { "windows", FIELD_WINDOWS, 0, 0, 0, NULL },
	[INTAKE_GIVE_CATEGORY] = { "offer_category", FIELD_LINE, 0, 1, 40,
	    NULL },
	[INTAKE_GIVE_DETAILS] = { "offer_details", FIELD_TEXT, 0, 1, 500,
	    NULL },
	[INTAKE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Where the fields go in a new person, and in the ask. */
static const struct {
	enum intake_key from;
	enum person_key to;
} intake_person_keys[] = {
	{ INTAKE_NAME, PERSON_NAME },
	{ INTAKE_PHONE, PERSON_PHONE },
	{ INTAKE_EMAIL, PERSON_EMAIL },
	{ INTAKE_LANGUAGE, PERSON_LANGUAGE },
	{ INTAKE_ZONE_ID, PERSON_ZONE_ID },
};

static const struct {
	enum intake_key from;
	enum need_key to;
} intake_ask_keys[] = {
	{ INTAKE_CATEGORY, NEED_CATEGORY },
	{ INTAKE_DETAILS, NEED_DETAILS },
	{ INTAKE_URGENCY, NEED_URGENCY },
	{ INTAKE_ZONE_ID, NEED_ZONE_ID },
	{ INTAKE_WINDOWS, NEED_WINDOWS },
	{ INTAKE_GIVE_CATEGORY, NEED_GIVE_CATEGORY },
	{ INTAKE_GIVE_DETAILS, NEED_GIVE_DETAILS },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The people q finds, as a list shows them (name and zone), with the one
 * chosen marked "checked", into *out. Only those who may read contact
 * data find by a phone or an email (for anyone else a search by phone
 * would answer whose phone it is), each one so found recorded, and then
 * *recorded set. 0, or -1 with p.
 */
static int
intake_matches(struct request *req, const char *q, int64_t chosen, json_t **out,
    int *recorded, struct problem *p)
{
	json_t *in = json_object(), *list = NULL, *row;
	size_t i;
	int rc;

	input_set(in, person_list_fields, PERSON_LIST_Q, json_string(q));
	input_set(in, person_list_fields, PERSON_LIST_LIMIT,
	    json_integer(INTAKE_MATCHES));
	rc = privacy_people(req->db, &req->viewer, in, &list, recorded, p);
	json_decref(in);
	if (rc == -1)
		return -1;
	*out = json_incref(json_object_get(list, "items"));
	json_decref(list);
	json_array_foreach (*out, i, row)
		json_object_set_new(row, "checked",
		    json_boolean(json_integer_value(
				     json_object_get(row, "id")) == chosen));
	return 0;
}

/*
 * The person chosen, when the search does not list them (the form shown
 * again without it, or ?person_id=), first in matches so that the choice
 * stays; nobody for an id of no one. 0, or -1 with p when the database
 * failed.
 */
static int
intake_keep_chosen(struct request *req, json_t *matches, int64_t chosen,
    struct problem *p)
{
	json_t *row, *person = NULL;
	struct problem found = { 0 };
	size_t i;

	json_array_foreach (matches, i, row)
		if (json_integer_value(json_object_get(row, "id")) == chosen)
			return 0;
	if (person_find(req->db, chosen, &person, &found) == -1) {
		if (found.kind == PROBLEM_NOT_FOUND)
			return 0;
		*p = found;
		return -1;
	}
	privacy_person_brief(&req->viewer, person);
	json_object_set_new(person, "checked", json_true());
	json_array_insert_new(matches, 0, person);
	return 0;
}

/*
 * The form's data besides the values: the callers the search finds, and
 * the options; *recorded as intake_matches sets it. 0, or -1 with p when
 * the search failed.
 */
static int
intake_fill(struct request *req, json_t *data, int *recorded, struct problem *p)
{
	json_t *values = json_object_get(data, "values"), *matches;
	const char *q = json_string_value(json_object_get(values, "q"));
	int searched = q != NULL && q[0] != '\0';
	int64_t chosen = 0;

	/* On a 422 the values are as sent: text, not yet numbers. */
	if (options_int(input_get(values, intake_fields, INTAKE_PERSON_ID),
		&chosen) == -1)
		chosen = 0;
	if (!searched)
		matches = json_array();
	else if (intake_matches(req, q, chosen, &matches, recorded, p) == -1)
		return -1;
	if (chosen > 0 && intake_keep_chosen(req, matches, chosen, p) == -1) {
		json_decref(matches);
		return -1;
	}
	json_object_set_new(data, "searched", json_boolean(searched));
	json_object_set_new(data, "found",
	    json_boolean(json_array_size(matches) > 0));
	json_object_set_new(data, "new_person",
	    json_boolean(chosen <= 0 || json_array_size(matches) == 0));
	json_object_set_new(data, "matches", matches);
	options_add(req, data, values);
	return 0;
}

/* The form shown again on a 422: without the callers if the search fails. */
void
intake_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };
	int recorded;

	intake_fill(req, data, &recorded, &p);
}

/* GET /intake — 422 on a bad search; the form, with the callers q finds. */
void
intake_show(struct request *req, struct view *v)
{
	v->data = json_pack("{s:O}", "values", req->input);
	if (intake_fill(req, v->data, &v->nocache, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	v->template = "intake";
}

/*
 * The ask's person: person_id when given (refs_check found it), else a
 * new person made from the form in the ask's zone, whose name is then
 * required. 0 and *id, or -1 with p.
 */
static int
intake_person(struct db *db, json_t *in, int64_t *id, struct problem *p)
{
	json_t *pin, *person = NULL;
	size_t i;
	int rc;

	*id = json_integer_value(
	    input_get(in, intake_fields, INTAKE_PERSON_ID));
	if (*id > 0)
		return 0;
	if (input_get(in, intake_fields, INTAKE_NAME) == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    intake_fields[INTAKE_NAME].name, 0);
	pin = json_object();
	for (i = 0; i < NELEM(intake_person_keys); i++)
		input_copy(in, intake_fields, intake_person_keys[i].from, pin,
		    person_fields, intake_person_keys[i].to);
	rc = person_create(db, pin, &person, p);
	if (rc == 0)
		*id = json_integer_value(json_object_get(person, "id"));
	json_decref(pin);
	json_decref(person);
	return rc;
}

/*
 * POST /intake — 422 naming the field (an unknown person_id; the name
 * when no one on file is chosen); 201 with the ask as the viewer may see
 * it, and a browser goes on to its page. The router's transaction holds
 * the new person and the ask: if the ask fails, the person goes too.
 */
void
intake_create(struct request *req, struct view *v)
{
	json_t *in = req->input, *ask = NULL, *askin;
	int64_t person_id;
	size_t i;
	int rc;

	if (refs_check(req->db, in, &v->problem) == -1 ||
	    intake_person(req->db, in, &person_id, &v->problem) == -1)
		return;
	askin = json_object();
	input_set(askin, need_fields, NEED_PERSON_ID, json_integer(person_id));
	for (i = 0; i < NELEM(intake_ask_keys); i++)
		input_copy(in, intake_fields, intake_ask_keys[i].from, askin,
		    need_fields, intake_ask_keys[i].to);
	rc = need_create(req->db, askin, &ask, &v->problem);
	json_decref(askin);
	if (rc == -1)
		return;
	if (pages_gave_audit(req, v, ask) == -1) {
		json_decref(ask);
		return;
	}
	v->data = ask;
	view_created(v, 201, "/needs/%lld",
	    json_integer_value(json_object_get(ask, "id")));
	privacy_need(&req->viewer, v->data);
}
