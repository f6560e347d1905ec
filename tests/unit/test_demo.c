/* solidarity demo: the network it builds, the workload's determinism. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "testdb.h"
#include "domain/retention.h"
#include "domain/user.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/words.h"

enum stmt {
	STMT_PEOPLE,
	STMT_ZONES,
	STMT_NEEDS,
	STMT_OFFERS,
	STMT_NEED_STATES,
	STMT_OFFER_STATES,
	STMT_NEED_REASONS,
	STMT_OFFER_REASONS,
	STMT_LANGUAGES,
	STMT_SPANISH,
	STMT_ACCENTS,
	STMT_TALLY,
	STMT_GROUP,
	STMT_OPEN,
	STMT_ORDER,
	STMT_ZONE_PEOPLE,
	STMT_CONTACTS,
	STMT_PAIRS,
	STMT_TABLES,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_PEOPLE */
	"SELECT count(*) FROM person",
	/* STMT_ZONES */
	"SELECT count(*) FROM zone",
	/* STMT_NEEDS */
	"SELECT count(*) FROM need",
	/* STMT_OFFERS */
	"SELECT count(*) FROM offer",
	/* STMT_NEED_STATES */
	"SELECT count(DISTINCT status) FROM need",
	/* STMT_OFFER_STATES */
	"SELECT count(DISTINCT status) FROM offer",
	/* STMT_NEED_REASONS */
	"SELECT count(*) FROM need "
	"WHERE (status = 'closed') <> (close_reason IS NOT NULL)",
	/* STMT_OFFER_REASONS */
	"SELECT count(*) FROM offer "
	"WHERE (status = 'closed') <> (close_reason IS NOT NULL)",
	/* STMT_LANGUAGES */
	"SELECT count(DISTINCT language) FROM person",
	/* STMT_SPANISH */
	"SELECT count(*) FROM need n "
	"JOIN person p ON p.id = n.person_id "
	"WHERE p.language = 'es' AND n.details LIKE '%necesito%'",
	/* STMT_ACCENTS */
	"SELECT count(*) FROM person "
	"WHERE name LIKE '%á%' OR name LIKE '%é%' OR name LIKE '%í%' "
	"OR name LIKE '%ó%' OR name LIKE '%ú%' OR name LIKE '%ñ%'",
	/* STMT_TALLY */
	"SELECT status, zone_id, category, n "
	"FROM need_tally ORDER BY 1, 2, 3",
	/* STMT_GROUP */
	"SELECT status, zone_id, category, "
	"count(*) AS n FROM need GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	/* STMT_OPEN */
	"SELECT count(*) FROM need "
	"WHERE status = 'open'",
	/* STMT_ORDER */
	"SELECT count(*) FROM need a "
	"JOIN need b ON b.id = a.id + 1 WHERE b.created_at <= a.created_at",
	/* STMT_ZONE_PEOPLE */
	"SELECT count(*) FROM need n "
	"JOIN person p ON p.id = n.person_id WHERE p.zone_id <> n.zone_id",
	/*
	 * STMT_CONTACTS: askers who are not a contact since their first
	 * ask, exactly once, plus stages of people who never asked
	 */
	"SELECT (SELECT count(*) FROM (SELECT person_id, min(created_at) AS "
	"at FROM need GROUP BY person_id) a WHERE (SELECT count(*) FROM "
	"person_stage s WHERE s.person_id = a.person_id AND s.stage = "
	"'contact' AND s.why = 'asked' AND s.at = a.at) <> 1) + (SELECT "
	"count(*) FROM person_stage s WHERE NOT EXISTS (SELECT 1 FROM need "
	"n WHERE n.person_id = s.person_id))",
	/* PostgreSQL wants a name on a subquery in FROM; SQLite takes one. */
	/* STMT_PAIRS */
	"SELECT count(*) FROM (SELECT 1 FROM "
	"need GROUP BY zone_id, category) AS pairs",
	/* PostgreSQL: the tables of the schema the connection works in. */
	/* STMT_TABLES */
	"SELECT count(*) "
	"FROM information_schema.tables WHERE table_schema = current_schema()",
};

