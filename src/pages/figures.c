/*
 * The network's figures ("solidarity, not charity"): the numbers as JSON,
 * and for a browser each figure drawn as an SVG chart (render/chart.c)
 * with the same numbers in a table under it and links to the people and
 * records behind it, as far as the viewer may follow them.
 */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "domain/figures.h"
#include "domain/ladder.h"
#include "render/chart.h"
#include "render/i18n.h"
#include "util/banned.h"

/* The words of the months of a window, for the charts and the tables. */
struct figures_months {
	size_t n;
	const char *shorts[CHART_BARS_MAX]; /* "Jan", the catalog's */
	const char *years[CHART_BARS_MAX];  /* "2026" under Jan and the first */
	char yearbuf[CHART_BARS_MAX][8];
	char longs[CHART_BARS_MAX][32]; /* "Jan 2026" */
};

static void
figures_months_words(const char *lang, json_t *months, struct figures_months *w)
{
	char id[16];
	const char *m;
	size_t i;

	w->n = json_array_size(months);
	if (w->n > CHART_BARS_MAX)
		w->n = CHART_BARS_MAX;
	for (i = 0; i < w->n; i++) {
		m = json_string_value(json_array_get(months, i));
		snprintf(id, sizeof(id), "when_mon_%d",
		    (m[5] - '0') * 10 + (m[6] - '0'));
		w->shorts[i] = i18n_get(lang, id);
		snprintf(w->yearbuf[i], sizeof(w->yearbuf[i]), "%.4s", m);
		w->years[i] = i == 0 || strcmp(m + 5, "01") == 0 ? w->yearbuf[i]
								 : NULL;
		snprintf(w->longs[i], sizeof(w->longs[i]), "%s %.4s",
		    w->shorts[i], m);
	}
}

/*
 * A figure for the page: c's id, title and description (its lead), its
 * drawings (render/chart.h; taken), the table's column heads in lang (the first
 * heads the rows' labels). The caller adds rows and links.
 */
static json_t *
figures_figure(const char *lang, const struct chart *c, json_t *drawings,
    const char *const *heads)
{
	json_t *head = json_array();
	size_t i;

	for (i = 0; heads[i] != NULL; i++)
		json_array_append_new(head,
		    json_string(i18n_get(lang, heads[i])));
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:[],s:[]}", "id", c->id,
	    "title", c->title, "lead", c->desc, "drawings", drawings, "head",
	    head, "rows", "links");
}

/* A row of fig's table: label, then the numbers, each with its head. */
static void
figures_table_row(json_t *fig, const char *label, const int64_t *cells,
    size_t n, int percent_last)
{
	json_t *head = json_object_get(fig, "head"), *list = json_array();
	char s[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "%lld%s", (long long)cells[i],
		    percent_last && i == n - 1 ? "%" : "");
		json_array_append_new(list,
		    json_pack("{s:O,s:s}", "head", json_array_get(head, i + 1),
			"value", s));
	}
	json_array_append_new(json_object_get(fig, "rows"),
	    json_pack("{s:s,s:o}", "label", label, "cells", list));
}

static void
figures_link(json_t *fig, const char *lang, const char *href, const char *id)
{
	json_array_append_new(json_object_get(fig, "links"),
	    json_pack("{s:s,s:s}", "href", href, "text", i18n_get(lang, id)));
}

