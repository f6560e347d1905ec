/*
 * The client's address behind a reverse proxy: X-Forwarded-For, believed
 * only as far as the proxies we were told to trust.
 */
#ifndef PROXY_H
#define PROXY_H

#include <stddef.h>
#include <netinet/in.h>

#define PROXY_TRUST_MAX 16 /* --trusted-proxy given at most this often */
#define PROXY_HOPS_MAX  32 /* X-Forwarded-For entries read, from the right */

/* The proxies whose X-Forwarded-For we believe (IPv4 held as ::ffff:a.b.c.d).
 */
struct proxy_trust {
	struct in6_addr addr[PROXY_TRUST_MAX];
	size_t n;
};

/*
 * Add the address text to the trust (a struct proxy_trust *), as a
 * cmd_opt take function: 0, or -1 when it is not one IPv4 or IPv6
 * address or the list is full.
 */
int proxy_trust_add(void *trust, const char *addr);

/*
 * The client's address as text into out (len at least INET6_ADDRSTRLEN):
 * peer, the connection's address, unless it is trusted; then the
 * right-most entry of forwarded (the X-Forwarded-For values joined by
 * commas, or NULL) that is not trusted, walking from the right past
 * trusted ones. An entry that is not an address ends the walk at the
 * last address read, as does the PROXY_HOPS_MAX-th: what lies to the left
 * of it anyone may have written.
 */
void proxy_client(const struct proxy_trust *, const char *peer,
    const char *forwarded, char *out, size_t len);

#endif
