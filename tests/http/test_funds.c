/*
 * Funds over a real socket, on both backends: funds made with a currency
 * and treasurers; money in and out in integer minor units, the balance
 * always the sum of the ledger; an out past the balance refused (409)
 * unless the fund allows overdraft; the reimbursement flow (requested ->
 * approved -> paid | refused) with who decided; the statement by month
 * and purpose from a known ledger, with no names in JSON, HTML or CSV,
 * read without an account only when public; every bad input refused with
 * its field and nothing written; every role; a forget and a purge that
 * take the names and keep the amounts; and 8 clients spending the last of
 * a fund at once never taking it below zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char coord[200], org[200], treas[200], vol[200];
static long treas_id, vol_id, PERSON, NEED, RENT, BAIL, YEN;

#define NAME "Rosa Luxemburg"
#define NOTE "paid back for the van Rosa hired"

/* The balance of fund id from the API, in minor units; -1 on failure. */
static long
balance(long id)
{
	struct reply r;
	long b;

	http_json(&S, "GET", http_at("/funds/%ld", id), NULL, &r);
	b = r.status == 200 ? (long)json_integer_value(json_object_get(r.json,
	    "balance_minor")) : -1;
	reply_free(&r);
	return b;
}

/* The sum of fund id's ledger, read from the database itself. */
static long
ledger_sum(long id)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT coalesce(sum(CASE WHEN direction = "
	    "'in' THEN amount_minor ELSE -amount_minor END), 0) FROM fund_tx "
	    "WHERE fund_id = %ld", id);
	return db_scalar(&S, sql);
}

/*
 * What the funds' tables hold, as text: equal means nothing was written
 * (db_snapshot reads the asks' tables, not these). The audit trail too:
 * every write leaves an entry.
 */
static char *
funds_state(void)
{
	static const char *const q[] = {
		"SELECT count(*) FROM fund",
		"SELECT coalesce(sum(public + 2 * overdraft + length(name)), 0) "
		"FROM fund",
		"SELECT count(*) FROM fund_treasurer",
		"SELECT count(*) FROM fund_tx",
		"SELECT coalesce(sum(amount_minor), 0) FROM fund_tx",
		"SELECT count(*) FROM fund_reimbursement",
		"SELECT count(*) FROM fund_reimbursement WHERE status = "
		"'requested'",
		"SELECT count(*) FROM fund_reimbursement WHERE status = "
		"'approved'",
		"SELECT count(*) FROM audit",
		NULL,
	};
	char *out = malloc(512);
	size_t i, n = 0;

	for (i = 0; q[i] != NULL; i++)
		n += (size_t)snprintf(out + n, 512 - n, "%ld ",
		    db_scalar(&S, q[i]));
	return out;
}

/* A check that the funds are as funds_state's before. */
#define SAME_FUNDS(before, what) do {					\
	char *after_ = funds_state();					\
	ok(strcmp(after_, before) == 0, "%s writes nothing", what);	\
	free(after_);							\
} while (0)

/* A transaction's JSON with a whole amount of minor units. */
static const char *
tx_json(const char *direction, long amount, const char *purpose)
{
	static char body[256];

	snprintf(body, sizeof(body), "{\"direction\":\"%s\",\"amount_minor\":"
	    "%ld,\"purpose\":\"%s\"}", direction, amount, purpose);
	return body;
}

/* POST a transaction to fund id as auth: the status. */
static long
tx(const char *auth, long id, const char *body)
{
	return http_status_as(&S, auth, "POST",
	    http_at("/funds/%ld/transactions", id), body);
}

static void
setup(void)
{
	server_login(&S, "coord", "coordinator", NULL, coord, sizeof(coord));
	server_login(&S, "org", "organizer", NULL, org, sizeof(org));
	treas_id = server_login(&S, "treas", "organizer", NULL, treas,
	    sizeof(treas));
	vol_id = server_login(&S, "vol", "volunteer", NULL, vol, sizeof(vol));
	http_created(&S, "/zones", "{\"name\":\"Centro\"}");
	PERSON = http_created(&S, "/people", "{\"name\":\"" NAME "\","
	    "\"phone\":\"+15550100001\",\"zone_id\":1}");
	NEED = http_created(&S, "/needs", http_at("{\"person_id\":%ld,"
	    "\"category\":\"rent\",\"details\":\"Rent due\",\"urgency\":1,"
	    "\"zone_id\":1}", PERSON));
	ok(PERSON > 0 && NEED > 0 && treas_id > 0, "people, an ask, logins");
}

