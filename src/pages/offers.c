/* Offers: the board pages over the offer domain. */
#include "board.h"
#include "pages.h"
#include "domain/offer.h"
#include "util/banned.h"

static const struct board offers = {
	offer_list, offer_create, offer_find, offer_set_status,
	"offers", "offer", "offer_form", "/offers/%lld",
};

/* GET /offers — 422 on a bad filter; the page of offers and the total. */
void
offers_list(struct request *req, struct view *v)
{
	board_list(&offers, req, v);
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

/* GET /offers/:id — 404; the offer and its possible moves. */
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
