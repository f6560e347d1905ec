/*
 * Lists as CSV files (GET /needs, /offers, /people with ?format=csv or
 * Accept: text/csv) over a real socket, and solidarity export: each
 * role's file holds the cells of the JSON list the same role gets, with
 * the same filters (so the same masking: a volunteer's asks in their
 * zones, first names, no details; nobody's phone or address); cells a
 * spreadsheet would run are made text; a bad format is a 400 naming the
 * field; every export, and only a served one, is in the audit trail;
 * more rows than a page of the list shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "util/csv.h"

static struct server S;

/* The Authorization values of the logins the tests speak as. */
static char vol[160], org[160], coord[160];

#define PHONE   "+15550102067"
#define ADDRESS "12 Calle Luna, piso 3"
#define EMAIL   "mj@example.org"
#define BOM     "\xef\xbb\xbf"

static const char need_head[] = "id,created_at,updated_at,status,category,"
				"urgency,zone_id,zone_name,person_id,"
				"person_name,details,close_reason,claimed,"
				"claim_login,claim_claimed_at";
static const char offer_head[] = "id,created_at,updated_at,status,"
				 "category,quantity,zone_id,zone_name,"
				 "person_id,person_name,details,close_reason";
static const char person_head[] = "id,created_at,updated_at,name,language,"
				  "zone_id,zone_name";

static void
as(const char *auth)
{
	http_auth = auth;
}

/* POST as the admin: the new record's id, a test of its own. */
static long
post_id(const char *path, const char *body)
{
	long id;

	as(NULL);
	id = http_created(&S, path, body);
	ok(id > 0, "POST %s as admin: 201", path);
	return id;
}

static int
rows_add(void *arg, const struct csv_row *row)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < row->n; i++)
		json_array_append_new(a, json_stringn(row->cells[i],
		    row->lens[i]));
	json_array_append_new(arg, a);
	return 0;
}

/* The rows of a CSV body as arrays of strings, the header first; NULL
 * when the reader refuses it. */
static json_t *
csv_rows(const char *body, size_t len)
{
	json_t *rows = json_array();
	struct csv_reader *r = csv_reader_new(rows_add, rows);

	if (csv_reader_feed(r, body, len) == -1 || csv_reader_end(r) == -1) {
		json_decref(rows);
		rows = NULL;
	}
	csv_reader_free(r);
	return rows;
}

/* The audit entries of action for kind, by login (NULL: by nobody). */
static long
exports_by(const char *action, const char *kind, const char *who)
{
	char sql[400];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action "
	    "= '%s' AND entity = '%s' AND %s", action, kind,
	    who ? "user_id = (SELECT id FROM app_user WHERE login = '" : "");
	if (who != NULL)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql),
		    "%s')", who);
	else
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql),
		    "user_id IS NULL");
	return db_scalar(&S, sql);
}

/* A JSON value as the export writes it in a cell. */
static void
cell_of(json_t *v, char *out, size_t outlen)
{
	if (json_is_integer(v))
		snprintf(out, outlen, "%lld", (long long)json_integer_value(v));
	else if (json_is_boolean(v))
		snprintf(out, outlen, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_string(v))
		snprintf(out, outlen, "%s%s",
		    strchr("=+-@\t\r", json_string_value(v)[0]) &&
			json_string_value(v)[0] != '\0'
			? "'"
			: "",
		    json_string_value(v));
	else
		out[0] = '\0';
}

/* The value of a header's column in a JSON item: claim_login is
 * claim.login. */
static json_t *
item_get(json_t *item, const char *column)
{
	if (strncmp(column, "claim_", 6) == 0 && strcmp(column, "claimed"))
		return json_object_get(json_object_get(item, "claim"),
		    column + 6);
	return json_object_get(item, column);
}

/*
 * GET path (with its query) as auth as CSV, by ?format=csv or by Accept,
 * and check it against the JSON list of the same path and role: the same
 * rows in the same order, every cell the item's value. Returns the rows
 * (a new reference), or NULL after a failed check. who names the case.
 */
