/* Declared inputs: forms (strings) and JSON (typed) checked the same way. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "domain/field.h"
#include "domain/input.h"

static const char *const colours[] = { "red", "green", NULL };

enum key {
	K_NAME,
	K_NOTES,
	K_N,
	K_X,
	K_PHONE,
	K_EMAIL,
	K_COLOUR,
	K_IDS,
	K_WIN,
	K_TAGS,
	K_YES,
	K_FILE,
	K__MAX
};

static const struct field fields[K__MAX + 1] = {
	[K_NAME] = { "name", FIELD_LINE, FIELD_REQUIRED, 1, 5, NULL },
	[K_NOTES] = { "notes", FIELD_TEXT, 0, 0, 100, NULL },
	[K_N] = { "n", FIELD_INT, 0, 1, 3, NULL },
	[K_X] = { "x", FIELD_REAL, 0, -90, 90, NULL },
	[K_PHONE] = { "phone", FIELD_PHONE, 0, 0, 0, NULL },
	[K_EMAIL] = { "email", FIELD_EMAIL, 0, 0, 0, NULL },
	[K_COLOUR] = { "colour", FIELD_CHOICE, 0, 0, 0, colours },
	[K_IDS] = { "ids", FIELD_IDS, 0, 0, 3, NULL },
	[K_WIN] = { "win", FIELD_WINDOWS, 0, 0, 0, NULL },
	[K_TAGS] = { "tags", FIELD_TAGS, 0, 0, 3, NULL },
	[K_YES] = { "yes", FIELD_BOOL, 0, 0, 0, NULL },
	[K_FILE] = { "file", FIELD_TEXT, FIELD_VERBATIM, 0, 100, NULL },
	[K__MAX] = { NULL, 0, 0, 0, 0, NULL }
};

/* Decoded input read back by key, typed by its declaration (input.h). */
static void
by_key(json_t *o)
{
	struct db_val v;

	is_str(input_text(o, fields, K_NAME), "Ana", "text is read by key");
	ok(input_text(o, fields, K_N) == NULL, "an integer is no text");
	v = input_val(o, fields, K_N);
	ok(v.type == DB_INT && v.i == 2, "an integer binds as one");
	v = input_val(o, fields, K_X);
	ok(v.type == DB_REAL && v.d == 1.0,
	    "a real binds as one, though sent as an integer");
	v = input_val(o, fields, K_COLOUR);
	ok(v.type == DB_TEXT && strcmp(v.s, "red") == 0,
	    "a choice binds as text");
	input_set(o, fields, K_YES, json_true());
	v = input_val(o, fields, K_YES);
	ok(v.type == DB_INT && v.i == 1, "a yes binds as 1");
	v = input_val(o, fields, K_PHONE);
	ok(v.type == DB_NULL, "a field left out binds as NULL");
	input_set(o, fields, K_NOTES, json_string("hi"));
	is_str(json_string_value(json_object_get(o, "notes")), "hi",
	    "a value is set under its declared name");
	input_del(o, fields, K_NAME);
	ok(input_get(o, fields, K_NAME) == NULL, "and dropped by key");
}

