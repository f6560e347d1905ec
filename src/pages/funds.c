/* Funds: the list, a fund's ledger and forms, and its public statement. */
#include <string.h>

#include "pages.h"
#include "domain/fund.h"
#include "domain/input.h"
#include "domain/user.h"
#include "render/i18n.h"
#include "util/banned.h"

/*
 * Add KEY_text, the amount in the currency's units ("12.50"), to each
 * object of rows (an array) or to rows itself, for every key of keys.
 */
static void
funds_money(json_t *rows, const char *const *keys, int exp)
{
	char text[40], name[48];
	json_t *row, *one = json_is_array(rows) ? NULL : json_pack("[O]", rows);
	size_t i, k;

	json_array_foreach (one != NULL ? one : rows, i, row)
		for (k = 0; keys[k] != NULL; k++) {
			if (!json_is_integer(json_object_get(row, keys[k])))
				continue;
			fund_format(
			    json_integer_value(json_object_get(row, keys[k])),
			    exp, text, sizeof(text));
			snprintf(name, sizeof(name), "%s_text", keys[k]);
			json_object_set_new(row, name, json_string(text));
		}
	json_decref(one);
}

static const char *const funds_amounts[] = { "amount_minor", "balance_minor",
	"in_minor", "out_minor", NULL };

/* The exponent of the currency a fund object names. */
static int
funds_exp(json_t *fund)
{
	return fund_exponent(
	    json_string_value(json_object_get(fund, "currency")));
}

/* The logins that may keep a fund's books, those in chosen checked. */
static json_t *
funds_users(struct request *req, json_t *chosen)
{
	json_t *all = user_list(req->db), *out = json_array(), *u, *one, *c;
	int64_t id, n;
	size_t i, j;

	json_array_foreach (all, i, u) {
		if (json_integer_value(json_object_get(u, "disabled")) != 0 ||
		    role_parse(json_string_value(json_object_get(u, "role"))) <
			ROLE_ORGANIZER)
			continue;
		id = json_integer_value(json_object_get(u, "id"));
		one = json_pack("{s:I, s:O}", "id", (json_int_t)id, "login",
		    json_object_get(u, "login"));
		json_array_foreach (chosen, j, c)
			if (options_int(c, &n) == 0 && n == id)
				json_object_set_new(one, "checked",
				    json_true());
		json_array_append_new(out, one);
	}
	json_decref(all);
	return out;
}

/*
 * The yes-or-no fields of a fund form's values as true or false: a form
 * sent again holds them as the text it sent ("0" would read as yes).
 */
static void
funds_flags(json_t *values)
{
	static const char *const keys[] = { "public", "overdraft", NULL };
	const char *t;
	size_t k;

	for (k = 0; keys[k] != NULL; k++) {
		t = json_string_value(json_object_get(values, keys[k]));
		if (t != NULL)
			json_object_set_new(values, keys[k],
			    json_boolean(strcmp(t, "1") == 0 ||
				strcmp(t, "on") == 0 ||
				strcmp(t, "true") == 0));
	}
}

/* The choices of the fund form (name, currency, flags, treasurers). */
static void
funds_choices(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values");

	funds_flags(values);

	json_object_set_new(data, "users",
	    funds_users(req,
		input_get(values, fund_fields, FUND_TREASURER_IDS)));
}

/* GET /funds — every fund with its balance, and for a coordinator the form. */
void
funds_list(struct request *req, struct view *v)
{
	json_t *row;
	size_t i;

	if (fund_list(req->db, &v->data, &v->problem) == -1)
		return;
	json_array_foreach (json_object_get(v->data, "items"), i, row)
		funds_money(row, funds_amounts, funds_exp(row));
	if (req->viewer.role >= ROLE_COORDINATOR) {
		json_object_set_new(v->data, "values", json_object());
		funds_choices(req, v->data);
	}
	v->template = "funds";
}

