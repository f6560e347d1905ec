/* Passing over what hides words in SQL text, and quoting names into it. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

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

/* Whether the words at p are word, then one of the lock strengths. */
static int
sqltext_is_lock(const char *p)
{
	static const char *const strengths[] = { "UPDATE", "NO KEY UPDATE",
		"SHARE", "KEY SHARE", NULL };
	size_t i, n;

	if (strncasecmp(p, "FOR", 3) != 0 || !isspace((unsigned char)p[3]))
		return 0;
	p += 4;
	while (isspace((unsigned char)*p))
		p++;
	for (i = 0; strengths[i] != NULL; i++) {
		n = strlen(strengths[i]);
		if (strncasecmp(p, strengths[i], n) == 0 &&
		    !isalnum((unsigned char)p[n]) && p[n] != '_')
			return 1;
	}
	return 0;
}

size_t
sqltext_unlocked_len(const char *sql)
{
	const char *p = sql, *end;

	while (*p != '\0') {
		end = sqltext_skip(p);
		if (end != NULL) {
			p = end;
			continue;
		}
		if ((p == sql || isspace((unsigned char)p[-1])) &&
		    sqltext_is_lock(p)) {
			while (p > sql && isspace((unsigned char)p[-1]))
				p--;
			return (size_t)(p - sql);
		}
		p++;
	}
	return (size_t)(p - sql);
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
