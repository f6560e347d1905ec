/* Categories of asks and offers: data in the database, not code. */
#ifndef CATEGORY_H
#define CATEGORY_H

#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/* All categories in display order, as an array of {code, label}. */
int category_all(struct db *, json_t **out, struct problem *);
/* 1 if a category with this code exists, 0 if not, -1 on error. */
int category_exists(struct db *, const char *code);

#endif
