/* The compiled-in page templates, and what a page or an error shows. */
#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "i18n.h"
#include "mustache.h"
#include "util/asset.h"
#include "util/mem.h"
#include "util/banned.h"

struct page {
	char *name;
	struct mustache *tpl;
};

static struct page *pages;
static size_t npages;

static const struct mustache *
view_lookup(void *arg, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < npages; i++)
		if (strlen(pages[i].name) == len &&
		    memcmp(pages[i].name, name, len) == 0)
			return pages[i].tpl;
	return NULL;
}

int
view_init(char **err)
{
	static const char prefix[] = "templates/", suffix[] = ".mustache";
	const struct asset *a;
	size_t plen = sizeof(prefix) - 1, slen = sizeof(suffix) - 1, n;
	char *perr = NULL;

	for (a = assets; a->name != NULL; a++) {
		n = strlen(a->name);
		if (strncmp(a->name, prefix, plen) != 0 || n <= plen + slen ||
		    strcmp(a->name + n - slen, suffix) != 0)
			continue;
		pages = xrealloc(pages, (npages + 1) * sizeof(*pages));
		pages[npages].name = xstrndup(a->name + plen, n - plen - slen);
		pages[npages].tpl = mustache_parse(a->data, a->len, &perr);
		if (pages[npages].tpl == NULL) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "%s: %s", a->name, perr);
			free(perr);
			free(pages[npages].name);
			*err = buf_detach(&b, NULL);
			return -1;
		}
		npages++;
	}
	return 0;
}

void
view_done(void)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		free(pages[i].name);
		mustache_free(pages[i].tpl);
	}
	free(pages);
	pages = NULL;
	npages = 0;
}

void
view_created(struct view *v, int status, const char *fmt, int64_t id)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, fmt, (long long)id);
	v->status = status;
	free(v->location);
	v->location = buf_detach(&b, NULL);
}

int
view_render(const char *name, json_t *layout, json_t *data, struct buf *out)
{
	const struct mustache *tpl = view_lookup(NULL, name, strlen(name));
	json_t *stack[2];

	stack[0] = layout;
	stack[1] = data;
	if (tpl == NULL)
		return -1;
	return mustache_render(tpl, stack, 2, view_lookup, NULL, out);
}

/* The message of id in lang with {n} as arg: a new string. */
static json_t *
view_message(const char *lang, const char *id, int64_t arg)
{
	struct buf msg = BUF_INIT;
	json_t *s;

	i18n_format(&msg, lang, id ? id : "err_internal", arg);
	s = json_stringn(msg.ptr, msg.len);
	buf_free(&msg);
	return s;
}

json_t *
view_error(const char *lang, const struct problem *p)
{
	json_t *e, *fields;
	size_t i;

	e = json_pack("{s:s,s:o,s:s?}", "code", problem_code(p->kind),
	    "message", view_message(lang, p->msg, p->arg), "field", p->field);
	if (p->nfields == 0)
		return e;
	fields = json_array();
	for (i = 0; i < p->nfields; i++)
		json_array_append_new(fields,
		    json_pack("{s:s,s:o}", "field", p->fields[i].field,
			"message",
			view_message(lang, p->fields[i].msg,
			    p->fields[i].arg)));
	json_object_set_new(e, "fields", fields);
	return e;
}

const char *
view_field_label(const char *lang, const char *field)
{
	struct buf id = BUF_INIT;
	const char *s;

	buf_printf(&id, "field_%s", field);
	s = i18n_get(lang, id.ptr);
	/* i18n_get answers a missing id with the id itself. */
	if (s == id.ptr)
		s = NULL;
	buf_free(&id);
	return s;
}
