/*
 * Texts: the conversation by SMS that makes an ask, the history of an
 * ask by text, the outbox and its sender.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sms.h"
#include "input.h"
#include "listing.h"
#include "need.h"
#include "person.h"
#include "sms_gateway.h"
#include "tx.h"
#include "render/i18n.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/phone.h"
#include "util/utf8.h"
#include "util/banned.h"

/* How long a sender holds a text it is posting: past the post's timeout. */
#define SMS_LEASE_SECONDS (4 * SMS_GATEWAY_TIMEOUT)
/* Texts one round of the sender takes. */
#define SMS_DELIVER_BATCH 20
/* The longest reply word we look for ("UNSUBSCRIBE"), and some. */
#define SMS_WORD_MAX 16

enum stmt {
	STMT_LOG_IN,
	STMT_QUEUE,
	STMT_OPTED_OUT,
	STMT_OPT_OUT,
	STMT_OPT_IN,
	STMT_CANCEL,
	STMT_THREAD,
	STMT_THREAD_NEW,
	STMT_THREAD_LANG,
	STMT_THREAD_CATEGORY,
	STMT_THREAD_PAGE,
	STMT_THREAD_DETAILS,
	STMT_THREAD_DROP,
	STMT_OPEN_ASK,
	STMT_PERSON,
	STMT_LINK_TEXTS,
	STMT_CATEGORIES,
	STMT_CATEGORIES_COUNT,
	STMT_ZONES,
	STMT_ZONES_COUNT,
	STMT_OF_NEED,
	STMT_COUNTS,
	STMT_DUE,
	STMT_TAKE,
	STMT_SENT,
	STMT_RETRY,
	STMT_FAILED,
	STMT_EXPIRE,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LOG_IN */
	"INSERT INTO sms_message (direction, gateway_id, phone, body, "
	"person_id, status, created_at) VALUES ('in', ?, ?, ?, ?, 'received', "
	"?) RETURNING id",
	/* STMT_QUEUE */
	"INSERT INTO sms_message (direction, gateway_id, phone, body, "
	"person_id, need_id, status, next_at, created_at) VALUES ('out', ?, ?, "
	"?, ?, ?, 'queued', ?, ?)",
	/* STMT_OPTED_OUT */
	"SELECT 1 FROM sms_optout WHERE phone = ?",
	/* STMT_OPT_OUT */
	"INSERT INTO sms_optout (phone, at) VALUES (?, ?) ON CONFLICT (phone) "
	"DO NOTHING",
	/* STMT_OPT_IN */
	"DELETE FROM sms_optout WHERE phone = ?",
	/* STMT_CANCEL: what waits for a number that has just opted out */
	"UPDATE sms_message SET status = 'cancelled', next_at = NULL WHERE "
	"phone = ? AND status = 'queued'",
	/*
	 * STMT_THREAD: locked, so that two texts from one phone at once are
	 * answered in turn, the second from the step the first left.
	 */
	"SELECT id, language, step, category, zone_page, details, "
	"coalesce(person_id, 0) AS person_id FROM sms_thread WHERE phone = ? "
	"FOR NO KEY UPDATE",
	/* STMT_THREAD_NEW */
	"INSERT INTO sms_thread (phone, gateway_id, language, step, details, "
	"person_id, updated_at) VALUES (?, ?, ?, 'category', ?, ?, ?)",
	/* STMT_THREAD_LANG */
	"UPDATE sms_thread SET language = ?, updated_at = ? WHERE id = ?",
	/* STMT_THREAD_CATEGORY */
	"UPDATE sms_thread SET step = 'zone', category = ?, zone_page = 0, "
	"updated_at = ? WHERE id = ?",
	/* STMT_THREAD_PAGE */
	"UPDATE sms_thread SET zone_page = ?, updated_at = ? WHERE id = ?",
	/* STMT_THREAD_DETAILS: words sent instead of a number */
	"UPDATE sms_thread SET details = ?, updated_at = ? WHERE id = ?",
	/* STMT_THREAD_DROP */
	"DELETE FROM sms_thread WHERE phone = ?",
	/* STMT_OPEN_ASK: the person's newest ask still open */
	"SELECT id FROM need WHERE person_id = ? AND status IN ('open', "
	"'matched') ORDER BY id DESC LIMIT 1",
	/* STMT_PERSON */
	"SELECT language, coalesce(zone_id, 0) AS zone_id FROM person WHERE "
	"id = ?",
	/* STMT_LINK_TEXTS: the number's texts so far, to the ask */
	"UPDATE sms_message SET need_id = ?, person_id = ? WHERE phone = ? AND "
	"need_id IS NULL",
	/* STMT_CATEGORIES */
	"SELECT code, label FROM category ORDER BY position, code",
	/* STMT_CATEGORIES_COUNT */
	"SELECT count(*) FROM category",
	/* STMT_ZONES: a page of the top zones, numbered from 1 */
	"SELECT id, name FROM zone WHERE parent_id IS NULL ORDER BY name, id "
	"LIMIT ? OFFSET ?",
	/* STMT_ZONES_COUNT */
	"SELECT count(*) FROM zone WHERE parent_id IS NULL",
	/* STMT_OF_NEED */
	"SELECT id, direction, body, status, created_at, sent_at FROM "
	"sms_message WHERE need_id = ? ORDER BY id",
	/* STMT_COUNTS */
	"SELECT status, count(*) AS n FROM sms_message WHERE direction = 'out' "
	"GROUP BY status ORDER BY status",
	/* STMT_DUE */
	"SELECT m.id, m.phone, m.body, m.attempts, m.next_at, g.kind, "
	"g.send_url FROM sms_message m LEFT JOIN sms_gateway g ON g.id = "
	"m.gateway_id WHERE m.status = 'queued' AND m.next_at <= ? ORDER BY "
	"m.next_at, m.id LIMIT ?",
	/* STMT_TAKE: the lease; 1 row changed when this sender has it */
	"UPDATE sms_message SET next_at = ?, attempts = attempts + 1 WHERE "
	"id = ? AND status = 'queued' AND next_at = ?",
	/* STMT_SENT */
	"UPDATE sms_message SET status = 'sent', sent_at = ?, next_at = NULL, "
	"last_error = NULL WHERE id = ? AND status = 'queued'",
	/* STMT_RETRY */
	"UPDATE sms_message SET next_at = ?, last_error = ? WHERE id = ? AND "
	"status = 'queued'",
	/* STMT_FAILED */
	"UPDATE sms_message SET status = ?, next_at = NULL, last_error = ? "
	"WHERE id = ? AND status = 'queued'",
	/* STMT_EXPIRE */
	"DELETE FROM sms_thread WHERE updated_at < ?",
};

