/* Campaigns: the list, the form, a campaign's page and what is done on it. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/action.h"
#include "domain/campaign.h"
#include "domain/input.h"
#include "domain/outcome.h"
#include "render/i18n.h"
#include "util/banned.h"

const struct field campaigns_new_fields[CAMPAIGNS_NEW__MAX + 1] = {
	[CAMPAIGNS_NEW_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CAMPAIGNS_NEW_GRIEVANCE_IDS] = { "grievance_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_GRIEVANCES_MAX, NULL },
	[CAMPAIGNS_NEW_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_PEOPLE_MAX, NULL },
	[CAMPAIGNS_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

void
campaigns_label(const char *lang, json_t *rows, const char *key,
    const char *prefix)
{
	char id[64], out[64];
	const char *v;
	json_t *row;
	size_t i;

	snprintf(out, sizeof(out), "%s_label", key);
	json_array_foreach (rows, i, row) {
		v = json_string_value(json_object_get(row, key));
		if (v == NULL)
			continue;
		snprintf(id, sizeof(id), "%s%s", prefix, v);
		json_object_set_new(row, out, json_string(i18n_get(lang, id)));
	}
}

/* The closed set names as [{key: name, label}], those equal to chosen
 * marked selected. */
static json_t *
campaigns_choices(const char *lang, const char *const *names, const char *key,
    const char *prefix, json_t *chosen)
{
	json_t *list = json_array(), *row;
	int i;

	for (i = 0; names[i] != NULL; i++) {
		row = json_pack("{s:s}", key, names[i]);
		if (json_is_string(chosen) &&
		    strcmp(json_string_value(chosen), names[i]) == 0)
			json_object_set_new(row, "selected", json_true());
		json_array_append_new(list, row);
	}
	campaigns_label(lang, list, key, prefix);
	return list;
}

/* GET /campaigns — 422 on a bad filter; the campaigns, newest first. */
void
campaigns_list(struct request *req, struct view *v)
{
	if (campaign_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	i18n_label(req->lang, json_object_get(v->data, "items"));
	json_object_set_new(v->data, "statuses",
	    campaigns_choices(req->lang, campaign_statuses, "status", "status_",
		input_get(req->input, campaign_list_fields,
		    CAMPAIGN_LIST_STATUS)));
	pager_add(req, v->data);
	v->template = "campaigns";
}

/* Mark the rows of list whose id is in ids (an array, or one value). */
static void
campaigns_mark(json_t *list, json_t *ids, const char *flag)
{
	json_t *row, *one;
	int64_t n;
	size_t i, j;

	json_array_foreach (list, i, row) {
		int64_t id = json_integer_value(json_object_get(row, "id"));

		if (!json_is_array(ids) && options_int(ids, &n) == 0 && n == id)
			json_object_set_new(row, flag, json_true());
		json_array_foreach (ids, j, one)
			if (options_int(one, &n) == 0 && n == id)
				json_object_set_new(row, flag, json_true());
	}
}

void
campaigns_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *opts = NULL,
	       *people = json_object_get(values, "person_ids"), *ids;
	struct problem p = { 0 };

	/* The people sent: typed ids from a query, text from a form. */
	ids = json_array();
	if (json_is_array(people)) {
		json_t *one;
		size_t i;
		int64_t n;

		json_array_foreach (people, i, one)
			if (options_int(one, &n) == 0 && n > 0)
				json_array_append_new(ids, json_integer(n));
	}
	if (campaign_options(req->db, ids, &opts, &p) == 0) {
		campaigns_mark(json_object_get(opts, "targets"),
		    json_object_get(values, "target_id"), "selected");
		campaigns_mark(json_object_get(opts, "grievances"),
		    json_object_get(values, "grievance_ids"), "checked");
		json_object_update(data, opts);
		json_decref(opts);
	}
	json_decref(ids);
}

/*
 * GET /campaigns/new — 422 on a bad id; the form, prefilled from the
 * query (target_id, grievance_ids, person_ids): from "what people face".
 */
void
campaigns_new(struct request *req, struct view *v)
{
	v->data = json_pack("{s:O}", "values", req->input);
	campaigns_form(req, v->data);
	v->template = "campaign_form";
}

/*
 * POST /campaigns — 422 naming demand, target_id, grievance_ids or
 * person_ids, nothing written; 201 with the campaign, researching.
 */
