/* solidarity serve: the web pages and the JSON API over one database. */
#include <libgen.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#include "cmd.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/origin.h"
#include "http/proxy.h"
#include "http/server.h"
#include "render/i18n.h"
#include "render/view.h"
#include "render/when.h"
#include "domain/claim.h"
#include "domain/program.h"
#include "domain/reach.h"
#include "domain/retention.h"
#include "domain/rule.h"
#include "domain/sms.h"
#include "domain/user.h"
#include "util/mem.h"
#include "util/civil.h"
#include "util/num.h"
#include "util/banned.h"

static const char serve_usage[] =
    "usage: solidarity serve [--listen HOST:PORT] [--db DB] "
    "[--threads N]\n"
    "       [--behind-tls] [--trusted-proxy ADDR]... "
    "[--retention-days N]\n"
    "       [--max-claims N] [--claim-hours N] [--contact-alert N]\n"
    "       [--time-zone ZONE | --tz ZONE] [--match-radius N]\n"
    "       [--public-url URL] [--sms-retry SECONDS] [--sms-attempts N]\n"
    "       [--no-cache]\n\n"
    "Serve the pages and the API. Pending migrations are applied first;\n"
    "a database newer than this program is refused. SIGINT or SIGTERM\n"
    "finish the requests in flight and close the database; SIGUSR1\n"
    "prints how often the response cache answered.\n\n"
    "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080;\n"
    "                      port 0 picks a free port)\n"
    "  --db DB             a SQLite file or a postgres:// URL\n"
    "                      (default " CMD_DEFAULT_DB ")\n"
    "  --threads N         worker threads, each with its own database\n"
    "                      connection (default: the number of cores;\n"
    "                      on PostgreSQL 4 a core, at most 32)\n"
    "  --behind-tls        a TLS proxy serves us: mark cookies Secure,\n"
    "                      send Strict-Transport-Security, and trust\n"
    "                      127.0.0.1 and ::1 as proxies when no\n"
    "                      --trusted-proxy is given\n"
    "  --trusted-proxy ADDR  a proxy at ADDR (an IPv4 or IPv6 address;\n"
    "                      repeat for more) names the client in\n"
    "                      X-Forwarded-For: its right-most entry not a\n"
    "                      trusted proxy is the address the limits and\n"
    "                      the audit trail use\n"
    "  --retention-days N  purge what ended more than N days ago, at start\n"
    "                      and daily (default 90; see solidarity purge)\n"
    "  --max-claims N      open claims one volunteer may hold (default 5)\n"
    "  --claim-hours N     a claim with no delivery report and no call for\n"
    "                      N hours ends, its ask returns to open and a\n"
    "                      follow-up task is left for coordinators; checked\n"
    "                      at start and every 10 minutes (1 to 8760,\n"
    "                      default 48)\n"
    "  --contact-alert N   show coordinators who read more than N\n"
    "                      contacts in an hour (default 20)\n"
    "  --time-zone ZONE    show dates and times on the pages in ZONE, a\n"
    "                      name such as Europe/Madrid from the system's\n"
    "                      time zone database (default: the TZ\n"
    "                      environment variable, else the system's zone);\n"
    "                      the API and the database keep UTC\n"
    "  --match-radius N    how far an offer or a volunteer reaches: 0 its\n"
    "                      own zone, 1 also the adjacent zones, 2 also\n"
    "                      those adjacent to an adjacent one (default 1)\n"
    "  --public-url URL    the address people reach this server at,\n"
    "                      http(s)://HOST[:PORT], which the QR code of a\n"
    "                      session's printed sign-in sheet opens (default:\n"
    "                      the Host the sheet was asked for with, checked,\n"
    "                      and said on the sheet)\n"
    "  --sms-retry SECONDS how long the outbox waits to post a text again\n"
    "                      after its gateway failed, doubled after each\n"
    "                      failure up to an hour (default " CMD_STR(
	SMS_RETRY_DEFAULT) ")\n"
			   "  --sms-attempts N    attempts before a text is "
			   "failed (default " CMD_STR(
			       SMS_ATTEMPTS_DEFAULT) ")\n"
						     "  --no-cache          "
						     "answer every request "
						     "afresh, "
						     "never from the\n"
						     "                      "
						     "cache of whole responses "
						     "(to measure the\n"
						     "                      "
						     "engine alone)\n"
						     "  --help              "
						     "show this help\n";

