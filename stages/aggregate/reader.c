/*
 * Reading a validated table file into cells. Most rows differ only in
 * what an indicator does not read (ids, the day of a date, the exact age
 * within a band), so each indicator folds rows into classes first: the
 * values it reads (numbered in one table of distinct values; dates as
 * their quarter, ages as their bands), a row count and the sums. Each
 * class is then measured once, weighted by its rows, which gives the
 * cells of measuring every row (sums of counts and of checked sums do not
 * depend on the grouping). Memory: at most a fixed number of classes per
 * indicator and of distinct values and their bytes; when one is reached
 * the classes are measured and the tables start again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "tip_bytes.h"
#include "tip_ckd.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_xxh64.h"

enum {
	MAX_CLASSES = 1 << 16,         /* classes held before measuring */
	MAX_VALUES = 1 << 16,          /* distinct values of all key fields */
	MAX_BYTES = 4 * 1024 * 1024,   /* bytes of those values */
};

static size_t class_cap = MAX_CLASSES, value_cap = MAX_VALUES;

void
agg_measure_set_limits(size_t classes, size_t values)
{
	class_cap = classes == 0 || classes > MAX_CLASSES ? MAX_CLASSES :
	    classes;
	value_cap = values == 0 || values > MAX_VALUES ? MAX_VALUES : values;
}

/* How a used field goes into a class key. */
enum { K_RAW, K_DATE, K_AGE };

struct kfield {
	int field;   /* schema field */
	int col;     /* its column in the file, -1 absent */
	int mode;    /* K_* */
};

/* The distinct values of the raw key fields: a class key holds their
 * numbers. One table for all fields (a number is unique across them). */
struct dict {
	struct dent {
		uint64_t lo, hi;     /* sig() of the value */
		uint32_t off, len;   /* bytes in the arena */
		uint32_t key;        /* len | key field << 24 */
	} *e;
	size_t n, ecap;
	uint32_t *slot;          /* value + 1, 0 empty */
	size_t nslot;            /* a power of two, over twice n */
	unsigned shift;          /* 64 - log2(nslot) */
	char *bytes;
	size_t blen, bcap;
};

/* The classes of one indicator: rows that it cannot tell apart. */
struct iclass {
	int ind;                  /* catalogue index */
	size_t npos;              /* key words: positions in reader.kf */
	uint16_t pos[AGG_MAX_FIELDS];
	size_t nsum;              /* its sums: positions in reader.sumcol */
	uint16_t sumpos[AGG_MAX_SUM];
	uint32_t *key;            /* npos words a class */
	int64_t *rows;
	int64_t *sum;             /* nsum a class */
	uint8_t *ovf;
	size_t n;                 /* classes; room for nslot / 2 */
	struct { uint32_t tag, cls; } *slot; /* cls + 1; 0 empty */
	size_t nslot;
};

struct reader {
	const struct agg_catalogue *cat;
	int table;
	uint32_t prog;
	struct agg_table *t;
	int col[AGG_MAX_FIELDS];
	size_t ncol;
	uint64_t rows, bad, skipped;
	int status;
	const char *path;

	/* the plan, from the header */
	uint8_t use[AGG_MAX_FIELDS];
	struct kfield kf[AGG_MAX_FIELDS]; /* the fields classes are keyed on */
	size_t nkf;
	int sumf[AGG_MAX_FIELDS], sumcol[AGG_MAX_FIELDS];
	size_t nsum;
	int datecol[AGG_MAX_FIELDS]; /* columns of date fields kept raw */
	size_t ndate;
	struct iclass *ic;
	size_t nic;

	struct dict d;
	uint32_t cur[AGG_MAX_FIELDS];   /* the row's kf words */
	int64_t rsum[AGG_MAX_FIELDS];   /* the row's sumcol values */
	uint32_t ikey[AGG_MAX_FIELDS];  /* an indicator's key of the row */

	/* the last date seen per K_DATE position, and its period */
	struct {
		char s[16];
		size_t len;
		uint32_t period;
	} dm[8];
	struct agg_view v;
};

/*
 * Two words that, for values of up to 16 bytes, are equal exactly when
 * the values (of one length) are: the bytes, overlapping in the middle.
 * Longer values get a hash and their last word (and are compared).
 */
static inline void
sig(const char *s, size_t n, uint64_t *lo, uint64_t *hi)
{
	tip_sig16(s, n, lo, hi);
	if (n > 16)
		*lo = tip_hash_bytes(s, n);
}

