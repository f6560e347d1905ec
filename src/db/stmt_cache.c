/* Prepared statements by the address of their SQL: open addressing. */
#include <stdint.h>
#include <stdlib.h>

#include "stmt_cache.h"
#include "util/mem.h"
#include "util/banned.h"

static size_t
stmt_cache_hash(const char *p, size_t mask)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 7) & mask;
}

void *
stmt_cache_get(const struct stmt_cache *c, const char *sql)
{
	size_t i;

	if (c->nslots == 0)
		return NULL;
	i = stmt_cache_hash(sql, c->nslots - 1);
	while (c->slots[i].sql != NULL) {
		if (c->slots[i].sql == sql)
			return c->slots[i].stmt;
		i = (i + 1) & (c->nslots - 1);
	}
	return NULL;
}

static void
stmt_cache_grow(struct stmt_cache *c)
{
	struct stmt_slot *old = c->slots;
	size_t i, n = c->nslots;

	c->nslots = n ? n * 2 : 64;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
	c->used = 0;
	for (i = 0; i < n; i++)
		if (old[i].sql != NULL)
			stmt_cache_put(c, old[i].sql, old[i].stmt);
	free(old);
}

void
stmt_cache_put(struct stmt_cache *c, const char *sql, void *stmt)
{
	size_t i;

	/* At most half full: a miss ends soon at an empty slot. */
	if ((c->used + 1) * 2 > c->nslots)
		stmt_cache_grow(c);
	i = stmt_cache_hash(sql, c->nslots - 1);
	while (c->slots[i].sql != NULL)
		i = (i + 1) & (c->nslots - 1);
	c->slots[i].sql = sql;
	c->slots[i].stmt = stmt;
	c->used++;
}

void
stmt_cache_clear(struct stmt_cache *c, void (*release)(void *))
{
	size_t i;

	for (i = 0; i < c->nslots; i++)
		if (c->slots[i].sql != NULL)
			release(c->slots[i].stmt);
	free(c->slots);
	c->slots = NULL;
	c->nslots = 0;
	c->used = 0;
}
