/*
 * The public form: anyone, without an account, asks for help or offers
 * it. One post makes a person and their ask or offer, and answers with
 * what happens next; it shows nobody else's data.
 */
#include <string.h>

#include "pages.h"
#include "domain/field.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "render/i18n.h"
#include "util/banned.h"

static const char *const help_kinds[] = { "ask", "offer", NULL };

const struct field help_query_fields[HELP_QUERY__MAX + 1] = {
	[HELP_QUERY_KIND] = { "kind", FIELD_CHOICE, 0, 0, 0, help_kinds },
	[HELP_QUERY__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field help_fields[HELP__MAX + 1] = {
	[HELP_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    help_kinds },
	[HELP_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 120, NULL },
	[HELP_PHONE] = { "phone", FIELD_PHONE, 0, 0, 0, NULL },
	[HELP_LANGUAGE] = { "language", FIELD_CHOICE, 0, 0, 0,
	    person_languages },
	[HELP_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX,
	    NULL },
	[HELP_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[HELP_DETAILS] = { "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000,
	    NULL },
	[HELP_URGENCY] = { "urgency", FIELD_INT, 0, 1, 3, NULL },
	[HELP__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Where the form's fields go in the person it makes. */
static const struct {
	enum help_key from;
	enum person_key to;
} help_person[] = {
	{ HELP_NAME, PERSON_NAME },
	{ HELP_PHONE, PERSON_PHONE },
	{ HELP_LANGUAGE, PERSON_LANGUAGE },
	{ HELP_ZONE_ID, PERSON_ZONE_ID },
};

/* Where they go in the ask, or in the offer. */
static const struct {
	enum help_key from;
	enum need_key ask;
	enum offer_key offer;
} help_post[] = {
	{ HELP_CATEGORY, NEED_CATEGORY, OFFER_CATEGORY },
	{ HELP_DETAILS, NEED_DETAILS, OFFER_DETAILS },
	{ HELP_ZONE_ID, NEED_ZONE_ID, OFFER_ZONE_ID },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Copy the form's value at from, when given, to out at to[key]. */
static void
help_copy(json_t *in, enum help_key from, json_t *out, const struct field *to,
    int key)
{
	json_t *v = input_get(in, help_fields, from);

	if (v != NULL)
		input_set(out, to, key, json_incref(v));
}

/* Whether the chosen kind (typed or as sent) is an offer; else an ask. */
static int
help_is_offer(json_t *values)
{
	const char *k = input_text(values, help_fields, HELP_KIND);

	return k != NULL && strcmp(k, "offer") == 0;
}

void
help_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values");
	int offer = help_is_offer(values);

	options_add(req, data, values);
	json_object_set_new(data, "ask", json_boolean(!offer));
	json_object_set_new(data, "offer", json_boolean(offer));
}

/* GET /help — the form, an ask unless ?kind=offer. */
void
help_show(struct request *req, struct view *v)
{
	v->data = json_pack("{s:O}", "values", req->input);
	help_form(req, v->data);
	v->template = "help";
}

/* The input of the ask or offer of the person made, from the form's. */
static json_t *
help_post_input(json_t *in, json_t *person, int offer)
{
	json_t *post = json_object();
	size_t i;

	input_set(post, offer ? offer_fields : need_fields,
	    offer ? OFFER_PERSON_ID : NEED_PERSON_ID,
	    json_incref(json_object_get(person, "id")));
	for (i = 0; i < NELEM(help_post); i++)
		help_copy(in, help_post[i].from, post,
		    offer ? offer_fields : need_fields,
		    offer ? (int)help_post[i].offer : (int)help_post[i].ask);
	/* Somewhat urgent unless said: the form's own default. */
	if (!offer) {
		input_set(post, need_fields, NEED_URGENCY, json_integer(2));
		help_copy(in, HELP_URGENCY, post, need_fields, NEED_URGENCY);
	}
	return post;
}

/*
 * POST /help — 422 naming the field, 429 past ten an hour from one
 * address; 201 with {kind, id}, and for a browser the page saying what
 * happens next, in the person's language. The router's transaction holds
 * the person and the post: if the post fails, the person goes too.
 */
void
help_create(struct request *req, struct view *v)
{
	json_t *in = req->input, *person = NULL, *post = NULL, *pin, *postin;
	int offer = help_is_offer(in), rc;
	size_t i;

	/* Unsaid, the person speaks the language of the page they used. */
	if (input_get(in, help_fields, HELP_LANGUAGE) == NULL)
		input_set(in, help_fields, HELP_LANGUAGE,
		    json_string(req->lang));
	pin = json_object();
	for (i = 0; i < NELEM(help_person); i++)
		help_copy(in, help_person[i].from, pin, person_fields,
		    help_person[i].to);
	rc = person_create(req->db, pin, &person, &v->problem);
	json_decref(pin);
	if (rc == -1)
		return;
	postin = help_post_input(in, person, offer);
	if (offer)
		rc = offer_create(req->db, postin, &post, &v->problem);
	else
		rc = need_create(req->db, postin, &post, &v->problem);
	if (rc == 0) {
		/* Only what the person needs to hear back: no record. */
		v->data = json_pack("{s:s,s:O,s:b}", "kind",
		    offer ? "offer" : "ask", "id", json_object_get(post, "id"),
		    "ask", !offer);
		v->status = 201;
		v->template = "help_done";
		req->lang = i18n_lang(
		    input_text(in, help_fields, HELP_LANGUAGE));
	}
	json_decref(postin);
	json_decref(person);
	json_decref(post);
}
