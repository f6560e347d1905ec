/* The record-level privacy rules (see privacy.h), applied to JSON rows. */
#include <stdio.h>
#include <string.h>

#include "privacy.h"
#include "audit.h"
#include "input.h"
#include "need.h"
#include "person.h"
#include "post.h"
#include "tx.h"
#include "util/banned.h"

/* U+2022 BULLET, four of them: clearly a mask, never a digit. */
#define PRIVACY_DOTS "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"

int
privacy_sees_all(const struct viewer *v)
{
	return v != NULL && v->role >= ROLE_COORDINATOR;
}

int64_t
privacy_zone_user(const struct viewer *v)
{
	/* Only volunteers are bound to zones; anyone above sees every zone. */
	if (v == NULL || v->role != ROLE_VOLUNTEER)
		return 0;
	return v->user_id;
}

int
privacy_may_claim(const struct viewer *v)
{
	return v != NULL && (v->role == ROLE_VOLUNTEER || privacy_sees_all(v));
}

void
privacy_mask_phone(const char *phone, char *out, size_t outlen)
{
	size_t n = phone != NULL ? strlen(phone) : 0;

	if (n >= 4)
		snprintf(out, outlen, "%s %s", PRIVACY_DOTS, phone + n - 2);
	else
		snprintf(out, outlen, "%s", PRIVACY_DOTS);
}

/* Cut the name in key down to its first word, for volunteers. */
static void
privacy_name(const struct viewer *v, json_t *row, const char *key)
{
	json_t *name = json_object_get(row, key);
	const char *s;
	size_t n;

	if (v->role >= ROLE_ORGANIZER || !json_is_string(name))
		return;
	s = json_string_value(name);
	while (*s == ' ')
		s++;
	n = strcspn(s, " \t");
	json_object_set_new(row, key, json_stringn(s, n));
}

/* What only organizers and above see of any post. */
static void
privacy_post(const struct viewer *v, json_t *row)
{
	privacy_name(v, row, "person_name");
	if (v->role >= ROLE_ORGANIZER)
		return;
	json_object_del(row, "person_id");
	json_object_del(row, "close_reason");
}

static int
privacy_claimed_by(const struct viewer *v, json_t *row)
{
	json_t *claim = json_object_get(row, "claim");
	json_int_t uid = json_integer_value(json_object_get(claim, "user_id"));

	return privacy_may_claim(v) && v->user_id > 0 && uid == v->user_id;
}

static int
privacy_present(json_t *row, const char *key)
{
	json_t *x = json_object_get(row, key);

	return x != NULL && !json_is_null(x);
}

/*
 * Replace the contact fields of row by what may be said of them: the
 * phone masked and whether an address (and, for a person, an email) is
 * on file. Only the keys the row has are said anything of.
 */
static void
privacy_mask_contact(json_t *row)
{
	json_t *phone = json_object_get(row, "phone");
	char masked[32];

	if (json_is_string(phone)) {
		privacy_mask_phone(json_string_value(phone), masked,
		    sizeof(masked));
		json_object_set_new(row, "phone_masked", json_string(masked));
	}
	if (json_object_get(row, "email") != NULL)
		json_object_set_new(row, "email_on_file",
		    json_boolean(privacy_present(row, "email")));
	if (json_object_get(row, "address") != NULL)
		json_object_set_new(row, "address_on_file",
		    json_boolean(privacy_present(row, "address")));
	if (json_object_get(row, "windows") != NULL)
		json_object_set_new(row, "windows_on_file",
		    json_boolean(privacy_present(row, "windows")));
	json_object_del(row, "phone");
	json_object_del(row, "email");
	json_object_del(row, "address");
	json_object_del(row, "windows");
}

int
privacy_need_contact(const struct viewer *v, json_t *row)
{
	return privacy_sees_all(v) || privacy_claimed_by(v, row);
}

/*
 * Whether the ask is held, for everyone; who holds it, for organizers
 * and above, who share out the work, and for the holder. A volunteer
 * learns no other volunteer's login nor which asks one holds.
 */
static void
privacy_claim(const struct viewer *v, json_t *row, int mine)
{
	json_t *claim = json_object_get(row, "claim");

	json_object_set_new(row, "claimed",
	    json_boolean(json_is_object(claim)));
	if (json_is_object(claim) && !mine && v->role < ROLE_ORGANIZER) {
		json_object_del(claim, "user_id");
		json_object_del(claim, "login");
	}
}

