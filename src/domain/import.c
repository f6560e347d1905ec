/* Spreadsheet rows made people, asks and offers (see import.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "audit.h"
#include "category.h"
#include "input.h"
#include "ladder.h"
#include "need.h"
#include "offer.h"
#include "person.h"
#include "status.h"
#include "tx.h"
#include "zone.h"
#include "db/facing_summary.h"
#include "db/figures_summary.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/phone.h"
#include "util/sheetdate.h"
#include "util/banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *const import_kinds[] = { "needs", "offers", "people", NULL };

const char *const import_fields[] = {
	/* IMPORT_IGNORE */ "ignore",
	/* IMPORT_CREATED_AT */ "created_at",
	/* IMPORT_NAME */ "name",
	/* IMPORT_LAST_NAME */ "last_name",
	/* IMPORT_PHONE */ "phone",
	/* IMPORT_EMAIL */ "email",
	/* IMPORT_ADDRESS */ "address",
	/* IMPORT_LANGUAGE */ "language",
	/* IMPORT_ZONE */ "zone",
	/* IMPORT_CATEGORY */ "category",
	/* IMPORT_DETAILS */ "details",
	/* IMPORT_URGENCY */ "urgency",
	/* IMPORT_QUANTITY */ "quantity",
	/* IMPORT_STATUS */ "status",
	/* IMPORT_CLOSE_REASON */ "close_reason",
	/* IMPORT_PERSON_REF */ "person_id",
	NULL,
};

/* Which language a header's words are in: both, English, Spanish. */
enum import_lang {
	LANG_ANY,
	LANG_EN,
	LANG_ES,
};

/*
 * The headers a column is known by, as import_norm writes them: Google
 * Forms' and Sheets' in English and Spanish, what groups' forms commonly
 * ask, and the columns of our own exports (person_name, zone_name). The
 * export's columns that name what an import cannot bring (ids of this
 * database, a claim) are known, so as to be left out without a doubt.
 */
struct import_header {
	const char *words;
	enum import_field field;
	enum import_lang lang;
};

static const struct import_header import_headers[] = {
	{ "timestamp", IMPORT_CREATED_AT, LANG_EN },
	{ "marca temporal", IMPORT_CREATED_AT, LANG_ES },
	{ "created at", IMPORT_CREATED_AT, LANG_ANY },
	{ "date", IMPORT_CREATED_AT, LANG_EN },
	{ "fecha", IMPORT_CREATED_AT, LANG_ES },
	{ "submitted at", IMPORT_CREATED_AT, LANG_EN },
	{ "created", IMPORT_CREATED_AT, LANG_EN },
	{ "created time", IMPORT_CREATED_AT, LANG_EN },
	{ "submission date", IMPORT_CREATED_AT, LANG_EN },
	{ "date submitted", IMPORT_CREATED_AT, LANG_EN },
	{ "fecha de envio", IMPORT_CREATED_AT, LANG_ES },
	{ "name", IMPORT_NAME, LANG_EN },
	{ "nombre", IMPORT_NAME, LANG_ES },
	{ "full name", IMPORT_NAME, LANG_EN },
	{ "nombre completo", IMPORT_NAME, LANG_ES },
	{ "your name", IMPORT_NAME, LANG_EN },
	{ "tu nombre", IMPORT_NAME, LANG_ES },
	{ "su nombre", IMPORT_NAME, LANG_ES },
	{ "first name", IMPORT_NAME, LANG_EN },
	{ "person name", IMPORT_NAME, LANG_ANY },
	{ "last name", IMPORT_LAST_NAME, LANG_EN },
	{ "surname", IMPORT_LAST_NAME, LANG_EN },
	{ "family name", IMPORT_LAST_NAME, LANG_EN },
	{ "apellido", IMPORT_LAST_NAME, LANG_ES },
	{ "apellidos", IMPORT_LAST_NAME, LANG_ES },
	{ "phone", IMPORT_PHONE, LANG_EN },
	{ "phone number", IMPORT_PHONE, LANG_EN },
	{ "telephone", IMPORT_PHONE, LANG_EN },
	{ "cell", IMPORT_PHONE, LANG_EN },
	{ "cell phone", IMPORT_PHONE, LANG_EN },
	{ "mobile", IMPORT_PHONE, LANG_EN },
	{ "telefono", IMPORT_PHONE, LANG_ES },
	{ "numero de telefono", IMPORT_PHONE, LANG_ES },
	{ "celular", IMPORT_PHONE, LANG_ES },
	{ "movil", IMPORT_PHONE, LANG_ES },
	{ "whatsapp", IMPORT_PHONE, LANG_ANY },
	{ "email", IMPORT_EMAIL, LANG_EN },
	{ "e mail", IMPORT_EMAIL, LANG_EN },
	{ "email address", IMPORT_EMAIL, LANG_EN },
	{ "correo", IMPORT_EMAIL, LANG_ES },
	{ "correo electronico", IMPORT_EMAIL, LANG_ES },
	{ "direccion de correo electronico", IMPORT_EMAIL, LANG_ES },
	{ "address", IMPORT_ADDRESS, LANG_EN },
	{ "street address", IMPORT_ADDRESS, LANG_EN },
	{ "direccion", IMPORT_ADDRESS, LANG_ES },
	{ "domicilio", IMPORT_ADDRESS, LANG_ES },
	{ "language", IMPORT_LANGUAGE, LANG_EN },
	{ "preferred language", IMPORT_LANGUAGE, LANG_EN },
	{ "idioma", IMPORT_LANGUAGE, LANG_ES },
	{ "idioma preferido", IMPORT_LANGUAGE, LANG_ES },
	{ "zone", IMPORT_ZONE, LANG_EN },
	{ "zone name", IMPORT_ZONE, LANG_ANY },
	{ "zona", IMPORT_ZONE, LANG_ES },
	{ "neighborhood", IMPORT_ZONE, LANG_EN },
	{ "neighbourhood", IMPORT_ZONE, LANG_EN },
	{ "barrio", IMPORT_ZONE, LANG_ES },
	{ "colonia", IMPORT_ZONE, LANG_ES },
	{ "zip", IMPORT_ZONE, LANG_EN },
	{ "zip code", IMPORT_ZONE, LANG_EN },
	{ "postal code", IMPORT_ZONE, LANG_EN },
	{ "codigo postal", IMPORT_ZONE, LANG_ES },
	{ "category", IMPORT_CATEGORY, LANG_EN },
	{ "categoria", IMPORT_CATEGORY, LANG_ES },
	{ "what do you need", IMPORT_CATEGORY, LANG_EN },
	{ "what do you need help with", IMPORT_CATEGORY, LANG_EN },
	{ "que necesitas", IMPORT_CATEGORY, LANG_ES },
	{ "que necesita", IMPORT_CATEGORY, LANG_ES },
	{ "what can you offer", IMPORT_CATEGORY, LANG_EN },
	{ "que puedes ofrecer", IMPORT_CATEGORY, LANG_ES },
	{ "type of help", IMPORT_CATEGORY, LANG_EN },
	{ "tipo de ayuda", IMPORT_CATEGORY, LANG_ES },
	{ "details", IMPORT_DETAILS, LANG_EN },
	{ "detalles", IMPORT_DETAILS, LANG_ES },
	{ "notes", IMPORT_DETAILS, LANG_EN },
	{ "notas", IMPORT_DETAILS, LANG_ES },
	{ "description", IMPORT_DETAILS, LANG_EN },
	{ "descripcion", IMPORT_DETAILS, LANG_ES },
	{ "tell us more", IMPORT_DETAILS, LANG_EN },
	{ "cuentanos mas", IMPORT_DETAILS, LANG_ES },
	{ "anything else", IMPORT_DETAILS, LANG_EN },
	{ "algo mas", IMPORT_DETAILS, LANG_ES },
	{ "comments", IMPORT_DETAILS, LANG_EN },
	{ "comentarios", IMPORT_DETAILS, LANG_ES },
	{ "observaciones", IMPORT_DETAILS, LANG_ES },
	{ "message", IMPORT_DETAILS, LANG_EN },
	{ "mensaje", IMPORT_DETAILS, LANG_ES },
	{ "urgency", IMPORT_URGENCY, LANG_EN },
	{ "urgencia", IMPORT_URGENCY, LANG_ES },
	{ "how urgent", IMPORT_URGENCY, LANG_EN },
	{ "how urgent is it", IMPORT_URGENCY, LANG_EN },
	{ "que tan urgente", IMPORT_URGENCY, LANG_ES },
	{ "que tan urgente es", IMPORT_URGENCY, LANG_ES },
	{ "priority", IMPORT_URGENCY, LANG_EN },
	{ "prioridad", IMPORT_URGENCY, LANG_ES },
	{ "quantity", IMPORT_QUANTITY, LANG_EN },
	{ "how many", IMPORT_QUANTITY, LANG_EN },
	{ "cantidad", IMPORT_QUANTITY, LANG_ES },
	{ "status", IMPORT_STATUS, LANG_EN },
	{ "estado", IMPORT_STATUS, LANG_ES },
	{ "close reason", IMPORT_CLOSE_REASON, LANG_ANY },
	{ "motivo de cierre", IMPORT_CLOSE_REASON, LANG_ES },
	{ "person id", IMPORT_PERSON_REF, LANG_ANY },
	{ "id", IMPORT_IGNORE, LANG_ANY },
	{ "updated at", IMPORT_IGNORE, LANG_ANY },
	{ "zone id", IMPORT_IGNORE, LANG_ANY },
	{ "claimed", IMPORT_IGNORE, LANG_ANY },
	{ "claim login", IMPORT_IGNORE, LANG_ANY },
	{ "claim claimed at", IMPORT_IGNORE, LANG_ANY },
};

