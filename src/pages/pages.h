/*
 * The handlers: each turns one checked input into one domain call and a
 * view. Each carries a one-line contract: its failures, then its answer.
 */
#ifndef PAGES_H
#define PAGES_H

#include <jansson.h>

#include "domain/field.h"
#include "http/request.h"
#include "render/view.h"
#include "util/civil.h"

struct db;
struct db_cursor;

/*
 * The inputs the routes declare that the domain defines (need.h, zone.h,
 * …), declared again here so that the route table needs no domain header.
 */
extern const struct field audit_list_fields[];
extern const struct field call_fields[];
extern const struct field claim_release_fields[];
extern const struct field delivery_fields[];
extern const struct field delivery_token_fields[];
extern const struct field grievance_fields[];
extern const struct field grievance_list_fields[];
extern const struct field ladder_fields[];
extern const struct field ladder_member_fields[];
extern const struct field role_held_fields[];
extern const struct field training_fields[];
extern const struct field training_done_fields[];
extern const struct field feedback_fields[];
extern const struct field need_fields[];
extern const struct field offer_fields[];
extern const struct field person_fields[];
extern const struct field figures_fields[];
extern const struct field person_list_fields[];
extern const struct field post_list_fields[];
extern const struct field need_list_fields[];
extern const struct field need_link_fields[];
extern const struct field status_fields[];
extern const struct field task_list_fields[];
extern const struct field task_close_fields[];
extern const struct field rule_fields[];
extern const struct field user_password_fields[];
extern const struct field zone_fields[];
extern const struct field zone_list_fields[];

void dashboard_show(struct request *, struct view *);

/* What people face and a place's collective feedback (facing.c). */
void facing_page(struct request *, struct view *);
void feedback_page(struct request *, struct view *);

/* The network's figures, drawn (figures.c). */
void figures_show(struct request *, struct view *);
/* GET /figures again after a bad window: the filter as typed. */
void figures_form(struct request *, json_t *);

/* GET /login: where to go once signed in. */
enum account_next_key {
	ACCOUNT_NEXT,
	ACCOUNT_NEXT__MAX,
};

extern const struct field account_next_fields[ACCOUNT_NEXT__MAX + 1];

/* POST /login: the sign-in form, which also remembers where to go. */
enum account_login_key {
	ACCOUNT_LOGIN_USER,
	ACCOUNT_LOGIN_PASSWORD,
	ACCOUNT_LOGIN_NEXT,
	ACCOUNT_LOGIN__MAX,
};

extern const struct field account_login_fields[ACCOUNT_LOGIN__MAX + 1];

/* POST /account/tokens: a new API token's label. */
enum account_token_key {
	ACCOUNT_TOKEN_LABEL,
	ACCOUNT_TOKEN__MAX,
};

extern const struct field account_token_fields[ACCOUNT_TOKEN__MAX + 1];

void account_login_form(struct request *, struct view *);
void account_login(struct request *, struct view *);
void account_logout(struct request *, struct view *);
void account_show(struct request *, struct view *);
void account_password(struct request *, struct view *);
void account_token_add(struct request *, struct view *);
void account_token_revoke(struct request *, struct view *);
void account_form(struct request *, json_t *);
void audit_show(struct request *, struct view *);

void zones_list(struct request *, struct view *);
void zones_create(struct request *, struct view *);
void zones_form(struct request *, json_t *);
void zones_show(struct request *, struct view *);
void zones_update(struct request *, struct view *);
void zones_edit_form(struct request *, json_t *);

void people_list(struct request *, struct view *);
/* people_list's rows and each row's reshaping, for its export. */
int people_rows(struct request *, struct db *, struct db_cursor **,
    struct problem *);
void people_row(const struct viewer *, json_t *row);
void people_new(struct request *, struct view *);
void people_create(struct request *, struct view *);
void people_show(struct request *, struct view *);
void people_edit(struct request *, struct view *);
void people_update(struct request *, struct view *);
void people_form(struct request *, json_t *);
void people_contact(struct request *, struct view *);
enum people_forget_key {
	PEOPLE_FORGET_CONFIRM,
	PEOPLE_FORGET__MAX,
};

