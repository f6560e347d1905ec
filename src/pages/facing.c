/*
 * What people face (GET /facing) and the collective feedback of one
 * place (GET /feedback): counts only, for organizers.
 */
#include <time.h>

#include "pages.h"
#include "domain/facing.h"
#include "domain/feedback.h"
#include "domain/input.h"
#include "util/banned.h"

/* GET /facing — 200 with the counts by target, tag and zone. */
void
facing_page(struct request *req, struct view *v)
{
	if (facing_find(req->db, time(NULL), &v->data, &v->problem) == -1)
		return;
	v->template = "facing";
}

/* GET /feedback?zone_id=Z — 422 when Z is no zone; 200 with its counts. */
void
feedback_page(struct request *req, struct view *v)
{
	json_t *zone = input_get(req->input, feedback_fields, FEEDBACK_ZONE_ID);

	if (feedback_find(req->db, json_integer_value(zone), time(NULL),
		&v->data, &v->problem) == -1)
		return;
	v->template = "feedback";
}
