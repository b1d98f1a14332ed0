/*
 * Writers of indicators.csv, indicators_public.csv and sdg_16_2_2.csv
 * (SDMX-CSV). Numbers are formatted without floating point: integers as
 * integers, ratios with two decimals. Rows come out in catalogue order,
 * then programme, country, period and dimension values (_T first).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_csvout.h"
#include "tip_datadir.h"

const char *
agg_status(const struct agg_cell *c, int public)
{
	if (public && (c->flags & AGG_F_SUPP))
		return "suppressed";
	if (c->flags & AGG_F_OVERFLOW)
		return "overflow";
	if (c->flags & AGG_F_NODATA)
		return "no_data";
	if (c->flags & AGG_F_ZERODEN)
		return "zero_denominator";
	return "ok";
}

void
agg_format_value(const struct agg_indicator *ind, const struct agg_cell *c,
    int public, char *buf, size_t size)
{
	buf[0] = '\0';
	if (strcmp(agg_status(c, public), "ok") != 0)
		return;
	if (!ind->ratio)
		snprintf(buf, size, "%" PRId64, c->v);
	else
		snprintf(buf, size, "%" PRId64 ".%02" PRId64, c->v / 100,
		    c->v % 100);
}

/* A row of CSV built in memory, written with one fwrite. */
struct rowbuf {
	char *b;
	size_t n, cap;
};

static void
rb_need(struct rowbuf *r, size_t more)
{
	if (r->b != NULL && r->n + more <= r->cap)
		return;
	while (r->n + more > r->cap)
		r->cap = r->cap ? r->cap * 2 : 1024;
	r->b = tip_xrealloc(r->b, r->cap > 0 ? r->cap : 1024);
}

/* One cell as tip_csv_put writes it with TIP_CSV_EXACT, then sep. */
static void
rb_put(struct rowbuf *r, const char *s, char sep)
{
	size_t len = strlen(s);
	int quote = 0;

	for (size_t i = 0; i < len && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	rb_need(r, 2 * len + 3);
	if (!quote) {
		memcpy(r->b + r->n, s, len);
		r->n += len;
	} else {
		r->b[r->n++] = '"';
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"')
				r->b[r->n++] = '"';
			r->b[r->n++] = s[i];
		}
		r->b[r->n++] = '"';
	}
	r->b[r->n++] = sep;
}

/* PRId64 of v into buf[24]. */
static void
i64_str(int64_t v, char *buf)
{
	char t[24];
	size_t n = 0, i = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = t[--n];
	buf[i] = '\0';
}

int
agg_write_indicators(FILE *fp, const struct agg_catalogue *cat,
    const struct agg_table *t, int public)
{
	static const char *const head[] = {"indicator", "pillar", "programme",
		"country", "period", "sex", "age_group", "exploitation",
		"assistance", "offender_citizenship", "target_group", "mechanism",
		"value", "numerator", "denominator", "unit", "status"};
	struct agg_cell **v;
	struct rowbuf rb = {NULL, 0, 0};
	size_t n;

	tip_csv_putrow(fp, head, 17, TIP_CSV_EXACT);
	v = agg_table_sorted(t, &n);
	for (size_t i = 0; i < n; i++) {
		const struct agg_cell *c = v[i];
		const struct agg_indicator *ind = &cat->ind[c->k.ind];
		char per[16], val[32], num[24] = "", den[24] = "";
		int hidden = public && (c->flags & AGG_F_SUPP);
		const char *st = agg_status(c, public);
		agg_period_str(c->k.period, per);
		val[0] = '\0';
		if (strcmp(st, "ok") == 0 && !ind->ratio)
			i64_str(c->v, val);
		else if (strcmp(st, "ok") == 0)
			agg_format_value(ind, c, public, val, sizeof(val));
		if (ind->ratio && !hidden) {
			i64_str(c->num, num);
			if (!(c->flags & AGG_F_NODATA))
				i64_str(c->den, den);
		}
		rb_put(&rb, ind->id, ',');
		rb_put(&rb, ind->pillar, ',');
		rb_put(&rb, agg_str(c->k.prog), ',');
		rb_put(&rb, agg_str(c->k.country), ',');
		rb_put(&rb, per, ',');
		for (int d = 0; d < AGG_NDIM; d++)
			rb_put(&rb, agg_str(c->k.dim[d]), ',');
		rb_put(&rb, val, ',');
		rb_put(&rb, num, ',');
		rb_put(&rb, den, ',');
		rb_put(&rb, ind->unit != NULL ? ind->unit : "", ',');
		rb_put(&rb, st, '\n');
		if (rb.n >= 65536 || i + 1 == n) {
			if (fwrite(rb.b, 1, rb.n, fp) != rb.n)
				break;
			rb.n = 0;
		}
	}
	free(rb.b);
	free(v);
	return ferror(fp) ? -1 : 0;
}

