/*
 * solidarity migrate-data: the registry's copy order against the schema,
 * and the
 * command run as a user runs it: SQLite to SQLite always, SQLite to
 * PostgreSQL and back when SOLIDARITY_TEST_PG names a server (in a schema
 * of its own, dropped at the end; skipped, saying why, without one, and
 * a failure under CI=true).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "db/db.h"
#include "db/registry.h"

enum stmt {
	STMT_PARENTS,
	STMT_ZONES,
	STMT_PEOPLE,
	STMT_NEEDS,
	STMT_MAX_ZONE,
	STMT_ADD_ZONE,
	STMT_EXTRA,
	STMT_OLD,
	STMT_FILL,
	STMT_TRIGGER_SQLITE,
	STMT_TRIGGER_PG,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_PARENTS */
	"SELECT \"table\" AS parent "
	"FROM pragma_foreign_key_list(?)",
	/* STMT_ZONES */
	"SELECT count(*) FROM zone",
	/* STMT_PEOPLE */
	"SELECT count(*) FROM person",
	/* STMT_NEEDS */
	"SELECT count(*) FROM need",
	/* STMT_MAX_ZONE */
	"SELECT max(id) FROM zone",
	/* STMT_ADD_ZONE */
	"INSERT INTO zone (name, created_at) "
	"VALUES ('After', '2026-01-01T00:00:00Z') RETURNING id",
	/* STMT_EXTRA */
	"CREATE TABLE extra (x INTEGER)",
	/* STMT_OLD */
	"UPDATE schema_version SET version = 1",
	/* Rows for the tables the demo leaves empty. */
	/* STMT_FILL */
	"INSERT INTO login_session (user_id, token_hash, csrf, created_at, "
	"seen_at) VALUES (1, 'h1', 'c1', 1767225600, 1767225600);"
	"INSERT INTO api_token (user_id, token_hash, label, created_at) "
	"VALUES (1, 'h2', 'script', '2026-01-01T00:00:00Z');"
	"INSERT INTO claim (need_id, user_id, claimed_at) "
	"VALUES (1, 1, '2026-01-01T00:00:00Z');"
	"INSERT INTO rate_limit (key, window_start, count) "
	"VALUES ('ip:127.0.0.1', 1767225600, 3);"
	"INSERT INTO audit (at, user_id, action, entity, entity_id, ip) "
	"VALUES ('2026-01-01T00:00:00Z', 1, 'POST /needs', 'need', 1, "
	"'127.0.0.1');"
	"UPDATE zone SET lat = -34.603722, lon = 0.1 WHERE id = 1",
	/* A target that changes what it is given: the checksums must see it. */
	/* STMT_TRIGGER_SQLITE */
	"CREATE TRIGGER shout AFTER INSERT ON zone BEGIN "
	"UPDATE zone SET name = upper(name) WHERE id = NEW.id; END",
	/* STMT_TRIGGER_PG */
	"CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS "
	"'BEGIN NEW.name := upper(NEW.name); RETURN NEW; END';"
	"CREATE TRIGGER shout BEFORE INSERT ON zone "
	"FOR EACH ROW EXECUTE FUNCTION shout()",
};

static char dir[] = "/tmp/solidarity-mig-XXXXXX";
static char out[65536], err[8192];

