/* Figures counted from the records: a program's, and the network's. */
#include <stdio.h>
#include <string.h>

#include "figures.h"
#include "input.h"
#include "ladder.h"
#include "program.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_FIGURES,
	STMT_MUTUAL,
	STMT_CAMPAIGNS,
	STMT_FOLLOW_UPS,
	STMT_LADDER,
	STMT_EDUCATION,
	STMT_MEMBERS,
	STMT__MAX,
};

/*
 * One statement, one snapshot: the five figures agree with each other
 * even while people are being signed in. Every subquery binds the
 * program's id once, in order.
 */
static const char *const stmts[STMT__MAX] = {
	/* STMT_FIGURES */
	"SELECT "
	/*
	 * Held: said held, or anyone signed in to it (the table often
	 * forgets to tick the box; nobody signs in to a session that did
	 * not take place). Never a cancelled one.
	 */
	"(SELECT count(*) FROM program_session s WHERE s.program_id = ? "
	"AND s.status <> 'cancelled' AND (s.status = 'held' OR EXISTS "
	"(SELECT 1 FROM attendance a WHERE a.session_id = s.id))) "
	"AS sessions_held, "
	/* People: each known person once, each forgotten visit once. */
	"(SELECT count(DISTINCT a.person_id) + count(*) - count(a.person_id) "
	"FROM attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE s.program_id = ?) AS people, "
	"(SELECT count(DISTINCT a.person_id) + count(*) - count(a.person_id) "
	"FROM attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE s.program_id = ? AND a.role IN ('helper', 'lead')) "
	"AS helpers, "
	/*
	 * Helpers whose first visit to this program, by the session's
	 * moment and then the order they were signed in, was as a guest:
	 * every helping visit of theirs came later.
	 */
	"(SELECT count(DISTINCT h.person_id) FROM attendance h JOIN "
	"program_session hs ON hs.id = h.session_id WHERE hs.program_id = ? "
	"AND h.role IN ('helper', 'lead') AND h.person_id IS NOT NULL AND "
	"(SELECT f.role FROM attendance f JOIN program_session fs ON "
	"fs.id = f.session_id WHERE fs.program_id = hs.program_id AND "
	"f.person_id = h.person_id ORDER BY fs.starts_at, fs.id, f.id "
	"LIMIT 1) = 'guest') AS helpers_from_guests, "
	/*
	 * Meals or households served: the tap counters' totals. A session
	 * cancelled after taps keeps them: what was handed out was.
	 */
	"(SELECT CAST(coalesce(sum(s.served), 0) AS BIGINT) FROM "
	"program_session s WHERE s.program_id = ?) AS served",
	/*
	 * STMT_MUTUAL: the people of each month of the window (?1 to ?2)
	 * with whether they had given and received by then, from the counts
	 * of the months people did something in (031_figures_summary); then
	 * the window's totals, as a row without a month: each person once,
	 * by their first month in it (the one whose month before is before
	 * ?4), with whether they had done both by the window's end (?3). A
	 * forgotten person's visits have no person (retention.c) and are
	 * left out.
	 */
	"SELECT month, CAST(sum(people) AS BIGINT) AS people, "
	"CAST(sum(CASE WHEN both_at <= month THEN people ELSE 0 END) "
	"AS BIGINT) AS mutual FROM figures_mutual_count "
	"WHERE month >= ? AND month <= ? GROUP BY month "
	"UNION ALL SELECT NULL, CAST(coalesce(sum(people), 0) AS BIGINT), "
	"CAST(coalesce(sum(CASE WHEN both_at <= ? THEN people ELSE 0 END), 0) "
	"AS BIGINT) FROM figures_mutual_count "
	"WHERE month >= ? AND month <= ? AND prev < ?",
	/*
	 * STMT_CAMPAIGNS: the grievances raised from ?1 until before ?2
	 * (months: every time of a month sorts after its name), those a
	 * campaign took up, those a campaign won.
	 */
	"SELECT count(*) AS grievances, "
	"CAST(coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM campaign_grievance "
	"cg "
	"WHERE cg.grievance_id = g.id) THEN 1 ELSE 0 END), 0) AS BIGINT) "
	"AS campaigned, "
	"CAST(coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM campaign_grievance "
	"cg "
	"JOIN campaign c ON c.id = cg.campaign_id WHERE cg.grievance_id = g.id "
	"AND (c.status = 'won' OR EXISTS (SELECT 1 FROM campaign_outcome o "
	"WHERE o.campaign_id = c.id AND o.result = 'won'))) THEN 1 ELSE 0 "
	"END), "
	"0) AS BIGINT) AS won "
	"FROM grievance g WHERE g.created_at >= ? AND g.created_at < ?",
	/* STMT_FOLLOW_UPS: closed from ?1 until before ?2, by month */
	"SELECT substr(closed_at, 1, 7) AS month, "
	"CAST(sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS BIGINT) "
	"AS done, "
	"CAST(sum(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END) AS BIGINT) "
	"AS skipped FROM task WHERE closed_at >= ? AND closed_at < ? "
	"GROUP BY substr(closed_at, 1, 7)",
	/*
	 * STMT_LADDER: the moves up of the months of the window (?1 to ?2),
	 * from the counts kept of people's moves (032_figures_ladder): the
	 * people of each move of each month, of each month (no stages: each
	 * person by their first move in it, the one whose move before is
	 * before it), of the window (nothing but the count: their first in
	 * it, before ?7). A move's window is its months' sum (figures_moves).
	 */
	"SELECT month, from_stage, to_stage, CAST(sum(people) AS BIGINT) "
	"AS people FROM figures_ladder_count WHERE month >= ? AND month <= ? "
	"GROUP BY month, from_stage, to_stage "
	"UNION ALL SELECT month, NULL, NULL, CAST(sum(people) AS BIGINT) "
	"FROM figures_ladder_count WHERE month >= ? AND month <= ? "
	"AND prev < month GROUP BY month "
	"UNION ALL SELECT NULL, NULL, NULL, "
	"CAST(coalesce(sum(people), 0) AS BIGINT) FROM figures_ladder_count "
	"WHERE month >= ? AND month <= ? AND prev < ?",
	/*
	 * STMT_EDUCATION: who came to an event from ?1 until before ?2, or
	 * to a session that carried education (what was read, shown or
	 * discussed) from ?3 until before ?4, each once a month, by the
	 * local day it took place (the indexes event_date and
	 * program_session_education); the people of each month, then of the
	 * window. A forgotten person's visits have no person: left out.
	 */
	"WITH r (person_id, m) AS ("
	"SELECT a.person_id, substr(e.starts, 1, 7) FROM event e "
	"JOIN event_attendance a ON a.event_id = e.id "
	"WHERE e.starts >= ? AND e.starts < ? AND a.person_id IS NOT NULL "
	"UNION SELECT a.person_id, substr(s.day, 1, 7) FROM program_session s "
	"JOIN attendance a ON a.session_id = s.id "
	"WHERE s.education IS NOT NULL AND s.day >= ? AND s.day < ? "
	"AND a.person_id IS NOT NULL) "
	"SELECT m AS month, count(*) AS people FROM r GROUP BY m "
	"UNION ALL SELECT NULL, count(DISTINCT person_id) FROM r",
	/*
	 * STMT_MEMBERS: who joined from ?1 until before ?2 (the index
	 * person_membership_joined), by month, then in the window. A second
	 * "joined" in a row is refused (ladder_membership): one that comes
	 * after a lapse is a person joining again.
	 */
	"WITH j AS (SELECT person_id, substr(at, 1, 7) AS m FROM "
	"person_membership WHERE status = 'joined' AND at >= ? AND at < ?) "
	"SELECT m AS month, count(DISTINCT person_id) AS people FROM j "
	"GROUP BY m "
	"UNION ALL SELECT NULL, count(DISTINCT person_id) FROM j",
};