static json_t *
same_as_json(const char *auth, const char *path, const char *head,
    const char *who)
{
	char url[512], want[2048], *hv;
	struct reply r, j;
	json_t *rows = NULL, *items, *row, *item, *names;
	size_t i, k, bad = 0;
	int by_accept = strchr(path, '?') == NULL;
	as(auth);
	if (by_accept)
		http(&S, "GET", path, "text/csv", NULL, NULL, 0, &r);
	else {
		snprintf(url, sizeof(url), "%s&format=csv", path);
		http(&S, "GET", url, NULL, NULL, NULL, 0, &r);
	}
	is_int(r.status, 200, "%s: %s as CSV%s", who, path,
	    by_accept ? " (Accept: text/csv)" : "");
	hv = (char *)reply_header(&r, "Content-Type");
	ok(hv != NULL && strcmp(hv, "text/csv; charset=utf-8") == 0,
	    "%s: text/csv in UTF-8", who);
	ok(r.body != NULL && strncmp(r.body, BOM, 3) == 0 &&
		strncmp(r.body + 3, head, strlen(head)) == 0 &&
		strncmp(r.body + 3 + strlen(head), "\r\n", 2) == 0,
	    "%s: a byte order mark, then the columns in their order", who);
	ok(r.body != NULL && strstr(r.body, PHONE) == NULL &&
		strstr(r.body, "15550102067") == NULL &&
		strstr(r.body, ADDRESS) == NULL && strstr(r.body, EMAIL) == NULL,
	    "%s: no phone, address or email", who);
	if (r.body != NULL)
		rows = csv_rows(r.body, strlen(r.body));
	reply_free(&r);
	ok(rows != NULL, "%s: the file reads as CSV", who);
	if (rows == NULL)
		return NULL;

	/* The page in JSON, all of it on one page. */
	snprintf(url, sizeof(url), "%s%slimit=200", path,
	    by_accept ? "?" : "&");
	http_json(&S, "GET", url, NULL, &j);
	items = json_object_get(j.json, "items");
	is_int((long)json_array_size(rows), (long)json_array_size(items) + 1,
	    "%s: a row for each item of the JSON list", who);
	names = json_array_get(rows, 0);
	json_array_foreach (items, i, item) {
		row = json_array_get(rows, i + 1);
		for (k = 0; k < json_array_size(names); k++) {
			cell_of(item_get(item,
				    json_string_value(json_array_get(names, k))),
			    want, sizeof(want));
			if (strcmp(want, json_string_value(json_array_get(row,
					     k)) ?: "(none)") != 0 &&
			    bad++ == 0)
				printf("# row %zu %s: got \"%s\", want \"%s\"\n",
				    i + 1,
				    json_string_value(json_array_get(names, k)),
				    json_string_value(json_array_get(row, k)),
				    want);
		}
	}
	ok(bad == 0, "%s: every cell as the JSON list has it", who);
	reply_free(&j);
	return rows;
}

/* The cell of column (0-based) in the data row whose id is id, or "". */
static const char *
cell(json_t *rows, long id, size_t column)
{
	json_t *row;
	size_t i;
	char s[24];

	snprintf(s, sizeof(s), "%ld", id);
	json_array_foreach (rows, i, row)
		if (i > 0 && strcmp(json_string_value(json_array_get(row, 0)),
				 s) == 0)
			return json_string_value(json_array_get(row, column));
	return "";
}

static long person, formula_person, ask_north, ask_south, ask_closed;
static long offer_formula;

