/* Role names and their order: each role may do what the ones below it do. */
#include <string.h>

#include "viewer.h"
#include "util/banned.h"

const char *const role_names[] = {
	"volunteer",   /* ROLE_VOLUNTEER */
	"organizer",   /* ROLE_ORGANIZER */
	"coordinator", /* ROLE_COORDINATOR */
	"admin",       /* ROLE_ADMIN */
	NULL,
};

enum role
role_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && role_names[i] != NULL; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum role)(i + 1);
	return ROLE_NONE;
}

const char *
role_name(enum role r)
{
	if (r <= ROLE_NONE || r >= ROLE__MAX)
		return "anonymous";
	return role_names[r - 1];
}
