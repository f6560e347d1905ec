/*
 * The account, token, audit and retention commands, driven through the
 * binary: exit statuses, one-line errors, passwords and tokens printed once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>
#include <sqlite3.h>

#include "tap.h"
#include "client.h"
#include "util/secret.h"

static char out[16384], err[8192];

/*
 * Run the binary with args, each quoted for the shell; capture stdout and
 * stderr; return the exit status.
 */
/* Run the binary; its output in out and err; the exit status. */
static int
run(const char *const *args)
{
	return cli_run(args, out, sizeof(out), err, sizeof(err));
}

/* Exit status 1 and exactly one line on stderr, containing what. */
#define fails(args, what, name) do {					\
	is_int(run(args), 1, "%s fails", name);				\
	if (!ok(cli_lines(err) == 1 && strncmp(err, "solidarity: ", 12) == 0 \
	    && strstr(err, what) != NULL, "%s: one line saying so", name)) \
		printf("#   stderr: %s", err);				\
} while (0)

#define A(...)	((const char *[]){ __VA_ARGS__, NULL })

static sqlite3 *conn;

/* The first column of the first row of sql as text, in buf ("" if none). */
static const char *
sql_text(const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK)
		return buf;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* The password printed by user add or user password, copied to pw. */
static int
printed_password(const char *login, char pw[SECRET_TOKEN_LEN])
{
	char want[128];
	const char *at;
	size_t n;

	snprintf(want, sizeof(want), "password for %s (shown once, change "
	    "it after signing in): ", login);
	if (cli_lines(out) != 1 || strncmp(out, want, strlen(want)) != 0)
		return 0;
	at = out + strlen(want);
	n = strcspn(at, "\n");
	if (n != SECRET_TOKEN_LEN - 1)
		return 0;
	memcpy(pw, at, n);
	pw[n] = '\0';
	return 1;
}

