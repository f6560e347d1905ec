/*
 * Translations: one catalog per language (locale/LANG.json, compiled in),
 * message id -> text. Pages see the catalog as {{t.id}}; C code asks
 * i18n_get. The catalogs must hold the same ids; i18n_init checks it.
 */
#ifndef I18N_H
#define I18N_H

#include <stdint.h>
#include <jansson.h>

#include "util/buf.h"

/* The languages we speak, NULL-ended; the first is the fallback. */
extern const char *const i18n_langs[];

/* Load and cross-check the catalogs. 0, or -1 with a malloc'd *err. */
int i18n_init(char **err);
void i18n_done(void);
/* lang if we speak it, else the fallback. */
const char *i18n_lang(const char *lang);
/* The catalog object of lang (borrowed, never modified after init). */
json_t *i18n_catalog(const char *lang);
/* The text of id in lang, or id itself when it is missing. */
const char *i18n_get(const char *lang, const char *id);
/* Append the text of id with {n} replaced by arg. */
void i18n_format(struct buf *, const char *lang, const char *id, int64_t arg);
/*
 * Add category_label, status_label, language_label and urgency_label to
 * every object in rows (an array) or to rows itself (an object), from its
 * category, status, language and urgency.
 */
void i18n_label(const char *lang, json_t *rows);
/*
 * Add KEY_label to every object in rows (an array) or to rows itself,
 * from the catalog entry prefix + its key's value (text or a number),
 * for a closed set of one page: "kind" with "target_kind_".
 */
void i18n_label_as(const char *lang, json_t *rows, const char *key,
    const char *prefix);

#endif
