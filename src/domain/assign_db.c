/*
 * Batch matching over the database: the open asks and offers read, the
 * assignment solved (assign.c) and said as JSON, or applied all together
 * through match_apply_many with an audit entry per match.
 */
#include <math.h>
#include <string.h>

#include "assign.h"
#include "audit.h"
#include "match.h"
#include "reach.h"
#include "tx.h"
#include "zone.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/banned.h"

enum stmt {
	STMT_NEEDS,
	STMT_NEEDS_ZONE,
	STMT_OFFERS,
	STMT_ZONES,
	STMT__MAX,
};

/*
 * When a person was last served: the latest match of one of their asks
 * that is matched now or was fulfilled (a match that fell through, its
 * ask open again, does not count).
 */
#define SERVED                                                                 \
	"LEFT JOIN (SELECT n2.person_id, max(m.matched_at) AS served_at "      \
	"FROM need_match m JOIN need n2 ON n2.id = m.need_id "                 \
	"WHERE n2.status IN ('matched', 'fulfilled') "                         \
	"GROUP BY n2.person_id) s ON s.person_id = n.person_id "

static const char *const stmts[STMT__MAX] = {
	/* STMT_NEEDS: oldest first, the order that breaks the last ties */
	"SELECT n.id, n.zone_id, n.category, n.urgency, s.served_at "
	"FROM need n " SERVED "WHERE n.status = 'open' "
	"ORDER BY n.created_at, n.id",
	/* STMT_NEEDS_ZONE */
	"SELECT n.id, n.zone_id, n.category, n.urgency, s.served_at "
	"FROM need n " SERVED "WHERE n.status = 'open' AND n.zone_id = ? "
	"ORDER BY n.created_at, n.id",
	/* STMT_OFFERS: what each can still meet, oldest first */
	"SELECT o.id, o.zone_id, o.category, "
	"coalesce(o.quantity, 1) - coalesce(u.used, 0) AS quantity "
	"FROM offer o LEFT JOIN (SELECT offer_id, count(*) AS used "
	"FROM need_match WHERE ended_at IS NULL AND offer_id IS NOT NULL "
	"GROUP BY offer_id) u ON u.offer_id = o.id "
	"WHERE o.status = 'open' ORDER BY o.created_at, o.id",
	/* STMT_ZONES */
	"SELECT id, name FROM zone",
};

/* What one run reads and solves; the rows hold the strings borrowed. */
struct plan {
	json_t *need_rows, *offer_rows, *zone_names;
	struct assign_need *needs;
	struct assign_offer *offers;
	size_t nneeds, noffers;
	struct reach *reach;
	int radius;
	struct assign_result r;
};

static int
plan_hops(void *arg, int64_t from, int64_t to)
{
	const struct plan *pl = arg;
	int h = reach_hops(pl->reach, from, to);

	return h <= pl->radius ? h : -1;
}

static double
plan_km(void *arg, int64_t from, int64_t to)
{
	const struct plan *pl = arg;

	return reach_km(pl->reach, from, to);
}

static int64_t
row_int(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* The rows as the solver's arrays; offers used up are left out. */
static void
plan_arrays(struct plan *pl)
{
	size_t i, n = json_array_size(pl->need_rows);
	json_t *row;

	pl->needs = xmalloc(sizeof(*pl->needs) * (n ? n : 1));
	json_array_foreach (pl->need_rows, i, row)
		pl->needs[pl->nneeds++] = (struct assign_need){
			row_int(row, "id"), row_int(row, "zone_id"),
			json_string_value(json_object_get(row, "category")),
			(int)row_int(row, "urgency"),
			json_string_value(json_object_get(row, "served_at"))
		};
	n = json_array_size(pl->offer_rows);
	pl->offers = xmalloc(sizeof(*pl->offers) * (n ? n : 1));
	json_array_foreach (pl->offer_rows, i, row)
		if (row_int(row, "quantity") > 0)
			pl->offers[pl->noffers++] = (struct assign_offer){
				row_int(row, "id"), row_int(row, "zone_id"),
				json_string_value(
				    json_object_get(row, "category")),
				row_int(row, "quantity")
			};
}

static void
plan_free(struct plan *pl)
{
	json_decref(pl->need_rows);
	json_decref(pl->offer_rows);
	json_decref(pl->zone_names);
	free(pl->needs);
	free(pl->offers);
	reach_free(pl->reach);
	assign_result_free(&pl->r);
}

/* The rows of statement k into *out: 0, or -1 with p said at once. */
static int
plan_rows(struct db *db, enum stmt k, const struct db_val *args, size_t n,
    json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[k], args, n);
	return *out == NULL ? tx_problem(db, p) : 0;
}

