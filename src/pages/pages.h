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

void	dashboard_show(struct request *, struct view *);

void	account_login_form(struct request *, struct view *);
void	account_login(struct request *, struct view *);
void	account_logout(struct request *, struct view *);
void	account_show(struct request *, struct view *);
void	account_password(struct request *, struct view *);
void	account_token_add(struct request *, struct view *);
void	account_token_revoke(struct request *, struct view *);
void	account_form(struct request *, json_t *);
void	audit_show(struct request *, struct view *);

void	zones_list(struct request *, struct view *);
void	zones_create(struct request *, struct view *);
void	zones_form(struct request *, json_t *);

void	people_list(struct request *, struct view *);
void	people_new(struct request *, struct view *);
void	people_create(struct request *, struct view *);
void	people_show(struct request *, struct view *);
void	people_edit(struct request *, struct view *);
void	people_update(struct request *, struct view *);
void	people_form(struct request *, json_t *);
void	people_contact(struct request *, struct view *);
extern const struct field people_forget_fields[];	/* confirm */
void	people_forget(struct request *, struct view *);
void	people_forget_form(struct request *, json_t *);

void	needs_list(struct request *, struct view *);
void	needs_new(struct request *, struct view *);
void	needs_create(struct request *, struct view *);
void	needs_show(struct request *, struct view *);
void	needs_status(struct request *, struct view *);
void	needs_claim(struct request *, struct view *);
void	needs_release(struct request *, struct view *);
void	needs_contact(struct request *, struct view *);
void	needs_form(struct request *, json_t *);
void	needs_status_form(struct request *, json_t *);

void	offers_list(struct request *, struct view *);
void	offers_new(struct request *, struct view *);
void	offers_create(struct request *, struct view *);
void	offers_show(struct request *, struct view *);
void	offers_status(struct request *, struct view *);
void	offers_form(struct request *, json_t *);
void	offers_status_form(struct request *, json_t *);

/* The public form: no account, rate-limited by the gate. */
extern const struct field help_query_fields[];	/* kind */
extern const struct field help_fields[];
void	help_show(struct request *, struct view *);
void	help_create(struct request *, struct view *);
void	help_form(struct request *, json_t *);

/*
 * Record that the viewer is shown person_id's contact data, and keep the
 * response out of the cache so that every view is recorded. 0, or -1
 * with v's problem set (when v is not NULL): then show none of it.
 */
int	pages_contact_seen(struct request *, struct view *, int64_t person_id);
/*
 * Show the contact card in v->data (contact.h) on the "contact" page,
 * after recording the view as pages_contact_seen does; when it cannot be
 * recorded the card is dropped and v's problem says 503.
 */
void	pages_contact_show(struct request *, struct view *,
	    int64_t person_id);

/*
 * Options every form and filter needs: zones, categories, statuses,
 * languages, urgencies; those equal to chosen's values marked selected.
 */
void	options_add(struct request *, json_t *data, json_t *chosen);
/* An integer given typed or as form text. 0, or -1 if it is neither. */
int	options_int(json_t *v, int64_t *out);
/*
 * Add "pager" to a list object: links to the previous and next pages that
 * keep the request's filters, and the range shown.
 */
void	pager_add(struct request *, json_t *list);

#endif
