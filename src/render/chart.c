/* Bar, funnel and share charts as marks that templates/chart draws. */
#include <stdio.h>

#include "chart.h"
#include "util/banned.h"

/* The picture's width in its own units: about a phone's CSS pixels. */
#define CHART_W   360
#define CHART_PAD 8
/* The height of the bars of chart_bars, and of one bar across. */
#define CHART_PLOT 140
#define CHART_BAR  24

int64_t
chart_percent(int64_t n, int64_t whole)
{
	return whole > 0 ? (n * 100 + whole / 2) / whole : 0;
}

/*
 * A new drawing of c, height units high: its size, the name a screen
 * reader says (title, then desc) and no marks yet. templates/chart
 * lays a white ground under the marks, so that they read on any page
 * colour, and defines the patterns: 0 solid, 1 hatched, 2 dotted,
 * 3 lined across.
 */
static json_t *
chart_open(const struct chart *c, int height)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:[]}", "id", c->id, "title",
	    c->title ? c->title : "", "desc", c->desc ? c->desc : "", "w",
	    CHART_W, "h", height, "marks");
}

/* A coordinate as the SVG gets it: one decimal. */
static json_t *
chart_num(double v)
{
	char s[32];

	snprintf(s, sizeof(s), "%.1f", v);
	return json_string(s);
}

/* A rectangle filled with series s's pattern, outlined. */
static void
chart_rect(json_t *svg, const struct chart *c, size_t s, double x, double y,
    double w, double h)
{
	char fill[64];

	if (s % CHART_SERIES_MAX == 0)
		snprintf(fill, sizeof(fill), "#222");
	else
		snprintf(fill, sizeof(fill), "url(#%s-p%zu)", c->id,
		    s % CHART_SERIES_MAX);
	json_array_append_new(json_object_get(svg, "marks"),
	    json_pack("{s:{s:o,s:o,s:o,s:o,s:s}}", "rect", "x", chart_num(x),
		"y", chart_num(y), "w", chart_num(w), "h", chart_num(h), "fill",
		fill));
}

/* Text at x, y: anchor "start", "middle" or "end"; size in units. */
static void
chart_label(json_t *svg, double x, double y, const char *anchor, int size,
    const char *text)
{
	json_array_append_new(json_object_get(svg, "marks"),
	    json_pack("{s:{s:o,s:o,s:s,s:i,s:s}}", "text", "x", chart_num(x),
		"y", chart_num(y), "anchor", anchor, "size", size, "s",
		text ? text : ""));
}

/* A number as text at x, y, with "%" after it when percent. */
static void
chart_number(json_t *out, double x, double y, const char *anchor, int size,
    int64_t n, int percent)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld%s", (long long)n, percent ? "%" : "");
	chart_label(out, x, y, anchor, size, s);
}

/* The legend, one series a line from y: its swatch, then its name. */
static int
chart_legend(json_t *out, const struct chart *c, int y)
{
	size_t s;

	for (s = 0; s < c->nseries && s < CHART_SERIES_MAX; s++) {
		chart_rect(out, c, s, CHART_PAD, y, 12, 12);
		chart_label(out, CHART_PAD + 18, y + 10, "start", 11,
		    c->series[s].name);
		y += 16;
	}
	return y;
}

/* The total of bar i over the series drawn. */
static int64_t
chart_total(const struct chart *c, size_t i)
{
	int64_t t = 0;
	size_t s;

	for (s = 0; s < c->nseries && s < CHART_SERIES_MAX; s++)
		t += c->series[s].values[i];
	return t;
}

/* One bar of chart_bars: its stack, the number over it, its labels. */
static void
chart_bar(json_t *out, const struct chart *c, size_t i, double x, double w,
    int base, int64_t max, int size)
{
	int64_t total = chart_total(c, i);
	double y = base, h;
	size_t s;

	for (s = 0; s < c->nseries && s < CHART_SERIES_MAX; s++) {
		h = (double)CHART_PLOT * c->series[s].values[i] / max;
		if (h <= 0)
			continue;
		y -= h;
		chart_rect(out, c, s, x, y, w, h);
	}
	if (c->top_share)
		chart_number(out, x + w / 2, y - 3, "middle", size,
		    chart_percent(c->series[0].values[i], total), 1);
	else
		chart_number(out, x + w / 2, y - 3, "middle", size, total, 0);
	chart_label(out, x + w / 2, base + 13, "middle", size, c->labels[i]);
	if (c->sublabels != NULL && c->sublabels[i] != NULL)
		chart_label(out, x + w / 2, base + 25, "middle", size,
		    c->sublabels[i]);
}

