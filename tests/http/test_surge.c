/*
 * solidarity surge on both backends: each kind's set made in one go (a
 * program with its sessions, every session with its shifts, a place for
 * stock with its items, a fund in the currency asked for), in English and
 * in Spanish, in a zone; the items the network has used, not made twice;
 * a set made twice, a zone or a currency that is none refused with exit
 * 1 and nothing written; an unknown kind or language exit 2; the set
 * seen through the API; the command audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "client.h"

static struct server S;

/* A snapshot of what a set writes: programs, sessions, shifts, … */
static const char *const written_sql =
    "SELECT (SELECT count(*) FROM program) || '/' || (SELECT count(*) FROM "
    "program_session) || '/' || (SELECT count(*) FROM shift) || '/' || "
    "(SELECT count(*) FROM location) || '/' || (SELECT count(*) FROM item) "
    "|| '/' || (SELECT count(*) FROM fund)";

static long
count_of(const char *fmt, const char *name)
{
	char sql[512];

	snprintf(sql, sizeof(sql), fmt, name);
	return db_scalar(&S, sql);
}

static void
test_kitchen(void)
{
	char line[512], path[64];
	struct reply r;
	long program, sessions, shifts;

	is_int(server_cli(&S, (const char *[]){ "surge", "strike-kitchen",
				  NULL },
		   line, sizeof(line)),
	    0, "surge strike-kitchen: exit 0");
	ok(strstr(line, "strike-kitchen is ready") != NULL, "says so: %s",
	    line);
	program = count_of("SELECT id FROM program WHERE name = '%s' AND "
			   "kind = 'kitchen'",
	    "Strike kitchen");
	ok(program > 0, "a kitchen program, \"Strike kitchen\"");
	sessions = count_of("SELECT count(*) FROM program_session s JOIN "
			    "program p ON p.id = s.program_id WHERE p.name = "
			    "'%s'",
	    "Strike kitchen");
	ok(sessions >= 14 * 8 - 2,
	    "two sessions a day for 8 weeks (%ld)", sessions);
	shifts = count_of("SELECT count(*) FROM shift h JOIN program_session "
			  "s ON s.id = h.session_id JOIN program p ON p.id = "
			  "s.program_id WHERE p.name = '%s'",
	    "Strike kitchen");
	is_int(shifts, sessions * 4, "four shifts each: cook, serving, "
				     "dishes, runner");
	is_int(count_of("SELECT count(*) FROM shift WHERE name = '%s' AND "
			"needed = 3",
		   "Cook"),
	    sessions, "three cooks needed at each");
	is_int(count_of("SELECT count(*) FROM location WHERE name = '%s' AND "
			"kind = 'pantry'",
		   "Kitchen pantry"),
	    1, "a pantry for its stock");
	is_int(db_scalar(&S, "SELECT count(*) FROM item"), 9,
	    "nine items: rice, beans, oil …");
	is_int(count_of("SELECT count(*) FROM fund WHERE name = '%s' AND "
			"currency = 'USD'",
		   "Strike kitchen fund"),
	    1, "a fund in USD");
	is_int(db_scalar(&S, "SELECT count(*) FROM audit WHERE action = 'cli "
			     "surge'"),
	    1, "in the audit trail");
	snprintf(path, sizeof(path), "/programs/%ld", program);
	http(&S, "GET", path, "application/json", NULL, NULL, 0, &r);
	is_int(r.status, 200, "the program through the API");
	reply_free(&r);
	http(&S, "GET", "/funds", "application/json", NULL, NULL, 0, &r);
	ok(r.status == 200 && strstr(r.body, "Strike kitchen fund") != NULL,
	    "the fund through the API");
	reply_free(&r);
}

static void
test_refused(void)
{
	char line[512], *before = db_text(&S, written_sql), *after;

	is_int(server_cli(&S, (const char *[]){ "surge", "strike-kitchen",
				  NULL },
		   line, sizeof(line)),
	    1, "the same set again: exit 1");
	is_int(server_cli(&S, (const char *[]){ "surge", "picket", "--zone",
				  "999", NULL },
		   line, sizeof(line)),
	    1, "a zone that is none: exit 1");
	is_int(server_cli(&S, (const char *[]){ "surge", "picket",
				  "--currency", "XYZ", NULL },
		   line, sizeof(line)),
	    1, "a currency that is none: exit 1");
	is_int(server_cli(&S, (const char *[]){ "surge", "riot", NULL }, line,
		   sizeof(line)),
	    2, "a kind that is none: exit 2");
	is_int(server_cli(&S, (const char *[]){ "surge", "picket", "--lang",
				  "fr", NULL },
		   line, sizeof(line)),
	    2, "a language we do not speak: exit 2");
	is_int(server_cli(&S, (const char *[]){ "surge", NULL }, line,
		   sizeof(line)),
	    2, "no kind: exit 2");
	after = db_text(&S, written_sql);
	is_str(after, before, "none of them wrote anything");
	free(before);
	free(after);
}

static void
test_spanish(void)
{
	char line[512];
	long zone = http_created(&S, "/zones", "{\"name\":\"Puerto\"}");
	char z[24];

	snprintf(z, sizeof(z), "%ld", zone);
	is_int(server_cli(&S, (const char *[]){ "surge", "shelter", "--lang",
				  "es", "--zone", z, "--currency", "EUR", NULL },
		   line, sizeof(line)),
	    0, "surge shelter --lang es --zone --currency EUR: exit 0");
	is_int(count_of("SELECT count(*) FROM program WHERE name = '%s' AND "
			"zone_id IS NOT NULL",
		   "Refugio de emergencia"),
	    1, "\"Refugio de emergencia\", in the zone");
	is_int(count_of("SELECT count(*) FROM shift WHERE name = '%s'",
		   "Guardia nocturna") > 0,
	    1, "shifts named in Spanish");
	is_int(count_of("SELECT count(*) FROM fund WHERE name = '%s' AND "
			"currency = 'EUR'",
		   "Fondo del refugio"),
	    1, "a fund in EUR");
	is_int(count_of("SELECT count(*) FROM location WHERE name = '%s' AND "
			"zone_id IS NOT NULL",
		   "Almacén del refugio"),
	    1, "its storeroom in the zone");
	is_int(server_cli(&S, (const char *[]){ "surge", "picket", NULL }, line,
		   sizeof(line)),
	    0, "surge picket: exit 0");
	is_int(count_of("SELECT count(*) FROM item WHERE name = '%s'",
		   "Drinking water"),
	    1, "an item the network has (the kitchen's water) used again");
	is_int(count_of("SELECT count(*) FROM shift WHERE name = '%s'",
		   "Legal observer") > 0,
	    1, "a picket's legal observer");
}

int
main(void)
{
	server_start(&S);
	test_kitchen();
	test_refused();
	test_spanish();
	is_int(server_stop(&S), 0, "the server stops cleanly");
	return tap_done();
}
