/*
 * Offers of help: a person, a category, details, a zone and an optional
 * quantity, with the same life as an ask (see status.h).
 */
#ifndef OFFER_H
#define OFFER_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

struct audit_note;

/* The input of a new offer. */
enum offer_key {
	OFFER_PERSON_ID,
	OFFER_CATEGORY,
	OFFER_DETAILS,
	OFFER_ZONE_ID,
	OFFER_QUANTITY,
	OFFER__MAX,
};

extern const struct field offer_fields[OFFER__MAX + 1];

/*
 * Create, inside the caller's transaction (tx.h); 0 and the row, or -1
 * with p.
 */
int offer_create(struct db *, json_t *in, json_t **out, struct problem *);
/* offer_create for an offer brought in from elsewhere, as need_create_at. */
int offer_create_at(struct db *, json_t *in, const char *status,
    const char *created_at, json_t **out, struct problem *);
/*
 * Insert inside the caller's transaction (demo, imports); an optional
 * reason in in (as status_fields names it) becomes the close_reason. The
 * new id, or -1.
 */
int64_t offer_insert(struct db *, json_t *in, const char *status,
    const char *created_at);
/* 0 and the row, or a 404; also when outside zone_user's zones (not 0). */
int offer_find(struct db *, int64_t id, int64_t zone_user, json_t **out,
    struct problem *);
int offer_set_status(struct db *, int64_t id, json_t *in, json_t **out,
    struct audit_note *, struct problem *);
/*
 * Filters: status, zone_id, category, person_id, q; paging; only within
 * the zones of v if v is bound to zones (privacy_zone_user).
 */
int offer_list(struct db *, json_t *in, const struct viewer *v, json_t **out,
    struct problem *);
/*
 * The same offers, every one of them (paging set aside), as a cursor on
 * db (listing_open), rows as offer_list's are: 0, or -1 with p.
 */
int offer_rows(struct db *, json_t *in, const struct viewer *v,
    struct db_cursor **out, struct problem *);

#endif
