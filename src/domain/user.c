/* Logins, roles and Argon2id passwords. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "user.h"
#include "tx.h"
#include "input.h"
#include "person.h"
#include "login_session.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_BY_LOGIN,
	STMT_BY_ID,
	STMT_INSERT,
	STMT_LIST,
	STMT_SET_ROLE,
	STMT_DISABLE,
	STMT_SET_PASSWORD,
	STMT_ADMINS,
	STMT_ADD_ZONE,
	STMT_FIND,
	STMT_RESET_PASSWORD,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_BY_LOGIN */
	"SELECT id, person_id, login, password_hash, role, disabled "
	"FROM app_user WHERE login = ?",
	/* STMT_BY_ID */
	"SELECT id, person_id, login, password_hash, role, disabled "
	"FROM app_user WHERE id = ?",
	/* STMT_INSERT */
	"INSERT INTO app_user (person_id, login, password_hash, role, "
	"created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	/* STMT_LIST */
	"SELECT u.id, u.login, u.role, u.disabled, u.person_id, u.created_at, "
	"(SELECT count(*) FROM user_zone uz WHERE uz.user_id = u.id) "
	"AS zones "
	"FROM app_user u ORDER BY u.login",
	/* STMT_SET_ROLE */
	"UPDATE app_user SET role = ? WHERE login = ?",
	/* STMT_DISABLE */
	"UPDATE app_user SET disabled = 1 WHERE login = ?",
	/* STMT_SET_PASSWORD */
	"UPDATE app_user SET password_hash = ? WHERE id = ?",
	/* STMT_ADMINS */
	"SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled = 0",
	/* STMT_ADD_ZONE */
	"INSERT INTO user_zone (user_id, zone_id) SELECT u.id, ? "
	"FROM app_user u WHERE u.login = ? ON CONFLICT DO NOTHING",
	/* STMT_FIND: never the hash */
	"SELECT id, person_id, login, role, disabled FROM app_user "
	"WHERE login = ?",
	/* STMT_RESET_PASSWORD */
	"UPDATE app_user SET password_hash = ? WHERE login = ? RETURNING id",
};

/* The only value of a box to tick. */
static const char *const user_yes[] = { "yes", NULL };

const struct field user_password_fields[USER_PASSWORD__MAX + 1] = {
	[USER_PASSWORD_CURRENT] = { "current", FIELD_LINE, FIELD_REQUIRED, 1,
	    200, NULL },
	[USER_PASSWORD_NEW] = { "new", FIELD_LINE, FIELD_REQUIRED, 10, 200,
	    NULL },
	[USER_PASSWORD_KEEP_TOKENS] = { "keep_tokens", FIELD_CHOICE, 0, 0, 0,
	    user_yes },
	[USER_PASSWORD__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/*
 * Argon2id at OWASP's floor (19 MiB, 2 passes): slow enough to make a
 * stolen database expensive to guess, cheap enough for a small server.
 */
#define USER_OPSLIMIT 2
#define USER_MEMLIMIT (19u * 1024 * 1024)

static int
user_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password), USER_OPSLIMIT,
	    USER_MEMLIMIT);
}

/* Logins are short names people can type: letters, digits, . _ - */
static int
user_login_ok(const char *login)
{
	size_t i, n = strlen(login);

	if (n < 2 || n > 60)
		return 0;
	for (i = 0; i < n; i++)
		if (!((login[i] >= 'a' && login[i] <= 'z') ||
			(login[i] >= 'A' && login[i] <= 'Z') ||
			(login[i] >= '0' && login[i] <= '9') ||
			strchr("._-", login[i]) != NULL))
			return 0;
	return 1;
}

/* What user_add writes once the password is hashed. */
struct user_new {
	const char *login;
	enum role role;
	const char *hash;
	int64_t id;
};

