/*
 * Every list page's filters read along indexes (#19: index-bound, never a
 * scan). The server runs with SOLIDARITY_PLANS naming a file, where the
 * SQLite backend writes each statement it prepares whose plan reads all
 * of a table that grows with the network or sorts its rows (db_sqlite.c);
 * every combination of every list's filters is asked for, as an admin and
 * as a volunteer bound to a zone, over the demo network, and the file must
 * hold nothing but the known exceptions below. SQLite plans without
 * statistics, as on a new network. On PostgreSQL, whose planner weighs
 * statistics and has no such hook, the pages must answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char vol[200];
static char plans[128]; /* the file SOLIDARITY_PLANS names */

/*
 * A list page: its path with the query it always has (or none), and its
 * filters, each "name=value"; every subset of them is asked for. Values
 * name rows of the demo network (zone 1, person 1, target 1 …).
 */
struct list {
	const char *path;
	const char *filters[8];
	int volunteer; /* asked for by the volunteer too */
};

static const struct list lists[] = {
	{ "/needs", { "status=open", "zone_id=1", "category=groceries",
	    "person_id=1", "q=a", "mine=1", "offset=5" }, 1 },
	{ "/needs?status=all", { "zone_id=1", "category=groceries",
	    "person_id=1", "q=a", "mine=1" }, 1 },
	{ "/offers", { "status=open", "zone_id=1", "category=groceries",
	    "person_id=1", "q=a", "offset=5" }, 1 },
	{ "/people", { "q=a", "zone_id=1", "gave_and_received=1",
	    "stage_moved=2026-01", "educated=2026-01", "joined=2026-01",
	    "offset=5" }, 0 },
	{ "/conversations", { "person_id=1", "target_id=1", "zone_id=1",
	    "need_id=1", "tag=rent", "offset=5" }, 0 },
	{ "/grievances", { "target_id=1", "tag=heat", "zone_id=1",
	    "person_id=1", "offset=5" }, 0 },
	{ "/campaigns", { "status=organizing", "target_id=1", "offset=5" },
	    0 },
	{ "/targets", { "q=a", "kind=landlord", "zone_id=1", "offset=5" }, 0 },
	{ "/tasks", { "status=open", "offset=5" }, 1 },
	{ "/tasks?status=done", { "offset=5" }, 0 },
	{ "/runs", { "driver_id=1", "offset=5" }, 1 },
	{ "/sms", { "direction=in", "status=received", "offset=5" }, 0 },
	{ "/sms?status=queued", { "direction=out" }, 0 },
	{ "/admin/audit", { "user_id=1", "action=need.create", "offset=5" },
	    0 },
	{ "/stock/moves", { "location_id=1", "item_id=1", "kind=in",
	    "offset=5" }, 0 },
	{ "/items", { "q=a", "category=groceries", "offset=5" }, 0 },
	{ "/locations", { "kind=pantry", "zone_id=1", "offset=5" }, 0 },
	{ "/zones", { "offset=5" }, 1 },
	{ "/intake", { "q=a" }, 0 },
	{ "/intake?person_id=1", { NULL }, 0 },
	{ "/sessions", { "understaffed=1" }, 1 },
	{ "/roster", { "week=2026-W02" }, 1 },
	{ "/programs/1/sessions", { "from=2026-01-01" }, 0 },
	{ "/figures", { "from=2025-11", "to=2026-10" }, 0 },
	{ "/grievances/1", { "q=a" }, 0 },
	{ "/stock", { "low=1" }, 0 },
	/* The pages without filters whose lists grow with the network. */
	{ "/", { NULL }, 1 },
	{ "/events", { NULL }, 0 },
	{ "/funds", { NULL }, 0 },
	{ "/funds/1", { NULL }, 0 },
	{ "/funds/1/statement", { NULL }, 0 },
	{ "/facing", { NULL }, 0 },
	{ "/programs", { NULL }, 0 },
	{ "/people/1", { NULL }, 0 },
	{ "/zones/1", { NULL }, 1 },
	{ "/targets/1", { NULL }, 0 },
	{ "/campaigns/1", { NULL }, 0 },
	{ "/conversations/1", { NULL }, 0 },
	{ "/sessions/1", { NULL }, 1 },
};

