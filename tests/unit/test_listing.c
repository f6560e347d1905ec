/*
 * Listings (domain/listing.h) over a table of the test's own, on the
 * backend under test: the statement built for every combination of
 * filters, the tally answering only where it may, the text search with
 * % _ and \ escaped and so taken literally, paging and its defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"
#include "domain/listing.h"
#include "util/buf.h"

static char dir[] = "/tmp/solidarity-listing-XXXXXX";

static const char *const setup =
    "CREATE TABLE item (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
    "n INTEGER NOT NULL, label TEXT NOT NULL);"
    "INSERT INTO item VALUES (1, 'a', 1, '50%'), (2, 'a', 2, '500'), "
    "(3, 'b', 1, 'a_b'), (4, 'b', 2, 'axb'), (5, 'a', 1, 'a\\b'), "
    "(6, 'b', 1, 'ab');"
    /* Counts no recount gives, so that a total says who answered. */
    "CREATE TABLE item_tally (kind TEXT NOT NULL, c INTEGER NOT NULL);"
    "INSERT INTO item_tally VALUES ('a', 100), ('b', 200);";

static const char *const item_conds[] = {
	"i.kind = ?",
	"i.n = ?",
	"i.label LIKE ? ESCAPE '\\'",
	NULL
};

static struct listing items = {
	.select = "SELECT i.id FROM item i",
	.count = "SELECT count(*) FROM item i",
	.order = "ORDER BY i.id",
	.conds = item_conds,
	.tally = "SELECT coalesce(sum(i.c), 0) FROM item_tally i",
	.tally_mask = 0x1,	/* kind */
	.like = 3,		/* label */
};

/* Every combination of filters: its WHERE, and whether the tally counts. */
static const struct {
	const char	*where;
	int		 tally;
} shapes[1 << 3] = {
	{ "", 1 },
	{ " WHERE i.kind = ?", 1 },
	{ " WHERE i.n = ?", 0 },
	{ " WHERE i.kind = ? AND i.n = ?", 0 },
	{ " WHERE i.label LIKE ? ESCAPE '\\'", 0 },
	{ " WHERE i.kind = ? AND i.label LIKE ? ESCAPE '\\'", 0 },
	{ " WHERE i.n = ? AND i.label LIKE ? ESCAPE '\\'", 0 },
	{ " WHERE i.kind = ? AND i.n = ? AND i.label LIKE ? ESCAPE '\\'", 0 },
};

/*
 * A query: kind, n (0: none) and q (NULL: none) with the LIKE pattern q
 * must become, a page, and the answer: the total and the ids.
 */
static const struct {
	const char	*kind;
	int64_t		 n;
	const char	*q, *like;
	int64_t		 limit, offset;
	int64_t		 total;
	const char	*ids;
	const char	*why;
} queries[] = {
	{ NULL, 0, NULL, NULL, 50, 0, 300, "1 2 3 4 5 6",
	    "no filter: the tally counts" },
	{ "a", 0, NULL, NULL, 50, 0, 100, "1 2 5", "kind: the tally counts" },
	{ NULL, 1, NULL, NULL, 50, 0, 4, "1 3 5 6", "n: a recount" },
	{ "a", 1, NULL, NULL, 50, 0, 2, "1 5", "kind and n: a recount" },
	{ NULL, 0, "%", "%\\%%", 50, 0, 1, "1", "a search for % is literal" },
	{ NULL, 0, "_", "%\\_%", 50, 0, 1, "3", "a search for _ is literal" },
	{ NULL, 0, "\\", "%\\\\%", 50, 0, 1, "5",
	    "a search for \\ is literal" },
	{ NULL, 0, "%_\\", "%\\%\\_\\\\%", 50, 0, 0, "",
	    "all three escaped at once" },
	{ NULL, 0, "0", "%0%", 50, 0, 2, "1 2", "a search matches inside" },
	{ NULL, 0, "", "%%", 50, 0, 6, "1 2 3 4 5 6",
	    "an empty search matches all, recounted" },
	{ NULL, 0, "se\xc3\xb1ora", "%se\xc3\xb1ora%", 50, 0, 0, "",
	    "UTF-8 is left as it is" },
	{ "b", 0, "a", "%a%", 50, 0, 3, "3 4 6",
	    "kind and a search: a recount" },
	{ "b", 2, "x", "%x%", 50, 0, 1, "4", "all three filters" },
	{ "c", 0, NULL, NULL, 50, 0, 0, "", "a kind with no rows" },
	{ NULL, 0, NULL, NULL, 2, 1, 300, "2 3", "a page: limit and offset" },
	{ NULL, 1, NULL, NULL, 3, 3, 4, "6", "the last page" },
	{ NULL, 1, NULL, NULL, 3, 10, 4, "", "a page past the end" },
};

