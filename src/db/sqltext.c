/* Passing over what hides words in SQL text: quotes and comments. */
#include <string.h>

#include "sqltext.h"
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
