/* The option lists that forms and filters show: zones, categories, states. */
#include "pages.h"
#include "domain/category.h"
#include "domain/status.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/banned.h"

void
options_add(struct request *req, json_t *data)
{
	json_t *zones = NULL, *cats = NULL, *statuses = json_array();
	json_t *in = json_object();
	struct problem p;
	int i;

	json_object_set_new(in, "limit", json_integer(1000));
	if (zone_list(req->db, in, &zones, &p) == 0)
		json_object_set(data, "zones", json_object_get(zones, "items"));
	if (category_all(req->db, &cats, &p) == 0) {
		i18n_label(req->lang, cats);
		json_object_set_new(data, "categories", cats);
	}
	for (i = 0; status_names[i] != NULL; i++) {
		json_t *s = json_pack("{s:s}", "status", status_names[i]);

		i18n_label(req->lang, s);
		json_array_append_new(statuses, s);
	}
	json_object_set_new(data, "statuses", statuses);
	json_decref(zones);
	json_decref(in);
}
