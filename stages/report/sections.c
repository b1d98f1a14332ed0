/*
 * The page: header, key figures, charts, indicator tables, disaggregations,
 * consistency checks, data-quality annex, provenance and methods. Every
 * data-derived string goes through rep_html_esc; tables are built as
 * rep_table objects so that the CSV files say the same as the page.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "labels.h"
#include "report.h"
#include "tip_datadir.h"

#define esc rep_html_esc

/* --- helpers --- */

/* A table slug from parts: [a-z0-9_-] only, unique among cx's tables. */
static char *
make_slug(struct rep_ctx *cx, const char *a, const char *b, const char *c)
{
	char *s = tip_strdupf("%s%s%s%s%s", a, b ? "-" : "", b ? b : "",
	    c ? "-" : "", c ? c : "");
	for (char *p = s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
		    || *p == '_' || *p == '-'))
			*p = '-';
	}
	if (strlen(s) > 80)
		s[80] = '\0';
	char *base = s;
	for (int n = 2;; n++) {
		int clash = 0;
		for (size_t i = 0; i < cx->ntab && !clash; i++)
			clash = strcmp(cx->tab[i]->slug, s) == 0;
		if (!clash)
			break;
		if (s != base)
			free(s);
		s = tip_strdupf("%s-%d", base, n);
	}
	if (s != base)
		free(base);
	return s;
}

/*
 * The pillar is part of the key: it is that of any row of the indicator.
 * Remembered per indicator (they are few) so that a lookup does not scan
 * the rows.
 */
static const char *
pillar_of(const struct rep_ctx *cx, const char *ind)
{
	static struct {
		const struct rep_row *rows; /* identifies the loaded index */
		const char *ind, *pillar;
	} memo[128];
	static size_t nmemo;
	const struct rep_row *r = NULL;

	for (size_t m = 0; m < nmemo; m++)
		if (memo[m].rows == cx->ix.rows && strcmp(memo[m].ind, ind) == 0)
			return memo[m].pillar;
	for (size_t i = 0; i < cx->ix.n && r == NULL; i++)
		if (strcmp(cx->ix.rows[i].f[RC_INDICATOR], ind) == 0)
			r = &cx->ix.rows[i];
	if (r == NULL)
		return NULL;
	if (nmemo < sizeof(memo) / sizeof(memo[0])) {
		/* Strings owned by the index, which outlives every lookup. */
		memo[nmemo].rows = cx->ix.rows;
		memo[nmemo].ind = r->f[RC_INDICATOR];
		memo[nmemo++].pillar = r->f[RC_PILLAR];
	}
	return r->f[RC_PILLAR];
}

static const struct rep_row *
find(const struct rep_ctx *cx, const char *ind, const char *prog,
    const char *country, const char *period, int dim, const char *dv)
{
	const char *key[RC_NKEY];

	for (int c = 0; c < RC_NKEY; c++)
		key[c] = "_T";
	key[RC_INDICATOR] = ind;
	key[RC_PILLAR] = NULL;
	key[RC_PROGRAMME] = prog;
	key[RC_COUNTRY] = country;
	key[RC_PERIOD] = period;
	if (dim >= RC_FIRST_DIM && dim <= RC_LAST_DIM)
		key[dim] = dv;
	key[RC_PILLAR] = pillar_of(cx, ind);
	if (key[RC_PILLAR] == NULL)
		return NULL;
	return rep_indic_find(&cx->ix, key);
}

static int
mark_of(const char *status)
{
	if (strcmp(status, "ok") == 0)
		return RM_VALUE;
	if (strcmp(status, "suppressed") == 0)
		return RM_SUPPRESSED;
	if (strcmp(status, "zero_denominator") == 0)
		return RM_ZERODEN;
	if (strcmp(status, "overflow") == 0)
		return RM_OVERFLOW;
	return RM_NODATA;
}

/*
 * 0: not a percentage; 1: a share in 0..1 to show as a percentage; 2: a
 * value already in percent (tip-aggregate's unit "percent").
 */
static int
is_percent(const char *ind, const struct rep_row *r)
{
	const struct rep_indicator_info *ii = rep_indicator_info(ind);

	if (r != NULL && strcmp(r->f[RC_UNIT], "percent") == 0)
		return 2;
	if (ii != NULL)
		return ii->percent;
	return r != NULL && (strcmp(r->f[RC_UNIT], "share") == 0 ||
	    strcmp(r->f[RC_UNIT], "proportion") == 0);
}

/* Fills cell (ri, ci) from an indicator row (NULL: not in the data). */
static void
value_cell_s(struct rep_table *t, size_t ri, size_t ci, const char *ind,
    const struct rep_row *r, unsigned extra)
{
	char buf[64];

	if (r == NULL)
		return; /* stays RM_EMPTY */
	int m = mark_of(r->f[RC_STATUS]);
	if (m == RM_VALUE && r->f[RC_VALUE][0] == '\0')
		m = RM_NODATA;
	if (m != RM_VALUE) {
		rep_table_set(t, ri, ci, NULL, NULL, m, RS_NUM | extra);
		return;
	}
	const char *v = rep_format_value(r->f[RC_VALUE], is_percent(ind, r),
	    buf);
	rep_table_set(t, ri, ci, v != NULL ? v : r->f[RC_VALUE],
	    r->f[RC_VALUE], RM_VALUE, RS_NUM | extra);
}

static void
value_cell(struct rep_table *t, size_t ri, size_t ci, const char *ind,
    const struct rep_row *r)
{
	value_cell_s(t, ri, ci, ind, r, 0);
}

static const char *
indicator_title(const char *ind)
{
	const struct rep_indicator_info *ii = rep_indicator_info(ind);

	return ii != NULL ? ii->title : ind;
}

static enum rep_pillar
indicator_pillar(const struct rep_ctx *cx, const char *ind)
{
	const struct rep_indicator_info *ii = rep_indicator_info(ind);

	if (ii != NULL)
		return ii->pillar;
	for (size_t i = 0; i < cx->ix.n; i++)
		if (strcmp(cx->ix.rows[i].f[RC_INDICATOR], ind) == 0)
			return rep_pillar_from(cx->ix.rows[i].f[RC_PILLAR]);
	return RP_OTHER;
}

