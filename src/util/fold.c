/* Case and accent folding for searches (see fold.h). */
#include <stdint.h>
#include <string.h>

#include "fold.h"
#include "buf.h"
#include "banned.h"

/*
 * U+00C0 to U+017F (Latin-1's letters and Latin Extended-A): the ASCII
 * each folds to, NULL for the two signs among them, kept as they are.
 * Letters with no decomposition take the spelling of their name in
 * ASCII (æ ae, ß ss, þ th, ł l, đ d). Drawn from Unicode's
 * decompositions; kept by hand, eight to a row as the comments say.
 */
#define FOLD_FIRST 0xc0
#define FOLD_LAST  0x17f
/* clang-format off */
static const char *const fold_latin[FOLD_LAST - FOLD_FIRST + 1] = {
	/* U+00C0 ÀÁÂÃÄÅÆÇ */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 ÈÉÊËÌÍÎÏ */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 ÐÑÒÓÔÕÖ× */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00D8 ØÙÚÛÜÝÞß */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 àáâãäåæç */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 èéêëìíîï */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 ðñòóôõö÷ */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00F8 øùúûüýþÿ */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 ĀāĂăĄąĆć */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 ĈĉĊċČčĎď */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 ĐđĒēĔĕĖė */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 ĘęĚěĜĝĞğ */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 ĠġĢģĤĥĦħ */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 ĨĩĪīĬĭĮį */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 İıĲĳĴĵĶķ */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 ĸĹĺĻļĽľĿ */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 ŀŁłŃńŅņŇ */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 ňŉŊŋŌōŎŏ */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 ŐőŒœŔŕŖŗ */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 ŘřŚśŜŝŞş */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 ŠšŢţŤťŦŧ */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 ŨũŪūŬŭŮů */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 ŰűŲųŴŵŶŷ */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 ŸŹźŻżŽžſ */ "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

/* The code point at s (valid UTF-8) and its length in *n. */
static uint32_t
fold_decode(const unsigned char *s, size_t *n)
{
	uint32_t cp;
	size_t k;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	*n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	cp = s[0] & (0x7f >> *n);
	for (k = 1; k < *n && (s[k] & 0xc0) == 0x80; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	*n = k;
	return cp;
}

/* What cp folds to, or NULL when it stays as it is. */
static const char *
fold_one(uint32_t cp)
{
	/* Romanian's comma letters Ș ș Ț ț, often typed for ş ţ above. */
	static const char *const comma[] = { "s", "s", "t", "t" };

	if (cp >= FOLD_FIRST && cp <= FOLD_LAST)
		return fold_latin[cp - FOLD_FIRST];
	if (cp >= 0x218 && cp <= 0x21b)
		return comma[cp - 0x218];
	/* Combining accents: "n" + U+0303 is an ñ typed in two parts. */
	if (cp >= 0x300 && cp <= 0x36f)
		return "";
	return NULL;
}

char *
fold_name(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	struct buf b = BUF_INIT;
	const char *to;
	size_t n;

	while (*s != '\0') {
		uint32_t cp = fold_decode(s, &n);

		if (cp >= 'A' && cp <= 'Z')
			buf_addc(&b, (char)(cp - 'A' + 'a'));
		else if ((to = fold_one(cp)) != NULL)
			buf_adds(&b, to);
		else
			buf_add(&b, s, n);
		s += n;
	}
	return buf_detach(&b, NULL);
}

char *
fold_email(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s != '\0'; s++)
		buf_addc(&b,
		    *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
	return buf_detach(&b, NULL);
}

size_t
fold_phone_rev(const char *s, char *out, size_t size)
{
	size_t i, n = 0, len = strlen(s);

	out[0] = '\0';
	for (i = len; i > 0; i--) {
		if (s[i - 1] < '0' || s[i - 1] > '9')
			continue;
		if (n + 1 >= size) {
			out[0] = '\0';
			return 0;
		}
		out[n++] = s[i - 1];
	}
	out[n] = '\0';
	return n;
}
