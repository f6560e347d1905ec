/*
 * solidarity demo: fill an empty database with a small, believable network
 * to look around in, or with the benchmark workload of bench/workload.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "domain/user.h"
#include "util/secret.h"
#include "db/db.h"
#include "db/facing_summary.h"
#include "db/figures_summary.h"
#include "domain/attendance.h"
#include "domain/field.h"
#include "domain/input.h"
#include "domain/ladder.h"
#include "domain/need.h"
#include "domain/offer.h"
#include "domain/person.h"
#include "domain/program.h"
#include "domain/status.h"
#include "domain/zone.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/mem.h"
#include "util/banned.h"

static const char demo_usage[] =
    "usage: solidarity demo [--db DB] [--needs N --zones Z [--offers N]\n"
    "                        [--volunteers N] [--conversations N]\n"
    "                        [--people N]]\n\n"
    "Fill an empty database with a demo network: about 200 people in 8\n"
    "neighbourhoods, asking and offering in English and Spanish, with asks\n"
    "and offers in every state. With --needs and --zones, create instead\n"
    "the benchmark workload (bench/workload.md): Z zones on a grid, each\n"
    "adjacent to its neighbours, N asks over a year, the same rows on every\n"
    "run. Both name landlords in the asks and conversations, with tags, for\n"
    "/facing. Everything is one transaction: a run cut short, by an\n"
    "error or Ctrl-C, leaves the database as it was. Past 10,000 asks it\n"
    "tells how it goes on stderr.\n\n"
    "  --db DB          a SQLite file or a postgres:// URL\n"
    "                   (default " CMD_DEFAULT_DB ")\n"
    "  --needs N        how many asks the workload holds\n"
    "  --zones Z        how many zones the workload spreads them over\n"
    "  --offers N       and how many open offers (default none)\n"
    "  --volunteers N   and how many volunteers, each working in one or\n"
    "                   two zones (default none)\n"
    "  --conversations N  and how many conversations over the year\n"
    "                   (default none)\n"
    "  --people N       N people instead of one for every four asks, and\n"
    "                   a year of what they did: a free store in every\n"
    "                   zone, weekly, its visits and shifts, deliveries by\n"
    "                   the volunteers, stages, memberships, political\n"
    "                   education and follow-ups (for /figures, /tasks)\n"
    "  --help           show this help\n";

#define DEMO_NEEDS_MAX         10000000
#define DEMO_ZONES_MAX         10000
#define DEMO_OFFERS_MAX        10000000
#define DEMO_VOLUNTEERS_MAX    1000000
#define DEMO_CONVERSATIONS_MAX 10000000
#define DEMO_PEOPLE_MAX        1000000
/*
 * The workload's zones sit on a grid this far apart, in degrees (about
 * 1.1 km either way at the made-up city's latitude), each adjacent to the
 * zones beside it.
 */
#define GRID_LAT 0.010
#define GRID_LON 0.013

/* The demo network. */
#define DEMO_ZONES         8
#define DEMO_PEOPLE        200
#define DEMO_ASKS          320
#define DEMO_OFFERS        140
#define DEMO_CONVERSATIONS 120

#define DAY (24 * 60 * 60)
/*
 * The workload's year is fixed, not taken from the clock: two runs must
 * write the same rows, so measurements months apart compare.
 */
#define WORKLOAD_START ((time_t)1761955200) /* 2025-11-01T00:00:00Z */
#define WORKLOAD_SPAN  ((time_t)365 * DAY)
/* One fixed seed, so the rows are the same on every machine and run. */
#define DEMO_SEED UINT64_C(0x5011da7171e5)

enum stmt {
	STMT_HAS_DATA,
	STMT_ADJACENT,
	STMT_VOLUNTEER,
	STMT_VOLUNTEER_ZONE,
	STMT_TARGET,
	STMT_TARGET_ZONE,
	STMT_NEED_TAGS,
	STMT_NEED_MORE_TAGS,
	STMT_CONVERSATION,
	STMT_CONVERSATION_TAGS,
	STMT_CONVERSATION_MORE_TAGS,
	STMT_PROGRAM,
	STMT_SESSION,
	STMT_SHIFT,
	STMT_EVENT,
	STMT_VISIT,
	STMT_SIGNUP,
	STMT_CAME,
	STMT_TAKEN,
	STMT_CLAIMS,
	STMT_DELIVERIES,
	STMT_CONTACTS,
	STMT_PARTICIPANTS,
	STMT_HELPERS,
	STMT_ORGANIZERS,
	STMT_INVITED,
	STMT_JOINED,
	STMT_TASKS,
	STMT__MAX,
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_HAS_DATA */
	"SELECT EXISTS (SELECT 1 FROM zone) OR EXISTS (SELECT 1 FROM person) "
	"OR EXISTS (SELECT 1 FROM need) OR EXISTS (SELECT 1 FROM offer)",
	/* STMT_ADJACENT: both ways, as schema/008 keeps them */
	"INSERT INTO zone_adjacent (zone_id, adjacent_id) VALUES (?, ?), (?, "
	"?)",
	/*
	 * STMT_VOLUNTEER: a login that cannot sign in ("!" is no Argon2id
	 * hash): thousands of real hashes would take the workload minutes,
	 * and these logins are only there to be ranked and matched.
	 */
	"INSERT INTO app_user (person_id, login, password_hash, role, "
	"created_at) VALUES (?, ?, '!', 'volunteer', ?) RETURNING id",
	/* STMT_VOLUNTEER_ZONE */
	"INSERT INTO user_zone (user_id, zone_id) VALUES (?, ?)",
	/* STMT_TARGET */
	"INSERT INTO target (name, name_fold, kind, created_at, updated_at) "
	"VALUES (?, ?, 'landlord', ?, ?) RETURNING id",
	/* STMT_TARGET_ZONE */
	"INSERT INTO target_zone (target_id, zone_id) VALUES (?, ?)",
	/*
	 * STMT_NEED_TAGS, STMT_NEED_MORE_TAGS: the asks that name their
	 * building's landlord (demo_ask_target), each with a problem and
	 * one in seven with a second: by id, set by set, so the asks are
	 * those of every earlier run.
	 */
	"INSERT INTO need_tag (need_id, tag) SELECT id, CASE id % 4 "
	"WHEN 0 THEN 'no-heat' WHEN 1 THEN 'mould' WHEN 2 THEN "
	"'rent-increase' ELSE 'repairs' END FROM need "
	"WHERE target_id IS NOT NULL",
	"INSERT INTO need_tag (need_id, tag) SELECT id, 'pests' FROM need "
	"WHERE target_id IS NOT NULL AND id % 7 = 0",
	/* STMT_CONVERSATION */
	"INSERT INTO conversation (person_id, zone_id, target_id, at, how, "
	"problems, assessment, next_step, next_at, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_CONVERSATION_TAGS, STMT_CONVERSATION_MORE_TAGS: likewise */
	"INSERT INTO conversation_tag (conversation_id, tag) SELECT id, "
	"CASE id % 5 WHEN 0 THEN 'no-heat' WHEN 1 THEN 'mould' WHEN 2 THEN "
	"'rent-increase' WHEN 3 THEN 'repairs' ELSE 'eviction' END "
	"FROM conversation",
	"INSERT INTO conversation_tag (conversation_id, tag) SELECT id, "
	"'pests' FROM conversation WHERE id % 6 = 0",
	/* STMT_PROGRAM: a zone's free store, which --people's visits are to */
	"INSERT INTO program (name, kind, zone_id, schedule, created_at, "
	"updated_at) VALUES (?, 'free_store', ?, 'Sat 10:00-12:00', ?, ?) "
	"RETURNING id",
	/* STMT_SESSION: day, start, the same moment in UTC, when written */
	"INSERT INTO program_session (program_id, day, start_time, end_time, "
	"starts_at, planned_day, planned_start, status, created_at, "
	"updated_at) VALUES (?, ?, '10:00', '12:00', ?, ?, '10:00', 'held', "
	"?, ?) RETURNING id",
	/* STMT_SHIFT */
	"INSERT INTO shift (session_id, name, needed, taken, created_at) "
	"VALUES (?, 'Setup', 100, 0, ?) RETURNING id",
	/* STMT_EVENT */
	"INSERT INTO event (name, kind, starts, created_at) VALUES (?, ?, ?, "
	"?) RETURNING id",
	/* STMT_VISIT, STMT_SIGNUP, STMT_CAME: one each */
	"INSERT INTO attendance (session_id, person_id, role, created_at) "
	"VALUES (?, ?, ?, ?)",
	"INSERT INTO shift_signup (shift_id, person_id, created_at) "
	"VALUES (?, ?, ?)",
	"INSERT INTO event_attendance (event_id, person_id, created_at) "
	"VALUES (?, ?, ?)",
	/* STMT_TAKEN: the places the sign-ups took */
	"UPDATE shift SET taken = (SELECT count(*) FROM shift_signup g "
	"WHERE g.shift_id = shift.id)",
	/*
	 * STMT_CLAIMS, STMT_DELIVERIES: every ask met was claimed and
	 * brought by a volunteer (the first is ?1, there are ?2); one in
	 * eight of them found nobody home, chosen by the ask: the claims'
	 * ids may follow another order on each backend.
	 */
	"INSERT INTO claim (need_id, user_id, claimed_at, released_at) "
	"SELECT id, ? + id % ?, created_at, updated_at FROM need "
	"WHERE status = 'fulfilled'",
	"INSERT INTO delivery (claim_id, need_id, user_id, outcome, at) "
	"SELECT id, need_id, user_id, CASE WHEN need_id % 8 = 0 THEN "
	"'not_home' ELSE 'delivered' END, released_at FROM claim",
	/*
	 * STMT_CONTACTS .. STMT_ORGANIZERS: each person's climb, a stage
	 * at the first time they did what it takes, lowest first, so that
	 * their last row is the stage they are at.
	 */
	"INSERT INTO person_stage (person_id, stage, why, at) SELECT "
	"person_id, 'contact', 'asked', min(created_at) FROM need "
	"GROUP BY person_id",
	"INSERT INTO person_stage (person_id, stage, why, at) SELECT "
	"a.person_id, 'participant', 'attended', min(s.starts_at) FROM "
	"attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE a.role = 'guest' GROUP BY a.person_id",
	"INSERT INTO person_stage (person_id, stage, why, at) SELECT "
	"person_id, 'helper', 'helped', min(at) FROM (SELECT a.person_id, "
	"s.starts_at AS at FROM attendance a JOIN program_session s ON "
	"s.id = a.session_id WHERE a.role = 'helper' UNION ALL SELECT "
	"g.person_id, g.created_at FROM shift_signup g UNION ALL SELECT "
	"u.person_id, d.at FROM delivery d JOIN app_user u ON "
	"u.id = d.user_id WHERE d.outcome = 'delivered') h "
	"GROUP BY person_id",
	"INSERT INTO person_stage (person_id, stage, why, at) SELECT "
	"a.person_id, 'organizer', 'organized', min(s.starts_at) FROM "
	"attendance a JOIN program_session s ON s.id = a.session_id "
	"WHERE a.role = 'lead' GROUP BY a.person_id",
	/*
	 * STMT_INVITED, STMT_JOINED: one helper in three invited to join
	 * the day they first helped, half of them joined that evening
	 */
	"INSERT INTO person_membership (person_id, status, at) SELECT "
	"person_id, 'invited', substr(at, 1, 10) || 'T20:00:00Z' FROM "
	"person_stage WHERE stage = 'helper' AND person_id % 3 = 0",
	"INSERT INTO person_membership (person_id, status, at) SELECT "
	"person_id, 'joined', substr(at, 1, 10) || 'T21:00:00Z' FROM "
	"person_stage WHERE stage = 'helper' AND person_id % 6 = 0",
	/*
	 * STMT_TASKS: a follow-up about one person in twenty, for their
	 * zone's organizers, due when they joined: two in five done or
	 * skipped, the rest open and overdue. Chosen 40 ids together every
	 * 800, and decided by the 800, so that every zone (person i lives
	 * in zone i % nzones) has some, in each state.
	 */
	"INSERT INTO task (person_id, zone_id, why, due_at, status, outcome, "
	"created_at, closed_at) SELECT id, zone_id, CASE id / 800 % 3 "
	"WHEN 0 THEN 'check_in' WHEN 1 THEN 'invite_help' ELSE "
	"'invite_membership' END, created_at, CASE id / 800 % 5 WHEN 0 THEN "
	"'done' WHEN 1 THEN 'skipped' ELSE 'open' END, CASE id / 800 % 5 "
	"WHEN 0 THEN 'accepted' WHEN 1 THEN 'no_answer' END, created_at, "
	"CASE WHEN id / 800 % 5 < 2 THEN created_at END FROM person "
	"WHERE id / 40 % 20 = 0",
};