/* The people who gave and received: the share, then month by month. */
static json_t *
figures_mutual(struct request *req, json_t *data,
    const struct figures_months *w)
{
	static const char *const heads[] = { "fig_month", "fig_people",
		"fig_both", "fig_percent", NULL };
	json_t *o = json_object_get(data, "gave_and_received"), *m, *fig;
	int64_t both[CHART_BARS_MAX], rest[CHART_BARS_MAX], whole, part,
	    cells[3];
	const char *lang = req->lang;
	struct chart c = { .id = "fig-mutual", .nbars = 1 };
	json_t *svg = json_array();
	const char *share_labels[1] = { i18n_get(lang, "fig_both") };
	size_t i;

	part = json_integer_value(json_object_get(o, "both"));
	whole = json_integer_value(json_object_get(o, "people"));
	c.title = i18n_get(lang, "fig_mutual_title");
	c.desc = i18n_get(lang, "fig_mutual_lead");
	c.labels = share_labels;
	c.nseries = 2;
	c.series[0] = (struct chart_series){ share_labels[0], &part };
	c.series[1] = (struct chart_series){ i18n_get(lang, "fig_people"),
		&whole };
	json_array_append_new(svg, chart_share(&c));
	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		both[i] = json_integer_value(json_object_get(m, "both"));
		rest[i] = json_integer_value(json_object_get(m, "people")) -
		    both[i];
	}
	c = (struct chart){ .id = "fig-mutual-months",
		.title = i18n_get(lang, "fig_mutual_months"),
		.desc = i18n_get(lang, "fig_mutual_lead"),
		.nbars = w->n,
		.labels = w->shorts,
		.sublabels = w->years,
		.nseries = 2,
		.top_share = 1 };
	c.series[0] = (struct chart_series){ share_labels[0], both };
	c.series[1] = (struct chart_series){ i18n_get(lang, "fig_one_way"),
		rest };
	json_array_append_new(svg, chart_bars(&c));
	c.title = i18n_get(lang, "fig_mutual_title");
	fig = figures_figure(lang, &c, svg, heads);
	for (i = 0; i < w->n; i++) {
		cells[0] = both[i] + rest[i];
		cells[1] = both[i];
		cells[2] = chart_percent(both[i], cells[0]);
		figures_table_row(fig, w->longs[i], cells, 3, 1);
	}
	cells[0] = whole;
	cells[1] = part;
	cells[2] = chart_percent(part, whole);
	figures_table_row(fig, i18n_get(lang, "fig_all_months"), cells, 3, 1);
	figures_link(fig, lang, "/people?gave_and_received=1",
	    "fig_mutual_people");
	return fig;
}

/* Grievances, those a campaign took up, those won: a funnel. */
static json_t *
figures_campaigns(struct request *req, json_t *data)
{
	static const char *const heads[] = { "fig_stage", "fig_number",
		"fig_percent", NULL };
	static const char *const keys[] = { "grievances", "campaigned", "won" };
	static const char *const ids[] = { "fig_stage_grievances",
		"fig_stage_campaigned", "fig_stage_won" };
	json_t *o = json_object_get(data, "campaigns"), *fig;
	const char *lang = req->lang, *labels[3];
	int64_t v[3], cells[2];
	struct chart c = { .id = "fig-campaigns", .nbars = 3, .nseries = 1 };
	json_t *svg = json_array();
	size_t i;

	for (i = 0; i < 3; i++) {
		v[i] = json_integer_value(json_object_get(o, keys[i]));
		labels[i] = i18n_get(lang, ids[i]);
	}
	c.title = i18n_get(lang, "fig_campaigns_title");
	c.desc = i18n_get(lang, "fig_campaigns_lead");
	c.labels = labels;
	c.series[0] = (struct chart_series){ c.title, v };
	json_array_append_new(svg, chart_funnel(&c));
	fig = figures_figure(lang, &c, svg, heads);
	for (i = 0; i < 3; i++) {
		cells[0] = v[i];
		cells[1] = chart_percent(v[i], v[0]);
		figures_table_row(fig, labels[i], cells, 2, 1);
	}
	figures_link(fig, lang, "/grievances", "fig_campaigns_grievances");
	figures_link(fig, lang, "/campaigns?status=won", "fig_campaigns_won");
	return fig;
}

