/* The subcommands of the solidarity binary, one file each. */
#ifndef CMD_H
#define CMD_H

#include <stdint.h>

struct db;

#define CMD_DEFAULT_DB "solidarity.db"

/* A number as the text of a string literal, for usage and messages. */
#define CMD_STR_(x) #x
#define CMD_STR(x)  CMD_STR_(x)

/* Each returns the process exit status: 0 ok, 1 failure, 2 bad usage. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_sms(int argc, char **argv);
int cmd_emergency(int argc, char **argv);
int cmd_surge(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate_data(int argc, char **argv);
int cmd_check(int argc, char **argv);

/*
 * An option --name of a command. One of text, flag, number and take says
 * what is done with it; a table of them ends with a NULL name.
 */
struct cmd_opt {
	const char *name;
	const char **text; /* takes a value, kept here */
	int *flag;         /* takes none: set to 1 */
	int64_t *number;   /* takes a number from 1 to max */
	int64_t max;
	/* Takes a value read its own way: 0, or -1 when it is bad. */
	int (*take)(void *arg, const char *value);
	void *arg;
	/* A bad value: "--name wants <want>" (when NULL, a number's range). */
	const char *want;
};

/* For cmd_options: the words after the options are the command's. */
#define CMD_WORDS_ANY (-1)

/*
 * Read a command's options by opts, the same way for every command.
 * --help prints usage on stdout: exit status 0. An unknown option, one
 * without its value, or other than nwords words after the options (unless
 * CMD_WORDS_ANY) print usage on stderr, and a bad value what it lacks:
 * exit status 2. Returns that status, or -1 to go on with *words (if
 * words is not NULL) at the words, a list that ends with NULL.
 */
int cmd_options(int argc, char **argv, const char *usage,
    const struct cmd_opt *opts, int nwords, char ***words);

/*
 * cmd_options for a command that takes no words, then the database its
 * option "db" names (CMD_DEFAULT_DB without one) opened by cmd_open_db
 * into *db. Returns the exit status to end with, or -1 to go on.
 */
int cmd_options_open(int argc, char **argv, const char *usage,
    const struct cmd_opt *opts, int quiet, struct db **db);

/* Print usage on stderr for bad usage: returns its exit status, 2. */
int cmd_usage_error(const char *usage);

/*
 * Open the database at url and bring its schema up to date, saying what
 * was done on stdout unless quiet. NULL after printing why on stderr.
 */
struct db *cmd_open_db(const char *url, int quiet);

/*
 * Why the last database call failed, for a message: the database's words,
 * or a general reason when a rollback since has cleared them.
 */
const char *cmd_db_reason(struct db *);

#endif
