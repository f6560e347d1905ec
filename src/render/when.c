/* Times for readers: the network's time zone, the reader's words. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "when.h"
#include "i18n.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/num.h"
#include "util/banned.h"

#define WHEN_MINUTE 60L
#define WHEN_HOUR   3600L
#define WHEN_DAY    86400L

/*
 * A zone name names a file under the zone database, so it may hold
 * nothing that leaves it: no leading "/", no "..", only the characters
 * IANA names use.
 */
static int
when_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || strlen(name) > 200 ||
	    strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("-+_/", *p) == NULL)
			return 0;
	return 1;
}

/*
 * Whether the zone database holds name: glibc takes any TZ it cannot
 * find for UTC without a word, so a misspelt zone would show every time
 * hours off.
 */
static int
when_zone_file(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	int fd, found;

	snprintf(path, sizeof(path), "%s/%s",
	    dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	found = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0;
	close(fd);
	return found;
}

int
when_zone(const char *name)
{
	if (name != NULL) {
		if (!when_name_ok(name) || !when_zone_file(name))
			return -1;
		setenv("TZ", name, 1);
	}
	/* Read once here; localtime_r then reads no environment. */
	tzset();
	return 0;
}

/*
 * Days from 1970-01-01 to year-month-day, counting on past a month's end
 * as timegm does (a 31st of February is the 3rd of March). From the
 * proleptic Gregorian calendar's 400-year cycle of 146,097 days: a page
 * reads hundreds of times, and timegm was a fifth of their cost.
 */
static int64_t
when_days(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy;

	/* A year from March: the leap day is last. */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

int
when_parse(const char *iso, time_t *t)
{
	static const struct {
		size_t at, len;
		int64_t min, max;
	} parts[6] = {
		{ 0, 4, 1970, 9999 }, /* year */
		{ 5, 2, 1, 12 },      /* month */
		{ 8, 2, 1, 31 },      /* day */
		{ 11, 2, 0, 23 },     /* hour */
		{ 14, 2, 0, 59 },     /* minute */
		{ 17, 2, 0, 60 },     /* second (a leap second) */
	};
	int64_t v[6];
	size_t i;

	if (strlen(iso) != 20 || iso[4] != '-' || iso[7] != '-' ||
	    iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' ||
	    iso[19] != 'Z')
		return -1;
	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)iso[parts[i].at]) ||
		    num_parse_int(iso + parts[i].at, parts[i].len, parts[i].min,
			parts[i].max, &v[i]) == -1)
			return -1;
	*t = (time_t)(when_days(v[0], v[1], v[2]) * WHEN_DAY +
	    v[3] * WHEN_HOUR + v[4] * WHEN_MINUTE + v[5]);
	return 0;
}

/* The catalog's ids of the days of the week and of the months. */
static const char *const when_wdays[7] = { "when_wday_0", "when_wday_1",
	"when_wday_2", "when_wday_3", "when_wday_4", "when_wday_5",
	"when_wday_6" };
static const char *const when_months[12] = { "when_mon_1", "when_mon_2",
	"when_mon_3", "when_mon_4", "when_mon_5", "when_mon_6", "when_mon_7",
	"when_mon_8", "when_mon_9", "when_mon_10", "when_mon_11",
	"when_mon_12" };

/*
 * Append s to the words at out[*len], cut as snprintf cuts them. A page
 * shows hundreds of times, and snprintf was half of their cost.
 */
static void
when_cat(char out[WHEN_TEXT_LEN], size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n > WHEN_TEXT_LEN - 1 - *len)
		n = WHEN_TEXT_LEN - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* v in decimal, with two digits at least when two is set ("%02d"). */
static void
when_num(char out[WHEN_TEXT_LEN], size_t *len, int v, int two)
{
	char d[NUM_TEXT_LEN];

	if (num_format(d, v) == 1 && two)
		when_cat(out, len, "0");
	when_cat(out, len, d);
}

/*
 * The time since, d seconds, in words, and how long they stay true: the
 * largest whole unit, which changes when the next one has passed.
 */
static void
when_ago(long d, const char *lang, struct when *out)
{
	static const struct {
		long secs;
		const char *one, *many;
	} units[] = {
		{ WHEN_DAY, "when_day_ago", "when_days_ago" },
		{ WHEN_HOUR, "when_hour_ago", "when_hours_ago" },
		{ WHEN_MINUTE, "when_minute_ago", "when_minutes_ago" },
	};
	struct buf b = BUF_INIT;
	size_t len = 0;
	long n;
	size_t i;

	out->ago[0] = '\0';
	if (d < WHEN_MINUTE) {
		when_cat(out->ago, &len, i18n_get(lang, "when_now"));
		/* A time ahead of now (another clock) is now for a while. */
		out->fresh = WHEN_MINUTE - d < WHEN_DAY ? WHEN_MINUTE - d
							: WHEN_DAY;
		return;
	}
	for (i = 0; d < units[i].secs; i++)
		;
	n = d / units[i].secs;
	i18n_format(&b, lang, n == 1 ? units[i].one : units[i].many, n);
	when_cat(out->ago, &len, b.ptr);
	out->fresh = units[i].secs - d % units[i].secs;
	buf_free(&b);
}

