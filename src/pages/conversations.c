/*
 * Conversations: the list (no notes), the quick form (a person on file,
 * found by name, or someone new with a first name), a conversation's page
 * and the person page's section; every page that shows what was raised
 * or the assessment records the look.
 */
#include <string.h>

#include "pages.h"
#include "domain/conversation.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/person.h"
#include "domain/privacy.h"
#include "domain/target.h"
#include "render/i18n.h"
#include "util/clock.h"
#include "util/banned.h"

/* The most people a search lists, and targets the form offers by name. */
#define CONVERSATIONS_MATCHES 10
#define CONVERSATIONS_TARGETS 200
/* The latest conversations the person page shows. */
#define CONVERSATIONS_OF_PERSON 20

const struct field conversations_new_fields[CONVERSATIONS_NEW__MAX + 1] = {
	[CONVERSATIONS_NEW_PERSON_ID] = { "person_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[CONVERSATIONS_NEW_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATIONS_NEW_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[CONVERSATIONS_NEW_HOW] = { "how", FIELD_CHOICE, 0, 0, 0,
	    conversation_hows },
	[CONVERSATIONS_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The words of a conversation's closed sets, in the reader's language. */
static void
conversations_label(struct request *req, json_t *rows)
{
	i18n_label_as(req->lang, rows, "how", "how_");
	i18n_label_as(req->lang, rows, "assessment", "assessment_");
}

/*
 * GET /conversations — 422 on bad filters; newest first: who, when, how,
 * where, the target and the tags, never what was raised.
 */
void
conversations_list(struct request *req, struct view *v)
{
	if (conversation_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	conversations_label(req, json_object_get(v->data, "items"));
	json_object_set(v->data, "filter", req->input);
	pager_add(req, v->data);
	v->template = "conversations";
}

/*
 * A list of closed choices for the form: [{key, KEY_label, selected}]
 * for each of values (NULL-ended), or for the numbers 1..n when values is
 * NULL, selected where it equals chosen.
 */
static json_t *
conversations_options(struct request *req, const char *key, const char *prefix,
    const char *const *values, int n, json_t *chosen)
{
	json_t *list = json_array(), *row;
	int64_t c = 0;
	int i;

	for (i = 0; values != NULL ? values[i] != NULL : i < n; i++) {
		row = values != NULL ? json_pack("{s:s}", key, values[i])
				     : json_pack("{s:i}", key, i + 1);
		json_object_set_new(row, "selected",
		    json_boolean(values != NULL
			    ? json_is_string(chosen) &&
				strcmp(json_string_value(chosen), values[i]) ==
				    0
			    : options_int(chosen, &c) == 0 && c == i + 1));
		json_array_append_new(list, row);
	}
	i18n_label_as(req->lang, list, key, prefix);
	return list;
}

/*
 * The person the form is about, by the values' person_id, or the ask's
 * (need_id): {id, name, zone_name}, or NULL when neither names anyone.
 */
static json_t *
conversations_who(struct request *req, json_t *values)
{
	json_t *person = NULL, *need = NULL;
	struct problem p = { 0 };
	int64_t id = 0, ask = 0;

	options_int(
	    input_get(values, conversation_fields, CONVERSATION_PERSON_ID),
	    &id);
	if (id <= 0 &&
	    options_int(
		input_get(values, conversation_fields, CONVERSATION_NEED_ID),
		&ask) == 0 &&
	    ask > 0 && need_find(req->db, ask, 0, &need, &p) == 0)
		id = json_integer_value(json_object_get(need, "person_id"));
	json_decref(need);
	if (id <= 0 || person_find(req->db, id, &person, &p) == -1)
		return NULL;
	privacy_person_brief(&req->viewer, person);
	return person;
}

/*
 * The people a search by name finds (never by phone: a form to log a
 * talk is no look-up of contacts), as radio choices.
 */
static json_t *
conversations_matches(struct request *req, const char *q)
{
	json_t *in = json_object(), *list = NULL, *items;
	struct problem p;

	input_set(in, person_list_fields, PERSON_LIST_Q, json_string(q));
	input_set(in, person_list_fields, PERSON_LIST_LIMIT,
	    json_integer(CONVERSATIONS_MATCHES));
	items = person_list(req->db, in, 0, &list, &p) == 0
	    ? json_incref(json_object_get(list, "items"))
	    : json_array();
	json_decref(list);
	json_decref(in);
	privacy_each(&req->viewer, items, privacy_person_brief);
	return items;
}

void
conversations_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *who, *targets = NULL;
	json_t *in = json_object();
	const char *q = json_string_value(json_object_get(values, "q"));
	struct problem p;

	who = conversations_who(req, values);
	if (who != NULL)
		json_object_set_new(data, "who", who);
	else if (q != NULL && q[0] != '\0')
		json_object_set_new(data, "matches",
		    conversations_matches(req, q));
	input_set(in, target_list_fields, TARGET_LIST_LIMIT,
	    json_integer(CONVERSATIONS_TARGETS));
	if (target_list(req->db, in, &targets, &p) == 0)
		json_object_set_new(data, "targets",
		    json_incref(json_object_get(targets, "items")));
	json_decref(targets);
	json_decref(in);
	json_object_set_new(data, "hows",
	    conversations_options(req, "how", "how_", conversation_hows, 0,
		input_get(values, conversation_fields, CONVERSATION_HOW)));
	json_object_set_new(data, "assessments",
	    conversations_options(req, "assessment", "assessment_", NULL, 5,
		input_get(values, conversation_fields,
		    CONVERSATION_ASSESSMENT)));
	json_object_set_new(data, "target_kinds",
	    conversations_options(req, "kind", "target_kind_", target_kinds, 0,
		input_get(values, conversation_fields,
		    CONVERSATION_TARGET_KIND)));
	options_add(req, data, values);
}

/*
 * GET /conversations/new — 422 on a bad query; the form, about person_id
 * or the person of the ask need_id when given, else with the people q
 * finds by name; the day today.
 */
void
conversations_new(struct request *req, struct view *v)
{
	char now[CLOCK_ISO_LEN];
	json_t *values = json_deep_copy(req->input);

	clock_now(now);
	input_set(values, conversation_fields, CONVERSATION_AT,
	    json_stringn(now, 10));
	v->data = json_pack("{s:o}", "values", values);
	conversations_form(req, v->data);
	v->template = "conversation_form";
}

/*
 * POST /conversations — 422 naming the field (a bad day, a reference to
 * no row, nobody named: person_id); 201 with the conversation, and a
 * browser goes on to its page.
 */
void
conversations_create(struct request *req, struct view *v)
{
	if (conversation_create(req->db, req->input, req->viewer.user_id,
		&v->data, &v->problem) == -1)
		return;
	view_created(v, 201, "/conversations/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
	conversations_label(req, v->data);
}

/*
 * GET /conversations/:id — 404, 503 when the look cannot be recorded;
 * the whole conversation, the look recorded and never cached.
 */
void
conversations_show(struct request *req, struct view *v)
{
	json_t *row;

	if (conversation_find(req->db, req->id, &row, &v->problem) == -1)
		return;
	if (conversation_seen(req->db, &req->viewer,
		json_integer_value(json_object_get(row, "person_id"))) == -1) {
		json_decref(row);
		problem_set(&v->problem, PROBLEM_UNAVAILABLE, "err_busy", NULL,
		    0);
		return;
	}
	v->nocache = 1;
	conversations_label(req, row);
	v->data = json_pack("{s:o}", "conversation", row);
	v->template = "conversation";
}

int
conversations_of_person(struct request *req, struct view *v)
{
	json_t *rows;

	if (req->viewer.role < ROLE_ORGANIZER)
		return 0;
	if (conversation_of_person(req->db, req->id, CONVERSATIONS_OF_PERSON,
		&rows, &v->problem) == -1)
		return -1;
	/* None shown is no look: the page stays cacheable. */
	if (json_array_size(rows) > 0) {
		if (conversation_seen(req->db, &req->viewer, req->id) == -1) {
			json_decref(rows);
			return problem_set(&v->problem, PROBLEM_UNAVAILABLE,
			    "err_busy", NULL, 0);
		}
		v->nocache = 1;
	}
	conversations_label(req, rows);
	json_object_set_new(v->data, "conversations", rows);
	return 0;
}
