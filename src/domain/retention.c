/* Purging what is over and forgetting people, without touching the counts. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "retention.h"
#include "tx.h"
#include "audit.h"
#include "ratelimit.h"
#include "db/registry.h"
#include "util/clock.h"
#include "util/banned.h"

enum stmt {
	STMT_PURGE_NEEDS,
	STMT_PURGE_OFFERS,
	STMT_PURGE_PEOPLE,
	STMT_PURGE_LIMITS,
	STMT_PURGE_ADDRESSES,
	STMT_PURGE_NOTES,
	STMT_PURGE_REASONS,
	STMT_PURGE_CONVERSATIONS,
	STMT_PURGE_ATTENDANCE,
	STMT_PURGE_SIGNUPS,
	STMT_PURGE_RSVPS,
	STMT_PURGE_FUND_TXS,
	STMT_PURGE_REIMBURSEMENTS,
	STMT_FORGET_PERSON,
	STMT_FORGET_NEEDS,
	STMT_FORGET_OFFERS,
	STMT_FORGET_USER,
	STMT_FORGET_LOGIN,
	STMT_FORGET_SESSIONS,
	STMT_FORGET_TOKENS,
	STMT_FORGET_ADDRESSES,
	STMT_FORGET_NOTES,
	STMT_FORGET_REASONS,
	STMT_FORGET_CONVERSATIONS,
	STMT_FORGET_ATTENDANCE,
	STMT_FORGET_SESSIONS_CAME,
	STMT_FORGET_SHIFTS_FREE,
	STMT_FORGET_SHIFTS,
	STMT_FORGET_EVENTS_CAME,
	STMT_FORGET_RSVPS,
	STMT_FORGET_STAGES,
	STMT_FORGET_MEMBERSHIP,
	STMT_FORGET_TRAINING,
	STMT_FORGET_ROLES,
	STMT_FORGET_FUND_TXS,
	STMT_FORGET_REIMBURSEMENTS,
	STMT_PURGE_TEXTS,
	STMT_FORGET_TEXTS,
	STMT_FORGET_THREADS,
	STMT__MAX,
};

/*
 * Rows are emptied, never deleted: the tally, the figures and the claims
 * all point at them. details is NOT NULL, so it becomes ''. updated_at is
 * left alone, so the time an ask took to be met stays measurable.
 */
