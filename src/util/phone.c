/* Phone numbers to E.164 with a default country (see phone.h). */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "phone.h"
#include "banned.h"

/* E.164: at most 15 digits after the "+"; fewer than 7 dial nobody. */
#define PHONE_DIGITS_MAX 15
#define PHONE_DIGITS_MIN 7
/* A NANP number: area code, exchange, line (3 + 3 + 4). */
#define PHONE_NANP_DIGITS 10

/*
 * The default countries, where the networks using this are: the
 * Americas, Europe and the countries their neighbours come from. trunk:
 * a national number may begin with a 0 that the international form
 * drops (Italy keeps it, so no).
 */
static const struct {
	const char *iso;
	const char *code;
	int trunk;
} phone_countries[] = {
	{ "US", "1", 0 },
	{ "CA", "1", 0 },
	{ "PR", "1", 0 },
	{ "DO", "1", 0 },
	{ "JM", "1", 0 },
	{ "MX", "52", 0 },
	{ "GT", "502", 0 },
	{ "SV", "503", 0 },
	{ "HN", "504", 0 },
	{ "NI", "505", 0 },
	{ "CR", "506", 0 },
	{ "PA", "507", 0 },
	{ "HT", "509", 0 },
	{ "CU", "53", 1 },
	{ "CO", "57", 0 },
	{ "VE", "58", 1 },
	{ "EC", "593", 1 },
	{ "PE", "51", 1 },
	{ "BO", "591", 0 },
	{ "CL", "56", 0 },
	{ "AR", "54", 1 },
	{ "UY", "598", 0 },
	{ "PY", "595", 1 },
	{ "BR", "55", 1 },
	{ "ES", "34", 0 },
	{ "PT", "351", 0 },
	{ "FR", "33", 1 },
	{ "IT", "39", 0 },
	{ "DE", "49", 1 },
	{ "GB", "44", 1 },
	{ "IE", "353", 1 },
	{ "NL", "31", 1 },
	{ "BE", "32", 1 },
	{ "PL", "48", 0 },
	{ "PH", "63", 1 },
	{ "IN", "91", 1 },
};

static int
phone_country(const char *iso)
{
	size_t i;

	if (iso == NULL || strlen(iso) != 2)
		return -1;
	for (i = 0; i < sizeof(phone_countries) / sizeof(phone_countries[0]);
	     i++)
		if (toupper((unsigned char)iso[0]) ==
			phone_countries[i].iso[0] &&
		    toupper((unsigned char)iso[1]) == phone_countries[i].iso[1])
			return (int)i;
	return -1;
}

int
phone_country_known(const char *country)
{
	return phone_country(country) != -1;
}

/* An area code and an exchange each begin with 2 to 9. */
static int
phone_nanp_ok(const char *ten)
{
	return ten[0] >= '2' && ten[3] >= '2';
}

/*
 * The digits of s into d (at most size - 1, NUL-ended), whether a "+"
 * led them and where in d the 0 of a "(0)" after some digits is (-1 if
 * none): their count, or -1 with *why.
 */
static int
phone_digits(const char *s, char *d, size_t size, int *plus, int *trunk,
    const char **why)
{
	size_t n = 0;
	int seen = 0;

	*plus = 0;
	*trunk = -1;
	for (; *s != '\0'; s++) {
		/* No-break spaces: what spreadsheets and web pages put. */
		if (strncmp(s, "\xc2\xa0", 2) == 0 ||
		    strncmp(s, "\xe2\x80\xaf", 3) == 0) {
			s += (unsigned char)*s == 0xc2 ? 1 : 2;
			continue;
		}
		if (strncmp(s, "(0)", 3) == 0 && seen && *trunk == -1)
			*trunk = (int)n;
		if (*s >= '0' && *s <= '9') {
			/* Keep counting past the room: the reason is length. */
			if (n + 1 < size)
				d[n] = *s;
			n++;
			seen = 1;
		} else if (*s == '+' && !seen && !*plus)
			*plus = 1;
		else if (strchr(" \t-.()/", *s) == NULL) {
			*why = "err_phone_chars";
			return -1;
		}
	}
	if (n + 1 > size) {
		*why = "err_phone_long";
		return -1;
	}
	d[n] = '\0';
	return (int)n;
}

