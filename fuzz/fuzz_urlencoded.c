/*
 * Fuzz the query-string and form decoder (with a list field, as a form of
 * checkboxes sends it, decoded as field_decode reads it), and the path
 * decoder.
 */
#include <stdint.h>
#include <stdlib.h>

#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct field fuzz_fields[] = {
	{ "ids", FIELD_IDS, 0, 0, 50, NULL },
	{ "windows", FIELD_WINDOWS, 0, 0, 0, NULL },
	{ "n", FIELD_INT, 0, 1, 9, NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *o = request_urlencoded((const char *)data, size);
	json_t *f = request_form((const char *)data, size, fuzz_fields);
	json_t *clean = NULL;
	struct problem p = { 0 };
	char *path = request_path((const char *)data, size);

	if (f != NULL && field_decode(fuzz_fields, f, 0, &clean, &p) == 0)
		json_decref(clean);
	json_decref(o);
	json_decref(f);
	free(path);
	return 0;
}
