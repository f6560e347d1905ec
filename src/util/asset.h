/* Files compiled into the binary: templates, static files, migrations. */
#ifndef ASSET_H
#define ASSET_H

#include <stddef.h>

struct asset {
	const char *name; /* path relative to the source tree */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry with a NULL name; sorted by name. */
extern const struct asset assets[];

/* The asset with this path, or NULL. */
const struct asset *asset_find(const char *name);

#endif
