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

#include "tap.h"
#include "client.h"
#include "testdb.h"
#include "db/db.h"
#include "util/secret.h"

static char out[16384], err[8192];

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

/*
 * The test's own connection, beside the binary's. Its SQL is literal text
 * with values bound, never built: db.h caches statements by the address of
 * their text, which a reused buffer would keep while its words changed.
 */
static struct db *conn;

/*
 * The first column of the first row of sql, with n bound args, as text in
 * buf: a number in decimal, "" when there is no row or the value is NULL.
 */
static const char *
sql_text(const char *sql, const struct db_val *args, size_t n, char *buf,
    size_t len)
{
	json_t *row = NULL, *v = NULL;

	buf[0] = '\0';
	if (db_row(conn, sql, args, n, &row) == 1)
		v = json_object_iter_value(json_object_iter(row));
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	json_decref(row);
	return buf;
}

/*
 * The first column of the first row of sql as a number, or -1 when there
 * is none. A comparison reads 1 or 0 here on both backends, where a row
 * would carry true or false from PostgreSQL.
 */
static int64_t
sql_int(const char *sql, const struct db_val *args, size_t n)
{
	int64_t v;

	if (db_int(conn, sql, args, n, &v) != 1)
		return -1;
	return v;
}

/*
 * The id that sql selects with one text argument, also in decimal in buf
 * for the command line; -1 and "" when there is none. Ids are looked up,
 * not assumed: PostgreSQL's sequences keep the numbers that failed inserts
 * took, so its ids may run ahead of SQLite's.
 */
