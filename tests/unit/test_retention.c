/*
 * Retention: a purge empties only what is long over, forgetting removes a
 * person's data and ends their login, the counts stay, and what was
 * removed is found nowhere in the database's files afterwards (on
 * PostgreSQL: in no table, index or statistics file; its write-ahead log
 * keeps it, as docs/privacy.md says).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "testdb.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/ratelimit.h"
#include "domain/retention.h"
#include "domain/login_session.h"
#include "domain/user.h"
#include "domain/zone.h"
#include "util/clock.h"
#include "util/secret.h"

enum stmt {
	STMT_NEED_AGE,
	STMT_OFFER_AGE,
	STMT_PERSON_AGE,
	STMT_NEED,
	STMT_OFFER,
	STMT_PERSON,
	STMT_USER,
	STMT_TALLY,
	STMT_SESSIONS,
	STMT_TOKENS,
	STMT_AUDIT,
	STMT_LIMITS,
	STMT_AUDIT_ADD,
	STMT_AUDIT_IP,
	STMT_AUDIT_SIGNIN,
	STMT_RELFILES,
	STMT_ANALYZE,
	STMT_STATS,
	STMT_FLUSH,
	STMT_FILENODE,
	STMT_HOME,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_NEED_AGE */
	"UPDATE need SET updated_at = ? WHERE id = ?",
	/* STMT_OFFER_AGE */
	"UPDATE offer SET updated_at = ? WHERE id = ?",
	/* STMT_PERSON_AGE */
	"UPDATE person SET updated_at = ? WHERE id = ?",
	/* STMT_NEED */
	"SELECT details, close_reason, status, "
	"purged_at FROM need WHERE id = ?",
	/* STMT_OFFER */
	"SELECT details, close_reason, status, "
	"purged_at FROM offer WHERE id = ?",
	/* STMT_PERSON */
	"SELECT name, phone, email, address, language, forgotten_at, "
	"name_fold, email_fold, phone_rev FROM person WHERE id = ?",
	/* STMT_USER */
	"SELECT login, disabled FROM app_user "
	"WHERE id = ?",
	/* STMT_TALLY */
	"SELECT status, zone_id, category, n "
	"FROM need_tally ORDER BY 1, 2, 3",
	/* STMT_SESSIONS */
	"SELECT count(*) FROM login_session WHERE user_id = ?",
	/* STMT_TOKENS */
	"SELECT count(*) FROM api_token "
	"WHERE user_id = ? AND revoked_at IS NULL",
	/* STMT_AUDIT */
	"SELECT count(*) FROM audit "
	"WHERE action = ? AND coalesce(entity_id, 0) = ?",
	/* STMT_LIMITS */
	"SELECT count(*) FROM rate_limit WHERE key = ?",
	/* STMT_AUDIT_ADD */
	"INSERT INTO audit (at, user_id, "
	"action, ip) VALUES (?, ?, 'sign in', ?)",
	/* STMT_AUDIT_IP */
	"SELECT count(*) FROM audit WHERE ip = ?",
	/* STMT_AUDIT_SIGNIN */
	"SELECT count(*) FROM audit WHERE action = 'sign in'",
	/*
	 * PostgreSQL: the file of every relation of the schema under test with
	 * storage (tables, indexes, sequences), and of pg_statistic, where
	 * ANALYZE keeps a sample of column values; with their TOAST tables and
	 * indexes, which live in pg_toast. pg_statistic serves the whole
	 * database: another test_retention running on the same database at the
	 * same time would put the same values there.
	 */
	/* STMT_RELFILES */
	"WITH s AS (SELECT c.oid, "
	"c.reltoastrelid FROM pg_class c JOIN pg_namespace n "
	"ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
	"OR c.oid = 'pg_statistic'::regclass) "
	"SELECT current_setting('data_directory') || '/' || "
	"pg_relation_filepath(r) AS f FROM (SELECT oid AS r FROM s "
	"UNION SELECT reltoastrelid FROM s WHERE reltoastrelid <> 0 "
	"UNION SELECT indexrelid FROM pg_index WHERE indrelid IN "
	"(SELECT oid FROM s UNION SELECT reltoastrelid FROM s)) x "
	"WHERE pg_relation_filepath(r) IS NOT NULL",
	/*
	 * PostgreSQL: statistics drawn before the purge, so that they hold what
	 * it removes whatever the product does, and the check after it means
	 * something.
	 */
	/* STMT_ANALYZE */
	"ANALYZE person, need",
	/*
	 * PostgreSQL: the planner's sample of a column's values holds needle.
	 */
	/* STMT_STATS */
	"SELECT count(*) FROM pg_stats "
	"WHERE schemaname = current_schema() "
	"AND strpos(coalesce(most_common_vals::text, '') || "
	"coalesce(histogram_bounds::text, ''), ?) > 0",
	/*
	 * PostgreSQL: every page changed in the server's buffers, to its file.
	 */
	/* STMT_FLUSH */
	"CHECKPOINT",
	/*
	 * A table's file number: a rewrite (VACUUM (FULL)) gives it a new one.
	 */
	/* STMT_FILENODE */
	"SELECT pg_relation_filenode(CAST(? AS regclass))",
	/* STMT_HOME */
	"SELECT "
	"current_setting('data_directory') AS dir, "
	"pg_relation_filepath('person') AS person",
};

