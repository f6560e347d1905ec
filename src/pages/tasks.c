/* Tasks: an organizer's daily list of follow-ups, and closing one. */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/task.h"
#include "render/i18n.h"
#include "util/clock.h"
#include "util/banned.h"

/* The status filter's choices, the one chosen marked (open unless any). */
static json_t *
tasks_statuses(struct request *req)
{
	const char *chosen = input_text(req->input, task_list_fields,
	    TASK_LIST_STATUS);
	json_t *out = json_array();
	size_t i;

	if (chosen == NULL)
		chosen = "open";
	for (i = 0; task_statuses[i] != NULL; i++)
		json_array_append_new(out,
		    json_pack("{s:s,s:b}", "status", task_statuses[i],
			"selected", strcmp(chosen, task_statuses[i]) == 0));
	i18n_label(req->lang, out);
	return out;
}

/* The outcomes a task can be closed with, labelled, for its buttons. */
static json_t *
tasks_outcomes(struct request *req)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; task_outcomes[i] != NULL; i++)
		json_array_append_new(out,
		    json_pack("{s:s}", "outcome", task_outcomes[i]));
	i18n_label(req->lang, out);
	return out;
}

/* One row of the list, for the page: labels, open, overdue, its forms. */
static void
tasks_row(struct request *req, json_t *row, const char *now, json_t *outcomes)
{
	const char *due = json_string_value(json_object_get(row, "due_at"));
	int open = strcmp(json_string_value(json_object_get(row, "status")),
		       "open") == 0;

	i18n_label(req->lang, row);
	json_object_set_new(row, "is_open", json_boolean(open));
	json_object_set_new(row, "overdue",
	    json_boolean(open && due != NULL && strcmp(due, now) < 0));
	/* An invitation ends with what the person said; others are done. */
	if (open && json_integer_value(json_object_get(row, "rule_id")) != 0)
		json_object_set(row, "outcomes", outcomes);
}

/*
 * GET /tasks — 422 on a bad filter; the follow-ups the viewer may see
 * (task_list), of one status, open by default, overdue first, each with
 * why in words, and the total.
 */
void
tasks_list(struct request *req, struct view *v)
{
	char now[CLOCK_ISO_LEN];
	json_t *row, *outcomes;
	size_t i;

	if (task_list(req->db, &req->viewer, req->input, &v->data,
		&v->problem) == -1)
		return;
	clock_now(now);
	outcomes = tasks_outcomes(req);
	json_array_foreach (json_object_get(v->data, "items"), i, row)
		tasks_row(req, row, now, outcomes);
	json_decref(outcomes);
	json_object_set_new(v->data, "has_items",
	    json_boolean(
		json_array_size(json_object_get(v->data, "items")) > 0));
	json_object_set_new(v->data, "statuses", tasks_statuses(req));
	pager_add(req, v->data);
	/* Overdue is as of now: the page is not kept for later readers. */
	v->nocache = 1;
	v->template = "tasks";
}

/* Close task :id as status; 200 with the task, a browser back to the list. */
static void
tasks_close(struct request *req, struct view *v, const char *status)
{
	if (task_close(req->db, &req->viewer, req->id, status, req->input,
		&v->data, &v->problem) == 0)
		view_created(v, 200, "/tasks", 0);
}

/* POST /tasks/:id/done — 404, 409 when closed already, 422 on a bad
 * outcome; 200 with it. */
void
tasks_done(struct request *req, struct view *v)
{
	tasks_close(req, v, "done");
}

/* POST /tasks/:id/skip — 404, 409 when closed already, 422 on a bad
 * outcome; 200 with it. */
void
tasks_skip(struct request *req, struct view *v)
{
	tasks_close(req, v, "skipped");
}
