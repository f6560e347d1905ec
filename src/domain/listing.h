/*
 * Paged, filtered lists: {"items":[…],"total":N,"limit":L,"offset":O}.
 *
 * Each optional filter is one condition, with one placeholder or a few,
 * or none: a condition without a "?" is a fixed filter, whose value only
 * says that it applies (any value but DB_NULL).
 * A single query with "(? IS NULL OR col = ?)" would defeat the indexes,
 * so the listing holds one statement per combination of filters present,
 * joined once from the constant fragments below; values are always bound.
 */
#ifndef LISTING_H
#define LISTING_H

#include <stdatomic.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

#define LISTING_FILTERS_MAX 8
/* The placeholders of all the conditions of one listing, at most. */
#define LISTING_ARGS_MAX      24
#define LISTING_LIMIT_DEFAULT 50
#define LISTING_LIMIT_MAX     200

struct listing {
	const char *select; /* SELECT … FROM …, no WHERE */
	const char *count;  /* SELECT count(*) FROM … */
	const char *order;  /* ORDER BY … */
	/*
	 * Optional: what follows the list's LIMIT ? OFFSET ?, for a select
	 * that pages a table in a derived table and joins only the page's
	 * rows to others after it.
	 */
	const char *after;
	/*
	 * Optional, with after: the select of every row (listing_open), as
	 * one statement in order with no derived table, which would hold
	 * every row before the first comes out.
	 */
	const char *whole;
	const char *const *conds; /* one per filter, NULL-ended */
	/*
	 * Optional: a count over a tally table that answers for the filters
	 * in tally_mask (same condition text, same alias), used when no
	 * other filter is present.
	 */
	const char *tally;
	unsigned tally_mask;
	/* 1 + the index of the text-search filter, whose value is wrapped
	 * as a LIKE pattern (see listing_like); 0 when there is none. */
	unsigned like;
	/* Built on first use. */
	atomic_int ready;
	char *list_sql[1 << LISTING_FILTERS_MAX];
	char *count_sql[1 << LISTING_FILTERS_MAX];
	char *tally_sql[1 << LISTING_FILTERS_MAX];
	char *whole_sql[1 << LISTING_FILTERS_MAX];
};

/*
 * Run the listing with the filters in vals: one value per placeholder of
 * each cond, in order; a cond whose first value is DB_NULL is left out
 * ("not filtered"). Returns 0 and the list object in *out, or -1 with p.
 */
int listing_run(struct db *, struct listing *, const struct db_val *vals,
    int64_t limit, int64_t offset, json_t **out, struct problem *p);

/*
 * The same rows, every one of them (no paging), as a cursor on db (see
 * db_cursor_open) in *out, for the caller to close: 0, or -1 with p.
 */
int listing_open(struct db *, struct listing *, const struct db_val *vals,
    struct db_cursor **out, struct problem *p);

/* Which filters are present in vals, as a bit mask. */
unsigned listing_mask(const struct listing *, const struct db_val *vals);

/*
 * The LIKE pattern for a text search: q with % _ and \ escaped, wrapped
 * in %. The caller frees it. Conditions use ESCAPE '\'.
 */
char *listing_like(const char *q);

/*
 * The paging fields every list route declares after its filters, at the
 * keys PREFIX_LIMIT and PREFIX_OFFSET of its enum.
 */
#define LISTING_LIMIT_FIELD                                                    \
	{                                                                      \
		"limit", FIELD_INT, 0, 1, LISTING_LIMIT_MAX, NULL              \
	}
#define LISTING_OFFSET_FIELD                                                   \
	{                                                                      \
		"offset", FIELD_INT, 0, 0, 10000000, NULL                      \
	}
#define LISTING_PAGE_FIELDS(prefix)                                            \
	[prefix##_LIMIT] = LISTING_LIMIT_FIELD,                                \
	[prefix##_OFFSET] = LISTING_OFFSET_FIELD

/* limit and offset from decoded input, with the defaults applied. */
void listing_page(json_t *in, int64_t *limit, int64_t *offset);

#endif
