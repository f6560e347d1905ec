/* The asks matched to a volunteer, for their dashboard and the ask page. */
#include "asked.h"
#include "tx.h"
#include "util/banned.h"

/* How many a dashboard lists; a volunteer is asked a few at a time. */
#define ASKED_MAX 20

enum stmt {
	STMT_LIST,
	STMT_OF,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST: the index need_match_user (schema/008) */
	"SELECT n.id, n.category, n.details, n.urgency, n.zone_id, "
	"z.name AS zone_name, n.status, p.name AS person_name, n.created_at "
	"FROM need_match m JOIN need n ON n.id = m.need_id "
	"JOIN person p ON p.id = n.person_id JOIN zone z ON z.id = n.zone_id "
	"WHERE m.user_id = ? AND m.ended_at IS NULL "
	"AND n.status IN ('open', 'matched') AND NOT EXISTS "
	"(SELECT 1 FROM claim c WHERE c.need_id = n.id "
	"AND c.released_at IS NULL) ORDER BY m.id DESC LIMIT ?",
	/* STMT_OF */
	"SELECT count(*) FROM need_match WHERE need_id = ? AND user_id = ? "
	"AND ended_at IS NULL",
};

int
asked_list(struct db *db, int64_t user_id, json_t **out, struct problem *p)
{
	struct db_val args[2] = { DBV_INT(user_id), DBV_INT(ASKED_MAX) };
	json_t *row;
	size_t i;

	if ((*out = db_rows(db, stmts[STMT_LIST], args, 2)) == NULL)
		return tx_problem(db, p);
	/* Nobody holds them: the shape privacy_need reads of a free ask. */
	json_array_foreach (*out, i, row)
		json_object_set_new(row, "claim", json_null());
	return 0;
}

int
asked_of(struct db *db, int64_t need_id, int64_t user_id, struct problem *p)
{
	struct db_val args[2] = { DBV_INT(need_id), DBV_INT(user_id) };
	int64_t n = 0;

	if (db_int(db, stmts[STMT_OF], args, 2, &n) == -1)
		return tx_problem(db, p);
	return n > 0;
}