static inline size_t
dict_slot(const struct dict *d, uint64_t lo, uint64_t hi, uint32_t key)
{
	uint64_t h = (lo ^ (hi * 0xC2B2AE3D27D4EB4FULL) ^ key) *
	    0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> d->shift);
}

static void
dict_grow(struct dict *d)
{
	size_t ns = d->nslot ? 2 * d->nslot : 256;

	free(d->slot);
	d->slot = tip_xcalloc(ns, sizeof(*d->slot));
	d->nslot = ns;
	d->shift = 64 - (unsigned)__builtin_ctzll(ns);
	for (size_t x = 0; x < d->n; x++) {
		const struct dent *e = &d->e[x];
		size_t i = dict_slot(d, e->lo, e->hi, e->key);
		while (d->slot[i] != 0)
			i = (i + 1) & (ns - 1);
		d->slot[i] = (uint32_t)(x + 1);
	}
}

static void
dict_clear(struct dict *d)
{
	d->n = 0;
	d->blen = 0;
	if (d->slot != NULL)
		memset(d->slot, 0, d->nslot * sizeof(*d->slot));
}

static void
dict_release(struct dict *d)
{
	free(d->e);
	free(d->slot);
	free(d->bytes);
}

/*
 * The number of value s[0..len) of key field f, added when new. Returns
 * UINT32_MAX when the table is full (nothing added).
 */
static inline uint32_t
dict_get(struct dict *d, uint32_t f, const char *s, size_t len)
{
	uint64_t lo, hi;
	uint32_t key = (uint32_t)len | f << 24;
	size_t i = 0;

	sig(s, len, &lo, &hi);
	if (d->nslot != 0) {
		for (i = dict_slot(d, lo, hi, key); d->slot[i] != 0;
		    i = (i + 1) & (d->nslot - 1)) {
			const struct dent *e = &d->e[d->slot[i] - 1];
			if (e->lo == lo && e->hi == hi && e->key == key &&
			    (len <= 16 || memcmp(d->bytes + e->off, s, len) ==
			    0))
				return d->slot[i] - 1;
		}
	}
	if (d->n >= value_cap || d->blen + len > MAX_BYTES ||
	    len >= (1u << 24))
		return UINT32_MAX;
	if (2 * (d->n + 1) > d->nslot) {
		dict_grow(d);
		for (i = dict_slot(d, lo, hi, key); d->slot[i] != 0;
		    i = (i + 1) & (d->nslot - 1))
			;
	}
	if (d->n == d->ecap) {
		d->ecap = d->ecap ? 2 * d->ecap : 64;
		d->e = tip_xrealloc(d->e, d->ecap * sizeof(*d->e));
	}
	if (d->blen + len > d->bcap) {
		size_t cap = d->bcap ? d->bcap : 4096;
		while (cap < d->blen + len)
			cap *= 2;
		d->bytes = tip_xrealloc(d->bytes, cap);
		d->bcap = cap;
	}
	if (len > 0)
		memcpy(d->bytes + d->blen, s, len);
	d->e[d->n].lo = lo;
	d->e[d->n].hi = hi;
	d->e[d->n].key = key;
	d->e[d->n].off = (uint32_t)d->blen;
	d->e[d->n].len = (uint32_t)len;
	d->blen += len;
	d->slot[i] = (uint32_t)(d->n + 1);
	return (uint32_t)d->n++;
}

/* Position of schema field f in r->kf (it is there). */
static uint16_t
kpos(const struct reader *r, int f)
{
	size_t j;

	for (j = 0; j < r->nkf && r->kf[j].field != f; j++)
		;
	return (uint16_t)j;
}

static void
add_pos(struct iclass *ic, uint16_t p)
{
	for (size_t j = 0; j < ic->npos; j++)
		if (ic->pos[j] == p)
			return;
	ic->pos[ic->npos++] = p;
}

