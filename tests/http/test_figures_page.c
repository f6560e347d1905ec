/*
 * The network's figures (GET /figures), over a real socket, on both
 * backends: the numbers on a history written here and worked out by
 * hand, the page's SVG charts parsed by a real XML parser (libxml2), a
 * table under each (the chart module's drawings written by a template),
 * the links to the people behind them, bad windows,
 * and the roles.
 *
 * The window is January to March 2025. Who did what, and when:
 *
 *   Ana  asked 10 Jan; offered 5 Feb                 both from Feb
 *   Ben  asked 15 Jan (Gil delivered it)             received only
 *   Cruz guest at S1 3 Feb; helper at S2 3 Mar       both from Mar
 *   Dee  offered 20 Mar                              gave only
 *   Eli  asked 1 Dec 2024; a shift at S2 3 Mar       both from Mar
 *   Fay  offered 10 Feb; asked 2 Apr (after)         not both by Mar
 *   Gil  asked 5 Jan; delivered Ben's 20 Jan         both from Jan
 *        (and a delivery nobody was home for, which gives nothing)
 *   someone forgotten came to S1 as a guest          not counted
 *
 *   Jan: Ana Ben Gil = 3, both: Gil = 1 (33%)
 *   Feb: Ana Cruz Fay = 3, both: Ana = 1 (33%)
 *   Mar: Cruz Dee Eli = 3, both: Cruz Eli = 2 (67%)
 *   the window: Ana Ben Cruz Dee Eli Fay Gil = 7 people active, both by
 *   its end: Ana Cruz Eli Gil = 4 (57%)
 *   /people?gave_and_received=1 (any time): Ana Cruz Eli Fay Gil = 5
 *
 * Grievances: G1 5 Jan in C1 (won); G2 1 Feb in C2 (organizing, an
 * outcome won); G5 15 Feb in C3 (organizing, an outcome lost); G3 1 Mar
 * in none; G4 1 May in C1, after the window: 4 grievances, 3 taken up,
 * 2 won.
 *
 * Follow-ups: done 12 Jan, 20 Jan, 2 Mar, 1 Apr (after); skipped 25 Jan;
 * one still open: Jan 2 done 1 skipped, Feb none, Mar 1 done.
 *
 * The ladder, each person's stage history (a first stage is no move,
 * nor a stage set by hand lower or the same):
 *
 *   Ana  contact 10 Jan; helper 5 Feb                 Feb contact→helper
 *   Ben  contact 20 Dec 2024; participant 15 Jan;     Jan contact→part.,
 *        helper 25 Jan                                    part.→helper
 *   Cruz participant 3 Feb; organizer by hand 3 Mar; Mar part.→organizer,
 *        contact by hand 10 Mar (down); helper 20 Mar     contact→helper
 *   Dee  leader 20 Mar (her first)                    none
 *   Eli  contact 1 Dec 2024; helper 1 Apr (after)     none
 *   Fay  participant 5 Jan; participant by hand 10 Feb none
 *   Gil  contact 5 Jan; helper 20 Jan                 Jan contact→helper
 *
 *   Jan: up Ben Gil = 2; contact→participant 1, contact→helper 1,
 *        participant→helper 1 (from contact 2, from participant 1)
 *   Feb: up Ana = 1; contact→helper 1
 *   Mar: up Cruz = 1; contact→helper 1, participant→organizer 1
 *   the window: up Ana Ben Cruz Gil = 4; contact→participant 1,
 *   contact→helper 3, participant→helper 1, participant→organizer 1
 *
 * Political education: a talk 20 Jan (Ana, Ben, someone forgotten), a
 * film 28 Jan 18:30 (Ana again, Gil), a class 10 Feb (Ana), a class 1
 * Apr (Dee, after); S2 carried education (Cruz helped), S1 did not
 * (Cruz's visit as a guest is no education): Jan Ana Ben Gil = 3, Feb
 * Ana = 1, Mar Cruz = 1, the window Ana Ben Cruz Gil = 4.
 *
 * Membership: Ana invited 2 Jan, joined 12 Jan; Ben joined 1 Feb,
 * lapsed 20 Feb, joined again 5 Mar; Cruz invited 1 Feb, declined 2 Feb;
 * Gil joined 15 Dec 2024 (before); Dee joined 2 Apr (after): Jan Ana = 1,
 * Feb Ben = 1, Mar Ben = 1, the window Ana Ben = 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tap.h"
#include "client.h"
#include "render/chart.h"

static struct server S;
static char organizer[160], volunteer[160];

static const char *const history[] = {
	"INSERT INTO zone (id, name, created_at) VALUES "
	"(101, 'Figures Zone', '2024-01-01T00:00:00Z')",
	"INSERT INTO person (id, name, name_fold, zone_id, created_at, "
	"updated_at) VALUES "
	"(101, 'Ana', 'ana', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(102, 'Ben', 'ben', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(103, 'Cruz', 'cruz', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(104, 'Dee', 'dee', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(105, 'Eli', 'eli', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(106, 'Fay', 'fay', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), "
	"(107, 'Gil', 'gil', 101, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
	"INSERT INTO need (id, person_id, category, details, urgency, zone_id, "
	"status, created_at, updated_at) VALUES "
	"(101, 101, 'groceries', 'x', 2, 101, 'open', "
	"'2025-01-10T10:00:00Z', '2025-01-10T10:00:00Z'), "
	"(102, 102, 'groceries', 'x', 2, 101, 'fulfilled', "
	"'2025-01-15T10:00:00Z', '2025-01-20T10:00:00Z'), "
	"(105, 105, 'groceries', 'x', 2, 101, 'open', "
	"'2024-12-01T10:00:00Z', '2024-12-01T10:00:00Z'), "
	"(106, 106, 'groceries', 'x', 2, 101, 'open', "
	"'2025-04-02T10:00:00Z', '2025-04-02T10:00:00Z'), "
	"(107, 107, 'groceries', 'x', 2, 101, 'open', "
	"'2025-01-05T10:00:00Z', '2025-01-05T10:00:00Z')",
	"INSERT INTO offer (person_id, category, details, zone_id, created_at, "
	"updated_at) VALUES "
	"(101, 'groceries', 'x', 101, '2025-02-05T10:00:00Z', "
	"'2025-02-05T10:00:00Z'), "
	"(104, 'groceries', 'x', 101, '2025-03-20T10:00:00Z', "
	"'2025-03-20T10:00:00Z'), "
	"(106, 'groceries', 'x', 101, '2025-02-10T10:00:00Z', "
	"'2025-02-10T10:00:00Z')",
	"INSERT INTO app_user (id, person_id, login, password_hash, role, "
	"created_at) VALUES (101, 107, 'gil', 'x', 'volunteer', "
	"'2024-01-01T00:00:00Z')",
	"INSERT INTO claim (id, need_id, user_id, claimed_at, released_at) "
	"VALUES (101, 102, 101, '2025-01-19T10:00:00Z', "
	"'2025-01-20T10:00:00Z'), (102, 101, 101, '2025-02-19T10:00:00Z', "
	"'2025-02-20T10:00:00Z')",
	"INSERT INTO delivery (claim_id, need_id, user_id, outcome, at) VALUES "
	"(101, 102, 101, 'delivered', '2025-01-20T10:00:00Z'), "
	"(102, 101, 101, 'not_home', '2025-02-20T10:00:00Z')",
	"INSERT INTO program (id, name, kind, created_at, updated_at) VALUES "
	"(101, 'Store', 'free_store', '2024-01-01T00:00:00Z', "
	"'2024-01-01T00:00:00Z')",
	"INSERT INTO program_session (id, program_id, day, start_time, "
	"end_time, starts_at, status, created_at, updated_at) VALUES "
	"(101, 101, '2025-02-03', '10:00', '12:00', '2025-02-03T10:00:00Z', "
	"'held', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), "
	"(102, 101, '2025-03-03', '10:00', '12:00', '2025-03-03T10:00:00Z', "
	"'held', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
	"INSERT INTO attendance (session_id, person_id, role, created_at) "
	"VALUES (101, 103, 'guest', '2025-02-03T10:00:00Z'), "
	"(101, NULL, 'guest', '2025-02-03T10:00:00Z'), "
	"(102, 103, 'helper', '2025-03-03T10:00:00Z')",
	"INSERT INTO shift (id, session_id, name, needed, taken, created_at) "
	"VALUES (101, 102, 'cook', 2, 1, '2025-01-01T00:00:00Z')",
	"INSERT INTO shift_signup (shift_id, person_id, created_at) VALUES "
	"(101, 105, '2025-02-20T10:00:00Z')",
	"INSERT INTO grievance (id, title, created_at, updated_at) VALUES "
	"(101, 'G1', '2025-01-05T10:00:00Z', '2025-01-05T10:00:00Z'), "
	"(102, 'G2', '2025-02-01T10:00:00Z', '2025-02-01T10:00:00Z'), "
	"(103, 'G3', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z'), "
	"(104, 'G4', '2025-05-01T10:00:00Z', '2025-05-01T10:00:00Z'), "
	"(105, 'G5', '2025-02-15T10:00:00Z', '2025-02-15T10:00:00Z')",
	"INSERT INTO campaign (id, demand, status, created_at, updated_at) "
	"VALUES (101, 'C1', 'won', '2025-01-06T10:00:00Z', "
	"'2025-01-06T10:00:00Z'), (102, 'C2', 'organizing', "
	"'2025-02-06T10:00:00Z', '2025-02-06T10:00:00Z'), (103, 'C3', "
	"'organizing', '2025-02-16T10:00:00Z', '2025-02-16T10:00:00Z')",
	"INSERT INTO campaign_grievance (campaign_id, grievance_id) VALUES "
	"(101, 101), (102, 102), (103, 105), (101, 104)",
	"INSERT INTO campaign_outcome (campaign_id, result, what, at, "
	"created_at) VALUES (102, 'won', 'repairs', '2025-03-01', "
	"'2025-03-01T10:00:00Z'), (103, 'lost', 'rent', '2025-03-01', "
	"'2025-03-01T10:00:00Z')",
	"INSERT INTO task (why, due_at, status, created_at, closed_at) VALUES "
	"('claim_expired', '2025-01-10T00:00:00Z', 'done', "
	"'2025-01-01T00:00:00Z', '2025-01-12T10:00:00Z'), "
	"('claim_expired', '2025-01-10T00:00:00Z', 'done', "
	"'2025-01-01T00:00:00Z', '2025-01-20T10:00:00Z'), "
	"('claim_expired', '2025-01-10T00:00:00Z', 'skipped', "
	"'2025-01-01T00:00:00Z', '2025-01-25T10:00:00Z'), "
	"('claim_expired', '2025-01-10T00:00:00Z', 'done', "
	"'2025-01-01T00:00:00Z', '2025-03-02T10:00:00Z'), "
	"('claim_expired', '2025-01-10T00:00:00Z', 'done', "
	"'2025-01-01T00:00:00Z', '2025-04-01T10:00:00Z'), "
	"('claim_expired', '2025-01-10T00:00:00Z', 'open', "
	"'2025-01-01T00:00:00Z', NULL)",
	"INSERT INTO person_stage (id, person_id, stage, why, at) VALUES "
	"(101, 101, 'contact', 'asked', '2025-01-10T10:00:00Z'), "
	"(102, 101, 'helper', 'helped', '2025-02-05T10:00:00Z'), "
	"(103, 102, 'contact', 'asked', '2024-12-20T10:00:00Z'), "
	"(104, 102, 'participant', 'attended', '2025-01-15T10:00:00Z'), "
	"(105, 102, 'helper', 'helped', '2025-01-25T10:00:00Z'), "
	"(106, 103, 'participant', 'attended', '2025-02-03T10:00:00Z'), "
	"(107, 103, 'organizer', 'override', '2025-03-03T10:00:00Z'), "
	"(108, 103, 'contact', 'override', '2025-03-10T10:00:00Z'), "
	"(109, 103, 'helper', 'helped', '2025-03-20T10:00:00Z'), "
	"(110, 104, 'leader', 'leads', '2025-03-20T10:00:00Z'), "
	"(111, 105, 'contact', 'asked', '2024-12-01T10:00:00Z'), "
	"(112, 105, 'helper', 'helped', '2025-04-01T10:00:00Z'), "
	"(113, 106, 'participant', 'attended', '2025-01-05T10:00:00Z'), "
	"(114, 106, 'participant', 'override', '2025-02-10T10:00:00Z'), "
	"(115, 107, 'contact', 'asked', '2025-01-05T10:00:00Z'), "
	"(116, 107, 'helper', 'helped', '2025-01-20T10:00:00Z')",
	"INSERT INTO event (id, name, kind, starts, created_at) VALUES "
	"(101, 'Talk', 'talk', '2025-01-20', '2025-01-01T00:00:00Z'), "
	"(102, 'Film', 'film', '2025-01-28T18:30', '2025-01-01T00:00:00Z'), "
	"(103, 'Class', 'class', '2025-02-10', '2025-01-01T00:00:00Z'), "
	"(104, 'Class', 'class', '2025-04-01', '2025-01-01T00:00:00Z')",
	"INSERT INTO event_attendance (event_id, person_id, created_at) VALUES "
	"(101, 101, '2025-01-20T10:00:00Z'), (101, 102, '2025-01-20T10:00:00Z'), "
	"(101, NULL, '2025-01-20T10:00:00Z'), "
	"(102, 101, '2025-01-28T18:30:00Z'), (102, 107, '2025-01-28T18:30:00Z'), "
	"(103, 101, '2025-02-10T10:00:00Z'), (104, 104, '2025-04-01T10:00:00Z')",
	"UPDATE program_session SET education = 'A reading' WHERE id = 102",
	"INSERT INTO person_membership (person_id, status, at) VALUES "
	"(101, 'invited', '2025-01-02T10:00:00Z'), "
	"(101, 'joined', '2025-01-12T10:00:00Z'), "
	"(102, 'joined', '2025-02-01T10:00:00Z'), "
	"(102, 'lapsed', '2025-02-20T10:00:00Z'), "
	"(102, 'joined', '2025-03-05T10:00:00Z'), "
	"(103, 'invited', '2025-02-01T10:00:00Z'), "
	"(103, 'declined', '2025-02-02T10:00:00Z'), "
	"(107, 'joined', '2024-12-15T10:00:00Z'), "
	"(104, 'joined', '2025-04-02T10:00:00Z')",
	NULL,
};

/* The integer at the path a.b of o (b may be NULL). */
static long
num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	if (b != NULL)
		v = json_object_get(v, b);
	return (long)json_integer_value(v);
}

