/*
 * The public form: anyone, without an account, asks for help or offers
 * it. One post makes their ask or offer, and a person unless one with the
 * same phone or email is on file, and answers with what happens next; it
 * shows nobody's data, not even whether that person was known.
 */
#include <string.h>

#include "pages.h"
#include "domain/field.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/refs.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/buf.h"
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
	[HELP_EMAIL] = { "email", FIELD_EMAIL, 0, 0, 0, NULL },
	[HELP_LANGUAGE] = { "language", FIELD_CHOICE, 0, 0, 0,
	    person_languages },
	[HELP_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX,
	    NULL },
	[HELP_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[HELP_DETAILS] = { "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000,
	    NULL },
	[HELP_URGENCY] = { "urgency", FIELD_INT, 0, 1, 3, NULL },
	[HELP_WINDOWS] = { "windows", FIELD_WINDOWS, 0, 0, 0, NULL },
	[HELP_GIVE_CATEGORY] = { "offer_category", FIELD_LINE, 0, 1, 40, NULL },
	[HELP_GIVE_DETAILS] = { "offer_details", FIELD_TEXT, 0, 1, 500, NULL },
	[HELP__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Where the form's fields go in the person it makes. */
static const struct {
	enum help_key from;
	enum person_key to;
} help_person_keys[] = {
	{ HELP_NAME, PERSON_NAME },
	{ HELP_PHONE, PERSON_PHONE },
	{ HELP_EMAIL, PERSON_EMAIL },
	{ HELP_LANGUAGE, PERSON_LANGUAGE },
	{ HELP_ZONE_ID, PERSON_ZONE_ID },
};

/*
 * Where an ask's own fields go in it: when it can be met, and what the
 * person gives in return (need_create makes that offer with the ask).
 * An offer has neither: what they give is the offer itself.
 */
static const struct {
	enum help_key from;
	enum need_key to;
} help_ask_only[] = {
	{ HELP_WINDOWS, NEED_WINDOWS },
	{ HELP_GIVE_CATEGORY, NEED_GIVE_CATEGORY },
	{ HELP_GIVE_DETAILS, NEED_GIVE_DETAILS },
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

/* The input of the ask or offer of person_id, from the form's. */
static json_t *
help_post_input(json_t *in, int64_t person_id, int offer)
{
	json_t *post = json_object();
	size_t i;

	input_set(post, offer ? offer_fields : need_fields,
	    offer ? OFFER_PERSON_ID : NEED_PERSON_ID, json_integer(person_id));
	for (i = 0; i < NELEM(help_post); i++)
		input_copy(in, help_fields, help_post[i].from, post,
		    offer ? offer_fields : need_fields,
		    offer ? (int)help_post[i].offer : (int)help_post[i].ask);
	/* Somewhat urgent unless said: the form's own default. */
	if (!offer) {
		input_set(post, need_fields, NEED_URGENCY, json_integer(2));
		input_copy(in, help_fields, HELP_URGENCY, post, need_fields,
		    NEED_URGENCY);
		for (i = 0; i < NELEM(help_ask_only); i++)
			input_copy(in, help_fields, help_ask_only[i].from, post,
			    need_fields, help_ask_only[i].to);
	}
	return post;
}

/*
 * Whose post it is: the person on file with the phone or the email given
 * (person_match), else a new one made from the form. A person found is
 * not changed: anyone who knows someone's phone could otherwise rename
 * them, move their zone or give them an email of their own. 0 and *id,
 * or -1 with p.
 */
static int
help_person(struct db *db, json_t *in, int64_t *id, struct problem *p)
{
	json_t *pin, *person = NULL;
	size_t i;
	int rc;

	rc = person_match(db, input_text(in, help_fields, HELP_PHONE),
	    input_text(in, help_fields, HELP_EMAIL), id);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return 0;
	pin = json_object();
	for (i = 0; i < NELEM(help_person_keys); i++)
		input_copy(in, help_fields, help_person_keys[i].from, pin,
		    person_fields, help_person_keys[i].to);
	rc = person_create(db, pin, &person, p);
	if (rc == 0)
		*id = json_integer_value(json_object_get(person, "id"));
	json_decref(pin);
	json_decref(person);
	return rc;
}

/*
 * POST /help — 422 naming the field, 429 past ten an hour from one
 * address; 201 with {kind, received}, and a browser goes on to the page
 * saying what happens next, in the person's language. The answer is the
 * same whether the person was on file or not, and carries no id: ids
 * would let anyone count the network's asks. The router's transaction
 * holds the person and the post: if the post fails, the person goes too.
 */
void
help_create(struct request *req, struct view *v)
{
	json_t *in = req->input, *post = NULL, *postin;
	int offer = help_is_offer(in), rc;
	const char *kind = offer ? "offer" : "ask";
	int64_t person_id;
	struct buf to = BUF_INIT;

	/* Unsaid, the person speaks the language of the page they used. */
	if (input_get(in, help_fields, HELP_LANGUAGE) == NULL)
		input_set(in, help_fields, HELP_LANGUAGE,
		    json_string(req->lang));
	/*
	 * The zone and the category first, before anyone is looked up, so
	 * that a bad one is refused alike for a known person and a new one.
	 */
	if (refs_check(req->db, in, &v->problem) == -1 ||
	    help_person(req->db, in, &person_id, &v->problem) == -1)
		return;
	postin = help_post_input(in, person_id, offer);
	if (offer)
		rc = offer_create(req->db, postin, &post, &v->problem);
	else
		rc = need_create(req->db, postin, &post, &v->problem);
	json_decref(postin);
	if (rc == -1)
		return;
	v->id = json_integer_value(json_object_get(post, "id"));
	json_decref(post);
	v->data = json_pack("{s:s,s:b}", "kind", kind, "received", 1);
	v->status = 201;
	buf_printf(&to, "/help/thanks?kind=%s&lang=%s", kind,
	    i18n_lang(input_text(in, help_fields, HELP_LANGUAGE)));
	v->location = buf_detach(&to, NULL);
}

/*
 * GET /help/thanks — 422 on an unknown kind; what happens next, for an
 * ask unless ?kind=offer, in the language of ?lang. It names no record,
 * so a reload writes nothing and shows nothing of anyone.
 */
void
help_thanks(struct request *req, struct view *v)
{
	int offer = help_is_offer(req->input);

	v->data = json_pack("{s:s,s:b}", "kind", offer ? "offer" : "ask", "ask",
	    !offer);
	v->template = "help_done";
}
