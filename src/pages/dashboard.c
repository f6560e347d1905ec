/* The dashboard: open asks by category and zone, and the newest asks. */
#include <time.h>

#include "pages.h"
#include "domain/asked.h"
#include "domain/claim.h"
#include "domain/need.h"
#include "domain/privacy.h"
#include "render/i18n.h"
#include "util/clock.h"
#include "util/banned.h"

/* The thank-you page promises a call within two days. */
#define DASHBOARD_CALL_HOURS 48
/* How many unreached asks are listed: the oldest, the most overdue. */
#define DASHBOARD_UNREACHED 20

/*
 * For coordinators: the open asks older than DASHBOARD_CALL_HOURS that no
 * call has reached, oldest first (need_unreached). 0, or -1 with v's
 * problem.
 */
static int
dashboard_unreached(struct request *req, struct view *v)
{
	char before[CLOCK_ISO_LEN];
	json_t *rows;

	clock_iso(time(NULL) - DASHBOARD_CALL_HOURS * 3600, before);
	if (need_unreached(req->db, before, DASHBOARD_UNREACHED, &rows,
		&v->problem) == -1)
		return -1;
	privacy_each(&req->viewer, rows, privacy_need_brief);
	i18n_label(req->lang, rows);
	json_object_set_new(v->data, "unreached", rows);
	json_object_set_new(v->data, "unreached_hours",
	    json_integer(DASHBOARD_CALL_HOURS));
	return 0;
}

/*
 * For a volunteer: the asks a coordinator matched to them that nobody
 * has claimed yet (asked_list). 0, or -1 with v's problem.
 */
static int
dashboard_asked(struct request *req, struct view *v)
{
	json_t *rows;

	if (asked_list(req->db, req->viewer.user_id, &rows, &v->problem) == -1)
		return -1;
	privacy_each(&req->viewer, rows, privacy_need_brief);
	i18n_label(req->lang, rows);
	json_object_set_new(v->data, "asked", rows);
	json_object_set_new(v->data, "show_asked", json_true());
	return 0;
}

/*
 * GET / — the open asks counted by category and zone and the newest asks,
 * within a volunteer's zones (the counts too: how many ask for what
 * elsewhere is not theirs to know) and as the viewer may see them; for
 * coordinators, who reads many contacts (claim_contact_readers) and the
 * asks nobody has reached by phone (dashboard_unreached); for a
 * volunteer, the asks matched to them (dashboard_asked).
 */
void
dashboard_show(struct request *req, struct view *v)
{
	if (need_dashboard(req->db, privacy_zone_user(&req->viewer), &v->data,
		&v->problem) == -1)
		return;
	if (privacy_sees_all(&req->viewer) &&
	    (claim_contact_readers(req->db, v->data, &v->problem) == -1 ||
		dashboard_unreached(req, v) == -1))
		return;
	if (req->viewer.role == ROLE_VOLUNTEER && dashboard_asked(req, v) == -1)
		return;
	privacy_each(&req->viewer, json_object_get(v->data, "newest"),
	    privacy_need_brief);
	i18n_label(req->lang, json_object_get(v->data, "open_by_category"));
	i18n_label(req->lang, json_object_get(v->data, "newest"));
	v->template = "dashboard";
}
