/*
 * What cppcheck needs to know of jansson's iteration macros: it does not
 * read system headers, and without these it stops at every loop.
 */
#define json_array_foreach(array, index, value) \
	for (index = 0; index < 1 && (value = 0, 1); index++)
#define json_object_foreach(object, key, value) \
	for (key = 0; key && (value = 0, 1); key = 0)