static int64_t
sql_id(const char *sql, const char *arg, char *buf, size_t len)
{
	struct db_val v = DBV_TEXT(arg);
	int64_t id = sql_int(sql, &v, 1);

	buf[0] = '\0';
	if (id > 0)
		snprintf(buf, len, "%lld", (long long)id);
	return id;
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
	struct db_val v = DBV_TEXT(login);
	char hash[256];

	sql_text("SELECT password_hash FROM app_user WHERE login = ?", &v, 1,
	    hash, sizeof(hash));
	return hash[0] != '\0' &&
	    crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-acli-XXXXXX", buf[256];
	char pw[SECRET_TOKEN_LEN], pw2[SECRET_TOKEN_LEN];
	char tok[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN];
	char north[24], south[24], tokid[24], person[24], what[64];
	static const char *const helps[] = {
		"user", "token", "audit", "purge", "forget", NULL
	};
	struct testdb t;
	struct db_val args[4];
	const char *db;
	char *msg = NULL;
	int64_t zone, pat, old_ask, open_ask, person_id, admin_user;
	int i;

	if (mkdtemp(dir) == NULL || secret_init() == -1)
		return 1;
	testdb_make(&t, dir, "accounts_cli");
	db = t.url;

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
	    0, "user add on %s", testdb_backend());
	ok(printed_password("admin1", pw), "prints the password once, on "
	    "one line");
	ok(err[0] == '\0', "and nothing on stderr");
	conn = db_open(db, &msg);
	if (!ok(conn != NULL, "the test opens the database too")) {
		printf("#   %s\n", msg != NULL ? msg : "no message");
		return 1;
	}
	ok(password_works("admin1", pw), "the printed password is the one "
	    "stored");
	ok(strcmp(sql_text("SELECT name FROM person p JOIN app_user u ON "
	    "u.person_id = p.id WHERE u.login = 'admin1'", NULL, 0, buf,
	    sizeof(buf)), "admin1") == 0, "a person of that name goes with it");
	fails(A("user", "add", "admin1", "--role", "admin", "--db", db),
	    "taken", "a taken login");
	fails(A("user", "add", "bob", "--role", "wizard", "--db", db),
	    "unknown role", "a bad role");
	fails(A("user", "add", "b", "--role", "admin", "--db", db),
	    "login", "a login too short");
	fails(A("user", "add", "vol1", "--role", "volunteer", "--zone", "7",
	    "--db", db), "no zone 7", "a zone that does not exist");
	ok(strcmp(sql_text("SELECT count(*) FROM app_user WHERE login = "
	    "'vol1'", NULL, 0, buf, sizeof(buf)), "0") == 0, "and adds nobody");
	is_int(db_exec(conn, "INSERT INTO zone (name, created_at) VALUES "
	    "('North', '2026-01-01T00:00:00Z'), "
	    "('South', '2026-01-01T00:00:00Z')", NULL, 0), 2,
	    "two zones written beside the binary");
	zone = sql_id("SELECT id FROM zone WHERE name = ?", "North", north,
	    sizeof(north));
	sql_id("SELECT id FROM zone WHERE name = ?", "South", south,
	    sizeof(south));
	is_int(run(A("user", "add", "vol1", "--role", "volunteer", "--zone",
	    north, "--zone", south, "--db", db)), 0,
	    "a volunteer with two zones");
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
	    NULL, 0, buf, sizeof(buf)), "coordinator") == 0,
	    "changes the role");
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
	args[0] = DBV_TEXT(hash);
	is_str(sql_text("SELECT label FROM api_token WHERE token_hash = ? AND "
	    "revoked_at IS NULL", args, 1, buf, sizeof(buf)), "cli",
	    "its hash is stored, with the default label");
	sql_id("SELECT id FROM api_token WHERE token_hash = ?", hash, tokid,
	    sizeof(tokid));
	args[0] = DBV_TEXT(tok);
	is_str(sql_text("SELECT count(*) FROM api_token WHERE token_hash = ?",
	    args, 1, buf, sizeof(buf)), "0", "the token itself is not");
	is_int(run(A("token", "add", "admin1", "--label", "ci deploy", "--db",
	    db)), 0, "token add --label");
	fails(A("token", "add", "nobody", "--db", db), "no login",
	    "a token for an unknown login");
	is_int(run(A("user", "disable", "vol1", "--db", db)), 0,
	    "user disable");
	ok(strcmp(sql_text("SELECT disabled FROM app_user WHERE login = "
	    "'vol1'", NULL, 0, buf, sizeof(buf)), "1") == 0, "disables");
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
	is_int(run(A("token", "revoke", tokid, "--db", db)), 0,
	    "token revoke");
	args[0] = DBV_TEXT(hash);
	is_int(sql_int("SELECT revoked_at IS NOT NULL FROM api_token WHERE "
	    "token_hash = ?", args, 1), 1, "revokes it");
	snprintf(what, sizeof(what), "no token %s", tokid);
	fails(A("token", "revoke", tokid, "--db", db), what,
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
	/* What changed, one word per column: a move, the fields' names. */
	is_int(db_exec(conn, "INSERT INTO audit (at, action, entity, "
	    "entity_id, change) VALUES ('2026-01-02T00:00:00Z', 'need.status', "
	    "'need', 14, '{\"from\":\"open\",\"to\":\"matched\"}'), "
	    "('2026-01-02T00:00:01Z', 'person.update', 'person', 5, "
	    "'{\"fields\":[\"name\",\"zone_id\"]}')", NULL, 0),
	    2, "two entries of the web");
	is_int(run(A("audit", "--limit", "2", "--db", db)), 0, "audit");
	ok(strstr(out, " CHANGE ") && strstr(out, "need.status") &&
	    strstr(out, "open->matched") && strstr(out, "person.update") &&
	    strstr(out, "name,zone_id"), "says what changed, by id and name");

	/* Retention. */
	is_int(db_exec(conn, "INSERT INTO person (name, phone, created_at, "
	    "updated_at) VALUES ('Old Pat', '+15550111222', "
	    "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')", NULL, 0), 1,
	    "a person from long ago written");
	pat = sql_int("SELECT id FROM person WHERE name = 'Old Pat'", NULL, 0);
	args[0] = DBV_INT(pat);
	args[1] = DBV_INT(zone);
	args[2] = DBV_INT(pat);
	args[3] = DBV_INT(zone);
	is_int(db_exec(conn, "INSERT INTO need (person_id, category, details, "
	    "urgency, zone_id, status, created_at, updated_at) VALUES "
	    "(?, 'rent', 'old private details', 1, ?, 'fulfilled', "
	    "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),"
	    "(?, 'rent', 'still open', 1, ?, 'open', "
	    "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')", args, 4), 2,
	    "and two asks of theirs, one over and one open");
	old_ask = sql_int("SELECT id FROM need WHERE details = "
	    "'old private details'", NULL, 0);
	open_ask = sql_int("SELECT id FROM need WHERE details = 'still open'",
	    NULL, 0);
	is_int(run(A("purge", "--db", db)), 0, "purge");
	ok(strstr(out, "asks purged: 1") && strstr(out, "offers purged: 0"),
	    "says what it purged");
	ok(strstr(out, "audit entries whose address was cleared: 0\n") !=
	    NULL, "and that no address was old enough (the command line "
	    "leaves none)");
	ok(strstr(out, "contact details were cleared: 0\n") != NULL,
	    "no contact cleared while an ask is open");
	/* "" is also what no row reads as: make sure the row is there. */
	args[0] = DBV_INT(old_ask);
	is_int(sql_int("SELECT count(*) FROM need WHERE id = ? AND "
	    "details = ''", args, 1), 1, "the old ask is emptied");
	args[0] = DBV_INT(open_ask);
	is_str(sql_text("SELECT details FROM need WHERE id = ?", args, 1, buf,
	    sizeof(buf)), "still open", "the open one is not");
	is_int(db_exec(conn, "UPDATE need SET status = 'closed', "
	    "close_reason = 'moved' WHERE id = ?", args, 1), 1,
	    "the open ask closed");
	is_int(run(A("purge", "--days", "30", "--db", db)), 0,
	    "purge --days 30");
	ok(strstr(out, "asks purged: 1") && strstr(out, "contact details were cleared: 1\n"),
	    "the person's contact goes once all is over");
	args[0] = DBV_INT(pat);
	ok(strcmp(sql_text("SELECT coalesce(phone, 'none') FROM person WHERE "
	    "id = ?", args, 1, buf, sizeof(buf)), "none") == 0,
	    "the phone is gone");

	/* Taken before forget renames the login they are found by. */
	person_id = sql_id("SELECT person_id FROM app_user WHERE login = ?",
	    "admin1", person, sizeof(person));
	args[0] = DBV_TEXT("admin1");
	admin_user = sql_int("SELECT id FROM app_user WHERE login = ?", args,
	    1);
	is_int(run(A("forget", person, "--db", db)), 0, "forget");
	ok(strstr(out, "forgotten") != NULL, "says so");
	args[0] = DBV_INT(person_id);
	is_str(sql_text("SELECT name FROM person WHERE id = ?", args, 1, buf,
	    sizeof(buf)), "\xe2\x80\x94", "the name is gone");
	snprintf(what, sizeof(what), "1 (forgotten %s)", person);
	is_str(sql_text("SELECT disabled || ' ' || login FROM app_user "
	    "WHERE person_id = ?", args, 1, buf, sizeof(buf)), what,
	    "the login is disabled and renamed");
	args[0] = DBV_INT(admin_user);
	is_str(sql_text("SELECT count(*) FROM api_token WHERE user_id = ? "
	    "AND revoked_at IS NULL", args, 1, buf, sizeof(buf)), "0",
	    "the tokens are revoked");
	fails(A("forget", "999", "--db", db), "no person 999",
	    "forgetting an unknown person");
	is_int(run(A("audit", "--limit", "3", "--db", db)), 0,
	    "audit after");
	ok(strstr(out, "forget person") && strstr(out, "purge"),
	    "shows the forgetting and the purges");

	db_close(conn);
	testdb_drop(&t);
	if (testdb_rmdir(dir) == -1)
		return 1;
	return tap_done();
}
