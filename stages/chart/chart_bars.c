/*
 * The bar charts: victims by sex and age group, the criminal-justice
 * funnel per programme (both grouped bars), and the SDG 16.2.2 rate per
 * country (horizontal bars). A suppressed or missing cell is never a bar:
 * its value is NaN in the .dat and a marker with a word stands in its
 * place.
 */
#include <stdlib.h>
#include <string.h>

#include "chart_defs.h"
#include "chart_select.h"
#include "tip_datadir.h"

#define MAX_GROUPS 24
#define MAX_BARSERIES 8
#define MAX_COUNTRIES 30

struct bars;
static double bar_x(const struct bars *b, size_t g, size_t i);

struct bars {
	const char *ylabel, *xlabel;
	const char *vfmt; /* printf format of the value labels, fixed */
	size_t ng, ns;
	const char *glabel[MAX_GROUPS];
	const char *slabel[MAX_BARSERIES];
	const char *scolour[MAX_BARSERIES];
	const struct chart_row *cell[MAX_GROUPS][MAX_BARSERIES];
};

static double
bar_x(const struct bars *b, size_t g, size_t i)
{
	double w = 0.8 / (double)b->ns;

	return (double)g + ((double)i - (double)(b->ns - 1) / 2.0) * w;
}

static const char *
status_word(const struct chart_row *r)
{
	if (r == NULL || r->status == CHART_ST_ABSENT)
		return "absent";
	if (r->status == CHART_ST_OK)
		return "ok";
	return r->status == CHART_ST_SUPPRESSED ? "suppressed" : "no data";
}

static void
status_col(FILE *dat, const struct chart_row *r)
{
	fprintf(dat, "\t\"%s\"\n", status_word(r));
}

/*
 * The markers block: one row per cell that is not a number, at (x, y) with
 * its word and point type. gnuplot 5.4 crashes on labels whose position is
 * NaN, so these rows live apart from the values.
 */
static int
marker_row(FILE *dat, int *nmark, double x, double y,
    const struct chart_row *r)
{
	if (r != NULL && r->status == CHART_ST_OK)
		return 0;
	if ((*nmark)++ == 0)
		fputs("\n\n\"x\"\t\"y\"\t\"status\"\t\"point type\"\n", dat);
	fprintf(dat, "%.4f\t%.4f\t\"%s\"\t%d\n", x, y, status_word(r),
	    r != NULL && r->status == CHART_ST_SUPPRESSED ? 6 : 2);
	return 1;
}

/* Plot elements for the markers block (index m), when there is one. */
static void
marker_plot(FILE *gp, const char *stem, int m, int vertical)
{
	fprintf(gp, "  '%s.dat' index %d using 1:2:4 with points pt variable "
	    "ps 1.3 lw 1.5 lc rgb '#555555' notitle, \\\n"
	    "  '%s.dat' index %d using 1:2:3 with labels %s font ',8' "
	    "textcolor rgb '#555555' notitle, \\\n", stem, m, stem, m,
	    vertical ? "rotate by 90 left offset 0,1.2" : "left offset 1.5,0");
}