/* The plan of a table: which fields make the keys, which are summed. */
static void
plan(struct reader *r)
{
	const struct agg_catalogue *cat = r->cat;
	const struct agg_schema *s = &cat->schema[r->table];

	agg_uses(cat, r->table, r->use);
	r->nkf = r->nsum = r->ndate = 0;
	for (size_t i = 0; i < s->nfield; i++) {
		uint8_t u = r->use[i];
		int mode;
		if (u & AGG_USE_SUM) {
			r->sumf[r->nsum] = (int)i;
			r->sumcol[r->nsum++] = r->col[i];
		}
		if (u & AGG_USE_RAW) {
			mode = K_RAW;
			if (u & AGG_USE_DATE)
				r->datecol[r->ndate++] = r->col[i];
		} else if (u & AGG_USE_DATE)
			mode = K_DATE;
		else if (u & AGG_USE_AGE)
			mode = K_AGE;
		else
			continue;
		r->kf[r->nkf].field = (int)i;
		r->kf[r->nkf].col = r->col[i];
		r->kf[r->nkf].mode = mode;
		r->nkf++;
	}
	r->ic = tip_xcalloc(cat->n ? cat->n : 1, sizeof(*r->ic));
	for (size_t i = 0; i < cat->n; i++) {
		const struct agg_indicator *ind = &cat->ind[i];
		struct iclass *ic;
		if (ind->ratio || ind->table != r->table)
			continue;
		ic = &r->ic[r->nic++];
		ic->ind = (int)i;
		add_pos(ic, kpos(r, ind->date_field));
		add_pos(ic, kpos(r, ind->country_field));
		for (size_t f = 0; f < ind->nfilter; f++)
			add_pos(ic, kpos(r, ind->filter[f].field));
		for (size_t d = 0; d < ind->ndim; d++)
			if (ind->dim[d].kind != AGG_DK_SPLIT)
				add_pos(ic, kpos(r, ind->dim[d].field));
		for (size_t k = 0; k < ind->nsum; k++) {
			size_t j;
			for (j = 0; r->sumf[j] != ind->sum_field[k]; j++)
				;
			ic->sumpos[ic->nsum++] = (uint16_t)j;
		}
	}
}

static void
classes_release(struct reader *r)
{
	dict_release(&r->d);
	for (size_t i = 0; i < r->nic; i++) {
		free(r->ic[i].key);
		free(r->ic[i].rows);
		free(r->ic[i].sum);
		free(r->ic[i].ovf);
		free(r->ic[i].slot);
	}
	free(r->ic);
}

/* The period of a date, remembering the last one per key position. */
static inline uint32_t
date_of(struct reader *r, size_t pos, const char *s, size_t len)
{
	if (pos < sizeof(r->dm) / sizeof(r->dm[0])) {
		if (r->dm[pos].len == len && len > 0 &&
		    tip_same(r->dm[pos].s, s, len))
			return r->dm[pos].period;
		if (len <= sizeof(r->dm[pos].s)) {
			memcpy(r->dm[pos].s, s, len);
			r->dm[pos].len = len;
			return r->dm[pos].period = agg_date_period(s, len);
		}
	}
	return agg_date_period(s, len);
}

/* Sets the view's entries of key field j from its key word w. */
static void
view_set(struct reader *r, size_t j, uint32_t w)
{
	struct agg_view *v = &r->v;
	int f = r->kf[j].field;
	const struct dent *e;

	switch (r->kf[j].mode) {
	case K_RAW:
		e = &r->d.e[w];
		v->s[f] = r->d.bytes + e->off;
		v->len[f] = e->len;
		if (r->use[f] & AGG_USE_DATE)
			v->period[f] = agg_date_period(v->s[f], e->len);
		if (r->use[f] & AGG_USE_AGE)
			agg_age_bands(r->cat, v->s[f], e->len, &v->broad[f],
			    &v->fine[f]);
		break;
	case K_DATE:
		v->period[f] = w;
		break;
	case K_AGE:
		v->broad[f] = (int16_t)((w >> 16) - 1);
		v->fine[f] = (int16_t)((w & 0xFFFF) - 1);
		break;
	}
}

/* Measures every class into r->t and empties the classes and values. */
static int
measure_classes(struct reader *r)
{
	struct agg_view *v = &r->v;
	int rc = 0;

	for (size_t c = 0; c < r->nic; c++) {
		struct iclass *ic = &r->ic[c];
		for (size_t x = 0; x < ic->n && rc >= 0; x++) {
			const uint32_t *k = ic->key + x * ic->npos;
			for (size_t j = 0; j < ic->npos; j++)
				view_set(r, ic->pos[j], k[j]);
			for (size_t j = 0; j < ic->nsum; j++) {
				int f = r->sumf[ic->sumpos[j]];
				v->sum[f] = ic->sum[x * ic->nsum + j];
				v->ovf[f] = ic->ovf[x * ic->nsum + j];
			}
			rc = agg_measure_view(r->cat, r->table, ic->ind, r->prog,
			    v, ic->rows[x], r->t);
		}
		ic->n = 0;
		if (ic->slot != NULL)
			memset(ic->slot, 0, ic->nslot * sizeof(*ic->slot));
	}
	dict_clear(&r->d);
	return rc < 0 ? -1 : 0;
}

