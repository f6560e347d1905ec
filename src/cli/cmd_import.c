/*
 * solidarity import: a spreadsheet's rows (a Google Form's answers, a
 * sheet, an export) made people, asks or offers, in one transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/import.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/phone.h"
#include "util/utf8.h"
#include "util/banned.h"

static const char import_usage[] =
    "usage: solidarity import FILE [--dry-run] [--kind needs|offers|people]\n"
    "       [--country CC] [--map COLUMN=field ...] [--skip-bad]\n"
    "       [--encoding utf-8|windows-1252] [--db DB]\n\n"
    "Make each row of a CSV file (UTF-8 with or without a byte order\n"
    "mark, or UTF-16 with one; ',', ';' or tabs, as Google Forms, Sheets,\n"
    "Excel and our exports write it) an ask, an offer or a person. The columns "
    "are mapped to\n"
    "fields by their names in English or Spanish (Timestamp, Nombre,\n"
    "Phone, Correo, What do you need?, Zip code...) and the mapping is\n"
    "printed first. Phones become E.164; a checkbox answer \"Groceries,\n"
    "Diapers\" makes an ask of each; an answer of no category makes one\n"
    "of 'other' with the words in its details; someone already on file\n"
    "by phone or email is not made again. Every row refused is printed\n"
    "with its number and why. The rows are written in one transaction:\n"
    "all of them, or none if one is bad (unless --skip-bad). FILE -\n"
    "reads standard input.\n\n"
    "  --dry-run          check and print, write nothing\n"
    "  --kind KIND        what a row makes: needs (default), offers\n"
    "                     or people\n"
    "  --country CC       the country of phone numbers written without\n"
    "                     theirs (default US); also, outside US and CA,\n"
    "                     dates like 5/3/2024 are read day first\n"
    "  --map COLUMN=field read the column COLUMN as field (one of\n"
    "                     created_at name last_name phone email address\n"
    "                     language zone category details urgency\n"
    "                     quantity status close_reason person_id, or\n"
    "                     ignore); may be given again\n"
    "  --skip-bad         write the good rows when some are bad\n"
    "  --encoding ENC     the file's text: utf-8 (default) or\n"
    "                     windows-1252, as Excel's \"CSV (Comma\n"
    "                     delimited)\" saves it on Windows; a file with\n"
    "                     a UTF-16 byte order mark (Excel's \"Unicode\n"
    "                     Text\") is read as UTF-16 either way,\n"
    "                     one with a UTF-8 mark as UTF-8\n"
    "  --db DB            a SQLite file or a postgres:// URL\n"
    "                     (default " CMD_DEFAULT_DB ")\n"
    "  --help             show this help\n";

/* How much of the file is read at a time. */
#define IMPORT_CHUNK (64 * 1024)

/* Whether standard error is a terminal (progress overwrites itself). */
static int import_tty;

/* The English text of a message id, {n} as arg. */
static void
import_say(struct buf *b, const char *id, int64_t arg)
{
	i18n_format(b, i18n_langs[0], id, arg);
}

static void
import_print_mapping(struct import *im)
{
	json_t *m;
	size_t i;

	printf("solidarity: the columns, as read:\n");
	json_array_foreach (import_mapping(im), i, m) {
		const char *field = json_string_value(
		    json_object_get(m, "field"));
		const char *by = json_string_value(json_object_get(m, "by"));

		const char *column = json_string_value(
		    json_object_get(m, "column"));
		size_t width = utf8_count(column, strlen(column));

		/* Aligned by characters, which printf's width is not. */
		printf("  %s%*s -> %s%s\n", column,
		    width < 32 ? (int)(32 - width) : 0, "",
		    by == NULL ? "(left out)" : field,
		    by == NULL                     ? ""
			: strcmp(by, "map") == 0   ? " (--map)"
			: strcmp(by, "words") == 0 ? " (by its words)"
						   : "");
	}
	fflush(stdout);
}

/* Print the refusals not printed yet, from *done on. */
static void
import_print_refused(struct import *im, size_t *done)
{
	json_t *refused = import_refused(im), *r;
	struct buf b = BUF_INIT;

	for (; *done < json_array_size(refused); (*done)++) {
		const char *column, *field;

		r = json_array_get(refused, *done);
		column = json_string_value(json_object_get(r, "column"));
		field = json_string_value(json_object_get(r, "field"));
		buf_reset(&b);
		buf_printf(&b, "row %lld: ",
		    (long long)json_integer_value(json_object_get(r, "row")));
		if (column != NULL || field != NULL)
			buf_printf(&b, "%s: ", column != NULL ? column : field);
		import_say(&b, json_string_value(json_object_get(r, "message")),
		    json_integer_value(json_object_get(r, "arg")));
		printf("%s\n", b.ptr);
	}
	buf_free(&b);
}

/* The mapping once the header is read, then a progress line. */
static void
import_progress(void *arg, struct import *im, int64_t rows)
{
	if (rows == 0) {
		import_print_mapping(im);
		return;
	}
	fprintf(stderr, "solidarity: %lld rows read%s", (long long)rows,
	    import_tty ? "\r" : "\n");
	fflush(stderr);
}

