/*
 * Delivery runs: the asks one driver has claimed, grouped into one trip,
 * the stops in the order of a short route over the asks' zones
 * (util/tour.h). A coordinator makes a run of claims the driver holds;
 * the driver and coordinators see it, nobody else (a 404: another
 * volunteer's runs are not there at all). A run stores ids only: what a
 * stop is about, and the person's contact on the sheet, are read through
 * its claim when shown, so a claim released since shows no contact.
 */
#ifndef RUN_H
#define RUN_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* The most stops one run takes: one printed page holds 15 comfortably. */
#define RUN_STOPS_MAX 30

/* The input of a new run. */
enum run_key {
	RUN_DRIVER_ID,
	RUN_CLAIM_IDS,
	RUN__MAX,
};

extern const struct field run_fields[RUN__MAX + 1];

/* The filters and paging of the list of runs. */
enum run_list_key {
	RUN_LIST_DRIVER_ID,
	RUN_LIST_LIMIT,
	RUN_LIST_OFFSET,
	RUN_LIST__MAX,
};

extern const struct field run_list_fields[RUN_LIST__MAX + 1];

/*
 * Make a run, inside the caller's transaction (tx.h), for the driver
 * RUN_DRIVER_ID of the claims RUN_CLAIM_IDS: 422 naming driver_id when
 * there is no such login, it is disabled or an organizer's (organizers
 * do not claim, privacy.h), naming claim_ids (with the
 * first bad id as the message's {n}) when a claim is not one the driver
 * holds now on an ask still open or matched. The stops are put in route
 * order. 0 and the run as run_find shows it to v, or -1 with p.
 */
int run_create(struct db *, const struct viewer *, json_t *in, json_t **out,
    struct problem *);
/*
 * The run id as v may see it: 404 when there is none, or v neither
 * drives it nor is a coordinator. {id, driver_id, driver_login, by_login,
 * created_at, km, located, unlocated, stops: [...]}; each stop {position,
 * claim_id, need_id, first_name, category, urgency, status, zone_id,
 * zone_name, located, held, details while held}. With sheet set, each
 * held stop also carries the phone and the address, and the run
 * "contact_of", the ids of the people whose contact it shows, which the
 * caller records (privacy_seen) and removes before showing it. 0, or -1
 * with p.
 */
int run_find(struct db *, const struct viewer *, int64_t id, int sheet,
    json_t **out, struct problem *);
/*
 * The runs v may see, newest first: a coordinator's all (or the driver
 * RUN_LIST_DRIVER_ID's), anyone else's their own. 0 and the list, or -1.
 */
int run_list(struct db *, const struct viewer *, json_t *in, json_t **out,
    struct problem *);
/*
 * For the form: the logins holding active claims on asks still waiting
 * (organizers' left out),
 * [{id, login, claims_held}] by login. 0, or -1 with p.
 */
int run_drivers(struct db *, json_t **out, struct problem *);
/*
 * For the form: the active claims driver holds on asks still waiting,
 * [{claim_id, need_id, person_name, category, urgency, zone_name,
 * located}], at most 200, oldest claim first. 0, or -1 with p.
 */
int run_claims(struct db *, int64_t driver, json_t **out, struct problem *);

#endif
