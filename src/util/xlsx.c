/* A one-sheet XLSX file in memory: see xlsx.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "xlsx.h"
#include "mem.h"
#include "banned.h"

/* The longest text a cell holds, in bytes (Excel's 32,767 characters
 * are at least this many). */
#define XLSX_TEXT_MAX 32767

struct xlsx {
	int fd; /* the file, in memory (memfd) */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	int failed; /* a cell was refused */
};

struct xlsx *
xlsx_new(const char *sheet)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	lxw_workbook_options o = { .constant_memory = 1 };
	char path[64];
	struct stat st;

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		o.tmpdir = (char *)"/dev/shm";
	/*
	 * libxlsxwriter writes to a path only: the path of a file that lives
	 * in memory, so that no personal data is written to a disk.
	 */
	x->fd = memfd_create("solidarity-xlsx", MFD_CLOEXEC);
	if (x->fd == -1) {
		free(x);
		return NULL;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", x->fd);
	x->book = workbook_new_opt(path, &o);
	if (x->book != NULL)
		x->sheet = workbook_add_worksheet(x->book, sheet);
	if (x->sheet == NULL) {
		if (x->book != NULL)
			workbook_close(x->book);
		close(x->fd);
		free(x);
		return NULL;
	}
	return x;
}

/* n bytes of s at most, not ending inside a UTF-8 sequence. */
static size_t
xlsx_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

void
xlsx_text(struct xlsx *x, uint32_t row, uint16_t col, const char *s)
{
	size_t len;
	char *cut;

	if (s == NULL)
		return;
	len = strlen(s);
	if (len <= XLSX_TEXT_MAX) {
		if (worksheet_write_string(x->sheet, row, col, s, NULL) !=
		    LXW_NO_ERROR)
			x->failed = 1;
		return;
	}
	cut = xstrndup(s, xlsx_cut(s, XLSX_TEXT_MAX));
	if (worksheet_write_string(x->sheet, row, col, cut, NULL) !=
	    LXW_NO_ERROR)
		x->failed = 1;
	free(cut);
}

void
xlsx_number(struct xlsx *x, uint32_t row, uint16_t col, double v)
{
	if (worksheet_write_number(x->sheet, row, col, v, NULL) != LXW_NO_ERROR)
		x->failed = 1;
}

void
xlsx_bool(struct xlsx *x, uint32_t row, uint16_t col, int v)
{
	if (worksheet_write_boolean(x->sheet, row, col, v, NULL) !=
	    LXW_NO_ERROR)
		x->failed = 1;
}

int
xlsx_finish(struct xlsx *x, struct buf *out)
{
	struct stat st;
	size_t start = out->len, got = 0;
	ssize_t r;
	int rc = -1;

	if (workbook_close(x->book) != LXW_NO_ERROR || x->failed ||
	    fstat(x->fd, &st) == -1)
		goto out;
	buf_grow(out, (size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		r = pread(x->fd, out->ptr + start + got,
		    (size_t)st.st_size - got, (off_t)got);
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	out->len = start + got;
	out->ptr[out->len] = '\0';
	rc = 0;
out:
	close(x->fd);
	free(x);
	return rc;
}