/*
 * The conversion the file's text needs, by its first piece (of at least 3
 * bytes unless the file is shorter) and --encoding (*from, NULL for
 * UTF-8, set to the encoding read): NULL when it is UTF-8, which goes to
 * the reader as it is read (the reader leaves a UTF-8 mark out).
 */
static struct utf8_conv *
import_conv(const char *path, const char *first, size_t len, const char **from)
{
	const char *bom = utf8_bom_encoding(first, len);

	/* The mark wins over --encoding: say what is read. */
	if (bom != NULL)
		*from = bom;
	else if (*from != NULL && len >= 3 &&
	    memcmp(first, "\xef\xbb\xbf", 3) == 0) {
		fprintf(stderr,
		    "solidarity: %s: begins with a UTF-8 byte order mark: "
		    "read as UTF-8, not windows-1252\n",
		    path);
		*from = NULL;
	}
	return *from != NULL ? utf8_conv_new(*from) : NULL;
}

/* Say why the reader refused the file, and what to do if it can be done. */
static void
import_say_refused(const char *path, struct csv_reader *reader)
{
	size_t record = 0;
	const char *err = csv_reader_error(reader, &record);

	if (err == NULL)
		return;
	fprintf(stderr, "solidarity: %s: row %zu: %s%s\n", path, record, err,
	    strcmp(err, CSV_NOT_UTF8) == 0
		? ": save the sheet as 'CSV UTF-8', or give --encoding "
		  "windows-1252"
		: "");
}

/*
 * Feed path ("-": standard input) to reader, from the encoding from
 * (NULL: UTF-8) made UTF-8: 0, or -1 having said why.
 */
static int
import_read(const char *path, const char *from, struct csv_reader *reader)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct utf8_conv *conv = NULL;
	struct buf text = BUF_INIT;
	char *chunk;
	size_t n, have = 0;
	int rc = 0, first = 1;

	if (f == NULL) {
		fprintf(stderr, "solidarity: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	chunk = xmalloc(IMPORT_CHUNK);
	while (rc == 0 && (n = fread(chunk, 1, IMPORT_CHUNK, f)) > 0) {
		have += n;
		if (first)
			conv = import_conv(path, chunk, n, &from);
		/* UTF-16 is Excel's "Unicode Text": tabs, whatever the
		 * commas of a question in its header. */
		if (first && from != NULL && strcmp(from, "UTF-16") == 0)
			csv_reader_set_delim(reader, '\t');
		first = 0;
		if (conv == NULL) {
			rc = csv_reader_feed(reader, chunk, n);
			continue;
		}
		buf_reset(&text);
		if (utf8_conv_feed(conv, chunk, n, &text) == -1) {
			fprintf(stderr,
			    "solidarity: %s: not %s text, after byte %zu\n",
			    path,
			    strcmp(from, "UTF-16") == 0 ? "UTF-16"
							: "windows-1252",
			    have - n);
			rc = -2;
		} else
			rc = csv_reader_feed(reader, text.ptr, text.len);
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "solidarity: cannot read %s: %s\n", path,
		    strerror(errno));
		rc = -2;
	} else if (rc == 0 && conv != NULL && utf8_conv_end(conv) == -1) {
		fprintf(stderr, "solidarity: %s: ends inside a character\n",
		    path);
		rc = -2;
	} else if (rc == 0)
		rc = csv_reader_end(reader);
	if (rc == -1)
		import_say_refused(path, reader);
	utf8_conv_free(conv);
	buf_free(&text);
	free(chunk);
	if (f != stdin)
		fclose(f);
	return rc == 0 ? 0 : -1;
}

/* Say p, the import's failure, on standard error. */
static void
import_say_problem(struct db *db, const struct problem *p)
{
	struct buf b = BUF_INIT;

	import_say(&b, p->msg, p->arg);
	if (p->kind == PROBLEM_INVALID && p->field != NULL)
		fprintf(stderr, "solidarity: %s: %s\n", p->field, b.ptr);
	else
		fprintf(stderr, "solidarity: cannot import: %s (%s)\n", b.ptr,
		    cmd_db_reason(db));
	buf_free(&b);
}

/* What the run made, or would have, or why it made nothing. */
static void
import_print_counts(struct import *im, enum import_kind kind, int written,
    int dry)
{
	json_t *c = import_counts(im);
	long long refused = json_integer_value(json_object_get(c, "refused"));
	const char *posts = kind == IMPORT_NEEDS ? "needs" : "offers";

	if (!dry && !written) {
		printf("solidarity: nothing written: %lld rows refused "
		       "(--skip-bad writes the others)\n",
		    refused);
		json_decref(c);
		return;
	}
	printf("solidarity: %s%lld people%s (%lld already on file)",
	    dry ? "dry run, nothing written: would create " : "",
	    (long long)json_integer_value(json_object_get(c, "people")),
	    dry ? "" : " created",
	    (long long)json_integer_value(json_object_get(c, "people_found")));
	if (kind != IMPORT_PEOPLE)
		printf(", %lld %s%s",
		    (long long)json_integer_value(json_object_get(c, posts)),
		    kind == IMPORT_NEEDS ? "asks" : "offers",
		    dry ? "" : " created");
	printf(", %lld zones%s, %lld rows refused\n",
	    (long long)json_integer_value(json_object_get(c, "zones")),
	    dry ? "" : " created", refused);
	json_decref(c);
}

