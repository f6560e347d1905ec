/* Decoders for request text: every byte here comes from the network. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

void
response_header(struct response *r, const char *name, const char *value)
{
	if (r->nheaders == RESPONSE_HEADERS_MAX)
		return;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

void
response_free(struct response *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i].value);
	r->nheaders = 0;
	buf_free(&r->body);
	if (r->stream.free != NULL)
		r->stream.free(r->stream.arg);
	memset(&r->stream, 0, sizeof(r->stream));
}

void
request_free(struct request *req)
{
	buf_free(&req->body);
	free(req->path);
	json_decref(req->query);
	json_decref(req->raw);
	json_decref(req->input);
	req->path = NULL;
	req->query = req->raw = req->input = NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decode s[0..len) into b; plus is a space when plus is set. */
static int
request_unescape(struct buf *b, const char *s, size_t len, int plus)
{
	size_t i;

	buf_grow(b, len);
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			buf_addc(b, (char)(hi << 4 | lo));
			i += 2;
		} else if (s[i] == '+' && plus)
			buf_addc(b, ' ');
		else
			buf_addc(b, s[i]);
	}
	if (b->ptr == NULL)
		buf_grow(b, 0);
	b->ptr[b->len] = '\0';
	return utf8_valid(b->ptr, b->len) ? 0 : -1;
}

/* Whether name is a list in fields (FIELD_IDS, FIELD_TAGS); fields may be
 * NULL. */
static int
request_is_list(const struct field *fields, const char *name)
{
	for (; fields != NULL && fields->name != NULL; fields++)
		if ((fields->kind == FIELD_IDS || fields->kind == FIELD_TAGS) &&
		    strcmp(fields->name, name) == 0)
			return 1;
	return 0;
}

/* Set name to value in obj: appended when name is a list, else replaced. */
static void
request_set(json_t *obj, const struct field *lists, const char *name,
    json_t *value)
{
	json_t *list;

	if (!request_is_list(lists, name)) {
		json_object_set_new(obj, name, value);
		return;
	}
	list = json_object_get(obj, name);
	if (list == NULL) {
		list = json_array();
		json_object_set_new(obj, name, list);
	}
	json_array_append_new(list, value);
}

json_t *
request_urlencoded(const char *s, size_t len)
{
	return request_form(s, len, NULL);
}

json_t *
request_form(const char *s, size_t len, const struct field *fields)
{
	json_t *obj = json_object();
	struct buf k = BUF_INIT, v = BUF_INIT;
	const char *end = s + len, *amp, *eq;

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		if (eq == NULL)
			eq = amp;
		buf_reset(&k);
		buf_reset(&v);
		if (request_unescape(&k, s, (size_t)(eq - s), 1) == -1 ||
		    (eq < amp &&
			request_unescape(&v, eq + 1, (size_t)(amp - eq - 1),
			    1) == -1)) {
			json_decref(obj);
			obj = NULL;
			break;
		}
		if (k.len > 0)
			request_set(obj, fields, k.ptr,
			    json_stringn(v.ptr ? v.ptr : "", v.len));
		s = amp + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return obj;
}

/* Bounds on a part's headers: a browser sends two or three short ones. */
#define MULTIPART_HEADERS_MAX 4096
/* RFC 2046's limit on a boundary's length. */
#define MULTIPART_BOUNDARY_MAX 70

/*
 * A parameter's value at s (up to end): a token, or a quoted-string with
 * its backslash escapes undone, into out. The byte after it, or NULL when
 * it is an unclosed quote.
 */
static const char *
multipart_value(const char *s, const char *end, struct buf *out)
{
	buf_reset(out);
	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			buf_addc(out, *s);
		}
		if (s == end)
			return NULL;
		s++;
	} else
		for (; s < end && *s != ';' && *s != ' ' && *s != '\t'; s++)
			buf_addc(out, *s);
	if (out->ptr == NULL)
		buf_grow(out, 0);
	out->ptr[out->len] = '\0';
	return s;
}

/*
 * The parameter name of a header value "type; a=1; b="2"" (s up to end)
 * into out: 1 found, 0 absent, -1 malformed. Names match in any case.
 */
static int
multipart_param(const char *s, const char *end, const char *name,
    struct buf *out)
{
	size_t nlen = strlen(name);
	const char *key;
	int match;

	s = memchr(s, ';', (size_t)(end - s));
	while (s != NULL) {
		for (s++; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		key = s;
		while (s < end && *s != '=' && *s != ';')
			s++;
		if (s == end)
			return 0;
		if (*s == ';')
			continue;
		match = (size_t)(s - key) == nlen &&
		    strncasecmp(key, name, nlen) == 0;
		/* Read whole, so that a quoted value's ';' is no separator. */
		s = multipart_value(s + 1, end, out);
		if (s == NULL)
			return -1;
		if (match)
			return 1;
		s = memchr(s, ';', (size_t)(end - s));
	}
	return 0;
}

/*
 * The boundary of a multipart Content-Type, into out (as "--boundary"):
 * 0, or -1 when it has none or one of a length RFC 2046 does not allow.
 */
static int
multipart_boundary(const char *ct, struct buf *out)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (ct != NULL &&
	    multipart_param(ct, ct + strlen(ct), "boundary", &b) == 1 &&
	    b.len >= 1 && b.len <= MULTIPART_BOUNDARY_MAX) {
		buf_reset(out);
		buf_adds(out, "--");
		buf_add(out, b.ptr, b.len);
		rc = 0;
	}
	buf_free(&b);
	return rc;
}

