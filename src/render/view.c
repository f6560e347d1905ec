/* One data object, two renderings: JSON, or HTML through a template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "i18n.h"
#include "mustache.h"
#include "http/route.h"
#include "util/asset.h"
#include "util/mem.h"
#include "util/banned.h"

struct page {
	char			*name;
	struct mustache		*tpl;
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

static void
view_json(struct response *resp, int status, json_t *data)
{
	struct buf *b = &resp->body;
	size_t n;

	resp->status = status;
	resp->content_type = "application/json";
	/* Dump into room guessed up front; a second pass only if too small. */
	buf_grow(b, 16384);
	n = json_dumpb(data, b->ptr + b->len, b->cap - b->len - 1,
	    JSON_COMPACT);
	if (n > b->cap - b->len - 1) {
		buf_grow(b, n);
		n = json_dumpb(data, b->ptr + b->len, n, JSON_COMPACT);
	}
	b->len += n;
	buf_addc(b, '\n');
}

/* The viewer's role in the request's language. */
static const char *
view_role_label(const struct request *req)
{
	char id[32];

	snprintf(id, sizeof(id), "role_%s", role_name(req->viewer.role));
	return i18n_get(req->lang, id);
}

static void
view_html(struct request *req, struct response *resp, int status,
    const char *name, json_t *data)
{
	const struct mustache *tpl = view_lookup(NULL, name, strlen(name));
	json_t *stack[2];

	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	stack[0] = json_pack("{s:O,s:s,s:b,s:s,s:s}", "t",
	    i18n_catalog(req->lang), "lang", req->lang, "lang_es",
	    strcmp(req->lang, "es") == 0, "path", req->path ? req->path : "/",
	    "csrf", req->csrf);
	/* What the layout shows of who is signed in, and the menus they get. */
	if (req->viewer.role != ROLE_NONE)
		json_object_set_new(stack[0], "me", json_pack(
		    "{s:s,s:s,s:s,s:b,s:b,s:b}", "login", req->viewer.login,
		    "role", role_name(req->viewer.role), "role_label",
		    view_role_label(req), "organizer",
		    req->viewer.role >= ROLE_ORGANIZER, "coordinator",
		    req->viewer.role >= ROLE_COORDINATOR, "admin",
		    req->viewer.role >= ROLE_ADMIN));
	stack[1] = data;
	if (tpl == NULL || mustache_render(tpl, stack, 2, view_lookup, NULL,
	    &resp->body) == -1) {
		/* A missing or runaway template is our bug, not the user's. */
		buf_reset(&resp->body);
		buf_adds(&resp->body, "internal error\n");
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
	}
	json_decref(stack[0]);
}

static json_t *
view_error_object(struct request *req, const struct problem *p)
{
	struct buf msg = BUF_INIT;
	json_t *e;

	i18n_format(&msg, req->lang, p->msg ? p->msg : "err_internal",
	    p->arg);
	e = json_pack("{s:s,s:s%,s:s?}", "code", problem_code(p->kind),
	    "message", msg.ptr, msg.len, "field", p->field);
	buf_free(&msg);
	return e;
}

void
view_problem(struct request *req, const struct problem *p,
    struct response *resp)
{
	int status = problem_status(p->kind);
	json_t *data = json_pack("{s:o}", "error", view_error_object(req, p));

	if (req->want_json)
		view_json(resp, status, data);
	else {
		json_object_set_new(data, "status", json_integer(status));
		view_html(req, resp, status, "error", data);
	}
	json_decref(data);
}

/* HTML: the form again, the user's input kept, the message by the field. */
static void
view_form_again(struct request *req, struct view *v, struct response *resp)
{
	json_t *data = json_object(), *err = view_error_object(req,
	    &v->problem), *errors = json_object();

	json_object_set_new(data, "values", req->raw ? json_incref(req->raw) :
	    json_object());
	if (req->route->form_data != NULL)
		req->route->form_data(req, data);
	if (v->problem.field != NULL)
		json_object_set(errors, v->problem.field,
		    json_object_get(err, "message"));
	json_object_set_new(data, "errors", errors);
	json_object_set_new(data, "error", err);
	view_html(req, resp, 422, req->route->form, data);
	json_decref(data);
}

void
view_send(struct request *req, struct view *v, struct response *resp)
{
	if (v->data == NULL)
		v->data = json_object();
	if (v->cookie != NULL)
		response_header(resp, "Set-Cookie", v->cookie);
	resp->nocache = v->nocache;
	if (v->problem.kind != PROBLEM_NONE) {
		if (v->problem.kind == PROBLEM_INVALID && !req->want_json &&
		    req->route != NULL && req->route->form != NULL)
			view_form_again(req, v, resp);
		else
			view_problem(req, &v->problem, resp);
	} else if (v->location != NULL && !req->want_json) {
		/* Post/redirect/get: a reload never repeats the write. */
		resp->status = 303;
		resp->content_type = "text/plain; charset=utf-8";
		response_header(resp, "Location", v->location);
	} else if (req->want_json)
		view_json(resp, v->status ? v->status : 200, v->data);
	else
		view_html(req, resp, v->status ? v->status : 200, v->template,
		    v->data);
	json_decref(v->data);
	free(v->location);
	free(v->cookie);
	v->data = NULL;
	v->location = NULL;
	v->cookie = NULL;
}
