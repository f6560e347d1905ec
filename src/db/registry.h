/*
 * The registry of tables: every table of the schema, one row each, with
 * every column split into personal data and the rest, and how retention
 * and migrate-data treat it. The lists that used to be kept by hand in
 * each of them are read from here, and tests/unit/test_registry.c
 * compares the registry with the live schema on both backends: a table or
 * a column added by a migration and not declared here fails make test,
 * instead of a purge leaving personal data behind or a copy leaving rows.
 * Backups need nothing from it: they copy and check the whole database
 * (SQLite) or schema (PostgreSQL), whatever tables it holds.
 */
#ifndef REGISTRY_H
#define REGISTRY_H

/* The tables, in migrate-data's copy order: parents before children. */
enum registry_id {
	REG_SCHEMA_VERSION,
	REG_CHANGE_STAMP,
	REG_CATEGORY,
	REG_ZONE,
	REG_ZONE_ADJACENT,
	REG_TARGET,
	REG_TARGET_ZONE,
	REG_GRIEVANCE,
	REG_GRIEVANCE_TAG,
	REG_GRIEVANCE_ZONE,
	REG_PERSON,
	REG_GRIEVANCE_PERSON,
	REG_NEED,
	REG_NEED_TAG,
	REG_OFFER,
	REG_NEED_TALLY,
	REG_APP_USER,
	REG_USER_ZONE,
	REG_NEED_MATCH,
	REG_LOGIN_SESSION,
	REG_API_TOKEN,
	REG_CLAIM,
	REG_NEED_CALL,
	REG_DELIVERY,
	REG_RULE,
	REG_TASK,
	REG_RUN,
	REG_RUN_STOP,
	REG_CONVERSATION,
	REG_CONVERSATION_TAG,
	REG_CAMPAIGN,
	REG_CAMPAIGN_GRIEVANCE,
	REG_CAMPAIGN_SUPPORTER,
	REG_CAMPAIGN_ACTION,
	REG_ACTION_PERSON,
	REG_CAMPAIGN_OUTCOME,
	REG_PROGRAM,
	REG_PROGRAM_SESSION,
	REG_ATTENDANCE,
	REG_FACING_PERSON,
	REG_FACING_KEY,
	REG_FACING_HOLD,
	REG_FIGURES_MUTUAL,
	REG_FIGURES_MUTUAL_COUNT,
	REG_TAP,
	REG_SHIFT,
	REG_SHIFT_SIGNUP,
	REG_CURRICULUM,
	REG_EVENT,
	REG_EVENT_MATERIAL,
	REG_EVENT_RSVP,
	REG_EVENT_ATTENDANCE,
	REG_PERSON_STAGE,
	REG_FIGURES_LADDER,
	REG_FIGURES_LADDER_COUNT,
	REG_PERSON_MEMBERSHIP,
	REG_TRAINING,
	REG_TRAINING_COMPLETION,
	REG_ROLE_HELD,
	REG_ITEM,
	REG_LOCATION,
	REG_STOCK_MOVE,
	REG_STOCK_LEVEL,
	REG_STOCK_THRESHOLD,
	REG_FUND,
	REG_FUND_TREASURER,
	REG_FUND_REIMBURSEMENT,
	REG_FUND_TX,
	REG_SMS_GATEWAY,
	REG_SMS_MESSAGE,
	REG_SMS_THREAD,
	REG_SMS_OPTOUT,
	REG_BULLETIN,
	REG_RATE_LIMIT,
	REG_AUDIT,
	REG__MAX,
};

/* What is done to a table, beyond what every table gets. */
enum registry_flag {
	/* Each database keeps its own (migrate-data neither copies it nor
	 * counts it). */
	REG_LOCAL = 1 << 0,
	/* The migrations insert rows, which a copy replaces: a target with
	 * only these is empty. */
	REG_SEEDED = 1 << 1,
	/* A forget changes it: retention_clear clears its old versions. */
	REG_FORGOTTEN = 1 << 2,
	/*
	 * Personal data that no forget and no purge removes, on purpose, its
	 * row saying why: a number's refusal of texts (forgetting it would
	 * text the number again).
	 */
	REG_KEPT = 1 << 3,
};

struct registry_table {
	const char *name;
	const char *key;             /* primary key, for ORDER BY */
	const char *const *personal; /* personal data, NULL-ended */
	const char *const *plain;    /* every other column, NULL-ended */
	unsigned flags;              /* enum registry_flag */
	/*
	 * Its turn (1 first) among the tables a purge that removed anything
	 * rewrites on PostgreSQL; 0 for a table it does not rewrite.
	 */
	int purge;
};

extern const struct registry_table registry[REG__MAX];

/* The row of the table called name, or NULL for a table not declared. */
const struct registry_table *registry_find(const char *name);

/*
 * Names into out, NULL-ended, as db_checkpoint takes them. registry_names:
 * the tables that have every flag in flags (0: all), in registry order.
 * registry_purged: the tables a purge rewrites, in their turns.
 */
void registry_names(unsigned flags, const char *out[REG__MAX + 1]);
void registry_purged(const char *out[REG__MAX + 1]);

#endif
