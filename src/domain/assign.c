/*
 * Batch matching solved as a minimum-cost flow per category (util/mcf).
 *
 * The network: source -> ask zone -> offer zone -> sink. Asks of one zone
 * are alike but for their priority, so one node stands for each ask zone,
 * fed by one arc per priority class (its cost the class's rank) that
 * carries as many asks as the class has there; offers of one zone are
 * alike but for their quantity, so one node stands for each offer zone,
 * its arc to the sink carrying their summed quantity. Arcs from ask zones
 * to offer zones exist only within reach, their cost the distance. After
 * the flow, each class's count becomes its oldest asks, and each offer
 * zone's asks fill its offers in order.
 *
 * Why the flow is the order of importance: the largest flow meets the most
 * asks. The sets of asks that can be met together form a matroid, so the
 * set of least total rank (any weights that grow with the rank) is the
 * one a greedy pass by priority would pick: most urgent first, then least
 * recently served. A class weighs more than any total distance, so the
 * distance only chooses among those; a hop weighs more than any total of
 * km. The weights are exact integers, checked against overflow.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "util/mcf.h"
#include "util/mem.h"
#include "util/banned.h"

/* km counted in tenths, so the km part of one pair is at most this. */
#define KM_UNITS (ASSIGN_KM_MAX * 10)

const char *const assign_reason_codes[ASSIGN_REASON__MAX + 1] = {
	"same_zone",      /* ASSIGN_SAME_ZONE */
	"adjacent_zone",  /* ASSIGN_ADJACENT_ZONE */
	"nearby_zone",    /* ASSIGN_NEARBY_ZONE */
	"urgent",         /* ASSIGN_URGENT */
	"never_served",   /* ASSIGN_NEVER_SERVED */
	"waited_longest", /* ASSIGN_WAITED_LONGEST */
	"only_offer",     /* ASSIGN_ONLY_OFFER */
	"no_offer",       /* ASSIGN_NO_OFFER */
	"out_of_reach",   /* ASSIGN_OUT_OF_REACH */
	"offers_taken",   /* ASSIGN_OFFERS_TAKEN */
	NULL,
};

/* An ask zone that can reach an offer zone, and the arc between them. */
struct pair {
	int g, s, hops, arc;
	double km;
	int64_t cost;
};

/* Asks of one zone and one class: an arc from the source. */
struct run {
	int g, rank, start, len, arc;
};

/* One category's problem, its network and what the flow made of it. */
struct cat {
	const struct assign_need *needs;
	const struct assign_offer *offers;
	const struct assign_reach *reach;
	struct assign_result *out;
	const int *ni, *oi; /* indices into needs, offers: priority order */
	int n, m;
	int *rank, *g;    /* per ask of the category */
	int64_t *gz, *sz; /* the ask zones, the offer zones, sorted */
	int ng, ns;
	int64_t *scap; /* per offer zone: asks it can meet */
	int *soffers;  /* per offer zone: how many offers */
	struct pair *pairs;
	int npairs;
	struct run *runs;
	int nruns;
	int *byzone; /* asks of the category by zone, class, order */
	int ranks;
	struct mcf *mcf;
};

double
assign_cost(int hops, double km)
{
	if (km < 0)
		km = 0;
	if (km > ASSIGN_KM_MAX)
		km = ASSIGN_KM_MAX;
	return hops + km / 1000.0;
}

/* The priority order: urgency down, then served longest ago (never first). */
static int
need_before(const struct assign_need *a, const struct assign_need *b)
{
	if (a->urgency != b->urgency)
		return a->urgency > b->urgency ? -1 : 1;
	if ((a->served_at == NULL) != (b->served_at == NULL))
		return a->served_at == NULL ? -1 : 1;
	if (a->served_at != NULL)
		return strcmp(a->served_at, b->served_at);
	return 0;
}

