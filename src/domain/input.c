/* Reading and writing decoded input through its declared names. */
#include "input.h"
#include "util/banned.h"

json_t *
input_get(json_t *in, const struct field *fields, int key)
{
	return json_object_get(in, fields[key].name);
}

const char *
input_text(json_t *in, const struct field *fields, int key)
{
	return json_string_value(input_get(in, fields, key));
}

struct db_val
input_val(json_t *in, const struct field *fields, int key)
{
	json_t *v = input_get(in, fields, key);

	switch (fields[key].kind) {
	case FIELD_INT:
		return json_is_integer(v) ? DBV_INT(json_integer_value(v))
					  : DBV_NULL;
	case FIELD_REAL:
		return json_is_number(v) ? DBV_REAL(json_number_value(v))
					 : DBV_NULL;
	case FIELD_BOOL:
		return json_is_boolean(v) ? DBV_INT(json_is_true(v)) : DBV_NULL;
	case FIELD_IDS:
	case FIELD_TAGS:
		/* A list is no one column: its domain writes its rows. */
		return DBV_NULL;
	default:
		return json_is_string(v) ? DBV_TEXT(json_string_value(v))
					 : DBV_NULL;
	}
}

void
input_set(json_t *in, const struct field *fields, int key, json_t *v)
{
	json_object_set_new(in, fields[key].name, v);
}

void
input_del(json_t *in, const struct field *fields, int key)
{
	json_object_del(in, fields[key].name);
}

json_t *
input_values(json_t *row, const struct field *fields, json_t *has)
{
	json_t *values = json_object(), *v;

	for (; fields->name != NULL; fields++) {
		if (has != NULL && json_object_get(has, fields->name) == NULL)
			continue;
		v = json_object_get(row, fields->name);
		if (v == NULL || (json_is_array(v) && json_array_size(v) == 0))
			v = json_null();
		else
			json_incref(v);
		json_object_set_new(values, fields->name, v);
	}
	return values;
}

void
input_copy(json_t *in, const struct field *from, int from_key, json_t *out,
    const struct field *to, int to_key)
{
	json_t *v = input_get(in, from, from_key);

	if (v != NULL)
		input_set(out, to, to_key, json_incref(v));
}

int
input_create(struct db *db, const struct field *fields, json_t *raw,
    int (*create)(struct db *, json_t *, json_t **, struct problem *),
    json_t **row, struct problem *p)
{
	json_t *in = NULL;
	int rc;

	rc = field_decode(fields, raw, 0, &in, p);
	json_decref(raw);
	if (rc == 0)
		rc = create(db, in, row, p);
	json_decref(in);
	return rc;
}