/* Every row of every table the demo writes, for byte-for-byte compares. */
static const char *const q_all[] = {
	"SELECT * FROM zone ORDER BY id",
	"SELECT * FROM person ORDER BY id",
	"SELECT * FROM need ORDER BY id",
	"SELECT * FROM offer ORDER BY id",
	"SELECT * FROM need_tally ORDER BY status, zone_id, category",
	"SELECT person_id, stage, why, at FROM person_stage "
	"ORDER BY person_id, id",
	"SELECT * FROM target ORDER BY id",
	"SELECT * FROM target_zone ORDER BY target_id, zone_id",
	"SELECT * FROM need_tag ORDER BY need_id, tag",
};

/* Run "solidarity demo --db path [--needs N --zones Z]" in-process. */
static int
demo(const char *path, const char *needs, const char *zones)
{
	char *argv[8];
	int argc = 0;

	argv[argc++] = (char *)"demo";
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)path;
	if (needs != NULL) {
		argv[argc++] = (char *)"--needs";
		argv[argc++] = (char *)needs;
	}
	if (zones != NULL) {
		argv[argc++] = (char *)"--zones";
		argv[argc++] = (char *)zones;
	}
	argv[argc] = NULL;
	/* 0, not 1: glibc then starts getopt afresh for every run. */
	optind = 0;
	fflush(stdout);
	return cmd_demo(argc, argv);
}

/*
 * demo with the workload's --offers and --volunteers, as given, and 90
 * conversations.
 */
static int
demo_matching(const char *path, const char *offers, const char *volunteers)
{
	char *argv[14];
	int argc = 0;

	argv[argc++] = (char *)"demo";
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)path;
	argv[argc++] = (char *)"--conversations";
	argv[argc++] = (char *)"90";
	argv[argc++] = (char *)"--offers";
	argv[argc++] = (char *)offers;
	argv[argc++] = (char *)"--volunteers";
	argv[argc++] = (char *)volunteers;
	argv[argc++] = (char *)"--needs";
	argv[argc++] = (char *)"300";
	argv[argc++] = (char *)"--zones";
	argv[argc++] = (char *)"9";
	argv[argc] = NULL;
	optind = 0;
	fflush(stdout);
	return cmd_demo(argc, argv);
}

/* demo(path) with what it prints caught in out (outlen bytes). */
static int
demo_output(const char *path, char *out, size_t outlen)
{
	FILE *f = tmpfile();
	int saved, rc;
	size_t n;

	if (f == NULL)
		return -1;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(f), STDOUT_FILENO);
	rc = demo(path, NULL, NULL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(f);
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	return rc;
}

static int
word_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/*
 * The number of words of the list in phrase, hyphen-separated, or -1 when
 * any part of it is not one of them.
 */
static int
phrase_words(const char *phrase)
{
	char word[WORDS_MAX_LEN + 1];
	size_t len;
	int n = 0;

	for (;;) {
		len = strcspn(phrase, "-");
		if (len == 0 || len > WORDS_MAX_LEN)
			return -1;
		memcpy(word, phrase, len);
		word[len] = '\0';
		if (bsearch(word, words_eff, WORDS_COUNT, sizeof(words_eff[0]),
			word_cmp) == NULL)
			return -1;
		n++;
		if (phrase[len] == '\0')
			return n;
		phrase += len + 1;
	}
}

/*
 * The word list: sorted (so bsearch may look in it, and no word twice),
 * 3 to 9 lower-case letters each (a hyphen would blur where a word ends).
 */
static void
test_words(void)
{
	char phrase[SECRET_PHRASE_LEN], first[SECRET_PHRASE_LEN];
	size_t i, bad = 0;
	int differ = 0;

	for (i = 0; i < WORDS_COUNT; i++) {
		size_t len = strlen(words_eff[i]);

		if (len < 3 || len > WORDS_MAX_LEN ||
		    strspn(words_eff[i], "abcdefghijklmnopqrstuvwxyz") != len ||
		    (i > 0 && strcmp(words_eff[i - 1], words_eff[i]) >= 0))
			bad++;
	}
	is_int(bad, 0, "%d words, distinct, sorted, 3 to 9 letters a-z",
	    WORDS_COUNT);
	is_int(WORDS_COUNT, 7772, "the EFF's 7,776 less the 4 with a hyphen: "
	    "12.92 bits a word, 64.6 bits in 5");
	secret_phrase(first);
	for (i = 0; i < 200; i++) {
		secret_phrase(phrase);
		if (phrase_words(phrase) != SECRET_PHRASE_WORDS)
			break;
		differ += strcmp(phrase, first) != 0;
	}
	is_int(i, 200, "200 phrases of %d words of the list each",
	    SECRET_PHRASE_WORDS);
	is_int(differ, 200, "none the same as the first (%s)", first);
}

