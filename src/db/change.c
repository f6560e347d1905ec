/* What changed: tables by bit, the zoned tables also by zone. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "change.h"
#include "util/mem.h"
#include "util/banned.h"

/* Zones share these buckets: two zones in one only cost misses. */
#define CHANGE_BUCKETS 256
/* And the parts of zones these: a zone's dozen categories, for 400. */
#define CHANGE_PART_BUCKETS 4096
/* Marks of ours remembered; a longer run unseen is a flush. */
#define CHANGE_MARKS 1024

/*
 * Each of their rows has a zone_id, and a statement run in a zone's scope
 * touches that zone's rows only (db_zone_scope).
 */
static const char *const change_zoned_tables[] = { "need", "need_tally", NULL };

static pthread_mutex_t change_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *change_names[CHANGE_TABLES];
static unsigned change_ntables;
static atomic_int change_zoned_bits[2] = { -1, -1 };

static atomic_uint_fast64_t change_clock = 1;
static atomic_uint_fast64_t change_floor;
/* When a table last changed at all, and last changed beyond one zone. */
static atomic_uint_fast64_t change_any[CHANGE_TABLES];
static atomic_uint_fast64_t change_whole[CHANGE_TABLES];
/*
 * Likewise a zone's rows: when they last changed at all, and beyond one
 * part; and when a part of a zone last did.
 */
static atomic_uint_fast64_t change_zone[CHANGE_BUCKETS];
static atomic_uint_fast64_t change_zone_whole[CHANGE_BUCKETS];
static atomic_uint_fast64_t change_parts[CHANGE_PART_BUCKETS];
static atomic_int_fast64_t change_marks[CHANGE_MARKS];

/*
 * The bit of a table, given one the first time it is seen. Called when a
 * statement is prepared (rarely: statements are kept), under the lock.
 */
static int
change_bit(const char *table)
{
	unsigned i;
	int bit;

	pthread_mutex_lock(&change_lock);
	for (i = 0; i < change_ntables; i++)
		if (strcmp(change_names[i], table) == 0)
			break;
	if (i == change_ntables && i < CHANGE_TABLES) {
		/* Kept as long as the process: tables are few and named
		 * by the program. */
		change_names[i] = xstrdup(table);
		change_ntables++;
	}
	bit = i < CHANGE_TABLES ? (int)i : CHANGE_TABLES - 1;
	for (i = 0; change_zoned_tables[i] != NULL; i++)
		if (strcmp(change_zoned_tables[i], table) == 0)
			change_zoned_bits[i] = bit;
	pthread_mutex_unlock(&change_lock);
	return bit;
}

static int
change_has(const struct change_set *s, int bit)
{
	return bit >= 0 && (s->tables[bit / 64] >> (bit % 64) & 1) != 0;
}

static void
change_set_bit(struct change_set *s, int bit, int on)
{
	uint64_t m = (uint64_t)1 << (bit % 64);

	if (bit < 0)
		return;
	if (on)
		s->tables[bit / 64] |= m;
	else
		s->tables[bit / 64] &= ~m;
}

void
change_clear(struct change_set *s)
{
	memset(s, 0, sizeof(*s));
}

int
change_empty(const struct change_set *s)
{
	size_t i;

	for (i = 0; i < CHANGE_TABLES / 64; i++)
		if (s->tables[i] != 0)
			return 0;
	return s->nzones == 0 && !s->every;
}

void
change_add_table(struct change_set *s, const char *table)
{
	change_set_bit(s, change_bit(table), 1);
}

void
change_forget_table(struct change_set *s, const char *table)
{
	change_set_bit(s, change_bit(table), 0);
}

uint32_t
change_part(const char *text)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *text != '\0'; text++)
		h = (h ^ (unsigned char)*text) * 16777619u;
	return h != 0 ? h : 1;
}

/*
 * Add scope to s's zones; two parts of one zone are all of it, and too
 * many zones are every zone's rows.
 */
static void
change_add_zone(struct change_set *s, struct change_scope scope)
{
	unsigned i;

	for (i = 0; i < s->nzones; i++)
		if (s->zones[i].zone == scope.zone) {
			if (s->zones[i].part != scope.part)
				s->zones[i].part = 0;
			return;
		}
	if (s->nzones < CHANGE_ZONES) {
		s->zones[s->nzones++] = scope;
		return;
	}
	for (i = 0; i < 2; i++)
		change_set_bit(s, change_zoned_bits[i], 1);
}