json_t *
chart_bars(const struct chart *c)
{
	size_t n = c->nbars < CHART_BARS_MAX ? c->nbars : CHART_BARS_MAX, i;
	int legend = c->nseries > 1 ? (int)c->nseries * 16 : 0;
	int top = CHART_PAD + legend + 14, base = top + CHART_PLOT;
	/* Past a year of bars the numbers would overlap at 10 units. */
	int size = n > 12 ? 7 : 10;
	double slot = n > 0 ? (double)(CHART_W - 2 * CHART_PAD) / n : 0;
	int64_t max = 1;
	json_t *svg;

	for (i = 0; i < n; i++)
		if (chart_total(c, i) > max)
			max = chart_total(c, i);
	svg = chart_open(c, base + 32);
	chart_legend(svg, c, CHART_PAD);
	for (i = 0; i < n; i++)
		chart_bar(svg, c, i, CHART_PAD + slot * i + slot * 0.15,
		    slot * 0.7, base, max, size);
	/* The base line. */
	json_array_append_new(json_object_get(svg, "marks"),
	    json_pack("{s:{s:o,s:o,s:o,s:o,s:s}}", "rect", "x",
		chart_num(CHART_PAD), "y", chart_num(base), "w",
		chart_num(CHART_W - 2 * CHART_PAD), "h", chart_num(0.5), "fill",
		"#000"));
	return svg;
}

/* "name: value" at x, y, in 12 units. */
static void
chart_named(json_t *svg, double x, double y, const char *name, int64_t v)
{
	char s[256];

	snprintf(s, sizeof(s), "%s: %lld", name ? name : "", (long long)v);
	chart_label(svg, x, y, "start", 12, s);
}

json_t *
chart_funnel(const struct chart *c)
{
	const int64_t *v = c->series[0].values;
	size_t n = c->nbars < CHART_BARS_MAX ? c->nbars : CHART_BARS_MAX, i;
	double full = CHART_W - 2 * CHART_PAD, w;
	int row = 18 + CHART_BAR + 8, y;
	json_t *svg = chart_open(c, CHART_PAD + row * (int)n);

	for (i = 0; i < n; i++) {
		y = CHART_PAD + row * (int)i;
		chart_named(svg, CHART_PAD, y + 13, c->labels[i], v[i]);
		chart_number(svg, CHART_W - CHART_PAD, y + 13, "end", 12,
		    chart_percent(v[i], v[0]), 1);
		w = v[0] > 0 ? full * v[i] / v[0] : 0;
		/* An empty stage is still a place: a white bar, outlined. */
		json_array_append_new(json_object_get(svg, "marks"),
		    json_pack("{s:{s:o,s:o,s:o,s:o,s:s}}", "rect", "x",
			chart_num(CHART_PAD), "y", chart_num(y + 18), "w",
			chart_num(full), "h", chart_num(CHART_BAR), "fill",
			"#fff"));
		if (w > 0)
			chart_rect(svg, c, i, CHART_PAD, y + 18, w, CHART_BAR);
	}
	return svg;
}

json_t *
chart_share(const struct chart *c)
{
	int64_t part = c->series[0].values[0], whole = c->series[1].values[0];
	double full = CHART_W - 2 * CHART_PAD;
	int y = CHART_PAD;
	json_t *svg = chart_open(c, y + 18 + CHART_BAR + 22);
	char s[256];

	snprintf(s, sizeof(s), "%s: %lld / %lld", c->labels[0], (long long)part,
	    (long long)whole);
	chart_label(svg, CHART_PAD, y + 13, "start", 12, s);
	chart_number(svg, CHART_W - CHART_PAD, y + 13, "end", 14,
	    chart_percent(part, whole), 1);
	chart_rect(svg, c, 1, CHART_PAD, y + 18, full, CHART_BAR);
	if (whole > 0 && part > 0)
		chart_rect(svg, c, 0, CHART_PAD, y + 18, full * part / whole,
		    CHART_BAR);
	chart_label(svg, CHART_PAD, y + 18 + CHART_BAR + 15, "start", 11,
	    c->series[1].name);
	return svg;
}
