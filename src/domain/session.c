/* A program's sessions one at a time: add, write up, move, cancel. */
#include <string.h>

#include "session.h"
#include "input.h"
#include "program.h"
#include "tx.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/banned.h"

/* A session's row, as session_find gives it; SESSION_FROM ends it. */
#define SESSION_ROW                                                            \
	"SELECT s.id, s.program_id, p.name AS program_name, p.kind, "          \
	"z.name AS zone_name, p.address, s.day AS \"date\", "                  \
	"s.start_time AS \"start\", s.end_time AS \"end\", s.starts_at, "      \
	"s.status, s.cancel_reason, s.notes, s.education, s.materials, "       \
	"s.served, CASE WHEN s.planned_day IS NULL THEN 1 ELSE 0 END AS "      \
	"one_off"
#define SESSION_FROM                                                           \
	" FROM program_session s JOIN program p ON p.id = s.program_id "       \
	"LEFT JOIN zone z ON z.id = p.zone_id WHERE s.id = ?"

enum stmt {
	STMT_FIND,
	STMT_FIND_SHIFTS,
	STMT_STATUS,
	STMT_ADD,
	STMT_WRITE,
	STMT_MOVE,
	STMT_CANCEL,
	STMT_LOCK,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND */
	SESSION_ROW SESSION_FROM,
	/* STMT_FIND_SHIFTS: the index shift_session */
	SESSION_ROW
	", CASE WHEN EXISTS (SELECT 1 FROM shift sh WHERE "
	"sh.session_id = s.id) THEN 1 ELSE 0 END AS has_shifts" SESSION_FROM,
	/* STMT_STATUS: the row an update compares with */
	"SELECT notes, education, materials, status FROM program_session "
	"WHERE id = ?",
	/* STMT_ADD */
	"INSERT INTO program_session (program_id, day, start_time, end_time, "
	"starts_at, notes, status, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?) RETURNING id",
	/* STMT_WRITE: the reason goes when it is no longer cancelled */
	"UPDATE program_session SET notes = ?, education = ?, materials = ?, "
	"status = ?, cancel_reason = CASE WHEN ? = 'cancelled' THEN "
	"cancel_reason ELSE NULL END, updated_at = ? WHERE id = ?",
	/* STMT_MOVE: from scheduled, so two writes at once make one */
	"UPDATE program_session SET day = ?, start_time = ?, end_time = ?, "
	"starts_at = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'",
	/* STMT_CANCEL */
	"UPDATE program_session SET status = 'cancelled', cancel_reason = ?, "
	"updated_at = ? WHERE id = ? AND status = 'scheduled'",
	/* STMT_LOCK: an edit reads the session, then writes it whole */
	"SELECT id FROM program_session WHERE id = ? FOR NO KEY UPDATE",
};

const char *const session_statuses[] = {
	"scheduled",
	"held",
	"cancelled",
	NULL,
};

/* What a session's page may set: never cancelled, which needs a reason. */
static const char *const session_settable[] = {
	"scheduled",
	"held",
	NULL,
};

