/*
 * The registry of tables against the live schema of the backend under
 * test: every table and every column of the schema declared, as personal
 * data or not, and nothing declared that the schema lacks; the flags
 * retention relies on; and the comparison itself, shown a schema with a
 * table and a column the registry does not know and two it misses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "db/registry.h"

/* What a migration written without a registry row would do. */
static const char *const q_undeclared =
    "ALTER TABLE person ADD COLUMN nickname TEXT;"
    "CREATE TABLE extra (x INTEGER);"
    "ALTER TABLE audit DROP COLUMN ip;"
    /* A table no other refers to: PostgreSQL refuses to drop one that is
     * (run_stop refers to claim). */
    "DROP TABLE need_call";

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
in_array(const json_t *names, const char *s)
{
	const json_t *name;
	size_t i;

	json_array_foreach(names, i, name)
		if (strcmp(json_string_value(name), s) == 0)
			return 1;
	return 0;
}

/*
 * One difference: "table: …" or "table.col: …", which is "not declared"
 * when the schema has it, "not in the schema" when the registry has it.
 */
static void
differs(json_t *out, const char *table, const char *col, int declared)
{
	char line[256];

	snprintf(line, sizeof(line), "%s%s%s: %s", table, col ? "." : "",
	    col ? col : "", declared ? "not in the schema" : "not declared");
	json_array_append_new(out, json_string(line));
}

/* One declared table against its columns in the schema. */
static void
compare_table(const struct registry_table *t, const json_t *cols,
    json_t *out)
{
	const char *const *lists[2] = { t->personal, t->plain };
	const char *const *c;
	const json_t *col;
	size_t i;

	if (json_array_size(cols) == 0) {
		differs(out, t->name, NULL, 1);
		return;
	}
	json_array_foreach(cols, i, col)
		if (!in_list(t->personal, json_string_value(col)) &&
		    !in_list(t->plain, json_string_value(col)))
			differs(out, t->name, json_string_value(col), 0);
	for (i = 0; i < 2; i++)
		for (c = lists[i]; *c != NULL; c++)
			if (!in_array(cols, *c))
				differs(out, t->name, *c, 1);
}

/*
 * What differs between the registry and the schema of db, one line each,
 * as a new array; NULL when the schema could not be read.
 */
static json_t *
registry_diff(struct db *db)
{
	json_t *out, *tables, *cols, *name;
	size_t i;

	tables = db_tables(db);
	if (tables == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(tables, i, name)
		if (registry_find(json_string_value(name)) == NULL)
			differs(out, json_string_value(name), NULL, 0);
	for (i = 0; i < REG__MAX; i++) {
		cols = db_columns(db, registry[i].name);
		if (cols == NULL) {
			json_decref(out);
			out = NULL;
			break;
		}
		compare_table(&registry[i], cols, out);
		json_decref(cols);
	}
	json_decref(tables);
	return out;
}

/* Print the differences, for the reader of a failure. */
static size_t
report(const json_t *diff)
{
	const json_t *line;
	size_t i;

	json_array_foreach(diff, i, line)
		printf("# %s\n", json_string_value(line));
	return json_array_size(diff);
}

/* Each column is declared once: personal or plain, never both. */
static void
check_declared_once(void)
{
	const char *const *lists[2];
	const char *const *c;
	size_t i, j, twice = 0;

	for (i = 0; i < REG__MAX; i++) {
		lists[0] = registry[i].personal;
		lists[1] = registry[i].plain;
		for (j = 0; j < 2; j++)
			for (c = lists[j]; *c != NULL; c++) {
				if (in_list(lists[1 - j], *c) ||
				    in_list(c + 1, *c)) {
					printf("# %s.%s is declared twice\n",
					    registry[i].name, *c);
					twice++;
				}
			}
	}
	is_int(twice, 0, "every column is declared once");
}

/*
 * A forget reaches every table with personal data (but those kept on
 * purpose, REG_KEPT, listed here), and retention_clear
 * (the forgotten tables) clears everything a purge rewrites; the purge's
 * turns run 1, 2, … with none twice and none left out.
 */
static void
check_flags(void)
{
	const char *names[REG__MAX + 1];
	size_t i, purged = 0, forgotten = 0, missed = 0;

	for (i = 0; i < REG__MAX; i++) {
		if (registry[i].flags & REG_KEPT)
			printf("# %s keeps personal data on purpose\n",
			    registry[i].name);
		else if (registry[i].personal[0] != NULL &&
		    !(registry[i].flags & REG_FORGOTTEN)) {
			printf("# %s holds personal data a forget leaves\n",
			    registry[i].name);
			missed++;
		}
		if (registry[i].purge > 0 &&
		    !(registry[i].flags & REG_FORGOTTEN)) {
			printf("# %s is purged but not cleared\n",
			    registry[i].name);
			missed++;
		}
		purged += registry[i].purge > 0;
		forgotten += (registry[i].flags & REG_FORGOTTEN) != 0;
	}
	is_int(missed, 0, "a forget clears every table with personal data, "
	    "and every table a purge rewrites");
	registry_purged(names);
	for (i = 0; names[i] != NULL; i++)
		if (registry_find(names[i])->purge != (int)i + 1)
			break;
	ok(i == purged && purged > 0,
	    "registry_purged gives every table a purge rewrites, in turn");
	registry_names(REG_FORGOTTEN, names);
	for (i = 0; names[i] != NULL; i++)
		if (!(registry_find(names[i])->flags & REG_FORGOTTEN))
			break;
	ok(names[i] == NULL && i == forgotten && i > 0,
	    "registry_names gives the tables with a flag, and only those");
	registry_names(0, names);
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], registry[i].name) != 0)
			break;
	is_int(i, REG__MAX, "and every table, in order, for no flag");
	ok(registry_find("no_such_table") == NULL,
	    "registry_find knows no table the registry does not declare");
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-registry-XXXXXX", cmd[128];
	struct testdb t;
	struct db *db;
	json_t *diff;

	if (mkdtemp(dir) == NULL) {
		ok(0, "a temporary folder");
		return tap_done();
	}
	testdb_make(&t, dir, "registry");
	db = cmd_open_db(t.url, 1);
	if (db == NULL)
		return 1;

	check_declared_once();
	check_flags();

	diff = registry_diff(db);
	ok(diff != NULL, "%s: the schema is read", testdb_backend());
	is_int(report(diff), 0, "%s: the registry declares every table and "
	    "column of the schema, and nothing else", testdb_backend());
	json_decref(diff);

	is_int(db_script(db, q_undeclared), 0,
	    "%s: a table and a column added, a table and a column dropped",
	    testdb_backend());
	diff = registry_diff(db);
	is_int(report(diff), 4, "%s: the comparison finds all four",
	    testdb_backend());
	ok(in_array(diff, "extra: not declared") &&
	    in_array(diff, "person.nickname: not declared") &&
	    in_array(diff, "need_call: not in the schema") &&
	    in_array(diff, "audit.ip: not in the schema"),
	    "%s: and names each", testdb_backend());
	json_decref(diff);

	db_close(db);
	testdb_drop(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		ok(0, "the temporary folder is removed");
	return tap_done();
}
