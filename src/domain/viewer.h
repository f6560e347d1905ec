/*
 * Who is asking: the signed-in user behind a request (or nobody), with the
 * role that decides what they may do and see. Set by the front gate from a
 * session cookie or an API token; read by handlers and privacy rules.
 */
#ifndef VIEWER_H
#define VIEWER_H

#include <stdint.h>

enum role {
	ROLE_NONE, /* anonymous */
	ROLE_VOLUNTEER,
	ROLE_ORGANIZER,
	ROLE_COORDINATOR,
	ROLE_ADMIN,
	ROLE__MAX,
};

#define VIEWER_CSRF_LEN 44 /* base64url of 32 bytes, and a NUL */

struct viewer {
	enum role role;
	int64_t user_id; /* 0 when anonymous */
	int64_t person_id;
	int64_t session_id; /* 0 unless signed in by cookie */
	int by_token;       /* signed in with a Bearer token */
	char login[64];
	char csrf[VIEWER_CSRF_LEN]; /* the session's form token */
	const char *ip;             /* the client's address, for the audit */
};

/* The role names, NULL-ended, in enum order from ROLE_VOLUNTEER. */
extern const char *const role_names[];

/* The role named s, or ROLE_NONE. */
enum role role_parse(const char *s);
/* The name of r ("volunteer" …), or "anonymous". */
const char *role_name(enum role r);

#endif
