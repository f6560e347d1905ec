/*
 * The arena of a request's JSON values: the next request cuts from the
 * memory the last one gave back; what was made before a request lives
 * through it; a value freed in a request, and everything at its end,
 * can no longer be read (AddressSanitizer's poison says so); big values,
 * and values past a request's fill, still work; json_dumps' text is
 * freed by the allocator that made it; each thread has its own arena.
 */
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tap.h"
#include "util/arena.h"

/* Only a build with AddressSanitizer can see memory that may not be read. */
#if defined(__SANITIZE_ADDRESS__)
#define POISONED(p) __asan_address_is_poisoned(p)
#endif

static void *
other_thread(void *arg)
{
	json_t *v;

	(void)arg;
	arena_begin();
	v = json_pack("{s:s}", "who", "the other thread");
	json_decref(v);
	arena_end();
	return NULL;
}

int
main(void)
{
	json_t *kept, *o, *big, *many, *v;
	void *first;
	const char *text;
	char *dumped, *long_text;
	pthread_t t;
	size_t i;
	int intact;

	arena_init();
	kept = json_string("made before the request");

	arena_begin();
	o = json_pack("{s:i,s:s}", "id", 1, "name", "Ana");
	first = o;
	text = json_string_value(json_object_get(o, "name"));
	is_str(text, "Ana", "a value is made in the arena");
	json_decref(o);
#if defined(__SANITIZE_ADDRESS__)
	ok(POISONED(text) && POISONED(first),
	    "a value freed in a request cannot be read");
#endif
	o = json_string("still here");
	text = json_string_value(o);
	arena_end();
#if defined(__SANITIZE_ADDRESS__)
	ok(POISONED(text), "nothing made in a request is readable after it");
#endif
	is_str(json_string_value(kept), "made before the request",
	    "a value made before a request lives through it");

	arena_begin();
	o = json_object();
	ok(o == first, "the next request cuts from the memory given back");
	json_decref(o);
	json_decref(kept);
	arena_end();

	/* A value over a chunk's share, made and freed in a request. */
	long_text = malloc(100000);
	memset(long_text, 'x', 99999);
	long_text[99999] = '\0';
	arena_begin();
	big = json_string(long_text);
	is_int(strlen(json_string_value(big)), 99999, "a big value is whole");
	json_decref(big);
	arena_end();
	free(long_text);

	/* Past a request's fill (8 MB) values come from malloc again. */
	arena_begin();
	many = json_array();
	for (i = 0; i < 200000; i++)
		json_array_append_new(many, json_sprintf("value %zu", i));
	intact = 1;
	for (i = 0; i < 200000; i += 997) {
		char want[32];

		snprintf(want, sizeof(want), "value %zu", i);
		if (strcmp(json_string_value(json_array_get(many, i)), want) !=
		    0)
			intact = 0;
	}
	ok(intact, "200,000 values past the arena's fill are all whole");
	is_int(json_array_size(many), 200000, "and all there");
	json_decref(many);
	arena_end();

	/* json_dumps' text, in a request and outside one. */
	arena_begin();
	v = json_pack("{s:[i,i]}", "a", 1, 2);
	dumped = json_dumps(v, JSON_COMPACT);
	is_str(dumped, "{\"a\":[1,2]}", "json_dumps in a request");
	arena_json_free(dumped);
	json_decref(v);
	arena_end();
	v = json_pack("{s:b}", "outside", 1);
	dumped = json_dumps(v, JSON_COMPACT);
	is_str(dumped, "{\"outside\":true}", "json_dumps outside a request");
	arena_json_free(dumped);
	json_decref(v);

	/* Another thread's request leaves this one's values alone. */
	arena_begin();
	v = json_string("this thread's");
	if (pthread_create(&t, NULL, other_thread, NULL) != 0)
		abort();
	pthread_join(t, NULL);
	is_str(json_string_value(v), "this thread's",
	    "another thread's request ends without touching this one's");
	json_decref(v);
	arena_end();
	return tap_done();
}
