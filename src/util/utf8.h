/* UTF-8 validation for untrusted bytes, and text of other encodings made
 * UTF-8 (a spreadsheet saved by Excel on Windows). */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

#include "buf.h"

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, surrogates, NULs). */
int utf8_valid(const char *s, size_t len);
/* The number of code points in valid UTF-8. */
size_t utf8_count(const char *s, size_t len);

/*
 * The encoding named by a UTF-16 byte order mark at the start of s (FF FE
 * or FE FF), as iconv names it, or NULL when s has none.
 */
const char *utf8_bom_encoding(const char *s, size_t len);

/* Text of another encoding made UTF-8 as it arrives, in pieces. */
struct utf8_conv;
/* A conversion from the iconv encoding from ("UTF-16", "WINDOWS-1252"). */
struct utf8_conv *utf8_conv_new(const char *from);
/*
 * Append s[0..len) made UTF-8 to out; a character cut at the end of s is
 * kept for the next piece. 0, or -1 at a byte that is no character of
 * the encoding (Windows-1252 leaves 81, 8D, 8F, 90 and 9D undefined).
 */
int utf8_conv_feed(struct utf8_conv *, const char *s, size_t len,
    struct buf *out);
/* 0, or -1 when the text ended inside a character. */
int utf8_conv_end(const struct utf8_conv *);
void utf8_conv_free(struct utf8_conv *);

/*
 * A whole file s[0..len) as UTF-8 text, its byte order mark left out:
 * UTF-8 as it is (*out points into s: nothing copied), UTF-16 by its
 * byte order mark, else Windows-1252, converted into b (*out points into
 * b). 0 with *out and *outlen, or -1 with *why, a message id: UTF-8 (its
 * mark, or a character of it written well) with bytes that are not
 * (err_file_utf8), a byte that is no character of Windows-1252
 * (err_file_1252), or what converted is not text (a NUL; UTF-16 cut or
 * ill-formed: err_file_text).
 */
int utf8_from_any(const char *s, size_t len, struct buf *b, const char **out,
    size_t *outlen, const char **why);

#endif
