/*
 * Fixed-window rate limits kept in the database, so a restart does not
 * lift a lockout: sign-in attempts per address and per login, changes of
 * password per address and per login, public forms per address.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <stdint.h>

#include "db/db.h"

/*
 * Count one attempt under key. Returns 0 when it is allowed (at most
 * limit attempts in window seconds), else the seconds until the window
 * ends, for Retry-After.
 */
int64_t ratelimit_hit(struct db *, const char *key, int64_t limit,
    int64_t window);

/*
 * Count a sign-in attempt for login (NULL when none was given) from the
 * address ip, before it is judged. Ten failures a minute from one
 * address (a success gives its count back: ratelimit_login_ok); and
 * once ten were made for one login in a minute, only an address that has
 * made none for it since its last success may still try (once), so that
 * whoever guesses at a login locks out themselves, never its owner
 * elsewhere. 0 when allowed, else the seconds to wait.
 */
int64_t ratelimit_login(struct db *, const char *login, const char *ip);
/*
 * A sign-in as login from ip succeeded: that address's attempts for the
 * login are forgotten, and the success no longer counts against the
 * address or the login. 0, or -1 on a database error.
 */
int ratelimit_login_ok(struct db *, const char *login, const char *ip);
/*
 * Count an attempt by the signed-in login to change its password (each
 * checks the current one): ten a minute per address, shared with
 * sign-in, and ten per login. 0, or the seconds to wait.
 */
int64_t ratelimit_password(struct db *, const char *login, const char *ip);
/* Count a post of a public form from ip: ten an hour. 0, or the wait. */
int64_t ratelimit_form(struct db *, const char *ip);
/* Forget every counter that names login. 0, or -1 on a database error. */
int ratelimit_forget(struct db *, const char *login);

#endif
