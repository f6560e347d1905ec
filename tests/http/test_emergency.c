/*
 * The emergency purge on both backends, from the admin's page and the
 * command line: planted personal data of every kind (a person's name,
 * phone, email and address; what an ask says; a conversation's notes; a
 * stage reason; a text and an opt-out; a volunteer's login and token; the
 * addresses of the audit trail) gone, and on SQLite gone from the bytes
 * of the database and its log while the server still runs; the asks by
 * category and month, the sessions' counts and the admins' logins and
 * tokens kept; a wrong or missing password, no confirmation, a role
 * below admin and the command without --confirm writing nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"
#include "db/db.h"

static struct server S;

/* What the planted data says, each found by these words in the files. */
static const char *const planted[] = {
	"Quetzalcoatl Planted",   /* a name */
	"6175559876",             /* a phone, as stored (+1…) */
	"6789555716",             /* and reversed, as the search key */
	"planted.person@example", /* an email */
	"77 Planted Lane",        /* an address */
	"Planted details of an ask",
	"Planted notes of a talk",
	"Planted reason for a stage",
	"Planted text message",
	"6175559871", /* a number that texted STOP */
	"plantedvolunteer",
	NULL,
};

static char sms_path[128], vol_auth[256];
static long person;

/* Every kind of personal data, planted through the API and the CLI. */
static void
plant(void)
{
	static int round;
	char body[512], name[32];
	struct reply r;
	long zone, ask;

	round++;
	snprintf(body, sizeof(body), "{\"name\":\"Zone %d\"}", round);
	zone = http_created(&S, "/zones", body);
	snprintf(body, sizeof(body),
	    "{\"name\":\"Quetzalcoatl Planted\",\"phone\":\"+16175559876\","
	    "\"email\":\"planted.person@example.org\",\"address\":"
	    "\"77 Planted Lane\",\"zone_id\":%ld}",
	    zone);
	person = http_created(&S, "/people", body);
	snprintf(body, sizeof(body),
	    "{\"person_id\":%ld,\"category\":\"rent\",\"details\":"
	    "\"Planted details of an ask\",\"urgency\":2,\"zone_id\":%ld}",
	    person, zone);
	ask = http_created(&S, "/needs", body);
	snprintf(body, sizeof(body),
	    "{\"person_id\":%ld,\"category\":\"groceries\",\"details\":"
	    "\"Food\",\"urgency\":1,\"zone_id\":%ld}",
	    person, zone);
	http_created(&S, "/needs", body);
	snprintf(body, sizeof(body),
	    "{\"person_id\":%ld,\"need_id\":%ld,\"how\":\"phone\","
	    "\"problems\":\"Planted notes of a talk\"}",
	    person, ask);
	http_created(&S, "/conversations", body);
	http_created(&S, http_at("/people/%ld/stage", person),
	    "{\"stage\":\"helper\",\"why\":\"Planted reason for a stage\"}");
	snprintf(name, sizeof(name), "gateway%d", round);
	server_cli(&S, (const char *[]){ "sms", "gateway", "add", name, NULL },
	    sms_path, sizeof(sms_path));
	http_auth = "";
	http(&S, "POST", sms_path, NULL, "application/x-www-form-urlencoded",
	    "From=6175559871&Body=Planted+text+message", 40, &r);
	reply_free(&r);
	http(&S, "POST", sms_path, NULL, "application/x-www-form-urlencoded",
	    "From=6175559871&Body=STOP", 25, &r);
	reply_free(&r);
	http_auth = NULL;
	server_login(&S, "plantedvolunteer", "volunteer", NULL, vol_auth,
	    sizeof(vol_auth));
}

/* How many of the planted words the bytes of path hold. */
static int
planted_in(const char *path)
{
	size_t len = 0, i, n;
	char *bytes = testdb_slurp(path, &len);
	int found = 0;

	if (bytes == NULL)
		return 0;
	for (i = 0; planted[i] != NULL; i++) {
		n = strlen(planted[i]);
		if (len >= n && memmem(bytes, len, planted[i], n) != NULL) {
			printf("# %s holds \"%s\"\n", path, planted[i]);
			found++;
		}
	}
	free(bytes);
	return found;
}

