/* Message catalogs: loaded once at start, read-only afterwards. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "util/asset.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

const char *const i18n_langs[] = { "en", "es", NULL };

#define I18N_NLANGS 2

static json_t *catalogs[I18N_NLANGS];

static int
i18n_fail(char **err, const char *fmt, const char *a, const char *b)
{
	struct buf e = BUF_INIT;

	buf_printf(&e, fmt, a, b);
	*err = buf_detach(&e, NULL);
	return -1;
}

int
i18n_init(char **err)
{
	char name[32];
	const struct asset *a;
	json_error_t je;
	const char *key;
	json_t *v;
	int i;

	for (i = 0; i < I18N_NLANGS; i++) {
		snprintf(name, sizeof(name), "locale/%s.json", i18n_langs[i]);
		a = asset_find(name);
		if (a == NULL)
			return i18n_fail(err, "missing catalog %s%s", name, "");
		catalogs[i] = json_loadb(a->data, a->len,
		    JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(catalogs[i]))
			return i18n_fail(err, "bad catalog %s: %s", name,
			    je.text);
	}
	/* Every id in every catalog: a missing translation fails the start. */
	for (i = 1; i < I18N_NLANGS; i++) {
		json_object_foreach (catalogs[0], key, v)
			if (json_object_get(catalogs[i], key) == NULL)
				return i18n_fail(err, "catalog %s lacks %s",
				    i18n_langs[i], key);
		json_object_foreach (catalogs[i], key, v)
			if (json_object_get(catalogs[0], key) == NULL)
				return i18n_fail(err, "catalog en lacks %s%s",
				    key, "");
	}
	return 0;
}

void
i18n_done(void)
{
	int i;

	for (i = 0; i < I18N_NLANGS; i++) {
		json_decref(catalogs[i]);
		catalogs[i] = NULL;
	}
}

static int
i18n_index(const char *lang)
{
	int i;

	for (i = 0; lang != NULL && i < I18N_NLANGS; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return i;
	return 0;
}

const char *
i18n_lang(const char *lang)
{
	return i18n_langs[i18n_index(lang)];
}

json_t *
i18n_catalog(const char *lang)
{
	return catalogs[i18n_index(lang)];
}

const char *
i18n_get(const char *lang, const char *id)
{
	const char *s = json_string_value(
	    json_object_get(catalogs[i18n_index(lang)], id));

	return s != NULL ? s : id;
}

void
i18n_format(struct buf *b, const char *lang, const char *id, int64_t arg)
{
	const char *s = i18n_get(lang, id), *at = strstr(s, "{n}");
	char n[NUM_TEXT_LEN];

	if (at == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_add(b, s, (size_t)(at - s));
	buf_add(b, n, num_format(n, arg));
	buf_adds(b, at + 3);
}

/*
 * a then b into out (size n) as one string: 0, or -1 when it does not
 * fit. Lists label every row, so this is no snprintf: a list of 200
 * spent a tenth of its time formatting these two ids.
 */
static int
i18n_join(char *out, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb >= n)
		return -1;
	memcpy(out, a, la);
	memcpy(out + la, b, lb + 1);
	return 0;
}

/* Set row[key "_label"] from the catalog entry prefix + row[key]. */
static void
i18n_label_key(json_t *cat, json_t *row, const char *key, const char *prefix)
{
	char id[64], name[32];
	json_t *v = json_object_get(row, key), *s;

	if (json_is_string(v)) {
		if (i18n_join(id, sizeof(id), prefix, json_string_value(v)) ==
		    -1)
			return;
	} else if (json_is_integer(v))
		snprintf(id, sizeof(id), "%s%lld", prefix,
		    (long long)json_integer_value(v));
	else
		return;
	s = json_object_get(cat, id);
	if (s == NULL || i18n_join(name, sizeof(name), key, "_label") == -1)
		return;
	json_object_set(row, name, s);
}

static void
i18n_label_one(json_t *cat, json_t *row)
{
	char id[64];
	const char *v;
	json_t *s;

	v = json_string_value(json_object_get(row, "category"));
	/* Rows of the category table itself carry the code as "code". */
	if (v == NULL && json_object_get(row, "label") != NULL)
		v = json_string_value(json_object_get(row, "code"));
	if (v != NULL) {
		snprintf(id, sizeof(id), "cat_%s", v);
		s = json_object_get(cat, id);
		/* A category a network added itself shows its own label. */
		if (s == NULL)
			s = json_object_get(row, "label");
		json_object_set_new(row, "category_label",
		    s != NULL ? json_incref(s) : json_string(v));
	}
	i18n_label_key(cat, row, "status", "status_");
	i18n_label_key(cat, row, "language", "lang_");
	i18n_label_key(cat, row, "urgency", "urgency_");
	i18n_label_key(cat, row, "outcome", "outcome_");
	i18n_label_key(cat, row, "why", "task_why_");
}

void
i18n_label_as(const char *lang, json_t *rows, const char *key,
    const char *prefix)
{
	json_t *cat = i18n_catalog(lang), *row;
	size_t i;

	if (json_is_object(rows)) {
		i18n_label_key(cat, rows, key, prefix);
		return;
	}
	json_array_foreach (rows, i, row)
		i18n_label_key(cat, row, key, prefix);
}

void
i18n_label(const char *lang, json_t *rows)
{
	json_t *cat = i18n_catalog(lang), *row;
	size_t i;

	if (json_is_object(rows)) {
		i18n_label_one(cat, rows);
		return;
	}
	json_array_foreach (rows, i, row)
		i18n_label_one(cat, row);
}
