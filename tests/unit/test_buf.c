/*
 * The growable buffer: what each append leaves in it (always terminated,
 * NULs and all), growth far past its first size, the HTML and URL
 * escapes, and who owns the memory after reset, detach and free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/buf.h"

static const struct {
	const char	*in, *html, *url;
} escapes[] = {
	{ "", "", "" },
	{ "plain", "plain", "plain" },
	{ "AZaz09-._~", "AZaz09-._~", "AZaz09-._~" },
	{ "<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;",
	    "%3Cb%3E%26amp%3B%3C%2Fb%3E" },
	{ "\"it's\"", "&quot;it&#39;s&quot;", "%22it%27s%22" },
	{ "a b+c/d?e=f", "a b+c/d?e=f", "a%20b%2Bc%2Fd%3Fe%3Df" },
	{ "se\xc3\xb1ora", "se\xc3\xb1ora", "se%C3%B1ora" },
	{ "\x01\x7f\xff", "\x01\x7f\xff", "%01%7F%FF" },
	{ "&&", "&amp;&amp;", "%26%26" },
};

/* Check the escapes of one row, each into a buffer that holds a prefix. */
static void
buf_escapes(size_t i)
{
	struct buf b = BUF_INIT;
	size_t n = strlen("x:");

	buf_adds(&b, "x:");
	buf_add_html(&b, escapes[i].in, strlen(escapes[i].in));
	is_str(b.ptr + n, escapes[i].html, "html of \"%s\"", escapes[i].in);
	is_int(b.len, n + strlen(escapes[i].html), "and its length");
	buf_reset(&b);
	buf_adds(&b, "x:");
	buf_add_url(&b, escapes[i].in);
	is_str(b.ptr + n, escapes[i].url, "url of \"%s\"", escapes[i].in);
	is_int(b.len, n + strlen(escapes[i].url), "and its length");
	buf_free(&b);
}

/* 10,000 appends of every kind: the contents are all there, in order. */
static void
buf_growth(void)
{
	struct buf b = BUF_INIT, want = BUF_INIT;
	size_t i, n;
	char item[32];

	for (i = 0; i < 10000; i++) {
		buf_addc(&b, 'c');
		buf_adds(&b, "s");
		buf_add(&b, "ab", 2);
		buf_printf(&b, "%zu;", i);
	}
	for (i = 0; i < 10000; i++) {
		n = (size_t)snprintf(item, sizeof(item), "csab%zu;", i);
		buf_add(&want, item, n);
	}
	is_int(b.len, want.len, "10,000 appends: the length adds up");
	ok(b.cap > b.len && b.ptr[b.len] == '\0', "and the end is terminated");
	ok(memcmp(b.ptr, want.ptr, want.len) == 0, "and every byte is there");
	buf_free(&b);
	buf_free(&want);
}

int
main(void)
{
	struct buf b = BUF_INIT;
	char *p, big[5000];
	size_t i, len, cap;

	buf_add(&b, "", 0);
	ok(b.ptr != NULL && b.ptr[0] == '\0' && b.len == 0,
	    "adding nothing still gives a terminated string");
	buf_add(&b, "a\0b", 3);
	is_int(b.len, 3, "buf_add keeps a NUL in the middle");
	ok(memcmp(b.ptr, "a\0b", 4) == 0, "and terminates after it");
	buf_addc(&b, '\0');
	is_int(b.len, 4, "buf_addc adds a NUL as a byte");
	buf_reset(&b);
	is_int(b.len, 0, "reset forgets the contents");
	ok(b.ptr != NULL && b.ptr[0] == '\0', "and leaves an empty string");
	cap = b.cap;
	buf_adds(&b, "kept");
	is_int(b.cap, cap, "and the allocation is used again");
	buf_adds(&b, " and more");
	buf_drop(&b, 5);
	is_str(b.ptr, "and more", "drop forgets the first bytes");
	is_int(b.len, 8, "and its length is the rest");
	buf_drop(&b, 8);
	ok(b.len == 0 && b.ptr[0] == '\0', "dropping all leaves an empty string");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	buf_printf(&b, "[%s]", big);
	is_int(b.len, sizeof(big) + 1, "printf past the allocation grows it");
	ok(b.ptr[0] == '[' && b.ptr[b.len - 1] == ']' && b.ptr[b.len] == '\0',
	    "and writes all of it");
	buf_printf(&b, "%d%s", 7, "");
	is_str(b.ptr + b.len - 2, "]7", "printf appends");

	p = buf_detach(&b, &len);
	is_int(len, sizeof(big) + 2, "detach hands over the length");
	ok(b.ptr == NULL && b.len == 0 && b.cap == 0,
	    "and leaves the buffer empty");
	free(p);
	p = buf_detach(&b, &len);
	ok(p != NULL && p[0] == '\0' && len == 0,
	    "detaching an empty buffer gives \"\", never NULL");
	free(p);
	buf_adds(&b, "again");
	is_str(b.ptr, "again", "a detached buffer can be used again");
	buf_free(&b);
	ok(b.ptr == NULL && b.len == 0 && b.cap == 0, "free empties it");
	/* A buffer freed twice is harmless: ASan fails the program if not. */
	buf_free(&b);

	for (i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++)
		buf_escapes(i);
	buf_growth();
	return tap_done();
}
