/* Our Mustache renderer: a template is parsed once into a flat op list. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mustache.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/banned.h"

/*
 * Partials, parents and blocks nested deeper than this make
 * mustache_render fail: a partial that includes itself with no base case
 * would otherwise recurse until the stack overflows.
 */
#define MAX_DEPTH 64

/*
 * Sections, parents and blocks nested deeper than this inside one template
 * are a parse error. Rendering recurses once per level, and with partials
 * on top the C stack must stay bounded (MAX_NEST * MAX_DEPTH frames).
 */
#define MAX_NEST 32

enum mkind {
	MK_TEXT,
	MK_VAR,      /* {{x}} */
	MK_RAW,      /* {{{x}}} or {{&x}} */
	MK_SECTION,  /* {{#x}} */
	MK_INVERTED, /* {{^x}} */
	MK_CLOSE,    /* {{/x}} */
	MK_COMMENT,  /* {{!x}} */
	MK_DELIM,    /* {{=a b=}} */
	MK_PARTIAL,  /* {{>x}} */
	MK_PARENT,   /* {{<x}} */
	MK_BLOCK,    /* {{$x}} */
	MK__MAX,
};

/* What an open tag is called in error messages. */
static const char *const mkind_names[MK__MAX] = {
	"text",      /* MK_TEXT */
	"variable",  /* MK_VAR */
	"variable",  /* MK_RAW */
	"section",   /* MK_SECTION */
	"section",   /* MK_INVERTED */
	"close",     /* MK_CLOSE */
	"comment",   /* MK_COMMENT */
	"delimiter", /* MK_DELIM */
	"partial",   /* MK_PARTIAL */
	"parent",    /* MK_PARENT */
	"block",     /* MK_BLOCK */
};

#define OPF_BOL        0x01 /* starts a line of its template */
#define OPF_CLOSE_BOL  0x02 /* its close tag starts a line, inline */
#define OPF_STANDALONE 0x04 /* the tag's line was removed from the output */

/*
 * One step of a parsed template. Containers (sections, parents, blocks)
 * are followed by their children; end is the index just past them, so
 * every op can be skipped with i = op->end.
 */
struct op {
	enum mkind kind;
	unsigned flags;
	size_t off; /* MK_TEXT: span in src; else name in pool */
	size_t len;
	size_t nseg; /* segments of a dotted name; 0 for "." */
	size_t end;
	size_t ind; /* whitespace before a standalone tag, in src */
	size_t indlen;
	size_t mar; /* MK_BLOCK: indentation common to its lines */
	size_t marlen;
};

struct mustache {
	char *src;  /* our copy of the source */
	char *pool; /* names, NUL-terminated; dots become NULs */
	struct op *ops;
	size_t nops;
};

/*
 * The tokenizer's output: text and tags strictly alternate, starting and
 * ending with a (possibly empty) text, so the text around tag k is always
 * at k - 1 and k + 1.
 */
struct tok {
	enum mkind kind;
	size_t start; /* text: span; tag: with delimiters */
	size_t end;
	size_t name; /* the trimmed tag content, in src */
	size_t namelen;
	size_t match; /* a close's open tag */
	size_t ind;   /* whitespace before a standalone tag */
	size_t indlen;
	int standalone;
	size_t op; /* the op built from an open tag */
};

struct delims {
	const char *open;
	size_t olen;
	const char *close;
	size_t clen;
};

struct parser {
	const char *src;
	size_t len;
	struct tok *toks;
	size_t ntoks;
	size_t cap;
	char **err;
};

/* A context stack entry pushed by a section, on the C stack. */
struct ctx {
	json_t *v;
	const struct ctx *up;
};

/* Indentation added to every line of an included template. */
struct indent {
	const char *p;
	size_t len;
	const struct indent *up;
};

/* The blocks passed to a parent: t->ops[op] is the {{<parent}} op. */
struct ovr {
	const struct mustache *t;
	size_t op;
	size_t dedent; /* of the template holding it */
	const struct ovr *up;
};

/*
 * How the first line of an included template meets the line it is
 * included on: a standalone tag gave it a line of its own (so it gets the
 * indentation even if its source starts mid-line); an inline tag is in
 * the middle of a line that already has it.
 */
enum first {
	FIRST_NORMAL,
	FIRST_FORCE,
	FIRST_SUPPRESS,
};

