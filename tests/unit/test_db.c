/* The db module over a real SQLite file: pragmas, migrations, rows, errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "db/db.h"

static const char *const q_pragma_sync = "PRAGMA synchronous";
static const char *const q_pragma_fk = "PRAGMA foreign_keys";
static const char *const q_pragma_wal = "PRAGMA journal_mode";
static const char *const q_zone = "INSERT INTO zone (name, created_at) "
    "VALUES (?, '2026-01-01T00:00:00Z') RETURNING id, name";
static const char *const q_zones = "SELECT id, name, lat FROM zone ORDER BY id";
static const char *const q_bad_fk = "INSERT INTO person (name, zone_id, "
    "created_at, updated_at) VALUES ('x', 999, 'a', 'b')";
static const char *const q_version = "UPDATE schema_version SET version = ?";
static const char *const q_syntax = "SELEC nonsense";

int
main(void)
{
	char dir[] = "/tmp/solidarity-db-XXXXXX", path[128];
	struct db *db;
	char *err = NULL;
	int from, to;
	int64_t v = 0;
	json_t *rows, *row = NULL;
	struct db_val arg;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/t.db", dir);

	db = db_open(path, &err);
	ok(db != NULL, "a new database opens");
	is_int(db_schema_version(db), 0, "a new database has no schema");
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "migrations apply");
	is_int(from, 0, "from version 0");
	is_int(to, db_schema_latest(), "to the latest version");
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_UPTODATE,
	    "a second run says up to date");

	db_int(db, q_pragma_sync, NULL, 0, &v);
	is_int(v, 2, "synchronous is FULL");
	db_int(db, q_pragma_fk, NULL, 0, &v);
	is_int(v, 1, "foreign keys are enforced");
	rows = db_rows(db, q_pragma_wal, NULL, 0);
	is_str(json_string_value(json_object_get(json_array_get(rows, 0),
	    "journal_mode")), "wal", "the journal is WAL");
	json_decref(rows);

	arg = DBV_TEXT("Barrio Sur");
	is_int(db_row(db, q_zone, &arg, 1, &row), 1, "RETURNING gives a row");
	is_str(json_string_value(json_object_get(row, "name")), "Barrio Sur",
	    "rows come back as objects keyed by column");
	json_decref(row);
	rows = db_rows(db, q_zones, NULL, 0);
	is_int(json_array_size(rows), 1, "db_rows returns every row");
	ok(json_is_null(json_object_get(json_array_get(rows, 0), "lat")),
	    "NULL comes back as JSON null");
	ok(json_is_integer(json_object_get(json_array_get(rows, 0), "id")),
	    "integers come back as integers");
	json_decref(rows);

	is_int(db_exec(db, q_bad_fk, NULL, 0), -1,
	    "a foreign key violation fails");
	is_int(db_errcode(db), DB_ERR_CONSTRAINT, "and says constraint");
	ok(db_rows(db, q_syntax, NULL, 0) == NULL, "bad SQL fails");
	is_int(db_errcode(db), DB_ERR_OTHER, "with a generic error");

	is_int(db_begin(db), 0, "a transaction begins");
	arg = DBV_TEXT("Gone");
	db_row(db, q_zone, &arg, 1, &row);
	json_decref(row);
	is_int(db_rollback(db), 0, "and rolls back");
	rows = db_rows(db, q_zones, NULL, 0);
	is_int(json_array_size(rows), 1, "leaving nothing behind");
	json_decref(rows);

	/* A database from a newer program is refused, never touched. */
	arg = DBV_INT(db_schema_latest() + 1);
	db_exec(db, q_version, &arg, 1);
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_FAILED,
	    "a newer database is refused");
	ok(err != NULL && strstr(err, "newer than this program") != NULL,
	    "with a message that says why");
	free(err);
	is_int(db_schema_version(db), db_schema_latest() + 1,
	    "and its version is left alone");
	db_close(db);

	err = NULL;
	db = db_open("/nonexistent/dir/x.db", &err);
	ok(db == NULL && err != NULL && strstr(err, "cannot open database"),
	    "an unreachable path fails with a message");
	free(err);

	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
