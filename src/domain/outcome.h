/*
 * What a campaign won or lost: repairs made, rent rolled back, back pay.
 * Where it is money, the amount is kept in cents, never as a float.
 */
#ifndef OUTCOME_H
#define OUTCOME_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The most one outcome records: 10 million in the network's currency. */
#define OUTCOME_AMOUNT_MAX 10000000

/* "won", "lost", NULL-ended. */
extern const char *const outcome_results[];

enum outcome_key {
	OUTCOME_RESULT,
	OUTCOME_WHAT,
	OUTCOME_DATE,
	OUTCOME_AMOUNT, /* in units of the currency, at most 2 decimals */
	OUTCOME__MAX,
};

extern const struct field outcome_fields[OUTCOME__MAX + 1];

/*
 * Record an outcome of the campaign id, inside the caller's transaction:
 * 404 without the campaign, 422 naming date (no calendar date) or amount
 * (more than two decimals). 0 and the outcome as outcome_list shows each,
 * or -1 with p.
 */
int outcome_create(struct db *, int64_t campaign_id, json_t *in, json_t **out,
    struct problem *);
/*
 * The outcomes of the campaign id, latest first: [{id, result, what, at,
 * amount_cents, amount: "1250.00" or null}]. 0, or -1 with p.
 */
int outcome_list(struct db *, int64_t campaign_id, json_t **out,
    struct problem *);
/* Whether amount (a real) has at most two decimals; its cents in *cents. */
int outcome_cents(double amount, int64_t *cents);

#endif
