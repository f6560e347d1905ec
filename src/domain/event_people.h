/*
 * Who said they would come to an event (an RSVP) and who came. Coming
 * is a step on a person's path: event_people_attend is the one write of
 * it, where the ladder is to be recomputed in the same transaction.
 */
#ifndef EVENT_PEOPLE_H
#define EVENT_PEOPLE_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* Someone known by person_id, or someone new at the door by name. */
enum event_people_key {
	EVENT_PEOPLE_PERSON_ID,
	EVENT_PEOPLE_NAME,
	EVENT_PEOPLE__MAX,
};

extern const struct field event_people_fields[EVENT_PEOPLE__MAX + 1];

/*
 * Sign someone in at event id, inside the caller's transaction:
 * person_id, or name for someone new (attendance_who). 404; 422 naming
 * person_id or name; 409 naming person_id when they are signed in
 * already. 0 and the row {id, event_id, person_id, name, created_at},
 * or -1 with p.
 */
int event_people_attend(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/* The same for an RSVP: someone who said they would come. */
int event_people_rsvp(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/*
 * Who said they would come to event id and who came, each in the order
 * recorded: {rsvps: [{id, person_id, name, created_at}], attendance:
 * [the same]} (a forgotten person's attendance has no person_id). 0, or
 * -1 with p.
 */
int event_people_list(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The events person_id came to, the latest first, at most 100:
 * [{event_id, name, kind, date}]. 0, or -1 with p.
 */
int event_people_of_person(struct db *, int64_t person_id, json_t **out,
    struct problem *);

#endif
