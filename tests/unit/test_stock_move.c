/*
 * The move writer (domain/stock.c) on the backend under test: each kind
 * of move and its level, a take past the level refused with nothing
 * written, a correction let through, reversals, a volunteer kept to
 * their zones, the audit entry of each move, drift found, and 8
 * connections taking the last units at once: never more than was there.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "domain/stock.h"
#include "domain/tx.h"

/* Zones 1 and 2, an item, A and B in zone 1, C in zone 2, a volunteer. */
static const char *const q_seed =
    "INSERT INTO zone (id, name, created_at) VALUES (1, 'Centro', 'x'), "
    "(2, 'Norte', 'x');"
    "INSERT INTO person (id, name, created_at, updated_at) VALUES "
    "(1, 'Vol', 'x', 'x');"
    "INSERT INTO app_user (id, person_id, login, password_hash, role, "
    "created_at) VALUES (1, 1, 'vol', 'x', 'volunteer', 'x');"
    "INSERT INTO user_zone (user_id, zone_id) VALUES (1, 1);"
    "INSERT INTO item (id, name, unit, category, created_at, updated_at) "
    "VALUES (1, 'Diapers size 3', 'pack', 'diapers', 'x', 'x');"
    "INSERT INTO location (id, name, kind, zone_id, created_at, "
    "updated_at) VALUES (1, 'Pantry', 'pantry', 1, 'x', 'x'), "
    "(2, 'Station', 'station', 1, 'x', 'x'), "
    "(3, 'Far', 'pantry', 2, 'x', 'x');";

static struct db *db;
static const struct viewer coordinator = { .role = ROLE_COORDINATOR };
static const struct viewer volunteer = { .role = ROLE_VOLUNTEER,
	.user_id = 1 };

/* One move's input and who writes it, for tx_run. */
struct work {
	json_t *in;
	const struct viewer *who;
	int64_t id;
};

static int
work_add(struct db *d, void *arg, struct problem *p)
{
	struct work *w = arg;

	return stock_move_add(d, w->in, w->who, &w->id, p);
}

/* Write the move json (decoded as a request would be) on d: 0 or -1. */
static int
move_on(struct db *d, const char *json, const struct viewer *who,
    struct problem *p)
{
	json_t *raw = json_loads(json, 0, NULL), *in = NULL;
	struct work w = { NULL, who, 0 };
	int rc;

	memset(p, 0, sizeof(*p));
	if (field_decode(stock_move_fields, raw, FIELD_DECODE_STRICT, &in,
		p) == -1) {
		json_decref(raw);
		return -1;
	}
	w.in = in;
	rc = tx_run(d, work_add, &w, p);
	json_decref(raw);
	json_decref(in);
	return rc;
}

static int
move(const char *json, const struct viewer *who, struct problem *p)
{
	return move_on(db, json, who, p);
}

/* The level at loc; statements are cached by the address of their text. */
static int64_t
level(int loc)
{
	struct db_val arg = DBV_INT(loc);
	int64_t n = -1;

	db_int(db,
	    "SELECT quantity FROM stock_level WHERE location_id = ? AND "
	    "item_id = 1",
	    &arg, 1, &n);
	return n;
}

static int64_t
moves(void)
{
	return testdb_int(db, "SELECT count(*) FROM stock_move");
}

struct reverse_work {
	int64_t id, new_id;
};

static int
work_reverse(struct db *d, void *arg, struct problem *p)
{
	struct reverse_work *r = arg;

	return stock_reverse(d, r->id, "wrong item", &coordinator, &r->new_id,
	    p);
}

static int
reverse(int64_t id, struct problem *p)
{
	struct reverse_work r = { id, 0 };

	memset(p, 0, sizeof(*p));
	return tx_run(db, work_reverse, &r, p);
}

/* A refused write: its kind and the field it names, nothing written. */
static void
refused(const char *json, const struct viewer *who, enum problem_kind kind,
    const char *field, const char *what)
{
	int64_t before = moves(), a = level(1);
	struct problem p;

	ok(move(json, who, &p) == -1 && p.kind == kind, "%s: refused", what);
	is_str(p.field, field, "%s: names %s", what, field ? field : "none");
	ok(moves() == before && level(1) == a, "%s: nothing written", what);
}

