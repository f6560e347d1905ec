/* Sets kept in tables of their own (see links.h). */
#include "links.h"
#include "tx.h"
#include "util/banned.h"

/* One set: its statements, and for ids what they point to. */
struct links_def {
	const char *del;     /* every item of an owner */
	const char *add;     /* one item, unless there */
	const char *list;    /* an owner's items, in order */
	const char *exists;  /* NULL for tags */
	const char *missing; /* the message for an id of no row */
};

/*
 * The statements are whole strings, one per set, so that each is a
 * constant the statement cache keys by, and no SQL is built at run time.
 */
#define LINKS_DEF(table, owner, item, ref, missing)                            \
	{                                                                      \
		"DELETE FROM " table " WHERE " owner " = ?",                   \
		    "INSERT INTO " table " (" owner ", " item                  \
		    ") VALUES (?, ?) "                                         \
		    "ON CONFLICT DO NOTHING",                                  \
		    "SELECT " item " AS v FROM " table " WHERE " owner " = ? " \
		    "ORDER BY " item,                                          \
		    ref, missing                                               \
	}

static const struct links_def links_defs[LINKS__MAX] = {
	[LINKS_TARGET_ZONE] = LINKS_DEF("target_zone", "target_id", "zone_id",
	    "SELECT 1 FROM zone WHERE id = ?", "err_no_zone"),
	[LINKS_GRIEVANCE_ZONE] = LINKS_DEF("grievance_zone", "grievance_id",
	    "zone_id", "SELECT 1 FROM zone WHERE id = ?", "err_no_zone"),
	[LINKS_GRIEVANCE_PERSON] = LINKS_DEF("grievance_person", "grievance_id",
	    "person_id", "SELECT 1 FROM person WHERE id = ?", "err_no_person"),
	[LINKS_CAMPAIGN_GRIEVANCE] = LINKS_DEF("campaign_grievance",
	    "campaign_id", "grievance_id",
	    "SELECT 1 FROM grievance WHERE id = ?", "err_no_grievance"),
	[LINKS_CAMPAIGN_SUPPORTER] = LINKS_DEF("campaign_supporter",
	    "campaign_id", "person_id", "SELECT 1 FROM person WHERE id = ?",
	    "err_no_person"),
	[LINKS_GRIEVANCE_TAG] = LINKS_DEF("grievance_tag", "grievance_id",
	    "tag", NULL, NULL),
	[LINKS_NEED_TAG] = LINKS_DEF("need_tag", "need_id", "tag", NULL, NULL),
	[LINKS_CONVERSATION_TAG] = LINKS_DEF("conversation_tag",
	    "conversation_id", "tag", NULL, NULL),
};

int
links_check(struct db *db, enum links_set set, json_t *ids, const char *field,
    struct problem *p)
{
	const struct links_def *d = &links_defs[set];
	struct db_val arg;
	int64_t one;
	json_t *v;
	size_t i;
	int rc;

	json_array_foreach (ids, i, v) {
		arg = DBV_INT(json_integer_value(v));
		rc = db_int(db, d->exists, &arg, 1, &one);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID, d->missing,
			    field, 0);
	}
	return 0;
}

/* The bound value of one item: an id, or a tag. */
static struct db_val
links_item(json_t *v)
{
	return json_is_integer(v) ? DBV_INT(json_integer_value(v))
				  : DBV_TEXT(json_string_value(v));
}

int
links_add(struct db *db, enum links_set set, int64_t owner, json_t *items)
{
	struct db_val args[2] = { DBV_INT(owner) };
	json_t *v;
	size_t i;

	json_array_foreach (items, i, v) {
		args[1] = links_item(v);
		if (db_exec(db, links_defs[set].add, args, 2) == -1)
			return -1;
	}
	return 0;
}

int
links_replace(struct db *db, enum links_set set, int64_t owner, json_t *items)
{
	struct db_val arg = DBV_INT(owner);

	if (db_exec(db, links_defs[set].del, &arg, 1) == -1)
		return -1;
	return links_add(db, set, owner, items);
}

json_t *
links_list(struct db *db, enum links_set set, int64_t owner)
{
	struct db_val arg = DBV_INT(owner);
	json_t *rows = db_rows(db, links_defs[set].list, &arg, 1), *out, *row;
	size_t i;

	if (rows == NULL)
		return NULL;
	out = json_array();
	json_array_foreach (rows, i, row)
		json_array_append(out, json_object_get(row, "v"));
	json_decref(rows);
	return out;
}
