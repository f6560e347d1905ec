/* People and their rules: a name, optional contact, a zone that exists. */
#include <stdlib.h>
#include <string.h>

#include "person.h"
#include "figures.h"
#include "input.h"
#include "ladder.h"
#include "tx.h"
#include "listing.h"
#include "refs.h"
#include "db/multirow.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/banned.h"

enum stmt {
	STMT_FIND,
	STMT_EXISTS,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_MATCH_PHONE,
	STMT_MATCH_TAIL,
	STMT_MATCH_EMAIL,
	STMT_DELIVERED,
	STMT_LOCK,
	STMT__MAX,
};

#define PERSON_COLUMNS                                                         \
	"p.id, p.name, p.phone, p.email, p.address, p.language, p.zone_id, "   \
	"z.name AS zone_name, p.windows, p.bulletin_sms_at, p.created_at, "    \
	"p.updated_at"

static const char *const stmts[STMT__MAX] = {
	/* STMT_FIND: one person also says whether they have a login */
	"SELECT " PERSON_COLUMNS ", EXISTS (SELECT 1 FROM app_user u "
	"WHERE u.person_id = p.id) AS has_login FROM person p "
	"LEFT JOIN zone z ON z.id = p.zone_id WHERE p.id = ?",
	/* STMT_EXISTS */
	"SELECT 1 FROM person WHERE id = ?",
	/* STMT_INSERT: the columns of person_bind, then created_at */
	"INSERT INTO person (name, phone, email, address, language, zone_id, "
	"windows, bulletin_sms_at, updated_at, name_fold, email_fold, "
	"phone_rev, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"RETURNING id",
	/* STMT_UPDATE: as STMT_INSERT, then the id */
	"UPDATE person SET name = ?, phone = ?, email = ?, address = ?, "
	"language = ?, zone_id = ?, windows = ?, bulletin_sms_at = ?, "
	"updated_at = ?, "
	"name_fold = ?, "
	"email_fold = ?, phone_rev = ? WHERE id = ?",
	/* STMT_MATCH_PHONE: the same digits */
	"SELECT id FROM person WHERE phone_rev = ? ORDER BY id LIMIT 1",
	/*
	 * STMT_MATCH_TAIL: the same last PERSON_MATCH_TAIL digits, a range
	 * of the index; person_tail_match checks the rest.
	 */
	"SELECT id, phone_rev FROM person WHERE phone_rev >= ? "
	"AND phone_rev <= ? ORDER BY id",
	/* STMT_MATCH_EMAIL */
	"SELECT id FROM person WHERE email_fold = ? ORDER BY id LIMIT 1",
	/*
	 * STMT_DELIVERED: the claim that held each fulfilled ask when it was
	 * fulfilled: its last, not let go before the ask last moved.
	 */
	"SELECT n.id, n.category, n.zone_id, z.name AS zone_name, "
	"n.updated_at AS fulfilled_at FROM app_user u "
	"JOIN claim c ON c.user_id = u.id "
	"JOIN need n ON n.id = c.need_id JOIN zone z ON z.id = n.zone_id "
	"WHERE u.person_id = ? AND n.status = 'fulfilled' "
	"AND c.id = (SELECT max(l.id) FROM claim l WHERE l.need_id = n.id) "
	"AND (c.released_at IS NULL OR c.released_at >= n.updated_at) "
	"ORDER BY n.updated_at DESC, n.id DESC LIMIT 50",
	/* STMT_LOCK: what is written of them, one writer at a time */
	"SELECT id FROM person WHERE id = ? FOR NO KEY UPDATE",
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
	/* When they are free: says when they are at home, so as contact. */
	[PERSON_WINDOWS] = { "windows", FIELD_WINDOWS, 0, 0, 0, NULL },
	[PERSON_BULLETIN_SMS] = { "bulletin_sms", FIELD_BOOL, 0, 0, 0, NULL },
	[PERSON__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field person_list_fields[PERSON_LIST__MAX + 1] = {
	[PERSON_LIST_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	[PERSON_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[PERSON_LIST_GAVE_AND_RECEIVED] = { "gave_and_received", FIELD_BOOL, 0,
	    0, 0, NULL },
	[PERSON_LIST_STAGE_MOVED] = { "stage_moved", FIELD_LINE, 0, 0, 7,
	    NULL },
	[PERSON_LIST_EDUCATED] = { "educated", FIELD_LINE, 0, 0, 7, NULL },
	[PERSON_LIST_JOINED] = { "joined", FIELD_LINE, 0, 0, 7, NULL },
	LISTING_PAGE_FIELDS(PERSON_LIST),
	[PERSON_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * A phone search's digits: fewer finds too many people to mean anyone,
 * more is no phone number (E.164 has 15 at most).
 */
#define PERSON_SEARCH_DIGITS_MIN 4
#define PERSON_SEARCH_DIGITS_MAX 15
/* The fewest digits a stored phone has (field_phone). */
#define PERSON_PHONE_DIGITS_MIN 7
/* The shorter of two numbers that match by their end has this many. */
#define PERSON_MATCH_TAIL 10
/* More 9s than any stored phone has digits: the top of a prefix range. */
#define PERSON_NINES "9999999999999999"

/*
 * Filter order: the bound values in person_list follow it, one per
 * placeholder. One of the first three is used at a time (person_search).
 */
enum person_cond {
	COND_NAME,
	COND_PHONE,
	COND_EMAIL,
	COND_ZONE,
	COND_GAVE_AND_RECEIVED,
	COND_STAGE_MOVED,
	COND_EDUCATED,
	COND_JOINED,
	COND__MAX,
};

/* The prefixes of a phone query a stored number may be (COND_PHONE). */
#define PERSON_PHONE_PREFIXES                                                  \
	(PERSON_SEARCH_DIGITS_MAX - PERSON_PHONE_DIGITS_MIN)

static const char *const person_conds[COND__MAX + 1] = {
	/* COND_NAME: anywhere in the name */
	"p.name_fold LIKE ? ESCAPE '\\'",
	/*
	 * COND_PHONE: the stored number ends with the digits asked for
	 * (starts with them, reversed: a range), or they end with it (it is
	 * one of their prefixes, reversed). Both are served by the index.
	 */
	"(p.phone_rev >= ? AND p.phone_rev <= ? "
	"OR p.phone_rev IN (?, ?, ?, ?, ?, ?, ?, ?))",
	/* COND_EMAIL: the whole address, as a look-up, not a browse */
	"p.email_fold = ?",
	/* COND_ZONE */
	"p.zone_id = ?",
	/*
	 * COND_GAVE_AND_RECEIVED: asked or came as a guest, and offered,
	 * helped at a session, took a shift or delivered (figures.c counts
	 * the same acts).
	 */
	"(EXISTS (SELECT 1 FROM need n WHERE n.person_id = p.id) "
	"OR EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id "
	"AND a.role = 'guest')) "
	"AND (EXISTS (SELECT 1 FROM offer o WHERE o.person_id = p.id) "
	"OR EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id "
	"AND a.role <> 'guest') "
	"OR EXISTS (SELECT 1 FROM shift_signup s WHERE s.person_id = p.id) "
	"OR EXISTS (SELECT 1 FROM app_user u JOIN delivery d "
	"ON d.user_id = u.id WHERE u.person_id = p.id "
	"AND d.outcome = 'delivered'))",
	/*
	 * The month conditions each take its range (figures_month_range)
	 * and say what figures.c's STMT_LADDER, STMT_EDUCATION and
	 * STMT_MEMBERS count. COND_STAGE_MOVED: a row of their history
	 * above the stage before it.
	 */
	"EXISTS (SELECT 1 FROM person_stage r WHERE r.person_id = p.id "
	"AND r.at >= ? AND r.at < ? AND " LADDER_STEP_SQL(
	    "r.stage") " > " LADDER_STEP_SQL(LADDER_BEFORE_SQL("r")) ")",
	/* COND_EDUCATED: an event, or a session that carried education */
	"(EXISTS (SELECT 1 FROM event_attendance a JOIN event e "
	"ON e.id = a.event_id WHERE a.person_id = p.id AND e.starts >= ? "
	"AND e.starts < ?) "
	"OR EXISTS (SELECT 1 FROM attendance a JOIN program_session s "
	"ON s.id = a.session_id WHERE a.person_id = p.id "
	"AND s.education IS NOT NULL AND s.day >= ? AND s.day < ?))",
	/* COND_JOINED */
	"EXISTS (SELECT 1 FROM person_membership m WHERE m.person_id = p.id "
	"AND m.status = 'joined' AND m.at >= ? AND m.at < ?)",
	NULL,
};

/* A list never carries contact data, so it does not even read it. */
static struct listing person_listing = {
	.select = "SELECT p.id, p.name, p.language, p.zone_id, "
		  "z.name AS zone_name, p.created_at, p.updated_at "
		  "FROM person p LEFT JOIN zone z ON z.id = p.zone_id",
	.count = "SELECT count(*) FROM person p",
	.order = "ORDER BY p.name, p.id",
	.conds = person_conds,
	.like = 1 + COND_NAME,
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
person_lock(struct db *db, int64_t id, struct problem *p)
{
	return tx_lock(db, stmts[STMT_LOCK], id, "err_no_person", p);
}

int
person_exists_or_404(struct db *db, int64_t id, struct problem *p)
{
	switch (person_exists(db, id)) {
	case -1:
		return tx_problem(db, p);
	case 0:
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_person", NULL,
		    0);
	}
	return 0;
}

int
person_delivered(struct db *db, int64_t person_id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);

	*out = db_rows(db, stmts[STMT_DELIVERED], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
person_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *login;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_person", p) ==
	    -1)
		return -1;
	/* An integer from SQLite, a boolean from PostgreSQL. */
	login = json_object_get(*out, "has_login");
	json_object_set_new(*out, "has_login",
	    json_boolean(
		json_is_true(login) || json_integer_value(login) != 0));
	json_object_set_new(*out, "bulletin_sms",
	    json_boolean(
		json_is_string(json_object_get(*out, "bulletin_sms_at"))));
	return 0;
}

/* The search keys of a person's row (fold.h), which person_bind binds. */
struct person_keys {
	char *name;
	char *email;
	char phone[PERSON_SEARCH_DIGITS_MAX + 1];
};

/*
 * Bind the columns of STMT_INSERT and STMT_UPDATE up to the search keys:
 * in's fields in person_key order, now, and the keys, which keys holds
 * until person_keys_free.
 */
static void
person_bind(json_t *in, const char *now, struct person_keys *keys,
    struct db_val args[PERSON__MAX + 4])
{
	const char *email, *since;
	int k;

	for (k = 0; k < PERSON__MAX; k++)
		args[k] = input_val(in, person_fields, k);
	if (args[PERSON_LANGUAGE].type == DB_NULL)
		args[PERSON_LANGUAGE] = DBV_TEXT("en");
	/* Asked for since they first said yes; a no forgets when. */
	args[PERSON_BULLETIN_SMS] = DBV_NULL;
	if (json_is_true(input_get(in, person_fields, PERSON_BULLETIN_SMS))) {
		since = json_string_value(
		    json_object_get(in, "bulletin_sms_at"));
		args[PERSON_BULLETIN_SMS] = DBV_TEXT(
		    since != NULL ? since : now);
	}
	args[PERSON__MAX] = DBV_TEXT(now);
	keys->name = fold_name(args[PERSON_NAME].s);
	email = args[PERSON_EMAIL].s;
	keys->email = email != NULL ? fold_email(email) : NULL;
	keys->phone[0] = '\0';
	if (args[PERSON_PHONE].s != NULL)
		fold_phone_rev(args[PERSON_PHONE].s, keys->phone,
		    sizeof(keys->phone));
	args[PERSON__MAX + 1] = DBV_TEXT(keys->name);
	args[PERSON__MAX + 2] = keys->email != NULL ? DBV_TEXT(keys->email)
						    : DBV_NULL;
	args[PERSON__MAX + 3] = keys->phone[0] != '\0' ? DBV_TEXT(keys->phone)
						       : DBV_NULL;
}

static void
person_keys_free(struct person_keys *keys)
{
	free(keys->name);
	free(keys->email);
}

/* The columns person_bind binds, and the one after them. */
#define PERSON_ARGS (PERSON__MAX + 5)

int64_t
person_insert(struct db *db, json_t *in, const char *created_at)
{
	struct db_val args[PERSON_ARGS];
	struct person_keys keys;
	int64_t id;
	int rc;

	person_bind(in, created_at, &keys, args);
	args[PERSON_ARGS - 1] = DBV_TEXT(created_at);
	rc = db_int(db, stmts[STMT_INSERT], args, PERSON_ARGS, &id);
	person_keys_free(&keys);
	return rc == 1 ? id : -1;
}

/* person_insert_many's: struct person_row's columns and the keys. */
#define PERSON_ROW_VALUES 12
#define PERSON_ROWS_MAX   64 /* 12 values a row: 768 */
static const char *const stmt_insert_many[MULTIROW_SIZES] = MULTIROW(
    "INSERT INTO person (id, name, phone, email, language, zone_id, "
    "windows, name_fold, email_fold, phone_rev, created_at, updated_at) "
    "VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "");

/* Bind row r's columns at args, its keys in keys. */
static void
person_row_bind(const struct person_row *r, struct person_keys *keys,
    struct db_val args[PERSON_ROW_VALUES])
{
	keys->name = fold_name(r->name);
	keys->email = r->email != NULL ? fold_email(r->email) : NULL;
	keys->phone[0] = '\0';
	if (r->phone != NULL)
		fold_phone_rev(r->phone, keys->phone, sizeof(keys->phone));
	args[0] = DBV_INT(r->id);
	args[1] = DBV_TEXT(r->name);
	args[2] = r->phone != NULL ? DBV_TEXT(r->phone) : DBV_NULL;
	args[3] = r->email != NULL ? DBV_TEXT(r->email) : DBV_NULL;
	args[4] = DBV_TEXT(r->language);
	args[5] = DBV_INT(r->zone_id);
	args[6] = r->windows != NULL ? DBV_TEXT(r->windows) : DBV_NULL;
	args[7] = DBV_TEXT(keys->name);
	args[8] = keys->email != NULL ? DBV_TEXT(keys->email) : DBV_NULL;
	args[9] = keys->phone[0] != '\0' ? DBV_TEXT(keys->phone) : DBV_NULL;
	args[10] = DBV_TEXT(r->created_at);
	args[11] = DBV_TEXT(r->created_at);
}

int
person_insert_many(struct db *db, const struct person_row *rows, size_t n)
{
	struct db_val args[PERSON_ROW_VALUES * PERSON_ROWS_MAX];
	struct person_keys keys[PERSON_ROWS_MAX];
	size_t done, size, k, i;
	int rc = 0;

	for (done = 0; done < n && rc == 0; done += size) {
		size = multirow_piece_upto(n - done, PERSON_ROWS_MAX, &k);
		for (i = 0; i < size; i++)
			person_row_bind(&rows[done + i], &keys[i],
			    &args[i * PERSON_ROW_VALUES]);
		if (db_exec(db, stmt_insert_many[k], args,
			size * PERSON_ROW_VALUES) != (int)size)
			rc = -1;
		for (i = 0; i < size; i++)
			person_keys_free(&keys[i]);
	}
	return rc;
}

int
person_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	return person_create_at(db, in, now, out, p);
}

int
person_create_at(struct db *db, json_t *in, const char *created_at,
    json_t **out, struct problem *p)
{
	int64_t id;

	*out = NULL;
	if (refs_check(db, in, p) == -1)
		return -1;
	id = person_insert(db, in, created_at);
	if (id == -1)
		return tx_problem(db, p);
	return person_find(db, id, out, p);
}

int
person_update(struct db *db, int64_t id, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[PERSON_ARGS];
	struct person_keys keys;
	json_t *cur = NULL;
	int rc = -1;

	*out = NULL;
	if (person_lock(db, id, p) == -1 || person_find(db, id, &cur, p) == -1)
		return -1;
	if (refs_check(db, in, p) == -1)
		goto out;
	/* Fields left out keep their value; fields given as null clear it. */
	json_object_update(cur, in);
	clock_now(now);
	person_bind(cur, now, &keys, args);
	args[PERSON_ARGS - 1] = DBV_INT(id);
	rc = db_exec(db, stmts[STMT_UPDATE], args, PERSON_ARGS);
	person_keys_free(&keys);
	if (rc == -1)
		tx_problem(db, p);
	else
		rc = person_find(db, id, out, p);
out:
	json_decref(cur);
	return rc;
}

enum person_search
person_search(const char *q)
{
	size_t digits = 0;

	if (q == NULL)
		return PERSON_SEARCH_NAME;
	if (strchr(q, '@') != NULL)
		return PERSON_SEARCH_EMAIL;
	/* Only what people write a phone number with, and enough digits. */
	for (; *q != '\0'; q++) {
		if (*q >= '0' && *q <= '9')
			digits++;
		else if (strchr(" +-.()", *q) == NULL)
			return PERSON_SEARCH_NAME;
	}
	if (digits < PERSON_SEARCH_DIGITS_MIN ||
	    digits > PERSON_SEARCH_DIGITS_MAX)
		return PERSON_SEARCH_NAME;
	return PERSON_SEARCH_PHONE;
}

/*
 * COND_PHONE's values for the digits rev (a query's, reversed) in vals,
 * with lo and hi to hold the range's ends: rev itself up to rev followed
 * by nines, then rev's prefixes a stored number may be, the unused ones
 * NULL.
 */
static void
person_phone_vals(const char *rev, char *prefixes, char *hi,
    struct db_val vals[2 + PERSON_PHONE_PREFIXES])
{
	size_t i, len = strlen(rev), n;

	memcpy(hi, rev, len);
	memcpy(hi + len, PERSON_NINES, sizeof(PERSON_NINES));
	vals[0] = DBV_TEXT(rev);
	vals[1] = DBV_TEXT(hi);
	for (i = 0; i < PERSON_PHONE_PREFIXES; i++) {
		n = PERSON_PHONE_DIGITS_MIN + i;
		vals[2 + i] = DBV_NULL;
		if (n >= len)
			continue;
		memcpy(prefixes, rev, n);
		prefixes[n] = '\0';
		vals[2 + i] = DBV_TEXT(prefixes);
		prefixes += n + 1;
	}
}

/* The month filters' ranges, each as its two ends. */
struct person_months {
	char at[3][2][FIGURES_MONTH_LEN];
};

/*
 * The ranges of in's month filters into vals, one value per placeholder
 * of COND_STAGE_MOVED, COND_EDUCATED (events, then sessions: the month
 * twice) and COND_JOINED, held by m; those absent left NULL. 0, or -1
 * with p naming the first that is not a month.
 */
static int
person_months(json_t *in, struct person_months *m, struct db_val *vals,
    struct problem *p)
{
	static const struct {
		int key;
		size_t at, times;
	} f[3] = {
		{ PERSON_LIST_STAGE_MOVED, 0, 1 },
		{ PERSON_LIST_EDUCATED, 2, 2 },
		{ PERSON_LIST_JOINED, 6, 1 },
	};
	const char *s;
	size_t i, k;

	for (i = 0; i < 3; i++) {
		s = input_text(in, person_list_fields, f[i].key);
		if (s == NULL)
			continue;
		if (figures_month_range(s, m->at[i][0], m->at[i][1]) == -1)
			return problem_set(p, PROBLEM_INVALID,
			    "err_figures_month",
			    person_list_fields[f[i].key].name, 0);
		for (k = 0; k < f[i].times; k++) {
			vals[f[i].at + 2 * k] = DBV_TEXT(m->at[i][0]);
			vals[f[i].at + 2 * k + 1] = DBV_TEXT(m->at[i][1]);
		}
	}
	return 0;
}

/*
 * person_list's statement, opened for every row as a cursor in *cur, or
 * when cur is NULL run for a page into *out.
 */
static int
person_read(struct db *db, json_t *in, int by_contact, json_t **out,
    struct db_cursor **cur, struct problem *p)
{
	/* One value per placeholder of person_conds. */
	struct db_val vals[2 + PERSON_PHONE_PREFIXES + 4 + 8];
	struct db_val *phone = &vals[1],
		      *email = phone + 2 + PERSON_PHONE_PREFIXES,
		      *zone = email + 1, *both = zone + 1, *months = both + 1;
	struct person_months m = { 0 };
	char rev[PERSON_SEARCH_DIGITS_MAX + 1];
	char hi[sizeof(rev) + sizeof(PERSON_NINES)];
	char prefixes[PERSON_PHONE_PREFIXES * sizeof(rev)];
	const char *q = input_text(in, person_list_fields, PERSON_LIST_Q);
	enum person_search kind = by_contact ? person_search(q)
					     : PERSON_SEARCH_NAME;
	char *fold = NULL;
	int64_t limit, offset;
	size_t i;
	int rc;

	listing_page(in, &limit, &offset);
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		vals[i] = DBV_NULL;
	if (person_months(in, &m, months, p) == -1)
		return -1;
	if (kind == PERSON_SEARCH_PHONE) {
		fold_phone_rev(q, rev, sizeof(rev));
		person_phone_vals(rev, prefixes, hi, phone);
	} else if (kind == PERSON_SEARCH_EMAIL) {
		fold = fold_email(q);
		*email = DBV_TEXT(fold);
	} else if (q != NULL) {
		fold = fold_name(q);
		vals[0] = DBV_TEXT(fold);
	}
	*zone = input_val(in, person_list_fields, PERSON_LIST_ZONE_ID);
	/* A fixed filter: any value but NULL applies it, so false is NULL. */
	if (json_is_true(json_object_get(in,
		person_list_fields[PERSON_LIST_GAVE_AND_RECEIVED].name)))
		*both = DBV_INT(1);
	rc = cur != NULL
	    ? listing_open(db, &person_listing, vals, cur, p)
	    : listing_run(db, &person_listing, vals, limit, offset, out, p);
	free(fold);
	return rc;
}

int
person_list(struct db *db, json_t *in, int by_contact, json_t **out,
    struct problem *p)
{
	return person_read(db, in, by_contact, out, NULL, p);
}

int
person_rows(struct db *db, json_t *in, int by_contact, struct db_cursor **out,
    struct problem *p)
{
	return person_read(db, in, by_contact, NULL, out, p);
}

/*
 * Whether one of two reversed phones is a prefix of the other, the
 * shorter having at least PERSON_MATCH_TAIL digits.
 */
static int
person_tail_match(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t n = la < lb ? la : lb;

	return n >= PERSON_MATCH_TAIL && strncmp(a, b, n) == 0;
}

/* person_match by phone: 1 and *id, 0, or -1. */
static int
person_match_phone(struct db *db, const char *phone, int64_t *id)
{
	char rev[PERSON_SEARCH_DIGITS_MAX + 1];
	char lo[PERSON_MATCH_TAIL + 1], hi[sizeof(lo) + sizeof(PERSON_NINES)];
	struct db_val args[2];
	json_t *rows, *row;
	size_t i, n = fold_phone_rev(phone, rev, sizeof(rev));
	int rc = 0;

	if (n == 0)
		return 0;
	args[0] = DBV_TEXT(rev);
	if (n < PERSON_MATCH_TAIL)
		return db_int(db, stmts[STMT_MATCH_PHONE], args, 1, id);
	memcpy(lo, rev, PERSON_MATCH_TAIL);
	lo[PERSON_MATCH_TAIL] = '\0';
	memcpy(hi, lo, PERSON_MATCH_TAIL);
	memcpy(hi + PERSON_MATCH_TAIL, PERSON_NINES, sizeof(PERSON_NINES));
	args[0] = DBV_TEXT(lo);
	args[1] = DBV_TEXT(hi);
	rows = db_rows(db, stmts[STMT_MATCH_TAIL], args, 2);
	if (rows == NULL)
		return -1;
	json_array_foreach (rows, i, row) {
		if (person_tail_match(rev,
			json_string_value(json_object_get(row, "phone_rev")))) {
			*id = json_integer_value(json_object_get(row, "id"));
			rc = 1;
			break;
		}
	}
	json_decref(rows);
	return rc;
}

int
person_match(struct db *db, const char *phone, const char *email, int64_t *id)
{
	struct db_val arg;
	char *fold;
	int rc = 0;

	if (phone != NULL)
		rc = person_match_phone(db, phone, id);
	if (rc != 0 || email == NULL)
		return rc;
	fold = fold_email(email);
	arg = DBV_TEXT(fold);
	rc = db_int(db, stmts[STMT_MATCH_EMAIL], &arg, 1, id);
	free(fold);
	return rc;
}
