/*
 * The PostgreSQL backend of db.h through libpq: the only file that includes
 * <libpq-fe.h>. It speaks the same portable SQL as the SQLite backend; the
 * few differences are bridged here, when a statement is first prepared.
 */
#include <ctype.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libpq-fe.h>

#include "db_backend.h"
#include "sqltext.h"
#include "stmt_cache.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

/*
 * Type OIDs of the built-in types we convert (fixed in PostgreSQL's
 * catalog, pg_type.dat; the header that names them is the server's).
 */
enum pg_oid {
	PG_BOOL = 16,
	PG_INT8 = 20,
	PG_INT2 = 21,
	PG_INT4 = 23,
	PG_OID = 26,
	PG_FLOAT4 = 700,
	PG_FLOAT8 = 701,
	PG_NUMERIC = 1700,
};

struct pg_db {
	struct db base; /* first: see db_backend.h */
	PGconn *conn;
	struct stmt_cache stmts; /* the names PQprepare was given */
	unsigned next_name;      /* s1, s2, … */
	int in_tx;               /* BEGIN was sent and answered */
};

/* The backend's struct behind a struct db that pg_open made. */
#define PG_DB(d) ((struct pg_db *)(d))

/*
 * Moves on at every commit made here and whenever a connection's snapshot
 * shows a commit made elsewhere (see gen_read_sql).
 */
static atomic_uint_fast64_t pg_gen = 1;
/*
 * The snapshot pg_gen last moved on for, whichever connection read it:
 * one commit moves the generation once, not once for every worker's
 * connection that comes to see it (each time emptying the response cache
 * the others had just filled). A process speaks to one database; two
 * would take turns here and only cost misses.
 */
static pthread_mutex_t pg_gen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf pg_gen_snapshot;

/*
 * The portable SQL writes '\' for a backslash, which needs standard
 * strings (the default since PostgreSQL 9.1, but a role can change it).
 * A lock not had within 5 s is DB_ERR_BUSY, as SQLite's busy timeout.
 */
static const char *const open_sql = "SET standard_conforming_strings = on; "
				    "SET lock_timeout = '5s'";
/*
 * A writing transaction is READ COMMITTED, beside the others: no lock for
 * the whole database (an advisory lock here once made every writer, in
 * every process, take its turn, as SQLite's BEGIN IMMEDIATE does; Q2 on
 * PostgreSQL stopped at one commit at a time). Each place that looks and
 * then acts keeps its rule instead: a row lock taken before the look
 * (SELECT ... FOR NO KEY UPDATE on the ask, the fund, the person, the
 * volunteer), an UPDATE that guards itself (stock, shifts, counts), a
 * unique index (one active claim, one reversal), INSERT ... ON CONFLICT
 * for the summaries; docs/scaling.md lists them. SERIALIZABLE with the
 * whole transaction retried on 40001 was the blanket alternative, but a
 * write request's transaction wraps its handler (route.c), which fills
 * the response as it goes and cannot be run twice, and every new ask
 * writes the same few summary rows, which under SERIALIZABLE would fail
 * most writers at once. What the server still refuses (a deadlock, a
 * lock not had within lock_timeout) is busy: 503, try again.
 */
static const char *const begin_sql = "BEGIN";
static const char *const begin_read_sql =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
static const char *const commit_sql = "COMMIT";
static const char *const rollback_sql = "ROLLBACK";
/*
 * What db_generation compares: a snapshot lists the transactions still in
 * progress and the next one to start, so a commit made visible between two
 * reads (by any process or tool, not only through db_commit) makes them
 * differ. Exact, and it asks no writer to wait; the price is a change
 * reported now and then when nothing this database holds has changed (a
 * transaction that rolled back, or wrote to another database of the same
 * server), which costs a cache a miss and nothing else.
 */
static const char *const gen_read_sql = "SELECT pg_current_snapshot()";

/* Notices ("table exists, skipping") are not errors; nobody reads them. */
static void
pg_ignore_notice(void *arg, const char *msg)
{
}

/* libpq's messages end with a newline, which has no place in ours. */
static void
pg_set_message(struct pg_db *db, enum db_err err, const char *msg)
{
	size_t n;

	db_error_set(&db->base, err, msg != NULL ? msg : "unknown error");
	n = strlen(db->base.msg);
	while (n > 0 &&
	    (db->base.msg[n - 1] == '\n' || db->base.msg[n - 1] == ' '))
		db->base.msg[--n] = '\0';
}

/*
 * Class 23 is integrity constraint violation. Serialization failures,
 * deadlocks and lock_timeout are the ones a caller may retry: busy. So
 * are a lost connection (class 08) and a server shutting down or starting
 * up (57P01, 57P02, 57P03): it will be back.
 */
