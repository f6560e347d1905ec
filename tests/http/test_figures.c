/*
 * A program's figures and a session's sign-in sheet, over a real socket,
 * on both backends.
 *
 * The figures are checked on a data set built here and worked out by
 * hand. Breakfast (program 1) meets on Mondays from 1 March 2027; its
 * sessions S1 1 Mar, S2 8 Mar, S3 15 Mar, S4 22 Mar, S5 29 Mar, S6 5 Apr.
 * The free store (program 2) meets on Mondays from 1 February 2027.
 *
 *   S1: Ana guest, Ben guest, Cruz helper, Dee lead, Hal guest,
 *       Ivy helper
 *   S2: Ana helper, Ben guest, Eli guest, Gil helper
 *   S3: Ben helper, Cruz guest, Fayola guest, Hal helper, Ivy guest
 *   S4: cancelled;  S5: said held, nobody signed in;  S6: nothing
 *   free store, 1 Feb: Gil guest
 *
 * Hal is signed in at S3 (helper) before at S1 (guest), and Ivy at S3
 * (guest) before at S1 (helper): the order of a person's visits is the
 * sessions', not the order the rows were written in.
 *
 *   sessions held: S1, S2, S3 (people came), S5 (said held)       = 4
 *   people: Ana Ben Cruz Dee Eli Fayola Gil Hal Ivy                = 9
 *   helpers (helper or lead): Ana Ben Cruz Dee Gil Hal Ivy         = 7
 *   helpers who first came as guests: Ana (S1 guest, S2 helper),
 *     Ben (S1, S2 guest, S3 helper), Hal (S1 guest, S3 helper)     = 3
 *     (not Cruz, Ivy: helpers first; not Dee: lead first; not Gil:
 *     his visit as a guest was to the free store)
 *   the free store: 1 held, 1 person, 0 helpers, 0 from guests.
 *
 * The tap counters: 3 taps at S1, 2 at S2 and one of them undone, 5 at
 * the free store: breakfast served 3 + 1 = 4, the free store 5. S4 was
 * cancelled before anyone tapped, and refuses a tap: still 4.
 *
 * Fayola, who came once, is forgotten: the figures stay 4, 9, 7, 3 and
 * her name is on no page. Ana, who came twice, is forgotten next: her
 * two visits can no longer be told to be one person's (retention.c cuts
 * the link): people become 10 (Ben Cruz Dee Eli Gil Hal Ivy, and three
 * visits of someone forgotten: Fayola's, Ana's two), helpers stay 7 (Ben
 * Cruz Dee Gil Hal Ivy, and Ana's visit as a helper) and helpers who
 * first came as guests become 2 (Ben, Hal).
 *
 * The sheet of a session is a QR code and blank rows. Decoding a QR code
 * is out of reach without a library, so the test encodes the URL the
 * code must hold with libqrencode itself and checks the SVG's dark
 * modules are exactly that matrix: same version, same size, same
 * modules. Its URL is the configured --public-url's, or else the
 * request's Host when it is a plain host[:port] (a forged one goes back
 * to its sender alone, never through the cache); organizers and above
 * print it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "tap.h"
#include "client.h"

static struct server S;
/* Breakfast's sessions S1..S6, by index 1..6. */
static long ses[7];

/* The string at key of obj, or "". */
static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/* The id of the session of program id on date (from its list), or 0. */
static long
session_on(long id, const char *date)
{
	char path[96];
	struct reply r;
	json_t *row;
	size_t i;
	long found = 0;

	snprintf(path, sizeof(path), "/programs/%ld/sessions?from=2027-01-01",
	    id);
	http_json(&S, "GET", path, NULL, &r);
	json_array_foreach (json_object_get(r.json, "items"), i, row)
		if (strcmp(str(row, "date"), date) == 0)
			found = (long)json_integer_value(
			    json_object_get(row, "id"));
	reply_free(&r);
	return found;
}

/* Sign in someone new by name at session s as role: their person id. */
static long
sign_new(long s, const char *name, const char *role)
{
	char path[64], body[128];
	struct reply r;
	long id;

	snprintf(path, sizeof(path), "/sessions/%ld/attendance", s);
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"role\":\"%s\"}", name,
	    role);
	http_json(&S, "POST", path, body, &r);
	id = r.status == 201 ? (long)json_integer_value(
	    json_object_get(r.json, "person_id")) : 0;
	if (id == 0)
		printf("# sign_new %s: %ld %s\n", name, r.status, r.body);
	reply_free(&r);
	return id;
}