/* Distinctive values, to look for in the raw bytes of the files. */
#define PHONE_PURGED   "+15550199321"
#define DETAILS_PURGED "Insulin pickup, SECRET-DETAILS-7731"
#define REASON_PURGED  "moved away, PRIVATE-REASON-4410"
#define PHONE_KEPT     "+15550100002"
#define DETAILS_KEPT   "CONTROL-open-ask-4242"
#define PHONE_FORGOT   "+15550188877"
#define DETAILS_FORGOT "FORGET-ME-details-5521"
/* The phones' search keys (person.phone_rev): their digits, last first. */
#define PHONE_PURGED_REV "12399105551"
#define PHONE_KEPT_REV   "20000105551"
#define PHONE_FORGOT_REV "77888105551"
#define OFFER_FORGOT     "FORGET-ME-offer-9911"
#define REASON_FORGOT    "FORGET-REASON-3381"
#define LOGIN_FORGOT     "zenobia.quartermaine"
#define LABEL_FORGOT     "zenobia laptop 8812"
/* Addresses in the audit trail: long ago, lately, and Zenobia's. */
#define IP_PURGED "198.51.100.73"
#define IP_KEPT   "203.0.113.58"
#define IP_FORGOT "192.0.2.44"

static struct db *db;
static int64_t zone;

/*
 * Where files_have looks, as files_find last found it: on SQLite the
 * database file, its write-ahead log and its shared-memory index; on
 * PostgreSQL the relation files of the test's schema and pg_statistic.
 * home is the file that holds the person table; datadir is PostgreSQL's
 * data directory.
 */
static json_t *files;
static char home[512], datadir[384];

static int64_t
person(const char *name, const char *phone)
{
	struct problem p = { 0 };
	json_t *in = json_pack("{s:s,s:I}", "name", name, "zone_id",
		   (json_int_t)zone),
	       *out = NULL;
	int64_t id = -1;

	if (phone != NULL)
		json_object_set_new(in, "phone", json_string(phone));
	if (person_create(db, in, &out, &p) == 0)
		id = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	return id;
}

/* An ask (offer 0) or an offer (offer 1) of person's, open. */
static int64_t
post(int offer, int64_t person_id, const char *details)
{
	struct problem p = { 0 };
	json_t *in, *out = NULL;
	int64_t id = -1;
	int rc;

	in = json_pack("{s:I,s:s,s:s,s:i,s:I}", "person_id",
	    (json_int_t)person_id, "category", "groceries", "details", details,
	    "urgency", 2, "zone_id", (json_int_t)zone);
	if (offer) {
		json_object_del(in, "urgency");
		rc = offer_create(db, in, &out, &p);
	} else
		rc = need_create(db, in, &out, &p);
	if (rc == 0)
		id = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	return id;
}

static int
move(int offer, int64_t id, const char *status, const char *reason)
{
	struct problem p = { 0 };
	struct audit_note note = { 0 };
	json_t *in = json_pack("{s:s}", "status", status), *out = NULL;
	int rc;

	if (reason != NULL)
		json_object_set_new(in, "reason", json_string(reason));
	rc = offer ? offer_set_status(db, id, in, &out, &note, &p)
		   : need_set_status(db, id, in, &out, &note, &p);
	json_decref(in);
	json_decref(out);
	return rc;
}

/* Pretend the row was last changed days ago. */
static void
age(const char *sql, int64_t id, int days)
{
	char when[CLOCK_ISO_LEN];
	struct db_val args[2];

	clock_iso(time(NULL) - (time_t)days * 24 * 3600, when);
	args[0] = DBV_TEXT(when);
	args[1] = DBV_INT(id);
	if (db_exec(db, sql, args, 2) != 1)
		ok(0, "cannot age row %lld", (long long)id);
}

static json_t *
row(const char *sql, int64_t id)
{
	struct db_val arg = DBV_INT(id);
	json_t *r = NULL;

	db_row(db, sql, &arg, 1, &r);
	return r;
}

static const char *
col(json_t *r, const char *name)
{
	return json_string_value(json_object_get(r, name));
}

static int64_t
count(const char *sql, struct db_val *args, size_t n)
{
	int64_t v = -1;

	db_int(db, sql, args, n, &v);
	return v;
}

/* An audit entry at when (NULL: now) by user (0: none) from ip. */
static int
audit_add(const char *when, int64_t user, const char *ip)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];

	clock_now(now);
	args[0] = DBV_TEXT(when != NULL ? when : now);
	args[1] = user > 0 ? DBV_INT(user) : DBV_NULL;
	args[2] = DBV_TEXT(ip);
	return db_exec(db, stmts[STMT_AUDIT_ADD], args, 3) == 1;
}

static int64_t
ip_count(const char *ip)
{
	struct db_val arg = DBV_TEXT(ip);

	return count(stmts[STMT_AUDIT_IP], &arg, 1);
}

static int64_t
audits(const char *action, int64_t id)
{
	struct db_val args[2] = { DBV_TEXT(action), DBV_INT(id) };

	return count(stmts[STMT_AUDIT], args, 2);
}

#define NTABLES 5
/* What a purge rewrites on PostgreSQL, then the one it leaves. */
static const char *const rewritten[NTABLES] = { "need", "offer", "person",
	"rate_limit", "audit" };

