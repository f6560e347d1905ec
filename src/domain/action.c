/* A campaign's actions, who came to them, and the structure test. */
#include "ladder.h"
#include "action.h"
#include "campaign.h"
#include "input.h"
#include "person.h"
#include "tx.h"
#include "util/clock.h"
#include "util/civil.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_LIST,
	STMT_AFFECTED,
	STMT_PEOPLE,
	STMT_MARK_UPDATE,
	STMT_MARK_INSERT,
	STMT_CANDIDATES,
	STMT__MAX,
};

/* The people who share the grievances of the campaign ?: "affected". */
#define ACTION_AFFECTED                                                        \
	"SELECT gp.person_id FROM grievance_person gp "                        \
	"JOIN campaign_grievance cg ON cg.grievance_id = gp.grievance_id "     \
	"WHERE cg.campaign_id = "
/* An action's counts; a forgotten person's row counts, and is no one. */
#define ACTION_COUNTS                                                          \
	"SELECT a.id, a.campaign_id, a.kind, a.at, a.place, "                  \
	"(SELECT count(*) FROM action_person ap WHERE ap.action_id = a.id "    \
	"AND ap.rsvp = 1) AS rsvps, (SELECT count(*) FROM action_person ap "   \
	"WHERE ap.action_id = a.id AND ap.attended = 1) AS attended, "         \
	"(SELECT count(*) FROM action_person ap WHERE ap.action_id = a.id "    \
	"AND ap.attended = 1 AND ap.person_id IN (" ACTION_AFFECTED            \
	"a.campaign_id)) AS took_part FROM campaign_action a "

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO campaign_action (campaign_id, kind, at, place, notes, "
	"created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT a.id, a.campaign_id, c.demand, a.kind, a.at, a.place, "
	"a.notes FROM campaign_action a JOIN campaign c ON c.id = "
	"a.campaign_id WHERE a.id = ?",
	/* STMT_LIST */
	ACTION_COUNTS "WHERE a.campaign_id = ? ORDER BY a.at DESC, a.id DESC",
	/* STMT_AFFECTED */
	"SELECT count(DISTINCT gp.person_id) FROM grievance_person gp "
	"JOIN campaign_grievance cg ON cg.grievance_id = gp.grievance_id "
	"WHERE cg.campaign_id = ?",
	/* STMT_PEOPLE: the campaign, then the action */
	"SELECT ap.person_id, p.name, ap.rsvp, ap.attended, "
	"CASE WHEN ap.person_id IN (" ACTION_AFFECTED "?) THEN 1 ELSE 0 END "
	"AS affected FROM action_person ap "
	"LEFT JOIN person p ON p.id = ap.person_id WHERE ap.action_id = ? "
	"ORDER BY p.name, ap.id",
	/* STMT_MARK_UPDATE */
	"UPDATE action_person SET rsvp = ?, attended = ? "
	"WHERE action_id = ? AND person_id = ?",
	/* STMT_MARK_INSERT */
	"INSERT INTO action_person (rsvp, attended, action_id, person_id) "
	"VALUES (?, ?, ?, ?)",
	/* STMT_CANDIDATES: the campaign, twice */
	"SELECT p.id, p.name, CASE WHEN p.id IN (" ACTION_AFFECTED "?) "
	"THEN 1 ELSE 0 END AS affected FROM person p WHERE p.id IN "
	"(" ACTION_AFFECTED "?) OR p.id IN (SELECT s.person_id FROM "
	"campaign_supporter s WHERE s.campaign_id = ?) "
	"ORDER BY p.name, p.id LIMIT 200",
};

const char *const action_kinds[] = {
	"petition",
	"delegation",
	"protest",
	"rally",
	"strike",
	"other",
	NULL,
};

const struct field action_fields[ACTION__MAX + 1] = {
	[ACTION_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    action_kinds },
	/* A day, YYYY-MM-DD: checked by civil_date_ok. */
	[ACTION_DATE] = { "date", FIELD_LINE, FIELD_REQUIRED, 1, 10, NULL },
	/* Where people meet, in public: no one's address. */
	[ACTION_PLACE] = { "place", FIELD_LINE, 0, 1, 200, NULL },
	[ACTION_NOTES] = { "notes", FIELD_TEXT, 0, 1, 2000, NULL },
	[ACTION__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field action_mark_fields[ACTION_MARK__MAX + 1] = {
	[ACTION_MARK_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_PEOPLE_MAX, NULL },
	[ACTION_MARK_FIRST_NAME] = { "first_name", FIELD_LINE, 0, 1, 60, NULL },
	[ACTION_MARK_RSVP] = { "rsvp", FIELD_INT, 0, 0, 1, NULL },
	[ACTION_MARK_ATTENDED] = { "attended", FIELD_INT, 0, 0, 1, NULL },
	[ACTION_MARK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The action id's row in *row (the caller's), or -1 with p: 404. */
static int
action_row(struct db *db, int64_t id, json_t **row, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	return tx_row(db, stmts[STMT_FIND], &arg, 1, row, "err_no_action", p);
}

int
action_create(struct db *db, int64_t campaign_id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];
	int64_t id;

	*out = NULL;
	if (campaign_exists(db, campaign_id, p) == -1)
		return -1;
	if (!civil_date_ok(input_text(in, action_fields, ACTION_DATE)))
		return problem_set(p, PROBLEM_INVALID, "err_campaign_date",
		    "date", 0);
	clock_now(now);
	args[0] = DBV_INT(campaign_id);
	args[1] = input_val(in, action_fields, ACTION_KIND);
	args[2] = input_val(in, action_fields, ACTION_DATE);
	args[3] = input_val(in, action_fields, ACTION_PLACE);
	args[4] = input_val(in, action_fields, ACTION_NOTES);
	args[5] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 6, &id) != 1)
		return tx_problem(db, p);
	return action_find(db, id, out, p);
}

