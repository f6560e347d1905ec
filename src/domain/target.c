/*
 * Targets and their rules: one per folded name, a closed set of kinds,
 * places that exist (kept by links.c).
 */
#include <stdlib.h>

#include "target.h"
#include "audit.h"
#include "input.h"
#include "links.h"
#include "listing.h"
#include "tx.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/banned.h"

enum stmt {
	STMT_EXISTS,
	STMT_NAMED,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_FIND,
	STMT_ZONES,
	STMT_OPTIONS,
	STMT_LOCK,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_EXISTS */
	"SELECT 1 FROM target WHERE id = ?",
	/* STMT_NAMED: the target of a folded name (the unique index) */
	"SELECT id FROM target WHERE name_fold = ?",
	/* STMT_INSERT: name, name_fold, kind, notes, created, updated */
	"INSERT INTO target (name, name_fold, kind, notes, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_UPDATE: as STMT_INSERT without created_at, then the id */
	"UPDATE target SET name = ?, name_fold = ?, kind = ?, notes = ?, "
	"updated_at = ? WHERE id = ?",
	/* STMT_FIND */
	"SELECT id, name, kind, notes, created_at, updated_at FROM target "
	"WHERE id = ?",
	/* STMT_ZONES: the places, by name */
	"SELECT z.id, z.name FROM target_zone tz JOIN zone z ON "
	"z.id = tz.zone_id WHERE tz.target_id = ? ORDER BY z.name, z.id",
	/* STMT_OPTIONS: every target for a form's choice, by name */
	"SELECT id, name FROM target ORDER BY name_fold, id",
	/* STMT_LOCK: an edit reads the target, then writes it whole */
	"SELECT id FROM target WHERE id = ? FOR NO KEY UPDATE",
};

const char *const target_kinds[] = {
	"landlord",
	"property_manager",
	"employer",
	"agency",
	"official",
	"other",
	NULL,
};

