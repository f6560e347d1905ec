/*
 * The answer to a request: a handler's view (render/view.h) or a problem,
 * as JSON or as HTML by negotiation, a redirect after a form post, or the
 * form again on a 422. Everything an answer needs from the request is
 * read here, so the renderer knows nothing of HTTP.
 */
#ifndef RESPOND_H
#define RESPOND_H

#include "http/request.h"
#include "render/view.h"
#include "util/problem.h"

/* Answer v for req in resp, and release v. */
void respond_view(struct request *req, struct view *v, struct response *resp);

/* The problem alone, as JSON or as the error page. */
void respond_problem(struct request *req, const struct problem *,
    struct response *resp);

#endif
