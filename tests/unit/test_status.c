/*
 * The life of an ask or an offer: every move between two statuses (and an
 * unknown one) tried with and without a reason, against the four moves the
 * rules allow; the moves a page offers; the names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "domain/status.h"
#include "util/buf.h"

/* Every status and one that is none. */
static const char *const names[] = {
	"open", "matched", "fulfilled", "closed", "lost", ""
};

#define NNAMES	(sizeof(names) / sizeof(names[0]))

/*
 * The only moves (status.h): open -> matched -> fulfilled, matched back
 * to open, and open or matched -> closed, which needs a reason (a star). Written out here, not
 * read from status.c; status_moves must offer exactly these.
 */
static const struct {
	const char	*from, *offered;
} moves[] = {
	{ "open", "matched closed*" },
	{ "matched", "open fulfilled closed*" },
	{ "fulfilled", "" },
	{ "closed", "" },
	{ "lost", "" },
};

/* 0 when from -> to is refused, 1 when allowed, 2 when it needs a reason. */
static int
status_allowed(const char *from, const char *to)
{
	char list[64], word[32], starred[32];
	size_t i;

	if (*to == '\0')
		return 0;	/* "  " would be found between no words */
	snprintf(word, sizeof(word), " %s ", to);
	snprintf(starred, sizeof(starred), " %s* ", to);
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		if (strcmp(moves[i].from, from) != 0)
			continue;
		snprintf(list, sizeof(list), " %s ", moves[i].offered);
		if (strstr(list, word) != NULL)
			return 1;
		if (strstr(list, starred) != NULL)
			return 2;
	}
	return 0;
}

/* One move: the answer wanted, then the one given. */
static void
status_try(const char *from, const char *to, int with_reason)
{
	struct problem p = { 0 };
	json_t *in = json_pack("{s:s}", "status", to);
	enum problem_kind want = PROBLEM_NONE;
	int rc;

	if (with_reason)
		json_object_set_new(in, "reason", json_string("moved away"));
	if (status_allowed(from, to) == 0)
		want = PROBLEM_CONFLICT;
	else if (status_allowed(from, to) == 2 && !with_reason)
		want = PROBLEM_INVALID;
	rc = status_check(from, in, &p);
	is_int(rc == 0 ? PROBLEM_NONE : p.kind, want, "%s -> %s %s a reason",
	    from, to, with_reason ? "with" : "without");
	if (rc == -1)
		is_str(p.field, want == PROBLEM_CONFLICT ? "status" : "reason",
		    "%s -> %s names the field at fault", from, to);
	json_decref(in);
}

/* "fulfilled closed*": the moves offered, a star where a reason is due. */
static char *
status_offered(const char *from)
{
	json_t *list = status_moves(from), *m;
	struct buf b = BUF_INIT;
	size_t i;

	json_array_foreach(list, i, m) {
		buf_printf(&b, "%s%s%s", i > 0 ? " " : "",
		    json_string_value(json_object_get(m, "status")),
		    json_is_true(json_object_get(m, "needs_reason")) ? "*" :
		    "");
	}
	json_decref(list);
	return buf_detach(&b, NULL);
}

int
main(void)
{
	size_t i, j;
	char *s;
	struct problem p = { 0 };
	json_t *in = json_object();

	for (i = 0; i < NNAMES; i++)
		for (j = 0; j < NNAMES; j++) {
			status_try(names[i], names[j], 0);
			status_try(names[i], names[j], 1);
		}
	is_int(status_check("open", in, &p), -1, "a move needs a status");
	is_int(p.kind, PROBLEM_CONFLICT, "and without one it is a conflict");
	json_decref(in);

	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		s = status_offered(moves[i].from);
		is_str(s, moves[i].offered, "the moves offered from %s",
		    moves[i].from);
		free(s);
	}
	for (i = 0; i < STATUS__MAX; i++)
		is_int(status_parse(status_names[i]), i, "%s is status %zu",
		    status_names[i], i);
	is_int(status_parse("Open"), STATUS__MAX, "names are exact");
	is_int(status_parse(NULL), STATUS__MAX, "no name is no status");
	ok(status_names[STATUS__MAX] == NULL, "the names end with NULL");
	return tap_done();
}
