/*
 * Texts by SMS, on both backends, against a fake gateway on loopback that
 * speaks both documented formats (a form's To and Body; SMS Gateway for
 * Android's {"message","phoneNumbers"}) and answers as told (503, 400).
 * The gateways on the command line; a stranger's text that makes an ask
 * in English and in Spanish by numbered replies (the person, the ask, the
 * texts linked to it); "ES" switching the language; words sent instead of
 * a number kept; zones paged by 0; a known person's text to their open
 * ask's history; STOP, ALTO, BAJA honoured at once (the outbox cancelled,
 * nothing sent after) and START; retries with backoff against a failing
 * gateway, a refusal failing at once; unknown secrets and bad posts
 * writing nothing; /sms for coordinators only, numbers masked; texts
 * forgotten with their person, purged with age, opt-outs kept.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* The fake gateway: what was posted to it, and how to answer next. */
static struct {
	int fd, port;
	pthread_t thread;
	pthread_mutex_t lock;
	json_t *posts;     /* [{"path","type","to","text"}] */
	int answers[16];   /* statuses to answer next, in turn */
	int nanswers;
} gw = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* A form field's value, decoded (the caller frees), or NULL. */
static char *
form_value(const char *body, const char *name)
{
	size_t n = strlen(name);
	const char *s = body, *end;
	char *raw, *v, *p;
	int len;

	while (s != NULL && *s != '\0') {
		end = strchr(s, '&');
		if (strncmp(s, name, n) == 0 && s[n] == '=') {
			s += n + 1;
			raw = strndup(s, end ? (size_t)(end - s) : strlen(s));
			for (p = raw; *p != '\0'; p++)
				if (*p == '+')
					*p = ' ';
			p = curl_easy_unescape(NULL, raw, 0, &len);
			v = strndup(p, (size_t)len);
			curl_free(p);
			free(raw);
			return v;
		}
		s = end ? end + 1 : NULL;
	}
	return NULL;
}

/* One post read off c, recorded, and answered. */
static void
gw_serve(int c)
{
	char buf[65536], *hdr_end, *cl, *type;
	size_t got = 0, want;
	ssize_t n;
	int status = 200;
	json_t *post;
	char *to = NULL, *text = NULL, line[128];

	for (;;) {
		n = read(c, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			return;
		got += (size_t)n;
		buf[got] = '\0';
		hdr_end = strstr(buf, "\r\n\r\n");
		if (hdr_end == NULL)
			continue;
		cl = strcasestr(buf, "Content-Length:");
		want = (size_t)(hdr_end + 4 - buf) +
		    (cl ? strtoul(cl + 15, NULL, 10) : 0);
		if (got >= want)
			break;
	}
	type = strcasestr(buf, "Content-Type:");
	post = json_pack("{s:s%,s:s%}", "path", buf,
	    strcspn(buf, "\r\n"), "type", type ? type + 14 : "",
	    type ? strcspn(type + 14, "\r\n") : 0);
	if (type != NULL && strncmp(type + 14, "application/json", 16) == 0) {
		json_t *j = json_loads(hdr_end + 4, 0, NULL);

		json_object_set(post, "to",
		    json_array_get(json_object_get(j, "phoneNumbers"), 0));
		json_object_set(post, "text", json_object_get(j, "message"));
		json_decref(j);
	} else {
		to = form_value(hdr_end + 4, "To");
		text = form_value(hdr_end + 4, "Body");
		json_object_set_new(post, "to", json_string(to ? to : ""));
		json_object_set_new(post, "text",
		    json_string(text ? text : ""));
		free(to);
		free(text);
	}
	pthread_mutex_lock(&gw.lock);
	if (gw.nanswers > 0) {
		status = gw.answers[0];
		memmove(gw.answers, gw.answers + 1,
		    sizeof(int) * (size_t)--gw.nanswers);
	}
	json_object_set_new(post, "status", json_integer(status));
	json_array_append_new(gw.posts, post);
	pthread_mutex_unlock(&gw.lock);
	snprintf(line, sizeof(line),
	    "HTTP/1.1 %d X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
	    status);
	if (write(c, line, strlen(line)) < 0)
		return;
}

static void *
gw_loop(void *arg)
{
	int c;

	while ((c = accept(gw.fd, NULL, NULL)) >= 0) {
		gw_serve(c);
		close(c);
	}
	return NULL;
}

static void
gw_start(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);

	gw.posts = json_array();
	gw.fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(gw.fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(gw.fd, 16) == -1 ||
	    getsockname(gw.fd, (struct sockaddr *)&a, &len) == -1) {
		printf("Bail out! the fake gateway cannot listen\n");
		exit(1);
	}
	gw.port = ntohs(a.sin_port);
	pthread_create(&gw.thread, NULL, gw_loop, NULL);
}

