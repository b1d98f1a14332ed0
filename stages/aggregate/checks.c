/*
 * Consistency checks on the aggregates, written to checks.csv: the
 * criminal-justice funnel (convicted <= prosecuted <= investigated per
 * country and year), reporting completeness (submissions received of
 * expected per programme and quarter), values far from their own history
 * (modified z-score over quarters) and additivity of totals.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_ckd.h"
#include "tip_csvout.h"
#include "tip_datadir.h"

struct crow {
	char *col[6]; /* check, programme, country, period, detail, severity */
};

struct crows {
	struct crow *r;
	size_t n, cap;
};

static void
add(struct crows *c, const char *check, const char *prog, const char *country,
    const char *period, const char *severity, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void
add(struct crows *c, const char *check, const char *prog, const char *country,
    const char *period, const char *severity, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->r = tip_xrealloc(c->r, c->cap * sizeof(*c->r));
	}
	c->r[c->n].col[0] = tip_xstrdup(check);
	c->r[c->n].col[1] = tip_xstrdup(prog);
	c->r[c->n].col[2] = tip_xstrdup(country);
	c->r[c->n].col[3] = tip_xstrdup(period);
	c->r[c->n].col[4] = tip_xstrdup(detail);
	c->r[c->n].col[5] = tip_xstrdup(severity);
	c->n++;
}

static int
crow_cmp(const void *a, const void *b)
{
	const struct crow *x = a, *y = b;
	static const int order[] = {0, 1, 2, 3, 5, 4};

	for (int i = 0; i < 6; i++) {
		int r = strcmp(x->col[order[i]], y->col[order[i]]);
		if (r != 0)
			return r;
	}
	return 0;
}

static int
all_total(const struct agg_indicator *ind, const struct agg_cell *c)
{
	for (int d = 0; d < AGG_NDIM; d++)
		if ((ind->uses & (1u << d)) && c->k.dim[d] != AGG_T)
			return 0;
	return 1;
}

static int64_t
value_of(const struct agg_catalogue *cat, struct agg_table *t, int ind,
    const struct agg_key *like)
{
	struct agg_key k;
	const struct agg_cell *c;

	if (ind < 0)
		return 0;
	agg_key_clear(&k, (uint32_t)ind);
	k.prog = like->prog;
	k.country = like->country;
	k.period = like->period;
	for (int d = 0; d < AGG_NDIM; d++)
		if (cat->ind[ind].uses & (1u << d))
			k.dim[d] = AGG_T;
	c = agg_table_get(t, &k, 0);
	return c != NULL ? c->v : 0;
}

