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
#include "util/stream.h"

struct view {
	int status;             /* 0 means 200 */
	json_t *data;           /* owned by the view */
	const char *template;   /* page name, e.g. "needs" */
	char *location;         /* HTML: 303 here instead of a page */
	char *cookie;           /* a Set-Cookie value to send */
	int nocache;            /* shows what must be seen afresh */
	int64_t id;             /* the record written, when data hides it */
	struct problem problem; /* set when the request failed */
	/*
	 * A file to download instead of data: its type, name and bytes, or
	 * instead of the bytes a stream that makes them as they are sent.
	 */
	const char *file_type;
	char file_name[64];
	struct buf file;
	struct stream stream;
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
 * The error object of a problem, {code, message in lang, field?,
 * fields?}: a new reference. field and message say the first invalid
 * field, as before lists existed; fields, [{field, message}], lists every
 * one, present when at least one field is at fault.
 */
json_t *view_error(const char *lang, const struct problem *);

/*
 * The label of an input field in lang (catalog id "field_NAME"), or NULL
 * when the catalog has none: borrowed from the catalog.
 */
const char *view_field_label(const char *lang, const char *field);

#endif
