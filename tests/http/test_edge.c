/*
 * The HTTP edge over raw sockets. A request whose framing a proxy in front
 * of us could read differently (two Content-Length fields, which a request
 * smuggled in the body relies on, Transfer-Encoding beside it, a coding
 * other than chunked) or whose header lines are malformed (no Host, a
 * space before a colon, obs-fold) is answered 400 and its connection
 * closed before any handler runs or any body byte is used: the smuggled
 * request never runs. Every answer raised at the edge, ours or
 * libmicrohttpd's limits turned into ours, carries the security headers
 * and the JSON error shape when JSON was asked for.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "util/buf.h"

/* How long to wait for the server to close: far below its idle timeout. */
#define EDGE_WAIT_MS	3000

static struct server S;

/* What came back on one connection. */
struct exchange {
	char	 out[65536];	/* the first bytes of the answers, NUL-ended */
	int	 answers;	/* status lines among them */
	int	 status;	/* the first answer's status, or 0 */
	int	 closed;	/* the server closed within EDGE_WAIT_MS */
};

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Send req on a new connection, then read until the server closes it or
 * EDGE_WAIT_MS pass: a server waiting for more (until its idle timeout)
 * counts as not closed.
 */
static void
exchange(const char *req, size_t len, struct exchange *x)
{
	struct timespec t0;
	size_t have = 0;
	ssize_t n;
	char scrap[4096];
	int fd = server_dial(&S);
	const char *p;

	memset(x, 0, sizeof(*x));
	if (fd == -1 || send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		if (fd != -1)
			close(fd);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		long left = EDGE_WAIT_MS - elapsed_ms(&t0);

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		if (have + 1 < sizeof(x->out))
			n = recv(fd, x->out + have, sizeof(x->out) - have - 1,
			    0);
		else
			n = recv(fd, scrap, sizeof(scrap), 0);
		if (n == 0 || (n == -1 && errno == ECONNRESET)) {
			x->closed = 1;
			break;
		}
		if (n > 0 && have + 1 < sizeof(x->out))
			have += (size_t)n;
	}
	close(fd);
	x->out[have] = '\0';
	/* Every answer starts a line; a JSON or HTML body ends with one. */
	for (p = x->out; (p = strstr(p, "HTTP/1.1 ")) != NULL; p++)
		if (p == x->out || p[-1] == '\n')
			x->answers++;
	if (strncmp(x->out, "HTTP/1.1 ", 9) == 0)
		x->status = atoi(x->out + 9);
}

/*
 * The zones and audit entries written so far: what a request changed.
 * Not the daily purge, which the server runs beside us as it starts.
 */
static long
writes(void)
{
	return db_count(&S, "zone") + db_scalar(&S, "SELECT count(*) FROM "
	    "audit WHERE action <> 'purge'");
}

/*
 * POST /zones as the admin over version, with the extra header lines
 * fields and the body body (one zone, "Outer"), and pipelined behind it
 * in the same bytes a second zone and a read of the audit trail, each
 * with the admin's token: one 400, the connection closed, nothing run.
 */
static void
refused(const char *what, const char *version, const char *fields,
    const char *body)
{
	static int n;
	struct buf b = BUF_INIT;
	struct exchange x;
	char zone[64];
	long before = writes();

	buf_printf(&b, "POST /zones %s\r\n%sAuthorization: Bearer %s\r\n"
	    "Accept: application/json\r\nContent-Type: application/json\r\n"
	    "\r\n%s", version, fields, S.token, body);
	/* Named anew each time: a zone's name is unique. */
	snprintf(zone, sizeof(zone), "{\"name\":\"Smuggled %d\"}", ++n);
	buf_printf(&b, "POST /zones HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\n\r\n%s", S.token, strlen(zone), zone);
	buf_printf(&b, "GET /admin/audit HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Authorization: Bearer %s\r\nAccept: application/json\r\n\r\n",
	    S.token);
	exchange(b.ptr, b.len, &x);
	buf_free(&b);
	ok(x.status == 400 && x.answers == 1 && x.closed, "%s: one answer, "
	    "400, and the connection closed (%d answers, first %d, %s)", what,
	    x.answers, x.status, x.closed ? "closed" : "left open");
	is_int(writes() - before, 0, "%s: neither the request nor the one "
	    "in its body ran", what);
}

/*
 * RFC 9112 6.3: differing lengths are an unrecoverable error. Equal ones
 * may be merged, but no honest client sends two, and a proxy that reads
 * either its own way is what smuggling needs: any repeat is refused.
 */
