/* The bulletin: issues composed from the records, edited, published, texted. */
#include <string.h>
#include <time.h>

#include "bulletin.h"
#include "fund.h"
#include "input.h"
#include "sms.h"
#include "tx.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_LAST_TO,
	STMT_FIRST_DAY,
	STMT_WINS,
	STMT_ACTIONS,
	STMT_SESSIONS,
	STMT_JOINED,
	STMT_FIRST_STEPS,
	STMT_INSERT,
	STMT_FIND,
	STMT_STATUS,
	STMT_LIST,
	STMT_UPDATE,
	STMT_PUBLISH,
	STMT_DELETE,
	STMT_GATEWAY,
	STMT_READERS,
	STMT_SMS_DONE,
	STMT_LOCK,
	STMT__MAX,
};

/*
 * The records of a period are those written in it (created_at), whatever
 * date they carry: an action planned ahead, or a win recorded late, is
 * news in the issue after it was recorded, and in no other.
 */
static const char *const stmts[STMT__MAX] = {
	/* STMT_LAST_TO: where the next issue's period starts */
	"SELECT period_to FROM bulletin WHERE status = 'published' "
	"ORDER BY period_to DESC, id DESC LIMIT 1",
	/* STMT_FIRST_DAY: the network's, when its first login was made */
	"SELECT substr(min(created_at), 1, 10) AS day FROM app_user",
	/* STMT_WINS: the campaign's demand, never what the outcome says */
	"SELECT c.demand, o.at, o.amount_cents FROM campaign_outcome o "
	"JOIN campaign c ON c.id = o.campaign_id WHERE o.result = 'won' AND "
	"o.created_at >= ? AND o.created_at < ? ORDER BY o.at, o.id",
	/* STMT_ACTIONS: how many came, never who, nor the notes */
	"SELECT a.kind, a.at, a.place, c.demand, (SELECT count(*) FROM "
	"action_person ap WHERE ap.action_id = a.id AND ap.attended = 1) AS "
	"came FROM campaign_action a JOIN campaign c ON c.id = "
	"a.campaign_id WHERE a.created_at >= ? AND a.created_at < ? "
	"ORDER BY a.at, a.id",
	/* STMT_SESSIONS: the days to come (local dates), where: the zone */
	"SELECT p.name, s.day, s.start_time, z.name AS zone_name FROM "
	"program_session s JOIN program p ON p.id = s.program_id LEFT JOIN "
	"zone z ON z.id = p.zone_id WHERE s.status = 'scheduled' AND "
	"s.day >= ? AND s.day < ? ORDER BY s.day, s.start_time, s.id",
	/* STMT_JOINED: as GET /figures counts members, in the period */
	"SELECT count(DISTINCT person_id) FROM person_membership WHERE "
	"status = 'joined' AND at >= ? AND at < ?",
	/* STMT_FIRST_STEPS: the first row of a person's ladder history */
	"SELECT count(*) FROM person_stage s WHERE s.at >= ? AND s.at < ? "
	"AND NOT EXISTS (SELECT 1 FROM person_stage b WHERE b.person_id = "
	"s.person_id AND b.id < s.id)",
	/* STMT_INSERT */
	"INSERT INTO bulletin (title, language, status, public, period_from, "
	"period_to, wins, actions, sessions, funds, members, wins_count, "
	"actions_count, sessions_count, members_count, created_at, "
	"updated_at) VALUES (?, ?, 'draft', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?) RETURNING id",
	/* STMT_FIND */
	"SELECT b.id, b.number, b.title, b.language, b.status, b.public, "
	"b.period_from, b.period_to, b.wins, b.actions, b.sessions, b.funds, "
	"b.members, b.wins_count, b.actions_count, b.sessions_count, "
	"b.members_count, b.created_at, b.updated_at, b.published_at, "
	"u.login AS published_by, b.sms_at, b.sms_queued FROM bulletin b "
	"LEFT JOIN app_user u ON u.id = b.published_by WHERE b.id = ?",
	/* STMT_STATUS: locked, for what a write does to a draft */
	"SELECT status, sms_at FROM bulletin WHERE id = ? FOR NO KEY UPDATE",
	/*
	 * STMT_LIST: drafts first, then the published, newest first; what
	 * the reader may see (two flags: drafts, issues that are not
	 * public).
	 */
	"SELECT id, number, title, status, public, period_from, period_to, "
	"published_at FROM bulletin WHERE (status = 'published' OR "
	"CAST(? AS INTEGER) = 1) AND (public = 1 OR CAST(? AS INTEGER) = 1) "
	"ORDER BY CASE WHEN status = 'draft' THEN 0 ELSE 1 END, number DESC, "
	"id DESC LIMIT 500",
	/* STMT_UPDATE: a draft only, whatever was read before */
	"UPDATE bulletin SET title = ?, wins = ?, actions = ?, sessions = ?, "
	"funds = ?, members = ?, updated_at = ? WHERE id = ? AND "
	"status = 'draft'",
	/*
	 * STMT_PUBLISH: the next number, after STMT_LOCK; the unique index
	 * would refuse a second all the same.
	 */
	"UPDATE bulletin SET status = 'published', number = (SELECT "
	"coalesce(max(number), 0) + 1 FROM bulletin), public = ?, "
	"published_at = ?, published_by = ?, updated_at = ? WHERE id = ? AND "
	"status = 'draft'",
	/* STMT_DELETE */
	"DELETE FROM bulletin WHERE id = ? AND status = 'draft'",
	/* STMT_GATEWAY: the first, as a reply goes by the one it came in */
	"SELECT id FROM sms_gateway ORDER BY id LIMIT 1",
	/* STMT_READERS: who asked for the digest and can be texted */
	"SELECT id, phone, language FROM person WHERE bulletin_sms_at IS NOT "
	"NULL AND phone IS NOT NULL AND forgotten_at IS NULL ORDER BY id",
	/* STMT_SMS_DONE: once */
	"UPDATE bulletin SET sms_at = ?, sms_queued = ? WHERE id = ? AND "
	"status = 'published' AND sms_at IS NULL",
	/*
	 * STMT_LOCK: the issue numbered last, so that the next number is
	 * taken in turn; the first has none to lock, and the unique index
	 * bulletin_number refuses a second 1.
	 */
	"SELECT id FROM bulletin WHERE number IS NOT NULL ORDER BY number DESC "
	"LIMIT 1 FOR NO KEY UPDATE",
};

