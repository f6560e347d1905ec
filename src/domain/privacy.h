/*
 * What a viewer may see of an ask, an offer and a person. The rules are
 * applied to every object and list item before it reaches a view, so the
 * JSON and the HTML of a page carry the same, already reduced, data.
 *
 * The rules:
 *
 * - Coordinators and admins see everything, but contact data only on
 *   demand (below).
 * - The details of an ask are shown to nobody else, except to whoever
 *   holds the ask's active claim, and only while it is active. Organizers
 *   triage and create asks, but the issue keeps the details of asks to
 *   coordinators and the claimer, so they do not see them either.
 * - Contact data (phone, email, address, and the weekly windows of a
 *   person or an ask, which say when someone is at home) is never part
 *   of a page of an ask or a person, for anyone: they carry a masked
 *   phone ("•••• 67"),
 *   whether an email or an address is on file, and "contact_allowed" for
 *   a viewer who may ask for the contact itself (contact.h): coordinators
 *   for anyone, and the holder of an ask's active claim for its person.
 *   Each such view is recorded (privacy_seen), so the pages themselves
 *   record nothing and may be cached.
 * - Everyone who sees an ask sees whether it is claimed ("claimed");
 *   who holds the claim only organizers and above (who share out the
 *   work) and the holder: a volunteer learns no other volunteer's login.
 * - Only volunteers, and coordinators and admins (who assign asks), may
 *   claim an ask: an organizer triages and does not deliver, and a claim
 *   would show them the details and the contact the rule above keeps from
 *   them. A claim an organizer still holds (from before, or from when they
 *   were a volunteer) shows them nothing either.
 * - Organizers see full names; volunteers see a first name only (the
 *   first word of the name), whether or not they hold the claim: the
 *   phone and the address are what a delivery needs.
 * - Volunteers do not see which person a post belongs to (person_id) nor
 *   why it was closed (a reason may name circumstances), and see only the
 *   asks and offers in their zones (user_zone), and the asks matched to
 *   them (asked.h): elsewhere, as if there were none.
 * - The details of an offer are what is offered (a ride, a crib), not
 *   about someone's situation, so everyone who sees the offer sees them.
 * - Lists never carry contact data, whoever looks, not even masked.
 */
#ifndef PRIVACY_H
#define PRIVACY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/problem.h"

/*
 * Whether v sees everything: the details of every ask and, on demand,
 * anyone's contact.
 */
int privacy_sees_all(const struct viewer *);
/*
 * The user whose zones bound what v sees (v's own id for a volunteer), or
 * 0 when v is not bound to zones.
 */
int64_t privacy_zone_user(const struct viewer *);
/* Whether v may claim an ask (in its zones, for a volunteer). */
int privacy_may_claim(const struct viewer *);

/*
 * Reduce an ask row to what v may see. The row may carry "claim" (an
 * object or null) and, for one ask, the person's "phone" and "address"
 * and the ask's "windows": they become "phone_masked", "address_on_file"
 * and "windows_on_file", whoever looks. Sets
 * "claimed", "claimed_by_me" and "contact_allowed" (privacy_need_contact);
 * below organizer, a claim held by someone else keeps only "claimed_at".
 */
void privacy_need(const struct viewer *, json_t *row);
/* An ask in a list: as privacy_need, never with contact columns. */
void privacy_need_brief(const struct viewer *, json_t *row);
/*
 * Whether v may read the contact of the person an ask row (with its
 * "claim") belongs to: a coordinator, or the holder of its active claim.
 */
int privacy_need_contact(const struct viewer *, json_t *row);
/* Reduce an offer row. */
void privacy_offer(const struct viewer *, json_t *row);
/*
 * Reduce a stock move: who recorded it (user_id, user_login), for
 * organizers and above and the recorder; a volunteer learns no other
 * volunteer's login, as for a claim.
 */
void privacy_stock_move(const struct viewer *, json_t *row);
/*
 * Reduce an event or a curriculum: who said they would come, who came
 * and who completed it (rsvps, attendance, people, completed) are a
 * person's activity, for organizers and above, as a person's page; the
 * counts stay.
 */
void privacy_event_people(const struct viewer *, json_t *row);
/*
 * Reduce one person row (the person's own page): the contact masked for
 * everyone, and "contact_allowed" for those who may read it on demand.
 */
void privacy_person(const struct viewer *, json_t *row);
/*
 * A person as a form shows it to be edited, or as the answer to the write
 * that changed it: coordinators keep the contact data, which they may
 * change; anyone else gets the masked row of privacy_person. Returns 1
 * when it still shows a phone, an email, an address or windows, which the
 * caller must record (privacy_seen), else 0.
 */
