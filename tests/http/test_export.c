/*
 * Lists as CSV and XLSX files (GET /needs, /offers, /people with
 * ?format=csv|xlsx or an Accept of either) over a real socket, and
 * solidarity export: each role's file holds the cells of the JSON list
 * the same role gets, with the same filters (so the same masking: a
 * volunteer's asks in their zones, first names, no details; nobody's
 * phone or address); CSV cells a spreadsheet would run are made text,
 * XLSX cells are text and never a formula; a bad format is a 400 naming
 * the field; every export, and only a served one, is in the audit trail;
 * more rows than a page of the list shows. CSV is streamed: a client
 * that reads slowly keeps nobody else waiting, clients gone mid-file
 * leave nothing held, and a file that cannot be finished is cut short,
 * never passed off as whole. The XLSX files are unzipped here (zlib) and
 * their sheet read as XML (libxml2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include "tap.h"
#include "client.h"
#include "util/buf.h"

static struct server S;

/* The Authorization values of the logins the tests speak as. */
static char vol[160], org[160], coord[160];

#define PHONE   "+15550102067"
#define ADDRESS "12 Calle Luna, piso 3"
#define EMAIL   "mj@example.org"
#define BOM     "\xef\xbb\xbf"
#define XLSX    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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

static unsigned long
le(const unsigned char *p, int bytes)
{
	unsigned long v = 0;

	while (bytes-- > 0)
		v = v << 8 | p[bytes];
	return v;
}