static int
need_cmp(const void *x, const void *y, void *arg)
{
	const struct assign_need *v = arg;
	int a = *(const int *)x, b = *(const int *)y, c;

	c = strcmp(v[a].category, v[b].category);
	if (c == 0)
		c = need_before(&v[a], &v[b]);
	return c != 0 ? c : (a > b) - (a < b);
}

static int
offer_cmp(const void *x, const void *y, void *arg)
{
	const struct assign_offer *v = arg;
	int a = *(const int *)x, b = *(const int *)y, c;

	c = strcmp(v[a].category, v[b].category);
	return c != 0 ? c : (a > b) - (a < b);
}

static int
id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Sort and keep each zone once; returns how many. */
static int
zones_unique(int64_t *z, int n)
{
	int i, k = 0;

	qsort(z, (size_t)n, sizeof(*z), id_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || z[k - 1] != z[i])
			z[k++] = z[i];
	return k;
}

static int
zone_at(const int64_t *z, int n, int64_t id)
{
	const int64_t *p = bsearch(&id, z, (size_t)n, sizeof(*z), id_cmp);

	return p == NULL ? -1 : (int)(p - z);
}

/* Classes, ask zones, offer zones and what each offer zone can meet. */
static void
cat_nodes(struct cat *c)
{
	int i, s;

	c->rank = xmalloc(sizeof(int) * (size_t)c->n);
	c->g = xmalloc(sizeof(int) * (size_t)c->n);
	c->gz = xmalloc(sizeof(int64_t) * (size_t)c->n);
	c->sz = xmalloc(sizeof(int64_t) * (size_t)c->m);
	for (i = 0; i < c->n; i++) {
		if (i > 0 &&
		    need_before(&c->needs[c->ni[i - 1]], &c->needs[c->ni[i]]) !=
			0)
			c->ranks++;
		c->rank[i] = c->ranks;
		c->gz[i] = c->needs[c->ni[i]].zone_id;
	}
	c->ranks++;
	for (i = 0; i < c->m; i++)
		c->sz[i] = c->offers[c->oi[i]].zone_id;
	c->ng = zones_unique(c->gz, c->n);
	c->ns = zones_unique(c->sz, c->m);
	for (i = 0; i < c->n; i++)
		c->g[i] = zone_at(c->gz, c->ng, c->needs[c->ni[i]].zone_id);
	c->scap = xcalloc((size_t)c->ns, sizeof(int64_t));
	c->soffers = xcalloc((size_t)c->ns, sizeof(int));
	for (i = 0; i < c->m; i++) {
		s = zone_at(c->sz, c->ns, c->offers[c->oi[i]].zone_id);
		c->soffers[s]++;
		/* No zone can meet more asks than the category has. */
		if (c->scap[s] < c->n)
			c->scap[s] += c->offers[c->oi[i]].quantity;
		if (c->scap[s] > c->n)
			c->scap[s] = c->n;
	}
}

/* Every ask zone and offer zone within reach of each other. */
static void
cat_pairs(struct cat *c)
{
	const struct assign_reach *r = c->reach;
	struct pair *p;
	int g, s, h;

	c->pairs = xmalloc(sizeof(*c->pairs) * (size_t)c->ng * (size_t)c->ns);
	for (g = 0; g < c->ng; g++)
		for (s = 0; s < c->ns; s++) {
			h = r->hops(r->arg, c->gz[g], c->sz[s]);
			if (h < 0)
				continue;
			p = &c->pairs[c->npairs++];
			p->g = g;
			p->s = s;
			p->hops = h;
			p->km = r->km(r->arg, c->gz[g], c->sz[s]);
		}
}

static int
byzone_cmp(const void *x, const void *y, void *arg)
{
	const struct cat *c = arg;
	int a = *(const int *)x, b = *(const int *)y;

	if (c->g[a] != c->g[b])
		return c->g[a] - c->g[b];
	if (c->rank[a] != c->rank[b])
		return c->rank[a] - c->rank[b];
	return a - b;
}

