/* Ranking who can help with an ask: candidates read by zone, scored here. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "reach.h"
#include "tx.h"
#include "db/multirow.h"
#include "util/mem.h"
#include "util/window.h"
#include "util/banned.h"

/*
 * Zones per candidate query, as that many placeholders, the unused ones
 * given the first zone again: an ask's zone and its neighbours on a grid
 * (five) take one query, two hops (thirteen) two.
 */
#define RANK_CHUNK 8
#define RANK_IN    " IN (?, ?, ?, ?, ?, ?, ?, ?)"
/* RANK_TOP placeholders, the unused ones given the first id again. */
#define RANK_TOP_IN "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
/* The most zones a ranking looks in; past it, the nearest. */
#define RANK_ZONES_MAX 256
/* How much of an offer's details its label shows, in bytes. */
#define RANK_LABEL_DETAILS 40

enum stmt {
	STMT_ASK,
	STMT_OFFERS,
	STMT_OFFER,
	STMT_VOLUNTEERS,
	STMT_VOLUNTEER,
	STMT_LABELS,
	STMT__MAX,
};

/*
 * The columns of a candidate's row, read by place (db_each): the first
 * four are every candidate's, the rest an offer's or a volunteer's. The
 * person's language and windows come after (rank_people_sql).
 */
enum rank_col {
	RANK_COL_ID,
	RANK_COL_ZONE,
	RANK_COL_PERSON,
	RANK_COL_COUNT,                    /* an offer's quantity */
	RANK_COL_CATEGORY,                 /* an offer's */
	RANK_COL_LOGIN = RANK_COL_COUNT,   /* a volunteer's */
	RANK_COL_ROLE = RANK_COL_CATEGORY, /* a volunteer's */
};

/*
 * An offer's quantity: none given is one ask (what its matches leave of
 * it comes after, rank_rooms_sql). Only what the score needs, which the
 * index offer_rank covers (schema/013): the details and the name of the
 * few listed are read after (STMT_LABELS). In the order of enum
 * rank_col.
 */
#define RANK_OFFER_COLUMNS                                                     \
	"SELECT o.id, o.zone_id, o.person_id, coalesce(o.quantity, 1), "       \
	"o.category FROM offer o "
/*
 * A volunteer, their load and what they did before coming after
 * (rank_loads_sql). In the order of enum rank_col.
 */
#define RANK_VOLUNTEER_COLUMNS                                                 \
	"SELECT u.id, uz.zone_id, u.person_id, u.login, u.role "               \
	"FROM app_user u "

static const char *const stmts[STMT__MAX] = {
	/*
	 * STMT_ASK: a row for each claim on the asker's other asks, with
	 * who claimed it (need_person_listed, claim_need), or one with none. In
	 * one statement: a round trip costs more than the rows.
	 */
	"SELECT n.zone_id, n.person_id, n.category, n.windows, p.language, "
	"c.user_id FROM need n JOIN person p ON p.id = n.person_id "
	"LEFT JOIN need k ON k.person_id = n.person_id AND k.id <> n.id "
	"LEFT JOIN claim c ON c.need_id = k.id WHERE n.id = ?",
	/* STMT_OFFERS: the index offer_list (schema/001) */
	RANK_OFFER_COLUMNS "WHERE o.status = 'open' AND o.category = ? "
			   "AND o.zone_id" RANK_IN,
	/* STMT_OFFER */
	RANK_OFFER_COLUMNS "WHERE o.id = ?",
	/*
	 * STMT_VOLUNTEERS: the index user_zone_zone (schema/013), reached
	 * through zone. Don't simplify to uz.zone_id IN (…): PostgreSQL
	 * then plans it anew on every call (1 ms, more than running it).
	 * Its estimate of user_zone's rows for given zones is far below
	 * that for any zones, so the plan kept for any (generic) never
	 * looks cheap enough to be used. Zones by their key are as many
	 * for any zones as for given ones: both plans cost the same, and
	 * the one made once is kept.
	 */
	RANK_VOLUNTEER_COLUMNS "JOIN user_zone uz ON uz.user_id = u.id "
			       "JOIN zone z ON z.id = uz.zone_id "
			       "WHERE u.role = 'volunteer' AND u.disabled = 0 "
			       "AND z.id" RANK_IN,
	/* STMT_VOLUNTEER: a row for each of their zones, one with none */
	RANK_VOLUNTEER_COLUMNS "LEFT JOIN user_zone uz ON uz.user_id = u.id "
			       "WHERE u.id = ?",
	/* STMT_LABELS: the offers listed, RANK_TOP of them at most */
	"SELECT o.id, o.details, p.name FROM offer o "
	"JOIN person p ON p.id = o.person_id WHERE o.id IN (" RANK_TOP_IN ")",
};

