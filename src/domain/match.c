/* Matching an ask to an offer or a volunteer, and undoing it. */
#include <string.h>

#include "match.h"
#include "audit.h"
#include "need.h"
#include "status.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_NEED,
	STMT_OFFER,
	STMT_OFFER_USED,
	STMT_USER,
	STMT_INSERT,
	STMT_OFFER_FULL,
	STMT_ENDING,
	STMT_END,
	STMT_OFFER_REOPEN,
	STMT_LIST,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_NEED */
	"SELECT status, category FROM need WHERE id = ?",
	/* STMT_OFFER: how many asks it serves, one when it does not say */
	"SELECT status, category, coalesce(quantity, 1) AS quantity "
	"FROM offer WHERE id = ?",
	/* STMT_OFFER_USED */
	"SELECT count(*) FROM need_match WHERE offer_id = ? "
	"AND ended_at IS NULL",
	/* STMT_USER */
	"SELECT disabled FROM app_user WHERE id = ?",
	/* STMT_INSERT */
	"INSERT INTO need_match (need_id, offer_id, user_id, by_user, "
	"reasons, matched_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_OFFER_FULL */
	"UPDATE offer SET status = 'matched', updated_at = ? "
	"WHERE id = ? AND status = 'open'",
	/* STMT_ENDING: the offers the matches to end hold */
	"SELECT offer_id FROM need_match WHERE need_id = ? "
	"AND ended_at IS NULL AND offer_id IS NOT NULL",
	/* STMT_END */
	"UPDATE need_match SET ended_at = ? "
	"WHERE need_id = ? AND ended_at IS NULL",
	/*
	 * STMT_OFFER_REOPEN: used up by a match that ended; an offer closed
	 * or fulfilled meanwhile stays so.
	 */
	"UPDATE offer SET status = 'open', updated_at = ? "
	"WHERE id = ? AND status = 'matched'",
	/* STMT_LIST */
	"SELECT m.id, m.offer_id, m.user_id, u.login, m.reasons, "
	"m.matched_at FROM need_match m "
	"LEFT JOIN app_user u ON u.id = m.user_id "
	"WHERE m.need_id = ? AND m.ended_at IS NULL ORDER BY m.id",
};

/* Whether reasons are up to MATCH_REASONS_MAX codes, space separated. */
static int
match_reasons_ok(const char *reasons)
{
	size_t n = 0, len = 0;
	const char *s;

	for (s = reasons;; s++) {
		if (*s == ' ' || *s == '\0') {
			if (len == 0 || ++n > MATCH_REASONS_MAX)
				return 0;
			len = 0;
			if (*s == '\0')
				return 1;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
			*s == '_') ||
		    ++len >= MATCH_REASON_LEN)
			return 0;
	}
}

/* The ask's status and category in *row; 404 or 409 unless open. */
static int
match_need(struct db *db, int64_t need_id, json_t **row, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);
	int rc = db_row(db, stmts[STMT_NEED], &arg, 1, row);

	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_need", NULL,
		    0);
	if (strcmp(json_string_value(json_object_get(*row, "status")),
		"open") != 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_match_not_open",
		    NULL, 0);
	return 0;
}

/*
 * The offer can take one more ask of category: 0 and whether this one
 * uses it up in *full, or -1 with p.
 */
static int
match_offer(struct db *db, int64_t offer_id, const char *category, int *full,
    struct problem *p)
{
	struct db_val arg = DBV_INT(offer_id);
	json_t *row = NULL;
	int64_t used = 0, quantity;
	int rc = db_row(db, stmts[STMT_OFFER], &arg, 1, &row);

	if (rc == -1 ||
	    (rc == 1 &&
		db_int(db, stmts[STMT_OFFER_USED], &arg, 1, &used) == -1)) {
		json_decref(row);
		return tx_problem(db, p);
	}
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_offer",
		    "offer_id", 0);
	quantity = json_integer_value(json_object_get(row, "quantity"));
	if (strcmp(json_string_value(json_object_get(row, "category")),
		category) != 0)
		rc = problem_set(p, PROBLEM_CONFLICT, "err_match_category",
		    "offer_id", 0);
	else if (strcmp(json_string_value(json_object_get(row, "status")),
		     "open") != 0 ||
	    used >= quantity)
		rc = problem_set(p, PROBLEM_CONFLICT, "err_offer_used",
		    "offer_id", 0);
	else
		rc = 0;
	*full = used + 1 >= quantity;
	json_decref(row);
	return rc;
}

