/*
 * Measures: turns a view of validated rows into cells. Applies an
 * indicator's filters, takes quarter and year from dates and age bands
 * from ages, expands multi-valued fields (a row counts once per value and
 * once in _T), and adds a count or a checked sum. Totals over
 * single-valued dimensions are left to agg_finalise. Reading files and
 * folding rows into views is in reader.c.
 */
#include <string.h>

#include "aggregate.h"
#include "tip_ckd.h"
#include "tip_csv.h"

#define MAX_VALS 33 /* distinct values of a multi-valued field, plus _T */

int
agg_parse_int(const char *s, size_t len, int64_t *out)
{
	int64_t r = 0;
	size_t i = 0;
	int neg = 0;

	if (len == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
		if (len == 1)
			return -1;
	}
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (tip_ckd_mul(&r, r, 10) ||
		    tip_ckd_add(&r, r, neg ? -(s[i] - '0') : s[i] - '0'))
			return -1;
	}
	*out = r;
	return 0;
}

int
agg_date_quarter(const char *s, size_t len, int *year, int *quarter)
{
	int y = 0, m;

	if (len != 7 && len != 10)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	if (s[4] != '-' || s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9')
		return -1;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	if (len == 10 && (s[7] != '-' || s[8] < '0' || s[8] > '3' ||
	    s[9] < '0' || s[9] > '9'))
		return -1;
	*year = y;
	*quarter = (m - 1) / 3 + 1;
	return 0;
}

uint32_t
agg_date_period(const char *s, size_t len)
{
	int y, q;

	if (agg_date_quarter(s, len, &y, &q) != 0)
		return 0;
	return AGG_PERIOD(y, q); /* at least 1: q is 1..4 */
}

void
agg_age_bands(const struct agg_catalogue *cat, const char *s, size_t len,
    int16_t *broad, int16_t *fine)
{
	int64_t age;

	*broad = *fine = -1;
	if (agg_parse_int(s, len, &age) != 0)
		return;
	*broad = (int16_t)agg_band_of(cat->broad, cat->nbroad, age);
	if (*broad >= 0)
		*fine = (int16_t)agg_band_of(cat->fine, cat->nfine, age);
}

void
agg_uses(const struct agg_catalogue *cat, int table,
    uint8_t use[AGG_MAX_FIELDS])
{
	memset(use, 0, AGG_MAX_FIELDS);
	for (size_t i = 0; i < cat->n; i++) {
		const struct agg_indicator *ind = &cat->ind[i];
		if (ind->ratio || ind->table != table)
			continue;
		use[ind->date_field] |= AGG_USE_DATE;
		use[ind->country_field] |= AGG_USE_RAW;
		for (size_t s = 0; s < ind->nsum; s++)
			use[ind->sum_field[s]] |= AGG_USE_SUM;
		for (size_t f = 0; f < ind->nfilter; f++)
			use[ind->filter[f].field] |= AGG_USE_RAW;
		for (size_t d = 0; d < ind->ndim; d++) {
			const struct agg_dimspec *ds = &ind->dim[d];
			if (ds->kind == AGG_DK_SPLIT)
				continue;
			use[ds->field] |= ds->kind == AGG_DK_AGE ?
			    AGG_USE_AGE : AGG_USE_RAW;
		}
	}
}

static int
eq(const struct agg_view *v, int f, const char *s)
{
	size_t n = strlen(s);

	return v->len[f] == n && memcmp(v->s[f], s, n) == 0;
}

/* Does value v (one item) match the filter's set? */
static int
in_set(const struct agg_filter *f, const char *s, size_t len)
{
	for (size_t i = 0; i < f->nvals; i++)
		if (strlen(f->vals[i]) == len && memcmp(f->vals[i], s, len) == 0)
			return 1;
	return 0;
}

static int
pass(const struct agg_catalogue *cat, const struct agg_indicator *ind,
    const struct agg_view *v)
{
	for (size_t i = 0; i < ind->nfilter; i++) {
		const struct agg_filter *fl = &ind->filter[i];
		const char *s = v->s[fl->field];
		size_t len = v->len[fl->field];
		int64_t n;
		switch (fl->kind) {
		case AGG_FILTER_IN:
			if (cat->schema[ind->table].type[fl->field] == AGG_T_LIST) {
				size_t a = 0, b;
				int hit = 0;
				while (a <= len && !hit && len > 0) {
					for (b = a; b < len && s[b] != '|'; b++)
						;
					hit = in_set(fl, s + a, b - a);
					a = b + 1;
				}
				if (!hit)
					return 0;
			} else if (!in_set(fl, s, len))
				return 0;
			break;
		case AGG_FILTER_IS:
			if (eq(v, fl->field, fl->is ? "true" : "false") == 0)
				return 0;
			break;
		case AGG_FILTER_EMPTY:
			if ((len == 0) != fl->is)
				return 0;
			break;
		case AGG_FILTER_RANGE:
			if (agg_parse_int(s, len, &n) != 0 ||
			    (fl->has_min && n < fl->min) ||
			    (fl->has_max && n > fl->max))
				return 0;
			break;
		}
	}
	return 1;
}

/*
 * Codes already looked up for this view, by the address of the bytes (the
 * view's fields and the catalogue's band codes stay put meanwhile): the
 * indicators of a table mostly read the same cells.
 */
struct memo {
	struct {
		const char *s;
		size_t len;
		uint32_t code;
	} e[16];
	size_t n;
	struct {            /* lists split, by the address of the field */
		const char *s;
		size_t len, n;
		uint32_t vals[MAX_VALS];
	} l[4];
	size_t nl;
};

static uint32_t
intern_memo(struct memo *m, const char *s, size_t len)
{
	uint32_t c;

	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].s == s && m->e[i].len == len)
			return m->e[i].code;
	c = agg_intern(s, len);
	if (m->n < sizeof(m->e) / sizeof(m->e[0])) {
		m->e[m->n].s = s;
		m->e[m->n].len = len;
		m->e[m->n].code = c;
		m->n++;
	}
	return c;
}

