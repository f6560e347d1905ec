/* Campaigns: the demand, its grievances and supporters, the status order. */
#include <string.h>

#include "campaign.h"
#include "audit.h"
#include "input.h"
#include "links.h"
#include "listing.h"
#include "person.h"
#include "target.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_GRIEVANCES,
	STMT_SUPPORTERS,
	STMT_MOVE,
	STMT_EXISTS,
	STMT_SUPPORTER_DEL,
	STMT_TIMELINE,
	STMT_GRIEVANCE_OPTIONS,
	STMT_PERSON,
	STMT_MAY_SUPPORT,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO campaign (demand, target_id, status, created_at, "
	"updated_at) VALUES (?, ?, 'researching', ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT c.id, c.demand, c.target_id, t.name AS target_name, "
	"c.status, c.created_at, c.updated_at FROM campaign c "
	"LEFT JOIN target t ON t.id = c.target_id WHERE c.id = ?",
	/* STMT_GRIEVANCES */
	"SELECT g.id, g.title FROM campaign_grievance cg "
	"JOIN grievance g ON g.id = cg.grievance_id "
	"WHERE cg.campaign_id = ? ORDER BY g.id",
	/* STMT_SUPPORTERS */
	"SELECT p.id, p.name FROM campaign_supporter s "
	"JOIN person p ON p.id = s.person_id WHERE s.campaign_id = ? "
	"ORDER BY p.name, p.id",
	/* STMT_MOVE: from the status read, so two moves at once make one */
	"UPDATE campaign SET status = ?, updated_at = ? "
	"WHERE id = ? AND status = ?",
	/* STMT_EXISTS */
	"SELECT count(*) FROM campaign WHERE id = ?",
	/* STMT_SUPPORTER_DEL */
	"DELETE FROM campaign_supporter WHERE campaign_id = ? "
	"AND person_id = ?",
	/*
	 * STMT_TIMELINE: the conversations of its grievances (linked to one,
	 * or with one of their people) and those of its supporters that name
	 * its target, as a campaign started from "what people face" has
	 * people and a target but no grievance. code is how a conversation
	 * was held, an action's kind or an outcome's result; words its
	 * person's name, the place, or what was won or lost. The first
	 * branch's NULL is typed, as PostgreSQL gives a union's column the
	 * type its first branch has.
	 */
	"SELECT kind, id, at, code, words, person_id, amount_cents FROM ("
	"SELECT 'conversation' AS kind, c.id, c.at, c.how AS code, "
	"p.name AS words, c.person_id, CAST(NULL AS INTEGER) AS amount_cents "
	"FROM conversation c JOIN person p ON p.id = c.person_id "
	"WHERE c.grievance_id IN (SELECT grievance_id FROM "
	"campaign_grievance WHERE campaign_id = ?) OR c.person_id IN ("
	"SELECT gp.person_id FROM grievance_person gp "
	"JOIN campaign_grievance cg ON cg.grievance_id = gp.grievance_id "
	"WHERE cg.campaign_id = ?) OR (c.target_id = (SELECT target_id "
	"FROM campaign WHERE id = ?) AND c.person_id IN (SELECT person_id "
	"FROM campaign_supporter WHERE campaign_id = ?)) "
	"UNION ALL SELECT 'action', a.id, a.at, a.kind, a.place, NULL, NULL "
	"FROM campaign_action a WHERE a.campaign_id = ? "
	"UNION ALL SELECT 'outcome', o.id, o.at, o.result, o.what, NULL, "
	"o.amount_cents FROM campaign_outcome o WHERE o.campaign_id = ?"
	") t ORDER BY at DESC, kind, id DESC LIMIT 200",
	/* STMT_GRIEVANCE_OPTIONS */
	"SELECT id, title FROM grievance ORDER BY id DESC LIMIT 200",
	/* STMT_PERSON */
	"SELECT id, name FROM person WHERE id = ?",
	/* STMT_MAY_SUPPORT: the grievances' people who do not back it yet */
	"SELECT p.id, p.name FROM person p WHERE p.id IN ("
	"SELECT gp.person_id FROM grievance_person gp "
	"JOIN campaign_grievance cg ON cg.grievance_id = gp.grievance_id "
	"WHERE cg.campaign_id = ?) AND p.id NOT IN (SELECT s.person_id "
	"FROM campaign_supporter s WHERE s.campaign_id = ?) "
	"ORDER BY p.name, p.id LIMIT 200",
};

