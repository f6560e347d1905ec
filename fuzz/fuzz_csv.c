/*
 * Fuzz the CSV reader, fed in pieces of a size the input's first byte
 * chooses (a byte order mark, a CRLF or a quote cut across two feeds),
 * and the writer: every row read is written out again, and what the
 * writer wrote must read back without an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_row(void *arg, const struct csv_row *row)
{
	struct buf *out = arg;
	size_t i;

	for (i = 0; i < row->n; i++)
		csv_cell(out, row->cells[i], i == 0);
	csv_row_end(out);
	return 0;
}

static int
fuzz_read(const char *data, size_t size, size_t step, struct buf *out,
    const char **err)
{
	struct csv_reader *r = csv_reader_new(fuzz_row, out);
	size_t at, n;
	int rc = 0;

	for (at = 0; at < size && rc == 0; at += n) {
		n = size - at < step ? size - at : step;
		rc = csv_reader_feed(r, data + at, n);
	}
	if (rc == 0)
		rc = csv_reader_end(r);
	*err = csv_reader_error(r, NULL);
	csv_reader_free(r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT, again = BUF_INIT;
	const char *err;
	size_t step = size > 0 ? (size_t)data[0] % 16 + 1 : 1;

	fuzz_read((const char *)data, size, step, &out, &err);
	if (out.len > 0 &&
	    fuzz_read(out.ptr, out.len, out.len, &again, &err) == -1 &&
	    strcmp(err, "row too long") != 0)
		abort();
	buf_free(&out);
	buf_free(&again);
	return 0;
}