static void
test_create(void)
{
	struct reply r;
	char body[256];

	snprintf(body, sizeof(body), "{\"name\":\"Rent fund\",\"currency\":"
	    "\"EUR\",\"public\":true,\"treasurer_ids\":[%ld]}", treas_id);
	http_json(&S, "POST", "/funds", body, &r);
	is_int(r.status, 201, "POST /funds: 201");
	RENT = (long)json_integer_value(json_object_get(r.json, "id"));
	is_str(json_string_value(json_object_get(r.json, "currency")), "EUR",
	    "the currency kept");
	ok(json_is_true(json_object_get(r.json, "public")) &&
	    json_is_false(json_object_get(r.json, "overdraft")),
	    "public, and no overdraft unless asked");
	is_int(json_integer_value(json_object_get(r.json, "balance_minor")), 0,
	    "a new fund holds 0");
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(r.json, "treasurers"), 0), "login")), "treas",
	    "its treasurer named");
	reply_free(&r);
	BAIL = http_created(&S, "/funds", "{\"name\":\"Bail fund\","
	    "\"currency\":\"USD\",\"overdraft\":true}");
	YEN = http_created(&S, "/funds", "{\"name\":\"Kitchen fund\","
	    "\"currency\":\"JPY\",\"public\":false}");
	ok(BAIL > 0 && YEN > 0, "a private fund with overdraft, one in yen");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'fund.create'"), 3, "each audited");
	http_json(&S, "GET", "/funds", NULL, &r);
	is_int(json_integer_value(json_object_get(r.json, "total")), 3,
	    "GET /funds lists the three");
	reply_free(&r);
}

static void
test_arithmetic(void)
{
	struct reply r;
	char *before;

	is_int(tx(NULL, RENT, tx_json("in", 10000, "donation")), 201,
	    "100.00 in: 201");
	http_json(&S, "POST", http_at("/funds/%ld/transactions", RENT),
	    "{\"direction\":\"in\",\"amount\":\"12,50\",\"purpose\":\"dues\"}",
	    &r);
	ok(r.status == 201 && json_integer_value(json_object_get(r.json,
	    "amount_minor")) == 1250, "12,50 as text is 1250 cents");
	is_int(json_integer_value(json_object_get(r.json, "balance_minor")),
	    11250, "and the answer gives the balance after it");
	reply_free(&r);
	is_int(tx(treas, RENT, tx_json("out", 11000, "rent")), 201,
	    "the treasurer pays rent: 201");
	is_int(balance(RENT), 250, "the balance is 250");
	before = funds_state();
	http_json(&S, "POST", http_at("/funds/%ld/transactions", RENT),
	    tx_json("out", 251, "groceries"), &r);
	ok(r.status == 409 && strcmp(error_code(&r), "conflict") == 0 &&
	    strcmp(error_field(&r), "amount_minor") == 0,
	    "one cent more than it holds: 409 naming amount_minor");
	reply_free(&r);
	SAME_FUNDS(before, "the refused spend");
	free(before);
	is_int(tx(NULL, RENT, tx_json("out", 250, "groceries")), 201,
	    "exactly the balance may go: 201");
	is_int(balance(RENT), 0, "to 0");
	is_int(balance(RENT), ledger_sum(RENT), "the balance is the ledger's sum");
	is_int(tx(NULL, BAIL, tx_json("out", 5000, "other")), 201,
	    "a fund with overdraft spends what it has not: 201");
	is_int(balance(BAIL), -5000, "and stands below zero");
	http_json(&S, "POST", http_at("/funds/%ld/transactions", YEN),
	    "{\"direction\":\"in\",\"amount\":\"1500\",\"purpose\":\"event\"}",
	    &r);
	is_int(json_integer_value(json_object_get(r.json, "amount_minor")),
	    1500, "yen have no minor unit: 1500 is 1500");
	reply_free(&r);
	http(&S, "GET", http_at("/funds/%ld", BAIL), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "-50.00 USD") != NULL,
	    "the page shows the balance in the currency's units");
	reply_free(&r);
}

