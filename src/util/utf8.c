/*
 * Strict UTF-8 checks (RFC 3629), so stored text is always well-formed;
 * and text in the other encodings spreadsheets are saved in made UTF-8.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "mem.h"
#include "banned.h"

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		unsigned cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_count(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

const char *
utf8_bom_encoding(const char *s, size_t len)
{
	/* Excel's "Unicode Text" is little-endian, with its mark. */
	if (len >= 2 &&
	    ((s[0] == '\xff' && s[1] == '\xfe') ||
		(s[0] == '\xfe' && s[1] == '\xff')))
		return "UTF-16";
	return NULL;
}

struct utf8_conv {
	iconv_t cd;
	struct buf in; /* a character cut at the end of the last piece */
};

struct utf8_conv *
utf8_conv_new(const char *from)
{
	struct utf8_conv *c = xcalloc(1, sizeof(*c));

	c->cd = iconv_open("UTF-8", from);
	/* glibc has both encodings we name: their absence is a broken
	 * installation, as out of memory is. */
	if (c->cd == (iconv_t)-1) {
		fprintf(stderr, "cannot convert from %s: %s\n", from,
		    strerror(errno));
		abort();
	}
	return c;
}

int
utf8_conv_feed(struct utf8_conv *c, const char *s, size_t len, struct buf *out)
{
	char *in, *o;
	size_t inleft, oleft;

	buf_add(&c->in, s, len);
	in = c->in.ptr;
	inleft = c->in.len;
	/*
	 * Room for all of it, so that iconv never stops for want of room:
	 * a byte of Windows-1252 is at most 3 of UTF-8, and so are 2 of
	 * UTF-16 (4, a surrogate pair, are 4).
	 */
	buf_grow(out, 3 * inleft);
	o = out->ptr + out->len;
	oleft = out->cap - out->len - 1;
	if (iconv(c->cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
	    errno != EINVAL)
		return -1;
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	buf_drop(&c->in, c->in.len - inleft);
	return 0;
}

int
utf8_conv_end(const struct utf8_conv *c)
{
	return c->in.len == 0 ? 0 : -1;
}

void
utf8_conv_free(struct utf8_conv *c)
{
	if (c == NULL)
		return;
	iconv_close(c->cd);
	buf_free(&c->in);
	free(c);
}

/*
 * Whether s holds a character of two or more bytes written well in
 * UTF-8: Windows-1252 text almost never does (its é is one byte, 0xE9,
 * and a letter follows it), so a file with one is UTF-8 with a stray
 * byte, which read as Windows-1252 would garble every accent in it.
 */
static int
utf8_some_wide(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;

	for (i = 0; i < len; i++) {
		n = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : u[i] >= 0xc2 ? 2 : 0;
		if (n > 0 && u[i] <= 0xf4 && n <= len - i &&
		    utf8_valid(s + i, n))
			return 1;
	}
	return 0;
}

int
utf8_from_any(const char *s, size_t len, struct buf *b, const char **out,
    size_t *outlen, const char **why)
{
	const char *from = utf8_bom_encoding(s, len);
	/* UTF-8's own mark: 3 bytes to leave out, or none. */
	size_t mark = from == NULL && len >= 3 &&
		memcmp(s, "\xef\xbb\xbf", 3) == 0
	    ? 3
	    : 0;
	struct utf8_conv *c;
	int rc;

	if (from == NULL && utf8_valid(s + mark, len - mark)) {
		*out = s + mark;
		*outlen = len - mark;
		return 0;
	}
	/* A NUL is no text's (an .xlsx): before its bytes say anything. */
	if (from == NULL && memchr(s, '\0', len) != NULL) {
		*why = "err_file_text";
		return -1;
	}
	if (from == NULL && (mark > 0 || utf8_some_wide(s, len))) {
		*why = "err_file_utf8";
		return -1;
	}
	c = utf8_conv_new(from != NULL ? from : "WINDOWS-1252");
	buf_reset(b);
	buf_grow(b, len);
	rc = utf8_conv_feed(c, s, len, b);
	*why = rc == -1 && from == NULL ? "err_file_1252" : "err_file_text";
	if (rc == 0 && (utf8_conv_end(c) == -1 || !utf8_valid(b->ptr, b->len)))
		rc = -1;
	utf8_conv_free(c);
	*out = b->ptr;
	*outlen = b->len;
	return rc;
}
