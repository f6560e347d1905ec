/* Asks: validation, transitions and the tally that keeps counts current. */
#include <stdlib.h>
#include <string.h>

#include "ladder.h"
#include "need.h"
#include "category.h"
#include "offer.h"
#include "rule.h"
#include "tx.h"
#include "claim.h"
#include "audit.h"
#include "grievance.h"
#include "input.h"
#include "links.h"
#include "listing.h"
#include "match.h"
#include "post.h"
#include "privacy.h"
#include "target.h"
#include "db/multirow.h"
#include "util/clock.h"
#include "util/tag.h"
#include "util/mem.h"
#include "util/banned.h"

enum stmt {
	STMT_FIND,
	STMT_FIND_ZONES,
	STMT_LOCK,
	STMT_INSERT,
	STMT_SET_STATUS,
	STMT_TALLY,
	STMT_BY_CATEGORY,
	STMT_BY_CATEGORY_ZONES,
	STMT_BY_ZONE,
	STMT_BY_ZONE_ZONES,
	STMT_NEWEST,
	STMT_NEWEST_ZONES,
	STMT_UNREACHED,
	STMT_LINKS,
	STMT_RELINK,
	STMT_TALLY_CLEAR,
	STMT_TALLY_FILL,
	STMT__MAX,
};

/* The active claim comes along as claim_* (see need_claims). */
#define NEED_COLUMNS                                                           \
	"n.id, n.person_id, p.name AS person_name, n.category, "               \
	"n.details, n.urgency, n.zone_id, z.name AS zone_name, "               \
	"n.status, n.close_reason, n.created_at, n.updated_at, "               \
	"c.user_id AS claim_user_id, cu.login AS claim_login, "                \
	"c.claimed_at AS claim_claimed_at"
#define NEED_JOINS                                                             \
	" JOIN person p ON p.id = n.person_id "                                \
	"JOIN zone z ON z.id = n.zone_id "                                     \
	"LEFT JOIN claim c ON c.need_id = n.id AND c.released_at IS NULL "     \
	"LEFT JOIN app_user cu ON cu.id = c.user_id"
#define NEED_FROM " FROM need n" NEED_JOINS
/* What NEED_COLUMNS reads of need itself: all in SQLite's need_triage. */
#define NEED_OWN_COLUMNS                                                       \
	"n.id, n.person_id, n.category, n.details, n.urgency, n.zone_id, "     \
	"n.status, n.close_reason, n.created_at, n.updated_at"
/*
 * Only one ask carries the contact, and when it can be met (as contact:
 * it says when someone is at home), for privacy_need to keep or drop.
 */
#define NEED_CONTACT                                                           \
	", p.phone AS phone, p.address AS address, n.windows AS windows"
/* The zones a volunteer works in; also a condition on need_tally. */
#define NEED_IN_ZONES                                                          \
	"n.zone_id IN (SELECT zone_id FROM user_zone WHERE user_id = ?)"
/* The open asks by category, or by zone, with a condition on the tally. */
#define NEED_BY_CATEGORY(cond)                                                 \
	"SELECT c.code AS category, c.label, coalesce(t.n, 0) AS n "           \
	"FROM category c LEFT JOIN (SELECT n.category, sum(n.n) AS n "         \
	"FROM need_tally n WHERE n.status = 'open'" cond                       \
	" GROUP BY n.category) t ON t.category = c.code "                      \
	"ORDER BY c.position, c.code"
