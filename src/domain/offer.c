/* Offers: validation and transitions, newest first in lists. */
#include "offer.h"
#include "listing.h"
#include "privacy.h"
#include "post.h"
#include "util/banned.h"

enum stmt {
	STMT_FIND,
	STMT_FIND_ZONES,
	STMT_LOCK,
	STMT_INSERT,
	STMT_SET_STATUS,
	STMT__MAX,
};

#define OFFER_COLUMNS                                                          \
	"o.id, o.person_id, p.name AS person_name, o.category, "               \
	"o.details, o.quantity, o.zone_id, z.name AS zone_name, "              \
	"o.status, o.close_reason, o.created_at, o.updated_at"
#define OFFER_FROM                                                             \
	" FROM offer o JOIN person p ON p.id = o.person_id "                   \
	"JOIN zone z ON z.id = o.zone_id"
/* The zones a volunteer works in. */
#define OFFER_IN_ZONES                                                         \
	"o.zone_id IN (SELECT zone_id FROM user_zone WHERE user_id = ?)"

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND */
	"SELECT " OFFER_COLUMNS OFFER_FROM " WHERE o.id = ?",
	/* STMT_FIND_ZONES */
	"SELECT " OFFER_COLUMNS OFFER_FROM
	" WHERE o.id = ? AND " OFFER_IN_ZONES,
	/* STMT_LOCK */
	"SELECT id FROM offer WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_INSERT */
	"INSERT INTO offer (person_id, category, details, zone_id, quantity, "
	"status, close_reason, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_SET_STATUS */
	"UPDATE offer SET status = ?, close_reason = ?, updated_at = ? "
	"WHERE id = ? AND status = ?",
};

const struct field offer_fields[OFFER__MAX + 1] = {
	[OFFER_PERSON_ID] = { "person_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[OFFER_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[OFFER_DETAILS] = { "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000,
	    NULL },
	[OFFER_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX,
	    NULL },
	[OFFER_QUANTITY] = { "quantity", FIELD_INT, 0, 1, 1000000, NULL },
	[OFFER__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static const char *const offer_conds[] = {
	"o.status = ?",
	"o.zone_id = ?",
	"o.category = ?",
	"o.person_id = ?",
	"o.details LIKE ? ESCAPE '\\'",
	OFFER_IN_ZONES,
	NULL,
};

static struct listing offer_listing = {
	.select = "SELECT " OFFER_COLUMNS OFFER_FROM,
	.count = "SELECT count(*) FROM offer o",
	.order = "ORDER BY o.created_at DESC, o.id DESC",
	.conds = offer_conds,
	.like = 5,
};

static const struct post_kind offer_kind = {
	.find = &stmts[STMT_FIND],
	.find_zones = &stmts[STMT_FIND_ZONES],
	.lock = &stmts[STMT_LOCK],
	.set_status = &stmts[STMT_SET_STATUS],
	.insert = &stmts[STMT_INSERT],
	.fields = offer_fields,
	.not_found = "err_no_offer",
	.listing = &offer_listing,
};

int64_t
offer_insert(struct db *db, json_t *in, const char *status,
    const char *created_at)
{
	return post_insert(&offer_kind, db, in, status, created_at);
}

int
offer_find(struct db *db, int64_t id, int64_t zone_user, json_t **out,
    struct problem *p)
{
	return post_find(&offer_kind, db, id, zone_user, out, p);
}

int
offer_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	return post_create(&offer_kind, db, in, out, p);
}

int
offer_create_at(struct db *db, json_t *in, const char *status,
    const char *created_at, json_t **out, struct problem *p)
{
	return post_create_at(&offer_kind, db, in, status, created_at, out, p);
}

int
offer_set_status(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	return post_set_status(&offer_kind, db, id, in, out, note, p);
}

int
offer_list(struct db *db, json_t *in, const struct viewer *v, json_t **out,
    struct problem *p)
{
	struct db_val vals[6];

	post_list_vals(in, privacy_zone_user(v), vals);
	return post_list(&offer_kind, db, in, vals, out, p);
}

int
offer_rows(struct db *db, json_t *in, const struct viewer *v,
    struct db_cursor **out, struct problem *p)
{
	struct db_val vals[6];

	post_list_vals(in, privacy_zone_user(v), vals);
	return listing_open(db, offer_kind.listing, vals, out, p);
}