int privacy_person_edit(const struct viewer *, json_t *row);
/*
 * Whether v may write the decoded update in to a person on file as row,
 * by the rule of the edit form: coordinators change any contact field
 * (windows too);
 * anyone else only one with nothing on file (the form offers them that
 * field alone), since what they may not read they may not overwrite or
 * clear either. 0, or -1 with p (403) naming the first field refused.
 */
int privacy_person_write(const struct viewer *, json_t *row, json_t *in,
    struct problem *);
/* A person in a list or beside a form: name and zone, never contact. */
void privacy_person_brief(const struct viewer *, json_t *row);

/* One of the rules above that reduce a row to what a viewer may see. */
typedef void (*privacy_rule)(const struct viewer *, json_t *row);
/* Apply rule to every row of the array rows (a list's "items"). */
void privacy_each(const struct viewer *, json_t *rows, privacy_rule rule);
/*
 * Reduce a contact card {person_id, name, phone, email, address,
 * windows, need_windows?} to what
 * v may read. A volunteer (the holder of a claim) gets the first name,
 * the phone and the address, which is what a delivery needs, and neither
 * the email nor the person's id.
 */
void privacy_contact(const struct viewer *, json_t *card);

/*
 * Reduce a stop of a delivery run (run.h), which only its driver and
 * coordinators reach, to what the driver needs: the first name
 * ("first_name", from "person_name"), never the person's id; the ask's
 * details and, on the run sheet (sheet set), the phone and the address
 * only while the stop is "held" (its claim active) and v may hold claims
 * at all: a released or expired claim shows no contact, and a driver
 * made an organizer since sees none. Returns 1 when the row still
 * carries a phone or an address, a view the caller must record
 * (privacy_seen).
 */
int privacy_run_stop(const struct viewer *, json_t *stop, int sheet);

/*
 * Drop the filters of an ask list that would tell v what it may not see:
 * a search in the details (only for those who see all details) and, for
 * volunteers, the person.
 */
void privacy_need_filters(const struct viewer *, json_t *in);
/* Drop the filters of an offer list that the viewer may not use. */
void privacy_offer_filters(const struct viewer *, json_t *in);

/* "•••• 67": the last two digits of phone, in out (size outlen). */
void privacy_mask_phone(const char *phone, char *out, size_t outlen);

/*
 * Record that v was shown the contact data of person_id ("view contact"),
 * in a transaction of its own, or inside the caller's. 0, or -1 when it
 * could not be recorded: the caller must then not show it.
 */
int privacy_seen(struct db *, const struct viewer *, int64_t person_id);
/*
 * Record that v was shown what action names of person_id ("view
 * conversations": what they said), as privacy_seen records contact data.
 * 0, or -1: the caller must then not show it.
 */
int privacy_looked(struct db *, const struct viewer *, const char *action,
    int64_t person_id);
/*
 * Record that v found each person of rows (a list's items) by their phone
 * or email ("search contact"): the list shows no contact, but it tells
 * whose number or address was searched for, which is a look-up of it. In
 * one transaction of its own, as privacy_seen. 0, or -1 when it could not
 * be recorded: the caller must then not show the list.
 */
int privacy_searched(struct db *, const struct viewer *, json_t *rows);

/*
 * People as v may search them (person_list's in: q, filters, limit): by
 * name, and for who sees all also by phone or email, each one so found
 * recorded (privacy_searched); each row brief (name and zone) for v. *out
 * is person_list's answer; *recorded says an entry was written, so the
 * answer must not be cached: a second search would leave none. 0, or -1
 * with p (503 when the search could not be recorded).
 */
int privacy_people(struct db *, const struct viewer *, json_t *in, json_t **out,
    int *recorded, struct problem *);
/*
 * The same people, every one of them (paging set aside), as a cursor on
 * rows_db (person_rows) whose rows the caller makes brief for v
 * (privacy_person_brief). Those a search by phone or email finds are
 * recorded first, on db, as privacy_people records them: read on rows_db
 * (in the snapshot the cursor will read, when it is in a read
 * transaction), ids and names only, which such a search finds few of. 0,
 * or -1 with p (503 when the search could not be recorded).
 */
int privacy_people_rows(struct db *db, struct db *rows_db,
    const struct viewer *, json_t *in, struct db_cursor **out,
    struct problem *);

#endif
