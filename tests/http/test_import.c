/*
 * solidarity import, the real binary on the backend under test, over the
 * messy files of tests/data/import: a Google Form's answers in Spanish
 * (byte order mark, ";", CRLF, a quoted line break, a blank row, a
 * trailing empty column) and a sheet in English (a cell guarded from
 * formulas, a checkbox answer, the same person's phone written two ways,
 * bad phones, dates and urgencies). The mapping is printed first; a dry
 * run and a run with a bad row write nothing in any table; --skip-bad
 * writes the good rows; the records are what the rows said; bad usage is
 * refused; and an export imported into an empty database gives the same
 * asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "db/db.h"
#include "util/buf.h"

static struct server S;

#define ES    "tests/data/import/es_forms.csv"
#define EN    "tests/data/import/en_sheet.csv"
#define PEOPLE "tests/data/import/people_map.csv"
#define QUESTIONS "tests/data/import/en_questions.csv"
#define AIRTABLE "tests/data/import/airtable.csv"
/* Excel on Windows: "CSV (delimitado por comas)", Windows-1252 and ";". */
#define CP1252 "tests/data/import/es_excel_1252.csv"
/* Excel's "Unicode Text": UTF-16LE with its byte order mark, tabs. */
#define UTF16 "tests/data/import/es_unicode.txt"

static char out[16384], err[4096];

/* solidarity import FILE args... --db url: the exit status. */
static int
import(const char *url, const char *const *args)
{
	const char *argv[24];
	int n = 0, i;

	argv[n++] = "import";
	for (i = 0; args[i] != NULL && n < 20; i++)
		argv[n++] = args[i];
	argv[n++] = "--db";
	argv[n++] = url;
	argv[n] = NULL;
	return cli_run(argv, out, sizeof(out), err, sizeof(err));
}

/*
 * Every table and its number of rows, as text: the same text before and
 * after means no table changed size.
 */
static char *
table_counts(const char *url)
{
	struct db *db = testdb_open(url);
	const char *list = testdb_is_pg()
	    ? "SELECT table_name AS name FROM information_schema.tables "
	      "WHERE table_schema = current_schema() AND "
	      "table_type = 'BASE TABLE' ORDER BY 1"
	    : "SELECT name FROM sqlite_master WHERE type = 'table' "
	      "ORDER BY 1";
	json_t *tables = db_rows(db, list, NULL, 0), *t;
	struct buf b = BUF_INIT;
	char sql[160];
	size_t i;

	json_array_foreach (tables, i, t) {
		const char *name = json_string_value(json_object_get(t,
		    "name"));

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", name);
		buf_printf(&b, "%s=%lld\n", name,
		    (long long)testdb_int(db, sql));
	}
	json_decref(tables);
	db_close(db);
	return buf_detach(&b, NULL);
}

/* A check that every table has as many rows as before said. */
static void
same_tables(const char *before, const char *what)
{
	char *after = table_counts(S.store.url);

	is_str(after, before, "%s", what);
	free(after);
}

/*
 * A check that the command's output (out, or err) holds needle; the
 * output is shown when it does not.
 */
static void
has(const char *where, const char *needle, const char *what)
{
	if (!ok(strstr(where, needle) != NULL, "%s", what))
		fprintf(stderr, "# looked for: %s\n# in:\n%s\n", needle,
		    where);
}

/* One value of the server's database, as text ("" when none). */
static char *
text(const char *sql)
{
	char *t = db_text(&S, sql);

	return t != NULL ? t : strdup("");
}

static void
is_text(const char *sql, const char *want, const char *what)
{
	char *t = text(sql);

	is_str(t, want, "%s", what);
	free(t);
}

/* The mapping is printed, and nothing is written, by a dry run. */
static void
test_dry_run(void)
{
	char *before = table_counts(S.store.url);

	is_int(import(S.store.url, (const char *[]){ ES, "--dry-run", NULL }),
	    1, "a dry run of a file with a bad row: exit 1, as the run");
	has(out, "Marca temporal                   -> created_at",
	    "the mapping: Marca temporal is created_at");
	has(out, "¿Qué necesitas?                  -> category",
	    "¿Qué necesitas? is the category, folded");
	has(out, "Código postal                    -> zone",
	    "Código postal is the zone");
	has(out, "row 5: Teléfono: too few digits for a phone number",
	    "the bad row by its number, its column and why");
	has(out, "would create 3 people (1 already on file), 5 asks, "
		       "2 zones, 1 rows refused",
	    "what it would make: two asks of a checkbox answer, the same "
	    "phone once");
	same_tables(before, "the dry run: every table as it was");
	is_int(import(S.store.url,
		   (const char *[]){ ES, "--dry-run", "--skip-bad", NULL }),
	    0, "a dry run with --skip-bad: exit 0");
	same_tables(before, "and every table as it was");
	free(before);
}

/*
 * Excel's files from Windows: UTF-16 read by its mark; Windows-1252
 * refused with what to do, and read with --encoding windows-1252.
 */
