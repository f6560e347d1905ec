/* Follow-ups for organizers: adding, listing and closing them. */
#include <string.h>

#include "task.h"
#include "input.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_CLOSE,
	STMT_ZONED,
	STMT_OF_PERSON,
	STMT_USER_ZONES,
	STMT__MAX,
};

#define TASK_COLUMNS                                                           \
	"t.id, t.user_id, u.login, t.person_id, p.name AS person_name, "       \
	"t.need_id, t.zone_id, t.rule_id, t.why, t.why AS reason, t.due_at, "  \
	"t.due_at AS due, t.status, t.outcome, t.created_at, t.closed_at, "    \
	"t.closed_by, cu.login AS closed_login"
#define TASK_JOINS                                                             \
	" LEFT JOIN app_user u ON u.id = t.user_id "                           \
	"LEFT JOIN person p ON p.id = t.person_id "                            \
	"LEFT JOIN app_user cu ON cu.id = t.closed_by"
#define TASK_FROM " FROM task t" TASK_JOINS

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO task (user_id, person_id, need_id, why, due_at, status, "
	"created_at) VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id",
	/* STMT_FIND */
	"SELECT " TASK_COLUMNS TASK_FROM " WHERE t.id = ?",
	/* STMT_CLOSE: guarded by the status against a racing close */
	"UPDATE task SET status = ?, outcome = ?, closed_at = ?, closed_by = ? "
	"WHERE id = ? AND status = 'open'",
	/* STMT_ZONED: task id is of a zone of user id */
	"SELECT 1 FROM task t JOIN user_zone uz ON uz.zone_id = t.zone_id "
	"WHERE t.id = ? AND uz.user_id = ?",
	/* STMT_OF_PERSON */
	"SELECT t.id, t.why, t.status, t.outcome, t.due_at, t.created_at, "
	"t.closed_at, cu.login AS closed_login FROM task t LEFT JOIN app_user "
	"cu ON cu.id = t.closed_by WHERE t.person_id = ? ORDER BY "
	"t.created_at DESC, t.id DESC LIMIT 50",
	/* STMT_USER_ZONES: one more than TASK_FEW_ZONES at most */
	"SELECT zone_id FROM user_zone WHERE user_id = ? ORDER BY zone_id "
	"LIMIT 9",
};

/* The system's reasons, then rule_whys (rule.c), which rules leave. */
const char *const task_whys[] = {
	"claim_expired",
	"invite_help",
	"invite_training",
	"invite_campaign",
	"invite_membership",
	"check_in",
	NULL,
};

const char *const task_outcomes[] = {
	"accepted",
	"declined",
	"no_answer",
	NULL,
};

const char *const task_statuses[] = {
	"open",
	"done",
	"skipped",
	NULL,
};

