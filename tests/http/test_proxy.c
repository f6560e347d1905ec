/*
 * Behind a reverse proxy, over a real socket: the client's address comes
 * from X-Forwarded-For only when a trusted proxy sent it, read from the
 * right; the sign-in limit and the audit trail use that address; odd
 * values of the header fall back to the proxy's address; and every answer
 * behind TLS carries Strict-Transport-Security.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "util/buf.h"

static struct server S;

/* Any form token of 32 characters or more that cookie and field share. */
#define CSRF	"proxyproxyproxyproxyproxyproxy42"

static char answer[8192];	/* the start of the last raw answer */
static int anonymous;		/* raw sends no Authorization */

/*
 * One request on a connection of its own, with the header lines fields
 * ("Name: value\r\n" each, or "") added: the answer's status, its start
 * in answer.
 */
static long
raw(const char *method, const char *path, const char *fields,
    const char *body)
{
	struct buf req = BUF_INIT;
	struct timeval tv = { 10, 0 };
	size_t have = 0;
	ssize_t n;
	char scrap[4096];
	int fd = server_dial(&S);

	answer[0] = '\0';
	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\nAccept: text/html\r\n", method, path);
	if (!anonymous)
		buf_printf(&req, "Authorization: Bearer %s\r\n", S.token);
	buf_adds(&req, fields);
	if (body != NULL)
		buf_printf(&req, "Cookie: csrf=" CSRF "\r\nContent-Type: "
		    "application/x-www-form-urlencoded\r\nContent-Length: %zu"
		    "\r\n\r\n%s", strlen(body), body);
	else
		buf_adds(&req, "\r\n");
	if (send(fd, req.ptr, req.len, MSG_NOSIGNAL) == (ssize_t)req.len)
		for (;;) {
			if (have + 1 < sizeof(answer))
				n = recv(fd, answer + have,
				    sizeof(answer) - have - 1, 0);
			else
				n = recv(fd, scrap, sizeof(scrap), 0);
			if (n <= 0)
				break;
			if (have + 1 < sizeof(answer))
				have += (size_t)n;
		}
	answer[have] = '\0';
	close(fd);
	buf_free(&req);
	return strncmp(answer, "HTTP/1.1 ", 9) == 0 ? strtol(answer + 9, NULL,
	    10) : -1;
}

/* A sign-in by form, anonymous, from the address forwarded names. */
static long
sign_in(const char *forwarded, const char *user, const char *pw)
{
	char fields[256], body[256];
	long st;

	snprintf(fields, sizeof(fields), "X-Forwarded-For: %s\r\n", forwarded);
	snprintf(body, sizeof(body), "user=%s&password=%s&_csrf=" CSRF, user,
	    pw);
	anonymous = 1;
	st = raw("POST", "/login", fields, body);
	anonymous = 0;
	return st;
}

static char admin_pw[128];

/* The one-time password that user password prints. */
static void
reset_password(char *out, size_t len)
{
	char line[256];
	const char *p;

	server_cli(&S, (const char *[]){ "user", "password", "admin", NULL },
	    line, sizeof(line));
	p = strrchr(line, ' ');
	snprintf(out, len, "%.100s", p ? p + 1 : line);
}

/* Make a zone with the header lines fields: the audit's address for it. */
static char *
audited(const char *fields)
{
	static int zones;
	char body[64], sql[128];

	snprintf(body, sizeof(body), "name=Zone%d", ++zones);
	if (raw("POST", "/zones", fields, body) != 303)
		return NULL;
	snprintf(sql, sizeof(sql), "SELECT ip FROM audit WHERE action = "
	    "'zone.create' ORDER BY id DESC LIMIT 1");
	return db_text(&S, sql);
}

static void
check_audited(const char *fields, const char *want, const char *what)
{
	char *ip = audited(fields);

	is_str(ip, want, "%s", what);
	free(ip);
}

/* Ten failed sign-ins from one forwarded address lock out that one only. */
static void
test_limit(void)
{
	char user[32];
	long st = 0;
	int i;

	db_write(&S, "DELETE FROM rate_limit");
	/* Each with a name of its own: only the address is limited. */
	for (i = 0; i < 10; i++) {
		snprintf(user, sizeof(user), "nobody%d", i);
		st = sign_in("203.0.113.7", user, "wrong-password");
		if (st != 422)
			break;
	}
	is_int(st, 422, "ten failed sign-ins from one forwarded address");
	is_int(sign_in("203.0.113.7", "nobody10", "wrong-password"), 429,
	    "the eleventh from it is refused");
	is_int(sign_in("198.51.100.9", "admin", admin_pw), 303,
	    "another forwarded address signs in all the same");
	is_int(sign_in("192.0.2.1, 203.0.113.7", "nobody11", "x"), 429,
	    "what the client wrote left of its address changes nothing");
}

/* An X-Forwarded-For field into b: head, n times item, tail. */
static void
repeat(struct buf *b, const char *head, const char *item, int n,
    const char *tail)
{
	buf_reset(b);
	buf_printf(b, "X-Forwarded-For: %s", head);
	while (n-- > 0)
		buf_adds(b, item);
	buf_printf(b, "%s\r\n", tail);
}

