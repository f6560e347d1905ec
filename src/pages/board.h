/*
 * Asks and offers are both posts on the network's board: the same pages
 * (list, form, one post with its status moves) over different domain calls.
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>
#include <jansson.h>

#include "http/request.h"
#include "render/view.h"

struct db;
struct problem;
struct viewer;

/*
 * The int64_t after an id bounds the post to a user's zones; a list is
 * bounded by the viewer's.
 */
struct board {
	int (*list)(struct db *, json_t *, const struct viewer *, json_t **,
	    struct problem *);
	int (*create)(struct db *, json_t *, json_t **, struct problem *);
	int (*find)(struct db *, int64_t, int64_t, json_t **, struct problem *);
	int (*set_status)(struct db *, int64_t, json_t *, json_t **,
	    struct audit_note *, struct problem *);
	/* Reduce one row to what the viewer may see (privacy.h): never
	 * contact data, which is read on demand (contact.h). */
	void (*reduce)(const struct viewer *, json_t *row);
	/* The same for a row of a list. */
	void (*reduce_listed)(const struct viewer *, json_t *row);
	const char *list_page; /* "needs" */
	const char *one_page;  /* "need" */
	const char *form_page; /* "need_form" */
	const char *path_fmt;  /* "/needs/%lld" */
};

void board_list(const struct board *, struct request *, struct view *);
void board_new(const struct board *, struct request *, struct view *);
void board_create(const struct board *, struct request *, struct view *);
void board_show(const struct board *, struct request *, struct view *);
void board_status(const struct board *, struct request *, struct view *);
void board_form(const struct board *, struct request *, json_t *);
void board_status_form(const struct board *, struct request *, json_t *);

#endif
