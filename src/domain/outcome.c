/* A campaign's outcomes, and money as an amount in cents. */
#include <math.h>
#include <stdio.h>

#include "outcome.h"
#include "campaign.h"
#include "input.h"
#include "tx.h"
#include "util/clock.h"
#include "util/civil.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_ONE,
	STMT_LIST,
	STMT__MAX,
};

#define OUTCOME_COLUMNS "SELECT id, result, what, at, amount_cents "

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO campaign_outcome (campaign_id, result, what, at, "
	"amount_cents, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_ONE */
	OUTCOME_COLUMNS "FROM campaign_outcome WHERE id = ?",
	/* STMT_LIST */
	OUTCOME_COLUMNS "FROM campaign_outcome WHERE campaign_id = ? "
			"ORDER BY at DESC, id DESC",
};

const char *const outcome_results[] = {
	"won",
	"lost",
	NULL,
};

const struct field outcome_fields[OUTCOME__MAX + 1] = {
	[OUTCOME_RESULT] = { "result", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    outcome_results },
	[OUTCOME_WHAT] = { "what", FIELD_LINE, FIELD_REQUIRED, 3, 300, NULL },
	/* A day, YYYY-MM-DD: checked by civil_date_ok. */
	[OUTCOME_DATE] = { "date", FIELD_LINE, FIELD_REQUIRED, 1, 10, NULL },
	[OUTCOME_AMOUNT] = { "amount", FIELD_REAL, 0, 0, OUTCOME_AMOUNT_MAX,
	    NULL },
	[OUTCOME__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
outcome_cents(double amount, int64_t *cents)
{
	double c = amount * 100;

	*cents = (int64_t)llround(c);
	/* 12.345 is a typing slip, not a sum to round silently. */
	return fabs(c - (double)*cents) < 1e-6;
}

/* Add "amount", the cents as text with two decimals, or null. */
static void
outcome_amount(json_t *row)
{
	json_t *c = json_object_get(row, "amount_cents");
	char s[32];

	if (!json_is_integer(c)) {
		json_object_set_new(row, "amount", json_null());
		return;
	}
	snprintf(s, sizeof(s), "%lld.%02lld",
	    (long long)(json_integer_value(c) / 100),
	    (long long)(json_integer_value(c) % 100));
	json_object_set_new(row, "amount", json_string(s));
}

/* The checked amount of in, in cents, or DBV_NULL: 0, or -1 with p. */
static int
outcome_amount_in(json_t *in, struct db_val *v, struct problem *p)
{
	json_t *amount = input_get(in, outcome_fields, OUTCOME_AMOUNT);
	int64_t cents;

	*v = DBV_NULL;
	if (amount == NULL)
		return 0;
	if (!outcome_cents(json_number_value(amount), &cents))
		return problem_set(p, PROBLEM_INVALID, "err_amount", "amount",
		    0);
	*v = DBV_INT(cents);
	return 0;
}

int
outcome_create(struct db *db, int64_t campaign_id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];
	int64_t id;

	*out = NULL;
	if (campaign_exists(db, campaign_id, p) == -1)
		return -1;
	args[0] = DBV_INT(campaign_id);
	if (!civil_date_ok(input_text(in, outcome_fields, OUTCOME_DATE)))
		return problem_set(p, PROBLEM_INVALID, "err_campaign_date",
		    "date", 0);
	if (outcome_amount_in(in, &args[4], p) == -1)
		return -1;
	clock_now(now);
	args[1] = input_val(in, outcome_fields, OUTCOME_RESULT);
	args[2] = input_val(in, outcome_fields, OUTCOME_WHAT);
	args[3] = input_val(in, outcome_fields, OUTCOME_DATE);
	args[5] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 6, &id) != 1)
		return tx_problem(db, p);
	args[0] = DBV_INT(id);
	if (db_row(db, stmts[STMT_ONE], args, 1, out) != 1)
		return tx_problem(db, p);
	outcome_amount(*out);
	return 0;
}

int
outcome_list(struct db *db, int64_t campaign_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(campaign_id);
	json_t *row;
	size_t i;

	*out = db_rows(db, stmts[STMT_LIST], &arg, 1);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row)
		outcome_amount(row);
	return 0;
}
