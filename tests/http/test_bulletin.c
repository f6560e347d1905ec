/*
 * The bulletin over a real socket, on both backends: an issue composed
 * from a known data set (a campaign win, an action, a program's session
 * in the next 14 days, a fund's money in and out, two who joined) shows
 * each with its numbers, and the name of the person planted in those
 * records nowhere; the next issue's period starts where the last
 * published one ended; a published issue is frozen; every bad input
 * refused with nothing written; who reads what, for every role; the
 * digest by text, once, in each reader's language, to those who asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char coord[200], org[200], vol[200];
static long PERSON, FIRST, SECOND;
static char soon[16], later[16];

#define NAME "Rosa Luxemburg"

/* The local date days from today, as the server counts sessions. */
static void
day_from_now(int days, char out[16])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* The text of section key of an issue's JSON, or "". */
static const char *
section(json_t *issue, const char *key)
{
	json_t *row;
	size_t i;

	json_array_foreach (json_object_get(issue, "sections"), i, row)
		if (strcmp(json_string_value(json_object_get(row, "key")),
		    key) == 0)
			return json_string_value(json_object_get(row, "text"));
	return "";
}

/* The count key of an issue's JSON. */
static long
count(json_t *issue, const char *key)
{
	return (long)json_integer_value(json_object_get(json_object_get(issue,
	    "counts"), key));
}

/* What the bulletin's table and the audit hold: equal, nothing written. */
static char *
bulletin_state(void)
{
	char *out = db_text(&S, "SELECT count(*) || ' ' || coalesce(sum("
	    "length(title) + length(wins) + length(actions) + "
	    "length(sessions) + length(funds) + length(members) + public), 0) "
	    "|| ' ' || coalesce(sum(CASE WHEN status = 'published' THEN 1 "
	    "ELSE 0 END), 0) || ' ' || coalesce(sum(coalesce(sms_queued, -1)), "
	    "0) || ' ' || (SELECT count(*) FROM audit) || ' ' || (SELECT "
	    "count(*) FROM sms_message) FROM bulletin");

	return out;
}

#define SAME_BULLETIN(before, what) do {				\
	char *after_ = bulletin_state();				\
	ok(strcmp(after_, before) == 0, "%s writes nothing", what);	\
	free(after_);							\
} while (0)

static void
setup(void)
{
	server_login(&S, "coord", "coordinator", NULL, coord, sizeof(coord));
	server_login(&S, "org", "organizer", NULL, org, sizeof(org));
	server_login(&S, "vol", "volunteer", NULL, vol, sizeof(vol));
	http_created(&S, "/zones", "{\"name\":\"Centro\"}");
	PERSON = http_created(&S, "/people", "{\"name\":\"" NAME "\","
	    "\"phone\":\"+15550100001\",\"zone_id\":1}");
	ok(PERSON > 0, "a person to plant");
	day_from_now(3, soon);
	day_from_now(20, later);
}

/*
 * The known data set, each record carrying the person's name where it
 * may: the bulletin must show the records and never the name.
 */
