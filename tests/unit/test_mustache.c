/*
 * Tests for src/render/mustache.c: every test in the official spec files
 * under tests/spec/mustache, then our own (errors, depth, the page layout).
 * Run from the repository root.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tap.h"
#include "render/mustache.h"
#include "util/buf.h"
#include "util/banned.h"

#define MAX_PARTIALS	16

/* The partials of one test, parsed; looked up by name. */
struct partials {
	const char		*names[MAX_PARTIALS];
	struct mustache		*tmpl[MAX_PARTIALS];
	size_t			 n;
};

static const struct mustache *
find_partial(void *arg, const char *name, size_t len)
{
	const struct partials *ps = arg;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strlen(ps->names[i]) == len &&
		    memcmp(ps->names[i], name, len) == 0)
			return ps->tmpl[i];
	return NULL;
}

static void
partials_free(struct partials *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		mustache_free(ps->tmpl[i]);
	ps->n = 0;
}

static int
add_partial(struct partials *ps, const char *name, const char *src)
{
	char *err = NULL;

	if (ps->n == MAX_PARTIALS)
		return -1;
	ps->tmpl[ps->n] = mustache_parse(src, strlen(src), &err);
	if (ps->tmpl[ps->n] == NULL) {
		printf("# partial %s: %s\n", name, err);
		free(err);
		return -1;
	}
	ps->names[ps->n++] = name;
	return 0;
}

/* Render src against one context value; the result is the caller's. */
static char *
render(const char *src, json_t *data, struct partials *ps, int *rc)
{
	struct buf out = BUF_INIT;
	struct mustache *t;
	char *err = NULL;

	t = mustache_parse(src, strlen(src), &err);
	if (t == NULL) {
		printf("# parse: %s\n", err);
		free(err);
		*rc = -2;
		return NULL;
	}
	*rc = mustache_render(t, &data, 1, ps ? find_partial : NULL, ps, &out);
	mustache_free(t);
	return buf_detach(&out, NULL);
}

static void
run_spec_test(const char *file, json_t *test)
{
	const char *name, *pname, *src, *want;
	struct partials ps = { { NULL }, { NULL }, 0 };
	json_t *data, *partials, *v;
	char *got;
	int rc, bad = 0;

	name = json_string_value(json_object_get(test, "name"));
	src = json_string_value(json_object_get(test, "template"));
	want = json_string_value(json_object_get(test, "expected"));
	data = json_object_get(test, "data");
	partials = json_object_get(test, "partials");
	json_object_foreach(partials, pname, v)
		if (add_partial(&ps, pname, json_string_value(v)) == -1)
			bad = 1;
	if (name == NULL || src == NULL || want == NULL || bad) {
		ok(0, "%s: %s: malformed test", file, name ? name : "?");
		partials_free(&ps);
		return;
	}
	got = render(src, data, &ps, &rc);
	is_str(got, want, "%s: %s", file, name);
	if (rc != 0)
		printf("# render returned %d\n", rc);
	free(got);
	partials_free(&ps);
}

static void
test_spec(void)
{
	json_error_t jerr;
	json_t *root, *test;
	glob_t g;
	size_t i, k, n = 0;

	if (glob("tests/spec/mustache/*.json", 0, NULL, &g) != 0) {
		ok(0, "spec files found (run from the repository root)");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		root = json_load_file(g.gl_pathv[i], 0, &jerr);
		if (!ok(root != NULL, "%s loads", g.gl_pathv[i])) {
			printf("#   %s\n", jerr.text);
			continue;
		}
		json_array_foreach(json_object_get(root, "tests"), k, test) {
			run_spec_test(g.gl_pathv[i], test);
			n++;
		}
		json_decref(root);
	}
	ok(g.gl_pathc == 7 && n > 150, "all seven spec files, %zu tests", n);
	globfree(&g);
}

static void
parse_error(const char *src, const char *want, const char *what)
{
	struct mustache *t;
	char *err = NULL;

	t = mustache_parse(src, strlen(src), &err);
	ok(t == NULL, "%s: parse fails", what);
	is_str(err, want, "%s: message", what);
	mustache_free(t);
	free(err);
}