static void
setup(void)
{
	char body[512];
	struct reply r;

	post_id("/zones", "{\"name\":\"North\"}");
	post_id("/zones", "{\"name\":\"South\"}");
	person = post_id("/people", "{\"name\":\"María José Núñez\","
				    "\"phone\":\"" PHONE "\",\"address\":\"" ADDRESS
				    "\",\"email\":\"" EMAIL "\",\"zone_id\":1}");
	formula_person = post_id("/people",
	    "{\"name\":\"=HYPERLINK(\\\"http://x.example\\\",\\\"pay\\\")\","
	    "\"zone_id\":1}");
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"groceries\",\"details\":\"Rice, beans; \\\"oil\\\"\\nfor four\","
	    "\"urgency\":3,\"zone_id\":1}", person);
	ask_north = post_id("/needs", body);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"prescriptions\",\"details\":\"+1 call the pharmacy\","
	    "\"urgency\":2,\"zone_id\":2}", formula_person);
	ask_south = post_id("/needs", body);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"rent\",\"details\":\"-5 short on rent\",\"urgency\":1,"
	    "\"zone_id\":1}", person);
	ask_closed = post_id("/needs", body);
	as(NULL);
	snprintf(body, sizeof(body), "/needs/%ld/status", ask_closed);
	http_json(&S, "POST", body, "{\"status\":\"closed\",\"reason\":"
	    "\"@SUM(A1) moved away\"}", &r);
	is_int(r.status, 200, "the third ask closed");
	reply_free(&r);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"category\":"
	    "\"transport\",\"details\":\"Rides\",\"zone_id\":1}",
	    person);
	offer_formula = post_id("/offers", body);
	ok(server_login(&S, "vol", "volunteer", "1", vol, sizeof(vol)) > 0,
	    "a volunteer in North");
	ok(server_login(&S, "org", "organizer", NULL, org, sizeof(org)) > 0,
	    "an organizer");
	ok(server_login(&S, "coord", "coordinator", NULL, coord,
	       sizeof(coord)) > 0,
	    "a coordinator");
}

/* Each role's asks, offers and people: as its JSON list, never contact. */
static void
test_roles(void)
{
	static const struct {
		const char *name;
		char *auth;
	} roles[] = { { "admin", NULL }, { "coordinator", coord },
		{ "organizer", org }, { "volunteer", vol } };
	char who[64], person_id[24];
	json_t *rows;
	size_t i;

	snprintf(person_id, sizeof(person_id), "%ld", person);
	for (i = 0; i < 4; i++) {
		snprintf(who, sizeof(who), "%s asks", roles[i].name);
		rows = same_as_json(roles[i].auth, "/needs?status=all",
		    need_head, who);
		/* The masking, said outright for the first ask. */
		if (i <= 1)
			is_str(cell(rows, ask_north, 10),
			    "Rice, beans; \"oil\"\nfor four",
			    "%s: the details, quotes and line end kept", who);
		else
			is_str(cell(rows, ask_north, 10), "",
			    "%s: no details", who);
		is_str(cell(rows, ask_north, 9),
		    i == 3 ? "María" : "María José Núñez",
		    "%s: %s", who, i == 3 ? "a first name" : "the full name");
		is_str(cell(rows, ask_north, 8), i == 3 ? "" : person_id,
		    "%s: %s", who, i == 3 ? "no person id" : "the person id");
		is_str(cell(rows, ask_south, 0), i == 3 ? "" : "2",
		    "%s: %s", who,
		    i == 3 ? "no ask outside their zones" : "the south ask");
		json_decref(rows);

		snprintf(who, sizeof(who), "%s offers", roles[i].name);
		json_decref(same_as_json(roles[i].auth, "/offers", offer_head,
		    who));
	}
	json_decref(same_as_json(org, "/people", person_head,
	    "organizer people"));
	json_decref(same_as_json(coord, "/people?zone_id=1", person_head,
	    "coordinator people of North"));
	as(vol);
	is_int(http_status(&S, "GET", "/people?format=csv", NULL), 403,
	    "a volunteer gets no people, as no /people");
}

/* Cells that begin with = + - @ or a tab are text with a leading '. */
static void
test_formulas(void)
{
	json_t *rows;
	char sql[128];

	/* The forms trim a tab away; a row written otherwise keeps it. */
	snprintf(sql, sizeof(sql), "UPDATE offer SET details = '\t=1+1 rides' "
	    "WHERE id = %ld", offer_formula);
	db_write(&S, sql);
	as(NULL);
	rows = same_as_json(NULL, "/needs?status=all", need_head,
	    "formula cells");
	is_str(cell(rows, ask_south, 10), "'+1 call the pharmacy",
	    "+ first: made text");
	is_str(cell(rows, ask_closed, 10), "'-5 short on rent",
	    "- first: made text");
	is_str(cell(rows, ask_closed, 11), "'@SUM(A1) moved away",
	    "@ first: made text");
	is_str(cell(rows, ask_south, 9),
	    "'=HYPERLINK(\"http://x.example\",\"pay\")",
	    "= first, in a name: made text");
	json_decref(rows);
	rows = same_as_json(NULL, "/offers", offer_head, "formula offers");
	is_str(cell(rows, offer_formula, 10), "'\t=1+1 rides",
	    "a tab first: made text");
	json_decref(rows);
	rows = same_as_json(org, "/people", person_head, "formula people");
	is_str(cell(rows, formula_person, 3),
	    "'=HYPERLINK(\"http://x.example\",\"pay\")",
	    "= first in a person's name: made text");
	json_decref(rows);
}

