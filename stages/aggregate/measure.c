/*
 * Measures: turns validated rows into cells. Applies an indicator's
 * filters, derives quarter and year from dates and age bands from ages,
 * expands multi-valued fields (a row counts once per value and once in
 * _T), and adds a count or a checked sum. Totals over single-valued
 * dimensions are left to agg_finalise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_ckd.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_sha256.h"
#include <fcntl.h>
#include <unistd.h>

#define MAX_VALS 33 /* distinct values of a multi-valued field, plus _T */

static const char empty[] = "";

struct fv {
	const char *s;
	size_t len;
};

static struct fv
field(const int *col, const struct tip_csv_field *f, size_t nf, int i)
{
	struct fv v = {empty, 0};

	if (i >= 0 && col[i] >= 0 && (size_t)col[i] < nf) {
		v.s = f[col[i]].s;
		v.len = f[col[i]].len;
	}
	return v;
}

static int
eq(struct fv v, const char *s)
{
	size_t n = strlen(s);

	return v.len == n && memcmp(v.s, s, n) == 0;
}

/* Parses a decimal integer (optional '-'); returns 0 or -1. */
static int
parse_int(struct fv v, int64_t *out)
{
	int64_t r = 0;
	size_t i = 0;
	int neg = 0;

	if (v.len == 0)
		return -1;
	if (v.s[0] == '-' || v.s[0] == '+') {
		neg = v.s[0] == '-';
		i = 1;
		if (v.len == 1)
			return -1;
	}
	for (; i < v.len; i++) {
		if (v.s[i] < '0' || v.s[i] > '9')
			return -1;
		if (tip_ckd_mul(&r, r, 10) ||
		    tip_ckd_add(&r, r, neg ? -(v.s[i] - '0') : v.s[i] - '0'))
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
    const int *col, const struct tip_csv_field *f, size_t nf)
{
	for (size_t i = 0; i < ind->nfilter; i++) {
		const struct agg_filter *fl = &ind->filter[i];
		struct fv v = field(col, f, nf, fl->field);
		int64_t n;
		switch (fl->kind) {
		case AGG_FILTER_IN:
			if (cat->schema[ind->table].type[fl->field] == AGG_T_LIST) {
				size_t a = 0, b;
				int hit = 0;
				while (a <= v.len && !hit && v.len > 0) {
					for (b = a; b < v.len && v.s[b] != '|'; b++)
						;
					hit = in_set(fl, v.s + a, b - a);
					a = b + 1;
				}
				if (!hit)
					return 0;
			} else if (!in_set(fl, v.s, v.len))
				return 0;
			break;
		case AGG_FILTER_IS:
			if (eq(v, fl->is ? "true" : "false") == 0)
				return 0;
			break;
		case AGG_FILTER_EMPTY:
			if ((v.len == 0) != fl->is)
				return 0;
			break;
		case AGG_FILTER_RANGE:
			if (parse_int(v, &n) != 0 ||
			    (fl->has_min && n < fl->min) ||
			    (fl->has_max && n > fl->max))
				return 0;
			break;
		}
	}
	return 1;
}

/*
 * Codes already looked up for this row, by the address of the bytes (the
 * row's fields and the catalogue's band codes stay put during a row): the
 * indicators of a table mostly read the same cells.
 */
struct memo {
	struct {
		const char *s;
		size_t len;
		uint32_t code;
	} e[16];
	size_t n;
	const char *ds;     /* the last date parsed, and its result */
	size_t dlen;
	int drc, dyear, dq;
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

/* Fills vals with the codes of one dimension for this row; returns count. */
static size_t
dim_values(const struct agg_catalogue *cat, const struct agg_dimspec *d,
    const int *col, const struct tip_csv_field *f, size_t nf,
    uint32_t vals[MAX_VALS], struct memo *m)
{
	struct fv v = field(col, f, nf, d->field);
	size_t n = 0;
	int64_t age;
	int b;

	switch (d->kind) {
	case AGG_DK_FIELD:
		vals[0] = v.len == 0 ? AGG_U : intern_memo(m, v.s, v.len);
		return 1;
	case AGG_DK_LIST: {
		size_t a = 0, e;
		for (size_t i = 0; i < m->nl; i++)
			if (m->l[i].s == v.s && m->l[i].len == v.len) {
				memcpy(vals, m->l[i].vals, m->l[i].n *
				    sizeof(*vals));
				return m->l[i].n;
			}
		while (v.len > 0 && a <= v.len) {
			for (e = a; e < v.len && v.s[e] != '|'; e++)
				;
			if (e > a) {
				uint32_t c = intern_memo(m, v.s + a, e - a);
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
			m->l[m->nl].s = v.s;
			m->l[m->nl].len = v.len;
			m->l[m->nl].n = n;
			memcpy(m->l[m->nl].vals, vals, n * sizeof(*vals));
			m->nl++;
		}
		return n;
	}
	case AGG_DK_AGE:
		if (parse_int(v, &age) != 0 ||
		    (b = agg_band_of(cat->broad, cat->nbroad, age)) < 0) {
			vals[n++] = AGG_U;
		} else {
			vals[n++] = intern_memo(m, cat->broad[b].code,
			    strlen(cat->broad[b].code));
			if (d->fine && (b = agg_band_of(cat->fine, cat->nfine,
			    age)) >= 0)
				vals[n++] = intern_memo(m, cat->fine[b].code,
				    strlen(cat->fine[b].code));
		}
		if (d->fine)
			vals[n++] = AGG_T;
		return n;
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
agg_measure_row(const struct agg_catalogue *cat, int table, uint32_t prog,
    const int *col, const struct tip_csv_field *f, size_t nf,
    struct agg_table *t)
{
	uint32_t vals[AGG_NDIM][MAX_VALS];
	size_t nv[AGG_NDIM];
	int skipped = 0;
	struct memo m;

	m.n = 0;
	m.nl = 0;
	m.ds = NULL;
	m.dlen = 0;
	m.drc = -1;
	m.dyear = m.dq = 0;

	for (size_t i = 0; i < cat->n; i++) {
		const struct agg_indicator *ind = &cat->ind[i];
		struct agg_key k;
		struct fv dv, cv;
		int year, q, split = -1;
		if (ind->ratio || ind->table != table)
			continue;
		dv = field(col, f, nf, ind->date_field);
		if (dv.s != m.ds || dv.len != m.dlen) {
			m.ds = dv.s;
			m.dlen = dv.len;
			m.drc = agg_date_quarter(dv.s, dv.len, &m.dyear, &m.dq);
		}
		year = m.dyear;
		q = m.dq;
		if (m.drc != 0) {
			skipped = 1;
			continue;
		}
		if (!pass(cat, ind, col, f, nf))
			continue;
		cv = field(col, f, nf, ind->country_field);
		agg_key_clear(&k, (uint32_t)i);
		k.prog = prog;
		k.country = cv.len == 0 ? AGG_U : intern_memo(&m, cv.s, cv.len);
		k.period = AGG_PERIOD(year, q);
		for (size_t d = 0; d < ind->ndim; d++) {
			if (ind->dim[d].kind == AGG_DK_SPLIT) {
				split = (int)d;
				nv[d] = 0;
				continue;
			}
			nv[d] = dim_values(cat, &ind->dim[d], col, f, nf, vals[d],
			    &m);
		}
		if (!ind->sum) {
			if (expand(t, &k, ind, vals, nv, 0, 1, 0) != 0)
				return -1;
			continue;
		}
		int64_t total = 0;
		uint32_t flags = 0;
		for (size_t s = 0; s < ind->nsum; s++) {
			int64_t x;
			if (parse_int(field(col, f, nf, ind->sum_field[s]), &x) != 0)
				x = 0;
			if (split >= 0) {
				k.dim[ind->dim[split].col] = ind->split_val[s];
				if (expand(t, &k, ind, vals, nv, 0, x, 0) != 0)
					return -1;
			} else if (tip_ckd_add(&total, total, x))
				flags = AGG_F_OVERFLOW;
		}
		if (split < 0 && expand(t, &k, ind, vals, nv, 0, total, flags) != 0)
			return -1;
	}
	return skipped;
}

struct reader {
	const struct agg_catalogue *cat;
	int table;
	uint32_t prog;
	struct agg_table *t;
	int col[256];
	size_t ncol;
	uint64_t rows, bad, skipped;
	int status;
	const char *path;
};

static int
on_row(void *ctx, const struct tip_csv_row *row)
{
	struct reader *r = ctx;
	const struct agg_schema *s = &r->cat->schema[r->table];
	int rc;

	if (row->recno == 1) {
		for (size_t i = 0; i < s->nfield; i++) {
			r->col[i] = -1;
			for (size_t j = 0; j < row->n; j++)
				if (row->f[j].len == strlen(s->field[i]) &&
				    memcmp(row->f[j].s, s->field[i],
				    row->f[j].len) == 0)
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
					tip_warn(0, "'%s': no column '%s' (needed "
					    "by indicator '%s')", r->path,
					    s->field[need[j]], ind->id);
					r->status = TIP_EX_DATAERR;
					return 1;
				}
		}
		return 0;
	}
	if (row->flags & TIP_CSV_ROW_BLANK)
		return 0;
	r->rows++;
	if (row->n != r->ncol || (row->flags & (TIP_CSV_ROW_NUL |
	    TIP_CSV_ROW_BADUTF8 | TIP_CSV_ROW_TOOMANY))) {
		r->bad++;
		return 0;
	}
	rc = agg_measure_row(r->cat, r->table, r->prog, r->col, row->f, row->n,
	    r->t);
	if (rc < 0) {
		tip_warn(0, "'%s': more than %zu groups", r->path, AGG_MAX_CELLS);
		r->status = TIP_EX_SOFTWARE;
		return 1;
	}
	if (rc > 0)
		r->skipped++;
	return 0;
}

/* Reads path into c, hashing the bytes on the way. Returns as tip_csv. */
static int
read_hashed(struct tip_csv *c, const char *path, char hex[65])
{
	enum { BUFSZ = 256 * 1024 };
	struct tip_sha256 h;
	uint8_t dig[32];
	char *buf;
	ssize_t n;
	int fd, rc = 0, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -2;
	buf = tip_xmalloc(BUFSZ);
	tip_sha256_init(&h);
	while ((n = read(fd, buf, BUFSZ)) > 0) {
		tip_sha256_update(&h, buf, (size_t)n);
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
	tip_sha256_final(&h, dig);
	tip_sha256_hex(dig, hex);
	return rc != 0 ? rc : tip_csv_finish(c);
}

int
agg_measure_file(const struct agg_catalogue *cat, int table, uint32_t prog,
    const char *path, struct agg_table *t, uint64_t *rows, char sha[65])
{
	char hex[65];

	struct reader r;
	struct tip_csv *c;
	int rc;

	memset(&r, 0, sizeof(r));
	r.cat = cat;
	r.table = table;
	r.prog = prog;
	r.t = t;
	r.path = path;
	*rows = 0;
	if (cat->schema[table].nfield > 256)
		return TIP_EX_CONFIG;
	c = tip_csv_new(NULL, on_row, &r);
	if (c == NULL) {
		tip_warn(ENOMEM, "cannot read '%s'", path);
		return TIP_EX_SOFTWARE;
	}
	rc = read_hashed(c, path, hex);
	if (sha != NULL && rc != -2)
		memcpy(sha, hex, 65);
	if (rc == -2) {
		tip_warn(errno, "cannot read '%s'", path);
		r.status = TIP_EX_IOERR;
	} else if (rc == -1) {
		tip_warn(0, "'%s': %s", path, tip_csv_errmsg(c));
		r.status = TIP_EX_DATAERR;
	}
	tip_csv_free(c);
	if (r.bad > 0 || r.skipped > 0) {
		tip_warn(0, "'%s': %llu malformed rows and %llu rows with a bad "
		    "date left out", path, (unsigned long long)r.bad,
		    (unsigned long long)r.skipped);
		r.status = tip_worst(r.status, TIP_EX_DATAERR);
	}
	*rows = r.rows;
	return r.status;
}
