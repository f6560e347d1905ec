/* A short route through a few stops: nearest neighbour, then 2-opt. */
#include <math.h>
#include <string.h>

#include "tour.h"
#include "util/banned.h"

/* The mean radius of the Earth (IUGG), in kilometres. */
#define TOUR_EARTH_KM 6371.0088
/* A gain smaller than this is rounding, not a shorter path. */
#define TOUR_EPSILON 1e-9

double
tour_km(const struct tour_stop *a, const struct tour_stop *b)
{
	const double rad = M_PI / 180.0;
	double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
	double h;

	/* Haversine: well-conditioned for the short legs of a run. */
	h = sin(dlat / 2) * sin(dlat / 2) +
	    cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) *
		sin(dlon / 2);
	if (h > 1.0)
		h = 1.0;
	return 2.0 * TOUR_EARTH_KM * asin(sqrt(h));
}

double
tour_length(const struct tour_stop *stops, const size_t *order, size_t n)
{
	double km = 0;
	size_t i;

	for (i = 1; i < n; i++)
		km += tour_km(&stops[order[i - 1]], &stops[order[i]]);
	return km;
}

void
tour_nearest(const struct tour_stop *stops, size_t n, size_t start,
    size_t *order)
{
	unsigned char seen[TOUR_MAX] = { 0 };
	size_t i, k, best;
	double d, bestd;

	order[0] = start;
	seen[start] = 1;
	for (i = 1; i < n; i++) {
		best = n;
		bestd = 0;
		for (k = 0; k < n; k++) {
			if (seen[k])
				continue;
			d = tour_km(&stops[order[i - 1]], &stops[k]);
			if (best == n || d < bestd) {
				best = k;
				bestd = d;
			}
		}
		order[i] = best;
		seen[best] = 1;
	}
}

/*
 * The distance between order[i] and order[j], or 0 when either is past an
 * end of the path: an open path has no edge there to change.
 */
static double
tour_edge(const struct tour_stop *stops, const size_t *order, size_t n,
    size_t i, size_t j)
{
	if (i >= n || j >= n)
		return 0;
	return tour_km(&stops[order[i]], &stops[order[j]]);
}

static void
tour_reverse(size_t *order, size_t i, size_t j)
{
	size_t t;

	for (; i < j; i++, j--) {
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/*
 * What reversing order[i..j] saves: the edges into i and out of j are
 * replaced by i-1 to j and i to j+1; (size_t)-1 for i = 0 is past the
 * start, so the start may change too.
 */
static double
tour_gain(const struct tour_stop *stops, const size_t *order, size_t n,
    size_t i, size_t j)
{
	return tour_edge(stops, order, n, i - 1, i) +
	    tour_edge(stops, order, n, j, j + 1) -
	    tour_edge(stops, order, n, i - 1, j) -
	    tour_edge(stops, order, n, i, j + 1);
}

int
tour_two_opt(const struct tour_stop *stops, size_t *order, size_t n)
{
	int moves = 0, better = 1;
	size_t i, j;

	/* Each move shortens the path, so this ends. */
	while (better) {
		better = 0;
		for (i = 0; i + 1 < n; i++)
			for (j = i + 1; j < n; j++) {
				if (tour_gain(stops, order, n, i, j) <=
				    TOUR_EPSILON)
					continue;
				tour_reverse(order, i, j);
				moves++;
				better = 1;
			}
	}
	return moves;
}

/* The located stops' path: the best start for nearest neighbour, 2-opt. */
static void
tour_located(const struct tour_stop *stops, size_t n, size_t *order)
{
	size_t try[TOUR_MAX], start;
	double best = 0, km;

	for (start = 0; start < n; start++) {
		tour_nearest(stops, n, start, try);
		km = tour_length(stops, try, n);
		if (start == 0 || km < best) {
			best = km;
			memcpy(order, try, n * sizeof(*order));
		}
	}
	tour_two_opt(stops, order, n);
}

size_t
tour_plan(const struct tour_stop *stops, size_t n, size_t *order)
{
	struct tour_stop located[TOUR_MAX];
	size_t map[TOUR_MAX], path[TOUR_MAX], k = 0, i, next;

	for (i = 0; i < n; i++)
		if (stops[i].located) {
			located[k] = stops[i];
			map[k++] = i;
		}
	if (k > 0)
		tour_located(located, k, path);
	for (i = 0; i < k; i++)
		order[i] = map[path[i]];
	next = k;
	for (i = 0; i < n; i++)
		if (!stops[i].located)
			order[next++] = i;
	return k;
}
