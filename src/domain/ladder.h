/*
 * The ladder: each person's stage in the network -- contact,
 * participant, helper, organizer, leader -- computed from what they did,
 * with a dated history of every change and why; and their membership
 * (invited, joined, declined, lapsed), which is theirs and kept apart.
 *
 * A write that can raise a stage calls ladder_touch inside its own
 * transaction, so the stage is never stale and a write that fails leaves
 * no history behind.
 */
#ifndef LADDER_H
#define LADDER_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The stages, lowest first, and the membership statuses; NULL-ended. */
extern const char *const ladder_stages[];
extern const char *const ladder_statuses[];
/* The why codes of a history row, NULL-ended: the record, or override. */
extern const char *const ladder_whys[];

/*
 * SQL for the ladder's readers (the figures, the people listing): the
 * step of the stage x (1 contact … 5 leader, NULL for no stage) as
 * ladder_stages orders them, which the text of the names does not.
 */
#define LADDER_STEP_SQL(x)                                                     \
	"(CASE " x " WHEN 'contact' THEN 1 WHEN 'participant' THEN 2 "         \
	"WHEN 'helper' THEN 3 WHEN 'organizer' THEN 4 WHEN 'leader' THEN 5 "   \
	"END)"
/*
 * The stage a person held before the person_stage row r (an alias), or
 * NULL for their first: read by the index person_stage_before.
 */
#define LADDER_BEFORE_SQL(r)                                                   \
	"(SELECT b.stage FROM person_stage b WHERE b.person_id = " r           \
	".person_id AND b.id < " r ".id ORDER BY b.id DESC LIMIT 1)"

/* POST /people/:id/stage: the stage set by hand, and why. */
enum ladder_key {
	LADDER_STAGE,
	LADDER_WHY,
	LADDER__MAX,
};

extern const struct field ladder_fields[LADDER__MAX + 1];

/* POST /people/:id/membership */
enum ladder_member_key {
	LADDER_MEMBER_STATUS,
	LADDER_MEMBER__MAX,
};

extern const struct field ladder_member_fields[LADDER_MEMBER__MAX + 1];

/*
 * Compute person_id's stage from their records and, when it is above
 * the stage they hold, write the new one into their history (why: the
 * record that raised it), inside the caller's transaction. Nothing is
 * written when it does not rise. 0, or -1 on a database error.
 */
int ladder_touch(struct db *, int64_t person_id);
/* ladder_touch for the person whose login is user_id. */
int ladder_touch_user(struct db *, int64_t user_id);
/*
 * A bulk write of asks (an import) on this thread: between ladder_hold
 * and ladder_release, ladder_touch on db only notes the person, and the
 * release touches each person noted once, inside the same transaction
 * (an ask raises no one past their first; a file of 100,000 asks touched
 * each person four times). ladder_release gives 0, or -1 on a database
 * error; ladder_drop forgets what was noted, for a write rolled back.
 */
void ladder_hold(struct db *);
int ladder_release(struct db *);
void ladder_drop(void);
/*
 * Set person_id's stage by hand (stage, why), by user_id: a history row
 * whatever the stage was. 404; 0, or -1 with p.
 */
int ladder_override(struct db *, int64_t person_id, json_t *in, int64_t user_id,
    struct problem *);
/*
 * Record person_id's membership status (status), by user_id. 404; 409
 * naming status when it is the status they have; 0, or -1 with p.
 */
int ladder_membership(struct db *, int64_t person_id, json_t *in,
    int64_t user_id, struct problem *);
/*
 * Add to out person_id's "stage" (or null), "stage_history" [{stage, at,
 * why, reason, by}], "membership" {status, since} (or null) and
 * "membership_history" [{status, at, by}], newest first. 0, or -1 with p.
 */
int ladder_of_person(struct db *, int64_t person_id, json_t *out,
    struct problem *);

#endif