/* The contents of a file, cut to fit buf. */
static void
slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* Run the binary with args; stdout and stderr land in out and err. */
static int
run(const char *const *args)
{
	const char *bin = getenv("SOLIDARITY_BIN");
	char outpath[128], errpath[128];
	const char *argv[16];
	pid_t pid;
	int i, st, fd;

	snprintf(outpath, sizeof(outpath), "%s/stdout", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	argv[0] = bin != NULL ? bin : "build/asan/solidarity";
	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	slurp(outpath, out, sizeof(out));
	slurp(errpath, err, sizeof(err));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The last line of s (without its newline), in a static buffer. */
static const char *
last_line(const char *s)
{
	static char line[1024];
	size_t n = strlen(s);
	const char *p;

	while (n > 0 && s[n - 1] == '\n')
		n--;
	p = s + n;
	while (p > s && p[-1] != '\n')
		p--;
	snprintf(line, sizeof(line), "%.*s", (int)(s + n - p), p);
	return line;
}

static int
occurrences(const char *s, const char *word)
{
	int n = 0;

	while ((s = strstr(s, word)) != NULL) {
		n++;
		s += strlen(word);
	}
	return n;
}

/* The tables migrate-data copies: all but those each database keeps. */
static size_t
ntables(void)
{
	size_t i, n = 0;

	for (i = 0; i < REG__MAX; i++)
		n += !(registry[i].flags & REG_LOCAL);
	return n;
}

/* Where table comes in the copy order; REG__MAX when it is not copied. */
static size_t
copy_place(const char *table)
{
	const struct registry_table *t = registry_find(table);

	if (t == NULL || (t->flags & REG_LOCAL))
		return REG__MAX;
	return (size_t)(t - registry);
}

/*
 * The registry copies every table of the schema but its own (schema_version,
 * change_stamp), and puts every table after the tables its foreign keys
 * point to.
 */
static void
check_table_list(const char *path)
{
	struct db *db;
	json_t *names, *name, *rows, *row;
	char *e = NULL;
	size_t i, j;
	const char *parent;
	int from, to, known, ordered = 1;

	db = db_open(path, &e);
	if (db == NULL || db_migrate(db, &from, &to, &e) == DB_MIGRATE_FAILED) {
		ok(0, "a fresh database for the table list: %s", e);
		free(e);
		db_close(db);
		return;
	}
	names = db_tables(db);
	ok(names != NULL, "db_tables lists the tables");
	is_int(json_array_size(names), REG__MAX,
	    "the schema's tables are the registry's");
	json_array_foreach(names, i, name) {
		if (registry_find(json_string_value(name)) != NULL &&
		    (registry_find(json_string_value(name))->flags & REG_LOCAL))
			continue;
		known = copy_place(json_string_value(name)) < REG__MAX;
		ok(known, "migrate-data copies %s", json_string_value(name));
	}
	json_decref(names);
	for (i = 0; i < REG__MAX; i++) {
		struct db_val arg = DBV_TEXT(registry[i].name);

		rows = db_rows(db, stmts[STMT_PARENTS], &arg, 1);
		json_array_foreach(rows, j, row) {
			parent = json_string_value(json_object_get(row,
			    "parent"));
			if (copy_place(parent) > i) {
				printf("# %s comes before its parent %s\n",
				    registry[i].name, parent);
				ordered = 0;
			}
		}
		json_decref(rows);
	}
	ok(ordered, "every table comes after the tables it refers to");
	db_close(db);
}

/* The usage and the refusals that need no second database. */
static void
check_usage(const char *src)
{
	char missing[160], copy[160];

	is_int(run((const char *[]){ "migrate-data", "--help", NULL }), 0,
	    "migrate-data --help exits 0");
	ok(strstr(out, "--from") && strstr(out, "--force") &&
	    strstr(out, "postgres://"), "and describes the options");
	is_int(run((const char *[]){ "migrate-data", "--from", src, NULL }), 2,
	    "without --to it is bad usage");
	is_int(run((const char *[]){ "migrate-data", "--to", src, NULL }), 2,
	    "without --from it is bad usage");
	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    src, "extra", NULL }), 2, "an extra argument is bad usage");

	snprintf(missing, sizeof(missing), "%s/missing.db", dir);
	snprintf(copy, sizeof(copy), "%s/never.db", dir);
	is_int(run((const char *[]){ "migrate-data", "--from", missing,
	    "--to", copy, NULL }), 1, "a source that is not there fails");
	ok(occurrences(err, "\n") == 1 && strstr(err, "no such file"),
	    "with one line saying so");
	ok(access(missing, F_OK) == -1, "and is not made");
	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    src, "--force", NULL }), 1, "the same database twice fails");
	ok(strstr(last_line(err), "same database") != NULL,
	    "saying they are the same");
}

/* Copy src to the database at to (empty), and the refusals after. */
static void
check_copy(const char *src, const char *to, const char *tag)
{
	size_t n = ntables();

	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    to, NULL }), 0, "%s: the network is copied", tag);
	printf("# %s", err);
	is_int(occurrences(out, " same\n"), n,
	    "%s: every table has the same count and checksum", tag);
	is_int(occurrences(err, "solidarity: copied "), n,
	    "%s: a progress line per table on stderr", tag);
	is_int(testdb_int_on(to, stmts[STMT_NEEDS]), testdb_int_on(src,
	    stmts[STMT_NEEDS]), "%s: every ask is there", tag);
	is_int(testdb_int_on(to, stmts[STMT_PEOPLE]), testdb_int_on(src,
	    stmts[STMT_PEOPLE]), "%s: every person is there", tag);

	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    to, NULL }), 1, "%s: a second copy is refused", tag);
	ok(strstr(last_line(err), "is not empty (zone has rows)") != NULL &&
	    strstr(last_line(err), "--force") != NULL,
	    "%s: saying the target holds data, and how to replace it", tag);
	is_int(testdb_int_on(to, stmts[STMT_ZONES]), testdb_int_on(src,
	    stmts[STMT_ZONES]), "%s: and leaves the target alone", tag);
	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    to, "--force", NULL }), 0, "%s: --force replaces it", tag);
	is_int(testdb_int_on(to, stmts[STMT_ZONES]), testdb_int_on(src,
	    stmts[STMT_ZONES]),
	    "%s: with the same rows, not twice as many", tag);
}

/* Ids handed out after the copy follow the largest copied. */
static void
check_next_id(const char *url, const char *tag)
{
	char *e = NULL;
	struct db *db = db_open(url, &e);
	json_t *row = NULL;
	int64_t max = -1;

	if (db == NULL) {
		ok(0, "%s: the copy opens: %s", tag, e);
		free(e);
		return;
	}
	db_int(db, stmts[STMT_MAX_ZONE], NULL, 0, &max);
	is_int(db_row(db, stmts[STMT_ADD_ZONE], NULL, 0, &row), 1,
	    "%s: a new zone can be added after the copy", tag);
	is_int(json_integer_value(json_object_get(row, "id")), max + 1,
	    "%s: with the id after the largest copied", tag);
	json_decref(row);
	db_close(db);
}

