/*
 * Every form shown again links its error summary to its fields: each
 * route that re-shows a form on 422 is posted empty (":id" taken as 1,
 * over the demo network with a training and a campaign added), and every
 * href="#x" in the summary must name an element with id="x" in the form
 * the summary sits in (or in the page, for a summary outside forms),
 * else the link goes nowhere, or to another form's field of that name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"
#include "http/route.h"
#include "util/buf.h"

static struct server S;

/*
 * The links an empty post makes that no person can: the field is a
 * hidden input its form always sends (a button form's status or delta,
 * a give-out's item, place and, with no such stock, its quantity).
 * Each "pattern#field".
 */
static const char *const sent_hidden[] = {
	"/needs/:id/status#status",
	"/offers/:id/status#status",
	"/sessions/:id/count#delta",
	"/events/:id/stock#location_id",
	"/events/:id/stock#item_id",
	"/events/:id/stock#quantity",
	"/needs/:id/stock#location_id",
	"/needs/:id/stock#item_id",
	"/needs/:id/stock#quantity",
	"/sessions/:id/stock#location_id",
	"/sessions/:id/stock#item_id",
	"/sessions/:id/stock#quantity",
	"/locations/:id/count#quantity",
	NULL,
};

/* Whether the link to field on pattern's page is one of sent_hidden. */
static int
anchors_hidden(const char *pattern, const char *field, size_t n)
{
	size_t i, len = strlen(pattern);

	for (i = 0; sent_hidden[i] != NULL; i++)
		if (strncmp(sent_hidden[i], pattern, len) == 0 &&
		    sent_hidden[i][len] == '#' &&
		    strlen(sent_hidden[i] + len + 1) == n &&
		    strncmp(sent_hidden[i] + len + 1, field, n) == 0)
			return 1;
	return 0;
}

/* The demo network and an admin's token, then the server. */
static void
start(void)
{
	char line[256];
	const char *const init[] = { "init", NULL };
	const char *const demo[] = { "demo", NULL };
	const char *const token[] = { "token", "add", "admin", NULL };
	struct reply r;

	snprintf(S.dir, sizeof(S.dir), "/tmp/solidarity-test-XXXXXX");
	if (mkdtemp(S.dir) == NULL) {
		printf("not ok - cannot make a temporary directory\n");
		exit(1);
	}
	testdb_make(&S.store, S.dir, strrchr(S.dir, '-') + 1);
	if (server_cli(&S, init, line, sizeof(line)) != 0 ||
	    server_cli(&S, demo, line, sizeof(line)) != 0 ||
	    server_cli(&S, token, S.token, sizeof(S.token)) != 0) {
		printf("not ok - cannot make the demo network: %s\n", line);
		exit(1);
	}
	server_start_on(&S);
	ok(http_created(&S, "/trainings", "{\"name\":\"First aid\"}") == 1,
	    "a training, 1");
	ok(http_created(&S, "/campaigns", "{\"demand\":\"Fix the heat\"}") == 1,
	    "a campaign, 1");
	snprintf(line, sizeof(line), "/needs/%ld/claim",
	    db_scalar(&S, "SELECT min(id) FROM need WHERE status = 'open'"));
	http_json(&S, "POST", line, "{}", &r);
	ok(r.status == 200, "the admin claims an open ask: a driver for /runs");
	reply_free(&r);
}

/*
 * Where page's summary at at must find its fields: from the form it
 * sits in to that form's end, or the whole page; its length in *n.
 */
static const char *
anchors_scope(const char *page, const char *at, size_t *n)
{
	const char *form = NULL, *end, *p;

	for (p = page; (p = strstr(p, "<form")) != NULL && p < at; p++)
		form = p;
	end = form ? strstr(form, "</form>") : NULL;
	if (form == NULL || end == NULL || end < at) {
		*n = strlen(page);
		return page;
	}
	*n = (size_t)(end - form);
	return form;
}

/* The path of pattern with 1 for ":id". */
static void
path_of(struct buf *b, const char *pattern)
{
	const char *p;

	buf_reset(b);
	while ((p = strstr(pattern, ":id")) != NULL) {
		buf_add(b, pattern, (size_t)(p - pattern));
		buf_adds(b, "1");
		pattern = p + 3;
	}
	buf_adds(b, pattern);
}

/*
 * The summary's links of page that name no id of it, each reported;
 * their number. *links counts the links seen.
 */
static int
anchors_missing(const char *page, const char *pattern, int *links)
{
	const char *at = page, *end, *scope;
	char id[160];
	int bad = 0;
	size_t n, len;

	while ((at = strstr(at, "<li><a href=\"#")) != NULL) {
		at += strlen("<li><a href=\"#");
		end = strchr(at, '"');
		n = end ? (size_t)(end - at) : 0;
		if (n == 0 || n > sizeof(id) - 10)
			continue;
		snprintf(id, sizeof(id), "id=\"%.*s\"", (int)n, at);
		(*links)++;
		scope = anchors_scope(page, at, &len);
		if (memmem(scope, len, id, strlen(id)) == NULL &&
		    !anchors_hidden(pattern, at, n)) {
			printf("# %s: the summary links #%.*s, no such id\n",
			    pattern, (int)n, at);
			bad++;
		}
	}
	return bad;
}

int
main(void)
{
	const struct route *routes;
	struct buf path = BUF_INIT;
	struct reply r;
	size_t i, n;
	int forms = 0, links = 0, bad = 0;

	start();
	routes = route_table(&n);
	for (i = 0; i < n; i++) {
		if (routes[i].method != METHOD_POST || routes[i].form == NULL ||
		    strchr(routes[i].pattern, '*') != NULL)
			continue;
		path_of(&path, routes[i].pattern);
		http_form(&S, path.ptr, "", &r);
		if (r.status == 422) {
			forms++;
			bad += anchors_missing(r.body, routes[i].pattern,
			    &links);
		}
		reply_free(&r);
	}
	ok(forms >= 40 && links >= 40,
	    "forms posted empty come back (%d forms, %d summary links)", forms,
	    links);
	is_int(bad, 0, "every summary link names a field of the page");
	buf_free(&path);
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