static void
test_errors(void)
{
	parse_error("a\nb\n{{#items}}\n<li>{{.}}</li>\n",
	    "line 3: unclosed section \"items\"", "unclosed section");
	parse_error("{{<layout}}\n{{$content}}x\n{{/layout}}",
	    "line 3: mismatched close \"layout\" for block \"content\"",
	    "mismatched close");
	parse_error("x\n{{/items}}", "line 2: unexpected close \"items\"",
	    "close without open");
	parse_error("hello {{name", "line 1: unclosed tag", "unclosed tag");
	parse_error("{{{name}}", "line 1: unclosed tag", "unclosed triple");
	parse_error("{{! never closed", "line 1: unclosed tag",
	    "unclosed comment");
	parse_error("{{}}", "line 1: empty tag", "empty tag");
	parse_error("{{a b}}", "line 1: invalid name \"a b\"", "space in name");
	parse_error("{{a..b}}", "line 1: invalid name \"a..b\"", "empty part");
	parse_error("{{=<%>=}}", "line 1: invalid set delimiters",
	    "one delimiter");
}

/* Returns whatever template it is given: a partial with no base case. */
static const struct mustache *
self_partial(void *arg, const char *name, size_t len)
{
	return arg;
}

static void
test_depth(void)
{
	const char *src = "<{{>self}}>";
	struct partials ps = { { NULL }, { NULL }, 0 };
	struct mustache *t;
	struct buf out = BUF_INIT;
	json_t *data = json_object();

	t = mustache_parse(src, strlen(src), NULL);
	is_int(mustache_render(t, &data, 1, self_partial, t, &out), -1,
	    "a partial including itself hits the depth limit");
	buf_free(&out);
	mustache_free(t);

	src = "{{<self}}{{$b}}x{{/b}}{{/self}}";
	t = mustache_parse(src, strlen(src), NULL);
	is_int(mustache_render(t, &data, 1, self_partial, t, &out), -1,
	    "a parent extending itself hits the depth limit");
	buf_free(&out);
	mustache_free(t);

	add_partial(&ps, "p", "{{$b}}{{/b}}");
	src = "{{<p}}{{$b}}[{{$b}}{{/b}}]{{/b}}{{/p}}";
	t = mustache_parse(src, strlen(src), NULL);
	is_int(mustache_render(t, &data, 1, find_partial, &ps, &out), -1,
	    "a block argument using itself hits the depth limit");
	buf_free(&out);
	mustache_free(t);
	partials_free(&ps);
	json_decref(data);
}

/* Our pages: one layout, each page fills its blocks. */
static void
test_layout(void)
{
	struct partials ps = { { NULL }, { NULL }, 0 };
	json_t *data;
	char *got;
	int rc;

	add_partial(&ps, "layout",
	    "<title>{{$title}}Solidarity{{/title}}</title>"
	    "<main>{{$content}}{{/content}}</main>");
	data = json_pack("{s:s}", "name", "Ada & <Bo>");
	got = render("{{<layout}}{{$content}}<p>{{name}}</p>{{/content}}"
	    "{{/layout}}", data, &ps, &rc);
	is_str(got, "<title>Solidarity</title>"
	    "<main><p>Ada &amp; &lt;Bo&gt;</p></main>", "page in layout");
	is_int(rc, 0, "page in layout renders");
	free(got);
	got = render("{{<layout}}\n"
	    "  {{$title}}Needs{{/title}}\n"
	    "  {{$content}}\n"
	    "<p>{{{name}}}</p>\n"
	    "  {{/content}}\n"
	    "{{/layout}}\n", data, &ps, &rc);
	is_str(got, "<title>Needs</title><main><p>Ada & <Bo></p>\n</main>",
	    "page in layout, one tag a line");
	free(got);
	partials_free(&ps);

	add_partial(&ps, "layout", "<body>\n  <main>\n    {{$content}}\n"
	    "    {{/content}}\n  </main>\n</body>\n");
	got = render("{{<layout}}{{$content}}\n<h1>Needs</h1>\n"
	    "{{#list}}\n<p>{{.}}</p>\n{{/list}}\n{{/content}}{{/layout}}\n",
	    data, &ps, &rc);
	is_str(got, "<body>\n  <main>\n    <h1>Needs</h1>\n  </main>\n"
	    "</body>\n", "indented layout, empty list");
	free(got);
	json_object_set_new(data, "list", json_pack("[s,s]", "a\nb", "c"));
	got = render("{{<layout}}{{$content}}\n<h1>Needs</h1>\n"
	    "{{#list}}\n<p>{{.}}</p>\n{{/list}}\n{{/content}}{{/layout}}\n",
	    data, &ps, &rc);
	is_str(got, "<body>\n  <main>\n    <h1>Needs</h1>\n    <p>a\nb</p>\n"
	    "    <p>c</p>\n  </main>\n</body>\n",
	    "indented layout indents template lines, not values");
	free(got);
	partials_free(&ps);
	json_decref(data);
}

