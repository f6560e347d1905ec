/* A session's shifts: adding them, signing up and off, the weekly roster. */
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/privacy.h"
#include "domain/shift.h"
#include "util/civil.h"
#include "util/banned.h"

const struct field roster_fields[ROSTER__MAX + 1] = {
	[ROSTER_WEEK] = { "week", FIELD_LINE, 0, 1, 8, NULL },
	[ROSTER__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * Reduce the people of each shift of shifts to what the viewer may see
 * (first names below organizer, as on a session's attendance) and mark
 * what the viewer may do: signed_up on a shift they are on, may_cancel
 * on their own sign-up and, for a coordinator, on anyone's.
 */
static void
shifts_mark(struct request *req, json_t *shifts)
{
	json_t *shift, *people, *row;
	size_t i, j;
	int64_t who;
	int mine;

	json_array_foreach (shifts, i, shift) {
		people = json_object_get(shift, "people");
		privacy_each(&req->viewer, people, privacy_person_brief);
		mine = 0;
		json_array_foreach (people, j, row) {
			who = json_integer_value(
			    json_object_get(row, "person_id"));
			if (who != 0 && who == req->viewer.person_id)
				mine = 1;
			json_object_set_new(row, "may_cancel",
			    json_boolean(who != 0 &&
				(who == req->viewer.person_id ||
				    req->viewer.role >= ROLE_COORDINATOR)));
		}
		json_object_set_new(shift, "signed_up", json_boolean(mine));
		json_object_set_new(shift, "has_people",
		    json_boolean(json_array_size(people) > 0));
	}
}

int
shifts_of_session(struct request *req, int64_t id, int any, json_t *data,
    struct problem *p)
{
	json_t *shifts = NULL;

	if (!any)
		shifts = json_array();
	else if (shift_of_session(req->db, id, &shifts, p) == -1)
		return -1;
	shifts_mark(req, shifts);
	json_object_set_new(data, "shifts", shifts);
	return 0;
}

/*
 * POST /sessions/:id/shifts — 404; 409 when the session is cancelled or
 * held; 422 naming name or needed, nothing written; 201 with the shift,
 * a browser back on the session's page.
 */
void
shifts_add(struct request *req, struct view *v)
{
	if (shift_add(req->db, req->id, req->input, &v->data, &v->problem) ==
	    -1)
		return;
	view_created(v, 201, "/sessions/%lld", req->id);
}

/* The session's page again around the shift form, its errors by it. */
void
shifts_add_form(struct request *req, json_t *data)
{
	/* The attendance form has a name too: it must not show this error. */
	json_object_set_new(data, "shift_again", json_true());
	sessions_form(req, data);
}

/*
 * Whom a sign-up or a cancel is for: person_id when given, else the
 * viewer's own person. Below coordinator, only oneself: 403 naming
 * person_id. 0, or -1 with p.
 */
static int
shifts_who(struct request *req, int64_t *person_id, struct problem *p)
{
	json_t *given = input_get(req->input, shift_who_fields,
	    SHIFT_WHO_PERSON_ID);

	*person_id = given != NULL ? json_integer_value(given)
				   : req->viewer.person_id;
	if (*person_id == 0)
		return problem_set(p, PROBLEM_INVALID, "err_shift_who",
		    "person_id", 0);
	if (*person_id != req->viewer.person_id &&
	    req->viewer.role < ROLE_COORDINATOR)
		return problem_set(p, PROBLEM_FORBIDDEN, "err_shift_others",
		    "person_id", 0);
	return 0;
}

/* The session of the shift a request names, or 0. */
static int64_t
shifts_session_of(struct request *req)
{
	struct problem p = { 0 };
	json_t *shift = NULL;
	int64_t id = 0;

	if (shift_find(req->db, req->id, &shift, &p) == 0)
		id = json_integer_value(json_object_get(shift, "session_id"));
	json_decref(shift);
	return id;
}

/* The session's page again around a sign-up or cancel sent with an error. */
void
shifts_again(struct request *req, json_t *data)
{
	int64_t id = shifts_session_of(req);

	if (id != 0)
		sessions_form_of(req, id, data);
}

/*
 * POST /shifts/:id/signup — person_id, or the viewer's own person: 404;
 * 403 naming person_id for someone else below coordinator; 422 naming
 * person_id (no such person); 409 when the shift is full, the person is
 * on it already or the session is not scheduled; nothing written. 201
 * with the sign-up, a browser back on the session's page.
 */
void
shifts_signup(struct request *req, struct view *v)
{
	int64_t person_id;

	if (shifts_who(req, &person_id, &v->problem) == -1 ||
	    shift_signup(req->db, req->id, person_id, &v->data, &v->problem) ==
		-1)
		return;
	privacy_person_brief(&req->viewer, v->data);
	view_created(v, 201, "/sessions/%lld",
	    json_integer_value(json_object_get(v->data, "session_id")));
}

/*
 * POST /shifts/:id/cancel — person_id, or the viewer's own person: 404,
 * 403 and 422 as a sign-up; 409 naming person_id when they are not on
 * it; nothing written. 200 with the shift, its place free again.
 */
void
shifts_cancel(struct request *req, struct view *v)
{
	int64_t person_id;

	if (shifts_who(req, &person_id, &v->problem) == -1 ||
	    shift_cancel(req->db, req->id, person_id, &v->data, &v->problem) ==
		-1)
		return;
	view_created(v, 200, "/sessions/%lld",
	    json_integer_value(json_object_get(v->data, "session_id")));
}

/*
 * GET /roster?week=YYYY-Www — the week's sessions (this week by
 * default), not cancelled, each with its shifts and who is on them: 422
 * naming week when it is not an ISO week.
 */
void
shifts_roster(struct request *req, struct view *v)
{
	char today[CIVIL_DATE_LEN], monday[CIVIL_DATE_LEN],
	    sunday[CIVIL_DATE_LEN], other[CIVIL_DATE_LEN], week[CIVIL_WEEK_LEN],
	    prev[CIVIL_WEEK_LEN], next[CIVIL_WEEK_LEN];
	const char *asked = input_text(req->input, roster_fields, ROSTER_WEEK);
	json_t *items = NULL, *session;
	size_t i;

	if (asked == NULL) {
		/* This week: a page kept past Sunday would show the last. */
		v->nocache = 1;
		programs_today(today);
		civil_week(today, week);
	} else if (strlen(asked) < sizeof(week))
		memcpy(week, asked, strlen(asked) + 1);
	else
		week[0] = '\0';
	if (civil_week_monday(week, monday) == -1) {
		problem_set(&v->problem, PROBLEM_INVALID, "err_week", "week",
		    0);
		return;
	}
	civil_add_days(monday, 6, sunday);
	civil_add_days(monday, -7, other);
	civil_week(other, prev);
	civil_add_days(monday, 7, other);
	civil_week(other, next);
	if (shift_roster(req->db, monday, sunday, &items, &v->problem) == -1)
		return;
	json_array_foreach (items, i, session)
		shifts_mark(req, json_object_get(session, "shifts"));
	v->data = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:I}", "week", week,
	    "first", monday, "last", sunday, "prev_week", prev, "next_week",
	    next, "items", items, "total", (json_int_t)json_array_size(items));
	v->template = "roster";
}
