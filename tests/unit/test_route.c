/*
 * Route matching: a pattern against a path, segment by segment, ":id"
 * taking a positive integer that fits int64_t (the cases are in
 * tests/unit/cases/route.json); then the whole route table,
 * whose every route must be reachable (no earlier row of the same method
 * takes its paths) and documented in docs/api.md (read from disk, so run
 * from the repository root).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "http/route.h"
#include "util/buf.h"

/* The cases: a pattern, a path, whether they match and the id stored. */
#define CASES	"tests/unit/cases/route.json"

/* Where a contributor reads what each route takes and answers. */
#define API_DOC	"docs/api.md"

/* An id no path gives: a match without ":id" must leave it alone. */
#define UNTOUCHED	(-7)

static void
route_case(json_t *c)
{
	const char *pattern = json_string_value(json_object_get(c, "pattern"));
	const char *path = json_string_value(json_object_get(c, "path"));
	const char *why = json_string_value(json_object_get(c, "why"));
	json_t *want = json_object_get(c, "id");
	int match = json_is_true(json_object_get(c, "match"));
	int64_t id = UNTOUCHED;

	if (pattern == NULL || path == NULL || why == NULL) {
		ok(0, "a case needs a pattern, a path and why");
		return;
	}
	is_int(route_match(pattern, path, &id), match, "%s: %s against %s",
	    why, path, pattern);
	if (match)
		is_int(id, json_is_integer(want) ? json_integer_value(want) :
		    UNTOUCHED, "%s: the id", why);
}

/*
 * The path a pattern stands for with id in place of ":id" and secret in
 * place of "*".
 */
static void
route_path(struct buf *b, const char *pattern, const char *id,
    const char *secret)
{
	const char *p;

	buf_reset(b);
	while ((p = strpbrk(pattern, ":*")) != NULL) {
		buf_add(b, pattern, (size_t)(p - pattern));
		if (*p == '*') {
			buf_adds(b, secret);
			pattern = p + 1;
			continue;
		}
		if (strncmp(p, ":id", 3) != 0) {
			buf_addc(b, ':');
			pattern = p + 1;
			continue;
		}
		buf_adds(b, id);
		pattern = p + 3;
	}
	buf_adds(b, pattern);
}

/* Each route answers its own paths: no earlier row of its method matches. */
static void
route_reachable(void)
{
	size_t n, i, j;
	const struct route *r = route_table(&n);
	struct buf path = BUF_INIT;
	int64_t id;

	for (i = 0; i < n; i++) {
		route_path(&path, r[i].pattern, "31", "a-Secret_31");
		id = UNTOUCHED;
		ok(route_match(r[i].pattern, path.ptr, &id) &&
		    (strstr(r[i].pattern, ":id") == NULL ? id == UNTOUCHED :
		    id == 31), "%s matches its own path %s", r[i].pattern,
		    path.ptr);
		for (j = 0; j < i; j++)
			if (r[j].method == r[i].method &&
			    route_match(r[j].pattern, path.ptr, &id))
				break;
		ok(j == i, "no earlier route of its method takes %s", path.ptr);
	}
	buf_free(&path);
}

/*
 * Each route is named in docs/api.md as "METHOD /pattern", followed by no
 * more of a path, so that a route added without its line there fails.
 */
static void
route_documented(void)
{
	static const char *const names[METHOD__MAX] = {
		[METHOD_GET] = "GET", [METHOD_HEAD] = "HEAD",
		[METHOD_POST] = "POST", [METHOD_PATCH] = "PATCH",
		[METHOD_OTHER] = "OTHER"
	};
	size_t n, i, len = 0;
	const struct route *r = route_table(&n);
	struct buf want = BUF_INIT, doc = BUF_INIT, path = BUF_INIT;
	const char *at, *end;
	char chunk[8192];
	FILE *f = fopen(API_DOC, "r");

	/* Read whole, however long it grows: a route documented past a
	 * fixed buffer's end was reported missing. */
	if (f != NULL) {
		while ((len = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&doc, chunk, len);
		fclose(f);
	}
	if (!ok(doc.len > 0, "%s is read whole", API_DOC)) {
		buf_free(&doc);
		return;
	}
	for (i = 0; i < n; i++) {
		/* A secret in the path is written SECRET there. */
		route_path(&path, r[i].pattern, ":id", "SECRET");
		buf_reset(&want);
		buf_printf(&want, "%s %s", names[r[i].method], path.ptr);
		for (at = strstr(doc.ptr, want.ptr); at != NULL;
		    at = strstr(at + 1, want.ptr)) {
			end = at + want.len;
			if (*end == '\0' || (!isalnum((unsigned char)*end) &&
			    strchr("/:_-", *end) == NULL))
				break;
		}
		ok(at != NULL, "%s is in %s", want.ptr, API_DOC);
	}
	buf_free(&path);
	buf_free(&want);
	buf_free(&doc);
}

int
main(void)
{
	json_error_t err;
	json_t *doc = json_load_file(CASES, 0, &err), *c;
	size_t i;

	if (!ok(doc != NULL, "the cases in " CASES)) {
		printf("#   %s:%d: %s\n", CASES, err.line, err.text);
		return tap_done();
	}
	json_array_foreach(json_object_get(doc, "cases"), i, c) {
		route_case(c);
	}
	json_decref(doc);
	route_reachable();
	route_documented();
	return tap_done();
}
