/*
 * Fuzz the reader of weekly windows against what it promises: windows
 * accepted are sorted, apart, inside the week and no more than
 * WINDOW_MAX; written in the canonical form they read back to the same
 * windows; and a set shares with itself exactly its own length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/window.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
window_check(const struct windows *ws)
{
	size_t i;
	int len = 0;

	if (ws->n > WINDOW_MAX)
		abort();
	for (i = 0; i < ws->n; i++) {
		if (ws->w[i].start < 0 || ws->w[i].end > WINDOW_WEEK ||
		    ws->w[i].start >= ws->w[i].end)
			abort();
		if (i > 0 && ws->w[i].start <= ws->w[i - 1].end)
			abort();
		len += ws->w[i].end - ws->w[i].start;
	}
	if (window_overlap(ws, ws) != len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct windows ws, again;
	struct buf b = BUF_INIT;
	char *text = strndup((const char *)data, size);

	if (window_parse(text, &ws) == 0) {
		window_check(&ws);
		window_format(&ws, NULL, &b);
		buf_addc(&b, '\0');
		if (window_parse(b.ptr, &again) != 0 || again.n != ws.n ||
		    memcmp(again.w, ws.w, ws.n * sizeof(ws.w[0])) != 0)
			abort();
		buf_free(&b);
	} else if (ws.n != 0) {
		abort();
	}
	free(text);
	return 0;
}
