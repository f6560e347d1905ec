/*
 * Civil time: the local dates and clock times of the network's time zone
 * (serve --time-zone, set once by when_zone before any thread starts), as
 * a recurring session keeps them. "2027-03-15" at "07:00" stays at 07:00
 * on the wall clock across a change of daylight saving; the instant it
 * is in UTC moves. The zone rules are the C library's (localtime_r and
 * mktime read the system's time zone database), the same ones the pages
 * show times with, so a session and a time on a page never disagree.
 */
#ifndef CIVIL_H
#define CIVIL_H

#include <time.h>

#define CIVIL_DATE_LEN 11 /* "2027-03-15" and the NUL */
#define CIVIL_TIME_LEN 6  /* "07:00" and the NUL */
#define CIVIL_WEEK_LEN 9  /* "2027-W11" and the NUL */

/* Whether s is a calendar date written YYYY-MM-DD (years 1900-2999). */
int civil_date_ok(const char *s);
/* Minutes from midnight of s, "HH:MM" (00:00-23:59), or -1. */
int civil_minutes(const char *s);
/* Minutes from midnight written "HH:MM" into out (0 <= m < 24 * 60). */
void civil_time(int m, char out[CIVIL_TIME_LEN]);
/* The local date at the instant t, in the network's zone. */
void civil_today(time_t t, char out[CIVIL_DATE_LEN]);
/* The day of the week of a valid date: 1 Monday ... 7 Sunday. */
int civil_weekday(const char *date);
/* The valid date date moved by n days (n may be negative). */
void civil_add_days(const char *date, int n, char out[CIVIL_DATE_LEN]);
/* The ISO 8601 week of a valid date, written "2027-W11". */
void civil_week(const char *date, char out[CIVIL_WEEK_LEN]);
/*
 * The Monday of the ISO week written "YYYY-Www" (years 1900-2999, a week
 * 53 only in a year that has one): 0, or -1 when week is not one.
 */
int civil_week_monday(const char *week, char out[CIVIL_DATE_LEN]);
/*
 * The instant of minute m (from midnight) of the local date date. A time
 * that a change to summer time skips (02:30 on that night) is taken as
 * the C library does, an hour later; one that occurs twice, the first.
 */
time_t civil_instant(const char *date, int m);

#endif