static enum db_err
pg_errcode(const char *sqlstate)
{
	if (sqlstate == NULL)
		return DB_ERR_OTHER;
	if (strncmp(sqlstate, "23", 2) == 0)
		return DB_ERR_CONSTRAINT;
	if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
	    strcmp(sqlstate, "55P03") == 0)
		return DB_ERR_BUSY;
	if (strncmp(sqlstate, "08", 2) == 0 || strcmp(sqlstate, "57P01") == 0 ||
	    strcmp(sqlstate, "57P02") == 0 || strcmp(sqlstate, "57P03") == 0)
		return DB_ERR_BUSY;
	return DB_ERR_OTHER;
}

static void
pg_set_error(struct pg_db *db, const PGresult *res)
{
	const char *msg = NULL, *state = NULL;
	enum db_err err;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (msg == NULL)
		msg = PQerrorMessage(db->conn);
	err = pg_errcode(state);
	if (PQstatus(db->conn) != CONNECTION_OK)
		err = DB_ERR_BUSY;
	pg_set_message(db, err, msg);
}

/* 1 if the result is a success, else 0 with the error recorded. */
static int
pg_result_ok(struct pg_db *db, const PGresult *res)
{
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		return 1;
	default:
		pg_set_error(db, res);
		return 0;
	}
}

static int
pg_is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/*
 * Whether sql only reads, so that running it a second time does no harm:
 * it begins with SELECT or WITH and has none of the words INSERT, UPDATE
 * (FOR UPDATE too, to be safe), DELETE, nextval or setval outside quotes
 * and comments. What this cannot tell counts as a write.
 */
static int
pg_is_read(const char *sql)
{
	static const char *const writes[] = { "INSERT", "UPDATE", "DELETE",
		"nextval", "setval", NULL };
	const char *p = sql, *end;
	size_t i, len;
	int first = 1;

	while (*p != '\0') {
		end = sqltext_skip(p);
		if (end != NULL)
			p = end;
		else if (pg_is_word(*p)) {
			end = p;
			while (pg_is_word(*end))
				end++;
			len = (size_t)(end - p);
			if (first &&
			    !(len == 6 && strncasecmp(p, "SELECT", 6) == 0) &&
			    !(len == 4 && strncasecmp(p, "WITH", 4) == 0))
				return 0;
			first = 0;
			for (i = 0; writes[i] != NULL; i++)
				if (len == strlen(writes[i]) &&
				    strncasecmp(p, writes[i], len) == 0)
					return 0;
			p = end;
		} else
			p++;
	}
	return !first;
}

/*
 * The statement as PostgreSQL wants it: each ? becomes $1, $2, … and the
 * word LIKE becomes ILIKE, because SQLite's LIKE ignores the case of ASCII
 * letters and the listings' text searches rely on it (ILIKE ignores case
 * for every letter, a difference for the better). Quoted strings and
 * identifiers and -- comments are copied as they are; the portable SQL
 * uses no dollar quoting and no E'' strings. The caller frees the result.
 */
static char *
pg_rewrite(const char *sql)
{
	struct buf b = BUF_INIT;
	const char *p = sql, *end;
	unsigned param = 0;

	while (*p != '\0') {
		end = sqltext_skip(p);
		if (end != NULL) {
			buf_add(&b, p, (size_t)(end - p));
			p = end;
		} else if (*p == '?') {
			buf_printf(&b, "$%u", ++param);
			p++;
		} else if (pg_is_word(*p)) {
			end = p;
			while (pg_is_word(*end))
				end++;
			if (end - p == 4 && strncasecmp(p, "LIKE", 4) == 0)
				buf_adds(&b, "ILIKE");
			else
				buf_add(&b, p, (size_t)(end - p));
			p = end;
		} else
			buf_addc(&b, *p++);
	}
	return buf_detach(&b, NULL);
}

/*
 * For stmt_cache_clear: the names are ours to free; the statements die
 * with the session.
 */
static void
pg_forget_name(void *name)
{
	free(name);
}

/* The name of sql's prepared statement, preparing it the first time. */
static const char *
pg_prepare(struct pg_db *db, const char *sql)
{
	char name[16], *text, *kept = stmt_cache_get(&db->stmts, sql);
	PGresult *res;
	int ok;

	if (kept != NULL)
		return kept;
	snprintf(name, sizeof(name), "s%u", ++db->next_name);
	text = pg_rewrite(sql);
	res = PQprepare(db->conn, name, text, 0, NULL);
	free(text);
	ok = pg_result_ok(db, res);
	PQclear(res);
	if (!ok)
		return NULL;
	kept = xstrdup(name);
	stmt_cache_put(&db->stmts, sql, kept);
	return kept;
}

