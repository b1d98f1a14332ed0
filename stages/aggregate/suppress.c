/*
 * Small-cell suppression for indicators_public.csv: primary suppression of
 * counts 1..k-1, complementary suppression over every additive relation (a
 * total and its parts along one dimension, the country/programme
 * hierarchy, quarters in a year, nested age bands) until no relation has
 * exactly one hidden cell, and suppression of every ratio built on a
 * hidden count. Parts of multi-valued dimensions do not add up to their
 * total (a row counts once per value), so they form no relation.
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_datadir.h"

enum { AX_AGE_BROAD = AGG_NDIM, AX_AGE_FINE, AX_COUNTRY, AX_PROG,
	AX_YEAR };

struct pair {
	struct agg_key parent;
	int axis;
	struct agg_cell *child;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int r = agg_key_cmp(&x->parent, &y->parent);

	if (r != 0)
		return r;
	if (x->axis != y->axis)
		return x->axis < y->axis ? -1 : 1;
	return agg_key_cmp(&x->child->k, &y->child->k);
}

struct rels {
	struct pair *p;
	size_t n, cap;
};

static void
push(struct rels *r, const struct agg_key *parent, int axis,
    struct agg_cell *child)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->p = tip_xrealloc(r->p, r->cap * sizeof(*r->p));
	}
	r->p[r->n].parent = *parent;
	r->p[r->n].axis = axis;
	r->p[r->n].child = child;
	r->n++;
}

static int
code_band(const struct agg_band *b, size_t n, uint32_t code)
{
	const char *s = agg_str(code);

	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].code, s) == 0)
			return (int)i;
	return -1;
}

static void
build(const struct agg_catalogue *cat, struct agg_table *t, struct rels *r)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < t->cap; i++) {
		struct agg_cell *c = &t->c[i];
		const struct agg_indicator *ind;
		struct agg_key k;
		if (c->k.ind == AGG_NONE)
			continue;
		ind = &cat->ind[c->k.ind];
		if (ind->ratio)
			continue;
		for (int d = 0; d < AGG_NDIM; d++) {
			if (!(ind->uses & (1u << d)) || c->k.dim[d] == AGG_T)
				continue;
			k = c->k;
			if (!(ind->multi & (1u << d))) {
				k.dim[d] = AGG_T;
				push(r, &k, d, c);
			} else if (d == AGG_AGE) {
				int b = code_band(cat->fine, cat->nfine, c->k.dim[d]);
				if (b >= 0) {
					const char *pc =
					    cat->broad[cat->fine[b].parent].code;
					k.dim[d] = agg_intern(pc, strlen(pc));
					push(r, &k, AX_AGE_FINE, c);
				} else {
					k.dim[d] = AGG_T;
					push(r, &k, AX_AGE_BROAD, c);
				}
			}
		}
		k = c->k;
		if (k.country != AGG_T) {
			k.country = AGG_T;
			push(r, &k, AX_COUNTRY, c);
		} else if (k.prog != AGG_T) {
			k.prog = AGG_T;
			push(r, &k, AX_PROG, c);
		}
		k = c->k;
		if (AGG_PQ(k.period) != 0 && (ind->periods & AGG_PER_YEAR)) {
			k.period = AGG_PERIOD(AGG_PYEAR(k.period), 0);
			push(r, &k, AX_YEAR, c);
		}
	}
	qsort(r->p, r->n, sizeof(*r->p), pair_cmp);
}

/* Calls fn once per relation of the sorted pairs. */
static void
each(struct agg_table *t, const struct rels *r, agg_relation_fn fn, void *ctx,
    struct agg_cell ***buf, size_t *bufcap)
{
	size_t i = 0;

	while (i < r->n) {
		size_t j = i;
		while (j < r->n && r->p[j].axis == r->p[i].axis &&
		    memcmp(&r->p[j].parent, &r->p[i].parent,
		    sizeof(r->p[i].parent)) == 0)
			j++;
		if (j - i > *bufcap) {
			*bufcap = j - i;
			*buf = tip_xrealloc(*buf, *bufcap * sizeof(**buf));
		}
		for (size_t m = i; m < j; m++)
			(*buf)[m - i] = r->p[m].child;
		fn(ctx, agg_table_get(t, &r->p[i].parent, 0), *buf, j - i);
		i = j;
	}
}

void
agg_relations(const struct agg_catalogue *cat, struct agg_table *t,
    agg_relation_fn fn, void *ctx)
{
	struct rels r;
	struct agg_cell **buf = NULL;
	size_t cap = 0;

	build(cat, t, &r);
	each(t, &r, fn, ctx, &buf, &cap);
	free(buf);
	free(r.p);
}

struct sup {
	size_t added;
};

static void
complement(void *ctx, struct agg_cell *total, struct agg_cell **parts,
    size_t n)
{
	struct sup *s = ctx;
	struct agg_cell *pick = NULL;
	size_t hidden = total != NULL && (total->flags & AGG_F_SUPP) ? 1 : 0;

	for (size_t i = 0; i < n; i++)
		if (parts[i]->flags & AGG_F_SUPP)
			hidden++;
	if (hidden != 1)
		return;
	/* the smallest positive part hides the least information */
	for (size_t i = 0; i < n; i++)
		if (!(parts[i]->flags & AGG_F_SUPP) && parts[i]->v > 0 &&
		    (pick == NULL || parts[i]->v < pick->v))
			pick = parts[i];
	if (pick == NULL && total != NULL && !(total->flags & AGG_F_SUPP))
		pick = total;
	for (size_t i = 0; pick == NULL && i < n; i++)
		if (!(parts[i]->flags & AGG_F_SUPP))
			pick = parts[i];
	if (pick != NULL) {
		pick->flags |= AGG_F_SUPP;
		s->added++;
	}
}

size_t
agg_suppress(const struct agg_catalogue *cat, struct agg_table *t, int64_t k)
{
	struct rels r;
	struct agg_cell **buf = NULL;
	size_t cap = 0, total = 0;
	struct sup s;

	for (size_t i = 0; i < t->cap; i++) {
		struct agg_cell *c = &t->c[i];
		if (c->k.ind == AGG_NONE || cat->ind[c->k.ind].ratio)
			continue;
		c->flags &= ~(uint32_t)(AGG_F_PRIMARY | AGG_F_SUPP);
		if (c->v >= 1 && c->v < k && !(c->flags & AGG_F_OVERFLOW)) {
			c->flags |= AGG_F_PRIMARY | AGG_F_SUPP;
			total++;
		}
	}
	build(cat, t, &r);
	do {
		s.added = 0;
		each(t, &r, complement, &s, &buf, &cap);
		total += s.added;
	} while (s.added > 0);
	free(buf);
	free(r.p);
	for (size_t i = 0; i < t->cap; i++) {
		struct agg_cell *c = &t->c[i], *x;
		struct agg_key nk, dk;
		if (c->k.ind == AGG_NONE || !cat->ind[c->k.ind].ratio)
			continue;
		c->flags &= ~(uint32_t)AGG_F_SUPP;
		agg_ratio_keys(cat, &c->k, &nk, &dk);
		if (((x = agg_table_get(t, &nk, 0)) != NULL &&
		    (x->flags & AGG_F_SUPP)) || (dk.ind != AGG_NONE &&
		    (x = agg_table_get(t, &dk, 0)) != NULL &&
		    (x->flags & AGG_F_SUPP))) {
			c->flags |= AGG_F_SUPP;
			total++;
		}
	}
	return total;
}
