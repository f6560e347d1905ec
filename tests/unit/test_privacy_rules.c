/*
 * The privacy rules (domain/privacy.h) as pure functions over JSON rows:
 * for each kind of row and each role, the row a viewer is given, whole
 * (the cases are in tests/unit/cases/privacy.json); who is bound to
 * zones; how a phone is masked. tests/http/test_privacy.c proves the same
 * rules through the server.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "domain/privacy.h"

/* The cases: a rule, a viewer, a row in and the row out (see its "about"). */
#define CASES	"tests/unit/cases/privacy.json"

enum rule {
	RULE_NEED, RULE_NEEDS, RULE_OFFER, RULE_PERSON, RULE_PERSON_EDIT,
	RULE_PERSON_BRIEF, RULE_PEOPLE, RULE_CONTACT, RULE_NEED_FILTERS,
	RULE_OFFER_FILTERS, RULE_RUN_STOP, RULE_RUN_SHEET, RULE_STOCK_MOVE,
	RULE_EVENT_PEOPLE, RULE__MAX
};

static const char *const rule_names[RULE__MAX] = {
	"need",			/* RULE_NEED */
	"needs",		/* RULE_NEEDS */
	"offer",		/* RULE_OFFER */
	"person",		/* RULE_PERSON */
	"person_edit",		/* RULE_PERSON_EDIT */
	"person_brief",		/* RULE_PERSON_BRIEF */
	"people",		/* RULE_PEOPLE */
	"contact",		/* RULE_CONTACT */
	"need_filters",		/* RULE_NEED_FILTERS */
	"offer_filters",	/* RULE_OFFER_FILTERS */
	"run_stop",		/* RULE_RUN_STOP */
	"run_sheet",		/* RULE_RUN_SHEET */
	"stock_move",		/* RULE_STOCK_MOVE */
	"event_people",		/* RULE_EVENT_PEOPLE */
};

/*
 * Zones bound what a volunteer sees; who sees all details and contact;
 * who may claim an ask (not organizers, nor anyone signed out).
 */
static const struct {
	enum role	 role;
	int64_t		 zone_user;
	int		 sees_all;
	int		 may_claim;
} roles[] = {
	{ ROLE_NONE, 0, 0, 0 },
	{ ROLE_VOLUNTEER, 5, 0, 1 },
	{ ROLE_ORGANIZER, 0, 0, 0 },
	{ ROLE_COORDINATOR, 0, 1, 1 },
	{ ROLE_ADMIN, 0, 1, 1 },
};

/* U+2022 BULLET four times: a mask, never a digit. */
#define DOTS	"\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"

static const struct {
	const char	*phone, *masked;
} phones[] = {
	{ NULL, DOTS },
	{ "", DOTS },
	{ "467", DOTS },
	{ "3467", DOTS " 67" },
	{ "+34 600 123 467", DOTS " 67" },
};

/* A copy of x, with each string naming one of rows replaced by that row. */
static json_t *
privacy_row(json_t *rows, json_t *x)
{
	json_t *out, *item;
	size_t i;

	if (json_is_string(x))
		return json_deep_copy(json_object_get(rows,
		    json_string_value(x)));
	if (!json_is_array(x))
		return json_deep_copy(x);
	out = json_array();
	json_array_foreach(x, i, item) {
		json_array_append_new(out, privacy_row(rows, item));
	}
	return out;
}

/* Apply rule r to row; what RULE_PERSON_EDIT and a run's stop say must be
 * recorded. */
static int
privacy_apply(enum rule r, const struct viewer *v, json_t *row)
{
	switch (r) {
	case RULE_NEED:		privacy_need(v, row); break;
	case RULE_NEEDS:	privacy_each(v, row, privacy_need_brief); break;
	case RULE_OFFER:	privacy_offer(v, row); break;
	case RULE_PERSON:	privacy_person(v, row); break;
	case RULE_PERSON_EDIT:	return privacy_person_edit(v, row);
	case RULE_PERSON_BRIEF:	privacy_person_brief(v, row); break;
	case RULE_PEOPLE:	privacy_each(v, row, privacy_person_brief); break;
	case RULE_CONTACT:	privacy_contact(v, row); break;
	case RULE_NEED_FILTERS:	privacy_need_filters(v, row); break;
	case RULE_OFFER_FILTERS: privacy_offer_filters(v, row); break;
	case RULE_RUN_STOP:	return privacy_run_stop(v, row, 0);
	case RULE_RUN_SHEET:	return privacy_run_stop(v, row, 1);
	case RULE_STOCK_MOVE:	privacy_stock_move(v, row); break;
	case RULE_EVENT_PEOPLE:	privacy_event_people(v, row); break;
	case RULE__MAX:		break;
	}
	return 0;
}

static void
privacy_case(json_t *rows, json_t *c)
{
	const char *why = json_string_value(json_object_get(c, "why"));
	const char *name = json_string_value(json_object_get(c, "rule"));
	struct viewer v = { 0 };
	json_t *row = privacy_row(rows, json_object_get(c, "in"));
	json_t *want = privacy_row(rows, json_object_get(c, "out"));
	json_t *record = json_object_get(c, "record");
	enum rule r;
	char *got;
	int said;

	for (r = 0; r < RULE__MAX; r++)
		if (name != NULL && strcmp(name, rule_names[r]) == 0)
			break;
	v.role = role_parse(json_string_value(json_object_get(c, "role")));
	v.user_id = json_integer_value(json_object_get(c, "user"));
	said = privacy_apply(r, &v, row);
	if (!ok(r < RULE__MAX && row != NULL && want != NULL &&
	    json_equal(row, want), "%s", why)) {
		got = json_dumps(row, JSON_SORT_KEYS | JSON_COMPACT);
		printf("#   got %s\n", got != NULL ? got : "(null)");
		free(got);
	}
	if (record != NULL)
		is_int(said, json_integer_value(record), "%s: recorded or not",
		    why);
	json_decref(row);
	json_decref(want);
}

int
main(void)
{
	struct viewer v = { 0 };
	json_error_t err;
	json_t *doc = json_load_file(CASES, 0, &err), *c;
	char out[32];
	size_t i;

	if (!ok(doc != NULL, "the cases in " CASES)) {
		printf("#   %s:%d: %s\n", CASES, err.line, err.text);
		return tap_done();
	}
	json_array_foreach(json_object_get(doc, "cases"), i, c) {
		privacy_case(json_object_get(doc, "rows"), c);
	}
	json_decref(doc);
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		v.role = roles[i].role;
		v.user_id = 5;
		is_int(privacy_zone_user(&v), roles[i].zone_user,
		    "%s: bound to the zones of user %lld", role_name(v.role),
		    (long long)roles[i].zone_user);
		is_int(privacy_sees_all(&v), roles[i].sees_all,
		    "%s: sees all or not", role_name(v.role));
		is_int(privacy_may_claim(&v), roles[i].may_claim,
		    "%s: may claim or not", role_name(v.role));
	}
	is_int(privacy_zone_user(NULL), 0, "no viewer: no zone bound");
	is_int(privacy_may_claim(NULL), 0, "no viewer claims nothing");
	is_int(privacy_sees_all(NULL), 0, "no viewer sees nothing more");
	for (i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		privacy_mask_phone(phones[i].phone, out, sizeof(out));
		is_str(out, phones[i].masked, "phone \"%s\" is masked",
		    phones[i].phone != NULL ? phones[i].phone : "(none)");
	}
	privacy_mask_phone("600123467", out, 5);
	is_int(strlen(out), 4, "a mask is cut to the room given");
	return tap_done();
}
