/*
 * The one file that speaks libmicrohttpd: it turns a connection into our
 * plain request struct, calls the router, and sends the response back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>

#include "server.h"
#include "cache.h"
#include "proxy.h"
#include "request.h"
#include "respond.h"
#include "route.h"
#include "db/db.h"
#include "render/i18n.h"
#include "util/arena.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

/*
 * Connections. With MHD's epoll loop a connection that is idle or sends
 * its request a byte at a time costs a slot and a 32 KiB buffer, never a
 * worker (as it would with a thread per connection): slow clients cannot
 * keep the fast ones waiting, only fill the slots. So the slots are many,
 * one address may hold at most a quarter of them, and a connection that
 * sends nothing for SERVER_IDLE seconds is closed.
 *
 * The per-address limit is a trade-off: it must leave room for what one
 * machine may honestly open (a load test on loopback holds 1,000, and all
 * of our tests come from 127.0.0.1), so on its own it bounds one attacker
 * rather than stopping many. Behind a proxy (--behind-tls or a
 * --trusted-proxy) every connection has the proxy's address, so there is
 * none: the proxy limits per client.
 */
/*
 * Slots per worker: libmicrohttpd gives each worker of the pool an equal
 * share of its connection limit, and one worker may accept a whole burst
 * before the others wake (a total of 4,096 refused connections past 512
 * a worker on PostgreSQL's 8, while the server was nearly idle). So
 * each worker may hold them all, and the open file limit is what bounds
 * the total.
 */
#define SERVER_CONNECTIONS 4096
#define SERVER_PER_ADDRESS 1024
#define SERVER_IDLE        30
/*
 * A connection's memory holds its request line and header section, and
 * what does not fit libmicrohttpd answers itself (414, 431) with a page of
 * its own, without our headers. Our limits stay well below it, so that a
 * request over them is answered by us, as every other refusal is.
 */
#define SERVER_MEMORY      (32 * 1024)
#define SERVER_TARGET_MAX  8192  /* the request target, in bytes */
#define SERVER_FIELDS_MAX  100   /* header fields */
#define SERVER_FIELDS_SIZE 16384 /* their names and values, in bytes */
/* What a stream is asked for at a time: a few rows of an export. */
#define SERVER_STREAM_BLOCK (32 * 1024)
/* Connections the kernel holds for us until the accepting thread takes them. */
#define SERVER_BACKLOG 1024
/* Descriptors besides the connections: databases, epoll, pipes, stdio. */
#define SERVER_FDS_SPARE(threads) (64 + 8 * (threads))

static const char *server_db_url;
static int server_behind_tls;
static const struct proxy_trust *server_trusted;
static pthread_key_t db_key;
static __thread struct db *tls_db;
/*
 * Stopping without MHD_quiesce_daemon: on an epoll daemon with threads of
 * its own, it races a worker to take the listen socket out of the epoll
 * set, and the loser aborts the process (libmicrohttpd 0.9.75, seen in
 * CI: "Failed to remove listen FD from epoll set"). The socket is ours
 * (struct listener) and closed first; a request that comes after the
 * signal on a connection already open is answered 503 and its connection
 * closed, and the stop waits only for the requests begun before it.
 */
static atomic_int server_stopping;
static atomic_int server_in_flight; /* request lines seen, not completed */

/*
 * The listening socket is ours, and a thread of its own accepts: each of
 * libmicrohttpd's workers accepts at most ten connections a turn of its
 * loop, between the requests of the connections it holds, so that a
 * burst of new ones waited behind the old (1,000 at once: seconds, and
 * wrk's timeouts). Here they are taken as fast as they come and handed to
 * a worker (MHD_add_connection), which applies the same limits; and at a
 * stop the socket is closed first, so that new clients are refused at
 * once and the port is free for the next server.
 */
struct listener {
	int fd;
	int stop[2]; /* a pipe: a byte written asks the thread to end */
	struct MHD_Daemon *d;
	pthread_t thread;
};

/* Per-request state, created when the request line arrives. */
struct conn {
	struct request req;
	char ip[INET6_ADDRSTRLEN];
	int started;
	int too_large;
	size_t dropped; /* body bytes read past the limit */
};

static void
server_db_close(void *p)
{
	db_close(p);
}

