/*
 * Interned values and the hash table of groups (cells). Both grow with the
 * number of distinct values and groups, never with the number of rows.
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
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

/* Values are short: whole words, overlapping at the end. */
static uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

	while (n > 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
		b += 8;
		n -= 8;
	}
	w = 0;
	if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, b, 4);
		memcpy(&y, b + n - 4, 4);
		w = (uint64_t)x << 32 | y;
	} else if (n > 0)
		w = (uint64_t)b[0] << 16 | (uint64_t)b[n / 2] << 8 | b[n - 1];
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	return h ^ (h >> 29);
}

/* a[0..n) == b[0..n) for short values, without a call. */
static inline int
same(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&v, b + n - 8, 8);
		return x == y && u == v;
	}
	if (n >= 4 && n < 8) {
		uint32_t p, q, r, t;
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4);
		memcpy(&t, b + n - 4, 4);
		return p == q && r == t;
	}
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	return memcmp(a, b, n) == 0;
}

static void
intern_grow(void)
{
	size_t ns = in.nslot ? in.nslot * 2 : 256;
	uint32_t *slot = tip_xcalloc(ns, sizeof(*slot));

	for (size_t i = 0; i < in.n; i++) {
		size_t j = hash_bytes(in.s[i], in.len[i]) & (ns - 1);
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
	j = hash_bytes(s, len) & (in.nslot - 1);
	while (in.slot[j] != 0) {
		uint32_t c = in.slot[j] - 1;
		if (in.len[c] == len && same(in.s[c], s, len))
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

uint32_t
agg_intern(const char *s, size_t len)
{
	if (in.nslot == 0)
		intern_start();
	return intern_raw(s, len);
}

const char *
agg_str(uint32_t code)
{
	if (in.nslot == 0)
		intern_start();
	return code < in.n ? in.s[code] : "?";
}

int
agg_code_cmp(uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	if (a <= AGG_U || b <= AGG_U)
		return a < b ? -1 : 1;
	return strcmp(agg_str(a), agg_str(b));
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

void
agg_table_release(struct agg_table *t)
{
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
	memset(&t->c[j], 0, sizeof(t->c[j]));
	t->c[j].k = *k;
	t->n++;
	return &t->c[j];
}

int
agg_table_add(struct agg_table *t, const struct agg_key *k, int64_t v,
    uint32_t flags)
{
	struct agg_cell *c = agg_table_get(t, k, 1);

	if (c == NULL)
		return -1;
	c->flags |= flags;
	if (tip_ckd_add(&c->v, c->v, v))
		c->flags |= AGG_F_OVERFLOW;
	return 0;
}

int
agg_key_cmp(const struct agg_key *a, const struct agg_key *b)
{
	int r;

	if (a->ind != b->ind)
		return a->ind < b->ind ? -1 : 1;
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

struct agg_cell **
agg_table_sorted(const struct agg_table *t, size_t *n)
{
	struct agg_cell **v = tip_xmalloc((t->n + 1) * sizeof(*v));
	size_t m = 0;

	for (size_t i = 0; i < t->cap; i++)
		if (t->c[i].k.ind != AGG_NONE)
			v[m++] = &t->c[i];
	qsort(v, m, sizeof(*v), cell_cmp);
	*n = m;
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