static void
test_encodings(void)
{
	char *before = table_counts(S.store.url);

	is_int(import(S.store.url, (const char *[]){ UTF16, "--dry-run", NULL }),
	    0, "UTF-16 with its mark and tabs: exit 0");
	has(out, "Teléfono                         -> phone",
	    "its Spanish headers mapped");
	has(out, "would create 2 people", "its rows read");
	is_int(import(S.store.url,
		   (const char *[]){ CP1252, "--dry-run", NULL }),
	    1, "Windows-1252 without --encoding: exit 1");
	has(err,
	    "row 1: not UTF-8 text: save the sheet as 'CSV UTF-8', or give "
	    "--encoding windows-1252",
	    "says which row and what to do");
	is_int(import(S.store.url,
		   (const char *[]){ CP1252, "--dry-run", "--encoding",
		       "windows-1252", NULL }),
	    0, "with --encoding windows-1252: exit 0");
	has(out, "¿Qué necesitas?                  -> category",
	    "its headers made UTF-8 and mapped");
	has(out, "would create 2 people (0 already on file), 2 asks",
	    "its rows read");
	is_int(import(S.store.url,
		   (const char *[]){ ES, "--dry-run", "--skip-bad", "--encoding",
		       "UTF-8", NULL }),
	    0, "--encoding utf-8, in any case: a UTF-8 file as without it");
	is_int(import(S.store.url,
		   (const char *[]){ CP1252, "--encoding", "latin1", NULL }),
	    2, "an encoding of neither: bad usage");
	/* A lone surrogate after the mark: UTF-16 read, whatever was given. */
	{
		static const char bad16[] = "\xff\xfe"
					    "a\0\t\0b\0\n\0"
					    "\x00\xdc\n\0";
		char path[] = "/tmp/solidarity-utf16-XXXXXX";
		int fd = mkstemp(path);

		ok(fd != -1 && write(fd, bad16, sizeof(bad16) - 1) ==
			    (ssize_t)(sizeof(bad16) - 1),
		    "a UTF-16 file with a lone surrogate written");
		if (fd != -1)
			close(fd);
		is_int(import(S.store.url,
			   (const char *[]){ path, "--dry-run", "--encoding",
			       "windows-1252", NULL }),
		    1, "UTF-16 not well formed: exit 1");
		has(err, "not UTF-16 text, after byte 0",
		    "names the encoding read by the mark, not --encoding");
		unlink(path);
	}
	same_tables(before, "dry runs and refusals: every table as it was");
	free(before);
}

/* One bad row and no --skip-bad: nothing at all. */
static void
test_all_or_nothing(void)
{
	char *before = table_counts(S.store.url);

	is_int(import(S.store.url, (const char *[]){ ES, NULL }), 1,
	    "a bad row: exit 1");
	has(out, "nothing written: 1 rows refused",
	    "says nothing was written");
	same_tables(before, "every table as it was");
	free(before);
}

/* The Spanish form, its good rows written. */
static void
test_spanish(void)
{
	long asks = db_count(&S, "need");

	is_int(import(S.store.url, (const char *[]){ ES, "--skip-bad", NULL }),
	    0, "--skip-bad: exit 0");
	has(out, "3 people created (1 already on file), 5 asks "
		       "created, 2 zones created, 1 rows refused",
	    "the counts");
	is_int(db_count(&S, "need"), asks + 5, "five asks");
	is_text("SELECT phone || ' ' || email || ' ' || language FROM person "
		"WHERE name = 'Ana Núñez'",
	    "+16175550101 ana@example.org es",
	    "name and surname joined, the phone E.164, Spanish as the form");
	is_text("SELECT count(*) FROM person WHERE name LIKE 'Ana%'", "1",
	    "Ana N. with the same phone written otherwise is Ana Núñez");
	is_text("SELECT count(*) FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Ana Núñez' AND n.category IN "
		"('groceries', 'diapers', 'clothing')",
	    "3", "her two checkboxes an ask each, and her next row's ask");
	is_text("SELECT details FROM need WHERE category = 'diapers' AND "
		"created_at = '2024-03-05T14:22:10Z'",
	    "Dos niños,\nuno de 2 años",
	    "the details with their line break; the Forms date as ISO");
	is_text("SELECT details FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Marta'",
	    "Comida para gatos: Tiene \"dos\" gatos",
	    "an unknown category kept in the details");
	is_text("SELECT category FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Marta'",
	    "other", "as other");
	is_text("SELECT phone || ' ' || email FROM person WHERE name = "
		"'Marta'",
	    "+525512345678 MARTA@example.org", "an international number");
	is_text("SELECT category FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Rosa'",
	    "utilities", "a label with commas inside brackets is one answer");
	is_text("SELECT count(*) FROM person WHERE name = 'Luis Pérez'", "0",
	    "the refused row made nobody");
	is_text("SELECT count(*) FROM audit WHERE action = 'cli import' AND "
		"entity = 'need'",
	    "5", "each ask in the audit trail");
	is_text("SELECT count(*) FROM need_tally WHERE status = 'open' AND "
		"category = 'other'",
	    "1", "the tally counts them");
}