/*
 * A form's column is headed by its question ("Which of these do you
 * need? (check all that apply)", "Neighborhood / ZIP", "Best phone to
 * text you at"): a header no name above matches is known by a word or
 * phrase of these in it, whole words, the first rule in this order that
 * matches (an email before an address, a last name before a name). Only
 * for a field no column has by its name, and never a date: a column
 * read as one that is not ("Date you need it by") would refuse its rows.
 */
static const struct import_header import_header_words[] = {
	{ "email", IMPORT_EMAIL, LANG_EN },
	{ "e mail", IMPORT_EMAIL, LANG_EN },
	{ "correo", IMPORT_EMAIL, LANG_ES },
	{ "last name", IMPORT_LAST_NAME, LANG_EN },
	{ "surname", IMPORT_LAST_NAME, LANG_EN },
	{ "apellido", IMPORT_LAST_NAME, LANG_ES },
	{ "apellidos", IMPORT_LAST_NAME, LANG_ES },
	{ "phone", IMPORT_PHONE, LANG_EN },
	{ "cell", IMPORT_PHONE, LANG_EN },
	{ "mobile", IMPORT_PHONE, LANG_EN },
	{ "telefono", IMPORT_PHONE, LANG_ES },
	{ "celular", IMPORT_PHONE, LANG_ES },
	{ "whatsapp", IMPORT_PHONE, LANG_ANY },
	{ "zip", IMPORT_ZONE, LANG_EN },
	{ "postal", IMPORT_ZONE, LANG_EN },
	{ "neighborhood", IMPORT_ZONE, LANG_EN },
	{ "neighbourhood", IMPORT_ZONE, LANG_EN },
	{ "zone", IMPORT_ZONE, LANG_EN },
	{ "barrio", IMPORT_ZONE, LANG_ES },
	{ "colonia", IMPORT_ZONE, LANG_ES },
	{ "zona", IMPORT_ZONE, LANG_ES },
	{ "codigo postal", IMPORT_ZONE, LANG_ES },
	{ "address", IMPORT_ADDRESS, LANG_EN },
	{ "direccion", IMPORT_ADDRESS, LANG_ES },
	{ "domicilio", IMPORT_ADDRESS, LANG_ES },
	{ "language", IMPORT_LANGUAGE, LANG_EN },
	{ "idioma", IMPORT_LANGUAGE, LANG_ES },
	{ "urgent", IMPORT_URGENCY, LANG_EN },
	{ "urgency", IMPORT_URGENCY, LANG_EN },
	{ "urgente", IMPORT_URGENCY, LANG_ES },
	{ "urgencia", IMPORT_URGENCY, LANG_ES },
	{ "how many", IMPORT_QUANTITY, LANG_EN },
	{ "cantidad", IMPORT_QUANTITY, LANG_ES },
	{ "need", IMPORT_CATEGORY, LANG_EN },
	{ "needs", IMPORT_CATEGORY, LANG_EN },
	{ "offer", IMPORT_CATEGORY, LANG_EN },
	{ "necesitas", IMPORT_CATEGORY, LANG_ES },
	{ "necesita", IMPORT_CATEGORY, LANG_ES },
	{ "necesidad", IMPORT_CATEGORY, LANG_ES },
	{ "ofrecer", IMPORT_CATEGORY, LANG_ES },
	{ "anything else", IMPORT_DETAILS, LANG_EN },
	{ "comments", IMPORT_DETAILS, LANG_EN },
	{ "notes", IMPORT_DETAILS, LANG_EN },
	{ "details", IMPORT_DETAILS, LANG_EN },
	{ "tell us", IMPORT_DETAILS, LANG_EN },
	{ "algo mas", IMPORT_DETAILS, LANG_ES },
	{ "comentarios", IMPORT_DETAILS, LANG_ES },
	{ "detalles", IMPORT_DETAILS, LANG_ES },
	{ "cuentanos", IMPORT_DETAILS, LANG_ES },
	{ "name", IMPORT_NAME, LANG_EN },
	{ "nombre", IMPORT_NAME, LANG_ES },
};

