/*
 * The zone graph and matches on both backends: hops, kilometres and the
 * zones within a radius; an ask matched to an offer within its quantity
 * or to a volunteer, what is refused (writing nothing), and a match
 * ended giving the offer back. Many matches made together write what
 * match_apply one by one writes, and refuse what it refuses (a stale
 * plan too), writing nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/match.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/reach.h"
#include "domain/zone.h"
#include "domain/viewer.h"
#include "util/buf.h"

static struct db *db;
/* North - Middle - South in a line, Island touching none. */
static int64_t north, middle, south, island, person, user;

static const char *const now = "2026-12-01T10:00:00Z";

static int64_t
zone(const char *name, double lat, double lon, int located)
{
	json_t *in = located ? json_pack("{s:s,s:f,s:f}", "name", name, "lat",
				   lat, "lon", lon)
			     : json_pack("{s:s}", "name", name);
	int64_t id = zone_insert(db, in, now);

	json_decref(in);
	return id;
}

static void
touch(int64_t a, int64_t b)
{
	struct db_val args[2] = { DBV_INT(a), DBV_INT(b) };
	const char *sql = "INSERT INTO zone_adjacent (zone_id, adjacent_id) "
			  "VALUES (?, ?)";
	struct db_val back[2] = { DBV_INT(b), DBV_INT(a) };

	ok(db_exec(db, sql, args, 2) == 1 && db_exec(db, sql, back, 2) == 1,
	    "zones %lld and %lld touch", (long long)a, (long long)b);
}

static int64_t
post(int offer, const char *category, int64_t zone_id, int quantity)
{
	json_t *in = json_pack("{s:I,s:s,s:s,s:I,s:i}", "person_id",
	    (json_int_t)person, "category", category, "details", "x",
	    "zone_id", (json_int_t)zone_id, "urgency", 2);
	int64_t id;

	if (quantity > 0)
		json_object_set_new(in, "quantity", json_integer(quantity));
	id = offer ? offer_insert(db, in, "open", now)
		   : need_insert(db, in, "open", now);
	json_decref(in);
	return id;
}

static void
check_reach(void)
{
	struct problem p = { 0 };
	struct reach *r = NULL;
	int64_t ids[4];
	double km;

	is_int(reach_load(db, &r, &p), 0, "the graph loads");
	is_int(reach_zones(r), 4, "with its four zones");
	is_int(reach_hops(r, north, north), 0, "a zone is 0 hops from itself");
	is_int(reach_hops(r, north, middle), 1, "adjacent: 1 hop");
	is_int(reach_hops(r, middle, north), 1, "both ways");
	is_int(reach_hops(r, north, south), 2, "adjacent to an adjacent: 2");
	is_int(reach_hops(r, north, island), -1, "an island: out of reach");
	is_int(reach_hops(r, north, 999999), -1, "a zone not there");
	km = reach_km(r, north, middle);
	ok(fabs(km - 111.19) < 0.1, "a degree of latitude is 111 km (%.2f)",
	    km);
	ok(reach_km(r, north, south) < 0, "no coordinates: no distance");
	is_int(reach_within(r, north, 0, ids, 4), 1, "radius 0: itself");
	ok(ids[0] == north, "itself first");
	is_int(reach_within(r, north, 1, ids, 4), 2, "radius 1: two zones");
	ok(ids[1] == middle, "then the adjacent one");
	is_int(reach_within(r, north, 2, ids, 4), 3, "radius 2: three");
	ok(ids[2] == south, "then two hops away");
	is_int(reach_within(r, middle, 2, ids, 1), 3,
	    "a short array still counts every zone");
	is_int(reach_within(r, 999999, 2, ids, 4), 0, "none from nowhere");
	reach_free(r);
}

static int64_t
count(const char *sql)
{
	return testdb_int(db, sql);
}

