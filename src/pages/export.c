/* Lists as CSV or XLSX files: the pages' own rows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "http/route.h"
#include "domain/audit.h"
#include "domain/tx.h"
#include "util/csv.h"
#include "util/xlsx.h"
#include "util/banned.h"

static const char *const need_columns[] = {
	"id",
	"created_at",
	"updated_at",
	"status",
	"category",
	"urgency",
	"zone_id",
	"zone_name",
	"person_id",
	"person_name",
	"details",
	"close_reason",
	"claimed",
	"claim.login",
	"claim.claimed_at",
	NULL,
};

static const char *const offer_columns[] = {
	"id",
	"created_at",
	"updated_at",
	"status",
	"category",
	"quantity",
	"zone_id",
	"zone_name",
	"person_id",
	"person_name",
	"details",
	"close_reason",
	NULL,
};

static const char *const person_columns[] = {
	"id",
	"created_at",
	"updated_at",
	"name",
	"language",
	"zone_id",
	"zone_name",
	NULL,
};

const struct export export_needs = { "needs", "need", needs_list, need_columns,
	"all" };
const struct export export_offers = { "offers", "offer", offers_list,
	offer_columns, NULL };
const struct export export_people = { "people", "person", people_list,
	person_columns, NULL };

static const char *const statement_columns[] = {
	"month",
	"purpose",
	"in_minor",
	"out_minor",
	NULL,
};

/* A fund's statement: totals by month and purpose, no names. */
const struct export export_fund_statement = { "fund_statement", NULL,
	funds_statement, statement_columns, NULL };

const struct export *const exports[] = {
	&export_needs,
	&export_offers,
	&export_people,
	NULL,
};

const struct export *
export_find(const char *name)
{
	size_t i;

	for (i = 0; exports[i] != NULL; i++)
		if (strcmp(exports[i]->name, name) == 0)
			return exports[i];
	return NULL;
}

/*
 * The exports of one record's page (an id in its path), which the
 * command line, naming no record, does not offer.
 */
static const struct export *const record_exports[] = {
	&export_fund_statement,
	NULL,
};

const struct export *
export_of(void (*handler)(struct request *, struct view *))
{
	size_t i;

	for (i = 0; exports[i] != NULL; i++)
		if (exports[i]->list == handler)
			return exports[i];
	for (i = 0; record_exports[i] != NULL; i++)
		if (record_exports[i]->list == handler)
			return record_exports[i];
	return NULL;
}

/* The value of column in row: "a.b" is b inside the object a. */
static json_t *
export_get(json_t *row, const char *column)
{
	const char *dot = strchr(column, '.');
	char key[64];

	if (dot == NULL)
		return json_object_get(row, column);
	snprintf(key, sizeof(key), "%.*s", (int)(dot - column), column);
	return json_object_get(json_object_get(row, key), dot + 1);
}

/* A file being written: CSV into csv, or XLSX. */
struct export_out {
	enum file_kind kind;
	struct buf *csv;
	struct xlsx *xlsx;
	uint32_t row; /* the row being written, the header 0 */
};

static void
export_csv_cell(struct buf *out, json_t *v, int first)
{
	char num[32];

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		csv_cell(out, num, first);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		csv_cell(out, num, first);
	} else if (json_is_boolean(v))
		csv_cell(out, json_is_true(v) ? "true" : "false", first);
	else
		/* A string, or what the viewer may not see: left empty. */
		csv_cell(out, json_string_value(v), first);
}

/* Text (NULL: none) into column col of the row being written. */
static void
export_text(struct export_out *o, size_t col, const char *s)
{
	if (o->kind == FILE_CSV)
		csv_cell(o->csv, s, col == 0);
	else
		xlsx_text(o->xlsx, o->row, (uint16_t)col, s);
}

/* v into column col of the row being written. */
static void
export_cell(struct export_out *o, size_t col, json_t *v)
{
	if (o->kind == FILE_CSV)
		export_csv_cell(o->csv, v, col == 0);
	else if (json_is_number(v))
		xlsx_number(o->xlsx, o->row, (uint16_t)col,
		    json_number_value(v));
	else if (json_is_boolean(v))
		xlsx_bool(o->xlsx, o->row, (uint16_t)col, json_is_true(v));
	else
		export_text(o, col, json_string_value(v));
}