/* Each body refused at path with 422 naming field, writing nothing. */
static void
refused(const char *path, const char *const bodies[][2], long status)
{
	struct reply r;
	char *before = funds_state();
	size_t i;

	for (i = 0; bodies[i][0] != NULL; i++) {
		http_json(&S, "POST", path, bodies[i][0], &r);
		if (!ok(r.status == status &&
		    strcmp(error_field(&r), bodies[i][1]) == 0 &&
		    json_is_string(json_object_get(json_object_get(r.json,
		    "error"), "message")), "%s %s: %ld naming %s", path,
		    bodies[i][0], status, bodies[i][1]))
			printf("#   %ld %s\n", r.status, r.body);
		reply_free(&r);
	}
	SAME_FUNDS(before, "the bad input");
	free(before);
}

static void
test_bad_input(void)
{
	static const char *const txs[][2] = {
		{ "{\"direction\":\"in\",\"amount_minor\":0,"
		    "\"purpose\":\"donation\"}", "amount_minor" },
		{ "{\"direction\":\"in\",\"amount_minor\":-5,"
		    "\"purpose\":\"donation\"}", "amount_minor" },
		{ "{\"direction\":\"in\",\"amount_minor\":12.5,"
		    "\"purpose\":\"donation\"}", "amount_minor" },
		{ "{\"direction\":\"in\",\"amount_minor\":10000000000000,"
		    "\"purpose\":\"donation\"}", "amount_minor" },
		{ "{\"direction\":\"in\",\"purpose\":\"donation\"}",
		    "amount_minor" },
		{ "{\"direction\":\"in\",\"amount\":\"1.234\","
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"in\",\"amount\":\"-3\","
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"in\",\"amount\":\"1e3\","
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"in\",\"amount\":\"0.00\","
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"in\",\"amount\":\"99999999999\","
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"in\",\"amount\":\"5\",\"amount_minor\":5,"
		    "\"purpose\":\"donation\"}", "amount" },
		{ "{\"direction\":\"sideways\",\"amount_minor\":5,"
		    "\"purpose\":\"donation\"}", "direction" },
		{ "{\"amount_minor\":5,\"purpose\":\"donation\"}",
		    "direction" },
		{ "{\"direction\":\"in\",\"amount_minor\":5,"
		    "\"purpose\":\"rent\"}", "purpose" },
		{ "{\"direction\":\"out\",\"amount_minor\":5,"
		    "\"purpose\":\"dues\"}", "purpose" },
		{ "{\"direction\":\"in\",\"amount_minor\":5,"
		    "\"purpose\":\"bribes\"}", "purpose" },
		{ "{\"direction\":\"in\",\"amount_minor\":5,"
		    "\"purpose\":\"donation\",\"need_id\":999999}", "need_id" },
		{ "{\"direction\":\"in\",\"amount_minor\":5,"
		    "\"purpose\":\"donation\",\"person_id\":999999}",
		    "person_id" },
		{ "{\"direction\":\"in\",\"amount_minor\":5,"
		    "\"purpose\":\"donation\",\"balance_minor\":5}",
		    "balance_minor" },
		{ NULL, NULL },
	};
	static const char *const funds[][2] = {
		{ "{\"name\":\"Strike fund\",\"currency\":\"XYZ\"}",
		    "currency" },
		{ "{\"name\":\"Strike fund\",\"currency\":\"eur\"}",
		    "currency" },
		{ "{\"name\":\"Strike fund\",\"currency\":\"XAU\"}",
		    "currency" },
		{ "{\"name\":\"Strike fund\"}", "currency" },
		{ "{\"currency\":\"EUR\"}", "name" },
		{ "{\"name\":\"Strike fund\",\"currency\":\"EUR\","
		    "\"public\":\"maybe\"}", "public" },
		{ NULL, NULL },
	};
	static const char *const rbs[][2] = {
		{ "{\"amount_minor\":5,\"note\":\"van\"}", "person_id" },
		{ "{\"person_id\":999999,\"amount_minor\":5,\"note\":\"van\"}",
		    "person_id" },
		{ "{\"person_id\":1,\"amount_minor\":0,\"note\":\"van\"}",
		    "amount_minor" },
		{ "{\"person_id\":1,\"amount_minor\":5}", "note" },
		{ NULL, NULL },
	};
	static const char *const moves[][2] = {
		{ "{\"status\":\"requested\"}", "status" },
		{ "{\"status\":\"lost\"}", "status" },
		{ "{}", "status" },
		{ NULL, NULL },
	};
	char body[200];
	const char *const vol_fund[][2] = { { body, "treasurer_ids" },
		{ NULL, NULL } };
	long rb;

	refused(http_at("/funds/%ld/transactions", RENT), txs, 422);
	refused("/funds", funds, 422);
	snprintf(body, sizeof(body), "{\"name\":\"Strike fund\",\"currency\":"
	    "\"EUR\",\"treasurer_ids\":[%ld]}", vol_id);
	refused("/funds", vol_fund, 422);
	refused(http_at("/funds/%ld/reimbursements", RENT), rbs, 422);
	rb = http_created(&S, http_at("/funds/%ld/reimbursements", RENT),
	    http_at("{\"person_id\":%ld,\"amount_minor\":100,"
	    "\"note\":\"bus fare\"}", PERSON));
	refused(http_at("/reimbursements/%ld/status", rb), moves, 422);
	is_int(http_status(&S, "POST", http_at("/funds/%ld/transactions", RENT),
	    "{\"direction\":\"in\",\"amount_minor\":"
	    "99999999999999999999999,\"purpose\":\"donation\"}"), 400,
	    "an amount past any integer: 400, the body refused");
	is_int(http_status(&S, "POST", "/funds/99999/transactions",
	    tx_json("in", 5, "donation")), 404, "no such fund: 404");
	is_int(http_status(&S, "GET", "/funds/99999", NULL), 404,
	    "GET: 404");
	is_int(http_status(&S, "GET", "/funds/99999/statement", NULL), 404,
	    "its statement: 404");
	is_int(http_status(&S, "POST", "/reimbursements/99999/status",
	    "{\"status\":\"approved\"}"), 404, "no such reimbursement: 404");
	is_int(http_status(&S, "PATCH", http_at("/funds/%ld", RENT),
	    "{\"currency\":\"USD\"}"), 409,
	    "a fund with a ledger keeps its currency: 409");
	is_int(http_status(&S, "PATCH", http_at("/funds/%ld", YEN),
	    "{\"name\":\"Kitchen fund, 2027\",\"public\":true}"), 200,
	    "its name and flags change: 200");
	is_int(http_status(&S, "PATCH", http_at("/funds/%ld", YEN),
	    "{\"public\":false}"), 200, "and back");
}