/*
 * The language and windows of the candidates' people, MULTIROW_MAX a
 * statement, in one look-up by key. Joined to each candidate's row in
 * the queries above instead, they cost PostgreSQL twice as much: a
 * nested loop starts an index scan anew for every row.
 */
static const char *const rank_people_sql[MULTIROW_SIZES] = MULTIROW(
    "SELECT id, language, windows FROM person WHERE id IN (", "?", ")");

/*
 * The asks matched to offers and not ended, counted for all the offers
 * read at once: as a subquery of each offer's row, PostgreSQL ran it
 * anew for every row (a tenth of a ranking).
 */
static const char *const rank_rooms_sql[MULTIROW_SIZES] = MULTIROW(
    "SELECT offer_id, count(*) FROM need_match WHERE ended_at IS NULL "
    "AND offer_id IN (",
    "?", ") GROUP BY offer_id");

/*
 * For the volunteers whose ids are listed (u), then the ask's category:
 * their load, in rows of kind 0 (active claims, and asks matched to
 * them that they have not claimed yet: a claimed one would count
 * twice), and how many asks of the category they ever claimed, kind 1.
 * Counted for them all at once, as rank_rooms_sql, where subqueries of
 * each volunteer's row ran anew for every row.
 */
static const char *const rank_loads_sql[MULTIROW_SIZES] = MULTIROW(
    "WITH u (id) AS (VALUES ", "(CAST(? AS BIGINT))",
    ") SELECT c.user_id, 0, count(*) FROM claim c "
    "WHERE c.released_at IS NULL AND c.user_id IN (SELECT id FROM u) "
    "GROUP BY c.user_id "
    "UNION ALL SELECT m.user_id, 0, count(*) FROM need_match m "
    "WHERE m.ended_at IS NULL AND m.user_id IN (SELECT id FROM u) "
    "AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.need_id = m.need_id "
    "AND c.user_id = m.user_id AND c.released_at IS NULL) "
    "GROUP BY m.user_id "
    "UNION ALL SELECT c.user_id, 1, count(*) FROM claim c "
    "JOIN need k ON k.id = c.need_id WHERE k.category = ? "
    "AND c.user_id IN (SELECT id FROM u) GROUP BY c.user_id");

const char *const rank_reasons[] = {
	"same_category",             /* RANK_SAME_CATEGORY */
	"delivered_category_before", /* RANK_DELIVERED_CATEGORY_BEFORE */
	"same_zone",                 /* RANK_SAME_ZONE */
	"adjacent_zone",             /* RANK_ADJACENT_ZONE */
	"two_zones_away",            /* RANK_TWO_ZONES_AWAY */
	"km_away",                   /* RANK_KM_AWAY */
	"free_when_needed",          /* RANK_FREE_WHEN_NEEDED */
	"speaks_language",           /* RANK_SPEAKS_LANGUAGE */
	"no_open_claims",            /* RANK_NO_OPEN_CLAIMS */
	"open_claims",               /* RANK_OPEN_CLAIMS */
	"served_before",             /* RANK_SERVED_BEFORE */
	NULL,
};

/*
 * What each reason adds to a score. Distance weighs most (a delivery is
 * a trip), then continuity (the household knows the volunteer), then
 * fitting the category and speaking the language; load and shared hours
 * refine it. Those with 0 count per unit (rank_score).
 */
static const double rank_weights[RANK_REASON__MAX] = {
	20, /* RANK_SAME_CATEGORY */
	20, /* RANK_DELIVERED_CATEGORY_BEFORE */
	30, /* RANK_SAME_ZONE */
	20, /* RANK_ADJACENT_ZONE */
	10, /* RANK_TWO_ZONES_AWAY */
	0,  /* RANK_KM_AWAY: a point less a kilometre, up to 10 */
	10, /* RANK_FREE_WHEN_NEEDED: and a point an hour shared, up to 10 */
	15, /* RANK_SPEAKS_LANGUAGE */
	10, /* RANK_NO_OPEN_CLAIMS */
	0,  /* RANK_OPEN_CLAIMS: 5 points less a claim */
	25, /* RANK_SERVED_BEFORE */
};

enum rank_kind {
	RANK_OFFER,
	RANK_VOLUNTEER,
	RANK_KIND__MAX,
};

