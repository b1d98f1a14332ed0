/*
 * gen-submissions: writes one synthetic field submission of a UN.GIFT Joint
 * Programme (datapackage.json and one CSV per table) into a directory, for
 * tests, samples and benchmarks, optionally with defective rows listed in
 * injected.csv. The figures are invented; packing into archives is left to
 * scripts/gen-submissions.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define PROG "gen-submissions"
#define VERSION "0.1.0"

#define EX_OK 0
#define EX_USAGE 64
#define EX_SOFTWARE 70
#define EX_CANTCREAT 73
#define EX_IOERR 74

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXCOLS 12
#define MAXCOUNTRIES 5
/* Dates the tables can hold, around the quarter: lag, defects, spans. */
#define DATE_BEFORE 600
#define DATE_AFTER 200

static const char *usage[] = {
	"usage: " PROG " [--seed N] [--rows N] [--programme P] [--agency A]",
	"                       [--period YYYYQn] [--tables T,...] "
	"[--errors RATE]",
	"                       [--out DIR]",
	"",
	"    --agency A       UNODC, IOM, UNHCR or GOV (default UNODC)",
	"    --errors RATE    make each data row defective with probability RATE",
	"                     (0..1) and list them in DIR/injected.csv",
	"    -h, --help       show this help and exit",
	"    --out DIR        write into DIR, created if missing (default .)",
	"    --period YYYYQn  reporting quarter (default 2010Q1)",
	"    --programme P    SRB, PAK, ARG-BOL, RWA-BDI, CASIA or EGY "
	"(default SRB)",
	"    --rows N         victims rows; prosecutions about N/20 (at least 5),",
	"                     prevention N/50 and coordination N/100 (at least 1)",
	"                     (default 100)",
	"    --seed N         seed of the generator (default 1)",
	"    --tables T,...   victims, prosecutions, prevention, coordination",
	"                     (default: what the agency usually reports)",
	"    -V, --version    show the version and exit",
	NULL,
};

/* ------------------------------------------------------------------ */
/* Code lists. Order matters: lists are written in this order. */

enum form {
	F_SEXUAL, F_LABOUR, F_BEGGING, F_CRIMINALITY, F_MARRIAGE, F_DOMESTIC,
	F_ORGAN, F_OTHER, NFORMS
};
static const char *form_names[NFORMS] = {
	"sexual", "forced_labour", "forced_begging", "forced_criminality",
	"forced_marriage", "domestic_servitude", "organ_removal", "other",
};

static const char *sex_names[] = { "female", "male", "other", "unknown" };
/* Sex of the victim by the main form of exploitation, per mille. */
static const unsigned sex_by_form[NFORMS][4] = {
	[F_SEXUAL] = { 900, 75, 5, 20 },
	[F_LABOUR] = { 320, 650, 0, 30 },
	[F_BEGGING] = { 470, 500, 0, 30 },
	[F_CRIMINALITY] = { 380, 600, 0, 20 },
	[F_MARRIAGE] = { 975, 15, 0, 10 },
	[F_DOMESTIC] = { 820, 160, 0, 20 },
	[F_ORGAN] = { 300, 680, 0, 20 },
	[F_OTHER] = { 500, 450, 10, 40 },
};
/* Share of children by the main form of exploitation, per mille. */
static const unsigned child_by_form[NFORMS] = {
	[F_SEXUAL] = 180, [F_LABOUR] = 120, [F_BEGGING] = 550,
	[F_CRIMINALITY] = 300, [F_MARRIAGE] = 400, [F_DOMESTIC] = 300,
	[F_ORGAN] = 20, [F_OTHER] = 150,
};

enum { IB_POLICE, IB_NGO, IB_LABOUR, IB_ASYLUM, IB_SOCIAL, IB_SELF,
       IB_OTHER, NIDBY };
static const char *idby_names[NIDBY] = {
	"police", "ngo", "labour_inspection", "asylum_procedure",
	"social_services", "self_referral", "other",
};

static const char *assist_names[] = {
	"shelter", "medical", "psychosocial", "legal", "reintegration",
	"repatriation",
};

static const char *stage_names[] = {
	"investigated", "prosecuted", "convicted", "acquitted",
};
static const char *osex_names[] = { "female", "male", "unknown" };
static const char *ocit_names[] = { "national", "foreign", "unknown" };

static const char *activity_names[] = {
	"awareness_campaign", "training", "hotline", "community_outreach",
	"school_programme", "media",
};
static const unsigned activity_weights[] = { 25, 30, 5, 20, 12, 8 };
static const char *target_names[] = {
	"general_public", "children_youth", "migrants",
	"refugees_asylum_seekers", "roma", "labour_recruiters", "officials",
	"other",
};
/* Target group by activity type. */
static const unsigned target_by_activity[][8] = {
	{ 50, 15, 10, 5, 8, 4, 2, 6 },   /* awareness_campaign */
	{ 0, 5, 5, 5, 5, 10, 65, 5 },    /* training */
	{ 60, 10, 15, 10, 0, 0, 0, 5 },  /* hotline */
	{ 20, 15, 20, 10, 25, 5, 0, 5 }, /* community_outreach */
	{ 0, 100, 0, 0, 0, 0, 0, 0 },    /* school_programme */
	{ 85, 10, 5, 0, 0, 0, 0, 0 },    /* media */
};
/* Participants (min, max) by activity type; callers for a hotline. */
static const unsigned participants_by_activity[][2] = {
	{ 40, 2500 }, { 8, 45 }, { 5, 320 }, { 15, 400 }, { 25, 650 },
	{ 500, 40000 },
};

static const char *mechanism_names[] = {
	"nrm_meeting", "task_force", "cross_border", "joint_training",
	"sop_adopted",
};
static const unsigned mechanism_weights[] = { 35, 25, 12, 22, 6 };
static const char *coord_agency_names[] = {
	"UNODC", "IOM", "UNHCR", "GOV", "NGO",
};

/* ------------------------------------------------------------------ */
/* Programmes and agencies. */

struct programme {
	const char *code;
	const char *country[MAXCOUNTRIES];
	unsigned country_weight[MAXCOUNTRIES];
	/* Per country, a neighbour outside the programme: foreign_key rows. */
	const char *outside[MAXCOUNTRIES];
	unsigned form_weight[NFORMS];
	unsigned foreign_share; /* per mille of victims not nationals */
	const char *foreign[8]; /* usual foreign citizenships */
	const char *asylum[8];  /* usual citizenships in asylum channels */
	const char *unknown_code; /* a code missing from countries.csv */
};

