/*
 * The message catalogs: lookups and {n} in both languages, the ids C code
 * asks for, and every {{t.id}} in templates/ and every "err_…" message id
 * in src/ (both read from disk, so run from the repository root) present
 * in both catalogs.
 */
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "render/i18n.h"
#include "render/view.h"
#include "util/buf.h"
#include "util/banned.h"

/*
 * Ids the C code builds from data for i18n_label: a status, a category.
 * The message ids of problems are literals, found in src/ by
 * check_sources.
 */
static const char *const c_ids[] = {
	"status_open", "status_matched", "status_fulfilled", "status_closed",
	"cat_groceries", "cat_rent", "cat_transport", "cat_childcare",
	"cat_medical", "cat_prescriptions", "cat_diapers", "cat_clothing",
	"cat_utilities", "cat_legal", "cat_housing", "cat_other",
	NULL
};

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

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

/*
 * Check every {{t.id}}, {{#t.id}}, {{^t.id}} … in one template; a missing
 * id fails once per language. Returns the number of references seen.
 */
static int
check_template(const char *path)
{
	static const char *const langs[] = { "en", "es" };
	size_t len, i;
	char *src = slurp(path, &len);
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
		for (i = 0; i < 2; i++) {
			if (has_id(langs[i], id, (size_t)(p - id)))
				continue;
			missing++;
			ok(0, "%s: t.%.*s is in the %s catalog", path,
			    (int)(p - id), id, langs[i]);
		}
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

/*
 * Every message id a problem names: each "err_…" literal in src/, so that
 * a new one cannot be left out of a catalog (the user would read the id).
 */
static void
check_sources(void)
{
	json_t *ids = json_object(), *file;
	const char *p, *id, *key;
	char *src, name[128];
	glob_t g;
	size_t i, len;

	if (!ok(glob("src/*/*.c", 0, NULL, &g) == 0,
	    "src/ is read (run from the repository root)"))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		src = slurp(g.gl_pathv[i], &len);
		if (src == NULL) {
			ok(0, "%s can be read", g.gl_pathv[i]);
			continue;
		}
		for (p = strstr(src, "\"err_"); p != NULL;
		    p = strstr(p, "\"err_")) {
			id = ++p;
			while (islower((unsigned char)*p) || *p == '_' ||
			    isdigit((unsigned char)*p))
				p++;
			if (*p == '"' && (size_t)(p - id) < sizeof(name)) {
				snprintf(name, sizeof(name), "%.*s",
				    (int)(p - id), id);
				json_object_set_new(ids, name,
				    json_string(g.gl_pathv[i]));
			}
		}
		free(src);
	}
	globfree(&g);
	ok(json_object_size(ids) >= 40, "the message ids of src/ (%zu)",
	    json_object_size(ids));
	json_object_foreach(ids, key, file)
		ok(has_id("en", key, strlen(key)) &&
		    has_id("es", key, strlen(key)),
		    "%s (used by %s) is in both catalogs", key,
		    json_string_value(file));
	json_decref(ids);
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
	size_t i;

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

	for (i = 0; c_ids[i] != NULL; i++)
		ok(has_id("en", c_ids[i], strlen(c_ids[i])) &&
		    has_id("es", c_ids[i], strlen(c_ids[i])),
		    "%s (used by C code) is in both catalogs", c_ids[i]);
	check_sources();
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
