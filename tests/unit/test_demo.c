/* solidarity demo: the network it builds, the workload's determinism. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "domain/retention.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "util/buf.h"

static const char *const q_people = "SELECT count(*) FROM person";
static const char *const q_zones = "SELECT count(*) FROM zone";
static const char *const q_needs = "SELECT count(*) FROM need";
static const char *const q_offers = "SELECT count(*) FROM offer";
static const char *const q_need_states =
    "SELECT count(DISTINCT status) FROM need";
static const char *const q_offer_states =
    "SELECT count(DISTINCT status) FROM offer";
static const char *const q_need_reasons = "SELECT count(*) FROM need "
    "WHERE (status = 'closed') <> (close_reason IS NOT NULL)";
static const char *const q_offer_reasons = "SELECT count(*) FROM offer "
    "WHERE (status = 'closed') <> (close_reason IS NOT NULL)";
static const char *const q_languages =
    "SELECT count(DISTINCT language) FROM person";
static const char *const q_spanish = "SELECT count(*) FROM need n "
    "JOIN person p ON p.id = n.person_id "
    "WHERE p.language = 'es' AND n.details LIKE '%necesito%'";
static const char *const q_accents = "SELECT count(*) FROM person "
    "WHERE name LIKE '%á%' OR name LIKE '%é%' OR name LIKE '%í%' "
    "OR name LIKE '%ó%' OR name LIKE '%ú%' OR name LIKE '%ñ%'";
static const char *const q_tally = "SELECT status, zone_id, category, n "
    "FROM need_tally ORDER BY 1, 2, 3";
static const char *const q_group = "SELECT status, zone_id, category, "
    "count(*) AS n FROM need GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
static const char *const q_open = "SELECT count(*) FROM need "
    "WHERE status = 'open'";
static const char *const q_order = "SELECT count(*) FROM need a "
    "JOIN need b ON b.id = a.id + 1 WHERE b.created_at <= a.created_at";
static const char *const q_zone_people = "SELECT count(*) FROM need n "
    "JOIN person p ON p.id = n.person_id WHERE p.zone_id <> n.zone_id";
/* PostgreSQL wants a name on a subquery in FROM; SQLite takes one. */
static const char *const q_pairs = "SELECT count(*) FROM (SELECT 1 FROM "
    "need GROUP BY zone_id, category) AS pairs";
/* PostgreSQL: the tables of the schema the connection works in. */
static const char *const q_tables = "SELECT count(*) "
    "FROM information_schema.tables WHERE table_schema = current_schema()";

/* Every row of every table the demo writes, for byte-for-byte compares. */
static const char *const q_all[] = {
	"SELECT * FROM zone ORDER BY id",
	"SELECT * FROM person ORDER BY id",
	"SELECT * FROM need ORDER BY id",
	"SELECT * FROM offer ORDER BY id",
	"SELECT * FROM need_tally ORDER BY status, zone_id, category",
};

/* Run "solidarity demo --db path [--needs N --zones Z]" in-process. */
static int
demo(const char *path, const char *needs, const char *zones)
{
	char *argv[8];
	int argc = 0;

	argv[argc++] = (char *)"demo";
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)path;
	if (needs != NULL) {
		argv[argc++] = (char *)"--needs";
		argv[argc++] = (char *)needs;
	}
	if (zones != NULL) {
		argv[argc++] = (char *)"--zones";
		argv[argc++] = (char *)zones;
	}
	argv[argc] = NULL;
	/* 0, not 1: glibc then starts getopt afresh for every run. */
	optind = 0;
	fflush(stdout);
	return cmd_demo(argc, argv);
}

static struct db *
open_db(const char *path)
{
	char *err = NULL;
	struct db *db = db_open(path, &err);

	if (db == NULL) {
		printf("# %s\n", err);
		free(err);
	}
	return db;
}

