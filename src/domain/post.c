/* Create, find, move and list posts, for every kind alike. */
#include "post.h"
#include "audit.h"
#include "input.h"
#include "tx.h"
#include "refs.h"
#include "status.h"
#include "util/clock.h"
#include "util/banned.h"

const struct field post_list_fields[POST_LIST__MAX + 1] = {
	[POST_LIST_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0, status_names },
	[POST_LIST_ZONE_ID] = { "zone_id", FIELD_INT, 0, 1, INT64_MAX, NULL },
	[POST_LIST_CATEGORY] = { "category", FIELD_LINE, 0, 1, 40, NULL },
	[POST_LIST_PERSON_ID] = { "person_id", FIELD_INT, 0, 1, INT64_MAX,
	    NULL },
	[POST_LIST_Q] = { "q", FIELD_LINE, 0, 0, 100, NULL },
	LISTING_PAGE_FIELDS(POST_LIST),
	[POST_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
post_find(const struct post_kind *k, struct db *db, int64_t id,
    int64_t zone_user, json_t **out, struct problem *p)
{
	struct db_val args[2] = { DBV_INT(id), DBV_INT(zone_user) };

	if (tx_row(db, zone_user != 0 ? *k->find_zones : *k->find, args,
		zone_user != 0 ? 2 : 1, out, k->not_found, p) == -1)
		return -1;
	if (k->shape != NULL)
		k->shape(*out);
	return 0;
}

int
post_lock(const struct post_kind *k, struct db *db, int64_t id,
    struct problem *p)
{
	return tx_lock(db, *k->lock, id, k->not_found, p);
}

/* The most a kind's INSERT binds: its fields, then four of every post's. */
#define POST_INSERT_MAX 16

int64_t
post_insert(const struct post_kind *k, struct db *db, json_t *in,
    const char *status, const char *created_at)
{
	struct db_val args[POST_INSERT_MAX];
	size_t n = 0;
	int64_t id;

	while (n < POST_INSERT_MAX - 4 && k->fields[n].name != NULL &&
	    (k->columns == 0 || n < k->columns)) {
		args[n] = input_val(in, k->fields, (int)n);
		n++;
	}
	args[n++] = DBV_TEXT(status);
	/* Only an insert in a closed status carries one (the demo's). */
	args[n++] = input_val(in, status_fields, STATUS_KEY_REASON);
	args[n++] = DBV_TEXT(created_at);
	args[n++] = DBV_TEXT(created_at);
	if (k->zoned)
		db_zone_scope(db,
		    json_integer_value(json_object_get(in, "zone_id")),
		    json_string_value(json_object_get(in, "category")));
	if (db_int(db, *k->insert, args, (int)n, &id) != 1 ||
	    (k->moved != NULL && k->moved(db, in, NULL, status) == -1))
		id = -1;
	db_zone_scope(db, 0, NULL);
	return id;
}

int
post_create(const struct post_kind *k, struct db *db, json_t *in, json_t **out,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	return post_create_at(k, db, in, "open", now, out, p);
}

int
post_create_at(const struct post_kind *k, struct db *db, json_t *in,
    const char *status, const char *created_at, json_t **out, struct problem *p)
{
	int64_t id;

	*out = NULL;
	if (refs_check(db, in, p) == -1)
		return -1;
	id = post_insert(k, db, in, status, created_at);
	if (id == -1)
		return tx_problem(db, p);
	return post_find(k, db, id, 0, out, p);
}

int
post_set_status(const struct post_kind *k, struct db *db, int64_t id,
    json_t *in, json_t **out, struct audit_note *note, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[5];
	json_t *cur = NULL;
	const char *from, *to;
	int rc = -1;

	*out = NULL;
	if (post_lock(k, db, id, p) == -1 ||
	    post_find(k, db, id, 0, &cur, p) == -1)
		return -1;
	from = json_string_value(json_object_get(cur, "status"));
	to = input_text(in, status_fields, STATUS_KEY_STATUS);
	if (status_check(from, in, p) == -1)
		goto out;
	clock_now(now);
	args[0] = DBV_TEXT(to);
	args[1] = input_val(in, status_fields, STATUS_KEY_REASON);
	args[2] = DBV_TEXT(now);
	args[3] = DBV_INT(id);
	args[4] = DBV_TEXT(from);
	if (db_exec(db, *k->set_status, args, 5) != 1 ||
	    (k->moved != NULL && k->moved(db, cur, from, to) == -1))
		tx_problem(db, p);
	else {
		audit_note_move(note, from, to);
		rc = post_find(k, db, id, 0, out, p);
	}
out:
	json_decref(cur);
	return rc;
}

void
post_list_vals(json_t *in, int64_t zone_user, struct db_val vals[6])
{
	vals[0] = input_val(in, post_list_fields, POST_LIST_STATUS);
	vals[1] = input_val(in, post_list_fields, POST_LIST_ZONE_ID);
	vals[2] = input_val(in, post_list_fields, POST_LIST_CATEGORY);
	vals[3] = input_val(in, post_list_fields, POST_LIST_PERSON_ID);
	vals[4] = input_val(in, post_list_fields, POST_LIST_Q);
	vals[5] = zone_user != 0 ? DBV_INT(zone_user) : DBV_NULL;
}

int
post_list(const struct post_kind *k, struct db *db, json_t *in,
    const struct db_val *vals, json_t **out, struct problem *p)
{
	int64_t limit, offset;
	json_t *row;
	size_t i;
	int rc;

	listing_page(in, &limit, &offset);
	if (k->zoned && vals[1].type == DB_INT)
		db_zone_scope(db, vals[1].i,
		    vals[2].type == DB_TEXT ? vals[2].s : NULL);
	rc = listing_run(db, k->listing, vals, limit, offset, out, p);
	db_zone_scope(db, 0, NULL);
	if (rc == -1)
		return -1;
	if (k->shape != NULL)
		json_array_foreach (json_object_get(*out, "items"), i, row)
			k->shape(row);
	return 0;
}