static inline uint64_t
hash_words(const uint32_t *w, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ w[i]) * 0xFF51AFD7ED558CCDULL;
	return h ^ (h >> 32);
}

static void
class_grow(struct iclass *ic)
{
	size_t ns = ic->nslot ? 2 * ic->nslot : 256, nc = ns / 2;
	size_t nk = ic->npos, nsum = ic->nsum ? ic->nsum : 1;

	free(ic->slot);
	ic->slot = tip_xcalloc(ns, sizeof(*ic->slot));
	ic->nslot = ns;
	ic->key = tip_xrealloc(ic->key, nc * nk * sizeof(*ic->key));
	ic->rows = tip_xrealloc(ic->rows, nc * sizeof(*ic->rows));
	ic->sum = tip_xrealloc(ic->sum, nc * nsum * sizeof(*ic->sum));
	ic->ovf = tip_xrealloc(ic->ovf, nc * nsum);
	for (size_t x = 0; x < ic->n; x++) {
		uint64_t h = hash_words(ic->key + x * nk, nk);
		size_t i = (size_t)h & (ns - 1);
		while (ic->slot[i].cls != 0)
			i = (i + 1) & (ns - 1);
		ic->slot[i].tag = (uint32_t)(h >> 32);
		ic->slot[i].cls = (uint32_t)(x + 1);
	}
}

/* The words of the row's key fields into r->cur. Returns 0, or -1 when
 * the value table is full. */
static inline int
row_key(struct reader *r, const struct tip_csv_field *f, int *bad_date)
{
	static const char none[1] = "";
	size_t ndates = 0;

	for (size_t j = 0; j < r->nkf; j++) {
		const struct kfield *k = &r->kf[j];
		const char *s = k->col >= 0 ? f[k->col].s : none;
		size_t len = k->col >= 0 ? f[k->col].len : 0;
		switch (k->mode) {
		case K_RAW:
			if ((r->cur[j] = dict_get(&r->d, (uint32_t)j, s, len)) ==
			    UINT32_MAX)
				return -1;
			break;
		case K_DATE:
			r->cur[j] = date_of(r, ndates++, s, len);
			*bad_date |= r->cur[j] == 0;
			break;
		case K_AGE: {
			int16_t b, fb;
			agg_age_bands(r->cat, s, len, &b, &fb);
			r->cur[j] = (uint32_t)(b + 1) << 16 | (uint32_t)(fb + 1);
			break;
		}
		}
	}
	return 0;
}

/* The class of the row's key r->ikey in ic, added when new; -1 when ic
 * is full. */
static inline long
class_of(struct iclass *ic, const uint32_t *key)
{
	size_t nk = ic->npos, i, x;
	uint64_t h = hash_words(key, nk);
	uint32_t tag = (uint32_t)(h >> 32);

	if (ic->nslot == 0)
		class_grow(ic);
	for (i = (size_t)h & (ic->nslot - 1); ic->slot[i].cls != 0;
	    i = (i + 1) & (ic->nslot - 1)) {
		const uint32_t *k;
		size_t j;
		if (ic->slot[i].tag != tag)
			continue;
		k = ic->key + (ic->slot[i].cls - 1) * nk;
		for (j = 0; j < nk && k[j] == key[j]; j++)
			;
		if (j == nk)
			return (long)ic->slot[i].cls - 1;
	}
	if (ic->n == class_cap)
		return -1;
	if (2 * (ic->n + 1) > ic->nslot) {
		class_grow(ic);
		for (i = (size_t)h & (ic->nslot - 1); ic->slot[i].cls != 0;
		    i = (i + 1) & (ic->nslot - 1))
			;
	}
	x = ic->n++;
	ic->slot[i].tag = tag;
	ic->slot[i].cls = (uint32_t)(x + 1);
	memcpy(ic->key + x * nk, key, nk * sizeof(*key));
	ic->rows[x] = 0;
	for (size_t j = 0; j < ic->nsum; j++) {
		ic->sum[x * ic->nsum + j] = 0;
		ic->ovf[x * ic->nsum + j] = 0;
	}
	return (long)x;
}