static size_t
gw_count(void)
{
	size_t n;

	pthread_mutex_lock(&gw.lock);
	n = json_array_size(gw.posts);
	pthread_mutex_unlock(&gw.lock);
	return n;
}

/* Wait (10 s at most) until the gateway has had n posts; 1 if it has. */
static int
gw_wait(size_t n)
{
	long until = now_ms() + 10000;

	while (gw_count() < n && now_ms() < until)
		usleep(50 * 1000);
	return gw_count() >= n;
}

/* Member key of the nth post (from 0), borrowed until the next post. */
static const char *
gw_post(size_t n, const char *key)
{
	const char *v;

	pthread_mutex_lock(&gw.lock);
	v = json_string_value(json_object_get(json_array_get(gw.posts, n),
	    key));
	pthread_mutex_unlock(&gw.lock);
	return v ? v : "";
}

/*
 * The gateway's post count once the outbox has nothing left to send
 * (10 s at most): what a test counts from.
 */
static size_t
gw_settled(void)
{
	long until = now_ms() + 10000;

	while (db_scalar(&S, "SELECT count(*) FROM sms_message WHERE status "
			     "= 'queued'") > 0 &&
	    now_ms() < until)
		usleep(50 * 1000);
	return gw_count();
}

static void
gw_answer(const int *statuses, int n)
{
	pthread_mutex_lock(&gw.lock);
	memcpy(gw.answers, statuses, sizeof(int) * (size_t)n);
	gw.nanswers = n;
	pthread_mutex_unlock(&gw.lock);
}

/* The paths of the two gateways, as the command printed them. */
static char form_path[128], android_path[128];

/* A text as the form gateway posts it: the reply's status. */
static long
text_form(const char *from, const char *body, struct reply *r)
{
	char *f = curl_easy_escape(NULL, from, 0);
	char *b = curl_easy_escape(NULL, body, 0);
	char post[4096];
	long status;
	int tries;

	snprintf(post, sizeof(post), "From=%s&Body=%s&MessageSid=SM1", f, b);
	curl_free(f);
	curl_free(b);
	http_auth = "";
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    post, strlen(post), r);
	/* A busy database (a restart's purge under load): as a gateway does. */
	for (tries = 0; r->status == 503 && tries < 5; tries++) {
		reply_free(r);
		usleep(300 * 1000);
		http(&S, "POST", form_path, NULL,
		    "application/x-www-form-urlencoded", post, strlen(post), r);
	}
	http_auth = NULL;
	status = r->status;
	return status;
}

/* A text as the Android gateway posts it. */
static long
text_android(const char *from, const char *body, struct reply *r)
{
	json_t *j = json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s,s:i,s:s}}",
	    "deviceId", "dev1", "event", "sms:received", "id", "ev1",
	    "payload", "messageId", "m1", "message", body, "phoneNumber", from,
	    "simNumber", 1, "receivedAt", "2026-12-04T15:46:11.000+07:00");
	char *s = json_dumps(j, 0);

	http_auth = "";
	http(&S, "POST", android_path, NULL, "application/json", s, strlen(s),
	    r);
	http_auth = NULL;
	free(s);
	json_decref(j);
	return r->status;
}

/* What the text did ("done"), "" when it said nothing. */
static const char *
done_of(struct reply *r)
{
	const char *d = json_string_value(json_object_get(r->json, "done"));

	return d ? d : "";
}