/* Month i of gave_and_received or follow_ups in the figures f. */
static json_t *
month(json_t *f, const char *figure, size_t i)
{
	return json_array_get(
	    json_object_get(json_object_get(f, figure), "months"), i);
}

static void
test_numbers(void)
{
	struct reply r;
	json_t *f;

	http_auth = organizer;
	http_json(&S, "GET", "/figures?from=2025-01&to=2025-03", NULL, &r);
	is_int(r.status, 200, "an organizer reads the figures");
	f = r.json;
	is_int(json_array_size(json_object_get(f, "months")), 3,
	    "three months in the window");
	is_str(json_string_value(json_object_get(f, "from")), "2025-01",
	    "from is said back");
	is_int(num(f, "gave_and_received", "people"), 7, "7 people active");
	is_int(num(f, "gave_and_received", "both"), 4,
	    "4 of them gave and received by the window's end");
	is_int(num(f, "gave_and_received", "percent"), 57, "57%%");
	is_int(num(month(f, "gave_and_received", 0), "people", NULL), 3,
	    "January: 3 active");
	is_int(num(month(f, "gave_and_received", 0), "both", NULL), 1,
	    "January: Gil alone had done both");
	is_int(num(month(f, "gave_and_received", 1), "both", NULL), 1,
	    "February: Ana");
	is_int(num(month(f, "gave_and_received", 1), "people", NULL), 3,
	    "February: 3 active (the forgotten guest is not one)");
	is_int(num(month(f, "gave_and_received", 2), "both", NULL), 2,
	    "March: Cruz and Eli (whose ask came before the window)");
	is_int(num(month(f, "gave_and_received", 2), "percent", NULL), 67,
	    "March: 67%%");
	is_int(num(f, "campaigns", "grievances"), 4, "4 grievances raised");
	is_int(num(f, "campaigns", "campaigned"), 3, "3 taken up");
	is_int(num(f, "campaigns", "won"), 2, "2 won (a status, an outcome)");
	is_int(num(f, "follow_ups", "done"), 3, "3 follow-ups done");
	is_int(num(f, "follow_ups", "skipped"), 1, "1 skipped");
	is_int(num(month(f, "follow_ups", 0), "done", NULL), 2,
	    "January: 2 done");
	is_int(num(month(f, "follow_ups", 1), "done", NULL), 0,
	    "February: none, a month all the same");
	ok(json_object_get(f, "charts") == NULL,
	    "JSON carries the numbers, not the drawings");
	reply_free(&r);

	http_json(&S, "GET", "/figures", NULL, &r);
	is_int(json_array_size(json_object_get(r.json, "months")), 12,
	    "no window: the last twelve months");
	reply_free(&r);
	http_auth = NULL;
}

