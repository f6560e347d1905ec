/* One row per key: the window's start and the attempts in it. */
#include <string.h>
#include <time.h>

#include "ratelimit.h"
#include "util/buf.h"
#include "util/banned.h"

enum stmt {
	STMT_HIT,
	STMT_DEL,
	STMT_UNCOUNT,
	STMT_FORGET,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_HIT: a new window when the old one has ended, else +1 */
	"INSERT INTO rate_limit (key, window_start, count) VALUES (?, ?, 1) "
	"ON CONFLICT (key) DO UPDATE SET "
	"count = CASE WHEN rate_limit.window_start <= ? THEN 1 "
	"ELSE rate_limit.count + 1 END, "
	"window_start = CASE WHEN rate_limit.window_start <= ? "
	"THEN excluded.window_start ELSE rate_limit.window_start END "
	"RETURNING window_start, count",
	/* STMT_DEL */
	"DELETE FROM rate_limit WHERE key = ?",
	/* STMT_UNCOUNT */
	"UPDATE rate_limit SET count = count - 1 WHERE key = ? AND count > 0",
	/* STMT_FORGET: the login's own keys, and its keys per address */
	"DELETE FROM rate_limit WHERE key = ? OR key = ? OR "
	"substr(key, 1, ?) = ?",
};

/* Attempts in a window: sign-in and password changes, public forms. */
#define RATELIMIT_TRIES  10
#define RATELIMIT_MINUTE 60
#define RATELIMIT_HOUR   3600

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
	if (db_row(db, stmts[STMT_HIT], args, 4, &row) != 1)
		return window;
	start = json_integer_value(json_object_get(row, "window_start"));
	count = json_integer_value(json_object_get(row, "count"));
	json_decref(row);
	if (count <= limit)
		return 0;
	wait = start + window - now;
	return wait > 0 ? wait : 1;
}

/* ratelimit_hit on the key fmt makes of s and t, a minute's window. */
static int64_t
ratelimit_key(struct db *db, const char *fmt, const char *s, const char *t,
    int64_t limit)
{
	struct buf key = BUF_INIT;
	int64_t wait;

	buf_printf(&key, fmt, s, t);
	wait = ratelimit_hit(db, key.ptr, limit, RATELIMIT_MINUTE);
	buf_free(&key);
	return wait;
}

/*
 * The keys: "ip:ADDR" for every attempt from an address, "login:LOGIN"
 * for every sign-in as a login, "login:LOGIN@ADDR" for those since the
 * last success from one address ('@' is in no login), "password:LOGIN".
 */
int64_t
ratelimit_login(struct db *db, const char *login, const char *ip)
{
	int64_t wait, all, here;

	wait = ratelimit_key(db, "ip:%s%s", ip, "", RATELIMIT_TRIES);
	if (login == NULL || db_errcode(db) != DB_OK)
		return wait;
	all = ratelimit_key(db, "login:%s%s", login, "", RATELIMIT_TRIES);
	/* More than one here: this address has tried and not succeeded. */
	here = ratelimit_key(db, "login:%s@%s", login, ip, 1);
	if (db_errcode(db) != DB_OK)
		return RATELIMIT_MINUTE;
	/* Refused here until either window ends, if not longer for the ip. */
	if (all > 0 && here > 0 && (all < here ? all : here) > wait)
		wait = all < here ? all : here;
	return wait;
}

int
ratelimit_login_ok(struct db *db, const char *login, const char *ip)
{
	struct buf here = BUF_INIT, all = BUF_INIT, addr = BUF_INIT;
	struct db_val arg;
	int rc = 0;

	buf_printf(&here, "login:%s@%s", login, ip);
	buf_printf(&all, "login:%s", login);
	buf_printf(&addr, "ip:%s", ip);
	arg = DBV_TEXT(here.ptr);
	if (db_exec(db, stmts[STMT_DEL], &arg, 1) == -1)
		rc = -1;
	/*
	 * The attempt was counted before it was judged, so that guesses sent
	 * at once cannot pass the limit; a success gives its count back, so
	 * that people signing in behind one address (a shared office, a
	 * phone network's NAT) never use up each other's minute.
	 */
	arg = DBV_TEXT(all.ptr);
	if (rc == 0 && db_exec(db, stmts[STMT_UNCOUNT], &arg, 1) == -1)
		rc = -1;
	arg = DBV_TEXT(addr.ptr);
	if (rc == 0 && db_exec(db, stmts[STMT_UNCOUNT], &arg, 1) == -1)
		rc = -1;
	buf_free(&here);
	buf_free(&all);
	buf_free(&addr);
	return rc;
}

int64_t
ratelimit_password(struct db *db, const char *login, const char *ip)
{
	int64_t wait, w;

	wait = ratelimit_key(db, "ip:%s%s", ip, "", RATELIMIT_TRIES);
	if (db_errcode(db) != DB_OK)
		return wait;
	w = ratelimit_key(db, "password:%s%s", login, "", RATELIMIT_TRIES);
	return w > wait ? w : wait;
}

int64_t
ratelimit_form(struct db *db, const char *ip)
{
	struct buf key = BUF_INIT;
	int64_t wait;

	buf_printf(&key, "form:%s", ip);
	wait = ratelimit_hit(db, key.ptr, RATELIMIT_TRIES, RATELIMIT_HOUR);
	buf_free(&key);
	return wait;
}

int
ratelimit_forget(struct db *db, const char *login)
{
	struct buf own = BUF_INIT, pass = BUF_INIT, each = BUF_INIT;
	struct db_val args[4];
	int rc;

	buf_printf(&own, "login:%s", login);
	buf_printf(&pass, "password:%s", login);
	buf_printf(&each, "login:%s@", login);
	args[0] = DBV_TEXT(own.ptr);
	args[1] = DBV_TEXT(pass.ptr);
	args[2] = DBV_INT((int64_t)each.len);
	args[3] = DBV_TEXT(each.ptr);
	rc = db_exec(db, stmts[STMT_FORGET], args, 4) == -1 ? -1 : 0;
	buf_free(&own);
	buf_free(&pass);
	buf_free(&each);
	return rc;
}