static const struct programme programmes[] = {
	{ "SRB", { "SRB" }, { 1 }, { "BIH" },
	  { 55, 20, 10, 5, 4, 4, 0, 2 }, 250,
	  { "ALB", "BIH", "MKD", "MNE", "ROU", "BGR", "UKR", "MDA" },
	  { "AFG", "SYR", "IRQ", "SOM", "ERI", "PAK" }, "XKX" },
	{ "PAK", { "PAK" }, { 1 }, { "AFG" },
	  { 20, 45, 8, 2, 10, 12, 2, 1 }, 150,
	  { "AFG", "BGD", "IND", "NPL", "MMR", "IRN", "LKA", "CHN" },
	  { "AFG", "IRN", "MMR" }, "XXX" },
	{ "ARG-BOL", { "ARG", "BOL" }, { 70, 30 }, { "PRY", "PER" },
	  { 45, 40, 3, 2, 2, 7, 0, 1 }, 450,
	  { "BOL", "PRY", "PER", "DOM", "BRA", "CHL", "COL", "ARG" },
	  { "COL", "DOM", "PER", "SYR" }, "XXX" },
	{ "RWA-BDI", { "RWA", "BDI" }, { 50, 50 }, { "UGA", "TZA" },
	  { 30, 35, 5, 2, 8, 19, 0, 1 }, 300,
	  { "COD", "UGA", "TZA", "KEN", "BDI", "RWA" },
	  { "COD", "SSD", "SOM", "ERI", "BDI" }, "XXX" },
	{ "CASIA", { "KAZ", "KGZ", "TJK", "TKM", "UZB" },
	  { 35, 20, 15, 5, 25 }, { "RUS", "CHN", "AFG", "IRN", "AZE" },
	  { 35, 50, 3, 2, 5, 4, 0, 1 }, 400,
	  { "UZB", "KGZ", "TJK", "KAZ", "TKM", "AFG", "RUS", "MNG" },
	  { "AFG", "SYR", "IRQ" }, "XXX" },
	{ "EGY", { "EGY" }, { 1 }, { "SDN" },
	  { 30, 12, 10, 3, 20, 20, 5, 0 }, 350,
	  { "ERI", "SDN", "ETH", "SOM", "SYR", "PSE", "IDN", "PHL" },
	  { "SYR", "SDN", "SSD", "ERI", "ETH", "SOM", "IRQ", "PSE" }, "XXX" },
};

enum table_id { T_VICTIMS, T_PROSECUTIONS, T_PREVENTION, T_COORDINATION,
		NTABLES };

struct agency {
	const char *code;
	unsigned idby_weight[NIDBY];
	unsigned asylum_share; /* per mille, besides asylum_procedure */
	unsigned nrm_share;    /* per mille referred to the NRM */
	const char *default_tables;
};

static const struct agency agencies[] = {
	{ "UNODC", { 50, 20, 10, 1, 10, 5, 4 }, 20, 700,
	  "prosecutions,prevention,coordination" },
	{ "IOM", { 25, 35, 7, 2, 15, 10, 6 }, 30, 720,
	  "victims,prevention,coordination" },
	{ "UNHCR", { 10, 15, 0, 60, 10, 3, 2 }, 300, 550,
	  "victims,coordination" },
	{ "GOV", { 55, 10, 15, 2, 13, 3, 2 }, 20, 800,
	  "prosecutions,coordination" },
};

/* ------------------------------------------------------------------ */
/* Defects. The names are the kind column of injected.csv. */

enum defect {
	D_NONE, D_BAD_DATE, D_BAD_ENUM, D_BAD_BOOLEAN, D_BAD_INTEGER,
	D_NEGATIVE_INTEGER, D_OUT_OF_RANGE, D_MISSING_REQUIRED,
	D_DUPLICATE_KEY, D_FOREIGN_KEY, D_EXTRA_CELL, D_MISSING_CELL,
	D_OUT_OF_PERIOD, D_RULE_VIOLATION
};
static const char *defect_names[] = {
	"none", "bad_date", "bad_enum", "bad_boolean", "bad_integer",
	"negative_integer", "out_of_range", "missing_required",
	"duplicate_key", "foreign_key", "extra_cell", "missing_cell",
	"out_of_period", "rule_violation",
};

static const enum defect victims_defects[] = {
	D_BAD_DATE, D_BAD_ENUM, D_BAD_BOOLEAN, D_BAD_INTEGER,
	D_NEGATIVE_INTEGER, D_OUT_OF_RANGE, D_MISSING_REQUIRED,
	D_DUPLICATE_KEY, D_FOREIGN_KEY, D_EXTRA_CELL, D_MISSING_CELL,
	D_OUT_OF_PERIOD,
};
static const enum defect prosecutions_defects[] = {
	D_BAD_DATE, D_BAD_ENUM, D_BAD_INTEGER, D_NEGATIVE_INTEGER,
	D_MISSING_REQUIRED, D_DUPLICATE_KEY, D_FOREIGN_KEY, D_EXTRA_CELL,
	D_MISSING_CELL, D_RULE_VIOLATION,
};
static const enum defect prevention_defects[] = {
	D_BAD_DATE, D_BAD_ENUM, D_BAD_INTEGER, D_NEGATIVE_INTEGER,
	D_MISSING_REQUIRED, D_DUPLICATE_KEY, D_FOREIGN_KEY, D_EXTRA_CELL,
	D_MISSING_CELL, D_RULE_VIOLATION,
};
static const enum defect coordination_defects[] = {
	D_BAD_DATE, D_BAD_ENUM, D_BAD_INTEGER, D_NEGATIVE_INTEGER,
	D_MISSING_REQUIRED, D_DUPLICATE_KEY, D_FOREIGN_KEY, D_EXTRA_CELL,
	D_MISSING_CELL,
};

struct table {
	const char *name;
	const char *header;
	int ncols;
	const enum defect *defects;
	size_t ndefects;
};

static const struct table tables[NTABLES] = {
	{ "victims",
	  "case_id,date_identified,country,sex,age,citizenship,exploitation,"
	  "status,identified_by,referred_nrm,assistance,asylum_channel",
	  12, victims_defects, NELEM(victims_defects) },
	{ "prosecutions",
	  "month,country,stage,offender_sex,offender_citizenship,persons,cases",
	  7, prosecutions_defects, NELEM(prosecutions_defects) },
	{ "prevention",
	  "activity_id,date_start,date_end,country,activity_type,target_group,"
	  "participants_female,participants_male",
	  8, prevention_defects, NELEM(prevention_defects) },
	{ "coordination",
	  "event_id,date,country,mechanism,agencies,referrals,participants",
	  7, coordination_defects, NELEM(coordination_defects) },
};