/*
 * After a delimiter at s: the byte past its line end, *last set when it
 * is the closing one ("--"); NULL when something else follows it (the
 * delimiter's text inside a value). Lines may end in LF alone.
 */
static const char *
multipart_after(const char *s, const char *end, int *last)
{
	*last = end - s >= 2 && s[0] == '-' && s[1] == '-';
	if (*last)
		return s + 2;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '\r')
		s++;
	return s < end && *s == '\n' ? s + 1 : NULL;
}

/*
 * The next delimiter line at or after s, where a line begins: its start
 * (the line end before it included), *next past it, *last as above; NULL
 * when there is none.
 */
static const char *
multipart_next(const char *s, const char *end, const struct buf *delim,
    const char **next, int *last)
{
	const char *at = s;

	while (at < end) {
		at = memmem(at, (size_t)(end - at), delim->ptr, delim->len);
		if (at == NULL)
			return NULL;
		if (at == s || at[-1] == '\n') {
			*next = multipart_after(at + delim->len, end, last);
			if (*next != NULL) {
				if (at > s && at[-1] == '\n')
					at--;
				if (at > s && at[-1] == '\r')
					at--;
				return at;
			}
		}
		at++;
	}
	return NULL;
}

/* Whether s (up to end) begins with the disposition type form-data. */
static int
multipart_form_data(const char *s, const char *end)
{
	return end - s >= 9 && strncasecmp(s, "form-data", 9) == 0 &&
	    (end - s == 9 || s[9] == ';' || s[9] == ' ' || s[9] == '\t');
}

/*
 * A part's headers (s up to end, its empty line excluded): the name of
 * its Content-Disposition into name and, when it gives a filename (a
 * file), *is_file set. 0, or -1 when it has none or no name.
 */
static int
multipart_headers(const char *s, const char *end, struct buf *name,
    int *is_file)
{
	struct buf file = BUF_INIT;
	int named = 0;

	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *colon, *v, *vend;

		if (eol == NULL)
			eol = end;
		vend = eol > s && eol[-1] == '\r' ? eol - 1 : eol;
		colon = memchr(s, ':', (size_t)(vend - s));
		if (colon == NULL)
			break;
		for (v = colon + 1; v < vend && (*v == ' ' || *v == '\t'); v++)
			;
		if ((size_t)(colon - s) == 19 &&
		    strncasecmp(s, "Content-Disposition", 19) == 0) {
			if (!multipart_form_data(v, vend) ||
			    multipart_param(v, vend, "name", name) != 1 ||
			    name->len == 0)
				break;
			*is_file = multipart_param(v, vend, "filename", &file);
			if (*is_file == -1)
				break;
			named = 1;
		}
		s = eol < end ? eol + 1 : end;
	}
	buf_free(&file);
	return named && s == end ? 0 : -1;
}

/* The name of fields' field name (static), or NULL when none is. */
static const char *
multipart_field(const struct field *fields, const struct buf *name)
{
	for (; fields != NULL && fields->name != NULL; fields++)
		if (strcmp(fields->name, name->ptr) == 0)
			return fields->name;
	return NULL;
}

/*
 * One part's value into obj: a field's must be UTF-8 text, a file's is
 * made UTF-8. 0, or -1 with p: 400 for a field's text, or a 422 naming a
 * declared file field whose bytes are no text we read (the form again,
 * its message by the field: a spreadsheet chosen in another format).
 */
static int
multipart_set(json_t *obj, const struct field *fields, const struct buf *name,
    int is_file, const char *s, size_t len, struct problem *p)
{
	struct buf b = BUF_INIT;
	const char *why = NULL, *field;
	int rc = 0;

	if (!utf8_valid(name->ptr, name->len) ||
	    (!is_file && !utf8_valid(s, len)))
		return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8", NULL, 0);
	/* A file is a spreadsheet as it was saved, in whatever encoding. */
	if (is_file && utf8_from_any(s, len, &b, &s, &len, &why) == -1) {
		field = multipart_field(fields, name);
		rc = problem_set(p,
		    field != NULL ? PROBLEM_INVALID : PROBLEM_BAD_REQUEST, why,
		    field, 0);
	} else
		request_set(obj, fields, name->ptr, json_stringn(s, len));
	buf_free(&b);
	return rc;
}

/*
 * The end of the headers of the part at head: the line end before their
 * empty line, or NULL when there is none within MULTIPART_HEADERS_MAX.
 */
