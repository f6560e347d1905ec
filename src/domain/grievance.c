/*
 * Grievances and their rules: a target, zones and people that exist;
 * tags, zones and people kept as sets (links.h).
 */
#include "grievance.h"
#include "audit.h"
#include "input.h"
#include "links.h"
#include "listing.h"
#include "refs.h"
#include "rule.h"
#include "target.h"
#include "tx.h"
#include "util/clock.h"
#include "util/tag.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_UPDATE,
	STMT_FIND,
	STMT_ZONES,
	STMT_PEOPLE,
	STMT_ASKS,
	STMT_CONVERSATIONS,
	STMT_EXISTS,
	STMT_OPTIONS,
	STMT_PERSON_NAME,
	STMT_LOCK,
	STMT__MAX,
};

/* The most asks and conversations a grievance's page lists. */
#define GRIEVANCE_SHOWN "100"

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT: title, target_id, created_at, updated_at */
	"INSERT INTO grievance (title, target_id, created_at, updated_at) "
	"VALUES (?, ?, ?, ?) RETURNING id",
	/* STMT_UPDATE: title, target_id, updated_at, id */
	"UPDATE grievance SET title = ?, target_id = ?, updated_at = ? "
	"WHERE id = ?",
	/* STMT_FIND */
	"SELECT g.id, g.title, g.target_id, t.name AS target_name, "
	"g.created_at, g.updated_at FROM grievance g "
	"LEFT JOIN target t ON t.id = g.target_id WHERE g.id = ?",
	/* STMT_ZONES: the primary key's range of one grievance */
	"SELECT z.id, z.name FROM grievance_zone gz "
	"JOIN zone z ON z.id = gz.zone_id WHERE gz.grievance_id = ? "
	"ORDER BY z.name, z.id",
	/* STMT_PEOPLE: names only, never contact */
	"SELECT p.id, p.name FROM grievance_person gp "
	"JOIN person p ON p.id = gp.person_id WHERE gp.grievance_id = ? "
	"ORDER BY p.name, p.id",
	/* STMT_ASKS: the index need_grievance (schema/016); no details */
	"SELECT n.id, n.category, n.status, n.created_at, n.person_id, "
	"p.name AS person_name, z.name AS zone_name FROM need n "
	"JOIN person p ON p.id = n.person_id JOIN zone z ON z.id = n.zone_id "
	"WHERE n.grievance_id = ? ORDER BY n.id DESC LIMIT " GRIEVANCE_SHOWN,
	/*
	 * STMT_CONVERSATIONS: the index conversation_grievance (schema/016);
	 * who and when, never the notes nor the assessment, which are read
	 * on the conversation's own page.
	 */
	"SELECT c.id, c.at, c.how, c.person_id, p.name AS person_name "
	"FROM conversation c JOIN person p ON p.id = c.person_id "
	"WHERE c.grievance_id = ? ORDER BY c.at DESC, c.id DESC "
	"LIMIT " GRIEVANCE_SHOWN,
	/* STMT_EXISTS */
	"SELECT 1 FROM grievance WHERE id = ?",
	/* STMT_OPTIONS: the newest, which an ask most likely joins */
	"SELECT id, title FROM grievance ORDER BY id DESC LIMIT 200",
	/* STMT_PERSON_NAME */
	"SELECT id, name FROM person WHERE id = ?",
	/* STMT_LOCK: an edit reads the grievance, then writes it whole */
	"SELECT id FROM grievance WHERE id = ? FOR NO KEY UPDATE",
};

