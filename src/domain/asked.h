/*
 * What a volunteer is asked to take: the asks a coordinator matched to
 * them (match.h), which they see on their dashboard and on the ask's
 * page, with the claim button, until one of them claims it or the match
 * ends.
 */
#ifndef ASKED_H
#define ASKED_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"

/*
 * The open or matched asks currently matched to user_id that nobody has
 * claimed, newest match first, as rows of asks (id, category, details,
 * urgency, zone_id, zone_name, status, person_name, created_at, claim
 * null) for privacy_need_brief, into *out. 0, or -1 with p.
 */
int asked_list(struct db *, int64_t user_id, json_t **out, struct problem *);
/*
 * Whether ask need_id is currently matched to user_id: 1 or 0, or -1
 * with p.
 */
int asked_of(struct db *, int64_t need_id, int64_t user_id, struct problem *);

#endif
