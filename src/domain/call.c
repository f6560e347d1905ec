/* Calls about asks: who may record one, and the record. */
#include "call.h"
#include "input.h"
#include "need.h"
#include "privacy.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_LIST,
	STMT__MAX,
};

#define CALL_COLUMNS                                                           \
	"c.id, c.need_id, u.login, c.outcome, c.called_at FROM need_call c "   \
	"JOIN app_user u ON u.id = c.user_id"

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO need_call (need_id, user_id, outcome, called_at) "
	"VALUES (?, ?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT " CALL_COLUMNS " WHERE c.id = ?",
	/* STMT_LIST */
	"SELECT " CALL_COLUMNS " WHERE c.need_id = ? "
	"ORDER BY c.called_at DESC, c.id DESC",
};

const char *const call_outcomes[] = {
	"no_answer",
	"reached",
	"wrong_number",
	NULL,
};

/* Not required here: the rights come first (call_add). */
const struct field call_fields[CALL__MAX + 1] = {
	[CALL_OUTCOME] = { "outcome", FIELD_CHOICE, 0, 0, 0, call_outcomes },
	[CALL__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * Whether v may record a call about need_id: a 404 as for the ask, a 403
 * unless v may read its person's contact (a call needs the number). 0,
 * or -1 with p.
 */
static int
call_allowed(struct db *db, const struct viewer *v, int64_t need_id,
    struct problem *p)
{
	json_t *ask = NULL;
	int may;

	if (need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	may = privacy_need_contact(v, ask);
	json_decref(ask);
	if (!may)
		return problem_set(p, PROBLEM_FORBIDDEN, "err_call_role", NULL,
		    0);
	return 0;
}

int
call_add(struct db *db, const struct viewer *v, int64_t need_id, json_t *in,
    json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[4];
	int64_t id;

	*out = NULL;
	if (call_allowed(db, v, need_id, p) == -1)
		return -1;
	if (input_get(in, call_fields, CALL_OUTCOME) == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    call_fields[CALL_OUTCOME].name, 0);
	clock_now(now);
	args[0] = DBV_INT(need_id);
	args[1] = DBV_INT(v->user_id);
	args[2] = input_val(in, call_fields, CALL_OUTCOME);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 4, &id) != 1)
		return tx_problem(db, p);
	args[0] = DBV_INT(id);
	if (db_row(db, stmts[STMT_FIND], args, 1, out) != 1)
		return tx_problem(db, p);
	return 0;
}

int
call_list(struct db *db, int64_t need_id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);

	*out = db_rows(db, stmts[STMT_LIST], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}
