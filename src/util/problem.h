/* Why a request could not be served, said once and rendered as JSON or HTML. */
#ifndef PROBLEM_H
#define PROBLEM_H

#include <stdint.h>

enum problem_kind {
	PROBLEM_NONE,
	PROBLEM_BAD_REQUEST,      /* 400: malformed body, bad UTF-8 */
	PROBLEM_UNAUTHORIZED,     /* 401: sign in first */
	PROBLEM_FORBIDDEN,        /* 403: signed in, not allowed */
	PROBLEM_NOT_FOUND,        /* 404 */
	PROBLEM_METHOD,           /* 405 */
	PROBLEM_CONFLICT,         /* 409: e.g. a transition not allowed */
	PROBLEM_TOO_LARGE,        /* 413 */
	PROBLEM_URI_TOO_LONG,     /* 414: the request target */
	PROBLEM_INVALID,          /* 422: a field failed validation */
	PROBLEM_TOO_MANY,         /* 429: rate limited */
	PROBLEM_FIELDS_TOO_LARGE, /* 431: the header section */
	PROBLEM_INTERNAL,         /* 500 */
	PROBLEM_UNAVAILABLE,      /* 503: database busy */
	PROBLEM__MAX,
};

struct problem {
	enum problem_kind kind;
	const char *msg;   /* key in the message catalogs */
	const char *field; /* the input field at fault, or NULL */
	int64_t arg;       /* replaces {n} in the message */
};

/* Fill p and return -1, so callers can write "return problem_set(...)". */
int problem_set(struct problem *p, enum problem_kind, const char *msg,
    const char *field, int64_t arg);
/* The HTTP status and the error code for a kind. */
int problem_status(enum problem_kind);
const char *problem_code(enum problem_kind);

#endif
