/*
 * Follow-up rules: what a person did that calls for an organizer to
 * invite them to the next step, kept as data (schema/028_rules.sql). Each
 * rule is a condition from a closed set with one parameter n, the task it
 * leaves (a code of rule_whys), whom for and by when. A rule fires in the
 * same transaction as the write that can meet it (rule_fire), or, for
 * those that time meets, in the server's sweep (rule_sweep). Its task is
 * made once per person and reason, ever: the database holds that
 * (task_once), so firing again, or two writers at once, leave one.
 */
#ifndef RULE_H
#define RULE_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "audit.h"
#include "db/db.h"
#include "field.h"
#include "util/problem.h"

/* The conditions, as rule.cond names them (rule_conds, in this order). */
enum rule_cond {
	RULE_RECEIVED_HELP, /* asks fulfilled + sessions come to as a guest */
	RULE_HELPED,        /* sessions helped at or led + deliveries made */
	RULE_GRIEVANCE_SHARED, /* in a grievance n people or more share */
	RULE_ACTIVE_DAYS,      /* known n days, and did something in them */
	RULE_VOLUNTEER_IDLE,   /* a volunteer's login with nothing in n days */
	RULE_COND__MAX,
};

/* The condition codes and the task codes, NULL-ended. */
extern const char *const rule_conds[];
extern const char *const rule_whys[];

/* What an admin edits of a rule (POST /rules/:id, partial). */
enum rule_key {
	RULE_ENABLED,
	RULE_N,
	RULE_WHY,
	RULE_USER_ID,
	RULE_DUE_DAYS,
	RULE__MAX,
};

extern const struct field rule_fields[RULE__MAX + 1];

/*
 * Fire the enabled rules of cond (not the grievance's: rule_fire_grievance)
 * for person_id, inside the caller's transaction: each one the person
 * meets leaves its task, unless one of that reason was ever left. 0, or
 * -1 on a database error.
 */
int rule_fire(struct db *, enum rule_cond, int64_t person_id);
/* The same for every person of grievance id, after its people changed. */
int rule_fire_grievance(struct db *, int64_t grievance_id);
/*
 * The rules that time meets (active_days, volunteer_idle), as at now,
 * in transactions of their own (active_days's a part of the people at a
 * time, by id): the tasks made in *n. 0, or -1 with the database's
 * reason in db_errmsg (the parts before it stay made).
 */
int rule_sweep(struct db *, time_t now, int64_t *n);

/* Every rule, by id: {"items":[…],"total"}; each as rule_find's. */
int rule_list(struct db *, json_t **out, struct problem *);
/*
 * Rule id: {id, cond, n, why, user_id, login, due_days, enabled,
 * updated_at}. 404 for none. 0, or -1 with p.
 */
int rule_find(struct db *, int64_t id, json_t **out, struct problem *);
/*
 * Change rule id by the fields of in, inside the caller's transaction:
 * 404; 422 naming user_id when it names no organizer, coordinator or
 * admin who can sign in. 0 and the rule in *out, or -1 with p.
 */
int rule_update(struct db *, int64_t id, json_t *in, struct audit_note *,
    json_t **out, struct problem *);
/* The logins a rule may name, for the form: [{id, login}]; NULL on error. */
json_t *rule_assignees(struct db *);

#endif
