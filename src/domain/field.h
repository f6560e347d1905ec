/*
 * Declared inputs. Every write takes one JSON object decoded from a form
 * (all strings) or a JSON body (typed); field_decode checks it against the
 * declaration and returns a clean object with the right types, so both
 * arrive at the domain the same way. Undeclared keys are dropped from a
 * form and refused in JSON (FIELD_DECODE_STRICT).
 */
#ifndef FIELD_H
#define FIELD_H

#include <stdint.h>
#include <jansson.h>

#include "util/problem.h"

enum field_kind {
	FIELD_LINE, /* one line of text, trimmed */
	FIELD_TEXT, /* text that may span lines, trimmed */
	FIELD_INT,
	FIELD_REAL,
	FIELD_PHONE, /* digits with optional + and separators */
	FIELD_EMAIL,
	FIELD_CHOICE, /* one of choices */
	/*
	 * A list of ids: a JSON array of integers, or a form's name sent
	 * repeated (request_form); each from 1 up, none twice, at most max
	 * of them. Absent when empty.
	 */
	FIELD_IDS,
	/*
	 * Weekly windows as people write them (window.h): read by
	 * window_parse, kept as window_format's canonical text.
	 */
	FIELD_WINDOWS,
	/*
	 * Tags (tag.h): a JSON array of strings, or a form's name sent
	 * repeated; each string may hold several, separated by commas
	 * ("no heat, mould"). Each is kept as tag_norm writes it, the same
	 * one twice once, at most max of them. Absent when empty.
	 */
	FIELD_TAGS,
	/*
	 * A weekly schedule of slots within a day: a JSON array of
	 * {"weekday": 1 (Monday) to 7, "start": "HH:MM", "end": "HH:MM"},
	 * or a form's text as FIELD_WINDOWS reads it ("Mon-Fri 07:00-09:00").
	 * Kept as window_format's canonical text; a slot that runs past
	 * midnight, or ends before it starts, is invalid. Absent when empty.
	 */
	FIELD_SCHEDULE,
	/*
	 * Yes or no: JSON true or false, or a form's checkbox ("1", "on" or
	 * "true"; "0", "off" or "false"). Kept as JSON true or false; bound
	 * as 1 or 0.
	 */
	FIELD_BOOL,
	FIELD__MAX,
};

#define FIELD_REQUIRED 0x1
/*
 * FIELD_TEXT kept as sent, not trimmed: a file's text, whose every byte
 * its reader counts (a leading tab is an empty cell, a blank line a row).
 * Blanks only are still absent. Control characters but NUL are let
 * through, for the fields the cells go to to refuse, row by row.
 */
#define FIELD_VERBATIM 0x2

/* How field_decode reads its input. */
#define FIELD_DECODE_PARTIAL 0x1 /* an update: fields may be left out */
#define FIELD_DECODE_STRICT  0x2 /* a key not declared is an error */

struct field {
	const char *name;
	enum field_kind kind;
	unsigned flags;
	int64_t min;                /* length for text, value for numbers */
	int64_t max;                /* FIELD_IDS, FIELD_TAGS: how many */
	const char *const *choices; /* FIELD_CHOICE, NULL-ended */
};

/*
 * Check raw (an object) against fields, ended by a NULL name. On success
 * returns 0 and a new object in *out: text trimmed, numbers typed, phone
 * numbers normalised; a field given empty is absent, or JSON null with
 * FIELD_DECODE_PARTIAL (an update that clears it), when required fields
 * may also be left out. Keys not declared are dropped, or with
 * FIELD_DECODE_STRICT each is an invalid field (its name then points into
 * raw). On failure returns -1 with p (clean on entry) a 422 listing every
 * invalid field at once (problem_add), the undeclared keys first, then
 * the declared fields in their order; or a 400 alone for bad UTF-8.
 */
int field_decode(const struct field *fields, json_t *raw, unsigned flags,
    json_t **out, struct problem *p);

#endif