/* Who may do what: one row per requester. */
static void
test_roles(void)
{
	const struct {
		const char *who, *auth;
		long status;
	} below[] = { { "a volunteer", vol, 403 }, { "nobody", "", 401 } };
	struct reply r;
	char *before;
	int i;

	is_int(tx(coord, RENT, tx_json("in", 100, "donation")), 201,
	    "a coordinator writes: 201");
	is_int(tx(treas, RENT, tx_json("in", 100, "donation")), 201,
	    "the fund's treasurer writes: 201");
	before = funds_state();
	is_int(tx(treas, BAIL, tx_json("in", 100, "donation")), 403,
	    "but not in another fund: 403");
	is_int(tx(org, RENT, tx_json("in", 100, "donation")), 403,
	    "an organizer who is no treasurer: 403");
	is_int(tx(vol, RENT, tx_json("in", 100, "donation")), 403,
	    "a volunteer: 403");
	is_int(tx("", RENT, tx_json("in", 100, "donation")), 401,
	    "nobody: 401");
	http_auth = org;
	is_int(http_status(&S, "POST", http_at("/funds/%ld/reimbursements",
	    RENT), http_at("{\"person_id\":%ld,\"amount_minor\":5,"
	    "\"note\":\"x\"}", PERSON)), 403,
	    "an organizer asks for no reimbursement from it: 403");
	is_int(http_status(&S, "POST", "/funds", "{\"name\":\"Mine\","
	    "\"currency\":\"EUR\"}"), 403, "nor makes a fund: 403");
	http_auth = treas;
	is_int(http_status(&S, "PATCH", http_at("/funds/%ld", RENT),
	    "{\"overdraft\":true}"), 403,
	    "a treasurer changes no fund's settings: 403");
	http_auth = NULL;
	SAME_FUNDS(before, "the refused writes");
	free(before);
	http_auth = org;
	is_int(http_status(&S, "GET", "/funds", NULL), 200,
	    "an organizer reads the funds");
	is_int(http_status(&S, "GET", http_at("/funds/%ld", BAIL), NULL), 200,
	    "and a fund's ledger");
	is_int(http_status(&S, "GET", http_at("/funds/%ld/statement", BAIL),
	    NULL), 200, "and a private fund's statement");
	http(&S, "GET", http_at("/funds/%ld", RENT), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "/transactions\"") == NULL,
	    "with no form to write in it");
	reply_free(&r);
	http_auth = treas;
	http(&S, "GET", http_at("/funds/%ld", RENT), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "/transactions\"") != NULL,
	    "its treasurer has the form");
	reply_free(&r);
	for (i = 0; i < 2; i++) {
		http_auth = below[i].auth;
		is_int(http_status(&S, "GET", "/funds", NULL), below[i].status,
		    "%s: %ld on the list", below[i].who, below[i].status);
		is_int(http_status(&S, "GET", http_at("/funds/%ld", RENT), NULL),
		    below[i].status, "and on a fund");
		is_int(http_status(&S, "GET", http_at("/funds/%ld/statement",
		    RENT), NULL), 200, "but reads a public statement");
		is_int(http_status(&S, "GET", http_at("/funds/%ld/statement",
		    BAIL), NULL), 404, "not a private one: 404, as if there "
		    "were none");
	}
	http_auth = NULL;
}

