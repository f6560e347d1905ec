/*
 * Programs: recurring services (a free store, a breakfast for children, a
 * strike kitchen, a clinic, a distribution), their place, their weekly
 * schedule in the network's time zone and who leads them; and the
 * sessions generated from the schedule, 8 weeks ahead and kept rolling
 * (program_roll, from the server's sweep). One session at a time is
 * session.h's.
 */
#ifndef PROGRAM_H
#define PROGRAM_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "util/problem.h"

/* How far ahead sessions are generated, in days. */
#define PROGRAM_AHEAD_DAYS 56
/* The most slots a week. */
#define PROGRAM_SLOTS_MAX 21
/* The most sessions one list answers with. */
#define PROGRAM_SESSIONS_MAX 200

/* The kinds, NULL-ended (FIELD_CHOICE). */
extern const char *const program_kinds[];

enum program_key {
	PROGRAM_NAME,
	PROGRAM_KIND,
	PROGRAM_ZONE_ID,
	PROGRAM_ADDRESS,
	PROGRAM_SCHEDULE,
	PROGRAM_LEAD_PERSON_ID,
	PROGRAM_STARTS_ON,
	PROGRAM__MAX,
};

extern const struct field program_fields[PROGRAM__MAX + 1];

/* GET /programs/:id/sessions: from a local date (default today). */
enum program_sessions_key {
	PROGRAM_SESSIONS_FROM,
	PROGRAM_SESSIONS__MAX,
};

extern const struct field program_sessions_fields[PROGRAM_SESSIONS__MAX + 1];

/*
 * Make a program from decoded input inside the caller's transaction, and
 * its sessions from today (the network's local date) or starts_on: 422
 * naming zone_id or lead_person_id (no such row) or starts_on (not a
 * date). 0 and the program as program_find shows it, or -1 with p.
 */
int program_create(struct db *, json_t *in, const char *today, json_t **out,
    struct problem *);
/*
 * Change the fields of in (a partial update: null clears an optional
 * one), noted in note. A new schedule or starts_on replaces the sessions
 * to come that nobody touched (still scheduled where they were planned,
 * with no notes and nobody signed in) and generates anew. 404, 422 as
 * above. 0 and the program, or -1 with p.
 */
int program_update(struct db *, int64_t id, json_t *in, const char *today,
    struct audit_note *, json_t **out, struct problem *);
/*
 * The program id: {id, name, kind, zone_id, zone_name, address,
 * schedule: [{weekday, start, end}], schedule_text, lead_person_id,
 * lead_name, starts_on, created_at, updated_at}; 404. 0, or -1 with p.
 */
int program_find(struct db *, int64_t id, json_t **out, struct problem *);
/* Every program, by name: {items: [{id, name, kind, zone_name,
 * schedule_text, next_date, next_start}], total}. */
int program_list(struct db *, const char *today, json_t **out,
    struct problem *);
/*
 * The sessions of program id from the local date from, in order, at most
 * PROGRAM_SESSIONS_MAX: {items: [{id, date, start, end, status,
 * starts_at, cancel_reason}], total}; 404. 0, or -1 with p.
 */
int program_sessions(struct db *, int64_t id, const char *from, json_t **out,
    struct problem *);
/*
 * Generate the sessions program id lacks up to PROGRAM_AHEAD_DAYS after
 * today (or after its starts_on, when later), inside the caller's
 * transaction: a slot's session that exists, moved or cancelled, is not
 * made again. The number made, or -1 (the database's error).
 */
int64_t program_generate(struct db *, int64_t id, const char *today);
/*
 * Keep every program's sessions PROGRAM_AHEAD_DAYS ahead of today, in
 * one transaction: the server's sweep. The number made in *made. 0, or
 * -1 (the database's error).
 */
int program_roll(struct db *, const char *today, int64_t *made);
/* The form's choices: {zones: [{id, name}], leads: [{id, name}]}. */
int program_options(struct db *, json_t **out, struct problem *);
/* The slots of a schedule's text as [{weekday, start, end}]: new. */
json_t *program_slots(const char *schedule);
/* 0 when the program id exists, else -1 with a 404 (or the database's). */
int program_exists(struct db *, int64_t id, struct problem *);

#endif
