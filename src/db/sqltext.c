/* Passing over what hides words in SQL text, and quoting names into it. */
#include <string.h>

#include "sqltext.h"
#include "util/buf.h"
#include "util/banned.h"

const char *
sqltext_skip(const char *p)
{
	const char *end;

	if (*p == '\'' || *p == '"') {
		end = strchr(p + 1, *p);
		return end != NULL ? end + 1 : p + strlen(p);
	}
	if (p[0] == '-' && p[1] == '-') {
		end = strchr(p, '\n');
		return end != NULL ? end : p + strlen(p);
	}
	return NULL;
}

void
sqltext_quote_name(struct buf *b, const char *name)
{
	const char *t;

	buf_addc(b, '"');
	for (t = name; *t != '\0'; t++) {
		if (*t == '"')
			buf_addc(b, '"');
		buf_addc(b, *t);
	}
	buf_addc(b, '"');
}
