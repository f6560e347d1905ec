/* One data object, two renderings: JSON, or HTML through a template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "respond.h"
#include "route.h"
#include "render/dump.h"
#include "render/i18n.h"
#include "render/when.h"
#include "util/banned.h"

static void
respond_json(struct response *resp, int status, json_t *data)
{
	struct buf *b = &resp->body;

	resp->status = status;
	resp->content_type = "application/json";
	/*
	 * One pass into a buffer that grows (a session with 200 people is
	 * 24 KB), by dump_json: jansson's own dump was most of such a
	 * request's time.
	 */
	buf_grow(b, 16384);
	dump_json(b, data);
	buf_addc(b, '\n');
}

/* The viewer's role in the request's language. */
static const char *
respond_role_label(const struct request *req)
{
	char id[32];

	snprintf(id, sizeof(id), "role_%s", role_name(req->viewer.role));
	return i18n_get(req->lang, id);
}

/* name=value& to b, both escaped for a URL. */
static void
respond_param(struct buf *b, const char *name, const char *value)
{
	buf_add_url(b, name);
	buf_addc(b, '=');
	buf_add_url(b, value);
	buf_addc(b, '&');
}

/*
 * This page's address ending where the language switch adds lang=:
 * "/needs?status=open&offset=50&". A GET keeps its query (its filters and
 * page) but for the old lang, which route_language took out; each name
 * and value is escaped again from its decoded text, so what the client
 * sent can add neither markup nor a second query. A form shown again
 * after a POST has no query to keep.
 */
static json_t *
respond_here(const struct request *req)
{
	struct buf b = BUF_INIT;
	const char *key;
	json_t *v, *each, *here;
	size_t i;

	buf_adds(&b, req->path ? req->path : "/");
	buf_addc(&b, '?');
	if (req->method == METHOD_GET || req->method == METHOD_HEAD)
		json_object_foreach (req->query, key, v) {
			if (json_is_string(v))
				respond_param(&b, key, json_string_value(v));
			json_array_foreach (v, i, each)
				respond_param(&b, key, json_string_value(each));
		}
	here = json_stringn(b.ptr, b.len);
	buf_free(&b);
	return here;
}

/* What the layout shows around every page: language, who is signed in. */
static json_t *
respond_layout(struct request *req)
{
	json_t *layout = json_pack("{s:O,s:s,s:b,s:o,s:s}", "t",
	    i18n_catalog(req->lang), "lang", req->lang, "lang_es",
	    strcmp(req->lang, "es") == 0, "here", respond_here(req), "csrf",
	    req->csrf);

	/* Who is signed in, and the menus they get. */
	if (req->viewer.role != ROLE_NONE)
		json_object_set_new(layout, "me",
		    json_pack("{s:s,s:s,s:s,s:b,s:b,s:b}", "login",
			req->viewer.login, "role", role_name(req->viewer.role),
			"role_label", respond_role_label(req), "organizer",
			req->viewer.role >= ROLE_ORGANIZER, "coordinator",
			req->viewer.role >= ROLE_COORDINATOR, "admin",
			req->viewer.role >= ROLE_ADMIN));
	return layout;
}

static void
respond_html(struct request *req, struct response *resp, int status,
    const char *name, json_t *data)
{
	json_t *layout = respond_layout(req);

	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	/* Times in words for people, beside the ISO text; JSON keeps only it.
	 */
	resp->fresh = when_annotate(data, time(NULL), req->lang);
	if (view_render(name, layout, data, &resp->body) == -1) {
		/* A missing or runaway template is our bug, not the user's. */
		buf_reset(&resp->body);
		buf_adds(&resp->body, "internal error\n");
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
	}
	json_decref(layout);
}

/*
 * A value that is not one of a field's choices: to obj, the choices
 * there are, so that a client need not guess them from the docs.
 */
