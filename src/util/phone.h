/*
 * Phone numbers as people write them, made E.164 ("+16175550101"): the
 * form SMS gateways dial and the one number every other spelling of it
 * folds to. A number without its country's code takes a default
 * country's: NANP numbers (US, CA and the Caribbean) by the plan's rules,
 * others by dropping a national trunk 0.
 */
#ifndef PHONE_H
#define PHONE_H

/* "+" and at most 15 digits, and the NUL. */
#define PHONE_E164_LEN 17

/*
 * Whether country (ISO 3166 alpha-2, any case) is one phone_e164 knows.
 */
int phone_country_known(const char *country);

/*
 * s as E.164 into out, read with the default country (known to
 * phone_country_known): "+", "00" or, in NANP countries, "011" before an
 * international number, where a "(0)" after the country code is the
 * national trunk 0 and dropped (kept after Italy's +39, which dials it);
 * separators " -.()/" and no-break spaces anywhere; a trailing
 * extension ("x12", "ext. 12") is refused rather than dropped. 0, or -1
 * with *why a message id of the catalogs (locale/): err_phone_chars,
 * err_phone_short, err_phone_long, err_phone_area (a NANP area code or
 * exchange that cannot begin with 0 or 1, or a number without its area
 * code), err_phone_country (a country code that is none).
 */
int phone_e164(const char *s, const char *country, char out[PHONE_E164_LEN],
    const char **why);

#endif
