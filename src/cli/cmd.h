/* The subcommands of the solidarity binary, one file each. */
#ifndef CMD_H
#define CMD_H

#define CMD_DEFAULT_DB	"solidarity.db"

/* Each returns the process exit status: 0 ok, 1 failure, 2 bad usage. */
int	cmd_init(int argc, char **argv);
int	cmd_serve(int argc, char **argv);
int	cmd_demo(int argc, char **argv);

/*
 * Open the database at url and bring its schema up to date, saying what
 * was done on stdout unless quiet. NULL after printing why on stderr.
 */
struct db *cmd_open_db(const char *url, int quiet);

#endif
