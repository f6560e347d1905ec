/*
 * Abuse over real sockets: 500 connections that send a request a byte at
 * a time or nothing at all do not keep others from being served within a
 * second, and a 100 MB chunked body (no Content-Length to refuse up front)
 * is cut off at the 1 MiB limit while the server's memory stays put. And
 * a stop: what was begun before SIGTERM is finished, what comes after is
 * refused, and a connection left open does not hold the stop up.
 */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"
#include "util/buf.h"

#define SLOW_CONNS	500
#define FAST_REQUESTS	40

static struct server S;
static int slow[SLOW_CONNS];
static atomic_int trickling;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * The odd connections send a request line and then one more byte of a
 * header every 100 ms, never finishing; the even ones send nothing.
 */
static void *
trickle(void *arg)
{
	static const char header[] = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	size_t at = 0;
	int i;

	while (atomic_load(&trickling)) {
		for (i = 1; i < SLOW_CONNS; i += 2)
			if (slow[i] != -1 &&
			    send(slow[i], header + at, 1, MSG_NOSIGNAL) != 1) {
				close(slow[i]);
				slow[i] = -1;
			}
		at = (at + 1) % (sizeof(header) - 1);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

static void
test_slowloris(void)
{
	static const char line[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
	pthread_t t;
	struct reply r;
	double t0, worst = 0, total = 0;
	int i, opened = 0, served = 0, open_after = 0;

	for (i = 0; i < SLOW_CONNS; i++) {
		slow[i] = server_dial(&S);
		if (slow[i] != -1)
			opened++;
		if (slow[i] != -1 && (i & 1) &&
		    send(slow[i], line, sizeof(line) - 1, MSG_NOSIGNAL) == -1) {
			close(slow[i]);
			slow[i] = -1;
		}
	}
	is_int(opened, SLOW_CONNS, "%d slow connections are open",
	    SLOW_CONNS);
	atomic_store(&trickling, 1);
	pthread_create(&t, NULL, trickle, NULL);
	/* Let the server accept them all and the trickle begin. */
	usleep(500 * 1000);
	for (i = 0; i < FAST_REQUESTS; i++) {
		t0 = now();
		http_json(&S, "GET", i & 1 ? "/" : "/needs?status=open", NULL,
		    &r);
		t0 = now() - t0;
		if (r.status == 200 && t0 < 1.0)
			served++;
		if (t0 > worst)
			worst = t0;
		total += t0;
		reply_free(&r);
	}
	atomic_store(&trickling, 0);
	pthread_join(t, NULL);
	is_int(served, FAST_REQUESTS, "beside them, %d requests are each "
	    "served within 1 s (mean %.1f ms, worst %.1f ms)", FAST_REQUESTS,
	    total / FAST_REQUESTS * 1000, worst * 1000);
	printf("# %d slow connections: normal requests mean %.1f ms, "
	    "worst %.1f ms\n", SLOW_CONNS, total / FAST_REQUESTS * 1000,
	    worst * 1000);
	/* Still connected: the server did not drop them to cope. */
	for (i = 0; i < SLOW_CONNS; i++) {
		struct pollfd p = { slow[i], POLLIN, 0 };

		if (slow[i] != -1 && poll(&p, 1, 0) == 0)
			open_after++;
	}
	ok(open_after > SLOW_CONNS * 9 / 10, "and the slow ones were kept "
	    "waiting, not served or dropped (%d still open)", open_after);
	for (i = 0; i < SLOW_CONNS; i++)
		if (slow[i] != -1)
			close(slow[i]);
}

/* The server's VmRSS or VmHWM (peak) in KiB, from /proc. */
static long
server_kb(const char *what)
{
	char path[64], line[128];
	size_t n = strlen(what);
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)S.pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, what, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/*
 * POST a chunked body of total bytes in 64 KiB chunks (and its last,
 * empty chunk), reading whatever the server says as we go. Returns the
 * bytes sent before the server stopped reading, the first line of its
 * answer in status ("" when it answered nothing), and the time taken.
 */
static long
post_chunked(long total, char *status, size_t statuslen, double *seconds)
{
	struct buf head = BUF_INIT;
	static char chunk[65536 + 16];
	char reply[512];
	long sent = 0;
	size_t hlen;
	ssize_t n;
	double t0 = now();
	int fd = server_dial(&S), closed = 0;

	status[0] = '\0';
	if (fd == -1)
		return -1;
	buf_printf(&head, "POST /needs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Authorization: Bearer %s\r\nAccept: application/json\r\n"
	    "Content-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", S.token);
	send(fd, head.ptr, head.len, MSG_NOSIGNAL);
	buf_free(&head);
	hlen = (size_t)snprintf(chunk, sizeof(chunk), "10000\r\n");
	memset(chunk + hlen, 'a', 65536);
	memcpy(chunk + hlen + 65536, "\r\n", 2);
	while (sent < total && !closed) {
		struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

		if (poll(&p, 1, 5000) <= 0)
			break;
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, reply, sizeof(reply) - 1, 0);
			if (n > 0 && status[0] == '\0') {
				reply[n] = '\0';
				reply[strcspn(reply, "\r\n")] = '\0';
				snprintf(status, statuslen, "%.60s", reply);
			}
			if (n <= 0)
				closed = 1;
			continue;
		}
		n = send(fd, chunk, hlen + 65536 + 2, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		sent += n;
	}
	if (!closed)
		send(fd, "0\r\n\r\n", 5, MSG_NOSIGNAL);
	/* The answer, when it comes after the body. */
	if (status[0] == '\0') {
		struct pollfd p = { fd, POLLIN, 0 };

		n = poll(&p, 1, 3000) > 0 ? recv(fd, reply, sizeof(reply) - 1,
		    0) : 0;
		if (n > 0) {
			reply[n] = '\0';
			reply[strcspn(reply, "\r\n")] = '\0';
			snprintf(status, statuslen, "%.60s", reply);
		}
	}
	close(fd);
	*seconds = now() - t0;
	return sent;
}

static void
test_huge_body(void)
{
	char status[128];
	long before, after, peak_before, peak_after, sent;
	double secs;
	struct reply r;

	/* A little over the limit: read to its end and answered 413. */
	sent = post_chunked(3L * 512 * 1024, status, sizeof(status), &secs);
	ok(strstr(status, " 413") != NULL, "a 1.5 MB chunked body is "
	    "answered 413 (%s)", status);
	/* Warm up: the first requests allocate what every later one reuses. */
	http_json(&S, "POST", "/zones", "{\"name\":\"Warm\"}", &r);
	reply_free(&r);
	before = server_kb("VmRSS");
	peak_before = server_kb("VmHWM");
	sent = post_chunked(100L * 1024 * 1024, status, sizeof(status), &secs);
	after = server_kb("VmRSS");
	peak_after = server_kb("VmHWM");
	printf("# 100 MB chunked body: cut off after %.1f MB sent (socket "
	    "buffers included), in %.2f s; answer \"%s\"; VmRSS %ld -> %ld "
	    "KiB, peak %ld -> %ld KiB\n", sent / 1048576.0, secs, status,
	    before, after, peak_before, peak_after);
	ok(sent < 16L * 1024 * 1024, "a 100 MB one is cut off soon after "
	    "the limit (%.1f MB sent)", sent / 1048576.0);
	/*
	 * A few MB at most: the 1 MiB it kept before the limit (freed, but
	 * held in ASan's quarantine under make test), never the 100 MB.
	 */
	ok(before > 0 && after - before < 8192, "the server's memory did "
	    "not grow (VmRSS %+ld KiB)", after - before);
	ok(peak_after - peak_before < 8192, "not even for a moment (peak "
	    "%+ld KiB)", peak_after - peak_before);
	is_int(db_count(&S, "need"), 0, "and nothing was written");
	http_json(&S, "GET", "/", NULL, &r);
	is_int(r.status, 200, "the server serves on");
	reply_free(&r);
}

/* Send s on fd and read what comes back within 5 s into out. */
static ssize_t
exchange(int fd, const char *s, char *out, size_t outlen)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	out[0] = '\0';
	if (s != NULL && send(fd, s, strlen(s), MSG_NOSIGNAL) == -1)
		return -1;
	if (poll(&p, 1, 5000) <= 0)
		return -1;
	n = recv(fd, out, outlen - 1, 0);
	if (n >= 0)
		out[n] = '\0';
	return n;
}

static void
test_stop(void)
{
	static const char login[] = "GET /login HTTP/1.1\r\nHost: 127.0.0.1"
				    "\r\nAccept: application/json\r\n\r\n";
	static const char body[] = "{\"name\":\"Begun before the stop\"}";
	char head[512], got[4096];
	int idle = server_dial(&S), begun = server_dial(&S), late, st = -1;
	long zones = db_count(&S, "zone");
	double t0, waited;

	exchange(idle, login, got, sizeof(got));
	ok(strncmp(got, "HTTP/1.1 200", 12) == 0, "a kept-alive connection "
	    "is served and left open");
	/* Its headers are taken (100 Continue) before the signal, its body after. */
	snprintf(head, sizeof(head), "POST /zones HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
	    "Accept: application/json\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nExpect: 100-continue\r\n\r\n",
	    S.token, sizeof(body) - 1);
	exchange(begun, head, got, sizeof(got));
	ok(strstr(got, " 100 ") != NULL, "a write's headers are taken (%.20s)",
	    got);
	t0 = now();
	kill(S.pid, SIGTERM);
	/* The socket is closed at once; till then, connections are taken. */
	while ((late = server_dial(&S)) != -1 && now() - t0 < 5)
		close(late);
	ok(late == -1, "a new connection after the signal is refused");
	exchange(idle, login, got, sizeof(got));
	ok(strncmp(got, "HTTP/1.1 503", 12) == 0, "a request after it on a "
	    "connection already open: 503 (%.12s)", got);
	ok(strcasestr(got, "\r\nConnection: close\r\n") != NULL,
	    "and its connection closed");
	exchange(begun, body, got, sizeof(got));
	ok(strncmp(got, "HTTP/1.1 201", 12) == 0, "the write begun before it "
	    "is finished (%.12s)", got);
	close(begun);
	alarm(20);
	waitpid(S.pid, &st, 0);
	alarm(0);
	waited = now() - t0;
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the server exits cleanly");
	/* Open connections were waited for (10 s) before. */
	ok(waited < 5, "without waiting for the connections left open "
	    "(%.1f s)", waited);
	close(idle);
	server_resume(&S);
	is_int(db_count(&S, "zone"), zones + 1, "the write was kept");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	server_start(&S);
	test_slowloris();
	test_huge_body();
	test_stop();
	is_int(server_stop(&S), 0, "the server exits cleanly");
	return tap_done();
}