const struct field session_when_fields[SESSION_WHEN__MAX + 1] = {
	[SESSION_WHEN_DATE] = { "date", FIELD_LINE, FIELD_REQUIRED, 1, 10,
	    NULL },
	[SESSION_WHEN_START] = { "start", FIELD_LINE, FIELD_REQUIRED, 1, 5,
	    NULL },
	[SESSION_WHEN_END] = { "end", FIELD_LINE, FIELD_REQUIRED, 1, 5, NULL },
	[SESSION_WHEN_NOTES] = { "notes", FIELD_TEXT, 0, 1, 2000, NULL },
	[SESSION_WHEN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field session_fields[SESSION__MAX + 1] = {
	[SESSION_NOTES] = { "notes", FIELD_TEXT, 0, 1, 2000, NULL },
	[SESSION_EDUCATION] = { "education", FIELD_TEXT, 0, 1, 2000, NULL },
	[SESSION_MATERIALS] = { "materials", FIELD_TEXT, 0, 1, 1000, NULL },
	[SESSION_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0,
	    session_settable },
	[SESSION__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field session_cancel_fields[SESSION_CANCEL__MAX + 1] = {
	[SESSION_CANCEL_REASON] = { "reason", FIELD_LINE, FIELD_REQUIRED, 3,
	    300, NULL },
	[SESSION_CANCEL__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The row of session id by sql, STMT_FIND's or one with more after. */
static int
session_row(struct db *db, const char *sql, int64_t id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, sql, &arg, 1, out, "err_no_session", p) == -1)
		return -1;
	json_object_set_new(*out, "one_off",
	    json_boolean(json_integer_value(json_object_get(*out, "one_off"))));
	return 0;
}

int
session_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	return session_row(db, stmts[STMT_FIND], id, out, p);
}

int
session_find_shifts(struct db *db, int64_t id, json_t **out, int *has_shifts,
    struct problem *p)
{
	if (session_row(db, stmts[STMT_FIND_SHIFTS], id, out, p) == -1)
		return -1;
	*has_shifts = json_integer_value(json_object_get(*out, "has_shifts"));
	json_object_del(*out, "has_shifts");
	return 0;
}

/*
 * The date and times of in, checked (422 naming each that is wrong, all
 * at once), and the instant they start at. 0, or -1 with p.
 */
static int
session_when(json_t *in, char at[CLOCK_ISO_LEN], struct problem *p)
{
	const char *date = input_text(in, session_when_fields,
		       SESSION_WHEN_DATE),
		   *start = input_text(in, session_when_fields,
		       SESSION_WHEN_START),
		   *end = input_text(in, session_when_fields, SESSION_WHEN_END);
	int s = civil_minutes(start), e = civil_minutes(end);

	if (!civil_date_ok(date))
		problem_add(p, "err_date", "date", 0);
	if (s == -1)
		problem_add(p, "err_time", "start", 0);
	if (e == -1)
		problem_add(p, "err_time", "end", 0);
	else if (s != -1 && e <= s)
		problem_add(p, "err_time_order", "end", 0);
	if (p->kind != PROBLEM_NONE)
		return -1;
	clock_iso(civil_instant(date, s), at);
	return 0;
}

int
session_add(struct db *db, int64_t program_id, json_t *in, json_t **out,
    struct problem *p)
{
	char at[CLOCK_ISO_LEN], now[CLOCK_ISO_LEN];
	struct db_val args[8];
	int64_t id;

	*out = NULL;
	if (program_exists(db, program_id, p) == -1 ||
	    session_when(in, at, p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(program_id);
	args[1] = input_val(in, session_when_fields, SESSION_WHEN_DATE);
	args[2] = input_val(in, session_when_fields, SESSION_WHEN_START);
	args[3] = input_val(in, session_when_fields, SESSION_WHEN_END);
	args[4] = DBV_TEXT(at);
	args[5] = input_val(in, session_when_fields, SESSION_WHEN_NOTES);
	args[6] = DBV_TEXT(now);
	args[7] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_ADD], args, 8, &id) != 1)
		return tx_problem(db, p);
	return session_find(db, id, out, p);
}

int
session_update(struct db *db, int64_t id, json_t *in, struct audit_note *note,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[7];
	json_t *cur = NULL, *before, *was;
	const char *from, *to;
	int k, rc;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_session", p) == -1 ||
	    tx_row(db, stmts[STMT_STATUS], (struct db_val[]){ DBV_INT(id) }, 1,
		&cur, "err_no_session", p) == -1)
		return -1;
	from = json_string_value(json_object_get(cur, "status"));
	to = input_text(in, session_fields, SESSION_STATUS);
	/* A cancelled session was not held: reinstate it first. */
	if (from != NULL && to != NULL && strcmp(from, "cancelled") == 0 &&
	    strcmp(to, "held") == 0) {
		json_decref(cur);
		return problem_set(p, PROBLEM_CONFLICT, "err_session_cancelled",
		    "status", 0);
	}
	before = input_values(cur, session_fields, NULL);
	audit_note_fields(note, session_fields, before, in);
	json_decref(before);
	/*
	 * Left out, or cleared: the status stays as it was. Held here, since
	 * an update that clears it frees the value from points into.
	 */
	was = json_incref(json_object_get(cur, "status"));
	json_object_update(cur, in);
	if (!json_is_string(json_object_get(cur, "status")))
		json_object_set(cur, "status", was);
	json_decref(was);
	for (k = 0; k < SESSION__MAX; k++)
		args[k] = input_val(cur, session_fields, k);
	/* The stored status is "cancelled" too, which the field refuses. */
	args[SESSION_STATUS] = DBV_TEXT(
	    json_string_value(json_object_get(cur, "status")));
	args[4] = args[SESSION_STATUS];
	clock_now(now);
	args[5] = DBV_TEXT(now);
	args[6] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_WRITE], args, 7);
	json_decref(cur);
	if (rc == -1)
		return tx_problem(db, p);
	return session_find(db, id, out, p);
}

/* 409 when the session exists but is not scheduled, else its 404. */
static int
session_not_scheduled(struct db *db, int64_t id, struct problem *p)
{
	json_t *s = NULL;

	if (session_find(db, id, &s, p) == -1)
		return -1;
	json_decref(s);
	return problem_set(p, PROBLEM_CONFLICT, "err_session_not_scheduled",
	    NULL, 0);
}

int
session_move(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char at[CLOCK_ISO_LEN], now[CLOCK_ISO_LEN];
	struct db_val args[6];
	int rc;

	*out = NULL;
	if (session_when(in, at, p) == -1)
		return -1;
	clock_now(now);
	args[0] = input_val(in, session_when_fields, SESSION_WHEN_DATE);
	args[1] = input_val(in, session_when_fields, SESSION_WHEN_START);
	args[2] = input_val(in, session_when_fields, SESSION_WHEN_END);
	args[3] = DBV_TEXT(at);
	args[4] = DBV_TEXT(now);
	args[5] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_MOVE], args, 6);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return session_not_scheduled(db, id, p);
	return session_find(db, id, out, p);
}

int
session_cancel(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int rc;

	*out = NULL;
	clock_now(now);
	args[0] = input_val(in, session_cancel_fields, SESSION_CANCEL_REASON);
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_CANCEL], args, 3);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return session_not_scheduled(db, id, p);
	return session_find(db, id, out, p);
}