static void
test_values(void)
{
	json_t *data;
	char *got;
	int rc;

	data = json_pack("{s:f,s:i,s:f,s:s,s:i,s:b,s:n,s:{s:s}}", "half", 1.5,
	    "n", 100, "big", 1e21, "empty", "", "zero", 0, "yes", 1,
	    "nil", "a", "b", "c");
	got = render("{{half}} {{n}} {{big}} {{yes}} {{a.b}}", data, NULL,
	    &rc);
	is_str(got, "1.5 100 1e+21 true c", "numbers and booleans");
	free(got);
	got = render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}"
	    "{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}"
	    "{{#nil}}N{{/nil}}{{^nil}}n{{/nil}}"
	    "{{#a}}A{{/a}}", data, NULL, &rc);
	is_str(got, "eznA", "\"\", 0 and null are falsy, {} truthy");
	free(got);
	got = render("{{>nothing}}|{{<nothing}}{{/nothing}}|", data, NULL,
	    &rc);
	is_str(got, "||", "no partial callback renders nothing");
	free(got);
	json_decref(data);
}

/* Parse once, render many times, against a stack of several contexts. */
static void
test_reuse(void)
{
	const char *src = "{{#items}}{{title}} by {{who}}; {{/items}}";
	struct mustache *t;
	struct buf out = BUF_INIT;
	json_t *stack[2];
	int i, same = 1;

	t = mustache_parse(src, strlen(src), NULL);
	stack[0] = json_pack("{s:s}", "who", "outer");
	stack[1] = json_pack("{s:[{s:s},{s:s,s:s}]}", "items", "title", "A",
	    "title", "B", "who", "inner");
	for (i = 0; i < 3; i++) {
		buf_reset(&out);
		mustache_render(t, stack, 2, NULL, NULL, &out);
		if (strcmp(out.ptr, "A by outer; B by inner; ") != 0)
			same = 0;
	}
	ok(same, "renders the same three times over a two-entry stack");
	buf_free(&out);
	json_decref(stack[0]);
	json_decref(stack[1]);
	mustache_free(t);
}

/*
 * Names the base answers are found once a render, yet a row that has the
 * name still shows its own, before and after rows that do not; a dotted
 * name whose first part a row has goes on in the row. More names than
 * the memo's first slots hold: each still finds its own value.
 */
static void
test_memo(void)
{
	struct buf src = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
	struct mustache *t;
	json_t *stack[2];
	char name[16];
	int i;

	stack[0] = json_pack("{s:s,s:{s:s}}", "x", "base", "me", "role",
	    "admin");
	stack[1] = json_pack("{s:[{s:s},{},{s:s,s:{s:s}},{},{s:n}]}", "rows",
	    "x", "one", "x", "three", "me", "role", "own", "x");
	buf_adds(&src, "{{#rows}}{{x}}/{{me.role}};{{/rows}}");
	buf_adds(&want, "one/admin;base/admin;three/own;base/admin;/admin;");
	for (i = 0; i < 700; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		json_object_set_new(stack[1], name, json_integer(i));
		buf_printf(&src, "{{%s}}{{#rows}}{{%s}}{{/rows}}", name, name);
		buf_printf(&want, "%d%d%d%d%d%d", i, i, i, i, i, i);
	}
	t = mustache_parse(src.ptr, src.len, NULL);
	for (i = 0; i < 2; i++) {
		buf_reset(&out);
		is_int(mustache_render(t, stack, 2, NULL, NULL, &out), 0,
		    "700 names render (%d)", i);
		is_str(out.ptr, want.ptr,
		    "each row its own name first, the base's after (%d)", i);
	}
	mustache_free(t);
	buf_free(&src);
	buf_free(&want);
	buf_free(&out);
	json_decref(stack[0]);
	json_decref(stack[1]);
}

int
main(void)
{
	test_spec();
	test_errors();
	test_depth();
	test_layout();
	test_values();
	test_reuse();
	test_memo();
	return tap_done();
}
