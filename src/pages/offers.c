/* Offers: the board pages over the offer domain. */
#include "board.h"
#include "pages.h"
#include "domain/offer.h"
#include "domain/privacy.h"
#include "util/banned.h"

static const struct board offers = {
	offer_list,
	offer_create,
	offer_find,
	offer_set_status,
	privacy_offer,
	privacy_offer,
	"offers",
	"offer",
	"offer_form",
	"/offers/%lld",
};

/*
 * GET /offers — 422 on a bad filter; the page of offers and the total,
 * within a volunteer's zones. What is offered is no secret: anyone may
 * search it.
 */
void
offers_list(struct request *req, struct view *v)
{
	privacy_offer_filters(&req->viewer, req->input);
	board_list(&offers, req, v);
	if (v->data != NULL)
		json_object_set_new(v->data, "can_search", json_true());
}

int
offers_rows(struct request *req, struct db *db, struct db_cursor **out,
    struct problem *p)
{
	privacy_offer_filters(&req->viewer, req->input);
	return offer_rows(db, req->input, &req->viewer, out, p);
}

/* As board_list reduces a row (offer_list shapes none). */
void
offers_row(const struct viewer *v, json_t *row)
{
	offers.reduce_listed(v, row);
}

/* GET /offers/new — the form, for the person given as ?person_id=. */
void
offers_new(struct request *req, struct view *v)
{
	board_new(&offers, req, v);
}

/* POST /offers — 422 naming the field; 201 with the offer. */
void
offers_create(struct request *req, struct view *v)
{
	board_create(&offers, req, v);
}

/* GET /offers/:id — 404, also outside a volunteer's zones; the offer. */
void
offers_show(struct request *req, struct view *v)
{
	board_show(&offers, req, v);
}

/* POST /offers/:id/status — 404, 409 on a move not allowed, 422; the offer. */
void
offers_status(struct request *req, struct view *v)
{
	board_status(&offers, req, v);
}

void
offers_form(struct request *req, json_t *data)
{
	board_form(&offers, req, data);
}

void
offers_status_form(struct request *req, json_t *data)
{
	board_status_form(&offers, req, data);
}