/* The people of move i of the list moves, as "from>to=people". */
static void
move_text(json_t *moves, size_t i, char *out, size_t len)
{
	json_t *mv = json_array_get(moves, i);

	snprintf(out, len, "%s>%s=%ld",
	    json_string_value(json_object_get(mv, "from")),
	    json_string_value(json_object_get(mv, "to")),
	    (long)json_integer_value(json_object_get(mv, "people")));
}

/* Every move of moves, as move_text, joined by spaces. */
static void
moves_text(json_t *moves, char *out, size_t len)
{
	char one[64];
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < json_array_size(moves) && used < len; i++) {
		move_text(moves, i, one, sizeof(one));
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    i > 0 ? " " : "", one);
	}
}

/* The ladder, political education and membership, on the history. */
static void
test_ladder_numbers(void)
{
	char text[256];
	struct reply r;
	json_t *f, *l;

	http_auth = organizer;
	http_json(&S, "GET", "/figures?from=2025-01&to=2025-03", NULL, &r);
	f = r.json;
	l = json_object_get(f, "ladder");
	is_int(num(f, "ladder", "people"), 4, "4 people moved up in the window");
	moves_text(json_object_get(l, "moves"), text, sizeof(text));
	is_str(text,
	    "contact>participant=1 contact>helper=3 participant>helper=1 "
	    "participant>organizer=1",
	    "the window's moves, lowest first");
	is_int(num(month(f, "ladder", 0), "people", NULL), 2,
	    "January: Ben (twice) and Gil, 2 people");
	moves_text(json_object_get(month(f, "ladder", 0), "moves"), text,
	    sizeof(text));
	is_str(text, "contact>participant=1 contact>helper=1 "
		     "participant>helper=1",
	    "January's moves");
	is_int(num(month(f, "ladder", 1), "people", NULL), 1,
	    "February: Ana (Fay set to the same stage is no move)");
	moves_text(json_object_get(month(f, "ladder", 2), "moves"), text,
	    sizeof(text));
	is_str(text, "contact>helper=1 participant>organizer=1",
	    "March: Cruz up by hand, down by hand (none), up again");
	is_int(num(month(f, "ladder", 2), "people", NULL), 1,
	    "March: Cruz once; Dee's first stage is no move");
	is_str(json_string_value(json_object_get(month(f, "ladder", 2),
		   "month")),
	    "2025-03", "a month says which");

	is_int(num(f, "education", "people"), 4,
	    "4 people reached by political education in the window");
	is_int(num(month(f, "education", 0), "people", NULL), 3,
	    "January: Ana once (two events), Ben, Gil; the forgotten none");
	is_int(num(month(f, "education", 1), "people", NULL), 1,
	    "February: Ana (a guest at a session without education is none)");
	is_int(num(month(f, "education", 2), "people", NULL), 1,
	    "March: Cruz, at a session that carried education");

	is_int(num(f, "members", "people"), 2, "2 people joined in the window");
	is_int(num(month(f, "members", 0), "people", NULL), 1, "January: Ana");
	is_int(num(month(f, "members", 1), "people", NULL), 1, "February: Ben");
	is_int(num(month(f, "members", 2), "people", NULL), 1,
	    "March: Ben again, after a lapse");
	reply_free(&r);

	http_json(&S, "GET", "/figures?from=2025-04&to=2025-04", NULL, &r);
	is_int(num(r.json, "ladder", "people"), 1, "April: Eli moved up");
	is_int(num(r.json, "members", "people"), 1, "April: Dee joined");
	is_int(num(r.json, "education", "people"), 1, "April: Dee came");
	reply_free(&r);
	http_json(&S, "GET", "/figures?from=2024-10&to=2024-11", NULL, &r);
	is_int(num(r.json, "ladder", "people"), 0, "no history: nobody moved");
	is_int(json_array_size(json_object_get(
		   month(r.json, "ladder", 0), "moves")),
	    0, "a month without moves has an empty list");
	is_int(num(month(r.json, "members", 1), "people", NULL), 0,
	    "a month without members is there, at 0");
	reply_free(&r);
	http_auth = NULL;
}

