/* Stock moves, the running levels they keep, and the check of both. */
#include <string.h>

#include "stock.h"
#include "audit.h"
#include "input.h"
#include "listing.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_ITEM,
	STMT_LOCATION,
	STMT_NEED,
	STMT_SESSION,
	STMT_EVENT,
	STMT_ZONED,
	STMT_TAKE,
	STMT_ADD,
	STMT_LEVEL,
	STMT_INSERT,
	STMT_ORIGINAL,
	STMT_FIND,
	STMT_LEVELS,
	STMT_DRIFT,
	STMT_LOCK,
	STMT__MAX,
};

/* What each location gains (+) or loses (-) from the moves. */
#define STOCK_SUMS                                                             \
	"WITH sums AS (SELECT location_id, item_id, sum(q) AS total FROM "     \
	"(SELECT to_location_id AS location_id, item_id, quantity AS q "       \
	"FROM stock_move WHERE to_location_id IS NOT NULL UNION ALL "          \
	"SELECT from_location_id, item_id, -quantity FROM stock_move "         \
	"WHERE from_location_id IS NOT NULL) AS m "                            \
	"GROUP BY location_id, item_id) "

static const char *const stmts[STMT__MAX] = {
	/* STMT_ITEM */
	"SELECT count(*) FROM item WHERE id = ?",
	/* STMT_LOCATION */
	"SELECT count(*) FROM location WHERE id = ?",
	/* STMT_NEED */
	"SELECT count(*) FROM need WHERE id = ?",
	/* STMT_SESSION */
	"SELECT count(*) FROM program_session WHERE id = ?",
	/* STMT_EVENT */
	"SELECT count(*) FROM event WHERE id = ?",
	/* STMT_ZONED: the location is in one of the user's zones */
	"SELECT count(*) FROM location WHERE id = ? AND zone_id IN "
	"(SELECT zone_id FROM user_zone WHERE user_id = ?)",
	/*
	 * STMT_TAKE: the last units go once. Don't turn this into a level
	 * read before a write: on PostgreSQL two takes would both read 3
	 * and both take 3. The guard is checked again on the locked row.
	 */
	"UPDATE stock_level SET quantity = quantity - ? WHERE location_id = ? "
	"AND item_id = ? AND quantity >= ?",
	/* STMT_ADD: a gain, or a correction's loss, unguarded */
	"INSERT INTO stock_level (location_id, item_id, quantity) "
	"VALUES (?, ?, ?) ON CONFLICT (location_id, item_id) DO UPDATE SET "
	"quantity = stock_level.quantity + excluded.quantity",
	/* STMT_LEVEL: for the message of a take refused */
	"SELECT quantity FROM stock_level WHERE location_id = ? AND "
	"item_id = ?",
	/* STMT_INSERT */
	"INSERT INTO stock_move (kind, reason, item_id, quantity, "
	"from_location_id, to_location_id, user_id, at, note, need_id, "
	"session_id, reverses_id, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?) RETURNING id",
	/* STMT_ORIGINAL: a move as its reversal needs it */
	"SELECT kind, reason, item_id, quantity, from_location_id, "
	"to_location_id, reverses_id, (SELECT count(*) FROM stock_move r "
	"WHERE r.reverses_id = m.id) AS reversed FROM stock_move m "
	"WHERE m.id = ?",
	/* STMT_FIND */
	"SELECT m.id, m.kind, m.reason, m.item_id, i.name AS item_name, "
	"i.unit, m.quantity, m.from_location_id, f.name AS from_name, "
	"m.to_location_id, t.name AS to_name, m.user_id, u.login AS "
	"user_login, m.at, m.note, m.need_id, m.session_id, m.reverses_id, "
	"m.event_id, "
	"(SELECT r.id FROM stock_move r WHERE r.reverses_id = m.id) AS "
	"reversed_by FROM stock_move m JOIN item i ON i.id = m.item_id "
	"LEFT JOIN location f ON f.id = m.from_location_id "
	"LEFT JOIN location t ON t.id = m.to_location_id "
	"LEFT JOIN app_user u ON u.id = m.user_id WHERE m.id = ?",
	/*
	 * STMT_LEVELS: the primary key's range for one location, and the
	 * items given a threshold there before any move (at 0). Only what
	 * the page shows: 500 rows of it are the cost of the page.
	 */
	"SELECT l.item_id, i.name, i.unit, l.quantity, t.threshold "
	"FROM stock_level l JOIN item i ON i.id = l.item_id "
	"LEFT JOIN stock_threshold t ON t.location_id = l.location_id AND "
	"t.item_id = l.item_id WHERE l.location_id = ? "
	"UNION ALL SELECT t.item_id, i.name, i.unit, 0, t.threshold "
	"FROM stock_threshold t JOIN item i ON i.id = t.item_id "
	"WHERE t.location_id = ? AND NOT EXISTS (SELECT 1 FROM stock_level "
	"l WHERE l.location_id = t.location_id AND l.item_id = t.item_id) "
	"ORDER BY 2, 1",
	/* STMT_DRIFT: levels unlike their sums, and sums with no level */
	STOCK_SUMS
	"SELECT l.location_id, l.item_id, l.quantity AS level, "
	"coalesce(s.total, 0) AS moves FROM stock_level l LEFT JOIN sums s "
	"ON s.location_id = l.location_id AND s.item_id = l.item_id "
	"WHERE l.quantity <> coalesce(s.total, 0) UNION ALL "
	"SELECT s.location_id, s.item_id, NULL, s.total FROM sums s "
	"WHERE NOT EXISTS (SELECT 1 FROM stock_level l WHERE "
	"l.location_id = s.location_id AND l.item_id = s.item_id) "
	"ORDER BY 1, 2",
	/* STMT_LOCK: a move is reversed once (stock_move_reverses too) */
	"SELECT id FROM stock_move WHERE id = ? FOR NO KEY UPDATE",
};