#define NEED_BY_ZONE(cond)                                                     \
	"SELECT z.id AS zone_id, z.name, coalesce(t.n, 0) AS n "               \
	"FROM zone z LEFT JOIN (SELECT zone_id, sum(n) AS n "                  \
	"FROM need_tally WHERE status = 'open' GROUP BY zone_id) t "           \
	"ON t.zone_id = z.id" cond " ORDER BY n DESC, z.name"

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND */
	"SELECT " NEED_COLUMNS NEED_CONTACT NEED_FROM " WHERE n.id = ?",
	/*
	 * STMT_FIND_ZONES: also an ask matched to the volunteer from a zone
	 * next to theirs (rank.h), which they are asked to take and claim.
	 */
	"SELECT " NEED_COLUMNS NEED_CONTACT NEED_FROM
	" WHERE n.id = ? AND EXISTS (SELECT 1 FROM app_user v "
	"WHERE v.id = ? AND (n.zone_id IN (SELECT zone_id FROM user_zone "
	"WHERE user_id = v.id) OR n.id IN (SELECT need_id FROM need_match "
	"WHERE user_id = v.id AND ended_at IS NULL)))",
	/* STMT_LOCK */
	"SELECT id FROM need WHERE id = ? FOR NO KEY UPDATE",
	/* STMT_INSERT */
	"INSERT INTO need (person_id, category, details, urgency, zone_id, "
	"windows, status, close_reason, created_at, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_SET_STATUS: guarded by the old status against a racing change */
	"UPDATE need SET status = ?, close_reason = ?, updated_at = ? "
	"WHERE id = ? AND status = ?",
	/* STMT_TALLY */
	"INSERT INTO need_tally (status, zone_id, category, n) "
	"VALUES (?, ?, ?, ?) ON CONFLICT (status, zone_id, category) "
	"DO UPDATE SET n = need_tally.n + excluded.n",
	/* STMT_BY_CATEGORY */
	NEED_BY_CATEGORY(""),
	/* STMT_BY_CATEGORY_ZONES */
	NEED_BY_CATEGORY(" AND " NEED_IN_ZONES),
	/* STMT_BY_ZONE */
	NEED_BY_ZONE(""),
	/* STMT_BY_ZONE_ZONES: a volunteer's zones, each with all its asks */
	NEED_BY_ZONE(" WHERE z.id IN (SELECT zone_id FROM user_zone "
		     "WHERE user_id = ?)"),
	/* STMT_NEWEST: what came in and nobody has taken up yet */
	"SELECT " NEED_COLUMNS NEED_FROM " WHERE n.status = 'open' "
	"ORDER BY n.id DESC LIMIT 10",
	/* STMT_NEWEST_ZONES */
	"SELECT " NEED_COLUMNS NEED_FROM
	" WHERE n.status = 'open' AND " NEED_IN_ZONES
	" ORDER BY n.id DESC LIMIT 10",
	/*
	 * STMT_UNREACHED: the indexes need_since (schema/037) and
	 * need_call_need (004). NOT IN names the asks still waiting as the
	 * index does: an IN would let the planner, without statistics, seek
	 * by status instead and sort every waiting ask.
	 */
	"SELECT " NEED_COLUMNS ", (SELECT count(*) FROM need_call k "
	"WHERE k.need_id = n.id) AS calls" NEED_FROM
	" WHERE n.status NOT IN ('fulfilled', 'closed') "
	"AND n.created_at <= ? "
	"AND NOT EXISTS "
	"(SELECT 1 FROM need_call k WHERE k.need_id = n.id "
	"AND k.outcome = 'reached') ORDER BY n.created_at, n.id LIMIT ?",
	/* STMT_LINKS: what the ask is about (need_links) */
	"SELECT n.target_id, t.name AS target_name, n.grievance_id, "
	"g.title AS grievance_title FROM need n "
	"LEFT JOIN target t ON t.id = n.target_id "
	"LEFT JOIN grievance g ON g.id = n.grievance_id WHERE n.id = ?",
	/* STMT_RELINK: target_id, grievance_id, updated_at, id */
	"UPDATE need SET target_id = ?, grievance_id = ?, updated_at = ? "
	"WHERE id = ?",
	/* STMT_TALLY_CLEAR, STMT_TALLY_FILL: need_tally_rebuild */
	"DELETE FROM need_tally",
	"INSERT INTO need_tally (status, zone_id, category, n) "
	"SELECT status, zone_id, category, count(*) FROM need "
	"GROUP BY status, zone_id, category",
};