static const char *const rank_kinds[RANK_KIND__MAX] = {
	"offer",     /* RANK_OFFER */
	"volunteer", /* RANK_VOLUNTEER */
};

/* The ask being ranked for, and what every candidate is measured by. */
struct rank_ask {
	int64_t id, zone, person;
	char *category, *language;
	struct windows windows;
	int found;       /* the ask's row was read */
	int64_t *served; /* who claimed the asker's other asks */
	size_t nserved, capserved;
	const struct reach *reach; /* rank_graph's */
};

/*
 * A candidate: what its row said, read once (rank_cand_read), then its
 * score and reasons (rank_score).
 */
struct rank_cand {
	const json_t *label; /* an offer's details and name (STMT_LABELS) */
	char *login;         /* a volunteer's */
	enum rank_kind kind;
	int64_t id, zone, person;
	int64_t count; /* an offer's room, a volunteer's open claims */
	int64_t done;  /* asks of the category a volunteer claimed */
	int hops;
	int shared;              /* minutes a week free when the ask needs it */
	int speaks;              /* 1: the asker's language */
	unsigned reasons;        /* bit r: reason r */
	int n[RANK_REASON__MAX]; /* the number in a reason's words */
	double score;
};

static int64_t
rank_int(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

static const char *
rank_text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s != NULL ? s : "";
}

static void
rank_ask_free(struct rank_ask *a)
{
	free(a->category);
	free(a->language);
	free(a->served);
}

/*
 * The zone graph this thread read last, with the connection and the
 * database generation it was read at. Zones change seldom, and reading
 * every zone and adjacency for each ranking cost more than the ranking
 * itself; any committed write moves the generation on, so a graph kept
 * is always the one the database holds. Freed when the thread ends.
 */
static __thread struct {
	struct db *db;
	uint64_t gen;
	struct reach *reach;
	struct change_set reads; /* a page ranked depends on them */
} rank_memo;
static pthread_key_t rank_memo_key;
static pthread_once_t rank_memo_once = PTHREAD_ONCE_INIT;

static void
rank_memo_free(void *reach)
{
	reach_free(reach);
}

static void
rank_memo_init(void)
{
	pthread_key_create(&rank_memo_key, rank_memo_free);
}

/* The zone graph of db now, into *out (borrowed). 0, or -1 with p. */
static int
rank_graph(struct db *db, const struct reach **out, struct problem *p)
{
	uint64_t gen = db_generation(db);
	struct change_set before;
	struct reach *r;

	pthread_once(&rank_memo_once, rank_memo_init);
	if (rank_memo.reach == NULL || rank_memo.db != db ||
	    rank_memo.gen != gen) {
		db_reads_take(db, &before);
		if (reach_load(db, &r, p) == -1) {
			db_reads_add(db, &before);
			return -1;
		}
		db_reads_take(db, &rank_memo.reads);
		db_reads_add(db, &before);
		reach_free(rank_memo.reach);
		rank_memo.reach = r;
		rank_memo.db = db;
		rank_memo.gen = gen;
		pthread_setspecific(rank_memo_key, r);
	}
	db_reads_add(db, &rank_memo.reads);
	*out = rank_memo.reach;
	return 0;
}

/* A row of STMT_ASK into the ask (arg): the first its own, each a claim. */
static int
rank_ask_read(const struct db_cols *row, void *arg)
{
	struct rank_ask *a = arg;

	if (!a->found) {
		a->found = 1;
		a->zone = db_col_int(row, 0);
		a->person = db_col_int(row, 1);
		a->category = xstrdup(db_col_text(row, 2));
		/* Stored canonical; unreadable text shares no hours. */
		if (window_parse(db_col_text(row, 3), &a->windows) == -1)
			a->windows.n = 0;
		a->language = xstrdup(db_col_text(row, 4));
	}
	/* No claim: NULL, which reads as 0, an id nobody has. */
	if (db_col_int(row, 5) == 0)
		return 0;
	if (a->nserved == a->capserved) {
		a->capserved = a->capserved ? 2 * a->capserved : 8;
		a->served = xrealloc(a->served,
		    a->capserved * sizeof(a->served[0]));
	}
	a->served[a->nserved++] = db_col_int(row, 5);
	return 0;
}

/* Read ask need_id and the zone graph into a. 0, or -1 with p. */
static int
rank_ask_load(struct db *db, int64_t need_id, struct rank_ask *a,
    struct problem *p)
{
	struct db_val args[1] = { DBV_INT(need_id) };