/* Read the asks (of zone, or all when 0), the offers and the zone graph. */
static int
plan_load(struct db *db, int64_t zone, int detail, struct plan *pl,
    struct problem *p)
{
	struct db_val arg = DBV_INT(zone);
	int rc;

	if (zone != 0) {
		rc = zone_exists(db, zone);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID, "err_no_zone",
			    "zone_id", 0);
	}
	if (plan_rows(db, zone != 0 ? STMT_NEEDS_ZONE : STMT_NEEDS, &arg,
		zone != 0, &pl->need_rows, p) == -1 ||
	    plan_rows(db, STMT_OFFERS, NULL, 0, &pl->offer_rows, p) == -1 ||
	    (detail &&
		plan_rows(db, STMT_ZONES, NULL, 0, &pl->zone_names, p) == -1) ||
	    reach_load(db, &pl->reach, p) == -1)
		return -1;
	plan_arrays(pl);
	return 0;
}

static int
plan_solve(struct plan *pl, struct problem *p)
{
	const struct assign_reach reach = { plan_hops, plan_km, pl };

	if (assign_solve(pl->needs, pl->nneeds, pl->offers, pl->noffers, &reach,
		&pl->r) == -1)
		return problem_set(p, PROBLEM_CONFLICT, "err_assign_too_many",
		    NULL, 0);
	return 0;
}

/* The codes of a set of reasons, in their order. */
static json_t *
plan_reasons(unsigned set)
{
	json_t *codes = json_array();
	int k;

	for (k = 0; k < ASSIGN_REASON__MAX; k++)
		if (set & (1u << k))
			json_array_append_new(codes,
			    json_string(assign_reason_codes[k]));
	return codes;
}

/* The one reason an ask was left unassigned. */
static const char *
plan_reason(unsigned set)
{
	int k;

	for (k = 0; k < ASSIGN_REASON__MAX - 1; k++)
		if (set & (1u << k))
			break;
	return assign_reason_codes[k];
}

/* A zone's name from the rows of STMT_ZONES, for the page. */
static json_t *
plan_zone_name(const struct plan *pl, int64_t id)
{
	json_t *row;
	size_t i;

	json_array_foreach (pl->zone_names, i, row)
		if (row_int(row, "id") == id)
			return json_incref(json_object_get(row, "name"));
	return json_null();
}

/* What a page shows beside an ask: its category, urgency and zone. */
static void
plan_detail(const struct plan *pl, size_t i, json_t *row)
{
	const struct assign_need *d = &pl->needs[i];
	int o = pl->r.offer[i];

	json_object_set_new(row, "category", json_string(d->category));
	json_object_set_new(row, "urgency", json_integer(d->urgency));
	json_object_set_new(row, "zone_id", json_integer(d->zone_id));
	json_object_set_new(row, "zone", plan_zone_name(pl, d->zone_id));
	if (o == -1)
		return;
	json_object_set_new(row, "offer_zone_id",
	    json_integer(pl->offers[o].zone_id));
	json_object_set_new(row, "offer_zone",
	    plan_zone_name(pl, pl->offers[o].zone_id));
}

