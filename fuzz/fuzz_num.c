/*
 * Fuzz the number parsers every input and option goes through, against
 * what they promise: a value accepted is within [min, max] and is what
 * the C library reads from the same text, nothing but a sign and digits
 * (or the characters of a decimal) is accepted, and the value printed
 * back parses to itself. Byte 0 picks the bounds; the rest is the text.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The bounds the callers use, and the edges of the types. */
static const struct {
	int64_t	 imin, imax;
	double	 rmin, rmax;
} bounds[] = {
	{ INT64_MIN, INT64_MAX, -DBL_MAX, DBL_MAX },
	{ 1, INT64_MAX, -90, 90 },		/* ids; latitude */
	{ 0, 10000000, -180, 180 },		/* offsets; longitude */
	{ 1, 200, 0, 1e6 },			/* limits */
	{ -5, 5, -0.5, 0.5 },
	{ 5, 1, 1, -1 },			/* an empty range */
};

#define NBOUNDS	(sizeof(bounds) / sizeof(bounds[0]))

/* Whether s[0..len) is an optional '-' and one digit or more. */
static int
num_shape_int(const char *s, size_t len)
{
	size_t i = len > 0 && s[0] == '-';

	if (i == len)
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
num_check_int(const char *s, size_t len, int64_t min, int64_t max)
{
	char *tmp = strndup(s, len), back[32];
	int64_t v = 0, again = 0;
	long long ref;
	int rc = num_parse_int(s, len, min, max, &v), fits;

	errno = 0;
	ref = strtoll(tmp, NULL, 10);
	/* strtoll reads the same text, and says when it overflows. */
	fits = num_shape_int(s, len) && strlen(tmp) == len && errno == 0 &&
	    ref >= min && ref <= max;
	if (rc != (fits ? 0 : -1))
		abort();
	if (rc == 0) {
		if (v != ref || v < min || v > max)
			abort();
		snprintf(back, sizeof(back), "%" PRId64, v);
		if (num_parse_int(back, strlen(back), min, max, &again) != 0 ||
		    again != v)
			abort();
	}
	free(tmp);
}

static void
num_check_real(const char *s, size_t len, double min, double max)
{
	char *tmp = strndup(s, len), *end, back[64];
	double d = 0, again = 0, ref;
	int rc = num_parse_real(s, len, min, max, &d);

	ref = strtod(tmp, &end);
	if (rc == 0) {
		/* No junk: only a decimal's characters, all of them read. */
		if (len == 0 || strspn(tmp, "0123456789+-.eE") != len ||
		    *end != '\0')
			abort();
		if (!isfinite(d) || d < min || d > max || d != ref)
			abort();
		snprintf(back, sizeof(back), "%.17g", d);
		if (num_parse_real(back, strlen(back), min, max, &again) != 0 ||
		    again != d)
			abort();
	} else if (len > 0 && len < 64 && strlen(tmp) == len &&
	    strspn(tmp, "0123456789+-.eE") == len && *end == '\0' &&
	    isfinite(ref) && ref >= min && ref <= max)
		abort();	/* a good number refused */
	free(tmp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t b;

	if (size == 0)
		return 0;
	b = data[0] % NBOUNDS;
	num_check_int((const char *)data + 1, size - 1, bounds[b].imin,
	    bounds[b].imax);
	num_check_real((const char *)data + 1, size - 1, bounds[b].rmin,
	    bounds[b].rmax);
	return 0;
}