/* Every row of fund id's statement in JSON, as "month purpose in out;". */
static char *
statement_rows(json_t *st)
{
	static char out[1024];
	json_t *row;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach (json_object_get(st, "items"), i, row)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s %s %lld "
		    "%lld;", json_string_value(json_object_get(row, "month")),
		    json_string_value(json_object_get(row, "purpose")),
		    (long long)json_integer_value(json_object_get(row,
		    "in_minor")), (long long)json_integer_value(
		    json_object_get(row, "out_minor")));
	return out;
}

static void
test_statement(void)
{
	struct reply r;
	json_t *rows;
	long id, audits;
	char sql[600];

	id = http_created(&S, "/funds", "{\"name\":\"Strike fund\","
	    "\"currency\":\"EUR\",\"public\":true}");
	/* A known ledger over three months, with names and notes. */
	snprintf(sql, sizeof(sql), "INSERT INTO fund_tx (fund_id, direction, "
	    "amount_minor, purpose, at, person_id, note) VALUES "
	    "(%ld, 'in', 5000, 'donation', '2026-09-03T10:00:00Z', %ld, '"
	    NOTE "'), (%ld, 'in', 2500, 'dues', '2026-09-20T10:00:00Z', NULL, "
	    "NULL), (%ld, 'in', 1000, 'donation', '2026-10-01T00:00:00Z', "
	    "NULL, NULL), (%ld, 'out', 4000, 'rent', "
	    "'2026-10-31T23:59:59Z', %ld, '" NOTE "'), (%ld, 'out', 700, "
	    "'groceries', '2026-11-15T12:00:00Z', NULL, NULL)", id, PERSON, id,
	    id, id, PERSON, id);
	db_write(&S, sql);
	http_auth = "";
	http_json(&S, "GET", http_at("/funds/%ld/statement", id), NULL, &r);
	is_int(r.status, 200, "the statement, without an account");
	is_str(statement_rows(r.json), "2026-09 donation 5000 0;"
	    "2026-09 dues 2500 0;2026-10 donation 1000 0;2026-10 rent 0 4000;"
	    "2026-11 groceries 0 700;", "by month and purpose, to the cent");
	rows = json_object_get(r.json, "months");
	ok(json_array_size(rows) == 3 && json_integer_value(json_object_get(
	    json_array_get(rows, 0), "in_minor")) == 7500 &&
	    json_integer_value(json_object_get(json_array_get(rows, 1),
	    "out_minor")) == 4000, "the months' totals");
	rows = json_object_get(r.json, "purposes");
	ok(json_array_size(rows) == 4 && json_integer_value(json_object_get(
	    json_array_get(rows, 0), "in_minor")) == 6000,
	    "the purposes' totals (donations: 60.00)");
	ok(json_integer_value(json_object_get(r.json, "in_minor")) == 8500 &&
	    json_integer_value(json_object_get(r.json, "out_minor")) == 4700 &&
	    json_integer_value(json_object_get(r.json, "balance_minor")) ==
	    3800, "in 85.00, out 47.00, balance 38.00");
	ok(strstr(r.body, "Rosa") == NULL && strstr(r.body, "van") == NULL &&
	    strstr(r.body, "person") == NULL, "no name, no note in JSON");
	reply_free(&r);
	http(&S, "GET", http_at("/funds/%ld/statement", id), "text/html", NULL,
	    NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "38.00 EUR") != NULL &&
	    strstr(r.body, "Rent paid") != NULL, "the page, in the units");
	ok(strstr(r.body, "Rosa") == NULL && strstr(r.body, "van") == NULL,
	    "no name, no note in HTML");
	reply_free(&r);
	http(&S, "GET", http_at("/funds/%ld/statement?lang=es", id),
	    "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Alquiler pagado") != NULL &&
	    strstr(r.body, "Por mes") != NULL, "and in Spanish");
	reply_free(&r);
	audits = db_scalar(&S, "SELECT count(*) FROM audit");
	http(&S, "GET", http_at("/funds/%ld/statement?format=csv", id), NULL,
	    NULL, NULL, 0, &r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit"), audits,
	    "a CSV of a statement, which names nobody, writes nothing: "
	    "without an account either");
	rows = r.status == 200 ? csv_rows(r.body, r.len) : NULL;
	ok(rows != NULL && json_array_size(rows) == 6 && strcmp(
	    json_string_value(json_array_get(json_array_get(rows, 0), 1)),
	    "purpose") == 0 && strcmp(json_string_value(json_array_get(
	    json_array_get(rows, 4), 3)), "4000") == 0,
	    "the CSV: a header and the five rows");
	ok(strstr(r.body, "Rosa") == NULL && strstr(r.body, "van") == NULL,
	    "no name, no note in CSV");
	json_decref(rows);
	reply_free(&r);
	is_int(http_status(&S, "GET", http_at("/funds/%ld/statement?format=pdf",
	    id), NULL), 400, "a format it has not: 400");
	http_auth = NULL;
}