static void
test_content_length(void)
{
	refused("two different Content-Length", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nContent-Length: 16\r\nContent-Length: 300\r\n",
	    "{\"name\":\"Outer\"}");
	refused("Content-Length twice, equal", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nContent-Length: 16\r\nContent-Length: 16\r\n",
	    "{\"name\":\"Outer\"}");
	refused("Content-Length twice, differently spelt", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nContent-Length: 16\r\ncontent-length: 16\r\n",
	    "{\"name\":\"Outer\"}");
}

/*
 * RFC 9112 6.1: Transfer-Encoding beside Content-Length, or over HTTP/1.0,
 * is faulty framing; a coding other than one "chunked" would be read by
 * libmicrohttpd until the connection closes, a hang until the idle
 * timeout where a 400 is due.
 */
static void
test_transfer_encoding(void)
{
	static const char chunked[] = "10\r\n{\"name\":\"Outer\"}\r\n0\r\n\r\n";

	refused("Transfer-Encoding with Content-Length", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 27\r\n", chunked);
	refused("Content-Length with Transfer-Encoding", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nContent-Length: 27\r\n"
	    "Transfer-Encoding: chunked\r\n", chunked);
	refused("a chunked body over HTTP/1.0", "HTTP/1.0",
	    "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n", chunked);
	refused("an unknown coding (xchunked)", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n", chunked);
	refused("two codings (chunked, identity)", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n",
	    chunked);
	refused("Transfer-Encoding twice", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
	    "Transfer-Encoding: chunked\r\n", chunked);
}

/*
 * RFC 9112 3.2, 5.1 and 5.2: HTTP/1.1 needs one Host; no space before a
 * field's colon; no obs-fold line (one starting with a space or a tab),
 * which libmicrohttpd 0.9.75 appends to the previous field's name, so
 * that "Content-: 16" folded with " Length" is a Content-Length that a
 * proxy in front never saw.
 */
static void
test_field_lines(void)
{
	static const char outer[] = "{\"name\":\"Outer\"}";

	refused("HTTP/1.1 without Host", "HTTP/1.1",
	    "Content-Length: 16\r\n", outer);
	refused("Host twice", "HTTP/1.1", "Host: 127.0.0.1\r\n"
	    "Host: example.org\r\nContent-Length: 16\r\n", outer);
	refused("a space before a colon", "HTTP/1.1", "Host: 127.0.0.1\r\n"
	    "Content-Length : 16\r\n", outer);
	refused("a tab before a colon", "HTTP/1.1", "Host: 127.0.0.1\r\n"
	    "Content-Length\t: 16\r\n", outer);
	refused("an obs-fold line", "HTTP/1.1", "Host: 127.0.0.1\r\n"
	    "X-Note: a\r\n b\r\nContent-Length: 16\r\n", outer);
	refused("an obs-fold line that makes a Content-Length", "HTTP/1.1",
	    "Host: 127.0.0.1\r\nContent-: 16\r\n Length\r\n", outer);
	refused("a tab-led obs-fold line", "HTTP/1.1", "Host: 127.0.0.1\r\n"
	    "X-Note: a\r\n\tb\r\nContent-Length: 16\r\n", outer);
}

/* The value of header name in the first answer, or "" (static buffer). */
static const char *
answer_header(const struct exchange *x, const char *name)
{
	static char v[256];
	const char *end = strstr(x->out, "\r\n\r\n"), *p = x->out;
	size_t n = strlen(name);

	v[0] = '\0';
	while ((p = strstr(p, "\r\n")) != NULL && p < end) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			snprintf(v, sizeof(v), "%.*s", (int)strcspn(p + n + 2,
			    "\r"), p + n + 2);
			break;
		}
	}
	return v;
}

/* The error code of the first answer's JSON body, or "" (static). */
static const char *
answer_code(const struct exchange *x)
{
	static char code[64];
	const char *body = strstr(x->out, "\r\n\r\n");
	json_t *j = body ? json_loads(body + 4, JSON_DISABLE_EOF_CHECK,
	    NULL) : NULL;
	const char *c = json_string_value(json_object_get(json_object_get(j,
	    "error"), "code"));

	snprintf(code, sizeof(code), "%s", c ? c : "");
	json_decref(j);
	return code;
}

/*
 * Send a request refused at the edge, asking for accept, and check that
 * its one answer is status, closed, with the security headers, and the
 * JSON error code when JSON was asked for, else the error page.
 */