void
privacy_stock_move(const struct viewer *v, json_t *row)
{
	if (v->role >= ROLE_ORGANIZER ||
	    json_integer_value(json_object_get(row, "user_id")) == v->user_id)
		return;
	json_object_del(row, "user_id");
	json_object_del(row, "user_login");
}

void
privacy_event_people(const struct viewer *v, json_t *row)
{
	static const char *const people[] = { "rsvps", "attendance", "people",
		"completed", NULL };
	int i;

	if (v->role >= ROLE_ORGANIZER)
		return;
	for (i = 0; people[i] != NULL; i++)
		json_object_del(row, people[i]);
}

void
privacy_need(const struct viewer *v, json_t *row)
{
	int mine = privacy_claimed_by(v, row), sees;

	sees = privacy_sees_all(v) || mine;
	privacy_claim(v, row, mine);
	json_object_set_new(row, "claimed_by_me", json_boolean(mine));
	json_object_set_new(row, "contact_allowed", json_boolean(sees));
	/*
	 * Even those who may read the contact get it masked here: the page
	 * of an ask is read often, and only a view of the contact itself
	 * (contact.h) is worth an entry in the audit trail.
	 */
	privacy_mask_contact(row);
	if (!sees) {
		json_object_del(row, "details");
		json_object_set_new(row, "details_hidden", json_true());
	}
	privacy_post(v, row);
}

void
privacy_need_brief(const struct viewer *v, json_t *row)
{
	/* Rows of a list carry no contact columns, so nothing is masked. */
	json_object_del(row, "phone");
	json_object_del(row, "address");
	json_object_del(row, "windows");
	privacy_need(v, row);
}

void
privacy_offer(const struct viewer *v, json_t *row)
{
	privacy_post(v, row);
}

void
privacy_person(const struct viewer *v, json_t *row)
{
	privacy_name(v, row, "name");
	json_object_set_new(row, "contact_allowed",
	    json_boolean(privacy_sees_all(v)));
	privacy_mask_contact(row);
}

int
privacy_person_edit(const struct viewer *v, json_t *row)
{
	if (!privacy_sees_all(v)) {
		privacy_person(v, row);
		return 0;
	}
	return privacy_present(row, "phone") || privacy_present(row, "email") ||
	    privacy_present(row, "address") || privacy_present(row, "windows");
}

int
privacy_person_write(const struct viewer *v, json_t *row, json_t *in,
    struct problem *p)
{
	static const char *const contact[] = { "phone", "email", "address",
		"windows", NULL };
	size_t i;

	if (privacy_sees_all(v))
		return 0;
	for (i = 0; contact[i] != NULL; i++)
		if (json_object_get(in, contact[i]) != NULL &&
		    privacy_present(row, contact[i]))
			return problem_set(p, PROBLEM_FORBIDDEN,
			    "err_contact_write", contact[i], 0);
	return 0;
}

void
privacy_person_brief(const struct viewer *v, json_t *row)
{
	privacy_name(v, row, "name");
	json_object_del(row, "phone");
	json_object_del(row, "email");
	json_object_del(row, "address");
	json_object_del(row, "windows");
}

void
privacy_each(const struct viewer *v, json_t *rows, privacy_rule rule)
{
	json_t *row;
	size_t i;

	json_array_foreach (rows, i, row) {
		rule(v, row);
	}
}

void
privacy_contact(const struct viewer *v, json_t *card)
{
	privacy_name(v, card, "name");
	if (v->role >= ROLE_ORGANIZER)
		return;
	json_object_del(card, "person_id");
	json_object_del(card, "email");
}

int
privacy_run_stop(const struct viewer *v, json_t *stop, int sheet)
{
	/* An organizer's claims show nothing, as on the ask (see above). */
	int held = json_is_true(json_object_get(stop, "held")) &&
	    privacy_may_claim(v);
	json_t *name = json_object_get(stop, "person_name");
	const char *s = json_is_string(name) ? json_string_value(name) : "";

	/* First names for everyone: a door needs no more. */
	while (*s == ' ')
		s++;
	json_object_set_new(stop, "first_name",
	    json_stringn(s, strcspn(s, " \t")));
	json_object_del(stop, "person_name");
	json_object_del(stop, "person_id");
	if (!held)
		json_object_del(stop, "details");
	if (!held || !sheet) {
		json_object_del(stop, "phone");
		json_object_del(stop, "address");
		return 0;
	}
	return privacy_present(stop, "phone") ||
	    privacy_present(stop, "address");
}

