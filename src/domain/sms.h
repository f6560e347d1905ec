/*
 * Texts (SMS): a neighbour's text makes an ask by a few numbered
 * replies, in English or Spanish, or goes to the history of the ask they
 * already have open; replies wait in an outbox that a sender posts to the
 * gateway (sms_gateway.h), trying again with a growing wait; a number
 * that answers STOP, ALTO or BAJA is never texted again.
 */
#ifndef SMS_H
#define SMS_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The longest text taken: ten concatenated parts, in characters. */
#define SMS_BODY_MAX 1600
/* Zones listed in one numbered reply: single digits, 0 for the next. */
#define SMS_ZONES_PAGE 8
/* A conversation with no reply for this long is dropped (the sweep). */
#define SMS_THREAD_HOURS 24

/* A text as a gateway posted it: strings borrowed from the post. */
struct sms_text {
	const char *from;
	const char *body;
};

/*
 * Read a gateway's post, decoded (a form's fields, or JSON): a form (or
 * JSON) with From and Body, or SMS Gateway for Android's webhook
 * {"event":"sms:received","payload":{"phoneNumber","message"}}. 1 and
 * *t; 0 for another of the gateway's events (sms:sent…), which asks
 * nothing of us; -1 with p (422 naming the field missing or too long).
 */
int sms_read(json_t *raw, struct sms_text *t, struct problem *p);

/*
 * The language a text is written in, "es" or "en": the one more of its
 * words belong to (common words of a request for help, none in both), an
 * accent or ñ counting for Spanish; English when neither wins.
 */
const char *sms_language(const char *body);

/*
 * Take a text that came through gateway (a row of sms_gateway_by_secret),
 * inside the caller's transaction: the sender's number made E.164 with
 * the gateway's country, the text kept, and what it asks done. *out
 * {"id": the text's, "done": "optout" | "optin" | "history" | "question"
 * | "ask", "need_id"?}. 0, or -1 with p (422 for a number that is none).
 */
int sms_receive(struct db *, json_t *gateway, const struct sms_text *t,
    json_t **out, struct problem *p);

/*
 * Put a text to phone in the outbox, due now, unless the number opted
 * out. 1 queued, 0 opted out, -1 on a database error.
 */
int sms_queue(struct db *, int64_t gateway_id, const char *phone,
    const char *body, int64_t person_id, int64_t need_id);

enum sms_list_key {
	SMS_LIST_DIRECTION,
	SMS_LIST_STATUS,
	SMS_LIST_LIMIT,
	SMS_LIST_OFFSET,
	SMS_LIST__MAX,
};

extern const struct field sms_list_fields[SMS_LIST__MAX + 1];
extern const char *const sms_directions[];
extern const char *const sms_statuses[];

/*
 * The texts, newest first, filtered; each number shown as its last four
 * digits only, and the counts of the outbox by status ("counts").
 */
int sms_list(struct db *, json_t *in, json_t **out, struct problem *p);

/* The texts about an ask, oldest first, without their numbers. */
int sms_of_need(struct db *, int64_t need_id, json_t **out, struct problem *p);

/*
 * How the sender tries again: the first wait in seconds, doubled after
 * each failure up to an hour, and the attempts before a text fails.
 */
#define SMS_RETRY_DEFAULT    30
#define SMS_RETRY_MAX        3600
#define SMS_ATTEMPTS_DEFAULT 8
#define SMS_ATTEMPTS_MAX     20
void sms_setup(int first_wait, int attempts);

/*
 * Send the texts that are due, each taken first so that two senders
 * never both post it. *sent: how many the gateways took. 0, or -1 on a
 * database error.
 */
int sms_deliver(struct db *, int64_t *sent);

/* Drop the conversations idle for SMS_THREAD_HOURS. 0, or -1. */
int sms_expire(struct db *, int64_t *n);

#endif
