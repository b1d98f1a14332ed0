/*
 * tip-aggregate: computes the indicator catalogue over the current validated
 * submissions. This header is the stage's internal interface between its
 * files (catalogue, groups, measures, merge, suppression, writers, checks);
 * nothing outside stages/aggregate includes it.
 */
#ifndef AGGREGATE_H
#define AGGREGATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tip_opts.h"

struct aggregate_opts {
	struct tip_common_opts co; /* -d, -h, -V, -v, -q */
	const char *schemas;       /* --schemas DIR */
	const char *catalogue;     /* --catalogue FILE */
	long k;                    /* --k N: suppression threshold (5) */
	int force;                 /* --force: recompute every partial */
	int wait;                  /* --wait SECONDS for the data lock */
	int jobs;                  /* -j/--jobs N: partials in parallel */
};

/* Runs the stage; returns an exit status. */
int aggregate_run(const struct aggregate_opts *o);

/* ---- output dimensions -------------------------------------------------- */

enum agg_dim {
	AGG_SEX, AGG_AGE, AGG_EXPL, AGG_ASSIST, AGG_OCIT, AGG_TARGET, AGG_MECH,
	AGG_NDIM
};
/* Column names of the dimensions, in output order. */
extern const char *const agg_dim_names[AGG_NDIM];
/* Index of a dimension column name, or -1. */
int agg_dim_index(const char *name);

/* ---- interned strings ----------------------------------------------------- */

/* Fixed codes: interned first, in this order. */
enum { AGG_T = 0, AGG_Z = 1, AGG_U = 2 };
#define AGG_NONE UINT32_MAX

/*
 * One process-wide table of distinct values (codes, countries, ids): cells
 * hold small integers instead of strings. Its size is the number of
 * distinct values, never the number of rows.
 */
uint32_t agg_intern(const char *s, size_t len);
/* The string of an interned code (valid until agg_intern_reset). */
const char *agg_str(uint32_t code);
/* Orders codes for output: _T first, then _Z, _U, then bytewise. */
int agg_code_cmp(uint32_t a, uint32_t b);
/* Forgets every value (tests); the fixed codes come back on next use. */
void agg_intern_reset(void);

/* ---- group table ---------------------------------------------------------- */

/* period = year * 8 + quarter (1..4); quarter 0 means the whole year. */
#define AGG_PERIOD(y, q) ((uint32_t)(y) * 8u + (uint32_t)(q))
#define AGG_PYEAR(p) ((p) / 8u)
#define AGG_PQ(p) ((p) % 8u)

struct agg_key {
	uint32_t ind;     /* indicator index in the catalogue */
	uint32_t prog;    /* programme code, AGG_T for all programmes */
	uint32_t country; /* country code, AGG_T for the whole programme */
	uint32_t period;  /* AGG_PERIOD */
	uint32_t dim[AGG_NDIM]; /* value codes, AGG_T total, AGG_Z n/a */
};

/* Cell flags. */
enum {
	AGG_F_OVERFLOW = 1, /* a sum overflowed int64: value meaningless */
	AGG_F_PRIMARY = 2,  /* small cell (1..k-1) */
	AGG_F_SUPP = 4,     /* suppressed in the public file */
	AGG_F_NODATA = 8,   /* ratio: denominator unknown */
	AGG_F_ZERODEN = 16, /* ratio: denominator zero */
};

struct agg_cell {
	struct agg_key k;
	int64_t v;     /* count or sum; ratio: value x 100, rounded */
	int64_t num;   /* ratio only: numerator */
	int64_t den;   /* ratio only: denominator */
	uint32_t flags;
};

/* Open-addressing hash table of cells; memory grows with groups only. */
struct agg_table {
	struct agg_cell *c; /* cap slots; empty slots have k.ind == AGG_NONE */
	size_t n, cap;
	/* Output order, built on demand and dropped when a cell is added. */
	struct agg_cell **sorted; /* n cells in agg_key_cmp order */
	uint32_t *pos;            /* by slot: position in sorted */
	/* agg_table_add's direct-mapped cache of recent cells (a cheap hash
	 * of the key); emptied when the slots move. */
	struct agg_cell **front;
};

/* The most groups one table may hold before aggregation gives up. */
#define AGG_MAX_CELLS ((size_t)1 << 24)

void agg_table_init(struct agg_table *t);
void agg_table_release(struct agg_table *t);
/*
 * Finds the cell of key k, creating it (v 0) when create is set. Returns
 * NULL when absent (create 0) or when the table is full (AGG_MAX_CELLS).
 */
struct agg_cell *agg_table_get(struct agg_table *t, const struct agg_key *k,
    int create);
