/*
 * solidarity backup and solidarity restore: a consistent copy of the
 * database taken while the server runs, and the way back from one.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/banned.h"

static const char backup_usage[] =
    "usage: solidarity backup FILE [--db URL] [--force]\n\n"
    "Write a copy of the database to FILE as it was when the backup began,\n"
    "while the server goes on serving and writing. SQLite: a plain SQLite\n"
    "file, copied with SQLite's online backup API and checked with\n"
    "PRAGMA integrity_check. PostgreSQL: pg_dump's custom format of the\n"
    "schema in use (pg_dump must be installed). FILE appears only when\n"
    "complete, readable by its owner alone: it holds personal data.\n\n"
    "  --db URL   the database: an SQLite file (default " CMD_DEFAULT_DB ")\n"
    "             or postgres://…\n"
    "  --force    replace FILE if it exists\n"
    "  --help     show this help\n";

static const char restore_usage[] =
    "usage: solidarity restore FILE [--db URL] [--force]\n\n"
    "Replace the database with the backup in FILE, made by solidarity\n"
    "backup. Stop the server first: a restore is refused while another\n"
    "process has the SQLite file open, or while other sessions of\n"
    "solidarity are connected to the PostgreSQL database (a server that\n"
    "has not served a request yet may hold no connection, and go unseen).\n"
    "SQLite: the backup is checked, copied in with SQLite's backup API and\n"
    "the result checked again. PostgreSQL: the backup must be of the\n"
    "schema the database uses (the first in its search path), and\n"
    "nothing outside it may depend on it; in one transaction the schema\n"
    "is dropped with all it holds and made anew from the backup (pg_restore\n"
    "and psql must be installed). A restore that fails changes nothing.\n"
    "A database that already holds data is replaced only with --force.\n"
    "The next solidarity serve or init brings an older backup's schema\n"
    "up to date; a newer program's backup is refused, even with --force.\n\n"
    "  --db URL   the database: an SQLite file (default " CMD_DEFAULT_DB ")\n"
    "             or postgres://…\n"
    "  --force    replace a database that holds data\n"
    "  --help     show this help\n";

/*
 * The options both commands take: --db, --force, --help and one FILE.
 * Returns -1 to go on, or the exit status to return at once.
 */
static int
backup_args(int argc, char **argv, const char *usage, const char **url,
    const char **file, int *force)
{
	const struct cmd_opt opts[] = { { "db", .text = url },
		{ "force", .flag = force }, { NULL } };
	char **words;
	int rc;

	*url = CMD_DEFAULT_DB;
	*force = 0;
	rc = cmd_options(argc, argv, usage, opts, 1, &words);
	if (rc != -1)
		return rc;
	if (words[0][0] == '\0')
		return cmd_usage_error(usage);
	*file = words[0];
	return -1;
}

/* What the progress line says it is doing. */
static char what_backup[] = "backup", what_restore[] = "restore";

/* On a terminal, one line that counts up to 100%. */
static void
backup_progress(int pct, void *arg)
{
	const char *what = arg;

	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\rsolidarity: %s: %3d%%", what, pct);
	if (pct >= 100)
		fputc('\n', stderr);
	fflush(stderr);
}

/* fsync path (a file, or a directory for the names in it). 0 or -1. */
static int
backup_sync(const char *path)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory that holds file, for its fsync. Malloc'd. */
static char *
backup_dir(const char *file)
{
	char *copy = xstrdup(file), *dir;

	dir = xstrdup(dirname(copy));
	free(copy);
	return dir;
}

/*
 * Give the finished backup tmp its name: replacing file with --force,
 * else only if there is still no file (a hard link fails when there is,
 * atomically), and make the name durable. 0, or -1 after saying why.
 */