/* A row too big for the value table, measured on its own. */
static int
measure_alone(struct reader *r, const struct tip_csv_field *f)
{
	struct agg_view *v = &r->v;
	int rc;

	for (size_t j = 0; j < r->nkf; j++) {
		int fl = r->kf[j].field, c = r->kf[j].col;
		v->s[fl] = c >= 0 ? f[c].s : "";
		v->len[fl] = c >= 0 ? f[c].len : 0;
		v->period[fl] = agg_date_period(v->s[fl], v->len[fl]);
		agg_age_bands(r->cat, v->s[fl], v->len[fl], &v->broad[fl],
		    &v->fine[fl]);
	}
	for (size_t j = 0; j < r->nsum; j++) {
		int c = r->sumcol[j];
		v->sum[r->sumf[j]] = 0;
		v->ovf[r->sumf[j]] = 0;
		if (c >= 0)
			(void)agg_parse_int(f[c].s, f[c].len, &v->sum[r->sumf[j]]);
	}
	rc = agg_measure_view(r->cat, r->table, -1, r->prog, v, 1, r->t);
	if (rc > 0)
		r->skipped++;
	return rc < 0 ? -1 : 0;
}

/* Adds a data row to the classes of every indicator. Returns 0, or -1
 * when r->t is full. */
static int
class_row(struct reader *r, const struct tip_csv_field *f)
{
	int bad_date = 0;

	if (row_key(r, f, &bad_date) != 0) {
		/* Too many distinct values: measure, forget, start again. */
		if (measure_classes(r) != 0)
			return -1;
		bad_date = 0;
		if (row_key(r, f, &bad_date) != 0)
			return measure_alone(r, f);
	}
	for (size_t j = 0; j < r->ndate; j++) {
		int c = r->datecol[j];
		if (c < 0 || agg_date_period(f[c].s, f[c].len) == 0)
			bad_date = 1;
	}
	r->skipped += bad_date;
	for (size_t j = 0; j < r->nsum; j++) {
		int c = r->sumcol[j];
		r->rsum[j] = 0;
		if (c >= 0)
			(void)agg_parse_int(f[c].s, f[c].len, &r->rsum[j]);
	}
	for (size_t c = 0; c < r->nic; c++) {
		struct iclass *ic = &r->ic[c];
		long x;
		for (size_t j = 0; j < ic->npos; j++)
			r->ikey[j] = r->cur[ic->pos[j]];
		if ((x = class_of(ic, r->ikey)) < 0) {
			/* Full: measure everything (the indicators before
			 * this one with the row); the values are numbered
			 * afresh, so the row's words are too (it fits: it did
			 * with other values there). */
			int ignored = 0;
			if (measure_classes(r) != 0)
				return -1;
			(void)row_key(r, f, &ignored);
			for (size_t j = 0; j < ic->npos; j++)
				r->ikey[j] = r->cur[ic->pos[j]];
			x = class_of(ic, r->ikey);
		}
		ic->rows[x]++;
		for (size_t j = 0; j < ic->nsum; j++) {
			int64_t *acc = &ic->sum[(size_t)x * ic->nsum + j];
			if (tip_ckd_add(acc, *acc, r->rsum[ic->sumpos[j]]))
				ic->ovf[(size_t)x * ic->nsum + j] = 1;
		}
	}
	return 0;
}

static int
header(struct reader *r, const struct tip_csv_row *row)
{
	const struct agg_schema *s = &r->cat->schema[r->table];

	for (size_t i = 0; i < s->nfield; i++) {
		r->col[i] = -1;
		for (size_t j = 0; j < row->n; j++)
			if (row->f[j].len == strlen(s->field[i]) &&
			    memcmp(row->f[j].s, s->field[i], row->f[j].len) == 0)
				r->col[i] = (int)j;
	}
	r->ncol = row->n;
	for (size_t i = 0; i < r->cat->n; i++) {
		const struct agg_indicator *ind = &r->cat->ind[i];
		if (ind->ratio || ind->table != r->table)
			continue;
		int need[4 + AGG_MAX_SUM + AGG_NDIM + 16], nn = 0;
		need[nn++] = ind->date_field;
		need[nn++] = ind->country_field;
		for (size_t j = 0; j < ind->nsum; j++)
			need[nn++] = ind->sum_field[j];
		for (size_t j = 0; j < ind->ndim; j++)
			need[nn++] = ind->dim[j].field;
		for (size_t j = 0; j < ind->nfilter; j++)
			need[nn++] = ind->filter[j].field;
		for (int j = 0; j < nn; j++)
			if (need[j] >= 0 && r->col[need[j]] < 0) {
				tip_warn(0, "'%s': no column '%s' (needed by "
				    "indicator '%s')", r->path,
				    s->field[need[j]], ind->id);
				r->status = TIP_EX_DATAERR;
				return 1;
			}
	}
	plan(r);
	return 0;
}