/*
 * Words groups use for the seeded categories besides their names and
 * labels (which are taken from the database and the catalogs).
 */
static const struct {
	const char *words, *code;
} import_category_words[] = {
	{ "food", "groceries" },
	{ "comida", "groceries" },
	{ "despensa", "groceries" },
	{ "medicine", "prescriptions" },
	{ "medicina", "prescriptions" },
	{ "medicinas", "prescriptions" },
	{ "ride", "transport" },
	{ "rides", "transport" },
	{ "diaper", "diapers" },
	{ "panal", "diapers" },
	{ "renta", "rent" },
	{ "child care", "childcare" },
	{ "cuidado de ninos", "childcare" },
};

/*
 * What trackers (Airtable, a sheet's own column) call a request's state,
 * besides our statuses' names and labels: still waiting, or met. None
 * means closed, which asks its reason.
 */
static const struct {
	const char *words, *status;
} import_status_words[] = {
	{ "new", "open" },
	{ "pending", "open" },
	{ "waiting", "open" },
	{ "to do", "open" },
	{ "todo", "open" },
	{ "in progress", "open" },
	{ "nuevo", "open" },
	{ "nueva", "open" },
	{ "pendiente", "open" },
	{ "en proceso", "open" },
	{ "done", "fulfilled" },
	{ "complete", "fulfilled" },
	{ "completed", "fulfilled" },
	{ "delivered", "fulfilled" },
	{ "resolved", "fulfilled" },
	{ "met", "fulfilled" },
	{ "hecho", "fulfilled" },
	{ "completado", "fulfilled" },
	{ "completada", "fulfilled" },
	{ "entregado", "fulfilled" },
	{ "resuelto", "fulfilled" },
};

/* Urgency in words; a value that begins with 1 to 3 is that number. */
static const struct {
	const char *words;
	int urgency;
} import_urgencies[] = {
	{ "low", 1 },
	{ "baja", 1 },
	{ "medium", 2 },
	{ "media", 2 },
	{ "normal", 2 },
	{ "high", 3 },
	{ "alta", 3 },
	{ "urgent", 3 },
	{ "urgente", 3 },
};

/*
 * Past this many rows the summary tables' triggers are held and the
 * tables rebuilt before the commit, as the demo's loader does: each
 * trigger refreshes its person's rows on every ask, which took seven in
 * ten of an import's time at 100,000 rows; a rebuild reads every ask
 * once, which a short file into a large network would not be worth.
 */
#define IMPORT_HOLD_ROWS 2000

/*
 * And on SQLite, where the network holds fewer asks than this, the asks'
 * secondary indexes are dropped there and made again before the commit,
 * from every row at once (as demo does): the asks' thirteen indexes took
 * half of a 100,000-row import's time, row by row, and making them over
 * 100,000 asks takes under a second. Nothing the import reads on the way
 * needs them (an ask is found by its id; the ladder's step, which looks
 * for a person's asks, is held to the end too). Readers see the indexes
 * throughout: SQLite's schema changes with the commit. Not PostgreSQL,
 * where a dropped index locks the table against every reader until then.
 */
#define IMPORT_REINDEX_BELOW 100000

/* An id of a row of this database, kept in a growable array. */
struct import_ids {
	int64_t *v;
	size_t n, size;
};

/* What is written into, one entity each, for the audit trail. */
enum import_made {
	MADE_PERSON,
	MADE_NEED,
	MADE_OFFER,
	MADE_ZONE,
	MADE__MAX,
};

static const char *const import_entities[MADE__MAX] = {
	/* MADE_PERSON */ "person",
	/* MADE_NEED */ "need",
	/* MADE_OFFER */ "offer",
	/* MADE_ZONE */ "zone",
};

struct import {
	struct db *db;
	struct import_opts o;
	size_t ncols;
	enum import_field col[CSV_CELLS_MAX];
	json_t *mapping;    /* import_mapping */
	json_t *refused;    /* import_refused */
	json_t *zones;      /* import_norm(name) -> id */
	json_t *categories; /* import_norm(word) -> code */
	json_t *statuses;   /* import_norm(word) -> status name */
	json_t *languages;  /* import_norm(word) -> language code */
	json_t *refs;       /* person ref -> id */
	const char *lang;   /* a new person's language, unless said */
	int day_first;      /* 5/3/2024 is the 5th of March */
	int begun;          /* the transaction is open */
	int held;           /* the summaries' triggers are held */
	json_t *indexes;    /* the asks' indexes dropped, to make again */
	int64_t rows, found, refused_rows;
	int header;             /* the header was read */
	struct problem failure; /* why import_reader stopped */
	struct import_ids made[MADE__MAX];
};

/*
 * The length of the sign at s that separates words: ASCII's that are not
 * letters or digits, Latin-1's (U+00A0 to U+00BF: the Spanish ¿ and ¡,
 * guillemets, the middle dot) and General Punctuation's (U+2000 to
 * U+206F: dashes, curly quotes); 0 when s is in a word.
 */
static size_t
import_sep(const unsigned char *s)
{
	if (s[0] < 0x80)
		return isalnum(s[0]) ? 0 : 1;
	if (s[0] == 0xc2 && s[1] >= 0xa0 && s[1] <= 0xbf)
		return 2;
	if (s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81) && s[2] != 0)
		return 3;
	return 0;
}

/*
 * s as headers and answers are compared: folded (fold.h), each run of
 * signs between words (import_sep) one space, none at either end. The
 * caller frees the result.
 */
static char *
import_norm(const char *s)
{
	char *f = fold_name(s), *r = f, *w = f;
	int space = 0;
	size_t n;

	while (*r != '\0') {
		n = import_sep((const unsigned char *)r);
		if (n > 0) {
			space = 1;
			r += n;
			continue;
		}
		if (space && w != f)
			*w++ = ' ';
		*w++ = *r++;
		space = 0;
	}
	*w = '\0';
	return f;
}