	memset(a, 0, sizeof(*a));
	a->id = need_id;
	if (db_each(db, stmts[STMT_ASK], args, 1, rank_ask_read, a) == -1)
		return tx_problem(db, p);
	if (!a->found)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_need", NULL,
		    0);
	return rank_graph(db, &a->reach, p);
}

static int
rank_served(const struct rank_ask *a, int64_t user_id)
{
	size_t i;

	for (i = 0; i < a->nserved; i++)
		if (a->served[i] == user_id)
			return 1;
	return 0;
}

/*
 * Windows as stored, met while reading the candidates' people, and the
 * minutes each shares with the ask. People keep to a few common ones,
 * and reading the same text again for every candidate cost a tenth of a
 * ranking.
 */
#define RANK_HOURS_MEMO 4

struct rank_hours {
	char text[RANK_HOURS_MEMO][WINDOW_TEXT_MAX + 1];
	int shared[RANK_HOURS_MEMO];
	size_t n, next; /* texts kept; the one to give way next */
};

/*
 * What db_each's rows go to: the ask, the set they join, their kind; for
 * the one candidate rank_find names, whether it fits the ask.
 */
struct rank_reader {
	const struct rank_ask *a;
	struct rank_set *s;
	enum rank_kind kind;
	int named; /* rank_find's: every row within reach is kept */
	int fits;  /* of the ask's category; a login that is a volunteer */
};

/* The minutes a week that the windows in text share with a's. */
static int
rank_shared(const struct rank_ask *a, struct rank_hours *h, const char *text)
{
	struct windows ws;
	size_t i, len = strlen(text);
	int shared = 0;

	if (a->windows.n == 0 || len == 0)
		return 0;
	for (i = 0; i < h->n; i++)
		if (strcmp(h->text[i], text) == 0)
			return h->shared[i];
	/* Stored canonical; text that no longer reads shares no hours. */
	if (window_parse(text, &ws) == 0)
		shared = window_overlap(&a->windows, &ws);
	if (len > WINDOW_TEXT_MAX)
		return shared;
	if (h->n < RANK_HOURS_MEMO) {
		i = h->n++;
	} else {
		i = h->next;
		h->next = (h->next + 1) % RANK_HOURS_MEMO;
	}
	memcpy(h->text[i], text, len + 1);
	h->shared[i] = shared;
	return shared;
}

/*
 * What a candidate's row says, measured against the reader's ask, into
 * c: the row is gone after the call, so only numbers are kept (and a
 * volunteer's login, which the caller copies when it keeps the
 * candidate). What their person says comes later (rank_people).
 */
static void
rank_cand_read(const struct db_cols *row, struct rank_reader *r,
    struct rank_cand *c)
{
	const struct rank_ask *a = r->a;
	enum rank_kind kind = r->kind;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->id = db_col_int(row, RANK_COL_ID);
	c->zone = db_col_int(row, RANK_COL_ZONE);
	c->person = db_col_int(row, RANK_COL_PERSON);
	if (kind == RANK_OFFER)
		c->count = db_col_int(row, RANK_COL_COUNT);
	c->hops = reach_hops(a->reach, a->zone, c->zone);
}

static void
rank_give(struct rank_cand *c, enum rank_reason r, int n, double score)
{
	c->reasons |= 1u << r;
	c->n[r] = n;
	c->score += rank_weights[r] + score;
}

/* Distance: hops between the zones, and kilometres where both have them. */
static void
rank_distance(const struct rank_ask *a, struct rank_cand *c, int64_t zone)
{
	double km = reach_km(a->reach, a->zone, zone);

	rank_give(c,
	    c->hops == 0       ? RANK_SAME_ZONE
		: c->hops == 1 ? RANK_ADJACENT_ZONE
			       : RANK_TWO_ZONES_AWAY,
	    0, 0);
	if (c->hops > 0 && km >= 0)
		rank_give(c, RANK_KM_AWAY, (int)lround(km), -fmin(km, 10));
}

