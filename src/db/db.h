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

#include "change.h"

struct db;

enum db_type {
	DB_NULL,
	DB_INT,
	DB_REAL,
	DB_TEXT,
	DB_TYPE__MAX,
};

/* One bound value. Text is borrowed for the duration of the call. */
struct db_val {
	enum db_type type;
	int64_t i;
	double d;
	const char *s;
};

#define DBV_NULL    ((struct db_val){ .type = DB_NULL })
#define DBV_INT(x)  ((struct db_val){ .type = DB_INT, .i = (x) })
#define DBV_REAL(x) ((struct db_val){ .type = DB_REAL, .d = (x) })
#define DBV_TEXT(x) ((struct db_val){ .type = DB_TEXT, .s = (x) })

/* What went wrong with the last call, coarse enough for callers to act on. */
enum db_err {
	DB_OK,
	DB_ERR_CONSTRAINT, /* unique, foreign key or check violated */
	DB_ERR_BUSY,       /* locked past the busy timeout, or the
			      server is unreachable: try again later */
	DB_ERR_OTHER,
	DB_ERR__MAX,
};

/* Which backend a connection talks to. */
enum db_kind {
	DB_SQLITE,
	DB_POSTGRES,
	DB_KIND__MAX,
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
struct db *db_open(const char *url, char **err);
/*
 * The SQLite file that url names (what db_open would open, without a
 * "sqlite:" in front), or NULL when url names a PostgreSQL database.
 * Points into url.
 */
const char *db_url_path(const char *url);
/*
 * Another connection to the database db is connected to, as db_open
 * would make it from the same url: for work that outlives a request on
 * the thread's own connection (a streamed export).
 */
struct db *db_open_again(const struct db *, char **err);
void db_close(struct db *);
enum db_kind db_kind(const struct db *);
/*
 * What to call the database in messages: the SQLite file's path, or the
 * PostgreSQL database with its host and port. Never a password (a URL
 * may hold one). Owned by the connection.
 */
const char *db_name(const struct db *);

/*
 * A write transaction and its ends. SQLite takes its write lock at once:
 * one writer at a time for the whole database, across processes, until
 * the outermost commit or rollback. PostgreSQL's writers run side by side
 * (READ COMMITTED: each statement sees what was committed before it
 * began), so a write that looks and then acts first locks the row its
 * rule hangs on: a SELECT may end with FOR NO KEY UPDATE (or FOR UPDATE,
 * FOR SHARE), which on PostgreSQL locks the rows it finds until the
 * transaction ends, another writer's same lock waiting for that, and
 * which SQLite, whose writer has the whole database already, leaves out.
 * Statements after the lock see every write committed before it. After a
 * statement inside a transaction has failed, roll back: PostgreSQL
 * refuses everything else until then.
 */
/*
 * A lost PostgreSQL connection (the server restarted, or ended the
 * session) is opened again before the next statement outside a
 * transaction, so callers never reopen one. A read that the loss cut short
 * outside a transaction is run once more on the new connection; a write
 * is not, as it may have been done. Inside a transaction the loss is
 * DB_ERR_BUSY: the server has rolled it back, unless the loss cut COMMIT
 * itself, when nobody can say; the caller rolls back as after any error.
 */
int db_begin(struct db *);
/*
 * A read-only transaction: every read until db_rollback sees the database
 * as one snapshot, with no writer kept waiting (SQLite: a deferred
 * transaction in WAL; PostgreSQL: REPEATABLE READ, READ ONLY). Not inside
 * another transaction. 0 or -1.
 */
int db_begin_read(struct db *);
int db_commit(struct db *);
int db_rollback(struct db *);

/*
 * Run sql with n bound args. db_rows returns a new array of row objects (the
 * caller owns it) or NULL on error. db_row stores the first row in *row
 * (owned by the caller) and returns 1, or returns 0 when there is no row,
 * or -1 on error. db_exec returns the number of rows changed, or -1.
 * db_int stores the first column of the first row in *out and returns 1, 0
 * when there is no row, -1 on error.
 */
json_t *db_rows(struct db *, const char *sql, const struct db_val *args,
    size_t n);
int db_row(struct db *, const char *sql, const struct db_val *args, size_t n,
    json_t **row);
int db_exec(struct db *, const char *sql, const struct db_val *args, size_t n);
int db_int(struct db *, const char *sql, const struct db_val *args, size_t n,
    int64_t *out);

/*
 * A row as db_each hands it to its callback: columns read by their place
 * in the SELECT (0 first), valid for the call only. db_col_int reads one
 * as db_int does (NULL is 0, true 1, a real loses its fraction);
 * db_col_text as text, "" for NULL, borrowed for the call. A column past
 * the last reads as NULL.
 */
struct db_cols;
int64_t db_col_int(const struct db_cols *, int col);
const char *db_col_text(const struct db_cols *, int col);

/*
 * db_rows without the array: sql run with n args (prepared and cached as
 * db_rows does) and fn called with each row in turn, no JSON object made
 * for it. For a read of many rows of which the caller keeps a few values
 * (the ranking's candidates), where building objects cost more than the
 * query. fn returns 0 to go on, -1 to stop; it must not use the
 * connection. PostgreSQL's whole result is read before the first call,
 * so a read cut short by a lost connection is run again as db_rows' are
 * and fn never sees a row twice. The number of rows seen, or -1 on error
 * or when fn stopped (the message then says so).
 */
int64_t db_each(struct db *, const char *sql, const struct db_val *args,
    size_t n, int (*fn)(const struct db_cols *row, void *arg), void *arg);

/*
 * For SQL built at run time from names the program holds, never from
 * input: migrate-data's statements over its own list of tables. These
 * prepare the statement for this one call and finalize it, outside the
 * statement cache (which keys by address and would outlive a built
 * string). Slower per call than the cached calls; meant for bulk work.
 *
 * db_each_once runs sql and calls fn with each row in turn (an object
 * borrowed for the call: json_incref it to keep it) without holding every
 * row in memory; fn returns 0 to go on, -1 to stop early. Returns the
 * number of rows seen, or -1 on error or when fn stopped (the message then
 * says so). fn must not use the same
 * connection, which is busy with the rows until the call returns; another
 * connection is fine (migrate-data writes each row to its target through
 * its own). db_exec_once is db_exec
 * for such SQL. Neither is retried after a lost connection.
 */
int64_t db_each_once(struct db *, const char *sql, const struct db_val *args,
    size_t n, int (*fn)(json_t *row, void *arg), void *arg);
int db_exec_once(struct db *, const char *sql, const struct db_val *args,
    size_t n);

/*
 * A read of many rows handed out one at a time, for a caller that cannot
 * take them all at once nor keep them: an export streamed to a client
 * while it reads. db_cursor_open runs sql with n args (copied: they need
 * not outlive the call), prepared for this cursor alone; NULL with the
 * error set. db_cursor_next stores the next row in *row (the caller's)
 * and returns 1, 0 after the last, -1 on error (the connection's error
 * says which); neither backend holds the whole result (PostgreSQL: a
 * cursor of the server's, fetched 500 rows at a time). One cursor at a
 * time on a connection, which until db_cursor_close takes no other
 * statement. A cursor lives in a transaction (PostgreSQL refuses one
 * outside): a read transaction (db_begin_read) gives it its snapshot.
 * Each open and each next is one operation for fault injection. A lost
 * connection is not retried: inside a transaction it is DB_ERR_BUSY.
 */
struct db_cursor;
struct db_cursor *db_cursor_open(struct db *, const char *sql,
    const struct db_val *args, size_t n);
int db_cursor_next(struct db_cursor *, json_t **row);
void db_cursor_close(struct db_cursor *);

/*
 * The names of the tables in the database (PostgreSQL: in the schema that
 * comes first in the search path), sorted, as a new array of strings for
 * the caller; NULL on error.
 */
json_t *db_tables(struct db *);
/*
 * The names of the columns of table in the database (PostgreSQL: in the
 * schema db_tables lists), in the order they were made, as a new array of
 * strings for the caller: empty for a table that is not there; NULL on
 * error.
 */
json_t *db_columns(struct db *, const char *table);
/* db_columns for the columns that may not be NULL (a key's included). */
json_t *db_required_columns(struct db *, const char *table);

/*
 * After rows were inserted with their ids given, make the next id that the
 * database hands out for table follow the largest one there. SQLite does
 * so by itself; on PostgreSQL the identity sequence of the column "id" is
 * moved. A table without such a column is left alone. table is a name from
 * the program, not from input. 0 or -1.
 */
int db_sync_ids(struct db *, const char *table);

/*
 * A number that changes whenever a write has been committed to the
 * database since the last call, by this process or any other: what a
 * cache of query results is valid for. Writes happen in transactions.
 */
uint64_t db_generation(struct db *);

/*
 * A request's statements, from db_request_begin to db_request_end, read
 * one snapshot where that costs less than a snapshot a statement: on
 * SQLite, one read transaction rather than the log's read lock taken and
 * given back by every statement (a page of an ask runs a dozen). A
 * statement that writes, db_begin and db_begin_read end it first, so
 * what follows them is as without it. Nothing on PostgreSQL, where it
 * would cost two round trips. Outside a transaction only.
 */
void db_request_begin(struct db *);
void db_request_end(struct db *);

/*
 * While a server runs on url: SQLite's log copied back into the file by a
 * thread of its own, not by the commit that filled it (which held up
 * every request of its worker meanwhile). 0, or -1 when the thread cannot
 * start (the commits then do it, as without). Nothing on PostgreSQL.
 */
int db_checkpoints_start(const char *url);
void db_checkpoints_stop(void);

/*
 * The tables the statements run on db have read since the last call
 * (change.h), into *out; the count starts again. What a response cache
 * keeps a page for: a memo that answers without statements adds what its
 * statements read back (db_reads_add), or the page would not depend on it.
 */
void db_reads_take(struct db *, struct change_set *out);
void db_reads_add(struct db *, const struct change_set *);
/*
 * From here on, what statements read and write of the zoned tables (the
 * asks and their tally) is zone's rows only, and of those part's (a
 * category's code; NULL for every category), until called with 0: for
 * code that knows it, so that a change in one zone, or one category of
 * it, leaves the pages of the others cached. Wrong, it would keep a stale
 * page: only where the statements say zone_id = zone (and category =
 * part).
 */
void db_zone_scope(struct db *, int64_t zone, const char *part);

/*
 * Clear old versions of rows (personal data just purged) from the
 * database's files: tables names, NULL-ended, the tables that changed
 * (lower-case names: letters, digits and '_'). SQLite moves every
 * committed page from the write-ahead log into the database file and
 * truncates the log to nothing, whatever the list; PostgreSQL rewrites
 * those tables (VACUUM (FULL), see pg_checkpoint), and nothing when the
 * list is empty; its write-ahead log and archives are the server's to
 * manage. Inside a transaction it runs when the outermost one commits,
 * over every table asked for meanwhile (and 0 is returned at once). 0,
 * or -1 (DB_ERR_BUSY when a reader kept the log or a table in use).
 */
int db_checkpoint(struct db *, const char *const tables[]);
/*
 * 1 when a checkpoint failed in this process since the last call (any
 * connection, a deferred one included): its old versions are still in
 * the files. The flag is cleared; a checkpoint that fails sets it again.
 */
int db_checkpoint_owed(void);
/*
 * SQLite: rebuild the file from its live rows (VACUUM), so that it holds
 * no free page at all, after a commit that removed much (the emergency
 * purge); a db_checkpoint then moves it out of the log. PostgreSQL:
 * nothing (db_checkpoint rewrites the tables). A failure is owed, as a
 * checkpoint's. 0, or -1.
 */
int db_vacuum(struct db *);

/* Run several statements with no arguments (migrations). 0 or -1. */
int db_script(struct db *, const char *sql);

/*
 * Settings for a connection about to write a great many rows in one
 * transaction, outside a transaction: SQLite gets a bigger page cache
 * (at 8 MB a load's index pages spill to the log mid-transaction and
 * are read back, a third of an import's time) and sorts into temporary
 * files rather than memory. With DB_BULK_OWN, for a loader that writes
 * only references it made itself (the demo), no foreign key is checked
 * and a rollback journal replaces the write-ahead log (only the pages
 * there before are journaled, so the journal stays as small as the file
 * was, and the file grows by what is written), or the log stays when
 * another connection has the file open. db_tune_done gives the
 * connection db_open's settings back, after the commit or rollback.
 * 0 or -1.
 */
#define DB_BULK_OWN 0x1
int db_tune_bulk(struct db *, unsigned flags);
int db_tune_done(struct db *);

/*
 * A loader's indexes: db_indexes_drop drops every index of table that no
 * key or uniqueness needs, inside the caller's transaction, and returns
 * them as a new array of objects {"name", "sql"}, each with the
 * statement that makes it again as the database reports it (SQLite's
 * sqlite_schema, PostgreSQL's pg_get_indexdef), for the caller; NULL on
 * error. db_indexes_make runs those statements: rows written first and
 * indexed once cost a sort, where every row kept in a dozen indexes
 * costs a dozen searches among pages that outgrow the cache. 0, or -1.
 */
json_t *db_indexes_drop(struct db *, const char *table);
int db_indexes_make(struct db *, json_t *indexes);

/*
 * Fault injection, for tests: with SOLIDARITY_FAULT="N" in the environment
 * the Nth database operation fails as if the backend had failed before
 * doing anything, with DB_ERR_OTHER, or DB_ERR_BUSY for "N:busy". Every
 * call of this header that reaches the database is one operation: db_open
 * (a connection), db_begin, db_begin_read, db_commit, db_rollback (its
 * failure is told after the transaction has ended, see db.c), each
 * statement (db_rows, db_row, db_exec, db_int, db_each, and so db_tables
 * and db_columns; db_each_once, db_exec_once), db_script, db_tune_bulk,
 * db_sync_ids, the checkpoint (when it runs: at once, or at the outermost
 * commit), db_backup and db_restore; db_migrate and db_schema_version
 * through the calls they make. Only db_close and db_generation are left
 * out: they have no failure to report. "0" only counts; the count is
 * printed to stderr at exit.
 *
 * "@FILE" starts counting only: whenever the file FILE appears, it is read
 * before the next operation ("N", "N:busy" or "0") and removed, and the
 * count starts again from that operation. A test then arms one fault after
 * another in a server it started once, writing FILE (by a rename) between
 * requests.
 *
 * Any program that opens a database reads the variable at its first
 * db_open, and counts every thread's operations. serve calls this first,
 * once, before it starts threads: then the caller's thread (startup
 * checks, the daily purge) is not counted, so the count depends on the
 * requests alone. Returns 1 when armed, 0 when the variable is unset, -1
 * when malformed (db_open then fails too).
 */
int db_fault_init(void);
/*
 * The calling thread's operations are not counted either: a background
 * thread whose timing no request decides (serve's outbox sender), which
 * would otherwise take the fault meant for a request.
 */
void db_fault_exempt(void);

enum db_err db_errcode(const struct db *);
/* The last error message, owned by the connection. */
const char *db_errmsg(const struct db *);

/*
 * Backups. db_backup writes a consistent copy of the whole database, as
 * it was at one moment, into the file at path while others keep reading
 * and writing; the caller has made the file (empty) and decides where it
 * ends up. db_restore replaces everything in the database with a backup
 * that db_backup made. Neither runs inside a transaction. progress, when
 * not NULL, is called with the percentage done after each step (SQLite
 * only). 0, or -1 with a malloc'd message in *err.
 *
 * SQLite: the online backup API copies the pages a step at a time inside
 * one read transaction, so a commit beside it neither restarts the copy
 * nor waits for it; the backup is a plain SQLite file, checked with
 * PRAGMA integrity_check. A restore checks the backup, takes the database
 * for itself (refused while another process has it open: a server on it
 * must be stopped first), copies the backup in and checks the result;
 * after it the connection is good only for db_close.
 *
 * PostgreSQL: the schema in use (the first in the search path) is dumped
 * with pg_dump --format=custom. A restore goes into the schema in use
 * (in a new database, the first one the search path names) and nowhere
 * else: it reads the backup's table of contents first, and refuses a
 * backup of another schema, one without solidarity's schema_version,
 * and a schema that something outside it depends on (a view over its
 * tables: the drop would take it along). Then pg_restore's script of the
 * backup runs in psql, in one transaction that drops the schema with
 * all it holds (a table newer than the backup too), makes it anew and
 * fills it; a restore that fails changes nothing. The schema and its
 * objects then belong to whoever restored them, with no grants. Refused
 * while other sessions of this program are connected to the database.
 * The tools (pg_dump; pg_restore and psql) run as child processes found
 * in PATH. pg_dump and psql connect with the words db_open was given but
 * the password: a URL's password goes in their environment (PGPASSWORD),
 * which only their owner may read, never in their arguments, which
 * anyone on the machine may read in the process list.
 */
int db_backup(struct db *, const char *path, void (*progress)(int pct, void *),
    void *arg, char **err);
int db_restore(struct db *, const char *path, void (*progress)(int pct, void *),
    void *arg, char **err);

/* Bring the schema up to date; see migrate.c. */
enum db_migrate {
	DB_MIGRATE_UPTODATE,
	DB_MIGRATE_APPLIED,
	DB_MIGRATE_FAILED,
	DB_MIGRATE__MAX,
};

enum db_migrate db_migrate(struct db *, int *from, int *to, char **err);
/*
 * As db_migrate, but only up to version latest (at most the last): a
 * database as an older program left it, for testing what a migration
 * does to the rows written before it.
 */
enum db_migrate db_migrate_to(struct db *, int latest, int *from, int *to,
    char **err);
/* The schema version this program knows, and the database's (0 if empty). */
int db_schema_latest(void);
int db_schema_version(struct db *);

#endif