/* Set key (normalized) to v in obj unless already there. */
static void
import_key(json_t *obj, const char *key, json_t *v)
{
	char *k = import_norm(key);

	if (k[0] != '\0' && json_object_get(obj, k) == NULL)
		json_object_set(obj, k, v);
	free(k);
	json_decref(v);
}

/* The word a catalog has for prefix + name in each language, as keys. */
static void
import_label_keys(struct import *im, json_t *obj, const char *prefix,
    const char *name, json_t *v)
{
	char id[96];
	size_t i;

	if (im->o.text == NULL || im->o.langs == NULL)
		return;
	snprintf(id, sizeof(id), "%s%s", prefix, name);
	for (i = 0; im->o.langs[i] != NULL; i++) {
		const char *t = im->o.text(im->o.langs[i], id);

		/* i18n_get answers the id itself for an id it lacks. */
		if (t != NULL && strcmp(t, id) != 0)
			import_key(obj, t, json_incref(v));
	}
}

/* The words for categories, statuses and languages, and the zones. */
static int
import_words(struct import *im, struct problem *p)
{
	static const char *const statuses[] = { "open", "fulfilled", "closed" };
	json_t *rows = NULL, *row, *code;
	size_t i;

	if (category_all(im->db, &rows, p) == -1)
		return -1;
	json_array_foreach (rows, i, row) {
		code = json_object_get(row, "code");
		import_key(im->categories, json_string_value(code),
		    json_incref(code));
		import_key(im->categories,
		    json_string_value(json_object_get(row, "label")),
		    json_incref(code));
		import_label_keys(im, im->categories, "cat_",
		    json_string_value(code), code);
	}
	for (i = 0; i < NELEM(import_category_words); i++)
		if (json_object_get(im->categories,
			import_category_words[i].code) != NULL)
			import_key(im->categories,
			    import_category_words[i].words,
			    json_string(import_category_words[i].code));
	json_decref(rows);
	for (i = 0; i < NELEM(statuses); i++) {
		json_t *s = json_string(statuses[i]);

		import_key(im->statuses, statuses[i], json_incref(s));
		import_label_keys(im, im->statuses, "status_", statuses[i], s);
		json_decref(s);
	}
	for (i = 0; i < NELEM(import_status_words); i++)
		import_key(im->statuses, import_status_words[i].words,
		    json_string(import_status_words[i].status));
	/* A match cannot come along: the post waits again. */
	{
		json_t *open = json_string("open");

		import_key(im->statuses, "matched", json_incref(open));
		import_label_keys(im, im->statuses, "status_", "matched", open);
		json_decref(open);
	}
	for (i = 0; person_languages[i] != NULL; i++) {
		json_t *s = json_string(person_languages[i]);

		import_key(im->languages, person_languages[i], json_incref(s));
		import_label_keys(im, im->languages, "lang_",
		    person_languages[i], s);
		json_decref(s);
	}
	if (zone_options(im->db, &rows, p) == -1)
		return -1;
	json_array_foreach (rows, i, row)
		import_key(im->zones,
		    json_string_value(json_object_get(row, "name")),
		    json_incref(json_object_get(row, "id")));
	json_decref(rows);
	return 0;
}

struct import *
import_new(struct db *db, const struct import_opts *o)
{
	struct import *im = xcalloc(1, sizeof(*im));

	im->db = db;
	im->o = *o;
	if (o->map != NULL)
		json_incref(o->map);
	im->mapping = json_array();
	im->refused = json_array();
	im->zones = json_object();
	im->categories = json_object();
	im->statuses = json_object();
	im->languages = json_object();
	im->refs = json_object();
	im->lang = "en";
	/* The United States and Canada write the month first. */
	im->day_first = o->country == NULL ||
	    (strcasecmp(o->country, "US") != 0 &&
		strcasecmp(o->country, "CA") != 0);
	return im;
}

/* The field named name, or IMPORT_FIELD__MAX. */
static enum import_field
import_field_named(const char *name)
{
	int k;

	for (k = 0; import_fields[k] != NULL; k++)
		if (strcmp(import_fields[k], name) == 0)
			return (enum import_field)k;
	return IMPORT_FIELD__MAX;
}

/* The field --map gives column (its header) when it names it, or -1. */
static int
import_mapped(struct import *im, const char *column, const char **key,
    struct problem *p)
{
	const char *k;
	json_t *v;
	char *want, *have;
	int found = -1;

	if (im->o.map == NULL)
		return -1;
	have = import_norm(column);
	json_object_foreach (im->o.map, k, v) {
		want = import_norm(k);
		if (strcmp(want, have) == 0) {
			*key = k;
			found = (int)import_field_named(json_string_value(v));
		}
		free(want);
		if (found != -1)
			break;
	}
	free(have);
	if (found == IMPORT_FIELD__MAX)
		problem_set(p, PROBLEM_INVALID, "err_unknown_field", *key, 0);
	return found;
}

/* Whether --map names columns the header has none of: -1 with p. */
static int
import_map_check(struct import *im, const struct csv_row *row,
    struct problem *p)
{
	const char *k;
	json_t *v;
	size_t i;
	int hit;

	if (im->o.map == NULL)
		return 0;
	json_object_foreach (im->o.map, k, v) {
		char *want = import_norm(k);

		for (i = 0, hit = 0; i < row->n && !hit; i++) {
			char *have = import_norm(row->cells[i]);

			hit = strcmp(want, have) == 0;
			free(have);
		}
		free(want);
		if (!hit)
			return problem_set(p, PROBLEM_INVALID,
			    "err_import_column", k, 0);
	}
	return 0;
}

/* Whether the words phrase stand whole in the normalized header w. */
static int
import_has_words(const char *w, const char *phrase)
{
	size_t n = strlen(phrase);
	const char *at;

	for (at = strstr(w, phrase); at != NULL; at = strstr(at + 1, phrase))
		if ((at == w || at[-1] == ' ') &&
		    (at[n] == '\0' || at[n] == ' '))
			return 1;
	return 0;
}

/*
 * The first of the n headers in t that the normalized header w is (or,
 * with whole, holds as whole words), from *at on: its field and language,
 * and *at its place; IMPORT_FIELD__MAX for none.
 */
static enum import_field
import_header_find(const struct import_header *t, size_t n, const char *w,
    int whole, enum import_lang *lang, size_t *at)
{
	for (; *at < n; (*at)++)
		if (whole ? import_has_words(w, t[*at].words)
			  : strcmp(t[*at].words, w) == 0) {
			*lang = t[*at].lang;
			return t[*at].field;
		}
	return IMPORT_FIELD__MAX;
}

