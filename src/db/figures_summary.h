/*
 * The share of people who both gave and received, kept as it changes: the
 * triggers that keep schema/031_figures_summary's table exact on every
 * write to what people did, and its fill from the rows already there.
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

/*
 * The table written whole from what is there, for a loader that held
 * the triggers (facing_summary_hold), before its commit. 0, or -1.
 */
int figures_summary_rebuild(struct db *);

#endif
