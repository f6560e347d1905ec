/*
 * Conversations and their rules: a person (on file, new, or the ask's),
 * references that exist, a target found or made by name, dates that are
 * days of the calendar, tags kept by links.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ladder.h"
#include "conversation.h"
#include "input.h"
#include "links.h"
#include "listing.h"
#include "person.h"
#include "privacy.h"
#include "refs.h"
#include "target.h"
#include "tx.h"
#include "util/clock.h"
#include "util/num.h"
#include "util/tag.h"
#include "util/banned.h"

enum stmt {
	STMT_NEED,
	STMT_PERSON_ZONE,
	STMT_GRIEVANCE,
	STMT_INSERT,
	STMT_FIND,
	STMT_OF_PERSON,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_NEED: the ask's person */
	"SELECT person_id FROM need WHERE id = ?",
	/* STMT_PERSON_ZONE: 0 for a person without a zone */
	"SELECT coalesce(zone_id, 0) FROM person WHERE id = ?",
	/* STMT_GRIEVANCE */
	"SELECT 1 FROM grievance WHERE id = ?",
	/* STMT_INSERT: as conversation_insert binds it */
	"INSERT INTO conversation (person_id, user_id, need_id, zone_id, "
	"target_id, grievance_id, at, how, problems, assessment, next_step, "
	"next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"RETURNING id",
	/* STMT_FIND */
	"SELECT c.id, c.person_id, p.name AS person_name, c.user_id, "
	"u.login AS user_login, c.need_id, c.zone_id, z.name AS zone_name, "
	"c.target_id, t.name AS target_name, c.grievance_id, "
	"g.title AS grievance_title, c.at, c.how, c.problems, c.assessment, "
	"c.next_step, c.next_at, c.created_at FROM conversation c "
	"JOIN person p ON p.id = c.person_id "
	"LEFT JOIN app_user u ON u.id = c.user_id "
	"LEFT JOIN zone z ON z.id = c.zone_id "
	"LEFT JOIN target t ON t.id = c.target_id "
	"LEFT JOIN grievance g ON g.id = c.grievance_id WHERE c.id = ?",
	/* STMT_OF_PERSON: the index conversation_person, newest first */
	"SELECT c.id, c.at, c.how, c.problems, c.assessment, c.next_step, "
	"c.next_at, c.target_id, t.name AS target_name, "
	"u.login AS user_login FROM conversation c "
	"LEFT JOIN target t ON t.id = c.target_id "
	"LEFT JOIN app_user u ON u.id = c.user_id WHERE c.person_id = ? "
	"ORDER BY c.at DESC, c.id DESC LIMIT ?",
};

const char *const conversation_hows[] = {
	"door",
	"session",
	"phone",
	"text",
	"other",
	NULL,
};