const char *const sms_directions[] = { "in", "out", NULL };
const char *const sms_statuses[] = { "received", "queued", "sent", "failed",
	"cancelled", NULL };

const struct field sms_list_fields[SMS_LIST__MAX + 1] = {
	[SMS_LIST_DIRECTION] = { "direction", FIELD_CHOICE, 0, 0, 0,
	    sms_directions },
	[SMS_LIST_STATUS] = { "status", FIELD_CHOICE, 0, 0, 0, sms_statuses },
	LISTING_PAGE_FIELDS(SMS_LIST),
	[SMS_LIST__MAX] = { NULL, 0, 0, 0, 0, NULL },
};

/* In sms_list_key order. */
static const char *const sms_conds[] = {
	"m.direction = ?",
	"m.status = ?",
	NULL,
};

/* The number as its last four digits: a list of texts names nobody. */
static struct listing sms_listing = {
	.select =
	    "SELECT m.id, m.direction, m.status, substr(m.phone, "
	    "length(m.phone) - 3) AS phone_end, m.body, m.attempts, "
	    "m.next_at, m.last_error, m.created_at, m.sent_at, m.need_id, "
	    "g.name AS gateway FROM sms_message m LEFT JOIN sms_gateway g "
	    "ON g.id = m.gateway_id",
	.count = "SELECT count(*) FROM sms_message m",
	.order = "ORDER BY m.id DESC",
	.conds = sms_conds,
};

static int sms_first_wait = SMS_RETRY_DEFAULT;
static int sms_attempts = SMS_ATTEMPTS_DEFAULT;

void
sms_setup(int first_wait, int attempts)
{
	sms_first_wait = first_wait;
	sms_attempts = attempts;
}

/* A string member of obj, or NULL. */
static const char *
sms_member(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

int
sms_read(json_t *raw, struct sms_text *t, struct problem *p)
{
	const char *event = sms_member(raw, "event");
	json_t *payload;
	const char *from_field = "From", *body_field = "Body";

	if (event != NULL) {
		/* The Android gateway's webhook: only a text received. */
		if (strcmp(event, "sms:received") != 0)
			return 0;
		payload = json_object_get(raw, "payload");
		t->from = sms_member(payload, "phoneNumber");
		t->body = sms_member(payload, "message");
		from_field = "payload.phoneNumber";
		body_field = "payload.message";
	} else {
		t->from = sms_member(raw, "From");
		t->body = sms_member(raw, "Body");
	}
	if (t->from == NULL || t->from[0] == '\0')
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    from_field, 0);
	if (t->body == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_required",
		    body_field, 0);
	if (!utf8_valid(t->body, strlen(t->body)) ||
	    !utf8_valid(t->from, strlen(t->from)))
		return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8", NULL, 0);
	if (utf8_count(t->body, strlen(t->body)) > SMS_BODY_MAX)
		return problem_set(p, PROBLEM_INVALID, "err_too_long",
		    body_field, SMS_BODY_MAX);
	return 1;
}

/*
 * The text's one word, if it is one, in capitals without the marks
 * around it ("Stop." is STOP, "ALTO!" ALTO); "" when the text is more
 * than a word. Accented capitals stay as sent: the words compared are
 * written both ways.
 */