enum lang {
	LANG_EN,
	LANG_ES,
	LANG__MAX,
};

static const char *const lang_codes[LANG__MAX] = {
	"en", /* LANG_EN */
	"es", /* LANG_ES */
};

/* Weights in percent, as bench/workload.md fixes them. */
static const unsigned char status_weights[STATUS__MAX] = {
	40, /* STATUS_OPEN */
	20, /* STATUS_MATCHED */
	30, /* STATUS_FULFILLED */
	10, /* STATUS_CLOSED */
};

static const unsigned char urgency_weights[3] = { 50, 35, 15 };

/*
 * What people write, per category and language: an ask or an offer is
 * one of its phrases, a space and one of the closing lines below, about
 * 80 characters in all.
 */
#define PHRASES 3

struct demo_category {
	const char *code;
	const char *ask[LANG__MAX][PHRASES];
	const char *offer[LANG__MAX][PHRASES];
};

/*
 * Laid out by hand, one language under the other: the formatter would
 * split the sentences and interleave the levels of the table.
 */
/* clang-format off */
static const struct demo_category categories[] = {
	{ "groceries",
	  { { "Need groceries for a family of four this week.",
	      "Could use rice, beans, milk and fresh vegetables.",
	      "Out of food until payday, anything helps." },
	    { "Necesito comida para una familia de cuatro esta semana.",
	      "Nos hace falta arroz, frijoles, leche y verduras.",
	      "Sin comida hasta el día de pago, cualquier cosa ayuda." } },
	  { { "I can drop off a bag of groceries on Saturdays.",
	      "Extra vegetables from my garden to share.",
	      "I can shop for someone who can't get out." },
	    { "Puedo llevar una bolsa de mandado los sábados.",
	      "Tengo verduras de mi huerta para compartir.",
	      "Puedo hacer las compras para quien no pueda salir." } } },
	{ "rent",
	  { { "Short $300 on rent after my hours were cut.",
	      "Behind one month on rent, landlord sent a notice.",
	      "Need help with rent until my new job starts." },
	    { "Me faltan $300 para la renta, me bajaron las horas.",
	      "Debo un mes de renta y el dueño mandó un aviso.",
	      "Necesito ayuda con la renta hasta que empiece a trabajar." } },
	  { { "I can chip in $100 toward someone's rent.",
	      "I can help fill out rent relief applications.",
	      "Our church fund covers part of a month's rent." },
	    { "Puedo aportar $100 para la renta de alguien.",
	      "Ayudo a llenar solicitudes de ayuda para la renta.",
	      "El fondo de la iglesia cubre parte de una renta." } } },
	{ "transport",
	  { { "Need a ride to a medical appointment on Thursday.",
	      "Need a ride to work while my car is in the shop.",
	      "Need bus fare for the week to get to interviews." },
	    { "Necesito que me lleven a una cita médica el jueves.",
	      "Busco quien me lleve al trabajo mientras arreglan el carro.",
	      "Necesito pasajes de autobús para ir a entrevistas." } },
	  { { "I have a car and can give rides on weekends.",
	      "I can drive people to appointments on weekdays.",
	      "I have spare bus passes for this month." },
	    { "Tengo carro y puedo dar aventones los fines de semana.",
	      "Puedo llevar gente a sus citas entre semana.",
	      "Tengo pases de autobús de sobra este mes." } } },
	{ "childcare",
	  { { "Need someone to watch two kids after school.",
	      "Need childcare on Saturday mornings while I work.",
	      "Need a sitter for my toddler during a court date." },
	    { "Necesito quien cuide a dos niños después de la escuela.",
	      "Busco quien cuide a mis hijos los sábados en la mañana.",
	      "Necesito niñera para mi bebé durante una cita en la corte." } },
	  { { "I can watch kids after school twice a week.",
	      "Retired teacher, happy to babysit in the mornings.",
	      "I can take kids to school with mine." },
	    { "Puedo cuidar niños después de la escuela dos días.",
	      "Maestra jubilada, cuido niños en las mañanas.",
	      "Puedo llevar niños a la escuela junto con los míos." } } },
	{ "medical",
	  { { "Need help paying for a clinic visit and lab tests.",
	      "Looking for a blood pressure monitor for my father.",
	      "Need a wheelchair for a few weeks after surgery." },
	    { "Necesito ayuda para pagar una consulta y análisis.",
	      "Busco un aparato para medir la presión de mi papá.",
	      "Necesito una silla de ruedas tras la operación." } },
	  { { "Nurse, I can check blood pressure on Sundays.",
	      "I have a wheelchair and crutches to lend.",
	      "I can go with someone to a clinic visit." },
	    { "Soy enfermera, tomo la presión los domingos.",
	      "Tengo una silla de ruedas y muletas para prestar.",
	      "Puedo acompañar a alguien a su cita en la clínica." } } },
	{ "prescriptions",
	  { { "Can't afford my insulin refill this month.",
	      "Need someone to pick up a prescription for me.",
	      "Short on the copay for my daughter's inhaler." },
	    { "No me alcanza para la insulina este mes.",
	      "Necesito que alguien recoja una receta en la farmacia.",
	      "Me falta el copago del inhalador de mi hija." } },
	  { { "I can pick up prescriptions on my way home.",
	      "I can cover one copay a month.",
	      "I can explain discount drug programs." },
	    { "Puedo recoger recetas de camino a casa.",
	      "Puedo pagar un copago al mes.",
	      "Explico los programas de descuento en medicinas." } } },
	{ "diapers",
	  { { "Need size 4 diapers and wipes for my baby.",
	      "Running out of size 2 diapers and baby formula.",
	      "Could use pull-ups for a three-year-old." },
	    { "Necesito pañales talla 4 y toallitas para mi bebé.",
	      "Se me acaban los pañales talla 2 y la fórmula.",
	      "Me vendrían bien pañales de entrenamiento para mi niño." } },
	  { { "Two unopened packs of size 3 diapers to give.",
	      "I can buy a pack of diapers every month.",
	      "Boxes of wipes and diaper cream to share." },
	    { "Tengo dos paquetes de pañales talla 3 sin abrir.",
	      "Puedo comprar un paquete de pañales cada mes.",
	      "Tengo toallitas y crema para pañal para compartir." } } },
	{ "clothing",
	  { { "Need a winter coat for a ten-year-old boy.",
	      "Looking for work boots, men's size 10.",
	      "Need warm clothes for a newborn." },
	    { "Necesito un abrigo de invierno para un niño de diez años.",
	      "Busco botas de trabajo, talla 10 de hombre.",
	      "Necesito ropa abrigada para un recién nacido." } },
	  { { "Bags of kids' clothes, sizes 4 to 8.",
	      "Winter coats in good shape, adult sizes.",
	      "I can mend and alter clothes for free." },
	    { "Bolsas de ropa de niño, tallas 4 a 8.",
	      "Abrigos de invierno en buen estado, tallas de adulto.",
	      "Coso y arreglo ropa gratis." } } },
	{ "utilities",
	  { { "Electric bill past due, shutoff notice for Friday.",
	      "Need help with the gas bill so we have heat.",
	      "Water bill is two months behind." },
	    { "La luz está vencida y la cortan el viernes.",
	      "Necesito ayuda con el gas para tener calefacción.",
	      "Debo dos meses del recibo del agua." } },
	  { { "I can help apply for utility assistance.",
	      "I can put $50 toward a utility bill.",
	      "Space heater to lend for the winter." },
	    { "Ayudo a solicitar asistencia para los servicios.",
	      "Puedo poner $50 para un recibo de luz o gas.",
	      "Presto un calentador para el invierno." } } },
	{ "legal",
	  { { "Need advice on an eviction notice I received.",
	      "Need help filling out immigration forms.",
	      "Landlord won't fix the heat, need a tenant lawyer." },
	    { "Necesito consejo sobre un aviso de desalojo.",
	      "Busco ayuda para llenar formularios de inmigración.",
	      "El dueño no arregla la calefacción, busco abogado." } },
	  { { "Paralegal, I can review leases and notices.",
	      "I can go with someone to housing court.",
	      "Volunteer at the legal clinic, ask me anything." },
	    { "Soy asistente legal, reviso contratos y avisos.",
	      "Puedo acompañar a alguien a la corte de vivienda.",
	      "Voluntaria en la clínica legal, pregúntenme." } } },
	{ "housing",
	  { { "Need a place to stay for two weeks.",
	      "Looking for a room to rent under $600.",
	      "Need help moving furniture to a new apartment." },
	    { "Necesito dónde quedarme por dos semanas.",
	      "Busco un cuarto para rentar por menos de $600.",
	      "Necesito ayuda para mudar muebles a un apartamento." } },
	  { { "Spare room for someone in a pinch, up to a month.",
	      "I have a truck and can help with a move.",
	      "Couch available for a few nights." },
	    { "Tengo un cuarto libre para una emergencia, un mes.",
	      "Tengo camioneta y ayudo con mudanzas.",
	      "Tengo un sofá disponible por unas noches." } } },
	{ "other",
	  { { "Need a phone charger and a prepaid SIM card.",
	      "Need someone to help fix a leaking sink.",
	      "Need help writing a resume for job applications." },
	    { "Necesito un cargador de teléfono y una tarjeta SIM.",
	      "Busco quien me ayude a arreglar un lavabo que gotea.",
	      "Necesito ayuda para escribir mi currículum." } },
	  { { "Handy with plumbing and small repairs.",
	      "I can help with resumes and job applications.",
	      "Spare laptop for a student who needs one." },
	    { "Sé de plomería y reparaciones pequeñas.",
	      "Ayudo con currículums y solicitudes de empleo.",
	      "Tengo una laptop para un estudiante que la necesite." } } },
};
/* clang-format on */

