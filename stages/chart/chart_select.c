/*
 * Row selection for charts: matching dimension patterns, the latest
 * period, the quarter range, distinct code sets with a cap, and the words
 * shown for codes. Nothing here writes files.
 */
#include <stdlib.h>
#include <string.h>

#include "chart_select.h"
#include "tip_datadir.h"

const char *const chart_programme_order[] = {
	"SRB", "PAK", "ARG-BOL", "RWA-BDI", "CASIA", "EGY", NULL,
};

static const struct {
	const char *code, *label, *colour;
} expl_tab[] = {
	{"sexual", "Sexual exploitation", "#E69F00"},
	{"forced_labour", "Forced labour", "#56B4E9"},
	{"forced_begging", "Forced begging", "#009E73"},
	{"forced_criminality", "Forced criminality", "#F0E442"},
	{"forced_marriage", "Forced marriage", "#0072B2"},
	{"domestic_servitude", "Domestic servitude", "#D55E00"},
	{"organ_removal", "Organ removal", "#CC79A7"},
	{"other", "Other forms", "#999999"},
};
#define NEXPL (sizeof(expl_tab) / sizeof(expl_tab[0]))

const char *const chart_expl_order[] = {
	"sexual", "forced_labour", "forced_begging", "forced_criminality",
	"forced_marriage", "domestic_servitude", "organ_removal", "other", NULL,
};

static const struct {
	const char *code, *label, *colour;
} sexes[] = {
	{"F", "Female", "#E69F00"},     {"female", "Female", "#E69F00"},
	{"M", "Male", "#0072B2"},       {"male", "Male", "#0072B2"},
	{"other", "Other", "#009E73"},  {"_O", "Other", "#009E73"},
	{"_U", "Unknown", "#999999"},   {"unknown", "Unknown", "#999999"},
};
#define NSEX (sizeof(sexes) / sizeof(sexes[0]))

const char *const chart_sex_order[] = {
	"F", "female", "M", "male", "other", "_O", "_U", "unknown", NULL,
};

const char *const chart_age_order[] = {"Y0T17", "Y_GE18", "_U", NULL};

static const struct {
	const char *code, *label;
} places[] = {
	{"SRB", "Serbia"}, {"PAK", "Pakistan"}, {"ARG", "Argentina"},
	{"BOL", "Bolivia"}, {"RWA", "Rwanda"}, {"BDI", "Burundi"},
	{"KAZ", "Kazakhstan"}, {"KGZ", "Kyrgyzstan"}, {"TJK", "Tajikistan"},
	{"TKM", "Turkmenistan"}, {"UZB", "Uzbekistan"}, {"EGY", "Egypt"},
};

static int
flat(const char *s)
{
	return *s == '\0' || strcmp(s, "_T") == 0 || strcmp(s, "_Z") == 0;
}

static int
pat(const char *v, const char *p)
{
	if (p == SEL_ANY)
		return 1;
	if (*p == '\0')
		return flat(v);
	if (strcmp(p, SEL_PART) == 0)
		return !flat(v);
	return strcmp(v, p) == 0;
}

int
chart_sel_match(const struct chart_row *r, const struct chart_sel *sel)
{
	if (sel->indicator != NULL && strcmp(r->indicator, sel->indicator) != 0)
		return 0;
	if (sel->pcode >= 0 && r->pcode != sel->pcode)
		return 0;
	if (sel->kind == 'y' && r->pcode % 10 != 0)
		return 0;
	if (sel->kind == 'q' && r->pcode % 10 == 0)
		return 0;
	return pat(r->programme, sel->programme) &&
	    pat(r->country, sel->country) && pat(r->sex, sel->sex) &&
	    pat(r->age_group, sel->age) && pat(r->exploitation, sel->expl);
}

const struct chart_row *
chart_sel_find(const struct chart_table *t, const struct chart_sel *sel)
{
	for (size_t i = 0; i < t->n; i++)
		if (chart_sel_match(&t->r[i], sel))
			return &t->r[i];
	return NULL;
}

int
chart_sel_latest(const struct chart_table *t, struct chart_sel sel)
{
	int year = -1, quarter = -1;

	sel.pcode = -1;
	sel.kind = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct chart_row *r = &t->r[i];
		if (!chart_sel_match(r, &sel))
			continue;
		if (r->pcode % 10 == 0 && r->pcode > year)
			year = r->pcode;
		if (r->pcode % 10 != 0 && r->pcode > quarter)
			quarter = r->pcode;
	}
	return year >= 0 ? year : quarter;
}

