/*
 * Spreadsheets brought in: the rows of a CSV file (a Google Form's
 * answers, a sheet, an export of ours) made people, asks and offers
 * through the same domain calls as the web's forms, in one transaction.
 * The caller reads the file (util/csv.h) and hands over the header, then
 * each row; the header's columns are mapped to fields by their names, in
 * English or Spanish, or as the caller says.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/csv.h"
#include "util/problem.h"

/* What each row becomes: an ask (or several), an offer, or a person. */
enum import_kind {
	IMPORT_NEEDS,
	IMPORT_OFFERS,
	IMPORT_PEOPLE,
	IMPORT_KIND__MAX,
};

/* The kinds' names ("needs" …), NULL-ended, in enum order. */
extern const char *const import_kinds[];

/* What a column holds. */
enum import_field {
	IMPORT_IGNORE,
	IMPORT_CREATED_AT,
	IMPORT_NAME,
	IMPORT_LAST_NAME,
	IMPORT_PHONE,
	IMPORT_EMAIL,
	IMPORT_ADDRESS,
	IMPORT_LANGUAGE,
	IMPORT_ZONE,
	IMPORT_CATEGORY,
	IMPORT_DETAILS,
	IMPORT_URGENCY,
	IMPORT_QUANTITY,
	IMPORT_STATUS,
	IMPORT_CLOSE_REASON,
	/* An id naming the same person on other rows (an export's). */
	IMPORT_PERSON_REF,
	IMPORT_FIELD__MAX,
};

/* The fields' names, as --map and the mapping say them, in enum order. */
extern const char *const import_fields[];

struct import;

struct import_opts {
	enum import_kind kind;
	/* The default country of phone numbers (util/phone.h). */
	const char *country;
	/* Write nothing: every row is checked and written, then undone. */
	int dry_run;
	/* Write the good rows when some are bad, instead of none. */
	int skip_bad;
	/* Column name -> field name, over the automatic mapping; or NULL. */
	json_t *map;
	/*
	 * The text of a message id in a language (i18n_get), and the
	 * languages: categories, statuses and languages are also taken in
	 * the words the pages show them in.
	 */
	const char *(*text)(const char *lang, const char *id);
	const char *const *langs;
	/* Who imports, for the audit trail (NULL: the command line). */
	const struct viewer *viewer;
	const char *action; /* the audit entries' action */
	/*
	 * Optional: called once the header is mapped (rows 0), so that the
	 * mapping is shown before anything is written, then every
	 * IMPORT_PROGRESS rows, for a progress line.
	 */
	void (*progress)(void *arg, struct import *, int64_t rows);
	void *progress_arg;
};

/* How many rows apart import_opts' progress is called. */
#define IMPORT_PROGRESS 10000

/* An import into db by opts (held, with map, until import_free). */
struct import *import_new(struct db *, const struct import_opts *);
/*
 * A reader of the file (util/csv.h) that hands its header to
 * import_header and each row after it to import_row, and stops at the
 * first that fails (import_failure says why). The caller feeds it, ends
 * it, and frees it before the import.
 */
struct csv_reader *import_reader(struct import *);
/* Why the reader stopped, or NULL when nothing failed. */
const struct problem *import_failure(const struct import *);
/* Whether a header was read. */
int import_has_header(const struct import *);
/*
 * The header row: map its columns, then begin the transaction. 0, or -1
 * with p: a 422 naming "map" for a --map of a column that is none or a
 * field that is none, or naming the field that no column gives (a name,
 * for any kind). import_mapping says the mapping after either.
 */
int import_header(struct import *, const struct csv_row *, struct problem *p);
/*
 * One row after the header: checked, cleaned, and written when good; a
 * bad one is kept with its reasons (import_refused). 0, or -1 with p when
 * the database failed: the transaction is then rolled back.
 */
int import_row(struct import *, const struct csv_row *, struct problem *p);
/*
 * The end of the file: commit, unless the run is dry or a row was bad
 * without skip_bad, when all is rolled back. 1 when written, 0 when
 * not, -1 with p when the commit failed.
 */
int import_end(struct import *, struct problem *p);
/*
 * The mapping: [{column, field, by}], by "name" (the header's words),
 * "map" (the caller's) or null (left out, field "ignore").
 */
json_t *import_mapping(const struct import *);
/*
 * The rows refused: [{row, column, field, message, arg}] with row the
 * file's row number (csv_row's record), column the header of the column
 * at fault (or null), field a field's name, message a message id.
 */
json_t *import_refused(const struct import *);
/*
 * What was made (or would be): {rows, people, people_found, needs,
 * offers, zones, refused}.
 */
json_t *import_counts(const struct import *);
/* How many rows were read after the header, and refused, so far. */
int64_t import_rows(const struct import *);
int64_t import_refused_rows(const struct import *);
/* Roll back what is still open and free. */
void import_free(struct import *);

#endif
