/*
 * The server's public address, for what leaves the screen and must lead
 * back here: the QR code printed on a session's sign-in sheet.
 *
 * A configured address (serve --public-url) is preferred: it is what the
 * network chose. Without one the request's Host field is used, only when
 * it is a plain host name or address with an optional port, and the page
 * made with it is never kept in the response cache. A Host field is the
 * requester's own: a browser sends the host of the address it opened and
 * no other, with that host's cookies alone, so a signed-in page made from
 * a forged Host reaches only whoever forged it. Kept out of the cache, it
 * cannot be served to anyone else (cache poisoning).
 */
#ifndef ORIGIN_H
#define ORIGIN_H

#include <stddef.h>

#include "request.h"

/* "https://" + a host of 253 + ":65535" and the NUL, with room to spare. */
#define ORIGIN_LEN 280

/*
 * Configure the public address: "http://HOST[:PORT]" or
 * "https://HOST[:PORT]", a trailing "/" allowed, no path, user or query.
 * Call before the server's threads start. 0, or -1 when url is not one.
 */
int origin_set(const char *url);

/* 1 if s is a host name, an IPv4 address or a bracketed IPv6 one, with
 * an optional :PORT (1 to 65535), and nothing else. */
int origin_host_ok(const char *s);

/*
 * The origin ("scheme://host[:port]", no trailing "/") for req into out:
 * 1 when it is the configured one, 0 when made of req's Host field (https
 * when the server is behind TLS), -1 when there is none to trust (no
 * Host field, or one that is not origin_host_ok).
 */
int origin_of(const struct request *req, char out[ORIGIN_LEN]);

#endif