/* The English sheet: formulas, checkboxes, people the same by phone. */
static void
test_english(void)
{
	is_int(import(S.store.url, (const char *[]){ EN, "--skip-bad", NULL }),
	    0, "the sheet with --skip-bad: exit 0");
	has(out, "row 7: Phone number: not a phone number",
	    "a phone of words refused");
	has(out, "row 8: Timestamp: not a date",
	    "a 13th month refused (US: the month first)");
	has(out, "row 9: How urgent?: not an urgency",
	    "an urgency of no known word refused");
	has(out, "row 10: Zip code: this field is required",
	    "an ask without a zone refused");
	has(out, "3 people created (1 already on file), 5 asks "
		       "created, 2 zones created, 4 rows refused",
	    "the counts");
	is_text("SELECT count(*) FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.phone = '+16175550199'",
	    "3", "Sam Lee's three asks, one person");
	is_text("SELECT urgency FROM need WHERE category = 'diapers' AND "
		"details = 'Two kids'",
	    "3", "high is 3, for each ask of the checkbox answer");
	is_text("SELECT name FROM person WHERE phone = '+16175550177'",
	    "=HYPERLINK(\"http://x\")", "a guarded formula unguarded");
	is_text("SELECT details FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.phone = '+16175550177'",
	    "+1 more month", "in the details too");
	is_text("SELECT category || ' ' || details FROM need n JOIN person p "
		"ON p.id = n.person_id WHERE p.email = 'kim@example.org'",
	    "prescriptions Needs insulin\nby Friday",
	    "medicine is prescriptions; LF files read too");
	is_text("SELECT language FROM person WHERE name = 'Kim'", "en",
	    "English headers: English speakers");
	is_text("SELECT created_at FROM need WHERE category = 'rent' AND "
		"details = '+1 more month'",
	    "2024-03-06T09:05:00Z", "3/6/2024 9:05:00 is the 6th of March");
	is_int(import(S.store.url, (const char *[]){ EN, "--skip-bad", NULL }),
	    0, "the same sheet again");
	has(out, "0 people created (4 already on file)",
	    "everyone found on file the second time");
}

/* --kind people with --map, and the mapping's "(--map)". */
static void
test_people_map(void)
{
	long people = db_count(&S, "person");

	is_int(import(S.store.url,
		   (const char *[]){ PEOPLE, "--kind", "people", "--map",
		       "barrio del pedido=zone", "--map",
		       "Nombre completo=name", NULL }),
	    0, "people with --map: exit 0");
	has(out, "Barrio del pedido                -> zone (--map)",
	    "the mapped column says so");
	has(out, "Notas internas                   -> (left out)",
	    "an unknown column is left out, and shown");
	has(out, "1 people created (1 already on file), 1 zones",
	    "José's phone is Ana's: found, not made");
	is_int(db_count(&S, "person"), people + 1, "one person more");
	is_text("SELECT language || ' ' || z.name FROM person p JOIN zone z "
		"ON z.id = p.zone_id WHERE p.phone = '+16175550142'",
	    "en Eastside", "English by its word, the zone by --map");
}

/*
 * A form's questions as headers: each known by a word or phrase in it,
 * and said so; a field a column has by its name is not taken again by a
 * question's words; "phone or email" and a date's question left out.
 * Then a tracker's export: its Created column, its statuses' words.
 */
static void
test_questions(void)
{
	is_int(import(S.store.url, (const char *[]){ QUESTIONS, NULL }), 0,
	    "a form's questions as headers: exit 0");
	has(out, "Your first name                  -> name (by its words)",
	    "a name asked for, by its words");
	has(out, "Which of these do you need? (check all that apply) -> "
		 "category (by its words)",
	    "what one needs");
	has(out, "Neighborhood / ZIP               -> zone (by its words)",
	    "the zone");
	has(out, "Anything else we should know?    -> details (by its words)",
	    "the details");
	has(out, "Cell phone for texts             -> (left out)",
	    "a second phone, when Phone names the column");
	has(out, "Phone or email (either is fine)  -> (left out)",
	    "a phone or an email, which either would refuse");
	has(out, "Date you need it by              -> (left out)",
	    "a date's question never taken for when it was asked");
	has(out, "3 asks created", "Rent and Utilities an ask each");
	is_text("SELECT phone FROM person WHERE name = 'Dolores'",
	    "+16175550161", "the phone from Phone");
	is_text("SELECT n.details FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Dolores'",
	    "Three kids", "the details from the question");
	is_int(import(S.store.url, (const char *[]){ AIRTABLE, NULL }), 0,
	    "a tracker's export: exit 0");
	has(out, "Created                          -> created_at",
	    "Created is when it was asked");
	is_text("SELECT n.status || ' ' || n.created_at FROM need n JOIN "
		"person p ON p.id = n.person_id WHERE p.name = 'Ana Diaz' "
		"AND n.category = 'rent'",
	    "fulfilled 2024-03-08T14:22:00Z", "Done is fulfilled; 2:22pm");
	is_text("SELECT n.status FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Bo Chen'",
	    "open", "In progress is open");
}

/* Bad usage and bad files, each writing nothing. */
static void
test_refused(void)
{
	char *before = table_counts(S.store.url);

	is_int(import(S.store.url, (const char *[]){ EN, "--kind", "asks",
				       NULL }),
	    2, "an unknown kind is bad usage");
	is_int(import(S.store.url, (const char *[]){ EN, "--country", "ZZ",
				       NULL }),
	    2, "an unknown country is bad usage");
	is_int(import(S.store.url, (const char *[]){ EN, "--map", "Name",
				       NULL }),
	    2, "a --map without = is bad usage");
	is_int(import(S.store.url, (const char *[]){ NULL }), 2,
	    "no FILE is bad usage");
	is_int(import(S.store.url, (const char *[]){ "/nonexistent.csv",
				       NULL }),
	    1, "a file that is not there: exit 1");
	is_int(import(S.store.url, (const char *[]){ EN, "--map", "Nope=name",
				       NULL }),
	    1, "--map of a column that is none: exit 1");
	has(err, "Nope: no column of the file has this name",
	    "says which");
	is_int(import(S.store.url, (const char *[]){ EN, "--map",
				       "Name=nickname", NULL }),
	    1, "--map to a field that is none: exit 1");
	is_int(import(S.store.url, (const char *[]){ EN, "--map",
				       "Zip code=ignore", NULL }),
	    1, "asks with no zone column: exit 1");
	has(err, "zone: no column of the file gives this field",
	    "says which field no column gives");
	same_tables(before, "none of them wrote anything");
	free(before);
}

