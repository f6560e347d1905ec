/*
 * The counts behind the ladder of /figures (schema/032_figures_ladder)
 * stay exact, on both backends: after a stage history written straight
 * into the table, as another program would, and after each change to it
 * (a move up set by hand, an override down and up again twice in a
 * month, two moves in a month, a row written later with an earlier
 * date, a row deleted from the middle of a history, a row moved to
 * another month and to another person, a forget through the API, a
 * purge on the command line), figures_ladder and its counts equal a
 * recount from the history, written here without the trigger's window
 * functions, and GET /figures answers, month by month and move by move,
 * what the ladder's former statement, which read the history on each
 * request, answers: on January to April 2025 and on the last twelve
 * months, where the moves set through the API fall.
 *
 * The history (a first stage is no move, nor one set by hand lower):
 *
 *   Ana  contact 10 Jan; participant 20 Jan; helper 25 Jan; organizer
 *        3 Mar                         Jan c→p, p→h; Mar h→o
 *   Ben  contact 5 Dec 2024; helper 12 Feb; organizer by hand 14 Feb;
 *        contact by hand 20 Feb; helper 25 Feb
 *                                      Feb c→h (twice: once), h→o
 *   Cruz leader 1 Jan (his first)      none
 *   Dee  contact 1 Jan; participant 1 Apr
 *                                      Apr c→p
 *
 * The window's people, then January's to April's: 3 1 1 1 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"
#include "domain/ladder.h"

static struct server S;

static const char *const history[] = {
	"INSERT INTO zone (id, name, created_at) VALUES "
	"(301, 'Ladder Zone', '2024-01-01T00:00:00Z')",
	"INSERT INTO person (id, name, name_fold, zone_id, created_at, "
	"updated_at) VALUES "
	"(301, 'Ana', 'ana', 301, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(302, 'Ben', 'ben', 301, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(303, 'Cruz', 'cruz', 301, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(304, 'Dee', 'dee', 301, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
	"INSERT INTO person_stage (id, person_id, stage, why, at) VALUES "
	"(301, 301, 'contact', 'asked', '2025-01-10T10:00:00Z'), "
	"(302, 301, 'participant', 'attended', '2025-01-20T10:00:00Z'), "
	"(303, 301, 'helper', 'helped', '2025-01-25T10:00:00Z'), "
	"(304, 301, 'organizer', 'organized', '2025-03-03T10:00:00Z'), "
	"(305, 302, 'contact', 'asked', '2024-12-05T10:00:00Z'), "
	"(306, 302, 'helper', 'helped', '2025-02-12T10:00:00Z'), "
	"(307, 302, 'organizer', 'override', '2025-02-14T10:00:00Z'), "
	"(308, 302, 'contact', 'override', '2025-02-20T10:00:00Z'), "
	"(309, 302, 'helper', 'helped', '2025-02-25T10:00:00Z'), "
	"(310, 303, 'leader', 'leads', '2025-01-01T10:00:00Z'), "
	"(311, 304, 'contact', 'asked', '2025-01-01T10:00:00Z'), "
	"(312, 304, 'participant', 'attended', '2025-04-01T10:00:00Z')",
	NULL,
};

/*
 * The rows figures_ladder should hold, from the history: each move up
 * once a person and month, with the month of the move before it in the
 * order of month, from and to, found without window functions.
 */
#define RECOUNT                                                               \
	"WITH s AS (SELECT r.person_id, substr(r.at, 1, 7) AS m, "            \
	LADDER_BEFORE_SQL("r") " AS f, r.stage AS t FROM person_stage r), "   \
	"up AS (SELECT DISTINCT person_id, m, f, t FROM s WHERE "             \
	LADDER_STEP_SQL("t") " > " LADDER_STEP_SQL("f") "), "                 \
	"e AS (SELECT u.person_id, u.m, u.f, u.t, coalesce((SELECT max(q.m) " \
	"FROM up q WHERE q.person_id = u.person_id AND (q.m < u.m OR "        \
	"(q.m = u.m AND (q.f < u.f OR (q.f = u.f AND q.t < u.t))))), '') "     \
	"AS prev FROM up u) "

#define ROWS                                                                  \
	"SELECT person_id, month, from_stage, to_stage, prev FROM "           \
	"figures_ladder"
#define EXPECT "SELECT person_id, m, f, t, prev FROM e"
#define COUNTS                                                                \
	"SELECT month, from_stage, to_stage, prev, people FROM "              \
	"figures_ladder_count"
#define EXPECT_COUNTS                                                         \
	"SELECT m, f, t, prev, count(*) FROM e GROUP BY m, f, t, prev"

/*
 * The ladder's former statement on the window from %s until before %s
 * (months), its rows as o; then how many rows differ between them and
 * j, given as VALUES after it.
 */