extern const struct field people_forget_fields[PEOPLE_FORGET__MAX + 1];
void people_forget(struct request *, struct view *);
/* The person page again around its form of that name sent with an error. */
void people_forget_form(struct request *, json_t *);
void people_stage_form(struct request *, json_t *);
void people_membership_form(struct request *, json_t *);
void people_roles_form(struct request *, json_t *);
void people_stage(struct request *, struct view *);
void people_membership(struct request *, struct view *);
void people_roles(struct request *, struct view *);
void trainings_list(struct request *, struct view *);
void trainings_form(struct request *, json_t *);
/* The list again around a module's completion form sent with an error. */
void trainings_complete_form(struct request *, json_t *);
void trainings_create(struct request *, struct view *);
void trainings_complete(struct request *, struct view *);

/*
 * GET /needs/new and /offers/new: a new ask or offer is usually recorded
 * from the person's page, which names them.
 */
enum board_new_key {
	BOARD_NEW_PERSON_ID,
	BOARD_NEW__MAX,
};

extern const struct field board_new_fields[BOARD_NEW__MAX + 1];

void needs_list(struct request *, struct view *);
/* needs_list's rows and each row's reshaping, for its export. */
int needs_rows(struct request *, struct db *, struct db_cursor **,
    struct problem *);
void needs_row(const struct viewer *, json_t *row);
void needs_new(struct request *, struct view *);
void needs_create(struct request *, struct view *);
void needs_show(struct request *, struct view *);
void needs_status(struct request *, struct view *);
void needs_claim(struct request *, struct view *);
void needs_release(struct request *, struct view *);
void needs_contact(struct request *, struct view *);
void needs_call(struct request *, struct view *);
void needs_form(struct request *, json_t *);
void needs_status_form(struct request *, json_t *);
/* The ask's page again after a 422 on a release: its error there. */
void needs_release_form(struct request *, json_t *);

/* Deliveries (deliveries.c). */
void needs_deliver(struct request *, struct view *);
void needs_deliver_form(struct request *, json_t *);
void needs_confirm(struct request *, struct view *);
void needs_confirm_link(struct request *, struct view *);
/*
 * Add to the ask's page data what it shows of deliveries: whether one
 * waits for its confirmation, the report form for the claim's holder or a
 * coordinator, the confirmation for a coordinator, the history for
 * organizers and the holder. 0, or -1 with p.
 */
int deliveries_add(struct request *, json_t *data, struct problem *p);

/* GET /confirm: the one-time link's token, or done=1 for the thanks. */
enum confirm_query_key {
	CONFIRM_QUERY_TOKEN,
	CONFIRM_QUERY_DONE,
	CONFIRM_QUERY__MAX,
};

extern const struct field confirm_query_fields[CONFIRM_QUERY__MAX + 1];
void confirm_show(struct request *, struct view *);
void confirm_post(struct request *, struct view *);

/* The follow-up list (tasks.c). */
void tasks_list(struct request *, struct view *);
void tasks_done(struct request *, struct view *);
void tasks_skip(struct request *, struct view *);

/* The follow-up rules, for admins (rules.c). */
void rules_list(struct request *, struct view *);
void rules_show(struct request *, struct view *);
void rules_edit_form(struct request *, json_t *);
void rules_update(struct request *, struct view *);

/* GET and POST /match: the asks of one zone, or of all. */
/* /import: a spreadsheet uploaded or pasted in, previewed, then imported. */
enum import_page_key {
	IMPORT_PAGE_CSV,
	IMPORT_PAGE_FILE,
	IMPORT_PAGE_KIND,
	IMPORT_PAGE_COUNTRY,
	IMPORT_PAGE_MAP,
	IMPORT_PAGE_SKIP_BAD,
	IMPORT_PAGE_CONFIRM,
	IMPORT_PAGE__MAX,
};

extern const struct field import_page_fields[IMPORT_PAGE__MAX + 1];

/* /admin/emergency: every person's data deleted at once. */
enum emergency_key {
	EMERGENCY_PASSWORD,
	EMERGENCY_CONFIRM,
	EMERGENCY__MAX,
};

extern const struct field emergency_fields[EMERGENCY__MAX + 1];

