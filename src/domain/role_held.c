/* The roles people hold, with their dates. */
#include <string.h>

#include "input.h"
#include "person.h"
#include "role_held.h"
#include "tx.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_OF_PERSON,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO role_held (person_id, role, starts_on, ends_on, user_id, "
	"created_at) VALUES (?, ?, ?, ?, ?, ?)",
	/* STMT_OF_PERSON */
	"SELECT id, role, starts_on, ends_on FROM role_held WHERE "
	"person_id = ? ORDER BY starts_on DESC, id DESC",
};

const char *const role_held_roles[] = {
	"program_lead",
	"delegate",
	"treasurer",
	NULL,
};

const struct field role_held_fields[ROLE_HELD__MAX + 1] = {
	[ROLE_HELD_ROLE] = { "role", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    role_held_roles },
	[ROLE_HELD_STARTS_ON] = { "starts_on", FIELD_LINE, FIELD_REQUIRED, 1,
	    10, NULL },
	[ROLE_HELD_ENDS_ON] = { "ends_on", FIELD_LINE, 0, 1, 10, NULL },
	[ROLE_HELD__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* 422 naming the date that is not one, or ends before it starts. */
static int
role_held_dates(json_t *in, struct problem *p)
{
	const char *from = input_text(in, role_held_fields,
		       ROLE_HELD_STARTS_ON),
		   *to = input_text(in, role_held_fields, ROLE_HELD_ENDS_ON);

	if (!civil_date_ok(from))
		return problem_set(p, PROBLEM_INVALID, "err_date", "starts_on",
		    0);
	/* Dates written YYYY-MM-DD compare as text. */
	if (to != NULL && (!civil_date_ok(to) || strcmp(to, from) < 0))
		return problem_set(p, PROBLEM_INVALID, "err_role_ends",
		    "ends_on", 0);
	return 0;
}

int
role_held_add(struct db *db, int64_t person_id, json_t *in, int64_t user_id,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];
	int k;

	*out = NULL;
	if (person_exists_or_404(db, person_id, p) == -1 ||
	    role_held_dates(in, p) == -1)
		return -1;
	args[0] = DBV_INT(person_id);
	for (k = 0; k < ROLE_HELD__MAX; k++)
		args[1 + k] = input_val(in, role_held_fields, k);
	clock_now(now);
	args[4] = DBV_INT(user_id);
	args[5] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_INSERT], args, 6) != 1)
		return tx_problem(db, p);
	return role_held_of_person(db, person_id, out, p);
}

int
role_held_of_person(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmts[STMT_OF_PERSON], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}
