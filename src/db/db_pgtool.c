/*
 * PostgreSQL's backups, made and restored by its own tools: pg_dump,
 * pg_restore and psql run as child processes (fork and exec, never a
 * shell, so no name or URL is ever read as shell words), connecting as
 * db_open did.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "db_backend.h"
#include "sqltext.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/banned.h"

/* Where the program's tables are: the first schema of the search path. */
static const char *const schema_sql = "SELECT current_schema() AS name";
/*
 * Where a restore goes: the schema in use, or, when no schema of the
 * search path exists yet (a new database), the first one it names, as
 * PostgreSQL reads it ("$user" being the user), which the restore makes.
 */
static const char *const target_sql =
    "SELECT coalesce(current_schema(), (SELECT CASE p WHEN '$user' THEN "
    "session_user ELSE p END FROM (SELECT (parse_ident(current_setting("
    "'search_path'), false))[1] AS p) AS s)) AS name";
/*
 * Something outside schema ? that depends on something in it, which a
 * DROP SCHEMA … CASCADE would drop too: a view over its tables, a foreign
 * key into them, a trigger calling its function. A rule, trigger, column
 * default or policy has no schema of its own but its table's. Only
 * normal dependencies: a table's own parts (its TOAST table, which is in
 * pg_toast) depend on it too.
 */
static const char *const dependents_sql =
    "SELECT o.type || ' ' || o.identity AS what FROM pg_depend d "
    "CROSS JOIN LATERAL pg_identify_object(d.refclassid, d.refobjid, 0) r "
    "CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, 0) o "
    "LEFT JOIN (SELECT 'pg_rewrite'::regclass AS cls, oid, ev_class AS rel "
    "FROM pg_rewrite UNION ALL SELECT 'pg_trigger'::regclass, oid, tgrelid "
    "FROM pg_trigger UNION ALL SELECT 'pg_attrdef'::regclass, oid, adrelid "
    "FROM pg_attrdef UNION ALL SELECT 'pg_policy'::regclass, oid, polrelid "
    "FROM pg_policy) AS part ON part.cls = d.classid AND part.oid = d.objid "
    "LEFT JOIN pg_class c ON c.oid = part.rel "
    "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE d.deptype = 'n' AND r.schema = ? "
    "AND coalesce(o.schema, n.nspname) IS DISTINCT FROM r.schema LIMIT 1";
/* Other sessions of this program on the database, such as a server's. */
static const char *const sessions_sql =
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND application_name = 'solidarity'";

/*
 * Start the tool argv[0], found in PATH, with in and out as its stdin and
 * stdout (-1: ours); its stderr is ours, where it says what went wrong.
 * The pipes that in and out belong to must be close-on-exec: a child
 * holding the write end of its own input would never see it end. 0 with
 * its process in *pid, or -1 with a malloc'd message in *err when it
 * could not be started.
 */
static int
pgtool_spawn(char *const argv[], char *const envp[], int in, int out,
    pid_t *pid, char **err)
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
			execvpe(argv[0], argv, envp != NULL ? envp : environ);
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

/*
 * 0 when st, the tool name's status from waitpid, is an exit with 0;
 * else -1 with a malloc'd message in *err.
 */
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

/*
 * Run the tool argv[0] in the environment envp (NULL: ours) and wait for
 * it. 0 when it exits with 0, else -1.
 */
static int
pgtool_run(char *const argv[], char *const envp[], char **err)
{
	pid_t pid;

	if (pgtool_spawn(argv, envp, -1, -1, &pid, err) == -1)
		return -1;
	return pgtool_status(argv[0], pgtool_reap(pid), err);
}