void emergency_show(struct request *, struct view *);
void emergency_run(struct request *, struct view *);
void emergency_form(struct request *, json_t *);

/* Texts: a gateway's post of one received (/sms/inbound/SECRET), and
 * the list of texts in and out (/sms). */
extern const struct field sms_inbound_fields[];
void sms_inbound(struct request *, struct view *);
void sms_show(struct request *, struct view *);

void imports_show(struct request *, struct view *);
void imports_run(struct request *, struct view *);
void imports_form(struct request *, json_t *);

enum match_key {
	MATCH_ZONE_ID,
	MATCH__MAX,
};

extern const struct field match_fields[MATCH__MAX + 1];

void match_show(struct request *, struct view *);
void match_run(struct request *, struct view *);
void match_form(struct request *, json_t *);
/* Who can help with an ask, and matching one of them (matches.c). */
enum matches_pick_key {
	MATCHES_PICK_OFFER_ID,
	MATCHES_PICK_USER_ID,
	MATCHES_PICK__MAX,
};

extern const struct field matches_pick_fields[MATCHES_PICK__MAX + 1];

void needs_matches(struct request *, struct view *);
void needs_match(struct request *, struct view *);
/*
 * Into the ask row of its page: for a volunteer, whether it is asked of
 * them ("asked_of_me"); for organizers and up, its current matches
 * ("show_matches", "has_matches", "matches" as match_list gives them).
 * 0, or -1 with p.
 */
int matches_of_ask(struct request *, json_t *ask, struct problem *);

/* GET /grievances/new: the form prefilled, and a search for people. */
enum grievance_new_key {
	GRIEVANCE_NEW_TITLE,
	GRIEVANCE_NEW_TARGET_ID,
	GRIEVANCE_NEW_TAGS,
	GRIEVANCE_NEW_ZONE_IDS,
	GRIEVANCE_NEW_PERSON_IDS,
	GRIEVANCE_NEW_Q,
	GRIEVANCE_NEW__MAX,
};

extern const struct field grievance_new_fields[GRIEVANCE_NEW__MAX + 1];

/* GET /grievances/:id: a search for people to add. */
enum grievance_show_key {
	GRIEVANCE_SHOW_Q,
	GRIEVANCE_SHOW__MAX,
};

extern const struct field grievance_show_fields[GRIEVANCE_SHOW__MAX + 1];

void grievances_list(struct request *, struct view *);
/* GET /grievances again after a bad filter: the filters as typed. */
void grievances_list_form(struct request *, json_t *);
void grievances_new(struct request *, struct view *);
void grievances_create(struct request *, struct view *);
void grievances_form(struct request *, json_t *);
void grievances_show(struct request *, struct view *);
void grievances_update(struct request *, struct view *);
void grievances_edit_form(struct request *, json_t *);
/*
 * Into an ask's form data: "targets" and "grievances" to choose from,
 * selected as values says (need_link_fields' names), and "tags_text".
 */
void grievances_ask_choices(struct request *, json_t *data, json_t *values);
/*
 * Into the ask row of its page, for organizers and up only: what it is
 * about (need_links), "show_links" and the choices of the form that
 * changes it. 0, or -1 with p.
 */
int grievances_of_ask(struct request *, json_t *ask, struct problem *);
void needs_relink(struct request *, struct view *);
void needs_relink_form(struct request *, json_t *);

void offers_list(struct request *, struct view *);
/* offers_list's rows and each row's reshaping, for its export. */
int offers_rows(struct request *, struct db *, struct db_cursor **,
    struct problem *);
void offers_row(const struct viewer *, json_t *row);
void offers_new(struct request *, struct view *);
void offers_create(struct request *, struct view *);
void offers_show(struct request *, struct view *);
void offers_status(struct request *, struct view *);
void offers_form(struct request *, json_t *);
void offers_status_form(struct request *, json_t *);

/* The public form: no account, rate-limited by the gate. */
enum help_query_key {
	HELP_QUERY_KIND,
	HELP_QUERY__MAX,
};

extern const struct field help_query_fields[HELP_QUERY__MAX + 1];

