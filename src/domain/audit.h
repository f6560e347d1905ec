/*
 * The audit trail: who did what, when, from where. Every write and every
 * view of a phone number or an address leaves an entry; entries name
 * records by id and never copy the personal data itself.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* The filters and paging of the audit trail's list. */
enum audit_list_key {
	AUDIT_LIST_USER_ID,
	AUDIT_LIST_ACTION,
	AUDIT_LIST_LIMIT,
	AUDIT_LIST_OFFSET,
	AUDIT_LIST__MAX,
};

extern const struct field audit_list_fields[AUDIT_LIST__MAX + 1];

/* Record one entry; entity may be NULL and entity_id 0. 0 or -1. */
int audit_log(struct db *, const struct viewer *, const char *action,
    const char *entity, int64_t entity_id);
/* Newest first; filters: user_id, action; paging. */
int audit_list(struct db *, json_t *in, json_t **out, struct problem *);

#endif