/*
 * Run the tool argv[0] and append what it writes on stdout to out. 0 when
 * it exits with 0; 1 when it ran and failed, -1 when it could not be run,
 * with a malloc'd message in *err.
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
	rc = pgtool_spawn(argv, NULL, -1, fds[1], &pid, err);
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
	if (n == -1)
		buf_printf(&b, "cannot read from %s: %s", argv[0],
		    strerror(errno));
	close(fds[0]);
	if (pgtool_status(argv[0], pgtool_reap(pid), err) == -1) {
		rc = 1;
	} else if (b.len > 0) {
		*err = buf_detach(&b, NULL);
		rc = 1;
	}
	buf_free(&b);
	return rc;
}

/*
 * How a tool connects as db did: --dbname with the connection string
 * without its password, which goes in the tool's environment instead
 * (PGPASSWORD): anyone on the machine may read a process's arguments,
 * only its owner its environment.
 */
struct pgtool_conn {
	char *dbname;   /* "--dbname=…" */
	char **envp;    /* ours and PGPASSWORD, or NULL: ours */
	char *password; /* "PGPASSWORD=…", which envp holds */
};

/* Append value to b in single quotes, as libpq's key=value words read. */
static void
pgtool_word(struct buf *b, const char *value)
{
	const char *p;

	buf_addc(b, '\'');
	for (p = value; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '\'');
}

static int
pgtool_conn_make(struct db *db, struct pgtool_conn *c)
{
	struct buf b = BUF_INIT, pw = BUF_INIT;
	PQconninfoOption *opts, *o;
	size_t n = 0, i, k = 0;

	memset(c, 0, sizeof(*c));
	buf_adds(&b, "--dbname=");
	/* Not a connection string (a bare database name): no password. */
	opts = PQconninfoParse(db->conninfo, NULL);
	if (opts == NULL) {
		buf_adds(&b, db->conninfo);
		c->dbname = buf_detach(&b, NULL);
		return 0;
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "password") == 0) {
			buf_printf(&pw, "PGPASSWORD=%s", o->val);
			continue;
		}
		if (b.len > strlen("--dbname="))
			buf_addc(&b, ' ');
		buf_printf(&b, "%s=", o->keyword);
		pgtool_word(&b, o->val);
	}
	PQconninfoFree(opts);
	c->dbname = buf_detach(&b, NULL);
	if (pw.len == 0)
		return 0;
	c->password = buf_detach(&pw, NULL);
	while (environ[n] != NULL)
		n++;
	c->envp = calloc(n + 2, sizeof(*c->envp));
	if (c->envp == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "PGPASSWORD=", 11) != 0)
			c->envp[k++] = environ[i];
	c->envp[k] = c->password;
	return 0;
}

static void
pgtool_conn_free(struct pgtool_conn *c)
{
	if (c->password != NULL) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c->envp);
	free(c->dbname);
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
 * pg_dump's --schema for exactly the schema name, quoted as SQL quotes
 * a name: pg_dump's pattern reads it so too (case and wildcard
 * characters alike). Malloc'd.
 */
static char *
pgtool_schema(const char *name)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "--schema=");
	sqltext_quote_name(&b, name);
	return buf_detach(&b, NULL);
}

/*
 * The column "name" of the row sql returns, owned by *row (the caller
 * decrefs it), or NULL with *err: "cannot find what", then the database's
 * error, or none when sql returned no name.
 */
static const char *
pgtool_name(struct db *db, const char *sql, const char *what, const char *none,
    json_t **row, char **err)
{
	struct buf b = BUF_INIT;
	const char *name = NULL;

	if (db_row(db, sql, NULL, 0, row) == 1)
		name = json_string_value(json_object_get(*row, "name"));
	if (name == NULL) {
		buf_printf(&b, "cannot find %s: %s", what,
		    db_errcode(db) != DB_OK ? db_errmsg(db) : none);
		*err = buf_detach(&b, NULL);
	}
	return name;
}

