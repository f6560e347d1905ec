/*
 * Conversations: a one-on-one or an organic contact, logged to learn what
 * people face, who is responsible and how each person stands. What was
 * raised, the assessment and the next step describe the person: only
 * organizers and above read them, and each look is recorded
 * (conversation_seen).
 */
#ifndef CONVERSATION_H
#define CONVERSATION_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/*
 * A new conversation's input. The person is person_id, or else a new
 * person of name (a first name is enough), or else the ask's person
 * (need_id); the target is target_id, or else target_name, found however
 * it is typed or made with target_kind. zone_id defaults to the person's,
 * at to now.
 */
enum conversation_key {
	CONVERSATION_PERSON_ID,
	CONVERSATION_NAME,
	CONVERSATION_NEED_ID,
	CONVERSATION_ZONE_ID,
	CONVERSATION_AT,
	CONVERSATION_HOW,
	CONVERSATION_PROBLEMS,
	CONVERSATION_TAGS,
	CONVERSATION_TARGET_ID,
	CONVERSATION_TARGET_NAME,
	CONVERSATION_TARGET_KIND,
	CONVERSATION_GRIEVANCE_ID,
	CONVERSATION_ASSESSMENT,
	CONVERSATION_NEXT_STEP,
	CONVERSATION_NEXT_AT,
	CONVERSATION__MAX,
};

/* The list's filters (a tag as it is written or kept), then paging. */
enum conversation_list_key {
	CONVERSATION_LIST_PERSON_ID,
	CONVERSATION_LIST_TARGET_ID,
	CONVERSATION_LIST_ZONE_ID,
	CONVERSATION_LIST_NEED_ID,
	CONVERSATION_LIST_TAG,
	CONVERSATION_LIST_LIMIT,
	CONVERSATION_LIST_OFFSET,
	CONVERSATION_LIST__MAX,
};

/* door, session, phone, text, other. */
extern const char *const conversation_hows[];
extern const struct field conversation_fields[CONVERSATION__MAX + 1];
extern const struct field conversation_list_fields[CONVERSATION_LIST__MAX + 1];

/*
 * Log a conversation held by user_id (0: none), inside the caller's
 * transaction; a new person or target it names is made in the same one.
 * 0 and the conversation as conversation_find has it, or -1 with p: 422
 * naming the field (a date not YYYY-MM-DD, a reference to no row, no
 * person at all: person_id).
 */
int conversation_create(struct db *, json_t *in, int64_t user_id, json_t **out,
    struct problem *);
/*
 * Conversation id with the names it points to (person_name, zone_name,
 * target_name, grievance_title, user_login) and its tags. 0 and *out, or
 * -1 with p (404).
 */
int conversation_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * The list object of conversations, newest first, as the filters say:
 * who, when, how, where, the target and the tags; never what was raised,
 * the assessment or the next step. 422 naming tag for one that is no
 * tag.
 */
int conversation_list(struct db *, json_t *in, json_t **out, struct problem *);
/*
 * Person id's latest conversations (at most limit), whole, notes and
 * assessments included, as an array into *out. 0, or -1 with p.
 */
int conversation_of_person(struct db *, int64_t person_id, int64_t limit,
    json_t **out, struct problem *);
/*
 * Record in the audit trail that v is shown person id's conversations
 * ("view conversations"), as privacy_looked does. 0, or -1: then show
 * none of them.
 */
int conversation_seen(struct db *, const struct viewer *v, int64_t person_id);

#endif
