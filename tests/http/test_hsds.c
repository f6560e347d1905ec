/*
 * solidarity export hsds DIR: the programs as Open Referral HSDS 3.0
 * (CSV files and datapackage.json) on both backends. Each file's header
 * is its resource's fields in the package; a service per program with
 * its kind in words, a location and an address only where there is a
 * place, weekly hours one row per opening and closing time with all
 * their days; identifiers are UUIDs, the same on a second export, and
 * every reference points at a record written; nothing about a person
 * (the lead, a guest, a phone) in any file; text as it is (no
 * spreadsheet guard); hours to the end of the day; Spanish
 * kinds with --lang es; in the audit trail; a link planted in the folder
 * is replaced, not written through, and a folder others may write is
 * refused; bad options exit 2 and a folder that cannot be written exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"

static struct server S;

static const char *const tables[] = { "organization", "service", "location",
	"address", "service_at_location", "schedule", NULL };

/* DIR/name's bytes (the caller frees them), or NULL. */
static char *
slurp(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return testdb_slurp(path, NULL);
}

/* The rows of DIR/TABLE.csv, the header first, or NULL. */
static json_t *
table(const char *dir, const char *t)
{
	char name[64], *text;
	json_t *rows;

	snprintf(name, sizeof(name), "%s.csv", t);
	text = slurp(dir, name);
	rows = text ? csv_rows(text, strlen(text)) : NULL;
	free(text);
	return rows;
}

/* The column named col of a table's rows, or -1. */
static int
column(json_t *rows, const char *col)
{
	json_t *name;
	size_t i;

	json_array_foreach (json_array_get(rows, 0), i, name)
		if (strcmp(json_string_value(name), col) == 0)
			return (int)i;
	return -1;
}

/* The value at col in the data row whose column key is value, or NULL. */
static const char *
lookup(json_t *rows, const char *key, const char *value, const char *col)
{
	json_t *row;
	size_t i;
	int k = column(rows, key), c = column(rows, col);

	json_array_foreach (rows, i, row)
		if (i > 0 && k >= 0 && c >= 0 &&
		    strcmp(json_string_value(json_array_get(row, (size_t)k)),
			value) == 0)
			return json_string_value(json_array_get(row, (size_t)c));
	return NULL;
}

/* Whether s is a UUID as RFC 9562 writes one, lower case. */
static int
is_uuid(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23)
			? s[i] != '-'
			: strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	return 1;
}

/* Whether every value of col in from is an id of to. */
static int
refers(json_t *from, const char *col, json_t *to)
{
	json_t *row;
	size_t i;
	int c = column(from, col);

	if (c < 0 || json_array_size(from) < 2)
		return 0;
	json_array_foreach (from, i, row)
		if (i > 0 && lookup(to, "id",
				 json_string_value(json_array_get(row,
				     (size_t)c)),
				 "id") == NULL)
			return 0;
	return 1;
}

static void
setup(void)
{
	struct reply r;

	is_int(http_status(&S, "POST", "/zones",
		   "{\"name\":\"Cedar Riverside\"}"),
	    201, "a zone");
	http_json(&S, "POST", "/people", "{\"name\":\"Lucía Lead\","
	    "\"phone\":\"+1 555 010 7788\",\"zone_id\":1}", &r);
	is_int(r.status, 201, "the lead is a person");
	reply_free(&r);
	http_json(&S, "POST", "/programs", "{\"name\":\"Breakfast for "
	    "children\",\"kind\":\"breakfast\",\"zone_id\":1,\"address\":"
	    "\"Union hall, 5 Main St\",\"schedule\":\"Mon-Fri 07:00-09:00, "
	    "Sat 10:00-12:00\",\"lead_person_id\":1}", &r);
	is_int(r.status, 201, "a breakfast program with a place and hours");
	reply_free(&r);
	http_json(&S, "POST", "/programs", "{\"name\":\"Phone tree\","
	    "\"kind\":\"other\"}", &r);
	is_int(r.status, 201, "a program with no place and no hours");
	reply_free(&r);
	http_json(&S, "POST", "/programs", "{\"name\":\"+Night shelter\","
	    "\"kind\":\"other\",\"address\":\"-\",\"schedule\":"
	    "\"Fri 20:00-23:59\"}", &r);
	is_int(r.status, 201, "a program to the end of the day, a sign first");
	reply_free(&r);
	http_json(&S, "POST", "/sessions/1/attendance",
	    "{\"name\":\"Gustavo Guest\",\"role\":\"guest\"}", &r);
	is_int(r.status, 201, "a guest came to a session");
	reply_free(&r);
}

