/*
 * A main() for the fuzz harnesses outside libFuzzer: feeds every file named
 * on the command line (or found in the directories named) to
 * LLVMFuzzerTestOneInput once, so make test replays the corpus and every
 * committed crasher (fuzz/regression/NAME/) under the sanitizers. One TAP
 * line per path named; a path that is not there fails, so a misspelt or
 * forgotten folder cannot pass for an empty one, and so does a corpus
 * that holds no input. Usage: replay CORPUS… [-r REGRESSION]…
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	/* On stderr, whose end tests/run shows: the input that failed. */
	fprintf(stderr, "replay: %s\n", path);
	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.ptr ? b.ptr : ""), b.len);
	buf_free(&b);
	return 0;
}

static int
replay_path(const char *path, int *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	struct buf p = BUF_INIT;
	int rc = 0;

	if (stat(path, &st) == -1) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", path, e->d_name);
		if (replay_path(p.ptr, count) == -1)
			rc = -1;
	}
	closedir(d);
	buf_free(&p);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, n = 0, count, rc = 0, bad, regression;

	/*
	 * An input that trips a sanitizer or an abort() ends the program
	 * before its line; tests/run counts the exit status as a failure.
	 * A corpus that yields no input fails: an emptied or misplaced
	 * corpus would otherwise replay nothing and pass. Only a folder of
	 * crashers, named after -r, may be empty: none were found yet.
	 */
	for (i = 1; i < argc; i++) {
		regression = strcmp(argv[i], "-r") == 0 && i + 1 < argc;
		if (regression)
			i++;
		count = 0;
		bad = replay_path(argv[i], &count) == -1 ||
		    (count == 0 && !regression);
		printf("%sok %d - %s: replayed %d inputs without a sanitizer "
		    "report%s\n", bad ? "not " : "", ++n, argv[i], count,
		    count == 0 && !regression ? " (a corpus needs one)" : "");
		rc |= bad;
	}
	printf("1..%d\n", n);
	return rc;
}
