/* Matching an ask to an offer or a volunteer, and undoing it. */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "audit.h"
#include "need.h"
#include "status.h"
#include "tx.h"
#include "db/multirow.h"
#include "util/clock.h"
#include "util/mem.h"
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
	/*
	 * STMT_NEED: locked, as need_lock does, until the match is made or
	 * refused.
	 */
	"SELECT status, category FROM need WHERE id = ? FOR NO KEY UPDATE",
	/*
	 * STMT_OFFER: how many asks it serves, one when it does not say;
	 * locked, so that the matches counted are the last until this one
	 * is made (another transaction's wait for the offer, then counts).
	 */
	"SELECT status, category, coalesce(quantity, 1) AS quantity "
	"FROM offer WHERE id = ? FOR NO KEY UPDATE",
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

/* Statements over many matches at once, MULTIROW_MAX at most each. */
enum many {
	MANY_OFFERS,
	MANY_INSERT,
	MANY_OFFERS_FULL,
	MANY__MAX,
};

static const char *const many[MANY__MAX][MULTIROW_SIZES] = {
	/*
	 * MANY_OFFERS: STMT_OFFER and STMT_OFFER_USED for each, the offers
	 * locked as STMT_OFFER's are.
	 */
	MULTIROW("SELECT o.id, o.status, o.category, "
		 "coalesce(o.quantity, 1) AS quantity, "
		 "(SELECT count(*) FROM need_match m WHERE m.offer_id = o.id "
		 "AND m.ended_at IS NULL) AS used FROM offer o WHERE o.id IN (",
	    "?", ") FOR NO KEY UPDATE OF o"),
	/* MANY_INSERT: STMT_INSERT for each, to offers */
	MULTIROW("INSERT INTO need_match (need_id, offer_id, user_id, by_user, "
		 "reasons, matched_at) VALUES ",
	    "(?, ?, NULL, ?, ?, ?)", ""),
	/*
	 * MANY_OFFERS_FULL: STMT_OFFER_FULL for each; the ids find the rows
	 * (as need.c's MANY_MATCHED does).
	 */
	MULTIROW("UPDATE offer SET status = 'matched', updated_at = ? "
		 "WHERE status || '' = 'open' AND id IN (",
	    "?", ")"),
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

	if (tx_row(db, stmts[STMT_NEED], &arg, 1, row, "err_no_need", p) == -1)
		return -1;
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

/* An offer that picks use: how many of them, and what it is. */
struct match_use {
	int64_t offer_id;
	int64_t picks;
	const char *category; /* NULL: not there */
	int full;             /* the picks use it up */
};

/* An ask moved to matched, by id. */
struct match_ask {
	int64_t id;
	const char *category;
};

/* Order by the id each element begins with (need_id, offer_id or id). */
static int
match_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Before anything is written: 422 for reasons not codes, 409 for an ask
 * picked twice. The asks' ids in ids (n of them).
 */
static int
match_picks_check(const struct match_pick *picks, size_t n, int64_t *ids,
    struct problem *p)
{
	int64_t *sorted = xmalloc(sizeof(*sorted) * (n ? n : 1));
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (!match_reasons_ok(picks[i].reasons)) {
			free(sorted);
			return problem_set(p, PROBLEM_INVALID,
			    "err_match_reasons", "reasons", 0);
		}
		ids[i] = sorted[i] = picks[i].need_id;
	}
	qsort(sorted, n, sizeof(*sorted), match_id_cmp);
	for (i = 1; i < n && rc == 0; i++)
		if (sorted[i] == sorted[i - 1])
			rc = problem_set(p, PROBLEM_CONFLICT,
			    "err_match_not_open", NULL, 0);
	free(sorted);
	return rc;
}

/* The offers picks use, by id, each once: how many there are. */
static size_t
match_uses(const struct match_pick *picks, size_t n, struct match_use **out)
{
	struct match_use *u = xcalloc(n ? n : 1, sizeof(*u));
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		u[i].offer_id = picks[i].offer_id;
	qsort(u, n, sizeof(*u), match_id_cmp);
	for (i = 0; i < n; i++)
		if (m > 0 && u[m - 1].offer_id == u[i].offer_id)
			u[m - 1].picks++;
		else
			u[m++] = (struct match_use){ u[i].offer_id, 1, NULL,
				0 };
	*out = u;
	return m;
}

/*
 * One offer's row against its picks, as match_offer checks one: 409
 * unless open with room for them all. Whether they use it up in u.
 */
static int
match_use_check(struct match_use *u, json_t *row, struct problem *p)
{
	int64_t quantity = json_integer_value(json_object_get(row, "quantity"));
	int64_t used = json_integer_value(json_object_get(row, "used"));

	u->category = json_string_value(json_object_get(row, "category"));
	u->full = used + u->picks >= quantity;
	if (strcmp(json_string_value(json_object_get(row, "status")), "open") !=
		0 ||
	    used + u->picks > quantity)
		return problem_set(p, PROBLEM_CONFLICT, "err_offer_used",
		    "offer_id", 0);
	return 0;
}

/*
 * Read the offers uses names (n of them, sorted) into rows, a statement
 * per MULTIROW_MAX, and check each: 404 for one not there.
 */
static int
match_uses_read(struct db *db, struct match_use *uses, size_t n, json_t *rows,
    struct problem *p)
{
	struct db_val args[MULTIROW_MAX];
	size_t done, size, k, i;
	struct match_use *u;
	json_t *got, *row;

