/* The response cache: a fixed table of buckets of slots, each bucket with its
 * own lock. */
#include <lz4.h>
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
#define CACHE_SLOTS   4096 /* power of two */
#define CACHE_BUDGET  (8 * 1024 * 1024)
#define CACHE_KEY_MAX CACHE_KEY_LEN
/*
 * A key may be kept in any of the CACHE_WAYS slots of its bucket. With
 * one slot a key (as before), a day's 1,920 list pages in 4,096 slots
 * shared a slot with another list page a third of the time, and of two
 * pages read as often only one was ever kept: the mix's lists alone
 * found 79% of their pages here. With eight, some ten of the 1,920 find
 * their bucket full (with four, sixty).
 */
#define CACHE_WAYS    8
#define CACHE_BUCKETS (CACHE_SLOTS / CACHE_WAYS)
/* Slots the clock hand passes at most to make room for one page. */
#define CACHE_SWEEP 256
/*
 * Keys recently refused a place (their hashes, one a cell): a page takes
 * the place of a live one only if it was refused once lately, so that
 * the asks read by id once each do not push out the lists read again and
 * again. A power of two.
 */
#define CACHE_DOOR 16384
/*
 * Bodies are kept compressed (LZ4) from this size up, when that saves a
 * quarter or more. A day's list pages are some 2,000 of 13 KB on average
 * (25 MB): as they are, the budget held a third of them, and the mix of
 * bench/mix.lua found 31% of its pages here; compressed five to seven to
 * one, they all fit. A page of 50 asks (24 KB of JSON, 28 KB of HTML)
 * takes 11 and 30 us to compress, a tenth to a quarter of making it, and
 * 5 us to expand on a hit (docs/scaling.md).
 */
#define CACHE_PACK_MIN 1024

/*
 * Which pages stay: a day's traffic reads a few thousand list pages
 * again and again, and a hundred thousand asks by id once each. Each
 * entry has a second chance (CLOCK): a page read from the cache since
 * the hand last passed, or since a newcomer last wanted its slot, stays;
 * a page read once, or stale, goes. Without it each ask read by id took
 * the slot of a list page, and the lists were hardly ever found.
 */

struct slot {
	char key[CACHE_KEY_MAX];
	/* What the page read, as of when (change.h). */
	struct change_set reads;
	uint64_t stamp;
	long expires; /* clock_mono seconds; 0: never */
	int status;
	const char *content_type; /* always a string literal */
	char *body;
	size_t len;     /* of body as kept, what the budget counts */
	size_t plain;   /* of the page; len when body is kept as it is */
	int referenced; /* read since its second chance was last given */
};

struct bucket {
	pthread_mutex_t lock;
	uint64_t hash[CACHE_WAYS]; /* of each way's key, compared first */
	struct slot way[CACHE_WAYS];
};

static atomic_size_t cache_bytes;
static atomic_size_t cache_hand;
static atomic_int cache_off;
/* Relaxed: a count for a report, ordering nothing. */
static atomic_uint_fast64_t cache_lookups, cache_hits;
/* Relaxed: a hint; a lost update only delays a page by one request. */
static atomic_uint_fast64_t cache_door[CACHE_DOOR];

