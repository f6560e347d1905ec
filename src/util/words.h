/*
 * A word list for passphrases people can read aloud and type on a phone:
 * the Electronic Frontier Foundation's large list for dice, 2016
 * (eff_large_wordlist.txt), as Debian ships it in the package diceware
 * (/usr/lib/python3/dist-packages/diceware/wordlists/wordlist_en_eff.txt),
 * less its four words with a hyphen (drop-down, felt-tip, t-shirt,
 * yo-yo), which is what separates the words of a passphrase. Its words
 * are distinct, 3 to 9 lower-case letters, and easy to tell apart.
 *
 * Licence: the list is (c) 2016 the Electronic Frontier Foundation,
 * released under the Creative Commons Attribution 3.0 licence (CC BY 3.0,
 * as eff.org/copyright and Debian's copyright file for diceware say);
 * this file is that list, so changed, with that attribution.
 */
#ifndef WORDS_H
#define WORDS_H

#define WORDS_COUNT   7772
#define WORDS_MAX_LEN 9

extern const char *const words_eff[WORDS_COUNT];

#endif