/*
 * Open the session again after the server dropped it. What was prepared
 * on the old session died with it, and the generation moves on: the
 * server may have come back with other data (restored from a backup).
 * 0, or -1 with DB_ERR_BUSY while the server cannot be reached.
 */
static int
pg_reconnect(struct pg_db *db)
{
	PGresult *res;
	int ok;

	PQreset(db->conn);
	stmt_cache_clear(&db->stmts, pg_forget_name);
	atomic_fetch_add(&pg_gen, 1);
	change_flush();
	if (PQstatus(db->conn) != CONNECTION_OK) {
		pg_set_message(db, DB_ERR_BUSY, PQerrorMessage(db->conn));
		return -1;
	}
	res = PQexec(db->conn, open_sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		pg_set_error(db, res);
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Whether the session still stands, found out without sending anything.
 * A server that stops or ends the session closes the socket, often after
 * a last message. A healthy idle session has nothing to say, so poll
 * finds the socket readable only then, and PQconsumeInput reads on to the
 * end of the stream, where libpq marks the connection bad. One round may
 * take the message, the next the end.
 */
static void
pg_check(struct pg_db *db)
{
	struct pollfd p;
	int i;

	for (i = 0; i < 4 && PQstatus(db->conn) == CONNECTION_OK; i++) {
		p.fd = PQsocket(db->conn);
		p.events = POLLIN;
		p.revents = 0;
		if (p.fd < 0 || poll(&p, 1, 0) != 1)
			return;
		if (PQconsumeInput(db->conn) == 0)
			return;
	}
}

/* The connection broke inside a transaction, which is over: busy. */
static int
pg_lost_in_tx(struct pg_db *db, const char *sql)
{
	pg_set_message(db, DB_ERR_BUSY,
	    sql == commit_sql
		? "lost the connection to the database during COMMIT: the "
		  "transaction may or may not have been saved"
		: "lost the connection to the database: the transaction was "
		  "rolled back");
	return -1;
}

/*
 * Before a statement. Outside a transaction a session the server has
 * dropped is opened again, nothing having been sent on it yet, which is
 * what lets every request after a restart of the server succeed. Inside
 * one the loss ends the transaction: busy. 0 or -1.
 */
static int
pg_ready(struct pg_db *db, const char *sql)
{
	if (db->in_tx)
		return PQstatus(db->conn) == CONNECTION_OK
		    ? 0
		    : pg_lost_in_tx(db, sql);
	pg_check(db);
	if (PQstatus(db->conn) == CONNECTION_OK)
		return 0;
	return pg_reconnect(db);
}

/* args as libpq's text parameters: see pg_params_make. */
struct pg_params {
	const char **vals;
	char (*nums)[32];
};

/*
 * Integers in decimal, reals with every digit that matters, NULL as NULL,
 * text as it is (borrowed). Free with pg_params_free.
 */
static void
pg_params_make(struct pg_params *p, const struct db_val *args, size_t n)
{
	size_t i;

	p->vals = NULL;
	p->nums = NULL;
	if (n == 0)
		return;
	p->vals = xcalloc(n, sizeof(*p->vals));
	p->nums = xcalloc(n, sizeof(*p->nums));
	for (i = 0; i < n; i++) {
		switch (args[i].type) {
		case DB_INT:
			snprintf(p->nums[i], sizeof(p->nums[i]), "%lld",
			    (long long)args[i].i);
			p->vals[i] = p->nums[i];
			break;
		case DB_REAL:
			snprintf(p->nums[i], sizeof(p->nums[i]), "%.17g",
			    args[i].d);
			p->vals[i] = p->nums[i];
			break;
		case DB_TEXT:
			p->vals[i] = args[i].s;
			break;
		default:
			p->vals[i] = NULL;
			break;
		}
	}
}

static void
pg_params_free(struct pg_params *p)
{
	free(p->vals);
	free(p->nums);
}

/*
 * Run the prepared statement for sql once. *sent says whether it reached
 * the point of being executed (a failure to prepare did nothing). The
 * result (to PQclear) or NULL with the error recorded.
 */
static PGresult *
pg_send(struct pg_db *db, const char *sql, const struct db_val *args, size_t n,
    int *sent)
{
	struct pg_params p;
	const char *name;
	PGresult *res;

	*sent = 0;
	name = pg_prepare(db, sql);
	if (name == NULL)
		return NULL;
	*sent = 1;
	pg_params_make(&p, args, n);
	res = PQexecPrepared(db->conn, name, (int)n, p.vals, NULL, NULL, 0);
	pg_params_free(&p);
	if (!pg_result_ok(db, res)) {
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * Run sql with args bound as text (see pg_params_make). A connection lost
 * under the statement outside a transaction is opened again, and the
 * statement run once more when that is safe: it had not been executed
 * yet, or it is BEGIN, or it only reads. A write may have been done before
 * the connection broke, so it is reported (busy), never run twice. The
 * result (to PQclear) or NULL with the error recorded.
 */
static PGresult *
pg_run(struct pg_db *db, const char *sql, const struct db_val *args, size_t n)
{
	PGresult *res;
	int sent;

	db_error_clear(&db->base);
	if (pg_ready(db, sql) == -1)
		return NULL;
	res = pg_send(db, sql, args, n, &sent);
	if (res != NULL || PQstatus(db->conn) == CONNECTION_OK)
		return res;
	if (db->in_tx) {
		pg_lost_in_tx(db, sql);
		return NULL;
	}
	if (sent && sql != begin_sql && sql != begin_read_sql &&
	    !pg_is_read(sql)) {
		pg_set_message(db, DB_ERR_BUSY,
		    "lost the connection to the "
		    "database during a write, which may or may not have been "
		    "done");
		return NULL;
	}
	if (pg_reconnect(db) == -1)
		return NULL;
	db_error_clear(&db->base);
	return pg_send(db, sql, args, n, &sent);
}

static json_t *
pg_real(const char *s)
{
	json_t *j = json_real(strtod(s, NULL));

	/* NaN and infinity have no JSON form. */
	return j != NULL ? j : json_null();
}

static json_t *
pg_value(const PGresult *res, int row, int col)
{
	const char *s = PQgetvalue(res, row, col);
	size_t len = (size_t)PQgetlength(res, row, col);
	int64_t v;

	if (PQgetisnull(res, row, col))
		return json_null();
	switch (PQftype(res, col)) {
	case PG_BOOL:
		return json_boolean(s[0] == 't');
	case PG_INT2:
	case PG_INT4:
	case PG_INT8:
	case PG_OID:
	case PG_NUMERIC:
		/*
		 * sum() over bigint is numeric, where SQLite's sum of
		 * integers is an integer: a number with no fraction reads as
		 * an integer, anything else as a real.
		 */
		if (num_parse_int(s, len, INT64_MIN, INT64_MAX, &v) == 0)
			return json_integer(v);
		return pg_real(s);
	case PG_FLOAT4:
	case PG_FLOAT8:
		return pg_real(s);
	default:
		return json_stringn_nocheck(s, len);
	}
}

static json_t *
pg_object(const PGresult *res, int row)
{
	json_t *o = json_object();
	int i, n = PQnfields(res);

	for (i = 0; i < n; i++)
		json_object_set_new_nocheck(o, PQfname(res, i),
		    pg_value(res, row, i));
	return o;
}

static json_t *
pg_rows(struct db *d, const char *sql, const struct db_val *args, size_t n)
{
	PGresult *res = pg_run(PG_DB(d), sql, args, n);
	json_t *rows;
	int i, nrows;

	if (res == NULL)
		return NULL;
	rows = json_array();
	nrows = PQntuples(res);
	for (i = 0; i < nrows; i++)
		json_array_append_new(rows, pg_object(res, i));
	PQclear(res);
	return rows;
}

static int
pg_row(struct db *d, const char *sql, const struct db_val *args, size_t n,
    json_t **row)
{
	PGresult *res = pg_run(PG_DB(d), sql, args, n);
	int found = 0;

	*row = NULL;
	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0) {
		*row = pg_object(res, 0);
		found = 1;
	}
	PQclear(res);
	return found;
}

/* The number in a command tag's tail ("UPDATE 3"), 0 when there is none. */
static int
pg_changes(const PGresult *res)
{
	const char *s = PQcmdTuples((PGresult *)res);
	int64_t v;

	if (num_parse_int(s, strlen(s), 0, INT32_MAX, &v) == -1)
		return 0;
	return (int)v;
}

static int
pg_exec(struct db *d, const char *sql, const struct db_val *args, size_t n)
{
	PGresult *res = pg_run(PG_DB(d), sql, args, n);
	int changes;

	if (res == NULL)
		return -1;
	changes = pg_changes(res);
	PQclear(res);
	return changes;
}

/*
 * A column as an integer, as SQLite would convert it: true is 1, a real
 * loses its fraction, a number out of range is held at the nearest end.
 */
static int64_t
pg_to_int(const PGresult *res, int row, int col)
{
	const char *s = PQgetvalue(res, row, col);
	double d;

	if (PQgetisnull(res, row, col))
		return 0;
	switch (PQftype(res, col)) {
	case PG_BOOL:
		return s[0] == 't';
	case PG_FLOAT4:
	case PG_FLOAT8:
	case PG_NUMERIC:
		d = strtod(s, NULL);
		if (d != d)
			return 0;
		if (d >= 9223372036854775807.0)
			return INT64_MAX;
		if (d <= -9223372036854775808.0)
			return INT64_MIN;
		return (int64_t)d;
	default:
		return strtoll(s, NULL, 10);
	}
}

static int64_t
pg_col_int(const struct db_cols *row, int col)
{
	if (col < 0 || col >= PQnfields(row->res))
		return 0;
	return pg_to_int(row->res, row->row, col);
}

static const char *
pg_col_text(const struct db_cols *row, int col)
{
	if (col < 0 || col >= PQnfields(row->res))
		return "";
	/* libpq gives NULL as "". */
	return PQgetvalue(row->res, row->row, col);
}

/* The statement's whole result, then each row of it to fn: see db_each. */
static int64_t
pg_each(struct db *d, const char *sql, const struct db_val *args, size_t n,
    int (*fn)(const struct db_cols *, void *), void *arg)
{
	struct db_cols row = { pg_col_int, pg_col_text, NULL, 0 };
	int nrows, stop = 0;

	if ((row.res = pg_run(PG_DB(d), sql, args, n)) == NULL)
		return -1;
	nrows = PQntuples(row.res);
	for (row.row = 0; row.row < nrows && !stop; row.row++)
		stop = fn(&row, arg) != 0;
	PQclear(row.res);
	if (stop) {
		if (d->err == DB_OK)
			db_error_set(d, DB_ERR_OTHER, "stopped by the caller");
		return -1;
	}
	return row.row;
}

static int
pg_int(struct db *d, const char *sql, const struct db_val *args, size_t n,
    int64_t *out)
{
	PGresult *res = pg_run(PG_DB(d), sql, args, n);
	int found = 0;

	if (res == NULL)
		return -1;
	if (PQntuples(res) > 0 && PQnfields(res) > 0) {
		*out = pg_to_int(res, 0, 0);
		found = 1;
	}
	PQclear(res);
	return found;
}

static int
pg_script(struct db *d, const char *sql)
{
	struct pg_db *db = PG_DB(d);
	PGresult *res;
	int ok;

	db_error_clear(d);
	if (pg_ready(db, sql) == -1)
		return -1;
	res = PQexec(db->conn, sql);
	ok = pg_result_ok(db, res);
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Rows one at a time in libpq's single-row mode, so a table of any size
 * never sits whole in memory; the statement is parsed for this call only.
 * Every result is read to the end, also after fn stopped, so that the
 * connection is ready for the next statement.
 */
static int64_t
pg_each_once(struct db *d, const char *sql, const struct db_val *args, size_t n,
    int (*fn)(json_t *, void *), void *arg)
{
	struct pg_db *db = PG_DB(d);
	struct pg_params p;
	PGresult *res;
	json_t *row;
	char *text;
	int64_t seen = 0;
	int sent, stop = 0, failed = 0;

	db_error_clear(d);
	if (pg_ready(db, sql) == -1)
		return -1;
	text = pg_rewrite(sql);
	pg_params_make(&p, args, n);
	sent = PQsendQueryParams(db->conn, text, (int)n, NULL, p.vals, NULL,
	    NULL, 0);
	free(text);
	pg_params_free(&p);
	if (!sent) {
		pg_set_error(db, NULL);
		return -1;
	}
	PQsetSingleRowMode(db->conn);
	while ((res = PQgetResult(db->conn)) != NULL) {
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			if (stop || failed)
				break;
			row = pg_object(res, 0);
			stop = fn(row, arg) != 0;
			json_decref(row);
			seen++;
			break;
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			break;
		default:
			if (!failed && !stop)
				pg_set_error(db, res);
			failed = 1;
			break;
		}
		PQclear(res);
	}
	if (stop && d->err == DB_OK)
		db_error_set(d, DB_ERR_OTHER, "stopped by the caller");
	return stop || failed ? -1 : seen;
}

/*
 * A cursor is the server's (DECLARE), read a batch at a time: libpq's
 * single-row mode was tried first, and its input buffer grew with the
 * rows when the client read fast (16 MB at the peak for 100,000 asks).
 * A batch is a bounded result, whatever the number of rows.
 */
#define PG_CURSOR_BATCH 500 /* the count in cursor_fetch */
static const char *const cursor_declare =
    "DECLARE solidarity_cursor NO SCROLL CURSOR FOR ";
static const char *const cursor_fetch = "FETCH 500 FROM solidarity_cursor";
static const char *const cursor_close = "CLOSE solidarity_cursor";

struct pg_cursor {
	struct db_cursor base; /* first: see db_backend.h */
	PGresult *batch;       /* the rows fetched last, or NULL */
	int at;                /* the next of them */
	int done;              /* the last batch was short */
};

static struct db_cursor *
pg_cursor_open(struct db *d, const char *sql, const struct db_val *args,
    size_t n)
{
	struct pg_db *db = PG_DB(d);
	struct pg_cursor *c;
	struct pg_params p;
	struct buf text = BUF_INIT;
	char *query;
	PGresult *res;
	int ok;

	db_error_clear(d);
	if (pg_ready(db, sql) == -1)
		return NULL;
	query = pg_rewrite(sql);
	buf_adds(&text, cursor_declare);
	buf_adds(&text, query);
	free(query);
	pg_params_make(&p, args, n);
	res = PQexecParams(db->conn, text.ptr, (int)n, NULL, p.vals, NULL, NULL,
	    0);
	pg_params_free(&p);
	buf_free(&text);
	ok = pg_result_ok(db, res);
	PQclear(res);
	if (!ok)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->base.db = d;
	return &c->base;
}

static int
pg_cursor_next(struct db_cursor *cur, json_t **row)
{
	struct pg_cursor *c = (struct pg_cursor *)cur;
	struct pg_db *db = PG_DB(cur->db);

	db_error_clear(cur->db);
	if (c->batch != NULL && c->at < PQntuples(c->batch)) {
		*row = pg_object(c->batch, c->at++);
		return 1;
	}
	PQclear(c->batch);
	c->batch = NULL;
	if (c->done)
		return 0;
	c->batch = PQexec(db->conn, cursor_fetch);
	if (!pg_result_ok(db, c->batch)) {
		PQclear(c->batch);
		c->batch = NULL;
		c->done = 1;
		return -1;
	}
	c->at = 0;
	c->done = PQntuples(c->batch) < PG_CURSOR_BATCH;
	if (PQntuples(c->batch) == 0)
		return 0;
	*row = pg_object(c->batch, c->at++);
	return 1;
}

static void
pg_cursor_close(struct db_cursor *cur)
{
	struct pg_cursor *c = (struct pg_cursor *)cur;
	struct pg_db *db = PG_DB(cur->db);

	PQclear(c->batch);
	/* The name is free for the next; a failed transaction has none. */
	if (PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) == PQTRANS_INTRANS)
		PQclear(PQexec(db->conn, cursor_close));
	free(c);
}

static int
pg_exec_once(struct db *d, const char *sql, const struct db_val *args, size_t n)
{
	struct pg_db *db = PG_DB(d);
	struct pg_params p;
	PGresult *res;
	char *text;
	int changes = -1;

	db_error_clear(d);
	if (pg_ready(db, sql) == -1)
		return -1;
	text = pg_rewrite(sql);
	pg_params_make(&p, args, n);
	res = PQexecParams(db->conn, text, (int)n, NULL, p.vals, NULL, NULL, 0);
	free(text);
	pg_params_free(&p);
	if (pg_result_ok(db, res))
		changes = pg_changes(res);
	PQclear(res);
	return changes;
}

/* The tables where unqualified names are looked for first. */
static const char *const tables_sql =
    "SELECT table_name AS name "
    "FROM information_schema.tables WHERE table_schema = current_schema() "
    "AND table_type = 'BASE TABLE' ORDER BY table_name::text COLLATE \"C\"";
static const char *const columns_sql =
    "SELECT column_name AS name "
    "FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = ? ORDER BY ordinal_position";
static const char *const required_sql =
    "SELECT column_name AS name "
    "FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = ? AND is_nullable = 'NO' ORDER BY ordinal_position";

static const char *const indexes_sql =
    "SELECT c.relname AS name, pg_get_indexdef(c.oid) AS sql "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "JOIN pg_class t ON t.oid = i.indrelid "
    "WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace "
    "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.oid";

static const char *const identity_sql =
    "SELECT count(*) "
    "FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = ? AND column_name = 'id' AND is_identity = 'YES'";
/* Then, for a table that has one; the name goes in where %s is. */
static const char *const setval_sql =
    "SELECT setval("
    "pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false) "
    "FROM %s";

/*
 * Inserting rows with their ids leaves an identity's sequence where it
 * was: the next id it handed out would collide. setval(…, max + 1, false)
 * makes that next id one past the largest (1 for an empty table).
 */
static int
pg_sync_ids(struct db *d, const char *table)
{
	struct pg_db *db = PG_DB(d);
	struct buf quoted = BUF_INIT, sql = BUF_INIT;
	struct db_val arg = DBV_TEXT(table);
	PGresult *res;
	const char *val;
	int64_t has = 0;
	int rc;

	if (pg_int(d, identity_sql, &arg, 1, &has) != 1)
		return -1;
	if (has == 0)
		return 0;
	sqltext_quote_name(&quoted, table);
	buf_printf(&sql, setval_sql, quoted.ptr);
	val = quoted.ptr;
	res = PQexecParams(db->conn, sql.ptr, 1, NULL, &val, NULL, NULL, 0);
	rc = pg_result_ok(db, res) ? 0 : -1;
	PQclear(res);
	buf_free(&quoted);
	buf_free(&sql);
	return rc;
}

/* Begin a transaction with sql (begin_sql or begin_read_sql). 0 or -1. */
static int
pg_begin_as(struct db *d, const char *sql)
{
	if (pg_exec(d, sql, NULL, 0) < 0)
		return -1;
	PG_DB(d)->in_tx = 1;
	return 0;
}

/* The outermost begin (db.c keeps the nesting): see begin_sql. */
static int
pg_begin(struct db *d)
{
	return pg_begin_as(d, begin_sql);
}

/* One snapshot for every statement, and no row lock to wait for. */
static int
pg_begin_read(struct db *d)
{
	return pg_begin_as(d, begin_read_sql);
}

/* Whether the session is inside a transaction block, failed or not. */
static int
pg_in_block(struct pg_db *db)
{
	PGTransactionStatusType st = PQtransactionStatus(db->conn);

	return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

static int
pg_commit(struct db *d)
{
	struct pg_db *db = PG_DB(d);
	PGresult *res;
	int rc = -1;

	res = pg_run(db, commit_sql, NULL, 0);
	/* COMMIT of a transaction that failed earlier answers ROLLBACK. */
	if (res != NULL && strcmp(PQcmdStatus(res), "COMMIT") == 0)
		rc = 0;
	else if (res != NULL)
		pg_set_message(db, DB_ERR_OTHER,
		    "the transaction was rolled "
		    "back after an earlier error");
	PQclear(res);
	if (rc == 0 || !pg_in_block(db))
		db->in_tx = 0;
	if (rc == 0)
		atomic_fetch_add(&pg_gen, 1);
	return rc;
}

static int
pg_rollback(struct db *d)
{
	struct pg_db *db = PG_DB(d);
	int rc = 0;

	/* Nothing to undo when the failure already ended the transaction. */
	if (pg_in_block(db))
		rc = pg_exec(d, rollback_sql, NULL, 0) < 0 ? -1 : 0;
	db->in_tx = 0;
	return rc;
}

/*
 * A snapshot that differs from the one the generation last moved on for
 * means a commit may have happened since. A connection that read its
 * snapshot before a commit another has already seen moves it on again,
 * which is safe (what it then reads is at least that new) and costs a
 * miss. When no snapshot can be taken (connection lost) every call says
 * "changed", so a cache keyed by the generation never serves what it
 * cannot vouch for.
 */
static uint64_t
pg_generation(struct db *d)
{
	struct pg_db *db = PG_DB(d);
	PGresult *res = pg_run(db, gen_read_sql, NULL, 0);
	const char *snap;
	uint64_t gen;

	if (res == NULL || PQntuples(res) != 1) {
		PQclear(res);
		change_flush();
		return atomic_fetch_add(&pg_gen, 1) + 1;
	}
	snap = PQgetvalue(res, 0, 0);
	pthread_mutex_lock(&pg_gen_lock);
	if (pg_gen_snapshot.ptr == NULL ||
	    strcmp(pg_gen_snapshot.ptr, snap) != 0) {
		buf_reset(&pg_gen_snapshot);
		buf_adds(&pg_gen_snapshot, snap);
		atomic_fetch_add(&pg_gen, 1);
		/*
		 * PostgreSQL tells no statement's tables: a change is any
		 * table's, whoever made it (change.h).
		 */
		change_flush();
	}
	gen = atomic_load(&pg_gen);
	pthread_mutex_unlock(&pg_gen_lock);
	PQclear(res);
	return gen;
}

/*
 * PostgreSQL has no secure_delete: an UPDATE or DELETE leaves the old row
 * version in the table's page, and a plain VACUUM only marks its space
 * free, leaving the bytes there until a new row happens to overwrite them
 * (test_retention found a forgotten phone, an offer's details and a login
 * in the table and index files after one). VACUUM (FULL) writes each table
 * anew, with its indexes and TOAST table, holding only the live rows, and
 * truncates the old files at once: the purged values are then in no table
 * or index file. Rows an open transaction could still see are copied
 * along, and go at the next run. ANALYZE draws each table's statistics
 * afresh: they keep a sample of column values (phones, details) for the
 * planner, purged ones too until the table is analyzed again; and the
 * superseded sample stays in pg_statistic's file until that is rewritten
 * last. Rewriting pg_statistic needs the database's owner (docs/scaling.md
 * makes the role that) or a superuser; for another role it is skipped
 * with a warning, as are tables the role does not own.
 *
 * The price is ACCESS EXCLUSIVE on each table in turn while it is
 * rewritten: every statement on it waits. That is acceptable here because
 * this runs only after a purge that removed something (daily at most) or
 * a forget (rare), only over the tables it changed (retention.c names
 * them), and the tables are one network's: 5,000 asks take about 30 ms,
 * 100,000 about 2 s; pg_statistic, which planning a query may have to
 * read, a few milliseconds. The connection's lock_timeout bounds both
 * sides: a request waits at most 5 s before it fails as busy, and a
 * rewrite that cannot have its lock within 5 s (a backup reading the
 * table) gives up as DB_ERR_BUSY instead of queueing every request behind
 * it; the next run does it. The write-ahead log keeps old values until
 * its segments are overwritten; see docs/privacy.md. VACUUM cannot run
 * inside a transaction (db.c defers it to the outermost commit). The
 * names are checked by db_checkpoint: letters, digits and '_' only.
 */
static int
pg_checkpoint(struct db *d, const char *tables)
{
	struct buf sql = BUF_INIT;
	int rc;

	db_error_clear(d);
	if (*tables == '\0')
		return 0;
	/* VACUUM takes the list in order, each table rewritten, then analyzed.
	 */
	buf_printf(&sql, "VACUUM (FULL, ANALYZE) %s, pg_statistic", tables);
	rc = pg_script(d, sql.ptr);
	buf_free(&sql);
	return rc;
}

/*
 * The server sizes its own caches, and a long transaction does not hold
 * its write-ahead log back: a bulk load needs nothing different, before
 * or after.
 */
static int
pg_tune_bulk(struct db *d, unsigned flags)
{
	return 0;
}

static int
pg_tune_done(struct db *d)
{
	return 0;
}

static void
pg_close(struct db *d)
{
	struct pg_db *db = PG_DB(d);

	PQfinish(db->conn);
	stmt_cache_clear(&db->stmts, pg_forget_name);
	free(db);
}

static const struct db_ops pg_ops = {
	.kind = DB_POSTGRES,
	.close = pg_close,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.rows = pg_rows,
	.each = pg_each,
	.row = pg_row,
	.exec = pg_exec,
	.get_int = pg_int,
	.generation = pg_generation,
	.checkpoint = pg_checkpoint,
	.script = pg_script,
	.tune_bulk = pg_tune_bulk,
	.tune_done = pg_tune_done,
	.each_once = pg_each_once,
	.cursor_open = pg_cursor_open,
	.cursor_next = pg_cursor_next,
	.cursor_close = pg_cursor_close,
	.exec_once = pg_exec_once,
	.tables_sql = tables_sql,
	.columns_sql = columns_sql,
	.required_sql = required_sql,
	.indexes_sql = indexes_sql,
	.sync_ids = pg_sync_ids,
};

static struct db *
pg_fail(struct pg_db *db, const char *what, const char *why, char **err)
{
	struct buf b = BUF_INIT;
	size_t n;

	buf_printf(&b, "%s: %s", what, why);
	n = b.len;
	while (n > 0 && (b.ptr[n - 1] == '\n' || b.ptr[n - 1] == ' '))
		b.ptr[--n] = '\0';
	*err = buf_detach(&b, NULL);
	PQfinish(db->conn);
	free(db);
	return NULL;
}

/*
 * conninfo is a URI, libpq's "key=value" words, a database name, or ""
 * for the PG* environment variables. The message on failure never
 * repeats conninfo, which may hold a password.
 */
struct db *
pg_open(const char *conninfo, char **err)
{
	static const char *const keys[] = { "dbname", "client_encoding",
		"fallback_application_name", NULL };
	const char *vals[] = { conninfo, "UTF8", "solidarity", NULL };
	struct buf name = BUF_INIT;
	const char *enc;
	struct pg_db *db;
	PGresult *res;
	int ok;

	db = xcalloc(1, sizeof(*db));
	db->base.ops = &pg_ops;
	/* Later keys override what the URI says: the client speaks UTF-8. */
	db->conn = PQconnectdbParams(keys, vals, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return pg_fail(db, "cannot open database",
		    db->conn != NULL ? PQerrorMessage(db->conn)
				     : "out of memory",
		    err);
	PQsetNoticeProcessor(db->conn, pg_ignore_notice, NULL);
	/* Text is UTF-8 everywhere in the program, and in JSON. */
	enc = PQparameterStatus(db->conn, "server_encoding");
	if (enc == NULL || strcmp(enc, "UTF8") != 0)
		return pg_fail(db, "cannot use database",
		    "its encoding is not "
		    "UTF8 (createdb -E UTF8)",
		    err);
	res = PQexec(db->conn, open_sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok)
		return pg_fail(db, "cannot use database",
		    PQerrorMessage(db->conn), err);
	buf_printf(&name, "%s on %s port %s", PQdb(db->conn), PQhost(db->conn),
	    PQport(db->conn));
	db->base.name = buf_detach(&name, NULL);
	return &db->base;
}
