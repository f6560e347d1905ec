/*
 * The tap counter of a session: meals or households served, counted by
 * whoever works the table, one tap at a time, nobody served named. A tap
 * adds one; an undo takes back the tapper's own last tap, never another
 * phone's. The total is a column of the session, changed with each tap.
 *
 * Taps are written in groups: while one transaction commits, the taps
 * that arrive wait, and the next transaction writes them all and commits
 * them with one sync of the disk. Each tap is still answered only once
 * it is durable, so a rush of phones costs a sync per group, not per
 * tap (docs/scaling.md).
 */
#ifndef TAP_H
#define TAP_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* {"delta": 1} a tap, {"delta": -1} an undo. */
enum tap_key {
	TAP_DELTA,
	TAP__MAX,
};

extern const struct field tap_fields[TAP__MAX + 1];

/*
 * Tap delta (1, or -1 for an undo) at session id as user_id, in a
 * transaction of its own shared with the taps that arrive meanwhile: not
 * inside another. 422 naming delta when it is neither; 404; 409 when
 * the session is cancelled, or for an undo when user_id has no tap of
 * theirs left to take back (err_tap_none). 0 and the new total in
 * *count once committed, or -1 with p, nothing written for this tap.
 */
int tap_add(struct db *, int64_t id, int64_t user_id, int64_t delta,
    int64_t *count, struct problem *);

/*
 * The counter of session id for user_id: {count, mine}, mine the taps
 * user_id may still undo. 404. 0, or -1 with p.
 */
int tap_find(struct db *, int64_t id, int64_t user_id, json_t **out,
    struct problem *);

#endif