const struct field figures_fields[FIGURES__MAX + 1] = {
	[FIGURES_FROM] = { "from", FIELD_LINE, 0, 0, 7, NULL },
	[FIGURES_TO] = { "to", FIELD_LINE, 0, 0, 7, NULL },
	[FIGURES__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
figures_program(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val args[5] = { DBV_INT(id), DBV_INT(id), DBV_INT(id),
		DBV_INT(id), DBV_INT(id) };

	*out = NULL;
	if (program_exists(db, id, p) == -1)
		return -1;
	if (db_row(db, stmts[STMT_FIGURES], args, 5, out) != 1)
		return tx_problem(db, p);
	return 0;
}

/* The months since year 0 of "YYYY-MM", or -1 when s is not that. */
static int
figures_month(const char *s)
{
	int i, y = 0, m;

	if (s == NULL || strlen(s) != 7 || s[4] != '-')
		return -1;
	for (i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	/* 9999 has no month after its last, which the reads need. */
	if (y < 1 || y > 9998 || m < 1 || m > 12)
		return -1;
	return y * 12 + m - 1;
}

static void
figures_month_text(int k, char out[FIGURES_MONTH_LEN])
{
	/* k is a month of years 1 to 9999 (figures_month, and one more). */
	snprintf(out, FIGURES_MONTH_LEN, "%04u-%02u", (unsigned)k / 12 % 10000,
	    (unsigned)k % 12 + 1);
}

int
figures_month_range(const char *month, char lo[FIGURES_MONTH_LEN],
    char hi[FIGURES_MONTH_LEN])
{
	int k = figures_month(month);

	if (k < 0)
		return -1;
	figures_month_text(k, lo);
	figures_month_text(k + 1, hi);
	return 0;
}

/*
 * The window of in as month numbers: both given, or the twelve months
 * up to now's. 0, or -1 with p naming the field at fault.
 */
static int
figures_window(json_t *in, int *from, int *to, struct problem *p)
{
	const char *f = input_text(in, figures_fields, FIGURES_FROM),
		   *t = input_text(in, figures_fields, FIGURES_TO);
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	now[7] = '\0';
	*to = t != NULL ? figures_month(t) : figures_month(now);
	if (*to < 0)
		return problem_set(p, PROBLEM_INVALID, "err_figures_month",
		    figures_fields[FIGURES_TO].name, 0);
	*from = f != NULL ? figures_month(f) : *to - 11;
	if (*from < 0)
		return problem_set(p, PROBLEM_INVALID, "err_figures_month",
		    figures_fields[FIGURES_FROM].name, 0);
	if (*from > *to)
		return problem_set(p, PROBLEM_INVALID, "err_figures_order",
		    figures_fields[FIGURES_FROM].name, 0);
	if (*to - *from >= FIGURES_MONTHS_MAX)
		return problem_set(p, PROBLEM_INVALID, "err_figures_span",
		    figures_fields[FIGURES_FROM].name, FIGURES_MONTHS_MAX);
	return 0;
}

/* The integer at key of row, 0 when absent. */
static int64_t
figures_int(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/*
 * The row of rows whose month is month, or NULL: rows are a few dozen,
 * one a month at most.
 */
static json_t *
figures_row(json_t *rows, const char *month)
{
	const char *m;
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		m = json_string_value(json_object_get(row, "month"));
		if (m != NULL && strcmp(m, month) == 0)
			return row;
	}
	return NULL;
}

/* {people, both, percent} from a row of STMT_MUTUAL, month at month. */
static json_t *
figures_mutual_one(json_t *row, const char *month)
{
	int64_t people = figures_int(row, "people"),
		both = figures_int(row, "mutual");
	json_t *o = json_pack("{s:I,s:I,s:I}", "people", (json_int_t)people,
	    "both", (json_int_t)both, "percent",
	    (json_int_t)(people > 0 ? (both * 100 + people / 2) / people : 0));

	if (month != NULL)
		json_object_set_new(o, "month", json_string(month));
	return o;
}

/* gave_and_received from STMT_MUTUAL's rows, every month of months. */
static json_t *
figures_mutual(json_t *rows, json_t *months)
{
	json_t *row, *o = NULL, *list = json_array(), *m;
	size_t i;

	json_array_foreach (rows, i, row)
		if (json_is_null(json_object_get(row, "month")))
			o = figures_mutual_one(row, NULL);
	if (o == NULL)
		o = figures_mutual_one(NULL, NULL);
	json_array_foreach (months, i, m)
		json_array_append_new(list,
		    figures_mutual_one(figures_row(rows, json_string_value(m)),
			json_string_value(m)));
	json_object_set_new(o, "months", list);
	return o;
}

/* follow_ups from STMT_FOLLOW_UPS's rows, every month of months. */
static json_t *
figures_follow_ups(json_t *rows, json_t *months)
{
	json_t *list = json_array(), *row, *m;
	int64_t done = 0, skipped = 0;
	size_t i;

	json_array_foreach (months, i, m) {
		row = figures_row(rows, json_string_value(m));
		done += figures_int(row, "done");
		skipped += figures_int(row, "skipped");
		json_array_append_new(list,
		    json_pack("{s:O,s:I,s:I}", "month", m, "done",
			(json_int_t)figures_int(row, "done"), "skipped",
			(json_int_t)figures_int(row, "skipped")));
	}
	return json_pack("{s:I,s:I,s:o}", "done", (json_int_t)done, "skipped",
	    (json_int_t)skipped, "months", list);
}

/* Whether row's key is s: NULL is a null or a missing key. */
static int
figures_is(json_t *row, const char *key, const char *s)
{
	const char *v = json_string_value(json_object_get(row, key));

	if (s == NULL || v == NULL)
		return s == v;
	return strcmp(v, s) == 0;
}

/*
 * The row of rows for month and the move from..to (each NULL for the
 * rows that total over it), or NULL when there is none: no people.
 */
static json_t *
figures_match(json_t *rows, const char *month, const char *from, const char *to)
{
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row)
		if (figures_is(row, "month", month) &&
		    figures_is(row, "from_stage", from) &&
		    figures_is(row, "to_stage", to))
			return row;
	return NULL;
}

/* The people of the row of rows for month and from..to: 0 for none. */
static json_int_t
figures_people_of(json_t *rows, const char *month, const char *from,
    const char *to)
{
	return (json_int_t)figures_int(figures_match(rows, month, from, to),
	    "people");
}

/* {people, months: [{month, people}…]} from rows of people by month. */
static json_t *
figures_people(json_t *rows, json_t *months)
{
	json_t *list = json_array(), *m;
	size_t i;

	json_array_foreach (months, i, m)
		json_array_append_new(list,
		    json_pack("{s:O,s:I}", "month", m, "people",
			figures_people_of(rows, json_string_value(m), NULL,
			    NULL)));
	return json_pack("{s:I,s:o}", "people",
	    figures_people_of(rows, NULL, NULL, NULL), "months", list);
}

/*
 * The moves up of the n months of months from the first, in STMT_LADDER's
 * rows: [{from, to, people}…] lowest first, each move's people summed
 * over the months, the moves nobody made left out.
 */
static json_t *
figures_moves(json_t *rows, json_t *months, size_t first, size_t n)
{
	const char *const *st = ladder_stages;
	json_t *list = json_array();
	json_int_t people;
	size_t f, t, i;

	for (f = 0; st[f] != NULL; f++)
		for (t = f + 1; st[t] != NULL; t++) {
			people = 0;
			for (i = first; i < first + n; i++)
				people += figures_people_of(rows,
				    json_string_value(
					json_array_get(months, i)),
				    st[f], st[t]);
			if (people > 0)
				json_array_append_new(list,
				    json_pack("{s:s,s:s,s:I}", "from", st[f],
					"to", st[t], "people", people));
		}
	return list;
}

/*
 * ladder from STMT_LADDER's rows, every month of months: the people who
 * moved as figures_people counts them, with their moves.
 */
static json_t *
figures_ladder(json_t *rows, json_t *months)
{
	json_t *o = figures_people(rows, months), *m;
	size_t i;

	json_array_foreach (json_object_get(o, "months"), i, m)
		json_object_set_new(m, "moves",
		    figures_moves(rows, months, i, 1));
	json_object_set_new(o, "moves",
	    figures_moves(rows, months, 0, json_array_size(months)));
	return o;
}

/*
 * The rows of stmt over args into o at key, built by make from them
 * and months: 0, or -1.
 */
static int
figures_read(struct db *db, enum stmt stmt, struct db_val *args, int n,
    json_t *(*make)(json_t *, json_t *), json_t *o, const char *key)
{
	json_t *rows = db_rows(db, stmts[stmt], args, n);

	if (rows == NULL)
		return -1;
	json_object_set_new(o, key, make(rows, json_object_get(o, "months")));
	json_decref(rows);
	return 0;
}

/*
 * The reads of the ladder, education and membership of the months f to
 * t, next the month after t.
 */
static int
figures_reads_ladder(struct db *db, const char *f, const char *t,
    const char *next, json_t *o)
{
	struct db_val span[4] = { DBV_TEXT(f), DBV_TEXT(next), DBV_TEXT(f),
		DBV_TEXT(next) };
	struct db_val win[7] = { DBV_TEXT(f), DBV_TEXT(t), DBV_TEXT(f),
		DBV_TEXT(t), DBV_TEXT(f), DBV_TEXT(t), DBV_TEXT(f) };

	if (figures_read(db, STMT_LADDER, win, 7, figures_ladder, o,
		"ladder") == -1 ||
	    figures_read(db, STMT_EDUCATION, span, 4, figures_people, o,
		"education") == -1 ||
	    figures_read(db, STMT_MEMBERS, span, 2, figures_people, o,
		"members") == -1)
		return -1;
	return 0;
}

/* The reads of figures_network into o, in one snapshot: 0 or -1. */
static int
figures_reads(struct db *db, int from, int to, json_t *o)
{
	char f[FIGURES_MONTH_LEN], t[FIGURES_MONTH_LEN],
	    next[FIGURES_MONTH_LEN];
	struct db_val win[6] = { DBV_TEXT(f), DBV_TEXT(t), DBV_TEXT(t),
		DBV_TEXT(f), DBV_TEXT(t), DBV_TEXT(f) };
	struct db_val span[2] = { DBV_TEXT(f), DBV_TEXT(next) };
	json_t *months = json_object_get(o, "months"), *rows, *row = NULL;

	figures_month_text(from, f);
	figures_month_text(to, t);
	figures_month_text(to + 1, next);
	rows = db_rows(db, stmts[STMT_MUTUAL], win, 6);
	if (rows == NULL)
		return -1;
	json_object_set_new(o, "gave_and_received",
	    figures_mutual(rows, months));
	json_decref(rows);
	if (db_row(db, stmts[STMT_CAMPAIGNS], span, 2, &row) != 1)
		return -1;
	json_object_set_new(o, "campaigns", row);
	rows = db_rows(db, stmts[STMT_FOLLOW_UPS], span, 2);
	if (rows == NULL)
		return -1;
	json_object_set_new(o, "follow_ups", figures_follow_ups(rows, months));
	json_decref(rows);
	return figures_reads_ladder(db, f, t, next, o);
}

int
figures_network(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char m[FIGURES_MONTH_LEN];
	json_t *o, *months;
	int from = 0, to = 0, k, rc;

	*out = NULL;
	if (figures_window(in, &from, &to, p) == -1)
		return -1;
	months = json_array();
	for (k = from; k <= to; k++) {
		figures_month_text(k, m);
		json_array_append_new(months, json_string(m));
	}
	o = json_pack("{s:O,s:O,s:o}", "from", json_array_get(months, 0), "to",
	    json_array_get(months, to - from), "months", months);
	if (db_begin_read(db) == -1) {
		json_decref(o);
		return tx_problem(db, p);
	}
	rc = figures_reads(db, from, to, o);
	if (rc == -1)
		tx_problem(db, p);
	db_rollback(db);
	if (rc == -1) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}
