/* Asks: the board pages over the need domain, and claims. */
#include <string.h>

#include "board.h"
#include "pages.h"
#include "domain/call.h"
#include "domain/input.h"
#include "domain/claim.h"
#include "domain/contact.h"
#include "domain/need.h"
#include "domain/sms.h"
#include "domain/privacy.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

static const struct board needs = {
	need_list,
	need_create,
	need_find,
	need_set_status,
	privacy_need,
	privacy_need_brief,
	"needs",
	"need",
	"need_form",
	"/needs/%lld",
};

/*
 * The status filter's choice of every status, after the statuses
 * themselves; no status chosen means those that still wait.
 */
static void
needs_status_all(struct request *req, json_t *data)
{
	const char *s = input_text(req->input, need_list_fields,
	    NEED_LIST_STATUS);

	json_array_append_new(json_object_get(data, "statuses"),
	    json_pack("{s:s,s:s,s:b}", "status", "all", "status_label",
		i18n_get(req->lang, "option_all_statuses"), "selected",
		s != NULL && strcmp(s, "all") == 0));
}

/*
 * GET /needs — 422 on a bad filter; the page of asks (open and matched
 * unless a status is chosen; ?mine=1 those the viewer holds) and the
 * total.
 */
void
needs_list(struct request *req, struct view *v)
{
	privacy_need_filters(&req->viewer, req->input);
	board_list(&needs, req, v);
	if (v->data == NULL)
		return;
	json_object_set_new(v->data, "can_search",
	    json_boolean(privacy_sees_all(&req->viewer)));
	json_object_set_new(v->data, "may_claim",
	    json_boolean(privacy_may_claim(&req->viewer)));
	needs_status_all(req, v->data);
}

int
needs_rows(struct request *req, struct db *db, struct db_cursor **out,
    struct problem *p)
{
	privacy_need_filters(&req->viewer, req->input);
	return need_rows(db, req->input, &req->viewer, out, p);
}

/* As need_list shapes a row and board_list reduces it. */
void
needs_row(const struct viewer *v, json_t *row)
{
	need_shape(row);
	needs.reduce_listed(v, row);
}

/* GET /needs/new — the form, for the person given as ?person_id=. */
void
needs_new(struct request *req, struct view *v)
{
	board_new(&needs, req, v);
	grievances_ask_choices(req, v->data,
	    json_object_get(v->data, "values"));
}

int
pages_gave_audit(struct request *req, struct view *v, json_t *ask)
{
	json_t *offer = json_object_get(ask, "offer_id");

	if (!json_is_integer(offer) ||
	    audit_log(req->db, &req->viewer, "offer.create", "offer",
		json_integer_value(offer)) == 0)
		return 0;
	return tx_problem(req->db, &v->problem);
}

/*
 * POST /needs — 422 naming the field (offer_category, offer_details for
 * what they give in return); 201 with the ask, and offer_id for that.
 */
void
needs_create(struct request *req, struct view *v)
{
	board_create(&needs, req, v);
	if (v->data != NULL && pages_gave_audit(req, v, v->data) == -1) {
		json_decref(v->data);
		v->data = NULL;
	}
}

/*
 * The calls about the ask in data (as privacy_need left it), for those
 * who triage asks (organizers and up) and for the holder of its claim,
 * and "can_call" with the outcomes for those who may record one: those
 * who may read the contact, which a call needs. 0, or -1 with p.
 */
static int
needs_calls(struct request *req, json_t *data, struct problem *p)
{
	json_t *calls = NULL, *outcomes;
	int may = json_is_true(json_object_get(data, "contact_allowed"));
	size_t i;

	if (may) {
		outcomes = json_array();
		for (i = 0; call_outcomes[i] != NULL; i++)
			json_array_append_new(outcomes,
			    json_pack("{s:s}", "outcome", call_outcomes[i]));
		i18n_label(req->lang, outcomes);
		json_object_set_new(data, "outcomes", outcomes);
	}
	json_object_set_new(data, "can_call", json_boolean(may));
	if (!may && req->viewer.role < ROLE_ORGANIZER)
		return 0;
	if (call_list(req->db, req->id, &calls, p) == -1)
		return -1;
	i18n_label(req->lang, calls);
	json_object_set_new(data, "show_calls", json_true());
	json_object_set_new(data, "has_calls",
	    json_boolean(json_array_size(calls) > 0));
	json_object_set_new(data, "calls", calls);
	return 0;
}

/*
 * The texts about the ask, for those who see its calls: what the person
 * wrote and what we answered, without their number.
 */
