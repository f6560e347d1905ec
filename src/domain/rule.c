/* Follow-up rules: firing them, the sweep of those time meets, editing. */
#include <string.h>

#include "rule.h"
#include "input.h"
#include "refs.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_ENABLED,
	STMT_RECEIVED_HELP,
	STMT_HELPED,
	STMT_GRIEVANCE,
	STMT_ACTIVE,
	STMT_IDLE,
	STMT_LIST,
	STMT_FIND,
	STMT_UPDATE,
	STMT_ASSIGNEE,
	STMT_ASSIGNEES,
	STMT_LOCK,
	STMT_LAST_PERSON,
	STMT__MAX,
};

/*
 * A rule's task for each person p the statement's FROM and WHERE find:
 * for the rule's user, else the organizer of p's zone (the first by id),
 * else nobody (any coordinator). Bound: user, why, due, now, rule id.
 * ON CONFLICT DO NOTHING meets task_once: a reason already given to the
 * person, by this firing or any before, is left as it is.
 */
#define RULE_TASK                                                              \
	"INSERT INTO task (user_id, person_id, zone_id, why, due_at, status, " \
	"created_at, rule_id) SELECT COALESCE(CAST(? AS BIGINT), "             \
	"(SELECT min(uz.user_id) FROM user_zone uz JOIN app_user o ON "        \
	"o.id = uz.user_id WHERE uz.zone_id = p.zone_id AND o.role = "         \
	"'organizer' AND o.disabled = 0)), p.id, p.zone_id, CAST(? AS TEXT), " \
	"CAST(? AS TEXT), 'open', CAST(? AS TEXT), CAST(? AS BIGINT) "
#define RULE_ONCE " ON CONFLICT DO NOTHING"
#define RULE_ARGS 5

#define RULE_COLUMNS                                                           \
	"SELECT r.id, r.cond, r.n, r.why, r.user_id, u.login, r.due_days, "    \
	"r.enabled, r.updated_at FROM rule r LEFT JOIN app_user u ON "         \
	"u.id = r.user_id"

