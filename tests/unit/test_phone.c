/*
 * Phone numbers to E.164: NANP numbers however written, international
 * ones after "+", "00" or "011" (with a "(0)" trunk after the code),
 * national ones of other countries with and without their trunk 0,
 * no-break spaces as spaces, and each reason a number is refused.
 */
#include <string.h>

#include "tap.h"
#include "util/phone.h"

static const struct {
	const char *in, *country, *want;
} good[] = {
	{ "(617) 555-0101", "US", "+16175550101" },
	{ "617.555.0101", "us", "+16175550101" },
	{ "1-617-555-0101", "US", "+16175550101" },
	{ "+1 617 555 0101", "MX", "+16175550101" },
	{ "011 52 55 1234 5678", "US", "+525512345678" },
	{ "0052 55 1234 5678", "ES", "+525512345678" },
	{ "+52 55 1234 5678", "US", "+525512345678" },
	{ "55 1234 5678", "MX", "+525512345678" },
	{ "612 34 56 78", "ES", "+34612345678" },
	{ "07700 900123", "GB", "+447700900123" },
	{ "06 12 34 56 78", "FR", "+33612345678" },
	{ "06 1234 5678", "IT", "+390612345678" },
	{ "416/555/0199", "CA", "+14165550199" },
	{ "+1 (416) 555-0199", "US", "+14165550199" },
	{ "+44 (0)20 7946 0958", "US", "+442079460958" },
	{ "+44 20 7946 0958", "US", "+442079460958" },
	{ "+33 (0)6 12 34 56 78", "GB", "+33612345678" },
	{ "+49 (0) 30 123456", "GB", "+4930123456" },
	{ "0044 (0)20 7946 0958", "ES", "+442079460958" },
	{ "011 44 (0)20 7946 0958", "US", "+442079460958" },
	{ "+41 (0)44 668 18 00", "DE", "+41446681800" },
	{ "+39 (0)6 1234 5678", "US", "+390612345678" },
	{ "(0)20 7946 0958", "GB", "+442079460958" },
	{ "312\xc2\xa0" "555\xc2\xa0" "0199", "US", "+13125550199" },
	{ "+33\xe2\x80\xaf" "6\xe2\x80\xaf" "12 34 56 78", "US", "+33612345678" },
};

static const struct {
	const char *in, *country, *why;
} bad[] = {
	{ "555-0101", "US", "err_phone_area" },
	{ "(017) 555-0101", "US", "err_phone_area" },
	{ "(617) 155-0101", "US", "err_phone_area" },
	{ "617 555 010", "US", "err_phone_short" },
	{ "617 555 01011", "US", "err_phone_long" },
	{ "+1 617 555 010", "US", "err_phone_short" },
	{ "+1 617 555 01012", "US", "err_phone_long" },
	{ "617-555-0101 x12", "US", "err_phone_chars" },
	{ "call me", "US", "err_phone_chars" },
	{ "617+555", "US", "err_phone_chars" },
	{ "312\xc2" "555 0199", "US", "err_phone_chars" },
	{ "", "US", "err_phone_short" },
	{ "--", "US", "err_phone_short" },
	{ "+0 123 456 789", "US", "err_phone_country" },
	{ "+44 1234 567 890 123 456", "US", "err_phone_long" },
	{ "12 34", "ES", "err_phone_short" },
	{ "612 34 56 78", "ZZ", "err_phone_country" },
	{ "1234567890123456789012345", "US", "err_phone_long" },
};

int
main(void)
{
	char out[PHONE_E164_LEN];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why = NULL;
		out[0] = '\0';
		is_int(phone_e164(good[i].in, good[i].country, out, &why), 0,
		    "%s in %s: a number", good[i].in, good[i].country);
		is_str(out, good[i].want, "%s in %s", good[i].in,
		    good[i].country);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		is_int(phone_e164(bad[i].in, bad[i].country, out, &why), -1,
		    "%s in %s: refused", bad[i].in, bad[i].country);
		is_str(why ? why : "(none)", bad[i].why, "%s: why", bad[i].in);
	}
	ok(phone_country_known("us") && phone_country_known("ES"),
	    "US and ES are known, in any case");
	ok(!phone_country_known("ZZ") && !phone_country_known("USA") &&
		!phone_country_known(NULL),
	    "ZZ, USA and none are not");
	return tap_done();
}
