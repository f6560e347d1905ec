/*
 * Collective feedback: one zone's counts over the last days, each under
 * the floor withheld.
 */
#include "feedback.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_ZONE,
	STMT_TOTALS,
	STMT_TARGETS,
	STMT_TAGS,
	STMT__MAX,
};

/* What one zone's people raised since a time: zone, since, twice. */
#define FEEDBACK_RAISED(col, need_from, conv_from)                             \
	"SELECT " col ", n.person_id FROM " need_from                          \
	" WHERE n.zone_id = ? AND n.created_at >= ? "                          \
	"UNION ALL SELECT " col ", c.person_id FROM " conv_from                \
	" WHERE c.zone_id = ? AND c.at >= ?"

static const char *const stmts[STMT__MAX] = {
	/* STMT_ZONE */
	"SELECT id, name FROM zone WHERE id = ?",
	/* STMT_TOTALS: zone and since, three times */
	"SELECT (SELECT count(DISTINCT person_id) FROM need "
	"WHERE zone_id = ? AND created_at >= ?) AS asked, "
	"(SELECT count(DISTINCT person_id) FROM conversation "
	"WHERE zone_id = ? AND at >= ?) AS talked, "
	"(SELECT count(*) FROM (SELECT person_id FROM need "
	"WHERE zone_id = ? AND created_at >= ? UNION SELECT person_id "
	"FROM conversation WHERE zone_id = ? AND at >= ?) u) AS people",
	/* STMT_TARGETS: zone and since twice, then the limit */
	"SELECT t.name, count(DISTINCT u.person_id) AS people FROM "
	"(" FEEDBACK_RAISED("target_id", "need n",
	    "conversation c") ") u JOIN target t ON t.id = u.target_id GROUP "
			      "BY t.id, t.name "
			      "ORDER BY people DESC, t.name LIMIT ?",
	/* STMT_TAGS */
	"SELECT u.tag, count(DISTINCT u.person_id) AS people FROM "
	"(" FEEDBACK_RAISED("g.tag",
	    "need_tag g JOIN need n ON n.id = g.need_id",
	    "conversation_tag g JOIN conversation c "
	    "ON c.id = g.conversation_id") ") u GROUP BY u.tag ORDER BY people "
					   "DESC, u.tag LIMIT ?",
};

const struct field feedback_fields[FEEDBACK__MAX + 1] = {
	[FEEDBACK_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[FEEDBACK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

#define DAY (24 * 60 * 60)

/* Replace the count under key of o by null when it is under the floor. */
static void
feedback_floor(json_t *o, const char *key)
{
	json_t *n = json_object_get(o, key);

	if (!json_is_integer(n) || json_integer_value(n) < FEEDBACK_FLOOR)
		json_object_set_new(o, key, json_null());
}

/* A list of rows (zone, since twice, the limit), each count floored. */
static json_t *
feedback_list(struct db *db, enum stmt s, struct db_val *args)
{
	json_t *rows, *row;
	size_t i;

	args[4] = DBV_INT(FEEDBACK_ROWS);
	rows = db_rows(db, stmts[s], args, 5);
	json_array_foreach (rows, i, row)
		feedback_floor(row, "people");
	return rows;
}

/* The counts of the zone in zone (a row: id, name) into it. 0, or -1. */
static int
feedback_counts(struct db *db, json_t *zone, time_t now)
{
	char since[CLOCK_ISO_LEN];
	struct db_val args[8];
	json_t *totals = NULL, *list;
	const char *keys[] = { "people", "asked", "talked" };
	size_t i;

	clock_iso(now - FEEDBACK_DAYS * DAY, since);
	for (i = 0; i < 8; i += 2) {
		args[i] = DBV_INT(
		    json_integer_value(json_object_get(zone, "id")));
		args[i + 1] = DBV_TEXT(since);
	}
	if (db_row(db, stmts[STMT_TOTALS], args, 8, &totals) != 1)
		return -1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object_set(zone, keys[i],
		    json_object_get(totals, keys[i]));
		feedback_floor(zone, keys[i]);
	}
	json_decref(totals);
	list = feedback_list(db, STMT_TARGETS, args);
	if (list == NULL)
		return -1;
	json_object_set_new(zone, "by_target", list);
	list = feedback_list(db, STMT_TAGS, args);
	if (list == NULL)
		return -1;
	json_object_set_new(zone, "by_tag", list);
	return 0;
}

int
feedback_find(struct db *db, int64_t zone_id, time_t now, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(zone_id);
	json_t *zone = NULL;
	int rc;

	*out = NULL;
	if (db_begin_read(db) == -1)
		return tx_problem(db, p);
	rc = db_row(db, stmts[STMT_ZONE], &arg, 1, &zone);
	if (rc == 0) {
		db_rollback(db);
		return problem_set(p, PROBLEM_INVALID, "err_no_zone",
		    feedback_fields[FEEDBACK_ZONE_ID].name, 0);
	}
	if (rc == -1 || feedback_counts(db, zone, now) == -1) {
		json_decref(zone);
		tx_problem(db, p);
		db_rollback(db);
		return -1;
	}
	db_rollback(db);
	*out = json_pack("{s:I,s:O,s:i,s:i}", "zone_id", (json_int_t)zone_id,
	    "zone", json_object_get(zone, "name"), "days", FEEDBACK_DAYS,
	    "floor", FEEDBACK_FLOOR);
	json_object_update(*out, zone);
	json_object_del(*out, "id");
	json_object_del(*out, "name");
	json_decref(zone);
	return 0;
}