/*
 * The demo's logins: one a role, each printed with a passphrase of five
 * words of the list that signs in as that login, no two the same.
 */
static void
test_logins(struct db *db, const char *out)
{
	static const char *const roles[] = {
		"admin", "coordinator", "organizer", "volunteer",
	};
	char login[64], role[64], pw[4][64];
	const char *line = strstr(out, "\n  ");
	struct viewer v;
	int i;

	for (i = 0; i < 4; i++) {
		pw[i][0] = '\0';
		if (line == NULL || sscanf(line + 1, " %63s %63s password %63s",
					login, role, pw[i]) != 3)
			break;
		line = strstr(line + 1, "\n  ");
		is_str(role, roles[i], "the demo prints login %d, %s", i + 1,
		    role);
		is_int(phrase_words(pw[i]), SECRET_PHRASE_WORDS,
		    "with a password of %d words of the list (%s)",
		    SECRET_PHRASE_WORDS, pw[i]);
		memset(&v, 0, sizeof(v));
		is_int(user_authenticate(db, login, pw[i], &v), 0,
		    "which signs in as %s", login);
		is_int(v.role, role_parse(roles[i]), "with that role");
	}
	is_int(i, 4, "four logins printed");
	ok(strcmp(pw[0], pw[1]) != 0 && strcmp(pw[0], pw[2]) != 0 &&
	    strcmp(pw[0], pw[3]) != 0 && strcmp(pw[1], pw[2]) != 0 &&
	    strcmp(pw[1], pw[3]) != 0 && strcmp(pw[2], pw[3]) != 0,
	    "no two passwords the same");
}

static struct db *
open_db(const char *path)
{
	char *err = NULL;
	struct db *db = db_open(path, &err);

	if (db == NULL) {
		printf("# %s\n", err);
		free(err);
	}
	return db;
}

/*
 * Every reference the demo wrote holds: SQLite's load looks none up as
 * it writes (db_tune_bulk), so the check is here. PostgreSQL checks them
 * all as they are written.
 */
static void
refs_hold(struct db *db, const char *what)
{
	if (db_kind(db) == DB_SQLITE)
		is_int(testdb_int(db,
			   "SELECT count(*) FROM pragma_foreign_key_check"),
		    0, "%s: every reference holds", what);
}

