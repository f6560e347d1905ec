/* Follow-ups for coordinators: adding, listing and closing them. */
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
	STMT__MAX,
};

#define TASK_COLUMNS                                                           \
	"t.id, t.user_id, u.login, t.person_id, p.name AS person_name, "       \
	"t.need_id, t.why, t.due_at, t.status, t.created_at, t.closed_at, "    \
	"t.closed_by, cu.login AS closed_login"
#define TASK_FROM                                                              \
	" FROM task t LEFT JOIN app_user u ON u.id = t.user_id "               \
	"LEFT JOIN person p ON p.id = t.person_id "                            \
	"LEFT JOIN app_user cu ON cu.id = t.closed_by"

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO task (user_id, person_id, need_id, why, due_at, status, "
	"created_at) VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id",
	/* STMT_FIND */
	"SELECT " TASK_COLUMNS TASK_FROM " WHERE t.id = ?",
	/* STMT_CLOSE: guarded by the status against a racing close */
	"UPDATE task SET status = ?, closed_at = ?, closed_by = ? "
	"WHERE id = ? AND status = 'open'",
};

const char *const task_whys[] = {
	"claim_expired",
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

static const char *const task_conds[] = {
	"t.status = ?",
	NULL,
};

/* Open first ("status <> 'open'" is false for them on both backends). */
static struct listing task_listing = {
	.select = "SELECT " TASK_COLUMNS TASK_FROM,
	.count = "SELECT count(*) FROM task t",
	.order = "ORDER BY t.status <> 'open', t.due_at, t.id",
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

int
task_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val val = input_val(in, task_list_fields, TASK_LIST_STATUS);
	int64_t limit, offset;

	listing_page(in, &limit, &offset);
	return listing_run(db, &task_listing, &val, limit, offset, out, p);
}

int
task_close(struct db *db, const struct viewer *v, int64_t id,
    const char *status, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	int rc;

	args[0] = DBV_INT(id);
	if (tx_row(db, stmts[STMT_FIND], args, 1, out, "err_no_task", p) == -1)
		return -1;
	json_decref(*out);
	*out = NULL;
	clock_now(now);
	args[0] = DBV_TEXT(status);
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(v->user_id);
	args[3] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_CLOSE], args, 4);
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
