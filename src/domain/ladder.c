/*
 * The ladder: stages computed from records, set by hand, and membership.
 *
 * Which record gives which stage (the highest one a person has is their
 * stage; schema/026_ladder.sql filled the people already there alike):
 *   contact      an ask of theirs (need.person_id)
 *   participant  a session they came to as a guest (attendance), an
 *                action they came to (action_person.attended), an event
 *                (event_attendance)
 *   helper       a session they helped at (attendance as helper), a
 *                shift they signed up for (shift_signup), an ask their
 *                login reported delivered (delivery.user_id)
 *   organizer    a conversation their login held (conversation.user_id),
 *                a session they led (attendance as lead)
 *   leader       a program they lead (program.lead_person_id); campaigns
 *                have no lead yet
 */
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "ladder.h"
#include "person.h"
#include "tx.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/banned.h"

enum stmt {
	STMT_COMPUTE,
	STMT_CURRENT,
	STMT_INSERT,
	STMT_PERSON_OF_USER,
	STMT_HISTORY,
	STMT_MEMBER_CURRENT,
	STMT_MEMBER_INSERT,
	STMT_MEMBER_HISTORY,
	STMT__MAX,
};

/* The person's id, once per ? of STMT_COMPUTE. */
#define LADDER_COMPUTE_ARGS 10

static const char *const stmts[STMT__MAX] = {
	/* STMT_COMPUTE: the step (1 contact … 5 leader, 0 none) of a person */
	"SELECT CASE "
	"WHEN EXISTS (SELECT 1 FROM program WHERE lead_person_id = ?) THEN 5 "
	"WHEN EXISTS (SELECT 1 FROM conversation c JOIN app_user u ON "
	"u.id = c.user_id WHERE u.person_id = ?) OR EXISTS (SELECT 1 FROM "
	"attendance WHERE person_id = ? AND role = 'lead') THEN 4 "
	"WHEN EXISTS (SELECT 1 FROM attendance WHERE person_id = ? AND "
	"role = 'helper') OR EXISTS (SELECT 1 FROM shift_signup WHERE "
	"person_id = ?) OR EXISTS (SELECT 1 FROM delivery d JOIN app_user u "
	"ON u.id = d.user_id WHERE u.person_id = ? AND "
	"d.outcome = 'delivered') THEN 3 "
	"WHEN EXISTS (SELECT 1 FROM attendance WHERE person_id = ? AND "
	"role = 'guest') OR EXISTS (SELECT 1 FROM action_person WHERE "
	"person_id = ? AND attended = 1) OR EXISTS (SELECT 1 FROM "
	"event_attendance WHERE person_id = ?) THEN 2 "
	"WHEN EXISTS (SELECT 1 FROM need WHERE person_id = ?) THEN 1 "
	"ELSE 0 END",
	/* STMT_CURRENT: the newest row of the history is the stage */
	"SELECT stage FROM person_stage WHERE person_id = ? "
	"ORDER BY id DESC LIMIT 1",
	/* STMT_INSERT */
	"INSERT INTO person_stage (person_id, stage, why, reason, user_id, at) "
	"VALUES (?, ?, ?, ?, ?, ?)",
	/* STMT_PERSON_OF_USER */
	"SELECT person_id FROM app_user WHERE id = ?",
	/* STMT_HISTORY */
	"SELECT s.stage, s.at, s.why, s.reason, u.login AS \"by\" FROM "
	"person_stage s LEFT JOIN app_user u ON u.id = s.user_id "
	"WHERE s.person_id = ? ORDER BY s.id DESC",
	/* STMT_MEMBER_CURRENT */
	"SELECT status FROM person_membership WHERE person_id = ? "
	"ORDER BY id DESC LIMIT 1",
	/* STMT_MEMBER_INSERT */
	"INSERT INTO person_membership (person_id, status, user_id, at) "
	"VALUES (?, ?, ?, ?)",
	/* STMT_MEMBER_HISTORY */
	"SELECT m.status, m.at, u.login AS \"by\" FROM person_membership m "
	"LEFT JOIN app_user u ON u.id = m.user_id WHERE m.person_id = ? "
	"ORDER BY m.id DESC",
};

const char *const ladder_stages[] = {
	"contact",
	"participant",
	"helper",
	"organizer",
	"leader",
	NULL,
};

/* Why each step was reached, in ladder_stages' order, then by hand. */
const char *const ladder_whys[] = {
	"asked",
	"attended",
	"helped",
	"organized",
	"leads",
	"override",
	NULL,
};

const char *const ladder_statuses[] = {
	"invited",
	"joined",
	"declined",
	"lapsed",
	NULL,
};