/* The asks of the database at url, each as one line of text. */
static char *
asks_text(const char *url)
{
	struct db *db = testdb_open(url);
	json_t *rows = db_rows(db,
	    "SELECT n.created_at, n.category, n.details, n.urgency, n.status, "
	    "n.close_reason, z.name AS zone, p.name AS person FROM need n "
	    "JOIN zone z ON z.id = n.zone_id JOIN person p ON p.id = "
	    "n.person_id ORDER BY n.created_at, n.category, n.details",
	    NULL, 0);
	char *s = json_dumps(rows, JSON_SORT_KEYS | JSON_INDENT(1));

	json_decref(rows);
	db_close(db);
	return s;
}

/* Export, import into an empty database: the same asks and people. */
static void
test_round_trip(void)
{
	struct testdb empty;
	char path[128], *want, *got;
	long people;

	db_write(&S, "UPDATE need SET status = 'closed', close_reason = "
		     "'moved away' WHERE category = 'clothing'");
	db_write(&S, "UPDATE need SET status = 'fulfilled' WHERE category = "
		     "'rent'");
	snprintf(path, sizeof(path), "%s/needs.csv", S.dir);
	is_int(cli_run((const char *[]){ "export", "needs", path, "--db",
			   S.store.url, NULL },
		   out, sizeof(out), err, sizeof(err)),
	    0, "export needs FILE");
	testdb_make(&empty, S.dir, "empty");
	is_int(cli_run((const char *[]){ "init", "--db", empty.url, NULL }, out,
		   sizeof(out), err, sizeof(err)),
	    0, "an empty database");
	is_int(import(empty.url, (const char *[]){ path, NULL }), 0,
	    "the export imported: exit 0");
	has(out, "person_name                      -> name",
	    "the export's person_name is the name");
	has(out, "zone_name                        -> zone",
	    "its zone_name the zone");
	want = asks_text(S.store.url);
	got = asks_text(empty.url);
	is_str(got, want, "the same asks: time, category, details, "
			  "urgency, status, reason, zone, person");
	free(want);
	free(got);
	people = db_scalar(&S, "SELECT count(DISTINCT person_id) FROM need");
	is_int((long)testdb_int_on(empty.url,
		   "SELECT count(DISTINCT person_id) FROM need"),
	    people, "as many people, by the export's person_id");
	is_int((long)testdb_int_on(empty.url,
		   "SELECT count(*) FROM need_tally t WHERE n <> (SELECT "
		   "count(*) FROM need n WHERE n.status = t.status AND "
		   "n.zone_id = t.zone_id AND n.category = t.category)"),
	    0, "the tally counts what came in, by status");
	testdb_drop(&empty);
	unlink(path);
}

/* s with what a form body cannot carry as it is %-escaped (caller frees). */
static char *
form_escape(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_addc(&b, (char)c);
		else
			buf_printf(&b, "%%%02X", c);
	}
	return buf_detach(&b, NULL);
}

/* POST /import in JSON: the file at path as csv, and more (or NULL). */
static void
page_post(const char *path, json_t *more, struct reply *r)
{
	char *csv = testdb_slurp(path, NULL), *body;
	json_t *in = json_pack("{s:s}", "csv", csv);

	if (more != NULL)
		json_object_update(in, more);
	body = json_dumps(in, JSON_COMPACT);
	http_json(&S, "POST", "/import", body, r);
	free(body);
	free(csv);
	json_decref(in);
	json_decref(more);
}

/*
 * The page: a coordinator's preview writes nothing and says what the
 * command says; a confirmed import with a bad row is a 422 that writes
 * nothing, and its form again shows the rows refused in Spanish; with
 * skip_bad and a changed mapping it writes, audited as "import".
 */
