/*
 * Times in words: ISO text read strictly, the date and time in a zone
 * (across a day's end and both DST changes), the time since in both
 * languages with how long it stays true, the zones accepted, and the
 * words added beside every time of a page's data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "render/i18n.h"
#include "render/when.h"
#include "util/banned.h"

static time_t
iso(const char *s)
{
	time_t t = 0;

	if (when_parse(s, &t) == -1)
		ok(0, "%s parses", s);
	return t;
}

/*
 * Every day of the month written (a 31st of February too, and a leap
 * second) in years across the range, leap years and centuries among
 * them: the second timegm gives.
 */
static void
test_parse_timegm(void)
{
	static const int years[] = { 1970, 1971, 1972, 1999, 2000, 2001,
	    2024, 2026, 2100, 2400, 2401, 9999 };
	int y, m, d, wrong = 0, n = 0;
	struct tm tm;
	char s[64];
	time_t t;
	size_t i;

	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 31; d++) {
				y = years[i];
				snprintf(s, sizeof(s),
				    "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
				    d % 24, (d * 7) % 60, d == 31 ? 60 : d);
				memset(&tm, 0, sizeof(tm));
				tm.tm_year = y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				tm.tm_hour = d % 24;
				tm.tm_min = (d * 7) % 60;
				tm.tm_sec = d == 31 ? 60 : d;
				n++;
				if (when_parse(s, &t) == -1 || t != timegm(&tm)) {
					if (wrong++ == 0)
						printf("#   %s: %lld, timegm %lld\n",
						    s, (long long)t,
						    (long long)timegm(&tm));
				}
			}
	is_int(wrong, 0, "%d times written read as timegm reads them", n);
}

static void
test_parse(void)
{
	static const char *const bad[] = {
		"",
		"2026-10-06",
		"2026-10-06T02:39:10",
		"2026-10-06T02:39:10+02:00",
		"2026-10-06 02:39:10Z",
		"2026-13-06T02:39:10Z",
		"2026-10-06T24:39:10Z",
		"2026-10-06T02:39:1xZ",
		"-026-10-06T02:39:10Z",
		"2026-10-06T02:39:10Zx",
		NULL,
	};
	time_t t;
	size_t i;

	ok(when_parse("2026-10-06T02:39:10Z", &t) == 0 && t == 1791254350,
	    "an ISO UTC time parses to its second");
	for (i = 0; bad[i] != NULL; i++)
		is_int(when_parse(bad[i], &t), -1, "\"%s\" is not one", bad[i]);
	test_parse_timegm();
}

static void
test_zones(void)
{
	static const char *const bad[] = {
		"Nowhere/City",
		"../../etc/passwd",
		"/usr/share/zoneinfo/UTC",
		"Europe",
		"Europe/Madrid\n",
		"",
		NULL,
	};
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		is_int(when_zone(bad[i]), -1, "zone \"%s\" is refused", bad[i]);
	is_int(when_zone("America/New_York"), 0, "a zone of the database");
}

/* The date and time of iso in zone, in lang, seen from iso's year. */
static void
text_is(const char *zone, const char *at, const char *lang,
    const char *want)
{
	struct when w;
	time_t t = iso(at);

	when_zone(zone);
	when_format(t, t + 30, lang, &w);
	is_str(w.text, want, "%s in %s, %s", at, zone, lang);
}

static void
test_text(void)
{
	static const struct {
		const char *zone, *at, *lang, *want;
	} cases[] = {
		{ "Europe/Madrid", "2026-10-06T07:39:10Z", "en",
		    "Tue 6 Oct, 09:39" },
		{ "Europe/Madrid", "2026-10-06T07:39:10Z", "es",
		    "mar 6 oct, 09:39" },
		/* A day's end: the next day in Madrid, the same in New York. */
		{ "Europe/Madrid", "2026-10-06T22:30:00Z", "en",
		    "Wed 7 Oct, 00:30" },
		{ "America/New_York", "2026-10-06T22:30:00Z", "en",
		    "Tue 6 Oct, 18:30" },
		{ "America/New_York", "2026-10-07T03:59:00Z", "es",
		    "mar 6 oct, 23:59" },
		/* Spring forward in Madrid: 01:59 CET, then 03:00 CEST. */
		{ "Europe/Madrid", "2026-03-29T00:59:00Z", "en",
		    "Sun 29 Mar, 01:59" },
		{ "Europe/Madrid", "2026-03-29T01:00:00Z", "en",
		    "Sun 29 Mar, 03:00" },
		/* Fall back: 02:30 twice, an hour apart. */
		{ "Europe/Madrid", "2026-10-25T00:30:00Z", "es",
		    "dom 25 oct, 02:30" },
		{ "Europe/Madrid", "2026-10-25T01:30:00Z", "es",
		    "dom 25 oct, 02:30" },
		{ "America/New_York", "2026-03-08T06:59:00Z", "en",
		    "Sun 8 Mar, 01:59" },
		{ "America/New_York", "2026-03-08T07:00:00Z", "en",
		    "Sun 8 Mar, 03:00" },
		{ "UTC", "2026-01-01T00:00:00Z", "es", "jue 1 ene, 00:00" },
	};
	struct when w;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		text_is(cases[i].zone, cases[i].at, cases[i].lang,
		    cases[i].want);
	when_zone("Europe/Madrid");
	when_format(iso("2025-10-06T07:39:10Z"), iso("2026-01-02T00:00:00Z"),
	    "en", &w);
	is_str(w.text, "Mon 6 Oct 2025, 09:39", "another year says which");
	when_format(iso("2025-10-06T07:39:10Z"), iso("2026-01-02T00:00:00Z"),
	    "es", &w);
	is_str(w.text, "lun 6 oct 2025, 09:39", "in Spanish too");
}