/* Inputs refused for one field, or taken whole (""). */
static const struct {
	const char *json;
	const char *field;
	const char *what;
} cases[] = {
	{ "{}", "name", "a required field is required" },
	{ "{\"name\":\"a\",\"yes\":true}", "", "yes or no, as JSON" },
	{ "{\"name\":\"a\",\"yes\":\"on\"}", "", "or a checkbox" },
	{ "{\"name\":\"a\",\"yes\":\"maybe\"}", "yes",
	    "but nothing else" },
	{ "{\"name\":\"a\",\"yes\":1}", "yes", "not even a number" },
	{ "{\"name\":\"   \"}", "name", "blank counts as missing" },
	{ "{\"name\":\"ÁÉÍÓÚ\"}", "", "length counts characters, not bytes" },
	{ "{\"name\":\"abcdef\"}", "name", "too long is refused" },
	{ "{\"name\":\"a\\nb\"}", "name", "a line has no newline" },
	{ "{\"name\":\"a\",\"notes\":\"a\\nb\"}", "", "text may span lines" },
	{ "{\"name\":\"a\",\"notes\":\"a\\u0001\"}", "notes",
	    "control characters are refused" },
	{ "{\"name\":\"a\",\"n\":4}", "n", "out of range is refused" },
	{ "{\"name\":\"a\",\"n\":\"2x\"}", "n", "trailing junk is refused" },
	{ "{\"name\":\"a\",\"n\":2.5}", "n", "a fraction is no integer" },
	{ "{\"name\":\"a\",\"n\":\"99999999999999999999\"}", "n",
	    "overflow is refused" },
	{ "{\"name\":\"a\",\"x\":\"nan\"}", "x", "NaN is refused" },
	{ "{\"name\":\"a\",\"phone\":\"123\"}", "phone", "a phone too short" },
	{ "{\"name\":\"a\",\"phone\":\"555-CALL-NOW\"}", "phone",
	    "a phone with letters" },
	{ "{\"name\":\"a\",\"email\":\"a@b.org\"}", "", "an email" },
	{ "{\"name\":\"a\",\"email\":\"a b@c.org\"}", "email",
	    "an email with a space" },
	{ "{\"name\":\"a\",\"colour\":\"blue\"}", "colour",
	    "a choice not offered" },
	{ "{\"name\":{}}", "name", "a wrong type" },
	{ "{\"name\":\"a\",\"ids\":[1,2,3]}", "", "a list of ids" },
	{ "{\"name\":\"a\",\"ids\":[\"1\",\" 2 \",\"\"]}", "",
	    "a form's list: digits, empty values skipped" },
	{ "{\"name\":\"a\",\"ids\":[1,2,3,4]}", "ids",
	    "more ids than max are refused" },
	{ "{\"name\":\"a\",\"ids\":[1,2,1]}", "ids", "an id twice is refused" },
	{ "{\"name\":\"a\",\"ids\":[0]}", "ids", "an id from 1 up" },
	{ "{\"name\":\"a\",\"ids\":[1.5]}", "ids", "a fraction is no id" },
	{ "{\"name\":\"a\",\"ids\":[\"2x\"]}", "ids", "a form's id with junk" },
	{ "{\"name\":\"a\",\"ids\":[[1]]}", "ids", "a list in a list" },
	{ "{\"name\":\"a\",\"ids\":1}", "ids", "one id is no list" },
	{ "{\"name\":\"a\",\"ids\":\"1\"}", "ids", "nor is text, in JSON" },
	{ "{\"name\":\"a\",\"n\":[1]}", "n", "a list is no integer" },
	{ "{\"name\":\"a\",\"win\":\"Tue 17-20\"}", "", "windows" },
	{ "{\"name\":\"a\",\"win\":\"Tuesday after work\"}", "win",
	    "windows that do not parse" },
	{ "{\"name\":\"a\",\"win\":\"Mon 25:00-26:00\"}", "win",
	    "an hour past the day" },
	{ "{\"name\":\"a\",\"win\":7}", "win", "windows are text" },
	{ "{\"name\":\"a\",\"tags\":[\"a\",\"b, c\"]}", "", "three tags" },
	{ "{\"name\":\"a\",\"tags\":[\"a, b\",\"c,d\"]}", "tags",
	    "more tags than max are refused" },
	{ "{\"name\":\"a\",\"tags\":[\"A\",\"a\",\" a \",\"b\",\"c\"]}", "",
	    "the same tag written three ways counts once" },
	{ "{\"name\":\"a\",\"tags\":[\"!!\"]}", "tags",
	    "a tag of punctuation only" },
	{ "{\"name\":\"a\",\"tags\":[\"abcdefghij abcdefghij abcdefghij "
	  "abcdefghij\"]}",
	    "tags", "a tag longer than TAG_LEN_MAX" },
	{ "{\"name\":\"a\",\"tags\":[1]}", "tags", "a number is no tag" },
	{ "{\"name\":\"a\",\"tags\":\"a\"}", "tags",
	    "tags in JSON are a list" },
};

/* Decode a JSON text; return the failing field, or "" on success. */
static const char *
check(const char *text, unsigned flags, json_t **out)
{
	static char field[32];
	struct problem p = { 0 };
	json_t *raw = json_loads(text, 0, NULL), *o = NULL;
	int rc = field_decode(fields, raw, flags, &o, &p);

	/* Before raw goes: an undeclared key's name is raw's. */
	snprintf(field, sizeof(field), "%s", rc == 0 ? "" : p.field);
	json_decref(raw);
	if (out != NULL)
		*out = o;
	else
		json_decref(o);
	return field;
}

/* Decode text with flags; the fields p lists, joined by commas. */
static const char *
listed(const char *text, unsigned flags, struct problem *p)
{
	static char out[256];
	json_t *raw = json_loads(text, 0, NULL), *o = NULL;
	size_t i, n = 0;

	*p = (struct problem){ 0 };
	out[0] = '\0';
	if (field_decode(fields, raw, flags, &o, p) == -1)
		for (i = 0; i < p->nfields; i++)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
			    i ? "," : "", p->fields[i].field);
	json_decref(raw);
	json_decref(o);
	return out;
}