/* The asks of each zone and class, one run each. */
static void
cat_runs(struct cat *c)
{
	int i;

	c->byzone = xmalloc(sizeof(int) * (size_t)c->n);
	for (i = 0; i < c->n; i++)
		c->byzone[i] = i;
	qsort_r(c->byzone, (size_t)c->n, sizeof(int), byzone_cmp, c);
	c->runs = xmalloc(sizeof(*c->runs) * (size_t)c->n);
	for (i = 0; i < c->n; i++) {
		int a = c->byzone[i];
		struct run *r = &c->runs[c->nruns - 1];

		if (c->nruns == 0 || r->g != c->g[a] || r->rank != c->rank[a]) {
			r = &c->runs[c->nruns++];
			r->g = c->g[a];
			r->rank = c->rank[a];
			r->start = i;
			r->len = 0;
		}
		r->len++;
	}
}

static int64_t
km_units(double km)
{
	if (km < 0)
		return 0;
	return km >= ASSIGN_KM_MAX ? KM_UNITS : (int64_t)llround(km * 10);
}

/*
 * The weights of the order of importance, and the network. -1 when the
 * heaviest path would not fit in 64 bits.
 */
static int
cat_network(struct cat *c)
{
	int64_t whop, wclass, maxedge, top;
	int i, maxh = 0, src = 0, sink = c->ng + c->ns + 1;

	for (i = 0; i < c->npairs; i++)
		if (c->pairs[i].hops > maxh)
			maxh = c->pairs[i].hops;
	/* A hop outweighs the km of every ask; a class, every distance. */
	if (__builtin_mul_overflow((int64_t)c->n, KM_UNITS, &whop) ||
	    __builtin_mul_overflow(++whop, (int64_t)maxh, &maxedge) ||
	    __builtin_add_overflow(maxedge, KM_UNITS, &maxedge) ||
	    __builtin_mul_overflow((int64_t)c->n, maxedge, &wclass) ||
	    __builtin_mul_overflow(++wclass, (int64_t)c->ranks + 2, &top) ||
	    top > INT64_MAX / 4)
		return -1;
	c->mcf = mcf_new(sink + 1);
	for (i = 0; i < c->nruns; i++)
		c->runs[i].arc = mcf_arc(c->mcf, src, 1 + c->runs[i].g,
		    c->runs[i].len, c->runs[i].rank * wclass);
	for (i = 0; i < c->npairs; i++) {
		struct pair *p = &c->pairs[i];

		p->cost = p->hops * whop + km_units(p->km);
		p->arc = mcf_arc(c->mcf, 1 + p->g, 1 + c->ng + p->s, c->n,
		    p->cost);
	}
	for (i = 0; i < c->ns; i++)
		mcf_arc(c->mcf, 1 + c->ng + i, sink, c->scap[i], 0);
	mcf_solve(c->mcf, src, sink);
	return 0;
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	return a->s - b->s;
}

/* Each ask zone's pairs, nearest first: [first[g], first[g + 1]). */
static int *
cat_pairs_by_zone(struct cat *c)
{
	int *first = xcalloc((size_t)c->ng + 1, sizeof(int));
	int i;

	for (i = 0; i < c->npairs; i++)
		first[c->pairs[i].g + 1]++;
	for (i = 0; i < c->ng; i++) {
		first[i + 1] += first[i];
		qsort(c->pairs + first[i], (size_t)(first[i + 1] - first[i]),
		    sizeof(*c->pairs), pair_cmp);
	}
	return first;
}

/*
 * The flow made concrete: each run's count becomes its oldest asks, each
 * ask goes to the nearest offer zone that still has flow from its zone,
 * and each offer zone's asks fill its offers in order. Sets out->offer.
 */
