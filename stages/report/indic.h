/*
 * The indicator table of tip-aggregate (indicators_public.csv or
 * indicators.csv) held in memory with an index on its key columns. The file
 * is already aggregated, so its size follows the number of groups; a row cap
 * still bounds memory whatever the file says.
 */
#ifndef REPORT_INDIC_H
#define REPORT_INDIC_H

#include <stddef.h>

/* Columns in the README's order. */
enum rep_col {
	RC_INDICATOR, RC_PILLAR, RC_PROGRAMME, RC_COUNTRY, RC_PERIOD,
	RC_SEX, RC_AGE_GROUP, RC_EXPLOITATION, RC_ASSISTANCE,
	RC_OFFENDER_CITIZENSHIP, RC_TARGET_GROUP, RC_MECHANISM,
	RC_VALUE, RC_NUMERATOR, RC_DENOMINATOR, RC_UNIT, RC_STATUS,
	RC_NCOLS
};
#define RC_FIRST_DIM RC_SEX
#define RC_LAST_DIM RC_MECHANISM
#define RC_NKEY (RC_MECHANISM + 1) /* indicator .. mechanism */

#define REP_INDIC_MAX_ROWS 1000000

struct rep_row {
	char *f[RC_NCOLS]; /* owned; "" for an empty cell */
};

struct rep_indic {
	struct rep_row *rows; /* in file order */
	size_t n, cap;
	size_t *slot;         /* hash slots: row index + 1, 0 = empty */
	size_t nslot;
	unsigned long bad;    /* rows skipped (wrong width, over the cap) */
	int unusable;         /* the header or structure is unreadable */
};

/* Column name as in the CSV header. */
const char *rep_col_name(enum rep_col c);

/*
 * Loads path into ix. Returns 0; 65 when rows were skipped (ix is still
 * usable); 66 when the file is missing, 65 when its header lacks a required
 * column or the CSV is broken before any row (then ix->unusable is set), 74
 * on a read error (then ix is empty). Messages are printed.
 * The caller releases ix in every case.
 */
int rep_indic_load(struct rep_indic *ix, const char *path);
void rep_indic_release(struct rep_indic *ix);

/*
 * The row whose key columns (indicator .. mechanism) equal key, where "_Z"
 * and "_T" match each other in a dimension. NULL when there is none.
 */
const struct rep_row *rep_indic_find(const struct rep_indic *ix,
    const char *const key[RC_NKEY]);

/* 1 when every dimension of r is a total ("_T") or does not apply ("_Z"). */
int rep_row_is_total(const struct rep_row *r);
/* 1 when every dimension but d is a total or not applicable. */
int rep_row_is_total_but(const struct rep_row *r, enum rep_col d);

#endif