static const char *const stmts[STMT__MAX] = {
	/* STMT_PURGE_NEEDS */
	"UPDATE need SET details = '', close_reason = NULL, windows = NULL, "
	"purged_at = ? WHERE status IN ('fulfilled', 'closed') AND updated_at "
	"< ? "
	"AND purged_at IS NULL",
	/* STMT_PURGE_OFFERS */
	"UPDATE offer SET details = '', close_reason = NULL, purged_at = ? "
	"WHERE status IN ('fulfilled', 'closed') AND updated_at < ? "
	"AND purged_at IS NULL",
	/*
	 * STMT_PURGE_PEOPLE: only people with something left to clear, so a
	 * second run counts nothing. Someone with a login keeps their contact
	 * details: they are part of the network's work, not a past ask.
	 */
	"UPDATE person SET phone = NULL, email = NULL, address = NULL, "
	"email_fold = NULL, phone_rev = NULL, windows = NULL, "
	"bulletin_sms_at = NULL WHERE updated_at < ? AND (phone IS NOT NULL "
	"OR email IS NOT NULL OR address IS NOT NULL OR windows IS NOT NULL "
	"OR bulletin_sms_at IS NOT NULL) "
	"AND NOT EXISTS (SELECT 1 FROM app_user u "
	"WHERE u.person_id = person.id) "
	"AND NOT EXISTS (SELECT 1 FROM need n WHERE n.person_id = person.id "
	"AND n.purged_at IS NULL) "
	"AND NOT EXISTS (SELECT 1 FROM need n WHERE n.person_id = person.id "
	"AND n.status NOT IN ('fulfilled', 'closed')) "
	"AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.person_id = person.id "
	"AND o.purged_at IS NULL) "
	"AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.person_id = person.id "
	"AND o.status NOT IN ('fulfilled', 'closed'))",
	/*
	 * STMT_PURGE_LIMITS: rate-limit keys hold addresses and the logins
	 * people typed; a window that old limits nothing any more.
	 */
	"DELETE FROM rate_limit WHERE window_start < ?",
	/*
	 * STMT_PURGE_ADDRESSES: an address in the trail is a person's too.
	 * The entries stay, so who did what stays known; a daily scan of the
	 * trail costs less than an index every write would pay for.
	 */
	"UPDATE audit SET ip = NULL WHERE at < ? AND ip IS NOT NULL",
	/*
	 * STMT_PURGE_NOTES: what volunteers wrote of a delivery goes with
	 * the ask it was about, once that is purged (run after the asks).
	 */
	"UPDATE delivery SET note = NULL WHERE note IS NOT NULL AND EXISTS "
	"(SELECT 1 FROM need WHERE need.id = delivery.need_id "
	"AND need.purged_at IS NOT NULL)",
	/* STMT_PURGE_REASONS: why a claim was let go, likewise */
	"UPDATE claim SET release_reason = NULL WHERE release_reason IS NOT "
	"NULL AND EXISTS (SELECT 1 FROM need WHERE need.id = claim.need_id "
	"AND need.purged_at IS NOT NULL)",
	/*
	 * STMT_PURGE_CONVERSATIONS: what was said, in the words of who wrote
	 * it, goes once the conversation is that old; the tags, the target
	 * and the assessment stay, so what people face can still be counted
	 * and an organizer still knows who leads.
	 */
	"UPDATE conversation SET problems = NULL, next_step = NULL, "
	"purged_at = ? WHERE at < ? AND purged_at IS NULL",
	/*
	 * STMT_PURGE_ATTENDANCE: who took part in an action that long ago;
	 * the rows stay, so its counts do.
	 */
	"UPDATE action_person SET person_id = NULL WHERE person_id IS NOT NULL "
	"AND action_id IN (SELECT id FROM campaign_action WHERE at < ?)",
	/*
	 * STMT_PURGE_SIGNUPS: who signed up for the shifts of a session
	 * that long ago; the rows stay, so the places taken still add up.
	 */
	"UPDATE shift_signup SET person_id = NULL WHERE person_id IS NOT NULL "
	"AND shift_id IN (SELECT sh.id FROM shift sh JOIN program_session s "
	"ON s.id = sh.session_id WHERE s.starts_at < ?)",
	/*
	 * STMT_PURGE_RSVPS: who said they would come to an event that long
	 * ago (its local day against the cutoff: a day's difference at
	 * most); the rows stay, so the count does.
	 */
	"UPDATE event_rsvp SET person_id = NULL WHERE person_id IS NOT NULL "
	"AND event_id IN (SELECT id FROM event WHERE starts < ?)",
	/*
	 * STMT_PURGE_FUND_TXS: who gave or was paid that long ago, and what
	 * for in anyone's words; the amounts stay, so the balance does.
	 */
	"UPDATE fund_tx SET person_id = NULL, note = NULL WHERE at < ? AND "
	"(person_id IS NOT NULL OR note IS NOT NULL)",
	/*
	 * STMT_PURGE_REIMBURSEMENTS: likewise for requests refused, or paid,
	 * that long ago; one still open is still someone's to be paid.
	 */
	"UPDATE fund_reimbursement SET person_id = NULL, note = NULL WHERE "
	"status IN ('paid', 'refused') AND coalesce(paid_at, decided_at) < ? "
	"AND (person_id IS NOT NULL OR note IS NOT NULL)",
	/* STMT_FORGET_PERSON */
	"UPDATE person SET name = '—', phone = NULL, email = NULL, "
	"address = NULL, name_fold = '—', email_fold = NULL, phone_rev = NULL, "
	"windows = NULL, bulletin_sms_at = NULL, forgotten_at = ?, "
	"updated_at = ? WHERE id = ?",
	/* STMT_FORGET_NEEDS: open ones too, whatever their status */
	"UPDATE need SET details = '', close_reason = NULL, windows = NULL, "
	"purged_at = coalesce(purged_at, ?) WHERE person_id = ?",
	/* STMT_FORGET_OFFERS */
	"UPDATE offer SET details = '', close_reason = NULL, "
	"purged_at = coalesce(purged_at, ?) WHERE person_id = ?",
	/* STMT_FORGET_USER */
	"SELECT id, login FROM app_user WHERE person_id = ?",
	/*
	 * STMT_FORGET_LOGIN: a login is often the person's name, so it is
	 * replaced by one no one can choose (logins have no spaces). The
	 * password hash goes too: people reuse passwords.
	 */
	"UPDATE app_user SET login = ?, password_hash = '', disabled = 1 "
	"WHERE id = ?",
	/* STMT_FORGET_SESSIONS */
	"DELETE FROM login_session WHERE user_id = ?",
	/* STMT_FORGET_TOKENS: labels are free text the person wrote */
	"UPDATE api_token SET label = '', revoked_at = coalesce(revoked_at, ?) "
	"WHERE user_id = ?",
	/* STMT_FORGET_ADDRESSES: where their login was used from */
	"UPDATE audit SET ip = NULL WHERE user_id = ? AND ip IS NOT NULL",
	/* STMT_FORGET_NOTES: about their asks, whoever wrote them */
	"UPDATE delivery SET note = NULL WHERE need_id IN "
	"(SELECT id FROM need WHERE person_id = ?)",
	/* STMT_FORGET_REASONS */
	"UPDATE claim SET release_reason = NULL WHERE need_id IN "
	"(SELECT id FROM need WHERE person_id = ?)",
	/* STMT_FORGET_CONVERSATIONS: with them, whoever logged it */
	"UPDATE conversation SET problems = NULL, assessment = NULL, "
	"next_step = NULL, purged_at = coalesce(purged_at, ?) "
	"WHERE person_id = ?",
	/* STMT_FORGET_ATTENDANCE: their RSVPs and attendance, counts kept */
	"UPDATE action_person SET person_id = NULL WHERE person_id = ?",
	/* STMT_FORGET_SESSIONS_CAME: the sessions they came to, counts kept */
	"UPDATE attendance SET person_id = NULL WHERE person_id = ?",
	/*
	 * STMT_FORGET_SHIFTS_FREE, then STMT_FORGET_SHIFTS: a sign-up is a
	 * promise to come, and nobody keeps it for someone forgotten; their
	 * places are freed (one each: a person is on a shift once) and the
	 * rows go. Who came stays counted in attendance.
	 */
	"UPDATE shift SET taken = taken - 1 WHERE id IN "
	"(SELECT shift_id FROM shift_signup WHERE person_id = ?)",
	"DELETE FROM shift_signup WHERE person_id = ?",
	/* STMT_FORGET_EVENTS_CAME: the events they came to, counts kept */
	"UPDATE event_attendance SET person_id = NULL WHERE person_id = ?",
	/* STMT_FORGET_RSVPS: a promise to come, as a sign-up: the rows go */
	"DELETE FROM event_rsvp WHERE person_id = ?",
	/*
	 * STMT_FORGET_STAGES, STMT_FORGET_MEMBERSHIP: their path in the
	 * network and whether they joined describe them; nothing counts them.
	 */
	"DELETE FROM person_stage WHERE person_id = ?",
	"DELETE FROM person_membership WHERE person_id = ?",
	/* STMT_FORGET_TRAINING, STMT_FORGET_ROLES: likewise */
	"DELETE FROM training_completion WHERE person_id = ?",
	"DELETE FROM role_held WHERE person_id = ?",
	/*
	 * STMT_FORGET_FUND_TXS, STMT_FORGET_REIMBURSEMENTS: the money they
	 * gave or were paid stays in the ledger without their name, and
	 * what it was for goes with it (it may name them).
	 */
	"UPDATE fund_tx SET person_id = NULL, note = NULL WHERE person_id = ?",
	"UPDATE fund_reimbursement SET person_id = NULL, note = NULL WHERE "
	"person_id = ?",
	/*
	 * STMT_PURGE_TEXTS: texts in and out that long ago, but one still
	 * waiting to be sent; the ask they made stays.
	 */
	"DELETE FROM sms_message WHERE created_at < ? AND status <> 'queued'",
	/*
	 * STMT_FORGET_TEXTS, STMT_FORGET_THREADS: theirs, and their number's
	 * (read before the person's number goes). An opt-out stays: it is
	 * the number's refusal, and forgetting it would text them again.
	 */
	"DELETE FROM sms_message WHERE person_id = ? OR phone = "
	"(SELECT phone FROM person WHERE id = ?)",
	"DELETE FROM sms_thread WHERE person_id = ? OR phone = "
	"(SELECT phone FROM person WHERE id = ?)",
};