/* A target whose rows come out other than they went in is not kept. */
static void
check_mismatch(const char *src, const char *to, const char *trigger,
    const char *tag)
{
	is_int(run((const char *[]){ "init", "--db", to, NULL }), 0,
	    "%s: a target is made", tag);
	is_int(testdb_script_on(to, trigger), 0,
	    "%s: with a trigger that changes zone names", tag);
	is_int(run((const char *[]){ "migrate-data", "--from", src, "--to",
	    to, NULL }), 1, "%s: a copy that differs fails", tag);
	ok(strstr(out, "zone") && occurrences(out, "DIFFERENT") == 1,
	    "%s: the table shows which table differs", tag);
	ok(strstr(last_line(err), "differs from the source: nothing was "
	    "written") != NULL, "%s: and says nothing was written", tag);
	is_int(testdb_int_on(to, stmts[STMT_ZONES]), 0,
	    "%s: the target is still empty", tag);
}

static void
check_pg(const char *src)
{
	const char *url = getenv("SOLIDARITY_TEST_PG");
	char schema[64], sql[256], back[160];
	struct db *db;

	/* A schema of our own; the binary inherits PGOPTIONS too. */
	db = testdb_pg_schema("test_mig", schema, sizeof(schema));
	if (db == NULL)
		return;
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
	    "CREATE SCHEMA %s", schema, schema);
	is_int(db_script(db, sql), 0, "postgres: a schema of our own");

	check_copy(src, url, "to postgres");
	check_next_id(url, "to postgres");

	/* And back again, into a new file, from what PostgreSQL holds. */
	snprintf(back, sizeof(back), "%s/back.db", dir);
	is_int(run((const char *[]){ "migrate-data", "--from", url, "--to",
	    back, NULL }), 0, "from postgres: the network comes back");
	is_int(occurrences(out, " same\n"), ntables(),
	    "from postgres: every table the same");
	is_int(testdb_int_on(back, stmts[STMT_NEEDS]), testdb_int_on(src,
	    stmts[STMT_NEEDS]), "from postgres: every ask is there");

	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE; CREATE SCHEMA %s",
	    schema, schema);
	is_int(db_script(db, sql), 0, "postgres: the schema is emptied");
	check_mismatch(src, url, stmts[STMT_TRIGGER_PG], "to postgres");

	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
	is_int(db_script(db, sql), 0, "postgres: the schema is dropped");
	db_close(db);
	unsetenv("PGOPTIONS");
}

int
main(void)
{
	char src[160], fresh[160], dst[160], odd[160], shout[160], cmd[400];

	if (mkdtemp(dir) == NULL) {
		ok(0, "a temporary folder");
		return tap_done();
	}
	snprintf(fresh, sizeof(fresh), "%s/fresh.db", dir);
	snprintf(src, sizeof(src), "%s/src.db", dir);
	snprintf(dst, sizeof(dst), "%s/dst.db", dir);
	snprintf(odd, sizeof(odd), "%s/odd.db", dir);
	snprintf(shout, sizeof(shout), "%s/shout.db", dir);

	check_table_list(fresh);

	is_int(run((const char *[]){ "init", "--db", src, NULL }), 0,
	    "a source is made");
	is_int(run((const char *[]){ "demo", "--db", src, NULL }), 0,
	    "and filled with the demo network");
	is_int(testdb_script_on(src, stmts[STMT_FILL]), 0,
	    "with a row in every table the demo leaves empty");
	check_usage(src);

	check_copy(src, dst, "sqlite");
	check_next_id(dst, "sqlite");
	check_mismatch(src, shout, stmts[STMT_TRIGGER_SQLITE], "sqlite");

	/* A source with a table the command does not know is refused. */
	snprintf(cmd, sizeof(cmd), "cp %s %s", src, odd);
	ok(system(cmd) == 0 && testdb_script_on(odd, stmts[STMT_EXTRA]) == 0,
	    "a source with a table of its own");
	snprintf(dst, sizeof(dst), "%s/dst2.db", dir);
	is_int(run((const char *[]){ "migrate-data", "--from", odd, "--to",
	    dst, NULL }), 1, "is refused");
	ok(strstr(last_line(err), "does not know: extra") != NULL,
	    "naming the table");
	/* A source at an older schema is refused, and left as it was. */
	ok(testdb_script_on(odd, "DROP TABLE extra") == 0 &&
	    testdb_script_on(odd, stmts[STMT_OLD]) == 0,
	    "a source at an older schema version");
	is_int(run((const char *[]){ "migrate-data", "--from", odd, "--to",
	    dst, NULL }), 1, "is refused");
	ok(strstr(last_line(err), "run solidarity init --db") != NULL,
	    "saying how to bring it up to date");

	check_pg(src);

	if (testdb_rmdir(dir) == -1)
		ok(0, "the temporary folder is removed");
	return tap_done();
}