static void
edge_answer(const char *what, const char *req, size_t len,
    const char *accept, int status, const char *code)
{
	struct exchange x;
	int json = strcmp(accept, "application/json") == 0;

	exchange(req, len, &x);
	ok(x.status == status && x.answers == 1 && x.closed, "%s, %s: one "
	    "%d, closed (%d answers, first %d, %s)", what, accept, status,
	    x.answers, x.status, x.closed ? "closed" : "left open");
	ok(strstr(answer_header(&x, "Content-Security-Policy"),
	    "default-src 'none'") != NULL && strcmp(answer_header(&x,
	    "X-Content-Type-Options"), "nosniff") == 0, "%s, %s: with the "
	    "security headers", what, accept);
	if (json)
		is_str(answer_code(&x), code, "%s: the JSON error shape", what);
	else
		ok(strncmp(answer_header(&x, "Content-Type"), "text/html", 9) ==
		    0 && strstr(x.out, "<html") != NULL, "%s: the error page",
		    what);
}

/*
 * A request of head, then fill n times, then tail with the Accept value
 * in its %s.
 */
struct edge_case {
	const char	*what;
	const char	*head;
	const char	*fill;
	size_t		 n;
	const char	*tail;
	int		 status;
	const char	*code;		/* the JSON error's */
};

static void
edge_request(struct buf *b, const struct edge_case *e, const char *accept)
{
	size_t i;

	buf_reset(b);
	buf_adds(b, e->head);
	for (i = 0; i < e->n; i++)
		buf_adds(b, e->fill);
	buf_printf(b, e->tail, accept);
}

/*
 * Every answer raised at the edge carries the security headers, and the
 * JSON error shape when JSON was asked for, else the error page: not
 * only the router's. libmicrohttpd answers with a page of its own what
 * does not fit in a connection's memory, so the limits of the request
 * line and the header section are ours below it: 414 and 431.
 */
static void
test_edge_answers(void)
{
	static const char *const accepts[] = { "application/json",
	    "text/html" };
	static const struct edge_case cases[] = {
		{ "two Content-Length", "POST /zones HTTP/1.1\r\nHost: "
		    "127.0.0.1\r\n", "Content-Length: 16\r\n", 2,
		    "Accept: %s\r\n\r\n{\"name\":\"Outer\"}", 400,
		    "bad_request" },
		{ "a body over 1 MiB", "POST /zones HTTP/1.1\r\nHost: "
		    "127.0.0.1\r\n", "Content-Length: 2000000\r\n", 1,
		    "Accept: %s\r\n\r\n", 413, "too_large" },
		{ "a 10 kB request target", "GET /zones?q=", "a", 10000,
		    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: %s\r\n\r\n", 414,
		    "uri_too_long" },
		{ "a 20 kB header field", "GET /zones HTTP/1.1\r\nHost: "
		    "127.0.0.1\r\nX-Big: ", "a", 20000,
		    "\r\nAccept: %s\r\n\r\n", 431, "headers_too_large" },
		{ "150 header fields", "GET /zones HTTP/1.1\r\nHost: "
		    "127.0.0.1\r\n", "X-Field: a\r\n", 150,
		    "Accept: %s\r\n\r\n", 431, "headers_too_large" },
	};
	struct buf b = BUF_INIT;
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			edge_request(&b, &cases[i], accepts[k]);
			edge_answer(cases[i].what, b.ptr, b.len, accepts[k],
			    cases[i].status, cases[i].code);
		}
	buf_free(&b);
}

/*
 * What does not fit in a connection's 32 KiB is still answered by
 * libmicrohttpd itself (docs/architecture.md), but answered and closed,
 * never left waiting.
 */
static void
test_beyond_memory(void)
{
	static const struct edge_case target = { "a 40 kB request target",
	    "GET /zones?q=", "a", 40000, " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Accept: %s\r\n\r\n", 414, NULL };
	struct buf b = BUF_INIT;
	struct exchange x;

	edge_request(&b, &target, "application/json");
	exchange(b.ptr, b.len, &x);
	buf_free(&b);
	ok(x.status == 414 && x.answers == 1 && x.closed, "%s: "
	    "libmicrohttpd's own 414, closed (%d, %s)", target.what, x.status,
	    x.closed ? "closed" : "left open");
}

/* A well-framed request on a fresh connection is served as before. */
static void
test_served(void)
{
	static const char req[] = "GET /zones HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Accept: application/json\r\nConnection: close\r\n\r\n";
	struct exchange x;

	exchange(req, sizeof(req) - 1, &x);
	ok(x.answers == 1 && x.status == 401 && x.closed, "a plain request "
	    "is answered as before (%d, %d answers)", x.status, x.answers);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	server_start(&S);
	test_content_length();
	test_transfer_encoding();
	test_field_lines();
	test_edge_answers();
	test_beyond_memory();
	test_served();
	is_int(server_stop(&S), 0, "the server exits cleanly");
	return tap_done();
}
