/* Signing in and out, one's own password and API tokens. */
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "domain/input.h"
#include "domain/login_session.h"
#include "domain/ratelimit.h"
#include "domain/tx.h"
#include "domain/user.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/secret.h"
#include "util/banned.h"

const struct field account_next_fields[ACCOUNT_NEXT__MAX + 1] = {
	[ACCOUNT_NEXT] = { "next", FIELD_LINE, 0, 1, 500, NULL },
	[ACCOUNT_NEXT__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field account_login_fields[ACCOUNT_LOGIN__MAX + 1] = {
	[ACCOUNT_LOGIN_USER] = { "user", FIELD_LINE, FIELD_REQUIRED, 1, 60,
	    NULL },
	[ACCOUNT_LOGIN_PASSWORD] = { "password", FIELD_LINE, FIELD_REQUIRED, 1,
	    200, NULL },
	[ACCOUNT_LOGIN_NEXT] = { "next", FIELD_LINE, 0, 1, 500, NULL },
	[ACCOUNT_LOGIN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field account_token_fields[ACCOUNT_TOKEN__MAX + 1] = {
	[ACCOUNT_TOKEN_LABEL] = { "label", FIELD_LINE, FIELD_REQUIRED, 1, 100,
	    NULL },
	[ACCOUNT_TOKEN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* A session cookie: never readable by script, never sent cross-site. */
static char *
account_cookie(struct request *req, const char *value, long max_age)
{
	struct buf c = BUF_INIT;

	buf_printf(&c, "sid=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	    value, max_age, req->secure ? "; Secure" : "");
	return buf_detach(&c, NULL);
}

/* Only a path on this server: "/x", never "//host" or "http://…". */
static const char *
account_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	return next;
}

/* GET /login — the sign-in form; signed-in people go on. */
void
account_login_form(struct request *req, struct view *v)
{
	if (req->viewer.role != ROLE_NONE) {
		v->location = xstrdup(account_next(
		    input_text(req->input, account_next_fields, ACCOUNT_NEXT)));
		return;
	}
	v->data = json_pack("{s:{s:s}}", "values",
	    account_next_fields[ACCOUNT_NEXT].name,
	    account_next(
		input_text(req->input, account_next_fields, ACCOUNT_NEXT)));
	v->template = "login";
}

/*
 * POST /login — 422 alike for a wrong login or password, 429 when limited;
 * a new session (and cookie) at every sign-in, so a session id planted
 * before sign-in is worth nothing after it.
 */
void
account_login(struct request *req, struct view *v)
{
	char token[SECRET_TOKEN_LEN], csrf[SECRET_TOKEN_LEN];
	char old[SECRET_TOKEN_LEN + 1];
	const char *ip = req->viewer.ip;
	struct viewer who = { 0 };

	if (user_authenticate(req->db,
		input_text(req->input, account_login_fields,
		    ACCOUNT_LOGIN_USER),
		input_text(req->input, account_login_fields,
		    ACCOUNT_LOGIN_PASSWORD),
		&who) == -1) {
		/* A database that failed is no wrong password: 503 or 500. */
		if (db_errcode(req->db) != DB_OK)
			tx_problem(req->db, &v->problem);
		else
			problem_set(&v->problem, PROBLEM_INVALID,
			    "err_login_failed",
			    account_login_fields[ACCOUNT_LOGIN_PASSWORD].name,
			    0);
		return;
	}
	/* The right password: this address has no failures left to count. */
	if (ratelimit_login_ok(req->db, who.login, ip) == -1) {
		tx_problem(req->db, &v->problem);
		return;
	}
	if (request_cookie(req->cookie, "sid", old, sizeof(old)) == 0)
		login_session_revoke(req->db, old);
	if (login_session_create(req->db, who.user_id, token, csrf) == -1) {
		tx_problem(req->db, &v->problem);
		return;
	}
	who.ip = ip;
	req->viewer = who;
	v->cookie = account_cookie(req, token, LOGIN_SESSION_ABSOLUTE);
	secret_wipe(token);
	v->data = json_pack("{s:s,s:s}", "login", who.login, "role",
	    role_name(who.role));
	v->location = xstrdup(account_next(
	    input_text(req->input, account_login_fields, ACCOUNT_LOGIN_NEXT)));
}

/* POST /logout — the session ends here and on the server. */
void
account_logout(struct request *req, struct view *v)
{
	char token[SECRET_TOKEN_LEN + 1];

	if (request_cookie(req->cookie, "sid", token, sizeof(token)) == 0)
		login_session_revoke(req->db, token);
	v->cookie = account_cookie(req, "", 0);
	v->data = json_pack("{s:b}", "signed_out", 1);
	v->location = xstrdup("/login");
}

/* The account page's data: who, and their API tokens (never the secrets). */
void
account_form(struct request *req, json_t *data)
{
	json_t *tokens = token_list(req->db, req->viewer.user_id);

	json_object_set_new(data, "login", json_string(req->viewer.login));
	json_object_set_new(data, "role",
	    json_string(role_name(req->viewer.role)));
	json_object_set_new(data, "tokens", tokens ? tokens : json_array());
}

/* GET /account — the password form and the token list. */
void
account_show(struct request *req, struct view *v)
{
	v->data = json_object();
	account_form(req, v->data);
	v->template = "account";
}

/*
 * POST /account/password — 422 when the current password is wrong, 429
 * when limited; the other sessions end, and the API tokens unless
 * keep_tokens is "yes" (user_change_password).
 */
void
account_password(struct request *req, struct view *v)
{
	if (user_change_password(req->db, &req->viewer, req->input,
		&v->problem) == -1)
		return;
	v->data = json_pack("{s:b,s:b}", "changed", 1, "tokens_kept",
	    input_text(req->input, user_password_fields,
		USER_PASSWORD_KEEP_TOKENS) != NULL);
	v->location = xstrdup("/account");
}

/* POST /account/tokens — 201 with the new token, shown this once only. */
void
account_token_add(struct request *req, struct view *v)
{
	char token[SECRET_TOKEN_LEN];
	const char *label = input_text(req->input, account_token_fields,
	    ACCOUNT_TOKEN_LABEL);
	int64_t id = token_add(req->db, req->viewer.user_id, label, token);

	if (id == -1) {
		tx_problem(req->db, &v->problem);
		return;
	}
	v->data = json_object();
	account_form(req, v->data);
	json_object_set_new(v->data, "id", json_integer(id));
	json_object_set_new(v->data, "token", json_string(token));
	secret_wipe(token);
	v->status = 201;
	v->nocache = 1;
	v->template = "account";
}

/* POST /account/tokens/:id/revoke — 404 unless it is the viewer's own. */
void
account_token_revoke(struct request *req, struct view *v)
{
	if (token_revoke(req->db, req->id, req->viewer.user_id) == -1) {
		if (db_errcode(req->db) != DB_OK)
			tx_problem(req->db, &v->problem);
		else
			problem_set(&v->problem, PROBLEM_NOT_FOUND,
			    "err_no_token", NULL, 0);
		return;
	}
	v->data = json_pack("{s:I,s:b}", "id", (json_int_t)req->id, "revoked",
	    1);
	v->location = xstrdup("/account");
}