/* Writes the blocks and the plot of grouped bars. */
static void
grouped_bars(struct chart_out *out, const struct bars *b)
{
	FILE *dat = out->dat, *gp = out->gp;
	double w = 0.8 / (double)b->ns;
	const char *s = out->stem;
	int nmark = 0;

	for (size_t i = 0; i < b->ns; i++) {
		if (i > 0)
			fputs("\n\n", dat);
		fputs("\"x\"\t\"group\"\t", dat);
		chart_dat_str(dat, b->slabel[i]);
		fputs("\t\"status\"\n", dat);
		for (size_t g = 0; g < b->ng; g++) {
			const struct chart_row *r = b->cell[g][i];
			fprintf(dat, "%.4f\t", bar_x(b, g, i));
			chart_dat_str(dat, b->glabel[g]);
			fputc('\t', dat);
			chart_dat_num(dat, r ? r->value : 0,
			    r != NULL && r->status == CHART_ST_OK);
			status_col(dat, r);
		}
	}
	fputs("\n\n\"x\"\t\"group\"\n", dat);
	for (size_t g = 0; g < b->ng; g++) {
		fprintf(dat, "%zu\t", g);
		chart_dat_str(dat, b->glabel[g]);
		fputc('\n', dat);
	}
	for (size_t i = 0; i < b->ns; i++)
		for (size_t g = 0; g < b->ng; g++)
			marker_row(dat, &nmark, bar_x(b, g, i), 0,
			    b->cell[g][i]);
	chart_gp_colours(out, b->scolour, b->ns);
	fputs("set ylabel ", gp);
	chart_gp_str(out, b->ylabel);
	fputs("\nset xlabel ", gp);
	chart_gp_str(out, b->xlabel);
	fprintf(gp, "\nset yrange [0:*]\nset offsets 0, 0, graph 0.12, 0\n"
	    "set xrange [-0.6:%zu.6]\nset xtics scale 0\n"
	    "set boxwidth %.4f absolute\nset ytics format '%%.0f'\n",
	    b->ng - 1, w * 0.92);
	fprintf(gp,
	    "plot for [i=0:%zu] '%s.dat' index i using 1:3 with boxes "
	    "fc rgb tip_col[i+1] title columnheader(3), \\\n"
	    "  for [i=0:%zu] '%s.dat' index i using 1:3:(sprintf('%s', $3)) "
	    "with labels center offset 0,0.6 font ',8' notitle, \\\n"
	    "  '%s.dat' index %zu using 1:(NaN):xticlabels(2) notitle, \\\n",
	    b->ns - 1, s, b->ns - 1, s, b->vfmt, s, b->ns);
	if (nmark > 0)
		marker_plot(gp, s, (int)b->ns + 1, 1);
	fputs("  ", gp);
	chart_gp_marker_keys(out);
	fputc('\n', gp);
}

int
chart_sex_age(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_sel sel = {"victims_identified", "_T", SEL_FLAT,
		SEL_PART, SEL_PART, SEL_FLAT, -1, 0};
	struct chart_codes ages = {0}, sexes = {0};
	struct bars *b = tip_xcalloc(1, sizeof(*b));
	char period[8];

	sel.pcode = chart_sel_latest(ctx->t, sel);
	if (sel.pcode >= 0) {
		chart_codes_collect(&sexes, ctx->t, &sel, DIM_SEX,
		    MAX_BARSERIES);
		for (size_t i = 0; chart_age_order[i] != NULL; i++) {
			struct chart_sel s = sel;
			s.age = chart_age_order[i];
			if (chart_sel_find(ctx->t, &s) != NULL)
				chart_codes_add(&ages, s.age, MAX_GROUPS);
		}
	}
	chart_codes_sort(&sexes, chart_sex_order);
	chart_codes_sort(&ages, chart_age_order);
	chart_period_format(sel.pcode, period);
	chart_gp_begin(out, "victims identified by sex and age group, all "
	    "programmes");
	chart_gp_frame_begin(out);
	chart_gp_titles(out, "Victims identified by sex and age group, all "
	    "programmes", sel.pcode >= 0 ? period : NULL, ctx->as_of,
	    chart_footnote(ctx));
	if (ages.n == 0 || sexes.n == 0) {
		chart_gp_empty_plot(out, "No victim data by sex and age");
		goto out;
	}
	b->ylabel = "victims identified (persons)";
	b->xlabel = "age group";
	b->vfmt = "%.0f";
	b->ng = ages.n;
	b->ns = sexes.n;
	for (size_t g = 0; g < ages.n; g++)
		b->glabel[g] = chart_age_label(ages.v[g]);
	for (size_t i = 0; i < sexes.n; i++) {
		b->slabel[i] = chart_sex_label(sexes.v[i]);
		b->scolour[i] = chart_sex_colour(sexes.v[i]);
		for (size_t g = 0; g < ages.n; g++) {
			struct chart_sel s = sel;
			s.sex = sexes.v[i];
			s.age = ages.v[g];
			b->cell[g][i] = chart_sel_find(ctx->t, &s);
		}
	}
	grouped_bars(out, b);
out:
	chart_gp_frame_end(out);
	chart_codes_release(&ages);
	chart_codes_release(&sexes);
	free(b);
	return 0;
}