static int
qindex(int pcode)
{
	return (pcode / 10) * 4 + (pcode % 10 - 1);
}

int
chart_quarter_add(int pcode, int k)
{
	int q = qindex(pcode) + k;

	return (q / 4) * 10 + q % 4 + 1;
}

int
chart_sel_quarters(const struct chart_table *t, struct chart_sel sel, int max,
    int *first)
{
	int lo = -1, hi = -1, n;

	sel.pcode = -1;
	sel.kind = 'q';
	for (size_t i = 0; i < t->n; i++) {
		const struct chart_row *r = &t->r[i];
		if (!chart_sel_match(r, &sel))
			continue;
		if (lo < 0 || r->pcode < lo)
			lo = r->pcode;
		if (hi < 0 || r->pcode > hi)
			hi = r->pcode;
	}
	if (lo < 0)
		return 0;
	n = qindex(hi) - qindex(lo) + 1;
	if (n > max) {
		lo = chart_quarter_add(hi, -(max - 1));
		n = max;
	}
	*first = lo;
	return n;
}

void
chart_codes_add(struct chart_codes *c, const char *code, size_t max)
{
	size_t cap = sizeof(c->v) / sizeof(c->v[0]);

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], code) == 0)
			return;
	if (max > cap)
		max = cap;
	if (c->n >= max) {
		c->dropped++;
		return;
	}
	c->v[c->n++] = tip_xstrdup(code);
}

static const char *
dim(const struct chart_row *r, int d)
{
	switch (d) {
	case DIM_PROGRAMME: return r->programme;
	case DIM_COUNTRY: return r->country;
	case DIM_SEX: return r->sex;
	case DIM_AGE: return r->age_group;
	default: return r->exploitation;
	}
}

void
chart_codes_collect(struct chart_codes *c, const struct chart_table *t,
    const struct chart_sel *sel, int d, size_t max)
{
	for (size_t i = 0; i < t->n; i++)
		if (chart_sel_match(&t->r[i], sel))
			chart_codes_add(c, dim(&t->r[i], d), max);
}

static const char *const *sort_order;

static int
rank(const char *s)
{
	for (int i = 0; sort_order != NULL && sort_order[i] != NULL; i++)
		if (strcmp(sort_order[i], s) == 0)
			return i;
	return 1000;
}

static int
code_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = rank(x), ry = rank(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x, y);
}

void
chart_codes_sort(struct chart_codes *c, const char *const order[])
{
	sort_order = order;
	qsort(c->v, c->n, sizeof(c->v[0]), code_cmp);
	sort_order = NULL;
}

void
chart_codes_release(struct chart_codes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	memset(c, 0, sizeof(*c));
}

const char *
chart_expl_label(const char *code)
{
	for (size_t i = 0; i < NEXPL; i++)
		if (strcmp(expl_tab[i].code, code) == 0)
			return expl_tab[i].label;
	return code;
}

const char *
chart_expl_colour(const char *code)
{
	for (size_t i = 0; i < NEXPL; i++)
		if (strcmp(expl_tab[i].code, code) == 0)
			return expl_tab[i].colour;
	return "#000000";
}

const char *
chart_sex_label(const char *code)
{
	for (size_t i = 0; i < NSEX; i++)
		if (strcmp(sexes[i].code, code) == 0)
			return sexes[i].label;
	return code;
}

const char *
chart_sex_colour(const char *code)
{
	for (size_t i = 0; i < NSEX; i++)
		if (strcmp(sexes[i].code, code) == 0)
			return sexes[i].colour;
	return "#000000";
}

const char *
chart_age_label(const char *code)
{
	if (strcmp(code, "Y0T17") == 0)
		return "Children (0-17)";
	if (strcmp(code, "Y_GE18") == 0)
		return "Adults (18+)";
	if (strcmp(code, "_U") == 0)
		return "Age unknown";
	return code;
}

const char *
chart_country_label(const char *code)
{
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (strcmp(places[i].code, code) == 0)
			return places[i].label;
	return code;
}

const char *
chart_programme_label(const char *code)
{
	const char *n = chart_programme_name(code);

	return n != NULL ? n : code;
}
