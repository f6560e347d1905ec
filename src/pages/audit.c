/* The audit page: who did what, in the reader's words. */
#include <string.h>

#include "pages.h"
#include "domain/audit.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/banned.h"

/*
 * The catalog's text for prefix + id, with '.' and ' ' in id as '_', or
 * NULL when the catalog has none (an entry written before its action had
 * an id keeps its own text).
 */
static const char *
audit_word(const char *lang, const char *prefix, const char *id)
{
	struct buf key = BUF_INIT;
	const char *s;
	size_t i, start;

	buf_adds(&key, prefix);
	start = key.len;
	buf_adds(&key, id);
	for (i = start; i < key.len; i++)
		if (key.ptr[i] == '.' || key.ptr[i] == ' ')
			key.ptr[i] = '_';
	s = i18n_get(lang, key.ptr);
	/* i18n_get answers a missing id with the id itself. */
	if (s == key.ptr)
		s = NULL;
	buf_free(&key);
	return s;
}

/* "Open → Matched", "Name, Zone": the change in words, into b. */
static void
audit_change_words(const char *lang, json_t *change, struct buf *b)
{
	const char *from, *to, *name, *label;
	json_t *f;
	size_t i;

	from = json_string_value(json_object_get(change, "from"));
	to = json_string_value(json_object_get(change, "to"));
	if (from != NULL && to != NULL) {
		label = audit_word(lang, "status_", from);
		buf_adds(b, label ? label : from);
		buf_adds(b, " → ");
		label = audit_word(lang, "status_", to);
		buf_adds(b, label ? label : to);
	}
	json_array_foreach (json_object_get(change, "fields"), i, f) {
		name = json_string_value(f);
		if (name == NULL)
			continue;
		label = view_field_label(lang, name);
		buf_printf(b, "%s%s", b->len ? ", " : "", label ? label : name);
	}
}

/* b's text as a new JSON string; "" when nothing was added. */
static json_t *
audit_text(const struct buf *b)
{
	return b->len > 0 ? json_stringn(b->ptr, b->len) : json_string("");
}

/* action_label, record_label and change_label of one entry. */
static void
audit_words(const char *lang, json_t *row)
{
	const char *action = json_string_value(json_object_get(row, "action"));
	const char *entity = json_string_value(json_object_get(row, "entity"));
	json_t *id = json_object_get(row, "entity_id");
	const char *word;
	struct buf b = BUF_INIT;

	word = action ? audit_word(lang, "audit_do_", action) : NULL;
	json_object_set_new(row, "action_label",
	    json_string(word ? word
		    : action ? action
			     : ""));
	word = entity ? audit_word(lang, "audit_entity_", entity) : NULL;
	if (entity != NULL)
		buf_adds(&b, word ? word : entity);
	if (json_is_integer(id))
		buf_printf(&b, "%s%lld", b.len ? " " : "",
		    (long long)json_integer_value(id));
	json_object_set_new(row, "record_label", audit_text(&b));
	buf_reset(&b);
	audit_change_words(lang, json_object_get(row, "change"), &b);
	json_object_set_new(row, "change_label", audit_text(&b));
	buf_free(&b);
}

/*
 * GET /admin/audit — 422 on bad filters; the newest entries first, each
 * with its stable ids and values and the same in words (the *_label).
 */
void
audit_show(struct request *req, struct view *v)
{
	json_t *row;
	size_t i;

	if (audit_list(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	json_array_foreach (json_object_get(v->data, "items"), i, row)
		audit_words(req->lang, row);
	json_object_set(v->data, "filter", req->input);
	pager_add(req, v->data);
	v->template = "audit";
}