static void
test_gateways(void)
{
	char line[512], url[128], *snap;
	long before;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/send", gw.port);
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add",
				  "corner", "--send-url", url, NULL },
		   form_path, sizeof(form_path)),
	    0, "sms gateway add: exit 0");
	ok(strncmp(form_path, "/sms/inbound/", 13) == 0 &&
		strlen(form_path) == 13 + 43,
	    "prints the inbound path with its secret: %s", form_path);
	snprintf(url, sizeof(url), "http://u:p@127.0.0.1:%d/message", gw.port);
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add",
				  "phone", "--kind", "android", "--send-url",
				  url, "--country", "mx", NULL },
		   android_path, sizeof(android_path)),
	    0, "an android gateway, Mexico's numbers: exit 0");
	ok(strcmp(form_path, android_path) != 0, "each its own secret");
	snap = db_snapshot(&S);
	ok(strstr(snap, form_path + 13) == NULL &&
		strstr(snap, android_path + 13) == NULL,
	    "only the secrets' hashes are kept");
	free(snap);
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			     "'cli sms gateway add'"),
	    2, "each addition in the audit trail");

	before = db_count(&S, "sms_gateway");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add",
				  "corner", NULL },
		   line, sizeof(line)),
	    1, "a name taken: exit 1");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add", "x",
				  "--kind", "pigeon", NULL },
		   line, sizeof(line)),
	    1, "a kind that is none: exit 1");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add", "x",
				  "--send-url", "file:///etc/passwd", NULL },
		   line, sizeof(line)),
	    1, "a send URL not http(s): exit 1");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "add", "x",
				  "--country", "ZZ", NULL },
		   line, sizeof(line)),
	    1, "a country nobody knows: exit 1");
	is_int(db_count(&S, "sms_gateway"), before, "none of them written");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "list",
				  "--kind", "form", NULL },
		   line, sizeof(line)),
	    2, "list takes no gateway settings: exit 2");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", NULL },
		   line, sizeof(line)),
	    2, "no verb: exit 2");
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "list",
				  NULL },
		   line, sizeof(line)),
	    0, "list: exit 0");
	ok(strstr(line, "NAME") != NULL, "list prints a header: %s", line);
	is_int(server_cli(&S, (const char *[]){ "sms", "gateway", "remove",
				  "nobody", NULL },
		   line, sizeof(line)),
	    1, "removing a gateway that is none: exit 1");
}

/* A stranger's text in English makes an ask by two numbered replies. */
static void
test_english(void)
{
	struct reply r;
	size_t n = gw_settled();
	long need, person;
	char sql[256];

	is_int(text_form("(617) 555-0101", "Hi, I need help with food for my kids",
		   &r),
	    200, "a stranger's text: 200");
	is_str(done_of(&r), "question", "asks a question");
	reply_free(&r);
	ok(gw_wait(n + 1), "the reply reaches the gateway");
	is_str(gw_post(n, "to"), "+16175550101", "to the number in E.164");
	ok(strstr(gw_post(n, "text"), "What do you need?") != NULL &&
		strstr(gw_post(n, "text"), "1 Groceries") != NULL &&
		strstr(gw_post(n, "text"), "ES") != NULL,
	    "in English, the categories numbered, Spanish offered");
	ok(strncmp(gw_post(n, "path"), "POST /send", 10) == 0 &&
		strstr(gw_post(n, "type"), "x-www-form-urlencoded") != NULL,
	    "posted as a form to the send URL");

	text_form("6175550101", "1", &r);
	is_str(done_of(&r), "question", "the category chosen: next question");
	reply_free(&r);
	ok(gw_wait(n + 2), "the zones' question sent");
	ok(strstr(gw_post(n + 1, "text"), "Where are you?") != NULL &&
		strstr(gw_post(n + 1, "text"), "1 Alder") != NULL &&
		strstr(gw_post(n + 1, "text"), "0 More") != NULL,
	    "the first page of zones, 0 for more");

	text_form("6175550101", "blue house", &r);
	is_str(done_of(&r), "question", "words, not a number: asked again");
	reply_free(&r);
	ok(gw_wait(n + 3) && strstr(gw_post(n + 2, "text"),
				 "Please reply with one of the numbers") !=
		    NULL,
	    "says to reply with a number");

	text_form("6175550101", "0", &r);
	reply_free(&r);
	ok(gw_wait(n + 4) && strstr(gw_post(n + 3, "text"), "1 Juniper") !=
		    NULL,
	    "0: the next page of zones");

	text_form("6175550101", "2", &r);
	is_str(done_of(&r), "ask", "the zone chosen: the ask is made");
	need = json_integer_value(json_object_get(r.json, "need_id"));
	reply_free(&r);
	ok(need > 0, "its id said");
	ok(gw_wait(n + 5) && strstr(gw_post(n + 4, "text"), "Your ask is number") != NULL,
	    "the last reply gives the ask's number");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM need n JOIN zone z ON z.id = n.zone_id "
	    "WHERE n.id = %ld AND n.category = 'groceries' AND z.name = "
	    "'Kestrel' AND n.status = 'open'",
	    need);
	is_int(db_scalar(&S, sql), 1, "groceries, in the zone chosen, open");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM need WHERE id = %ld AND details LIKE "
	    "'Hi, I need help%%blue house'",
	    need);
	is_int(db_scalar(&S, sql), 1,
	    "the details: the first text and the words sent since");
	snprintf(sql, sizeof(sql), "SELECT person_id FROM need WHERE id = %ld",
	    need);
	person = db_scalar(&S, sql);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM person WHERE id = %ld AND phone = "
	    "'+16175550101' AND language = 'en'",
	    person);
	is_int(db_scalar(&S, sql), 1, "a person with the number, in English");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM sms_message WHERE need_id = %ld", need);
	is_int(db_scalar(&S, sql), 10, "the ten texts in and out, the ask's");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_thread"), 0,
	    "the conversation is over");
}