/* Adds v to the cell of k with overflow checking. Returns 0 or -1 (full). */
int agg_table_add(struct agg_table *t, const struct agg_key *k, int64_t v,
    uint32_t flags);
/* The cells sorted for output; caller frees the array (cells borrowed). */
struct agg_cell **agg_table_sorted(const struct agg_table *t, size_t *n);
/*
 * The same order kept in t (valid until a cell is added): t->sorted and
 * t->pos are set. Sorting is done once however often the order is used.
 */
void agg_table_order(struct agg_table *t);
int agg_key_cmp(const struct agg_key *a, const struct agg_key *b);
void agg_key_clear(struct agg_key *k, uint32_t ind);

/* ---- catalogue ------------------------------------------------------------ */

enum agg_ftype {
	AGG_T_STRING, AGG_T_INTEGER, AGG_T_NUMBER, AGG_T_DATE, AGG_T_YEARMONTH,
	AGG_T_BOOLEAN, AGG_T_LIST, AGG_T_OTHER
};

struct agg_schema {
	char *name;          /* table name ("victims") */
	char **field;        /* field names in schema order */
	enum agg_ftype *type;
	size_t nfield;
};

enum agg_filter_kind { AGG_FILTER_IN, AGG_FILTER_IS, AGG_FILTER_RANGE,
	AGG_FILTER_EMPTY };

struct agg_filter {
	int field;                 /* index into the table schema */
	enum agg_filter_kind kind;
	char **vals;               /* AGG_FILTER_IN: accepted values */
	size_t nvals;
	int is;                    /* AGG_FILTER_IS / EMPTY: wanted truth */
	int has_min, has_max;
	long long min, max;        /* AGG_FILTER_RANGE, inclusive */
};

enum agg_dimkind {
	AGG_DK_FIELD, /* one value per row */
	AGG_DK_LIST,  /* '|'-joined values: once per value, once in _T */
	AGG_DK_AGE,   /* integer age -> band codes */
	AGG_DK_SPLIT  /* the summed field decides the value (participants) */
};

struct agg_dimspec {
	int col;               /* enum agg_dim */
	int field;             /* table field, -1 for AGG_DK_SPLIT */
	enum agg_dimkind kind;
	int fine;              /* AGG_DK_AGE: add the fine bands too */
};

struct agg_band {
	char *code;
	long long min, max;   /* inclusive; max -1 = no upper bound */
	int parent;            /* fine band: index of the broad band */
};

#define AGG_MAX_SUM 8
#define AGG_PER_QUARTER 1
#define AGG_PER_YEAR 2

struct agg_indicator {
	char *id, *name, *pillar, *unit, *description;
	int key;                 /* headline indicator of its pillar */
	int ratio;               /* 1: numerator/denominator x factor */
	int periods;             /* AGG_PER_* bits */
	char *sdmx_series;       /* SDG series code or NULL */
	char *sdmx_unit;
	/* count indicators */
	int table;               /* index into catalogue schemas */
	int date_field, country_field;
	int sum;                 /* 0 count rows, 1 sum fields */
	int sum_field[AGG_MAX_SUM];
	uint32_t split_val[AGG_MAX_SUM]; /* AGG_DK_SPLIT value per field */
	size_t nsum;
	struct agg_filter *filter;
	size_t nfilter;
	struct agg_dimspec dim[AGG_NDIM];
	size_t ndim;
	unsigned uses;           /* bit per dimension column used */
	unsigned multi;          /* columns expanded per row (with _T) */
	/* ratio indicators */
	int num_ind, den_ind;    /* indicator indexes; den -1 = population */
	uint32_t num_where[AGG_NDIM], den_where[AGG_NDIM]; /* AGG_NONE free */
	int64_t factor;
};

struct agg_catalogue {
	struct agg_indicator *ind;
	size_t n;
	struct agg_schema *schema;
	size_t nschema;
	struct agg_band *broad, *fine;
	size_t nbroad, nfine;
	char sha256[65];         /* of the catalogue file bytes */
};

/* The most indicators a catalogue may define. */
#define AGG_MAX_INDICATORS 512

/*
 * Loads and checks the catalogue held in buf (len bytes), reading table
 * schemas from schema_dir/<table>.json. Returns 0, or 78 after a message
 * naming the indicator (or the file) that is wrong; on failure cat is
 * empty and needs no release. name is used in messages.
 */
int agg_catalogue_parse(struct agg_catalogue *cat, const char *buf,
    size_t len, const char *name, const char *schema_dir);
/* Reads path, then agg_catalogue_parse. Returns 0, 66 or 78. */
int agg_catalogue_load(struct agg_catalogue *cat, const char *path,
    const char *schema_dir);