/* Sign in person at session s as role: 1 on a 201. */
static int
sign(long s, long person, const char *role)
{
	char path[64], body[128];

	snprintf(path, sizeof(path), "/sessions/%ld/attendance", s);
	snprintf(body, sizeof(body), "{\"person_id\":%ld,\"role\":\"%s\"}",
	    person, role);
	return http_status(&S, "POST", path, body) == 201;
}

/* The figures of program id: 1 when they are held, people, helpers, from. */
static int
figures_are(long id, long held, long people, long helpers, long from)
{
	char path[64];
	struct reply r;
	json_t *f;
	int same;

	snprintf(path, sizeof(path), "/programs/%ld", id);
	http_json(&S, "GET", path, NULL, &r);
	f = json_object_get(r.json, "figures");
	same = r.status == 200 &&
	    json_integer_value(json_object_get(f, "sessions_held")) == held &&
	    json_integer_value(json_object_get(f, "people")) == people &&
	    json_integer_value(json_object_get(f, "helpers")) == helpers &&
	    json_integer_value(json_object_get(f, "helpers_from_guests")) ==
	    from;
	if (!same)
		printf("# program %ld: %ld %s\n", id, r.status, r.body);
	reply_free(&r);
	return same;
}

/* The meals or households program id served: 1 when they are n. */
static int
served_is(long id, long n)
{
	char path[64];
	struct reply r;
	int same;

	snprintf(path, sizeof(path), "/programs/%ld", id);
	http_json(&S, "GET", path, NULL, &r);
	same = r.status == 200 &&
	    json_integer_value(json_object_get(
		json_object_get(r.json, "figures"), "served")) == n;
	if (!same)
		printf("# program %ld: %ld %s\n", id, r.status, r.body);
	reply_free(&r);
	return same;
}

/* Tap n times delta at session s: 1 when each tap is a 200. */
static int
taps(long s, int n, int delta)
{
	char path[64], body[32];
	int all = 1;

	snprintf(path, sizeof(path), "/sessions/%ld/count", s);
	snprintf(body, sizeof(body), "{\"delta\":%d}", delta);
	while (n-- > 0)
		if (http_status(&S, "POST", path, body) != 200)
			all = 0;
	return all;
}

static long ana, fayola;

/* origin + "/sessions/" + id (a static buffer, one of two). */
static const char *
at_sessions(const char *origin, long id)
{
	static char out[2][160];
	static int k;

	k = !k;
	snprintf(out[k], sizeof(out[k]), "%s/sessions/%ld", origin, id);
	return out[k];
}

static void
test_data(void)
{
	static const char *const dates[7] = { NULL, "2027-03-01", "2027-03-08",
		"2027-03-15", "2027-03-22", "2027-03-29", "2027-04-05" };
	long ben, cruz, dee, gil, hal, ivy, store;
	int i, all = 1;
	char path[64];

	ok(http_created(&S, "/programs", "{\"name\":\"Breakfast\",\"kind\":"
	    "\"breakfast\",\"address\":\"Union hall, 5 Main St\",\"schedule\":"
	    "\"Mon 07:00-09:00\",\"starts_on\":\"2027-03-01\"}") == 1,
	    "the breakfast program");
	ok(http_created(&S, "/programs", "{\"name\":\"Free store\",\"kind\":"
	    "\"free_store\",\"schedule\":\"Mon 17:00-19:00\",\"starts_on\":"
	    "\"2027-02-01\"}") == 2, "the free store");
	ok(figures_are(1, 0, 0, 0, 0) && served_is(1, 0),
	    "a new program's figures are all 0");
	for (i = 1; i <= 6; i++)
		if ((ses[i] = session_on(1, dates[i])) == 0)
			all = 0;
	ok(all, "its sessions S1 to S6");
	store = session_on(2, "2027-02-01");

	ana = sign_new(ses[1], "Ana", "guest");
	ben = sign_new(ses[1], "Ben", "guest");
	cruz = sign_new(ses[1], "Cruz", "helper");
	dee = sign_new(ses[1], "Dee", "lead");
	gil = sign_new(store, "Gil", "guest");
	hal = sign_new(ses[3], "Hal", "helper");
	ivy = sign_new(ses[3], "Ivy", "guest");
	ok(sign(ses[1], hal, "guest") && sign(ses[1], ivy, "helper"),
	    "Hal and Ivy at S1, written after S3");
	ok(sign(ses[2], ana, "helper") && sign(ses[2], ben, "guest") &&
	    sign_new(ses[2], "Eli", "guest") && sign(ses[2], gil, "helper"),
	    "S2 signed in");
	fayola = sign_new(ses[3], "Fayola", "guest");
	ok(sign(ses[3], ben, "helper") && sign(ses[3], cruz, "guest") && fayola,
	    "S3 signed in");
	snprintf(path, sizeof(path), "/sessions/%ld/cancel", ses[4]);
	is_int(http_status(&S, "POST", path, "{\"reason\":\"snow\"}"), 200,
	    "S4 cancelled");
	snprintf(path, sizeof(path), "/sessions/%ld", ses[5]);
	is_int(http_status(&S, "PATCH", path, "{\"status\":\"held\"}"), 200,
	    "S5 said held");
	ok(taps(ses[1], 3, 1) && taps(ses[2], 2, 1) && taps(ses[2], 1, -1) &&
	    taps(store, 5, 1), "taps: 3 at S1, 2 less 1 at S2, 5 at the store");
	snprintf(path, sizeof(path), "/sessions/%ld/count", ses[4]);
	is_int(http_status(&S, "POST", path, "{\"delta\":1}"), 409,
	    "the cancelled S4 refuses a tap");
	ok(ana && ben && cruz && dee && gil && hal && ivy, "everyone made");
}