/* The funds page again, around its form sent with an error. */
void
funds_form(struct request *req, json_t *data)
{
	json_t *list = NULL;
	struct problem p = { 0 };

	if (fund_list(req->db, &list, &p) == 0) {
		json_object_update(data, list);
		json_decref(list);
	}
	funds_choices(req, data);
}

/* POST /funds — 422 naming name, currency or treasurer_ids; 201. */
void
funds_create(struct request *req, struct view *v)
{
	if (fund_create(req->db, req->input, &v->data, &v->problem) == 0)
		view_created(v, 201, "/funds/%lld",
		    json_integer_value(json_object_get(v->data, "id")));
}

/* The choices of a closed set as [{kind, kind_label, selected}]. */
static json_t *
funds_kinds(struct request *req, const char *const *kinds, const char *prefix,
    json_t *values, const char *key)
{
	return options_kinds(req->lang, kinds, prefix,
	    json_object_get(values, key));
}

/* The treasurers of the fund in data, as ids to mark in the edit form. */
static void
funds_chosen(json_t *data)
{
	json_t *ids = json_array(), *t;
	size_t i;

	json_array_foreach (json_object_get(data, "treasurers"), i, t)
		json_array_append(ids, json_object_get(t, "user_id"));
	json_object_set_new(data, "treasurers_chosen", ids);
}

/*
 * The fund page into data: the fund and its balance, the latest
 * transactions and reimbursements, and the forms its viewer may use.
 */
static int
funds_page(struct request *req, json_t *data, struct problem *p)
{
	json_t *fund = NULL, *ledger = NULL, *values, *rb, *edit;
	struct problem denied = { 0 };
	int exp, write;
	size_t i;

	if (fund_find(req->db, req->id, &fund, p) == -1)
		return -1;
	if (fund_ledger(req->db, req->id, &ledger, p) == -1) {
		json_decref(fund);
		return -1;
	}
	exp = funds_exp(fund);
	write = fund_may_write(req->db, &req->viewer, req->id, &denied) == 0;
	funds_money(fund, funds_amounts, exp);
	funds_money(json_object_get(ledger, "transactions"), funds_amounts,
	    exp);
	funds_money(json_object_get(ledger, "reimbursements"), funds_amounts,
	    exp);
	i18n_label_as(req->lang, json_object_get(ledger, "transactions"),
	    "purpose", "fund_purpose_");
	i18n_label_as(req->lang, json_object_get(ledger, "transactions"),
	    "direction", "fund_direction_");
	i18n_label_as(req->lang, json_object_get(ledger, "reimbursements"),
	    "status", "fund_rb_");
	json_array_foreach (json_object_get(ledger, "reimbursements"), i, rb) {
		const char *s = json_string_value(
		    json_object_get(rb, "status"));

		json_object_set_new(rb, "requested",
		    json_boolean(strcmp(s, "requested") == 0));
		json_object_set_new(rb, "approved",
		    json_boolean(strcmp(s, "approved") == 0));
		json_object_set_new(rb, "may_write", json_boolean(write));
	}
	json_object_update(data, fund);
	json_object_update(data, ledger);
	json_decref(fund);
	json_decref(ledger);
	json_object_set_new(data, "may_write", json_boolean(write));
	if (json_object_get(data, "values") == NULL)
		json_object_set_new(data, "values", json_object());
	values = json_object_get(data, "values");
	if (write) {
		json_object_set_new(data, "directions",
		    funds_kinds(req, fund_directions, "fund_direction_", values,
			"direction"));
		json_object_set_new(data, "purposes",
		    funds_kinds(req, fund_purposes, "fund_purpose_", values,
			"purpose"));
	}
	if (json_object_get(data, "treasurers_chosen") == NULL)
		funds_chosen(data);
	/* The edit form shows the fund, or what was sent to change it. */
	if (json_is_true(json_object_get(data, "form_edit")))
		edit = json_incref(values);
	else
		edit = json_pack("{s:O, s:O, s:O, s:O}", "name",
		    json_object_get(data, "name"), "currency",
		    json_object_get(data, "currency"), "public",
		    json_object_get(data, "public"), "overdraft",
		    json_object_get(data, "overdraft"));
	funds_flags(edit);
	json_object_set_new(data, "edit", json_pack("{s:o}", "values", edit));
	if (req->viewer.role >= ROLE_COORDINATOR)
		json_object_set_new(data, "users",
		    funds_users(req,
			json_object_get(data, "treasurers_chosen")));
	return 0;
}

