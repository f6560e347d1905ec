/* UTF-8 validation for untrusted bytes. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, surrogates, NULs). */
int utf8_valid(const char *s, size_t len);
/* The number of code points in valid UTF-8. */
size_t utf8_count(const char *s, size_t len);

#endif
