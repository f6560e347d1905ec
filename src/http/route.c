/* The route table and the front gate before every handler. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "route.h"
#include "cache.h"
#include "domain/field.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/post.h"
#include "domain/status.h"
#include "domain/zone.h"
#include "pages/pages.h"
#include "render/i18n.h"
#include "util/asset.h"
#include "util/num.h"
#include "util/utf8.h"
#include "util/banned.h"

static const struct field no_fields[] = { { NULL, 0, 0, 0, 0, NULL } };
/* A new ask or offer is usually recorded from the person's page. */
static const struct field new_post_fields[] = {
	{ "person_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	{ NULL, 0, 0, 0, 0, NULL }
};

static const struct route routes[] = {
	{ METHOD_GET, "/", dashboard_show, no_fields, 0, NULL, NULL },

	{ METHOD_GET, "/zones", zones_list, zone_list_fields, 0, NULL, NULL },
	{ METHOD_POST, "/zones", zones_create, zone_fields, 0, "zones",
	    zones_form },

	{ METHOD_GET, "/people", people_list, person_list_fields, 0, NULL,
	    NULL },
	{ METHOD_GET, "/people/new", people_new, no_fields, 0, NULL, NULL },
	{ METHOD_POST, "/people", people_create, person_fields, 0,
	    "person_form", people_form },
	{ METHOD_GET, "/people/:id", people_show, no_fields, 0, NULL, NULL },
	{ METHOD_GET, "/people/:id/edit", people_edit, no_fields, 0, NULL,
	    NULL },
	{ METHOD_POST, "/people/:id", people_update, person_fields,
	    ROUTE_PARTIAL, "person_form", people_form },
	{ METHOD_PATCH, "/people/:id", people_update, person_fields,
	    ROUTE_PARTIAL, "person_form", people_form },

	{ METHOD_GET, "/needs", needs_list, post_list_fields, 0, NULL, NULL },
	{ METHOD_GET, "/needs/new", needs_new, new_post_fields, 0, NULL, NULL },
	{ METHOD_POST, "/needs", needs_create, need_fields, 0, "need_form",
	    needs_form },
	{ METHOD_GET, "/needs/:id", needs_show, no_fields, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/status", needs_status, status_fields, 0,
	    "need", needs_status_form },

	{ METHOD_GET, "/offers", offers_list, post_list_fields, 0, NULL,
	    NULL },
	{ METHOD_GET, "/offers/new", offers_new, new_post_fields, 0, NULL, NULL },
	{ METHOD_POST, "/offers", offers_create, offer_fields, 0,
	    "offer_form", offers_form },
	{ METHOD_GET, "/offers/:id", offers_show, no_fields, 0, NULL, NULL },
	{ METHOD_POST, "/offers/:id/status", offers_status, status_fields, 0,
	    "offer", offers_status_form },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/*
 * Match path against pattern segment by segment; ":id" takes a positive
 * integer. Returns 1 and stores the id, or 0.
 */
static int
route_match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern != '\0' && *path != '\0') {
		if (strncmp(pattern, ":id", 3) == 0) {
			size_t n = strcspn(path, "/");

			if (num_parse_int(path, n, 1, INT64_MAX, id) == -1)
				return 0;
			pattern += 3;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

void
route_security_headers(struct response *resp, int private_page)
{
	/* No script at all, nothing from elsewhere, never framed. */
	response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; style-src 'self'; img-src 'self'; "
	    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	response_header(resp, "X-Content-Type-Options", "nosniff");
	response_header(resp, "Referrer-Policy", "no-referrer");
	response_header(resp, "X-Frame-Options", "DENY");
	if (private_page)
		response_header(resp, "Cache-Control", "no-store");
	else
		response_header(resp, "Cache-Control", "public, max-age=3600");
}

/* JSON when the client asks for it, or posts JSON without asking for HTML. */
static int
route_wants_json(const struct request *req)
{
	if (req->accept != NULL && strstr(req->accept, "application/json"))
		return 1;
	if (req->accept != NULL && strstr(req->accept, "text/html"))
		return 0;
	return req->content_type != NULL &&
	    strncasecmp(req->content_type, "application/json", 16) == 0;
}

static void
route_language(struct request *req, struct response *resp)
{
	char cookie[8];
	const char *q = json_string_value(json_object_get(req->query, "lang"));
	const char *lang = NULL;
	int i;

	for (i = 0; q != NULL && i18n_langs[i] != NULL; i++)
		if (strcmp(q, i18n_langs[i]) == 0)
			lang = i18n_langs[i];
	if (lang != NULL) {
		struct buf c = BUF_INIT;

		buf_printf(&c, "lang=%s; Path=/; Max-Age=31536000; "
		    "SameSite=Lax", lang);
		response_header(resp, "Set-Cookie", c.ptr);
		buf_free(&c);
	} else if (request_cookie(req->cookie, "lang", cookie,
	    sizeof(cookie)) == 0)
		lang = i18n_lang(cookie);
	else
		lang = request_language(req->accept_language, i18n_langs);
	req->lang = i18n_lang(lang);
	json_object_del(req->query, "lang");
}

/* The body as one object: a form or JSON, both arriving the same way. */
static int
route_body(struct request *req, struct problem *p)
{
	const char *ct = req->content_type;

	if (!utf8_valid(req->body.ptr ? req->body.ptr : "", req->body.len))
		return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8", NULL, 0);
	if (req->body.len == 0 && ct == NULL) {
		req->raw = json_object();
		return 0;
	}
	if (ct != NULL && strncasecmp(ct, "application/json", 16) == 0) {
		req->raw = request_json(req->body.ptr ? req->body.ptr : "",
		    req->body.len);
		if (req->raw == NULL)
			return problem_set(p, PROBLEM_BAD_REQUEST,
			    "err_malformed_json", NULL, 0);
		return 0;
	}
	if (ct != NULL && strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) == 0) {
		req->raw = request_urlencoded(req->body.ptr ? req->body.ptr :
		    "", req->body.len);
		if (req->raw == NULL)
			return problem_set(p, PROBLEM_BAD_REQUEST,
			    "err_malformed_form", NULL, 0);
		return 0;
	}
	return problem_set(p, PROBLEM_BAD_REQUEST, "err_content_type", NULL,
	    0);
}

static int
route_static(struct request *req, struct response *resp)
{
	const struct asset *a;

	if (strncmp(req->path, "/static/", 8) != 0 || strstr(req->path, ".."))
		return 0;
	a = asset_find(req->path + 1);
	if (a == NULL)
		return 0;
	resp->status = 200;
	resp->content_type = "application/octet-stream";
	if (strstr(a->name, ".css") != NULL)
		resp->content_type = "text/css; charset=utf-8";
	else if (strstr(a->name, ".svg") != NULL)
		resp->content_type = "image/svg+xml";
	resp->static_body = a->data;
	resp->static_len = a->len;
	return 1;
}

/* Find the route; 404 when no pattern matches, 405 when no method does. */
static const struct route *
route_find(struct request *req, struct response *resp, struct problem *p)
{
	struct buf allow = BUF_INIT;
	static const char *const names[METHOD__MAX] = {
		"GET", "HEAD", "POST", "PATCH", "OTHER"
	};
	enum method m = req->method == METHOD_HEAD ? METHOD_GET : req->method;
	const struct route *found = NULL;
	size_t i;
	int64_t id;

	for (i = 0; i < NROUTES; i++) {
		id = 0;
		if (!route_match(routes[i].pattern, req->path, &id))
			continue;
		if (routes[i].method == m) {
			found = &routes[i];
			req->id = id;
			break;
		}
		buf_printf(&allow, "%s%s", allow.len ? ", " : "",
		    names[routes[i].method]);
		if (routes[i].method == METHOD_GET)
			buf_adds(&allow, ", HEAD");
	}
	if (found == NULL && allow.len > 0) {
		response_header(resp, "Allow", allow.ptr);
		problem_set(p, PROBLEM_METHOD, "err_method", NULL, 0);
	} else if (found == NULL)
		problem_set(p, PROBLEM_NOT_FOUND, "err_not_found", NULL, 0);
	buf_free(&allow);
	return found;
}

void
route_dispatch(struct request *req, struct response *resp)
{
	struct view v = { 0 };
	char key[CACHE_KEY_LEN];
	uint64_t gen = 0;
	int cacheable = 0;
	const char *q = strchr(req->target, '?');
	size_t plen = q ? (size_t)(q - req->target) : strlen(req->target);

	req->lang = i18n_langs[0];
	req->want_json = route_wants_json(req);
	req->path = request_path(req->target, plen);
	req->query = q ? request_urlencoded(q + 1, strlen(q + 1)) :
	    json_object();
	if (req->path == NULL || req->query == NULL) {
		problem_set(&v.problem, PROBLEM_BAD_REQUEST, "err_bad_url",
		    NULL, 0);
		goto send;
	}
	/* ?lang= answers with a cookie, so it is never served from cache. */
	cacheable = json_object_get(req->query, "lang") == NULL;
	route_language(req, resp);
	if ((req->method == METHOD_GET || req->method == METHOD_HEAD) &&
	    route_static(req, resp)) {
		route_security_headers(resp, 0);
		return;
	}
	if (cacheable && cache_key(req, key, sizeof(key)) == 0) {
		gen = db_generation(req->db);
		if (cache_get(key, gen, resp)) {
			route_security_headers(resp, 1);
			return;
		}
	} else
		cacheable = 0;
	req->route = route_find(req, resp, &v.problem);
	if (req->route == NULL)
		goto send;
	if (req->route->method == METHOD_GET) {
		req->raw = json_incref(req->query);
	} else if (route_body(req, &v.problem) == -1)
		goto send;
	if (field_decode(req->route->fields, req->raw,
	    req->route->flags & ROUTE_PARTIAL, &req->input, &v.problem) == -1)
		goto send;
	req->route->handler(req, &v);
send:
	view_send(req, &v, resp);
	if (cacheable)
		cache_put(key, gen, resp);
	route_security_headers(resp, 1);
}