const struct field task_list_fields[TASK_LIST__MAX + 1] = {
	[TASK_LIST_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0, task_statuses },
	LISTING_PAGE_FIELDS(TASK_LIST),
	[TASK_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field task_close_fields[TASK_CLOSE__MAX + 1] = {
	[TASK_CLOSE_OUTCOME] = { "outcome", FIELD_CHOICE, 0, 0, 0,
	    task_outcomes },
	[TASK_CLOSE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * The status, then who sees what: a volunteer's own; an organizer's own
 * and their zones', each part read along its index (task_user,
 * task_zone) and the few rows sorted, rather than every open task walked
 * in due order for the organizer's.
 */
enum task_cond {
	TASK_COND_STATUS,
	TASK_COND_OWN,
	TASK_COND_MINE_AND_ZONES,
	TASK_COND_MINE_AND_FEW_ZONES,
	TASK_COND__MAX,
};

/* The zones TASK_COND_MINE_AND_FEW_ZONES names, at most. */
#define TASK_FEW_ZONES 8
/* Where each condition's values start among the listing's values. */
#define TASK_AT_ZONES     2 /* after status and own, one each */
#define TASK_AT_FEW_ZONES (TASK_AT_ZONES + 4)
#define TASK_COND_ARGS    (TASK_AT_FEW_ZONES + 3 + TASK_FEW_ZONES)

/* The zones of an organizer, read to name them in their list's query. */
struct task_zones {
	int64_t ids[TASK_FEW_ZONES + 1];
	size_t n;
};

static const char *const task_conds[TASK_COND__MAX + 1] = {
	/* TASK_COND_STATUS */
	"t.status = ?",
	/* TASK_COND_OWN */
	"t.user_id = ?",
	/*
	 * TASK_COND_MINE_AND_ZONES: user, status, status, user. It holds
	 * the status itself, and goes without TASK_COND_STATUS: with that
	 * beside it, a planner without statistics walks task_list. An OR
	 * of the two index ranges (task_user, task_zone), not an id set the
	 * rows are looked up by: PostgreSQL joined such a set to a scan of
	 * every task.
	 */
	"((t.user_id = ? AND t.status = ?) OR (t.status = ? AND t.zone_id IN "
	"(SELECT uz.zone_id FROM user_zone uz WHERE uz.user_id = ?)))",
	/*
	 * TASK_COND_MINE_AND_FEW_ZONES: user, status, status, then the
	 * user's zones, TASK_FEW_ZONES of them (repeated in turn where they
	 * have fewer). PostgreSQL cannot take an index for an IN of a
	 * subquery under an OR: it filtered every task through a hashed
	 * subplan (10-14 ms for 38,000 follow-ups). A list of values is an
	 * index condition to both engines: two index ranges, OR-ed
	 * (BitmapOr; SQLite's MULTI-INDEX OR). An organizer of more zones
	 * takes the subquery above.
	 */
	"((t.user_id = ? AND t.status = ?) OR (t.status = ? AND t.zone_id IN "
	"(?, ?, ?, ?, ?, ?, ?, ?)))",
	NULL,
};

/*
 * By due date: the overdue first, those due soonest next. The page of
 * tasks is taken first and only its rows are joined to the logins and
 * people: an organizer's zone can hold a thousand open follow-ups (the
 * sweep's, on a year nobody was invited in), each joined before the
 * sort otherwise.
 */
static struct listing task_listing = {
	.select = "SELECT " TASK_COLUMNS " FROM (SELECT t.* FROM task t",
	.count = "SELECT count(*) FROM task t",
	.order = "ORDER BY t.due_at, t.id",
	.after = ") t" TASK_JOINS " ORDER BY t.due_at, t.id",
	.conds = task_conds,
};

/* An id, or NULL for 0: the columns that may name nobody. */
static struct db_val
task_ref(int64_t id)
{
	return id != 0 ? DBV_INT(id) : DBV_NULL;
}

int
task_add(struct db *db, const struct task_new *t, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];

	clock_now(now);
	args[0] = task_ref(t->user_id);
	args[1] = task_ref(t->person_id);
	args[2] = task_ref(t->need_id);
	args[3] = DBV_TEXT(t->why);
	args[4] = DBV_TEXT(t->due_at != NULL ? t->due_at : now);
	args[5] = DBV_TEXT(now);
	return db_int(db, stmts[STMT_INSERT], args, 6, id) == 1 ? 0 : -1;
}

/* A zone of the user's into the list of task_zones (arg). */
static int
task_zone_read(const struct db_cols *row, void *arg)
{
	struct task_zones *z = arg;

	if (z->n < TASK_FEW_ZONES + 1)
		z->ids[z->n++] = db_col_int(row, 0);
	return 0;
}

/*
 * An organizer's condition: theirs and their zones' tasks of status, the
 * zones named as values when they are few (TASK_COND_MINE_AND_FEW_ZONES),
 * else asked by a subquery (TASK_COND_MINE_AND_ZONES). 0, or -1 on a
 * database error.
 */
static int
task_mine_and_zones(struct db *db, const struct viewer *v, struct db_val status,
    struct db_val *vals)
{
	struct db_val user = DBV_INT(v->user_id);
	struct task_zones z = { 0 };
	size_t i, at;

	if (db_each(db, stmts[STMT_USER_ZONES], &user, 1, task_zone_read, &z) ==
	    -1)
		return -1;
	at = z.n <= TASK_FEW_ZONES ? TASK_AT_FEW_ZONES : TASK_AT_ZONES;
	vals[at] = user;
	vals[at + 1] = status;
	vals[at + 2] = status;
	if (at == TASK_AT_ZONES) {
		vals[at + 3] = user;
		return 0;
	}
	/* No zone: one no task has, so that only their own are listed. */
	for (i = 0; i < TASK_FEW_ZONES; i++)
		vals[at + 3 + i] = DBV_INT(z.n > 0 ? z.ids[i % z.n] : 0);
	return 0;
}

int
task_list(struct db *db, const struct viewer *v, json_t *in, json_t **out,
    struct problem *p)
{
	struct db_val vals[TASK_COND_ARGS];
	const char *status = input_text(in, task_list_fields, TASK_LIST_STATUS);
	int64_t limit, offset;
	size_t i;

	for (i = 0; i < TASK_COND_ARGS; i++)
		vals[i] = DBV_NULL;
	vals[0] = DBV_TEXT(status != NULL ? status : "open");
	if (v->role == ROLE_VOLUNTEER)
		vals[1] = DBV_INT(v->user_id);
	else if (v->role == ROLE_ORGANIZER) {
		if (task_mine_and_zones(db, v, vals[0], vals) == -1)
			return tx_problem(db, p);
		vals[0] = DBV_NULL;
	}
	listing_page(in, &limit, &offset);
	return listing_run(db, &task_listing, vals, limit, offset, out, p);
}

/*
 * Whether v may see task row: a volunteer the tasks for them, an
 * organizer those and the tasks of their zones, anyone above every one.
 * 1, 0, or -1 on a database error.
 */
static int
task_visible(struct db *db, const struct viewer *v, json_t *row)
{
	struct db_val args[2];
	int64_t one;

	if (v->role >= ROLE_COORDINATOR ||
	    json_integer_value(json_object_get(row, "user_id")) == v->user_id)
		return 1;
	if (v->role < ROLE_ORGANIZER)
		return 0;
	args[0] = DBV_INT(json_integer_value(json_object_get(row, "id")));
	args[1] = DBV_INT(v->user_id);
	return db_int(db, stmts[STMT_ZONED], args, 2, &one);
}

int
task_close(struct db *db, const struct viewer *v, int64_t id,
    const char *status, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];
	int rc;

	args[0] = DBV_INT(id);
	if (tx_row(db, stmts[STMT_FIND], args, 1, out, "err_no_task", p) == -1)
		return -1;
	rc = task_visible(db, v, *out);
	json_decref(*out);
	*out = NULL;
	if (rc == -1)
		return tx_problem(db, p);
	/* Another's task is none of theirs: not found, as any other. */
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_task", NULL,
		    0);
	clock_now(now);
	args[0] = DBV_TEXT(status);
	args[1] = input_val(in, task_close_fields, TASK_CLOSE_OUTCOME);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(v->user_id);
	args[4] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_CLOSE], args, 5);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_task_closed", NULL,
		    0);
	args[0] = DBV_INT(id);
	if (db_row(db, stmts[STMT_FIND], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}

int
task_of_person(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmts[STMT_OF_PERSON], &arg, 1);
	return *out != NULL ? 0 : tx_problem(db, p);
}
