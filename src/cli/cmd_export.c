/*
 * solidarity export: a list (asks, offers, people) as the CSV or XLSX file
 * that GET /needs?format=csv|xlsx gives, as an admin sees it, in the audit
 * trail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "db/db.h"
#include "http/request.h"
#include "domain/hsds.h"
#include "pages/pages.h"
#include "render/i18n.h"
#include "render/when.h"
#include "util/banned.h"

static const char export_usage[] =
    "usage: solidarity export needs|offers|people FILE [--db DB]\n"
    "       solidarity export hsds DIR [--name NAME] [--country CC]\n"
    "                                  [--tz ZONE] [--lang en|es] [--db DB]\n\n"
    "Write every ask, offer or person as a CSV file (UTF-8, comma-\n"
    "separated, CRLF line ends), or as a spreadsheet when FILE ends in\n"
    ".xlsx: the columns of GET /needs?format=csv and the rows an admin\n"
    "sees there, which never include a phone, an email or an address.\n"
    "A CSV cell that a spreadsheet would run as a formula starts with ';\n"
    "an XLSX cell is text, a number or true/false, never a formula.\n"
    "FILE is readable by its owner only; - writes CSV to standard\n"
    "output. The export is in the audit trail.\n\n"
    "hsds writes the programs into DIR (made if missing) as Open\n"
    "Referral's HSDS 3.0, for directories and 211 lines to list: CSV\n"
    "files (organization, service, location, address,\n"
    "service_at_location, schedule) and datapackage.json. Names, kinds,\n"
    "zones, addresses and weekly hours only: nothing about a person.\n"
    "DIR must be a folder of your own that nobody else may write; its\n"
    "files are replaced all together or not at all. In the audit trail.\n\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "              (default " CMD_DEFAULT_DB ")\n"
    "  --name NAME the organization's name, 200 bytes at most (hsds;\n"
    "              default \"Mutual aid network\"); the identifiers\n"
    "              written are made from it\n"
    "  --country CC the addresses' country, two letters (hsds)\n"
    "  --tz ZONE   the time zone of the hours, e.g. America/Chicago (hsds)\n"
    "  --lang L    the language of the kinds, en or es (hsds; default en)\n"
    "  --help      show this help\n";

/* Write len bytes of data to path. 0, or -1 with errno. */
static int
export_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	if (fclose(f) != 0 || rc == -1) {
		rc = errno;
		unlink(path);
		errno = rc;
		return -1;
	}
	return 0;
}

/* XLSX for a FILE named *.xlsx, else CSV. */
static enum file_kind
export_kind(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0 ? FILE_XLSX
							       : FILE_CSV;
}

/*
 * The CSV file written to f as its rows are read, so that it is never
 * held whole: the number of rows, or -1 with p (the database's problem)
 * or with *werr the errno of a write that failed.
 */
static int64_t
export_csv_to(struct request *req, const struct export *e, FILE *f,
    struct problem *p, int *werr)
{
	struct export_stream *s = export_open(req, e, FILE_CSV, req->db, p);
	char chunk[32 * 1024];
	int64_t n;
	long len;

	if (s == NULL)
		return -1;
	while ((len = export_read(s, chunk, sizeof(chunk), p)) > 0)
		if (fwrite(chunk, 1, (size_t)len, f) != (size_t)len) {
			*werr = errno;
			len = -1;
			break;
		}
	n = len == 0 ? export_rows(s) : -1;
	export_close(s);
	return n;
}

/*
 * CSV streamed into path. On standard output the rows go out as they are
 * read, so the export is recorded before; a FILE is recorded once it is
 * whole, and removed when anything fails. As export_csv_to.
 */
static int64_t
export_csv(struct request *req, const struct export *e, const char *path,
    struct problem *p, int *werr)
{
	int out = strcmp(path, "-") == 0;
	FILE *f;
	int64_t n;

	if (out) {
		if (export_audit(req, e, "cli export", p) == -1)
			return -1;
		n = export_csv_to(req, e, stdout, p, werr);
		if (fflush(stdout) != 0 && *werr == 0)
			*werr = errno;
		return *werr != 0 ? -1 : n;
	}
	f = fopen(path, "wb");
	if (f == NULL) {
		*werr = errno;
		return -1;
	}
	n = export_csv_to(req, e, f, p, werr);
	if (fclose(f) != 0 && *werr == 0)
		*werr = errno;
	if (n != -1 && *werr == 0 &&
	    export_audit(req, e, "cli export", p) == -1)
		n = -1;
	if (n == -1 || *werr != 0) {
		unlink(path);
		return -1;
	}
	return n;
}