/* In Spanish, by the Android gateway; "EN" and "ES" switch. */
static void
test_spanish(void)
{
	struct reply r;
	size_t n = gw_settled();
	long need;
	char sql[256];

	is_int(text_android("55 1234 5678", "Hola, necesito pañales por favor",
		   &r),
	    200, "a text by the Android gateway: 200");
	reply_free(&r);
	ok(gw_wait(n + 1), "the reply sent");
	ok(strstr(gw_post(n, "text"), "¿Qué necesita?") != NULL &&
		strstr(gw_post(n, "text"), "7 Pañales") != NULL,
	    "in Spanish, the categories in Spanish");
	is_str(gw_post(n, "to"), "+525512345678",
	    "the number with the gateway's country (MX)");
	ok(strncmp(gw_post(n, "path"), "POST /message", 13) == 0 &&
		strstr(gw_post(n, "type"), "application/json") != NULL,
	    "posted as the Android gateway's JSON message");

	text_android("+525512345678", "EN", &r);
	reply_free(&r);
	ok(gw_wait(n + 2) &&
		strstr(gw_post(n + 1, "text"), "What do you need?") != NULL,
	    "EN: the same question in English");
	text_android("+525512345678", "es", &r);
	reply_free(&r);
	ok(gw_wait(n + 3) &&
		strstr(gw_post(n + 2, "text"), "¿Qué necesita?") != NULL,
	    "ES: and back in Spanish");
	text_android("+525512345678", "7", &r);
	reply_free(&r);
	text_android("+525512345678", "1", &r);
	is_str(done_of(&r), "ask", "two numbers: the ask is made");
	need = json_integer_value(json_object_get(r.json, "need_id"));
	reply_free(&r);
	ok(gw_wait(n + 5) &&
		strstr(gw_post(n + 4, "text"), "Su pedido es el número") !=
		    NULL,
	    "thanked in Spanish");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM need n JOIN person p ON p.id = n.person_id "
	    "WHERE n.id = %ld AND n.category = 'diapers' AND p.language = 'es'",
	    need);
	is_int(db_scalar(&S, sql), 1, "diapers, for a person who speaks Spanish");

	/* "ES" alone starts in Spanish, with no words for the details. */
	n = gw_settled();
	text_form("6175550102", "ES", &r);
	reply_free(&r);
	ok(gw_wait(n + 1) && strstr(gw_post(n, "text"), "¿Qué necesita?") !=
		    NULL,
	    "ES as a first text: the questions in Spanish");
	text_form("6175550102", "3", &r);
	reply_free(&r);
	text_form("6175550102", "1", &r);
	need = json_integer_value(json_object_get(r.json, "need_id"));
	reply_free(&r);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM need WHERE id = %ld AND details = "
	    "'Pedido por mensaje de texto.'",
	    need);
	is_int(db_scalar(&S, sql), 1, "details that say it came by text");

	/* Control characters in a text are no part of an ask's details. */
	text_form("6175550105", "  Need\x01 help\tnow \x7f ", &r);
	reply_free(&r);
	text_form("6175550105", "1", &r);
	reply_free(&r);
	text_form("6175550105", "1", &r);
	need = json_integer_value(json_object_get(r.json, "need_id"));
	reply_free(&r);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM need WHERE id = %ld AND details = "
	    "'Need  help' || char(9) || 'now'",
	    need);
	if (server_is_pg(&S))
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM need WHERE id = %ld AND details = "
		    "'Need  help' || chr(9) || 'now'",
		    need);
	is_int(db_scalar(&S, sql), 1,
	    "a control character a space, the tab kept, the blanks around "
	    "gone");
}

