/*
 * JSON out: what json_dump_callback(v, …, JSON_COMPACT) writes, byte for
 * byte, appended to a buffer in far fewer steps. jansson's dump calls its
 * writer for every quote, colon and comma, and checks each object and
 * array for loops through a hash keyed by snprintf("%p"): for a page of
 * 200 rows that was most of the request (docs/scaling.md, "The tap
 * counter"). Anything this writer does not take as jansson would (text
 * that is not UTF-8 as jansson reads it, a real, nesting deeper than
 * DUMP_DEPTH, a loop) is handed to jansson itself, so every output and
 * every failure stays jansson's.
 */
#ifndef DUMP_H
#define DUMP_H

#include <jansson.h>

#include "util/buf.h"

/* Beyond this depth jansson dumps, and finds any loop. */
#define DUMP_DEPTH 64

/*
 * Append v to b as json_dump_callback with JSON_COMPACT writes it: 0, or
 * -1 where jansson fails (b then holds what jansson wrote before it
 * stopped, as a callback would have).
 */
int dump_json(struct buf *b, json_t *v);

#endif