struct db *
server_db(void)
{
	char *err = NULL;

	if (tls_db != NULL)
		return tls_db;
	tls_db = db_open(server_db_url, &err);
	if (tls_db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return NULL;
	}
	/* Closed by the thread's exit when the server stops. */
	pthread_setspecific(db_key, tls_db);
	return tls_db;
}

static void *
server_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *st = xcalloc(1, sizeof(*st));

	st->req.target = xstrdup(uri);
	atomic_fetch_add(&server_in_flight, 1);
	return st;
}

static void
server_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *st = *req_cls;

	if (st == NULL)
		return;
	free((char *)st->req.target);
	request_free(&st->req);
	free(st);
	*req_cls = NULL;
	atomic_fetch_sub(&server_in_flight, 1);
}

static enum method
server_method(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	if (strcmp(m, "PATCH") == 0)
		return METHOD_PATCH;
	return METHOD_OTHER;
}

/*
 * MHD asks a stream for its bytes as the socket takes them, on the
 * connection's thread. The size is unknown, so HTTP/1.1 sends the body
 * chunked: a stream that fails ends the connection without the last
 * chunk, and the client sees the body cut short, never a whole file.
 */
static ssize_t
server_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	long n = s->read(s->arg, buf, max);

	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM
		      : MHD_CONTENT_READER_END_WITH_ERROR;
}

/* Sent whole, cut short, or the client gone: MHD is done with it. */
static void
server_stream_free(void *cls)
{
	struct stream *s = cls;

	s->free(s->arg);
	free(s);
}

/* The response for resp's stream, which MHD then owns; NULL on failure. */
static struct MHD_Response *
server_stream(struct response *resp)
{
	struct stream *s = xmalloc(sizeof(*s));
	struct MHD_Response *r;

	*s = resp->stream;
	memset(&resp->stream, 0, sizeof(resp->stream));
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
	    SERVER_STREAM_BLOCK, server_stream_read, s, server_stream_free);
	if (r == NULL)
		server_stream_free(s);
	return r;
}

static enum MHD_Result
server_send(struct MHD_Connection *c, struct response *resp)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	size_t i, len;
	char *body;

	if (resp->stream.read != NULL)
		r = server_stream(resp);
	else if (resp->static_body != NULL)
		r = MHD_create_response_from_buffer(resp->static_len,
		    (void *)resp->static_body, MHD_RESPMEM_PERSISTENT);
	else {
		body = buf_detach(&resp->body, &len);
		r = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
	}
	if (r == NULL)
		return MHD_NO;
	if (resp->content_type != NULL)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	/*
	 * Behind TLS, a browser is to come back by TLS only, so that nobody
	 * on its way can strip it (RFC 6797). Here, not with the other
	 * security headers: every answer, the edge's refusals too, passes.
	 */
	if (server_behind_tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
		    "max-age=31536000");
	for (i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->headers[i].name,
		    resp->headers[i].value);
	rc = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	response_free(resp);
	return rc;
}

/*
 * Answer a request refused here, before the router, and close its
 * connection: what follows a request we would not read cannot be trusted
 * to start the next one (and a client refused for a busy database may as
 * well start afresh).
 */
static enum MHD_Result
server_refuse(struct MHD_Connection *c, struct conn *st, enum problem_kind kind,
    const char *msg)
{
	struct response resp = { 0 };
	struct problem p = { 0 };

	problem_set(&p, kind, msg, NULL, 0);
	/* As the router would choose, but for the lang cookie and query. */
	st->req.lang = request_language(st->req.accept_language, i18n_langs);
	if (st->req.lang == NULL)
		st->req.lang = i18n_langs[0];
	st->req.want_json = route_wants_json(&st->req);
	route_security_headers(&resp, 1);
	respond_problem(&st->req, &p, &resp);
	response_header(&resp, MHD_HTTP_HEADER_CONNECTION, "close");
	return server_send(c, &resp);
}

/* What the header fields say about a request's size and end, counted. */
struct framing {
	unsigned fields;
	size_t size;      /* names and values, in bytes */
	unsigned lengths; /* Content-Length fields */
	unsigned codings; /* Transfer-Encoding fields */
	unsigned hosts;   /* Host fields */
	int chunked;      /* the coding is "chunked" alone */
	int malformed;    /* a name not a token, or folded */
};

/* Whether s is a token (RFC 9110 5.6.2), as a field name must be. */
static int
server_token(const char *s)
{
	static const char other[] = "!#$%&'*+-.^_`|~";

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			(*s >= '0' && *s <= '9') || strchr(other, *s) != NULL))
			return 0;
	return 1;
}