static void
plant(void)
{
	long campaign, action, program, fund, a, b;
	char body[400];

	campaign = http_created(&S, "/campaigns", "{\"demand\":"
	    "\"Heat in every flat of Elm Court\"}");
	snprintf(body, sizeof(body), "{\"result\":\"won\",\"what\":\"" NAME
	    " got her boiler back\",\"date\":\"2026-12-01\",\"amount\":1250}");
	ok(http_created(&S, http_at("/campaigns/%ld/outcomes", campaign),
	    body) > 0, "a win, with the name in what it says");
	ok(http_created(&S, http_at("/campaigns/%ld/outcomes", campaign),
	    "{\"result\":\"lost\",\"what\":\"No rent freeze\","
	    "\"date\":\"2026-12-02\"}") > 0, "and a loss, which is no win");
	action = http_created(&S, http_at("/campaigns/%ld/actions", campaign),
	    "{\"kind\":\"protest\",\"date\":\"2026-12-03\",\"place\":"
	    "\"City Hall steps\",\"notes\":\"" NAME " spoke\"}");
	snprintf(body, sizeof(body), "{\"person_ids\":[%ld],\"attended\":1}",
	    PERSON);
	is_int(http_status(&S, "POST", http_at("/actions/%ld/people", action),
	    body), 200, "an action, the person came");
	snprintf(body, sizeof(body), "{\"name\":\"Breakfast club\",\"kind\":"
	    "\"breakfast\",\"zone_id\":1,\"lead_person_id\":%ld}", PERSON);
	program = http_created(&S, "/programs", body);
	snprintf(body, sizeof(body), "{\"date\":\"%s\",\"start\":\"08:00\","
	    "\"end\":\"10:00\",\"notes\":\"" NAME " cooks\"}", soon);
	ok(http_created(&S, http_at("/programs/%ld/sessions", program), body)
	    > 0, "a session in 3 days, led by the person");
	snprintf(body, sizeof(body), "{\"date\":\"%s\",\"start\":\"08:00\","
	    "\"end\":\"10:00\"}", later);
	ok(http_created(&S, http_at("/programs/%ld/sessions", program), body)
	    > 0, "and one in 20 days, too far ahead");
	fund = http_created(&S, "/funds", "{\"name\":\"Rent fund\","
	    "\"currency\":\"EUR\"}");
	snprintf(body, sizeof(body), "{\"direction\":\"in\",\"amount_minor\":"
	    "50000,\"purpose\":\"donation\",\"person_id\":%ld,\"note\":"
	    "\"from " NAME "\"}", PERSON);
	ok(http_created(&S, http_at("/funds/%ld/transactions", fund), body)
	    > 0, "500.00 in, given by the person");
	ok(http_created(&S, http_at("/funds/%ld/transactions", fund),
	    "{\"direction\":\"out\",\"amount_minor\":12000,\"purpose\":"
	    "\"rent\"}") > 0, "120.00 out");
	ok(http_created(&S, "/funds", "{\"name\":\"Quiet fund\","
	    "\"currency\":\"USD\"}") > 0, "a fund that did not move");
	a = http_created(&S, "/people", "{\"name\":\"Member One\"}");
	b = http_created(&S, "/people", "{\"name\":\"Member Two\"}");
	is_int(http_status(&S, "POST", http_at("/people/%ld/membership", a),
	    "{\"status\":\"joined\"}") + http_status(&S, "POST",
	    http_at("/people/%ld/membership", b), "{\"status\":\"joined\"}"),
	    402, "two join");
	is_int(http_status(&S, "POST", http_at("/people/%ld/membership",
	    PERSON), "{\"status\":\"invited\"}"), 201,
	    "one is only invited");
}

static void
test_compose(void)
{
	struct reply r;
	json_t *is;

	plant();
	/* A period ends before the second it is composed in. */
	sleep(1);
	http_auth = coord;
	http_json(&S, "POST", "/bulletin", "{\"title\":\"December news\"}", &r);
	http_auth = NULL;
	is_int(r.status, 201, "POST /bulletin as a coordinator: 201");
	is = r.json;
	FIRST = (long)json_integer_value(json_object_get(is, "id"));
	is_str(json_string_value(json_object_get(is, "status")), "draft",
	    "a draft");
	ok(json_is_null(json_object_get(is, "number")), "not numbered yet");
	is_str(json_string_value(json_object_get(is, "language")), "en",
	    "in the language it was asked in");
	is_int(count(is, "wins"), 1, "one win");
	is_int(count(is, "actions"), 1, "one action");
	is_int(count(is, "sessions"), 1, "one session in the next 14 days");
	is_int(count(is, "members"), 2, "two joined");
	ok(strstr(section(is, "wins"), "Heat in every flat of Elm Court — "
	    "2026-12-01 · 1250.00") != NULL, "the win: demand, date, amount");
	ok(strstr(section(is, "wins"), "No rent freeze") == NULL &&
	    strchr(section(is, "wins"), '\n') == NULL, "and only the win");
	is_str(section(is, "actions"), "Protest: Heat in every flat of Elm "
	    "Court — 2026-12-03, City Hall steps · 1 came",
	    "the action: kind, campaign, date, place, how many came");
	ok(strstr(section(is, "sessions"), "Breakfast club — ") != NULL &&
	    strstr(section(is, "sessions"), soon) != NULL &&
	    strstr(section(is, "sessions"), "08:00, Centro") != NULL,
	    "the session: program, day, time, zone");
	ok(strstr(section(is, "sessions"), later) == NULL,
	    "not the one past 14 days");
	is_str(section(is, "funds"), "Rent fund — In 500.00 EUR · "
	    "Out 120.00 EUR", "the fund's money in and out");
	ok(strstr(section(is, "members"), "2 people joined the network") !=
	    NULL, "how many joined");
	ok(strstr(r.body, "Rosa") == NULL && strstr(r.body, "Luxemburg") ==
	    NULL, "the person's name nowhere in the JSON");
	ok(strstr(r.body, "Member") == NULL, "nor those who joined");
	reply_free(&r);
	http(&S, "GET", http_at("/bulletin/%ld", FIRST), "text/html", NULL,
	    NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Elm Court") != NULL &&
	    strstr(r.body, "Luxemburg") == NULL,
	    "nor in the page, which shows the issue");
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
	    "'bulletin.compose'"), 1, "audited");
}

