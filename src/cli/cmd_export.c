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
#include "pages/pages.h"
#include "render/i18n.h"
#include "util/banned.h"

static const char export_usage[] =
    "usage: solidarity export needs|offers|people FILE [--db DB]\n\n"
    "Write every ask, offer or person as a CSV file (UTF-8, comma-\n"
    "separated, CRLF line ends), or as a spreadsheet when FILE ends in\n"
    ".xlsx: the columns of GET /needs?format=csv and the rows an admin\n"
    "sees there, which never include a phone, an email or an address.\n"
    "A CSV cell that a spreadsheet would run as a formula starts with ';\n"
    "an XLSX cell is text, a number or true/false, never a formula.\n"
    "FILE is readable by its owner only; - writes CSV to standard\n"
    "output. The export is in the audit trail.\n\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "              (default " CMD_DEFAULT_DB ")\n"
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

int
cmd_export(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	const struct cmd_opt opts[] = { { "db", .text = &url }, { NULL } };
	const struct export *e;
	char **words, *err = NULL;
	struct db *db;
	int rc;

	rc = cmd_options(argc, argv, export_usage, opts, 2, &words);
	if (rc != -1)
		return rc;
	e = export_find(words[0]);
	if (e == NULL)
		return cmd_usage_error(export_usage);
	if (i18n_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return 1;
	}
	db = cmd_open_db(url, 1);
	rc = db == NULL ? 1 : export_run(db, e, words[1]);
	if (db != NULL)
		db_close(db);
	i18n_done();
	return rc;
}
