/*
 * Charts as inline SVG, drawn on the server: no script, no library, no
 * colour that carries meaning alone. Each series is filled with a pattern
 * that survives a black-and-white printer (solid, hatched, dotted,
 * lined), every bar carries its number as text, and the picture is one
 * role="img" with a title and a description, which the page follows
 * with the same numbers as a table for screen readers.
 *
 * A drawing is data, as a QR code is (render/qr.h): {id, title, desc,
 * w, h, marks: [{rect: {x, y, w, h, fill}} | {text: {x, y, anchor,
 * size, s}}…]}, which templates/chart.mustache writes as SVG, sized by
 * its viewBox for a 390 px phone and drawn at width 100%. Every word
 * goes through the template's escaping, as on every other page: the
 * caller may pass names people typed, and no raw insertion is needed.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The series one chart stacks, at most; each has a pattern of its own. */
#define CHART_SERIES_MAX 4
/* The bars of one chart, at most (two years of months). */
#define CHART_BARS_MAX 24

struct chart_series {
	const char *name;      /* in the legend */
	const int64_t *values; /* one per bar, each >= 0 */
};

/*
 * A chart: id names it on the page ([a-z0-9-], unique there: the
 * patterns and the title are found by it); labels name the bars, each
 * under its bar (a month's short name) or beside it (a stage of a
 * funnel); series stack on each bar.
 */
struct chart {
	const char *id;
	const char *title;
	const char *desc;
	size_t nbars;
	const char *const *labels;
	/* Optional: a second line under some labels (a month's year), NULL
	 * entries for none. */
	const char *const *sublabels;
	size_t nseries;
	struct chart_series series[CHART_SERIES_MAX];
	/*
	 * Over each bar: the share of the first series in the bar's total
	 * ("42%") instead of the total.
	 */
	int top_share;
};

/*
 * A new drawing of c's bars, upright side by side, the series
 * stacked from the bottom, with a legend when there is more than one
 * series. Bars and series past the maxima are left out.
 */
json_t *chart_bars(const struct chart *c);

/*
 * A new drawing of a funnel: one bar a stage, across, each as
 * long as its value beside the first stage's, named above it, its value
 * and its share of the first at its end. Reads the first series.
 */
json_t *chart_funnel(const struct chart *c);

/*
 * A new drawing of one bar across: the first series' value as a
 * part of the bar, the second's value as the whole, with the share in
 * words; labels[0] says what the part is.
 */
json_t *chart_share(const struct chart *c);

/* n out of whole as a whole percent, rounded; 0 when whole is 0. */
int64_t chart_percent(int64_t n, int64_t whole);

#endif