const char *const campaign_statuses[] = {
	"researching", /* CAMPAIGN_RESEARCHING */
	"organizing",  /* CAMPAIGN_ORGANIZING */
	"escalating",  /* CAMPAIGN_ESCALATING */
	"won",         /* CAMPAIGN_WON */
	"lost",        /* CAMPAIGN_LOST */
	"dropped",     /* CAMPAIGN_DROPPED */
	NULL,
};

/*
 * allowed[from][to]: a campaign researches, then organizes, then
 * escalates, and only then ends, won, lost or dropped. Nothing comes
 * back from an end, and no step is skipped: a campaign that was never
 * escalated has not been lost, and the timeline should say so.
 */
static const unsigned char
    allowed[CAMPAIGN_STATUS__MAX][CAMPAIGN_STATUS__MAX] = {
	    /* researching, organizing, escalating, won, lost, dropped */
	    { 0, 1, 0, 0, 0, 0 }, /* CAMPAIGN_RESEARCHING */
	    { 0, 0, 1, 0, 0, 0 }, /* CAMPAIGN_ORGANIZING */
	    { 0, 0, 0, 1, 1, 1 }, /* CAMPAIGN_ESCALATING */
	    { 0, 0, 0, 0, 0, 0 }, /* CAMPAIGN_WON */
	    { 0, 0, 0, 0, 0, 0 }, /* CAMPAIGN_LOST */
	    { 0, 0, 0, 0, 0, 0 }, /* CAMPAIGN_DROPPED */
    };

