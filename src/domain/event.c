/* Events: a study group, a talk, a film, a class, and its reading list. */
#include <stdio.h>
#include <string.h>

#include "event.h"
#include "input.h"
#include "tx.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_CURRICULUM,
	STMT_INSERT,
	STMT_FIND,
	STMT_MATERIALS,
	STMT_LIST,
	STMT_MATERIAL_INSERT,
	STMT_MATERIAL_ROW,
	STMT_EXISTS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CURRICULUM */
	"SELECT count(*) FROM curriculum WHERE id = ?",
	/* STMT_INSERT */
	"INSERT INTO event (name, kind, starts, curriculum_id, created_at) "
	"VALUES (?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT e.id, e.name, e.kind, e.starts AS \"date\", e.curriculum_id, "
	"c.name AS curriculum_name, e.created_at FROM event e "
	"LEFT JOIN curriculum c ON c.id = e.curriculum_id WHERE e.id = ?",
	/* STMT_MATERIALS */
	"SELECT id, title, link, note FROM event_material WHERE event_id = ? "
	"ORDER BY id",
	/* STMT_LIST: the index event_date, read backwards */
	"SELECT e.id, e.name, e.kind, e.starts AS \"date\", e.curriculum_id, "
	"c.name AS curriculum_name, (SELECT count(*) FROM event_attendance a "
	"WHERE a.event_id = e.id) AS attended, (SELECT count(*) FROM "
	"event_rsvp r WHERE r.event_id = e.id) AS rsvps FROM event e "
	"LEFT JOIN curriculum c ON c.id = e.curriculum_id "
	"ORDER BY e.starts DESC, e.id DESC LIMIT 500",
	/* STMT_MATERIAL_INSERT */
	"INSERT INTO event_material (event_id, title, link, note, created_at) "
	"VALUES (?, ?, ?, ?, ?) RETURNING id",
	/* STMT_MATERIAL_ROW */
	"SELECT id, event_id, title, link, note FROM event_material "
	"WHERE id = ?",
	/* STMT_EXISTS */
	"SELECT count(*) FROM event WHERE id = ?",
};

const char *const event_kinds[] = {
	"study_group", /* a reading, discussed */
	"talk",
	"film",  /* a showing and a discussion */
	"class", /* one meeting of a community school */
	NULL,
};

