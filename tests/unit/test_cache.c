/*
 * The response cache: a hit only for the same key at the same database
 * generation, and, for a page that tells the time in words, only until
 * those words would change (its fresh seconds).
 */
#include <string.h>

#include "tap.h"
#include "http/cache.h"
#include "util/banned.h"

/* A 200 HTML answer with body, true for fresh seconds (0: no limit). */
static void
page(struct response *r, const char *body, long fresh)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	buf_adds(&r->body, body);
	r->fresh = fresh;
}

/* Whether key at gen is a hit at now, with body. */
static int
hit(const char *key, uint64_t gen, long now, const char *body)
{
	struct response r;
	int got;

	memset(&r, 0, sizeof(r));
	got = cache_get(key, gen, now, &r);
	if (got && (r.body.len != strlen(body) ||
		       memcmp(r.body.ptr, body, r.body.len) != 0))
		got = 0;
	buf_free(&r.body);
	return got;
}

int
main(void)
{
	struct response r;

	page(&r, "3 minutes ago", 40);
	cache_put("H en s1 /needs", 7, 1000, &r);
	buf_free(&r.body);
	ok(hit("H en s1 /needs", 7, 1000, "3 minutes ago"), "a hit at once");
	ok(hit("H en s1 /needs", 7, 1039, "3 minutes ago"),
	    "and while its words stay true");
	ok(!hit("H en s1 /needs", 7, 1040, "3 minutes ago"),
	    "not once they would say 4 minutes");
	ok(!hit("H en s1 /needs", 8, 1000, "3 minutes ago"),
	    "nor at another generation");
	ok(!hit("H en s2 /needs", 7, 1000, "3 minutes ago"),
	    "nor for another key");

	page(&r, "{\"items\":[]}", 0);
	cache_put("J en s1 /needs", 7, 1000, &r);
	buf_free(&r.body);
	ok(hit("J en s1 /needs", 7, 1000 + 86400 * 30, "{\"items\":[]}"),
	    "a page without times lasts as long as its generation");

	page(&r, "not kept", 0);
	r.status = 404;
	cache_put("H en s1 /nowhere", 7, 1000, &r);
	buf_free(&r.body);
	ok(!hit("H en s1 /nowhere", 7, 1000, "not kept"),
	    "only a 200 is kept");
	cache_clear();
	ok(!hit("J en s1 /needs", 7, 1000, "{\"items\":[]}"),
	    "cleared, nothing is left");
	return tap_done();
}
