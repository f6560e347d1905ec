/* A session's shifts, the people signed up for them, and the rosters. */
#include <stdio.h>
#include <string.h>

#include "ladder.h"
#include "shift.h"
#include "input.h"
#include "session.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_INSERT_ALL,
	STMT_FIND,
	STMT_PERSON,
	STMT_TWICE,
	STMT_TAKE,
	STMT_SIGNUP,
	STMT_SIGNUP_ROW,
	STMT_DROP,
	STMT_GIVE_BACK,
	STMT_OF_SESSION,
	STMT_PEOPLE_OF_SESSION,
	STMT_ROSTER_SESSIONS,
	STMT_ROSTER_SHIFTS,
	STMT_ROSTER_PEOPLE,
	STMT_SESSIONS,
	STMT_UNDERSTAFFED,
	STMT_LOCK,
	STMT__MAX,
};

/* The columns of a shift, as every statement that lists them gives them. */
#define SHIFT_COLS                                                             \
	"sh.id, sh.session_id, sh.name, sh.needed, sh.taken, "                 \
	"sh.needed - sh.taken AS short "
/* A session in a list: its program, when, and the places on its shifts. */
#define SESSION_COLS                                                           \
	"s.id, s.program_id, pr.name AS program_name, s.day AS \"date\", "     \
	"s.start_time AS \"start\", s.end_time AS \"end\", s.status "

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO shift (session_id, name, needed, taken, created_at) "
	"VALUES (?, ?, ?, 0, ?) RETURNING id",
	/* STMT_INSERT_ALL: one shift at every session of a program to come */
	"INSERT INTO shift (session_id, name, needed, taken, created_at) "
	"SELECT id, ?, ?, 0, ? FROM program_session WHERE program_id = ? AND "
	"day >= ? AND status = 'scheduled'",
	/* STMT_FIND */
	"SELECT " SHIFT_COLS ", s.status AS session_status FROM shift sh "
	"JOIN program_session s ON s.id = sh.session_id WHERE sh.id = ?",
	/* STMT_PERSON */
	"SELECT count(*) FROM person WHERE id = ? AND forgotten_at IS NULL",
	/* STMT_TWICE */
	"SELECT count(*) FROM shift_signup WHERE shift_id = ? AND "
	"person_id = ?",
	/*
	 * STMT_TAKE: the last place goes once. Don't turn this into a count
	 * read before an insert: the guard and the CHECK (taken <= needed)
	 * are what make two sign-ups at once give one 201 and one 409.
	 */
	"UPDATE shift SET taken = taken + 1 WHERE id = ? AND taken < needed",
	/* STMT_SIGNUP */
	"INSERT INTO shift_signup (shift_id, person_id, created_at) "
	"VALUES (?, ?, ?) RETURNING id",
	/* STMT_SIGNUP_ROW */
	"SELECT su.id, su.shift_id, sh.session_id, su.person_id, p.name "
	"FROM shift_signup su JOIN shift sh ON sh.id = su.shift_id "
	"LEFT JOIN person p ON p.id = su.person_id WHERE su.id = ?",
	/* STMT_DROP */
	"DELETE FROM shift_signup WHERE shift_id = ? AND person_id = ?",
	/* STMT_GIVE_BACK */
	"UPDATE shift SET taken = taken - 1 WHERE id = ? AND taken > 0",
	/* STMT_OF_SESSION */
	"SELECT " SHIFT_COLS "FROM shift sh WHERE sh.session_id = ? "
	"ORDER BY sh.id",
	/* STMT_PEOPLE_OF_SESSION */
	"SELECT su.shift_id, su.person_id, p.name FROM shift_signup su "
	"JOIN shift sh ON sh.id = su.shift_id LEFT JOIN person p ON "
	"p.id = su.person_id WHERE sh.session_id = ? ORDER BY su.id",
	/* STMT_ROSTER_SESSIONS */
	"SELECT " SESSION_COLS "FROM program_session s JOIN program pr ON "
	"pr.id = s.program_id WHERE s.day BETWEEN ? AND ? AND "
	"s.status <> 'cancelled' ORDER BY s.starts_at, s.id",
	/* STMT_ROSTER_SHIFTS */
	"SELECT " SHIFT_COLS "FROM shift sh JOIN program_session s ON "
	"s.id = sh.session_id WHERE s.day BETWEEN ? AND ? AND "
	"s.status <> 'cancelled' ORDER BY sh.id",
	/*
	 * STMT_ROSTER_PEOPLE: by shift, as shift_nest files them. Don't
	 * drop the + (an expression, not a column): for an order an index
	 * gives, SQLite without statistics walked every sign-up ever made
	 * (test_plans), where this starts from the week's sessions and
	 * sorts their sign-ups.
	 */
	"SELECT su.shift_id, su.person_id, p.name FROM shift_signup su "
	"JOIN shift sh ON sh.id = su.shift_id JOIN program_session s ON "
	"s.id = sh.session_id LEFT JOIN person p ON p.id = su.person_id "
	"WHERE s.day BETWEEN ? AND ? AND s.status <> 'cancelled' "
	"ORDER BY +su.shift_id, su.id",
	/* STMT_SESSIONS */
	"SELECT " SESSION_COLS ", coalesce(sum(sh.needed), 0) AS needed, "
	"coalesce(sum(sh.taken), 0) AS taken, "
	"coalesce(sum(sh.needed - sh.taken), 0) AS short "
	"FROM program_session s JOIN program pr ON pr.id = s.program_id "
	"LEFT JOIN shift sh ON sh.session_id = s.id "
	"WHERE s.day BETWEEN ? AND ? AND s.status = 'scheduled' "
	"GROUP BY s.id, s.program_id, pr.name, s.day, s.start_time, "
	"s.end_time, s.status, s.starts_at ORDER BY s.starts_at, s.id",
	/* STMT_UNDERSTAFFED */
	"SELECT " SESSION_COLS ", sum(sh.needed) AS needed, "
	"sum(sh.taken) AS taken, sum(sh.needed - sh.taken) AS short "
	"FROM program_session s JOIN program pr ON pr.id = s.program_id "
	"JOIN shift sh ON sh.session_id = s.id "
	"WHERE s.day BETWEEN ? AND ? AND s.status = 'scheduled' "
	"GROUP BY s.id, s.program_id, pr.name, s.day, s.start_time, "
	"s.end_time, s.status, s.starts_at "
	"HAVING sum(sh.needed - sh.taken) > 0 ORDER BY s.starts_at, s.id",
	/*
	 * STMT_LOCK: the shift, and its session against a change of status
	 * (a sign-up reads both first).
	 */
	"SELECT sh.id FROM shift sh JOIN program_session s ON s.id = "
	"sh.session_id WHERE sh.id = ? FOR NO KEY UPDATE OF sh FOR SHARE OF s",
};

