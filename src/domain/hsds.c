/* The programs as an HSDS directory: see hsds.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "hsds.h"
#include "audit.h"
#include "tx.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/csv.h"
#include "util/window.h"
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

/* A schedule's rows are numbered within its program's: 32 a program. */
_Static_assert(WINDOW_MAX <= 32, "a program's hours fit its numbers");

/* Hash s into st, its length first, so that no two inputs run together. */
static void
hsds_hash(crypto_generichash_state *st, const char *s)
{
	uint64_t len = strlen(s);

	crypto_generichash_update(st, (const unsigned char *)&len, sizeof(len));
	crypto_generichash_update(st, (const unsigned char *)s, len);
}

/*
 * The identifier HSDS wants (a UUID) for record n of table, for the
 * organization named org: a hash of the three, so that each export
 * gives a record the same identifier and two networks never share one
 * (RFC 9562's version 8, its bits free). Another name, other ids.
 */
static void
hsds_uuid(const char *org, const char *table, int64_t n,
    char out[HSDS_UUID_LEN])
{
	crypto_generichash_state st;
	unsigned char h[16];
	char num[24];
	int i, o = 0;

	snprintf(num, sizeof(num), "%lld", (long long)n);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	hsds_hash(&st, "solidarity hsds");
	hsds_hash(&st, org);
	hsds_hash(&st, table);
	hsds_hash(&st, num);
	crypto_generichash_final(&st, h, sizeof(h));
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

	/* Programs read these, not people in a spreadsheet: no guard. */
	for (i = 0; i < n; i++)
		csv_cell_plain(b, cells[i], i == 0);
	csv_row_end(b);
}

/* HSDS's day codes, Monday first as windows count. */
static const char *const hsds_days[7] = { "MO", "TU", "WE", "TH", "FR", "SA",
	"SU" };

/* A window's opening and closing minutes of its day, 0 to 1439. */
static void
hsds_hours(const struct window *w, int *opens, int *closes)
{
	*opens = w->start % (24 * 60);
	/*
	 * A program's slot ends within its day (program.c refuses one past
	 * midnight); the remainder keeps a time of day whatever it is given.
	 */
	*closes = w->end % (24 * 60);
}

/*
 * The weekly hours of one program: a schedule row for each opening and
 * closing time, with every day that has it (Mon-Fri 07:00-09:00 is one
 * row, MO,TU,WE,TH,FR).
 */