/*
 * The pages of one ask and one offer, which list their own calls,
 * matches and texts: an open one in the volunteer's zone (1), found when
 * the demo has made them.
 */
static const char *const records[][2] = {
	{ "/needs/%ld", "SELECT min(id) FROM need WHERE status = 'open' "
	    "AND zone_id = 1" },
	{ "/offers/%ld", "SELECT min(id) FROM offer WHERE status = 'open' "
	    "AND zone_id = 1" },
};

/*
 * What may stay in the file, each for its reason: a statement (a part of
 * its text) and the lines of its plan the file holds, or how they begin
 * (NULL: any).
 */
struct known {
	const char *sql;
	const char *line;
	const char *why;
};

#define SORT "  USE TEMP B-TREE FOR ORDER BY\n"

static const struct known known[] = {
	/*
	 * A leading-wildcard LIKE (the text searches, q=) can use no b-tree
	 * index: alone, it reads every row. Full-text indexes (FTS5 and
	 * PostgreSQL's tsvector) differ between the backends.
	 */
	/* counted along the triage index, which holds the details (043) */
	{ "LIKE ? ESCAPE", "  SCAN n USING COVERING INDEX need_triage\n",
	    "text search of asks" },
	{ "LIKE ? ESCAPE", "  SCAN o\n", "text search of offers" },
	{ "LIKE ? ESCAPE", "  SCAN p\n", "text search of people" },
	{ "LIKE ? ESCAPE", "  SCAN n USING INDEX need_since\n",
	    "text search of the waiting asks, counted" },
	/*
	 * A volunteer's zones, a few of the network's: their waiting asks
	 * sorted, which no one index can give in order across zones (the
	 * joined list read the zone first, and the check saw no sort of a
	 * growing table; the page taken first shows it).
	 */
	{ "FROM need n WHERE n.zone_id IN (SELECT zone_id FROM user_zone "
	  "WHERE user_id = ?)",
	    SORT, "a volunteer's list sorts the asks of their zones" },
	/* A volunteer's claims: at most serve --max-claims of them. */
	{ "n.id IN (SELECT need_id FROM claim WHERE user_id = ?", SORT,
	    "mine=1 sorts a volunteer's claimed asks" },
	/*
	 * Newest first along the rowid, without a filter: the walk is the
	 * table's own order, and LIMIT stops it after the page.
	 */
	{ "FROM audit a LEFT JOIN app_user u ON u.id = a.user_id ORDER BY",
	    "  SCAN a\n", "the audit trail, newest first" },
	{ "FROM campaign c LEFT JOIN target t ON t.id = c.target_id ORDER BY",
	    "  SCAN c\n", "the campaigns, newest first" },
	{ "FROM run r JOIN app_user d ON d.id = r.driver_id ORDER BY",
	    "  SCAN r\n", "the runs, newest first" },
	{ "FROM grievance g LEFT JOIN target t ON t.id = g.target_id ORDER BY",
	    "  SCAN g\n", "the grievances, newest first" },
	{ "SELECT id, title FROM grievance ORDER BY id DESC LIMIT",
	    "  SCAN grievance\n", "a campaign form's grievances" },
	{ "ON g.id = m.gateway_id ORDER BY", "  SCAN m\n",
	    "the texts, newest first" },
	{ "ON t.id = m.to_location_id ORDER BY", "  SCAN m\n",
	    "the stock moves, newest first" },
	/*
	 * The rows of one record, sorted by what the index does not hold
	 * (a joined table's name or date): as many as that record has.
	 */
	{ "g.id IN (SELECT grievance_id FROM grievance_", SORT,
	    "the grievances of a person, a zone or a tag" },
	{ "c.id IN (SELECT conversation_id FROM conversation_tag WHERE tag =",
	    SORT, "the conversations of a tag" },
	{ "FROM event_attendance a JOIN event e ON e.id = a.event_id WHERE "
	    "a.person_id = ?", SORT, "a person's events" },
	{ "FROM attendance a JOIN program_session s ON s.id = a.session_id "
	    "JOIN program pr ON pr.id = s.program_id WHERE a.person_id = ?",
	    SORT, "a person's sessions" },
	{ "FROM campaign_grievance cg JOIN grievance g ON g.id = "
	    "cg.grievance_id WHERE cg.campaign_id = ?", SORT,
	    "a campaign's grievances" },
	{ "FROM campaign_supporter s JOIN person p ON p.id = s.person_id "
	    "WHERE s.campaign_id = ?", SORT, "a campaign's supporters" },
	{ "FROM person p WHERE p.id IN (SELECT gp.person_id FROM "
	    "grievance_person gp JOIN campaign_grievance cg", SORT,
	    "the people of a campaign's grievances" },
	{ "FROM grievance_person gp JOIN person p ON p.id = gp.person_id "
	    "WHERE gp.grievance_id = ?", SORT, "a grievance's people" },
	{ "FROM grievance_zone gz JOIN zone z ON z.id = gz.zone_id WHERE "
	    "gz.grievance_id = ?", SORT, "a grievance's places" },
	{ "SELECT 0 AS part, m.id, m.item_id", SORT,
	    "a session's stock panel, then the items and places by name" },
	/* One week's sessions (program_session_week finds them). */
	{ "FROM program_session s JOIN program pr ON pr.id = s.program_id",
	    SORT, "a week's sessions" },
	{ "FROM shift sh JOIN program_session s ON s.id = sh.session_id",
	    SORT, "a week's shifts" },
	{ "FROM shift_signup su JOIN shift sh ON sh.id = su.shift_id JOIN "
	    "program_session s", SORT, "a week's sign-ups" },
	/*
	 * The total of a list without filters counts every row (SQLite keeps
	 * no count of a table's rows): only the asks have a tally that
	 * answers it (need_tally). Not yet done for these.
	 */
	{ "SELECT count(*) FROM audit a", "  SCAN audit USING COVERING INDEX",
	    "the audit trail's total" },
	{ "SELECT count(*) FROM campaign c",
	    "  SCAN campaign USING COVERING INDEX", "the campaigns' total" },
	{ "SELECT count(*) FROM conversation c",
	    "  SCAN conversation USING COVERING INDEX",
	    "the conversations' total" },
	{ "SELECT count(*) FROM grievance g",
	    "  SCAN grievance USING COVERING INDEX", "the grievances' total" },
	{ "SELECT count(*) FROM offer o", "  SCAN offer USING COVERING INDEX",
	    "the offers' total" },
	{ "SELECT count(*) FROM person p", "  SCAN person USING COVERING INDEX",
	    "the people's total" },
	{ "SELECT count(*) FROM run r", "  SCAN run USING COVERING INDEX",
	    "the runs' total" },
	{ "SELECT count(*) FROM sms_message m",
	    "  SCAN sms_message USING COVERING INDEX", "the texts' total" },
	{ "SELECT count(*) FROM stock_move m",
	    "  SCAN stock_move USING COVERING INDEX", "the stock moves' total" },
	/*
	 * /people's filters from /figures (gave_and_received, stage_moved,
	 * educated, joined) are EXISTS over each person's doings: their
	 * total tests every person. A summary by person and month would
	 * answer them. Not yet done.
	 */
	{ "SELECT count(*) FROM person p WHERE", "  SCAN p USING COVERING INDEX",
	    "the total of a /figures filter of people" },
	/*
	 * Daily jobs, not lists: the retention purge and the alert on
	 * contact views (which sorts logins, not entries).
	 */
	{ "DELETE FROM rate_limit WHERE window_start < ?",
	    "  SCAN rate_limit\n", "the purge" },
	{ "UPDATE audit SET ip = NULL WHERE at < ?", "  SCAN audit\n",
	    "the purge" },
	/* Only the rows that still hold words: their partial indexes (048). */
	{ "UPDATE claim SET release_reason = NULL",
	    "  SCAN claim USING INDEX claim_reasoned\n", "the purge" },
	{ "UPDATE delivery SET note = NULL",
	    "  SCAN delivery USING INDEX delivery_noted\n", "the purge" },
	{ "UPDATE fund_reimbursement SET person_id = NULL",
	    "  SCAN fund_reimbursement\n", "the purge" },
	{ "UPDATE action_person SET person_id = NULL WHERE person_id IS NOT",
	    "  SCAN campaign_action USING COVERING INDEX", "the purge" },
	{ "SELECT u.login, count(*) AS views FROM audit a", SORT,
	    "the contact-view alert" },
	/*
	 * SQLite's foreign key checks of a new parent row look for orphans
	 * among its children, which they do only while a deferred violation
	 * is pending: never here. The plan shows them all the same.
	 */
	{ "INSERT INTO app_user (person_id, login", NULL,
	    "a new login's foreign keys" },
	{ "INSERT INTO person (name, phone", "  SCAN sms_thread\n",
	    "a new person's foreign keys" },
	{ NULL, NULL, NULL },
};

