/* Reference checks shared by asks and offers, so errors name the field. */
#include "refs.h"
#include "input.h"
#include "tx.h"
#include "category.h"
#include "person.h"
#include "zone.h"
#include "util/banned.h"

const struct field refs_fields[REFS__MAX + 1] = {
	[REFS_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[REFS_CATEGORY] = { "category", FIELD_LINE, 0, 1, 40, NULL },
	[REFS_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[REFS__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* Whether the row key names exists: 1, 0, or -1 on a database error. */
static int
refs_exists(struct db *db, enum refs_key key, struct db_val v)
{
	switch (key) {
	case REFS_PERSON_ID:
		return person_exists(db, v.i);
	case REFS_CATEGORY:
		return category_exists(db, v.s);
	default:
		return zone_exists(db, v.i);
	}
}

int
refs_check(struct db *db, json_t *in, struct problem *p)
{
	static const char *const missing[REFS__MAX] = {
		"err_no_person",   /* REFS_PERSON_ID */
		"err_no_category", /* REFS_CATEGORY */
		"err_no_zone",     /* REFS_ZONE_ID */
	};
	struct db_val v;
	int k, rc, bad = 0;

	for (k = 0; k < REFS__MAX; k++) {
		v = input_val(in, refs_fields, k);
		if (v.type == DB_NULL)
			continue;
		rc = refs_exists(db, (enum refs_key)k, v);
		if (rc == -1)
			return tx_problem(db, p);
		if (rc == 0)
			bad = problem_add(p, missing[k], refs_fields[k].name,
			    0);
	}
	return bad;
}

int
refs_found(struct db *db, const char *sql, json_t *v, const char *field,
    const char *missing, struct problem *p)
{
	struct db_val arg;
	int64_t one;
	int rc;

	if (!json_is_integer(v))
		return 0;
	arg = DBV_INT(json_integer_value(v));
	rc = db_int(db, sql, &arg, 1, &one);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, missing, field, 0);
	return 0;
}
