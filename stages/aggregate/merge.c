/*
 * Merge and totals: adds partial aggregates together, rolls finest cells
 * up into _T totals (dimensions, country, programme, year), then computes
 * ratio indicators from the count cells. Because partials hold only sums,
 * any split of the rows merges to the same result as one pass.
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_ckd.h"
#include "tip_err.h"

int
agg_merge(struct agg_table *dst, const struct agg_table *src, uint32_t prog)
{
	for (size_t i = 0; i < src->cap; i++) {
		const struct agg_cell *c = &src->c[i];
		struct agg_key k;
		if (c->k.ind == AGG_NONE)
			continue;
		k = c->k;
		if (prog != AGG_NONE)
			k.prog = prog;
		if (agg_table_add(dst, &k, c->v, c->flags & AGG_F_OVERFLOW) != 0)
			return -1;
	}
	return 0;
}

/* Adds one finest cell to every total it belongs to. */
static int
roll_up(const struct agg_indicator *ind, const struct agg_cell *c,
    struct agg_table *out)
{
	unsigned single = ind->uses & ~ind->multi;
	uint32_t periods[2];
	int np = 0;

	if (ind->periods & AGG_PER_QUARTER)
		periods[np++] = c->k.period;
	if (ind->periods & AGG_PER_YEAR)
		periods[np++] = AGG_PERIOD(AGG_PYEAR(c->k.period), 0);
	/* every subset of the single-valued dimensions becomes _T */
	for (unsigned sub = single;; sub = (sub - 1) & single) {
		struct agg_key k = c->k;
		for (int d = 0; d < AGG_NDIM; d++)
			if (sub & (1u << d))
				k.dim[d] = AGG_T;
		for (int g = 0; g < 3; g++) {
			if (g >= 1)
				k.country = AGG_T;
			if (g == 2)
				k.prog = AGG_T;
			for (int p = 0; p < np; p++) {
				k.period = periods[p];
				if (agg_table_add(out, &k, c->v,
				    c->flags & AGG_F_OVERFLOW) != 0)
					return -1;
			}
		}
		if (sub == 0)
			break;
	}
	return 0;
}

static int
period_ok(const struct agg_indicator *ind, uint32_t period)
{
	return AGG_PQ(period) == 0 ? (ind->periods & AGG_PER_YEAR) != 0 :
	    (ind->periods & AGG_PER_QUARTER) != 0;
}

static int
where_ok(const struct agg_cell *c, const uint32_t *where)
{
	for (int d = 0; d < AGG_NDIM; d++)
		if (where[d] != AGG_NONE && c->k.dim[d] != where[d])
			return 0;
	return 1;
}

/* The denominator key of ratio key rk. */
static void
den_key(const struct agg_catalogue *cat, const struct agg_indicator *r,
    const struct agg_key *rk, struct agg_key *k)
{
	const struct agg_indicator *d = &cat->ind[r->den_ind];
	const struct agg_indicator *n = &cat->ind[r->num_ind];

	*k = *rk;
	k->ind = (uint32_t)r->den_ind;
	for (int c = 0; c < AGG_NDIM; c++) {
		if (!(d->uses & (1u << c)))
			k->dim[c] = AGG_Z;
		else if (r->den_where[c] != AGG_NONE)
			k->dim[c] = r->den_where[c];
		else if (n->uses & (1u << c))
			k->dim[c] = rk->dim[c];
		else
			k->dim[c] = AGG_T;
	}
}

void
agg_ratio_keys(const struct agg_catalogue *cat, const struct agg_key *rk,
    struct agg_key *num, struct agg_key *den)
{
	const struct agg_indicator *r = &cat->ind[rk->ind];

	*num = *rk;
	num->ind = (uint32_t)r->num_ind;
	if (r->den_ind >= 0)
		den_key(cat, r, rk, den);
	else
		den->ind = AGG_NONE;
}

static void
ratio_value(const struct agg_catalogue *cat, const struct agg_indicator *r,
    const struct agg_population *pop, const struct agg_table *counts,
    struct agg_cell *rc)
{
	struct agg_key k = rc->k;
	const struct agg_cell *nc, *dc;
	int64_t x;

