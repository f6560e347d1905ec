/* Delivery reports and their confirmation, by a coordinator or the asker. */
#include <string.h>

#include "ladder.h"
#include "delivery.h"
#include "audit.h"
#include "claim.h"
#include "input.h"
#include "need.h"
#include "privacy.h"
#include "rule.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_LIST,
	STMT_WAITING,
	STMT_SET_HASH,
	STMT_BY_HASH,
	STMT_CONFIRM,
	STMT__MAX,
};

#define DELIVERY_COLUMNS                                                       \
	"d.id, d.need_id, u.login, d.outcome, d.note, d.at, d.confirmed_at, "  \
	"cu.login AS confirmed_login, d.confirmed_by FROM delivery d "         \
	"JOIN app_user u ON u.id = d.user_id "                                 \
	"LEFT JOIN app_user cu ON cu.id = d.confirmed_by"
/* The report that waits: "delivered", unconfirmed, its claim active. */
#define DELIVERY_WAITS                                                         \
	" d.outcome = 'delivered' AND d.confirmed_at IS NULL AND EXISTS "      \
	"(SELECT 1 FROM claim c WHERE c.id = d.claim_id "                      \
	"AND c.released_at IS NULL)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO delivery (claim_id, need_id, user_id, outcome, note, at) "
	"VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT " DELIVERY_COLUMNS " WHERE d.id = ?",
	/* STMT_LIST: the index delivery_need (schema/009) */
	"SELECT " DELIVERY_COLUMNS " WHERE d.need_id = ? "
	"ORDER BY d.at DESC, d.id DESC",
	/* STMT_WAITING */
	"SELECT d.id FROM delivery d WHERE d.need_id = ? AND" DELIVERY_WAITS,
	/* STMT_SET_HASH */
	"UPDATE delivery SET confirm_hash = ? WHERE id = ?",
	/* STMT_BY_HASH: the index delivery_confirm (schema/009) */
	"SELECT d.id, d.need_id FROM delivery d WHERE d.confirm_hash = ? "
	"AND" DELIVERY_WAITS,
	/* STMT_CONFIRM: guarded against a racing confirmation */
	"UPDATE delivery SET confirmed_at = ?, confirmed_by = ?, "
	"confirm_hash = NULL WHERE id = ? AND confirmed_at IS NULL",
};

const char *const delivery_outcomes[] = {
	"delivered",
	"not_home",
	"bad_address",
	"refused",
	"other",
	NULL,
};