static int
password_works(const char *login, const char *pw)
{
	char sql[160], hash[256];

	snprintf(sql, sizeof(sql), "SELECT password_hash FROM app_user "
	    "WHERE login = '%s'", login);
	sql_text(sql, hash, sizeof(hash));
	return hash[0] != '\0' &&
	    crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-acli-XXXXXX", db[128], buf[256];
	char pw[SECRET_TOKEN_LEN], pw2[SECRET_TOKEN_LEN];
	char tok[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN], sql[256];
	static const char *const helps[] = {
		"user", "token", "audit", "purge", "forget", NULL
	};
	int i;

	if (mkdtemp(dir) == NULL || secret_init() == -1)
		return 1;
	snprintf(db, sizeof(db), "%s/a.db", dir);

	is_int(run(A("--help")), 0, "--help");
	ok(strstr(out, "user") && strstr(out, "token") && strstr(out, "audit")
	    && strstr(out, "purge") && strstr(out, "forget"),
	    "lists the new commands");
	for (i = 0; helps[i] != NULL; i++) {
		is_int(run(A(helps[i], "--help")), 0, "%s --help", helps[i]);
		ok(strncmp(out, "usage: solidarity ", 18) == 0 &&
		    strstr(out, "--db") != NULL && err[0] == '\0',
		    "%s --help describes it on stdout", helps[i]);
	}
	is_int(run(A("user", "add", "--help")), 0, "user add --help");
	ok(strstr(out, "--role") && strstr(out, "--zone"),
	    "describes --role and --zone");
	is_int(run(A("token", "add", "--help")), 0, "token add --help");
	ok(strstr(out, "TOKEN=$(solidarity token add"),
	    "shows how a script keeps a token");
	is_int(run(A("purge", "--help")), 0, "purge --help");
	ok(strstr(out, "default 90"), "gives the default period");

	/* Bad usage: 2, before the database is touched. */
	is_int(run(A("user")), 2, "user alone is bad usage");
	is_int(run(A("user", "frob", "--db", db)), 2, "an unknown user verb");
	is_int(run(A("user", "add", "--db", db)), 2, "user add without login");
	is_int(run(A("user", "add", "x1", "--db", db)), 2,
	    "user add without --role");
	ok(cli_lines(err) == 1 && strstr(err, "--role"), "says --role is wanted");
	is_int(run(A("user", "add", "x1", "--role", "admin", "extra", "--db",
	    db)), 2, "a stray argument");
	is_int(run(A("user", "add", "x1", "--role", "volunteer", "--zone",
	    "north", "--db", db)), 2, "a zone that is not a number");
	is_int(run(A("user", "list", "--role", "admin", "--db", db)), 2,
	    "--role with list");
	is_int(run(A("user", "list", "--bogus", "--db", db)), 2,
	    "an unknown option");
	is_int(run(A("token")), 2, "token alone");
	is_int(run(A("token", "revoke", "abc", "--db", db)), 2,
	    "a token id that is not a number");
	is_int(run(A("token", "list", "x1", "--label", "y", "--db", db)), 2,
	    "--label with list");
	is_int(run(A("token", "add", "x1", "--label", "", "--db", db)), 2,
	    "an empty label");
	is_int(run(A("audit", "--limit", "0", "--db", db)), 2, "--limit 0");
	is_int(run(A("audit", "--limit", "1001", "--db", db)), 2,
	    "--limit over 1000");
	is_int(run(A("audit", "stray", "--db", db)), 2, "audit stray");
	is_int(run(A("purge", "--days", "0", "--db", db)), 2, "--days 0");
	is_int(run(A("purge", "--days", "36501", "--db", db)), 2,
	    "--days over 100 years");
	is_int(run(A("purge", "--days", "9x", "--db", db)), 2,
	    "--days with junk");
	is_int(run(A("forget", "--db", db)), 2, "forget without an id");
	is_int(run(A("forget", "abc", "--db", db)), 2, "forget abc");
	is_int(run(A("forget", "1", "2", "--db", db)), 2, "forget 1 2");

	/* Logins. */
	is_int(run(A("user", "add", "admin1", "--role", "admin", "--db", db)),
	    0, "user add");
	ok(printed_password("admin1", pw), "prints the password once, on "
	    "one line");
	ok(err[0] == '\0', "and nothing on stderr");
	if (sqlite3_open(db, &conn) != SQLITE_OK)
		return 1;
	ok(password_works("admin1", pw), "the printed password is the one "
	    "stored");
	ok(strcmp(sql_text("SELECT name FROM person p JOIN app_user u ON "
	    "u.person_id = p.id WHERE u.login = 'admin1'", buf, sizeof(buf)),
	    "admin1") == 0, "a person of that name goes with it");
	fails(A("user", "add", "admin1", "--role", "admin", "--db", db),
	    "taken", "a taken login");
	fails(A("user", "add", "bob", "--role", "wizard", "--db", db),
	    "unknown role", "a bad role");
	fails(A("user", "add", "b", "--role", "admin", "--db", db),
	    "login", "a login too short");
	fails(A("user", "add", "vol1", "--role", "volunteer", "--zone", "7",
	    "--db", db), "no zone 7", "a zone that does not exist");
	ok(strcmp(sql_text("SELECT count(*) FROM app_user WHERE login = "
	    "'vol1'", buf, sizeof(buf)), "0") == 0, "and adds nobody");
	sqlite3_exec(conn, "INSERT INTO zone (name, created_at) VALUES "
	    "('North', '2026-01-01T00:00:00Z'), "
	    "('South', '2026-01-01T00:00:00Z')", NULL, NULL, NULL);
	is_int(run(A("user", "add", "vol1", "--role", "volunteer", "--zone",
	    "1", "--zone", "2", "--db", db)), 0, "a volunteer with two zones");
	ok(printed_password("vol1", pw2), "gets a password");
	ok(strcmp(pw, pw2) != 0, "a different one");

	is_int(run(A("user", "list", "--db", db)), 0, "user list");
	ok(cli_lines(out) == 3 && strstr(out, "LOGIN") && strstr(out, "ZONES"),
	    "a header and two logins");
	ok(strstr(out, "vol1") && strstr(out, "volunteer") &&
	    strstr(out, " 2\n"), "the volunteer with two zones");
	ok(strstr(out, pw) == NULL && strstr(out, "argon2") == NULL,
	    "no password or hash in the list");

	is_int(run(A("user", "role", "vol1", "coordinator", "--db", db)), 0,
	    "user role");
	ok(strcmp(sql_text("SELECT role FROM app_user WHERE login = 'vol1'",
	    buf, sizeof(buf)), "coordinator") == 0, "changes the role");
	fails(A("user", "role", "vol1", "king", "--db", db), "unknown role",
	    "a bad role");
	fails(A("user", "role", "nobody", "admin", "--db", db),
	    "no login 'nobody'", "role of an unknown login");

	is_int(run(A("user", "password", "admin1", "--db", db)), 0,
	    "user password");
	ok(printed_password("admin1", pw2), "prints the new password once");
	ok(password_works("admin1", pw2), "which works");
	ok(!password_works("admin1", pw), "and the old one no longer does");
	fails(A("user", "password", "nobody", "--db", db), "no login",
	    "password of an unknown login");

	/* Tokens. */
	is_int(run(A("token", "add", "admin1", "--db", db)), 0, "token add");
	ok(cli_lines(out) == 1 && strlen(out) == SECRET_TOKEN_LEN,
	    "prints just the token, on one line");
	snprintf(tok, sizeof(tok), "%.*s", SECRET_TOKEN_LEN - 1, out);
	secret_hash(tok, hash);
	snprintf(sql, sizeof(sql), "SELECT label FROM api_token WHERE "
	    "token_hash = '%s' AND revoked_at IS NULL", hash);
	is_str(sql_text(sql, buf, sizeof(buf)), "cli",
	    "its hash is stored, with the default label");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_token WHERE "
	    "token_hash = '%s'", tok);
	is_str(sql_text(sql, buf, sizeof(buf)), "0", "the token itself is not");
	is_int(run(A("token", "add", "admin1", "--label", "ci deploy", "--db",
	    db)), 0, "token add --label");
	fails(A("token", "add", "nobody", "--db", db), "no login",
	    "a token for an unknown login");
	is_int(run(A("user", "disable", "vol1", "--db", db)), 0,
	    "user disable");
	ok(strcmp(sql_text("SELECT disabled FROM app_user WHERE login = "
	    "'vol1'", buf, sizeof(buf)), "1") == 0, "disables");
	fails(A("user", "disable", "nobody", "--db", db), "no login",
	    "disabling an unknown login");
	fails(A("token", "add", "vol1", "--db", db), "disabled",
	    "a token for a disabled login");
	is_int(run(A("user", "list", "--db", db)), 0, "user list again");
	ok(strstr(out, "yes") != NULL, "shows the login disabled");

	is_int(run(A("token", "list", "admin1", "--db", db)), 0, "token list");
	ok(cli_lines(out) == 3 && strstr(out, "ci deploy") && strstr(out, "cli"),
	    "a header and both tokens, by label");
	ok(strstr(out, tok) == NULL && strstr(out, hash) == NULL,
	    "neither the token nor its hash");
	fails(A("token", "list", "nobody", "--db", db), "no login",
	    "tokens of an unknown login");
	is_int(run(A("token", "revoke", "1", "--db", db)), 0, "token revoke");
	snprintf(sql, sizeof(sql), "SELECT revoked_at IS NOT NULL FROM "
	    "api_token WHERE id = 1");
	is_str(sql_text(sql, buf, sizeof(buf)), "1", "revokes it");
	fails(A("token", "revoke", "1", "--db", db), "no token 1",
	    "revoking it twice");
	fails(A("token", "revoke", "99", "--db", db), "no token 99",
	    "revoking an unknown token");

	/* The audit trail. */
	is_int(run(A("audit", "--db", db)), 0, "audit");
	ok(strstr(out, "cli user add") && strstr(out, "cli user zone") &&
	    strstr(out, "cli user role") && strstr(out, "cli user password") &&
	    strstr(out, "cli user disable") && strstr(out, "cli token add") &&
	    strstr(out, "cli token revoke"), "shows every change");
	ok(strncmp(out, "AT ", 3) == 0 && strstr(out, "cli token revoke") <
	    strstr(out, "cli user add"), "newest first, under a header");
	ok(strstr(out, pw2) == NULL && strstr(out, tok) == NULL,
	    "no password or token in it");
	is_int(run(A("audit", "--action", "cli token add", "--db", db)), 0,
	    "audit --action");
	ok(cli_lines(out) == 3 && strstr(out, "cli user") == NULL,
	    "only that action");
	is_int(run(A("audit", "--limit", "1", "--db", db)), 0, "audit --limit");
	ok(cli_lines(out) == 2 && strstr(out, "cli token revoke"),
	    "the newest entry only");
	fails(A("audit", "--user", "nobody", "--db", db), "no login",
	    "audit of an unknown login");
	is_int(run(A("audit", "--user", "admin1", "--db", db)), 0,
	    "audit --user");
	ok(cli_lines(out) == 1, "the command line acts as nobody");

	/* Retention. */
	sqlite3_exec(conn,
	    "INSERT INTO person (name, phone, created_at, updated_at) VALUES "
	    "('Old Pat', '+15550111222', '2020-01-01T00:00:00Z', "
	    "'2020-01-01T00:00:00Z');"
	    "INSERT INTO need (person_id, category, details, urgency, "
	    "zone_id, status, created_at, updated_at) VALUES "
	    "(3, 'rent', 'old private details', 1, 1, 'fulfilled', "
	    "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),"
	    "(3, 'rent', 'still open', 1, 1, 'open', "
	    "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');",
	    NULL, NULL, NULL);
	is_int(run(A("purge", "--db", db)), 0, "purge");
	ok(strstr(out, "asks purged: 1") && strstr(out, "offers purged: 0"),
	    "says what it purged");
	ok(strstr(out, "cleared: 0") != NULL,
	    "no contact cleared while an ask is open");
	is_str(sql_text("SELECT details FROM need WHERE id = 1", buf,
	    sizeof(buf)), "", "the old ask is emptied");
	is_str(sql_text("SELECT details FROM need WHERE id = 2", buf,
	    sizeof(buf)), "still open", "the open one is not");
	sqlite3_exec(conn, "UPDATE need SET status = 'closed', close_reason = "
	    "'moved' WHERE id = 2", NULL, NULL, NULL);
	is_int(run(A("purge", "--days", "30", "--db", db)), 0,
	    "purge --days 30");
	ok(strstr(out, "asks purged: 1") && strstr(out, "cleared: 1"),
	    "the person's contact goes once all is over");
	ok(strcmp(sql_text("SELECT coalesce(phone, 'none') FROM person WHERE "
	    "id = 3", buf, sizeof(buf)), "none") == 0, "the phone is gone");

	is_int(run(A("forget", "1", "--db", db)), 0, "forget");
	ok(strstr(out, "forgotten") != NULL, "says so");
	is_str(sql_text("SELECT name FROM person WHERE id = 1", buf,
	    sizeof(buf)), "\xe2\x80\x94", "the name is gone");
	is_str(sql_text("SELECT disabled || ' ' || login FROM app_user "
	    "WHERE person_id = 1", buf, sizeof(buf)), "1 (forgotten 1)",
	    "the login is disabled and renamed");
	is_str(sql_text("SELECT count(*) FROM api_token WHERE user_id = 1 "
	    "AND revoked_at IS NULL", buf, sizeof(buf)), "0",
	    "the tokens are revoked");
	fails(A("forget", "999", "--db", db), "no person 999",
	    "forgetting an unknown person");
	is_int(run(A("audit", "--limit", "3", "--db", db)), 0,
	    "audit after");
	ok(strstr(out, "forget person") && strstr(out, "purge"),
	    "shows the forgetting and the purges");

	sqlite3_close(conn);
	snprintf(sql, sizeof(sql), "rm -rf %s", dir);
	if (system(sql) != 0)
		return 1;
	return tap_done();
}
