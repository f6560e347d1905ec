/*
 * libFuzzer harness for the template parser and renderer: any input is
 * parsed, and what parses is rendered against a fixed data object, with
 * every partial and parent name resolving to the input itself so the
 * depth limit is exercised.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render/mustache.h"
#include "util/buf.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char data_json[] =
    "{\"name\":\"Ada <b>&\\\"'\",\"n\":3,\"x\":1.5,\"t\":true,\"f\":false,"
    "\"z\":null,\"y\":0.30000000000000004,\"e\":\"\",\"zero\":0,"
    "\"list\":[\"a\",{\"name\":\"in<list>\"},[1,2]],"
    "\"person\":{\"name\":\"Bo\",\"zone\":{\"name\":\"North & South\"},"
    "\"tags\":[]}}";

/*
 * Sections over lists nest multiplicatively: 3 items, 20 sections deep,
 * is 3^20 renders of the body. That is the template's author's choice,
 * not a bug, so inputs with many section tags are only parsed.
 */
#define MAX_SECTIONS	6

static const struct mustache *
self_partial(void *arg, const char *name, size_t len)
{
	return arg;
}

static int
too_many_sections(const uint8_t *data, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < size; i++)
		if (data[i] == '#')
			n++;
	return n > MAX_SECTIONS;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	struct mustache *t;
	json_t *ctx;
	char *err = NULL;

	t = mustache_parse((const char *)data, size, &err);
	if (t == NULL) {
		free(err);
		return 0;
	}
	if (!too_many_sections(data, size)) {
		ctx = json_loads(data_json, 0, NULL);
		mustache_render(t, &ctx, 1, self_partial, t, &out);
		json_decref(ctx);
	}
	buf_free(&out);
	mustache_free(t);
	return 0;
}
