/*
 * CSV in and out, as spreadsheet programs write and read it. Reading is
 * libcsv's parser with what spreadsheets' exports need around it: a UTF-8
 * byte order mark, CRLF or LF, ";" or "," (whichever the first row uses
 * more of, the next row telling a tie), a trailing empty column, blank rows.
 * Writing is RFC 4180 with CRLF, cells that a spreadsheet would run as a
 * formula made text.
 */
#ifndef UTIL_CSV_H
#define UTIL_CSV_H

#include <stddef.h>

#include "util/buf.h"

/* Cells in a row and bytes in a row, at most: past them a row is refused. */
#define CSV_CELLS_MAX 512
#define CSV_ROW_MAX   (1024 * 1024)

/*
 * One row: n cells, each NUL-terminated at cells[i] with its length at
 * lens[i] (valid UTF-8, no NUL inside), all owned by the reader and valid
 * only during the callback. record is the row's number in the file,
 * counting the header as 1 and blank rows too, so that it names the row a
 * spreadsheet shows.
 */
struct csv_row {
	size_t n;
	char **cells;
	size_t *lens;
	size_t record;
};

/* Called once per row, the header first; non-zero stops the reading. */
typedef int (*csv_row_fn)(void *arg, const struct csv_row *);

struct csv_reader;

/*
 * A reader that hands each row to fn, rows that are blank (no cell, or
 * only empty ones) left out. Trailing empty cells past the header's last
 * named column are dropped, from the header too: a spreadsheet that
 * exported an empty last column adds nothing. Free with csv_reader_free.
 */
struct csv_reader *csv_reader_new(csv_row_fn fn, void *arg);
/*
 * Feed the next len bytes of the file, in pieces of any size. 0, or -1
 * when the input is refused (csv_reader_error says why) or fn stopped;
 * after -1 the reader takes nothing more.
 */
int csv_reader_feed(struct csv_reader *, const char *data, size_t len);
/*
 * Part the cells by delim (',', ';' or a tab) whatever the header has
 * more of: a tab for UTF-16 text, which is Excel's "Unicode Text" and
 * has tabs always. Before the first csv_reader_feed.
 */
void csv_reader_set_delim(struct csv_reader *, char delim);
/* The end of the file: the last row, if unterminated. 0 or -1, as above. */
int csv_reader_end(struct csv_reader *);
/*
 * Why the input was refused: a message (lowercase, no full stop) and the
 * record it was found in, or NULL when nothing was refused (fn stopped).
 */
const char *csv_reader_error(const struct csv_reader *, size_t *record);
/* csv_reader_error's refusal of a cell that is not UTF-8 text. */
#define CSV_NOT_UTF8 "not UTF-8 text"
/* The delimiter in use: ',', ';' or a tab (',' until the first row is read). */
char csv_reader_delim(const struct csv_reader *);
void csv_reader_free(struct csv_reader *);

/*
 * Append one cell of a row to out: after a comma unless it is the row's
 * first. A cell that begins with = + - @ a tab or a CR is written with a
 * leading "'", so that a spreadsheet shows it as text instead of running
 * it (CSV injection); the cell is quoted when it holds a comma, a
 * semicolon, a quote, a line end or blanks at either end. s may be NULL:
 * an empty cell.
 */
void csv_cell(struct buf *out, const char *s, int first);
/*
 * csv_cell without the formula guard, for files that programs read, not
 * people in a spreadsheet (HSDS): the text as it is, quoted as needed.
 */
void csv_cell_plain(struct buf *out, const char *s, int first);
/*
 * A cell as csv_cell had it before it made a formula text: s without the
 * leading "'" when one guards a formula's sign, else s itself.
 */
const char *csv_unguard(const char *s);
/* End a row (CRLF, as RFC 4180 and spreadsheets write it). */
void csv_row_end(struct buf *out);

#endif
