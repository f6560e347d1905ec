/*
 * Decoded input, read by key. Each field table is indexed by an enum of
 * its own (need_fields[NEED_CATEGORY], ended by an empty row at __MAX), so
 * a name is written once, in its table, and a misspelt key does not
 * compile. in is an object as field_decode makes it, or one built to the
 * same names.
 */
#ifndef INPUT_H
#define INPUT_H

#include <jansson.h>

#include "db/db.h"
#include "field.h"

/* The value of fields[key] in in, borrowed, or NULL when absent. */
json_t *input_get(json_t *in, const struct field *fields, int key);
/* Its text, or NULL when absent or not text. */
const char *input_text(json_t *in, const struct field *fields, int key);
/*
 * As a value to bind, by the field's kind: DB_INT, DB_REAL or DB_TEXT, or
 * DB_NULL when absent or of another type, and for a list of ids (read it
 * with input_get: an array of integers). Text is borrowed from in.
 */
struct db_val input_val(json_t *in, const struct field *fields, int key);
/* Set fields[key] in in to v, taking the reference. */
void input_set(json_t *in, const struct field *fields, int key, json_t *v);
/*
 * Copy from[from_key] of in, when given, to to[to_key] of out: a form's
 * field into the input of the domain call it feeds.
 */
void input_copy(json_t *in, const struct field *from, int from_key, json_t *out,
    const struct field *to, int to_key);
/*
 * The input a row holds, as an update compares with it: each field of
 * fields (ended by a NULL name) from row, an empty list or a missing
 * value as null (as an update that clears it says it); only the fields
 * has gives when has is not NULL. A new object.
 */
json_t *input_values(json_t *row, const struct field *fields, json_t *has);
/* Drop fields[key] from in. */
void input_del(json_t *in, const struct field *fields, int key);
/*
 * A record made by code as a form would make it: raw (strings, taken)
 * through fields' own checks, then made by create into *row. 0, or -1
 * with p.
 */
int input_create(struct db *, const struct field *fields, json_t *raw,
    int (*create)(struct db *, json_t *, json_t **, struct problem *),
    json_t **row, struct problem *p);

#endif