static struct bucket buckets[CACHE_BUCKETS] = {
	[0 ... CACHE_BUCKETS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

static uint64_t
cache_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	/*
	 * FNV's low bits mix poorly: keys that differ in one digit of a
	 * query string landed in the same few slots. Mix, and take the top
	 * bits for the bucket (cache_bucket).
	 */
	h ^= h >> 29;
	return h * 0x9E3779B97F4A7C15ULL;
}

static struct bucket *
cache_bucket(uint64_t hash)
{
	return &buckets[(hash >> 52) % CACHE_BUCKETS];
}

/* The slot of b (locked) holding key, or NULL. */
static struct slot *
cache_find(struct bucket *b, uint64_t hash, const char *key)
{
	size_t i;

	for (i = 0; i < CACHE_WAYS; i++)
		if (b->hash[i] == hash && b->way[i].body != NULL &&
		    strcmp(b->way[i].key, key) == 0)
			return &b->way[i];
	return NULL;
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

/* Whether s (locked) holds a page that may still be served at now. */
static int
cache_live(const struct slot *s, long now)
{
	return s->body != NULL && (s->expires == 0 || now < s->expires) &&
	    change_unchanged(&s->reads, s->stamp);
}

/* Empty s (locked). */
static void
cache_drop(struct slot *s)
{
	if (s->body != NULL)
		atomic_fetch_sub(&cache_bytes, s->len);
	free(s->body);
	s->body = NULL;
	s->referenced = 0;
}

/* The page of s (locked) added to out. 0, or -1 if it cannot be read. */
static int
cache_unpack(const struct slot *s, struct buf *out)
{
	int n;

	if (s->plain == s->len) {
		buf_add(out, s->body, s->len);
		return 0;
	}
	buf_grow(out, s->plain);
	n = LZ4_decompress_safe(s->body, out->ptr + out->len, (int)s->len,
	    (int)s->plain);
	if (n < 0 || (size_t)n != s->plain)
		return -1;
	out->len += s->plain;
	out->ptr[out->len] = '\0';
	return 0;
}

/*
 * Where a thread compresses, kept from page to page. A block of the
 * page's bound cut down to its kept size (a fifth of it) left the rest
 * free just after a body kept for long, between the requests' short
 * lived blocks: 3 to 4 MB of the workers' heap held free through the mix
 * (malloc_stats), which this gives back.
 */
static __thread struct {
	char *ptr;
	size_t size;
} scratch;
/* Frees a thread's scratch when it ends (the server's workers at stop). */
static pthread_key_t scratch_key;
static pthread_once_t scratch_key_once = PTHREAD_ONCE_INIT;

static void
cache_scratch_key(void)
{
	pthread_key_create(&scratch_key, free);
}

/* The thread's scratch, at least size bytes. */
static char *
cache_scratch(size_t size)
{
	if (size > scratch.size) {
		free(scratch.ptr);
		scratch.ptr = xmalloc(size);
		scratch.size = size;
		pthread_once(&scratch_key_once, cache_scratch_key);
		pthread_setspecific(scratch_key, scratch.ptr);
	}
	return scratch.ptr;
}

/*
 * What to keep of body (len bytes): compressed into a new block when that
 * saves a quarter, else a copy. Its length in *kept.
 */
static char *
cache_pack(const char *body, size_t len, size_t *kept)
{
	const char *from = body;
	char *out;
	int bound, n;

	if (len >= CACHE_PACK_MIN) {
		bound = LZ4_compressBound((int)len);
		out = cache_scratch((size_t)bound);
		n = LZ4_compress_default(body, out, (int)len, bound);
		if (n > 0 && (size_t)n <= len - len / 4) {
			from = out;
			len = (size_t)n;
		}
	}
	out = xmalloc(len ? len : 1);
	memcpy(out, from, len);
	*kept = len;
	return out;
}

int
cache_get(const char *key, long now, struct response *resp)
{
	uint64_t h = cache_hash(key);
	struct bucket *b = cache_bucket(h);
	struct slot *s;
	int hit = 0;

	atomic_fetch_add_explicit(&cache_lookups, 1, memory_order_relaxed);
	if (atomic_load_explicit(&cache_off, memory_order_relaxed))
		return 0;
	pthread_mutex_lock(&b->lock);
	s = cache_find(b, h, key);
	if (s != NULL && cache_live(s, now) &&
	    cache_unpack(s, &resp->body) == 0) {
		resp->status = s->status;
		resp->content_type = s->content_type;
		s->referenced = 1;
		hit = 1;
	}
	pthread_mutex_unlock(&b->lock);
	if (hit)
		atomic_fetch_add_explicit(&cache_hits, 1, memory_order_relaxed);
	return hit;
}

/*
 * Make room for need more bytes, passing at most CACHE_SWEEP slots: each
 * stale or unreferenced page goes, each referenced one loses its mark.
 * A bucket another thread holds is passed by (mine among them). Whether
 * there is room now.
 */
static int
cache_room(size_t need, long now)
{
	struct bucket *b;
	struct slot *s;
	size_t i, at;

	for (i = 0;
	     i < CACHE_SWEEP && atomic_load(&cache_bytes) + need > CACHE_BUDGET;
	     i++) {
		at = atomic_fetch_add(&cache_hand, 1) % CACHE_SLOTS;
		b = &buckets[at / CACHE_WAYS];
		s = &b->way[at % CACHE_WAYS];
		if (pthread_mutex_trylock(&b->lock) != 0)
			continue;
		if (s->body != NULL && s->referenced && cache_live(s, now))
			s->referenced = 0;
		else
			cache_drop(s);
		pthread_mutex_unlock(&b->lock);
	}
	return atomic_load(&cache_bytes) + need <= CACHE_BUDGET;
}

/*
 * Whether the key of hash was refused a place lately; if not, it is noted
 * as refused now.
 */
static int
cache_refused_before(uint64_t hash)
{
	atomic_uint_fast64_t *cell = &cache_door[(hash >> 30) % CACHE_DOOR];

	if (atomic_load_explicit(cell, memory_order_relaxed) == hash)
		return 1;
	atomic_store_explicit(cell, hash, memory_order_relaxed);
	return 0;
}

/*
 * The slot of b (locked) for a new page of key: its own, an empty or
 * stale one, else one not read since its second chance, if key was
 * refused lately. NULL: every page there stays (each read lately loses
 * its mark, so that the next newcomer may take its place).
 */
static struct slot *
cache_victim(struct bucket *b, uint64_t hash, const char *key, long now)
{
	struct slot *s = cache_find(b, hash, key), *idle = NULL;
	size_t i;

	if (s != NULL)
		return s;
	for (i = 0; i < CACHE_WAYS; i++) {
		s = &b->way[i];
		if (s->body == NULL || !cache_live(s, now))
			return s;
		if (!s->referenced && idle == NULL)
			idle = s;
	}
	if (idle != NULL && cache_refused_before(hash))
		return idle;
	if (idle == NULL) {
		cache_refused_before(hash);
		for (i = 0; i < CACHE_WAYS; i++)
			b->way[i].referenced = 0;
	}
	return NULL;
}

void
cache_put(const char *key, uint64_t stamp, const struct change_set *reads,
    long now, const struct response *resp)
{
	uint64_t h;
	struct bucket *b;
	struct slot *s;
	size_t i, kept;
	char *body;

	if (atomic_load_explicit(&cache_off, memory_order_relaxed) ||
	    resp->status != 200 || resp->static_body != NULL || resp->nocache ||
	    resp->body.len > CACHE_BODY_MAX || strlen(key) >= CACHE_KEY_MAX)
		return;
	for (i = 0; i < resp->nheaders; i++)
		if (strcmp(resp->headers[i].name, "Set-Cookie") == 0)
			return;
	/* Outside the bucket's lock: readers of the bucket need not wait. */
	body = cache_pack(resp->body.ptr, resp->body.len, &kept);
	h = cache_hash(key);
	b = cache_bucket(h);
	pthread_mutex_lock(&b->lock);
	s = cache_victim(b, h, key, now);
	if (s == NULL) {
		pthread_mutex_unlock(&b->lock);
		free(body);
		return;
	}
	cache_drop(s);
	if (!cache_room(kept, now)) {
		pthread_mutex_unlock(&b->lock);
		free(body);
		return;
	}
	atomic_fetch_add(&cache_bytes, kept);
	b->hash[s - b->way] = h;
	memcpy(s->key, key, strlen(key) + 1);
	s->reads = *reads;
	s->stamp = stamp;
	s->expires = resp->fresh > 0 ? now + resp->fresh : 0;
	s->status = resp->status;
	s->content_type = resp->content_type;
	s->body = body;
	s->len = kept;
	s->plain = resp->body.len;
	s->referenced = 0;
	pthread_mutex_unlock(&b->lock);
}

void
cache_clear(void)
{
	size_t i, k;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		pthread_mutex_lock(&buckets[i].lock);
		for (k = 0; k < CACHE_WAYS; k++)
			cache_drop(&buckets[i].way[k]);
		pthread_mutex_unlock(&buckets[i].lock);
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