/* A published issue is frozen; the next period starts at its end. */
static void
test_publish(void)
{
	struct reply r;
	char *from = NULL, *to;
	long c;

	http_auth = coord;
	http_json(&S, "POST", http_at("/bulletin/%ld", FIRST),
	    "{\"title\":\"December news!\",\"members\":\"Welcome to the two "
	    "who joined.\",\"funds\":null}", &r);
	http_auth = NULL;
	is_int(r.status, 200, "a draft edited: 200");
	is_str(section(r.json, "members"), "Welcome to the two who joined.",
	    "a section rewritten");
	is_str(section(r.json, "funds"), "", "a section emptied");
	ok(strstr(section(r.json, "wins"), "Elm Court") != NULL,
	    "the sections left out kept");
	reply_free(&r);
	http_auth = coord;
	http_json(&S, "POST", http_at("/bulletin/%ld/publish", FIRST),
	    "{\"public\":true}", &r);
	http_auth = NULL;
	is_int(r.status, 200, "published: 200");
	is_int(json_integer_value(json_object_get(r.json, "number")), 1,
	    "number 1");
	ok(json_is_true(json_object_get(r.json, "public")), "public");
	is_str(json_string_value(json_object_get(r.json, "published_by")),
	    "coord", "who published it");
	reply_free(&r);
	/* Records change; the published issue does not. */
	db_write(&S, "UPDATE fund SET name = 'Renamed fund'");
	db_write(&S, "UPDATE campaign SET demand = 'Another demand'");
	http_json(&S, "GET", http_at("/bulletin/%ld", FIRST), NULL, &r);
	ok(strstr(section(r.json, "wins"), "Elm Court") != NULL &&
	    strstr(r.body, "Another demand") == NULL,
	    "a published issue keeps its text");
	reply_free(&r);
	/* A second issue: from the first's end, with what came after. */
	c = http_created(&S, "/campaigns", "{\"demand\":\"Fix the lift\"}");
	http_created(&S, http_at("/campaigns/%ld/outcomes", c),
	    "{\"result\":\"won\",\"what\":\"Lift fixed\","
	    "\"date\":\"2026-12-04\"}");
	sleep(1);
	http_auth = coord;
	http_json(&S, "POST", "/bulletin", "{\"title\":\"January\"}", &r);
	http_auth = NULL;
	SECOND = (long)json_integer_value(json_object_get(r.json, "id"));
	to = db_text(&S, http_at("SELECT period_to FROM bulletin WHERE id = "
	    "%ld", FIRST));
	from = db_text(&S, http_at("SELECT period_from FROM bulletin WHERE "
	    "id = %ld", SECOND));
	ok(to != NULL && from != NULL && strcmp(from, to) == 0,
	    "the second period starts where the first ended (%s)",
	    from != NULL ? from : "none");
	is_int(count(r.json, "wins"), 1, "only the win recorded since");
	ok(strstr(section(r.json, "wins"), "Fix the lift") != NULL &&
	    strstr(section(r.json, "wins"), "Another demand") == NULL,
	    "the new one, not the old");
	is_int(count(r.json, "members"), 0, "nobody joined since");
	is_int(count(r.json, "actions"), 0, "no action since");
	reply_free(&r);
	free(from);
	free(to);
}