/* The person's fields, then the post's; urgency only counts for asks. */
enum help_key {
	HELP_KIND,
	HELP_NAME,
	HELP_PHONE,
	HELP_EMAIL,
	HELP_LANGUAGE,
	HELP_ZONE_ID,
	HELP_CATEGORY,
	HELP_DETAILS,
	HELP_URGENCY,
	/* An ask's only: when it can be met, and what they give in return. */
	HELP_WINDOWS,
	HELP_GIVE_CATEGORY,
	HELP_GIVE_DETAILS,
	HELP__MAX,
};

extern const struct field help_fields[HELP__MAX + 1];
void help_show(struct request *, struct view *);
void help_create(struct request *, struct view *);
void help_form(struct request *, json_t *);
void help_thanks(struct request *, struct view *);

/* GET /intake: the search for the caller, or the one already chosen. */
enum intake_search_key {
	INTAKE_SEARCH_Q,
	INTAKE_SEARCH_PERSON_ID,
	INTAKE_SEARCH__MAX,
};

extern const struct field intake_search_fields[INTAKE_SEARCH__MAX + 1];

/* POST /intake: who (someone on file, or a new person), then the ask. */
enum intake_key {
	INTAKE_Q,
	INTAKE_PERSON_ID,
	INTAKE_NAME,
	INTAKE_PHONE,
	INTAKE_EMAIL,
	INTAKE_LANGUAGE,
	INTAKE_CATEGORY,
	INTAKE_DETAILS,
	INTAKE_URGENCY,
	INTAKE_ZONE_ID,
	INTAKE_WINDOWS,
	INTAKE_GIVE_CATEGORY,
	INTAKE_GIVE_DETAILS,
	INTAKE__MAX,
};

extern const struct field intake_fields[INTAKE__MAX + 1];
void intake_show(struct request *, struct view *);
void intake_create(struct request *, struct view *);
void intake_form(struct request *, json_t *);

/* Delivery runs (runs.c). */
extern const struct field run_fields[];
extern const struct field run_list_fields[];
/* The form of a new run: whose claims it shows. */
enum runs_new_key {
	RUNS_NEW_DRIVER_ID,
	RUNS_NEW__MAX,
};
extern const struct field runs_new_fields[RUNS_NEW__MAX + 1];
void runs_list(struct request *, struct view *);
void runs_new(struct request *, struct view *);
void runs_create(struct request *, struct view *);
void runs_show(struct request *, struct view *);
void runs_sheet(struct request *, struct view *);
void runs_form(struct request *, json_t *);

/* Targets (targets.c). */
extern const struct field target_fields[];
extern const struct field target_list_fields[];
void targets_list(struct request *, struct view *);
void targets_create(struct request *, struct view *);
void targets_form(struct request *, json_t *);
void targets_show(struct request *, struct view *);
void targets_update(struct request *, struct view *);
void targets_edit_form(struct request *, json_t *);

/* Conversations (conversations.c). */
extern const struct field conversation_fields[];
extern const struct field conversation_list_fields[];
/* GET /conversations/new: about whom (or the ask's person), or a search. */
enum conversations_new_key {
	CONVERSATIONS_NEW_PERSON_ID,
	CONVERSATIONS_NEW_NEED_ID,
	CONVERSATIONS_NEW_Q,
	CONVERSATIONS_NEW_HOW, /* how=session: from a session's attendance */
	CONVERSATIONS_NEW__MAX,
};

extern const struct field conversations_new_fields[CONVERSATIONS_NEW__MAX + 1];
void conversations_list(struct request *, struct view *);
void conversations_new(struct request *, struct view *);
void conversations_create(struct request *, struct view *);
void conversations_form(struct request *, json_t *);
void conversations_show(struct request *, struct view *);
/*
 * Into v->data of person req->id's page, for organizers and up, their
 * latest conversations, whole ("conversations"), the look recorded and
 * the page kept out of the cache when there are any. 0, or -1 with v's
 * problem (503 when the look cannot be recorded: then none is shown).
 */
