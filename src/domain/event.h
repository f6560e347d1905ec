/*
 * Political education: study groups, talks, films and the classes of a
 * community school, each on a day (and at a time, when one is given),
 * perhaps one of a curriculum's (curriculum.h), with its reading list.
 * Who said they would come and who came are event_people.h's.
 */
#ifndef EVENT_H
#define EVENT_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* "2026-12-10T18:30" and the NUL. */
#define EVENT_DATE_LEN 17

/* The kinds, NULL-ended (FIELD_CHOICE). */
extern const char *const event_kinds[];

/*
 * POST /events. date is a local day, or a day and time ("2026-12-10",
 * "2026-12-10T18:30", seconds dropped); time, a form's separate "18:30",
 * only beside a day alone. curriculum the id of one.
 */
enum event_key {
	EVENT_NAME,
	EVENT_KIND,
	EVENT_DATE,
	EVENT_TIME,
	EVENT_CURRICULUM,
	EVENT__MAX,
};

extern const struct field event_fields[EVENT__MAX + 1];

/* POST /events/:id/materials: a title, and a link (http or https) or a
 * note about the text. */
enum event_material_key {
	EVENT_MATERIAL_TITLE,
	EVENT_MATERIAL_LINK,
	EVENT_MATERIAL_NOTE,
	EVENT_MATERIAL__MAX,
};

extern const struct field event_material_fields[EVENT_MATERIAL__MAX + 1];

/*
 * Make an event from decoded input inside the caller's transaction: 422
 * naming date (neither a day nor a day and time), time (not HH:MM, or
 * beside a date that has one) or curriculum (no such one). 0 and the
 * event as event_find shows it, or -1 with p.
 */
int event_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The event id: {id, name, kind, date, curriculum_id, curriculum_name,
 * created_at, materials: [{id, title, link, note}]}; 404. 0, or -1 with
 * p.
 */
int event_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * Every event, the latest first, at most 500: {items: [{id, name, kind,
 * date, curriculum_id, curriculum_name, attended, rsvps}], total}
 * (attended and rsvps are counts).
 */
int event_list(struct db *, json_t **out, struct problem *);
/*
 * Add a text to event id's reading list: 404; 422 naming link (not http
 * or https). 0 and the row {id, event_id, title, link, note}, or -1 with
 * p.
 */
int event_material_add(struct db *, int64_t id, json_t *in, json_t **out,
    struct problem *);
/* 0 when the event id exists, else -1 with a 404 (or the database's). */
int event_exists(struct db *, int64_t id, struct problem *);

#endif
