/*
 * The real server for tests: started on an ephemeral loopback port over a
 * new database on the backend under test (tests/testdb.h), spoken to with
 * libcurl, stopped with SIGTERM.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <sys/types.h>
#include <jansson.h>

#include "testdb.h"

struct server {
	pid_t	 pid;
	int	 port;
	char	 dir[64];	/* temporary directory, holding a SQLite file */
	struct testdb store;	/* its database: store.url is what --db is
				   given; server_stop drops what it made */
	char	 token[128];	/* an admin's API token, sent by default */
};

/*
 * The server's --threads for the next starts; 0 keeps the default (2).
 * One thread makes the order of database operations repeatable.
 */
extern unsigned server_threads;
/* More arguments for serve at the next starts (NULL-ended), or NULL. */
extern const char *const *server_args;
/* A file the next starts append their stderr to, or NULL (the test's). */
extern const char *server_errfile;
/* A file the next starts append their stdout to, after the first line. */
extern const char *server_outfile;

/* 1 when the tests run on PostgreSQL (see server_start). */
int	server_is_pg(const struct server *);

struct reply {
	long	 status;
	char	*body;
	size_t	 len;		/* of body, which may hold NULs */
	json_t	*json;		/* the body parsed, when it is JSON */
	char	 headers[4096];
};

/*
 * Init the database, add an admin with an API token, and start the server
 * on it; exits the test on failure.
 */
void	server_start(struct server *);
/* Stop and start again on the same database; the old exit status. */
int	server_restart(struct server *);
/* The value of cookie name set by the reply: 0, or -1 when not set. */
int	reply_cookie(struct reply *, const char *name, char *out,
	    size_t outlen);
/*
 * Stop the server and keep its database (SIGTERM, a bounded wait; the
 * exit status), and start it again on the same database, with the
 * environment of the moment: a test sets variables in between.
 */
int	server_pause(struct server *);
void	server_resume(struct server *);
/* SIGTERM, wait for a clean exit; returns the exit status. */
int	server_stop(struct server *);

/*
 * One request. ctype and body may be NULL; accept NULL sends no Accept
 * header. The reply must be released with reply_free.
 */
void	http(struct server *, const char *method, const char *path,
	    const char *accept, const char *ctype, const char *body,
	    size_t bodylen, struct reply *);
/* One more request header for the next calls ("Name: value"), or NULL. */
extern const char *http_header;
/*
 * The Authorization header value for the next calls: NULL sends the
 * admin's token, "" sends none (anonymous), else as given.
 */
extern const char *http_auth;

/* Run the binary with args against the server's database; return the
 * first line it prints in out (size outlen) and its exit status. */
int	server_cli(struct server *, const char *const *args, char *out,
	    size_t outlen);

/* JSON in, JSON out. */
void	http_json(struct server *, const char *method, const char *path,
	    const char *body, struct reply *);
/* A form post from a browser (Accept: text/html). */
void	http_form(struct server *, const char *path, const char *body,
	    struct reply *);
void	reply_free(struct reply *);
/* The rows of a CSV text as arrays of strings, the header first (our
 * reader, util/csv.c); NULL when it refuses the text. */
json_t	*csv_rows(const char *text, size_t len);
/* The value of header name in the reply, or NULL (static buffer). */
const char *reply_header(struct reply *, const char *name);

/* Run one SQL statement on the server's database, as another process would. */
void	db_write(struct server *, const char *sql);
/* Count the rows of a table, reading the database directly. */
long	db_count(struct server *, const char *table);
/* Every row of every table as text (caller frees): equal means unchanged. */
char	*db_snapshot(struct server *);
/* A check (tap.h) that the database is still as db_snapshot's before. */
#define SAME_DB(s, before, what) do {					\
	char *after_ = db_snapshot(s);					\
	ok(strcmp(after_, before) == 0, "%s writes nothing", what);	\
	free(after_);							\
} while (0)
/* Run one SQL statement returning one integer, on the server's database. */
long	db_scalar(struct server *, const char *sql);
/*
 * The rows of the query a that the query b lacks, each a SELECT after
 * the WITH clause with (empty for none), on the server's database.
 */
long	db_except(struct server *, const char *with, const char *a,
	    const char *b);
