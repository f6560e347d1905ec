/* Timestamps in one format, so they sort as text on every backend. */
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "banned.h"

void
clock_iso(time_t t, char out[CLOCK_ISO_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
clock_now(char out[CLOCK_ISO_LEN])
{
	clock_iso(time(NULL), out);
}

long
clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec;
}
