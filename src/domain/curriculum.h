/*
 * Curricula: a course that spans several events (a six-week community
 * school). Who completed one is read from attendance, never stored: a
 * person completed it when they came to every one of its events.
 */
#ifndef CURRICULUM_H
#define CURRICULUM_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

enum curriculum_key {
	CURRICULUM_NAME,
	CURRICULUM_DESCRIPTION,
	CURRICULUM__MAX,
};

extern const struct field curriculum_fields[CURRICULUM__MAX + 1];

/* Make a curriculum from decoded input: 0 and it as curriculum_find
 * shows it, or -1 with p. */
int curriculum_create(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * The curriculum id: {id, name, description, created_at, events: [{id,
 * name, kind, date, attended}] in order, people: [{person_id, name,
 * attended}] (everyone who came to any of them, by name), completed:
 * [the same, those who came to all of them]}; 404. With a curriculum of
 * no events nobody completed it. 0, or -1 with p.
 */
int curriculum_find(struct db *, int64_t id, json_t **out, struct problem *);
/* Every curriculum, by name, at most 500: {items: [{id, name,
 * description, events}], total} (events a count). */
int curriculum_list(struct db *, json_t **out, struct problem *);

#endif
