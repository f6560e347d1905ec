/*
 * The bounded number parsers every input and option goes through: what
 * they take, what they refuse (signs, junk, overflow, out of range), and
 * the value they give; and integers written out as "%lld" writes them.
 */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/num.h"

/* Refused by both parsers whatever the bounds: no number at all. */
static const char *const junk[] = {
	"", "-", "+", ".", "--1", " 1", "1 ", "12x", "1,5", "1.2.3", "1e",
	"0x10", "0x1p3", "nan", "inf", "\xc2\xbd", "\xd9\xa3",
};

/* The text, the bounds, whether it is taken (0) and the value. */
static const struct {
	const char	*s;
	int64_t		 min, max;
	int		 rc;
	int64_t		 want;
} ints[] = {
	{ "0", 0, 10, 0, 0 },
	{ "42", 1, 100, 0, 42 },
	{ "-42", -100, 100, 0, -42 },
	{ "-0", 0, 0, 0, 0 },
	{ "007", 0, 10, 0, 7 },
	{ "10", 0, 10, 0, 10 },
	{ "11", 0, 10, -1, 0 },
	{ "-1", 0, 10, -1, 0 },
	{ "0", 1, INT64_MAX, -1, 0 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, -1, 0 },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, -1, 0 },
	{ "18446744073709551616", INT64_MIN, INT64_MAX, -1, 0 },
	{ "+1", INT64_MIN, INT64_MAX, -1, 0 },
	{ "1e3", INT64_MIN, INT64_MAX, -1, 0 },
	{ "1.0", INT64_MIN, INT64_MAX, -1, 0 },
	{ "5", 5, 1, -1, 0 },
};

/* The text, the bounds and the value, and whether it is taken (0). */
static const struct {
	const char	*s;
	double		 min, max, want;
	int		 rc;
} reals[] = {
	{ "0", -90, 90, 0, 0 },
	{ "-33.4489", -90, 90, -33.4489, 0 },
	{ "+1.5", -90, 90, 1.5, 0 },
	{ ".5", -90, 90, 0.5, 0 },
	{ "2.5e1", -90, 90, 25, 0 },
	{ "90", -90, 90, 90, 0 },
	{ "90.0001", -90, 90, 0, -1 },
	{ "-180.5", -180, 180, 0, -1 },
	{ "1e400", -DBL_MAX, DBL_MAX, 0, -1 },
	/* 63 characters is the most that is read, 64 too many */
	{ "0.0000000000000000000000000000"
	    "000000000000000000000000000000001", -90, 90, 1e-61, 0 },
	{ "1.0000000000000000000000000000"
	    "0000000000000000000000000000000000", -90, 90, 0, -1 },
};

/* num_format writes what "%lld" does, to both ends, and reads back. */
static void
num_formats(void)
{
	static const int64_t vals[] = { 0, 1, -1, 7, 9, 10, -10, 99, 100,
	    4096, -65536, 2026, 1234567890, INT32_MAX, INT32_MIN,
	    (int64_t)INT32_MAX + 1, INT64_MAX, INT64_MIN, INT64_MIN + 1,
	    INT64_MAX - 1, 1000000000000000000LL };
	char got[NUM_TEXT_LEN], want[32];
	size_t i, n;
	int64_t v;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		memset(got, 'x', sizeof(got));
		n = num_format(got, vals[i]);
		snprintf(want, sizeof(want), "%lld", (long long)vals[i]);
		is_str(got, want, "%lld written", (long long)vals[i]);
		is_int(n, strlen(want), "and its length");
		ok(num_parse_int(got, n, INT64_MIN, INT64_MAX, &v) == 0 &&
		    v == vals[i], "and read back");
	}
}

int
main(void)
{
	size_t i;
	int64_t v;
	double d;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		v = -7;
		is_int(num_parse_int(ints[i].s, strlen(ints[i].s), ints[i].min,
		    ints[i].max, &v), ints[i].rc, "int \"%s\" in [%lld, %lld]",
		    ints[i].s, (long long)ints[i].min, (long long)ints[i].max);
		is_int(v, ints[i].rc == 0 ? ints[i].want : -7,
		    "int \"%s\": %s", ints[i].s, ints[i].rc == 0 ?
		    "the value" : "nothing stored");
	}
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		d = -7;
		is_int(num_parse_real(reals[i].s, strlen(reals[i].s),
		    reals[i].min, reals[i].max, &d), reals[i].rc,
		    "real \"%s\" in [%g, %g]", reals[i].s, reals[i].min,
		    reals[i].max);
		ok(d == (reals[i].rc == 0 ? reals[i].want : -7),
		    "real \"%s\": %s", reals[i].s,
		    reals[i].rc == 0 ? "the value" : "nothing stored");
	}
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		ok(num_parse_int(junk[i], strlen(junk[i]), INT64_MIN, INT64_MAX,
		    &v) == -1 && num_parse_real(junk[i], strlen(junk[i]),
		    -DBL_MAX, DBL_MAX, &d) == -1, "\"%s\" is no number",
		    junk[i]);
	}
	/* The length is the caller's: the bytes after it are not read. */
	is_int(num_parse_int("123abc", 3, 0, 1000, &v), 0,
	    "an int ends at the length given");
	is_int(v, 123, "and is the digits before it");
	is_int(num_parse_int("1\0002", 3, 0, 1000, &v), -1,
	    "a NUL inside the length is refused");
	is_int(num_parse_real("2.5xyz", 3, 0, 10, &d), 0,
	    "a real ends at the length given");
	ok(d == 2.5, "and is the text before it");
	is_int(num_parse_real("1\0002", 3, 0, 10, &d), -1,
	    "a NUL inside a real is refused");
	num_formats();
	return tap_done();
}