/* The people behind the ladder, education and membership figures. */
static void
test_month_people(void)
{
	static const struct {
		const char *query;
		long total;
		const char *what;
	} want[] = {
		{ "stage_moved=2025-01", 2, "moved up in January: Ben, Gil" },
		{ "stage_moved=2025-03", 1, "in March: Cruz" },
		{ "stage_moved=2025-04", 1, "in April: Eli" },
		{ "stage_moved=2024-12", 0, "first stages are no moves" },
		{ "stage_moved=2025-01&q=gil", 1, "with a search" },
		{ "educated=2025-01", 3, "reached in January" },
		{ "educated=2025-03", 1, "in March, at a session" },
		{ "educated=2025-02&stage_moved=2025-02", 1, "Ana, both" },
		{ "joined=2025-03", 1, "joined in March: Ben" },
		{ "joined=2025-02&educated=2025-02", 0, "Ben was not at class" },
	};
	static const struct {
		const char *query, *field;
	} bad[] = {
		{ "stage_moved=2025-13", "stage_moved" },
		{ "educated=march", "educated" },
		{ "joined=2025-1", "joined" },
		{ "joined=2025-011", "joined" },
		{ "stage_moved=0000-01", "stage_moved" },
	};
	char path[96], *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	http_auth = organizer;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(path, sizeof(path), "/people?%s", want[i].query);
		is_int(http_total(&S, path), want[i].total, "%s", want[i].what);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/people?%s", bad[i].query);
		http_json(&S, "GET", path, NULL, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
			0,
		    "%s: 422 naming %s", bad[i].query, bad[i].field);
		reply_free(&r);
	}
	SAME_DB(&S, before, "bad months");
	free(before);
	http(&S, "GET", "/people?stage_moved=2025-01", "text/html", NULL, NULL,
	    0, &r);
	ok(strstr(r.body, "moved up a stage in 2025-01") != NULL &&
		strstr(r.body, "name=\"stage_moved\" value=\"2025-01\"") !=
		    NULL,
	    "the page says which people, and a search keeps the month");
	reply_free(&r);

	http_auth = volunteer;
	is_int(http_status(&S, "GET", "/people?stage_moved=2025-01", NULL), 403,
	    "a volunteer: 403, no one's stage");
	http_auth = NULL;
}

