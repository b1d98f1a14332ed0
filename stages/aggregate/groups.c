/*
 * Interned values and the hash table of groups (cells). Both grow with the
 * number of distinct values and groups, never with the number of rows.
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_bytes.h"
#include "tip_ckd.h"
#include "tip_datadir.h"
#include "tip_err.h"

const char *const agg_dim_names[AGG_NDIM] = {
	"sex", "age_group", "exploitation", "assistance",
	"offender_citizenship", "target_group", "mechanism",
};

int
agg_dim_index(const char *name)
{
	for (int i = 0; i < AGG_NDIM; i++)
		if (strcmp(agg_dim_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- interning ------------------------------------------------------------ */

static struct {
	char **s;         /* owned strings, by code */
	size_t *len;
	size_t n, cap;
	uint32_t *slot;   /* code + 1, 0 empty */
	size_t nslot;
} in;

static void
intern_grow(void)
{
	size_t ns = in.nslot ? in.nslot * 2 : 256;
	uint32_t *slot = tip_xcalloc(ns, sizeof(*slot));

	for (size_t i = 0; i < in.n; i++) {
		size_t j = tip_hash_bytes(in.s[i], in.len[i]) & (ns - 1);
		while (slot[j] != 0)
			j = (j + 1) & (ns - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(in.slot);
	in.slot = slot;
	in.nslot = ns;
}

static uint32_t intern_raw(const char *s, size_t len);

static void
intern_start(void)
{
	intern_grow();
	intern_raw("_T", 2);
	intern_raw("_Z", 2);
	intern_raw("_U", 2);
}

static uint32_t
intern_raw(const char *s, size_t len)
{
	size_t j;

	if ((in.n + 1) * 2 > in.nslot)
		intern_grow();
	j = tip_hash_bytes(s, len) & (in.nslot - 1);
	while (in.slot[j] != 0) {
		uint32_t c = in.slot[j] - 1;
		if (in.len[c] == len && tip_same(in.s[c], s, len))
			return c;
		j = (j + 1) & (in.nslot - 1);
	}
	if (in.n == in.cap) {
		in.cap = in.cap ? in.cap * 2 : 64;
		in.s = tip_xrealloc(in.s, in.cap * sizeof(*in.s));
		in.len = tip_xrealloc(in.len, in.cap * sizeof(*in.len));
	}
	in.s[in.n] = tip_xmalloc(len + 1);
	memcpy(in.s[in.n], s, len);
	in.s[in.n][len] = '\0';
	in.len[in.n] = len;
	in.slot[j] = (uint32_t)in.n + 1;
	return (uint32_t)in.n++;
}

/*
 * Values of up to 16 bytes seen lately, held whole in two words (the
 * bytes, overlapping in the middle: equal words and length mean equal
 * values), so a repeated value costs one load instead of a walk through
 * the table and the string. len is the length + 1, 0 for a free entry.
 */
enum { RECENT_BITS = 10 };
static struct recent {
	uint64_t lo, hi;
	uint32_t len, code;
} recent[1 << RECENT_BITS];

uint32_t
agg_intern(const char *s, size_t len)
{
	struct recent *r;
	uint64_t lo, hi;
	uint32_t c;

	if (in.nslot == 0)
		intern_start();
	if (len > 16)
		return intern_raw(s, len);
	tip_sig16(s, len, &lo, &hi);
	r = &recent[((lo * 0x9E3779B97F4A7C15ULL) ^ (hi *
	    0xC2B2AE3D27D4EB4FULL) ^ len) >> (64 - RECENT_BITS)];
	if (r->len == len + 1 && r->lo == lo && r->hi == hi)
		return r->code;
	c = intern_raw(s, len);
	r->lo = lo;
	r->hi = hi;
	r->len = (uint32_t)len + 1;
	r->code = c;
	return c;
}

const char *
agg_str(uint32_t code)
{
	if (in.nslot == 0)
		intern_start();
	return code < in.n ? in.s[code] : "?";
}

/*
 * Output order of the codes as ranks, so that sorting tens of thousands of
 * cells compares integers, not strings. Rebuilt when codes were added since;
 * codes whose strings compare equal share a rank, so the order is exactly
 * the one strcmp gives.
 */
static struct {
	uint32_t *rank;   /* by code */
	size_t n;         /* codes ranked */
} rk;

static int
rank_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int r;

	if (x <= AGG_U || y <= AGG_U)
		return x < y ? -1 : x > y;
	r = strcmp(in.s[x], in.s[y]);
	return r != 0 ? r : (x < y ? -1 : x > y);
}

static void
rank_build(void)
{
	uint32_t *v = tip_xmalloc((in.n + 1) * sizeof(*v));

	for (size_t i = 0; i < in.n; i++)
		v[i] = (uint32_t)i;
	qsort(v, in.n, sizeof(*v), rank_cmp);
	free(rk.rank);
	rk.rank = tip_xmalloc((in.n + 1) * sizeof(*rk.rank));
	for (size_t i = 0, r = 0; i < in.n; i++) {
		if (i > 0 && (v[i] <= AGG_U || v[i - 1] <= AGG_U ||
		    strcmp(in.s[v[i]], in.s[v[i - 1]]) != 0))
			r++;
		rk.rank[v[i]] = (uint32_t)r;
	}
	rk.n = in.n;
	free(v);
}

static int
code_cmp_slow(uint32_t a, uint32_t b)
{
	if (a <= AGG_U || b <= AGG_U)
		return a < b ? -1 : 1;
	return strcmp(agg_str(a), agg_str(b));
}

int
agg_code_cmp(uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	if (a >= in.n || b >= in.n)
		return code_cmp_slow(a, b);
	if (rk.n != in.n)
		rank_build();
	return rk.rank[a] < rk.rank[b] ? -1 : rk.rank[a] > rk.rank[b];
}

void
agg_intern_reset(void)
{
	for (size_t i = 0; i < in.n; i++)
		free(in.s[i]);
	free(in.s);
	free(in.len);
	free(in.slot);
	memset(&in, 0, sizeof(in));
	memset(recent, 0, sizeof(recent));
	free(rk.rank);
	memset(&rk, 0, sizeof(rk));
}

/* ---- table ---------------------------------------------------------------- */

void
agg_key_clear(struct agg_key *k, uint32_t ind)
{
	memset(k, 0, sizeof(*k));
	k->ind = ind;
	for (int d = 0; d < AGG_NDIM; d++)
		k->dim[d] = AGG_Z;
}

static uint64_t
hash_key(const struct agg_key *k)
{
	const uint32_t *w = (const uint32_t *)k;
	uint64_t h = 0x9E3779B97F4A7C15ULL;

#pragma GCC unroll 16
	for (size_t i = 0; i < sizeof(*k) / 4; i++) {
		h ^= w[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h;
}

static inline int
key_eq(const struct agg_key *a, const struct agg_key *b)
{
	const char *x = (const char *)a, *y = (const char *)b;
	uint64_t d = 0, p, q;

	/* Word by word, the last word overlapping (keys are 44 bytes). */
#pragma GCC unroll 8
	for (size_t i = 0; i + 8 <= sizeof(*a); i += 8) {
		memcpy(&p, x + i, 8);
		memcpy(&q, y + i, 8);
		d |= p ^ q;
	}
	memcpy(&p, x + sizeof(*a) - 8, 8);
	memcpy(&q, y + sizeof(*a) - 8, 8);
	return (d | (p ^ q)) == 0;
}

void
agg_table_init(struct agg_table *t)
{
	memset(t, 0, sizeof(*t));
}

static void
order_drop(struct agg_table *t)
{
	free(t->sorted);
	free(t->pos);
	t->sorted = NULL;
	t->pos = NULL;
}

void
agg_table_release(struct agg_table *t)
{
	order_drop(t);
	free(t->front);
	free(t->c);
	memset(t, 0, sizeof(*t));
}

static void
empty_slots(struct agg_cell *c, size_t n)
{
	memset(c, 0, n * sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c[i].k.ind = AGG_NONE;
}

enum { FRONT_BITS = 12, FRONT_SLOTS = 1 << FRONT_BITS };
_Static_assert(sizeof(struct agg_key) == 11 * 4, "key of 11 words");

/*
 * A hash of the key for the front cache: independent products, no chain.
 * Read in 32-bit words as keys are written (callers have just stored the
 * words one by one: wider loads would stall on store forwarding).
 */
static inline size_t
front_of(const struct agg_key *k)
{
	static const uint64_t m[11] = {
		0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
		0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL,
		0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL,
		0x94D049BB133111EBULL, 0xBF58476D1CE4E5B9ULL,
		0x2545F4914F6CDD1DULL, 0x9FB21C651E98DF25ULL,
		0xD1B54A32D192ED03ULL,
	};
	const uint32_t *w = (const uint32_t *)k;
	uint64_t h = 0;

#pragma GCC unroll 11
	for (size_t i = 0; i < 11; i++)
		h ^= w[i] * m[i];
	return (size_t)(h >> (64 - FRONT_BITS));
}

/* key_eq in 32-bit words, for the same reason. */
static inline int
key_eq32(const struct agg_key *a, const struct agg_key *b)
{
	const uint32_t *x = (const uint32_t *)a, *y = (const uint32_t *)b;
	uint32_t d = 0;

#pragma GCC unroll 11
	for (size_t i = 0; i < 11; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

static int
table_grow(struct agg_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024;
	struct agg_cell *nc;

	if (ncap / 2 > AGG_MAX_CELLS)
		return -1;
	nc = tip_xmalloc(ncap * sizeof(*nc));
	empty_slots(nc, ncap);
	for (size_t i = 0; i < t->cap; i++) {
		if (t->c[i].k.ind == AGG_NONE)
			continue;
		size_t j = hash_key(&t->c[i].k) & (ncap - 1);
		while (nc[j].k.ind != AGG_NONE)
			j = (j + 1) & (ncap - 1);
		nc[j] = t->c[i];
	}
	order_drop(t);
	if (t->front != NULL)
		memset(t->front, 0, FRONT_SLOTS * sizeof(*t->front));
	free(t->c);
	t->c = nc;
	t->cap = ncap;
	return 0;
}

struct agg_cell *
agg_table_get(struct agg_table *t, const struct agg_key *k, int create)
{
	size_t j;

	if (t->cap == 0) {
		if (!create || table_grow(t) != 0)
			return NULL;
	}
	j = hash_key(k) & (t->cap - 1);
	while (t->c[j].k.ind != AGG_NONE) {
		if (key_eq(&t->c[j].k, k))
			return &t->c[j];
		j = (j + 1) & (t->cap - 1);
	}
	if (!create)
		return NULL;
	if ((t->n + 1) * 2 > t->cap) {
		if (t->n + 1 > AGG_MAX_CELLS || table_grow(t) != 0)
			return NULL;
		return agg_table_get(t, k, create);
	}
	if (t->sorted != NULL)
		order_drop(t);
	memset(&t->c[j], 0, sizeof(t->c[j]));
	t->c[j].k = *k;
	t->n++;
	return &t->c[j];
}

int
agg_table_add(struct agg_table *t, const struct agg_key *k, int64_t v,
    uint32_t flags)
{
	size_t f = front_of(k);
	struct agg_cell *c;

	/* The front cache only saves the lookup: cells are added to the
	 * table in the same order, so its layout is the same. */
	if (t->front != NULL && (c = t->front[f]) != NULL &&
	    key_eq32(&c->k, k)) {
		c->flags |= flags;
		if (tip_ckd_add(&c->v, c->v, v))
			c->flags |= AGG_F_OVERFLOW;
		return 0;
	}
	c = agg_table_get(t, k, 1);
	if (c == NULL)
		return -1;
	if (t->front == NULL)
		t->front = tip_xcalloc(FRONT_SLOTS, sizeof(*t->front));
	t->front[f] = c;
	c->flags |= flags;
	if (tip_ckd_add(&c->v, c->v, v))
		c->flags |= AGG_F_OVERFLOW;
	return 0;
}

/* Every code of k has a rank. */
static inline int
key_ranked(const struct agg_key *k)
{
	uint32_t m = k->prog > k->country ? k->prog : k->country;

	for (int d = 0; d < AGG_NDIM; d++)
		m = k->dim[d] > m ? k->dim[d] : m;
	return m < rk.n;
}

int
agg_key_cmp(const struct agg_key *a, const struct agg_key *b)
{
	int r;

	if (a->ind != b->ind)
		return a->ind < b->ind ? -1 : 1;
	if (rk.n != in.n && in.n > 0)
		rank_build();
	if (rk.n == in.n && key_ranked(a) && key_ranked(b)) {
		const uint32_t *k = rk.rank;
#define RCMP(x, y) if (k[x] != k[y]) return k[x] < k[y] ? -1 : 1
		RCMP(a->prog, b->prog);
		RCMP(a->country, b->country);
		if (a->period != b->period)
			return a->period < b->period ? -1 : 1;
		for (int d = 0; d < AGG_NDIM; d++) {
			RCMP(a->dim[d], b->dim[d]);
		}
#undef RCMP
		return 0;
	}
	if ((r = agg_code_cmp(a->prog, b->prog)) != 0)
		return r;
	if ((r = agg_code_cmp(a->country, b->country)) != 0)
		return r;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	for (int d = 0; d < AGG_NDIM; d++)
		if ((r = agg_code_cmp(a->dim[d], b->dim[d])) != 0)
			return r;
	return 0;
}

static int
cell_cmp(const void *a, const void *b)
{
	const struct agg_cell *const *x = a, *const *y = b;

	return agg_key_cmp(&(*x)->k, &(*y)->k);
}

/* A key with its codes replaced by their ranks, for sorting. */
struct ranked {
	uint32_t w[4 + AGG_NDIM];
	struct agg_cell *c;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	for (size_t i = 0; i < 4 + AGG_NDIM; i++)
		if (x->w[i] != y->w[i])
			return x->w[i] < y->w[i] ? -1 : 1;
	return 0;
}

/* Sorts the m cells of v in agg_key_cmp order. */
static void
sort_cells(struct agg_cell **v, size_t m)
{
	struct ranked *r;
	int ok = 1;

	if (m < 2)
		return;
	if (rk.n != in.n && in.n > 0)
		rank_build();
	for (size_t i = 0; i < m && ok; i++)
		ok = rk.n == in.n && key_ranked(&v[i]->k);
	if (!ok) {
		qsort(v, m, sizeof(*v), cell_cmp);
		return;
	}
	r = tip_xmalloc(m * sizeof(*r));
	for (size_t i = 0; i < m; i++) {
		const struct agg_key *k = &v[i]->k;
		r[i].w[0] = k->ind;
		r[i].w[1] = rk.rank[k->prog];
		r[i].w[2] = rk.rank[k->country];
		r[i].w[3] = k->period;
		for (int d = 0; d < AGG_NDIM; d++)
			r[i].w[4 + d] = rk.rank[k->dim[d]];
		r[i].c = v[i];
	}
	qsort(r, m, sizeof(*r), ranked_cmp);
	for (size_t i = 0; i < m; i++)
		v[i] = r[i].c;
	free(r);
}

void
agg_table_order(struct agg_table *t)
{
	size_t m = 0;

	if (t->sorted != NULL)
		return;
	t->sorted = tip_xmalloc((t->n + 1) * sizeof(*t->sorted));
	t->pos = tip_xmalloc((t->cap + 1) * sizeof(*t->pos));
	for (size_t i = 0; i < t->cap; i++)
		if (t->c[i].k.ind != AGG_NONE)
			t->sorted[m++] = &t->c[i];
	sort_cells(t->sorted, m);
	for (size_t i = 0; i < m; i++)
		t->pos[t->sorted[i] - t->c] = (uint32_t)i;
}

struct agg_cell **
agg_table_sorted(const struct agg_table *t, size_t *n)
{
	struct agg_cell **v = tip_xmalloc((t->n + 1) * sizeof(*v));

	/* The order is a cache: filling it changes no cell. */
	agg_table_order((struct agg_table *)(uintptr_t)t);
	memcpy(v, t->sorted, t->n * sizeof(*v));
	*n = t->n;
	return v;
}

void
agg_period_str(uint32_t period, char buf[16])
{
	if (AGG_PQ(period) == 0)
		snprintf(buf, 16, "%04u", AGG_PYEAR(period));
	else
		snprintf(buf, 16, "%04uQ%u", AGG_PYEAR(period), AGG_PQ(period));
}

int
agg_period_parse(const char *s, uint32_t *period)
{
	unsigned y = 0, q = 0;

	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (unsigned)(s[i] - '0');
	}
	if (s[4] == '\0') {
		*period = AGG_PERIOD(y, 0);
		return 0;
	}
	if (s[4] != 'Q' || s[5] < '1' || s[5] > '4' || s[6] != '\0')
		return -1;
	q = (unsigned)(s[5] - '0');
	*period = AGG_PERIOD(y, q);
	return 0;
}