/* Each file's header is its resource's fields, in order. */
static void
test_package(const char *dir)
{
	char *text = slurp(dir, "datapackage.json");
	json_t *pkg = text ? json_loads(text, 0, NULL) : NULL, *res, *f, *rows;
	size_t i, k;
	int same;

	ok(pkg != NULL, "datapackage.json is JSON");
	is_str(json_string_value(json_object_get(pkg, "profile")),
	    "tabular-data-package", "a tabular data package");
	res = json_object_get(pkg, "resources");
	is_int((long)json_array_size(res), 6, "six resources");
	for (i = 0; tables[i] != NULL; i++) {
		json_t *r = json_array_get(res, i);
		char path[64];

		snprintf(path, sizeof(path), "%s.csv", tables[i]);
		is_str(json_string_value(json_object_get(r, "path")), path,
		    "resource %zu is %s", i, path);
		rows = table(dir, tables[i]);
		f = json_object_get(json_object_get(r, "schema"), "fields");
		same = rows != NULL &&
		    json_array_size(f) == json_array_size(json_array_get(rows,
					       0));
		for (k = 0; same && k < json_array_size(f); k++)
			same = strcmp(json_string_value(json_object_get(
					  json_array_get(f, k), "name")),
				   json_string_value(json_array_get(
				       json_array_get(rows, 0), k))) == 0;
		ok(same, "%s: its header is its fields", path);
		json_decref(rows);
	}
	json_decref(pkg);
	free(text);
}

static void
test_tables(const char *dir)
{
	json_t *t[6], *row;
	const char *breakfast, *loc;
	size_t i;
	int uuids = 1;

	for (i = 0; i < 6; i++)
		t[i] = table(dir, tables[i]);
	is_int((long)json_array_size(t[0]), 2, "one organization");
	is_str(lookup(t[0], "name", "Cedar mutual aid", "name"),
	    "Cedar mutual aid", "named by --name");
	is_int((long)json_array_size(t[1]), 4, "a service for each program");
	breakfast = lookup(t[1], "name", "Breakfast for children", "id");
	is_str(lookup(t[1], "id", breakfast ? breakfast : "", "description"),
	    "Breakfast", "its kind in words");
	is_str(lookup(t[1], "id", breakfast ? breakfast : "", "status"),
	    "active", "active");
	is_int((long)json_array_size(t[2]), 3,
	    "a location only for the programs with a place");
	loc = lookup(t[4], "service_id", breakfast ? breakfast : "",
	    "location_id");
	is_str(lookup(t[2], "id", loc ? loc : "", "description"),
	    "Cedar Riverside", "the location is in its zone");
	is_str(lookup(t[3], "location_id", loc ? loc : "", "address_1"),
	    "Union hall, 5 Main St", "its address, whole");
	is_str(lookup(t[3], "location_id", loc ? loc : "", "country"), "US",
	    "in --country");
	is_int((long)json_array_size(t[5]), 4,
	    "two rows of hours for two times, one for the evening");
	is_str(lookup(t[5], "byday", "MO,TU,WE,TH,FR", "opens_at"), "07:00",
	    "Mon-Fri opens at 07:00");
	is_str(lookup(t[5], "byday", "MO,TU,WE,TH,FR", "closes_at"), "09:00",
	    "and closes at 09:00");
	is_str(lookup(t[5], "byday", "SA", "opens_at"), "10:00",
	    "Saturday opens at 10:00");
	is_str(lookup(t[5], "byday", "SA", "freq"), "WEEKLY", "weekly");
	is_str(lookup(t[5], "byday", "FR", "closes_at"), "23:59",
	    "Fri 20:00-23:59 closes at 23:59");
	ok(lookup(t[1], "name", "+Night shelter", "id") != NULL,
	    "a name that starts with a sign is as it is: no spreadsheet guard");
	ok(lookup(t[3], "address_1", "-", "id") != NULL,
	    "and an address of a dash too");
	is_str(lookup(t[5], "byday", "SA", "description"),
	    "Hours in America/Chicago", "in the time zone given");
	for (i = 0; i < 6; i++) {
		size_t k;

		json_array_foreach (t[i], k, row)
			if (k > 0 &&
			    !is_uuid(json_string_value(json_array_get(row, 0))))
				uuids = 0;
	}
	ok(uuids, "every identifier is a UUID");
	ok(refers(t[1], "organization_id", t[0]) &&
		refers(t[2], "organization_id", t[0]) &&
		refers(t[3], "location_id", t[2]) &&
		refers(t[4], "service_id", t[1]) &&
		refers(t[4], "location_id", t[2]) &&
		refers(t[5], "service_id", t[1]),
	    "every reference is to a record written");
	for (i = 0; i < 6; i++)
		json_decref(t[i]);
}

