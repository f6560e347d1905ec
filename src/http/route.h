/*
 * The route table and the front gate: every route is one row declaring its
 * method, path pattern, handler and inputs. The gate checks method, path,
 * size, body encoding and declared fields before any handler runs.
 */
#ifndef ROUTE_H
#define ROUTE_H

#include <jansson.h>

#include "domain/viewer.h"
#include "http/request.h"
#include "render/view.h"

struct field;

typedef void (*route_handler)(struct request *, struct view *);
/* Adds what a form needs besides the user's values (select options…). */
typedef void (*route_form_data)(struct request *, json_t *data);

#define ROUTE_PARTIAL        0x1 /* an update: fields may be left out */
#define ROUTE_LIMIT_LOGIN    0x2 /* sign-in: limited per address, login */
#define ROUTE_LIMIT_FORM     0x4 /* public form: limited per address */
#define ROUTE_LIMIT_PASSWORD 0x8 /* password change: as sign-in */
/*
 * A write whose handler runs its own transaction, with no audit entry:
 * for writes that keep their own trail and must not each wait for a
 * commit of their own (a tap, tap.h).
 */
#define ROUTE_OWN_TX 0x10
/*
 * A post from a machine that holds a secret in the path ("*" in the
 * pattern): no form token (it has no cookie) and no field check (each
 * gateway posts fields of its own; the handler reads req->raw), answered
 * in JSON.
 */
#define ROUTE_WEBHOOK 0x20

struct route {
	enum method method;
	const char *pattern; /* "/needs/:id/status" */
	route_handler handler;
	const struct field *fields; /* query (GET) or body (POST) */
	enum role role;             /* the least role it needs */
	unsigned flags;
	const char *form; /* re-shown with errors on 422 */
	route_form_data form_data;
};

/* Route req and fill resp. Never fails: errors become error responses. */
void route_dispatch(struct request *req, struct response *resp);

/* The route table, for tests that walk every route. */
const struct route *route_table(size_t *n);
/*
 * Whether path matches pattern; ":id" stores a positive integer in *id,
 * "*" matches a secret: 1 to ROUTE_SECRET_MAX letters, digits, - and _.
 */
#define ROUTE_SECRET_MAX 64
int route_match(const char *pattern, const char *path, int64_t *id);

/* JSON when the client asks for it, or posts JSON without asking for HTML. */
int route_wants_json(const struct request *);
/* Set the security headers every response carries. */
void route_security_headers(struct response *, int private_page);

#endif
