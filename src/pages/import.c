/*
 * /import: a spreadsheet uploaded or pasted in, for coordinators: its
 * mapping, the rows it would refuse and what it would make shown first
 * (the mapping can be changed there), then imported on confirmation, as
 * solidarity import does.
 */
#include <string.h>

#include "pages.h"
#include "domain/import.h"
#include "domain/input.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/phone.h"
#include "util/banned.h"

const struct field import_page_fields[IMPORT_PAGE__MAX + 1] = {
	/*
	 * The body's own limit bounds both first: the form holds it all.
	 * One of the two is required (import_page_text); a file is UTF-8
	 * by then (request_multipart). Either is read as sent.
	 */
	[IMPORT_PAGE_CSV] = { "csv", FIELD_TEXT, FIELD_VERBATIM, 0,
	    REQUEST_BODY_MAX, NULL },
	[IMPORT_PAGE_FILE] = { "file", FIELD_TEXT, FIELD_VERBATIM, 0,
	    REQUEST_BODY_MAX, NULL },
	[IMPORT_PAGE_KIND] = { "kind", FIELD_CHOICE, 0, 0, 0, import_kinds },
	[IMPORT_PAGE_COUNTRY] = { "country", FIELD_LINE, 0, 2, 2, NULL },
	/* One line a column, "Column=field", as --map takes them. */
	[IMPORT_PAGE_MAP] = { "map", FIELD_TEXT, 0, 0, 20000, NULL },
	[IMPORT_PAGE_SKIP_BAD] = { "skip_bad", FIELD_BOOL, 0, 0, 0, NULL },
	[IMPORT_PAGE_CONFIRM] = { "confirm", FIELD_BOOL, 0, 0, 0, NULL },
	[IMPORT_PAGE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The text to import: the file's when one was chosen, else the pasted. */
static const char *
import_page_text(json_t *in)
{
	const char *file = input_text(in, import_page_fields, IMPORT_PAGE_FILE);

	return file != NULL
	    ? file
	    : input_text(in, import_page_fields, IMPORT_PAGE_CSV);
}

/*
 * What was sent, for the form again: a file's text in csv, so that the
 * preview's "Import" posts it again (a file input cannot be filled in).
 */
static json_t *
import_page_values(struct request *req)
{
	json_t *values = req->raw != NULL ? json_copy(req->raw) : json_object();
	json_t *file = json_object_get(values, "file");

	if (json_is_string(file) && json_string_length(file) > 0)
		json_object_set(values, "csv", file);
	json_object_del(values, "file");
	return values;
}

/* The kinds to choose from, the one in use selected. */
static void
import_page_kinds(struct request *req, json_t *data, const char *kind)
{
	json_t *list = json_array();
	char id[32];
	size_t i;

	for (i = 0; import_kinds[i] != NULL; i++) {
		snprintf(id, sizeof(id), "import_kind_%s", import_kinds[i]);
		json_array_append_new(list,
		    json_pack("{s:s,s:s,s:b}", "value", import_kinds[i],
			"label", i18n_get(req->lang, id), "selected",
			strcmp(import_kinds[i], kind) == 0));
	}
	json_object_set_new(data, "kinds", list);
	/* The counts of the posts it makes, not those of the other kind. */
	json_object_set_new(data, "makes_needs",
	    json_boolean(strcmp(kind, "needs") == 0));
	json_object_set_new(data, "makes_offers",
	    json_boolean(strcmp(kind, "offers") == 0));
	json_object_set_new(data, "field_names",
	    json_string(
		"created_at name last_name phone email address language zone "
		"category details urgency quantity status close_reason "
		"person_id "
		"ignore"));
}

/*
 * The map's lines ("Column=field", blank ones skipped) into the object
 * map: 0, or -1 with a 422 naming "map" at a line that is none.
 */
static int
import_page_map(const char *text, json_t *map, struct problem *p)
{
	const char *line = text, *end, *eq;
	size_t len;

	for (; line != NULL && *line != '\0'; line = end) {
		end = strchr(line, '\n');
		len = end != NULL ? (size_t)(end - line) : strlen(line);
		if (end != NULL)
			end++;
		while (len > 0 && strchr(" \t\r", line[len - 1]) != NULL)
			len--;
		if (len == 0)
			continue;
		/* The last "=": a field's name has none, a header may. */
		eq = memrchr(line, '=', len);
		if (eq == NULL || eq == line || eq == line + len - 1)
			return problem_set(p, PROBLEM_INVALID,
			    "err_import_map_line", "map", 0);
		json_object_setn_new(map, line, (size_t)(eq - line),
		    json_stringn(eq + 1, (size_t)(line + len - eq - 1)));
	}
	return 0;
}

/*
 * The mapping as the map's lines, for changing it, each a line the map
 * reads back to the same mapping: a header's line breaks as spaces (as
 * headers are matched), a column with no header left to the default,
 * and a name only once, with its first column's field (the map names
 * columns, and a field taken by the first is ignored for the others).
 */
static json_t *
import_page_map_text(json_t *mapping)
{
	struct buf b = BUF_INIT;
	json_t *m, *s, *seen = json_object();
	const char *col;
	size_t i, start;

	json_array_foreach (mapping, i, m) {
		col = json_string_value(json_object_get(m, "column"));
		if (col == NULL || col[strspn(col, " \t\r\n")] == '\0')
			continue;
		start = b.len;
		for (; *col != '\0'; col++)
			buf_addc(&b, *col == '\n' || *col == '\r' ? ' ' : *col);
		if (json_object_getn(seen, b.ptr + start, b.len - start)) {
			b.len = start;
			continue;
		}
		json_object_setn_new(seen, b.ptr + start, b.len - start,
		    json_true());
		buf_printf(&b, "=%s\n",
		    json_string_value(json_object_get(m, "field")));
	}
	s = json_stringn(b.ptr != NULL ? b.ptr : "", b.len);
	buf_free(&b);
	json_decref(seen);
	return s;
}

/* What the run found, in the reader's language, into data. */
static void
import_page_found(struct request *req, struct import *im, json_t *data)
{
	json_t *refused = json_array(), *r, *values;
	struct buf b = BUF_INIT;
	size_t i;

	json_array_foreach (import_refused(im), i, r) {
		buf_reset(&b);
		i18n_format(&b, req->lang,
		    json_string_value(json_object_get(r, "message")),
		    json_integer_value(json_object_get(r, "arg")));
		json_array_append_new(refused,
		    json_pack("{s:O,s:O,s:O,s:s}", "row",
			json_object_get(r, "row"), "column",
			json_object_get(r, "column"), "field",
			json_object_get(r, "field"), "message", b.ptr));
	}
	buf_free(&b);
	json_object_set_new(data, "has_refused",
	    json_boolean(json_array_size(refused) > 0));
	json_object_set_new(data, "refused", refused);
	json_object_set_new(data, "has_mapping",
	    json_boolean(json_array_size(import_mapping(im)) > 0));
	json_object_set(data, "mapping", import_mapping(im));
	json_object_set_new(data, "counts", import_counts(im));
	/* The map shown is the mapping in use, to change a line of it. */
	values = json_object_get(data, "values");
	if (json_is_object(values) && json_array_size(import_mapping(im)) > 0) {
		values = json_copy(values);
		json_object_set_new(values, "map",
		    import_page_map_text(import_mapping(im)));
		json_object_set_new(data, "values", values);
	}
}

/*
 * Run the import that req's input asks for, dry or not, its findings
 * into data. 1 written, 0 not (dry, or a bad row without skip_bad), or
 * -1 with p: 422 naming csv (neither a file nor text; unreadable;
 * nothing to map) or map, or the database's problem.
 */
static int
import_page_run(struct request *req, int dry, json_t *data, struct problem *p)
{
	json_t *in = req->input, *map = json_object();
	const char *csv = import_page_text(in);
	const char *kind = input_text(in, import_page_fields, IMPORT_PAGE_KIND);
	const char *map_text = input_text(in, import_page_fields,
	    IMPORT_PAGE_MAP);
	struct import_opts o = { .kind = IMPORT_NEEDS, .country = "US" };
	struct csv_reader *reader = NULL;
	const struct problem *failure;
	struct import *im = NULL;
	size_t record = 0, i;
	int rc = -1;

	if (csv == NULL) {
		problem_set(p, PROBLEM_INVALID, "err_required", "csv", 0);
		goto out;
	}
	for (i = 0; kind != NULL && import_kinds[i] != NULL; i++)
		if (strcmp(import_kinds[i], kind) == 0)
			o.kind = (enum import_kind)i;
	if (input_text(in, import_page_fields, IMPORT_PAGE_COUNTRY) != NULL)
		o.country = input_text(in, import_page_fields,
		    IMPORT_PAGE_COUNTRY);
	if (!phone_country_known(o.country)) {
		problem_set(p, PROBLEM_INVALID, "err_phone_country", "country",
		    0);
		goto out;
	}
	if (map_text != NULL && import_page_map(map_text, map, p) == -1)
		goto out;
	o.map = map;
	o.dry_run = dry;
	o.skip_bad = json_is_true(
	    input_get(in, import_page_fields, IMPORT_PAGE_SKIP_BAD));
	o.text = i18n_get;
	o.langs = i18n_langs;
	o.viewer = &req->viewer;
	o.action = "import";
	im = import_new(req->db, &o);
	reader = import_reader(im);
	if (csv_reader_feed(reader, csv, strlen(csv)) == -1 ||
	    csv_reader_end(reader) == -1) {
		failure = import_failure(im);
		if (failure == NULL) {
			csv_reader_error(reader, &record);
			problem_set(p, PROBLEM_INVALID, "err_import_csv", "csv",
			    (int64_t)record);
		} else {
			*p = *failure;
			/* What the header lacks is the mapping's to give. */
			if (p->kind == PROBLEM_INVALID)
				problem_set(p, PROBLEM_INVALID, p->msg, "map",
				    0);
		}
	} else
		rc = import_end(im, p);
	import_page_found(req, im, data);
out:
	csv_reader_free(reader);
	import_free(im);
	json_decref(map);
	return rc;
}

/* The form's choices and defaults, for a page of any outcome. */
static void
import_page_form(struct request *req, json_t *data)
{
	const char *kind = input_text(req->input, import_page_fields,
	    IMPORT_PAGE_KIND);

	import_page_kinds(req, data, kind != NULL ? kind : import_kinds[0]);
}

/* GET /import — the empty form. */
void
imports_show(struct request *req, struct view *v)
{
	v->data = json_pack("{s:{s:s}}", "values", "country", "US");
	import_page_form(req, v->data);
	v->template = "import";
}

/*
 * POST /import — 422 naming csv (no file and no text, not CSV, or,
 * confirmed, a row refused without skip_bad: nothing written), map or
 * country; else 200 with the mapping, the refused rows and the counts: a
 * preview, or with confirm the import made ("imported"), in its own
 * transaction. A file chosen is read instead of the text, and comes back
 * as the text.
 */
void
imports_run(struct request *req, struct view *v)
{
	int confirm = json_is_true(
	    input_get(req->input, import_page_fields, IMPORT_PAGE_CONFIRM));
	int rc;

	v->data = json_pack("{s:o}", "values", import_page_values(req));
	import_page_form(req, v->data);
	rc = import_page_run(req, !confirm, v->data, &v->problem);
	if (rc == -1)
		return;
	if (confirm && rc == 0) {
		problem_set(&v->problem, PROBLEM_INVALID, "err_import_refused",
		    "csv",
		    json_integer_value(json_object_get(
			json_object_get(v->data, "counts"), "refused")));
		return;
	}
	json_object_set_new(v->data, confirm ? "imported" : "preview",
	    json_true());
	v->template = "import";
	v->nocache = 1;
}

/* The page again after a 422: the preview of what was sent, if any. */
void
imports_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };

	json_object_set_new(data, "values", import_page_values(req));
	import_page_form(req, data);
	if (req->input != NULL)
		import_page_run(req, 1, data, &p);
}
