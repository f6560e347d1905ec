/*
 * The audit trail: who did what, when, from where. Every write and every
 * view of a phone number or an address leaves an entry; entries name
 * records by id and never copy the personal data itself.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "status.h"
#include "viewer.h"
#include "util/problem.h"

/* The filters and paging of the audit trail's list. */
enum audit_list_key {
	AUDIT_LIST_USER_ID,
	AUDIT_LIST_ACTION,
	AUDIT_LIST_LIMIT,
	AUDIT_LIST_OFFSET,
	AUDIT_LIST__MAX,
};

extern const struct field audit_list_fields[AUDIT_LIST__MAX + 1];

/*
 * Every action the trail records, by its stable id, NULL-ended: pages
 * show each in words, from the catalog id audit_do_ID ('.' and ' ' as
 * '_'), which test_i18n checks for. An id not listed is shown as stored.
 */
extern const char *const audit_actions[];
/* The kinds of record entries name, for audit_entity_KIND, NULL-ended. */
extern const char *const audit_entities[];

/*
 * What a write changed, for the change column of its entry. It holds no
 * text, so nobody can put a name, a phone number or the details of an ask
 * in it: a status move is two enum values, changed fields are bits of a
 * declared field table, and audit_note_text turns them into the status
 * names and the field NAMES (never their values). A note all zero
 * records no change (a move from a status to itself is none).
 */
struct audit_note {
	enum status from, to;       /* a status move, or equal */
	const struct field *fields; /* the table the bits of changed index */
	uint64_t changed;           /* bit k: fields[k] changed */
};

/* Note a move between the statuses named from and to. */
void audit_note_move(struct audit_note *, const char *from, const char *to);
/*
 * Note which of fields (at most 64) in has that differ from before:
 * those in is given, and with another value than before has.
 */
void audit_note_fields(struct audit_note *, const struct field *fields,
    json_t *before, json_t *in);
/* The change as JSON text, or NULL for a note of nothing: malloc'd. */
char *audit_note_text(const struct audit_note *);

/*
 * Record one entry; entity may be NULL, entity_id 0 and note NULL. action
 * is a stable id ("need.status", "view contact"): pages show it in words.
 * 0 or -1.
 */
int audit_log(struct db *, const struct viewer *, const char *action,
    const char *entity, int64_t entity_id);
int audit_log_note(struct db *, const struct viewer *, const char *action,
    const char *entity, int64_t entity_id, const struct audit_note *);
/*
 * audit_log for each of ids (n of them) in turn, the same action on the
 * same kind of entity, as a statement per MULTIROW_MAX entries
 * (db/multirow.h): for a batch of writes. 0 or -1.
 */
int audit_log_many(struct db *, const struct viewer *, const char *action,
    const char *entity, const int64_t *ids, size_t n);
/*
 * Newest first; filters: user_id, action; paging. Each entry's change is
 * an object ({"from","to"} or {"fields":[…]}) or null.
 */
int audit_list(struct db *, json_t *in, json_t **out, struct problem *);

#endif
