/*
 * Batch matching: open asks assigned to open offers of their category,
 * within each offer's quantity and within reach, optimally. In order of
 * importance: as many asks met as can be; the most urgent first; among
 * asks equally urgent, the person served least recently (never served
 * first); then the least distance, in hops between zones, then in km
 * between the zones' coordinates where both have them.
 *
 * The solving (assign_solve) is pure and takes its zone graph through
 * callbacks, so that it can be tested against brute force; assign_plan
 * and assign_apply read the database and write through match_apply_many.
 */
#ifndef ASSIGN_H
#define ASSIGN_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/problem.h"

#define ASSIGN_URGENCY_MAX 3
/* Distance in km is counted to this much; farther weighs the same. */
#define ASSIGN_KM_MAX 50

/*
 * An open ask. served_at: the last time the person was served (ISO text,
 * so it sorts), NULL if never. Asks of equal urgency and served_at are
 * equals: the least distance decides between them, then the older ask
 * (the order of the array) within a zone.
 */
struct assign_need {
	int64_t id;
	int64_t zone_id;
	const char *category;
	int urgency; /* 1 .. ASSIGN_URGENCY_MAX */
	const char *served_at;
};

/* An open offer and how many asks it can still meet (>= 1). */
struct assign_offer {
	int64_t id;
	int64_t zone_id;
	const char *category;
	int64_t quantity;
};

/*
 * The zone graph. hops: from an ask's zone to an offer's, 0 for the same
 * zone, -1 when out of reach. km: between two zones, < 0 when either has
 * no coordinates (then km weighs nothing).
 */
struct assign_reach {
	int (*hops)(void *arg, int64_t from, int64_t to);
	double (*km)(void *arg, int64_t from, int64_t to);
	void *arg;
};

/*
 * Why an ask was or was not assigned: reason_<code> in the catalogs, the
 * codes shared with the ranking of one ask's candidates.
 */
enum assign_reason {
	ASSIGN_SAME_ZONE,
	ASSIGN_ADJACENT_ZONE,
	ASSIGN_NEARBY_ZONE,
	ASSIGN_URGENT,
	ASSIGN_NEVER_SERVED,
	ASSIGN_WAITED_LONGEST,
	ASSIGN_ONLY_OFFER,
	ASSIGN_NO_OFFER,
	ASSIGN_OUT_OF_REACH,
	ASSIGN_OFFERS_TAKEN,
	ASSIGN_REASON__MAX,
};

/* The codes, in enum order, NULL-ended. */
extern const char *const assign_reason_codes[ASSIGN_REASON__MAX + 1];

/*
 * What assign_solve decided, one entry per ask, at the ask's index:
 * offer[i] the index of its offer or -1; hops[i] and km[i] the distance
 * (km < 0 unknown); reasons[i] a set of 1u << enum assign_reason, for an
 * unassigned ask exactly one of the last three.
 */
struct assign_result {
	size_t n, assigned;
	int *offer;
	int *hops;
	double *km;
	unsigned *reasons;
};

/*
 * Solve: 0 and *out filled (free it with assign_result_free), or -1 when
 * one category holds too many asks for the weights to stay exact in 64
 * bits (over about 100,000).
 */
int assign_solve(const struct assign_need *, size_t nneeds,
    const struct assign_offer *, size_t noffers, const struct assign_reach *,
    struct assign_result *out);
void assign_result_free(struct assign_result *);

/* The cost shown for an assignment: hops, plus km / 1000. */
double assign_cost(int hops, double km);

/*
 * The assignment the open asks would get now (those of zone; every zone
 * when 0), offers reaching them within radius hops, as a new object in
 * *out: {"assignments":[{"need_id","offer_id","cost","reasons":[codes]}],
 * "unassigned":[{"need_id","reason"}]}, the asks oldest first. With
 * detail each row also has category, urgency, zone_id and zone (its
 * name), and an assignment offer_zone_id and offer_zone. Reads only; a
 * write transaction around it keeps what it read current. 0, or -1 with
 * p: 422 on a zone not there (field zone_id), 409 for too many asks.
 */
int assign_plan(struct db *, int64_t zone, int radius, int detail, json_t **out,
    struct problem *);
/* assign_plan in a read transaction of its own: one snapshot. */
int assign_preview(struct db *, int64_t zone, int radius, int detail,
    json_t **out, struct problem *);
/*
 * assign_plan, then every assignment made, inside the caller's
 * transaction: all together through match_apply_many, by the viewer
 * (NULL: the command line), each with the assignment's reasons and an
 * audit entry "match.assign" for the ask. 0 with *out as assign_plan's,
 * or -1 with p (and nothing in *out): the caller rolls back.
 */
int assign_apply(struct db *, const struct viewer *, int64_t zone, int radius,
    int detail, json_t **out, struct problem *);

#endif