static int
match_user(struct db *db, int64_t user_id, struct problem *p)
{
	struct db_val arg = DBV_INT(user_id);
	int64_t disabled = 0;
	int rc = db_int(db, stmts[STMT_USER], &arg, 1, &disabled);

	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_not_found",
		    "user_id", 0);
	if (disabled)
		return problem_set(p, PROBLEM_CONFLICT, "err_match_user",
		    "user_id", 0);
	return 0;
}

/* The ask to matched, through its status rules (and its tally). */
static int
match_move(struct db *db, int64_t need_id, struct problem *p)
{
	json_t *in = json_pack("{s:s}", "status", "matched"), *out = NULL;
	struct audit_note note;
	int rc = need_set_status(db, need_id, in, &out, &note, p);

	json_decref(in);
	json_decref(out);
	return rc;
}

int
match_apply(struct db *db, int64_t need_id, int64_t offer_id, int64_t user_id,
    int64_t by_user, const char *reasons, int64_t *id, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];
	json_t *ask = NULL;
	int64_t new_id = 0;
	int full = 0, rc = -1;

	if (!match_reasons_ok(reasons))
		return problem_set(p, PROBLEM_INVALID, "err_match_reasons",
		    "reasons", 0);
	if (match_need(db, need_id, &ask, p) == -1)
		goto out;
	if (offer_id != 0 &&
	    match_offer(db, offer_id,
		json_string_value(json_object_get(ask, "category")), &full,
		p) == -1)
		goto out;
	if (user_id != 0 && match_user(db, user_id, p) == -1)
		goto out;
	clock_now(now);
	args[0] = DBV_INT(need_id);
	args[1] = offer_id != 0 ? DBV_INT(offer_id) : DBV_NULL;
	args[2] = user_id != 0 ? DBV_INT(user_id) : DBV_NULL;
	args[3] = by_user != 0 ? DBV_INT(by_user) : DBV_NULL;
	args[4] = DBV_TEXT(reasons);
	args[5] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 6, &new_id) != 1) {
		tx_problem(db, p);
		goto out;
	}
	args[0] = DBV_TEXT(now);
	args[1] = DBV_INT(offer_id);
	if (full && db_exec(db, stmts[STMT_OFFER_FULL], args, 2) == -1) {
		tx_problem(db, p);
		goto out;
	}
	if (match_move(db, need_id, p) == -1)
		goto out;
	if (id != NULL)
		*id = new_id;
	rc = 0;
out:
	json_decref(ask);
	return rc;
}

int
match_end(struct db *db, int64_t need_id, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[2];
	json_t *offers, *row;
	size_t i;

	args[0] = DBV_INT(need_id);
	if ((offers = db_rows(db, stmts[STMT_ENDING], args, 1)) == NULL)
		return tx_problem(db, p);
	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_INT(need_id);
	if (db_exec(db, stmts[STMT_END], args, 2) == -1) {
		json_decref(offers);
		return tx_problem(db, p);
	}
	json_array_foreach (offers, i, row) {
		args[1] = DBV_INT(
		    json_integer_value(json_object_get(row, "offer_id")));
		if (db_exec(db, stmts[STMT_OFFER_REOPEN], args, 2) == -1) {
			json_decref(offers);
			return tx_problem(db, p);
		}
	}
	json_decref(offers);
	return 0;
}

int
match_list(struct db *db, int64_t need_id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);
	json_t *row;
	size_t i;

	if ((*out = db_rows(db, stmts[STMT_LIST], &arg, 1)) == NULL)
		return tx_problem(db, p);
	/* "same_zone urgent" -> ["same_zone", "urgent"] */
	json_array_foreach (*out, i, row) {
		const char *r = json_string_value(
		    json_object_get(row, "reasons"));
		json_t *codes = json_array();

		while (r != NULL && *r != '\0') {
			size_t n = strcspn(r, " ");

			json_array_append_new(codes, json_stringn(r, n));
			r += n + (r[n] == ' ');
		}
		json_object_set_new(row, "reasons", codes);
	}
	return 0;
}