static int
backup_publish(const char *tmp, const char *file, int force)
{
	char *dir;
	int rc = 0;

	if (force) {
		if (rename(tmp, file) == -1) {
			fprintf(stderr, "solidarity: cannot write %s: %s\n",
			    file, strerror(errno));
			return -1;
		}
	} else {
		if (link(tmp, file) == -1) {
			if (errno == EEXIST)
				fprintf(stderr,
				    "solidarity: %s exists: use "
				    "--force to replace it\n",
				    file);
			else
				fprintf(stderr,
				    "solidarity: cannot write %s: "
				    "%s\n",
				    file, strerror(errno));
			return -1;
		}
		unlink(tmp);
	}
	dir = backup_dir(file);
	if (backup_sync(dir) == -1) {
		fprintf(stderr, "solidarity: cannot sync %s: %s\n", dir,
		    strerror(errno));
		rc = -1;
	}
	free(dir);
	return rc;
}

int
cmd_backup(int argc, char **argv)
{
	struct buf tmp = BUF_INIT;
	const char *url, *file, *path;
	struct db *db = NULL;
	struct stat sb;
	char *err = NULL;
	int fd, force, rc;

	rc = backup_args(argc, argv, backup_usage, &url, &file, &force);
	if (rc != -1)
		return rc;
	rc = 1;
	if (!force && lstat(file, &sb) == 0) {
		fprintf(stderr,
		    "solidarity: %s exists: use --force to replace "
		    "it\n",
		    file);
		return 1;
	}
	/* Opening an SQLite file that is not there would make one. */
	path = db_url_path(url);
	if (path != NULL && access(path, F_OK) == -1) {
		fprintf(stderr, "solidarity: cannot back up %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	db = db_open(url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		goto out;
	}
	/* Written beside its name, so that FILE is never a part of one. */
	buf_printf(&tmp, "%s.tmp-XXXXXX", file);
	fd = mkstemp(tmp.ptr);
	if (fd == -1) {
		fprintf(stderr, "solidarity: cannot write %s: %s\n", file,
		    strerror(errno));
		goto out;
	}
	close(fd);
	if (db_backup(db, tmp.ptr, backup_progress, what_backup, &err) == -1) {
		fprintf(stderr, "solidarity: cannot back up %s: %s\n",
		    db_name(db), err);
		unlink(tmp.ptr);
		goto out;
	}
	if (backup_sync(tmp.ptr) == -1 || lstat(tmp.ptr, &sb) == -1) {
		fprintf(stderr, "solidarity: cannot sync %s: %s\n", tmp.ptr,
		    strerror(errno));
		unlink(tmp.ptr);
		goto out;
	}
	if (backup_publish(tmp.ptr, file, force) == -1) {
		unlink(tmp.ptr);
		goto out;
	}
	printf("solidarity: backup of %s written to %s (%lld bytes)\n",
	    db_name(db), file, (long long)sb.st_size);
	rc = 0;
out:
	free(err);
	buf_free(&tmp);
	db_close(db);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	const char *url, *file, *path;
	struct db *db = NULL;
	char *err = NULL;
	int force, rc, version, made = 0;

	rc = backup_args(argc, argv, restore_usage, &url, &file, &force);
	if (rc != -1)
		return rc;
	rc = 1;
	if (access(file, R_OK) == -1) {
		fprintf(stderr, "solidarity: cannot read %s: %s\n", file,
		    strerror(errno));
		return 1;
	}
	/* An SQLite file that was not there is not left behind on failure. */
	path = db_url_path(url);
	made = path != NULL && access(path, F_OK) == -1;
	db = db_open(url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		goto out;
	}
	version = db_schema_version(db);
	if (version > 0 && !force) {
		fprintf(stderr,
		    "solidarity: database %s holds data (schema "
		    "%d): use --force to replace it\n",
		    db_name(db), version);
		goto out;
	}
	if (db_restore(db, file, backup_progress, what_restore, &err) == -1) {
		fprintf(stderr, "solidarity: cannot restore %s: %s\n",
		    db_name(db), err);
		goto out;
	}
	printf("solidarity: database %s restored from %s (schema %d)\n",
	    db_name(db), file, db_schema_version(db));
	rc = 0;
out:
	free(err);
	db_close(db);
	if (rc != 0 && made)
		unlink(path);
	return rc;
}