static char *
programme_label(const char *code)
{
	const char *n = rep_programme_name(code);

	if (strcmp(code, "_T") == 0)
		return tip_xstrdup("All programmes");
	return n != NULL ? tip_strdupf("%s (%s)", n, code) :
	    tip_xstrdup(code);
}

/* Indicators in the data, catalogue order, unknown ones by name. */
static char **
indicators(const struct rep_ctx *cx, size_t *n)
{
	char **v = NULL;

	*n = 0;
	for (size_t i = 0; i < cx->ix.n; i++) {
		const char *id = cx->ix.rows[i].f[RC_INDICATOR];
		int seen = 0;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = strcmp(v[k], id) == 0;
		if (seen || *id == '\0' || *n >= 200)
			continue;
		v = tip_xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = cx->ix.rows[i].f[RC_INDICATOR];
	}
	/* insertion sort: few items, stable */
	for (size_t i = 1; i < *n; i++)
		for (size_t k = i; k > 0; k--) {
			int ra = rep_indicator_rank(v[k - 1]);
			int rb = rep_indicator_rank(v[k]);
			if (ra < rb || (ra == rb && strcmp(v[k - 1], v[k]) <= 0))
				break;
			char *tmp = v[k];
			v[k] = v[k - 1];
			v[k - 1] = tmp;
		}
	return v;
}

static char *
key_label(const struct rep_ctx *cx)
{
	char pb[32];

	if (cx->key_period == NULL)
		return tip_xstrdup("no period");
	if (cx->annual && cx->key_quarters > 0 && cx->key_quarters < 4)
		return tip_strdupf("%s (%d of 4 quarters reported)",
		    cx->key_period, cx->key_quarters);
	return tip_xstrdup(rep_period_label(cx->key_period, pb));
}

static char *
period_covered(const struct rep_ctx *cx)
{
	const char *first = NULL, *last = NULL;
	char a[32], b[32];
	int want = 2;

	for (int pass = 0; pass < 2 && first == NULL; pass++, want = 1)
		for (size_t i = 0; i < cx->nper; i++)
			if (rep_period_kind(cx->periods[i]) == want) {
				if (first == NULL)
					first = cx->periods[i];
				last = cx->periods[i];
			}
	if (first == NULL)
		return tip_xstrdup("no data");
	if (strcmp(first, last) == 0)
		return tip_xstrdup(rep_period_label(first, a));
	return tip_strdupf("%s \xE2\x80\x93 %s", rep_period_label(first, a),
	    rep_period_label(last, b));
}

/* --- header --- */

static void
page_head(struct rep_ctx *cx, FILE *fp)
{
	char *covered = period_covered(cx);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"generator\" content=\"tip-report " TIP_VERSION "\">\n"
	    "<title>", fp);
	esc(fp, cx->o->title);
	fputs("</title>\n<style>\n", fp);
	fputs(rep_css, fp);
	fputs("</style>\n</head>\n<body>\n", fp);
	fputs("<header class=\"top\"><div class=\"wrap\">\n"
	    "<p class=\"kicker\">UN.GIFT &middot; Joint Programmes against "
	    "Trafficking in Persons</p>\n<h1>", fp);
	esc(fp, cx->o->title);
	fputs("</h1>\n<dl>\n<div><dt>Period covered</dt><dd>", fp);
	esc(fp, covered);
	fputs("</dd></div>\n<div><dt>Data as of</dt><dd>", fp);
	esc(fp, cx->meta.as_of[0] ? cx->meta.as_of : "not stated");
	fprintf(fp, "</dd></div>\n<div><dt>Programmes</dt><dd>%zu</dd></div>\n",
	    cx->nprog);
	fprintf(fp, "<div><dt>Edition</dt><dd>%s</dd></div>\n</dl>\n",
	    cx->o->restricted ? "Restricted: unsuppressed" :
	    "Public: small cells suppressed");
	fputs("</div></header>\n<div class=\"strip\" aria-hidden=\"true\">", fp);
	for (int p = 0; p < RP_OTHER; p++)
		fprintf(fp, "<span style=\"background:%s\"></span>",
		    rep_pillar_colour(p));
	fputs("</div>\n", fp);
	fputs("<nav class=\"toc\" aria-label=\"Contents\"><div class=\"wrap\">"
	    "<ol><li><a href=\"#key\">Key figures</a></li>"
	    "<li><a href=\"#charts\">Charts</a></li>"
	    "<li><a href=\"#tables\">Indicator tables</a></li>"
	    "<li><a href=\"#breakdowns\">Disaggregations</a></li>"
	    "<li><a href=\"#checks\">Consistency checks</a></li>"
	    "<li><a href=\"#quality\">Data quality</a></li>"
	    "<li><a href=\"#provenance\">Provenance</a></li>"
	    "<li><a href=\"#methods\">Methods</a></li></ol></div></nav>\n", fp);
	fputs("<main class=\"wrap\">\n", fp);
	if (cx->o->restricted)
		fputs("<p class=\"edition\" role=\"note\"><strong>Restricted "
		    "edition.</strong> Small cells are not suppressed in this "
		    "report. Do not publish or forward it outside the "
		    "programme.</p>\n", fp);
	free(covered);
}

/* --- key figures --- */

