/* A program's figures, from its sessions and who came to them. */
#include "figures.h"
#include "program.h"
#include "tx.h"
#include "util/banned.h"

enum stmt {
	STMT_FIGURES,
	STMT__MAX,
};

/*
 * One statement, one snapshot: the five figures agree with each other
 * even while people are being signed in. Every subquery binds the
 * program's id once, in order.
 */
static const char *const stmts[STMT__MAX] = {
	/* STMT_FIGURES */
	"SELECT "
	/*
	 * Held: said held, or anyone signed in to it (the table often
	 * forgets to tick the box; nobody signs in to a session that did
	 * not take place). Never a cancelled one.
	 */
	"(SELECT count(*) FROM program_session s WHERE s.program_id = ? "
	"AND s.status <> 'cancelled' AND (s.status = 'held' OR EXISTS "
	"(SELECT 1 FROM attendance a WHERE a.session_id = s.id))) "
	"AS sessions_held, "
	/* People: each known person once, each forgotten visit once. */
	"(SELECT count(DISTINCT a.person_id) + count(*) - count(a.person_id) "
	"FROM attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE s.program_id = ?) AS people, "
	"(SELECT count(DISTINCT a.person_id) + count(*) - count(a.person_id) "
	"FROM attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE s.program_id = ? AND a.role IN ('helper', 'lead')) "
	"AS helpers, "
	/*
	 * Helpers whose first visit to this program, by the session's
	 * moment and then the order they were signed in, was as a guest:
	 * every helping visit of theirs came later.
	 */
	"(SELECT count(DISTINCT h.person_id) FROM attendance h JOIN "
	"program_session hs ON hs.id = h.session_id WHERE hs.program_id = ? "
	"AND h.role IN ('helper', 'lead') AND h.person_id IS NOT NULL AND "
	"(SELECT f.role FROM attendance f JOIN program_session fs ON "
	"fs.id = f.session_id WHERE fs.program_id = hs.program_id AND "
	"f.person_id = h.person_id ORDER BY fs.starts_at, fs.id, f.id "
	"LIMIT 1) = 'guest') AS helpers_from_guests, "
	/*
	 * Meals or households served: the tap counters' totals. A session
	 * cancelled after taps keeps them: what was handed out was.
	 */
	"(SELECT CAST(coalesce(sum(s.served), 0) AS BIGINT) FROM "
	"program_session s WHERE s.program_id = ?) AS served",
};

int
figures_program(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val args[5] = { DBV_INT(id), DBV_INT(id), DBV_INT(id),
		DBV_INT(id), DBV_INT(id) };

	*out = NULL;
	if (program_exists(db, id, p) == -1)
		return -1;
	if (db_row(db, stmts[STMT_FIGURES], args, 5, out) != 1)
		return tx_problem(db, p);
	return 0;
}