void
privacy_need_filters(const struct viewer *v, json_t *in)
{
	/* A search in hidden text would answer what the text says. */
	if (!privacy_sees_all(v))
		input_del(in, need_list_fields, NEED_LIST_Q);
	if (v->role < ROLE_ORGANIZER)
		input_del(in, need_list_fields, NEED_LIST_PERSON_ID);
}

void
privacy_offer_filters(const struct viewer *v, json_t *in)
{
	/* Volunteers never see person ids, so they cannot filter by one. */
	if (v->role < ROLE_ORGANIZER)
		input_del(in, post_list_fields, POST_LIST_PERSON_ID);
}

/* Who was shown whose contact data. */
struct privacy_seen {
	const struct viewer *v;
	const char *action;
	int64_t person_id;
};

static int
privacy_seen_work(struct db *db, void *arg, struct problem *p)
{
	struct privacy_seen *s = arg;

	return audit_log(db, s->v, s->action, "person", s->person_id);
}

int
privacy_seen(struct db *db, const struct viewer *v, int64_t person_id)
{
	return privacy_looked(db, v, "view contact", person_id);
}

int
privacy_looked(struct db *db, const struct viewer *v, const char *action,
    int64_t person_id)
{
	struct privacy_seen s = { v, action, person_id };
	struct problem p = { 0 };

	/*
	 * Its own transaction, so that on a read the entry queues with the
	 * other writers; inside a write it joins the write's, and both stand
	 * or fall together.
	 */
	return tx_run(db, privacy_seen_work, &s, &p);
}

struct privacy_searched {
	const struct viewer *v;
	json_t *rows;
};

static int
privacy_searched_work(struct db *db, void *arg, struct problem *p)
{
	struct privacy_searched *s = arg;
	json_t *row;
	size_t i;

	json_array_foreach (s->rows, i, row) {
		if (audit_log(db, s->v, "search contact", "person",
			json_integer_value(json_object_get(row, "id"))) == -1)
			return -1;
	}
	return 0;
}

int
privacy_searched(struct db *db, const struct viewer *v, json_t *rows)
{
	struct privacy_searched s = { v, rows };
	struct problem p = { 0 };

	if (json_array_size(rows) == 0)
		return 0;
	return tx_run(db, privacy_searched_work, &s, &p);
}

/*
 * Whether the people list asked for by in finds people by their phone or
 * email: only for a viewer who sees contact, and then each find is a
 * look-up of contact, recorded as one.
 */
static int
privacy_finds_by_contact(const struct viewer *v, json_t *in)
{
	return privacy_sees_all(v) &&
	    person_search(input_text(in, person_list_fields, PERSON_LIST_Q)) !=
	    PERSON_SEARCH_NAME;
}

int
privacy_people(struct db *db, const struct viewer *v, json_t *in, json_t **out,
    int *recorded, struct problem *p)
{
	int by_contact = privacy_sees_all(v);
	json_t *items;

	*recorded = 0;
	if (person_list(db, in, by_contact, out, p) == -1)
		return -1;
	items = json_object_get(*out, "items");
	if (privacy_finds_by_contact(v, in)) {
		*recorded = 1;
		if (privacy_searched(db, v, items) == -1) {
			json_decref(*out);
			*out = NULL;
			return problem_set(p, PROBLEM_UNAVAILABLE, "err_busy",
			    NULL, 0);
		}
	}
	privacy_each(v, items, privacy_person_brief);
	return 0;
}

int
privacy_people_rows(struct db *db, struct db *rows_db, const struct viewer *v,
    json_t *in, struct db_cursor **out, struct problem *p)
{
	int by_contact = privacy_sees_all(v);
	json_t *every, *found = NULL;
	int rc;

	if (privacy_finds_by_contact(v, in)) {
		every = json_deep_copy(in);
		json_object_set_new(every, "limit", json_integer(INT64_MAX));
		json_object_set_new(every, "offset", json_integer(0));
		rc = person_list(rows_db, every, by_contact, &found, p);
		json_decref(every);
		if (rc == -1)
			return -1;
		rc = privacy_searched(db, v, json_object_get(found, "items"));
		json_decref(found);
		if (rc == -1)
			return problem_set(p, PROBLEM_UNAVAILABLE, "err_busy",
			    NULL, 0);
	}
	return person_rows(rows_db, in, by_contact, out, p);
}
