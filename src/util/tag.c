/* Tags in the one form they are kept and counted in (see tag.h). */
#include <stdlib.h>
#include <string.h>

#include "tag.h"
#include "fold.h"
#include "mem.h"
#include "banned.h"

/* A byte that belongs to a word: an ASCII letter or digit, or not ASCII. */
static int
tag_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

int
tag_norm(const char *s, size_t len, char out[TAG_LEN_MAX + 1])
{
	char *raw = xstrndup(s, len), *folded = fold_name(raw);
	const unsigned char *c;
	size_t n = 0;
	int gap = 0, rc = 0;

	free(raw);
	for (c = (const unsigned char *)folded; *c != '\0'; c++) {
		if (!tag_word_byte(*c)) {
			gap = n > 0;
			continue;
		}
		if (n + (size_t)gap + 1 > TAG_LEN_MAX) {
			rc = -1;
			break;
		}
		if (gap)
			out[n++] = '-';
		gap = 0;
		out[n++] = (char)*c;
	}
	free(folded);
	out[n] = '\0';
	return rc == -1 || n == 0 ? -1 : 0;
}
