/*
 * Fuzz the X-Forwarded-For reader against what it promises: the address
 * it gives is the peer's, or one it read from the header, written in its
 * one spelling (it reads back to itself), never longer than an address,
 * and the peer's whenever the peer is not a trusted proxy. Byte 0 picks
 * the peer and the trusted proxies; the rest is the header's value.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct {
	const char	*peer;
	const char	*trusted[3];
} setups[] = {
	{ "127.0.0.1", { "127.0.0.1", "::1", NULL } },
	{ "::1", { "127.0.0.1", "::1", NULL } },
	{ "10.0.0.2", { "10.0.0.2", "10.0.0.3", "2001:db8::1" } },
	{ "192.0.2.1", { "127.0.0.1", NULL, NULL } },	/* not trusted */
	{ "-", { "127.0.0.1", NULL, NULL } },		/* no address */
};

#define NSETUPS	(sizeof(setups) / sizeof(setups[0]))

/* Whether s reads as an address and is written back the same. */
static int
proxy_canonical(const char *s)
{
	struct proxy_trust one = { .n = 0 };
	char again[INET6_ADDRSTRLEN];

	if (proxy_trust_add(&one, s) == -1)
		return 0;
	/* Trusted itself, with nothing forwarded: the peer comes back. */
	proxy_client(&one, s, NULL, again, sizeof(again));
	return strcmp(again, s) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_trust t = { .n = 0 };
	char out[INET6_ADDRSTRLEN], *fwd;
	size_t s, i;

	if (size == 0)
		return 0;
	s = data[0] % NSETUPS;
	for (i = 0; i < 3 && setups[s].trusted[i] != NULL; i++)
		if (proxy_trust_add(&t, setups[s].trusted[i]) == -1)
			abort();
	fwd = strndup((const char *)data + 1, size - 1);
	proxy_client(&t, setups[s].peer, fwd, out, sizeof(out));
	if (strlen(out) >= INET6_ADDRSTRLEN)
		abort();
	if (s >= 3 && strcmp(out, setups[s].peer) != 0)
		abort();
	if (strcmp(out, setups[s].peer) != 0 && !proxy_canonical(out))
		abort();
	free(fwd);
	return 0;
}
