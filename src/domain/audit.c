/* Writing and reading the audit trail. */
#include <stdlib.h>

#include "audit.h"
#include "input.h"
#include "listing.h"
#include "db/multirow.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/banned.h"

static const char *const stmt_insert =
    "INSERT INTO audit (at, user_id, action, entity, entity_id, ip, "
    "change) VALUES (?, ?, ?, ?, ?, ?, ?)";

/* stmt_insert for many entries of no change, MULTIROW_MAX at most. */
static const char *const stmt_insert_many[MULTIROW_SIZES] = MULTIROW(
    "INSERT INTO audit (at, user_id, action, entity, entity_id, ip, "
    "change) VALUES ",
    "(?, ?, ?, ?, ?, ?, NULL)", "");

const char *const audit_actions[] = {
	/* by the web (route.c) */
	"login",
	"logout",
	"password.change",
	"token.add",
	"token.revoke",
	"zone.create",
	"zone.update",
	"person.create",
	"person.update",
	"person.forget",
	"person.stage",
	"person.membership",
	"person.role",
	"training.create",
	"training.complete",
	"need.create",
	"need.link",
	"need.status",
	"need.claim",
	"need.release",
	"need.call",
	"need.match",
	"need.deliver",
	"need.confirm",
	"need.confirm_link",
	"need.confirm_asker",
	"task.done",
	"task.skip",
	"rule.update",
	"need.intake",
	"grievance.create",
	"grievance.update",
	"run.create",
	"target.create",
	"target.update",
	"conversation.create",
	"offer.create",
	"offer.status",
	"help.post",
	"match.run",
	"campaign.create",
	"campaign.status",
	"campaign.support",
	"campaign.unsupport",
	"campaign.action",
	"campaign.outcome",
	"action.people",
	"program.create",
	"program.update",
	"program.session",
	"session.update",
	"session.move",
	"session.cancel",
	"session.attend",
	"session.shift",
	"shift.signup",
	"shift.cancel",
	"item.create",
	"item.update",
	"location.create",
	"stock.threshold",
	"stock.count",
	"need.stock",
	"session.stock",
	"event.create",
	"event.material",
	"event.rsvp",
	"event.attend",
	"event.stock",
	"curriculum.create",
	"bulletin.compose",
	"bulletin.update",
	"bulletin.publish",
	"bulletin.sms",
	"bulletin.delete",
	"fund.create",
	"fund.update",
	"fund.transaction",
	"fund.reimbursement",
	"reimbursement.status",
	"sms.receive",
	"emergency purge",
	"export",
	"import",
	/* by the domain */
	"stock.move",
	"view contact",
	"search contact",
	"view conversations",
	"forget person",
	"purge",
	"match.assign",
	"claim.expire",
	/* on the server's command line */
	"cli user add",
	"cli user zone",
	"cli user role",
	"cli user disable",
	"cli user password",
	"cli token add",
	"cli token revoke",
	"cli match",
	"cli export",
	"cli import",
	"cli sms gateway add",
	"cli sms gateway remove",
	"cli surge",
	NULL,
};

const char *const audit_entities[] = {
	"need",
	"offer",
	"person",
	"zone",
	"user",
	"api_token",
	"task",
	"rule",
	"run",
	"target",
	"conversation",
	"campaign",
	"action",
	"program",
	"session",
	"shift",
	"item",
	"location",
	"stock_move",
	"event",
	"curriculum",
	"training",
	"bulletin",
	NULL,
};

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
		  "a.entity_id, a.ip, a.change FROM audit a "
		  "LEFT JOIN app_user u ON u.id = a.user_id",
	.count = "SELECT count(*) FROM audit a",
	.order = "ORDER BY a.id DESC",
	.conds = audit_conds,
};

void
audit_note_move(struct audit_note *n, const char *from, const char *to)
{
	n->from = status_parse(from);
	n->to = status_parse(to);
}

