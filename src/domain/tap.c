/* Counting taps at a session, written in groups that share one commit. */
#include <pthread.h>
#include <string.h>

#include "tap.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_BUMP,
	STMT_WHY,
	STMT_MINE,
	STMT_INSERT,
	STMT_FIND,
	STMT_LOCK,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_BUMP: the total, unless the session was cancelled */
	"UPDATE program_session SET served = served + ? WHERE id = ? AND "
	"status <> 'cancelled' RETURNING served",
	/* STMT_WHY: when the bump changed nothing, 1 if cancelled */
	"SELECT CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END FROM "
	"program_session WHERE id = ?",
	/* STMT_MINE: the tapper's taps not taken back */
	"SELECT coalesce(sum(delta), 0) FROM tap WHERE session_id = ? AND "
	"user_id = ?",
	/* STMT_INSERT */
	"INSERT INTO tap (session_id, user_id, delta, at) VALUES (?, ?, ?, ?)",
	/* STMT_FIND */
	"SELECT served FROM program_session WHERE id = ?",
	/* STMT_LOCK: a take-back counts the tapper's taps first */
	"SELECT id FROM program_session WHERE id = ? FOR NO KEY UPDATE",
};

const struct field tap_fields[TAP__MAX + 1] = {
	[TAP_DELTA] = { "delta", FIELD_INT, FIELD_REQUIRED, -1, 1, NULL },
	[TAP__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * A tap waiting for its group's commit. It lives on its requester's
 * stack: the requester sleeps until done is set, under tap_lock.
 */
struct tap_wait {
	const char *db; /* db_name: a group is taps of one database */
	int64_t id;     /* the session */
	int64_t user_id;
	int64_t delta;
	int64_t count; /* the total after it */
	struct problem p;
	int done;
	struct tap_wait *next;
};

/*
 * The taps that wait, and whether a leader is writing a group. One lock
 * for the process: a server has one database; the rare process with two
 * keeps each group to one (tap_wait.db).
 */
static pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tap_cond = PTHREAD_COND_INITIALIZER;
static struct tap_wait *tap_queue;
static int tap_leading;

/* 404 or 409 for the session id whose bump changed nothing. -1. */
static int
tap_refused(struct db *db, int64_t id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t cancelled = 0;
	int rc;

	rc = db_int(db, stmts[STMT_WHY], &arg, 1, &cancelled);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_session", NULL,
		    0);
	return problem_set(p, PROBLEM_CONFLICT, "err_session_cancelled", NULL,
	    0);
}

/*
 * One tap inside the group's transaction: 0; 1 when the tap is refused
 * (w->p set, nothing of it written); -1 when the database failed, which
 * ends the group.
 */
static int
tap_one(struct db *db, struct tap_wait *w, const char *now)
{
	struct db_val args[4];
	int64_t mine = 0;
	int rc;

	if (w->delta != 1 && w->delta != -1) {
		problem_set(&w->p, PROBLEM_INVALID, "err_tap_delta", "delta",
		    0);
		return 1;
	}
	args[0] = DBV_INT(w->id);
	args[1] = DBV_INT(w->user_id);
	/*
	 * Only one's own taps are taken back, and only as many as made: the
	 * session is locked first, so that two take-backs at once (from two
	 * processes: one process writes one group at a time) count in turn.
	 */
	if (w->delta == -1) {
		if (db_int(db, stmts[STMT_LOCK], args, 1, &mine) == -1 ||
		    db_int(db, stmts[STMT_MINE], args, 2, &mine) == -1)
			return -1;
		if (mine <= 0) {
			/* No tap of theirs, perhaps no session: say which. */
			if (db_int(db, stmts[STMT_WHY], args, 1, &mine) != 1) {
				if (db_errcode(db) != DB_OK)
					return -1;
				problem_set(&w->p, PROBLEM_NOT_FOUND,
				    "err_no_session", NULL, 0);
				return 1;
			}
			problem_set(&w->p, PROBLEM_CONFLICT, "err_tap_none",
			    "delta", 0);
			return 1;
		}
	}
	args[0] = DBV_INT(w->delta);
	args[1] = DBV_INT(w->id);
	rc = db_int(db, stmts[STMT_BUMP], args, 2, &w->count);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		if (tap_refused(db, w->id, &w->p) == -1 &&
		    w->p.kind != PROBLEM_NOT_FOUND &&
		    w->p.kind != PROBLEM_CONFLICT)
			return -1;
		return 1;
	}
	args[0] = DBV_INT(w->id);
	args[1] = DBV_INT(w->user_id);
	args[2] = DBV_INT(w->delta);
	args[3] = DBV_TEXT(now);
	return db_exec(db, stmts[STMT_INSERT], args, 4) == 1 ? 0 : -1;
}

