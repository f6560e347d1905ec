/* Follow-up rules: the list, and a rule's page with its edit form (admins). */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/rule.h"
#include "render/i18n.h"
#include "util/banned.h"

/* A rule's words: its condition and the task it leaves. */
static void
rules_label(const char *lang, json_t *rule)
{
	i18n_label(lang, rule);
	i18n_label_as(lang, rule, "cond", "rule_cond_");
}

/* GET /rules — every rule, with its condition and task in words. */
void
rules_list(struct request *req, struct view *v)
{
	json_t *row;
	size_t i;

	if (rule_list(req->db, &v->data, &v->problem) == -1)
		return;
	json_array_foreach (json_object_get(v->data, "items"), i, row)
		rules_label(req->lang, row);
	v->template = "rules";
}

/* A value of the form as the text its option carries ("" for none). */
static void
rules_text(json_t *v, char *out, size_t len)
{
	if (json_is_boolean(v))
		snprintf(out, len, "%d", json_is_true(v));
	else if (json_is_integer(v))
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
	else
		snprintf(out, len, "%s",
		    json_is_string(v) ? json_string_value(v) : "");
}

/* Mark selected the row of rows whose key, as text, is the value's. */
static void
rules_select(json_t *rows, const char *key, json_t *value)
{
	char want[32], have[32];
	json_t *row;
	size_t i;

	rules_text(value, want, sizeof(want));
	json_array_foreach (rows, i, row) {
		rules_text(json_object_get(row, key), have, sizeof(have));
		json_object_set_new(row, "selected",
		    json_boolean(strcmp(want, have) == 0));
	}
}

/* The form's choices, each marked as in values. */
static int
rules_choices(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values");
	json_t *whys = json_array(), *on, *users;
	size_t i;

	users = rule_assignees(req->db);
	if (users == NULL) {
		json_decref(whys);
		return -1;
	}
	for (i = 0; rule_whys[i] != NULL; i++)
		json_array_append_new(whys,
		    json_pack("{s:s}", "why", rule_whys[i]));
	i18n_label(req->lang, whys);
	on = json_pack("[{s:i,s:s},{s:i,s:s}]", "value", 1, "label",
	    i18n_get(req->lang, "rule_on"), "value", 0, "label",
	    i18n_get(req->lang, "rule_off"));
	rules_select(whys, "why", input_get(values, rule_fields, RULE_WHY));
	rules_select(users, "id", input_get(values, rule_fields, RULE_USER_ID));
	rules_select(on, "value", input_get(values, rule_fields, RULE_ENABLED));
	json_object_set_new(data, "whys", whys);
	json_object_set_new(data, "assignees", users);
	json_object_set_new(data, "switch", on);
	return 0;
}

/* The rule page: the rule, its values in the form, the choices. */
static int
rules_page(struct request *req, json_t *data, struct problem *p)
{
	json_t *rule = NULL;

	if (rule_find(req->db, req->id, &rule, p) == -1)
		return -1;
	rules_label(req->lang, rule);
	if (json_object_get(data, "values") == NULL)
		json_object_set_new(data, "values",
		    input_values(rule, rule_fields, NULL));
	json_object_set_new(data, "rule", rule);
	if (rules_choices(req, data) == -1)
		return problem_set(p, PROBLEM_UNAVAILABLE, "err_busy", NULL, 0);
	return 0;
}

/* GET /rules/:id — 404; the rule and the form that edits it. */
void
rules_show(struct request *req, struct view *v)
{
	v->data = json_object();
	if (rules_page(req, v->data, &v->problem) == -1)
		return;
	v->template = "rule";
}

/* The rule page again, around its form sent with an error. */
void
rules_edit_form(struct request *req, json_t *data)
{
	struct problem p = { 0 };

	rules_page(req, data, &p);
}

/*
 * POST /rules/:id — 404; 422 naming the field (n, due_days out of
 * range, a task not of the set, a user_id who is no organizer); 200 with
 * the rule, a browser back to its page.
 */
void
rules_update(struct request *req, struct view *v)
{
	if (rule_update(req->db, req->id, req->input, &req->audit, &v->data,
		&v->problem) == 0)
		view_created(v, 200, "/rules/%lld", req->id);
}
