/*
 * Who came to a session and as what: a guest, a helper or the lead. The
 * same person may come as a guest one week and help the next: the
 * person's page lists the sessions they came to, so the first time a
 * guest came back as a helper is there to see.
 */
#ifndef ATTENDANCE_H
#define ATTENDANCE_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The roles, NULL-ended. */
extern const char *const attendance_roles[];

/* Someone known by person_id, or someone new at the door by name. */
enum attendance_key {
	ATTENDANCE_PERSON_ID,
	ATTENDANCE_NAME,
	ATTENDANCE_ROLE,
	ATTENDANCE__MAX,
};

extern const struct field attendance_fields[ATTENDANCE__MAX + 1];

/*
 * Who is signed in, at a session or an event: the person id (a JSON
 * integer), checked, or someone new by name (a JSON string), made a
 * person with that name and nothing else; not both. 422 naming
 * person_id (nobody named, both, or no such person), or as
 * person_create. 0 and *person_id, or -1 with p.
 */
int attendance_who(struct db *, json_t *id, json_t *name, int64_t *person_id,
    struct problem *);
/*
 * Sign someone in at session id: person_id, or name for someone new
 * (made a person with that name and nothing else), not both. 404; 422
 * naming person_id (nobody named, both, or no such person), name or
 * role; 409 when the session is cancelled, or the person is signed in
 * already. 0 and the row {id, session_id, person_id, name, role}, or -1
 * with p.
 */
int attendance_add(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/* Who came to session id, in the order they came: [{id, person_id,
 * name, role, created_at}] (a forgotten person's row has no person_id). */
int attendance_list(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The sessions person_id came to, newest first, at most 100:
 * [{session_id, date, start, program_id, program_name, role}].
 */
int attendance_of_person(struct db *, int64_t person_id, json_t **out,
    struct problem *);

#endif
