/*
 * Fixed-window rate limits kept in the database, so a restart does not
 * lift a lockout: sign-in attempts per address and per login, public
 * forms per address.
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
int64_t	ratelimit_hit(struct db *, const char *key, int64_t limit,
	    int64_t window);

#endif
