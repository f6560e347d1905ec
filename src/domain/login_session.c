/* Sign-in (login) sessions and API tokens, stored as hashes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "login_session.h"
#include "user.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_SESSION_ADD,
	STMT_SESSION_GET,
	STMT_SESSION_SEEN,
	STMT_SESSION_DEL,
	STMT_SESSION_EXPIRE,
	STMT_SESSION_END_ALL,
	STMT_TOKEN_ADD,
	STMT_TOKEN_GET,
	STMT_TOKEN_REVOKE,
	STMT_TOKEN_REVOKE_ALL,
	STMT_TOKEN_LIST,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SESSION_ADD */
	"INSERT INTO login_session (user_id, token_hash, csrf, created_at, "
	"seen_at) VALUES (?, ?, ?, ?, ?)",
	/* STMT_SESSION_GET */
	"SELECT id, user_id, csrf, created_at, seen_at FROM login_session "
	"WHERE token_hash = ?",
	/* STMT_SESSION_SEEN */
	"UPDATE login_session SET seen_at = ? WHERE id = ?",
	/* STMT_SESSION_DEL */
	"DELETE FROM login_session WHERE token_hash = ?",
	/* STMT_SESSION_EXPIRE */
	"DELETE FROM login_session WHERE seen_at < ? OR created_at < ?",
	/* STMT_SESSION_END_ALL */
	"DELETE FROM login_session WHERE user_id = ? AND id <> ?",
	/* STMT_TOKEN_ADD */
	"INSERT INTO api_token (user_id, token_hash, label, created_at) "
	"VALUES (?, ?, ?, ?) RETURNING id",
	/* STMT_TOKEN_GET */
	"SELECT user_id FROM api_token WHERE token_hash = ? AND "
	"revoked_at IS NULL",
	/* STMT_TOKEN_REVOKE */
	"UPDATE api_token SET revoked_at = ? WHERE id = ? AND "
	"revoked_at IS NULL AND (? = 0 OR user_id = ?)",
	/* STMT_TOKEN_REVOKE_ALL */
	"UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND "
	"revoked_at IS NULL",
	/* STMT_TOKEN_LIST */
	"SELECT id, label, created_at, revoked_at FROM api_token "
	"WHERE user_id = ? ORDER BY id",
};

/*
 * Writing seen_at on every request would make every page view a write;
 * a few minutes of slack on a twelve-hour idle limit costs nothing.
 */
#define LOGIN_SESSION_SEEN_SLACK 300

int
login_session_create(struct db *db, int64_t user_id,
    char token[SECRET_TOKEN_LEN], char csrf[SECRET_TOKEN_LEN])
{
	char hash[SECRET_HASH_LEN];
	struct db_val args[5];
	int64_t now = (int64_t)time(NULL);

	secret_token(token);
	secret_token(csrf);
	secret_hash(token, hash);
	args[0] = DBV_INT(user_id);
	args[1] = DBV_TEXT(hash);
	args[2] = DBV_TEXT(csrf);
	args[3] = DBV_INT(now);
	args[4] = DBV_INT(now);
	/* Sweep the expired ones while here: sign-ins are rare. */
	{
		struct db_val ex[2] = { DBV_INT(now - LOGIN_SESSION_IDLE),
			DBV_INT(now - LOGIN_SESSION_ABSOLUTE) };

		db_exec(db, stmts[STMT_SESSION_EXPIRE], ex, 2);
	}
	return db_exec(db, stmts[STMT_SESSION_ADD], args, 5) == 1 ? 0 : -1;
}

