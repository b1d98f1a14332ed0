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

int
agg_write_indicators(FILE *fp, const struct agg_catalogue *cat,
    const struct agg_table *t, int public)
{
	static const char *const head[] = {"indicator", "pillar", "programme",
		"country", "period", "sex", "age_group", "exploitation",
		"assistance", "offender_citizenship", "target_group", "mechanism",
		"value", "numerator", "denominator", "unit", "status"};
	struct agg_cell **v;
	size_t n;

	tip_csv_putrow(fp, head, 17, TIP_CSV_EXACT);
	v = agg_table_sorted(t, &n);
	for (size_t i = 0; i < n; i++) {
		const struct agg_cell *c = v[i];
		const struct agg_indicator *ind = &cat->ind[c->k.ind];
		const char *row[17];
		char per[16], val[32], num[24] = "", den[24] = "";
		int hidden = public && (c->flags & AGG_F_SUPP);
		agg_period_str(c->k.period, per);
		agg_format_value(ind, c, public, val, sizeof(val));
		if (ind->ratio && !hidden) {
			snprintf(num, sizeof(num), "%" PRId64, c->num);
			if (!(c->flags & AGG_F_NODATA))
				snprintf(den, sizeof(den), "%" PRId64, c->den);
		}
		row[0] = ind->id;
		row[1] = ind->pillar;
		row[2] = agg_str(c->k.prog);
		row[3] = agg_str(c->k.country);
		row[4] = per;
		for (int d = 0; d < AGG_NDIM; d++)
			row[5 + d] = agg_str(c->k.dim[d]);
		row[12] = val;
		row[13] = num;
		row[14] = den;
		row[15] = ind->unit;
		row[16] = agg_status(c, public);
		tip_csv_putrow(fp, row, 17, TIP_CSV_EXACT);
	}
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
