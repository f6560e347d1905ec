/*
 * What the server leaves on the machine: database files and backups
 * readable by their owner only whatever the umask, a warning when others
 * may read the database's folder, and a log that a client closing
 * part-way cannot flood.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "client.h"

static struct server S;
static char errfile[128];	/* the server's stderr */

/* The permission bits of path, or -1 when it is not there. */
static int
mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

/* The lines of the server's stderr that hold s. */
static int
logged(const char *s)
{
	char line[512];
	FILE *f = fopen(errfile, "r");
	int n = 0;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, s) != NULL;
	if (f != NULL)
		fclose(f);
	return n;
}

static void
test_modes(void)
{
	char path[512], out[256];

	is_int(http_status(&S, "POST", "/zones", "{\"name\":\"Centro\"}"), 201,
	    "a write, so that SQLite's -wal and -shm are there");
	if (!server_is_pg(&S)) {
		is_int(mode_of(S.store.url), 0600, "the database: 0600 under "
		    "umask 000");
		snprintf(path, sizeof(path), "%s-wal", S.store.url);
		is_int(mode_of(path), 0600, "its -wal file too");
		snprintf(path, sizeof(path), "%s-shm", S.store.url);
		is_int(mode_of(path), 0600, "and its -shm file");
	}
	snprintf(path, sizeof(path), "%s/backup", S.dir);
	is_int(server_cli(&S, (const char *[]){ "backup", path, NULL }, out,
	    sizeof(out)), 0, "a backup on %s", server_is_pg(&S) ? "PostgreSQL" :
	    "SQLite");
	is_int(mode_of(path), 0600, "is 0600 under umask 000");
}

static void
test_folder(void)
{
	const char *warning = "others may read the database folder";

	is_int(logged(warning), 0, "a folder of the owner's alone: no warning");
	chmod(S.dir, 0755);
	is_int(server_restart(&S), 0, "the server restarts");
	/* PostgreSQL keeps its files itself: nothing of ours to check. */
	is_int(logged(warning), server_is_pg(&S) ? 0 : 1,
	    "others may read the folder: %s", server_is_pg(&S) ?
	    "nothing said on PostgreSQL" : "a warning on stderr");
	chmod(S.dir, 0700);
}

/* Clients that close part-way: one log line, not one each. */
static void
test_closing(void)
{
	static const char part[] = "POST /zones HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Length: 100\r\n\r\n{\"name\":";
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int i, fd, sent = 0;

	for (i = 0; i < 20; i++) {
		fd = server_dial(&S);
		if (fd == -1)
			continue;
		sent += send(fd, part, sizeof(part) - 1, MSG_NOSIGNAL) ==
		    (ssize_t)sizeof(part) - 1;
		nanosleep(&pause, NULL);
		close(fd);
	}
	is_int(sent, 20, "twenty clients send half a request and go");
	/* Until the server has seen them all go: a request answers after. */
	is_int(http_status(&S, "GET", "/zones", NULL), 200,
	    "the server answers the next");
	nanosleep(&pause, NULL);
	is_int(logged("incomplete request"), 1, "and wrote one line for them");
}

int
main(void)
{
	snprintf(errfile, sizeof(errfile), "/tmp/solidarity-private-%ld.err",
	    (long)getpid());
	unlink(errfile);
	server_errfile = errfile;
	/* Everything the commands and the server create from here. */
	umask(0);
	server_start(&S);
	test_modes();
	test_folder();
	test_closing();
	is_int(server_stop(&S), 0, "the server exits cleanly");
	unlink(errfile);
	return tap_done();
}