/* The export as an admin's request for the list of every row. */
static int
export_run(struct db *db, const struct export *e, const char *path)
{
	struct request req = { 0 };
	struct buf out = BUF_INIT;
	struct problem p = { 0 };
	int64_t n;
	int rc = 0, werr = 0;

	req.method = METHOD_GET;
	req.db = db;
	req.lang = i18n_langs[0];
	req.path = (char *)"/";
	req.viewer.role = ROLE_ADMIN;
	req.input = json_object();
	if (e->every_status != NULL)
		json_object_set_new(req.input, "status",
		    json_string(e->every_status));
	if (export_kind(path) == FILE_CSV)
		n = export_csv(&req, e, path, &p, &werr);
	else {
		n = export_file(&req, e, FILE_XLSX, "cli export", &out, &p);
		if (n != -1 && export_write(path, out.ptr, out.len) == -1)
			werr = errno;
	}
	json_decref(req.input);
	if (werr != 0) {
		fprintf(stderr, "solidarity: cannot write %s: %s\n", path,
		    strerror(werr));
		rc = 1;
	} else if (n == -1 && db_errcode(db) == DB_OK) {
		/* Not the database's: the file's (too many rows for a sheet).
		 */
		fprintf(stderr, "solidarity: cannot export: %s\n",
		    i18n_get(req.lang, p.msg));
		rc = 1;
	} else if (n == -1) {
		fprintf(stderr, "solidarity: cannot export: %s\n",
		    cmd_db_reason(db));
		rc = 1;
	} else if (strcmp(path, "-") != 0)
		printf("solidarity: %lld rows written to %s\n", (long long)n,
		    path);
	buf_free(&out);
	return rc;
}

/* --tz: a zone the system knows. */
static int
export_tz(void *arg, const char *value)
{
	if (when_zone(value) == -1)
		return -1;
	*(const char **)arg = value;
	return 0;
}

/* --country: two capital letters (ISO 3166-1 alpha-2). */
static int
export_country(void *arg, const char *value)
{
	if (strlen(value) != 2 || value[0] < 'A' || value[0] > 'Z' ||
	    value[1] < 'A' || value[1] > 'Z')
		return -1;
	*(const char **)arg = value;
	return 0;
}

/* A name a directory can show: some text, no control characters. */
static int
export_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > HSDS_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	return 1;
}

/* The programs as an HSDS directory, as an admin exports them. */
static int
export_hsds(struct db *db, const char *dir, const struct hsds_opts *o)
{
	struct viewer admin = { .role = ROLE_ADMIN };
	struct problem p;
	int64_t n = hsds_write(db, dir, o, &admin, &p);

	if (n == -1 && p.kind != PROBLEM_NONE) {
		fprintf(stderr, "solidarity: cannot export: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	if (n == -1 && errno == EPERM) {
		fprintf(stderr,
		    "solidarity: cannot write into %s: it must be a folder of "
		    "your own that nobody else may write\n",
		    dir);
		return 1;
	}
	if (n == -1) {
		fprintf(stderr, "solidarity: cannot write into %s: %s\n", dir,
		    strerror(errno));
		return 1;
	}
	printf("solidarity: %lld programs written to %s as HSDS\n",
	    (long long)n, dir);
	return 0;
}

int
cmd_export(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB, *lang = NULL, *name = NULL;
	struct hsds_opts h = { "Mutual aid network", NULL, NULL, "en",
		i18n_get };
	const struct cmd_opt opts[] = { { "db", .text = &url },
		{ "name", .text = &name },
		{ "country", .take = export_country, .arg = &h.country,
		    .want = "two capital letters (ISO 3166-1), as US or MX" },
		{ "tz", .take = export_tz, .arg = &h.tz,
		    .want = "a time zone of the system's, as America/Chicago" },
		{ "lang", .text = &lang }, { NULL } };
	const struct export *e = NULL;
	char **words, *err = NULL;
	int hsds;
	struct db *db;
	int rc;

	rc = cmd_options(argc, argv, export_usage, opts, 2, &words);
	if (rc != -1)
		return rc;
	hsds = strcmp(words[0], "hsds") == 0;
	if (!hsds) {
		e = export_find(words[0]);
		/* The directory's options say nothing to a list's file. */
		if (e == NULL || h.country != NULL || h.tz != NULL ||
		    lang != NULL || name != NULL)
			return cmd_usage_error(export_usage);
	} else if (strcmp(words[1], "-") == 0 ||
	    (name != NULL && !export_name_ok(name)) ||
	    (lang != NULL && strcmp(i18n_lang(lang), lang) != 0))
		/* A directory is files: no standard output for it. */
		return cmd_usage_error(export_usage);
	if (name != NULL)
		h.name = name;
	if (lang != NULL)
		h.lang = lang;
	if (i18n_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return 1;
	}
	db = cmd_open_db(url, 1);
	if (db == NULL)
		rc = 1;
	else
		rc = hsds ? export_hsds(db, words[1], &h)
			  : export_run(db, e, words[1]);
	if (db != NULL)
		db_close(db);
	i18n_done();
	return rc;
}