void
audit_note_fields(struct audit_note *n, const struct field *fields,
    json_t *before, json_t *in)
{
	json_t *v;
	int k;

	n->fields = fields;
	n->changed = 0;
	for (k = 0; k < 64 && fields[k].name != NULL; k++) {
		v = json_object_get(in, fields[k].name);
		if (v != NULL &&
		    !json_equal(v, json_object_get(before, fields[k].name)))
			n->changed |= (uint64_t)1 << k;
	}
}

char *
audit_note_text(const struct audit_note *n)
{
	json_t *o = json_object(), *names;
	char *text = NULL;
	int k;

	/* Only names from status_names and from the field table go in. */
	if (n->from != n->to && n->from < STATUS__MAX && n->to < STATUS__MAX) {
		json_object_set_new(o, "from",
		    json_string(status_names[n->from]));
		json_object_set_new(o, "to", json_string(status_names[n->to]));
	}
	if (n->changed != 0) {
		names = json_array();
		for (k = 0; k < 64 && n->fields[k].name != NULL; k++)
			if (n->changed & ((uint64_t)1 << k))
				json_array_append_new(names,
				    json_string(n->fields[k].name));
		json_object_set_new(o, "fields", names);
	}
	if (json_object_size(o) > 0)
		text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

int
audit_log_note(struct db *db, const struct viewer *v, const char *action,
    const char *entity, int64_t entity_id, const struct audit_note *note)
{
	char now[CLOCK_ISO_LEN], *change = note ? audit_note_text(note) : NULL;
	struct db_val args[7];
	int rc;

	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = v != NULL && v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[2] = DBV_TEXT(action);
	args[3] = entity != NULL ? DBV_TEXT(entity) : DBV_NULL;
	args[4] = entity_id > 0 ? DBV_INT(entity_id) : DBV_NULL;
	args[5] = v != NULL && v->ip != NULL ? DBV_TEXT(v->ip) : DBV_NULL;
	args[6] = change != NULL ? DBV_TEXT(change) : DBV_NULL;
	rc = db_exec(db, stmt_insert, args, 7) == 1 ? 0 : -1;
	arena_json_free(change);
	return rc;
}

int
audit_log(struct db *db, const struct viewer *v, const char *action,
    const char *entity, int64_t entity_id)
{
	return audit_log_note(db, v, action, entity, entity_id, NULL);
}

int
audit_log_many(struct db *db, const struct viewer *v, const char *action,
    const char *entity, const int64_t *ids, size_t n)
{
	struct db_val args[6 * MULTIROW_MAX], who, ip;
	char now[CLOCK_ISO_LEN];
	size_t done, size, k, i, a;

	clock_now(now);
	who = v != NULL && v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	ip = v != NULL && v->ip != NULL ? DBV_TEXT(v->ip) : DBV_NULL;
	for (done = 0; done < n; done += size) {
		size = multirow_piece(n - done, &k);
		for (i = 0, a = 0; i < size; i++) {
			args[a++] = DBV_TEXT(now);
			args[a++] = who;
			args[a++] = DBV_TEXT(action);
			args[a++] = entity != NULL ? DBV_TEXT(entity)
						   : DBV_NULL;
			args[a++] = ids[done + i] > 0 ? DBV_INT(ids[done + i])
						      : DBV_NULL;
			args[a++] = ip;
		}
		if (db_exec(db, stmt_insert_many[k], args, a) != (int)size)
			return -1;
	}
	return 0;
}

int
audit_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[2];
	int64_t limit, offset;
	json_t *row, *change;
	const char *text;
	size_t i;

	listing_page(in, &limit, &offset);
	vals[0] = input_val(in, audit_list_fields, AUDIT_LIST_USER_ID);
	vals[1] = input_val(in, audit_list_fields, AUDIT_LIST_ACTION);
	if (listing_run(db, &audit_listing, vals, limit, offset, out, p) == -1)
		return -1;
	/* The change as the object it was written from, not as text. */
	json_array_foreach (json_object_get(*out, "items"), i, row) {
		text = json_string_value(json_object_get(row, "change"));
		change = text ? json_loads(text, 0, NULL) : NULL;
		json_object_set_new(row, "change",
		    change ? change : json_null());
	}
	return 0;
}
