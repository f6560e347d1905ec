/* solidarity init: create the database, or bring its schema up to date. */

#include "cmd.h"
#include "db/db.h"
#include "util/banned.h"

static const char init_usage[] =
    "usage: solidarity init [--db DB]\n\n"
    "Create the database (default " CMD_DEFAULT_DB ") or apply the\n"
    "migrations it lacks. Running it twice is harmless.\n\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "  --help      show this help\n";

int
cmd_init(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	const struct cmd_opt opts[] = { { "db", .text = &url }, { NULL } };
	struct db *db;
	int rc;

	rc = cmd_options_open(argc, argv, init_usage, opts, 0, &db);
	if (rc != -1)
		return rc;
	db_close(db);
	return 0;
}
