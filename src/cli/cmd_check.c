/* solidarity check: every stock level against the sum of its moves. */
#include <stdio.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/stock.h"
#include "util/banned.h"

static const char check_usage[] =
    "usage: solidarity check [--db DB]\n\n"
    "Sum the stock moves of every location and item again, from the\n"
    "first, and compare each sum with the running level the pages read.\n"
    "Prints one line for each that differs (or has no level at all) and\n"
    "exits 1; prints that nothing drifted and exits 0. It only reads:\n"
    "it may run beside the server.\n\n"
    "  --db DB        a SQLite file or a postgres:// URL\n"
    "                 (default " CMD_DEFAULT_DB ")\n"
    "  --help         show this help\n";

/* One level that drifted, as a line for grep and awk. */
static void
check_print(json_t *row)
{
	json_t *level = json_object_get(row, "level");

	printf("drift: location %lld item %lld: level ",
	    (long long)json_integer_value(json_object_get(row, "location_id")),
	    (long long)json_integer_value(json_object_get(row, "item_id")));
	if (json_is_integer(level))
		printf("%lld", (long long)json_integer_value(level));
	else
		printf("missing");
	printf(", moves add up to %lld\n",
	    (long long)json_integer_value(json_object_get(row, "moves")));
}

int
cmd_check(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	const struct cmd_opt opts[] = { { "db", .text = &url }, { NULL } };
	struct db *db;
	json_t *drift, *row;
	size_t i;
	int rc;

	rc = cmd_options_open(argc, argv, check_usage, opts, 1, &db);
	if (rc != -1)
		return rc;
	drift = stock_drift(db);
	if (drift == NULL) {
		fprintf(stderr, "solidarity: cannot read the stock: %s\n",
		    cmd_db_reason(db));
		db_close(db);
		return 1;
	}
	json_array_foreach (drift, i, row)
		check_print(row);
	if (json_array_size(drift) == 0)
		printf("stock: every level is the sum of its moves\n");
	else
		printf("stock: %zu levels drifted from their moves\n",
		    json_array_size(drift));
	rc = json_array_size(drift) == 0 ? 0 : 1;
	json_decref(drift);
	db_close(db);
	return rc;
}