static void
test_page(void)
{
	char *before = table_counts(S.store.url), *csv, *body, *esc;
	json_t *refused;
	long audit;
	struct reply r;

	http(&S, "GET", "/import", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && r.body != NULL &&
		strstr(r.body, "name=\"csv\"") != NULL,
	    "GET /import: the form");
	reply_free(&r);
	page_post(ES, NULL, &r);
	is_int(r.status, 200, "a preview: 200");
	ok(json_is_true(json_object_get(r.json, "preview")), "a preview");
	refused = json_object_get(r.json, "refused");
	is_int((long)json_array_size(refused), 1, "one row refused");
	is_str(json_string_value(json_object_get(json_array_get(refused, 0),
		   "column")),
	    "Teléfono", "by its column");
	is_int((long)json_integer_value(json_object_get(json_array_get(
		   refused, 0), "row")),
	    5, "and its row");
	is_int((long)json_array_size(json_object_get(r.json, "mapping")), 8,
	    "the mapping of the eight columns");
	is_int((long)json_integer_value(json_object_get(json_object_get(
		   r.json, "counts"), "needs")),
	    5, "five asks it would make");
	reply_free(&r);
	page_post(ES, json_pack("{s:b}", "confirm", 1), &r);
	is_int(r.status, 422, "confirmed with a bad row: 422");
	is_str(error_field(&r), "csv", "naming csv");
	reply_free(&r);
	same_tables(before, "the preview and the refusal wrote nothing");
	page_post(ES, json_pack("{s:s}", "map", "Nombre"), &r);
	is_int(r.status, 422, "a map line without =: 422");
	is_str(error_field(&r), "map", "naming map");
	reply_free(&r);
	page_post(ES, json_pack("{s:s}", "country", "ZZ"), &r);
	is_int(r.status, 422, "an unknown country: 422");
	is_str(error_field(&r), "country", "naming country");
	reply_free(&r);

	csv = testdb_slurp(ES, NULL);
	esc = form_escape(csv);
	body = malloc(strlen(esc) + 64);
	snprintf(body, strlen(esc) + 64, "csv=%s&confirm=1", esc);
	http(&S, "POST", "/import?lang=es", "text/html",
	    "application/x-www-form-urlencoded", body, strlen(body), &r);
	is_int(r.status, 422, "the form, confirmed with a bad row: 422");
	ok(r.body != NULL && strstr(r.body, "Fila 5 · Teléfono: faltan "
					    "dígitos") != NULL,
	    "the page again shows the row refused, in Spanish");
	ok(r.body != NULL && strstr(r.body, "Nombre=name") != NULL,
	    "and the mapping as lines to change");
	reply_free(&r);
	free(body);
	free(esc);
	free(csv);
	same_tables(before, "the form wrote nothing either");

	audit = db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			      "'import'");
	page_post(ES, json_pack("{s:b,s:b,s:s}", "confirm", 1, "skip_bad", 1,
		      "map", "Detalles=ignore\r\n"),
	    &r);
	is_int(r.status, 200, "confirmed with skip_bad: 200");
	ok(json_is_true(json_object_get(r.json, "imported")), "imported");
	is_str(json_string_value(json_object_get(json_array_get(
		   json_object_get(r.json, "mapping"), 7), "by")),
	    "map", "the changed column is the map's");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			     "'import'"),
	    audit + 5, "each ask made an entry (everyone was on file)");
	is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE details = "
			     "'Alimentos, Pañales'"),
	    2, "with the details left out, each ask says the answer");
	reply_free(&r);
	free(before);
}

/* POST /import in JSON: csv as it is, and more (or NULL). */
static void
page_post_text(const char *csv, json_t *more, struct reply *r)
{
	json_t *in = json_pack("{s:s}", "csv", csv);
	char *body;

	if (more != NULL)
		json_object_update(in, more);
	body = json_dumps(in, JSON_COMPACT);
	http_json(&S, "POST", "/import", body, r);
	free(body);
	json_decref(in);
	json_decref(more);
}

/*
 * The page's preview of csv, then its Import: the same text posted again
 * with the map the preview filled in, confirmed, and more (or NULL); that
 * answer in r.
 */
static void
page_round_trip(const char *csv, json_t *more, struct reply *r)
{
	json_t *again = json_pack("{s:b}", "confirm", 1), *map;

	page_post_text(csv, NULL, r);
	map = json_object_get(json_object_get(r->json, "values"), "map");
	ok(r->status == 200 && json_is_string(map),
	    "previewed, a map filled in");
	if (map != NULL)
		json_object_set(again, "map", map);
	reply_free(r);
	if (more != NULL)
		json_object_update(again, more);
	json_decref(more);
	page_post_text(csv, again, r);
}

/*
 * Imported through the page with the map its preview filled in, a file
 * makes what the command makes: a Spanish form's people speak Spanish;
 * the text is read as sent, its blanks first included.
 */
static void
test_page_round_trip(void)
{
	struct reply r;

	page_round_trip(
	    "Marca temporal,Nombre,Teléfono,Barrio,¿Qué necesitas?\n"
	    "2024/03/05 14:22:10,Lupe Trip,3125550142,La Villita,"
	    "Comida\n",
	    NULL, &r);
	is_int(r.status, 200, "a Spanish form, with the preview's map: 200");
	reply_free(&r);
	is_text("SELECT language FROM person WHERE name = 'Lupe Trip'", "es",
	    "its people's language is the headers', as the command says");

	page_post_text("\tName\tZip code\tCategory\r\n"
		       "1\tAna Tab\t60608\trent\r\n",
	    json_pack("{s:b}", "confirm", 1), &r);
	is_int(r.status, 200, "a sheet whose first header is empty: 200");
	reply_free(&r);
	is_text("SELECT n.category || '/' || z.name FROM need n JOIN person p "
		"ON p.id = n.person_id JOIN zone z ON z.id = n.zone_id "
		"WHERE p.name = 'Ana Tab'",
	    "rent/60608", "its leading tab kept: no column shifted");
	page_post_text("\r\n\r\nName,Phone,Zip code,Category\r\n"
		       "Ana,12,60608,rent\r\n",
	    NULL, &r);
	is_int((long)json_integer_value(json_object_get(
		   json_array_get(json_object_get(r.json, "refused"), 0),
		   "row")),
	    4, "blank lines first: a row numbered as the sheet numbers it");
	reply_free(&r);
	http(&S, "POST", "/import", "text/html",
	    "application/x-www-form-urlencoded",
	    "csv=%0D%0A%0D%0AName%2CZip+code%0D%0AAna%2C60608%0D%0A", 54, &r);
	ok(r.body != NULL &&
		strstr(r.body, ">\n\r\n\r\nName,Zip code\r\n") != NULL,
	    "the page's text box keeps them (a browser drops a first line "
	    "break)");
	reply_free(&r);
	page_round_trip("Name,Phone,Phone,Zip code,Category\n"
			"Dupe Cols,3125550171,3125550172,60608,rent\n",
	    NULL, &r);
	is_int(r.status, 200, "two columns of one name, with the preview's "
	    "map: 200");
	reply_free(&r);
	is_text("SELECT count(*) FROM person WHERE name = 'Dupe Cols' AND "
		"phone IS NOT NULL",
	    "1", "the first one's phone kept, as the preview showed");
	page_round_trip("\"Full\nName\",,Zip code,Category\n"
			"Two Lines,x,60608,rent\n",
	    NULL, &r);
	is_int(r.status, 200, "a header of two lines and an empty one, with "
	    "the preview's map: 200");
	reply_free(&r);
	is_text("SELECT count(*) FROM person WHERE name = 'Two Lines'", "1",
	    "and the row imported");
	/* FileMaker's line break in a cell: that row refused, not the file. */
	page_post_text("Name,Zip code,Category,Details\n"
		       "Vee Tab,60608,rent,one\vtwo\n"
		       "Plain Row,60608,rent,fine\n",
	    json_pack("{s:b,s:b}", "confirm", 1, "skip_bad", 1), &r);
	is_int(r.status, 200, "a control character in a cell: 200");
	is_int((long)json_integer_value(json_object_get(
		   json_array_get(json_object_get(r.json, "refused"), 0),
		   "row")),
	    2, "its row refused, by number");
	reply_free(&r);
	is_text("SELECT count(*) FROM person WHERE name IN ('Vee Tab', "
		"'Plain Row')",
	    "1", "and the other row written");
}