/* The people behind the first figure: those who gave and received. */
static void
test_people(void)
{
	const char *next;
	struct reply r;

	http_auth = organizer;
	is_int(http_total(&S, "/people?gave_and_received=1"), 5,
	    "5 people ever gave and received (Fay too, after the window)");
	is_int(http_total(&S, "/people?gave_and_received=1&q=fay"), 1,
	    "the filter goes with the others");
	ok(http_total(&S, "/people?gave_and_received=0") > 7,
	    "unticked, everyone");
	http_json(&S, "GET", "/people?gave_and_received=1&limit=2", NULL, &r);
	next = json_string_value(
	    json_object_get(json_object_get(r.json, "pager"), "next"));
	ok(next != NULL && strstr(next, "gave_and_received=1") != NULL,
	    "the next page keeps the filter");
	reply_free(&r);
	http_json(&S, "GET", "/people?gave_and_received=maybe", NULL, &r);
	ok(r.status == 422 &&
		strcmp(error_field(&r), "gave_and_received") == 0,
	    "a bad filter: 422 naming it");
	reply_free(&r);
	http_auth = NULL;
}

/* Every <svg>…</svg> of html, each parsed alone as XML. */
static int
svgs_parse(const char *html, int *imgs, int *titled)
{
	const char *p = html, *end;
	xmlDocPtr doc;
	xmlNodePtr root, c;
	xmlChar *role;
	int n = 0;

	*imgs = *titled = 0;
	while ((p = strstr(p, "<svg")) != NULL) {
		end = strstr(p, "</svg>");
		if (end == NULL)
			return -1;
		end += strlen("</svg>");
		doc = xmlReadMemory(p, (int)(end - p), "chart.svg", NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (doc == NULL)
			return -1;
		root = xmlDocGetRootElement(doc);
		role = xmlGetProp(root, (const xmlChar *)"role");
		*imgs += role != NULL && strcmp((char *)role, "img") == 0;
		xmlFree(role);
		for (c = root->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)c->name, "title") == 0 &&
			    c->children != NULL) {
				(*titled)++;
				break;
			}
		xmlFreeDoc(doc);
		n++;
		p = end;
	}
	return n;
}