/* The file number of table on PostgreSQL; -1 on SQLite. */
static int64_t
table_file(struct db *look, const char *table)
{
	struct db_val arg = DBV_TEXT(table);
	int64_t n = -1;

	if (look != NULL &&
	    db_int(look, stmts[STMT_FILENODE], &arg, 1, &n) != 1)
		n = -1;
	return n;
}

static void
tables_files(struct db *look, int64_t out[NTABLES])
{
	int i;

	for (i = 0; i < NTABLES; i++)
		out[i] = table_file(look, rewritten[i]);
}

/*
 * A purge whose clear cannot be done (another connection reads: SQLite
 * cannot empty its log, PostgreSQL cannot rewrite the table) says so by
 * 1; the next purge, with nothing to remove, does it, and all of it.
 */
static void
check_owed(const char *url, struct db *look)
{
	struct retention_counts n;
	struct db *reader;
	struct stat st;
	char *err = NULL, wal[400];
	int64_t id, before[NTABLES], after[NTABLES], rows = 0;
	int i, same = 0;

	id = post(0, person("Gil Late", NULL), "a late one");
	ok(move(0, id, "closed", "not needed") == 0, "another ask closed");
	age(stmts[STMT_NEED_AGE], id, 100);
	tables_files(look, before);
	reader = db_open(url, &err);
	free(err);
	ok(reader != NULL && db_begin_read(reader) == 0 &&
		db_int(reader, "SELECT count(*) FROM need", NULL, 0, &rows) ==
		    1,
	    "another connection reads the asks meanwhile");
	is_int(retention_purge(db, 90, &n), 1,
	    "the purge says it could not "
	    "clear the files");
	is_int(n.asks, 1, "though it purged the ask");
	ok(strstr(db_errmsg(db), "lock") != NULL, "and why: %s", db_errmsg(db));
	db_rollback(reader);
	db_close(reader);
	tables_files(look, after);
	for (i = 0; i < NTABLES; i++)
		same += after[i] == before[i];
	if (testdb_is_pg())
		is_int(same, NTABLES, "postgresql: nothing was rewritten");
	is_int(retention_purge(db, 90, &n), 0, "the next purge runs");
	is_int(n.asks + n.offers + n.people + n.limits + n.addresses, 0,
	    "with nothing left to remove");
	snprintf(wal, sizeof(wal), "%s-wal", url);
	if (testdb_is_pg()) {
		tables_files(look, after);
		same = 0;
		for (i = 0; i < NTABLES; i++)
			same += after[i] == before[i];
		is_int(same, 0,
		    "postgresql: but it rewrote what was owed, "
		    "the audit trail too");
	} else
		ok(stat(wal, &st) == 0 && st.st_size == 0,
		    "but it emptied the log, which was owed");
}

/* 1 if needle is in the file at path, 0 if not or there is no file. */
static int
file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	int found;

	if (f == NULL)
		return 0;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc(n > 0 ? (size_t)n : 1);
	n = (long)fread(data, 1, (size_t)n, f);
	fclose(f);
	found = memmem(data, (size_t)n, needle, strlen(needle)) != NULL;
	free(data);
	return found;
}

/*
 * Find the files of the database at path (SQLite) or behind look
 * (PostgreSQL). On PostgreSQL a CHECKPOINT first writes every page the
 * server holds in its buffers out to the files: a page changed in memory
 * but not yet written would otherwise hide a value from the search, or
 * show one the change removed. CHECKPOINT wants a superuser (or
 * pg_checkpoint), and reading the files wants the server's user or root:
 * tests/pg/start's cluster gives both. Without them the searches find
 * nothing, and the checks that kept values are found fail.
 */
static void
files_find(const char *path, struct db *look)
{
	json_t *rows, *r = NULL;
	size_t i;

	json_decref(files);
	files = json_array();
	if (!testdb_is_pg()) {
		snprintf(home, sizeof(home), "%s", path);
		json_array_append_new(files, json_string(path));
		json_array_append_new(files, json_sprintf("%s-wal", path));
		json_array_append_new(files, json_sprintf("%s-shm", path));
		return;
	}
	home[0] = datadir[0] = '\0';
	if (db_script(look, stmts[STMT_FLUSH]) == -1)
		printf("# CHECKPOINT: %s\n", db_errmsg(look));
	if (db_row(look, stmts[STMT_HOME], NULL, 0, &r) == 1) {
		snprintf(datadir, sizeof(datadir), "%s",
		    json_string_value(json_object_get(r, "dir")));
		snprintf(home, sizeof(home), "%s/%s", datadir,
		    json_string_value(json_object_get(r, "person")));
	}
	json_decref(r);
	rows = db_rows(look, stmts[STMT_RELFILES], NULL, 0);
	json_array_foreach (rows, i, r)
		json_array_append(files, json_object_get(r, "f"));
	json_decref(rows);
}

/* In any of the files files_find found. */
static int
files_have(const char *needle)
{
	json_t *f;
	size_t i;

	json_array_foreach (files, i, f)
		if (file_has(json_string_value(f), needle))
			return 1;
	return 0;
}

/*
 * In PostgreSQL's statistics of the test's schema: ANALYZE keeps a sample
 * of each column's values there for the planner, phones and details too.
 */
