/*
 * The summary behind the first figure of /figures
 * (schema/031_figures_summary) stays exact, on both backends: after a
 * history written straight into the tables, as another program would,
 * and after each change that moves what someone did (a delivery's
 * outcome changed, back, another made, one deleted; a visit's role; a
 * session moved to another month; an ask moved to another person and
 * month; a shift moved, a sign-up withdrawn; a login moved to another
 * person; a forget through the API; a purge on the command line),
 * figures_mutual equals a recount from the acts, written here as its own
 * query, and GET /figures answers what the figure's former query, which
 * read every act on each request, answers.
 *
 * The window is January to April 2025:
 *
 *   Ana  asked 10 Jan; offered 5 Feb
 *   Ben  asked 15 Jan (Gil delivered it 20 Jan)
 *   Cruz guest at S1 3 Feb; helper at S2 3 Mar
 *   Eli  asked 1 Dec 2024; a shift at S2 3 Mar
 *   Gil  asked 5 Jan; delivered Ben's; not home at Ana's 20 Feb
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

static const char *const history[] = {
	"INSERT INTO zone (id, name, created_at) VALUES "
	"(201, 'Summary Zone', '2024-01-01T00:00:00Z')",
	"INSERT INTO person (id, name, name_fold, zone_id, created_at, "
	"updated_at) VALUES "
	"(201, 'Ana', 'ana', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(202, 'Ben', 'ben', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(203, 'Cruz', 'cruz', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(205, 'Eli', 'eli', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(207, 'Gil', 'gil', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(208, 'Hal', 'hal', 201, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
	"INSERT INTO need (id, person_id, category, details, urgency, zone_id, "
	"status, created_at, updated_at) VALUES "
	"(201, 201, 'groceries', 'x', 2, 201, 'open', "
	"'2025-01-10T10:00:00Z', '2025-01-10T10:00:00Z'), "
	"(202, 202, 'groceries', 'x', 2, 201, 'fulfilled', "
	"'2025-01-15T10:00:00Z', '2025-01-20T10:00:00Z'), "
	"(205, 205, 'groceries', 'x', 2, 201, 'open', "
	"'2024-12-01T10:00:00Z', '2024-12-01T10:00:00Z'), "
	"(207, 207, 'groceries', 'x', 2, 201, 'open', "
	"'2025-01-05T10:00:00Z', '2025-01-05T10:00:00Z')",
	"INSERT INTO offer (person_id, category, details, zone_id, created_at, "
	"updated_at) VALUES (201, 'groceries', 'x', 201, "
	"'2025-02-05T10:00:00Z', '2025-02-05T10:00:00Z')",
	"INSERT INTO app_user (id, person_id, login, password_hash, role, "
	"created_at) VALUES (201, 207, 'gil', 'x', 'volunteer', "
	"'2024-01-01T00:00:00Z')",
	"INSERT INTO claim (id, need_id, user_id, claimed_at, released_at) "
	"VALUES (201, 202, 201, '2025-01-19T10:00:00Z', "
	"'2025-01-20T10:00:00Z'), (202, 201, 201, '2025-02-19T10:00:00Z', "
	"'2025-02-20T10:00:00Z')",
	"INSERT INTO delivery (id, claim_id, need_id, user_id, outcome, at) "
	"VALUES (201, 201, 202, 201, 'delivered', '2025-01-20T10:00:00Z'), "
	"(202, 202, 201, 201, 'not_home', '2025-02-20T10:00:00Z')",
	"INSERT INTO program (id, name, kind, created_at, updated_at) VALUES "
	"(201, 'Store', 'free_store', '2024-01-01T00:00:00Z', "
	"'2024-01-01T00:00:00Z')",
	"INSERT INTO program_session (id, program_id, day, start_time, "
	"end_time, starts_at, status, created_at, updated_at) VALUES "
	"(201, 201, '2025-02-03', '10:00', '12:00', '2025-02-03T10:00:00Z', "
	"'held', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), "
	"(202, 201, '2025-03-03', '10:00', '12:00', '2025-03-03T10:00:00Z', "
	"'held', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
	"INSERT INTO attendance (id, session_id, person_id, role, created_at) "
	"VALUES (201, 201, 203, 'guest', '2025-02-03T10:00:00Z'), "
	"(202, 202, 203, 'helper', '2025-03-03T10:00:00Z')",
	"INSERT INTO shift (id, session_id, name, needed, taken, created_at) "
	"VALUES (201, 202, 'cook', 2, 1, '2025-01-01T00:00:00Z'), "
	"(202, 202, 'wash', 2, 0, '2025-01-01T00:00:00Z')",
	"INSERT INTO shift_signup (id, shift_id, person_id, created_at) "
	"VALUES (201, 201, 205, '2025-02-20T10:00:00Z')",
	NULL,
};

/*
 * Every act, as the figure's former query read them (one scan of each
 * table on each request), and from them the rows figures_mutual should
 * hold, worked out without the trigger's window functions.
 */
