/* Lookups over the category table. */
#include "category.h"
#include "tx.h"
#include "listing.h"
#include "util/banned.h"

enum stmt {
	STMT_ALL,
	STMT_EXISTS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ALL */
	"SELECT code, label FROM category ORDER BY position, code",
	/* STMT_EXISTS */
	"SELECT 1 FROM category WHERE code = ?",
};

int
category_all(struct db *db, json_t **out, struct problem *p)
{
	*out = db_rows(db, stmts[STMT_ALL], NULL, 0);
	return *out == NULL ? tx_problem(db, p) : 0;
}

int
category_exists(struct db *db, const char *code)
{
	struct db_val arg = DBV_TEXT(code);
	int64_t one;

	/* db_int says whether there is a row: 1, 0, or -1. */
	return db_int(db, stmts[STMT_EXISTS], &arg, 1, &one);
}
