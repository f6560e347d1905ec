/*
 * The search keys: names folded without case or accents over Latin-1 and
 * Latin Extended-A (every letter of both ranges, and the signs among them
 * kept), decomposed accents dropped, other scripts kept; emails in lower
 * case; a phone's digits last first, in every way it is written.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/fold.h"

static const struct {
	const char *in, *want, *why;
} names[] = {
	{ "", "", "empty" },
	{ "Ana MARÍA", "ana maria", "ASCII and an acute" },
	{ "Núñez", "nunez", "an acute and a tilde" },
	{ "NÚÑEZ", "nunez", "the same in capitals" },
	{ "nu\xcc\x81n\xcc\x83" "ez", "nunez", "the same decomposed" },
	{ "ÀÁÂÃÄÅ àáâãäå", "aaaaaa aaaaaa", "Latin-1's a" },
	{ "Çç ÈÉÊË èéêë", "cc eeee eeee", "Latin-1's c and e" },
	{ "ÌÍÎÏìíîï ÒÓÔÕÖØòóôõöø", "iiiiiiii oooooooooooo",
	    "Latin-1's i and o" },
	{ "ÙÚÛÜùúûü ÝýÿÑñ", "uuuuuuuu yyynn", "Latin-1's u, y and n" },
	{ "Æsa ÐÞ ßæðþ", "aesa dth ssaedth", "Latin-1's letters that spell" },
	{ "2×3÷1", "2×3÷1", "Latin-1's two signs kept" },
	{ "Łódź", "lodz", "Polish" },
	{ "Dvořák Šťastný", "dvorak stastny", "Czech" },
	{ "Őry Ű", "ory u", "Hungarian" },
	{ "Ştefan Ţepeş Ștefan Țepeș", "stefan tepes stefan tepes",
	    "Romanian, cedilla and comma" },
	{ "İIıi", "iiii", "Turkish i" },
	{ "Đorđević Œuvre Ĳssel", "dordevic oeuvre ijssel",
	    "Extended-A that spell" },
	{ "ĀāĂăĄąĆćĈĉĊċČčĎď", "aaaaaaccccccccdd", "U+0100 to U+010F" },
	{ "ĐđĒēĔĕĖėĘęĚěĜĝĞğ", "ddeeeeeeeeeegggg", "U+0110 to U+011F" },
	{ "ĠġĢģĤĥĦħĨĩĪīĬĭĮį", "gggghhhhiiiiiiii", "U+0120 to U+012F" },
	{ "İıĲĳĴĵĶķĸĹĺĻļĽľĿ", "iiijijjjkkklllllll", "U+0130 to U+013F" },
	{ "ŀŁłŃńŅņŇňŉŊŋŌōŎŏ", "lllnnnnnnnnnoooo", "U+0140 to U+014F" },
	{ "ŐőŒœŔŕŖŗŘřŚśŜŝŞş", "oooeoerrrrrrssssss", "U+0150 to U+015F" },
	{ "ŠšŢţŤťŦŧŨũŪūŬŭŮů", "ssttttttuuuuuuuu", "U+0160 to U+016F" },
	{ "ŰűŲųŴŵŶŷŸŹźŻżŽžſ", "uuuuwwyyyzzzzzzs", "U+0170 to U+017F" },
	{ "Ελένη Пётр 李", "Ελένη Пётр 李", "other scripts kept" },
	{ "O'Brien-Smith", "o'brien-smith", "punctuation kept" },
};

static const struct {
	const char *in, *want;
} phones[] = {
	{ "+16175550101", "10105557161" },
	{ "(617) 555 0101", "1010555716" },
	{ "555-0101", "1010555" },
	{ "617.555.0101", "1010555716" },
	{ "no digits", "" },
	{ "", "" },
};

int
main(void)
{
	char out[16];
	char *s;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		s = fold_name(names[i].in);
		is_str(s, names[i].want, "fold_name: %s", names[i].why);
		free(s);
	}
	s = fold_email("Maria.Nunez@Example.ORG");
	is_str(s, "maria.nunez@example.org", "fold_email lowers ASCII");
	free(s);
	for (i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		is_int(fold_phone_rev(phones[i].in, out, sizeof(out)),
		    strlen(phones[i].want), "%s: its digits counted",
		    phones[i].in);
		is_str(out, phones[i].want, "%s: reversed", phones[i].in);
	}
	/* More digits than out holds is no phone, not a cut one. */
	is_int(fold_phone_rev("1234567890123456", out, sizeof(out)), 0,
	    "16 digits do not fit 16 bytes");
	is_str(out, "", "and leave out empty");
	is_int(fold_phone_rev("123456789012345", out, sizeof(out)), 15,
	    "15 digits fit");
	return tap_done();
}