/* No file holds anything about a person. */
static void
test_no_person(const char *dir)
{
	char name[64], *text;
	size_t i;
	int clean = 1;

	for (i = 0; i < 7; i++) {
		if (tables[i] != NULL)
			snprintf(name, sizeof(name), "%s.csv", tables[i]);
		else
			snprintf(name, sizeof(name), "datapackage.json");
		text = slurp(dir, name);
		if (text == NULL || strstr(text, "Lucía") != NULL ||
		    strstr(text, "Gustavo") != NULL ||
		    strstr(text, "555") != NULL)
			clean = 0;
		free(text);
		if (tables[i] == NULL)
			break;
	}
	ok(clean, "no lead, no guest, no phone in any file");
}

/*
 * A link planted where a file will go is replaced, not written through;
 * a folder others may write is refused.
 */
static void
test_folder(void)
{
	char dir[256], link[300], victim[300], line[512], *text;
	struct stat st;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/planted", S.dir);
	snprintf(victim, sizeof(victim), "%s/victim", S.dir);
	snprintf(link, sizeof(link), "%s/service.csv", dir);
	mkdir(dir, 0700);
	f = fopen(victim, "w");
	fputs("keep me\n", f);
	fclose(f);
	ok(symlink(victim, link) == 0, "a link planted as service.csv");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir, NULL },
		   line, sizeof(line)),
	    0, "the export over it: exit 0");
	text = testdb_slurp(victim, NULL);
	is_str(text, "keep me\n", "the file the link named is untouched");
	free(text);
	ok(lstat(link, &st) == 0 && S_ISREG(st.st_mode),
	    "service.csv is now a file of its own");
	chmod(dir, 0777);
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir, NULL },
		   line, sizeof(line)),
	    1, "a folder anyone may write: exit 1");
	chmod(dir, 0700);
}

int
main(void)
{
	char dir[256], again[256], es[256], line[512], *a, *b;
	json_t *services;
	size_t i;
	int same = 1;

	server_start(&S);
	setup();
	snprintf(dir, sizeof(dir), "%s/hsds", S.dir);
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
				  "--name", "Cedar mutual aid", "--country",
				  "US", "--tz", "America/Chicago", NULL },
		   line, sizeof(line)),
	    0, "export hsds DIR: exit 0");
	ok(strstr(line, "3 programs written") != NULL, "says how many: %s",
	    line);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			     "'cli export' AND entity = 'program'"),
	    1, "in the audit trail");
	test_package(dir);
	test_tables(dir);
	test_no_person(dir);

	snprintf(again, sizeof(again), "%s/hsds-again", S.dir);
	server_cli(&S, (const char *[]){ "export", "hsds", again, "--name",
			   "Cedar mutual aid", "--country", "US", "--tz",
			   "America/Chicago", NULL },
	    line, sizeof(line));
	for (i = 0; tables[i] != NULL; i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s.csv", tables[i]);
		a = slurp(dir, name);
		b = slurp(again, name);
		if (a == NULL || b == NULL || strcmp(a, b) != 0)
			same = 0;
		free(a);
		free(b);
	}
	ok(same, "a second export is the same, identifiers and all");

	snprintf(es, sizeof(es), "%s/hsds-es", S.dir);
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", es, "--lang",
				  "es", NULL },
		   line, sizeof(line)),
	    0, "--lang es: exit 0");
	services = table(es, "service");
	is_str(lookup(services, "name", "Breakfast for children",
		   "description"),
	    "Desayuno", "the kinds in Spanish");
	json_decref(services);

	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
				  "--country", "USA", NULL },
		   line, sizeof(line)),
	    2, "a country of three letters: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir, "--tz",
				  "Nowhere/Atlantis", NULL },
		   line, sizeof(line)),
	    2, "a time zone nobody knows: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
				  "--lang", "fr", NULL },
		   line, sizeof(line)),
	    2, "a language we do not speak: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
				  "--name", "", NULL },
		   line, sizeof(line)),
	    2, "an empty name: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "needs", dir,
				  "--country", "US", NULL },
		   line, sizeof(line)),
	    2, "a directory's option on a list: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds",
				  "/nonexistent/dir/hsds", NULL },
		   line, sizeof(line)),
	    1, "a folder that cannot be made: exit 1");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", "-", NULL },
		   line, sizeof(line)),
	    2, "no standard output for a directory: exit 2");
	is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
				  "--name", "Two\nlines", NULL },
		   line, sizeof(line)),
	    2, "a name with a line break: exit 2");
	{
		char longname[260];

		memset(longname, 'x', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		is_int(server_cli(&S, (const char *[]){ "export", "hsds", dir,
					  "--name", longname, NULL },
			   line, sizeof(line)),
		    2, "a name of 259 bytes: exit 2");
	}
	is_int(server_cli(&S, (const char *[]){ "export", "needs", dir,
				  "--name", "Cedar", NULL },
		   line, sizeof(line)),
	    2, "a directory's name on a list: exit 2");
	test_folder();
	server_stop(&S);
	return tap_done();
}
