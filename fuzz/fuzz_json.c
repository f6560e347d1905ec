/* Fuzz the JSON body decoder and the field checks every write goes through. */
#include <stdint.h>
#include <stdlib.h>

#include "http/request.h"
#include "domain/need.h"
#include "domain/person.h"
#include "domain/post.h"
#include "domain/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct field *const sets[] = {
		need_fields, person_fields, zone_fields, post_list_fields
	};
	struct problem p;
	json_t *raw = request_json((const char *)data, size), *out;
	size_t i;

	if (raw == NULL)
		return 0;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		out = NULL;
		if (field_decode(sets[i], raw, (unsigned)(i & 3), &out, &p) == 0)
			json_decref(out);
	}
	json_decref(raw);
	return 0;
}
