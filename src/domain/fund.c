/* Funds: the ledger, its balance, reimbursements and the public statement. */
#include <stdio.h>
#include <string.h>

#include "fund.h"
#include "input.h"
#include "refs.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_ROW,
	STMT_UPDATE,
	STMT_TREASURERS,
	STMT_TREASURER_OK,
	STMT_TREASURERS_CLEAR,
	STMT_TREASURER_ADD,
	STMT_IS_TREASURER,
	STMT_HAS_TX,
	STMT_LIST,
	STMT_TX_ADD,
	STMT_TX_FIND,
	STMT_NEED,
	STMT_LEDGER_TX,
	STMT_LEDGER_RB,
	STMT_RB_ADD,
	STMT_RB_FIND,
	STMT_RB_DECIDE,
	STMT_RB_PAY,
	STMT_LOCK,
	STMT_RB_LOCK,
	STMT_STATEMENT,
	STMT__MAX,
};

/*
 * The balance of fund f.id: the sum of its ledger, read where it is
 * shown. A sum over integers is an integer on both backends.
 */
#define FUND_BALANCE                                                           \
	"(SELECT coalesce(sum(CASE WHEN t.direction = 'in' THEN "              \
	"t.amount_minor ELSE -t.amount_minor END), 0) FROM fund_tx t "         \
	"WHERE t.fund_id = f.id)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO fund (name, currency, public, overdraft, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT f.id, f.name, f.currency, f.public, f.overdraft, "
	"f.created_at, f.updated_at, " FUND_BALANCE " AS balance_minor "
	"FROM fund f WHERE f.id = ?",
	/* STMT_ROW: that the fund is there, and its currency */
	"SELECT currency FROM fund WHERE id = ?",
	/* STMT_UPDATE */
	"UPDATE fund SET name = ?, currency = ?, public = ?, overdraft = ?, "
	"updated_at = ? WHERE id = ?",
	/* STMT_TREASURERS */
	"SELECT t.user_id, u.login FROM fund_treasurer t JOIN app_user u ON "
	"u.id = t.user_id WHERE t.fund_id = ? ORDER BY u.login, t.user_id",
	/*
	 * STMT_TREASURER_OK: a treasurer reads the fund too, so an
	 * organizer or above, as the routes' least role; signed in.
	 */
	"SELECT 1 FROM app_user WHERE id = ? AND disabled = 0 AND role IN "
	"('organizer', 'coordinator', 'admin')",
	/* STMT_TREASURERS_CLEAR */
	"DELETE FROM fund_treasurer WHERE fund_id = ?",
	/* STMT_TREASURER_ADD */
	"INSERT INTO fund_treasurer (fund_id, user_id) VALUES (?, ?)",
	/* STMT_IS_TREASURER */
	"SELECT 1 FROM fund_treasurer WHERE fund_id = ? AND user_id = ?",
	/* STMT_HAS_TX */
	"SELECT count(*) FROM fund_tx WHERE fund_id = ?",
	/* STMT_LIST: funds are few; each balance from its own index */
	"SELECT f.id, f.name, f.currency, f.public, f.overdraft, "
	"" FUND_BALANCE " AS balance_minor FROM fund f ORDER BY f.name, f.id "
	"LIMIT 1000",
	/*
	 * STMT_TX_ADD: the guard is in the insert itself: an out is written
	 * only while the balance covers it (or the fund allows overdraft),
	 * so none can pass on a balance read earlier. The fund's row is
	 * locked first (STMT_LOCK), so the sum read here is the last one:
	 * on PostgreSQL a spend beside waits, then sums afresh. Don't fold
	 * the lock into this statement: a statement that waits for a row
	 * lock sees that row anew, but sums the ledger as it was when the
	 * statement began. The placeholders of a SELECT list are cast:
	 * PostgreSQL would take them for text.
	 */
	"INSERT INTO fund_tx (fund_id, direction, amount_minor, purpose, at, "
	"user_id, person_id, note, need_id, reimbursement_id) SELECT f.id, ?, "
	"CAST(? AS BIGINT), ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), ?, "
	"CAST(? AS BIGINT), CAST(? AS BIGINT) FROM fund f WHERE f.id = ? AND "
	"(? = 'in' OR f.overdraft = 1 OR " FUND_BALANCE " >= "
	"CAST(? AS BIGINT)) RETURNING id",
	/* STMT_TX_FIND */
	"SELECT t.id, t.fund_id, t.direction, t.amount_minor, t.purpose, "
	"t.at, t.person_id, t.note, t.need_id, t.reimbursement_id, "
	"(SELECT " FUND_BALANCE " FROM fund f WHERE f.id = t.fund_id) AS "
	"balance_minor FROM fund_tx t WHERE t.id = ?",
	/* STMT_NEED */
	"SELECT 1 FROM need WHERE id = ?",
	/* STMT_LEDGER_TX: the latest; the statement sums them all */
	"SELECT t.id, t.direction, t.amount_minor, t.purpose, t.at, "
	"t.person_id, p.name AS person_name, t.note, t.need_id, "
	"t.reimbursement_id, u.login AS recorded_by FROM fund_tx t "
	"LEFT JOIN person p ON p.id = t.person_id LEFT JOIN app_user u ON "
	"u.id = t.user_id WHERE t.fund_id = ? ORDER BY t.at DESC, t.id DESC "
	"LIMIT 100",
	/* STMT_LEDGER_RB */
	"SELECT r.id, r.person_id, p.name AS person_name, r.amount_minor, "
	"r.note, r.need_id, r.status, r.requested_at, r.decided_at, "
	"r.paid_at, ru.login AS requested_by, du.login AS decided_by, "
	"pu.login AS paid_by FROM fund_reimbursement r "
	"LEFT JOIN person p ON p.id = r.person_id "
	"LEFT JOIN app_user ru ON ru.id = r.requested_by "
	"LEFT JOIN app_user du ON du.id = r.decided_by "
	"LEFT JOIN app_user pu ON pu.id = r.paid_by "
	"WHERE r.fund_id = ? ORDER BY r.id DESC LIMIT 100",
	/* STMT_RB_ADD */
	"INSERT INTO fund_reimbursement (fund_id, person_id, amount_minor, "
	"note, need_id, status, requested_by, requested_at) VALUES (?, ?, ?, "
	"?, ?, 'requested', ?, ?) RETURNING id",
	/* STMT_RB_FIND */
	"SELECT r.id, r.fund_id, r.person_id, r.amount_minor, r.note, "
	"r.need_id, r.status, r.requested_by, r.requested_at, r.decided_by, "
	"r.decided_at, r.paid_by, r.paid_at FROM fund_reimbursement r "
	"WHERE r.id = ?",
	/* STMT_RB_DECIDE: guarded by the status it was read in */
	"UPDATE fund_reimbursement SET status = ?, decided_by = ?, "
	"decided_at = ? WHERE id = ? AND status = ?",
	/* STMT_RB_PAY */
	"UPDATE fund_reimbursement SET status = 'paid', paid_by = ?, "
	"paid_at = ? WHERE id = ? AND status = 'approved'",
	/* STMT_LOCK: a fund's ledger and settings, one writer at a time */
	"SELECT id FROM fund WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_RB_LOCK: a request, decided once */
	"SELECT id FROM fund_reimbursement WHERE id = ? FOR NO KEY UPDATE",
	/*
	 * STMT_STATEMENT: totals by month and purpose, no row of anyone's,
	 * of a period. at is ISO text on both backends: its first 7
	 * characters are the month (UTC), and it sorts as time does.
	 */
	"SELECT substr(at, 1, 7) AS month, purpose, "
	"coalesce(sum(CASE WHEN direction = 'in' THEN amount_minor END), 0) "
	"AS in_minor, "
	"coalesce(sum(CASE WHEN direction = 'out' THEN amount_minor END), 0) "
	"AS out_minor FROM fund_tx WHERE fund_id = ? AND at >= ? AND at < ? "
	"GROUP BY substr(at, 1, 7), purpose ORDER BY month, purpose",
};