static void
test_audit(void)
{
	struct buf many = BUF_INIT;

	check_audited("X-Forwarded-For: 203.0.113.50\r\n", "203.0.113.50",
	    "the audit entry has the forwarded address");
	check_audited("X-Forwarded-For: 192.0.2.66, 203.0.113.51\r\n",
	    "203.0.113.51", "the right-most entry, not the client's claim");
	check_audited("X-Forwarded-For: 203.0.113.52, 127.0.0.1\r\n",
	    "203.0.113.52", "a trusted proxy's entry is walked past");
	check_audited("X-Forwarded-For: 192.0.2.67\r\n"
	    "X-Forwarded-For: 203.0.113.53\r\n", "203.0.113.53",
	    "two fields are one list, read in order");
	check_audited("X-Forwarded-For: 2001:DB8:0::1\r\n", "2001:db8::1",
	    "an IPv6 address, in one spelling");
	check_audited("X-Forwarded-For: ::ffff:203.0.113.54\r\n",
	    "203.0.113.54", "an IPv4 one mapped into IPv6 as IPv4");
	check_audited("X-Forwarded-For: 127.0.0.1\r\n", "127.0.0.1",
	    "only trusted proxies: the left-most of them");
	/* Malformed: the proxy's own address, never the text sent. */
	check_audited("X-Forwarded-For: garbage\r\n", "127.0.0.1",
	    "garbage is not an address: the proxy's");
	check_audited("X-Forwarded-For: 203.0.113.55, <script>\r\n",
	    "127.0.0.1", "nor garbage on the right of an address");
	check_audited("X-Forwarded-For:\r\n", "127.0.0.1", "nor an empty value");
	check_audited("X-Forwarded-For: 203.0.113.56,\r\n", "127.0.0.1",
	    "nor an empty last entry");
	check_audited("X-Forwarded-For: [2001:db8::2]:443\r\n", "127.0.0.1",
	    "nor an address with a port");
	check_audited("X-Forwarded-For: 203.0.113.57 203.0.113.58\r\n",
	    "127.0.0.1", "nor two addresses without a comma");
	repeat(&many, "203.0.113.59", ", 127.0.0.1", 1000, "");
	check_audited(many.ptr, "127.0.0.1",
	    "a thousand trusted hops: read 32 of them, no further");
	repeat(&many, "", "192.0.2.9, ", 1000, "203.0.113.60");
	check_audited(many.ptr, "203.0.113.60",
	    "a thousand entries: the right-most");
	repeat(&many, "203.0.113.61", "0000000000", 200, "");
	check_audited(many.ptr, "127.0.0.1", "an entry far too long");
	repeat(&many, "", "192.0.2.9, ", 3000, "");
	is_int(raw("POST", "/zones", many.ptr, "name=Big"), 431,
	    "a header past the fields' size is refused, as any would be");
	buf_free(&many);
}

/* Every answer behind TLS carries HSTS: pages, files, errors, refusals. */
static void
test_hsts(int want)
{
	static const char *const paths[] = {
		"/zones", "/static/style.css", "/nowhere", "/%zz", NULL
	};
	const char *h;
	int i;

	for (i = 0; paths[i] != NULL; i++) {
		raw("GET", paths[i], "", NULL);
		h = strstr(answer, "\r\nStrict-Transport-Security: "
		    "max-age=31536000\r\n");
		if (want)
			ok(h != NULL, "GET %s: HSTS behind TLS", paths[i]);
		else
			ok(h == NULL && strstr(answer, "Strict-Transport") ==
			    NULL, "GET %s: no HSTS without TLS", paths[i]);
	}
	raw("GET", "/zones", "Transfer-Encoding: xchunked\r\n", NULL);
	ok((strstr(answer, "Strict-Transport-Security") != NULL) == want,
	    "and on a refusal at the edge");
}

/* A peer that is not a trusted proxy: its X-Forwarded-For is ignored. */
static void
test_untrusted(void)
{
	char user[32], from[32];
	int i;
	long st = 0;

	check_audited("X-Forwarded-For: 203.0.113.70\r\n", "127.0.0.1",
	    "an untrusted peer's X-Forwarded-For is not believed");
	db_write(&S, "DELETE FROM rate_limit");
	for (i = 0; i < 11; i++) {
		snprintf(user, sizeof(user), "nobody%d", i);
		snprintf(from, sizeof(from), "203.0.113.%d", 80 + i);
		st = sign_in(from, user, "wrong-password");
	}
	is_int(st, 429, "naming itself anew each time, it is limited still");
}

int
main(void)
{
	static const char *const behind[] = { "--behind-tls", NULL };
	static const char *const elsewhere[] = { "--behind-tls",
	    "--trusted-proxy", "192.0.2.200", "--trusted-proxy", "::1",
	    NULL };

	server_args = behind;
	server_start(&S);
	reset_password(admin_pw, sizeof(admin_pw));
	test_limit();
	test_audit();
	test_hsts(1);
	server_args = elsewhere;
	is_int(server_restart(&S), 0, "the server restarts cleanly");
	test_untrusted();
	test_hsts(1);
	server_args = NULL;
	is_int(server_restart(&S), 0, "and again, without a proxy");
	check_audited("X-Forwarded-For: 203.0.113.90\r\n", "127.0.0.1",
	    "without a proxy X-Forwarded-For is ignored");
	test_hsts(0);
	is_int(server_stop(&S), 0, "the server exits cleanly");
	return tap_done();
}