static int serve_retention_days = RETENTION_DAYS_DEFAULT;

/* --match-radius: 0 to REACH_RADIUS_MAX, kept in arg (an int). */
static int
serve_radius(void *arg, const char *value)
{
	int64_t r;

	if (num_parse_int(value, strlen(value), 0, REACH_RADIUS_MAX, &r) == -1)
		return -1;
	*(int *)arg = (int)r;
	return 0;
}

/* --time-zone: set at once, while the program has one thread. */
static int
serve_zone(void *arg, const char *value)
{
	return when_zone(value);
}

/* --public-url: set at once, while the program has one thread. */
static int
serve_public_url(void *arg, const char *value)
{
	return origin_set(value);
}

/* The daily purge: what ended long ago loses its personal data. */
static void
serve_purge(const char *db_url)
{
	struct retention_counts c;
	struct db *db;
	char *err = NULL;
	int rc;

	db = db_open(db_url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: purge: %s\n", err);
		free(err);
		return;
	}
	rc = retention_purge(db, serve_retention_days, &c);
	switch (rc) {
	case -1:
		fprintf(stderr, "solidarity: purge failed: %s\n",
		    cmd_db_reason(db));
		break;
	case 1:
		/* Committed; the next purge clears the files (db.c owes it). */
		fprintf(stderr,
		    "solidarity: purge done, but old versions are "
		    "still in the database's files (%s); the next purge clears "
		    "them\n",
		    cmd_db_reason(db));
		/* FALLTHROUGH */
	default:
		if (c.asks + c.offers + c.people + c.addresses > 0)
			printf(
			    "solidarity: purged %lld asks, %lld offers, "
			    "the contacts of %lld people and the addresses of "
			    "%lld audit entries over %d days ago\n",
			    (long long)c.asks, (long long)c.offers,
			    (long long)c.people, (long long)c.addresses,
			    serve_retention_days);
		break;
	}
	fflush(stdout);
	db_close(db);
	/*
	 * The purge's connection read much of the database through its page
	 * cache (8 MB), freed now in the middle of this thread's heap, where
	 * the workers, each allocating in its own arena, would never use it
	 * again: give it back, or every server would keep it for good.
	 */
	malloc_trim(0);
}

/*
 * The sweep: claims nobody moved on for --claim-hours expire, every
 * program's sessions are kept 8 weeks ahead of today, the network's date,
 * and the follow-up rules that time meets (60 days active, 30 idle) are
 * fired: at start and every SERVER_SWEEP_SECONDS, so that a task is at
 * most that late, with no command for anyone to remember to run.
 */
static void
serve_sweep(const char *db_url)
{
	char today[CIVIL_DATE_LEN];
	struct db *db;
	char *err = NULL;
	int64_t n;

	db = db_open(db_url, &err);
	if (db == NULL) {
		fprintf(stderr, "solidarity: sweep: %s\n", err);
		free(err);
		return;
	}
	if (claim_expire(db, &n) == -1)
		fprintf(stderr, "solidarity: claim expiry failed: %s\n",
		    cmd_db_reason(db));
	else if (n > 0)
		/* stderr: the first sweep is before the "listening" line. */
		fprintf(stderr,
		    "solidarity: claims expired, their asks open again: "
		    "%lld\n",
		    (long long)n);
	civil_today(time(NULL), today);
	if (program_roll(db, today, &n) == -1)
		fprintf(stderr, "solidarity: sessions ahead failed: %s\n",
		    cmd_db_reason(db));
	if (sms_expire(db, &n) == -1)
		fprintf(stderr,
		    "solidarity: text conversations' expiry "
		    "failed: %s\n",
		    cmd_db_reason(db));
	if (rule_sweep(db, time(NULL), &n) == -1)
		fprintf(stderr, "solidarity: follow-up rules failed: %s\n",
		    cmd_db_reason(db));
	else if (n > 0)
		fprintf(stderr, "solidarity: follow-ups made by rules: %lld\n",
		    (long long)n);
	db_close(db);
}

/*
 * The outbox's sender: a thread with its own connection that posts the
 * texts due every SERVE_SMS_TICK seconds, so that a reply leaves about
 * a second after the text it answers, and a request never waits on a
 * gateway.
 */
