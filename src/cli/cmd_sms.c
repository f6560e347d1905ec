/*
 * solidarity sms: the SMS gateways, added, listed and removed from the
 * command line, each change audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/sms_gateway.h"
#include "domain/tx.h"
#include "render/i18n.h"
#include "util/banned.h"

static const char sms_usage[] =
    "usage: solidarity sms gateway add NAME [--kind form|android]\n"
    "                      [--send-url URL] [--country CC] [--db DB]\n"
    "       solidarity sms gateway list [--db DB]\n"
    "       solidarity sms gateway remove NAME [--db DB]\n\n"
    "A gateway carries the network's texts: it posts each text it gets to\n"
    "the path that add prints once, alone on its line (only a hash of its\n"
    "secret is kept), and sends our replies from the outbox (/sms):\n\n"
    "    solidarity sms gateway add phone --kind android \\\n"
    "        --send-url http://USER:PASS@192.168.1.20:8080/message\n\n"
    "Point the gateway's webhook at https://YOUR-SERVER/sms/inbound/...\n"
    "(the Android app: event sms:received). A form gateway posts From and\n"
    "Body as a form, and takes To and Body posted as a form at its send\n"
    "URL; an android gateway is SMS Gateway for Android, whose local or\n"
    "cloud server takes {\"message\",\"phoneNumbers\"} as JSON. Without a "
    "send\n"
    "URL, replies wait in the outbox and fail. remove stops the path at\n"
    "once; its texts stay.\n\n"
    "  --kind form|android  the gateway's kind (default form)\n"
    "  --send-url URL       where the replies are posted (http or https;\n"
    "                       user:password@ in it for basic auth)\n"
    "  --country CC         the country (ISO 3166, such as US or MX) of\n"
    "                       numbers the gateway sends without one\n"
    "                       (default US)\n"
    "  --db DB              a SQLite file or a postgres:// URL\n"
    "                       (default " CMD_DEFAULT_DB ")\n"
    "  --help               show this help\n";

struct sms_opts {
	const char *url;
	const char *kind;
	const char *send_url;
	const char *country;
};

static int
sms_cmd_add(struct db *db, const struct sms_opts *o, const char *name)
{
	char secret[SECRET_TOKEN_LEN];
	struct problem p = { 0 };
	int64_t id;

	if (db_begin(db) == -1)
		goto fail;
	if (sms_gateway_add(db, name, o->kind, o->send_url, o->country, &id,
		secret, &p) == -1) {
		db_rollback(db);
		if (p.kind == PROBLEM_INTERNAL || p.kind == PROBLEM_UNAVAILABLE)
			goto fail;
		fprintf(stderr, "solidarity: %s\n",
		    i18n_get("en", p.fields[0].msg));
		return 1;
	}
	if (audit_log(db, NULL, "cli sms gateway add", "sms_gateway", id) ==
		-1 ||
	    db_commit(db) == -1) {
		sodium_memzero(secret, sizeof(secret));
		goto fail;
	}
	/* Alone on its line: P=$(solidarity sms gateway add …) */
	printf("/sms/inbound/%s\n", secret);
	fflush(stdout);
	sodium_memzero(secret, sizeof(secret));
	fprintf(stderr,
	    "solidarity: gateway '%s' added; the path above is shown "
	    "only now: give it to the gateway as its webhook\n",
	    name);
	return 0;
fail:
	fprintf(stderr, "solidarity: cannot add the gateway: %s\n",
	    cmd_db_reason(db));
	db_rollback(db);
	return 1;
}

static int
sms_cmd_list(struct db *db)
{
	json_t *rows = sms_gateway_list(db), *row;
	size_t i;

	if (rows == NULL) {
		fprintf(stderr, "solidarity: cannot list gateways: %s\n",
		    cmd_db_reason(db));
		return 1;
	}
	if (json_array_size(rows) == 0)
		printf("no gateway yet: solidarity sms gateway add NAME\n");
	else
		printf("%-6s %-24s %-8s %-8s %-9s %s\n", "ID", "NAME", "KIND",
		    "COUNTRY", "SENDS", "CREATED");
	json_array_foreach (rows, i, row)
		printf("%-6lld %-24s %-8s %-8s %-9s %s\n",
		    (long long)json_integer_value(json_object_get(row, "id")),
		    json_string_value(json_object_get(row, "name")),
		    json_string_value(json_object_get(row, "kind")),
		    json_string_value(json_object_get(row, "country")),
		    json_integer_value(json_object_get(row, "has_send_url"))
			? "yes"
			: "no",
		    json_string_value(json_object_get(row, "created_at")));
	json_decref(rows);
	return 0;
}

static int
sms_cmd_remove(struct db *db, const char *name)
{
	struct problem p = { 0 };

	if (db_begin(db) == -1)
		goto fail;
	if (sms_gateway_remove(db, name, &p) == -1) {
		db_rollback(db);
		if (p.kind != PROBLEM_NOT_FOUND)
			goto fail;
		fprintf(stderr, "solidarity: no gateway '%s'\n", name);
		return 1;
	}
	if (audit_log(db, NULL, "cli sms gateway remove", "sms_gateway", 0) ==
		-1 ||
	    db_commit(db) == -1)
		goto fail;
	printf("gateway '%s' is removed\n", name);
	return 0;
fail:
	fprintf(stderr, "solidarity: cannot remove the gateway: %s\n",
	    cmd_db_reason(db));
	db_rollback(db);
	return 1;
}

int
cmd_sms(int argc, char **argv)
{
	struct sms_opts o = { CMD_DEFAULT_DB, NULL, NULL, NULL };
	const struct cmd_opt opts[] = { { "kind", .text = &o.kind },
		{ "send-url", .text = &o.send_url },
		{ "country", .text = &o.country }, { "db", .text = &o.url },
		{ NULL } };
	struct db *db;
	char **words, *err = NULL;
	size_t n;
	int rc, add, with_name;

	rc = cmd_options(argc, argv, sms_usage, opts, CMD_WORDS_ANY, &words);
	if (rc != -1)
		return rc;
	for (n = 0; words[n] != NULL; n++)
		;
	if (n < 2 || strcmp(words[0], "gateway") != 0)
		return cmd_usage_error(sms_usage);
	add = strcmp(words[1], "add") == 0;
	with_name = add || strcmp(words[1], "remove") == 0;
	if ((with_name && n != 3) ||
	    (!with_name && (strcmp(words[1], "list") != 0 || n != 2)))
		return cmd_usage_error(sms_usage);
	/* Only add takes a gateway's settings. */
	if (!add && (o.send_url != NULL || o.kind != NULL || o.country != NULL))
		return cmd_usage_error(sms_usage);
	if (o.kind == NULL)
		o.kind = "form";
	if (o.country == NULL)
		o.country = "US";
	if (i18n_init(&err) == -1) {
		fprintf(stderr, "solidarity: %s\n", err);
		free(err);
		return 1;
	}
	db = cmd_open_db(o.url, 1);
	if (db == NULL) {
		i18n_done();
		return 1;
	}
	if (add)
		rc = sms_cmd_add(db, &o, words[2]);
	else if (with_name)
		rc = sms_cmd_remove(db, words[2]);
	else
		rc = sms_cmd_list(db);
	db_close(db);
	i18n_done();
	return rc;
}
