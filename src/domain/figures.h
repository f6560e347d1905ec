/*
 * Figures: whether the network turns the people it serves into the
 * people who run it. A program's: how many sessions it held, how many
 * meals or households it served, how many people came, how many of them
 * helped, and how many helpers first came as guests. The network's
 * (GET /figures), month by month: the people who both gave and received,
 * grievances taken up by campaigns and won, follow-ups done and skipped,
 * people moving up the ladder, reached by political education, joining.
 * Every number is counted from the records when asked, never kept.
 */
#ifndef FIGURES_H
#define FIGURES_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/*
 * The figures of program id: {sessions_held, served, people, helpers,
 * helpers_from_guests}, counted from its sessions, their tap counters
 * and attendance. 404.
 * 0 and the object (the caller's), or -1 with p.
 *
 * A forget cuts the link between a person and the sessions they came to
 * on purpose (retention.c): each visit of a forgotten person is counted
 * as one more person who came (and one more helper if they helped), and
 * whether they first came as a guest is no longer known.
 */
int figures_program(struct db *, int64_t id, json_t **out, struct problem *);

/* The network's figures' filters (GET /figures): a window of months. */
enum figures_key {
	FIGURES_FROM,
	FIGURES_TO,
	FIGURES__MAX,
};

extern const struct field figures_fields[FIGURES__MAX + 1];

/* "YYYY-MM" and its end */
#define FIGURES_MONTH_LEN 8

/*
 * The month "YYYY-MM" as the range the figures read it by: lo is the
 * month, hi the next one (every time of a month sorts from its name
 * until before the next's). 0, or -1 when month is not one.
 */
int figures_month_range(const char *month, char lo[FIGURES_MONTH_LEN],
    char hi[FIGURES_MONTH_LEN]);

/* The most months one window may span: two years. */
#define FIGURES_MONTHS_MAX 24

/*
 * The network's figures over the months from..to of in ("YYYY-MM", both
 * optional: the twelve months up to now's; 422 naming the field when
 * one is not a month, from is after to, or the window is longer than
 * FIGURES_MONTHS_MAX). 0 and, in *out (the caller's):
 *
 *   {from, to, months: ["YYYY-MM"…],
 *    gave_and_received: {people, both, percent,
 *                        months: [{month, people, both, percent}…]},
 *    campaigns: {grievances, campaigned, won},
 *    follow_ups: {done, skipped, months: [{month, done, skipped}…]},
 *    ladder: {people, moves: [{from, to, people}…],
 *             months: [{month, people, moves: [{from, to, people}…]}…]},
 *    education: {people, months: [{month, people}…]},
 *    members: {people, months: [{month, people}…]}}
 *
 * gave_and_received: people is everyone who asked or was helped (an
 * ask, a visit as a guest) or gave (an offer, a delivery, a shift, a
 * visit as a helper or lead) in the window, both those of them who by
 * its end had done both; a month counts the people active in it and
 * those of them who had done both by its end. campaigns: the
 * grievances raised in the window, those of them some campaign took
 * up, and those of them a campaign won (won, or an outcome won).
 * follow_ups: the follow-ups closed in each month, done or skipped.
 * ladder: the people who moved up a stage (a row of their history above
 * the stage they held before it: never their first stage, never an
 * override down), each move from..to lowest first with its people, the
 * moves nobody made left out; people counts each person once, a
 * month's move too, the window's move is its months' sum. education:
 * the people who came to an event, or to a session that carried
 * education, each once a month and once in the window. members: the
 * people who joined (a membership row "joined"), by month, and in the
 * window.
 * Or -1 with p.
 */
int figures_network(struct db *, json_t *in, json_t **out, struct problem *);

#endif
