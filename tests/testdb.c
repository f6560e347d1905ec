/* The database under test: a SQLite file or a PostgreSQL schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testdb.h"
#include "db/db.h"
#include "util/buf.h"

int
testdb_is_pg(void)
{
	const char *backend = getenv("SOLIDARITY_TEST_BACKEND");

	return backend != NULL && strcmp(backend, "pg") == 0;
}

const char *
testdb_backend(void)
{
	return testdb_is_pg() ? "postgresql" : "sqlite";
}

static void
testdb_die(const char *what, const char *why)
{
	printf("not ok - %s%s%s\n", what, why ? ": " : "", why ? why : "");
	exit(1);
}

/* Run sql on the PostgreSQL server itself, outside any test schema. */
static int
testdb_admin(const char *sql)
{
	char *err = NULL;
	struct db *db = db_open(getenv("SOLIDARITY_TEST_PG"), &err);
	int rc;

	if (db == NULL) {
		fprintf(stderr, "testdb: %s\n", err ? err : "no PostgreSQL");
		free(err);
		return -1;
	}
	rc = db_script(db, sql);
	db_close(db);
	return rc;
}

void
testdb_make(struct testdb *t, const char *dir, const char *name)
{
	const char *base = getenv("SOLIDARITY_TEST_PG");
	char sql[192];
	size_t n;

	t->schema[0] = '\0';
	t->database[0] = '\0';
	if (!testdb_is_pg()) {
		snprintf(t->url, sizeof(t->url), "%s/%s.db", dir, name);
		return;
	}
	if (base == NULL || *base == '\0')
		testdb_die("SOLIDARITY_TEST_BACKEND=pg needs SOLIDARITY_TEST_PG",
		    NULL);
	/*
	 * The process id keeps parallel runs apart; the name keeps a
	 * program's databases apart. Folded to what needs no quoting.
	 */
	snprintf(t->schema, sizeof(t->schema), "t%ld_%s", (long)getpid(),
	    name);
	for (n = 0; t->schema[n] != '\0'; n++) {
		char c = t->schema[n];

		if (c >= 'A' && c <= 'Z')
			t->schema[n] = (char)(c - 'A' + 'a');
		else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
			t->schema[n] = '_';
	}
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
	    "CREATE SCHEMA %s", t->schema, t->schema);
	if (testdb_admin(sql) == -1)
		testdb_die("a PostgreSQL schema for the test", t->schema);
	snprintf(t->url, sizeof(t->url), "%s%soptions=-csearch_path%%3D%s",
	    base, strchr(base, '?') ? "&" : "?", t->schema);
}

/* testdb_make_database's, and a copy of template when it is not NULL. */
static void
testdb_database(struct testdb *t, const char *name, const char *schema,
    const char *template)
{
	const char *base = getenv("SOLIDARITY_TEST_PG"), *slash, *rest;
	char sql[192];

	/* postgresql://who@host/DBNAME?words: DBNAME replaced. */
	slash = base != NULL ? strstr(base, "://") : NULL;
	slash = slash != NULL ? strchr(slash + 3, '/') : NULL;
	if (slash == NULL)
		testdb_die("SOLIDARITY_TEST_PG is not a postgresql:// URL with "
		    "a database name", NULL);
	rest = slash + strcspn(slash, "?");
	t->schema[0] = '\0';
	snprintf(t->database, sizeof(t->database), "%s", name);
	if (schema == NULL)
		snprintf(t->url, sizeof(t->url), "%.*s/%s%s",
		    (int)(slash - base), base, name, rest);
	else
		snprintf(t->url, sizeof(t->url),
		    "%.*s/%s%s%soptions=-csearch_path%%3D%s",
		    (int)(slash - base), base, name, rest,
		    *rest == '?' ? "&" : "?", schema);
	/* One statement each: neither runs inside a transaction block. */
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
	    name);
	if (testdb_admin(sql) == -1)
		testdb_die("a PostgreSQL database for the test", name);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s%s%s", name,
	    template != NULL ? " TEMPLATE " : "",
	    template != NULL ? template : "");
	if (testdb_admin(sql) == -1)
		testdb_die("a PostgreSQL database for the test", name);
}