/* need_insert_many's: struct need_row's columns, updated when created. */
#define NEED_ROW_VALUES 12
#define NEED_ROWS_MAX   64 /* 12 values a row: 768 */
static const char *const stmt_insert_many[MULTIROW_SIZES] = MULTIROW(
    "INSERT INTO need (id, person_id, category, details, urgency, zone_id, "
    "windows, status, close_reason, target_id, created_at, updated_at) "
    "VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "");

/* Statements over many asks at once, MULTIROW_MAX at most each. */
enum many {
	MANY_MATCHED,
	MANY_TALLY,
	MANY__MAX,
};

static const char *const many[MANY__MAX][MULTIROW_SIZES] = {
	/*
	 * MANY_MATCHED: STMT_SET_STATUS for each, with the rows moved. The
	 * ids find the rows, never an index on status (status || '' is in
	 * none): with statistics not yet gathered after a load, PostgreSQL
	 * would walk every open ask for each statement.
	 */
	MULTIROW("UPDATE need SET status = 'matched', close_reason = NULL, "
		 "updated_at = ? WHERE status || '' = 'open' AND id IN (",
	    "?", ") RETURNING id, zone_id, category"),
	/* MANY_TALLY: STMT_TALLY for each row, every row of another key */
	MULTIROW(
	    "INSERT INTO need_tally (status, zone_id, category, n) VALUES ",
	    "(?, ?, ?, ?)",
	    " ON CONFLICT (status, zone_id, category) "
	    "DO UPDATE SET n = need_tally.n + excluded.n"),
};

const struct field need_fields[NEED__MAX + 1] = {
	[NEED_PERSON_ID] = { "person_id", FIELD_INT, FIELD_REQUIRED, 1,
	    INT64_MAX, NULL },
	[NEED_CATEGORY] = { "category", FIELD_LINE, FIELD_REQUIRED, 1, 40,
	    NULL },
	[NEED_DETAILS] = { "details", FIELD_TEXT, FIELD_REQUIRED, 1, 2000,
	    NULL },
	[NEED_URGENCY] = { "urgency", FIELD_INT, FIELD_REQUIRED, 1, 3, NULL },
	[NEED_ZONE_ID] = { "zone_id", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX,
	    NULL },
	/* When it can be met: shown as contact (privacy.h). */
	[NEED_WINDOWS] = { "windows", FIELD_WINDOWS, 0, 0, 0, NULL },
	/* What they can give: time, skills, things. Not columns of need. */
	[NEED_GIVE_CATEGORY] = { "offer_category", FIELD_LINE, 0, 1, 40, NULL },
	[NEED_GIVE_DETAILS] = { "offer_details", FIELD_TEXT, 0, 1, 500, NULL },
	/* What it is about: written by need_link_write, as need_link_fields. */
	[NEED_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[NEED_GRIEVANCE_ID] = { "grievance_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[NEED_TAGS] = { "tags", FIELD_TAGS, 0, 0, TAG_MAX, NULL },
	[NEED__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field need_link_fields[NEED_LINK__MAX + 1] = {
	[NEED_LINK_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[NEED_LINK_GRIEVANCE_ID] = { "grievance_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[NEED_LINK_TAGS] = { "tags", FIELD_TAGS, 0, 0, TAG_MAX, NULL },
	[NEED_LINK__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* The statuses a list of asks is filtered by; "all" filters none. */
static const char *const need_list_statuses[] = {
	"open",
	"matched",
	"fulfilled",
	"closed",
	"all",
	NULL,
};

const struct field need_list_fields[NEED_LIST__MAX + 1] = {
	[NEED_LIST_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0,
	    need_list_statuses },
	[NEED_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[NEED_LIST_CATEGORY] = { "category", FIELD_LINE, 0, 1, 40, NULL },
	[NEED_LIST_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[NEED_LIST_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	LISTING_PAGE_FIELDS(NEED_LIST),
	[NEED_LIST_MINE] = { "mine", FIELD_INT, 0, 0, 1, NULL },
	[NEED_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * Filter order: need_list binds values in this order, the first six as
 * post_list_vals does. The asks that still wait (open and matched) are
 * a fixed filter, in the words of the partial index need_waiting
 * (schema/007), which gives the list its order without a sort.
 */
static const char *const need_conds[] = {
	"n.status = ?",
	"n.zone_id = ?",
	"n.category = ?",
	"n.person_id = ?",
	"n.details LIKE ? ESCAPE '\\'",
	NEED_IN_ZONES,
	"n.status NOT IN ('fulfilled', 'closed')",
	/* the index claim_user (schema/007) */
	"n.id IN (SELECT need_id FROM claim "
	"WHERE user_id = ? AND released_at IS NULL)",
	NULL,
};

/*
 * A page of asks is taken first and only its rows are joined to their
 * people, zones and claims: with the joins inside, the fourth page of a
 * zone's list joined the 150 asks before it as well (a person and a zone
 * looked up for each), a third of a list's time. Every row (an export's
 * cursor) is read joined as it goes.
 */
static struct listing need_listing = {
	.select = "SELECT " NEED_COLUMNS " FROM (SELECT " NEED_OWN_COLUMNS
		  " FROM need n",
	.after = ") n" NEED_JOINS
		 " ORDER BY n.urgency DESC, n.created_at, n.id",
	.whole = "SELECT " NEED_COLUMNS NEED_FROM,
	.count = "SELECT count(*) FROM need n",
	.order = "ORDER BY n.urgency DESC, n.created_at, n.id",
	.conds = need_conds,
	/* status, zone, category and so a set of zones are in the tally */
	.tally = "SELECT coalesce(sum(n.n), 0) FROM need_tally n",
	.tally_mask = 0x67,
	.like = 5,
};

static int
need_tally(struct db *db, const char *status, json_t *row, int delta)
{
	struct db_val args[4];

	args[0] = DBV_TEXT(status);
	args[1] = DBV_INT(json_integer_value(json_object_get(row, "zone_id")));
	args[2] = DBV_TEXT(json_string_value(json_object_get(row, "category")));
	args[3] = DBV_INT(delta);
	return db_exec(db, stmts[STMT_TALLY], args, 4) == -1 ? -1 : 0;
}

/*
 * The tally follows every move: one out of the old status, one into the
 * new. A fulfilled or closed ask needs nobody's help any more, and one
 * back to open waits for someone new, so its claim ends with the move
 * (the new status its reason), and with it the claimer's sight of the
 * contact. What was arranged for an ask back to open or closed fell
 * through: its matches end too, and give back their offers (match.h); a
 * fulfilled ask keeps them, as what met it.
 */
static int
need_moved(struct db *db, json_t *row, const char *from, const char *to)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	struct problem p = { 0 };

	if ((from != NULL && need_tally(db, from, row, -1) == -1) ||
	    need_tally(db, to, row, 1) == -1)
		return -1;
	/* A new ask has no claim nor match to end. */
	if (from == NULL || strcmp(to, "matched") == 0)
		return 0;
	if (claim_release_all(db, id, to) == -1)
		return -1;
	if (strcmp(to, "fulfilled") != 0 && match_end(db, id, &p) == -1)
		return -1;
	/* Help received: the asker may be one to invite to give it. */
	if (strcmp(to, "fulfilled") == 0 &&
	    rule_fire(db, RULE_RECEIVED_HELP,
		json_integer_value(json_object_get(row, "person_id"))) == -1)
		return -1;
	return 0;
}

/* Asks of one zone and category moved together, and how many. */
struct need_group {
	const char *category;
	int64_t zone_id;
	int64_t n;
};

static int
need_group_cmp(const void *a, const void *b)
{
	const struct need_group *x = a, *y = b;
	int c = strcmp(x->category, y->category);

	if (c != 0)
		return c;
	return (x->zone_id > y->zone_id) - (x->zone_id < y->zone_id);
}

/*
 * Each group out of open and into matched: two rows of the tally a
 * group, none of them of the same key (PostgreSQL refuses to update a
 * row twice in one statement).
 */
static int
need_tally_groups(struct db *db, const struct need_group *g, size_t n)
{
	struct db_val args[MULTIROW_MAX * 4];
	size_t done, size, k, i, a;

	for (done = 0; done < 2 * n; done += size) {
		size = multirow_piece(2 * n - done, &k);
		for (i = 0, a = 0; i < size; i++) {
			const struct need_group *x = &g[(done + i) / 2];
			int into = (done + i) % 2;

			args[a++] = DBV_TEXT(into ? "matched" : "open");
			args[a++] = DBV_INT(x->zone_id);
			args[a++] = DBV_TEXT(x->category);
			args[a++] = DBV_INT(into ? x->n : -x->n);
		}
		if (db_exec(db, many[MANY_TALLY][k], args, a) == -1)
			return -1;
	}
	return 0;
}

/*
 * The tally after rows ({zone_id, category}) moved from open to matched:
 * what need_moved does for each, added up by zone and category.
 */
static int
need_tally_matched(struct db *db, json_t *rows)
{
	size_t n = json_array_size(rows), groups = 0, i;
	struct need_group *g = xmalloc(sizeof(*g) * (n ? n : 1));
	json_t *row;
	int rc;

	json_array_foreach (rows, i, row)
		g[i] = (struct need_group){
			json_string_value(json_object_get(row, "category")),
			json_integer_value(json_object_get(row, "zone_id")), 1
		};
	qsort(g, n, sizeof(*g), need_group_cmp);
	for (i = 0; i < n; i++)
		if (groups > 0 && need_group_cmp(&g[groups - 1], &g[i]) == 0)
			g[groups - 1].n++;
		else
			g[groups++] = g[i];
	rc = need_tally_groups(db, g, groups);
	free(g);
	return rc;
}

/* Fold the claim_* columns of a row into "claim": an object, or null. */
static void
need_claim(json_t *row)
{
	json_t *uid = json_object_get(row, "claim_user_id");

	if (json_is_integer(uid))
		json_object_set_new(row, "claim",
		    json_pack("{s:O,s:O?,s:O?}", "user_id", uid, "login",
			json_object_get(row, "claim_login"), "claimed_at",
			json_object_get(row, "claim_claimed_at")));
	else
		json_object_set_new(row, "claim", json_null());
	json_object_del(row, "claim_user_id");
	json_object_del(row, "claim_login");
	json_object_del(row, "claim_claimed_at");
}

static const struct post_kind need_kind = {
	.find = &stmts[STMT_FIND],
	.find_zones = &stmts[STMT_FIND_ZONES],
	.lock = &stmts[STMT_LOCK],
	.set_status = &stmts[STMT_SET_STATUS],
	.insert = &stmts[STMT_INSERT],
	.fields = need_fields,
	.columns = NEED_GIVE_CATEGORY,
	.not_found = "err_no_need",
	.moved = need_moved,
	.shape = need_claim,
	.listing = &need_listing,
	.zoned = 1,
};

int64_t
need_insert(struct db *db, json_t *in, const char *status,
    const char *created_at)
{
	return post_insert(&need_kind, db, in, status, created_at);
}

int
need_insert_many(struct db *db, const struct need_row *rows, size_t n)
{
	struct db_val args[NEED_ROW_VALUES * NEED_ROWS_MAX];
	const struct need_row *r;
	size_t done, size, k, i, a;

	for (done = 0; done < n; done += size) {
		size = multirow_piece_upto(n - done, NEED_ROWS_MAX, &k);
		for (i = 0, a = 0; i < size; i++) {
			r = &rows[done + i];
			args[a++] = DBV_INT(r->id);
			args[a++] = DBV_INT(r->person_id);
			args[a++] = DBV_TEXT(r->category);
			args[a++] = DBV_TEXT(r->details);
			args[a++] = DBV_INT(r->urgency);
			args[a++] = DBV_INT(r->zone_id);
			args[a++] = r->windows != NULL ? DBV_TEXT(r->windows)
						       : DBV_NULL;
			args[a++] = DBV_TEXT(r->status);
			args[a++] = r->close_reason != NULL
			    ? DBV_TEXT(r->close_reason)
			    : DBV_NULL;
			args[a++] = r->target_id != 0 ? DBV_INT(r->target_id)
						      : DBV_NULL;
			args[a++] = DBV_TEXT(r->created_at);
			args[a++] = DBV_TEXT(r->created_at);
		}
		if (db_exec(db, stmt_insert_many[k], args, a) != (int)size)
			return -1;
	}
	return 0;
}

int
need_tally_rebuild(struct db *db)
{
	if (db_exec(db, stmts[STMT_TALLY_CLEAR], NULL, 0) == -1 ||
	    db_exec(db, stmts[STMT_TALLY_FILL], NULL, 0) == -1)
		return -1;
	return 0;
}

int
need_find(struct db *db, int64_t id, int64_t zone_user, json_t **out,
    struct problem *p)
{
	return post_find(&need_kind, db, id, zone_user, out, p);
}

int
need_lock(struct db *db, int64_t id, struct problem *p)
{
	return post_lock(&need_kind, db, id, p);
}

/*
 * 422 for an offer in return half given, or of an unknown category,
 * naming its field: checked before anything is written.
 */
static int
need_give_check(struct db *db, json_t *in, struct problem *p)
{
	const char *cat = input_text(in, need_fields, NEED_GIVE_CATEGORY);
	const char *details = input_text(in, need_fields, NEED_GIVE_DETAILS);
	int rc;

	if (cat == NULL && details == NULL)
		return 0;
	if (cat == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    need_fields[NEED_GIVE_CATEGORY].name, 0);
	if (details == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    need_fields[NEED_GIVE_DETAILS].name, 0);
	rc = category_exists(db, cat);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, "err_no_category",
		    need_fields[NEED_GIVE_CATEGORY].name, 0);
	return 0;
}

/* The offer in return of the new ask row, as the input asked; 0 or -1. */
static int
need_give(struct db *db, json_t *in, json_t *row, struct problem *p)
{
	json_t *offer = json_object(), *made = NULL;
	int rc;

	if (input_get(in, need_fields, NEED_GIVE_DETAILS) == NULL) {
		json_decref(offer);
		return 0;
	}
	input_set(offer, offer_fields, OFFER_PERSON_ID,
	    json_incref(json_object_get(row, "person_id")));
	input_set(offer, offer_fields, OFFER_ZONE_ID,
	    json_incref(json_object_get(row, "zone_id")));
	input_copy(in, need_fields, NEED_GIVE_CATEGORY, offer, offer_fields,
	    OFFER_CATEGORY);
	input_copy(in, need_fields, NEED_GIVE_DETAILS, offer, offer_fields,
	    OFFER_DETAILS);
	rc = offer_create(db, offer, &made, p);
	if (rc == 0)
		json_object_set(row, "offer_id", json_object_get(made, "id"));
	json_decref(offer);
	json_decref(made);
	return rc;
}

/* 422 naming the target or grievance of in (need_link_fields) that is none. */
static int
need_link_check(struct db *db, json_t *in, struct problem *p)
{
	const struct field *f = need_link_fields;

	if (target_check_id(db, input_get(in, f, NEED_LINK_TARGET_ID),
		f[NEED_LINK_TARGET_ID].name, p) == -1)
		return -1;
	return grievance_check_one(db, input_get(in, f, NEED_LINK_GRIEVANCE_ID),
	    f[NEED_LINK_GRIEVANCE_ID].name, p);
}

/*
 * Write what ask id is about: the target and grievance of vals (absent
 * or null: none), and tags when not NULL (null: none). 0, or -1.
 */
static int
need_link_write(struct db *db, int64_t id, json_t *vals, json_t *tags)
{
	struct db_val args[4];
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	args[0] = input_val(vals, need_link_fields, NEED_LINK_TARGET_ID);
	args[1] = input_val(vals, need_link_fields, NEED_LINK_GRIEVANCE_ID);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_RELINK], args, 4) == -1)
		return -1;
	return tags == NULL ? 0 : links_replace(db, LINKS_NEED_TAG, id, tags);
}

int
need_links(struct db *db, int64_t id, json_t *row, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *links = NULL, *tags;

	if (db_row(db, stmts[STMT_LINKS], &arg, 1, &links) != 1)
		return tx_problem(db, p);
	tags = links_list(db, LINKS_NEED_TAG, id);
	if (tags == NULL) {
		json_decref(links);
		return tx_problem(db, p);
	}
	json_object_update(row, links);
	json_object_set_new(row, "tags", tags);
	json_decref(links);
	return 0;
}

/* The ask's own input of what it is about, as need_link_fields names it. */
static json_t *
need_link_input(json_t *in)
{
	json_t *link = json_object();

	input_copy(in, need_fields, NEED_TARGET_ID, link, need_link_fields,
	    NEED_LINK_TARGET_ID);
	input_copy(in, need_fields, NEED_GRIEVANCE_ID, link, need_link_fields,
	    NEED_LINK_GRIEVANCE_ID);
	input_copy(in, need_fields, NEED_TAGS, link, need_link_fields,
	    NEED_LINK_TAGS);
	return link;
}

int
need_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	return need_create_at(db, in, "open", now, out, p);
}

int
need_create_at(struct db *db, json_t *in, const char *status,
    const char *created_at, json_t **out, struct problem *p)
{
	json_t *link = need_link_input(in);
	int64_t id;
	int rc = -1;

	if (need_give_check(db, in, p) == -1 ||
	    need_link_check(db, link, p) == -1 ||
	    post_create_at(&need_kind, db, in, status, created_at, out, p) ==
		-1)
		goto out;
	id = json_integer_value(json_object_get(*out, "id"));
	/* Most asks (from /help, from intake) say nothing of this. */
	if (json_object_size(link) > 0 &&
	    need_link_write(db, id, link,
		input_get(link, need_link_fields, NEED_LINK_TAGS)) == -1)
		tx_problem(db, p);
	else if (need_links(db, id, *out, p) == 0 &&
	    need_give(db, in, *out, p) == 0) {
		/* An ask makes its asker a contact (ladder.c). */
		if (ladder_touch(db,
			json_integer_value(
			    json_object_get(*out, "person_id"))) == 0)
			rc = 0;
		else
			tx_problem(db, p);
	}
	if (rc == -1) {
		json_decref(*out);
		*out = NULL;
	}
out:
	json_decref(link);
	return rc;
}

int
need_relink(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	json_t *before = NULL, *vals, *after;

	if (need_lock(db, id, p) == -1 || need_find(db, id, 0, out, p) == -1)
		return -1;
	if (need_links(db, id, *out, p) == -1 ||
	    need_link_check(db, in, p) == -1)
		goto fail;
	before = input_values(*out, need_link_fields, NULL);
	vals = json_deep_copy(before);
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(vals, in);
	if (need_link_write(db, id, vals,
		json_object_get(in, need_link_fields[NEED_LINK_TAGS].name)) ==
	    -1) {
		json_decref(vals);
		tx_problem(db, p);
		goto fail;
	}
	json_decref(vals);
	json_decref(*out);
	if (need_find(db, id, 0, out, p) == -1 ||
	    need_links(db, id, *out, p) == -1)
		goto fail;
	after = input_values(*out, need_link_fields, in);
	audit_note_fields(note, need_link_fields, before, after);
	json_decref(after);
	json_decref(before);
	return 0;
fail:
	json_decref(before);
	json_decref(*out);
	*out = NULL;
	return -1;
}

int
need_set_status(struct db *db, int64_t id, json_t *in, json_t **out,
    struct audit_note *note, struct problem *p)
{
	return post_set_status(&need_kind, db, id, in, out, note, p);
}

int
need_set_matched(struct db *db, const int64_t *ids, size_t n, json_t **out,
    struct problem *p)
{
	struct db_val args[1 + MULTIROW_MAX];
	char now[CLOCK_ISO_LEN];
	size_t done, size, k, i;
	json_t *rows;

	*out = json_array();
	clock_now(now);
	args[0] = DBV_TEXT(now);
	for (done = 0; done < n; done += size) {
		size = multirow_piece(n - done, &k);
		for (i = 0; i < size; i++)
			args[1 + i] = DBV_INT(ids[done + i]);
		rows = db_rows(db, many[MANY_MATCHED][k], args, 1 + size);
		if (rows == NULL)
			goto fail;
		json_array_extend(*out, rows);
		json_decref(rows);
	}
	if (need_tally_matched(db, *out) == 0)
		return 0;
fail:
	json_decref(*out);
	*out = NULL;
	return tx_problem(db, p);
}

/* The values of need_conds for the filters in in, as v may use them. */
static void
need_list_vals(json_t *in, const struct viewer *v, struct db_val vals[8])
{
	const char *status = input_text(in, need_list_fields, NEED_LIST_STATUS);
	json_t *mine = input_get(in, need_list_fields, NEED_LIST_MINE);

	post_list_vals(in, privacy_zone_user(v), vals);
	if (status != NULL && strcmp(status, "all") == 0)
		vals[0] = DBV_NULL;
	vals[6] = status == NULL ? DBV_INT(1) : DBV_NULL;
	vals[7] = json_integer_value(mine) == 1 ? DBV_INT(v->user_id)
						: DBV_NULL;
}

int
need_list(struct db *db, json_t *in, const struct viewer *v, json_t **out,
    struct problem *p)
{
	struct db_val vals[8];

	need_list_vals(in, v, vals);
	return post_list(&need_kind, db, in, vals, out, p);
}

int
need_rows(struct db *db, json_t *in, const struct viewer *v,
    struct db_cursor **out, struct problem *p)
{
	struct db_val vals[8];

	need_list_vals(in, v, vals);
	return listing_open(db, need_kind.listing, vals, out, p);
}

void
need_shape(json_t *row)
{
	need_claim(row);
}

int
need_dashboard(struct db *db, int64_t zone_user, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(zone_user);
	/* Each query in two forms: over every zone, or zone_user's. */
	int z = zone_user != 0, n = z ? 1 : 0;
	json_t *cat, *zone, *newest, *row;
	size_t i;

	*out = NULL;
	/* Stop at the first failure: the next query would clear its error. */
	newest = zone = NULL;
	cat = db_rows(db, stmts[z ? STMT_BY_CATEGORY_ZONES : STMT_BY_CATEGORY],
	    &arg, n);
	if (cat != NULL)
		zone = db_rows(db, stmts[z ? STMT_BY_ZONE_ZONES : STMT_BY_ZONE],
		    &arg, n);
	if (zone != NULL)
		newest = db_rows(db, stmts[z ? STMT_NEWEST_ZONES : STMT_NEWEST],
		    &arg, n);
	if (cat == NULL || zone == NULL || newest == NULL) {
		json_decref(cat);
		json_decref(zone);
		json_decref(newest);
		return tx_problem(db, p);
	}
	json_array_foreach (newest, i, row)
		need_claim(row);
	*out = json_pack("{s:o,s:o,s:o}", "open_by_category", cat,
	    "open_by_zone", zone, "newest", newest);
	return 0;
}

int
need_unreached(struct db *db, const char *before, int64_t limit, json_t **out,
    struct problem *p)
{
	struct db_val args[2];
	json_t *row;
	size_t i;

	args[0] = DBV_TEXT(before);
	args[1] = DBV_INT(limit);
	*out = db_rows(db, stmts[STMT_UNREACHED], args, 2);
	if (*out == NULL)
		return tx_problem(db, p);
	json_array_foreach (*out, i, row)
		need_claim(row);
	return 0;
}
