/*
 * One way to write: a piece of work inside one transaction, and the
 * database's failures as problems. The router runs every write request
 * through tx_run with its audit entry; the command line and the tests run
 * what they write through it too. A domain write function works inside
 * the caller's transaction and opens none of its own, so a request's
 * changes stand or fall together.
 */
#ifndef TX_H
#define TX_H

#include "db/db.h"
#include "util/problem.h"

/*
 * Work done inside the transaction: 0, or -1 with p set. Work that fails
 * without setting p failed in the database, and tx_run says so.
 */
typedef int (*tx_work)(struct db *, void *arg, struct problem *p);

/*
 * Begin, run work(db, arg, p), commit; after any failure roll back. p
 * starts empty ({ 0 }). 0, or
 * -1 with p set: the work's problem, or the database's (tx_problem) when
 * the begin, the commit or the work failed there. Inside another
 * transaction it joins it (db_begin nests), and the outermost commit
 * decides.
 */
int tx_run(struct db *, tx_work work, void *arg, struct problem *p);

/*
 * The problem for a failed database call: 503 when busy, 409 when a
 * constraint refused it (a write of the same moment won), else 500. -1.
 */
int tx_problem(struct db *, struct problem *);

/*
 * Lock the row sql (a SELECT ending FOR NO KEY UPDATE, see db_begin)
 * finds with id, until the transaction ends: what is read after it
 * holds until the write, however many write beside. 0; or -1 with p: a
 * 404 saying not_found (a message key) when there is none, the
 * database's problem when the read failed.
 */
int tx_lock(struct db *, const char *sql, int64_t id, const char *not_found,
    struct problem *p);

/*
 * The first row sql finds with its n args, in *row (the caller's): 0; or
 * -1 with *row NULL and p set: a 404 saying not_found (a message key) when
 * there is none, the database's problem (tx_problem) when the read failed.
 */
int tx_row(struct db *, const char *sql, const struct db_val *args, size_t n,
    json_t **row, const char *not_found, struct problem *p);

#endif