/* ------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64, one stream per
 * table and purpose, so that adding a table or defects leaves the clean
 * rows of the others byte for byte the same. */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n); the bias is below 2^-32 for the n used here. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline long rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline int rng_permille(struct rng *r, unsigned p)
{
	return rng_below(r, 1000) < p;
}

static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Index drawn with the given weights (at least one non-zero). */
static size_t rng_pick(struct rng *r, const unsigned *w, size_t n)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static size_t count_names(const char *const *list, size_t max)
{
	size_t n = 0;

	while (n < max && list[n] != NULL)
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Calendar. */

/* Days since 1970-01-01 of a civil date (Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* YYYY-MM-DD into buf[11]; the caller keeps the year in 0..9999. */
static void date_format(char *buf, long y, unsigned m, unsigned d)
{
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

/* ------------------------------------------------------------------ */
/* Buffered output: one write per 64 KiB; write errors are sticky. */

struct out {
	FILE *f;
	const char *path;
	size_t len;
	int failed;
	char buf[1 << 16];
};

static void out_flush(struct out *o)
{
	if (o->len > 0 && !o->failed &&
	    fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->failed = errno ? errno : EIO;
	o->len = 0;
}

static inline void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		out_flush(o);
	if (n > sizeof(o->buf)) {
		if (!o->failed && fwrite(s, 1, n, o->f) != n)
			o->failed = errno ? errno : EIO;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void out_chr(struct out *o, char c)
{
	if (o->len == sizeof(o->buf))
		out_flush(o);
	o->buf[o->len++] = c;
}

/* A CSV cell, quoted only when it holds a comma, quote, CR or LF. */
static inline void out_cell(struct out *o, const char *s)
{
	size_t n = strcspn(s, ",\"\r\n");

	if (s[n] == '\0') {
		out_mem(o, s, n);
		return;
	}
	out_chr(o, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			out_chr(o, '"');
		out_chr(o, *s);
	}
	out_chr(o, '"');
}

/* ------------------------------------------------------------------ */
/* A row being built: cells point to constant strings or to scratch. */

struct row {
	int ncells;
	const char *cell[MAXCOLS + 1];
	char scratch[MAXCOLS + 1][48];
};

static void row_begin(struct row *rw, int ncols)
{
	rw->ncells = ncols;
}

static void row_int(struct row *rw, int col, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp), *dst = rw->scratch[col];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	memcpy(dst, p, (size_t)(tmp + sizeof(tmp) - p));
	rw->cell[col] = dst;
}

/* Writes printf-style text into the scratch of col. */
static void row_fmt(struct row *rw, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void row_fmt(struct row *rw, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rw->scratch[col], sizeof(rw->scratch[col]), fmt, ap);
	va_end(ap);
	rw->cell[col] = rw->scratch[col];
}

/* Joins the names of the set bits of mask with '|' into col's scratch. */
static void row_list(struct row *rw, int col, unsigned mask,
		     const char *const *names, size_t n)
{
	char *p = rw->scratch[col], *end = p + sizeof(rw->scratch[col]);
	size_t i, len;

	*p = '\0';
	for (i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		len = strlen(names[i]);
		if (p + len + 2 > end)
			break;
		if (p != rw->scratch[col])
			*p++ = '|';
		memcpy(p, names[i], len + 1);
		p += len;
	}
	rw->cell[col] = rw->scratch[col];
}

static void row_write(struct out *o, const struct row *rw)
{
	int i;

	for (i = 0; i < rw->ncells; i++) {
		if (i > 0)
			out_chr(o, ',');
		out_cell(o, rw->cell[i]);
	}
	out_chr(o, '\n');
}

/* ------------------------------------------------------------------ */
/* The generator. */

struct gen_opts {
	uint64_t seed;                 /* --seed */
	unsigned long long rows;       /* --rows */
	const struct programme *prog;  /* --programme */
	const struct agency *agency;   /* --agency */
	long year;                     /* --period */
	int quarter;                   /* --period */
	int table[NTABLES];            /* --tables, in order */
	int ntables;                   /* --tables */
	double errors;                 /* --errors */
	int with_injected;             /* --errors given */
	const char *out;               /* --out */
};

struct gen {
	const struct gen_opts *o;
	char period[8];             /* "2010Q1" */
	long qstart, qend;          /* first and last day of the quarter */
	size_t ncountries;
	/* "YYYY-MM-DD" of each day from qstart - DATE_BEFORE on */
	char dates[DATE_BEFORE + 92 + DATE_AFTER][11];
	struct rng err;             /* the current table's defect stream */
	struct out *injected;       /* NULL without --errors */
};

static const char *gen_date(const struct gen *g, long day)
{
	long i = day - (g->qstart - DATE_BEFORE);

	if (i < 0 || i >= (long)NELEM(g->dates))
		abort(); /* a bug: every date we make lies in the table */
	return g->dates[i];
}

static void gen_init(struct gen *g, const struct gen_opts *o)
{
	unsigned m0 = (unsigned)(o->quarter - 1) * 3 + 1, m, d;
	long y, day, i;

	memset(g, 0, sizeof(*g));
	g->o = o;
	snprintf(g->period, sizeof(g->period), "%04ldQ%d", o->year,
		 o->quarter);
	g->qstart = days_from_civil(o->year, m0, 1);
	g->qend = (m0 == 10 ? days_from_civil(o->year + 1, 1, 1)
			    : days_from_civil(o->year, m0 + 3, 1)) - 1;
	g->ncountries = count_names(o->prog->country, MAXCOUNTRIES);
	for (i = 0; i < (long)NELEM(g->dates); i++) {
		day = g->qstart - DATE_BEFORE + i;
		civil_from_days(day, &y, &m, &d);
		date_format(g->dates[i], y, m, d);
	}
}

/* Draws whether the next row is defective, and of which kind; a duplicate
 * needs an earlier clean row to copy, so without one it becomes bad_enum. */
static enum defect gen_defect(struct gen *g, enum table_id t, int have_clean)
{
	const struct table *tb = &tables[t];
	enum defect k;

	if (g->o->errors <= 0 || rng_unit(&g->err) >= g->o->errors)
		return D_NONE;
	k = tb->defects[rng_below(&g->err, (uint32_t)tb->ndefects)];
	if (k == D_DUPLICATE_KEY && !have_clean)
		k = D_BAD_ENUM;
	return k;
}

/* Lists a defective row in injected.csv. */
static void gen_note(struct gen *g, enum table_id t, unsigned long long row,
		     enum defect k)
{
	char num[24];

	if (g->injected == NULL)
		return;
	snprintf(num, sizeof(num), "%llu", row);
	out_cell(g->injected, tables[t].name);
	out_chr(g->injected, ',');
	out_cell(g->injected, num);
	out_chr(g->injected, ',');
	out_cell(g->injected, defect_names[k]);
	out_chr(g->injected, '\n');
}

/* Shared defects: returns 1 when k was applied. */
static int spoil_common(struct gen *g, struct row *rw, enum defect k,
			int ncols)
{
	static const char *extra[] = { "", "see note", "x" };

	switch (k) {
	case D_EXTRA_CELL:
		rw->cell[ncols] = extra[rng_below(&g->err, NELEM(extra))];
		rw->ncells = ncols + 1;
		return 1;
	case D_MISSING_CELL:
		rw->ncells = ncols - 1;
		return 1;
	default:
		return 0;
	}
}

/* An impossible or misformatted date that looks like one of the quarter. */
static void spoil_date(struct gen *g, struct row *rw, int col)
{
	static const char *bad_day[4][2] = {
		{ "02-30", "02-31" }, { "04-31", "06-31" },
		{ "09-31", "09-31" }, { "11-31", "11-31" },
	};
	long y = g->o->year, day, yy;
	unsigned m, d;

	switch (rng_below(&g->err, 3)) {
	case 0:
		row_fmt(rw, col, "%04ld-%s", y,
			bad_day[g->o->quarter - 1][rng_below(&g->err, 2)]);
		break;
	case 1:
		day = rng_range(&g->err, g->qstart, g->qend);
		civil_from_days(day, &yy, &m, &d);
		row_fmt(rw, col, "%02u/%02u/%04ld", d, m, yy);
		break;
	default:
		day = rng_range(&g->err, g->qstart, g->qend);
		civil_from_days(day, &yy, &m, &d);
		row_fmt(rw, col, "%04ld%02u%02u", yy, m, d);
		break;
	}
}

static void spoil_integer(struct gen *g, struct row *rw, int col)
{
	static const char *bad[] = { "twenty", "17.5", "n/a", "~30", "1e2" };

	rw->cell[col] = bad[rng_below(&g->err, NELEM(bad))];
}

static void spoil_negative(struct gen *g, struct row *rw, int col)
{
	row_int(rw, col, -rng_range(&g->err, 1, 9));
}

static const char *outside_country(const struct gen *g, const char *c)
{
	size_t i;

	for (i = 0; i < g->ncountries; i++)
		if (strcmp(g->o->prog->country[i], c) == 0)
			return g->o->prog->outside[i];
	return g->o->prog->outside[0];
}

/* ------------------------------------------------------------------ */
/* victims */

enum { V_ID, V_DATE, V_COUNTRY, V_SEX, V_AGE, V_CIT, V_FORMS, V_STATUS,
       V_IDBY, V_NRM, V_ASSIST, V_ASYLUM };

/* Cumulative weights of ages 0..99, searched by bisection. */
struct age_cdf {
	unsigned cum[100];
};

static void age_cdf_init(struct age_cdf *adult, struct age_cdf *child)
{
	unsigned age, wa, wc, ta = 0, tc = 0;

	for (age = 0; age < 100; age++) {
		wa = age < 18 ? 0 : age < 25 ? 100 : age < 30 ? 80
		   : age < 35 ? 60 : age < 40 ? 40 : age < 45 ? 28
		   : age < 50 ? 16 : age < 60 ? 8 : age < 70 ? 3 : 0;
		wc = age < 3 || age >= 18 ? 0 : age < 10 ? 3
		   : age < 14 ? 25 : 80;
		adult->cum[age] = ta += wa;
		child->cum[age] = tc += wc;
	}
}

static long age_pick(struct rng *r, const struct age_cdf *c)
{
	unsigned x = rng_below(r, c->cum[99]);
	size_t lo = 0, hi = 99, mid;

	/* The first age whose cumulative weight exceeds x. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (long)lo;
}

static void victim_row(struct gen *g, struct rng *r,
		       const struct age_cdf *ages, struct row *rw,
		       const char *id_prefix, unsigned long long i)
{
	const struct programme *p = g->o->prog;
	const struct agency *a = g->o->agency;
	const char *country, *cit;
	unsigned forms, assist = 0, child;
	size_t main_form, f, n, k, idby;
	int asylum, referred;
	long day;

	row_begin(rw, 12);
	row_fmt(rw, V_ID, "%s%06llu", id_prefix, i);

	/* Some victims are reported a quarter late; the schema allows it. */
	if (rng_permille(r, 60))
		day = rng_range(r, g->qstart - 90, g->qstart - 1);
	else
		day = rng_range(r, g->qstart, g->qend);
	rw->cell[V_DATE] = gen_date(g, day);

	country = p->country[rng_pick(r, p->country_weight, g->ncountries)];
	rw->cell[V_COUNTRY] = country;

	main_form = rng_pick(r, p->form_weight, NFORMS);
	forms = 1u << main_form;
	n = rng_permille(r, 700) ? 1 : rng_permille(r, 730) ? 2 : 3;
	for (k = 1; k < n; k++) {
		f = rng_pick(r, p->form_weight, NFORMS);
		forms |= 1u << f; /* a repeat just leaves fewer forms */
	}
	row_list(rw, V_FORMS, forms, form_names, NFORMS);

	rw->cell[V_SEX] = sex_names[rng_pick(r, sex_by_form[main_form], 4)];

	child = child_by_form[main_form];
	if (rng_permille(r, 70))
		rw->cell[V_AGE] = "";
	else if (rng_permille(r, child))
		row_int(rw, V_AGE, main_form == F_MARRIAGE
			? rng_range(r, 12, 17)
			: age_pick(r, &ages[1]));
	else
		row_int(rw, V_AGE, age_pick(r, &ages[0]));

	idby = rng_pick(r, a->idby_weight, NIDBY);
	asylum = idby == IB_ASYLUM || rng_permille(r, a->asylum_share);
	if (rng_permille(r, 60))
		cit = "";
	else if (asylum)
		cit = p->asylum[rng_below(r, (uint32_t)count_names(p->asylum,
								 8))];
	else if (rng_permille(r, p->foreign_share))
		cit = p->foreign[rng_below(r, (uint32_t)count_names(p->foreign,
								  8))];
	else
		cit = country;
	rw->cell[V_CIT] = cit;

	rw->cell[V_STATUS] = rng_permille(r, 700) ? "actual" : "presumed";
	rw->cell[V_IDBY] = idby_names[idby];

	referred = rng_permille(r, asylum ? 550 : a->nrm_share);
	rw->cell[V_NRM] = referred ? "true" : "false";
	{
		static const unsigned share[] = { 550, 450, 500, 300, 250,
						  350 };
		int foreign = cit[0] != '\0' && strcmp(cit, country) != 0;

		for (k = 0; k < NELEM(share); k++) {
			if (k == 5 && !foreign)
				continue;
			if (rng_permille(r, referred ? share[k]
						     : share[k] / 3))
				assist |= 1u << k;
		}
	}
	row_list(rw, V_ASSIST, assist, assist_names, NELEM(assist_names));
	rw->cell[V_ASYLUM] = asylum ? "true" : "false";
}

static void victim_spoil(struct gen *g, struct row *rw, enum defect k,
			 const char *id_prefix, unsigned long long last_clean)
{
	static const char *bad_sex[] = { "F", "M", "woman", "Female" };
	static const char *bad_status[] = { "confirmed", "potential" };
	static const char *bad_idby[] = { "border_police", "NGO", "hotline" };
	static const char *bad_forms[] = { "sexual|trafficking", "labour",
					   "forced labour", "begging" };
	static const char *bad_bool[] = { "yes", "no", "1", "TRUE", "N" };
	static const int required[] = { V_DATE, V_COUNTRY, V_SEX, V_FORMS,
					V_STATUS, V_IDBY, V_NRM, V_ASYLUM };
	struct rng *e = &g->err;

	if (spoil_common(g, rw, k, 12))
		return;
	switch (k) {
	case D_BAD_DATE:
		spoil_date(g, rw, V_DATE);
		break;
	case D_BAD_ENUM:
		switch (rng_below(e, 4)) {
		case 0:
			rw->cell[V_SEX] = bad_sex[rng_below(e, 4)];
			break;
		case 1:
			rw->cell[V_STATUS] = bad_status[rng_below(e, 2)];
			break;
		case 2:
			rw->cell[V_IDBY] = bad_idby[rng_below(e, 3)];
			break;
		default:
			rw->cell[V_FORMS] = bad_forms[rng_below(e, 4)];
			break;
		}
		break;
	case D_BAD_BOOLEAN:
		rw->cell[rng_below(e, 2) ? V_NRM : V_ASYLUM] =
			bad_bool[rng_below(e, NELEM(bad_bool))];
		break;
	case D_BAD_INTEGER:
		spoil_integer(g, rw, V_AGE);
		break;
	case D_NEGATIVE_INTEGER:
		spoil_negative(g, rw, V_AGE);
		break;
	case D_OUT_OF_RANGE:
		row_int(rw, V_AGE, rng_permille(e, 300) ? 130
						       : rng_range(e, 121, 199));
		break;
	case D_MISSING_REQUIRED:
		rw->cell[required[rng_below(e, NELEM(required))]] = "";
		break;
	case D_DUPLICATE_KEY:
		row_fmt(rw, V_ID, "%s%06llu", id_prefix, last_clean);
		break;
	case D_FOREIGN_KEY:
		if (rng_permille(e, 250))
			rw->cell[V_CIT] = g->o->prog->unknown_code;
		else
			rw->cell[V_COUNTRY] =
				outside_country(g, rw->cell[V_COUNTRY]);
		break;
	case D_OUT_OF_PERIOD:
		rw->cell[V_DATE] = gen_date(g, rng_permille(e, 500)
			? g->qstart - 100 - rng_range(e, 0, 399)
			: g->qend + 1 + rng_range(e, 0, 119));
		break;
	default:
		abort();
	}
}

static void victims_write(struct gen *g, struct rng *r, struct out *o,
			  unsigned long long n)
{
	struct age_cdf ages[2];
	struct row rw;
	char prefix[32];
	unsigned long long i, last_clean = 0;
	enum defect k;

	age_cdf_init(&ages[0], &ages[1]);
	snprintf(prefix, sizeof(prefix), "%s-V%s-", g->o->agency->code,
		 g->period);
	for (i = 1; i <= n; i++) {
		victim_row(g, r, ages, &rw, prefix, i);
		k = gen_defect(g, T_VICTIMS, last_clean != 0);
		if (k == D_NONE)
			last_clean = i;
		else
			victim_spoil(g, &rw, k, prefix, last_clean);
		row_write(o, &rw);
		if (k != D_NONE)
			gen_note(g, T_VICTIMS, i, k);
	}
}

/* ------------------------------------------------------------------ */
/* prosecutions: one row per selected key, keys in sorted order. */

enum { P_MONTH, P_COUNTRY, P_STAGE, P_SEX, P_CIT, P_PERSONS, P_CASES };

struct pkey {
	unsigned month, country, stage, sex, cit;
};

static void pkey_cells(const struct gen *g, struct row *rw,
		       const struct pkey *key)
{
	unsigned m0 = (unsigned)(g->o->quarter - 1) * 3 + 1;

	row_fmt(rw, P_MONTH, "%04ld-%02u", g->o->year, m0 + key->month);
	rw->cell[P_COUNTRY] = g->o->prog->country[key->country];
	rw->cell[P_STAGE] = stage_names[key->stage];
	rw->cell[P_SEX] = osex_names[key->sex];
	rw->cell[P_CIT] = ocit_names[key->cit];
}

static void prosecution_row(struct gen *g, struct rng *r, struct row *rw,
			    const struct pkey *key, long *cases_out)
{
	static const long max_cases[] = { 9, 6, 4, 2 };
	long cases, persons;

	row_begin(rw, 7);
	pkey_cells(g, rw, key);
	cases = rng_range(r, 0, max_cases[key->stage]);
	if (key->sex != 1) /* fewer female and unknown offenders */
		cases = cases / 2;
	if (key->cit != 0)
		cases = cases / 2;
	persons = cases == 0 ? 0 : cases + rng_range(r, 0, cases * 2);
	row_int(rw, P_PERSONS, persons);
	row_int(rw, P_CASES, cases);
	*cases_out = cases;
}

static void prosecutions_write(struct gen *g, struct rng *r, struct out *o,
			       unsigned long long want)
{
	static const char *bad_stage[] = { "arrested", "charged", "sentenced" };
	static const char *bad_sex[] = { "F", "men", "mixed" };
	static const char *bad_cit[] = { "dual", "national|foreign", "local" };
	unsigned long long total, left, row = 0;
	struct pkey key, last = { 0, 0, 0, 0, 0 };
	struct row rw;
	unsigned long long ki;
	int have_clean = 0;
	long cases;
	enum defect k;
	struct rng *e = &g->err;

	total = 3ULL * g->ncountries * 4 * 3 * 3;
	if (want > total)
		want = total;
	left = total;
	for (ki = 0; ki < total && want > 0; ki++, left--) {
		/* Knuth's selection sampling: exactly want keys, in order. */
		if (rng_below(r, (uint32_t)left) >= want)
			continue;
		want--;
		key.cit = (unsigned)(ki % 3);
		key.sex = (unsigned)(ki / 3 % 3);
		key.stage = (unsigned)(ki / 9 % 4);
		key.country = (unsigned)(ki / 36 % g->ncountries);
		key.month = (unsigned)(ki / 36 / g->ncountries);
		prosecution_row(g, r, &rw, &key, &cases);
		row++;
		k = gen_defect(g, T_PROSECUTIONS, have_clean);
		if (k == D_NONE) {
			last = key;
			have_clean = 1;
		} else if (!spoil_common(g, &rw, k, 7)) {
			switch (k) {
			case D_BAD_DATE:
				/* month 13 or 00, or a date for a month */
				switch (rng_below(e, 3)) {
				case 0:
					row_fmt(&rw, P_MONTH, "%04ld-13",
						g->o->year);
					break;
				case 1:
					row_fmt(&rw, P_MONTH, "%04ld-00",
						g->o->year);
					break;
				default:
					row_fmt(&rw, P_MONTH, "%04ld-%02u-01",
						g->o->year,
						(unsigned)(g->o->quarter - 1) *
								3 + 1 +
							key.month);
					break;
				}
				break;
			case D_BAD_ENUM:
				switch (rng_below(e, 3)) {
				case 0:
					rw.cell[P_STAGE] =
						bad_stage[rng_below(e, 3)];
					break;
				case 1:
					rw.cell[P_SEX] = bad_sex[rng_below(e,
									   3)];
					break;
				default:
					rw.cell[P_CIT] = bad_cit[rng_below(e,
									   3)];
					break;
				}
				break;
			case D_BAD_INTEGER:
				spoil_integer(g, &rw, rng_below(e, 2)
						      ? P_PERSONS : P_CASES);
				break;
			case D_NEGATIVE_INTEGER:
				/* cases, so that persons >= cases still holds */
				spoil_negative(g, &rw, P_CASES);
				break;
			case D_MISSING_REQUIRED:
				rw.cell[rng_below(e, 7)] = "";
				break;
			case D_DUPLICATE_KEY:
				pkey_cells(g, &rw, &last);
				break;
			case D_FOREIGN_KEY:
				rw.cell[P_COUNTRY] = g->o->prog->outside[
					key.country];
				break;
			case D_RULE_VIOLATION:
				if (cases < 2)
					cases = rng_range(e, 2, 6);
				row_int(&rw, P_CASES, cases);
				row_int(&rw, P_PERSONS,
					rng_range(e, 0, cases - 1));
				break;
			default:
				abort();
			}
		}
		row_write(o, &rw);
		if (k != D_NONE)
			gen_note(g, T_PROSECUTIONS, row, k);
	}
}

/* ------------------------------------------------------------------ */
/* prevention */

enum { A_ID, A_START, A_END, A_COUNTRY, A_TYPE, A_TARGET, A_FEMALE,
       A_MALE };

static void prevention_write(struct gen *g, struct rng *r, struct out *o,
			     unsigned long long n)
{
	static const long max_days[] = { 45, 4, 90, 10, 30, 60 };
	static const char *bad_type[] = { "workshop", "conference", "poster" };
	static const char *bad_target[] = { "students", "youth", "women" };
	const struct programme *p = g->o->prog;
	unsigned long long i, last_clean = 0;
	struct row rw;
	char prefix[32];
	size_t type, target;
	long start, end, total, female;
	enum defect k;
	struct rng *e = &g->err;

	snprintf(prefix, sizeof(prefix), "%s-P%s-", g->o->agency->code,
		 g->period);
	for (i = 1; i <= n; i++) {
		row_begin(&rw, 8);
		row_fmt(&rw, A_ID, "%s%04llu", prefix, i);
		type = rng_pick(r, activity_weights, NELEM(activity_weights));
		target = rng_pick(r, target_by_activity[type], 8);
		start = rng_range(r, g->qstart, g->qend);
		end = start + (rng_permille(r, 400) ? 0
			       : rng_range(r, 1, max_days[type]));
		rw.cell[A_START] = gen_date(g, start);
		rw.cell[A_END] = gen_date(g, end);
		rw.cell[A_COUNTRY] = p->country[rng_pick(r, p->country_weight,
							 g->ncountries)];
		rw.cell[A_TYPE] = activity_names[type];
		rw.cell[A_TARGET] = target_names[target];
		total = rng_range(r, participants_by_activity[type][0],
				  participants_by_activity[type][1]);
		female = total * rng_range(r, 40, 70) / 100;
		row_int(&rw, A_FEMALE, female);
		row_int(&rw, A_MALE, total - female);

		k = gen_defect(g, T_PREVENTION, last_clean != 0);
		if (k == D_NONE)
			last_clean = i;
		else if (!spoil_common(g, &rw, k, 8)) {
			switch (k) {
			case D_BAD_DATE:
				spoil_date(g, &rw, rng_below(e, 2) ? A_START
								   : A_END);
				break;
			case D_BAD_ENUM:
				if (rng_below(e, 2))
					rw.cell[A_TYPE] = bad_type[rng_below(
						e, 3)];
				else
					rw.cell[A_TARGET] = bad_target[
						rng_below(e, 3)];
				break;
			case D_BAD_INTEGER:
				spoil_integer(g, &rw, rng_below(e, 2)
						      ? A_FEMALE : A_MALE);
				break;
			case D_NEGATIVE_INTEGER:
				spoil_negative(g, &rw, rng_below(e, 2)
						       ? A_FEMALE : A_MALE);
				break;
			case D_MISSING_REQUIRED:
				rw.cell[rng_range(e, A_START, A_MALE)] = "";
				break;
			case D_DUPLICATE_KEY:
				row_fmt(&rw, A_ID, "%s%04llu", prefix,
					last_clean);
				break;
			case D_FOREIGN_KEY:
				rw.cell[A_COUNTRY] = outside_country(
					g, rw.cell[A_COUNTRY]);
				break;
			case D_RULE_VIOLATION:
				rw.cell[A_END] = gen_date(
					g, start - rng_range(e, 1, 10));
				break;
			default:
				abort();
			}
		}
		row_write(o, &rw);
		if (k != D_NONE)
			gen_note(g, T_PREVENTION, i, k);
	}
}

/* ------------------------------------------------------------------ */
/* coordination */

enum { C_ID, C_DATE, C_COUNTRY, C_MECH, C_AGENCIES, C_REFERRALS,
       C_PARTICIPANTS };

static void coordination_write(struct gen *g, struct rng *r, struct out *o,
			       unsigned long long n)
{
	static const long max_referrals[] = { 15, 5, 4, 1, 0 };
	static const char *bad_mech[] = { "workshop", "meeting", "NRM" };
	static const char *bad_agencies[] = { "IOM|WHO", "UNICEF", "iom",
					      "UNODC,IOM" };
	const struct programme *p = g->o->prog;
	unsigned long long i, last_clean = 0;
	struct row rw;
	char prefix[32];
	size_t mech, ai, self = 0;
	unsigned agencies_mask;
	enum defect k;
	struct rng *e = &g->err;

	for (ai = 0; ai < NELEM(coord_agency_names); ai++)
		if (strcmp(coord_agency_names[ai], g->o->agency->code) == 0)
			self = ai;
	snprintf(prefix, sizeof(prefix), "%s-C%s-", g->o->agency->code,
		 g->period);
	for (i = 1; i <= n; i++) {
		row_begin(&rw, 7);
		row_fmt(&rw, C_ID, "%s%04llu", prefix, i);
		rw.cell[C_DATE] = gen_date(g, rng_range(r, g->qstart,
							g->qend));
		rw.cell[C_COUNTRY] = p->country[rng_pick(r, p->country_weight,
							 g->ncountries)];
		mech = rng_pick(r, mechanism_weights,
				NELEM(mechanism_weights));
		rw.cell[C_MECH] = mechanism_names[mech];
		agencies_mask = 1u << self;
		for (ai = 0; ai < NELEM(coord_agency_names); ai++)
			if (rng_permille(r, ai == 3 ? 800 : 450))
				agencies_mask |= 1u << ai;
		row_list(&rw, C_AGENCIES, agencies_mask, coord_agency_names,
			 NELEM(coord_agency_names));
		row_int(&rw, C_REFERRALS, rng_range(r, 0, max_referrals[mech]));
		row_int(&rw, C_PARTICIPANTS,
			mech == 3 ? rng_range(r, 15, 80) : rng_range(r, 5, 60));

		k = gen_defect(g, T_COORDINATION, last_clean != 0);
		if (k == D_NONE)
			last_clean = i;
		else if (!spoil_common(g, &rw, k, 7)) {
			switch (k) {
			case D_BAD_DATE:
				spoil_date(g, &rw, C_DATE);
				break;
			case D_BAD_ENUM:
				if (rng_below(e, 2))
					rw.cell[C_MECH] = bad_mech[rng_below(
						e, 3)];
				else
					rw.cell[C_AGENCIES] = bad_agencies[
						rng_below(e, 4)];
				break;
			case D_BAD_INTEGER:
				spoil_integer(g, &rw, rng_below(e, 2)
						      ? C_REFERRALS
						      : C_PARTICIPANTS);
				break;
			case D_NEGATIVE_INTEGER:
				spoil_negative(g, &rw, rng_below(e, 2)
						       ? C_REFERRALS
						       : C_PARTICIPANTS);
				break;
			case D_MISSING_REQUIRED:
				rw.cell[rng_range(e, C_DATE,
						  C_PARTICIPANTS)] = "";
				break;
			case D_DUPLICATE_KEY:
				row_fmt(&rw, C_ID, "%s%04llu", prefix,
					last_clean);
				break;
			case D_FOREIGN_KEY:
				rw.cell[C_COUNTRY] = outside_country(
					g, rw.cell[C_COUNTRY]);
				break;
			default:
				abort();
			}
		}
		row_write(o, &rw);
		if (k != D_NONE)
			gen_note(g, T_COORDINATION, i, k);
	}
}

/* ------------------------------------------------------------------ */
/* Files. */

static char *path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		exit(EX_SOFTWARE);
	}
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* Opens path for writing; on failure prints why and exits 73. */
static void out_open(struct out *o, const char *path)
{
	o->path = path;
	o->len = 0;
	o->failed = 0;
	o->f = fopen(path, "w");
	if (o->f == NULL) {
		fprintf(stderr, PROG ": cannot create '%s': %s\n", path,
			strerror(errno));
		exit(EX_CANTCREAT);
	}
}

/* Flushes and closes o; returns 0, or 74 after printing why. */
static int out_close(struct out *o)
{
	int err;

	out_flush(o);
	err = o->failed;
	if (ferror(o->f) && err == 0)
		err = errno ? errno : EIO;
	if (fclose(o->f) != 0 && err == 0)
		err = errno ? errno : EIO;
	if (err == 0)
		return 0;
	fprintf(stderr, PROG ": cannot write '%s': %s\n", o->path,
		strerror(err));
	return EX_IOERR;
}

static unsigned long long table_rows(enum table_id t, unsigned long long rows)
{
	unsigned long long n;

	if (rows == 0)
		return 0;
	switch (t) {
	case T_VICTIMS:
		return rows;
	case T_PROSECUTIONS:
		n = rows / 20;
		return n < 5 ? 5 : n;
	case T_PREVENTION:
		n = rows / 50;
		return n < 1 ? 1 : n;
	default:
		n = rows / 100;
		return n < 1 ? 1 : n;
	}
}

static int write_datapackage(const struct gen *g)
{
	const struct gen_opts *o = g->o;
	struct out *dp = malloc(sizeof(*dp));
	char *path = path_join(o->out, "datapackage.json");
	char name[64], *c;
	int i, status;

	if (dp == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		exit(EX_SOFTWARE);
	}
	snprintf(name, sizeof(name), "%s-%s-%s", o->prog->code,
		 o->agency->code, g->period);
	for (c = name; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	out_open(dp, path);
	fprintf(dp->f,
		"{\n"
		"  \"name\": \"%s\",\n"
		"  \"programme\": \"%s\",\n"
		"  \"agency\": \"%s\",\n"
		"  \"period\": \"%s\",\n"
		"  \"resources\": [\n",
		name, o->prog->code, o->agency->code, g->period);
	for (i = 0; i < o->ntables; i++) {
		const char *t = tables[o->table[i]].name;

		fprintf(dp->f,
			"    {\"name\": \"%s\", \"path\": \"%s.csv\", "
			"\"schema\": \"%s\"}%s\n",
			t, t, t, i + 1 < o->ntables ? "," : "");
	}
	fprintf(dp->f, "  ]\n}\n");
	status = out_close(dp);
	free(dp);
	free(path);
	return status;
}

static int gen_run(const struct gen_opts *o)
{
	static struct gen g;
	static struct out csv, inj;
	char *path, *ipath = NULL;
	int i, status = EX_OK, s;
	struct rng r;

	if (mkdir(o->out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, PROG ": cannot create '%s': %s\n", o->out,
			strerror(errno));
		return EX_CANTCREAT;
	}
	gen_init(&g, o);
	if (o->with_injected) {
		ipath = path_join(o->out, "injected.csv");
		out_open(&inj, ipath);
		out_mem(&inj, "table,row_number,kind\n", 22);
		g.injected = &inj;
	}
	s = write_datapackage(&g);
	if (s > status)
		status = s;
	for (i = 0; i < o->ntables; i++) {
		enum table_id t = (enum table_id)o->table[i];
		unsigned long long n = table_rows(t, o->rows);
		char name[32];

		snprintf(name, sizeof(name), "%s.csv", tables[t].name);
		path = path_join(o->out, name);
		out_open(&csv, path);
		out_mem(&csv, tables[t].header, strlen(tables[t].header));
		out_chr(&csv, '\n');
		rng_init(&r, o->seed, 2 * (uint64_t)t + 1);
		rng_init(&g.err, o->seed, 2 * (uint64_t)t + 2);
		switch (t) {
		case T_VICTIMS:
			victims_write(&g, &r, &csv, n);
			break;
		case T_PROSECUTIONS:
			prosecutions_write(&g, &r, &csv, n);
			break;
		case T_PREVENTION:
			prevention_write(&g, &r, &csv, n);
			break;
		default:
			coordination_write(&g, &r, &csv, n);
			break;
		}
		s = out_close(&csv);
		if (s > status)
			status = s;
		free(path);
	}
	if (g.injected != NULL) {
		s = out_close(&inj);
		if (s > status)
			status = s;
		free(ipath);
	}
	return status;
}

/* ------------------------------------------------------------------ */
/* Options. */

static void print_usage(FILE *f)
{
	const char **l;

	for (l = usage; *l != NULL; l++)
		fprintf(f, "%s\n", *l);
}

/* The synopsis: the usage lines before the first empty one. */
static void print_synopsis(FILE *f)
{
	const char **l;

	for (l = usage; *l != NULL && **l != '\0'; l++)
		fprintf(f, "%s\n", *l);
}

static void usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_synopsis(stderr);
	exit(EX_USAGE);
}

static int parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* YYYYQn with a year of 1900..2999; returns -1 on anything else. */
static int parse_period(const char *s, long *year, int *quarter)
{
	long y;

	if (strlen(s) != 6 || strspn(s, "0123456789") != 4 || s[4] != 'Q' ||
	    s[5] < '1' || s[5] > '4')
		return -1;
	y = strtol(s, NULL, 10);
	if (y < 1900 || y > 2999)
		return -1;
	*year = y;
	*quarter = s[5] - '0';
	return 0;
}

static void parse_tables(struct gen_opts *o, const char *arg)
{
	char buf[256], *tok, *save = NULL;
	size_t len = strlen(arg);
	int t, i;

	if (len >= sizeof(buf))
		usage_error("invalid table list '%s'", arg);
	memcpy(buf, arg, len + 1);
	o->ntables = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		for (t = 0; t < NTABLES; t++)
			if (strcmp(tables[t].name, tok) == 0)
				break;
		if (t == NTABLES)
			usage_error("unknown table '%s'", tok);
		for (i = 0; i < o->ntables; i++)
			if (o->table[i] == t)
				usage_error("table '%s' given twice", tok);
		o->table[o->ntables++] = t;
	}
	if (o->ntables == 0)
		usage_error("invalid table list '%s'", arg);
}

int main(int argc, char **argv)
{
	enum { O_AGENCY = 256, O_ERRORS, O_OUT, O_PERIOD, O_PROGRAMME,
	       O_ROWS, O_SEED, O_TABLES };
	static const struct option longopts[] = {
		{ "agency", required_argument, NULL, O_AGENCY },
		{ "errors", required_argument, NULL, O_ERRORS },
		{ "help", no_argument, NULL, 'h' },
		{ "out", required_argument, NULL, O_OUT },
		{ "period", required_argument, NULL, O_PERIOD },
		{ "programme", required_argument, NULL, O_PROGRAMME },
		{ "rows", required_argument, NULL, O_ROWS },
		{ "seed", required_argument, NULL, O_SEED },
		{ "tables", required_argument, NULL, O_TABLES },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen_opts o;
	const char *tables_arg = NULL;
	unsigned long long v;
	char *end;
	size_t i;
	int c;

	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.rows = 100;
	o.prog = &programmes[0];
	o.agency = &agencies[0];
	o.year = 2010;
	o.quarter = 1;
	o.out = ".";

	opterr = 0;
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case O_AGENCY:
			for (i = 0; i < NELEM(agencies); i++)
				if (strcmp(agencies[i].code, optarg) == 0)
					break;
			if (i == NELEM(agencies))
				usage_error("unknown agency '%s'", optarg);
			o.agency = &agencies[i];
			break;
		case O_ERRORS:
			errno = 0;
			o.errors = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(o.errors >= 0.0 && o.errors <= 1.0))
				usage_error("invalid error rate '%s'", optarg);
			o.with_injected = 1;
			break;
		case 'h':
			print_usage(stdout);
			if (fflush(stdout) != 0 || ferror(stdout))
				return EX_IOERR;
			return EX_OK;
		case O_OUT:
			if (*optarg == '\0')
				usage_error("invalid output directory '%s'",
					    optarg);
			o.out = optarg;
			break;
		case O_PERIOD:
			if (parse_period(optarg, &o.year, &o.quarter) != 0)
				usage_error("invalid period '%s'", optarg);
			break;
		case O_PROGRAMME:
			for (i = 0; i < NELEM(programmes); i++)
				if (strcmp(programmes[i].code, optarg) == 0)
					break;
			if (i == NELEM(programmes))
				usage_error("unknown programme '%s'", optarg);
			o.prog = &programmes[i];
			break;
		case O_ROWS:
			if (parse_ull(optarg, &v) != 0 || v > 1000000000000ULL)
				usage_error("invalid row count '%s'", optarg);
			o.rows = v;
			break;
		case O_SEED:
			if (parse_ull(optarg, &v) != 0)
				usage_error("invalid seed '%s'", optarg);
			o.seed = v;
			break;
		case O_TABLES:
			tables_arg = optarg;
			break;
		case 'V':
			printf(PROG " " VERSION "\n");
			if (fflush(stdout) != 0 || ferror(stdout))
				return EX_IOERR;
			return EX_OK;
		default:
			if (optopt != 0 && optopt < 256)
				fprintf(stderr, PROG ": unknown option '-%c'\n",
					optopt);
			else
				fprintf(stderr, PROG ": unknown or incomplete "
					"option '%s'\n", argv[optind - 1]);
			print_synopsis(stderr);
			return EX_USAGE;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	parse_tables(&o, tables_arg != NULL ? tables_arg
					    : o.agency->default_tables);
	return gen_run(&o);
}