/*
 * Whether a field's value was read from its name's own line. libmicrohttpd
 * 0.9.75 offers no way to refuse an obs-fold line (one starting with a
 * space or a tab), and takes one in by appending it to the previous
 * field's name, moved elsewhere in its memory: "Content-: 16" and
 * " Length" make a Content-Length that a proxy in front never saw. An
 * unfolded field's value lies where it arrived, after its name and the
 * colon (overwritten by a NUL) and spaces or tabs: a value anywhere else
 * marks a fold.
 */
static int
server_unfolded(const char *name, const char *value)
{
	const char *p = name + strlen(name) + 1;

	while ((uintptr_t)p < (uintptr_t)value && (*p == ' ' || *p == '\t'))
		p++;
	return p == value;
}

static enum MHD_Result
server_field(void *cls, enum MHD_ValueKind kind, const char *name,
    const char *value)
{
	struct framing *f = cls;

	f->fields++;
	f->size += strlen(name) + strlen(value);
	if (!server_token(name) || !server_unfolded(name, value))
		f->malformed = 1;
	else if (strcasecmp(name, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		f->lengths++;
	else if (strcasecmp(name, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->codings++;
		f->chunked = strcasecmp(value, "chunked") == 0;
	} else if (strcasecmp(name, MHD_HTTP_HEADER_HOST) == 0)
		f->hosts++;
	return MHD_YES;
}

/*
 * Whether the request's end is where any proxy in front of us would see
 * it (RFC 9112 6), and its header lines well-formed (5), checked before a
 * handler runs or a body byte is used. libmicrohttpd 0.9.75 reads the
 * first of two Content-Length fields, prefers Transfer-Encoding to a
 * Content-Length beside it, takes a chunked body over HTTP/1.0, and reads
 * a body of an unknown coding until the connection closes; the bytes past
 * where it stops would run as a request of their own (request
 * smuggling). RFC 9110 8.6 lets equal lengths be merged, but no honest
 * client sends two, and a proxy that reads them its own way is what
 * smuggling needs: any repeat is refused. HTTP/1.1 needs one Host (RFC
 * 9112 3.2); HTTP/1.0 may have none.
 */
static int
server_framed(const struct framing *f, const char *version)
{
	int http10 = strcmp(version, MHD_HTTP_VERSION_1_0) == 0;

	if (f->malformed || f->lengths > 1 || f->codings > 1 || f->hosts > 1)
		return 0;
	if (f->codings == 1 && (f->lengths == 1 || !f->chunked || http10))
		return 0;
	return f->hosts == 1 || http10;
}

static void
server_client_ip(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "-");
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)len);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)len);
}

static enum MHD_Result
server_forwarded_field(void *cls, enum MHD_ValueKind kind, const char *name,
    const char *value)
{
	struct buf *b = cls;

	if (strcasecmp(name, "X-Forwarded-For") == 0)
		buf_printf(b, "%s%s", b->len > 0 ? "," : "", value);
	return MHD_YES;
}

/*
 * The client's address into out: the peer's, or behind a trusted proxy
 * what X-Forwarded-For says (proxy.c), every such field read in order as
 * one list (RFC 9110 5.3), the header section's size already bounded.
 */
static void
server_client(struct MHD_Connection *c, char *out, size_t len)
{
	char peer[INET6_ADDRSTRLEN];
	struct buf fwd = BUF_INIT;

	server_client_ip(c, peer, sizeof(peer));
	if (server_trusted->n > 0)
		MHD_get_connection_values(c, MHD_HEADER_KIND,
		    server_forwarded_field, &fwd);
	proxy_client(server_trusted, peer, fwd.ptr, out, len);
	buf_free(&fwd);
}

/*
 * libmicrohttpd's messages, each at most once a minute. Some are one line
 * per client that closes part-way ("closed by remote side with
 * incomplete request"), which anyone can make by the thousand to flood
 * the log. Its messages are literals: the format's address tells one from
 * another.
 */
#define SERVER_LOG_KINDS 32
#define SERVER_LOG_EVERY 60 /* seconds */

static struct {
	const char *fmt;
	time_t last;
	unsigned long quiet; /* not written since last */
} server_logged[SERVER_LOG_KINDS];
static pthread_mutex_t server_log_lock = PTHREAD_MUTEX_INITIALIZER;

