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

const char *
request_language(const char *h, const char *const *langs)
{
	const char *best = NULL;
	double bestq = 0;

	while (h != NULL && *h != '\0') {
		const char *comma = strchr(h, ','), *semi, *tag;
		size_t taglen, i;
		double q = 1;

		if (comma == NULL)
			comma = h + strlen(h);
		while (*h == ' ')
			h++;
		tag = h;
		semi = memchr(h, ';', (size_t)(comma - h));
		taglen = (size_t)((semi ? semi : comma) - tag);
		while (taglen > 0 && tag[taglen - 1] == ' ')
			taglen--;
		if (semi != NULL) {
			const char *qp = strstr(semi, "q=");

			if (qp != NULL && qp < comma)
				q = strtod(qp + 2, NULL);
		}
		for (i = 0; langs[i] != NULL; i++) {
			size_t l = strlen(langs[i]);

			if (taglen >= l && strncasecmp(tag, langs[i], l) == 0 &&
			    (taglen == l || tag[l] == '-') && q > bestq) {
				best = langs[i];
				bestq = q;
			}
		}
		h = *comma ? comma + 1 : comma;
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
