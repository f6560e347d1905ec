/* Taking and letting go of asks; the contact rules follow from it. */
#include <string.h>
#include <time.h>

#include "claim.h"
#include "audit.h"
#include "tx.h"
#include "input.h"
#include "listing.h"
#include "need.h"
#include "privacy.h"
#include "task.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_RELEASE,
	STMT_OPEN_CLAIMS,
	STMT_LOCK_USER,
	STMT_CONTACT_READERS,
	STMT_ACTIVE,
	STMT_STALE,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO claim (need_id, user_id, claimed_at) VALUES (?, ?, ?)",
	/* STMT_RELEASE */
	"UPDATE claim SET released_at = ?, release_reason = ? "
	"WHERE need_id = ? AND released_at IS NULL",
	/* STMT_OPEN_CLAIMS */
	"SELECT count(*) FROM claim WHERE user_id = ? AND released_at IS NULL",
	/* STMT_LOCK_USER: a volunteer's claims are counted one at a time */
	"SELECT id FROM app_user WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_CONTACT_READERS: the index audit_contact_at (schema/003) */
	"SELECT u.login, count(*) AS views FROM audit a "
	"JOIN app_user u ON u.id = a.user_id "
	"WHERE a.action = 'view contact' AND a.at >= ? "
	"GROUP BY u.login HAVING count(*) > ? ORDER BY views DESC, u.login",
	/* STMT_ACTIVE: the index claim_active (schema/009) */
	"SELECT id, user_id, claimed_at FROM claim "
	"WHERE need_id = ? AND released_at IS NULL",
	/*
	 * STMT_STALE: the index claim_open_at (schema/009). A claim with a
	 * delivery report is never stale: it failed (and ended) or waits
	 * for a confirmation, which is nobody's delay but the asker's.
	 */
	"SELECT c.need_id, n.person_id FROM claim c "
	"JOIN need n ON n.id = c.need_id "
	"WHERE c.released_at IS NULL AND c.claimed_at < ? "
	"AND NOT EXISTS (SELECT 1 FROM need_call k WHERE k.need_id = c.need_id "
	"AND k.called_at >= ?) "
	"AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.claim_id = c.id) "
	"ORDER BY c.claimed_at, c.id",
};

static int claim_max_open = CLAIM_MAX_OPEN_DEFAULT;
static int claim_contact_alert = CLAIM_CONTACT_ALERT_DEFAULT;
static int claim_hours = CLAIM_HOURS_DEFAULT;

