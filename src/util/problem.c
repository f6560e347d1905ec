/* The table from problem kinds to HTTP statuses and error codes. */
#include "problem.h"
#include "banned.h"

static const struct {
	int status;
	const char *code;
} kinds[PROBLEM__MAX] = {
	{ 200, "ok" },                 /* PROBLEM_NONE */
	{ 400, "bad_request" },        /* PROBLEM_BAD_REQUEST */
	{ 401, "unauthorized" },       /* PROBLEM_UNAUTHORIZED */
	{ 403, "forbidden" },          /* PROBLEM_FORBIDDEN */
	{ 404, "not_found" },          /* PROBLEM_NOT_FOUND */
	{ 405, "method_not_allowed" }, /* PROBLEM_METHOD */
	{ 409, "conflict" },           /* PROBLEM_CONFLICT */
	{ 413, "too_large" },          /* PROBLEM_TOO_LARGE */
	{ 414, "uri_too_long" },       /* PROBLEM_URI_TOO_LONG */
	{ 422, "invalid" },            /* PROBLEM_INVALID */
	{ 429, "too_many" },           /* PROBLEM_TOO_MANY */
	{ 431, "headers_too_large" },  /* PROBLEM_FIELDS_TOO_LARGE */
	{ 500, "internal" },           /* PROBLEM_INTERNAL */
	{ 503, "unavailable" },        /* PROBLEM_UNAVAILABLE */
};

int
problem_set(struct problem *p, enum problem_kind kind, const char *msg,
    const char *field, int64_t arg)
{
	p->kind = kind;
	p->msg = msg;
	p->field = field;
	p->arg = arg;
	p->nfields = 0;
	if (field != NULL) {
		p->fields[0] = (struct problem_field){ field, msg, arg };
		p->nfields = 1;
	}
	return -1;
}

int
problem_add(struct problem *p, const char *msg, const char *field, int64_t arg)
{
	if (p->kind != PROBLEM_INVALID || p->nfields == 0)
		return problem_set(p, PROBLEM_INVALID, msg, field, arg);
	if (p->nfields < PROBLEM_FIELDS_MAX)
		p->fields[p->nfields++] = (struct problem_field){ field, msg,
			arg };
	return -1;
}

int
problem_status(enum problem_kind k)
{
	return k < PROBLEM__MAX ? kinds[k].status : 500;
}

const char *
problem_code(enum problem_kind k)
{
	return k < PROBLEM__MAX ? kinds[k].code : "internal";
}