/* How many times needle is in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_page(void)
{
	struct reply r;
	int n, imgs, titled;

	http_auth = organizer;
	http(&S, "GET", "/figures?from=2025-01&to=2025-03", "text/html", NULL,
	    NULL, 0, &r);
	is_int(r.status, 200, "the page");
	n = svgs_parse(r.body, &imgs, &titled);
	is_int(n, 7, "seven charts, each well-formed XML");
	is_int(imgs, 7, "each an image to assistive technology");
	is_int(titled, 7, "each with its title");
	is_int(count(r.body, "<table"), 6, "a table under each figure");
	ok(strstr(r.body, "href=\"/people?stage_moved=2025-01\">Jan 2025<") !=
		    NULL &&
		strstr(r.body, "href=\"/people?educated=2025-03\"") != NULL &&
		strstr(r.body, "href=\"/people?joined=2025-02\"") != NULL,
	    "each month leads to its people");
	ok(strstr(r.body, "<td role=\"cell\" data-label=\"From contact\">2<") !=
		NULL,
	    "the ladder's table: 2 moves from contact in January");
	ok(strstr(r.body, "fig-ladder-p3") != NULL,
	    "the ladder's four series, each its pattern");
	ok(strstr(r.body, "<td role=\"cell\" data-label=\"Share\">57%</td>") !=
		NULL,
	    "the table says the share of the window");
	ok(strstr(r.body, "href=\"/people?gave_and_received=1\"") != NULL,
	    "the people behind the first figure");
	ok(strstr(r.body, "href=\"/campaigns?status=won\"") != NULL,
	    "the campaigns won");
	ok(strstr(r.body, "/tasks?status=done") == NULL,
	    "no link to the follow-ups for an organizer, who may not list them");
	reply_free(&r);

	http_auth = NULL;
	http(&S, "GET", "/figures?from=2025-01&to=2025-03&lang=es",
	    "text/html", NULL, NULL, 0, &r);
	ok(strstr(r.body, "Subiendo la escalera") != NULL &&
		strstr(r.body, "Miembros nuevos") != NULL,
	    "the new figures in Spanish");
	ok(strstr(r.body, "Solidaridad, no caridad") != NULL &&
		strstr(r.body, ">ene<") != NULL,
	    "in Spanish, the months too");
	ok(strstr(r.body, "/tasks?status=done") != NULL,
	    "an admin is led to the follow-ups");
	reply_free(&r);
}

/*
 * The chart module alone: a drawing is data, its words as given (the
 * page's template escapes them, as every {{x}}), its marks inside it.
 */