const struct field grievance_fields[GRIEVANCE__MAX + 1] = {
	[GRIEVANCE_TITLE] = { "title", FIELD_LINE, FIELD_REQUIRED, 1, 200,
	    NULL },
	[GRIEVANCE_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[GRIEVANCE_TAGS] = { "tags", FIELD_TAGS, 0, 0, TAG_MAX, NULL },
	[GRIEVANCE_ZONE_IDS] = { "zone_ids", FIELD_IDS, 0, 0,
	    GRIEVANCE_ZONES_MAX, NULL },
	[GRIEVANCE_PERSON_IDS] = { "person_ids", FIELD_IDS, 0, 0,
	    GRIEVANCE_PEOPLE_MAX, NULL },
	[GRIEVANCE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field grievance_list_fields[GRIEVANCE_LIST__MAX + 1] = {
	[GRIEVANCE_LIST_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	/* One tag, written as people write it: kept as tag_norm keeps it. */
	[GRIEVANCE_LIST_TAG] = { "tag", FIELD_TAGS, 0, 0, 1, NULL },
	[GRIEVANCE_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[GRIEVANCE_LIST_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	LISTING_PAGE_FIELDS(GRIEVANCE_LIST),
	[GRIEVANCE_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In grievance_list_key order; each by the index of its table (014). */
static const char *const grievance_conds[] = {
	"g.target_id = ?",
	"g.id IN (SELECT grievance_id FROM grievance_tag WHERE tag = ?)",
	"g.id IN (SELECT grievance_id FROM grievance_zone WHERE zone_id = ?)",
	"g.id IN (SELECT grievance_id FROM grievance_person "
	"WHERE person_id = ?)",
	NULL,
};

static struct listing grievance_listing = {
	.select = "SELECT g.id, g.title, g.target_id, t.name AS target_name, "
		  "g.created_at, (SELECT count(*) FROM grievance_person gp "
		  "WHERE gp.grievance_id = g.id) AS people, "
		  "(SELECT count(*) FROM grievance_zone gz "
		  "WHERE gz.grievance_id = g.id) AS places "
		  "FROM grievance g LEFT JOIN target t ON t.id = g.target_id",
	.count = "SELECT count(*) FROM grievance g",
	.order = "ORDER BY g.id DESC",
	.conds = grievance_conds,
};

int
grievance_check_one(struct db *db, json_t *v, const char *field,
    struct problem *p)
{
	return refs_found(db, stmts[STMT_EXISTS], v, field, "err_no_grievance",
	    p);
}

/* Every reference of in: its target, zones and people. 0, or -1 with p. */
static int
grievance_check(struct db *db, json_t *in, struct problem *p)
{
	const struct field *f = grievance_fields;

	if (target_check_id(db, input_get(in, f, GRIEVANCE_TARGET_ID),
		f[GRIEVANCE_TARGET_ID].name, p) == -1 ||
	    links_check(db, LINKS_GRIEVANCE_ZONE,
		input_get(in, f, GRIEVANCE_ZONE_IDS),
		f[GRIEVANCE_ZONE_IDS].name, p) == -1)
		return -1;
	return links_check(db, LINKS_GRIEVANCE_PERSON,
	    input_get(in, f, GRIEVANCE_PERSON_IDS),
	    f[GRIEVANCE_PERSON_IDS].name, p);
}

/* The sets of in that it gives (all of them for a new grievance). */
static int
grievance_sets(struct db *db, int64_t id, json_t *in)
{
	static const struct {
		int key;
		enum links_set set;
	} sets[] = {
		{ GRIEVANCE_TAGS, LINKS_GRIEVANCE_TAG },
		{ GRIEVANCE_ZONE_IDS, LINKS_GRIEVANCE_ZONE },
		{ GRIEVANCE_PERSON_IDS, LINKS_GRIEVANCE_PERSON },
	};
	const char *name;
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		name = grievance_fields[sets[i].key].name;
		if (json_object_get(in, name) != NULL &&
		    links_replace(db, sets[i].set, id,
			json_object_get(in, name)) == -1)
			return -1;
	}
	/* More people share it: it may be shared widely enough now. */
	if (json_object_get(in, grievance_fields[GRIEVANCE_PERSON_IDS].name) !=
		NULL &&
	    rule_fire_grievance(db, id) == -1)
		return -1;
	return 0;
}

int
grievance_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val args[4];
	char now[CLOCK_ISO_LEN];
	int64_t id;

	*out = NULL;
	if (grievance_check(db, in, p) == -1)
		return -1;
	clock_now(now);
	args[0] = input_val(in, grievance_fields, GRIEVANCE_TITLE);
	args[1] = input_val(in, grievance_fields, GRIEVANCE_TARGET_ID);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 4, &id) != 1 ||
	    grievance_sets(db, id, in) == -1)
		return tx_problem(db, p);
	return grievance_find(db, id, out, p);
}

/* The ids of rows ({id, …}) as a new array, in their order. */
static json_t *
grievance_ids(json_t *rows)
{
	json_t *ids = json_array(), *row;
	size_t i;

	json_array_foreach (rows, i, row)
		json_array_append(ids, json_object_get(row, "id"));
	return ids;
}

/*
 * Set key of row to the rows stmt answers for id, and ids_key (when not
 * NULL) to their ids. 0, or -1.
 */
static int
grievance_attach(struct db *db, json_t *row, enum stmt stmt, const char *key,
    const char *ids_key)
{
	struct db_val arg = DBV_INT(
	    json_integer_value(json_object_get(row, "id")));
	json_t *rows = db_rows(db, stmts[stmt], &arg, 1);

	if (rows == NULL)
		return -1;
	if (ids_key != NULL)
		json_object_set_new(row, ids_key, grievance_ids(rows));
	json_object_set_new(row, key, rows);
	return 0;
}

int
grievance_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *tags;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_grievance", p) ==
	    -1)
		return -1;
	tags = links_list(db, LINKS_GRIEVANCE_TAG, id);
	if (tags != NULL)
		json_object_set_new(*out, "tags", tags);
	if (tags == NULL ||
	    grievance_attach(db, *out, STMT_ZONES, "zones", "zone_ids") == -1 ||
	    grievance_attach(db, *out, STMT_PEOPLE, "people", "person_ids") ==
		-1 ||
	    grievance_attach(db, *out, STMT_ASKS, "asks", NULL) == -1 ||
	    grievance_attach(db, *out, STMT_CONVERSATIONS, "conversations",
		NULL) == -1) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	return 0;
}

int
grievance_update(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	json_t *cur = NULL, *before = NULL, *after;
	struct db_val args[4];
	char now[CLOCK_ISO_LEN];
	int rc = -1;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_grievance", p) == -1 ||
	    grievance_find(db, id, &cur, p) == -1)
		return -1;
	if (grievance_check(db, in, p) == -1)
		goto out;
	before = input_values(cur, grievance_fields, NULL);
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(before, in);
	clock_now(now);
	args[0] = input_val(before, grievance_fields, GRIEVANCE_TITLE);
	args[1] = input_val(before, grievance_fields, GRIEVANCE_TARGET_ID);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_UPDATE], args, 4) == -1 ||
	    grievance_sets(db, id, in) == -1) {
		tx_problem(db, p);
		goto out;
	}
	if (grievance_find(db, id, out, p) == -1)
		goto out;
	/* Compared as stored, so that a set given in another order is no
	 * change. */
	json_decref(before);
	before = input_values(cur, grievance_fields, NULL);
	after = input_values(*out, grievance_fields, in);
	audit_note_fields(note, grievance_fields, before, after);
	json_decref(after);
	rc = 0;
