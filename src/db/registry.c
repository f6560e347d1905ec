/* The registry of tables: the one list of what the schema holds. */
#include <stddef.h>
#include <string.h>

#include "registry.h"
#include "util/banned.h"

/* A NULL-ended list of column names, stored once with the program. */
#define COLS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NONE      ((const char *const[]){ NULL })

/*
 * Personal data is what names, reaches or describes a person, or what
 * they wrote: what a forget must take away and a purge, once it has
 * served, too. A column that only points at another row, counts or dates
 * is plain. When a migration adds a table or a column, it is declared
 * here; a personal column is also one retention.c's purge or forget
 * empties, and its table REG_FORGOTTEN.
 *
 * A purge rewrites its tables in the order it changes them: the asks
 * first, which readers hold most. A table that cannot be had (a reader
 * holds it) stops the rewrite there, and the next purge rewrites every
 * table, so a rewrite done before the stop is done again for nothing.
 */
const struct registry_table registry[REG__MAX] = {
	/* REG_SCHEMA_VERSION: the version the migrations reached */
	{ "schema_version", "version", NONE, COLS("version"), REG_LOCAL, 0 },
	/* REG_CHANGE_STAMP: a count of commits, for the servers' caches */
	{ "change_stamp", "id", NONE, COLS("id", "n"), REG_LOCAL, 0 },
	/* REG_CATEGORY: the migrations insert the defaults */
	{ "category", "code", NONE, COLS("code", "label", "position"),
	    REG_SEEDED, 0 },
	/* REG_ZONE: places a network works in, not where anyone lives */
	{ "zone", "id", NONE,
	    COLS("id", "name", "parent_id", "lat", "lon", "created_at"), 0, 0 },
	/* REG_ZONE_ADJACENT: which zones touch, both ways */
	{ "zone_adjacent", "zone_id, adjacent_id", NONE,
	    COLS("zone_id", "adjacent_id"), 0, 0 },
	/*
	 * REG_TARGET: landlords, employers, agencies, officials: who is
	 * responsible, not who is affected. The notes are about the target.
	 */
	{ "target", "id", NONE,
	    COLS("id", "name", "name_fold", "kind", "notes", "created_at",
		"updated_at"),
	    0, 0 },
	/* REG_TARGET_ZONE: the places a target touches */
	{ "target_zone", "target_id, zone_id", NONE,
	    COLS("target_id", "zone_id"), 0, 0 },
	/* REG_GRIEVANCE: a problem shared by many, named by its problem */
	{ "grievance", "id", NONE,
	    COLS("id", "title", "target_id", "created_at", "updated_at"), 0,
	    0 },
	/* REG_GRIEVANCE_TAG: problem words (014_organizing) */
	{ "grievance_tag", "grievance_id, tag", NONE,
	    COLS("grievance_id", "tag"), 0, 0 },
	/* REG_GRIEVANCE_ZONE: the places it is found in */
	{ "grievance_zone", "grievance_id, zone_id", NONE,
	    COLS("grievance_id", "zone_id"), 0, 0 },
	/*
	 * REG_PERSON: the name stays until a forget ("—"); the contact
	 * details go at a purge too. The search keys are the same data
	 * folded (005_person_search), and go with it; so do the hours
	 * someone is free, which say when they are at home (008_matching),
	 * and their yes to the bulletin by text (036_bulletin), which
	 * without the number means nothing.
	 */
	{ "person", "id",
	    COLS("name", "phone", "email", "address", "name_fold", "email_fold",
		"phone_rev", "windows", "bulletin_sms_at"),
	    COLS("id", "language", "zone_id", "created_at", "updated_at",
		"forgotten_at"),
	    REG_FORGOTTEN, 3 },
	/*
	 * REG_GRIEVANCE_PERSON: who shares a grievance, by ids, as an ask's
	 * person_id: a forgotten person's row no longer names them.
	 */
	{ "grievance_person", "grievance_id, person_id", NONE,
	    COLS("grievance_id", "person_id"), 0, 0 },
	/*
	 * REG_NEED: what someone wrote of their need, why it ended, and when
	 * they can be reached for it
	 */
	{ "need", "id", COLS("details", "close_reason", "windows"),
	    COLS("id", "person_id", "category", "urgency", "zone_id", "status",
		"created_at", "updated_at", "purged_at", "target_id",
		"grievance_id"),
	    REG_FORGOTTEN, 1 },
	/* REG_NEED_TAG: problem words, as a grievance's */
	{ "need_tag", "need_id, tag", NONE, COLS("need_id", "tag"), 0, 0 },
	/* REG_OFFER: as an ask */
	{ "offer", "id", COLS("details", "close_reason"),
	    COLS("id", "person_id", "category", "zone_id", "quantity", "status",
		"created_at", "updated_at", "purged_at"),
	    REG_FORGOTTEN, 2 },
	/* REG_NEED_TALLY: counts only */
	{ "need_tally", "status, zone_id, category", NONE,
	    COLS("status", "zone_id", "category", "n"), 0, 0 },
	/*
	 * REG_APP_USER: a login is often a name, and people reuse
	 * passwords; a forget replaces both.
	 */
	{ "app_user", "id", COLS("login", "password_hash"),
	    COLS("id", "person_id", "role", "disabled", "created_at"),
	    REG_FORGOTTEN, 0 },
	/* REG_USER_ZONE: which zones a volunteer works in */
	{ "user_zone", "user_id, zone_id", NONE, COLS("user_id", "zone_id"), 0,
	    0 },
	/*
	 * REG_NEED_MATCH: which ask went to which offer or volunteer, by
	 * ids, dates and reason codes (a closed set), as a claim
	 */
	{ "need_match", "id", NONE,
	    COLS("id", "need_id", "offer_id", "user_id", "by_user", "reasons",
		"matched_at", "ended_at"),
	    0, 0 },
	/*
	 * REG_LOGIN_SESSION: hashes of random tokens, nothing of the
	 * person; a forget deletes the rows, which ends the sessions.
	 */
	{ "login_session", "id", NONE,
	    COLS("id", "user_id", "token_hash", "csrf", "created_at",
		"seen_at"),
	    REG_FORGOTTEN, 0 },
	/* REG_API_TOKEN: the label is free text the person wrote */
	{ "api_token", "id", COLS("label"),
	    COLS("id", "user_id", "token_hash", "created_at", "revoked_at"),
	    REG_FORGOTTEN, 0 },
	/*
	 * REG_CLAIM: who delivers what, by ids and dates; the reason a claim
	 * was released is what someone wrote, and goes with the ask.
	 */
	{ "claim", "id", COLS("release_reason"),
	    COLS("id", "need_id", "user_id", "claimed_at", "released_at"),
	    REG_FORGOTTEN, 5 },
	/*
	 * REG_NEED_CALL: who called about which ask, when, and whether they
	 * got through: ids, a closed set and a time, as a claim; nothing of
	 * what was said, and the ask it follows keeps its row at a purge or
	 * a forget, so the call stays beside it.
	 */
	{ "need_call", "id", NONE,
	    COLS("id", "need_id", "user_id", "outcome", "called_at"), 0, 0 },
	/*
	 * REG_DELIVERY: how each delivery went, by ids, a closed set and
	 * times; the note is what the volunteer wrote, and goes with the ask.
	 * confirm_hash is the hash of a one-time link's token, as a session's.
	 */
	{ "delivery", "id", COLS("note"),
	    COLS("id", "claim_id", "need_id", "user_id", "outcome", "at",
		"confirm_hash", "confirmed_at", "confirmed_by"),
	    REG_FORGOTTEN, 6 },
	/*
	 * REG_RULE: follow-up rules: a condition, a number, a task code,
	 * whom for, days: about no one; the migrations insert five.
	 */
	{ "rule", "id", NONE,
	    COLS("id", "cond", "n", "why", "user_id", "due_days", "enabled",
		"updated_at"),
	    REG_SEEDED, 0 },
	/*
	 * REG_TASK: follow-ups, by ids, codes and dates: the outcome is a
	 * closed set (accepted, declined, no_answer), no words of anyone's
	 */
	{ "task", "id", NONE,
	    COLS("id", "user_id", "person_id", "need_id", "why", "due_at",
		"status", "created_at", "closed_at", "closed_by", "rule_id",
		"zone_id", "outcome"),
	    0, 0 },
	/*
	 * REG_RUN: who drives a delivery run, who made it, when: ids and a
	 * time. The stops' people are reached through their claims, read
	 * when shown, so a forget or a purge leaves nothing here.
	 */
	{ "run", "id", NONE, COLS("id", "driver_id", "by_user", "created_at"),
	    0, 0 },
	/* REG_RUN_STOP: which claim comes where in a run */
	{ "run_stop", "run_id, position", NONE,
	    COLS("run_id", "position", "claim_id"), 0, 0 },
	/*
	 * REG_CONVERSATION: what a person raised, how they stand and what
	 * comes next describe them; the ids, the closed sets and the dates
	 * do not. A purge empties the free text of old ones, a forget all
	 * three (retention.c).
	 */
	{ "conversation", "id", COLS("problems", "assessment", "next_step"),
	    COLS("id", "person_id", "user_id", "need_id", "zone_id",
		"target_id", "grievance_id", "at", "how", "next_at",
		"created_at", "purged_at"),
	    REG_FORGOTTEN, 7 },
	/* REG_CONVERSATION_TAG: problem words, as a grievance's */
	{ "conversation_tag", "conversation_id, tag", NONE,
	    COLS("conversation_id", "tag"), 0, 0 },
	/* REG_CAMPAIGN: a demand on a target and how far it has come */
	{ "campaign", "id", NONE,
	    COLS("id", "demand", "target_id", "status", "created_at",
		"updated_at"),
	    0, 0 },
	/* REG_CAMPAIGN_GRIEVANCE: the grievances a campaign takes up */
	{ "campaign_grievance", "campaign_id, grievance_id", NONE,
	    COLS("campaign_id", "grievance_id"), 0, 0 },
	/* REG_CAMPAIGN_SUPPORTER: who backs it, by ids, as grievance_person */
	{ "campaign_supporter", "campaign_id, person_id", NONE,
	    COLS("campaign_id", "person_id"), 0, 0 },
	/* REG_CAMPAIGN_ACTION: what a campaign did, in public, and when */
	{ "campaign_action", "id", NONE,
	    COLS("id", "campaign_id", "kind", "at", "place", "notes",
		"created_at"),
	    0, 0 },
	/*
	 * REG_ACTION_PERSON: who took part in an action is political; a
	 * forget, and a purge of past actions, empty person_id and keep
	 * the counts.
	 */
	{ "action_person", "id", COLS("person_id"),
	    COLS("id", "action_id", "rsvp", "attended"), REG_FORGOTTEN, 8 },
	/* REG_CAMPAIGN_OUTCOME: what was won or lost */
	{ "campaign_outcome", "id", NONE,
	    COLS("id", "campaign_id", "result", "what", "at", "amount_cents",
		"created_at"),
	    0, 0 },
	/*
	 * REG_PROGRAM: a recurring service, its public place (never a home:
	 * the form says so), its weekly slots and who leads it, by id
	 */
	{ "program", "id", NONE,
	    COLS("id", "name", "kind", "zone_id", "address", "schedule",
		"lead_person_id", "starts_on", "generated_until", "created_at",
		"updated_at"),
	    0, 0 },
	/*
	 * REG_PROGRAM_SESSION: one occurrence; its notes, what was read or
	 * shown and what went out are about the session, never a person
	 */
	{ "program_session", "id", NONE,
	    COLS("id", "program_id", "day", "start_time", "end_time",
		"starts_at", "planned_day", "planned_start", "status",
		"cancel_reason", "notes", "education", "materials",
		"created_at", "updated_at", "served"),
	    0, 0 },
	/*
	 * REG_ATTENDANCE: that someone came to a free store says they needed
	 * it; a forget empties person_id and keeps the count, as for actions.
	 */
	{ "attendance", "id", COLS("person_id"),
	    COLS("id", "session_id", "role", "created_at"), REG_FORGOTTEN, 0 },
	/*
	 * REG_FACING_PERSON: who raised what, by ids, problem words and a
	 * time, as the asks and conversations it is written from hold them
	 * (their person_id is plain: a forget keeps it, and the counts).
	 * Triggers keep it (018_facing_summary); migrate-data copies it
	 * with them held, then writes it whole, as the source's.
	 */
	{ "facing_person", "dim, key, sub, person_id", NONE,
	    COLS("dim", "key", "sub", "person_id", "latest"), 0, 0 },
	/* REG_FACING_KEY: counts only, kept likewise */
	{ "facing_key", "dim, key, sub", NONE,
	    COLS("dim", "key", "sub", "people"), 0, 0 },
	/*
	 * REG_FACING_HOLD: a loader's pause of those triggers, inside its
	 * transaction: empty whenever another session reads it
	 */
	{ "facing_hold", "held", NONE, COLS("held"), 0, 0 },
	/*
	 * REG_FIGURES_MUTUAL: the months a person did something, by ids
	 * and months, as the asks, visits, offers, deliveries and sign-ups
	 * it is written from hold them: a forget and a purge empty those,
	 * and its triggers (031_figures_summary) take them out here.
	 * migrate-data copies it held, then writes it whole, as facing's.
	 */
	{ "figures_mutual", "person_id, month", NONE,
	    COLS("person_id", "month", "prev", "both_at"), 0, 0 },
	/* REG_FIGURES_MUTUAL_COUNT: counts only, kept likewise */
	{ "figures_mutual_count", "month, prev, both_at", NONE,
	    COLS("month", "prev", "both_at", "people"), 0, 0 },
	/*
	 * REG_TAP: a meal or a household counted, by whom (a login, as a
	 * claim's or a call's: the work done) and when; nobody served is
	 * named, so a forget or a purge has nothing here to take.
	 */
	{ "tap", "id", NONE, COLS("id", "session_id", "user_id", "delta", "at"),
	    0, 0 },
	/* REG_SHIFT: the helpers a session needs; taken counts sign-ups */
	{ "shift", "id", NONE,
	    COLS("id", "session_id", "name", "needed", "taken", "created_at"),
	    0, 0 },
	/*
	 * REG_SHIFT_SIGNUP: who promised to help, personal as attendance: a
	 * forget deletes the rows (and frees the places), a purge of past
	 * sessions empties person_id and keeps the count.
	 */
	{ "shift_signup", "id", COLS("person_id"),
	    COLS("id", "shift_id", "created_at"), REG_FORGOTTEN, 9 },
	/* REG_CURRICULUM: a course of events; who completed it is read */
	{ "curriculum", "id", NONE,
	    COLS("id", "name", "description", "created_at"), 0, 0 },
	/* REG_EVENT: a study group, a talk, a film, a class */
	{ "event", "id", NONE,
	    COLS("id", "name", "kind", "starts", "curriculum_id", "created_at"),
	    0, 0 },
	/* REG_EVENT_MATERIAL: the reading list, about texts, never people */
	{ "event_material", "id", NONE,
	    COLS("id", "event_id", "title", "link", "note", "created_at"), 0,
	    0 },
	/*
	 * REG_EVENT_RSVP: who said they would come, personal as a shift's
	 * sign-up: a forget deletes the rows, a purge of events long over
	 * empties person_id and keeps the count.
	 */
	{ "event_rsvp", "id", COLS("person_id"),
	    COLS("id", "event_id", "created_at"), REG_FORGOTTEN, 10 },
	/*
	 * REG_EVENT_ATTENDANCE: who came, a step on their path; a forget
	 * empties person_id and keeps the count, as a session's attendance.
	 */
	{ "event_attendance", "id", COLS("person_id"),
	    COLS("id", "event_id", "created_at"), REG_FORGOTTEN, 0 },
	/*
	 * REG_PERSON_STAGE: a person's path in the network and why, an
	 * organizer's reason in their words: a forget deletes the rows; a
	 * purge keeps them while the person is there (issue #16).
	 */
	{ "person_stage", "id", COLS("person_id", "stage", "why", "reason"),
	    COLS("id", "user_id", "at"), REG_FORGOTTEN, 0 },
	/*
	 * REG_FIGURES_LADDER: a person's moves up by month, from their stage
	 * history, personal as it is: a forget deletes that, and its trigger
	 * (032_figures_ladder) their rows here. migrate-data copies it held,
	 * then writes it whole, as figures_mutual.
	 */
	{ "figures_ladder", "person_id, month, from_stage, to_stage",
	    COLS("person_id", "from_stage", "to_stage"), COLS("month", "prev"),
	    REG_FORGOTTEN, 0 },
	/* REG_FIGURES_LADDER_COUNT: counts only, kept likewise */
	{ "figures_ladder_count", "month, from_stage, to_stage, prev", NONE,
	    COLS("month", "from_stage", "to_stage", "prev", "people"), 0, 0 },
	/* REG_PERSON_MEMBERSHIP: whether they joined, deleted as the stages */
	{ "person_membership", "id", COLS("person_id", "status"),
	    COLS("id", "user_id", "at"), REG_FORGOTTEN, 0 },
	/* REG_TRAINING: a module, about what is taught, never a person */
	{ "training", "id", NONE,
	    COLS("id", "name", "description", "created_at"), 0, 0 },
	/*
	 * REG_TRAINING_COMPLETION: what a person learned and when; a forget
	 * deletes the rows, as the stages
	 */
	{ "training_completion", "id", COLS("person_id", "on_date"),
	    COLS("id", "training_id", "user_id", "created_at"), REG_FORGOTTEN,
	    0 },
	/* REG_ROLE_HELD: the roles a person held and when; likewise */
	{ "role_held", "id", COLS("person_id", "role", "starts_on", "ends_on"),
	    COLS("id", "user_id", "created_at"), REG_FORGOTTEN, 0 },
	/* REG_ITEM: what is kept, never who gave or took it */
	{ "item", "id", NONE,
	    COLS("id", "name", "unit", "category", "notes", "created_at",
		"updated_at"),
	    0, 0 },
	/* REG_LOCATION: a public place or a vehicle, never a home */
	{ "location", "id", NONE,
	    COLS("id", "name", "kind", "zone_id", "take_what_you_need", "notes",
		"created_at", "updated_at"),
	    0, 0 },
	/*
	 * REG_STOCK_MOVE: what moved where, when, recorded by whom (a
	 * login, as a tap's or a claim's: the work done), for which ask or
	 * session, by ids. Nobody who took from a station is named; the
	 * note is about the stock, as a session's notes (the form says so).
	 * A forget or a purge has nothing here to take, and the moves must
	 * stay whole: the levels are their sum.
	 */
	{ "stock_move", "id", NONE,
	    COLS("id", "kind", "reason", "item_id", "quantity",
		"from_location_id", "to_location_id", "user_id", "at", "note",
		"need_id", "session_id", "reverses_id", "event_id"),
	    0, 0 },
	/* REG_STOCK_LEVEL: counts only, the running sum of the moves */
	{ "stock_level", "location_id, item_id", NONE,
	    COLS("location_id", "item_id", "quantity"), 0, 0 },
	/* REG_STOCK_THRESHOLD: counts only */
	{ "stock_threshold", "location_id, item_id", NONE,
	    COLS("location_id", "item_id", "threshold", "restock_to",
		"updated_at"),
	    0, 0 },
	/* REG_FUND: a fund's name, currency and flags, about no one */
	{ "fund", "id", NONE,
	    COLS("id", "name", "currency", "public", "overdraft", "created_at",
		"updated_at"),
	    0, 0 },
	/* REG_FUND_TREASURER: which logins keep which fund's books, by ids */
	{ "fund_treasurer", "fund_id, user_id", NONE,
	    COLS("fund_id", "user_id"), 0, 0 },
	/*
	 * REG_FUND_REIMBURSEMENT: who is paid back, and what for in the
	 * words of who wrote it: a forget empties both, a purge too once
	 * the request was decided that long ago; the amount, the status
	 * and who decided (logins, as a claim's: the work done) stay.
	 */
	{ "fund_reimbursement", "id", COLS("person_id", "note"),
	    COLS("id", "fund_id", "amount_minor", "need_id", "status",
		"requested_by", "requested_at", "decided_by", "decided_at",
		"paid_by", "paid_at"),
	    REG_FORGOTTEN, 13 },
	/*
	 * REG_FUND_TX: who gave or was paid, and what for, likewise; the
	 * amount, the purpose (a closed set) and the date stay, so the
	 * balance, their sum, and the statement stay true.
	 */
	{ "fund_tx", "id", COLS("person_id", "note"),
	    COLS("id", "fund_id", "direction", "amount_minor", "purpose", "at",
		"user_id", "need_id", "reimbursement_id"),
	    REG_FORGOTTEN, 12 },
	/*
	 * REG_SMS_GATEWAY: a machine, not a person; the send URL may hold
	 * the gateway's own password, as a configuration file would.
	 */
	{ "sms_gateway", "id", NONE,
	    COLS("id", "name", "kind", "secret_hash", "send_url", "country",
		"created_at"),
	    0, 0 },
	/*
	 * REG_SMS_MESSAGE: a number and what was written, to or by someone.
	 * A purge deletes texts older than the retention, a forget the
	 * person's and their number's (retention.c).
	 */
	{ "sms_message", "id", COLS("phone", "body", "last_error"),
	    COLS("id", "direction", "gateway_id", "person_id", "need_id",
		"status", "attempts", "next_at", "created_at", "sent_at"),
	    REG_FORGOTTEN, 11 },
	/*
	 * REG_SMS_THREAD: a conversation making an ask, the number and the
	 * words so far; dropped when the ask is made, after a day idle, and
	 * by a forget.
	 */
	{ "sms_thread", "id", COLS("phone", "details"),
	    COLS("id", "gateway_id", "language", "step", "category",
		"zone_page", "person_id", "updated_at"),
	    REG_FORGOTTEN, 0 },
	/*
	 * REG_SMS_OPTOUT: numbers that said STOP. Personal, and kept through
	 * purges and forgets on purpose: forgetting a refusal would text the
	 * number again (docs/privacy.md).
	 */
	{ "sms_optout", "phone", COLS("phone"), COLS("at"), REG_KEPT, 0 },
	/*
	 * REG_BULLETIN: an issue of the bulletin, a publication composed to
	 * name nobody (campaigns, programs, funds, places, dates, counts);
	 * published_by is a login, as a transaction's user_id: the work
	 * done. No purge or forget empties it (036_bulletin).
	 */
	{ "bulletin", "id", NONE,
	    COLS("id", "number", "title", "language", "status", "public",
		"period_from", "period_to", "wins", "actions", "sessions",
		"funds", "members", "wins_count", "actions_count",
		"sessions_count", "members_count", "created_at", "updated_at",
		"published_at", "published_by", "sms_at", "sms_queued"),
	    0, 0 },
	/* REG_RATE_LIMIT: keys hold addresses and the logins people typed */
	{ "rate_limit", "key", COLS("key"), COLS("window_start", "count"),
	    REG_FORGOTTEN, 4 },
	/*
	 * REG_AUDIT: the address of each entry. A purge clears old ones but
	 * does not rewrite the table: it is the largest, every write waits
	 * while it is rewritten, and the addresses age out every day (see
	 * docs/privacy.md); a forget, rare, does. change is plain by
	 * construction: status names and field names only (audit.h).
	 */
	{ "audit", "id", COLS("ip"),
	    COLS("id", "at", "user_id", "action", "entity", "entity_id",
		"change"),
	    REG_FORGOTTEN, 0 },
};

const struct registry_table *
registry_find(const char *name)
{
	size_t i;

	for (i = 0; i < REG__MAX; i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

void
registry_purged(const char *out[REG__MAX + 1])
{
	size_t i, n = 0;
	int turn, found = 1;

	for (turn = 1; found; turn++) {
		found = 0;
		for (i = 0; i < REG__MAX; i++)
			if (registry[i].purge == turn) {
				out[n++] = registry[i].name;
				found = 1;
			}
	}
	out[n] = NULL;
}

void
registry_names(unsigned flags, const char *out[REG__MAX + 1])
{
	size_t i, n = 0;

	for (i = 0; i < REG__MAX; i++)
		if ((registry[i].flags & flags) == flags)
			out[n++] = registry[i].name;
	out[n] = NULL;
}