static void
test_moves(void)
{
	struct problem p;

	ok(move("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":10,\"location_id\":1}",
	       &coordinator, &p) == 0,
	    "a donation arrives");
	is_int(level(1), 10, "the pantry holds 10");
	is_int(testdb_int(db, "SELECT count(*) FROM audit WHERE action = "
			      "'stock.move' AND entity = 'stock_move'"),
	    1, "and the move is audited");
	refused("{\"kind\":\"out\",\"reason\":\"given\",\"item_id\":1,"
		"\"quantity\":11,\"location_id\":1}",
	    &coordinator, PROBLEM_CONFLICT, "quantity", "taking 11 of 10");
	move("{\"kind\":\"out\",\"reason\":\"given\",\"item_id\":1,"
	     "\"quantity\":11,\"location_id\":1}",
	    &coordinator, &p);
	is_str(p.msg, "err_stock_short", "says there is not enough");
	is_int(p.arg, 10, "and how much there is");
	ok(move("{\"kind\":\"transfer\",\"item_id\":1,\"quantity\":4,"
		"\"from_location_id\":1,\"to_location_id\":2}",
	       &coordinator, &p) == 0,
	    "a transfer fills the station");
	is_int(level(1), 6, "6 left at the pantry");
	is_int(level(2), 4, "4 at the station");
	is_int(testdb_int(db, "SELECT count(*) FROM stock_move WHERE "
			      "kind = 'transfer' AND reason = 'transfer'"),
	    1, "as one move");
}

/* Every refused move: its kind, the field it names, nothing written. */
static void
test_refused(void)
{
	refused("{\"kind\":\"transfer\",\"item_id\":1,\"quantity\":1,"
		"\"from_location_id\":1,\"to_location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "to_location_id",
	    "a transfer to the same place");
	refused("{\"kind\":\"in\",\"reason\":\"given\",\"item_id\":1,"
		"\"quantity\":1,\"location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "reason", "given is not a way in");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":9,"
		"\"quantity\":1,\"location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "item_id", "an unknown item");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":1,\"location_id\":9}",
	    &coordinator, PROBLEM_INVALID, "location_id", "an unknown place");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":-3,\"location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "quantity", "a negative quantity");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":1000001,\"location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "quantity", "an absurd quantity");
	refused("{\"kind\":\"out\",\"reason\":\"given\",\"item_id\":1,"
		"\"quantity\":1,\"from_location_id\":1}",
	    &coordinator, PROBLEM_INVALID, "location_id",
	    "an out move names location_id");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":1,\"location_id\":1,\"need_id\":1}",
	    &coordinator, PROBLEM_INVALID, "need_id", "an ask for a way in");
	refused("{\"kind\":\"in\",\"reason\":\"donation\",\"item_id\":1,"
		"\"quantity\":1,\"location_id\":3}",
	    &volunteer, PROBLEM_FORBIDDEN, NULL,
	    "a volunteer at another zone's pantry");
}

static void
test_corrections(void)
{
	struct problem p;
	json_t *out = NULL;

	ok(move("{\"kind\":\"out\",\"reason\":\"given\",\"item_id\":1,"
		"\"quantity\":1,\"location_id\":2}",
	       &volunteer, &p) == 0,
	    "a volunteer takes at their zone's station");
	ok(move("{\"kind\":\"out\",\"reason\":\"correction\",\"item_id\":1,"
		"\"quantity\":5,\"location_id\":2}",
	       &coordinator, &p) == 0,
	    "a correction may take more than the records say");
	is_int(level(2), -2, "and the level says so");
	is_int(testdb_int(db, "SELECT user_id FROM stock_move WHERE "
			      "id = 3"),
	    1, "a move says who recorded it");
	/* Move 2 is the transfer: 4 back from the station, which has -2. */
	ok(reverse(2, &p) == -1 && p.kind == PROBLEM_CONFLICT,
	    "a reversal that takes back what is gone is refused");
	ok(reverse(4, &p) == 0, "a correction is reversed");
	is_int(level(2), 3, "its units are back");
	ok(reverse(4, &p) == -1 && p.kind == PROBLEM_CONFLICT &&
		strcmp(p.msg, "err_stock_reversed") == 0,
	    "but once");
	ok(reverse(5, &p) == -1 && strcmp(p.msg, "err_stock_reversal") == 0,
	    "a reversal is not reversed");
	ok(reverse(99, &p) == -1 && p.kind == PROBLEM_NOT_FOUND,
	    "an unknown move is 404");
	memset(&p, 0, sizeof(p));
	ok(stock_move_find(db, 5, &out, &p) == 0 &&
		json_integer_value(json_object_get(out, "reverses_id")) == 4,
	    "a reversal names its move");
	json_decref(out);
}