static const char *const stmts[STMT__MAX] = {
	/* STMT_ENABLED */
	"SELECT id, n, why, user_id, due_days FROM rule WHERE cond = ? AND "
	"enabled = 1 ORDER BY id",
	/* STMT_RECEIVED_HELP: asks fulfilled, and sessions come to as a
	 * guest (a free store, a breakfast): help received either way. */
	RULE_TASK
	"FROM person p WHERE p.id = ? AND p.forgotten_at IS NULL "
	"AND (SELECT count(*) FROM need n WHERE n.person_id = p.id AND "
	"n.status = 'fulfilled') + (SELECT count(*) FROM attendance a WHERE "
	"a.person_id = p.id AND a.role = 'guest') >= ?" RULE_ONCE,
	/* STMT_HELPED: sessions helped at or led, and deliveries made. */
	RULE_TASK
	"FROM person p WHERE p.id = ? AND p.forgotten_at IS NULL "
	"AND (SELECT count(*) FROM attendance a WHERE a.person_id = p.id AND "
	"a.role <> 'guest') + (SELECT count(*) FROM delivery d JOIN app_user "
	"u ON u.id = d.user_id WHERE u.person_id = p.id AND d.outcome = "
	"'delivered') >= ?" RULE_ONCE,
	/* STMT_GRIEVANCE: everyone of a grievance n people or more share. */
	RULE_TASK
	"FROM grievance_person gp JOIN person p ON p.id = "
	"gp.person_id WHERE gp.grievance_id = ? AND p.forgotten_at IS NULL "
	"AND (SELECT count(*) FROM grievance_person g2 WHERE g2.grievance_id "
	"= gp.grievance_id) >= ?" RULE_ONCE,
	/* STMT_ACTIVE: known since the cutoff or before, and since then
	 * asked, came to a session or talked with an organizer; of the
	 * people whose ids are in (?, ?]. */
	RULE_TASK
	"FROM person p WHERE p.created_at <= ? AND p.forgotten_at "
	"IS NULL AND (EXISTS (SELECT 1 FROM need n WHERE n.person_id = p.id "
	"AND n.created_at >= ?) OR EXISTS (SELECT 1 FROM attendance a WHERE "
	"a.person_id = p.id AND a.created_at >= ?) OR EXISTS (SELECT 1 FROM "
	"conversation c WHERE c.person_id = p.id AND c.at >= ?)) "
	"AND p.id > ? AND p.id <= ?" RULE_ONCE,
	/* STMT_IDLE: a volunteer's login since the cutoff or before, with
	 * no claim, delivery, session or shift sign-up since. */
	RULE_TASK
	"FROM app_user u JOIN person p ON p.id = u.person_id WHERE "
	"u.role = 'volunteer' AND u.disabled = 0 AND u.created_at <= ? AND "
	"p.forgotten_at IS NULL AND NOT EXISTS (SELECT 1 FROM claim c WHERE "
	"c.user_id = u.id AND c.claimed_at >= ?) AND NOT EXISTS (SELECT 1 "
	"FROM delivery d WHERE d.user_id = u.id AND d.at >= ?) AND NOT "
	"EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id AND "
	"a.created_at >= ?) AND NOT EXISTS (SELECT 1 FROM shift_signup s "
	"WHERE s.person_id = p.id AND s.created_at >= ?)" RULE_ONCE,
	/* STMT_LIST */
	RULE_COLUMNS " ORDER BY r.id",
	/* STMT_FIND */
	RULE_COLUMNS " WHERE r.id = ?",
	/* STMT_UPDATE */
	"UPDATE rule SET enabled = ?, n = ?, why = ?, user_id = ?, "
	"due_days = ?, updated_at = ? WHERE id = ?",
	/* STMT_ASSIGNEE */
	"SELECT id FROM app_user WHERE id = ? AND disabled = 0 AND role IN "
	"('organizer', 'coordinator', 'admin')",
	/* STMT_ASSIGNEES */
	"SELECT id, login FROM app_user WHERE disabled = 0 AND role IN "
	"('organizer', 'coordinator', 'admin') ORDER BY login, id LIMIT 500",
	/* STMT_LOCK: an edit reads the rule, then writes it whole */
	"SELECT id FROM rule WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_LAST_PERSON */
	"SELECT coalesce(max(id), 0) FROM person",
};

const char *const rule_conds[] = {
	"received_help",    /* RULE_RECEIVED_HELP */
	"helped",           /* RULE_HELPED */
	"grievance_shared", /* RULE_GRIEVANCE_SHARED */
	"active_days",      /* RULE_ACTIVE_DAYS */
	"volunteer_idle",   /* RULE_VOLUNTEER_IDLE */
	NULL,
};

const char *const rule_whys[] = {
	"invite_help",
	"invite_training",
	"invite_campaign",
	"invite_membership",
	"check_in",
	NULL,
};

/* How each condition's statement is bound after RULE_TASK's values. */
static const struct rule_def {
	enum stmt stmt;
	int subject; /* a person's or a grievance's id, then n */
	int cutoffs; /* else the time n days before now, this many times */
	int ranged;  /* then the ids of the people it looks at, (lo, hi] */
} rule_defs[RULE_COND__MAX] = {
	{ STMT_RECEIVED_HELP, 1, 0, 0 }, /* RULE_RECEIVED_HELP */
	{ STMT_HELPED, 1, 0, 0 },        /* RULE_HELPED */
	{ STMT_GRIEVANCE, 1, 0, 0 },     /* RULE_GRIEVANCE_SHARED */
	{ STMT_ACTIVE, 0, 4, 1 },        /* RULE_ACTIVE_DAYS */
	{ STMT_IDLE, 0, 5, 0 },          /* RULE_VOLUNTEER_IDLE */
};

#define RULE_ARGS_MAX (RULE_ARGS + 7)
#define RULE_DAY      86400