int
login_session_lookup(struct db *db, const char *token, struct viewer *v)
{
	char hash[SECRET_HASH_LEN];
	struct db_val arg;
	json_t *row = NULL;
	int64_t now = (int64_t)time(NULL), created, seen, id;
	int rc = -1;

	secret_hash(token, hash);
	arg = DBV_TEXT(hash);
	if (db_row(db, stmts[STMT_SESSION_GET], &arg, 1, &row) != 1)
		return -1;
	id = json_integer_value(json_object_get(row, "id"));
	created = json_integer_value(json_object_get(row, "created_at"));
	seen = json_integer_value(json_object_get(row, "seen_at"));
	if (now - seen > LOGIN_SESSION_IDLE ||
	    now - created > LOGIN_SESSION_ABSOLUTE) {
		db_exec(db, stmts[STMT_SESSION_DEL], &arg, 1);
		goto out;
	}
	if (user_load(db, json_integer_value(json_object_get(row, "user_id")),
		v) == -1)
		goto out;
	v->session_id = id;
	snprintf(v->csrf, sizeof(v->csrf), "%s",
	    json_string_value(json_object_get(row, "csrf")));
	if (now - seen > LOGIN_SESSION_SEEN_SLACK) {
		struct db_val up[2] = { DBV_INT(now), DBV_INT(id) };

		db_exec(db, stmts[STMT_SESSION_SEEN], up, 2);
	}
	rc = 0;
out:
	json_decref(row);
	return rc;
}

int
login_session_revoke(struct db *db, const char *token)
{
	char hash[SECRET_HASH_LEN];
	struct db_val arg;

	secret_hash(token, hash);
	arg = DBV_TEXT(hash);
	return db_exec(db, stmts[STMT_SESSION_DEL], &arg, 1) == -1 ? -1 : 0;
}

int
login_session_end_all(struct db *db, int64_t user_id, int64_t keep)
{
	struct db_val args[2] = { DBV_INT(user_id), DBV_INT(keep) };

	return db_exec(db, stmts[STMT_SESSION_END_ALL], args, 2) == -1 ? -1 : 0;
}

int64_t
token_add(struct db *db, int64_t user_id, const char *label,
    char token[SECRET_TOKEN_LEN])
{
	char hash[SECRET_HASH_LEN], now[CLOCK_ISO_LEN];
	struct db_val args[4];
	int64_t id;

	secret_token(token);
	secret_hash(token, hash);
	clock_now(now);
	args[0] = DBV_INT(user_id);
	args[1] = DBV_TEXT(hash);
	args[2] = DBV_TEXT(label);
	args[3] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_TOKEN_ADD], args, 4, &id) != 1)
		return -1;
	return id;
}

/* Run a token update s whose first argument, args[0], is the time now. */
static int
token_stamp(struct db *db, enum stmt s, struct db_val *args, int n)
{
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	args[0] = DBV_TEXT(now);
	return db_exec(db, stmts[s], args, n);
}

int
token_revoke(struct db *db, int64_t id, int64_t user_id)
{
	struct db_val args[4];

	args[1] = DBV_INT(id);
	args[2] = DBV_INT(user_id);
	args[3] = DBV_INT(user_id);
	return token_stamp(db, STMT_TOKEN_REVOKE, args, 4) == 1 ? 0 : -1;
}

int
token_revoke_all(struct db *db, int64_t user_id)
{
	struct db_val args[2];

	args[1] = DBV_INT(user_id);
	return token_stamp(db, STMT_TOKEN_REVOKE_ALL, args, 2) == -1 ? -1 : 0;
}

int
token_lookup(struct db *db, const char *token, struct viewer *v)
{
	char hash[SECRET_HASH_LEN];
	struct db_val arg;
	int64_t user_id;

	secret_hash(token, hash);
	arg = DBV_TEXT(hash);
	if (db_int(db, stmts[STMT_TOKEN_GET], &arg, 1, &user_id) != 1 ||
	    user_load(db, user_id, v) == -1)
		return -1;
	v->by_token = 1;
	return 0;
}

json_t *
token_list(struct db *db, int64_t user_id)
{
	struct db_val arg = DBV_INT(user_id);

	return db_rows(db, stmts[STMT_TOKEN_LIST], &arg, 1);
}
