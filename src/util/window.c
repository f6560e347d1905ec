/* Weekly windows, read as people write them and written one way. */
#include <stdlib.h>
#include <string.h>

#include "window.h"
#include "fold.h"
#include "banned.h"

#define DAY 1440
/* Windows read before joining: seven days, each split at most once. */
#define WINDOW_READ_MAX 64

static const char *const window_en[7] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	"Sat", "Sun" };

/* Every name a day goes by, folded (no case, no accents). */
static const struct {
	const char *name;
	int day;
} window_days[] = {
	{ "mon", 0 },
	{ "monday", 0 },
	{ "lun", 0 },
	{ "lunes", 0 },
	{ "tue", 1 },
	{ "tues", 1 },
	{ "tuesday", 1 },
	{ "mar", 1 },
	{ "martes", 1 },
	{ "wed", 2 },
	{ "weds", 2 },
	{ "wednesday", 2 },
	{ "mie", 2 },
	{ "miercoles", 2 },
	{ "thu", 3 },
	{ "thur", 3 },
	{ "thurs", 3 },
	{ "thursday", 3 },
	{ "jue", 3 },
	{ "jueves", 3 },
	{ "fri", 4 },
	{ "friday", 4 },
	{ "vie", 4 },
	{ "viernes", 4 },
	{ "sat", 5 },
	{ "saturday", 5 },
	{ "sab", 5 },
	{ "sabado", 5 },
	{ "sun", 6 },
	{ "sunday", 6 },
	{ "dom", 6 },
	{ "domingo", 6 },
};

struct window_read {
	const char *s;
	struct window w[WINDOW_READ_MAX];
	size_t n;
};

static void
window_blanks(struct window_read *r)
{
	while (*r->s == ' ' || *r->s == '\t')
		r->s++;
}

/* A dash: "-", or an en or em dash as UTF-8. 1 and past it, or 0. */
static int
window_dash(struct window_read *r)
{
	if (*r->s == '-') {
		r->s++;
		return 1;
	}
	if (strncmp(r->s, "\xe2\x80\x93", 3) == 0 ||
	    strncmp(r->s, "\xe2\x80\x94", 3) == 0) {
		r->s += 3;
		return 1;
	}
	return 0;
}

/* A day's name: 0..6 and past it, or -1. */
static int
window_day(struct window_read *r)
{
	size_t n = 0, i;

	while (r->s[n] >= 'a' && r->s[n] <= 'z')
		n++;
	for (i = 0; i < sizeof(window_days) / sizeof(window_days[0]); i++)
		if (strlen(window_days[i].name) == n &&
		    strncmp(window_days[i].name, r->s, n) == 0) {
			r->s += n;
			/* "Tue." as an abbreviation */
			if (*r->s == '.')
				r->s++;
			return window_days[i].day;
		}
	return -1;
}

/* Up to two digits: the number and past them, or -1. */
static int
window_digits(struct window_read *r)
{
	int v = 0, n = 0;

	while (n < 2 && *r->s >= '0' && *r->s <= '9') {
		v = v * 10 + (*r->s - '0');
		r->s++;
		n++;
	}
	return n == 0 ? -1 : v;
}

/*
 * A time of day: minutes after midnight (24:00 is 1440), and in *half
 * 'a' or 'p' for an "am" or "pm" after it, else 0. -1 if not a time.
 */
static int
window_time(struct window_read *r, char *half)
{
	int h, m = 0;

	*half = 0;
	if ((h = window_digits(r)) == -1)
		return -1;
	if (*r->s == ':' || *r->s == '.' || *r->s == 'h') {
		const char *at = r->s++;

		if (*r->s >= '0' && *r->s <= '9') {
			if (r->s[1] < '0' || r->s[1] > '9')
				return -1;
			m = window_digits(r);
		} else if (*at != 'h') {
			return -1;
		}
	}
	window_blanks(r);
	if ((r->s[0] == 'a' || r->s[0] == 'p') && r->s[1] == 'm') {
		*half = r->s[0];
		r->s += 2;
		if (h < 1 || h > 12)
			return -1;
	}
	if (m > 59 || h > 24 || (h == 24 && m > 0))
		return -1;
	return h * 60 + m;
}

/* Minutes after midnight of a 12-hour time in half 'a' or 'p'. */
static int
window_half(int t, char half)
{
	if (t >= 12 * 60)
		t -= 12 * 60;
	return half == 'p' ? t + 12 * 60 : t;
}

static int
window_add(struct window_read *r, int start, int end)
{
	if (r->n == WINDOW_READ_MAX)
		return -1;
	r->w[r->n].start = start;
	r->w[r->n].end = end;
	r->n++;
	return 0;
}