static void
cat_expand(struct cat *c, const int *first)
{
	int64_t *left = xmalloc(sizeof(int64_t) * (size_t)c->npairs);
	int64_t *rem = xmalloc(sizeof(int64_t) * (size_t)c->m);
	int *cur = xmalloc(sizeof(int) * (size_t)c->ns);
	int i, k, a, p, s, o;

	for (i = 0; i < c->npairs; i++)
		left[i] = mcf_flow(c->mcf, c->pairs[i].arc);
	for (i = 0; i < c->m; i++)
		rem[i] = c->offers[c->oi[i]].quantity;
	for (s = 0; s < c->ns; s++)
		for (cur[s] = 0; c->offers[c->oi[cur[s]]].zone_id != c->sz[s];)
			cur[s]++;
	for (i = 0; i < c->nruns; i++) {
		struct run *r = &c->runs[i];
		int64_t f = mcf_flow(c->mcf, r->arc);

		for (k = r->start; k < r->start + f; k++) {
			a = c->byzone[k];
			for (p = first[r->g]; left[p] == 0; p++)
				;
			left[p]--;
			s = c->pairs[p].s;
			o = cur[s];
			c->out->offer[c->ni[a]] = c->oi[o];
			c->out->hops[c->ni[a]] = c->pairs[p].hops;
			c->out->km[c->ni[a]] = c->pairs[p].km;
			c->out->assigned++;
			if (--rem[o] > 0)
				continue;
			/* The next offer of the same zone. */
			for (o++; o < c->m &&
			     c->offers[c->oi[o]].zone_id != c->sz[s];
			     o++)
				;
			cur[s] = o;
		}
	}
	free(left);
	free(rem);
	free(cur);
}

/*
 * Per offer zone and urgency, the worst class of an ask left unmet that
 * could have reached it: an ask met there of a better class beat an
 * equal on having waited longer. -1 for none.
 */
static int *
cat_worst_unmet(struct cat *c)
{
	int u = ASSIGN_URGENCY_MAX + 1, i, *zone, *worst;

	zone = xmalloc(sizeof(int) * (size_t)c->ng * (size_t)u);
	worst = xmalloc(sizeof(int) * (size_t)c->ns * (size_t)u);
	for (i = 0; i < c->ng * u; i++)
		zone[i] = -1;
	for (i = 0; i < c->ns * u; i++)
		worst[i] = -1;
	for (i = 0; i < c->n; i++) {
		const struct assign_need *d = &c->needs[c->ni[i]];
		int *w = &zone[c->g[i] * u + d->urgency];

		if (c->out->offer[c->ni[i]] == -1 && c->rank[i] > *w)
			*w = c->rank[i];
	}
	for (i = 0; i < c->npairs * u; i++) {
		const struct pair *p = &c->pairs[i / u];
		int from = zone[p->g * u + i % u],
		    *w = &worst[p->s * u + i % u];

		if (from > *w)
			*w = from;
	}
	free(zone);
	return worst;
}

static unsigned
hops_reason(int hops)
{
	if (hops == 0)
		return 1u << ASSIGN_SAME_ZONE;
	return 1u << (hops == 1 ? ASSIGN_ADJACENT_ZONE : ASSIGN_NEARBY_ZONE);
}

/* Why each ask of the category was met, or not. */
static void
cat_reasons(struct cat *c, const int *first)
{
	int u = ASSIGN_URGENCY_MAX + 1, *worst = cat_worst_unmet(c);
	int i, p, reachable, o, s;

	for (i = 0; i < c->n; i++) {
		const struct assign_need *d = &c->needs[c->ni[i]];
		unsigned *why = &c->out->reasons[c->ni[i]];

		reachable = 0;
		for (p = first[c->g[i]]; p < first[c->g[i] + 1]; p++)
			reachable += c->soffers[c->pairs[p].s];
		o = c->out->offer[c->ni[i]];
		if (o == -1) {
			*why = 1u << (reachable == 0 ? ASSIGN_OUT_OF_REACH
						     : ASSIGN_OFFERS_TAKEN);
			continue;
		}
		s = zone_at(c->sz, c->ns, c->offers[o].zone_id);
		*why = hops_reason(c->out->hops[c->ni[i]]);
		if (d->urgency == ASSIGN_URGENCY_MAX)
			*why |= 1u << ASSIGN_URGENT;
		if (d->served_at == NULL)
			*why |= 1u << ASSIGN_NEVER_SERVED;
		if (worst[s * u + d->urgency] > c->rank[i])
			*why |= 1u << ASSIGN_WAITED_LONGEST;
		if (reachable == 1)
			*why |= 1u << ASSIGN_ONLY_OFFER;
	}
	free(worst);
}

