/*
 * dump_json against jansson: for every document, the bytes json_dumps
 * (JSON_COMPACT) writes, appended after what the buffer held, and where
 * jansson fails (text that is not UTF-8, a loop, a bare value) the same
 * failure and the same partial output a callback would have received.
 * Documents: every ASCII byte and each UTF-8 length in values and keys,
 * keys with NULs, the integers' ends, reals, empty and deep containers,
 * ill-formed text of every kind, parsed \u escapes, and thousands of
 * random trees.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "render/dump.h"

/* Text jansson refuses to dump (made with the unchecked constructor). */
static const char *const ill[] = {
	"\x80", "a\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
	"\xe0\x9f\xbf", "\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf", "\xed\xa0\x80",
	"\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",
	"caf\xc3", "\xe2\x82", "\xf0\x9f\x8d", "\xc3" "a", "\xe2\x28\xa1",
};

static int
collect(const char *p, size_t n, void *arg)
{
	buf_add(arg, p, n);
	return 0;
}

/* dump_json(v) after a prefix is the prefix and exactly jansson's bytes. */
static void
same(json_t *v, const char *what)
{
	struct buf got = BUF_INIT, want = BUF_INIT;
	char *text = json_dumps(v, JSON_COMPACT);
	int rc, jrc;

	buf_adds(&got, "<>");
	rc = dump_json(&got, v);
	jrc = json_dump_callback(v, collect, &want, JSON_COMPACT);
	is_int(rc, jrc, "%s: the same answer (%d)", what, jrc);
	if (text != NULL)
		is_str(want.ptr, text, "%s: jansson's callback is json_dumps",
		    what);
	ok(got.len == 2 + want.len && memcmp(got.ptr, "<>", 2) == 0 &&
		(want.len == 0 || memcmp(got.ptr + 2, want.ptr, want.len) == 0),
	    "%s: the same %zu bytes", what, want.len);
	if (got.len != 2 + want.len ||
	    (want.len > 0 && memcmp(got.ptr + 2, want.ptr, want.len) != 0))
		printf("#   got  %s\n#   want %s\n", got.ptr + 2,
		    want.ptr ? want.ptr : "");
	ok(got.ptr[got.len] == '\0', "%s: terminated", what);
	free(text);
	buf_free(&got);
	buf_free(&want);
}

/* Every ASCII byte and each UTF-8 length, as values and as keys. */
static void
dump_text(void)
{
	json_t *o = json_object(), *a = json_array();
	char s[2], key[8];
	int c;

	for (c = 0; c < 0x80; c++) {
		s[0] = (char)c;
		snprintf(key, sizeof(key), "k%02x", c);
		json_object_set_new(o, key, json_stringn(s, 1));
		json_array_append_new(a, json_stringn(s, 1));
		json_object_setn_new(o, s, 1, json_integer(c));
	}
	json_array_append_new(a, json_string("se\xc3\xb1ora \xe2\x80\xa8"
					     " \xf0\x9f\x8d\x9e \xf4\x8f\xbf\xbf"
					     " \xee\x80\x80 \xc2\x80"));
	json_array_append_new(a, json_stringn("a\0b\0", 4));
	json_array_append_new(a, json_string("\"quoted\\ /slash/ \x7f"));
	json_array_append_new(a, json_string(""));
	json_object_setn_new(o, "nul\0key", 7, json_true());
	json_object_set_new(o, "\xc3\xb1\"\\\n", json_false());
	json_object_set_new(o, "", json_null());
	json_object_set_new(o, "values", a);
	same(o, "every byte, every length");
	json_decref(o);
}

static void
dump_numbers(void)
{
	static const json_int_t ints[] = { 0, 1, -1, 9, 10, -10, 99, 100,
		1234567890, INT_MAX, INT_MIN, (json_int_t)INT_MAX + 1,
		LLONG_MAX, LLONG_MIN, LLONG_MIN + 1, LLONG_MAX - 1,
		1000000000000000000LL, -999999999999999999LL };
	static const double reals[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1e-7,
		3.0e-5, 1e21, 1e300, -1e-300, 123456789.123, 5e-324,
		1.7976931348623157e308, 2.5, 100.0, 1e16, 1e17 };
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		json_array_append_new(a, json_integer(ints[i]));
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		json_array_append_new(a, json_real(reals[i]));
	same(a, "integers to both ends, reals");
	json_decref(a);
}

