/* Transactions around domain writes, and database failures as problems. */
#include "tx.h"
#include "util/banned.h"

/*
 * Every write checks what it can before it writes (a name taken, a
 * record gone), so a constraint the database still refuses is another
 * write of the same moment that passed the same checks first: two
 * people naming a new zone alike at once, on PostgreSQL, where writers
 * run side by side. The client's request was sound, and the answer to
 * it is the state it now meets: a conflict, not our failure.
 */
int
tx_problem(struct db *db, struct problem *p)
{
	switch (db_errcode(db)) {
	case DB_ERR_BUSY:
		return problem_set(p, PROBLEM_UNAVAILABLE, "err_busy", NULL, 0);
	case DB_ERR_CONSTRAINT:
		return problem_set(p, PROBLEM_CONFLICT, "err_same_moment", NULL,
		    0);
	default:
		return problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL,
		    0);
	}
}

int
tx_row(struct db *db, const char *sql, const struct db_val *args, size_t n,
    json_t **row, const char *not_found, struct problem *p)
{
	int rc = db_row(db, sql, args, n, row);

	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, not_found, NULL, 0);
	return 0;
}

int
tx_lock(struct db *db, const char *sql, int64_t id, const char *not_found,
    struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	int64_t found;
	int rc = db_int(db, sql, &arg, 1, &found);

	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, not_found, NULL, 0);
	return 0;
}

int
tx_run(struct db *db, tx_work work, void *arg, struct problem *p)
{
	if (db_begin(db) == -1)
		return tx_problem(db, p);
	if (work(db, arg, p) == -1) {
		/* Read the cause before the rollback clears it. */
		if (p->kind == PROBLEM_NONE)
			tx_problem(db, p);
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) == -1) {
		tx_problem(db, p);
		db_rollback(db);
		return -1;
	}
	return 0;
}