static void
server_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	time_t now = time(NULL);
	unsigned long quiet = 0;
	size_t i, len;

	pthread_mutex_lock(&server_log_lock);
	/* Past the table's end every other kind shares its last slot. */
	for (i = 0; i < SERVER_LOG_KINDS - 1 && server_logged[i].fmt != NULL &&
	     server_logged[i].fmt != fmt;
	     i++)
		continue;
	if (server_logged[i].fmt == fmt &&
	    now - server_logged[i].last < SERVER_LOG_EVERY) {
		server_logged[i].quiet++;
		pthread_mutex_unlock(&server_log_lock);
		return;
	}
	if (server_logged[i].fmt == fmt)
		quiet = server_logged[i].quiet;
	server_logged[i].fmt = fmt;
	server_logged[i].last = now;
	server_logged[i].quiet = 0;
	pthread_mutex_unlock(&server_log_lock);
	vsnprintf(line, sizeof(line), fmt, ap);
	len = strcspn(line, "\n");
	if (quiet > 0)
		fprintf(stderr,
		    "%.*s (and %lu more since it was last "
		    "written)\n",
		    (int)len, line, quiet);
	else
		fprintf(stderr, "%.*s\n", (int)len, line);
}

static const char *
server_header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/*
 * The request's first call, its header section in and no body byte used:
 * what must not reach the router is refused here.
 */
static enum MHD_Result
server_begin(struct MHD_Connection *c, struct conn *st, const char *method,
    const char *version)
{
	struct framing f = { 0 };
	const char *cl;
	int64_t clen;

	st->started = 1;
	st->req.method = server_method(method);
	st->req.accept = server_header(c, "Accept");
	st->req.content_type = server_header(c, "Content-Type");
	st->req.cookie = server_header(c, "Cookie");
	st->req.accept_language = server_header(c, "Accept-Language");
	st->req.authorization = server_header(c, "Authorization");
	st->req.csrf_header = server_header(c, "X-CSRF-Token");
	st->req.host = server_header(c, "Host");
	MHD_get_connection_values(c, MHD_HEADER_KIND, server_field, &f);
	if (atomic_load(&server_stopping))
		return server_refuse(c, st, PROBLEM_UNAVAILABLE, "err_busy");
	if (strlen(st->req.target) > SERVER_TARGET_MAX)
		return server_refuse(c, st, PROBLEM_URI_TOO_LONG,
		    "err_too_large");
	if (f.fields > SERVER_FIELDS_MAX || f.size > SERVER_FIELDS_SIZE)
		return server_refuse(c, st, PROBLEM_FIELDS_TOO_LARGE,
		    "err_too_large");
	if (!server_framed(&f, version))
		return server_refuse(c, st, PROBLEM_BAD_REQUEST,
		    "err_malformed_request");
	cl = server_header(c, "Content-Length");
	if (cl != NULL &&
	    (num_parse_int(cl, strlen(cl), 0, INT64_MAX, &clen) == -1 ||
		clen > REQUEST_BODY_MAX))
		return server_refuse(c, st, PROBLEM_TOO_LARGE, "err_too_large");
	return MHD_YES;
}

static enum MHD_Result
server_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct conn *st = *req_cls;
	struct response resp = { 0 };
	enum MHD_Result rc;

	if (!st->started)
		return server_begin(c, st, method, version);
	if (*upload_size > 0) {
		if (st->too_large ||
		    st->req.body.len + *upload_size > REQUEST_BODY_MAX) {
			/*
			 * Over the limit with no Content-Length to refuse up
			 * front (a chunked body). MHD cannot answer while a
			 * body is arriving, only after it: what is a little
			 * over is read and dropped, and answered 413 at its
			 * end; past twice the limit the connection is cut,
			 * so that nobody can keep us reading for ever.
			 */
			if (!st->too_large)
				buf_free(&st->req.body);
			st->too_large = 1;
			st->dropped += *upload_size;
			*upload_size = 0;
			return st->dropped > REQUEST_BODY_MAX ? MHD_NO
							      : MHD_YES;
		}
		buf_add(&st->req.body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->too_large)
		return server_refuse(c, st, PROBLEM_TOO_LARGE, "err_too_large");
	st->req.secure = server_behind_tls;
	server_client(c, st->ip, sizeof(st->ip));
	st->req.ip = st->ip;
	st->req.db = server_db();
	if (st->req.db == NULL)
		return server_refuse(c, st, PROBLEM_UNAVAILABLE, "err_busy");
	/*
	 * The request's values are cut from the thread's arena and dropped
	 * with it, its own (the query, the body as read) before: MHD may
	 * serve other connections on this thread before it says this one
	 * is complete.
	 */
	arena_begin();
	route_dispatch(&st->req, &resp);
	rc = server_send(c, &resp);
	request_free(&st->req);
	arena_end();
	return rc;
}

