/*
 * A program's session: one occurrence, with its local date and times,
 * its status (scheduled, held, or cancelled with a reason), its notes and
 * its education component (what was read, shown or discussed; what
 * materials went out). One-off sessions are added here; moves and
 * cancellations are one session at a time.
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "util/problem.h"

/* The statuses, NULL-ended. */
extern const char *const session_statuses[];

/* A one-off session, or a move: {date, start, end}; notes with a new one. */
enum session_when_key {
	SESSION_WHEN_DATE,
	SESSION_WHEN_START,
	SESSION_WHEN_END,
	SESSION_WHEN_NOTES,
	SESSION_WHEN__MAX,
};

extern const struct field session_when_fields[SESSION_WHEN__MAX + 1];

/* What the table writes: notes, education, materials; held or not. */
enum session_key {
	SESSION_NOTES,
	SESSION_EDUCATION,
	SESSION_MATERIALS,
	SESSION_STATUS,
	SESSION__MAX,
};

extern const struct field session_fields[SESSION__MAX + 1];

enum session_cancel_key {
	SESSION_CANCEL_REASON,
	SESSION_CANCEL__MAX,
};

extern const struct field session_cancel_fields[SESSION_CANCEL__MAX + 1];

/*
 * The session id: {id, program_id, program_name, kind, zone_name,
 * address, date, start, end, starts_at, status, cancel_reason, notes,
 * education, materials, served, one_off}; 404; served is the tap
 * counter's total (tap.h). 0, or -1 with p.
 */
int session_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * session_find, and whether the session has shifts in *has_shifts (1 or
 * 0), in the same read: its page asks for its shifts only when it has
 * some, a round trip fewer on PostgreSQL.
 */
int session_find_shifts(struct db *, int64_t id, json_t **out, int *has_shifts,
    struct problem *);
/*
 * Add a one-off session to program id (session_when_fields): 404, 422
 * naming date, start or end (end not after start). 0 and the session,
 * or -1 with p.
 */
int session_add(struct db *, int64_t program_id, json_t *in, json_t **out,
    struct problem *);
/*
 * Write the notes, education and materials of in, and its status
 * (scheduled or held), noted in note: 404; 409 naming status when a
 * cancelled session is said held; a cancelled one said scheduled is
 * reinstated and loses its reason. 0 and the session, or -1 with p.
 */
int session_update(struct db *, int64_t id, json_t *in, struct audit_note *note,
    json_t **out, struct problem *);
/*
 * Move the scheduled session id to the date and times of in: 404, 409
 * when it is not scheduled, 422 as session_add. 0 and the session.
 */
int session_move(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/* Cancel the scheduled session id, with in's reason: 404, 409. */
int session_cancel(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);

#endif
