/*
 * The minimum-cost flow solver against brute force: on thousands of small
 * random networks, every integer flow is enumerated and the largest of
 * least cost compared with the solver's value and cost; on larger ones,
 * against a plain reference (shortest paths by Bellman-Ford, one unit at
 * a time); and by hand, a network whose cheapest answer needs a path
 * that undoes earlier flow.
 */
#include <stdint.h>
#include <stdio.h>

#include "tap.h"
#include "util/mcf.h"

#define ARCS_MAX  6
#define NODES_MAX 5

struct net {
	int nodes, narcs;
	int from[ARCS_MAX], to[ARCS_MAX];
	int64_t cap[ARCS_MAX], cost[ARCS_MAX];
};

static uint32_t seed = 12345;

static int
rnd(int n)
{
	seed = seed * 1103515245u + 12345u;
	return (int)((seed >> 16) % (uint32_t)n);
}

/* Every flow of the network, arc by arc: the largest, then the cheapest. */
static void
brute(const struct net *g, int64_t *best_flow, int64_t *best_cost)
{
	int64_t f[ARCS_MAX] = { 0 }, bal[NODES_MAX], value, cost;
	int i, ok_;

	*best_flow = -1;
	*best_cost = 0;
	for (;;) {
		for (i = 0; i < g->nodes; i++)
			bal[i] = 0;
		cost = 0;
		for (i = 0; i < g->narcs; i++) {
			bal[g->from[i]] -= f[i];
			bal[g->to[i]] += f[i];
			cost += f[i] * g->cost[i];
		}
		ok_ = 1;
		for (i = 1; i < g->nodes - 1; i++)
			if (bal[i] != 0)
				ok_ = 0;
		value = bal[g->nodes - 1];
		if (ok_ &&
		    (value > *best_flow ||
			(value == *best_flow && cost < *best_cost))) {
			*best_flow = value;
			*best_cost = cost;
		}
		for (i = 0; i < g->narcs && f[i] == g->cap[i]; i++)
			f[i] = 0;
		if (i == g->narcs)
			break;
		f[i]++;
	}
}

/* The solver's flow and its cost, from what each arc carries. */
static int64_t
solve(const struct net *g, int64_t *cost)
{
	struct mcf *m = mcf_new(g->nodes);
	int arc[ARCS_MAX], i;
	int64_t flow;

	for (i = 0; i < g->narcs; i++)
		arc[i] = mcf_arc(m, g->from[i], g->to[i], g->cap[i],
		    g->cost[i]);
	flow = mcf_solve(m, 0, g->nodes - 1);
	*cost = 0;
	for (i = 0; i < g->narcs; i++)
		*cost += mcf_flow(m, arc[i]) * g->cost[i];
	mcf_free(m);
	return flow;
}

static void
random_networks(int count)
{
	struct net g;
	int64_t bf, bc, sf, sc;
	int t, i, bad = 0;

	for (t = 0; t < count; t++) {
		g.nodes = 2 + rnd(NODES_MAX - 1);
		g.narcs = 1 + rnd(ARCS_MAX);
		for (i = 0; i < g.narcs; i++) {
			g.from[i] = rnd(g.nodes);
			do
				g.to[i] = rnd(g.nodes);
			while (g.to[i] == g.from[i]);
			g.cap[i] = rnd(3);
			g.cost[i] = rnd(6);
		}
		brute(&g, &bf, &bc);
		sf = solve(&g, &sc);
		if (sf != bf || sc != bc) {
			if (bad++ == 0)
				printf("# network %d: brute %lld at %lld, "
				       "solver %lld at %lld\n",
				    t, (long long)bf, (long long)bc,
				    (long long)sf, (long long)sc);
		}
	}
	is_int(bad, 0,
	    "%d random networks: the solver's flow and cost are "
	    "brute force's",
	    count);
}

#define BIG_NODES 12
#define BIG_ARCS  40

/*
 * The reference: one unit at a time along a cheapest path of the
 * residual network found by Bellman-Ford, which needs no potentials.
 */