static int
needs_texts(struct request *req, json_t *data, struct problem *p)
{
	json_t *texts;

	if (!json_is_true(json_object_get(data, "show_calls")))
		return 0;
	if (sms_of_need(req->db, req->id, &texts, p) == -1)
		return -1;
	i18n_label_as(req->lang, texts, "direction", "sms_direction_");
	i18n_label_as(req->lang, texts, "status", "sms_status_");
	json_object_set_new(data, "has_texts",
	    json_boolean(json_array_size(texts) > 0));
	json_object_set_new(data, "texts", texts);
	return 0;
}

/*
 * GET /needs/:id — 404, also outside a volunteer's zones; the ask as the
 * viewer may see it (contact masked: nothing recorded, so cacheable), its
 * possible moves and claim buttons, its calls (needs_calls), and its
 * matches or whether it is asked of the volunteer (matches_of_ask).
 */
void
needs_show(struct request *req, struct view *v)
{
	board_show(&needs, req, v);
	if (v->problem.kind != PROBLEM_NONE)
		return;
	claim_actions(&req->viewer, v->data);
	if (grievances_of_ask(req, v->data, &v->problem) == -1 ||
	    needs_calls(req, v->data, &v->problem) == -1 ||
	    needs_texts(req, v->data, &v->problem) == -1 ||
	    matches_of_ask(req, v->data, &v->problem) == -1 ||
	    deliveries_add(req, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
	}
}

/*
 * GET /needs/:id/contact — 404 as for the ask, 403 unless a coordinator
 * or the holder of its active claim, 503 when the view cannot be
 * recorded; the contact card of the ask's person, each view recorded.
 */
void
needs_contact(struct request *req, struct view *v)
{
	int64_t person_id;

	if (contact_of_need(req->db, &req->viewer, req->id, &v->data,
		&person_id, &v->problem) == -1)
		return;
	pages_contact_show(req, v, person_id);
}

/* POST /needs/:id/status — 404, 409 on a move not allowed, 422; the ask. */
void
needs_status(struct request *req, struct view *v)
{
	board_status(&needs, req, v);
}

/*
 * POST /needs/:id/claim — 404 (also outside the volunteer's zones), 409
 * when closed or claimed by someone else; 200 with the ask as now seen.
 */
void
needs_claim(struct request *req, struct view *v)
{
	if (claim_take(req->db, &req->viewer, req->id, &v->problem) == -1)
		return;
	view_created(v, 200, "/needs/%lld", req->id);
	if (req->want_json)
		needs_show(req, v);
}

/*
 * POST /needs/:id/release — 404, 409 when nobody holds a claim, 403
 * unless the viewer holds it or is a coordinator, 422 without a reason;
 * 200 with the ask, open again.
 */
void
needs_release(struct request *req, struct view *v)
{
	if (claim_release(req->db, &req->viewer, req->id, req->input,
		&v->problem) == -1)
		return;
	view_created(v, 200, "/needs/%lld", req->id);
	if (req->want_json)
		needs_show(req, v);
}

/*
 * POST /needs/:id/calls — 404 as for the ask, 403 unless a coordinator or
 * the holder of its active claim, 422 naming outcome; 201 with the call,
 * and a browser goes back to the ask.
 */
void
needs_call(struct request *req, struct view *v)
{
	if (call_add(req->db, &req->viewer, req->id, req->input, &v->data,
		&v->problem) == 0)
		view_created(v, 201, "/needs/%lld", req->id);
}

void
needs_form(struct request *req, json_t *data)
{
	board_form(&needs, req, data);
	grievances_ask_choices(req, data, json_object_get(data, "values"));
}

void
needs_status_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };

	board_status_form(&needs, req, data);
	claim_actions(&req->viewer, data);
	needs_calls(req, data, &p);
	deliveries_add(req, data, &p);
}

/* The ask's page again, around what it is about sent with an error. */
void
needs_relink_form(struct request *req, json_t *data)
{
	json_t *values = json_incref(json_object_get(data, "values"));
	struct problem p = { 0 };

	needs_status_form(req, data);
	grievances_of_ask(req, data, &p);
	/* The choices as sent, not as stored. */
	grievances_ask_choices(req, data, values);
	json_decref(values);
	json_object_set_new(data, "relink_again", json_true());
}

void
needs_release_form(struct request *req, json_t *data)
{
	needs_status_form(req, data);
	json_object_set_new(data, "release_again", json_true());
	/* The status form below has a "reason" too. */
	json_object_set_new(data, "anchors",
	    json_pack("{s:s}", "reason", "release-reason"));
}
