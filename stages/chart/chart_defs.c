/*
 * The time-series and share charts: the three-P overview, victims per
 * quarter, forms of exploitation, and data quality per office. Each writes
 * its .dat (labels from data live only there) and its .gp. The bar charts
 * are in chart_bars.c; the common look in chart_gp.c.
 */
#include <stdlib.h>
#include <string.h>

#include "chart_defs.h"
#include "chart_select.h"
#include "tip_datadir.h"

#define MAX_QUARTERS 40   /* ten years on one axis */
#define MAX_SERIES 12     /* programmes or forms in one chart */
#define MAX_OFFICES 30    /* bars in the data-quality chart */

const struct chart_def chart_defs[] = {
	{"overview", chart_overview},
	{"victims_quarterly", chart_victims_quarterly},
	{"exploitation", chart_exploitation},
	{"sex_age", chart_sex_age},
	{"justice_funnel", chart_justice_funnel},
	{"sdg_rate", chart_sdg_rate},
	{"data_quality", chart_data_quality},
	{NULL, NULL},
};

/* Point type per programme, so lines differ by more than colour. */
static int
programme_pt(const char *code)
{
	static const int pt[] = {7, 5, 9, 13, 11, 15};

	for (int i = 0; chart_programme_order[i] != NULL; i++)
		if (strcmp(chart_programme_order[i], code) == 0)
			return pt[i];
	return 4;
}

const char *
chart_footnote(const struct chart_ctx *ctx)
{
	if (ctx->restricted)
		return "RESTRICTED: built from unsuppressed indicators.csv; "
		    "not for publication.  Source: UN.GIFT Joint Programmes.";
	return "Source: UN.GIFT Joint Programmes, public aggregates. Counts "
	    "below the disclosure threshold are suppressed to protect "
	    "victims.";
}

void
chart_period_range(int first, int last, char buf[32])
{
	char a[8], b[8];

	chart_period_format(first, a);
	chart_period_format(last, b);
	if (first == last)
		snprintf(buf, 32, "%s", a);
	else
		snprintf(buf, 32, "%s\xe2\x80\x93%s", a, b); /* en dash */
}

static void
programme_arrays(struct chart_out *out, const struct chart_codes *p)
{
	const char *col[64];

	for (size_t i = 0; i < p->n; i++)
		col[i] = chart_programme_colour(p->v[i]);
	chart_gp_colours(out, col, p->n);
	fprintf(out->gp, "array tip_pt[%zu]\n", p->n > 0 ? p->n : 1);
	for (size_t i = 0; i < p->n; i++)
		fprintf(out->gp, "tip_pt[%zu] = %d\n", i + 1,
		    programme_pt(p->v[i]));
}

/*
 * One block per programme: x, period, value, suppressed marker, no-data
 * marker. A quarter without a row inside the programme's own reporting
 * range counts as no data; outside it the line simply does not start.
 */