static void
respond_choices(const struct request *req, const char *msg, const char *name,
    json_t *obj)
{
	const struct field *f;
	json_t *list;
	size_t i;

	if (msg == NULL || name == NULL || strcmp(msg, "err_choice") != 0 ||
	    req->route == NULL || req->route->fields == NULL)
		return;
	for (f = req->route->fields; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			break;
	if (f->name == NULL || f->kind != FIELD_CHOICE || f->choices == NULL)
		return;
	list = json_array();
	for (i = 0; f->choices[i] != NULL; i++)
		json_array_append_new(list, json_string(f->choices[i]));
	json_object_set_new(obj, "choices", list);
}

void
respond_problem(struct request *req, const struct problem *p,
    struct response *resp)
{
	int status = problem_status(p->kind);
	json_t *err = view_error(req->lang, p),
	       *data = json_pack("{s:o}", "error", err);
	size_t i;

	respond_choices(req, p->msg, p->field, err);
	for (i = 0; i < p->nfields; i++)
		respond_choices(req, p->fields[i].msg, p->fields[i].field,
		    json_array_get(json_object_get(err, "fields"), i));
	if (req->want_json)
		respond_json(resp, status, data);
	else {
		json_object_set_new(data, "status", json_integer(status));
		respond_html(req, resp, status, "error", data);
	}
	json_decref(data);
}

/*
 * HTML: the form again, the user's input kept, each invalid field's
 * message by the field (errors.NAME) and all of them in a summary at the
 * top (error.fields, each with the field's label where the catalog has
 * one, and the id it links to: the field's name, or what the form's
 * data maps it to in "anchors").
 */
static void
respond_form_again(struct request *req, struct view *v, struct response *resp)
{
	json_t *data = json_object(), *err = view_error(req->lang, &v->problem),
	       *errors = json_object(), *f;
	const char *name, *label, *anchor;
	size_t i;

	json_object_set_new(data, "values",
	    req->raw ? json_incref(req->raw) : json_object());
	if (req->route->form_data != NULL)
		req->route->form_data(req, data);
	json_array_foreach (json_object_get(err, "fields"), i, f) {
		name = json_string_value(json_object_get(f, "field"));
		/* The first message for a field is the one shown beside it. */
		if (json_object_get(errors, name) == NULL)
			json_object_set(errors, name,
			    json_object_get(f, "message"));
		/* false, not absent: {{#label}} must not find another's. */
		label = view_field_label(req->lang, name);
		json_object_set_new(f, "label",
		    label ? json_string(label) : json_false());
		/* Where a page holds two fields of one name, the form's
		 * data says which id the summary's link is to jump to. */
		anchor = json_string_value(
		    json_object_get(json_object_get(data, "anchors"), name));
		json_object_set_new(f, "anchor",
		    json_string(anchor ? anchor : name));
	}
	json_object_set_new(data, "errors", errors);
	json_object_set_new(data, "error", err);
	respond_html(req, resp, 422, req->route->form, data);
	json_decref(data);
}

/* A file to save (pages/export.c): its body is taken from the view. */
static void
respond_file(struct view *v, struct response *resp)
{
	struct buf disposition = BUF_INIT;

	resp->status = 200;
	resp->content_type = v->file_type;
	buf_printf(&disposition, "attachment; filename=%s", v->file_name);
	response_header(resp, "Content-Disposition", disposition.ptr);
	buf_free(&disposition);
	buf_free(&resp->body);
	resp->body = v->file;
	memset(&v->file, 0, sizeof(v->file));
	resp->stream = v->stream;
	memset(&v->stream, 0, sizeof(v->stream));
}

void
respond_view(struct request *req, struct view *v, struct response *resp)
{
	if (v->data == NULL)
		v->data = json_object();
	if (v->cookie != NULL)
		response_header(resp, "Set-Cookie", v->cookie);
	resp->nocache = v->nocache;
	if (v->problem.kind != PROBLEM_NONE) {
		if (v->problem.kind == PROBLEM_INVALID && !req->want_json &&
		    req->route != NULL && req->route->form != NULL)
			respond_form_again(req, v, resp);
		else
			respond_problem(req, &v->problem, resp);
	} else if (v->location != NULL && !req->want_json) {
		/* Post/redirect/get: a reload never repeats the write. */
		resp->status = 303;
		resp->content_type = "text/plain; charset=utf-8";
		response_header(resp, "Location", v->location);
	} else if (v->file_type != NULL)
		respond_file(v, resp);
	else if (req->want_json)
		respond_json(resp, v->status ? v->status : 200, v->data);
	else
		respond_html(req, resp, v->status ? v->status : 200,
		    v->template, v->data);
	json_decref(v->data);
	free(v->location);
	free(v->cookie);
	buf_free(&v->file);
	if (v->stream.free != NULL)
		v->stream.free(v->stream.arg);
	memset(&v->stream, 0, sizeof(v->stream));
	v->data = NULL;
	v->location = NULL;
	v->cookie = NULL;
}