/* Follow-ups done and skipped, month by month. */
static json_t *
figures_follow_ups(struct request *req, json_t *data,
    const struct figures_months *w)
{
	static const char *const heads[] = { "fig_month", "fig_done",
		"fig_skipped", NULL };
	json_t *o = json_object_get(data, "follow_ups"), *m, *fig;
	int64_t done[CHART_BARS_MAX], skipped[CHART_BARS_MAX], cells[2];
	const char *lang = req->lang;
	struct chart c = { .id = "fig-follow-ups",
		.nbars = w->n,
		.labels = w->shorts,
		.sublabels = w->years,
		.nseries = 2 };
	json_t *svg = json_array();
	size_t i;

	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		done[i] = json_integer_value(json_object_get(m, "done"));
		skipped[i] = json_integer_value(json_object_get(m, "skipped"));
	}
	c.title = i18n_get(lang, "fig_follow_ups_title");
	c.desc = i18n_get(lang, "fig_follow_ups_lead");
	c.series[0] = (struct chart_series){ i18n_get(lang, "fig_done"), done };
	c.series[1] = (struct chart_series){ i18n_get(lang, "fig_skipped"),
		skipped };
	json_array_append_new(svg, chart_bars(&c));
	fig = figures_figure(lang, &c, svg, heads);
	for (i = 0; i < w->n; i++) {
		cells[0] = done[i];
		cells[1] = skipped[i];
		figures_table_row(fig, w->longs[i], cells, 2, 0);
	}
	/* The follow-up list is the coordinators' (docs/privacy.md). */
	if (req->viewer.role >= ROLE_COORDINATOR)
		figures_link(fig, lang, "/tasks?status=done",
		    "fig_follow_ups_list");
	return fig;
}

/*
 * Make the label of fig's last row a link to the people of month behind
 * it, by the people listing's filter, when there are some.
 */
static void
figures_row_people(json_t *fig, const char *filter, json_t *month,
    int64_t people)
{
	json_t *rows = json_object_get(fig, "rows");
	char href[64];

	if (people <= 0)
		return;
	snprintf(href, sizeof(href), "/people?%s=%s", filter,
	    json_string_value(month));
	json_object_set_new(json_array_get(rows, json_array_size(rows) - 1),
	    "href", json_string(href));
}

/* The stages a move up can come from: all but the last. */
#define FIGURES_FROM_STAGES 4

/*
 * The moves up of moves ([{from, to, people}…]) into by_from, summed by
 * the stage they came from; the people who moved are counted elsewhere.
 */
static void
figures_from(json_t *moves, int64_t by_from[FIGURES_FROM_STAGES])
{
	const char *from;
	json_t *mv;
	size_t i, s;

	for (s = 0; s < FIGURES_FROM_STAGES; s++)
		by_from[s] = 0;
	json_array_foreach (moves, i, mv) {
		from = json_string_value(json_object_get(mv, "from"));
		for (s = 0; s < FIGURES_FROM_STAGES; s++)
			if (strcmp(from, ladder_stages[s]) == 0)
				by_from[s] += json_integer_value(
				    json_object_get(mv, "people"));
	}
}

/*
 * The ladder over time: each month's moves up a stage, stacked by the
 * stage they came from, and the people who moved.
 */
static json_t *
figures_ladder(struct request *req, json_t *data,
    const struct figures_months *w)
{
	static const char *const heads[] = { "fig_month", "fig_from_contact",
		"fig_from_participant", "fig_from_helper", "fig_from_organizer",
		"fig_moved_up", NULL };
	json_t *o = json_object_get(data, "ladder"), *m, *fig;
	int64_t from[FIGURES_FROM_STAGES][CHART_BARS_MAX],
	    cells[FIGURES_FROM_STAGES + 1], by[FIGURES_FROM_STAGES];
	const char *lang = req->lang;
	struct chart c = { .id = "fig-ladder",
		.nbars = w->n,
		.labels = w->shorts,
		.sublabels = w->years,
		.nseries = FIGURES_FROM_STAGES };
	json_t *svg = json_array();
	size_t i, s;

	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		figures_from(json_object_get(m, "moves"), by);
		for (s = 0; s < FIGURES_FROM_STAGES; s++)
			from[s][i] = by[s];
	}
	c.title = i18n_get(lang, "fig_ladder_title");
	c.desc = i18n_get(lang, "fig_ladder_lead");
	for (s = 0; s < FIGURES_FROM_STAGES; s++)
		c.series[s] = (struct chart_series){
			i18n_get(lang, heads[s + 1]), from[s]
		};
	json_array_append_new(svg, chart_bars(&c));
	fig = figures_figure(lang, &c, svg, heads);
	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		for (s = 0; s < FIGURES_FROM_STAGES; s++)
			cells[s] = from[s][i];
		cells[FIGURES_FROM_STAGES] = json_integer_value(
		    json_object_get(m, "people"));
		figures_table_row(fig, w->longs[i], cells,
		    FIGURES_FROM_STAGES + 1, 0);
		figures_row_people(fig, "stage_moved",
		    json_object_get(m, "month"), cells[FIGURES_FROM_STAGES]);
	}
	figures_from(json_object_get(o, "moves"), cells);
	cells[FIGURES_FROM_STAGES] = json_integer_value(
	    json_object_get(o, "people"));
	figures_table_row(fig, i18n_get(lang, "fig_all_months"), cells,
	    FIGURES_FROM_STAGES + 1, 0);
	return fig;
}