	for (done = 0; done < n; done += size) {
		size = multirow_piece(n - done, &k);
		for (i = 0; i < size; i++)
			args[i] = DBV_INT(uses[done + i].offer_id);
		got = db_rows(db, many[MANY_OFFERS][k], args, size);
		if (got == NULL)
			return tx_problem(db, p);
		json_array_extend(rows, got);
		json_array_foreach (got, i, row) {
			int64_t id = json_integer_value(
			    json_object_get(row, "id"));

			u = bsearch(&id, uses, n, sizeof(*uses), match_id_cmp);
			if (u != NULL && match_use_check(u, row, p) == -1) {
				json_decref(got);
				return -1;
			}
		}
		json_decref(got);
	}
	for (i = 0; i < n; i++)
		if (uses[i].category == NULL)
			return problem_set(p, PROBLEM_NOT_FOUND, "err_no_offer",
			    "offer_id", 0);
	return 0;
}

/*
 * The asks moved (rows {id, category}) against the picks: each moved,
 * else 404 or 409 as match_need says for the first that was not; each of
 * its offer's category, else 409.
 */
static int
match_asks_check(struct db *db, const struct match_pick *picks, size_t n,
    json_t *rows, const struct match_use *uses, size_t nuses, struct problem *p)
{
	struct match_ask *asks = xmalloc(sizeof(*asks) * (n ? n : 1)), *a;
	const struct match_use *u;
	json_t *row, *gone = NULL;
	size_t i, m = json_array_size(rows);
	int rc = 0;

	json_array_foreach (rows, i, row)
		asks[i] = (struct match_ask){ json_integer_value(
						  json_object_get(row, "id")),
			json_string_value(json_object_get(row, "category")) };
	qsort(asks, m, sizeof(*asks), match_id_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		a = bsearch(&picks[i].need_id, asks, m, sizeof(*asks),
		    match_id_cmp);
		u = bsearch(&picks[i].offer_id, uses, nuses, sizeof(*uses),
		    match_id_cmp);
		if (a == NULL &&
		    match_need(db, picks[i].need_id, &gone, p) == 0)
			rc = problem_set(p, PROBLEM_CONFLICT,
			    "err_match_not_open", NULL, 0);
		else if (a == NULL)
			rc = -1;
		else if (strcmp(a->category, u->category) != 0)
			rc = problem_set(p, PROBLEM_CONFLICT,
			    "err_match_category", "offer_id", 0);
	}
	json_decref(gone);
	free(asks);
	return rc;
}

/* The matches, in picks' order, a statement per MULTIROW_MAX. */
static int
match_insert_many(struct db *db, const struct match_pick *picks, size_t n,
    int64_t by_user, const char *now, struct problem *p)
{
	struct db_val args[5 * MULTIROW_MAX];
	size_t done, size, k, i, a;

	for (done = 0; done < n; done += size) {
		size = multirow_piece(n - done, &k);
		for (i = 0, a = 0; i < size; i++) {
			args[a++] = DBV_INT(picks[done + i].need_id);
			args[a++] = DBV_INT(picks[done + i].offer_id);
			args[a++] = by_user != 0 ? DBV_INT(by_user) : DBV_NULL;
			args[a++] = DBV_TEXT(picks[done + i].reasons);
			args[a++] = DBV_TEXT(now);
		}
		if (db_exec(db, many[MANY_INSERT][k], args, a) != (int)size)
			return tx_problem(db, p);
	}
	return 0;
}

/*
 * The offers used up to matched, a statement per MULTIROW_MAX: 409 when
 * fewer moved than were read open.
 */
static int
match_fill_many(struct db *db, const struct match_use *uses, size_t n,
    const char *now, struct problem *p)
{
	struct db_val args[1 + MULTIROW_MAX];
	size_t left = 0, size, k, i = 0, j;
	int rc;

	for (j = 0; j < n; j++)
		left += uses[j].full;
	args[0] = DBV_TEXT(now);
	for (; left > 0; left -= size) {
		size = multirow_piece(left, &k);
		for (j = 0; j < size; i++)
			if (uses[i].full)
				args[1 + j++] = DBV_INT(uses[i].offer_id);
		rc = db_exec(db, many[MANY_OFFERS_FULL][k], args, 1 + size);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc != (int)size)
			return problem_set(p, PROBLEM_CONFLICT,
			    "err_offer_used", "offer_id", 0);
	}
	return 0;
}

int
match_apply_many(struct db *db, const struct match_pick *picks, size_t n,
    int64_t by_user, struct problem *p)
{
	int64_t *ids = xmalloc(sizeof(*ids) * (n ? n : 1));
	json_t *offers = json_array(), *asks = NULL;
	char now[CLOCK_ISO_LEN];
	struct match_use *uses;
	size_t nuses = match_uses(picks, n, &uses);
	int rc = -1;

	clock_now(now);
	if (match_picks_check(picks, n, ids, p) == 0 &&
	    match_uses_read(db, uses, nuses, offers, p) == 0 &&
	    need_set_matched(db, ids, n, &asks, p) == 0 &&
	    match_asks_check(db, picks, n, asks, uses, nuses, p) == 0 &&
	    match_insert_many(db, picks, n, by_user, now, p) == 0 &&
	    match_fill_many(db, uses, nuses, now, p) == 0)
		rc = 0;
	json_decref(asks);
	json_decref(offers);
	free(uses);
	free(ids);
	return rc;
}
