/*
 * solidarity migrate-data: copy a whole network from one database to
 * another (an SQLite file to PostgreSQL, or back), ids and all, in one
 * transaction on the target, and prove the copy by a row count and a
 * checksum per table before committing it.
 *
 * Only this file builds SQL at run time, and only from the registry's
 * tables and the column names the source gives back, always quoted; every
 * value is bound. Those statements go through db_each_once and
 * db_exec_once, which keep nothing past the call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sodium.h>

#include "cmd.h"
#include "db/db.h"
#include "db/facing_summary.h"
#include "db/figures_summary.h"
#include "db/registry.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/banned.h"

static const char migrate_usage[] =
    "usage: solidarity migrate-data --from DB --to DB [--force]\n\n"
    "Copy every row of a network from one database to another, ids and\n"
    "all: typically from an SQLite file to PostgreSQL, as a network\n"
    "outgrows one machine. The target's schema is created or brought up\n"
    "to date first; the source must be at this program's schema version\n"
    "(solidarity init --db SOURCE) and is only read, as one snapshot.\n"
    "Stop the server first: what it writes meanwhile is not copied.\n\n"
    "The copy is one transaction on the target. Each table is then\n"
    "counted and checksummed on both sides, and the copy is committed\n"
    "only if all agree; the table of counts and checksums is printed, and\n"
    "if any differ nothing is written and the exit status is 1.\n\n"
    "A target holding data is refused: any row in any table but\n"
    "schema_version and category (which the migrations fill, and which\n"
    "the source's categories replace).\n\n"
    "  --from DB   the network to copy: an SQLite file or a postgres:// URL\n"
    "  --to DB     where to copy it: a postgres:// URL or an SQLite file\n"
    "  --force     empty a target that holds data first (its rows are lost)\n"
    "  --help      show this help\n";

/*
 * Values bound in one INSERT of many rows: under SQLite's limit of 32,766
 * and PostgreSQL's of 65,535; rows per INSERT are at most MIG_BATCH.
 */
#define MIG_PARAMS 30000
#define MIG_BATCH  1000

/* The fragments the statements are built from; names go in between. */
enum frag {
	FRAG_SELECT,
	FRAG_ORDER,
	FRAG_ANY,
	FRAG_ANY_END,
	FRAG_DELETE,
	FRAG_INSERT,
	FRAG__MAX,
};

static const char *const frags[FRAG__MAX] = {
	"SELECT * FROM ", /* FRAG_SELECT */
	" ORDER BY ",     /* FRAG_ORDER */
	"SELECT 1 FROM ", /* FRAG_ANY */
	" LIMIT 1",       /* FRAG_ANY_END */
	"DELETE FROM ",   /* FRAG_DELETE */
	"INSERT INTO ",   /* FRAG_INSERT */
};

/* A name as an SQL identifier: in double quotes, a quote doubled. */
static void
mig_ident(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	for (; *name != '\0'; name++) {
		if (*name == '"')
			buf_addc(b, '"');
		buf_addc(b, *name);
	}
	buf_addc(b, '"');
}

static void
mig_sql(struct buf *b, enum frag f, const char *table)
{
	buf_reset(b);
	buf_adds(b, frags[f]);
	mig_ident(b, table);
}

static double
mig_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Checksums ---- */

/*
 * A table's checksum: each row is written as canonical JSON (keys sorted,
 * no spaces, integers in decimal, reals with 17 significant digits) and
 * hashed with BLAKE2b (crypto_generichash); the row hashes are added up,
 * as four 64-bit numbers, and the sums hashed with the row count. The sum
 * does not depend on the order of the rows, which matters: SQLite orders
 * text by bytes, and PostgreSQL by the database's collation, so the same
 * ORDER BY may give two orders. Both backends give a column's values the
 * same JSON type here (integer, real, text or null), so equal rows hash
 * equal.
 */
struct mig_sum {
	uint64_t lanes[4];
	int64_t rows;
	unsigned char digest[crypto_generichash_BYTES];
};

