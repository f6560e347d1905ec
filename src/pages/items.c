/* Items: the list with the form that adds one, an item's page and edit. */
#include <string.h>

#include "pages.h"
#include "domain/category.h"
#include "domain/input.h"
#include "domain/item.h"
#include "render/i18n.h"
#include "util/banned.h"

/* The units as [{unit, unit_label, selected}], chosen marked. */
static json_t *
items_units(const char *lang, json_t *chosen)
{
	json_t *list = json_array();
	int i;

	for (i = 0; item_units[i] != NULL; i++)
		json_array_append_new(list,
		    json_pack("{s:s}", "unit", item_units[i]));
	i18n_label_as(lang, list, "unit", "unit_");
	options_mark(list, "unit", chosen);
	return list;
}

/* Unit and category labels of an item or a list of them. */
void
items_label(const char *lang, json_t *rows)
{
	i18n_label(lang, rows);
	i18n_label_as(lang, rows, "unit", "unit_");
}

/* The choices of the item form, marked as in the values shown. */
static void
items_choices(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *cats = NULL;
	struct problem p;

	json_object_set_new(data, "units",
	    items_units(req->lang, input_get(values, item_fields, ITEM_UNIT)));
	if (category_all(req->db, &cats, &p) == 0) {
		i18n_label(req->lang, cats);
		options_mark(cats, "code",
		    input_get(values, item_fields, ITEM_CATEGORY));
		json_object_set_new(data, "categories", cats);
	}
}

/* The list of items for in (the filters), labelled. 0 or -1 with p. */
static int
items_of(struct request *req, json_t *in, json_t **out, struct problem *p)
{
	if (item_list(req->db, in, out, p) == -1)
		return -1;
	items_label(req->lang, json_object_get(*out, "items"));
	return 0;
}

/* GET /items — 422 on a bad filter; the items by name, and the form. */
void
items_list(struct request *req, struct view *v)
{
	if (items_of(req, req->input, &v->data, &v->problem) == -1)
		return;
	pager_add(req, v->data);
	if (req->viewer.role >= ROLE_COORDINATOR) {
		json_object_set_new(v->data, "values", json_object());
		items_choices(req, v->data);
	}
	v->template = "items";
}

/* The items page again, around its form sent with an error. */
void
items_form(struct request *req, json_t *data)
{
	pager_again(req, data, items_of);
	items_choices(req, data);
}

/* POST /items — 422 naming name, unit or category, nothing written; 201. */
void
items_create(struct request *req, struct view *v)
{
	if (item_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/items/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/* The item page: the item, and for a coordinator its edit form. */
static int
items_page(struct request *req, json_t *data, struct problem *p)
{
	json_t *item = NULL, *values;
	int k;

	if (item_find(req->db, req->id, &item, p) == -1)
		return -1;
	items_label(req->lang, item);
	if (json_object_get(data, "values") == NULL) {
		values = json_object();
		for (k = 0; k < ITEM__MAX; k++)
			input_copy(item, item_fields, k, values, item_fields,
			    k);
		json_object_set_new(data, "values", values);
	}
	json_object_set_new(data, "item", item);
	if (req->viewer.role >= ROLE_COORDINATOR)
		items_choices(req, data);
	return 0;
}

/* GET /items/:id — 404; the item, what all locations hold, the form. */
void
items_show(struct request *req, struct view *v)
{
	v->data = json_object();
	if (items_page(req, v->data, &v->problem) == -1)
		return;
	v->template = "item";
}

/* The item page again, around its edit form sent with an error. */
void
items_edit_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };

	items_page(req, data, &p);
}

/*
 * POST or PATCH /items/:id — 404; 422 as for a new one; 409 for a new
 * unit once moved; 200 with the item.
 */
void
items_update(struct request *req, struct view *v)
{
	if (item_update(req->db, req->id, req->input, &req->audit, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/items/%lld", req->id);
}
