/* Lists as CSV or XLSX files: the pages' own rows, one at a time. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "http/route.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/tx.h"
#include "util/csv.h"
#include "util/mem.h"
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

const struct export export_needs = { "needs", "need", needs_list, needs_rows,
	needs_row, need_columns, "all" };
const struct export export_offers = { "offers", "offer", offers_list,
	offers_rows, offers_row, offer_columns, NULL };
const struct export export_people = { "people", "person", people_list,
	people_rows, people_row, person_columns, NULL };

static const char *const statement_columns[] = {
	"month",
	"purpose",
	"in_minor",
	"out_minor",
	NULL,
};

/* A fund's statement: totals by month and purpose, no names. */
const struct export export_fund_statement = { "fund_statement", NULL,
	funds_statement, funds_statement_rows, NULL, statement_columns, NULL };

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

/*
 * The other lists' columns: their items' keys in the order the page
 * gives them, labels and lists within an item (tags) left out.
 */
static const char *const zone_columns[] = { "id", "name", "parent_id", "lat",
	"lon", "open_needs", NULL };
static const char *const task_columns[] = { "id", "user_id", "login",
	"person_id", "person_name", "need_id", "zone_id", "rule_id", "why",
	"reason", "due_at", "due", "status", "outcome", "created_at",
	"closed_at", "closed_by", "closed_login", "is_open", "overdue", NULL };
static const char *const run_columns[] = { "id", "driver_id", "driver_login",
	"created_at", "stops", NULL };
static const char *const grievance_columns[] = { "id", "title", "target_id",
	"target_name", "created_at", "people", "places", NULL };
static const char *const target_columns[] = { "id", "name", "kind", NULL };
static const char *const conversation_columns[] = { "id", "person_id",
	"person_name", "zone_id", "zone_name", "target_id", "target_name", "at",
	"how", NULL };
static const char *const campaign_columns[] = { "id", "demand", "status",
	"target_id", "target_name", "updated_at", "supporters", NULL };
static const char *const program_columns[] = { "id", "name", "kind",
	"zone_name", "schedule_text", "next_date", NULL };
static const char *const event_columns[] = { "id", "name", "kind", "date",
	"curriculum_id", "curriculum_name", "attended", "rsvps", NULL };
static const char *const curriculum_columns[] = { "id", "name", "description",
	"events", NULL };
static const char *const session_columns[] = { "id", "program_id",
	"program_name", "date", "start", "end", "status", "needed", "taken",
	"short", NULL };
static const char *const item_columns[] = { "id", "name", "unit", "category",
	NULL };
static const char *const location_columns[] = { "id", "name", "kind", "zone_id",
	"zone_name", "take_what_you_need", NULL };
static const char *const move_columns[] = { "id", "kind", "reason", "item_id",
	"item_name", "unit", "quantity", "from_location_id", "from_name",
	"to_location_id", "to_name", "at", "reverses_id", NULL };
static const char *const level_columns[] = { "location_id", "location_name",
	"kind", "item_id", "name", "unit", "quantity", "threshold",
	"restock_to", "bring", "low", NULL };
static const char *const fund_columns[] = { "id", "name", "currency", "public",
	"overdraft", "balance_minor", NULL };
static const char *const training_columns[] = { "id", "name", "description",
	"completed", NULL };
static const char *const rule_columns[] = { "id", "cond", "n", "why", "user_id",
	"login", "due_days", "enabled", "updated_at", NULL };
static const char *const sms_columns[] = { "id", "direction", "status",
	"phone_end", "body", "attempts", "next_at", "last_error", "created_at",
	"sent_at", "need_id", "gateway", NULL };
static const char *const audit_columns[] = { "id", "at", "user_id", "login",
	"action", "entity", "entity_id", "ip", "change", NULL };
static const char *const bulletin_columns[] = { "id", "number", "title",
	"status", "public", "period_from", "period_to", "published_at", NULL };

/*
 * The lists whose files are made from their page's items (export_items):
 * no cursor, so no rows or row. A kind of record is given, and each file
 * audited, where the columns hold what the registry (db/registry.c)
 * counts as personal: a person's name, a login, an SMS's number or words,
 * an address on the trail.
 */