int
pgtool_backup(struct db *db, const char *path, char **err)
{
	struct pgtool_conn conn = { 0 };
	char *file = NULL, *schema = NULL;
	const char *name;
	json_t *row = NULL;
	int rc = -1;

	name = pgtool_name(db, schema_sql, "the schema in use",
	    "no schema of the search path exists", &row, err);
	if (name == NULL)
		goto out;
	if (pgtool_conn_make(db, &conn) == -1) {
		*err = xstrdup("out of memory");
		goto out;
	}
	file = pgtool_opt("file", path);
	schema = pgtool_schema(name);
	{
		/* --no-password: fail, as the server does, rather than ask. */
		char *const argv[] = { "pg_dump", "--format=custom",
			"--no-password", file, schema, conn.dbname, NULL };

		rc = pgtool_run(argv, conn.envp, err);
	}
out:
	json_decref(row);
	free(file);
	free(schema);
	pgtool_conn_free(&conn);
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

/*
 * Whether s begins with a, then the word b, then (unless c is NULL) the
 * word c, each word followed by a space.
 */
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
	return c == NULL ||
	    (strncmp(s, c, strlen(c)) == 0 && s[strlen(c)] == ' ');
}

/*
 * Whether the entry e is the schema's own, which has no schema itself:
 * the schema ("SCHEMA - name owner"), or a comment, grant or label on it
 * ("COMMENT - SCHEMA name owner").
 */
static int
toc_schema_own(const char *e, const char *schema)
{
	static const char *const on[] = { "COMMENT - SCHEMA ", "ACL - SCHEMA ",
		"SECURITY LABEL - SCHEMA " };
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
 * Check the table of contents all of a backup, given mine, the entries
 * it holds in schema (pg_restore --list --schema, which matches the name
 * exactly): nothing may lie outside schema but the schema's own entries,
 * and solidarity's table schema_version must be there. 0, or -1 with a
 * malloc'd message in *err naming what is wrong.
 */
int
toc_check(const char *all, const char *mine, const char *schema, char **err)
{
	struct buf b = BUF_INIT, name = BUF_INIT, outside = BUF_INIT;
	const char *p, *end, *e, *last;
	int version = 0;
	size_t n;

	for (p = all; *p != '\0'; p = *end == '\n' ? end + 1 : end) {
		end = strchrnul(p, '\n');
		n = (size_t)(end - p);
		buf_reset(&b);
		buf_add(&b, p, n);
		e = toc_entry(b.ptr);
		if (e == NULL)
			continue;
		if (toc_has(mine, p, n)) {
			if (toc_begins(e, "TABLE ", schema, "schema_version"))
				version = 1;
		} else if (toc_schema_own(e, schema)) {
			continue;
		} else if (strncmp(e, "SCHEMA - ", 9) == 0 && name.len == 0) {
			/* The name runs to the owner, the last word. */
			e += 9;
			last = strrchr(e, ' ');
			buf_add(&name, e,
			    last != NULL ? (size_t)(last - e) : strlen(e));
		} else if (outside.len == 0) {
			buf_adds(&outside, e);
		}
	}
	buf_reset(&b);
	if (name.len > 0)
		buf_printf(&b,
		    "the backup is of schema \"%s\", not \"%s\", "
		    "the first schema in this database's search path",
		    name.ptr, schema);
	else if (outside.len > 0)
		buf_printf(&b, "the backup holds more than schema \"%s\": %s",
		    schema, outside.ptr);
	else if (!version)
		buf_printf(&b,
		    "not a backup of solidarity: no table "
		    "schema_version in schema \"%s\"",
		    schema);
	buf_free(&name);
	buf_free(&outside);
	if (b.len == 0) {
		buf_free(&b);
		return 0;
	}
	*err = buf_detach(&b, NULL);
	return -1;
}

/*
 * Read the table of contents of the backup at path and check it with
 * toc_check. A file that pg_restore cannot list is no backup at all.
 */
static int
pgtool_toc(const char *path, const char *schema, char **err)
{
	struct buf all = BUF_INIT, mine = BUF_INIT, b = BUF_INIT;
	char *opt, *why = NULL;
	int rc = -1;

	opt = pgtool_opt("schema", schema);
	{
		char *const list[] = { "pg_restore", "--list", "--",
			(char *)path, NULL };
		char *const only[] = { "pg_restore", "--list", opt, "--",
			(char *)path, NULL };

		switch (pgtool_capture(list, &all, &why)) {
		case 0:
			break;
		case 1:
			buf_printf(&b, "not a backup: %s", why);
			*err = buf_detach(&b, NULL);
			goto out;
		default:
			*err = why;
			why = NULL;
			goto out;
		}
		if (pgtool_capture(only, &mine, err) != 0)
			goto out;
	}
	buf_adds(&all, "");
	buf_adds(&mine, "");
	rc = toc_check(all.ptr, mine.ptr, schema, err);
out:
	free(why);
	free(opt);
	buf_free(&all);
	buf_free(&mine);
	return rc;
}

/* The SQL before, name between and after, for psql's -c. Malloc'd. */
static char *
pgtool_sql(const char *before, const char *name, const char *after)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, before);
	sqltext_quote_name(&b, name);
	buf_adds(&b, after);
	return buf_detach(&b, NULL);
}

