/* The HTTP test harness: the real binary on a real port, libcurl to talk. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/csv.h"

const char *http_header;
const char *http_auth;
unsigned server_threads;
const char *const *server_args;
const char *server_errfile;
const char *server_outfile;

static const char *
server_bin(void)
{
	const char *b = getenv("SOLIDARITY_BIN");

	return b != NULL ? b : "build/asan/solidarity";
}

static void
die(const char *what)
{
	fprintf(stderr, "harness: %s\n", what);
	printf("not ok - harness: %s\n", what);
	exit(1);
}

int
server_cli(struct server *s, const char *const *args, char *out,
    size_t outlen)
{
	const char *argv[16];
	int fds[2], st, i, n = 0;
	pid_t pid;
	FILE *f;

	argv[n++] = "solidarity";
	for (i = 0; args[i] != NULL && n < 13; i++)
		argv[n++] = args[i];
	argv[n++] = "--db";
	argv[n++] = s->store.url;
	argv[n] = NULL;
	if (pipe(fds) == -1)
		die("pipe");
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(server_bin(), (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	out[0] = '\0';
	if (fgets(out, (int)outlen, f) != NULL)
		out[strcspn(out, "\n")] = '\0';
	while (fgetc(f) != EOF)
		continue;
	fclose(f);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Start the server on the database already in s->dir. */
