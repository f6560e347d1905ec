/* Signing people in at a session, and the sessions a person came to. */
#include <string.h>

#include "attendance.h"
#include "input.h"
#include "ladder.h"
#include "person.h"
#include "session.h"
#include "rule.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_PERSON,
	STMT_TWICE,
	STMT_INSERT,
	STMT_ROW,
	STMT_LIST,
	STMT_OF_PERSON,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_PERSON */
	"SELECT count(*) FROM person WHERE id = ?",
	/* STMT_TWICE */
	"SELECT count(*) FROM attendance WHERE session_id = ? AND "
	"person_id = ?",
	/* STMT_INSERT */
	"INSERT INTO attendance (session_id, person_id, role, created_at) "
	"VALUES (?, ?, ?, ?) RETURNING id",
	/* STMT_ROW */
	"SELECT a.id, a.session_id, a.person_id, p.name, a.role, "
	"a.created_at FROM attendance a LEFT JOIN person p ON "
	"p.id = a.person_id WHERE a.id = ?",
	/*
	 * STMT_LIST: the index attendance_session, then each name by the
	 * person's key. As a join PostgreSQL hashed every person for the
	 * 200 of a session: with 10,000 people, twice the work.
	 */
	"SELECT a.id, a.person_id, (SELECT p.name FROM person p WHERE "
	"p.id = a.person_id) AS name, a.role, a.created_at FROM attendance a "
	"WHERE a.session_id = ? ORDER BY a.id",
	/* STMT_OF_PERSON */
	"SELECT s.id AS session_id, s.day AS \"date\", "
	"s.start_time AS \"start\", s.program_id, pr.name AS program_name, "
	"a.role FROM attendance a JOIN program_session s ON "
	"s.id = a.session_id JOIN program pr ON pr.id = s.program_id "
	"WHERE a.person_id = ? ORDER BY s.day DESC, s.start_time DESC, "
	"s.id DESC LIMIT 100",
};

const char *const attendance_roles[] = {
	"guest",
	"helper",
	"lead",
	NULL,
};

const struct field attendance_fields[ATTENDANCE__MAX + 1] = {
	[ATTENDANCE_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	/* A first name is enough: nobody gives more at the door. */
	[ATTENDANCE_NAME] = { "name", FIELD_LINE, 0, 1, 60, NULL },
	[ATTENDANCE_ROLE] = { "role", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    attendance_roles },
	[ATTENDANCE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
attendance_who(struct db *db, json_t *id, json_t *name, int64_t *person_id,
    struct problem *p)
{
	struct db_val arg;
	json_t *new_in, *person = NULL;
	int64_t n = 0;
	int rc;

	/* A null is as good as left out. */
	if (!json_is_integer(id))
		id = NULL;
	if (!json_is_string(name))
		name = NULL;
	if ((id == NULL) == (name == NULL))
		return problem_set(p, PROBLEM_INVALID, "err_attendance_who",
		    "person_id", 0);
	if (id != NULL) {
		arg = DBV_INT(json_integer_value(id));
		if (db_int(db, stmts[STMT_PERSON], &arg, 1, &n) == -1)
			return tx_problem(db, p);
		if (n == 0)
			return problem_set(p, PROBLEM_INVALID, "err_no_person",
			    "person_id", 0);
		*person_id = arg.i;
		return 0;
	}
	new_in = json_object();
	input_set(new_in, person_fields, PERSON_NAME, json_incref(name));
	rc = person_create(db, new_in, &person, p);
	json_decref(new_in);
	if (rc == 0)
		*person_id = json_integer_value(json_object_get(person, "id"));
	json_decref(person);
	return rc;
}

/* A guest came for help; a helper or the lead gave it. */
static enum rule_cond
attendance_rule(json_t *in)
{
	return strcmp(input_text(in, attendance_fields, ATTENDANCE_ROLE),
		   "guest") == 0
	    ? RULE_RECEIVED_HELP
	    : RULE_HELPED;
}

int
attendance_add(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	json_t *session = NULL;
	const char *status;
	int64_t person_id = 0, n = 0, row;
	int cancelled;

	*out = NULL;
	if (session_find(db, id, &session, p) == -1)
		return -1;
	status = json_string_value(json_object_get(session, "status"));
	cancelled = status != NULL && strcmp(status, "cancelled") == 0;
	json_decref(session);
	if (cancelled)
		return problem_set(p, PROBLEM_CONFLICT, "err_session_cancelled",
		    NULL, 0);
	if (attendance_who(db,
		input_get(in, attendance_fields, ATTENDANCE_PERSON_ID),
		input_get(in, attendance_fields, ATTENDANCE_NAME), &person_id,
		p) == -1)
		return -1;
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(person_id);
	if (db_int(db, stmts[STMT_TWICE], args, 2, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_attendance_twice",
		    "person_id", 0);
	clock_now(now);
	args[2] = input_val(in, attendance_fields, ATTENDANCE_ROLE);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 4, &row) != 1 ||
	    rule_fire(db, attendance_rule(in), person_id) == -1 ||
	    ladder_touch(db, person_id) == -1)
		return tx_problem(db, p);
	args[0] = DBV_INT(row);
	if (db_row(db, stmts[STMT_ROW], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}

int
attendance_list(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	*out = db_rows(db, stmts[STMT_LIST], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
attendance_of_person(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmts[STMT_OF_PERSON], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}