/* --map COLUMN=field, into the object arg. */
static int
import_take_map(void *arg, const char *value)
{
	const char *eq = strrchr(value, '=');

	if (eq == NULL || eq == value || eq[1] == '\0')
		return -1;
	json_object_setn_new(arg, value, (size_t)(eq - value),
	    json_string(eq + 1));
	return 0;
}

/* --kind, into the enum arg. */
static int
import_take_kind(void *arg, const char *value)
{
	size_t i;

	for (i = 0; import_kinds[i] != NULL; i++)
		if (strcmp(import_kinds[i], value) == 0) {
			*(enum import_kind *)arg = (enum import_kind)i;
			return 0;
		}
	return -1;
}

static int
import_take_country(void *arg, const char *value)
{
	if (!phone_country_known(value))
		return -1;
	*(const char **)arg = value;
	return 0;
}

/* Run the import of path (of the encoding from) into db; the exit status. */
static int
import_run(struct db *db, const char *path, const char *from,
    const struct import_opts *o)
{
	struct import *im;
	struct csv_reader *reader;
	struct problem p = { 0 };
	size_t printed = 0;
	int rc, written = 0;

	/*
	 * A file's rows are one transaction: a page cache to hold it (the
	 * connection is closed after, its settings with it).
	 */
	if (db_tune_bulk(db, 0) == -1) {
		fprintf(stderr, "solidarity: import: %s\n", db_errmsg(db));
		return 1;
	}
	im = import_new(db, o);
	reader = import_reader(im);
	rc = import_read(path, from, reader);
	if (import_tty && import_rows(im) >= IMPORT_PROGRESS)
		fputc('\n', stderr);
	import_print_refused(im, &printed);
	if (import_failure(im) != NULL)
		import_say_problem(db, import_failure(im));
	else if (rc == 0 && !import_has_header(im)) {
		fprintf(stderr, "solidarity: %s has no header row\n", path);
		rc = -1;
	} else if (rc == 0) {
		written = import_end(im, &p);
		if (written == -1) {
			import_say_problem(db, &p);
			rc = -1;
		}
	}
	if (rc == 0) {
		import_print_counts(im, o->kind, written == 1, o->dry_run);
		/* A dry run ends as the run it stands for would. */
		if (written == 0 &&
		    !(o->dry_run &&
			(o->skip_bad || import_refused_rows(im) == 0)))
			rc = -1;
	}
	csv_reader_free(reader);
	import_free(im);
	return rc == -1 ? 1 : 0;
}

/* --encoding, into the iconv name arg (NULL for UTF-8). */
static int
import_take_encoding(void *arg, const char *value)
{
	if (strcasecmp(value, "utf-8") == 0)
		*(const char **)arg = NULL;
	else if (strcasecmp(value, "windows-1252") == 0)
		*(const char **)arg = "WINDOWS-1252";
	else
		return -1;
	return 0;
}

int
cmd_import(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	struct import_opts o = { .kind = IMPORT_NEEDS, .country = "US" };
	const char *from = NULL;
	json_t *map = json_object();
	const struct cmd_opt opts[] = {
		{ "db", .text = &url },
		{ "dry-run", .flag = &o.dry_run },
		{ "skip-bad", .flag = &o.skip_bad },
		{ "kind", .take = import_take_kind, .arg = &o.kind,
		    .want = "needs, offers or people" },
		{ "country", .take = import_take_country, .arg = &o.country,
		    .want = "a country code such as US or MX" },
		{ "map", .take = import_take_map, .arg = map,
		    .want = "COLUMN=field" },
		{ "encoding", .take = import_take_encoding, .arg = &from,
		    .want = "utf-8 or windows-1252" },
		{ NULL },
	};
	char **words, *err = NULL;
	struct db *db;
	int rc;

	rc = cmd_options(argc, argv, import_usage, opts, 1, &words);
	if (rc != -1) {
		json_decref(map);
		return rc;
	}
	if (i18n_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		json_decref(map);
		return 1;
	}
	o.map = map;
	o.text = i18n_get;
	o.langs = i18n_langs;
	o.action = "cli import";
	o.progress = import_progress;
	import_tty = isatty(STDERR_FILENO);
	db = cmd_open_db(url, 1);
	rc = db == NULL ? 1 : import_run(db, words[0], from, &o);
	if (db != NULL)
		db_close(db);
	i18n_done();
	json_decref(map);
	return rc;
}
