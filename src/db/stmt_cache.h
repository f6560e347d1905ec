/*
 * Prepared statements found by the address of their SQL text. Callers
 * pass SQL from static tables, so the address identifies the statement;
 * a cache keyed by text would hash every query on every call. Each
 * backend keeps one per connection, holding what it prepared: SQLite's
 * statement, or the name PostgreSQL's was prepared under.
 */
#ifndef STMT_CACHE_H
#define STMT_CACHE_H

#include <stddef.h>

struct stmt_slot {
	const char *sql;
	void *stmt;
};

struct stmt_cache {
	struct stmt_slot *slots;
	size_t nslots; /* power of two */
	size_t used;
};

/* What was put for sql, or NULL. */
void *stmt_cache_get(const struct stmt_cache *, const char *sql);
/* Keep stmt (not NULL) for sql, which is not in the cache. */
void stmt_cache_put(struct stmt_cache *, const char *sql, void *stmt);
/* Empty the cache, handing every statement to release first. */
void stmt_cache_clear(struct stmt_cache *, void (*release)(void *));

#endif
