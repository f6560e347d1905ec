/* Previous and next links for lists, keeping the filters of the request. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/listing.h"
#include "util/buf.h"
#include "util/banned.h"

static json_t *
pager_link(struct request *req, int64_t limit, int64_t offset)
{
	struct buf b = BUF_INIT;
	const char *key;
	json_t *v, *link;
	char num[24];

	buf_adds(&b, req->path);
	buf_addc(&b, '?');
	json_object_foreach (req->input, key, v) {
		if (strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0)
			continue;
		if (json_is_integer(v))
			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			/* A ticked filter (FIELD_BOOL) stays ticked. */
			snprintf(num, sizeof(num), "%d", json_is_true(v));
		else if (!json_is_string(v))
			continue;
		buf_add_url(&b, key);
		buf_addc(&b, '=');
		buf_add_url(&b, json_is_string(v) ? json_string_value(v) : num);
		buf_addc(&b, '&');
	}
	if (limit != LISTING_LIMIT_DEFAULT)
		buf_printf(&b, "limit=%lld&", (long long)limit);
	buf_printf(&b, "offset=%lld", (long long)offset);
	link = json_stringn(b.ptr, b.len);
	buf_free(&b);
	return link;
}

void
pager_add(struct request *req, json_t *list)
{
	int64_t limit = json_integer_value(json_object_get(list, "limit"));
	int64_t offset = json_integer_value(json_object_get(list, "offset"));
	int64_t total = json_integer_value(json_object_get(list, "total"));
	int64_t to = offset + limit < total ? offset + limit : total;
	int past_end = offset > 0 && offset >= total;
	json_t *pager = json_object();

	json_object_set_new(pager, "from",
	    json_integer(to > offset ? offset + 1 : 0));
	json_object_set_new(pager, "to", json_integer(to > offset ? to : 0));
	/* A page past the end shows nothing: say so, not a range. */
	json_object_set_new(pager, "past_end", json_boolean(past_end));
	/*
	 * Past the end, a step back could still be past it (offset 300 of
	 * 187): the previous page is then the last one with rows.
	 */
	if (past_end)
		json_object_set_new(pager, "prev",
		    pager_link(req, limit,
			total > 0 ? (total - 1) / limit * limit : 0));
	else if (offset > 0)
		json_object_set_new(pager, "prev",
		    pager_link(req, limit,
			offset > limit ? offset - limit : 0));
	if (offset + limit < total)
		json_object_set_new(pager, "next",
		    pager_link(req, limit, offset + limit));
	json_object_set_new(list, "pager", pager);
}

void
pager_again(struct request *req, json_t *data, pager_list list)
{
	json_t *rows = NULL, *in = json_object();
	struct problem p = { 0 };

	if (list(req, in, &rows, &p) == 0)
		json_object_update_missing(data, rows);
	json_decref(rows);
	json_decref(in);
}