static int64_t
reference(int nodes, int narcs, const int *from, const int *to,
    const int64_t *cap, const int64_t *cost, int64_t *total)
{
	int64_t res[2 * BIG_ARCS], dist[BIG_NODES], flow = 0;
	int prev[BIG_NODES], a, v, round, changed;

	for (a = 0; a < narcs; a++) {
		res[2 * a] = cap[a];
		res[2 * a + 1] = 0;
	}
	*total = 0;
	for (;;) {
		for (v = 0; v < nodes; v++) {
			dist[v] = INT64_MAX;
			prev[v] = -1;
		}
		dist[0] = 0;
		for (round = 0, changed = 1; changed && round < nodes; round++)
			for (a = 0, changed = 0; a < 2 * narcs; a++) {
				int u = a % 2 ? to[a / 2] : from[a / 2];
				int w = a % 2 ? from[a / 2] : to[a / 2];
				int64_t c = a % 2 ? -cost[a / 2] : cost[a / 2];

				if (res[a] > 0 && dist[u] != INT64_MAX &&
				    dist[u] + c < dist[w]) {
					dist[w] = dist[u] + c;
					prev[w] = a;
					changed = 1;
				}
			}
		if (dist[nodes - 1] == INT64_MAX)
			return flow;
		for (v = nodes - 1; v != 0;) {
			a = prev[v];
			res[a]--;
			res[a ^ 1]++;
			v = a % 2 ? to[a / 2] : from[a / 2];
		}
		flow++;
		*total += dist[nodes - 1];
	}
}

static void
larger_networks(int count)
{
	int from[BIG_ARCS], to[BIG_ARCS], arc[BIG_ARCS], t, i, n, k, bad = 0;
	int64_t cap[BIG_ARCS], cost[BIG_ARCS], rf, rc, sf, sc;
	struct mcf *m;

	for (t = 0; t < count; t++) {
		n = 4 + rnd(BIG_NODES - 3);
		k = 10 + rnd(BIG_ARCS - 9);
		m = mcf_new(n);
		for (i = 0; i < k; i++) {
			from[i] = rnd(n);
			do
				to[i] = rnd(n);
			while (to[i] == from[i]);
			cap[i] = rnd(4);
			cost[i] = rnd(20);
			arc[i] = mcf_arc(m, from[i], to[i], cap[i], cost[i]);
		}
		sf = mcf_solve(m, 0, n - 1);
		for (i = 0, sc = 0; i < k; i++)
			sc += mcf_flow(m, arc[i]) * cost[i];
		mcf_free(m);
		rf = reference(n, k, from, to, cap, cost, &rc);
		if ((sf != rf || sc != rc) && bad++ == 0)
			printf("# network %d: reference %lld at %lld, solver "
			       "%lld at %lld\n",
			    t, (long long)rf, (long long)rc, (long long)sf,
			    (long long)sc);
	}
	is_int(bad, 0, "%d larger networks: as the reference", count);
}

/*
 * s -> a -> t is the cheap first path, but the most flow needs a's unit
 * to go by b instead: the second path runs b -> a backwards.
 */
static void
undo_earlier_flow(void)
{
	struct mcf *m = mcf_new(4); /* 0 s, 1 a, 2 b, 3 t */
	int sa, sb, at, ab, bt;

	sa = mcf_arc(m, 0, 1, 1, 0);
	sb = mcf_arc(m, 0, 2, 1, 0);
	at = mcf_arc(m, 1, 3, 1, 0);
	ab = mcf_arc(m, 1, 2, 1, 5);
	bt = mcf_arc(m, 2, 3, 1, 1);
	is_int(mcf_solve(m, 0, 3), 2, "two units reach the sink");
	ok(mcf_flow(m, sa) == 1 && mcf_flow(m, sb) == 1 &&
		mcf_flow(m, at) == 1 && mcf_flow(m, bt) == 1 &&
		mcf_flow(m, ab) == 0,
	    "each by its own path, none across");
	mcf_free(m);

	m = mcf_new(3);
	mcf_arc(m, 0, 1, 4, 2);
	mcf_arc(m, 1, 2, 3, 2);
	is_int(mcf_solve(m, 0, 2), 3, "a path carries what its least arc does");
	is_int(mcf_solve(m, 1, 1), 0, "no flow from a node to itself");
	mcf_free(m);
}

int
main(void)
{
	random_networks(4000);
	larger_networks(3000);
	undo_earlier_flow();
	return tap_done();
}
