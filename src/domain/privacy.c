/* The record-level privacy rules (see privacy.h), applied to JSON rows. */
#include <stdio.h>
#include <string.h>

#include "privacy.h"
#include "audit.h"
#include "util/banned.h"

/* U+2022 BULLET, four of them: clearly a mask, never a digit. */
#define PRIVACY_DOTS	"\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"

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

	return v->user_id > 0 && uid == v->user_id;
}

static int
privacy_present(json_t *row, const char *key)
{
	json_t *x = json_object_get(row, key);

	return x != NULL && !json_is_null(x);
}

int
privacy_need(const struct viewer *v, json_t *row)
{
	int mine = privacy_claimed_by(v, row), sees, shown = 0;

	sees = privacy_sees_all(v) || mine;
	json_object_set_new(row, "claimed_by_me", json_boolean(mine));
	/* Only one ask carries the person's contact; a list never does. */
	if (sees && (json_object_get(row, "phone") != NULL ||
	    json_object_get(row, "address") != NULL)) {
		shown = privacy_present(row, "phone") ||
		    privacy_present(row, "address");
		json_object_set_new(row, "contact", json_pack("{s:O?,s:O?}",
		    "phone", json_object_get(row, "phone"), "address",
		    json_object_get(row, "address")));
	}
	json_object_del(row, "phone");
	json_object_del(row, "address");
	if (!sees) {
		json_object_del(row, "details");
		json_object_set_new(row, "details_hidden", json_true());
	}
	privacy_post(v, row);
	return shown;
}

void
privacy_needs(const struct viewer *v, json_t *rows)
{
	json_t *row;
	size_t i;

	/* Rows of a list carry no contact columns: nothing to record. */
	json_array_foreach(rows, i, row) {
		json_object_del(row, "phone");
		json_object_del(row, "address");
		privacy_need(v, row);
	}
}

void
privacy_offer(const struct viewer *v, json_t *row)
{
	privacy_post(v, row);
}

void
privacy_offers(const struct viewer *v, json_t *rows)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		privacy_offer(v, row);
	}
}

/* Replace the contact fields by what may be said of them. */
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
	json_object_set_new(row, "email_on_file", json_boolean(
	    privacy_present(row, "email")));
	json_object_set_new(row, "address_on_file", json_boolean(
	    privacy_present(row, "address")));
	json_object_del(row, "phone");
	json_object_del(row, "email");
	json_object_del(row, "address");
	json_object_set_new(row, "contact_hidden", json_true());
}

int
privacy_person(const struct viewer *v, json_t *row)
{
	privacy_name(v, row, "name");
	if (privacy_sees_all(v))
		return privacy_present(row, "phone") ||
		    privacy_present(row, "email") ||
		    privacy_present(row, "address");
	privacy_mask_contact(row);
	return 0;
}

void
privacy_person_brief(const struct viewer *v, json_t *row)
{
	privacy_name(v, row, "name");
	json_object_del(row, "phone");
	json_object_del(row, "email");
	json_object_del(row, "address");
}

void
privacy_people(const struct viewer *v, json_t *rows)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		privacy_person_brief(v, row);
	}
}

void
privacy_need_filters(const struct viewer *v, json_t *in)
{
	/* A search in hidden text would answer what the text says. */
	if (!privacy_sees_all(v))
		json_object_del(in, "q");
	if (v->role < ROLE_ORGANIZER)
		json_object_del(in, "person_id");
}

int
privacy_seen(struct db *db, const struct viewer *v, int64_t person_id)
{
	/*
	 * Its own transaction, so that on a read the entry queues with the
	 * other writers; inside a write it joins the write's, and both stand
	 * or fall together.
	 */
	if (db_begin(db) == -1)
		return -1;
	if (audit_log(db, v, "view contact", "person", person_id) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