#define NCATEGORIES (sizeof(categories) / sizeof(categories[0]))

static const char *const ask_closings[LANG__MAX][6] = {
	{ "Any weekday after 5 pm works for me.",
	    "I can pick up near the public library.",
	    "Please text me before you come by.",
	    "Thank you so much, neighbours!",
	    "Mornings are best for me, thanks.",
	    "I don't have a car right now." },
	{ "Cualquier día después de las 5 pm me sirve.",
	    "Puedo recoger cerca de la biblioteca pública.",
	    "Por favor mándenme un mensaje antes de venir.",
	    "¡Muchas gracias, vecinos!",
	    "Las mañanas me quedan mejor, gracias.",
	    "Ahorita no tengo carro." },
};

static const char *const offer_closings[LANG__MAX][4] = {
	{ "Message me to arrange a time.", "Available most evenings.",
	    "Happy to help anyone in the zone.", "Weekends are easiest." },
	{ "Escríbeme para coordinar.", "Disponible casi todas las tardes.",
	    "Con gusto ayudo a quien lo necesite.",
	    "Los fines de semana es más fácil." },
};

static const char *const close_reasons[LANG__MAX][5] = {
	{ "no longer needed", "duplicate of another ask",
	    "could not reach the person", "referred to the city program",
	    "moved out of the area" },
	{ "ya no lo necesita", "duplicado de otra solicitud",
	    "no pudimos contactar a la persona",
	    "se refirió al programa de la ciudad", "se mudó fuera del barrio" },
};

/* Names and the ASCII spelling their made-up email addresses use. */
struct demo_name {
	const char *name;
	const char *ascii;
};

static const struct demo_name first_names[LANG__MAX][16] = {
	{ { "Aisha", "aisha" }, { "James", "james" }, { "Emily", "emily" },
	    { "Marcus", "marcus" }, { "Grace", "grace" },
	    { "Olivia", "olivia" }, { "Darnell", "darnell" },
	    { "Hannah", "hannah" }, { "Liam", "liam" }, { "Priya", "priya" },
	    { "Keisha", "keisha" }, { "Owen", "owen" }, { "Chloe", "chloe" },
	    { "Samuel", "samuel" }, { "Nia", "nia" }, { "Ethan", "ethan" } },
	{ { "María José", "mariajose" }, { "Tomás", "tomas" },
	    { "José Luis", "joseluis" }, { "Lucía", "lucia" },
	    { "Andrés", "andres" }, { "Sofía", "sofia" }, { "Ramón", "ramon" },
	    { "Inés", "ines" }, { "Martín", "martin" },
	    { "Verónica", "veronica" }, { "Raúl", "raul" },
	    { "Ángela", "angela" }, { "Jesús", "jesus" },
	    { "Mónica", "monica" }, { "Joaquín", "joaquin" },
	    { "Begoña", "begona" } },
};

static const struct demo_name last_names[LANG__MAX][14] = {
	{ { "Brown", "brown" }, { "Johnson", "johnson" },
	    { "Williams", "williams" }, { "Okafor", "okafor" },
	    { "Smith", "smith" }, { "Taylor", "taylor" },
	    { "Nguyen", "nguyen" }, { "Patel", "patel" },
	    { "Walker", "walker" }, { "Robinson", "robinson" },
	    { "Carter", "carter" }, { "Murphy", "murphy" }, { "Khan", "khan" },
	    { "Lewis", "lewis" } },
	{ { "Fernández", "fernandez" }, { "Núñez", "nunez" },
	    { "García", "garcia" }, { "Rodríguez", "rodriguez" },
	    { "Martínez", "martinez" }, { "Pérez", "perez" },
	    { "Gómez", "gomez" }, { "Sánchez", "sanchez" }, { "Díaz", "diaz" },
	    { "Hernández", "hernandez" }, { "Muñoz", "munoz" },
	    { "Ibáñez", "ibanez" }, { "Ortiz", "ortiz" }, { "Peña", "pena" } },
};

static const char *const email_domains[] = {
	"example.org",
	"example.net",
	"example.com",
};

/* The first 8 make the demo network; the workload takes as many as it needs. */
static const char *const zone_names[] = {
	"Riverside",
	"La Villita",
	"Eastgate",
	"San Isidro",
	"Maple Heights",
	"El Barrio Alto",
	"Harbor View",
	"Old Mill",
	"Cedar Park",
	"Las Flores",
	"North End",
	"Santa Rosa",
	"Brookside",
	"Lomas Verdes",
	"Union Square",
	"Pueblo Nuevo",
	"Fairview",
	"Los Olivos",
	"Greenpoint",
	"Villa Esperanza",
	"Kingsway",
	"La Loma",
	"Millbrook",
	"San Miguel",
	"Parkdale",
	"El Mirador",
	"Westfield",
	"Valle Verde",
	"Hillcrest",
	"Las Palmas",
	"Southgate",
	"Buenavista",
	"Oak Hollow",
	"Nueva Aurora",
	"Stonebridge",
	"Río Chico",
	"Lakeview",
	"Monte Alto",
	"Ashford",
	"Los Pinos",
};

/* Landlords, numbered once the list runs out. */
static const char *const target_names[] = {
	"Grasp Realty",
	"Northside Holdings",
	"Keystone Property Group",
	"Lakeview Management",
	"Apex Residential",
	"Crown Estates",
	"Harbor Point Rentals",
	"Sterling Housing",
};

