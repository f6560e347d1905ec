/* solidarity emergency-purge: every person's data gone, in seconds. */
#include <stdio.h>
#include <time.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/emergency.h"
#include "util/banned.h"

static const char emergency_usage[] =
    "usage: solidarity emergency-purge --confirm [--db DB]\n\n"
    "When a raid or a seizure is coming: delete every piece of personal\n"
    "data at once. Names become \"—\"; phones, emails, addresses, what\n"
    "people wrote of their asks and offers, conversation notes and\n"
    "assessments, stage histories, texts and opt-outs, the addresses in\n"
    "the audit trail and every session go; every login but the admins'\n"
    "is renamed and loses its password, and every API token but the\n"
    "admins' is deleted. What stays counts without naming anyone: the\n"
    "asks by category, zone and month, the sessions held and the meals\n"
    "counted, the stock, the money in and out. Then the old bytes are\n"
    "cleared from the files: SQLite's is rebuilt (VACUUM) and its log\n"
    "truncated; PostgreSQL's tables are rewritten (VACUUM FULL), though\n"
    "its write-ahead log, replicas and backups are the server's and keep\n"
    "what they hold (docs/privacy.md). There is no undo.\n\n"
    "  --confirm  required: this cannot be undone\n"
    "  --db DB    a SQLite file or a postgres:// URL\n"
    "             (default " CMD_DEFAULT_DB ")\n"
    "  --help     show this help\n";

int
cmd_emergency(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	int confirm = 0;
	const struct cmd_opt opts[] = { { "confirm", .flag = &confirm },
		{ "db", .text = &url }, { NULL } };
	struct emergency_counts n;
	struct problem p = { 0 };
	struct db *db;
	struct timespec t0, t1;
	int rc;

	rc = cmd_options(argc, argv, emergency_usage, opts, 0, NULL);
	if (rc != -1)
		return rc;
	if (!confirm) {
		fprintf(stderr,
		    "solidarity: this deletes every person's data for "
		    "good: run it again with --confirm\n");
		return 2;
	}
	db = cmd_open_db(url, 1);
	if (db == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = emergency_purge(db, NULL, &n, &p);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == -1) {
		fprintf(stderr,
		    "solidarity: emergency purge failed, nothing was "
		    "deleted: %s\n",
		    cmd_db_reason(db));
		db_close(db);
		return 1;
	}
	printf("emergency purge: %lld rows emptied and %lld deleted in %lld "
	       "tables, %.1f s\n",
	    (long long)n.cleared, (long long)n.deleted, (long long)n.tables,
	    (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (rc == 1) {
		fprintf(stderr,
		    "solidarity: the data is deleted, but its old bytes are "
		    "still in the database's files (%s): run the command "
		    "again\n",
		    cmd_db_reason(db));
		db_close(db);
		return 1;
	}
	db_close(db);
	return 0;
}
