/* The route table and the front gate before every handler. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "route.h"
#include "cache.h"
#include "respond.h"
#include "domain/audit.h"
#include "domain/field.h"
#include "domain/ratelimit.h"
#include "domain/login_session.h"
#include "domain/tx.h"
#include "pages/pages.h"
#include "domain/attendance.h"
#include "domain/program.h"
#include "domain/session.h"
#include "domain/tap.h"
#include "domain/shift.h"
#include "domain/fund.h"
#include "domain/sms.h"
#include "render/i18n.h"
#include "util/asset.h"
#include "util/clock.h"
#include "util/num.h"
#include "util/secret.h"
#include "util/utf8.h"
#include "util/banned.h"

/* What a route that takes no input declares. */
static const struct field no_fields[] = { { NULL, 0, 0, 0, 0, NULL } };

/*
 * Every route: method, path, handler, declared inputs, the least role it
 * needs (ROLE_NONE: anyone), flags, and the form re-shown on a 422.
 */
static const struct route routes[] = {
	{ METHOD_GET, "/", dashboard_show, no_fields, ROLE_VOLUNTEER, 0, NULL,
	    NULL },

	{ METHOD_GET, "/login", account_login_form, account_next_fields,
	    ROLE_NONE, 0, NULL, NULL },
	{ METHOD_POST, "/login", account_login, account_login_fields, ROLE_NONE,
	    ROUTE_LIMIT_LOGIN, "login", NULL },
	{ METHOD_POST, "/logout", account_logout, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/account", account_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/account/password", account_password,
	    user_password_fields, ROLE_VOLUNTEER, ROUTE_LIMIT_PASSWORD,
	    "account", account_form },
	{ METHOD_POST, "/account/tokens", account_token_add,
	    account_token_fields, ROLE_VOLUNTEER, 0, "account", account_form },
	{ METHOD_POST, "/account/tokens/:id/revoke", account_token_revoke,
	    no_fields, ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_GET, "/admin/audit", audit_show, audit_list_fields, ROLE_ADMIN,
	    0, NULL, NULL },
	/* The purge keeps its own trail, and asks for the password again. */
	{ METHOD_GET, "/admin/emergency", emergency_show, no_fields, ROLE_ADMIN,
	    0, NULL, NULL },
	{ METHOD_POST, "/admin/emergency", emergency_run, emergency_fields,
	    ROLE_ADMIN, ROUTE_OWN_TX | ROUTE_LIMIT_PASSWORD, "emergency",
	    emergency_form },

	{ METHOD_GET, "/zones", zones_list, zone_list_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/zones", zones_create, zone_fields, ROLE_COORDINATOR, 0,
	    "zones", zones_form },
	/* A volunteer reads only their own zones, as in /zones. */
	{ METHOD_GET, "/zones/:id", zones_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/zones/:id", zones_update, zone_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "zone", zones_edit_form },
	{ METHOD_PATCH, "/zones/:id", zones_update, zone_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "zone", zones_edit_form },

	{ METHOD_GET, "/people", people_list, person_list_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_GET, "/people/new", people_new, no_fields, ROLE_ORGANIZER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/people", people_create, person_fields, ROLE_ORGANIZER,
	    0, "person_form", people_form },
	{ METHOD_GET, "/people/:id", people_show, no_fields, ROLE_ORGANIZER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/people/:id/edit", people_edit, no_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	/* Contact on demand: each view is recorded (pages_contact_show). */
	{ METHOD_GET, "/people/:id/contact", people_contact, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/people/:id/forget", people_forget,
	    people_forget_fields, ROLE_COORDINATOR, 0, "person",
	    people_forget_form },
	/*
	 * The ladder: organizers and above set a stage by hand and record
	 * membership, as they see both on the person page (docs/privacy.md).
	 */
	{ METHOD_POST, "/people/:id/stage", people_stage, ladder_fields,
	    ROLE_ORGANIZER, 0, "person", people_stage_form },
	{ METHOD_POST, "/people/:id/membership", people_membership,
	    ladder_member_fields, ROLE_ORGANIZER, 0, "person",
	    people_membership_form },
	{ METHOD_POST, "/people/:id/roles", people_roles, role_held_fields,
	    ROLE_ORGANIZER, 0, "person", people_roles_form },
	/*
	 * Training: organizers read the modules and record who completed
	 * one; coordinators add modules, as they add programs.
	 */
	{ METHOD_GET, "/trainings", trainings_list, no_fields, ROLE_ORGANIZER,
	    0, NULL, NULL },
	{ METHOD_POST, "/trainings", trainings_create, training_fields,
	    ROLE_COORDINATOR, 0, "trainings", trainings_form },
	{ METHOD_POST, "/trainings/:id/completions", trainings_complete,
	    training_done_fields, ROLE_ORGANIZER, 0, "trainings",
	    trainings_complete_form },
	{ METHOD_POST, "/people/:id", people_update, person_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "person_form", people_form },
	{ METHOD_PATCH, "/people/:id", people_update, person_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "person_form", people_form },

	{ METHOD_GET, "/needs", needs_list, need_list_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/needs/new", needs_new, board_new_fields, ROLE_ORGANIZER,
	    0, NULL, NULL },
	{ METHOD_POST, "/needs", needs_create, need_fields, ROLE_ORGANIZER, 0,
	    "need_form", needs_form },
	{ METHOD_GET, "/needs/:id", needs_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	/* What an ask is about: organizers and above see and change it. */
	{ METHOD_POST, "/needs/:id", needs_relink, need_link_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "need", needs_relink_form },
	{ METHOD_PATCH, "/needs/:id", needs_relink, need_link_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "need", needs_relink_form },
	/* A volunteer only while holding the ask's claim: 403 otherwise. */
	{ METHOD_GET, "/needs/:id/contact", needs_contact, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/status", needs_status, status_fields,
	    ROLE_ORGANIZER, 0, "need", needs_status_form },
	{ METHOD_POST, "/needs/:id/claim", needs_claim, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/release", needs_release,
	    claim_release_fields, ROLE_VOLUNTEER, 0, "need",
	    needs_release_form },
	/* Those who may read the ask's contact, as for the contact page. */
	{ METHOD_POST, "/needs/:id/calls", needs_call, call_fields,
	    ROLE_VOLUNTEER, 0, "need", needs_status_form },
	/*
	 * Who can help, with reasons: no contact and no details of the ask,
	 * so organizers too; matching gives a volunteer the ask to claim
	 * (and so, once claimed, its contact): coordinators, who assign.
	 */
	{ METHOD_GET, "/needs/:id/matches", needs_matches, no_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/match", needs_match, matches_pick_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	/* The claim's holder, or a coordinator: 403 otherwise. */
	{ METHOD_POST, "/needs/:id/deliver", needs_deliver, delivery_fields,
	    ROLE_VOLUNTEER, 0, "need", needs_deliver_form },
	{ METHOD_POST, "/needs/:id/confirm", needs_confirm, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/confirm-link", needs_confirm_link, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },

	/* The asker confirms a delivery by a one-time link, no account. */
	{ METHOD_GET, "/confirm", confirm_show, confirm_query_fields, ROLE_NONE,
	    0, NULL, NULL },
	{ METHOD_POST, "/confirm", confirm_post, delivery_token_fields,
	    ROLE_NONE, ROUTE_LIMIT_FORM, NULL, NULL },

	/* Everyone's own; an organizer's zones too; coordinators all. */
	{ METHOD_GET, "/tasks", tasks_list, task_list_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/tasks/:id/done", tasks_done, task_close_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/tasks/:id/skip", tasks_skip, task_close_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_GET, "/rules", rules_list, no_fields, ROLE_ADMIN, 0, NULL,
	    NULL },
	{ METHOD_GET, "/rules/:id", rules_show, no_fields, ROLE_ADMIN, 0, NULL,
	    NULL },
	{ METHOD_POST, "/rules/:id", rules_update, rule_fields, ROLE_ADMIN,
	    ROUTE_PARTIAL, "rule", rules_edit_form },

	/*
	 * Delivery runs: a coordinator groups a driver's claims; the driver
	 * and coordinators see a run (anyone else: 404), and its sheet
	 * records each contact it shows.
	 */
	{ METHOD_GET, "/runs", runs_list, run_list_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/runs/new", runs_new, runs_new_fields, ROLE_COORDINATOR,
	    0, NULL, NULL },
	{ METHOD_POST, "/runs", runs_create, run_fields, ROLE_COORDINATOR, 0,
	    "run_form", runs_form },
	{ METHOD_GET, "/runs/:id", runs_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/runs/:id/sheet", runs_sheet, no_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },

	/* Grievances: organizers and above (docs/privacy.md). */
	{ METHOD_GET, "/grievances", grievances_list, grievance_list_fields,
	    ROLE_ORGANIZER, 0, "grievances", grievances_list_form },
	{ METHOD_GET, "/grievances/new", grievances_new, grievance_new_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/grievances", grievances_create, grievance_fields,
	    ROLE_ORGANIZER, 0, "grievance_form", grievances_form },
	{ METHOD_GET, "/grievances/:id", grievances_show, grievance_show_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/grievances/:id", grievances_update, grievance_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "grievance", grievances_edit_form },
	{ METHOD_PATCH, "/grievances/:id", grievances_update, grievance_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "grievance", grievances_edit_form },
	/*
	 * Who is responsible, and the conversations that learn it: organizers
	 * and above (docs/privacy.md); a conversation's page and the person
	 * page record each look at what was raised.
	 */
	{ METHOD_GET, "/targets", targets_list, target_list_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/targets", targets_create, target_fields,
	    ROLE_ORGANIZER, 0, "targets", targets_form },
	{ METHOD_GET, "/targets/:id", targets_show, no_fields, ROLE_ORGANIZER,
	    0, NULL, NULL },
	{ METHOD_POST, "/targets/:id", targets_update, target_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "target", targets_edit_form },
	{ METHOD_PATCH, "/targets/:id", targets_update, target_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "target", targets_edit_form },
	{ METHOD_GET, "/conversations", conversations_list,
	    conversation_list_fields, ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_GET, "/conversations/new", conversations_new,
	    conversations_new_fields, ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/conversations", conversations_create,
	    conversation_fields, ROLE_ORGANIZER, 0, "conversation_form",
	    conversations_form },
	{ METHOD_GET, "/conversations/:id", conversations_show, no_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	/*
	 * Campaigns: organizers and above, as everything that names what
	 * people face and who stood up (docs/privacy.md).
	 */
	{ METHOD_GET, "/campaigns", campaigns_list, campaign_list_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_GET, "/campaigns/new", campaigns_new, campaigns_new_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/campaigns", campaigns_create, campaign_fields,
	    ROLE_ORGANIZER, 0, "campaign_form", campaigns_form },
	{ METHOD_GET, "/campaigns/:id", campaigns_show, no_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/campaigns/:id/status", campaigns_status,
	    campaign_move_fields, ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/campaigns/:id/supporters", campaigns_support,
	    campaign_pick_fields, ROLE_ORGANIZER, 0, "campaign",
	    campaigns_people_form },
	{ METHOD_POST, "/campaigns/:id/supporters/remove", campaigns_unsupport,
	    campaign_pick_fields, ROLE_ORGANIZER, 0, "campaign",
	    campaigns_people_form },
	{ METHOD_POST, "/campaigns/:id/actions", campaigns_action,
	    action_fields, ROLE_ORGANIZER, 0, "campaign",
	    campaigns_action_form },
	{ METHOD_POST, "/campaigns/:id/outcomes", campaigns_outcome,
	    outcome_fields, ROLE_ORGANIZER, 0, "campaign",
	    campaigns_outcome_form },
	{ METHOD_GET, "/actions/:id", actions_show, actions_show_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/actions/:id/people", actions_mark, action_mark_fields,
	    ROLE_ORGANIZER, 0, "action", actions_mark_form },
	/*
	 * What people face, and one place's collective feedback: counts
	 * drawn from conversations, which volunteers never see.
	 */
	{ METHOD_GET, "/facing", facing_page, no_fields, ROLE_ORGANIZER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/feedback", feedback_page, feedback_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	/*
	 * The network's figures: counts of people and of what they did,
	 * which are the organizers' to read, as the people behind them are.
	 */
	{ METHOD_GET, "/figures", figures_show, figures_fields, ROLE_ORGANIZER,
	    0, "figures", figures_form },

	/*
	 * Programs: coordinators make them and manage their sessions; every
	 * signed-in role reads them. At a session, organizers and above sign
	 * people in and write what happened: they may search people
	 * (docs/privacy.md); a volunteer sees who came by first name.
	 */
	{ METHOD_GET, "/programs", programs_list, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_GET, "/programs/new", programs_new, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/programs", programs_create, program_fields,
	    ROLE_COORDINATOR, 0, "program_form", programs_form },
	{ METHOD_GET, "/programs/:id", programs_show, no_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },
	{ METHOD_GET, "/programs/:id/edit", programs_edit, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/programs/:id", programs_update, program_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "program_form",
	    programs_edit_form },
	{ METHOD_PATCH, "/programs/:id", programs_update, program_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "program_form",
	    programs_edit_form },
	{ METHOD_GET, "/programs/:id/sessions", programs_sessions,
	    program_sessions_fields, ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/programs/:id/sessions", programs_session_add,
	    session_when_fields, ROLE_COORDINATOR, 0, "program",
	    programs_again },
	{ METHOD_GET, "/sessions/:id", sessions_show, sessions_show_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/sessions/:id", sessions_update, session_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "session", sessions_form },
	{ METHOD_PATCH, "/sessions/:id", sessions_update, session_fields,
	    ROLE_ORGANIZER, ROUTE_PARTIAL, "session", sessions_form },
	{ METHOD_POST, "/sessions/:id/move", sessions_move, session_when_fields,
	    ROLE_COORDINATOR, 0, "session", sessions_form },
	{ METHOD_POST, "/sessions/:id/cancel", sessions_cancel,
	    session_cancel_fields, ROLE_COORDINATOR, 0, "session",
	    sessions_form },
	{ METHOD_POST, "/sessions/:id/attendance", sessions_attend,
	    attendance_fields, ROLE_ORGANIZER, 0, "session", sessions_form },
	/*
	 * The tap counter: whoever works the table, a volunteer too. A tap
	 * names nobody served, and the page shows the session and a total,
	 * which every signed-in role reads on the session's page already.
	 */
	{ METHOD_GET, "/sessions/:id/count", sessions_counter, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/sessions/:id/count", sessions_tap, tap_fields,
	    ROLE_VOLUNTEER, ROUTE_OWN_TX, "session_count",
	    sessions_counter_form },
	/*
	 * The printed sheet names nobody, but its QR code opens the sign-in
	 * page: those who sign people in print it.
	 */
	{ METHOD_GET, "/sessions/:id/sheet", sessions_sheet, no_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	/*
	 * Political education: every signed-in role reads the events and
	 * curricula; organizers and above make them, sign people in, take
	 * RSVPs, and alone see who came or said they would, and who
	 * completed a curriculum: a person's activity (docs/privacy.md).
	 */
	{ METHOD_GET, "/events", events_list, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/events", events_create, event_fields, ROLE_ORGANIZER,
	    0, "events", events_form },
	{ METHOD_GET, "/events/:id", events_show, events_show_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/events/:id/materials", events_material,
	    event_material_fields, ROLE_ORGANIZER, 0, "event", events_again },
	{ METHOD_POST, "/events/:id/rsvps", events_rsvp, event_people_fields,
	    ROLE_ORGANIZER, 0, "event", events_again },
	{ METHOD_POST, "/events/:id/attendance", events_attend,
	    event_people_fields, ROLE_ORGANIZER, 0, "event", events_again },
	{ METHOD_POST, "/events/:id/stock", giveout_event_post, giveout_fields,
	    ROLE_ORGANIZER, 0, "event", giveout_event_form },
	{ METHOD_GET, "/curricula", curricula_list, no_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },
	{ METHOD_POST, "/curricula", curricula_create, curriculum_fields,
	    ROLE_ORGANIZER, 0, "curricula", curricula_form },
	{ METHOD_GET, "/curricula/:id", curricula_show, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	/*
	 * Shifts: coordinators add them. Every signed-in role signs up and
	 * off, for themselves (shifts_who); a coordinator for anyone. The
	 * lists and the roster show others by first name below organizer,
	 * as a session's attendance does (docs/privacy.md).
	 */
	{ METHOD_GET, "/sessions", sessions_list, sessions_list_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/sessions/:id/shifts", shifts_add, shift_fields,
	    ROLE_COORDINATOR, 0, "session", shifts_add_form },
	{ METHOD_POST, "/shifts/:id/signup", shifts_signup, shift_who_fields,
	    ROLE_VOLUNTEER, 0, "session", shifts_again },
	{ METHOD_POST, "/shifts/:id/cancel", shifts_cancel, shift_who_fields,
	    ROLE_VOLUNTEER, 0, "session", shifts_again },
	{ METHOD_GET, "/roster", shifts_roster, roster_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },

	/*
	 * Stock: every signed-in role reads items, locations, levels and
	 * moves (none of them names a person); coordinators add items and
	 * locations. A move is recorded by a volunteer at the locations of
	 * their zones, by organizers and above anywhere (stock.h, 403
	 * otherwise), and writes its own audit entry, as it does when an
	 * ask or a session writes it: so its own transaction.
	 */
	{ METHOD_GET, "/items", items_list, item_list_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/items", items_create, item_fields, ROLE_COORDINATOR, 0,
	    "items", items_form },
	{ METHOD_GET, "/items/:id", items_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/items/:id", items_update, item_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "item", items_edit_form },
	{ METHOD_PATCH, "/items/:id", items_update, item_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "item", items_edit_form },
	{ METHOD_GET, "/locations", locations_list, location_list_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/locations", locations_create, location_fields,
	    ROLE_COORDINATOR, 0, "locations", locations_form },
	{ METHOD_GET, "/locations/:id", locations_show, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_GET, "/stock/moves", moves_list, stock_list_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/stock/moves", moves_create, stock_move_fields,
	    ROLE_VOLUNTEER, ROUTE_OWN_TX, "stock_moves", moves_form },
	{ METHOD_GET, "/stock/moves/:id", moves_show, no_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },
	{ METHOD_POST, "/stock/moves/:id/reverse", moves_reverse,
	    stock_reverse_fields, ROLE_VOLUNTEER, ROUTE_OWN_TX, NULL, NULL },

	/*
	 * Restocking and giving from stock (restock.c, shelf.c,
	 * giveout.c): every signed-in role reads what a location lacks,
	 * the network's low stock, the count page and the stock sheet
	 * (none names a person); coordinators set thresholds and meet an
	 * ask from a shelf. A count and a session's gave-out are recorded
	 * by a volunteer at the locations of their zones (403 otherwise),
	 * as a move is; each move they write audits itself besides.
	 */
	{ METHOD_GET, "/stock", restock_low, restock_network_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_GET, "/locations/:id/restock", restock_show, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/locations/:id/thresholds", restock_thresholds,
	    restock_threshold_fields, ROLE_COORDINATOR, 0, "restock",
	    restock_thresholds_form },
	{ METHOD_GET, "/locations/:id/count", shelf_show, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_POST, "/locations/:id/count", shelf_post, shelf_count_fields,
	    ROLE_VOLUNTEER, 0, "shelf_count", shelf_form },
	{ METHOD_GET, "/locations/:id/sheet", shelf_sheet, no_fields,
	    ROLE_VOLUNTEER, 0, NULL, NULL },
	{ METHOD_GET, "/needs/:id/stock", giveout_ask_show, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/needs/:id/stock", giveout_ask_post, giveout_fields,
	    ROLE_COORDINATOR, 0, "giveout_ask", giveout_ask_form },
	{ METHOD_POST, "/sessions/:id/stock", giveout_session_post,
	    giveout_fields, ROLE_VOLUNTEER, 0, "session",
	    giveout_session_form },

	/*
	 * Funds: organizers and above read the ledger, which names who gave
	 * and who was paid; coordinators make funds and name their
	 * treasurers. A transaction or a reimbursement is written by a
	 * coordinator or one of the fund's treasurers (fund.h, 403 for
	 * another organizer). The statement names nobody: anyone reads a
	 * public fund's (404 for another below organizer).
	 */
	{ METHOD_GET, "/funds", funds_list, no_fields, ROLE_ORGANIZER, 0, NULL,
	    NULL },
	{ METHOD_POST, "/funds", funds_create, fund_fields, ROLE_COORDINATOR, 0,
	    "funds", funds_form },
	{ METHOD_GET, "/funds/:id", funds_show, no_fields, ROLE_ORGANIZER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/funds/:id", funds_update, fund_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "fund", funds_again },
	{ METHOD_PATCH, "/funds/:id", funds_update, fund_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "fund", funds_again },
	{ METHOD_POST, "/funds/:id/transactions", funds_tx, fund_tx_fields,
	    ROLE_ORGANIZER, 0, "fund", funds_again },
	{ METHOD_POST, "/funds/:id/reimbursements", funds_rb, fund_rb_fields,
	    ROLE_ORGANIZER, 0, "fund", funds_again },
	{ METHOD_POST, "/reimbursements/:id/status", funds_rb_status,
	    fund_rb_status_fields, ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_GET, "/funds/:id/statement", funds_statement, no_fields,
	    ROLE_NONE, 0, NULL, NULL },
	/*
	 * The bulletin: anyone reads a published issue the coordinator made
	 * public, volunteers every published one, organizers the drafts too
	 * (bulletin.h: 404 otherwise); coordinators compose, edit, publish,
	 * text and throw away.
	 */
	{ METHOD_GET, "/bulletin", bulletins_list, no_fields, ROLE_NONE, 0,
	    NULL, NULL },
	{ METHOD_POST, "/bulletin", bulletins_create, bulletin_new_fields,
	    ROLE_COORDINATOR, 0, "bulletins", bulletins_form },
	{ METHOD_GET, "/bulletin/:id", bulletins_show, no_fields, ROLE_NONE, 0,
	    NULL, NULL },
	{ METHOD_POST, "/bulletin/:id", bulletins_update, bulletin_fields,
	    ROLE_COORDINATOR, ROUTE_PARTIAL, "bulletin", bulletins_again },
	{ METHOD_POST, "/bulletin/:id/publish", bulletins_publish,
	    bulletin_publish_fields, ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/bulletin/:id/sms", bulletins_sms, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	{ METHOD_POST, "/bulletin/:id/delete", bulletins_delete, no_fields,
	    ROLE_COORDINATOR, 0, NULL, NULL },
	/* Taking a call: find or add the caller, and their ask, at once. */
	{ METHOD_GET, "/intake", intake_show, intake_search_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/intake", intake_create, intake_fields, ROLE_ORGANIZER,
	    0, "intake", intake_form },

	{ METHOD_GET, "/offers", offers_list, post_list_fields, ROLE_VOLUNTEER,
	    0, NULL, NULL },
	{ METHOD_GET, "/offers/new", offers_new, board_new_fields,
	    ROLE_ORGANIZER, 0, NULL, NULL },
	{ METHOD_POST, "/offers", offers_create, offer_fields, ROLE_ORGANIZER,
	    0, "offer_form", offers_form },
	{ METHOD_GET, "/offers/:id", offers_show, no_fields, ROLE_VOLUNTEER, 0,
	    NULL, NULL },
	{ METHOD_POST, "/offers/:id/status", offers_status, status_fields,
	    ROLE_ORGANIZER, 0, "offer", offers_status_form },

	/* Batch matching: the assignment previewed, then applied. */
	{ METHOD_GET, "/match", match_show, match_fields, ROLE_COORDINATOR, 0,
	    NULL, NULL },
	{ METHOD_POST, "/match", match_run, match_fields, ROLE_COORDINATOR, 0,
	    "match", match_form },

	/*
	 * A spreadsheet imported: previewed, then made. The import holds its
	 * own transaction (a preview is one rolled back) and audits each
	 * record it makes.
	 */
	{ METHOD_GET, "/import", imports_show, no_fields, ROLE_COORDINATOR, 0,
	    NULL, NULL },
	{ METHOD_POST, "/import", imports_run, import_page_fields,
	    ROLE_COORDINATOR, ROUTE_OWN_TX, "import", imports_form },

	/* The public form: anyone may ask for help, a few times an hour. */
	{ METHOD_GET, "/help", help_show, help_query_fields, ROLE_NONE, 0, NULL,
	    NULL },
	{ METHOD_POST, "/help", help_create, help_fields, ROLE_NONE,
	    ROUTE_LIMIT_FORM, "help", help_form },
	{ METHOD_GET, "/help/thanks", help_thanks, help_query_fields, ROLE_NONE,
	    0, NULL, NULL },

	/* Texts: a gateway posts each one it gets; coordinators read them. */
	{ METHOD_POST, "/sms/inbound/*", sms_inbound, sms_inbound_fields,
	    ROLE_NONE, ROUTE_WEBHOOK, NULL, NULL },
	{ METHOD_GET, "/sms", sms_show, sms_list_fields, ROLE_COORDINATOR, 0,
	    NULL, NULL },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/*
 * Match path against pattern segment by segment; ":id" takes a positive
 * integer. Returns 1 and stores the id, or 0.
 */
int
route_match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern != '\0' && *path != '\0') {
		if (strncmp(pattern, ":id", 3) == 0) {
			size_t n = strcspn(path, "/");

			if (num_parse_int(path, n, 1, INT64_MAX, id) == -1)
				return 0;
			pattern += 3;
			path += n;
			continue;
		}
		if (*pattern == '*') {
			size_t n = strspn(path,
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"
			    "yz"
			    "0123456789-_");

			if (n == 0 || n > ROUTE_SECRET_MAX ||
			    (path[n] != '\0' && path[n] != '/'))
				return 0;
			pattern++;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

void
route_security_headers(struct response *resp, int private_page)
{
	/*
	 * Nothing from elsewhere, never framed. Script only from our own
	 * files, never inline (so injected markup cannot run), and only
	 * fetching from here: the intake page's search as you type.
	 */
	response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; connect-src 'self'; "
	    "style-src 'self'; img-src 'self'; form-action 'self'; "
	    "base-uri 'none'; frame-ancestors 'none'");
	response_header(resp, "X-Content-Type-Options", "nosniff");
	response_header(resp, "Referrer-Policy", "no-referrer");
	response_header(resp, "X-Frame-Options", "DENY");
	if (private_page)
		response_header(resp, "Cache-Control", "no-store");
	else
		response_header(resp, "Cache-Control", "public, max-age=3600");
}

/* The answers Accept chooses among, in route_accepts' order. */
enum route_accept {
	ACCEPT_JSON,
	ACCEPT_HTML,
	ACCEPT_CSV,
	ACCEPT_XLSX,
};

static const char *const route_accepts[] = {
	"application/json",
	"text/html",
	"text/csv",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	NULL,
};

int
route_wants_json(const struct request *req)
{
	static const char *const pages[] = { "application/json", "text/html",
		NULL };

	switch (request_accept(req->accept, pages)) {
	case ACCEPT_JSON:
		return 1;
	case ACCEPT_HTML:
		return 0;
	default:
		return req->content_type != NULL &&
		    strncasecmp(req->content_type, "application/json", 16) == 0;
	}
}

/* The file ?format=f names, FILE_NONE for none we write. */
static enum file_kind
route_file_named(const char *f)
{
	if (f == NULL)
		return FILE_NONE;
	if (strcmp(f, "csv") == 0)
		return FILE_CSV;
	if (strcmp(f, "xlsx") == 0)
		return FILE_XLSX;
	return FILE_NONE;
}

/* The file req's Accept prefers to a page, FILE_NONE for a page. */
static enum file_kind
route_file_accepted(const struct request *req)
{
	switch (request_accept(req->accept, route_accepts)) {
	case ACCEPT_CSV:
		return FILE_CSV;
	case ACCEPT_XLSX:
		return FILE_XLSX;
	default:
		return FILE_NONE;
	}
}

/* Whether req asks for a file (?format=, Accept), not a page. */
static int
route_export_asked(const struct request *req)
{
	return json_object_get(req->query, "format") != NULL ||
	    route_file_accepted(req) != FILE_NONE;
}

/*
 * ?format=csv|xlsx, or Accept: text/csv or the XLSX type, on a list route
 * that exports: the list as a file (pages/export.c). format is no input
 * of the route's. 0, or -1 with a 400 naming format: another value, or a
 * route with no export.
 */
static int
route_format(struct request *req, struct problem *p)
{
	json_t *f = json_object_get(req->raw, "format");
	enum file_kind named = route_file_named(json_string_value(f));
	int can = export_of(req->route->handler) != NULL;

	if (f != NULL && (named == FILE_NONE || !can))
		return problem_set(p, PROBLEM_BAD_REQUEST, "err_format",
		    "format", 0);
	if (can)
		req->want_file = f != NULL ? named : route_file_accepted(req);
	json_object_del(req->raw, "format");
	return 0;
}

static void
route_language(struct request *req, struct response *resp)
{
	char cookie[8];
	const char *q = json_string_value(json_object_get(req->query, "lang"));
	const char *lang = NULL;
	int i;

	for (i = 0; q != NULL && i18n_langs[i] != NULL; i++)
		if (strcmp(q, i18n_langs[i]) == 0)
			lang = i18n_langs[i];
	if (lang != NULL) {
		struct buf c = BUF_INIT;

		buf_printf(&c,
		    "lang=%s; Path=/; Max-Age=31536000; "
		    "SameSite=Lax",
		    lang);
		response_header(resp, "Set-Cookie", c.ptr);
		buf_free(&c);
	} else if (request_cookie(req->cookie, "lang", cookie,
		       sizeof(cookie)) == 0)
		lang = i18n_lang(cookie);
	else
		lang = request_language(req->accept_language, i18n_langs);
	req->lang = i18n_lang(lang);
	json_object_del(req->query, "lang");
}

/* A JSON body carries its own types: lists are arrays already. */
static json_t *
route_json(const char *ct, const char *s, size_t len,
    const struct field *fields, struct problem *p)
{
	return request_json(s, len);
}

static json_t *
route_form(const char *ct, const char *s, size_t len,
    const struct field *fields, struct problem *p)
{
	return request_form(s, len, fields);
}

/*
 * The bodies a write may have, each with its decoder. A JSON client
 * writes exactly the keys it means, so one not declared is refused (a
 * misspelled key would be a value silently lost); a browser's form also
 * carries what is no input of ours (the _csrf token, a button's name), so
 * there undeclared keys are dropped.
 */
static const struct {
	const char *type;
	/*
	 * A form's decoder reads the route's fields for its lists, a
	 * multipart one the Content-Type for its boundary; one that may
	 * refuse for more than one reason sets the problem, else its
	 * refusal is a 400 with malformed.
	 */
	json_t *(*decode)(const char *ct, const char *, size_t,
	    const struct field *, struct problem *);
	const char *malformed; /* the message when it does not decode */
	unsigned decode_flags; /* for field_decode */
	/*
	 * The decoder checks the text itself: an uploaded file may come in
	 * another encoding, and is made UTF-8 rather than refused.
	 */
	int any_bytes;
} route_bodies[] = {
	{ "application/json", route_json, "err_malformed_json",
	    FIELD_DECODE_STRICT, 0 },
	{ "application/x-www-form-urlencoded", route_form, "err_malformed_form",
	    0, 0 },
	{ "multipart/form-data", request_multipart, "err_malformed_form", 0,
	    1 },
};

/*
 * Whether the Content-Type ct is the media type type: the same name, in
 * any case, then the end or parameters after ';' ("application/jsonfoo"
 * is another type).
 */
static int
route_media_type(const char *ct, const char *type)
{
	size_t n = strlen(type);

	if (strncasecmp(ct, type, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/*
 * The body as one object: a form (urlencoded or multipart) or JSON, all
 * arriving the same way; *flags gets how field_decode reads it.
 */
static int
route_body(struct request *req, unsigned *flags, struct problem *p)
{
	const char *ct = req->content_type;
	const char *body = req->body.ptr ? req->body.ptr : "";
	size_t i;

	*flags = 0;
	if (req->body.len == 0 && ct == NULL) {
		req->raw = json_object();
		return 0;
	}
	for (i = 0;
	     ct != NULL && i < sizeof(route_bodies) / sizeof(route_bodies[0]);
	     i++) {
		if (!route_media_type(ct, route_bodies[i].type))
			continue;
		if (!route_bodies[i].any_bytes &&
		    !utf8_valid(body, req->body.len))
			return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8",
			    NULL, 0);
		req->raw = route_bodies[i].decode(ct, body, req->body.len,
		    req->route->fields, p);
		if (req->raw == NULL)
			return p->kind != PROBLEM_NONE
			    ? -1
			    : problem_set(p, PROBLEM_BAD_REQUEST,
				  route_bodies[i].malformed, NULL, 0);
		*flags = route_bodies[i].decode_flags;
		return 0;
	}
	if (!utf8_valid(body, req->body.len))
		return problem_set(p, PROBLEM_BAD_REQUEST, "err_utf8", NULL, 0);
	return problem_set(p, PROBLEM_BAD_REQUEST, "err_content_type", NULL, 0);
}

static int
route_static(struct request *req, struct response *resp)
{
	const struct asset *a;

	if (strncmp(req->path, "/static/", 8) != 0 || strstr(req->path, ".."))
		return 0;
	a = asset_find(req->path + 1);
	if (a == NULL)
		return 0;
	resp->status = 200;
	resp->content_type = "application/octet-stream";
	if (strstr(a->name, ".css") != NULL)
		resp->content_type = "text/css; charset=utf-8";
	else if (strstr(a->name, ".svg") != NULL)
		resp->content_type = "image/svg+xml";
	else if (strstr(a->name, ".js") != NULL)
		resp->content_type = "text/javascript; charset=utf-8";
	resp->static_body = a->data;
	resp->static_len = a->len;
	return 1;
}

/* Method names, for Allow and for the audit trail. */
static const char *const route_methods[METHOD__MAX] = {
	"GET",
	"HEAD",
	"POST",
	"PATCH",
	"OTHER",
};

/* Find the route; 404 when no pattern matches, 405 when no method does. */
static const struct route *
route_find(struct request *req, struct response *resp, struct problem *p)
{
	struct buf allow = BUF_INIT;
	enum method m = req->method == METHOD_HEAD ? METHOD_GET : req->method;
	const struct route *found = NULL;
	size_t i;
	int64_t id;

	for (i = 0; i < NROUTES; i++) {
		id = 0;
		if (!route_match(routes[i].pattern, req->path, &id))
			continue;
		if (routes[i].method == m) {
			found = &routes[i];
			req->id = id;
			break;
		}
		buf_printf(&allow, "%s%s", allow.len ? ", " : "",
		    route_methods[routes[i].method]);
		if (routes[i].method == METHOD_GET)
			buf_adds(&allow, ", HEAD");
	}
	if (found == NULL && allow.len > 0) {
		response_header(resp, "Allow", allow.ptr);
		problem_set(p, PROBLEM_METHOD, "err_method", NULL, 0);
	} else if (found == NULL)
		problem_set(p, PROBLEM_NOT_FOUND, "err_not_found", NULL, 0);
	buf_free(&allow);
	return found;
}

const struct route *
route_table(size_t *n)
{
	*n = NROUTES;
	return routes;
}

/*
 * Who is asking: a Bearer token, else a session cookie, else nobody. An
 * anonymous client gets a form token of its own in a cookie (double
 * submit), so the sign-in and public forms are protected too.
 */
/*
 * The last API token this thread checked, with the viewer it gave, valid
 * for one database generation: scripts send the same token again and
 * again, and a revoked token or a changed role is a write, which moves
 * the generation on.
 */
static __thread struct {
	char token[SECRET_TOKEN_LEN + 1];
	uint64_t gen;
	struct viewer viewer;
	/* What the look-up read: a cached page depends on it (cache.h). */
	struct change_set reads;
} token_memo;

/*
 * A token or session that was not found makes the client nobody; one that
 * could not be looked up (the database failed) must not, or a passing
 * error would answer "sign in" to a client that is signed in, and the memo
 * would keep it so until the next write. The caller answers 503 or 500.
 */
static int
route_lookup_failed(struct request *req)
{
	return db_errcode(req->db) != DB_OK;
}

static int
route_token(struct request *req, const char *token, uint64_t gen)
{
	struct change_set before, read;

	if (token_memo.gen == gen && gen != 0 &&
	    secret_equal(token_memo.token, token)) {
		req->viewer = token_memo.viewer;
		db_reads_add(req->db, &token_memo.reads);
		return 0;
	}
	db_reads_take(req->db, &before);
	if (token_lookup(req->db, token, &req->viewer) == -1) {
		if (route_lookup_failed(req))
			return -1;
		memset(&req->viewer, 0, sizeof(req->viewer));
	}
	db_reads_take(req->db, &read);
	db_reads_add(req->db, &before);
	db_reads_add(req->db, &read);
	if (strlen(token) < sizeof(token_memo.token)) {
		memcpy(token_memo.token, token, strlen(token) + 1);
		token_memo.viewer = req->viewer;
		token_memo.gen = gen;
		token_memo.reads = read;
	}
	return 0;
}

/* 0, or -1 when the database could not say who is asking. */
static int
route_viewer(struct request *req, struct response *resp, uint64_t gen)
{
	const char *auth = req->authorization;
	char token[SECRET_TOKEN_LEN + 1];

	memset(&req->viewer, 0, sizeof(req->viewer));
	req->viewer.ip = req->ip;
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
		if (route_token(req, auth + 7, gen) == -1)
			return -1;
		req->viewer.ip = req->ip;
		return 0;
	}
	if (request_cookie(req->cookie, "sid", token, sizeof(token)) == 0) {
		struct change_set before, read;
		int rc;

		/*
		 * A page depends on who the session's user is (their role and
		 * zones), not on the session's row: it is looked up on every
		 * request before the cache, and the key names it. Each
		 * session's "seen" time, written once a minute, would
		 * otherwise make every signed-in page stale.
		 */
		db_reads_take(req->db, &before);
		rc = login_session_lookup(req->db, token, &req->viewer);
		db_reads_take(req->db, &read);
		change_forget_table(&read, "login_session");
		db_reads_add(req->db, &before);
		db_reads_add(req->db, &read);
		if (rc == 0) {
			req->viewer.ip = req->ip;
			memcpy(req->csrf, req->viewer.csrf, sizeof(req->csrf));
			return 0;
		}
		if (route_lookup_failed(req))
			return -1;
	}
	memset(&req->viewer, 0, sizeof(req->viewer));
	req->viewer.ip = req->ip;
	if (request_cookie(req->cookie, "csrf", req->csrf, sizeof(req->csrf)) ==
		-1 ||
	    strlen(req->csrf) < 32) {
		struct buf c = BUF_INIT;

		secret_token(req->csrf);
		buf_printf(&c, "csrf=%s; Path=/; HttpOnly; SameSite=Lax%s",
		    req->csrf, req->secure ? "; Secure" : "");
		response_header(resp, "Set-Cookie", c.ptr);
		buf_free(&c);
	}
	return 0;
}

/* The least role: 401 for nobody (HTML GETs go to sign in), else 403. */
static int
route_allowed(struct request *req, struct view *v)
{
	struct buf next = BUF_INIT;

	if (req->viewer.role >= req->route->role)
		return 1;
	if (req->viewer.role != ROLE_NONE) {
		problem_set(&v->problem, PROBLEM_FORBIDDEN, "err_forbidden",
		    NULL, 0);
		return 0;
	}
	if (!req->want_json && req->route->method == METHOD_GET) {
		buf_adds(&next, "/login?next=");
		buf_add_url(&next, req->target);
		v->location = buf_detach(&next, NULL);
		return 0;
	}
	problem_set(&v->problem, PROBLEM_UNAUTHORIZED, "err_unauthorized", NULL,
	    0);
	return 0;
}

/*
 * A state-changing request made with cookies must carry the form token
 * (field _csrf or header X-CSRF-Token). A Bearer token cannot be sent by
 * another site's page, so it needs none.
 */
static int
route_csrf_ok(struct request *req)
{
	const char *sent;

	if (req->viewer.by_token)
		return 1;
	sent = json_string_value(json_object_get(req->raw, "_csrf"));
	if (sent == NULL)
		sent = req->csrf_header;
	return sent != NULL && req->csrf[0] != '\0' &&
	    secret_equal(sent, req->csrf);
}

/*
 * Attempts at a password (signing in, changing one's own: each costs an
 * Argon2id hash) and posts of the public form are counted per address,
 * and per login (ratelimit.h). The counts are written before the attempt
 * is judged, in their own transaction, so a failed attempt counts and a
 * restart forgets nothing.
 */
static int
route_limited(struct request *req, struct response *resp, struct view *v)
{
	const char *ip = req->ip ? req->ip : "-";
	unsigned flags = req->route->flags;
	int64_t wait = 0;
	char secs[24];

	/* The login as decoded: " admin" is the same login as "admin". */
	if (flags & ROUTE_LIMIT_LOGIN)
		wait = ratelimit_login(req->db,
		    json_string_value(json_object_get(req->input, "user")), ip);
	else if (flags & ROUTE_LIMIT_PASSWORD)
		wait = ratelimit_password(req->db, req->viewer.login, ip);
	else if (flags & ROUTE_LIMIT_FORM)
		wait = ratelimit_form(req->db, ip);
	if (wait == 0)
		return 0;
	/* Not counted, so refused still, but as the failure it is. */
	if (db_errcode(req->db) != DB_OK)
		return tx_problem(req->db, &v->problem), 1;
	snprintf(secs, sizeof(secs), "%lld", (long long)wait);
	response_header(resp, "Retry-After", secs);
	problem_set(&v->problem, PROBLEM_TOO_MANY, "err_too_many", NULL, 0);
	return 1;
}

/*
 * What each write does, as the audit trail names it: a stable id that
 * pages show in words (audit_do_ID in the catalogs) and the kind of record
 * the id in its entry names. A route missing here is recorded by its
 * method and pattern.
 */
static const struct {
	enum method method;
	const char *pattern;
	const char *action;
	const char *entity;
} route_actions[] = {
	{ METHOD_POST, "/login", "login", NULL },
	{ METHOD_POST, "/logout", "logout", NULL },
	{ METHOD_POST, "/account/password", "password.change", "user" },
	{ METHOD_POST, "/account/tokens", "token.add", "api_token" },
	{ METHOD_POST, "/account/tokens/:id/revoke", "token.revoke",
	    "api_token" },
	{ METHOD_POST, "/zones", "zone.create", "zone" },
	{ METHOD_POST, "/zones/:id", "zone.update", "zone" },
	{ METHOD_PATCH, "/zones/:id", "zone.update", "zone" },
	{ METHOD_POST, "/people", "person.create", "person" },
	{ METHOD_POST, "/people/:id/forget", "person.forget", "person" },
	{ METHOD_POST, "/people/:id/stage", "person.stage", "person" },
	{ METHOD_POST, "/people/:id/membership", "person.membership",
	    "person" },
	{ METHOD_POST, "/people/:id/roles", "person.role", "person" },
	{ METHOD_POST, "/trainings", "training.create", "training" },
	{ METHOD_POST, "/trainings/:id/completions", "training.complete",
	    "training" },
	{ METHOD_POST, "/people/:id", "person.update", "person" },
	{ METHOD_PATCH, "/people/:id", "person.update", "person" },
	{ METHOD_POST, "/needs", "need.create", "need" },
	{ METHOD_POST, "/needs/:id", "need.link", "need" },
	{ METHOD_PATCH, "/needs/:id", "need.link", "need" },
	{ METHOD_POST, "/needs/:id/status", "need.status", "need" },
	{ METHOD_POST, "/needs/:id/claim", "need.claim", "need" },
	{ METHOD_POST, "/needs/:id/release", "need.release", "need" },
	{ METHOD_POST, "/needs/:id/calls", "need.call", "need" },
	{ METHOD_POST, "/needs/:id/match", "need.match", "need" },
	{ METHOD_POST, "/needs/:id/deliver", "need.deliver", "need" },
	{ METHOD_POST, "/needs/:id/confirm", "need.confirm", "need" },
	{ METHOD_POST, "/needs/:id/confirm-link", "need.confirm_link", "need" },
	{ METHOD_POST, "/confirm", "need.confirm_asker", "need" },
	{ METHOD_POST, "/tasks/:id/done", "task.done", "task" },
	{ METHOD_POST, "/tasks/:id/skip", "task.skip", "task" },
	{ METHOD_POST, "/rules/:id", "rule.update", "rule" },
	{ METHOD_POST, "/targets", "target.create", "target" },
	{ METHOD_POST, "/targets/:id", "target.update", "target" },
	{ METHOD_PATCH, "/targets/:id", "target.update", "target" },
	{ METHOD_POST, "/conversations", "conversation.create",
	    "conversation" },
	{ METHOD_POST, "/intake", "need.intake", "need" },
	{ METHOD_POST, "/grievances", "grievance.create", "grievance" },
	{ METHOD_POST, "/grievances/:id", "grievance.update", "grievance" },
	{ METHOD_PATCH, "/grievances/:id", "grievance.update", "grievance" },
	{ METHOD_POST, "/runs", "run.create", "run" },
	{ METHOD_POST, "/campaigns", "campaign.create", "campaign" },
	{ METHOD_POST, "/campaigns/:id/status", "campaign.status", "campaign" },
	{ METHOD_POST, "/campaigns/:id/supporters", "campaign.support",
	    "campaign" },
	{ METHOD_POST, "/campaigns/:id/supporters/remove", "campaign.unsupport",
	    "campaign" },
	{ METHOD_POST, "/campaigns/:id/actions", "campaign.action",
	    "campaign" },
	{ METHOD_POST, "/campaigns/:id/outcomes", "campaign.outcome",
	    "campaign" },
	{ METHOD_POST, "/actions/:id/people", "action.people", "action" },
	{ METHOD_POST, "/programs", "program.create", "program" },
	{ METHOD_POST, "/programs/:id", "program.update", "program" },
	{ METHOD_PATCH, "/programs/:id", "program.update", "program" },
	{ METHOD_POST, "/programs/:id/sessions", "program.session", "program" },
	{ METHOD_POST, "/sessions/:id", "session.update", "session" },
	{ METHOD_PATCH, "/sessions/:id", "session.update", "session" },
	{ METHOD_POST, "/sessions/:id/move", "session.move", "session" },
	{ METHOD_POST, "/sessions/:id/cancel", "session.cancel", "session" },
	{ METHOD_POST, "/sessions/:id/attendance", "session.attend",
	    "session" },
	/* POST /sessions/:id/count is not audited: its taps are (tap.h). */
	{ METHOD_POST, "/sessions/:id/shifts", "session.shift", "session" },
	{ METHOD_POST, "/shifts/:id/signup", "shift.signup", "shift" },
	{ METHOD_POST, "/shifts/:id/cancel", "shift.cancel", "shift" },
	{ METHOD_POST, "/items", "item.create", "item" },
	{ METHOD_POST, "/items/:id", "item.update", "item" },
	{ METHOD_PATCH, "/items/:id", "item.update", "item" },
	{ METHOD_POST, "/locations", "location.create", "location" },
	/* POST /stock/moves and …/reverse: each move audits itself. */
	{ METHOD_POST, "/locations/:id/thresholds", "stock.threshold",
	    "location" },
	{ METHOD_POST, "/locations/:id/count", "stock.count", "location" },
	{ METHOD_POST, "/needs/:id/stock", "need.stock", "need" },
	{ METHOD_POST, "/sessions/:id/stock", "session.stock", "session" },
	{ METHOD_POST, "/events", "event.create", "event" },
	{ METHOD_POST, "/events/:id/materials", "event.material", "event" },
	{ METHOD_POST, "/events/:id/rsvps", "event.rsvp", "event" },
	{ METHOD_POST, "/events/:id/attendance", "event.attend", "event" },
	{ METHOD_POST, "/events/:id/stock", "event.stock", "event" },
	{ METHOD_POST, "/curricula", "curriculum.create", "curriculum" },
	{ METHOD_POST, "/funds", "fund.create", "fund" },
	{ METHOD_POST, "/funds/:id", "fund.update", "fund" },
	{ METHOD_PATCH, "/funds/:id", "fund.update", "fund" },
	{ METHOD_POST, "/funds/:id/transactions", "fund.transaction", "fund" },
	{ METHOD_POST, "/funds/:id/reimbursements", "fund.reimbursement",
	    "fund" },
	{ METHOD_POST, "/reimbursements/:id/status", "reimbursement.status",
	    "reimbursement" },
	{ METHOD_POST, "/bulletin", "bulletin.compose", "bulletin" },
	{ METHOD_POST, "/bulletin/:id", "bulletin.update", "bulletin" },
	{ METHOD_POST, "/bulletin/:id/publish", "bulletin.publish",
	    "bulletin" },
	{ METHOD_POST, "/bulletin/:id/sms", "bulletin.sms", "bulletin" },
	{ METHOD_POST, "/bulletin/:id/delete", "bulletin.delete", "bulletin" },
	{ METHOD_POST, "/offers", "offer.create", "offer" },
	{ METHOD_POST, "/offers/:id/status", "offer.status", "offer" },
	{ METHOD_POST, "/help", "help.post", NULL },
	{ METHOD_POST, "/match", "match.run", NULL },
	{ METHOD_POST, "/sms/inbound/*", "sms.receive", "sms_message" },
};

/* A write request: its handler and its audit entry, one piece of work. */
struct route_write {
	struct request *req;
	struct view *v;
};

static int
route_write_work(struct db *db, void *arg, struct problem *p)
{
	struct route_write *w = arg;
	struct request *req = w->req;
	struct buf action = BUF_INIT;
	const char *entity = NULL;
	int64_t id = req->id;
	size_t i;
	int rc;

	req->route->handler(req, w->v);
	if (p->kind != PROBLEM_NONE)
		return -1;
	if (id == 0)
		id = w->v->id;
	if (id == 0)
		id = json_integer_value(json_object_get(w->v->data, "id"));
	for (i = 0; i < sizeof(route_actions) / sizeof(route_actions[0]); i++)
		if (route_actions[i].method == req->route->method &&
		    strcmp(route_actions[i].pattern, req->route->pattern) == 0)
			break;
	if (i < sizeof(route_actions) / sizeof(route_actions[0])) {
		buf_adds(&action, route_actions[i].action);
		entity = route_actions[i].entity;
	} else
		buf_printf(&action, "%s %s", route_methods[req->route->method],
		    req->route->pattern);
	rc = audit_log_note(db, &req->viewer, action.ptr, entity, id,
	    &req->audit);
	buf_free(&action);
	return rc;
}

/*
 * Run a write's handler inside one transaction with its audit entry: a
 * failure anywhere leaves neither the change nor the entry.
 */
static void
route_write(struct request *req, struct view *v)
{
	struct route_write w = { req, v };

	tx_run(req->db, route_write_work, &w, &v->problem);
}

void
route_dispatch(struct request *req, struct response *resp)
{
	struct view v = { 0 };
	char key[CACHE_KEY_LEN];
	struct change_set reads;
	uint64_t gen = 0, stamp = 0;
	unsigned decode = 0;
	int cacheable = 0;
	const char *q = strchr(req->target, '?');
	size_t plen = q ? (size_t)(q - req->target) : strlen(req->target);

	req->lang = i18n_langs[0];
	req->want_json = route_wants_json(req);
	req->path = request_path(req->target, plen);
	req->query = q ? request_urlencoded(q + 1, strlen(q + 1))
		       : json_object();
	if (req->path == NULL || req->query == NULL) {
		problem_set(&v.problem, PROBLEM_BAD_REQUEST, "err_bad_url",
		    NULL, 0);
		goto send;
	}
	/*
	 * ?lang= answers with a cookie, so it is never served from cache; an
	 * export writes an audit entry each time.
	 */
	cacheable = json_object_get(req->query, "lang") == NULL &&
	    !route_export_asked(req);
	/* Whoever asks for a file is no browser page: errors are JSON. */
	if (route_export_asked(req))
		req->want_json = 1;
	route_language(req, resp);
	if ((req->method == METHOD_GET || req->method == METHOD_HEAD) &&
	    route_static(req, resp)) {
		route_security_headers(resp, 0);
		return;
	}
	/* A page's reads, the generation's among them, one snapshot. */
	if (req->method == METHOD_GET || req->method == METHOD_HEAD)
		db_request_begin(req->db);
	/*
	 * What changed since is known from here (db_generation finds what
	 * other processes did): a page read after the stamp depends on what
	 * it reads from now on.
	 */
	gen = db_generation(req->db);
	stamp = change_now();
	db_reads_take(req->db, &reads);
	if (route_viewer(req, resp, gen) == -1) {
		tx_problem(req->db, &v.problem);
		cacheable = 0;
		goto send;
	}
	if (cacheable && cache_key(req, key, sizeof(key)) == 0) {
		if (cache_get(key, clock_mono(), resp)) {
			db_request_end(req->db);
			route_security_headers(resp, 1);
			return;
		}
	} else
		cacheable = 0;
	req->route = route_find(req, resp, &v.problem);
	if (req->route != NULL && (req->route->flags & ROUTE_WEBHOOK))
		req->want_json = 1;
	if (req->route == NULL || !route_allowed(req, &v))
		goto send;
	if (req->route->method == METHOD_GET) {
		/*
		 * Read again with the route's fields, so that a list (ids,
		 * tags) may be sent repeated, as a form sends it: a link that
		 * prefills a form with several people.
		 */
		req->raw = q
		    ? request_form(q + 1, strlen(q + 1), req->route->fields)
		    : json_incref(req->query);
		json_object_del(req->raw, "lang");
		if (route_format(req, &v.problem) == -1)
			goto send;
	} else if (route_body(req, &decode, &v.problem) == -1)
		goto send;
	if (req->route->method != METHOD_GET &&
	    !(req->route->flags & ROUTE_WEBHOOK) && !route_csrf_ok(req)) {
		problem_set(&v.problem, PROBLEM_FORBIDDEN, "err_csrf", NULL, 0);
		goto send;
	}
	/* The form token has been checked: it is no input of the route's. */
	if (req->route->method != METHOD_GET)
		json_object_del(req->raw, "_csrf");
	if (req->route->flags & ROUTE_PARTIAL)
		decode |= FIELD_DECODE_PARTIAL;
	if (req->route->flags & ROUTE_WEBHOOK)
		req->input = json_incref(req->raw);
	else if (field_decode(req->route->fields, req->raw, decode, &req->input,
		     &v.problem) == -1)
		goto send;
	if (req->want_file != FILE_NONE)
		export_page(req, &v);
	else if (req->route->method == METHOD_GET)
		req->route->handler(req, &v);
	else if (!route_limited(req, resp, &v)) {
		if (req->route->flags & ROUTE_OWN_TX)
			req->route->handler(req, &v);
		else
			route_write(req, &v);
	}
send:
	respond_view(req, &v, resp);
	if (cacheable) {
		db_reads_take(req->db, &reads);
		cache_put(key, stamp, &reads, clock_mono(), resp);
	}
	db_request_end(req->db);
	route_security_headers(resp, 1);
}