/* Every invalid field at once; the first is the problem's own. */
static void
every_field(void)
{
	struct problem p;
	char many[1024];
	size_t i, n;

	is_str(listed("{\"n\":9,\"x\":\"y\",\"phone\":\"abc\","
		      "\"email\":\"no\",\"colour\":\"blue\"}",
		   0, &p),
	    "name,n,x,phone,email,colour", "every invalid field is listed");
	is_str(p.field, "name", "the first is the problem's field");
	is_str(p.msg, "err_required", "with its message");
	is_str(p.fields[1].msg, "err_range", "each field has its own message");
	ok(p.kind == PROBLEM_INVALID, "a 422");
	is_str(listed("{\"name\":\"abcdefg\",\"zz\":1,\"aa\":2}",
		   FIELD_DECODE_STRICT, &p),
	    "zz,aa,name",
	    "in JSON, undeclared keys first, then the declared fields");
	is_int(p.fields[2].arg, 5, "a message's number is kept per field");
	is_str(listed("{\"name\":\"\\u00ff\",\"notes\":\"a\\u0001\","
		      "\"n\":0}",
		   0, &p),
	    "notes,n", "a valid field is not listed");

	/* Bad UTF-8 is a bad request, not a field to fix: it stands alone. */
	{
		json_t *raw = json_object(), *o = NULL;

		json_object_set_new(raw, "n", json_string("x"));
		json_object_set_new(raw, "notes",
		    json_stringn_nocheck("\xff", 1));
		p = (struct problem){ 0 };
		is_int(field_decode(fields, raw, 0, &o, &p), -1,
		    "bad UTF-8 fails");
		ok(p.kind == PROBLEM_BAD_REQUEST && p.nfields == 1 &&
			strcmp(p.field, "notes") == 0,
		    "as a 400 of its own");
		json_decref(raw);
	}

	n = (size_t)snprintf(many, sizeof(many), "{");
	for (i = 0; i < PROBLEM_FIELDS_MAX + 5; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "\"k%zu\":1,",
		    i);
	snprintf(many + n, sizeof(many) - n, "\"name\":\"a\"}");
	listed(many, FIELD_DECODE_STRICT, &p);
	is_int((long)p.nfields, PROBLEM_FIELDS_MAX,
	    "the list stops at PROBLEM_FIELDS_MAX");

	problem_set(&p, PROBLEM_CONFLICT, "err_transition", NULL, 0);
	is_int((long)p.nfields, 0, "problem_set says one problem alone");
	problem_add(&p, "err_no_zone", "zone_id", 0);
	ok(p.kind == PROBLEM_INVALID && p.nfields == 1 &&
		strcmp(p.field, "zone_id") == 0,
	    "a field added to another problem replaces it");
}

/* Lists of ids and windows come out clean, typed and canonical. */
static void
lists_and_windows(void)
{
	json_t *o, *ids;

	is_str(check("{\"name\":\"a\",\"ids\":[\"3\",\"\",\"1\"],"
		     "\"win\":\"sat 10-12:30, tue 5-8pm\"}",
		   0, &o),
	    "", "a list and windows decode");
	ids = input_get(o, fields, K_IDS);
	ok(json_array_size(ids) == 2 &&
		json_integer_value(json_array_get(ids, 0)) == 3 &&
		json_integer_value(json_array_get(ids, 1)) == 1,
	    "the ids as integers, in the order sent");
	is_str(input_text(o, fields, K_WIN), "Tue 17:00-20:00, Sat 10:00-12:30",
	    "windows kept as their canonical text");
	ok(input_val(o, fields, K_IDS).type == DB_NULL,
	    "a list is no value to bind");
	json_decref(o);
	is_str(check("{\"name\":\"a\",\"ids\":[\"\"]}", 0, &o), "",
	    "a list of nothing");
	ok(input_get(o, fields, K_IDS) == NULL, "is absent");
	json_decref(o);
	is_str(check("{\"ids\":[]}", FIELD_DECODE_PARTIAL, &o), "",
	    "an update may empty a list");
	ok(json_is_null(input_get(o, fields, K_IDS)), "as null");
	json_decref(o);
	is_str(check("{\"win\":\" \"}", FIELD_DECODE_PARTIAL, &o), "",
	    "and clear the windows");
	ok(json_is_null(input_get(o, fields, K_WIN)), "as null too");
	json_decref(o);
}

