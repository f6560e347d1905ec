/*
 * Tasks: follow-ups for coordinators. Each says who is to do it (a user,
 * or any coordinator), about which person and/or ask, why (a code from
 * task_whys, shown in words), by when, and how it ended (done or skipped,
 * when, by whom). The system leaves them (an expired claim); later rules
 * add more reasons to task_whys.
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

/* The list's filters (GET /tasks), then paging. */
enum task_list_key {
	TASK_LIST_STATUS,
	TASK_LIST_LIMIT,
	TASK_LIST_OFFSET,
	TASK_LIST__MAX,
};

extern const struct field task_list_fields[TASK_LIST__MAX + 1];

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
 * The tasks, open first, then by due date; filtered by status; paged.
 * Each row: {id, user_id, login, person_id, person_name, need_id, why,
 * due_at, status, created_at, closed_at, closed_by, closed_login}. 0 and
 * the listing in *out, or -1 with p.
 */
int task_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Close open task id as status ("done" or "skipped") by v, inside the
 * caller's transaction: 404 when there is none, 409 when it is closed
 * already. 0 and the task in *out, or -1 with p.
 */
int task_close(struct db *, const struct viewer *, int64_t id,
    const char *status, json_t **out, struct problem *);

#endif
