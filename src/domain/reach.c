/* The zone graph, read once per use and walked in memory. */
#include <math.h>
#include <stdlib.h>

#include "reach.h"
#include "tx.h"
#include "util/mem.h"
#include "util/banned.h"

enum stmt {
	STMT_ZONES,
	STMT_ADJACENT,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ZONES */
	"SELECT id, lat, lon FROM zone ORDER BY id",
	/* STMT_ADJACENT: each zone's neighbours together, in id order */
	"SELECT zone_id, adjacent_id FROM zone_adjacent "
	"ORDER BY zone_id, adjacent_id",
};

struct reach_zone {
	int64_t id;
	double lat, lon;
	int located;
	size_t first, n; /* its neighbours: adj[first .. first + n) */
};

struct reach {
	struct reach_zone *zones; /* by id */
	size_t nzones;
	size_t *adj; /* indexes into zones, each zone's in id order */
	size_t nadj;
};

static int reach_radius_set = REACH_RADIUS_DEFAULT;

void
reach_setup(int radius)
{
	reach_radius_set = radius;
}

int
reach_radius(void)
{
	return reach_radius_set;
}

/* The index of zone id, or -1. */
static ptrdiff_t
reach_index(const struct reach *r, int64_t id)
{
	size_t lo = 0, hi = r->nzones;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->zones[mid].id == id)
			return (ptrdiff_t)mid;
		if (r->zones[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
reach_read_zones(struct reach *r, json_t *rows)
{
	size_t i;
	json_t *row;

	r->nzones = json_array_size(rows);
	r->zones = xcalloc(r->nzones + 1, sizeof(r->zones[0]));
	json_array_foreach (rows, i, row) {
		json_t *lat = json_object_get(row, "lat");
		json_t *lon = json_object_get(row, "lon");

		r->zones[i].id = json_integer_value(json_object_get(row, "id"));
		r->zones[i].located = json_is_number(lat) &&
		    json_is_number(lon);
		r->zones[i].lat = json_number_value(lat);
		r->zones[i].lon = json_number_value(lon);
	}
}

static void
reach_read_adjacent(struct reach *r, json_t *rows)
{
	size_t i;
	json_t *row;

	r->adj = xcalloc(json_array_size(rows) + 1, sizeof(r->adj[0]));
	json_array_foreach (rows, i, row) {
		ptrdiff_t z = reach_index(r,
		    json_integer_value(json_object_get(row, "zone_id")));
		ptrdiff_t a = reach_index(r,
		    json_integer_value(json_object_get(row, "adjacent_id")));

		/* A zone added since the zones were read waits for next time.
		 */
		if (z < 0 || a < 0)
			continue;
		if (r->zones[z].n == 0)
			r->zones[z].first = r->nadj;
		r->zones[z].n++;
		r->adj[r->nadj++] = (size_t)a;
	}
}

int
reach_load(struct db *db, struct reach **out, struct problem *p)
{
	struct reach *r = xcalloc(1, sizeof(*r));
	json_t *zones, *adjacent = NULL;

	*out = NULL;
	if ((zones = db_rows(db, stmts[STMT_ZONES], NULL, 0)) == NULL ||
	    (adjacent = db_rows(db, stmts[STMT_ADJACENT], NULL, 0)) == NULL) {
		json_decref(zones);
		free(r);
		return tx_problem(db, p);
	}
	reach_read_zones(r, zones);
	reach_read_adjacent(r, adjacent);
	json_decref(zones);
	json_decref(adjacent);
	*out = r;
	return 0;
}

void
reach_free(struct reach *r)
{
	if (r == NULL)
		return;
	free(r->zones);
	free(r->adj);
	free(r);
}

/* Whether zone index b is among zone index a's neighbours. */
static int
reach_touch(const struct reach *r, size_t a, size_t b)
{
	const size_t *adj = r->adj + r->zones[a].first;
	size_t lo = 0, hi = r->zones[a].n;

	/* Neighbours are in id order, and so are the indexes. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (adj[mid] == b)
			return 1;
		if (adj[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
reach_hops(const struct reach *r, int64_t a, int64_t b)
{
	ptrdiff_t x = reach_index(r, a), y = reach_index(r, b);
	size_t i;

	if (x < 0 || y < 0)
		return -1;
	if (x == y)
		return 0;
	if (reach_touch(r, (size_t)x, (size_t)y))
		return 1;
	for (i = 0; i < r->zones[x].n; i++)
		if (reach_touch(r, r->adj[r->zones[x].first + i], (size_t)y))
			return 2;
	return -1;
}

double
reach_km(const struct reach *r, int64_t a, int64_t b)
{
	ptrdiff_t x = reach_index(r, a), y = reach_index(r, b);
	const double rad = M_PI / 180, earth = 6371.0;
	double dlat, dlon, h;

	if (x < 0 || y < 0 || !r->zones[x].located || !r->zones[y].located)
		return -1;
	dlat = (r->zones[y].lat - r->zones[x].lat) * rad;
	dlon = (r->zones[y].lon - r->zones[x].lon) * rad;
	h = sin(dlat / 2) * sin(dlat / 2) +
	    cos(r->zones[x].lat * rad) * cos(r->zones[y].lat * rad) *
		sin(dlon / 2) * sin(dlon / 2);
	return 2 * earth * asin(sqrt(h < 1 ? h : 1));
}

/* Add zone index z to ids once (seen marks those added). */
static void
reach_put(const struct reach *r, size_t z, char *seen, int64_t *ids, size_t n,
    size_t *count)
{
	if (seen[z])
		return;
	seen[z] = 1;
	if (*count < n)
		ids[*count] = r->zones[z].id;
	(*count)++;
}

size_t
reach_within(const struct reach *r, int64_t zone, int radius, int64_t *ids,
    size_t n)
{
	ptrdiff_t x = reach_index(r, zone);
	size_t count = 0, i, j;
	char *seen;

	if (x < 0)
		return 0;
	seen = xcalloc(r->nzones, 1);
	reach_put(r, (size_t)x, seen, ids, n, &count);
	if (radius >= 1)
		for (i = 0; i < r->zones[x].n; i++)
			reach_put(r, r->adj[r->zones[x].first + i], seen, ids,
			    n, &count);
	if (radius >= 2)
		for (i = 0; i < r->zones[x].n; i++) {
			const struct reach_zone *a =
			    &r->zones[r->adj[r->zones[x].first + i]];

			for (j = 0; j < a->n; j++)
				reach_put(r, r->adj[a->first + j], seen, ids, n,
				    &count);
		}
	free(seen);
	return count;
}

size_t
reach_zones(const struct reach *r)
{
	return r->nzones;
}
