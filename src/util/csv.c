/* CSV in (libcsv, with a spreadsheet's habits around it) and out. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "mem.h"
#include "utf8.h"
#include "util/banned.h"

struct csv_reader {
	struct csv_parser p;
	csv_row_fn fn;
	void *arg;
	/*
	 * The bytes before the first line end: the delimiter is chosen from
	 * them before libcsv sees any, and a byte order mark cut across two
	 * feeds is still found.
	 */
	struct buf head;
	int started;   /* the delimiter chosen, head handed to libcsv */
	int delim_set; /* csv_reader_set_delim chose it, not the header */
	int stopped;   /* fn stopped or the input was refused */
	char delim;
	struct buf row; /* the current row's cells, each NUL-ended */
	size_t off[CSV_CELLS_MAX];
	size_t lens[CSV_CELLS_MAX];
	char *cells[CSV_CELLS_MAX];
	size_t n;
	size_t width;  /* the header's named columns; 0 before the header */
	size_t record; /* rows ended so far, blank ones included */
	int last_end;  /* what ended the last row: CR, LF or 0 */
	const char *error;
	size_t error_record;
};

static void
csv_reader_refuse(struct csv_reader *r, const char *msg)
{
	r->stopped = 1;
	r->error = msg;
	r->error_record = r->record + 1;
}

/* libcsv's end of a cell. */
static void
csv_reader_cell(void *s, size_t len, void *arg)
{
	struct csv_reader *r = arg;

	if (r->stopped)
		return;
	if (r->n == CSV_CELLS_MAX) {
		csv_reader_refuse(r, "too many cells in a row");
		return;
	}
	if (r->row.len + len >= CSV_ROW_MAX) {
		csv_reader_refuse(r, "row too long");
		return;
	}
	if (!utf8_valid(s, len)) {
		csv_reader_refuse(r, CSV_NOT_UTF8);
		return;
	}
	r->off[r->n] = r->row.len;
	r->lens[r->n] = len;
	buf_add(&r->row, s, len);
	buf_addc(&r->row, '\0');
	r->n++;
}

/* 1 when no cell of the row has anything in it. */
static int
csv_reader_blank(const struct csv_reader *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->lens[i] > 0)
			return 0;
	return 1;
}

static void
csv_reader_deliver(struct csv_reader *r)
{
	struct csv_row row;
	size_t i;

	r->record++;
	if (csv_reader_blank(r))
		return;
	/* A spreadsheet's empty last column, in the header and below it. */
	while (r->n > 1 && r->lens[r->n - 1] == 0 &&
	    (r->width == 0 || r->n > r->width))
		r->n--;
	if (r->width == 0)
		r->width = r->n;
	for (i = 0; i < r->n; i++)
		r->cells[i] = r->row.ptr + r->off[i];
	row.n = r->n;
	row.cells = r->cells;
	row.lens = r->lens;
	row.record = r->record;
	if (r->fn(r->arg, &row) != 0)
		r->stopped = 1;
}

/*
 * libcsv's end of a row, and (CSV_REPALL_NL) of every line end outside a
 * cell, so that blank lines are counted: c is CR, LF, or -1 at the end.
 * The LF of a CRLF after a row is that row's end, not a blank line.
 */
static void
csv_reader_end_row(int c, void *arg)
{
	struct csv_reader *r = arg;
	int crlf = c == CSV_LF && r->last_end == CSV_CR;

	if (r->stopped)
		return;
	if (r->n == 0) {
		r->last_end = crlf ? 0 : c;
		if (!crlf && c != -1)
			r->record++;
		return;
	}
	r->last_end = c;
	csv_reader_deliver(r);
	r->n = 0;
	buf_reset(&r->row);
}