static void
test_ago(void)
{
	static const struct {
		long d;
		const char *en, *es;
		long fresh;
	} cases[] = {
		{ 0, "just now", "ahora mismo", 60 },
		{ 59, "just now", "ahora mismo", 1 },
		{ -30, "just now", "ahora mismo", 90 },
		{ -200000, "just now", "ahora mismo", 86400 },
		{ 60, "1 minute ago", "hace 1 minuto", 60 },
		{ 179, "2 minutes ago", "hace 2 minutos", 1 },
		{ 3599, "59 minutes ago", "hace 59 minutos", 1 },
		{ 3600, "1 hour ago", "hace 1 hora", 3600 },
		{ 7300, "2 hours ago", "hace 2 horas", 3500 },
		{ 86399, "23 hours ago", "hace 23 horas", 1 },
		{ 86400, "1 day ago", "hace 1 día", 86400 },
		{ 3 * 86400 + 18000, "3 days ago", "hace 3 días", 68400 },
	};
	time_t now = iso("2026-10-06T07:39:10Z");
	struct when w;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		when_format(now - cases[i].d, now, "en", &w);
		is_str(w.ago, cases[i].en, "%ld s ago in English", cases[i].d);
		is_int(w.fresh, cases[i].fresh, "%ld s ago: true for %ld s",
		    cases[i].d, cases[i].fresh);
		when_format(now - cases[i].d, now, "es", &w);
		is_str(w.ago, cases[i].es, "%ld s ago in Spanish", cases[i].d);
	}
}

static const char *
text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
test_annotate(void)
{
	json_t *data = json_pack("{s:s,s:s,s:s,s:{s:s},s:[{s:s}],s:s}",
	    "created_at", "2026-10-06T07:39:10Z", "note_at", "soon",
	    "details", "2026-10-06T07:39:10Z", "claim", "claimed_at",
	    "2026-10-06T07:00:00Z", "items", "at", "2026-10-01T07:39:10Z",
	    "name", "x");
	time_t now = iso("2026-10-06T07:42:00Z");
	json_t *item;

	when_zone("Europe/Madrid");
	is_int(when_annotate(data, now, "es"), 10,
	    "the page is true for as long as its freshest words");
	is_str(text_of(data, "created_at"), "2026-10-06T07:39:10Z",
	    "the ISO value is kept as it was");
	is_str(text_of(data, "created_at_text"), "mar 6 oct, 09:39",
	    "beside it, the date and time");
	is_str(text_of(data, "created_at_ago"), "hace 2 minutos",
	    "and the time since");
	is_str(text_of(json_object_get(data, "claim"), "claimed_at_ago"),
	    "hace 42 minutos", "within an object too");
	item = json_array_get(json_object_get(data, "items"), 0);
	is_str(text_of(item, "at_text"), "jue 1 oct, 09:39",
	    "and within a list, at \"at\"");
	ok(json_object_get(data, "note_at_text") == NULL &&
	    json_object_get(data, "details_text") == NULL,
	    "not what is no time, nor a time at another key");
	json_decref(data);
	data = json_pack("{s:s,s:[]}", "name", "x", "items");
	is_int(when_annotate(data, now, "en"), 0,
	    "a page without times stays true as long as its data");
	json_decref(data);
}

int
main(void)
{
	char *err = NULL;

	if (!ok(i18n_init(&err) == 0, "the catalogs load")) {
		free(err);
		return tap_done();
	}
	test_parse();
	test_zones();
	test_text();
	test_ago();
	test_annotate();
	i18n_done();
	return tap_done();
}