/* The person and the login, inside user_add's transaction. */
static int
user_add_work(struct db *db, void *arg, struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct user_new *u = arg;
	struct db_val args[5], arg1 = DBV_TEXT(u->login);
	json_t *person, *row = NULL;
	int64_t person_id;
	int rc;

	rc = db_row(db, stmts[STMT_BY_LOGIN], &arg1, 1, &row);
	json_decref(row);
	/* A lookup that failed says nothing of the login: not "taken". */
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return problem_set(p, PROBLEM_INVALID, "err_login_taken",
		    "user", 0);
	clock_now(now);
	person = json_pack("{s:s}", "name", u->login);
	person_id = person_insert(db, person, now);
	json_decref(person);
	args[0] = DBV_INT(person_id);
	args[1] = DBV_TEXT(u->login);
	args[2] = DBV_TEXT(u->hash);
	args[3] = DBV_TEXT(role_name(u->role));
	args[4] = DBV_TEXT(now);
	if (person_id == -1 ||
	    db_int(db, stmts[STMT_INSERT], args, 5, &u->id) != 1)
		return tx_problem(db, p);
	return 0;
}

int64_t
user_add(struct db *db, const char *login, enum role role,
    char password[SECRET_TOKEN_LEN], struct problem *p)
{
	secret_token(password);
	return user_add_password(db, login, role, password, p);
}

int64_t
user_add_password(struct db *db, const char *login, enum role role,
    const char *password, struct problem *p)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_new u = { login, role, hash, -1 };
	int rc;

	if (!user_login_ok(login))
		return problem_set(p, PROBLEM_INVALID, "err_login", "user", 0);
	/* Hashed before the transaction: the write lock waits for no one. */
	if (user_hash(password, hash) != 0)
		return problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL,
		    0);
	rc = tx_run(db, user_add_work, &u, p);
	sodium_memzero(hash, sizeof(hash));
	return rc == -1 ? -1 : u.id;
}

static int
user_fill(json_t *row, struct viewer *v)
{
	const char *login = json_string_value(json_object_get(row, "login"));

	if (json_integer_value(json_object_get(row, "disabled")) != 0)
		return -1;
	v->user_id = json_integer_value(json_object_get(row, "id"));
	v->person_id = json_integer_value(json_object_get(row, "person_id"));
	v->role = role_parse(json_string_value(json_object_get(row, "role")));
	snprintf(v->login, sizeof(v->login), "%s", login ? login : "");
	return v->role == ROLE_NONE ? -1 : 0;
}

/*
 * A hash to check against when the login does not exist, so that a wrong
 * login costs as long as a wrong password.
 */
static char dummy[crypto_pwhash_STRBYTES];

static void
user_dummy_init(void)
{
	user_hash("no such login", dummy);
}

int
user_authenticate(struct db *db, const char *login, const char *password,
    struct viewer *v)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct db_val arg = DBV_TEXT(login);
	json_t *row = NULL;
	const char *hash;
	int rc = -1;

	pthread_once(&once, user_dummy_init);
	if (db_row(db, stmts[STMT_BY_LOGIN], &arg, 1, &row) != 1) {
		(void)!crypto_pwhash_str_verify(dummy, password,
		    strlen(password));
		return -1;
	}
	hash = json_string_value(json_object_get(row, "password_hash"));
	if (hash != NULL &&
	    crypto_pwhash_str_verify(hash, password, strlen(password)) == 0)
		rc = user_fill(row, v);
	json_decref(row);
	return rc;
}

int
user_load(struct db *db, int64_t user_id, struct viewer *v)
{
	struct db_val arg = DBV_INT(user_id);
	json_t *row = NULL;
	int rc = -1;

	if (db_row(db, stmts[STMT_BY_ID], &arg, 1, &row) == 1)
		rc = user_fill(row, v);
	json_decref(row);
	return rc;
}

json_t *
user_list(struct db *db)
{
	return db_rows(db, stmts[STMT_LIST], NULL, 0);
}

int
user_set_role(struct db *db, const char *login, enum role role)
{
	struct db_val args[2];

	args[0] = DBV_TEXT(role_name(role));
	args[1] = DBV_TEXT(login);
	return db_exec(db, stmts[STMT_SET_ROLE], args, 2) == 1 ? 0 : -1;
}

int
user_disable(struct db *db, const char *login)
{
	struct db_val arg = DBV_TEXT(login);

	return db_exec(db, stmts[STMT_DISABLE], &arg, 1) == 1 ? 0 : -1;
}