/*
 * The codes of ISO 4217 for money people hold: the fund codes (BOV,
 * CLF…), the metals and the test codes are left out.
 */
/* clang-format off */
const char *const fund_currencies[] = {
	"AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
	"BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL",
	"BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
	"COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP",
	"ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD",
	"GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
	"IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF",
	"KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
	"LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
	"MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
	"NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
	"RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
	"SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
	"TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
	"USD", "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD",
	"XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", NULL,
};
/* clang-format on */

/* Currencies whose minor unit is not a hundredth (ISO 4217's table). */
static const struct {
	const char *code;
	int exp;
} fund_exponents[] = {
	{ "BIF", 0 },
	{ "CLP", 0 },
	{ "DJF", 0 },
	{ "GNF", 0 },
	{ "ISK", 0 },
	{ "JPY", 0 },
	{ "KMF", 0 },
	{ "KRW", 0 },
	{ "PYG", 0 },
	{ "RWF", 0 },
	{ "UGX", 0 },
	{ "VND", 0 },
	{ "VUV", 0 },
	{ "XAF", 0 },
	{ "XOF", 0 },
	{ "XPF", 0 },
	{ "BHD", 3 },
	{ "IQD", 3 },
	{ "JOD", 3 },
	{ "KWD", 3 },
	{ "LYD", 3 },
	{ "OMR", 3 },
	{ "TND", 3 },
	{ NULL, 0 },
};

