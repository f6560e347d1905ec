/*
 * Fuzz the reading of a backup's table of contents (pg_restore --list), on
 * which a PostgreSQL restore decides whether a file may replace the
 * schema. The input is the schema's name, NUL, the whole list, NUL, the
 * list of the schema's own entries (the whole list again when absent).
 * Besides sanitizer reports, it checks what the answer promises: an error
 * always comes with one of its three messages, a backup is accepted only
 * if it names the schema's table schema_version, a list whose entries are
 * all the schema's can only lack that table, and comment lines (';') change
 * nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_backend.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const reasons[] = {
	"the backup is of schema ",
	"the backup holds more than schema ",
	"not a backup of solidarity: ",
};

/* toc_check's answer, checked for the shape of its message. */
static int
pgtoc_check(const char *all, const char *mine, const char *schema,
    size_t *reason)
{
	char *err = NULL;
	int rc = toc_check(all, mine, schema, &err);
	size_t i;

	if (rc != 0 && rc != -1)
		abort();
	if ((rc == -1) != (err != NULL))
		abort();
	*reason = 0;
	for (i = 0; err != NULL && i < sizeof(reasons) / sizeof(reasons[0]);
	    i++)
		if (strncmp(err, reasons[i], strlen(reasons[i])) == 0)
			*reason = i + 1;
	if (err != NULL && *reason == 0)
		abort();
	free(err);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf in = BUF_INIT, want = BUF_INIT, more = BUF_INIT;
	const char *schema, *all, *mine, *end;
	size_t reason, again;
	int rc;

	buf_add(&in, data, size);
	buf_addc(&in, '\0');	/* so that the three parts always end */
	end = in.ptr + in.len;
	schema = in.ptr;
	all = schema + strlen(schema) + 1;
	if (all >= end)
		all = end - 1;
	mine = all + strlen(all) + 1;
	if (mine >= end)
		mine = all;

	rc = pgtoc_check(all, mine, schema, &reason);
	buf_printf(&want, " TABLE %s schema_version ", schema);
	if (rc == 0 && (strstr(all, want.ptr + 1) == NULL ||
	    strstr(mine, want.ptr + 1) == NULL))
		abort();

	buf_printf(&more, ";\n; Archive created at\n%s", all);
	if (pgtoc_check(more.ptr, mine, schema, &again) != rc ||
	    again != reason)
		abort();

	if (pgtoc_check(all, all, schema, &reason) == -1 && reason != 3)
		abort();
	buf_free(&in);
	buf_free(&want);
	buf_free(&more);
	return 0;
}
