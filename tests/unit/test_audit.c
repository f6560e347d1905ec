/*
 * What the audit trail can say a write changed: status names and field
 * names, and nothing else, whatever the input held.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "domain/audit.h"

static const struct field fields[] = {
	{ "name", FIELD_LINE, 0, 0, 100, NULL },
	{ "phone", FIELD_PHONE, 0, 0, 0, NULL },
	{ "zone_id", FIELD_INT, 0, 1, 100, NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

/* The note's text, or "" for none; is_str it against want. */
static void
says(const struct audit_note *n, const char *want, const char *what)
{
	char *text = audit_note_text(n);

	is_str(text ? text : "", want, "%s", what);
	free(text);
}

int
main(void)
{
	struct audit_note n = { 0 };
	json_t *before, *in;

	says(&n, "", "a note all zero says nothing");
	audit_note_move(&n, "open", "matched");
	says(&n, "{\"from\":\"open\",\"to\":\"matched\"}", "a move");
	audit_note_move(&n, "open", "open");
	says(&n, "", "a move to the same status is none");
	audit_note_move(&n, "open", "<script>");
	says(&n, "", "a status that is none is never written");

	n = (struct audit_note){ 0 };
	before = json_pack("{s:s,s:s,s:i}", "name", "Ana", "phone", "+15550100",
	    "zone_id", 1);
	in = json_pack("{s:s,s:s,s:i}", "name", "Ana Zq9", "phone", "+15550199",
	    "zone_id", 1);
	audit_note_fields(&n, fields, before, in);
	says(&n, "{\"fields\":[\"name\",\"phone\"]}",
	    "the names of the fields that changed, not their values");
	json_object_set_new(in, "colour", json_string("Zq9"));
	json_object_set_new(in, "zone_id", json_null());
	audit_note_fields(&n, fields, before, in);
	says(&n, "{\"fields\":[\"name\",\"phone\",\"zone_id\"]}",
	    "a field cleared is a change; a key not declared is no field");
	json_decref(in);
	in = json_pack("{s:s}", "name", "Ana");
	audit_note_fields(&n, fields, before, in);
	says(&n, "", "a field left out or given the same value is unchanged");
	json_decref(in);
	json_decref(before);
	return tap_done();
}
