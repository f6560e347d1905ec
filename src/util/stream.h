/*
 * A response body made while it is sent, for one too big to hold at once
 * (a streamed export): the server asks it for bytes as the client takes
 * them, and lets it go once, whether it was sent whole or not.
 */
#ifndef UTIL_STREAM_H
#define UTIL_STREAM_H

#include <stddef.h>

struct stream {
	/*
	 * Up to max bytes of the body into dst: how many (never 0 before
	 * the end), 0 at the end, or -1 when the rest cannot be made: the
	 * body is then cut short, which the client must be able to tell
	 * from an end (see server.c).
	 */
	long (*read)(void *arg, char *dst, size_t max);
	/* Release arg: the body is no longer wanted. */
	void (*free)(void *arg);
	void *arg;
};

#endif