#define BOUNDARY "----SolidarityTestAbc123"
#define MULTIPART "multipart/form-data; boundary=" BOUNDARY

/*
 * A body as a browser posts the form: the form token (unless NULL), the
 * file at path as "file" (unless NULL; its bytes as they are), then the
 * fields, name and value in turn, NULL-ended. Its length in *len.
 */
static char *
multipart_body(const char *csrf, const char *path,
    const char *const *fields, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t n;
	char *file;

	if (csrf != NULL)
		buf_printf(&b,
		    "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		    "name=\"_csrf\"\r\n\r\n%s\r\n",
		    csrf);
	if (path != NULL) {
		file = testdb_slurp(path, &n);
		buf_printf(&b,
		    "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		    "name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: text/csv\r\n\r\n",
		    strrchr(path, '/') + 1);
		buf_add(&b, file, n);
		buf_adds(&b, "\r\n");
		free(file);
	}
	for (; fields != NULL && fields[0] != NULL; fields += 2)
		buf_printf(&b,
		    "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		    "name=\"%s\"\r\n\r\n%s\r\n",
		    fields[0], fields[1]);
	buf_adds(&b, "--" BOUNDARY "--\r\n");
	return buf_detach(&b, len);
}

/* POST /import as multipart (see multipart_body), answered as accept. */
static void
upload(const char *accept, const char *csrf, const char *path,
    const char *const *fields, struct reply *r)
{
	size_t len;
	char *body = multipart_body(csrf, path, fields, &len);

	http(&S, "POST", "/import", accept, MULTIPART, body, len, r);
	free(body);
}

/* The mapping's field for column in a JSON reply, or "". */
static const char *
mapped(struct reply *r, const char *column)
{
	json_t *m;
	size_t i;

	json_array_foreach (json_object_get(r->json, "mapping"), i, m)
		if (strcmp(json_string_value(json_object_get(m, "column")),
			column) == 0)
			return json_string_value(json_object_get(m, "field"));
	return "";
}

/*
 * The page takes a file, as a browser uploads it: UTF-8, Excel's
 * Windows-1252 CSV and its UTF-16 Unicode Text each previewed with their
 * Spanish headers mapped; the preview's form carries the file's text so
 * that its "Import" posts it again, and that writes; a body that is not
 * well formed, a file that is no text and a post without the form token
 * write nothing.
 */
