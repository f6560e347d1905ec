/* Tasks: the coordinators' follow-up list, and closing a follow-up. */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/task.h"
#include "render/i18n.h"
#include "util/banned.h"

/* The status filter's choices, the one chosen marked. */
static json_t *
tasks_statuses(struct request *req)
{
	const char *chosen = input_text(req->input, task_list_fields,
	    TASK_LIST_STATUS);
	json_t *out = json_array();
	size_t i;

	for (i = 0; task_statuses[i] != NULL; i++)
		json_array_append_new(out,
		    json_pack("{s:s,s:b}", "status", task_statuses[i],
			"selected",
			chosen != NULL &&
			    strcmp(chosen, task_statuses[i]) == 0));
	i18n_label(req->lang, out);
	return out;
}

/*
 * GET /tasks — 422 on a bad filter; the follow-ups, open first by due
 * date, each with why in words, and the total.
 */
void
tasks_list(struct request *req, struct view *v)
{
	json_t *row;
	size_t i;

	if (task_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	json_array_foreach (json_object_get(v->data, "items"), i, row) {
		i18n_label(req->lang, row);
		json_object_set_new(row, "is_open",
		    json_boolean(strcmp(json_string_value(
					    json_object_get(row, "status")),
				     "open") == 0));
	}
	json_object_set_new(v->data, "has_items",
	    json_boolean(
		json_array_size(json_object_get(v->data, "items")) > 0));
	json_object_set_new(v->data, "statuses", tasks_statuses(req));
	pager_add(req, v->data);
	v->template = "tasks";
}

/* Close task :id as status; 200 with the task, a browser back to the list. */
static void
tasks_close(struct request *req, struct view *v, const char *status)
{
	if (task_close(req->db, &req->viewer, req->id, status, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/tasks", 0);
}

/* POST /tasks/:id/done — 404, 409 when closed already; 200 with it. */
void
tasks_done(struct request *req, struct view *v)
{
	tasks_close(req, v, "done");
}

/* POST /tasks/:id/skip — 404, 409 when closed already; 200 with it. */
void
tasks_skip(struct request *req, struct view *v)
{
	tasks_close(req, v, "skipped");
}