const char *const fund_directions[] = { "in", "out", NULL };

/* In the order the forms offer them: money in, money out, either. */
const char *const fund_purposes[] = {
	"donation",
	"dues",
	"event",
	"rent",
	"groceries",
	"bills",
	"reimbursement",
	"other",
	NULL,
};

/* The direction each purpose is for, in fund_purposes' order; NULL: both. */
static const char *const fund_purpose_direction[] = {
	"in",
	"in",
	"in",
	"out",
	"out",
	"out",
	"out",
	NULL,
};

const char *const fund_reimbursement_statuses[] = {
	"requested",
	"approved",
	"paid",
	"refused",
	NULL,
};

/* What a decision may set: requested is where each begins. */
static const char *const fund_decisions[] = {
	"approved",
	"paid",
	"refused",
	NULL,
};

const struct field fund_fields[FUND__MAX + 1] = {
	[FUND_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[FUND_CURRENCY] = { "currency", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    fund_currencies },
	[FUND_PUBLIC] = { "public", FIELD_BOOL, 0, 0, 0, NULL },
	[FUND_OVERDRAFT] = { "overdraft", FIELD_BOOL, 0, 0, 0, NULL },
	[FUND_TREASURER_IDS] = { "treasurer_ids", FIELD_IDS, 0, 1,
	    FUND_TREASURERS_MAX, NULL },
	[FUND__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field fund_tx_fields[FUND_TX__MAX + 1] = {
	[FUND_TX_DIRECTION] = { "direction", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    fund_directions },
	[FUND_TX_AMOUNT_MINOR] = { "amount_minor", FIELD_INT, 0, 1,
	    FUND_AMOUNT_MAX, NULL },
	[FUND_TX_AMOUNT] = { "amount", FIELD_LINE, 0, 1, 24, NULL },
	[FUND_TX_PURPOSE] = { "purpose", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    fund_purposes },
	[FUND_TX_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[FUND_TX_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[FUND_TX_NOTE] = { "note", FIELD_TEXT, 0, 1, 500, NULL },
	[FUND_TX__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field fund_rb_fields[FUND_RB__MAX + 1] = {
	[FUND_RB_PERSON_ID] = { "person_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[FUND_RB_AMOUNT_MINOR] = { "amount_minor", FIELD_INT, 0, 1,
	    FUND_AMOUNT_MAX, NULL },
	[FUND_RB_AMOUNT] = { "amount", FIELD_LINE, 0, 1, 24, NULL },
	[FUND_RB_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[FUND_RB_NOTE] = { "note", FIELD_TEXT, FIELD_REQUIRED, 1, 500, NULL },
	[FUND_RB__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field fund_rb_status_fields[FUND_RB_STATUS__MAX + 1] = {
	[FUND_RB_STATUS] = { "status", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    fund_decisions },
	[FUND_RB_STATUS__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
fund_exponent(const char *currency)
{
	size_t i;

	for (i = 0; currency != NULL && fund_exponents[i].code != NULL; i++)
		if (strcmp(fund_exponents[i].code, currency) == 0)
			return fund_exponents[i].exp;
	return 2;
}

void
fund_format(int64_t minor, int exp, char *out, size_t len)
{
	/* Through unsigned: the most negative value has no positive. */
	uint64_t u = minor < 0 ? -(uint64_t)minor : (uint64_t)minor;
	uint64_t scale = exp == 3 ? 1000 : exp == 2 ? 100 : 1;

	if (exp == 0)
		snprintf(out, len, "%s%llu", minor < 0 ? "-" : "",
		    (unsigned long long)u);
	else
		snprintf(out, len, "%s%llu.%0*llu", minor < 0 ? "-" : "",
		    (unsigned long long)(u / scale), exp,
		    (unsigned long long)(u % scale));
}

/*
 * A form's amount in minor units of a currency with exp digits: digits,
 * then "." or "," and at most exp more. 0, or -1 when it is not one or
 * is outside 1 to FUND_AMOUNT_MAX.
 */
static int
fund_parse_amount(const char *s, int exp, int64_t *out)
{
	int64_t v = 0;
	int frac = -1, digits = 0;

	for (; *s != '\0'; s++) {
		if ((*s == '.' || *s == ',') && frac == -1 && digits > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == exp)
			return -1;
		if (v > FUND_AMOUNT_MAX / 10)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (digits == 0 || frac == 0)
		return -1;
	for (frac = frac < 0 ? 0 : frac; frac < exp; frac++) {
		if (v > FUND_AMOUNT_MAX / 10)
			return -1;
		v *= 10;
	}
	if (v < 1 || v > FUND_AMOUNT_MAX)
		return -1;
	*out = v;
	return 0;
}

/*
 * The amount of in, given as amount_minor (key minor) or as a form's text
 * (key text) in a currency with exp digits, one of the two. 0, or -1
 * with a 422 naming the field.
 */
static int
fund_amount(json_t *in, const struct field *fields, int minor, int text,
    int exp, int64_t *out, struct problem *p)
{
	json_t *m = input_get(in, fields, minor);
	const char *t = input_text(in, fields, text);

	if (m != NULL && t != NULL)
		return problem_set(p, PROBLEM_INVALID, "err_fund_amount_both",
		    fields[text].name, 0);
	if (m != NULL) {
		*out = json_integer_value(m);
		return 0;
	}
	if (t == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    fields[minor].name, 0);
	if (fund_parse_amount(t, exp, out) == -1)
		return problem_set(p, PROBLEM_INVALID, "err_fund_amount",
		    fields[text].name, exp);
	return 0;
}

/* The 0/1 flags of each row as false or true, as the input says them. */
static void
fund_flags(json_t *rows)
{
	static const char *const keys[] = { "public", "overdraft" };
	json_t *row, *v;
	size_t i, k;

	json_array_foreach (rows, i, row)
		for (k = 0; k < 2; k++) {
			v = json_object_get(row, keys[k]);
			if (v != NULL)
				json_object_set_new(row, keys[k],
				    json_boolean(json_integer_value(v) != 0));
		}
}

/* fund_flags on one row. */
static void
fund_flags_one(json_t *row)
{
	json_t *one = json_pack("[O]", row);

	fund_flags(one);
	json_decref(one);
}

int
fund_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *treasurers;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_fund", p) == -1)
		return -1;
	fund_flags_one(*out);
	treasurers = db_rows(db, stmts[STMT_TREASURERS], &arg, 1);
	if (treasurers == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "treasurers", treasurers);
	return 0;
}

/*
 * Name the treasurers of in (when given) for fund id, instead of those
 * before: 422 naming treasurer_ids for a login below organizer. 0 or -1.
 */
static int
fund_treasurers_set(struct db *db, int64_t id, json_t *in, struct problem *p)
{
	json_t *ids = input_get(in, fund_fields, FUND_TREASURER_IDS), *one;
	struct db_val args[2];
	int64_t ok;
	size_t i;
	int rc;

	if (!json_is_array(ids) && !json_is_null(ids))
		return 0;
	json_array_foreach (ids, i, one) {
		args[0] = DBV_INT(json_integer_value(one));
		rc = db_int(db, stmts[STMT_TREASURER_OK], args, 1, &ok);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID,
			    "err_fund_treasurer", "treasurer_ids", 0);
	}
	args[0] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_TREASURERS_CLEAR], args, 1) == -1)
		return tx_problem(db, p);
	json_array_foreach (ids, i, one) {
		args[1] = DBV_INT(json_integer_value(one));
		if (db_exec(db, stmts[STMT_TREASURER_ADD], args, 2) == -1)
			return tx_problem(db, p);
	}
	return 0;
}

/* The fund's columns of in, flags unset as 0, then now twice or id. */
static void
fund_args(json_t *in, struct db_val *args)
{
	int k;

	for (k = 0; k < FUND_TREASURER_IDS; k++)
		args[k] = input_val(in, fund_fields, k);
	if (args[FUND_PUBLIC].type == DB_NULL)
		args[FUND_PUBLIC] = DBV_INT(0);
	if (args[FUND_OVERDRAFT].type == DB_NULL)
		args[FUND_OVERDRAFT] = DBV_INT(0);
}

int
fund_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[FUND_TREASURER_IDS + 2];
	int64_t id;

	*out = NULL;
	clock_now(now);
	fund_args(in, args);
	args[FUND_TREASURER_IDS] = DBV_TEXT(now);
	args[FUND_TREASURER_IDS + 1] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, FUND_TREASURER_IDS + 2, &id) !=
	    1)
		return tx_problem(db, p);
	if (fund_treasurers_set(db, id, in, p) == -1)
		return -1;
	return fund_find(db, id, out, p);
}

/* The fund id with its treasurers' ids, as an update compares it. */
static int
fund_current(struct db *db, int64_t id, json_t **cur, struct problem *p)
{
	json_t *ids, *row;
	size_t i;

	if (fund_find(db, id, cur, p) == -1)
		return -1;
	ids = json_array();
	json_array_foreach (json_object_get(*cur, "treasurers"), i, row)
		json_array_append(ids, json_object_get(row, "user_id"));
	json_object_set_new(*cur, "treasurer_ids", ids);
	return 0;
}

/* 409 when the currency would change under a fund that has a ledger. */
static int
fund_currency_kept(struct db *db, int64_t id, const struct audit_note *note,
    struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (!(note->changed & ((uint64_t)1 << FUND_CURRENCY)))
		return 0;
	if (db_int(db, stmts[STMT_HAS_TX], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n > 0 ? problem_set(p, PROBLEM_CONFLICT, "err_fund_currency",
			   "currency", 0)
		     : 0;
}

int
fund_update(struct db *db, int64_t id, json_t *in, struct audit_note *note,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[FUND_TREASURER_IDS + 2];
	json_t *cur = NULL, *before;
	int rc;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_fund", p) == -1 ||
	    fund_current(db, id, &cur, p) == -1)
		return -1;
	before = input_values(cur, fund_fields, NULL);
	audit_note_fields(note, fund_fields, before, in);
	json_decref(before);
	if (fund_currency_kept(db, id, note, p) == -1 ||
	    fund_treasurers_set(db, id, in, p) == -1) {
		json_decref(cur);
		return -1;
	}
	json_object_update(cur, in);
	fund_args(cur, args);
	clock_now(now);
	args[FUND_TREASURER_IDS] = DBV_TEXT(now);
	args[FUND_TREASURER_IDS + 1] = DBV_INT(id);
	/* The text bound is cur's: it goes once the update is done. */
	rc = db_exec(db, stmts[STMT_UPDATE], args, FUND_TREASURER_IDS + 2);
	json_decref(cur);
	if (rc == -1)
		return tx_problem(db, p);
	return fund_find(db, id, out, p);
}

int
fund_list(struct db *db, json_t **out, struct problem *p)
{
	json_t *rows = db_rows(db, stmts[STMT_LIST], NULL, 0);

	*out = NULL;
	if (rows == NULL)
		return tx_problem(db, p);
	fund_flags(rows);
	*out = json_pack("{s:o, s:I}", "items", rows, "total",
	    (json_int_t)json_array_size(rows));
	return 0;
}

int
fund_may_write(struct db *db, const struct viewer *v, int64_t id,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(v->user_id) };
	json_t *fund = NULL;
	int64_t one;
	int rc;

	if (tx_row(db, stmts[STMT_ROW], args, 1, &fund, "err_no_fund", p) == -1)
		return -1;
	json_decref(fund);
	if (v->role >= ROLE_COORDINATOR)
		return 0;
	rc = db_int(db, stmts[STMT_IS_TREASURER], args, 2, &one);
	if (rc == -1)
		return tx_problem(db, p);
	return rc == 1
	    ? 0
	    : problem_set(p, PROBLEM_FORBIDDEN, "err_fund_writer", NULL, 0);
}

/* The exponent of fund id's currency; the fund must exist. 0 or -1. */
static int
fund_exp_of(struct db *db, int64_t id, int *exp, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *row = NULL;

	if (tx_row(db, stmts[STMT_ROW], &arg, 1, &row, "err_no_fund", p) == -1)
		return -1;
	*exp = fund_exponent(
	    json_string_value(json_object_get(row, "currency")));
	json_decref(row);
	return 0;
}

/* The person and the ask in names (refs_check, need_id): 0, or -1 with p. */
static int
fund_refs(struct db *db, json_t *in, json_t *need, struct problem *p)
{
	if (refs_check(db, in, p) == -1)
		return -1;
	return refs_found(db, stmts[STMT_NEED], need, "need_id", "err_no_need",
	    p);
}

/* A transaction to write: what fund_tx_write binds. */
struct fund_entry {
	int64_t fund_id;
	const char *direction;
	int64_t amount;
	const char *purpose;
	int64_t user_id;
	json_t *person_id, *need_id; /* integers, or NULL */
	const char *note;
	int64_t reimbursement_id; /* 0 for none */
};

static struct db_val
fund_opt(json_t *v)
{
	return json_is_integer(v) ? DBV_INT(json_integer_value(v)) : DBV_NULL;
}

/* Write e, guarded: its id, or -1 with p (409 past the balance). */
static int64_t
fund_tx_write(struct db *db, const struct fund_entry *e, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[12];
	int64_t id;
	int rc;

	if (tx_lock(db, stmts[STMT_LOCK], e->fund_id, "err_no_fund", p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_TEXT(e->direction);
	args[1] = DBV_INT(e->amount);
	args[2] = DBV_TEXT(e->purpose);
	args[3] = DBV_TEXT(now);
	args[4] = e->user_id > 0 ? DBV_INT(e->user_id) : DBV_NULL;
	args[5] = fund_opt(e->person_id);
	args[6] = e->note != NULL ? DBV_TEXT(e->note) : DBV_NULL;
	args[7] = fund_opt(e->need_id);
	args[8] = e->reimbursement_id > 0 ? DBV_INT(e->reimbursement_id)
					  : DBV_NULL;
	args[9] = DBV_INT(e->fund_id);
	args[10] = DBV_TEXT(e->direction);
	args[11] = DBV_INT(e->amount);
	rc = db_int(db, stmts[STMT_TX_ADD], args, 12, &id);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_fund_overdraw",
		    "amount_minor", 0);
	return id;
}

/* 422 naming purpose when it is for the other direction. */
static int
fund_purpose_ok(const char *purpose, const char *direction, struct problem *p)
{
	size_t i;

	for (i = 0; fund_purposes[i] != NULL; i++)
		if (strcmp(fund_purposes[i], purpose) == 0)
			break;
	if (fund_purposes[i] == NULL || fund_purpose_direction[i] == NULL ||
	    strcmp(fund_purpose_direction[i], direction) == 0)
		return 0;
	return problem_set(p, PROBLEM_INVALID, "err_fund_purpose", "purpose",
	    0);
}

int
fund_tx_add(struct db *db, const struct viewer *v, int64_t id, json_t *in,
    json_t **out, struct problem *p)
{
	struct fund_entry e = { 0 };
	struct db_val arg;
	int64_t tx;
	int exp;

	*out = NULL;
	if (fund_may_write(db, v, id, p) == -1 ||
	    fund_exp_of(db, id, &exp, p) == -1)
		return -1;
	e.fund_id = id;
	e.direction = input_text(in, fund_tx_fields, FUND_TX_DIRECTION);
	e.purpose = input_text(in, fund_tx_fields, FUND_TX_PURPOSE);
	if (fund_amount(in, fund_tx_fields, FUND_TX_AMOUNT_MINOR,
		FUND_TX_AMOUNT, exp, &e.amount, p) == -1 ||
	    fund_purpose_ok(e.purpose, e.direction, p) == -1)
		return -1;
	e.person_id = input_get(in, fund_tx_fields, FUND_TX_PERSON_ID);
	e.need_id = input_get(in, fund_tx_fields, FUND_TX_NEED_ID);
	if (fund_refs(db, in, e.need_id, p) == -1)
		return -1;
	e.user_id = v->user_id;
	e.note = input_text(in, fund_tx_fields, FUND_TX_NOTE);
	tx = fund_tx_write(db, &e, p);
	if (tx == -1)
		return -1;
	arg = DBV_INT(tx);
	return tx_row(db, stmts[STMT_TX_FIND], &arg, 1, out, "err_no_fund", p);
}

int
fund_ledger(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *txs, *rbs;

	*out = NULL;
	txs = db_rows(db, stmts[STMT_LEDGER_TX], &arg, 1);
	rbs = txs != NULL ? db_rows(db, stmts[STMT_LEDGER_RB], &arg, 1) : NULL;
	if (rbs == NULL) {
		json_decref(txs);
		return tx_problem(db, p);
	}
	*out = json_pack("{s:o, s:o}", "transactions", txs, "reimbursements",
	    rbs);
	return 0;
}

int
fund_rb_add(struct db *db, const struct viewer *v, int64_t id, json_t *in,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[7];
	int64_t amount, rb;
	int exp;

	*out = NULL;
	if (fund_may_write(db, v, id, p) == -1 ||
	    fund_exp_of(db, id, &exp, p) == -1 ||
	    fund_amount(in, fund_rb_fields, FUND_RB_AMOUNT_MINOR,
		FUND_RB_AMOUNT, exp, &amount, p) == -1 ||
	    fund_refs(db, in, input_get(in, fund_rb_fields, FUND_RB_NEED_ID),
		p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(id);
	args[1] = input_val(in, fund_rb_fields, FUND_RB_PERSON_ID);
	args[2] = DBV_INT(amount);
	args[3] = input_val(in, fund_rb_fields, FUND_RB_NOTE);
	args[4] = input_val(in, fund_rb_fields, FUND_RB_NEED_ID);
	args[5] = v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[6] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_RB_ADD], args, 7, &rb) != 1)
		return tx_problem(db, p);
	args[0] = DBV_INT(rb);
	return tx_row(db, stmts[STMT_RB_FIND], args, 1, out,
	    "err_no_reimbursement", p);
}

/* Pay the approved request rb (a row of STMT_RB_FIND) by v. 0 or -1. */
static int
fund_rb_pay(struct db *db, const struct viewer *v, json_t *rb,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct fund_entry e = { 0 };
	struct db_val args[3];

	e.fund_id = json_integer_value(json_object_get(rb, "fund_id"));
	e.direction = "out";
	e.amount = json_integer_value(json_object_get(rb, "amount_minor"));
	e.purpose = "reimbursement";
	e.user_id = v->user_id;
	e.person_id = json_object_get(rb, "person_id");
	e.need_id = json_object_get(rb, "need_id");
	e.note = json_string_value(json_object_get(rb, "note"));
	e.reimbursement_id = json_integer_value(json_object_get(rb, "id"));
	if (fund_tx_write(db, &e, p) == -1)
		return -1;
	clock_now(now);
	args[0] = v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(e.reimbursement_id);
	if (db_exec(db, stmts[STMT_RB_PAY], args, 3) != 1)
		return tx_problem(db, p);
	return 0;
}

/* Whether a request in status from may be set to to. */
static int
fund_rb_moves(const char *from, const char *to)
{
	if (strcmp(from, "requested") == 0)
		return strcmp(to, "approved") == 0 ||
		    strcmp(to, "refused") == 0;
	if (strcmp(from, "approved") == 0)
		return strcmp(to, "paid") == 0 || strcmp(to, "refused") == 0;
	return 0;
}

int
fund_rb_decide(struct db *db, const struct viewer *v, int64_t id, json_t *in,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	const char *to = input_text(in, fund_rb_status_fields, FUND_RB_STATUS);
	const char *from;
	struct db_val args[5];
	json_t *rb = NULL;
	int rc = -1;

	*out = NULL;
	args[0] = DBV_INT(id);
	if (tx_lock(db, stmts[STMT_RB_LOCK], id, "err_no_reimbursement", p) ==
		-1 ||
	    tx_row(db, stmts[STMT_RB_FIND], args, 1, &rb,
		"err_no_reimbursement", p) == -1)
		return -1;
	from = json_string_value(json_object_get(rb, "status"));
	if (fund_may_write(db, v,
		json_integer_value(json_object_get(rb, "fund_id")), p) == -1)
		goto out;
	if (!fund_rb_moves(from, to)) {
		problem_set(p, PROBLEM_CONFLICT, "err_transition", "status", 0);
		goto out;
	}
	if (strcmp(to, "paid") == 0) {
		if (fund_rb_pay(db, v, rb, p) == -1)
			goto out;
	} else {
		clock_now(now);
		args[0] = DBV_TEXT(to);
		args[1] = v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
		args[2] = DBV_TEXT(now);
		args[3] = DBV_INT(id);
		args[4] = DBV_TEXT(from);
		if (db_exec(db, stmts[STMT_RB_DECIDE], args, 5) != 1) {
			tx_problem(db, p);
			goto out;
		}
	}
	args[0] = DBV_INT(id);
	rc = tx_row(db, stmts[STMT_RB_FIND], args, 1, out,
	    "err_no_reimbursement", p);
out:
	json_decref(rb);
	return rc;
}

/*
 * Add row's in_minor and out_minor to the entry of list whose key is
 * row's, made at the end when there is none (rows come sorted by month,
 * so months stay in order; purposes keep the order they first came in).
 */
static void
fund_total(json_t *list, const char *key, json_t *row)
{
	const char *want = json_string_value(json_object_get(row, key));
	json_t *e = NULL, *one;
	size_t i;
	int k;
	static const char *const sums[] = { "in_minor", "out_minor" };

	json_array_foreach (list, i, one)
		if (strcmp(json_string_value(json_object_get(one, key)),
			want) == 0)
			e = one;
	if (e == NULL) {
		e = json_pack("{s:s, s:I, s:I}", key, want, "in_minor",
		    (json_int_t)0, "out_minor", (json_int_t)0);
		json_array_append_new(list, e);
	}
	for (k = 0; k < 2; k++)
		json_object_set_new(e, sums[k],
		    json_integer(
			json_integer_value(json_object_get(e, sums[k])) +
			json_integer_value(json_object_get(row, sums[k]))));
}

/* The bounds of a statement's period when none is given: every time. */
#define FUND_FIRST "0000-01-01T00:00:00Z"
#define FUND_LAST  "9999-12-31T23:59:59Z"

/* Fund id as its statement shows it to v (404 as fund_statement's). */
static int
fund_statement_find(struct db *db, const struct viewer *v, int64_t id,
    json_t **fund, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, fund, "err_no_fund", p) == -1)
		return -1;
	fund_flags_one(*fund);
	/* A private fund is not there for those who may not read it. */
	if (!json_is_true(json_object_get(*fund, "public")) &&
	    v->role < ROLE_ORGANIZER) {
		json_decref(*fund);
		*fund = NULL;
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_fund", NULL,
		    0);
	}
	return 0;
}

int
fund_statement_rows(struct db *db, const struct viewer *v, int64_t id,
    struct db_cursor **out, struct problem *p)
{
	struct db_val args[3] = { DBV_INT(id), DBV_TEXT(FUND_FIRST),
		DBV_TEXT(FUND_LAST) };
	json_t *fund;

	if (fund_statement_find(db, v, id, &fund, p) == -1)
		return -1;
	json_decref(fund);
	*out = db_cursor_open(db, stmts[STMT_STATEMENT], args, 3);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
fund_statement(struct db *db, const struct viewer *v, int64_t id,
    const char *from, const char *to, json_t **out, struct problem *p)
{
	struct db_val args[3] = { DBV_INT(id),
		DBV_TEXT(from != NULL ? from : FUND_FIRST),
		DBV_TEXT(to != NULL ? to : FUND_LAST) };
	json_t *fund = NULL, *rows, *months, *purposes, *row;
	int64_t in = 0, spent = 0;
	size_t i;

	*out = NULL;
	if (fund_statement_find(db, v, id, &fund, p) == -1)
		return -1;
	rows = db_rows(db, stmts[STMT_STATEMENT], args, 3);
	if (rows == NULL) {
		json_decref(fund);
		return tx_problem(db, p);
	}
	months = json_array();
	purposes = json_array();
	json_array_foreach (rows, i, row) {
		fund_total(months, "month", row);
		fund_total(purposes, "purpose", row);
		in += json_integer_value(json_object_get(row, "in_minor"));
		spent += json_integer_value(json_object_get(row, "out_minor"));
	}
	*out = json_pack("{s:{s:O, s:O, s:O, s:O}, s:I, s:I, s:I, s:o, s:o, "
			 "s:o}",
	    "fund", "id", json_object_get(fund, "id"), "name",
	    json_object_get(fund, "name"), "currency",
	    json_object_get(fund, "currency"), "public",
	    json_object_get(fund, "public"), "in_minor", (json_int_t)in,
	    "out_minor", (json_int_t)spent, "balance_minor",
	    (json_int_t)(in - spent), "months", months, "purposes", purposes,
	    "items", rows);
	json_decref(fund);
	return 0;
}
