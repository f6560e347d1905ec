/*
 * What people face, kept as it changes: the triggers that keep the tables
 * of schema/018_facing_summary exact on every write to the asks, the
 * conversations and their tags, and the fill of those tables from the
 * rows already there.
 */
#ifndef FACING_SUMMARY_H
#define FACING_SUMMARY_H

#include "db.h"

/*
 * Migration 18's fill: the triggers, in the database's dialect, then the
 * tables filled from the asks and conversations there are. Inside the
 * migration's transaction. 0, or -1.
 */
int facing_summary_install(struct db *);
/*
 * The triggers written again as this program has them (migrations 045
 * and 047): SQLite's dropped and made again, PostgreSQL's functions
 * replaced (facing_summary_pg). 0, or -1.
 */
int facing_summary_retrigger(struct db *);
/*
 * The functions PostgreSQL's triggers call, as this program writes them
 * (a script of CREATE OR REPLACE): migrations 41 and 46 write them again.
 */
extern const char facing_summary_pg[];

/*
 * A loader of many rows: facing_summary_hold stops the triggers, inside
 * the caller's transaction (no other sees it), so that each row costs no
 * refresh; facing_summary_rebuild, before its commit, starts them again
 * and writes the tables whole from the asks and conversations. 0, or -1.
 */
int facing_summary_hold(struct db *);
int facing_summary_rebuild(struct db *);
/*
 * Start the triggers again without a rebuild: the tables keep what they
 * held before the hold, for a change that must not move the counts (the
 * emergency purge: ids and counts only, the history kept). 0, or -1.
 */
int facing_summary_release(struct db *);

#endif
