/*
 * Minimum-cost flow: successive shortest paths with node potentials
 * (Dijkstra on reduced costs), the largest flow from a source to a sink at
 * the least total cost. Pure: no database, no domain.
 */
#ifndef MCF_H
#define MCF_H

#include <stdint.h>

struct mcf;

/* A network of nodes 0 .. nodes - 1 and no arcs yet; freed by mcf_free. */
struct mcf *mcf_new(int nodes);
void mcf_free(struct mcf *);

/*
 * Add an arc from -> to that carries up to cap units at cost each, cap
 * >= 0 and cost >= 0 (non-negative costs let the first shortest paths run
 * without a Bellman-Ford pass). Returns the arc's number, for mcf_flow.
 * The caller keeps the cost of any path, summed, within INT64_MAX / 2.
 */
int mcf_arc(struct mcf *, int from, int to, int64_t cap, int64_t cost);

/*
 * Send as much flow as the arcs allow from source to sink (two different
 * nodes), and of all flows that large the one of least total cost.
 * Returns the flow; mcf_flow tells what each arc carries. The total cost
 * is left to the caller, whose weights may make it overflow where no
 * path's cost does. Called once per network.
 */
int64_t mcf_solve(struct mcf *, int source, int sink);

/* The flow mcf_solve put on an arc. */
int64_t mcf_flow(const struct mcf *, int arc);

#endif
