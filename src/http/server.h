/* The HTTP server: libmicrohttpd with a thread pool, one db per thread. */
#ifndef SERVER_H
#define SERVER_H

#include "proxy.h"

/*
 * How often the sweep runs: a claim expires at most this late, which is
 * little beside hours of --claim-hours, and costs one indexed query.
 */
#define SERVER_SWEEP_SECONDS 600

struct server_opts {
	const char *listen; /* "HOST:PORT", port 0 picks one */
	const char *db_url;
	unsigned threads;
	int behind_tls; /* a TLS proxy in front: Secure cookies */
	/* Run at start and then every 24 hours (the retention purge). */
	void (*daily)(const char *db_url);
	/*
	 * Run every SERVER_SWEEP_SECONDS (the claims' expiry); the caller
	 * runs it once before server_run, so the first one is done before
	 * any request is served.
	 */
	void (*sweep)(const char *db_url);
	/* Whose X-Forwarded-For names the client (see proxy.h). */
	struct proxy_trust trusted;
};

/* 1 if listen names a loopback address (127.0.0.0/8, ::1, localhost). */
int server_is_loopback(const char *listen);

/*
 * Serve until SIGINT or SIGTERM, then finish the requests in flight and
 * close every connection to the database. Prints the address it listens
 * on to stdout. Returns 0, or -1 after printing why to stderr.
 */
int server_run(const struct server_opts *);

/* This thread's database connection, opened on first use; NULL on error. */
struct db *server_db(void);

#endif
