/*
 * The network's programs as a directory other groups and 211 lines can
 * list: Open Referral's Human Services Data Specification (HSDS 3.0) as
 * CSV files and a datapackage.json. Only what a program shows the
 * public: its name, kind, zone, address and weekly hours; never who
 * leads it, who comes, or anything else about a person.
 */
#ifndef HSDS_H
#define HSDS_H

#include "db/db.h"
#include "util/problem.h"

struct hsds_opts {
	const char *name;    /* the organization: the network's name */
	const char *country; /* ISO 3166-1 alpha-2 for addresses, or NULL */
	const char *tz;      /* the time zone the hours are in, or NULL */
	const char *lang;    /* the language of the kinds' labels */
};

/* The tables written, in the order datapackage.json lists them. */
extern const char *const hsds_tables[];

/*
 * Write every table as DIR/TABLE.csv and DIR/datapackage.json (DIR is
 * made if missing). The number of programs written, or -1 with p (the
 * database's problem), or -1 with errno set and p empty when a file
 * cannot be written.
 */
int64_t hsds_write(struct db *, const char *dir, const struct hsds_opts *o,
    struct problem *p);

#endif
