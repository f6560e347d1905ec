/* The subcommands of the solidarity binary, one file each. */
#ifndef CMD_H
#define CMD_H

#define CMD_DEFAULT_DB	"solidarity.db"

/* Each returns the process exit status: 0 ok, 1 failure, 2 bad usage. */
int	cmd_init(int argc, char **argv);
int	cmd_serve(int argc, char **argv);
int	cmd_demo(int argc, char **argv);
int	cmd_user(int argc, char **argv);
int	cmd_token(int argc, char **argv);
int	cmd_audit(int argc, char **argv);
int	cmd_purge(int argc, char **argv);
int	cmd_forget(int argc, char **argv);
int	cmd_backup(int argc, char **argv);
int	cmd_restore(int argc, char **argv);
int	cmd_migrate_data(int argc, char **argv);

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