static const struct {
	const char *indicator, *label, *colour;
} stages[] = {
	{"persons_investigated", "investigated", "#8C3A00"},
	{"persons_prosecuted", "prosecuted", "#D55E00"},
	{"persons_convicted", "convicted", "#F2A66E"},
};

int
chart_justice_funnel(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_sel sel = {NULL, SEL_PART, SEL_FLAT, SEL_FLAT, SEL_FLAT,
		SEL_FLAT, -1, 0};
	struct chart_codes progs = {0};
	struct bars *b = tip_xcalloc(1, sizeof(*b));
	int latest = -1;
	char period[8];

	/* one period for the three stages: the latest any of them has */
	for (size_t i = 0; i < 3; i++) {
		sel.indicator = stages[i].indicator;
		int p = chart_sel_latest(ctx->t, sel);
		/* a year beats a quarter; among equals the later */
		if (p >= 0 && (latest < 0 || (p % 10 == 0) > (latest % 10 == 0)
		    || ((p % 10 == 0) == (latest % 10 == 0) && p > latest)))
			latest = p;
	}
	sel.pcode = latest;
	if (latest >= 0)
		for (size_t i = 0; i < 3; i++) {
			sel.indicator = stages[i].indicator;
			chart_codes_collect(&progs, ctx->t, &sel,
			    DIM_PROGRAMME, MAX_GROUPS);
		}
	chart_codes_sort(&progs, chart_programme_order);
	chart_period_format(latest, period);
	chart_gp_begin(out, "criminal-justice funnel per programme: persons "
	    "investigated, prosecuted and convicted");
	chart_gp_frame_begin(out);
	chart_gp_titles(out, "Criminal-justice response: persons investigated, "
	    "prosecuted and convicted", latest >= 0 ? period : NULL,
	    ctx->as_of, chart_footnote(ctx));
	if (progs.n == 0) {
		chart_gp_empty_plot(out, "No criminal-justice data");
		goto out;
	}
	b->ylabel = "persons";
	b->xlabel = "programme";
	b->vfmt = "%.0f";
	b->ng = progs.n;
	b->ns = 3;
	for (size_t g = 0; g < progs.n; g++)
		b->glabel[g] = chart_programme_label(progs.v[g]);
	for (size_t i = 0; i < 3; i++) {
		b->slabel[i] = stages[i].label;
		b->scolour[i] = stages[i].colour;
		for (size_t g = 0; g < progs.n; g++) {
			struct chart_sel s = sel;
			s.indicator = stages[i].indicator;
			s.programme = progs.v[g];
			b->cell[g][i] = chart_sel_find(ctx->t, &s);
		}
	}
	grouped_bars(out, b);
out:
	chart_gp_frame_end(out);
	chart_codes_release(&progs);
	free(b);
	return 0;
}

static int
rate_cmp(const void *a, const void *b)
{
	const struct chart_row *x = *(const struct chart_row *const *)a;
	const struct chart_row *y = *(const struct chart_row *const *)b;
	int xo = x->status == CHART_ST_OK, yo = y->status == CHART_ST_OK;

	if (xo != yo)
		return xo ? -1 : 1;
	if (xo && x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->country, y->country);
}