/*
 * {"assignments":[{need_id, offer_id, cost, reasons}], "unassigned":
 * [{need_id, reason}]}, the asks oldest first; with detail, plan_detail's
 * keys too.
 */
static json_t *
plan_json(const struct plan *pl, int detail)
{
	json_t *met = json_array(), *unmet = json_array(), *row;
	size_t i;
	int o;

	for (i = 0; i < pl->nneeds; i++) {
		o = pl->r.offer[i];
		if (o == -1)
			row = json_pack("{s:I,s:s}", "need_id",
			    (json_int_t)pl->needs[i].id, "reason",
			    plan_reason(pl->r.reasons[i]));
		else
			row = json_pack("{s:I,s:I,s:f,s:o}", "need_id",
			    (json_int_t)pl->needs[i].id, "offer_id",
			    (json_int_t)pl->offers[o].id, "cost",
			    round(assign_cost(pl->r.hops[i], pl->r.km[i]) *
				1000) /
				1000,
			    "reasons", plan_reasons(pl->r.reasons[i]));
		if (detail)
			plan_detail(pl, i, row);
		json_array_append_new(o == -1 ? unmet : met, row);
	}
	return json_pack("{s:o,s:o}", "assignments", met, "unassigned", unmet);
}

int
assign_plan(struct db *db, int64_t zone, int radius, int detail, json_t **out,
    struct problem *p)
{
	struct plan pl = { .radius = radius };
	int rc = -1;

	if (plan_load(db, zone, detail, &pl, p) == 0 &&
	    plan_solve(&pl, p) == 0) {
		*out = plan_json(&pl, detail);
		rc = 0;
	}
	plan_free(&pl);
	return rc;
}

int
assign_preview(struct db *db, int64_t zone, int radius, int detail,
    json_t **out, struct problem *p)
{
	int rc;

	if (db_begin_read(db) == -1)
		return tx_problem(db, p);
	rc = assign_plan(db, zone, radius, detail, out, p);
	db_rollback(db);
	return rc;
}

/* An assignment's reason codes as match_apply takes them: malloc'd. */
static char *
apply_reasons(json_t *codes)
{
	struct buf text = BUF_INIT;
	json_t *code;
	size_t i;

	json_array_foreach (codes, i, code) {
		if (i > 0)
			buf_addc(&text, ' ');
		buf_adds(&text, json_string_value(code));
	}
	return buf_detach(&text, NULL);
}

/*
 * The assignments made together (match_apply_many) by the viewer, and an
 * audit entry "match.assign" for each ask.
 */
static int
apply_all(struct db *db, const struct viewer *v, json_t *met, struct problem *p)
{
	size_t n = json_array_size(met), i;
	struct match_pick *picks = xmalloc(sizeof(*picks) * (n ? n : 1));
	int64_t *asks = xmalloc(sizeof(*asks) * (n ? n : 1));
	char **reasons = xmalloc(sizeof(*reasons) * (n ? n : 1));
	json_t *row;
	int rc;

	json_array_foreach (met, i, row) {
		asks[i] = row_int(row, "need_id");
		reasons[i] = apply_reasons(json_object_get(row, "reasons"));
		picks[i] = (struct match_pick){ asks[i],
			row_int(row, "offer_id"), reasons[i] };
	}
	rc = match_apply_many(db, picks, n, v != NULL ? v->user_id : 0, p);
	if (rc == 0 &&
	    audit_log_many(db, v, "match.assign", "need", asks, n) == -1)
		rc = tx_problem(db, p);
	for (i = 0; i < n; i++)
		free(reasons[i]);
	free(reasons);
	free(picks);
	free(asks);
	return rc;
}

int
assign_apply(struct db *db, const struct viewer *v, int64_t zone, int radius,
    int detail, json_t **out, struct problem *p)
{
	if (assign_plan(db, zone, radius, detail, out, p) == -1)
		return -1;
	if (apply_all(db, v, json_object_get(*out, "assignments"), p) == -1) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