static int
on_row(void *ctx, const struct tip_csv_row *row)
{
	struct reader *r = ctx;

	if (row->recno == 1)
		return header(r, row);
	if (row->flags & TIP_CSV_ROW_BLANK)
		return 0;
	r->rows++;
	if (row->n != r->ncol || (row->flags & (TIP_CSV_ROW_NUL |
	    TIP_CSV_ROW_BADUTF8 | TIP_CSV_ROW_TOOMANY))) {
		r->bad++;
		return 0;
	}
	if (class_row(r, row->f) != 0) {
		tip_warn(0, "'%s': more than %zu groups", r->path, AGG_MAX_CELLS);
		r->status = TIP_EX_SOFTWARE;
		return 1;
	}
	return 0;
}

/* Reads path into c, hashing the bytes on the way (XXH64: the hash only
 * tells whether a partial is up to date). Returns as tip_csv. */
static int
read_hashed(struct tip_csv *c, const char *path, char hex[65])
{
	enum { BUFSZ = 256 * 1024 };
	struct tip_xxh64 h;
	char *buf;
	ssize_t n;
	int fd, rc = 0, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -2;
	buf = tip_xmalloc(BUFSZ);
	tip_xxh64_init(&h, 0);
	while ((n = read(fd, buf, BUFSZ)) > 0 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		tip_xxh64_update(&h, buf, (size_t)n);
		if (rc == 0)
			rc = tip_csv_feed(c, buf, (size_t)n);
	}
	e = errno;
	close(fd);
	free(buf);
	if (n < 0) {
		errno = e;
		return -2;
	}
	tip_xxh64_str(tip_xxh64_digest(&h), hex);
	return rc != 0 ? rc : tip_csv_finish(c);
}

int
agg_measure_file(const struct agg_catalogue *cat, int table, uint32_t prog,
    const char *path, struct agg_table *t, uint64_t *rows, char sha[65])
{
	char hex[65];
	struct reader *r;
	struct tip_csv *c;
	int rc, status;

	*rows = 0;
	if (cat->schema[table].nfield > AGG_MAX_FIELDS)
		return TIP_EX_CONFIG;
	r = tip_xcalloc(1, sizeof(*r));
	r->cat = cat;
	r->table = table;
	r->prog = prog;
	r->t = t;
	r->path = path;
	c = tip_csv_new(NULL, on_row, r);
	if (c == NULL) {
		tip_warn(ENOMEM, "cannot read '%s'", path);
		free(r);
		return TIP_EX_SOFTWARE;
	}
	rc = read_hashed(c, path, hex);
	if (sha != NULL && rc != -2)
		memcpy(sha, hex, 65);
	if (rc == -2) {
		tip_warn(errno, "cannot read '%s'", path);
		r->status = TIP_EX_IOERR;
	} else if (rc == -1) {
		tip_warn(0, "'%s': %s", path, tip_csv_errmsg(c));
		r->status = TIP_EX_DATAERR;
	}
	tip_csv_free(c);
	if (r->status != TIP_EX_SOFTWARE && measure_classes(r) != 0) {
		tip_warn(0, "'%s': more than %zu groups", path, AGG_MAX_CELLS);
		r->status = TIP_EX_SOFTWARE;
	}
	if (r->bad > 0 || r->skipped > 0) {
		tip_warn(0, "'%s': %llu malformed rows and %llu rows with a bad "
		    "date left out", path, (unsigned long long)r->bad,
		    (unsigned long long)r->skipped);
		r->status = tip_worst(r->status, TIP_EX_DATAERR);
	}
	*rows = r->rows;
	status = r->status;
	classes_release(r);
	free(r);
	return status;
}