/* Move reimbursement id to status as auth: the status of the answer. */
static long
decide(const char *auth, long id, const char *status)
{
	char body[64];

	snprintf(body, sizeof(body), "{\"status\":\"%s\"}", status);
	return http_status_as(&S, auth, "POST",
	    http_at("/reimbursements/%ld/status", id), body);
}

static void
test_reimbursements(void)
{
	struct reply r;
	long a, b, c, was;
	char sql[200], body[200];

	tx(NULL, RENT, tx_json("in", 3000, "donation"));
	http_auth = treas;
	http_json(&S, "POST", http_at("/funds/%ld/reimbursements", RENT),
	    http_at("{\"person_id\":%ld,\"amount\":\"20.00\",\"note\":\""
	    NOTE "\"}", PERSON), &r);
	http_auth = NULL;
	is_int(r.status, 201, "a treasurer records a request: 201");
	is_str(json_string_value(json_object_get(r.json, "status")),
	    "requested", "requested");
	a = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	was = balance(RENT);
	is_int(decide(NULL, a, "paid"), 409, "not paid before approved: 409");
	is_int(decide(org, a, "approved"), 403,
	    "an organizer who is no treasurer decides nothing: 403");
	is_int(decide(treas, a, "approved"), 200, "approved: 200");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fund_reimbursement "
	    "WHERE id = %ld AND decided_by = %ld AND decided_at IS NOT NULL",
	    a, treas_id);
	is_int(db_scalar(&S, sql), 1, "who decided, and when, kept");
	is_int(balance(RENT), was, "approving spends nothing");
	is_int(decide(coord, a, "approved"), 409, "approved once: 409");
	is_int(decide(coord, a, "paid"), 200, "paid: 200");
	is_int(balance(RENT), was - 2000, "paying spends 20.00");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fund_tx WHERE "
	    "reimbursement_id = %ld AND direction = 'out' AND purpose = "
	    "'reimbursement' AND amount_minor = 2000", a);
	is_int(db_scalar(&S, sql), 1, "as one transaction naming it");
	is_int(decide(NULL, a, "paid"), 409, "paid once: 409");
	is_int(decide(NULL, a, "refused"), 409, "a paid one is not refused");
	b = http_created(&S, http_at("/funds/%ld/reimbursements", RENT),
	    http_at("{\"person_id\":%ld,\"amount_minor\":700,"
	    "\"note\":\"soap\"}", PERSON));
	is_int(decide(NULL, b, "refused"), 200, "refused when requested");
	is_int(decide(NULL, b, "approved"), 409, "and then nothing more");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"amount_minor\":"
	    "%ld,\"note\":\"too much\"}", PERSON, balance(RENT) + 1);
	c = http_created(&S, http_at("/funds/%ld/reimbursements", RENT), body);
	is_int(decide(NULL, c, "approved"), 200, "one past the balance approved");
	is_int(decide(NULL, c, "paid"), 409, "but not paid: 409");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fund_reimbursement "
	    "WHERE id = %ld AND status = 'approved' AND paid_at IS NULL", c);
	is_int(db_scalar(&S, sql), 1, "it stays approved, unpaid");
	is_int(decide(NULL, c, "refused"), 200, "refused when approved");
	http(&S, "GET", http_at("/funds/%ld", RENT), "text/html", NULL, NULL, 0,
	    &r);
	ok(r.status == 200 && strstr(r.body, "paid by") != NULL &&
	    strstr(r.body, NAME) != NULL, "the fund page: who was paid, by whom");
	reply_free(&r);
	is_int(balance(RENT), ledger_sum(RENT), "the balance is the ledger's sum");
}

