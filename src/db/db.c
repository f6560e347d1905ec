/*
 * The one place that chooses a backend: db_open reads the url's scheme,
 * and every other call goes through the connection's table of operations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_backend.h"
#include "util/banned.h"

/*
 * What follows "postgres:" or "postgresql:": a URI keeps its scheme (libpq
 * parses it whole), anything else is libpq's "key=value" words, and an
 * empty string leaves everything to the PG* environment variables.
 */
static const char *
db_pg_conninfo(const char *url)
{
	static const char *const schemes[] = { "postgresql:", "postgres:" };
	size_t i, n;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (strncmp(url, schemes[i], n) != 0)
			continue;
		if (strncmp(url + n, "//", 2) == 0)
			return url;
		return url + n;
	}
	return NULL;
}

struct db *
db_open(const char *url, char **err)
{
	const char *conninfo = db_pg_conninfo(url);

	*err = NULL;
	if (conninfo != NULL)
		return pg_open(conninfo, err);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return sqlite_open(url, err);
}

void
db_close(struct db *db)
{
	char *name;

	if (db == NULL)
		return;
	name = db->name;
	db->ops->close(db);
	free(name);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->ops->kind;
}

const char *
db_name(const struct db *db)
{
	return db->name;
}

int
db_begin(struct db *db)
{
	return db->ops->begin(db);
}

int
db_commit(struct db *db)
{
	return db->ops->commit(db);
}

int
db_rollback(struct db *db)
{
	return db->ops->rollback(db);
}

json_t *
db_rows(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	return db->ops->rows(db, sql, args, n);
}

int
db_row(struct db *db, const char *sql, const struct db_val *args, size_t n,
    json_t **row)
{
	return db->ops->row(db, sql, args, n, row);
}

int
db_exec(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	return db->ops->exec(db, sql, args, n);
}

int
db_int(struct db *db, const char *sql, const struct db_val *args, size_t n,
    int64_t *out)
{
	return db->ops->get_int(db, sql, args, n, out);
}

uint64_t
db_generation(struct db *db)
{
	return db->ops->generation(db);
}

int
db_checkpoint(struct db *db)
{
	return db->ops->checkpoint(db);
}

int
db_script(struct db *db, const char *sql)
{
	return db->ops->script(db, sql);
}

int
db_tune_bulk(struct db *db)
{
	return db->ops->tune_bulk(db);
}

enum db_err
db_errcode(const struct db *db)
{
	return db->err;
}

const char *
db_errmsg(const struct db *db)
{
	return db->msg;
}

void
db_error_set(struct db *db, enum db_err err, const char *msg)
{
	db->err = err;
	snprintf(db->msg, sizeof(db->msg), "%s", msg);
}

void
db_error_clear(struct db *db)
{
	db->err = DB_OK;
	db->msg[0] = '\0';
}