out:
	json_decref(before);
	json_decref(cur);
	return rc;
}

int
grievance_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[4];
	json_t *tag = input_get(in, grievance_list_fields, GRIEVANCE_LIST_TAG);
	json_t *row, *tags;
	int64_t limit, offset;
	size_t i;

	vals[0] = input_val(in, grievance_list_fields,
	    GRIEVANCE_LIST_TARGET_ID);
	vals[1] = json_is_string(json_array_get(tag, 0))
	    ? DBV_TEXT(json_string_value(json_array_get(tag, 0)))
	    : DBV_NULL;
	vals[2] = input_val(in, grievance_list_fields, GRIEVANCE_LIST_ZONE_ID);
	vals[3] = input_val(in, grievance_list_fields,
	    GRIEVANCE_LIST_PERSON_ID);
	listing_page(in, &limit, &offset);
	if (listing_run(db, &grievance_listing, vals, limit, offset, out, p) ==
	    -1)
		return -1;
	json_array_foreach (json_object_get(*out, "items"), i, row) {
		tags = links_list(db, LINKS_GRIEVANCE_TAG,
		    json_integer_value(json_object_get(row, "id")));
		if (tags == NULL) {
			json_decref(*out);
			*out = NULL;
			return tx_problem(db, p);
		}
		json_object_set_new(row, "tags", tags);
	}
	return 0;
}

int
grievance_options(struct db *db, json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[STMT_OPTIONS], NULL, 0);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
grievance_people_named(struct db *db, json_t *ids, json_t **out,
    struct problem *p)
{
	struct db_val arg;
	json_t *v, *row;
	size_t i;
	int rc;

	*out = json_array();
	json_array_foreach (ids, i, v) {
		if (!json_is_integer(v))
			continue;
		arg = DBV_INT(json_integer_value(v));
		rc = db_row(db, stmts[STMT_PERSON_NAME], &arg, 1, &row);
		if (rc == -1) {
			json_decref(*out);
			*out = NULL;
			return tx_problem(db, p);
		}
		if (rc == 1)
			json_array_append_new(*out, row);
	}
	return 0;
}