#define ACTS                                                                  \
	"WITH act (person_id, m, gave) AS ("                                  \
	"SELECT person_id, substr(created_at, 1, 7), 0 FROM need "            \
	"UNION ALL SELECT a.person_id, substr(s.starts_at, 1, 7), "           \
	"CASE WHEN a.role = 'guest' THEN 0 ELSE 1 END FROM attendance a "     \
	"JOIN program_session s ON s.id = a.session_id "                      \
	"WHERE a.person_id IS NOT NULL "                                      \
	"UNION ALL SELECT person_id, substr(created_at, 1, 7), 1 FROM offer " \
	"UNION ALL SELECT u.person_id, substr(d.at, 1, 7), 1 FROM delivery d " \
	"JOIN app_user u ON u.id = d.user_id WHERE d.outcome = 'delivered' "  \
	"UNION ALL SELECT g.person_id, substr(s.starts_at, 1, 7), 1 "         \
	"FROM shift_signup g JOIN shift h ON h.id = g.shift_id "              \
	"JOIN program_session s ON s.id = h.session_id "                      \
	"WHERE g.person_id IS NOT NULL) "

#define RECOUNT                                                               \
	ACTS ", pm AS (SELECT DISTINCT person_id, m FROM act), "              \
	"f AS (SELECT person_id, min(CASE WHEN gave = 1 THEN m END) AS fg, "  \
	"min(CASE WHEN gave = 0 THEN m END) AS fr FROM act "                  \
	"GROUP BY person_id), e AS (SELECT pm.person_id, pm.m, "              \
	"coalesce((SELECT max(q.m) FROM pm q WHERE q.person_id = "            \
	"pm.person_id AND q.m < pm.m), '') AS prev, CASE WHEN f.fg IS NULL "  \
	"OR f.fr IS NULL THEN '9999-12' WHEN f.fg > f.fr THEN f.fg "          \
	"ELSE f.fr END AS both_at "                                           \
	"FROM pm JOIN f ON f.person_id = pm.person_id) "

#define ROWS   "SELECT person_id, month, prev, both_at FROM figures_mutual"
#define EXPECT "SELECT person_id, m, prev, both_at FROM e"
#define COUNTS "SELECT month, prev, both_at, people FROM figures_mutual_count"
#define EXPECT_COUNTS                                                         \
	"SELECT m, prev, both_at, count(*) FROM e GROUP BY m, prev, both_at"

/*
 * The former query on the window January to April 2025, the totals as
 * the row without a month.
 */
#define FORMER                                                                \
	ACTS ", f AS (SELECT person_id, "                                     \
	"min(CASE WHEN gave = 1 THEN m END) AS fg, "                          \
	"min(CASE WHEN gave = 0 THEN m END) AS fr, "                          \
	"max(CASE WHEN m >= '2025-01' THEN 1 ELSE 0 END) AS inwin "           \
	"FROM act WHERE m <= '2025-04' GROUP BY person_id), "                 \
	"am AS (SELECT DISTINCT person_id, m FROM act "                       \
	"WHERE m >= '2025-01' AND m <= '2025-04'), "                          \
	"o AS (SELECT am.m AS month, count(*) AS people, "                    \
	"sum(CASE WHEN f.fg <= am.m AND f.fr <= am.m THEN 1 ELSE 0 END) "     \
	"AS mutual FROM am JOIN f ON f.person_id = am.person_id "             \
	"GROUP BY am.m UNION ALL SELECT NULL, coalesce(sum(inwin), 0), "      \
	"coalesce(sum(CASE WHEN inwin = 1 AND fg IS NOT NULL AND "            \
	"fr IS NOT NULL THEN 1 ELSE 0 END), 0) FROM f) "

static const char *const months[4] = { "2025-01", "2025-02", "2025-03",
	"2025-04" };

/* Each figure of o (people, both) against the former query's row. */
static int
differs(json_t *o, const char *month)
{
	char sql[sizeof(FORMER) + 160];
	long people, both;

	snprintf(sql, sizeof(sql),
	    FORMER "SELECT coalesce(max(people), 0) FROM o WHERE month %s",
	    month != NULL ? "= " : "IS NULL");
	if (month != NULL)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "'%s'",
		    month);
	people = db_scalar(&S, sql);
	memcpy(strstr(sql, "max(people)"), "max(mutual)", 11);
	both = db_scalar(&S, sql);
	if (json_integer_value(json_object_get(o, "people")) == people &&
	    json_integer_value(json_object_get(o, "both")) == both)
		return 0;
	printf("# %s: people %lld both %lld, the former query %ld %ld\n",
	    month != NULL ? month : "window",
	    (long long)json_integer_value(json_object_get(o, "people")),
	    (long long)json_integer_value(json_object_get(o, "both")), people,
	    both);
	return 1;
}

