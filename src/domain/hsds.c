/* The programs as an HSDS directory: see hsds.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

#include "hsds.h"
#include "program.h"
#include "render/i18n.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/banned.h"

/*
 * Nothing about a person is read: not the lead, not who came. The
 * address is the place a program runs, which its people are to find.
 */
static const char stmt_programs[] =
    "SELECT p.id, p.name, p.kind, p.address, p.schedule, p.updated_at, "
    "z.name AS zone_name FROM program p LEFT JOIN zone z ON "
    "z.id = p.zone_id ORDER BY p.id";

enum {
	T_ORGANIZATION,
	T_SERVICE,
	T_LOCATION,
	T_ADDRESS,
	T_SERVICE_AT_LOCATION,
	T_SCHEDULE,
	T__MAX,
};

const char *const hsds_tables[T__MAX + 1] = {
	[T_ORGANIZATION] = "organization",
	[T_SERVICE] = "service",
	[T_LOCATION] = "location",
	[T_ADDRESS] = "address",
	[T_SERVICE_AT_LOCATION] = "service_at_location",
	[T_SCHEDULE] = "schedule",
	[T__MAX] = NULL,
};

/* Each table's columns in order: its CSV header, its package fields. */
static const char *const *const hsds_columns[T__MAX] = {
	[T_ORGANIZATION] = (const char *const[]){ "id", "name", "description",
	    NULL },
	[T_SERVICE] = (const char *const[]){ "id", "organization_id", "name",
	    "description", "status", "last_modified", NULL },
	[T_LOCATION] = (const char *const[]){ "id", "location_type",
	    "organization_id", "name", "description", NULL },
	[T_ADDRESS] = (const char *const[]){ "id", "location_id", "address_1",
	    "city", "state_province", "postal_code", "country", "address_type",
	    NULL },
	[T_SERVICE_AT_LOCATION] = (const char *const[]){ "id", "service_id",
	    "location_id", NULL },
	[T_SCHEDULE] = (const char *const[]){ "id", "service_id", "freq",
	    "byday", "opens_at", "closes_at", "description", NULL },
};

#define HSDS_UUID_LEN 37

/*
 * The identifier HSDS wants (a UUID) for record n of table, for the
 * organization named org: a hash of the three, so that each export
 * gives a record the same identifier and two networks never share one
 * (RFC 9562's version 8, its bits free).
 */
static void
hsds_uuid(const char *org, const char *table, int64_t n,
    char out[HSDS_UUID_LEN])
{
	unsigned char h[16];
	char key[512];
	int i, o = 0;

	snprintf(key, sizeof(key), "solidarity hsds\n%s\n%s\n%lld", org, table,
	    (long long)n);
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
	    strlen(key), NULL, 0);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		snprintf(out + o, 3, "%02x", h[i]);
		o += 2;
	}
	out[o] = '\0';
}

/* One row of cells into b: n of them, NULL an empty one. */
static void
hsds_row(struct buf *b, size_t n, const char *const cells[])
{
	size_t i;

	for (i = 0; i < n; i++)
		csv_cell(b, cells[i], i == 0);
	csv_row_end(b);
}

/* HSDS's day codes, Monday first as program_slots counts. */
static const char *const hsds_days[7] = { "MO", "TU", "WE", "TH", "FR", "SA",
	"SU" };

/*
 * The weekly hours of one program: a schedule row for each opening and
 * closing time, with every day that has it (Mon-Fri 07:00-09:00 is one
 * row, MO,TU,WE,TH,FR).
 */
static void
hsds_schedule(struct buf *b, const struct hsds_opts *o, const char *service,
    int64_t id, const char *schedule)
{
	json_t *slots = program_slots(schedule), *s, *t;
	char uuid[HSDS_UUID_LEN], note[160] = "";
	struct buf days = BUF_INIT;
	size_t i, k;

	if (o->tz != NULL)
		snprintf(note, sizeof(note), "%s %s",
		    i18n_get(o->lang, "hsds_hours_in"), o->tz);
	json_array_foreach (slots, i, s) {
		const char *start = json_string_value(
		    json_object_get(s, "start"));
		const char *end = json_string_value(json_object_get(s, "end"));
		int seen = 0;

		/* Skip hours an earlier slot of the same times wrote. */
		for (k = 0; k < i && !seen; k++) {
			t = json_array_get(slots, k);
			seen = strcmp(start,
				   json_string_value(
				       json_object_get(t, "start"))) == 0 &&
			    strcmp(end,
				json_string_value(json_object_get(t, "end"))) ==
				0;
		}
		if (seen)
			continue;
		buf_reset(&days);
		json_array_foreach (slots, k, t)
			if (strcmp(start,
				json_string_value(
				    json_object_get(t, "start"))) == 0 &&
			    strcmp(end,
				json_string_value(json_object_get(t, "end"))) ==
				0)
				buf_printf(&days, "%s%s", days.len ? "," : "",
				    hsds_days[json_integer_value(
						  json_object_get(t,
						      "weekday")) -
					1]);
		hsds_uuid(o->name, "schedule", id * 32 + (int64_t)i, uuid);
		hsds_row(b, 7,
		    (const char *const[]){ uuid, service, "WEEKLY", days.ptr,
			start, end, note[0] ? note : NULL });
	}
	buf_free(&days);
	json_decref(slots);
}

