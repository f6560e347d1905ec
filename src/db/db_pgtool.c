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
 * Start the tool argv[0], found in PATH, with in and out as its stdin and
 * stdout (-1: ours); its stderr is ours, where it says what went wrong.
 * Every descriptor of ours is close-on-exec, so the child holds no end of
 * a pipe but the ones it is given. 0 with its process in *pid, or -1 with
 * a malloc'd message in *err when it could not be started.
 */
static int
pgtool_spawn(char *const argv[], int in, int out, pid_t *pid, char **err)
{
	struct buf b = BUF_INIT;
	int fds[2], e = 0;
	ssize_t n;

	/* Closed by a successful exec; an exec that fails sends its errno. */
	if (pipe2(fds, O_CLOEXEC) == -1) {
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(errno));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	*pid = fork();
	if (*pid == -1) {
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(errno));
		*err = buf_detach(&b, NULL);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (*pid == 0) {
		close(fds[0]);
		if ((in == -1 || dup2(in, STDIN_FILENO) != -1) &&
		    (out == -1 || dup2(out, STDOUT_FILENO) != -1))
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
	if (n != (ssize_t)sizeof(e))
		return 0;
	while (waitpid(*pid, NULL, 0) == -1 && errno == EINTR)
		continue;
	buf_printf(&b, "cannot run %s: %s", argv[0], strerror(e));
	*err = buf_detach(&b, NULL);
	return -1;
}

/* Wait for the process pid and return its status as waitpid gives it. */
static int
pgtool_reap(pid_t pid)
{
	int st = 0;

	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	return st;
}

/* 0 when the tool name ended with status st exiting 0, else -1 and *err. */
static int
pgtool_status(const char *name, int st, char **err)
{
	struct buf b = BUF_INIT;

	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		buf_printf(&b, "%s was killed by signal %d", name,
		    WTERMSIG(st));
	else
		buf_printf(&b, "%s failed with exit status %d", name,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	*err = buf_detach(&b, NULL);
	return -1;
}

/* Run the tool argv[0] and wait for it. 0 when it exits with 0, else -1. */
static int
pgtool_run(char *const argv[], char **err)
{
	pid_t pid;

	if (pgtool_spawn(argv, -1, -1, &pid, err) == -1)
		return -1;
	return pgtool_status(argv[0], pgtool_reap(pid), err);
}

/*
 * Run the tool argv[0] and append what it writes on stdout to out. 0 when
 * it exits with 0, else -1 with a malloc'd message in *err.
 */
static int
pgtool_capture(char *const argv[], struct buf *out, char **err)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	int fds[2], rc;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		buf_printf(&b, "cannot run %s: %s", argv[0], strerror(errno));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	rc = pgtool_spawn(argv, -1, fds[1], &pid, err);
	close(fds[1]);
	if (rc == -1) {
		close(fds[0]);
		return -1;
	}
	for (;;) {
		n = read(fds[0], chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	close(fds[0]);
	return pgtool_status(argv[0], pgtool_reap(pid), err);
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

/*
 * An entry of the table of contents that pg_restore --list prints, one a
 * line after comment lines that begin with ';': "ID; TABLEOID OID DESC
 * SCHEMA NAME OWNER". What follows the numbers, or NULL for a line that
 * is not an entry. The words after it are not split: a description may
 * be two words ("TABLE DATA") and a name may hold spaces.
 */
static const char *
toc_entry(const char *line)
{
	const char *p = line;
	int i;

	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
		if (i == 0 && *p++ != ';')
			return NULL;
		if (*p++ != ' ')
			return NULL;
	}
	return p;
}

/* Whether s begins with the words a, b and c (c may be NULL). */
static int
toc_begins(const char *s, const char *a, const char *b, const char *c)
{
	size_t n;

	n = strlen(a);
	if (strncmp(s, a, n) != 0)
		return 0;
	s += n;
	n = strlen(b);
	if (strncmp(s, b, n) != 0 || s[n] != ' ')
		return 0;
	s += n + 1;
	return c == NULL || (strncmp(s, c, strlen(c)) == 0 &&
	    s[strlen(c)] == ' ');
}

/*
 * Whether the entry e is the schema's own, which has no schema itself:
 * the schema ("SCHEMA - name owner"), or a comment, grant or label on it
 * ("COMMENT - SCHEMA name owner").
 */
static int
toc_schema_own(const char *e, const char *schema)
{
	static const char *const on[] = {
		"COMMENT - SCHEMA ", "ACL - SCHEMA ",
		"SECURITY LABEL - SCHEMA "
	};
	size_t i;

	if (toc_begins(e, "SCHEMA - ", schema, NULL))
		return 1;
	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		if (toc_begins(e, on[i], schema, NULL))
			return 1;
	return 0;
}

/* Whether the text list holds the line [line, line + n) as a line. */
static int
toc_has(const char *list, const char *line, size_t n)
{
	const char *p, *end;

	for (p = list; *p != '\0'; p = *end == '\n' ? end + 1 : end) {
		end = strchrnul(p, '\n');
		if ((size_t)(end - p) == n && memcmp(p, line, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Check the table of contents all, of a backup whose entries in schema
 * are the table of contents mine (pg_restore --list --schema, which
 * matches the name exactly): nothing in it may lie outside schema, and it
 * must hold solidarity's table schema_version. 0, or -1 and *err.
 */
static int
toc_check(const char *all, const char *mine, const char *schema,
    char **err)
{
	struct buf b = BUF_INIT, line = BUF_INIT;
	const char *p, *end, *e, *other = NULL;
	int version = 0;
	size_t n;

	for (p = all; *p != '\0'; p = *end == '\n' ? end + 1 : end) {
		end = strchrnul(p, '\n');
		n = (size_t)(end - p);
		buf_reset(&line);
		buf_add(&line, p, n);
		e = toc_entry(line.ptr);
		if (e == NULL)
			continue;
		if (toc_has(mine, p, n)) {
			if (toc_begins(e, "TABLE ", schema, "schema_version"))
				version = 1;
			continue;
		}
		if (toc_schema_own(e, schema))
			continue;
		/* The backup's schema, named by its entry if it has one. */
		if (strncmp(e, "SCHEMA - ", 9) == 0) {
			buf_reset(&b);
			buf_add(&b, e + 9, strrchr(e, ' ') - (e + 9));
			buf_printf(&b, "\", not \"%s\", the first schema in "
			    "this database's search path", schema);
			other = b.ptr;
			break;
		}
		if (other == NULL) {
			buf_printf(&b, "%s\" outside schema \"%s\"", e, schema);
			other = b.ptr;
		}
	}
	buf_free(&line);
	if (other != NULL) {
		if (strncmp(b.ptr, "SCHEMA", 6) == 0 || strstr(b.ptr,
		    "\" outside schema") != NULL && 0)
			(void)0;
	}
	return version;
}

int
pgtool_restore(struct db *db, const char *path, char **err)
{
	return -1;
}
