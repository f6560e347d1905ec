/* Strike and surge mode: each kind's set, made through the nouns' own code. */
#include <stdio.h>
#include <string.h>

#include "surge.h"
#include "field.h"
#include "fund.h"
#include "input.h"
#include "item.h"
#include "location.h"
#include "program.h"
#include "shift.h"
#include "tx.h"
#include "util/banned.h"

const char *const surge_kinds[] = { "strike-kitchen", "picket", "shelter",
	NULL };

/* A name in each language the network may speak: [0] English, [1] Spanish. */
struct surge_name {
	const char *en, *es;
};

struct surge_shift {
	struct surge_name name;
	const char *needed;
};

struct surge_item {
	struct surge_name name;
	const char *unit, *category;
};

#define SURGE_SHIFTS 5
#define SURGE_ITEMS  9

/*
 * One kind's set. Hours are local; a session may not run past midnight,
 * so a shelter's night is its evening session, and its overnight watch a
 * shift of it.
 */
static const struct surge_set {
	const char *kind;
	struct surge_name program;
	const char *program_kind, *schedule;
	struct surge_name location;
	const char *location_kind;
	struct surge_name fund;
	struct surge_shift shifts[SURGE_SHIFTS];
	struct surge_item items[SURGE_ITEMS];
} surge_sets[] = {
	{ "strike-kitchen", { "Strike kitchen", "Cocina de huelga" }, "kitchen",
	    "Mon-Sun 11:00-14:00, Mon-Sun 17:00-20:00",
	    { "Kitchen pantry", "Despensa de la cocina" }, "pantry",
	    { "Strike kitchen fund", "Fondo de la cocina de huelga" },
	    {
		{ { "Cook", "Cocina" }, "3" },
		{ { "Serving", "Servir" }, "2" },
		{ { "Dishes", "Lavar platos" }, "2" },
		{ { "Runner", "Mandados" }, "1" },
	    },
	    {
		{ { "Rice", "Arroz" }, "kg", "groceries" },
		{ { "Dried beans", "Frijoles secos" }, "kg", "groceries" },
		{ { "Cooking oil", "Aceite de cocina" }, "l", "groceries" },
		{ { "Bread", "Pan" }, "each", "groceries" },
		{ { "Coffee", "Café" }, "kg", "groceries" },
		{ { "Drinking water", "Agua potable" }, "bottle", "groceries" },
		{ { "Disposable plates", "Platos desechables" }, "pack",
		    "other" },
		{ { "Food-safe gloves", "Guantes para alimentos" }, "box",
		    "other" },
		{ { "First-aid kit", "Botiquín" }, "each", "medical" },
	    } },
	{ "picket", { "Picket line", "Piquete" }, "other",
	    "Mon-Sun 06:00-10:00, Mon-Sun 14:00-18:00",
	    { "Picket supplies", "Material del piquete" }, "storage",
	    { "Strike fund", "Fondo de huelga" },
	    {
		{ { "Picket captain", "Capitán del piquete" }, "1" },
		{ { "Marshal", "Orden" }, "2" },
		{ { "Runner", "Mandados" }, "1" },
		{ { "Street medic", "Primeros auxilios" }, "1" },
		{ { "Legal observer", "Observación legal" }, "1" },
	    },
	    {
		{ { "Drinking water", "Agua potable" }, "bottle", "groceries" },
		{ { "Snacks", "Refrigerios" }, "pack", "groceries" },
		{ { "Picket signs", "Pancartas" }, "each", "other" },
		{ { "Hand warmers", "Calentadores de manos" }, "pack",
		    "other" },
		{ { "Rain ponchos", "Ponchos para la lluvia" }, "each",
		    "clothing" },
		{ { "First-aid kit", "Botiquín" }, "each", "medical" },
		{ { "Sunscreen", "Protector solar" }, "bottle", "medical" },
	    } },
	{ "shelter", { "Emergency shelter", "Refugio de emergencia" }, "other",
	    "Mon-Sun 18:00-23:30",
	    { "Shelter storeroom", "Almacén del refugio" }, "storage",
	    { "Shelter fund", "Fondo del refugio" },
	    {
		{ { "Intake", "Recepción" }, "2" },
		{ { "Overnight watch", "Guardia nocturna" }, "2" },
		{ { "Cook", "Cocina" }, "2" },
		{ { "Cleaning", "Limpieza" }, "1" },
	    },
	    {
		{ { "Sleeping bags", "Sacos de dormir" }, "each", "housing" },
		{ { "Blankets", "Mantas" }, "each", "housing" },
		{ { "Diapers", "Pañales" }, "pack", "diapers" },
		{ { "Hygiene kits", "Kits de higiene" }, "each", "other" },
		{ { "Drinking water", "Agua potable" }, "bottle", "groceries" },
		{ { "Ready meals", "Comidas preparadas" }, "each",
		    "groceries" },
		{ { "First-aid kit", "Botiquín" }, "each", "medical" },
		{ { "Phone chargers", "Cargadores de teléfono" }, "each",
		    "other" },
	    } },
};

#define NSETS (sizeof(surge_sets) / sizeof(surge_sets[0]))

static const char *const surge_program_named =
    "SELECT id FROM program WHERE name = ?";
/* What the network has already is used, not made twice. */
static const char *const surge_item_named =
    "SELECT min(id) FROM item WHERE name = ? AND unit = ?";
static const char *const surge_location_named =
    "SELECT min(id) FROM location WHERE name = ?";

static const char *
surge_word(const struct surge_name *n, const char *lang)
{
	return strcmp(lang, "es") == 0 ? n->es : n->en;
}

