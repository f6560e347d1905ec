/*
 * The response cache: a hit only for the same key while nothing the page
 * read has changed since (db/change.h), a zone's asks by zone, and, for a
 * page that tells the time in words, only until those words would change
 * (its fresh seconds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "db/change.h"
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

/* A zone's rows, of one category or (NULL) all. */
static struct change_scope
scope(int64_t zone, const char *category)
{
	return (struct change_scope){ zone,
		category != NULL ? change_part(category) : 0 };
}

/*
 * Keep body for key, read as of now: tables, and the asks of zone (and
 * of category in it, unless NULL).
 */
static void
keep_part(const char *key, const char *body, long fresh, long now,
    const char *const *tables, int64_t zone, const char *category)
{
	struct change_set read, zoned;
	struct response r;

	change_clear(&read);
	change_clear(&zoned);
	for (; *tables != NULL; tables++)
		change_add_table(&zoned, *tables);
	change_add_zoned(&read, &zoned, scope(zone, category));
	page(&r, body, fresh);
	cache_put(key, change_now(), &read, now, &r);
	buf_free(&r.body);
}

/* Keep body for key, read as of now: tables, and the asks of zone. */
static void
keep(const char *key, const char *body, long fresh, long now,
    const char *const *tables, int64_t zone)
{
	keep_part(key, body, fresh, now, tables, zone, NULL);
}

/* Whether key is a hit at now, with body. */
static int
hit(const char *key, long now, const char *body)
{
	struct response r;
	int got;

	memset(&r, 0, sizeof(r));
	got = cache_get(key, now, &r);
	if (got && (r.body.len != strlen(body) ||
		       memcmp(r.body.ptr, body, r.body.len) != 0))
		got = 0;
	buf_free(&r.body);
	return got;
}

/*
 * A write of table, within zone (0: of any rows) and its category (NULL:
 * of any), committed.
 */
static void
wrote_part(const char *table, int64_t zone, const char *category)
{
	struct change_set w, one;

	change_clear(&w);
	change_clear(&one);
	change_add_table(&one, table);
	change_add_zoned(&w, &one, scope(zone, category));
	change_publish(&w);
}

static void
wrote(const char *table, int64_t zone)
{
	wrote_part(table, zone, NULL);
}

static const char *const asks[] = { "need", "need_tally", "person", NULL };
static const char *const zones[] = { "zone", NULL };

/* Key of list page i of a day's 1,920 (40 zones, 12 categories, 4 pages). */
static void
day_key(char *key, size_t len, int i)
{
	snprintf(key, len, "J en t1 /needs?status=open&zone_id=%d&category=c%d"
	    "&limit=50&offset=%d", i % 40 + 1, i / 40 % 12, 50 * (i / 480));
}

/* List page i read: 1 when found, else 0, and kept as a handler would. */
static int
day_read(int i)
{
	char key[128];

	day_key(key, sizeof(key), i);
	if (hit(key, 1000, "list"))
		return 1;
	keep(key, "list", 0, 1000, asks, 0);
	return 0;
}

/*
 * A day's list pages, read again and again, are all kept, and stay kept
 * while asks read once each by id come and go (bench/mix.lua's traffic).
 */
static void
test_day(void)
{
	char other[64];
	int i, round, found = 0, after = 0;

	cache_clear();
	for (i = 0; i < 1920; i++)
		day_read(i);
	for (round = 0; round < 3; round++)
		for (i = 0; i < 1920; i++)
			found += day_read(i);
	ok(found >= 3 * 1920 * 99 / 100, "a day's 1,920 list pages read "
	    "three times: %d of %d found", found, 3 * 1920);
	for (round = 0; round < 3; round++)
		for (i = 0; i < 1920; i++) {
			snprintf(other, sizeof(other), "J en t1 /needs/%d",
			    round * 1920 + i);
			keep(other, "one ask", 0, 1000, asks, 0);
			after += day_read(i);
		}
	ok(after >= 3 * 1920 * 99 / 100, "and still, with as many asks "
	    "read once by id between them: %d of %d", after, 3 * 1920);
	cache_clear();
}