int conversations_of_person(struct request *, struct view *);
/* Campaigns, their actions and outcomes (campaigns.c, actions.c). */
extern const struct field campaign_fields[];
extern const struct field campaign_list_fields[];
extern const struct field campaign_move_fields[];
extern const struct field campaign_pick_fields[];
extern const struct field action_fields[];
extern const struct field action_mark_fields[];
extern const struct field outcome_fields[];
/* The form of a new campaign, prefilled from "what people face". */
enum campaigns_new_key {
	CAMPAIGNS_NEW_TARGET_ID,
	CAMPAIGNS_NEW_GRIEVANCE_IDS,
	CAMPAIGNS_NEW_PERSON_IDS,
	CAMPAIGNS_NEW__MAX,
};
extern const struct field campaigns_new_fields[CAMPAIGNS_NEW__MAX + 1];
void campaigns_list(struct request *, struct view *);
void campaigns_new(struct request *, struct view *);
void campaigns_create(struct request *, struct view *);
void campaigns_show(struct request *, struct view *);
void campaigns_status(struct request *, struct view *);
void campaigns_support(struct request *, struct view *);
void campaigns_unsupport(struct request *, struct view *);
void campaigns_action(struct request *, struct view *);
void campaigns_outcome(struct request *, struct view *);
void campaigns_form(struct request *, json_t *);
void campaigns_action_form(struct request *, json_t *);
void campaigns_outcome_form(struct request *, json_t *);
void campaigns_people_form(struct request *, json_t *);
/*
 * Add KEY_label to each row of rows: the catalog's prefix + the row's
 * key (a value of a closed set: "action_kind_" "delegation").
 */
void campaigns_label(const char *lang, json_t *rows, const char *key,
    const char *prefix);
/* Flag and label each entry of a campaign's timeline for its page. */
void campaigns_timeline(const char *lang, json_t *timeline);
/* The action page: ?q= searches the people to mark. */
enum actions_show_key {
	ACTIONS_SHOW_Q,
	ACTIONS_SHOW__MAX,
};
extern const struct field actions_show_fields[ACTIONS_SHOW__MAX + 1];
void actions_show(struct request *, struct view *);
void actions_mark(struct request *, struct view *);
void actions_mark_form(struct request *, json_t *);

/*
 * The offer in return made with the ask row (its "offer_id", when there
 * is one) in the audit trail, as "offer.create", inside the write's
 * transaction beside the ask's own entry. 0, or -1 with v's problem.
 */
int pages_gave_audit(struct request *, struct view *, json_t *ask);
/*
 * Record that the viewer is shown person_id's contact data, and keep the
 * response out of the cache so that every view is recorded. 0, or -1
 * with v's problem set (when v is not NULL): then show none of it.
 */
int pages_contact_seen(struct request *, struct view *, int64_t person_id);
/*
 * Show the contact card in v->data (contact.h) on the "contact" page,
 * after recording the view as pages_contact_seen does; when it cannot be
 * recorded the card is dropped and v's problem says 503.
 */
void pages_contact_show(struct request *, struct view *, int64_t person_id);

/* Programs (programs.c) and their sessions (sessions.c). */
/* The network's local date today (serve --time-zone). */
void programs_today(char out[CIVIL_DATE_LEN]);
void programs_list(struct request *, struct view *);
void programs_new(struct request *, struct view *);
void programs_create(struct request *, struct view *);
void programs_form(struct request *, json_t *);
void programs_show(struct request *, struct view *);
void programs_again(struct request *, json_t *);
void programs_edit(struct request *, struct view *);
void programs_edit_form(struct request *, json_t *);
void programs_update(struct request *, struct view *);
void programs_sessions(struct request *, struct view *);
void programs_session_add(struct request *, struct view *);
/*
 * The people q finds to sign in at a session or an event, into data
 * (q, searched, found, has_found), as /people finds them for the viewer:
 * organizers and above by name, coordinators by phone or email too, each
 * one so found recorded and v then kept out of the cache (v may be
 * NULL). Nothing for volunteers or without q. 0, or -1 with p.
 */
int people_found(struct request *, struct view *v, const char *q, json_t *data,
    struct problem *p);
/*
 * GET /sessions/:id: the people to sign in, found by q; with only=found,
 * in JSON, those alone.
 */
enum sessions_show_key {
	SESSIONS_SHOW_Q,
	SESSIONS_SHOW_ONLY,
	SESSIONS_SHOW__MAX,
};