const struct field conversation_fields[CONVERSATION__MAX + 1] = {
	[CONVERSATION_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_NAME] = { "name", FIELD_LINE, 0, 1, 120, NULL },
	[CONVERSATION_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_AT] = { "at", FIELD_LINE, 0, 10, 10, NULL },
	[CONVERSATION_HOW] = { "how", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    conversation_hows },
	[CONVERSATION_PROBLEMS] = { "problems", FIELD_TEXT, 0, 0, 4000, NULL },
	[CONVERSATION_TAGS] = { "tags", FIELD_TAGS, 0, 0, TAG_MAX, NULL },
	[CONVERSATION_TARGET_ID] = { "target_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_TARGET_NAME] = { "target_name", FIELD_LINE, 0, 1, 120,
	    NULL },
	[CONVERSATION_TARGET_KIND] = { "target_kind", FIELD_CHOICE, 0, 0, 0,
	    target_kinds },
	[CONVERSATION_GRIEVANCE_ID] = { "grievance_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[CONVERSATION_ASSESSMENT] = { "assessment", FIELD_INT, 0, 1, 5, NULL },
	[CONVERSATION_NEXT_STEP] = { "next_step", FIELD_TEXT, 0, 0, 1000,
	    NULL },
	[CONVERSATION_NEXT_AT] = { "next_at", FIELD_LINE, 0, 10, 10, NULL },
	[CONVERSATION__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field conversation_list_fields[CONVERSATION_LIST__MAX + 1] = {
	[CONVERSATION_LIST_PERSON_ID] = { "person_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[CONVERSATION_LIST_TARGET_ID] = { "target_id", FIELD_INT, 0, 1,
	    INT64_MAX, NULL },
	[CONVERSATION_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_LIST_NEED_ID] = { "need_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[CONVERSATION_LIST_TAG] = { "tag", FIELD_LINE, 0, 1, 100, NULL },
	LISTING_PAGE_FIELDS(CONVERSATION_LIST),
	[CONVERSATION_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In conversation_list_key order. */
static const char *const conversation_conds[] = {
	"c.person_id = ?",
	"c.target_id = ?",
	"c.zone_id = ?",
	"c.need_id = ?",
	"c.id IN (SELECT conversation_id FROM conversation_tag WHERE tag = ?)",
	NULL,
};

/* No notes, no assessment: a list is no view of anyone's conversations. */
static struct listing conversation_listing = {
	.select = "SELECT c.id, c.person_id, p.name AS person_name, "
		  "c.zone_id, z.name AS zone_name, c.target_id, "
		  "t.name AS target_name, c.at, c.how FROM conversation c "
		  "JOIN person p ON p.id = c.person_id "
		  "LEFT JOIN zone z ON z.id = c.zone_id "
		  "LEFT JOIN target t ON t.id = c.target_id",
	.count = "SELECT count(*) FROM conversation c",
	.order = "ORDER BY c.at DESC, c.id DESC",
	.conds = conversation_conds,
};

/*
 * s as the time a day is kept at: "2026-12-03" -> "2026-12-03T12:00:00Z".
 * Noon UTC is the same day in the network's zone almost anywhere on
 * earth, so the day a person typed is the day shown. 0, or -1 when s is
 * not YYYY-MM-DD naming a day of the calendar.
 */
static int
conversation_day(const char *s, char out[CLOCK_ISO_LEN])
{
	struct tm tm = { 0 }, back;
	int64_t y, m, d;
	time_t t;
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-'
				     : !isdigit((unsigned char)s[i]))
			return -1;
	if (s[10] != '\0' || num_parse_int(s, 4, 1970, 9999, &y) == -1 ||
	    num_parse_int(s + 5, 2, 1, 12, &m) == -1 ||
	    num_parse_int(s + 8, 2, 1, 31, &d) == -1)
		return -1;
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	/* timegm moves 31 April on to 1 May: such a day is no day. */
	if (gmtime_r(&t, &back) == NULL || back.tm_mday != (int)d)
		return -1;
	clock_iso(t, out);
	return 0;
}

/*
 * The day of field key in in, kept as conversation_day says, into out
 * ("" when absent). 0, or -1 with p (422 naming the field).
 */
static int
conversation_date(json_t *in, int key, char out[CLOCK_ISO_LEN],
    struct problem *p)
{
	const char *s = input_text(in, conversation_fields, key);

	out[0] = '\0';
	if (s == NULL || conversation_day(s, out) == 0)
		return 0;
	return problem_set(p, PROBLEM_INVALID, "err_date",
	    conversation_fields[key].name, 0);
}

/*
 * Who the conversation was with: person_id (checked by refs_check), a
 * new person of name in the zone given, or the person of the ask need_id
 * names. 0 and *id, or -1 with p.
 */
static int
conversation_person(struct db *db, json_t *in, int64_t *id, struct problem *p)
{
	struct db_val need = input_val(in, conversation_fields,
	    CONVERSATION_NEED_ID);
	json_t *pin, *person = NULL;
	int64_t asker = 0;
	int rc;

	if (need.type == DB_INT) {
		rc = db_int(db, stmts[STMT_NEED], &need, 1, &asker);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			return problem_set(p, PROBLEM_INVALID, "err_no_need",
			    conversation_fields[CONVERSATION_NEED_ID].name, 0);
	}
	*id = json_integer_value(
	    input_get(in, conversation_fields, CONVERSATION_PERSON_ID));
	if (*id > 0)
		return 0;
	if (input_get(in, conversation_fields, CONVERSATION_NAME) == NULL) {
		*id = asker;
		return asker > 0
		    ? 0
		    : problem_set(p, PROBLEM_INVALID, "err_conversation_who",
			  conversation_fields[CONVERSATION_PERSON_ID].name, 0);
	}
	pin = json_object();
	input_copy(in, conversation_fields, CONVERSATION_NAME, pin,
	    person_fields, PERSON_NAME);
	input_copy(in, conversation_fields, CONVERSATION_ZONE_ID, pin,
	    person_fields, PERSON_ZONE_ID);
	rc = person_create(db, pin, &person, p);
	if (rc == 0)
		*id = json_integer_value(json_object_get(person, "id"));
	json_decref(pin);
	json_decref(person);
	return rc;
}

/*
 * Where: zone_id when given (refs_check found it), else the person's
 * zone, if they have one (0). 0 and *zone, or -1 with p.
 */
static int
conversation_zone(struct db *db, json_t *in, int64_t person, int64_t *zone,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person);

	*zone = json_integer_value(
	    input_get(in, conversation_fields, CONVERSATION_ZONE_ID));
	if (*zone > 0)
		return 0;
	if (db_int(db, stmts[STMT_PERSON_ZONE], &arg, 1, zone) == -1)
		return tx_problem(db, p);
	return 0;
}

/*
 * Who is responsible: target_id, which must name a target, or the
 * target of target_name, found or made (0: none named). 0 and *id, or
 * -1 with p.
 */
static int
conversation_target(struct db *db, json_t *in, int64_t *id, struct problem *p)
{
	const char *name = input_text(in, conversation_fields,
	    CONVERSATION_TARGET_NAME);
	json_t *given = input_get(in, conversation_fields,
	    CONVERSATION_TARGET_ID);

	*id = json_integer_value(given);
	if (*id > 0)
		return target_check_id(db, given,
		    conversation_fields[CONVERSATION_TARGET_ID].name, p);
	if (name == NULL)
		return 0;
	return target_named(db, name,
	    input_text(in, conversation_fields, CONVERSATION_TARGET_KIND), id,
	    p);
}

/* 422 naming grievance_id when it is given and names no grievance. */
static int
conversation_grievance(struct db *db, json_t *in, struct problem *p)
{
	struct db_val arg = input_val(in, conversation_fields,
	    CONVERSATION_GRIEVANCE_ID);
	int64_t one;
	int rc;

	if (arg.type != DB_INT)
		return 0;
	rc = db_int(db, stmts[STMT_GRIEVANCE], &arg, 1, &one);
	if (rc == -1)
		return tx_problem(db, p);
	return rc == 1
	    ? 0
	    : problem_set(p, PROBLEM_INVALID, "err_no_grievance",
		  conversation_fields[CONVERSATION_GRIEVANCE_ID].name, 0);
}

/* What conversation_insert binds besides the input's own values. */
struct conversation_row {
	int64_t person, user, zone, target;
	char at[CLOCK_ISO_LEN], next_at[CLOCK_ISO_LEN];
};

/* The id of a reference, or NULL for 0 (none). */
static struct db_val
conversation_ref(int64_t id)
{
	return id > 0 ? DBV_INT(id) : DBV_NULL;
}

/* Insert the row of in and r; the new id, or -1. */
static int64_t
conversation_insert(struct db *db, json_t *in, const struct conversation_row *r)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[13];
	int64_t id;
	int n = 0;

	clock_now(now);
	args[n++] = DBV_INT(r->person);
	args[n++] = conversation_ref(r->user);
	args[n++] = input_val(in, conversation_fields, CONVERSATION_NEED_ID);
	args[n++] = conversation_ref(r->zone);
	args[n++] = conversation_ref(r->target);
	args[n++] = input_val(in, conversation_fields,
	    CONVERSATION_GRIEVANCE_ID);
	args[n++] = DBV_TEXT(r->at[0] != '\0' ? r->at : now);
	args[n++] = input_val(in, conversation_fields, CONVERSATION_HOW);
	args[n++] = input_val(in, conversation_fields, CONVERSATION_PROBLEMS);
	args[n++] = input_val(in, conversation_fields, CONVERSATION_ASSESSMENT);
	args[n++] = input_val(in, conversation_fields, CONVERSATION_NEXT_STEP);
	args[n++] = r->next_at[0] != '\0' ? DBV_TEXT(r->next_at) : DBV_NULL;
	args[n++] = DBV_TEXT(now);
	return db_int(db, stmts[STMT_INSERT], args, n, &id) == 1 ? id : -1;
}

int
conversation_create(struct db *db, json_t *in, int64_t user_id, json_t **out,
    struct problem *p)
{
	struct conversation_row r = { 0 };
	int64_t id;

	*out = NULL;
	r.user = user_id;
	if (conversation_date(in, CONVERSATION_AT, r.at, p) == -1 ||
	    conversation_date(in, CONVERSATION_NEXT_AT, r.next_at, p) == -1 ||
	    refs_check(db, in, p) == -1 ||
	    conversation_grievance(db, in, p) == -1 ||
	    conversation_person(db, in, &r.person, p) == -1 ||
	    conversation_zone(db, in, r.person, &r.zone, p) == -1 ||
	    conversation_target(db, in, &r.target, p) == -1)
		return -1;
	id = conversation_insert(db, in, &r);
	/* Holding one makes the one who talked an organizer (ladder.c). */
	if (id == -1 ||
	    (user_id != 0 && ladder_touch_user(db, user_id) == -1) ||
	    links_replace(db, LINKS_CONVERSATION_TAG, id,
		input_get(in, conversation_fields, CONVERSATION_TAGS)) == -1)
		return tx_problem(db, p);
	return conversation_find(db, id, out, p);
}

/* Each row of rows with its "tags". 0, or -1 on a database error. */
static int
conversation_tags(struct db *db, json_t *rows)
{
	json_t *row, *tags;
	size_t i;

	json_array_foreach (rows, i, row) {
		tags = links_list(db, LINKS_CONVERSATION_TAG,
		    json_integer_value(json_object_get(row, "id")));
		if (tags == NULL)
			return -1;
		json_object_set_new(row, "tags", tags);
	}
	return 0;
}

int
conversation_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *rows;
	int rc;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_conversation",
		p) == -1)
		return -1;
	rows = json_pack("[O]", *out);
	rc = conversation_tags(db, rows);
	json_decref(rows);
	if (rc == -1) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	return 0;
}