/* Every reason of candidate c, from what its row said, and its score. */
static void
rank_score(const struct rank_ask *a, struct rank_cand *c)
{
	c->reasons = 0;
	c->score = 0;
	memset(c->n, 0, sizeof(c->n));
	if (c->kind == RANK_OFFER)
		rank_give(c, RANK_SAME_CATEGORY, 0, 0);
	else if (c->done > 0)
		rank_give(c, RANK_DELIVERED_CATEGORY_BEFORE, (int)c->done, 0);
	rank_distance(a, c, c->zone);
	if (c->shared > 0)
		rank_give(c, RANK_FREE_WHEN_NEEDED, (c->shared + 59) / 60,
		    fmin(c->shared / 60.0, 10));
	if (c->speaks)
		rank_give(c, RANK_SPEAKS_LANGUAGE, 0, 0);
	if (c->kind == RANK_VOLUNTEER) {
		if (c->count == 0)
			rank_give(c, RANK_NO_OPEN_CLAIMS, 0, 0);
		else
			rank_give(c, RANK_OPEN_CLAIMS, (int)c->count,
			    -5.0 * c->count);
		if (rank_served(a, c->id))
			rank_give(c, RANK_SERVED_BEFORE, 0, 0);
	}
	c->score = round(c->score * 10) / 10;
}

/* Best first; among equals offers, then the lower id. */
static int
rank_order(const void *x, const void *y)
{
	const struct rank_cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The candidates read so far, scored in place. */
struct rank_set {
	struct rank_cand *c;
	size_t n, cap;
	size_t volunteers; /* where the volunteers start in c */
};

static void
rank_set_free(struct rank_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->c[i].login);
	free(s->c);
}

/*
 * Add candidate c, with login (a volunteer's, copied) once: a volunteer
 * met again through another of their zones keeps the nearer one.
 */
static void
rank_add(struct rank_set *s, const struct rank_cand *c, const char *login)
{
	size_t i;

	if (c->kind == RANK_VOLUNTEER)
		for (i = s->volunteers; i < s->n; i++)
			if (s->c[i].id == c->id) {
				if (c->hops < s->c[i].hops) {
					s->c[i].zone = c->zone;
					s->c[i].hops = c->hops;
				}
				return;
			}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->c = xrealloc(s->c, s->cap * sizeof(s->c[0]));
	}
	s->c[s->n] = *c;
	s->c[s->n].login = login != NULL ? xstrdup(login) : NULL;
	s->n++;
}

/*
 * One candidate's row into the reader's set: among all candidates, an
 * offer of some quantity (rank_rooms leaves out those its matches took
 * up), of someone else than the asker; the one named, within reach.
 */
static int
rank_row(const struct db_cols *row, void *arg)
{
	struct rank_reader *r = arg;
	const struct rank_ask *a = r->a;
	struct rank_cand c;

	rank_cand_read(row, r, &c);
	if (r->named) {
		r->fits = r->kind == RANK_OFFER
		    ? strcmp(db_col_text(row, RANK_COL_CATEGORY),
			  a->category) == 0
		    : strcmp(db_col_text(row, RANK_COL_ROLE), "volunteer") == 0;
		if (c.hops < 0 || c.hops > reach_radius())
			return 0;
	} else if ((r->kind == RANK_OFFER && c.count <= 0) ||
	    c.person == a->person) {
		/* Nobody meets their own ask. */
		return 0;
	}
	rank_add(r->s, &c,
	    r->kind == RANK_VOLUNTEER ? db_col_text(row, RANK_COL_LOGIN)
				      : NULL);
	return 0;
}

/*
 * The rows of stmt (offers or volunteers) in zones[0..n), RANK_CHUNK
 * zones a query, into s. 0, or -1 with p.
 */
static int
rank_read(struct db *db, const struct rank_ask *a, enum rank_kind kind,
    const int64_t *zones, size_t n, struct rank_set *s, struct problem *p)
{
	struct rank_reader r = { .a = a, .s = s, .kind = kind };
	struct db_val args[1 + RANK_CHUNK];
	size_t at, i, first = kind == RANK_OFFER; /* the category */

	args[0] = DBV_TEXT(a->category);
	for (at = 0; at < n; at += RANK_CHUNK) {
		for (i = 0; i < RANK_CHUNK; i++)
			args[first + i] = DBV_INT(
			    zones[at + i < n ? at + i : at]);
		if (db_each(db,
			stmts[kind == RANK_OFFER ? STMT_OFFERS
						 : STMT_VOLUNTEERS],
			args, first + RANK_CHUNK, rank_row, &r) == -1)
			return tx_problem(db, p);
	}
	return 0;
}

/*
 * The statement of a MULTIROW table for the next of left (> 0) keys: the
 * smallest that takes them all, up to MULTIROW_MAX, its index in *k. The
 * caller gives the places left over the first key again: one statement
 * for up to MULTIROW_MAX keys, not one per bit of their number.
 */
