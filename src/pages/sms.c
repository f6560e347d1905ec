/* Texts: what a gateway posts, and the list coordinators read. */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/sms.h"
#include "domain/sms_gateway.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

/*
 * A form's fields are read as the gateway sends them; these are declared
 * only so the form decoder has its list of fields (none is a list).
 */
const struct field sms_inbound_fields[] = {
	{ "From", FIELD_LINE, 0, 0, 0, NULL },
	{ "Body", FIELD_TEXT, 0, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

/*
 * POST /sms/inbound/SECRET — 404 for a secret of no gateway (nothing
 * written); 422 without From or Body, or for a number that is none; 200
 * with what the text did (sms.h): any reply waits in the outbox. Another
 * event of the Android gateway (sms:sent…) is answered 200, ignored.
 */
void
sms_inbound(struct request *req, struct view *v)
{
	const char *secret = strrchr(req->path, '/') + 1;
	struct sms_text text;
	json_t *gateway = NULL;
	int rc;

	rc = sms_gateway_by_secret(req->db, secret, &gateway);
	if (rc == -1) {
		tx_problem(req->db, &v->problem);
		return;
	}
	if (rc == 0) {
		problem_set(&v->problem, PROBLEM_NOT_FOUND, "err_not_found",
		    NULL, 0);
		return;
	}
	rc = sms_read(req->input, &text, &v->problem);
	if (rc == 1)
		sms_receive(req->db, gateway, &text, &v->data, &v->problem);
	else if (rc == 0)
		v->data = json_pack("{s:s}", "done", "ignored");
	json_decref(gateway);
}

/* The choices of a filter, the one in force selected, labelled. */
static json_t *
sms_choices(struct request *req, const char *const *choices, int key,
    const char *prefix)
{
	const char *now = input_text(req->input, sms_list_fields, key);
	json_t *list = json_array();
	size_t i;

	for (i = 0; choices[i] != NULL; i++)
		json_array_append_new(list,
		    json_pack("{s:s,s:b}", "value", choices[i], "selected",
			now != NULL && strcmp(now, choices[i]) == 0));
	i18n_label_as(req->lang, list, "value", prefix);
	return list;
}

/*
 * GET /sms — 422 on a bad filter; the texts, newest first (each number
 * as its last four digits), with the outbox's counts by status.
 */
void
sms_show(struct request *req, struct view *v)
{
	json_t *items;

	if (sms_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	items = json_object_get(v->data, "items");
	i18n_label_as(req->lang, items, "status", "sms_status_");
	i18n_label_as(req->lang, items, "direction", "sms_direction_");
	i18n_label_as(req->lang, json_object_get(v->data, "counts"), "status",
	    "sms_status_");
	json_object_set_new(v->data, "has_counts",
	    json_boolean(
		json_array_size(json_object_get(v->data, "counts")) > 0));
	json_object_set(v->data, "filter", req->input);
	json_object_set_new(v->data, "directions",
	    sms_choices(req, sms_directions, SMS_LIST_DIRECTION,
		"sms_direction_"));
	json_object_set_new(v->data, "statuses",
	    sms_choices(req, sms_statuses, SMS_LIST_STATUS, "sms_status_"));
	json_object_set_new(v->data, "has_gateway",
	    json_boolean(sms_gateway_count(req->db) > 0));
	pager_add(req, v->data);
	v->template = "sms";
}
