/* /admin/emergency: the emergency purge, from a browser. */
#include <string.h>

#include "pages.h"
#include "domain/emergency.h"
#include "domain/input.h"
#include "domain/tx.h"
#include "domain/user.h"
#include "util/banned.h"

static const char *const emergency_yes[] = { "yes", NULL };

const struct field emergency_fields[EMERGENCY__MAX + 1] = {
	[EMERGENCY_PASSWORD] = { "password", FIELD_LINE, FIELD_REQUIRED, 1, 200,
	    NULL },
	[EMERGENCY_CONFIRM] = { "confirm", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    emergency_yes },
	[EMERGENCY__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* GET /admin/emergency — the form, and what it does. */
void
emergency_show(struct request *req, struct view *v)
{
	v->data = json_pack("{s:{}}", "values");
	v->template = "emergency";
}

/* The form again with its values (never the password) on a 422. */
void
emergency_form(struct request *req, json_t *data)
{
	json_object_del(json_object_get(data, "values"), "password");
}

/*
 * POST /admin/emergency — 422 naming password (not the admin's own,
 * typed again: a session left open is not enough) or confirm; else the
 * purge (emergency.h) in its own transaction, and 200 with what it did.
 * The admin's session ends with every other: the page says to sign in.
 */
void
emergency_run(struct request *req, struct view *v)
{
	struct emergency_counts n;
	struct viewer check;
	int rc;

	if (user_authenticate(req->db, req->viewer.login,
		input_text(req->input, emergency_fields, EMERGENCY_PASSWORD),
		&check) == -1) {
		/* A database that failed is no wrong password: 503 or 500. */
		if (db_errcode(req->db) != DB_OK)
			tx_problem(req->db, &v->problem);
		else
			problem_set(&v->problem, PROBLEM_INVALID,
			    "err_password_wrong",
			    emergency_fields[EMERGENCY_PASSWORD].name, 0);
		return;
	}
	rc = emergency_purge(req->db, &req->viewer, &n, &v->problem);
	if (rc == -1)
		return;
	v->data = json_pack("{s:b,s:I,s:I,s:I,s:b}", "purged", 1, "tables",
	    (json_int_t)n.tables, "cleared", (json_int_t)n.cleared, "deleted",
	    (json_int_t)n.deleted, "files_cleared", rc == 0);
	v->nocache = 1;
	v->template = "emergency";
}
