/* Bounded number parsing for input: rejects junk, signs where unwanted,
 * overflow; and integers written out. */
#ifndef NUM_H
#define NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse len bytes of s as a decimal integer in [min, max]: an optional '-'
 * then digits, nothing else. Returns 0 and stores *out, or -1.
 */
int num_parse_int(const char *s, size_t len, int64_t min, int64_t max,
    int64_t *out);
/* Parse a finite decimal number in [min, max]. 0 or -1. */
int num_parse_real(const char *s, size_t len, double min, double max,
    double *out);

/* The longest decimal int64_t, "-9223372036854775808", and its NUL. */
#define NUM_TEXT_LEN 21

/*
 * v in decimal into out, as "%lld" writes it, terminated: its length.
 * For the pages' loops, where snprintf was a tenth of the time.
 */
size_t num_format(char out[NUM_TEXT_LEN], int64_t v);

#endif