static void
export_row_end(struct export_out *o)
{
	if (o->kind == FILE_CSV)
		csv_row_end(o->csv);
	o->row++;
}

/* The header: the columns' names, "a.b" as "a_b". */
static void
export_header(const struct export *e, struct export_out *o)
{
	char name[64], *dot;
	size_t i;

	/* A byte order mark: spreadsheets read the file as UTF-8 then. */
	if (o->kind == FILE_CSV)
		buf_adds(o->csv, "\xef\xbb\xbf");
	for (i = 0; e->columns[i] != NULL; i++) {
		snprintf(name, sizeof(name), "%s", e->columns[i]);
		dot = strchr(name, '.');
		if (dot != NULL)
			*dot = '_';
		export_text(o, i, name);
	}
	export_row_end(o);
}

/*
 * Every row of the list into o: how many, or -1 with p. One read: the
 * lists page by offset, and each page sorts and skips what came before,
 * so that pages of 1,000 took 100,000 asks two minutes where one read
 * takes two seconds (but holds them all in memory at once).
 */
static int64_t
export_rows(struct request *req, const struct export *e, struct export_out *o,
    struct problem *p)
{
	struct view page = { 0 };
	json_t *items, *row;
	size_t i, k;
	int64_t n;

	json_object_set_new(req->input, "limit", json_integer(INT64_MAX));
	json_object_set_new(req->input, "offset", json_integer(0));
	e->list(req, &page);
	if (page.problem.kind != PROBLEM_NONE) {
		*p = page.problem;
		n = -1;
		goto out;
	}
	items = json_object_get(page.data, "items");
	if (o->kind == FILE_XLSX && json_array_size(items) >= XLSX_ROWS_MAX) {
		problem_set(p, PROBLEM_TOO_LARGE, "err_xlsx_rows", "format", 0);
		n = -1;
		goto out;
	}
	json_array_foreach (items, i, row) {
		for (k = 0; e->columns[k] != NULL; k++)
			export_cell(o, k, export_get(row, e->columns[k]));
		export_row_end(o);
	}
	n = (int64_t)json_array_size(items);
out:
	json_decref(page.data);
	free(page.location);
	free(page.cookie);
	return n;
}

struct export_audit {
	const struct viewer *v;
	const char *action;
	const char *entity;
};

static int
export_audit_work(struct db *db, void *arg, struct problem *p)
{
	struct export_audit *a = arg;

	return audit_log(db, a->v, a->action, a->entity, 0);
}

int64_t
export_file(struct request *req, const struct export *e, enum file_kind kind,
    const char *action, struct buf *out, struct problem *p)
{
	struct export_audit a = { &req->viewer, action, e->entity };
	struct export_out o = { kind, out, NULL, 0 };
	int64_t n;

	if (kind == FILE_XLSX && (o.xlsx = xlsx_new(e->name)) == NULL)
		return problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL,
		    0);
	export_header(e, &o);
	n = export_rows(req, e, &o, p);
	if (o.xlsx != NULL && xlsx_finish(o.xlsx, out) == -1 && n != -1) {
		problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL, 0);
		n = -1;
	}
	if (n == -1 ||
	    (e->entity != NULL &&
		tx_run(req->db, export_audit_work, &a, p) == -1))
		return -1;
	return n;
}

void
export_page(struct request *req, struct view *v)
{
	const struct export *e = export_of(req->route->handler);
	int csv = req->want_file == FILE_CSV;

	if (export_file(req, e, req->want_file, "export", &v->file,
		&v->problem) == -1)
		return;
	v->file_type = csv ? "text/csv; charset=utf-8" : XLSX_TYPE;
	snprintf(v->file_name, sizeof(v->file_name), "%s.%s", e->name,
	    csv ? "csv" : "xlsx");
	v->nocache = 1;
}
