/*
 * The option lists that forms and filters show — zones, categories,
 * statuses, languages, urgencies — each marked "selected" where it is the
 * current choice, since a template cannot compare values.
 */
#include <string.h>

#include "pages.h"
#include "domain/category.h"
#include "domain/input.h"
#include "domain/need.h"
#include "domain/person.h"
#include "domain/refs.h"
#include "domain/status.h"
#include "domain/zone.h"
#include "render/i18n.h"
#include "util/num.h"
#include "util/banned.h"

int
options_int(json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v))
		return num_parse_int(json_string_value(v),
		    json_string_length(v), INT64_MIN, INT64_MAX, out);
	return -1;
}

/* Whether the chosen value v (typed, or text from a form) equals id. */
static int
options_same_int(json_t *v, json_int_t id)
{
	int64_t n;

	return options_int(v, &n) == 0 && n == id;
}

static int
options_same_text(json_t *v, json_t *s)
{
	return json_is_string(v) && json_is_string(s) &&
	    strcmp(json_string_value(v), json_string_value(s)) == 0;
}

void
options_mark(json_t *list, const char *key, json_t *chosen)
{
	json_t *row, *v;
	size_t i;

	json_array_foreach (list, i, row) {
		v = json_object_get(row, key);
		if (json_is_integer(v)
			? options_same_int(chosen, json_integer_value(v))
			: options_same_text(chosen, v))
			json_object_set_new(row, "selected", json_true());
	}
}

json_t *
options_kinds(const char *lang, const char *const *kinds, const char *prefix,
    json_t *chosen)
{
	json_t *list = json_array();
	int i;

	for (i = 0; kinds[i] != NULL; i++)
		json_array_append_new(list,
		    json_pack("{s:s}", "kind", kinds[i]));
	i18n_label_as(lang, list, "kind", prefix);
	options_mark(list, "kind", chosen);
	return list;
}

void
options_add(struct request *req, json_t *data, json_t *chosen)
{
	json_t *cats = NULL, *list;
	json_t *lang = json_string(req->lang), *medium = json_integer(2), *v;
	struct problem p;
	int i;

	if (zone_options(req->db, &list, &p) == 0) {
		options_mark(list, "id",
		    input_get(chosen, refs_fields, REFS_ZONE_ID));
		json_object_set_new(data, "zones", list);
	}
	if (category_all(req->db, &cats, &p) == 0) {
		i18n_label(req->lang, cats);
		/* The same, for what one gives with an ask (need_create). */
		list = json_deep_copy(cats);
		options_mark(list, "code",
		    input_get(chosen, need_fields, NEED_GIVE_CATEGORY));
		json_object_set_new(data, "give_categories", list);
		options_mark(cats, "code",
		    input_get(chosen, refs_fields, REFS_CATEGORY));
		json_object_set_new(data, "categories", cats);
	}
	list = json_array();
	for (i = 0; status_names[i] != NULL; i++)
		json_array_append_new(list,
		    json_pack("{s:s}", "status", status_names[i]));
	i18n_label(req->lang, list);
	options_mark(list, "status",
	    input_get(chosen, status_fields, STATUS_KEY_STATUS));
	json_object_set_new(data, "statuses", list);
	list = json_array();
	for (i = 0; person_languages[i] != NULL; i++)
		json_array_append_new(list,
		    json_pack("{s:s}", "language", person_languages[i]));
	i18n_label(req->lang, list);
	/* A new person speaks the language of the page until told otherwise. */
	v = input_get(chosen, person_fields, PERSON_LANGUAGE);
	options_mark(list, "language", v != NULL ? v : lang);
	json_object_set_new(data, "languages", list);
	list = json_array();
	for (i = 1; i <= 3; i++)
		json_array_append_new(list, json_pack("{s:i}", "urgency", i));
	i18n_label(req->lang, list);
	v = input_get(chosen, need_fields, NEED_URGENCY);
	options_mark(list, "urgency", v != NULL ? v : medium);
	json_object_set_new(data, "urgencies", list);
	json_decref(lang);
	json_decref(medium);
}
