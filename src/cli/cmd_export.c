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
    "zones, addresses and weekly hours only: nothing about a person.\n\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "              (default " CMD_DEFAULT_DB ")\n"
    "  --name NAME the organization's name (hsds; default \"Mutual aid\n"
    "              network\")\n"
    "  --country CC the addresses' country, two letters (hsds)\n"
    "  --tz ZONE   the time zone of the hours, e.g. America/Chicago (hsds)\n"
    "  --lang L    the language of the kinds, en or es (hsds; default en)\n"
    "  --help      show this help\n";

/* Write len bytes of data to path ("-": stdout). 0, or -1 with errno. */
static int
export_write(const char *path, const char *data, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	if (f == stdout)
		return fflush(f) == 0 ? rc : -1;
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

/* The export as an admin's request for the list of every row. */
static int
export_run(struct db *db, const struct export *e, const char *path)
{
	struct request req = { 0 };
	struct buf out = BUF_INIT;
	struct problem p = { 0 };
	int64_t n;
	int rc = 0;

	req.method = METHOD_GET;
	req.db = db;
	req.lang = i18n_langs[0];
	req.path = (char *)"/";
	req.viewer.role = ROLE_ADMIN;
	req.input = json_object();
	if (e->every_status != NULL)
		json_object_set_new(req.input, "status",
		    json_string(e->every_status));
	n = export_file(&req, e, export_kind(path), "cli export", &out, &p);
	json_decref(req.input);
	if (n == -1) {
		fprintf(stderr, "solidarity: cannot export: %s\n",
		    cmd_db_reason(db));
		rc = 1;
	} else if (export_write(path, out.ptr, out.len) == -1) {
		fprintf(stderr, "solidarity: cannot write %s: %s\n", path,
		    strerror(errno));
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

/* The programs as an HSDS directory. */
static int
export_hsds(struct db *db, const char *dir, const struct hsds_opts *o)
{
	struct problem p;
	int64_t n = hsds_write(db, dir, o, &p);

	if (n == -1 && p.kind != PROBLEM_NONE) {
		fprintf(stderr, "solidarity: cannot export: %s\n",
		    cmd_db_reason(db));
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
	const char *url = CMD_DEFAULT_DB, *lang = NULL;
	struct hsds_opts h = { "Mutual aid network", NULL, NULL, "en" };
	const struct cmd_opt opts[] = { { "db", .text = &url },
		{ "name", .text = &h.name },
		{ "country", .take = export_country, .arg = &h.country,
		    .want = "two capital letters (ISO 3166-1), as US or MX" },
		{ "tz", .take = export_tz, .arg = &h.tz,
		    .want = "a time zone of the system's, as America/Chicago" },
		{ "lang", .text = &lang }, { NULL } };
	const struct export *e = NULL;
	char **words, *err = NULL;
	int hsds, dir_opts;
	struct db *db;
	int rc;

	rc = cmd_options(argc, argv, export_usage, opts, 2, &words);
	if (rc != -1)
		return rc;
	hsds = strcmp(words[0], "hsds") == 0;
	dir_opts = h.country != NULL || h.tz != NULL || lang != NULL ||
	    strcmp(h.name, "Mutual aid network") != 0;
	if (!hsds && (e = export_find(words[0])) == NULL)
		return cmd_usage_error(export_usage);
	/* The directory's options say nothing to a list's file. */
	if (!hsds && dir_opts)
		return cmd_usage_error(export_usage);
	if (lang != NULL && strcmp(i18n_lang(lang), lang) != 0)
		return cmd_usage_error(export_usage);
	if (lang != NULL)
		h.lang = lang;
	if (hsds && h.name[0] == '\0')
		return cmd_usage_error(export_usage);
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