static void
sms_word(const char *body, char out[SMS_WORD_MAX + 1])
{
	const char *s = body, *e;
	size_t n, i;

	while (*s != '\0' &&
	    (isspace((unsigned char)*s) || strchr("¡¿.!?,;:\"'", *s) != NULL))
		s++;
	e = s + strlen(s);
	while (e > s &&
	    (isspace((unsigned char)e[-1]) ||
		strchr(".!?,;:\"'", e[-1]) != NULL))
		e--;
	n = (size_t)(e - s);
	out[0] = '\0';
	if (n == 0 || n > SMS_WORD_MAX)
		return;
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i]))
			return;
		out[i] = (char)toupper((unsigned char)s[i]);
	}
	out[n] = '\0';
}

/* Whether word is one of words (NULL-ended). */
static int
sms_word_in(const char *word, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(word, *words) == 0)
			return 1;
	return 0;
}

/*
 * The words carriers honour (CTIA's, and their Spanish), and those that
 * undo them: a number that opted out comes back only by its own word.
 */
static const char *const sms_stop_words[] = { "STOP", "STOPALL", "ALTO", "BAJA",
	"UNSUBSCRIBE", "CANCEL", "END", "QUIT", "PARAR", NULL };
static const char *const sms_start_words[] = { "START", "UNSTOP", "ALTA",
	NULL };
static const char *const sms_es_words[] = { "ES", "ESPAÑOL", "ESPAñOL",
	"ESPANOL", "SPANISH", NULL };
static const char *const sms_en_words[] = { "EN", "ENGLISH", "INGLES", "INGLÉS",
	"INGLéS", NULL };

/*
 * Words that say a text is Spanish or English: common ones a request for
 * help uses, none shared by both. The text's language is the one with
 * more of its words; an accent or ñ counts for Spanish.
 */
static const char *const sms_es_hints[] = { "hola", "necesito", "necesitamos",
	"ayuda", "comida", "gracias", "favor", "quiero", "tengo", "tenemos",
	"renta", "alquiler", "medicina", "hijos", "niños", "casa", "buenos",
	"buenas", "dias", "días", "trabajo", "dinero", "para", "una", "el",
	"la", "los", "las", "de", "del", "que", "con", "mi", "mis", "estoy",
	"somos", "pañales", "por", "y", "no", "puedo", "familia", "luz", "agua",
	"sí", "ropa", "pagar", "ayudar", NULL };
static const char *const sms_en_hints[] = { "hi", "hello", "need", "help",
	"food", "please", "i", "my", "the", "and", "for", "we", "have", "with",
	"thanks", "thank", "kids", "can", "you", "to", "of", "rent", "is", "am",
	"our", "family", "diapers", "pay", "want", "would", "could",
	"groceries", "some", "any", "me", NULL };

const char *
sms_language(const char *body)
{
	const char *s = body;
	char word[24];
	int es = 0, en = 0;
	size_t n;

	if (strstr(body, "ñ") || strstr(body, "¿") || strstr(body, "¡") ||
	    strstr(body, "á") || strstr(body, "é") || strstr(body, "ó") ||
	    strstr(body, "í") || strstr(body, "ú"))
		es++;
	while (*s != '\0') {
		while (*s != '\0' && !isalpha((unsigned char)*s) &&
		    (unsigned char)*s < 0x80)
			s++;
		for (n = 0; *s != '\0' &&
		     (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80);
		     s++)
			if (n + 1 < sizeof(word))
				word[n++] = (char)tolower((unsigned char)*s);
		word[n] = '\0';
		if (n == 0)
			continue;
		es += sms_word_in(word, sms_es_hints);
		en += sms_word_in(word, sms_en_hints);
	}
	return es > en ? "es" : "en";
}

/* What one text asks of a conversation, with what it needs to answer. */
struct sms_turn {
	struct db *db;
	int64_t gateway_id;
	const char *phone;
	const char *body;
	const char *words; /* body as an ask's details may hold it */
	const char *lang;
	int64_t thread_id;
	int64_t person_id;
	int64_t need_id;
	struct buf reply;
	struct problem *p;
};

/*
 * body as details hold text (field.c's FIELD_TEXT): a control character
 * but a line break or a tab becomes a space, and the blanks around go.
 */