const struct field target_fields[TARGET__MAX + 1] = {
	[TARGET_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 120, NULL },
	[TARGET_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    target_kinds },
	[TARGET_NOTES] = { "notes", FIELD_TEXT, 0, 0, 2000, NULL },
	[TARGET_ZONE_IDS] = { "zone_ids", FIELD_IDS, 0, 0, TARGET_ZONE_MAX,
	    NULL },
	[TARGET__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field target_list_fields[TARGET_LIST__MAX + 1] = {
	[TARGET_LIST_Q] = { "q", FIELD_LINE, 0, 0, 120, NULL },
	[TARGET_LIST_KIND] = { "kind", FIELD_CHOICE, 0, 0, 0, target_kinds },
	[TARGET_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	LISTING_PAGE_FIELDS(TARGET_LIST),
	[TARGET_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In target_list_key order. */
static const char *const target_conds[] = {
	"t.name_fold LIKE ? ESCAPE '\\'",
	"t.kind = ?",
	"t.id IN (SELECT target_id FROM target_zone WHERE zone_id = ?)",
	NULL,
};

static struct listing target_listing = {
	.select = "SELECT t.id, t.name, t.kind FROM target t",
	.count = "SELECT count(*) FROM target t",
	.order = "ORDER BY t.name_fold, t.id",
	.conds = target_conds,
	.like = 1 + TARGET_LIST_Q,
};

int
target_exists(struct db *db, int64_t id)
{
	struct db_val arg = DBV_INT(id);
	int64_t one;

	return db_int(db, stmts[STMT_EXISTS], &arg, 1, &one);
}

int
target_check_id(struct db *db, json_t *v, const char *field, struct problem *p)
{
	int rc;

	if (!json_is_integer(v))
		return 0;
	rc = target_exists(db, json_integer_value(v));
	if (rc == -1)
		return tx_problem(db, p);
	return rc == 1
	    ? 0
	    : problem_set(p, PROBLEM_INVALID, "err_no_target", field, 0);
}

int
target_options(struct db *db, json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[STMT_OPTIONS], NULL, 0);
	return *out == NULL ? tx_problem(db, p) : 0;
}

/*
 * The target whose folded name is fold, other than self (0: none is
 * excluded): 1 and *id, 0 when there is none, -1 on a database error.
 */
static int
target_by_fold(struct db *db, const char *fold, int64_t self, int64_t *id)
{
	struct db_val arg = DBV_TEXT(fold);
	int rc = db_int(db, stmts[STMT_NAMED], &arg, 1, id);

	if (rc == 1 && *id == self)
		return 0;
	return rc;
}

/*
 * Every rule of in for target self (0: a new one): a name no other target
 * has, places that exist. 0, or -1 with p.
 */
static int
target_check(struct db *db, json_t *in, int64_t self, struct problem *p)
{
	const char *name = input_text(in, target_fields, TARGET_NAME);
	char *fold;
	int64_t other;
	int rc = 0;

	if (name != NULL) {
		fold = fold_name(name);
		rc = target_by_fold(db, fold, self, &other);
		free(fold);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 1)
			return problem_set(p, PROBLEM_INVALID,
			    "err_target_taken", target_fields[TARGET_NAME].name,
			    0);
	}
	return links_check(db, LINKS_TARGET_ZONE,
	    input_get(in, target_fields, TARGET_ZONE_IDS),
	    target_fields[TARGET_ZONE_IDS].name, p);
}

/*
 * Write the columns of in (every one present, as after a merge with the
 * row) into a new row (id 0: its id into *id) or into row *id.
 */
static int
target_write(struct db *db, json_t *in, int64_t *id)
{
	struct db_val args[6];
	char now[CLOCK_ISO_LEN];
	char *fold;
	int n = 0, rc;

	clock_now(now);
	fold = fold_name(input_text(in, target_fields, TARGET_NAME));
	args[n++] = input_val(in, target_fields, TARGET_NAME);
	args[n++] = DBV_TEXT(fold);
	args[n++] = input_val(in, target_fields, TARGET_KIND);
	args[n++] = input_val(in, target_fields, TARGET_NOTES);
	if (*id == 0) {
		args[n++] = DBV_TEXT(now);
		args[n++] = DBV_TEXT(now);
		rc = db_int(db, stmts[STMT_INSERT], args, n, id) == 1 ? 0 : -1;
	} else {
		args[n++] = DBV_TEXT(now);
		args[n++] = DBV_INT(*id);
		rc = db_exec(db, stmts[STMT_UPDATE], args, n) == -1 ? -1 : 0;
	}
	free(fold);
	return rc;
}

int
target_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	int64_t id = 0;

	*out = NULL;
	if (target_check(db, in, 0, p) == -1)
		return -1;
	if (target_write(db, in, &id) == -1 ||
	    links_replace(db, LINKS_TARGET_ZONE, id,
		input_get(in, target_fields, TARGET_ZONE_IDS)) == -1)
		return tx_problem(db, p);
	return target_find(db, id, out, p);
}

int
target_named(struct db *db, const char *name, const char *kind, int64_t *id,
    struct problem *p)
{
	json_t *in;
	char *fold = fold_name(name);
	int rc;

	*id = 0;
	rc = target_by_fold(db, fold, 0, id);
	free(fold);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return 0;
	in = json_object();
	input_set(in, target_fields, TARGET_NAME, json_string(name));
	input_set(in, target_fields, TARGET_KIND,
	    json_string(kind != NULL ? kind : "other"));
	rc = target_write(db, in, id);
	json_decref(in);
	return rc == -1 ? tx_problem(db, p) : 0;
}

int
target_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *zones, *ids;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_target", p) ==
	    -1)
		return -1;
	zones = db_rows(db, stmts[STMT_ZONES], &arg, 1);
	ids = zones != NULL ? links_list(db, LINKS_TARGET_ZONE, id) : NULL;
	if (ids == NULL) {
		json_decref(zones);
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "zones", zones);
	json_object_set_new(*out, "zone_ids", ids);
	return 0;
}

int
target_update(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	json_t *cur = NULL, *ids;
	int rc = -1;

	*out = NULL;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_target", p) == -1 ||
	    target_find(db, id, &cur, p) == -1)
		return -1;
	if (target_check(db, in, id, p) == -1)
		goto out;
	/* No places compare as null, as an update that clears them says. */
	if (json_array_size(json_object_get(cur, "zone_ids")) == 0)
		json_object_set_new(cur, "zone_ids", json_null());
	audit_note_fields(note, target_fields, cur, in);
	ids = input_get(in, target_fields, TARGET_ZONE_IDS);
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(cur, in);
	if (target_write(db, cur, &id) == -1 ||
	    (ids != NULL &&
		links_replace(db, LINKS_TARGET_ZONE, id, ids) == -1)) {
		tx_problem(db, p);
		goto out;
	}
	rc = target_find(db, id, out, p);
out:
	json_decref(cur);
	return rc;
}

int
target_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[TARGET_LIST_LIMIT];
	const char *q = input_text(in, target_list_fields, TARGET_LIST_Q);
	char *fold = q != NULL ? fold_name(q) : NULL;
	int64_t limit, offset;
	int k, rc;

	for (k = 0; k < TARGET_LIST_LIMIT; k++)
		vals[k] = input_val(in, target_list_fields, k);
	/* The name is found folded, as it is kept. */
	if (fold != NULL)
		vals[TARGET_LIST_Q] = DBV_TEXT(fold);
	listing_page(in, &limit, &offset);
	rc = listing_run(db, &target_listing, vals, limit, offset, out, p);
	free(fold);
	return rc;
}