static void
test_chart_marks(void)
{
	static const char *const labels[2] = { "<b>&", "\"x'" };
	int64_t a[2] = { 3, 0 }, b[2] = { 1, 2 };
	struct chart c = { .id = "t", .title = "a <script>", .desc = "&amp",
		.nbars = 2, .labels = labels, .nseries = 2 };
	json_t *d[3];
	char *text;
	size_t i;

	c.series[0] = (struct chart_series){ "<i>", a };
	c.series[1] = (struct chart_series){ "&", b };
	d[0] = chart_bars(&c);
	d[1] = chart_funnel(&c);
	d[2] = chart_share(&c);
	for (i = 0; i < 3; i++) {
		ok(json_array_size(json_object_get(d[i], "marks")) > 2 &&
			json_integer_value(json_object_get(d[i], "w")) == 360,
		    "drawing %zu: marks in a picture 360 units wide", i);
		json_decref(d[i]);
	}
	d[0] = chart_bars(&c);
	text = json_dumps(d[0], 0);
	ok(strstr(text, "\"s\": \"<b>&\"") != NULL ||
		strstr(text, "\"s\":\"<b>&\"") != NULL,
	    "a label is carried as given, for the template to escape");
	free(text);
	json_decref(d[0]);
	is_int(chart_percent(2, 3), 67, "2 of 3 is 67%%");
	is_int(chart_percent(1, 0), 0, "of nobody, 0%%");
}

