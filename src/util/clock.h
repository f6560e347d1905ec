/* Wall-clock time as the program stores it: UTC ISO-8601 text. */
#ifndef CLOCK_H
#define CLOCK_H

#include <time.h>

#define CLOCK_ISO_LEN 21 /* "2026-11-26T18:00:00Z" and the NUL */

/* Write t (UTC) as "YYYY-MM-DDTHH:MM:SSZ" into out. */
void clock_iso(time_t t, char out[CLOCK_ISO_LEN]);
/* The current time, formatted as clock_iso does. */
void clock_now(char out[CLOCK_ISO_LEN]);
/* Seconds on a clock that never jumps (not the time of day), for ages. */
long clock_mono(void);

#endif
