/*
 * Scanning SQL text, for the backends and migrations that rewrite or
 * inspect it word by word and must not look inside a quoted string, a
 * quoted identifier or a comment; and quoting a name into it.
 */
#ifndef SQLTEXT_H
#define SQLTEXT_H

#include <stddef.h>

/*
 * Where the quoted string ('…'), quoted identifier ("…") or -- comment
 * that begins at p ends: one past its closing quote, at the newline that
 * ends the comment, or at the end of the text when either is left open.
 * NULL when p begins none of them. Our portable SQL uses no dollar
 * quoting and no E'' strings, so nothing else hides words.
 */
const char *sqltext_skip(const char *p);

/*
 * The length of sql without the row-lock clause it ends with (FOR
 * UPDATE, FOR NO KEY UPDATE, FOR SHARE or FOR KEY SHARE, perhaps with
 * OF and more), for a backend that has none: the whole length when there
 * is none.
 */
size_t sqltext_unlocked_len(const char *sql);

struct buf;
/*
 * Append name to b as a quoted identifier ("…", a quote inside doubled),
 * for SQL built from names the program or the database holds, never
 * from input.
 */
void sqltext_quote_name(struct buf *b, const char *name);

#endif