	k.ind = (uint32_t)r->num_ind;
	nc = agg_table_get((struct agg_table *)counts, &k, 0);
	rc->num = nc != NULL ? nc->v : 0;
	if (nc != NULL)
		rc->flags |= nc->flags & AGG_F_OVERFLOW;
	if (r->den_ind >= 0) {
		den_key(cat, r, &rc->k, &k);
		dc = agg_table_get((struct agg_table *)counts, &k, 0);
		rc->den = dc != NULL ? dc->v : 0;
		if (dc != NULL)
			rc->flags |= dc->flags & AGG_F_OVERFLOW;
	} else {
		uint32_t sex = (cat->ind[r->num_ind].uses & (1u << AGG_SEX)) ?
		    rc->k.dim[AGG_SEX] : AGG_T;
		if (pop == NULL || agg_population_get(pop, rc->k.prog,
		    rc->k.country, (int)AGG_PYEAR(rc->k.period), sex,
		    &rc->den) != 0) {
			rc->den = 0;
			rc->flags |= AGG_F_NODATA;
			return;
		}
	}
	if (rc->flags & AGG_F_OVERFLOW)
		return;
	if (rc->den == 0) {
		rc->flags |= AGG_F_ZERODEN;
		return;
	}
	/* value x 100, rounded half up: fixed two decimals, no floats */
	if (tip_ckd_mul(&x, rc->num, r->factor) || tip_ckd_mul(&x, x, 200) ||
	    tip_ckd_add(&x, x, rc->den)) {
		rc->flags |= AGG_F_OVERFLOW;
		return;
	}
	rc->v = x / (2 * rc->den);
}

static int
ratios(const struct agg_catalogue *cat, const struct agg_population *pop,
    struct agg_table *out)
{
	struct agg_table rt;

	agg_table_init(&rt);
	for (size_t i = 0; i < cat->n; i++) {
		const struct agg_indicator *r = &cat->ind[i];
		if (!r->ratio)
			continue;
		for (size_t j = 0; j < out->cap; j++) {
			const struct agg_cell *c = &out->c[j];
			struct agg_key k;
			if (c->k.ind == AGG_NONE || !period_ok(r, c->k.period))
				continue;
			if (c->k.ind == (uint32_t)r->num_ind &&
			    where_ok(c, r->num_where)) {
				k = c->k;
			} else if (r->den_ind >= 0 &&
			    c->k.ind == (uint32_t)r->den_ind &&
			    where_ok(c, r->den_where)) {
				const struct agg_indicator *n =
				    &cat->ind[r->num_ind];
				const struct agg_indicator *d =
				    &cat->ind[r->den_ind];
				k = c->k;
				for (int col = 0; col < AGG_NDIM; col++) {
					if (!(n->uses & (1u << col)))
						k.dim[col] = AGG_Z;
					else if (r->num_where[col] != AGG_NONE)
						k.dim[col] = r->num_where[col];
					else if ((d->uses & (1u << col)) &&
					    r->den_where[col] == AGG_NONE)
						k.dim[col] = c->k.dim[col];
					else
						k.dim[col] = AGG_T;
				}
			} else
				continue;
			k.ind = (uint32_t)i;
			if (agg_table_get(&rt, &k, 1) == NULL) {
				agg_table_release(&rt);
				return -1;
			}
		}
	}
	for (size_t j = 0; j < rt.cap; j++) {
		struct agg_cell *c = &rt.c[j], *o;
		if (c->k.ind == AGG_NONE)
			continue;
		ratio_value(cat, &cat->ind[c->k.ind], pop, out, c);
		if ((o = agg_table_get(out, &c->k, 1)) == NULL) {
			agg_table_release(&rt);
			return -1;
		}
		*o = *c;
	}
	agg_table_release(&rt);
	return 0;
}

int
agg_finalise(const struct agg_catalogue *cat, const struct agg_table *fine,
    const struct agg_population *pop, struct agg_table *out)
{
	for (size_t i = 0; i < fine->cap; i++) {
		const struct agg_cell *c = &fine->c[i];
		if (c->k.ind == AGG_NONE)
			continue;
		if (c->k.ind >= cat->n || cat->ind[c->k.ind].ratio)
			continue;
		if (roll_up(&cat->ind[c->k.ind], c, out) != 0)
			return -1;
	}
	return ratios(cat, pop, out);
}
