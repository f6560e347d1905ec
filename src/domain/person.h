/*
 * People: one kind of person. The same person asks, offers, helps and
 * organizes; nothing here splits givers from receivers.
 */
#ifndef PERSON_H
#define PERSON_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* A person's input, new or changed. */
enum person_key {
	PERSON_NAME,
	PERSON_PHONE,
	PERSON_EMAIL,
	PERSON_ADDRESS,
	PERSON_LANGUAGE,
	PERSON_ZONE_ID,
	PERSON_WINDOWS,
	/*
	 * Whether they asked for the bulletin's digest by text: kept as
	 * when they asked (bulletin_sms_at), shown as yes or no.
	 */
	PERSON_BULLETIN_SMS,
	PERSON__MAX,
};

enum person_list_key {
	PERSON_LIST_Q,
	PERSON_LIST_ZONE_ID,
	/* Only those who both gave and received (as GET /figures counts). */
	PERSON_LIST_GAVE_AND_RECEIVED,
	/*
	 * Each a month, "YYYY-MM" (422 naming it when not): only those who
	 * in it moved up a stage, were reached by political education, or
	 * joined, as GET /figures counts them.
	 */
	PERSON_LIST_STAGE_MOVED,
	PERSON_LIST_EDUCATED,
	PERSON_LIST_JOINED,
	PERSON_LIST_LIMIT,
	PERSON_LIST_OFFSET,
	PERSON_LIST__MAX,
};

extern const struct field person_fields[PERSON__MAX + 1];
extern const struct field person_list_fields[PERSON_LIST__MAX + 1];
extern const char *const person_languages[];

/*
 * Create from decoded input, inside the caller's transaction (tx.h); 0
 * and the row in *out, or -1 with p.
 */
int person_create(struct db *, json_t *in, json_t **out, struct problem *);
/* The same, for someone brought in from elsewhere: as of created_at. */
int person_create_at(struct db *, json_t *in, const char *created_at,
    json_t **out, struct problem *);
/*
 * Insert a person, already validated (as by person_fields) and with its
 * zone known to exist, inside the caller's transaction, created and
 * updated at created_at (the demo and imports use it). The new id, or -1.
 */
int64_t person_insert(struct db *, json_t *in, const char *created_at);
/*
 * A person as a loader writes them (the demo): valid as person_fields
 * would have them, with their id, updated when created. phone, email,
 * windows: NULL for none.
 */
struct person_row {
	int64_t id;
	const char *name;
	const char *phone;
	const char *email;
	const char *language;
	int64_t zone_id;
	const char *windows;
	const char *created_at;
};
/*
 * Insert n people, many to a statement, with the search keys
 * person_insert writes, inside the caller's transaction. 0, or -1.
 */
int person_insert_many(struct db *, const struct person_row *rows, size_t n);
/* Apply a partial update (null clears an optional field), as above. */
int person_update(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/*
 * 0 and the row, with "has_login" (whether a login belongs to them), or
 * -1 with a 404 when there is no such person.
 */
int person_find(struct db *, int64_t id, json_t **out, struct problem *);
/* What a search's q is taken for. */
enum person_search {
	PERSON_SEARCH_NAME,  /* anywhere in the name, any case and accents */
	PERSON_SEARCH_PHONE, /* 4 to 15 digits, written any way */
	PERSON_SEARCH_EMAIL, /* it has an @: the whole address, any case */
};

/*
 * How person_list takes q when by_contact is set: as an email when it has
 * an @, as a phone when it is only digits (4 to 15 of them) and what
 * people write phones with (space + - . ( )), else as a name.
 */
enum person_search person_search(const char *q);
/*
 * Filters: q, zone_id; paging. q is searched for in the name, without
 * regard to case or accents ("nunez" finds "Ana Núñez"); by_contact (for
 * those who may read contact data: a search by phone answers whose phone
 * it is) also takes it as person_search says: a phone finds the people
 * whose number ends with its digits, or whose number its digits end with
 * ("555-0101", "(617) 555 0101" and "+16175550101" all find 6175550101);
 * an email finds its owner. The rows hold no contact data.
 */
int person_list(struct db *, json_t *in, int by_contact, json_t **out,
    struct problem *);
/*
 * The same people, every one of them (paging set aside), as a cursor on
 * db (listing_open): 0, or -1 with p.
 */
int person_rows(struct db *, json_t *in, int by_contact, struct db_cursor **out,
    struct problem *);
/*
 * The person a phone or an email (either may be NULL) belongs to, for
 * taking in someone who may be on file already: the same digits however
 * written, or one number ending with the other when the shorter has at
 * least 10 digits ("(617) 555 0101" is "+16175550101"); else the same
 * email in any case. A phone match comes first, then the oldest person.
 * 1 and *id, 0 when nobody matches, -1 on a database error.
 */
int person_match(struct db *, const char *phone, const char *email,
    int64_t *id);
/*
 * What person_id delivered as a volunteer: the asks fulfilled while a
 * login of theirs held the claim, newest first, at most 50, as [{id,
 * category, zone_id, zone_name, fulfilled_at}] (no details, no contact)
 * into *out. 0, or -1 with p.
 */
int person_delivered(struct db *, int64_t person_id, json_t **out,
    struct problem *);
/* 1 if the person exists, 0 if not, -1 on error. */
int person_exists(struct db *, int64_t id);
/* 0 when the person exists; -1 with a 404 when not, or the database's
 * problem. */
int person_exists_or_404(struct db *, int64_t id, struct problem *);
/*
 * person_exists_or_404, and their row locked until the transaction ends:
 * what is read of them (their stage, their latest membership, their row
 * for an edit) holds until it is written, whoever writes beside (the
 * summaries' triggers lock the same row, see facing_summary.c).
 */
int person_lock(struct db *, int64_t id, struct problem *);

#endif
