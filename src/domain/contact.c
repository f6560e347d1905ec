/* Reading a person's contact, one card at a time, for those allowed. */
#include "contact.h"
#include "need.h"
#include "person.h"
#include "privacy.h"
#include "util/banned.h"

/* The card of person_id as v may read it; 0, or -1 with p (404). */
static int
contact_card(struct db *db, const struct viewer *v, int64_t person_id,
    json_t **out, struct problem *p)
{
	json_t *person = NULL;

	if (person_find(db, person_id, &person, p) == -1)
		return -1;
	*out = json_pack("{s:I,s:O?,s:O?,s:O?,s:O?,s:O?}", "person_id",
	    (json_int_t)person_id, "name", json_object_get(person, "name"),
	    "phone", json_object_get(person, "phone"), "email",
	    json_object_get(person, "email"), "address",
	    json_object_get(person, "address"), "windows",
	    json_object_get(person, "windows"));
	json_decref(person);
	privacy_contact(v, *out);
	return 0;
}

int
contact_of_person(struct db *db, const struct viewer *v, int64_t person_id,
    json_t **out, struct problem *p)
{
	*out = NULL;
	/* The route asks for a coordinator already; the rule stays here. */
	if (!privacy_sees_all(v))
		return problem_set(p, PROBLEM_FORBIDDEN,
		    "err_contact_forbidden", NULL, 0);
	return contact_card(db, v, person_id, out, p);
}

int
contact_of_need(struct db *db, const struct viewer *v, int64_t need_id,
    json_t **out, int64_t *person_id, struct problem *p)
{
	json_t *ask = NULL;
	int rc = -1;

	*out = NULL;
	*person_id = 0;
	/* Outside a volunteer's zones the ask is not there at all: 404. */
	if (need_find(db, need_id, privacy_zone_user(v), &ask, p) == -1)
		return -1;
	if (!privacy_need_contact(v, ask)) {
		problem_set(p, PROBLEM_FORBIDDEN, "err_contact_forbidden", NULL,
		    0);
		goto out;
	}
	*person_id = json_integer_value(json_object_get(ask, "person_id"));
	if (contact_card(db, v, *person_id, out, p) == -1)
		goto out;
	json_object_set_new(*out, "need_id", json_integer(need_id));
	/* When the ask can be met, beside when the person is free. */
	json_object_set(*out, "need_windows", json_object_get(ask, "windows"));
	rc = 0;
out:
	json_decref(ask);
	return rc;
}