/* Whether the summary is a recount's, and /figures the former query's. */
static void
same(const char *when)
{
	static int n;
	char path[80];
	struct reply r;
	json_t *g;
	int bad = 0;
	size_t i;

	SAME_ROWS(&S, RECOUNT, ROWS, EXPECT, when, "the rows");
	SAME_ROWS(&S, RECOUNT, COUNTS, EXPECT_COUNTS, when, "the counts");
	/* A query of its own each time: no cached answer. */
	snprintf(path, sizeof(path), "/figures?from=2025-01&to=2025-04&n=%d",
	    ++n);
	http_json(&S, "GET", path, NULL, &r);
	g = json_object_get(r.json, "gave_and_received");
	bad += differs(g, NULL);
	for (i = 0; i < 4; i++)
		bad += differs(json_array_get(json_object_get(g, "months"), i),
		    months[i]);
	ok(r.status == 200 && bad == 0, "%s: /figures as the former query",
	    when);
	reply_free(&r);
}

/* The window's totals, people and both, as "P/B". */
static void
totals(char *out, size_t len)
{
	struct reply r;
	static int n;
	char path[80];
	json_t *g;

	snprintf(path, sizeof(path), "/figures?from=2025-01&to=2025-04&t=%d",
	    ++n);
	http_json(&S, "GET", path, NULL, &r);
	g = json_object_get(r.json, "gave_and_received");
	snprintf(out, len, "%lld/%lld",
	    (long long)json_integer_value(json_object_get(g, "people")),
	    (long long)json_integer_value(json_object_get(g, "both")));
	reply_free(&r);
}

static void
test_changes(void)
{
	static const struct {
		const char *sql, *what, *totals;
	} steps[] = {
		{ NULL, "the history", "5/4" },
		{ "UPDATE delivery SET outcome = 'refused' WHERE id = 201",
		    "Gil's delivery was refused after all", "5/3" },
		{ "UPDATE delivery SET outcome = 'delivered' WHERE id = 201",
		    "and delivered again", "5/4" },
		{ "UPDATE delivery SET outcome = 'delivered', "
		  "at = '2025-04-02T10:00:00Z' WHERE id = 202",
		    "Ana's, not home, delivered in April", "5/4" },
		{ "DELETE FROM delivery WHERE id = 201",
		    "Ben's delivery deleted", "5/4" },
		{ "UPDATE attendance SET role = 'helper' WHERE id = 201",
		    "Cruz a helper at S1", "5/3" },
		{ "UPDATE program_session SET starts_at = "
		  "'2025-05-03T10:00:00Z' WHERE id = 202",
		    "S2 moved to May, after the window", "4/2" },
		{ "UPDATE need SET person_id = 208, created_at = "
		  "'2025-03-09T10:00:00Z' WHERE id = 205",
		    "Eli's ask Hal's, in March", "5/2" },
		{ "UPDATE shift SET session_id = 201 WHERE id = 201",
		    "Eli's shift moved to S1", "6/2" },
		{ "DELETE FROM shift_signup WHERE id = 201",
		    "Eli's sign-up withdrawn", "5/2" },
		{ "UPDATE app_user SET person_id = 202 WHERE id = 201",
		    "Gil's login Ben's: April's delivery his", "5/2" },
	};
	char got[32];
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].sql != NULL)
			db_write(&S, steps[i].sql);
		same(steps[i].what);
		totals(got, sizeof(got));
		is_str(got, steps[i].totals,
		    "%s: the window's people, and of them both",
		    steps[i].what);
	}
}

/*
 * A forget empties Cruz's visits (retention.c): they leave his rows. A
 * purge of sessions that long ago empties the sign-ups' people too.
 */
static void
test_forget_purge(void)
{
	char out[256];
	long st;

	db_write(&S, "INSERT INTO shift_signup (id, shift_id, person_id, "
		     "created_at) VALUES (202, 202, 201, "
		     "'2025-02-20T10:00:00Z')");
	same("Ana signed up at S2");
	ok(db_scalar(&S, "SELECT count(*) FROM figures_mutual WHERE "
			 "person_id = 203") > 0,
	    "Cruz has months");
	st = http_status(&S, "POST", "/people/203/forget",
	    "{\"confirm\":\"yes\"}");
	ok(st == 200 || st == 303, "forget Cruz: %ld", st);
	is_int(db_scalar(&S, "SELECT count(*) FROM figures_mutual WHERE "
			     "person_id = 203"),
	    0, "his visits no longer his: no month");
	same("after a forget");
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30",
	    NULL }, out, sizeof(out)), 0, "solidarity purge");
	is_int(db_scalar(&S, "SELECT count(*) FROM shift_signup WHERE "
			     "person_id IS NOT NULL"),
	    0, "the purge emptied the sign-ups");
	same("after a purge");
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
