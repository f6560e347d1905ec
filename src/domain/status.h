/*
 * The life of an ask or an offer: open -> matched -> fulfilled, matched ->
 * open when what was arranged falls through, and open or matched ->
 * closed with a reason. Anything else is a conflict.
 */
#ifndef STATUS_H
#define STATUS_H

#include <jansson.h>

#include "field.h"
#include "util/problem.h"

enum status {
	STATUS_OPEN,
	STATUS_MATCHED,
	STATUS_FULFILLED,
	STATUS_CLOSED,
	STATUS__MAX,
};

/* The status names, NULL-ended, in enum order (for FIELD_CHOICE). */
extern const char *const status_names[];
/* The input of a status change: {status, reason?}. */
enum status_key {
	STATUS_KEY_STATUS,
	STATUS_KEY_REASON,
	STATUS_KEY__MAX,
};

extern const struct field status_fields[STATUS_KEY__MAX + 1];

/* The status named s, or STATUS__MAX. */
enum status status_parse(const char *s);
/*
 * Check the change from the status named from to the one in in (decoded
 * with status_fields). Returns 0, or -1 with a 409 (not allowed) or a 422
 * (closing without a reason).
 */
int status_check(const char *from, json_t *in, struct problem *);

/* The statuses reachable from the one named from, as [{"status":…}]. */
json_t *status_moves(const char *from);

#endif
