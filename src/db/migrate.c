/*
 * Schema migrations: the compiled-in schema/NNN_name.sql files, applied in
 * order inside one exclusive transaction, the version recorded in the
 * database. A database newer than this program is refused, never touched.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util/asset.h"
#include "util/buf.h"
#include "util/num.h"
#include "util/banned.h"

static const char *const stmt_create =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
static const char *const stmt_get =
    "SELECT coalesce(max(version), 0) FROM schema_version";
static const char *const stmt_set = "DELETE FROM schema_version";
static const char *const stmt_put =
    "INSERT INTO schema_version (version) VALUES (?)";

/* The version number of a migration asset, or -1 if it is not one. */
static int
migrate_number(const char *name)
{
	const char *base;
	int64_t v;

	if (strncmp(name, "schema/", 7) != 0)
		return -1;
	base = name + 7;
	if (strlen(base) < 5 || base[3] != '_')
		return -1;
	if (num_parse_int(base, 3, 1, 999, &v) != 0)
		return -1;
	return (int)v;
}

int
db_schema_latest(void)
{
	const struct asset *a;
	int v, latest = 0;

	for (a = assets; a->name != NULL; a++) {
		v = migrate_number(a->name);
		if (v > latest)
			latest = v;
	}
	return latest;
}

/* A database that has never been migrated has no schema_version table. */
int
db_schema_version(struct db *db)
{
	int64_t v = 0;

	if (db_int(db, stmt_get, NULL, 0, &v) != 1)
		return 0;
	return (int)v;
}

static void
migrate_fail(struct db *db, char **err, const char *what)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s: %s", what, db_errmsg(db));
	*err = buf_detach(&b, NULL);
	db_rollback(db);
}

enum db_migrate
db_migrate(struct db *db, int *from, int *to, char **err)
{
	const struct asset *a;
	int cur, latest = db_schema_latest(), v;
	struct db_val arg;

	*err = NULL;
	if (db_begin(db) == -1) {
		migrate_fail(db, err, "cannot lock database");
		return DB_MIGRATE_FAILED;
	}
	if (db_exec(db, stmt_create, NULL, 0) == -1) {
		migrate_fail(db, err, "cannot create schema_version");
		return DB_MIGRATE_FAILED;
	}
	cur = db_schema_version(db);
	*from = cur;
	*to = latest;
	if (cur > latest) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "database is at schema version %d, newer than "
		    "this program (%d): upgrade solidarity", cur, latest);
		*err = buf_detach(&b, NULL);
		db_rollback(db);
		return DB_MIGRATE_FAILED;
	}
	if (cur == latest) {
		db_rollback(db);
		return DB_MIGRATE_UPTODATE;
	}
	/* Assets are sorted by name, so migrations run in number order. */
	for (a = assets; a->name != NULL; a++) {
		v = migrate_number(a->name);
		if (v <= cur)
			continue;
		if (db_script(db, a->data) == -1) {
			migrate_fail(db, err, a->name);
			return DB_MIGRATE_FAILED;
		}
	}
	arg = DBV_INT(latest);
	if (db_exec(db, stmt_set, NULL, 0) == -1 ||
	    db_exec(db, stmt_put, &arg, 1) == -1 || db_commit(db) == -1) {
		migrate_fail(db, err, "cannot record schema version");
		return DB_MIGRATE_FAILED;
	}
	return DB_MIGRATE_APPLIED;
}
