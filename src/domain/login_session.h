/*
 * Sign-in sessions and API tokens. The client holds a 256-bit random
 * token; the database holds only its hash. Sessions end after an idle time
 * and an absolute time; a new token is made at every sign-in.
 */
#ifndef LOGIN_SESSION_H
#define LOGIN_SESSION_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "viewer.h"
#include "util/secret.h"

/* Seconds without a request, and seconds since sign-in, a session lives. */
#define LOGIN_SESSION_IDLE     (12 * 3600)
#define LOGIN_SESSION_ABSOLUTE (7 * 24 * 3600)

/* Start a session for user_id: token and csrf are filled. 0 or -1. */
int login_session_create(struct db *, int64_t user_id,
    char token[SECRET_TOKEN_LEN], char csrf[SECRET_TOKEN_LEN]);
/*
 * The viewer of a live session with this token: 0 and v filled, or -1
 * (unknown, expired or the user disabled).
 */
int login_session_lookup(struct db *, const char *token, struct viewer *v);
/* End the session with this token (sign-out). */
int login_session_revoke(struct db *, const char *token);
/*
 * End every session of user_id but the one with id keep (0: all of them).
 * 0, or -1 on a database error.
 */
int login_session_end_all(struct db *, int64_t user_id, int64_t keep);

/* A new API token for user_id with a label; written to token once. */
int64_t token_add(struct db *, int64_t user_id, const char *label,
    char token[SECRET_TOKEN_LEN]);
/* Revoke token id; when user_id is not 0 it must be theirs. 0 or -1. */
int token_revoke(struct db *, int64_t id, int64_t user_id);
/* Revoke every API token of user_id. 0, or -1 on a database error. */
int token_revoke_all(struct db *, int64_t user_id);
/* The viewer an API token speaks for: 0, or -1 when unknown or revoked. */
int token_lookup(struct db *, const char *token, struct viewer *v);
/* A user's tokens (never the tokens themselves): id, label, dates. */
json_t *token_list(struct db *, int64_t user_id);

#endif