static double
quarterly_blocks(struct chart_out *out, const struct chart_table *t,
    const char *ind, const struct chart_codes *progs, int q0, int nq,
    int *nblocks)
{
	FILE *dat = out->dat;
	double most = -1;

	for (size_t j = 0; j < progs->n; j++) {
		struct chart_sel sel = {ind, progs->v[j], SEL_FLAT, SEL_FLAT,
			SEL_FLAT, SEL_FLAT, -1, 'q'};
		int lo = -1, hi = -1;

		for (size_t i = 0; i < t->n; i++) {
			if (!chart_sel_match(&t->r[i], &sel))
				continue;
			if (lo < 0 || t->r[i].pcode < lo)
				lo = t->r[i].pcode;
			if (t->r[i].pcode > hi)
				hi = t->r[i].pcode;
		}
		if (*nblocks > 0)
			fputs("\n\n", dat);
		(*nblocks)++;
		fputs("\"x\"\t\"period\"\t", dat);
		chart_dat_str(dat, chart_programme_label(progs->v[j]));
		fputs("\t\"suppressed\"\t\"no data\"\n", dat);
		for (int k = 0; k < nq; k++) {
			const struct chart_row *r;
			enum chart_status st;
			char p[8];

			sel.pcode = chart_quarter_add(q0, k);
			r = chart_sel_find(t, &sel);
			st = r != NULL ? r->status : CHART_ST_ABSENT;
			if (st == CHART_ST_ABSENT && lo >= 0 &&
			    sel.pcode > lo && sel.pcode < hi)
				st = CHART_ST_NO_DATA;
			chart_period_format(sel.pcode, p);
			if (st == CHART_ST_OK && r->value > most)
				most = r->value;
			fprintf(dat, "%d\t\"%s\"\t", k, p);
			chart_dat_num(dat, r ? r->value : 0,
			    st == CHART_ST_OK);
			fprintf(dat, "\t%s\t%s\n",
			    st == CHART_ST_SUPPRESSED ? "0" : "NaN",
			    st == CHART_ST_NO_DATA ? "0" : "NaN");
		}
	}
	return most;
}

/*
 * The y axis of a count panel. Small counts get whole-number ticks (the
 * default steps of 0.2 would print "0 0 1 1" with integer labels); a
 * panel without a single disclosed value says so.
 */
static void
count_yaxis(struct chart_out *out, double most)
{
	if (most < 0)
		fputs("set yrange [0:5]\nset ytics 1\nset label 104 "
		    "'no disclosed values' at graph 0.5, graph 0.55 center "
		    "textcolor rgb '#777777'\n", out->gp);
	else if (most < 5)
		fputs("set yrange [0:5]\nset ytics 1\nunset label 104\n",
		    out->gp);
	else
		fputs("set yrange [0:*]\nset ytics autofreq\n"
		    "unset label 104\n", out->gp);
	fputs("set ytics format '%.0f'\n", out->gp);
}

static void
quarter_xtics(struct chart_out *out, int q0, int nq, int room)
{
	fputs("set xtics scale 0.5 (", out->gp);
	for (int k = 0; k < nq; k++) {
		int pc = chart_quarter_add(q0, k);
		char p[8];

		if (nq <= room)
			chart_period_format(pc, p);
		else if (pc % 10 == 1)
			chart_period_format(pc - 1, p); /* the year at Q1 */
		else
			p[0] = '\0';
		fputs(k ? ", " : "", out->gp);
		chart_gp_str(out, p);
		fprintf(out->gp, " %d", k);
	}
	fputs(")\n", out->gp);
	fprintf(out->gp, "set xrange [-0.5:%d.5]\n", nq > 0 ? nq - 1 : 0);
}

/* The plot command of one quarterly panel over blocks b0..b0+n-1. */
static void
quarterly_plot(struct chart_out *out, int b0, size_t n, int keys)
{
	fprintf(out->gp,
	    "plot for [i=0:%zu] '%s.dat' index (%d+i) using 1:3 with "
	    "linespoints lw 2 pt tip_pt[i+1] ps 1.1 lc rgb tip_col[i+1] "
	    "%s, \\\n"
	    "  for [i=0:%zu] '%s.dat' index (%d+i) using "
	    "($1+(i-%zu/2.0)*0.06):4 with points "
	    "pt 6 ps 1.2 lw 1.5 lc rgb tip_col[i+1] notitle, \\\n"
	    "  for [i=0:%zu] '%s.dat' index (%d+i) using "
	    "($1+(i-%zu/2.0)*0.06):5 with points "
	    "pt 2 ps 1.0 lw 1.5 lc rgb tip_col[i+1] notitle",
	    n - 1, out->stem, b0, keys ? "title columnheader(3)" : "notitle",
	    n - 1, out->stem, b0, n - 1, n - 1, out->stem, b0, n - 1);
	if (keys) {
		fputs(", \\\n  ", out->gp);
		chart_gp_marker_keys(out);
	}
	fputc('\n', out->gp);
}

