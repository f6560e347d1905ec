/*
 * What a handler returns: data, the page template that shows it, or a
 * problem. view_send turns it into a response: the same data as JSON, or
 * as HTML through the template inside the layout.
 */
#ifndef VIEW_H
#define VIEW_H

#include <jansson.h>

#include "http/request.h"
#include "util/problem.h"

struct view {
	int		 status;	/* 0 means 200 */
	json_t		*data;		/* owned by the view */
	const char	*template;	/* page name, e.g. "needs" */
	char		*location;	/* HTML: 303 here instead of a page */
	char		*cookie;	/* a Set-Cookie value to send */
	int		 nocache;	/* shows what must be seen afresh */
	struct problem	 problem;	/* set when the request failed */
};

/* Parse the compiled-in templates. 0, or -1 with a malloc'd *err. */
int	view_init(char **err);
void	view_done(void);

/* After a successful write: 201 (or status) with data; HTML goes to path. */
void	view_created(struct view *, int status, const char *fmt, int64_t id);

/* Render v for req into resp and release v. */
void	view_send(struct request *req, struct view *v, struct response *resp);

/* The problem alone, as JSON or as the error page. */
void	view_problem(struct request *req, const struct problem *,
	    struct response *resp);

#endif
