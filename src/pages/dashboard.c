/* The dashboard: open asks by category and zone, and the newest asks. */
#include "pages.h"
#include "domain/need.h"
#include "render/i18n.h"
#include "util/banned.h"

/* GET / — the counts and the newest asks. */
void
dashboard_show(struct request *req, struct view *v)
{
	if (need_dashboard(req->db, &v->data, &v->problem) == -1)
		return;
	i18n_label(req->lang, json_object_get(v->data, "open_by_category"));
	i18n_label(req->lang, json_object_get(v->data, "newest"));
	v->template = "dashboard";
}