/* "Mon-Fri 17:00-20:00": its windows into r. 0, or -1. */
static int
window_item(struct window_read *r)
{
	int first, last, start, end, d;
	char sh, eh;

	if ((first = last = window_day(r)) == -1)
		return -1;
	window_blanks(r);
	if (window_dash(r)) {
		window_blanks(r);
		if ((last = window_day(r)) == -1)
			return -1;
		window_blanks(r);
	}
	if ((start = window_time(r, &sh)) == -1)
		return -1;
	window_blanks(r);
	if (!window_dash(r))
		return -1;
	window_blanks(r);
	if ((end = window_time(r, &eh)) == -1)
		return -1;
	if (eh != 0)
		end = window_half(end, eh);
	if (sh != 0)
		start = window_half(start, sh);
	else if (eh != 0 && window_half(start, eh) < end)
		start = window_half(start, eh);
	if (start == DAY)
		return -1;
	if (end <= start)
		end += DAY;
	for (d = first;; d = (d + 1) % 7) {
		int s = d * DAY + start, e = d * DAY + end;

		if (e <= WINDOW_WEEK) {
			if (window_add(r, s, e) == -1)
				return -1;
		} else if (window_add(r, s, WINDOW_WEEK) == -1 ||
		    window_add(r, 0, e - WINDOW_WEEK) == -1) {
			return -1;
		}
		if (d == last)
			break;
	}
	return 0;
}

static int
window_cmp(const void *a, const void *b)
{
	const struct window *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* r's windows sorted and joined into out. 0, or -1 if too many. */
static int
window_join(struct window_read *r, struct windows *out)
{
	size_t i;

	qsort(r->w, r->n, sizeof(r->w[0]), window_cmp);
	out->n = 0;
	for (i = 0; i < r->n; i++) {
		struct window *last = out->n > 0 ? &out->w[out->n - 1] : NULL;

		if (last != NULL && r->w[i].start <= last->end) {
			if (r->w[i].end > last->end)
				last->end = r->w[i].end;
			continue;
		}
		if (out->n == WINDOW_MAX)
			return -1;
		out->w[out->n++] = r->w[i];
	}
	return 0;
}

int
window_parse(const char *text, struct windows *out)
{
	struct window_read r;
	char *folded;
	int rc = 0;

	out->n = 0;
	if (strlen(text) > WINDOW_TEXT_MAX)
		return -1;
	if ((folded = fold_name(text)) == NULL)
		return -1;
	r.s = folded;
	r.n = 0;
	for (;;) {
		while (*r.s == ' ' || *r.s == '\t' || *r.s == '\n' ||
		    *r.s == '\r' || *r.s == ',' || *r.s == ';')
			r.s++;
		if (*r.s == '\0')
			break;
		if (window_item(&r) == -1) {
			rc = -1;
			break;
		}
		window_blanks(&r);
		if (*r.s != '\0' && *r.s != ',' && *r.s != ';' &&
		    *r.s != '\n' && *r.s != '\r') {
			rc = -1;
			break;
		}
	}
	free(folded);
	if (rc == 0)
		rc = window_join(&r, out);
	if (rc == -1)
		out->n = 0;
	return rc;
}

/* ws split at midnights into r, in order: start and end within a day. */
static void
window_pieces(const struct windows *ws, struct window_read *r)
{
	size_t i;
	int s;

	r->n = 0;
	for (i = 0; i < ws->n; i++)
		for (s = ws->w[i].start; s < ws->w[i].end;) {
			int e = (s / DAY + 1) * DAY;

			if (e > ws->w[i].end)
				e = ws->w[i].end;
			r->w[r->n].start = s;
			r->w[r->n].end = e;
			r->n++;
			s = e;
		}
}

/* The piece of day d with the hours of p, not yet written, or -1. */
static int
window_same(const struct window_read *r, const char *done,
    const struct window *p, int d)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!done[i] && r->w[i].start / DAY == d &&
		    r->w[i].start % DAY == p->start % DAY &&
		    r->w[i].end - r->w[i].start == p->end - p->start)
			return (int)i;
	return -1;
}

void
window_format(const struct windows *ws, const char *const days[7],
    struct buf *b)
{
	/* Disjoint windows in a week cross at most seven midnights. */
	struct window_read r;
	char done[WINDOW_READ_MAX] = { 0 };
	size_t i;
	int first = 1;

	if (days == NULL)
		days = window_en;
	if (ws->n > WINDOW_MAX)
		return;
	r.n = 0;
	window_pieces(ws, &r);
	for (i = 0; i < r.n; i++) {
		const struct window *p = &r.w[i];
		int d = p->start / DAY, last = d, j;

		if (done[i])
			continue;
		done[i] = 1;
		while (
		    last < 6 && (j = window_same(&r, done, p, last + 1)) >= 0) {
			done[j] = 1;
			last++;
		}
		buf_printf(b, "%s%s", first ? "" : ", ", days[d]);
		if (last > d)
			buf_printf(b, "-%s", days[last]);
		buf_printf(b, " %02d:%02d-%02d:%02d", p->start % DAY / 60,
		    p->start % 60, (p->end - d * DAY) / 60, p->end % 60);
		first = 0;
	}
}

int
window_overlap(const struct windows *a, const struct windows *b)
{
	size_t i = 0, j = 0;
	int total = 0;

	while (i < a->n && j < b->n) {
		int s = a->w[i].start > b->w[j].start ? a->w[i].start
						      : b->w[j].start;
		int e = a->w[i].end < b->w[j].end ? a->w[i].end : b->w[j].end;

		if (e > s)
			total += e - s;
		if (a->w[i].end < b->w[j].end)
			i++;
		else
			j++;
	}
	return total;
}
