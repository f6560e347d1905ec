/* Validation of declared inputs, shared by every form and JSON body. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/tag.h"
#include "util/utf8.h"
#include "util/window.h"
#include "util/banned.h"

/* Trim ASCII whitespace on both ends of s[0..*len); returns the new start. */
static const char *
field_trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

static int
field_text(const struct field *f, const char *s, size_t len, json_t **v,
    struct problem *p)
{
	size_t i, count;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/*
		 * A file's cells are checked one by one where they go, which
		 * names the row and lets the others through (skip_bad): a
		 * vertical tab in one cell is no reason to refuse the file.
		 */
		if ((f->flags & FIELD_VERBATIM) && c != '\0')
			continue;
		if (c < 0x20 &&
		    !(f->kind == FIELD_TEXT &&
			(c == '\n' || c == '\r' || c == '\t')))
			return problem_set(p, PROBLEM_INVALID,
			    "err_control_chars", f->name, 0);
		if (c == 0x7f)
			return problem_set(p, PROBLEM_INVALID,
			    "err_control_chars", f->name, 0);
	}
	count = utf8_count(s, len);
	if (f->max > 0 && (int64_t)count > f->max)
		return problem_set(p, PROBLEM_INVALID, "err_too_long", f->name,
		    f->max);
	if ((int64_t)count < f->min)
		return problem_set(p, PROBLEM_INVALID, "err_too_short", f->name,
		    f->min);
	*v = json_stringn(s, len);
	return 0;
}

/* Keep the digits and a leading +; 7 to 15 digits as in E.164. */
static int
field_phone(const struct field *f, const char *s, size_t len, json_t **v,
    struct problem *p)
{
	char out[24];
	size_t i, n = 0, digits = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (n + 1 >= sizeof(out))
				return problem_set(p, PROBLEM_INVALID,
				    "err_phone", f->name, 0);
			out[n++] = c;
			digits++;
		} else if (c == '+' && n == 0)
			out[n++] = c;
		else if (c != ' ' && c != '-' && c != '.' && c != '(' &&
		    c != ')')
			return problem_set(p, PROBLEM_INVALID, "err_phone",
			    f->name, 0);
	}
	if (digits < 7 || digits > 15)
		return problem_set(p, PROBLEM_INVALID, "err_phone", f->name, 0);
	*v = json_stringn(out, n);
	return 0;
}

static int
field_email(const struct field *f, const char *s, size_t len, json_t **v,
    struct problem *p)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (len > 254 || at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '.', (size_t)(s + len - at - 1)) == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_email", f->name, 0);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return problem_set(p, PROBLEM_INVALID, "err_email",
			    f->name, 0);
	*v = json_stringn(s, len);
	return 0;
}

static int
field_choice(const struct field *f, const char *s, size_t len, json_t **v,
    struct problem *p)
{
	const char *const *c;

	for (c = f->choices; *c != NULL; c++)
		if (strlen(*c) == len && memcmp(*c, s, len) == 0) {
			*v = json_string(*c);
			return 0;
		}
	return problem_set(p, PROBLEM_INVALID, "err_choice", f->name, 0);
}

/* One id of a list: an integer in JSON, its digits in a form. */
static int
field_id(const struct field *f, json_t *item, int64_t *id, struct problem *p)
{
	const char *s;
	size_t len;

	if (json_is_integer(item))
		*id = json_integer_value(item);
	else if (json_is_string(item)) {
		s = json_string_value(item);
		len = json_string_length(item);
		s = field_trim(s, &len);
		/* A form's empty value: the hidden field that says "none". */
		if (len == 0)
			return 0;
		if (num_parse_int(s, len, INT64_MIN, INT64_MAX, id) == -1)
			return problem_set(p, PROBLEM_INVALID, "err_integer",
			    f->name, 0);
	} else
		return problem_set(p, PROBLEM_INVALID, "err_type", f->name, 0);
	if (*id < 1)
		return problem_set(p, PROBLEM_INVALID, "err_range", f->name, 0);
	return 1;
}

