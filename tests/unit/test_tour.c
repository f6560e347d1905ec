/*
 * The route of a delivery run (util/tour.h): distances on the map, that
 * 2-opt never lengthens a path and undoes a crossing, that what it leaves
 * has no shorter reversal, that the planned route is within a bound of
 * the shortest one found by trying every order on small instances, and
 * that stops without coordinates go last in the order given.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "util/tour.h"

/* The largest instance tried against every order (8! = 40,320 orders). */
#define BRUTE_MAX 8
/*
 * How much longer than the shortest path the planned one may be. Nearest
 * neighbour from every start then 2-opt is a heuristic: on these
 * instances it is mostly exact; the bound says "never far off".
 */
#define BRUTE_BOUND 1.15
#define EPS 1e-9

/* A fixed generator, so that every run tries the same instances. */
static uint64_t seed = 88172645463325252ULL;

static double
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / (double)(1ULL << 53);
}

/* n stops scattered over about 10 km around Madrid. */
static void
scatter(struct tour_stop *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].lat = 40.40 + rnd() * 0.09;
		s[i].lon = -3.75 + rnd() * 0.12;
		s[i].located = 1;
	}
}

static void
identity(size_t *order, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = i;
}

/* Whether order holds each of 0..n-1 once. */
static int
permutation(const size_t *order, size_t n)
{
	unsigned char seen[TOUR_MAX] = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (order[i] >= n || seen[order[i]])
			return 0;
		seen[order[i]] = 1;
	}
	return 1;
}

/* The shortest open path by every order (Heap's algorithm). */
static double
brute(const struct tour_stop *s, size_t n)
{
	size_t a[TOUR_MAX], c[TOUR_MAX] = { 0 }, i = 1, t, x;
	double best, km;

	identity(a, n);
	best = tour_length(s, a, n);
	while (i < n) {
		if (c[i] < i) {
			t = i % 2 == 0 ? 0 : c[i];
			x = a[t];
			a[t] = a[i];
			a[i] = x;
			km = tour_length(s, a, n);
			if (km < best)
				best = km;
			c[i]++;
			i = 1;
		} else
			c[i++] = 0;
	}
	return best;
}

/* Whether some reversal of order would still shorten it. */
static int
improvable(const struct tour_stop *s, const size_t *order, size_t n)
{
	size_t tmp[TOUR_MAX], i, j, k;
	double km = tour_length(s, order, n);

	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n; j++) {
			memcpy(tmp, order, n * sizeof(*order));
			for (k = 0; k <= j - i; k++)
				tmp[i + k] = order[j - k];
			if (tour_length(s, tmp, n) < km - 1e-7)
				return 1;
		}
	return 0;
}

static void
test_km(void)
{
	struct tour_stop a = { 40.0, -3.0, 1 }, b = { 41.0, -3.0, 1 };
	struct tour_stop c = { 0.0, 0.0, 1 }, d = { 0.0, 90.0, 1 };

	ok(fabs(tour_km(&a, &b) - 111.195) < 0.01,
	    "a degree of latitude is 111.195 km (%.3f)", tour_km(&a, &b));
	ok(tour_km(&a, &a) == 0, "a stop is 0 km from itself");
	ok(fabs(tour_km(&c, &d) - 10007.557) < 0.01,
	    "a quarter of the equator is 10,007.6 km (%.1f)", tour_km(&c, &d));
	ok(fabs(tour_km(&a, &b) - tour_km(&b, &a)) < EPS,
	    "the distance is the same both ways");
}

/*
 * The corners of a square, visited so that the path's two diagonals
 * cross: 2-opt undoes the crossing and walks three sides.
 */
static void
test_crossing(void)
{
	struct tour_stop sq[4] = {
		{ 40.40, -3.70, 1 }, { 40.40, -3.69, 1 },
		{ 40.41, -3.69, 1 }, { 40.41, -3.70, 1 },
	};
	size_t order[4] = { 0, 2, 1, 3 };
	double before = tour_length(sq, order, 4), side, sides;

	side = tour_km(&sq[0], &sq[1]);
	sides = side + tour_km(&sq[1], &sq[2]) + tour_km(&sq[2], &sq[3]);
	ok(tour_two_opt(sq, order, 4) > 0, "2-opt reverses a stretch");
	ok(permutation(order, 4), "and keeps every corner once");
	ok(tour_length(sq, order, 4) < before - side / 2,
	    "the crossing is gone (%.3f km, was %.3f)",
	    tour_length(sq, order, 4), before);
	ok(tour_length(sq, order, 4) <= sides + 1e-6,
	    "the path walks the square's sides, no diagonal");
	ok(!improvable(sq, order, 4), "no reversal shortens it further");
}