void
change_add(struct change_set *s, const struct change_set *from)
{
	unsigned i;

	for (i = 0; i < CHANGE_TABLES / 64; i++)
		s->tables[i] |= from->tables[i];
	for (i = 0; i < from->nzones; i++)
		change_add_zone(s, from->zones[i]);
	s->every |= from->every;
}

void
change_add_zoned(struct change_set *s, const struct change_set *from,
    struct change_scope scope)
{
	struct change_set rest = *from;
	int zoned = 0;
	unsigned i;

	if (scope.zone > 0)
		for (i = 0; i < 2; i++) {
			if (!change_has(&rest, change_zoned_bits[i]))
				continue;
			change_set_bit(&rest, change_zoned_bits[i], 0);
			zoned = 1;
		}
	change_add(s, &rest);
	if (zoned)
		change_add_zone(s, scope);
}

/* The bucket of a zone's part. */
static size_t
change_part_bucket(struct change_scope scope)
{
	uint64_t h = (uint64_t)scope.zone * 0x9E3779B97F4A7C15ULL ^ scope.part;

	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 52) %
	    CHANGE_PART_BUCKETS;
}

uint64_t
change_now(void)
{
	return atomic_load(&change_clock);
}

/*
 * The clock ticks before the marks are set, so a reader stamped at the
 * new time has read after the commit (published only once visible) and
 * one stamped earlier finds a mark later than its stamp.
 */
void
change_publish(const struct change_set *s)
{
	uint64_t t;
	unsigned i, w;
	int bit;

	if (change_empty(s))
		return;
	t = atomic_fetch_add(&change_clock, 1) + 1;
	if (s->every) {
		atomic_store(&change_floor, t);
		return;
	}
	for (w = 0; w < CHANGE_TABLES / 64; w++)
		for (bit = 0; bit < 64; bit++)
			if (s->tables[w] >> bit & 1) {
				atomic_store(&change_any[w * 64 + bit], t);
				atomic_store(&change_whole[w * 64 + bit], t);
			}
	for (i = 0; i < s->nzones; i++) {
		size_t b = (uint64_t)s->zones[i].zone % CHANGE_BUCKETS;

		atomic_store(&change_zone[b], t);
		if (s->zones[i].part == 0)
			atomic_store(&change_zone_whole[b], t);
		else
			atomic_store(
			    &change_parts[change_part_bucket(s->zones[i])], t);
	}
	if (s->nzones > 0)
		for (i = 0; i < 2; i++)
			if (change_zoned_bits[i] >= 0)
				atomic_store(&change_any[change_zoned_bits[i]],
				    t);
}

void
change_flush(void)
{
	atomic_store(&change_floor, atomic_fetch_add(&change_clock, 1) + 1);
}

int
change_unchanged(const struct change_set *read, uint64_t stamp)
{
	unsigned i, w;
	int bit;

	if (read->every || atomic_load(&change_floor) > stamp)
		return 0;
	for (w = 0; w < CHANGE_TABLES / 64; w++)
		for (bit = 0; bit < 64; bit++)
			if ((read->tables[w] >> bit & 1) &&
			    atomic_load(&change_any[w * 64 + bit]) > stamp)
				return 0;
	if (read->nzones == 0)
		return 1;
	for (i = 0; i < 2; i++)
		if (change_zoned_bits[i] >= 0 &&
		    atomic_load(&change_whole[change_zoned_bits[i]]) > stamp)
			return 0;
	for (i = 0; i < read->nzones; i++) {
		size_t b = (uint64_t)read->zones[i].zone % CHANGE_BUCKETS;

		if (read->zones[i].part == 0) {
			if (atomic_load(&change_zone[b]) > stamp)
				return 0;
		} else if (atomic_load(&change_zone_whole[b]) > stamp ||
		    atomic_load(
			&change_parts[change_part_bucket(read->zones[i])]) >
			stamp)
			return 0;
	}
	return 1;
}

void
change_mine(int64_t mark)
{
	atomic_store(&change_marks[(uint64_t)mark % CHANGE_MARKS], mark);
}

void
change_unmine(int64_t mark)
{
	int_fast64_t m = mark;

	atomic_compare_exchange_strong(
	    &change_marks[(uint64_t)mark % CHANGE_MARKS], &m, 0);
}

void
change_seen(int64_t from, int64_t to)
{
	int64_t m;

	if (to - from > CHANGE_MARKS || to < from) {
		change_flush();
		return;
	}
	for (m = from + 1; m <= to; m++)
		if (atomic_load(&change_marks[(uint64_t)m % CHANGE_MARKS]) !=
		    m) {
			change_flush();
			return;
		}
}