/* What a conversation at the door hears, in the person's language. */
static const char *const talk_problems[LANG__MAX][4] = {
	[LANG_EN] = { "No heat since last week, and the office does not "
		      "answer.",
	    "Mould in the bathroom again; the children cough.",
	    "The rent goes up again next month.",
	    "Repairs asked for in spring, never done." },
	[LANG_ES] = { "Sin calefacción desde la semana pasada, y la oficina "
		      "no contesta.",
	    "Otra vez moho en el baño; los niños tosen.",
	    "El alquiler sube otra vez el mes que viene.",
	    "Reparaciones pedidas en primavera, nunca hechas." },
};

static const char *const talk_next[LANG__MAX][3] = {
	[LANG_EN] = { "Invite to the building meeting",
	    "Bring two neighbours to the next meeting",
	    "Call back after the inspection" },
	[LANG_ES] = { "Invitar a la reunión del edificio",
	    "Traer a dos vecinos a la próxima reunión",
	    "Volver a llamar después de la inspección" },
};

static const char *const talk_hows[] = { "door", "door", "session", "phone",
	"text", "other" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * xoshiro256** seeded through splitmix64 (Blackman and Vigna): small,
 * fast, and the same sequence everywhere, which rand() does not promise.
 */
struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n), n > 0; the modulo bias is below 2^-40 for our n. */
static uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* An index into weights (percentages summing to 100). */
static size_t
rng_weighted(struct rng *r, const unsigned char *weights, size_t n)
{
	unsigned x = (unsigned)rng_below(r, 100);
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* Rows the demo writes many to a statement, this many at a time. */
#define DEMO_BATCH 1024

/*
 * People or asks on their way to the database, and the text their rows
 * point into, row i's at [i]: an ask's details are a phrase and a
 * closing line, 130 bytes at most.
 */
struct demo_batch {
	struct person_row people[DEMO_BATCH];
	struct need_row asks[DEMO_BATCH];
	char name[DEMO_BATCH][64];
	char phone[DEMO_BATCH][32];
	char email[DEMO_BATCH][96];
	char details[DEMO_BATCH][192];
	char when[DEMO_BATCH][CLOCK_ISO_LEN];
	size_t n;
};

/*
 * The tables the demo writes in bulk: their indexes are set aside while
 * the rows go in (db_indexes_drop) and made after them.
 */
static const char *const bulk_tables[] = { "person", "need" };

struct demo {
	struct db *db;
	struct rng rng;
	struct buf text; /* scratch for names and details */
	int64_t *zones;  /* ids, in creation order */
	size_t nzones;
	unsigned char *langs; /* each person's enum lang, by index */
	size_t npeople;
	int64_t nasks;
	int64_t noffers;
	int64_t nvolunteers;
	int64_t *targets; /* ids: zone i's landlord is i % ntargets */
	size_t ntargets;
	int64_t nconversations;
	int64_t first_volunteer; /* the workload's volunteers' first login */
	int64_t nvisits;
	int grid; /* zones on a grid, adjacent to their neighbours */
	int loud; /* big enough to tell how it goes on stderr */
	struct demo_batch *batch;
	json_t *indexes[NELEM(bulk_tables)]; /* set aside, to make again */
};

/*
 * Person i's id, and the i-th ask's: the tables were empty (the demo
 * checks), and the rows are written with their ids, 1 up, so that a
 * rule by id (windows, landlords) is the same on every run and backend.
 */
static int64_t
demo_id(size_t i)
{
	return (int64_t)i + 1;
}

/*
 * A long step's progress on stderr: at every tenth, and every few
 * seconds between, with the rate so far and the time left at that rate.
 */
struct demo_progress {
	const char *what;
	int64_t total;
	int64_t tenth; /* the next tenth to tell */
	double start;
	double last; /* when it last told */
};

#define DEMO_PROGRESS_EVERY 5.0 /* seconds */

static double
demo_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
demo_progress_start(struct demo_progress *p, const char *what, int64_t total)
{
	p->what = what;
	p->total = total;
	p->tenth = 1;
	p->start = p->last = demo_seconds();
}

/* done of the total are done: tell, if a tenth or enough time passed. */
static void
demo_progress(struct demo_progress *p, int64_t done)
{
	double now, rate;

	if (done % 1024 != 0 && done != p->total)
		return;
	now = demo_seconds();
	if (done * 10 < p->tenth * p->total &&
	    now - p->last < DEMO_PROGRESS_EVERY)
		return;
	while (p->tenth <= 10 && done * 10 >= p->tenth * p->total)
		p->tenth++;
	p->last = now;
	rate = now > p->start ? (double)done / (now - p->start) : 0;
	fprintf(stderr, "demo: %lld of %lld %s (%lld%%), %.0f a second",
	    (long long)done, (long long)p->total, p->what,
	    (long long)(done * 100 / p->total), rate);
	if (done < p->total && rate > 0)
		fprintf(stderr, ", %.0f s to go",
		    (double)(p->total - done) / rate);
	fputc('\n', stderr);
}

/*
 * The i-th of n instants over [start, start + span): each in its own slot
 * of span / n seconds, at a random point in it, so they rise with i.
 */
static time_t
demo_when(struct demo *d, time_t start, time_t span, int64_t i, int64_t n)
{
	int64_t slot = (int64_t)span / n;
	int64_t at = i * (int64_t)span / n;

	if (slot > 0)
		at += (int64_t)rng_below(&d->rng, (uint64_t)slot);
	return start + (time_t)at;
}

/* Decode raw (consumed) as the API would; NULL after saying why. */
static json_t *
demo_decode(const struct field *fields, json_t *raw, const char *what)
{
	struct problem p = { 0 };
	json_t *in = NULL;

	if (field_decode(fields, raw, 0, &in, &p) == -1)
		fprintf(stderr,
		    "solidarity: demo: generated %s is invalid "
		    "(%s: %s)\n",
		    what, p.field ? p.field : "?", p.msg);
	json_decref(raw);
	return in;
}

static int
demo_fail(struct demo *d, const char *what)
{
	fprintf(stderr, "solidarity: demo: cannot insert %s: %s\n", what,
	    db_errmsg(d->db));
	return -1;
}

/* The width of the workload's grid of n zones: as square as it goes. */
static size_t
demo_side(size_t n)
{
	size_t side = 1;

	while (side * side < n)
		side++;
	return side;
}

/* Each zone of the grid adjacent to the zone right of it and below it. */
static int
demo_grid(struct demo *d)
{
	size_t side = demo_side(d->nzones), i;
	struct db_val args[4];

	for (i = 0; i < d->nzones; i++) {
		size_t next[2] = { i + 1, i + side }, k;

		for (k = 0; k < 2; k++) {
			if (next[k] >= d->nzones ||
			    (k == 0 && next[k] % side == 0))
				continue;
			args[0] = args[3] = DBV_INT(d->zones[i]);
			args[1] = args[2] = DBV_INT(d->zones[next[k]]);
			if (db_exec(d->db, stmts[STMT_ADJACENT], args, 4) != 2)
				return demo_fail(d, "adjacent zones");
		}
	}
	return 0;
}

/* Zones named from zone_names, numbered once the list runs out. */
static int
demo_zones(struct demo *d, size_t n, time_t at)
{
	char when[CLOCK_ISO_LEN];
	double lat, lon;
	json_t *raw, *in;
	size_t i;
	int64_t id;

	clock_iso(at, when);
	d->zones = xcalloc(n, sizeof(*d->zones));
	for (i = 0; i < n; i++) {
		buf_reset(&d->text);
		buf_adds(&d->text, zone_names[i % NELEM(zone_names)]);
		if (i >= NELEM(zone_names))
			buf_printf(&d->text, " %zu", i / NELEM(zone_names) + 1);
		/* Around a made-up city centre, a few kilometres across. */
		lat = 41.85 + (double)rng_below(&d->rng, 2000) / 10000.0 - 0.1;
		lon = -87.65 + (double)rng_below(&d->rng, 2000) / 10000.0 - 0.1;
		/*
		 * The workload's grid: drawn all the same, so that the asks
		 * that follow are those of every earlier run.
		 */
		if (d->grid) {
			lat = 41.75 + GRID_LAT * (double)(i / demo_side(n));
			lon = -87.75 + GRID_LON * (double)(i % demo_side(n));
		}
		raw = json_pack("{s:s,s:f,s:f}", "name", d->text.ptr, "lat",
		    lat, "lon", lon);
		in = demo_decode(zone_fields, raw, "zone");
		if (in == NULL)
			return -1;
		id = zone_insert(d->db, in, when);
		json_decref(in);
		if (id == -1)
			return demo_fail(d, "zone");
		d->zones[d->nzones++] = id;
	}
	return 0;
}

/* Write the batch's rows, its asks or its people, and empty it. 0, or -1. */
static int
demo_flush(struct demo *d, int asks)
{
	struct demo_batch *b = d->batch;
	int rc = asks ? need_insert_many(d->db, b->asks, b->n)
		      : person_insert_many(d->db, b->people, b->n);

	b->n = 0;
	return rc == -1 ? demo_fail(d, asks ? "asks" : "people") : 0;
}

/* The workload's people's weekly windows, by id: three in four have some. */
static const char *const person_windows[4] = { "Mon-Fri 17:00-20:00",
	"Sat-Sun 10:00-14:00", "Tue 09:00-12:00, Thu 09:00-12:00", NULL };

/*
 * n people, person i living in zone i % nzones, created over
 * [start, start + span). Names follow the person's origin; most speak its
 * language. Some give a phone, some an email, some neither.
 */
static int
demo_people(struct demo *d, size_t n, time_t start, time_t span)
{
	const struct demo_name *first, *last;
	struct demo_batch *b = d->batch;
	struct person_row *r;
	enum lang origin, lang;
	size_t i;

	d->langs = xcalloc(n, sizeof(*d->langs));
	for (i = 0; i < n; i++) {
		r = &b->people[b->n];
		origin = rng_below(&d->rng, 100) < 45 ? LANG_ES : LANG_EN;
		first = &first_names[origin]
				    [rng_below(&d->rng, NELEM(first_names[0]))];
		last = &last_names[origin]
				  [rng_below(&d->rng, NELEM(last_names[0]))];
		lang = origin;
		if (rng_below(&d->rng, 100) < (origin == LANG_ES ? 25 : 5))
			lang = origin == LANG_ES ? LANG_EN : LANG_ES;
		snprintf(b->name[b->n], sizeof(b->name[0]), "%s %s",
		    first->name, last->name);
		r->id = demo_id(i);
		r->name = b->name[b->n];
		r->language = lang_codes[lang];
		r->zone_id = d->zones[i % d->nzones];
		r->windows = d->grid ? person_windows[r->id % 4] : NULL;
		r->phone = r->email = NULL;
		/*
		 * 555-0100 to 555-0199: the numbers reserved for fiction,
		 * written as FIELD_PHONE keeps them.
		 */
		if (rng_below(&d->rng, 100) < 60) {
			snprintf(b->phone[b->n], sizeof(b->phone[0]),
			    "+1%s55501%02u",
			    rng_below(&d->rng, 2) ? "312" : "773",
			    (unsigned)rng_below(&d->rng, 100));
			r->phone = b->phone[b->n];
		}
		if (rng_below(&d->rng, 100) < 40) {
			snprintf(b->email[b->n], sizeof(b->email[0]),
			    "%s.%s%zu@%s", first->ascii, last->ascii, i + 1,
			    email_domains[rng_below(&d->rng,
				NELEM(email_domains))]);
			r->email = b->email[b->n];
		}
		clock_iso(demo_when(d, start, span, (int64_t)i, (int64_t)n),
		    b->when[b->n]);
		r->created_at = b->when[b->n];
		d->langs[i] = (unsigned char)lang;
		d->npeople++;
		if (++b->n == DEMO_BATCH && demo_flush(d, 0) == -1)
			return -1;
	}
	return demo_flush(d, 0);
}

/* Compose a phrase and a closing line in d->text. */
static void
demo_text(struct demo *d, const char *const *phrases,
    const char *const *closings, size_t nclosings)
{
	buf_reset(&d->text);
	buf_adds(&d->text, phrases[rng_below(&d->rng, PHRASES)]);
	buf_addc(&d->text, ' ');
	buf_adds(&d->text, closings[rng_below(&d->rng, nclosings)]);
}

/*
 * A status drawn at random; closed rows carry a reason, in the language
 * of the person, in *reason (NULL for the others).
 */
static enum status
demo_status(struct demo *d, enum lang lang, const char **reason)
{
	enum status st;

	st = (enum status)rng_weighted(&d->rng, status_weights, STATUS__MAX);
	*reason = st == STATUS_CLOSED
	    ? close_reasons[lang][rng_below(&d->rng, NELEM(close_reasons[0]))]
	    : NULL;
	return st;
}

/* The workload's asks' weekly windows, by id: two in three have some. */
static const char *const need_windows[3] = { "Mon-Fri 18:00-21:00",
	"Sat 09:00-13:00", NULL };

/*
 * One ask by person (an index) in zone (an index) and category, made at
 * at. Two asks in five, by id, name their building's landlord (each zone
 * has one): need_tag's statements give them their problems.
 */
static int
demo_ask(struct demo *d, size_t person, size_t zone, size_t category, time_t at)
{
	enum lang lang = (enum lang)d->langs[person];
	struct demo_batch *b = d->batch;
	struct need_row *r = &b->asks[b->n];

	demo_text(d, categories[category].ask[lang], ask_closings[lang],
	    NELEM(ask_closings[0]));
	snprintf(b->details[b->n], sizeof(b->details[0]), "%s", d->text.ptr);
	clock_iso(at, b->when[b->n]);
	r->id = demo_id((size_t)d->nasks);
	r->person_id = demo_id(person);
	r->category = categories[category].code;
	r->details = b->details[b->n];
	r->urgency = 1 +
	    (int64_t)rng_weighted(&d->rng, urgency_weights,
		NELEM(urgency_weights));
	r->zone_id = d->zones[zone];
	r->windows = d->grid ? need_windows[r->id % 3] : NULL;
	r->status = status_names[demo_status(d, lang, &r->close_reason)];
	r->target_id = r->id % 5 < 2 ? d->targets[zone % d->ntargets] : 0;
	r->created_at = b->when[b->n];
	d->nasks++;
	if (++b->n == DEMO_BATCH)
		return demo_flush(d, 1);
	return 0;
}

/* One offer by person (an index), open or in a state drawn at random. */
static int
demo_offer(struct demo *d, size_t person, size_t category, int open,
    const char *when)
{
	enum lang lang = (enum lang)d->langs[person];
	const char *reason;
	enum status st;
	json_t *raw, *in;
	int64_t id;

	demo_text(d, categories[category].offer[lang], offer_closings[lang],
	    NELEM(offer_closings[0]));
	raw = json_pack("{s:I,s:s,s:s,s:I}", "person_id",
	    (json_int_t)demo_id(person), "category", categories[category].code,
	    "details", d->text.ptr, "zone_id",
	    (json_int_t)d->zones[person % d->nzones]);
	if (rng_below(&d->rng, 100) < 40)
		json_object_set_new(raw, "quantity",
		    json_integer(1 + (json_int_t)rng_below(&d->rng, 10)));
	in = demo_decode(offer_fields, raw, "offer");
	if (in == NULL)
		return -1;
	st = STATUS_OPEN;
	if (!open) {
		st = demo_status(d, lang, &reason);
		if (reason != NULL)
			input_set(in, status_fields, STATUS_KEY_REASON,
			    json_string(reason));
	}
	id = offer_insert(d->db, in, status_names[st], when);
	json_decref(in);
	if (id == -1)
		return demo_fail(d, "offer");
	d->noffers++;
	return 0;
}

/*
 * A landlord for every three zones or so: zone i belongs to target
 * i % ntargets, so that one landlord owns buildings across the city.
 */
static int
demo_targets(struct demo *d, time_t at)
{
	char when[CLOCK_ISO_LEN];
	struct db_val args[4];
	size_t i;
	char *fold;
	int rc;

	clock_iso(at, when);
	d->ntargets = (d->nzones + 2) / 3;
	d->targets = xcalloc(d->ntargets, sizeof(*d->targets));
	for (i = 0; i < d->ntargets; i++) {
		buf_reset(&d->text);
		buf_adds(&d->text, target_names[i % NELEM(target_names)]);
		if (i >= NELEM(target_names))
			buf_printf(&d->text, " %zu",
			    i / NELEM(target_names) + 1);
		fold = fold_name(d->text.ptr);
		args[0] = DBV_TEXT(d->text.ptr);
		args[1] = DBV_TEXT(fold);
		args[2] = args[3] = DBV_TEXT(when);
		rc = db_int(d->db, stmts[STMT_TARGET], args, 4, &d->targets[i]);
		free(fold);
		if (rc != 1)
			return demo_fail(d, "a target");
	}
	for (i = 0; i < d->nzones; i++) {
		args[0] = DBV_INT(d->targets[i % d->ntargets]);
		args[1] = DBV_INT(d->zones[i]);
		if (db_exec(d->db, stmts[STMT_TARGET_ZONE], args, 2) != 1)
			return demo_fail(d, "a target's zone");
	}
	return 0;
}

/*
 * The i-th of n conversations over [start, start + span): with a person
 * drawn at random, in their zone, seven in ten naming its landlord.
 */
static int
demo_talk(struct demo *d, int64_t i, int64_t n, time_t start, time_t span)
{
	char when[CLOCK_ISO_LEN], next[CLOCK_ISO_LEN];
	size_t person = (size_t)rng_below(&d->rng, d->npeople);
	size_t zone = person % d->nzones;
	enum lang lang = (enum lang)d->langs[person];
	struct db_val args[10];
	time_t at = demo_when(d, start, span, i, n);

	clock_iso(at, when);
	clock_iso(at + 7 * DAY, next);
	args[0] = DBV_INT(demo_id(person));
	args[1] = DBV_INT(d->zones[zone]);
	args[2] = rng_below(&d->rng, 10) < 7
	    ? DBV_INT(d->targets[zone % d->ntargets])
	    : DBV_NULL;
	args[3] = DBV_TEXT(when);
	args[4] = DBV_TEXT(talk_hows[rng_below(&d->rng, NELEM(talk_hows))]);
	args[5] = DBV_TEXT(
	    talk_problems[lang][rng_below(&d->rng, NELEM(talk_problems[0]))]);
	args[6] = DBV_INT(1 + (int64_t)rng_below(&d->rng, 5));
	args[7] = DBV_TEXT(
	    talk_next[lang][rng_below(&d->rng, NELEM(talk_next[0]))]);
	args[8] = DBV_TEXT(next);
	args[9] = DBV_TEXT(when);
	if (db_exec(d->db, stmts[STMT_CONVERSATION], args, 10) != 1)
		return demo_fail(d, "a conversation");
	d->nconversations++;
	return 0;
}

/*
 * What people face, after the asks: the problems of the asks that name
 * their landlord, and n conversations over [start, start + span), each
 * with a problem and some with a second (schema/014).
 */
static int
demo_organizing(struct demo *d, int64_t n, time_t start, time_t span)
{
	static const enum stmt tags[] = { STMT_NEED_TAGS, STMT_NEED_MORE_TAGS };
	int64_t i;
	size_t k;

	for (k = 0; k < NELEM(tags); k++)
		if (db_exec(d->db, stmts[tags[k]], NULL, 0) == -1)
			return demo_fail(d, "the asks' targets and tags");
	for (i = 0; i < n; i++)
		if (demo_talk(d, i, n, start, span) == -1)
			return -1;
	if (db_exec(d->db, stmts[STMT_CONVERSATION_TAGS], NULL, 0) == -1 ||
	    db_exec(d->db, stmts[STMT_CONVERSATION_MORE_TAGS], NULL, 0) == -1)
		return demo_fail(d, "the conversations' tags");
	return 0;
}

/*
 * Sign people first .. last (indices) in at session id as role; each
 * sign-in raises their stage as it would at the door.
 */
static int
demo_came(struct demo *d, int64_t id, size_t first, size_t last,
    const char *role)
{
	struct problem p = { 0 };
	json_t *in, *out = NULL;
	size_t i;
	int rc = 0;

	for (i = first; i <= last && i < d->npeople && rc == 0; i++) {
		in = json_pack("{s:I,s:s}", "person_id", (json_int_t)demo_id(i),
		    "role", role);
		rc = attendance_add(d->db, id, in, &out, &p);
		json_decref(in);
		json_decref(out);
	}
	return rc == -1 ? demo_fail(d, "a sign-in at the free store") : 0;
}

/*
 * The ladder of the demo network: everyone at the stage their asks give,
 * then a free store three weeks old, led by the first person, whose
 * first sessions had guests, helpers and leads, so that every stage has
 * people and some have climbed two (docs/api.md, "The ladder").
 */
static int
demo_ladder(struct demo *d, time_t now)
{
	char today[CIVIL_DATE_LEN], from[CIVIL_DATE_LEN];
	struct problem p = { 0 };
	json_t *in, *program = NULL, *sessions = NULL, *items;
	int64_t id, s[3];
	size_t i;
	int rc;

	for (i = 0; i < d->npeople; i++)
		if (ladder_touch(d->db, demo_id(i)) == -1)
			return demo_fail(d, "a stage");
	civil_today(now, today);
	civil_today(now - 21 * DAY, from);
	in = json_pack("{s:s,s:s,s:I,s:s,s:s,s:I,s:s}", "name", "Free store",
	    "kind", "free_store", "zone_id", (json_int_t)d->zones[0], "address",
	    "Union hall", "schedule", "Sat 10:00-12:00", "lead_person_id",
	    (json_int_t)demo_id(0), "starts_on", from);
	rc = program_create(d->db, in, today, &program, &p);
	json_decref(in);
	if (rc == -1)
		return demo_fail(d, "the free store");
	id = json_integer_value(json_object_get(program, "id"));
	json_decref(program);
	if (program_sessions(d->db, id, from, &sessions, &p) == -1)
		return demo_fail(d, "the free store's sessions");
	items = json_object_get(sessions, "items");
	for (i = 0; i < 3; i++)
		s[i] = json_integer_value(
		    json_object_get(json_array_get(items, i), "id"));
	json_decref(sessions);
	if (demo_came(d, s[0], 1, 40, "guest") == -1 ||
	    demo_came(d, s[1], 20, 34, "helper") == -1 ||
	    demo_came(d, s[2], 30, 33, "lead") == -1 ||
	    demo_came(d, s[2], 41, 60, "guest") == -1)
		return -1;
	return 0;
}

/* The bulk tables' indexes set aside, before their rows. 0, or -1. */
static int
demo_unindex(struct demo *d)
{
	size_t t;

	for (t = 0; t < NELEM(bulk_tables); t++) {
		d->indexes[t] = db_indexes_drop(d->db, bulk_tables[t]);
		if (d->indexes[t] == NULL) {
			fprintf(stderr,
			    "solidarity: demo: cannot set the indexes of %s "
			    "aside: %s\n",
			    bulk_tables[t], db_errmsg(d->db));
			return -1;
		}
	}
	return 0;
}

/*
 * After the people and asks: the last asks written, the indexes made
 * again, the asks counted in need_tally, and the ids that the database
 * hands out next past the demo's. 0, or -1.
 */
static int
demo_reindex(struct demo *d)
{
	double t0 = demo_seconds();
	size_t t, n = 0;

	if (demo_flush(d, 1) == -1)
		return -1;
	for (t = 0; t < NELEM(bulk_tables); t++)
		n += json_array_size(d->indexes[t]);
	if (d->loud)
		fprintf(stderr,
		    "demo: making the %zu indexes of %zu people "
		    "and %lld asks\n",
		    n, d->npeople, (long long)d->nasks);
	for (t = 0; t < NELEM(bulk_tables); t++)
		if (db_indexes_make(d->db, d->indexes[t]) == -1 ||
		    db_sync_ids(d->db, bulk_tables[t]) == -1) {
			fprintf(stderr,
			    "solidarity: demo: cannot index %s: %s\n",
			    bulk_tables[t], db_errmsg(d->db));
			return -1;
		}
	if (need_tally_rebuild(d->db) == -1)
		return demo_fail(d, "the count of the asks");
	if (d->loud)
		fprintf(stderr, "demo: indexes made in %.1f s\n",
		    demo_seconds() - t0);
	return 0;
}

/*
 * The demo network, dated back from now: zones five months old, people
 * joining over three weeks, then two months of asks and offers. All of it
 * is younger than the default retention (90 days), so the server's first
 * purge leaves the demo whole.
 */
static int
demo_network(struct demo *d)
{
	char when[CLOCK_ISO_LEN];
	time_t now = time(NULL);
	time_t start = now - 60 * DAY, at;
	size_t person;
	int64_t i;

	/* Neighbours as on the workload's grid, so that matching reaches. */
	if (demo_zones(d, DEMO_ZONES, now - 150 * DAY) == -1 ||
	    demo_targets(d, start - DAY) == -1 || demo_grid(d) == -1 ||
	    demo_unindex(d) == -1 ||
	    demo_people(d, DEMO_PEOPLE, now - 85 * DAY, 21 * DAY) == -1)
		return -1;
	for (i = 0; i < DEMO_ASKS; i++) {
		person = (size_t)rng_below(&d->rng, d->npeople);
		at = demo_when(d, start, 60 * DAY, i, DEMO_ASKS);
		if (demo_ask(d, person, person % d->nzones,
			(size_t)rng_below(&d->rng, NCATEGORIES), at) == -1)
			return -1;
	}
	if (demo_reindex(d) == -1)
		return -1;
	for (i = 0; i < DEMO_OFFERS; i++) {
		person = (size_t)rng_below(&d->rng, d->npeople);
		clock_iso(demo_when(d, start, 60 * DAY, i, DEMO_OFFERS), when);
		if (demo_offer(d, person,
			(size_t)rng_below(&d->rng, NCATEGORIES), 0, when) == -1)
			return -1;
	}
	if (demo_organizing(d, DEMO_CONVERSATIONS, start, 60 * DAY) == -1)
		return -1;
	return demo_ladder(d, now);
}

/*
 * The benchmark workload: nzones zones, npeople people (0: one for every
 * four asks; at least one per zone), nneeds asks over a fixed year. Zone and
 * category are uniform; the asker is drawn from the people of the ask's zone,
 * who are the indices z, z + nzones, z + 2 nzones…
 */
static int
demo_workload(struct demo *d, int64_t nneeds, size_t nzones, size_t npeople)
{
	struct demo_progress progress;
	size_t zone, per_zone;
	time_t at;
	int64_t i;

	if (npeople == 0)
		npeople = (size_t)nneeds / 4;
	if (npeople < nzones)
		npeople = nzones;
	if (demo_zones(d, nzones, WORKLOAD_START - 31 * DAY) == -1 ||
	    demo_targets(d, WORKLOAD_START - DAY) == -1 ||
	    demo_unindex(d) == -1 ||
	    demo_people(d, npeople, WORKLOAD_START - 30 * DAY, 30 * DAY) == -1)
		return -1;
	demo_progress_start(&progress, "asks", nneeds);
	for (i = 0; i < nneeds; i++) {
		zone = (size_t)rng_below(&d->rng, nzones);
		per_zone = npeople / nzones + (zone < npeople % nzones);
		at = demo_when(d, WORKLOAD_START, WORKLOAD_SPAN, i, nneeds);
		if (demo_ask(d,
			zone + nzones * (size_t)rng_below(&d->rng, per_zone),
			zone, (size_t)rng_below(&d->rng, NCATEGORIES),
			at) == -1)
			return -1;
		if (d->loud)
			demo_progress(&progress, i + 1);
	}
	if (demo_reindex(d) == -1)
		return -1;
	/*
	 * Every asker a contact since their first ask, as the API makes
	 * them: a network without a ladder would be one no server keeps,
	 * and PostgreSQL would plan each look at a person's stage for the
	 * empty table it was analyzed as.
	 */
	if (d->loud)
		fprintf(stderr, "demo: every asker a contact\n");
	if (db_exec(d->db, stmts[STMT_CONTACTS], NULL, 0) == -1)
		return demo_fail(d, "the askers' stages");
	return 0;
}

/*
 * The workload's offers, all open: each by a person drawn at random, in
 * their zone, of a category drawn at random, made over the same year.
 */
static int
demo_workload_offers(struct demo *d, int64_t n)
{
	char when[CLOCK_ISO_LEN];
	int64_t i;

	for (i = 0; i < n; i++) {
		clock_iso(demo_when(d, WORKLOAD_START, WORKLOAD_SPAN, i, n),
		    when);
		if (demo_offer(d, (size_t)rng_below(&d->rng, d->npeople),
			(size_t)rng_below(&d->rng, NCATEGORIES), 1, when) == -1)
			return -1;
	}
	return 0;
}

/*
 * n volunteers: person i * npeople / n logs in as "volunteerI" and works
 * in their own zone and, one in two, in the zone after it too (adjacent
 * on the grid, or nearly).
 */
static int
demo_volunteers(struct demo *d, int64_t n)
{
	char when[CLOCK_ISO_LEN], login[32];
	struct db_val args[3];
	size_t person, zone;
	int64_t i, id;

	clock_iso(WORKLOAD_START - DAY, when);
	for (i = 0; i < n; i++) {
		person = (size_t)(i * (int64_t)d->npeople / n);
		zone = person % d->nzones;
		snprintf(login, sizeof(login), "volunteer%lld",
		    (long long)i + 1);
		args[0] = DBV_INT(demo_id(person));
		args[1] = DBV_TEXT(login);
		args[2] = DBV_TEXT(when);
		if (db_int(d->db, stmts[STMT_VOLUNTEER], args, 3, &id) != 1)
			return demo_fail(d, "a volunteer");
		if (i == 0)
			d->first_volunteer = id;
		args[0] = DBV_INT(id);
		args[1] = DBV_INT(d->zones[zone]);
		if (db_exec(d->db, stmts[STMT_VOLUNTEER_ZONE], args, 2) != 1)
			return demo_fail(d, "a volunteer's zone");
		args[1] = DBV_INT(d->zones[(zone + 1) % d->nzones]);
		if (d->nzones > 1 && rng_below(&d->rng, 2) == 0 &&
		    db_exec(d->db, stmts[STMT_VOLUNTEER_ZONE], args, 2) != 1)
			return demo_fail(d, "a volunteer's zone");
		d->nvolunteers++;
	}
	return 0;
}

/*
 * What matching works on, after the asks (which have their weekly
 * windows): the grid's adjacency, and the offers and volunteers asked
 * for.
 */
static int
demo_matching(struct demo *d, int64_t noffers, int64_t nvolunteers)
{
	if (demo_grid(d) == -1)
		return -1;
	if (demo_workload_offers(d, noffers) == -1)
		return -1;
	return demo_volunteers(d, nvolunteers);
}

/* The weekly sessions of --people's year, and a shift at each. */
#define HISTORY_WEEKS 52
/* Two talks, films or classes a month. */
#define HISTORY_EVENTS 24

/* Run the statements of list, n of them, without arguments. */
static int
demo_statements(struct demo *d, const enum stmt *list, size_t n,
    const char *what)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (db_exec(d->db, stmts[list[k]], NULL, 0) == -1)
			return demo_fail(d, what);
	return 0;
}

