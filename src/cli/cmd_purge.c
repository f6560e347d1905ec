/*
 * solidarity purge and solidarity forget: the retention rules of
 * docs/privacy.md, run from the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/retention.h"
#include "util/num.h"
#include "util/problem.h"
#include "util/banned.h"

static const char purge_usage[] =
    "usage: solidarity purge [--days N] [--db DB]\n\n"
    "Forget what has been over for more than N days: the details and\n"
    "close reasons of asks and offers fulfilled or closed before then, and\n"
    "the phone, email and address of people without a login whose asks and\n"
    "offers are all over and purged, and who have not been updated since;\n"
    "what was said in conversations held before then, and who took part\n"
    "in campaign actions held before then;\n"
    "and the addresses (IP) in audit entries made before then.\n"
    "The rows stay, so the counts and figures do not change. The old\n"
    "versions are overwritten and the write-ahead log is emptied (SQLite),\n"
    "or the tables are rewritten (PostgreSQL), so the data is gone from\n"
    "the files too. See docs/privacy.md.\n\n"
    "  --days N   how long to keep (default " CMD_STR(
	RETENTION_DAYS_DEFAULT) ", from 1 to " CMD_STR(RETENTION_DAYS_MAX) ")\n"
									   "  "
									   "--"
									   "db "
									   "DB "
									   "   "
									   "a "
									   "SQL"
									   "ite"
									   " fi"
									   "le "
									   "or "
									   "a "
									   "pos"
									   "tgr"
									   "es:"
									   "// "
									   "URL"
									   "\n"
									   "   "
									   "   "
									   "   "
									   "   "
									   " ("
									   "def"
									   "aul"
									   "t"
									   " " CMD_DEFAULT_DB
									   ")\n"
									   "  "
									   "--"
									   "hel"
									   "p  "
									   "   "
									   "sho"
									   "w "
									   "thi"
									   "s "
									   "hel"
									   "p"
									   "\n";

static const char forget_usage[] =
    "usage: solidarity forget PERSON_ID [--db DB]\n\n"
    "Remove a person's personal data for good, as anyone may ask: the\n"
    "name becomes \"—\", the phone, email and address are deleted, and\n"
    "so are the details of all their asks and offers (open ones stay\n"
    "open, with no details). A login of theirs is disabled and renamed,\n"
    "its sessions end, its API tokens are revoked, and the addresses it\n"
    "was used from are cleared from the audit trail. The rows stay, so\n"
    "the counts do not change. There is no undo.\n\n"
    "  --db DB    a SQLite file or a postgres:// URL\n"
    "             (default " CMD_DEFAULT_DB ")\n"
    "  --help     show this help\n";

/*
 * What to say when the change committed but the old versions are still
 * in the files: a reader kept SQLite's log in use, PostgreSQL's rewrite
 * could not have its lock in time, or the connection failed.
 */
static int
retention_log_busy(struct db *db)
{
	fprintf(stderr,
	    "solidarity: done, but old versions are still in "
	    "the database's files (%s): run solidarity purge again\n",
	    cmd_db_reason(db));
	return 1;
}

int
cmd_purge(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	int64_t days = RETENTION_DAYS_DEFAULT;
	const struct cmd_opt opts[] = { { "days", .number = &days,
					    .max = RETENTION_DAYS_MAX },
		{ "db", .text = &url }, { NULL } };
	struct retention_counts n;
	struct db *db;
	int rc;

	rc = cmd_options_open(argc, argv, purge_usage, opts, 1, &db);
	if (rc != -1)
		return rc;
	rc = retention_purge(db, (int)days, &n);
	/* Run again after "in use": nothing new to remove, the files to clear.
	 */
	if (rc == 0 &&
	    n.asks + n.offers + n.people + n.limits + n.addresses +
		    n.conversations + n.attendance + n.signups + n.rsvps +
		    n.fund_txs + n.reimbursements + n.texts ==
		0)
		rc = retention_clear(db);
	if (rc == -1) {
		fprintf(stderr, "solidarity: cannot purge: %s\n",
		    cmd_db_reason(db));
		db_close(db);
		return 1;
	}
	printf("over for more than %lld days:\n"
	       "asks purged: %lld\n"
	       "offers purged: %lld\n"
	       "people whose contact details were cleared: %lld\n"
	       "conversations purged: %lld\n"
	       "action attendances no longer naming anyone: %lld\n"
	       "shift sign-ups no longer naming anyone: %lld\n"
	       "event RSVPs no longer naming anyone: %lld\n"
	       "fund transactions no longer naming anyone: %lld\n"
	       "reimbursements no longer naming anyone: %lld\n"
	       "texts deleted: %lld\n"
	       "audit entries whose address was cleared: %lld\n",
	    (long long)days, (long long)n.asks, (long long)n.offers,
	    (long long)n.people, (long long)n.conversations,
	    (long long)n.attendance, (long long)n.signups, (long long)n.rsvps,
	    (long long)n.fund_txs, (long long)n.reimbursements,
	    (long long)n.texts, (long long)n.addresses);
	rc = rc == 1 ? retention_log_busy(db) : 0;
	db_close(db);
	return rc;
}

int
cmd_forget(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	const struct cmd_opt opts[] = { { "db", .text = &url }, { NULL } };
	struct problem p = { 0 };
	struct db *db;
	char **words;
	int64_t id;
	int rc;

	rc = cmd_options(argc, argv, forget_usage, opts, 1, &words);
	if (rc != -1)
		return rc;
	if (num_parse_int(words[0], strlen(words[0]), 1, INT64_MAX, &id) ==
	    -1) {
		fprintf(stderr,
		    "solidarity: a person id is a number, as in "
		    "/people/ID\n");
		return 2;
	}
	db = cmd_open_db(url, 1);
	if (db == NULL)
		return 1;
	rc = retention_forget(db, NULL, id, &p);
	if (rc == -1) {
		if (p.kind == PROBLEM_NOT_FOUND)
			fprintf(stderr, "solidarity: no person %lld\n",
			    (long long)id);
		else
			fprintf(stderr,
			    "solidarity: cannot forget person "
			    "%lld: %s\n",
			    (long long)id, cmd_db_reason(db));
		db_close(db);
		return 1;
	}
	printf("person %lld is forgotten\n", (long long)id);
	rc = rc == 1 ? retention_log_busy(db) : 0;
	db_close(db);
	return rc;
}
