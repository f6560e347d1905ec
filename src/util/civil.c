/* Local dates and clock times of the network's zone, and their instants. */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "num.h"
#include "banned.h"

int
civil_date_ok(const char *s)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int64_t y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    num_parse_int(s, 4, 1900, 2999, &y) == -1 ||
	    num_parse_int(s + 5, 2, 1, 12, &m) == -1 ||
	    num_parse_int(s + 8, 2, 1, days[m - 1], &d) == -1)
		return 0;
	/* 29 February only in a leap year. */
	return !(m == 2 && d == 29 &&
	    (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

int
civil_minutes(const char *s)
{
	int64_t h, m;

	/* Digits only: num_parse_int would take a sign. */
	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    strspn(s, "0123456789") != 2 || strspn(s + 3, "0123456789") != 2 ||
	    num_parse_int(s, 2, 0, 23, &h) == -1 ||
	    num_parse_int(s + 3, 2, 0, 59, &m) == -1)
		return -1;
	return (int)(h * 60 + m);
}

void
civil_time(int m, char out[CIVIL_TIME_LEN])
{
	out[0] = (char)('0' + m / 600);
	out[1] = (char)('0' + m / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + m % 60 / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

void
civil_today(time_t t, char out[CIVIL_DATE_LEN])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, CIVIL_DATE_LEN, "%Y-%m-%d", &tm);
}

/* The date as a struct tm at noon, fields only (no zone). */
static void
civil_tm(const char *date, struct tm *tm)
{
	int64_t y = 1970, m = 1, d = 1;

	num_parse_int(date, 4, 1900, 2999, &y);
	num_parse_int(date + 5, 2, 1, 12, &m);
	num_parse_int(date + 8, 2, 1, 31, &d);
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (int)y - 1900;
	tm->tm_mon = (int)m - 1;
	tm->tm_mday = (int)d;
	tm->tm_hour = 12;
}

int
civil_weekday(const char *date)
{
	struct tm tm;
	time_t t;

	/* Calendar arithmetic in UTC: a date has no zone. */
	civil_tm(date, &tm);
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

void
civil_add_days(const char *date, int n, char out[CIVIL_DATE_LEN])
{
	struct tm tm;
	time_t t;

	civil_tm(date, &tm);
	t = timegm(&tm) + (time_t)n * 86400;
	gmtime_r(&t, &tm);
	strftime(out, CIVIL_DATE_LEN, "%Y-%m-%d", &tm);
}

void
civil_week(const char *date, char out[CIVIL_WEEK_LEN])
{
	struct tm tm;
	time_t t;

	civil_tm(date, &tm);
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, CIVIL_WEEK_LEN, "%G-W%V", &tm);
}

int
civil_week_monday(const char *week, char out[CIVIL_DATE_LEN])
{
	char jan4[CIVIL_DATE_LEN], again[CIVIL_WEEK_LEN];
	int64_t y, w;

	if (strlen(week) != 8 || week[4] != '-' || week[5] != 'W' ||
	    num_parse_int(week, 4, 1900, 2999, &y) == -1 ||
	    num_parse_int(week + 6, 2, 1, 53, &w) == -1)
		return -1;
	/* 4 January is always in week 1. */
	snprintf(jan4, sizeof(jan4), "%04d-01-04", (int)y);
	civil_add_days(jan4, 1 - civil_weekday(jan4) + 7 * ((int)w - 1), out);
	/* Week 53 of a year of 52 is week 1 of the next. */
	civil_week(out, again);
	return strcmp(again, week) == 0 ? 0 : -1;
}

time_t
civil_instant(const char *date, int m)
{
	struct tm tm;

	civil_tm(date, &tm);
	tm.tm_hour = m / 60;
	tm.tm_min = m % 60;
	/* Let the zone's rules say whether summer time is in force. */
	tm.tm_isdst = -1;
	return mktime(&tm);
}