/* input_create, the record's id into *id. */
static int
surge_one(struct db *db, const struct field *fields, json_t *raw,
    int (*create)(struct db *, json_t *, json_t **, struct problem *),
    int64_t *id, struct problem *p)
{
	json_t *row = NULL;
	int rc = input_create(db, fields, raw, create, &row, p);

	if (rc == 0)
		*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return rc;
}

/* A program's create with the network's date, as surge_one calls it. */
static const char *surge_today;

static int
surge_program_create(struct db *db, json_t *in, json_t **out, struct problem *p)
{
	return program_create(db, in, surge_today, out, p);
}

/* The zone as text for a form's field, or NULL for none. */
static json_t *
surge_zone(int64_t zone_id)
{
	char text[24];

	if (zone_id == 0)
		return NULL;
	snprintf(text, sizeof(text), "%lld", (long long)zone_id);
	return json_string(text);
}

/*
 * Each of the set's shifts at every session of the program from today,
 * one statement a shift: 8 weeks of a kitchen's sessions are 448 shifts.
 */
static int
surge_shifts(struct db *db, const struct surge_set *set, const char *lang,
    int64_t program_id, int64_t *sessions, int64_t *shifts, struct problem *p)
{
	json_t *list = NULL, *raw, *in;
	int64_t n;
	size_t k;

	if (program_sessions(db, program_id, surge_today, &list, p) == -1)
		return -1;
	*sessions = json_integer_value(json_object_get(list, "total"));
	json_decref(list);
	for (k = 0; k < SURGE_SHIFTS && set->shifts[k].needed; k++) {
		raw = json_pack("{s:s,s:s}", "name",
		    surge_word(&set->shifts[k].name, lang), "needed",
		    set->shifts[k].needed);
		in = NULL;
		n = field_decode(shift_fields, raw, 0, &in, p) == -1
		    ? -2
		    : shift_add_all(db, program_id, surge_today, in);
		json_decref(raw);
		json_decref(in);
		if (n == -2)
			return -1;
		if (n == -1)
			return tx_problem(db, p);
		*shifts += n;
	}
	return 0;
}

int
surge_make(struct db *db, const struct surge_opts *o, json_t **out,
    struct problem *p)
{
	const struct surge_set *set = NULL;
	struct db_val arg, args[2];
	int64_t program_id, location_id = 0, fund_id, id, taken;
	int64_t sessions = 0, shifts = 0, items = 0;
	json_t *raw;
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < NSETS; i++)
		if (strcmp(surge_sets[i].kind, o->kind) == 0)
			set = &surge_sets[i];
	if (set == NULL)
		return problem_set(p, PROBLEM_INVALID, "err_choice", "kind", 0);
	if (strcmp(o->lang, "en") != 0 && strcmp(o->lang, "es") != 0)
		return problem_set(p, PROBLEM_INVALID, "err_choice", "lang", 0);
	arg = DBV_TEXT(surge_word(&set->program, o->lang));
	rc = db_int(db, surge_program_named, &arg, 1, &taken);
	if (rc == -1)
		return tx_problem(db, p);
	if (rc == 1)
		return problem_set(p, PROBLEM_CONFLICT, "err_surge_made",
		    "kind", 0);
	surge_today = o->today;
	raw = json_pack("{s:s,s:s,s:s}", "name",
	    surge_word(&set->program, o->lang), "kind", set->program_kind,
	    "schedule", set->schedule);
	if (o->zone_id > 0)
		json_object_set_new(raw, "zone_id", surge_zone(o->zone_id));
	if (surge_one(db, program_fields, raw, surge_program_create,
		&program_id, p) == -1 ||
	    surge_shifts(db, set, o->lang, program_id, &sessions, &shifts, p) ==
		-1)
		return -1;
	args[0] = DBV_TEXT(surge_word(&set->location, o->lang));
	if (db_int(db, surge_location_named, args, 1, &location_id) == -1)
		return tx_problem(db, p);
	raw = json_pack("{s:s,s:s}", "name",
	    surge_word(&set->location, o->lang), "kind", set->location_kind);
	if (o->zone_id > 0)
		json_object_set_new(raw, "zone_id", surge_zone(o->zone_id));
	if (location_id > 0)
		json_decref(raw);
	else if (surge_one(db, location_fields, raw, location_create,
		     &location_id, p) == -1)
		return -1;
	for (i = 0; i < SURGE_ITEMS && set->items[i].unit != NULL; i++) {
		args[0] = DBV_TEXT(surge_word(&set->items[i].name, o->lang));
		args[1] = DBV_TEXT(set->items[i].unit);
		id = 0;
		if (db_int(db, surge_item_named, args, 2, &id) == -1)
			return tx_problem(db, p);
		items++;
		if (id > 0)
			continue;
		raw = json_pack("{s:s,s:s,s:s}", "name",
		    surge_word(&set->items[i].name, o->lang), "unit",
		    set->items[i].unit, "category", set->items[i].category);
		if (surge_one(db, item_fields, raw, item_create, &id, p) == -1)
			return -1;
	}
	raw = json_pack("{s:s,s:s}", "name", surge_word(&set->fund, o->lang),
	    "currency", o->currency);
	if (surge_one(db, fund_fields, raw, fund_create, &fund_id, p) == -1)
		return -1;
	*out = json_pack("{s:{s:I,s:s},s:I,s:I,s:{s:I,s:s},s:I,s:{s:I,s:s}}",
	    "program", "id", (json_int_t)program_id, "name",
	    surge_word(&set->program, o->lang), "sessions",
	    (json_int_t)sessions, "shifts", (json_int_t)shifts, "location",
	    "id", (json_int_t)location_id, "name",
	    surge_word(&set->location, o->lang), "items", (json_int_t)items,
	    "fund", "id", (json_int_t)fund_id, "name",
	    surge_word(&set->fund, o->lang));
	return 0;
}