/* The field a header's words give by import_headers, and their language. */
static enum import_field
import_known(const char *column, enum import_lang *lang)
{
	char *w = import_norm(column);
	size_t at = 0;
	enum import_field f = import_header_find(import_headers,
	    NELEM(import_headers), w, 0, lang, &at);

	free(w);
	return f;
}

/*
 * The field a question's words give by import_header_words, and their
 * language: IMPORT_FIELD__MAX for none, and for a header that asks for a
 * phone or an email ("Phone or email"), which a column of either would
 * refuse the other of.
 */
static enum import_field
import_guessed(const char *column, enum import_lang *lang)
{
	char *w = import_norm(column);
	enum import_lang also;
	size_t at = 0;
	enum import_field f = import_header_find(import_header_words,
	    NELEM(import_header_words), w, 1, lang, &at);

	while (f == IMPORT_EMAIL && ++at < NELEM(import_header_words))
		if (import_header_find(import_header_words,
			NELEM(import_header_words), w, 1, &also,
			&at) == IMPORT_PHONE)
			f = IMPORT_FIELD__MAX;
	free(w);
	return f;
}

/*
 * The language of a header's words (import_known's, else
 * import_guessed's), whatever field a map gives its column: the form was
 * asked in it all the same.
 */
static enum import_lang
import_header_lang(const char *column)
{
	enum import_lang lang = LANG_ANY;

	if (import_known(column, &lang) == IMPORT_FIELD__MAX)
		import_guessed(column, &lang);
	return lang;
}

/* The fields each kind cannot do without, a column each. */
static int
import_needs_column(struct import *im, enum import_field f)
{
	size_t i;

	for (i = 0; i < im->ncols; i++)
		if (im->col[i] == f)
			return 0;
	return 1;
}

int
import_header(struct import *im, const struct csv_row *row, struct problem *p)
{
	int taken[IMPORT_FIELD__MAX] = { 0 }, named[IMPORT_FIELD__MAX] = { 0 };
	int langs[3] = { 0 }, f;
	enum import_lang lang;
	const char *key, *by;
	size_t i;

	if (import_map_check(im, row, p) == -1)
		return -1;
	im->ncols = row->n;
	/* The fields named by a column's header, so a question's words
	 * take only those left. */
	for (i = 0; i < row->n; i++) {
		key = NULL;
		f = import_mapped(im, row->cells[i], &key, p);
		if (f == -1)
			f = (int)import_known(row->cells[i], &lang);
		if (f >= 0 && f < IMPORT_FIELD__MAX)
			named[f] = 1;
	}
	for (i = 0; i < row->n; i++) {
		key = NULL;
		lang = LANG_ANY;
		f = import_mapped(im, row->cells[i], &key, p);
		if (f == IMPORT_FIELD__MAX)
			return -1;
		by = "map";
		if (f != -1)
			lang = import_header_lang(row->cells[i]);
		else {
			f = (int)import_known(row->cells[i], &lang);
			by = "name";
		}
		if (f == IMPORT_FIELD__MAX) {
			f = (int)import_guessed(row->cells[i], &lang);
			by = "words";
			if (f != IMPORT_FIELD__MAX && named[f] &&
			    f != IMPORT_DETAILS)
				f = IMPORT_FIELD__MAX;
		}
		/*
		 * A second column of a field adds to the details only; one
		 * the caller leaves out is left out by the map.
		 */
		if (f == IMPORT_FIELD__MAX ||
		    (f == IMPORT_IGNORE && strcmp(by, "name") == 0) ||
		    (taken[f] && f != IMPORT_DETAILS && f != IMPORT_IGNORE)) {
			f = IMPORT_IGNORE;
			by = NULL;
		}
		if (by != NULL && f != IMPORT_IGNORE)
			langs[lang]++;
		taken[f] = 1;
		im->col[i] = (enum import_field)f;
		json_array_append_new(im->mapping,
		    json_pack("{s:s,s:s,s:s?}", "column", row->cells[i],
			"field", import_fields[f], "by", by));
	}
	/* A form asked in Spanish was answered by people who speak it. */
	if (langs[LANG_ES] > langs[LANG_EN])
		im->lang = "es";
	if (import_needs_column(im, IMPORT_NAME))
		return problem_set(p, PROBLEM_INVALID, "err_import_no_column",
		    import_fields[IMPORT_NAME], 0);
	if (im->o.kind != IMPORT_PEOPLE) {
		if (import_needs_column(im, IMPORT_ZONE))
			return problem_set(p, PROBLEM_INVALID,
			    "err_import_no_column", import_fields[IMPORT_ZONE],
			    0);
		if (import_needs_column(im, IMPORT_CATEGORY) &&
		    import_needs_column(im, IMPORT_DETAILS))
			return problem_set(p, PROBLEM_INVALID,
			    "err_import_no_column",
			    import_fields[IMPORT_CATEGORY], 0);
	}
	if (import_words(im, p) == -1)
		return -1;
	if (db_begin(im->db) == -1)
		return tx_problem(im->db, p);
	im->begun = 1;
	return 0;
}

/* One row's cells by field, and what its checks found wrong. */
struct import_row {
	const struct csv_row *row;
	const char *v[IMPORT_FIELD__MAX]; /* the first non-empty, or NULL */
	struct buf details;
	struct problem p;
	char created_at[CLOCK_ISO_LEN];
	char phone[PHONE_E164_LEN];
};

/* Note a refusal of field (an import_fields name) with msg. */
static void
import_bad(struct import_row *r, const char *field, const char *msg)
{
	problem_add(&r->p, msg, field, 0);
}

/* Note each field of p, a failed field_decode, as the field given. */
static void
import_bad_all(struct import_row *r, const struct problem *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->nfields; i++)
		problem_add(&r->p, p->fields[i].msg,
		    field != NULL ? field : p->fields[i].field,
		    p->fields[i].arg);
}

/* The value of obj (import_norm keys) for s, or NULL. */
static json_t *
import_lookup(json_t *obj, const char *s)
{
	char *k = import_norm(s);
	json_t *v = json_object_get(obj, k);

	free(k);
	return v;
}

/* Urgency 1 to 3 from s, or 0 when it is none. */
static int
import_urgency(const char *s)
{
	char *k;
	size_t i;
	int u = 0;

	if (s[0] >= '1' && s[0] <= '3' && !isdigit((unsigned char)s[1]))
		return s[0] - '0';
	k = import_norm(s);
	for (i = 0; i < NELEM(import_urgencies); i++)
		if (strcmp(k, import_urgencies[i].words) == 0)
			u = import_urgencies[i].urgency;
	free(k);
	return u;
}