static int
stats_have(struct db *look, const char *needle)
{
	struct db_val arg = DBV_TEXT(needle);
	int64_t n = 0;

	db_int(look, stmts[STMT_STATS], &arg, 1, &n);
	return n > 0;
}

/* In a segment of PostgreSQL's write-ahead log, recycled ones included. */
static int
wal_has(const char *needle)
{
	char dirpath[400], seg[700];
	struct dirent *e;
	DIR *d;
	int found = 0;

	snprintf(dirpath, sizeof(dirpath), "%s/pg_wal", datadir);
	if ((d = opendir(dirpath)) == NULL)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		/* Segments have 24 hex digits; the rest is archive status. */
		if (strlen(e->d_name) != 24 ||
		    strspn(e->d_name, "0123456789ABCDEF") != 24)
			continue;
		snprintf(seg, sizeof(seg), "%s/%s", dirpath, e->d_name);
		found = file_has(seg, needle);
	}
	closedir(d);
	return found;
}

static void
check_files(const char *path, struct db *look, const char *when)
{
	static const char *const gone[] = { PHONE_PURGED, DETAILS_PURGED,
		REASON_PURGED, PHONE_FORGOT, DETAILS_FORGOT, OFFER_FORGOT,
		REASON_FORGOT, LOGIN_FORGOT, LABEL_FORGOT, IP_PURGED, IP_FORGOT,
		PHONE_PURGED_REV, PHONE_FORGOT_REV, NULL };
	int i;

	files_find(path, look);
	for (i = 0; gone[i] != NULL; i++)
		ok(!files_have(gone[i]), "%s: \"%s\" is in no file", when,
		    gone[i]);
	ok(files_have(PHONE_KEPT),
	    "%s: a phone kept is still found "
	    "(the search works)",
	    when);
	ok(files_have(PHONE_KEPT_REV), "%s: so is its search key", when);
	ok(files_have(DETAILS_KEPT), "%s: details kept are still found", when);
	ok(files_have(IP_KEPT), "%s: an address kept is still found", when);
	if (testdb_is_pg()) {
		int found = 0;

		for (i = 0; gone[i] != NULL; i++)
			found |= stats_have(look, gone[i]);
		ok(!found, "%s: the planner's statistics hold none of it",
		    when);
		ok(stats_have(look, PHONE_KEPT),
		    "%s: but a phone kept (the "
		    "search works)",
		    when);
	}
}

/* A conversation with person_id days ago, saying problems. Its id. */
static int64_t
talk(int64_t person_id, int days, const char *problems)
{
	char when[CLOCK_ISO_LEN];
	struct db_val args[4];
	int64_t id = -1;

	clock_iso(time(NULL) - (time_t)days * 24 * 3600, when);
	args[0] = DBV_INT(person_id);
	args[1] = DBV_TEXT(when);
	args[2] = DBV_TEXT(problems);
	args[3] = DBV_TEXT(when);
	db_int(db,
	    "INSERT INTO conversation (person_id, at, how, problems, "
	    "assessment, next_step, created_at) VALUES (?, ?, 'door', ?, 2, "
	    "'call back', ?) RETURNING id",
	    args, 4, &id);
	return id;
}

/* An action of campaign days ago that person_id came to. Its id. */
static int64_t
action(int64_t campaign, int64_t person_id, int days)
{
	char when[CLOCK_ISO_LEN];
	struct db_val args[3];
	int64_t id = -1;

	clock_iso(time(NULL) - (time_t)days * 24 * 3600, when);
	when[10] = '\0'; /* an action's date */
	args[0] = DBV_INT(campaign);
	args[1] = DBV_TEXT(when);
	args[2] = DBV_TEXT(when);
	db_int(db,
	    "INSERT INTO campaign_action (campaign_id, kind, at, created_at) "
	    "VALUES (?, 'delegation', ?, ?) RETURNING id",
	    args, 3, &id);
	args[0] = DBV_INT(id);
	args[1] = DBV_INT(person_id);
	if (db_exec(db,
		"INSERT INTO action_person (action_id, person_id, rsvp, "
		"attended) VALUES (?, ?, 1, 1)",
		args, 2) != 1)
		ok(0, "cannot record who came to action %lld", (long long)id);
	return id;
}

/*
 * Conversations and campaign actions: a purge empties what was said in
 * old conversations and who came to old actions, keeping the rest; a
 * forget empties all a person said and how they stand, and who they are
 * in every action, keeping the counts.
 */
