/*
 * Strict UTF-8 (RFC 3629): every kind of well-formed sequence taken, and
 * every kind of ill-formed one refused (stray continuation bytes, overlong
 * forms, surrogates, past U+10FFFF, cut short, NUL); code points counted.
 */
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

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
	return tap_done();
}
