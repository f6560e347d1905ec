/*
 * PostgreSQL's backups, made and restored by its own tools: pg_dump and
 * pg_restore run as child processes (fork and exec, never a shell, so no
 * name or URL is ever read as shell words), connecting as db_open did.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db_backend.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/banned.h"

/* Where the program's tables are: the first schema of the search path. */
static const char *const schema_sql = "SELECT current_schema() AS name";
/* Other sessions of this program on the database, such as a server's. */
static const char *const sessions_sql =
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND application_name = 'solidarity'";

/*
 * Run the tool argv[0], found in PATH, and wait for it. Its stderr is
 * ours, where it says what went wrong. 0 when it exits with 0, else -1
 * with a malloc'd message in *err.
 */
static int
pgtool_run(char *const argv[], char **err)
{
	struct buf b = BUF_INIT;
	int fds[2], st = 0, e = 0;
	ssize_t n;
	pid_t pid;

	/* Closed by a successful exec; an exec that fails sends its errno. */
	if (pipe2(fds, O_CLOEXEC) == -1) {
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(errno));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == -1) {
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(errno));
		*err = buf_detach(&b, NULL);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		execvp(argv[0], argv);
		e = errno;
		if (write(fds[1], &e, sizeof(e)) == -1)
			_exit(126);
		_exit(127);
	}
	close(fds[1]);
	do
		n = read(fds[0], &e, sizeof(e));
	while (n == -1 && errno == EINTR);
	close(fds[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	if (n == (ssize_t)sizeof(e))
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(e));
	else if (WIFSIGNALED(st))
		buf_printf(&b, "%s was killed by signal %d", argv[0],
		    WTERMSIG(st));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		buf_printf(&b, "%s failed with exit status %d", argv[0],
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else
		return 0;
	*err = buf_detach(&b, NULL);
	return -1;
}

/* "--name=value", malloc'd. */
static char *
pgtool_opt(const char *name, const char *value)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "--%s=%s", name, value);
	return buf_detach(&b, NULL);
}

/*
 * pg_dump's --schema takes a pattern: in double quotes (a quote doubled)
 * the name is matched exactly, case and wildcard characters alike.
 */
static char *
pgtool_schema(const char *name)
{
	struct buf b = BUF_INIT;
	const char *p;

	buf_adds(&b, "--schema=\"");
	for (p = name; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	return buf_detach(&b, NULL);
}

int
pgtool_backup(struct db *db, const char *path, char **err)
{
	struct buf b = BUF_INIT;
	char *file = NULL, *schema = NULL, *conn = NULL;
	const char *name = NULL;
	json_t *row = NULL;
	int rc = -1;

	if (db_row(db, schema_sql, NULL, 0, &row) == 1)
		name = json_string_value(json_object_get(row, "name"));
	if (name == NULL) {
		buf_printf(&b, "cannot find the schema in use: %s",
		    db_errcode(db) != DB_OK ? db_errmsg(db) :
		    "no schema of the search path exists");
		*err = buf_detach(&b, NULL);
		goto out;
	}
	file = pgtool_opt("file", path);
	schema = pgtool_schema(name);
	conn = pgtool_opt("dbname", db->conninfo);
	{
		/* --no-password: fail, as the server does, rather than ask. */
		char *const argv[] = { "pg_dump", "--format=custom",
		    "--no-password", file, schema, conn, NULL };

		rc = pgtool_run(argv, err);
	}
out:
	json_decref(row);
	free(file);
	free(schema);
	free(conn);
	return rc;
}

int
pgtool_restore(struct db *db, const char *path, char **err)
{
	struct buf b = BUF_INIT;
	char *conn = NULL;
	int64_t others = 0;
	int rc = -1;

	if (db_int(db, sessions_sql, NULL, 0, &others) != 1) {
		buf_printf(&b, "cannot see who else is connected: %s",
		    db_errmsg(db));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	if (others > 0) {
		buf_printf(&b, "in use by %lld other sessions of solidarity: "
		    "stop the server on it first", (long long)others);
		*err = buf_detach(&b, NULL);
		return -1;
	}
	conn = pgtool_opt("dbname", db->conninfo);
	{
		/*
		 * One transaction: a restore that fails leaves the database
		 * as it was. The objects go to whoever restores them, and
		 * the grants of another cluster's roles are not wanted here.
		 */
		char *const argv[] = { "pg_restore", "--clean", "--if-exists",
		    "--single-transaction", "--exit-on-error", "--no-owner",
		    "--no-privileges", "--no-password", conn, "--",
		    (char *)path, NULL };

		rc = pgtool_run(argv, err);
	}
	free(conn);
	if (rc == 0 && db_schema_version(db) == 0) {
		buf_printf(&b, "restored, but no schema of solidarity is in "
		    "the search path: the backup's schema has another name");
		*err = buf_detach(&b, NULL);
		rc = -1;
	}
	return rc;
}