static void
cat_free(struct cat *c)
{
	free(c->rank);
	free(c->g);
	free(c->gz);
	free(c->sz);
	free(c->scap);
	free(c->soffers);
	free(c->pairs);
	free(c->runs);
	free(c->byzone);
	mcf_free(c->mcf);
}

/* One category: n asks from ni, m offers from oi (m may be 0). */
static int
cat_solve(struct cat *c)
{
	int *first, i, rc = 0;

	if (c->m == 0) {
		for (i = 0; i < c->n; i++)
			c->out->reasons[c->ni[i]] = 1u << ASSIGN_NO_OFFER;
		return 0;
	}
	cat_nodes(c);
	cat_pairs(c);
	cat_runs(c);
	if (cat_network(c) == -1) {
		rc = -1;
		goto out;
	}
	first = cat_pairs_by_zone(c);
	cat_expand(c, first);
	cat_reasons(c, first);
	free(first);
out:
	cat_free(c);
	return rc;
}

static void
result_init(struct assign_result *out, size_t n)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->n = n;
	out->offer = xmalloc(sizeof(int) * (n ? n : 1));
	out->hops = xcalloc(n ? n : 1, sizeof(int));
	out->km = xcalloc(n ? n : 1, sizeof(double));
	out->reasons = xcalloc(n ? n : 1, sizeof(unsigned));
	for (i = 0; i < n; i++)
		out->offer[i] = -1;
}

void
assign_result_free(struct assign_result *out)
{
	free(out->offer);
	free(out->hops);
	free(out->km);
	free(out->reasons);
	memset(out, 0, sizeof(*out));
}

int
assign_solve(const struct assign_need *needs, size_t nneeds,
    const struct assign_offer *offers, size_t noffers,
    const struct assign_reach *reach, struct assign_result *out)
{
	int *ni = xmalloc(sizeof(int) * (nneeds ? nneeds : 1));
	int *oi = xmalloc(sizeof(int) * (noffers ? noffers : 1));
	size_t i, j = 0, k, e;
	int rc = 0;

	result_init(out, nneeds);
	for (i = 0; i < nneeds; i++)
		ni[i] = (int)i;
	for (i = 0; i < noffers; i++)
		oi[i] = (int)i;
	qsort_r(ni, nneeds, sizeof(int), need_cmp, (void *)needs);
	qsort_r(oi, noffers, sizeof(int), offer_cmp, (void *)offers);
	for (i = 0; i < nneeds && rc == 0; i = e) {
		struct cat c = { .needs = needs,
			.offers = offers,
			.reach = reach,
			.out = out,
			.ni = ni + i };
		const char *cat = needs[ni[i]].category;

		for (e = i;
		     e < nneeds && strcmp(needs[ni[e]].category, cat) == 0;)
			e++;
		while (j < noffers && strcmp(offers[oi[j]].category, cat) < 0)
			j++;
		for (k = j;
		     k < noffers && strcmp(offers[oi[k]].category, cat) == 0;)
			k++;
		c.oi = oi + j;
		c.n = (int)(e - i);
		c.m = (int)(k - j);
		rc = cat_solve(&c);
	}
	free(ni);
	free(oi);
	if (rc == -1)
		assign_result_free(out);
	return rc;
}
