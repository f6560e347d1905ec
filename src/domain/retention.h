/*
 * Forgetting: personal data is kept only while it serves someone. Asks and
 * offers that ended long ago lose their details, people with nothing
 * going on lose their contact details, and a person can be forgotten on
 * request. Rows, categories, zones and dates stay, so the counts of what
 * the network did stay true.
 */
#ifndef RETENTION_H
#define RETENTION_H

#include <stdint.h>

#include "db/db.h"
#include "viewer.h"
#include "util/problem.h"

#define RETENTION_DAYS_DEFAULT 90
#define RETENTION_DAYS_MAX     36500

/* What one purge removed. */
struct retention_counts {
	int64_t asks; /* details and close reasons emptied */
	int64_t offers;
	int64_t people;    /* phone, email and address cleared */
	int64_t limits;    /* rate-limit windows deleted */
	int64_t addresses; /* audit entries whose address was cleared */
	int64_t notes;     /* delivery notes of purged asks emptied */
	int64_t reasons;   /* release reasons of purged asks' claims emptied */
	int64_t conversations; /* what was said and the next step emptied */
	int64_t attendance; /* RSVPs and attendance no longer naming anyone */
	int64_t signups;    /* shift sign-ups of past sessions, likewise */
	int64_t rsvps;      /* RSVPs to past events, likewise */
	int64_t fund_txs;   /* fund transactions no longer naming anyone */
	int64_t reimbursements; /* decided reimbursements, likewise */
	int64_t texts;          /* SMS texts in and out deleted */
};

/*
 * Purge what has been over for more than days days (1 to
 * RETENTION_DAYS_MAX): the details and close reason of asks and offers
 * fulfilled or closed before then (and the delivery notes and claim
 * release reasons of asks purged), and the contact details of people
 * without a login, not updated since, whose asks and offers are all over
 * and purged; what was said in conversations held before then (the
 * problems and the next step), who took part in campaign actions held
 * before then, who signed up for the shifts of sessions held before then;
 * who gave or was paid, and what for, in fund transactions made before
 * then and in reimbursements paid or refused before then; and
 * the addresses of audit entries made before then. One transaction with an
 * audit entry "purge"; then, when it removed anything, the old versions are
 * cleared from the files (db_checkpoint; on PostgreSQL the tables of asks,
 * offers, people and rate limits are rewritten, the audit trail is not), and
 * all of retention_clear's when an earlier clear in this process failed
 * (db_checkpoint_owed). Returns 0 with the counts in *out; 1 when the purge
 * committed but the files could not be cleared (the reason in db_errmsg; the
 * next purge, or retention_clear, does it); -1 on a database error (nothing
 * changed).
 */
int retention_purge(struct db *, int days, struct retention_counts *out);
/*
 * Clear old versions of rows from the files of every table retention
 * changes, the audit trail included (db_checkpoint): what a forget does
 * after committing, and what finishes a purge or a forget that could not.
 * 0, or 1 when it could not (the reason in db_errmsg). On PostgreSQL it
 * rewrites whole tables.
 */
int retention_clear(struct db *);

/*
 * Forget a person: the name becomes "—", phone, email and address go,
 * the language stays (for the figures) and forgotten_at is set; every ask
 * and offer of theirs loses its details and close reason, whatever its
 * status; their fund transactions and reimbursements keep the amounts
 * and lose their person and note; their login, if any, is disabled and
 * renamed, its sessions ended and its API tokens revoked. One transaction
 * with an audit entry "forget person" naming the id only, done by v
 * (NULL: the command line); then the files are cleared. 0, 1 as
 * retention_purge, or -1 with p (404 "err_no_person" for an unknown
 * person).
 */
int retention_forget(struct db *, const struct viewer *v, int64_t person_id,
    struct problem *p);
/*
 * As retention_forget, for a person without a login: 409
 * "err_forget_login" for one with a login. Logins are managed on the
 * server (solidarity forget, user disable), so that nobody signed in can
 * end another's login, an admin's or their own, by forgetting its person.
 * The check and the forgetting run inside the caller's transaction (tx.h);
 * the files are cleared when it commits. 0, or -1 with p.
 */
int retention_forget_without_login(struct db *, const struct viewer *v,
    int64_t person_id, struct problem *p);

#endif
