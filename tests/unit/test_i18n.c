/*
 * The message catalogs: lookups and {n} in both languages, and every id
 * the code uses present in both catalogs, found by reading the sources
 * (run from the repository root), never from a list kept by hand: every
 * "err_…" literal in src/ (the messages of problem_set), the ids made
 * from a prefix and a closed set (roles, statuses, languages, urgencies,
 * the categories the schema seeds), and every {{t.id}} in templates/.
 */
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"
#include "testdb.h"
#include "domain/assign.h"
#include "domain/audit.h"
#include "domain/action.h"
#include "domain/call.h"
#include "domain/conversation.h"
#include "domain/campaign.h"
#include "domain/delivery.h"
#include "domain/outcome.h"
#include "domain/person.h"
#include "domain/program.h"
#include "domain/session.h"
#include "domain/attendance.h"
#include "domain/event.h"
#include "domain/rank.h"
#include "domain/rule.h"
#include "domain/role_held.h"
#include "domain/status.h"
#include "domain/item.h"
#include "domain/ladder.h"
#include "domain/location.h"
#include "domain/stock.h"
#include "domain/target.h"
#include "domain/task.h"
#include "domain/viewer.h"
#include "render/i18n.h"
#include "render/view.h"
#include "util/buf.h"
#include "util/banned.h"

/* Is id (len bytes) a non-empty string in the catalog of lang? */
static int
has_id(const char *lang, const char *id, size_t len)
{
	char key[128];
	json_t *v;

	if (len == 0 || len >= sizeof(key))
		return 0;
	memcpy(key, id, len);
	key[len] = '\0';
	v = json_object_get(i18n_catalog(lang), key);
	return json_is_string(v) && json_string_length(v) > 0;
}

/* Is id (len bytes) in both catalogs? If not, one failure per language. */
static int
check_id(const char *where, const char *id, size_t len)
{
	static const char *const langs[] = { "en", "es" };
	int i, missing = 0;

	for (i = 0; i < 2; i++) {
		if (has_id(langs[i], id, len))
			continue;
		missing++;
		ok(0, "%s: %.*s is in the %s catalog", where, (int)len, id,
		    langs[i]);
	}
	return missing == 0;
}

/*
 * Every string literal "err_…" in one source file: the message ids of
 * problem_set, whether written at the call or in a table. Adds to *ids
 * the number seen, returns the number missing from a catalog.
 */
static int
scan_source(const char *path, int *ids)
{
	char *src = testdb_slurp(path, NULL);
	const char *p, *id;
	int missing = 0;

	if (src == NULL) {
		ok(0, "%s can be read", path);
		return 1;
	}
	for (p = strstr(src, "\"err_"); p != NULL; p = strstr(p, "\"err_")) {
		id = ++p;
		while (islower((unsigned char)*p) || isdigit((unsigned char)*p)
		    || *p == '_')
			p++;
		if (*p != '"')
			continue;
		(*ids)++;
		if (!check_id(path, id, (size_t)(p - id)))
			missing++;
		p++;
	}
	free(src);
	return missing;
}