static int
server_address(const char *listen, struct sockaddr_storage *ss,
    socklen_t *sslen)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	int64_t port;
	size_t hlen;

	if (colon == NULL ||
	    num_parse_int(colon + 1, strlen(colon + 1), 0, 65535, &port) == -1)
		return -1;
	hlen = (size_t)(colon - listen);
	if (hlen >= sizeof(host))
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (hlen > 2 && host[0] == '[' && host[hlen - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		host[hlen - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*s6);
		return 0;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, hlen ? host : "0.0.0.0",
			&s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sslen = sizeof(*s4);
		return 0;
	}
}

int
server_is_loopback(const char *listen)
{
	return strncmp(listen, "127.", 4) == 0 ||
	    strncmp(listen, "[::1]:", 6) == 0 ||
	    strncmp(listen, "localhost:", 10) == 0;
}

/*
 * Wait for the requests in flight, at most a few seconds; idle kept-alive
 * connections are not waited for (MHD_stop_daemon closes them).
 */
static void
server_drain(void)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 500 && atomic_load(&server_in_flight) > 0; i++)
		nanosleep(&pause, NULL);
}

/* What SIGUSR1 asks for: how often the response cache answered. */
static void
server_report(void)
{
	uint64_t lookups, hits;

	cache_counts(&lookups, &hits);
	printf("solidarity: response cache: %llu hits of %llu lookups\n",
	    (unsigned long long)hits, (unsigned long long)lookups);
	fflush(stdout);
}

/*
 * Wait for SIGINT or SIGTERM (SIGUSR1: a report), running the daily chores at
 * start and then once a day meanwhile, and the sweep every
 * SERVER_SWEEP_SECONDS, from this thread, each with a connection of its own.
 */
static int
server_wait(const struct server_opts *o, const sigset_t *set)
{
	struct timespec tick = { SERVER_SWEEP_SECONDS, 0 };
	time_t last = 0, swept = time(NULL);
	int sig;

	for (;;) {
		if (o->daily != NULL && time(NULL) - last >= 24 * 3600) {
			last = time(NULL);
			o->daily(o->db_url);
		}
		if (o->sweep != NULL &&
		    time(NULL) - swept >= SERVER_SWEEP_SECONDS) {
			swept = time(NULL);
			o->sweep(o->db_url);
		}
		sig = sigtimedwait(set, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM)
			return sig;
		if (sig == SIGUSR1)
			server_report();
	}
}

/*
 * The connections the open file limit allows, raising the soft limit
 * towards want first when it is lower (it often is 1024), and saying so.
 */
static unsigned
server_fd_budget(unsigned want, unsigned threads)
{
	rlim_t spare = SERVER_FDS_SPARE(threads), need = want + spare;
	struct rlimit rl;
	rlim_t was;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= need)
		return want;
	was = rl.rlim_cur;
	rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		rl.rlim_cur = was;
	if (rl.rlim_cur > was)
		fprintf(stderr,
		    "solidarity: raised the open file limit from "
		    "%llu to %llu for %u connections\n",
		    (unsigned long long)was, (unsigned long long)rl.rlim_cur,
		    want);
	if (rl.rlim_cur >= need)
		return want;
	want = rl.rlim_cur > 2 * spare ? (unsigned)(rl.rlim_cur - spare)
				       : (unsigned)(rl.rlim_cur / 2);
	fprintf(stderr,
	    "solidarity: the open file limit (%llu) allows only "
	    "%u connections at once; raise it (ulimit -n) for more\n",
	    (unsigned long long)rl.rlim_cur, want);
	return want;
}

/* A socket listening on ss, non-blocking; -1 with errno. */
static int
server_listen(const struct sockaddr_storage *ss, socklen_t sslen)
{
	int fd = socket(ss->ss_family,
		SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
	    on = 1, err;

	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (const struct sockaddr *)ss, sslen) == -1 ||
	    listen(fd, SERVER_BACKLOG) == -1) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/*
 * Accept until asked to stop. Out of descriptors or memory, wait a
 * little: the connection stays in the kernel's queue, and trying again
 * at once would only spin.
 */