/* The number of filters of l. */
static size_t
nfilters(const struct list *l)
{
	size_t n = 0;

	while (n < 8 && l->filters[n] != NULL)
		n++;
	return n;
}

/*
 * GET every subset of l's filters (JSON, and HTML without filters) with
 * the credentials of the moment: how many did not answer 200, each said.
 */
static int
ask_all(const struct list *l)
{
	size_t n = nfilters(l), i;
	unsigned mask;
	char path[512];
	struct reply r;
	int bad = 0, len;

	for (mask = 0; mask < 1u << n; mask++) {
		len = snprintf(path, sizeof(path), "%s", l->path);
		for (i = 0; i < n; i++)
			if (mask & 1u << i)
				len += snprintf(path + len, sizeof(path) - len,
				    "%c%s", strchr(path, '?') ? '&' : '?',
				    l->filters[i]);
		http(&S, "GET", path, mask == 0 ? "text/html" :
		    "application/json", NULL, NULL, 0, &r);
		if (r.status != 200) {
			printf("# GET %s: %ld\n", path, r.status);
			bad++;
		}
		reply_free(&r);
	}
	return bad;
}

/* ask_all as the admin, and as the volunteer when l says so; counted. */
static int
ask_both(const struct list *l, size_t *asked)
{
	int bad = ask_all(l);

	*asked += 1u << nfilters(l);
	if (l->volunteer) {
		http_auth = vol;
		bad += ask_all(l);
		http_auth = NULL;
		*asked += 1u << nfilters(l);
	}
	return bad;
}

