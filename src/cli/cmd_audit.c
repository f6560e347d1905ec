/* solidarity audit: the newest entries of the audit trail, as a table. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/listing.h"
#include "domain/user.h"
#include "util/buf.h"
#include "util/problem.h"
#include "util/banned.h"

static const char audit_usage[] =
    "usage: solidarity audit [--limit N] [--user LOGIN] [--action TEXT] "
    "[--db DB]\n\n"
    "Print the audit trail, newest first: when, which login (\"-\" for\n"
    "the command line and the server's own work), what was done (its\n"
    "stable id, as /admin/audit gives it in JSON), to which record, what\n"
    "changed (a status move, or the names of the fields that changed),\n"
    "and from which address. Entries name records by id; they never hold\n"
    "the personal data itself.\n\n"
    "  --limit N      how many entries (default 50, at most 1000)\n"
    "  --user LOGIN   only what this login did\n"
    "  --action TEXT  only this action, as printed (\"need.status\")\n"
    "  --db DB        a SQLite file or a postgres:// URL\n"
    "                 (default " CMD_DEFAULT_DB ")\n"
    "  --help         show this help\n";

#define AUDIT_LIMIT_DEFAULT 50
#define AUDIT_LIMIT_MAX     1000

/* A column that may be null: its text, its number, or "-". */
static const char *
audit_cell(json_t *row, const char *key, char *tmp, size_t len)
{
	json_t *v = json_object_get(row, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(tmp, len, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	return "-";
}

/*
 * What changed, into b: "open->matched", "name,zone_id", "-" for nothing;
 * one word, so that each line keeps its columns for grep and awk.
 */
static void
audit_change(json_t *change, struct buf *b)
{
	const char *from = json_string_value(json_object_get(change, "from"));
	const char *to = json_string_value(json_object_get(change, "to"));
	json_t *f;
	size_t i;

	if (from != NULL && to != NULL)
		buf_printf(b, "%s->%s", from, to);
	json_array_foreach (json_object_get(change, "fields"), i, f)
		if (json_is_string(f))
			buf_printf(b, "%s%s", b->len ? "," : "",
			    json_string_value(f));
	if (b->len == 0)
		buf_adds(b, "-");
}

static void
audit_print(json_t *items)
{
	char id[24];
	struct buf change = BUF_INIT;
	json_t *row;
	size_t i;

	json_array_foreach (items, i, row) {
		buf_reset(&change);
		audit_change(json_object_get(row, "change"), &change);
		printf("%-20s %-16s %-28s %-10s %-8s %-24s %s\n",
		    audit_cell(row, "at", id, sizeof(id)),
		    audit_cell(row, "login", id, sizeof(id)),
		    audit_cell(row, "action", id, sizeof(id)),
		    audit_cell(row, "entity", id, sizeof(id)),
		    audit_cell(row, "entity_id", id, sizeof(id)), change.ptr,
		    audit_cell(row, "ip", id, sizeof(id)));
	}
	buf_free(&change);
}

/* Page through the trail, LISTING_LIMIT_MAX entries at a time. */
static int
audit_run(struct db *db, json_t *in, int64_t limit)
{
	struct problem p = { 0 };
	json_t *out = NULL, *items;
	int64_t offset = 0, page;
	size_t got;

	printf("%-20s %-16s %-28s %-10s %-8s %-24s %s\n", "AT", "LOGIN",
	    "ACTION", "ENTITY", "ID", "CHANGE", "IP");
	while (offset < limit) {
		page = limit - offset < LISTING_LIMIT_MAX ? limit - offset
							  : LISTING_LIMIT_MAX;
		json_object_set_new(in, "limit", json_integer(page));
		json_object_set_new(in, "offset", json_integer(offset));
		if (audit_list(db, in, &out, &p) == -1) {
			fprintf(stderr,
			    "solidarity: cannot read the audit "
			    "trail: %s\n",
			    cmd_db_reason(db));
			return 1;
		}
		items = json_object_get(out, "items");
		audit_print(items);
		got = json_array_size(items);
		json_decref(out);
		out = NULL;
		if ((int64_t)got < page)
			break;
		offset += page;
	}
	return 0;
}

int
cmd_audit(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB, *login = NULL, *action = NULL;
	int64_t limit = AUDIT_LIMIT_DEFAULT;
	const struct cmd_opt opts[] = { { "limit", .number = &limit,
					    .max = AUDIT_LIMIT_MAX },
		{ "user", .text = &login }, { "action", .text = &action },
		{ "db", .text = &url }, { NULL } };
	struct db *db;
	json_t *in, *row = NULL;
	int rc;

	rc = cmd_options_open(argc, argv, audit_usage, opts, 1, &db);
	if (rc != -1)
		return rc;
	in = json_object();
	if (action != NULL)
		json_object_set_new(in, "action", json_string_nocheck(action));
	rc = 1;
	if (login != NULL) {
		switch (user_find(db, login, &row)) {
		case 1:
			json_object_set(in, "user_id",
			    json_object_get(row, "id"));
			break;
		case 0:
			fprintf(stderr, "solidarity: no login '%s'\n", login);
			goto out;
		default:
			fprintf(stderr, "solidarity: cannot read logins: %s\n",
			    cmd_db_reason(db));
			goto out;
		}
	}
	rc = audit_run(db, in, limit);
out:
	json_decref(row);
	json_decref(in);
	db_close(db);
	return rc;
}
