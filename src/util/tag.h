/*
 * Tags name a problem people face ("no heat", "rent increase"), so that
 * the same problem written two ways is counted once: kept folded (no case,
 * no accents), with every run of spaces and punctuation made one '-'.
 */
#ifndef TAG_H
#define TAG_H

#include <stddef.h>

#define TAG_LEN_MAX 40 /* bytes of a kept tag */
#define TAG_MAX     10 /* tags on one row */

/*
 * The kept form of s (len bytes of valid UTF-8) in out, NUL-terminated:
 * "No heat!" -> "no-heat", "Sin calefacción" -> "sin-calefaccion". ASCII
 * letters and digits and every character past ASCII that fold_name keeps
 * stay; any other ASCII byte separates words. 0, or -1 when nothing is
 * left or the result is longer than TAG_LEN_MAX bytes.
 */
int tag_norm(const char *s, size_t len, char out[TAG_LEN_MAX + 1]);

#endif
