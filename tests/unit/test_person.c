/*
 * Finding a person on both backends: person_match (the same phone however
 * written, or one number ending with the other; the same email in any
 * case), person_list's search by name without case or accents, and by
 * phone or email only when asked for by someone who may read contact; the
 * search keys kept current by person_update, and filled by migration 005
 * for the rows written before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdb.h"
#include "cli/cmd.h"
#include "db/db.h"
#include "domain/person.h"

static struct db *db;

/* Undo 005_person_search, as a database written before it was. */
static const char *const undo_005 =
    "DROP INDEX person_email_fold; DROP INDEX person_phone_rev; "
    "ALTER TABLE person DROP COLUMN name_fold; "
    "ALTER TABLE person DROP COLUMN email_fold; "
    "ALTER TABLE person DROP COLUMN phone_rev; "
    "UPDATE schema_version SET version = 4";
static const char *const keys_of =
    "SELECT name_fold, email_fold, phone_rev FROM person WHERE id = ?";

enum who {
	ANA,
	BEA,
	CARLOS,
	DANA,
	ELI,
	WHO__MAX,
};

static const struct {
	const char *name, *phone, *email;
	/* the keys person_insert and migration 005 give them */
	const char *name_fold, *email_fold, *phone_rev;
} people[WHO__MAX] = {
	[ANA] = { "Ana Núñez", "+16175550101", "Ana.Nunez@Example.org",
	    "ana nunez", "ana.nunez@example.org", "10105557161" },
	[BEA] = { "BEATRIZ NUNEZ", "5550199", NULL, "beatriz nunez", NULL,
	    "9910555" },
	[CARLOS] = { "Carlos Peña", "+442079550101", NULL, "carlos pena",
	    NULL, "101055970244" },
	[DANA] = { "Dana Łukasz", NULL, "dana@example.org", "dana lukasz",
	    "dana@example.org", NULL },
	[ELI] = { "Eli", "6175550101", NULL, "eli", NULL, "1010555716" },
};
static int64_t ids[WHO__MAX];

/* A bit per person found, in enum who order: the list's items. */
static unsigned
found(const char *q, int by_contact)
{
	json_t *in = json_pack("{s:s}", "q", q), *out = NULL, *item;
	struct problem p = { 0 };
	unsigned bits = 0;
	size_t i;
	int k;

	if (person_list(db, in, by_contact, &out, &p) == -1)
		bits = ~0u;
	json_array_foreach (json_object_get(out, "items"), i, item)
		for (k = 0; k < WHO__MAX; k++)
			if (json_integer_value(json_object_get(item, "id")) ==
			    ids[k])
				bits |= 1u << k;
	json_decref(in);
	json_decref(out);
	return bits;
}

#define B(w) (1u << (w))

static void
check_search(void)
{
	static const struct {
		const char *q;
		unsigned contact, names_only;
		const char *why;
	} cases[] = {
		{ "555-0101", B(ANA) | B(ELI), 0, "7 digits with a dash" },
		{ "(617) 555 0101", B(ANA) | B(ELI), 0, "a local number" },
		{ "+16175550101", B(ANA) | B(ELI), 0,
		    "with a country code: Eli's number ends it" },
		{ "617.555.0101", B(ANA) | B(ELI), 0, "with dots" },
		{ "0101", B(ANA) | B(CARLOS) | B(ELI), 0, "the last 4 digits" },
		{ "555 0199", B(BEA), 0, "Bea's 7 digits" },
		{ "+1 555 0199", B(BEA), 0, "digits that end with Bea's" },
		{ "+1 555 0198", 0, 0, "digits that end no stored number" },
		{ "101", 0, 0, "3 digits are no phone" },
		{ "ana.nunez@EXAMPLE.org", B(ANA), 0, "an email in any case" },
		{ "example.org", 0, 0, "part of an email finds nobody" },
		{ "nunez", B(ANA) | B(BEA), B(ANA) | B(BEA),
		    "a name without accents" },
		{ "NÚÑEZ", B(ANA) | B(BEA), B(ANA) | B(BEA),
		    "a name in capitals with accents" },
		{ "núñez", B(ANA) | B(BEA), B(ANA) | B(BEA),
		    "in lower case with accents" },
		{ "PENA", B(CARLOS), B(CARLOS), "n for ñ" },
		{ "lukasz", B(DANA), B(DANA), "l for ł" },
		{ "a n", B(ANA), B(ANA), "across words" },
		{ "%", 0, 0, "a LIKE wildcard is a character" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		is_int(found(cases[i].q, 1), cases[i].contact,
		    "%s: by contact, %s", testdb_backend(), cases[i].why);
		is_int(found(cases[i].q, 0), cases[i].names_only,
		    "%s: names only, %s", testdb_backend(), cases[i].why);
	}
}

static void
check_match(void)
{
	static const struct {
		const char *phone, *email;
		int rc;
		enum who who;
		const char *why;
	} cases[] = {
		{ "+1 617 555 0101", NULL, 1, ANA, "the same digits" },
		{ "(617) 555 0101", NULL, 1, ANA,
		    "10 digits ending Ana's: the oldest of Ana and Eli" },
		{ "+1 (617) 555-0101", "dana@example.org", 1, ANA,
		    "the phone before the email" },
		{ "555-0199", NULL, 1, BEA, "7 equal digits" },
		{ "+1 555 0199", NULL, 0, BEA,
		    "no match by an end shorter than 10 digits" },
		{ "20 7955 0101", NULL, 1, CARLOS, "the last 10 of 12" },
		{ "+33 20 7955 0101", NULL, 0, CARLOS,
		    "the same last 10 digits, another country" },
		{ "555 0101", NULL, 0, ANA, "7 digits ending two numbers" },
		{ NULL, "ANA.NUNEZ@example.ORG", 1, ANA, "an email, any case" },
		{ "999 999 9999", "Dana@Example.org", 1, DANA,
		    "the email when the phone finds no one" },
		{ NULL, "nobody@example.org", 0, ANA, "an unknown email" },
		{ NULL, NULL, 0, ANA, "neither" },
	};
	size_t i;
	int64_t id;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		id = 0;
		is_int(person_match(db, cases[i].phone, cases[i].email, &id),
		    cases[i].rc, "%s: person_match, %s", testdb_backend(),
		    cases[i].why);
		if (cases[i].rc == 1)
			is_int(id, ids[cases[i].who], "%s: the right one",
			    cases[i].why);
	}
}