static void
test_upload(void)
{
	char *before = table_counts(S.store.url), pw[128], line[256];
	char sid[160], cookie[256], csrf[128], login[320];
	static const char cut[] = "--" BOUNDARY "\r\nContent-Disposition: "
				  "form-data; name=\"csv\"\r\n\r\nName\r\nAna"
				  "\r\n";
	const char *p, *e;
	long needs;
	struct reply r;

	upload("application/json", NULL, EN, NULL, &r);
	is_int(r.status, 200, "a UTF-8 file, in JSON: 200");
	ok(json_is_true(json_object_get(r.json, "preview")), "a preview");
	is_str(mapped(&r, "Name"), "name", "its headers mapped");
	ok(json_string_length(json_object_get(json_object_get(r.json,
	       "values"), "csv")) > 100 &&
		json_object_get(json_object_get(r.json, "values"), "file") ==
		    NULL,
	    "the file's text comes back as csv, not twice");
	reply_free(&r);
	upload("application/json", NULL, CP1252,
	    (const char *[]){ "csv", "ignored,text\r\n1,2", NULL }, &r);
	is_int(r.status, 200, "a Windows-1252 file beside pasted text: 200");
	is_str(mapped(&r, "Teléfono"), "phone",
	    "the file wins; Teléfono made UTF-8 and mapped");
	is_str(mapped(&r, "¿Qué necesitas?"), "category",
	    "¿Qué necesitas? too");
	is_int((long)json_integer_value(json_object_get(json_object_get(
		   r.json, "counts"), "needs")),
	    2, "its two asks it would make");
	reply_free(&r);
	upload("application/json", NULL, UTF16, NULL, &r);
	is_int(r.status, 200, "a UTF-16LE file with tabs: 200");
	is_str(mapped(&r, "Código postal"), "zone", "its headers mapped");
	is_int((long)json_integer_value(json_object_get(json_object_get(
		   r.json, "counts"), "refused")),
	    0, "every row read, none refused");
	reply_free(&r);
	upload("application/json", NULL, NULL,
	    (const char *[]){ "kind", "needs", NULL }, &r);
	is_int(r.status, 422, "neither a file nor text: 422");
	is_str(error_field(&r), "csv", "naming csv");
	reply_free(&r);
	http(&S, "POST", "/import", "application/json", MULTIPART, cut,
	    sizeof(cut) - 1, &r);
	is_int(r.status, 400, "a body without its closing delimiter: 400");
	is_str(error_code(&r), "bad_request", "a bad request");
	reply_free(&r);
	http(&S, "POST", "/import", "application/json",
	    "multipart/form-data", "--x\r\n--x--", 10, &r);
	is_int(r.status, 400, "no boundary: 400");
	reply_free(&r);
	{
		static const char bin[] = "--" BOUNDARY "\r\n"
		    "Content-Disposition: form-data; name=\"file\"; "
		    "filename=\"a.xlsx\"\r\n\r\nPK\3\4\0\0\r\n"
		    "--" BOUNDARY "--\r\n";

		http(&S, "POST", "/import", "application/json", MULTIPART, bin,
		    sizeof(bin) - 1, &r);
		is_int(r.status, 422, "a binary file (an .xlsx): 422");
		is_str(error_field(&r), "file", "naming file");
		ok(r.body != NULL && strstr(r.body, "CSV UTF-8") != NULL,
		    "saying how to save the sheet");
		reply_free(&r);
	}
	same_tables(before, "previews and refusals wrote nothing");

	/* A browser: a session, the page's form token in the body. */
	server_cli(&S, (const char *[]){ "user", "password", "admin", NULL },
	    line, sizeof(line));
	p = strrchr(line, ' ');
	snprintf(pw, sizeof(pw), "%.100s", p != NULL ? p + 1 : line);
	snprintf(login, sizeof(login),
	    "{\"user\":\"admin\",\"password\":\"%s\"}", pw);
	http_json(&S, "POST", "/login", login, &r);
	if (reply_cookie(&r, "sid", sid, sizeof(sid)) == -1)
		sid[0] = '\0';
	reply_free(&r);
	snprintf(cookie, sizeof(cookie), "Cookie: sid=%s", sid);
	http_auth = "";
	http_header = cookie;
	http(&S, "GET", "/import", "text/html", NULL, NULL, 0, &r);
	ok(r.body != NULL &&
		strstr(r.body, "enctype=\"multipart/form-data\"") != NULL &&
		strstr(r.body, "type=\"file\" name=\"file\"") == NULL &&
		strstr(r.body, "name=\"file\" type=\"file\"") != NULL,
	    "the page's form uploads a file");
	csrf[0] = '\0';
	p = r.body != NULL ? strstr(r.body, "name=\"_csrf\" value=\"") : NULL;
	if (p != NULL && (e = strchr(p + 20, '"')) != NULL)
		snprintf(csrf, sizeof(csrf), "%.*s", (int)(e - p - 20), p + 20);
	reply_free(&r);
	upload("text/html", NULL, CP1252,
	    (const char *[]){ "confirm", "1", NULL }, &r);
	is_int(r.status, 403, "without the form token: 403");
	reply_free(&r);
	same_tables(before, "and nothing written");
	{
		struct buf xlsx = BUF_INIT;

		buf_printf(&xlsx,
		    "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		    "name=\"_csrf\"\r\n\r\n%s\r\n--" BOUNDARY "\r\n"
		    "Content-Disposition: form-data; name=\"file\"; "
		    "filename=\"a.xlsx\"\r\n\r\n",
		    csrf);
		buf_add(&xlsx, "PK\3\4\0\0", 6);
		buf_adds(&xlsx, "\r\n--" BOUNDARY "--\r\n");
		http(&S, "POST", "/import", "text/html", MULTIPART, xlsx.ptr,
		    xlsx.len, &r);
		buf_free(&xlsx);
		is_int(r.status, 422, "an .xlsx chosen in the browser: 422");
		ok(r.body != NULL &&
			strstr(r.body, "enctype=\"multipart/form-data\"") !=
			    NULL &&
			strstr(r.body, "CSV UTF-8") != NULL,
		    "the form again, saying how to save the sheet");
		reply_free(&r);
	}
	upload("text/html", csrf, CP1252, NULL, &r);
	is_int(r.status, 200, "with it, the page previews the file");
	ok(r.body != NULL && strstr(r.body, "<td>Teléfono</td><td>phone") !=
		    NULL,
	    "its mapping shown");
	ok(r.body != NULL &&
		strstr(r.body, "Talla M — niño\r\n</textarea>") != NULL,
	    "its text, made UTF-8, in the form's textarea");
	reply_free(&r);
	needs = db_count(&S, "need");
	upload("text/html", csrf, NULL,
	    (const char *[]){ "csv",
		"Nombre;Teléfono;¿Qué necesitas?;Código postal;Detalles\r\n"
		"Begoña;(617) 555-0301;Alimentos;02130;Café y azúcar\r\n"
		"Iñaki;617 555 0302;Ropa;02131;Talla M — niño\r\n",
		"file", "", "confirm", "1", NULL },
	    &r);
	is_int(r.status, 200, "Import posts that text again (no file): 200");
	ok(r.body != NULL && strstr(r.body, "Imported.") != NULL,
	    "saying it is imported");
	reply_free(&r);
	is_int(db_count(&S, "need"), needs + 2, "and writes its two asks");
	is_text("SELECT details FROM need n JOIN person p ON p.id = "
		"n.person_id WHERE p.name = 'Iñaki'",
	    "Talla M — niño", "in UTF-8");
	http_header = NULL;
	http_auth = NULL;
	free(before);
}

