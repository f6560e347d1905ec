/*
 * The sets kept in tables of their own, on both backends: every id must
 * name a row (the first that does not is named, and nothing is read past
 * it), a set is replaced whole or added to without repeats, and read back
 * in order; tags likewise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"
#include "domain/links.h"
#include "domain/person.h"
#include "domain/zone.h"

static struct db *db;
static const char *const now = "2026-12-01T10:00:00Z";

/* The items of a set as "a b c", or "error". */
static const char *
set(enum links_set which, int64_t owner)
{
	static char out[256];
	json_t *items = links_list(db, which, owner), *v;
	size_t i, n = 0;

	if (items == NULL)
		return "error";
	out[0] = '\0';
	json_array_foreach (items, i, v)
		n += (size_t)(json_is_integer(v)
			? snprintf(out + n, sizeof(out) - n, "%s%lld",
			      i ? " " : "", (long long)json_integer_value(v))
			: snprintf(out + n, sizeof(out) - n, "%s%s",
			      i ? " " : "", json_string_value(v)));
	json_decref(items);
	return out;
}

static int64_t
row(const char *sql)
{
	is_int(db_exec(db, sql, NULL, 0), 1, "%s", sql);
	return testdb_int(db, "SELECT max(id) FROM grievance");
}

static void
ids(int64_t zone_a, int64_t zone_b, int64_t person, int64_t g)
{
	char both[64], one[32], who[32];
	struct problem p = { 0 };
	json_t *good = json_pack("[I,I]", zone_b, zone_a);
	json_t *bad = json_pack("[I,I]", zone_a, zone_b + 1000);

	snprintf(both, sizeof(both), "%lld %lld", (long long)zone_a,
	    (long long)zone_b);
	snprintf(one, sizeof(one), "%lld", (long long)zone_b);
	snprintf(who, sizeof(who), "%lld", (long long)person);
	is_int(links_check(db, LINKS_GRIEVANCE_ZONE, good, "zone_ids", &p), 0,
	    "every id names a zone");
	is_int(links_check(db, LINKS_GRIEVANCE_ZONE, NULL, "zone_ids", &p), 0,
	    "no ids: nothing to check");
	is_int(links_check(db, LINKS_GRIEVANCE_ZONE, bad, "zone_ids", &p), -1,
	    "an id of no zone is refused");
	ok(p.kind == PROBLEM_INVALID && strcmp(p.msg, "err_no_zone") == 0 &&
		strcmp(p.field, "zone_ids") == 0,
	    "as a 422 naming the field");
	p = (struct problem){ 0 };
	is_int(links_check(db, LINKS_GRIEVANCE_PERSON, good, "person_ids", &p),
	    -1, "zone ids are no people");
	is_str(p.msg, "err_no_person", "and the message says people");

	is_int(links_replace(db, LINKS_GRIEVANCE_ZONE, g, good), 0,
	    "a set replaced");
	is_str(set(LINKS_GRIEVANCE_ZONE, g), both, "read back in order");
	json_decref(good);
	good = json_pack("[I]", zone_b);
	is_int(links_add(db, LINKS_GRIEVANCE_ZONE, g, good), 0,
	    "an id already there added again");
	is_str(set(LINKS_GRIEVANCE_ZONE, g), both, "is not repeated");
	is_int(links_replace(db, LINKS_GRIEVANCE_ZONE, g, good), 0,
	    "replaced by a smaller set");
	is_str(set(LINKS_GRIEVANCE_ZONE, g), one, "only it is left");
	is_int(links_replace(db, LINKS_GRIEVANCE_ZONE, g, NULL), 0,
	    "replaced by none");
	is_str(set(LINKS_GRIEVANCE_ZONE, g), "", "the set is empty");
	json_decref(good);
	json_decref(bad);

	good = json_pack("[I]", person);
	is_int(links_add(db, LINKS_GRIEVANCE_PERSON, g, good), 0,
	    "a person added");
	is_str(set(LINKS_GRIEVANCE_PERSON, g), who, "and read back");
	is_str(set(LINKS_GRIEVANCE_PERSON, g + 1), "",
	    "another grievance has none");
	json_decref(good);
}

static void
tags(int64_t g)
{
	json_t *t = json_pack("[s,s]", "no-heat", "mould");

	is_int(links_replace(db, LINKS_GRIEVANCE_TAG, g, t), 0, "tags kept");
	is_str(set(LINKS_GRIEVANCE_TAG, g), "mould no-heat",
	    "in alphabetical order");
	json_decref(t);
	t = json_pack("[s,s]", "no-heat", "rats");
	is_int(links_add(db, LINKS_GRIEVANCE_TAG, g, t), 0, "tags added");
	is_str(set(LINKS_GRIEVANCE_TAG, g), "mould no-heat rats", "each once");
	json_decref(t);
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-links-XXXXXX";
	struct testdb t;
	char *err = NULL;
	int from, to;
	int64_t a, b, person, g;
	json_t *in;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "l");
	db = testdb_open(t.url);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "%s: migrated", testdb_backend());
	in = json_pack("{s:s}", "name", "12 Elm St");
	a = zone_insert(db, in, now);
	json_decref(in);
	in = json_pack("{s:s}", "name", "14 Elm St");
	b = zone_insert(db, in, now);
	json_decref(in);
	in = json_pack("{s:s}", "name", "Ana");
	person = person_insert(db, in, now);
	json_decref(in);
	g = row("INSERT INTO grievance (title, created_at, updated_at) "
		"VALUES ('No heat', '2026-12-01', '2026-12-01')");
	ids(a, b, person, g);
	tags(g);
	db_close(db);
	testdb_drop(&t);
	testdb_rmdir(dir);
	return tap_done();
}