/* Random paths of 2 to 40 stops: 2-opt never lengthens one. */
static void
test_never_longer(void)
{
	struct tour_stop s[40];
	size_t order[40], i, n, k, t, x;
	int longer = 0, left = 0, broken = 0, moved = 0;
	double before;

	for (i = 0; i < 300; i++) {
		n = 2 + i % 39;
		scatter(s, n);
		identity(order, n);
		/* A shuffled start, not the order they were made in. */
		for (k = n - 1; k > 0; k--) {
			t = (size_t)(rnd() * (double)(k + 1));
			x = order[k];
			order[k] = order[t];
			order[t] = x;
		}
		before = tour_length(s, order, n);
		moved += tour_two_opt(s, order, n) > 0;
		longer += tour_length(s, order, n) > before + EPS;
		broken += !permutation(order, n);
		left += improvable(s, order, n);
	}
	is_int(longer, 0, "2-opt never made one of 300 paths longer");
	is_int(broken, 0, "every path still visits each stop once");
	is_int(left, 0, "and none has a reversal left that shortens it");
	ok(moved > 250, "most shuffled paths were shortened (%d)", moved);
}

/*
 * Every instance of 1 to 8 stops against the shortest path of every
 * order: never shorter (that would be a wrong length), never more than
 * BRUTE_BOUND longer; nearest neighbour alone is no better than the plan.
 */
static void
test_against_brute(void)
{
	struct tour_stop s[BRUTE_MAX];
	size_t order[BRUTE_MAX], nn[BRUTE_MAX], i, n, start;
	int below = 0, over = 0, exact = 0, tries = 0, nn_better = 0;
	int counted = 0;
	double best, plan, nn_best, worst = 1.0;

	for (n = 1; n <= BRUTE_MAX; n++)
		for (i = 0; i < (n < 7 ? 60u : 15u); i++) {
			scatter(s, n);
			best = brute(s, n);
			counted += tour_plan(s, n, order) == n &&
			    permutation(order, n);
			plan = tour_length(s, order, n);
			nn_best = -1;
			for (start = 0; start < n; start++) {
				tour_nearest(s, n, start, nn);
				if (nn_best < 0 ||
				    tour_length(s, nn, n) < nn_best)
					nn_best = tour_length(s, nn, n);
			}
			tries++;
			below += plan < best - 1e-7;
			over += plan > best * BRUTE_BOUND + 1e-7;
			exact += plan <= best + 1e-7;
			nn_better += nn_best < plan - 1e-7;
			if (best > 0 && plan / best > worst)
				worst = plan / best;
		}
	is_int(counted, tries, "every plan places all %d instances' stops",
	    tries);
	is_int(below, 0, "no plan is shorter than the shortest path");
	is_int(over, 0, "no plan is more than %.0f%% longer (worst %.4f)",
	    (BRUTE_BOUND - 1) * 100, worst);
	is_int(nn_better, 0, "2-opt never loses what nearest neighbour found");
	ok(exact * 10 >= tries * 9, "%d of %d plans are the shortest path",
	    exact, tries);
}

/*
 * Stops without coordinates go after the located ones, in the order
 * given, and say so by the count returned; none located, all in order.
 */
static void
test_unlocated(void)
{
	struct tour_stop s[6] = {
		{ 0, 0, 0 }, { 40.41, -3.70, 1 }, { 0, 0, 0 },
		{ 40.40, -3.70, 1 }, { 40.42, -3.70, 1 }, { 0, 0, 0 },
	};
	size_t order[6];

	is_int(tour_plan(s, 6, order), 3, "three of six stops are located");
	ok(order[3] == 0 && order[4] == 2 && order[5] == 5,
	    "the others come last, in the order given");
	ok((order[0] == 3 && order[1] == 1 && order[2] == 4) ||
		(order[0] == 4 && order[1] == 1 && order[2] == 3),
	    "the located ones in a line, end to end");
	memset(s, 0, sizeof(s));
	is_int(tour_plan(s, 6, order), 0, "none located: 0");
	ok(order[0] == 0 && order[1] == 1 && order[5] == 5,
	    "and the order given");
	s[0].located = 1;
	is_int(tour_plan(s, 1, order), 1, "one stop is a route of one");
	is_int(order[0], 0, "that stop");
	is_int(tour_plan(s, 0, order), 0, "no stop, no route");
}

int
main(void)
{
	test_km();
	test_crossing();
	test_never_longer();
	test_against_brute();
	test_unlocated();
	return tap_done();
}
