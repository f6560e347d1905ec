/*
 * The client's address behind a reverse proxy. Each proxy appends the
 * address it was spoken to from to X-Forwarded-For, so the list read from
 * the right is a chain of hops, each written by the one after it: an entry
 * is as true as the proxy that wrote it, and the first one written by
 * someone we do not trust is the client. Anything to its left the client
 * may have sent itself, to be counted as someone else or as nobody.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "proxy.h"
#include "util/banned.h"

/* addr as one IPv4 or IPv6 address, IPv4 mapped into IPv6: 0 or -1. */
static int
proxy_parse(const char *s, size_t n, struct in6_addr *addr)
{
	char text[INET6_ADDRSTRLEN];
	struct in_addr a4;

	if (n == 0 || n >= sizeof(text))
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, &a4) == 1) {
		memset(addr, 0, sizeof(*addr));
		addr->s6_addr[10] = 0xff;
		addr->s6_addr[11] = 0xff;
		memcpy(&addr->s6_addr[12], &a4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, text, addr) == 1 ? 0 : -1;
}

int
proxy_trust_add(void *arg, const char *addr)
{
	struct proxy_trust *t = arg;

	if (t->n == PROXY_TRUST_MAX ||
	    proxy_parse(addr, strlen(addr), &t->addr[t->n]) == -1)
		return -1;
	t->n++;
	return 0;
}

static int
proxy_trusted(const struct proxy_trust *t, const struct in6_addr *addr)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (memcmp(&t->addr[i], addr, sizeof(*addr)) == 0)
			return 1;
	return 0;
}

/* The address as text, an IPv4 one as such; one spelling per address. */
static void
proxy_text(const struct in6_addr *addr, char *out, size_t len)
{
	if (IN6_IS_ADDR_V4MAPPED(addr))
		inet_ntop(AF_INET, &addr->s6_addr[12], out, (socklen_t)len);
	else
		inet_ntop(AF_INET6, addr, out, (socklen_t)len);
}

/* The entry of list that ends at end, without spaces round it. */
static const char *
proxy_entry(const char *list, const char *end, size_t *n)
{
	const char *start = end;

	while (start > list && start[-1] != ',')
		start--;
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*n = (size_t)(end - start);
	return start;
}

void
proxy_client(const struct proxy_trust *t, const char *peer,
    const char *forwarded, char *out, size_t len)
{
	struct in6_addr addr;
	const char *end, *entry;
	size_t n, hops = 0;

	snprintf(out, len, "%s", peer);
	if (proxy_parse(peer, strlen(peer), &addr) == -1 || forwarded == NULL)
		return;
	end = forwarded + strlen(forwarded);
	while (proxy_trusted(t, &addr) && hops++ < PROXY_HOPS_MAX) {
		entry = proxy_entry(forwarded, end, &n);
		if (proxy_parse(entry, n, &addr) == -1)
			return;
		proxy_text(&addr, out, len);
		end = memrchr(forwarded, ',', (size_t)(entry - forwarded));
		if (end == NULL)
			return;
	}
}
