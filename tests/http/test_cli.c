/*
 * The command line: help, version, exit statuses and one-line errors;
 * how import reads a file's encoding and delimiter, and where it says a
 * file went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "testdb.h"
#include "db/db.h"

static char out[8192], err[8192];

/* Run the binary; its output in out and err; the exit status. */
static int
run(const char *const *args)
{
	return cli_run(args, out, sizeof(out), err, sizeof(err));
}

/* Every command but the list, to check they read options alike. */
static const char *const commands[] = {
	"init", "serve", "demo", "user", "token", "audit", "purge", "forget",
	"match", "import", "export", "backup", "restore", "migrate-data", "check",
	NULL
};

/*
 * --help, an unknown option and an option without its value, the same
 * way for every command (cli/cmd.c): usage on stdout and 0, or usage on
 * stderr and 2, before any database is touched.
 */
static void
check_options(void)
{
	const char *name, *valued;
	int i;

	for (i = 0; commands[i] != NULL; i++) {
		name = commands[i];
		is_int(run((const char *[]){ name, "--help", NULL }), 0,
		    "%s --help", name);
		ok(strncmp(out, "usage: solidarity ", 18) == 0 &&
		    err[0] == '\0', "%s --help: its usage, on stdout", name);
		is_int(run((const char *[]){ name, "--bogus", NULL }), 2,
		    "%s --bogus is bad usage", name);
		ok(out[0] == '\0' && strstr(err, "usage: solidarity ") != NULL,
		    "%s --bogus: its usage, on stderr", name);
		/* migrate-data names two databases, and so has no --db. */
		valued = strcmp(name, "migrate-data") == 0 ? "--from" : "--db";
		is_int(run((const char *[]){ name, valued, NULL }), 2,
		    "%s %s without its value is bad usage", name, valued);
		ok(out[0] == '\0' && strstr(err, "usage: solidarity ") != NULL,
		    "%s %s: its usage, on stderr", name, valued);
	}
}

/* A file path in dir holding len bytes of s: 0, or -1. */
static int
put_file(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc = f != NULL && fwrite(s, 1, len, f) == len ? 0 : -1;

	if (f != NULL && fclose(f) != 0)
		rc = -1;
	return rc;
}

/* A check that out or err holds needle, shown when it does not. */
static void
has(const char *where, const char *needle, const char *what)
{
	if (!ok(strstr(where, needle) != NULL, "%s", what))
		fprintf(stderr, "# looked for: %s\n# in:\n%s\n", needle,
		    where);
}

/*
 * import: a file's encoding as its mark says, whatever --encoding says;
 * each a dry run, writing nothing.
 */
