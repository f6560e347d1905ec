/* Delivery runs: checking the claims, ordering the stops, reading a run. */
#include <math.h>
#include <string.h>

#include "run.h"
#include "input.h"
#include "listing.h"
#include "privacy.h"
#include "tx.h"
#include "util/clock.h"
#include "util/tour.h"
#include "util/banned.h"

enum stmt {
	STMT_DRIVER,
	STMT_CLAIM,
	STMT_INSERT,
	STMT_INSERT_STOP,
	STMT_FIND,
	STMT_STOPS,
	STMT_STOPS_SHEET,
	STMT_DRIVERS,
	STMT_CLAIMS,
	STMT__MAX,
};

/* A claim still held on an ask still waiting: what a run may carry. */
#define RUN_WAITING "c.released_at IS NULL AND n.status IN ('open', 'matched')"
#define RUN_STOP_COLUMNS                                                       \
	"s.position, s.claim_id, c.need_id, c.released_at, n.status, "         \
	"n.category, n.urgency, n.details, n.zone_id, z.name AS zone_name, "   \
	"z.lat, z.lon, n.person_id, p.name AS person_name"
#define RUN_STOP_FROM                                                          \
	" FROM run_stop s JOIN claim c ON c.id = s.claim_id "                  \
	"JOIN need n ON n.id = c.need_id JOIN person p ON p.id = n.person_id " \
	"JOIN zone z ON z.id = n.zone_id WHERE s.run_id = ? "                  \
	"ORDER BY s.position"

static const char *const stmts[STMT__MAX] = {
	/* STMT_DRIVER */
	"SELECT count(*) FROM app_user WHERE id = ? AND disabled = 0 "
	"AND role <> 'organizer'",
	/* STMT_CLAIM: the claim's zone, if the driver may take it along */
	"SELECT z.lat, z.lon FROM claim c JOIN need n ON n.id = c.need_id "
	"JOIN zone z ON z.id = n.zone_id "
	"WHERE c.id = ? AND c.user_id = ? AND " RUN_WAITING,
	/* STMT_INSERT */
	"INSERT INTO run (driver_id, by_user, created_at) VALUES (?, ?, ?) "
	"RETURNING id",
	/* STMT_INSERT_STOP */
	"INSERT INTO run_stop (run_id, position, claim_id) VALUES (?, ?, ?)",
	/* STMT_FIND */
	"SELECT r.id, r.driver_id, d.login AS driver_login, "
	"b.login AS by_login, r.created_at FROM run r "
	"JOIN app_user d ON d.id = r.driver_id "
	"LEFT JOIN app_user b ON b.id = r.by_user WHERE r.id = ?",
	/* STMT_STOPS */
	"SELECT " RUN_STOP_COLUMNS RUN_STOP_FROM,
	/* STMT_STOPS_SHEET: the contact, for privacy_run_stop to keep or not */
	"SELECT " RUN_STOP_COLUMNS ", p.phone, p.address" RUN_STOP_FROM,
	/* STMT_DRIVERS */
	"SELECT u.id, u.login, count(*) AS claims_held FROM claim c "
	"JOIN need n ON n.id = c.need_id JOIN app_user u ON u.id = c.user_id "
	"WHERE " RUN_WAITING " AND u.disabled = 0 AND u.role <> 'organizer' "
	"GROUP BY u.id, u.login ORDER BY u.login",
	/* STMT_CLAIMS: the index claim_user (schema/007) */
	"SELECT c.id AS claim_id, c.need_id, p.name AS person_name, "
	"n.category, n.urgency, z.name AS zone_name, z.lat, z.lon "
	"FROM claim c JOIN need n ON n.id = c.need_id "
	"JOIN person p ON p.id = n.person_id JOIN zone z ON z.id = n.zone_id "
	"WHERE c.user_id = ? AND " RUN_WAITING " ORDER BY c.id LIMIT 200",
};