#define SERVE_SMS_TICK 1

static pthread_mutex_t serve_sms_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t serve_sms_cond = PTHREAD_COND_INITIALIZER;
static int serve_sms_stop;

static void *
serve_sms(void *arg)
{
	const char *db_url = arg;
	struct timespec until;
	struct db *db = NULL;
	char *err = NULL;
	int64_t sent;

	db_fault_exempt();
	pthread_mutex_lock(&serve_sms_lock);
	while (!serve_sms_stop) {
		pthread_mutex_unlock(&serve_sms_lock);
		if (db == NULL) {
			db = db_open(db_url, &err);
			if (db == NULL) {
				fprintf(stderr, "solidarity: outbox: %s\n",
				    err);
				free(err);
				err = NULL;
			}
		}
		if (db != NULL && sms_deliver(db, &sent) == -1)
			fprintf(stderr, "solidarity: outbox: %s\n",
			    cmd_db_reason(db));
		pthread_mutex_lock(&serve_sms_lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SERVE_SMS_TICK;
		if (!serve_sms_stop)
			pthread_cond_timedwait(&serve_sms_cond, &serve_sms_lock,
			    &until);
	}
	pthread_mutex_unlock(&serve_sms_lock);
	if (db != NULL)
		db_close(db);
	return NULL;
}

static void
serve_sms_end(pthread_t t)
{
	pthread_mutex_lock(&serve_sms_lock);
	serve_sms_stop = 1;
	pthread_cond_signal(&serve_sms_cond);
	pthread_mutex_unlock(&serve_sms_lock);
	pthread_join(t, NULL);
}

/*
 * Warn when others may reach a SQLite database's folder: the files we make
 * there are our own alone (main.c), but a file copied or made in it by
 * hand, or by an older version, may not be. PostgreSQL keeps its own.
 */
static void
serve_check_folder(const char *url)
{
	const char *path = db_url_path(url), *dir;
	struct stat sb;
	char *copy;

	if (path == NULL)
		return;
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, &sb) == 0 &&
	    (sb.st_mode & (S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH)) != 0)
		fprintf(stderr,
		    "solidarity: warning: others may read the "
		    "database folder %s (mode %04o): chmod 700 it\n",
		    dir, (unsigned)(sb.st_mode & 07777));
	free(copy);
}

/*
 * Without --threads: a worker per core on SQLite, whose statements run in
 * the worker itself, so that more workers would only take turns on the
 * cores. On PostgreSQL a worker waits for another process at every
 * statement (a page is several round trips), and with a worker per core
 * the cores stood idle about half the time while the session page
 * was asked for as fast as it could be (docs/scaling.md): more workers,
 * each with its connection, keep them busy. At most SERVE_PG_THREADS_MAX
 * connections, well inside PostgreSQL's default max_connections (100).
 */
#define SERVE_PG_THREADS_PER_CORE 4
#define SERVE_PG_THREADS_MAX      32

static unsigned
serve_threads(const char *db_url)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = cores > 0 ? (unsigned)cores : 2;

	if (db_url_path(db_url) != NULL)
		return n;
	n *= SERVE_PG_THREADS_PER_CORE;
	return n < SERVE_PG_THREADS_MAX ? n : SERVE_PG_THREADS_MAX;
}

/*
 * -1 when ready to serve: languages and templates loaded, the database
 * migrated, and an admin in it if the world can reach us. Else the exit
 * status, after saying why.
 */
static int
serve_ready(const struct server_opts *o)
{
	struct db *db;
	char *err = NULL;

	/* Before any thread starts; inert unless a test set it. */
	if (db_fault_init() == -1)
		return 2;
	if (i18n_init(&err) == -1 || view_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return 1;
	}
	db = cmd_open_db(o->db_url, 1);
	if (db == NULL)
		return 1;
	serve_check_folder(o->db_url);
	/* Beyond this machine only once someone can sign in to run it. */
	if (!server_is_loopback(o->listen) && user_admins(db) == 0) {
		fprintf(stderr,
		    "solidarity: refusing to listen on %s with no "
		    "admin account: run solidarity user add NAME --role admin "
		    "first\n",
		    o->listen);
		db_close(db);
		return 1;
	}
	/* The sign-in page can only say to ask a coordinator. */
	if (user_admins(db) == 0)
		printf("solidarity: no admin account in %s yet: run solidarity "
		       "user add NAME --role admin, with the same --db\n",
		    db_name(db));
	db_close(db);
	/* Before the first request: no claim older than allowed is served. */
	serve_sweep(o->db_url);
	return -1;
}