/* Tags come out in the one form they are counted in, each once. */
static void
tags(void)
{
	json_t *o, *t;

	is_str(check("{\"name\":\"a\",\"tags\":[\"No heat!, Sin "
		     "calefacción\",\" ,\","
		     "\"no  HEAT\"]}",
		   0, &o),
	    "", "tags from a form's field");
	t = input_get(o, fields, K_TAGS);
	ok(json_array_size(t) == 2, "one tag twice is kept once");
	is_str(json_string_value(json_array_get(t, 0)), "no-heat",
	    "folded, words joined by '-'");
	is_str(json_string_value(json_array_get(t, 1)), "sin-calefaccion",
	    "accents go, as in a search");
	ok(input_val(o, fields, K_TAGS).type == DB_NULL,
	    "tags are no value to bind");
	json_decref(o);
	is_str(check("{\"name\":\"a\",\"tags\":[\" , \"]}", 0, &o), "",
	    "only commas");
	ok(input_get(o, fields, K_TAGS) == NULL, "are no tags");
	json_decref(o);
}

/* A file's text is kept as sent; blanks alone are none. */
static void
verbatim(void)
{
	json_t *o;

	is_str(check("{\"name\":\"a\",\"file\":\"\\tName\\r\\n\"}", 0, &o), "",
	    "a file's text decodes");
	is_str(input_text(o, fields, K_FILE), "\tName\r\n",
	    "kept as sent, not trimmed");
	json_decref(o);
	is_str(check("{\"name\":\"a\",\"file\":\" \\r\\n\"}", 0, &o), "",
	    "blanks alone decode");
	ok(input_get(o, fields, K_FILE) == NULL, "as no text");
	json_decref(o);
}

int
main(void)
{
	json_t *o;
	size_t i;

	is_str(check("{\"name\":\" Ana \",\"n\":\"2\",\"x\":\"-3.5\"}", 0, &o),
	    "", "form strings decode");
	is_str(json_string_value(json_object_get(o, "name")), "Ana",
	    "text is trimmed");
	is_int(json_integer_value(json_object_get(o, "n")), 2,
	    "a number from a form becomes an integer");
	ok(json_real_value(json_object_get(o, "x")) == -3.5,
	    "a decimal from a form becomes a real");
	json_decref(o);
	is_str(check("{\"name\":\"Ana\",\"extra\":1}", 0, &o), "",
	    "undeclared keys are dropped");
	ok(json_object_get(o, "extra") == NULL, "and never reach the handler");
	json_decref(o);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(check(cases[i].json, 0, NULL), cases[i].field, "%s",
		    cases[i].what);
	is_str(
	    check("{\"name\":\"a\",\"phone\":\"+34 (600) 12-34-56\"}", 0, &o),
	    "", "a phone with separators");
	is_str(json_string_value(json_object_get(o, "phone")), "+34600123456",
	    "is kept as + and digits");
	json_decref(o);

	is_str(check("{\"phone\":\"\"}", FIELD_DECODE_PARTIAL, &o), "",
	    "an update may clear");
	ok(json_is_null(json_object_get(o, "phone")), "as null");
	ok(json_object_get(o, "name") == NULL, "leaving out what it omits");
	json_decref(o);
	is_str(check("{\"name\":\"\"}", FIELD_DECODE_PARTIAL, NULL), "name",
	    "an update cannot empty a required field");

	/* JSON (strict): a key no field declares is named, not dropped. */
	is_str(
	    check("{\"name\":\"Ana\",\"extra\":1}", FIELD_DECODE_STRICT, NULL),
	    "extra", "in JSON an undeclared key is refused");
	is_str(check("{\"nmae\":\"Ana\"}",
		   FIELD_DECODE_STRICT | FIELD_DECODE_PARTIAL, NULL),
	    "nmae", "in an update too, rather than a write that drops it");
	is_str(check("{\"name\":\"Ana\",\"phone\":null}",
		   FIELD_DECODE_STRICT | FIELD_DECODE_PARTIAL, NULL),
	    "", "declared keys alone pass");

	is_str(check("{\"name\":\"Ana\",\"n\":\"2\",\"x\":1,"
		     "\"colour\":\"red\"}",
		   0, &o),
	    "", "input to read by key");
	by_key(o);
	json_decref(o);
	lists_and_windows();
	tags();
	verbatim();
	every_field();
	return tap_done();
}