/* Every bad input: the right status, its field, nothing written. */
static void
test_bad_input(void)
{
	static const struct {
		const char *path, *body, *field;
		long status;
		const char *what;
	} bad[] = {
		{ "/bulletin", "{\"title\":\"\"}", "title", 422,
		    "an empty title" },
		{ "/bulletin", "{}", "title", 422, "no title" },
		{ "/bulletin", "{\"title\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "title", 422,
		    "a title of 121 characters" },
		{ "/bulletin", "{\"title\":7}", "title", 422,
		    "a title that is no text" },
		{ "/bulletin", "{\"title\":\"x\",\"wins\":\"y\"}", "wins", 422,
		    "a field a new issue has not" },
		{ "/bulletin/%ld", "{\"title\":\"\"}", "title", 422,
		    "a draft's title emptied" },
		{ "/bulletin/%ld", "{\"public\":true}", "public", 422,
		    "an edit of a field it has not" },
		{ "/bulletin/%ld/publish", "{\"public\":\"maybe\"}", "public",
		    422, "public that is no yes or no" },
	};
	static const struct {
		const char *path, *body;
		long id;
		long status;
		const char *code, *what;
	} refused[] = {
		{ "/bulletin/%ld", "{\"title\":\"Changed\"}", 1, 409,
		    "err_bulletin_published", "an edit of a published issue" },
		{ "/bulletin/%ld/publish", "{}", 1, 409,
		    "err_bulletin_published", "publishing twice" },
		{ "/bulletin/%ld/delete", "{}", 1, 409,
		    "err_bulletin_published", "deleting a published issue" },
		{ "/bulletin/%ld/sms", "{}", 2, 409, "err_bulletin_draft",
		    "the digest of a draft" },
		{ "/bulletin/%ld/sms", "{}", 1, 409, "err_bulletin_no_gateway",
		    "the digest with no gateway" },
		{ "/bulletin/%ld", "{\"title\":\"Changed\"}", 999, 404,
		    "err_no_bulletin", "an edit of no issue" },
		{ "/bulletin/%ld/publish", "{}", 999, 404, "err_no_bulletin",
		    "publishing no issue" },
		{ "/bulletin/%ld/sms", "{}", 999, 404, "err_no_bulletin",
		    "the digest of no issue" },
		{ "/bulletin/%ld/delete", "{}", 999, 404, "err_no_bulletin",
		    "deleting no issue" },
	};
	/* The message each code says in English. */
	static const struct {
		const char *code, *says;
	} says[] = {
		{ "err_bulletin_published", "it can no longer change" },
		{ "err_bulletin_draft", "publish it first" },
		{ "err_bulletin_no_gateway", "no SMS gateway" },
		{ "err_no_bulletin", "no such issue" },
	};
	char *before = bulletin_state();
	struct reply r;
	size_t i, k;
	long id;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		http_auth = coord;
		http_json(&S, "POST", http_at(bad[i].path, SECOND), bad[i].body,
		    &r);
		http_auth = NULL;
		ok(r.status == bad[i].status &&
		    strcmp(error_field(&r), bad[i].field) == 0,
		    "%s: %ld naming %s", bad[i].what, r.status,
		    error_field(&r));
		reply_free(&r);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		id = refused[i].id == 1 ? FIRST : refused[i].id == 2 ? SECOND
		    : refused[i].id;
		http_auth = coord;
		http_json(&S, "POST", http_at(refused[i].path, id),
		    refused[i].body, &r);
		http_auth = NULL;
		for (k = 0; strcmp(says[k].code, refused[i].code) != 0; k++)
			;
		ok(r.status == refused[i].status && strstr(r.body,
		    says[k].says) != NULL, "%s: %ld, saying why",
		    refused[i].what, r.status);
		reply_free(&r);
	}
	is_int(http_status_as(&S, coord, "GET",
	    "/bulletin/999", NULL), 404, "GET of no issue: 404");
	SAME_BULLETIN(before, "every refused request");
	free(before);
}

