/*
 * A session's shifts: the helpers it needs (a cook, two at the table,
 * one at intake), who signed up to be one, and what is still short. The
 * last place of a shift goes to one person only: the count of places
 * taken is raised by a guarded update the database refuses past the
 * number needed, so two people after it at once get one 201 and one 409.
 */
#ifndef SHIFT_H
#define SHIFT_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* How many helpers one shift may ask for. */
#define SHIFT_NEEDED_MAX 100

/* A new shift: its name (free text: cook, table, …) and helpers needed. */
enum shift_key {
	SHIFT_NAME,
	SHIFT_NEEDED,
	SHIFT__MAX,
};

extern const struct field shift_fields[SHIFT__MAX + 1];

/* Who signs up or cancels: person_id, or the viewer's own person. */
enum shift_who_key {
	SHIFT_WHO_PERSON_ID,
	SHIFT_WHO__MAX,
};

extern const struct field shift_who_fields[SHIFT_WHO__MAX + 1];

/*
 * Add a shift to session id: 404; 409 when the session is cancelled or
 * held; 422 naming name or needed. 0 and the shift {id, session_id, name,
 * needed, taken, short}, or -1 with p.
 */
int shift_add(struct db *, int64_t session_id, json_t *in, json_t **out,
    struct problem *);
/* The shift id as shift_add returns it; 404. 0, or -1 with p. */
int shift_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The shift in (decoded shift_fields) at every scheduled session of
 * program_id from the day from on, in one statement, inside the caller's
 * transaction: the number made, or -1 (the database's error).
 */
int64_t shift_add_all(struct db *, int64_t program_id, const char *from,
    json_t *in);
/*
 * Sign person_id up for shift id: 404; 422 naming person_id when there
 * is no such person; 409 naming person_id when they are signed up
 * already, 409 when the session is not scheduled, or when the shift is
 * full (err_shift_full). 0 and {id, shift_id, session_id, person_id,
 * name}, or -1 with p.
 */
int shift_signup(struct db *, int64_t id, int64_t person_id, json_t **out,
    struct problem *);
/*
 * Take person_id off shift id and free the place: 404; 409 naming
 * person_id when they are not on it. 0 and the shift, or -1 with p.
 */
int shift_cancel(struct db *, int64_t id, int64_t person_id, json_t **out,
    struct problem *);
/*
 * The shifts of session id, in the order they were added: [{id, name,
 * needed, taken, short, people: [{person_id, name}]}] (a purged sign-up
 * has no person_id). 0, or -1 with p.
 */
int shift_of_session(struct db *, int64_t session_id, json_t **out,
    struct problem *);
/*
 * The roster of the days from first to last (local dates, inclusive):
 * every session not cancelled, in time order, [{id, program_id,
 * program_name, date, start, end, status, shifts: as shift_of_session}].
 * 0, or -1 with p.
 */
int shift_roster(struct db *, const char *first, const char *last, json_t **out,
    struct problem *);
/*
 * The sessions from first to last, scheduled, in time order: [{id,
 * program_id, program_name, date, start, end, needed, taken, short}]
 * (short: the places still open on all its shifts); with understaffed
 * only those short of helpers. 0, or -1 with p.
 */
int shift_sessions(struct db *, const char *first, const char *last,
    int understaffed, json_t **out, struct problem *);

#endif