/*
 * Write the group in one transaction. A refused tap writes nothing and
 * leaves the others be; a failure of the database fails them all, as
 * nothing of the group was committed.
 */
static void
tap_group(struct db *db, struct tap_wait *group)
{
	char now[CLOCK_ISO_LEN];
	struct problem fail = { 0 };
	struct tap_wait *w;

	clock_now(now);
	if (db_begin(db) == -1) {
		tx_problem(db, &fail);
		goto failed;
	}
	for (w = group; w != NULL; w = w->next)
		if (tap_one(db, w, now) == -1)
			break;
	if (w == NULL && db_commit(db) == 0)
		return;
	/* Read the cause before the rollback clears it. */
	tx_problem(db, &fail);
	db_rollback(db);
failed:
	for (w = group; w != NULL; w = w->next)
		if (w->p.kind == PROBLEM_NONE ||
		    w->p.kind == PROBLEM_UNAVAILABLE ||
		    w->p.kind == PROBLEM_INTERNAL)
			w->p = fail;
}

/*
 * Take the taps waiting on this database, in the order they came, off
 * the queue (tap_lock held).
 */
static struct tap_wait *
tap_take(const char *name)
{
	struct tap_wait *group = NULL, **tail = &group, **at = &tap_queue, *w;

	while ((w = *at) != NULL) {
		if (strcmp(w->db, name) != 0) {
			at = &w->next;
			continue;
		}
		*at = w->next;
		w->next = NULL;
		*tail = w;
		tail = &w->next;
	}
	return group;
}

int
tap_add(struct db *db, int64_t id, int64_t user_id, int64_t delta,
    int64_t *count, struct problem *p)
{
	struct tap_wait me = { 0 }, *group, *w, **at;

	me.db = db_name(db);
	me.id = id;
	me.user_id = user_id;
	me.delta = delta;
	pthread_mutex_lock(&tap_lock);
	/* Last in the queue: a group keeps the order the taps came in. */
	for (at = &tap_queue; *at != NULL; at = &(*at)->next)
		;
	*at = &me;
	/*
	 * Who finds no leader leads: takes every tap waiting, its own
	 * among them, and writes them while the next ones queue up.
	 */
	while (!me.done) {
		if (tap_leading) {
			pthread_cond_wait(&tap_cond, &tap_lock);
			continue;
		}
		tap_leading = 1;
		group = tap_take(me.db);
		pthread_mutex_unlock(&tap_lock);
		tap_group(db, group);
		pthread_mutex_lock(&tap_lock);
		for (w = group; w != NULL; w = w->next)
			w->done = 1;
		tap_leading = 0;
		pthread_cond_broadcast(&tap_cond);
	}
	pthread_mutex_unlock(&tap_lock);
	*count = me.count;
	if (me.p.kind != PROBLEM_NONE) {
		*p = me.p;
		return -1;
	}
	return 0;
}

int
tap_find(struct db *db, int64_t id, int64_t user_id, json_t **out,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(user_id) };
	int64_t count = 0, mine = 0;
	int rc;

	*out = NULL;
	rc = db_int(db, stmts[STMT_FIND], args, 1, &count);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_session", NULL,
		    0);
	if (db_int(db, stmts[STMT_MINE], args, 2, &mine) == -1)
		return tx_problem(db, p);
	*out = json_pack("{s:I,s:I}", "count", (json_int_t)count, "mine",
	    (json_int_t)mine);
	return 0;
}