static void *
server_accept(void *arg)
{
	struct listener *l = arg;
	struct pollfd p[2] = { { l->fd, POLLIN, 0 },
		{ l->stop[0], POLLIN, 0 } };
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	for (;;) {
		if (poll(p, 2, -1) == -1) {
			if (errno != EINTR)
				nanosleep(&pause, NULL);
			continue;
		}
		if (p[1].revents != 0)
			break;
		for (;;) {
			len = sizeof(ss);
			fd = accept4(l->fd, (struct sockaddr *)&ss, &len,
			    SOCK_CLOEXEC | SOCK_NONBLOCK);
			if (fd == -1)
				break;
			/* It closes fd itself when it cannot take it. */
			MHD_add_connection(l->d, fd, (struct sockaddr *)&ss,
			    len);
		}
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			nanosleep(&pause, NULL);
	}
	return NULL;
}

/* Stop accepting and close the socket: a client now is refused. */
static void
server_unlisten(struct listener *l)
{
	if (write(l->stop[1], "", 1) == 1)
		pthread_join(l->thread, NULL);
	close(l->stop[0]);
	close(l->stop[1]);
	close(l->fd);
}

int
server_run(const struct server_opts *o)
{
	struct sockaddr_storage ss, bound;
	socklen_t sslen, blen = sizeof(bound);
	struct listener l;
	sigset_t set;
	unsigned conns;
	int sig;

	if (server_address(o->listen, &ss, &sslen) == -1) {
		fprintf(stderr,
		    "solidarity: cannot use listen address %s: "
		    "want HOST:PORT\n",
		    o->listen);
		return -1;
	}
	server_db_url = o->db_url;
	server_behind_tls = o->behind_tls;
	server_trusted = &o->trusted;
	pthread_key_create(&db_key, server_db_close);
	/* Block the signals here so only sigwait below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	conns = server_fd_budget(SERVER_CONNECTIONS * o->threads, o->threads);

	l.fd = server_listen(&ss, sslen);
	if (l.fd == -1) {
		fprintf(stderr, "solidarity: cannot listen on %s: %s\n",
		    o->listen, strerror(errno));
		return -1;
	}
	l.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
		MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET,
	    0, NULL, NULL, server_access, NULL,
	    /* First, or what comes before it is written unlimited. */
	    MHD_OPTION_EXTERNAL_LOGGER, server_log, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, o->threads,
	    MHD_OPTION_URI_LOG_CALLBACK, server_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_IDLE,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT, conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    o->behind_tls || o->trusted.n > 0 ? 0u
					      : (unsigned)SERVER_PER_ADDRESS,
	    MHD_OPTION_END);
	if (l.d == NULL || pipe2(l.stop, O_CLOEXEC) == -1 ||
	    pthread_create(&l.thread, NULL, server_accept, &l) != 0) {
		fprintf(stderr, "solidarity: cannot serve on %s: %s\n",
		    o->listen, strerror(errno));
		close(l.fd);
		if (l.d != NULL)
			MHD_stop_daemon(l.d);
		return -1;
	}
	/* Without it, the commits copy the log back themselves. */
	db_checkpoints_start(o->db_url);
	if (getsockname(l.fd, (struct sockaddr *)&bound, &blen) == -1)
		memset(&bound, 0, sizeof(bound));
	{
		char host[64];
		const char *colon = strrchr(o->listen, ':');
		size_t hlen = (size_t)(colon - o->listen);

		if (hlen >= sizeof(host))
			hlen = sizeof(host) - 1;
		memcpy(host, o->listen, hlen);
		host[hlen] = '\0';
		printf("solidarity: listening on http://%s:%u/\n",
		    hlen ? host : "0.0.0.0",
		    ntohs(bound.ss_family == AF_INET6
			    ? ((struct sockaddr_in6 *)&bound)->sin6_port
			    : ((struct sockaddr_in *)&bound)->sin_port));
		fflush(stdout);
	}
	sig = server_wait(o, &set);
	printf("solidarity: %s, finishing requests in flight\n",
	    sig == SIGINT ? "interrupted" : "terminated");
	fflush(stdout);
	atomic_store(&server_stopping, 1);
	server_unlisten(&l);
	server_drain();
	MHD_stop_daemon(l.d);
	db_checkpoints_stop();
	pthread_key_delete(db_key);
	return 0;
}
