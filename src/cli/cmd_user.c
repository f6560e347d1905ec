/*
 * solidarity user: add logins, list them, change a role, disable one, give
 * a new password. Every change leaves an audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/user.h"
#include "domain/viewer.h"
#include "domain/zone.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/problem.h"
#include "util/secret.h"
#include "util/banned.h"

static const char user_usage[] =
    "usage: solidarity user add LOGIN --role ROLE [--zone ZONE_ID]... "
    "[--db DB]\n"
    "       solidarity user list [--db DB]\n"
    "       solidarity user role LOGIN ROLE [--db DB]\n"
    "       solidarity user disable LOGIN [--db DB]\n"
    "       solidarity user password LOGIN [--db DB]\n\n"
    "Manage the logins that sign in to the pages and the API. add makes a\n"
    "login with a new person of that name and a random password; password\n"
    "gives a login a new random password (for a forgotten one) and signs\n"
    "it out everywhere. Both print the password once: pass it on, and have\n"
    "it changed after signing in. disable stops a login at once, with its\n"
    "sessions and API tokens. Each change is written to the audit trail.\n\n"
    "Roles, each allowed what the ones before it are: volunteer (the asks\n"
    "of the zones given with --zone), organizer, coordinator, admin.\n\n"
    "  --role ROLE     volunteer, organizer, coordinator or admin\n"
    "  --zone ZONE_ID  a zone the login works in (repeatable)\n"
    "  --db DB         a SQLite file or a postgres:// URL\n"
    "                  (default " CMD_DEFAULT_DB ")\n"
    "  --help          show this help\n";

struct user_opts {
	const char *url;
	const char *role;
	int64_t *zones;
	size_t nzones;
};

static int
user_bad_role(const char *name)
{
	fprintf(stderr,
	    "solidarity: unknown role '%s' (volunteer, "
	    "organizer, coordinator or admin)\n",
	    name);
	return 1;
}

static int
user_no_login(const char *login)
{
	fprintf(stderr, "solidarity: no login '%s'\n", login);
	return 1;
}

/* A failed write: an unknown login, or the database's reason. */
static int
user_failed(struct db *db, const char *what, const char *login)
{
	if (db_errcode(db) == DB_OK)
		return user_no_login(login);
	fprintf(stderr, "solidarity: cannot %s: %s\n", what, cmd_db_reason(db));
	return 1;
}

/* Print a new password, the one time anybody sees it, then wipe it. */
static void
user_show_password(const char *login, char password[SECRET_TOKEN_LEN])
{
	printf("password for %s (shown once, change it after signing in): "
	       "%s\n",
	    login, password);
	fflush(stdout);
	sodium_memzero(password, SECRET_TOKEN_LEN);
}