static uint64_t
mig_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
mig_put_le64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static int
mig_sum_row(json_t *row, void *arg)
{
	struct mig_sum *sum = arg;
	unsigned char h[32];
	char *text;
	int i;

	text = json_dumps(row,
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
	if (text == NULL)
		abort();
	crypto_generichash(h, sizeof(h), (const unsigned char *)text,
	    strlen(text), NULL, 0);
	arena_json_free(text);
	for (i = 0; i < 4; i++)
		sum->lanes[i] += mig_le64(h + 8 * i);
	sum->rows++;
	return 0;
}

/* Count and checksum a table. 0, or -1 with the database's error. */
static int
mig_sum_table(struct db *db, const char *table, struct mig_sum *sum)
{
	struct buf sql = BUF_INIT;
	unsigned char tail[5 * 8];
	int64_t n;
	int i;

	memset(sum, 0, sizeof(*sum));
	mig_sql(&sql, FRAG_SELECT, table);
	n = db_each_once(db, sql.ptr, NULL, 0, mig_sum_row, sum);
	buf_free(&sql);
	if (n < 0)
		return -1;
	for (i = 0; i < 4; i++)
		mig_put_le64(tail + 8 * i, sum->lanes[i]);
	mig_put_le64(tail + 32, (uint64_t)sum->rows);
	crypto_generichash(sum->digest, sizeof(sum->digest), tail, sizeof(tail),
	    NULL, 0);
	return 0;
}

static void
mig_hex(const unsigned char *d, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[16] = '\0';
}

/* ---- Copying ---- */

/* One table on its way: rows from the source gathered into INSERTs. */
struct mig_copy {
	struct db *to;
	const char *table;
	json_t *cols;  /* column names, from the first row */
	json_t *batch; /* rows not yet inserted */
	size_t per_batch;
	int64_t rows; /* inserted so far */
	int failed;   /* on the target: its error says why */
};

/* A value from a row as a bound value; the text stays the row's. */
static struct db_val
mig_val(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		return DBV_INT(json_integer_value(v));
	case JSON_REAL:
		return DBV_REAL(json_real_value(v));
	case JSON_STRING:
		return DBV_TEXT(json_string_value(v));
	case JSON_TRUE:
		return DBV_INT(1);
	case JSON_FALSE:
		return DBV_INT(0);
	default:
		return DBV_NULL;
	}
}

/* INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?) … for the batch. */
static int
mig_flush(struct mig_copy *c)
{
	struct buf sql = BUF_INIT;
	size_t nrows = json_array_size(c->batch);
	size_t ncols = json_array_size(c->cols), i, j, k = 0;
	struct db_val *args;
	json_t *row, *col;
	int rc;

	if (nrows == 0)
		return 0;
	mig_sql(&sql, FRAG_INSERT, c->table);
	buf_adds(&sql, " (");
	json_array_foreach (c->cols, j, col) {
		if (j > 0)
			buf_adds(&sql, ", ");
		mig_ident(&sql, json_string_value(col));
	}
	buf_adds(&sql, ") VALUES ");
	args = xcalloc(nrows * ncols, sizeof(*args));
	json_array_foreach (c->batch, i, row) {
		buf_adds(&sql, i > 0 ? ", (" : "(");
		for (j = 0; j < ncols; j++) {
			buf_adds(&sql, j > 0 ? ", ?" : "?");
			args[k++] = mig_val(json_object_get(row,
			    json_string_value(json_array_get(c->cols, j))));
		}
		buf_addc(&sql, ')');
	}
	rc = db_exec_once(c->to, sql.ptr, args, k);
	free(args);
	buf_free(&sql);
	json_array_clear(c->batch);
	if (rc != (int)nrows) {
		c->failed = 1;
		return -1;
	}
	c->rows += (int64_t)nrows;
	return 0;
}