static const struct {
	const char *pillar, *indicator, *title, *unit;
} key_ind[] = {
	{"prevention", "prevention_participants",
	    "Prevention: people reached", "participants"},
	{"protection", "victims_identified", "Protection: victims identified",
	    "victims"},
	{"prosecution", "persons_convicted", "Prosecution: persons convicted",
	    "persons"},
	{"partnership", "coordination_events",
	    "Partnership: coordination events", "events"},
};

int
chart_overview(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_codes progs = {0};
	int q0 = 0, nq = 0, lo = -1, hi = -1, keyp = -1, nblocks = 0;
	double most[4];
	FILE *gp = out->gp;
	char range[32];

	/* one x axis for all four panels: the union of their quarters */
	for (size_t p = 0; p < 4; p++) {
		struct chart_sel sel = {key_ind[p].indicator, SEL_PART,
			SEL_FLAT, SEL_FLAT, SEL_FLAT, SEL_FLAT, -1, 'q'};
		int f, n = chart_sel_quarters(ctx->t, sel, 100000, &f);
		if (n == 0)
			continue;
		int l = chart_quarter_add(f, n - 1);
		lo = lo < 0 || f < lo ? f : lo;
		hi = l > hi ? l : hi;
		if (keyp < 0)
			keyp = (int)p;
		chart_codes_collect(&progs, ctx->t, &sel, DIM_PROGRAMME,
		    MAX_SERIES);
	}
	if (lo >= 0) {
		nq = ((hi / 10) * 4 + hi % 10) - ((lo / 10) * 4 + lo % 10) + 1;
		if (nq > MAX_QUARTERS)
			nq = MAX_QUARTERS;
		q0 = chart_quarter_add(hi, -(nq - 1));
	}
	chart_codes_sort(&progs, chart_programme_order);
	chart_gp_begin(out, "three-P overview: the key indicator of each "
	    "pillar per quarter and programme");
	programme_arrays(out, &progs);
	chart_gp_frame_begin(out);
	if (nq > 0)
		chart_period_range(q0, chart_quarter_add(q0, nq - 1), range);
	chart_gp_titles(out, "Three-P overview: key indicator per pillar and "
	    "quarter", nq > 0 ? range : NULL, ctx->as_of, chart_footnote(ctx));
	if (nq == 0 || progs.n == 0) {
		chart_gp_empty_plot(out, "No quarterly data in the aggregates");
		chart_gp_frame_end(out);
		chart_codes_release(&progs);
		return 0;
	}
	for (size_t p = 0; p < 4; p++)
		most[p] = quarterly_blocks(out, ctx->t, key_ind[p].indicator,
		    &progs, q0, nq, &nblocks);
	fputs("set multiplot\n", gp);
	for (size_t p = 0; p < 4; p++) {
		double l = 0.08 + (double)(p % 2) * 0.37;
		double top = 0.82 - (p >= 2 ? 0.39 : 0.0);
		struct chart_sel sel = {key_ind[p].indicator, SEL_PART,
			SEL_FLAT, SEL_FLAT, SEL_FLAT, SEL_FLAT, -1, 'q'};

		fprintf(gp, "set lmargin at screen %.2f\nset rmargin at screen "
		    "%.2f\nset tmargin at screen %.2f\nset bmargin at screen "
		    "%.2f\n", l, l + 0.31, top, top - 0.28);
		fputs("set title ", gp);
		chart_gp_str(out, key_ind[p].title);
		fprintf(gp, " font ',11' textcolor rgb '%s'\n",
		    chart_pillar_colour(key_ind[p].pillar));
		fputs("set ylabel ", gp);
		chart_gp_str(out, key_ind[p].unit);
		fputs("\nunset label 103\nset xtics font ',8'\n", gp);
		count_yaxis(out, most[p]);
		quarter_xtics(out, q0, nq, 6);
		if (chart_sel_find(ctx->t, &sel) == NULL) {
			fputs("unset label 104\n"
			    "set label 103 'no data reported' at graph 0.5, "
			    "graph 0.5 center textcolor rgb '#777777'\n"
			    "set yrange [0:1]\n", gp);
			fputs("plot NaN notitle\n", gp);
		} else {
			quarterly_plot(out, (int)(p * progs.n), progs.n,
			    (int)p == keyp);
		}
		if (p == 0)
			fputs("unset label 100\nunset label 101\n"
			    "unset label 102\n", gp);
	}
	fputs("unset multiplot\n", gp);
	chart_gp_frame_end(out);
	chart_codes_release(&progs);
	return 0;
}