/* A list of ids, each once, at most f->max; none: absent. */
static int
field_ids(const struct field *f, json_t *raw, json_t **v, struct problem *p)
{
	json_t *ids = json_array(), *item, *seen;
	size_t i, j;
	int64_t id;
	int rc;

	json_array_foreach (raw, i, item) {
		rc = field_id(f, item, &id, p);
		if (rc == -1)
			goto fail;
		if (rc == 0)
			continue;
		json_array_foreach (ids, j, seen)
			if (json_integer_value(seen) == id) {
				problem_set(p, PROBLEM_INVALID,
				    "err_ids_repeated", f->name, 0);
				goto fail;
			}
		if ((int64_t)json_array_size(ids) >= f->max) {
			problem_set(p, PROBLEM_INVALID, "err_ids_too_many",
			    f->name, f->max);
			goto fail;
		}
		json_array_append_new(ids, json_integer(id));
	}
	if (json_array_size(ids) > 0)
		*v = ids;
	else
		json_decref(ids);
	return 0;
fail:
	json_decref(ids);
	return -1;
}

/* Add the comma-separated tags of s to tags, each once. 0, or -1 with p. */
static int
field_tags_split(const struct field *f, const char *s, size_t len, json_t *tags,
    struct problem *p)
{
	char one[TAG_LEN_MAX + 1];
	const char *end = s + len, *comma, *word;
	json_t *seen;
	size_t i, n;

	for (; s < end; s = comma + 1) {
		comma = memchr(s, ',', (size_t)(end - s));
		if (comma == NULL)
			comma = end;
		/* "a, , b" and a trailing comma: nothing between, no tag. */
		n = (size_t)(comma - s);
		word = field_trim(s, &n);
		if (n == 0)
			continue;
		if (tag_norm(word, n, one) == -1)
			return problem_set(p, PROBLEM_INVALID, "err_tag",
			    f->name, TAG_LEN_MAX);
		json_array_foreach (tags, i, seen)
			if (strcmp(json_string_value(seen), one) == 0)
				break;
		if (i < json_array_size(tags))
			continue;
		if ((int64_t)json_array_size(tags) >= f->max)
			return problem_set(p, PROBLEM_INVALID,
			    "err_tags_too_many", f->name, f->max);
		json_array_append_new(tags, json_string(one));
	}
	return 0;
}

/* A list of tags (FIELD_TAGS); none: absent. */
static int
field_tags(const struct field *f, json_t *raw, json_t **v, struct problem *p)
{
	json_t *tags = json_array(), *item;
	const char *s;
	size_t i, len;

	json_array_foreach (raw, i, item) {
		if (!json_is_string(item)) {
			problem_set(p, PROBLEM_INVALID, "err_type", f->name, 0);
			goto fail;
		}
		s = json_string_value(item);
		len = json_string_length(item);
		if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL) {
			problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8", f->name,
			    0);
			goto fail;
		}
		if (field_tags_split(f, s, len, tags, p) == -1)
			goto fail;
	}
	if (json_array_size(tags) > 0)
		*v = tags;
	else
		json_decref(tags);
	return 0;
fail:
	json_decref(tags);
	return -1;
}

/* Windows as typed, kept in the one form window_parse reads back. */
static int
field_windows(const struct field *f, const char *s, size_t len, json_t **v,
    struct problem *p)
{
	struct windows ws;
	struct buf b = BUF_INIT;
	char *text;

	if (len > WINDOW_TEXT_MAX || memchr(s, '\0', len) != NULL)
		return problem_set(p, PROBLEM_INVALID, "err_windows", f->name,
		    0);
	text = xstrndup(s, len);
	if (window_parse(text, &ws) == -1) {
		free(text);
		return problem_set(p, PROBLEM_INVALID, "err_windows", f->name,
		    0);
	}
	free(text);
	window_format(&ws, NULL, &b);
	if (b.len > 0)
		*v = json_stringn(b.ptr, b.len);
	buf_free(&b);
	return 0;
}

/* Whether every window of ws stays within one day, as a session does. */
static int
field_within_days(const struct windows *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		if (ws->w[i].start / (24 * 60) !=
			(ws->w[i].end - 1) / (24 * 60) ||
		    ws->w[i].end % (24 * 60) == 0)
			return 0;
	return 1;
}

/* A schedule's text, read and checked: 0 and its canonical text, or -1. */
static int
field_schedule_text(const struct field *f, const char *text, json_t **v,
    struct problem *p)
{
	struct windows ws;
	struct buf b = BUF_INIT;