/* The files of the SQLite database: the file, its log, its index. */
static int
planted_in_files(void)
{
	char path[512];
	int found = planted_in(S.store.url);

	snprintf(path, sizeof(path), "%s-wal", S.store.url);
	found += planted_in(path);
	snprintf(path, sizeof(path), "%s-shm", S.store.url);
	return found + planted_in(path);
}

/* PostgreSQL: need's indexes' ids, which a DROP and CREATE change. */
static const char *const need_index_ids_sql =
    "SELECT '(' || string_agg(x.indexrelid::bigint::text, ',') || ')' FROM "
    "pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE c.relname = "
    "'need' AND NOT x.indisunique";

/* PostgreSQL: every index of need, as the server would make it again. */
static const char *const need_indexes_sql =
    "SELECT string_agg(i.indexdef || ' ' || x.indisvalid, '; ' ORDER BY "
    "i.indexname) FROM pg_indexes i JOIN pg_class c ON c.relname = "
    "i.indexname JOIN pg_index x ON x.indexrelid = c.oid WHERE "
    "i.tablename = 'need' AND i.schemaname = current_schema()";

static const char *const counts_sql =
    "SELECT count(*) || ':' || coalesce(sum(length(category) + "
    "length(substr(created_at, 1, 7)) + zone_id + urgency), 0) FROM need";
/* The figures' summaries: the network's history, by ids and counts. */
static const char *const figures_sql =
    "SELECT (SELECT count(*) || ':' || coalesce(sum(people), 0) FROM "
    "figures_mutual_count) || '/' || (SELECT count(*) || ':' || "
    "coalesce(sum(people), 0) FROM figures_ladder_count) || '/' || "
    "(SELECT count(*) FROM facing_person)";

/* A person row's personal columns all empty, for every person. */
static const char *const people_left_sql =
    "SELECT count(*) FROM person WHERE name <> '—' OR phone IS NOT NULL OR "
    "email IS NOT NULL OR address IS NOT NULL OR phone_rev IS NOT NULL";

static void
test_refused(void)
{
	char auth[256], line[256];
	struct reply r;
	long before = db_scalar(&S, "SELECT count(*) FROM person WHERE phone "
				    "IS NOT NULL");

	http_json(&S, "POST", "/admin/emergency",
	    "{\"password\":\"not the password\",\"confirm\":\"yes\"}", &r);
	is_int(r.status, 422, "a wrong password: 422");
	is_str(error_field(&r), "password", "naming the password");
	reply_free(&r);
	http_json(&S, "POST", "/admin/emergency", "{\"confirm\":\"yes\"}",
	    &r);
	is_int(r.status, 422, "no password: 422");
	reply_free(&r);
	http_json(&S, "POST", "/admin/emergency", "{\"password\":\"x\"}", &r);
	is_int(r.status, 422, "no confirmation: 422");
	is_str(error_field(&r), "confirm", "naming confirm");
	reply_free(&r);
	server_login(&S, "coord", "coordinator", NULL, auth, sizeof(auth));
	http_auth = auth;
	http_json(&S, "POST", "/admin/emergency",
	    "{\"password\":\"x\",\"confirm\":\"yes\"}", &r);
	is_int(r.status, 403, "a coordinator: 403");
	reply_free(&r);
	http(&S, "GET", "/admin/emergency", "text/html", NULL, NULL, 0, &r);
	is_int(r.status, 403, "the page to a coordinator: 403");
	reply_free(&r);
	http_auth = NULL;
	is_int(server_cli(&S, (const char *[]){ "emergency-purge", NULL },
		   line, sizeof(line)),
	    2, "the command without --confirm: exit 2");
	is_int(db_scalar(&S, "SELECT count(*) FROM person WHERE phone IS NOT "
			     "NULL"),
	    before, "none of them deleted anything");
	http(&S, "GET", "/admin/emergency", "text/html", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "type=\"password\"") != NULL,
	    "the page asks the admin for the password again");
	reply_free(&r);
}

