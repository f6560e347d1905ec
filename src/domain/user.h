/*
 * Logins: each belongs to a person and has a role. Passwords are hashed
 * with Argon2id and never kept or logged in the clear.
 */
#ifndef USER_H
#define USER_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "viewer.h"
#include "util/problem.h"
#include "util/secret.h"

/* A change of one's own password. */
enum user_password_key {
	USER_PASSWORD_CURRENT,
	USER_PASSWORD_NEW,
	USER_PASSWORD_KEEP_TOKENS, /* "yes": the API tokens stay valid */
	USER_PASSWORD__MAX,
};

extern const struct field user_password_fields[USER_PASSWORD__MAX + 1];

/*
 * Add a login with a fresh person of that name and a random password,
 * written to password (shown once, then forgotten). Returns the user id,
 * or -1 with p (422 on a taken or bad login).
 */
int64_t user_add(struct db *, const char *login, enum role,
    char password[SECRET_TOKEN_LEN], struct problem *);
/* As user_add, with the password the caller chose (the demo's phrases). */
int64_t user_add_password(struct db *, const char *login, enum role,
    const char *password, struct problem *);
/*
 * Check a login and password; on success fill v and return 0. Fails with
 * -1 alike for an unknown login, a disabled one and a wrong password, and
 * takes as long either way.
 */
int user_authenticate(struct db *, const char *login, const char *password,
    struct viewer *v);
/* Fill v from the user's row; -1 when missing or disabled. */
int user_load(struct db *, int64_t user_id, struct viewer *v);
/* Every login: id, login, role, disabled, person_id, zones. */
json_t *user_list(struct db *);
/* 0, or -1 when there is no such login. */
int user_set_role(struct db *, const char *login, enum role);
int user_disable(struct db *, const char *login);
/* Let a volunteer see the asks of a zone. 0, or -1 with p. */
int user_add_zone(struct db *, const char *login, int64_t zone_id,
    struct problem *);
/*
 * Change who's own password after checking the current one (422 when
 * wrong). Whoever else is signed in with the old one is signed out: every
 * other session of the login ends (who's own, if who came by one, goes
 * on), and its API tokens are revoked unless in asks to keep them.
 * 0, or -1 with p.
 */
int user_change_password(struct db *, const struct viewer *who, json_t *in,
    struct problem *);
/*
 * The login's row without its hash (id, person_id, login, role, disabled)
 * in *row, owned by the caller: 1, or 0 when there is none, -1 on error.
 */
int user_find(struct db *, const char *login, json_t **row);
/*
 * Give a login a new random password, written to password (shown once),
 * for someone who has forgotten theirs; every session of the login ends.
 * Returns the user id, or -1 with p (404 for an unknown login).
 */
int64_t user_reset_password(struct db *, const char *login,
    char password[SECRET_TOKEN_LEN], struct problem *);
/* How many admins can sign in. */
int64_t user_admins(struct db *);

#endif
