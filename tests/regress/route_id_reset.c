/*
 * Regression: a route without :id (GET /people/new) took its id from
 * whatever the stack held, often the id of the request before, so the new
 * person form posted to /people/<garbage> and answered 404. Run in-process
 * through the router, the way the bug showed: a page with an id, then one
 * without.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "http/route.h"
#include "render/i18n.h"
#include "render/view.h"
#include "domain/login_session.h"
#include "domain/user.h"
#include "util/secret.h"

static char auth[80];

static int
get(struct db *db, const char *target, struct request *req,
    struct response *resp)
{
	memset(req, 0, sizeof(*req));
	memset(resp, 0, sizeof(*resp));
	req->method = METHOD_GET;
	req->target = target;
	req->accept = "text/html";
	req->authorization = auth;
	req->db = db;
	route_dispatch(req, resp);
	return resp->status;
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-regress-XXXXXX", cmd[128];
	struct testdb t;
	struct request req;
	struct response resp;
	struct db *db;
	char *err = NULL;

	char pw[SECRET_TOKEN_LEN], token[SECRET_TOKEN_LEN];
	struct problem p;
	int64_t uid;

	if (mkdtemp(dir) == NULL || secret_init() == -1 ||
	    i18n_init(&err) == -1 || view_init(&err) == -1)
		return 1;
	testdb_make(&t, dir, "r");
	db = cmd_open_db(t.url, 1);
	if (db == NULL)
		return 1;
	uid = user_add(db, "admin", ROLE_ADMIN, pw, &p);
	if (uid == -1 || token_add(db, uid, "test", token) == -1)
		return 1;
	snprintf(auth, sizeof(auth), "Bearer %s", token);

	get(db, "/people/7", &req, &resp);
	is_int(req.id, 7, "the id route takes its id");
	response_free(&resp);
	request_free(&req);
	is_int(get(db, "/people/new", &req, &resp), 200, "the form answers");
	is_int(req.id, 0, "a route without :id has no id");
	ok(resp.body.ptr != NULL && strstr(resp.body.ptr,
	    "action=\"/people\"") != NULL, "the new person form posts to "
	    "/people");
	response_free(&resp);
	request_free(&req);

	db_close(db);
	testdb_drop(&t);
	view_done();
	i18n_done();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
