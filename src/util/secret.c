/* Tokens are random, stored hashed, compared in constant time. */
#include <string.h>
#include <sodium.h>

#include "secret.h"
#include "util/banned.h"

int
secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
secret_token(char out[SECRET_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
secret_phrase(char out[SECRET_PHRASE_LEN])
{
	size_t n = 0, len;
	int i;

	for (i = 0; i < SECRET_PHRASE_WORDS; i++) {
		/* Uniform over the list: no modulo bias. */
		const char *w = words_eff[randombytes_uniform(WORDS_COUNT)];

		if (i > 0)
			out[n++] = '-';
		len = strlen(w);
		memcpy(out + n, w, len);
		n += len;
	}
	out[n] = '\0';
}

void
secret_hash(const char *token, char out[SECRET_HASH_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_LEN, h, sizeof(h));
}

int
secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

void
secret_wipe(char token[SECRET_TOKEN_LEN])
{
	sodium_memzero(token, SECRET_TOKEN_LEN);
}

void
secret_phrase_wipe(char phrase[SECRET_PHRASE_LEN])
{
	sodium_memzero(phrase, SECRET_PHRASE_LEN);
}
