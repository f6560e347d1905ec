/* The transition table shared by asks and offers. */
#include <string.h>

#include "status.h"
#include "input.h"
#include "util/banned.h"

const char *const status_names[] = {
	"open",      /* STATUS_OPEN */
	"matched",   /* STATUS_MATCHED */
	"fulfilled", /* STATUS_FULFILLED */
	"closed",    /* STATUS_CLOSED */
	NULL,
};

const struct field status_fields[STATUS_KEY__MAX + 1] = {
	[STATUS_KEY_STATUS] = { "status", FIELD_CHOICE, FIELD_REQUIRED, 0, 0,
	    status_names },
	[STATUS_KEY_REASON] = { "reason", FIELD_LINE, 0, 0, 500, NULL },
	[STATUS_KEY__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * allowed[from][to]: the only moves; everything else is a conflict.
 * matched -> open is the way back when what was arranged falls through:
 * a delivery that failed (not home, a bad address, refused), a claim
 * released or expired, or a coordinator undoing a match. The ask waits
 * again for someone new, and its claim ends with the move (need.c).
 */
static const unsigned char allowed[STATUS__MAX][STATUS__MAX] = {
	/* open, matched, fulfilled, closed */
	{ 0, 1, 0, 1 }, /* STATUS_OPEN */
	{ 1, 0, 1, 1 }, /* STATUS_MATCHED */
	{ 0, 0, 0, 0 }, /* STATUS_FULFILLED */
	{ 0, 0, 0, 0 }, /* STATUS_CLOSED */
};

enum status
status_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < STATUS__MAX; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum status)i;
	return STATUS__MAX;
}

int
status_check(const char *from, json_t *in, struct problem *p)
{
	enum status f = status_parse(from);
	enum status t = status_parse(
	    input_text(in, status_fields, STATUS_KEY_STATUS));

	if (f == STATUS__MAX || t == STATUS__MAX || !allowed[f][t])
		return problem_set(p, PROBLEM_CONFLICT, "err_transition",
		    "status", 0);
	if (t == STATUS_CLOSED &&
	    input_get(in, status_fields, STATUS_KEY_REASON) == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_reason_required",
		    "reason", 0);
	return 0;
}

json_t *
status_moves(const char *from)
{
	enum status f = status_parse(from);
	json_t *out = json_array();
	int t;

	for (t = 0; f != STATUS__MAX && t < STATUS__MAX; t++)
		if (allowed[f][t])
			json_array_append_new(out,
			    json_pack("{s:s,s:b}", "status", status_names[t],
				"needs_reason", t == STATUS_CLOSED));
	return out;
}
