/*
 * Fuzz the front gate and what lies behind it, in process: route matching,
 * path and query decoding, language, who is asking, the body's decoding,
 * CSRF, the declared fields, the handlers and both renderings, against a
 * real SQLite database made once in a temporary directory.
 *
 * An input is one request:
 *
 *   byte 0   bits 0-2 the method (modulo the methods we know), bits 3-4
 *            who asks: 0 whatever the Authorization field says, 1 an
 *            admin's API token, 2 a volunteer's API token (zone 1), 3 a
 *            coordinator's session cookie and its form token; bit 5 TLS
 *   then     NUL-separated: target, Accept, Content-Type, Cookie,
 *            Accept-Language, Authorization, X-CSRF-Token; an empty
 *            field is a header left out
 *   the rest the body
 *
 * Each request runs inside a transaction that is rolled back afterwards
 * (the router's own transactions nest inside it), and the response cache
 * is emptied, so every input meets the same database and replays alike.
 * An answer of 500 or more aborts: no input may make the server fail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testdb.h"
#include "db/db.h"
#include "domain/login_session.h"
#include "domain/user.h"
#include "http/cache.h"
#include "http/request.h"
#include "http/route.h"
#include "render/i18n.h"
#include "render/view.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/banned.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[64];
/* SQLite unless SOLIDARITY_TEST_BACKEND=pg (the corpus replay's second pass). */
static struct testdb tdb;
static struct db *db;
static char admin_auth[80], volunteer_auth[80];
static char coord_cookie[80], coord_csrf[SECRET_TOKEN_LEN];
static const char *const method_names[METHOD__MAX] = {
	"GET", "HEAD", "POST", "PATCH", "OTHER"
};

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_route: %s%s%s\n", what, db ? ": " : "",
	    db ? db_errmsg(db) : "");
	exit(1);
}