/* Not required here: the rights come first (claim_release). */
const struct field claim_release_fields[CLAIM_RELEASE__MAX + 1] = {
	[CLAIM_RELEASE_REASON] = { "reason", FIELD_LINE, 0, 1, 500, NULL },
	[CLAIM_RELEASE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

void
claim_setup(int max_open, int contact_alert, int hours)
{
	claim_max_open = max_open;
	claim_contact_alert = contact_alert;
	claim_hours = hours;
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

/* The ask's status is one of name's. */
static int
claim_status_is(json_t *ask, const char *name)
{
	const char *s = json_string_value(json_object_get(ask, "status"));

	return s != NULL && strcmp(s, name) == 0;
}

/*
 * Move ask need_id to status to (from the one it has: need_set_status
 * keeps the tally and ends claims as a move must). 0, or -1 with p.
 */
static int
claim_move_ask(struct db *db, int64_t need_id, const char *to,
    struct problem *p)
{
	struct audit_note note = { 0 };
	json_t *in = json_pack("{s:s}", "status", to), *out = NULL;
	int rc;

	rc = need_set_status(db, need_id, in, &out, &note, p);
	json_decref(in);
	json_decref(out);
	return rc;
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
	if (tx_lock(db, stmts[STMT_LOCK_USER], v->user_id, "err_not_found",
		p) == -1)
		return -1;
	if (db_int(db, stmts[STMT_OPEN_CLAIMS], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	if (n >= claim_max_open)
		return problem_set(p, PROBLEM_CONFLICT, "err_too_many_claims",
		    NULL, 0);
	return 0;
}

/* Insert v's claim on need_id, now. 0, or -1 with p. */
static int
claim_insert(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];

	clock_now(now);
	args[0] = DBV_INT(need_id);
	args[1] = DBV_INT(v->user_id);
	args[2] = DBV_TEXT(now);
	return db_exec(db, stmts[STMT_INSERT], args, 3) != 1 ? tx_problem(db, p)
							     : 0;
}

int
claim_take(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	json_t *ask = NULL;
	int64_t holder;
	int rc = -1;

	if (!privacy_may_claim(v))
		return problem_set(p, PROBLEM_FORBIDDEN, "err_claim_role", NULL,
		    0);
	/*
	 * The ask's row is locked from the read to the insert, so two
	 * volunteers claiming at once cannot both find it free (the unique
	 * index claim_active says so again in the schema); the volunteer's
	 * login is, so that one volunteer cannot pass the cap with two
	 * claims of two asks at once.
	 */
	if (need_lock(db, need_id, p) == -1 ||
	    need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	holder = claim_holder(ask);
	if (!claim_status_ok(ask))
		problem_set(p, PROBLEM_CONFLICT, "err_claim_status", NULL, 0);
	else if (holder != 0 && holder != v->user_id)
		problem_set(p, PROBLEM_CONFLICT, "err_claimed", NULL, 0);
	else if (holder != 0)
		rc = 0;
	else if (claim_over_cap(db, v, p) == 0 &&
	    claim_insert(db, v, need_id, p) == 0)
		rc = claim_status_is(ask, "open")
		    ? claim_move_ask(db, need_id, "matched", p)
		    : 0;
	json_decref(ask);
	return rc;
}

int
claim_release(struct db *db, const struct viewer *v, int64_t need_id,
    json_t *in, struct problem *p)
{
	const char *reason;
	json_t *ask = NULL;
	int64_t holder;

	if (need_lock(db, need_id, p) == -1 ||
	    need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	holder = claim_holder(ask);
	json_decref(ask);
	if (holder == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_no_claim", NULL,
		    0);
	if (holder != v->user_id && !privacy_sees_all(v))
		return problem_set(p, PROBLEM_FORBIDDEN, "err_claim_not_yours",
		    NULL, 0);
	reason = input_text(in, claim_release_fields, CLAIM_RELEASE_REASON);
	if (reason == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_release_reason",
		    claim_release_fields[CLAIM_RELEASE_REASON].name, 0);
	return claim_end(db, need_id, reason, p);
}

int
claim_release_all(struct db *db, int64_t need_id, const char *reason)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];

	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = reason != NULL ? DBV_TEXT(reason) : DBV_NULL;
	args[2] = DBV_INT(need_id);
	return db_exec(db, stmts[STMT_RELEASE], args, 3) == -1 ? -1 : 0;
}

int
claim_end(struct db *db, int64_t need_id, const char *reason, struct problem *p)
{
	json_t *ask = NULL;
	int matched;

	if (need_lock(db, need_id, p) == -1)
		return -1;
	if (claim_release_all(db, need_id, reason) == -1)
		return tx_problem(db, p);
	if (need_find(db, need_id, 0, &ask, p) == -1)
		return -1;
	matched = claim_status_is(ask, "matched");
	json_decref(ask);
	return matched ? claim_move_ask(db, need_id, "open", p) : 0;
}

int
claim_active(struct db *db, int64_t need_id, json_t **out)
{
	struct db_val arg = DBV_INT(need_id);

	*out = NULL;
	return db_row(db, stmts[STMT_ACTIVE], &arg, 1, out);
}

/* One stale claim ended: the ask reopened, a task left, the entry. */
static int
claim_expire_one(struct db *db, json_t *row, struct problem *p)
{
	int64_t need_id = json_integer_value(json_object_get(row, "need_id"));
	struct task_new t = { 0 };
	int64_t id;

	if (claim_end(db, need_id, "expired", p) == -1)
		return -1;
	t.person_id = json_integer_value(json_object_get(row, "person_id"));
	t.need_id = need_id;
	t.why = "claim_expired";
	if (task_add(db, &t, &id) == -1)
		return tx_problem(db, p);
	return audit_log(db, NULL, "claim.expire", "need", need_id);
}

static int
claim_expire_work(struct db *db, void *arg, struct problem *p)
{
	char cutoff[CLOCK_ISO_LEN];
	struct db_val args[2];
	json_t *rows, *row;
	int64_t *n = arg;
	size_t i;

	clock_iso(time(NULL) - (time_t)claim_hours * 3600, cutoff);
	args[0] = DBV_TEXT(cutoff);
	args[1] = DBV_TEXT(cutoff);
	rows = db_rows(db, stmts[STMT_STALE], args, 2);
	if (rows == NULL)
		return tx_problem(db, p);
	json_array_foreach (rows, i, row)
		if (claim_expire_one(db, row, p) == -1) {
			json_decref(rows);
			return -1;
		}
	*n = (int64_t)json_array_size(rows);
	json_decref(rows);
	return 0;
}

int
claim_expire(struct db *db, int64_t *n)
{
	struct problem p = { 0 };

	*n = 0;
	if (tx_run(db, claim_expire_work, n, &p) == -1) {
		*n = 0;
		return -1;
	}
	return 0;
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
	/* Giving out from stock meets the ask: only one still waiting. */
	json_object_set_new(ask, "can_give_out",
	    json_boolean(claim_status_ok(ask) && v->role >= ROLE_COORDINATOR));
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