static void
key_cards(struct rep_ctx *cx, FILE *fp, char **ind, size_t nind)
{
	char *kl = key_label(cx);

	fputs("<section id=\"key\" aria-labelledby=\"h-key\">\n"
	    "<h2 id=\"h-key\">Key figures</h2>\n<p class=\"lead\">All "
	    "programmes, ", fp);
	esc(fp, kl);
	fputs(". Rates and shares are for the same period.</p>\n"
	    "<div class=\"cards\">\n", fp);
	for (int p = 0; p < RP_OTHER; p++) {
		int shown = 0;
		fprintf(fp, "<div class=\"card p-%s\"><h3>%s</h3><ul>\n",
		    rep_pillar_id(p), rep_pillar_name(p));
		for (size_t i = 0; i < nind && shown < 4; i++) {
			const struct rep_indicator_info *ii =
			    rep_indicator_info(ind[i]);
			if (ii == NULL || !ii->headline || (int)ii->pillar != p)
				continue;
			const struct rep_row *r = find(cx, ind[i], "_T", "_T",
			    cx->key_period, -1, NULL);
			char buf[64];
			const char *v = NULL;
			int m = r != NULL ? mark_of(r->f[RC_STATUS]) : RM_EMPTY;
			if (m == RM_VALUE)
				v = rep_format_value(r->f[RC_VALUE],
				    is_percent(ind[i], r), buf);
			if (m == RM_VALUE && v == NULL)
				v = r->f[RC_VALUE];
			if (m == RM_VALUE && *v == '\0')
				m = RM_NODATA;
			if (m == RM_VALUE) {
				fputs("<li><span class=\"v\">", fp);
				esc(fp, v);
			} else {
				fprintf(fp, "<li><span class=\"v mk\" title="
				    "\"%s\">%s", rep_mark_meaning(m),
				    m == RM_EMPTY ? "&#8212;" :
				    rep_mark_symbol(m));
			}
			fprintf(fp, "</span><span class=\"l\">%s</span></li>\n",
			    ii->title);
			shown++;
		}
		if (shown == 0)
			fputs("<li><span class=\"l\">No indicator of this "
			    "pillar in the data.</span></li>\n", fp);
		fputs("</ul></div>\n", fp);
	}
	fputs("</div>\n", fp);

	/* Per programme: headline indicators as rows, programmes as
	 * columns (six programmes fit a page; fifteen indicators do not). */
	char *title = tip_strdupf("Key figures by programme, %s", kl);
	struct rep_table *t = rep_table_new("key-figures", title, "Indicator",
	    cx->nprog + 1);
	free(title);
	for (size_t p = 0; p <= cx->nprog; p++) {
		const char *code = p < cx->nprog ? cx->progs[p] : "_T";
		const char *name = rep_programme_name(code);
		rep_table_col(t, p, p == cx->nprog ? "All programmes" :
		    name != NULL ? name : code);
		if (p < cx->nprog)
			rep_table_colcolour(t, p, rep_programme_colour(code));
	}
	for (size_t i = 0; i < nind; i++) {
		const struct rep_indicator_info *ii = rep_indicator_info(ind[i]);
		if (ii == NULL || !ii->headline)
			continue;
		size_t ri = rep_table_row(t, ii->title,
		    rep_pillar_colour(ii->pillar), 0);
		for (size_t p = 0; p <= cx->nprog; p++)
			value_cell_s(t, ri, p, ind[i], find(cx, ind[i],
			    p < cx->nprog ? cx->progs[p] : "_T", "_T",
			    cx->key_period, -1, NULL), p == cx->nprog ? RS_YEAR : 0);
	}
	rep_table_note(t, "Row colours mark the pillar: prevention green, "
	    "protection blue, prosecution vermilion, partnership purple. "
	    "Column colours are those of the programmes in the charts.");
	rep_ctx_add_table(cx, t);
	rep_table_html(t, fp);
	fputs("</section>\n", fp);
	free(kl);
}

/* --- charts --- */

static const struct {
	const char *stem, *caption, *alt;
} charts[] = {
	{"overview", "Three-P overview: the key indicator of each pillar per "
	    "quarter, by programme.",
	    "Four panels, one per pillar (prevention, protection, prosecution, "
	    "partnership), each showing its key indicator per quarter with "
	    "one line per programme. The figures are in the indicator tables."},
	{"victims_quarterly", "Victims identified per quarter, by programme.",
	    "Line chart of victims identified per quarter, one line per "
	    "programme. The figures are in the table Victims identified."},
	{"exploitation", "Victims by form of exploitation: share of each form "
	    "per programme.",
	    "Stacked percentage bars, one per programme, split by form of "
	    "exploitation. The figures are in the exploitation disaggregation "
	    "table."},
	{"sex_age", "Victims by sex and age group.",
	    "Grouped bars of victims identified by sex and age group. The "
	    "figures are in the sex and age disaggregation tables."},
	{"justice_funnel", "Criminal-justice funnel: persons investigated, "
	    "prosecuted and convicted, by programme.",
	    "Bars per programme for persons investigated, prosecuted and "
	    "convicted. The figures are in the prosecution tables."},
	{"sdg_rate", "SDG 16.2.2: victims identified per 100,000 population, "
	    "by country.",
	    "Horizontal bars of victims per 100,000 population for each "
	    "country. The figures are in the table Victims per 100,000 "
	    "population."},
	{"data_quality", "Data quality: rows accepted and rejected per "
	    "submission and office.",
	    "Bars of accepted and rejected rows for each submission, grouped "
	    "by office. The figures are in the data-quality annex."},
};
#define NCHART (sizeof(charts) / sizeof(charts[0]))

static void
chart_section(struct rep_ctx *cx, FILE *fp)
{
	const char *missing[NCHART];
	size_t nmissing = 0;
	int fig = 0;

	fputs("<section id=\"charts\" aria-labelledby=\"h-charts\">\n"
	    "<h2 id=\"h-charts\">Charts</h2>\n<p class=\"lead\">Suppressed "
	    "values are marked as suppressed in the charts, never drawn as "
	    "zero. Colours are the same for each programme and pillar "
	    "throughout.</p>\n", fp);
	for (size_t i = 0; i < NCHART; i++) {
		char *alt = tip_strdupf("Figure %d. %s", fig + 1,
		    charts[i].alt);
		fputs("<figure>\n", fp);
		if (!rep_chart_embed(fp, cx->root, charts[i].stem, alt)) {
			missing[nmissing++] = charts[i].stem;
			free(alt);
			/* an empty figure element is harmless; close it */
			fputs("</figure>\n", fp);
			continue;
		}
		free(alt);
		fig++;
		fprintf(fp, "<figcaption><b>Figure %d.</b> %s</figcaption>\n"
		    "</figure>\n", fig, charts[i].caption);
	}
	cx->charts_shown = fig;
	cx->charts_missing = (int)nmissing;
	if (nmissing > 0) {
		fputs("<div class=\"missing\" role=\"note\"><strong>", fp);
		if (nmissing == NCHART)
			fputs("No charts are available yet.", fp);
		else
			fprintf(fp, "%zu chart%s not available.", nmissing,
			    nmissing == 1 ? " is" : "s are");
		fputs("</strong> Missing: ", fp);
		for (size_t i = 0; i < nmissing; i++)
			fprintf(fp, "%scharts/%s.svg", i ? ", " : "", missing[i]);
		fputs(". Run <code>tip-chart</code>, then <code>tip-report"
		    "</code> again, to include them. The tables below hold "
		    "the same figures.</div>\n", fp);
	}
	fputs("</section>\n", fp);
}