const struct field run_fields[RUN__MAX + 1] = {
	[RUN_DRIVER_ID] = { "driver_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[RUN_CLAIM_IDS] = { "claim_ids", FIELD_IDS, FIELD_REQUIRED, 1,
	    RUN_STOPS_MAX, NULL },
	[RUN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field run_list_fields[RUN_LIST__MAX + 1] = {
	[RUN_LIST_DRIVER_ID] = { "driver_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	LISTING_PAGE_FIELDS(RUN_LIST),
	[RUN_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static const char *const run_conds[] = {
	"r.driver_id = ?",
	NULL,
};

static struct listing run_listing = {
	.select = "SELECT r.id, r.driver_id, d.login AS driver_login, "
		  "r.created_at, (SELECT count(*) FROM run_stop s "
		  "WHERE s.run_id = r.id) AS stops FROM run r "
		  "JOIN app_user d ON d.id = r.driver_id",
	.count = "SELECT count(*) FROM run r",
	.order = "ORDER BY r.id DESC",
	.conds = run_conds,
};

/* Whether the row's zone has coordinates; its stop in *stop. */
static int
run_place(json_t *row, struct tour_stop *stop)
{
	json_t *lat = json_object_get(row, "lat"),
	       *lon = json_object_get(row, "lon");

	stop->located = json_is_number(lat) && json_is_number(lon);
	stop->lat = stop->located ? json_number_value(lat) : 0;
	stop->lon = stop->located ? json_number_value(lon) : 0;
	return stop->located;
}

/*
 * Each claim of ids, checked and placed: 422 naming claim_ids, the bad
 * id as {n}, for one that is not driver's to take along. 0, or -1 with p.
 */
static int
run_check_claims(struct db *db, int64_t driver, json_t *ids,
    struct tour_stop *stops, struct problem *p)
{
	struct db_val args[2];
	json_t *id, *row;
	size_t i;
	int rc;

	json_array_foreach (ids, i, id) {
		args[0] = DBV_INT(json_integer_value(id));
		args[1] = DBV_INT(driver);
		row = NULL;
		rc = db_row(db, stmts[STMT_CLAIM], args, 2, &row);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID, "err_run_claim",
			    "claim_ids", json_integer_value(id));
		run_place(row, &stops[i]);
		json_decref(row);
	}
	return 0;
}

/* The run row and its stops in route order; its id in *id. 0 or -1. */
static int
run_insert(struct db *db, const struct viewer *v, int64_t driver, json_t *ids,
    const struct tour_stop *stops, int64_t *id)
{
	char now[CLOCK_ISO_LEN];
	size_t order[TOUR_MAX], n = json_array_size(ids), i;
	struct db_val args[3];

	tour_plan(stops, n, order);
	clock_now(now);
	args[0] = DBV_INT(driver);
	args[1] = v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[2] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 3, id) != 1)
		return -1;
	for (i = 0; i < n; i++) {
		args[0] = DBV_INT(*id);
		args[1] = DBV_INT((int64_t)i + 1);
		args[2] = DBV_INT(
		    json_integer_value(json_array_get(ids, order[i])));
		if (db_exec(db, stmts[STMT_INSERT_STOP], args, 3) != 1)
			return -1;
	}
	return 0;
}

int
run_create(struct db *db, const struct viewer *v, json_t *in, json_t **out,
    struct problem *p)
{
	struct tour_stop stops[TOUR_MAX];
	struct db_val arg = input_val(in, run_fields, RUN_DRIVER_ID);
	json_t *ids = input_get(in, run_fields, RUN_CLAIM_IDS);
	int64_t driver = arg.i, id, n = 0;

	*out = NULL;
	/* The field's bound; a caller that skipped field_decode is refused. */
	if (!json_is_array(ids) || json_array_size(ids) > RUN_STOPS_MAX)
		return problem_set(p, PROBLEM_INVALID, "err_too_many_ids",
		    "claim_ids", RUN_STOPS_MAX);
	if (db_int(db, stmts[STMT_DRIVER], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	if (n == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_driver",
		    "driver_id", 0);
	if (run_check_claims(db, driver, ids, stops, p) == -1)
		return -1;
	if (run_insert(db, v, driver, ids, stops, &id) == -1)
		return tx_problem(db, p);
	return run_find(db, v, id, 0, out, p);
}

/* Whether a stop's claim is still held on an ask still waiting. */
static int
run_held(json_t *stop)
{
	const char *status = json_string_value(json_object_get(stop, "status"));

	return json_is_null(json_object_get(stop, "released_at")) &&
	    status != NULL &&
	    (strcmp(status, "open") == 0 || strcmp(status, "matched") == 0);
}

/* Whether the array ids holds the integer id. */
static int
run_has(json_t *ids, json_t *id)
{
	json_t *one;
	size_t i;

	json_array_foreach (ids, i, one)
		if (json_integer_value(one) == json_integer_value(id))
			return 1;
	return 0;
}

/*
 * Shape each stop (privacy_run_stop) and sum the route: "km" over the
 * legs between located stops, "located" and "unlocated" counted; on a
 * sheet, "contact_of": the people whose contact it still shows.
 */
static void
run_stops(const struct viewer *v, json_t *run, json_t *stops, int sheet)
{
	struct tour_stop here, prev = { 0, 0, 0 };
	json_t *stop, *seen = json_array(), *person;
	double km = 0;
	size_t i;
	int located = 0;

	json_array_foreach (stops, i, stop) {
		json_object_set_new(stop, "held", json_boolean(run_held(stop)));
		json_object_del(stop, "released_at");
		json_object_set_new(stop, "located",
		    json_boolean(run_place(stop, &here)));
		if (here.located && prev.located)
			km += tour_km(&prev, &here);
		if (here.located) {
			prev = here;
			located++;
		}
		json_object_del(stop, "lat");
		json_object_del(stop, "lon");
		person = json_incref(json_object_get(stop, "person_id"));
		if (privacy_run_stop(v, stop, sheet) && !run_has(seen, person))
			json_array_append(seen, person);
		json_decref(person);
	}
	json_object_set_new(run, "km", json_real(round(km * 10) / 10));
	json_object_set_new(run, "located", json_integer(located));
	json_object_set_new(run, "unlocated",
	    json_integer((json_int_t)json_array_size(stops) - located));
	if (sheet)
		json_object_set_new(run, "contact_of", seen);
	else
		json_decref(seen);
}

int
run_find(struct db *db, const struct viewer *v, int64_t id, int sheet,
    json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *stops;
	int rc;

	*out = NULL;
	rc = db_row(db, stmts[STMT_FIND], &arg, 1, out);
	if (rc == -1)
		return tx_problem(db, p);
	/* Another volunteer's run is not there at all, as an ask elsewhere. */
	if (rc == 0 ||
	    (!privacy_sees_all(v) &&
		json_integer_value(json_object_get(*out, "driver_id")) !=
		    v->user_id)) {
		json_decref(*out);
		*out = NULL;
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_run", NULL, 0);
	}
	stops = db_rows(db, stmts[sheet ? STMT_STOPS_SHEET : STMT_STOPS], &arg,
	    1);
	if (stops == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	run_stops(v, *out, stops, sheet);
	json_object_set_new(*out, "stops", stops);
	return 0;
}

int
run_list(struct db *db, const struct viewer *v, json_t *in, json_t **out,
    struct problem *p)
{
	struct db_val val = input_val(in, run_list_fields, RUN_LIST_DRIVER_ID);
	int64_t limit, offset;

	/* Anyone but a coordinator sees the runs they drive, no others. */
	if (!privacy_sees_all(v))
		val = DBV_INT(v->user_id);
	listing_page(in, &limit, &offset);
	return listing_run(db, &run_listing, &val, limit, offset, out, p);
}

int
run_drivers(struct db *db, json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[STMT_DRIVERS], NULL, 0);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
run_claims(struct db *db, int64_t driver, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(driver);
	struct tour_stop here;
	json_t *row;
	size_t i;

	*out = db_rows(db, stmts[STMT_CLAIMS], &arg, 1);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row) {
		json_object_set_new(row, "located",
		    json_boolean(run_place(row, &here)));
		json_object_del(row, "lat");
		json_object_del(row, "lon");
	}
	return 0;
}