const struct field shift_fields[SHIFT__MAX + 1] = {
	[SHIFT_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 40, NULL },
	[SHIFT_NEEDED] = { "needed", FIELD_INT, FIELD_REQUIRED, 1,
	    SHIFT_NEEDED_MAX, NULL },
	[SHIFT__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field shift_who_fields[SHIFT_WHO__MAX + 1] = {
	[SHIFT_WHO_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[SHIFT_WHO__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The status of the session of a shift row, as STMT_FIND gives it. */
static int
shift_session_is(json_t *row, const char *status)
{
	const char *s = json_string_value(
	    json_object_get(row, "session_status"));

	return s != NULL && strcmp(s, status) == 0;
}

int
shift_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	return tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_shift", p);
}

int
shift_add(struct db *db, int64_t session_id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	json_t *session = NULL;
	const char *status;
	int64_t id;
	int scheduled;

	*out = NULL;
	if (session_find(db, session_id, &session, p) == -1)
		return -1;
	status = json_string_value(json_object_get(session, "status"));
	scheduled = status != NULL && strcmp(status, "scheduled") == 0;
	json_decref(session);
	if (!scheduled)
		return problem_set(p, PROBLEM_CONFLICT, "err_shift_session",
		    NULL, 0);
	clock_now(now);
	args[0] = DBV_INT(session_id);
	args[1] = input_val(in, shift_fields, SHIFT_NAME);
	args[2] = input_val(in, shift_fields, SHIFT_NEEDED);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 4, &id) != 1)
		return tx_problem(db, p);
	if (shift_find(db, id, out, p) == -1)
		return -1;
	json_object_del(*out, "session_status");
	return 0;
}

int64_t
shift_add_all(struct db *db, int64_t program_id, const char *from, json_t *in)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];

	clock_now(now);
	args[0] = input_val(in, shift_fields, SHIFT_NAME);
	args[1] = input_val(in, shift_fields, SHIFT_NEEDED);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(program_id);
	args[4] = DBV_TEXT(from);
	return db_exec(db, stmts[STMT_INSERT_ALL], args, 5);
}