/* A figure of people a month: what it counts and where its people are. */
struct figures_monthly {
	const char *key;   /* in the figures' data */
	const char *id;    /* of the chart */
	const char *title; /* the catalog's ids */
	const char *lead;
	const char *head;   /* the table's column of people */
	const char *filter; /* the people listing's, by month */
};

/* The people of d a month, and over the window. */
static json_t *
figures_monthly(struct request *req, json_t *data,
    const struct figures_months *w, const struct figures_monthly *d)
{
	const char *const heads[] = { "fig_month", d->head, NULL };
	json_t *o = json_object_get(data, d->key), *m, *fig;
	int64_t people[CHART_BARS_MAX], cells[1];
	const char *lang = req->lang;
	struct chart c = { .id = d->id,
		.nbars = w->n,
		.labels = w->shorts,
		.sublabels = w->years,
		.nseries = 1 };
	json_t *svg = json_array();
	size_t i;

	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		people[i] = json_integer_value(json_object_get(m, "people"));
	}
	c.title = i18n_get(lang, d->title);
	c.desc = i18n_get(lang, d->lead);
	c.series[0] = (struct chart_series){ i18n_get(lang, d->head), people };
	json_array_append_new(svg, chart_bars(&c));
	fig = figures_figure(lang, &c, svg, heads);
	for (i = 0; i < w->n; i++) {
		m = json_array_get(json_object_get(o, "months"), i);
		cells[0] = people[i];
		figures_table_row(fig, w->longs[i], cells, 1, 0);
		figures_row_people(fig, d->filter, json_object_get(m, "month"),
		    people[i]);
	}
	cells[0] = json_integer_value(json_object_get(o, "people"));
	figures_table_row(fig, i18n_get(lang, "fig_all_months"), cells, 1, 0);
	return fig;
}

static const struct figures_monthly figures_education = { "education",
	"fig-education", "fig_education_title", "fig_education_lead",
	"fig_reached", "educated" };
static const struct figures_monthly figures_members = { "members",
	"fig-members", "fig_members_title", "fig_members_lead", "fig_joined",
	"joined" };

/* The filter again after a 422, with the months as typed. */
void
figures_form(struct request *req, json_t *data)
{
	json_t *values = json_object_get(data, "values");

	(void)req;
	json_object_set(data, "from", json_object_get(values, "from"));
	json_object_set(data, "to", json_object_get(values, "to"));
}

/*
 * GET /figures — 422 naming from or to when the window is bad; the
 * network's figures (figures_network), and for a browser each drawn.
 */
void
figures_show(struct request *req, struct view *v)
{
	struct figures_months w;
	json_t *charts;

	if (figures_network(req->db, req->input, &v->data, &v->problem) == -1)
		return;
	v->template = "figures";
	/* The drawings are the same numbers again: a page's alone. */
	if (req->want_json)
		return;
	figures_months_words(req->lang, json_object_get(v->data, "months"), &w);
	charts = json_array();
	json_array_append_new(charts, figures_mutual(req, v->data, &w));
	json_array_append_new(charts, figures_ladder(req, v->data, &w));
	json_array_append_new(charts, figures_campaigns(req, v->data));
	json_array_append_new(charts,
	    figures_monthly(req, v->data, &w, &figures_education));
	json_array_append_new(charts,
	    figures_monthly(req, v->data, &w, &figures_members));
	json_array_append_new(charts, figures_follow_ups(req, v->data, &w));
	json_object_set_new(v->data, "charts", charts);
}