#define DAY ((time_t)24 * 60 * 60)

/* SQLite's log still goes; PostgreSQL rewrites nothing. */
static const char *const no_tables[] = { NULL };

/* 0 when the old versions left the files, 1 when they could not. */
static int
retention_clear_tables(struct db *db, const char *const tables[])
{
	return db_checkpoint(db, tables) == -1 ? 1 : 0;
}

/*
 * Every table retention changes, which a forget changes all of (the
 * registry's REG_FORGOTTEN): their old row versions must leave the files
 * too.
 */
int
retention_clear(struct db *db)
{
	const char *tables[REG__MAX + 1];

	registry_names(REG_FORGOTTEN, tables);
	return retention_clear_tables(db, tables);
}

/*
 * What a purge that emptied asks, offers, contacts or rate limits
 * rewrites on PostgreSQL (the registry's purge turns): all four,
 * whichever changed, so that one that gave up earlier is done by the
 * next. Not the audit trail: see db/registry.c.
 */
static int
retention_clear_purged(struct db *db)
{
	const char *tables[REG__MAX + 1];

	registry_purged(tables);
	return retention_clear_tables(db, tables);
}

/* One purge: what has been over for more than days days, and its counts. */
struct retention_purge {
	int days;
	struct retention_counts *out;
};