	if (strlen(text) > WINDOW_TEXT_MAX || window_parse(text, &ws) == -1 ||
	    !field_within_days(&ws))
		return problem_set(p, PROBLEM_INVALID, "err_schedule", f->name,
		    0);
	window_format(&ws, NULL, &b);
	if (b.len > 0)
		*v = json_stringn(b.ptr, b.len);
	buf_free(&b);
	return 0;
}

/*
 * A schedule sent as JSON slots, each checked here (a slot window_parse
 * would take past midnight is refused), then written as text for
 * field_schedule_text: one reading of a schedule, whichever way it came.
 */
static int
field_schedule(const struct field *f, json_t *raw, json_t **v,
    struct problem *p)
{
	static const char *const days[7] = { "Mon", "Tue", "Wed", "Thu", "Fri",
		"Sat", "Sun" };
	struct buf text = BUF_INIT;
	json_t *slot, *wd;
	const char *start, *end;
	size_t i;
	int rc;

	if ((int64_t)json_array_size(raw) > f->max)
		return problem_set(p, PROBLEM_INVALID, "err_schedule", f->name,
		    0);
	json_array_foreach (raw, i, slot) {
		wd = json_object_get(slot, "weekday");
		start = json_string_value(json_object_get(slot, "start"));
		end = json_string_value(json_object_get(slot, "end"));
		if (!json_is_object(slot) || json_object_size(slot) != 3 ||
		    !json_is_integer(wd) || json_integer_value(wd) < 1 ||
		    json_integer_value(wd) > 7 || civil_minutes(start) == -1 ||
		    civil_minutes(end) <= civil_minutes(start)) {
			buf_free(&text);
			return problem_set(p, PROBLEM_INVALID, "err_schedule",
			    f->name, 0);
		}
		buf_printf(&text, "%s%s %s-%s", i > 0 ? ", " : "",
		    days[json_integer_value(wd) - 1], start, end);
	}
	rc = field_schedule_text(f, text.ptr != NULL ? text.ptr : "", v, p);
	buf_free(&text);
	return rc;
}

/* Numbers come typed from JSON and as text from forms; accept both. */
static int
field_number(const struct field *f, json_t *raw, const char *s, size_t len,
    json_t **v, struct problem *p)
{
	int64_t i;
	double d;

	if (f->kind == FIELD_INT) {
		if (json_is_integer(raw))
			i = json_integer_value(raw);
		else if (s == NULL ||
		    num_parse_int(s, len, INT64_MIN, INT64_MAX, &i) == -1)
			return problem_set(p, PROBLEM_INVALID, "err_integer",
			    f->name, 0);
		if (i < f->min || i > f->max)
			return problem_set(p, PROBLEM_INVALID, "err_range",
			    f->name, 0);
		*v = json_integer(i);
		return 0;
	}
	if (json_is_number(raw))
		d = json_number_value(raw);
	else if (s == NULL || num_parse_real(s, len, -1e300, 1e300, &d) == -1)
		return problem_set(p, PROBLEM_INVALID, "err_number", f->name,
		    0);
	if (d < (double)f->min || d > (double)f->max)
		return problem_set(p, PROBLEM_INVALID, "err_range", f->name, 0);
	*v = json_real(d);
	return 0;
}

/* A checkbox's or JSON's yes or no. */
static int
field_bool(const struct field *f, json_t *raw, json_t **v, struct problem *p)
{
	static const char *const yes[] = { "1", "on", "true", NULL };
	static const char *const no[] = { "0", "off", "false", NULL };
	const char *s = json_string_value(raw);
	int i;

	*v = NULL;
	if (raw == NULL || json_is_null(raw))
		return 0;
	if (json_is_boolean(raw)) {
		*v = json_incref(raw);
		return 0;
	}
	for (i = 0; s != NULL && yes[i] != NULL; i++) {
		if (strcmp(s, yes[i]) == 0)
			*v = json_true();
		else if (strcmp(s, no[i]) == 0)
			*v = json_false();
	}
	return *v != NULL
	    ? 0
	    : problem_set(p, PROBLEM_INVALID, "err_type", f->name, 0);
}

