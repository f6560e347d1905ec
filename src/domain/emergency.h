/*
 * The emergency purge: when a raid or a seizure is coming, every piece
 * of personal data the registry (db/registry.h) names is gone in one
 * transaction, and then from the database's files, while what can be
 * counted without anyone in it stays: the asks by category, zone and
 * month, the sessions held and the meals counted, the money in and out.
 */
#ifndef EMERGENCY_H
#define EMERGENCY_H

#include <stdint.h>

#include "db/db.h"
#include "domain/viewer.h"
#include "util/problem.h"

struct emergency_counts {
	int64_t tables;  /* tables that held personal data */
	int64_t cleared; /* rows whose personal columns were emptied */
	int64_t deleted; /* rows deleted (nothing in them but a person's) */
};

/*
 * Every table of the registry with personal columns: those columns
 * emptied where the row counts for something (a person is "—", an ask
 * keeps its category, zone, status and dates), or the row deleted where
 * nothing is left without them (a stage history, a text, an opt-out, a
 * rate-limit key). Every login but the admins' is renamed and loses its
 * password; every session ends, and every API token but the admins'
 * goes. The audit trail keeps what was done, not from where. One
 * transaction by v (NULL: the command line) with an audit entry
 * "emergency purge"; then SQLite's file is rebuilt (VACUUM) and its log
 * truncated, PostgreSQL's tables rewritten (VACUUM FULL). 0 and *out;
 * 1 and *out when the purge committed but the old versions could not be
 * cleared from the files (db_errmsg says why: run it again); or -1 with
 * p, nothing deleted.
 */
int emergency_purge(struct db *, const struct viewer *v,
    struct emergency_counts *out, struct problem *p);

#endif
