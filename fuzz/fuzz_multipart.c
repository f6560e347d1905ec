/*
 * Fuzz the multipart/form-data decoder: the input's first line is the
 * Content-Type (its boundary), the rest the body; what decodes is read as
 * field_decode reads a form, with a list field among the fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct field fuzz_fields[] = {
	{ "ids", FIELD_IDS, 0, 0, 50, NULL },
	{ "csv", FIELD_TEXT, 0, 0, REQUEST_BODY_MAX, NULL },
	{ "file", FIELD_TEXT, 0, 0, REQUEST_BODY_MAX, NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	size_t ctlen = nl != NULL ? (size_t)(nl - s) : 0;
	char *ct = xmalloc(ctlen + 1);
	const char *body = nl != NULL ? nl + 1 : s;
	json_t *o, *clean = NULL;
	struct problem p = { 0 }, why = { 0 };

	memcpy(ct, s, ctlen);
	ct[ctlen] = '\0';
	o = request_multipart(ct, body, size - (size_t)(body - s), fuzz_fields,
	    &why);
	if (o == NULL && why.msg == NULL)
		abort();
	if (o != NULL && field_decode(fuzz_fields, o, 0, &clean, &p) == 0)
		json_decref(clean);
	json_decref(o);
	free(ct);
	return 0;
}
