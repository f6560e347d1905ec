/* Taking and letting go of asks; the contact rules follow from it. */
#include <string.h>
#include <time.h>

#include "claim.h"
#include "tx.h"
#include "listing.h"
#include "need.h"
#include "privacy.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_RELEASE,
	STMT_OPEN_CLAIMS,
	STMT_CONTACT_READERS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO claim (need_id, user_id, claimed_at) VALUES (?, ?, ?)",
	/* STMT_RELEASE */
	"UPDATE claim SET released_at = ? "
	"WHERE need_id = ? AND released_at IS NULL",
	/* STMT_OPEN_CLAIMS */
	"SELECT count(*) FROM claim WHERE user_id = ? AND released_at IS NULL",
	/* STMT_CONTACT_READERS: the index audit_contact_at (schema/003) */
	"SELECT u.login, count(*) AS views FROM audit a "
	"JOIN app_user u ON u.id = a.user_id "
	"WHERE a.action = 'view contact' AND a.at >= ? "
	"GROUP BY u.login HAVING count(*) > ? ORDER BY views DESC, u.login",
};

static int claim_max_open = CLAIM_MAX_OPEN_DEFAULT;
static int claim_contact_alert = CLAIM_CONTACT_ALERT_DEFAULT;

void
claim_setup(int max_open, int contact_alert)
{
	claim_max_open = max_open;
	claim_contact_alert = contact_alert;
}

/* The user holding the ask's active claim, or 0. */
static int64_t
claim_holder(json_t *ask)
{
	return json_integer_value(
	    json_object_get(json_object_get(ask, "claim"), "user_id"));
}

static int
claim_status_ok(json_t *ask)
{
	const char *s = json_string_value(json_object_get(ask, "status"));

	return s != NULL &&
	    (strcmp(s, "open") == 0 || strcmp(s, "matched") == 0);
}

/*
 * The ask as v may find it (a 404 outside a volunteer's zones): the user
 * holding its active claim in *holder, whether it can be claimed in
 * *open. 0, or -1 with p.
 */
static int
claim_find(struct db *db, const struct viewer *v, int64_t need_id,
    int64_t *holder, int *open, struct problem *p)
{
	json_t *ask = NULL;

	if (need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	*holder = claim_holder(ask);
	*open = claim_status_ok(ask);
	json_decref(ask);
	return 0;
}

/*
 * 0 when v may hold one more claim, else -1 with p: 409 past the cap.
 * The cap bounds the contacts a volunteer can open at once; those who
 * see every contact anyway (privacy_sees_all) are not held to it.
 */
static int
claim_over_cap(struct db *db, const struct viewer *v, struct problem *p)
{
	struct db_val arg = DBV_INT(v->user_id);
	int64_t n = 0;

	if (privacy_sees_all(v))
		return 0;
	if (db_int(db, stmts[STMT_OPEN_CLAIMS], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	if (n >= claim_max_open)
		return problem_set(p, PROBLEM_CONFLICT, "err_too_many_claims",
		    NULL, 0);
	return 0;
}

int
claim_take(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int64_t holder;
	int open;

	if (!privacy_may_claim(v))
		return problem_set(p, PROBLEM_FORBIDDEN, "err_claim_role", NULL,
		    0);
	/*
	 * The caller's transaction holds the write lock from the read to the
	 * insert, so two volunteers claiming at once cannot both find it free
	 * (nor one volunteer pass the cap with two claims at once).
	 */
	if (claim_find(db, v, need_id, &holder, &open, p) == -1)
		return -1;
	if (!open)
		return problem_set(p, PROBLEM_CONFLICT, "err_claim_status",
		    NULL, 0);
	if (holder != 0 && holder != v->user_id)
		return problem_set(p, PROBLEM_CONFLICT, "err_claimed", NULL, 0);
	if (holder != 0)
		return 0;
	if (claim_over_cap(db, v, p) != 0)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(need_id);
	args[1] = DBV_INT(v->user_id);
	args[2] = DBV_TEXT(now);
	return db_exec(db, stmts[STMT_INSERT], args, 3) != 1 ? tx_problem(db, p)
							     : 0;
}

int
claim_release(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	int64_t holder;
	int open;

	if (claim_find(db, v, need_id, &holder, &open, p) == -1)
		return -1;
	if (holder == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_no_claim", NULL,
		    0);
	if (holder != v->user_id && !privacy_sees_all(v))
		return problem_set(p, PROBLEM_FORBIDDEN, "err_claim_not_yours",
		    NULL, 0);
	return claim_release_all(db, need_id) == -1 ? tx_problem(db, p) : 0;
}

int
claim_release_all(struct db *db, int64_t need_id)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[2];

	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_INT(need_id);
	return db_exec(db, stmts[STMT_RELEASE], args, 2) == -1 ? -1 : 0;
}

void
claim_actions(const struct viewer *v, json_t *ask)
{
	int64_t holder = claim_holder(ask);
	/* A volunteer's view of someone else's claim names no holder. */
	int held = json_is_object(json_object_get(ask, "claim"));

	json_object_set_new(ask, "can_claim",
	    json_boolean(
		!held && claim_status_ok(ask) && privacy_may_claim(v)));
	json_object_set_new(ask, "can_release",
	    json_boolean(
		holder != 0 && (holder == v->user_id || privacy_sees_all(v))));
}

int
claim_contact_readers(struct db *db, json_t *data, struct problem *p)
{
	char since[CLOCK_ISO_LEN];
	struct db_val args[2];
	json_t *rows;

	clock_iso(time(NULL) - 3600, since);
	args[0] = DBV_TEXT(since);
	args[1] = DBV_INT(claim_contact_alert);
	rows = db_rows(db, stmts[STMT_CONTACT_READERS], args, 2);
	if (rows == NULL)
		return tx_problem(db, p);
	json_object_set_new(data, "contact_alert", rows);
	json_object_set_new(data, "contact_alert_over",
	    json_integer(claim_contact_alert));
	return 0;
}