static void
funnel(const struct agg_catalogue *cat, struct agg_table *t, struct crows *out)
{
	int inv = agg_catalogue_find(cat, "persons_investigated");
	int pro = agg_catalogue_find(cat, "persons_prosecuted");
	int con = agg_catalogue_find(cat, "persons_convicted");
	struct agg_table seen;

	agg_table_init(&seen);
	for (size_t i = 0; i < t->cap; i++) {
		const struct agg_cell *c = &t->c[i];
		struct agg_key k;
		if (c->k.ind == AGG_NONE || AGG_PQ(c->k.period) != 0 ||
		    ((int)c->k.ind != inv && (int)c->k.ind != pro &&
		    (int)c->k.ind != con) || !all_total(&cat->ind[c->k.ind], c))
			continue;
		agg_key_clear(&k, 0);
		k.prog = c->k.prog;
		k.country = c->k.country;
		k.period = c->k.period;
		if (agg_table_get(&seen, &k, 0) != NULL)
			continue;
		agg_table_get(&seen, &k, 1);
		int64_t vi = value_of(cat, t, inv, &k);
		int64_t vp = value_of(cat, t, pro, &k);
		int64_t vc = value_of(cat, t, con, &k);
		char per[16];
		agg_period_str(k.period, per);
		if (con >= 0 && pro >= 0 && vc > vp)
			add(out, "justice_funnel", agg_str(k.prog),
			    agg_str(k.country), per, "warning",
			    "persons convicted %" PRId64 " > prosecuted %"
			    PRId64, vc, vp);
		if (pro >= 0 && inv >= 0 && vp > vi)
			add(out, "justice_funnel", agg_str(k.prog),
			    agg_str(k.country), per, "warning",
			    "persons prosecuted %" PRId64 " > investigated %"
			    PRId64, vp, vi);
	}
	agg_table_release(&seen);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
completeness(const struct agg_subref *s, size_t n, struct crows *out)
{
	uint32_t lo = UINT32_MAX, hi = 0, p;
	const char **progs = tip_xcalloc(n + 1, sizeof(*progs));
	const char **ags = tip_xcalloc(n + 1, sizeof(*ags));
	size_t np = 0;

	for (size_t i = 0; i < n; i++) {
		if (agg_period_parse(s[i].period, &p) != 0 || AGG_PQ(p) == 0)
			continue;
		lo = p < lo ? p : lo;
		hi = p > hi ? p : hi;
		size_t j;
		for (j = 0; j < np && strcmp(progs[j], s[i].programme) != 0; j++)
			;
		if (j == np)
			progs[np++] = s[i].programme;
	}
	qsort(progs, np, sizeof(*progs), str_cmp);
	for (size_t j = 0; j < np; j++) {
		size_t na = 0;
		for (size_t i = 0; i < n; i++) {
			size_t m;
			if (strcmp(s[i].programme, progs[j]) != 0)
				continue;
			for (m = 0; m < na && strcmp(ags[m], s[i].agency) != 0; m++)
				;
			if (m == na)
				ags[na++] = s[i].agency;
		}
		qsort(ags, na, sizeof(*ags), str_cmp);
		for (p = lo; p <= hi && lo != UINT32_MAX;
		    p = AGG_PQ(p) == 4 ? AGG_PERIOD(AGG_PYEAR(p) + 1, 1) : p + 1) {
			char per[16], missing[256] = "";
			size_t got = 0;
			agg_period_str(p, per);
			for (size_t m = 0; m < na; m++) {
				size_t i;
				for (i = 0; i < n; i++)
					if (strcmp(s[i].programme, progs[j]) == 0 &&
					    strcmp(s[i].agency, ags[m]) == 0 &&
					    strcmp(s[i].period, per) == 0)
						break;
				if (i < n)
					got++;
				else if (strlen(missing) + strlen(ags[m]) + 2 <
				    sizeof(missing)) {
					if (missing[0] != '\0')
						strcat(missing, " ");
					strcat(missing, ags[m]);
				}
			}
			if (got == na)
				add(out, "completeness", progs[j], "_T", per,
				    "info", "received %zu of %zu agencies", got,
				    na);
			else
				add(out, "completeness", progs[j], "_T", per,
				    "warning", "received %zu of %zu agencies "
				    "(missing: %s)", got, na, missing);
		}
	}
	free(progs);
	free(ags);
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Modified z-scores (Iglewicz and Hoaglin) of one series; |z| > 3.5. */
static void
series(const struct agg_catalogue *cat, struct agg_cell **c, size_t n,
    struct crows *out)
{
	double *x, *d, med, mad, mean_ad = 0;

	if (n < 5)
		return;
	x = tip_xmalloc(n * sizeof(*x));
	d = tip_xmalloc(n * sizeof(*d));
	for (size_t i = 0; i < n; i++)
		x[i] = (double)c[i]->v;
	memcpy(d, x, n * sizeof(*x));
	med = median(d, n);
	for (size_t i = 0; i < n; i++) {
		d[i] = fabs(x[i] - med);
		mean_ad += d[i] / (double)n;
	}
	mad = median(d, n);
	for (size_t i = 0; i < n; i++) {
		double z;
		if (mad > 0)
			z = 0.6745 * (x[i] - med) / mad;
		else if (mean_ad > 0)
			z = (x[i] - med) / (1.253314 * mean_ad);
		else
			break;
		if (fabs(z) > 3.5) {
			char per[16];
			agg_period_str(c[i]->k.period, per);
			add(out, "outlier", agg_str(c[i]->k.prog),
			    agg_str(c[i]->k.country), per, "review",
			    "%s %" PRId64 ": modified z-score %.1f (median %.1f "
			    "over %zu quarters)", cat->ind[c[i]->k.ind].id,
			    c[i]->v, z, med, n);
		}
	}
	free(x);
	free(d);
}

static void
outliers(const struct agg_catalogue *cat, struct agg_table *t,
    struct crows *out)
{
	size_t n, m = 0, start = 0;
	struct agg_cell **v = agg_table_sorted(t, &n);

	for (size_t i = 0; i < n; i++) {
		const struct agg_indicator *ind = &cat->ind[v[i]->k.ind];
		if (!ind->ratio && AGG_PQ(v[i]->k.period) != 0 &&
		    !(v[i]->flags & AGG_F_OVERFLOW) && all_total(ind, v[i]))
			v[m++] = v[i];
	}
	for (size_t i = 1; i <= m; i++)
		if (i == m || v[i]->k.ind != v[start]->k.ind ||
		    v[i]->k.prog != v[start]->k.prog ||
		    v[i]->k.country != v[start]->k.country) {
			series(cat, v + start, i - start, out);
			start = i;
		}
	free(v);
}

struct addctx {
	struct crows *out;
	const struct agg_catalogue *cat;
	size_t checked;
};

static void
additive(void *ctx, struct agg_cell *total, struct agg_cell **parts,
    size_t n)
{
	struct addctx *a = ctx;
	int64_t sum = 0;
	char per[16];

	if (total == NULL || (total->flags & AGG_F_OVERFLOW))
		return;
	for (size_t i = 0; i < n; i++)
		if ((parts[i]->flags & AGG_F_OVERFLOW) ||
		    tip_ckd_add(&sum, sum, parts[i]->v))
			return;
	a->checked++;
	if (sum == total->v)
		return;
	agg_period_str(total->k.period, per);
	add(a->out, "additivity", agg_str(total->k.prog),
	    agg_str(total->k.country), per, "error",
	    "%s: parts add up to %" PRId64 ", total is %" PRId64,
	    a->cat->ind[total->k.ind].id, sum, total->v);
}

int
agg_write_checks(FILE *fp, const struct agg_catalogue *cat,
    struct agg_table *t, const struct agg_subref *subs, size_t nsubs)
{
	static const char *const head[] = {"check", "programme", "country",
		"period", "detail", "severity"};
	struct crows out = {NULL, 0, 0};
	struct addctx a = {&out, cat, 0};

	funnel(cat, t, &out);
	completeness(subs, nsubs, &out);
	outliers(cat, t, &out);
	agg_relations(cat, t, additive, &a);
	add(&out, "additivity", "_T", "_T", "_T", "info",
	    "%zu totals checked against their parts", a.checked);
	qsort(out.r, out.n, sizeof(*out.r), crow_cmp);
	tip_csv_putrow(fp, head, 6, TIP_CSV_EXACT);
	for (size_t i = 0; i < out.n; i++) {
		tip_csv_putrow(fp, (const char *const *)out.r[i].col, 6,
		    TIP_CSV_EXACT);
		for (int j = 0; j < 6; j++)
			free(out.r[i].col[j]);
	}
	free(out.r);
	return ferror(fp) ? -1 : 0;
}
