/*
 * What a handler returns: data, the page template that shows it, or a
 * problem. http/respond.c turns it into a response: the same data as
 * JSON, or as HTML through the template inside the layout, which is
 * rendered here.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdint.h>
#include <jansson.h>

#include "util/buf.h"
#include "util/problem.h"

struct view {
	int status;             /* 0 means 200 */
	json_t *data;           /* owned by the view */
	const char *template;   /* page name, e.g. "needs" */
	char *location;         /* HTML: 303 here instead of a page */
	char *cookie;           /* a Set-Cookie value to send */
	int nocache;            /* shows what must be seen afresh */
	int64_t id;             /* the record written, when data hides it */
	struct problem problem; /* set when the request failed */
};

/* Parse the compiled-in templates. 0, or -1 with a malloc'd *err. */
int view_init(char **err);
void view_done(void);

/* After a successful write: 201 (or status) with data; HTML goes to path. */
void view_created(struct view *, int status, const char *fmt, int64_t id);

/*
 * Render the page template name with data over layout (what every page
 * shows: the catalog, the language, who is signed in), appending to out.
 * 0, or -1 when there is no such template or it ran away.
 */
int view_render(const char *name, json_t *layout, json_t *data,
    struct buf *out);

/*
 * The error object of a problem, {code, message in lang, field?}: a new
 * reference.
 */
json_t *view_error(const char *lang, const struct problem *);

#endif