void agg_catalogue_release(struct agg_catalogue *cat);
/* Index of an indicator by id, or -1. */
int agg_catalogue_find(const struct agg_catalogue *cat, const char *id);
/* The band index for an age (broad or fine list), or -1. */
int agg_band_of(const struct agg_band *b, size_t n, long long age);

/* ---- measures: rows into cells -------------------------------------------- */

/* The most fields a table schema may have. */
#define AGG_MAX_FIELDS 256

/* How the measures of a table read a field (bits of agg_uses). */
enum {
	AGG_USE_RAW = 1,  /* its bytes: country, filters, value and list
	                     dimensions */
	AGG_USE_DATE = 2, /* an indicator's date: only its quarter counts */
	AGG_USE_AGE = 4,  /* an age dimension: only its bands count */
	AGG_USE_SUM = 8,  /* summed by a measure */
};

/* What the measures of table read of each schema field: use[i] gets the
 * AGG_USE_* bits of field i (0: unread). */
void agg_uses(const struct agg_catalogue *cat, int table,
    uint8_t use[AGG_MAX_FIELDS]);

/*
 * A row, or a class of rows that the measures cannot tell apart, as the
 * measures see it. Only the entries of fields in use are read: s/len for
 * AGG_USE_RAW, period for AGG_USE_DATE, broad/fine for AGG_USE_AGE, sum
 * and ovf for AGG_USE_SUM. Bytes are borrowed.
 */
struct agg_view {
	const char *s[AGG_MAX_FIELDS];
	size_t len[AGG_MAX_FIELDS];
	uint32_t period[AGG_MAX_FIELDS];  /* AGG_PERIOD; 0: not a date */
	int16_t broad[AGG_MAX_FIELDS];    /* band index; -1: unknown age */
	int16_t fine[AGG_MAX_FIELDS];     /* fine band index or -1 */
	int64_t sum[AGG_MAX_FIELDS];      /* over the rows of the class */
	uint8_t ovf[AGG_MAX_FIELDS];      /* 1: that sum overflowed */
};

/* The period code of a date's bytes (AGG_PERIOD), 0 when not a date. */
uint32_t agg_date_period(const char *s, size_t len);
/* The broad and fine band of an age's bytes (-1 when none). */
void agg_age_bands(const struct agg_catalogue *cat, const char *s, size_t len,
    int16_t *broad, int16_t *fine);
/* Parses a decimal integer (optional sign). Returns 0, or -1 (bad, or
 * out of int64 range) leaving *out unchanged. */
int agg_parse_int(const char *s, size_t len, int64_t *out);

/*
 * Adds a view standing for `rows` rows of table to t, for the indicator
 * of index only or (only -1) for every indicator of the table: counts add
 * rows, sums add v->sum. Returns 0, 1 when some indicator left it out for
 * a bad date, -1 when t is full.
 */
int agg_measure_view(const struct agg_catalogue *cat, int table, int only,
    uint32_t prog, const struct agg_view *v, int64_t rows,
    struct agg_table *t);

/*
 * Aggregates one validated table file of a submission of programme prog
 * into t (finest cells: country, quarter, values; totals only for
 * multi-valued dimensions). Rows the measures cannot tell apart are
 * folded into one class and measured once. Returns 0; 65 when the file
 * is malformed (message given, the rows read so far stay counted); 74 on
 * read error; 70 when t is full. rows gets the data rows read; sha (when
 * not NULL) the hash of the file's bytes ("xxh64:..."), taken in the
 * same pass.
 */
int agg_measure_file(const struct agg_catalogue *cat, int table,
    uint32_t prog, const char *path, struct agg_table *t, uint64_t *rows,
    char sha[65]);
/* Tests: the most row classes of an indicator, and distinct values of
 * the fields, that agg_measure_file holds before measuring the classes
 * (0: the defaults). */
void agg_measure_set_limits(size_t classes, size_t values);

/*
 * Aggregates one row given as fields named by the header map, row by row
 * (tests hold agg_measure_file's classes against it; not reentrant).
 * col[i] is the position of schema field i in f, -1 when the file lacks
 * it. Returns 0, 1 when the row was skipped (bad date), -1
 * when t is full.
 */
struct tip_csv_field;
int agg_measure_row(const struct agg_catalogue *cat, int table, uint32_t prog,
    const int *col, const struct tip_csv_field *f, size_t nf,
    struct agg_table *t);

/* Year and quarter of "YYYY-MM-DD" or "YYYY-MM". Returns 0 or -1. */
int agg_date_quarter(const char *s, size_t len, int *year, int *quarter);

/* ---- merge and totals ----------------------------------------------------- */

/* Adds every cell of src into dst (checked). Returns 0 or -1 when full. */
int agg_merge(struct agg_table *dst, const struct agg_table *src,
    uint32_t prog);