static uint32_t
band_code(struct memo *m, const struct agg_band *b)
{
	return intern_memo(m, b->code, strlen(b->code));
}

/* Fills vals with the codes of one dimension for this view; returns count. */
static size_t
dim_values(const struct agg_catalogue *cat, const struct agg_dimspec *d,
    const struct agg_view *v, uint32_t vals[MAX_VALS], struct memo *m)
{
	const char *s = v->s[d->field];
	size_t len = v->len[d->field], n = 0;

	switch (d->kind) {
	case AGG_DK_FIELD:
		vals[0] = len == 0 ? AGG_U : intern_memo(m, s, len);
		return 1;
	case AGG_DK_LIST: {
		size_t a = 0, e;
		for (size_t i = 0; i < m->nl; i++)
			if (m->l[i].s == s && m->l[i].len == len) {
				memcpy(vals, m->l[i].vals, m->l[i].n *
				    sizeof(*vals));
				return m->l[i].n;
			}
		while (len > 0 && a <= len) {
			for (e = a; e < len && s[e] != '|'; e++)
				;
			if (e > a) {
				uint32_t c = intern_memo(m, s + a, e - a);
				size_t j;
				for (j = 0; j < n && vals[j] != c; j++)
					;
				if (j == n && n < MAX_VALS - 1)
					vals[n++] = c;
			}
			a = e + 1;
		}
		vals[n++] = AGG_T;
		if (m->nl < sizeof(m->l) / sizeof(m->l[0])) {
			m->l[m->nl].s = s;
			m->l[m->nl].len = len;
			m->l[m->nl].n = n;
			memcpy(m->l[m->nl].vals, vals, n * sizeof(*vals));
			m->nl++;
		}
		return n;
	}
	case AGG_DK_AGE: {
		int b = v->broad[d->field], fb = v->fine[d->field];
		if (b < 0) {
			vals[n++] = AGG_U;
		} else {
			vals[n++] = band_code(m, &cat->broad[b]);
			if (d->fine && fb >= 0)
				vals[n++] = band_code(m, &cat->fine[fb]);
		}
		if (d->fine)
			vals[n++] = AGG_T;
		return n;
	}
	case AGG_DK_SPLIT:
		break;
	}
	return 0;
}