static void
server_launch(struct server *s)
{
	int out[2];
	char line[256], threads[16];
	const char *argv[32];
	FILE *f;
	char *p;
	int n = 0, i;

	snprintf(threads, sizeof(threads), "%u",
	    server_threads ? server_threads : 2);
	argv[n++] = "solidarity";
	argv[n++] = "serve";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--db";
	argv[n++] = s->store.url;
	argv[n++] = "--threads";
	argv[n++] = threads;
	if (pipe(out) == -1)
		die("pipe");
	s->pid = fork();
	if (s->pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		if (server_errfile != NULL) {
			int fd = open(server_errfile, O_WRONLY | O_CREAT |
			    O_APPEND, 0600);

			if (fd != -1)
				dup2(fd, 2);
		}
		for (i = 0; server_args != NULL && server_args[i] != NULL &&
		    n < 24; i++)
			argv[n++] = server_args[i];
		argv[n] = NULL;
		execv(server_bin(), (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	/* The first line names the port; a bounded wait, then give up. */
	alarm(20);
	if (fgets(line, sizeof(line), f) == NULL)
		die("server did not start");
	alarm(0);
	p = strstr(line, "127.0.0.1:");
	if (p == NULL)
		die("server did not print its address");
	s->port = (int)strtol(p + 10, NULL, 10);
	/* Keep reading its stdout so it never blocks on a full pipe. */
	if (fork() == 0) {
		FILE *keep = server_outfile != NULL
		    ? fopen(server_outfile, "a") : NULL;

		while (fgets(line, sizeof(line), f) != NULL)
			if (keep != NULL) {
				fputs(line, keep);
				fflush(keep);
			}
		_exit(0);
	}
	fclose(f);
}

/* SIGTERM and a bounded wait; the exit status. */
static int
server_halt(struct server *s)
{
	int st = -1;

	kill(s->pid, SIGTERM);
	alarm(20);
	waitpid(s->pid, &st, 0);
	alarm(0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
server_is_pg(const struct server *s)
{
	return s->store.schema[0] != '\0';
}

void
server_start(struct server *s)
{
	char line[256];

	snprintf(s->dir, sizeof(s->dir), "/tmp/solidarity-test-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		die("cannot make a temporary directory");
	/* Named after the folder, so that servers of one test never meet. */
	testdb_make(&s->store, s->dir, strrchr(s->dir, '-') + 1);
	if (server_cli(s, (const char *[]){ "init", NULL }, line,
	    sizeof(line)) != 0)
		die("solidarity init failed");
	if (server_cli(s, (const char *[]){ "user", "add", "admin", "--role",
	    "admin", NULL }, line, sizeof(line)) != 0)
		die("solidarity user add failed");
	if (server_cli(s, (const char *[]){ "token", "add", "admin", NULL },
	    s->token, sizeof(s->token)) != 0 || strlen(s->token) < 40)
		die("solidarity token add failed");
	server_launch(s);
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
server_restart(struct server *s)
{
	int rc = server_halt(s);

	server_launch(s);
	return rc;
}

int
server_pause(struct server *s)
{
	return server_halt(s);
}

void
server_resume(struct server *s)
{
	server_launch(s);
}

int
server_stop(struct server *s)
{
	char cmd[160];
	int rc = server_halt(s);

	testdb_drop(&s->store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "harness: cannot remove %s\n", s->dir);
	curl_global_cleanup();
	return rc;
}

int
reply_cookie(struct reply *r, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, "Set-Cookie:", 11) == 0) {
			const char *v = p + 11;

			while (*v == ' ')
				v++;
			if (strncmp(v, name, n) == 0 && v[n] == '=') {
				size_t len = strcspn(v + n + 1, ";\r\n");

				if (len + 1 > outlen)
					return -1;
				memcpy(out, v + n + 1, len);
				out[len] = '\0';
				return 0;
			}
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return -1;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct reply *r = arg;
	size_t have = strlen(r->headers), len = size * n;

	if (have + len + 1 < sizeof(r->headers)) {
		memcpy(r->headers + have, p, len);
		r->headers[have + len] = '\0';
	}
	return len;
}

void
http(struct server *s, const char *method, const char *path,
    const char *accept, const char *ctype, const char *body, size_t bodylen,
    struct reply *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct buf b = BUF_INIT, url = BUF_INIT, hdr = BUF_INIT;

	memset(r, 0, sizeof(*r));
	buf_printf(&url, "http://127.0.0.1:%d%s", s->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url.ptr);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	/*
	 * Small bodies go at once; a large one waits for "100 Continue", as
	 * curl does by default, so a refusal (413) arrives before the body.
	 */
	if (bodylen < 64 * 1024)
		h = curl_slist_append(h, "Expect:");
	if (http_auth == NULL) {
		buf_printf(&hdr, "Authorization: Bearer %s", s->token);
		h = curl_slist_append(h, hdr.ptr);
		buf_reset(&hdr);
	} else if (http_auth[0] != '\0') {
		buf_printf(&hdr, "Authorization: %s", http_auth);
		h = curl_slist_append(h, hdr.ptr);
		buf_reset(&hdr);
	}
	if (http_header != NULL)
		h = curl_slist_append(h, http_header);
	if (accept != NULL) {
		buf_printf(&hdr, "Accept: %s", accept);
		h = curl_slist_append(h, hdr.ptr);
	}
	if (ctype != NULL) {
		buf_reset(&hdr);
		buf_printf(&hdr, "Content-Type: %s", ctype);
		h = curl_slist_append(h, hdr.ptr);
	}
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bodylen);
	}
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	if (curl_easy_perform(c) != CURLE_OK)
		r->status = -1;
	else
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	r->body = buf_detach(&b, &r->len);
	r->json = json_loads(r->body, 0, NULL);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&url);
	buf_free(&hdr);
}

void
http_json(struct server *s, const char *method, const char *path,
    const char *body, struct reply *r)
{
	http(s, method, path, "application/json", body ? "application/json" :
	    NULL, body, body ? strlen(body) : 0, r);
}

void
http_form(struct server *s, const char *path, const char *body,
    struct reply *r)
{
	http(s, "POST", path, "text/html",
	    "application/x-www-form-urlencoded", body, strlen(body), r);
}

void
reply_free(struct reply *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

const char *
reply_header(struct reply *r, const char *name)
{
	static char value[1024];
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *end;

			while (*v == ' ')
				v++;
			end = strpbrk(v, "\r\n");
			n = end ? (size_t)(end - v) : strlen(v);
			if (n >= sizeof(value))
				n = sizeof(value) - 1;
			memcpy(value, v, n);
			value[n] = '\0';
			return value;
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/*
 * The harness reads and writes the server's database through our own db
 * API, so the same tests run on every backend. A connection per call: the
 * statement cache is keyed by the address of the SQL text, and the texts
 * here are built on the stack.
 */
static struct db *
harness_db(struct server *s)
{
	char *err = NULL;
	struct db *db = db_open(s->store.url, &err);

	if (db == NULL)
		die(err ? err : "cannot open the test database");
	return db;
}

long
db_scalar(struct server *s, const char *sql)
{
	struct db *db = harness_db(s);
	int64_t v = -1;

	if (db_int(db, sql, NULL, 0, &v) != 1)
		v = -1;
	db_close(db);
	return (long)v;
}

long
db_except(struct server *s, const char *with, const char *a, const char *b)
{
	size_t len = strlen(with) + strlen(a) + strlen(b) + 64;
	char *sql = malloc(len);
	long n;

	if (sql == NULL)
		die("out of memory");
	snprintf(sql, len, "%sSELECT count(*) FROM (%s EXCEPT %s) x", with, a,
	    b);
	n = db_scalar(s, sql);
	free(sql);
	return n;
}

void
db_write(struct server *s, const char *sql)
{
	struct db *db = harness_db(s);

	if (db_script(db, sql) == -1)
		die("cannot write to the test database");
	db_close(db);
}

long
db_count(struct server *s, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return db_scalar(s, sql);
}

/* Every row of every table, as text: equal snapshots mean nothing changed. */
char *
db_snapshot(struct server *s)
{
	static const char *const tables[] = {
		"zone", "person", "need", "offer", "need_tally", "claim", NULL
	};
	struct buf out = BUF_INIT, sql = BUF_INIT;
	struct db *db = harness_db(s);
	json_t *rows, *row;
	size_t r;
	int i;

	for (i = 0; tables[i] != NULL; i++) {
		buf_reset(&sql);
		buf_printf(&sql, "SELECT * FROM %s ORDER BY 1, 2, 3", tables[i]);
		rows = db_rows(db, sql.ptr, NULL, 0);
		if (rows == NULL)
			die("cannot read a table");
		buf_printf(&out, "[%s]", tables[i]);
		json_array_foreach(rows, r, row) {
			char *text = json_dumps(row, JSON_SORT_KEYS |
			    JSON_COMPACT);

			buf_adds(&out, text);
			buf_addc(&out, '\n');
			free(text);
		}
		json_decref(rows);
	}
	db_close(db);
	buf_free(&sql);
	return buf_detach(&out, NULL);
}

const char *
error_code(struct reply *r)
{
	const char *s = json_string_value(json_object_get(json_object_get(
	    r->json, "error"), "code"));

	return s ? s : "";
}

const char *
error_field(struct reply *r)
{
	const char *s = json_string_value(json_object_get(json_object_get(
	    r->json, "error"), "field"));

	return s ? s : "";
}

/* Read all of fd into out (size outlen, NUL-terminated; the rest dropped). */
static void
cli_drain(int fd, char *out, size_t outlen)
{
	size_t n = 0;
	ssize_t r;
	char sink[4096];

	for (;;) {
		if (n + 1 < outlen)
			r = read(fd, out + n, outlen - n - 1);
		else
			r = read(fd, sink, sizeof(sink));
		if (r <= 0)
			break;
		if (n + 1 < outlen)
			n += (size_t)r;
	}
	out[n] = '\0';
}

int
cli_run(const char *const *args, char *out, size_t outlen, char *err,
    size_t errlen)
{
	const char *argv[32];
	char errfile[] = "/tmp/solidarity-cli-XXXXXX";
	int fds[2], efd, st, n = 0;
	pid_t pid;

	argv[n++] = "solidarity";
	while (args[n - 1] != NULL && n < 31) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	efd = mkstemp(errfile);
	if (efd == -1 || pipe(fds) == -1)
		die("cannot run the command line");
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(efd, 2);
		close(fds[0]);
		close(fds[1]);
		execv(server_bin(), (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	cli_drain(fds[0], out, outlen);
	close(fds[0]);
	waitpid(pid, &st, 0);
	lseek(efd, 0, SEEK_SET);
	cli_drain(efd, err, errlen);
	close(efd);
	unlink(errfile);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
cli_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/*
 * SIGKILL and wait until the process is gone, but leave it uncollected:
 * server_restart's SIGTERM then reaches a zombie, not a recycled pid, and
 * its waitpid collects it.
 */
void
server_kill(struct server *s)
{
	siginfo_t si;

	if (kill(s->pid, SIGKILL) == -1)
		die("cannot kill the server");
	alarm(20);
	while (waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOWAIT) == -1)
		if (errno != EINTR)
			die("cannot wait for the killed server");
	alarm(0);
}

void
server_start_on(struct server *s)
{
	server_launch(s);
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

char *
db_text(struct server *s, const char *sql)
{
	struct db *db = harness_db(s);
	json_t *row = NULL, *v = NULL;
	const char *key;
	char *out = NULL;

	if (db_row(db, sql, NULL, 0, &row) == 1) {
		json_object_foreach(row, key, v)
			break;
	}
	if (json_is_string(v))
		out = strdup(json_string_value(v));
	else if (json_is_integer(v)) {
		out = malloc(32);
		if (out != NULL)
			snprintf(out, 32, "%lld",
			    (long long)json_integer_value(v));
	}
	json_decref(row);
	db_close(db);
	return out;
}

long
http_status(struct server *s, const char *method, const char *path,
    const char *body)
{
	struct reply r;
	long status;

	http_json(s, method, path, body, &r);
	status = r.status;
	reply_free(&r);
	return status;
}

long
http_status_as(struct server *s, const char *auth, const char *method,
    const char *path, const char *body)
{
	long status;

	http_auth = auth;
	status = http_status(s, method, path, body);
	http_auth = NULL;
	return status;
}

long
http_created(struct server *s, const char *path, const char *body)
{
	struct reply r;
	long id = 0;

	http_json(s, "POST", path, body, &r);
	if (r.status == 201)
		id = (long)json_integer_value(json_object_get(r.json, "id"));
	else
		printf("# POST %s: %ld %s\n", path, r.status, r.body);
	reply_free(&r);
	return id;
}

long
server_login(struct server *s, const char *name, const char *role,
    const char *zone, char *auth, size_t authlen)
{
	const char *add[8] = { "user", "add", name, "--role", role, NULL };
	const char *token[] = { "token", "add", name, NULL };
	char out[160], sql[160];

	if (zone != NULL) {
		add[5] = "--zone";
		add[6] = zone;
	}
	if (server_cli(s, add, out, sizeof(out)) != 0 ||
	    server_cli(s, token, out, sizeof(out)) != 0) {
		printf("# cannot add the login %s: %s\n", name, out);
		return 0;
	}
	snprintf(auth, authlen, "Bearer %s", out);
	snprintf(sql, sizeof(sql), "SELECT id FROM app_user WHERE login = '%s'",
	    name);
	return db_scalar(s, sql);
}

long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long
http_total(struct server *s, const char *path)
{
	struct reply r;
	long total;

	http_json(s, "GET", path, NULL, &r);
	total = (long)json_integer_value(json_object_get(r.json, "total"));
	reply_free(&r);
	return total;
}

int
server_dial(const struct server *s)
{
	struct sockaddr_in sa = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		return -1;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* What every racer of one http_race does. */
struct race {
	struct server	*s;
	const char	*path;
	const char	*body;
	int		 times;
	void		(*each)(struct racer *);
	pthread_barrier_t go;
};

/* One racer's thread: the race, and where its answers go. */
struct lane {
	struct race	*race;
	struct racer	*r;
};

static size_t
racer_body(char *p, size_t size, size_t n, void *arg)
{
	struct racer *r = arg;
	size_t have = strlen(r->body), len = size * n;

	if (have + len < sizeof(r->body)) {
		memcpy(r->body + have, p, len);
		r->body[have + len] = '\0';
	}
	return len;
}

static void *
racer_run(void *arg)
{
	struct lane *l = arg;
	struct race *race = l->race;
	struct racer *r = l->r;
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	char hdr[256], url[192];
	int i;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", race->s->port,
	    race->path);
	snprintf(hdr, sizeof(hdr), "Authorization: %s", r->auth);
	h = curl_slist_append(h, hdr);
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS,
	    race->body != NULL ? race->body : (const char *)r->arg);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, racer_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	pthread_barrier_wait(&race->go);
	for (i = 0; i < race->times; i++) {
		r->status = 0;
		r->body[0] = '\0';
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE,
			    &r->status);
		if (race->each != NULL)
			race->each(r);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

void
http_race(struct server *s, struct racer *r, int n, const char *path,
    const char *body, int times, void (*each)(struct racer *))
{
	struct race race = { .s = s, .path = path, .body = body,
	    .times = times, .each = each };
	pthread_t *th = calloc((size_t)n, sizeof(*th));
	struct lane *lanes = calloc((size_t)n, sizeof(*lanes));
	int i;

	if (th == NULL || lanes == NULL)
		die("out of memory for the racers");
	pthread_barrier_init(&race.go, NULL, (unsigned)n);
	for (i = 0; i < n; i++) {
		lanes[i] = (struct lane){ &race, &r[i] };
		if (pthread_create(&th[i], NULL, racer_run, &lanes[i]) != 0)
			die("cannot start a racer");
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&race.go);
	free(lanes);
	free(th);
}

void
race_tally(struct racer *r)
{
	struct race_tally *t = r->arg;

	t->created += r->status == 201;
	t->refused += r->status == 409;
}

int
http_race_count(const struct racer *r, int n, long status, const char *says)
{
	int i, count = 0;

	for (i = 0; i < n; i++)
		count += r[i].status == status &&
		    (says == NULL || strstr(r[i].body, says) != NULL);
	return count;
}

const char *
http_at(const char *fmt, long id)
{
	static char path[4][96];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), fmt, id);
	return path[k];
}

static int
csv_rows_add(void *arg, const struct csv_row *row)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < row->n; i++)
		json_array_append_new(a, json_stringn(row->cells[i],
		    row->lens[i]));
	json_array_append_new(arg, a);
	return 0;
}

json_t *
csv_rows(const char *text, size_t len)
{
	json_t *rows = json_array();
	struct csv_reader *r = csv_reader_new(csv_rows_add, rows);

	if (csv_reader_feed(r, text, len) == -1 || csv_reader_end(r) == -1) {
		json_decref(rows);
		rows = NULL;
	}
	csv_reader_free(r);
	return rows;
}