static const char *
multipart_blank(const char *head, const char *end)
{
	const char *at;

	if (end - head > MULTIPART_HEADERS_MAX)
		end = head + MULTIPART_HEADERS_MAX;
	for (at = head; at + 1 < end; at++)
		if (*at == '\n' &&
		    (at[1] == '\n' ||
			(at[1] == '\r' && at + 2 < end && at[2] == '\n')))
			return at;
	return NULL;
}

json_t *
request_multipart(const char *ct, const char *s, size_t len,
    const struct field *fields, struct problem *p)
{
	struct buf delim = BUF_INIT, name = BUF_INIT;
	const char *end = s + len, *next, *blank, *at;
	json_t *obj = json_object();
	int last = 0, is_file;

	/* The preamble, before the first delimiter, is no part. */
	if (multipart_boundary(ct, &delim) == -1 ||
	    multipart_next(s, end, &delim, &next, &last) == NULL)
		goto fail;
	while (!last) {
		is_file = 0;
		blank = multipart_blank(next, end);
		if (blank == NULL ||
		    multipart_headers(next, blank, &name, &is_file) == -1)
			goto fail;
		blank += blank[1] == '\r' ? 3 : 2;
		at = multipart_next(blank, end, &delim, &next, &last);
		if (at == NULL ||
		    multipart_set(obj, fields, &name, is_file, blank,
			(size_t)(at - blank), p) == -1)
			goto fail;
	}
	/* What follows the closing delimiter, the epilogue, is ignored. */
	buf_free(&delim);
	buf_free(&name);
	return obj;
fail:
	if (p->kind == PROBLEM_NONE)
		problem_set(p, PROBLEM_BAD_REQUEST, "err_malformed_form", NULL,
		    0);
	json_decref(obj);
	buf_free(&delim);
	buf_free(&name);
	return NULL;
}

json_t *
request_json(const char *s, size_t len)
{
	json_error_t err;
	json_t *v;

	/* Reject "a":1,"a":2 — which value the client meant is unknowable. */
	v = json_loadb(s, len, JSON_REJECT_DUPLICATES, &err);
	if (v != NULL && !json_is_object(v)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

int
request_cookie(const char *h, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);

	while (h != NULL && *h != '\0') {
		const char *semi, *val;
		size_t vlen;

		while (*h == ' ' || *h == '\t')
			h++;
		semi = strchr(h, ';');
		if (semi == NULL)
			semi = h + strlen(h);
		if ((size_t)(semi - h) > nlen && strncmp(h, name, nlen) == 0 &&
		    h[nlen] == '=') {
			val = h + nlen + 1;
			vlen = (size_t)(semi - val);
			if (vlen + 1 > outlen)
				return -1;
			memcpy(out, val, vlen);
			out[vlen] = '\0';
			return 0;
		}
		h = *semi ? semi + 1 : semi;
	}
	return -1;
}

/*
 * The next element of a header's list at *h ("text/csv;q=0.5, …"): the
 * item's text and length without its parameters, its q (1 when none
 * says), *h moved past it. 1, or 0 at the end.
 */
static int
request_list_next(const char **h, const char **item, size_t *len, double *q)
{
	const char *s = *h, *comma, *semi, *p;

	if (s == NULL || *s == '\0')
		return 0;
	comma = strchr(s, ',');
	if (comma == NULL)
		comma = s + strlen(s);
	while (*s == ' ' || *s == '\t')
		s++;
	semi = memchr(s, ';', (size_t)(comma - s));
	*item = s;
	*len = (size_t)((semi != NULL ? semi : comma) - s);
	while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
		(*len)--;
	*q = 1;
	for (p = semi; p != NULL && p < comma;
	     p = memchr(p + 1, ';', (size_t)(comma - p - 1))) {
		const char *at = p + 1;

		while (*at == ' ' || *at == '\t')
			at++;
		if ((*at == 'q' || *at == 'Q') && at[1] == '=')
			*q = strtod(at + 2, NULL);
	}
	*h = *comma != '\0' ? comma + 1 : comma;
	return 1;
}

int
request_accept(const char *h, const char *const *types)
{
	const char *type;
	double bestq = 0, q;
	size_t len, i;
	int best = -1;

	while (request_list_next(&h, &type, &len, &q))
		for (i = 0; types[i] != NULL; i++)
			if (strlen(types[i]) == len &&
			    strncasecmp(type, types[i], len) == 0 &&
			    q > bestq) {
				best = (int)i;
				bestq = q;
			}
	return best;
}

const char *
request_language(const char *h, const char *const *langs)
{
	const char *best = NULL, *tag;
	double bestq = 0, q;
	size_t taglen, i, l;

	while (request_list_next(&h, &tag, &taglen, &q))
		for (i = 0; langs[i] != NULL; i++) {
			l = strlen(langs[i]);
			if (taglen >= l && strncasecmp(tag, langs[i], l) == 0 &&
			    (taglen == l || tag[l] == '-') && q > bestq) {
				best = langs[i];
				bestq = q;
			}
		}
	return best;
}

char *
request_path(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (request_unescape(&b, s, len, 0) == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}