/* Whether each person's keys are what people[] says. */
static void
check_keys(const char *when)
{
	struct db_val arg;
	json_t *row;
	int k;

	for (k = 0; k < WHO__MAX; k++) {
		row = NULL;
		arg = DBV_INT(ids[k]);
		is_int(db_row(db, keys_of, &arg, 1, &row), 1, "%s: %s's keys",
		    when, people[k].name);
		is_str(json_string_value(json_object_get(row, "name_fold")),
		    people[k].name_fold, "%s: %s's name folded", when,
		    people[k].name);
		is_str(json_string_value(json_object_get(row, "email_fold")),
		    people[k].email_fold, "%s: and the email", when);
		is_str(json_string_value(json_object_get(row, "phone_rev")),
		    people[k].phone_rev, "%s: and the phone", when);
		json_decref(row);
	}
}

/* Rows written before 005 get their keys when it runs. */
static void
check_migration(void)
{
	char *err = NULL;
	int from, to;

	is_int(db_script(db, undo_005), 0, "%s: back to before 005",
	    testdb_backend());
	is_int(db_migrate(db, &from, &to, &err), DB_MIGRATE_APPLIED,
	    "%s: 005 applies again", testdb_backend());
	if (err != NULL)
		printf("# %s\n", err);
	free(err);
	check_keys("filled by 005");
	check_search();
}

/* An update keeps the keys current, and a cleared field clears its key. */
static void
check_update(void)
{
	json_t *in = json_pack("{s:s,s:s,s:n}", "name", "Élodie Ñandú",
	    "phone", "+34 612 345 678", "email"), *out = NULL;
	struct problem p = { 0 };

	is_int(person_update(db, ids[DANA], in, &out, &p), 0,
	    "%s: Dana's name, phone and email change", testdb_backend());
	json_decref(in);
	json_decref(out);
	is_int(found("elodie nandu", 1), B(DANA), "found by the new name");
	is_int(found("lukasz", 1), 0, "not by the old one");
	is_int(found("612-345-678", 1), B(DANA), "found by the new phone");
	is_int(found("dana@example.org", 1), 0, "not by the email cleared");
}

int
main(void)
{
	char dir[] = "/tmp/solidarity-person-XXXXXX";
	struct testdb t;
	json_t *in;
	int k;

	if (mkdtemp(dir) == NULL)
		return 1;
	testdb_make(&t, dir, "p");
	db = cmd_open_db(t.url, 1);
	if (db == NULL)
		return 1;
	for (k = 0; k < WHO__MAX; k++) {
		in = json_pack("{s:s}", "name", people[k].name);
		if (people[k].phone != NULL)
			json_object_set_new(in, "phone",
			    json_string(people[k].phone));
		if (people[k].email != NULL)
			json_object_set_new(in, "email",
			    json_string(people[k].email));
		ids[k] = person_insert(db, in, "2026-01-01T00:00:00Z");
		ok(ids[k] > 0, "%s: %s added", testdb_backend(),
		    people[k].name);
		json_decref(in);
	}
	check_keys("person_insert");
	check_search();
	check_match();
	check_migration();
	check_update();
	db_close(db);
	testdb_drop(&t);
	testdb_rmdir(dir);
	return tap_done();
}