static void
test_figures(void)
{
	char path[64];
	struct reply r;

	ok(figures_are(1, 4, 9, 7, 3), "breakfast: 4 sessions held, 9 people, "
	    "7 helpers, 3 of them first came as guests");
	ok(figures_are(2, 1, 1, 0, 0), "the free store: 1 held, 1 person, no "
	    "helper");
	ok(served_is(1, 4) && served_is(2, 5),
	    "breakfast served 4 meals, the free store 5");
	http(&S, "GET", "/programs/1", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 &&
	    strstr(r.body, "data-figure=\"sessions_held\">4<") &&
	    strstr(r.body, "data-figure=\"served\">4<") &&
	    strstr(r.body, "Meals or households served") &&
	    strstr(r.body, "data-figure=\"people\">9<") &&
	    strstr(r.body, "data-figure=\"helpers\">7<") &&
	    strstr(r.body, "data-figure=\"helpers_from_guests\">3<") &&
	    strstr(r.body, "Helpers who first came as guests"),
	    "the page shows the same figures");
	ok(strstr(r.body, "Ana") == NULL && strstr(r.body, "Hal") == NULL,
	    "and names nobody");
	reply_free(&r);
	http(&S, "GET", "/programs/1?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Cifras") &&
	    strstr(r.body, "Ayudantes que vinieron primero como invitadas") &&
	    strstr(r.body, "Comidas u hogares atendidos"),
	    "in Spanish too");
	reply_free(&r);

	/* Fayola came once: forgotten, she still counts, named nowhere. */
	snprintf(path, sizeof(path), "/people/%ld/forget", fayola);
	is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"), 200,
	    "Fayola is forgotten");
	ok(figures_are(1, 4, 9, 7, 3) && served_is(1, 4),
	    "the figures stay 4, 9, 7, 3, and 4 served");
	snprintf(path, sizeof(path), "/sessions/%ld", ses[3]);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Fayola") == NULL,
	    "her session's page names her not");
	reply_free(&r);
	snprintf(path, sizeof(path), "/sessions/%ld/sheet", ses[3]);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Fayola") == NULL,
	    "nor its sheet");
	reply_free(&r);

	/*
	 * Ana came twice, as a guest then a helper: forgotten, her visits
	 * are two people who came, one of them a helper, and whether that
	 * helper first came as a guest is no longer known (figures.h).
	 */
	snprintf(path, sizeof(path), "/people/%ld/forget", ana);
	is_int(http_status(&S, "POST", path, "{\"confirm\":\"yes\"}"), 200,
	    "Ana is forgotten");
	ok(figures_are(1, 4, 10, 7, 2), "then 4, 10, 7, 2");
}

static void
test_bad(void)
{
	struct reply r;

	http_json(&S, "GET", "/programs/999", NULL, &r);
	ok(r.status == 404 && strcmp(error_code(&r), "") != 0,
	    "an unknown program: 404 with an error");
	reply_free(&r);
	http_json(&S, "GET", "/programs/x1", NULL, &r);
	is_int(r.status, 404, "a bad id: 404");
	reply_free(&r);
}

/* The value at key of the qr object of a sheet. */
static json_t *
qr_get(json_t *sheet, const char *key)
{
	return json_object_get(json_object_get(sheet, "qr"), key);
}

/* The sheet of session id as JSON, with Host host unless NULL. */
static void
sheet(long id, const char *host, struct reply *r)
{
	char path[64], hdr[128];

	snprintf(path, sizeof(path), "/sessions/%ld/sheet", id);
	if (host != NULL) {
		snprintf(hdr, sizeof(hdr), "Host: %s", host);
		http_header = hdr;
	}
	http_json(&S, "GET", path, NULL, r);
	http_header = NULL;
}

