/*
 * Minimum-cost flow by successive shortest paths. Arcs come in pairs (an
 * arc and its reverse, numbers 2k and 2k + 1) so that the residual of one
 * is the flow on the other. Each round finds a shortest path by reduced
 * cost with Dijkstra, stops once the sink is settled, sends as much as the
 * path allows, and moves the potentials so reduced costs stay >= 0.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mcf.h"
#include "mem.h"
#include "banned.h"

#define MCF_INF INT64_MAX

struct mcf {
	int nodes;
	int *head; /* first arc out of each node, -1 for none */
	int narcs, arccap;
	int *to, *next;
	int64_t *cap, *cost; /* residual capacity; cost of the arc */
	int64_t *pot, *dist;
	int *prev; /* the arc each node was reached by, -1 */
	/* The heap of Dijkstra: (distance, node), lazy deletion. */
	int64_t *hkey;
	int *hnode;
	int hlen, hcap;
};

struct mcf *
mcf_new(int nodes)
{
	struct mcf *m = xcalloc(1, sizeof(*m));
	int i;

	m->nodes = nodes;
	m->head = xmalloc(sizeof(int) * (size_t)nodes);
	for (i = 0; i < nodes; i++)
		m->head[i] = -1;
	m->pot = xcalloc((size_t)nodes, sizeof(int64_t));
	m->dist = xmalloc(sizeof(int64_t) * (size_t)nodes);
	m->prev = xmalloc(sizeof(int) * (size_t)nodes);
	return m;
}

void
mcf_free(struct mcf *m)
{
	if (m == NULL)
		return;
	free(m->head);
	free(m->to);
	free(m->next);
	free(m->cap);
	free(m->cost);
	free(m->pot);
	free(m->dist);
	free(m->prev);
	free(m->hkey);
	free(m->hnode);
	free(m);
}

static void
mcf_half(struct mcf *m, int from, int to, int64_t cap, int64_t cost)
{
	int a = m->narcs++;

	m->to[a] = to;
	m->cap[a] = cap;
	m->cost[a] = cost;
	m->next[a] = m->head[from];
	m->head[from] = a;
}

int
mcf_arc(struct mcf *m, int from, int to, int64_t cap, int64_t cost)
{
	int a = m->narcs;

	if (m->narcs + 2 > m->arccap) {
		m->arccap = m->arccap ? m->arccap * 2 : 64;
		m->to = xrealloc(m->to, sizeof(int) * (size_t)m->arccap);
		m->next = xrealloc(m->next, sizeof(int) * (size_t)m->arccap);
		m->cap = xrealloc(m->cap, sizeof(int64_t) * (size_t)m->arccap);
		m->cost = xrealloc(m->cost,
		    sizeof(int64_t) * (size_t)m->arccap);
	}
	mcf_half(m, from, to, cap, cost);
	mcf_half(m, to, from, 0, -cost);
	return a;
}

int64_t
mcf_flow(const struct mcf *m, int arc)
{
	return m->cap[arc ^ 1];
}

static void
mcf_push(struct mcf *m, int64_t key, int node)
{
	int i, up;

	if (m->hlen == m->hcap) {
		m->hcap = m->hcap ? m->hcap * 2 : 64;
		m->hkey = xrealloc(m->hkey, sizeof(int64_t) * (size_t)m->hcap);
		m->hnode = xrealloc(m->hnode, sizeof(int) * (size_t)m->hcap);
	}
	for (i = m->hlen++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (m->hkey[up] <= key)
			break;
		m->hkey[i] = m->hkey[up];
		m->hnode[i] = m->hnode[up];
	}
	m->hkey[i] = key;
	m->hnode[i] = node;
}

/* Take the least entry off the heap, which is not empty. */
static int
mcf_pop(struct mcf *m, int64_t *key)
{
	int node = m->hnode[0], i = 0, c;
	int64_t lastkey = m->hkey[--m->hlen];
	int lastnode = m->hnode[m->hlen];

	*key = m->hkey[0];
	for (;;) {
		c = 2 * i + 1;
		if (c >= m->hlen)
			break;
		if (c + 1 < m->hlen && m->hkey[c + 1] < m->hkey[c])
			c++;
		if (lastkey <= m->hkey[c])
			break;
		m->hkey[i] = m->hkey[c];
		m->hnode[i] = m->hnode[c];
		i = c;
	}
	m->hkey[i] = lastkey;
	m->hnode[i] = lastnode;
	return node;
}

/*
 * Shortest distances by reduced cost from source, until sink is settled.
 * Returns whether the sink was reached.
 */
static int
mcf_dijkstra(struct mcf *m, int source, int sink)
{
	int64_t d, nd;
	int u, a, v;

	for (u = 0; u < m->nodes; u++) {
		m->dist[u] = MCF_INF;
		m->prev[u] = -1;
	}
	m->hlen = 0;
	m->dist[source] = 0;
	mcf_push(m, 0, source);
	while (m->hlen > 0) {
		u = mcf_pop(m, &d);
		if (d > m->dist[u])
			continue;
		if (u == sink)
			return 1;
		for (a = m->head[u]; a != -1; a = m->next[a]) {
			if (m->cap[a] == 0)
				continue;
			v = m->to[a];
			nd = d + m->cost[a] + m->pot[u] - m->pot[v];
			if (nd < m->dist[v]) {
				m->dist[v] = nd;
				m->prev[v] = a;
				mcf_push(m, nd, v);
			}
		}
	}
	return 0;
}

/*
 * Dijkstra stopped at the sink: nodes not settled by then count as the
 * sink's distance, which keeps every residual arc's reduced cost >= 0.
 */
static void
mcf_reprice(struct mcf *m, int sink)
{
	int64_t dt = m->dist[sink];
	int u;

	for (u = 0; u < m->nodes; u++)
		m->pot[u] += m->dist[u] < dt ? m->dist[u] : dt;
}

int64_t
mcf_solve(struct mcf *m, int source, int sink)
{
	int64_t flow = 0, push;
	int v, a;

	if (source == sink)
		return 0;
	while (mcf_dijkstra(m, source, sink)) {
		mcf_reprice(m, sink);
		push = MCF_INF;
		for (v = sink; v != source; v = m->to[a ^ 1]) {
			a = m->prev[v];
			if (m->cap[a] < push)
				push = m->cap[a];
		}
		for (v = sink; v != source; v = m->to[a ^ 1]) {
			a = m->prev[v];
			m->cap[a] -= push;
			m->cap[a ^ 1] += push;
		}
		flow += push;
	}
	return flow;
}
