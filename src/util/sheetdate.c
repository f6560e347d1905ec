#include <ctype.h>
#include <strings.h>
#include <time.h>

#include "sheetdate.h"
#include "banned.h"

/* A number of 1 to digits digits at *s, moving past it: 0, or -1. */
static int
sheetdate_num(const char **s, int digits, int *out)
{
	int n = 0, v = 0;

	while (n < digits && isdigit((unsigned char)**s)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	if (n == 0 || isdigit((unsigned char)**s))
		return -1;
	*out = v;
	return n;
}

/* Past spaces, a no-break space (U+00A0) among them. */
static const char *
sheetdate_blank(const char *s)
{
	for (;;) {
		if (*s == ' ')
			s++;
		else if ((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0)
			s += 2;
		else
			return s;
	}
}

/*
 * "am" or "pm" however it is written ("PM", "p.m.", "p. m." with a
 * no-break space as Spanish locales print it), moving past it: 0 for
 * am, 12 for pm, -1 for none (s left where it was).
 */
static int
sheetdate_meridiem(const char **s)
{
	const char *p = *s;
	int half;

	switch (tolower((unsigned char)*p)) {
	case 'a':
		half = 0;
		break;
	case 'p':
		half = 12;
		break;
	default:
		return -1;
	}
	p++;
	if (*p == '.')
		p = sheetdate_blank(p + 1);
	if (tolower((unsigned char)*p) != 'm')
		return -1;
	p++;
	if (*p == '.')
		p++;
	if (isalpha((unsigned char)*p))
		return -1;
	*s = p;
	return half;
}

/*
 * A zone after a time: "Z", "UTC" or "GMT" and an offset or not, or an
 * offset alone ("+01:00", "-0500", "-5"): its seconds east of UTC into
 * *east, moving past it. 0, or -1 when what is there is none.
 */
static int
sheetdate_zone(const char **s, long *east)
{
	const char *p = *s;
	int sign, h, m = 0, n;

	*east = 0;
	if (*p == 'Z' || *p == 'z') {
		*s = p + 1;
		return 0;
	}
	if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0) {
		p += 3;
		if (*p != '+' && *p != '-') {
			*s = p;
			return 0;
		}
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	/* "+0530": four digits are hours and minutes. */
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	    !isdigit((unsigned char)p[4])) {
		h = (p[0] - '0') * 10 + (p[1] - '0');
		m = (p[2] - '0') * 10 + (p[3] - '0');
		p += 4;
	} else {
		if (sheetdate_num(&p, 2, &h) == -1)
			return -1;
		if (*p == ':') {
			p++;
			n = sheetdate_num(&p, 2, &m);
			if (n != 2)
				return -1;
		}
	}
	if (h > 14 || m > 59)
		return -1;
	*east = sign * (h * 3600L + m * 60L);
	*s = p;
	return 0;
}

/*
 * A time of day after a date: " 14:22", " 14:22:10", "T14:22:10.5",
 * ", 2:22 PM", then a zone or none. 0, or -1.
 */
static int
sheetdate_clock(const char *s, struct tm *tm, long *east)
{
	int half;

	*east = 0;
	if (*s == '\0')
		return 0;
	if (*s == ',')
		s++;
	if (*s == 'T' || *s == 't')
		s++;
	else if (sheetdate_blank(s) == s)
		return -1;
	s = sheetdate_blank(s);
	if (*s == '\0')
		return 0;
	if (sheetdate_num(&s, 2, &tm->tm_hour) == -1 || *s++ != ':' ||
	    sheetdate_num(&s, 2, &tm->tm_min) != 2)
		return -1;
	if (*s == ':') {
		s++;
		if (sheetdate_num(&s, 2, &tm->tm_sec) != 2)
			return -1;
		if (*s == '.' || *s == ',')
			for (s++; isdigit((unsigned char)*s); s++)
				;
	}
	s = sheetdate_blank(s);
	half = sheetdate_meridiem(&s);
	if (half != -1) {
		if (tm->tm_hour < 1 || tm->tm_hour > 12)
			return -1;
		tm->tm_hour = tm->tm_hour % 12 + half;
	}
	s = sheetdate_blank(s);
	if (*s != '\0' && sheetdate_zone(&s, east) == -1)
		return -1;
	if (*sheetdate_blank(s) != '\0')
		return -1;
	return tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 60 ? -1 : 0;
}

int
sheetdate_read(const char *s, int day_first, char out[CLOCK_ISO_LEN])
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	struct tm tm = { 0 };
	int a, b, c, na, nc, leap;
	long east;
	char sep;
	time_t t;

	s = sheetdate_blank(s);
	na = sheetdate_num(&s, 4, &a);
	if (na == -1 || (*s != '-' && *s != '/' && *s != '.'))
		return -1;
	sep = *s++;
	if (sheetdate_num(&s, 2, &b) == -1 || *s++ != sep)
		return -1;
	nc = sheetdate_num(&s, 4, &c);
	if (nc == -1)
		return -1;
	if (na == 4) {
		tm.tm_year = a;
		tm.tm_mon = b;
		tm.tm_mday = c;
	} else if (na <= 2 && (nc == 4 || nc == 2)) {
		/* A two-digit year is this century's, as sheets read it. */
		tm.tm_year = nc == 2 ? 2000 + c : c;
		if (day_first || sep == '.') {
			tm.tm_mon = b;
			tm.tm_mday = a;
		} else {
			tm.tm_mon = a;
			tm.tm_mday = b;
		}
	} else
		return -1;
	leap = tm.tm_year % 4 == 0 &&
	    (tm.tm_year % 100 != 0 || tm.tm_year % 400 == 0);
	if (tm.tm_year < 1900 || tm.tm_year > 2999 || tm.tm_mon < 1 ||
	    tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > days[tm.tm_mon - 1] ||
	    (tm.tm_mon == 2 && tm.tm_mday == 29 && !leap))
		return -1;
	if (sheetdate_clock(s, &tm, &east) == -1)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	clock_iso(t - east, out);
	return 0;
}