/*
 * The demo network, an admin's token, and a few of what the demo makes
 * none of (a grievance, a campaign, a fund's money, texts), before the
 * server starts with SOLIDARITY_PLANS.
 */
static void
start(void)
{
	char line[256];
	const char *const init[] = { "init", NULL };
	const char *const demo[] = { "demo", NULL };
	const char *const token[] = { "token", "add", "admin", NULL };

	snprintf(S.dir, sizeof(S.dir), "/tmp/solidarity-test-XXXXXX");
	if (mkdtemp(S.dir) == NULL) {
		printf("not ok - cannot make a temporary directory\n");
		exit(1);
	}
	testdb_make(&S.store, S.dir, strrchr(S.dir, '-') + 1);
	snprintf(plans, sizeof(plans), "%s/plans", S.dir);
	if (server_cli(&S, init, line, sizeof(line)) != 0 ||
	    server_cli(&S, demo, line, sizeof(line)) != 0 ||
	    server_cli(&S, token, S.token, sizeof(S.token)) != 0) {
		printf("not ok - cannot make the demo network: %s\n", line);
		exit(1);
	}
	setenv("SOLIDARITY_PLANS", plans, 1);
	server_start_on(&S);
	ok(server_login(&S, "planvol", "volunteer", "1", vol, sizeof(vol)) >
	    0, "a volunteer in zone 1");
	ok(http_created(&S, "/grievances", "{\"title\":\"No heat\","
	    "\"target_id\":1,\"person_ids\":[1],\"zone_ids\":[1]}") > 0 &&
	    http_created(&S, "/campaigns", "{\"demand\":\"Fix the heat\","
	    "\"target_id\":1,\"grievance_ids\":[1],\"person_ids\":[1]}") > 0 &&
	    http_created(&S, "/funds", "{\"name\":\"Rent fund\","
	    "\"currency\":\"USD\"}") > 0 &&
	    http_created(&S, "/funds/1/transactions", "{\"direction\":\"in\","
	    "\"amount\":\"20\",\"purpose\":\"donation\"}") > 0,
	    "a grievance, a campaign, a fund and its first money");
	db_write(&S, "INSERT INTO sms_message (direction, phone, body, "
	    "status, created_at) VALUES ('in', '+15550100', 'food please', "
	    "'received', '2026-01-05T10:00:00Z'), ('out', '+15550100', "
	    "'on its way', 'queued', '2026-01-05T10:01:00Z')");
}