static const struct export page_exports[] = {
	{ "zones", NULL, zones_list, NULL, NULL, zone_columns, NULL },
	{ "tasks", "task", tasks_list, NULL, NULL, task_columns, NULL },
	{ "runs", "run", runs_list, NULL, NULL, run_columns, NULL },
	{ "grievances", NULL, grievances_list, NULL, NULL, grievance_columns,
	    NULL },
	{ "targets", NULL, targets_list, NULL, NULL, target_columns, NULL },
	{ "conversations", "conversation", conversations_list, NULL, NULL,
	    conversation_columns, NULL },
	{ "campaigns", NULL, campaigns_list, NULL, NULL, campaign_columns,
	    NULL },
	{ "programs", NULL, programs_list, NULL, NULL, program_columns, NULL },
	{ "events", NULL, events_list, NULL, NULL, event_columns, NULL },
	{ "curricula", NULL, curricula_list, NULL, NULL, curriculum_columns,
	    NULL },
	{ "sessions", NULL, sessions_list, NULL, NULL, session_columns, NULL },
	{ "items", NULL, items_list, NULL, NULL, item_columns, NULL },
	{ "locations", NULL, locations_list, NULL, NULL, location_columns,
	    NULL },
	{ "stock_moves", NULL, moves_list, NULL, NULL, move_columns, NULL },
	{ "stock", NULL, restock_low, NULL, NULL, level_columns, NULL },
	{ "funds", NULL, funds_list, NULL, NULL, fund_columns, NULL },
	{ "trainings", NULL, trainings_list, NULL, NULL, training_columns,
	    NULL },
	{ "rules", "rule", rules_list, NULL, NULL, rule_columns, NULL },
	{ "sms", "sms_message", sms_show, NULL, NULL, sms_columns, NULL },
	{ "audit", "audit", audit_show, NULL, NULL, audit_columns, NULL },
	{ "bulletin", NULL, bulletins_list, NULL, NULL, bulletin_columns,
	    NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL },
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
	for (i = 0; page_exports[i].name != NULL; i++)
		if (page_exports[i].list == handler)
			return &page_exports[i];
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

	/* A number is digits we wrote: a minus sign (a longitude) is no
	 * formula to guard against, and a guard would make it text. */
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		csv_cell_plain(out, num, first);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		csv_cell_plain(out, num, first);
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

/* An item of e's as the file's next row, its columns' cells. */
static void
export_row(struct export_out *o, const struct export *e, json_t *row)
{
	size_t k;

	for (k = 0; e->columns[k] != NULL; k++)
		export_cell(o, k, export_get(row, e->columns[k]));
	export_row_end(o);
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
 * A list's rows being written: read from a cursor in a read transaction
 * of db, so that every row comes from one snapshot, each made what the
 * page shows the viewer and written as the file's next row.
 */
struct export_stream {
	const struct export *e;
	/* A copy: a streamed file outlives the request that asked for it. */
	struct viewer viewer;
	struct db *db;
	int own_db;  /* db is the stream's, closed with it */
	int counted; /* one of export_streams */
	struct db_cursor *rows;
	struct export_out o;
	struct buf csv; /* CSV made and not yet read, from at */
	size_t at;
	int64_t n; /* rows written */
	int state; /* 0 rows to come, 1 every row written, -1 failed */
};

/*
 * Streamed files being sent at once, at most: each holds a connection to
 * the database, and a snapshot open, for as long as its client reads.
 */
#define EXPORT_STREAMS_MAX 8

/* Rows of a file made from a page's items (export_items), at most. */
#define EXPORT_ROWS_MAX 100000
static atomic_int export_streams;

/* The next row into s->o: 1, 0 after the last, -1 with p. */
static int
export_next(struct export_stream *s, struct problem *p)
{
	json_t *row;
	int rc = db_cursor_next(s->rows, &row);

	if (rc == -1)
		return tx_problem(s->db, p);
	if (rc == 0)
		return 0;
	if (s->o.kind == FILE_XLSX && s->n + 1 >= XLSX_ROWS_MAX) {
		json_decref(row);
		return problem_set(p, PROBLEM_TOO_LARGE, "err_xlsx_rows",
		    "format", 0);
	}
	if (s->e->row != NULL)
		s->e->row(&s->viewer, row);
	export_row(&s->o, s->e, row);
	json_decref(row);
	s->n++;
	return 1;
}

void
export_close(struct export_stream *s)
{
	if (s == NULL)
		return;
	db_cursor_close(s->rows);
	/* Only read: a rollback that fails has nothing to undo. */
	db_rollback(s->db);
	if (s->own_db)
		db_close(s->db);
	if (s->counted)
		atomic_fetch_sub(&export_streams, 1);
	/* A workbook is freed by finishing it: the file made is dropped. */
	if (s->o.xlsx != NULL && xlsx_finish(s->o.xlsx, &s->csv) == -1)
		s->o.xlsx = NULL;
	buf_free(&s->csv);
	free(s);
}

struct export_stream *
export_open(struct request *req, const struct export *e, enum file_kind kind,
    struct db *db, struct problem *p)
{
	struct export_stream *s = xcalloc(1, sizeof(*s));

	s->e = e;
	s->viewer = req->viewer;
	s->viewer.ip = NULL;
	s->db = db;
	s->o.kind = kind;
	s->o.csv = &s->csv;
	if (db_begin_read(db) == -1) {
		tx_problem(db, p);
		free(s);
		return NULL;
	}
	if (kind == FILE_XLSX && (s->o.xlsx = xlsx_new(e->name)) == NULL)
		problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL, 0);
	else if (e->rows(req, db, &s->rows, p) == 0) {
		export_header(e, &s->o);
		return s;
	}
	export_close(s);
	return NULL;
}

long
export_read(struct export_stream *s, char *dst, size_t max, struct problem *p)
{
	size_t n;
	int rc;

	/* What was read goes, or the buffer would grow to the whole file. */
	buf_drop(&s->csv, s->at);
	s->at = 0;
	while (s->state == 0 && s->csv.len - s->at < max) {
		rc = export_next(s, p);
		if (rc != 1)
			s->state = rc == 0 ? 1 : -1;
	}
	if (s->state == -1)
		return -1;
	n = s->csv.len - s->at < max ? s->csv.len - s->at : max;
	memcpy(dst, s->csv.ptr + s->at, n);
	s->at += n;
	return (long)n;
}

int64_t
export_rows(const struct export_stream *s)
{
	return s->n;
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

int
export_audit(struct request *req, const struct export *e, const char *action,
    struct problem *p)
{
	struct export_audit a = { &req->viewer, action, e->entity };

	/* A file that names nobody (a public statement) leaves no entry. */
	if (e->entity == NULL)
		return 0;
	return tx_run(req->db, export_audit_work, &a, p);
}

int64_t
export_file(struct request *req, const struct export *e, enum file_kind kind,
    const char *action, struct buf *out, struct problem *p)
{
	struct export_stream *s = export_open(req, e, kind, req->db, p);
	struct xlsx *x;
	int64_t n;
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = export_next(s, p)) == 1)
		continue;
	x = rc == 0 ? s->o.xlsx : NULL;
	s->o.xlsx = x != NULL ? NULL : s->o.xlsx;
	if (x != NULL && xlsx_finish(x, out) == -1)
		rc = problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL, 0);
	else if (rc == 0 && kind == FILE_CSV)
		buf_add(out, s->csv.ptr, s->csv.len);
	n = rc == 0 ? s->n : -1;
	/* The snapshot is let go before the entry is written. */
	export_close(s);
	if (n == -1 || export_audit(req, e, action, p) == -1)
		return -1;
	return n;
}

