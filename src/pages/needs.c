/* Asks: the board pages over the need domain. */
#include "board.h"
#include "pages.h"
#include "domain/need.h"
#include "util/banned.h"

static const struct board needs = {
	need_list, need_create, need_find, need_set_status,
	"needs", "need", "need_form", "/needs/%lld",
};

/* GET /needs — 422 on a bad filter; the page of asks and the total. */
void
needs_list(struct request *req, struct view *v)
{
	board_list(&needs, req, v);
}

/* GET /needs/new — the form, for the person given as ?person_id=. */
void
needs_new(struct request *req, struct view *v)
{
	board_new(&needs, req, v);
}

/* POST /needs — 422 naming the field; 201 with the ask. */
void
needs_create(struct request *req, struct view *v)
{
	board_create(&needs, req, v);
}

/* GET /needs/:id — 404; the ask and its possible moves. */
void
needs_show(struct request *req, struct view *v)
{
	board_show(&needs, req, v);
}

/* POST /needs/:id/status — 404, 409 on a move not allowed, 422; the ask. */
void
needs_status(struct request *req, struct view *v)
{
	board_status(&needs, req, v);
}

void
needs_form(struct request *req, json_t *data)
{
	board_form(&needs, req, data);
}

void
needs_status_form(struct request *req, json_t *data)
{
	board_status_form(&needs, req, data);
}