static void
test_purge(const char *password)
{
	char body[512], *kept, *again, *figures, *figures_again;
	struct reply r;

	kept = db_text(&S, counts_sql);
	figures = db_text(&S, figures_sql);
	snprintf(body, sizeof(body),
	    "{\"password\":\"%s\",\"confirm\":\"yes\"}", password);
	http_json(&S, "POST", "/admin/emergency", body, &r);
	is_int(r.status, 200, "the admin's page, the password again: 200");
	ok(json_is_true(json_object_get(r.json, "purged")) &&
		json_is_true(json_object_get(r.json, "files_cleared")),
	    "purged, the files cleared");
	reply_free(&r);
	if (!testdb_is_pg())
		is_int(planted_in_files(), 0,
		    "none of the planted words in the database's file, its "
		    "log or its index, the server still running");
	is_int(db_scalar(&S, people_left_sql), 0,
	    "every person: \"—\", no phone, email or address");
	is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE details <> ''"),
	    0, "every ask's words gone");
	is_int(db_scalar(&S, "SELECT count(*) FROM conversation WHERE "
			     "problems IS NOT NULL"),
	    0, "every conversation's notes gone");
	is_int(db_scalar(&S, "SELECT count(*) FROM person_stage"), 0,
	    "the stage histories gone");
	is_int(db_scalar(&S, "SELECT count(*) FROM sms_message") +
		db_scalar(&S, "SELECT count(*) FROM sms_optout"),
	    0, "the texts and the opt-outs gone");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE ip IS NOT "
			     "NULL"),
	    0, "no address in the audit trail");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = "
			     "'emergency purge'"),
	    1, "the purge in the audit trail");
	is_int(db_scalar(&S, "SELECT count(*) FROM app_user WHERE role <> "
			     "'admin' AND (login NOT LIKE '(purged %' OR "
			     "password_hash <> '' OR disabled = 0)"),
	    0, "every other login renamed, without a password");
	is_int(db_scalar(&S, "SELECT count(*) FROM login_session"), 0,
	    "every session ended");
	/* PostgreSQL's purge switched the summaries' triggers off for it. */
	if (testdb_is_pg())
		is_int(db_scalar(&S, "SELECT count(*) FROM pg_trigger t JOIN "
				     "pg_class c ON c.oid = t.tgrelid JOIN "
				     "pg_namespace n ON n.oid = c.relnamespace "
				     "WHERE n.nspname = current_schema() AND "
				     "NOT t.tgisinternal AND t.tgenabled <> 'O'"),
		    0, "every trigger on again after it");
	again = db_text(&S, counts_sql);
	is_str(again, kept, "the asks by category, zone and month kept");
	figures_again = db_text(&S, figures_sql);
	is_str(figures_again, figures,
	    "the figures' summaries as they were: the history kept");
	ok(strcmp(figures, "0:0/0:0/0") != 0, "(and they held something)");
	free(kept);
	free(again);
	free(figures);
	free(figures_again);
	http_auth = vol_auth;
	http(&S, "GET", "/needs", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 401, "the volunteer's token opens nothing");
	reply_free(&r);
	http_auth = NULL;
	http(&S, "GET", "/needs", "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the admin's token still works");
	reply_free(&r);
}

/*
 * PostgreSQL: EMERGENCY_REINDEX_ROWS asks more, of as many people (an ask
 * each: one person's asks rewrite its summaries).
 */
