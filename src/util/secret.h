/* Random tokens and their hashes, through libsodium. */
#ifndef SECRET_H
#define SECRET_H

#include <stddef.h>

#define SECRET_TOKEN_LEN 44 /* base64url of 32 bytes, and a NUL */
#define SECRET_HASH_LEN  65 /* hex of 32 bytes, and a NUL */

/* Initialise libsodium once; 0, or -1 when it cannot be used. */
int secret_init(void);
/* 256 random bits as base64url text. */
void secret_token(char out[SECRET_TOKEN_LEN]);
/* The hash under which a token is stored (BLAKE2b-256, hex). */
void secret_hash(const char *token, char out[SECRET_HASH_LEN]);
/* Overwrite a token that has been handed out. */
void secret_wipe(char token[SECRET_TOKEN_LEN]);
/* Constant-time equality of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

#endif
