/*
 * Reference data from schemas/reference: population by country, year and
 * sex (denominators of rates), programme countries (which countries make a
 * programme) and UN M49 codes (SDMX REF_AREA). Read with tip_csv; a
 * missing file leaves the table empty, so rates say no_data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_ckd.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"

struct ref {
	const char *const *cols; /* wanted header names */
	int ncols;
	int idx[8];
	void (*row)(void *ctx, const char *const *v, const size_t *len);
	void *ctx;
	int bad;
};

static int
ref_row(void *ctx, const struct tip_csv_row *row)
{
	struct ref *r = ctx;
	const char *v[8];
	size_t len[8];

	if (row->recno == 1) {
		for (int i = 0; i < r->ncols; i++) {
			r->idx[i] = -1;
			for (size_t j = 0; j < row->n; j++)
				if (strcmp(row->f[j].s, r->cols[i]) == 0)
					r->idx[i] = (int)j;
			if (r->idx[i] < 0) {
				r->bad = 1;
				return 1;
			}
		}
		return 0;
	}
	for (int i = 0; i < r->ncols; i++) {
		if ((size_t)r->idx[i] >= row->n)
			return 0;
		v[i] = row->f[r->idx[i]].s;
		len[i] = row->f[r->idx[i]].len;
	}
	r->row(r->ctx, v, len);
	return 0;
}

static int
read_ref(const char *schema_dir, const char *file, struct ref *r)
{
	char *path = tip_strdupf("%s/reference/%s", schema_dir, file);
	struct tip_csv *c = tip_csv_new(NULL, ref_row, r);
	int rc;

	if (c == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot read '%s'", path);
	rc = tip_csv_read_path(c, path);
	if (rc == -2) {
		tip_warn(errno, "cannot read '%s'", path);
		rc = TIP_EX_NOINPUT;
	} else if (rc != 0 || r->bad) {
		tip_warn(0, "'%s': %s", path, r->bad ? "missing column" :
		    tip_csv_errmsg(c));
		rc = TIP_EX_CONFIG;
	}
	tip_csv_free(c);
	free(path);
	return rc;
}

static void
pop_row(void *ctx, const char *const *v, const size_t *len)
{
	struct agg_population *p = ctx;
	struct agg_key k;
	long long n = 0;
	int year = 0;

	if (len[1] != 4 || len[3] == 0 || len[3] > 15)
		return;
	for (size_t i = 0; i < 4; i++) {
		if (v[1][i] < '0' || v[1][i] > '9')
			return;
		year = year * 10 + (v[1][i] - '0');
	}
	for (size_t i = 0; i < len[3]; i++) {
		if (v[3][i] < '0' || v[3][i] > '9')
			return;
		n = n * 10 + (v[3][i] - '0');
	}
	agg_key_clear(&k, 0);
	k.prog = AGG_T;
	k.country = agg_intern(v[0], len[0]);
	k.period = AGG_PERIOD(year, 0);
	k.dim[AGG_SEX] = agg_intern(v[2], len[2]);
	struct agg_cell *c = agg_table_get(&p->t, &k, 1);
	if (c != NULL)
		c->v = n;
}

static void
pc_row(void *ctx, const char *const *v, const size_t *len)
{
	struct agg_population *p = ctx;

	if (p->npc >= 4096)
		return;
	p->pc_prog = tip_xrealloc(p->pc_prog, (p->npc + 1) * sizeof(uint32_t));
	p->pc_country = tip_xrealloc(p->pc_country,
	    (p->npc + 1) * sizeof(uint32_t));
	p->pc_prog[p->npc] = agg_intern(v[0], len[0]);
	p->pc_country[p->npc] = agg_intern(v[1], len[1]);
	p->npc++;
}

int
agg_population_load(struct agg_population *p, const char *schema_dir)
{
	static const char *const pcols[] = {"country", "year", "sex",
		"population"};
	static const char *const ccols[] = {"programme", "country"};
	struct ref r;
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&r, 0, sizeof(r));
	r.cols = pcols;
	r.ncols = 4;
	r.row = pop_row;
	r.ctx = p;
	rc = read_ref(schema_dir, "population.csv", &r);
	memset(&r, 0, sizeof(r));
	r.cols = ccols;
	r.ncols = 2;
	r.row = pc_row;
	r.ctx = p;
	return tip_worst(rc, read_ref(schema_dir, "programme_countries.csv", &r));
}

void
agg_population_release(struct agg_population *p)
{
	agg_table_release(&p->t);
	free(p->pc_prog);
	free(p->pc_country);
	memset(p, 0, sizeof(*p));
}

static int
one(const struct agg_population *p, uint32_t country, int year, uint32_t sex,
    int64_t *out)
{
	struct agg_key k;
	const struct agg_cell *c;

	agg_key_clear(&k, 0);
	k.prog = AGG_T;
	k.country = country;
	k.period = AGG_PERIOD(year, 0);
	k.dim[AGG_SEX] = sex;
	c = agg_table_get((struct agg_table *)&p->t, &k, 0);
	if (c == NULL)
		return -1;
	*out = c->v;
	return 0;
}

int
agg_population_get(const struct agg_population *p, uint32_t prog,
    uint32_t country, int year, uint32_t sex, int64_t *out)
{
	int64_t sum = 0, v;
	int any = 0;

	if (country != AGG_T)
		return one(p, country, year, sex, out);
	for (size_t i = 0; i < p->npc; i++) {
		if (prog != AGG_T && p->pc_prog[i] != prog)
			continue;
		if (one(p, p->pc_country[i], year, sex, &v) != 0 ||
		    tip_ckd_add(&sum, sum, v))
			return -1;
		any = 1;
	}
	if (!any)
		return -1;
	*out = sum;
	return 0;
}

static void
m49_row(void *ctx, const char *const *v, const size_t *len)
{
	struct agg_m49 *m = ctx;

	if (m->n >= 4096 || len[1] == 0 || len[1] > 8)
		return;
	m->country = tip_xrealloc(m->country, (m->n + 1) * sizeof(uint32_t));
	m->m49 = tip_xrealloc(m->m49, (m->n + 1) * sizeof(char *));
	m->country[m->n] = agg_intern(v[0], len[0]);
	m->m49[m->n] = tip_xstrdup(v[1]);
	m->n++;
}

int
agg_m49_load(struct agg_m49 *m, const char *schema_dir)
{
	static const char *const cols[] = {"iso3", "m49"};
	struct ref r;

	memset(m, 0, sizeof(*m));
	memset(&r, 0, sizeof(r));
	r.cols = cols;
	r.ncols = 2;
	r.row = m49_row;
	r.ctx = m;
	return read_ref(schema_dir, "countries.csv", &r);
}

void
agg_m49_release(struct agg_m49 *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->m49[i]);
	free(m->m49);
	free(m->country);
	memset(m, 0, sizeof(*m));
}