/* Adds v to every combination of the multi-valued dimensions. */
static int
expand(struct agg_table *t, struct agg_key *k, const struct agg_indicator *ind,
    uint32_t (*vals)[MAX_VALS], const size_t *nv, size_t d, int64_t v,
    uint32_t flags)
{
	for (; d < ind->ndim && nv[d] <= 1; d++)
		if (nv[d] == 1)
			k->dim[ind->dim[d].col] = vals[d][0];
	if (d == ind->ndim)
		return agg_table_add(t, k, v, flags);
	for (size_t i = 0; i < nv[d]; i++) {
		k->dim[ind->dim[d].col] = vals[d][i];
		if (expand(t, k, ind, vals, nv, d + 1, v, flags) != 0)
			return -1;
	}
	return 0;
}

int
agg_measure_view(const struct agg_catalogue *cat, int table, int only,
    uint32_t prog, const struct agg_view *v, int64_t rows,
    struct agg_table *t)
{
	uint32_t vals[AGG_NDIM][MAX_VALS];
	size_t nv[AGG_NDIM];
	int skipped = 0;
	struct memo m;

	m.n = 0;
	m.nl = 0;
	for (size_t i = 0; i < cat->n; i++) {
		const struct agg_indicator *ind = &cat->ind[i];
		struct agg_key k;
		uint32_t period;
		int split = -1, cf;
		if (ind->ratio || ind->table != table || (only >= 0 &&
		    (size_t)only != i))
			continue;
		if ((period = v->period[ind->date_field]) == 0) {
			skipped = 1;
			continue;
		}
		if (!pass(cat, ind, v))
			continue;
		cf = ind->country_field;
		agg_key_clear(&k, (uint32_t)i);
		k.prog = prog;
		k.country = v->len[cf] == 0 ? AGG_U : intern_memo(&m, v->s[cf],
		    v->len[cf]);
		k.period = period;
		for (size_t d = 0; d < ind->ndim; d++) {
			if (ind->dim[d].kind == AGG_DK_SPLIT) {
				split = (int)d;
				nv[d] = 0;
				continue;
			}
			nv[d] = dim_values(cat, &ind->dim[d], v, vals[d], &m);
		}
		if (!ind->sum) {
			if (expand(t, &k, ind, vals, nv, 0, rows, 0) != 0)
				return -1;
			continue;
		}
		int64_t total = 0;
		uint32_t flags = 0;
		for (size_t s = 0; s < ind->nsum; s++) {
			int sf = ind->sum_field[s];
			int64_t x = v->sum[sf];
			if (split >= 0) {
				k.dim[ind->dim[split].col] = ind->split_val[s];
				if (expand(t, &k, ind, vals, nv, 0, x, v->ovf[sf] ?
				    AGG_F_OVERFLOW : 0) != 0)
					return -1;
				continue;
			}
			if (v->ovf[sf] || tip_ckd_add(&total, total, x))
				flags = AGG_F_OVERFLOW;
		}
		if (split < 0 && expand(t, &k, ind, vals, nv, 0, total, flags) != 0)
			return -1;
	}
	return skipped;
}

int
agg_measure_row(const struct agg_catalogue *cat, int table, uint32_t prog,
    const int *col, const struct tip_csv_field *f, size_t nf,
    struct agg_table *t)
{
	static struct agg_view v; /* big: not on the stack */
	const struct agg_schema *s = &cat->schema[table];
	uint8_t use[AGG_MAX_FIELDS];

	agg_uses(cat, table, use);
	for (size_t i = 0; i < s->nfield && i < AGG_MAX_FIELDS; i++) {
		v.s[i] = "";
		v.len[i] = 0;
		if (col[i] >= 0 && (size_t)col[i] < nf) {
			v.s[i] = f[col[i]].s;
			v.len[i] = f[col[i]].len;
		}
		v.period[i] = agg_date_period(v.s[i], v.len[i]);
		agg_age_bands(cat, v.s[i], v.len[i], &v.broad[i], &v.fine[i]);
		v.sum[i] = 0;
		v.ovf[i] = 0;
		if (use[i] & AGG_USE_SUM)
			(void)agg_parse_int(v.s[i], v.len[i], &v.sum[i]);
	}
	return agg_measure_view(cat, table, -1, prog, &v, 1, t);
}