struct csv_reader *
csv_reader_new(csv_row_fn fn, void *arg)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	/*
	 * Not strict: a quote inside an unquoted cell (5" screen) is part of
	 * it, as spreadsheets read it. libcsv's default of trimming spaces
	 * around unquoted cells is kept, as spreadsheets read them too.
	 */
	if (csv_init(&r->p, CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_free_func(&r->p, free);
	r->fn = fn;
	r->arg = arg;
	r->delim = ',';
	return r;
}

/* Hand len bytes to libcsv. */
static int
csv_reader_parse(struct csv_reader *r, const char *data, size_t len)
{
	if (csv_parse(&r->p, data, len, csv_reader_cell, csv_reader_end_row,
		r) != len) {
		csv_reader_refuse(r, csv_strerror(csv_error(&r->p)));
		return -1;
	}
	return r->stopped ? -1 : 0;
}

/* Only a space is trimmed around a cell when tabs part the cells. */
static int
csv_reader_space(unsigned char c)
{
	return c == ' ';
}

/*
 * Count the commas, semicolons and tabs (n[0], n[1], n[2]) outside quotes
 * on the line of s[0..len) that begins at *at, and move *at past its end:
 * whether the line ended in s.
 */
static int
csv_count_line(const char *s, size_t len, size_t *at, size_t n[3])
{
	int quoted = 0;

	for (; *at < len; (*at)++) {
		if (s[*at] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[*at] == ',')
			n[0]++;
		else if (s[*at] == ';')
			n[1]++;
		else if (s[*at] == '\t')
			n[2]++;
		else if (s[*at] == '\n' || s[*at] == '\r') {
			(*at)++;
			return 1;
		}
	}
	return 0;
}

/*
 * Choose the delimiter from the first line in head (complete when ended
 * is set, or at the end of the file): ";" when it has more of them than
 * of commas outside quotes, as a spreadsheet in a language with decimal
 * commas writes it; a tab when it has more tabs than either, as Excel's
 * "Unicode Text", other TSV files and cells copied from a sheet. As many
 * commas as semicolons (a question's commas in a ";" header) are told
 * apart by the next row: the one it has as many of as the header. Then
 * parse head.
 */
static int
csv_reader_start(struct csv_reader *r, int ended)
{
	static const char bom[] = "\xef\xbb\xbf";
	const char *s = r->head.ptr ? r->head.ptr : "";
	size_t i = 0, len = r->head.len, hd[3] = { 0 }, next[3] = { 0 };
	int more = !ended && len < CSV_ROW_MAX;

	if (!ended && len < 3 && memcmp(s, bom, len) == 0)
		return 0;
	if (len >= 3 && memcmp(s, bom, 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (!csv_count_line(s, len, &i, hd) && more)
		return 0;
	if (!r->delim_set) {
		if (hd[0] == hd[1] && hd[1] > 0 && hd[2] <= hd[0]) {
			/* The next row that is not blank, whole. */
			while (i < len && (s[i] == '\r' || s[i] == '\n'))
				i++;
			if ((i == len || !csv_count_line(s, len, &i, next)) &&
			    more)
				return 0;
		}
		r->delim = hd[1] > hd[0] ||
			(hd[1] == hd[0] && next[1] == hd[1] && next[0] != hd[0])
		    ? ';'
		    : ',';
		/*
		 * A question heading a column has commas ("If so, where?")
		 * and a spreadsheet's cell no tab: tabs more than either win.
		 */
		if (hd[2] > hd[0] && hd[2] > hd[1])
			r->delim = '\t';
	}
	/* libcsv trims tabs as spaces before it sees a delimiter. */
	if (r->delim == '\t')
		csv_set_space_func(&r->p, csv_reader_space);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	r->started = 1;
	return csv_reader_parse(r, s, len);
}

void
csv_reader_set_delim(struct csv_reader *r, char delim)
{
	r->delim = delim;
	r->delim_set = 1;
}

int
csv_reader_feed(struct csv_reader *r, const char *data, size_t len)
{
	if (r->stopped)
		return -1;
	if (r->started)
		return csv_reader_parse(r, data, len);
	buf_add(&r->head, data, len);
	return csv_reader_start(r, 0);
}

int
csv_reader_end(struct csv_reader *r)
{
	if (r->stopped)
		return -1;
	if (!r->started && csv_reader_start(r, 1) == -1)
		return -1;
	/*
	 * libcsv says a quote was left open only in strict mode, which would
	 * also refuse the quote above; its state says it: a quoted cell
	 * begun (FIELD_BEGUN, 2 in libcsv's csv.c) and not closed. Refused,
	 * or the rest of the file would be read as that one cell.
	 */
	if (r->p.quoted && r->p.pstate == 2) {
		csv_reader_refuse(r, "a quoted cell is not closed");
		return -1;
	}
	csv_fini(&r->p, csv_reader_cell, csv_reader_end_row, r);
	return r->stopped ? -1 : 0;
}

const char *
csv_reader_error(const struct csv_reader *r, size_t *record)
{
	if (record != NULL)
		*record = r->error_record;
	return r->error;
}

char
csv_reader_delim(const struct csv_reader *r)
{
	return r->delim;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	buf_free(&r->head);
	buf_free(&r->row);
	free(r);
}

/*
 * A spreadsheet runs a cell that begins with one of these as a formula (a
 * tab or a CR can hide the sign from a reader's eye).
 */
static const char csv_formula[] = "=+-@\t\r";

const char *
csv_unguard(const char *s)
{
	if (s[0] == '\'' && s[1] != '\0' && strchr(csv_formula, s[1]) != NULL)
		return s + 1;
	return s;
}

/* A cell, with the formula guard when guard says so. */
static void
csv_put(struct buf *out, const char *s, int first, int guard)
{
	size_t len = s ? strlen(s) : 0;
	int quote;

	if (!first)
		buf_addc(out, ',');
	if (len == 0)
		return;
	/* ";" too: a spreadsheet set to a decimal comma splits on it. */
	/* And blanks at either end, which a reader may trim. */
	quote = strpbrk(s, ",;\"\r\n") != NULL || strchr(" \t", s[0]) ||
	    strchr(" \t", s[len - 1]);
	if (quote)
		buf_addc(out, '"');
	/* The quote mark makes a formula text, and shows. */
	if (guard && strchr(csv_formula, s[0]) != NULL)
		buf_addc(out, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	if (quote)
		buf_addc(out, '"');
}

void
csv_cell(struct buf *out, const char *s, int first)
{
	csv_put(out, s, first, 1);
}

void
csv_cell_plain(struct buf *out, const char *s, int first)
{
	csv_put(out, s, first, 0);
}

void
csv_row_end(struct buf *out)
{
	buf_add(out, "\r\n", 2);
}
