/* A session's page: the working page at the table, and what is done there. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/attendance.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "domain/session.h"
#include "domain/tap.h"
#include "http/origin.h"
#include "domain/shift.h"
#include "render/i18n.h"
#include "render/qr.h"
#include "util/banned.h"

/* The blank rows of a sign-in sheet: what one A4 page holds below the QR. */
#define SESSIONS_SHEET_ROWS 22

static const char *const sessions_only[] = { "found", NULL };

const struct field sessions_show_fields[SESSIONS_SHOW__MAX + 1] = {
	[SESSIONS_SHOW_Q] = { "q", FIELD_LINE, 0, 1, 100, NULL },
	[SESSIONS_SHOW_ONLY] = { "only", FIELD_CHOICE, 0, 0, 0, sessions_only },
	[SESSIONS_SHOW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * The session page's data: the session, its shifts, who came, what it
 * gave out, the choices.
 */
static int
sessions_page(struct request *req, int64_t id, struct view *v, const char *q,
    json_t **out, struct problem *p)
{
	json_t *came = NULL, *one, *roles;
	int i, has_shifts = 0;

	if (session_find_shifts(req->db, id, out, &has_shifts, p) == -1)
		return -1;
	if (attendance_list(req->db, id, &came, p) == -1 ||
	    shifts_of_session(req, id, has_shifts, *out, p) == -1 ||
	    giveout_session_add(req, id, *out, p) == -1 ||
	    people_found(req, v, q, *out, p) == -1) {
		json_decref(came);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	/* Volunteers at the table see first names, as on an ask. */
	privacy_each(&req->viewer, came, privacy_person_brief);
	i18n_label_as(req->lang, came, "role", "attendance_role_");
	json_object_set_new(*out, "attendance", came);
	json_object_set_new(*out, "attended",
	    json_integer((json_int_t)json_array_size(came)));
	roles = json_array();
	for (i = 0; attendance_roles[i] != NULL; i++)
		json_array_append_new(roles,
		    json_pack("{s:s,s:b}", "role", attendance_roles[i],
			"selected", i == 0));
	i18n_label_as(req->lang, roles, "role", "attendance_role_");
	json_object_set_new(*out, "roles", roles);
	json_object_set_new(*out, "base",
	    json_sprintf("/sessions/%lld", (long long)id));
	one = json_pack("[O]", *out);
	i18n_label_as(req->lang, one, "kind", "program_kind_");
	i18n_label_as(req->lang, one, "status", "session_status_");
	json_decref(one);
	json_object_set_new(*out, "is_cancelled",
	    json_boolean(
		strcmp(json_string_value(json_object_get(*out, "status")),
		    "cancelled") == 0));
	json_object_set_new(*out, "is_held",
	    json_boolean(
		strcmp(json_string_value(json_object_get(*out, "status")),
		    "held") == 0));
	return 0;
}

/*
 * The search alone, for the search as you type (static/find.js): the
 * same people the page would list, without the page's attendance, shifts
 * and choices built again at every key. 404, as the page.
 */
static void
sessions_found(struct request *req, struct view *v, const char *q)
{
	json_t *session = NULL;

	if (session_find(req->db, req->id, &session, &v->problem) == -1)
		return;
	json_decref(session);
	v->data = json_object();
	if (people_found(req, v, q, v->data, &v->problem) == -1) {
		json_decref(v->data);
		v->data = NULL;
	}
}

/*
 * GET /sessions/:id — 404; the session, who came, and with ?q= the
 * people found to sign in (organizers and above: by name; coordinators
 * and admins by phone too, each one found recorded; 503 if it cannot be).
 * In JSON, ?only=found answers {q, searched, found, has_found} alone
 * (none of them when nothing is searched); HTML is the page either way.
 */
void
sessions_show(struct request *req, struct view *v)
{
	const char *q = input_text(req->input, sessions_show_fields,
	    SESSIONS_SHOW_Q);
	const char *only = input_text(req->input, sessions_show_fields,
	    SESSIONS_SHOW_ONLY);

	if (req->want_json && only != NULL) {
		sessions_found(req, v, q);
		return;
	}
	if (sessions_page(req, req->id, v, q, &v->data, &v->problem) == -1)
		return;
	v->template = "session";
}

/* The page of session id again around a form sent with an error. */
void
sessions_form_of(struct request *req, int64_t id, json_t *data)
{
	json_t *s = NULL;
	struct problem p = { 0 };

	if (sessions_page(req, id, NULL, NULL, &s, &p) == 0)
		json_object_update_missing(data, s);
	json_decref(s);
}

/* The session page again around a form sent with an error. */
void
sessions_form(struct request *req, json_t *data)
{
	sessions_form_of(req, req->id, data);
}

/* The next days the lists of sessions look at: two weeks from today. */
#define SESSIONS_DAYS 14

const struct field sessions_list_fields[SESSIONS_LIST__MAX + 1] = {
	[SESSIONS_LIST_UNDERSTAFFED] = { "understaffed", FIELD_INT, 0, 0, 1,
	    NULL },
	[SESSIONS_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * GET /sessions — the sessions scheduled in the next 14 days, each with
 * the helpers its shifts need, have and still need; ?understaffed=1
 * only those still short of helpers. 422 naming understaffed.
 */
void
sessions_list(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN], last[CIVIL_DATE_LEN];
	json_t *in = input_get(req->input, sessions_list_fields,
		   SESSIONS_LIST_UNDERSTAFFED),
	       *items = NULL;
	int understaffed = in != NULL && json_integer_value(in) == 1;

	/* From today: a page kept past midnight would start a day late. */
	v->nocache = 1;
	programs_today(today);
	civil_add_days(today, SESSIONS_DAYS - 1, last);
	if (shift_sessions(req->db, today, last, understaffed, &items,
		&v->problem) == -1)
		return;
	v->data = json_pack("{s:o,s:I,s:b,s:s,s:s}", "items", items, "total",
	    (json_int_t)json_array_size(items), "understaffed", understaffed,
	    "from", today, "to", last);
	v->template = "sessions";
}

/* After a change: 200 with the session, the page in HTML. */
static void
sessions_changed(struct request *req, struct view *v)
{
	view_created(v, 200, "/sessions/%lld", req->id);
}

/*
 * POST or PATCH /sessions/:id — 404, 422 naming notes, education,
 * materials or status, 409 naming status (a cancelled session said
 * held), nothing written; 200 with the session.
 */
void
sessions_update(struct request *req, struct view *v)
{
	if (session_update(req->db, req->id, req->input, &req->audit, &v->data,
		&v->problem) == -1)
		return;
	sessions_changed(req, v);
}

/*
 * POST /sessions/:id/move — 404, 422 naming date, start or end, 409 when
 * it is not scheduled, nothing written; 200 with the session.
 */
void
sessions_move(struct request *req, struct view *v)
{
	if (session_move(req->db, req->id, req->input, &v->data, &v->problem) ==
	    -1)
		return;
	sessions_changed(req, v);
}

/*
 * POST /sessions/:id/cancel — 404, 422 naming reason, 409 when it is not
 * scheduled, nothing written; 200 with the session, cancelled.
 */
void
sessions_cancel(struct request *req, struct view *v)
{
	if (session_cancel(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	sessions_changed(req, v);
}

/*
 * POST /sessions/:id/attendance — 404, 422 naming person_id, name or
 * role, 409 (cancelled, or signed in already), nothing written; 201 with
 * the row, and a browser back on the session's page.
 */
void
sessions_attend(struct request *req, struct view *v)
{
	if (attendance_add(req->db, req->id, req->input, &v->data,
		&v->problem) == -1)
		return;
	i18n_label_as(req->lang, v->data, "role", "attendance_role_");
	view_created(v, 201, "/sessions/%lld", req->id);
}

/* The counter page's data: the session as its page names it, the total. */
static int
sessions_counter_page(struct request *req, json_t **out, struct problem *p)
{
	json_t *count = NULL;
	const char *status;

	if (session_find(req->db, req->id, out, p) == -1)
		return -1;
	if (tap_find(req->db, req->id, req->viewer.user_id, &count, p) == -1) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	json_object_update(*out, count);
	json_decref(count);
	status = json_string_value(json_object_get(*out, "status"));
	json_object_set_new(*out, "is_cancelled",
	    json_boolean(status != NULL && strcmp(status, "cancelled") == 0));
	return 0;
}

/*
 * GET /sessions/:id/count — 404; {count, mine} (mine: the viewer's taps
 * they may still undo) with the session, and its page: one large button.
 */
void
sessions_counter(struct request *req, struct view *v)
{
	if (sessions_counter_page(req, &v->data, &v->problem) == -1)
		return;
	/* The total moves by the second while the table is busy. */
	v->nocache = 1;
	v->template = "session_count";
}

/* The counter page again around a tap refused. */
void
sessions_counter_form(struct request *req, json_t *data)
{
	json_t *s = NULL;
	struct problem p = { 0 };

	if (sessions_counter_page(req, &s, &p) == 0)
		json_object_update_missing(data, s);
	json_decref(s);
}

/*
 * POST /sessions/:id/count — {"delta": 1} a tap, -1 an undo of the
 * tapper's own last one: 422 naming delta; 404; 409 when the session is
 * cancelled, or naming delta when the tapper has no tap left to undo;
 * nothing written. 200 with {count}; a browser back on the counter. Runs
 * outside route_write (ROUTE_OWN_TX): tap_add groups the taps of a rush
 * into shared commits, and the tap table is the trail of who tapped, so
 * no audit entry doubles each one (docs/privacy.md).
 */
void
sessions_tap(struct request *req, struct view *v)
{
	json_t *delta = input_get(req->input, tap_fields, TAP_DELTA);
	int64_t count = 0;

	if (tap_add(req->db, req->id, req->viewer.user_id,
		json_integer_value(delta), &count, &v->problem) == -1)
		return;
	v->data = json_pack("{s:I}", "count", (json_int_t)count);
	view_created(v, 200, "/sessions/%lld/count", req->id);
}

/*
 * The sheet's QR code: the session's page on this server, where people are
 * signed in. From the configured address, or else the request's checked
 * Host, the page then kept out of the cache and saying so (origin.h);
 * with neither, no code and the page's path. Sets sign_in_url,
 * url_guessed, and qr {version, width, side, path} in data: the
 * template draws the path in a square of side units (qr.h).
 */
static void
sessions_sheet_qr(struct request *req, struct view *v, json_t *data)
{
	char origin[ORIGIN_LEN], url[ORIGIN_LEN + 32];
	struct buf path = { 0 };
	int how = origin_of(req, origin), version, width;

	if (how != 1) {
		v->nocache = 1;
		json_object_set_new(data, "url_guessed", json_true());
	}
	snprintf(url, sizeof(url), "%s/sessions/%lld", how == -1 ? "" : origin,
	    (long long)req->id);
	json_object_set_new(data, "sign_in_url", json_string(url));
	if (how == -1 || qr_path(url, &path, &version, &width) == -1)
		return;
	json_object_set_new(data, "qr",
	    json_pack("{s:i,s:i,s:i,s:s%}", "version", version, "width", width,
		"side", width + 2 * QR_QUIET, "path", path.ptr, path.len));
	buf_free(&path);
}

/*
 * GET /sessions/:id/sheet — 404; the printable sign-in sheet: the
 * program, the date, the times and the place, a QR code of the session's
 * page, and blank numbered rows for first names. Nobody who came is on
 * it: a printed sheet left on a table is no list of people.
 */
void
sessions_sheet(struct request *req, struct view *v)
{
	static const char *const keep[] = { "id", "program_id", "program_name",
		"kind", "zone_name", "address", "date", "start", "end",
		"status", "cancel_reason", NULL };
	json_t *s = NULL, *rows, *one;
	int i;

	if (session_find(req->db, req->id, &s, &v->problem) == -1)
		return;
	v->data = json_object();
	for (i = 0; keep[i] != NULL; i++)
		json_object_set(v->data, keep[i], json_object_get(s, keep[i]));
	json_decref(s);
	one = json_pack("[O]", v->data);
	i18n_label_as(req->lang, one, "kind", "program_kind_");
	i18n_label_as(req->lang, one, "status", "session_status_");
	json_decref(one);
	rows = json_array();
	for (i = 1; i <= SESSIONS_SHEET_ROWS; i++)
		json_array_append_new(rows, json_pack("{s:i}", "n", i));
	json_object_set_new(v->data, "rows", rows);
	sessions_sheet_qr(req, v, v->data);
	v->template = "session_sheet";
}