/*
 * The sections, in the order an issue shows them: bulletin_key's after
 * the title, each a column.
 */
static const char *const bulletin_sections[] = {
	"wins",
	"actions",
	"sessions",
	"funds",
	"members",
	NULL,
};

/* The index of a section's text among them, from its field's key. */
#define SECTION(key)       ((key)-BULLETIN_WINS)
#define BULLETIN_NSECTIONS SECTION(BULLETIN__MAX)
/* The longest text a section may hold, in characters. */
#define BULLETIN_TEXT_MAX 4000

const struct field bulletin_fields[BULLETIN__MAX + 1] = {
	[BULLETIN_TITLE] = { "title", FIELD_LINE, FIELD_REQUIRED, 1, 120,
	    NULL },
	[BULLETIN_WINS] = { "wins", FIELD_TEXT, 0, 0, BULLETIN_TEXT_MAX, NULL },
	[BULLETIN_ACTIONS] = { "actions", FIELD_TEXT, 0, 0, BULLETIN_TEXT_MAX,
	    NULL },
	[BULLETIN_SESSIONS] = { "sessions", FIELD_TEXT, 0, 0, BULLETIN_TEXT_MAX,
	    NULL },
	[BULLETIN_FUNDS] = { "funds", FIELD_TEXT, 0, 0, BULLETIN_TEXT_MAX,
	    NULL },
	[BULLETIN_MEMBERS] = { "members", FIELD_TEXT, 0, 0, BULLETIN_TEXT_MAX,
	    NULL },
	[BULLETIN__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field bulletin_new_fields[BULLETIN_NEW__MAX + 1] = {
	[BULLETIN_NEW_TITLE] = { "title", FIELD_LINE, FIELD_REQUIRED, 1, 120,
	    NULL },
	[BULLETIN_NEW__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

const struct field bulletin_publish_fields[BULLETIN_PUBLISH__MAX + 1] = {
	[BULLETIN_PUBLISH_PUBLIC] = { "public", FIELD_BOOL, 0, 0, 0, NULL },
	[BULLETIN_PUBLISH__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* What composing gathers: each section's text, and the four counts. */
struct bulletin_draft {
	const char *lang;
	const char *from, *to; /* the period, ISO times */
	struct buf text[BULLETIN_NSECTIONS];
	int64_t wins, actions, sessions, members;
};

/* The text of key in row, or "" when it has none. */
static const char *
bulletin_str(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s != NULL ? s : "";
}

/* "and N more" after a list cut at BULLETIN_LINES_MAX lines. */
static void
bulletin_more(struct buf *b, const char *lang, size_t n)
{
	if (n <= BULLETIN_LINES_MAX)
		return;
	buf_addc(b, '\n');
	i18n_format(b, lang, "bulletin_more",
	    (int64_t)(n - BULLETIN_LINES_MAX));
}

/* Write one row of a section's query as its line of b. */
typedef void (*bulletin_writer)(struct buf *b, const char *lang, json_t *row);

/*
 * Section k of d: a line per row of the statement s over lo..hi, at most
 * BULLETIN_LINES_MAX of them and how many more; the rows counted into
 * *n. 0, or -1 on a database error.
 */
static int
bulletin_section(struct db *db, struct bulletin_draft *d, int k, enum stmt s,
    const char *lo, const char *hi, bulletin_writer line, int64_t *n)
{
	struct db_val args[2] = { DBV_TEXT(lo), DBV_TEXT(hi) };
	json_t *rows = db_rows(db, stmts[s], args, 2);
	size_t i, all;

	if (rows == NULL)
		return -1;
	all = json_array_size(rows);
	for (i = 0; i < all && i < BULLETIN_LINES_MAX; i++) {
		if (i > 0)
			buf_addc(&d->text[k], '\n');
		line(&d->text[k], d->lang, json_array_get(rows, i));
	}
	*n = (int64_t)all;
	bulletin_more(&d->text[k], d->lang, all);
	json_decref(rows);
	return 0;
}

/* A campaign win: the demand, the date, and the money won when it is. */
static void
bulletin_win(struct buf *b, const char *lang, json_t *row)
{
	json_t *cents = json_object_get(row, "amount_cents");
	char money[40];

	(void)lang;
	buf_printf(b, "%s — %s", bulletin_str(row, "demand"),
	    bulletin_str(row, "at"));
	if (json_is_integer(cents)) {
		fund_format(json_integer_value(cents), 2, money, sizeof(money));
		buf_printf(b, " · %s", money);
	}
}

/* An action: kind, campaign, date, place, how many came. */
static void
bulletin_action(struct buf *b, const char *lang, json_t *row)
{
	int64_t came = json_integer_value(json_object_get(row, "came"));
	char kind[64];

	snprintf(kind, sizeof(kind), "action_kind_%s",
	    bulletin_str(row, "kind"));
	buf_printf(b, "%s: %s — %s", i18n_get(lang, kind),
	    bulletin_str(row, "demand"), bulletin_str(row, "at"));
	if (*bulletin_str(row, "place") != '\0')
		buf_printf(b, ", %s", bulletin_str(row, "place"));
	if (came > 0) {
		buf_adds(b, " · ");
		i18n_format(b, lang, "bulletin_came", came);
	}
}

/* A program's session to come: program, day, time, zone. */
static void
bulletin_session(struct buf *b, const char *lang, json_t *row)
{
	(void)lang;
	buf_printf(b, "%s — %s %s", bulletin_str(row, "name"),
	    bulletin_str(row, "day"), bulletin_str(row, "start_time"));
	if (*bulletin_str(row, "zone_name") != '\0')
		buf_printf(b, ", %s", bulletin_str(row, "zone_name"));
}

/* The wins and actions of the period, the sessions of the days to come. */
static int
bulletin_records(struct db *db, struct bulletin_draft *d)
{
	char today[CIVIL_DATE_LEN], until[CIVIL_DATE_LEN];

	civil_today(time(NULL), today);
	civil_add_days(today, BULLETIN_AHEAD_DAYS, until);
	if (bulletin_section(db, d, SECTION(BULLETIN_WINS), STMT_WINS, d->from,
		d->to, bulletin_win, &d->wins) == -1 ||
	    bulletin_section(db, d, SECTION(BULLETIN_ACTIONS), STMT_ACTIONS,
		d->from, d->to, bulletin_action, &d->actions) == -1)
		return -1;
	return bulletin_section(db, d, SECTION(BULLETIN_SESSIONS),
	    STMT_SESSIONS, today, until, bulletin_session, &d->sessions);
}

/* One fund's line, from its statement of the period (no names in it). */
static void
bulletin_fund_line(struct bulletin_draft *d, json_t *st)
{
	struct buf *b = &d->text[SECTION(BULLETIN_FUNDS)];
	json_t *fund = json_object_get(st, "fund");
	const char *cur = bulletin_str(fund, "currency");
	int exp = fund_exponent(cur);
	char in[40], out[40];

	fund_format(json_integer_value(json_object_get(st, "in_minor")), exp,
	    in, sizeof(in));
	fund_format(json_integer_value(json_object_get(st, "out_minor")), exp,
	    out, sizeof(out));
	if (b->len > 0)
		buf_addc(b, '\n');
	buf_printf(b, "%s — %s %s %s · %s %s %s", bulletin_str(fund, "name"),
	    i18n_get(d->lang, "fund_total_in"), in, cur,
	    i18n_get(d->lang, "fund_total_out"), out, cur);
}

/*
 * Each fund that moved in the period, by its statement of the period:
 * read as a coordinator would (a private fund's totals too; the draft is
 * theirs to cut before it goes out).
 */
static int
bulletin_funds(struct db *db, struct bulletin_draft *d, struct problem *p)
{
	const struct viewer coordinator = { .role = ROLE_COORDINATOR };
	json_t *list = NULL, *row, *st;
	size_t i, n = 0;

	if (fund_list(db, &list, p) == -1)
		return -1;
	json_array_foreach (json_object_get(list, "items"), i, row) {
		if (fund_statement(db, &coordinator,
			json_integer_value(json_object_get(row, "id")), d->from,
			d->to, &st, p) == -1) {
			json_decref(list);
			return -1;
		}
		if (json_integer_value(json_object_get(st, "in_minor")) != 0 ||
		    json_integer_value(json_object_get(st, "out_minor")) != 0) {
			if (n < BULLETIN_LINES_MAX)
				bulletin_fund_line(d, st);
			n++;
		}
		json_decref(st);
	}
	bulletin_more(&d->text[SECTION(BULLETIN_FUNDS)], d->lang, n);
	json_decref(list);
	return 0;
}

/* How many joined, and how many first stepped on the ladder. */
static int
bulletin_members(struct db *db, struct bulletin_draft *d)
{
	struct buf *b = &d->text[SECTION(BULLETIN_MEMBERS)];
	struct db_val args[2] = { DBV_TEXT(d->from), DBV_TEXT(d->to) };
	int64_t firsts = 0;

	if (db_int(db, stmts[STMT_JOINED], args, 2, &d->members) == -1 ||
	    db_int(db, stmts[STMT_FIRST_STEPS], args, 2, &firsts) == -1)
		return -1;
	i18n_format(b, d->lang, "bulletin_members_joined", d->members);
	if (firsts > 0) {
		buf_addc(b, '\n');
		i18n_format(b, d->lang, "bulletin_members_new", firsts);
	}
	return 0;
}

/*
 * The start of the next issue's period into from: the end of the last
 * published one's, else the network's first day. 0, or -1.
 */
static int
bulletin_from(struct db *db, char from[CLOCK_ISO_LEN], const char *now)
{
	json_t *rows = db_rows(db, stmts[STMT_LAST_TO], NULL, 0);
	const char *s;

	if (rows == NULL)
		return -1;
	s = bulletin_str(json_array_get(rows, 0), "period_to");
	if (*s != '\0') {
		snprintf(from, CLOCK_ISO_LEN, "%s", s);
		json_decref(rows);
		return 0;
	}
	json_decref(rows);
	rows = db_rows(db, stmts[STMT_FIRST_DAY], NULL, 0);
	if (rows == NULL)
		return -1;
	s = bulletin_str(json_array_get(rows, 0), "day");
	/* A database with no login yet: its first day is today. */
	snprintf(from, CLOCK_ISO_LEN, "%.10sT00:00:00Z", *s != '\0' ? s : now);
	json_decref(rows);
	return 0;
}

/* Write d as a new draft titled title: its id, or -1. */
static int64_t
bulletin_insert(struct db *db, struct bulletin_draft *d, const char *title)
{
	struct db_val args[15];
	char now[CLOCK_ISO_LEN];
	int64_t id;
	int k;

	clock_now(now);
	args[0] = DBV_TEXT(title);
	args[1] = DBV_TEXT(d->lang);
	args[2] = DBV_TEXT(d->from);
	args[3] = DBV_TEXT(d->to);
	for (k = 0; k < BULLETIN_NSECTIONS; k++)
		args[4 + k] = DBV_TEXT(
		    d->text[k].len > 0 ? d->text[k].ptr : "");
	args[9] = DBV_INT(d->wins);
	args[10] = DBV_INT(d->actions);
	args[11] = DBV_INT(d->sessions);
	args[12] = DBV_INT(d->members);
	args[13] = DBV_TEXT(now);
	args[14] = DBV_TEXT(now);
	return db_int(db, stmts[STMT_INSERT], args, 15, &id) == 1 ? id : -1;
}

int
bulletin_compose(struct db *db, json_t *in, const char *lang, json_t **out,
    struct problem *p)
{
	const struct viewer reader = { .role = ROLE_COORDINATOR };
	struct bulletin_draft d = { 0 };
	char from[CLOCK_ISO_LEN], to[CLOCK_ISO_LEN];
	int64_t id = -1;
	int k, rc = -1;

	*out = NULL;
	clock_now(to);
	d.lang = i18n_lang(lang);
	d.from = from;
	d.to = to;
	if (bulletin_from(db, from, to) == -1 ||
	    bulletin_records(db, &d) == -1) {
		tx_problem(db, p);
		goto out;
	}
	if (bulletin_funds(db, &d, p) == -1)
		goto out;
	if (bulletin_members(db, &d) == -1) {
		tx_problem(db, p);
		goto out;
	}
	id = bulletin_insert(db, &d,
	    input_text(in, bulletin_new_fields, BULLETIN_NEW_TITLE));
	if (id == -1)
		tx_problem(db, p);
	else
		rc = bulletin_find(db, &reader, id, out, p);
out:
	for (k = 0; k < BULLETIN_NSECTIONS; k++)
		buf_free(&d.text[k]);
	return rc;
}

/*
 * The row of STMT_FIND as an issue: its sections as a list, its counts
 * as one object, its flag a boolean; published_by only for who may see
 * the logins.
 */
static void
bulletin_shape(json_t *row, const struct viewer *v)
{
	static const char *const counts[] = { "wins", "actions", "sessions",
		"members" };
	char key[32];
	json_t *sections = json_array(), *c = json_object();
	size_t k;

	for (k = 0; bulletin_sections[k] != NULL; k++) {
		json_array_append_new(sections,
		    json_pack("{s:s, s:O}", "key", bulletin_sections[k], "text",
			json_object_get(row, bulletin_sections[k])));
		json_object_del(row, bulletin_sections[k]);
	}
	for (k = 0; k < 4; k++) {
		snprintf(key, sizeof(key), "%s_count", counts[k]);
		json_object_set(c, counts[k], json_object_get(row, key));
		json_object_del(row, key);
	}
	json_object_set_new(row, "sections", sections);
	json_object_set_new(row, "counts", c);
	json_object_set_new(row, "public",
	    json_boolean(json_integer_value(json_object_get(row, "public"))));
	if (v->role < ROLE_ORGANIZER)
		json_object_del(row, "published_by");
}

/* Whether v may read an issue of status and public flag. */
static int
bulletin_readable(const struct viewer *v, const char *status, int public)
{
	if (v->role >= ROLE_ORGANIZER)
		return 1;
	if (strcmp(status, "published") != 0)
		return 0;
	return public || v->role >= ROLE_VOLUNTEER;
}

int
bulletin_find(struct db *db, const struct viewer *v, int64_t id, json_t **out,
    struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (tx_row(db, stmts[STMT_FIND], &arg, 1, out, "err_no_bulletin", p) ==
	    -1)
		return -1;
	if (!bulletin_readable(v, bulletin_str(*out, "status"),
		json_integer_value(json_object_get(*out, "public")) != 0)) {
		json_decref(*out);
		*out = NULL;
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_bulletin",
		    NULL, 0);
	}
	bulletin_shape(*out, v);
	return 0;
}

int
bulletin_list(struct db *db, const struct viewer *v, json_t **out,
    struct problem *p)
{
	struct db_val args[2] = { DBV_INT(v->role >= ROLE_ORGANIZER),
		DBV_INT(v->role >= ROLE_VOLUNTEER) };
	json_t *rows = db_rows(db, stmts[STMT_LIST], args, 2), *row;
	size_t i;

	*out = NULL;
	if (rows == NULL)
		return tx_problem(db, p);
	json_array_foreach (rows, i, row)
		json_object_set_new(row, "public",
		    json_boolean(
			json_integer_value(json_object_get(row, "public"))));
	*out = json_pack("{s:o, s:I}", "items", rows, "total",
	    (json_int_t)json_array_size(rows));
	return 0;
}

/*
 * The status of issue id into *row ({status, sms_at}): 404, and 409
 * naming field with code when it is published and must not be. 0 or -1.
 */
static int
bulletin_draft_only(struct db *db, int64_t id, const char *code,
    const char *field, struct problem *p)
{
	struct db_val arg = DBV_INT(id);
	json_t *row = NULL;
	int published;

	if (tx_row(db, stmts[STMT_STATUS], &arg, 1, &row, "err_no_bulletin",
		p) == -1)
		return -1;
	published = strcmp(bulletin_str(row, "status"), "published") == 0;
	json_decref(row);
	return published ? problem_set(p, PROBLEM_CONFLICT, code, field, 0) : 0;
}

int
bulletin_update(struct db *db, const struct viewer *v, int64_t id, json_t *in,
    struct audit_note *note, json_t **out, struct problem *p)
{
	struct db_val args[BULLETIN__MAX + 2];
	char now[CLOCK_ISO_LEN];
	json_t *cur = NULL, *before, *row;
	size_t i;
	int k, rc;

	*out = NULL;
	if (bulletin_draft_only(db, id, "err_bulletin_published", NULL, p) ==
		-1 ||
	    bulletin_find(db, v, id, &cur, p) == -1)
		return -1;
	json_array_foreach (json_object_get(cur, "sections"), i, row)
		json_object_set(cur, bulletin_str(row, "key"),
		    json_object_get(row, "text"));
	before = input_values(cur, bulletin_fields, NULL);
	audit_note_fields(note, bulletin_fields, before, in);
	json_decref(before);
	json_object_update(cur, in);
	for (k = 0; k < BULLETIN__MAX; k++) {
		args[k] = input_val(cur, bulletin_fields, k);
		/* A section emptied is kept as no text. */
		if (args[k].type == DB_NULL)
			args[k] = DBV_TEXT("");
	}
	clock_now(now);
	args[BULLETIN__MAX] = DBV_TEXT(now);
	args[BULLETIN__MAX + 1] = DBV_INT(id);
	/* The texts bound are cur's: it goes once the update is done. */
	rc = db_exec(db, stmts[STMT_UPDATE], args, BULLETIN__MAX + 2);
	json_decref(cur);
	if (rc == -1)
		return tx_problem(db, p);
	return bulletin_find(db, v, id, out, p);
}

int
bulletin_publish(struct db *db, const struct viewer *v, int64_t id, json_t *in,
    json_t **out, struct problem *p)
{
	struct db_val args[5];
	char now[CLOCK_ISO_LEN];
	int64_t last;

	*out = NULL;
	if (bulletin_draft_only(db, id, "err_bulletin_published", "status",
		p) == -1)
		return -1;
	if (db_int(db, stmts[STMT_LOCK], NULL, 0, &last) == -1)
		return tx_problem(db, p);
	clock_now(now);
	args[0] = DBV_INT(json_is_true(
	    input_get(in, bulletin_publish_fields, BULLETIN_PUBLISH_PUBLIC)));
	args[1] = DBV_TEXT(now);
	args[2] = v->user_id > 0 ? DBV_INT(v->user_id) : DBV_NULL;
	args[3] = DBV_TEXT(now);
	args[4] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_PUBLISH], args, 5) != 1)
		return tx_problem(db, p);
	return bulletin_find(db, v, id, out, p);
}

int
bulletin_delete(struct db *db, int64_t id, struct problem *p)
{
	struct db_val arg = DBV_INT(id);

	if (bulletin_draft_only(db, id, "err_bulletin_published", NULL, p) ==
	    -1)
		return -1;
	return db_exec(db, stmts[STMT_DELETE], &arg, 1) == 1
	    ? 0
	    : tx_problem(db, p);
}

/*
 * The digest of issue (as bulletin_find gives it) in lang, into out (at
 * least BULLETIN_SMS_MAX * 4 + 1 bytes: UTF-8): its number and title,
 * its four counts, and how to stop the texts. It holds no more than
 * BULLETIN_SMS_MAX characters because its parts cannot: a title of at
 * most 120, and the catalogs' words about four counts (test_bulletin
 * checks both languages with the longest title).
 */
static void
bulletin_digest(json_t *issue, const char *lang, char *out, size_t len)
{
	static const char *const ids[] = { "bulletin_sms_wins",
		"bulletin_sms_actions", "bulletin_sms_sessions",
		"bulletin_sms_members" };
	static const char *const keys[] = { "wins", "actions", "sessions",
		"members" };
	json_t *counts = json_object_get(issue, "counts");
	struct buf b = BUF_INIT;
	size_t k;

	i18n_format(&b, lang, "bulletin_sms_head",
	    json_integer_value(json_object_get(issue, "number")));
	buf_printf(&b, ": %s. ", bulletin_str(issue, "title"));
	for (k = 0; k < 4; k++) {
		if (k > 0)
			buf_adds(&b, ", ");
		i18n_format(&b, lang, ids[k],
		    json_integer_value(json_object_get(counts, keys[k])));
	}
	buf_printf(&b, ". %s", i18n_get(lang, "bulletin_sms_stop"));
	snprintf(out, len, "%s", b.ptr);
	buf_free(&b);
}

/* The first gateway's id into *gw: 409 when there is none. 0 or -1. */
static int
bulletin_gateway(struct db *db, int64_t *gw, struct problem *p)
{
	int rc = db_int(db, stmts[STMT_GATEWAY], NULL, 0, gw);

	if (rc == -1)
		return tx_problem(db, p);
	return rc == 0 ? problem_set(p, PROBLEM_CONFLICT,
			     "err_bulletin_no_gateway", NULL, 0)
		       : 0;
}

/* Queue issue's digest to each reader through gw: how many, or -1. */
static int64_t
bulletin_send(struct db *db, json_t *issue, int64_t gw)
{
	json_t *readers = db_rows(db, stmts[STMT_READERS], NULL, 0), *r;
	char body[BULLETIN_SMS_MAX * 4 + 1];
	const char *lang;
	int64_t queued = 0;
	size_t i;
	int rc = 0;

	if (readers == NULL)
		return -1;
	json_array_foreach (readers, i, r) {
		lang = bulletin_str(r, "language");
		if (strcmp(i18n_lang(lang), lang) != 0)
			lang = bulletin_str(issue, "language");
		bulletin_digest(issue, lang, body, sizeof(body));
		rc = sms_queue(db, gw, bulletin_str(r, "phone"), body,
		    json_integer_value(json_object_get(r, "id")), 0);
		if (rc == -1)
			break;
		queued += rc;
	}
	json_decref(readers);
	return rc == -1 ? -1 : queued;
}

int
bulletin_sms(struct db *db, const struct viewer *v, int64_t id, json_t **out,
    struct problem *p)
{
	struct db_val args[3];
	char now[CLOCK_ISO_LEN];
	json_t *issue = NULL;
	int64_t gw, queued;

	*out = NULL;
	if (bulletin_find(db, v, id, &issue, p) == -1)
		return -1;
	if (strcmp(bulletin_str(issue, "status"), "published") != 0)
		problem_set(p, PROBLEM_CONFLICT, "err_bulletin_draft", NULL, 0);
	else if (json_is_string(json_object_get(issue, "sms_at")))
		problem_set(p, PROBLEM_CONFLICT, "err_bulletin_sms_sent", NULL,
		    0);
	if (p->kind != PROBLEM_NONE || bulletin_gateway(db, &gw, p) == -1) {
		json_decref(issue);
		return -1;
	}
	queued = bulletin_send(db, issue, gw);
	json_decref(issue);
	if (queued == -1)
		return tx_problem(db, p);
	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_INT(queued);
	args[2] = DBV_INT(id);
	if (db_exec(db, stmts[STMT_SMS_DONE], args, 3) != 1)
		return tx_problem(db, p);
	return bulletin_find(db, v, id, out, p);
}
