/* The solidarity binary: option parsing and the subcommand table. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "util/arena.h"
#include "util/secret.h"
#include "util/banned.h"

#define VERSION "0.1.0"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *summary;
} cmds[] = {
	{ "init", cmd_init, "create or upgrade the database" },
	{ "serve", cmd_serve, "run the web server and the API" },
	{ "demo", cmd_demo, "fill the database with a demo network" },
	{ "user", cmd_user, "add logins, change roles, reset passwords" },
	{ "token", cmd_token, "add, list and revoke API tokens" },
	{ "audit", cmd_audit, "print the audit trail" },
	{ "purge", cmd_purge, "forget asks, offers and contacts long over" },
	{ "match", cmd_match, "assign open asks to open offers, optimally" },
	{ "import", cmd_import, "read asks, offers or people from a CSV file" },
	{ "export", cmd_export,
	    "write asks, offers or people as CSV or XLSX, programs as HSDS" },
	{ "sms", cmd_sms, "add, list and remove the SMS gateways" },
	{ "surge", cmd_surge,
	    "a strike kitchen, a picket or a shelter, ready at once" },
	{ "emergency-purge", cmd_emergency,
	    "delete every person's data at once, keeping the counts" },
	{ "forget", cmd_forget, "remove a person's personal data for good" },
	{ "backup", cmd_backup, "copy the database while the server runs" },
	{ "restore", cmd_restore, "bring a backup back into the database" },
	{ "check", cmd_check, "check every stock level against its moves" },
	{ "migrate-data", cmd_migrate_data,
	    "copy a network to another database (SQLite to PostgreSQL)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: solidarity COMMAND [OPTIONS]\n\n"
	    "Mutual aid organizing: people, asks, offers, as pages and as "
	    "an API.\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f,
	    "\nsolidarity COMMAND --help describes each command.\n"
	    "solidarity --version prints the version.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	/* Before any JSON value: one allocator makes and frees them all. */
	arena_init();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("solidarity %s\n", VERSION);
		return 0;
	}
	/*
	 * What this program creates holds personal data: the database, the
	 * -wal and -shm files SQLite makes beside it (with the database's
	 * mode), backups and their temporary files. Its owner alone may
	 * read it, whatever umask we were started with.
	 */
	umask(077);
	/* Passwords, tokens and sessions all need libsodium ready. */
	if (secret_init() == -1) {
		fprintf(stderr, "solidarity: cannot initialise libsodium\n");
		return 1;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr,
	    "solidarity: unknown command '%s' (see solidarity "
	    "--help)\n",
	    argv[1]);
	return 2;
}
