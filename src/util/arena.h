/*
 * The JSON values of one request, taken from an arena the thread keeps
 * rather than from malloc one by one. A page of 200 rows makes some
 * 3,000 values, each two or three mallocs and as many frees: with the
 * allocator's upkeep, a third of the server's CPU on such a page (perf
 * on the session page, docs/scaling.md "An arena for a request's
 * values"). Everything a request builds is dropped when it ends, so its
 * values are cut from the arena's chunks and given back all at once.
 *
 * Only jansson's allocations go through here (json_set_alloc_funcs);
 * the rest of the program keeps malloc. Outside arena_begin/arena_end
 * (the commands, the catalogs loaded at start, a request's body read
 * before it is handled) jansson allocates from malloc as before.
 */
#ifndef ARENA_H
#define ARENA_H

/*
 * Give jansson our allocator. Before any JSON value exists, once: a
 * value made by one allocator must not be freed by the other.
 */
void arena_init(void);
/*
 * From here this thread's JSON values come from its arena, until
 * arena_end. Not nested.
 */
void arena_begin(void);
/*
 * Every JSON value made since arena_begin is gone, freed or not: none
 * may be held past this point (a value made earlier may, and is freed
 * as usual). The thread keeps a little of the arena for its next
 * request.
 */
void arena_end(void);
/*
 * Free what jansson allocated and handed over as plain memory: the text
 * of json_dumps.
 */
void arena_json_free(void *p);

#endif
