/* JSON out as jansson's compact dump writes it, in fewer steps (dump.h). */
#include <string.h>

#include "dump.h"
#include "util/num.h"
#include "util/banned.h"

/* Room for a real as jansson writes it (its own limit is 100), or an
 * integer. */
#define DUMP_REAL_LEN 128

static const char dump_hex[] = "0123456789ABCDEF";

/* Append n bytes; the buffer is terminated once, at the end of dump_json. */
static void
dump_put(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
}

static void
dump_c(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		buf_grow(b, 1);
	b->ptr[b->len++] = c;
}

/*
 * The length of the multi-byte sequence at s as jansson's utf8_iterate
 * takes it (2 to 4, no overlong form, no surrogate, none past U+10FFFF),
 * or 0 where jansson refuses the text.
 */
static size_t
dump_utf8(const unsigned char *s, const unsigned char *end)
{
	unsigned c = s[0], cp;
	size_t n, i;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if ((size_t)(end - s) < n)
		return 0;
	cp = c & (0x7fu >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A quote, a backslash or a control character, escaped as jansson does. */
static void
dump_escape(struct buf *b, unsigned char c)
{
	static const char from[] = "\"\\\b\f\n\r\t", to[] = "\"\\bfnrt";
	const char *at = c != 0 ? strchr(from, c) : NULL;
	char e[6] = { '\\', 'u', '0', '0', dump_hex[c >> 4], dump_hex[c & 15] };

	if (at != NULL) {
		e[1] = to[at - from];
		dump_put(b, e, 2);
	} else
		dump_put(b, e, sizeof(e));
}

/* str[0..len) quoted; -1 where jansson finds it is not UTF-8. */
static int
dump_string(struct buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + len,
			    *run = s;
	size_t n;

	/* Most text needs no escape: its quotes and itself in one step. */
	buf_grow(b, len + 2);
	b->ptr[b->len++] = '"';
	while (s < end) {
		/* The common case first, so that it is a tight loop. */
		if (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\') {
			s++;
			continue;
		}
		if (*s >= 0x80) {
			n = dump_utf8(s, end);
			if (n == 0)
				return -1;
			s += n;
		} else {
			dump_put(b, run, (size_t)(s - run));
			dump_escape(b, *s);
			run = ++s;
		}
	}
	dump_put(b, run, (size_t)(s - run));
	dump_c(b, '"');
	return 0;
}

static int dump_value(struct buf *, json_t *, int depth);

static int
dump_object(struct buf *b, json_t *o, int depth)
{
	void *it = json_object_iter(o);

	dump_c(b, '{');
	while (it != NULL) {
		if (dump_string(b, json_object_iter_key(it),
			json_object_iter_key_len(it)) == -1)
			return -1;
		dump_c(b, ':');
		if (dump_value(b, json_object_iter_value(it), depth + 1) == -1)
			return -1;
		it = json_object_iter_next(o, it);
		if (it != NULL)
			dump_c(b, ',');
	}
	dump_c(b, '}');
	return 0;
}

static int
dump_array(struct buf *b, json_t *a, int depth)
{
	size_t i, n = json_array_size(a);

	dump_c(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			dump_c(b, ',');
		if (dump_value(b, json_array_get(a, i), depth + 1) == -1)
			return -1;
	}
	dump_c(b, ']');
	return 0;
}

static int
dump_value(struct buf *b, json_t *v, int depth)
{
	char text[DUMP_REAL_LEN];
	size_t n;

	if (depth > DUMP_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return dump_object(b, v, depth);
	case JSON_ARRAY:
		return dump_array(b, v, depth);
	case JSON_STRING:
		return dump_string(b, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		n = num_format(text, json_integer_value(v));
		dump_put(b, text, n);
		return 0;
	case JSON_REAL:
		/* Rare in a page, and its digits are jansson's own choice. */
		n = json_dumpb(v, text, sizeof(text),
		    JSON_ENCODE_ANY | JSON_COMPACT);
		if (n == 0 || n > sizeof(text))
			return -1;
		dump_put(b, text, n);
		return 0;
	case JSON_TRUE:
		dump_put(b, "true", 4);
		return 0;
	case JSON_FALSE:
		dump_put(b, "false", 5);
		return 0;
	case JSON_NULL:
		dump_put(b, "null", 4);
		return 0;
	}
	return -1;
}

/* json_dump_callback's writer, for what is left to jansson. */
static int
dump_add(const char *p, size_t n, void *arg)
{
	buf_add(arg, p, n);
	return 0;
}

int
dump_json(struct buf *b, json_t *v)
{
	size_t start = b->len;

	/* Like jansson's without JSON_ENCODE_ANY: an object or an array. */
	if ((json_is_object(v) || json_is_array(v)) &&
	    dump_value(b, v, 0) == 0) {
		b->ptr[b->len] = '\0';
		return 0;
	}
	b->len = start;
	if (b->ptr != NULL)
		b->ptr[start] = '\0';
	return json_dump_callback(v, dump_add, b, JSON_COMPACT);
}
