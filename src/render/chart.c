/* Bar, funnel and share charts as inline SVG, every word escaped. */
#include <stdio.h>
#include <string.h>

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

static void
chart_text(struct buf *out, const char *s)
{
	if (s != NULL)
		buf_add_html(out, s, strlen(s));
}

/*
 * The opening: the size, the name a screen reader says (title, then
 * desc), a white ground so that the marks read on any page colour, and
 * the patterns: 0 solid, 1 hatched, 2 dotted, each with a black outline
 * where it is drawn.
 */
static void
chart_open(struct buf *out, const struct chart *c, int height)
{
	buf_printf(out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	    "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\">",
	    CHART_W, height, c->id, c->id);
	buf_printf(out, "<title id=\"%s-title\">", c->id);
	chart_text(out, c->title);
	buf_printf(out, "</title><desc id=\"%s-desc\">", c->id);
	chart_text(out, c->desc);
	buf_printf(out,
	    "</desc><defs>"
	    "<pattern id=\"%s-p1\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" "
	    "stroke-width=\"2\"/></pattern>"
	    "<pattern id=\"%s-p2\" width=\"5\" height=\"5\" "
	    "patternUnits=\"userSpaceOnUse\">"
	    "<rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
	    "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#000\"/>"
	    "</pattern></defs>"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
	    c->id, c->id, CHART_W, height);
}

/* A rectangle filled with series s's pattern, outlined. */
static void
chart_rect(struct buf *out, const struct chart *c, size_t s, double x, double y,
    double w, double h)
{
	buf_printf(out,
	    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
	    "stroke=\"#000\" stroke-width=\"1\" fill=\"",
	    x, y, w, h);
	if (s % CHART_SERIES_MAX == 0)
		buf_adds(out, "#222");
	else
		buf_printf(out, "url(#%s-p%zu)", c->id, s % CHART_SERIES_MAX);
	buf_adds(out, "\"/>");
}

/* Text at x, y: anchor "start", "middle" or "end"; size in units. */
static void
chart_label(struct buf *out, double x, double y, const char *anchor, int size,
    const char *s)
{
	buf_printf(out,
	    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "font-size=\"%d\" fill=\"#000\">",
	    x, y, anchor, size);
	chart_text(out, s);
	buf_adds(out, "</text>");
}

/* A number as text at x, y, with "%" after it when percent. */
static void
chart_number(struct buf *out, double x, double y, const char *anchor, int size,
    int64_t n, int percent)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld%s", (long long)n, percent ? "%" : "");
	chart_label(out, x, y, anchor, size, s);
}

/* The legend, one series a line from y: its swatch, then its name. */
static int
chart_legend(struct buf *out, const struct chart *c, int y)
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
chart_bar(struct buf *out, const struct chart *c, size_t i, double x, double w,
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

void
chart_bars(struct buf *out, const struct chart *c)
{
	size_t n = c->nbars < CHART_BARS_MAX ? c->nbars : CHART_BARS_MAX, i;
	int legend = c->nseries > 1 ? (int)c->nseries * 16 : 0;
	int top = CHART_PAD + legend + 14, base = top + CHART_PLOT;
	/* Past a year of bars the numbers would overlap at 10 units. */
	int size = n > 12 ? 7 : 10;
	double slot = n > 0 ? (double)(CHART_W - 2 * CHART_PAD) / n : 0;
	int64_t max = 1;

	for (i = 0; i < n; i++)
		if (chart_total(c, i) > max)
			max = chart_total(c, i);
	chart_open(out, c, base + 32);
	chart_legend(out, c, CHART_PAD);
	for (i = 0; i < n; i++)
		chart_bar(out, c, i, CHART_PAD + slot * i + slot * 0.15,
		    slot * 0.7, base, max, size);
	buf_printf(out,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
	    "</svg>",
	    CHART_PAD, base, CHART_W - CHART_PAD, base);
}

void
chart_funnel(struct buf *out, const struct chart *c)
{
	const int64_t *v = c->series[0].values;
	size_t n = c->nbars < CHART_BARS_MAX ? c->nbars : CHART_BARS_MAX, i;
	double full = CHART_W - 2 * CHART_PAD, w;
	int row = 18 + CHART_BAR + 8, y;
	char s[64];

	chart_open(out, c, CHART_PAD + row * (int)n);
	for (i = 0; i < n; i++) {
		y = CHART_PAD + row * (int)i;
		snprintf(s, sizeof(s), ": %lld", (long long)v[i]);
		buf_printf(out,
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#000\">",
		    CHART_PAD, y + 13);
		chart_text(out, c->labels[i]);
		chart_text(out, s);
		buf_adds(out, "</text>");
		chart_number(out, CHART_W - CHART_PAD, y + 13, "end", 12,
		    chart_percent(v[i], v[0]), 1);
		w = v[0] > 0 ? full * v[i] / v[0] : 0;
		/* An empty stage is still a place: its outline, no fill. */
		buf_printf(out,
		    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		    "fill=\"none\" stroke=\"#000\" stroke-dasharray=\"2 2\"/>",
		    CHART_PAD, y + 18, full, CHART_BAR);
		if (w > 0)
			chart_rect(out, c, i, CHART_PAD, y + 18, w, CHART_BAR);
	}
	buf_adds(out, "</svg>");
}

void
chart_share(struct buf *out, const struct chart *c)
{
	int64_t part = c->series[0].values[0], whole = c->series[1].values[0];
	double full = CHART_W - 2 * CHART_PAD;
	int y = CHART_PAD;
	char s[64];

	chart_open(out, c, y + 18 + CHART_BAR + 22);
	snprintf(s, sizeof(s), ": %lld / %lld", (long long)part,
	    (long long)whole);
	buf_printf(out,
	    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#000\">",
	    CHART_PAD, y + 13);
	chart_text(out, c->labels[0]);
	chart_text(out, s);
	buf_adds(out, "</text>");
	chart_number(out, CHART_W - CHART_PAD, y + 13, "end", 14,
	    chart_percent(part, whole), 1);
	chart_rect(out, c, 1, CHART_PAD, y + 18, full, CHART_BAR);
	if (whole > 0 && part > 0)
		chart_rect(out, c, 0, CHART_PAD, y + 18, full * part / whole,
		    CHART_BAR);
	chart_label(out, CHART_PAD, y + 18 + CHART_BAR + 15, "start", 11,
	    c->series[1].name);
	buf_adds(out, "</svg>");
}