/* A known person's text with an ask open goes to its history. */
static void
test_history(void)
{
	struct reply r;
	size_t n = gw_settled();
	long need = db_scalar(&S, "SELECT max(n.id) FROM need n JOIN person p "
				  "ON p.id = n.person_id WHERE p.phone = "
				  "'+16175550101'");
	char sql[256];

	text_form("+1 617 555 0101", "The fridge is empty now", &r);
	is_str(done_of(&r), "history", "to the open ask's history");
	is_int(json_integer_value(json_object_get(r.json, "need_id")), need,
	    "the person's open ask");
	reply_free(&r);
	ok(gw_wait(n + 1) &&
		strstr(gw_post(n, "text"), "we added your message") != NULL,
	    "thanked");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM sms_message WHERE need_id = %ld AND body = "
	    "'The fridge is empty now'",
	    need);
	is_int(db_scalar(&S, sql), 1, "the text is the ask's");
	http(&S, "GET", http_at("/needs/%ld", need), "application/json", NULL,
	    NULL, 0, &r);
	ok(json_array_size(json_object_get(r.json, "texts")) == 12,
	    "the ask's page lists its texts");
	ok(strstr(r.body, "+16175550101") == NULL &&
		strstr(r.body, "6175550101") == NULL,
	    "without the number");
	reply_free(&r);
}

/* STOP, ALTO, BAJA: at once and for good; START undoes it. */
static void
test_optout(void)
{
	struct reply r;
	size_t n;
	const char *stops[] = { "STOP", "alto", "Baja!" };
	char from[32];
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "617555020%d", i);
		text_form(from, "hello", &r);
		reply_free(&r);
		n = gw_settled();
		text_form(from, stops[i], &r);
		is_str(done_of(&r), "optout", "%s: opted out", stops[i]);
		reply_free(&r);
		text_form(from, "I need rent help", &r);
		is_int(r.status, 200, "a text after it is still taken");
		reply_free(&r);
		usleep(2500 * 1000);
		is_int(gw_count(), n, "%s: nothing sent after it", stops[i]);
	}
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_optout"), 3,
	    "the three numbers stored");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone "
			     "= '+16175550200' AND direction = 'out' AND "
			     "status NOT IN ('sent', 'cancelled')"),
	    0, "nothing waits for them");

	/*
	 * A reply queued but not yet sent is cancelled by the STOP. Made
	 * "later" than now: the purge at the server's start, which runs
	 * beside its first requests, deletes texts older than the retention
	 * once they are no longer queued, and would race the checks below.
	 */
	server_pause(&S);
	db_write(&S, "INSERT INTO sms_message (direction, phone, body, status, "
		     "next_at, created_at) VALUES ('out', '+16175550299', 'x', "
		     "'queued', '2999-01-01T00:00:00Z', '2999-01-01T00:00:00Z')");
	server_resume(&S);
	is_int(text_form("6175550299", "stop", &r), 200,
	    "STOP just after a restart: 200");
	if (r.status != 200)
		printf("# %s\n", r.body ? r.body : "");
	reply_free(&r);
	if (!ok(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone "
			      "= '+16175550299' AND status = 'cancelled'") ==
		    1,
		"what waited for the number is cancelled")) {
		char *rows = db_text(&S, "SELECT count(*) || ' texts: ' || "
					 "max(direction || ' ' || status) FROM "
					 "sms_message WHERE phone = "
					 "'+16175550299'");

		printf("#   the number's texts: %s\n", rows ? rows : "none");
		free(rows);
	}

	n = gw_settled();
	text_form("6175550200", "START", &r);
	is_str(done_of(&r), "optin", "START: back in");
	reply_free(&r);
	ok(gw_wait(n + 1) &&
		strstr(gw_post(n, "text"), "You will get our texts again") !=
		    NULL,
	    "told so, once");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_optout WHERE phone = "
			     "'+16175550200'"),
	    0, "the opt-out removed by the number itself");
}