/* Two checks (tap.h): the rows of got are want's, none more, none fewer. */
#define SAME_ROWS(s, with, got, want, when, what) do {			\
	is_int(db_except(s, with, got, want), 0,			\
	    "%s: %s, none more than a recount", when, what);		\
	is_int(db_except(s, with, want, got), 0,			\
	    "%s: %s, none fewer", when, what);				\
} while (0)

/*
 * Run the binary with args (NULL-ended, without the program name): its
 * stdout into out, its stderr into err; returns the exit status.
 */
int	cli_run(const char *const *args, char *out, size_t outlen, char *err,
	    size_t errlen);
/* The number of lines in s. */
int	cli_lines(const char *s);

/* The error code and field of a JSON error reply, or "" when absent. */
const char *error_code(struct reply *);
const char *error_field(struct reply *);

/*
 * A crash: SIGKILL the server, as the OOM killer or a power cut would,
 * and wait until it is gone. server_restart starts it again on the same
 * database (its old exit status is then -1).
 */
void	server_kill(struct server *);
/*
 * Start a server on the database s->store.url names as it is (a restored
 * backup): no init, no admin added. s->token must be valid there, s->dir
 * a temporary directory of the test's own (server_stop removes it), and
 * s->store's schema and database empty unless server_stop should drop
 * them.
 */
void	server_start_on(struct server *);
/*
 * Run one SQL statement of one column on the server's database: its
 * first row's value as text (caller frees), or NULL when there is none.
 */
char	*db_text(struct server *, const char *sql);

/* JSON in: the reply's status, the reply itself released. */
long	http_status(struct server *, const char *method, const char *path,
	    const char *body);
/* The same as auth (as http_auth takes it), the admin's again after. */
long	http_status_as(struct server *, const char *auth, const char *method,
	    const char *path, const char *body);
/* Milliseconds on the monotonic clock, for deadlines and timings. */
/*
 * POST the JSON body to path with the current credentials: the new
 * record's id on a 201, else 0 after printing the status and the body as
 * a TAP comment.
 */
long	http_created(struct server *, const char *path, const char *body);
/*
 * Add a login with role (and a zone, its id as text, unless NULL) on the
 * command line, and an API token for it, kept as "Bearer TOKEN" in auth.
 * The login's id, or 0 after saying why as a TAP comment.
 */
long	server_login(struct server *, const char *name, const char *role,
	    const char *zone, char *auth, size_t authlen);
long	now_ms(void);
/* GET path in JSON: the list's "total" (0 when it has none). */
long	http_total(struct server *, const char *path);
/*
 * fmt (a path with one %ld) with id, in one of four buffers used in
 * turn: a few may stand in one call's arguments at once.
 */
const char *http_at(const char *fmt, long id);
/* A TCP connection to the server, for raw requests; -1 on failure. */
int	server_dial(const struct server *);

/*
 * Clients at the same moment, to show that a race has one winner and
 * loses nothing: each racer a thread with its own login, its
 * connection made ready, then held at a barrier until all are.
 */
struct racer {
	char	 auth[200];	/* "Bearer TOKEN", as server_login gives */
	void	*arg;		/* the test's own, for each */
	long	 status;	/* the last answer: its status, 0 for none */
	char	 body[512];	/* and its body, cut to fit */
};

/*
 * Let n racers go at once, each POSTing body in JSON to path times times
 * over one kept connection (as a phone's browser keeps it), and wait for
 * them all. After every answer, each (unless NULL) is called in the
 * racer's thread with its status and body. A NULL body: each racer posts
 * its own, the string its arg points to (each then should be NULL, or
 * read no arg).
 */
void	http_race(struct server *, struct racer *, int n, const char *path,
	    const char *body, int times, void (*each)(struct racer *));
/*
 * What one racer's answers came to: http_race's each with a racer whose
 * arg is one of these counts every answer that made a record (201) and
 * every one refused as a conflict (409).
 */
struct race_tally {
	int	 created, refused;
};
void	race_tally(struct racer *);
/* How many of n racers last got status, and said says unless NULL. */
int	http_race_count(const struct racer *, int n, long status,
	    const char *says);

#endif
