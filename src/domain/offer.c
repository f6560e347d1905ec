/* Offers: validation and transitions, newest first in lists. */
#include <stdlib.h>

#include "offer.h"
#include "listing.h"
#include "refs.h"
#include "status.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_FIND,
	STMT_INSERT,
	STMT_SET_STATUS,
	STMT__MAX
};

#define OFFER_COLUMNS							\
	"o.id, o.person_id, p.name AS person_name, o.category, "	\
	"o.details, o.quantity, o.zone_id, z.name AS zone_name, "	\
	"o.status, o.close_reason, o.created_at, o.updated_at"
#define OFFER_FROM							\
	" FROM offer o JOIN person p ON p.id = o.person_id "		\
	"JOIN zone z ON z.id = o.zone_id"

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND */
	"SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.id = ?",
	/* STMT_INSERT */
	"INSERT INTO offer (person_id, category, details, zone_id, quantity, "
	"status, close_reason, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_SET_STATUS */
	"UPDATE offer SET status = ?, close_reason = ?, updated_at = ? "
	"WHERE id = ? AND status = ?",
};

const struct field offer_fields[] = {
	{ "person_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL },
	{ "category", FIELD_LINE, FIELD_REQUIRED, 1, 40, NULL },
	{ "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL },
	{ "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL },
	{ "quantity", FIELD_INT, 0, 1, 1000000, NULL },
	{ NULL, 0, 0, 0, 0, NULL }
};

const struct field offer_list_fields[] = {
	{ "status", FIELD_CHOICE, 0, 0, 0, status_names },
	{ "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	{ "category", FIELD_LINE, 0, 1, 40, NULL },
	{ "person_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	{ "q", FIELD_LINE, 0, 0, 100, NULL },
	LISTING_PAGE_FIELDS,
	{ NULL, 0, 0, 0, 0, NULL }
};

static const char *const offer_conds[] = {
	"o.status = ?",
	"o.zone_id = ?",
	"o.category = ?",
	"o.person_id = ?",
	"o.details LIKE ? ESCAPE '\\'",
	NULL
};

static struct listing offer_listing = {
	.select = "SELECT " OFFER_COLUMNS OFFER_FROM,
	.count = "SELECT count(*) FROM offer o",
	.order = "ORDER BY o.created_at DESC, o.id DESC",
	.conds = offer_conds,
};

int64_t
offer_insert(struct db *db, json_t *in, const char *status,
    const char *created_at)
{
	struct db_val args[9];
	int64_t id;

	args[0] = listing_int(in, "person_id");
	args[1] = listing_text(in, "category");
	args[2] = listing_text(in, "details");
	args[3] = listing_int(in, "zone_id");
	args[4] = listing_int(in, "quantity");
	args[5] = DBV_TEXT(status);
	/* Decoded input never carries it: offer_fields does not declare it. */
	args[6] = listing_text(in, "reason");
	args[7] = DBV_TEXT(created_at);
	args[8] = DBV_TEXT(created_at);
	if (db_int(db, stmts[STMT_INSERT], args, 9, &id) != 1)
		return -1;
	return id;
}

int
offer_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int rc = db_row(db, stmts[STMT_FIND], &arg, 1, out);

	if (rc == -1)
		return listing_db_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_offer", NULL,
		    0);
	return 0;
}

int
offer_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	int64_t id;

	*out = NULL;
	if (db_begin(db) == -1)
		return listing_db_problem(db, p);
	if (refs_check(db, in, p) == -1)
		goto fail;
	clock_now(now);
	id = offer_insert(db, in, "open", now);
	if (id == -1) {
		listing_db_problem(db, p);
		goto fail;
	}
	if (offer_find(db, id, out, p) == -1)
		goto fail;
	if (db_commit(db) == -1) {
		listing_db_problem(db, p);
		goto fail;
	}
	return 0;
fail:
	json_decref(*out);
	*out = NULL;
	db_rollback(db);
	return -1;
}

int
offer_set_status(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];
	json_t *cur = NULL;
	const char *from;

	*out = NULL;
	if (db_begin(db) == -1)
		return listing_db_problem(db, p);
	if (offer_find(db, id, &cur, p) == -1)
		goto fail;
	from = json_string_value(json_object_get(cur, "status"));
	if (status_check(from, in, p) == -1)
		goto fail;
	clock_now(now);
	args[0] = listing_text(in, "status");
	args[1] = listing_text(in, "reason");
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(id);
	args[4] = DBV_TEXT(from);
	if (db_exec(db, stmts[STMT_SET_STATUS], args, 5) != 1) {
		listing_db_problem(db, p);
		goto fail;
	}
	json_decref(cur);
	cur = NULL;
	if (offer_find(db, id, out, p) == -1)
		goto fail;
	if (db_commit(db) == -1) {
		listing_db_problem(db, p);
		goto fail;
	}
	return 0;
fail:
	json_decref(cur);
	json_decref(*out);
	*out = NULL;
	db_rollback(db);
	return -1;
}

int
offer_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[5];
	int64_t limit, offset;
	char *like = NULL;
	int rc;

	listing_page(in, &limit, &offset);
	vals[0] = listing_text(in, "status");
	vals[1] = listing_int(in, "zone_id");
	vals[2] = listing_text(in, "category");
	vals[3] = listing_int(in, "person_id");
	vals[4] = listing_text(in, "q");
	if (vals[4].type == DB_TEXT) {
		like = listing_like(vals[4].s);
		vals[4] = DBV_TEXT(like);
	}
	rc = listing_run(db, &offer_listing, vals, limit, offset, out, p);
	free(like);
	return rc;
}