/* The stream as a response body (util/stream.h) of the server's. */
static long
export_stream_read(void *arg, char *dst, size_t max)
{
	struct export_stream *s = arg;
	struct problem p = { 0 };
	long n = export_read(s, dst, max, &p);

	/* The client has had the header: a log line is all that can say it. */
	if (n == -1)
		fprintf(stderr,
		    "solidarity: export of %s cut short after %lld "
		    "rows: %s\n",
		    s->e->name, (long long)s->n,
		    db_errcode(s->db) != DB_OK ? db_errmsg(s->db) : p.msg);
	return n;
}

static void
export_stream_free(void *arg)
{
	export_close(arg);
}

/*
 * A CSV file streamed: rows read on a connection of the stream's own,
 * kept (with its snapshot) until the last row is sent or the client
 * gone, the thread's being the next request's. 0, or -1 with p: 503 when
 * too many are being sent, or no connection is to be had.
 */
static int
export_stream(struct request *req, const struct export *e, struct view *v)
{
	struct export_stream *s;
	struct db *db;
	char *err = NULL;

	if (atomic_fetch_add(&export_streams, 1) >= EXPORT_STREAMS_MAX) {
		atomic_fetch_sub(&export_streams, 1);
		return problem_set(&v->problem, PROBLEM_UNAVAILABLE, "err_busy",
		    NULL, 0);
	}
	db = db_open_again(req->db, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		atomic_fetch_sub(&export_streams, 1);
		return problem_set(&v->problem, PROBLEM_UNAVAILABLE, "err_busy",
		    NULL, 0);
	}
	s = export_open(req, e, FILE_CSV, db, &v->problem);
	if (s == NULL) {
		db_close(db);
		atomic_fetch_sub(&export_streams, 1);
		return -1;
	}
	s->own_db = 1;
	s->counted = 1;
	/* Recorded before a row is sent: none goes out unrecorded. */
	if (export_audit(req, e, "export", &v->problem) == -1) {
		export_close(s);
		return -1;
	}
	v->stream.read = export_stream_read;
	v->stream.free = export_stream_free;
	v->stream.arg = s;
	return 0;
}