/*
 * A free store in every zone, held every week of the workload's year,
 * each session with a shift: ids into sessions and shifts, zone z's
 * week w at z * HISTORY_WEEKS + w. Then the year's events, into events.
 */
static int
demo_places(struct demo *d, int64_t *sessions, int64_t *shifts, int64_t *events)
{
	static const char *const kinds[] = { "study_group", "talk", "film",
		"class" };
	char when[CLOCK_ISO_LEN], at[CLOCK_ISO_LEN], day[CIVIL_DATE_LEN];
	struct db_val args[10];
	int64_t program;
	size_t z, w, k;

	clock_iso(WORKLOAD_START - DAY, when);
	for (z = 0; z < d->nzones; z++) {
		buf_reset(&d->text);
		buf_printf(&d->text, "Free store %zu", z + 1);
		args[0] = DBV_TEXT(d->text.ptr);
		args[1] = DBV_INT(d->zones[z]);
		args[2] = args[3] = DBV_TEXT(when);
		if (db_int(d->db, stmts[STMT_PROGRAM], args, 4, &program) != 1)
			return demo_fail(d, "a free store");
		for (w = 0; w < HISTORY_WEEKS; w++) {
			/* Zones meet on days of their own, at ten UTC. */
			clock_iso(WORKLOAD_START +
				(time_t)(w * 7 + z % 7) * DAY + 10 * 60 * 60,
			    at);
			memcpy(day, at, CIVIL_DATE_LEN - 1);
			day[CIVIL_DATE_LEN - 1] = '\0';
			k = z * HISTORY_WEEKS + w;
			args[0] = DBV_INT(program);
			args[1] = args[3] = DBV_TEXT(day);
			args[2] = DBV_TEXT(at);
			args[4] = args[5] = DBV_TEXT(when);
			if (db_int(d->db, stmts[STMT_SESSION], args, 6,
				&sessions[k]) != 1)
				return demo_fail(d, "a session");
			args[0] = DBV_INT(sessions[k]);
			args[1] = DBV_TEXT(when);
			if (db_int(d->db, stmts[STMT_SHIFT], args, 2,
				&shifts[k]) != 1)
				return demo_fail(d, "a shift");
		}
	}
	for (k = 0; k < HISTORY_EVENTS; k++) {
		clock_iso(WORKLOAD_START +
			(time_t)k * WORKLOAD_SPAN / HISTORY_EVENTS +
			18 * 60 * 60,
		    at);
		memcpy(day, at, CIVIL_DATE_LEN - 1);
		day[CIVIL_DATE_LEN - 1] = '\0';
		buf_reset(&d->text);
		buf_printf(&d->text, "Political education %zu", k + 1);
		args[0] = DBV_TEXT(d->text.ptr);
		args[1] = DBV_TEXT(kinds[k % NELEM(kinds)]);
		args[2] = DBV_TEXT(day);
		args[3] = DBV_TEXT(when);
		if (db_int(d->db, stmts[STMT_EVENT], args, 4, &events[k]) != 1)
			return demo_fail(d, "an event");
	}
	return 0;
}