static void
plant_bulk(void)
{
	db_write(&S, "INSERT INTO person (name, name_fold, language, "
		     "zone_id, created_at, updated_at) SELECT name || g, "
		     "name_fold || g, language, zone_id, created_at, "
		     "updated_at FROM person, generate_series(1, 5000) g "
		     "WHERE name = 'Quetzalcoatl Planted'");
	db_write(&S, "INSERT INTO need (person_id, category, details, "
		     "urgency, zone_id, status, created_at, updated_at) "
		     "SELECT id, 'rent', 'Planted bulk ' || id, 1, "
		     "zone_id, 'open', created_at, updated_at FROM person "
		     "WHERE name LIKE 'Quetzalcoatl Planted_%'");
}

/*
 * PostgreSQL: 5,000 asks purged while another connection reads need (an
 * export's snapshot, a backup): their indexes are not dropped under it
 * (DROP INDEX would wait for the reader, past lock_timeout, and the
 * purge fail with nothing deleted). The rewrite after the commit may
 * still wait for the reader: the words are gone all the same.
 */
static void
test_reader_open(void)
{
	char line[512], *err = NULL;
	struct db *reader;
	int64_t n = -1;

	plant();
	plant_bulk();
	reader = db_open(S.store.url, &err);
	ok(reader != NULL && db_begin_read(reader) == 0 &&
		db_int(reader, "SELECT count(*) FROM need", NULL, 0, &n) ==
		    1 &&
		n > 5000,
	    "another connection reads need in a transaction");
	server_cli(&S, (const char *[]){ "emergency-purge", "--confirm", NULL },
	    line, sizeof(line));
	ok(strstr(line, "emergency purge:") != NULL,
	    "the purge done beside the reader: %s", line);
	if (reader != NULL) {
		db_rollback(reader);
		db_close(reader);
	}
	free(err);
	is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE details <> ''"),
	    0, "the 5,000 asks' words gone");
}

int
main(void)
{
	char line[512], *p, *indexes = NULL, *indexes_after, *ids = NULL;
	char sql[4096];
	char password[128];

	server_start(&S);
	server_cli(&S, (const char *[]){ "user", "password", "admin", NULL },
	    line, sizeof(line));
	p = strrchr(line, ' ');
	snprintf(password, sizeof(password), "%.100s", p ? p + 1 : line);
	plant();
	if (!testdb_is_pg())
		ok(planted_in_files() > 0,
		    "the planted words are in the files before (the check "
		    "can fail)");
	test_refused();
	test_purge(password);

	plant();
	/*
	 * On PostgreSQL, past EMERGENCY_REINDEX_ROWS asks their indexes are
	 * made again around the UPDATE: the same indexes after, in use.
	 */
	if (testdb_is_pg()) {
		plant_bulk();
		indexes = db_text(&S, need_indexes_sql);
		ids = db_text(&S, need_index_ids_sql);
	}
	is_int(server_cli(&S, (const char *[]){ "emergency-purge",
				  "--confirm", NULL },
		   line, sizeof(line)),
	    0, "the command with --confirm, the server running: exit 0");
	if (testdb_is_pg()) {
		indexes_after = db_text(&S, need_indexes_sql);
		is_str(indexes_after, indexes,
		    "need's indexes as they were, made again around the "
		    "UPDATE of 5,000 asks");
		is_int(db_scalar(&S, "SELECT count(*) FROM need WHERE "
				     "details <> ''"),
		    0, "their words gone");
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM pg_index WHERE indexrelid::bigint "
		    "IN %s",
		    ids);
		is_int(db_scalar(&S, sql), 0,
		    "each of them made anew (none of the ids before is left)");
		free(indexes);
		free(indexes_after);
		free(ids);
	}
	ok(strstr(line, "emergency purge:") != NULL && strstr(line, " s") != NULL,
	    "says what it did and how long it took: %s", line);
	is_int(db_scalar(&S, people_left_sql), 0, "every person emptied again");
	if (!testdb_is_pg())
		is_int(planted_in_files(), 0, "nothing planted left in the files");
	if (testdb_is_pg())
		test_reader_open();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