/* The list's filters hold: the same rows as the page with them. */
static void
test_filters(void)
{
	json_t *rows;
	struct reply r;
	char path[128];

	rows = same_as_json(NULL, "/needs?zone_id=2", need_head,
	    "asks of South");
	is_int((long)json_array_size(rows), 2, "one ask in South");
	json_decref(rows);
	rows = same_as_json(NULL, "/needs?category=groceries&status=all",
	    need_head, "groceries");
	is_int((long)json_array_size(rows), 2, "one ask of groceries");
	json_decref(rows);
	rows = same_as_json(NULL, "/needs?limit=1", need_head,
	    "a page of one");
	json_decref(rows);
	/* Paging is the page's: the file has every row the filters take. */
	as(NULL);
	http(&S, "GET", "/needs?status=all&limit=1&format=csv", NULL, NULL,
	    NULL, 0, &r);
	rows = r.body ? csv_rows(r.body, strlen(r.body)) : NULL;
	is_int((long)json_array_size(rows), 4,
	    "limit and offset do not cut the file: all three asks");
	json_decref(rows);
	reply_free(&r);
	rows = same_as_json(coord, "/needs?q=pharmacy&status=all", need_head,
	    "a search in the details");
	is_int((long)json_array_size(rows), 2, "the one ask that says it");
	json_decref(rows);
	/* A volunteer's search in the details is dropped, as on the page. */
	rows = same_as_json(vol, "/needs?q=pharmacy&status=all", need_head,
	    "a volunteer's search");
	json_decref(rows);
	snprintf(path, sizeof(path), "/offers?person_id=%ld", person);
	json_decref(same_as_json(NULL, path, offer_head, "offers of one"));
}

/* A bad format, a bad filter, a role refused: JSON errors, no entry. */
static void
test_refused(void)
{
	static const char *const bad[] = { "/needs?format=xlsx",
		"/needs?format=", "/needs?format=CSV", "/zones?format=csv",
		"/needs/1?format=csv", NULL };
	long before = db_scalar(&S, "SELECT count(*) FROM audit WHERE "
				    "action = 'export'");
	struct reply r;
	size_t i;

	as(NULL);
	for (i = 0; bad[i] != NULL; i++) {
		http(&S, "GET", bad[i], NULL, NULL, NULL, 0, &r);
		is_int(r.status, 400, "%s: 400", bad[i]);
		ok(r.json != NULL && strcmp(error_code(&r), "bad_request") == 0 &&
			strcmp(error_field(&r), "format") == 0,
		    "%s: a JSON error naming format", bad[i]);
		reply_free(&r);
	}
	http(&S, "GET", "/needs?format=csv&zone_id=x", NULL, NULL, NULL, 0,
	    &r);
	ok(r.status == 422 && strcmp(error_field(&r), "zone_id") == 0,
	    "a bad filter: 422 naming it, in JSON (%ld)", r.status);
	reply_free(&r);
	as("");
	http(&S, "GET", "/needs?format=csv", NULL, NULL, NULL, 0, &r);
	ok(r.status == 401 && r.json != NULL,
	    "nobody signed in: 401 in JSON (%ld)", r.status);
	reply_free(&r);
	http(&S, "GET", "/needs", "text/csv", NULL, NULL, 0, &r);
	ok(r.status == 401 && r.json != NULL,
	    "nor by Accept: 401 in JSON (%ld)", r.status);
	reply_free(&r);
	as(vol);
	http(&S, "GET", "/people?format=csv", NULL, NULL, NULL, 0, &r);
	ok(r.status == 403 && r.json != NULL, "a volunteer's people: 403 "
					      "in JSON (%ld)", r.status);
	reply_free(&r);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			     "'export'"), before,
	    "no export refused is in the audit trail");
}