/*
 * Run restore writing into psql through a pipe, psql in the environment
 * envp, and wait for both: 0, or -1 with a malloc'd message in *err.
 */
static int
pgtool_pipe(char *const restore[], char *const psql[], char *const envp[],
    char **err)
{
	struct buf b = BUF_INIT;
	int fds[2], rst, pst;
	pid_t rpid, ppid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		buf_printf(&b, "cannot run psql: %s", strerror(errno));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	if (pgtool_spawn(psql, envp, fds[0], -1, &ppid, err) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[0]);
	/*
	 * Our end of the pipe stays open until pg_restore has ended well:
	 * psql commits when its input ends, and a script that pg_restore
	 * cut short (a damaged backup) would otherwise end it and be
	 * committed, half a restore. Instead psql is killed with the
	 * transaction open, which the server rolls back.
	 */
	if (pgtool_spawn(restore, NULL, -1, fds[1], &rpid, err) == -1) {
		kill(ppid, SIGKILL);
		close(fds[1]);
		pgtool_reap(ppid);
		return -1;
	}
	rst = pgtool_reap(rpid);
	if (!WIFEXITED(rst) || WEXITSTATUS(rst) != 0)
		kill(ppid, SIGKILL);
	close(fds[1]);
	pst = pgtool_reap(ppid);
	/*
	 * psql failing by itself comes first: pg_restore then fails only
	 * for want of a reader. psql killed here is pg_restore's failure.
	 */
	if (WIFEXITED(pst) && WEXITSTATUS(pst) != 0)
		return pgtool_status("psql", pst, err);
	if (pgtool_status("pg_restore", rst, err) == -1)
		return -1;
	return pgtool_status("psql", pst, err);
}

/*
 * Replace schema with the backup at path: pg_restore writes the backup's
 * objects in schema as an SQL script into a pipe, and psql runs it after
 * dropping the schema with all it holds and making it anew, all in one
 * transaction. 0, or -1 with a malloc'd message in *err.
 */
