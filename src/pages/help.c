/*
 * The public form: anyone, without an account, asks for help or offers
 * it. One post makes a person and their ask or offer, and answers with
 * what happens next; it shows nobody else's data.
 */
#include <string.h>

#include "pages.h"
#include "domain/field.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "render/i18n.h"
#include "util/banned.h"

static const char *const help_kinds[] = { "ask", "offer", NULL };

const struct field help_query_fields[] = {
	{ "kind", FIELD_CHOICE, 0, 0, 0, help_kinds },
	{ NULL, 0, 0, 0, 0, NULL }
};

/* The person's fields, then the post's; urgency only counts for asks. */
const struct field help_fields[] = {
	{ "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, help_kinds },
	{ "name", FIELD_LINE, FIELD_REQUIRED, 1, 120, NULL },
	{ "phone", FIELD_PHONE, 0, 0, 0, NULL },
	{ "language", FIELD_CHOICE, 0, 0, 0, person_languages },
	{ "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL },
	{ "category", FIELD_LINE, FIELD_REQUIRED, 1, 40, NULL },
	{ "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL },
	{ "urgency", FIELD_INT, 0, 1, 3, NULL },
	{ NULL, 0, 0, 0, 0, NULL }
};

/* Whether the chosen kind (typed or as sent) is an offer; else an ask. */
static int
help_is_offer(json_t *values)
{
	const char *k = json_string_value(json_object_get(values, "kind"));

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
	json_t *lang = json_object_get(in, "language");
	int offer = help_is_offer(in), rc;

	/* Unsaid, the person speaks the language of the page they used. */
	if (lang == NULL)
		json_object_set_new(in, "language", json_string(req->lang));
	pin = json_pack("{s:O,s:O?,s:O,s:O}", "name", json_object_get(in,
	    "name"), "phone", json_object_get(in, "phone"), "language",
	    json_object_get(in, "language"), "zone_id", json_object_get(in,
	    "zone_id"));
	if (person_create(req->db, pin, &person, &v->problem) == -1) {
		json_decref(pin);
		return;
	}
	postin = json_pack("{s:O,s:O,s:O,s:O}", "person_id", json_object_get(
	    person, "id"), "category", json_object_get(in, "category"),
	    "details", json_object_get(in, "details"), "zone_id",
	    json_object_get(in, "zone_id"));
	if (offer)
		rc = offer_create(req->db, postin, &post, &v->problem);
	else {
		/* Somewhat urgent unless said: the form's own default. */
		json_object_set_new(postin, "urgency", json_integer(2));
		if (json_is_integer(json_object_get(in, "urgency")))
			json_object_set(postin, "urgency", json_object_get(in,
			    "urgency"));
		rc = need_create(req->db, postin, &post, &v->problem);
	}
	if (rc == 0) {
		/* Only what the person needs to hear back: no record. */
		v->data = json_pack("{s:s,s:O,s:b}", "kind", offer ? "offer" :
		    "ask", "id", json_object_get(post, "id"), "ask", !offer);
		v->status = 201;
		v->template = "help_done";
		req->lang = i18n_lang(json_string_value(json_object_get(in,
		    "language")));
	}
	json_decref(pin);
	json_decref(postin);
	json_decref(person);
	json_decref(post);
}
