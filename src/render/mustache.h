/*
 * Our Mustache renderer: templates are parsed once into a tree and rendered
 * many times against jansson values. It implements the official spec
 * (interpolation, sections, inverted, comments, partials, set delimiters and
 * inheritance: blocks {{$x}} and parents {{<x}}); lambdas are not supported.
 * {{x}} escapes HTML; {{{x}}} and {{&x}} do not.
 */
#ifndef MUSTACHE_H
#define MUSTACHE_H

#include <stddef.h>
#include <jansson.h>

#include "../util/buf.h"

struct mustache;

/*
 * Looks up a partial or parent template by name; returns NULL when there is
 * none (which renders as nothing, per the spec). The template stays owned by
 * whoever provides it.
 */
typedef const struct mustache *(
    *mustache_partial_fn)(void *arg, const char *name, size_t namelen);

/*
 * Parse src (len bytes, need not be NUL-terminated). Returns NULL on a syntax
 * error and, when err is not NULL, stores a malloc'd message such as
 * "line 3: unclosed section \"items\"" that the caller frees.
 */
struct mustache *mustache_parse(const char *src, size_t len, char **err);
void mustache_free(struct mustache *);

/*
 * Render t into out. stack holds depth context values, stack[0] the
 * outermost; names are looked up from the innermost outwards. partials may
 * be NULL. Appends to out; never fails on data (missing names render
 * empty). Returns 0, or -1 if partials nest deeper than a fixed limit
 * (a recursive partial with no base case).
 */
int mustache_render(const struct mustache *t, json_t *const *stack,
    size_t depth, mustache_partial_fn partials, void *arg, struct buf *out);

#endif
