/* Delivery runs: the list, the form of a driver's claims, a run, its sheet. */
#include "pages.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "domain/run.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

const struct field runs_new_fields[RUNS_NEW__MAX + 1] = {
	[RUNS_NEW_DRIVER_ID] = { "driver_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[RUNS_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* GET /runs — 422 on a bad filter; the runs the viewer may see. */
void
runs_list(struct request *req, struct view *v)
{
	if (run_list(req->db, &req->viewer, req->input, &v->data,
		&v->problem) == -1)
		return;
	json_object_set_new(v->data, "can_make",
	    json_boolean(privacy_sees_all(&req->viewer)));
	pager_add(req, v->data);
	v->template = "runs";
}

/* Whether id is among the claim ids the form sent (one, or a list). */
static int
runs_sent(json_t *sent, int64_t id)
{
	json_t *one;
	int64_t n;
	size_t i;

	if (!json_is_array(sent))
		return options_int(sent, &n) == 0 && n == id;
	json_array_foreach (sent, i, one)
		if (options_int(one, &n) == 0 && n == id)
			return 1;
	return 0;
}

/*
 * The driver's claims as checkboxes: those sent ticked again, or on a
 * first look the first RUN_STOPS_MAX, since a run usually takes them all.
 */
static void
runs_claims(struct request *req, json_t *data, json_t *values, int64_t driver)
{
	json_t *claims = NULL, *sent = json_object_get(values, "claim_ids"),
	       *row;
	int again = req->method != METHOD_GET;
	struct problem p = { 0 };
	size_t i;

	if (run_claims(req->db, driver, &claims, &p) == -1)
		return;
	json_array_foreach (claims, i, row) {
		int64_t id = json_integer_value(
		    json_object_get(row, "claim_id"));

		json_object_set_new(row, "checked",
		    json_boolean(
			again ? runs_sent(sent, id) : i < RUN_STOPS_MAX));
	}
	i18n_label(req->lang, claims);
	json_object_set_new(data, "claims", claims);
}

void
runs_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *drivers = NULL, *row;
	struct problem p = { 0 };
	int64_t driver = 0;
	size_t i;

	options_int(json_object_get(values, "driver_id"), &driver);
	if (run_drivers(req->db, &drivers, &p) == -1)
		return;
	json_array_foreach (drivers, i, row) {
		int mine = json_integer_value(json_object_get(row, "id")) ==
		    driver;

		json_object_set_new(row, "selected", json_boolean(mine));
		if (mine)
			json_object_set(data, "driver", row);
	}
	json_object_set_new(data, "has_drivers",
	    json_boolean(json_array_size(drivers) > 0));
	json_object_set_new(data, "drivers", drivers);
	json_object_set_new(data, "max_stops", json_integer(RUN_STOPS_MAX));
	if (json_object_get(data, "driver") != NULL)
		runs_claims(req, data, values, driver);
	else
		/* No driver chosen, no claims shown: choose one first. */
		json_object_set_new(data, "anchors",
		    json_pack("{s:s}", "claim_ids", "driver_id"));
}

/*
 * GET /runs/new — the drivers holding claims; with ?driver_id= that
 * driver's claims as checkboxes, the form of POST /runs.
 */
void
runs_new(struct request *req, struct view *v)
{
	v->data = json_pack("{s:O}", "values", req->input);
	runs_form(req, v->data);
	v->template = "run_form";
}

/*
 * POST /runs — 422 naming driver_id or claim_ids (a claim the driver
 * does not hold, on an ask no longer waiting), nothing written; 201 with
 * the run, its stops in route order.
 */
void
runs_create(struct request *req, struct view *v)
{
	if (run_create(req->db, &req->viewer, req->input, &v->data,
		&v->problem) == -1)
		return;
	view_created(v, 201, "/runs/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/* The run id as the viewer may see it, on page; 0, or -1 with v's problem. */
static int
runs_find(struct request *req, struct view *v, int sheet, const char *page)
{
	if (run_find(req->db, &req->viewer, req->id, sheet, &v->data,
		&v->problem) == -1)
		return -1;
	i18n_label(req->lang, json_object_get(v->data, "stops"));
	v->template = page;
	return 0;
}

/* GET /runs/:id — 404 unless the driver or a coordinator; the run. */
void
runs_show(struct request *req, struct view *v)
{
	runs_find(req, v, 0, "run");
}

/* Whose contact a sheet shows, to be recorded before it is. */
struct runs_seen {
	const struct viewer *v;
	json_t *people;
};

static int
runs_seen_work(struct db *db, void *arg, struct problem *p)
{
	struct runs_seen *s = arg;
	json_t *id;
	size_t i;

	json_array_foreach (s->people, i, id) {
		if (privacy_seen(db, s->v, json_integer_value(id)) == -1)
			return -1;
	}
	return 0;
}

/*
 * GET /runs/:id/sheet — 404 as for the run, 503 when the views cannot be
 * recorded; the printable sheet: first names, where, what to bring, and
 * the phone and address of each stop whose claim is still held, each
 * such person recorded as a contact view ("view contact") before it is
 * shown, and the page never cached.
 */
void
runs_sheet(struct request *req, struct view *v)
{
	struct runs_seen s = { &req->viewer, NULL };
	struct problem p = { 0 };

	if (runs_find(req, v, 1, "run_sheet") == -1)
		return;
	s.people = json_incref(json_object_get(v->data, "contact_of"));
	json_object_del(v->data, "contact_of");
	json_object_set_new(v->data, "contact_shown",
	    json_boolean(json_array_size(s.people) > 0));
	if (json_array_size(s.people) > 0) {
		/* One entry per person shown, all or none, as a contact page.
		 */
		if (tx_run(req->db, runs_seen_work, &s, &p) == -1) {
			problem_set(&v->problem, PROBLEM_UNAVAILABLE,
			    "err_busy", NULL, 0);
			json_decref(v->data);
			v->data = NULL;
		}
		v->nocache = 1;
	}
	json_decref(s.people);
}