static int
pgtool_replace(struct db *db, const char *path, const char *schema, char **err)
{
	struct pgtool_conn conn;
	struct buf newer = BUF_INIT;
	char *only, *drop, *create, *check;
	int rc;

	if (pgtool_conn_make(db, &conn) == -1) {
		pgtool_conn_free(&conn);
		*err = xstrdup("out of memory");
		return -1;
	}
	only = pgtool_opt("schema", schema);
	drop = pgtool_sql("DROP SCHEMA IF EXISTS ", schema, " CASCADE");
	create = pgtool_sql("CREATE SCHEMA ", schema, "");
	/*
	 * A backup of a newer program would leave a database this one cannot
	 * open: refused last, inside the transaction, which it rolls back.
	 */
	buf_printf(&newer,
	    ".schema_version) > %d THEN RAISE EXCEPTION 'the backup is of a "
	    "newer solidarity than this one (schema %d): upgrade solidarity "
	    "to restore it'; END IF; END $$",
	    db_schema_latest(), db_schema_latest());
	check = pgtool_sql("DO $$ BEGIN IF (SELECT max(version) FROM ", schema,
	    newer.ptr);
	buf_free(&newer);
	{
		/*
		 * --schema: the script holds only what lies in schema, so it
		 * can write nowhere else, and never makes the schema itself
		 * (the custom and public schemas alike; pg_dump leaves
		 * public out of a whole database's dump), which is why the
		 * schema is made here. The objects go to whoever restores
		 * them, and the grants of another cluster's roles are not
		 * wanted here. The notices of the drop say nothing useful.
		 * lock_timeout: a session that is not solidarity's (so not
		 * counted as "in use"), holding a table of the schema, makes
		 * the drop fail in 5 s instead of waiting for ever.
		 */
		char *const restore[] = { "pg_restore", "--no-owner",
			"--no-privileges", only, "--file=-", "--", (char *)path,
			NULL };
		char *const psql[] = { "psql", "--no-psqlrc", "--no-password",
			"--quiet", "--single-transaction",
			"--set=ON_ERROR_STOP=1", "--output=/dev/null",
			"--command=SET client_min_messages = warning",
			"--command=SET lock_timeout = '5s'", "--command", drop,
			"--command", create, "--file=-", "--command", check,
			conn.dbname, NULL };

		rc = pgtool_pipe(restore, psql, conn.envp, err);
	}
	pgtool_conn_free(&conn);
	free(only);
	free(drop);
	free(create);
	free(check);
	return rc;
}

/* 0 when no other session of solidarity is connected, else -1 and *err. */
static int
pgtool_alone(struct db *db, char **err)
{
	struct buf b = BUF_INIT;
	int64_t others = 0;

	if (db_int(db, sessions_sql, NULL, 0, &others) != 1)
		buf_printf(&b, "cannot see who else is connected: %s",
		    db_errmsg(db));
	else if (others > 0)
		buf_printf(&b,
		    "in use by %lld other sessions of solidarity: "
		    "stop the server on it first",
		    (long long)others);
	else
		return 0;
	*err = buf_detach(&b, NULL);
	return -1;
}

/*
 * 0 when nothing outside schema depends on what is in it, else -1 and
 * *err naming one such thing: dropping the schema with CASCADE would drop
 * it too, damage beyond the database being restored.
 */
static int
pgtool_dependents(struct db *db, const char *schema, char **err)
{
	struct buf b = BUF_INIT;
	struct db_val arg = DBV_TEXT(schema);
	json_t *row = NULL;

	switch (db_row(db, dependents_sql, &arg, 1, &row)) {
	case 0:
		return 0;
	case 1:
		buf_printf(&b,
		    "%s, outside schema \"%s\", depends on it and "
		    "would be dropped: drop it first",
		    json_string_value(json_object_get(row, "what")), schema);
		break;
	default:
		buf_printf(&b, "cannot see what depends on schema \"%s\": %s",
		    schema, db_errmsg(db));
		break;
	}
	json_decref(row);
	*err = buf_detach(&b, NULL);
	return -1;
}

int
pgtool_restore(struct db *db, const char *path, char **err)
{
	struct buf b = BUF_INIT;
	const char *schema = NULL;
	json_t *row = NULL;
	int rc = -1;

	/* psql would wait for this connection's locks, and it for psql. */
	if (db->depth > 0) {
		*err = xstrdup("cannot restore inside a transaction");
		return -1;
	}
	if (pgtool_alone(db, err) == -1)
		return -1;
	schema = pgtool_name(db, target_sql, "the schema to restore into",
	    "the search path is empty", &row, err);
	if (schema == NULL)
		goto out;
	if (pgtool_toc(path, schema, err) == -1 ||
	    pgtool_dependents(db, schema, err) == -1 ||
	    pgtool_replace(db, path, schema, err) == -1)
		goto out;
	if (db_schema_version(db) == 0) {
		buf_printf(&b,
		    "restored, but schema \"%s\" shows no schema "
		    "version",
		    schema);
		*err = buf_detach(&b, NULL);
		goto out;
	}
	rc = 0;
out:
	json_decref(row);
	return rc;
}