extern const struct field sessions_show_fields[SESSIONS_SHOW__MAX + 1];
void sessions_show(struct request *, struct view *);
void sessions_form(struct request *, json_t *);
void sessions_update(struct request *, struct view *);
void sessions_move(struct request *, struct view *);
void sessions_cancel(struct request *, struct view *);
void sessions_attend(struct request *, struct view *);
/* The tap counter of a session: its page, and a tap or an undo. */
void sessions_counter(struct request *, struct view *);
void sessions_tap(struct request *, struct view *);
void sessions_counter_form(struct request *, json_t *);
void sessions_sheet(struct request *, struct view *);
/* The page of session id around a form of its page sent with an error. */
void sessions_form_of(struct request *, int64_t id, json_t *data);
/* GET /sessions: the next 14 days; understaffed=1 those short of helpers. */
enum sessions_list_key {
	SESSIONS_LIST_UNDERSTAFFED,
	SESSIONS_LIST__MAX,
};

extern const struct field sessions_list_fields[SESSIONS_LIST__MAX + 1];
void sessions_list(struct request *, struct view *);

/* Political education: events (events.c) and curricula (curricula.c). */
extern const struct field event_fields[];
extern const struct field event_material_fields[];
extern const struct field event_people_fields[];
extern const struct field curriculum_fields[];
/* GET /events/:id: as GET /sessions/:id, the people to sign in. */
enum events_show_key {
	EVENTS_SHOW_Q,
	EVENTS_SHOW_ONLY,
	EVENTS_SHOW__MAX,
};

extern const struct field events_show_fields[EVENTS_SHOW__MAX + 1];
void events_list(struct request *, struct view *);
void events_form(struct request *, json_t *);
void events_create(struct request *, struct view *);
void events_show(struct request *, struct view *);
void events_again(struct request *, json_t *);
void events_material(struct request *, struct view *);
void events_rsvp(struct request *, struct view *);
void events_attend(struct request *, struct view *);
void curricula_list(struct request *, struct view *);
void curricula_form(struct request *, json_t *);
void curricula_create(struct request *, struct view *);
void curricula_show(struct request *, struct view *);

/* Shifts at a session, sign-ups and the weekly roster (shifts.c). */
/*
 * The shifts of session id into data's "shifts", reduced for the viewer
 * (others by first name below organizer), each marked signed_up when the
 * viewer is on it and each person may_cancel when the viewer may take
 * them off; none asked when any is 0 (session_find_shifts said so).
 * 0, or -1 with p.
 */
int shifts_of_session(struct request *, int64_t id, int any, json_t *data,
    struct problem *);
void shifts_add(struct request *, struct view *);
void shifts_add_form(struct request *, json_t *);
void shifts_signup(struct request *, struct view *);
void shifts_cancel(struct request *, struct view *);
void shifts_again(struct request *, json_t *);
/* GET /roster?week=YYYY-Www */
enum roster_key {
	ROSTER_WEEK,
	ROSTER__MAX,
};

extern const struct field roster_fields[ROSTER__MAX + 1];
void shifts_roster(struct request *, struct view *);

/* Stock: items (items.c), locations (locations.c), moves (moves.c). */
extern const struct field item_fields[];
extern const struct field item_list_fields[];
extern const struct field location_fields[];
extern const struct field location_list_fields[];
extern const struct field stock_move_fields[];
extern const struct field stock_list_fields[];
extern const struct field stock_reverse_fields[];
void items_list(struct request *, struct view *);
void items_form(struct request *, json_t *);
void items_create(struct request *, struct view *);
void items_show(struct request *, struct view *);
void items_edit_form(struct request *, json_t *);
void items_update(struct request *, struct view *);
/* The unit_label and category_label of an item or of a list of them. */
void items_label(const char *lang, json_t *rows);
void locations_list(struct request *, struct view *);
void locations_form(struct request *, json_t *);
void locations_create(struct request *, struct view *);
void locations_show(struct request *, struct view *);
void moves_list(struct request *, struct view *);
void moves_form(struct request *, json_t *);
void moves_create(struct request *, struct view *);
void moves_show(struct request *, struct view *);
void moves_reverse(struct request *, struct view *);