#define RACERS 8
#define TRIES  3

/* RACERS × TRIES spends of 1 cent from a fund holding n, at once. */
static void
rush(long n)
{
	static struct racer racers[RACERS];
	static struct race_tally tallies[RACERS];
	long fund, txs;
	int i, created = 0, refused_n = 0;
	char body[200];

	fund = http_created(&S, "/funds", "{\"name\":\"Race fund\","
	    "\"currency\":\"EUR\"}");
	if (n > 0)
		tx(NULL, fund, tx_json("in", n, "donation"));
	txs = db_count(&S, "fund_tx");
	snprintf(body, sizeof(body), "%s", tx_json("out", 1, "groceries"));
	for (i = 0; i < RACERS; i++) {
		snprintf(racers[i].auth, sizeof(racers[i].auth), "%s",
		    i % 2 ? coord : treas);
		tallies[i].created = tallies[i].refused = 0;
		racers[i].arg = &tallies[i];
	}
	/* The treasurer is not this fund's: make them so. */
	http_status(&S, "PATCH", http_at("/funds/%ld", fund),
	    http_at("{\"treasurer_ids\":[%ld]}", treas_id));
	http_race(&S, racers, RACERS, http_at("/funds/%ld/transactions", fund),
	    body, TRIES, race_tally);
	for (i = 0; i < RACERS; i++) {
		created += tallies[i].created;
		refused_n += tallies[i].refused;
	}
	is_int(created, n, "%d spends of the last %ld cents: exactly %ld",
	    RACERS * TRIES, n, n);
	is_int(refused_n, RACERS * TRIES - n, "the other %ld refused (409)",
	    RACERS * TRIES - n);
	is_int(balance(fund), 0, "the fund at 0, and not below");
	is_int(db_count(&S, "fund_tx") - txs, n, "one transaction per cent");
}