static char *
sms_words(const char *body)
{
	struct buf b = BUF_INIT;
	const char *s = body, *e = body + strlen(body);

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	for (; s < e; s++)
		buf_addc(&b,
		    ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') ||
			    *s == 0x7f
			? ' '
			: *s);
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* The reply being written, in the conversation's language. */
static void
sms_say(struct sms_turn *t, const char *id)
{
	if (t->reply.len > 0)
		buf_addc(&t->reply, '\n');
	buf_adds(&t->reply, i18n_get(t->lang, id));
}

static int
sms_send_reply(struct sms_turn *t)
{
	int rc = 0;

	if (t->reply.len > 0)
		rc = sms_queue(t->db, t->gateway_id, t->phone, t->reply.ptr,
		    t->person_id, t->need_id);
	buf_free(&t->reply);
	return rc == -1 ? tx_problem(t->db, t->p) : 0;
}

/* The categories, numbered, as the reply lists them. */
static int
sms_ask_category(struct sms_turn *t)
{
	json_t *rows = db_rows(t->db, stmts[STMT_CATEGORIES], NULL, 0), *row;
	char id[64];
	const char *label;
	size_t i;

	if (rows == NULL)
		return tx_problem(t->db, t->p);
	sms_say(t, "sms_ask_category");
	json_array_foreach (rows, i, row) {
		snprintf(id, sizeof(id), "cat_%s", sms_member(row, "code"));
		label = i18n_get(t->lang, id);
		/* A category of the network's own has no catalog entry. */
		if (strcmp(label, id) == 0)
			label = sms_member(row, "label");
		buf_printf(&t->reply, "\n%zu %s", i + 1, label);
	}
	json_decref(rows);
	sms_say(t, "sms_other_language");
	return 0;
}

/* Page page of the zones, numbered; 0 for the next when there are more. */
static int
sms_ask_zone(struct sms_turn *t, int64_t page, int64_t total)
{
	struct db_val args[2] = { DBV_INT(SMS_ZONES_PAGE),
		DBV_INT(page * SMS_ZONES_PAGE) };
	json_t *rows = db_rows(t->db, stmts[STMT_ZONES], args, 2), *row;
	size_t i;

	if (rows == NULL)
		return tx_problem(t->db, t->p);
	sms_say(t, "sms_ask_zone");
	json_array_foreach (rows, i, row)
		buf_printf(&t->reply, "\n%zu %s", i + 1,
		    sms_member(row, "name"));
	json_decref(rows);
	if (total > SMS_ZONES_PAGE) {
		buf_addc(&t->reply, '\n');
		buf_adds(&t->reply, i18n_get(t->lang, "sms_more_zones"));
	}
	return 0;
}

/* The number a reply is, 1 to max; 0 when it is none. */
static int64_t
sms_choice(const char *body, int64_t max)
{
	char word[SMS_WORD_MAX + 1];
	int64_t n = 0;
	size_t i;

	sms_word(body, word);
	if (word[0] == '\0' || strlen(word) > 3)
		return 0;
	for (i = 0; word[i] != '\0'; i++) {
		if (!isdigit((unsigned char)word[i]))
			return 0;
		n = n * 10 + (word[i] - '0');
	}
	return n >= 1 && n <= max ? n : 0;
}

/* The nth (from 1) row's column of a statement's rows; NULL past them. */
static json_t *
sms_nth(struct db *db, int stmt, const struct db_val *args, size_t nargs,
    int64_t n, const char *column)
{
	json_t *rows = db_rows(db, stmts[stmt], args, nargs), *v;

	if (rows == NULL)
		return NULL;
	v = json_incref(
	    json_object_get(json_array_get(rows, (size_t)(n - 1)), column));
	json_decref(rows);
	return v;
}

/* The name a person who texted is known by: no name was asked. */
static void
sms_person_name(struct sms_turn *t, struct buf *name)
{
	size_t n = strlen(t->phone);

	buf_adds(name, i18n_get(t->lang, "sms_person_name"));
	buf_printf(name, " …%s", n > 4 ? t->phone + n - 4 : t->phone);
}

/*
 * The ask the conversation has come to: the person (new, unless the
 * number is someone's), the ask with the words sent, the texts so far
 * linked to it, the conversation dropped.
 */
static int
sms_make_ask(struct sms_turn *t, const char *category, int64_t zone_id,
    const char *details)
{
	struct buf name = BUF_INIT;
	struct db_val args[3];
	char zone[24], person[24];
	json_t *row = NULL;
	int rc;

	snprintf(zone, sizeof(zone), "%lld", (long long)zone_id);
	if (t->person_id == 0) {
		sms_person_name(t, &name);
		rc = input_create(t->db, person_fields,
		    json_pack("{s:s%,s:s,s:s,s:s}", "name", name.ptr, name.len,
			"phone", t->phone, "language", t->lang, "zone_id",
			zone),
		    person_create, &row, t->p);
		buf_free(&name);
		if (rc == -1)
			return -1;
		t->person_id = json_integer_value(json_object_get(row, "id"));
		json_decref(row);
		row = NULL;
	}
	snprintf(person, sizeof(person), "%lld", (long long)t->person_id);
	if (input_create(t->db, need_fields,
		json_pack("{s:s,s:s,s:s,s:s,s:s}", "person_id", person,
		    "category", category, "details",
		    details[0] != '\0' ? details
				       : i18n_get(t->lang, "sms_no_details"),
		    "urgency", "2", "zone_id", zone),
		need_create, &row, t->p) == -1)
		return -1;
	t->need_id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	args[0] = DBV_INT(t->need_id);
	args[1] = DBV_INT(t->person_id);
	args[2] = DBV_TEXT(t->phone);
	if (db_exec(t->db, stmts[STMT_LINK_TEXTS], args, 3) == -1 ||
	    db_exec(t->db, stmts[STMT_THREAD_DROP], &args[2], 1) == -1)
		return tx_problem(t->db, t->p);
	buf_printf(&t->reply, "%s",
	    i18n_get(t->lang, "sms_ask_made")); /* the number after it */
	buf_printf(&t->reply, " %lld. ", (long long)t->need_id);
	buf_adds(&t->reply, i18n_get(t->lang, "sms_ask_next"));
	return 0;
}

/* Words sent where a number was asked for go to the ask's details. */
static int
sms_keep_words(struct sms_turn *t, json_t *thread)
{
	const char *had = sms_member(thread, "details");
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	struct buf d = BUF_INIT;
	int rc;

	buf_adds(&d, had);
	if (d.len > 0 && t->words[0] != '\0')
		buf_addc(&d, '\n');
	buf_adds(&d, t->words);
	/* The ask's details hold 2,000 characters: later words are lost. */
	if (utf8_count(d.ptr, d.len) > 2000) {
		buf_free(&d);
		return 0;
	}
	clock_now(now);
	args[0] = DBV_TEXT(d.ptr);
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(t->thread_id);
	rc = db_exec(t->db, stmts[STMT_THREAD_DETAILS], args, 3);
	buf_free(&d);
	return rc == -1 ? tx_problem(t->db, t->p) : 0;
}

/* The zone step: a zone by its number, 0 for the next page. */
static int
sms_zone_reply(struct sms_turn *t, json_t *thread, int64_t total)
{
	int64_t page = json_integer_value(json_object_get(thread, "zone_page"));
	int64_t left = total - page * SMS_ZONES_PAGE, n, zone_id;
	struct db_val args[3];
	char now[CLOCK_ISO_LEN];
	json_t *id;
	int rc;

	if (strcmp(t->body, "0") == 0 && total > SMS_ZONES_PAGE) {
		page = (page + 1) * SMS_ZONES_PAGE < total ? page + 1 : 0;
		clock_now(now);
		args[0] = DBV_INT(page);
		args[1] = DBV_TEXT(now);
		args[2] = DBV_INT(t->thread_id);
		if (db_exec(t->db, stmts[STMT_THREAD_PAGE], args, 3) == -1)
			return tx_problem(t->db, t->p);
		return sms_ask_zone(t, page, total);
	}
	n = sms_choice(t->body, left < SMS_ZONES_PAGE ? left : SMS_ZONES_PAGE);
	if (n == 0) {
		if (sms_keep_words(t, thread) == -1)
			return -1;
		sms_say(t, "sms_pick_number");
		return sms_ask_zone(t, page, total);
	}
	args[0] = DBV_INT(SMS_ZONES_PAGE);
	args[1] = DBV_INT(page * SMS_ZONES_PAGE);
	id = sms_nth(t->db, STMT_ZONES, args, 2, n, "id");
	if (id == NULL)
		return tx_problem(t->db, t->p);
	zone_id = json_integer_value(id);
	json_decref(id);
	rc = sms_make_ask(t, sms_member(thread, "category"), zone_id,
	    sms_member(thread, "details"));
	return rc;
}

/*
 * The category step: a category by its number, then the zone, unless the
 * person is known with one, or the network has one zone only.
 */
static int
sms_category_reply(struct sms_turn *t, json_t *thread, int64_t total)
{
	int64_t ncat = 0, n, zone_id = 0;
	struct db_val args[3];
	char now[CLOCK_ISO_LEN];
	json_t *code = NULL, *row = NULL;
	int rc;

	if (db_int(t->db, stmts[STMT_CATEGORIES_COUNT], NULL, 0, &ncat) == -1)
		return tx_problem(t->db, t->p);
	n = sms_choice(t->body, ncat);
	if (n == 0) {
		if (sms_keep_words(t, thread) == -1)
			return -1;
		sms_say(t, "sms_pick_number");
		return sms_ask_category(t);
	}
	code = sms_nth(t->db, STMT_CATEGORIES, NULL, 0, n, "code");
	if (code == NULL)
		return tx_problem(t->db, t->p);
	if (t->person_id > 0) {
		args[0] = DBV_INT(t->person_id);
		if (db_row(t->db, stmts[STMT_PERSON], args, 1, &row) == -1) {
			json_decref(code);
			return tx_problem(t->db, t->p);
		}
		zone_id = json_integer_value(json_object_get(row, "zone_id"));
		json_decref(row);
	}
	if (zone_id == 0 && total == 1) {
		args[0] = DBV_INT(1);
		args[1] = DBV_INT(0);
		row = sms_nth(t->db, STMT_ZONES, args, 2, 1, "id");
		zone_id = json_integer_value(row);
		json_decref(row);
	}
	if (zone_id > 0) {
		rc = sms_make_ask(t, json_string_value(code), zone_id,
		    sms_member(thread, "details"));
		json_decref(code);
		return rc;
	}
	clock_now(now);
	args[0] = DBV_TEXT(json_string_value(code));
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(t->thread_id);
	rc = db_exec(t->db, stmts[STMT_THREAD_CATEGORY], args, 3);
	json_decref(code);
	if (rc == -1)
		return tx_problem(t->db, t->p);
	if (total == 0) {
		/* No zone to name: a coordinator reads the texts (/sms). */
		sms_say(t, "sms_no_zones");
		return 0;
	}
	return sms_ask_zone(t, 0, total);
}

/* A text in a conversation under way. */
static int
sms_continue(struct sms_turn *t, json_t *thread, const char *lang_word)
{
	const char *step = sms_member(thread, "step");
	struct db_val args[3];
	char now[CLOCK_ISO_LEN];
	int64_t total;

	t->lang = sms_member(thread, "language");
	t->thread_id = json_integer_value(json_object_get(thread, "id"));
	t->person_id = json_integer_value(json_object_get(thread, "person_id"));
	if (db_int(t->db, stmts[STMT_ZONES_COUNT], NULL, 0, &total) == -1)
		return tx_problem(t->db, t->p);
	if (lang_word != NULL) {
		/* The same question again, in the language asked for. */
		t->lang = lang_word;
		clock_now(now);
		args[0] = DBV_TEXT(lang_word);
		args[1] = DBV_TEXT(now);
		args[2] = DBV_INT(t->thread_id);
		if (db_exec(t->db, stmts[STMT_THREAD_LANG], args, 3) == -1)
			return tx_problem(t->db, t->p);
		if (strcmp(step, "category") == 0)
			return sms_ask_category(t);
		return sms_ask_zone(t,
		    json_integer_value(json_object_get(thread, "zone_page")),
		    total);
	}
	if (strcmp(step, "category") == 0)
		return sms_category_reply(t, thread, total);
	if (total == 0) {
		sms_say(t, "sms_no_zones");
		return 0;
	}
	return sms_zone_reply(t, thread, total);
}

/*
 * A text with no conversation under way: to the history of the person's
 * open ask, or the first question of a new one.
 */
static int
sms_start(struct sms_turn *t, const char *lang_word, json_t *out)
{
	struct db_val args[6];
	char now[CLOCK_ISO_LEN];
	json_t *person = NULL;
	int64_t need_id = 0;
	int rc;

	if (t->person_id > 0) {
		args[0] = DBV_INT(t->person_id);
		rc = db_int(t->db, stmts[STMT_OPEN_ASK], args, 1, &need_id);
		if (rc == -1 ||
		    db_row(t->db, stmts[STMT_PERSON], args, 1, &person) == -1)
			return tx_problem(t->db, t->p);
		t->lang = i18n_lang(sms_member(person, "language"));
	}
	if (lang_word != NULL)
		t->lang = lang_word;
	else if (t->person_id == 0)
		t->lang = sms_language(t->body);
	json_decref(person);
	if (need_id > 0) {
		t->need_id = need_id;
		args[0] = DBV_INT(need_id);
		args[1] = DBV_INT(t->person_id);
		args[2] = DBV_TEXT(t->phone);
		if (db_exec(t->db, stmts[STMT_LINK_TEXTS], args, 3) == -1)
			return tx_problem(t->db, t->p);
		buf_adds(&t->reply, i18n_get(t->lang, "sms_added"));
		buf_printf(&t->reply, " %lld.", (long long)need_id);
		json_object_set_new(out, "done", json_string("history"));
		json_object_set_new(out, "need_id", json_integer(need_id));
		return 0;
	}
	clock_now(now);
	args[0] = DBV_TEXT(t->phone);
	args[1] = t->gateway_id > 0 ? DBV_INT(t->gateway_id) : DBV_NULL;
	args[2] = DBV_TEXT(t->lang);
	args[3] = DBV_TEXT(lang_word != NULL ? "" : t->words);
	args[4] = t->person_id > 0 ? DBV_INT(t->person_id) : DBV_NULL;
	args[5] = DBV_TEXT(now);
	if (db_exec(t->db, stmts[STMT_THREAD_NEW], args, 6) == -1)
		return tx_problem(t->db, t->p);
	sms_say(t, "sms_welcome");
	json_object_set_new(out, "done", json_string("question"));
	return sms_ask_category(t);
}

/* STOP and its like: recorded, the conversation and the outbox dropped. */
static int
sms_opt_out(struct sms_turn *t)
{
	struct db_val args[2] = { DBV_TEXT(t->phone) };
	char now[CLOCK_ISO_LEN];

	clock_now(now);
	args[1] = DBV_TEXT(now);
	if (db_exec(t->db, stmts[STMT_OPT_OUT], args, 2) == -1 ||
	    db_exec(t->db, stmts[STMT_THREAD_DROP], args, 1) == -1 ||
	    db_exec(t->db, stmts[STMT_CANCEL], args, 1) == -1)
		return tx_problem(t->db, t->p);
	return 0;
}

/* What the text t carries does, its number known and its words kept. */
static int
sms_take(struct sms_turn *t, json_t **out)
{
	struct db *db = t->db;
	char now[CLOCK_ISO_LEN], word[SMS_WORD_MAX + 1];
	const char *lang_word = NULL;
	struct db_val args[5];
	json_t *thread = NULL;
	int64_t id;
	int rc;

	if (person_match(db, t->phone, NULL, &t->person_id) == -1)
		return tx_problem(db, t->p);
	clock_now(now);
	args[0] = DBV_INT(t->gateway_id);
	args[1] = DBV_TEXT(t->phone);
	args[2] = DBV_TEXT(t->body);
	args[3] = t->person_id > 0 ? DBV_INT(t->person_id) : DBV_NULL;
	args[4] = DBV_TEXT(now);
	if (db_int(db, stmts[STMT_LOG_IN], args, 5, &id) != 1)
		return tx_problem(db, t->p);
	*out = json_pack("{s:I}", "id", (json_int_t)id);
	sms_word(t->body, word);
	if (sms_word_in(word, sms_stop_words)) {
		json_object_set_new(*out, "done", json_string("optout"));
		return sms_opt_out(t);
	}
	args[0] = DBV_TEXT(t->phone);
	if (sms_word_in(word, sms_start_words)) {
		if (db_exec(db, stmts[STMT_OPT_IN], args, 1) == -1)
			return tx_problem(db, t->p);
		t->lang = strcmp(word, "ALTA") == 0 ? "es" : "en";
		sms_say(t, "sms_opted_in");
		json_object_set_new(*out, "done", json_string("optin"));
		return sms_send_reply(t);
	}
	if (sms_word_in(word, sms_es_words))
		lang_word = "es";
	else if (sms_word_in(word, sms_en_words))
		lang_word = "en";
	rc = db_row(db, stmts[STMT_THREAD], args, 1, &thread);
	if (rc == -1)
		return tx_problem(db, t->p);
	if (rc == 1) {
		rc = sms_continue(t, thread, lang_word);
		if (t->need_id > 0) {
			json_object_set_new(*out, "done", json_string("ask"));
			json_object_set_new(*out, "need_id",
			    json_integer(t->need_id));
		} else
			json_object_set_new(*out, "done",
			    json_string("question"));
	} else
		rc = sms_start(t, lang_word, *out);
	/* The thread's strings are read up to here. */
	if (rc == 0)
		rc = sms_send_reply(t);
	json_decref(thread);
	return rc;
}

int
sms_receive(struct db *db, json_t *gateway, const struct sms_text *text,
    json_t **out, struct problem *p)
{
	char phone[PHONE_E164_LEN], *words;
	struct sms_turn t = { 0 };
	const char *why;
	int rc;

	if (phone_e164(text->from, sms_member(gateway, "country"), phone,
		&why) == -1)
		return problem_set(p, PROBLEM_INVALID, why, "From", 0);
	words = sms_words(text->body);
	t.db = db;
	t.gateway_id = json_integer_value(json_object_get(gateway, "id"));
	t.phone = phone;
	t.body = text->body;
	t.words = words;
	t.lang = "en";
	t.p = p;
	rc = sms_take(&t, out);
	buf_free(&t.reply);
	free(words);
	return rc;
}

int
sms_queue(struct db *db, int64_t gateway_id, const char *phone,
    const char *body, int64_t person_id, int64_t need_id)
{
	struct db_val args[7] = { DBV_TEXT(phone) };
	char now[CLOCK_ISO_LEN];
	int64_t one;
	int rc;

	rc = db_int(db, stmts[STMT_OPTED_OUT], args, 1, &one);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	clock_now(now);
	args[0] = gateway_id > 0 ? DBV_INT(gateway_id) : DBV_NULL;
	args[1] = DBV_TEXT(phone);
	args[2] = DBV_TEXT(body);
	args[3] = person_id > 0 ? DBV_INT(person_id) : DBV_NULL;
	args[4] = need_id > 0 ? DBV_INT(need_id) : DBV_NULL;
	args[5] = DBV_TEXT(now);
	args[6] = DBV_TEXT(now);
	return db_exec(db, stmts[STMT_QUEUE], args, 7) == -1 ? -1 : 1;
}

int
sms_list(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	struct db_val vals[SMS_LIST_LIMIT];
	int64_t limit, offset;
	json_t *counts;
	int k;

	for (k = 0; k < SMS_LIST_LIMIT; k++)
		vals[k] = input_val(in, sms_list_fields, k);
	listing_page(in, &limit, &offset);
	if (listing_run(db, &sms_listing, vals, limit, offset, out, p) == -1)
		return -1;
	counts = db_rows(db, stmts[STMT_COUNTS], NULL, 0);
	if (counts == NULL) {
		json_decref(*out);
		*out = NULL;
		return tx_problem(db, p);
	}
	json_object_set_new(*out, "counts", counts);
	return 0;
}

int
sms_of_need(struct db *db, int64_t need_id, json_t **out, struct problem *p)
{
	struct db_val arg = DBV_INT(need_id);

	*out = db_rows(db, stmts[STMT_OF_NEED], &arg, 1);
	return *out == NULL ? tx_problem(db, p) : 0;
}

/* The wait before attempt n + 1, after n failed: doubled, to an hour. */
static int64_t
sms_wait(int64_t n)
{
	int64_t w = sms_first_wait;

	while (--n > 0 && w < SMS_RETRY_MAX)
		w *= 2;
	return w < SMS_RETRY_MAX ? w : SMS_RETRY_MAX;
}

/* One statement in a transaction of its own (tx_run retries a busy one). */
struct sms_write {
	int stmt;
	struct db_val *args;
	size_t n;
	int changed;
};

static int
sms_write_work(struct db *db, void *arg, struct problem *p)
{
	struct sms_write *w = arg;

	w->changed = db_exec(db, stmts[w->stmt], w->args, w->n);
	return w->changed == -1 ? tx_problem(db, p) : 0;
}

static int
sms_write(struct db *db, int stmt, struct db_val *args, size_t n)
{
	struct sms_write w = { stmt, args, n, 0 };
	struct problem p = { 0 };

	if (tx_run(db, sms_write_work, &w, &p) == -1)
		return -1;
	return w.changed;
}

/* Post one due text, taken first; what became of it written after. */
static int
sms_deliver_one(struct db *db, json_t *row, int64_t *sent)
{
	const char *phone = sms_member(row, "phone");
	const char *url = sms_member(row, "send_url");
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t tries = json_integer_value(json_object_get(row, "attempts")) +
	    1;
	char lease[CLOCK_ISO_LEN], now[CLOCK_ISO_LEN], err[256];
	struct db_val args[3];
	enum sms_post r;
	int64_t out = 0;
	int rc;

	clock_iso(time(NULL) + SMS_LEASE_SECONDS, lease);
	args[0] = DBV_TEXT(lease);
	args[1] = DBV_INT(id);
	args[2] = DBV_TEXT(sms_member(row, "next_at"));
	rc = sms_write(db, STMT_TAKE, args, 3);
	if (rc <= 0)
		return rc; /* another sender has it */
	/* A STOP that came while it waited. */
	args[0] = DBV_TEXT(phone);
	rc = db_int(db, stmts[STMT_OPTED_OUT], args, 1, &out);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		args[0] = DBV_TEXT("cancelled");
		args[1] = DBV_NULL;
		args[2] = DBV_INT(id);
		return sms_write(db, STMT_FAILED, args, 3) == -1 ? -1 : 0;
	}
	if (url == NULL) {
		snprintf(err, sizeof(err), "no gateway with a send URL");
		r = SMS_POST_REFUSED;
	} else
		r = sms_gateway_post(sms_member(row, "kind"), url, phone,
		    sms_member(row, "body"), err, sizeof(err));
	clock_now(now);
	if (r == SMS_POST_TAKEN) {
		args[0] = DBV_TEXT(now);
		args[1] = DBV_INT(id);
		rc = sms_write(db, STMT_SENT, args, 2);
		if (rc == 1)
			(*sent)++;
		return rc == -1 ? -1 : 0;
	}
	if (r == SMS_POST_RETRY && tries < sms_attempts) {
		clock_iso(time(NULL) + sms_wait(tries), lease);
		args[0] = DBV_TEXT(lease);
		args[1] = DBV_TEXT(err);
		args[2] = DBV_INT(id);
		return sms_write(db, STMT_RETRY, args, 3) == -1 ? -1 : 0;
	}
	args[0] = DBV_TEXT("failed");
	args[1] = DBV_TEXT(err);
	args[2] = DBV_INT(id);
	return sms_write(db, STMT_FAILED, args, 3) == -1 ? -1 : 0;
}

int
sms_deliver(struct db *db, int64_t *sent)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[2];
	json_t *rows, *row;
	size_t i;
	int rc = 0;

	*sent = 0;
	clock_now(now);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_INT(SMS_DELIVER_BATCH);
	rows = db_rows(db, stmts[STMT_DUE], args, 2);
	if (rows == NULL)
		return -1;
	json_array_foreach (rows, i, row)
		if (sms_deliver_one(db, row, sent) == -1) {
			rc = -1;
			break;
		}
	json_decref(rows);
	return rc;
}

int
sms_expire(struct db *db, int64_t *n)
{
	char before[CLOCK_ISO_LEN];
	struct db_val arg;
	int rc;

	clock_iso(time(NULL) - SMS_THREAD_HOURS * 3600, before);
	arg = DBV_TEXT(before);
	rc = sms_write(db, STMT_EXPIRE, &arg, 1);
	*n = rc > 0 ? rc : 0;
	return rc == -1 ? -1 : 0;
}