static void
organizing(void)
{
	const char *who = "SELECT count(*) FROM action_person "
			  "WHERE action_id = ? AND person_id IS NOT NULL";
	const char *rows = "SELECT count(*) FROM action_person";
	const char *said = "SELECT problems, assessment, next_step, purged_at "
			   "FROM conversation WHERE id = ?";
	struct retention_counts n;
	struct problem p = { 0 };
	struct db_val arg;
	int64_t gus, old_talk, new_talk, campaign = -1, old_act, new_act;
	json_t *r;

	gus = person("Gus Organizing", NULL);
	old_talk = talk(gus, 100, "TALK-PURGED-6612");
	new_talk = talk(gus, 5, "TALK-KEPT-7723");
	db_int(db,
	    "INSERT INTO campaign (demand, created_at, updated_at) VALUES "
	    "('Fix the heat', '2026-01-01', '2026-01-01') RETURNING id",
	    NULL, 0, &campaign);
	old_act = action(campaign, gus, 100);
	new_act = action(campaign, gus, 5);

	is_int(retention_purge(db, 90, &n), 0, "a purge with conversations");
	is_int(n.conversations, 1, "empties one old conversation");
	is_int(n.attendance, 1, "and who came to one old action");
	r = row(said, old_talk);
	ok(json_is_null(json_object_get(r, "problems")) &&
		json_is_null(json_object_get(r, "next_step")),
	    "what was said and the next step are gone");
	is_int(json_integer_value(json_object_get(r, "assessment")), 2,
	    "how the person stands is kept");
	ok(col(r, "purged_at") != NULL, "and the purge is dated");
	json_decref(r);
	r = row(said, new_talk);
	is_str(col(r, "problems"), "TALK-KEPT-7723",
	    "a recent conversation keeps what was said");
	json_decref(r);
	arg = DBV_INT(old_act);
	is_int(count(who, &arg, 1), 0, "an old action names no one");
	arg = DBV_INT(new_act);
	is_int(count(who, &arg, 1), 1, "a recent one still does");
	is_int(count(rows, NULL, 0), 2, "and both keep their counts");
	is_int(retention_purge(db, 90, &n), 0, "a second purge");
	ok(n.conversations == 0 && n.attendance == 0, "finds nothing more");

	is_int(retention_forget(db, NULL, gus, &p), 0, "Gus is forgotten");
	r = row(said, new_talk);
	ok(json_is_null(json_object_get(r, "problems")) &&
		json_is_null(json_object_get(r, "assessment")) &&
		json_is_null(json_object_get(r, "next_step")),
	    "his conversations keep nothing he said, nor how he stands");
	json_decref(r);
	is_int(count(who, &arg, 1), 0, "no action names him");
	is_int(count(rows, NULL, 0), 2, "and the counts stay");
}

/*
 * A shift at a session days ago (negative: ahead) with person_id signed
 * up for it. The shift's id.
 */
static int64_t
signup(int64_t program, int64_t person_id, int days)
{
	char when[CLOCK_ISO_LEN], day[CLOCK_ISO_LEN];
	struct db_val args[4];
	int64_t session = -1, shift = -1;

	clock_iso(time(NULL) - (time_t)days * 24 * 3600, when);
	memcpy(day, when, sizeof(day));
	day[10] = '\0';
	args[0] = DBV_INT(program);
	args[1] = DBV_TEXT(day);
	args[2] = DBV_TEXT(when);
	args[3] = DBV_TEXT(when);
	db_int(db,
	    "INSERT INTO program_session (program_id, day, start_time, "
	    "end_time, starts_at, created_at, updated_at) VALUES (?, ?, "
	    "'07:00', '09:00', ?, ?, ?) RETURNING id",
	    (struct db_val[]){ args[0], args[1], args[2], args[3], args[3] },
	    5, &session);
	args[0] = DBV_INT(session);
	db_int(db,
	    "INSERT INTO shift (session_id, name, needed, taken, created_at) "
	    "VALUES (?, 'cook', 2, 1, ?) RETURNING id",
	    (struct db_val[]){ args[0], args[3] }, 2, &shift);
	args[0] = DBV_INT(shift);
	args[1] = DBV_INT(person_id);
	if (db_exec(db,
		"INSERT INTO shift_signup (shift_id, person_id, created_at) "
		"VALUES (?, ?, ?)",
		(struct db_val[]){ args[0], args[1], args[3] }, 3) != 1)
		ok(0, "cannot sign up for shift %lld", (long long)shift);
	return shift;
}

/*
 * Shifts: a purge empties who signed up for the shifts of sessions long
 * over and keeps the places counted; a forget deletes the person's
 * sign-ups that are left and frees their places.
 */