/* Walk dir for .c and .h files; counts into *files and *ids. */
static int
scan_sources(const char *dir, int *files, int *ids)
{
	char path[512];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	int missing = 0;
	size_t n;

	if (d == NULL) {
		ok(0, "%s opens (run from the repository root)", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = strlen(de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			missing += scan_sources(path, files, ids);
		else if (n > 2 && de->d_name[n - 2] == '.' &&
		    strchr("ch", de->d_name[n - 1]) != NULL) {
			(*files)++;
			missing += scan_source(path, ids);
		}
	}
	closedir(d);
	return missing;
}

/* The reason only a reversal is written with, never given as input. */
static const char *const stock_written_reasons[] = { "reversal", NULL };

/* prefix + each of names (NULL-ended): the ids i18n_label and the role
 * label make at run time. Returns how many are missing. */
static int
check_family(const char *prefix, const char *const *names)
{
	char id[64];
	int missing = 0, n;

	for (; *names != NULL; names++) {
		n = snprintf(id, sizeof(id), "%s%s", prefix, *names);
		if (!check_id(prefix, id, (size_t)n))
			missing++;
	}
	return missing;
}

/* Whether audit_actions lists the n bytes at s. */
static int
action_listed(const char *s, size_t n)
{
	const char *const *a;

	for (a = audit_actions; *a != NULL; a++)
		if (strlen(*a) == n && strncmp(*a, s, n) == 0)
			return 1;
	printf("#   \"%.*s\" is written to the trail, not in audit_actions\n",
	    (int)n, s);
	return 0;
}

/*
 * Every action the code writes to the trail is one audit_actions lists,
 * or the audit page shows its raw id: the second string of each row of
 * route.c's route_actions ({ METHOD_X, "pattern", "action", …), and the
 * third argument of each audit_log(db, viewer, "action", … in src/, when
 * a literal. Returns how many are not listed.
 */
static int
check_written_actions(void)
{
	char *src, *at, *end, *q;
	int missing = 0, depth, commas;
	glob_t files;
	size_t i;

	src = testdb_slurp("src/http/route.c", NULL);
	at = src != NULL ? strstr(src, "route_actions[] = {") : NULL;
	end = at != NULL ? strstr(at, "\n};") : NULL;
	if (!ok(end != NULL, "route.c's route_actions"))
		missing++;
	while (end != NULL && (at = strstr(at, "{ METHOD_")) != NULL &&
	    at < end) {
		/* The pattern's string, then the action's. */
		at = strchr(strchr(strchr(at, '"') + 1, '"') + 1, '"') + 1;
		q = strchr(at, '"');
		missing += !action_listed(at, (size_t)(q - at));
		at = q + 1;
	}
	free(src);
	if (!ok(glob("src/*/*.c", 0, NULL, &files) == 0 && files.gl_pathc > 50,
		"the sources under src/"))
		return missing + 1;
	for (i = 0; i < files.gl_pathc; i++) {
		src = testdb_slurp(files.gl_pathv[i], NULL);
		if (src == NULL)
			continue;
		for (at = src; (at = strstr(at, "audit_log(")) != NULL;) {
			at += strlen("audit_log(");
			for (depth = commas = 0; *at != '\0' && commas < 2; at++)
				if (*at == '(')
					depth++;
				else if (*at == ')')
					depth--;
				else if (*at == ',' && depth == 0)
					commas++;
			at += strspn(at, " \t\n");
			if (*at != '"')
				continue;
			q = strchr(at + 1, '"');
			missing += !action_listed(at + 1, (size_t)(q - at - 1));
			at = q + 1;
		}
		free(src);
	}
	globfree(&files);
	return missing;
}

/*
 * The audit trail's actions in words: audit_do_ID, '.' and ' ' in the id
 * as '_' (pages/audit.c). Returns how many are missing.
 */
static int
check_actions(void)
{
	char id[64];
	const char *const *a;
	int missing = 0, n, i;

	for (a = audit_actions; *a != NULL; a++) {
		n = snprintf(id, sizeof(id), "audit_do_%s", *a);
		for (i = 0; i < n; i++)
			if (id[i] == '.' || id[i] == ' ')
				id[i] = '_';
		if (!check_id("audit_do_", id, (size_t)n))
			missing++;
	}
	return missing;
}

/*
 * The categories the schema seeds ("INSERT INTO category … ('code', …")
 * need a label in each catalog (a category a network adds later shows
 * its own), and so does each urgency of "urgency BETWEEN lo AND hi".
 * Returns the number of ids checked.
 */
static int
check_schema_ids(const char *path, int *missing)
{
	char *src = testdb_slurp(path, NULL), id[64];
	const char *p, *end, *q;
	int n = 0, lo, hi, u;

	if (!ok(src != NULL, "%s can be read", path))
		return 0;
	p = strstr(src, "INSERT INTO category");
	end = p != NULL ? strchr(p, ';') : NULL;
	for (q = p != NULL ? strstr(p, "('") : NULL; q != NULL && q < end;
	    q = strstr(q, "('")) {
		const char *code = q += 2;

		q += strcspn(q, "'");
		snprintf(id, sizeof(id), "cat_%.*s", (int)(q - code), code);
		n++;
		if (!check_id(path, id, strlen(id)))
			(*missing)++;
	}
	p = strstr(src, "urgency BETWEEN ");
	if (ok(p != NULL && sscanf(p, "urgency BETWEEN %d AND %d", &lo, &hi)
	    == 2 && lo <= hi, "%s bounds the urgency", path))
		for (u = lo; u <= hi; u++) {
			snprintf(id, sizeof(id), "urgency_%d", u);
			n++;
			if (!check_id(path, id, strlen(id)))
				(*missing)++;
		}
	free(src);
	return n;
}

/*
 * Each assessment of "assessment BETWEEN lo AND hi" needs its words
 * (assessment_N, the scale explained on the form). The ids missing.
 */
static int
check_assessments(const char *path)
{
	char *src = testdb_slurp(path, NULL), id[32];
	const char *p = src != NULL ? strstr(src, "assessment BETWEEN ") : NULL;
	int lo, hi, a, missing = 0;

	if (ok(p != NULL && sscanf(p, "assessment BETWEEN %d AND %d", &lo,
	    &hi) == 2 && lo <= hi, "%s bounds the assessment", path))
		for (a = lo; a <= hi; a++) {
			snprintf(id, sizeof(id), "assessment_%d", a);
			if (!check_id(path, id, strlen(id)))
				missing++;
		}
	free(src);
	return missing;
}

/* Every id the C code uses, in both catalogs. */
static void
check_code_ids(void)
{
	int files = 0, ids = 0, missing, schema;

	missing = scan_sources("src", &files, &ids);
	ok(files >= 50 && ids >= 40, "src/: %d uses of message ids in %d files",
	    ids, files);
	missing += check_family("role_", role_names);
	missing += check_family("status_", status_names);
	missing += check_family("lang_", person_languages);
	missing += check_family("audit_entity_", audit_entities);
	missing += check_actions();
	missing += check_written_actions();
	missing += check_family("outcome_", call_outcomes);
	missing += check_family("reason_", assign_reason_codes);
	missing += check_family("reason_", rank_reasons);
	missing += check_family("outcome_", delivery_outcomes);
	missing += check_family("status_", task_statuses);
	missing += check_family("task_why_", task_whys);
	missing += check_family("task_why_", rule_whys);
	missing += check_family("outcome_", task_outcomes);
	missing += check_family("rule_cond_", rule_conds);
	missing += check_family("target_kind_", target_kinds);
	missing += check_family("how_", conversation_hows);
	missing += check_assessments("schema/014_organizing.sql");
	missing += check_family("status_", campaign_statuses);
	missing += check_family("action_kind_", action_kinds);
	missing += check_family("result_", outcome_results);
	missing += check_family("program_kind_", program_kinds);
	missing += check_family("session_status_", session_statuses);
	missing += check_family("attendance_role_", attendance_roles);
	missing += check_family("event_kind_", event_kinds);
	missing += check_family("ladder_stage_", ladder_stages);
	missing += check_family("ladder_why_", ladder_whys);
	missing += check_family("membership_", ladder_statuses);
	missing += check_family("role_held_", role_held_roles);
	missing += check_family("unit_", item_units);
	missing += check_family("location_kind_", location_kinds);
	missing += check_family("stock_kind_", stock_kinds);
	missing += check_family("stock_reason_", stock_reasons);
	missing += check_family("stock_reason_", stock_written_reasons);
	schema = check_schema_ids("schema/001_init.sql", &missing);
	ok(schema >= 13, "the schema seeds %d labelled values", schema);
	is_int(missing, 0, "every id the code uses is in both catalogs");
}

/*
 * Check every {{t.id}}, {{#t.id}}, {{^t.id}} … in one template; a missing
 * id fails once per language. Returns the number of references seen.
 */
static int
check_template(const char *path)
{
	char *src = testdb_slurp(path, NULL);
	const char *p, *id;
	int refs = 0, missing = 0;

	if (!ok(src != NULL, "%s can be read", path))
		return 0;
	ok(strstr(src, "{{{") == NULL && strstr(src, "{{&") == NULL,
	    "%s escapes everything (no {{{x}}} or {{&x}})", path);
	for (p = strstr(src, "{{"); p != NULL; p = strstr(p, "{{")) {
		p += 2;
		while (*p == ' ')
			p++;
		if (*p != '\0' && strchr("#^/", *p) != NULL)
			p++;
		while (*p == ' ')
			p++;
		if (strncmp(p, "t.", 2) != 0)
			continue;
		id = p += 2;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		refs++;
		if (!check_id(path, id, (size_t)(p - id)))
			missing++;
	}
	if (missing == 0)
		ok(1, "%s: its %d t-ids are in both catalogs", path, refs);
	free(src);
	return refs;
}

static int
is_template(const char *name)
{
	size_t n = strlen(name);

	return n > 9 && strcmp(name + n - 9, ".mustache") == 0;
}

static void
check_templates(void)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir("templates");
	int files = 0, refs = 0;

	if (!ok(d != NULL, "templates/ opens (run from the repository root)"))
		return;
	while ((de = readdir(d)) != NULL) {
		if (!is_template(de->d_name))
			continue;
		snprintf(path, sizeof(path), "templates/%s", de->d_name);
		refs += check_template(path);
		files++;
	}
	closedir(d);
	ok(files >= 10, "found the page templates (%d)", files);
	ok(refs > 0, "the templates use the catalogs (%d references)", refs);
}

/* Ids with {n} must keep it in every language, or a number is lost. */
static void
check_placeholders(void)
{
	const char *key;
	json_t *v;
	int bad = 0;

	json_object_foreach(i18n_catalog("en"), key, v) {
		int en = strstr(json_string_value(v), "{n}") != NULL;
		int es = strstr(i18n_get("es", key), "{n}") != NULL;

		if (en != es) {
			bad++;
			ok(0, "%s has {n} in both languages or in neither", key);
		}
	}
	if (bad == 0)
		ok(1, "{n} appears alike in en and es");
}

int
main(void)
{
	struct buf b = BUF_INIT;
	char *err = NULL;

	if (!ok(i18n_init(&err) == 0, "i18n_init loads and cross-checks")) {
		printf("#   %s\n", err ? err : "(no message)");
		free(err);
		return tap_done();
	}

	is_str(i18n_get("en", "err_required"), "this field is required",
	    "en: err_required");
	is_str(i18n_get("es", "err_required"), "este campo es obligatorio",
	    "es: err_required");
	is_str(i18n_get("en", "status_open"), "Open", "en: status_open");
	is_str(i18n_get("es", "nav_needs"), "Pedidos", "es: nav_needs");
	is_str(i18n_get("es", "no_such_id"), "no_such_id",
	    "a missing id reads as itself");
	is_str(i18n_get("fr", "err_required"), "this field is required",
	    "an unknown language falls back to English");
	is_str(i18n_lang("es"), "es", "es is spoken");
	is_str(i18n_lang("de"), "en", "de is not");

	i18n_format(&b, "en", "err_too_long", 120);
	is_str(b.ptr, "too long (at most 120 characters)", "en: {n} replaced");
	buf_reset(&b);
	i18n_format(&b, "es", "err_too_short", 3);
	is_str(b.ptr, "demasiado corto (mínimo 3 caracteres)",
	    "es: {n} replaced");
	buf_reset(&b);
	i18n_format(&b, "es", "err_phone", 7);
	ok(b.ptr != NULL && strstr(b.ptr, "{n}") == NULL && b.len > 0,
	    "an id without {n} is copied whole");
	buf_free(&b);

	check_code_ids();
	check_placeholders();
	check_templates();

	ok(view_init(&err) == 0, "every compiled-in template parses");
	if (err != NULL) {
		printf("#   %s\n", err);
		free(err);
	}
	view_done();
	i18n_done();
	return tap_done();
}
