/* Reference checks shared by asks and offers, so errors name the field. */
#include "refs.h"
#include "tx.h"
#include "category.h"
#include "listing.h"
#include "person.h"
#include "zone.h"
#include "util/banned.h"

static int
refs_result(struct db *db, int rc, const char *msg, const char *field,
    struct problem *p)
{
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_INVALID, msg, field, 0);
	return 0;
}

int
refs_check(struct db *db, json_t *in, struct problem *p)
{
	json_t *v;

	v = json_object_get(in, "person_id");
	if (json_is_integer(v) && refs_result(db, person_exists(db,
	    json_integer_value(v)), "err_no_person", "person_id", p) == -1)
		return -1;
	v = json_object_get(in, "category");
	if (json_is_string(v) && refs_result(db, category_exists(db,
	    json_string_value(v)), "err_no_category", "category", p) == -1)
		return -1;
	v = json_object_get(in, "zone_id");
	if (json_is_integer(v) && refs_result(db, zone_exists(db,
	    json_integer_value(v)), "err_no_zone", "zone_id", p) == -1)
		return -1;
	return 0;
}