/* --- indicator tables --- */

static int
has_total_country(const struct rep_ctx *cx, const char *ind)
{
	for (size_t i = 0; i < cx->ix.n; i++) {
		const struct rep_row *r = &cx->ix.rows[i];
		if (strcmp(r->f[RC_INDICATOR], ind) == 0 &&
		    strcmp(r->f[RC_COUNTRY], "_T") == 0 && rep_row_is_total(r))
			return 1;
	}
	return 0;
}

/* Periods shown as columns: years when the data has them, else quarters. */
static size_t
table_periods(const struct rep_ctx *cx, const char *ind, const char **out,
    size_t max)
{
	size_t n = 0;

	(void)ind;
	if (cx->annual && cx->nper <= 12) {
		/* each year after its quarters: 2010Q1..2010Q4, 2010, ... */
		for (size_t i = 0; i < cx->nper && n < max; i++) {
			if (rep_period_kind(cx->periods[i]) != 1)
				continue;
			for (size_t k = 0; k < cx->nper && n < max; k++)
				if (rep_period_kind(cx->periods[k]) == 2 &&
				    strncmp(cx->periods[k], cx->periods[i], 4)
				    == 0)
					out[n++] = cx->periods[k];
			if (n < max)
				out[n++] = cx->periods[i];
		}
		return n;
	}
	for (size_t i = 0; i < cx->nper && n < max; i++) {
		int k = rep_period_kind(cx->periods[i]);
		if ((cx->annual && k != 1) || (!cx->annual && k != 2))
			continue;
		out[n++] = cx->periods[i];
	}
	return n;
}

static void
indicator_table(struct rep_ctx *cx, FILE *fp, const char *ind)
{
	const char *per[64];
	size_t nall = table_periods(cx, ind, per, 64), nper = 0;

	/* keep only periods the indicator has (an annual rate has no
	 * quarterly columns) */
	for (size_t c = 0; c < nall; c++) {
		int any = 0;
		for (size_t i = 0; i < cx->ix.n && !any; i++)
			any = strcmp(cx->ix.rows[i].f[RC_PERIOD], per[c]) == 0 &&
			    strcmp(cx->ix.rows[i].f[RC_INDICATOR], ind) == 0;
		if (any)
			per[nper++] = per[c];
	}
	int by_country = !has_total_country(cx, ind);
	char pb[32];
	const char *title = indicator_title(ind);
	char *slug = make_slug(cx, "table", ind, NULL);
	struct rep_table *t = rep_table_new(slug, title, by_country ?
	    "Programme and country" : "Programme", nper);

	free(slug);
	for (size_t c = 0; c < nper; c++) {
		rep_table_col(t, c, rep_period_label(per[c], pb));
		if (cx->annual && rep_period_kind(per[c]) == 1 && nper > 2)
			rep_table_colclass(t, c, "yr");
	}
	unsigned yr[64];
	for (size_t c = 0; c < nper; c++)
		yr[c] = t->colclass[c] != NULL ? RS_YEAR : 0;
	/* rows: programme totals, or (programme, country) pairs */
	for (size_t p = 0; p <= cx->nprog; p++) {
		const char *code = p < cx->nprog ? cx->progs[p] : "_T";
		if (!by_country) {
			int any = 0;
			for (size_t c = 0; c < nper && !any; c++)
				any = find(cx, ind, code, "_T", per[c], -1,
				    NULL) != NULL;
			if (!any)
				continue;
			char *lab = programme_label(code);
			size_t ri = rep_table_row(t, lab, p < cx->nprog ?
			    rep_programme_colour(code) : NULL, p == cx->nprog);
			free(lab);
			for (size_t c = 0; c < nper; c++)
				value_cell_s(t, ri, c, ind, find(cx, ind, code,
				    "_T", per[c], -1, NULL), yr[c]);
			continue;
		}
		/* countries of this programme, in file order */
		const char *seen[64];
		size_t nseen = 0;
		for (size_t i = 0; i < cx->ix.n && nseen < 64; i++) {
			const struct rep_row *r = &cx->ix.rows[i];
			if (strcmp(r->f[RC_INDICATOR], ind) != 0 ||
			    strcmp(r->f[RC_PROGRAMME], code) != 0 ||
			    !rep_row_is_total(r))
				continue;
			int dup = 0;
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = strcmp(seen[k], r->f[RC_COUNTRY]) == 0;
			if (!dup)
				seen[nseen++] = r->f[RC_COUNTRY];
		}
		for (size_t k = 0; k < nseen; k++) {
			const char *pn = rep_programme_name(code);
			const char *cn = rep_country_name(seen[k]);
			if (pn == NULL)
				pn = code;
			char *lab = strcmp(pn, cn) == 0 ? tip_xstrdup(cn) :
			    tip_strdupf("%s \xC2\xB7 %s", pn, cn);
			size_t ri = rep_table_row(t, lab, p < cx->nprog ?
			    rep_programme_colour(code) : NULL, 0);
			free(lab);
			for (size_t c = 0; c < nper; c++)
				value_cell_s(t, ri, c, ind, find(cx, ind, code,
				    seen[k], per[c], -1, NULL), yr[c]);
		}
	}
	const struct rep_indicator_info *ii = rep_indicator_info(ind);
	if (ii != NULL)
		rep_table_note(t, ii->definition);
	else {
		char *n = tip_strdupf("Indicator '%s' is not in the report's "
		    "catalogue; its values are shown as delivered.", ind);
		rep_table_note(t, n);
		free(n);
	}
	rep_ctx_add_table(cx, t);
	rep_table_html(t, fp);
}

