/*
 * Table Schemas as the validator uses them: Frictionless Table Schema JSON
 * (types, constraints, missingValues, primaryKey, foreignKeys) plus tip's
 * row rules ("tipRowRules") and programme-scoped foreign keys ("tipScope"),
 * loaded with jansson and checked completely at load time. Anything the
 * validator would not enforce is refused, never ignored.
 */
#ifndef VAL_SCHEMA_H
#define VAL_SCHEMA_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "vset.h"

enum val_type {
	VT_STRING, VT_INTEGER, VT_NUMBER, VT_BOOLEAN, VT_DATE, VT_YEAR,
	VT_YEARMONTH, VT_LIST
};

/* A parsed cell: integers, booleans (0/1), dates (days since 1970-01-01),
 * years and year-months (year * 12 + month - 1) in i; numbers in d. */
struct val_value {
	int64_t i;
	double d;
};

/* A pattern: either a single bracket class with a length range, matched
 * with a table, or a POSIX ERE anchored at both ends. */
struct val_pattern {
	char *src;               /* as written in the schema */
	int simple;              /* 1: cls/min/max, 0: re */
	unsigned char cls[256];
	size_t min, max;
	regex_t re;
};

struct val_constraints {
	int required;
	int unique;
	int has_min, has_max;
	struct val_value min, max;
	char *min_src, *max_src;   /* as written, for messages */
	int has_minlen, has_maxlen;
	size_t minlen, maxlen;
	struct val_pattern *pattern;
	struct val_set *enumset;   /* normalised values */
	char *enum_words;          /* "a, b, c" for messages */
};

/* A date format: NULL tokens mean ISO YYYY-MM-DD. */
struct val_datefmt {
	char *src;
	char tok[32];  /* 'Y', 'y', 'm', 'd' or a literal byte with lit set */
	char lit[32];
	size_t n;
};

struct val_field {
	char *name;
	char *title;               /* title, or name */
	enum val_type type;
	enum val_type itemtype;    /* lists */
	char delim;                /* lists: one byte */
	struct val_datefmt *datefmt; /* dates (and list items of type date) */
	struct val_set *truev, *falsev;
	struct val_set *missing;   /* this field's missing values */
	struct val_constraints c;
	struct val_constraints item; /* lists: itemConstraints */
	int pk;                    /* part of the primary key */
	int unique_is_pk;          /* unique and the whole primary key */
};

struct val_fk {
	size_t nf;
	size_t *fields;            /* indexes into the schema's fields */
	char *resource;            /* reference/<resource>.csv */
	char **rfields;            /* referenced columns */
	int scope_programme;       /* "tipScope": "programme" */
	struct val_set *set;       /* keys joined by 0x1f; scoped: programme
	                              first */
};

enum val_rule_kind { VR_COMPARE, VR_INPERIOD };
enum val_op { VOP_LT, VOP_LE, VOP_GT, VOP_GE, VOP_EQ, VOP_NE };

struct val_rule {
	char *id;
	enum val_rule_kind kind;
	size_t left, right;        /* compare: fields; inPeriod: left */
	enum val_op op;
	int64_t lag_days;          /* inPeriod */
	char *message;
};

struct val_schema {
	char *path;
	char *name;                /* table name (file name without .json) */
	struct val_field *f;
	size_t nf;
	size_t *pk;
	size_t npk;
	struct val_fk *fk;
	size_t nfk;
	struct val_rule *rules;
	size_t nrules;
};

/*
 * Loads dir/<table>.json and the reference tables its foreign keys use
 * (dir/reference/<resource>.csv). Returns the schema, or NULL after a
 * message naming the file and the field (a configuration error, exit 78).
 * The caller frees the result with val_schema_free.
 */
struct val_schema *val_schema_load(const char *dir, const char *table);
/*
 * Same from JSON text already in memory; refdir NULL means foreign keys
 * cannot be resolved (their sets stay empty). On failure writes the
 * reason into err[errlen] and returns NULL.
 */
struct val_schema *val_schema_parse(const char *json, size_t len,
    const char *name, const char *refdir, char *err, size_t errlen);
void val_schema_free(struct val_schema *s);

/* Field index by name, or -1. */
long val_schema_field(const struct val_schema *s, const char *name,
    size_t len);

const char *val_type_name(enum val_type t);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t val_days_from_civil(int64_t y, unsigned m, unsigned d);
void val_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