/* Gather the row's cells by field, the details of several columns. */
static void
import_gather(struct import *im, struct import_row *r)
{
	const struct csv_row *row = r->row;
	size_t i;
	int details = 0;

	for (i = 0; i < row->n && i < im->ncols; i++) {
		enum import_field f = im->col[i];
		/* A cell an export of ours kept from running as a formula. */
		const char *v = csv_unguard(row->cells[i]);

		while (*v == ' ' || *v == '\t')
			v++;
		if (f == IMPORT_IGNORE || *v == '\0')
			continue;
		if (f == IMPORT_DETAILS) {
			if (r->details.len > 0)
				buf_addc(&r->details, '\n');
			/* Past the first, each says what it answers. */
			if (details++ > 0)
				buf_printf(&r->details, "%s: ",
				    json_string_value(json_object_get(
					json_array_get(im->mapping, i),
					"column")));
			buf_adds(&r->details, v);
		} else if (r->v[f] == NULL)
			r->v[f] = v;
	}
	if (r->details.len > 0)
		r->v[IMPORT_DETAILS] = r->details.ptr;
}

/*
 * The person of the row as person_fields takes it, checked: the new
 * object, or NULL with the row's problems noted.
 */
static json_t *
import_person_in(struct import *im, struct import_row *r)
{
	const char *why = NULL;
	json_t *raw = json_object(), *in = NULL, *lang;
	struct problem p = { 0 };
	struct buf name = BUF_INIT;

	if (r->v[IMPORT_NAME] != NULL)
		buf_adds(&name, r->v[IMPORT_NAME]);
	if (r->v[IMPORT_LAST_NAME] != NULL)
		buf_printf(&name, "%s%s", name.len > 0 ? " " : "",
		    r->v[IMPORT_LAST_NAME]);
	if (name.len > 0)
		input_set(raw, person_fields, PERSON_NAME,
		    json_string(name.ptr));
	buf_free(&name);
	if (r->v[IMPORT_PHONE] != NULL) {
		if (phone_e164(r->v[IMPORT_PHONE], im->o.country, r->phone,
			&why) == -1)
			import_bad(r, import_fields[IMPORT_PHONE], why);
		else
			input_set(raw, person_fields, PERSON_PHONE,
			    json_string(r->phone));
	}
	if (r->v[IMPORT_EMAIL] != NULL)
		input_set(raw, person_fields, PERSON_EMAIL,
		    json_string(r->v[IMPORT_EMAIL]));
	if (r->v[IMPORT_ADDRESS] != NULL)
		input_set(raw, person_fields, PERSON_ADDRESS,
		    json_string(r->v[IMPORT_ADDRESS]));
	lang = r->v[IMPORT_LANGUAGE] != NULL
	    ? import_lookup(im->languages, r->v[IMPORT_LANGUAGE])
	    : NULL;
	if (r->v[IMPORT_LANGUAGE] != NULL && lang == NULL)
		import_bad(r, import_fields[IMPORT_LANGUAGE], "err_choice");
	input_set(raw, person_fields, PERSON_LANGUAGE,
	    lang != NULL ? json_incref(lang) : json_string(im->lang));
	if (field_decode(person_fields, raw, 0, &in, &p) == -1)
		import_bad_all(r, &p, NULL);
	json_decref(raw);
	return in;
}

/*
 * The row's category answer split as checkboxes are ("Groceries,
 * Diapers"; a comma inside brackets is the label's own) into the codes
 * it names, in order, each once, into codes; what names none goes to
 * unknown, joined by ", ".
 */
static void
import_split(struct import *im, const char *s, json_t *codes,
    struct buf *unknown)
{
	const char *start = s;
	int depth = 0;
	json_t *code;
	size_t i;
	int seen;

	for (;; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth > 0)
			depth--;
		if (*s != '\0' && (*s != ',' || depth > 0))
			continue;
		{
			char *piece = xstrndup(start, (size_t)(s - start));
			char *k = import_norm(piece);

			if (k[0] != '\0') {
				code = json_object_get(im->categories, k);
				if (code == NULL) {
					buf_printf(unknown, "%s%s",
					    unknown->len > 0 ? ", " : "",
					    piece + strspn(piece, " "));
				} else {
					json_t *c;

					seen = 0;
					json_array_foreach (codes, i, c)
						seen |= json_equal(c, code);
					if (!seen)
						json_array_append(codes, code);
				}
			}
			free(k);
			free(piece);
		}
		if (*s == '\0')
			break;
		start = s + 1;
	}
}

/*
 * The posts (asks or offers) of the row, each as the kind's fields take
 * it without person_id and zone_id: a new array, with the row's problems
 * noted when one is bad.
 */
static json_t *
import_posts(struct import *im, struct import_row *r)
{
	int need = im->o.kind == IMPORT_NEEDS;
	const struct field *fields = need ? need_fields : offer_fields;
	json_t *codes = json_array(), *posts = json_array(), *code, *raw, *in,
	       *other;
	struct buf unknown = BUF_INIT, details = BUF_INIT;
	struct problem p;
	int urgency = 2;
	size_t i;

	if (r->v[IMPORT_CATEGORY] != NULL)
		import_split(im, r->v[IMPORT_CATEGORY], codes, &unknown);
	/* An answer of none of the categories keeps its words. */
	if (unknown.len > 0 || json_array_size(codes) == 0) {
		other = json_object_get(im->categories, "other");
		if (other == NULL)
			import_bad(r, import_fields[IMPORT_CATEGORY],
			    "err_no_category");
		else
			json_array_append(codes, other);
	}
	if (need && r->v[IMPORT_URGENCY] != NULL) {
		urgency = import_urgency(r->v[IMPORT_URGENCY]);
		if (urgency == 0)
			import_bad(r, import_fields[IMPORT_URGENCY],
			    "err_import_urgency");
	}
	json_array_foreach (codes, i, code) {
		const char *c = json_string_value(code);
		int is_other = strcmp(c, "other") == 0 && unknown.len > 0;

		buf_reset(&details);
		if (is_other)
			buf_adds(&details, unknown.ptr);
		if (r->v[IMPORT_DETAILS] != NULL)
			buf_printf(&details, "%s%s", is_other ? ": " : "",
			    r->v[IMPORT_DETAILS]);
		/* A checkbox answer alone is all an ask says. */
		else if (!is_other && r->v[IMPORT_CATEGORY] != NULL)
			buf_adds(&details, r->v[IMPORT_CATEGORY]);
		raw = json_pack("{s:i,s:O,s:s,s:i}", "person_id", 1, "category",
		    code, "details", details.len > 0 ? details.ptr : "",
		    "zone_id", 1);
		if (need)
			input_set(raw, need_fields, NEED_URGENCY,
			    json_integer(urgency > 0 ? urgency : 2));
		else if (r->v[IMPORT_QUANTITY] != NULL)
			input_set(raw, offer_fields, OFFER_QUANTITY,
			    json_string(r->v[IMPORT_QUANTITY]));
		p = (struct problem){ 0 };
		in = NULL;
		if (field_decode(fields, raw, 0, &in, &p) == -1) {
			/* Each bad field once, whatever the number of posts. */
			if (i == 0)
				import_bad_all(r, &p, NULL);
		} else
			json_array_append_new(posts, in);
		json_decref(raw);
	}
	json_decref(codes);
	buf_free(&unknown);
	buf_free(&details);
	return posts;
}

