/* Lookup over the compiled-in files. */
#include <string.h>

#include "asset.h"
#include "banned.h"

const struct asset *
asset_find(const char *name)
{
	const struct asset *a;

	for (a = assets; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
