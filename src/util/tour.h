/*
 * The order to visit a few stops in so that the way between them is
 * short: a delivery run's route. Stops are points on the map (degrees);
 * the path is open, since a driver ends at the last door and need not
 * come back, and it starts at whichever stop makes it shortest. It is
 * built by nearest neighbour from every start, then improved by 2-opt
 * until no reversal of a stretch shortens it. Stops without coordinates
 * cannot be placed: they go after every located one, in the order given.
 * Pure: no I/O, no allocation; the caller owns every array.
 */
#ifndef TOUR_H
#define TOUR_H

#include <stddef.h>

/* The most stops a tour takes (a run holds fewer). */
#define TOUR_MAX 64

struct tour_stop {
	double lat;
	double lon;
	int located; /* 0: no coordinates, lat and lon mean nothing */
};

/* Great-circle distance between two located stops, in kilometres. */
double tour_km(const struct tour_stop *a, const struct tour_stop *b);
/*
 * The length of the open path visiting stops[order[0]], …,
 * stops[order[n - 1]] in turn, in kilometres; every one located.
 */
double tour_length(const struct tour_stop *stops, const size_t *order,
    size_t n);
/*
 * Nearest neighbour: from stops[start], always on to the closest stop not
 * yet visited (the first given on a tie). The n stops (every one located,
 * n <= TOUR_MAX) into order.
 */
void tour_nearest(const struct tour_stop *stops, size_t n, size_t start,
    size_t *order);
/*
 * 2-opt on the open path order (n stops, every one located): reverse any
 * stretch order[i..j] whose reversal makes the path shorter, either end
 * included, until none does. Never makes the path longer. Returns the
 * number of reversals made.
 */
int tour_two_opt(const struct tour_stop *stops, size_t *order, size_t n);
/*
 * The route through stops[0..n) (n <= TOUR_MAX) into order: the located
 * stops first, by the best nearest-neighbour path over every start
 * improved by 2-opt, then the others in the order given. Returns how many
 * of them are located (the first ones of order).
 */
size_t tour_plan(const struct tour_stop *stops, size_t n, size_t *order);

#endif