/* when_format, with now already in the zone as tn: once for a page. */
static void
when_words(time_t t, time_t now, const struct tm *tn, const char *lang,
    struct when *out)
{
	struct tm tm = { 0 };
	size_t len = 0;

	localtime_r(&t, &tm);
	out->text[0] = '\0';
	/* "%s %d %s%s, %02d:%02d": day, date, month, the year if not now's. */
	when_cat(out->text, &len, i18n_get(lang, when_wdays[tm.tm_wday]));
	when_cat(out->text, &len, " ");
	when_num(out->text, &len, tm.tm_mday, 0);
	when_cat(out->text, &len, " ");
	when_cat(out->text, &len, i18n_get(lang, when_months[tm.tm_mon]));
	if (tm.tm_year != tn->tm_year) {
		when_cat(out->text, &len, " ");
		when_num(out->text, &len, tm.tm_year + 1900, 0);
	}
	when_cat(out->text, &len, ", ");
	when_num(out->text, &len, tm.tm_hour, 1);
	when_cat(out->text, &len, ":");
	when_num(out->text, &len, tm.tm_min, 1);
	when_ago((long)(now - t), lang, out);
}

void
when_format(time_t t, time_t now, const char *lang, struct when *out)
{
	struct tm tn;

	localtime_r(&now, &tn);
	when_words(t, now, &tn, lang, out);
}

/* A key that holds a time: "at", or one ending in "_at". */
static int
when_key(const char *key)
{
	size_t n = strlen(key);

	return strcmp(key, "at") == 0 ||
	    (n > 3 && strcmp(key + n - 3, "_at") == 0);
}

/* The lesser freshness of a and b, where 0 is "no limit". */
static long
when_least(long a, long b)
{
	if (a == 0 || (b != 0 && b < a))
		return b;
	return a;
}

/* What every time of one page is seen against. */
struct when_page {
	time_t now;
	struct tm tn; /* now in the zone */
	const char *lang;
	json_t *text, *ago; /* the words last added, held */
};

/*
 * Add key + suffix = s to obj, the name cut at 127 bytes as it always
 * was. A list's times in order mostly read alike ("Thu 3 Dec, 11:26", "4
 * minutes ago"): words the same as the last share its value.
 */
static void
when_set(json_t *obj, const char *key, const char *suffix, const char *s,
    json_t **last)
{
	char name[128];
	size_t nk = strlen(key), ns = strlen(suffix);

	if (nk + ns < sizeof(name)) {
		memcpy(name, key, nk);
		memcpy(name + nk, suffix, ns + 1);
	} else
		snprintf(name, sizeof(name), "%s%s", key, suffix);
	if (*last == NULL || strcmp(json_string_value(*last), s) != 0) {
		json_decref(*last);
		*last = json_string(s);
	}
	json_object_set(obj, name, *last);
}

/* Words to add beside one time of an object: KEY_text and KEY_ago. */
struct when_add {
	const char *key;
	struct when w;
};

/* Most objects hold a time or two; more go to the heap. */
#define WHEN_ADDS 4

static long
when_walk(json_t *data, struct when_page *pg)
{
	struct when_add some[WHEN_ADDS], *adds = some;
	size_t n = 0, cap = WHEN_ADDS, i;
	json_t *v;
	const char *key;
	long fresh = 0;
	time_t t;

	if (json_is_array(data)) {
		json_array_foreach (data, i, v)
			fresh = when_least(fresh, when_walk(v, pg));
		return fresh;
	}
	if (!json_is_object(data))
		return 0;
	/* Gathered apart: an object must not grow while it is walked. */
	json_object_foreach (data, key, v) {
		if (!when_key(key) || !json_is_string(v) ||
		    when_parse(json_string_value(v), &t) == -1) {
			fresh = when_least(fresh, when_walk(v, pg));
			continue;
		}
		if (n == cap) {
			cap *= 2;
			adds = adds == some
			    ? memcpy(xmalloc(cap * sizeof(*adds)), some,
				  sizeof(some))
			    : xrealloc(adds, cap * sizeof(*adds));
		}
		adds[n].key = key;
		when_words(t, pg->now, &pg->tn, pg->lang, &adds[n].w);
		fresh = when_least(fresh, adds[n++].w.fresh);
	}
	/* The keys stay: adding others moves no key of the object. */
	for (i = 0; i < n; i++) {
		when_set(data, adds[i].key, "_text", adds[i].w.text, &pg->text);
		when_set(data, adds[i].key, "_ago", adds[i].w.ago, &pg->ago);
	}
	if (adds != some)
		free(adds);
	return fresh;
}

long
when_annotate(json_t *data, time_t now, const char *lang)
{
	struct when_page pg = { now, { 0 }, lang, NULL, NULL };
	long fresh;

	localtime_r(&now, &pg.tn);
	fresh = when_walk(data, &pg);
	json_decref(pg.text);
	json_decref(pg.ago);
	return fresh;
}