/*
 * Person i's year: up to seven visits to their zone's free store, some
 * weeks apart, the first as a guest, later ones one in five as a helper
 * and one in a hundred leading; one in eight signs up for a shift; one
 * in ten comes to an event or two.
 */
static int
demo_person_year(struct demo *d, size_t i, const int64_t *sessions,
    const int64_t *shifts, const int64_t *events)
{
	char at[CLOCK_ISO_LEN];
	size_t z = i % d->nzones, visits = (size_t)rng_below(&d->rng, 8);
	size_t week = (size_t)rng_below(&d->rng, HISTORY_WEEKS);
	size_t stride = 1 + (size_t)rng_below(&d->rng, 7), k, w, r;
	struct db_val args[4];
	const char *role;

	for (k = 0; k < visits; k++) {
		/* Seven visits at most 7 weeks apart: no week twice. */
		w = (week + k * stride) % HISTORY_WEEKS;
		r = (size_t)rng_below(&d->rng, 100);
		role = k == 0 || r >= 21 ? "guest"
		    : r == 20            ? "lead"
					 : "helper";
		clock_iso(WORKLOAD_START + (time_t)(w * 7 + z % 7) * DAY +
			10 * 60 * 60,
		    at);
		args[0] = DBV_INT(sessions[z * HISTORY_WEEKS + w]);
		args[1] = DBV_INT(demo_id(i));
		args[2] = DBV_TEXT(role);
		args[3] = DBV_TEXT(at);
		if (db_exec(d->db, stmts[STMT_VISIT], args, 4) != 1)
			return demo_fail(d, "a visit");
		d->nvisits++;
	}
	if (rng_below(&d->rng, 8) == 0) {
		w = (size_t)rng_below(&d->rng, HISTORY_WEEKS);
		clock_iso(WORKLOAD_START + (time_t)(w * 7) * DAY, at);
		args[0] = DBV_INT(shifts[z * HISTORY_WEEKS + w]);
		args[1] = DBV_INT(demo_id(i));
		args[2] = DBV_TEXT(at);
		if (db_exec(d->db, stmts[STMT_SIGNUP], args, 3) != 1)
			return demo_fail(d, "a sign-up");
	}
	if (rng_below(&d->rng, 10) == 0) {
		k = (size_t)rng_below(&d->rng, HISTORY_EVENTS - 1);
		for (r = k; r <= k + rng_below(&d->rng, 2); r++) {
			clock_iso(WORKLOAD_START +
				(time_t)r * WORKLOAD_SPAN / HISTORY_EVENTS +
				20 * 60 * 60,
			    at);
			args[0] = DBV_INT(events[r]);
			args[1] = DBV_INT(demo_id(i));
			args[2] = DBV_TEXT(at);
			if (db_exec(d->db, stmts[STMT_CAME], args, 3) != 1)
				return demo_fail(d, "a person at an event");
		}
	}
	return 0;
}