static void
test_bad(void)
{
	static const struct {
		const char *query, *field, *what;
	} bad[] = {
		{ "from=2025-13", "from", "month 13" },
		{ "from=2025-1", "from", "one digit" },
		{ "to=march", "to", "a word" },
		{ "from=2025-04&to=2025-03", "from", "from after to" },
		{ "from=2023-01&to=2025-01", "from", "25 months" },
		{ "from=0000-01", "from", "year 0" },
	};
	char path[96], *before = db_snapshot(&S);
	struct reply r;
	size_t i;

	http_auth = organizer;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/figures?%s", bad[i].query);
		http_json(&S, "GET", path, NULL, &r);
		ok(r.status == 422 && strcmp(error_field(&r), bad[i].field) ==
			0,
		    "%s: 422 naming %s", bad[i].what, bad[i].field);
		reply_free(&r);
	}
	http_json(&S, "GET", "/figures?from=2024-02&to=2026-01", NULL, &r);
	is_int(r.status, 200, "24 months: the most, and allowed");
	reply_free(&r);
	http(&S, "GET", "/figures?from=2026-12&to=2026-01", "text/html", NULL,
	    NULL, 0, &r);
	ok(r.status == 422 && strstr(r.body, "action=\"/figures\"") &&
	    strstr(r.body, "value=\"2026-12\" aria-invalid=\"true\"") &&
	    strstr(r.body, "value=\"2026-01\"") &&
	    strstr(r.body, "id=\"from-error\"") &&
	    strstr(r.body, "<li><a href=\"#from\">"),
	    "a page: From after To comes back as the page, its filter as "
	    "typed, the message by From");
	reply_free(&r);
	http(&S, "GET", "/figures?from=2020-01&to=2026-12", "text/html", NULL,
	    NULL, 0, &r);
	ok(r.status == 422 && strstr(r.body, "value=\"2020-01\"") &&
	    strstr(r.body, "id=\"from-error\""),
	    "and so does a window over 24 months");
	reply_free(&r);
	SAME_DB(&S, before, "bad windows");
	free(before);

	http_auth = volunteer;
	is_int(http_status(&S, "GET", "/figures", NULL), 403,
	    "a volunteer: 403");
	http_auth = NULL;
}

int
main(void)
{
	size_t i;

	server_start(&S);
	for (i = 0; history[i] != NULL; i++)
		db_write(&S, history[i]);
	ok(server_login(&S, "org", "organizer", NULL, organizer,
	       sizeof(organizer)) > 0 &&
		server_login(&S, "vol", "volunteer", "101", volunteer,
		    sizeof(volunteer)) > 0,
	    "an organizer and a volunteer");
	test_numbers();
	test_ladder_numbers();
	test_people();
	test_month_people();
	test_page();
	test_chart_marks();
	test_bad();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
