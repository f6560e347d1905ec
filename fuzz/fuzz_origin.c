/*
 * Fuzz the Host check behind the sign-in sheet's QR code (http/origin.c)
 * against what it promises: a Host it takes is a host name, an IPv4
 * address or a bracketed IPv6 one with at most a port, so the origin made
 * of it is "http://" and the Host itself, of nothing but letters, digits,
 * '.', '-', ':', '[' and ']', never a path, a user, a query or a space;
 * a Host it refuses gives no origin. The input is the Host's value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/origin.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req = { 0 };
	char out[ORIGIN_LEN], *host = strndup((const char *)data, size);
	int taken = origin_host_ok(host), rc;
	size_t i;

	req.host = host;
	rc = origin_of(&req, out);
	if (rc == 1 || (taken && strlen(host) <= ORIGIN_LEN - 9 && rc != 0))
		abort();
	if (!taken && rc != -1)
		abort();
	if (rc == 0) {
		if (strncmp(out, "http://", 7) != 0 ||
		    strcmp(out + 7, host) != 0)
			abort();
		for (i = 7; out[i] != '\0'; i++)
			if (strchr("abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]",
				out[i]) == NULL)
				abort();
	}
	free(host);
	return 0;
}
