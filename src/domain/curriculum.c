/* Curricula: courses of events, and who completed them, from attendance. */
#include "curriculum.h"
#include "input.h"
#include "tx.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_INSERT,
	STMT_FIND,
	STMT_EVENTS,
	STMT_PEOPLE,
	STMT_LIST,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO curriculum (name, description, created_at) "
	"VALUES (?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT id, name, description, created_at FROM curriculum "
	"WHERE id = ?",
	/* STMT_EVENTS: the index event_curriculum */
	"SELECT e.id, e.name, e.kind, e.starts AS \"date\", (SELECT count(*) "
	"FROM event_attendance a WHERE a.event_id = e.id) AS attended "
	"FROM event e WHERE e.curriculum_id = ? ORDER BY e.starts, e.id",
	/* STMT_PEOPLE: how many of its events each one came to */
	"SELECT a.person_id, p.name, count(*) AS attended FROM "
	"event_attendance a JOIN event e ON e.id = a.event_id JOIN person p "
	"ON p.id = a.person_id WHERE e.curriculum_id = ? GROUP BY "
	"a.person_id, p.name ORDER BY p.name, a.person_id",
	/* STMT_LIST */
	"SELECT c.id, c.name, c.description, (SELECT count(*) FROM event e "
	"WHERE e.curriculum_id = c.id) AS events FROM curriculum c "
	"ORDER BY c.name, c.id LIMIT 500",
};

const struct field curriculum_fields[CURRICULUM__MAX + 1] = {
	[CURRICULUM_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 2, 120,
	    NULL },
	[CURRICULUM_DESCRIPTION] = { "description", FIELD_TEXT, 0, 1, 2000,
	    NULL },
	[CURRICULUM__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

int
curriculum_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int64_t id;

	*out = NULL;
	args[0] = input_val(in, curriculum_fields, CURRICULUM_NAME);
	args[1] = input_val(in, curriculum_fields, CURRICULUM_DESCRIPTION);
	clock_now(now);
	args[2] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 3, &id) != 1)
		return tx_problem(db, p);
	return curriculum_find(db, id, out, p);
}

/* Those of people who came to all n events: new. */
static json_t *
curriculum_completed(json_t *people, size_t n)
{
	json_t *done = json_array(), *row;
	size_t i;

	json_array_foreach (people, i, row)
		if (n > 0 &&
		    json_integer_value(json_object_get(row, "attended")) ==
			(json_int_t)n)
			json_array_append(done, row);
	return done;
}

int
curriculum_find(struct db *db, int64_t id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *events, *people = NULL;

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_curriculum",
		p) == -1)
		return -1;
	events = db_rows(db, stmts[STMT_EVENTS], &arg, 1);
	if (events != NULL)
		people = db_rows(db, stmts[STMT_PEOPLE], &arg, 1);
	if (people == NULL) {
		json_decref(events);
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "completed",
	    curriculum_completed(people, json_array_size(events)));
	json_object_set_new(*out, "events", events);
	json_object_set_new(*out, "people", people);
	return 0;
}

int
curriculum_list(struct db *db, json_t **out, struct problem *p)
{
	json_t *items = db_rows(db, stmts[STMT_LIST], NULL, 0);

	*out = NULL;
	if (items == NULL)
		return tx_problem(db, p);
	*out = json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return 0;
}
