/*
 * solidarity match: the optimal batch assignment of open asks to open
 * offers (domain/assign.h), shown, or made in one transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "db/db.h"
#include "domain/assign.h"
#include "domain/audit.h"
#include "domain/reach.h"
#include "domain/tx.h"
#include "util/num.h"
#include "util/problem.h"
#include "util/banned.h"

static const char match_usage[] =
    "usage: solidarity match [--dry-run] [--json] [--zone ID] [--radius N]\n"
    "                        [--db DB]\n\n"
    "Assign open asks to open offers of the same category, within each\n"
    "offer's quantity (none given: one ask) and within reach (the same\n"
    "zone, adjacent zones, ... up to the match radius). The assignment is\n"
    "optimal: as many asks met as can be; the most urgent first; among\n"
    "equals, the person served least recently (never served first); then\n"
    "the least distance, in hops between zones, then in km between their\n"
    "coordinates. Each assignment says why; each ask left says why.\n"
    "The matches are made in one transaction, each in the audit trail.\n\n"
    "  --dry-run   show the assignment, change nothing\n"
    "  --json      print "
    "{\"assignments\":[{\"need_id\",\"offer_id\",\"cost\",\n"
    "              \"reasons\"}],\"unassigned\":[{\"need_id\",\"reason\"}]}\n"
    "  --zone ID   only the asks of this zone (offers from wherever reaches)\n"
    "  --radius N  how far offers reach, 0 to 2 (default 1)\n"
    "  --db DB     a SQLite file or a postgres:// URL\n"
    "              (default " CMD_DEFAULT_DB ")\n"
    "  --help      show this help\n";

/* What the command was asked. */
struct match_run {
	int64_t zone;
	int radius, dry, json;
	json_t *out;
};

static int
match_take_radius(void *arg, const char *value)
{
	int64_t n;

	if (num_parse_int(value, strlen(value), 0, REACH_RADIUS_MAX, &n) == -1)
		return -1;
	*(int *)arg = (int)n;
	return 0;
}

/* The assignment made, with the command's own audit entry. */
static int
match_work(struct db *db, void *arg, struct problem *p)
{
	struct match_run *m = arg;

	if (assign_apply(db, NULL, m->zone, m->radius, 0, &m->out, p) == -1)
		return -1;
	return audit_log(db, NULL, "cli match", NULL, 0);
}

static void
match_print_codes(json_t *codes)
{
	json_t *c;
	size_t i;

	json_array_foreach (codes, i, c)
		printf("%s%s", i ? " " : "", json_string_value(c));
}

static void
match_print(const struct match_run *m)
{
	json_t *met = json_object_get(m->out, "assignments");
	json_t *left = json_object_get(m->out, "unassigned"), *row;
	size_t i;

	json_array_foreach (met, i, row) {
		printf("ask %lld -> offer %lld  cost %.3f  ",
		    (long long)json_integer_value(
			json_object_get(row, "need_id")),
		    (long long)json_integer_value(
			json_object_get(row, "offer_id")),
		    json_real_value(json_object_get(row, "cost")));
		match_print_codes(json_object_get(row, "reasons"));
		printf("\n");
	}
	json_array_foreach (left, i, row)
		printf("ask %lld left: %s\n",
		    (long long)json_integer_value(
			json_object_get(row, "need_id")),
		    json_string_value(json_object_get(row, "reason")));
	printf("%s: %zu asks matched, %zu left\n",
	    m->dry ? "dry run, nothing changed" : "done", json_array_size(met),
	    json_array_size(left));
}

/* Run it: 0, or 1 after saying why on stderr. */
static int
match_run(struct db *db, struct match_run *m)
{
	struct problem p = { 0 };
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fprintf(stderr, "solidarity: matching the open asks%s...\n",
	    m->dry ? " (dry run)" : "");
	rc = m->dry ? assign_preview(db, m->zone, m->radius, 0, &m->out, &p)
		    : tx_run(db, match_work, m, &p);
	if (rc == -1) {
		json_decref(m->out);
		if (p.kind == PROBLEM_INVALID)
			fprintf(stderr, "solidarity: no zone %lld\n",
			    (long long)m->zone);
		else if (p.msg != NULL &&
		    strcmp(p.msg, "err_assign_too_many") == 0)
			fprintf(stderr,
			    "solidarity: cannot match: too many asks in one "
			    "category to weigh exactly\n");
		else if (p.kind == PROBLEM_CONFLICT)
			fprintf(stderr,
			    "solidarity: cannot match: an ask or offer "
			    "changed meanwhile (%s); run it again\n",
			    p.msg);
		else
			fprintf(stderr, "solidarity: cannot match: %s\n",
			    cmd_db_reason(db));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "solidarity: solved in %.2f s\n",
	    (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (m->json) {
		json_dumpf(m->out, stdout, JSON_COMPACT);
		printf("\n");
	} else
		match_print(m);
	json_decref(m->out);
	return 0;
}

int
cmd_match(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	struct match_run m = { .radius = reach_radius() };
	const struct cmd_opt opts[] = { { "dry-run", .flag = &m.dry },
		{ "json", .flag = &m.json },
		{ "zone", .number = &m.zone, .max = INT64_MAX,
		    .want = "a zone id" },
		{ "radius", .take = match_take_radius, .arg = &m.radius,
		    .want = "a number from 0 to 2" },
		{ "db", .text = &url }, { NULL } };
	struct db *db;
	int rc;

	rc = cmd_options_open(argc, argv, match_usage, opts, 1, &db);
	if (rc != -1)
		return rc;
	rc = match_run(db, &m);
	db_close(db);
	return rc;
}