static int
user_cmd_add(struct db *db, const struct user_opts *o, char **args)
{
	char password[SECRET_TOKEN_LEN];
	struct problem p = { 0 };
	const char *login = args[0];
	enum role role = role_parse(o->role);
	int64_t id;
	size_t i;
	int rc;

	/* Zones first: a login made before a bad zone is found would stay. */
	for (i = 0; i < o->nzones; i++) {
		rc = zone_exists(db, o->zones[i]);
		if (rc != 1) {
			if (rc == 0)
				fprintf(stderr, "solidarity: no zone %lld\n",
				    (long long)o->zones[i]);
			else
				fprintf(stderr,
				    "solidarity: cannot read "
				    "zones: %s\n",
				    cmd_db_reason(db));
			return 1;
		}
	}
	/* The login, its zones and their audit entries: all or nothing. */
	if (db_begin(db) == -1) {
		fprintf(stderr, "solidarity: cannot add login: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	id = user_add(db, login, role, password, &p);
	if (id == -1) {
		if (p.msg != NULL && strcmp(p.msg, "err_login_taken") == 0)
			fprintf(stderr, "solidarity: login '%s' is taken\n",
			    login);
		else if (p.msg != NULL && strcmp(p.msg, "err_login") == 0)
			fprintf(stderr,
			    "solidarity: a login is 2 to 60 "
			    "letters, digits, '.', '_' or '-'\n");
		else
			fprintf(stderr, "solidarity: cannot add login: %s\n",
			    cmd_db_reason(db));
		goto fail;
	}
	if (audit_log(db, NULL, "cli user add", "user", id) == -1)
		goto failed;
	for (i = 0; i < o->nzones; i++)
		if (user_add_zone(db, login, o->zones[i], &p) == -1 ||
		    audit_log(db, NULL, "cli user zone", "user", id) == -1)
			goto failed;
	if (db_commit(db) == -1)
		goto failed;
	user_show_password(login, password);
	return 0;
failed:
	fprintf(stderr, "solidarity: cannot add login: %s\n",
	    cmd_db_reason(db));
fail:
	db_rollback(db);
	sodium_memzero(password, sizeof(password));
	return 1;
}

static int
user_cmd_list(struct db *db, const struct user_opts *o, char **args)
{
	json_t *rows = user_list(db), *row;
	size_t i;

	if (rows == NULL) {
		fprintf(stderr, "solidarity: cannot list logins: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	printf("%-24s %-12s %-9s %s\n", "LOGIN", "ROLE", "DISABLED", "ZONES");
	json_array_foreach (rows, i, row) {
		printf("%-24s %-12s %-9s %lld\n",
		    json_string_value(json_object_get(row, "login")),
		    json_string_value(json_object_get(row, "role")),
		    json_integer_value(json_object_get(row, "disabled")) ? "yes"
									 : "no",
		    (long long)json_integer_value(
			json_object_get(row, "zones")));
	}
	json_decref(rows);
	return 0;
}

/*
 * Run a one-statement change and its audit entry as one transaction, so
 * that neither is left without the other.
 */
static int
user_change(struct db *db, const char *login, const char *action,
    enum role role)
{
	json_t *row = NULL;
	int64_t id;
	int rc;

	if (db_begin(db) == -1)
		return user_failed(db, "change the login", login);
	rc = user_find(db, login, &row);
	if (rc != 1) {
		/* Said before the rollback, which clears the error. */
		rc = user_failed(db, "change the login", login);
		db_rollback(db);
		return rc;
	}
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	rc = role == ROLE_NONE ? user_disable(db, login)
			       : user_set_role(db, login, role);
	if (rc == -1 || audit_log(db, NULL, action, "user", id) == -1 ||
	    db_commit(db) == -1) {
		rc = user_failed(db, "change the login", login);
		db_rollback(db);
		return rc;
	}
	return 0;
}

static int
user_cmd_role(struct db *db, const struct user_opts *o, char **args)
{
	enum role role = role_parse(args[1]);

	if (role == ROLE_NONE)
		return user_bad_role(args[1]);
	if (user_change(db, args[0], "cli user role", role) != 0)
		return 1;
	printf("%s is now %s\n", args[0], role_name(role));
	return 0;
}

static int
user_cmd_disable(struct db *db, const struct user_opts *o, char **args)
{
	if (user_change(db, args[0], "cli user disable", ROLE_NONE) != 0)
		return 1;
	printf("%s is disabled\n", args[0]);
	return 0;
}

static int
user_cmd_password(struct db *db, const struct user_opts *o, char **args)
{
	char password[SECRET_TOKEN_LEN];
	struct problem p = { 0 };
	int64_t id;

	/* The new password and its audit entry: both or neither. */
	if (db_begin(db) == -1) {
		fprintf(stderr, "solidarity: cannot set the password: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	id = user_reset_password(db, args[0], password, &p);
	if (id == -1 ||
	    audit_log(db, NULL, "cli user password", "user", id) == -1 ||
	    db_commit(db) == -1) {
		if (id == -1 && p.kind == PROBLEM_NOT_FOUND)
			user_no_login(args[0]);
		else
			fprintf(stderr,
			    "solidarity: cannot set the password: "
			    "%s\n",
			    cmd_db_reason(db));
		db_rollback(db);
		sodium_memzero(password, sizeof(password));
		return 1;
	}
	user_show_password(args[0], password);
	return 0;
}

static const struct {
	const char *name;
	int nargs;     /* words after the name */
	int with_role; /* takes --role and --zone */
	int (*run)(struct db *, const struct user_opts *, char **);
} subs[] = {
	{ "add", 1, 1, user_cmd_add },
	{ "list", 0, 0, user_cmd_list },
	{ "role", 2, 0, user_cmd_role },
	{ "disable", 1, 0, user_cmd_disable },
	{ "password", 1, 0, user_cmd_password },
};

/* --zone, repeatable: one more zone id. 0, or -1 if it is not one. */
static int
user_take_zone(void *arg, const char *value)
{
	struct user_opts *o = arg;

	o->zones = xrealloc(o->zones, (o->nzones + 1) * sizeof(*o->zones));
	if (num_parse_int(value, strlen(value), 1, INT64_MAX,
		&o->zones[o->nzones]) == -1)
		return -1;
	o->nzones++;
	return 0;
}

/* The subcommand that words name, with as many words as it takes. */
static int
user_sub(char **words, size_t *sub)
{
	size_t i, n;

	for (n = 0; words[n] != NULL; n++)
		continue;
	for (i = 0; n > 0 && i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(words[0], subs[i].name) == 0 &&
		    n - 1 == (size_t)subs[i].nargs) {
			*sub = i;
			return 0;
		}
	return -1;
}

int
cmd_user(int argc, char **argv)
{
	struct user_opts o = { CMD_DEFAULT_DB, NULL, NULL, 0 };
	const struct cmd_opt opts[] = { { "role", .text = &o.role },
		{ "zone", .take = user_take_zone, .arg = &o,
		    .want = "a zone id (a number)" },
		{ "db", .text = &o.url }, { NULL } };
	struct db *db;
	char **words;
	size_t i;
	int rc;

	rc = cmd_options(argc, argv, user_usage, opts, CMD_WORDS_ANY, &words);
	if (rc != -1)
		goto out;
	rc = 2;
	if (user_sub(words, &i) == -1) {
		rc = cmd_usage_error(user_usage);
		goto out;
	}
	if (subs[i].with_role && o.role == NULL) {
		fprintf(stderr, "solidarity: user add wants --role ROLE\n");
		goto out;
	}
	if (!subs[i].with_role && (o.role != NULL || o.nzones > 0)) {
		fprintf(stderr,
		    "solidarity: --role and --zone go with user "
		    "add only\n");
		goto out;
	}
	rc = 1;
	if (o.role != NULL && role_parse(o.role) == ROLE_NONE) {
		user_bad_role(o.role);
		goto out;
	}
	db = cmd_open_db(o.url, 1);
	if (db == NULL)
		goto out;
	rc = subs[i].run(db, &o, words + 1);
	db_close(db);
out:
	free(o.zones);
	return rc;
}
