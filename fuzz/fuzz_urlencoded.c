/* Fuzz the query-string and form decoder, and the path decoder. */
#include <stdint.h>
#include <stdlib.h>

#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *o = request_urlencoded((const char *)data, size);
	char *p = request_path((const char *)data, size);

	json_decref(o);
	free(p);
	return 0;
}