int
user_add_zone(struct db *db, const char *login, int64_t zone_id,
    struct problem *p)
{
	struct db_val args[2];

	args[0] = DBV_INT(zone_id);
	args[1] = DBV_TEXT(login);
	if (db_exec(db, stmts[STMT_ADD_ZONE], args, 2) == -1)
		return problem_set(p, PROBLEM_INVALID, "err_no_zone", "zone_id",
		    0);
	return 0;
}

/*
 * Sign out whoever else holds who's old password: the other sessions, and
 * the API tokens unless in keeps them. 0, or -1 on a database error.
 */
static int
user_sign_out_others(struct db *db, const struct viewer *who, json_t *in)
{
	if (login_session_end_all(db, who->user_id, who->session_id) == -1)
		return -1;
	if (input_text(in, user_password_fields, USER_PASSWORD_KEEP_TOKENS) !=
	    NULL)
		return 0;
	return token_revoke_all(db, who->user_id);
}

int
user_change_password(struct db *db, const struct viewer *who, json_t *in,
    struct problem *p)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t user_id = who->user_id;
	struct db_val args[2], arg = DBV_INT(user_id);
	const char *cur = input_text(in, user_password_fields,
	    USER_PASSWORD_CURRENT);
	const char *new = input_text(in, user_password_fields,
	    USER_PASSWORD_NEW);
	const char *old;
	json_t *row = NULL;
	int rc = -1;

	if (db_row(db, stmts[STMT_BY_ID], &arg, 1, &row) != 1)
		return tx_problem(db, p);
	old = json_string_value(json_object_get(row, "password_hash"));
	if (old == NULL ||
	    crypto_pwhash_str_verify(old, cur, strlen(cur)) != 0) {
		problem_set(p, PROBLEM_INVALID, "err_password_wrong",
		    user_password_fields[USER_PASSWORD_CURRENT].name, 0);
		goto out;
	}
	if (user_hash(new, hash) != 0) {
		problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL, 0);
		goto out;
	}
	args[0] = DBV_TEXT(hash);
	args[1] = DBV_INT(user_id);
	if (db_exec(db, stmts[STMT_SET_PASSWORD], args, 2) != 1 ||
	    user_sign_out_others(db, who, in) == -1)
		tx_problem(db, p);
	else
		rc = 0;
	sodium_memzero(hash, sizeof(hash));
out:
	json_decref(row);
	return rc;
}

int64_t
user_admins(struct db *db)
{
	int64_t n = 0;

	db_int(db, stmts[STMT_ADMINS], NULL, 0, &n);
	return n;
}

int
user_find(struct db *db, const char *login, json_t **row)
{
	struct db_val arg = DBV_TEXT(login);

	return db_row(db, stmts[STMT_FIND], &arg, 1, row);
}

/* A login's new hash, and every session of the login ended. */
static int
user_reset_work(struct db *db, void *arg, struct problem *p)
{
	struct user_new *u = arg;
	struct db_val args[2];
	int rc;

	args[0] = DBV_TEXT(u->hash);
	args[1] = DBV_TEXT(u->login);
	rc = db_int(db, stmts[STMT_RESET_PASSWORD], args, 2, &u->id);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_not_found",
		    "user", 0);
	/*
	 * Whoever knew the old password may be signed in with it: a reset
	 * is often for a lost or a shared one.
	 */
	if (rc == -1 || login_session_end_all(db, u->id, 0) == -1)
		return tx_problem(db, p);
	return 0;
}

int64_t
user_reset_password(struct db *db, const char *login,
    char password[SECRET_TOKEN_LEN], struct problem *p)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_new u = { login, ROLE_NONE, hash, -1 };
	int rc = -1;

	secret_token(password);
	if (user_hash(password, hash) != 0)
		problem_set(p, PROBLEM_INTERNAL, "err_internal", NULL, 0);
	else
		rc = tx_run(db, user_reset_work, &u, p);
	sodium_memzero(hash, sizeof(hash));
	if (rc == -1) {
		sodium_memzero(password, SECRET_TOKEN_LEN);
		return -1;
	}
	return u.id;
}
