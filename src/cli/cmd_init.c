/* solidarity init: create the database, or bring its schema up to date. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db/db.h"
#include "util/banned.h"

static const char init_usage[] =
    "usage: solidarity init [--db DB]\n\n"
    "Create the database (default " CMD_DEFAULT_DB ") or apply the\n"
    "migrations it lacks. Running it twice is harmless.\n\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "  --help      show this help\n";

struct db *
cmd_open_db(const char *url, int quiet)
{
	struct db *db;
	char *err = NULL;
	int from, to;

	db = db_open(url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return NULL;
	}
	switch (db_migrate(db, &from, &to, &err)) {
	case DB_MIGRATE_UPTODATE:
		if (!quiet)
			printf("solidarity: database %s is up to date "
			    "(schema %d)\n", db_name(db), to);
		break;
	case DB_MIGRATE_APPLIED:
		if (!quiet)
			printf("solidarity: database %s migrated from schema "
			    "%d to %d\n", db_name(db), from, to);
		break;
	default:
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		db_close(db);
		return NULL;
	}
	return db;
}

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *url = CMD_DEFAULT_DB;
	struct db *db;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'h':
			fputs(init_usage, stdout);
			return 0;
		default:
			fputs(init_usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(init_usage, stderr);
		return 2;
	}
	db = cmd_open_db(url, 0);
	if (db == NULL)
		return 1;
	db_close(db);
	return 0;
}