/*
 * The row's status and its reason into each post: the status name, or
 * NULL with the problem noted.
 */
static const char *
import_status(struct import *im, struct import_row *r, json_t *posts)
{
	const char *reason = r->v[IMPORT_CLOSE_REASON];
	json_t *st, *post;
	const char *s;
	size_t i;

	if (r->v[IMPORT_STATUS] == NULL)
		return "open";
	st = import_lookup(im->statuses, r->v[IMPORT_STATUS]);
	if (st == NULL) {
		import_bad(r, import_fields[IMPORT_STATUS],
		    "err_import_status");
		return NULL;
	}
	s = json_string_value(st);
	if (strcmp(s, "closed") == 0 && reason == NULL) {
		import_bad(r, import_fields[IMPORT_CLOSE_REASON],
		    "err_reason_required");
		return NULL;
	}
	if (strcmp(s, "open") != 0 && reason != NULL) {
		json_t *raw = json_pack("{s:s,s:s}", "status", s, "reason",
			   reason),
		       *in = NULL;
		struct problem p = { 0 };

		/* The reason as a status change takes it: a line, bounded. */
		if (field_decode(status_fields, raw, 0, &in, &p) == -1) {
			import_bad_all(r, &p,
			    import_fields[IMPORT_CLOSE_REASON]);
			s = NULL;
		} else
			json_array_foreach (posts, i, post)
				input_copy(in, status_fields, STATUS_KEY_REASON,
				    post, status_fields, STATUS_KEY_REASON);
		json_decref(raw);
		json_decref(in);
	}
	return s;
}

static void
import_note(struct import_ids *ids, int64_t id)
{
	if (ids->n == ids->size) {
		ids->size = ids->size ? ids->size * 2 : 64;
		ids->v = xrealloc(ids->v, ids->size * sizeof(*ids->v));
	}
	ids->v[ids->n++] = id;
}

/*
 * The row's zone as zone_fields takes it, checked: a new object, or NULL
 * with the problem noted.
 */
static json_t *
import_zone_in(struct import_row *r)
{
	json_t *raw = json_object(), *in = NULL;
	struct problem p = { 0 };

	input_set(raw, zone_fields, ZONE_NAME, json_string(r->v[IMPORT_ZONE]));
	if (field_decode(zone_fields, raw, 0, &in, &p) == -1)
		import_bad_all(r, &p, import_fields[IMPORT_ZONE]);
	json_decref(raw);
	return in;
}

/* The id of the zone in names, made when there is none: 0, or -1. */
static int
import_zone(struct import *im, json_t *in, int64_t *id, struct problem *p)
{
	const char *name = input_text(in, zone_fields, ZONE_NAME);
	json_t *v = import_lookup(im->zones, name), *row = NULL;

	if (v != NULL) {
		*id = json_integer_value(v);
		return 0;
	}
	if (zone_create(im->db, in, &row, p) == -1)
		return -1;
	*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	import_key(im->zones, name, json_integer(*id));
	import_note(&im->made[MADE_ZONE], *id);
	return 0;
}

/*
 * The row's person: the one its ref named on an earlier row, the one on
 * file with its phone or email, or a new one. 0 and *id, or -1 with p.
 */
static int
import_person(struct import *im, struct import_row *r, json_t *in, int64_t *id,
    struct problem *p)
{
	const char *ref = r->v[IMPORT_PERSON_REF];
	json_t *v = ref != NULL ? json_object_get(im->refs, ref) : NULL;
	json_t *row = NULL;
	int rc;

	if (v != NULL) {
		*id = json_integer_value(v);
		return 0;
	}
	rc = person_match(im->db, input_text(in, person_fields, PERSON_PHONE),
	    input_text(in, person_fields, PERSON_EMAIL), id);
	if (rc == -1)
		return tx_problem(im->db, p);
	if (rc == 1)
		im->found++;
	else {
		if (person_create_at(im->db, in, r->created_at, &row, p) == -1)
			return -1;
		*id = json_integer_value(json_object_get(row, "id"));
		json_decref(row);
		import_note(&im->made[MADE_PERSON], *id);
	}
	if (ref != NULL)
		json_object_set_new(im->refs, ref, json_integer(*id));
	return 0;
}

/* Write the checked row: its zone, its person, its posts. 0, or -1. */
static int
import_write(struct import *im, struct import_row *r, json_t *person,
    json_t *zin, json_t *posts, const char *status, struct problem *p)
{
	int need = im->o.kind == IMPORT_NEEDS;
	int64_t zone = 0, id;
	json_t *post, *row;
	size_t i;
	int rc;

	if (zin != NULL) {
		if (import_zone(im, zin, &zone, p) == -1)
			return -1;
		input_set(person, person_fields, PERSON_ZONE_ID,
		    json_integer(zone));
	}
	if (import_person(im, r, person, &id, p) == -1)
		return -1;
	json_array_foreach (posts, i, post) {
		input_set(post, need_fields, NEED_PERSON_ID, json_integer(id));
		input_set(post, need_fields, NEED_ZONE_ID, json_integer(zone));
		row = NULL;
		rc = need ? need_create_at(im->db, post, status, r->created_at,
				&row, p)
			  : offer_create_at(im->db, post, status, r->created_at,
				&row, p);
		if (rc == -1)
			return -1;
		import_note(&im->made[need ? MADE_NEED : MADE_OFFER],
		    json_integer_value(json_object_get(row, "id")));
		json_decref(row);
	}
	return 0;
}