#define FORMER                                                                \
	"WITH mv AS (SELECT substr(r.at, 1, 7) AS m, r.person_id, "           \
	LADDER_BEFORE_SQL("r") " AS f, r.stage AS t FROM person_stage r "     \
	"WHERE r.at >= '%s' AND r.at < '%s'), "                               \
	"up AS (SELECT m, person_id, f, t FROM mv WHERE "                     \
	LADDER_STEP_SQL("t") " > " LADDER_STEP_SQL("f") "), "                 \
	"o AS (SELECT m AS month, f AS from_stage, t AS to_stage, "           \
	"count(DISTINCT person_id) AS people FROM up GROUP BY m, f, t "       \
	"UNION ALL SELECT m, NULL, NULL, count(DISTINCT person_id) FROM up "  \
	"GROUP BY m UNION ALL SELECT NULL, NULL, NULL, "                      \
	"count(DISTINCT person_id) FROM up), "                                \
	"j (month, from_stage, to_stage, people) AS (VALUES "

#define FORMER_DIFF                                                           \
	") SELECT count(*) FROM (SELECT * FROM (SELECT * FROM o EXCEPT "      \
	"SELECT * FROM j) a UNION ALL SELECT * FROM (SELECT * FROM j "        \
	"EXCEPT SELECT * FROM o) b) x"

/* The month after "YYYY-MM", into out. */
static void
month_after(const char *m, char out[8])
{
	int y = atoi(m), mo = atoi(m + 5);

	snprintf(out, 8, "%04d-%02d", mo == 12 ? y + 1 : y,
	    mo == 12 ? 1 : mo + 1);
}

/*
 * A row of VALUES for j onto sql: month, from and to each quoted or
 * NULL, and people; none for no people but the window's, which the
 * former statement always has.
 */
static void
value(char *sql, size_t len, const char *month, const char *f,
    const char *t, json_int_t people)
{
	size_t n = strlen(sql);

	if (people == 0 && month != NULL)
		return;
	snprintf(sql + n, len - n, "%s(%s%s%s, %s%s%s, %s%s%s, %lld)",
	    sql[n - 1] == ' ' ? "" : ", ", month ? "'" : "",
	    month ? month : "NULL", month ? "'" : "", f ? "'" : "",
	    f ? f : "NULL", f ? "'" : "", t ? "'" : "", t ? t : "NULL",
	    t ? "'" : "", (long long)people);
}

/*
 * /figures' ladder on the window of query against the former statement:
 * the window's people, each month's, each move of each month's. The
 * number of rows that differ; the window's and each month's people into
 * got ("3 1 1 1 1"), when given.
 */
static int
ladder_differs(const char *query, char *got, size_t len)
{
	static int n;
	static char sql[sizeof(FORMER) + sizeof(FORMER_DIFF) + 16384];
	char path[96], next[8], from[8];
	json_t *l, *mo, *mv;
	struct reply r;
	size_t i, k;
	long bad;

	if (got != NULL)
		got[0] = '\0';
	/* A query of its own each time: no cached answer. */
	snprintf(path, sizeof(path), "/figures?%sn=%d", query, ++n);
	http_json(&S, "GET", path, NULL, &r);
	if (r.status != 200 || r.json == NULL) {
		reply_free(&r);
		return 1;
	}
	snprintf(from, sizeof(from), "%s",
	    json_string_value(json_object_get(r.json, "from")));
	month_after(json_string_value(json_object_get(r.json, "to")), next);
	snprintf(sql, sizeof(sql), FORMER, from, next);
	l = json_object_get(r.json, "ladder");
	value(sql, sizeof(sql), NULL, NULL, NULL,
	    json_integer_value(json_object_get(l, "people")));
	if (got != NULL)
		snprintf(got, len, "%lld",
		    (long long)json_integer_value(json_object_get(l, "people")));
	json_array_foreach (json_object_get(l, "months"), i, mo) {
		const char *m = json_string_value(json_object_get(mo, "month"));

		value(sql, sizeof(sql), m, NULL, NULL,
		    json_integer_value(json_object_get(mo, "people")));
		if (got != NULL)
			snprintf(got + strlen(got), len - strlen(got), " %lld",
			    (long long)json_integer_value(
				json_object_get(mo, "people")));
		json_array_foreach (json_object_get(mo, "moves"), k, mv)
			value(sql, sizeof(sql), m,
			    json_string_value(json_object_get(mv, "from")),
			    json_string_value(json_object_get(mv, "to")),
			    json_integer_value(json_object_get(mv, "people")));
	}
	strncat(sql, FORMER_DIFF, sizeof(sql) - strlen(sql) - 1);
	bad = db_scalar(&S, sql);
	if (bad != 0)
		printf("# %s: %ld rows differ from /figures' %s\n", query, bad,
		    strstr(sql, "(VALUES ") + 8);
	reply_free(&r);
	return (int)bad;
}

