/*
 * Fuzz the UTF-8 checks against a second decoder written another way:
 * from the table of well-formed byte sequences in the Unicode Standard
 * (Table 3-7), which bounds the second byte by the lead byte instead of
 * decoding the code point. utf8_valid must agree with it on every input
 * (NUL refused too: stored text never holds one), and utf8_count must
 * count the code points it finds.
 */
#include <stdint.h>
#include <stdlib.h>

#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Table 3-7: lead bytes, the range of the byte after, the length. */
static const struct {
	uint8_t	 lo, hi;	/* the lead byte */
	uint8_t	 next_lo, next_hi;
	size_t	 len;
} forms[] = {
	{ 0x01, 0x7f, 0, 0, 1 },
	{ 0xc2, 0xdf, 0x80, 0xbf, 2 },
	{ 0xe0, 0xe0, 0xa0, 0xbf, 3 },
	{ 0xe1, 0xec, 0x80, 0xbf, 3 },
	{ 0xed, 0xed, 0x80, 0x9f, 3 },	/* no surrogates */
	{ 0xee, 0xef, 0x80, 0xbf, 3 },
	{ 0xf0, 0xf0, 0x90, 0xbf, 4 },
	{ 0xf1, 0xf3, 0x80, 0xbf, 4 },
	{ 0xf4, 0xf4, 0x80, 0x8f, 4 },	/* up to U+10FFFF */
};

/* The length of the well-formed sequence at s, or 0. */
static size_t
utf8_form(const uint8_t *s, size_t left)
{
	size_t f, k;

	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		if (s[0] < forms[f].lo || s[0] > forms[f].hi)
			continue;
		if (forms[f].len > left)
			return 0;
		if (forms[f].len > 1 && (s[1] < forms[f].next_lo ||
		    s[1] > forms[f].next_hi))
			return 0;
		for (k = 2; k < forms[f].len; k++)
			if (s[k] < 0x80 || s[k] > 0xbf)
				return 0;
		return forms[f].len;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0, n, points = 0;
	int valid = 1;

	while (i < size) {
		n = utf8_form(data + i, size - i);
		if (n == 0) {
			valid = 0;
			break;
		}
		i += n;
		points++;
	}
	if (utf8_valid((const char *)data, size) != valid)
		abort();
	if (valid && utf8_count((const char *)data, size) != points)
		abort();
	if (utf8_count((const char *)data, size) > size)
		abort();
	return 0;
}