/* Who reads what: drafts organizers up, published the network, public all. */
static void
test_roles(void)
{
	struct reply r;
	long private_id;
	const char *auths[4] = { "", vol, org, coord };
	/* FIRST public, SECOND a draft, private_id published not public */
	const long want[4][3] = {
		{ 200, 404, 404 },
		{ 200, 404, 200 },
		{ 200, 200, 200 },
		{ 200, 200, 200 },
	};
	const long lists[4] = { 1, 2, 3, 3 };
	int w;

	http_auth = coord;
	private_id = http_created(&S, "/bulletin", "{\"title\":\"Private\"}");
	http_auth = NULL;
	is_int(http_status_as(&S, coord, "POST",
	    http_at("/bulletin/%ld/publish", private_id),
	    "{}"), 200, "published without public: for the network only");
	for (w = 0; w < 4; w++) {
		is_int(http_status_as(&S, auths[w], "GET",
		    http_at("/bulletin/%ld", FIRST), NULL),
		    want[w][0], "role %d reads the public issue", w);
		is_int(http_status_as(&S, auths[w], "GET",
		    http_at("/bulletin/%ld", SECOND), NULL),
		    want[w][1], "role %d and the draft", w);
		is_int(http_status_as(&S, auths[w], "GET",
		    http_at("/bulletin/%ld", private_id), NULL),
		    want[w][2], "role %d and the network's issue", w);
		http_auth = auths[w];
		is_int(http_total(&S, "/bulletin"), lists[w],
		    "role %d lists %ld", w, lists[w]);
		http_auth = NULL;
	}
	for (w = 0; w < 3; w++) {
		is_int(http_status_as(&S, auths[w], "POST",
		    "/bulletin", "{\"title\":\"No\"}"),
		    w == 0 ? 401 : 403, "role %d may not compose", w);
		is_int(http_status_as(&S, auths[w], "POST",
		    http_at("/bulletin/%ld", SECOND),
		    "{\"title\":\"No\"}"), w == 0 ? 401 : 403,
		    "nor edit");
		is_int(http_status_as(&S, auths[w], "POST",
		    http_at("/bulletin/%ld/publish",
		    SECOND), "{}"), w == 0 ? 401 : 403, "nor publish");
		is_int(http_status_as(&S, auths[w], "POST",
		    http_at("/bulletin/%ld/delete",
		    SECOND), "{}"), w == 0 ? 401 : 403, "nor delete");
		is_int(http_status_as(&S, auths[w], "POST",
		    http_at("/bulletin/%ld/sms", FIRST),
		    "{}"), w == 0 ? 401 : 403, "nor text");
	}
	http_auth = "";
	http(&S, "GET", http_at("/bulletin/%ld", FIRST), "text/html", NULL,
	    NULL, 0, &r);
	http_auth = NULL;
	ok(r.status == 200 && strstr(r.body, "December news!") != NULL &&
	    strstr(r.body, "coord") == NULL && strstr(r.body, "/publish") ==
	    NULL, "without an account: the public issue, no login, no form");
	reply_free(&r);
	http_auth = "";
	http_json(&S, "GET", http_at("/bulletin/%ld", FIRST), NULL, &r);
	http_auth = NULL;
	ok(json_object_get(r.json, "published_by") == NULL,
	    "who published it is for organizers");
	reply_free(&r);
	http_auth = "";
	http(&S, "GET", http_at("/bulletin/%ld", FIRST), "text/html", NULL,
	    NULL, 0, &r);
	reply_free(&r);
	http(&S, "GET", http_at("/bulletin/%ld?lang=es", FIRST), "text/html",
	    NULL, NULL, 0, &r);
	http_auth = NULL;
	ok(r.status == 200 && strstr(r.body, "lang=\"en\"") != NULL &&
	    strstr(r.body, "Victorias") == NULL && strstr(r.body, "Wins") !=
	    NULL && strstr(r.body, "Boletín") != NULL,
	    "in Spanish the page, the issue in its own language");
	reply_free(&r);
}

