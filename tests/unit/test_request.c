/*
 * The request decoders: query strings, forms (urlencoded and multipart),
 * JSON, cookies, languages.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "http/request.h"

static const char *const langs[] = { "en", "es", NULL };

#define CT "multipart/form-data; boundary=XyZ"

/* request_multipart over a C string; *why kept in why_out when given. */
static json_t *
multipart(const char *ct, const char *body, const char **why_out)
{
	static const struct field lists[] = {
		{ "ids", FIELD_IDS, 0, 0, 50, NULL },
		{ NULL, 0, 0, 0, 0, NULL },
	};
	struct problem p = { 0 };
	json_t *o = request_multipart(ct, body, strlen(body), lists, &p);

	if (why_out != NULL)
		*why_out = p.msg;
	return o;
}

/* The multipart decoder: what a browser sends, and what it must refuse. */
static void
test_multipart(void)
{
	const char *why;
	json_t *o, *ids;

	o = multipart(CT,
	    "a preamble\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
	    "tok\r\n"
	    "--XyZ\r\n"
	    "content-disposition: form-data; name=\"file\"; "
	    "filename=\"a;b.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\n"
	    "Nombre,Tel\xc3\xa9" "fono\r\nAna,555\r\n\r\n"
	    "--XyZ--\r\nan epilogue\r\n--XyZ\r\n",
	    NULL);
	is_str(json_string_value(json_object_get(o, "_csrf")), "tok",
	    "multipart: a field's value");
	is_str(json_string_value(json_object_get(o, "file")),
	    "Nombre,Tel\xc3\xa9" "fono\r\nAna,555\r\n",
	    "multipart: a file's, its line ends kept, ';' in its quoted name");
	is_int(json_object_size(o), 2,
	    "multipart: preamble and epilogue are no parts");
	json_decref(o);

	o = multipart("Multipart/Form-Data; charset=utf-8; "
		      "BOUNDARY=\"a b:c\"",
	    "--a b:c\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	    "1\r\n--a b:c--",
	    NULL);
	is_str(json_string_value(json_object_get(o, "x")), "1",
	    "multipart: a quoted boundary, a token name, no final line end");
	json_decref(o);

	o = multipart(CT,
	    "--XyZ\nContent-Disposition: form-data; name=\"x\"\n\nline\n"
	    "--XyZ\nContent-Disposition: form-data; name=\"y\"\n\n\n"
	    "--XyZ--\n",
	    NULL);
	ok(o != NULL &&
		strcmp(json_string_value(json_object_get(o, "x")), "line") ==
		    0 &&
		strcmp(json_string_value(json_object_get(o, "y")), "") == 0,
	    "multipart: lines ending in LF alone");
	json_decref(o);

	o = multipart(CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"ids\"\r\n\r\n4"
	    "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"ids\"\r\n\r\n2"
	    "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2"
	    "\r\n--XyZ--\r\n",
	    NULL);
	ids = json_object_get(o, "ids");
	ok(json_array_size(ids) == 2 &&
		strcmp(json_string_value(json_array_get(ids, 1)), "2") == 0,
	    "multipart: a list field's values, in order");
	is_str(json_string_value(json_object_get(o, "a")), "2",
	    "multipart: beside it the last value wins");
	json_decref(o);

	o = multipart(CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n"
	    "a --XyZ b\r\n--XyZz\r\n--XyZ-\r\n--XyZ--\r\n",
	    NULL);
	is_str(json_string_value(json_object_get(o, "v")),
	    "a --XyZ b\r\n--XyZz\r\n--XyZ-",
	    "multipart: the boundary inside a value, or begun on its line");
	json_decref(o);

	o = multipart(CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n"
	    "\r\n--XyZ--\r\n",
	    NULL);
	is_str(json_string_value(json_object_get(o, "file")), "",
	    "multipart: an empty file part (no file chosen) is empty");
	json_decref(o);

	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	       "\r\n",
	       &why) == NULL &&
		strcmp(why, "err_malformed_form") == 0,
	    "multipart: no closing delimiter is refused as malformed");
	ok(multipart(CT, "no delimiter at all", NULL) == NULL,
	    "multipart: no delimiter is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n"
	       "--XyZ--",
	       NULL) == NULL,
	    "multipart: a part without a name is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1"
	       "\r\n--XyZ--",
	       NULL) == NULL,
	    "multipart: an empty name is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--",
	       NULL) == NULL,
	    "multipart: a part without Content-Disposition is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n"
	       "\r\n1\r\n--XyZ--",
	       NULL) == NULL,
	    "multipart: a disposition other than form-data is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1"
	       "\r\n--XyZ--",
	       NULL) == NULL,
	    "multipart: an unclosed quote is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
	       "junk\r\n\r\n1\r\n--XyZ--",
	       NULL) == NULL,
	    "multipart: a header line without ':' is refused");
	{
		struct buf b = BUF_INIT;
		int i;

		buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; "
			     "name=\"a\"\r\n");
		for (i = 0; i < 200; i++)
			buf_adds(&b, "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
		buf_adds(&b, "\r\n1\r\n--XyZ--");
		ok(multipart(CT, b.ptr, NULL) == NULL,
		    "multipart: headers past the limit are refused");
		buf_free(&b);
	}
	ok(multipart("multipart/form-data", "--\r\n--", &why) == NULL &&
		strcmp(why, "err_malformed_form") == 0,
	    "multipart: a Content-Type without a boundary is refused");
	ok(multipart("multipart/form-data; boundary=", "--\r\n--", NULL) ==
		NULL,
	    "multipart: an empty boundary is refused");
	ok(multipart("multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaa"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	       "--x", NULL) == NULL,
	    "multipart: a boundary past 70 characters is refused");
	ok(multipart(CT,
	       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	       "caf\xe9\r\n--XyZ--",
	       &why) == NULL &&
		strcmp(why, "err_utf8") == 0,
	    "multipart: a field's text not UTF-8 is refused as such");
}

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
	o = request_urlencoded("a=1&a=2", 7);
	is_str(json_string_value(json_object_get(o, "a")), "2",
	    "the last repeated value wins");
	json_decref(o);
	{
		static const struct field lists[] = {
			{ "ids", FIELD_IDS, 0, 0, 50, NULL },
			{ "a", FIELD_INT, 0, 0, 9, NULL },
			{ NULL, 0, 0, 0, 0, NULL },
		};
		json_t *ids;

		o = request_form("ids=&ids=4&a=1&ids=2&a=2", 24, lists);
		ids = json_object_get(o, "ids");
		ok(json_array_size(ids) == 3 &&
		    strcmp(json_string_value(json_array_get(ids, 1)), "4") ==
			0 &&
		    strcmp(json_string_value(json_array_get(ids, 2)), "2") == 0,
		    "a list's values, every one in order");
		is_str(json_string_value(json_object_get(o, "a")), "2",
		    "beside it the last value still wins");
		json_decref(o);
		o = request_form("ids=7", 5, lists);
		ok(json_array_size(json_object_get(o, "ids")) == 1,
		    "one value of a list is a list of one");
		json_decref(o);
	}
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
	{
		static const char *const types[] = { "application/json",
			"text/html", "text/csv", NULL };

		is_int(request_accept("text/csv", types), 2, "one type named");
		is_int(request_accept("application/json, text/csv;q=0.5",
			   types),
		    0, "the higher q wins");
		is_int(request_accept("text/csv;q=0.2 , Application/JSON ; "
				      "charset=utf-8; q=0.9",
			   types),
		    0, "any case, spaces and parameters around q");
		is_int(request_accept("text/csv, application/json", types), 2,
		    "the first named wins a tie");
		is_int(request_accept("text/csv;q=0", types), -1,
		    "q=0 is not acceptable");
		is_int(request_accept("*/*", types), -1, "a wildcard names none");
		is_int(request_accept("text/html,application/xhtml+xml,"
				      "application/xml;q=0.9,*/*;q=0.8",
			   types),
		    1, "a browser's");
		is_int(request_accept("text/csvx, application/jsonp", types), -1,
		    "a longer name is another type");
		is_int(request_accept(NULL, types), -1, "no header");
	}
	ok(request_language("esperanto", langs) == NULL,
	    "a prefix of another tag does not match");

	p = request_path("/people/Mar%C3%ADa", 18);
	is_str(p, "/people/María", "paths are percent-decoded");
	free(p);
	ok(request_path("/a%2", 4) == NULL, "a cut escape in a path fails");
	test_multipart();
	return tap_done();
}