static int
retention_purge_work(struct db *db, void *arg, struct problem *p)
{
	struct retention_purge *rp = arg;
	struct retention_counts *out = rp->out;
	char now[CLOCK_ISO_LEN], cutoff[CLOCK_ISO_LEN];
	struct db_val args[2], limit;
	time_t t = time(NULL);
	/* Posts first: a person's turn depends on theirs being purged. */
	const struct {
		enum stmt stmt;
		const struct db_val *args;
		size_t n;
		int64_t *count;
	} steps[] = {
		{ STMT_PURGE_NEEDS, args, 2, &out->asks },
		{ STMT_PURGE_OFFERS, args, 2, &out->offers },
		{ STMT_PURGE_PEOPLE, &args[1], 1, &out->people },
		{ STMT_PURGE_LIMITS, &limit, 1, &out->limits },
		{ STMT_PURGE_ADDRESSES, &args[1], 1, &out->addresses },
		{ STMT_PURGE_NOTES, NULL, 0, &out->notes },
		{ STMT_PURGE_REASONS, NULL, 0, &out->reasons },
		{ STMT_PURGE_CONVERSATIONS, args, 2, &out->conversations },
		{ STMT_PURGE_ATTENDANCE, &args[1], 1, &out->attendance },
		{ STMT_PURGE_SIGNUPS, &args[1], 1, &out->signups },
		{ STMT_PURGE_RSVPS, &args[1], 1, &out->rsvps },
		{ STMT_PURGE_FUND_TXS, &args[1], 1, &out->fund_txs },
		{ STMT_PURGE_REIMBURSEMENTS, &args[1], 1,
		    &out->reimbursements },
		{ STMT_PURGE_TEXTS, &args[1], 1, &out->texts },
	};
	size_t i;
	int n;

	clock_iso(t, now);
	clock_iso(t - (time_t)rp->days * DAY, cutoff);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_TEXT(cutoff);
	limit = DBV_INT((int64_t)(t - (time_t)rp->days * DAY));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		n = db_exec(db, stmts[steps[i].stmt], steps[i].args,
		    steps[i].n);
		if (n == -1)
			return -1;
		*steps[i].count = n;
	}
	return audit_log(db, NULL, "purge", NULL, 0);
}