/*
 * From finest cells (per programme, country, quarter), computes every
 * count indicator's cells with _T totals over each dimension, the
 * programme and all programmes, quarters and years; then the ratio
 * indicators. pop may be NULL (population rates are then no_data).
 * Returns 0 or -1 when out of room.
 */
struct agg_population;
int agg_finalise(const struct agg_catalogue *cat, const struct agg_table *fine,
    const struct agg_population *pop, struct agg_table *out);

/*
 * The keys of the numerator and denominator cells of ratio cell key rk;
 * den->ind is AGG_NONE for a population denominator.
 */
void agg_ratio_keys(const struct agg_catalogue *cat, const struct agg_key *rk,
    struct agg_key *num, struct agg_key *den);

/* Population and programme countries from schemas/reference. */
struct agg_population {
	struct agg_table t;     /* ind 0, country, period=year, dim[SEX] */
	uint32_t *pc_prog, *pc_country; /* programme_countries pairs */
	size_t npc;
};
int agg_population_load(struct agg_population *p, const char *schema_dir);
void agg_population_release(struct agg_population *p);
/*
 * Population of (prog, country) in year for sex code: a country, a whole
 * programme (country _T) or all programmes (prog _T). Returns 0 and *out,
 * or -1 when a figure is missing.
 */
int agg_population_get(const struct agg_population *p, uint32_t prog,
    uint32_t country, int year, uint32_t sex, int64_t *out);

/* ---- partials -------------------------------------------------------------- */

struct agg_sub {
	char *id, *programme, *agency, *period, *ingested_at;
	char *file_sha[8];        /* per catalogue schema: the file's hash
	                             ("xxh64:..."); "-" when absent */
	uint64_t rows[8];
	int reused;               /* partial was up to date */
};

/* Writes the partial of one submission. Returns 0 or an exit status. */
int agg_partial_write(const char *path, const struct agg_catalogue *cat,
    const struct agg_sub *s, const struct agg_table *t);
/*
 * Reads a partial into t when it was built from the same catalogue and
 * files as s says, and sets s->rows. Returns 0 (loaded), 1 (absent or stale: recompute),
 * -1 when t is full.
 */
int agg_partial_read(const char *path, const struct agg_catalogue *cat,
    struct agg_sub *s, struct agg_table *t);

/* ---- suppression ---------------------------------------------------------- */

/*
 * Marks the small cells (1..k-1) of count indicators, then complementary
 * cells until no suppressed cell can be recovered from one total and its
 * other parts, then the ratios built on a suppressed count. Returns the
 * number of suppressed cells.
 */
size_t agg_suppress(const struct agg_catalogue *cat, struct agg_table *t,
    int64_t k);

/*
 * Calls fn for every additive relation among the cells of t: a total and
 * its parts along one dimension. parts are cells of t (borrowed);
 * total may be NULL when no cell holds it. Used by suppression and checks.
 */
typedef void (*agg_relation_fn)(void *ctx, struct agg_cell *total,
    struct agg_cell **parts, size_t nparts);
void agg_relations(const struct agg_catalogue *cat, struct agg_table *t,
    agg_relation_fn fn, void *ctx);

/* ---- writers -------------------------------------------------------------- */

/* Writes indicators.csv (public 0) or indicators_public.csv (1) to fp. */
int agg_write_indicators(FILE *fp, const struct agg_catalogue *cat,
    const struct agg_table *t, int public);
/* Formats a cell's value into buf: "" when not published. */
void agg_format_value(const struct agg_indicator *ind,
    const struct agg_cell *c, int public, char *buf, size_t size);
/* The status word of a cell. */
const char *agg_status(const struct agg_cell *c, int public);

struct agg_m49 {
	uint32_t *country;
	char **m49;
	size_t n;
};
int agg_m49_load(struct agg_m49 *m, const char *schema_dir);
void agg_m49_release(struct agg_m49 *m);
/* Writes sdg_16_2_2.csv (SDMX-CSV) from the public cells. */
int agg_write_sdmx(FILE *fp, const struct agg_catalogue *cat,
    const struct agg_table *t, const struct agg_m49 *m49);

/* ---- checks --------------------------------------------------------------- */

struct agg_subref {
	const char *programme, *agency, *period;
};
/* Writes checks.csv. Returns 0 or -1 on a write error. */
int agg_write_checks(FILE *fp, const struct agg_catalogue *cat,
    struct agg_table *t, const struct agg_subref *subs, size_t nsubs);

/* "2010Q1" or "2010" of a period code into buf[8]. */
void agg_period_str(uint32_t period, char buf[16]);
/* Parses "2010Q1" or "2010". Returns 0 or -1. */
int agg_period_parse(const char *s, uint32_t *period);

#endif