/*
 * Funds (funds.c): the list and its form, a fund's ledger with its
 * forms, a reimbursement decided, the public statement (also a CSV).
 */
extern const struct field fund_fields[];
extern const struct field fund_tx_fields[];
extern const struct field fund_rb_fields[];
extern const struct field fund_rb_status_fields[];
void funds_list(struct request *, struct view *);
void funds_form(struct request *, json_t *);
void funds_create(struct request *, struct view *);
void funds_show(struct request *, struct view *);
void funds_again(struct request *, json_t *);
void funds_update(struct request *, struct view *);
void funds_tx(struct request *, struct view *);
void funds_rb(struct request *, struct view *);
void funds_rb_status(struct request *, struct view *);
void funds_statement(struct request *, struct view *);
/* The statement's items for its export (struct export's rows). */
int funds_statement_rows(struct request *, struct db *, struct db_cursor **,
    struct problem *);

/*
 * The bulletin (bulletins.c): the issues and the compose form, one issue
 * with its edit, publish, text and delete forms, printable as a leaflet.
 */
extern const struct field bulletin_fields[];
extern const struct field bulletin_new_fields[];
extern const struct field bulletin_publish_fields[];
void bulletins_list(struct request *, struct view *);
void bulletins_form(struct request *, json_t *);
void bulletins_create(struct request *, struct view *);
void bulletins_show(struct request *, struct view *);
void bulletins_again(struct request *, json_t *);
void bulletins_update(struct request *, struct view *);
void bulletins_publish(struct request *, struct view *);
void bulletins_sms(struct request *, struct view *);
void bulletins_delete(struct request *, struct view *);

/*
 * Stock to restock and to give (restock.c, shelf.c, giveout.c): a
 * location's restock list and thresholds, the network's low stock, the
 * count at the shelf and its sheet, an ask met from stock, a session's
 * gave-out.
 */
extern const struct field restock_threshold_fields[];
extern const struct field restock_network_fields[];
extern const struct field shelf_count_fields[];
extern const struct field giveout_fields[];
/* The units of rows (an array or one object) as unit_label, where known. */
void restock_units(const char *lang, json_t *rows);
void restock_show(struct request *, struct view *);
void restock_thresholds(struct request *, struct view *);
void restock_thresholds_form(struct request *, json_t *);
void restock_low(struct request *, struct view *);
void shelf_show(struct request *, struct view *);
void shelf_post(struct request *, struct view *);
void shelf_form(struct request *, json_t *);
void shelf_sheet(struct request *, struct view *);
void giveout_ask_show(struct request *, struct view *);
void giveout_ask_post(struct request *, struct view *);
void giveout_ask_form(struct request *, json_t *);
void giveout_session_post(struct request *, struct view *);
void giveout_session_form(struct request *, json_t *);
/*
 * Add to the page of session id what it gave out (gave_out), and the
 * items and locations its form offers (give_items, give_places,
 * has_stock). 0, or -1 with p.
 */
int giveout_session_add(struct request *, int64_t id, json_t *data,
    struct problem *);
/* The same for the page of event id. */
int giveout_event_add(struct request *, int64_t id, json_t *data,
    struct problem *);
void giveout_event_post(struct request *, struct view *);
void giveout_event_form(struct request *, json_t *);

/*
 * Options every form and filter needs: zones, categories, statuses,
 * languages, urgencies; those equal to chosen's values marked selected.
 */
void options_add(struct request *, json_t *data, json_t *chosen);
/*
 * Mark "selected" the rows of list whose key equals chosen (typed, or
 * text from a form).
 */
void options_mark(json_t *list, const char *key, json_t *chosen);
/*
 * A closed set's kinds as [{kind, kind_label, selected}] (the labels
 * prefix + kind), those equal to chosen marked: new.
 */
json_t *options_kinds(const char *lang, const char *const *kinds,
    const char *prefix, json_t *chosen);
/* An integer given typed or as form text. 0, or -1 if it is neither. */
int options_int(json_t *v, int64_t *out);
/*
 * Add "pager" to a list object: links to the previous and next pages that
 * keep the request's filters, and the range shown.
 */
