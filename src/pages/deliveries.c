/*
 * Deliveries on the ask's page: the report of the claim's holder, the
 * coordinator's confirmation or one-time link, the history; and the
 * asker's own confirmation page, reached by that link without an account.
 */
#include <string.h>

#include "pages.h"
#include "domain/delivery.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/banned.h"

const struct field confirm_query_fields[CONFIRM_QUERY__MAX + 1] = {
	[CONFIRM_QUERY_TOKEN] = { "token", FIELD_LINE, 0, 1, 64, NULL },
	[CONFIRM_QUERY_DONE] = { "done", FIELD_INT, 0, 1, 1, NULL },
	[CONFIRM_QUERY__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The outcomes with their words, for the report's radio buttons. */
static json_t *
deliveries_outcomes(const char *lang)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; delivery_outcomes[i] != NULL; i++)
		json_array_append_new(out,
		    json_pack("{s:s}", "outcome", delivery_outcomes[i]));
	i18n_label(lang, out);
	return out;
}

int
deliveries_add(struct request *req, json_t *data, struct problem *p)
{
	json_t *list = NULL;
	int claimed = json_is_object(json_object_get(data, "claim"));
	/* The holder, or a coordinator: who may read the contact. */
	int may = claimed &&
	    json_is_true(json_object_get(data, "contact_allowed"));
	int waits = 0;

	if (claimed) {
		waits = delivery_waits(req->db, req->id);
		if (waits == -1)
			return tx_problem(req->db, p);
	}
	json_object_set_new(data, "delivery_panel", json_boolean(may || waits));
	json_object_set_new(data, "delivery_waits", json_boolean(waits));
	json_object_set_new(data, "can_deliver", json_boolean(may && !waits));
	json_object_set_new(data, "can_confirm",
	    json_boolean(waits && privacy_sees_all(&req->viewer)));
	if (may && !waits)
		json_object_set_new(data, "delivery_outcomes",
		    deliveries_outcomes(req->lang));
	/* The history: those who share out the work, and the holder. */
	if (req->viewer.role < ROLE_ORGANIZER &&
	    !json_is_true(json_object_get(data, "claimed_by_me")))
		return 0;
	if (delivery_list(req->db, req->id, &list, p) == -1)
		return -1;
	i18n_label(req->lang, list);
	json_object_set_new(data, "show_deliveries", json_true());
	json_object_set_new(data, "has_deliveries",
	    json_boolean(json_array_size(list) > 0));
	json_object_set_new(data, "deliveries", list);
	return 0;
}

/*
 * POST /needs/:id/deliver — 404 (also outside the volunteer's zones), 409
 * when nobody holds the claim or a delivery waits for its confirmation,
 * 403 unless the holder or a coordinator, 422 naming outcome or note;
 * 201 with the report, and a browser goes back to the ask.
 */
void
needs_deliver(struct request *req, struct view *v)
{
	if (delivery_report(req->db, &req->viewer, req->id, req->input,
		&v->data, &v->problem) == 0)
		view_created(v, 201, "/needs/%lld", req->id);
}

/* The ask's page again after a 422 on the report: its errors there. */
void
needs_deliver_form(struct request *req, json_t *data)
{
	needs_status_form(req, data);
	json_object_set_new(data, "deliver_again", json_true());
	options_mark(json_object_get(data, "delivery_outcomes"), "outcome",
	    json_object_get(json_object_get(data, "values"), "outcome"));
	/* The call log's form below has an "outcome" too. */
	json_object_set_new(data, "anchors",
	    json_pack("{s:s}", "outcome", "deliver-outcome"));
}

/*
 * POST /needs/:id/confirm — 404, 409 when no delivery waits for its
 * confirmation; 200 with the ask, fulfilled.
 */
void
needs_confirm(struct request *req, struct view *v)
{
	if (delivery_confirm(req->db, &req->viewer, req->id, &v->problem) == -1)
		return;
	view_created(v, 200, "/needs/%lld", req->id);
	if (req->want_json)
		needs_show(req, v);
}

/*
 * POST /needs/:id/confirm-link — 404, 409 when no delivery waits; 201
 * with the ask and "confirm_link", the path of a new one-time link for
 * the asker. Shown this once and never stored, so the page is rendered
 * here (no redirect) and not kept by any cache.
 */
void
needs_confirm_link(struct request *req, struct view *v)
{
	char token[SECRET_TOKEN_LEN];
	struct buf link = BUF_INIT;

	if (delivery_link(req->db, req->id, token, &v->problem) == -1)
		return;
	buf_adds(&link, "/confirm?token=");
	buf_adds(&link, token);
	secret_wipe(token);
	needs_show(req, v);
	if (v->data != NULL)
		json_object_set_new(v->data, "confirm_link",
		    json_string(link.ptr));
	v->id = req->id;
	v->status = 201;
	v->nocache = 1;
	buf_free(&link);
}

/*
 * GET /confirm — the asker's page behind the link: what confirming
 * means and the button, with the token; nothing about anyone, and the
 * token is not looked up until the button is pressed. ?done=1: thanks.
 */
void
confirm_show(struct request *req, struct view *v)
{
	const char *token = input_text(req->input, confirm_query_fields,
	    CONFIRM_QUERY_TOKEN);

	v->data = json_pack("{s:s?,s:b}", "token", token, "done",
	    input_get(req->input, confirm_query_fields, CONFIRM_QUERY_DONE) !=
		NULL);
	v->template = "confirm";
	v->nocache = 1;
}

/*
 * POST /confirm — 404 when the link is unknown, spent or its claim has
 * ended (rate-limited as the public form); 200 {"confirmed":true}, and a
 * browser goes to the thanks, which names nothing.
 */
void
confirm_post(struct request *req, struct view *v)
{
	int64_t need_id;

	if (delivery_confirm_token(req->db,
		input_text(req->input, delivery_token_fields, DELIVERY_TOKEN),
		&need_id, &v->problem) == -1)
		return;
	v->data = json_pack("{s:b}", "confirmed", 1);
	v->id = need_id;
	view_created(v, 200, "/confirm?done=1", 0);
}