static void
test_drift(void)
{
	json_t *d = stock_drift(db), *l;

	ok(d != NULL && json_array_size(d) == 0, "no drift");
	json_decref(d);
	db_exec(db, "UPDATE stock_level SET quantity = quantity + 1 WHERE "
		    "location_id = 1",
	    NULL, 0);
	d = stock_drift(db);
	ok(d != NULL && json_array_size(d) == 1 &&
		json_integer_value(
		    json_object_get(json_array_get(d, 0), "moves")) ==
		    level(1) - 1,
	    "a level off by one is found");
	json_decref(d);
	db_exec(db, "UPDATE stock_level SET quantity = quantity - 1 WHERE "
		    "location_id = 1",
	    NULL, 0);
	l = stock_levels(db, 1);
	ok(l != NULL && json_array_size(l) == 1 &&
		json_integer_value(
		    json_object_get(json_array_get(l, 0), "quantity")) == 6,
	    "the levels of a location");
	json_decref(l);
	db_exec(db, "INSERT INTO stock_threshold (location_id, item_id, "
		    "threshold, updated_at) VALUES (3, 1, 4, 'x')",
	    NULL, 0);
	l = stock_levels(db, 3);
	ok(l != NULL && json_array_size(l) == 1 &&
		json_integer_value(
		    json_object_get(json_array_get(l, 0), "quantity")) == 0 &&
		json_integer_value(
		    json_object_get(json_array_get(l, 0), "threshold")) == 4,
	    "an item with a threshold and no move yet, at 0");
	json_decref(l);
}

/* The racers: each on a connection of its own, released at once. */
#define RACERS 8
static pthread_barrier_t start;
static const char *url;
static int taken[RACERS];

static void *
racer(void *arg)
{
	int i = (int)(intptr_t)arg, k;
	struct db *d;
	struct problem p;
	char *err = NULL;

	d = db_open(url, &err);
	pthread_barrier_wait(&start);
	for (k = 0; d != NULL && k < 3; k++)
		if (move_on(d,
			"{\"kind\":\"out\",\"reason\":\"given\","
			"\"item_id\":1,\"quantity\":1,\"location_id\":1}",
			&coordinator, &p) == 0)
			taken[i]++;
	free(err);
	if (d != NULL)
		db_close(d);
	return NULL;
}

static void
test_race(void)
{
	pthread_t th[RACERS];
	int64_t was = level(1);
	int i, total = 0;
	json_t *d;

	pthread_barrier_init(&start, NULL, RACERS);
	for (i = 0; i < RACERS; i++)
		pthread_create(&th[i], NULL, racer, (void *)(intptr_t)i);
	for (i = 0; i < RACERS; i++) {
		pthread_join(th[i], NULL);
		total += taken[i];
	}
	pthread_barrier_destroy(&start);
	is_int(total, was, "8 takers of the last %lld got exactly them",
	    (long long)was);
	is_int(level(1), 0, "none is left, and not less");
	d = stock_drift(db);
	ok(d != NULL && json_array_size(d) == 0, "and nothing drifted");
	json_decref(d);
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-stock-XXXXXX";
	struct testdb t;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "s");
	url = t.url;
	db = cmd_open_db(t.url, 1);
	if (db == NULL || testdb_script_on(t.url, q_seed) == -1)
		return 1;
	test_moves();
	test_refused();
	test_corrections();
	test_drift();
	test_race();
	db_close(db);
	testdb_drop(&t);
	testdb_rmdir(dir);
	return tap_done();
}