/* GET /funds/:id — 404; {…fund, balance_minor, transactions, …}. */
void
funds_show(struct request *req, struct view *v)
{
	v->data = json_object();
	if (funds_page(req, v->data, &v->problem) == -1)
		return;
	v->template = "fund";
}

/*
 * The fund page again around the form sent with an error, which the
 * route says: the page has three, and each shows only its own errors.
 */
void
funds_again(struct request *req, json_t *data)
{
	struct problem p = { 0 };
	const char *pat = req->path;
	json_t *chosen;

	if (strstr(pat, "/transactions") != NULL)
		json_object_set_new(data, "form_tx", json_true());
	else if (strstr(pat, "/reimbursements") != NULL)
		json_object_set_new(data, "form_rb", json_true());
	else {
		json_object_set_new(data, "form_edit", json_true());
		chosen = json_object_get(json_object_get(data, "values"),
		    "treasurer_ids");
		json_object_set_new(data, "treasurers_chosen",
		    chosen != NULL ? json_incref(chosen) : json_array());
	}
	funds_page(req, data, &p);
}

/* POST or PATCH /funds/:id — 404; 422; 409 for a new currency; 200. */
void
funds_update(struct request *req, struct view *v)
{
	if (fund_update(req->db, req->id, req->input, &req->audit, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/funds/%lld", req->id);
}

/*
 * POST /funds/:id/transactions — 404; 403 unless a coordinator or a
 * treasurer of the fund; 422 naming the field; 409 when an out would
 * overdraw; 201 with the transaction and the balance after it.
 */
void
funds_tx(struct request *req, struct view *v)
{
	if (fund_tx_add(req->db, &req->viewer, req->id, req->input, &v->data,
		&v->problem) == 0)
		view_created(v, 201, "/funds/%lld", req->id);
}

/* POST /funds/:id/reimbursements — as a transaction's; 201, requested. */
void
funds_rb(struct request *req, struct view *v)
{
	if (fund_rb_add(req->db, &req->viewer, req->id, req->input, &v->data,
		&v->problem) == 0)
		view_created(v, 201, "/funds/%lld", req->id);
}

/*
 * POST /reimbursements/:id/status — 404; 403 as above; 409 for a move
 * the flow has not, or a payment past the balance; 200 with the request.
 */
void
funds_rb_status(struct request *req, struct view *v)
{
	if (fund_rb_decide(req->db, &req->viewer, req->id, req->input, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/funds/%lld",
		    json_integer_value(json_object_get(v->data, "fund_id")));
}

/*
 * GET /funds/:id/statement — 404 (a fund that is not public, below an
 * organizer, too); totals by month and by purpose, and no names. Also
 * the export's list (?format=csv): its items are the month and purpose
 * rows.
 */
int
funds_statement_rows(struct request *req, struct db *db, struct db_cursor **out,
    struct problem *p)
{
	return fund_statement_rows(db, &req->viewer, req->id, out, p);
}

void
funds_statement(struct request *req, struct view *v)
{
	json_t *fund;
	int exp;

	if (fund_statement(req->db, &req->viewer, req->id, NULL, NULL, &v->data,
		&v->problem) == -1)
		return;
	fund = json_object_get(v->data, "fund");
	exp = funds_exp(fund);
	funds_money(v->data, funds_amounts, exp);
	funds_money(json_object_get(v->data, "months"), funds_amounts, exp);
	funds_money(json_object_get(v->data, "purposes"), funds_amounts, exp);
	i18n_label_as(req->lang, json_object_get(v->data, "purposes"),
	    "purpose", "fund_purpose_");
	v->template = "fund_statement";
}
