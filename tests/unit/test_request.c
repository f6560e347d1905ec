/* The request decoders: query strings, forms, JSON, cookies, languages. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "http/request.h"

static const char *const langs[] = { "en", "es", NULL };

int
main(void)
{
	json_t *o;
	char c[16];
	char *p;

	o = request_urlencoded("a=1&b=caf%C3%A9+con+leche&c=&d", 30);
	is_str(json_string_value(json_object_get(o, "b")), "café con leche",
	    "escapes and plus decode");
	is_str(json_string_value(json_object_get(o, "c")), "",
	    "an empty value");
	is_str(json_string_value(json_object_get(o, "d")), "",
	    "a name without =");
	json_decref(o);
	o = request_urlencoded("a=1&a=2&a=3", 11);
	ok(json_array_size(json_object_get(o, "a")) == 3 &&
	    strcmp(json_string_value(json_array_get(json_object_get(o, "a"),
	    2)), "3") == 0, "a repeated name is the list of its values");
	json_decref(o);
	ok(request_urlencoded("a=%", 3) == NULL, "a cut escape fails");
	ok(request_urlencoded("a=%G1", 5) == NULL, "a bad hex escape fails");
	ok(request_urlencoded("a=%00", 5) == NULL, "a NUL fails");
	ok(request_urlencoded("a=%C3", 5) == NULL, "bad UTF-8 fails");
	o = request_urlencoded("", 0);
	ok(json_is_object(o) && json_object_size(o) == 0, "empty is empty");
	json_decref(o);

	o = request_json("{\"a\":1}", 7);
	ok(json_is_object(o), "a JSON object decodes");
	json_decref(o);
	ok(request_json("{\"a\":1,\"a\":2}", 13) == NULL,
	    "duplicate keys are refused");
	ok(request_json("[]", 2) == NULL, "a non-object is refused");
	ok(request_json("{", 1) == NULL, "malformed JSON is refused");

	ok(request_cookie("a=1; lang=es; b=2", "lang", c, sizeof(c)) == 0,
	    "a cookie is found");
	is_str(c, "es", "with its value");
	ok(request_cookie("xlang=es", "lang", c, sizeof(c)) == -1,
	    "a longer name does not match");
	ok(request_cookie("lang=aaaaaaaaaaaaaaaaaaaaaaa", "lang", c,
	    sizeof(c)) == -1, "a value too long is refused");
	ok(request_cookie(NULL, "lang", c, sizeof(c)) == -1, "no header");

	is_str(request_language("fr-FR,es-MX;q=0.8,en;q=0.5", langs), "es",
	    "the preferred spoken language");
	is_str(request_language("en;q=0.2, es;q=0.9", langs), "es",
	    "q values rank");
	ok(request_language("fr, de", langs) == NULL, "none spoken");
	ok(request_language("es;q=0", langs) == NULL, "q=0 means not");
	ok(request_language("esperanto", langs) == NULL,
	    "a prefix of another tag does not match");

	p = request_path("/people/Mar%C3%ADa", 18);
	is_str(p, "/people/María", "paths are percent-decoded");
	free(p);
	ok(request_path("/a%2", 4) == NULL, "a cut escape in a path fails");
	return tap_done();
}