static const char *
m49_of(const struct agg_m49 *m, uint32_t country)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->country[i] == country)
			return m->m49[i];
	return NULL;
}

/* SDMX codes for our sex values; NULL when the SDG series has none. */
static const char *
sdmx_sex(uint32_t code)
{
	const char *s = agg_str(code);

	if (code == AGG_T || code == AGG_Z)
		return "_T";
	if (strcmp(s, "female") == 0)
		return "F";
	if (strcmp(s, "male") == 0)
		return "M";
	return NULL;
}

int
agg_write_sdmx(FILE *fp, const struct agg_catalogue *cat,
    const struct agg_table *t, const struct agg_m49 *m49)
{
	static const char *const head[] = {"DATAFLOW", "SERIES", "REF_AREA",
		"TIME_PERIOD", "SEX", "AGE", "OBS_VALUE", "OBS_STATUS",
		"UNIT_MEASURE", "OBS_CONF"};
	struct agg_cell **v;
	size_t n;

	tip_csv_putrow(fp, head, 10, TIP_CSV_EXACT);
	v = agg_table_sorted(t, &n);
	for (size_t i = 0; i < n; i++) {
		const struct agg_cell *c = v[i];
		const struct agg_indicator *ind = &cat->ind[c->k.ind];
		const char *row[10], *sex, *age, *area;
		char per[16], val[32];
		int skip = 0;
		if (ind->sdmx_series == NULL || c->k.prog == AGG_T ||
		    c->k.country == AGG_T || AGG_PQ(c->k.period) != 0)
			continue;
		for (int d = 0; d < AGG_NDIM; d++)
			if (d != AGG_SEX && d != AGG_AGE &&
			    (ind->uses & (1u << d)) && c->k.dim[d] != AGG_T)
				skip = 1;
		if (skip || (sex = sdmx_sex(c->k.dim[AGG_SEX])) == NULL ||
		    (area = m49_of(m49, c->k.country)) == NULL)
			continue;
		age = agg_str(c->k.dim[AGG_AGE]);
		if (c->k.dim[AGG_AGE] == AGG_Z)
			age = "_T";
		else if (c->k.dim[AGG_AGE] != AGG_T) {
			size_t b;
			for (b = 0; b < cat->nbroad; b++)
				if (strcmp(cat->broad[b].code, age) == 0)
					break;
			if (b == cat->nbroad)
				continue; /* _U and fine bands */
		}
		agg_period_str(c->k.period, per);
		agg_format_value(ind, c, 1, val, sizeof(val));
		row[0] = "IAEG-SDGs:DF_SDG_GLH(1.0)";
		row[1] = ind->sdmx_series;
		row[2] = area;
		row[3] = per;
		row[4] = sex;
		row[5] = age;
		row[6] = val;
		row[7] = val[0] != '\0' ? "A" : "O";
		row[8] = ind->sdmx_unit;
		row[9] = (c->flags & AGG_F_SUPP) ? "C" : "F";
		tip_csv_putrow(fp, row, 10, TIP_CSV_EXACT);
	}
	free(v);
	return ferror(fp) ? -1 : 0;
}