/* row's 0/1 column key as a boolean, alike from both backends. */
static void
action_bool(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	json_object_set_new(row, key,
	    json_boolean(json_is_true(v) || json_integer_value(v) != 0));
}

/*
 * Fold row's took_part into its structure test: of affected people, how
 * many came, and the percentage (rounded; null when nobody is affected).
 */
static void
action_structure(json_t *row, int64_t affected)
{
	int64_t took = json_integer_value(json_object_get(row, "took_part"));

	json_object_set_new(row, "structure",
	    json_pack("{s:I,s:I,s:o}", "affected", (json_int_t)affected,
		"took_part", (json_int_t)took, "share",
		affected > 0
		    ? json_integer((took * 100 + affected / 2) / affected)
		    : json_null()));
	json_object_del(row, "took_part");
}

int
action_list(struct db *db, int64_t campaign_id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(campaign_id);
	int64_t affected = 0;
	json_t *row;
	size_t i;

	*out = NULL;
	if (db_int(db, stmts[STMT_AFFECTED], &arg, 1, &affected) == -1)
		return tx_problem(db, p);
	*out = db_rows(db, stmts[STMT_LIST], &arg, 1);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row)
		action_structure(row, affected);
	return 0;
}

/* action's structure: its row among its campaign's actions. */
static int
action_counts(struct db *db, json_t *action, struct problem *p)
{
	int64_t id = json_integer_value(json_object_get(action, "id"));
	json_t *all = NULL, *row;
	size_t i;

	if (action_list(db,
		json_integer_value(json_object_get(action, "campaign_id")),
		&all, p) == -1)
		return -1;
	json_array_foreach (all, i, row)
		if (json_integer_value(json_object_get(row, "id")) == id) {
			json_object_set(action, "rsvps",
			    json_object_get(row, "rsvps"));
			json_object_set(action, "attended",
			    json_object_get(row, "attended"));
			json_object_set(action, "structure",
			    json_object_get(row, "structure"));
		}
	json_decref(all);
	return 0;
}

int
action_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val args[2];
	json_t *people, *row;
	size_t i;

	if (action_row(db, id, out, p) == -1)
		return -1;
	args[0] = DBV_INT(
	    json_integer_value(json_object_get(*out, "campaign_id")));
	args[1] = DBV_INT(id);
	people = db_rows(db, stmts[STMT_PEOPLE], args, 2);
	if (people == NULL || action_counts(db, *out, p) == -1) {
		json_decref(people);
		json_decref(*out);
		*out = NULL;
		return people == NULL ? tx_problem(db, p) : -1;
	}
	json_array_foreach (people, i, row) {
		action_bool(row, "rsvp");
		action_bool(row, "attended");
		action_bool(row, "affected");
	}
	json_object_set_new(*out, "people", people);
	return 0;
}

/* Set rsvp and attended of each person of ids at the action id. */
static int
action_mark_each(struct db *db, int64_t id, json_t *ids, json_t *in)
{
	struct db_val args[4];
	json_t *one;
	size_t i;
	int rc;

	args[0] = DBV_INT(json_integer_value(
	    input_get(in, action_mark_fields, ACTION_MARK_RSVP)));
	args[1] = DBV_INT(json_integer_value(
	    input_get(in, action_mark_fields, ACTION_MARK_ATTENDED)));
	args[2] = DBV_INT(id);
	json_array_foreach (ids, i, one) {
		args[3] = DBV_INT(json_integer_value(one));
		rc = db_exec(db, stmts[STMT_MARK_UPDATE], args, 4);
		if (rc == 0)
			rc = db_exec(db, stmts[STMT_MARK_INSERT], args, 4);
		if (rc == -1 || ladder_touch(db, args[3].i) == -1)
			return -1;
	}
	return 0;
}

int
action_mark(struct db *db, int64_t id, json_t *in, struct problem *p)
{
	json_t *action = NULL, *ids = NULL;
	int rc;

	rc = action_row(db, id, &action, p);
	json_decref(action);
	if (rc == -1 || campaign_pick(db, in, &ids, p) == -1)
		return -1;
	rc = action_mark_each(db, id, ids, in);
	json_decref(ids);
	return rc == -1 ? tx_problem(db, p) : 0;
}

/* The people whose name holds q, at most 20, as person_list finds them. */
static int
action_search(struct db *db, const char *q, json_t **out, struct problem *p)
{
	json_t *in = json_pack("{s:s,s:i}", "q", q, "limit", 20), *list = NULL;
	int rc;

	rc = person_list(db, in, 0, &list, p);
	json_decref(in);
	*out = rc == 0 ? json_incref(json_object_get(list, "items")) : NULL;
	json_decref(list);
	return rc;
}

int
action_candidates(struct db *db, int64_t id, const char *q, json_t **out,
    struct problem *p)
{
	json_t *action = NULL, *row;
	struct db_val args[3];
	size_t i;

	*out = NULL;
	if (q != NULL)
		return action_search(db, q, out, p);
	if (action_row(db, id, &action, p) == -1)
		return -1;
	args[0] = DBV_INT(
	    json_integer_value(json_object_get(action, "campaign_id")));
	args[1] = args[0];
	args[2] = args[0];
	json_decref(action);
	*out = db_rows(db, stmts[STMT_CANDIDATES], args, 3);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row)
		action_bool(row, "affected");
	return 0;
}