/* need_tally holds, row for row, what counting the asks would give. */
static int
tally_exact(struct db *db)
{
	json_t *a = db_rows(db, stmts[STMT_TALLY], NULL, 0);
	json_t *b = db_rows(db, stmts[STMT_GROUP], NULL, 0);
	int same = a != NULL && b != NULL && json_array_size(a) > 0 &&
	    json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

static int
same_rows(struct db *x, struct db *y, const char *sql)
{
	json_t *a = db_rows(x, sql, NULL, 0);
	json_t *b = db_rows(y, sql, NULL, 0);
	int same = a != NULL && b != NULL && json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

/* A count a database must have: what stmt returns, and what that means. */
struct count {
	enum stmt	 stmt;
	int64_t		 want;
	const char	*what;
};

/* Check each count of the table, ended by a NULL what, on db. */
static void
counts_are(struct db *db, const struct count *c)
{
	for (; c->what != NULL; c++)
		is_int(testdb_int(db, stmts[c->stmt]), c->want, "%s", c->what);
}

static void
test_network(const char *path)
{
	static const struct count network[] = {
		{ STMT_ZONES, 8, "8 zones" },
		{ STMT_NEED_STATES, 4, "asks in every state" },
		{ STMT_OFFER_STATES, 4, "offers in every state" },
		{ STMT_NEED_REASONS, 0,
		    "closed asks and only they have a reason" },
		{ STMT_OFFER_REASONS, 0,
		    "closed offers and only they have a reason" },
		{ STMT_LANGUAGES, 2, "people speak en and es" },
		{ STMT_ZONE_PEOPLE, 0, "people ask in their own zone" },
		{ 0, 0, NULL }
	};
	struct db *db;
	int64_t people;
	char out[4096];

	is_int(demo_output(path, out, sizeof(out)), 0, "demo builds a network");
	db = open_db(path);
	if (!ok(db != NULL, "the demo database opens"))
		return;
	test_logins(db, out);
	is_int(db_kind(db), testdb_is_pg() ? DB_POSTGRES : DB_SQLITE,
	    "on %s", testdb_backend());
	people = testdb_int(db, stmts[STMT_PEOPLE]);
	ok(people >= 180 && people <= 220, "about 200 people (%lld)",
	    (long long)people);
	ok(testdb_int(db, stmts[STMT_NEEDS]) > 100, "asks");
	ok(testdb_int(db, stmts[STMT_OFFERS]) > 50, "offers");
	ok(testdb_int(db, stmts[STMT_SPANISH]) > 0,
	    "Spanish speakers ask in Spanish");
	ok(testdb_int(db, stmts[STMT_ACCENTS]) > 0, "names keep their accents");
	is_int(testdb_int(db, "SELECT count(*) FROM conversation"), 120,
	    "conversations, for /facing");
	ok(testdb_int(db, "SELECT count(*) FROM need WHERE target_id IS NOT "
			  "NULL") > 0,
	    "asks that name a landlord");
	counts_are(db, network);
	ok(tally_exact(db), "need_tally matches the asks row for row");
	refs_hold(db, "the network");
	{
		struct retention_counts c;

		/* Regression: the demo was older than the retention, so the
		 * server's first purge emptied a third of it. */
		ok(retention_purge(db, RETENTION_DAYS_DEFAULT, &c) >= 0,
		    "a purge at the default retention runs");
		ok(c.asks == 0 && c.offers == 0 && c.people == 0,
		    "and leaves the demo whole");
	}
	db_close(db);

	is_int(demo(path, NULL, NULL), 1, "a second run refuses");
	db = open_db(path);
	if (db == NULL)
		return;
	is_int(testdb_int(db, stmts[STMT_PEOPLE]), people, "and adds nothing");
	db_close(db);
}

static void
test_workload(const char *b_path, const char *c_path)
{
	static const struct count workload[] = {
		{ STMT_NEEDS, 2000, "2000 asks" },
		{ STMT_ZONES, 5, "5 zones" },
		{ STMT_PEOPLE, 500, "a person for every four asks" },
		{ STMT_OFFERS, 0, "no offers" },
		{ STMT_PAIRS, 5 * 12, "every zone and category has asks" },
		{ STMT_NEED_REASONS, 0, "closed asks have a reason" },
		{ STMT_ORDER, 0, "created_at rises with the id" },
		{ STMT_ZONE_PEOPLE, 0, "people ask in their own zone" },
		{ STMT_CONTACTS, 0, "every asker a contact since their first "
		    "ask, as the API makes them, and nobody else" },
		{ 0, 0, NULL }
	};
	struct db *b, *c;
	int64_t open;
	size_t i;

	is_int(demo(b_path, "2000", "5"), 0, "the workload builds");
	is_int(demo(c_path, "2000", "5"), 0, "and builds again elsewhere");
	b = open_db(b_path);
	c = open_db(c_path);
	if (!ok(b != NULL && c != NULL, "both databases open")) {
		db_close(b);
		db_close(c);
		return;
	}
	counts_are(b, workload);
	open = testdb_int(b, stmts[STMT_OPEN]);
	ok(open > 700 && open < 900, "about 40%% open (%lld)",
	    (long long)open);
	ok(tally_exact(b), "need_tally matches the asks row for row");
	for (i = 0; i < sizeof(q_all) / sizeof(q_all[0]); i++)
		ok(same_rows(b, c, q_all[i]), "two runs agree: %s", q_all[i]);
	db_close(b);
	db_close(c);
	is_int(demo(b_path, "2000", "5"), 1, "the workload wants an empty "
	    "database too");
}

/*
 * The workload for matching: nine zones on a three by three grid, each
 * adjacent to those beside it, open offers, volunteers in one or two
 * zones, windows on some people and asks.
 */
static void
test_matching(const char *path)
{
	static const char *const q[] = {
		"SELECT count(*) FROM offer WHERE status = 'open'",
		"SELECT count(*) FROM app_user WHERE role = 'volunteer'",
		/* 12 edges of the grid, each stored both ways */
		"SELECT count(*) FROM zone_adjacent",
		"SELECT count(*) FROM zone_adjacent a WHERE NOT EXISTS "
		"(SELECT 1 FROM zone_adjacent b WHERE b.zone_id = a.adjacent_id "
		"AND b.adjacent_id = a.zone_id)",
		"SELECT count(*) FROM app_user u WHERE NOT EXISTS "
		"(SELECT 1 FROM user_zone z WHERE z.user_id = u.id)",
		"SELECT count(*) FROM need WHERE windows IS NOT NULL",
		"SELECT count(*) FROM person WHERE windows IS NOT NULL",
		"SELECT count(*) FROM conversation",
		/* 9 zones: a landlord for every three */
		"SELECT count(*) FROM target",
		"SELECT count(*) FROM conversation c JOIN person p ON "
		"p.id = c.person_id WHERE c.zone_id <> p.zone_id",
		"SELECT count(*) FROM conversation c WHERE NOT EXISTS (SELECT 1 "
		"FROM conversation_tag g WHERE g.conversation_id = c.id)",
		/* an ask names its own zone's landlord, or none */
		"SELECT count(*) FROM need n WHERE n.target_id IS NOT NULL AND "
		"NOT EXISTS (SELECT 1 FROM target_zone tz WHERE tz.zone_id = "
		"n.zone_id AND tz.target_id = n.target_id)",
		"SELECT count(*) FROM need WHERE target_id IS NOT NULL",
	};
	struct db *db;

	is_int(demo_matching(path, "400", "30"), 0, "the workload for "
	    "matching builds");
	if ((db = open_db(path)) == NULL)
		return;
	is_int(testdb_int(db, q[0]), 400, "400 open offers");
	is_int(testdb_int(db, q[1]), 30, "30 volunteers");
	is_int(testdb_int(db, q[2]), 24, "the grid's neighbours, both ways");
	is_int(testdb_int(db, q[3]), 0, "adjacency is symmetric");
	is_int(testdb_int(db, q[4]), 0, "every volunteer works in a zone");
	is_int(testdb_int(db, q[5]), 200, "two asks in three have windows");
	ok(testdb_int(db, q[6]) > 0, "and some people");
	is_int(testdb_int(db, q[7]), 90, "--conversations 90: 90 of them");
	is_int(testdb_int(db, q[8]), 3, "a landlord for every three zones");
	is_int(testdb_int(db, q[9]), 0, "each in its person's zone");
	is_int(testdb_int(db, q[10]), 0, "each with a problem named");
	is_int(testdb_int(db, q[11]), 0, "asks name their zone's landlord");
	is_int(testdb_int(db, q[12]), 120, "two asks in five name one");
	refs_hold(db, "the workload for matching");
	db_close(db);
}

/*
 * --people: 500 people and their year, for /figures and /tasks: a free
 * store in each zone held weekly, visits to their own zone's only, the
 * first a guest's; shifts within their places; deliveries of the asks
 * met; a stage for everyone who did something; follow-ups in every
 * zone, each about someone of it.
 */
static void
test_history(const char *path)
{
	static const char *const q[] = {
		"SELECT count(*) FROM person",
		"SELECT count(*) FROM program_session",
		"SELECT count(*) FROM attendance",
		"SELECT count(*) FROM attendance a JOIN program_session s ON "
		"s.id = a.session_id JOIN program g ON g.id = s.program_id "
		"JOIN person p ON p.id = a.person_id WHERE g.zone_id <> "
		"p.zone_id",
		"SELECT count(*) FROM shift WHERE taken > needed OR taken <> "
		"(SELECT count(*) FROM shift_signup g WHERE g.shift_id = "
		"shift.id)",
		"SELECT count(*) FROM need n WHERE n.status = 'fulfilled' AND "
		"NOT EXISTS (SELECT 1 FROM delivery d WHERE d.need_id = n.id)",
		"SELECT count(DISTINCT stage) FROM person_stage",
		"SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM "
		"person_stage s WHERE s.person_id = p.id) AND (EXISTS (SELECT 1 "
		"FROM need n WHERE n.person_id = p.id) OR EXISTS (SELECT 1 FROM "
		"attendance a WHERE a.person_id = p.id))",
		"SELECT count(DISTINCT zone_id) FROM task",
		"SELECT count(*) FROM task t JOIN person p ON p.id = t.person_id "
		"WHERE t.zone_id <> p.zone_id",
		"SELECT count(*) FROM event_attendance",
		"SELECT count(*) FROM person_membership WHERE status = 'joined'",
		"SELECT count(DISTINCT person_id) FROM figures_mutual",
	};
	char *argv[] = { "demo", "--db", (char *)path, "--needs", "300",
		"--zones", "9", "--volunteers", "30", "--people", "500", NULL };
	struct db *db;

	optind = 0;
	fflush(stdout);
	is_int(cmd_demo(11, argv), 0, "the workload with --people builds");
	if ((db = open_db(path)) == NULL)
		return;
	is_int(testdb_int(db, q[0]), 500, "--people 500: 500 people");
	is_int(testdb_int(db, q[1]), 9 * 52, "9 free stores, weekly");
	ok(testdb_int(db, q[2]) > 1000, "visits, some 3.5 a person");
	is_int(testdb_int(db, q[3]), 0, "each to the person's own zone's");
	is_int(testdb_int(db, q[4]), 0, "shifts hold their sign-ups");
	is_int(testdb_int(db, q[5]), 0, "every ask met was delivered");
	is_int(testdb_int(db, q[6]), 4, "contacts to organizers");
	is_int(testdb_int(db, q[7]), 0, "everyone who did something has one");
	is_int(testdb_int(db, q[8]), 9, "follow-ups in every zone");
	is_int(testdb_int(db, q[9]), 0, "for their zone");
	ok(testdb_int(db, q[10]) > 0, "people at events");
	ok(testdb_int(db, q[11]) > 0, "members");
	ok(testdb_int(db, q[12]) > 400, "most people in the summary");
	refs_hold(db, "the workload with --people");
	db_close(db);
}

/* Whether the demo left a database at path: a file, or tables in a schema. */
static int
db_made(const char *path)
{
	struct db *db;
	int64_t n;

	if (!testdb_is_pg())
		return access(path, F_OK) == 0;
	if ((db = open_db(path)) == NULL)
		return -1;
	n = testdb_int(db, stmts[STMT_TABLES]);
	db_close(db);
	return n == 0 ? 0 : 1;
}

static void
test_usage(const char *path)
{
	is_int(demo(path, "10", NULL), 2, "--needs without --zones");
	is_int(demo(path, NULL, "3"), 2, "--zones without --needs");
	is_int(demo(path, "abc", "5"), 2, "a --needs that is no number");
	is_int(demo(path, "10", "5x"), 2, "a --zones with junk");
	is_int(demo(path, "0", "5"), 2, "--needs 0");
	optind = 0;
	is_int(cmd_demo(5, (char *[]){ "demo", "--db", (char *)path,
			       "--offers", "10", NULL }),
	    2, "--offers without the workload");
	optind = 0;
	is_int(cmd_demo(5, (char *[]){ "demo", "--db", (char *)path,
			       "--people", "10", NULL }),
	    2, "--people without the workload");
	is_int(db_made(path), 0, "bad usage creates no database");
}

/* A SQLite database's file and the two beside it; nothing on PostgreSQL. */
static void
remove_db(const struct testdb *t)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	struct buf path = BUF_INIT;
	size_t i;

	if (testdb_is_pg())
		return;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", t->url, suffixes[i]);
		unlink(path.ptr);
	}
	buf_free(&path);
}

int
main(void)
{
	static const char *const names[] = {
		"network", "workload1", "workload2", "unused", "matching",
		"history"
	};
	char dir[] = "/tmp/solidarity-demo-XXXXXX";
	struct testdb t[sizeof(names) / sizeof(names[0])];
	size_t i;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		testdb_make(&t[i], dir, names[i]);

	test_words();
	test_network(t[0].url);
	test_workload(t[1].url, t[2].url);
	test_usage(t[3].url);
	test_matching(t[4].url);
	test_history(t[5].url);

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		remove_db(&t[i]);
		testdb_drop(&t[i]);
	}
	rmdir(dir);
	return tap_done();
}
