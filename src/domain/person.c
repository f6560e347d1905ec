/* People and their rules: a name, optional contact, a zone that exists. */
#include <stdio.h>
#include <stdlib.h>

#include "person.h"
#include "input.h"
#include "tx.h"
#include "listing.h"
#include "refs.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_FIND,
	STMT_EXISTS,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_MATCH_PHONE,
	STMT_MATCH_EMAIL,
	STMT__MAX,
};

#define PERSON_COLUMNS                                                         \
	"p.id, p.name, p.phone, p.email, p.address, p.language, p.zone_id, "   \
	"z.name AS zone_name, p.created_at, p.updated_at"

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND: one person also says whether they have a login */
	"SELECT " PERSON_COLUMNS ", EXISTS (SELECT 1 FROM app_user u "
	"WHERE u.person_id = p.id) AS has_login FROM person p "
	"LEFT JOIN zone z ON z.id = p.zone_id WHERE p.id = ?",
	/* STMT_EXISTS */
	"SELECT 1 FROM person WHERE id = ?",
	/* STMT_INSERT */
	"INSERT INTO person (name, phone, email, address, language, zone_id, "
	"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_UPDATE */
	"UPDATE person SET name = ?, phone = ?, email = ?, address = ?, "
	"language = ?, zone_id = ?, updated_at = ? WHERE id = ?",
	/*
	 * STMT_MATCH_PHONE: the same digits, or one number the end of the
	 * other when the shorter has 10 digits or more (a country code
	 * typed once and not the next time). Binds: digits, their count,
	 * '%' and the digits, the digits.
	 */
	"SELECT id FROM person WHERE phone IS NOT NULL AND "
	"(replace(phone, '+', '') = ? "
	"OR (? >= 10 AND replace(phone, '+', '') LIKE ?) "
	"OR (length(replace(phone, '+', '')) >= 10 "
	"AND ? LIKE ('%' || replace(phone, '+', '')))) "
	"ORDER BY id LIMIT 1",
	/* STMT_MATCH_EMAIL: in any case */
	"SELECT id FROM person WHERE lower(email) = lower(?) "
	"ORDER BY id LIMIT 1",
};

const char *const person_languages[] = { "en", "es", NULL };

const struct field person_fields[PERSON__MAX + 1] = {
	[PERSON_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 120, NULL },
	[PERSON_PHONE] = { "phone", FIELD_PHONE, 0, 0, 0, NULL },
	[PERSON_EMAIL] = { "email", FIELD_EMAIL, 0, 0, 0, NULL },
	/* Where to deliver: shown as privacy.h says, never in lists. */
	[PERSON_ADDRESS] = { "address", FIELD_TEXT, 0, 0, 300, NULL },
	[PERSON_LANGUAGE] = { "language", FIELD_CHOICE, 0, 0, 0,
	    person_languages },
	[PERSON_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[PERSON__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field person_list_fields[PERSON_LIST__MAX + 1] = {
	[PERSON_LIST_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[PERSON_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	LISTING_PAGE_FIELDS(PERSON_LIST),
	[PERSON_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Filter order: the bound values in person_list follow it. */
static const char *const person_conds[] = {
	"p.name LIKE ? ESCAPE '\\'",
	"p.zone_id = ?",
	NULL,
};

static struct listing person_listing = {
	.select = "SELECT " PERSON_COLUMNS " FROM person p "
		  "LEFT JOIN zone z ON z.id = p.zone_id",
	.count = "SELECT count(*) FROM person p",
	.order = "ORDER BY p.name, p.id",
	.conds = person_conds,
	.like = 1,
};

int
person_exists(struct db *db, int64_t id)
{
	struct db_val arg = DBV_INT(id);
	int64_t one;

	/* db_int says whether there is a row: 1, 0, or -1. */
	return db_int(db, stmts[STMT_EXISTS], &arg, 1, &one);
}

int
person_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int rc = db_row(db, stmts[STMT_FIND], &arg, 1, out);
	json_t *login;

	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_person", NULL,
		    0);
	/* An integer from SQLite, a boolean from PostgreSQL. */
	login = json_object_get(*out, "has_login");
	json_object_set_new(*out, "has_login",
	    json_boolean(
		json_is_true(login) || json_integer_value(login) != 0));
	return 0;
}

static void
person_bind(json_t *in, const char *now, struct db_val args[PERSON__MAX + 1])
{
	int k;

	/* The columns of STMT_INSERT and STMT_UPDATE, in person_key order. */
	for (k = 0; k < PERSON__MAX; k++)
		args[k] = input_val(in, person_fields, k);
	if (args[PERSON_LANGUAGE].type == DB_NULL)
		args[PERSON_LANGUAGE] = DBV_TEXT("en");
	args[PERSON__MAX] = DBV_TEXT(now);
}

int64_t
person_insert(struct db *db, json_t *in, const char *created_at)
{
	struct db_val args[8];
	int64_t id;

	person_bind(in, created_at, args);
	args[7] = DBV_TEXT(created_at);
	if (db_int(db, stmts[STMT_INSERT], args, 8, &id) != 1)
		return -1;
	return id;
}

int
person_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	int64_t id;

	*out = NULL;
	clock_now(now);
	if (refs_check(db, in, p) == -1)
		return -1;
	id = person_insert(db, in, now);
	if (id == -1)
		return tx_problem(db, p);
	return person_find(db, id, out, p);
}

int
person_update(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[8];
	json_t *cur = NULL;
	int rc = -1;

	*out = NULL;
	if (person_find(db, id, &cur, p) == -1)
		return -1;
	if (refs_check(db, in, p) == -1)
		goto out;
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(cur, in);
	clock_now(now);
	person_bind(cur, now, args);
	args[7] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_UPDATE], args, 8) == -1)
		tx_problem(db, p);
	else
		rc = person_find(db, id, out, p);
out:
	json_decref(cur);
	return rc;
}

int
person_match(struct db *db, const char *phone, const char *email, int64_t *id)
{
	struct db_val args[4];
	char digits[24], like[26];
	size_t n = 0;
	int rc = 0;

	for (; phone != NULL && *phone != '\0' && n + 1 < sizeof(digits);
	     phone++)
		if (*phone >= '0' && *phone <= '9')
			digits[n++] = *phone;
	digits[n] = '\0';
	if (n > 0) {
		snprintf(like, sizeof(like), "%%%s", digits);
		args[0] = DBV_TEXT(digits);
		args[1] = DBV_INT((int64_t)n);
		args[2] = DBV_TEXT(like);
		args[3] = DBV_TEXT(digits);
		rc = db_int(db, stmts[STMT_MATCH_PHONE], args, 4, id);
	}
	if (rc == 0 && email != NULL) {
		args[0] = DBV_TEXT(email);
		rc = db_int(db, stmts[STMT_MATCH_EMAIL], args, 1, id);
	}
	return rc;
}

int
person_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[2];
	int64_t limit, offset;

	listing_page(in, &limit, &offset);
	vals[0] = input_val(in, person_list_fields, PERSON_LIST_Q);
	vals[1] = input_val(in, person_list_fields, PERSON_LIST_ZONE_ID);
	return listing_run(db, &person_listing, vals, limit, offset, out, p);
}
