/* RSVPs and attendance at events, and the events a person came to. */
#include "event_people.h"
#include "attendance.h"
#include "event.h"
#include "input.h"
#include "ladder.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

/* The two lists of people an event keeps: alike but for their table. */
enum event_people_table {
	TABLE_RSVP,
	TABLE_ATTENDANCE,
	TABLE__MAX,
};

enum stmt {
	STMT_TWICE,
	STMT_INSERT,
	STMT_ROW,
	STMT_LIST,
	STMT__MAX,
};

static const char *const stmts[TABLE__MAX][STMT__MAX] = {
	/* TABLE_RSVP */
	{
	    /* STMT_TWICE */
	    "SELECT count(*) FROM event_rsvp WHERE event_id = ? AND "
	    "person_id = ?",
	    /* STMT_INSERT */
	    "INSERT INTO event_rsvp (event_id, person_id, created_at) "
	    "VALUES (?, ?, ?) RETURNING id",
	    /* STMT_ROW */
	    "SELECT r.id, r.event_id, r.person_id, p.name, r.created_at "
	    "FROM event_rsvp r LEFT JOIN person p ON p.id = r.person_id "
	    "WHERE r.id = ?",
	    /* STMT_LIST */
	    "SELECT r.id, r.person_id, p.name, r.created_at FROM event_rsvp r "
	    "LEFT JOIN person p ON p.id = r.person_id WHERE r.event_id = ? "
	    "ORDER BY r.id",
	},
	/* TABLE_ATTENDANCE */
	{
	    /* STMT_TWICE */
	    "SELECT count(*) FROM event_attendance WHERE event_id = ? AND "
	    "person_id = ?",
	    /* STMT_INSERT */
	    "INSERT INTO event_attendance (event_id, person_id, created_at) "
	    "VALUES (?, ?, ?) RETURNING id",
	    /* STMT_ROW */
	    "SELECT a.id, a.event_id, a.person_id, p.name, a.created_at "
	    "FROM event_attendance a LEFT JOIN person p ON "
	    "p.id = a.person_id WHERE a.id = ?",
	    /* STMT_LIST: the index event_attendance_event */
	    "SELECT a.id, a.person_id, p.name, a.created_at FROM "
	    "event_attendance a LEFT JOIN person p ON p.id = a.person_id "
	    "WHERE a.event_id = ? ORDER BY a.id",
	},
};

static const char *const stmt_of_person =
    "SELECT e.id AS event_id, e.name, e.kind, e.starts AS \"date\" "
    "FROM event_attendance a JOIN event e ON e.id = a.event_id "
    "WHERE a.person_id = ? ORDER BY e.starts DESC, e.id DESC LIMIT 100";

const struct field event_people_fields[EVENT_PEOPLE__MAX + 1] = {
	[EVENT_PEOPLE_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	/* A first name is enough: nobody gives more at the door. */
	[EVENT_PEOPLE_NAME] = { "name", FIELD_LINE, 0, 1, 60, NULL },
	[EVENT_PEOPLE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Add the person of in to event id's list t. 0 and the row, or -1. */
static int
event_people_add(struct db *db, enum event_people_table t, int64_t id,
    json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int64_t person_id = 0, n = 0, row;

	*out = NULL;
	if (event_exists(db, id, p) == -1 ||
	    attendance_who(db,
		input_get(in, event_people_fields, EVENT_PEOPLE_PERSON_ID),
		input_get(in, event_people_fields, EVENT_PEOPLE_NAME),
		&person_id, p) == -1)
		return -1;
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(person_id);
	if (db_int(db, stmts[t][STMT_TWICE], args, 2, &n) == -1)
		return tx_problem(db, p);
	if (n > 0)
		return problem_set(p, PROBLEM_CONFLICT,
		    t == TABLE_RSVP ? "err_event_rsvp_twice"
				    : "err_event_attend_twice",
		    "person_id", 0);
	clock_now(now);
	args[2] = DBV_TEXT(now);
	/* Coming to an event makes a participant (ladder.c); saying so not. */
	if (db_int(db, stmts[t][STMT_INSERT], args, 3, &row) != 1 ||
	    (t == TABLE_ATTENDANCE && ladder_touch(db, person_id) == -1))
		return tx_problem(db, p);
	args[0] = DBV_INT(row);
	if (db_row(db, stmts[t][STMT_ROW], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}

int
event_people_attend(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	return event_people_add(db, TABLE_ATTENDANCE, id, in, out, p);
}

int
event_people_rsvp(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	return event_people_add(db, TABLE_RSVP, id, in, out, p);
}

int
event_people_list(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *rsvps, *came = NULL;

	*out = NULL;
	rsvps = db_rows(db, stmts[TABLE_RSVP][STMT_LIST], &arg, 1);
	if (rsvps != NULL)
		came = db_rows(db, stmts[TABLE_ATTENDANCE][STMT_LIST], &arg, 1);
	if (came == NULL) {
		json_decref(rsvps);
		return tx_problem(db, p);
	}
	*out = json_pack("{s:o,s:o}", "rsvps", rsvps, "attendance", came);
	return 0;
}

int
event_people_of_person(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmt_of_person, &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}