/* A gateway that fails: tried again after a wait; a refusal fails. */
static void
test_retry(void)
{
	const int flaky[] = { 503, 503 }, down[] = { 500, 500, 500, 500 };
	const int refused[] = { 400 };
	struct reply r;
	size_t n = gw_settled();
	long until;

	gw_answer(flaky, 2);
	text_form("6175550301", "hello", &r);
	reply_free(&r);
	ok(gw_wait(n + 3), "tried three times");
	until = now_ms() + 5000;
	while (db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+16175550301' AND status = 'sent'") == 0 &&
	    now_ms() < until)
		usleep(50 * 1000);
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+16175550301' AND status = 'sent' AND "
			     "attempts = 3"),
	    1, "sent at the third attempt, after two 503s");

	n = gw_settled();
	gw_answer(down, 4);
	text_form("6175550302", "hello", &r);
	reply_free(&r);
	gw_wait(n + 3);
	usleep(1500 * 1000);
	is_int(gw_count(), n + 3, "three attempts, no more (--sms-attempts 3)");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+16175550302' AND status = 'failed' AND "
			     "last_error = 'HTTP 500'"),
	    1, "then failed, with the gateway's answer");
	gw_answer(down, 0);

	n = gw_settled();
	gw_answer(refused, 1);
	text_form("6175550303", "hello", &r);
	reply_free(&r);
	gw_wait(n + 1);
	usleep(1500 * 1000);
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+16175550303' AND status = 'failed' AND "
			     "attempts = 1"),
	    1, "a 400 fails at once: the same post would fail again");
}

/* Posts that are refused write nothing. */
static void
test_bad(void)
{
	struct reply r;
	char *before = db_snapshot(&S);
	const char *big, *body;
	char *long_body;

	http_auth = "";
	http(&S, "POST", "/sms/inbound/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    NULL, "application/x-www-form-urlencoded", "From=1&Body=x", 13, &r);
	is_int(r.status, 404, "an unknown secret: 404");
	reply_free(&r);
	http(&S, "POST", "/sms/inbound/no.such", NULL,
	    "application/x-www-form-urlencoded", "From=1&Body=x", 13, &r);
	is_int(r.status, 404, "a secret with other characters: 404");
	reply_free(&r);
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    "Body=hi", 7, &r);
	is_int(r.status, 422, "no From: 422");
	is_str(error_field(&r), "From", "naming From");
	reply_free(&r);
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    "From=6175550101", 15, &r);
	is_int(r.status, 422, "no Body: 422");
	is_str(error_field(&r), "Body", "naming Body");
	reply_free(&r);
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    "From=12&Body=hi", 15, &r);
	is_int(r.status, 422, "a number that is none: 422");
	is_str(error_field(&r), "From", "naming From");
	reply_free(&r);
	body = "{\"event\":\"sms:received\",\"payload\":{\"message\":\"x\"}}";
	http(&S, "POST", android_path, NULL, "application/json", body,
	    strlen(body), &r);
	is_int(r.status, 422, "Android, no phoneNumber: 422");
	is_str(error_field(&r), "payload.phoneNumber", "naming it");
	reply_free(&r);
	http(&S, "POST", android_path, NULL, "application/json", "{\"event\":",
	    9, &r);
	is_int(r.status, 400, "malformed JSON: 400");
	reply_free(&r);
	http(&S, "POST", form_path, NULL, "text/plain", "hi", 2, &r);
	is_int(r.status, 400, "another content type: 400");
	reply_free(&r);
	long_body = malloc(2000);
	big = "From=6175550101&Body=";
	snprintf(long_body, 2000, "%s%01700d", big, 0);
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    long_body, strlen(long_body), &r);
	is_int(r.status, 422, "a text over 1,600 characters: 422");
	reply_free(&r);
	free(long_body);
	http(&S, "POST", form_path, NULL, "application/x-www-form-urlencoded",
	    "From=%ff&Body=x", 15, &r);
	is_int(r.status, 400, "bytes that are not UTF-8: 400");
	reply_free(&r);
	http(&S, "GET", form_path, NULL, NULL, NULL, 0, &r);
	is_int(r.status, 405, "GET on the inbound path: 405");
	reply_free(&r);
	http_auth = NULL;
	SAME_DB(&S, before, "every refused post");
	free(before);

	http_auth = "";
	body = "{\"event\":\"sms:sent\",\"payload\":{}}";
	http(&S, "POST", android_path, NULL, "application/json", body,
	    strlen(body), &r);
	http_auth = NULL;
	is_int(r.status, 200, "another event of the gateway: 200");
	is_str(done_of(&r), "ignored", "ignored");
	reply_free(&r);
}

