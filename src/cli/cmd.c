/*
 * What every subcommand shares: reading its options the same way (--help,
 * bad usage, exit statuses), opening the database, saying why it failed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db/db.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

/*
 * getopt_long's value for the i-th option: past every character, so that
 * none is taken for '?' (an error), and each distinct, so that getopt
 * calls an abbreviation ambiguous as it always did.
 */
#define CMD_OPT_VAL 256

/* Keep value as opt says: 0, or -1 when it is not what opt wants. */
static int
cmd_take(const struct cmd_opt *opt, const char *value)
{
	if (opt->text != NULL) {
		*opt->text = value;
		return 0;
	}
	if (opt->flag != NULL) {
		*opt->flag = 1;
		return 0;
	}
	if (opt->number != NULL)
		return num_parse_int(value, strlen(value), 1, opt->max,
		    opt->number);
	return opt->take(opt->arg, value);
}

/* getopt_long's table for opts, with --help last. Malloc'd. */
static struct option *
cmd_getopt_table(const struct cmd_opt *opts, size_t *nopts)
{
	struct option *t;
	size_t i, n;

	for (n = 0; opts[n].name != NULL; n++)
		continue;
	t = xcalloc(n + 2, sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].name = opts[i].name;
		t[i].has_arg = opts[i].flag != NULL ? no_argument
						    : required_argument;
		t[i].val = CMD_OPT_VAL + (int)i;
	}
	t[n].name = "help";
	t[n].has_arg = no_argument;
	t[n].val = CMD_OPT_VAL + (int)n;
	*nopts = n;
	return t;
}

int
cmd_options(int argc, char **argv, const char *usage,
    const struct cmd_opt *opts, int nwords, char ***words)
{
	const struct cmd_opt *opt;
	struct option *table;
	size_t n;
	int c, rc = -1;

	table = cmd_getopt_table(opts, &n);
	while (
	    rc == -1 && (c = getopt_long(argc, argv, "", table, NULL)) != -1) {
		if (c < CMD_OPT_VAL) {
			/* getopt has said what was wrong with it. */
			rc = cmd_usage_error(usage);
		} else if ((size_t)(c - CMD_OPT_VAL) == n) {
			fputs(usage, stdout);
			rc = 0;
		} else {
			opt = &opts[c - CMD_OPT_VAL];
			if (cmd_take(opt, optarg) == -1) {
				if (opt->want != NULL)
					fprintf(stderr,
					    "solidarity: --%s "
					    "wants %s\n",
					    opt->name, opt->want);
				else
					fprintf(stderr,
					    "solidarity: --%s "
					    "wants a number from 1 to %lld\n",
					    opt->name, (long long)opt->max);
				rc = 2;
			}
		}
	}
	free(table);
	if (rc != -1)
		return rc;
	if (nwords != CMD_WORDS_ANY && argc - optind != nwords)
		return cmd_usage_error(usage);
	if (words != NULL)
		*words = argv + optind;
	return -1;
}

int
cmd_options_open(int argc, char **argv, const char *usage,
    const struct cmd_opt *opts, int quiet, struct db **db)
{
	const struct cmd_opt *o;
	int rc;

	rc = cmd_options(argc, argv, usage, opts, 0, NULL);
	if (rc != -1)
		return rc;
	for (o = opts; o->name != NULL && strcmp(o->name, "db") != 0; o++)
		continue;
	*db = cmd_open_db(o->name != NULL ? *o->text : CMD_DEFAULT_DB, quiet);
	return *db == NULL ? 1 : -1;
}

int
cmd_usage_error(const char *usage)
{
	fputs(usage, stderr);
	return 2;
}

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
			       "(schema %d)\n",
			    db_name(db), to);
		break;
	case DB_MIGRATE_APPLIED:
		if (!quiet)
			printf("solidarity: database %s migrated from schema "
			       "%d to %d\n",
			    db_name(db), from, to);
		break;
	default:
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		db_close(db);
		return NULL;
	}
	return db;
}

const char *
cmd_db_reason(struct db *db)
{
	const char *msg = db_errmsg(db);

	return msg[0] != '\0' ? msg : "the database is busy or failing";
}
