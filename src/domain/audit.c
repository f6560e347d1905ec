/* Writing and reading the audit trail. */
#include "audit.h"
#include "input.h"
#include "listing.h"
#include "util/clock.h"
#include "util/banned.h"

static const char *const stmt_insert =
    "INSERT INTO audit (at, user_id, action, entity, entity_id, ip) "
    "VALUES (?, ?, ?, ?, ?, ?)";

const struct field audit_list_fields[AUDIT_LIST__MAX + 1] = {
	[AUDIT_LIST_USER_ID] = { "user_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[AUDIT_LIST_ACTION] = { "action", FIELD_LINE, 0, 1, 100, NULL },
	LISTING_PAGE_FIELDS(AUDIT_LIST),
	[AUDIT_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

static const char *const audit_conds[] = {
	"a.user_id = ?",
	"a.action = ?",
	NULL,
};

static struct listing audit_listing = {
	.select = "SELECT a.id, a.at, a.user_id, u.login, a.action, a.entity, "
		  "a.entity_id, a.ip FROM audit a "
		  "LEFT JOIN app_user u ON u.id = a.user_id",
	.count = "SELECT count(*) FROM audit a",
	.order = "ORDER BY a.id DESC",
	.conds = audit_conds,
};

int
audit_log(struct db *db, const struct viewer *v, const char *action,
    const char *entity, int64_t entity_id)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[6];

	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = v != NULL && v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[2] = DBV_TEXT(action);
	args[3] = entity != NULL ? DBV_TEXT(entity) : DBV_NULL;
	args[4] = entity_id > 0 ? DBV_INT(entity_id) : DBV_NULL;
	args[5] = v != NULL && v->ip != NULL ? DBV_TEXT(v->ip) : DBV_NULL;
	return db_exec(db, stmt_insert, args, 6) == 1 ? 0 : -1;
}

int
audit_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[2];
	int64_t limit, offset;

	listing_page(in, &limit, &offset);
	vals[0] = input_val(in, audit_list_fields, AUDIT_LIST_USER_ID);
	vals[1] = input_val(in, audit_list_fields, AUDIT_LIST_ACTION);
	return listing_run(db, &audit_listing, vals, limit, offset, out, p);
}