int
cmd_serve(int argc, char **argv)
{
	struct server_opts o = { .listen = "127.0.0.1:8080",
		.db_url = CMD_DEFAULT_DB,
		.daily = serve_purge,
		.sweep = serve_sweep };
	int64_t threads = 0, days = RETENTION_DAYS_DEFAULT;
	int64_t claims = CLAIM_MAX_OPEN_DEFAULT, hours = CLAIM_HOURS_DEFAULT;
	int64_t alert = CLAIM_CONTACT_ALERT_DEFAULT;
	int radius = REACH_RADIUS_DEFAULT;
	int no_cache = 0;
	int64_t sms_retry = SMS_RETRY_DEFAULT, sms_tries = SMS_ATTEMPTS_DEFAULT;
	pthread_t sender;
	sigset_t all, was;
	const struct cmd_opt opts[] = { { "listen", .text = &o.listen },
		{ "db", .text = &o.db_url },
		{ "threads", .number = &threads, .max = 256 },
		{ "behind-tls", .flag = &o.behind_tls },
		{ "no-cache", .flag = &no_cache },
		{ "trusted-proxy", .take = proxy_trust_add, .arg = &o.trusted,
		    .want = "an IPv4 or IPv6 address (at most " CMD_STR(
			PROXY_TRUST_MAX) ")" },
		{ "retention-days", .number = &days, .max = RETENTION_DAYS_MAX,
		    .want = "a number of days from 1 to " CMD_STR(
			RETENTION_DAYS_MAX) },
		{ "max-claims", .number = &claims, .max = CLAIM_MAX_OPEN_MAX },
		{ "claim-hours", .number = &hours, .max = CLAIM_HOURS_MAX },
		{ "contact-alert", .number = &alert,
		    .max = CLAIM_CONTACT_ALERT_MAX },
		{ "match-radius", .take = serve_radius, .arg = &radius,
		    .want = "a number of hops from 0 to " CMD_STR(
			REACH_RADIUS_MAX) },
		{ "time-zone", .take = serve_zone,
		    .want = "a time zone of the system's database, such as "
			    "Europe/Madrid" },
		{ "public-url", .take = serve_public_url,
		    .want = "an address such as https://aid.example.org" },
		{ "sms-retry", .number = &sms_retry, .max = SMS_RETRY_MAX },
		{ "sms-attempts", .number = &sms_tries,
		    .max = SMS_ATTEMPTS_MAX },
		{ "tz", .take = serve_zone,
		    .want = "a time zone of the system's database, such as "
			    "Europe/Madrid" },
		{ NULL } };
	int rc;

	rc = cmd_options(argc, argv, serve_usage, opts, 0, NULL);
	if (rc != -1)
		return rc;
	serve_retention_days = (int)days;
	claim_setup((int)claims, (int)alert, (int)hours);
	reach_setup(radius);
	sms_setup((int)sms_retry, (int)sms_tries);
	cache_enable(!no_cache);
	/* Without --time-zone: TZ or the system's zone, read once. */
	when_zone(NULL);
	/* The usual proxy: on this machine, in front of us. */
	if (o.behind_tls && o.trusted.n == 0) {
		proxy_trust_add(&o.trusted, "127.0.0.1");
		proxy_trust_add(&o.trusted, "::1");
	}
	o.threads = (unsigned)threads;
	if (o.threads == 0)
		o.threads = serve_threads(o.db_url);
	rc = serve_ready(&o);
	if (rc != -1)
		return rc;
	/*
	 * The sender starts with every signal blocked, so that SIGTERM
	 * reaches the thread that waits for it (server_run), never the
	 * sender, which would end the process on the spot.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    pthread_create(&sender, NULL, serve_sms, (void *)o.db_url) != 0) {
		fprintf(stderr, "solidarity: cannot start the outbox\n");
		return 1;
	}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	rc = server_run(&o);
	serve_sms_end(sender);
	curl_global_cleanup();
	view_done();
	i18n_done();
	return rc == 0 ? 0 : 1;
}