static void
check_import(const char *dir, const char *db)
{
	static const char bom8[] = "\xef\xbb\xbfName,C\xc3\xb3" "digo postal,"
				   "Category\r\nJos\xc3\xa9,60608,rent\r\n";
	char path[256];

	snprintf(path, sizeof(path), "%s/bom8.csv", dir);
	ok(put_file(path, bom8, sizeof(bom8) - 1) == 0,
	    "a UTF-8 file with its mark written");
	is_int(run((const char *[]){ "import", path, "--dry-run", "--encoding",
	    "windows-1252", "--db", db, NULL }), 0,
	    "import --encoding windows-1252 of a UTF-8 file with its mark");
	has(out, "  Name                             -> name",
	    "the first header without the mark");
	has(out, "  C\xc3\xb3" "digo postal                    -> zone",
	    "an accent read as UTF-8, not garbled");
	has(err, "begins with a UTF-8 byte order mark: read as UTF-8, not "
	    "windows-1252", "saying the mark overrides --encoding");

	/* Excel's Unicode Text: UTF-16LE, its mark and tabs, whose header
	 * has a question with more commas than it has tabs. */
	{
		static const char u16[] =
		    "\xff\xfeN\0a\0m\0e\0\t\0W\0h\0a\0t\0?\0 \0(\0"
		    "f\0,\0 \0r\0,\0 \0d\0)\0\t\0Z\0i\0p\0 \0c\0o\0d\0e\0"
		    "\n\0A\0n\0a\0\t\0f\0\t\0" "6\0" "0\0" "6\0" "0\0" "8\0"
		    "\n\0";

		snprintf(path, sizeof(path), "%s/u16.txt", dir);
		ok(put_file(path, u16, sizeof(u16) - 1) == 0,
		    "a UTF-16 file with a question's commas written");
		is_int(run((const char *[]){ "import", path, "--dry-run",
		    "--kind", "people", "--db", db, NULL }), 0,
		    "import of it: exit 0");
		has(out, "  Zip code                         -> zone",
		    "its cells parted by tabs, not the question's commas");
	}
	/* A ";" CSV with as many commas as semicolons in its header. */
	{
		static const char euro[] =
		    "Nombre;Necesitas (comida, ropa, renta);Barrio\r\n"
		    "Jos\xc3\xa9;comida;Lavapi\xc3\xa9s\r\n";

		snprintf(path, sizeof(path), "%s/euro.csv", dir);
		ok(put_file(path, euro, sizeof(euro) - 1) == 0,
		    "a \";\" file with a tie written");
		is_int(run((const char *[]){ "import", path, "--dry-run",
		    "--country", "ES", "--db", db, NULL }), 0,
		    "import of it: exit 0");
		has(out, "  Barrio                           -> zone",
		    "its cells parted by semicolons, as its next row");
	}
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-cli-XXXXXX", cmd[128];
	const char *db;
	struct testdb t;
	struct db *conn;
	char *msg = NULL;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "cli");
	db = t.url;

	is_int(run((const char *[]){ "--help", NULL }), 0, "--help exits 0");
	ok(strstr(out, "serve") && strstr(out, "init") && strstr(out, "demo"),
	    "and lists the commands");
	is_int(run((const char *[]){ "--version", NULL }), 0, "--version");
	ok(strncmp(out, "solidarity ", 11) == 0, "prints the version");
	is_int(run((const char *[]){ NULL }), 2, "no command is bad usage");
	is_int(run((const char *[]){ "frobnicate", NULL }), 2,
	    "an unknown command is bad usage");
	ok(cli_lines(err) == 1 && strstr(err, "unknown command"),
	    "with one line saying so");
	is_int(run((const char *[]){ "serve", "--help", NULL }), 0,
	    "serve --help");
	ok(strstr(out, "--listen") != NULL, "describes --listen");
	ok(strstr(out, "--max-claims N") != NULL &&
	    strstr(out, "--contact-alert N") != NULL,
	    "and --max-claims and --contact-alert");
	ok(strstr(out, "--trusted-proxy ADDR") != NULL,
	    "serve --help describes --trusted-proxy");
	ok(strstr(out, "--time-zone ZONE") != NULL, "and --time-zone");
	ok(strstr(out, "--match-radius N") != NULL, "and --match-radius");
	is_int(run((const char *[]){ "init", "--help", NULL }), 0,
	    "init --help");
	is_int(run((const char *[]){ "demo", "--help", NULL }), 0,
	    "demo --help");
	is_int(run((const char *[]){ "serve", "--threads", "lots", NULL }), 2,
	    "a bad --threads is bad usage");
	is_int(run((const char *[]){ "serve", "--bogus", NULL }), 2,
	    "an unknown option is bad usage");
	is_int(run((const char *[]){ "serve", "--max-claims", "0", NULL }), 2,
	    "--max-claims 0 is bad usage");
	ok(strstr(err, "--max-claims") != NULL, "naming the option");
	is_int(run((const char *[]){ "serve", "--max-claims", "1001", NULL }),
	    2, "--max-claims over 1000 is bad usage");
	is_int(run((const char *[]){ "serve", "--match-radius", "3", NULL }),
	    2, "--match-radius over 2 is bad usage");
	ok(strstr(err, "--match-radius wants a number of hops from 0 to 2") !=
		NULL,
	    "saying what it wants");
	is_int(run((const char *[]){ "serve", "--match-radius", "-1", NULL }),
	    2, "a negative --match-radius is bad usage");
	is_int(run((const char *[]){ "serve", "--contact-alert", "many",
	    NULL }), 2, "a bad --contact-alert is bad usage");
	ok(strstr(err, "--contact-alert") != NULL, "naming the option");
	is_int(run((const char *[]){ "serve", "--trusted-proxy",
	    "proxy.example", NULL }), 2, "a --trusted-proxy not an address is "
	    "bad usage");
	ok(cli_lines(err) == 1 && strstr(err, "--trusted-proxy wants an IPv4 "
	    "or IPv6 address"), "saying what it wants");
	is_int(run((const char *[]){ "serve", "--trusted-proxy",
	    "10.0.0.0/8", NULL }), 2, "and so is a network");
	is_int(run((const char *[]){ "serve", "--time-zone", "Mars/Olympus",
	    "--listen", "127.0.0.1:0", NULL }), 2,
	    "an unknown --time-zone is refused at start: bad usage");
	ok(cli_lines(err) == 1 && strstr(err, "--time-zone wants a time zone"),
	    "saying what it wants, on one line");
	is_int(run((const char *[]){ "serve", "--time-zone", "../../etc/passwd",
	    NULL }), 2, "and so is a path out of the zone database");
	is_int(run((const char *[]){ "init", "extra", NULL }), 2,
	    "a stray argument is bad usage");
	check_options();
	/* SQLite takes "" for a database of its own, gone at its close. */
	is_int(run((const char *[]){ "init", "--db", "", NULL }), 1,
	    "an empty --db is refused");
	ok(cli_lines(err) == 1 && strstr(err, "no database named"),
	    "saying so, on one line: %s", err);
	is_int(run((const char *[]){ "user", "list", "--db", "sqlite:", NULL }),
	    1, "and so is an empty sqlite: path");

	is_int(run((const char *[]){ "init", "--db", db, NULL }), 0,
	    "init creates a database on %s", testdb_backend());
	ok(strstr(out, "migrated") != NULL, "and says so");
	/* So that a PostgreSQL pass cannot quietly be a second SQLite one. */
	snprintf(cmd, sizeof(cmd), "%s/cli.db", dir);
	ok((access(cmd, F_OK) == 0) == !testdb_is_pg(),
	    "%s: a SQLite file only on SQLite", testdb_backend());
	is_int(run((const char *[]){ "init", "--db", db, NULL }), 0,
	    "init again");
	ok(strstr(out, "up to date") != NULL, "says up to date");
	check_import(dir, db);
	is_int(run((const char *[]){ "init", "--db",
	    "/nonexistent/dir/x.db", NULL }), 1, "an unreachable path fails");
	ok(cli_lines(err) == 1 && strstr(err, "cannot open database"),
	    "with one clear line");
	is_int(run((const char *[]){ "serve", "--db", db, "--listen",
	    "127.0.0.1:99999", NULL }), 1, "a bad listen address fails");
	ok(cli_lines(err) == 1 && strstr(err, "listen address"),
	    "with one clear line");
	is_int(run((const char *[]){ "serve", "--db", db, "--listen",
	    "127.0.0.1:99999", "--max-claims", "1000", "--contact-alert", "1",
	    "--match-radius", "0", NULL }), 1,
	    "good --max-claims, --contact-alert and --match-radius are taken");
	ok(strstr(err, "listen address") != NULL, "and it fails further on");
	ok(strstr(out, "no admin account in") != NULL &&
	    strstr(out, "user add NAME --role admin") != NULL,
	    "having said how to make the first login: %s", out);
	is_int(run((const char *[]){ "serve", "--db", db, "--listen",
	    "0.0.0.0:0", NULL }), 1,
	    "beyond loopback with no admin account: refused");
	ok(cli_lines(err) == 1 && strstr(err, "no admin account"),
	    "saying an admin is needed first");

	/* A database written by a newer program is refused, not served. */
	conn = db_open(db, &msg);
	if (!ok(conn != NULL && db_exec(conn, "UPDATE schema_version SET "
	    "version = 999", NULL, 0) == 1, "the schema version set ahead"))
		printf("#   %s\n", msg != NULL ? msg : "update failed");
	free(msg);
	if (conn != NULL)
		db_close(conn);
	is_int(run((const char *[]){ "serve", "--db", db, "--listen",
	    "127.0.0.1:0", NULL }), 1, "serve refuses a newer database");
	ok(strstr(err, "newer than this program") != NULL,
	    "and says the database is newer");

	testdb_drop(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