int
chart_victims_quarterly(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_sel sel = {"victims_identified", SEL_PART, SEL_FLAT,
		SEL_FLAT, SEL_FLAT, SEL_FLAT, -1, 'q'};
	struct chart_codes progs = {0};
	int q0 = 0, nq, nblocks = 0;
	char range[32];

	nq = chart_sel_quarters(ctx->t, sel, MAX_QUARTERS, &q0);
	chart_codes_collect(&progs, ctx->t, &sel, DIM_PROGRAMME, MAX_SERIES);
	chart_codes_sort(&progs, chart_programme_order);
	chart_gp_begin(out, "victims identified per quarter, one line per "
	    "programme");
	programme_arrays(out, &progs);
	chart_gp_frame_begin(out);
	if (nq > 0)
		chart_period_range(q0, chart_quarter_add(q0, nq - 1), range);
	chart_gp_titles(out, "Victims of trafficking identified per quarter",
	    nq > 0 ? range : NULL, ctx->as_of, chart_footnote(ctx));
	if (nq == 0 || progs.n == 0) {
		chart_gp_empty_plot(out, "No quarterly victim data");
	} else {
		double most = quarterly_blocks(out, ctx->t, sel.indicator,
		    &progs, q0, nq, &nblocks);
		fputs("set ylabel 'victims identified (persons)'\n"
		    "set xlabel 'quarter'\n", out->gp);
		count_yaxis(out, most);
		quarter_xtics(out, q0, nq, 12);
		quarterly_plot(out, 0, progs.n, 1);
	}
	chart_gp_frame_end(out);
	chart_codes_release(&progs);
	return 0;
}

