/*
 * Choosing the rows, series and periods a chart shows, and the words for
 * codes (forms of exploitation, sex, age groups). Shared by the chart
 * definitions only.
 */
#ifndef CHART_SELECT_H
#define CHART_SELECT_H

#include <stddef.h>

#include "chart.h"

/* Dimension patterns for chart_sel_match. */
#define SEL_ANY NULL  /* any value */
#define SEL_FLAT ""   /* _T, _Z or empty: not broken down */
#define SEL_PART "*"  /* a real category: not _T, _Z or empty */

struct chart_sel {
	const char *indicator;
	const char *programme, *country, *sex, *age, *expl; /* patterns */
	int pcode;  /* exact period, or -1 for any */
	int kind;   /* 'y' years only, 'q' quarters only, 0 either */
};

/* 1 when row r matches sel. */
int chart_sel_match(const struct chart_row *r, const struct chart_sel *sel);

/* The matching row (the first one), or NULL. */
const struct chart_row *chart_sel_find(const struct chart_table *t,
    const struct chart_sel *sel);

/*
 * Latest period of the rows matching sel (sel->pcode ignored): the latest
 * year when there are yearly rows, else the latest quarter. -1 when none.
 */
int chart_sel_latest(const struct chart_table *t, struct chart_sel sel);

/*
 * First and last quarter of the rows matching sel. Returns the number of
 * quarters from first to last (at most max, keeping the latest), 0 when
 * there are none.
 */
int chart_sel_quarters(const struct chart_table *t, struct chart_sel sel,
    int max, int *first);
/* The quarter k steps after pcode. */
int chart_quarter_add(int pcode, int k);

/* A small set of distinct codes, in a fixed order then alphabetical. */
struct chart_codes {
	char *v[64]; /* owned */
	size_t n;
	size_t dropped; /* distinct codes beyond the cap */
};

/*
 * Adds code (copied) unless present. max caps the set (at most 64).
 */
void chart_codes_add(struct chart_codes *c, const char *code, size_t max);
/* Collects the values of one dimension over the rows matching sel. */
void chart_codes_collect(struct chart_codes *c, const struct chart_table *t,
    const struct chart_sel *sel, int dim, size_t max);
/* Sorts: codes listed in order[] first, in that order, then the rest. */
void chart_codes_sort(struct chart_codes *c, const char *const order[]);
void chart_codes_release(struct chart_codes *c);

/* Dimensions for chart_codes_collect. */
enum { DIM_PROGRAMME, DIM_COUNTRY, DIM_SEX, DIM_AGE, DIM_EXPL };

/* Fixed orders. */
extern const char *const chart_programme_order[];
extern const char *const chart_expl_order[];
extern const char *const chart_sex_order[];
extern const char *const chart_age_order[];

/* Words for a code; the code itself when unknown (never NULL). */
const char *chart_expl_label(const char *code);
const char *chart_expl_colour(const char *code);
const char *chart_sex_label(const char *code);
const char *chart_sex_colour(const char *code);
const char *chart_age_label(const char *code);
const char *chart_country_label(const char *code);
/* Programme name, or the code. */
const char *chart_programme_label(const char *code);

#endif