/* csize bytes at data, stored (method 0) or deflated (8), as a string. */
static char *
unpack(const unsigned char *data, size_t csize, size_t usize, unsigned method)
{
	char *out = calloc(1, usize + 1);
	z_stream z = { 0 };
	int rc;

	if (method == 0 && csize == usize) {
		memcpy(out, data, usize);
		return out;
	}
	if (method != 8 || inflateInit2(&z, -MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)csize;
	z.next_out = (unsigned char *)out;
	z.avail_out = (unsigned)usize;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.total_out != usize) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * The member name of the zip file data (len bytes), unpacked and
 * NUL-terminated (the caller frees it), by the central directory; NULL
 * when it is not there or the file is broken.
 */
static char *
zip_member(const char *file, size_t len, const char *name)
{
	const unsigned char *data = (const unsigned char *)file, *c, *l;
	size_t i, end = len, off, at, nlen;
	unsigned long n;

	for (i = len >= 22 ? len - 22 + 1 : 0; i-- > 0;)
		if (le(data + i, 4) == 0x06054b50) {
			end = i;
			break;
		}
	if (end == len)
		return NULL;
	n = le(data + end + 10, 2);
	off = le(data + end + 16, 4);
	for (; n > 0 && off + 46 <= len; n--) {
		c = data + off;
		if (le(c, 4) != 0x02014b50)
			return NULL;
		nlen = le(c + 28, 2);
		if (nlen == strlen(name) && off + 46 + nlen <= len &&
		    memcmp(c + 46, name, nlen) == 0) {
			l = data + le(c + 42, 4);
			at = (size_t)(l - data) + 30 + le(l + 26, 2) +
			    le(l + 28, 2);
			if (le(l, 4) != 0x04034b50 || at + le(c + 20, 4) > len)
				return NULL;
			return unpack(data + at, le(c + 20, 4), le(c + 24, 4),
			    (unsigned)le(c + 10, 2));
		}
		off += 46 + nlen + le(c + 30, 2) + le(c + 32, 2);
	}
	return NULL;
}

/* The column of a cell reference ("K12": 10), from 0. */
static size_t
ref_column(const char *ref)
{
	size_t col = 0;

	while (*ref >= 'A' && *ref <= 'Z')
		col = col * 26 + (size_t)(*ref++ - 'A' + 1);
	return col - 1;
}

/* A cell's text: its inline string, its truth value, or its number. */
static char *
cell_text(xmlNode *c)
{
	xmlChar *t = xmlGetProp(c, (const xmlChar *)"t");
	xmlNode *k;
	char *v = NULL;

	for (k = c->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			v = (char *)xmlNodeGetContent(k);
	if (t != NULL && strcmp((char *)t, "b") == 0 && v != NULL) {
		char *b = strdup(strcmp(v, "1") == 0 ? "true" : "false");

		xmlFree(v);
		v = b;
	}
	xmlFree(t);
	return v;
}

/*
 * The rows of an XLSX file's one sheet as arrays of strings, the header
 * first, a missing cell "" (as CSV would have it); sheet_xml gets the
 * sheet's XML (the caller frees it). NULL when it is no such file.
 */
static json_t *
xlsx_rows(const char *file, size_t len, char **sheet_xml)
{
	char *xml = zip_member(file, len, "xl/worksheets/sheet1.xml");
	xmlDoc *doc;
	xmlNode *n, *row, *c;
	json_t *rows, *a;
	size_t width = 0, col;
	char *v;

	*sheet_xml = xml;
	if (xml == NULL)
		return NULL;
	doc = xmlReadMemory(xml, (int)strlen(xml), "sheet1.xml", NULL,
	    XML_PARSE_NONET);
	if (doc == NULL)
		return NULL;
	rows = json_array();
	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "sheetData") == 0)
			break;
	for (row = n ? n->children : NULL; row != NULL; row = row->next) {
		if (row->type != XML_ELEMENT_NODE)
			continue;
		a = json_array();
		for (c = row->children; c != NULL; c = c->next) {
			xmlChar *ref = xmlGetProp(c, (const xmlChar *)"r");

			col = ref ? ref_column((char *)ref) : 0;
			xmlFree(ref);
			while (json_array_size(a) < col)
				json_array_append_new(a, json_string(""));
			v = cell_text(c);
			json_array_append_new(a, json_string(v ? v : ""));
			xmlFree(v);
		}
		if (width == 0)
			width = json_array_size(a);
		while (json_array_size(a) < width)
			json_array_append_new(a, json_string(""));
		json_array_append_new(rows, a);
	}
	xmlFreeDoc(doc);
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

/* A JSON value as the export writes it in a cell, CSV or XLSX. */
static void
cell_of(json_t *v, int xlsx, char *out, size_t outlen)
{
	if (json_is_integer(v))
		snprintf(out, outlen, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, outlen, "%.15g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(out, outlen, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_string(v))
		snprintf(out, outlen, "%s%s",
		    !xlsx && strchr("=+-@\t\r", json_string_value(v)[0]) &&
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

/* The header row as CSV writes it: the names, comma-separated. */
static int
head_is(json_t *rows, const char *head)
{
	json_t *name;
	struct buf b = BUF_INIT;
	size_t i;
	int same;

	json_array_foreach (json_array_get(rows, 0), i, name) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, json_string_value(name));
	}
	same = b.ptr != NULL && strcmp(b.ptr, head) == 0;
	buf_free(&b);
	return same;
}

/*
 * Every item of the JSON list at path (sep the query's next separator),
 * as the viewer set gets it: its pages of 200 put together, or the whole
 * of a list that has no paging.
 */
static json_t *
json_items(const char *path, const char *sep)
{
	json_t *all = json_array(), *items;
	char url[600];
	struct reply j;
	long offset = 0;
	int more;

	do {
		snprintf(url, sizeof(url), "%s%slimit=200&offset=%ld", path,
		    sep, offset);
		http_json(&S, "GET", url, NULL, &j);
		items = json_object_get(j.json, "items");
		json_array_extend(all, items);
		offset += (long)json_array_size(items);
		more = json_object_get(j.json, "limit") != NULL &&
		    json_array_size(items) > 0 &&
		    offset < json_integer_value(json_object_get(j.json,
				 "total"));
		reply_free(&j);
	} while (more);
	return all;
}

/*
 * GET path (with its query) as auth as CSV, or XLSX when xlsx, by ?format=
 * or by Accept, and check it against the JSON list of the same path and
 * role: the same rows in the same order, every cell the item's value.
 * Returns the rows (a new reference), or NULL after a failed check. who
 * names the case.
 */
static json_t *
same_as_json(const char *auth, const char *path, const char *head, int xlsx,
    const char *who)
{
	char url[512], want[2048], *hv, *text = NULL;
	const char *type = xlsx ? XLSX : "text/csv; charset=utf-8";
	struct reply r;
	json_t *rows = NULL, *items, *row, *item, *names;
	size_t i, k, bad = 0;
	int by_accept = strchr(path, '?') == NULL;
	as(auth);
	if (by_accept)
		http(&S, "GET", path, xlsx ? XLSX : "text/csv", NULL, NULL, 0,
		    &r);
	else {
		snprintf(url, sizeof(url), "%s&format=%s", path,
		    xlsx ? "xlsx" : "csv");
		http(&S, "GET", url, NULL, NULL, NULL, 0, &r);
	}
	is_int(r.status, 200, "%s: %s as %s%s", who, path,
	    xlsx ? "XLSX" : "CSV", by_accept ? " (by Accept)" : "");
	hv = (char *)reply_header(&r, "Content-Type");
	ok(hv != NULL && strcmp(hv, type) == 0, "%s: %s", who, type);
	if (r.body != NULL && xlsx)
		rows = xlsx_rows(r.body, r.len, &text);
	else if (r.body != NULL) {
		ok(r.len >= 3 + strlen(head) + 2 &&
			strncmp(r.body, BOM, 3) == 0 &&
			strncmp(r.body + 3 + strlen(head), "\r\n", 2) == 0,
		    "%s: a byte order mark, then a row of columns", who);
		rows = csv_rows(r.body, strlen(r.body));
		text = strdup(r.body);
	}
	reply_free(&r);
	ok(rows != NULL, "%s: the file reads as %s", who,
	    xlsx ? "a spreadsheet" : "CSV");
	ok(text != NULL && strstr(text, PHONE) == NULL &&
		strstr(text, "15550102067") == NULL &&
		strstr(text, ADDRESS) == NULL && strstr(text, EMAIL) == NULL,
	    "%s: no phone, address or email", who);
	ok(!xlsx || (text != NULL && strstr(text, "<f>") == NULL),
	    "%s: no cell is a formula", who);
	free(text);
	if (rows == NULL)
		return NULL;
	ok(head_is(rows, head), "%s: the columns in their order", who);

	items = json_items(path, by_accept ? "?" : "&");
	is_int((long)json_array_size(rows), (long)json_array_size(items) + 1,
	    "%s: a row for each item of the JSON list", who);
	names = json_array_get(rows, 0);
	json_array_foreach (items, i, item) {
		row = json_array_get(rows, i + 1);
		for (k = 0; k < json_array_size(names); k++) {
			cell_of(item_get(item,
				    json_string_value(json_array_get(names, k))),
			    xlsx, want, sizeof(want));
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
	json_decref(items);
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
	int x;

	snprintf(person_id, sizeof(person_id), "%ld", person);
	for (i = 0; i < 8; i++) {
		x = (int)(i / 4);
		snprintf(who, sizeof(who), "%s asks%s", roles[i % 4].name,
		    x ? " (XLSX)" : "");
		rows = same_as_json(roles[i % 4].auth, "/needs?status=all",
		    need_head, x, who);
		/* The masking, said outright for the first ask. */
		if (i % 4 <= 1)
			is_str(cell(rows, ask_north, 10),
			    "Rice, beans; \"oil\"\nfor four",
			    "%s: the details, quotes and line end kept", who);
		else
			is_str(cell(rows, ask_north, 10), "",
			    "%s: no details", who);
		is_str(cell(rows, ask_north, 9),
		    i % 4 == 3 ? "María" : "María José Núñez", "%s: %s", who,
		    i % 4 == 3 ? "a first name" : "the full name");
		is_str(cell(rows, ask_north, 8), i % 4 == 3 ? "" : person_id,
		    "%s: %s", who,
		    i % 4 == 3 ? "no person id" : "the person id");
		is_str(cell(rows, ask_south, 0), i % 4 == 3 ? "" : "2",
		    "%s: %s", who,
		    i % 4 == 3 ? "no ask outside their zones"
			       : "the south ask");
		json_decref(rows);

		snprintf(who, sizeof(who), "%s offers%s", roles[i % 4].name,
		    x ? " (XLSX)" : "");
		json_decref(same_as_json(roles[i % 4].auth, "/offers",
		    offer_head, x, who));
	}
	for (x = 0; x < 2; x++) {
		json_decref(same_as_json(org, "/people", person_head, x,
		    x ? "organizer people (XLSX)" : "organizer people"));
		json_decref(same_as_json(coord, "/people?zone_id=1",
		    person_head, x,
		    x ? "coordinator people of North (XLSX)"
		      : "coordinator people of North"));
	}
	as(vol);
	is_int(http_status(&S, "GET", "/people?format=csv", NULL), 403,
	    "a volunteer gets no people, as no /people");
	is_int(http_status(&S, "GET", "/people?format=xlsx", NULL), 403,
	    "nor as a spreadsheet");
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
	rows = same_as_json(NULL, "/needs?status=all", need_head, 0,
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
	rows = same_as_json(NULL, "/offers", offer_head, 0, "formula offers");
	is_str(cell(rows, offer_formula, 10), "'\t=1+1 rides",
	    "a tab first: made text");
	json_decref(rows);
	rows = same_as_json(org, "/people", person_head, 0, "formula people");
	is_str(cell(rows, formula_person, 3),
	    "'=HYPERLINK(\"http://x.example\",\"pay\")",
	    "= first in a person's name: made text");
	json_decref(rows);
	/* A spreadsheet's text cell is never run: kept as it is. */
	rows = same_as_json(NULL, "/needs?status=all", need_head, 1,
	    "formula cells (XLSX)");
	is_str(cell(rows, ask_south, 9),
	    "=HYPERLINK(\"http://x.example\",\"pay\")",
	    "XLSX: = first, a text cell as it is");
	is_str(cell(rows, ask_closed, 11), "@SUM(A1) moved away",
	    "XLSX: @ first, a text cell as it is");
	json_decref(rows);
	rows = same_as_json(NULL, "/offers", offer_head, 1,
	    "formula offers (XLSX)");
	is_str(cell(rows, offer_formula, 10), "\t=1+1 rides",
	    "XLSX: a tab first, as it is");
	json_decref(rows);
}

/* The list's filters hold: the same rows as the page with them. */
static void
test_filters(void)
{
	json_t *rows;
	struct reply r;
	char path[128];

	rows = same_as_json(NULL, "/needs?zone_id=2", need_head, 0,
	    "asks of South");
	is_int((long)json_array_size(rows), 2, "one ask in South");
	json_decref(rows);
	rows = same_as_json(NULL, "/needs?zone_id=2", need_head, 1,
	    "asks of South (XLSX)");
	is_int((long)json_array_size(rows), 2, "one ask in South's sheet");
	json_decref(rows);
	rows = same_as_json(NULL, "/needs?category=groceries&status=all",
	    need_head, 0, "groceries");
	is_int((long)json_array_size(rows), 2, "one ask of groceries");
	json_decref(rows);
	rows = same_as_json(NULL, "/needs?limit=1", need_head, 0,
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
	rows = same_as_json(coord, "/needs?q=pharmacy&status=all", need_head, 0,
	    "a search in the details");
	is_int((long)json_array_size(rows), 2, "the one ask that says it");
	json_decref(rows);
	/* A volunteer's search in the details is dropped, as on the page. */
	rows = same_as_json(vol, "/needs?q=pharmacy&status=all", need_head, 0,
	    "a volunteer's search");
	json_decref(rows);
	snprintf(path, sizeof(path), "/offers?person_id=%ld", person);
	json_decref(same_as_json(NULL, path, offer_head, 0, "offers of one"));
}

/* A bad format, a bad filter, a role refused: JSON errors, no entry. */
static void
test_refused(void)
{
	static const char *const bad[] = { "/needs?format=xls",
		"/needs?format=", "/needs?format=CSV", "/needs?format=XLSX",
		"/figures?format=csv", "/match?format=xlsx", "/needs/1?format=csv",
		NULL };
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
	http(&S, "GET", "/people?format=xlsx", NULL, NULL, NULL, 0, &r);
	reply_free(&r);
	is_int(exports_by("export", "need", "org"), needs + 2,
	    "two exports of asks, two entries: the second not from a cache");
	is_int(exports_by("export", "person", "org"), people + 2,
	    "an export of people as CSV and one as XLSX, two entries");
	/* The page itself is no export, and records none. */
	http(&S, "GET", "/needs", "text/html", NULL, NULL, 0, &r);
	reply_free(&r);
	/* Nor is what an Accept prefers to a file, or refuses it for. */
	http(&S, "GET", "/needs", "application/json, text/csv;q=0.5", NULL,
	    NULL, 0, &r);
	ok(r.status == 200 && r.json != NULL &&
		json_is_array(json_object_get(r.json, "items")),
	    "JSON preferred (q=1) to CSV (q=0.5): the list in JSON");
	reply_free(&r);
	http(&S, "GET", "/needs", "text/csv;q=0, application/json;q=0.1", NULL,
	    NULL, 0, &r);
	ok(r.status == 200 && r.json != NULL,
	    "CSV not acceptable (q=0): JSON");
	reply_free(&r);
	http_json(&S, "GET", "/needs", NULL, &r);
	reply_free(&r);
	is_int(exports_by("export", "need", "org"), needs + 2,
	    "the page in HTML and JSON records no export");
}

/* More asks than a page of the list holds: all of them, once each. */
/*
 * People for the asks seeded in bulk, SEED_PEOPLE of them named "seeded
 * TAG N", and the SQL of the Nth's id for the ask numbered i: an ask's
 * insert refreshes its person's summaries from all their asks, so that
 * thousands of asks on one person would cost the square of their number.
 */
#define SEED_PEOPLE 100
static const char *
seed_people(struct server *s, const char *tag)
{
	static char who[200];
	char sql[600];

	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < %d) INSERT INTO person (name, name_fold, zone_id, "
	    "created_at, updated_at) SELECT 'Seeded %s ' || i, "
	    "'seeded %s ' || i, 1, '2025-01-01T00:00:00Z', "
	    "'2025-01-01T00:00:00Z' FROM c",
	    SEED_PEOPLE - 1, tag, tag);
	db_write(s, sql);
	snprintf(who, sizeof(who),
	    "(SELECT id FROM person WHERE name_fold = 'seeded %s ' || (i %% %d))",
	    tag, SEED_PEOPLE);
	return who;
}

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
	    "urgency, zone_id, created_at, updated_at) SELECT %s, "
	    "'groceries', 'seeded ' || i, 1 + i %% 3, 1, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM c",
	    seed_people(&S, "many"));
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

/* The spreadsheet solidarity export wrote at path: the admin's, as served. */
static void
xlsx_command(const char *path)
{
	struct reply r;
	json_t *file_rows = NULL, *served = NULL;
	char *xml = NULL, *file;
	size_t len = 0;

	file = testdb_slurp(path, &len);
	ok(file != NULL && len > 4 && memcmp(file, "PK\x03\x04", 4) == 0,
	    "the file is a zip (an XLSX file)");
	if (file != NULL)
		file_rows = xlsx_rows(file, len, &xml);
	free(xml);
	xml = NULL;
	as(NULL);
	http(&S, "GET", "/needs?status=all&format=xlsx", NULL, NULL, NULL, 0,
	    &r);
	if (r.body != NULL)
		served = xlsx_rows(r.body, r.len, &xml);
	free(xml);
	ok(file_rows != NULL && json_array_size(file_rows) == 2348 + 1 &&
		json_equal(file_rows, served),
	    "its sheet: every ask and the header, as the admin's download");
	json_decref(file_rows);
	json_decref(served);
	reply_free(&r);
	free(file);
	unlink(path);
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
	snprintf(path, sizeof(path), "%s/needs.xlsx", S.dir);
	is_int(server_cli(&S, (const char *[]){ "export", "needs", path,
				  NULL },
		   line, sizeof(line)),
	    0, "export needs FILE.xlsx: exit 0");
	xlsx_command(path);
	is_int(exports_by("cli export", "need", NULL), before + 2,
	    "in the audit trail too");
	snprintf(path, sizeof(path), "%s/needs.csv", S.dir);
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

/*
 * Asks enough that their file is megabytes, far more than the sockets
 * between us and the server hold: a client that stops reading stops the
 * server writing. details of 400 bytes each.
 */
static void
seed_long(struct server *s, int n)
{
	char sql[1200], pad[401];

	memset(pad, 'x', 400);
	pad[400] = '\0';
	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < %d) INSERT INTO need (person_id, category, details, "
	    "urgency, zone_id, created_at, updated_at) SELECT %s, "
	    "'groceries', 'long ' || i || ' %s', 1, 1, "
	    "'2025-02-01T00:00:00Z', '2025-02-01T00:00:00Z' FROM c",
	    n, seed_people(s, "long"), pad);
	db_write(s, sql);
}

/*
 * A raw GET of every ask as CSV over a connection whose receive buffer is
 * small, the request sent: the socket, or -1.
 */
static int
raw_export(struct server *s)
{
	char req[400];
	int fd = server_dial(s), small = 4096;
	size_t len;

	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	len = (size_t)snprintf(req, sizeof(req),
	    "GET /needs?status=all&format=csv HTTP/1.1\r\nHost: x\r\n"
	    "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
	    s->token);
	if (write(fd, req, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read from fd into b until it holds want bytes or the end: 0, or -1. */
static int
raw_read(int fd, struct buf *b, size_t want)
{
	char chunk[4096];
	ssize_t n;

	while (b->len < want) {
		n = read(fd, chunk, sizeof(chunk));
		if (n <= 0)
			return n == 0 ? 0 : -1;
		buf_add(b, chunk, (size_t)n);
	}
	return 0;
}

/* The rows of a CSV export (the header one of them), -1 for none. */
static long
export_lines(const char *csv)
{
	json_t *rows = csv != NULL ? csv_rows(csv, strlen(csv)) : NULL;
	long n = rows != NULL ? (long)json_array_size(rows) : -1;

	json_decref(rows);
	return n;
}

/*
 * A client that takes the file slowly holds no worker: others are
 * answered, exports too, while it has read only the first bytes.
 */
static void
test_slow_reader(void)
{
	struct buf raw = BUF_INIT;
	struct reply r;
	long t0;
	int fd = raw_export(&S);

	ok(fd != -1 && raw_read(fd, &raw, 16 * 1024) == 0 && raw.len > 0 &&
		strstr(raw.ptr, "200 OK") != NULL,
	    "a slow client has the first bytes of the file");
	t0 = now_ms();
	as(org);
	http_json(&S, "GET", "/needs?limit=1", NULL, &r);
	is_int(r.status, 200, "another client is answered meanwhile");
	reply_free(&r);
	http(&S, "GET", "/offers?format=csv", NULL, NULL, NULL, 0, &r);
	is_int(r.status, 200, "and another export too");
	reply_free(&r);
	ok(now_ms() - t0 < 5000, "without waiting for the slow one");
	if (fd != -1)
		close(fd);
	buf_free(&raw);
}

/*
 * Clients gone part-way through, more of them than streams may be sent
 * at once: each stream is let go (its connection and snapshot too), so
 * a whole export is served afterwards.
 */
static void
test_gone(long asks)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	struct buf raw = BUF_INIT;
	struct reply r = { 0 };
	int i, fd, started = 0, tries;

	for (i = 0; i < 24; i++) {
		fd = raw_export(&S);
		buf_reset(&raw);
		if (fd != -1 && raw_read(fd, &raw, 2000) == 0 &&
		    raw.len >= 2000 && strstr(raw.ptr, "200 OK") != NULL)
			started++;
		if (fd != -1)
			close(fd);
	}
	is_int(started, 24, "24 exports begun, each left after 2,000 bytes");
	buf_free(&raw);
	as(NULL);
	/* The server learns of each close a moment after it. */
	for (tries = 0; tries < 100; tries++) {
		http(&S, "GET", "/needs?status=all&format=csv", NULL, NULL,
		    NULL, 0, &r);
		if (r.status != 503)
			break;
		reply_free(&r);
		nanosleep(&pause, NULL);
	}
	is_int(r.status, 200, "then a whole export is served");
	is_int(export_lines(r.body), asks + 1, "every ask in it");
	reply_free(&r);
}

/*
 * A row that cannot be read once the header has gone: the body is cut
 * short (no last chunk), which a client sees as a failed download, and
 * the server says why in its log; the next export is whole. A server of
 * its own, whose database operations are made to fail on demand.
 */
static void
test_cut_short(void)
{
	struct server T;
	char dir[] = "/tmp/solidarity-cut-XXXXXX", arm[128], errs[128];
	char body[256], *log;
	struct reply r;
	FILE *f;
	long lines;

	if (mkdtemp(dir) == NULL) {
		ok(0, "a temporary directory");
		return;
	}
	snprintf(arm, sizeof(arm), "%s/arm", dir);
	snprintf(errs, sizeof(errs), "%s/stderr", dir);
	server_start(&T);
	as(NULL);
	http_created(&T, "/zones", "{\"name\":\"North\"}");
	seed_long(&T, 3000);
	/* Started again, armed: it counts until the file says when to fail. */
	server_pause(&T);
	snprintf(body, sizeof(body), "@%s", arm);
	setenv("SOLIDARITY_FAULT", body, 1);
	server_errfile = errs;
	server_resume(&T);
	unsetenv("SOLIDARITY_FAULT");
	server_errfile = NULL;
	/* Some hundred operations in: well into the rows, past the header. */
	f = fopen(arm, "w");
	ok(f != NULL && fprintf(f, "600\n") > 0 && fclose(f) == 0,
	    "a fault armed for a row in the middle of the file");
	http(&T, "GET", "/needs?status=all&format=csv", NULL, NULL, NULL, 0,
	    &r);
	is_int(r.status, -1, "the download fails: the body is cut short");
	ok(r.body != NULL && strncmp(r.body, BOM "id,", 6) == 0 &&
		(lines = export_lines(r.body)) > 2 && lines < 3001,
	    "after the header and some rows, not all (%ld)",
	    r.body != NULL ? export_lines(r.body) : -1L);
	reply_free(&r);
	http(&T, "GET", "/needs?status=all&format=csv", NULL, NULL, NULL, 0,
	    &r);
	is_int(r.status, 200, "the next export is served");
	is_int(export_lines(r.body), 3001, "whole");
	reply_free(&r);
	is_int(server_stop(&T), 0, "that server stops cleanly, nothing leaked");
	log = testdb_slurp(errs, NULL);
	ok(log != NULL && strstr(log, "export of needs cut short") != NULL,
	    "its log says the export was cut short");
	free(log);
	unlink(arm);
	unlink(errs);
	rmdir(dir);
}

static void
test_stream(void)
{
	long asks;

	seed_long(&S, 10000);
	asks = db_scalar(&S, "SELECT count(*) FROM need");
	test_slow_reader();
	test_gone(asks);
	test_cut_short();
}

/*
 * The other lists, whose files are made from their pages' items: a path
 * with its filters, its columns, the kind of record each file is audited
 * as (NULL: a list that names nobody, never audited), and whether a
 * volunteer may read it.
 */
static const struct {
	const char *path;
	const char *head;
	const char *entity;
	int volunteer;
} lists[] = {
	{ "/zones", "id,name,parent_id,lat,lon,open_needs", NULL, 1 },
	{ "/tasks?status=open", "id,user_id,login,person_id,person_name,"
	    "need_id,zone_id,rule_id,why,reason,due_at,due,status,outcome,"
	    "created_at,closed_at,closed_by,closed_login,is_open,overdue",
	    "task", 1 },
	{ "/runs", "id,driver_id,driver_login,created_at,stops", "run", 1 },
	{ "/grievances?zone_id=1", "id,title,target_id,target_name,"
	    "created_at,people,places", NULL, 0 },
	{ "/targets?kind=landlord", "id,name,kind", NULL, 0 },
	{ "/conversations", "id,person_id,person_name,zone_id,zone_name,"
	    "target_id,target_name,at,how", "conversation", 0 },
	{ "/campaigns", "id,demand,status,target_id,target_name,updated_at,"
	    "supporters", NULL, 0 },
	{ "/programs", "id,name,kind,zone_name,schedule_text,next_date", NULL,
	    1 },
	{ "/events", "id,name,kind,date,curriculum_id,curriculum_name,"
	    "attended,rsvps", NULL, 1 },
	{ "/curricula", "id,name,description,events", NULL, 1 },
	{ "/sessions", "id,program_id,program_name,date,start,end,status,"
	    "needed,taken,short", NULL, 1 },
	{ "/items?category=groceries", "id,name,unit,category", NULL, 1 },
	{ "/locations", "id,name,kind,zone_id,zone_name,take_what_you_need",
	    NULL, 1 },
	{ "/stock/moves?kind=in", "id,kind,reason,item_id,item_name,unit,"
	    "quantity,from_location_id,from_name,to_location_id,to_name,at,"
	    "reverses_id", NULL, 1 },
	{ "/stock", "location_id,location_name,kind,item_id,name,unit,"
	    "quantity,threshold,restock_to,bring,low", NULL, 1 },
	{ "/funds", "id,name,currency,public,overdraft,balance_minor", NULL,
	    0 },
	{ "/trainings", "id,name,description,completed", NULL, 0 },
	{ "/rules", "id,cond,n,why,user_id,login,due_days,enabled,updated_at",
	    "rule", 0 },
	{ "/sms?direction=in", "id,direction,status,phone_end,body,attempts,"
	    "next_at,last_error,created_at,sent_at,need_id,gateway",
	    "sms_message", 0 },
	/* Its own entries filtered out: a file is audited after it is made. */
	{ "/admin/audit?action=person.create", "id,at,user_id,login,action,"
	    "entity,entity_id,ip,change", "audit", 0 },
	{ "/bulletin", "id,number,title,status,public,period_from,period_to,"
	    "published_at", NULL, 1 },
};

#define LIST_TASKS 250

/* The columns of the list at path, as the table has them. */
static const char *
list_head(const char *path)
{
	size_t i;

	for (i = 0; strcmp(lists[i].path, path) != 0; i++)
		continue;
	return lists[i].head;
}

/* Something in each list, as the admin; what SQL must, as SQL. */
static void
lists_setup(void)
{
	char body[600], sql[900];
	long item, place;
	struct reply r;

	post_id("/targets", "{\"name\":\"=SUM(A1) Realty\","
			    "\"kind\":\"landlord\"}");
	snprintf(body, sizeof(body), "{\"title\":\"@no heat\",\"tags\":"
	    "[\"no heat\"],\"zone_ids\":[1],\"person_ids\":[%ld]}", person);
	post_id("/grievances", body);
	post_id("/conversations", "{\"name\":\"Talk One\",\"zone_id\":1,"
				  "\"how\":\"door\",\"problems\":\"No heat\","
				  "\"tags\":[\"No heat\"],\"target_name\":"
				  "\"Landlord One\",\"assessment\":2}");
	snprintf(body, sizeof(body), "{\"demand\":\"-Fix the heat\","
	    "\"person_ids\":[%ld]}", person);
	post_id("/campaigns", body);
	post_id("/programs", "{\"name\":\"Store\",\"kind\":\"free_store\","
			     "\"zone_id\":1,\"schedule\":[{\"weekday\":1,"
			     "\"start\":\"07:00\",\"end\":\"09:00\"}]}");
	post_id("/events", "{\"name\":\"Film\",\"kind\":\"film\",\"date\":"
			   "\"2027-01-10T18:30\"}");
	post_id("/curricula", "{\"name\":\"Course\"}");
	item = post_id("/items", "{\"name\":\"+Rice\",\"unit\":\"kg\","
				 "\"category\":\"groceries\"}");
	place = post_id("/locations", "{\"name\":\"Hall\",\"kind\":"
				      "\"pantry\",\"zone_id\":1}");
	snprintf(body, sizeof(body), "{\"kind\":\"in\",\"reason\":"
	    "\"donation\",\"item_id\":%ld,\"quantity\":3,\"location_id\":%ld}",
	    item, place);
	post_id("/stock/moves", body);
	snprintf(sql, sizeof(sql), "/locations/%ld/thresholds", place);
	snprintf(body, sizeof(body), "{\"item_id\":%ld,\"threshold\":5,"
	    "\"restock_to\":9}", item);
	as(NULL);
	http_json(&S, "POST", sql, body, &r);
	is_int(r.status, 200, "a threshold set");
	reply_free(&r);
	post_id("/funds", "{\"name\":\"Fund\",\"currency\":\"EUR\","
			  "\"public\":true,\"treasurer_ids\":[1]}");
	post_id("/trainings", "{\"name\":\"Module\"}");
	post_id("/bulletin", "{\"title\":\"News\"}");
	/* Half the tasks the volunteer's, more than a page in all. */
	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < %d) INSERT INTO task (user_id, person_id, why, due_at, "
	    "status, created_at, zone_id) SELECT CASE WHEN i %% 2 = 0 THEN "
	    "(SELECT id FROM app_user WHERE login = 'vol') END, %ld, "
	    "'invite_help', '2027-01-01T00:00:00Z', 'open', "
	    "'2026-01-01T00:00:00Z', 1 FROM c",
	    LIST_TASKS, formula_person);
	db_write(&S, sql);
	db_write(&S, "INSERT INTO run (driver_id, by_user, created_at) "
		     "SELECT id, 1, '2026-01-01T00:00:00Z' FROM app_user "
		     "WHERE login IN ('vol', 'coord')");
	db_write(&S, "INSERT INTO sms_message (direction, phone, body, "
		     "status, created_at) VALUES ('in', '+34600111222', "
		     "'=cmd|'' /C calc''!A0', 'received', "
		     "'2026-01-01T00:00:00Z')");
}

/* The export entries of kind (NULL: of every kind). */
static long
exports_of(const char *kind)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE action "
	    "= 'export'%s%s%s", kind ? " AND entity = '" : "", kind ? kind : "",
	    kind ? "'" : "");
	return db_scalar(&S, sql);
}

/*
 * Every other list, as the admin and as a volunteer where one may read
 * it, as CSV and XLSX: the JSON list's items cell for cell, more than a
 * page of them for the tasks; a formula cell guarded; an entry for each
 * file of a list with personal data, none for the others; a bad format
 * refused; a volunteer refused where the page refuses them.
 */
static void
test_lists(void)
{
	char who[160], url[300];
	json_t *rows;
	size_t i;
	long before, all;
	int x, files;
	struct reply r;

	lists_setup();
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		before = exports_of(lists[i].entity);
		all = exports_of(NULL);
		files = 0;
		for (x = 0; x < 2; x++) {
			snprintf(who, sizeof(who), "admin %s%s",
			    lists[i].path, x ? " (XLSX)" : "");
			rows = same_as_json(NULL, lists[i].path, lists[i].head,
			    x, who);
			ok(json_array_size(rows) > 1, "%s: rows", who);
			json_decref(rows);
			files++;
			if (!lists[i].volunteer)
				continue;
			snprintf(who, sizeof(who), "volunteer %s%s",
			    lists[i].path, x ? " (XLSX)" : "");
			json_decref(same_as_json(vol, lists[i].path,
			    lists[i].head, x, who));
			files++;
		}
		if (lists[i].entity != NULL)
			is_int(exports_of(lists[i].entity), before + files,
			    "%s: an entry %s for each file", lists[i].path,
			    lists[i].entity);
		else
			is_int(exports_of(NULL), all,
			    "%s: names nobody, no entry", lists[i].path);
		snprintf(url, sizeof(url), "%s%cformat=bogus", lists[i].path,
		    strchr(lists[i].path, '?') ? '&' : '?');
		as(NULL);
		http(&S, "GET", url, NULL, NULL, NULL, 0, &r);
		ok(r.status == 400 && r.json != NULL &&
			strcmp(error_field(&r), "format") == 0,
		    "%s: 400 naming format (%ld)", url, r.status);
		reply_free(&r);
		if (lists[i].volunteer)
			continue;
		snprintf(url, sizeof(url), "%s%cformat=csv", lists[i].path,
		    strchr(lists[i].path, '?') ? '&' : '?');
		as(vol);
		http(&S, "GET", url, NULL, NULL, NULL, 0, &r);
		ok(r.status == 403 && r.json != NULL,
		    "%s as a volunteer: 403 in JSON (%ld)", url, r.status);
		reply_free(&r);
	}
	as(NULL);
	http(&S, "GET", "/tasks?status=late&format=csv", NULL, NULL, NULL, 0,
	    &r);
	ok(r.status == 422 && r.json != NULL &&
		strcmp(error_field(&r), "status") == 0,
	    "a bad filter of a list: 422 naming it, in JSON (%ld)", r.status);
	reply_free(&r);
	/* The public bulletin for anyone, as its page: no draft, no entry. */
	all = exports_of(NULL);
	rows = same_as_json("", "/bulletin", list_head("/bulletin"), 0,
	    "nobody's bulletin");
	is_int((long)json_array_size(rows), 1,
	    "nobody's bulletin: the header only, the draft not in it");
	json_decref(rows);
	is_int(exports_of(NULL), all, "and no entry");
}

/* The tasks, each of the volunteer's and more than a page for the admin,
 * and the formula in a name made text. */
static void
test_list_tasks(void)
{
	json_t *rows;
	long id = db_scalar(&S, "SELECT min(id) FROM task");

	rows = same_as_json(NULL, "/tasks?status=open", list_head("/tasks?status=open"), 0,
	    "admin tasks");
	is_int((long)json_array_size(rows), LIST_TASKS + 1,
	    "every task, past the page of 200 the JSON list gives at most");
	is_str(cell(rows, id, 4),
	    "'=HYPERLINK(\"http://x.example\",\"pay\")",
	    "a name that is a formula: text in CSV");
	json_decref(rows);
	rows = same_as_json(NULL, "/tasks?status=open", list_head("/tasks?status=open"), 1,
	    "admin tasks (XLSX)");
	is_str(cell(rows, id, 4), "=HYPERLINK(\"http://x.example\",\"pay\")",
	    "and as it is in a text cell of the sheet");
	json_decref(rows);
	rows = same_as_json(vol, "/tasks?status=open", list_head("/tasks?status=open"), 0,
	    "volunteer tasks");
	is_int((long)json_array_size(rows), LIST_TASKS / 2 + 1,
	    "the volunteer's file: their own tasks only, as their page");
	json_decref(rows);
}

/*
 * A list past the cap of a file made whole in memory: 413 naming format,
 * no file and no entry. Last: it leaves 100,001 tasks behind.
 */
static void
test_list_cap(void)
{
	char sql[600];
	long before = exports_of("task");
	struct reply r;

	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < %d) INSERT INTO task (why, due_at, status, created_at) "
	    "SELECT 'invite_help', '2027-02-01T00:00:00Z', 'open', "
	    "'2026-01-01T00:00:00Z' FROM c",
	    100000 + 1 - LIST_TASKS);
	db_write(&S, sql);
	as(NULL);
	http(&S, "GET", "/tasks?format=xlsx", NULL, NULL, NULL, 0, &r);
	ok(r.status == 413 && r.json != NULL &&
		strcmp(error_field(&r), "format") == 0,
	    "100,001 tasks: 413 naming format (%ld)", r.status);
	reply_free(&r);
	is_int(exports_of("task"), before, "and no entry");
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
	test_stream();
	test_lists();
	test_list_tasks();
	test_list_cap();
	is_int(server_stop(&S), 0, "the server stops cleanly, nothing leaked");
	return tap_done();
}
