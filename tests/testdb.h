/*
 * The database a test program works on, on the backend under test:
 * PostgreSQL when SOLIDARITY_TEST_BACKEND=pg (the server's URL in
 * SOLIDARITY_TEST_PG), SQLite otherwise. tests/run runs every program that
 * opens a database once per backend, so a test written against this and
 * db.h covers both.
 */
#ifndef TESTDB_H
#define TESTDB_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct testdb {
	char	 url[384];	/* what --db is given: a file or a URL */
	char	 schema[64];	/* on PostgreSQL, the schema made for it */
	char	 database[64];	/* or the database made for it */
};

/* 1 when this run is the PostgreSQL one. */
int	testdb_is_pg(void);
/* "sqlite" or "postgresql", for test names. */
const char *testdb_backend(void);

/*
 * A new, empty database called name: the file dir/name.db on SQLite, a
 * schema of its own on PostgreSQL, which every connection to url uses
 * (search_path). Exits the test on failure.
 */
void	testdb_make(struct testdb *, const char *dir, const char *name);
/*
 * PostgreSQL only: a new database called name on the server, beside the
 * test database, whose connections use schema (search_path) or, when
 * schema is NULL, its public schema. Exits the test on failure.
 */
void	testdb_make_database(struct testdb *, const char *name,
	    const char *schema);
/*
 * PostgreSQL only: a new database called name, a copy of from (made by
 * testdb_make_database, its public schema, no connection open to it),
 * made by the server from its files: far quicker than migrating anew.
 */
void	testdb_copy_database(struct testdb *, const char *name,
	    const struct testdb *from);
/*
 * A PostgreSQL cluster of the test's own (tests/pg/start), for tests that
 * stop and restart it; durable keeps PostgreSQL's durable settings. Its
 * URL (caller frees) and its folder in dir (for tests/pg/ctl and
 * tests/pg/stop), or NULL after saying why: a skip, or under CI=true a
 * failure.
 */
char	*testdb_cluster(int durable, char *dir, size_t dirlen);
/* tests/pg/ctl DIR what mode on that cluster; 0 when it did so. */
int	testdb_ctl(const char *dir, const char *what, const char *mode);
/* Drop what testdb_make made on PostgreSQL; SQLite files go with dir. */
void	testdb_drop(struct testdb *);

/*
 * For the programs that speak to both backends themselves rather than run
 * once a backend: a connection to the server SOLIDARITY_TEST_PG names,
 * where every connection of this process and of the programs it starts
 * works in the schema prefix_PID (put in schema, len bytes; set through
 * PGOPTIONS, which the caller creates and drops). NULL after saying why
 * there is none: a skip, or under CI=true a failure.
 */
struct db *testdb_pg_schema(const char *prefix, char *schema, size_t len);

/* db_open, or exit the test saying what did not open. */
struct db *testdb_open(const char *url);
/*
 * The first column of the first row sql returns, as a number; -1 when
 * there is no row or on an error. _on opens url for it and closes it
 * after (exiting the test as testdb_open when url does not open).
 */
int64_t	testdb_int(struct db *, const char *sql);
int64_t	testdb_int_on(const char *url, const char *sql);
/* db_script on a connection of its own to url: 0, or -1 saying why. */
int	testdb_script_on(const char *url, const char *sql);

/*
 * The whole file at path, NUL-ended, its length in *len unless len is
 * NULL (caller frees); NULL when it cannot be opened.
 */
char	*testdb_slurp(const char *path, size_t *len);

/* Remove the folder dir and all it holds (rm -rf): 0, or -1. */
int	testdb_rmdir(const char *dir);

#endif