static const struct {
	const char	*in;
	int64_t		 limit, offset;
} pages[] = {
	{ "{}", LISTING_LIMIT_DEFAULT, 0 },
	{ "{\"limit\":5,\"offset\":2}", 5, 2 },
	{ "{\"offset\":7}", LISTING_LIMIT_DEFAULT, 7 },
	{ "{\"limit\":\"5\"}", LISTING_LIMIT_DEFAULT, 0 },
};

/* The statements built for mask, against the shape wanted. */
static void
listing_shape(unsigned mask)
{
	struct buf want = BUF_INIT;

	buf_printf(&want, "SELECT i.id FROM item i%s ORDER BY i.id "
	    "LIMIT ? OFFSET ?", shapes[mask].where);
	is_str(items.list_sql[mask], want.ptr, "filters %u: the list", mask);
	buf_reset(&want);
	buf_printf(&want, "SELECT count(*) FROM item i%s", shapes[mask].where);
	is_str(items.count_sql[mask], want.ptr, "filters %u: the count", mask);
	buf_reset(&want);
	if (shapes[mask].tally)
		buf_printf(&want, "SELECT coalesce(sum(i.c), 0) FROM "
		    "item_tally i%s", shapes[mask].where);
	is_str(items.tally_sql[mask], shapes[mask].tally ? want.ptr : NULL,
	    "filters %u: %s", mask, shapes[mask].tally ? "the tally" :
	    "no tally");
	buf_free(&want);
}

/* Run query i and compare the total and the ids of its page. */
static void
listing_query(struct db *db, size_t i)
{
	struct db_val vals[3];
	struct problem p = { 0 };
	struct buf ids = BUF_INIT;
	json_t *out = NULL, *item;
	size_t k;
	char *like;

	if (queries[i].q != NULL) {
		like = listing_like(queries[i].q);
		is_str(like, queries[i].like, "%s: the pattern",
		    queries[i].why);
		free(like);
	}
	vals[0] = queries[i].kind ? DBV_TEXT(queries[i].kind) : DBV_NULL;
	vals[1] = queries[i].n ? DBV_INT(queries[i].n) : DBV_NULL;
	vals[2] = queries[i].q ? DBV_TEXT(queries[i].q) : DBV_NULL;
	if (!ok(listing_run(db, &items, vals, queries[i].limit,
	    queries[i].offset, &out, &p) == 0, "%s: runs", queries[i].why)) {
		printf("#   %s\n", db_errmsg(db));
		return;
	}
	json_array_foreach(json_object_get(out, "items"), k, item) {
		buf_printf(&ids, "%s%lld", k > 0 ? " " : "", (long long)
		    json_integer_value(json_object_get(item, "id")));
	}
	is_str(ids.ptr != NULL ? ids.ptr : "", queries[i].ids, "%s: the rows",
	    queries[i].why);
	is_int(json_integer_value(json_object_get(out, "total")),
	    queries[i].total, "%s: the total", queries[i].why);
	ok(json_integer_value(json_object_get(out, "limit")) ==
	    queries[i].limit && json_integer_value(json_object_get(out,
	    "offset")) == queries[i].offset, "%s: the page said back",
	    queries[i].why);
	json_decref(out);
	buf_free(&ids);
}

static void
listing_pure(void)
{
	struct db_val vals[4] = { DBV_NULL, DBV_NULL, DBV_NULL, DBV_INT(1) };
	int64_t limit, offset;
	json_t *in;
	size_t i;
	unsigned mask;

	for (mask = 0; mask < 8; mask++) {
		vals[0] = mask & 1 ? DBV_TEXT("a") : DBV_NULL;
		vals[1] = mask & 2 ? DBV_INT(0) : DBV_NULL;
		vals[2] = mask & 4 ? DBV_TEXT("") : DBV_NULL;
		is_int(listing_mask(&items, vals), mask,
		    "filters %u present (the value past the last ignored)",
		    mask);
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		in = json_loads(pages[i].in, 0, NULL);
		listing_page(in, &limit, &offset);
		ok(limit == pages[i].limit && offset == pages[i].offset,
		    "page of %s: limit %lld offset %lld", pages[i].in,
		    (long long)limit, (long long)offset);
		json_decref(in);
	}
}

int
main(void)
{
	struct testdb t;
	struct db *db;
	char *err = NULL, cmd[80];
	size_t i;
	unsigned mask;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "listing");
	db = db_open(t.url, &err);
	if (!ok(db != NULL && db_script(db, setup) == 0, "a table to list on "
	    "%s", testdb_backend())) {
		printf("#   %s\n", err != NULL ? err : db_errmsg(db));
		return tap_done();
	}
	listing_pure();
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		listing_query(db, i);
	for (mask = 0; mask < 8; mask++)
		listing_shape(mask);
	db_close(db);
	testdb_drop(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", dir);
	return tap_done();
}