const struct field campaign_fields[CAMPAIGN__MAX + 1] = {
	[CAMPAIGN_DEMAND] = { "demand", FIELD_LINE, FIELD_REQUIRED, 3, 300,
	    NULL },
	[CAMPAIGN_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CAMPAIGN_GRIEVANCE_IDS] = { "grievance_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_GRIEVANCES_MAX, NULL },
	[CAMPAIGN_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_PEOPLE_MAX, NULL },
	[CAMPAIGN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field campaign_list_fields[CAMPAIGN_LIST__MAX + 1] = {
	[CAMPAIGN_LIST_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0,
	    campaign_statuses },
	[CAMPAIGN_LIST_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	LISTING_PAGE_FIELDS(CAMPAIGN_LIST),
	[CAMPAIGN_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field campaign_move_fields[CAMPAIGN_MOVE__MAX + 1] = {
	[CAMPAIGN_MOVE_STATUS] = { "status", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    campaign_statuses },
	[CAMPAIGN_MOVE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field campaign_pick_fields[CAMPAIGN_PICK__MAX + 1] = {
	[CAMPAIGN_PICK_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 1,
	    CAMPAIGN_PEOPLE_MAX, NULL },
	[CAMPAIGN_PICK_FIRST_NAME] = { "first_name", FIELD_LINE, 0, 1, 60,
	    NULL },
	[CAMPAIGN_PICK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static const char *const campaign_conds[] = {
	"c.status = ?",
	"c.target_id = ?",
	NULL,
};

static struct listing campaign_listing = {
	.select = "SELECT c.id, c.demand, c.status, c.target_id, "
		  "t.name AS target_name, c.updated_at, (SELECT count(*) "
		  "FROM campaign_supporter s WHERE s.campaign_id = c.id) "
		  "AS supporters FROM campaign c "
		  "LEFT JOIN target t ON t.id = c.target_id",
	.count = "SELECT count(*) FROM campaign c",
	.order = "ORDER BY c.id DESC",
	.conds = campaign_conds,
};

/* The status named s, or CAMPAIGN_STATUS__MAX. */
static enum campaign_status
campaign_status_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < CAMPAIGN_STATUS__MAX; i++)
		if (strcmp(s, campaign_statuses[i]) == 0)
			return (enum campaign_status)i;
	return CAMPAIGN_STATUS__MAX;
}

int
campaign_allowed(const char *from, const char *to)
{
	enum campaign_status f = campaign_status_parse(from),
			     t = campaign_status_parse(to);

	return f != CAMPAIGN_STATUS__MAX && t != CAMPAIGN_STATUS__MAX &&
	    allowed[f][t];
}

int
campaign_exists(struct db *db, int64_t id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (db_int(db, stmts[STMT_EXISTS], &arg, 1, &n) == -1)
		return tx_problem(db, p);
	return n == 0
	    ? problem_set(p, PROBLEM_NOT_FOUND, "err_no_campaign", NULL, 0)
	    : 0;
}

/* The references of a new campaign: its target, grievances, people. */
static int
campaign_check(struct db *db, json_t *in, struct problem *p)
{
	if (target_check_id(db,
		input_get(in, campaign_fields, CAMPAIGN_TARGET_ID), "target_id",
		p) == -1)
		return -1;
	if (links_check(db, LINKS_CAMPAIGN_GRIEVANCE,
		input_get(in, campaign_fields, CAMPAIGN_GRIEVANCE_IDS),
		"grievance_ids", p) == -1)
		return -1;
	return links_check(db, LINKS_CAMPAIGN_SUPPORTER,
	    input_get(in, campaign_fields, CAMPAIGN_PERSON_IDS), "person_ids",
	    p);
}

int
campaign_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	int64_t id;

	*out = NULL;
	if (campaign_check(db, in, p) == -1)
		return -1;
	clock_now(now);
	args[0] = input_val(in, campaign_fields, CAMPAIGN_DEMAND);
	args[1] = input_val(in, campaign_fields, CAMPAIGN_TARGET_ID);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 4, &id) != 1 ||
	    links_replace(db, LINKS_CAMPAIGN_GRIEVANCE, id,
		input_get(in, campaign_fields, CAMPAIGN_GRIEVANCE_IDS)) == -1 ||
	    links_replace(db, LINKS_CAMPAIGN_SUPPORTER, id,
		input_get(in, campaign_fields, CAMPAIGN_PERSON_IDS)) == -1)
		return tx_problem(db, p);
	return campaign_find(db, id, out, p);
}

/* The statuses the campaign may move to from the one named from. */
static json_t *
campaign_moves(const char *from)
{
	json_t *out = json_array();
	int t;

	for (t = 0; t < CAMPAIGN_STATUS__MAX; t++)
		if (campaign_allowed(from, campaign_statuses[t]))
			json_array_append_new(out,
			    json_pack("{s:s}", "status", campaign_statuses[t]));
	return out;
}

/*
 * Set key of obj to the rows of stmts[stmt]: 0, or -1 at once on a
 * failure, so that tx_problem reads the error of the statement that
 * failed and not the success of one after it.
 */
static int
campaign_rows(struct db *db, json_t *obj, const char *key, enum stmt stmt,
    const struct db_val *args, size_t n)
{
	json_t *rows = db_rows(db, stmts[stmt], args, n);

	if (rows == NULL)
		return -1;
	json_object_set_new(obj, key, rows);
	return 0;
}

int
campaign_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(id) };

	if (tx_row(db, stmts[STMT_FIND], args, 1, out, "err_no_campaign", p) ==
	    -1)
		return -1;
	if (campaign_rows(db, *out, "grievances", STMT_GRIEVANCES, args, 1) ==
		-1 ||
	    campaign_rows(db, *out, "supporters", STMT_SUPPORTERS, args, 1) ==
		-1 ||
	    campaign_rows(db, *out, "may_support", STMT_MAY_SUPPORT, args, 2) ==
		-1) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "moves",
	    campaign_moves(json_string_value(json_object_get(*out, "status"))));
	return 0;
}

int
campaign_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[2];
	int64_t limit, offset;

	vals[0] = input_val(in, campaign_list_fields, CAMPAIGN_LIST_STATUS);
	vals[1] = input_val(in, campaign_list_fields, CAMPAIGN_LIST_TARGET_ID);
	listing_page(in, &limit, &offset);
	return listing_run(db, &campaign_listing, vals, limit, offset, out, p);
}

int
campaign_move(struct db *db, int64_t id, json_t *in, struct audit_note *note,
    struct problem *p)
{
	const char *to = input_text(in, campaign_move_fields,
	    CAMPAIGN_MOVE_STATUS);
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	json_t *cur = NULL;
	int rc;

	if (campaign_find(db, id, &cur, p) == -1)
		return -1;
	rc = -1;
	if (!campaign_allowed(json_string_value(json_object_get(cur, "status")),
		to)) {
		problem_set(p, PROBLEM_CONFLICT, "err_transition", "status", 0);
		goto out;
	}
	clock_now(now);
	args[0] = DBV_TEXT(to);
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(id);
	args[3] = DBV_TEXT(json_string_value(json_object_get(cur, "status")));
	rc = db_exec(db, stmts[STMT_MOVE], args, 4);
	if (rc == -1)
		tx_problem(db, p);
	else if (rc == 0)
		rc = problem_set(p, PROBLEM_CONFLICT, "err_transition",
		    "status", 0);
	else {
		/* The status named, not its values: audit.h notes ask moves. */
		audit_note_fields(note, campaign_move_fields, cur, in);
		rc = 0;
	}
out:
	json_decref(cur);
	return rc;
}

int
campaign_pick(struct db *db, json_t *in, json_t **ids, struct problem *p)
{
	json_t *given = input_get(in, campaign_pick_fields,
		   CAMPAIGN_PICK_PERSON_IDS),
	       *first = input_get(in, campaign_pick_fields,
		   CAMPAIGN_PICK_FIRST_NAME),
	       *person = NULL, *new_in;
	int rc;

	*ids = NULL;
	if (given == NULL && first == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    "person_ids", 0);
	if (links_check(db, LINKS_CAMPAIGN_SUPPORTER, given, "person_ids", p) ==
	    -1)
		return -1;
	*ids = given != NULL ? json_copy(given) : json_array();
	if (first == NULL)
		return 0;
	new_in = json_object();
	input_set(new_in, person_fields, PERSON_NAME, json_incref(first));
	rc = person_create(db, new_in, &person, p);
	json_decref(new_in);
	if (rc == 0)
		json_array_append(*ids, json_object_get(person, "id"));
	json_decref(person);
	if (rc == -1) {
		json_decref(*ids);
		*ids = NULL;
	}
	return rc;
}

/* Take each person of ids off the supporters of the campaign id. */
static int
campaign_supporters_del(struct db *db, int64_t id, json_t *ids)
{
	struct db_val args[2];
	json_t *one;
	size_t i;

	json_array_foreach (ids, i, one) {
		args[0] = DBV_INT(id);
		args[1] = DBV_INT(json_integer_value(one));
		if (db_exec(db, stmts[STMT_SUPPORTER_DEL], args, 2) == -1)
			return -1;
	}
	return 0;
}

int
campaign_supporters(struct db *db, int64_t id, json_t *in, int remove,
    struct problem *p)
{
	json_t *ids = NULL;
	int rc;

	if (campaign_exists(db, id, p) == -1)
		return -1;
	/* Nobody is made only to be taken off. */
	if (remove &&
	    input_get(in, campaign_pick_fields, CAMPAIGN_PICK_PERSON_IDS) ==
		NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    "person_ids", 0);
	if (remove)
		input_del(in, campaign_pick_fields, CAMPAIGN_PICK_FIRST_NAME);
	if (campaign_pick(db, in, &ids, p) == -1)
		return -1;
	rc = remove ? campaign_supporters_del(db, id, ids)
		    : links_add(db, LINKS_CAMPAIGN_SUPPORTER, id, ids);
	json_decref(ids);
	return rc == -1 ? tx_problem(db, p) : 0;
}

int
campaign_timeline(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val args[6] = { DBV_INT(id), DBV_INT(id), DBV_INT(id),
		DBV_INT(id), DBV_INT(id), DBV_INT(id) };

	*out = db_rows(db, stmts[STMT_TIMELINE], args, 6);
	return *out == NULL ? tx_problem(db, p) : 0;
}

/* The people of ids that exist, as [{id, name}]. */
static json_t *
campaign_people(struct db *db, json_t *ids)
{
	json_t *out = json_array(), *one, *row;
	struct db_val arg;
	size_t i;
	int rc;

	json_array_foreach (ids, i, one) {
		arg = DBV_INT(json_integer_value(one));
		row = NULL;
		rc = db_row(db, stmts[STMT_PERSON], &arg, 1, &row);
		if (rc == -1) {
			json_decref(out);
			return NULL;
		}
		if (rc == 1)
			json_array_append_new(out, row);
	}
	return out;
}

int
campaign_options(struct db *db, json_t *person_ids, json_t **out,
    struct problem *p)
{
	json_t *people = NULL, *targets;

	*out = NULL;
	if (target_options(db, &targets, p) == -1)
		return -1;
	*out = json_pack("{s:o}", "targets", targets);
	if (campaign_rows(db, *out, "grievances", STMT_GRIEVANCE_OPTIONS, NULL,
		0) == 0)
		people = campaign_people(db, person_ids);
	if (people == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "people", people);
	return 0;
}
