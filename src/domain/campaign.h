/*
 * Campaigns: a demand on a target, the grievances behind it, the people
 * who back it, and the order its status moves in (researching ->
 * organizing -> escalating -> won | lost | dropped; any other move is a
 * conflict). Its actions are in action.h, what it won or lost in
 * outcome.h; the campaign page reads them all, with one timeline.
 */
#ifndef CAMPAIGN_H
#define CAMPAIGN_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "util/problem.h"

/* The most grievances and supporters one write names. */
#define CAMPAIGN_GRIEVANCES_MAX 20
#define CAMPAIGN_PEOPLE_MAX     200

enum campaign_status {
	CAMPAIGN_RESEARCHING,
	CAMPAIGN_ORGANIZING,
	CAMPAIGN_ESCALATING,
	CAMPAIGN_WON,
	CAMPAIGN_LOST,
	CAMPAIGN_DROPPED,
	CAMPAIGN_STATUS__MAX,
};

/* The status names, NULL-ended, in enum order (for FIELD_CHOICE). */
extern const char *const campaign_statuses[];

/* The input of a new campaign. */
enum campaign_key {
	CAMPAIGN_DEMAND,
	CAMPAIGN_TARGET_ID,
	CAMPAIGN_GRIEVANCE_IDS,
	CAMPAIGN_PERSON_IDS, /* supporters */
	CAMPAIGN__MAX,
};

extern const struct field campaign_fields[CAMPAIGN__MAX + 1];

enum campaign_list_key {
	CAMPAIGN_LIST_STATUS,
	CAMPAIGN_LIST_TARGET_ID,
	CAMPAIGN_LIST_LIMIT,
	CAMPAIGN_LIST_OFFSET,
	CAMPAIGN_LIST__MAX,
};

extern const struct field campaign_list_fields[CAMPAIGN_LIST__MAX + 1];

/* A status move: {status}. */
enum campaign_move_key {
	CAMPAIGN_MOVE_STATUS,
	CAMPAIGN_MOVE__MAX,
};

extern const struct field campaign_move_fields[CAMPAIGN_MOVE__MAX + 1];

/*
 * People picked for a campaign or an action: existing ones by id, and
 * one new person by a first name only (met at the door, at the action).
 */
enum campaign_pick_key {
	CAMPAIGN_PICK_PERSON_IDS,
	CAMPAIGN_PICK_FIRST_NAME,
	CAMPAIGN_PICK__MAX,
};

extern const struct field campaign_pick_fields[CAMPAIGN_PICK__MAX + 1];

/*
 * Make a campaign, inside the caller's transaction: 422 naming target_id
 * (no such target), grievance_ids or person_ids (an id of no row). 0 and
 * the campaign as campaign_find shows it, or -1 with p.
 */
int campaign_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The campaign id: {id, demand, target_id, target_name, status,
 * created_at, updated_at, grievances: [{id, title}], supporters: [{id,
 * name}], may_support: the people of its grievances who are not
 * supporters yet [{id, name}], moves: [{status}]}; 404 when there is
 * none. 0, or -1 with p.
 */
int campaign_find(struct db *, int64_t id, json_t **out, struct problem *);
/* The campaigns, newest first, filtered by status and target_id. */
int campaign_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Move the campaign id to the status in in (campaign_move_fields), noted
 * in note: 404, or 409 naming status when the order forbids the move.
 * 0, or -1 with p.
 */
int campaign_move(struct db *, int64_t id, json_t *in, struct audit_note *note,
    struct problem *);
/* 0 when the campaign id exists, else -1 with a 404 (or the database's). */
int campaign_exists(struct db *, int64_t id, struct problem *);
/* Whether the order allows the move from the status from to to. */
int campaign_allowed(const char *from, const char *to);
/*
 * The ids in (campaign_pick_fields) picks, existing people checked (422
 * naming person_ids) and a first name made a new person: a new array in
 * *ids. 0, or -1 with p.
 */
int campaign_pick(struct db *, json_t *in, json_t **ids, struct problem *);
/*
 * Add the people in (campaign_pick_fields) picks to the supporters of
 * campaign id, or with remove set take them off. 404, 422. 0, or -1.
 */
int campaign_supporters(struct db *, int64_t id, json_t *in, int remove,
    struct problem *);
/*
 * The campaign's one timeline, newest first: its actions, its outcomes,
 * the conversations with the people of its grievances or linked to them,
 * and those of its supporters that name its target, at most 200 entries:
 * [{kind: "conversation" | "action" | "outcome", id, at, what, who,
 * amount_cents}]. A conversation names its person and how it was held, never
 * its notes or assessment (those are on the person's page, where each view is
 * recorded). 0, or -1 with p.
 */
int campaign_timeline(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * For the form: the targets and the most recent grievances, each
 * [{id, name|title}], and the people of ids (FIELD_IDS) as [{id, name}].
 * 0, or -1 with p.
 */
int campaign_options(struct db *, json_t *person_ids, json_t **out,
    struct problem *);

#endif