/* Keep the row's problems as refusals, each with its column. */
static void
import_refuse(struct import *im, struct import_row *r)
{
	const char *field, *column;
	size_t i, k;
	int f;

	im->refused_rows++;
	for (i = 0; i < r->p.nfields; i++) {
		field = r->p.fields[i].field;
		/* The domain's names for what the import calls otherwise. */
		if (field != NULL && strcmp(field, "zone_id") == 0)
			field = import_fields[IMPORT_ZONE];
		f = field != NULL ? (int)import_field_named(field)
				  : IMPORT_FIELD__MAX;
		column = NULL;
		for (k = 0; k < im->ncols && column == NULL; k++)
			if ((int)im->col[k] == f)
				column = json_string_value(json_object_get(
				    json_array_get(im->mapping, k), "column"));
		json_array_append_new(im->refused,
		    json_pack("{s:I,s:s?,s:s?,s:s,s:I}", "row",
			(json_int_t)r->row->record, "column", column, "field",
			field, "message", r->p.fields[i].msg, "arg",
			(json_int_t)r->p.fields[i].arg));
	}
}

static const char *const import_asks_sql = "SELECT count(*) FROM need";

static int
import_hold(struct import *im)
{
	int64_t asks = 0;

	if (facing_summary_hold(im->db) == -1)
		return -1;
	ladder_hold(im->db);
	im->held = 1;
	if (im->o.kind != IMPORT_NEEDS || db_kind(im->db) != DB_SQLITE)
		return 0;
	if (db_int(im->db, import_asks_sql, NULL, 0, &asks) != 1)
		return -1;
	if (asks < IMPORT_REINDEX_BELOW &&
	    (im->indexes = db_indexes_drop(im->db, "need")) == NULL)
		return -1;
	return 0;
}

int
import_row(struct import *im, const struct csv_row *row, struct problem *p)
{
	struct import_row r = { .row = row, .details = BUF_INIT };
	json_t *person, *zone = NULL, *posts = NULL;
	const char *status = "open";
	int rc = 0;

	im->rows++;
	import_gather(im, &r);
	if (r.v[IMPORT_CREATED_AT] == NULL)
		clock_now(r.created_at);
	else if (sheetdate_read(r.v[IMPORT_CREATED_AT], im->day_first,
		     r.created_at) == -1)
		import_bad(&r, import_fields[IMPORT_CREATED_AT],
		    "err_import_date");
	person = import_person_in(im, &r);
	if (im->o.kind != IMPORT_PEOPLE) {
		if (r.v[IMPORT_ZONE] == NULL)
			import_bad(&r, import_fields[IMPORT_ZONE],
			    "err_required");
		posts = import_posts(im, &r);
		status = import_status(im, &r, posts);
	}
	if (r.v[IMPORT_ZONE] != NULL)
		zone = import_zone_in(&r);
	if (r.p.nfields > 0)
		import_refuse(im, &r);
	else if ((!im->held && im->rows >= IMPORT_HOLD_ROWS &&
		     import_hold(im) == -1) ||
	    import_write(im, &r, person, zone, posts, status, p) == -1) {
		if (p->kind == PROBLEM_NONE)
			tx_problem(im->db, p);
		db_rollback(im->db);
		im->begun = 0;
		rc = -1;
	}
	json_decref(person);
	json_decref(zone);
	json_decref(posts);
	buf_free(&r.details);
	return rc;
}

static int
import_each(void *arg, const struct csv_row *row)
{
	struct import *im = arg;
	void (*progress)(void *, struct import *, int64_t) = im->o.progress;

	if (!im->header) {
		im->header = 1;
		if (import_header(im, row, &im->failure) == -1) {
			/* What it read says what to map. */
			if (progress != NULL &&
			    json_array_size(im->mapping) > 0)
				progress(im->o.progress_arg, im, 0);
			return 1;
		}
		if (progress != NULL)
			progress(im->o.progress_arg, im, 0);
		return 0;
	}
	if (import_row(im, row, &im->failure) == -1)
		return 1;
	if (progress != NULL && im->rows % IMPORT_PROGRESS == 0)
		progress(im->o.progress_arg, im, im->rows);
	return 0;
}

struct csv_reader *
import_reader(struct import *im)
{
	return csv_reader_new(import_each, im);
}

const struct problem *
import_failure(const struct import *im)
{
	return im->failure.kind != PROBLEM_NONE ? &im->failure : NULL;
}

int
import_has_header(const struct import *im)
{
	return im->header;
}

int
import_end(struct import *im, struct problem *p)
{
	size_t i;

	if (!im->begun)
		return 0;
	im->begun = 0;
	if (im->o.dry_run || (im->refused_rows > 0 && !im->o.skip_bad)) {
		ladder_drop();
		db_rollback(im->db);
		return 0;
	}
	/*
	 * The asks' indexes, then the stages (a step looks for a person's
	 * asks), then the summaries (the figures count the stages).
	 */
	if ((im->indexes != NULL &&
		db_indexes_make(im->db, im->indexes) == -1) ||
	    (im->held &&
		(ladder_release(im->db) == -1 ||
		    facing_summary_rebuild(im->db) == -1 ||
		    figures_summary_rebuild(im->db) == -1)))
		goto fail;
	for (i = 0; i < MADE__MAX; i++)
		if (audit_log_many(im->db, im->o.viewer, im->o.action,
			import_entities[i], im->made[i].v, im->made[i].n) == -1)
			goto fail;
	/* A commit that fails may leave the transaction open (tx_run). */
	if (db_commit(im->db) == -1)
		goto fail;
	return 1;
fail:
	tx_problem(im->db, p);
	db_rollback(im->db);
	return -1;
}

json_t *
import_mapping(const struct import *im)
{
	return im->mapping;
}

json_t *
import_refused(const struct import *im)
{
	return im->refused;
}

json_t *
import_counts(const struct import *im)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "rows",
	    (json_int_t)im->rows, "people", (json_int_t)im->made[MADE_PERSON].n,
	    "people_found", (json_int_t)im->found, "needs",
	    (json_int_t)im->made[MADE_NEED].n, "offers",
	    (json_int_t)im->made[MADE_OFFER].n, "zones",
	    (json_int_t)im->made[MADE_ZONE].n, "refused",
	    (json_int_t)im->refused_rows);
}

int64_t
import_rows(const struct import *im)
{
	return im->rows;
}

int64_t
import_refused_rows(const struct import *im)
{
	return im->refused_rows;
}

void
import_free(struct import *im)
{
	size_t i;

	if (im == NULL)
		return;
	if (im->held)
		ladder_drop();
	json_decref(im->indexes);
	if (im->begun)
		db_rollback(im->db);
	json_decref(im->o.map);
	json_decref(im->mapping);
	json_decref(im->refused);
	json_decref(im->zones);
	json_decref(im->categories);
	json_decref(im->statuses);
	json_decref(im->languages);
	json_decref(im->refs);
	for (i = 0; i < MADE__MAX; i++)
		free(im->made[i].v);
	free(im);
}