int
chart_exploitation(const struct chart_ctx *ctx, struct chart_out *out)
{
	struct chart_sel sel = {"victims_identified", SEL_PART, SEL_FLAT,
		SEL_FLAT, SEL_FLAT, SEL_PART, -1, 0};
	struct chart_codes progs = {0}, forms = {0};
	const char *col[64];
	FILE *dat = out->dat, *gp = out->gp;
	double *sum = NULL;
	int *nsup = NULL, *nok = NULL;
	char period[8];

	sel.pcode = chart_sel_latest(ctx->t, sel);
	if (sel.pcode >= 0) {
		chart_codes_collect(&progs, ctx->t, &sel, DIM_PROGRAMME,
		    MAX_SERIES);
		chart_codes_collect(&forms, ctx->t, &sel, DIM_EXPL,
		    MAX_SERIES);
	}
	chart_codes_sort(&progs, chart_programme_order);
	chart_codes_sort(&forms, chart_expl_order);
	chart_gp_begin(out, "victims by form of exploitation per programme, "
	    "stacked shares of the disclosed counts");
	for (size_t f = 0; f < forms.n; f++)
		col[f] = chart_expl_colour(forms.v[f]);
	chart_gp_colours(out, col, forms.n);
	chart_gp_frame_begin(out);
	chart_period_format(sel.pcode, period);
	chart_gp_titles(out, "Victims identified by form of exploitation",
	    sel.pcode >= 0 ? period : NULL, ctx->as_of,
	    ctx->restricted ? chart_footnote(ctx) :
	    "Shares of disclosed counts; a victim may suffer several forms. "
	    "Suppressed small counts are left out and noted above the bar.");
	if (progs.n == 0 || forms.n == 0) {
		chart_gp_empty_plot(out, "No victim data by form of "
		    "exploitation");
		goto out;
	}
	sum = tip_xcalloc(progs.n, sizeof(*sum));
	nsup = tip_xcalloc(progs.n, sizeof(*nsup));
	nok = tip_xcalloc(progs.n, sizeof(*nok));
	for (size_t j = 0; j < progs.n; j++) {
		for (size_t f = 0; f < forms.n; f++) {
			struct chart_sel s = sel;
			const struct chart_row *r;
			s.programme = progs.v[j];
			s.expl = forms.v[f];
			r = chart_sel_find(ctx->t, &s);
			if (r != NULL && r->status == CHART_ST_OK &&
			    r->value > 0) {
				sum[j] += r->value;
				nok[j]++;
			} else if (r != NULL &&
			    r->status == CHART_ST_SUPPRESSED) {
				nsup[j]++;
			} else if (r != NULL && r->status == CHART_ST_OK) {
				nok[j]++;
			}
		}
	}
	/* one block per form: x, programme, share, bottom, top, count */
	for (size_t f = 0; f < forms.n; f++) {
		if (f > 0)
			fputs("\n\n", dat);
		fputs("\"x\"\t\"programme\"\t", dat);
		chart_dat_str(dat, chart_expl_label(forms.v[f]));
		fputs("\t\"bottom %\"\t\"top %\"\t\"victims\"\t\"status\"\n",
		    dat);
		for (size_t j = 0; j < progs.n; j++) {
			struct chart_sel s = sel;
			const struct chart_row *r;
			double below = 0, pct = 0;
			int ok;

			s.programme = progs.v[j];
			for (size_t g = 0; g < f; g++) {
				s.expl = forms.v[g];
				r = chart_sel_find(ctx->t, &s);
				if (r != NULL && r->status == CHART_ST_OK)
					below += r->value;
			}
			s.expl = forms.v[f];
			r = chart_sel_find(ctx->t, &s);
			ok = r != NULL && r->status == CHART_ST_OK &&
			    sum[j] > 0;
			if (ok)
				pct = 100.0 * r->value / sum[j];
			fprintf(dat, "%zu\t", j);
			chart_dat_str(dat, chart_programme_label(progs.v[j]));
			fputc('\t', dat);
			chart_dat_num(dat, pct, ok);
			fputc('\t', dat);
			chart_dat_num(dat, 100.0 * below / (sum[j] > 0 ?
			    sum[j] : 1), ok);
			fputc('\t', dat);
			chart_dat_num(dat, 100.0 * below / (sum[j] > 0 ?
			    sum[j] : 1) + pct, ok);
			fputc('\t', dat);
			chart_dat_num(dat, r ? r->value : 0,
			    r != NULL && r->status == CHART_ST_OK);
			fprintf(dat, "\t\"%s\"\n", r == NULL ? "absent" :
			    r->status == CHART_ST_OK ? "ok" :
			    r->status == CHART_ST_SUPPRESSED ? "suppressed" :
			    "no data");
		}
	}
	/* notes block: the disclosed total and what each bar leaves out */
	fputs("\n\n\"x\"\t\"programme\"\t\"victims\"\t\"left out\"\t\"y\"\n",
	    dat);
	for (size_t j = 0; j < progs.n; j++) {
		char n1[40], n2[40];
		double y = 100;

		n2[0] = '\0';
		if (sum[j] <= 0 && nsup[j] > 0) {
			snprintf(n1, sizeof(n1), "all suppressed");
			y = 50;
		} else if (sum[j] <= 0) {
			snprintf(n1, sizeof(n1), "no data");
			y = 50;
		} else {
			snprintf(n1, sizeof(n1), "n=%.0f", sum[j]);
			if (nsup[j] > 0)
				snprintf(n2, sizeof(n2), "%d suppressed",
				    nsup[j]);
		}
		fprintf(dat, "%zu\t", j);
		chart_dat_str(dat, chart_programme_label(progs.v[j]));
		fprintf(dat, "\t\"%s\"\t\"%s\"\t%.0f\n", n1, n2, y);
	}
	fprintf(gp, "set ylabel 'share of victims identified (%%)'\n"
	    "set yrange [0:112]\nset ytics 0,20,100\n"
	    "set xrange [-0.6:%zu.6]\nset xtics scale 0 font ',9'\n"
	    "set grid noytics\n"
	    "set style fill solid 1.0 border rgb '#ffffff'\n", progs.n - 1);
	fprintf(gp, "plot for [i=0:%zu] '%s.dat' index i using "
	    "1:(($4+$5)/2):($1-0.36):($1+0.36):4:5 with boxxyerror "
	    "fc rgb tip_col[i+1] title columnheader(3), \\\n"
	    "  '%s.dat' index %zu using 1:5:3:xticlabels(2) with labels "
	    "center offset 0,1.6 font ',8' textcolor rgb '#333333' notitle, "
	    "\\\n  '%s.dat' index %zu using 1:5:4 with labels "
	    "center offset 0,0.6 font ',8' textcolor rgb '#555555' notitle\n",
	    forms.n - 1, out->stem, out->stem, forms.n, out->stem, forms.n);
out:
	chart_gp_frame_end(out);
	free(sum);
	free(nsup);
	free(nok);
	chart_codes_release(&progs);
	chart_codes_release(&forms);
	return 0;
}