const char *const stock_kinds[] = { "in", "out", "transfer", NULL };

const char *const stock_reasons[] = {
	"donation",   /* in */
	"purchase",   /* in */
	"given",      /* out: to someone, an ask, a session */
	"spoiled",    /* out */
	"correction", /* either way: what a count found */
	"transfer",   /* a transfer's, said or not */
	NULL,
};

/* The reasons each kind takes, NULL-ended; "reversal" is only written. */
static const char *const stock_kind_reasons[STOCK_KIND__MAX][4] = {
	/* STOCK_IN */
	{ "donation", "purchase", "correction", NULL },
	/* STOCK_OUT */
	{ "given", "spoiled", "correction", NULL },
	/* STOCK_TRANSFER */
	{ "transfer", NULL, NULL, NULL },
};

const struct field stock_move_fields[STOCK_MOVE__MAX + 1] = {
	[STOCK_MOVE_KIND] = { "kind", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    stock_kinds },
	[STOCK_MOVE_REASON] = { "reason", FIELD_CHOICE, 0, 0, 0,
	    stock_reasons },
	[STOCK_MOVE_ITEM_ID] = { "item_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[STOCK_MOVE_QUANTITY] = { "quantity", FIELD_INT, FIELD_REQUIRED, 1,
	    STOCK_QUANTITY_MAX, NULL },
	[STOCK_MOVE_LOCATION_ID] = { "location_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[STOCK_MOVE_FROM_LOCATION_ID] = { "from_location_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[STOCK_MOVE_TO_LOCATION_ID] = { "to_location_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[STOCK_MOVE_NOTE] = { "note", FIELD_LINE, 0, 1, 200, NULL },
	[STOCK_MOVE_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[STOCK_MOVE_SESSION_ID] = { "session_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[STOCK_MOVE_EVENT_ID] = { "event_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[STOCK_MOVE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field stock_reverse_fields[STOCK_REVERSE__MAX + 1] = {
	[STOCK_REVERSE_NOTE] = { "note", FIELD_LINE, 0, 1, 200, NULL },
	[STOCK_REVERSE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field stock_list_fields[STOCK_LIST__MAX + 1] = {
	[STOCK_LIST_LOCATION_ID] = { "location_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[STOCK_LIST_ITEM_ID] = { "item_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[STOCK_LIST_KIND] = { "kind", FIELD_CHOICE, 0, 0, 0, stock_kinds },
	LISTING_PAGE_FIELDS(STOCK_LIST),
	[STOCK_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * In stock_list_key order. A location is either end: its value is bound
 * twice, and each half of the OR has its index (stock_move_from, _to).
 */
static const char *const stock_conds[] = {
	"(m.from_location_id = ? OR m.to_location_id = ?)",
	"m.item_id = ?",
	"m.kind = ?",
	NULL,
};

static struct listing stock_listing = {
	.select = "SELECT m.id, m.kind, m.reason, m.item_id, i.name AS "
		  "item_name, i.unit, m.quantity, m.from_location_id, f.name "
		  "AS from_name, m.to_location_id, t.name AS to_name, m.at, "
		  "m.reverses_id FROM stock_move m JOIN item i ON i.id = "
		  "m.item_id LEFT JOIN location f ON f.id = "
		  "m.from_location_id LEFT JOIN location t ON t.id = "
		  "m.to_location_id",
	.count = "SELECT count(*) FROM stock_move m",
	.order = "ORDER BY m.id DESC",
	.conds = stock_conds,
};

/* One move, checked, as it is written; a location 0 is none. */
struct stock_row {
	enum stock_kind kind;
	const char *reason;
	int64_t item_id, quantity, from, to;
	const char *note;
	int64_t need_id, session_id, event_id, reverses_id;
	int guarded; /* a take refused past the level: not a correction */
};

/* The index of s in list (NULL-ended), or -1. */
static int
stock_index(const char *const *list, const char *s)
{
	int i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* in[key] as an id, 0 when absent. */
static int64_t
stock_id(json_t *in, int key)
{
	return json_integer_value(input_get(in, stock_move_fields, key));
}

/*
 * Which locations the kind takes: location_id for in and out,
 * from_location_id and to_location_id for a transfer. Each invalid
 * field is added to p; r->from and r->to set. 0, or -1.
 */
static int
stock_places(json_t *in, struct stock_row *r, struct problem *p)
{
	int64_t at = stock_id(in, STOCK_MOVE_LOCATION_ID);
	int bad = 0;

	r->from = stock_id(in, STOCK_MOVE_FROM_LOCATION_ID);
	r->to = stock_id(in, STOCK_MOVE_TO_LOCATION_ID);
	if (r->kind == STOCK_TRANSFER) {
		if (at != 0)
			bad = problem_add(p, "err_stock_place", "location_id",
			    0);
		if (r->from == 0)
			bad = problem_add(p, "err_required", "from_location_id",
			    0);
		if (r->to == 0)
			bad = problem_add(p, "err_required", "to_location_id",
			    0);
		else if (r->to == r->from)
			bad = problem_add(p, "err_stock_same", "to_location_id",
			    0);
		return bad;
	}
	if (at == 0)
		bad = problem_add(p, "err_required", "location_id", 0);
	if (r->from != 0)
		bad = problem_add(p, "err_stock_place", "from_location_id", 0);
	if (r->to != 0)
		bad = problem_add(p, "err_stock_place", "to_location_id", 0);
	r->from = r->kind == STOCK_OUT ? at : 0;
	r->to = r->kind == STOCK_IN ? at : 0;
	return bad;
}

/*
 * Whether the row stmt counts for id exists, when id is given: a 422 on
 * field added to p when not. 0, 1 when added, -1 on a database error.
 */
static int
stock_exists(struct db *db, enum stmt stmt, int64_t id, const char *msg,
    const char *field, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t n = 0;

	if (id == 0)
		return 0;
	if (db_int(db, stmts[stmt], &arg, 1, &n) == -1)
		return -1;
	if (n == 0) {
		problem_add(p, msg, field, 0);
		return 1;
	}
	return 0;
}

/* The references of r: 0, or -1 with p (every field that names none). */
static int
stock_refs(struct db *db, const struct stock_row *r, struct problem *p)
{
	const struct {
		enum stmt stmt;
		int64_t id;
		const char *msg, *field;
	} refs[] = {
		{ STMT_ITEM, r->item_id, "err_no_item", "item_id" },
		{ STMT_LOCATION, r->from, "err_no_location",
		    r->kind == STOCK_TRANSFER ? "from_location_id"
					      : "location_id" },
		{ STMT_LOCATION, r->to, "err_no_location",
		    r->kind == STOCK_TRANSFER ? "to_location_id"
					      : "location_id" },
		{ STMT_NEED, r->need_id, "err_no_need", "need_id" },
		{ STMT_SESSION, r->session_id, "err_no_session", "session_id" },
		{ STMT_EVENT, r->event_id, "err_no_event", "event_id" },
	};
	size_t i;
	int rc, bad = 0;

	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		rc = stock_exists(db, refs[i].stmt, refs[i].id, refs[i].msg,
		    refs[i].field, p);
		if (rc == -1)
			return tx_problem(db, p);
		bad |= rc;
	}
	return bad ? -1 : 0;
}

/*
 * A volunteer records moves only at the locations of their zones; the
 * roles above them anywhere. 0, or -1 with a 403.
 */
static int
stock_zoned(struct db *db, const struct stock_row *r, const struct viewer *who,
    struct problem *p)
{
	int64_t places[2] = { r->from, r->to }, n;
	struct db_val args[2];
	int i;

	if (who == NULL || who->role > ROLE_VOLUNTEER)
		return 0;
	for (i = 0; i < 2; i++) {
		if (places[i] == 0)
			continue;
		args[0] = DBV_INT(places[i]);
		args[1] = DBV_INT(who->user_id);
		n = 0;
		if (db_int(db, stmts[STMT_ZONED], args, 2, &n) == -1)
			return tx_problem(db, p);
		if (n == 0)
			return problem_set(p, PROBLEM_FORBIDDEN,
			    "err_stock_zone", NULL, 0);
	}
	return 0;
}

/*
 * Take r's quantity from r->from: guarded, unless a correction. 0; 1
 * when refused (a 409 in p, saying what is there); -1 on a database
 * error.
 */
static int
stock_take(struct db *db, const struct stock_row *r, struct problem *p)
{
	struct db_val take[4] = { DBV_INT(r->quantity), DBV_INT(r->from),
		DBV_INT(r->item_id), DBV_INT(r->quantity) };
	struct db_val loss[3] = { DBV_INT(r->from), DBV_INT(r->item_id),
		DBV_INT(-r->quantity) };
	int64_t there = 0;
	int rc;

	if (!r->guarded)
		return db_exec(db, stmts[STMT_ADD], loss, 3) == -1 ? -1 : 0;
	rc = db_exec(db, stmts[STMT_TAKE], take, 4);
	if (rc != 0)
		return rc == -1 ? -1 : 0;
	if (db_int(db, stmts[STMT_LEVEL], loss, 2, &there) == -1)
		return -1;
	problem_set(p, PROBLEM_CONFLICT, "err_stock_short", "quantity",
	    there > 0 ? there : 0);
	return 1;
}

/* Add q of item at location to. 0 or -1. */
static int
stock_put(struct db *db, const struct stock_row *r)
{
	struct db_val args[3] = { DBV_INT(r->to), DBV_INT(r->item_id),
		DBV_INT(r->quantity) };

	return db_exec(db, stmts[STMT_ADD], args, 3) == -1 ? -1 : 0;
}

/*
 * The levels of r's locations. A transfer changes its two rows in the
 * order of their location ids, as every transfer does: two transfers
 * the opposite ways between the same places then wait for each other
 * on PostgreSQL instead of each holding the row the other needs.
 */
static int
stock_levels_move(struct db *db, const struct stock_row *r, struct problem *p)
{
	int rc;

	if (r->to != 0 && r->from != 0 && r->to < r->from &&
	    stock_put(db, r) == -1)
		return tx_problem(db, p);
	if (r->from != 0) {
		rc = stock_take(db, r, p);
		if (rc != 0)
			return rc == -1 ? tx_problem(db, p) : -1;
	}
	if (r->to != 0 && (r->from == 0 || r->to > r->from) &&
	    stock_put(db, r) == -1)
		return tx_problem(db, p);
	return 0;
}

/* A location, or NULL for none. */
static struct db_val
stock_place_val(int64_t id)
{
	return id == 0 ? DBV_NULL : DBV_INT(id);
}

/* Write r as who: the levels, the row, the audit entry. 0, or -1 with p. */
static int
stock_write(struct db *db, const struct stock_row *r, const struct viewer *who,
    int64_t *id, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[13];

	if (stock_zoned(db, r, who, p) == -1 ||
	    stock_levels_move(db, r, p) == -1)
		return -1;
	clock_now(now);
	args[0] = DBV_TEXT(stock_kinds[r->kind]);
	args[1] = DBV_TEXT(r->reason);
	args[2] = DBV_INT(r->item_id);
	args[3] = DBV_INT(r->quantity);
	args[4] = stock_place_val(r->from);
	args[5] = stock_place_val(r->to);
	args[6] = who != NULL && who->user_id != 0 ? DBV_INT(who->user_id)
						   : DBV_NULL;
	args[7] = DBV_TEXT(now);
	args[8] = r->note != NULL ? DBV_TEXT(r->note) : DBV_NULL;
	args[9] = stock_place_val(r->need_id);
	args[10] = stock_place_val(r->session_id);
	args[11] = stock_place_val(r->reverses_id);
	args[12] = stock_place_val(r->event_id);
	if (db_int(db, stmts[STMT_INSERT], args, 13, id) != 1) {
		/* Two reversals of one move at once: the unique index. */
		if (r->reverses_id != 0 && db_errcode(db) == DB_ERR_CONSTRAINT)
			return problem_set(p, PROBLEM_CONFLICT,
			    "err_stock_reversed", NULL, 0);
		return tx_problem(db, p);
	}
	if (audit_log(db, who, "stock.move", "stock_move", *id) == -1)
		return tx_problem(db, p);
	return 0;
}

int
stock_move_add(struct db *db, json_t *in, const struct viewer *who, int64_t *id,
    struct problem *p)
{
	struct stock_row r = { 0 };
	int kind, bad = 0;

	*id = 0;
	kind = stock_index(stock_kinds,
	    input_text(in, stock_move_fields, STOCK_MOVE_KIND));
	if (kind == -1)
		return problem_set(p, PROBLEM_INVALID, "err_choice", "kind", 0);
	r.kind = (enum stock_kind)kind;
	r.reason = input_text(in, stock_move_fields, STOCK_MOVE_REASON);
	if (r.reason == NULL && r.kind == STOCK_TRANSFER)
		r.reason = "transfer";
	if (r.reason == NULL)
		bad = problem_add(p, "err_required", "reason", 0);
	else if (stock_index(stock_kind_reasons[r.kind], r.reason) == -1)
		bad = problem_add(p, "err_stock_reason", "reason", 0);
	r.item_id = stock_id(in, STOCK_MOVE_ITEM_ID);
	r.quantity = stock_id(in, STOCK_MOVE_QUANTITY);
	r.note = input_text(in, stock_move_fields, STOCK_MOVE_NOTE);
	r.need_id = stock_id(in, STOCK_MOVE_NEED_ID);
	r.session_id = stock_id(in, STOCK_MOVE_SESSION_ID);
	r.event_id = stock_id(in, STOCK_MOVE_EVENT_ID);
	if (r.kind != STOCK_OUT && r.need_id != 0)
		bad = problem_add(p, "err_stock_out_only", "need_id", 0);
	if (r.kind != STOCK_OUT && r.session_id != 0)
		bad = problem_add(p, "err_stock_out_only", "session_id", 0);
	if (r.kind != STOCK_OUT && r.event_id != 0)
		bad = problem_add(p, "err_stock_out_only", "event_id", 0);
	if (stock_places(in, &r, p) == -1)
		bad = -1;
	if (bad)
		return -1;
	if (stock_refs(db, &r, p) == -1)
		return -1;
	r.guarded = strcmp(r.reason, "correction") != 0;
	return stock_write(db, &r, who, id, p);
}

int
stock_reverse(struct db *db, int64_t id, const char *note,
    const struct viewer *who, int64_t *new_id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	struct stock_row r = { 0 };
	json_t *row = NULL;
	int rc;

	*new_id = 0;
	if (tx_lock(db, stmts[STMT_LOCK], id, "err_no_move", p) == -1 ||
	    tx_row(db, stmts[STMT_ORIGINAL], &arg, 1, &row, "err_no_move", p) ==
		-1)
		return -1;
	rc = 0;
	if (json_integer_value(json_object_get(row, "reversed")) > 0)
		rc = problem_set(p, PROBLEM_CONFLICT, "err_stock_reversed",
		    NULL, 0);
	else if (json_is_integer(json_object_get(row, "reverses_id")))
		rc = problem_set(p, PROBLEM_CONFLICT, "err_stock_reversal",
		    NULL, 0);
	if (rc == 0) {
		/* The same item and quantity, the other way. */
		r.kind = (enum stock_kind)stock_index(stock_kinds,
		    json_string_value(json_object_get(row, "kind")));
		r.kind = r.kind == STOCK_IN ? STOCK_OUT
		    : r.kind == STOCK_OUT   ? STOCK_IN
					    : STOCK_TRANSFER;
		r.reason = "reversal";
		r.item_id = json_integer_value(json_object_get(row, "item_id"));
		r.quantity = json_integer_value(
		    json_object_get(row, "quantity"));
		r.from = json_integer_value(
		    json_object_get(row, "to_location_id"));
		r.to = json_integer_value(
		    json_object_get(row, "from_location_id"));
		r.note = note;
		r.reverses_id = id;
		/* Undoing a correction corrects again: what was counted. */
		r.guarded = strcmp(json_string_value(
				       json_object_get(row, "reason")),
				"correction") != 0;
		rc = stock_write(db, &r, who, new_id, p);
	}
	json_decref(row);
	return rc;
}

int
stock_move_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	return tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_move", p);
}

int
stock_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[STOCK_LIST_LIMIT + 1];
	int64_t limit, offset;

	vals[0] = input_val(in, stock_list_fields, STOCK_LIST_LOCATION_ID);
	vals[1] = vals[0];
	vals[2] = input_val(in, stock_list_fields, STOCK_LIST_ITEM_ID);
	vals[3] = input_val(in, stock_list_fields, STOCK_LIST_KIND);
	listing_page(in, &limit, &offset);
	return listing_run(db, &stock_listing, vals, limit, offset, out, p);
}

json_t *
stock_levels(struct db *db, int64_t location_id)
{
	struct db_val args[2] = { DBV_INT(location_id), DBV_INT(location_id) };

	return db_rows(db, stmts[STMT_LEVELS], args, 2);
}

json_t *
stock_drift(struct db *db)
{
	return db_rows(db, stmts[STMT_DRIFT], NULL, 0);
}
