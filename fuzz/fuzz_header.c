/* Fuzz the header parsers: Cookie and Accept-Language. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = { "en", "es", NULL };
	char *s = malloc(size + 1), out[64];

	/* Headers reach us NUL-terminated, so give the parsers the same. */
	memcpy(s, data, size);
	s[size] = '\0';
	request_cookie(s, "lang", out, sizeof(out));
	request_cookie(s, "session", out, sizeof(out));
	request_language(s, langs);
	free(s);
	return 0;
}
