/*
 * Fuzz a gateway's post to /sms/inbound/SECRET as the server reads it:
 * the body decoded as the route decodes it (JSON when the first byte
 * says so, else a form), then the text read out of it (sms_read), its
 * number made E.164 and its language told, as sms_receive does before
 * it touches the database.
 */
#include <stdint.h>
#include <string.h>

#include "domain/sms.h"
#include "http/request.h"
#include "util/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data, *why;
	char e164[PHONE_E164_LEN];
	struct problem p = { 0 };
	struct sms_text t;
	json_t *raw;

	if (size == 0)
		return 0;
	if (data[0] == '{')
		raw = request_json(body, size);
	else
		raw = request_urlencoded(body, size);
	if (raw != NULL && sms_read(raw, &t, &p) == 1) {
		phone_e164(t.from, "US", e164, &why);
		phone_e164(t.from, "MX", e164, &why);
		sms_language(t.body);
	}
	json_decref(raw);
	return 0;
}