/*
 * A bar: one submission, or, when there are too many for one chart, an
 * office (programme and agency) summed over its submissions.
 */
struct office {
	const char *programme, *agency, *period; /* borrowed from the subs */
	long long accepted, rejected;
	int subs;
};

int
chart_data_quality(const struct chart_ctx *ctx, struct chart_out *out)
{
	const struct chart_subs *s = ctx->subs;
	struct office *of = tip_xcalloc(MAX_OFFICES, sizeof(*of));
	size_t n = 0, dropped = 0;
	int first = -1, last = -1;
	FILE *dat = out->dat, *gp = out->gp;
	char range[32], foot[200];
	long long most = 0;
	/* the subs are sorted by office, so bars come grouped by office */
	int per_sub = s->n <= MAX_OFFICES;

	for (size_t i = 0; i < s->n; i++) {
		const struct chart_sub *x = &s->s[i];
		int pc = chart_period_parse(x->period);
		size_t k = n;

		for (size_t j = 0; j < n && !per_sub; j++)
			if (strcmp(of[j].programme, x->programme) == 0 &&
			    strcmp(of[j].agency, x->agency) == 0) {
				k = j;
				break;
			}
		if (k == n) {
			if (n == MAX_OFFICES) {
				dropped++;
				continue;
			}
			of[n].programme = x->programme;
			of[n].agency = x->agency;
			of[n].period = x->period;
			n++;
		}
		/* totals of at most 100000 reports of int64 counts: clamp */
		if (of[k].accepted < (1LL << 50))
			of[k].accepted += x->accepted < (1LL << 40) ?
			    x->accepted : (1LL << 40);
		if (of[k].rejected < (1LL << 50))
			of[k].rejected += x->rejected < (1LL << 40) ?
			    x->rejected : (1LL << 40);
		of[k].subs++;
		if (pc >= 0) {
			if (first < 0 || pc < first)
				first = pc;
			if (pc > last)
				last = pc;
		}
	}
	chart_gp_begin(out, per_sub ? "data quality: accepted and rejected "
	    "rows per submission, grouped by office (programme and agency)" :
	    "data quality: accepted and rejected rows per office (programme "
	    "and agency), summed over its submissions");
	chart_gp_frame_begin(out);
	if (first >= 0)
		chart_period_range(first, last, range);
	snprintf(foot, sizeof(foot), "Source: validated/*/report.json of "
	    "the current submissions.%s Bar label: share of rows rejected%s.",
	    dropped ? " Further offices left out." : "",
	    per_sub ? "" : " and number of submissions");
	chart_gp_titles(out, per_sub ? "Data quality: rows accepted and "
	    "rejected per submission" : "Data quality: rows accepted and "
	    "rejected per office", first >= 0 ? range : NULL, ctx->as_of,
	    foot);
	if (n == 0) {
		chart_gp_empty_plot(out, "No validated submissions");
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		if (of[k].accepted + of[k].rejected > most)
			most = of[k].accepted + of[k].rejected;
	/* top to bottom in list order: y = n-1-k */
	fputs("\"y\"\t\"office\"\t\"accepted rows\"\t\"from\"\t\"to\"\n", dat);
	for (size_t k = 0; k < n; k++) {
		char *lab = per_sub ? tip_strdupf("%s %s %s", of[k].programme,
		    of[k].agency, of[k].period) : tip_strdupf("%s %s",
		    chart_programme_label(of[k].programme), of[k].agency);
		fprintf(dat, "%zu\t", n - 1 - k);
		chart_dat_str(dat, lab);
		fprintf(dat, "\t%lld\t0\t%lld\n", of[k].accepted,
		    of[k].accepted);
		free(lab);
	}
	fputs("\n\n\"y\"\t\"office\"\t\"rejected rows\"\t\"from\"\t\"to\"\n",
	    dat);
	for (size_t k = 0; k < n; k++) {
		fprintf(dat, "%zu\t\"\"\t%lld\t%lld\t%lld\n", n - 1 - k,
		    of[k].rejected, of[k].accepted,
		    of[k].accepted + of[k].rejected);
	}
	fputs("\n\n\"y\"\t\"office\"\t\"note\"\t\"x\"\n", dat);
	for (size_t k = 0; k < n; k++) {
		long long tot = of[k].accepted + of[k].rejected;
		double share = tot > 0 ?
		    100.0 * (double)of[k].rejected / (double)tot : 0.0;
		if (per_sub)
			fprintf(dat, "%zu\t\"\"\t\"%.1f%% rejected\"\t%lld\n",
			    n - 1 - k, share, tot);
		else
			fprintf(dat, "%zu\t\"\"\t\"%.1f%% rejected, %d "
			    "submission%s\"\t%lld\n", n - 1 - k, share,
			    of[k].subs, of[k].subs == 1 ? "" : "s", tot);
	}
	fprintf(gp, "set lmargin at screen 0.20\nset rmargin at screen 0.80\n"
	    "set xlabel 'rows (records submitted)'\n"
	    "set xrange [0:%lld]\nset yrange [-0.6:%zu.6]\n"
	    "set ytics scale 0 font ',9'\nset grid xtics noytics\n"
	    "set border 1\nset xtics format '%%.0f'\n",
	    most + most / 3 + 1, n - 1);
	fprintf(gp, "set key at screen 0.82, screen 0.85 left top\n"
	    "plot '%s.dat' index 0 using (($4+$5)/2):1:4:5:($1-0.35):($1+0.35)"
	    ":yticlabels(2) with boxxyerror fc rgb '#009E73' "
	    "title columnheader(3), \\\n"
	    "  '%s.dat' index 1 using (($4+$5)/2):1:4:5:($1-0.35):($1+0.35) "
	    "with boxxyerror fc rgb '#D55E00' title columnheader(3), \\\n"
	    "  '%s.dat' index 2 using 4:1:3 with labels left offset 0.8,0 "
	    "font ',8' textcolor rgb '#333333' notitle\n",
	    out->stem, out->stem, out->stem);
out:
	chart_gp_frame_end(out);
	free(of);
	return 0;
}