/* Each export served is one entry, by its login, of its kind: none cached. */
static void
test_audit(void)
{
	long needs = exports_by("export", "need", "org");
	long people = exports_by("export", "person", "org");
	struct reply r;
	int i;

	as(org);
	for (i = 0; i < 2; i++) {
		http(&S, "GET", "/needs?format=csv", NULL, NULL, NULL, 0, &r);
		reply_free(&r);
	}
	http(&S, "GET", "/people", "text/csv", NULL, NULL, 0, &r);
	reply_free(&r);
	is_int(exports_by("export", "need", "org"), needs + 2,
	    "two exports of asks, two entries: the second not from a cache");
	is_int(exports_by("export", "person", "org"), people + 1,
	    "an export of people, one entry");
	/* The page itself is no export, and records none. */
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	reply_free(&r);
	http_json(&S, "GET", "/needs", NULL, &r);
	reply_free(&r);
	is_int(exports_by("export", "need", "org"), needs + 2,
	    "the page in HTML and JSON records no export");
}

/* More asks than a page of the list holds: all of them, once each. */
static void
test_many(void)
{
	char sql[800];
	struct reply r;
	json_t *rows, *row, *seen;
	size_t i;
	int twice = 0;

	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < 2345) INSERT INTO need (person_id, category, details, "
	    "urgency, zone_id, created_at, updated_at) SELECT %ld, "
	    "'groceries', 'seeded ' || i, 1 + i %% 3, 1, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM c",
	    person);
	db_write(&S, sql);
	as(NULL);
	http(&S, "GET", "/needs?status=all&format=csv", NULL, NULL, NULL, 0,
	    &r);
	rows = r.body ? csv_rows(r.body, strlen(r.body)) : NULL;
	is_int((long)json_array_size(rows), 2345 + 3 + 1,
	    "2,348 asks: a row each, and the header");
	seen = json_object();
	json_array_foreach (rows, i, row) {
		if (json_object_get(seen, json_string_value(json_array_get(row,
						 0))) != NULL)
			twice++;
		json_object_set_new(seen,
		    json_string_value(json_array_get(row, 0)), json_true());
	}
	is_int(twice, 0, "no ask twice");
	json_decref(seen);
	json_decref(rows);
	reply_free(&r);
}

/* solidarity export: the admin's file, audited, and its bad usage. */
static void
test_command(void)
{
	char path[128], line[512], *file;
	struct reply r;
	long before = exports_by("cli export", "need", NULL);

	snprintf(path, sizeof(path), "%s/needs.csv", S.dir);
	is_int(server_cli(&S, (const char *[]){ "export", "needs", path,
				  NULL },
		   line, sizeof(line)),
	    0, "export needs FILE: exit 0");
	ok(strstr(line, "2348 rows written to") != NULL, "says how many: %s",
	    line);
	file = testdb_slurp(path, NULL);
	as(NULL);
	http(&S, "GET", "/needs?status=all&format=csv", NULL, NULL, NULL, 0,
	    &r);
	ok(file != NULL && r.body != NULL && strcmp(file, r.body) == 0,
	    "the file is the admin's export of every ask, byte for byte");
	reply_free(&r);
	free(file);
	is_int(exports_by("cli export", "need", NULL), before + 1,
	    "in the audit trail, by the command line");
	is_int(server_cli(&S, (const char *[]){ "export", "people", "-", NULL },
		   line, sizeof(line)),
	    0, "export people -: exit 0");
	ok(strncmp(line, BOM "id,created_at", 16) == 0,
	    "the file on standard output");
	is_int(server_cli(&S, (const char *[]){ "export", "asks", path, NULL },
		   line, sizeof(line)),
	    2, "an unknown list is bad usage");
	is_int(server_cli(&S, (const char *[]){ "export", "needs", NULL },
		   line, sizeof(line)),
	    2, "no FILE is bad usage");
	is_int(server_cli(&S, (const char *[]){ "export", "offers",
				  "/nonexistent/dir/offers.csv", NULL },
		   line, sizeof(line)),
	    1, "a file that cannot be written: exit 1");
	unlink(path);
}

int
main(void)
{
	server_start(&S);
	setup();
	test_roles();
	test_formulas();
	test_filters();
	test_refused();
	test_audit();
	test_many();
	test_command();
	server_stop(&S);
	return tap_done();
}