static void
cleanup(void)
{
	char path[96];

	db_close(db);
	db = NULL;
	cache_clear();
	view_done();
	i18n_done();
	testdb_drop(&tdb);
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fuzz.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fuzz.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* One request through the router; the status. */
static int
dispatch(enum method m, const char *target, const char *auth,
    const char *body)
{
	struct request req = { 0 };
	struct response resp = { 0 };
	int status;

	req.method = m;
	req.target = target;
	req.accept = "application/json";
	req.content_type = body ? "application/json" : NULL;
	req.authorization = auth;
	req.ip = "127.0.0.1";
	req.db = db;
	if (body != NULL)
		buf_adds(&req.body, body);
	route_dispatch(&req, &resp);
	status = resp.status;
	request_free(&req);
	response_free(&resp);
	return status;
}

/* Logins of each kind, and something for the :id routes to find. */
static void
seed(void)
{
	/* What the admin posts, in order: each must answer 201. */
	static const struct {
		const char	*path, *body;
	} rows[] = {
		{ "/zones", "{\"name\":\"Norte\"}" },
		{ "/zones", "{\"name\":\"Sur\",\"parent_id\":1}" },
		{ "/people", "{\"name\":\"Ana\",\"phone\":\"+15550100001\","
		    "\"zone_id\":1,\"address\":\"1 Calle Luna\"}" },
		{ "/needs", "{\"person_id\":4,\"category\":\"groceries\","
		    "\"details\":\"Rice\",\"urgency\":3,\"zone_id\":1}" },
		{ "/needs", "{\"person_id\":4,\"category\":\"transport\","
		    "\"details\":\"A ride\",\"urgency\":1,\"zone_id\":2}" },
		{ "/offers", "{\"person_id\":4,\"category\":\"transport\","
		    "\"details\":\"A car\",\"zone_id\":1,\"quantity\":2}" },
	};
	char password[SECRET_TOKEN_LEN], token[SECRET_TOKEN_LEN];
	struct problem p = { 0 };
	int64_t admin, vol, coord;
	size_t i;

	admin = user_add(db, "admin", ROLE_ADMIN, password, &p);
	vol = user_add(db, "vol", ROLE_VOLUNTEER, password, &p);
	coord = user_add(db, "coord", ROLE_COORDINATOR, password, &p);
	if (admin == -1 || vol == -1 || coord == -1)
		die("cannot add the logins");
	if (token_add(db, admin, "fuzz", token) == -1)
		die("cannot add a token");
	snprintf(admin_auth, sizeof(admin_auth), "Bearer %s", token);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (dispatch(METHOD_POST, rows[i].path, admin_auth,
		    rows[i].body) != 201)
			die("cannot seed the database");
	if (user_add_zone(db, "vol", 1, &p) == -1 ||
	    token_add(db, vol, "fuzz", token) == -1)
		die("cannot set up the volunteer");
	snprintf(volunteer_auth, sizeof(volunteer_auth), "Bearer %s", token);
	if (dispatch(METHOD_POST, "/needs/1/claim", volunteer_auth, "{}") !=
	    200)
		die("cannot claim an ask");
	if (login_session_create(db, coord, token, coord_csrf) == -1)
		die("cannot start a session");
	snprintf(coord_cookie, sizeof(coord_cookie), "sid=%s", token);
	secret_wipe(password);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL;
	int from, to;

	if (db != NULL)
		return 0;
	if (secret_init() == -1 || i18n_init(&err) == -1 ||
	    view_init(&err) == -1)
		die(err ? err : "cannot initialise");
	snprintf(dir, sizeof(dir), "/tmp/fuzz-route-XXXXXX");
	if (mkdtemp(dir) == NULL)
		die("cannot make a temporary directory");
	testdb_make(&tdb, dir, "fuzz");
	db = db_open(tdb.url, &err);
	if (db == NULL)
		die(err);
	if (db_migrate(db, &from, &to, &err) == DB_MIGRATE_FAILED)
		die(err);
	seed();
	cache_clear();
	atexit(cleanup);
	return 0;
}

/* The next NUL-separated field, or NULL when it is empty; moves *p on. */
static char *
field(char **p, char *end)
{
	char *s = *p, *nul;

	if (s >= end)
		return NULL;
	nul = memchr(s, '\0', (size_t)(end - s));
	*p = nul ? nul + 1 : end;
	return *s != '\0' ? s : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req = { 0 };
	struct response resp = { 0 };
	struct buf cookie = BUF_INIT;
	char *copy, *p, *end, *target;
	unsigned flags;

	if (size < 1)
		return 0;
	LLVMFuzzerInitialize(NULL, NULL);
	flags = data[0];
	/* A copy with a NUL after it, so the last field ends too. */
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	p = copy + 1;
	end = copy + size;
	target = field(&p, end);
	req.method = (enum method)((flags & 7) % METHOD__MAX);
	req.target = target ? target : "/";
	req.accept = field(&p, end);
	req.content_type = field(&p, end);
	req.cookie = field(&p, end);
	req.accept_language = field(&p, end);
	req.authorization = field(&p, end);
	req.csrf_header = field(&p, end);
	switch ((flags >> 3) & 3) {
	case 1:
		req.authorization = admin_auth;
		break;
	case 2:
		req.authorization = volunteer_auth;
		break;
	case 3:
		buf_printf(&cookie, "%s%s%s", coord_cookie,
		    req.cookie ? "; " : "", req.cookie ? req.cookie : "");
		req.cookie = cookie.ptr;
		req.csrf_header = coord_csrf;
		break;
	}
	req.secure = (flags >> 5) & 1;
	req.ip = "127.0.0.1";
	req.db = db;
	if (p < end)
		buf_add(&req.body, p, (size_t)(end - p));

	if (db_begin(db) == -1)
		die("cannot begin");
	route_dispatch(&req, &resp);
	/*
	 * No request may make the server fail. The only 5xx the router has
	 * for a sound database is 503, for a busy one (another connection
	 * holding the lock, or a PostgreSQL server away), and here nothing
	 * else ever opens the database: one connection, in process, one
	 * request at a time. So every 5xx, 503 included, is a bug (a
	 * failure misread as busy would answer 503).
	 */
	if (resp.status >= 500) {
		fprintf(stderr, "fuzz_route: %s %s answered %d\n",
		    method_names[req.method], req.target, resp.status);
		abort();
	}
	if (db_rollback(db) == -1)
		die("cannot roll back");
	cache_clear();

	request_free(&req);
	response_free(&resp);
	buf_free(&cookie);
	free(copy);
	return 0;
}
