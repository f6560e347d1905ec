/*
 * A cache of whole GET responses, exact rather than timed: every entry
 * keeps the tables (and zones) its page read and when (change.h), and a
 * committed write of any of them, from this process or another, makes it
 * stale, so a hit is always what the handler would answer now; a write
 * elsewhere (another table, another zone's asks) leaves it be.
 * A page that tells the time in words ("3 minutes ago") is true for a
 * while only: it also expires when its words would change (resp->fresh).
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db/change.h"
#include "http/request.h"

/* Room for a key: longer targets are never cached. */
#define CACHE_KEY_LEN 512

/* Largest body kept; bigger pages are always rendered. */
#define CACHE_BODY_MAX (256 * 1024)

/*
 * Build the key of req into key (size keylen): the target, the format and
 * the language, and who is asking. Returns 0, or -1 when req must not be
 * cached (not a GET, or too long).
 */
int cache_key(const struct request *req, char *key, size_t keylen);
/*
 * Fill resp from the entry for key, unless what it read has changed or
 * it expired by now (seconds on a monotonic clock, clock_mono). 1 on a
 * hit, else 0.
 */
int cache_get(const char *key, long now, struct response *resp);
/*
 * Keep resp for key, a page that read reads from stamp on, when it is a
 * 200 with no cookie to set, until resp->fresh seconds after now if it
 * says so.
 */
void cache_put(const char *key, uint64_t stamp, const struct change_set *reads,
    long now, const struct response *resp);
/* Drop every entry (tests, shutdown). */
void cache_clear(void);
/*
 * Off (serve --no-cache): every lookup misses and nothing is kept, so
 * that a measure sees the handlers and the database alone.
 */
void cache_enable(int on);
/* The lookups made so far, and how many of them hit. */
void cache_counts(uint64_t *lookups, uint64_t *hits);

#endif
