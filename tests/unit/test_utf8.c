/*
 * Strict UTF-8 (RFC 3629): every kind of well-formed sequence taken, and
 * every kind of ill-formed one refused (stray continuation bytes, overlong
 * forms, surrogates, past U+10FFFF, cut short, NUL); code points counted.
 * Then files of other encodings made UTF-8: UTF-16 by its byte order
 * mark, Windows-1252 otherwise, whole or in pieces.
 */
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

/* utf8_from_any over s[0..len): its answer, the text in got. */
static int
from_any(const char *s, size_t len, struct buf *b, const char **got,
    size_t *gotlen, const char **why)
{
	*why = NULL;
	return utf8_from_any(s, len, b, got, gotlen, why);
}

/* What utf8_from_any makes of a file: every kind a spreadsheet writes. */
static void
test_from_any(void)
{
	/* "Teléfono,¿Qué?" with CRLF, in UTF-16LE with its mark. */
	static const char le[] = "\xff\xfeT\0e\0l\0\xe9\0" "f\0o\0n\0o\0\t\0"
				 "\xbf\0Q\0u\0\xe9\0?\0\r\0\n\0";
	static const char be[] = "\xfe\xff\0T\0\xe9\xd8\x3c\xdf\x5e";
	static const char want[] = "Tel\xc3\xa9" "fono\t\xc2\xbfQu\xc3\xa9?\r\n";
	struct buf b = BUF_INIT, out = BUF_INIT;
	struct utf8_conv *c;
	const char *got, *why, *s;
	size_t len, i;
	int rc;

	s = "Nombre,Tel\xc3\xa9" "fono\n";
	ok(from_any(s, strlen(s), &b, &got, &len, &why) == 0 && got == s &&
		len == strlen(s),
	    "UTF-8 stays where it is, nothing copied");
	s = "\xef\xbb\xbfNombre\n";
	ok(from_any(s, strlen(s), &b, &got, &len, &why) == 0 &&
		got == s + 3 && len == 7,
	    "UTF-8 with its mark: the mark left out, nothing copied");
	rc = from_any(le, sizeof(le) - 1, &b, &got, &len, &why);
	ok(rc == 0 && len == strlen(want) && memcmp(got, want, len) == 0,
	    "UTF-16LE by its mark (Excel's Unicode Text), the mark left out");
	rc = from_any(be, sizeof(be) - 1, &b, &got, &len, &why);
	ok(rc == 0 && len == 7 &&
		memcmp(got, "T\xc3\xa9\xf0\x9f\x8d\x9e", 7) == 0,
	    "UTF-16BE by its mark, a surrogate pair made one character");
	s = "Tel\xe9" "fono;\xbfQu\xe9 necesitas?;\x80 5\r\n";
	rc = from_any(s, strlen(s), &b, &got, &len, &why);
	ok(rc == 0 && got == b.ptr &&
		strcmp(got, "Tel\xc3\xa9" "fono;\xc2\xbfQu\xc3\xa9 "
			    "necesitas?;\xe2\x82\xac 5\r\n") == 0,
	    "else Windows-1252 (Excel's CSV), the euro sign at 80 too");
	/* An .xlsx: a zip, its NULs beside bytes that read as UTF-8. */
	rc = from_any("PK\3\4\0\0\xc3\xa9\x81\xff", 10, &b, &got, &len, &why);
	ok(rc == -1 && strcmp(why, "err_file_text") == 0,
	    "a binary file is no text, whatever bytes it holds");
	s = "\xef\xbb\xbfNombre,Ni\xf1o\n";
	ok(from_any(s, strlen(s), &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_utf8") == 0,
	    "UTF-8's mark and a byte that is not UTF-8: refused, not read "
	    "as Windows-1252 (which would garble every accent)");
	s = "Jos\xc3\xa9,Ni\xf1o\n";
	ok(from_any(s, strlen(s), &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_utf8") == 0,
	    "an accent written in UTF-8 beside one that is not: refused");
	s = "a\x81" "b";
	ok(from_any(s, strlen(s), &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_1252") == 0,
	    "a byte Windows-1252 leaves undefined is refused");
	ok(from_any("a\0b", 3, &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_text") == 0,
	    "a NUL (a binary file, not text) is refused");
	ok(from_any(le, sizeof(le) - 2, &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_text") == 0,
	    "UTF-16 cut inside a character is refused");
	ok(from_any("\xff\xfe\0\xd8" "a\0", 6, &b, &got, &len, &why) == -1 &&
		strcmp(why, "err_file_text") == 0,
	    "UTF-16 with a lone surrogate is refused");

	c = utf8_conv_new("UTF-16");
	for (i = 0, rc = 0; i < sizeof(le) - 1 && rc == 0; i++)
		rc = utf8_conv_feed(c, le + i, 1, &out);
	ok(rc == 0 && utf8_conv_end(c) == 0 && strcmp(out.ptr, want) == 0,
	    "UTF-16 fed a byte at a time: the same text");
	utf8_conv_free(c);
	buf_reset(&out);
	/* Found by fuzz_multipart: a conversion that stopped for want of
	 * room, with 2 bytes left for a euro sign's 3, never ended. */
	buf_free(&out);
	buf_add(&out, "0123456789012345678901234567890123456789012345678901"
		      "234567890", 61);
	c = utf8_conv_new("WINDOWS-1252");
	rc = utf8_conv_feed(c, "\x80", 1, &out);
	ok(rc == 0 && out.len == 64 &&
		strcmp(out.ptr + 61, "\xe2\x82\xac") == 0,
	    "text that needs more room than the output has: made room");
	utf8_conv_free(c);
	buf_reset(&out);
	c = utf8_conv_new("UTF-16");
	rc = utf8_conv_feed(c, be, 5, &out);
	ok(rc == 0 && utf8_conv_end(c) == -1,
	    "a piece that ends inside a character waits for the rest");
	utf8_conv_free(c);
	buf_free(&out);
	buf_free(&b);
}

static const struct {
	const char	*s;
	size_t		 len;		/* 0: strlen(s) */
	int		 valid;
	size_t		 count;		/* code points, when valid */
	const char	*why;
} cases[] = {
	{ "", 0, 1, 0, "empty" },
	{ "Ana", 0, 1, 3, "ASCII" },
	{ "\x7f", 0, 1, 1, "the last one-byte form" },
	{ "se\xc3\xb1ora", 0, 1, 6, "two bytes (n with tilde)" },
	{ "\xc2\x80", 0, 1, 1, "the first two-byte form" },
	{ "\xdf\xbf", 0, 1, 1, "the last two-byte form" },
	{ "\xe0\xa0\x80", 0, 1, 1, "the first three-byte form" },
	{ "\xe2\x80\xa2", 0, 1, 1, "three bytes (a bullet)" },
	{ "\xed\x9f\xbf", 0, 1, 1, "just below the surrogates" },
	{ "\xee\x80\x80", 0, 1, 1, "just above the surrogates" },
	{ "\xef\xbf\xbf", 0, 1, 1, "the last three-byte form" },
	{ "\xf0\x90\x80\x80", 0, 1, 1, "the first four-byte form" },
	{ "\xf0\x9f\x8d\x9e", 0, 1, 1, "four bytes (bread)" },
	{ "\xf4\x8f\xbf\xbf", 0, 1, 1, "U+10FFFF, the last code point" },
	{ "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x8d\x9e", 0, 1, 4, "all lengths" },
	{ "a\0b", 3, 0, 0, "a NUL" },
	{ "\x80", 0, 0, 0, "a stray continuation byte" },
	{ "a\xbf", 0, 0, 0, "a stray continuation byte after ASCII" },
	{ "\xc0\xaf", 0, 0, 0, "an overlong '/' (C0)" },
	{ "\xc1\xbf", 0, 0, 0, "an overlong two-byte form (C1)" },
	{ "\xe0\x80\xaf", 0, 0, 0, "an overlong three-byte form" },
	{ "\xe0\x9f\xbf", 0, 0, 0, "the last overlong three-byte form" },
	{ "\xf0\x80\x80\xaf", 0, 0, 0, "an overlong four-byte form" },
	{ "\xf0\x8f\xbf\xbf", 0, 0, 0, "the last overlong four-byte form" },
	{ "\xed\xa0\x80", 0, 0, 0, "the first surrogate" },
	{ "\xed\xbf\xbf", 0, 0, 0, "the last surrogate" },
	{ "\xf4\x90\x80\x80", 0, 0, 0, "U+110000, past the last" },
	{ "\xf5\x80\x80\x80", 0, 0, 0, "lead byte F5" },
	{ "\xff", 0, 0, 0, "byte FF" },
	{ "caf\xc3", 0, 0, 0, "cut short after the lead byte" },
	{ "\xe2\x82", 0, 0, 0, "a three-byte form cut short" },
	{ "\xf0\x9f\x8d", 0, 0, 0, "a four-byte form cut short" },
	{ "\xc3" "a", 0, 0, 0, "a lead byte before ASCII" },
	{ "\xe2\x28\xa1", 0, 0, 0, "ASCII in the middle of a form" },
};

int
main(void)
{
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].s);
		is_int(utf8_valid(cases[i].s, len), cases[i].valid,
		    "%s is %s", cases[i].why, cases[i].valid ? "valid" :
		    "refused");
		if (cases[i].valid)
			is_int(utf8_count(cases[i].s, len), cases[i].count,
			    "%s: %zu code points", cases[i].why,
			    cases[i].count);
	}
	/* The length bounds the check: a form cut by it is refused. */
	is_int(utf8_valid("\xc3\xb1", 1), 0, "a form cut by the length");
	is_int(utf8_valid("ab\xff", 2), 1,
	    "bytes past the length are not read");
	test_from_any();
	return tap_done();
}
