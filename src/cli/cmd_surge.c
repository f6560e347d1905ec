/* solidarity surge: a strike kitchen, a picket or a shelter, ready at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/surge.h"
#include "render/i18n.h"
#include "util/civil.h"
#include "util/num.h"
#include "util/banned.h"

static const char surge_usage[] =
    "usage: solidarity surge strike-kitchen|picket|shelter [--lang en|es]\n"
    "       [--zone ID] [--currency CODE] [--db DB]\n\n"
    "Make a ready set for an emergency, so that it runs within the hour:\n"
    "a program with its sessions for the next 8 weeks and the shifts of\n"
    "each (cooks, servers, dishes and a runner for a kitchen; a captain,\n"
    "marshals, a runner, a medic and a legal observer for a picket;\n"
    "intake, overnight watch, cooks and cleaning for a shelter), a place\n"
    "for its stock with the items it will need (those the network has are\n"
    "used), and a fund. Names in the network's language. One transaction;\n"
    "a set made before (its program's name taken) is refused. Then name a\n"
    "lead and a place, count the stock in, and call people to the shifts.\n\n"
    "  --lang en|es     the language of the names (default en)\n"
    "  --zone ID        the zone of the program and the stock\n"
    "  --currency CODE  the fund's currency, ISO 4217 (default USD)\n"
    "  --db DB          a SQLite file or a postgres:// URL\n"
    "                   (default " CMD_DEFAULT_DB ")\n"
    "  --help           show this help\n";

/* The option a problem's field came from, for the message. */
static const char *
surge_option(const char *field, const char *kind)
{
	if (field != NULL && strcmp(field, "zone_id") == 0)
		return "--zone";
	if (field != NULL && strcmp(field, "currency") == 0)
		return "--currency";
	return kind;
}

int
cmd_surge(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB, *lang = "en", *currency = "USD";
	int64_t zone = 0;
	const struct cmd_opt opts[] = { { "lang", .text = &lang },
		{ "zone", .number = &zone, .max = INT64_MAX },
		{ "currency", .text = &currency }, { "db", .text = &url },
		{ NULL } };
	struct surge_opts o = { 0 };
	char today[CIVIL_DATE_LEN], *err = NULL;
	struct problem p = { 0 };
	json_t *made = NULL;
	struct db *db;
	char **words;
	size_t i;
	int rc;

	rc = cmd_options(argc, argv, surge_usage, opts, 1, &words);
	if (rc != -1)
		return rc;
	for (i = 0; surge_kinds[i] != NULL; i++)
		if (strcmp(words[0], surge_kinds[i]) == 0)
			break;
	if (surge_kinds[i] == NULL ||
	    (strcmp(lang, "en") != 0 && strcmp(lang, "es") != 0))
		return cmd_usage_error(surge_usage);
	if (i18n_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return 1;
	}
	civil_today(time(NULL), today);
	o = (struct surge_opts){ words[0], lang, zone, currency, today };
	db = cmd_open_db(url, 1);
	if (db == NULL) {
		i18n_done();
		return 1;
	}
	if (db_begin(db) == -1)
		goto fail;
	if (surge_make(db, &o, &made, &p) == -1) {
		db_rollback(db);
		if (p.kind == PROBLEM_INTERNAL || p.kind == PROBLEM_UNAVAILABLE)
			goto fail;
		fprintf(stderr, "solidarity: %s: %s\n",
		    surge_option(p.fields[0].field, words[0]),
		    i18n_get("en", p.fields[0].msg));
		rc = 1;
		goto out;
	}
	if (audit_log(db, NULL, "cli surge", "program",
		json_integer_value(json_object_get(
		    json_object_get(made, "program"), "id"))) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	printf("%s is ready:\n"
	       "  program %lld \"%s\": %lld sessions in the next 8 weeks, "
	       "%lld shifts to fill (/programs/%lld)\n"
	       "  stock at \"%s\" (location %lld): %lld items to count in "
	       "(/locations/%lld)\n"
	       "  fund %lld \"%s\" in %s (/funds/%lld)\n",
	    words[0],
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "program"), "id")),
	    json_string_value(
		json_object_get(json_object_get(made, "program"), "name")),
	    (long long)json_integer_value(json_object_get(made, "sessions")),
	    (long long)json_integer_value(json_object_get(made, "shifts")),
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "program"), "id")),
	    json_string_value(
		json_object_get(json_object_get(made, "location"), "name")),
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "location"), "id")),
	    (long long)json_integer_value(json_object_get(made, "items")),
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "location"), "id")),
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "fund"), "id")),
	    json_string_value(
		json_object_get(json_object_get(made, "fund"), "name")),
	    currency,
	    (long long)json_integer_value(
		json_object_get(json_object_get(made, "fund"), "id")));
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "solidarity: cannot make the %s: %s\n", words[0],
	    cmd_db_reason(db));
	db_rollback(db);
	rc = 1;
out:
	json_decref(made);
	db_close(db);
	i18n_done();
	return rc;
}
