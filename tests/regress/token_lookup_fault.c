/*
 * Regression: when the database failed while an API token was looked up,
 * the client was taken for nobody: 401 "sign in first" to a signed-in
 * script, and the token memo kept it so for every later request until
 * the next write. Found by the fault sweep (tests/http/test_faults.c):
 * the first database operation of a Bearer request is the token lookup
 * (the second of the worker's first request, which opens its connection).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

int
main(void)
{
	struct server s;
	struct reply r;

	server_threads = 1;
	server_start(&s);
	server_pause(&s);
	setenv("SOLIDARITY_FAULT", "2", 1);
	server_resume(&s);
	unsetenv("SOLIDARITY_FAULT");

	http_json(&s, "GET", "/needs", NULL, &r);
	is_int(r.status, 500, "a failed token lookup answers 500, not 401");
	is_str(error_code(&r), "internal", "in the JSON error shape");
	reply_free(&r);
	http_json(&s, "GET", "/needs", NULL, &r);
	is_int(r.status, 200, "and the next request is served: the failure "
	    "was not remembered");
	reply_free(&r);
	is_int(server_stop(&s), 0, "the server exits cleanly");
	return tap_done();
}