/*
 * Whether the summary is a recount's, and /figures the former
 * statement's; the window's people and each month's into got.
 */
static void
same(const char *when, char *got, size_t len)
{
	SAME_ROWS(&S, RECOUNT, ROWS, EXPECT, when, "the rows");
	SAME_ROWS(&S, RECOUNT, COUNTS, EXPECT_COUNTS, when, "the counts");
	is_int(ladder_differs("from=2025-01&to=2025-04&", got, len), 0,
	    "%s: /figures' ladder as the former statement", when);
	is_int(ladder_differs("", NULL, 0), 0,
	    "%s: and on the last twelve months", when);
}

/* POST /people/:id/stage, set by hand: 0 when it was (201). */
static int
set_stage(long person, const char *stage)
{
	char body[96];
	struct reply r;
	int rc;

	snprintf(body, sizeof(body), "{\"stage\":\"%s\",\"why\":\"a test\"}",
	    stage);
	http_json(&S, "POST", http_at("/people/%ld/stage", person), body, &r);
	rc = r.status == 201 ? 0 : -1;
	reply_free(&r);
	return rc;
}

static void
test_changes(void)
{
	static const struct {
		long person;
		const char *stage, *sql, *what, *totals;
	} steps[] = {
		{ 0, NULL, NULL, "the history", "3 1 1 1 1" },
		{ 301, "leader", NULL, "Ana set a leader by hand: a move now",
		    "3 1 1 1 1" },
		{ 302, "contact", NULL, "Ben set down to contact: none",
		    "3 1 1 1 1" },
		{ 302, "helper", NULL, "and up to helper again: a move",
		    "3 1 1 1 1" },
		{ 302, "contact", NULL, "down again", "3 1 1 1 1" },
		{ 302, "helper", NULL, "and up again: the same move, once",
		    "3 1 1 1 1" },
		{ 304, "helper", NULL, "Dee a helper", "3 1 1 1 1" },
		{ 304, "organizer", NULL, "and an organizer: two moves",
		    "3 1 1 1 1" },
		{ 0, NULL,
		    "INSERT INTO person_stage (person_id, stage, why, at) "
		    "VALUES (304, 'leader', 'leads', "
		    "'2025-02-15T10:00:00Z')",
		    "Dee a leader, written last and dated February",
		    "3 1 2 1 1" },
		{ 0, NULL, "DELETE FROM person_stage WHERE id = 302",
		    "Ana's participant row deleted: contact to helper",
		    "3 1 2 1 1" },
		{ 0, NULL,
		    "UPDATE person_stage SET at = '2025-04-10T10:00:00Z' "
		    "WHERE id = 304",
		    "Ana an organizer in April", "3 1 2 0 2" },
		{ 0, NULL, "UPDATE person_stage SET person_id = 303 "
			   "WHERE id = 312",
		    "Dee's April row Cruz's: down from leader, none",
		    "3 1 2 0 1" },
	};
	char got[64];
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].sql != NULL)
			db_write(&S, steps[i].sql);
		if (steps[i].stage != NULL)
			is_int(set_stage(steps[i].person, steps[i].stage), 0,
			    "%s: 201", steps[i].what);
		same(steps[i].what, got, sizeof(got));
		is_str(got, steps[i].totals,
		    "%s: the window's people, then each month's",
		    steps[i].what);
	}
	ok(db_scalar(&S, "SELECT count(*) FROM figures_ladder WHERE "
			 "person_id = 302 AND from_stage = 'contact' AND "
			 "to_stage = 'helper' AND month = substr("
			 "(SELECT max(at) FROM person_stage), 1, 7)") == 1,
	    "Ben's two moves from contact to helper this month: one row");
}

/* A forget deletes Ana's history, and with it her moves; a purge keeps. */
static void
test_forget_purge(void)
{
	char out[256], got[64];
	long st;

	ok(db_scalar(&S, "SELECT count(*) FROM figures_ladder WHERE "
			 "person_id = 301") > 0,
	    "Ana has moves");
	st = http_status(&S, "POST", "/people/301/forget",
	    "{\"confirm\":\"yes\"}");
	ok(st == 200 || st == 303, "forget Ana: %ld", st);
	is_int(db_scalar(&S, "SELECT count(*) FROM figures_ladder WHERE "
			     "person_id = 301"),
	    0, "her history gone: no move of hers");
	same("after a forget", got, sizeof(got));
	is_str(got, "2 0 2 0 0", "after a forget: Ben and Dee moved");
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30",
	    NULL }, out, sizeof(out)), 0, "solidarity purge");
	same("after a purge", got, sizeof(got));
	is_str(got, "2 0 2 0 0", "after a purge: the same");
}

int
main(void)
{
	size_t i;

	server_start(&S);
	for (i = 0; history[i] != NULL; i++)
		db_write(&S, history[i]);
	test_changes();
	test_forget_purge();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
