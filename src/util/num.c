/* Number parsers for untrusted text (query strings, forms, options), and
 * integers written out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "banned.h"

int
num_parse_int(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0, limit;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return -1;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (limit - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							 : -(int64_t)v;

		if (r < min || r > max)
			return -1;
		*out = r;
		return 0;
	}
	if ((int64_t)v < min || (int64_t)v > max)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
num_parse_real(const char *s, size_t len, double min, double max, double *out)
{
	char tmp[64], *end;
	double d;
	size_t i;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	for (i = 0; i < len; i++)
		if (strchr("0123456789+-.eE", s[i]) == NULL || s[i] == '\0')
			return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	d = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(d) || d < min || d > max)
		return -1;
	*out = d;
	return 0;
}

size_t
num_format(char out[NUM_TEXT_LEN], int64_t v)
{
	char d[NUM_TEXT_LEN];
	size_t at = sizeof(d), n;
	/* In unsigned arithmetic, so that the least integer has a sign. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do {
		d[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		d[--at] = '-';
	n = sizeof(d) - at;
	memcpy(out, d + at, n);
	out[n] = '\0';
	return n;
}