void
testdb_make_database(struct testdb *t, const char *name, const char *schema)
{
	testdb_database(t, name, schema, NULL);
}

void
testdb_copy_database(struct testdb *t, const char *name,
    const struct testdb *from)
{
	testdb_database(t, name, NULL, from->database);
}

char *
testdb_cluster(int durable, char *dir, size_t dirlen)
{
	const char *ci = getenv("CI"), *host = NULL;
	char line[512], *url = NULL;
	FILE *f;
	int rc = -1;

	fflush(stdout);
	f = popen(durable ? "PG_DURABLE=1 tests/pg/start 2>/dev/null" :
	    "tests/pg/start 2>/dev/null", "r");
	if (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		url = strdup(line);
	}
	if (f != NULL)
		rc = pclose(f);
	if (url != NULL)
		host = strstr(url, "host=");
	if (rc != 0 || host == NULL) {
		if (ci != NULL && strcmp(ci, "true") == 0)
			printf("not ok - tests/pg/start makes a cluster\n");
		else
			printf("# skip postgres: tests/pg/start could not make a "
			    "cluster (apt-get install postgresql)\n");
		free(url);
		return NULL;
	}
	snprintf(dir, dirlen, "%s", host + 5);
	return url;
}

int
testdb_ctl(const char *dir, const char *what, const char *mode)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "tests/pg/ctl %s %s %s", dir, what, mode);
	fflush(stdout);
	return system(cmd) == 0 ? 0 : -1;
}

void
testdb_drop(struct testdb *t)
{
	char sql[128];

	/* WITH (FORCE): a server of the test's may still be connected. */
	if (t->database[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)",
		    t->database);
		if (testdb_admin(sql) == -1)
			fprintf(stderr, "testdb: cannot drop %s\n",
			    t->database);
		t->database[0] = '\0';
	}
	if (t->schema[0] == '\0')
		return;
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", t->schema);
	if (testdb_admin(sql) == -1)
		fprintf(stderr, "testdb: cannot drop %s\n", t->schema);
	t->schema[0] = '\0';
}

struct db *
testdb_pg_schema(const char *prefix, char *schema, size_t len)
{
	const char *url = getenv("SOLIDARITY_TEST_PG"), *ci = getenv("CI");
	int under_ci = ci != NULL && strcmp(ci, "true") == 0;
	char opt[128], *err = NULL;
	struct db *db;

	if (url == NULL || *url == '\0') {
		if (under_ci)
			printf("not ok - postgres: SOLIDARITY_TEST_PG is set "
			    "under CI\n");
		else
			printf("# skip postgres: SOLIDARITY_TEST_PG is not set "
			    "(tests/pg/with runs a server)\n");
		return NULL;
	}
	snprintf(schema, len, "%s_%ld", prefix, (long)getpid());
	snprintf(opt, sizeof(opt), "-c search_path=%s", schema);
	setenv("PGOPTIONS", opt, 1);
	db = db_open(url, &err);
	if (db == NULL) {
		if (under_ci)
			printf("not ok - postgres: the server is reachable: "
			    "%s\n", err);
		else
			printf("# skip postgres: %s\n", err);
		free(err);
	}
	return db;
}

struct db *
testdb_open(const char *url)
{
	char *err = NULL;
	struct db *db = db_open(url, &err);

	if (db == NULL) {
		printf("not ok - cannot open %s: %s\n", url, err);
		exit(1);
	}
	return db;
}

int64_t
testdb_int(struct db *db, const char *sql)
{
	int64_t v = -1;

	if (db_int(db, sql, NULL, 0, &v) != 1)
		return -1;
	return v;
}

int64_t
testdb_int_on(const char *url, const char *sql)
{
	struct db *db = testdb_open(url);
	int64_t v = testdb_int(db, sql);

	db_close(db);
	return v;
}

int
testdb_script_on(const char *url, const char *sql)
{
	struct db *db = testdb_open(url);
	int rc = db_script(db, sql);

	if (rc == -1)
		printf("# %s\n", db_errmsg(db));
	db_close(db);
	return rc;
}

int
testdb_rmdir(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

char *
testdb_slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}
