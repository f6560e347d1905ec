/*
 * The backends' side of db.h: what db.c calls in db_sqlite.c and db_pg.c.
 * Only files in src/db include it; everyone else sees db.h alone.
 */
#ifndef DB_BACKEND_H
#define DB_BACKEND_H

#include "change.h"
#include "db.h"

/*
 * One backend's implementation of db.h, called by db.c with the same
 * arguments and contracts as the db_ function of the same name.
 */
struct db_ops {
	enum db_kind kind;
	void (*close)(struct db *);
	int (*begin)(struct db *);
	int (*begin_read)(struct db *);
	int (*commit)(struct db *);
	int (*rollback)(struct db *);
	json_t *(
	    *rows)(struct db *, const char *, const struct db_val *, size_t);
	int (*row)(struct db *, const char *, const struct db_val *, size_t,
	    json_t **);
	int (*exec)(struct db *, const char *, const struct db_val *, size_t);
	int (*get_int)(struct db *, const char *, const struct db_val *, size_t,
	    int64_t *);
	int64_t (*each)(struct db *, const char *, const struct db_val *,
	    size_t, int (*)(const struct db_cols *, void *), void *);
	uint64_t (*generation)(struct db *);
	/* Optional: see db_request_begin. */
	void (*request_begin)(struct db *);
	void (*request_end)(struct db *);
	/*
	 * Optional: after a statement outside a transaction, tell its
	 * writes (db_note_writes) and leave their mark.
	 */
	void (*settle)(struct db *);
	/* tables: names with ", " between them, "" for none. */
	int (*checkpoint)(struct db *, const char *tables);
	int (*script)(struct db *, const char *);
	int (*tune_bulk)(struct db *, unsigned);
	int (*tune_done)(struct db *);
	int64_t (*each_once)(struct db *, const char *, const struct db_val *,
	    size_t, int (*)(json_t *, void *), void *);
	int (*exec_once)(struct db *, const char *, const struct db_val *,
	    size_t);
	struct db_cursor *(*cursor_open)(struct db *, const char *,
	    const struct db_val *, size_t);
	int (*cursor_next)(struct db_cursor *, json_t **);
	void (*cursor_close)(struct db_cursor *);
	/* Lists the tables of the schema in use, one column "name". */
	const char *tables_sql;
	/* Lists the columns of the table bound to ?, one column "name". */
	const char *columns_sql;
	/* The same for the columns that may not be NULL. */
	const char *required_sql;
	/*
	 * Lists the indexes of the table bound to ? that no key or
	 * uniqueness needs: columns "name" and "sql" (what makes it).
	 */
	const char *indexes_sql;
	int (*sync_ids)(struct db *, const char *);
	/* NULL on PostgreSQL, whose own tools db_pgtool.c runs instead. */
	int (*backup)(struct db *, const char *, void (*)(int, void *), void *,
	    char **);
	int (*restore)(struct db *, const char *, void (*)(int, void *), void *,
	    char **);
};

/*
 * The head of every backend's connection: a backend's own struct begins
 * with it, so a struct db * is also a pointer to the backend's struct.
 * The last error lives here, where db_errcode and db_errmsg read it.
 */
struct db {
	const struct db_ops *ops;
	char *name;     /* for db_name; db.c frees it */
	char *conninfo; /* PostgreSQL: as libpq got it,
			   for pg_dump; db.c frees it */
	char *url;      /* as db_open got it, for db_open_again */
	enum db_err err;
	char msg[256];
	/* Kept by db.c: the backends see only the outermost begin, commit
	 * and rollback, and a checkpoint only outside a transaction. */
	int depth;  /* nested db_begin calls */
	int doomed; /* an inner level rolled back */
	/* The tables of a checkpoint asked for inside a transaction, ", "
	 * between them ("" for none): NULL when none is due. db.c frees. */
	char *checkpoint_tables;
	/*
	 * What statements read since db_reads_take, and what the open
	 * transaction (or a statement outside one) wrote, which db.c
	 * publishes once committed: backends tell both (db_note). scope is
	 * db_zone_scope's, zone 0 outside one.
	 */
	struct change_set reads, writes;
	struct change_scope scope;
	/* SQLite: the mark the transaction committing left (change.h). */
	int64_t mark;
};

/*
 * Tables a statement reads, or wrote, added to db's: the zoned tables as
 * the rows of scope only (a zone > 0: the db_zone_scope the statement
 * ran in).
 */
void db_note_reads(struct db *, const struct change_set *reads,
    struct change_scope scope);
void db_note_writes(struct db *, const struct change_set *writes,
    struct change_scope scope);

/* The head of a backend's cursor: its connection. */
struct db_cursor {
	struct db *db;
};

/*
 * The row db_each's callback reads: the backend's result and where in it,
 * and how to read a column there (db_col_int and db_col_text call these).
 */
struct db_cols {
	int64_t (*get_int)(const struct db_cols *, int col);
	const char *(*get_text)(const struct db_cols *, int col);
	void *res; /* SQLite: the statement; PostgreSQL: the result */
	int row;   /* PostgreSQL: the row in res */
};

/* Set or clear the last error; the message is cut to fit. */
void db_error_set(struct db *, enum db_err, const char *msg);
void db_error_clear(struct db *);

/* Open a connection; as db_open, for the part of the url after the scheme. */
struct db *sqlite_open(const char *path, char **err);
int sqlite_checkpoints_start(const char *path);
void sqlite_checkpoints_stop(void);
struct db *pg_open(const char *conninfo, char **err);

/* db_backup and db_restore on PostgreSQL: pg_dump and pg_restore. */
int pgtool_backup(struct db *, const char *path, char **err);
int pgtool_restore(struct db *, const char *path, char **err);
/*
 * Check a backup's table of contents (pg_restore --list output): all of
 * it, and mine, its entries in schema. 0, or -1 with a malloc'd message
 * in *err. Here for fuzz/fuzz_pgtoc.c; db_pgtool.c alone calls it.
 */
int toc_check(const char *all, const char *mine, const char *schema,
    char **err);

#endif
