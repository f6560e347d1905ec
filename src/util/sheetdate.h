/*
 * Dates and times as spreadsheets and forms write them in their exports:
 * ISO ("2024-03-05T14:22:10Z", "2024-03-05 14:22", with an offset
 * "-05:00"), Google Forms ("2024/03/05 14:22:10"), a sheet's
 * "3/5/2024 14:22:10" or "5/3/2024" (the day first where the country
 * writes it so), two-digit years ("3/5/24"), dots ("05.03.2024", always
 * the day first), a 12-hour clock in English or Spanish ("2:22 PM",
 * "2:22pm", "2:22 p. m."), and a zone ("Z", "UTC", "GMT-5", "+0100").
 * A time with no zone is taken as UTC.
 */
#ifndef SHEETDATE_H
#define SHEETDATE_H

#include "clock.h"

/*
 * s as clock_iso writes the instant, into out; 5/3/2024 is the 5th of
 * March when day_first, else the 3rd of May. 0, or -1 when s is no date
 * (a 13th month, a 30th of February, a 25th hour, words).
 */
int sheetdate_read(const char *s, int day_first, char out[CLOCK_ISO_LEN]);

#endif
