/* Why a request could not be served, said once and rendered as JSON or HTML. */
#ifndef PROBLEM_H
#define PROBLEM_H

#include <stddef.h>
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

/* How many invalid fields one problem lists; the rest wait for a retry. */
#define PROBLEM_FIELDS_MAX 24

/* One invalid field: its name and why, as in struct problem. */
struct problem_field {
	const char *field;
	const char *msg;
	int64_t arg;
};

/*
 * msg, field and arg say the problem, or its first invalid field; fields
 * lists every invalid field (the first included) when a check reports
 * several at once (problem_add). A problem made by problem_set lists its
 * one field there too, so readers look at fields[0..nfields) only.
 */
struct problem {
	enum problem_kind kind;
	const char *msg;   /* key in the message catalogs */
	const char *field; /* the input field at fault, or NULL */
	int64_t arg;       /* replaces {n} in the message */
	struct problem_field fields[PROBLEM_FIELDS_MAX];
	size_t nfields;
};

/*
 * Fill p and return -1, so callers can write "return problem_set(...)".
 * It replaces any fields listed before: the problem is this one alone.
 */
int problem_set(struct problem *p, enum problem_kind, const char *msg,
    const char *field, int64_t arg);
/*
 * Add one more invalid field to p (a 422); the first added also sets msg,
 * field and arg. Past PROBLEM_FIELDS_MAX fields are not listed. Returns -1.
 */
int problem_add(struct problem *p, const char *msg, const char *field,
    int64_t arg);
/* The HTTP status and the error code for a kind. */
int problem_status(enum problem_kind);
const char *problem_code(enum problem_kind);

#endif