/* Whether the entry (a statement, then its plan lines) is a known one. */
static const struct known *
known_entry(const char *entry)
{
	const char *nl = strchr(entry, '\n');
	size_t i;

	for (i = 0; known[i].sql != NULL; i++)
		if (nl != NULL && strstr(entry, known[i].sql) != NULL &&
		    strstr(entry, known[i].sql) < nl &&
		    (known[i].line == NULL || strncmp(nl + 1, known[i].line,
			strlen(known[i].line)) == 0))
			return &known[i];
	return NULL;
}

/*
 * The file's entries that are not known exceptions, printed; and each
 * known exception must still be there, or it has no place in the list.
 */
static void
check_plans(void)
{
	char *text = testdb_slurp(plans, NULL), *entry, *end, *line, *next;
	int unknown = 0, stale = 0;
	size_t i, nknown = 0;
	int seen[sizeof(known) / sizeof(known[0])] = { 0 };
	const struct known *k;

	for (entry = text; entry != NULL && *entry != '\0'; entry = end) {
		end = strstr(entry, "\n\n");
		if (end == NULL)
			end = entry + strlen(entry);
		else {
			end[1] = '\0';
			end += 2;
		}
		k = known_entry(entry);
		if (k != NULL) {
			seen[k - known] = 1;
			continue;
		}
		for (line = entry; *line != '\0'; line = next) {
			next = line + strcspn(line, "\n");
			next += *next == '\n';
			printf("# %.*s", (int)(next - line), line);
		}
		printf("#\n");
		unknown++;
	}
	for (i = 0; known[i].sql != NULL; i++, nknown++)
		if (!seen[i]) {
			printf("# no longer in the file (%s): %s\n",
			    known[i].why, known[i].sql);
			stale++;
		}
	is_int(unknown, 0, "no list reads a whole growing table or sorts it "
	    "(each offending statement printed above with its plan)");
	is_int(stale, 0, "each of the %zu known exceptions still occurs",
	    nknown);
	free(text);
}

int
main(void)
{
	size_t i, asked = 0;
	int bad = 0;

	start();
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		bad += ask_both(&lists[i], &asked);
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		struct list one = { http_at(records[i][0],
		    db_scalar(&S, records[i][1])), { NULL }, 1 };

		bad += ask_both(&one, &asked);
	}
	is_int(bad, 0, "every list page answers 200 to each of %zu "
	    "combinations of its filters (%s)", asked, testdb_backend());
	if (!server_is_pg(&S))
		check_plans();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
