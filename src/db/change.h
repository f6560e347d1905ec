/*
 * What changed, at the grain the response cache needs: a page depends on
 * the tables its statements read, and a write changes the tables its
 * statements (and their triggers) wrote. A new ask in zone 3 need not
 * drop the cached lists of zone 7: the zoned tables (the asks and their
 * tally, whose every row has a zone) are also read and written by zone,
 * when the code doing it says that all it touches there is one zone's
 * (db_zone_scope), and within a zone by part (its category): a new ask
 * for rent in zone 3 keeps zone 3's list of groceries.
 *
 * Time is a process-wide clock. A reader takes change_now() before it
 * reads; a writer publishes what it wrote only after its commit is
 * visible, each write ticking the clock; what a reader read is unchanged
 * when nothing it depends on was published after its stamp. A change this
 * process cannot attribute (another process, a hand edit) is a flush:
 * everything stamped before it is stale.
 */
#ifndef CHANGE_H
#define CHANGE_H

#include <stdint.h>

/* Tables told apart; the rest (never so many) share the last bit. */
#define CHANGE_TABLES 128
/* Zones one set can name before it counts as every zone. */
#define CHANGE_ZONES 4

/* A zone's rows of the zoned tables: all of them (part 0), or one part's. */
struct change_scope {
	int64_t zone; /* 0: no zone, the tables whole */
	uint32_t part;
};

struct change_set {
	uint64_t tables[CHANGE_TABLES / 64];     /* read or written whole */
	struct change_scope zones[CHANGE_ZONES]; /* of the zoned tables */
	unsigned nzones;
	unsigned every; /* every table: nothing is known */
};

/* Empty s. */
void change_clear(struct change_set *s);
/* Whether s names nothing. */
int change_empty(const struct change_set *s);
/* Add table (a name, as SQL names it) to s, whole. */
void change_add_table(struct change_set *s, const char *table);
/* Take table out of s. */
void change_forget_table(struct change_set *s, const char *table);
/* Add everything in from to s. */
void change_add(struct change_set *s, const struct change_set *from);
/*
 * Add from to s, its zoned tables as the rows of scope only (a zone > 0),
 * or whole (zone 0).
 */
void change_add_zoned(struct change_set *s, const struct change_set *from,
    struct change_scope scope);
/* The part of a zone that text (a category's code) names; never 0. */
uint32_t change_part(const char *text);

/* The clock now: the stamp of what is read from here on. */
uint64_t change_now(void);
/* Published after the commit of a write of s. */
void change_publish(const struct change_set *s);
/* Everything stamped before now is stale. */
void change_flush(void);
/* Whether nothing read depends on was published after stamp. */
int change_unchanged(const struct change_set *read, uint64_t stamp);

/*
 * The marks SQLite's writers leave in the database (change_stamp): each
 * of this process's is noted once its changes are published, and a mark
 * left by anyone else is a flush (change_seen).
 */
void change_mine(int64_t mark);
/* A mark noted as ours that was never committed: no longer ours. */
void change_unmine(int64_t mark);
/* Having seen the marks after from up to to: flush unless all are ours. */
void change_seen(int64_t from, int64_t to);

#endif
