/* SMS gateways: their registry, and posting a text to one (libcurl). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "sms_gateway.h"
#include "tx.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/phone.h"
#include "util/utf8.h"
#include "util/banned.h"

const char *const sms_gateway_kinds[] = { "form", "android", NULL };

enum stmt {
	STMT_INSERT,
	STMT_LIST,
	STMT_FIND_NAME,
	STMT_UNLINK_TEXTS,
	STMT_UNLINK_THREADS,
	STMT_DELETE,
	STMT_BY_SECRET,
	STMT_COUNT,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO sms_gateway (name, kind, secret_hash, send_url, country, "
	"created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	/* STMT_LIST */
	"SELECT id, name, kind, country, CASE WHEN send_url IS NULL THEN 0 "
	"ELSE 1 END AS has_send_url, created_at FROM sms_gateway ORDER BY name",
	/* STMT_FIND_NAME */
	"SELECT id FROM sms_gateway WHERE name = ?",
	/* STMT_UNLINK_TEXTS */
	"UPDATE sms_message SET gateway_id = NULL WHERE gateway_id = ?",
	/* STMT_UNLINK_THREADS */
	"UPDATE sms_thread SET gateway_id = NULL WHERE gateway_id = ?",
	/* STMT_DELETE */
	"DELETE FROM sms_gateway WHERE id = ?",
	/* STMT_BY_SECRET */
	"SELECT id, name, kind, country FROM sms_gateway WHERE secret_hash = ?",
	/* STMT_COUNT */
	"SELECT count(*) FROM sms_gateway",
};

/* Whether url is an http or https URL curl can post to. */
static int
sms_gateway_url_ok(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	int ok;

	ok = u != NULL && strlen(url) <= SMS_GATEWAY_URL_MAX &&
	    utf8_valid(url, strlen(url)) &&
	    curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}

static int
sms_gateway_kind_ok(const char *kind)
{
	size_t i;

	for (i = 0; sms_gateway_kinds[i] != NULL; i++)
		if (strcmp(kind, sms_gateway_kinds[i]) == 0)
			return 1;
	return 0;
}

/* A name without control characters: shown in lists and logs. */
static int
sms_gateway_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	return n > 0 && n <= SMS_GATEWAY_NAME_MAX && utf8_valid(name, n);
}

int
sms_gateway_add(struct db *db, const char *name, const char *kind,
    const char *send_url, const char *country, int64_t *id,
    char secret[SECRET_TOKEN_LEN], struct problem *p)
{
	char hash[SECRET_HASH_LEN], now[CLOCK_ISO_LEN], cc[3];
	struct db_val args[6];
	int64_t taken;
	int rc;

	if (!sms_gateway_name_ok(name))
		return problem_set(p, PROBLEM_INVALID, "err_sms_gateway_name",
		    "name", 0);
	if (!sms_gateway_kind_ok(kind))
		return problem_set(p, PROBLEM_INVALID, "err_sms_gateway_kind",
		    "kind", 0);
	if (send_url != NULL && !sms_gateway_url_ok(send_url))
		return problem_set(p, PROBLEM_INVALID, "err_sms_gateway_url",
		    "send_url", 0);
	if (strlen(country) != 2 || !phone_country_known(country))
		return problem_set(p, PROBLEM_INVALID,
		    "err_sms_gateway_country", "country", 0);
	cc[0] = (char)(country[0] & ~0x20);
	cc[1] = (char)(country[1] & ~0x20);
	cc[2] = '\0';
	args[0] = DBV_TEXT(name);
	rc = db_int(db, stmts[STMT_FIND_NAME], args, 1, &taken);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return problem_set(p, PROBLEM_CONFLICT, "err_sms_gateway_taken",
		    "name", 0);
	secret_token(secret);
	secret_hash(secret, hash);
	clock_now(now);
	args[1] = DBV_TEXT(kind);
	args[2] = DBV_TEXT(hash);
	args[3] = send_url != NULL ? DBV_TEXT(send_url) : DBV_NULL;
	args[4] = DBV_TEXT(cc);
	args[5] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_INSERT], args, 6, id) != 1) {
		secret_wipe(secret);
		return tx_problem(db, p);
	}
	return 0;
}