/*
 * Whether qr ({version, width, side, path}) is the QR code of url as
 * libqrencode makes it: the same version and width, a side of width + 8
 * (4 modules of white each side), and every dark module of the path where
 * libqrencode puts one and no other.
 */
static int
qr_holds(json_t *qr, const char *url)
{
	QRcode *want = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
	const char *d = json_string_value(json_object_get(qr, "path"));
	unsigned char *got;
	int w, x, y, used, same = 1, i;

	if (want == NULL || d == NULL) {
		QRcode_free(want);
		return 0;
	}
	w = want->width;
	if (json_integer_value(json_object_get(qr, "version")) !=
	    want->version ||
	    json_integer_value(json_object_get(qr, "width")) != w ||
	    json_integer_value(json_object_get(qr, "side")) != w + 8) {
		QRcode_free(want);
		return 0;
	}
	got = calloc((size_t)(w * w), 1);
	while (*d == 'M') {
		int run, run2;

		if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2,
		    &used) != 4 || run != run2 || x < 4 || y < 4 ||
		    x - 4 + run > w || y - 4 >= w) {
			same = 0;
			break;
		}
		for (i = 0; i < run; i++)
			got[(y - 4) * w + x - 4 + i] = 1;
		d += used;
	}
	if (*d != '\0')
		same = 0;
	for (i = 0; same && i < w * w; i++)
		if (got[i] != (want->data[i] & 1))
			same = 0;
	free(got);
	QRcode_free(want);
	return same;
}

/*
 * Whether the page html holds one well-formed SVG drawing qr: <svg> with
 * the viewBox of its side, a white <rect/>, one <path/> of its path data,
 * </svg>, and no other element.
 */
static int
svg_draws(const char *html, json_t *qr)
{
	const char *svg = strstr(html, "<svg "), *end, *p;
	char want[160];
	int side = (int)json_integer_value(json_object_get(qr, "side")), n = 0;

	if (svg == NULL || (end = strstr(svg, "</svg>")) == NULL ||
	    strstr(end + 1, "<svg") != NULL)
		return 0;
	for (p = svg; p < end; p++)
		if (*p == '<')
			n++;
	snprintf(want, sizeof(want), "<svg xmlns=\"http://www.w3.org/2000/svg\""
	    " viewBox=\"0 0 %d %d\"", side, side);
	if (n != 3 || strncmp(svg, want, strlen(want)) != 0)
		return 0;
	snprintf(want, sizeof(want), "<rect width=\"%d\" height=\"%d\" "
	    "fill=\"#fff\"/><path fill=\"#000\" d=\"", side, side);
	p = strstr(svg, want);
	if (p == NULL || p > end)
		return 0;
	p += strlen(want);
	n = (int)strlen(json_string_value(json_object_get(qr, "path")));
	return strncmp(p, json_string_value(json_object_get(qr, "path")),
	    (size_t)n) == 0 && strncmp(p + n, "\"/></svg>", 9) == 0;
}

