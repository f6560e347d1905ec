/*
 * The keys a search compares instead of what people typed: a name without
 * case or accents, an email in lower case, a phone's digits last first.
 * The same function folds what is stored and what is searched for, so the
 * two meet whatever the database's own rules for case and collation.
 */
#ifndef FOLD_H
#define FOLD_H

#include <stddef.h>

/*
 * s (valid UTF-8) in lower case without accents: "Núñez" -> "nunez",
 * "Łódź" -> "lodz", "Straße" -> "strasse". Covers ASCII, Latin-1, Latin
 * Extended-A and the Romanian comma letters; combining accents (U+0300 to
 * U+036F, as in decomposed text) are dropped; other characters are kept
 * as they are. The caller frees the result.
 */
char *fold_name(const char *s);
/* s with ASCII letters in lower case. The caller frees the result. */
char *fold_email(const char *s);
/*
 * The digits of s, last first, NUL-terminated in out: "+1 (617) 555-0101"
 * -> "10105557161". A phone's end is what differs least between the ways
 * it is written (a country code or a trunk 0 goes in front), and reversed
 * it becomes a prefix, which a plain index serves on every backend. The
 * number of digits, or 0 (and out "") when s has none or more than
 * size - 1.
 */
size_t fold_phone_rev(const char *s, char *out, size_t size);

#endif
