/*
 * SMS gateways: where the network's texts come in from and go out
 * through. A gateway posts each text it receives to /sms/inbound/SECRET
 * (a secret in the path, because many gateways cannot set a header), and
 * takes ours at its send URL: a form post (To, Body) for a generic
 * gateway, or SMS Gateway for Android's JSON message.
 */
#ifndef SMS_GATEWAY_H
#define SMS_GATEWAY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "util/problem.h"
#include "util/secret.h"

#define SMS_GATEWAY_NAME_MAX 60
#define SMS_GATEWAY_URL_MAX  500

/* The kinds, as stored: "form", "android"; NULL-ended. */
extern const char *const sms_gateway_kinds[];

/*
 * Add a gateway; its secret into secret (shown once: only its hash is
 * kept). country: the default country (phone.h) of numbers it sends
 * without one. 0 and *id, or -1 with p: 409 for a name taken, 422 for a
 * kind, name, URL or country that is none.
 */
int sms_gateway_add(struct db *, const char *name, const char *kind,
    const char *send_url, const char *country, int64_t *id,
    char secret[SECRET_TOKEN_LEN], struct problem *);

/* Every gateway (id, name, kind, country, has_send_url, created_at). */
json_t *sms_gateway_list(struct db *);

/* How many gateways there are, or -1 on a database error. */
int64_t sms_gateway_count(struct db *);

/*
 * Remove the gateway called name; its texts stay, gateway-less (a queued
 * one then fails: nothing can send it). 0, or -1 with p (404).
 */
int sms_gateway_remove(struct db *, const char *name, struct problem *);

/*
 * The gateway whose inbound secret is secret, into *row (id, name, kind,
 * country). 1, 0 for none, -1 on a database error.
 */
int sms_gateway_by_secret(struct db *, const char *secret, json_t **row);

/*
 * The result of one post to a gateway: taken, worth trying again (no
 * answer, 408, 429, 5xx), or refused for good (any other answer: the post
 * itself is wrong, and would be again).
 */
enum sms_post {
	SMS_POST_TAKEN,
	SMS_POST_RETRY,
	SMS_POST_REFUSED,
};

/*
 * Post body to phone (E.164) through the gateway of the given kind at
 * url, waiting at most SMS_GATEWAY_TIMEOUT seconds; why it failed into
 * err. Only http and https, no redirects followed.
 */
#define SMS_GATEWAY_TIMEOUT 10
enum sms_post sms_gateway_post(const char *kind, const char *url,
    const char *phone, const char *body, char *err, size_t errlen);

#endif