/* The summary tables of the database at url, row for row, as text. */
static char *
summaries_text(const char *url)
{
	static const char *const sql[] = {
		"SELECT dim, key, sub, person_id, latest FROM facing_person "
		"ORDER BY 1, 2, 3, 4",
		"SELECT dim, key, sub, people FROM facing_key ORDER BY 1, 2, 3",
		"SELECT person_id, month, prev, both_at FROM figures_mutual "
		"ORDER BY 1, 2",
		"SELECT month, prev, both_at, people FROM figures_mutual_count "
		"ORDER BY 1, 2, 3",
		/* and the ladder, whose touches are held as well */
		"SELECT person_id, stage, why FROM person_stage ORDER BY 1, 2, 3",
	};
	struct db *db = testdb_open(url);
	struct buf b = BUF_INIT;
	json_t *rows;
	char *s;
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		rows = db_rows(db, sql[i], NULL, 0);
		s = json_dumps(rows, JSON_COMPACT);
		buf_printf(&b, "%s\n", s != NULL ? s : "(no rows read)");
		free(s);
		json_decref(rows);
	}
	db_close(db);
	return buf_detach(&b, NULL);
}

/* A file of n rows from row first: a person every three, several months. */
static void
write_rows(const char *path, int first, int n)
{
	FILE *f = fopen(path, "w");
	int i;

	fprintf(f, "Timestamp,Name,Phone,What do you need?,Zip code\n");
	for (i = first; i < first + n; i++)
		fprintf(f, "2024-%02d-%02d 10:00:00,Person %d,617 555 %04d,\"%s\","
			   "0%d\n",
		    1 + i % 12, 1 + i % 28, i / 3, i / 3,
		    i % 4 == 0 ? "Groceries, Rent" : "Diapers", 2100 + i % 7);
	fclose(f);
}

/*
 * Past 2,000 rows the summaries' triggers are held and the tables
 * rebuilt, each person's ladder step taken once at the end, and (SQLite)
 * the asks' indexes made after the rows: the same tables, stages and
 * indexes as when each row fires them.
 */
static void
test_held(void)
{
	struct testdb held, fired;
	char whole[128], half1[128], half2[128], *a, *b;

	snprintf(whole, sizeof(whole), "%s/whole.csv", S.dir);
	snprintf(half1, sizeof(half1), "%s/half1.csv", S.dir);
	snprintf(half2, sizeof(half2), "%s/half2.csv", S.dir);
	write_rows(whole, 0, 2400);
	write_rows(half1, 0, 1200);
	write_rows(half2, 1200, 1200);
	testdb_make(&held, S.dir, "held");
	testdb_make(&fired, S.dir, "fired");
	cli_run((const char *[]){ "init", "--db", held.url, NULL }, out,
	    sizeof(out), err, sizeof(err));
	cli_run((const char *[]){ "init", "--db", fired.url, NULL }, out,
	    sizeof(out), err, sizeof(err));
	is_int(import(held.url, (const char *[]){ whole, NULL }), 0,
	    "2,400 rows at once: the triggers held");
	has(out, "800 people created (1600 already on file), 3000 asks",
	    "every row made");
	is_int(import(fired.url, (const char *[]){ half1, NULL }), 0,
	    "1,200 rows, each firing the triggers");
	is_int(import(fired.url, (const char *[]){ half2, NULL }), 0,
	    "and 1,200 more");
	a = summaries_text(held.url);
	b = summaries_text(fired.url);
	ok(strlen(a) > 1000, "the summaries hold rows");
	is_str(a, b, "the summary tables are the same either way");
	free(a);
	free(b);
	/* SQLite's held import made the asks' indexes after the rows. */
	if (!testdb_is_pg()) {
		static const char *const indexes =
		    "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
		    "AND tbl_name = 'need' AND sql IS NOT NULL";

		is_int((long)testdb_int_on(held.url, indexes),
		    (long)testdb_int_on(fired.url, indexes),
		    "the asks' indexes all there after the held import");
		ok(testdb_int_on(held.url, indexes) >= 10,
		    "(and there are many)");
		is_int((long)testdb_int_on(held.url,
			   "SELECT count(*) FROM pragma_integrity_check "
			   "WHERE integrity_check <> 'ok'"),
		    0, "every index holds every ask (integrity_check)");
	}
	testdb_drop(&held);
	testdb_drop(&fired);
	unlink(whole);
	unlink(half1);
	unlink(half2);
}

int
main(void)
{
	server_start(&S);
	test_dry_run();
	test_encodings();
	test_all_or_nothing();
	test_spanish();
	test_english();
	test_people_map();
	test_questions();
	test_refused();
	test_round_trip();
	test_page();
	test_page_round_trip();
	test_upload();
	test_held();
	server_stop(&S);
	return tap_done();
}
