/*
 * Weekly windows: when a person can help or an ask can be met, as people
 * write it ("Tue 17:00-20:00", "Mon-Fri 7-9", "sáb 10:00–12:30, dom
 * 9am-1pm"), held as minutes from Monday 00:00 in the network's time
 * zone. Stored as the canonical text window_format writes, which
 * window_parse reads back to the same windows.
 */
#ifndef WINDOW_H
#define WINDOW_H

#include <stddef.h>

#include "buf.h"

#define WINDOW_WEEK (7 * 24 * 60)
/* The most windows one set holds once joined (three a day). */
#define WINDOW_MAX 21
/* The longest text window_parse reads. */
#define WINDOW_TEXT_MAX 500

/* [start, end) in minutes from Monday 00:00; 0 <= start < end <= a week. */
struct window {
	int start;
	int end;
};

/* Sorted, joined where they touch or overlap, never empty ones. */
struct windows {
	size_t n;
	struct window w[WINDOW_MAX];
};

/*
 * Read text: items split by ",", ";" or a new line, each a day ("Mon",
 * "monday", "lun", "miércoles"; English or Spanish, any case) or a range
 * of days ("Mon-Fri", "Sat-Mon" wraps), then a time range: "17:00-20:00",
 * "17-20", "5pm-8pm", "5-8pm" (the start takes the end's am/pm when that
 * keeps it before the end), with "-", "–" or "—" between; an end at or
 * before the start runs past midnight ("Fri 22:00-02:00"). Empty or only
 * blanks: no windows. 0 and out, or -1 when text is none of that, longer
 * than WINDOW_TEXT_MAX, or makes more than WINDOW_MAX windows.
 */
int window_parse(const char *text, struct windows *out);
/*
 * Append ws to b in the canonical form, split at midnights, days with the
 * same hours side by side as a range: "Mon-Fri 07:00-09:00, Sat
 * 10:00-12:30". days names Monday to Sunday (NULL: English "Mon".."Sun",
 * the stored form). Nothing for no windows.
 */
void window_format(const struct windows *ws, const char *const days[7],
    struct buf *b);
/* The minutes a week that a and b share. */
int window_overlap(const struct windows *a, const struct windows *b);

#endif