/*
 * The people one transaction of the sweep looks at for active_days, by
 * id. It reads every person known long enough: at 2.5 million people
 * (ten million asks) 3.5 s, in one transaction that held every writer
 * back, every SERVER_SWEEP_SECONDS. In parts, a writer waits for one.
 */
#define RULE_SWEEP_PEOPLE 20000

const struct field rule_fields[RULE__MAX + 1] = {
	[RULE_ENABLED] = { "enabled", FIELD_BOOL, FIELD_REQUIRED, 0, 0, NULL },
	[RULE_N] = { "n", FIELD_INT, FIELD_REQUIRED, 1, 3650, NULL },
	[RULE_WHY] = { "why", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, rule_whys },
	[RULE_USER_ID] = { "user_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[RULE_DUE_DAYS] = { "due_days", FIELD_INT, FIELD_REQUIRED, 0, 365,
	    NULL },
	[RULE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static int64_t
rule_int(json_t *row, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(row, key));
}

/* Whom a rule is applied to: a subject's id, and a range of people's. */
struct rule_whom {
	int64_t subject;
	int64_t lo, hi; /* ids in (lo, hi], for a ranged condition */
};

/*
 * Leave rule r's tasks (a row of STMT_ENABLED) for what its condition
 * finds at now: of w's subject, or of everyone (of w's range). The tasks
 * made, or -1.
 */
static int
rule_apply_one(struct db *db, enum rule_cond cond, json_t *r,
    const struct rule_whom *w, time_t now)
{
	const struct rule_def *d = &rule_defs[cond];
	char at[CLOCK_ISO_LEN], due[CLOCK_ISO_LEN], cutoff[CLOCK_ISO_LEN];
	struct db_val args[RULE_ARGS_MAX];
	int64_t n = rule_int(r, "n"), user = rule_int(r, "user_id");
	size_t k = 0;
	int i;

	clock_iso(now, at);
	clock_iso(now + (time_t)rule_int(r, "due_days") * RULE_DAY, due);
	clock_iso(now - (time_t)n * RULE_DAY, cutoff);
	args[k++] = user != 0 ? DBV_INT(user) : DBV_NULL;
	args[k++] = DBV_TEXT(json_string_value(json_object_get(r, "why")));
	args[k++] = DBV_TEXT(due);
	args[k++] = DBV_TEXT(at);
	args[k++] = DBV_INT(rule_int(r, "id"));
	if (d->subject) {
		args[k++] = DBV_INT(w->subject);
		args[k++] = DBV_INT(n);
	}
	for (i = 0; i < d->cutoffs; i++)
		args[k++] = DBV_TEXT(cutoff);
	if (d->ranged) {
		args[k++] = DBV_INT(w->lo);
		args[k++] = DBV_INT(w->hi);
	}
	return db_exec(db, stmts[d->stmt], args, k);
}

/* Every enabled rule of cond, applied; the tasks made into *made. */
static int
rule_apply(struct db *db, enum rule_cond cond, const struct rule_whom *w,
    time_t now, int64_t *made)
{
	struct db_val arg = DBV_TEXT(rule_conds[cond]);
	json_t *rules = db_rows(db, stmts[STMT_ENABLED], &arg, 1), *r;
	size_t i;
	int rc = 0, n;

	if (rules == NULL)
		return -1;
	json_array_foreach (rules, i, r) {
		n = rule_apply_one(db, cond, r, w, now);
		if (n == -1) {
			rc = -1;
			break;
		}
		*made += n;
	}
	json_decref(rules);
	return rc;
}

int
rule_fire(struct db *db, enum rule_cond cond, int64_t person_id)
{
	struct rule_whom w = { person_id, 0, INT64_MAX };
	int64_t made = 0;

	return rule_apply(db, cond, &w, time(NULL), &made);
}

int
rule_fire_grievance(struct db *db, int64_t grievance_id)
{
	struct rule_whom w = { grievance_id, 0, INT64_MAX };
	int64_t made = 0;

	return rule_apply(db, RULE_GRIEVANCE_SHARED, &w, time(NULL), &made);
}

/* One transaction of the sweep, in tx_run's shape. */
struct rule_sweep_arg {
	time_t now;
	enum rule_cond cond;
	struct rule_whom whom;
	int64_t made;
};

static int
rule_sweep_work(struct db *db, void *arg, struct problem *p)
{
	struct rule_sweep_arg *a = arg;

	a->made = 0;
	if (rule_apply(db, a->cond, &a->whom, a->now, &a->made) == -1)
		return tx_problem(db, p);
	return 0;
}

int
rule_sweep(struct db *db, time_t now, int64_t *n)
{
	struct rule_sweep_arg a = { .now = now, .cond = RULE_ACTIVE_DAYS };
	struct problem p = { 0 };
	int64_t last = 0;

	*n = 0;
	if (db_int(db, stmts[STMT_LAST_PERSON], NULL, 0, &last) == -1)
		return -1;
	for (a.whom.lo = 0; a.whom.lo < last; a.whom.lo += RULE_SWEEP_PEOPLE) {
		a.whom.hi = a.whom.lo + RULE_SWEEP_PEOPLE;
		if (tx_run(db, rule_sweep_work, &a, &p) == -1)
			return -1;
		*n += a.made;
	}
	a.cond = RULE_VOLUNTEER_IDLE;
	a.whom.lo = 0;
	a.whom.hi = INT64_MAX;
	if (tx_run(db, rule_sweep_work, &a, &p) == -1)
		return -1;
	*n += a.made;
	return 0;
}

/* A rule's row as the API gives it: enabled a boolean, as it is sent. */
static void
rule_shape(json_t *row)
{
	json_object_set_new(row, "enabled",
	    json_boolean(rule_int(row, "enabled") != 0));
}

int
rule_list(struct db *db, json_t **out, struct problem *p)
{
	json_t *rows = db_rows(db, stmts[STMT_LIST], NULL, 0), *row;
	size_t i;

	if (rows == NULL)
		return tx_problem(db, p);
	json_array_foreach (rows, i, row)
		rule_shape(row);
	*out = json_pack("{s:o,s:I}", "items", rows, "total",
	    (json_int_t)json_array_size(rows));
	return 0;
}

int
rule_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_rule", p) == -1)
		return -1;
	rule_shape(*out);
	return 0;
}