int
chart_sdg_rate(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_sel sel = {"victims_per_100k", SEL_PART, SEL_PART,
		SEL_FLAT, SEL_FLAT, SEL_FLAT, -1, 0};
	const struct chart_row *rows[MAX_COUNTRIES] = {0};
	struct chart_codes progs = {0};
	const char *col[64];
	size_t n = 0, dropped = 0;
	FILE *dat = out->dat, *gp = out->gp;
	double most = 0;
	char period[8];
	int nb = 0, nmark = 0;

	sel.pcode = chart_sel_latest(ctx->t, sel);
	for (size_t i = 0; sel.pcode >= 0 && i < ctx->t->n; i++) {
		const struct chart_row *r = &ctx->t->r[i];
		size_t k;
		if (!chart_sel_match(r, &sel))
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(rows[k]->country, r->country) == 0)
				break;
		if (k < n)
			continue; /* one bar per country */
		if (n == MAX_COUNTRIES) {
			dropped++;
			continue;
		}
		rows[n++] = r;
		if (r->status == CHART_ST_OK && r->value > most)
			most = r->value;
	}
	qsort(rows, n, sizeof(const struct chart_row *), rate_cmp);
	for (size_t k = 0; k < n; k++)
		chart_codes_add(&progs, rows[k]->programme, 64);
	chart_codes_sort(&progs, chart_programme_order);
	chart_period_format(sel.pcode, period);
	chart_gp_begin(out, "SDG 16.2.2: detected victims per 100,000 "
	    "population by country, one colour per programme");
	for (size_t j = 0; j < progs.n; j++)
		col[j] = chart_programme_colour(progs.v[j]);
	chart_gp_colours(out, col, progs.n);
	chart_gp_frame_begin(out);
	chart_gp_titles(out, "SDG 16.2.2: detected victims of trafficking per "
	    "100,000 population", sel.pcode >= 0 ? period : NULL, ctx->as_of,
	    chart_footnote(ctx));
	if (n == 0) {
		chart_gp_empty_plot(out, "No rates per country");
		goto out;
	}
	/* one block per programme (its colour); the top bar is the highest */
	for (size_t j = 0; j < progs.n; j++) {
		if (nb++ > 0)
			fputs("\n\n", dat);
		fputs("\"y\"\t\"country\"\t", dat);
		chart_dat_str(dat, chart_programme_label(progs.v[j]));
		fputs("\t\"status\"\n", dat);
		for (size_t k = 0; k < n; k++) {
			if (strcmp(rows[k]->programme, progs.v[j]) != 0)
				continue;
			fprintf(dat, "%zu\t", n - 1 - k);
			chart_dat_str(dat, chart_country_label(
			    rows[k]->country));
			fputc('\t', dat);
			chart_dat_num(dat, rows[k]->value,
			    rows[k]->status == CHART_ST_OK);
			status_col(dat, rows[k]);
		}
	}
	for (size_t k = 0; k < n; k++)
		marker_row(dat, &nmark, 0, (double)(n - 1 - k), rows[k]);
	fprintf(gp, "set lmargin at screen 0.17\nset rmargin at screen 0.77\n"
	    "set xlabel 'detected victims per 100,000 population'\n"
	    "set xrange [0:%.4f]\nset yrange [-0.6:%zu.6]\n"
	    "set ytics scale 0\nset grid xtics noytics\nset border 1\n",
	    most > 0 ? most * 1.25 : 1.0, n - 1);
	fprintf(gp,
	    "plot for [i=0:%zu] '%s.dat' index i using ($3/2):1:(0):3:"
	    "($1-0.35):($1+0.35):yticlabels(2) with boxxyerror "
	    "fc rgb tip_col[i+1] title columnheader(3), \\\n"
	    "  for [i=0:%zu] '%s.dat' index i using 3:1:(sprintf('%%.2f', $3)) "
	    "with labels left offset 0.6,0 font ',8' notitle, \\\n",
	    progs.n - 1, out->stem, progs.n - 1, out->stem);
	if (nmark > 0)
		marker_plot(gp, out->stem, (int)progs.n, 0);
	fputs("  ", gp);
	chart_gp_marker_keys(out);
	fputc('\n', gp);
out:
	chart_gp_frame_end(out);
	chart_codes_release(&progs);
	(void)dropped;
	return 0;
}
