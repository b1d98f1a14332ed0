/*
 * Reading and indexing the aggregated indicator file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indic.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"

static const char *const colname[RC_NCOLS] = {
	"indicator", "pillar", "programme", "country", "period", "sex",
	"age_group", "exploitation", "assistance", "offender_citizenship",
	"target_group", "mechanism", "value", "numerator", "denominator",
	"unit", "status",
};

/* Columns a usable file must have; the others default (dimensions "_T"). */
static const int required[RC_NCOLS] = {
	[RC_INDICATOR] = 1, [RC_PROGRAMME] = 1, [RC_PERIOD] = 1,
	[RC_VALUE] = 1, [RC_STATUS] = 1,
};

const char *
rep_col_name(enum rep_col c)
{
	return c < RC_NCOLS ? colname[c] : "?";
}

static int
is_dim(int c)
{
	return c >= RC_FIRST_DIM && c <= RC_LAST_DIM;
}

/* A dimension value as the index sees it: "_Z" and "_T" are one. */
static const char *
norm(int c, const char *v)
{
	return is_dim(c) && strcmp(v, "_Z") == 0 ? "_T" : v;
}

static int
is_total(const char *v)
{
	return strcmp(v, "_T") == 0 || strcmp(v, "_Z") == 0;
}

static uint64_t
hash_key(const char *const key[RC_NKEY])
{
	uint64_t h = 1469598103934665603ULL;

	for (int c = 0; c < RC_NKEY; c++) {
		for (const unsigned char *p =
		    (const unsigned char *)norm(c, key[c]); *p; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0x1f;
		h *= 1099511628211ULL;
	}
	return h;
}

static int
key_eq(const struct rep_row *r, const char *const key[RC_NKEY])
{
	for (int c = 0; c < RC_NKEY; c++)
		if (strcmp(norm(c, r->f[c]), norm(c, key[c])) != 0)
			return 0;
	return 1;
}

static void
index_insert(struct rep_indic *ix, size_t i)
{
	const char *key[RC_NKEY];

	for (int c = 0; c < RC_NKEY; c++)
		key[c] = ix->rows[i].f[c];
	size_t s = hash_key(key) & (ix->nslot - 1);
	while (ix->slot[s] != 0) {
		if (key_eq(&ix->rows[ix->slot[s] - 1], key))
			return; /* a duplicate key: the first row wins */
		s = (s + 1) & (ix->nslot - 1);
	}
	ix->slot[s] = i + 1;
}

/*
 * A dimension that an indicator fixes by definition (child_victims_share has
 * age_group Y0T17 on every row) is not a breakdown: its value is the
 * indicator's whole, so it is read as a total. Rewrites such cells to "_T".
 */
struct fixed {
	const char *ind;                  /* borrowed from a row */
	const char *only[RC_NCOLS];       /* the one value seen, per dim */
	unsigned char varies[RC_NCOLS];   /* a total or a second value */
};

static void
fold_fixed_dims(struct rep_indic *ix)
{
	struct fixed *fx = NULL;
	size_t nfx = 0, cap = 0, last = 0;

	/* One pass to learn, per indicator and dimension, whether a single
	 * non-total value covers every row; indicators are few. */
	for (size_t i = 0; i < ix->n; i++) {
		const struct rep_row *r = &ix->rows[i];
		size_t k = last;
		if (k >= nfx || strcmp(fx[k].ind, r->f[RC_INDICATOR]) != 0) {
			for (k = 0; k < nfx; k++)
				if (strcmp(fx[k].ind, r->f[RC_INDICATOR]) == 0)
					break;
			if (k == nfx) {
				if (nfx == cap) {
					cap = cap ? 2 * cap : 32;
					fx = tip_xrealloc(fx, cap * sizeof(*fx));
				}
				memset(&fx[nfx], 0, sizeof(fx[0]));
				fx[nfx++].ind = r->f[RC_INDICATOR];
			}
		}
		last = k;
		for (int c = RC_FIRST_DIM; c <= RC_LAST_DIM; c++) {
			if (fx[k].varies[c])
				continue;
			if (is_total(r->f[c]))
				fx[k].varies[c] = 1;
			else if (fx[k].only[c] == NULL)
				fx[k].only[c] = r->f[c];
			else if (strcmp(fx[k].only[c], r->f[c]) != 0)
				fx[k].varies[c] = 1;
		}
	}
	/* Then rewrite the fixed cells. */
	last = 0;
	for (size_t i = 0; i < ix->n; i++) {
		struct rep_row *r = &ix->rows[i];
		size_t k = last;
		if (strcmp(fx[k].ind, r->f[RC_INDICATOR]) != 0)
			for (k = 0; k < nfx; k++)
				if (strcmp(fx[k].ind, r->f[RC_INDICATOR]) == 0)
					break;
		last = k;
		for (int c = RC_FIRST_DIM; c <= RC_LAST_DIM; c++) {
			if (fx[k].varies[c] || fx[k].only[c] == NULL)
				continue;
			free(r->f[c]);
			r->f[c] = tip_xstrdup("_T");
		}
	}
	free(fx);
}

static void
build_index(struct rep_indic *ix)
{
	ix->nslot = 64;
	while (ix->nslot < ix->n * 2)
		ix->nslot *= 2;
	ix->slot = tip_xcalloc(ix->nslot, sizeof(*ix->slot));
	for (size_t i = 0; i < ix->n; i++)
		index_insert(ix, i);
}

const struct rep_row *
rep_indic_find(const struct rep_indic *ix, const char *const key[RC_NKEY])
{
	if (ix->nslot == 0)
		return NULL;
	size_t s = hash_key(key) & (ix->nslot - 1);
	while (ix->slot[s] != 0) {
		const struct rep_row *r = &ix->rows[ix->slot[s] - 1];
		if (key_eq(r, key))
			return r;
		s = (s + 1) & (ix->nslot - 1);
	}
	return NULL;
}


int
rep_row_is_total(const struct rep_row *r)
{
	return rep_row_is_total_but(r, RC_NCOLS);
}

int
rep_row_is_total_but(const struct rep_row *r, enum rep_col d)
{
	for (int c = RC_FIRST_DIM; c <= RC_LAST_DIM; c++)
		if (c != (int)d && !is_total(r->f[c]))
			return 0;
	return 1;
}

struct loader {
	struct rep_indic *ix;
	const char *path;
	int map[RC_NCOLS]; /* field index of each column, -1 when absent */
	size_t width;      /* header width */
	int status;
};

static int
on_row(void *ctx, const struct tip_csv_row *row)
{
	struct loader *ld = ctx;
	struct rep_indic *ix = ld->ix;

	if (row->recno == 1) {
		for (int c = 0; c < RC_NCOLS; c++)
			ld->map[c] = -1;
		for (size_t i = 0; i < row->n; i++)
			for (int c = 0; c < RC_NCOLS; c++)
				if (ld->map[c] < 0 &&
				    strcmp(row->f[i].s, colname[c]) == 0)
					ld->map[c] = (int)i;
		ld->width = row->n;
		for (int c = 0; c < RC_NCOLS; c++)
			if (required[c] && ld->map[c] < 0) {
				tip_warn(0, "'%s': no column '%s' in the header",
				    ld->path, colname[c]);
				ld->status = TIP_EX_DATAERR;
				return 1;
			}
		return 0;
	}
	if (row->flags & TIP_CSV_ROW_BLANK)
		return 0;
	if (row->n != ld->width || ix->n >= REP_INDIC_MAX_ROWS) {
		if (ix->bad++ < 5)
			tip_warn(0, "'%s': line %llu: %s, skipped", ld->path,
			    (unsigned long long)row->line,
			    ix->n >= REP_INDIC_MAX_ROWS ? "over the row cap" :
			    "wrong number of fields");
		return 0;
	}
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 256;
		ix->rows = tip_xrealloc(ix->rows, ix->cap * sizeof(*ix->rows));
	}
	struct rep_row *r = &ix->rows[ix->n++];
	for (int c = 0; c < RC_NCOLS; c++) {
		int i = ld->map[c];
		r->f[c] = tip_xstrdup(i >= 0 ? row->f[i].s :
		    is_dim(c) || c == RC_COUNTRY ? "_T" : "");
	}
	return 0;
}