static size_t
rank_piece(size_t left, size_t *k)
{
	size_t size = 1;

	for (*k = 0; size < left && *k + 1 < MULTIROW_SIZES; ++*k)
		size *= 2;
	return size;
}

/*
 * A candidate's person: whether they speak the asker's language, and the
 * minutes a week they are free when the ask needs it.
 */
struct rank_person {
	int64_t id;
	int speaks, shared;
};

/* What rank_people_sql's rows go to: the people to fill, sorted by id. */
struct rank_people {
	const struct rank_ask *a;
	struct rank_person *p;
	size_t n;
	struct rank_hours hours;
};

static int
rank_person_order(const void *x, const void *y)
{
	const struct rank_person *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

static struct rank_person *
rank_person_find(const struct rank_people *pp, int64_t id)
{
	struct rank_person key = { .id = id };

	return bsearch(&key, pp->p, pp->n, sizeof(pp->p[0]), rank_person_order);
}

/* A row of rank_people_sql into its person (arg's). */
static int
rank_person_row(const struct db_cols *row, void *arg)
{
	struct rank_people *pp = arg;
	struct rank_person *p = rank_person_find(pp, db_col_int(row, 0));

	if (p != NULL) {
		p->speaks = strcmp(db_col_text(row, 1), pp->a->language) == 0;
		p->shared = rank_shared(pp->a, &pp->hours, db_col_text(row, 2));
	}
	return 0;
}

/*
 * The language and windows of the people of every candidate in s,
 * measured against a, into each candidate. 0, or -1 with p. People are
 * never deleted (forgetting one keeps the row), so each is found; one
 * that were not would share nothing with the ask.
 */
static int
rank_people(struct db *db, const struct rank_ask *a, struct rank_set *s,
    struct problem *p)
{
	struct rank_people pp = { .a = a };
	struct db_val args[MULTIROW_MAX];
	struct rank_person *found;
	size_t i, at, size, k;
	int rc = -1;

	if (s->n == 0)
		return 0;
	pp.p = xcalloc(s->n, sizeof(pp.p[0]));
	for (i = 0; i < s->n; i++)
		pp.p[i].id = s->c[i].person;
	qsort(pp.p, s->n, sizeof(pp.p[0]), rank_person_order);
	for (i = 0; i < s->n; i++)
		if (pp.n == 0 || pp.p[pp.n - 1].id != pp.p[i].id)
			pp.p[pp.n++] = pp.p[i];
	for (at = 0; at < pp.n; at += size) {
		size = rank_piece(pp.n - at, &k);
		for (i = 0; i < size; i++)
			args[i] = DBV_INT(pp.p[at + i < pp.n ? at + i : at].id);
		if (db_each(db, rank_people_sql[k], args, size, rank_person_row,
			&pp) == -1) {
			tx_problem(db, p);
			goto out;
		}
	}
	for (i = 0; i < s->n; i++) {
		found = rank_person_find(&pp, s->c[i].person);
		if (found != NULL) {
			s->c[i].speaks = found->speaks;
			s->c[i].shared = found->shared;
		}
	}
	rc = 0;
out:
	free(pp.p);
	return rc;
}

/*
 * The start of text, at most max bytes, cut after a whole word (or a
 * whole character), with "…" when cut.
 */
static void
rank_start(struct buf *b, const char *text, size_t max)
{
	size_t n = strlen(text), cut = max;

	if (n <= max) {
		buf_adds(b, text);
		return;
	}
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut == 0)
		for (cut = max; cut > 0 && (text[cut] & 0xC0) == 0x80; cut--)
			;
	buf_add(b, text, cut);
	buf_adds(b, "…");
}

/*
 * Who a candidate is, without any contact: an offer's offerer by first
 * name and what it offers, a volunteer by login.
 */
static json_t *
rank_label(const struct rank_cand *c)
{
	struct buf b = BUF_INIT;
	const char *name;
	json_t *label;

	if (c->kind == RANK_VOLUNTEER)
		return json_string(c->login);
	name = rank_text(c->label, "name");
	buf_add(&b, name, strcspn(name, " "));
	buf_adds(&b, ": ");
	rank_start(&b, rank_text(c->label, "details"), RANK_LABEL_DETAILS);
	label = json_stringn(b.ptr, b.len);
	buf_free(&b);
	return label;
}