const struct field ladder_fields[LADDER__MAX + 1] = {
	[LADDER_STAGE] = { "stage", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    ladder_stages },
	[LADDER_WHY] = { "why", FIELD_LINE, FIELD_REQUIRED, 1, 200, NULL },
	[LADDER__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field ladder_member_fields[LADDER_MEMBER__MAX + 1] = {
	[LADDER_MEMBER_STATUS] = { "status", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    ladder_statuses },
	[LADDER_MEMBER__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The step of stage (1 contact … 5 leader), 0 for none. */
static int64_t
ladder_step(const char *stage)
{
	int64_t i;

	for (i = 0; stage != NULL && ladder_stages[i] != NULL; i++)
		if (strcmp(stage, ladder_stages[i]) == 0)
			return i + 1;
	return 0;
}

/*
 * The key column of the row stmt finds for person_id, into out (empty
 * when there is none). 0, or -1 on a database error.
 */
static int
ladder_current(struct db *db, enum stmt stmt, const char *key,
    int64_t person_id, char *out, size_t size)
{
	struct db_val arg = DBV_INT(person_id);
	json_t *row = NULL;
	const char *s;
	int rc;

	out[0] = '\0';
	rc = db_row(db, stmts[stmt], &arg, 1, &row);
	s = rc == 1 ? json_string_value(json_object_get(row, key)) : NULL;
	snprintf(out, size, "%s", s != NULL ? s : "");
	json_decref(row);
	return rc == -1 ? -1 : 0;
}

/* The people whose touches are held on this thread (ladder_hold). */
static _Thread_local struct {
	struct db *db;
	int64_t *ids;
	size_t n, size;
} ladder_held;

void
ladder_hold(struct db *db)
{
	ladder_drop();
	ladder_held.db = db;
}

void
ladder_drop(void)
{
	free(ladder_held.ids);
	memset(&ladder_held, 0, sizeof(ladder_held));
}

static int
ladder_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
ladder_release(struct db *db)
{
	int64_t *ids = ladder_held.ids;
	size_t n = ladder_held.n, i;
	int rc = 0;

	memset(&ladder_held, 0, sizeof(ladder_held));
	if (n > 0)
		qsort(ids, n, sizeof(*ids), ladder_cmp);
	for (i = 0; i < n && rc == 0; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			rc = ladder_touch(db, ids[i]);
	free(ids);
	return rc;
}

int
ladder_touch(struct db *db, int64_t person_id)
{
	char now[CLOCK_ISO_LEN], held[16];
	struct db_val args[LADDER_COMPUTE_ARGS];
	struct problem p = { 0 };
	int64_t step = 0;
	size_t i;

	if (ladder_held.db == db && db != NULL) {
		if (ladder_held.n == ladder_held.size) {
			ladder_held.size = ladder_held.size
			    ? 2 * ladder_held.size
			    : 1024;
			ladder_held.ids = xrealloc(ladder_held.ids,
			    ladder_held.size * sizeof(*ladder_held.ids));
		}
		ladder_held.ids[ladder_held.n++] = person_id;
		return 0;
	}

	/* Two writes for one person at once would both add the stage. */
	if (person_lock(db, person_id, &p) == -1)
		return p.kind == PROBLEM_NOT_FOUND ? 0 : -1;
	for (i = 0; i < LADDER_COMPUTE_ARGS; i++)
		args[i] = DBV_INT(person_id);
	if (db_int(db, stmts[STMT_COMPUTE], args, LADDER_COMPUTE_ARGS, &step) ==
		-1 ||
	    ladder_current(db, STMT_CURRENT, "stage", person_id, held,
		sizeof(held)) == -1)
		return -1;
	if (step <= ladder_step(held))
		return 0;
	clock_now(now);
	args[1] = DBV_TEXT(ladder_stages[step - 1]);
	args[2] = DBV_TEXT(ladder_whys[step - 1]);
	args[3] = DBV_NULL;
	args[4] = DBV_NULL;
	args[5] = DBV_TEXT(now);
	return db_exec(db, stmts[STMT_INSERT], args, 6) == 1 ? 0 : -1;
}

int
ladder_touch_user(struct db *db, int64_t user_id)
{
	struct db_val arg = DBV_INT(user_id);
	int64_t person_id = 0;
	int rc;

	rc = db_int(db, stmts[STMT_PERSON_OF_USER], &arg, 1, &person_id);
	if (rc != 1)
		return rc;
	return ladder_touch(db, person_id);
}

int
ladder_override(struct db *db, int64_t person_id, json_t *in, int64_t user_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];

	if (person_lock(db, person_id, p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_INT(person_id);
	args[1] = input_val(in, ladder_fields, LADDER_STAGE);
	args[2] = DBV_TEXT("override");
	args[3] = input_val(in, ladder_fields, LADDER_WHY);
	args[4] = DBV_INT(user_id);
	args[5] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_INSERT], args, 6) != 1)
		return tx_problem(db, p);
	return 0;
}

int
ladder_membership(struct db *db, int64_t person_id, json_t *in, int64_t user_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN], held[16];
	const char *status = input_text(in, ladder_member_fields,
	    LADDER_MEMBER_STATUS);
	struct db_val args[4];

	if (person_lock(db, person_id, p) == -1)
		return -1;
	if (ladder_current(db, STMT_MEMBER_CURRENT, "status", person_id, held,
		sizeof(held)) == -1)
		return tx_problem(db, p);
	/* A second "joined" would move the date they joined. */
	if (strcmp(held, status) == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_membership_same",
		    "status", 0);
	clock_now(now);
	args[0] = DBV_INT(person_id);
	args[1] = DBV_TEXT(status);
	args[2] = DBV_INT(user_id);
	args[3] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_MEMBER_INSERT], args, 4) != 1)
		return tx_problem(db, p);
	return 0;
}

int
ladder_of_person(struct db *db, int64_t person_id, json_t *out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);
	json_t *stages, *members, *last;

	/* Each failure said at once: a later call would hide a busy one. */
	stages = db_rows(db, stmts[STMT_HISTORY], &arg, 1);
	if (stages == NULL)
		return tx_problem(db, p);
	members = db_rows(db, stmts[STMT_MEMBER_HISTORY], &arg, 1);
	if (members == NULL) {
		json_decref(stages);
		return tx_problem(db, p);
	}
	last = json_array_get(stages, 0);
	json_object_set_new(out, "stage",
	    last != NULL ? json_incref(json_object_get(last, "stage"))
			 : json_null());
	json_object_set_new(out, "stage_history", stages);
	last = json_array_get(members, 0);
	json_object_set_new(out, "membership",
	    last != NULL ? json_pack("{s:O,s:O}", "status",
			       json_object_get(last, "status"), "since",
			       json_object_get(last, "at"))
			 : json_null());
	json_object_set_new(out, "membership_history", members);
	return 0;
}
