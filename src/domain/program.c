/* Programs: recurring services, their weekly slots, and sessions ahead. */
#include <stdio.h>
#include <string.h>

#include "ladder.h"
#include "program.h"
#include "input.h"
#include "tx.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/window.h"
#include "util/banned.h"

enum stmt {
	STMT_ZONE,
	STMT_PERSON,
	STMT_INSERT,
	STMT_FIND,
	STMT_ROW,
	STMT_UPDATE,
	STMT_LIST,
	STMT_SESSIONS,
	STMT_SESSIONS_COUNT,
	STMT_GEN_ROW,
	STMT_GEN_INSERT,
	STMT_GEN_DONE,
	STMT_UNTOUCHED_DEL,
	STMT_DUE,
	STMT_ZONES,
	STMT_LEADS,
	STMT_EXISTS,
	STMT_LOCK,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ZONE */
	"SELECT count(*) FROM zone WHERE id = ?",
	/* STMT_PERSON */
	"SELECT count(*) FROM person WHERE id = ?",
	/* STMT_INSERT */
	"INSERT INTO program (name, kind, zone_id, address, schedule, "
	"lead_person_id, starts_on, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT p.id, p.name, p.kind, p.zone_id, z.name AS zone_name, "
	"p.address, p.schedule AS schedule_text, p.lead_person_id, "
	"l.name AS lead_name, p.starts_on, p.created_at, p.updated_at "
	"FROM program p LEFT JOIN zone z ON z.id = p.zone_id "
	"LEFT JOIN person l ON l.id = p.lead_person_id WHERE p.id = ?",
	/* STMT_ROW: the input a program holds, as an update compares it */
	"SELECT name, kind, zone_id, address, schedule, lead_person_id, "
	"starts_on FROM program WHERE id = ?",
	/* STMT_UPDATE: generated_until is forgotten when the slots change */
	"UPDATE program SET name = ?, kind = ?, zone_id = ?, address = ?, "
	"schedule = ?, lead_person_id = ?, starts_on = ?, updated_at = ?, "
	"generated_until = CASE WHEN ? = 1 THEN NULL ELSE generated_until "
	"END WHERE id = ?",
	/* STMT_LIST: with each one's next session from today */
	"SELECT p.id, p.name, p.kind, z.name AS zone_name, "
	"p.schedule AS schedule_text, (SELECT min(s.day) FROM "
	"program_session s WHERE s.program_id = p.id AND s.day >= ? AND "
	"s.status = 'scheduled') AS next_date FROM program p "
	"LEFT JOIN zone z ON z.id = p.zone_id ORDER BY p.name, p.id "
	"LIMIT 500",
	/* STMT_SESSIONS */
	"SELECT id, day AS \"date\", start_time AS \"start\", "
	"end_time AS \"end\", status, starts_at, cancel_reason "
	"FROM program_session WHERE program_id = ? AND day >= ? "
	"ORDER BY day, start_time, id LIMIT 200",
	/* STMT_SESSIONS_COUNT */
	"SELECT count(*) FROM program_session WHERE program_id = ? AND "
	"day >= ?",
	/* STMT_GEN_ROW */
	"SELECT schedule, starts_on, generated_until FROM program "
	"WHERE id = ?",
	/*
	 * STMT_GEN_INSERT: a slot's session made once, whatever became of
	 * it since (the unique index on the slot; NULLs never collide, so
	 * one-off sessions are never in the way).
	 */
	"INSERT INTO program_session (program_id, day, start_time, end_time, "
	"starts_at, planned_day, planned_start, status, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?) "
	"ON CONFLICT DO NOTHING",
	/* STMT_GEN_DONE */
	"UPDATE program SET generated_until = ? WHERE id = ?",
	/*
	 * STMT_UNTOUCHED_DEL: the sessions to come that are as they were
	 * generated. One moved, cancelled, held, written about or with
	 * anyone signed in is kept: someone did something with it.
	 */
	"DELETE FROM program_session WHERE program_id = ? AND day >= ? AND "
	"status = 'scheduled' AND planned_day IS NOT NULL AND "
	"day = planned_day AND start_time = planned_start AND notes IS NULL "
	"AND education IS NULL AND materials IS NULL AND NOT EXISTS (SELECT "
	"1 FROM attendance a WHERE a.session_id = program_session.id)",
	/* STMT_DUE: the programs whose sessions end before the horizon */
	"SELECT id FROM program WHERE schedule IS NOT NULL AND "
	"(generated_until IS NULL OR generated_until < ?) ORDER BY id",
	/* STMT_ZONES */
	"SELECT id, name FROM zone ORDER BY name, id LIMIT 500",
	/*
	 * STMT_LEADS: who may lead, for the form: people with a login, and
	 * those who helped or led a session.
	 */
	"SELECT id, name FROM person WHERE forgotten_at IS NULL AND (id IN "
	"(SELECT person_id FROM app_user WHERE disabled = 0) OR id IN "
	"(SELECT person_id FROM attendance WHERE role IN ('helper', "
	"'lead'))) ORDER BY name, id LIMIT 500",
	/* STMT_EXISTS */
	"SELECT count(*) FROM program WHERE id = ?",
	/* STMT_LOCK: an edit reads the program, then writes it whole */
	"SELECT id FROM program WHERE id = ? FOR NO KEY UPDATE",
};