/* Not required here: the rights come first (delivery_report). */
const struct field delivery_fields[DELIVERY__MAX + 1] = {
	[DELIVERY_OUTCOME] = { "outcome", FIELD_CHOICE, 0, 0, 0,
	    delivery_outcomes },
	[DELIVERY_NOTE] = { "note", FIELD_TEXT, 0, 1, 1000, NULL },
	[DELIVERY__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* A token is 43 characters; a longer value is no token of ours. */
const struct field delivery_token_fields[DELIVERY_TOKEN__MAX + 1] = {
	[DELIVERY_TOKEN] = { "token", FIELD_LINE, 0, 1, 64, NULL },
	[DELIVERY_TOKEN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* A row as the lists show it: by_asker for a confirmation by nobody. */
static void
delivery_shape(json_t *row)
{
	json_object_set_new(row, "by_asker",
	    json_boolean(json_is_string(json_object_get(row, "confirmed_at")) &&
		!json_is_integer(json_object_get(row, "confirmed_by"))));
	json_object_del(row, "confirmed_by");
}

/*
 * The active claim on need_id as v may report on it: 404 as for the ask,
 * 409 when there is none, 403 unless v holds it or sees all. 0 with the
 * claim's id in *claim_id and the ask's status in *matched, or -1 with p.
 */
static int
delivery_claim(struct db *db, const struct viewer *v, int64_t need_id,
    int64_t *claim_id, int *matched, struct problem *p)
{
	json_t *ask = NULL, *claim = NULL;
	int64_t holder;
	int rc;

	if (need_lock(db, need_id, p) == -1 ||
	    need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	*matched = strcmp(json_string_value(json_object_get(ask, "status")),
		       "matched") == 0;
	json_decref(ask);
	rc = claim_active(db, need_id, &claim);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_no_claim", NULL,
		    0);
	*claim_id = json_integer_value(json_object_get(claim, "id"));
	holder = json_integer_value(json_object_get(claim, "user_id"));
	json_decref(claim);
	if (holder != v->user_id && !privacy_sees_all(v))
		return problem_set(p, PROBLEM_FORBIDDEN, "err_claim_not_yours",
		    NULL, 0);
	return 0;
}

/* The input's outcome and note, as the outcome asks: 0, or -1 with p. */
static int
delivery_check(json_t *in, struct problem *p)
{
	const char *outcome = input_text(in, delivery_fields, DELIVERY_OUTCOME);

	if (outcome == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    delivery_fields[DELIVERY_OUTCOME].name, 0);
	if (strcmp(outcome, "other") == 0 &&
	    input_get(in, delivery_fields, DELIVERY_NOTE) == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_note_required",
		    delivery_fields[DELIVERY_NOTE].name, 0);
	return 0;
}

/* The report id, into *out. 0, or -1 with p. */
static int
delivery_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (db_row(db, stmts[STMT_FIND], &arg, 1, out) != 1)
		return tx_problem(db, p);
	delivery_shape(*out);
	return 0;
}

/*
 * What a report does to its ask: "delivered" leaves it matched (an ask
 * claimed before claims matched it is moved there) to wait; any other
 * outcome ends the claim and reopens it. 0, or -1 with p.
 */
static int
delivery_follow(struct db *db, int64_t need_id, const char *outcome,
    int matched, struct problem *p)
{
	json_t *in, *out = NULL;
	struct audit_note note = { 0 };
	int rc;

	if (strcmp(outcome, "delivered") != 0)
		return claim_end(db, need_id, outcome, p);
	if (matched)
		return 0;
	in = json_pack("{s:s}", "status", "matched");
	rc = need_set_status(db, need_id, in, &out, &note, p);
	json_decref(in);
	json_decref(out);
	return rc;
}

int
delivery_report(struct db *db, const struct viewer *v, int64_t need_id,
    json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];
	int64_t claim_id = 0, id;
	int matched;

	*out = NULL;
	if (delivery_claim(db, v, need_id, &claim_id, &matched, p) == -1)
		return -1;
	switch (delivery_waits(db, need_id)) {
	case -1:
		return tx_problem(db, p);
	case 1:
		return problem_set(p, PROBLEM_CONFLICT, "err_delivery_waits",
		    NULL, 0);
	}
	if (delivery_check(in, p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(claim_id);
	args[1] = DBV_INT(need_id);
	args[2] = DBV_INT(v->user_id);
	args[3] = input_val(in, delivery_fields, DELIVERY_OUTCOME);
	args[4] = input_val(in, delivery_fields, DELIVERY_NOTE);
	args[5] = DBV_TEXT(now);
	/* A delivery done makes the one who went a helper (ladder.c). */
	if (db_int(db, stmts[STMT_INSERT], args, 6, &id) != 1 ||
	    ladder_touch_user(db, v->user_id) == -1)
		return tx_problem(db, p);
	/* A delivery made is help given, whether or not it is confirmed. */
	if (strcmp(input_text(in, delivery_fields, DELIVERY_OUTCOME),
		"delivered") == 0 &&
	    rule_fire(db, RULE_HELPED, v->person_id) == -1)
		return tx_problem(db, p);
	if (delivery_follow(db, need_id,
		input_text(in, delivery_fields, DELIVERY_OUTCOME), matched,
		p) == -1)
		return -1;
	return delivery_find(db, id, out, p);
}

int
delivery_waits(struct db *db, int64_t need_id)
{
	struct db_val arg = DBV_INT(need_id);
	int64_t id;

	return db_int(db, stmts[STMT_WAITING], &arg, 1, &id);
}

/*
 * The report of need_id that waits: 404 for no such ask, 409 when none
 * waits. 0 with its id in *id, or -1 with p.
 */
static int
delivery_waiting(struct db *db, int64_t need_id, int64_t *id, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);
	json_t *ask = NULL;
	int rc;

	if (need_lock(db, need_id, p) == -1 ||
	    need_find(db, need_id, 0, &ask, p) == -1)
		return -1;
	json_decref(ask);
	rc = db_int(db, stmts[STMT_WAITING], &arg, 1, id);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_no_delivery", NULL,
		    0);
	return 0;
}

/*
 * Confirm report id of need_id, by user_id (0: the asker): the ask is
 * fulfilled, which ends its claim. 0, or -1 with p.
 */
static int
delivery_fulfil(struct db *db, int64_t id, int64_t need_id, int64_t user_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct audit_note note = { 0 };
	struct db_val args[3];
	json_t *in, *out = NULL;
	int rc;

	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = user_id != 0 ? DBV_INT(user_id) : DBV_NULL;
	args[2] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_CONFIRM], args, 3) != 1)
		return tx_problem(db, p);
	in = json_pack("{s:s}", "status", "fulfilled");
	rc = need_set_status(db, need_id, in, &out, &note, p);
	json_decref(in);
	json_decref(out);
	return rc;
}

int
delivery_confirm(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	int64_t id;

	if (delivery_waiting(db, need_id, &id, p) == -1)
		return -1;
	return delivery_fulfil(db, id, need_id, v->user_id, p);
}

int
delivery_link(struct db *db, int64_t need_id, char token[SECRET_TOKEN_LEN],
    struct problem *p)
{
	char hash[SECRET_HASH_LEN];
	struct db_val args[2];
	int64_t id;

	token[0] = '\0';
	if (delivery_waiting(db, need_id, &id, p) == -1)
		return -1;
	secret_token(token);
	secret_hash(token, hash);
	args[0] = DBV_TEXT(hash);
	args[1] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_SET_HASH], args, 2) != 1) {
		secret_wipe(token);
		return tx_problem(db, p);
	}
	return 0;
}

int
delivery_confirm_token(struct db *db, const char *token, int64_t *need_id,
    struct problem *p)
{
	char hash[SECRET_HASH_LEN];
	struct db_val arg;
	json_t *row = NULL;
	int64_t id;

	*need_id = 0;
	if (token == NULL)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_confirm_link",
		    NULL, 0);
	secret_hash(token, hash);
	arg = DBV_TEXT(hash);
	if (tx_row(db, stmts[STMT_BY_HASH], &arg, 1, &row, "err_confirm_link",
		p) == -1)
		return -1;
	*need_id = json_integer_value(json_object_get(row, "need_id"));
	json_decref(row);
	/*
	 * Read again once the ask is locked: a confirmation that came first
	 * (the volunteer's, or this link's twice) has used the link up.
	 */
	if (need_lock(db, *need_id, p) == -1 ||
	    tx_row(db, stmts[STMT_BY_HASH], &arg, 1, &row, "err_confirm_link",
		p) == -1)
		return -1;
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return delivery_fulfil(db, id, *need_id, 0, p);
}

int
delivery_list(struct db *db, int64_t need_id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);
	json_t *row;
	size_t i;

	*out = db_rows(db, stmts[STMT_LIST], &arg, 1);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row)
		delivery_shape(row);
	return 0;
}