/*
 * --people's year of what people did, after the asks, offers and
 * volunteers: the places and each person's year, then set-wise the
 * deliveries of the asks met, the stages, memberships and follow-ups
 * those make.
 */
static int
demo_history(struct demo *d)
{
	static const enum stmt after[] = { STMT_TAKEN, STMT_PARTICIPANTS,
		STMT_HELPERS, STMT_ORGANIZERS, STMT_INVITED, STMT_JOINED,
		STMT_TASKS };
	size_t n = d->nzones * HISTORY_WEEKS, i;
	int64_t *sessions = xcalloc(n, sizeof(*sessions));
	int64_t *shifts = xcalloc(n, sizeof(*shifts));
	int64_t events[HISTORY_EVENTS];
	struct db_val args[2];
	int rc = demo_places(d, sessions, shifts, events);

	for (i = 0; i < d->npeople && rc == 0; i++)
		rc = demo_person_year(d, i, sessions, shifts, events);
	free(sessions);
	free(shifts);
	if (rc == -1)
		return -1;
	/* Deliveries first: the helpers' stages count them. */
	if (d->nvolunteers > 0) {
		args[0] = DBV_INT(d->first_volunteer);
		args[1] = DBV_INT(d->nvolunteers);
		if (db_exec(d->db, stmts[STMT_CLAIMS], args, 2) == -1 ||
		    db_exec(d->db, stmts[STMT_DELIVERIES], NULL, 0) == -1)
			return demo_fail(d, "the deliveries");
	}
	return demo_statements(d, after, NELEM(after),
	    "the stages, memberships and follow-ups");
}

