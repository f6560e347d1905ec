/*
 * The zone graph, for matching: which zones touch (zone_adjacent, both
 * ways) and how far apart their centres are. An offer or a volunteer
 * reaches the asks of its own zone and of the zones within the network's
 * match radius: 0 the same zone, 1 adjacent ones, 2 those adjacent to
 * an adjacent one.
 */
#ifndef REACH_H
#define REACH_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "util/problem.h"

#define REACH_RADIUS_DEFAULT 1
#define REACH_RADIUS_MAX     2

struct reach;

/*
 * Set the match radius (serve --match-radius, match --radius), 0 to
 * REACH_RADIUS_MAX, once, before any request is served.
 */
void reach_setup(int radius);
/* The match radius set, or REACH_RADIUS_DEFAULT. */
int reach_radius(void);
/*
 * Read every zone and adjacency into a new graph in *out, for the
 * caller to reach_free. 0, or -1 with p.
 */
int reach_load(struct db *, struct reach **out, struct problem *);
void reach_free(struct reach *);
/*
 * The hops from zone a to zone b: 0 the same zone, 1 adjacent, 2
 * adjacent to an adjacent one; -1 further, or a zone not in the graph.
 */
int reach_hops(const struct reach *, int64_t a, int64_t b);
/*
 * Kilometres between the centres of zones a and b (great circle), or -1
 * when either has no coordinates or is not in the graph.
 */
double reach_km(const struct reach *, int64_t a, int64_t b);
/*
 * The zones within radius hops of zone (0 to REACH_RADIUS_MAX): zone
 * itself first, then those one hop away in id order, then those two hops
 * away, into ids, at most n. Returns
 * how many there are, which may be more than n (as snprintf); 0 for a
 * zone not in the graph.
 */
size_t reach_within(const struct reach *, int64_t zone, int radius,
    int64_t *ids, size_t n);
/* The number of zones in the graph. */
size_t reach_zones(const struct reach *);

#endif
