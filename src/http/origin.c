/* The server's public address: configured, or a checked Host field. */
#include <stdio.h>
#include <string.h>

#include "origin.h"
#include "util/num.h"
#include "util/banned.h"

/* The configured origin, set once before the threads start; "" if none. */
static char origin_conf[ORIGIN_LEN];

/* Whether the n bytes at s are a DNS name or an IPv4 address. */
static int
origin_name_ok(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > 253 || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-') ||
		    ++label > 63)
			return 0;
	}
	return 1;
}

/* Whether the n bytes at s are "[...]" of hex digits, ':' and '.'. */
static int
origin_v6_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || n > 47 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (strchr("0123456789abcdefABCDEF:.", s[i]) == NULL)
			return 0;
	return 1;
}

int
origin_host_ok(const char *s)
{
	const char *colon, *close = strrchr(s, ']');
	size_t n = strlen(s);
	int64_t port;

	/* The port's colon is the last one, after any IPv6 address. */
	colon = strrchr(s, ':');
	if (colon != NULL && close != NULL && colon < close)
		colon = NULL;
	if (colon != NULL) {
		if (num_parse_int(colon + 1, strlen(colon + 1), 1, 65535,
			&port) == -1)
			return 0;
		n = (size_t)(colon - s);
	}
	return s[0] == '[' ? origin_v6_ok(s, n) : origin_name_ok(s, n);
}

int
origin_set(const char *url)
{
	/* The longest host and port that fit beside "https://". */
	char host[ORIGIN_LEN - 8];
	const char *rest;
	size_t n, scheme;

	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return -1;
	scheme = (size_t)(rest - url);
	n = strlen(rest);
	if (n > 0 && rest[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, rest, n);
	host[n] = '\0';
	if (!origin_host_ok(host))
		return -1;
	memcpy(origin_conf, url, scheme);
	memcpy(origin_conf + scheme, host, n + 1);
	return 0;
}

int
origin_of(const struct request *req, char out[ORIGIN_LEN])
{
	if (origin_conf[0] != '\0') {
		memcpy(out, origin_conf, sizeof(origin_conf));
		return 1;
	}
	if (req->host == NULL || strlen(req->host) > ORIGIN_LEN - 9 ||
	    !origin_host_ok(req->host))
		return -1;
	snprintf(out, ORIGIN_LEN, "%s://%s", req->secure ? "https" : "http",
	    req->host);
	return 0;
}