static int
field_one(const struct field *f, json_t *raw, json_t **v, struct problem *p)
{
	const char *s = NULL, *t;
	size_t len = 0, n;

	*v = NULL;
	if (f->kind == FIELD_BOOL)
		return field_bool(f, raw, v, p);
	if (f->kind == FIELD_SCHEDULE && json_is_array(raw))
		return field_schedule(f, raw, v, p);
	if (f->kind == FIELD_IDS || f->kind == FIELD_TAGS) {
		if (raw == NULL || json_is_null(raw))
			return 0;
		if (!json_is_array(raw))
			return problem_set(p, PROBLEM_INVALID, "err_type",
			    f->name, 0);
		return f->kind == FIELD_IDS ? field_ids(f, raw, v, p)
					    : field_tags(f, raw, v, p);
	}
	if (json_is_string(raw)) {
		s = json_string_value(raw);
		len = json_string_length(raw);
		if (!utf8_valid(s, len))
			return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8",
			    f->name, 0);
		n = len;
		t = field_trim(s, &n);
		if (n == 0)
			return 0;
		if (!(f->flags & FIELD_VERBATIM)) {
			s = t;
			len = n;
		}
	} else if (raw == NULL || json_is_null(raw))
		return 0;
	else if (!json_is_number(raw) ||
	    (f->kind != FIELD_INT && f->kind != FIELD_REAL))
		return problem_set(p, PROBLEM_INVALID, "err_type", f->name, 0);

	switch (f->kind) {
	case FIELD_LINE:
	case FIELD_TEXT:
		return field_text(f, s, len, v, p);
	case FIELD_PHONE:
		return field_phone(f, s, len, v, p);
	case FIELD_EMAIL:
		return field_email(f, s, len, v, p);
	case FIELD_CHOICE:
		return field_choice(f, s, len, v, p);
	case FIELD_WINDOWS:
		return field_windows(f, s, len, v, p);
	case FIELD_SCHEDULE: {
		char *text = xstrndup(s, len);
		int rc = memchr(s, '\0', len) != NULL
		    ? problem_set(p, PROBLEM_INVALID, "err_schedule", f->name,
			  0)
		    : field_schedule_text(f, text, v, p);

		free(text);
		return rc;
	}
	case FIELD_INT:
	case FIELD_REAL:
		return field_number(f, raw, s, len, v, p);
	default:
		return problem_set(p, PROBLEM_INTERNAL, "err_internal", f->name,
		    0);
	}
}

/*
 * Each key no field declares is an invalid field of its own: a client
 * that misspells a key would otherwise see its write succeed without the
 * value.
 */
static void
field_undeclared(const struct field *fields, json_t *raw, struct problem *p)
{
	const struct field *f;
	const char *key;
	json_t *val;

	json_object_foreach (raw, key, val) {
		for (f = fields; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		if (f->name == NULL)
			problem_add(p, "err_unknown_field", key, 0);
	}
}

/*
 * Decode field f of raw into obj. 0, or -1 when the whole request fails
 * (bad UTF-8: p says so alone); an invalid value is added to p's fields
 * and decoding goes on, so that every invalid field is reported at once.
 */
static int
field_decode_one(const struct field *f, json_t *raw, int partial, json_t *obj,
    struct problem *p)
{
	struct problem one = { 0 };
	json_t *in = json_object_get(raw, f->name), *v;

	if (field_one(f, in, &v, &one) == -1) {
		if (one.kind != PROBLEM_INVALID) {
			*p = one;
			return -1;
		}
		problem_add(p, one.msg, one.field, one.arg);
		return 0;
	}
	if (v != NULL)
		json_object_set_new(obj, f->name, v);
	/* An update may leave a field out, but not empty it. */
	else if ((f->flags & FIELD_REQUIRED) && (!partial || in != NULL))
		problem_add(p, "err_required", f->name, 0);
	else if (partial && in != NULL)
		json_object_set_new(obj, f->name, json_null());
	return 0;
}

int
field_decode(const struct field *fields, json_t *raw, unsigned flags,
    json_t **out, struct problem *p)
{
	const struct field *f;
	int partial = (flags & FIELD_DECODE_PARTIAL) != 0;
	json_t *obj = json_object();

	if (flags & FIELD_DECODE_STRICT)
		field_undeclared(fields, raw, p);
	for (f = fields; f->name != NULL; f++)
		if (field_decode_one(f, raw, partial, obj, p) == -1)
			break;
	if (p->kind != PROBLEM_NONE) {
		json_decref(obj);
		return -1;
	}
	*out = obj;
	return 0;
}