static void
shifts(void)
{
	const char *named = "SELECT count(*) FROM shift_signup "
			    "WHERE shift_id = ? AND person_id IS NOT NULL";
	const char *rows = "SELECT count(*) FROM shift_signup WHERE "
			   "shift_id = ?";
	const char *taken = "SELECT taken FROM shift WHERE id = ?";
	struct retention_counts n;
	struct problem p = { 0 };
	struct db_val arg;
	int64_t hal, program = -1, old_shift, new_shift;

	hal = person("Hal Shifts", NULL);
	db_int(db,
	    "INSERT INTO program (name, kind, created_at, updated_at) VALUES "
	    "('Breakfast', 'breakfast', '2026-01-01', '2026-01-01') "
	    "RETURNING id",
	    NULL, 0, &program);
	old_shift = signup(program, hal, 100);
	new_shift = signup(program, hal, -3);

	is_int(retention_purge(db, 90, &n), 0, "a purge with sign-ups");
	is_int(n.signups, 1, "empties one old sign-up");
	arg = DBV_INT(old_shift);
	is_int(count(named, &arg, 1), 0, "an old shift names no one");
	is_int(count(rows, &arg, 1), 1, "and keeps its row");
	is_int(count(taken, &arg, 1), 1, "and its place counted");
	arg = DBV_INT(new_shift);
	is_int(count(named, &arg, 1), 1, "a shift to come still names Hal");
	is_int(retention_purge(db, 90, &n), 0, "a second purge");
	is_int(n.signups, 0, "finds no sign-up more");

	is_int(retention_forget(db, NULL, hal, &p), 0, "Hal is forgotten");
	is_int(count(rows, &arg, 1), 0, "his sign-up to come is gone");
	is_int(count(taken, &arg, 1), 0, "and its place is free");
	arg = DBV_INT(old_shift);
	is_int(count(rows, &arg, 1), 1, "the old one, naming nobody, stays");
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-retention-XXXXXX";
	char wal[400], password[SECRET_TOKEN_LEN], token[SECRET_TOKEN_LEN];
	char csrf[SECRET_TOKEN_LEN], api[SECRET_TOKEN_LEN], login[64];
	struct testdb t;
	struct db *look = NULL;
	int64_t before[NTABLES], after_files[NTABLES];
	int i;
	struct retention_counts n;
	struct problem p = { 0 };
	struct viewer v;
	struct stat st;
	struct db_val arg;
	json_t *in, *out = NULL, *r, *tally, *after;
	int64_t ana, ben, cleo, dev, carla, eli, fay, zen, user, carla_user;
	int64_t n1, n2, n3, n4, n5, n6, o1, o2;

	if (mkdtemp(dir) == NULL || secret_init() == -1)
		return 1;
	testdb_make(&t, dir, "r");
	snprintf(wal, sizeof(wal), "%s-wal", t.url);
	db = cmd_open_db(t.url, 1);
	if (db == NULL)
		return 1;
	is_int(db_kind(db), testdb_is_pg() ? DB_POSTGRES : DB_SQLITE, "on %s",
	    testdb_backend());
	/*
	 * On PostgreSQL the files are found, and the server's buffers written
	 * out to them, through a connection of the test's own: it stays open
	 * to look once more after the product's connection is closed.
	 */
	if (testdb_is_pg() && (look = cmd_open_db(t.url, 1)) == NULL)
		return 1;
	in = json_pack("{s:s}", "name", "Barrio Norte");
	if (zone_create(db, in, &out, &p) == -1)
		return 1;
	zone = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);

	/* Ana: everything long over. */
	ana = person("Ana Purge", PHONE_PURGED);
	n1 = post(0, ana, DETAILS_PURGED);
	n2 = post(0, ana, "an old ask that was closed");
	o1 = post(1, ana, "an old offer that was closed");
	ok(move(0, n1, "matched", NULL) == 0 &&
		move(0, n1, "fulfilled", NULL) == 0 &&
		move(0, n2, "closed", REASON_PURGED) == 0 &&
		move(1, o1, "closed", "no longer needed") == 0,
	    "asks and offers are met and closed");
	age(stmts[STMT_NEED_AGE], n1, 100);
	age(stmts[STMT_NEED_AGE], n2, 100);
	age(stmts[STMT_OFFER_AGE], o1, 100);
	age(stmts[STMT_PERSON_AGE], ana, 200);
	/* Ben: one ask still open, one met only lately. */
	ben = person("Ben Open", PHONE_KEPT);
	n3 = post(0, ben, DETAILS_KEPT);
	n4 = post(0, ben, "met ten days ago");
	move(0, n4, "matched", NULL);
	move(0, n4, "fulfilled", NULL);
	age(stmts[STMT_NEED_AGE], n3, 100);
	age(stmts[STMT_NEED_AGE], n4, 10);
	age(stmts[STMT_PERSON_AGE], ben, 200);
	/* Cleo: never asked, long ago; Dev: never asked, lately. */
	cleo = person("Cleo Quiet", "+15550100003");
	age(stmts[STMT_PERSON_AGE], cleo, 200);
	dev = person("Dev Recent", "+15550100004");
	/* Carla has a login: her contact details are the network's. */
	carla_user = user_add(db, "carla.login", ROLE_VOLUNTEER, password, &p);
	ok(user_find(db, "carla.login", &r) == 1, "a login is found by name");
	carla = json_integer_value(json_object_get(r, "person_id"));
	json_decref(r);
	ok(json_object_get(r = row(stmts[STMT_USER], carla_user), "login") !=
		NULL,
	    "and by id");
	json_decref(r);
	in = json_pack("{s:s}", "phone", "+15550100005");
	person_update(db, carla, in, &out, &p);
	json_decref(in);
	json_decref(out);
	age(stmts[STMT_PERSON_AGE], carla, 200);
	/* Eli: nothing to clear. Fay: her only ask was met lately. */
	eli = person("Eli Nocontact", NULL);
	age(stmts[STMT_PERSON_AGE], eli, 200);
	fay = person("Fay Lately", "+15550100007");
	n6 = post(0, fay, "met lately too");
	move(0, n6, "matched", NULL);
	move(0, n6, "fulfilled", NULL);
	age(stmts[STMT_NEED_AGE], n6, 10);
	age(stmts[STMT_PERSON_AGE], fay, 200);

	/* The search below must see data where it is, log or file. */
	files_find(t.url, look);
	ok(files_have(PHONE_PURGED) && files_have(DETAILS_PURGED),
	    "before: the phone and the details are in the files");
	is_int(db_checkpoint(db, (const char *[]){ "person", "need", NULL }), 0,
	    "a checkpoint outside a transaction");
	files_find(t.url, look);
	ok(file_has(home, PHONE_PURGED),
	    "which puts them in the file of the "
	    "table itself");
	if (testdb_is_pg()) {
		if (db_script(look, stmts[STMT_ANALYZE]) == -1)
			printf("# ANALYZE: %s\n", db_errmsg(look));
		ok(stats_have(look, PHONE_PURGED) &&
			stats_have(look, DETAILS_PURGED),
		    "before: the planner's statistics hold them too");
	}

	ok(audit_add("2001-01-01T00:00:00Z", 0, IP_PURGED) &&
		audit_add(NULL, 0, IP_KEPT),
	    "two sign-ins in the audit trail, "
	    "one long ago");
	tally = db_rows(db, stmts[STMT_TALLY], NULL, 0);
	is_int(retention_purge(db, 0, &n), -1, "0 days is refused");
	tables_files(look, before);
	is_int(retention_purge(db, 90, &n), 0, "a purge runs");
	is_int(n.asks, 2, "two asks long over are purged");
	is_int(n.offers, 1, "one offer");
	is_int(n.people, 2, "and two people's contact details");
	is_int(n.addresses, 1, "and the address of one audit entry");
	is_int(ip_count(IP_PURGED), 0, "the old sign-in's address is gone");
	is_int(count(stmts[STMT_AUDIT_SIGNIN], NULL, 0), 2,
	    "but the entry is kept");
	is_int(ip_count(IP_KEPT), 1, "a recent sign-in keeps its address");

	r = row(stmts[STMT_NEED], n1);
	is_str(col(r, "details"), "", "a fulfilled ask loses its details");
	ok(col(r, "purged_at") != NULL, "and says when");
	is_str(col(r, "status"), "fulfilled", "and keeps its status");
	json_decref(r);
	r = row(stmts[STMT_NEED], n2);
	is_str(col(r, "details"), "", "a closed ask loses its details");
	ok(json_is_null(json_object_get(r, "close_reason")),
	    "and its close reason");
	json_decref(r);
	r = row(stmts[STMT_OFFER], o1);
	ok(strcmp(col(r, "details"), "") == 0 &&
		json_is_null(json_object_get(r, "close_reason")) &&
		col(r, "purged_at") != NULL,
	    "a closed offer too");
	json_decref(r);
	r = row(stmts[STMT_NEED], n3);
	is_str(col(r, "details"), DETAILS_KEPT, "an open ask is untouched");
	ok(json_is_null(json_object_get(r, "purged_at")), "and not purged");
	json_decref(r);
	r = row(stmts[STMT_NEED], n4);
	is_str(col(r, "details"), "met ten days ago",
	    "an ask met lately is untouched");
	json_decref(r);

	r = row(stmts[STMT_PERSON], ana);
	ok(json_is_null(json_object_get(r, "phone")),
	    "a person whose asks are all over and purged loses the phone");
	ok(json_is_null(json_object_get(r, "phone_rev")), "and its search key");
	is_str(col(r, "name"), "Ana Purge", "but keeps the name");
	is_str(col(r, "name_fold"), "ana purge", "and the name's key");
	json_decref(r);
	r = row(stmts[STMT_PERSON], cleo);
	ok(json_is_null(json_object_get(r, "phone")),
	    "so does someone long quiet with no asks");
	json_decref(r);
	r = row(stmts[STMT_PERSON], ben);
	is_str(col(r, "phone"), PHONE_KEPT, "an open ask keeps the phone");
	ok(col(r, "phone_rev") != NULL, "and its search key");
	json_decref(r);
	r = row(stmts[STMT_PERSON], dev);
	is_str(col(r, "phone"), "+15550100004",
	    "someone updated lately keeps it");
	json_decref(r);
	r = row(stmts[STMT_PERSON], carla);
	is_str(col(r, "phone"), "+15550100005",
	    "someone with a login keeps it");
	json_decref(r);
	r = row(stmts[STMT_PERSON], fay);
	is_str(col(r, "phone"), "+15550100007",
	    "an ask met lately, not yet purged, keeps it");
	json_decref(r);

	after = db_rows(db, stmts[STMT_TALLY], NULL, 0);
	ok(tally != NULL && json_equal(tally, after), "the tally is untouched");
	json_decref(after);
	is_int(audits("purge", 0), 1, "the purge is in the audit trail");
	if (testdb_is_pg()) {
		tables_files(look, after_files);
		for (i = 0; i < NTABLES - 1; i++)
			ok(after_files[i] != before[i],
			    "postgresql: the purge "
			    "rewrote %s",
			    rewritten[i]);
		is_int(after_files[NTABLES - 1], before[NTABLES - 1],
		    "postgresql: but not the audit trail");
		memcpy(before, after_files, sizeof(before));
	}
	is_int(retention_purge(db, 90, &n), 0, "a second purge runs");
	ok(n.asks == 0 && n.offers == 0 && n.people == 0 && n.limits == 0 &&
		n.addresses == 0,
	    "and finds nothing left to purge");
	/* The server purges at every start: that must cost no rewrite. */
	if (testdb_is_pg()) {
		tables_files(look, after_files);
		ok(memcmp(after_files, before, sizeof(before)) == 0,
		    "postgresql: so it rewrites nothing");
	}
	check_owed(t.url, look);

	/* Zenobia asks to be forgotten: she has a login, a session, a token. */
	user = user_add(db, LOGIN_FORGOT, ROLE_VOLUNTEER, password, &p);
	user_find(db, LOGIN_FORGOT, &r);
	zen = json_integer_value(json_object_get(r, "person_id"));
	json_decref(r);
	in = json_pack("{s:s,s:s}", "phone", PHONE_FORGOT, "language", "es");
	person_update(db, zen, in, &out, &p);
	json_decref(in);
	json_decref(out);
	n5 = post(0, zen, DETAILS_FORGOT);
	o2 = post(1, zen, OFFER_FORGOT);
	move(1, o2, "closed", REASON_FORGOT);
	ok(login_session_create(db, user, token, csrf) == 0,
	    "she is signed in");
	ok(token_add(db, user, LABEL_FORGOT, api) > 0, "and has a token");
	snprintf(login, sizeof(login), "login:%s", LOGIN_FORGOT);
	ratelimit_hit(db, login, 10, 60);
	ok(audit_add(NULL, user, IP_FORGOT), "she signed in from somewhere");
	json_decref(tally);
	tally = db_rows(db, stmts[STMT_TALLY], NULL, 0);

	p = (struct problem){ 0 };
	is_int(retention_forget(db, NULL, 999999, &p), -1,
	    "forgetting nobody fails");
	ok(p.kind == PROBLEM_NOT_FOUND && strcmp(p.msg, "err_no_person") == 0,
	    "with a 404");
	is_int(retention_forget(db, NULL, zen, &p), 0, "a person is forgotten");
	is_int(ip_count(IP_FORGOT), 0,
	    "where her login was used from is "
	    "gone from the audit trail");
	is_int(ip_count(IP_KEPT), 1, "others' addresses are not");
	r = row(stmts[STMT_PERSON], zen);
	is_str(col(r, "name"), "\xe2\x80\x94", "the name is a dash");
	ok(json_is_null(json_object_get(r, "phone")) &&
		json_is_null(json_object_get(r, "email")) &&
		json_is_null(json_object_get(r, "address")),
	    "phone, email and address are gone");
	is_str(col(r, "name_fold"), "\xe2\x80\x94", "the name's key too");
	ok(json_is_null(json_object_get(r, "phone_rev")) &&
		json_is_null(json_object_get(r, "email_fold")),
	    "and the contact's keys are gone");
	is_str(col(r, "language"), "es", "the language stays");
	ok(col(r, "forgotten_at") != NULL, "and the date is kept");
	json_decref(r);
	r = row(stmts[STMT_NEED], n5);
	is_str(col(r, "details"), "", "an open ask of hers loses its details");
	is_str(col(r, "status"), "open", "keeping its status");
	ok(col(r, "purged_at") != NULL, "marked purged");
	json_decref(r);
	r = row(stmts[STMT_OFFER], o2);
	ok(strcmp(col(r, "details"), "") == 0 &&
		json_is_null(json_object_get(r, "close_reason")),
	    "her offer loses details and reason");
	json_decref(r);
	r = row(stmts[STMT_USER], user);
	is_int(json_integer_value(json_object_get(r, "disabled")), 1,
	    "her login is disabled");
	snprintf(login, sizeof(login), "(forgotten %lld)", (long long)zen);
	is_str(col(r, "login"), login, "and renamed");
	json_decref(r);
	arg = DBV_INT(user);
	is_int(count(stmts[STMT_SESSIONS], &arg, 1), 0,
	    "her sessions are gone");
	is_int(count(stmts[STMT_TOKENS], &arg, 1), 0, "her tokens are revoked");
	ok(login_session_lookup(db, token, &v) == -1,
	    "the session signs nobody in");
	ok(token_lookup(db, api, &v) == -1, "nor does the token");
	ok(user_authenticate(db, LOGIN_FORGOT, password, &v) == -1,
	    "nor the password");
	snprintf(login, sizeof(login), "login:%s", LOGIN_FORGOT);
	arg = DBV_TEXT(login);
	is_int(count(stmts[STMT_LIMITS], &arg, 1), 0,
	    "her login's rate limit is gone");
	is_int(audits("forget person", zen), 1,
	    "one audit entry names her by id");
	after = db_rows(db, stmts[STMT_TALLY], NULL, 0);
	ok(tally != NULL && json_equal(tally, after), "the tally is untouched");
	json_decref(after);
	json_decref(tally);
	organizing();
	shifts();

	/*
	 * What was removed must be gone from the bytes on disk. PostgreSQL's
	 * write-ahead log is the exception docs/privacy.md states: checked
	 * here so that the page stays true, not hidden by a switch of segment.
	 */
	if (testdb_is_pg())
		ok(wal_has(DETAILS_FORGOT),
		    "PostgreSQL's write-ahead log still "
		    "holds what was forgotten, as docs/privacy.md says");
	else
		ok(stat(wal, &st) == -1 || st.st_size == 0,
		    "the write-ahead log is empty");
	check_files(t.url, look, "open");
	db_close(db);
	check_files(t.url, look, "closed");
	db_close(look);
	json_decref(files);
	testdb_drop(&t);

	if (testdb_rmdir(dir) == -1)
		return 1;
	return tap_done();
}
