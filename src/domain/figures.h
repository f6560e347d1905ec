/*
 * A program's figures: how many sessions it held, how many meals or
 * households it served, how many people came, how many of them helped,
 * and how many helpers first came as guests — the number that shows
 * whether the program turns the people it serves into the people who
 * run it.
 */
#ifndef FIGURES_H
#define FIGURES_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
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

#endif