/*
 * One login per role, so a newcomer can see what each role sees. The
 * passwords are random and printed once, like any new account's, but
 * made of words (secret_phrase: five of 7,772, 64.6 bits), since they
 * are read off a terminal and typed, often on a phone, by someone trying
 * the program out.
 */
static int
demo_logins(struct demo *d)
{
	static const struct {
		const char *login;
		enum role role;
	} logins[] = {
		{ "admin", ROLE_ADMIN },
		{ "coordinator", ROLE_COORDINATOR },
		{ "organizer", ROLE_ORGANIZER },
		{ "volunteer", ROLE_VOLUNTEER },
	};
	char pw[SECRET_PHRASE_LEN];
	struct problem p;
	size_t i;

	printf("demo: sign in at /login as one of these (passwords are shown "
	       "only now):\n");
	for (i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
		secret_phrase(pw);
		if (user_add_password(d->db, logins[i].login, logins[i].role,
			pw, &p) == -1)
			return demo_fail(d, "a demo login");
		/* The volunteer works in the first two neighbourhoods. */
		if (logins[i].role == ROLE_VOLUNTEER &&
		    (user_add_zone(d->db, logins[i].login, 1, &p) == -1 ||
			user_add_zone(d->db, logins[i].login, 2, &p) == -1))
			return demo_fail(d, "a volunteer's zones");
		printf("  %-12s %-12s password %s\n", logins[i].login,
		    role_name(logins[i].role), pw);
		secret_phrase_wipe(pw);
	}
	return 0;
}

/*
 * The workload's options go together: --needs with --zones, and
 * --offers, --volunteers, --conversations or --people (extra of them)
 * only with both. 0, or -1
 * after saying why.
 */
static int
demo_options_together(int64_t nneeds, int64_t nzones, int64_t extra)
{
	if ((nneeds == 0) != (nzones == 0)) {
		fprintf(stderr,
		    "solidarity: --needs and --zones go together\n");
		return -1;
	}
	if (nneeds == 0 && extra > 0) {
		fprintf(stderr,
		    "solidarity: --offers, --volunteers, --conversations and "
		    "--people belong to the workload: give --needs and "
		    "--zones too\n");
		return -1;
	}
	return 0;
}

int
cmd_demo(int argc, char **argv)
{
	const char *url = CMD_DEFAULT_DB;
	int64_t nneeds = 0, nzones = 0, noffers = 0, nvolunteers = 0;
	int64_t nconversations = 0, npeople = 0;
	int64_t has_data = 0;
	const struct cmd_opt opts[] = { { "db", .text = &url },
		{ "needs", .number = &nneeds, .max = DEMO_NEEDS_MAX },
		{ "zones", .number = &nzones, .max = DEMO_ZONES_MAX },
		{ "offers", .number = &noffers, .max = DEMO_OFFERS_MAX },
		{ "volunteers", .number = &nvolunteers,
		    .max = DEMO_VOLUNTEERS_MAX },
		{ "conversations", .number = &nconversations,
		    .max = DEMO_CONVERSATIONS_MAX },
		{ "people", .number = &npeople, .max = DEMO_PEOPLE_MAX },
		{ NULL } };
	struct demo d;
	double t0, t1;
	int rc, writing = 0;
	size_t t;

	rc = cmd_options(argc, argv, demo_usage, opts, 0, NULL);
	if (rc != -1)
		return rc;
	if (demo_options_together(nneeds, nzones,
		noffers + nvolunteers + nconversations + npeople) == -1)
		return 2;

	t0 = demo_seconds();
	memset(&d, 0, sizeof(d));
	rng_seed(&d.rng, DEMO_SEED);
	d.text = (struct buf)BUF_INIT;
	d.loud = nneeds >= 10000;
	d.db = cmd_open_db(url, 1);
	if (d.db == NULL)
		return 1;
	d.batch = xcalloc(1, sizeof(*d.batch));
	rc = 1;
	/*
	 * One transaction, however many rows: a load cut short, by an
	 * error or by Ctrl-C, leaves the database as empty as it was, and
	 * the next demo starts afresh. db_tune_bulk keeps it from growing
	 * a log as large as the database (SQLite).
	 */
	if (db_tune_bulk(d.db, DB_BULK_OWN) == -1 || db_begin(d.db) == -1) {
		fprintf(stderr, "solidarity: demo: cannot begin: %s\n",
		    db_errmsg(d.db));
		goto out;
	}
	/* Checked inside the transaction, so nothing can slip in between. */
	if (db_int(d.db, stmts[STMT_HAS_DATA], NULL, 0, &has_data) != 1) {
		fprintf(stderr,
		    "solidarity: demo: cannot read the database: "
		    "%s\n",
		    db_errmsg(d.db));
		goto out;
	}
	if (has_data) {
		fprintf(stderr,
		    "solidarity: database already has data; demo "
		    "wants an empty database\n");
		goto out;
	}
	writing = 1;
	/*
	 * What people face is written whole once at the end: kept row by
	 * row, by its triggers, it would make the load several times as
	 * long.
	 */
	if (facing_summary_hold(d.db) == -1) {
		fprintf(stderr,
		    "solidarity: demo: cannot hold the counts: %s\n",
		    db_errmsg(d.db));
		goto out;
	}
	if (nneeds > 0) {
		d.grid = 1;
		if (demo_workload(&d, nneeds, (size_t)nzones,
			(size_t)npeople) == -1 ||
		    demo_matching(&d, noffers, nvolunteers) == -1 ||
		    demo_organizing(&d, nconversations, WORKLOAD_START,
			WORKLOAD_SPAN) == -1 ||
		    (npeople > 0 && demo_history(&d) == -1))
			goto out;
	} else if (demo_network(&d) == -1)
		goto out;
	t1 = demo_seconds();
	if (d.loud)
		fprintf(stderr, "demo: counting what people face and did\n");
	if (facing_summary_rebuild(d.db) == -1 ||
	    figures_summary_rebuild(d.db) == -1) {
		fprintf(stderr,
		    "solidarity: demo: cannot count what people "
		    "face and did: %s\n",
		    db_errmsg(d.db));
		goto out;
	}
	if (d.loud)
		fprintf(stderr, "demo: counted in %.1f s\n",
		    demo_seconds() - t1);
	if (db_commit(d.db) == -1) {
		fprintf(stderr, "solidarity: demo: cannot commit: %s\n",
		    db_errmsg(d.db));
		goto out;
	}
	writing = 0;
	/* The workload's volunteers; the demo's own logins are listed below. */
	printf("demo: %zu zones, %zu people, %lld asks, %lld offers", d.nzones,
	    d.npeople, (long long)d.nasks, (long long)d.noffers);
	if (d.nvolunteers > 0)
		printf(", %lld volunteers", (long long)d.nvolunteers);
	printf(", %zu targets", d.ntargets);
	if (d.nconversations > 0)
		printf(", %lld conversations", (long long)d.nconversations);
	if (d.nvisits > 0)
		printf(", %lld visits", (long long)d.nvisits);
	printf(" in %.1f s\n", demo_seconds() - t0);
	if (nneeds == 0 && demo_logins(&d) == -1)
		goto out;
	rc = 0;
out:
	db_rollback(d.db);
	/* Whatever this cannot set back, the next db_open sets again. */
	(void)db_tune_done(d.db);
	if (writing)
		fprintf(stderr,
		    "solidarity: demo: stopped; nothing was "
		    "written, and the database is as it was\n");
	db_close(d.db);
	for (t = 0; t < NELEM(bulk_tables); t++)
		json_decref(d.indexes[t]);
	free(d.batch);
	free(d.zones);
	free(d.langs);
	free(d.targets);
	buf_free(&d.text);
	return rc;
}