json_t *
sms_gateway_list(struct db *db)
{
	return db_rows(db, stmts[STMT_LIST], NULL, 0);
}

int64_t
sms_gateway_count(struct db *db)
{
	int64_t n = 0;

	return db_int(db, stmts[STMT_COUNT], NULL, 0, &n) == -1 ? -1 : n;
}

int
sms_gateway_remove(struct db *db, const char *name, struct problem *p)
{
	struct db_val arg = DBV_TEXT(name);
	int64_t id;
	int rc;

	rc = db_int(db, stmts[STMT_FIND_NAME], &arg, 1, &id);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 0)
		return problem_set(p, PROBLEM_NOT_FOUND,
		    "err_sms_gateway_unknown", "name", 0);
	arg = DBV_INT(id);
	if (db_exec(db, stmts[STMT_UNLINK_TEXTS], &arg, 1) == -1 ||
	    db_exec(db, stmts[STMT_UNLINK_THREADS], &arg, 1) == -1 ||
	    db_exec(db, stmts[STMT_DELETE], &arg, 1) == -1)
		return tx_problem(db, p);
	return 0;
}

int
sms_gateway_by_secret(struct db *db, const char *secret, json_t **row)
{
	char hash[SECRET_HASH_LEN];
	struct db_val arg;

	secret_hash(secret, hash);
	arg = DBV_TEXT(hash);
	return db_row(db, stmts[STMT_BY_SECRET], &arg, 1, row);
}

/* An answer's body is not read: only its status says what happened. */
static size_t
sms_gateway_discard(char *ptr, size_t size, size_t n, void *arg)
{
	return size * n;
}

/* The body of the post, as the gateway's kind reads it. */
static int
sms_gateway_body(CURL *c, const char *kind, const char *phone, const char *body,
    struct buf *out, struct curl_slist **headers)
{
	json_t *msg;
	char *to, *text, *dumped;

	if (strcmp(kind, "android") == 0) {
		msg = json_pack("{s:s,s:[s]}", "message", body, "phoneNumbers",
		    phone);
		dumped = msg != NULL ? json_dumps(msg, JSON_COMPACT) : NULL;
		json_decref(msg);
		if (dumped == NULL)
			return -1;
		buf_adds(out, dumped);
		arena_json_free(dumped);
		*headers = curl_slist_append(NULL,
		    "Content-Type: application/json");
		return *headers != NULL ? 0 : -1;
	}
	to = curl_easy_escape(c, phone, 0);
	text = curl_easy_escape(c, body, 0);
	if (to != NULL && text != NULL)
		buf_printf(out, "To=%s&Body=%s", to, text);
	curl_free(to);
	curl_free(text);
	return out->len > 0 ? 0 : -1;
}

enum sms_post
sms_gateway_post(const char *kind, const char *url, const char *phone,
    const char *body, char *err, size_t errlen)
{
	char why[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	struct buf post = BUF_INIT;
	enum sms_post result;
	long status = 0;
	CURLcode rc;
	CURL *c;

	c = curl_easy_init();
	if (c == NULL ||
	    sms_gateway_body(c, kind, phone, body, &post, &headers) == -1) {
		snprintf(err, errlen, "out of memory");
		result = SMS_POST_RETRY;
		goto done;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SMS_GATEWAY_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.ptr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)post.len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sms_gateway_discard);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "solidarity");
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s",
		    why[0] != '\0' ? why : curl_easy_strerror(rc));
		result = SMS_POST_RETRY;
		goto done;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300) {
		err[0] = '\0';
		result = SMS_POST_TAKEN;
	} else {
		snprintf(err, errlen, "HTTP %ld", status);
		result = status == 408 || status == 429 || status >= 500
		    ? SMS_POST_RETRY
		    : SMS_POST_REFUSED;
	}
done:
	curl_slist_free_all(headers);
	buf_free(&post);
	if (c != NULL)
		curl_easy_cleanup(c);
	return result;
}