/* "+", code and national into out, checked for length: 0 or -1. */
static int
phone_join(const char *code, const char *national, char *out, const char **why)
{
	size_t n = strlen(code) + strlen(national);

	if (n < PHONE_DIGITS_MIN) {
		*why = "err_phone_short";
		return -1;
	}
	if (n > PHONE_DIGITS_MAX) {
		*why = "err_phone_long";
		return -1;
	}
	out[0] = '+';
	memcpy(out + 1, code, strlen(code));
	memcpy(out + 1 + strlen(code), national, strlen(national) + 1);
	return 0;
}

/*
 * Whether code (the digits before a "(0)") is a country code whose
 * countries dial no trunk 0 in the international form: Italy keeps the
 * 0 there; a code of none of our countries is taken to drop it, as
 * Austria's and Switzerland's do.
 */
static int
phone_code_keeps_zero(const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(phone_countries) / sizeof(phone_countries[0]);
	     i++)
		if (strlen(phone_countries[i].code) == len &&
		    strncmp(phone_countries[i].code, code, len) == 0)
			return !phone_countries[i].trunk;
	return 0;
}

/*
 * An international number's digits (after + 00 or 011), trunk the index
 * in them of the 0 of a "(0)" (or negative): 0 or -1. "+44 (0)20 ..."
 * shows the national trunk 0 in brackets; it is not dialled from abroad.
 */
static int
phone_international(const char *d, int trunk, char *out, const char **why)
{
	char bare[PHONE_DIGITS_MAX + 6];

	if (trunk >= 1 && trunk <= 3 &&
	    !phone_code_keeps_zero(d, (size_t)trunk)) {
		memcpy(bare, d, (size_t)trunk);
		memcpy(bare + trunk, d + trunk + 1, strlen(d + trunk));
		d = bare;
	}
	if (d[0] == '0') {
		*why = "err_phone_country";
		return -1;
	}
	/* NANP's own country code: the plan's rules hold for it too. */
	if (d[0] == '1') {
		if (strlen(d) < 1 + PHONE_NANP_DIGITS) {
			*why = "err_phone_short";
			return -1;
		}
		if (strlen(d) > 1 + PHONE_NANP_DIGITS) {
			*why = "err_phone_long";
			return -1;
		}
		if (!phone_nanp_ok(d + 1)) {
			*why = "err_phone_area";
			return -1;
		}
	}
	return phone_join("", d, out, why);
}

int
phone_e164(const char *s, const char *country, char out[PHONE_E164_LEN],
    const char **why)
{
	/* Room for a few more digits than E.164, to tell "too long". */
	char d[PHONE_DIGITS_MAX + 6];
	int c = phone_country(country), plus, trunk, n;
	const char *national;
	size_t len;

	n = phone_digits(s, d, sizeof(d), &plus, &trunk, why);
	if (n == -1)
		return -1;
	if (n == 0 || c == -1) {
		*why = n == 0 ? "err_phone_short" : "err_phone_country";
		return -1;
	}
	if (plus)
		return phone_international(d, trunk, out, why);
	if (strcmp(phone_countries[c].code, "1") == 0) {
		if (strncmp(d, "011", 3) == 0)
			return phone_international(d + 3, trunk - 3, out, why);
		national = d;
		len = strlen(d);
		if (len == 1 + PHONE_NANP_DIGITS && d[0] == '1') {
			national = d + 1;
			len--;
		}
		if (len < PHONE_NANP_DIGITS) {
			/* Seven digits dialled locally: the area is unknown. */
			*why = len == 7 ? "err_phone_area" : "err_phone_short";
			return -1;
		}
		if (len > PHONE_NANP_DIGITS) {
			*why = "err_phone_long";
			return -1;
		}
		if (!phone_nanp_ok(national)) {
			*why = "err_phone_area";
			return -1;
		}
		return phone_join("1", national, out, why);
	}
	if (strncmp(d, "00", 2) == 0)
		return phone_international(d + 2, trunk - 2, out, why);
	national = d;
	if (phone_countries[c].trunk && d[0] == '0')
		national++;
	return phone_join(phone_countries[c].code, national, out, why);
}