static int
mig_copy_row(json_t *row, void *arg)
{
	struct mig_copy *c = arg;
	const char *key;
	json_t *v;

	if (c->cols == NULL) {
		c->cols = json_array();
		json_object_foreach (row, key, v)
			json_array_append_new(c->cols, json_string(key));
		c->per_batch = MIG_PARAMS / (json_array_size(c->cols) + 1);
		if (c->per_batch > MIG_BATCH)
			c->per_batch = MIG_BATCH;
		if (c->per_batch == 0)
			c->per_batch = 1;
	}
	json_array_append(c->batch, row);
	if (json_array_size(c->batch) >= c->per_batch)
		return mig_flush(c);
	return 0;
}

/*
 * Copy one table; the rows copied, or -1 after saying why on stderr.
 * Tables come in the registry's order (db/registry.h), parents before
 * children, so that each row's foreign keys find their rows already
 * there. zone refers to itself; a parent is always older than its
 * children (a zone's parent is given when it is made, never changed), so
 * rows in key order will do.
 */
static int64_t
mig_copy_table(struct db *from, struct db *to, const struct registry_table *t)
{
	struct mig_copy c = { 0 };
	struct buf sql = BUF_INIT;
	int64_t n;

	c.to = to;
	c.table = t->name;
	c.batch = json_array();
	mig_sql(&sql, FRAG_SELECT, t->name);
	buf_adds(&sql, frags[FRAG_ORDER]);
	buf_adds(&sql, t->key);
	n = db_each_once(from, sql.ptr, NULL, 0, mig_copy_row, &c);
	if (n >= 0 && mig_flush(&c) == -1)
		n = -1;
	if (n < 0)
		fprintf(stderr, "solidarity: cannot copy %s: %s\n", t->name,
		    c.failed ? cmd_db_reason(to) : cmd_db_reason(from));
	buf_free(&sql);
	json_decref(c.cols);
	json_decref(c.batch);
	return n < 0 ? -1 : c.rows;
}

/* ---- Checks before copying ---- */

/*
 * Every table the database has must be one the registry knows: a table
 * added by a later migration and not to the registry would not be copied.
 */
static int
mig_check_tables(struct db *db, const char *which)
{
	json_t *names = db_tables(db), *name;
	size_t i;
	const char *s;

	if (names == NULL) {
		fprintf(stderr,
		    "solidarity: cannot list the tables of the "
		    "%s: %s\n",
		    which, cmd_db_reason(db));
		return -1;
	}
	json_array_foreach (names, i, name) {
		s = json_string_value(name);
		if (registry_find(s) == NULL) {
			fprintf(stderr,
			    "solidarity: the %s has a table "
			    "migrate-data does not know: %s\n",
			    which, s);
			json_decref(names);
			return -1;
		}
	}
	json_decref(names);
	return 0;
}

static int
mig_count_row(json_t *row, void *arg)
{
	return 0;
}

/*
 * The first table holding rows that are the network's own (not the
 * migrations' seed rows), or NULL when there is none; *err on failure.
 */
static const char *
mig_first_filled(struct db *db, int *err)
{
	struct buf sql = BUF_INIT;
	const char *found = NULL;
	int64_t n;
	size_t i;

	*err = 0;
	for (i = 0; i < REG__MAX && found == NULL; i++) {
		if (registry[i].flags & (REG_LOCAL | REG_SEEDED))
			continue;
		mig_sql(&sql, FRAG_ANY, registry[i].name);
		buf_adds(&sql, frags[FRAG_ANY_END]);
		n = db_each_once(db, sql.ptr, NULL, 0, mig_count_row, NULL);
		if (n < 0) {
			*err = 1;
			break;
		}
		if (n > 0)
			found = registry[i].name;
	}
	buf_free(&sql);
	return found;
}

/* Empty every table, children first. 0 or -1 after saying why. */
static int
mig_empty(struct db *db)
{
	struct buf sql = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = REG__MAX; i-- > 0 && rc == 0;) {
		if (registry[i].flags & REG_LOCAL)
			continue;
		mig_sql(&sql, FRAG_DELETE, registry[i].name);
		if (db_exec_once(db, sql.ptr, NULL, 0) < 0) {
			fprintf(stderr, "solidarity: cannot empty %s: %s\n",
			    registry[i].name, cmd_db_reason(db));
			rc = -1;
		}
	}
	buf_free(&sql);
	return rc;
}

