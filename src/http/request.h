/*
 * A request and a response as plain structs, free of any HTTP library, so
 * the router and the handlers can be driven in-process by tests and
 * harnesses. Also the decoders for untrusted request text.
 */
#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "domain/audit.h"
#include "domain/field.h"
#include "domain/viewer.h"
#include "util/buf.h"
#include "util/problem.h"
#include "util/stream.h"

#define REQUEST_BODY_MAX (1024 * 1024)

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PATCH,
	METHOD_OTHER,
	METHOD__MAX,
};

struct db;
struct route;

/* A list as a file instead of a page (?format=, Accept). */
enum file_kind {
	FILE_NONE,
	FILE_CSV,
	FILE_XLSX,
};

struct request {
	enum method method;
	const char *target; /* the raw request target: path?query */
	const char *accept; /* headers, NULL when absent */
	const char *content_type;
	const char *cookie;
	const char *accept_language;
	const char *authorization;
	const char *csrf_header; /* X-CSRF-Token */
	const char *host;        /* the Host field: the client's, unchecked */
	const char *ip;          /* the client's address as text */
	int secure;              /* served over TLS: Secure cookies */
	struct buf body;
	struct db *db; /* this thread's connection */

	/* Filled in by the router. */
	char *path;    /* decoded path */
	json_t *query; /* decoded query string, strings */
	const struct route *route;
	int64_t id;       /* the :id in the path, or 0 */
	json_t *raw;      /* the decoded body or query, unchecked */
	json_t *input;    /* raw checked against the route's fields */
	const char *lang; /* "en" or "es" */
	int want_json;
	enum file_kind want_file; /* the list as a file (route_format) */
	struct viewer viewer;     /* who is asking */
	/* The form token this client must send back: the session's, or
	 * for an anonymous client the one in its csrf cookie. */
	char csrf[VIEWER_CSRF_LEN];
	/* What a write changed, noted by its handler for its audit entry. */
	struct audit_note audit;
};

struct header {
	const char *name;
	char *value; /* owned */
};

#define RESPONSE_HEADERS_MAX 12

struct response {
	int status;
	const char *content_type;
	struct buf body;
	const char *static_body; /* used instead of body when set */
	size_t static_len;
	struct header headers[RESPONSE_HEADERS_MAX];
	size_t nheaders;
	int nocache; /* never keep in the response cache */
	long fresh;  /* seconds the body stays true ("3 minutes ago"); 0: as
			long as the database does not change */
	/* Instead of body when read is set: made as it is sent. */
	struct stream stream;
};

/* Add a header; the value is copied. */
void response_header(struct response *, const char *name, const char *value);
void response_free(struct response *);
void request_free(struct request *);

/*
 * Decode application/x-www-form-urlencoded text (a query string or a form
 * body) into an object of strings. A name given more than once (a form's
 * checkboxes) becomes an array of its values, in order: field_decode
 * reads the list of a FIELD_IDS field from it, and the last value for a
 * field of one. Returns NULL on malformed escapes or invalid UTF-8 once
 * decoded.
 */
json_t *request_urlencoded(const char *s, size_t len);
/*
 * The same for a form posted to a route that declares fields: a name
 * declared as a list (FIELD_IDS, as a group of checkboxes sends it) is an
 * array of every value sent, in order; the rest as above. fields may be
 * NULL.
 */
json_t *request_form(const char *s, size_t len, const struct field *fields);
/*
 * Decode a multipart/form-data body (RFC 7578) as request_form does a
 * form: each part's value set under its name, a list field's appended.
 * The boundary is the Content-Type ct's parameter; the preamble and the
 * epilogue are ignored, and so are headers other than a part's
 * Content-Disposition, whose name it must give; lines may end in LF
 * alone. A field's value must be UTF-8 text; a file's (a part with a
 * filename) is made so by utf8_from_any. Returns NULL with p set: 400
 * when the body is not well formed (err_malformed_form) or a field's
 * text is not UTF-8 (err_utf8); a file that cannot be made UTF-8 text
 * (utf8_from_any's message) is a 422 naming its field where fields
 * declares it, else a 400.
 */
json_t *request_multipart(const char *ct, const char *s, size_t len,
    const struct field *fields, struct problem *p);
/*
 * Decode a JSON body: an object, no duplicate keys. Returns NULL on
 * malformed input.
 */
json_t *request_json(const char *s, size_t len);
/*
 * The value of cookie name in a Cookie header, copied into out (size
 * outlen). Returns 0, or -1 when absent or too long.
 */
int request_cookie(const char *header, const char *name, char *out,
    size_t outlen);
/*
 * The first language of an Accept-Language header that is in langs
 * (NULL-ended), honouring q=0, or NULL.
 */
const char *request_language(const char *header, const char *const *langs);
/*
 * Which of types (media types, NULL-ended) an Accept header prefers: the
 * one named with the highest q (q=0: not acceptable), the first named on
 * a tie; a wildcard names none. Its index, or -1 when none is named.
 */
int request_accept(const char *header, const char *const *types);
/* Percent-decode a path into a new string, or NULL if malformed. */
char *request_path(const char *s, size_t len);

#endif