/* One program's rows into the tables' buffers. */
static void
hsds_program(struct buf *t, const struct hsds_opts *o, const char *org,
    json_t *row)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	const char *name = json_string_value(json_object_get(row, "name"));
	const char *address = json_string_value(
	    json_object_get(row, "address"));
	const char *zone = json_string_value(json_object_get(row, "zone_name"));
	char service[HSDS_UUID_LEN], location[HSDS_UUID_LEN],
	    uuid[HSDS_UUID_LEN], kind[64];

	snprintf(kind, sizeof(kind), "program_kind_%s",
	    json_string_value(json_object_get(row, "kind")));
	hsds_uuid(o->name, "service", id, service);
	hsds_row(&t[T_SERVICE], 6,
	    (const char *const[]){ service, org, name, i18n_get(o->lang, kind),
		"active",
		json_string_value(json_object_get(row, "updated_at")) });
	hsds_schedule(&t[T_SCHEDULE], o, service, id,
	    json_string_value(json_object_get(row, "schedule")));
	if (address == NULL && zone == NULL)
		return;
	hsds_uuid(o->name, "location", id, location);
	hsds_row(&t[T_LOCATION], 5,
	    (const char *const[]){ location, "physical", org, name, zone });
	hsds_uuid(o->name, "service_at_location", id, uuid);
	hsds_row(&t[T_SERVICE_AT_LOCATION], 3,
	    (const char *const[]){ uuid, service, location });
	if (address == NULL)
		return;
	/* The address is free text: it goes whole into the first line. */
	hsds_uuid(o->name, "address", id, uuid);
	hsds_row(&t[T_ADDRESS], 8,
	    (const char *const[]){ uuid, location, address, NULL, NULL, NULL,
		o->country, "physical" });
}

/* datapackage.json: each table, its file and its fields. */
static json_t *
hsds_package(void)
{
	json_t *resources = json_array(), *fields;
	size_t i, k;

	for (i = 0; i < T__MAX; i++) {
		char path[64];

		fields = json_array();
		for (k = 0; hsds_columns[i][k] != NULL; k++)
			json_array_append_new(fields,
			    json_pack("{s:s,s:s}", "name", hsds_columns[i][k],
				"type", "string"));
		snprintf(path, sizeof(path), "%s.csv", hsds_tables[i]);
		json_array_append_new(resources,
		    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:o,s:s}}", "name",
			hsds_tables[i], "path", path, "profile",
			"tabular-data-resource", "format", "csv", "mediatype",
			"text/csv", "encoding", "utf-8", "schema", "fields",
			fields, "primaryKey", "id"));
	}
	return json_pack("{s:s,s:s,s:s,s:o}", "name", "hsds", "title",
	    "Human Services Data Specification 3.0", "profile",
	    "tabular-data-package", "resources", resources);
}

/* Write len bytes of data as dir/name. 0, or -1 with errno. */
static int
hsds_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4096];
	FILE *f;
	int rc, e;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	e = errno;
	if (fclose(f) != 0 || rc == -1) {
		if (rc == -1)
			errno = e;
		return -1;
	}
	return 0;
}

int64_t
hsds_write(struct db *db, const char *dir, const struct hsds_opts *o,
    struct problem *p)
{
	struct buf t[T__MAX];
	char org[HSDS_UUID_LEN], *pkg;
	json_t *rows, *row, *package;
	int64_t n = -1;
	size_t i, k;

	memset(p, 0, sizeof(*p));
	rows = db_rows(db, stmt_programs, NULL, 0);
	if (rows == NULL) {
		problem_set(p, PROBLEM_UNAVAILABLE, "err_busy", NULL, 0);
		return -1;
	}
	for (i = 0; i < T__MAX; i++) {
		t[i] = (struct buf)BUF_INIT;
		for (k = 0; hsds_columns[i][k] != NULL; k++)
			csv_cell(&t[i], hsds_columns[i][k], k == 0);
		csv_row_end(&t[i]);
	}
	hsds_uuid(o->name, "organization", 0, org);
	hsds_row(&t[T_ORGANIZATION], 3,
	    (const char *const[]){ org, o->name,
		i18n_get(o->lang, "hsds_organization") });
	json_array_foreach (rows, i, row)
		hsds_program(t, o, org, row);
	package = hsds_package();
	pkg = json_dumps(package, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(package);
	if (mkdir(dir, 0777) == -1 && errno != EEXIST)
		goto out;
	for (i = 0; i < T__MAX; i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s.csv", hsds_tables[i]);
		if (hsds_file(dir, name, t[i].ptr, t[i].len) == -1)
			goto out;
	}
	if (pkg == NULL)
		errno = ENOMEM;
	if (pkg == NULL ||
	    hsds_file(dir, "datapackage.json", pkg, strlen(pkg)) == -1)
		goto out;
	n = (int64_t)json_array_size(rows);
out:
	arena_json_free(pkg);
	for (i = 0; i < T__MAX; i++)
		buf_free(&t[i]);
	json_decref(rows);
	return n;
}
