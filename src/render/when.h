/*
 * Dates and times as pages show them: in the network's time zone and the
 * reader's language ("Tue 6 Oct, 09:39", "hace 3 días"). The program
 * stores and the JSON API answers times as UTC ISO text; only the HTML
 * path adds these words, beside the ISO value, which the templates keep
 * in <time datetime>.
 *
 * The zone is chosen once, before any thread starts (when_zone); after
 * that every conversion is localtime_r, and the month and day names come
 * from the catalogs, never from the C locale.
 */
#ifndef WHEN_H
#define WHEN_H

#include <time.h>
#include <jansson.h>

#define WHEN_TEXT_LEN 64

struct when {
	char text[WHEN_TEXT_LEN]; /* "Tue 6 Oct, 09:39", with the year when
				     it is not now's */
	char ago[WHEN_TEXT_LEN];  /* "3 days ago", "hace 3 días" */
	long fresh;               /* seconds ago stays true: at least 1 */
};

/*
 * Use the zone name (an IANA name such as "Europe/Madrid", found in the
 * system's time zone database, $TZDIR or /usr/share/zoneinfo) for every
 * time shown from now on; NULL keeps the TZ environment or the system's
 * zone. Call before any thread starts. 0, or -1 when there is no such
 * zone (nothing is changed then).
 */
int when_zone(const char *name);

/* t from "YYYY-MM-DDTHH:MM:SSZ": 0, or -1 when iso is not that. */
int when_parse(const char *iso, time_t *t);

/*
 * The words for the time t seen at now in lang: the date and time in the
 * zone, and the time since ("just now" under a minute, then minutes,
 * hours, days; a time ahead of now is "just now" until it is a minute
 * past).
 */
void when_format(time_t t, time_t now, const char *lang, struct when *out);

/*
 * Beside every ISO time of data (a string at a key "at" or ending in
 * "_at", in any object or array within), add KEY_text and KEY_ago as
 * when_format says. Returns the seconds the words stay true, the least
 * fresh of them, or 0 when data holds no time.
 */
long when_annotate(json_t *data, time_t now, const char *lang);

#endif
