/*
 * What a viewer may see of an ask, an offer and a person. The rules are
 * applied to every object and list item before it reaches a view, so the
 * JSON and the HTML of a page carry the same, already reduced, data.
 *
 * The rules:
 *
 * - Coordinators and admins see everything.
 * - Phone, email, address and the details of an ask are shown to nobody
 *   else, except to whoever holds the ask's active claim, and only while
 *   it is active. Organizers triage and create asks, but the issue keeps
 *   the details of asks to coordinators and the claimer, so they do not
 *   see them either. Where contact data would be, a person shows only a
 *   masked phone ("•••• 67") and that an email or address is on file.
 * - Organizers see full names; volunteers see a first name only (the
 *   first word of the name), whether or not they hold the claim: the
 *   phone and the address are what a delivery needs.
 * - Volunteers do not see which person a post belongs to (person_id) nor
 *   why it was closed (a reason may name circumstances), and see only the
 *   asks and offers in their zones (user_zone): elsewhere, as if there
 *   were none.
 * - The details of an offer are what is offered (a ride, a crib), not
 *   about someone's situation, so everyone who sees the offer sees them.
 * - Lists never carry contact data, whoever looks: only one person's page
 *   or one ask does, so that every view of it can be recorded.
 */
#ifndef PRIVACY_H
#define PRIVACY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"

/* Whether v sees everything: contact and details of every ask. */
int	privacy_sees_all(const struct viewer *);
/*
 * The user whose zones bound what v sees (v's own id for a volunteer), or
 * 0 when v is not bound to zones.
 */
int64_t	privacy_zone_user(const struct viewer *);

/*
 * Reduce an ask row to what v may see. The row may carry "claim" (an
 * object or null) and, for one ask, the person's "phone" and "address":
 * they become a "contact" object when allowed and are removed otherwise.
 * Sets "claimed_by_me". Returns 1 when the row now shows a phone number
 * or an address, which the caller must record (privacy_seen), else 0.
 */
int	privacy_need(const struct viewer *, json_t *row);
/* The same over every row of an array. Never reveals contact. */
void	privacy_needs(const struct viewer *, json_t *rows);
/* Reduce an offer row, or every row of an array. */
void	privacy_offer(const struct viewer *, json_t *row);
void	privacy_offers(const struct viewer *, json_t *rows);
/*
 * Reduce one person row (the person's own page). Returns 1 when it still
 * shows a phone number, an email or an address, to be recorded.
 */
int	privacy_person(const struct viewer *, json_t *row);
/* A person in a list or beside a form: name and zone, never contact. */
void	privacy_person_brief(const struct viewer *, json_t *row);
void	privacy_people(const struct viewer *, json_t *rows);

/*
 * Drop the filters of an ask list that would tell v what it may not see:
 * a search in the details (only for those who see all details) and, for
 * volunteers, the person.
 */
void	privacy_need_filters(const struct viewer *, json_t *in);

/* "•••• 67": the last two digits of phone, in out (size outlen). */
void	privacy_mask_phone(const char *phone, char *out, size_t outlen);

/*
 * Record that v was shown the contact data of person_id ("view contact"),
 * in a transaction of its own, or inside the caller's. 0, or -1 when it
 * could not be recorded: the caller must then not show it.
 */
int	privacy_seen(struct db *, const struct viewer *, int64_t person_id);

#endif
