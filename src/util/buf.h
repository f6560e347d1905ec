/*
 * A growable byte buffer for building output. The buffer owns its memory;
 * ptr is always NUL-terminated once anything has been added, and may move
 * on every call that adds. Initialise with BUF_INIT.
 */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                               \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Make room for at least extra more bytes plus the terminating NUL. */
void buf_grow(struct buf *, size_t extra);
void buf_add(struct buf *, const void *, size_t);
void buf_adds(struct buf *, const char *);
void buf_addc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *, const char *, va_list);
/* Append s with &<>"' replaced by HTML entities. */
void buf_add_html(struct buf *, const char *s, size_t len);
/* Append s percent-encoded for a URL query (all but A-Z a-z 0-9 - . _ ~). */
void buf_add_url(struct buf *, const char *s);
/* Keep the allocation, forget the contents. */
void buf_reset(struct buf *);
/* Forget the first n bytes (n <= len), the rest moved to the front. */
void buf_drop(struct buf *, size_t n);
/* Hand the contents to the caller (never NULL); the buffer is left empty. */
char *buf_detach(struct buf *, size_t *len);
void buf_free(struct buf *);

#endif
