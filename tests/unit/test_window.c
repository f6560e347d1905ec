/*
 * Weekly windows: the ways people write them, English and Spanish, read
 * to one canonical text; what is not a window refused; the minutes two
 * sets share.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/window.h"

static const struct {
	const char *in, *want;
} good[] = {
	{ "", "" },
	{ "  ,; \n", "" },
	{ "Tue 17:00-20:00", "Tue 17:00-20:00" },
	{ "tuesday 17-20", "Tue 17:00-20:00" },
	{ "TUE. 17h-20h30", "Tue 17:00-20:30" },
	{ "Tue 17:00–20:00", "Tue 17:00-20:00" },
	{ "Tue 17:00 — 20:00", "Tue 17:00-20:00" },
	{ "mar 17.00-20.00", "Tue 17:00-20:00" },
	{ "Mon-Fri 07:00-09:00", "Mon-Fri 07:00-09:00" },
	{ "lunes - viernes 7-9", "Mon-Fri 07:00-09:00" },
	{ "Mon 7-9, Tue 7-9, Wed 7-9", "Mon-Wed 07:00-09:00" },
	{ "Mon 7-9, Wed 7-9", "Mon 07:00-09:00, Wed 07:00-09:00" },
	{ "mié 10-12; sáb 10:00-12:30", "Wed 10:00-12:00, Sat 10:00-12:30" },
	{ "Miércoles 10-12", "Wed 10:00-12:00" },
	{ "Sat-Mon 10-12", "Mon 10:00-12:00, Sat-Sun 10:00-12:00" },
	{ "sun 9am-1pm", "Sun 09:00-13:00" },
	{ "Thu 5-8pm", "Thu 17:00-20:00" },
	{ "Thu 11-1pm", "Thu 11:00-13:00" },
	{ "Thu 12am-12pm", "Thu 00:00-12:00" },
	{ "Fri 22:00-02:00", "Fri 22:00-24:00, Sat 00:00-02:00" },
	{ "Sun 22:00-02:00", "Mon 00:00-02:00, Sun 22:00-24:00" },
	{ "Fri 9-9", "Fri 09:00-24:00, Sat 00:00-09:00" },
	{ "Mon 0-24", "Mon 00:00-24:00" },
	{ "Tue 17-19, tue 18-20", "Tue 17:00-20:00" },
	{ "Tue 17-18, Tue 18-19", "Tue 17:00-19:00" },
	{ "Tue 9-10\nTue 17-18", "Tue 09:00-10:00, Tue 17:00-18:00" },
};

static const char *const bad[] = {
	"Tue",
	"17:00-20:00",
	"Tuesdy 17-20",
	"Tue 17-",
	"Tue 17 20",
	"Tue 25-26",
	"Tue 17:60-20",
	"Tue 24:00-02:00",
	"Tue 24:30-25",
	"Tue 13pm-14pm",
	"Tue 17:0-20",
	"Tue 17:-20",
	"Tue 170-200",
	"Tue 17-20 and more",
	"Mon- 7-9",
	"Mon-Tue-Wed 7-9",
	"Tue 9-10, Tue 11-12, Tue 13-14, Wed 9-10, Wed 11-12, Wed 13-14, "
	"Thu 9-10, Thu 11-12, Thu 13-14, Fri 9-10, Fri 11-12, Fri 13-14, "
	"Sat 9-10, Sat 11-12, Sat 13-14, Sun 9-10, Sun 11-12, Sun 13-14, "
	"Mon 9-10, Mon 11-12, Mon 13-14, Mon 15-16",
};

static const char *const es_days[7] = { "lun", "mar", "mié", "jue", "vie",
	"sáb", "dom" };

static int
overlap(const char *a, const char *b)
{
	struct windows x, y;

	if (window_parse(a, &x) == -1 || window_parse(b, &y) == -1)
		return -1;
	return window_overlap(&x, &y);
}

int
main(void)
{
	struct windows ws;
	struct buf b = BUF_INIT;
	char longest[WINDOW_TEXT_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct windows again;

		is_int(window_parse(good[i].in, &ws), 0, "reads '%s'",
		    good[i].in);
		buf_reset(&b);
		window_format(&ws, NULL, &b);
		buf_addc(&b, '\0');
		is_str(b.ptr, good[i].want, "'%s' written one way", good[i].in);
		is_int(window_parse(b.ptr, &again), 0, "'%s' reads back",
		    b.ptr);
		ok(again.n == ws.n &&
			memcmp(again.w, ws.w, ws.n * sizeof(ws.w[0])) == 0,
		    "'%s' reads back to the same windows", b.ptr);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ws.n = 5;
		is_int(window_parse(bad[i], &ws), -1, "refuses '%s'", bad[i]);
		is_int(ws.n, 0, "and leaves no windows");
	}
	memset(longest, ' ', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	is_int(window_parse(longest, &ws), -1, "refuses a text too long");

	is_int(window_parse("Mon-Fri 7-9, sat 10:00-12:30", &ws), 0,
	    "reads a set to write in Spanish");
	buf_reset(&b);
	window_format(&ws, es_days, &b);
	buf_addc(&b, '\0');
	is_str(b.ptr, "lun-vie 07:00-09:00, sáb 10:00-12:30",
	    "written with the reader's day names");

	is_int(overlap("Tue 17-20", "Tue 18-22"), 120, "two hours shared");
	is_int(overlap("Tue 17-20", "Wed 17-20"), 0, "other days share none");
	is_int(overlap("Mon-Fri 9-17", "Wed 12-13, Sat 9-17"), 60,
	    "one hour of a week");
	is_int(overlap("Sun 22-02", "Mon 1-3"), 60,
	    "across the end of the week");
	is_int(overlap("", "Tue 17-20"), 0, "no windows share nothing");
	is_int(overlap("Mon-Sun 0-24", "Tue 9-10, Thu 9-11"), 180,
	    "a whole week holds every window");
	buf_free(&b);
	return tap_done();
}
