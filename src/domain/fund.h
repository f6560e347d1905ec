/*
 * Funds: a rent fund, a strike fund, a bail fund, with a currency, money
 * in and out in whole minor units, and reimbursements asked for and
 * decided. The balance is the sum of the transactions, never a stored
 * counter; an "out" that would take it below zero is refused unless the
 * fund allows overdraft. Coordinators and a fund's treasurers write;
 * organizers read; a public fund's statement (totals by month and by
 * purpose, no names) is for anyone.
 */
#ifndef FUND_H
#define FUND_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* The most one amount may be, in minor units: past it, a typing error. */
#define FUND_AMOUNT_MAX INT64_C(1000000000000)
/* Treasurers one fund may name. */
#define FUND_TREASURERS_MAX 20

/* ISO 4217 codes of currencies in use, NULL-ended (FIELD_CHOICE). */
extern const char *const fund_currencies[];
/* The closed sets of schema/033_funds.sql, NULL-ended. */
extern const char *const fund_directions[];
extern const char *const fund_purposes[];
extern const char *const fund_reimbursement_statuses[];

enum fund_key {
	FUND_NAME,
	FUND_CURRENCY,
	FUND_PUBLIC,
	FUND_OVERDRAFT,
	FUND_TREASURER_IDS,
	FUND__MAX,
};

extern const struct field fund_fields[FUND__MAX + 1];

/*
 * A transaction, and a reimbursement asked for: the amount as
 * amount_minor (an integer of minor units) or as amount, the text a form
 * sends ("12.50" or "12,50" of the fund's currency), one of the two.
 */
enum fund_tx_key {
	FUND_TX_DIRECTION,
	FUND_TX_AMOUNT_MINOR,
	FUND_TX_AMOUNT,
	FUND_TX_PURPOSE,
	FUND_TX_PERSON_ID,
	FUND_TX_NEED_ID,
	FUND_TX_NOTE,
	FUND_TX__MAX,
};

extern const struct field fund_tx_fields[FUND_TX__MAX + 1];

enum fund_rb_key {
	FUND_RB_PERSON_ID,
	FUND_RB_AMOUNT_MINOR,
	FUND_RB_AMOUNT,
	FUND_RB_NEED_ID,
	FUND_RB_NOTE,
	FUND_RB__MAX,
};

extern const struct field fund_rb_fields[FUND_RB__MAX + 1];

enum fund_rb_status_key {
	FUND_RB_STATUS,
	FUND_RB_STATUS__MAX,
};

extern const struct field fund_rb_status_fields[FUND_RB_STATUS__MAX + 1];

/* Digits after the decimal point of currency: 0 (JPY), 2, 3 (KWD). */
int fund_exponent(const char *currency);
/*
 * minor of a currency with exp digits as text, "-1234.50": into out
 * (at least 32 bytes).
 */
void fund_format(int64_t minor, int exp, char *out, size_t len);

/*
 * Make a fund from decoded input inside the caller's transaction: 422
 * naming treasurer_ids for a login that is not an organizer or above.
 * 0 and the fund as fund_find shows it, or -1 with p.
 */
int fund_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Change the fields of in (a partial update; treasurer_ids replaces the
 * list), noted in note: 404; 422 as above; 409 for a new currency once
 * the fund has transactions (err_fund_currency). 0 and the fund, or -1
 * with p.
 */
int fund_update(struct db *, int64_t id, json_t *in, struct audit_note *,
    json_t **out, struct problem *);
/*
 * The fund id: {id, name, currency, public, overdraft, created_at,
 * updated_at, balance_minor, treasurers: [{user_id, login}]}; 404.
 */
int fund_find(struct db *, int64_t id, json_t **out, struct problem *);
/* {items: [{id, name, currency, public, overdraft, balance_minor}], total}. */
int fund_list(struct db *, json_t **out, struct problem *);
/*
 * Whether v may write in fund id: a coordinator or above, or one of its
 * treasurers. 0, or -1 with p: 404 for no such fund, else 403.
 */
int fund_may_write(struct db *, const struct viewer *, int64_t id,
    struct problem *);
/*
 * Record a transaction of fund id by v inside the caller's transaction:
 * 404, 403 (fund_may_write), 422 naming the field (an amount neither
 * given nor whole minor units of the currency, a purpose of the other
 * direction, an unknown person or ask), 409 (err_fund_overdraw) for an
 * out past the balance of a fund without overdraft, which the insert
 * itself checks. 0 and {transaction…, balance_minor}, or -1 with p.
 */
int fund_tx_add(struct db *, const struct viewer *, int64_t id, json_t *in,
    json_t **out, struct problem *);
/* The fund's latest transactions and reimbursements, newest first. */
int fund_ledger(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * Ask for a reimbursement from fund id, as fund_tx_add checks its input:
 * 0 and the request (status requested), or -1 with p.
 */
int fund_rb_add(struct db *, const struct viewer *, int64_t id, json_t *in,
    json_t **out, struct problem *);
/*
 * Decide reimbursement id: approved or refused from requested, paid or
 * refused from approved (409 err_transition otherwise), by v, who must
 * write in its fund (403). Paying it records the "out" transaction,
 * refused as fund_tx_add's (409) past the balance. 0 and the request,
 * or -1 with p (404 err_no_reimbursement).
 */
int fund_rb_decide(struct db *, const struct viewer *, int64_t id, json_t *in,
    json_t **out, struct problem *);
/*
 * The statement of fund id, names left out: {fund: {id, name, currency,
 * public}, in_minor, out_minor, balance_minor, months: [{month,
 * in_minor, out_minor}], purposes: [{purpose, in_minor, out_minor}],
 * items: [{month, purpose, in_minor, out_minor}]}, of the transactions
 * from from until before to (ISO times; NULL: since the first, up to
 * the last), balance_minor then what came in less what went out in that
 * period. A fund that is not public is 404 below an organizer, as if
 * there were none.
 */
int fund_statement(struct db *, const struct viewer *, int64_t id,
    const char *from, const char *to, json_t **out, struct problem *);
/*
 * The statement's items of fund id, one row at a time, as a cursor on db
 * (which must be in a transaction); 404 as fund_statement's. 0, or -1
 * with p.
 */
int fund_statement_rows(struct db *, const struct viewer *, int64_t id,
    struct db_cursor **out, struct problem *);

#endif
