/*
 * The database, as the rest of the program sees it. One connection per
 * thread; SQL is portable text with ? placeholders and every value is bound.
 * Rows come back as jansson objects keyed by column name. Statements are
 * prepared once per connection and cached by the address of their SQL text,
 * so callers pass SQL from static tables, never built strings.
 *
 * The same SQL runs on SQLite and PostgreSQL (db.c picks the backend). To
 * keep it so: LIKE is case-insensitive on both (PostgreSQL is given ILIKE);
 * a sum over integers comes back an integer on both; a comparison selected
 * as a column is 1 or 0 through db_int on both, but in rows it is 1/0 from
 * SQLite and true/false from PostgreSQL, so rows should not carry one.
 */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct db;

enum db_type {
	DB_NULL,
	DB_INT,
	DB_REAL,
	DB_TEXT,
	DB_TYPE__MAX
};

/* One bound value. Text is borrowed for the duration of the call. */
struct db_val {
	enum db_type	 type;
	int64_t		 i;
	double		 d;
	const char	*s;
};

#define DBV_NULL	((struct db_val){ .type = DB_NULL })
#define DBV_INT(x)	((struct db_val){ .type = DB_INT, .i = (x) })
#define DBV_REAL(x)	((struct db_val){ .type = DB_REAL, .d = (x) })
#define DBV_TEXT(x)	((struct db_val){ .type = DB_TEXT, .s = (x) })

/* What went wrong with the last call, coarse enough for callers to act on. */
enum db_err {
	DB_OK,
	DB_ERR_CONSTRAINT,	/* unique, foreign key or check violated */
	DB_ERR_BUSY,		/* locked past the busy timeout */
	DB_ERR_OTHER,
	DB_ERR__MAX
};

/* Which backend a connection talks to. */
enum db_kind {
	DB_SQLITE,
	DB_POSTGRES,
	DB_KIND__MAX
};

/*
 * Open the database named by url:
 *
 *   postgres://… or postgresql://…   PostgreSQL, a libpq connection URI
 *   postgres: or postgresql:         PostgreSQL from the PG* environment
 *                                    variables (PGHOST, PGDATABASE, …), or
 *                                    from what follows the colon: libpq
 *                                    "key=value" words or a database name
 *   sqlite:PATH or PATH              an SQLite file
 *
 * Returns NULL and a malloc'd message in *err on failure. SQLite gets WAL,
 * foreign keys, a busy timeout, synchronous=FULL and secure_delete.
 */
struct db	*db_open(const char *url, char **err);
void		 db_close(struct db *);
enum db_kind	 db_kind(const struct db *);
/*
 * What to call the database in messages: the SQLite file's path, or the
 * PostgreSQL database with its host and port. Never a password (a URL
 * may hold one). Owned by the connection.
 */
const char	*db_name(const struct db *);

/*
 * A write transaction (taking the write lock at once) and its ends. The
 * lock is one writer at a time for the whole database, across processes,
 * on both backends; it is held until the outermost commit or rollback.
 * After a statement inside a transaction has failed, roll back:
 * PostgreSQL refuses everything else until then.
 */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
int		 db_rollback(struct db *);

/*
 * Run sql with n bound args. db_rows returns a new array of row objects (the
 * caller owns it) or NULL on error. db_row stores the first row in *row
 * (owned by the caller) and returns 1, or returns 0 when there is no row,
 * or -1 on error. db_exec returns the number of rows changed, or -1.
 * db_int stores the first column of the first row in *out and returns 1, 0
 * when there is no row, -1 on error.
 */
json_t		*db_rows(struct db *, const char *sql,
		    const struct db_val *args, size_t n);
int		 db_row(struct db *, const char *sql,
		    const struct db_val *args, size_t n, json_t **row);
int		 db_exec(struct db *, const char *sql,
		    const struct db_val *args, size_t n);
int		 db_int(struct db *, const char *sql,
		    const struct db_val *args, size_t n, int64_t *out);

/*
 * A number that changes whenever a write has been committed to the
 * database since the last call, by this process or any other: what a
 * cache of query results is valid for. Writes happen in transactions.
 */
uint64_t	 db_generation(struct db *);

/*
 * Move every committed page from the write-ahead log into the database
 * file and truncate the log to nothing, so that old versions of rows
 * (personal data just purged) are not left behind in it. Inside a
 * transaction it runs when the outermost one commits (and 0 is returned
 * at once). 0, or -1 (DB_ERR_BUSY when a reader kept the log in use).
 * PostgreSQL runs VACUUM instead, which frees the dead row versions for
 * reuse; its write-ahead log and archives are the server's to manage.
 */
int		 db_checkpoint(struct db *);

/* Run several statements with no arguments (migrations). 0 or -1. */
int		 db_script(struct db *, const char *sql);

/*
 * Settings for a connection about to write a great many rows (the demo
 * and benchmark loader): SQLite gets a bigger page cache. 0 or -1.
 */
int		 db_tune_bulk(struct db *);

enum db_err	 db_errcode(const struct db *);
/* The last error message, owned by the connection. */
const char	*db_errmsg(const struct db *);

/* Bring the schema up to date; see migrate.c. */
enum db_migrate {
	DB_MIGRATE_UPTODATE,
	DB_MIGRATE_APPLIED,
	DB_MIGRATE_FAILED,
	DB_MIGRATE__MAX
};

enum db_migrate	 db_migrate(struct db *, int *from, int *to, char **err);
/* The schema version this program knows, and the database's (0 if empty). */
int		 db_schema_latest(void);
int		 db_schema_version(struct db *);

#endif