static void
hsds_schedule(struct buf *b, const struct hsds_opts *o, const char *service,
    int64_t id, const char *schedule)
{
	char uuid[HSDS_UUID_LEN], note[160] = "", opens[CIVIL_TIME_LEN],
				  closes[CIVIL_TIME_LEN];
	struct buf days = BUF_INIT;
	struct windows ws;
	int oi, ci, ok, ck, seen;
	size_t i, k;

	if (schedule == NULL || window_parse(schedule, &ws) == -1)
		return;
	if (o->tz != NULL)
		snprintf(note, sizeof(note), "%s %s",
		    o->text(o->lang, "hsds_hours_in"), o->tz);
	for (i = 0; i < ws.n; i++) {
		hsds_hours(&ws.w[i], &oi, &ci);
		/* Hours an earlier window of the same times wrote: done. */
		seen = 0;
		for (k = 0; k < i && !seen; k++) {
			hsds_hours(&ws.w[k], &ok, &ck);
			seen = ok == oi && ck == ci;
		}
		if (seen)
			continue;
		buf_reset(&days);
		for (k = i; k < ws.n; k++) {
			hsds_hours(&ws.w[k], &ok, &ck);
			if (ok == oi && ck == ci)
				buf_printf(&days, "%s%s", days.len ? "," : "",
				    hsds_days[ws.w[k].start / (24 * 60)]);
		}
		civil_time(oi, opens);
		civil_time(ci, closes);
		hsds_uuid(o->name, "schedule", id * 32 + (int64_t)i, uuid);
		hsds_row(b, 7,
		    (const char *const[]){ uuid, service, "WEEKLY", days.ptr,
			opens, closes, note[0] ? note : NULL });
	}
	buf_free(&days);
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
	    (const char *const[]){ service, org, name, o->text(o->lang, kind),
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

/*
 * The folder dir, made if missing, open for writing files into (a
 * descriptor), or -1 with errno. Not a link, and ours alone to write: a
 * file another user could put there as a link would have us write
 * through it.
 */
static int
hsds_dir(const char *dir)
{
	struct stat st;
	int fd;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_uid != geteuid() ||
	    (st.st_mode & 022) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/*
 * Write len bytes of data as a new file tmp in the folder dfd: never
 * through a link, never over another file. 0, or -1 with errno.
 */
static int
hsds_file(int dfd, const char *tmp, const char *data, size_t len)
{
	ssize_t w;
	size_t done = 0;
	int fd, e;

	fd = openat(dfd, tmp,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	while (done < len) {
		w = write(fd, data + done, len - done);
		if (w <= 0) {
			e = w == 0 ? EIO : errno;
			close(fd);
			errno = e;
			return -1;
		}
		done += (size_t)w;
	}
	if (fsync(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* The names written, the package last: "service.csv", … */
static void
hsds_name(size_t i, char *out, size_t len, const char *suffix)
{
	if (i < T__MAX)
		snprintf(out, len, "%s.csv%s", hsds_tables[i], suffix);
	else
		snprintf(out, len, "datapackage.json%s", suffix);
}

/*
 * Every file as a temporary one first, then each renamed over its name:
 * a failure leaves the folder as it was (no mix of old and new files,
 * whose identifiers would not match), the temporary files removed.
 */
static int
hsds_files(const char *dir, struct buf *t, const char *pkg)
{
	char name[64], tmp[64];
	size_t i;
	int dfd = hsds_dir(dir), rc = -1, e;

	if (dfd == -1)
		return -1;
	for (i = 0; i <= T__MAX; i++) {
		hsds_name(i, tmp, sizeof(tmp), ".new");
		unlinkat(dfd, tmp, 0);
		if (hsds_file(dfd, tmp, i < T__MAX ? t[i].ptr : pkg,
			i < T__MAX ? t[i].len : strlen(pkg)) == -1)
			goto out;
	}
	for (i = 0; i <= T__MAX; i++) {
		hsds_name(i, tmp, sizeof(tmp), ".new");
		hsds_name(i, name, sizeof(name), "");
		if (renameat(dfd, tmp, dfd, name) == -1)
			goto out;
	}
	rc = 0;
out:
	e = errno;
	for (i = 0; i <= T__MAX; i++) {
		hsds_name(i, tmp, sizeof(tmp), ".new");
		unlinkat(dfd, tmp, 0);
	}
	close(dfd);
	errno = e;
	return rc;
}

/* The export in the audit trail, as the lists' are. */
static int
hsds_audit(struct db *db, void *arg, struct problem *p)
{
	return audit_log(db, arg, "cli export", "program", 0);
}

int64_t
hsds_write(struct db *db, const char *dir, const struct hsds_opts *o,
    const struct viewer *v, struct problem *p)
{
	struct buf t[T__MAX];
	char org[HSDS_UUID_LEN], *pkg;
	json_t *rows, *row, *package;
	int64_t n = -1;
	size_t i, k;

	memset(p, 0, sizeof(*p));
	rows = db_rows(db, stmt_programs, NULL, 0);
	if (rows == NULL) {
		tx_problem(db, p);
		return -1;
	}
	for (i = 0; i < T__MAX; i++) {
		t[i] = (struct buf)BUF_INIT;
		for (k = 0; hsds_columns[i][k] != NULL; k++)
			csv_cell_plain(&t[i], hsds_columns[i][k], k == 0);
		csv_row_end(&t[i]);
	}
	hsds_uuid(o->name, "organization", 0, org);
	hsds_row(&t[T_ORGANIZATION], 3,
	    (const char *const[]){ org, o->name,
		o->text(o->lang, "hsds_organization") });
	json_array_foreach (rows, i, row)
		hsds_program(t, o, org, row);
	package = hsds_package();
	pkg = json_dumps(package, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(package);
	if (pkg == NULL)
		errno = ENOMEM;
	else if (tx_run(db, hsds_audit, (void *)v, p) == -1)
		errno = 0;
	else if (hsds_files(dir, t, pkg) == 0)
		n = (int64_t)json_array_size(rows);
	arena_json_free(pkg);
	for (i = 0; i < T__MAX; i++)
		buf_free(&t[i]);
	json_decref(rows);
	return n;
}
