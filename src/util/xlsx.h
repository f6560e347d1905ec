/*
 * A spreadsheet file (XLSX) of one sheet, written by libxlsxwriter into
 * memory: the lists' ?format=xlsx and `solidarity export … FILE.xlsx`.
 * A text cell is always a string, never a formula, so a cell that
 * begins with = is shown, not run: XLSX needs no guard where CSV does.
 * Rows are written in order, each row's cells left to right, and only
 * the row being written is held (libxlsxwriter's constant memory mode);
 * the parts it stages before zipping them go to /dev/shm where there is
 * one (memory, never a disk), else to the system's temporary folder,
 * and are gone when the file is made.
 */
#ifndef UTIL_XLSX_H
#define UTIL_XLSX_H

#include <stdint.h>

#include "util/buf.h"

/* The file's media type. */
#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Rows a sheet can hold, the header's included (Excel's limit). */
#define XLSX_ROWS_MAX 1048576

struct xlsx;

/* A workbook of one sheet named sheet, or NULL when it cannot be made. */
struct xlsx *xlsx_new(const char *sheet);
/* Cells at (row, col), from 0: text (NULL: left empty), a number, a
 * truth value. A text longer than a cell holds is cut at a character. */
void xlsx_text(struct xlsx *, uint32_t row, uint16_t col, const char *s);
void xlsx_number(struct xlsx *, uint32_t row, uint16_t col, double v);
void xlsx_bool(struct xlsx *, uint32_t row, uint16_t col, int v);
/*
 * The file, appended to out, and the workbook freed: 0, or -1 when a
 * cell or the file could not be written (out then unchanged).
 */
int xlsx_finish(struct xlsx *, struct buf *out);

#endif