int
conversation_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[CONVERSATION_LIST_LIMIT];
	const char *tag = input_text(in, conversation_list_fields,
	    CONVERSATION_LIST_TAG);
	char kept[TAG_LEN_MAX + 1];
	int64_t limit, offset;
	int k;

	*out = NULL;
	for (k = 0; k < CONVERSATION_LIST_LIMIT; k++)
		vals[k] = input_val(in, conversation_list_fields, k);
	/* A tag is found as it is kept: "No heat" is "no-heat". */
	if (tag != NULL) {
		if (tag_norm(tag, strlen(tag), kept) == -1)
			return problem_set(p, PROBLEM_INVALID, "err_tag",
			    conversation_list_fields[CONVERSATION_LIST_TAG]
				.name,
			    TAG_LEN_MAX);
		vals[CONVERSATION_LIST_TAG] = DBV_TEXT(kept);
	}
	listing_page(in, &limit, &offset);
	if (listing_run(db, &conversation_listing, vals, limit, offset, out,
		p) == -1)
		return -1;
	if (conversation_tags(db, json_object_get(*out, "items")) == -1) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	return 0;
}

int
conversation_of_person(struct db *db, int64_t person_id, int64_t limit,
    json_t **out, struct problem *p)
{
	struct db_val args[2] = { DBV_INT(person_id), DBV_INT(limit) };

	*out = db_rows(db, stmts[STMT_OF_PERSON], args, 2);
	if (*out != NULL && conversation_tags(db, *out) == 0)
		return 0;
	json_decref(*out);
	*out = NULL;
	return tx_problem(db, p);
}

int
conversation_seen(struct db *db, const struct viewer *v, int64_t person_id)
{
	return privacy_looked(db, v, "view conversations", person_id);
}
