/*
 * The share of people who both gave and received, and the ladder over
 * time, kept as they change: the triggers that keep the tables of
 * schema/031_figures_summary and 032_figures_ladder exact on every write
 * to what people did and to their stage history, and their fill from
 * the rows already there.
 */
#ifndef FIGURES_SUMMARY_H
#define FIGURES_SUMMARY_H

#include "db.h"

/*
 * Migration 31's fill: the triggers, in the database's dialect, then the
 * table filled from what is there. Inside the migration's transaction.
 * 0, or -1.
 */
int figures_summary_install(struct db *);
/* Migration 32's, likewise for the ladder. */
int figures_ladder_install(struct db *);
/*
 * The functions PostgreSQL's triggers call, as this program writes them
 * (a script of CREATE OR REPLACE): migration 41's fill writes them again.
 */
extern const char figures_summary_pg[];

/*
 * Both summaries written whole from what is there, for a loader that held
 * the triggers (facing_summary_hold), before its commit. 0, or -1.
 */
int figures_summary_rebuild(struct db *);

#endif
