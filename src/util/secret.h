/* Random tokens and their hashes, through libsodium. */
#ifndef SECRET_H
#define SECRET_H

#include <stddef.h>

#include "words.h"

#define SECRET_TOKEN_LEN 44 /* base64url of 32 bytes, and a NUL */
#define SECRET_HASH_LEN  65 /* hex of 32 bytes, and a NUL */
/*
 * A passphrase: this many words of words.h, each drawn uniformly from its
 * 7,772 (log2 7772 = 12.92 bits a word), so 64.6 bits in all; behind
 * Argon2id and the sign-in limit of ten tries a minute, far beyond
 * guessing, and still read off a screen and typed on a phone.
 */
#define SECRET_PHRASE_WORDS 5
/* The longest: the words, a hyphen between each two, and a NUL. */
#define SECRET_PHRASE_LEN (SECRET_PHRASE_WORDS * (WORDS_MAX_LEN + 1))

/* Initialise libsodium once; 0, or -1 when it cannot be used. */
int secret_init(void);
/* 256 random bits as base64url text. */
void secret_token(char out[SECRET_TOKEN_LEN]);
/* A passphrase, "word-word-word-word-word", in lower case. */
void secret_phrase(char out[SECRET_PHRASE_LEN]);
/* The hash under which a token is stored (BLAKE2b-256, hex). */
void secret_hash(const char *token, char out[SECRET_HASH_LEN]);
/* Overwrite a token that has been handed out. */
void secret_wipe(char token[SECRET_TOKEN_LEN]);
/* Overwrite a passphrase that has been handed out. */
void secret_phrase_wipe(char phrase[SECRET_PHRASE_LEN]);
/* Constant-time equality of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

#endif
