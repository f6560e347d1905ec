/* The dashboard: open asks by category and zone, and the newest asks. */
#include "pages.h"
#include "domain/claim.h"
#include "domain/need.h"
#include "domain/privacy.h"
#include "render/i18n.h"
#include "util/banned.h"

/*
 * GET / — the open asks counted by category and zone and the newest asks,
 * within a volunteer's zones (the counts too: how many ask for what
 * elsewhere is not theirs to know) and as the viewer may see them; for
 * coordinators, who reads many contacts (claim_contact_readers).
 */
void
dashboard_show(struct request *req, struct view *v)
{
	if (need_dashboard(req->db, privacy_zone_user(&req->viewer), &v->data,
		&v->problem) == -1)
		return;
	if (privacy_sees_all(&req->viewer) &&
	    claim_contact_readers(req->db, v->data, &v->problem) == -1)
		return;
	privacy_each(&req->viewer, json_object_get(v->data, "newest"),
	    privacy_need_brief);
	i18n_label(req->lang, json_object_get(v->data, "open_by_category"));
	i18n_label(req->lang, json_object_get(v->data, "newest"));
	v->template = "dashboard";
}
