/*
 * The sets a row keeps in a table of its own: the zones a target touches,
 * the people who share a grievance, the tags of a conversation. One
 * module writes and reads them all, so that "replace the set", "add to
 * it" and "does every id name a row" are written once.
 */
#ifndef LINKS_H
#define LINKS_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

enum links_set {
	LINKS_TARGET_ZONE,        /* target -> zone ids */
	LINKS_GRIEVANCE_ZONE,     /* grievance -> zone ids */
	LINKS_GRIEVANCE_PERSON,   /* grievance -> person ids */
	LINKS_CAMPAIGN_GRIEVANCE, /* campaign -> grievance ids */
	LINKS_CAMPAIGN_SUPPORTER, /* campaign -> person ids */
	LINKS_GRIEVANCE_TAG,      /* grievance -> tags */
	LINKS_NEED_TAG,           /* ask -> tags */
	LINKS_CONVERSATION_TAG,   /* conversation -> tags */
	LINKS__MAX,
};

/*
 * Whether every id of ids (a FIELD_IDS array; NULL or null: none) names a
 * row of what set links to. 0, or -1 with p: a 422 naming field for the
 * first that does not ("err_no_zone", "err_no_person",
 * "err_no_grievance"), or the database's problem. Not for a set of tags.
 */
int links_check(struct db *, enum links_set, json_t *ids, const char *field,
    struct problem *p);

/*
 * Make items (ids, or tags as FIELD_TAGS keeps them; NULL or null: none)
 * the whole set of owner, inside the caller's transaction. 0, or -1 on a
 * database error.
 */
int links_replace(struct db *, enum links_set, int64_t owner, json_t *items);

/* Add items to the set of owner, keeping what is there. 0, or -1. */
int links_add(struct db *, enum links_set, int64_t owner, json_t *items);

/*
 * The set of owner as a new array, ids in ascending order, tags in
 * alphabetical order; NULL on a database error.
 */
json_t *links_list(struct db *, enum links_set, int64_t owner);

#endif
