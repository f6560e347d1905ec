/*
 * A campaign's actions (a petition, a delegation, a protest, a rally, a
 * strike), who said they would come and who came, and the structure
 * test: of the people who share the campaign's grievances, the share who
 * took part. Taking part is political: a forget or a purge empties the
 * row's person (retention.c) and keeps its counts.
 */
#ifndef ACTION_H
#define ACTION_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The kinds of action, NULL-ended. */
extern const char *const action_kinds[];

enum action_key {
	ACTION_KIND,
	ACTION_DATE,
	ACTION_PLACE,
	ACTION_NOTES,
	ACTION__MAX,
};

extern const struct field action_fields[ACTION__MAX + 1];

/*
 * People marked at an action: those picked (campaign_pick_fields' names)
 * and whether they said they would come and whether they came, each 0
 * or 1 (absent: 0), set on every one of them.
 */
enum action_mark_key {
	ACTION_MARK_PERSON_IDS,
	ACTION_MARK_FIRST_NAME,
	ACTION_MARK_RSVP,
	ACTION_MARK_ATTENDED,
	ACTION_MARK__MAX,
};

extern const struct field action_mark_fields[ACTION_MARK__MAX + 1];

/*
 * Add an action to the campaign id, inside the caller's transaction:
 * 404 without the campaign, 422 naming date when it is no calendar date
 * (YYYY-MM-DD). 0 and the action as action_find shows it, or -1 with p.
 */
int action_create(struct db *, int64_t campaign_id, json_t *in, json_t **out,
    struct problem *);
/*
 * The action id: {id, campaign_id, demand, kind, at, place, notes,
 * people: [{person_id, name, rsvp, attended, affected}], structure}; 404
 * when there is none. structure is as action_list gives each. 0, or -1.
 */
int action_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The actions of the campaign id, latest first, each {id, kind, at,
 * place, rsvps, attended, structure: {affected, took_part, share}}:
 * affected is the number of people who share the campaign's grievances,
 * took_part those of them who came, share the percentage rounded (null
 * when nobody is affected). 0, or -1 with p.
 */
int action_list(struct db *, int64_t campaign_id, json_t **out,
    struct problem *);
/*
 * Mark the people of in (action_mark_fields) at the action id: 404, 422
 * (naming person_ids). 0, or -1 with p.
 */
int action_mark(struct db *, int64_t id, json_t *in, struct problem *);
/*
 * For the action's page: the people to pick from, [{id, name,
 * affected}]: those of the campaign's grievances and its supporters, or,
 * with q, the people whose name holds q (at most 20). 0, or -1 with p.
 */
int action_candidates(struct db *, int64_t id, const char *q, json_t **out,
    struct problem *);

#endif