void pager_add(struct request *, json_t *list);
/*
 * A list page that also answers CSV (?format=csv, Accept: text/csv) and
 * XLSX: the page's own statement without its paging, read a row at a
 * time, and the page's own reshaping of each row, so the file holds what
 * the page shows the viewer, filters and privacy rules alike, and its
 * items' keys as columns in a fixed order. A list without a cursor (no
 * rows) is its page run once with the paging lifted, and its items
 * written: the same by construction, made whole in memory, so capped.
 */
struct export
{
	const char *name; /* "needs": needs.csv, needs.xlsx */
	/*
	 * The audit trail's kind of record: "need"; NULL for a list that
	 * names nobody, whose files are not recorded (a public statement,
	 * which anyone may fetch, would let anyone write to the trail).
	 */
	const char *entity;
	void (*list)(struct request *, struct view *);
	/*
	 * What list reads, every row of it, as a cursor on db (a read
	 * transaction, not req->db): the list's filters as req's viewer may
	 * use them, its 422s and 403s. 0, or -1 with p. NULL: the file is
	 * made from list's items.
	 */
	int (*rows)(struct request *, struct db * db, struct db_cursor **,
	    struct problem * p);
	/* One row of rows as list shows it to the viewer (its items), or
	 * NULL where the rows are the items as they are. */
	void (*row)(const struct viewer *, json_t *row);
	const char *const *columns; /* keys of an item; "a.b": b inside a */
	/* The status filter's value for every row, where the list leaves
	 * some out by default (the asks that no longer wait), or NULL. */
	const char *every_status;
};
extern const struct export export_needs, export_offers, export_people,
    export_fund_statement;
/* Every export, by the name the command line knows it by: NULL-ended. */
extern const struct export *const exports[];
/* The export named name ("needs"), or NULL. */
const struct export *export_find(const char *name);
/* The export of the list page handler, or NULL when it has none. */
const struct export *export_of(
    void (*handler)(struct request *, struct view *));
/*
 * The file (CSV or XLSX, kind) of e for req's viewer, every row that the
 * filters in req->input select (paging set aside), appended to out, and
 * one audit entry action for it, in a transaction of its own; the file
 * must not be given out without it. The number of rows, or -1 with p
 * (the list's problem, the database's; 413 for more rows than a sheet
 * holds).
 */
int64_t export_file(struct request *, const struct export *e,
    enum file_kind kind, const char *action, struct buf *out,
    struct problem *p);
/*
 * The same file made a piece at a time. export_open begins a read
 * transaction on db (none may be open there), opens e's rows for req's
 * viewer (e->rows) and writes the header: the stream, or NULL with p.
 * export_read (CSV only) writes up to max bytes of the file into dst:
 * how many, 0 at its end, -1 with p when a row could not be read.
 * export_rows says how many rows were written. export_close ends the
 * transaction, and closes db when the stream was given it; nothing is
 * audited: export_audit writes the entry action (on req->db, in a
 * transaction of its own), which must be done before a byte is given out
 * or once the file is whole. 0, or -1 with p.
 */
struct export_stream;
struct export_stream *export_open(struct request *, const struct export *e,
    enum file_kind kind, struct db *db, struct problem *p);
long export_read(struct export_stream *, char *dst, size_t max,
    struct problem *p);
int64_t export_rows(const struct export_stream *);
void export_close(struct export_stream *);
int export_audit(struct request *, const struct export *e, const char *action,
    struct problem *p);
/*
 * GET a list route with ?format=csv|xlsx or an Accept of either — the
 * list page's problems (422 on a bad filter, 403); 503 if the export
 * cannot be recorded, or too many are being streamed; the file, named for
 * the list. CSV is streamed (export_stream in export.c): a failure after
 * the header cuts the body short.
 */
void export_page(struct request *, struct view *);

/* A list read for in (its filters) into *out: 0, or -1 with p. */
typedef int (
    *pager_list)(struct request *, json_t *in, json_t **out, struct problem *p);
/*
 * A list page shown again around its form sent with an error: the list's
 * first page, unfiltered, added to data beside what the form holds.
 */
void pager_again(struct request *, json_t *data, pager_list list);

#endif