/* One template being rendered, included with some indentation. */
struct frame {
	const struct mustache *t;
	const struct indent *ind;
	size_t plen;   /* total length of ind */
	size_t dedent; /* leading blanks to strip */
	const struct ovr *ovr;
	enum first first;
};

/*
 * What the base stack gives one name, found once in a render: the base
 * does not change while it renders, and a list's rows each asked it for
 * t.* and me.* again, a search of every level each time.
 */
struct memo {
	const struct op *op; /* NULL: an empty slot */
	json_t *v;           /* may be NULL: the base has no such name */
};

/* The memo's first slots, on the stack: a page's names fit in them. */
#define MEMO_SLOTS 512

struct rstate {
	json_t *const *base;
	size_t nbase;
	mustache_partial_fn fn;
	void *arg;
	struct buf *out;
	int depth;
	struct memo *memo;  /* open addressing, a power of two slots */
	struct memo *first; /* the slots on the stack, not to be freed */
	size_t nmemo, cap;
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether s[i] starts a line ending: "\n" or "\r\n". */
static int
at_eol(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	return s[i] == '\n' ||
	    (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n');
}

static int
at_bol(const char *s, size_t i)
{
	return i == 0 || s[i - 1] == '\n';
}

/* memmem is a GNU extension; delimiters are short, so this is enough. */
static const char *
find(const char *s, size_t n, const char *d, size_t dlen)
{
	const char *p = s, *last;

	if (n < dlen)
		return NULL;
	last = s + (n - dlen);
	while (p <= last) {
		p = memchr(p, d[0], (size_t)(last - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, d, dlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

static unsigned
line_of(const char *src, size_t pos)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < pos; i++)
		if (src[i] == '\n')
			line++;
	return line;
}

static int perr(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Store "line N: <message>" for the caller; always returns -1. */
static int
perr(struct parser *p, size_t pos, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (p->err == NULL)
		return -1;
	buf_printf(&b, "line %u: ", line_of(p->src, pos));
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*p->err = buf_detach(&b, NULL);
	return -1;
}

/* Names in messages are cut short so a runaway tag stays readable. */
static int
name_width(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

static size_t
add_tok(struct parser *p, enum mkind kind, size_t start, size_t end)
{
	struct tok *t;

	if (p->ntoks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->toks = xrealloc(p->toks, p->cap * sizeof(*p->toks));
	}
	t = &p->toks[p->ntoks];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = start;
	t->end = end;
	return p->ntoks++;
}

/* A dotted name: "." alone, or non-empty parts between dots. */
static int
valid_dotted(const char *s, size_t len)
{
	size_t i;

	if (len == 1 && s[0] == '.')
		return 1;
	if (s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return 0;
	return 1;
}

/* {{=open close=}}: exactly two words, neither containing whitespace. */
static int
set_delims(struct parser *p, size_t at, size_t s, size_t e, struct delims *d)
{
	const char *src = p->src;
	size_t a, alen, b;

	a = s;
	while (s < e && !is_space(src[s]))
		s++;
	alen = s - a;
	while (s < e && is_space(src[s]))
		s++;
	b = s;
	while (s < e && !is_space(src[s]))
		s++;
	if (alen == 0 || s == b || s != e)
		return perr(p, at, "invalid set delimiters");
	d->open = src + a;
	d->olen = alen;
	d->close = src + b;
	d->clen = s - b;
	return 0;
}

static int
check_name(struct parser *p, size_t at, const struct tok *t)
{
	const char *name = p->src + t->name;
	size_t i;

	if (t->namelen == 0)
		return perr(p, at, "empty tag");
	for (i = 0; i < t->namelen; i++)
		if (is_space(name[i]))
			break;
	if (i < t->namelen ||
	    ((t->kind == MK_VAR || t->kind == MK_RAW || t->kind == MK_SECTION ||
		 t->kind == MK_INVERTED) &&
		!valid_dotted(name, t->namelen)))
		return perr(p, at, "invalid name \"%.*s\"",
		    name_width(t->namelen), name);
	return 0;
}

/* Scan the tag whose open delimiter is at src[at] and append its token. */
static int
scan_tag(struct parser *p, size_t at, struct delims *d)
{
	const char *src = p->src, *hit;
	size_t cs = at + d->olen, ce, from, f, k;
	enum mkind kind;
	char closer = 0;

	if (cs >= p->len)
		return perr(p, at, "unclosed tag");
	switch (src[cs]) {
	case '#':
		kind = MK_SECTION;
		break;
	case '^':
		kind = MK_INVERTED;
		break;
	case '/':
		kind = MK_CLOSE;
		break;
	case '!':
		kind = MK_COMMENT;
		break;
	case '>':
		kind = MK_PARTIAL;
		break;
	case '<':
		kind = MK_PARENT;
		break;
	case '$':
		kind = MK_BLOCK;
		break;
	case '&':
		kind = MK_RAW;
		break;
	case '{':
		kind = MK_RAW;
		closer = '}';
		break;
	case '=':
		kind = MK_DELIM;
		closer = '=';
		break;
	default:
		kind = MK_VAR;
		break;
	}
	if (kind != MK_VAR)
		cs++;

	/* {{{x}}} and {{=a b=}} end at the closing delimiter after } or =. */
	from = cs;
	for (;;) {
		hit = find(src + from, p->len - from, d->close, d->clen);
		if (hit == NULL)
			return perr(p, at, "unclosed tag");
		f = (size_t)(hit - src);
		if (closer == 0) {
			ce = f;
			break;
		}
		if (f > cs && src[f - 1] == closer) {
			ce = f - 1;
			break;
		}
		from = f + 1;
	}

	k = add_tok(p, kind, at, f + d->clen);
	if (kind == MK_COMMENT)
		return 0;
	while (cs < ce && is_space(src[cs]))
		cs++;
	while (ce > cs && is_space(src[ce - 1]))
		ce--;
	p->toks[k].name = cs;
	p->toks[k].namelen = ce - cs;
	if (kind == MK_DELIM)
		return set_delims(p, at, cs, ce, d);
	return check_name(p, at, &p->toks[k]);
}

static int
is_open(enum mkind kind)
{
	return kind == MK_SECTION || kind == MK_INVERTED || kind == MK_PARENT ||
	    kind == MK_BLOCK;
}

/* Split the source into alternating text and tag tokens; match nesting. */
static int
tokenize(struct parser *p)
{
	struct delims d = { "{{", 2, "}}", 2 };
	size_t open[MAX_NEST], depth = 0, pos = 0, at, k;
	const char *hit;
	const struct tok *o, *t;

	for (;;) {
		hit = find(p->src + pos, p->len - pos, d.open, d.olen);
		at = hit == NULL ? p->len : (size_t)(hit - p->src);
		add_tok(p, MK_TEXT, pos, at);
		if (hit == NULL)
			break;
		if (scan_tag(p, at, &d) == -1)
			return -1;
		k = p->ntoks - 1;
		t = &p->toks[k];
		pos = t->end;
		if (is_open(t->kind)) {
			if (depth == MAX_NEST)
				return perr(p, at, "nested deeper than %d",
				    MAX_NEST);
			open[depth++] = k;
		} else if (t->kind == MK_CLOSE) {
			if (depth == 0)
				return perr(p, at, "unexpected close \"%.*s\"",
				    name_width(t->namelen), p->src + t->name);
			o = &p->toks[open[depth - 1]];
			if (o->namelen != t->namelen ||
			    memcmp(p->src + o->name, p->src + t->name,
				t->namelen) != 0)
				return perr(p, at,
				    "mismatched close \"%.*s\" "
				    "for %s \"%.*s\"",
				    name_width(t->namelen), p->src + t->name,
				    mkind_names[o->kind],
				    name_width(o->namelen), p->src + o->name);
			p->toks[k].match = open[--depth];
		}
	}
	if (depth > 0) {
		o = &p->toks[open[depth - 1]];
		return perr(p, o->start, "unclosed %s \"%.*s\"",
		    mkind_names[o->kind], name_width(o->namelen),
		    p->src + o->name);
	}
	return 0;
}

/* Only blanks between the start of the line and src[at]? */
static int
blank_before(const struct parser *p, size_t at, size_t *line)
{
	while (at > 0 && is_blank(p->src[at - 1]))
		at--;
	*line = at;
	return at_bol(p->src, at);
}

/* Only blanks from src[at] to the line ending or the end of the source? */
static int
blank_after(const struct parser *p, size_t at, size_t *eol, size_t *next)
{
	while (at < p->len && is_blank(p->src[at]))
		at++;
	*eol = at;
	if (at == p->len) {
		*next = at;
		return 1;
	}
	if (!at_eol(p->src, p->len, at))
		return 0;
	*next = at + (p->src[at] == '\r' ? 2 : 1);
	return 1;
}

static int
can_stand_alone(enum mkind kind)
{
	return kind != MK_TEXT && kind != MK_VAR && kind != MK_RAW;
}

/* Which pairs of adjacent tags count as one standalone tag (inheritance). */
static int
standalone_pair(const struct parser *p, size_t a, size_t b)
{
	const struct tok *ta = &p->toks[a], *tb = &p->toks[b];
	enum mkind kb = tb->kind, ob;

	if (ta->end != tb->start)
		return 0;
	if (kb == MK_CLOSE) {
		ob = p->toks[tb->match].kind;
		if (tb->match == a) /* {{<x}}{{/x}} or {{$x}}{{/x}} */
			return ob == MK_PARENT || ob == MK_BLOCK;
		/* {{/block}}{{/parent}} */
		return ob == MK_PARENT && ta->kind == MK_CLOSE &&
		    p->toks[ta->match].kind == MK_BLOCK;
	}
	/* {{<parent}}{{$block}} */
	return ta->kind == MK_PARENT && kb == MK_BLOCK;
}

static void
trim(struct parser *p, size_t k, size_t line, size_t next)
{
	struct tok *t = &p->toks[k];

	p->toks[k - 1].end = line > p->toks[k - 1].start ? line
							 : p->toks[k - 1].start;
	t->standalone = 1;
	t->ind = line;
	t->indlen = t->start - line;
	p->toks[k + 1].start = next < p->toks[k + 1].end ? next
							 : p->toks[k + 1].end;
}

/*
 * A tag alone on its line takes the whole line with it: its indentation
 * and its line ending. Decided on the raw source, so each text token is
 * trimmed at most once at each end.
 */
static void
standalone(struct parser *p)
{
	struct tok *a, *b;
	size_t k, line, eol, next;

	for (k = 1; k < p->ntoks; k += 2) {
		a = &p->toks[k];
		if (can_stand_alone(a->kind) &&
		    blank_before(p, a->start, &line) &&
		    blank_after(p, a->end, &eol, &next))
			trim(p, k, line, next);
	}
	for (k = 1; k + 2 < p->ntoks; k += 2) {
		if (!standalone_pair(p, k, k + 2))
			continue;
		a = &p->toks[k];
		b = &p->toks[k + 2];
		if (!blank_before(p, a->start, &line) ||
		    !blank_after(p, b->end, &eol, &next))
			continue;
		/*
		 * {{$x}}{{/x}} alone on a line keeps its line ending (spec
		 * "Standalone block"): the block's content replaces the tags,
		 * and it may not end with a newline of its own.
		 */
		if (a->kind == MK_BLOCK && b->kind == MK_CLOSE && b->match == k)
			next = eol;
		trim(p, k, line, a->end);
		trim(p, k + 2, b->start, next);
	}
}

/*
 * The indentation common to all non-blank lines of src[s, e), as textwrap
 * would find it: a block's content is moved as a unit, so it is dedented
 * where it is defined and indented where it is used.
 */
static void
margin(const char *src, size_t s, size_t e, size_t *off, size_t *len)
{
	size_t i = s, j, k;
	int have = 0;

	*off = s;
	*len = 0;
	while (i < e) {
		j = i;
		while (j < e && is_blank(src[j]))
			j++;
		if (j < e && !at_eol(src, e, j)) {
			if (!have) {
				*off = i;
				*len = j - i;
				have = 1;
			} else {
				k = 0;
				while (k < *len && k < j - i &&
				    src[*off + k] == src[i + k])
					k++;
				*len = k;
			}
		}
		while (j < e && src[j] != '\n')
			j++;
		i = j + 1;
	}
}

static void
add_name(struct buf *pool, struct op *op, const char *name, size_t len,
    int dotted)
{
	size_t i;

	op->off = pool->len;
	op->len = len;
	if (dotted && len == 1 && name[0] == '.') {
		op->nseg = 0;
		buf_addc(pool, '\0');
		return;
	}
	op->nseg = 1;
	for (i = 0; i < len; i++) {
		if (dotted && name[i] == '.') {
			buf_addc(pool, '\0');
			op->nseg++;
		} else
			buf_addc(pool, name[i]);
	}
	buf_addc(pool, '\0');
}

static void
close_op(struct parser *p, struct mustache *t, size_t k)
{
	const struct tok *tk = &p->toks[k];
	struct op *op = &t->ops[p->toks[tk->match].op];

	op->end = t->nops;
	if (!tk->standalone && at_bol(p->src, tk->start))
		op->flags |= OPF_CLOSE_BOL;
	if (op->kind == MK_BLOCK)
		margin(p->src, p->toks[tk->match + 1].start, p->toks[k - 1].end,
		    &op->mar, &op->marlen);
}

/* Turn the trimmed tokens into ops; comments and delimiters vanish. */
static void
build(struct parser *p, struct mustache *t)
{
	struct buf pool = BUF_INIT;
	struct tok *tk;
	struct op *op;
	size_t k;

	t->ops = xcalloc(p->ntoks, sizeof(*t->ops));
	for (k = 0; k < p->ntoks; k++) {
		tk = &p->toks[k];
		if (tk->kind == MK_COMMENT || tk->kind == MK_DELIM)
			continue;
		if (tk->kind == MK_TEXT && tk->start >= tk->end)
			continue;
		if (tk->kind == MK_CLOSE) {
			close_op(p, t, k);
			continue;
		}
		tk->op = t->nops;
		op = &t->ops[t->nops++];
		op->kind = tk->kind;
		op->end = t->nops;
		if (tk->kind == MK_TEXT) {
			op->off = tk->start;
			op->len = tk->end - tk->start;
			if (at_bol(p->src, tk->start))
				op->flags |= OPF_BOL;
			continue;
		}
		if (tk->standalone)
			op->flags |= OPF_STANDALONE;
		else if (at_bol(p->src, tk->start))
			op->flags |= OPF_BOL;
		op->ind = tk->ind;
		op->indlen = tk->indlen;
		add_name(&pool, op, p->src + tk->name, tk->namelen,
		    tk->kind == MK_VAR || tk->kind == MK_RAW ||
			tk->kind == MK_SECTION || tk->kind == MK_INVERTED);
	}
	t->pool = buf_detach(&pool, NULL);
}

struct mustache *
mustache_parse(const char *src, size_t len, char **err)
{
	struct parser p;
	struct mustache *t;

	if (err != NULL)
		*err = NULL;
	t = xcalloc(1, sizeof(*t));
	t->src = xmalloc(len + 1);
	if (len > 0)
		memcpy(t->src, src, len);
	t->src[len] = '\0';

	memset(&p, 0, sizeof(p));
	p.src = t->src;
	p.len = len;
	p.err = err;
	if (tokenize(&p) == -1) {
		free(p.toks);
		mustache_free(t);
		return NULL;
	}
	standalone(&p);
	build(&p, t);
	free(p.toks);
	return t;
}

void
mustache_free(struct mustache *t)
{
	if (t == NULL)
		return;
	free(t->src);
	free(t->pool);
	free(t->ops);
	free(t);
}

static json_t *
top(const struct rstate *st, const struct ctx *c)
{
	if (c != NULL)
		return c->v;
	if (st->nbase > 0)
		return st->base[st->nbase - 1];
	return NULL;
}

/* From v on, the rest of a dotted name whose first part found v. */
static json_t *
lookup_rest(json_t *v, const char *seg, size_t nseg)
{
	size_t n;

	for (n = 1; n < nseg && v != NULL; n++) {
		seg += strlen(seg) + 1;
		v = json_is_object(v) ? json_object_get(v, seg) : NULL;
	}
	return v;
}

/* The slot of op in the memo: its own, or the empty one it would take. */
static struct memo *
memo_slot(const struct rstate *st, const struct op *op)
{
	size_t mask = st->cap - 1,
	       i = (size_t)(((uintptr_t)op >> 3) * 0x9e3779b97f4a7c15ULL) &
	    mask;

	while (st->memo[i].op != NULL && st->memo[i].op != op)
		i = (i + 1) & mask;
	return &st->memo[i];
}

/* Twice the slots, on the heap, each entry moved to its new place. */
static void
memo_grow(struct rstate *st)
{
	struct memo *old = st->memo;
	size_t i, cap = st->cap;

	st->cap = cap * 2;
	st->memo = xcalloc(st->cap, sizeof(*st->memo));
	for (i = 0; i < cap; i++)
		if (old[i].op != NULL)
			*memo_slot(st, old[i].op) = old[i];
	if (old != st->first)
		free(old);
}

/* op's name in the base stack, innermost first, as lookup looks. */
static json_t *
lookup_base(struct rstate *st, const struct mustache *t, const struct op *op)
{
	const char *seg = t->pool + op->off;
	struct memo *m = memo_slot(st, op);
	json_t *v = NULL;
	size_t i;

	if (m->op == op)
		return m->v;
	for (i = st->nbase; i > 0 && v == NULL; i--)
		if (json_is_object(st->base[i - 1]))
			v = json_object_get(st->base[i - 1], seg);
	v = lookup_rest(v, seg, op->nseg);
	m->op = op;
	m->v = v;
	/* Half full at most, so that a search ends soon. */
	if (++st->nmemo * 2 > st->cap)
		memo_grow(st);
	return v;
}

/*
 * The first part of a dotted name is looked for from the innermost context
 * outwards; the rest only inside what it found (spec "Dotted Names -
 * Broken Chain Resolution").
 */
static json_t *
lookup(struct rstate *st, const struct ctx *c, const struct mustache *t,
    const struct op *op)
{
	const char *seg = t->pool + op->off;
	json_t *v = NULL;

	if (op->nseg == 0)
		return top(st, c);
	for (; c != NULL && v == NULL; c = c->up)
		if (json_is_object(c->v))
			v = json_object_get(c->v, seg);
	if (v == NULL)
		return lookup_base(st, t, op);
	return lookup_rest(v, seg, op->nseg);
}

/*
 * The spec coerces a value to a list if "!!data" is true; we read that as
 * JavaScript does: null, false, 0, "" and [] are falsy, {} is truthy.
 */
static int
truthy(const json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return 1;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return 0;
	}
}

/* |m| as digits with a decimal point before the last k of them. */
static void
put_fixed(struct buf *out, long long m, int k)
{
	char tmp[32], *p = tmp + sizeof(tmp);
	unsigned long long u = m < 0 ? 0ULL - (unsigned long long)m
				     : (unsigned long long)m;
	int n = 0;

	do {
		if (n == k && k > 0)
			*--p = '.';
		*--p = (char)('0' + u % 10);
		u /= 10;
		n++;
	} while (u > 0 || n <= k);
	if (m < 0)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * Reals print as the shortest decimal that reads back as the same double,
 * 1.21 and not 1.2099999999999999. Most of our numbers have a few decimals
 * and are found without printf: if m / 10^k == d, with m and 10^k exact,
 * the correctly rounded division says "m e-k" parses back to d.
 */
static void
put_real(struct buf *out, double d)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	char tmp[40];
	double x;
	long long m;
	int k, prec;

	for (k = 0; k < 7; k++) {
		x = d * pow10[k];
		if (!(x > -9007199254740992.0 && x < 9007199254740992.0))
			break;
		m = (long long)(x < 0 ? x - 0.5 : x + 0.5);
		if ((double)m / pow10[k] == d) {
			put_fixed(out, m, k);
			return;
		}
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.17g", d);
	buf_adds(out, tmp);
}

/* Objects and lists interpolate as nothing: there is no one right text. */
static void
put_value(struct buf *out, const json_t *v, int escape)
{
	if (v == NULL)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			buf_add_html(out, json_string_value(v),
			    json_string_length(v));
		else
			buf_add(out, json_string_value(v),
			    json_string_length(v));
		break;
	case JSON_INTEGER:
		put_fixed(out, (long long)json_integer_value(v), 0);
		break;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	default:
		break;
	}
}

static void
put_prefix(struct buf *out, const struct indent *in)
{
	if (in == NULL)
		return;
	put_prefix(out, in->up);
	buf_add(out, in->p, in->len);
}

/*
 * Does the op about to run begin a line that gets the frame's
 * indentation? A standalone tag's line is gone, so it never does, nor
 * does it use up the frame's first-line rule.
 */
static int
line_prefix(struct frame *fr, unsigned flags)
{
	int prefix;

	if (flags & OPF_STANDALONE)
		return 0;
	if (fr->first != FIRST_NORMAL) {
		prefix = fr->first == FIRST_FORCE;
		fr->first = FIRST_NORMAL;
		return prefix;
	}
	return (flags & OPF_BOL) != 0;
}

/*
 * Skip up to d blanks at s[i]; a line of nothing but blanks loses them all
 * (as Python's textwrap.dedent, which the spec's block tests follow).
 */
static size_t
skip_margin(const char *s, size_t len, size_t i, size_t d)
{
	size_t j = i, k;

	while (j < len && j - i < d && is_blank(s[j]))
		j++;
	k = j;
	while (k < len && is_blank(s[k]))
		k++;
	return at_eol(s, len, k) ? k : j;
}

/*
 * Template text, line by line: each source line loses the frame's dedent
 * and gains its indentation. Empty lines are not indented, so indented
 * partials add no trailing blanks. Interpolated values never come here,
 * so their newlines are not indented.
 */
static void
put_text(struct rstate *st, const struct frame *fr, const char *s, size_t len,
    int bol, int prefix)
{
	const char *nl;
	size_t i = 0, e;

	if (fr->plen == 0 && fr->dedent == 0) {
		buf_add(st->out, s, len);
		return;
	}
	while (i < len) {
		if (bol && fr->dedent > 0)
			i = skip_margin(s, len, i, fr->dedent);
		if (prefix && !at_eol(s, len, i))
			put_prefix(st->out, fr->ind);
		nl = memchr(s + i, '\n', len - i);
		e = nl == NULL ? len : (size_t)(nl - s) + 1;
		buf_add(st->out, s + i, e - i);
		i = e;
		bol = prefix = 1;
	}
}

static int render_ops(struct rstate *, struct frame *, size_t, size_t,
    const struct ctx *);

static int
render_body(struct rstate *st, struct frame *fr, size_t i, const struct ctx *c)
{
	const struct op *op = &fr->t->ops[i];

	if (render_ops(st, fr, i + 1, op->end, c) == -1)
		return -1;
	/* A close tag starting a line is the first thing on that line. */
	if ((op->flags & OPF_CLOSE_BOL) && line_prefix(fr, OPF_BOL))
		put_prefix(st->out, fr->ind);
	return 0;
}

static int
render_section(struct rstate *st, struct frame *fr, size_t i,
    const struct ctx *c)
{
	const struct op *op = &fr->t->ops[i];
	json_t *v = lookup(st, c, fr->t, op);
	struct ctx inner;
	size_t k, n;

	if (op->kind == MK_INVERTED)
		return truthy(v) ? 0 : render_body(st, fr, i, c);
	if (!truthy(v))
		return 0;
	inner.up = c;
	if (!json_is_array(v)) {
		inner.v = v;
		return render_body(st, fr, i, &inner);
	}
	n = json_array_size(v);
	for (k = 0; k < n; k++) {
		inner.v = json_array_get(v, k);
		if (render_body(st, fr, i, &inner) == -1)
			return -1;
	}
	return 0;
}

/* Add indentation s to nf, less what the enclosing frame strips. */
static void
indent_push(struct frame *nf, struct indent *in, const struct frame *fr,
    const char *s, size_t len)
{
	size_t k = fr->dedent < len ? fr->dedent : len;

	if (len - k == 0)
		return;
	in->p = s + k;
	in->len = len - k;
	in->up = fr->ind;
	nf->ind = in;
	nf->plen = fr->plen + in->len;
}

/* {{>name}} and {{<name}}: render another template at this point. */
static int
render_partial(struct rstate *st, struct frame *fr, size_t i,
    const struct ctx *c)
{
	const struct op *op = &fr->t->ops[i];
	const struct mustache *sub;
	struct frame nf;
	struct indent in;
	struct ovr ov;
	int rc;

	if (st->fn == NULL)
		return 0;
	sub = st->fn(st->arg, fr->t->pool + op->off, op->len);
	if (sub == NULL)
		return 0;
	if (st->depth >= MAX_DEPTH)
		return -1;
	nf = *fr;
	nf.t = sub;
	nf.dedent = 0;
	nf.first = FIRST_SUPPRESS;
	if (op->flags & OPF_STANDALONE) {
		indent_push(&nf, &in, fr, fr->t->src + op->ind, op->indlen);
		nf.first = FIRST_FORCE;
	}
	if (op->kind == MK_PARENT) {
		ov.t = fr->t;
		ov.op = i;
		ov.dedent = fr->dedent;
		ov.up = fr->ovr;
		nf.ovr = &ov;
	}
	st->depth++;
	rc = render_ops(st, &nf, 0, sub->nops, c);
	st->depth--;
	return rc;
}

/* The block named so among the direct children of parent op p, or 0. */
static size_t
find_arg(const struct mustache *t, size_t p, const char *name, size_t len)
{
	const struct op *op;
	size_t j = p + 1;

	while (j < t->ops[p].end) {
		op = &t->ops[j];
		if (op->kind == MK_BLOCK && op->len == len &&
		    memcmp(t->pool + op->off, name, len) == 0)
			return j;
		j = op->end;
	}
	return 0;
}

static size_t
block_dedent(const struct op *op, size_t outer)
{
	if ((op->flags & OPF_STANDALONE) && op->marlen > outer)
		return op->marlen;
	return outer;
}

/*
 * {{$name}}: the outermost parent's argument of that name wins (spec
 * "Multi-level inheritance"), else the default content. It renders in
 * this context, with its own indentation traded for the site's.
 */
static int
render_block(struct rstate *st, struct frame *fr, size_t i, const struct ctx *c)
{
	const struct mustache *t = fr->t, *dt = t;
	const struct op *op = &t->ops[i];
	const struct ovr *e;
	struct frame nf;
	struct indent in;
	size_t di = i, dd, j;
	int rc;

	dd = block_dedent(op, fr->dedent);
	for (e = fr->ovr; e != NULL; e = e->up) {
		j = find_arg(e->t, e->op, t->pool + op->off, op->len);
		if (j != 0) {
			dt = e->t;
			di = j;
			dd = block_dedent(&dt->ops[j], e->dedent);
		}
	}
	if (st->depth >= MAX_DEPTH)
		return -1;
	nf = *fr;
	nf.t = dt;
	nf.dedent = dd;
	nf.first = FIRST_SUPPRESS;
	if (op->flags & OPF_STANDALONE) {
		/* Indentation comes from the default content, else the tag. */
		if (op->marlen > 0)
			indent_push(&nf, &in, fr, t->src + op->mar, op->marlen);
		else
			indent_push(&nf, &in, fr, t->src + op->ind, op->indlen);
		nf.first = FIRST_FORCE;
	}
	st->depth++;
	rc = render_ops(st, &nf, di + 1, dt->ops[di].end, c);
	st->depth--;
	return rc;
}

static int
render_ops(struct rstate *st, struct frame *fr, size_t i, size_t end,
    const struct ctx *c)
{
	const struct op *op;
	int prefix, rc = 0;

	while (i < end && rc == 0) {
		op = &fr->t->ops[i];
		prefix = line_prefix(fr, op->flags);
		if (op->kind == MK_TEXT) {
			put_text(st, fr, fr->t->src + op->off, op->len,
			    op->flags & OPF_BOL, prefix);
			i = op->end;
			continue;
		}
		if (prefix)
			put_prefix(st->out, fr->ind);
		switch (op->kind) {
		case MK_VAR:
		case MK_RAW:
			put_value(st->out, lookup(st, c, fr->t, op),
			    op->kind == MK_VAR);
			break;
		case MK_SECTION:
		case MK_INVERTED:
			rc = render_section(st, fr, i, c);
			break;
		case MK_PARTIAL:
		case MK_PARENT:
			rc = render_partial(st, fr, i, c);
			break;
		case MK_BLOCK:
			rc = render_block(st, fr, i, c);
			break;
		default:
			break;
		}
		i = op->end;
	}
	return rc;
}

int
mustache_render(const struct mustache *t, json_t *const *stack, size_t depth,
    mustache_partial_fn partials, void *arg, struct buf *out)
{
	struct memo first[MEMO_SLOTS];
	struct rstate st;
	struct frame fr;
	int rc;

	memset(first, 0, sizeof(first));
	st.memo = st.first = first;
	st.nmemo = 0;
	st.cap = MEMO_SLOTS;
	st.base = stack;
	st.nbase = stack == NULL ? 0 : depth;
	st.fn = partials;
	st.arg = arg;
	st.out = out;
	st.depth = 0;
	memset(&fr, 0, sizeof(fr));
	fr.t = t;
	fr.first = FIRST_NORMAL;
	rc = render_ops(&st, &fr, 0, t->nops, NULL);
	if (st.memo != first)
		free(st.memo);
	return rc;
}
