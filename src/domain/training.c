/* Training modules and their completions. */
#include <string.h>

#include "input.h"
#include "refs.h"
#include "training.h"
#include "tx.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_NAMED,
	STMT_INSERT,
	STMT_ROW,
	STMT_LIST,
	STMT_TWICE,
	STMT_DONE,
	STMT_OF_PERSON,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_NAMED */
	"SELECT count(*) FROM training WHERE name = ?",
	/* STMT_INSERT */
	"INSERT INTO training (name, description, created_at) "
	"VALUES (?, ?, ?) RETURNING id",
	/* STMT_ROW */
	"SELECT t.id, t.name, t.description, (SELECT count(*) FROM "
	"training_completion c WHERE c.training_id = t.id) AS completed "
	"FROM training t WHERE t.id = ?",
	/* STMT_LIST: a network teaches a few dozen modules at most */
	"SELECT t.id, t.name, t.description, (SELECT count(*) FROM "
	"training_completion c WHERE c.training_id = t.id) AS completed "
	"FROM training t ORDER BY t.name, t.id",
	/* STMT_TWICE */
	"SELECT count(*) FROM training_completion WHERE training_id = ? AND "
	"person_id = ?",
	/* STMT_DONE */
	"INSERT INTO training_completion (training_id, person_id, on_date, "
	"user_id, created_at) VALUES (?, ?, ?, ?, ?)",
	/* STMT_OF_PERSON */
	"SELECT c.training_id, t.name, c.on_date FROM training_completion c "
	"JOIN training t ON t.id = c.training_id WHERE c.person_id = ? "
	"ORDER BY c.on_date DESC, c.id DESC",
};

const struct field training_fields[TRAINING__MAX + 1] = {
	[TRAINING_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[TRAINING_DESCRIPTION] = { "description", FIELD_TEXT, 0, 1, 2000,
	    NULL },
	[TRAINING__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field training_done_fields[TRAINING_DONE__MAX + 1] = {
	[TRAINING_DONE_PERSON_ID] = { "person_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[TRAINING_DONE_DATE] = { "date", FIELD_LINE, FIELD_REQUIRED, 1, 10,
	    NULL },
	[TRAINING_DONE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
training_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int64_t n = 0, id;

	*out = NULL;
	args[0] = input_val(in, training_fields, TRAINING_NAME);
	if (db_int(db, stmts[STMT_NAMED], args, 1, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_training_twice",
		    "name", 0);
	clock_now(now);
	args[1] = input_val(in, training_fields, TRAINING_DESCRIPTION);
	args[2] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 3, &id) != 1)
		return tx_problem(db, p);
	args[0] = DBV_INT(id);
	return tx_row(db, stmts[STMT_ROW], args, 1, out, "err_no_training", p);
}

int
training_list(struct db *db, json_t **out, struct problem *p)
{
	json_t *items = db_rows(db, stmts[STMT_LIST], NULL, 0);

	*out = NULL;
	if (items == NULL)
		return tx_problem(db, p);
	*out = json_pack("{s:I,s:o}", "total",
	    (json_int_t)json_array_size(items), "items", items);
	return 0;
}

/* 422 naming the field unless in names someone, on a date. 0 or -1. */
static int
training_done_check(struct db *db, json_t *in, struct problem *p)
{
	if (!civil_date_ok(
		input_text(in, training_done_fields, TRAINING_DONE_DATE)))
		return problem_set(p, PROBLEM_INVALID, "err_date", "date", 0);
	return refs_check(db, in, p);
}

int
training_complete(struct db *db, int64_t id, json_t *in, int64_t user_id,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];
	json_t *row = NULL;
	int64_t n = 0;

	*out = NULL;
	args[0] = DBV_INT(id);
	if (tx_row(db, stmts[STMT_ROW], args, 1, &row, "err_no_training", p) ==
	    -1)
		return -1;
	json_decref(row);
	if (training_done_check(db, in, p) == -1)
		return -1;
	args[1] = input_val(in, training_done_fields, TRAINING_DONE_PERSON_ID);
	if (db_int(db, stmts[STMT_TWICE], args, 2, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_training_done",
		    "person_id", 0);
	clock_now(now);
	args[2] = input_val(in, training_done_fields, TRAINING_DONE_DATE);
	args[3] = DBV_INT(user_id);
	args[4] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_DONE], args, 5) != 1)
		return tx_problem(db, p);
	return tx_row(db, stmts[STMT_ROW], args, 1, out, "err_no_training", p);
}

int
training_of_person(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmts[STMT_OF_PERSON], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}