const struct field event_fields[EVENT__MAX + 1] = {
	[EVENT_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120, NULL },
	[EVENT_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    event_kinds },
	/* Checked by event_when: "2026-12-10T18:30:00" at most. */
	[EVENT_DATE] = { "date", FIELD_LINE, FIELD_REQUIRED, 10, 19, NULL },
	[EVENT_TIME] = { "time", FIELD_LINE, 0, 5, 5, NULL },
	[EVENT_CURRICULUM] = { "curriculum", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[EVENT__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field event_material_fields[EVENT_MATERIAL__MAX + 1] = {
	[EVENT_MATERIAL_TITLE] = { "title", FIELD_LINE, FIELD_REQUIRED, 1, 200,
	    NULL },
	[EVENT_MATERIAL_LINK] = { "link", FIELD_LINE, 0, 1, 500, NULL },
	[EVENT_MATERIAL_NOTE] = { "note", FIELD_LINE, 0, 1, 300, NULL },
	[EVENT_MATERIAL__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
event_exists(struct db *db, int64_t id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (db_int(db, stmts[STMT_EXISTS], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n == 0
	    ? problem_set(p, PROBLEM_NOT_FOUND, "err_no_event", NULL, 0)
	    : 0;
}

/* Whether s is a clock time "HH:MM", or "HH:MM:SS" when secs. */
static int
event_time_ok(const char *s, int secs)
{
	char hm[CIVIL_TIME_LEN];
	size_t n = strlen(s);

	if (n == 8 && secs && s[5] == ':' && s[6] >= '0' && s[6] <= '5' &&
	    s[7] >= '0' && s[7] <= '9') {
		snprintf(hm, sizeof(hm), "%.5s", s);
		return civil_minutes(hm) != -1;
	}
	return n == 5 && civil_minutes(s) != -1;
}

/*
 * The date and time of in as the event keeps them, into out: a day, or
 * a day, "T" and "HH:MM". 0, or -1 with p naming date or time.
 */
static int
event_when(json_t *in, char out[EVENT_DATE_LEN], struct problem *p)
{
	const char *date = input_text(in, event_fields, EVENT_DATE),
		   *time = input_text(in, event_fields, EVENT_TIME);
	char day[CIVIL_DATE_LEN];

	snprintf(day, sizeof(day), "%s", date);
	if (!civil_date_ok(day) ||
	    (strlen(date) > 10 &&
		((date[10] != 'T' && date[10] != ' ') ||
		    !event_time_ok(date + 11, 1))))
		return problem_set(p, PROBLEM_INVALID, "err_event_date", "date",
		    0);
	if (time != NULL && (strlen(date) > 10 || !event_time_ok(time, 0)))
		return problem_set(p, PROBLEM_INVALID, "err_event_time", "time",
		    0);
	if (strlen(date) > 10)
		time = date + 11;
	if (time == NULL)
		snprintf(out, EVENT_DATE_LEN, "%s", day);
	else
		snprintf(out, EVENT_DATE_LEN, "%sT%.5s", day, time);
	return 0;
}

int
event_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char when[EVENT_DATE_LEN], now[CLOCK_ISO_LEN];
	struct db_val args[5];
	int64_t id, n = 0;

	*out = NULL;
	if (event_when(in, when, p) == -1)
		return -1;
	args[0] = input_val(in, event_fields, EVENT_CURRICULUM);
	if (args[0].type != DB_NULL) {
		if (db_int(db, stmts[STMT_CURRICULUM], args, 1, &n) == -1)
			return tx_problem(db, p);
		if (n == 0)
			return problem_set(p, PROBLEM_INVALID,
			    "err_no_curriculum", "curriculum", 0);
	}
	clock_now(now);
	args[0] = input_val(in, event_fields, EVENT_NAME);
	args[1] = input_val(in, event_fields, EVENT_KIND);
	args[2] = DBV_TEXT(when);
	args[3] = input_val(in, event_fields, EVENT_CURRICULUM);
	args[4] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 5, &id) != 1)
		return tx_problem(db, p);
	return event_find(db, id, out, p);
}

int
event_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *materials;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_event", p) == -1)
		return -1;
	materials = db_rows(db, stmts[STMT_MATERIALS], &arg, 1);
	if (materials == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "materials", materials);
	return 0;
}

int
event_list(struct db *db, json_t **out, struct problem *p)
{
	json_t *items = db_rows(db, stmts[STMT_LIST], NULL, 0);

	*out = NULL;
	if (items == NULL)
		return tx_problem(db, p);
	*out = json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return 0;
}

int
event_material_add(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	const char *link = input_text(in, event_material_fields,
	    EVENT_MATERIAL_LINK);
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];
	int64_t row;
	int k;

	*out = NULL;
	if (event_exists(db, id, p) == -1)
		return -1;
	/* A link is followed from the page: never javascript: or data:. */
	if (link != NULL && strncmp(link, "https://", 8) != 0 &&
	    strncmp(link, "http://", 7) != 0)
		return problem_set(p, PROBLEM_INVALID, "err_event_link", "link",
		    0);
	args[0] = DBV_INT(id);
	for (k = 0; k < EVENT_MATERIAL__MAX; k++)
		args[k + 1] = input_val(in, event_material_fields, k);
	clock_now(now);
	args[4] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_MATERIAL_INSERT], args, 5, &row) != 1)
		return tx_problem(db, p);
	args[0] = DBV_INT(row);
	if (db_row(db, stmts[STMT_MATERIAL_ROW], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}