/* Whether fields declare the paging field name. */
static int
export_paged(const struct field *fields)
{
	size_t i;

	for (i = 0; fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, "limit") == 0)
			return 1;
	return 0;
}

/*
 * The file of a list without a cursor: its page run once, paging lifted,
 * and its items written, so that the file holds what the page shows the
 * viewer by construction. Made whole in memory, so capped: a list longer
 * than EXPORT_ROWS_MAX is a 413 naming format. 0, or -1 with v->problem.
 */
static int
export_items(struct request *req, const struct export *e, enum file_kind kind,
    struct view *v)
{
	struct export_out o = { kind, &v->file, NULL, 0 };
	json_t *items, *row;
	size_t i;

	if (export_paged(req->route->fields)) {
		json_object_set_new(req->input, "limit",
		    json_integer(EXPORT_ROWS_MAX));
		json_object_set_new(req->input, "offset", json_integer(0));
	}
	e->list(req, v);
	if (v->problem.kind != PROBLEM_NONE)
		return -1;
	items = json_object_get(v->data, "items");
	if (json_integer_value(json_object_get(v->data, "total")) >
		EXPORT_ROWS_MAX ||
	    json_array_size(items) > EXPORT_ROWS_MAX)
		return problem_set(&v->problem, PROBLEM_TOO_LARGE,
		    "err_export_rows", "format", 0);
	if (kind == FILE_XLSX && (o.xlsx = xlsx_new(e->name)) == NULL)
		return problem_set(&v->problem, PROBLEM_INTERNAL,
		    "err_internal", NULL, 0);
	export_header(e, &o);
	json_array_foreach (items, i, row)
		export_row(&o, e, row);
	if (o.xlsx != NULL && xlsx_finish(o.xlsx, &v->file) == -1)
		return problem_set(&v->problem, PROBLEM_INTERNAL,
		    "err_internal", NULL, 0);
	return export_audit(req, e, "export", &v->problem);
}

void
export_page(struct request *req, struct view *v)
{
	const struct export *e = export_of(req->route->handler);
	int csv = req->want_file == FILE_CSV, rc = 0;

	if (e->rows == NULL)
		rc = export_items(req, e, req->want_file, v);
	else if (csv)
		rc = export_stream(req, e, v);
	else if (export_file(req, e, FILE_XLSX, "export", &v->file,
		     &v->problem) == -1)
		rc = -1;
	if (rc == -1)
		return;
	v->file_type = csv ? "text/csv; charset=utf-8" : XLSX_TYPE;
	snprintf(v->file_name, sizeof(v->file_name), "%s.%s", e->name,
	    csv ? "csv" : "xlsx");
	v->nocache = 1;
}