int
rep_indic_load(struct rep_indic *ix, const char *path)
{
	struct loader ld = {.ix = ix, .path = path};
	struct tip_csv *csv;
	int rc;

	memset(ix, 0, sizeof(*ix));
	csv = tip_csv_new(NULL, on_row, &ld);
	if (csv == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot read '%s'", path);
	rc = tip_csv_read_path(csv, path);
	if (rc == -2) {
		int e = errno;
		tip_csv_free(csv);
		if (e == ENOENT) {
			tip_warn(e, "cannot open '%s'", path);
			return TIP_EX_NOINPUT;
		}
		tip_warn(e, "cannot read '%s'", path);
		return TIP_EX_IOERR;
	}
	if (rc == -1) {
		tip_warn(0, "'%s': %s", path, tip_csv_errmsg(csv));
		ld.status = TIP_EX_DATAERR;
	}
	tip_csv_free(csv);
	if (ld.status != 0 && ix->n == 0) {
		ix->unusable = 1;
		return ld.status;
	}
	fold_fixed_dims(ix);
	build_index(ix);
	if (ix->bad > 5)
		tip_warn(0, "'%s': %lu rows skipped in all", path, ix->bad);
	return ix->bad > 0 ? TIP_EX_DATAERR : ld.status;
}

void
rep_indic_release(struct rep_indic *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		for (int c = 0; c < RC_NCOLS; c++)
			free(ix->rows[i].f[c]);
	free(ix->rows);
	free(ix->slot);
	memset(ix, 0, sizeof(*ix));
}
