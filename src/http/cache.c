/* The response cache: a fixed table of slots, each with its own lock. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "util/mem.h"
#include "util/banned.h"

/* Slots holding about CACHE_BUDGET bytes of bodies (checked per slot,
 * so racing puts may overshoot by a page or two). */
#define CACHE_SLOTS   4096 /* power of two; sparse, so few collide */
#define CACHE_BUDGET  (8 * 1024 * 1024)
#define CACHE_KEY_MAX CACHE_KEY_LEN

struct slot {
	pthread_mutex_t lock;
	char key[CACHE_KEY_MAX];
	/* What the page read, as of when (change.h). */
	struct change_set reads;
	uint64_t stamp;
	long expires; /* clock_mono seconds; 0: never */
	int status;
	const char *content_type; /* always a string literal */
	char *body;
	size_t len;
};

static atomic_size_t cache_bytes;
static atomic_int cache_off;
/* Relaxed: a count for a report, ordering nothing. */
static atomic_uint_fast64_t cache_lookups, cache_hits;

static struct slot slots[CACHE_SLOTS] = {
	[0 ... CACHE_SLOTS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

static size_t
cache_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	/*
	 * FNV's low bits mix poorly: keys that differ in one digit of a
	 * query string landed in the same few slots. Take the top bits of
	 * a multiplicative mix instead.
	 */
	h ^= h >> 29;
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 52) % CACHE_SLOTS;
}

int
cache_key(const struct request *req, char *key, size_t keylen)
{
	int w;

	/*
	 * Pages differ by who looks (masking, zones) and carry the session's
	 * form token, so the key names the session or the token's user;
	 * anonymous pages carry a per-client token and are not kept.
	 */
	if ((req->method != METHOD_GET && req->method != METHOD_HEAD) ||
	    req->viewer.role == ROLE_NONE)
		return -1;
	w = snprintf(key, keylen, "%c%s %c%lld %s", req->want_json ? 'J' : 'H',
	    req->lang, req->viewer.by_token ? 't' : 's',
	    (long long)(req->viewer.by_token ? req->viewer.user_id
					     : req->viewer.session_id),
	    req->target);
	if (w < 0 || (size_t)w >= keylen || (size_t)w >= CACHE_KEY_MAX)
		return -1;
	return 0;
}

int
cache_get(const char *key, long now, struct response *resp)
{
	struct slot *s = &slots[cache_hash(key)];
	int hit = 0;

	atomic_fetch_add_explicit(&cache_lookups, 1, memory_order_relaxed);
	if (atomic_load_explicit(&cache_off, memory_order_relaxed))
		return 0;
	pthread_mutex_lock(&s->lock);
	if (s->body != NULL && (s->expires == 0 || now < s->expires) &&
	    strcmp(s->key, key) == 0 && change_unchanged(&s->reads, s->stamp)) {
		resp->status = s->status;
		resp->content_type = s->content_type;
		buf_add(&resp->body, s->body, s->len);
		hit = 1;
	}
	pthread_mutex_unlock(&s->lock);
	if (hit)
		atomic_fetch_add_explicit(&cache_hits, 1, memory_order_relaxed);
	return hit;
}

void
cache_put(const char *key, uint64_t stamp, const struct change_set *reads,
    long now, const struct response *resp)
{
	struct slot *s;
	size_t i;

	if (atomic_load_explicit(&cache_off, memory_order_relaxed) ||
	    resp->status != 200 || resp->static_body != NULL || resp->nocache ||
	    resp->body.len > CACHE_BODY_MAX || strlen(key) >= CACHE_KEY_MAX)
		return;
	for (i = 0; i < resp->nheaders; i++)
		if (strcmp(resp->headers[i].name, "Set-Cookie") == 0)
			return;
	s = &slots[cache_hash(key)];
	pthread_mutex_lock(&s->lock);
	/* Over budget: keep what is there rather than grow. */
	if (atomic_load(&cache_bytes) - (s->body ? s->len : 0) +
		resp->body.len >
	    CACHE_BUDGET) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	if (s->body != NULL)
		atomic_fetch_sub(&cache_bytes, s->len);
	atomic_fetch_add(&cache_bytes, resp->body.len);
	free(s->body);
	memcpy(s->key, key, strlen(key) + 1);
	s->reads = *reads;
	s->stamp = stamp;
	s->expires = resp->fresh > 0 ? now + resp->fresh : 0;
	s->status = resp->status;
	s->content_type = resp->content_type;
	s->body = xmalloc(resp->body.len ? resp->body.len : 1);
	memcpy(s->body, resp->body.ptr, resp->body.len);
	s->len = resp->body.len;
	pthread_mutex_unlock(&s->lock);
}

void
cache_clear(void)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		pthread_mutex_lock(&slots[i].lock);
		if (slots[i].body != NULL)
			atomic_fetch_sub(&cache_bytes, slots[i].len);
		free(slots[i].body);
		slots[i].body = NULL;
		pthread_mutex_unlock(&slots[i].lock);
	}
}

void
cache_enable(int on)
{
	atomic_store(&cache_off, !on);
}

void
cache_counts(uint64_t *lookups, uint64_t *hits)
{
	*lookups = atomic_load_explicit(&cache_lookups, memory_order_relaxed);
	*hits = atomic_load_explicit(&cache_hits, memory_order_relaxed);
}