void
campaigns_create(struct request *req, struct view *v)
{
	if (campaign_create(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	i18n_label(req->lang, v->data);
	view_created(v, 201, "/campaigns/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/* For each list of the page, has_KEY: whether it holds anything. */
static void
campaigns_has(json_t *data)
{
	static const char *const keys[] = { "supporters", "may_support",
		"actions", "outcomes", "timeline" };
	char flag[32];
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(flag, sizeof(flag), "has_%s", keys[i]);
		json_object_set_new(data, flag,
		    json_boolean(
			json_array_size(json_object_get(data, keys[i])) > 0));
	}
}

/* What the campaign page shows besides the campaign: 0, or -1 with p. */
static int
campaigns_more(struct request *req, int64_t id, json_t *data, struct problem *p)
{
	json_t *actions = NULL, *outcomes = NULL, *timeline = NULL;

	if (action_list(req->db, id, &actions, p) == -1 ||
	    outcome_list(req->db, id, &outcomes, p) == -1 ||
	    campaign_timeline(req->db, id, &timeline, p) == -1) {
		json_decref(actions);
		json_decref(outcomes);
		return -1;
	}
	campaigns_label(req->lang, actions, "kind", "action_kind_");
	campaigns_label(req->lang, outcomes, "result", "result_");
	campaigns_timeline(req->lang, timeline);
	i18n_label(req->lang, json_object_get(data, "moves"));
	i18n_label(req->lang, data);
	json_object_set_new(data, "actions", actions);
	json_object_set_new(data, "outcomes", outcomes);
	json_object_set_new(data, "timeline", timeline);
	campaigns_has(data);
	json_object_set_new(data, "action_kinds",
	    campaigns_choices(req->lang, action_kinds, "kind", "action_kind_",
		NULL));
	json_object_set_new(data, "results",
	    campaigns_choices(req->lang, outcome_results, "result", "result_",
		NULL));
	return 0;
}

/* GET /campaigns/:id — 404; the campaign, its actions, outcomes, timeline. */
void
campaigns_show(struct request *req, struct view *v)
{
	if (campaign_find(req->db, req->id, &v->data, &v->problem) == -1)
		return;
	if (campaigns_more(req, req->id, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
		return;
	}
	v->template = "campaign";
}

/* The campaign page again around a form sent with an error. */
static void
campaigns_again(struct request *req, json_t *data, const char *which)
{
	json_t *c = NULL;
	struct problem p = { 0 };

	if (campaign_find(req->db, req->id, &c, &p) == -1)
		return;
	if (campaigns_more(req, req->id, c, &p) == 0)
		json_object_update(data, c);
	json_decref(c);
	json_object_set_new(data, which, json_true());
}

void
campaigns_action_form(struct request *req, json_t *data)
{
	campaigns_again(req, data, "again_action");
	options_mark(json_object_get(data, "action_kinds"), "kind",
	    json_object_get(json_object_get(data, "values"), "kind"));
}

void
campaigns_outcome_form(struct request *req, json_t *data)
{
	campaigns_again(req, data, "again_outcome");
	/* The action form above has a "date" too. */
	json_object_set_new(data, "anchors",
	    json_pack("{s:s}", "date", "outcome-date"));
	options_mark(json_object_get(data, "results"), "result",
	    json_object_get(json_object_get(data, "values"), "result"));
}

void
campaigns_people_form(struct request *req, json_t *data)
{
	campaigns_again(req, data, "again_people");
	/* Whichever list was sent, the message is by the name's field. */
	json_object_set_new(data, "anchors",
	    json_pack("{s:s}", "person_ids", "supporter-first_name"));
}

/* After a change to the campaign: 200 with it, the page in HTML. */
static void
campaigns_changed(struct request *req, struct view *v)
{
	view_created(v, 200, "/campaigns/%lld", req->id);
	if (campaign_find(req->db, req->id, &v->data, &v->problem) == 0)
		i18n_label(req->lang, v->data);
}

/*
 * POST /campaigns/:id/status — 404, 409 on a move the order forbids
 * (researching -> organizing -> escalating -> won | lost | dropped),
 * nothing written; 200 with the campaign.
 */
void
campaigns_status(struct request *req, struct view *v)
{
	if (campaign_move(req->db, req->id, req->input, &req->audit,
		&v->problem) == -1)
		return;
	campaigns_changed(req, v);
}

/*
 * POST /campaigns/:id/supporters — 404, 422 naming person_ids (none
 * picked, or an id of no one); 200 with the campaign, the people (and a
 * new one by first_name) among its supporters.
 */
void
campaigns_support(struct request *req, struct view *v)
{
	if (campaign_supporters(req->db, req->id, req->input, 0, &v->problem) ==
	    -1)
		return;
	campaigns_changed(req, v);
}

/* POST /campaigns/:id/supporters/remove — as above, the people taken off. */
void
campaigns_unsupport(struct request *req, struct view *v)
{
	if (campaign_supporters(req->db, req->id, req->input, 1, &v->problem) ==
	    -1)
		return;
	campaigns_changed(req, v);
}

/*
 * POST /campaigns/:id/actions — 404, 422 naming kind, date or place,
 * nothing written; 201 with the action, whose page takes the RSVPs.
 */
void
campaigns_action(struct request *req, struct view *v)
{
	if (action_create(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/actions/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * POST /campaigns/:id/outcomes — 404, 422 naming result, what, date or
 * amount (at most two decimals), nothing written; 201 with the outcome.
 */
void
campaigns_outcome(struct request *req, struct view *v)
{
	if (outcome_create(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/campaigns/%lld", req->id);
	v->id = json_integer_value(json_object_get(v->data, "id"));
}

/*
 * Each timeline entry flagged by its kind (is_conversation, is_action,
 * is_outcome), with code_label: the kind of action, the result; and an
 * outcome's amount as text.
 */
void
campaigns_timeline(const char *lang, json_t *timeline)
{
	static const struct {
		const char *kind, *flag, *prefix;
	} kinds[] = {
		{ "conversation", "is_conversation", "how_" },
		{ "action", "is_action", "action_kind_" },
		{ "outcome", "is_outcome", "result_" },
	};
	char id[64];
	json_t *row, *c;
	size_t i, k;

	json_array_foreach (timeline, i, row) {
		const char *kind = json_string_value(
		    json_object_get(row, "kind"));

		for (k = 0;
		     kind != NULL && k < sizeof(kinds) / sizeof(kinds[0]);
		     k++) {
			if (strcmp(kind, kinds[k].kind) != 0)
				continue;
			json_object_set_new(row, kinds[k].flag, json_true());
			snprintf(id, sizeof(id), "%s%s", kinds[k].prefix,
			    json_string_value(json_object_get(row, "code")));
			json_object_set_new(row, "code_label",
			    json_string(i18n_get(lang, id)));
		}
		c = json_object_get(row, "amount_cents");
		if (json_is_integer(c))
			json_object_set_new(row, "amount",
			    json_sprintf("%lld.%02lld",
				(long long)(json_integer_value(c) / 100),
				(long long)(json_integer_value(c) % 100)));
	}
}