/*
 * Whether from and to are the same database, which --force would empty
 * before copying nothing: the same file, or the same PostgreSQL database.
 */
static int
mig_same(const char *from_url, const char *to_url, struct db *from,
    struct db *to)
{
	const char *a = db_url_path(from_url), *b = db_url_path(to_url);
	struct stat sa, sb;

	if (a == NULL && b == NULL)
		return strcmp(db_name(from), db_name(to)) == 0;
	if (a == NULL || b == NULL)
		return 0;
	if (stat(a, &sa) == -1 || stat(b, &sb) == -1)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Open the source, which must be a database at our schema version. */
static struct db *
mig_open_source(const char *url)
{
	const char *path = db_url_path(url);
	struct stat st;
	struct db *db;
	char *err = NULL;
	int v, latest = db_schema_latest();

	/* Opening a file that is not there would make an empty one. */
	if (path != NULL && stat(path, &st) == -1) {
		fprintf(stderr, "solidarity: cannot open %s: no such file\n",
		    path);
		return NULL;
	}
	db = db_open(url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return NULL;
	}
	v = db_schema_version(db);
	if (v == latest)
		return db;
	if (v == 0)
		fprintf(stderr, "solidarity: %s holds no solidarity network\n",
		    db_name(db));
	else if (v < latest)
		fprintf(stderr,
		    "solidarity: %s is at schema version %d, this "
		    "program's is %d: run solidarity init --db on it first\n",
		    db_name(db), v, latest);
	else
		fprintf(stderr,
		    "solidarity: %s is at schema version %d, newer "
		    "than this program (%d): upgrade solidarity\n",
		    db_name(db), v, latest);
	db_close(db);
	return NULL;
}

/* ---- The command ---- */

/*
 * Count and checksum every table on both sides and print them. The number
 * of tables that differ, or -1 when one could not be read.
 */
static int
mig_verify(struct db *from, struct db *to)
{
	const struct registry_table *t;
	struct mig_sum a, b;
	char ha[17], hb[17];
	size_t i;
	int differ = 0, same;

	printf("%-14s %10s %10s  %-16s  %-16s\n", "table", "rows from",
	    "rows to", "checksum from", "checksum to");
	for (i = 0; i < REG__MAX; i++) {
		t = &registry[i];
		if (t->flags & REG_LOCAL)
			continue;
		if (mig_sum_table(from, t->name, &a) == -1) {
			fprintf(stderr,
			    "solidarity: cannot read %s from the "
			    "source: %s\n",
			    t->name, cmd_db_reason(from));
			return -1;
		}
		if (mig_sum_table(to, t->name, &b) == -1) {
			fprintf(stderr,
			    "solidarity: cannot read %s from the "
			    "target: %s\n",
			    t->name, cmd_db_reason(to));
			return -1;
		}
		mig_hex(a.digest, ha);
		mig_hex(b.digest, hb);
		same = a.rows == b.rows &&
		    sodium_memcmp(a.digest, b.digest, sizeof(a.digest)) == 0;
		differ += !same;
		printf("%-14s %10lld %10lld  %-16s  %-16s  %s\n", t->name,
		    (long long)a.rows, (long long)b.rows, ha, hb,
		    same ? "same" : "DIFFERENT");
	}
	fflush(stdout);
	return differ;
}

/* Empty (if allowed), copy, sync the ids, verify. 0 or -1 (said why). */
static int
mig_run(struct db *from, struct db *to, int force)
{
	const struct registry_table *t;
	const char *filled;
	int64_t n;
	double t0;
	size_t i;
	int err, differ;

	if (mig_check_tables(from, "source") == -1 ||
	    mig_check_tables(to, "target") == -1)
		return -1;
	filled = mig_first_filled(to, &err);
	if (err) {
		fprintf(stderr, "solidarity: cannot read the target: %s\n",
		    cmd_db_reason(to));
		return -1;
	}
	if (filled != NULL && !force) {
		fprintf(stderr,
		    "solidarity: %s is not empty (%s has rows): "
		    "--force replaces what it holds\n",
		    db_name(to), filled);
		return -1;
	}
	if (mig_empty(to) == -1)
		return -1;
	/*
	 * The summaries of what people face and did are copied with the
	 * rest: their triggers, which would write them again for every row
	 * copied, wait until they are written whole at the end.
	 */
	if (facing_summary_hold(to) == -1) {
		fprintf(stderr,
		    "solidarity: cannot hold the target's "
		    "counts: %s\n",
		    cmd_db_reason(to));
		return -1;
	}
	for (i = 0; i < REG__MAX; i++) {
		t = &registry[i];
		if (t->flags & REG_LOCAL)
			continue;
		t0 = mig_now();
		n = mig_copy_table(from, to, t);
		if (n < 0)
			return -1;
		if (db_sync_ids(to, t->name) == -1) {
			fprintf(stderr,
			    "solidarity: cannot move the ids of %s "
			    "on: %s\n",
			    t->name, cmd_db_reason(to));
			return -1;
		}
		fprintf(stderr,
		    "solidarity: copied %-14s %10lld rows "
		    "%7.2f s\n",
		    t->name, (long long)n, mig_now() - t0);
	}
	if (facing_summary_rebuild(to) == -1 ||
	    figures_summary_rebuild(to) == -1) {
		fprintf(stderr,
		    "solidarity: cannot count what people face and did: %s\n",
		    cmd_db_reason(to));
		return -1;
	}
	differ = mig_verify(from, to);
	if (differ < 0)
		return -1;
	if (differ > 0) {
		fprintf(stderr,
		    "solidarity: %d table%s of the copy differ%s "
		    "from the source: nothing was written\n",
		    differ, differ == 1 ? "" : "s", differ == 1 ? "s" : "");
		return -1;
	}
	return 0;
}

int
cmd_migrate_data(int argc, char **argv)
{
	const char *from_url = NULL, *to_url = NULL;
	int force = 0, rc;
	const struct cmd_opt opts[] = { { "from", .text = &from_url },
		{ "to", .text = &to_url }, { "force", .flag = &force },
		{ NULL } };
	struct db *from = NULL, *to = NULL;

	rc = cmd_options(argc, argv, migrate_usage, opts, 0, NULL);
	if (rc != -1)
		return rc;
	if (from_url == NULL || to_url == NULL)
		return cmd_usage_error(migrate_usage);
	rc = 1;
	from = mig_open_source(from_url);
	if (from == NULL)
		return 1;
	to = cmd_open_db(to_url, 1);
	if (to == NULL)
		goto out;
	if (mig_same(from_url, to_url, from, to)) {
		fprintf(stderr,
		    "solidarity: --from and --to name the same "
		    "database\n");
		goto out;
	}
	fprintf(stderr, "solidarity: copying %s to %s\n", db_name(from),
	    db_name(to));
	if (db_begin_read(from) == -1) {
		fprintf(stderr, "solidarity: cannot read the source: %s\n",
		    cmd_db_reason(from));
		goto out;
	}
	if (db_begin(to) == -1) {
		fprintf(stderr, "solidarity: cannot lock the target: %s\n",
		    cmd_db_reason(to));
		goto out;
	}
	if (mig_run(from, to, force) == -1) {
		db_rollback(to);
		goto out;
	}
	if (db_commit(to) == -1) {
		fprintf(stderr, "solidarity: cannot commit the copy: %s\n",
		    cmd_db_reason(to));
		db_rollback(to);
		goto out;
	}
	fprintf(stderr, "solidarity: %s now holds the network of %s\n",
	    db_name(to), db_name(from));
	rc = 0;
out:
	if (from != NULL)
		db_rollback(from);
	db_close(to);
	db_close(from);
	return rc;
}
