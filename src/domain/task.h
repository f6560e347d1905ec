/*
 * Tasks: follow-ups for organizers. Each says who is to do it (a user,
 * or any coordinator), about which person and/or ask, why (a code from
 * task_whys, shown in words), by when, and how it ended (done or skipped,
 * when, by whom, and what the person said: an outcome). The system
 * leaves them (an expired claim), and so do the follow-up rules (rule.h),
 * which also route each by the person's zone.
 */
#ifndef TASK_H
#define TASK_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "listing.h"
#include "viewer.h"
#include "util/problem.h"

/* Why a task exists, NULL-ended; each shown as the catalog's task_why_X. */
extern const char *const task_whys[];
/* The statuses of a task, NULL-ended. */
extern const char *const task_statuses[];
/* How a task ended with its person (accepted, declined, no_answer). */
extern const char *const task_outcomes[];

/* The list's filters (GET /tasks), then paging. */
enum task_list_key {
	TASK_LIST_STATUS,
	TASK_LIST_LIMIT,
	TASK_LIST_OFFSET,
	TASK_LIST__MAX,
};

extern const struct field task_list_fields[TASK_LIST__MAX + 1];

/* What closing a task may say: the outcome. */
enum task_close_key {
	TASK_CLOSE_OUTCOME,
	TASK_CLOSE__MAX,
};

extern const struct field task_close_fields[TASK_CLOSE__MAX + 1];

/* A new task: 0 ids for none; why one of task_whys; due an ISO time. */
struct task_new {
	int64_t user_id;
	int64_t person_id;
	int64_t need_id;
	const char *why;
	const char *due_at;
};

/*
 * Add a task, inside the caller's transaction. 0 with its id in *id, or
 * -1 on a database error.
 */
int task_add(struct db *, const struct task_new *, int64_t *id);
/*
 * The tasks v may see, of one status (open when not filtered), by due
 * date, so that the overdue come first; paged. A volunteer's are those
 * for them; an organizer's those for them and those of their zones;
 * a coordinator's and an admin's all. Each row: {id, user_id, login,
 * person_id, person_name, need_id, zone_id, rule_id, why, reason, due_at,
 * due, status, outcome, created_at, closed_at, closed_by, closed_login}
 * (reason and due: why and due_at again, as the API names them). 0 and
 * the listing in *out, or -1 with p.
 */
int task_list(struct db *, const struct viewer *, json_t *in, json_t **out,
    struct problem *);
/*
 * Close open task id as status ("done" or "skipped") by v, with the
 * outcome of in when it gives one, inside the caller's transaction: 404
 * when there is none or v may not see it, 409 when it is closed already.
 * 0 and the task in *out, or -1 with p.
 */
int task_close(struct db *, const struct viewer *, int64_t id,
    const char *status, json_t *in, json_t **out, struct problem *);
/*
 * The follow-ups about person_id, newest first, at most 50: [{id, why,
 * status, outcome, due_at, created_at, closed_at, closed_login}]. 0, or
 * -1 with p.
 */
int task_of_person(struct db *, int64_t person_id, json_t **out,
    struct problem *);

#endif
