/*
 * The server's public address (http/origin.c): which Host fields and
 * --public-url values are taken, and the origin a request gets from
 * each. Whatever is taken goes into a printed QR code, so anything with
 * a path, a user, a space or a scheme of its own is refused.
 */
#include <string.h>

#include "tap.h"
#include "http/origin.h"

static const char *const hosts_ok[] = {
	"localhost", "127.0.0.1", "127.0.0.1:8080", "aid.example.org",
	"aid.example.org:443", "AID.Example.org", "a-b.c", "[::1]",
	"[::1]:8080", "[2001:db8::1]:65535", "x",
};

static const char *const hosts_bad[] = {
	"", ":80", "aid.example.org:", "aid.example.org:0",
	"aid.example.org:65536", "aid.example.org:+80", "aid.example.org:-1",
	"aid.example.org:8x", "evil.example@aid.org", "aid.org/path",
	"aid.org?x", "aid.org#x", "a b.org", "-aid.org", ".aid.org",
	"aid..org", "[::1", "::1", "[::1]x", "[::1]:", "[g::1]",
	"aid.org\r\nX: y", "\"aid.org\"", "<aid.org>", "aid.org\\x",
	"ex\xc3\xa1mple.org",
};

static const char *const urls_bad[] = {
	"", "aid.example.org", "ftp://aid.example.org", "https://",
	"https:///", "https://aid.example.org/sessions", "https://u@aid.org",
	"https://aid.org:0", "javascript:alert(1)", "//aid.org",
	"https://aid.org//", "HTTPS://aid.org",
};

int
main(void)
{
	char out[ORIGIN_LEN], big[400];
	struct request req = { 0 };
	size_t i;

	for (i = 0; i < sizeof(hosts_ok) / sizeof(hosts_ok[0]); i++)
		ok(origin_host_ok(hosts_ok[i]), "Host %s is taken", hosts_ok[i]);
	for (i = 0; i < sizeof(hosts_bad) / sizeof(hosts_bad[0]); i++)
		ok(!origin_host_ok(hosts_bad[i]), "Host \"%s\" is refused",
		    hosts_bad[i]);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(!origin_host_ok(big), "a host of 399 letters is refused");

	/* Nothing configured: the request's Host, checked. */
	is_int(origin_of(&req, out), -1, "no Host: no origin");
	req.host = "evil.example/x";
	is_int(origin_of(&req, out), -1, "a Host not plain: no origin");
	req.host = "127.0.0.1:8080";
	is_int(origin_of(&req, out), 0, "a plain Host: guessed");
	is_str(out, "http://127.0.0.1:8080", "over http");
	req.secure = 1;
	origin_of(&req, out);
	is_str(out, "https://127.0.0.1:8080", "over https behind TLS");

	for (i = 0; i < sizeof(urls_bad) / sizeof(urls_bad[0]); i++)
		is_int(origin_set(urls_bad[i]), -1, "--public-url \"%s\" is "
		    "refused", urls_bad[i]);
	is_int(origin_of(&req, out), 0, "and leaves nothing configured");
	is_int(origin_set("https://aid.example.org/"), 0,
	    "--public-url https://aid.example.org/ is taken");
	req.host = "evil.example";
	is_int(origin_of(&req, out), 1, "configured, whatever the Host");
	is_str(out, "https://aid.example.org", "without the trailing /");
	req.host = NULL;
	is_int(origin_of(&req, out), 1, "or with none");
	is_int(origin_set("http://[::1]:8080"), 0, "an IPv6 address is taken");
	origin_of(&req, out);
	is_str(out, "http://[::1]:8080", "as it was given");
	return tap_done();
}