static json_t *
rank_item(const struct rank_cand *c)
{
	json_t *reasons = json_array();
	int r;

	for (r = 0; r < RANK_REASON__MAX; r++)
		if (c->reasons & (1u << r))
			json_array_append_new(reasons,
			    json_pack("{s:s,s:i}", "code", rank_reasons[r], "n",
				c->n[r]));
	return json_pack("{s:s,s:I,s:o,s:f,s:o}", "kind", rank_kinds[c->kind],
	    "id", (json_int_t)c->id, "label", rank_label(c), "score", c->score,
	    "reasons", reasons);
}

/*
 * The details and names of the offers among the first n candidates of s,
 * for their labels, into rows (the caller's). 0, or -1 with p.
 */
static int
rank_labels(struct db *db, struct rank_set *s, size_t n, json_t **rows,
    struct problem *p)
{
	struct db_val args[RANK_TOP];
	size_t i, k = 0, j;
	json_t *row;

	for (i = 0; i < n && k < RANK_TOP; i++)
		if (s->c[i].kind == RANK_OFFER)
			args[k++] = DBV_INT(s->c[i].id);
	*rows = json_array();
	if (k == 0)
		return 0;
	for (i = k; i < RANK_TOP; i++)
		args[i] = args[0];
	json_decref(*rows);
	if ((*rows = db_rows(db, stmts[STMT_LABELS], args, RANK_TOP)) == NULL)
		return tx_problem(db, p);
	for (i = 0; i < n; i++)
		json_array_foreach (*rows, j, row)
			if (s->c[i].kind == RANK_OFFER &&
			    rank_int(row, "id") == s->c[i].id)
				s->c[i].label = row;
	return 0;
}

static int
rank_id_order(const void *x, const void *y)
{
	const struct rank_cand *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* A row of rank_rooms_sql: what its offer (in arg, sorted) has left. */
static int
rank_room_row(const struct db_cols *row, void *arg)
{
	struct rank_set *s = arg;
	struct rank_cand key = { .id = db_col_int(row, 0) }, *c;

	c = bsearch(&key, s->c, s->n, sizeof(s->c[0]), rank_id_order);
	if (c != NULL)
		c->count -= db_col_int(row, 1);
	return 0;
}

/*
 * What the offers in s (offers alone) have left once their matches are
 * counted, and those with none left out. Sorted by id for the look-up:
 * the order they are listed in is rank_order's. 0, or -1 with p.
 */
static int
rank_rooms(struct db *db, struct rank_set *s, struct problem *p)
{
	struct db_val args[MULTIROW_MAX];
	size_t i, n, at, size, k;

	if (s->n == 0)
		return 0;
	qsort(s->c, s->n, sizeof(s->c[0]), rank_id_order);
	for (at = 0; at < s->n; at += size) {
		size = rank_piece(s->n - at, &k);
		for (i = 0; i < size; i++)
			args[i] = DBV_INT(s->c[at + i < s->n ? at + i : at].id);
		if (db_each(db, rank_rooms_sql[k], args, size, rank_room_row,
			s) == -1)
			return tx_problem(db, p);
	}
	for (i = n = 0; i < s->n; i++)
		if (s->c[i].count > 0)
			s->c[n++] = s->c[i];
	s->n = n;
	return 0;
}

/* A row of rank_loads_sql into its volunteer (arg's, sorted by id). */
static int
rank_load_row(const struct db_cols *row, void *arg)
{
	struct rank_set *s = arg;
	struct rank_cand key = { .id = db_col_int(row, 0) }, *c;

	c = bsearch(&key, s->c + s->volunteers, s->n - s->volunteers,
	    sizeof(s->c[0]), rank_id_order);
	if (c == NULL)
		return 0;
	if (db_col_int(row, 1) == 0)
		c->count += db_col_int(row, 2);
	else
		c->done = db_col_int(row, 2);
	return 0;
}

/*
 * The load of the volunteers in s (from s->volunteers on) and the asks
 * of a's category they claimed before. Sorted by id for the look-up.
 * 0, or -1 with p.
 */
static int
rank_loads(struct db *db, const struct rank_ask *a, struct rank_set *s,
    struct problem *p)
{
	struct db_val args[MULTIROW_MAX + 1];
	struct rank_cand *v = s->c + s->volunteers;
	size_t i, n = s->n - s->volunteers, at, size, k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(v[0]), rank_id_order);
	for (at = 0; at < n; at += size) {
		size = rank_piece(n - at, &k);
		for (i = 0; i < size; i++)
			args[i] = DBV_INT(v[at + i < n ? at + i : at].id);
		args[size] = DBV_TEXT(a->category);
		if (db_each(db, rank_loads_sql[k], args, size + 1,
			rank_load_row, s) == -1)
			return tx_problem(db, p);
	}
	return 0;
}

