/* Stock moves: the list with the form that records one, a move, reversal. */
#include "pages.h"
#include "domain/input.h"
#include "domain/item.h"
#include "domain/location.h"
#include "domain/privacy.h"
#include "domain/stock.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

/* A closed set as [{key: name, key_label, selected}], chosen marked. */
static json_t *
moves_set(const char *lang, const char *const *names, const char *key,
    const char *prefix, json_t *chosen)
{
	json_t *list = json_array();
	int i;

	for (i = 0; names[i] != NULL; i++)
		json_array_append_new(list, json_pack("{s:s}", key, names[i]));
	i18n_label_as(lang, list, key, prefix);
	options_mark(list, key, chosen);
	return list;
}

/* The locations for the select of field key, marked as in values. */
static json_t *
moves_places(json_t *all, json_t *values, int key)
{
	json_t *list = json_deep_copy(all);

	options_mark(list, "id", input_get(values, stock_move_fields, key));
	return list;
}

/* The choices of the move form, marked as in the values shown. */
static void
moves_choices(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values");
	json_t *items = item_options(req->db), *places;

	json_object_set_new(data, "kinds",
	    moves_set(req->lang, stock_kinds, "kind", "stock_kind_",
		input_get(values, stock_move_fields, STOCK_MOVE_KIND)));
	json_object_set_new(data, "reasons",
	    moves_set(req->lang, stock_reasons, "reason", "stock_reason_",
		input_get(values, stock_move_fields, STOCK_MOVE_REASON)));
	if (items != NULL) {
		options_mark(items, "id",
		    input_get(values, stock_move_fields, STOCK_MOVE_ITEM_ID));
		json_object_set_new(data, "items_options", items);
	}
	places = location_options(req->db);
	if (places == NULL)
		return;
	json_object_set_new(data, "places",
	    moves_places(places, values, STOCK_MOVE_LOCATION_ID));
	json_object_set_new(data, "places_from",
	    moves_places(places, values, STOCK_MOVE_FROM_LOCATION_ID));
	json_object_set_new(data, "places_to",
	    moves_places(places, values, STOCK_MOVE_TO_LOCATION_ID));
	json_decref(places);
}

/* The moves for in (the filters), labelled. 0 or -1 with p. */
static int
moves_of(struct request *req, json_t *in, json_t **out, struct problem *p)
{
	json_t *rows;

	if (stock_list(req->db, in, out, p) == -1)
		return -1;
	rows = json_object_get(*out, "items");
	i18n_label_as(req->lang, rows, "kind", "stock_kind_");
	i18n_label_as(req->lang, rows, "reason", "stock_reason_");
	items_label(req->lang, rows);
	return 0;
}

/*
 * GET /stock/moves — 422 on a bad filter; the moves, newest first, and
 * the form, filled with the filters (a location's "take" link).
 */
void
moves_list(struct request *req, struct view *v)
{
	json_t *values = json_object();

	if (moves_of(req, req->input, &v->data, &v->problem) == -1) {
		json_decref(values);
		return;
	}
	pager_add(req, v->data);
	input_copy(req->input, stock_list_fields, STOCK_LIST_LOCATION_ID,
	    values, stock_move_fields, STOCK_MOVE_LOCATION_ID);
	input_copy(req->input, stock_list_fields, STOCK_LIST_ITEM_ID, values,
	    stock_move_fields, STOCK_MOVE_ITEM_ID);
	input_copy(req->input, stock_list_fields, STOCK_LIST_KIND, values,
	    stock_move_fields, STOCK_MOVE_KIND);
	json_object_set_new(v->data, "values", values);
	moves_choices(req, v->data);
	v->template = "stock_moves";
}

/* The moves page again, around its form sent with an error. */
void
moves_form(struct request *req, json_t *data)
{
	pager_again(req, data, moves_of);
	moves_choices(req, data);
}

/* A move to write and who writes it, for tx_run; the new move read back. */
struct moves_write {
	json_t *in;
	const struct viewer *who;
	int64_t id;
	json_t *out;
};

static int
moves_add_work(struct db *db, void *arg, struct problem *p)
{
	struct moves_write *w = arg;
	int64_t id;

	if (stock_move_add(db, w->in, w->who, &id, p) == -1)
		return -1;
	return stock_move_find(db, id, &w->out, p);
}

static int
moves_reverse_work(struct db *db, void *arg, struct problem *p)
{
	struct moves_write *w = arg;
	int64_t id;

	if (stock_reverse(db, w->id,
		input_text(w->in, stock_reverse_fields, STOCK_REVERSE_NOTE),
		w->who, &id, p) == -1)
		return -1;
	return stock_move_find(db, id, &w->out, p);
}

/*
 * Run work in a transaction of its own (the move writes its audit entry
 * itself) and answer the new move, read inside it: once committed, the
 * answer cannot fail. 201.
 */
static void
moves_write(struct request *req, struct view *v, tx_work work)
{
	struct moves_write w = { req->input, &req->viewer, req->id, NULL };

	if (tx_run(req->db, work, &w, &v->problem) == -1) {
		json_decref(w.out);
		return;
	}
	v->data = w.out;
	view_created(v, 201, "/stock/moves/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * POST /stock/moves — 422 naming the field (stock.h), 403 outside a
 * volunteer's zones, 409 when it takes more than is there; nothing
 * written. 201 with the move.
 */
void
moves_create(struct request *req, struct view *v)
{
	moves_write(req, v, moves_add_work);
}

/*
 * POST /stock/moves/:id/reverse — 404; 409 when reversed already, a
 * reversal, or what it brought is gone; 403 as above. 201 with the new
 * move.
 */
void
moves_reverse(struct request *req, struct view *v)
{
	moves_write(req, v, moves_reverse_work);
}

/* GET /stock/moves/:id — 404; the move, and what reversed it. */
void
moves_show(struct request *req, struct view *v)
{
	json_t *one;

	if (stock_move_find(req->db, req->id, &v->data, &v->problem) == -1)
		return;
	privacy_stock_move(&req->viewer, v->data);
	one = json_pack("[O]", v->data);
	i18n_label_as(req->lang, one, "kind", "stock_kind_");
	i18n_label_as(req->lang, one, "reason", "stock_reason_");
	items_label(req->lang, one);
	json_decref(one);
	v->template = "stock_move";
}