/* Empty containers, nesting at the depth limit and past it, loops. */
static void
dump_shapes(void)
{
	json_t *v = json_pack("{s:[],s:{},s:[[],{},[{}]],s:{s:{s:[]}}}", "a",
	    "o", "n", "deep", "x", "y");
	json_t *deep, *top;
	int i;

	same(v, "empty containers");
	json_decref(v);
	v = json_array();
	same(v, "an empty array");
	json_decref(v);
	v = json_object();
	same(v, "an empty object");
	json_decref(v);
	for (i = DUMP_DEPTH - 2; i <= DUMP_DEPTH + 40; i += 21) {
		int k;

		deep = json_pack("{s:s}", "end", "\xc3\xb1");
		for (k = 0; k < i; k++)
			deep = k % 2 ? json_pack("[o]", deep)
				     : json_pack("{s:o}", "in", deep);
		same(deep, "nested deep");
		json_decref(deep);
	}
	/* A loop: jansson refuses it, and so must this. */
	top = json_array();
	v = json_object();
	json_array_append(top, v);
	json_object_set(v, "back", top);
	same(top, "a loop");
	json_object_clear(v);
	json_decref(v);
	json_decref(top);
	/* Without JSON_ENCODE_ANY a bare value is refused, nothing written. */
	v = json_string("bare");
	same(v, "a bare string");
	json_decref(v);
	same(json_null(), "a bare null");
}

/* Ill-formed text as a value and as a key, alone and deep in a document. */
static void
dump_ill(void)
{
	json_t *v;
	size_t i;

	for (i = 0; i < sizeof(ill) / sizeof(ill[0]); i++) {
		v = json_pack("{s:i,s:[s,o]}", "id", 1, "rows", "fine",
		    json_stringn_nocheck(ill[i], strlen(ill[i])));
		same(v, "ill-formed value");
		json_decref(v);
		v = json_object();
		json_object_set_new(v, "before", json_integer(2));
		json_object_set_new_nocheck(v, ill[i], json_integer(3));
		same(v, "ill-formed key");
		json_decref(v);
	}
}

/* Text parsed from \u escapes: BMP, a surrogate pair, controls, NUL. */
static void
dump_parsed(void)
{
	static const char *const docs[] = {
		"{\"a\":\"\\u00f1\\u2028\\ud83c\\udf5e\\u0000\\u001f\\u007f\"}",
		"[\"\\b\\f\\n\\r\\t\\\"\\\\\\/\",1e2,-0.5,12345678901234567]",
		"{\"\\u00e9t\\u00e9\":{\"x\":[true,false,null,\"\"]}}",
	};
	json_t *v;
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		v = json_loads(docs[i], JSON_ALLOW_NUL, NULL);
		ok(v != NULL, "parsed document %zu", i);
		same(v, docs[i]);
		json_decref(v);
	}
}

/* A random string: ASCII, escapes, every length, now and then ill-formed. */
static json_t *
random_text(unsigned *seed)
{
	static const char *const bits[] = { "a", "Z", " ", "\"", "\\", "/",
		"\n", "\t", "\x01", "\x1f", "\x7f", "\xc3\xb1", "\xe2\x82\xac",
		"\xf0\x9f\x8d\x9e", "0", "\0", "{", "<" };
	struct buf b = BUF_INIT;
	json_t *s;
	int i, n = rand_r(seed) % 12;

	for (i = 0; i < n; i++) {
		const char *p = bits[rand_r(seed) % (sizeof(bits) /
							  sizeof(bits[0]))];

		buf_add(&b, p, *p ? strlen(p) : 1);
	}
	if (rand_r(seed) % 40 == 0)
		buf_adds(&b, ill[rand_r(seed) % (sizeof(ill) / sizeof(ill[0]))]);
	s = json_stringn_nocheck(b.ptr ? b.ptr : "", b.len);
	buf_free(&b);
	return s;
}

static json_t *
random_tree(unsigned *seed, int depth)
{
	int kind = rand_r(seed) % (depth > 5 ? 6 : 8), i, n;
	json_t *v, *k;

	switch (kind) {
	case 0:
		return random_text(seed);
	case 1:
		return json_integer((json_int_t)rand_r(seed) *
		    (rand_r(seed) % 2 ? -99991 : 7));
	case 2:
		return json_real((double)rand_r(seed) / (rand_r(seed) + 1));
	case 3:
		return rand_r(seed) % 2 ? json_true() : json_false();
	case 4:
	case 5:
		return json_null();
	case 6:
		v = json_array();
		n = rand_r(seed) % 6;
		for (i = 0; i < n; i++)
			json_array_append_new(v, random_tree(seed, depth + 1));
		return v;
	default:
		v = json_object();
		n = rand_r(seed) % 6;
		for (i = 0; i < n; i++) {
			k = random_text(seed);
			json_object_setn_new_nocheck(v, json_string_value(k),
			    json_string_length(k), random_tree(seed, depth + 1));
			json_decref(k);
		}
		return v;
	}
}

int
main(void)
{
	unsigned seed = 14;
	char what[32];
	json_t *v;
	int i;

	dump_text();
	dump_numbers();
	dump_shapes();
	dump_ill();
	dump_parsed();
	for (i = 0; i < 3000; i++) {
		v = json_pack("[o,o]", random_tree(&seed, 0),
		    random_tree(&seed, 0));
		snprintf(what, sizeof(what), "random tree %d", i);
		same(v, what);
		json_decref(v);
	}
	return tap_done();
}