int
main(void)
{
	struct response r;
	struct change_set w;
	char key[64], *big;
	int i, kept;
	uint32_t seed;

	keep("H en s1 /needs", "3 minutes ago", 40, 1000, zones, 0);
	ok(hit("H en s1 /needs", 1000, "3 minutes ago"), "a hit at once");
	ok(hit("H en s1 /needs", 1039, "3 minutes ago"),
	    "and while its words stay true");
	ok(!hit("H en s1 /needs", 1040, "3 minutes ago"),
	    "not once they would say 4 minutes");
	ok(!hit("H en s2 /needs", 1000, "3 minutes ago"),
	    "nor for another key");

	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	ok(hit("J en s1 /zones", 1000 + 86400 * 30, "{\"items\":[]}"),
	    "a page without times lasts as long as what it read");
	wrote("person", 0);
	ok(hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "a write of a table it did not read leaves it");
	wrote("zone", 0);
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "a write of one it read makes it stale");

	keep("J en s1 /needs?zone_id=7", "seven", 0, 1000, asks, 7);
	keep("J en s1 /needs", "all", 0, 1000, asks, 0);
	wrote("need", 3);
	ok(hit("J en s1 /needs?zone_id=7", 1000, "seven"),
	    "a new ask in zone 3 leaves zone 7's list");
	ok(!hit("J en s1 /needs", 1000, "all"),
	    "but not the list of every zone");
	wrote("need_tally", 7);
	ok(!hit("J en s1 /needs?zone_id=7", 1000, "seven"),
	    "one in zone 7 makes it stale");
	keep("J en s1 /needs?zone_id=7", "seven", 0, 1000, asks, 7);
	wrote("need", 0);
	ok(!hit("J en s1 /needs?zone_id=7", 1000, "seven"),
	    "as does a write of asks not said to be one zone's");
	keep("J en s1 /needs?zone_id=7", "seven", 0, 1000, asks, 7);
	wrote("person", 3);
	ok(!hit("J en s1 /needs?zone_id=7", 1000, "seven"),
	    "a table that is not zoned is whole even in a zone's scope");

	keep_part("J en s1 /needs?zone_id=7&category=rent", "rent", 0, 1000,
	    asks, 7, "rent");
	keep_part("J en s1 /needs?zone_id=7&category=groceries", "food", 0, 1000,
	    asks, 7, "groceries");
	keep_part("J en s1 /needs?zone_id=7&x", "any", 0, 1000, asks, 7,
	    NULL);
	wrote_part("need", 7, "rent");
	ok(!hit("J en s1 /needs?zone_id=7&category=rent", 1000, "rent"),
	    "a new ask for rent in zone 7 makes its list of rent stale");
	ok(hit("J en s1 /needs?zone_id=7&category=groceries", 1000, "food"),
	    "and leaves its list of groceries");
	ok(!hit("J en s1 /needs?zone_id=7&x", 1000, "any"),
	    "but not its list of every category");
	wrote_part("need_tally", 3, "groceries");
	ok(hit("J en s1 /needs?zone_id=7&category=groceries", 1000, "food"),
	    "groceries in zone 3 leave zone 7's groceries");
	wrote("need", 7);
	ok(!hit("J en s1 /needs?zone_id=7&category=groceries", 1000, "food"),
	    "a write of zone 7's asks of any category makes it stale");
	{
		struct change_set read, one;

		change_clear(&read);
		change_clear(&one);
		change_add_table(&one, "need");
		change_add_zoned(&read, &one, scope(7, "rent"));
		change_add_zoned(&read, &one, scope(7, "groceries"));
		page(&r, "both", 0);
		cache_put("J en s1 /two", change_now(), &read, 1000, &r);
		buf_free(&r.body);
	}
	wrote_part("need", 7, "medical");
	ok(!hit("J en s1 /two", 1000, "both"),
	    "a page of two categories of a zone is all of it: a third's "
	    "new ask makes it stale");

	change_clear(&w);
	change_add_table(&w, "zone");
	change_add_table(&w, "login_session");
	change_forget_table(&w, "login_session");
	page(&r, "{\"items\":[]}", 0);
	cache_put("J en s1 /zones", change_now(), &w, 1000, &r);
	buf_free(&r.body);
	wrote("login_session", 0);
	ok(hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "a table taken out of what a page read no longer makes it stale");
	wrote("zone", 0);
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "what is left still does");

	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	change_flush();
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "a flush makes everything stale");
	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	change_clear(&w);
	w.every = 1;
	change_publish(&w);
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "as does a write of anything (a script)");

	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	change_mine(41);
	change_mine(42);
	change_seen(40, 42);
	ok(hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "marks that are all ours flush nothing");
	change_seen(42, 43);
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "one that is not ours flushes");
	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	change_seen(43, 43 + 5000);
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "as do more marks than are remembered");

	/*
	 * Pages of the same letter, near the largest kept: compressed, the
	 * budget holds 50 of them (10 MB as they are, more than the budget),
	 * and each comes back as it went in.
	 */
	big = malloc(200 * 1024 + 1);
	memset(big, 'x', 200 * 1024);
	big[200 * 1024] = '\0';
	for (i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "J en s1 /people/%d", i);
		keep(key, big, 0, 1000, asks, 0);
	}
	kept = 1;
	for (i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "J en s1 /people/%d", i);
		kept &= hit(key, 1000, big);
	}
	ok(kept, "50 pages that compress, more than the budget as they are, "
	    "all kept and read back whole");
	cache_clear();

	/*
	 * Pages that do not compress (letters at random), near the largest
	 * kept, so that the budget holds a few.
	 */
	for (i = 0, seed = 2463534242u; i < 200 * 1024; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		big[i] = (char)('a' + seed % 26);
	}
	keep("J en s1 /needs?zone_id=1", big, 0, 1000, asks, 1);
	kept = 1;
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "J en s1 /needs/%d", i);
		keep(key, big, 0, 1000, asks, 0);
		kept &= hit("J en s1 /needs?zone_id=1", 1000, big);
	}
	ok(kept, "a page read again and again stays while 200 pages read "
	    "once (five times what the budget holds) come and go");
	ok(hit(key, 1000, big), "and the newest of those is kept too");
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "J en s1 /offers/%d", i);
		keep(key, big, 0, 1000, asks, 0);
	}
	ok(!hit("J en s1 /needs?zone_id=1", 1000, big),
	    "once no longer read, it makes room for others");
	ok(hit(key, 1000, big), "which come in");
	free(big);

	test_day();

	page(&r, "not kept", 0);
	r.status = 404;
	change_clear(&w);
	cache_put("H en s1 /nowhere", change_now(), &w, 1000, &r);
	buf_free(&r.body);
	ok(!hit("H en s1 /nowhere", 1000, "not kept"), "only a 200 is kept");
	keep("J en s1 /zones", "{\"items\":[]}", 0, 1000, zones, 0);
	cache_clear();
	ok(!hit("J en s1 /zones", 1000, "{\"items\":[]}"),
	    "cleared, nothing is left");
	return tap_done();
}