/* need_tally holds, row for row, what counting the asks would give. */
static int
tally_exact(struct db *db)
{
	json_t *a = db_rows(db, q_tally, NULL, 0);
	json_t *b = db_rows(db, q_group, NULL, 0);
	int same = a != NULL && b != NULL && json_array_size(a) > 0 &&
	    json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

static int
same_rows(struct db *x, struct db *y, const char *sql)
{
	json_t *a = db_rows(x, sql, NULL, 0);
	json_t *b = db_rows(y, sql, NULL, 0);
	int same = a != NULL && b != NULL && json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

static void
test_network(const char *path)
{
	struct db *db;
	int64_t people;

	is_int(demo(path, NULL, NULL), 0, "demo builds a network");
	db = open_db(path);
	if (!ok(db != NULL, "the demo database opens"))
		return;
	is_int(db_kind(db), testdb_is_pg() ? DB_POSTGRES : DB_SQLITE,
	    "on %s", testdb_backend());
	people = testdb_int(db, q_people);
	ok(people >= 180 && people <= 220, "about 200 people (%lld)",
	    (long long)people);
	is_int(testdb_int(db, q_zones), 8, "8 zones");
	ok(testdb_int(db, q_needs) > 100, "asks");
	ok(testdb_int(db, q_offers) > 50, "offers");
	is_int(testdb_int(db, q_need_states), 4, "asks in every state");
	is_int(testdb_int(db, q_offer_states), 4, "offers in every state");
	is_int(testdb_int(db, q_need_reasons), 0,
	    "closed asks and only they have a reason");
	is_int(testdb_int(db, q_offer_reasons), 0,
	    "closed offers and only they have a reason");
	is_int(testdb_int(db, q_languages), 2, "people speak en and es");
	ok(testdb_int(db, q_spanish) > 0, "Spanish speakers ask in Spanish");
	ok(testdb_int(db, q_accents) > 0, "names keep their accents");
	is_int(testdb_int(db, q_zone_people), 0, "people ask in their own zone");
	ok(tally_exact(db), "need_tally matches the asks row for row");
	{
		struct retention_counts c;

		/* Regression: the demo was older than the retention, so the
		 * server's first purge emptied a third of it. */
		ok(retention_purge(db, RETENTION_DAYS_DEFAULT, &c) >= 0,
		    "a purge at the default retention runs");
		ok(c.asks == 0 && c.offers == 0 && c.people == 0,
		    "and leaves the demo whole");
	}
	db_close(db);

	is_int(demo(path, NULL, NULL), 1, "a second run refuses");
	db = open_db(path);
	if (db == NULL)
		return;
	is_int(testdb_int(db, q_people), people, "and adds nothing");
	db_close(db);
}

static void
test_workload(const char *b_path, const char *c_path)
{
	struct db *b, *c;
	int64_t open;
	size_t i;

	is_int(demo(b_path, "2000", "5"), 0, "the workload builds");
	is_int(demo(c_path, "2000", "5"), 0, "and builds again elsewhere");
	b = open_db(b_path);
	c = open_db(c_path);
	if (!ok(b != NULL && c != NULL, "both databases open")) {
		db_close(b);
		db_close(c);
		return;
	}
	is_int(testdb_int(b, q_needs), 2000, "2000 asks");
	is_int(testdb_int(b, q_zones), 5, "5 zones");
	is_int(testdb_int(b, q_people), 500, "a person for every four asks");
	is_int(testdb_int(b, q_offers), 0, "no offers");
	is_int(testdb_int(b, q_pairs), 5 * 12, "every zone and category has asks");
	open = testdb_int(b, q_open);
	ok(open > 700 && open < 900, "about 40%% open (%lld)",
	    (long long)open);
	is_int(testdb_int(b, q_need_reasons), 0, "closed asks have a reason");
	is_int(testdb_int(b, q_order), 0, "created_at rises with the id");
	is_int(testdb_int(b, q_zone_people), 0, "people ask in their own zone");
	ok(tally_exact(b), "need_tally matches the asks row for row");
	for (i = 0; i < sizeof(q_all) / sizeof(q_all[0]); i++)
		ok(same_rows(b, c, q_all[i]), "two runs agree: %s", q_all[i]);
	db_close(b);
	db_close(c);
	is_int(demo(b_path, "2000", "5"), 1, "the workload wants an empty "
	    "database too");
}

/* Whether the demo left a database at path: a file, or tables in a schema. */
static int
db_made(const char *path)
{
	struct db *db;
	int64_t n;

	if (!testdb_is_pg())
		return access(path, F_OK) == 0;
	if ((db = open_db(path)) == NULL)
		return -1;
	n = testdb_int(db, q_tables);
	db_close(db);
	return n == 0 ? 0 : 1;
}

static void
test_usage(const char *path)
{
	is_int(demo(path, "10", NULL), 2, "--needs without --zones");
	is_int(demo(path, NULL, "3"), 2, "--zones without --needs");
	is_int(demo(path, "abc", "5"), 2, "a --needs that is no number");
	is_int(demo(path, "10", "5x"), 2, "a --zones with junk");
	is_int(demo(path, "0", "5"), 2, "--needs 0");
	is_int(db_made(path), 0, "bad usage creates no database");
}

/* A SQLite database's file and the two beside it; nothing on PostgreSQL. */
static void
remove_db(const struct testdb *t)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	struct buf path = BUF_INIT;
	size_t i;

	if (testdb_is_pg())
		return;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", t->url, suffixes[i]);
		unlink(path.ptr);
	}
	buf_free(&path);
}

int
main(void)
{
	static const char *const names[] = {
		"network", "workload1", "workload2", "unused"
	};
	char dir[] = "/tmp/solidarity-demo-XXXXXX";
	struct testdb t[sizeof(names) / sizeof(names[0])];
	size_t i;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		testdb_make(&t[i], dir, names[i]);

	test_network(t[0].url);
	test_workload(t[1].url, t[2].url);
	test_usage(t[3].url);

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		remove_db(&t[i]);
		testdb_drop(&t[i]);
	}
	rmdir(dir);
	return tap_done();
}