static void
tables_section(struct rep_ctx *cx, FILE *fp, char **ind, size_t nind)
{
	fputs("<section id=\"tables\" aria-labelledby=\"h-tables\">\n"
	    "<h2 id=\"h-tables\">Indicator tables</h2>\n<p class=\"lead\">", fp);
	fprintf(fp, "Totals over all disaggregations, by programme and %s. "
	    "Symbols: <b>s</b> suppressed, <b>..</b> no data, <b>n/a</b> "
	    "denominator zero, <b>&#8212;</b> not in the aggregates (see "
	    "<a href=\"#methods\">Methods</a>).</p>\n",
	    cx->annual ? "year" : "quarter");
	for (int p = 0; p < RP_NPILLAR; p++) {
		int any = 0;
		for (size_t i = 0; i < nind; i++) {
			if ((int)indicator_pillar(cx, ind[i]) != p)
				continue;
			if (!any)
				fprintf(fp, "<h3 class=\"pillar p-%s\">%s</h3>\n",
				    rep_pillar_id(p), rep_pillar_name(p));
			any = 1;
			indicator_table(cx, fp, ind[i]);
		}
	}
	if (nind == 0)
		fputs("<p>The aggregates hold no indicator rows.</p>\n", fp);
	fputs("</section>\n", fp);
}

/* --- disaggregations --- */