/* match_apply in a transaction of its own: its status, and p. */
static int
apply(int64_t need, int64_t offer, int64_t who, const char *reasons,
    struct problem *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	db_begin(db);
	rc = match_apply(db, need, offer, who, 0, reasons, NULL, p);
	if (rc == 0)
		db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* The status of ask or offer id (the cache keys statements by address). */
static const char *
status_of(const char *table, int64_t id)
{
	static char out[16];
	struct db_val arg = DBV_INT(id);
	json_t *row = NULL;
	const char *sql = strcmp(table, "need") == 0
	    ? "SELECT status FROM need WHERE id = ?"
	    : "SELECT status FROM offer WHERE id = ?";

	out[0] = '\0';
	if (db_row(db, sql, &arg, 1, &row) == 1)
		snprintf(out, sizeof(out), "%s",
		    json_string_value(json_object_get(row, "status")));
	json_decref(row);
	return out;
}

static void
check_match(void)
{
	int64_t n1 = post(0, "groceries", north, 0);
	int64_t n2 = post(0, "groceries", middle, 0);
	int64_t n3 = post(0, "groceries", north, 0);
	int64_t rent = post(0, "rent", north, 0);
	int64_t two = post(1, "groceries", north, 2);
	struct problem p;
	json_t *list = NULL, *m;

	is_int(apply(n1, two, 0, "same_zone urgent", &p), 0,
	    "an ask matched to an offer of two");
	is_str(status_of("need", n1), "matched", "the ask is matched");
	is_str(status_of("offer", two), "open", "the offer has room for one");
	is_int(apply(n1, two, 0, "same_zone", &p), -1, "not twice");
	is_str(p.msg, "err_match_not_open", "the ask is no longer open");
	is_int(apply(rent, two, 0, "same_zone", &p), -1,
	    "not an offer of another category");
	is_str(p.msg, "err_match_category", "says why");
	is_int(apply(n2, two, 0, "Adjacent!", &p), -1, "reasons not codes");
	is_int(p.kind, PROBLEM_INVALID, "a 422");
	is_int(apply(n2, 999999, 0, "x", &p), -1, "an offer not there");
	is_int(p.kind, PROBLEM_NOT_FOUND, "a 404");
	is_str(p.field, "offer_id", "naming the offer");
	is_int(apply(999999, two, 0, "x", &p), -1, "an ask not there");
	is_int(p.kind, PROBLEM_NOT_FOUND, "a 404");
	is_int(count("SELECT count(*) FROM need_match"), 1,
	    "what was refused wrote nothing");
	is_str(status_of("need", n2), "open", "the ask refused stays open");

	is_int(apply(n2, two, 0, "adjacent_zone", &p), 0, "the second ask");
	is_str(status_of("offer", two), "matched", "uses the offer up");
	is_int(apply(n3, two, 0, "same_zone", &p), -1, "a third does not fit");
	is_str(p.msg, "err_offer_used", "says the offer is used");

	is_int(apply(n3, 0, 999999, "same_zone", &p), -1, "a login not there");
	is_str(p.field, "user_id", "names the login");
	is_int(apply(n3, 0, user, "same_zone", &p), 0,
	    "an ask matched to a volunteer");
	is_int(match_list(db, n3, &list, &p), 0, "its matches listed");
	m = json_array_get(list, 0);
	ok(json_integer_value(json_object_get(m, "user_id")) == user &&
		json_is_null(json_object_get(m, "offer_id")),
	    "to the volunteer, no offer");
	is_str(json_string_value(json_object_get(m, "login")), "vol",
	    "with the login");
	is_str(json_string_value(
		   json_array_get(json_object_get(m, "reasons"), 0)),
	    "same_zone", "and the reasons as codes");
	json_decref(list);

	db_begin(db);
	is_int(match_end(db, n2, &p), 0, "a match ends");
	db_commit(db);
	is_str(status_of("offer", two), "open", "the offer has room again");
	is_int(count("SELECT count(*) FROM need_match WHERE ended_at IS NULL "
		     "AND offer_id IS NOT NULL"),
	    1, "one offer match left");
	is_int(match_list(db, n2, &list, &p), 0, "an ended match");
	is_int(json_array_size(list), 0, "is not listed");
	json_decref(list);
}

/* What a batch writes, times and ids aside (sequences do not roll back). */
static char *
snapshot(void)
{
	static const char *const sql[] = {
		"SELECT need_id, offer_id, user_id, by_user, reasons, ended_at "
		"FROM need_match ORDER BY id",
		"SELECT id, status, close_reason FROM need ORDER BY id",
		"SELECT id, status FROM offer ORDER BY id",
		"SELECT status, zone_id, category, n FROM need_tally "
		"ORDER BY status, zone_id, category",
		"SELECT user_id, action, entity, entity_id, ip, change "
		"FROM audit ORDER BY id",
		NULL,
	};
	struct buf out = BUF_INIT;
	json_t *rows;
	char *text;
	int i;

	for (i = 0; sql[i] != NULL; i++) {
		rows = db_rows(db, sql[i], NULL, 0);
		text = rows != NULL ? json_dumps(rows, JSON_COMPACT) : NULL;
		buf_adds(&out, text != NULL ? text : "(error)");
		buf_addc(&out, '\n');
		free(text);
		json_decref(rows);
	}
	return buf_detach(&out, NULL);
}

/* Whether the tally says what counting every ask says. */
static int
tally_exact(void)
{
	json_t *kept = db_rows(db,
	    "SELECT status, zone_id, category, n FROM need_tally "
	    "WHERE n <> 0 ORDER BY status, zone_id, category",
	    NULL, 0);
	json_t *counted = db_rows(db,
	    "SELECT status, zone_id, category, count(*) AS n FROM need "
	    "GROUP BY status, zone_id, category "
	    "ORDER BY status, zone_id, category",
	    NULL, 0);
	int same = kept != NULL && json_equal(kept, counted);

	json_decref(kept);
	json_decref(counted);
	return same;
}

#define MANY 300

static struct match_pick picks[MANY];
static int64_t asks[MANY];
static struct viewer coordinator = { .ip = "10.0.0.9" };

/*
 * MANY asks, half groceries and half rent over two zones, each given an
 * offer of its category in turn: offers of 2 and of one ask used up, and
 * first an offer of 3 that a match already uses, left with room.
 */
static void
many_setup(void)
{
	const char *cat[2] = { "groceries", "rent" };
	int64_t offer[2], room[2] = { 1, 1 };
	struct problem p;
	int i, c, k;

	coordinator.user_id = user;
	for (c = 0; c < 2; c++) {
		offer[c] = post(1, cat[c], north, 3);
		is_int(apply(post(0, cat[c], north, 0), offer[c], 0,
			   "same_zone", &p),
		    0, "an offer of 3 matched once before the batch");
	}
	for (i = 0; i < MANY; i++) {
		c = i % 2;
		k = i / 2;
		if (room[c] == 0) {
			offer[c] = post(1, cat[c], middle, k % 3 == 0 ? 2 : 0);
			room[c] = k % 3 == 0 ? 2 : 1;
		}
		asks[i] = post(0, cat[c], i % 4 == 0 ? north : middle, 0);
		picks[i] = (struct match_pick){ asks[i], offer[c],
			i % 5 == 0 ? "adjacent_zone urgent" : "same_zone" };
		room[c]--;
	}
}

/* match_apply_many of n picks with their audit, then rolled back. */
static int
many(const struct match_pick *ps, size_t n, struct problem *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	db_begin(db);
	rc = match_apply_many(db, ps, n, user, p);
	db_rollback(db);
	return rc;
}

/* The batch and the same matches one by one, on the same database. */
static void
check_many_same(void)
{
	char *before = snapshot(), *bulk, *one, *after;
	struct problem p = { 0 };
	int rc = 0, exact;
	size_t i;

	db_begin(db);
	is_int(match_apply_many(db, picks, MANY, user, &p), 0,
	    "%d matches made together", MANY);
	is_int(audit_log_many(db, &coordinator, "match.assign", "need", asks,
		   MANY),
	    0, "and their audit entries");
	bulk = snapshot();
	exact = tally_exact();
	db_rollback(db);
	ok(exact, "the tally counts the asks as they are");
	after = snapshot();
	is_str(after, before, "rolled back: nothing left");
	db_begin(db);
	for (i = 0; i < MANY && rc == 0; i++) {
		rc = match_apply(db, picks[i].need_id, picks[i].offer_id, 0,
		    user, picks[i].reasons, NULL, &p);
		if (rc == 0)
			rc = audit_log(db, &coordinator, "match.assign",
			    "need", picks[i].need_id);
	}
	is_int(rc, 0, "the same matches one by one");
	one = snapshot();
	db_rollback(db);
	ok(strcmp(bulk, before) != 0, "the batch wrote");
	is_str(bulk, one,
	    "the same matches, statuses, tally and audit entries as one by "
	    "one");
	free(before);
	free(bulk);
	free(one);
	free(after);
}

/* What match_apply_many refuses, writing nothing. */
static void
check_many_refused(void)
{
	char *before = snapshot(), *after;
	struct match_pick bad[MANY];
	struct problem p;
	json_t *in = json_pack("{s:s,s:s}", "status", "closed", "reason", "x");
	json_t *out = NULL;
	struct audit_note note;

	memcpy(bad, picks, sizeof(bad));
	bad[1].need_id = bad[0].need_id;
	is_int(many(bad, MANY, &p), -1, "an ask picked twice");
	is_str(p.msg, "err_match_not_open", "a 409: not open the second time");
	memcpy(bad, picks, sizeof(bad));
	bad[2].offer_id = bad[4].offer_id = bad[0].offer_id;
	is_int(many(bad, MANY, &p), -1, "an offer picked beyond its room");
	is_str(p.msg, "err_offer_used", "a 409: the offer is used");
	memcpy(bad, picks, sizeof(bad));
	bad[200].offer_id = bad[1].offer_id;
	is_int(many(bad, MANY, &p), -1, "an offer of another category");
	is_str(p.msg, "err_match_category", "a 409 saying so");
	memcpy(bad, picks, sizeof(bad));
	bad[250].offer_id = 999999;
	is_int(many(bad, MANY, &p), -1, "an offer not there");
	ok(p.kind == PROBLEM_NOT_FOUND && strcmp(p.field, "offer_id") == 0,
	    "a 404 naming the offer");
	memcpy(bad, picks, sizeof(bad));
	bad[299].need_id = 999999;
	is_int(many(bad, MANY, &p), -1, "an ask not there");
	is_int(p.kind, PROBLEM_NOT_FOUND, "a 404");
	memcpy(bad, picks, sizeof(bad));
	bad[150].reasons = "Nearby!";
	is_int(many(bad, MANY, &p), -1, "reasons not codes");
	is_int(p.kind, PROBLEM_INVALID, "a 422");

	/* A stale plan: an ask past the first statement closed meanwhile. */
	db_begin(db);
	is_int(need_set_status(db, asks[200], in, &out, &note, &p), 0,
	    "an ask of the plan closed since");
	db_commit(db);
	json_decref(out);
	json_decref(in);
	free(before);
	before = snapshot();
	is_int(many(picks, MANY, &p), -1, "the stale plan is refused");
	ok(p.kind == PROBLEM_CONFLICT &&
		strcmp(p.msg, "err_match_not_open") == 0,
	    "a 409: an ask not open");
	after = snapshot();
	is_str(after, before, "nothing written by what was refused");
	ok(tally_exact(), "the tally still exact");
	free(before);
	free(after);
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-match-XXXXXX";
	struct testdb t;
	char *err = NULL;
	struct db_val arg;
	int from, to;
	json_t *in;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "m");
	db = testdb_open(t.url);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "%s: migrated", testdb_backend());
	north = zone("North", 10, 20, 1);
	middle = zone("Middle", 11, 20, 1);
	south = zone("South", 0, 0, 0);
	island = zone("Island", 0, 0, 0);
	touch(north, middle);
	touch(middle, south);
	in = json_pack("{s:s}", "name", "Ana");
	person = person_insert(db, in, now);
	json_decref(in);
	arg = DBV_INT(person);
	is_int(db_int(db,
		   "INSERT INTO app_user (person_id, login, password_hash, "
		   "role, created_at) VALUES (?, 'vol', 'x', 'volunteer', "
		   "'2026-12-01T10:00:00Z') RETURNING id",
		   &arg, 1, &user),
	    1, "a volunteer's login");
	check_reach();
	check_match();
	many_setup();
	check_many_same();
	check_many_refused();
	db_close(db);
	testdb_drop(&t);
	testdb_rmdir(dir);
	return tap_done();
}
