/* JSON values from a request's arena: see arena.h. */
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "arena.h"
#include "mem.h"
#include "banned.h"

/* Bytes a chunk holds: a page of a few hundred rows takes a handful. */
#define ARENA_CHUNK (64 * 1024)
/* Larger values come from malloc: a chunk is for the many small ones. */
#define ARENA_BIG (4 * 1024)
/* Chunks a thread keeps between requests: 1 MB. */
#define ARENA_KEEP 16
/*
 * Chunks one request may cut from: 8 MB. A value freed in a request is
 * only given back at its end, so a handler that makes and drops values
 * row by row over a long list would otherwise hold them all; past this
 * its values come from malloc and go back one by one again.
 */
#define ARENA_MAX 128

/*
 * Every value jansson is given starts after a head that says where it
 * came from, so that freeing it needs no search: the head of a value
 * from malloc is what malloc returned.
 */
enum {
	ARENA_HEAP = 0x68656170,
	ARENA_CUT = 0x63757421
};

struct arena_head {
	uint32_t tag;
	uint32_t unused;
	size_t size;
};

struct arena_chunk {
	struct arena_chunk *next;
	size_t unused; /* keeps data as aligned as malloc's */
	unsigned char data[ARENA_CHUNK];
};

_Static_assert(sizeof(struct arena_head) == 16, "a head keeps alignment");
_Static_assert(sizeof(struct arena_chunk) == 16 + ARENA_CHUNK,
    "a chunk's data keeps alignment");

static __thread struct {
	int on;
	struct arena_chunk *first; /* the chunks, in the order they are cut */
	struct arena_chunk *cur;   /* the chunk being cut, NULL before any */
	size_t used;               /* bytes of cur already cut */
	int nchunks;
} arena;

static int arena_installed;
/* Frees a thread's chunks when it ends (the server's workers at stop). */
static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;

static void
arena_chunks_free(void *first)
{
	struct arena_chunk *c, *next;

	for (c = first; c != NULL; c = next) {
		next = c->next;
		ASAN_UNPOISON_MEMORY_REGION(c->data, sizeof(c->data));
		free(c);
	}
}

static void
arena_key_init(void)
{
	pthread_key_create(&arena_key, arena_chunks_free);
}

static void *
arena_heap(size_t n)
{
	struct arena_head *h = xmalloc(sizeof(*h) + n);

	h->tag = ARENA_HEAP;
	h->size = n;
	return h + 1;
}

/* The chunk to cut need bytes from, or NULL when the request has its fill. */
static struct arena_chunk *
arena_room(size_t need)
{
	if (arena.cur != NULL && arena.used + need <= ARENA_CHUNK)
		return arena.cur;
	if (arena.cur == NULL) {
		if (arena.first == NULL) {
			arena.first = xmalloc(sizeof(*arena.first));
			arena.first->next = NULL;
			arena.nchunks = 1;
			pthread_once(&arena_key_once, arena_key_init);
			pthread_setspecific(arena_key, arena.first);
		}
		arena.cur = arena.first;
	} else if (arena.cur->next != NULL)
		arena.cur = arena.cur->next;
	else {
		if (arena.nchunks >= ARENA_MAX)
			return NULL;
		arena.cur->next = xmalloc(sizeof(*arena.cur));
		arena.cur = arena.cur->next;
		arena.cur->next = NULL;
		arena.nchunks++;
	}
	arena.used = 0;
	return arena.cur;
}

/* What a value of n bytes takes of a chunk, its head with it. */
static size_t
arena_need(size_t n)
{
	return sizeof(struct arena_head) + ((n + 15) & ~(size_t)15);
}

static void *
arena_malloc(size_t n)
{
	size_t need = arena_need(n);
	struct arena_chunk *c;
	struct arena_head *h;

	if (!arena.on || n > ARENA_BIG || (c = arena_room(need)) == NULL)
		return arena_heap(n);
	h = (struct arena_head *)(c->data + arena.used);
	ASAN_UNPOISON_MEMORY_REGION(h, need);
	arena.used += need;
	h->tag = ARENA_CUT;
	h->size = n;
	return h + 1;
}

static void
arena_free(void *p)
{
	struct arena_head *h;

	if (p == NULL)
		return;
	h = (struct arena_head *)p - 1;
	if (h->tag == ARENA_HEAP) {
		free(h);
		return;
	}
	if (h->tag != ARENA_CUT)
		abort();
	/*
	 * Given back with the rest at arena_end; until then, untouchable,
	 * to its last byte: the sanitizer leaves a granule it is given only
	 * part of readable.
	 */
	ASAN_POISON_MEMORY_REGION(h, arena_need(h->size));
}

void
arena_init(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
	arena_installed = 1;
}

void
arena_begin(void)
{
	arena.on = 1;
	arena.cur = NULL;
	arena.used = 0;
}

void
arena_end(void)
{
	struct arena_chunk *c;
	int kept = 1;

	arena.on = 0;
	arena.cur = NULL;
	arena.used = 0;
	if (arena.first == NULL)
		return;
	for (c = arena.first; c->next != NULL && kept < ARENA_KEEP; c = c->next)
		kept++;
	arena_chunks_free(c->next);
	c->next = NULL;
	arena.nchunks = kept;
	/* What the next request has not cut, nobody may read. */
	for (c = arena.first; c != NULL; c = c->next)
		ASAN_POISON_MEMORY_REGION(c->data, sizeof(c->data));
}

void
arena_json_free(void *p)
{
	if (arena_installed)
		arena_free(p);
	else
		free(p);
}