static void
breakdown_table(struct rep_ctx *cx, FILE *fp, const char *ind, int dim)
{
	const char *vals[32];
	size_t nv = 0;

	for (size_t i = 0; i < cx->ix.n && nv < 31; i++) {
		const struct rep_row *r = &cx->ix.rows[i];
		const char *v = r->f[dim];
		if (strcmp(r->f[RC_INDICATOR], ind) != 0 ||
		    strcmp(r->f[RC_PERIOD], cx->key_period) != 0 ||
		    strcmp(v, "_T") == 0 || strcmp(v, "_Z") == 0 ||
		    !rep_row_is_total_but(r, dim))
			continue;
		int dup = 0;
		for (size_t k = 0; k < nv && !dup; k++)
			dup = strcmp(vals[k], v) == 0;
		if (!dup)
			vals[nv++] = v;
	}
	if (nv == 0)
		return;
	char *kl = key_label(cx);
	char *dl = rep_code_label(rep_col_name(dim));
	for (char *q = dl; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	char *title = tip_strdupf("%s by %s, %s", indicator_title(ind), dl, kl);
	char *slug = make_slug(cx, "breakdown", ind, rep_col_name(dim));
	struct rep_table *t = rep_table_new(slug, title, "Programme", nv + 1);
	free(slug);
	free(title);
	free(kl);
	free(dl);
	for (size_t k = 0; k < nv; k++) {
		char *l = rep_code_label(vals[k]);
		rep_table_col(t, k, l);
		free(l);
	}
	rep_table_col(t, nv, "Total");
	for (size_t p = 0; p <= cx->nprog; p++) {
		const char *code = p < cx->nprog ? cx->progs[p] : "_T";
		int any = 0;
		for (size_t k = 0; k <= nv && !any; k++)
			any = find(cx, ind, code, "_T", cx->key_period, dim,
			    k < nv ? vals[k] : "_T") != NULL;
		if (!any)
			continue;
		char *lab = programme_label(code);
		size_t ri = rep_table_row(t, lab, p < cx->nprog ?
		    rep_programme_colour(code) : NULL, p == cx->nprog);
		free(lab);
		for (size_t k = 0; k <= nv; k++)
			value_cell(t, ri, k, ind, find(cx, ind, code, "_T",
			    cx->key_period, dim, k < nv ? vals[k] : "_T"));
	}
	rep_ctx_add_table(cx, t);
	rep_table_html(t, fp);
}

static void
breakdowns_section(struct rep_ctx *cx, FILE *fp, char **ind, size_t nind)
{
	size_t before = cx->ntab;
	char *kl = key_label(cx);

	fputs("<section id=\"breakdowns\" aria-labelledby=\"h-breakdowns\">\n"
	    "<h2 id=\"h-breakdowns\">Disaggregations</h2>\n<p class=\"lead\">"
	    "Indicators by one dimension at a time, ", fp);
	esc(fp, kl);
	fputs(". Small cells are the ones most often suppressed.</p>\n", fp);
	free(kl);
	if (cx->key_period != NULL)
		for (size_t i = 0; i < nind; i++)
			for (int d = RC_FIRST_DIM; d <= RC_LAST_DIM; d++)
				breakdown_table(cx, fp, ind[i], d);
	if (cx->ntab == before)
		fputs("<p>The aggregates hold no disaggregated rows for this "
		    "period.</p>\n", fp);
	fputs("</section>\n", fp);
}

/* --- consistency checks --- */

static void
checks_section(struct rep_ctx *cx, FILE *fp)
{
	const struct rep_checks *ck = &cx->ck;

	fputs("<section id=\"checks\" aria-labelledby=\"h-checks\">\n"
	    "<h2 id=\"h-checks\">Consistency checks</h2>\n", fp);
	if (!ck->present) {
		fputs("<p class=\"lead\">No checks file "
		    "(aggregates/checks.csv) was found.</p>\n</section>\n", fp);
		return;
	}
	fputs("<p class=\"lead\">Cross-checks run by tip-aggregate between "
	    "tables, periods and programmes, e.g. convictions above "
	    "prosecutions.</p>\n<div class=\"summary\">", fp);
	fprintf(fp, "<span>%lu finding%s</span><span>%lu error%s</span>"
	    "<span>%lu warning%s</span></div>\n", ck->total,
	    ck->total == 1 ? "" : "s", ck->nerror, ck->nerror == 1 ? "" : "s",
	    ck->nwarning, ck->nwarning == 1 ? "" : "s");
	if (ck->n == 0) {
		fputs("<p>All checks passed.</p>\n</section>\n", fp);
		return;
	}
	struct rep_table *t = rep_table_new("checks", "Findings of the "
	    "consistency checks", "Check", 5);
	static const char *const head[] = {"Severity", "Programme", "Country",
	    "Period", "Detail"};
	for (size_t c = 0; c < 5; c++) {
		rep_table_col(t, c, head[c]);
		rep_table_colclass(t, c, "txt");
	}
	t->html_max = 200;
	for (size_t i = 0; i < ck->n; i++) {
		char **r = ck->row[i];
		size_t ri = rep_table_row(t, r[CK_CHECK], NULL, 0);
		const char *sev = r[CK_SEVERITY];
		rep_table_set(t, ri, 0, sev, NULL, RM_VALUE,
		    strcmp(sev, "error") == 0 ? RS_ERROR :
		    strcmp(sev, "warning") == 0 ? RS_WARN : RS_MUTED);
		char *pl = programme_label(r[CK_PROGRAMME]);
		rep_table_set(t, ri, 1, r[CK_PROGRAMME][0] ? pl : "", 
		    r[CK_PROGRAMME], RM_VALUE, 0);
		free(pl);
		const char *cc = r[CK_COUNTRY];
		rep_table_set(t, ri, 2, strcmp(cc, "_T") == 0 ? "all" :
		    strcmp(cc, "_Z") == 0 ? "" : rep_country_name(cc), cc,
		    RM_VALUE, 0);
		rep_table_set(t, ri, 3, r[CK_PERIOD], NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 4, r[CK_DETAIL], NULL, RM_VALUE, 0);
	}
	if (ck->total > ck->n) {
		char *n = tip_strdupf("%lu findings in all; the first %zu are "
		    "listed.", ck->total, ck->n);
		rep_table_note(t, n);
		free(n);
	}
	rep_ctx_add_table(cx, t);
	rep_table_html(t, fp);
	fputs("</section>\n", fp);
}

/* --- data quality --- */

static int
sub_used(const struct rep_ctx *cx, const struct rep_sub *s)
{
	if (strcmp(s->outcome, "quarantined") == 0 || s->id[0] == '\0')
		return 0;
	if (cx->meta.has_subs)
		return rep_meta_used(&cx->meta, s->id);
	return s->superseded_by[0] == '\0' && s->validated &&
	    strcmp(s->vstatus, "rejected") != 0;
}

static void
put_count(struct rep_table *t, size_t ri, size_t ci, long long v)
{
	char raw[32], buf[64];

	if (v < 0) {
		rep_table_set(t, ri, ci, NULL, NULL, RM_NODATA, RS_NUM);
		return;
	}
	snprintf(raw, sizeof(raw), "%lld", v);
	rep_table_set(t, ri, ci, rep_format_value(raw, 0, buf), raw, RM_VALUE,
	    RS_NUM);
}

static void
put_share(struct rep_table *t, size_t ri, size_t ci, long long part,
    long long whole)
{
	char raw[32];

	if (part < 0 || whole <= 0) {
		rep_table_set(t, ri, ci, NULL, NULL, whole == 0 ? RM_ZERODEN :
		    RM_NODATA, RS_NUM);
		return;
	}
	snprintf(raw, sizeof(raw), "%.1f%%", 100.0 * (double)part /
	    (double)whole);
	rep_table_set(t, ri, ci, raw, NULL, RM_VALUE, RS_NUM);
}

struct office {
	char *prog, *agency; /* borrowed from a submission */
	long long subs, read, acc, rej;
	struct rep_errkind *err; /* what borrowed */
	size_t nerr;
	unsigned long long other;
};

static void
office_errors(struct office *o, const struct rep_sub *s)
{
	for (size_t k = 0; k < s->nerr; k++) {
		size_t j;
		for (j = 0; j < o->nerr; j++)
			if (strcmp(o->err[j].what, s->err[k].what) == 0)
				break;
		if (j == o->nerr) {
			if (o->nerr >= REP_MAX_ERRKINDS) {
				o->other += s->err[k].n;
				continue;
			}
			o->err = tip_xrealloc(o->err, (o->nerr + 1) *
			    sizeof(*o->err));
			o->err[o->nerr].what = s->err[k].what;
			o->err[o->nerr++].n = 0;
		}
		o->err[j].n += s->err[k].n;
	}
	o->other += s->err_other;
}

static char *
top_errors(struct rep_errkind *err, size_t nerr, unsigned long long other)
{
	struct rep_sub tmp = {.err = err, .nerr = nerr};
	char *out = tip_xstrdup("");

	rep_sub_sort_errors(&tmp);
	for (size_t k = 0; k < nerr && k < 3; k++) {
		char *n = tip_strdupf("%s%s%s (%llu)", out, k ? "; " : "",
		    err[k].what, err[k].n);
		free(out);
		out = n;
	}
	unsigned long long rest = other;
	for (size_t k = 3; k < nerr; k++)
		rest += err[k].n;
	if (rest > 0) {
		char *n = tip_strdupf("%s; %llu other", out, rest);
		free(out);
		out = n;
	}
	return out;
}

static void
quality_section(struct rep_ctx *cx, FILE *fp)
{
	struct office *of = NULL;
	size_t nof = 0;

	fputs("<section id=\"quality\" class=\"annex\" "
	    "aria-labelledby=\"h-quality\">\n<h2 id=\"h-quality\">Annex A. "
	    "Data quality</h2>\n<p class=\"lead\">Rows read, accepted and "
	    "rejected by validation, per field office (programme and agency) "
	    "over the submissions used, with the most frequent error types "
	    "(table.field: code, count).</p>\n", fp);
	for (size_t i = 0; i < cx->subs.n; i++) {
		struct rep_sub *s = &cx->subs.s[i];
		if (!sub_used(cx, s) || !s->validated)
			continue;
		size_t j;
		for (j = 0; j < nof; j++)
			if (strcmp(of[j].prog, s->programme) == 0 &&
			    strcmp(of[j].agency, s->agency) == 0)
				break;
		if (j == nof) {
			of = tip_xrealloc(of, (nof + 1) * sizeof(*of));
			memset(&of[nof], 0, sizeof(*of));
			of[nof].prog = s->programme;
			of[nof].agency = s->agency;
			nof++;
		}
		of[j].subs++;
		of[j].read += s->rows_read > 0 ? s->rows_read : 0;
		of[j].acc += s->accepted > 0 ? s->accepted : 0;
		of[j].rej += s->rejected > 0 ? s->rejected : 0;
		office_errors(&of[j], s);
	}
	/* palette order of programmes, then agency */
	for (size_t i = 1; i < nof; i++)
		for (size_t k = i; k > 0; k--) {
			int a = rep_programme_rank(of[k - 1].prog);
			int b = rep_programme_rank(of[k].prog);
			int c = a != b ? a - b : strcmp(of[k - 1].prog, of[k].prog);
			if (c == 0)
				c = strcmp(of[k - 1].agency, of[k].agency);
			if (c <= 0)
				break;
			struct office tmp = of[k];
			of[k] = of[k - 1];
			of[k - 1] = tmp;
		}
	struct rep_table *t = rep_table_new("quality-offices", "Rows accepted "
	    "and rejected per office", "Office", 6);
	static const char *const h1[] = {"Submissions", "Rows read",
	    "Accepted", "Rejected", "Rejected share", "Top error types"};
	for (size_t c = 0; c < 6; c++)
		rep_table_col(t, c, h1[c]);
	rep_table_colclass(t, 5, "txt");
	long long tot[4] = {0, 0, 0, 0};
	for (size_t j = 0; j < nof; j++) {
		char *pl = programme_label(of[j].prog);
		char *lab = tip_strdupf("%s \xC2\xB7 %s", pl, of[j].agency);
		size_t ri = rep_table_row(t, lab,
		    rep_programme_colour(of[j].prog), 0);
		free(pl);
		free(lab);
		put_count(t, ri, 0, of[j].subs);
		put_count(t, ri, 1, of[j].read);
		put_count(t, ri, 2, of[j].acc);
		put_count(t, ri, 3, of[j].rej);
		put_share(t, ri, 4, of[j].rej, of[j].read);
		char *te = top_errors(of[j].err, of[j].nerr, of[j].other);
		rep_table_set(t, ri, 5, *te ? te : "none", te, RM_VALUE,
		    *te ? 0 : RS_MUTED);
		free(te);
		tot[0] += of[j].subs;
		tot[1] += of[j].read;
		tot[2] += of[j].acc;
		tot[3] += of[j].rej;
		free(of[j].err);
	}
	free(of);
	if (nof > 0) {
		size_t ri = rep_table_row(t, "All offices", NULL, 1);
		for (int c = 0; c < 4; c++)
			put_count(t, ri, (size_t)c, tot[c]);
		put_share(t, ri, 4, tot[3], tot[1]);
		rep_table_set(t, ri, 5, "", NULL, RM_VALUE, 0);
	}
	rep_ctx_add_table(cx, t);
	if (nof == 0)
		fputs("<p>No validation reports were found for the submissions "
		    "used.</p>\n", fp);
	else
		rep_table_html(t, fp);

	t = rep_table_new("quality-submissions", "Validation per submission",
	    "Submission", 8);
	static const char *const h2[] = {"Programme", "Agency", "Period",
	    "Validation", "Rows read", "Accepted", "Rejected",
	    "Top error types"};
	for (size_t c = 0; c < 8; c++) {
		rep_table_col(t, c, h2[c]);
		if (c < 4 || c == 7)
			rep_table_colclass(t, c, "txt");
	}
	size_t nrows = 0;
	for (size_t i = 0; i < cx->subs.n; i++) {
		struct rep_sub *s = &cx->subs.s[i];
		if (!s->validated)
			continue;
		size_t ri = rep_table_row(t, s->id, NULL, 0);
		rep_table_set(t, ri, 0, s->programme, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 1, s->agency, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 2, s->period, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 3, s->vstatus[0] ? s->vstatus : "unknown",
		    NULL, RM_VALUE, strcmp(s->vstatus, "accepted") == 0 ?
		    RS_OK : strcmp(s->vstatus, "rejected") == 0 ? RS_ERROR :
		    RS_MUTED);
		put_count(t, ri, 4, s->rows_read);
		put_count(t, ri, 5, s->accepted);
		put_count(t, ri, 6, s->rejected);
		char *te = top_errors(s->err, s->nerr, s->err_other);
		rep_table_set(t, ri, 7, *te ? te : "none", te, RM_VALUE,
		    *te ? 0 : RS_MUTED);
		free(te);
		nrows++;
	}
	t->html_max = 300;
	rep_ctx_add_table(cx, t);
	if (nrows > 0)
		rep_table_html(t, fp);
	fputs("</section>\n", fp);
}

/* --- provenance --- */

static void
provenance_section(struct rep_ctx *cx, FILE *fp)
{
	size_t nused = 0, nsup = 0, nq = 0;
	struct rep_table *t = rep_table_new("provenance", "Submissions "
	    "received", "Submission", 7);
	static const char *const h[] = {"Programme", "Agency", "Period",
	    "Source file", "SHA-256", "Ingested at", "Status"};

	for (size_t c = 0; c < 7; c++) {
		rep_table_col(t, c, h[c]);
		rep_table_colclass(t, c, "txt");
	}
	for (size_t i = 0; i < cx->subs.n; i++) {
		const struct rep_sub *s = &cx->subs.s[i];
		int q = strcmp(s->outcome, "quarantined") == 0;
		size_t ri = rep_table_row(t, s->id[0] ? s->id : "(none)", NULL,
		    0);
		rep_table_set(t, ri, 0, s->programme, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 1, s->agency, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 2, s->period, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 3, s->source, NULL, RM_VALUE, 0);
		rep_table_set(t, ri, 4, s->sha256, NULL, RM_VALUE, RS_MONO);
		rep_table_set(t, ri, 5, s->ingested_at, NULL, RM_VALUE, 0);
		char *st;
		unsigned style;
		if (q) {
			st = tip_strdupf("quarantined%s%s", s->reason[0] ?
			    ": " : "", s->reason);
			style = RS_ERROR;
			nq++;
		} else if (s->superseded_by[0]) {
			st = tip_strdupf("superseded by %s", s->superseded_by);
			style = RS_WARN;
			nsup++;
		} else if (sub_used(cx, s)) {
			st = tip_xstrdup("used");
			style = RS_OK;
			nused++;
		} else if (s->validated && strcmp(s->vstatus, "rejected") == 0) {
			st = tip_xstrdup("rejected by validation");
			style = RS_ERROR;
		} else {
			st = tip_xstrdup("not used");
			style = RS_MUTED;
		}
		rep_table_set(t, ri, 6, st, NULL, RM_VALUE, style);
		free(st);
	}
	fputs("<section id=\"provenance\" class=\"annex\" "
	    "aria-labelledby=\"h-provenance\">\n<h2 id=\"h-provenance\">Annex B."
	    " Provenance</h2>\n<p class=\"lead\">Every submission received, "
	    "in the order of the ledger. The SHA-256 digest identifies the "
	    "file exactly as it was sent; a later submission for the same "
	    "programme, agency and period supersedes an earlier one.</p>\n", fp);
	fprintf(fp, "<div class=\"summary\"><span>%zu used</span><span>%zu "
	    "superseded</span><span>%zu quarantined</span></div>\n", nused,
	    nsup, nq);
	rep_ctx_add_table(cx, t);
	if (cx->subs.n > 0)
		rep_table_html(t, fp);
	else
		fputs("<p>No ledger or staged submissions were found.</p>\n", fp);
	fputs("</section>\n", fp);
}

/* --- methods --- */

static void
methods_section(struct rep_ctx *cx, FILE *fp, char **ind, size_t nind)
{
	fputs("<section id=\"methods\" aria-labelledby=\"h-methods\">\n"
	    "<h2 id=\"h-methods\">Methods</h2>\n", fp);
	fputs("<p>Field offices send their records each quarter as CSV tables "
	    "(victims, prosecutions, prevention, coordination). Each "
	    "submission is checked against a published Table Schema; rows "
	    "that fail are set aside with the reason and returned to the "
	    "office (Annex A). Indicators are computed from the accepted rows "
	    "of the current submissions only (Annex B). A total over a "
	    "dimension is marked <code>_T</code> in the CSV files and a "
	    "dimension that does not apply <code>_Z</code>.</p>\n", fp);
	if (cx->o->restricted)
		fputs("<p><strong>Suppression.</strong> This restricted edition "
		    "shows every cell, including small ones.</p>\n", fp);
	else if (cx->meta.k > 0)
		fprintf(fp, "<p><strong>Suppression.</strong> To protect "
		    "victims, counts below %ld, and rates and shares built on "
		    "them, are suppressed and shown as <b>s</b>. A suppressed "
		    "cell is not zero.</p>\n", cx->meta.k);
	else
		fputs("<p><strong>Suppression.</strong> To protect victims, "
		    "small counts, and rates and shares built on them, are "
		    "suppressed and shown as <b>s</b>. A suppressed cell is not "
		    "zero.</p>\n", fp);
	fputs("<h3>Symbols</h3>\n<dl class=\"legend\">\n", fp);
	static const int marks[] = {RM_SUPPRESSED, RM_NODATA, RM_ZERODEN,
	    RM_OVERFLOW};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		fprintf(fp, "<dt>%s</dt><dd>%s</dd>\n",
		    rep_mark_symbol(marks[i]), rep_mark_meaning(marks[i]));
	fputs("<dt>&#8212;</dt><dd>not in the aggregates for this programme "
	    "and period</dd>\n</dl>\n", fp);
	fputs("<h3>Colours</h3>\n<ul class=\"colours\">\n", fp);
	for (int p = 0; p < RP_OTHER; p++)
		fprintf(fp, "<li><span class=\"sw\" style=\"background:%s\">"
		    "</span>%s</li>\n", rep_pillar_colour(p), rep_pillar_name(p));
	for (size_t i = 0; i < cx->nprog; i++) {
		char *l = programme_label(cx->progs[i]);
		fprintf(fp, "<li><span class=\"sw\" style=\"background:%s\">"
		    "</span>", rep_programme_colour(cx->progs[i]));
		esc(fp, l);
		fputs("</li>\n", fp);
		free(l);
	}
	fputs("</ul>\n<p>The palette (Okabe and Ito) stays distinguishable "
	    "with the common forms of colour blindness.</p>\n", fp);
	fputs("<h3>Definitions</h3>\n<dl class=\"defs\">\n", fp);
	for (size_t i = 0; i < nind; i++) {
		const struct rep_indicator_info *ii = rep_indicator_info(ind[i]);
		fputs("<dt>", fp);
		esc(fp, indicator_title(ind[i]));
		fputs(" <code>", fp);
		esc(fp, ind[i]);
		fputs("</code></dt><dd>", fp);
		esc(fp, ii != NULL ? ii->definition :
		    "Not in the report's catalogue: shown as delivered.");
		fputs("</dd>\n", fp);
	}
	fputs("</dl>\n", fp);
	fputs("<p>The tables of this report are also provided as CSV files "
	    "beside it, one per table, for editing.</p>\n</section>\n", fp);
}

int
rep_write_html(struct rep_ctx *cx, FILE *fp)
{
	size_t nind;
	char **ind = indicators(cx, &nind);

	page_head(cx, fp);
	key_cards(cx, fp, ind, nind);
	chart_section(cx, fp);
	tables_section(cx, fp, ind, nind);
	breakdowns_section(cx, fp, ind, nind);
	checks_section(cx, fp);
	quality_section(cx, fp);
	provenance_section(cx, fp);
	methods_section(cx, fp, ind, nind);
	fputs("</main>\n<footer><div class=\"wrap\">Produced by tip-report "
	    TIP_VERSION " from ", fp);
	esc(fp, cx->indicators_name);
	fputs(", data as of ", fp);
	esc(fp, cx->meta.as_of[0] ? cx->meta.as_of : "an unstated date");
	fputs(". Indicator definitions follow the UN.GIFT Joint Programme "
	    "catalogue.</div></footer>\n</body>\n</html>\n", fp);
	free(ind);
	return ferror(fp) ? -1 : 0;
}
