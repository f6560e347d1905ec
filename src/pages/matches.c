/* Who can help with an ask, ranked with reasons, and matching one of them. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/asked.h"
#include "domain/audit.h"
#include "domain/input.h"
#include "domain/match.h"
#include "domain/need.h"
#include "domain/privacy.h"
#include "domain/rank.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/banned.h"

const struct field matches_pick_fields[MATCHES_PICK__MAX + 1] = {
	[MATCHES_PICK_OFFER_ID] = { "offer_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[MATCHES_PICK_USER_ID] = { "user_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[MATCHES_PICK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * Put each reason of item (codes, as rank.h gives them) in words in
 * lang: {"code", "text"}, the text from the catalog's reason_CODE with
 * its number.
 */
static void
matches_words(const char *lang, json_t *item)
{
	json_t *reasons = json_object_get(item, "reasons"), *r;
	struct buf b = BUF_INIT;
	char id[64];
	size_t i;

	json_array_foreach (reasons, i, r) {
		snprintf(id, sizeof(id), "reason_%s",
		    json_string_value(json_object_get(r, "code")));
		buf_reset(&b);
		i18n_format(&b, lang, id,
		    json_integer_value(json_object_get(r, "n")));
		json_object_del(r, "n");
		json_object_set_new(r, "text", json_stringn(b.ptr, b.len));
	}
	buf_free(&b);
}

/*
 * For the page: the ask as the viewer may see it (its details only to
 * those allowed), whether the viewer may match (a coordinator, while the
 * ask is open), and each candidate's kind in words. 0, or -1 with p.
 */
static int
matches_page(struct request *req, json_t *data, struct problem *p)
{
	json_t *ask = NULL, *item;
	size_t i;

	if (need_find(req->db, req->id, 0, &ask, p) == -1)
		return -1;
	privacy_need_brief(&req->viewer, ask);
	i18n_label(req->lang, ask);
	json_object_set_new(data, "can_match",
	    json_boolean(req->viewer.role >= ROLE_COORDINATOR &&
		strcmp(json_string_value(json_object_get(ask, "status")),
		    "open") == 0));
	json_object_set_new(data, "ask", ask);
	json_array_foreach (json_object_get(data, "items"), i, item)
		json_object_set_new(item, "is_offer",
		    json_boolean(
			strcmp(json_string_value(json_object_get(item, "kind")),
			    "offer") == 0));
	return 0;
}

/*
 * GET /needs/:id/matches — 404; the RANK_TOP best offers and volunteers
 * for the ask, each with its score and reasons in words, and the total.
 */
void
needs_matches(struct request *req, struct view *v)
{
	json_t *item;
	size_t i;

	if (rank_list(req->db, req->id, &v->data, &v->problem) == -1)
		return;
	json_array_foreach (json_object_get(v->data, "items"), i, item)
		matches_words(req->lang, item);
	v->template = "matches";
	if (!req->want_json && matches_page(req, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
	}
}

/* The match id just made, as match_list gives it, into v. 0, or -1. */
static int
matches_made(struct request *req, int64_t id, struct view *v)
{
	json_t *list = NULL, *m;
	size_t i;

	if (match_list(req->db, req->id, &list, &v->problem) == -1)
		return -1;
	json_array_foreach (list, i, m)
		if (json_integer_value(json_object_get(m, "id")) == id)
			v->data = json_incref(m);
	json_decref(list);
	return 0;
}

/*
 * POST /needs/:id/match — 422 unless exactly one of offer_id and
 * user_id; 404 for an ask, offer or login not there; 409 for an ask not
 * open, an offer used up or of another category, a login that is no
 * volunteer or out of reach; 201 with the match and its reasons
 * (recomputed here, never taken from the client) as match_list gives
 * it, and a browser goes back to the ask.
 */
void
needs_match(struct request *req, struct view *v)
{
	json_t *offer = input_get(req->input, matches_pick_fields,
	    MATCHES_PICK_OFFER_ID);
	json_t *user = input_get(req->input, matches_pick_fields,
	    MATCHES_PICK_USER_ID);
	struct buf codes = BUF_INIT;
	int64_t offer_id = json_integer_value(offer);
	int64_t user_id = json_integer_value(user);
	int64_t id;

	if ((offer == NULL) == (user == NULL)) {
		problem_set(&v->problem, PROBLEM_INVALID, "err_match_one",
		    "offer_id", 0);
		return;
	}
	if (rank_one(req->db, req->id, offer_id, user_id, &codes,
		&v->problem) == -1 ||
	    match_apply(req->db, req->id, offer_id, user_id,
		req->viewer.user_id, codes.ptr, &id, &v->problem) == -1) {
		buf_free(&codes);
		return;
	}
	buf_free(&codes);
	audit_note_move(&req->audit, "open", "matched");
	if (matches_made(req, id, v) == 0)
		view_created(v, 201, "/needs/%lld", req->id);
}

int
matches_of_ask(struct request *req, json_t *ask, struct problem *p)
{
	json_t *list = NULL;
	int asked;

	if (req->viewer.role == ROLE_VOLUNTEER) {
		asked = asked_of(req->db, req->id, req->viewer.user_id, p);
		if (asked == -1)
			return -1;
		json_object_set_new(ask, "asked_of_me", json_boolean(asked));
		return 0;
	}
	if (req->viewer.role < ROLE_ORGANIZER)
		return 0;
	if (match_list(req->db, req->id, &list, p) == -1)
		return -1;
	json_object_set_new(ask, "show_matches", json_true());
	json_object_set_new(ask, "has_matches",
	    json_boolean(json_array_size(list) > 0));
	json_object_set_new(ask, "matches", list);
	return 0;
}