static void
test_sheet(void)
{
	char url[128], host[64], auth[200], path[64], out[256];
	struct reply r;
	json_t *qr;
	long tr;
	int i;

	snprintf(host, sizeof(host), "127.0.0.1:%d", S.port);
	snprintf(url, sizeof(url), "http://%s/sessions/%ld", host, ses[1]);
	sheet(ses[1], NULL, &r);
	is_int(r.status, 200, "the sheet of S1");
	is_str(json_string_value(json_object_get(r.json, "sign_in_url")), url,
	    "its QR code opens the session's page, at the Host it was "
	    "asked from");
	ok(json_is_true(json_object_get(r.json, "url_guessed")),
	    "which it says is guessed");
	qr = json_incref(json_object_get(r.json, "qr"));
	ok(qr_holds(qr, url), "its code is libqrencode's matrix of that URL, "
	    "module for module: version %lld, %lld modules a side",
	    (long long)json_integer_value(qr_get(r.json, "version")),
	    (long long)json_integer_value(qr_get(r.json, "width")));
	ok(!qr_holds(qr, at_sessions("http://evil.example", ses[1])) &&
	    !qr_holds(qr, at_sessions("http://127.0.0.1:1", ses[1])),
	    "and not the matrix of another URL (the check tells them apart)");
	is_str(json_string_value(json_object_get(r.json, "program_name")),
	    "Breakfast", "the sheet names the program");
	is_str(json_string_value(json_object_get(r.json, "address")),
	    "Union hall, 5 Main St", "and its place");
	is_int(json_array_size(json_object_get(r.json, "rows")), 22,
	    "22 blank rows");
	ok(json_object_get(r.json, "attendance") == NULL &&
	    json_object_get(r.json, "notes") == NULL, "and nobody who came");
	reply_free(&r);

	/* A forged Host goes back to its sender, and to nobody after. */
	sheet(ses[1], "evil.example", &r);
	is_str(json_string_value(json_object_get(r.json, "sign_in_url")),
	    at_sessions("http://evil.example", ses[1]),
	    "a forged Host makes its own sender's sheet");
	reply_free(&r);
	sheet(ses[1], NULL, &r);
	is_str(json_string_value(json_object_get(r.json, "sign_in_url")), url,
	    "and is not served from the cache to the next");
	reply_free(&r);
	sheet(ses[1], "evil.example@x", &r);
	ok(r.status == 200 && strcmp(json_string_value(json_object_get(r.json,
	    "sign_in_url")), at_sessions("", ses[1])) == 0 &&
	    json_object_get(r.json, "qr") == NULL,
	    "a Host that is no plain host: no QR code, the page's path");
	reply_free(&r);

	/* The page: printable, its code drawn, its rows blank. */
	snprintf(path, sizeof(path), "/sessions/%ld/sheet", ses[1]);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "First name") &&
	    strstr(r.body, url) && strstr(r.body, "--public-url"),
	    "the sheet is a page, with its URL and a hint to configure the "
	    "address");
	ok(svg_draws(r.body, qr), "its SVG is well-formed and draws that "
	    "code in a square of %lld units", (long long)json_integer_value(
	    json_object_get(qr, "side")));
	json_decref(qr);
	for (i = 0; i < 2; i++)
		ok(strstr(r.body, i ? "Ana" : "Cruz") == NULL,
		    "naming nobody who came (%s)", i ? "Ana" : "Cruz");
	reply_free(&r);
	snprintf(path, sizeof(path), "/sessions/%ld", ses[1]);
	http(&S, "GET", path, "text/html", NULL, NULL, 0, &r);
	snprintf(path, sizeof(path), "/sessions/%ld/sheet", ses[1]);
	ok(strstr(r.body, path) != NULL, "the session's page links to it");
	reply_free(&r);

	/* Who may print it. */
	server_login(&S, "org", "organizer", NULL, auth, sizeof(auth));
	http_auth = auth;
	is_int(http_status(&S, "GET", path, NULL), 200, "an organizer prints");
	server_login(&S, "vol", "volunteer", NULL, auth, sizeof(auth));
	is_int(http_status(&S, "GET", path, NULL), 403, "a volunteer: 403");
	http_auth = "";
	is_int(http_status(&S, "GET", path, NULL), 401, "nobody: 401");
	http_auth = NULL;
	http_json(&S, "GET", "/sessions/999/sheet", NULL, &r);
	ok(r.status == 404 && strcmp(error_code(&r), "") != 0,
	    "an unknown session: 404 with an error");
	reply_free(&r);
	is_int(http_status(&S, "GET", "/sessions/1x/sheet", NULL), 404,
	    "a bad id: 404");

	/* A configured address is the one used, whatever the Host. */
	{
		static const char *const conf[] = { "--public-url",
			"https://aid.example.org/", NULL };

		is_int(server_pause(&S), 0, "the server stops");
		server_args = conf;
		server_resume(&S);
		server_args = NULL;
	}
	sheet(ses[1], "evil.example", &r);
	is_str(json_string_value(json_object_get(r.json, "sign_in_url")),
	    at_sessions("https://aid.example.org", ses[1]),
	    "with --public-url the code opens the configured address");
	ok(json_object_get(r.json, "url_guessed") == NULL &&
	    qr_holds(json_object_get(r.json, "qr"),
	    at_sessions("https://aid.example.org", ses[1])),
	    "not guessed, and drawn module for module");
	reply_free(&r);
	{
		static const char *const bad[] = { "ftp://aid.example.org",
			"https://aid.example.org/sessions", "https://u@aid.org",
			"https://", "https://a b.org", "https://aid.org:0",
			"https://aid.org:99999", "javascript:alert(1)" };

		for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
			const char *args[] = { "serve", "--public-url", bad[i],
				"--db", S.store.url, NULL };

			tr = cli_run(args, out, sizeof(out), out, sizeof(out));
			is_int(tr, 2, "--public-url %s is refused", bad[i]);
		}
	}
}

int
main(void)
{
	server_start(&S);
	test_data();
	test_figures();
	test_bad();
	test_sheet();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
