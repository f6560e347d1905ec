/*
 * Contact on demand: the one way to read a person's phone, email and
 * address. The pages of asks and people show them masked; whoever may see
 * them asks for them, one person at a time, and every such view is
 * recorded in the audit trail before it is shown (privacy_seen).
 */
#ifndef CONTACT_H
#define CONTACT_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/problem.h"

/*
 * The contact card of person_id, {person_id, name, phone, email, address,
 * windows (when they are free)},
 * for a coordinator: 403 for anyone else, 404 when there is no such
 * person. 0 with the card in *out (the caller's), or -1 with p. The
 * caller records the view (privacy_seen) and shows nothing if it cannot.
 */
int contact_of_person(struct db *, const struct viewer *, int64_t person_id,
    json_t **out, struct problem *);
/*
 * The contact card of the person who made ask need_id, with "need_id"
 * and the ask's own windows ("need_windows"),
 * reduced by privacy_contact: 404 when there is no such ask or it is
 * outside a volunteer's zones, 403 unless v is a coordinator or holds the
 * ask's active claim. 0 with the card in *out and the person's id in
 * *person_id (the card of a volunteer does not carry it), or -1 with p.
 * The caller records the view as for contact_of_person.
 */
int contact_of_need(struct db *, const struct viewer *, int64_t need_id,
    json_t **out, int64_t *person_id, struct problem *);

#endif
