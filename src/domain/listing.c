/* Paged lists over any table, one prepared statement per filter set. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "listing.h"
#include "input.h"
#include "tx.h"
#include "util/buf.h"
#include "util/banned.h"

static pthread_mutex_t listing_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
listing_nconds(const struct listing *l)
{
	size_t n = 0;

	while (l->conds[n] != NULL)
		n++;
	return n;
}

static char *
listing_where(const char *head, const struct listing *l, unsigned mask,
    const char *tail)
{
	struct buf b = BUF_INIT;
	size_t i, n = listing_nconds(l);
	const char *sep = " WHERE ";

	buf_adds(&b, head);
	for (i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		buf_adds(&b, sep);
		buf_adds(&b, l->conds[i]);
		sep = " AND ";
	}
	if (tail != NULL)
		buf_adds(&b, tail);
	return buf_detach(&b, NULL);
}

static void
listing_build(struct listing *l)
{
	unsigned mask, n = (unsigned)listing_nconds(l);
	struct buf tail = BUF_INIT, order = BUF_INIT;

	if (atomic_load(&l->ready))
		return;
	pthread_mutex_lock(&listing_lock);
	if (!atomic_load(&l->ready)) {
		buf_printf(&tail, " %s LIMIT ? OFFSET ?%s", l->order,
		    l->after != NULL ? l->after : "");
		buf_printf(&order, " %s", l->order);
		for (mask = 0; mask < (1u << n); mask++) {
			l->list_sql[mask] = listing_where(l->select, l, mask,
			    tail.ptr);
			if (l->whole != NULL)
				l->whole_sql[mask] = listing_where(l->whole, l,
				    mask, order.ptr);
			l->count_sql[mask] = listing_where(l->count, l, mask,
			    NULL);
			if (l->tally != NULL && (mask & ~l->tally_mask) == 0)
				l->tally_sql[mask] = listing_where(l->tally, l,
				    mask, NULL);
		}
		atomic_store(&l->ready, 1);
	}
	pthread_mutex_unlock(&listing_lock);
	buf_free(&tail);
	buf_free(&order);
}

/* The number of placeholders in a condition (none sits inside quotes). */
static size_t
listing_arity(const char *cond)
{
	size_t n = 0;

	for (; *cond != '\0'; cond++)
		if (*cond == '?')
			n++;
	return n;
}

/*
 * The values a condition takes in vals: one per placeholder, and one for
 * a fixed filter, which says only whether it applies.
 */
static size_t
listing_slots(const char *cond)
{
	size_t n = listing_arity(cond);

	return n > 0 ? n : 1;
}

unsigned
listing_mask(const struct listing *l, const struct db_val *vals)
{
	size_t i, at = 0, n = listing_nconds(l);
	unsigned mask = 0;

	for (i = 0; i < n; i++) {
		if (vals[at].type != DB_NULL)
			mask |= 1u << i;
		at += listing_slots(l->conds[i]);
	}
	return mask;
}

/*
 * The arguments of the statement for the filters in vals, into args
 * (room for LISTING_ARGS_MAX + 2), their number in *nargs; the LIKE
 * pattern of a search in *like, for the caller to free after the
 * statement has run. Which filters are present, as listing_mask says.
 */
static unsigned
listing_args(struct listing *l, const struct db_val *vals, struct db_val *args,
    size_t *nargs, char **like)
{
	size_t i, k, arity, slots, at = 0, n = listing_nconds(l);
	unsigned mask = listing_mask(l, vals);

	listing_build(l);
	*nargs = 0;
	*like = NULL;
	for (i = 0; i < n; i++, at += slots) {
		arity = listing_arity(l->conds[i]);
		slots = listing_slots(l->conds[i]);
		if (!(mask & (1u << i)))
			continue;
		if (i + 1 == l->like) {
			*like = listing_like(vals[at].s);
			args[(*nargs)++] = DBV_TEXT(*like);
			continue;
		}
		for (k = 0; k < arity && *nargs < LISTING_ARGS_MAX; k++)
			args[(*nargs)++] = vals[at + k];
	}
	return mask;
}

int
listing_run(struct db *db, struct listing *l, const struct db_val *vals,
    int64_t limit, int64_t offset, json_t **out, struct problem *p)
{
	struct db_val args[LISTING_ARGS_MAX + 2];
	size_t nargs;
	char *like;
	unsigned mask = listing_args(l, vals, args, &nargs, &like);
	int64_t count;
	json_t *items;
	int rc;

	rc = db_int(db,
	    l->tally_sql[mask] != NULL ? l->tally_sql[mask]
				       : l->count_sql[mask],
	    args, nargs, &count);
	args[nargs++] = DBV_INT(limit);
	args[nargs++] = DBV_INT(offset);
	items = rc == 1 ? db_rows(db, l->list_sql[mask], args, nargs) : NULL;
	free(like);
	if (items == NULL)
		return tx_problem(db, p);
	*out = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
	    (json_int_t)count, "limit", (json_int_t)limit, "offset",
	    (json_int_t)offset);
	return 0;
}

int
listing_open(struct db *db, struct listing *l, const struct db_val *vals,
    struct db_cursor **out, struct problem *p)
{
	struct db_val args[LISTING_ARGS_MAX + 2];
	size_t nargs;
	char *like;
	unsigned mask = listing_args(l, vals, args, &nargs, &like);

	if (l->whole != NULL)
		*out = db_cursor_open(db, l->whole_sql[mask], args, nargs);
	else {
		/* The page's statement, with a limit no list reaches. */
		args[nargs++] = DBV_INT(INT64_MAX);
		args[nargs++] = DBV_INT(0);
		*out = db_cursor_open(db, l->list_sql[mask], args, nargs);
	}
	free(like);
	return *out != NULL ? 0 : tx_problem(db, p);
}

char *
listing_like(const char *q)
{
	struct buf b = BUF_INIT;

	buf_addc(&b, '%');
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *q);
	}
	buf_addc(&b, '%');
	return buf_detach(&b, NULL);
}

/* The paging fields alone, to read them by key. */
enum listing_page_key {
	PAGE_LIMIT,
	PAGE_OFFSET,
	PAGE__MAX,
};

static const struct field page_fields[PAGE__MAX + 1] = {
	LISTING_PAGE_FIELDS(PAGE),
	[PAGE__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

void
listing_page(json_t *in, int64_t *limit, int64_t *offset)
{
	json_t *l = input_get(in, page_fields, PAGE_LIMIT);
	json_t *o = input_get(in, page_fields, PAGE_OFFSET);

	*limit = json_is_integer(l) ? json_integer_value(l)
				    : LISTING_LIMIT_DEFAULT;
	*offset = json_is_integer(o) ? json_integer_value(o) : 0;
}
