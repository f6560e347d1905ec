/*
 * solidarity token: API tokens for scripts and other programs, added,
 * listed and revoked from the command line, each change audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/login_session.h"
#include "domain/user.h"
#include "util/num.h"
#include "util/secret.h"
#include "util/banned.h"

static const char token_usage[] =
    "usage: solidarity token add LOGIN [--label TEXT] [--db DB]\n"
    "       solidarity token list LOGIN [--db DB]\n"
    "       solidarity token revoke ID [--db DB]\n\n"
    "An API token lets a script use the API as a login, with its role:\n"
    "it sends \"Authorization: Bearer TOKEN\". add prints the new token\n"
    "once, alone on its line, so that a script can keep it:\n\n"
    "    TOKEN=$(solidarity token add admin --label backups)\n\n"
    "Only a hash of it is stored: a lost token cannot be shown again, it\n"
    "is revoked and replaced. list shows a login's tokens by id and label;\n"
    "revoke stops one at once. Each change is written to the audit trail.\n\n"
    "  --label TEXT  what the token is for (default \"cli\")\n"
    "  --db DB       a SQLite file or a postgres:// URL\n"
    "                (default " CMD_DEFAULT_DB ")\n"
    "  --help        show this help\n";

#define TOKEN_LABEL_MAX 100

struct token_opts {
	const char *url;
	const char *label;
	int64_t id; /* the token to revoke */
};

/* The login's user id in *id: 0, or 1 after saying why not. */
static int
token_login(struct db *db, const char *login, int active, int64_t *id)
{
	json_t *row = NULL;
	int rc = user_find(db, login, &row);

	if (rc == -1) {
		fprintf(stderr, "solidarity: cannot read logins: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "solidarity: no login '%s'\n", login);
		return 1;
	}
	*id = json_integer_value(json_object_get(row, "id"));
	rc = active && json_integer_value(json_object_get(row, "disabled"));
	json_decref(row);
	if (rc)
		fprintf(stderr, "solidarity: login '%s' is disabled\n", login);
	return rc;
}

static int
token_cmd_add(struct db *db, const struct token_opts *o, char **args)
{
	char token[SECRET_TOKEN_LEN];
	int64_t user_id, id;

	if (token_login(db, args[0], 1, &user_id) != 0)
		return 1;
	if (db_begin(db) == -1)
		goto fail;
	id = token_add(db, user_id, o->label, token);
	if (id == -1 ||
	    audit_log(db, NULL, "cli token add", "api_token", id) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	/* Alone on its line: TOKEN=$(solidarity token add …) */
	printf("%s\n", token);
	fflush(stdout);
	sodium_memzero(token, sizeof(token));
	return 0;
fail:
	fprintf(stderr, "solidarity: cannot add a token: %s\n",
	    cmd_db_reason(db));
	db_rollback(db);
	sodium_memzero(token, sizeof(token));
	return 1;
}

static int
token_cmd_list(struct db *db, const struct token_opts *o, char **args)
{
	json_t *rows, *row, *revoked;
	int64_t user_id;
	size_t i;

	if (token_login(db, args[0], 0, &user_id) != 0)
		return 1;
	rows = token_list(db, user_id);
	if (rows == NULL) {
		fprintf(stderr, "solidarity: cannot list tokens: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	printf("%-6s %-20s %-20s %s\n", "ID", "CREATED", "REVOKED", "LABEL");
	json_array_foreach (rows, i, row) {
		revoked = json_object_get(row, "revoked_at");
		printf("%-6lld %-20s %-20s %s\n",
		    (long long)json_integer_value(json_object_get(row, "id")),
		    json_string_value(json_object_get(row, "created_at")),
		    json_is_string(revoked) ? json_string_value(revoked) : "-",
		    json_string_value(json_object_get(row, "label")));
	}
	json_decref(rows);
	return 0;
}

static int
token_cmd_revoke(struct db *db, const struct token_opts *o, char **args)
{
	int64_t id = o->id;

	if (db_begin(db) == -1)
		goto fail;
	if (token_revoke(db, id, 0) == -1) {
		if (db_errcode(db) != DB_OK)
			goto fail;
		fprintf(stderr, "solidarity: no token %lld in use\n",
		    (long long)id);
		db_rollback(db);
		return 1;
	}
	if (audit_log(db, NULL, "cli token revoke", "api_token", id) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	printf("token %lld is revoked\n", (long long)id);
	return 0;
fail:
	fprintf(stderr, "solidarity: cannot revoke the token: %s\n",
	    cmd_db_reason(db));
	db_rollback(db);
	return 1;
}

static const struct {
	const char *name;
	int with_label; /* takes --label */
	int (*run)(struct db *, const struct token_opts *, char **);
} subs[] = {
	{ "add", 1, token_cmd_add },       /* LOGIN */
	{ "list", 0, token_cmd_list },     /* LOGIN */
	{ "revoke", 0, token_cmd_revoke }, /* ID */
};

/* --label: one short line, for it is printed in lists and pages. */
static int
token_take_label(void *arg, const char *value)
{
	struct token_opts *o = arg;
	const char *s;
	size_t n = strlen(value);

	if (n == 0 || n > TOKEN_LABEL_MAX)
		return -1;
	for (s = value; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return -1;
	o->label = value;
	return 0;
}

int
cmd_token(int argc, char **argv)
{
	struct token_opts o = { CMD_DEFAULT_DB, NULL, 0 };
	const struct cmd_opt opts[] = {
		{ "label", .take = token_take_label, .arg = &o,
		    .want = "one line of 1 to " CMD_STR(
			TOKEN_LABEL_MAX) " characters" },
		{ "db", .text = &o.url }, { NULL }
	};
	struct db *db;
	char **words;
	size_t i;
	int rc;

	rc = cmd_options(argc, argv, token_usage, opts, 2, &words);
	if (rc != -1)
		return rc;
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(words[0], subs[i].name) == 0)
			break;
	if (i == sizeof(subs) / sizeof(subs[0]) ||
	    (!subs[i].with_label && o.label != NULL))
		return cmd_usage_error(token_usage);
	if (subs[i].run == token_cmd_revoke &&
	    num_parse_int(words[1], strlen(words[1]), 1, INT64_MAX, &o.id) ==
		-1) {
		fprintf(stderr,
		    "solidarity: a token id is a number, as "
		    "token list shows\n");
		return 2;
	}
	if (o.label == NULL)
		o.label = "cli";
	db = cmd_open_db(o.url, 1);
	if (db == NULL)
		return 1;
	rc = subs[i].run(db, &o, words + 1);
	db_close(db);
	return rc;
}
