/* One row per key: the window's start and the attempts in it. */
#include <time.h>

#include "ratelimit.h"
#include "util/banned.h"

/* A new window when the old one has ended, else one more attempt. */
static const char *const stmt_hit =
    "INSERT INTO rate_limit (key, window_start, count) VALUES (?, ?, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit.window_start <= ? THEN 1 "
    "ELSE rate_limit.count + 1 END, "
    "window_start = CASE WHEN rate_limit.window_start <= ? "
    "THEN excluded.window_start ELSE rate_limit.window_start END "
    "RETURNING window_start, count";

int64_t
ratelimit_hit(struct db *db, const char *key, int64_t limit, int64_t window)
{
	struct db_val args[4];
	int64_t now = (int64_t)time(NULL), start, count, wait;
	json_t *row = NULL;

	args[0] = DBV_TEXT(key);
	args[1] = DBV_INT(now);
	args[2] = DBV_INT(now - window);
	args[3] = DBV_INT(now - window);
	/* Fail closed: when the count cannot be kept, refuse for a while. */
	if (db_row(db, stmt_hit, args, 4, &row) != 1)
		return window;
	start = json_integer_value(json_object_get(row, "window_start"));
	count = json_integer_value(json_object_get(row, "count"));
	json_decref(row);
	if (count <= limit)
		return 0;
	wait = start + window - now;
	return wait > 0 ? wait : 1;
}