int
retention_purge(struct db *db, int days, struct retention_counts *out)
{
	struct retention_purge rp;
	struct problem p = { 0 };

	memset(out, 0, sizeof(*out));
	if (days < 1 || days > RETENTION_DAYS_MAX)
		return -1;
	rp.days = days;
	rp.out = out;
	if (tx_run(db, retention_purge_work, &rp, &p) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	/*
	 * Nothing to clear when nothing was removed and no clear is owed:
	 * the server purges at every start, and a table rewrite on
	 * PostgreSQL holds up every request on it while it runs.
	 */
	if (db_checkpoint_owed())
		return retention_clear(db);
	if (out->asks + out->offers + out->people + out->limits + out->notes +
		out->reasons + out->conversations + out->attendance +
		out->signups + out->rsvps + out->fund_txs +
		out->reimbursements + out->texts >
	    0)
		return retention_clear_purged(db);
	if (out->addresses > 0)
		return retention_clear_tables(db, no_tables);
	return 0;
}

/*
 * Disable and rename the person's login, end its sessions and tokens, and
 * clear the addresses it was used from in the audit trail.
 */
static int
retention_forget_login(struct db *db, int64_t person_id, const char *now)
{
	char login[64];
	struct db_val args[2], arg = DBV_INT(person_id);
	json_t *row = NULL;
	int64_t user_id;
	int rc;

	rc = db_row(db, stmts[STMT_FORGET_USER], &arg, 1, &row);
	if (rc != 1)
		return rc;
	user_id = json_integer_value(json_object_get(row, "id"));
	snprintf(login, sizeof(login), "(forgotten %lld)",
	    (long long)person_id);
	args[0] = DBV_TEXT(login);
	args[1] = DBV_INT(user_id);
	rc = -1;
	if (db_exec(db, stmts[STMT_FORGET_LOGIN], args, 2) != 1)
		goto out;
	arg = DBV_INT(user_id);
	if (db_exec(db, stmts[STMT_FORGET_SESSIONS], &arg, 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_ADDRESSES], &arg, 1) == -1)
		goto out;
	args[0] = DBV_TEXT(now);
	if (db_exec(db, stmts[STMT_FORGET_TOKENS], args, 2) == -1)
		goto out;
	/* Its counters name the login, some with the addresses it used. */
	if (ratelimit_forget(db,
		json_string_value(json_object_get(row, "login"))) == -1)
		goto out;
	rc = 0;
out:
	json_decref(row);
	return rc;
}

/* Forget a person, inside the caller's transaction; 0, or -1 with p. */
static int
retention_forget_rows(struct db *db, const struct viewer *v, int64_t person_id,
    struct problem *p)
{
	char now[CLOCK_ISO_LEN];
	struct db_val args[3];
	int n;

	clock_now(now);
	args[0] = DBV_INT(person_id);
	args[1] = DBV_INT(person_id);
	if (db_exec(db, stmts[STMT_FORGET_TEXTS], args, 2) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_THREADS], args, 2) == -1)
		return tx_problem(db, p);
	args[0] = DBV_TEXT(now);
	args[1] = DBV_TEXT(now);
	args[2] = DBV_INT(person_id);
	n = db_exec(db, stmts[STMT_FORGET_PERSON], args, 3);
	if (n == 0)
		return problem_set(p, PROBLEM_NOT_FOUND, "err_no_person", NULL,
		    0);
	args[1] = DBV_INT(person_id);
	if (n == -1 || db_exec(db, stmts[STMT_FORGET_NEEDS], args, 2) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_OFFERS], args, 2) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_NOTES], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_REASONS], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_CONVERSATIONS], args, 2) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_ATTENDANCE], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_SESSIONS_CAME], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_SHIFTS_FREE], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_SHIFTS], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_EVENTS_CAME], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_RSVPS], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_STAGES], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_MEMBERSHIP], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_TRAINING], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_ROLES], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_FUND_TXS], &args[1], 1) == -1 ||
	    db_exec(db, stmts[STMT_FORGET_REIMBURSEMENTS], &args[1], 1) == -1 ||
	    retention_forget_login(db, person_id, now) == -1 ||
	    audit_log(db, v, "forget person", "person", person_id) == -1)
		return tx_problem(db, p);
	return 0;
}

/* Who forgets whom. */
struct retention_forget {
	const struct viewer *v;
	int64_t person_id;
};

static int
retention_forget_work(struct db *db, void *arg, struct problem *p)
{
	struct retention_forget *f = arg;

	return retention_forget_rows(db, f->v, f->person_id, p);
}

int
retention_forget(struct db *db, const struct viewer *v, int64_t person_id,
    struct problem *p)
{
	struct retention_forget f = { v, person_id };

	if (tx_run(db, retention_forget_work, &f, p) == -1)
		return -1;
	return retention_clear(db);
}

int
retention_forget_without_login(struct db *db, const struct viewer *v,
    int64_t person_id, struct problem *p)
{
	struct db_val arg = DBV_INT(person_id);
	json_t *row = NULL;
	int rc;

	rc = db_row(db, stmts[STMT_FORGET_USER], &arg, 1, &row);
	json_decref(row);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return problem_set(p, PROBLEM_CONFLICT, "err_forget_login",
		    NULL, 0);
	if (retention_forget_rows(db, v, person_id, p) == -1)
		return -1;
	/* Inside a transaction this waits for the outermost commit. */
	return retention_clear(db);
}