/* A rule's user_id, when given, names someone who can do its tasks. */
static int
rule_check_user(struct db *db, json_t *in, struct problem *p)
{
	return refs_found(db, stmts[STMT_ASSIGNEE],
	    input_get(in, rule_fields, RULE_USER_ID),
	    rule_fields[RULE_USER_ID].name, "err_no_organizer", p);
}

int
rule_update(struct db *db, int64_t id, json_t *in, struct audit_note *note,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[RULE__MAX + 2];
	json_t *cur = NULL, *before;
	int k, rc;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_rule", p) == -1 ||
	    rule_find(db, id, &cur, p) == -1)
		return -1;
	before = input_values(cur, rule_fields, NULL);
	audit_note_fields(note, rule_fields, before, in);
	json_decref(before);
	if (rule_check_user(db, in, p) == -1) {
		json_decref(cur);
		return -1;
	}
	json_object_update(cur, in);
	for (k = 0; k < RULE__MAX; k++)
		args[k] = input_val(cur, rule_fields, k);
	clock_now(now);
	args[RULE__MAX] = DBV_TEXT(now);
	args[RULE__MAX + 1] = DBV_INT(id);
	/* The text bound is cur's: it goes once the update is done. */
	rc = db_exec(db, stmts[STMT_UPDATE], args, RULE__MAX + 2);
	json_decref(cur);
	if (rc == -1)
		return tx_problem(db, p);
	return rule_find(db, id, out, p);
}

json_t *
rule_assignees(struct db *db)
{
	return db_rows(db, stmts[STMT_ASSIGNEES], NULL, 0);
}