/* The lines of s. */
static int
lines(const char *s)
{
	int n = *s != '\0';

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/*
 * A draft thrown away; an issue composed in Spanish, its section of 32
 * wins cut at 30 lines and the rest counted.
 */
static void
test_delete(void)
{
	struct reply r;
	long id, c;
	int i;

	http_auth = coord;
	id = http_created(&S, "/bulletin", "{\"title\":\"Scrap\"}");
	is_int(http_status(&S, "POST", http_at("/bulletin/%ld/delete", id),
	    "{}"), 200, "a draft thrown away: 200");
	is_int(http_status(&S, "GET", http_at("/bulletin/%ld", id), NULL),
	    404, "and gone");
	c = http_created(&S, "/campaigns", "{\"demand\":\"Repairs\"}");
	for (i = 0; i < 32; i++)
		http_created(&S, http_at("/campaigns/%ld/outcomes", c),
		    "{\"result\":\"won\",\"what\":\"A repair\","
		    "\"date\":\"2026-12-04\"}");
	sleep(1);
	http_json(&S, "POST", "/bulletin?lang=es", "{\"title\":\"Noticias\"}",
	    &r);
	http_auth = NULL;
	ok(r.status == 201 && strcmp(json_string_value(json_object_get(r.json,
	    "language")), "es") == 0 && strstr(section(r.json, "members"),
	    "personas se unieron") != NULL, "composed in Spanish: es");
	is_int(count(r.json, "wins"), 32, "32 wins counted");
	is_int(lines(section(r.json, "wins")), 31, "30 lines and one more");
	ok(strstr(section(r.json, "wins"), "\ny 2 más") != NULL,
	    "which says how many more");
	id = (long)json_integer_value(json_object_get(r.json, "id"));
	reply_free(&r);
	is_int(http_status_as(&S, coord, "POST",
	    http_at("/bulletin/%ld/delete", id), "{}"), 200,
	    "thrown away too");
}

/* The pages by form, as a browser without script sends them. */
static void
test_forms(void)
{
	struct reply r;
	char *before = bulletin_state();

	http_auth = coord;
	http_form(&S, "/bulletin", "title=", &r);
	ok(r.status == 422 && strstr(r.body, "id=\"title-error\"") != NULL,
	    "an empty title by form: the form again, the message by it");
	reply_free(&r);
	http_form(&S, http_at("/bulletin/%ld", SECOND), "title=&wins=Kept",
	    &r);
	ok(r.status == 422 && strstr(r.body, "id=\"title-error\"") != NULL &&
	    strstr(r.body, ">Kept</textarea>") != NULL,
	    "an edit without title: the form again, with what was sent");
	reply_free(&r);
	SAME_BULLETIN(before, "the refused forms");
	free(before);
	http_form(&S, http_at("/bulletin/%ld", SECOND), "title=January+news&"
	    "wins=&actions=A+march", &r);
	ok(r.status == 303 && strcmp(reply_header(&r, "Location"),
	    http_at("/bulletin/%ld", SECOND)) == 0, "an edit by form: 303");
	reply_free(&r);
	http_json(&S, "GET", http_at("/bulletin/%ld", SECOND), NULL, &r);
	is_str(section(r.json, "actions"), "A march", "the section written");
	is_str(section(r.json, "wins"), "", "the one sent empty emptied");
	reply_free(&r);
	http_auth = NULL;
}

/* The digest: to who asked, once, in their language, at most 320. */
static void
test_sms(void)
{
	char out[256], body[300], *text;
	struct reply r;
	long es, en, off, none, nophone, before, id;

	es = http_created(&S, "/people", "{\"name\":\"Ana\",\"phone\":"
	    "\"+15550100011\",\"language\":\"es\",\"bulletin_sms\":true}");
	en = http_created(&S, "/people", "{\"name\":\"Bo\",\"phone\":"
	    "\"+15550100012\",\"bulletin_sms\":true}");
	off = http_created(&S, "/people", "{\"name\":\"Cy\",\"phone\":"
	    "\"+15550100013\",\"bulletin_sms\":true}");
	none = http_created(&S, "/people", "{\"name\":\"Di\",\"phone\":"
	    "\"+15550100014\"}");
	nophone = http_created(&S, "/people", "{\"name\":\"Ed\","
	    "\"bulletin_sms\":true}");
	ok(es && en && off && none && nophone, "five people");
	db_write(&S, "INSERT INTO sms_optout (phone, at) VALUES "
	    "('+15550100013', '2026-01-01T00:00:00Z')");
	text = db_text(&S, http_at("SELECT bulletin_sms_at FROM person WHERE "
	    "id = %ld", es));
	ok(text != NULL && strlen(text) == 20, "asked for since: %s",
	    text != NULL ? text : "none");
	is_int(http_status(&S, "PATCH", http_at("/people/%ld", es),
	    "{\"bulletin_sms\":true}"), 200, "saying yes again");
	snprintf(body, sizeof(body), "SELECT count(*) FROM person WHERE id = "
	    "%ld AND bulletin_sms_at = '%s'", es, text != NULL ? text : "");
	is_int(db_scalar(&S, body), 1, "keeps when they first said it");
	free(text);
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add",
	    "corner", NULL }, out, sizeof(out)), 0, "a gateway");
	before = db_count(&S, "sms_message");
	http_auth = coord;
	http_json(&S, "POST", http_at("/bulletin/%ld/sms", FIRST), "{}", &r);
	http_auth = NULL;
	is_int(r.status, 200, "the digest: 200");
	is_int(json_integer_value(json_object_get(r.json, "sms_queued")), 2,
	    "two texts queued: not to the number that said STOP, nor to who "
	    "did not ask, nor without a phone");
	ok(json_is_string(json_object_get(r.json, "sms_at")), "when, kept");
	reply_free(&r);
	is_int(db_count(&S, "sms_message") - before, 2, "two in the outbox");
	text = db_text(&S, "SELECT body FROM sms_message WHERE phone = "
	    "'+15550100011'");
	ok(text != NULL && strncmp(text, "Boletín n.º 1: December news!. "
	    "victorias: 1", 42) == 0, "in Spanish to who speaks it: %s",
	    text != NULL ? text : "none");
	free(text);
	text = db_text(&S, "SELECT body FROM sms_message WHERE phone = "
	    "'+15550100012'");
	ok(text != NULL && strstr(text, "Bulletin no. 1: December news!. "
	    "wins: 1, actions: 1, sessions in the next 2 weeks: 1, new "
	    "members: 2. Reply STOP") == text, "in English: %s",
	    text != NULL ? text : "none");
	free(text);
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone IN "
	    "('+15550100013', '+15550100014')"), 0,
	    "nothing to the refusal, nothing to who did not ask");
	before = db_count(&S, "sms_message");
	is_int(http_status_as(&S, coord, "POST",
	    http_at("/bulletin/%ld/sms", FIRST), "{}"), 409,
	    "sent twice: 409");
	is_int(db_count(&S, "sms_message"), before, "and nothing queued");
	/* The longest title, in both languages, within two texts. */
	http_auth = coord;
	id = http_created(&S, "/bulletin", "{\"title\":\"Ñandú ñandú ñandú "
	    "ñandú ñandú ñandú ñandú ñandú ñandú ñandú ñandú ñandú ñandú ñandú "
	    "ñandú ñandú ñandú ñandú ñandú ñandúx\"}");
	http_auth = NULL;
	is_int(http_status_as(&S, coord, "POST",
	    http_at("/bulletin/%ld/publish", id), "{}"), 200,
	    "an issue with a title of 120 characters");
	is_int(http_status_as(&S, coord, "POST",
	    http_at("/bulletin/%ld/sms", id), "{}"), 200,
	    "its digest");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE "
	    "direction = 'out' AND body LIKE 'Bolet%Ñandú%'") +
	    db_scalar(&S, "SELECT count(*) FROM sms_message WHERE "
	    "direction = 'out' AND body LIKE 'Bulletin no. %Ñandú%'"), 2,
	    "in both languages");
	is_int(db_scalar(&S, "SELECT max(length(body)) FROM sms_message "
	    "WHERE direction = 'out'") <= 320, 1, "each text at most 320 "
	    "characters");
	/* A no forgets when; a forget too. */
	is_int(http_status(&S, "PATCH", http_at("/people/%ld", en),
	    "{\"bulletin_sms\":false}"), 200, "saying no");
	is_int(db_scalar(&S, http_at("SELECT count(*) FROM person WHERE id = "
	    "%ld AND bulletin_sms_at IS NULL", en)), 1, "forgets when");
	is_int(http_status(&S, "POST", http_at("/people/%ld/forget", es),
	    "{\"confirm\":\"yes\"}"), 200, "a forget");
	is_int(db_scalar(&S, http_at("SELECT count(*) FROM person WHERE id = "
	    "%ld AND bulletin_sms_at IS NULL", es)), 1,
	    "takes the yes with the number");
}

int
main(void)
{
	server_start(&S);
	setup();
	test_compose();
	test_publish();
	test_bad_input();
	test_roles();
	test_delete();
	test_forms();
	test_sms();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