int
shift_signup(struct db *db, int64_t id, int64_t person_id, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	json_t *shift = NULL;
	int64_t n = 0, row;
	int scheduled;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_shift", p) == -1 ||
	    shift_find(db, id, &shift, p) == -1)
		return -1;
	scheduled = shift_session_is(shift, "scheduled");
	json_decref(shift);
	if (!scheduled)
		return problem_set(p, PROBLEM_CONFLICT, "err_shift_session",
		    NULL, 0);
	args[0] = DBV_INT(person_id);
	if (db_int(db, stmts[STMT_PERSON], args, 1, &n) == -1)
		return tx_problem(db, p);
	if (n == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_person",
		    "person_id", 0);
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(person_id);
	if (db_int(db, stmts[STMT_TWICE], args, 2, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_shift_twice",
		    "person_id", 0);
	n = db_exec(db, stmts[STMT_TAKE], args, 1);
	if (n == -1)
		return tx_problem(db, p);
	if (n == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_shift_full", NULL,
		    0);
	clock_now(now);
	args[2] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_SIGNUP], args, 3, &row) != 1 ||
	    ladder_touch(db, person_id) == -1)
		return tx_problem(db, p);
	args[0] = DBV_INT(row);
	if (db_row(db, stmts[STMT_SIGNUP_ROW], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}

int
shift_cancel(struct db *db, int64_t id, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val args[2];
	json_t *shift = NULL;
	int n;

	*out = NULL;
	if (shift_find(db, id, &shift, p) == -1)
		return -1;
	json_decref(shift);
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(person_id);
	n = db_exec(db, stmts[STMT_DROP], args, 2);
	if (n == -1)
		return tx_problem(db, p);
	if (n == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_shift_not_on",
		    "person_id", 0);
	if (db_exec(db, stmts[STMT_GIVE_BACK], args, 1) != 1)
		return tx_problem(db, p);
	if (shift_find(db, id, out, p) == -1)
		return -1;
	json_object_del(*out, "session_status");
	return 0;
}

/* The key of a row's id column in a map of rows: the id as text. */
static void
shift_key(json_t *row, const char *col, char key[24])
{
	snprintf(key, 24, "%lld",
	    (long long)json_integer_value(json_object_get(row, col)));
}

/*
 * Append each row of items to the array at list of the row of parents
 * whose id is the row's by_col. items is not released.
 */
static void
shift_nest(json_t *parents, json_t *items, const char *by_col, const char *list)
{
	json_t *by_id = json_object(), *row, *parent;
	char key[24];
	size_t i;

	json_array_foreach (parents, i, row) {
		shift_key(row, "id", key);
		json_object_set(by_id, key, row);
		json_object_set_new(row, list, json_array());
	}
	json_array_foreach (items, i, row) {
		shift_key(row, by_col, key);
		parent = json_object_get(by_id, key);
		if (parent != NULL)
			json_array_append(json_object_get(parent, list), row);
	}
	json_decref(by_id);
}

int
shift_of_session(struct db *db, int64_t session_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(session_id);
	json_t *people;

	*out = db_rows(db, stmts[STMT_OF_SESSION], &arg, 1);
	if (*out == NULL)
		return tx_problem(db, p);
	/* No shift, nobody signed up: on PostgreSQL a round trip saved. */
	if (json_array_size(*out) == 0)
		return 0;
	people = db_rows(db, stmts[STMT_PEOPLE_OF_SESSION], &arg, 1);
	if (people == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	shift_nest(*out, people, "shift_id", "people");
	json_decref(people);
	return 0;
}

int
shift_roster(struct db *db, const char *first, const char *last, json_t **out,
    struct problem *p)
{
	struct db_val args[2] = { DBV_TEXT(first), DBV_TEXT(last) };
	json_t *shifts = NULL, *people = NULL;
	int rc = -1;

	*out = db_rows(db, stmts[STMT_ROSTER_SESSIONS], args, 2);
	if (*out == NULL)
		goto out;
	shifts = db_rows(db, stmts[STMT_ROSTER_SHIFTS], args, 2);
	if (shifts == NULL)
		goto out;
	people = db_rows(db, stmts[STMT_ROSTER_PEOPLE], args, 2);
	if (people == NULL)
		goto out;
	shift_nest(shifts, people, "shift_id", "people");
	shift_nest(*out, shifts, "session_id", "shifts");
	rc = 0;
out:
	json_decref(people);
	json_decref(shifts);
	if (rc == -1) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	return 0;
}

int
shift_sessions(struct db *db, const char *first, const char *last,
    int understaffed, json_t **out, struct problem *p)
{
	struct db_val args[2] = { DBV_TEXT(first), DBV_TEXT(last) };

	*out = db_rows(db,
	    stmts[understaffed ? STMT_UNDERSTAFFED : STMT_SESSIONS], args, 2);
	return *out == NULL ? tx_problem(db, p) : 0;
}
