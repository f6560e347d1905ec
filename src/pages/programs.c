/* Programs: the list, the form, a program's page, its sessions. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pages.h"
#include "domain/figures.h"
#include "domain/input.h"
#include "domain/program.h"
#include "domain/session.h"
#include "render/i18n.h"
#include "util/civil.h"
#include "util/banned.h"

/* The network's date today, where its sessions are counted from. */
void
programs_today(char out[CIVIL_DATE_LEN])
{
	civil_today(time(NULL), out);
}

/* Weekday numbers (1 Monday) as the reader's day names, "weekday_label". */
static void
programs_days(const char *lang, json_t *rows)
{
	char id[32];
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		snprintf(id, sizeof(id), "when_wday_%lld",
		    (long long)(json_integer_value(
				    json_object_get(row, "weekday")) %
			7));
		json_object_set_new(row, "weekday_label",
		    json_string(i18n_get(lang, id)));
	}
}

void
programs_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values"), *opts = NULL;
	struct problem p = { 0 };

	if (program_options(req->db, &opts, &p) == 0) {
		options_mark(json_object_get(opts, "zones"), "id",
		    json_object_get(values, "zone_id"));
		options_mark(json_object_get(opts, "leads"), "id",
		    json_object_get(values, "lead_person_id"));
		json_object_update(data, opts);
		json_decref(opts);
	}
	/* A schedule sent as JSON slots is shown as text to edit. */
	if (json_is_array(json_object_get(values, "schedule")))
		json_object_del(values, "schedule");
	json_object_set_new(data, "kinds",
	    options_kinds(req->lang, program_kinds, "program_kind_",
		json_object_get(values, "kind")));
}

/* GET /programs — every program, by name, with its next session. */
void
programs_list(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN];

	programs_today(today);
	if (program_list(req->db, today, &v->data, &v->problem) == -1)
		return;
	i18n_label_as(req->lang, json_object_get(v->data, "items"), "kind",
	    "program_kind_");
	v->template = "programs";
}

/* GET /programs/new — the form. */
void
programs_new(struct request *req, struct view *v)
{
	v->data = json_pack("{s:{}}", "values");
	programs_form(req, v->data);
	v->template = "program_form";
}

/*
 * POST /programs — 422 naming name, kind, zone_id, address, schedule,
 * lead_person_id or starts_on, nothing written; 201 with the program,
 * its sessions made for the next 8 weeks.
 */
void
programs_create(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN];

	programs_today(today);
	if (program_create(req->db, req->input, today, &v->data, &v->problem) ==
	    -1)
		return;
	view_created(v, 201, "/programs/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
}

/*
 * The program page's data: the program, its figures and its sessions to
 * come.
 */
static int
programs_page(struct request *req, json_t **out, struct problem *p)
{
	char today[CIVIL_DATE_LEN];
	json_t *sessions = NULL, *figures = NULL, *one;

	programs_today(today);
	if (program_find(req->db, req->id, out, p) == -1)
		return -1;
	if (figures_program(req->db, req->id, &figures, p) == -1 ||
	    program_sessions(req->db, req->id, today, &sessions, p) == -1) {
		json_decref(figures);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	i18n_label_as(req->lang, json_object_get(sessions, "items"), "status",
	    "session_status_");
	json_object_set_new(*out, "figures", figures);
	json_object_set_new(*out, "sessions", sessions);
	programs_days(req->lang, json_object_get(*out, "schedule"));
	one = json_pack("[O]", *out);
	i18n_label_as(req->lang, one, "kind", "program_kind_");
	json_decref(one);
	return 0;
}

/*
 * GET /programs/:id — 404; the program, its figures (figures.h) and its
 * sessions to come.
 */
void
programs_show(struct request *req, struct view *v)
{
	if (programs_page(req, &v->data, &v->problem) == -1)
		return;
	v->template = "program";
}

/* The program page again around the one-off session's form. */
void
programs_again(struct request *req, json_t *data)
{
	json_t *prog = NULL;
	struct problem p = { 0 };

	if (programs_page(req, &prog, &p) == 0)
		json_object_update_missing(data, prog);
	json_decref(prog);
}

/* GET /programs/:id/edit — 404; the form with the program's values. */
void
programs_edit(struct request *req, struct view *v)
{
	json_t *prog = NULL;

	if (program_find(req->db, req->id, &prog, &v->problem) == -1)
		return;
	json_object_set(prog, "schedule",
	    json_object_get(prog, "schedule_text"));
	v->data = json_pack("{s:o,s:I}", "values", prog, "editing",
	    (json_int_t)req->id);
	programs_form(req, v->data);
	v->template = "program_form";
}

void
programs_edit_form(struct request *req, json_t *data)
{
	json_object_set_new(data, "editing", json_integer(req->id));
	programs_form(req, data);
}

/*
 * POST or PATCH /programs/:id — 404, 422 as for a new one, nothing
 * written; 200 with the program. New slots replace the sessions to come
 * that nobody touched.
 */
void
programs_update(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN];

	programs_today(today);
	if (program_update(req->db, req->id, req->input, today, &req->audit,
		&v->data, &v->problem) == -1)
		return;
	view_created(v, 200, "/programs/%lld", req->id);
}

/*
 * GET /programs/:id/sessions — 404, 422 naming from (not a date); the
 * sessions from that local date (today by default), in order.
 */
void
programs_sessions(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN];
	const char *from = input_text(req->input, program_sessions_fields,
	    PROGRAM_SESSIONS_FROM);

	if (from != NULL && !civil_date_ok(from)) {
		problem_set(&v->problem, PROBLEM_INVALID, "err_date", "from",
		    0);
		return;
	}
	programs_today(today);
	if (program_sessions(req->db, req->id, from != NULL ? from : today,
		&v->data, &v->problem) == -1)
		return;
	i18n_label_as(req->lang, json_object_get(v->data, "items"), "status",
	    "session_status_");
	json_object_set_new(v->data, "program_id", json_integer(req->id));
	v->template = "program_sessions";
}

/*
 * POST /programs/:id/sessions — 404, 422 naming date, start or end,
 * nothing written; 201 with the one-off session.
 */
void
programs_session_add(struct request *req, struct view *v)
{
	if (session_add(req->db, req->id, req->input, &v->data, &v->problem) ==
	    -1)
		return;
	view_created(v, 201, "/sessions/%lld",
	    json_integer_value(json_object_get(v->data, "id")));
	v->id = req->id;
}