/* Every candidate within reach of a into s. 0, or -1 with p. */
static int
rank_gather(struct db *db, const struct rank_ask *a, struct rank_set *s,
    struct problem *p)
{
	int64_t zones[RANK_ZONES_MAX];
	size_t n = reach_within(a->reach, a->zone, reach_radius(), zones,
	    RANK_ZONES_MAX);

	if (n > RANK_ZONES_MAX)
		n = RANK_ZONES_MAX;
	if (rank_read(db, a, RANK_OFFER, zones, n, s, p) == -1 ||
	    rank_rooms(db, s, p) == -1)
		return -1;
	s->volunteers = s->n;
	if (rank_read(db, a, RANK_VOLUNTEER, zones, n, s, p) == -1)
		return -1;
	return rank_loads(db, a, s, p);
}

int
rank_list(struct db *db, int64_t need_id, json_t **out, struct problem *p)
{
	struct rank_set s = { NULL, 0, 0, 0 };
	struct rank_ask a;
	json_t *items, *labels = NULL;
	size_t i, top;
	int rc = -1;

	*out = NULL;
	if (rank_ask_load(db, need_id, &a, p) == -1 ||
	    rank_gather(db, &a, &s, p) == -1 ||
	    rank_people(db, &a, &s, p) == -1)
		goto out;
	for (i = 0; i < s.n; i++)
		rank_score(&a, &s.c[i]);
	if (s.n > 0)
		qsort(s.c, s.n, sizeof(s.c[0]), rank_order);
	top = s.n < RANK_TOP ? s.n : RANK_TOP;
	if (rank_labels(db, &s, top, &labels, p) == -1)
		goto out;
	items = json_array();
	for (i = 0; i < top; i++)
		json_array_append_new(items, rank_item(&s.c[i]));
	*out = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)s.n);
	rc = 0;
out:
	rank_ask_free(&a);
	json_decref(labels);
	rank_set_free(&s);
	return rc;
}

/*
 * The one candidate named into s, checked against a: 404 when not there,
 * 409 of another category, no volunteer, or out of reach.
 */
static int
rank_find(struct db *db, const struct rank_ask *a, int64_t offer_id,
    int64_t user_id, struct rank_set *s, struct problem *p)
{
	struct db_val args[1] = { DBV_INT(offer_id != 0 ? offer_id : user_id) };
	enum rank_kind kind = offer_id != 0 ? RANK_OFFER : RANK_VOLUNTEER;
	struct rank_reader r = { .a = a, .s = s, .kind = kind, .named = 1 };
	const char *field = offer_id != 0 ? "offer_id" : "user_id";
	int64_t rows;

	rows = db_each(db,
	    stmts[kind == RANK_OFFER ? STMT_OFFER : STMT_VOLUNTEER], args, 1,
	    rank_row, &r);
	if (rows == -1)
		return tx_problem(db, p);
	if (rows == 0)
		return problem_set(p, PROBLEM_NOT_FOUND,
		    offer_id != 0 ? "err_no_offer" : "err_not_found", field, 0);
	if (!r.fits)
		return problem_set(p, PROBLEM_CONFLICT,
		    kind == RANK_OFFER ? "err_match_category"
				       : "err_match_volunteer",
		    field, 0);
	if (s->n == 0)
		return problem_set(p, PROBLEM_CONFLICT, "err_match_reach",
		    field, 0);
	return 0;
}

int
rank_one(struct db *db, int64_t need_id, int64_t offer_id, int64_t user_id,
    struct buf *codes, struct problem *p)
{
	struct rank_set s = { NULL, 0, 0, 0 };
	struct rank_ask a;
	int r, rc = -1;

	if (rank_ask_load(db, need_id, &a, p) == -1 ||
	    rank_find(db, &a, offer_id, user_id, &s, p) == -1 ||
	    (offer_id == 0 && rank_loads(db, &a, &s, p) == -1) ||
	    rank_people(db, &a, &s, p) == -1)
		goto out;
	rank_score(&a, &s.c[0]);
	for (r = 0; r < RANK_REASON__MAX; r++)
		if (s.c[0].reasons & (1u << r))
			buf_printf(codes, "%s%s", codes->len > 0 ? " " : "",
			    rank_reasons[r]);
	rc = 0;
out:
	rank_ask_free(&a);
	rank_set_free(&s);
	return rc;
}