/* /sms: coordinators and admins only; numbers as their last digits. */
static void
test_page(void)
{
	const char *roles[] = { "volunteer", "organizer", "coordinator" };
	const long want[] = { 403, 403, 200 };
	char auth[256], login[32];
	struct reply r;
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(login, sizeof(login), "sms-%s", roles[i]);
		server_login(&S, login, roles[i], NULL, auth, sizeof(auth));
		http_auth = auth;
		http(&S, "GET", "/sms", "application/json", NULL, NULL, 0, &r);
		is_int(r.status, want[i], "GET /sms as a %s", roles[i]);
		reply_free(&r);
		http(&S, "GET", "/sms", "text/html", NULL, NULL, 0, &r);
		is_int(r.status, want[i], "the page as a %s", roles[i]);
		reply_free(&r);
	}
	http_auth = "";
	http(&S, "GET", "/sms", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 401, "GET /sms without an account: 401");
	reply_free(&r);
	http_auth = NULL;
	http(&S, "GET", "/sms?direction=out&status=failed", "application/json",
	    NULL, NULL, 0, &r);
	is_int(r.status, 200, "filtered: 200");
	is_int(json_integer_value(json_object_get(r.json, "total")), 2,
	    "the two failed texts");
	is_str(json_string_value(json_object_get(
		   json_array_get(json_object_get(r.json, "items"), 0),
		   "phone_end")),
	    "0303", "each number as its last four digits");
	ok(strstr(r.body, "617555") == NULL, "no whole number in the list");
	ok(json_array_size(json_object_get(r.json, "counts")) >= 3,
	    "the outbox counted by status");
	reply_free(&r);
	http(&S, "GET", "/sms?status=lost", "application/json", NULL, NULL, 0,
	    &r);
	is_int(r.status, 422, "a status that is none: 422");
	is_str(error_field(&r), "status", "naming it");
	reply_free(&r);
	http(&S, "GET", "/sms?lang=es", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Mensajes de texto") != NULL,
	    "the page in Spanish");
	reply_free(&r);
}

/* A forget takes the person's texts; a purge old ones; opt-outs stay. */
static void
test_retention(void)
{
	long person = db_scalar(&S, "SELECT id FROM person WHERE phone = "
				    "'+16175550101'");
	char line[256], id[32];

	snprintf(id, sizeof(id), "%ld", person);
	is_int(server_cli(&S, (const char *[]){ "forget", id, NULL }, line,
		   sizeof(line)),
	    0, "forget the person who texted: exit 0");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+16175550101'"),
	    0, "their texts are gone");
	server_pause(&S);
	db_write(&S, "UPDATE sms_message SET created_at = "
		     "'2000-01-01T00:00:00Z' WHERE phone = '+525512345678'");
	server_resume(&S);
	is_int(server_cli(&S, (const char *[]){ "purge", "--days", "30", NULL },
		   line, sizeof(line)),
	    0, "purge: exit 0");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message WHERE phone = "
			     "'+525512345678'"),
	    0, "texts older than the retention are gone");
	ok(db_scalar(&S, "SELECT count(*) FROM sms_message") > 0,
	    "newer ones stay");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_optout"), 3,
	    "the opt-outs stay (two of the first three, and one more)");
}

/* Zones for the zone question: more than a page of them. */
static void
setup(void)
{
	const char *names[] = { "Alder", "Birch", "Cedar", "Dogwood", "Elm",
		"Fir", "Gum", "Hazel", "Juniper", "Kestrel" };
	char body[64];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(body, sizeof(body), "{\"name\":\"%s\"}", names[i]);
		http_created(&S, "/zones", body);
	}
}

int
main(void)
{
	static const char *const args[] = { "--sms-retry", "1",
		"--sms-attempts", "3", NULL };

	gw_start();
	server_args = args;
	server_start(&S);
	setup();
	test_gateways();
	test_english();
	test_spanish();
	test_history();
	test_optout();
	test_retry();
	test_bad();
	test_page();
	test_retention();
	server_stop(&S);
	return tap_done();
}
