/*
 * Small-cell suppression for indicators_public.csv: primary suppression of
 * counts 1..k-1, complementary suppression over every additive relation (a
 * total and its parts along one dimension, the country/programme
 * hierarchy, quarters in a year, nested age bands) until no relation has
 * exactly one hidden cell, and suppression of every ratio built on a
 * hidden count. Parts of multi-valued dimensions do not add up to their
 * total (a row counts once per value), so they form no relation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_datadir.h"
#include "tip_err.h"

enum { AX_AGE_BROAD = AGG_NDIM, AX_AGE_FINE, AX_COUNTRY, AX_PROG,
	AX_YEAR };

/*
 * Relations are pairs (parent key, axis, child cell), grouped by parent and
 * axis in agg_key_cmp order of the parents, children in key order. Each
 * pair is packed into 64 bits: the parent's place among the cells and the
 * parents that are no cell, the axis, the child's place in the table's
 * order. Sorting those integers gives exactly the order of the keys.
 */
#define CHILD_BITS 24 /* AGG_MAX_CELLS */
#define AXIS_BITS 4

struct pending {
	struct agg_key parent;
	int axis;
	struct agg_cell *child;
};

struct rels {
	uint64_t *p;             /* packed pairs, sorted */
	size_t n;
	struct agg_cell **parent; /* by parent place: cell or NULL */
	struct agg_cell **child;  /* the table's order (borrowed) */
	struct pending *q;        /* pairs not packed yet */
	size_t nq, capq;
};

static void
push(struct rels *r, const struct agg_key *parent, int axis,
    struct agg_cell *child)
{
	if (r->nq == r->capq) {
		r->capq = r->capq ? r->capq * 2 : 1024;
		r->q = tip_xrealloc(r->q, r->capq * sizeof(*r->q));
	}
	r->q[r->nq].parent = *parent;
	r->q[r->nq].axis = axis;
	r->q[r->nq].child = child;
	r->nq++;
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

static int
key_ptr_cmp(const void *a, const void *b)
{
	const struct agg_key *const *x = a, *const *y = b;

	return agg_key_cmp(*x, *y);
}

/* LSD radix sort of 64-bit integers, skipping bytes that never differ. */
static void
radix_sort(uint64_t *v, size_t n)
{
	uint64_t *tmp, *a = v, *b, all_or = 0, all_and = ~(uint64_t)0;

	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		all_or |= v[i];
		all_and &= v[i];
	}
	tmp = tip_xmalloc(n * sizeof(*tmp));
	b = tmp;
	for (int sh = 0; sh < 64; sh += 8) {
		size_t cnt[256] = {0}, sum = 0;
		uint64_t *t;
		if ((((all_or ^ all_and) >> sh) & 0xFF) == 0)
			continue;
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> sh) & 0xFF]++;
		for (size_t i = 0; i < 256; i++) {
			size_t c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[cnt[(a[i] >> sh) & 0xFF]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof(*v));
	free(tmp);
}

/*
 * Packs the pending pairs: parents that are cells take their place in the
 * table's order, the others (deduplicated) are merged into that order.
 */
static void
pack(struct agg_table *t, struct rels *r)
{
	struct agg_table miss;   /* parents that are no cell: v = index */
	const struct agg_key **mk = NULL;
	uint64_t *mplace = NULL; /* by miss index: place */
	uint64_t *cplace;        /* by table position: place */
	size_t nm = 0, i, j, g;

	agg_table_order(t);
	r->child = t->sorted;
	agg_table_init(&miss);
	for (i = 0; i < r->nq; i++) {
		struct agg_cell *m;
		if (agg_table_get(t, &r->q[i].parent, 0) != NULL)
			continue;
		m = agg_table_get(&miss, &r->q[i].parent, 1);
		if (m == NULL)
			tip_die(TIP_EX_SOFTWARE, ENOMEM, "too many relations");
		if (m->v == 0)
			m->v = (int64_t)++nm;
	}
	mk = tip_xmalloc((nm + 1) * sizeof(*mk));
	for (i = 0; i < miss.cap; i++)
		if (miss.c[i].k.ind != AGG_NONE)
			mk[miss.c[i].v - 1] = &miss.c[i].k;
	qsort(mk, nm, sizeof(*mk), key_ptr_cmp);
	/* merge the two orders into places */
	cplace = tip_xmalloc((t->n + 1) * sizeof(*cplace));
	mplace = tip_xmalloc((nm + 1) * sizeof(*mplace));
	r->parent = tip_xmalloc((t->n + nm + 1) * sizeof(*r->parent));
	for (i = j = g = 0; i < t->n || j < nm; g++) {
		if (j == nm || (i < t->n &&
		    agg_key_cmp(&t->sorted[i]->k, mk[j]) <= 0)) {
			r->parent[g] = t->sorted[i];
			cplace[i++] = g;
		} else {
			struct agg_cell *m = agg_table_get(&miss, mk[j], 0);
			r->parent[g] = NULL;
			mplace[m->v - 1] = g;
			j++;
		}
	}
	r->p = tip_xmalloc((r->nq + 1) * sizeof(*r->p));
	r->n = r->nq;
	for (i = 0; i < r->nq; i++) {
		const struct pending *q = &r->q[i];
		struct agg_cell *pc = agg_table_get(t, &q->parent, 0);
		uint64_t place = pc != NULL ? cplace[t->pos[pc - t->c]] :
		    mplace[agg_table_get(&miss, &q->parent, 0)->v - 1];
		r->p[i] = place << (CHILD_BITS + AXIS_BITS) |
		    (uint64_t)q->axis << CHILD_BITS |
		    t->pos[q->child - t->c];
	}
	radix_sort(r->p, r->n);
	free(r->q);
	r->q = NULL;
	r->nq = r->capq = 0;
	free(cplace);
	free(mplace);
	free(mk);
	agg_table_release(&miss);
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
	pack(t, r);
}

static void
rels_release(struct rels *r)
{
	free(r->p);
	free(r->parent);
	free(r->q);
	memset(r, 0, sizeof(*r));
}

/* Calls fn once per relation of the sorted pairs. */
static void
each(const struct rels *r, agg_relation_fn fn, void *ctx,
    struct agg_cell ***buf, size_t *bufcap)
{
	const uint64_t cmask = ((uint64_t)1 << CHILD_BITS) - 1;
	size_t i = 0;

	while (i < r->n) {
		uint64_t g = r->p[i] >> CHILD_BITS;
		size_t j = i;
		while (j < r->n && r->p[j] >> CHILD_BITS == g)
			j++;
		if (j - i > *bufcap) {
			*bufcap = j - i;
			*buf = tip_xrealloc(*buf, *bufcap * sizeof(**buf));
		}
		for (size_t m = i; m < j; m++)
			(*buf)[m - i] = r->child[r->p[m] & cmask];
		fn(ctx, r->parent[g >> AXIS_BITS], *buf, j - i);
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
	each(&r, fn, ctx, &buf, &cap);
	free(buf);
	rels_release(&r);
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
		each(&r, complement, &s, &buf, &cap);
		total += s.added;
	} while (s.added > 0);
	free(buf);
	rels_release(&r);
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
