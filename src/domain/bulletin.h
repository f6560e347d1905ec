/*
 * The bulletin: an issue composed from what happened since the last one
 * (campaign wins and actions, programs' sessions of the next two weeks,
 * each fund's money in and out, how many joined), which a coordinator
 * edits and publishes. Its text names nobody: campaigns, programs,
 * funds, dates, places and counts only. A published issue is kept as it
 * was published, readable by anyone when it is public, and its digest
 * goes once by text to the people who asked for it.
 */
#ifndef BULLETIN_H
#define BULLETIN_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "audit.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"

/* How far ahead an issue lists the programs' sessions, in days. */
#define BULLETIN_AHEAD_DAYS 14
/* The longest digest by text, in characters: two messages' worth. */
#define BULLETIN_SMS_MAX 320
/* The most lines a section is composed with; more are counted. */
#define BULLETIN_LINES_MAX 30

/* What an edit may change: the title and each section's text. */
enum bulletin_key {
	BULLETIN_TITLE,
	BULLETIN_WINS,
	BULLETIN_ACTIONS,
	BULLETIN_SESSIONS,
	BULLETIN_FUNDS,
	BULLETIN_MEMBERS,
	BULLETIN__MAX,
};

extern const struct field bulletin_fields[BULLETIN__MAX + 1];

/* A new issue: its title. */
enum bulletin_new_key {
	BULLETIN_NEW_TITLE,
	BULLETIN_NEW__MAX,
};

extern const struct field bulletin_new_fields[BULLETIN_NEW__MAX + 1];

/* Publishing: whether anyone may read it, without an account. */
enum bulletin_publish_key {
	BULLETIN_PUBLISH_PUBLIC,
	BULLETIN_PUBLISH__MAX,
};

extern const struct field bulletin_publish_fields[BULLETIN_PUBLISH__MAX + 1];

/*
 * Compose a draft titled as in says, in lang ("en" or "es"), inside the
 * caller's transaction: its period runs from the end of the last
 * published issue's (or the network's first day, when its first login
 * was made) to now, and its sections are written from the records of
 * that period. 0 and the issue as bulletin_find shows it, or -1 with p.
 */
int bulletin_compose(struct db *, json_t *in, const char *lang, json_t **out,
    struct problem *);
/*
 * The issue id as v may read it: {id, number, title, language, status,
 * public, period_from, period_to, sections: [{key, text}], counts: {wins,
 * actions, sessions, members}, created_at, updated_at, published_at,
 * sms_at, sms_queued}, and published_by (a login) for organizers and
 * above. A draft is 404 below an organizer, an issue that is not public
 * 404 without an account, as if there were none. 0, or -1 with p.
 */
int bulletin_find(struct db *, const struct viewer *, int64_t id, json_t **out,
    struct problem *);
/*
 * The issues v may read, newest first: {items: [{id, number, title,
 * status, public, period_from, period_to, published_at}], total}.
 */
int bulletin_list(struct db *, const struct viewer *, json_t **out,
    struct problem *);
/*
 * Change the title and sections of in (a partial update; a section sent
 * empty is left empty), noted in note: 404; 409 (err_bulletin_published)
 * once published. 0 and the issue, or -1 with p.
 */
int bulletin_update(struct db *, const struct viewer *, int64_t id, json_t *in,
    struct audit_note *, json_t **out, struct problem *);
/*
 * Publish the draft id by v, public as in says (absent: not public),
 * numbered after the last published one: 404; 409 when it is published
 * already. 0 and the issue, or -1 with p.
 */
int bulletin_publish(struct db *, const struct viewer *, int64_t id, json_t *in,
    json_t **out, struct problem *);
/* Throw away the draft id: 404; 409 once published. 0, or -1 with p. */
int bulletin_delete(struct db *, int64_t id, struct problem *);
/*
 * Queue the digest of the published issue id (at most BULLETIN_SMS_MAX
 * characters, in each reader's language, else the issue's) to everyone
 * who asked for it and has a phone, through the first gateway, and
 * record that it went and to how many (a number opted out is skipped by
 * the outbox). 404; 409 for a draft (err_bulletin_draft), a digest sent
 * already (err_bulletin_sms_sent) or no gateway (err_bulletin_no_gateway).
 * 0 and the issue, or -1 with p.
 */
int bulletin_sms(struct db *, const struct viewer *, int64_t id, json_t **out,
    struct problem *);

#endif