static void
test_race(void)
{
	rush(5);
	rush(1);
	rush(13);
	rush(0);
}

/* A forget and a purge take the names and keep the amounts. */
static void
test_forget(void)
{
	char sql[300], out[256];
	long before_sum = ledger_sum(RENT), id;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fund_tx WHERE "
	    "person_id = %ld", PERSON);
	ok(db_scalar(&S, sql) > 0, "the person is in the ledger");
	is_int(http_status(&S, "POST", http_at("/people/%ld/forget", PERSON),
	    "{\"confirm\":\"yes\"}"), 200, "then forgotten");
	is_int(db_scalar(&S, sql), 0, "and in no transaction");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fund_reimbursement "
	    "WHERE person_id = %ld", PERSON);
	is_int(db_scalar(&S, sql), 0, "nor any reimbursement");
	is_int(db_scalar(&S, "SELECT count(*) FROM fund_tx WHERE note LIKE "
	    "'%Rosa%'") + db_scalar(&S, "SELECT count(*) FROM "
	    "fund_reimbursement WHERE note LIKE '%Rosa%'"), 0,
	    "what they were paid for goes with the name");
	is_int(ledger_sum(RENT), before_sum, "the amounts stay: the same sum");
	/* A purge: a transaction long ago loses its name and its note. */
	id = http_created(&S, "/people", "{\"name\":\"Old donor\"}");
	snprintf(sql, sizeof(sql), "INSERT INTO fund_tx (fund_id, direction, "
	    "amount_minor, purpose, at, person_id, note) VALUES (%ld, 'in', "
	    "77, 'donation', '2020-01-01T00:00:00Z', %ld, 'old gift')", RENT,
	    id);
	db_write(&S, sql);
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30",
	    NULL }, out, sizeof(out)), 0, "solidarity purge: exit 0");
	is_int(db_scalar(&S, "SELECT count(*) FROM fund_tx WHERE "
	    "amount_minor = 77 AND person_id IS NULL AND note IS NULL"), 1,
	    "an old transaction keeps its amount, not who or what for");
	is_int(db_scalar(&S, "SELECT count(*) FROM fund_tx WHERE "
	    "note = 'raffle'"), 1, "a recent one keeps its note");
}

/* The pages by form, as a browser without script sends them. */
static void
test_forms(void)
{
	struct reply r;
	char *before = funds_state();

	http_form(&S, http_at("/funds/%ld/transactions", RENT),
	    "direction=in&amount=12.345&purpose=donation", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"amount-error\"") != NULL &&
	    strstr(r.body, "value=\"12.345\"") != NULL,
	    "a bad amount: the form again, the message by the field");
	ok(strstr(r.body, "id=\"rb-amount-error\"") == NULL,
	    "and not by the reimbursement form's");
	reply_free(&r);
	http_form(&S, "/funds", "name=X&currency=ABC", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"currency-error\"") != NULL,
	    "a fund with no currency: the form again");
	reply_free(&r);
	http_form(&S, http_at("/funds/%ld/transactions", RENT),
	    "direction=out&amount=999999&purpose=rent", &r);
	ok(r.status == 409 && strstr(r.body, "not enough") != NULL,
	    "an overdraw by form: 409, saying so");
	reply_free(&r);
	SAME_FUNDS(before, "the refused forms");
	free(before);
	http_form(&S, http_at("/funds/%ld/transactions", RENT),
	    "direction=in&amount=3,20&purpose=event&note=raffle", &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    http_at("/funds/%ld", RENT)) == 0, "a transaction by form: 303");
	reply_free(&r);
	http_form(&S, "/funds", "name=Picket+fund&currency=MXN&public=1&"
	    "overdraft=0", &r);
	ok(r.status == 303, "a fund by form: 303");
	reply_free(&r);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_create();
	test_arithmetic();
	test_bad_input();
	test_roles();
	test_statement();
	test_reimbursements();
	test_race();
	test_forms();
	test_forget();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