const char *const program_kinds[] = {
	"free_store",   /* a table of what people need, free */
	"breakfast",    /* a meal, most often for children */
	"kitchen",      /* a strike or community kitchen */
	"clinic",       /* care */
	"distribution", /* groceries, diapers, sleeping bags */
	"other",
	NULL,
};

const struct field program_fields[PROGRAM__MAX + 1] = {
	[PROGRAM_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[PROGRAM_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    program_kinds },
	[PROGRAM_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[PROGRAM_ADDRESS] = { "address", FIELD_LINE, 0, 1, 200, NULL },
	[PROGRAM_SCHEDULE] = { "schedule", FIELD_SCHEDULE, 0, 0,
	    PROGRAM_SLOTS_MAX, NULL },
	[PROGRAM_LEAD_PERSON_ID] = { "lead_person_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[PROGRAM_STARTS_ON] = { "starts_on", FIELD_LINE, 0, 1, 10, NULL },
	[PROGRAM__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field program_sessions_fields[PROGRAM_SESSIONS__MAX + 1] = {
	[PROGRAM_SESSIONS_FROM] = { "from", FIELD_LINE, 0, 1, 10, NULL },
	[PROGRAM_SESSIONS__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
program_exists(struct db *db, int64_t id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (db_int(db, stmts[STMT_EXISTS], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n == 0
	    ? problem_set(p, PROBLEM_NOT_FOUND, "err_no_program", NULL, 0)
	    : 0;
}

/* Whether the row stmt counts for the id in in[key] exists, when given. */
static int
program_ref(struct db *db, json_t *in, int key, enum stmt stmt, const char *msg,
    struct problem *p)
{
	struct db_val arg = input_val(in, program_fields, key);
	int64_t n = 0;

	if (arg.type == DB_NULL)
		return 0;
	if (db_int(db, stmts[stmt], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n == 0
	    ? problem_set(p, PROBLEM_INVALID, msg, program_fields[key].name, 0)
	    : 0;
}

/* The references and the date of a program's input. */
static int
program_check(struct db *db, json_t *in, struct problem *p)
{
	const char *on = input_text(in, program_fields, PROGRAM_STARTS_ON);

	if (on != NULL && !civil_date_ok(on))
		return problem_set(p, PROBLEM_INVALID, "err_date", "starts_on",
		    0);
	if (program_ref(db, in, PROGRAM_ZONE_ID, STMT_ZONE, "err_no_zone", p) ==
	    -1)
		return -1;
	return program_ref(db, in, PROGRAM_LEAD_PERSON_ID, STMT_PERSON,
	    "err_no_person", p);
}

json_t *
program_slots(const char *schedule)
{
	json_t *out = json_array();
	struct windows ws;
	char start[CIVIL_TIME_LEN], end[CIVIL_TIME_LEN];
	size_t i;
	int day;

	if (schedule == NULL || window_parse(schedule, &ws) == -1)
		return out;
	for (i = 0; i < ws.n; i++) {
		day = ws.w[i].start / (24 * 60);
		civil_time(ws.w[i].start % (24 * 60), start);
		civil_time(ws.w[i].end - day * 24 * 60, end);
		json_array_append_new(out,
		    json_pack("{s:i,s:s,s:s}", "weekday", day + 1, "start",
			start, "end", end));
	}
	return out;
}

/* The sessions of day made for each of its slots in ws: -1 on error. */
static int64_t
program_day(struct db *db, int64_t id, const struct windows *ws,
    const char *day, const char *now)
{
	char start[CIVIL_TIME_LEN], end[CIVIL_TIME_LEN], at[CLOCK_ISO_LEN];
	struct db_val args[9];
	int64_t made = 0;
	int wd = civil_weekday(day), rc;
	size_t i;

	for (i = 0; i < ws->n; i++) {
		if (ws->w[i].start / (24 * 60) != wd - 1)
			continue;
		civil_time(ws->w[i].start % (24 * 60), start);
		civil_time(ws->w[i].end - (wd - 1) * 24 * 60, end);
		clock_iso(civil_instant(day, ws->w[i].start % (24 * 60)), at);
		args[0] = DBV_INT(id);
		args[1] = DBV_TEXT(day);
		args[2] = DBV_TEXT(start);
		args[3] = DBV_TEXT(end);
		args[4] = DBV_TEXT(at);
		args[5] = DBV_TEXT(day);
		args[6] = DBV_TEXT(start);
		args[7] = DBV_TEXT(now);
		args[8] = DBV_TEXT(now);
		rc = db_exec(db, stmts[STMT_GEN_INSERT], args, 9);
		if (rc == -1)
			return -1;
		made += rc;
	}
	return made;
}

int64_t
program_generate(struct db *db, int64_t id, const char *today)
{
	struct db_val arg = DBV_INT(id), done[2];
	char from[CIVIL_DATE_LEN], until[CIVIL_DATE_LEN], day[CIVIL_DATE_LEN],
	    gen[CIVIL_DATE_LEN] = "", now[CLOCK_ISO_LEN];
	const char *on, *schedule;
	struct windows ws;
	json_t *row = NULL;
	int64_t made = 0, n;
	int rc;

	rc = db_row(db, stmts[STMT_GEN_ROW], &arg, 1, &row);
	if (rc != 1)
		return rc == 0 ? 0 : -1;
	on = json_string_value(json_object_get(row, "starts_on"));
	schedule = json_string_value(json_object_get(row, "schedule"));
	if (json_is_string(json_object_get(row, "generated_until")))
		snprintf(gen, sizeof(gen), "%s",
		    json_string_value(json_object_get(row, "generated_until")));
	/* From today, or the first day, whichever is later. */
	snprintf(from, sizeof(from), "%s",
	    on != NULL && strcmp(on, today) > 0 ? on : today);
	civil_add_days(from, PROGRAM_AHEAD_DAYS, until);
	/* What was generated before is not made again. */
	if (strcmp(gen, from) > 0)
		snprintf(from, sizeof(from), "%s", gen);
	if (schedule == NULL || window_parse(schedule, &ws) == -1)
		ws.n = 0;
	json_decref(row);
	if (strcmp(gen, until) >= 0)
		return 0;
	clock_now(now);
	for (snprintf(day, sizeof(day), "%s", from); strcmp(day, until) < 0;
	     civil_add_days(day, 1, day)) {
		n = program_day(db, id, &ws, day, now);
		if (n == -1)
			return -1;
		made += n;
	}
	done[0] = DBV_TEXT(until);
	done[1] = DBV_INT(id);
	return db_exec(db, stmts[STMT_GEN_DONE], done, 2) == -1 ? -1 : made;
}

/* program_roll's work, in one transaction. */
struct program_roll_arg {
	const char *today;
	int64_t made;
};

static int
program_roll_work(struct db *db, void *arg, struct problem *p)
{
	struct program_roll_arg *r = arg;
	char horizon[CIVIL_DATE_LEN];
	struct db_val h;
	json_t *due, *row;
	int64_t n;
	size_t i;

	civil_add_days(r->today, PROGRAM_AHEAD_DAYS, horizon);
	h = DBV_TEXT(horizon);
	due = db_rows(db, stmts[STMT_DUE], &h, 1);
	if (due == NULL)
		return tx_problem(db, p);
	json_array_foreach (due, i, row) {
		n = program_generate(db,
		    json_integer_value(json_object_get(row, "id")), r->today);
		if (n == -1) {
			json_decref(due);
			return tx_problem(db, p);
		}
		r->made += n;
	}
	json_decref(due);
	return 0;
}

int
program_roll(struct db *db, const char *today, int64_t *made)
{
	struct program_roll_arg r = { today, 0 };
	struct problem p = { 0 };

	*made = 0;
	if (tx_run(db, program_roll_work, &r, &p) == -1)
		return -1;
	*made = r.made;
	return 0;
}

/* Leading a program makes its lead a leader (ladder.c). 0 or -1. */
static int
program_lead_touch(struct db *db, const struct db_val *lead)
{
	return lead->type == DB_NULL ? 0 : ladder_touch(db, lead->i);
}

int
program_create(struct db *db, json_t *in, const char *today, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[9];
	int64_t id;
	int k;

	*out = NULL;
	if (program_check(db, in, p) == -1)
		return -1;
	clock_now(now);
	for (k = 0; k < PROGRAM__MAX; k++)
		args[k] = input_val(in, program_fields, k);
	args[PROGRAM__MAX] = DBV_TEXT(now);
	args[PROGRAM__MAX + 1] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 9, &id) != 1 ||
	    program_generate(db, id, today) == -1 ||
	    program_lead_touch(db, &args[PROGRAM_LEAD_PERSON_ID]) == -1)
		return tx_problem(db, p);
	return program_find(db, id, out, p);
}

int
program_update(struct db *db, int64_t id, json_t *in, const char *today,
    struct audit_note *note, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[11], del[2];
	json_t *cur = NULL, *before;
	int k, rc, again;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_program", p) == -1 ||
	    tx_row(db, stmts[STMT_ROW], (struct db_val[]){ DBV_INT(id) }, 1,
		&cur, "err_no_program", p) == -1)
		return -1;
	if (program_check(db, in, p) == -1) {
		json_decref(cur);
		return -1;
	}
	before = input_values(cur, program_fields, NULL);
	audit_note_fields(note, program_fields, before, in);
	json_decref(before);
	/* New slots or a new first day: the sessions to come anew. */
	again = (note->changed &
		    (((uint64_t)1 << PROGRAM_SCHEDULE) |
			((uint64_t)1 << PROGRAM_STARTS_ON))) != 0;
	json_object_update(cur, in);
	for (k = 0; k < PROGRAM__MAX; k++)
		args[k] = input_val(cur, program_fields, k);
	clock_now(now);
	args[PROGRAM__MAX] = DBV_TEXT(now);
	args[PROGRAM__MAX + 1] = DBV_INT(again);
	args[PROGRAM__MAX + 2] = DBV_INT(id);
	del[0] = DBV_INT(id);
	del[1] = DBV_TEXT(today);
	/* The text bound is cur's: it goes once the update is done. */
	rc = db_exec(db, stmts[STMT_UPDATE], args, 10);
	if (rc != -1)
		rc = program_lead_touch(db, &args[PROGRAM_LEAD_PERSON_ID]);
	json_decref(cur);
	if (rc == -1 ||
	    (again && db_exec(db, stmts[STMT_UNTOUCHED_DEL], del, 2) == -1) ||
	    program_generate(db, id, today) == -1)
		return tx_problem(db, p);
	return program_find(db, id, out, p);
}

int
program_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_program", p) ==
	    -1)
		return -1;
	json_object_set_new(*out, "schedule",
	    program_slots(
		json_string_value(json_object_get(*out, "schedule_text"))));
	return 0;
}

int
program_list(struct db *db, const char *today, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_TEXT(today);
	json_t *items;

	*out = NULL;
	items = db_rows(db, stmts[STMT_LIST], &arg, 1);
	if (items == NULL)
		return tx_problem(db, p);
	*out = json_pack("{s:I,s:o}", "total",
	    (json_int_t)json_array_size(items), "items", items);
	return 0;
}

int
program_sessions(struct db *db, int64_t id, const char *from, json_t **out,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_TEXT(from) };
	json_t *items;
	int64_t total = 0;

	*out = NULL;
	if (program_exists(db, id, p) == -1)
		return -1;
	items = db_rows(db, stmts[STMT_SESSIONS], args, 2);
	if (items == NULL)
		return tx_problem(db, p);
	if (db_int(db, stmts[STMT_SESSIONS_COUNT], args, 2, &total) == -1) {
		json_decref(items);
		return tx_problem(db, p);
	}
	*out = json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)total);
	return 0;
}

int
program_options(struct db *db, json_t **out, struct problem *p)
{
	json_t *zones, *leads;

	*out = NULL;
	zones = db_rows(db, stmts[STMT_ZONES], NULL, 0);
	if (zones == NULL)
		return tx_problem(db, p);
	leads = db_rows(db, stmts[STMT_LEADS], NULL, 0);
	if (leads == NULL) {
		json_decref(zones);
		return tx_problem(db, p);
	}
	*out = json_pack("{s:o,s:o}", "zones", zones, "leads", leads);
	return 0;
}
